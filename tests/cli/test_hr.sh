# test_hr.sh: staff records end to end on a family-practice practice
# (dr_hart physician_owner, maria office_manager, joe front_desk, aisha
# clinical_assistant, carol biller): `medoffice hr` personnel files read
# as oneself or with hr.view (notes only with hr.discipline), a hire and a
# benefits enrollment through their approvals (the starting pay through
# pay_change), role changes, reviews, disciplinary notes and their
# acknowledgement, corrections and voids, a termination that makes its
# person inactive, recruiting (candidates, interviews, assessments);
# every bad input of the issue with its exit code and the field it
# names, leaving no audit entry and the database unchanged; the rules of
# policies/hr/staff_records.lua; the same from Lua (hr.*).
. "$(dirname "$0")/lib.sh"

# audit_count: the number of audit entries.
audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# rows TABLE: its row count.
rows() { sqlite3 "$P/practice.db" "SELECT count(*) FROM $1" 2>/dev/null || echo "?"; }
# refused WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT and
# changes nothing (audit entries, personnel records, candidates, requests).
refused() {
  local what=$1 code=$2 text=$3 before
  shift 3
  before="$(audit_count) $(rows hr_record) $(rows hr_candidate) $(rows request) $(rows hr_ack)"
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  if [ "$before" = "$(audit_count) $(rows hr_record) $(rows hr_candidate) $(rows request) $(rows hr_ack)" ]; then
    ok "$what: nothing changed"; else bad "$what: the database changed"; fi
}

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- bad input, each refused with nothing written ----
refused "an unknown staff member" 1 'review staff: "ghost" is neither on the staff' \
  hr review "$P" --staff ghost --from 2026-01-01 --rating 3 --summary "ok" --as maria
refused "an unknown job" 1 'role job: unknown job "astronaut"' \
  hr role "$P" --staff joe --job astronaut --effective 2026-12-01 --reason "moon" --as maria
refused "a termination before the hire date" 1 "termination effective: 2020-01-01 is before joe's hire on 2021-09-07" \
  hr terminate "$P" --staff joe --effective 2020-01-01 --reason resignation --as maria
refused "a rating above 5" 1 "review rating: expected 1 to 5, got 6" \
  hr review "$P" --staff joe --from 2026-01-01 --rating 6 --summary "great" --as maria
refused "a rating of 0" 1 "review rating: expected 1 to 5, got 0" \
  hr review "$P" --staff joe --from 2026-01-01 --rating 0 --summary "poor" --as maria
refused "a negative benefit cost" 1 "benefits employee cost: expected 0.00 to 100000.00 per pay period, got -5.00" \
  hr benefits "$P" --staff joe --plan "Blue Cross PPO" --effective 2027-01-01 --coverage family \
  --employee-cost -5.00 --employer-cost 300.00 --as maria
refused "a benefit cost with fractions of a cent" 2 "--employee-cost" \
  hr benefits "$P" --staff joe --plan "Blue Cross PPO" --effective 2027-01-01 --coverage family \
  --employee-cost 45.125 --employer-cost 300.00 --as maria
refused "a review of oneself" 1 "review reviewer: maria cannot review themselves" \
  hr review "$P" --staff maria --from 2026-01-01 --rating 4 --summary "I did well" --as maria
refused "someone else's file without hr.view" 1 "joe may not hr.view: the job" \
  hr file "$P" aisha --as joe
refused "a disciplinary note without hr.discipline" 1 "carol may not hr.discipline" \
  hr discipline "$P" --staff joe --level verbal --description "late" --as carol
refused "a malformed date" 2 "--effective" \
  hr terminate "$P" --staff joe --effective 2026-13-45 --reason resignation --as maria
refused "a malformed review period" 2 "--from" \
  hr review "$P" --staff joe --from yesterday --rating 3 --summary "ok" --as maria
refused "candidates without hr.recruit" 1 "joe may not hr.recruit" \
  hr candidates "$P" --as joe
refused "an unknown reason" 1 "termination reason: expected resignation, dismissal" \
  hr terminate "$P" --staff joe --effective 2026-12-31 --reason fired --as maria

# ---- the rules of staff_records.lua ----
refused "a dismissal without a written warning" 1 "no written or final warning on file" \
  hr terminate "$P" --staff joe --effective 2026-12-31 --reason dismissal --as maria
refused "a low rating without goals" 1 "a rating of 2 needs goals" \
  hr review "$P" --staff joe --from 2026-01-01 --rating 2 --summary "Often late" --as maria

# ---- reviews, notes, acknowledgement ----
run hr review "$P" --staff joe --from 2026-01-01 --rating 2 --summary "Often late" \
  --goals "On time every day for 60 days" --as maria
expect_rc 0 "maria reviews joe"; expect_out "review: record 1"
run hr discipline "$P" --staff joe --level written --description "No call, no show on 11/20" --as maria
expect_rc 0 "maria writes joe up"; expect_out "disciplinary note: record 2"
run hr file "$P" joe --as joe
expect_rc 0 "joe reads his own file"; expect_out "written"; expect_out "not acknowledged yet"
run hr file "$P" joe --as aisha
expect_rc 1 "aisha may not read joe's file"
run hr ack "$P" 1 --comment "I will be on time" --as joe; expect_rc 0 "joe acknowledges his review"
refused "someone else acknowledging" 1 "acknowledge: record 2 is about someone else" hr ack "$P" 2 --as carol
refused "a second acknowledgement" 1 "acknowledged already" hr ack "$P" 1 --as joe
run hr file "$P" joe --as maria
expect_rc 0 "maria reads joe's file"; expect_out "acknowledged: I will be on time"; expect_out "2 records"

