# test_insurance.sh: patients' insurance end to end on a family-practice
# practice (payers medicare, medicaid, northstar, lakes_blue, self_pay;
# joe front desk and maria office manager may insurance.update and
# insurance.verify, aisha the clinical assistant may not) with the
# re-verification rule policies/billing/eligibility.lua added to its
# policies (unless the template lists it already), the clock fixed at Monday 2026-11-23 09:00 in Chicago:
# `insurance add` (self and a parent's policy, the refusals: unknown payer
# with a suggestion, bad and inverted dates, overlapping policies, the
# subscriber's rules, bad ids), `list`, `verify` (money as text, floats
# and negatives refused, bad method, --active yes|no), `verifications`,
# `end` (before the start, overlapping a later policy), `due` before and
# after the checks (self-pay left out), 30 days later and with billing.reverify_days changed;
# usage errors (exit 2), a permission denial, the audit entries, and the
# Lua `insurance` table from a script and the shell.
. "$(dirname "$0")/lib.sh"
: "${SRC:?set SRC}"

audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# refused WHAT TEXT ARGS...: medoffice ARGS exits 1 saying TEXT and adds no
# audit entry.
refused() {
  local what=$1 text=$2 before
  shift 2
  before=$(audit_count)
  run "$@"; expect_rc 1 "$what"; expect_err "$text"
  if [ "$(audit_count)" = "$before" ]; then ok "$what: nothing audited"; else
    bad "$what: the audit log grew"; fi
}
# usage WHAT TEXT ARGS...: medoffice ARGS exits 2 saying TEXT.
usage() {
  local what=$1 text=$2
  shift 2
  run "$@"; expect_rc 2 "$what"; expect_err "$text"
}

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }
mkdir -p "$P/policies/billing"
cp "$SRC"/policies/billing/eligibility*.lua "$P/policies/billing/"
grep -q '^  - billing/eligibility.lua' "$P/practice.yaml" ||
  sed -i '/^policies:/,/^$/{/^$/i\  - billing/eligibility.lua
}' "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "the eligibility policy is applied"
run test "$P"; expect_rc 0 "the specs pass with the eligibility policy"
expect_out ", 0 failed"

# ---- patients and tomorrow's visits ----
for who in "Garcia Ana 1980-02-03 female" "Brown Ben 2015-07-08 male" "Lee Kim 1990-09-10 female"; do
  set -- $who
  run patient register "$P" --family "$1" --given "$2" --birth-date "$3" --sex "$4" --as joe
  expect_rc 0 "joe registers $2 $1"
done
for slot in "1 10:00" "2 10:20" "3 10:40"; do
  set -- $slot
  run schedule book "$P" --patient "$1" --provider dr_hart --visit-type follow_up \
    --at "2026-11-24 $2" --as joe
  expect_rc 0 "patient $1 booked tomorrow at $2"
done
run schedule book "$P" --patient 1 --provider dr_hart --visit-type follow_up \
  --at "2026-11-25 09:00" --as joe
expect_rc 0 "patient 1 booked on Wednesday too"

run insurance due "$P" --as joe; expect_rc 0 "the verification list before any insurance"
expect_line '^2026-11-24 10:00  #1 +patient 1 +Garcia, Ana +dr_hart +- +- +no insurance on file$'
expect_line '^2026-11-24 10:40  #3 +patient 3 +Lee, Kim '
expect_line '^3 visits to verify on 2026-11-24$'

# ---- add ----
run insurance add "$P" --patient 1 --payer northstar --member-id W123-45 --group-id G1 \
  --from 2026-01-01 --as joe
expect_rc 0 "joe adds Ana's own policy"
expect_line '^insurance policy 1 added: patient 1, rank 1, northstar, member W123-45, from 2026-01-01 to \(open\)$'
run insurance add "$P" --patient 2 --payer lakes_blue --relation child \
  --subscriber-family Brown --subscriber-given Carl --subscriber-sex male \
  --subscriber-birth-date 1984-05-06 --subscriber-line1 "1 Main St" \
  --subscriber-city Minneapolis --subscriber-state MN --subscriber-zip 55401 \
  --member-id LB77 --from 2026-01-01 --to 2026-12-31 --as maria
