# test_equipment.sh: `medoffice equipment` in the family-practice
# template as the office would use it: assets in the rooms of
# practice.yaml, a monthly spore test of the autoclave, a refrigerator's
# temperature every 12 hours with its range, a blocking calibration of the
# glucose analyzer; service records passing and failing (the asset out of
# service until a passing check), the list, one asset shown, what is due,
# the sweep's tasks (none twice) completed by a passing check, the
# history; building problems reported, assigned and resolved once; the
# expirations report with the calibration due; the rule of
# policies/equipment/maintenance.lua refusing a CLIA result on an
# analyzer that is not fit for use, in the real workflow, until it is;
# the Lua table; and bad input (the issue's cases: an interval of 0 or
# negative, a record dated in the future, an unknown room, an issue
# resolved twice; and more), each with its message naming the field and
# nothing changed.
. "$(dirname "$0")/lib.sh"

P="$T/p"
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
eq() { run equipment "$@"; }

# ---- assets ----
eq add "$P" --name "Autoclave" --kind autoclave --location main --room supply \
  --serial 2540-118 --manufacturer Tuttnauer --model 2540M --as maria
expect_rc 0 "an autoclave in the supply room"; expect_out "asset 1 added: Autoclave"
eq add "$P" --name "Vaccine refrigerator" --kind refrigerator --location main --room lab --as maria
expect_rc 0 "a refrigerator in the lab"
eq add "$P" --name "Glucose analyzer" --kind analyzer --location main --room lab \
  --serial GA-7 --clia-test glucose --as maria
expect_rc 0 "an analyzer that runs a CLIA test"
eq add "$P" --name "Suite 100" --kind facility --location main --as maria
expect_rc 0 "the suite, for its after-hours cleaning"

# ---- schedules ----
eq schedule "$P" 1 --what spore_test --every-days 30 --assignee aisha --as maria
expect_rc 0 "a monthly spore test"; expect_out "asset 1: spore test schedule 1 set"
eq schedule "$P" 2 --what temperature --every-hours 12 --range 2..8 --as maria
expect_rc 0 "temperatures twice a day, 2 to 8 degrees"
eq schedule "$P" 3 --what calibration --every-days 90 --blocking --first 2026-12-01 --as maria
expect_rc 0 "a blocking calibration"
eq schedule "$P" 4 --what cleaning --every-days 1 --assignee joe --as maria
expect_rc 0 "after-hours cleaning every day"

# ---- service records ----
eq service "$P" 1 --what spore_test --result pass --at 2026-10-01 --by aisha --as aisha
expect_rc 0 "a spore test in October"; expect_out "spore test of asset 1 passed"
eq service "$P" 2 --what temperature --reading 4.5 --at "2026-11-23 08:00" --as aisha
expect_rc 0 "a morning temperature"; expect_out "temperature check of asset 2 passed"
eq service "$P" 3 --what calibration --result fail --note "control 2 out of range" \
  --vendor "Acme Diagnostics" --as aisha
expect_rc 0 "a failed calibration is recorded"; expect_out "calibration of asset 3 FAILED"
expect_out "asset 3 (Glucose analyzer) failed its calibration on 2026-11-23 09:00"

eq list "$P" --as maria; expect_rc 0 "the list"
expect_line '^#1 +main, supply +autoclave +Autoclave +in service$'
expect_line '^#3 +main, lab +analyzer +Glucose analyzer +NOT USABLE: asset 3 \(Glucose analyzer\) failed its calibration'
expect_out "4 assets"
eq list "$P" --room lab --as aisha; expect_rc 0 "the lab's"; expect_out "2 assets"

eq show "$P" 1 --as maria; expect_rc 0 "one asset"
expect_out "Asset 1: Autoclave"; expect_out "Make         Tuttnauer 2540M"
expect_line '^  2026-10-31 +OVERDUE spore test +every 30 days +last 2026-10-01 12:00 pass for aisha$'
expect_line '^  2026-10-01 12:00  spore test +pass  by aisha$'

eq status "$P" 3 --set in_service --as maria; expect_rc 1 "no return to service by hand"
expect_err "a passing calibration returns it to service"

eq due "$P" --through 2026-11-30 --as maria; expect_rc 0 "what is due"
expect_out "Schedules due by 2026-11-30"
expect_line 'OVERDUE spore test .*#1 Autoclave'
expect_line '^  2026-11-23 +FAILED +calibration .*#3 Glucose analyzer'
expect_line '^  2026-11-23 20:00 due +temperature check +every 12 hours +#2 Vaccine refrigerator'

