# test_payroll.sh: time cards and payroll end to end on a family-practice
# practice (dr_hart physician_owner, maria office_manager, joe front_desk,
# aisha clinical_assistant, carol biller): `medoffice clock in|out|status`
# and every refusal (clocking in twice, someone not on the staff, an
# inactive employee, clocking out before the clock-in or when not clocked
# in), each leaving the folder unchanged; corrections (a card that runs
# backwards or overlaps another refused with no request filed; a late
# clock-out and a missing card approved through `medoffice approve`, each
# version kept); pay rates through the pay_change approval; the register
# (text and CSV) with federal overtime; a supervisor's approval of the
# period; the export refused while cards are unapproved and then written
# (its CSV compared whole) and audited; paid time off accrued and a
# request refused over the balance; a bad settings.payroll value named
# with its line; the same from Lua (timecards.*, payroll.*); usage
# errors; and a practice using the daily overtime example instead of the
# federal rule (its spec passing, double time in the register, two rules
# without the setting refused).
. "$(dirname "$0")/lib.sh"

audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# refused WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT and
# leaves the practice folder byte for byte as it was.
refused() {
  local what=$1 code=$2 text=$3 before
  shift 3
  before=$(snapshot "$P")
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  expect_same "$before" "$P" "$what"
}
at() { export MEDOFFICE_NOW=$1; }

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- usage errors ----
run clock "$P" --as joe; expect_rc 2 "clock without in or out"
expect_err "expected in, out or status"
run clock in "$P"; expect_rc 2 "clock in without --as"
run timecards correct "$P" 1 --out "2026-11-16 17:00" --as joe; expect_rc 2 "a correction without --reason"
run timecards correct "$P" 1 --out "16 Nov 17:00" --reason x --as joe; expect_rc 2 "a correction with a bad time"
expect_err 'expected a local time such as "2026-12-01 09:30"'
run timecards list "$P" --staff joe --all --as maria; expect_rc 2 "list with --staff and --all"
run timecards approve "$P" --as maria; expect_rc 2 "approve without --staff"
run payroll rate "$P" --staff joe --hourly 19.50 --reason x --as maria; expect_rc 2 "a rate without --from"
run payroll rate "$P" --staff joe --hourly 19.5x --from 2026-01-01 --reason x --as maria
expect_rc 2 "a rate that is not money"
run payroll register "$P" --format pdf --as maria; expect_rc 2 "an unknown format"
run payroll register "$P" --format xlsx --as maria; expect_rc 2 "xlsx without -o"
run payroll bonus "$P" --as maria; expect_rc 2 "an unknown payroll subcommand"

# ---- clocking in and out ----
at 2026-11-16T14:00:00Z   # Monday 08:00 in Chicago
run clock in "$P" --as joe; expect_rc 0 "joe clocks in"
expect_line '^joe clocked in at 2026-11-16 08:00 \(card 1\)$'
refused "clocking in twice" 1 "clock in: joe is clocked in already (card 1, since 2026-11-16 08:00); clock out first" \
  clock in "$P" --as joe
refused "clocking in someone not on the staff" 1 "clock in: ghost is not on the staff of practice.yaml" \
  clock in "$P" --as ghost
refused "clocking in as the system" 1 "clock in: system is not a staff member" clock in "$P" --as system
run clock status "$P" --as joe; expect_rc 0 "joe's status"
expect_line '^joe is clocked in since 2026-11-16 08:00 \(card 1\)$'
at 2026-11-16T13:00:00Z   # the clock says 07:00: before the clock-in
refused "clocking out before the clock-in" 1 "clock out: 2026-11-16 07:00 is not after the clock-in of card 1 (2026-11-16 08:00): a time card may not run backwards" \
  clock out "$P" --as joe
at 2026-11-16T22:30:00Z
run clock out "$P" --as joe; expect_rc 0 "joe clocks out"
expect_line '^joe clocked out at 2026-11-16 16:30 \(card 1: 8:30 hours\)$'
refused "clocking out when not clocked in" 1 "clock out: joe is not clocked in" clock out "$P" --as joe
run clock status "$P" --as joe; expect_line '^joe is not clocked in$'

# ---- corrections ----
at 2026-11-18T15:00:00Z
refused "a correction that runs backwards" 1 "time correction out: 2026-11-16 07:00 is not after the clock-in 2026-11-16 08:00: a time card may not run backwards" \
  timecards correct "$P" 1 --out "2026-11-16 07:00" --reason "wrong time" --as joe