expect_rc 0 "maria adds Ben's policy, his father's"
expect_line '^insurance policy 2 added: patient 2, rank 1, lakes_blue, member LB77, from 2026-01-01 to 2026-12-31$'
run insurance add "$P" --patient 1 --payer medicaid --rank 2 --member-id MA1 --from 2026-06-01 --as joe
expect_rc 0 "a secondary policy beside the primary"

refused "an unknown payer" 'insurance payer: unknown payer '"'"'lakes_blu'"'"' (did you mean "lakes_blue"?)' \
  insurance add "$P" --patient 3 --payer lakes_blu --member-id X1 --from 2026-01-01 --as joe
refused "an overlapping policy of the same rank" \
  "patient 1 has rank 1 policy 1 in force from 2026-01-01 with no end on some of the same days; end it first" \
  insurance add "$P" --patient 1 --payer lakes_blue --member-id X1 --from 2026-11-01 --as joe
refused "an end before the start" "insurance to: 2026-04-01 is before from 2026-05-01" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-05-01 --to 2026-04-01 --as joe
refused "a subscriber for relation self" \
  "insurance subscriber_family: not used when relation is self" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --subscriber-family Lee --as joe
refused "a spouse's policy without the spouse" "insurance subscriber_family: required when relation is spouse" \
  insurance add "$P" --patient 3 --payer northstar --relation spouse --member-id X1 --from 2026-01-01 --as joe
refused "a bad relation" "insurance relation: expected self, spouse, child or other, got \"aunt\"" \
  insurance add "$P" --patient 3 --payer northstar --relation aunt --member-id X1 --from 2026-01-01 --as joe
refused "a bad member id" "insurance member_id: expected 1 to 80 letters, digits or '-', got \"W 1\"" \
  insurance add "$P" --patient 3 --payer northstar --member-id "W 1" --from 2026-01-01 --as joe
refused "a bad subscriber state" "insurance subscriber_state: expected a state as 2 capital letters" \
  insurance add "$P" --patient 3 --payer northstar --relation spouse --subscriber-family Lee \
  --subscriber-given Sam --subscriber-state Minn --member-id X1 --from 2026-01-01 --as joe
refused "an unknown patient" "no patient 99" \
  insurance add "$P" --patient 99 --payer northstar --member-id X1 --from 2026-01-01 --as joe
refused "the clinical assistant may not change insurance" \
  "aisha may not insurance.update: the job Clinical medical assistant (clinical_assistant) does not permit it" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --as aisha
usage "a date that does not exist" "--from: expected a real calendar date (YYYY-MM-DD), got \"2026-02-30\"" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-02-30 --as joe
usage "a bad subscriber birth date" "--subscriber-birth-date: expected a date such as" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --subscriber-birth-date 1990-1-1 --as joe
usage "a missing --member-id" "add needs --member-id M" \
  insurance add "$P" --patient 3 --payer northstar --from 2026-01-01 --as joe
usage "a rank of 4" "--rank: expected a number from 1 to 3, got \"4\"" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --rank 4 --as joe
usage "a patient that is not a number" "--patient: expected a number" \
  insurance add "$P" --patient ana --payer northstar --member-id X1 --from 2026-01-01 --as joe
usage "an unknown option" "add: bad option" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --bogus 1 --as joe
usage "an option of another subcommand" "add does not take --copay" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01 --copay 1 --as joe
usage "no --as" "add needs --as STAFF" \
  insurance add "$P" --patient 3 --payer northstar --member-id X1 --from 2026-01-01
usage "an unknown subcommand" "expected add, end, list, verify, verifications, due or 270" insurance renew "$P"
usage "two folders" "list takes only [DIR]" insurance list "$P" "$P" --patient 1 --as joe

