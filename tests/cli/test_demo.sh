# test_demo.sh: `medoffice demo` creates the demo practice, seeds a month
# of activity, checks it, runs its specs and prints the summary and the
# office manager's first look (compared with a golden file; the clock is
# fixed by MEDOFFICE_NOW so the seeded data and the audit hashes are
# reproducible). The audit golden file holds the practice's creation and
# what maria and joe did: the demo's own actions, and the time cards and
# equipment checks the seed makes as them (the rest of the seeded
# thousands, made as system, are left out).
. "$(dirname "$0")/lib.sh"
cd "$T"
run demo; expect_rc 0 "demo"
printf '%s\n' "$out" > "$T/demo.out"
if diff -u "$FIXTURES/golden/demo.out" "$T/demo.out"; then ok "demo output matches the golden file"; else bad "demo output differs"; fi
run demo; expect_rc 0 "demo again on the existing practice"; expect_out "tasks:     4 open"
run audit demo-practice; expect_rc 0 "audit of the demo"
printf '%s\n' "$out" | head -16 > "$T/audit.out"
run audit demo-practice --staff maria; expect_rc 0 "audit of maria's reads and changes"
printf '%s\n' "$out" >> "$T/audit.out"
run audit demo-practice --staff joe; expect_rc 0 "audit of joe's request"
printf '%s\n' "$out" >> "$T/audit.out"
run schedule day demo-practice --date 2026-11-20 --location main --as maria; expect_rc 0 "a seeded day"
expect_line 'checked_out'
run audit verify demo-practice; expect_rc 0 "the chain verifies after the demo"
if diff -u "$FIXTURES/golden/demo-audit.out" "$T/audit.out"; then ok "audit listing matches the golden file"; else bad "audit listing differs"; fi
finish