refused "a missing card out before in" 1 "may not run backwards" \
  timecards correct "$P" --in "2026-11-17 12:00" --out "2026-11-17 08:00" --reason "forgot" --as joe
refused "a card overlapping another" 1 "time correction: the card would overlap joe's card 1 (2026-11-16 08:00 to 2026-11-16 16:30); time cards may not overlap" \
  timecards correct "$P" --in "2026-11-16 16:00" --out "2026-11-16 18:00" --reason "evening shift" --as joe
refused "a card over 24 hours" 1 "is 25:00 hours; a time card is at most 24" \
  timecards correct "$P" --in "2026-11-15 07:00" --out "2026-11-16 08:00" --reason "long" --as joe
refused "a card in the future" 1 "time correction out: 2026-11-18 12:00 is in the future" \
  timecards correct "$P" --in "2026-11-18 08:00" --out "2026-11-18 12:00" --reason "later" --as joe
refused "a correction of no card" 1 "time correction card: no time card 9" \
  timecards correct "$P" 9 --out "2026-11-16 17:00" --reason "late" --as joe
run timecards correct "$P" 1 --out "2026-11-16 17:00" --reason "stayed to close the office" --as joe
expect_rc 0 "joe asks for a later clock-out"
expect_line '^request 1 filed: stayed to close the office$'
expect_line '^  awaits: office_manager \(step 1 of 1\)$'
run timecards correct "$P" --in "2026-11-17 08:00" --out "2026-11-17 17:00" --reason "card reader down" --as joe
expect_rc 0 "joe asks for a missing card"
run approve "$P" 1 --as maria; expect_rc 0 "maria approves the later clock-out"
run approve "$P" 2 --as maria; expect_rc 0 "maria approves the missing card"
run timecards show "$P" 1 --as joe; expect_rc 0 "joe reads card 1's history"
expect_line '^Time card 1 of joe$'
expect_line '^  v1  in +2026-11-16 08:00  \(open\) +by joe on 2026-11-16 08:00$'
expect_line '^  v2  out +2026-11-16 08:00  2026-11-16 16:30 +8:30  by joe on 2026-11-16 16:30$'
expect_line '^  v3  correction 2026-11-16 08:00  2026-11-16 17:00 +9:00  by maria on 2026-11-18 09:00 \(request 1\): stayed to close the office$'
run timecards show "$P" 1 --as aisha; expect_rc 1 "aisha may not read joe's card"
expect_err "aisha may not timecard.read"

# the owner's cards and corrections need no approval: the rest of the week
at 2026-11-21T15:00:00Z
for d in "18 17" "19 17" "20 16"; do
  set -- $d
  run timecards correct "$P" --staff joe --in "2026-11-$1 07:00" --out "2026-11-$1 $2:00" \
    --reason "paper timesheet" --as dr_hart
  expect_rc 0 "a card until $2:00 on 2026-11-$1"
done
at 2026-11-30T15:00:00Z
run timecards list "$P" --as joe --period 2026-11-20; expect_rc 0 "joe lists his cards"
expect_line '^pay period 2026-11-16\.\.2026-11-29$'
expect_line '^#1 +joe +2026-11-16 08:00  2026-11-16 17:00 +9:00  corrected$'
expect_line '^#2 +joe +2026-11-17 08:00  2026-11-17 17:00 +9:00  added$'
expect_line '^5 cards, 47:00 hours$'
run timecards list "$P" --all --as joe; expect_rc 1 "joe may not list everyone's cards"

# ---- pay rates ----
run payroll rate "$P" --staff joe --hourly 19.50 --from 2026-01-01 --reason "starting rate" --as maria
expect_rc 0 "maria asks for joe's rate"
expect_line '^  awaits: physician_owner \(step 1 of 1\)$'
run approve "$P" 6 --as maria; expect_rc 1 "maria may not approve her own pay change"
run approve "$P" 6 --as dr_hart; expect_rc 0 "the owner approves it"
refused "a rate for someone not on the staff" 1 "pay rate staff: ghost is not on the staff of practice.yaml" \
  payroll rate "$P" --staff ghost --hourly 20 --from 2026-01-01 --reason x --as maria