# ---- list ----
run insurance list "$P" --patient 1 --as aisha; expect_rc 0 "aisha may read Ana's insurance"
expect_line '^#1 +rank 1  northstar +Northstar Health Plan +member W123-45  group G1$'
expect_line '^      2026-01-01 to \(open\)  active  subscriber Garcia, Ana \(self\)$'
expect_line '^#3 +rank 2  medicaid +Minnesota Medical Assistance +member MA1$'
expect_line '^      never verified$'
expect_line '^2 policies$'
run insurance list "$P" --patient 2 --as joe; expect_rc 0 "Ben's policy"
expect_line '^      2026-01-01 to 2026-12-31  active  subscriber Brown, Carl \(child\)$'
run insurance list "$P" --patient 1 --date 2026-03-01 --as joe; expect_rc 0 "in force on March 1st"
expect_line '^1 policy$'
run insurance list "$P" --patient 3 --as joe; expect_rc 0 "Kim has none"
expect_line '^0 policies$'
refused "the policies of an unknown patient" "no patient 99" insurance list "$P" --patient 99 --as joe
usage "list without --patient" "list needs --patient ID" insurance list "$P" --as joe

# ---- due, then verify ----
run insurance due "$P" --as joe; expect_rc 0 "tomorrow's list with policies never verified"
rule="(rule 're-verify insurance before the visit' (policies/billing/eligibility.lua:"
expect_line "^2026-11-24 10:00  #1 +patient 1 +Garcia, Ana +dr_hart +northstar +policy 1 +never verified \\(rule 're-verify insurance"
expect_line "^2026-11-24 10:20  #2 +patient 2 +Brown, Ben +dr_hart +lakes_blue +policy 2 +never verified"
expect_line '^2026-11-24 10:40  #3 .*no insurance on file$'
expect_out "$rule"
run insurance due "$P" --date 2026-11-25 --as joe; expect_rc 0 "Wednesday's list"
expect_line '^2026-11-25 09:00  #4 +patient 1 '
expect_line '^1 visit to verify on 2026-11-25$'

run insurance verify "$P" 1 --method phone --active yes --copay 25.00 --deductible 1500 \
  --deductible-met 200.5 --coinsurance 20 --note "spoke with Kim at Northstar" --as joe
expect_rc 0 "joe records Ana's check"
expect_line '^verification 1 of insurance policy 1: active  copay 25.00  deductible 1500.00  met 200.50  coinsurance 20%$'
run insurance verify "$P" 2 --method portal --active no --as joe
expect_rc 0 "Ben's policy is not active"
expect_line '^verification 2 of insurance policy 2: NOT active$'
usage "a money amount with three decimals" "--copay: expected money such as \"125.00\" (at most two decimals), got \"25.005\"" \
  insurance verify "$P" 1 --method phone --active yes --copay 25.005 --as joe
usage "a money amount in exponent form" "--deductible: expected money" \
  insurance verify "$P" 1 --method phone --active yes --deductible 1.5e3 --as joe
usage "a negative copay" "--copay: expected 0 or more, got -5.00" \
  insurance verify "$P" 1 --method phone --active yes --copay -5.00 --as joe
usage "a coinsurance over 100" "--coinsurance: expected a number from 0 to 100, got \"150\"" \
  insurance verify "$P" 1 --method phone --active yes --coinsurance 150 --as joe
usage "--active maybe" "--active: expected yes or no" \
  insurance verify "$P" 1 --method phone --active maybe --as joe
usage "verify without --active" "verify needs --active yes|no" \
  insurance verify "$P" 1 --method phone --as joe
usage "verify without the policy number" "verify takes [DIR] and the policy number" \
  insurance verify --method phone --active yes --as joe
refused "a method not in the list" "insurance method: expected phone, portal, card, x12 or other, got \"fax\"" \
  insurance verify "$P" 1 --method fax --active yes --as joe
refused "a note with a control character" "insurance note: expected text without control characters" \
  insurance verify "$P" 1 --method phone --active yes --note "$(printf 'a\tb')" --as joe
refused "an unknown policy" "no insurance policy 99" \
  insurance verify "$P" 99 --method phone --active yes --as joe
refused "the clinical assistant may not verify" "aisha may not insurance.verify" \
  insurance verify "$P" 1 --method phone --active yes --as aisha

