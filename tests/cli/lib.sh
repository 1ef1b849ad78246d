# lib.sh: helpers for the end-to-end tests of the medoffice binary. Each
# tests/cli/test_*.sh sources it; ctest sets MEDOFFICE (the binary),
# FIXTURES (tests/fixtures) and SRC (the source tree). Every check prints
# a line; the script exits 1 when any check failed.
set -u
: "${MEDOFFICE:?set MEDOFFICE to the medoffice binary}"
: "${FIXTURES:?set FIXTURES}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export MEDOFFICE_NOW=2026-11-23T15:00:00Z
failures=0
checks=0

ok() { checks=$((checks + 1)); echo "ok - $1"; }
bad() { checks=$((checks + 1)); failures=$((failures + 1)); echo "not ok - $1"; }

# run CMD...: runs medoffice, keeping stdout in $out, stderr in $err, the
# exit code in $rc.
# A sanitizer report (ASan, LSan, UBSan) is a failure whatever the exit
# code the test expected.
run() {
  out=$("$MEDOFFICE" "$@" 2>"$T/.err") && rc=0 || rc=$?
  err=$(cat "$T/.err")
  case "$err" in
    *Sanitizer*|*"runtime error:"*) bad "sanitizer report from: medoffice $*"; echo "$err" ;;
  esac
}

expect_rc() { # expect_rc N description
  if [ "$rc" = "$1" ]; then ok "$2 (exit $1)"; else
    bad "$2: expected exit $1, got $rc"; echo "  stdout: $out"; echo "  stderr: $err"; fi
}

expect_out() { # expect_out TEXT: stdout contains TEXT
  case "$out" in *"$1"*) ok "stdout has: $1" ;; *) bad "stdout lacks: $1"; echo "  stdout: $out" ;; esac
}

expect_err() { # expect_err TEXT: stderr contains TEXT
  case "$err" in *"$1"*) ok "stderr has: $1" ;; *) bad "stderr lacks: $1"; echo "  stderr: $err" ;; esac
}

# expect_line REGEX: a line of stdout matches the extended REGEX.
expect_line() {
  if printf '%s\n' "$out" | grep -Eq -- "$1"; then ok "stdout matches: $1"; else
    bad "stdout matches no line: $1"; echo "  stdout: $out"; fi
}
# expect_no_line REGEX: no line of stdout matches.
expect_no_line() {
  if printf '%s\n' "$out" | grep -Eq -- "$1"; then bad "stdout should not match: $1"
    echo "  stdout: $out"; else ok "stdout does not match: $1"; fi
}
# A misspelt helper or a missing command is a failed check, not a skipped
# one.
command_not_found_handle() { bad "no such command: $*"; return 127; }

# A checksum of every file of a practice folder, to prove nothing changed.
# SQLite's shared-memory index and an empty write-ahead log hold no data
# (a read-only open may leave them), so they are not counted.
snapshot() { (cd "$1" && find . -type f ! -name '*-shm' ! \( -name '*-wal' -empty \) -print0 | sort -z | xargs -0 sha256sum); }

expect_same() { # expect_same SNAP_BEFORE DIR description
  if [ "$1" = "$(snapshot "$2")" ]; then ok "$3: nothing changed"; else bad "$3: files changed"; fi
}

finish() {
  echo "$checks checks, $failures failed"
  [ "$failures" = 0 ]
}