refused "an hourly rate too high" 1 "pay rate rate: expected 0.01 to 1000.00 an hour, got 1500.00" \
  payroll rate "$P" --staff joe --hourly 1500 --from 2026-01-01 --reason x --as maria
run payroll rates "$P" --as maria; expect_rc 0 "the rates"
expect_line '^#1 +joe +hourly +19\.50 an hour from 2026-01-01  \(current\)  request 6: starting rate \(by dr_hart\)$'
run payroll rates "$P" --as joe; expect_rc 1 "joe may not read the rates"
expect_err "joe may not payroll.read"

# ---- the register, approval of the period, the export ----
run payroll register "$P" --as maria; expect_rc 0 "the register of the last period"
expect_line '^period 2026-11-16\.\.2026-11-29, overtime rule federal$'
# 47 hours: 40 regular (780.00), 7 overtime at 29.25 (204.75)
expect_line '^joe +Joe Whitaker +hourly +19\.50 +40\.00 +7\.00 +0\.00 +0\.00 +984\.75 +to approve$'
run payroll register "$P" --format csv --as maria; expect_rc 0 "the register as CSV"
expect_line '^joe,Joe Whitaker,hourly,19\.50,40\.00,7\.00,0\.00,0\.00,984\.75,to approve'
refused "an export before the cards are approved" 1 "payroll export: joe's time cards of 2026-11-16..2026-11-29 are not approved" \
  payroll export "$P" -o "$T/pay.csv" --as maria
if [ -e "$T/pay.csv" ]; then bad "a refused export left a file"; else ok "a refused export leaves no file"; fi
run timecards approve "$P" --staff joe --as joe; expect_rc 1 "joe may not approve his own cards"
run timecards approve "$P" --staff joe --as maria; expect_rc 0 "maria approves joe's cards"
expect_line "^approved joe's time cards of 2026-11-16\.\.2026-11-29 \(approval 1\)$"
run timecards approve "$P" --staff joe --as maria; expect_rc 1 "approving twice"
expect_err "are approved already (by maria)"
run payroll export "$P" -o "$T/pay.csv" --as maria; expect_rc 0 "maria exports the period"
expect_line "^$T/pay.csv: 1 rows, gross 984\.75 for 2026-11-16\.\.2026-11-29 \(export 1, sha256 [0-9a-f]{16}\.\.\.\)$"
want=$(printf '%s\r\n' \
  "period_start,period_end,employee_id,employee_name,pay_type,rate,regular_hours,overtime_hours,double_time_hours,pto_hours,regular_pay,overtime_pay,double_time_pay,pto_pay,salary_pay,gross_pay" \
  "2026-11-16,2026-11-29,joe,Joe Whitaker,hourly,19.50,40.00,7.00,0.00,0.00,780.00,204.75,0.00,0.00,0.00,984.75")
if [ "$(cat "$T/pay.csv")" = "$want" ]; then ok "the export's CSV"; else
  bad "the export's CSV"; cat -A "$T/pay.csv"; fi
run audit "$P" --record payroll_export:1; expect_rc 0 "the export's audit entry"
expect_out "payroll.export"
run payroll export "$P" -o "$T/pay.csv" --as maria; expect_rc 1 "an export over an existing file"

# ---- settings.payroll ----
cp "$P/practice.yaml" "$T/practice.yaml.bak"
printf '  payroll:\n    period: monthly\n' > "$T/payroll.yaml"
sed -i "/^settings:/r $T/payroll.yaml" "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "settings with a bad payroll period apply (settings are free-form)"
run payroll register "$P" --as maria; expect_rc 1 "a bad payroll period is refused"
expect_err "practice.yaml:"
expect_err "settings.payroll.period: expected weekly, biweekly or semimonthly, got \"monthly\""
cp "$T/practice.yaml.bak" "$P/practice.yaml"
printf '  payroll:\n    pto_per_hour: "0.05"\n' > "$T/payroll.yaml"
sed -i "/^settings:/r $T/payroll.yaml" "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "paid time off at 0.05 an hour"

# ---- paid time off ----
run payroll pto "$P" --staff joe --as joe; expect_rc 0 "joe reads his balance"
# 47 hours worked earn 2:21
expect_line '^joe +Joe Whitaker +47:00 +2:21 +0:00 +2:21 +0:00 +8:00$'
run payroll pto "$P" --as joe; expect_rc 1 "joe may not read everyone's balance"
refused "time off over the balance" 1 "time off: 8:00 hours is more than joe has left: a balance of 2:21 hours less 0:00 planned already" \
  payroll time-off "$P" --from 2026-12-07 --reason "family" --as joe