run insurance verifications "$P" 1 --as joe; expect_rc 0 "the checks of Ana's policy"
expect_line '^#1 +2026-11-23 09:00  joe +phone +active  copay 25.00  deductible 1500.00  met 200.50  coinsurance 20%  note: spoke with Kim at Northstar$'
expect_line '^1 verification$'
run insurance verifications "$P" 3 --as joe; expect_rc 0 "a policy never checked"
expect_line '^0 verifications$'
refused "the checks of an unknown policy" "no insurance policy 99" insurance verifications "$P" 99 --as joe
run insurance list "$P" --patient 1 --as joe; expect_rc 0 "the list shows the latest check"
expect_line '^      verified 2026-11-23 09:00: active  copay 25.00$'

# a self-pay arrangement has nothing to verify (the rule allows it)
run patient register "$P" --family Novak --given Eva --birth-date 1970-01-02 --sex female --as joe
expect_rc 0 "joe registers Eva Novak"
run schedule book "$P" --patient 4 --provider dr_hart --visit-type follow_up \
  --at "2026-11-24 11:00" --as joe
expect_rc 0 "patient 4 booked tomorrow at 11:00"
run insurance add "$P" --patient 4 --payer self_pay --member-id SP4 --from 2026-11-01 --as joe
expect_rc 0 "Eva pays for herself"
run insurance due "$P" --as joe; expect_rc 0 "tomorrow's list after the checks"
expect_no_line 'Novak'

expect_no_line 'Garcia'
expect_line "^2026-11-24 10:20  #2 +patient 2 .*the last check \\(2026-11-23\\) said the policy was not active \\(rule "
expect_line '^2026-11-24 10:40  #3 .*no insurance on file$'
expect_line '^2 visits to verify on 2026-11-24$'

# ---- 30 days on; the limit as a setting ----
run schedule book "$P" --patient 1 --provider dr_hart --visit-type follow_up \
  --at "2027-01-06 09:00" --as joe
expect_rc 0 "Ana booked in January"
MEDOFFICE_NOW=2027-01-05T15:00:00Z run insurance due "$P" --as joe
expect_rc 0 "the list on January 5th (tomorrow by default)"
expect_line '^2027-01-06 09:00  #6 +patient 1 .*last verified 2026-11-23, 44 days before the visit \(limit 30\)'
sed -i 's/^settings:/settings:\n  billing:\n    reverify_days: 60/' "$P/practice.yaml"
run insurance due "$P" --date 2027-01-06 --as joe
expect_rc 1 "unapplied settings are refused"; expect_err "has changes that are not applied"
run apply "$P" --as maria; expect_rc 0 "billing.reverify_days: 60 applied"
run insurance due "$P" --date 2027-01-06 --as joe; expect_rc 0 "the list with a 60-day limit"
expect_line '^0 visits to verify on 2027-01-06$'
sed -i 's/reverify_days: 60/reverify_days: -1/' "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 1 "a negative limit is refused"
expect_err "settings.billing.reverify_days: expected 0 or more days, got -1"
sed -i 's/reverify_days: -1/reverify_days: 60/' "$P/practice.yaml"
usage "a bad --date" "--date: expected a date such as" insurance due "$P" --date tomorrow --as joe

# ---- end ----
refused "an end before the policy starts" "insurance to: 2025-12-31 is before policy 1 starts (2026-01-01)" \
  insurance end "$P" 1 --to 2025-12-31 --as joe
refused "ending an unknown policy" "no insurance policy 99" insurance end "$P" 99 --to 2026-12-31 --as joe
usage "end without --to" "end needs --to DATE" insurance end "$P" 1 --as joe
usage "end with a bad number" "the policy number: expected a number" insurance end "$P" one --to 2026-12-31 --as joe
usage "end with --payer" "end does not take --payer" insurance end "$P" 1 --to 2026-12-31 --payer northstar --as joe
run insurance end "$P" 1 --to 2026-12-31 --as joe; expect_rc 0 "Ana's policy ends with the year"
expect_line '^insurance policy 1 ends 2026-12-31$'
run insurance add "$P" --patient 1 --payer lakes_blue --member-id LB9 --from 2027-01-01 --as joe
expect_rc 0 "her new policy from January"
expect_line '^insurance policy 5 added: '
refused "an end that would overlap the next policy" \
  "patient 1 has rank 1 policy 5 in force from 2027-01-01 with no end on some of the same days" \
  insurance end "$P" 1 --to 2027-03-01 --as joe