# ---- corrections and voids ----
run hr review "$P" --staff joe --from 2026-01-01 --rating 3 --summary "Mostly on time" --corrects 1 --as maria
expect_rc 0 "maria corrects the review"; expect_out "review: record 3"
run hr file "$P" joe --as maria; expect_out "(corrects 1)"; expect_no_line "rating 2 by"
refused "a second correction of the same version" 1 "was corrected already" \
  hr review "$P" --staff joe --from 2026-01-01 --rating 4 --summary "x" --corrects 1 --as maria

# ---- hires and pay through approvals ----
run hr candidate "$P" --name "Amy Park" --position front_desk --source referral --as maria
expect_rc 0 "maria adds a candidate"; expect_out "candidate: record 1"
run hr interview "$P" --candidate 1 --at "2026-11-30 10:00" --interviewer maria --interviewer dr_hart --as maria
expect_rc 0 "an interview with two interviewers"
run hr assess "$P" --candidate 1 --score communication=4 --score experience=3 --recommend hire --as maria
expect_rc 0 "maria assesses her"
refused "a score outside 1..5" 1 "assessment score of experience: expected 1 to 5, got 7" \
  hr assess "$P" --candidate 1 --score experience=7 --recommend hire --as maria
run hr candidates "$P" --status open --as maria
expect_rc 0 "the open candidates"; expect_out "interviewing"; expect_out "average 3.5"
run hr hire "$P" --staff amy --name "Amy Park" --job front_desk --start 2026-12-07 --candidate 1 --as maria
expect_rc 0 "maria files the hire"; expect_out "awaits: physician_owner"
run hr file "$P" amy --as maria; expect_rc 1 "nothing recorded before the approval"
run approve "$P" 1 --as dr_hart; expect_rc 0 "the owner approves the hire"
run hr file "$P" amy --as maria; expect_rc 0 "the hire is on file"; expect_out "front_desk, full_time, Amy Park"
run hr candidates "$P" --status hired --as maria; expect_out "Amy Park"
run hr role "$P" --staff joe --job clinical_assistant --effective 2026-12-01 --reason "cross-trained" \
  --hourly 21.50 --as maria
expect_rc 0 "a role change with a new rate"; expect_out "pay_change"
run requests "$P" --as maria; expect_line "pay_change +requested"
run hr benefits "$P" --staff joe --plan "Blue Cross PPO" --effective 2027-01-01 --coverage family \
  --employee-cost 45.00 --employer-cost 310.00 --as maria
expect_rc 0 "maria files a benefits enrollment"; expect_out "Enroll in Blue Cross PPO for joe"
run approve "$P" 3 --as dr_hart; expect_rc 0 "the owner approves it"
run hr file "$P" joe --as maria; expect_out "family, 45.00 employee + 310.00 employer"

# ---- a termination makes its person inactive ----
refused "a termination by the person themselves" 1 "recorded by someone else" \
  hr terminate "$P" --staff maria --effective 2026-12-31 --reason resignation --as maria
run hr terminate "$P" --staff carol --effective 2026-11-23 --reason resignation --rehire --as maria
expect_rc 0 "carol resigns today"
term=${out##*record }
refused "a second termination" 1 "termination: carol's employment is terminated already" \
  hr terminate "$P" --staff carol --effective 2026-11-30 --reason retirement --as maria
run hr file "$P" carol --as carol
expect_rc 1 "carol may do nothing once her termination is in effect"
expect_err "carol's employment ended on 2026-11-23"
run clock in "$P" --as carol; expect_rc 1 "carol cannot clock in"
run hr void "$P" "$term" --reason "she stays after all" --as maria; expect_rc 0 "the termination is voided"
run hr file "$P" carol --as carol; expect_rc 0 "carol is active again"

# ---- the same from Lua ----
cat >"$T/hr.lua" <<'EOF'
local id = hr.review { staff = "aisha", from = "2026-01-01", rating = 4,
                       summary = "Careful with specimens" }
assert(id > 0)
local ok, err = pcall(hr.benefits, { staff = "aisha", plan = "Dental",
  effective = "2027-01-01", coverage = "employee", employee_cost = 12.5,
  employer_cost = "10.00" })
assert(not ok and tostring(err):find("employee_cost"), tostring(err))
ok, err = pcall(hr.review, { staff = "aisha", from = "2026-02-30", rating = 3,
  summary = "x" })
assert(not ok and tostring(err):find("from"), tostring(err))
local file = hr.file("aisha")
assert(#file == 1 and file[1].rating == 4 and file[1].reviewer == "maria")
local c = hr.candidate { name = "Lee Chen", position = "biller" }
hr.status(c, "rejected", "no coding experience")
assert(#hr.candidates("rejected") == 1)
print("lua ok")
EOF
run run --as maria "$P" "$T/hr.lua"; expect_rc 0 "the staff records from Lua"; expect_out "lua ok"

# ---- every read and change is audited with the acting staff member ----
run audit "$P" --limit 1000
expect_line "joe +hr\.self +staff:joe"
expect_line "maria +hr\.view +staff:joe"
expect_line "dr_hart +hr\.hire +hr:"
expect_line "maria +hr\.discipline +hr:2"

finish
