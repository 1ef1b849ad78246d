# test_charges.sh: charges and the A/R aging end to end on a starter
# practice (a fee schedule and three payers; drlee sees patients Mon-Thu
# 08-12, 13-17; maria office manager, joe front desk) with the clock moved
# through a visit: a patient registered and booked, the visit marked seen
# and checked out, `charge enter` with its priced output, every refusal
# (exit 1 naming the line and field, nothing written), usage errors (exit
# 2), add, list, void, the aging by payer and by patient in text and CSV,
# a job without charge.enter, the audit entries, and the trial balance.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" >/dev/null || bad "init"
cat > "$T/setup.lua" <<'EOF'
act_as("joe")
local a = patients.register{ family = "Able", given = "Ann", birth_date = "1970-05-06", sex = "female" }
local b = patients.register{ family = "Baker", given = "Bo", birth_date = "1950-01-02", sex = "male" }
schedule.book{ patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-11-24 09:00" }
schedule.book{ patient = b, provider = "drlee", visit_type = "follow_up", at = "2026-11-24 09:20" }
schedule.book{ patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-11-25 09:00" }
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "patients and visits"
export MEDOFFICE_NOW=2026-11-24T16:00:00Z # Tuesday 10:00: both visits over
for s in arrived roomed seen checked_out; do
  "$MEDOFFICE" schedule mark "$P" 1 "$s" --as joe >/dev/null || bad "mark 1 $s"
done
"$MEDOFFICE" schedule mark "$P" 2 arrived --as joe >/dev/null || bad "mark 2 arrived"
"$MEDOFFICE" schedule mark "$P" 2 roomed --as joe >/dev/null || bad "mark 2 roomed"
"$MEDOFFICE" schedule mark "$P" 2 seen --as joe >/dev/null || bad "mark 2 seen"

rows() { sqlite3 "$P/practice.db" "SELECT (SELECT count(*) FROM encounter), (SELECT count(*) FROM charge), (SELECT count(*) FROM journal_line), (SELECT count(*) FROM audit)"; }
refused() { # refused TEXT ARGS...: exit 1 saying TEXT, nothing written
  local text=$1 before; shift; before=$(rows)
  run "$@"; expect_rc 1 "refused: $text"; expect_err "$text"
  [ "$(rows)" = "$before" ] && ok "nothing written: $text" || bad "written: $text"
}

# the visit that happened, priced from the first fee schedule (no insurance)
# (99213-25 has no fee of its own in the starter schedule: the plain fee)
run charge enter "$P" --appointment 1 --dx J02.9 --dx R50.9 --line 99213:25@1,2 --line 87880:QWx2@1 --as drlee
expect_rc 0 "charge enter"
expect_out "encounter 1 for appointment 1"
expect_line '^#1 +2026-11-24  enc 1 +patient 1 +99213-25 +x1 +J02\.9,R50\.9 +150\.00 self-pay +due +150\.00$'
expect_line '^#2 +2026-11-24  enc 1 +patient 1 +87880-QW +x2 +J02\.9 +70\.00 self-pay +due +70\.00$'

# refusals
refused "appointment 3 is booked; charges are entered for visits that happened" \
  charge enter "$P" --appointment 3 --dx J02.9 --line 99213 --as drlee
refused "appointment 1 has encounter 1 already" \
  charge enter "$P" --appointment 1 --dx J02.9 --line 99213 --as drlee
refused "charge line 1 code 99499: no fee in fee schedule 'standard' on 2026-11-24" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 99499 --as drlee
refused "charge line 1 code: expected a CPT or HCPCS code such as 99213 or G0438, got \"992\"" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 992 --as drlee
refused "charge line 1 units: expected 1 to 999, got 0" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 99213x0 --as drlee
refused "charge line 2 pointer 3: the encounter has 1 diagnosis" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 99213 --line 99212@3 --as drlee
refused "charge diagnosis 1: expected an ICD-10-CM code such as J02.9, got \"J02.\"" \
  charge enter "$P" --appointment 2 --dx J02. --line 99213 --as drlee
refused "charge line 1 modifier 1: expected 2 capital letters or digits" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 99213:qw --as drlee
refused "joe may not charge.enter" \
  charge enter "$P" --appointment 2 --dx J02.9 --line 99213 --as joe

# usage errors
run charge enter "$P" --appointment 2 --dx J02.9 --as drlee; expect_rc 2 "no --line"
expect_err "enter needs --appointment, --dx and --line"
run charge enter "$P" --appointment x --dx J02.9 --line 99213 --as drlee; expect_rc 2 "a bad appointment number"
run charge enter "$P" --appointment 2 --dx J02.9 --line 99213x-1 --as drlee; expect_rc 1 "negative units reach the core"
expect_err "units: expected 1 to 999, got -1"
run charge enter "$P" --appointment 2 --dx J02.9 --line "99213@1,2,3,4,5" --as drlee; expect_rc 2 "five pointers"
run charge enter "$P" --appointment 2 --dx J02.9 --line 99213 --as; expect_rc 2 "--as without a name"
run charge bill "$P" --as drlee; expect_rc 2 "an unknown subcommand"
run charge list "$P"; expect_rc 2 "no --as"
run charge void "$P" 1 --as maria; expect_rc 2 "void needs --reason"
run charge enter "$P" --appointment 2 --dx J02.9 --line 99213 --bogus --as drlee; expect_rc 2 "an unknown option"

# the second visit, add a line, void one
run charge enter "$P" --appointment 2 --dx I10 --line 99214 --as drlee; expect_rc 0 "the second visit"
run charge add "$P" 2 --line 99212 --as drlee; expect_rc 0 "add a line"; expect_out "charge 4 added to encounter 2"
run charge void "$P" 4 --reason "entered by mistake" --as maria; expect_rc 0 "void"; expect_out "charge 4 voided"
run charge void "$P" 4 --reason "again" --as maria; expect_rc 1 "void twice"; expect_err "charge 4 is voided already"
run charge list "$P" --patient 2 --voided --as maria; expect_rc 0 "list with voided lines"
expect_line '^#4 .*99212 .*\(voided\)$'; expect_out "2 charge lines"
run charge list "$P" --from 2026-11-25 --as maria; expect_out "0 charge lines"

# the aging
run aging "$P" --by patient --as maria; expect_rc 0 "aging by patient"
expect_line '^Able, Ann +220\.00 +0\.00 +0\.00 +0\.00 +0\.00 +0\.00 +220\.00$'
expect_line '^Baker, Bo +215\.00 '
expect_line '^Total +435\.00 '
run aging "$P" --by patient --format csv --as maria
expect_line '^1,"Able, Ann",220\.00,0\.00,0\.00,0\.00,0\.00,0\.00,220\.00$'
run aging "$P" --as maria; expect_line '^Total +0\.00 '
run aging "$P" --by patient --as-of 2026-11-23 --as maria; expect_line '^Total +0\.00 '
run aging "$P" --by nobody --as maria; expect_rc 2 "--by nobody"
run aging "$P" --as-of 2026-13-01 --as maria; expect_rc 2 "a bad --as-of"

# audit and books
run audit "$P" --staff drlee; expect_line 'charge\.enter +encounter:1 '
run audit "$P" --staff maria; expect_line 'charge\.void +charge:4 '; expect_line 'billing\.read +aging:patient '
run check "$P" --db; expect_rc 0 "check --db"; expect_out "ledger balanced (5 entries)"
finish
