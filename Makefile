# Thin wrapper around CMake (as Neovim has): deps, build, demo, test, bench.
# `make demo` and `make test` each do their own set-up on a fresh Debian.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
DEB_PKGS   := build-essential cmake pkg-config liblua5.4-dev libsqlite3-dev \
              libyaml-dev libedit-dev libcmocka-dev libmd-dev nettle-dev \
              libjansson-dev libxxhash-dev libical-dev libxlsxwriter-dev libcsv-dev \
              tzdata sqlite3 unzip chromium python3
CMAKE_FLAGS ?=
ifneq ($(CI),)
CMAKE_FLAGS += -DMO_WERROR=ON
endif
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build demo test test-plain test-asan bench fuzz clean

all: build

# Installs only the Debian packages that are missing.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	./$(BUILD)/medoffice demo demo-practice

test: test-plain test-asan

test-plain: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DMO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:exitcode=86 \
	  UBSAN_OPTIONS=print_stacktrace=1:exitcode=87 ctest --output-on-failure -j $(JOBS)

# BENCH_SCALE=small runs in under a minute; the results also go to
# BENCH_JSON (default $(BUILD)/bench.json).
BENCH_SCALE ?= full
BENCH_JSON  ?= $(BUILD)/bench.json
bench: build
	cmake --build $(BUILD) --target benchprogs -j $(JOBS)
	BENCH_SCALE=$(BENCH_SCALE) BENCH_JSON=$(BENCH_JSON) bash tests/bench/run.sh $(BUILD)

# Fuzzes the YAML loader and unit parsers, then the X12 reader and writer,
# for FUZZ_SECONDS each (default 60), starting from the YAML fixtures and
# the X12 samples. Needs clang (Debian package clang).
FUZZ_SECONDS ?= 60
fuzz: deps
	CC=clang cmake -S . -B build-fuzz -DMO_FUZZ=ON -DMO_SANITIZE=ON -DMO_TESTS=OFF
	cmake --build build-fuzz --target fuzz_config fuzz_x12 fuzz_x835 -j $(JOBS)
	mkdir -p build-fuzz/corpus && for f in tests/fixtures/config/*.yaml config/templates/*/practice.yaml; do \
	  { printf '\001'; cat "$$f"; } > build-fuzz/corpus/$$(basename $$(dirname $$f))-$$(basename $$f); done
	./build-fuzz/fuzz_config -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus
	mkdir -p build-fuzz/corpus-x12 && cp tests/fixtures/x12/*.edi build-fuzz/corpus-x12/
	./build-fuzz/fuzz_x12 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus-x12
	./build-fuzz/fuzz_x835 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 build-fuzz/corpus-x12

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