eq sweep "$P" --as maria; expect_rc 0 "the sweep"; expect_out "1 task made for overdue schedules"
eq sweep "$P" --as maria; expect_rc 0 "the sweep again"; expect_out "0 tasks made"
eq show "$P" 1 --as maria; expect_out "task 1"
eq service "$P" 1 --what spore_test --result pass --as aisha; expect_rc 0 "the spore test done"
eq show "$P" 1 --as maria; expect_line '^  2026-12-23 +due +spore test'
[ "$(sqlite3 "$P/practice.db" "SELECT status, closed_by FROM task WHERE id = 1")" = "done|system" ] \
  && ok "the passing check completed the sweep's task" || bad "the task is not done"

eq history "$P" --asset 1 --as maria; expect_rc 0 "the history"; expect_out "2 service records"
eq history "$P" --from 2026-11-01 --as maria; expect_out "3 service records"

# ---- building problems ----
eq issue "$P" --what "Faucet leaking in exam 2" --location main --room exam2 --priority urgent --as joe
expect_rc 0 "a leak reported by the front desk"; expect_out "issue 1 reported"
eq issue "$P" --what "Autoclave door seal torn" --asset 1 --as aisha
expect_rc 0 "a problem with an asset"
eq assign "$P" 1 --assignee maria --as maria; expect_rc 0 "assigned"
eq resolve "$P" 1 --note "Plumber replaced the washer" --as maria; expect_rc 0 "resolved"
eq issues "$P" --as maria; expect_rc 0 "the open issues"
expect_line '^#2 +2026-11-30 normal open +main, supply +Autoclave door seal torn \(reported by aisha, asset 1\)$'
expect_out "1 issue"
eq issues "$P" --all --as maria; expect_out "resolved by maria 2026-11-23 09:00: Plumber replaced the washer"

# ---- the expirations report ----
run report expirations "$P" --param within=30 --as maria; expect_rc 0 "expirations"
expect_line '^2026-11-23 +equipment +calibration due +Glucose analyzer +GA-7'

# ---- the rule: a CLIA result on an analyzer not fit for use ----
cat > "$T/setup.lua" <<'EOF'
act_as("maria")
local pat = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female" }
schedule.book{ patient = pat, provider = "dr_hart", visit_type = "sick_visit", at = "2026-11-23 10:00" }
EOF
run run --as maria "$P" "$T/setup.lua"; expect_rc 0 "a sick visit"
export MEDOFFICE_NOW=2026-11-23T16:30:00Z
for s in arrived roomed seen; do "$MEDOFFICE" schedule mark "$P" 1 $s --as maria >/dev/null || bad "mark $s"; done
cat > "$T/clia.lua" <<'EOF'
act_as("maria")
clia.lot{ test = "glucose", kind = "kit", lot = "G1", expires = "2027-06-30" }
clia.competency{ staff = "aisha", test = "glucose", ["until"] = "2027-11-23" }
clia.temperature{ storage = "room", reading = "21.5" }
act_as("aisha")
clia.qc{ test = "glucose", lot = "G1", level = "normal", expected = "normal", observed = "normal", why = "new lot" }
act_as("dr_hart")
local t = clia.order{ appointment = 1, test = "glucose", reason = "R73.9" }
act_as("aisha")
assert(clia.step(t, "collect", { specimen = "capillary blood", name = "Ann Able", dob = "1950-05-06" }))
assert(clia.step(t, "qc_pass", { lot = "G1" }))
assert(clia.step(t, "perform", {}))
print("refused", clia.step(t, "result", { value = "110", device_serial = "GA-7" }))
print("usable", equipment.usable("GA-7"))
equipment.service{ asset = 3, what = "calibration", result = "pass", vendor = "Acme Diagnostics" }
print("usable", equipment.usable(3))
print("result", clia.step(t, "result", { value = "110", device_serial = "GA-7" }))
EOF
run run --as aisha "$P" "$T/clia.lua"; expect_rc 0 "a glucose test on the analyzer"
expect_line "^refused	nil	.*asset 3 \(Glucose analyzer\) failed its calibration on 2026-11-23 09:00; it may not be used for patient testing"
expect_line "^usable	false	asset 3 \(Glucose analyzer\) failed its calibration"
expect_line "^usable	true$"
expect_line "^result	resulted$"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z