run insurance list "$P" --patient 1 --as joe; expect_rc 0 "both policies listed"
expect_line '^      2026-01-01 to 2026-12-31  ended  subscriber Garcia, Ana \(self\)$'
expect_line '^#5 +rank 1  lakes_blue '
run insurance due "$P" --date 2027-01-06 --as joe; expect_rc 0 "the new policy is due"
expect_line '^2027-01-06 09:00  #6 +patient 1 .*lakes_blue +policy 5 +never verified'

# ---- the audit log ----
run audit "$P" --staff joe; expect_rc 0 "joe's audit entries"
expect_line 'joe +insurance\.update insurance:1 .*"change":"add".*"member_id":"W123-45"'
expect_line 'joe +insurance\.verify insurance:1 .*"copay":2500,"deductible":150000,"deductible_met":20050'
expect_line 'joe +insurance\.update insurance:1 .*"change":"end".*"to":"2026-12-31"'
expect_line 'joe +patient\.read +patient:1 .*"read":"insurance"'
expect_line 'joe +patient\.read +insurance:1 .*"read":"insurance verifications"'
expect_line 'joe +patient\.read +insurance:due .*"date":"2026-11-24","read":"insurance verification list"'
run audit "$P" --staff aisha; expect_rc 0 "aisha's audit entries"
expect_line 'aisha +patient\.read +patient:1 '
expect_no_line 'insurance\.(update|verify)'

# ---- help ----
run help insurance; expect_rc 0 "help insurance"
expect_out "insurance due [DIR] [--date D]   (default: tomorrow)"
run insurance --help; expect_rc 0 "insurance --help"
usage "insurance alone" "expected add, end, list" insurance

# ---- Lua ----
cat >"$T/ins.lua" <<'EOF'
local id = insurance.add{ patient = 3, payer = "medicare", member_id = "1EG4-TE5-MK72",
  from = "2026-01-01", relation = "spouse", subscriber = { family = "Lee", given = "Sam",
  sex = "male", birth_date = "1950-03-04", line1 = "2 Oak Ave", city = "Duluth",
  state = "MN", zip = "55802-1234" } }
print("added", id)
local p = insurance.list(3)[1]
print("policy", p.id, p.patient, p.payer, p.payer_name, p.rank, p.relation, p.member_id,
  p.group_id, p.from, p.to, p.status, p.verified, p.eligible, p.copay)
print("subscriber", p.subscriber.family, p.subscriber.given, p.subscriber.sex,
  p.subscriber.birth_date, p.subscriber.line1, p.subscriber.city, p.subscriber.state,
  p.subscriber.zip)
for _, d in ipairs(insurance.due()) do
  print("due", d.appointment, d.patient, d.patient_name, d.at, d.provider, d.insurance,
    d.payer, d.verified, d.reason, d.rule)
end
local v = insurance.verify{ insurance = id, method = "x12", active = true, copay = "20.00",
  deductible = 25700, deductible_met = "0", coinsurance = 20, note = "271 received" }
print("verified", v)
local c = insurance.verifications(id)[1]
print("check", c.id, c.insurance, c.verified, c.verified_by, c.method, c.active, c.copay,
  c.deductible, c.deductible_met, c.coinsurance, c.note)
p = insurance.list(3, "2026-11-24")[1]
print("latest", p.verified, p.eligible, p.copay)
print("bare", insurance.verify{ insurance = id, method = "card", active = true })
print("unknowns", insurance.verifications(id)[1].copay, insurance.verifications(id)[1].coinsurance)
print("ended", insurance.end_policy(id, "2026-12-31"), insurance["end"](id, "2027-01-31"))
print("nil", insurance.end_policy(99, "2026-12-31"))
print("nil", insurance.list(99))
print("nil", insurance.verifications(99))
print(pcall(insurance.verify, { insurance = id, method = "phone", active = true, copay = 25.5 }))
print(pcall(insurance.verify, { insurance = id, method = "phone", active = true, copay = "-1.00" }))
print(pcall(insurance.verify, { insurance = id, method = "phone", active = "yes" }))
print(pcall(insurance.verify, { insurance = id, method = "phone", active = true, coinsurance = 101 }))
print(pcall(insurance.add, { patient = 3, payer = "medicar", member_id = "X", from = "2026-01-01" }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2027-02-30" }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X" }))
print(pcall(insurance.add, { patient = "3", payer = "medicare", member_id = "X", from = "2026-01-01" }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2026-01-01",
  relation = "spouse", subscriber = { familly = "Lee" } }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2026-01-01",
  relation = "spouse", subscriber = { family = "Lee", given = "Sam", birth_date = "1950-3-4" } }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2026-01-01",
  subscriber = "Sam" }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2026-01-01",
  rank = 4 }))
