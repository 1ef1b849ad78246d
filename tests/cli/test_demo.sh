# test_demo.sh: `medoffice demo` creates the demo practice, checks it,
# runs its specs and prints the summary (compared with a golden file; the
# clock is fixed by MEDOFFICE_NOW so the audit hashes are reproducible).
. "$(dirname "$0")/lib.sh"
cd "$T"
run demo; expect_rc 0 "demo"
printf '%s\n' "$out" > "$T/demo.out"
if diff -u "$FIXTURES/golden/demo.out" "$T/demo.out"; then ok "demo output matches the golden file"; else bad "demo output differs"; fi
run demo; expect_rc 0 "demo again on the existing practice"; expect_out "tasks:     2 open"
run audit demo-practice; expect_rc 0 "audit of the demo"
printf '%s\n' "$out" > "$T/audit.out"
if diff -u "$FIXTURES/golden/demo-audit.out" "$T/audit.out"; then ok "audit listing matches the golden file"; else bad "audit listing differs"; fi
finish