# ---- Lua ----
cat > "$T/lua.lua" <<'EOF'
act_as("maria")
local id = equipment.add{ name = "ECG cart", kind = "ecg", location = "main", room = "exam3", serial = "ECG-1" }
equipment.schedule{ asset = id, what = "safety_test", every_days = 365 }
local a = equipment.get(id)
print(a.name, a.room, a.usable, #a.schedules, a.schedules[1].what, a.schedules[1].next_due)
local s = equipment.schedules{ through = "2026-11-23" }
print(#s, s[1].asset_name, s[1].overdue)
local r, passed = equipment.service{ asset = id, what = "safety_test", result = "pass" }
print(r, passed, #equipment.history{ asset = id })
print(equipment.usable(999))
print(pcall(equipment.schedule, { asset = id, what = "calibration", every_hours = 0 }))
print(pcall(equipment.add, { name = "X", kind = "ecg", location = "main", colour = "red" }))
local i = equipment.report_issue{ what = "Exam 3 light flickers", location = "main", room = "exam3" }
print(equipment.resolve(i, "Bulb replaced"), pcall(equipment.resolve, i, "again"))
print(#equipment.issues{ all = true }, equipment.sweep())
EOF
run run --as maria "$P" "$T/lua.lua"; expect_rc 0 "the equipment table in a script"
expect_line "^ECG cart	exam3	true	1	safety_test	2026-11-23$"
expect_line "^3	Suite 100	false$"
expect_line "^[0-9]+	true	1$"
expect_line "^nil	no asset 999$"
expect_line "^false	.*schedule interval: expected every N days"
expect_line "^false	.*unknown field 'colour'"
expect_line "^true	false	.*issue 3 is resolved already"

# ---- bad input: refused, naming the field, nothing changed ----
snap=$(snapshot "$P")
eq add "$P" --name "Centrifuge" --kind centrifuge --location main --room exam9 --as maria
expect_rc 1 "an unknown room"
expect_err 'asset room: no room "exam9" at location main (practice.yaml locations[].rooms)'
eq add "$P" --name "Centrifuge" --kind spinner --location main --as maria
expect_rc 1 "an unknown kind"; expect_err "asset kind: expected one of autoclave, refrigerator"
eq add "$P" --name "Centrifuge" --kind centrifuge --location annex --as maria
expect_rc 1 "an unknown location"; expect_err 'asset location: no location "annex" in practice.yaml'
eq add "$P" --name "Copy" --kind analyzer --location main --serial GA-7 --as maria
expect_rc 1 "a serial used already"; expect_err "asset serial: asset 3 has serial GA-7 already"
eq schedule "$P" 1 --what inspection --every-days 0 --as maria
expect_rc 1 "an interval of 0"
expect_err "schedule interval: expected every N days (1 to 3660) or every N hours (1 to 720), got 0"
eq schedule "$P" 1 --what inspection --every-days -7 --as maria
expect_rc 1 "a negative interval"; expect_err "schedule every_days: expected 1 to 3660 days, got -7"
eq schedule "$P" 2 --what temperature --every-hours -12 --as maria
expect_rc 1 "a negative interval in hours"; expect_err "schedule every_hours: expected 1 to 720 hours, got -12"
eq schedule "$P" 1 --what inspection --every-days 30 --every-hours 12 --as maria
expect_rc 1 "days and hours"; expect_err "give every N days or every N hours, not both"
eq schedule "$P" 1 --what inspection --as maria
expect_rc 1 "no interval"; expect_err "schedule interval: expected every N days"
eq schedule "$P" 1 --what inspection --every-days 30 --first 2026-11-01 --as maria
expect_rc 1 "a first day in the past"; expect_err "schedule first_due: 2026-11-01 is before today (2026-11-23)"
eq schedule "$P" 1 --what dusting --every-days 30 --as maria
expect_rc 1 "an unknown what"; expect_err "schedule what: expected one of spore_test, calibration"
eq schedule "$P" 1 --what calibration --end --as maria
expect_rc 1 "ending a schedule it does not have"; expect_err "asset 1 (Autoclave) has no calibration schedule"
eq service "$P" 1 --what spore_test --result pass --at "2026-11-24 08:00" --as aisha
expect_rc 1 "a record dated in the future"
expect_err "service date: 2026-11-24 08:00 is in the future; record a check once it is done"
eq service "$P" 1 --what spore_test --result pass --at 2026-12-01 --as aisha
expect_rc 1 "a record dated a future day"; expect_err "service date: 2026-12-01 12:00 is in the future"
eq service "$P" 1 --what spore_test --result pass --at "23/11/2026" --as aisha
expect_rc 1 "a date that is no date"; expect_err "service date: expected a date such as"
eq service "$P" 1 --what spore_test --result fail --as aisha
expect_rc 1 "a failure without a note"; expect_err "service note: a failed check needs a note"
eq service "$P" 1 --what spore_test --as aisha
expect_rc 1 "no result"; expect_err "service result: required (pass or fail)"
eq service "$P" 2 --what temperature --reading 9.5 --result pass --as aisha
expect_rc 1 "a reading out of range called a pass"
expect_err "service result: the reading 9.50 is outside the range 2.00 to 8.00, so the check fails"
eq service "$P" 2 --what temperature --as aisha
expect_rc 1 "no reading for a range"; expect_err "service reading: required: the schedule's range is 2.00 to 8.00"
eq service "$P" 1 --what spore_test --result pass --by ghost --as aisha
expect_rc 1 "an unknown person"; expect_err 'service by: no staff member "ghost"'
eq service "$P" 9 --what spore_test --result pass --as aisha
expect_rc 1 "an unknown asset"; expect_err "no asset 9"
eq status "$P" 1 --set out_of_service --as maria
expect_rc 1 "out of service without a reason"; expect_err "asset status reason: required"
eq resolve "$P" 1 --note "Fixed again" --as maria
expect_rc 1 "an issue resolved twice"; expect_err "issue 1 is resolved already (by maria, 2026-11-23 09:00)"
eq resolve "$P" 9 --note "x" --as maria; expect_rc 1 "an unknown issue"; expect_err "no issue 9"
eq issue "$P" --what "Leak" --location main --room attic --as joe
expect_rc 1 "an issue in an unknown room"; expect_err 'issue room: no room "attic" at location main'
eq issue "$P" --what "Leak" --location main --priority asap --as joe
expect_rc 1 "an unknown priority"; expect_err "issue priority: expected one of low, normal, urgent"
eq issue "$P" --what "Leak" --location main --due 2026-11-01 --as joe
expect_rc 1 "an issue due in the past"; expect_err "issue due: 2026-11-01 is before today"
eq assign "$P" 2 --assignee nobody --as maria
expect_rc 1 "assigned to nobody"; expect_err 'issue assignee: no staff member "nobody"'
expect_same "$snap" "$P" "every refusal"
# denials change nothing but the decision log
eq add "$P" --name "Centrifuge" --kind centrifuge --location main --as joe
expect_rc 1 "the front desk may not add equipment"; expect_err "joe may not equipment.add"
eq service "$P" 1 --what spore_test --result pass --as joe
expect_rc 1 "the front desk may not record a check"; expect_err "joe may not equipment.service"
[ "$(sqlite3 "$P/practice.db" "SELECT count(*) FROM decision WHERE actor = 'joe' AND verdict = 'deny'")" = 2 ] \
  && ok "the two denials are in the decision log" || bad "the denials were not logged"

# usage errors
eq add "$P" --kind autoclave --location main --as maria; expect_rc 2 "add without --name"
expect_err "add needs --name, --kind and --location"
eq service "$P" 1 --result pass --as maria; expect_rc 2 "service without --what"
eq schedule "$P" x --what inspection --every-days 3 --as maria; expect_rc 2 "a bad asset number"
eq schedule "$P" 1 --what inspection --every-days three --as maria; expect_rc 2 "a bad interval"
eq schedule "$P" 2 --what temperature --every-hours 12 --range 8 --as maria; expect_rc 2 "a bad range"
eq list "$P" --what x --as maria; expect_rc 2 "an option list does not take"
eq list "$P" 3 --as maria; expect_rc 2 "list with an extra argument"
expect_err "list takes only [DIR]"
eq due "$P" --through 2026-13-01 --as maria; expect_rc 2 "a bad date"
eq list "$P"; expect_rc 2 "no --as"
eq fix "$P" --as maria; expect_rc 2 "an unknown subcommand"
run help equipment; expect_rc 0 "help"; expect_out "sweep: one office task per overdue schedule"
finish