print(pcall(insurance.add, { patient = 3, payer = "medicare", member_id = "X", from = "2026-02-01" }))
print(pcall(insurance.due, "tomorrow"))
EOF
run run --as joe "$P" "$T/ins.lua"; expect_rc 0 "the insurance table from a script"
expect_line '^added	6$'
expect_line '^policy	6	3	medicare	Medicare Part B	1	spouse	1EG4-TE5-MK72	nil	2026-01-01	nil	active	nil	nil	nil$'
expect_line '^subscriber	Lee	Sam	male	1950-03-04	2 Oak Ave	Duluth	MN	55802-1234$'
expect_line '^verified	[0-9]+$'
expect_line '^check	[0-9]+	6	2026-11-23T15:00:00.000000Z	joe	x12	true	2000	25700	0	20	271 received$'
expect_line '^latest	2026-11-23T15:00:00.000000Z	true	2000$'
expect_line '^unknowns	nil	nil$'
expect_line '^due	3	3	Lee, Kim	2026-11-24 10:40	dr_hart	6	medicare	nil	never verified	'"'"'re-verify insurance before the visit'"'"' \(policies/billing/eligibility.lua:[0-9]+\)$'
expect_line '^due	2	2	Brown, Ben	2026-11-24 10:20	dr_hart	2	lakes_blue	2026-11-23T15:00:00.000000Z	the last check \(2026-11-23\) said the policy was not active	'
expect_line '^ended	true	true$'
expect_line '^nil	nil	no insurance policy 99$'
expect_line '^nil	nil	no patient 99$'
expect_line 'copay: expected money text such as "25.00" or integer cents \(a float is not exact\), got 25.5$'
expect_line 'copay: expected 0 or more$'
expect_line 'insurance.verify: active: expected true or false'
expect_line 'insurance.verify: coinsurance: expected 0 to 100, got 101$'
expect_line "unknown payer 'medicar' \\(did you mean \"medicare\"\\?\\)$"
expect_line 'insurance.add: from: expected a real calendar date \(YYYY-MM-DD\), got "2027-02-30"$'
expect_line 'insurance.add: from is required'
expect_line 'insurance.add: patient: expected a whole number, got a string$'
expect_line "unknown field 'familly' \\(did you mean \"family\"\\?\\)$"
expect_line 'insurance.add: subscriber: birth_date: expected a date such as'
expect_line 'insurance.add: subscriber: expected a table, got a string$'
expect_line 'insurance rank: expected 1, 2 or 3, got 4$'
expect_line 'patient 3 has rank 1 policy 6 in force from 2026-01-01 to 2027-01-31 on some of the same days'
expect_line 'insurance.due: date: expected a date such as'

cat >"$T/denied.lua" <<'EOF'
print(#insurance.list(3))
insurance.verify{ insurance = 6, method = "phone", active = true }
EOF
before=$(audit_count)
run run --as aisha "$P" "$T/denied.lua"; expect_rc 1 "aisha's script may not verify"
expect_err "aisha may not insurance.verify"
[ "$(audit_count)" = "$before" ] && ok "the failed script left nothing in the audit log" ||
  bad "the failed script left audit entries"

run shell "$P" --as joe <<'EOF'
#insurance.list(1)
insurance.due("2026-11-24")[1].reason
EOF
expect_rc 0 "the insurance table in the shell"
expect_line '^3$'
expect_line 'the last check \(2026-11-23\) said the policy was not active'

run audit verify "$P"; expect_rc 0 "the audit chain verifies"
finish