refused "time off to before from" 1 "time off to: 2026-12-06 is before from 2026-12-07" \
  payroll time-off "$P" --from 2026-12-07 --to 2026-12-06 --reason "family" --as joe

# ---- from Lua ----
cat > "$T/pay.lua" <<'EOF'
local p = payroll.period("2026-11-20")
print("period", p.first, p.last)
for _, c in ipairs(timecards.list{ staff = "joe", from = p.first, to = p.last }) do
  print("card", c.id, c["in"], c.out, c.minutes, c.event)
end
for _, l in ipairs(payroll.register{ period = "2026-11-20" }) do
  print("line", l.staff, l.pay, l.rate, l.regular, l.overtime, l.gross, l.approved)
end
print("split", payroll.overtime("federal", { 600, 600, 600, 600, 600 })[5].overtime)
print(pcall(timecards.correct, { card = 1, out = "2026-11-16 07:00", reason = "x" }))
EOF
run run --as maria "$P" "$T/pay.lua"; expect_rc 0 "the Lua API"
expect_line '^period	2026-11-16	2026-11-29$'
expect_line '^card	1	2026-11-16 08:00	2026-11-16 17:00	540	correction$'
expect_line '^line	joe	hourly	1950	2400	420	98475	true$'
expect_line '^split	600$'
expect_line '^false	.*may not run backwards'

# ---- an inactive employee ----
sed -i '/^  - id: carol$/,/^$/d' "$P/practice.yaml"
if grep -q 'id: carol' "$P/practice.yaml"; then bad "carol removed"; fi
run apply "$P" --as maria; expect_rc 0 "carol leaves the practice"
expect_out "1 deactivated"
refused "clocking in as an inactive employee" 1 "clock in: carol is no longer on the staff (inactive: removed from practice.yaml)" \
  clock in "$P" --as carol

# ---- the daily overtime example instead of the federal rule ----
Q=$T/q
"$MEDOFFICE" init "$Q" --template starter >/dev/null || bad "init starter"
cp "$SRC/policies/payroll/daily_overtime_example.lua" "$SRC/policies/payroll/daily_overtime_example_spec.lua" \
  "$Q/policies/payroll/"
sed -i 's|^  - payroll/overtime.lua$|&\n  - payroll/daily_overtime_example.lua|' "$Q/practice.yaml"
run apply "$Q" --as maria; expect_rc 0 "the example listed"
at 2026-11-30T15:00:00Z
cat > "$T/daily.lua" <<'EOF'
act_as("drlee")
payroll.set_rate{ staff = "joe", pay = "hourly", rate = "20.00", from = "2026-01-01", reason = "rate" }
timecards.correct{ staff = "joe", ["in"] = "2026-11-17 07:00", out = "2026-11-17 20:00", reason = "long day" }
local ok, err = pcall(payroll.register, { period = "2026-11-17" })
print("two rules", ok, err)
EOF
# (the script succeeds: its rate and card are kept)
run run --as drlee "$Q" "$T/daily.lua"; expect_rc 0 "two rules without the setting"
expect_line '^two rules	false	settings\.payroll\.overtime: 2 overtime rules are declared \(federal, daily_overtime\): name the one in force$'
printf '  payroll:\n    overtime: daily_overtime\n' > "$T/payroll.yaml"
sed -i "/^settings:/r $T/payroll.yaml" "$Q/practice.yaml"
run apply "$Q" --as maria; expect_rc 0 "the daily rule in force"
run test "$Q"; expect_rc 0 "every spec passes, the example's too"
expect_line '^[0-9]+ passed, 0 failed$'
cat > "$T/daily2.lua" <<'EOF'
for _, l in ipairs(payroll.register{ period = "2026-11-17" }) do
  print("line", l.staff, l.regular, l.overtime, l.double, l.gross)
end
EOF
run run --as drlee "$Q" "$T/daily2.lua"; expect_rc 0 "the register under the daily rule"
# 13 hours: 8 regular (160.00), 4 overtime (120.00), 1 double (40.00)
expect_line '^line	joe	480	240	60	32000$'
run payroll register "$Q" --period 2026-11-17 --as maria; expect_rc 0 "the register names the rule"
expect_line 'overtime rule daily_overtime$'

finish
