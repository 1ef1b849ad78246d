#!/usr/bin/env bash
# run.sh: `make bench`. Builds nothing itself (make builds the programs);
# creates a practice from the starter template in a temporary folder and
# measures, in one run and interleaved round by round, the raw floor
# (bench_floor: SQLite + Lua + libyaml doing the same basic start-up work
# directly) and whole-process times of `medoffice check` and `medoffice
# run` with an empty script. Prints medians and the ratio to the floor.
# ROUNDS (default 300) sets the number of runs of each. Then the decision
# and appointment-book benchmarks (bench_perm, bench_sched).
set -euo pipefail
build=${1:-build}
rounds=${ROUNDS:-300}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mo="$(cd "$build" && pwd)/medoffice"
"$mo" init "$tmp/p" >/dev/null
: > "$tmp/empty.lua"
echo "== start-up: $rounds rounds, $(nproc) cores"
"$build/bench_startup" "$rounds" \
  "floor: C + SQLite + Lua + libyaml" -- "$build/bench_floor" "$tmp/p" ";;" \
  "medoffice check (starter)" -- "$mo" check "$tmp/p" ";;" \
  "medoffice run (empty script)" -- "$mo" run "$tmp/p" "$tmp/empty.lua"

# The practice model: check and apply on a generated practice of 200
# providers among 1,000 staff (tests/bench/gen_practice.c), next to
# libyaml's raw parse of the same file.
"$build/gen_practice" 200 1000 > "$tmp/big.yaml"
"$mo" init "$tmp/big" >/dev/null
cp "$tmp/big.yaml" "$tmp/big/practice.yaml"
t0=$(date +%s%N); "$mo" apply "$tmp/big" >/dev/null; t1=$(date +%s%N)
echo
echo "== practice model: $(wc -c < "$tmp/big.yaml") bytes of YAML, 200 providers, 1000 staff"
echo "first apply (1,200+ entities, one transaction): $(( (t1 - t0) / 1000000 )) ms"
"$build/bench_startup" "$rounds" \
  "floor: libyaml raw parse" -- "$build/bench_floor" --yaml "$tmp/big.yaml" ";;" \
  "medoffice check (unchanged)" -- "$mo" check "$tmp/big" ";;" \
  "medoffice apply (unchanged)" -- "$mo" apply "$tmp/big"
"$build/bench_load" "$tmp/big.yaml" "$rounds"

# Applying a change to every staff member (new hours for all 1,000).
"$build/gen_practice" 200 1000 1 > "$tmp/big/practice.yaml"
t0=$(date +%s%N); "$mo" apply "$tmp/big" >/dev/null; t1=$(date +%s%N)
echo "apply of 1,000 changed staff entries (one transaction): $(( (t1 - t0) / 1000000 )) ms"

# Permissions and decisions (50 jobs, 300 actions, 1,000 staff; one Lua
# rule on the starter practice; the bare C->Lua call as the floor).
echo
echo "== decisions"
"$build/bench_perm" "$tmp/p" 5000

# The appointment book: bulk booking through the primitive, first-available
# search at 80% full, a location's day (bench_sched writes its own
# practice of 50 providers; floors measured in the same run).
echo
echo "== appointment book"
"$build/bench_sched" 200 100000
