# test_clia.sh: CLIA-waived tests in the family-practice template, from a
# script as the clinic's people would take them in the shell: lots, a
# temperature out of range then in range, a failing QC that blocks testing
# until a corrective action and a passing QC, a new operator's QC,
# competency, the order for a Medicare patient's sick visit, each step
# with the facts medoffice computes from its records (an event cannot
# claim them) and the records each step writes (specimen, result, review,
# notification attempts; append-only), refusals (identifiers that do not
# match, a wrong specimen, an expired or unknown lot, no competency, a
# value the test does not allow, a step skipped), the rapid strep test
# closed and its charge on the visit with QW, the claim with REF*X4 (the
# CLIA number); a critical glucose tasked to the provider at once, called,
# amended (the original kept) and notified again; an hCG test invalid
# twice and referred out; a moderate-complexity test under a waiver
# certificate and a lapsed certificate refused; and the lists.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
cat > "$T/setup.lua" <<'EOF'
act_as("maria")
local pat = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female",
  address = { line1 = "1 Oak St", city = "Springfield", state = "IL", zip = "62701" } }
insurance.add{ patient = pat, payer = "medicare", member_id = "1EG4-TE5-MK72", from = "2026-01-01" }
schedule.book{ patient = pat, provider = "dr_hart", visit_type = "sick_visit", at = "2026-11-23 10:00" }
EOF
run run --as maria "$P" "$T/setup.lua"; expect_rc 0 "a Medicare patient's sick visit"
export MEDOFFICE_NOW=2026-11-23T16:30:00Z # 10:30
for s in arrived roomed seen; do "$MEDOFFICE" schedule mark "$P" 1 $s --as maria >/dev/null || bad "mark $s"; done

cat > "$T/test.lua" <<'EOF'
local function try(f, ...) local v, err = f(...); print(v, err) end
local SWAB = { specimen = "throat swab", name = "Ann Able", dob = "1950-05-06" }
act_as("maria")
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K100", expires = "2027-06-30" }
clia.lot{ test = "rapid_strep", kind = "kit", lot = "OLD9", expires = "2026-10-31" }
clia.lot{ test = "rapid_strep", kind = "control", lot = "C7", expires = "2027-06-30" }
clia.competency{ staff = "aisha", test = "rapid_strep", ["until"] = "2027-11-23" }
print("temp", clia.temperature{ storage = "room", reading = "31.5", note = "heater on" })
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "negative", why = "new lot" })
act_as("dr_hart")
local t = clia.order{ appointment = 1, test = "rapid_strep", reason = "J02.9" }
act_as("aisha")
try(clia.step, t, "qc_pass", { lot = "K100" })
try(clia.step, t, "collect", { identifiers = 2, specimen = "throat swab" })
try(clia.step, t, "collect", { specimen = "throat swab", name = "Ann Abel", dob = "1950-05-06" })
try(clia.step, t, "collect", { specimen = "urine", name = "Able, Ann", dob = "1950-05-06" })
print(clia.step(t, "collect", SWAB))
try(clia.step, t, "qc_pass", { lot = "K100", qc_passed = true })
act_as("maria")
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "after the failure", corrective = "new control vial; storage checked" })
act_as("aisha")
print(clia.step(t, "qc_fail", {}))
try(clia.step, t, "qc_pass", { lot = "OLD9" })
try(clia.step, t, "qc_pass", { lot = "NOPE" })
try(clia.step, t, "qc_pass", { lot = "K100", control_lot = "C7" })
act_as("maria")
print("temp", clia.temperature{ storage = "room", reading = 21.5 })
act_as("aisha")
try(clia.step, t, "qc_pass", { lot = "K100" })
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "new operator" })
print(clia.step(t, "qc_pass", { lot = "K100", control_lot = "C7" }))
act_as("maria")
try(clia.step, t, "perform", { competent = true })
act_as("aisha")
print(clia.step(t, "perform", {}))
try(clia.step, t, "result", { value = "maybe" })
print(clia.step(t, "result", { value = "positive", device_serial = "SN-4411" }))
act_as("dr_hart")
print(clia.step(t, "review", { note = "start amoxicillin" }))
act_as("aisha")
try(clia.step, t, "notify", { method = "phone", reached = false })
print(clia.step(t, "notify_attempt", { method = "phone", reached = false, note = "voicemail full" }))
print(clia.step(t, "notify", { method = "phone" }))
act_as("dr_hart")
print(clia.step(t, "close", {}))
for _, q in ipairs(clia.qc_log()) do print("log", q.lot, q.expected, q.observed, q.passed, q.why, q.corrective) end
EOF
run run --as maria "$P" "$T/test.lua"; expect_rc 0 "the test from order to closing"
expect_line '^temp	false$'
expect_line '^qc	false$'
expect_line "^nil	aisha may not workflow.step: 'qc_pass' is no transition from 'ordered'"
expect_line '^nil	aisha may not clia.collect: two patient identifiers \(name and date of birth\) must be confirmed'
expect_line '^nil	aisha may not clia.collect: an identifier given does not match the patient'
expect_line "^nil	aisha may not clia.collect: 'urine' is not a specimen type this test allows"
expect_line '^collected$'
expect_line '^nil	aisha may not clia.qc: storage room: no temperature in range logged'
expect_line '^qc	true$'
expect_line '^qc_blocked$'
expect_line '^nil	aisha may not clia.qc: the kit lot is expired'
expect_line '^nil	aisha may not clia.qc: kit lot NOPE is not recorded for this test'
expect_line '^temp	true$'
expect_line '^nil	aisha may not clia.qc: aisha is a new operator of this test: run a passing QC first'
expect_line '^ready$'
expect_line '^nil	maria may not clia.perform: maria has no current competency for this test'
expect_line '^performed$'
expect_line "^nil	aisha may not clia.perform: 'maybe' is not a result this test allows"
expect_line '^resulted$'
expect_line '^reviewed$'
expect_line '^nil	aisha may not clia.notify: the patient was not reached'
expect_line '^notified$'
expect_line '^closed$'
expect_line '^log	K100	positive	negative	false	new lot	nil$'
expect_line '^log	K100	positive	positive	true	after the failure	new control vial; storage checked$'

# what the steps recorded, each append-only
q() { sqlite3 -separator '|' "$P/practice.db" "$1"; }
[ "$(q "SELECT type, identifiers, collected_by FROM clia_specimen")" = "throat swab|name,dob|aisha" ] \
	&& ok "the specimen with its two identifiers" || bad "specimen: $(q "SELECT * FROM clia_specimen")"
[ "$(q "SELECT value, control_valid, lot, device_serial, operator, performed_us <= resulted_us FROM clia_result")" = "positive|1|K100|SN-4411|aisha|1" ] \
	&& ok "the result with its lot, device and operator" || bad "result: $(q "SELECT * FROM clia_result")"
[ "$(q "SELECT kind, by, note FROM clia_review")" = "review|dr_hart|start amoxicillin" ] \
	&& ok "the provider's review" || bad "review: $(q "SELECT * FROM clia_review")"
[ "$(q "SELECT method, reached, coalesce(note, '') FROM clia_notification ORDER BY id" | tr '\n' ' ')" = "phone|0|voicemail full phone|1| " ] \
	&& ok "two notification attempts" || bad "notices: $(q "SELECT * FROM clia_notification")"
if q "UPDATE clia_result SET value = 'negative'" 2>"$T/err"; then bad "a result was changed"
else grep -q "append-only" "$T/err" && ok "results cannot be changed" || bad "$(cat "$T/err")"; fi
if q "DELETE FROM clia_specimen" 2>"$T/err"; then bad "a specimen was deleted"
else grep -q "append-only" "$T/err" && ok "specimens cannot be deleted" || bad "$(cat "$T/err")"; fi

# the failure paths with their records: a critical glucose called to the
# provider at once then amended and notified again; an hCG test invalid
# twice and referred out
cat > "$T/paths.lua" <<'EOF'
local function try(f, ...) local v, err = f(...); print(v, err) end
local FINGER = { specimen = "capillary blood", name = "Ann Able", dob = "1950-05-06" }
act_as("maria")
clia.lot{ test = "glucose", kind = "kit", lot = "G1", expires = "2027-03-31" }
clia.lot{ test = "urine_hcg", kind = "kit", lot = "H1", expires = "2027-03-31" }
clia.competency{ staff = "aisha", test = "glucose" }
clia.competency{ staff = "aisha", test = "urine_hcg" }
act_as("aisha")
clia.qc{ test = "glucose", lot = "G1", level = "low", expected = "in range", observed = "in range", why = "new lot" }
clia.qc{ test = "urine_hcg", lot = "H1", level = "positive", expected = "positive", observed = "positive", why = "new lot" }
act_as("dr_hart")
local g = clia.order{ appointment = 1, test = "glucose", reason = "R73.9" }
local h = clia.order{ appointment = 1, test = "urine_hcg", reason = "Z32.01" }
act_as("aisha")
print(clia.step(g, "collect", FINGER), clia.step(g, "qc_pass", { lot = "G1" }), clia.step(g, "perform", {}))
try(clia.step, g, "result", { value = "601" })
try(clia.step, g, "result", { value = "6.555" })
print(clia.step(g, "result", { value = "38" }))
act_as("dr_hart")
try(clia.step, g, "review", {})
act_as("aisha")
print(clia.step(g, "call_provider", { provider = "dr_hart", note = "read back 38 mg/dL" }))
act_as("dr_hart")
print(clia.step(g, "review", { note = "juice given; recheck" }))
act_as("aisha")
print(clia.step(g, "notify", { method = "in person" }))
act_as("dr_hart")
print(clia.step(g, "amend", { value = "58", reason = "meter re-read from memory" }))
try(clia.step, g, "close", {})
act_as("aisha")
print(clia.step(g, "notify", { method = "phone" }))
act_as("dr_hart")
print(clia.step(g, "close", {}))
act_as("aisha")
print(clia.step(h, "collect", { specimen = "urine", name = "Able, Ann", dob = "1950-05-06" }),
  clia.step(h, "qc_pass", { lot = "H1" }), clia.step(h, "perform", {}))
print(clia.step(h, "invalid", {}), clia.step(h, "retest", {}), clia.step(h, "invalid", {}))
try(clia.step, h, "retest", {})
act_as("dr_hart")
try(clia.step, h, "refer", {})
print(clia.step(h, "refer", { lab = "Springfield Reference Lab", reason = "two invalid runs" }))
EOF
run run --as maria "$P" "$T/paths.lua"; expect_rc 0 "the failure paths"
expect_line "^nil	aisha may not clia.perform: '601' is not a result this test allows"
expect_line "^nil	aisha may not clia.perform: '6.555' is not a result this test allows"
expect_line '^resulted$'
expect_line '^nil	dr_hart may not clia.review: a critical result is called to the provider first'
expect_line '^critical_called$'
expect_line '^amended$'
expect_line "^nil	dr_hart may not workflow.step: 'close' is no transition from 'amended'"
expect_line '^invalid	performed	invalid$'
expect_line '^nil	aisha may not clia.perform: two invalid results: the test is blocked, refer it out'
expect_line '^nil	dr_hart may not clia.review: a referral names the laboratory'
expect_line '^referred$'
[ "$(q "SELECT id, value, critical, coalesce(amends, '-'), coalesce(reason, '-') FROM clia_result WHERE test = 2 ORDER BY id" | tr '\n' ' ')" = "2|38|1|-|- 3|58|0|2|meter re-read from memory " ] \
	&& ok "the amended result keeps the original" || bad "results: $(q "SELECT * FROM clia_result WHERE test = 2")"
[ "$(q "SELECT kind, who FROM clia_review WHERE test = 2 ORDER BY id" | tr '\n' ' ')" = "critical_call|dr_hart review| " ] \
	&& ok "the critical call, then the review" || bad "reviews: $(q "SELECT * FROM clia_review WHERE test = 2")"
[ "$(q "SELECT count(*) FROM clia_notification WHERE test = 2")" = 2 ] && ok "notified again after the amendment" || bad "notices"
[ "$(q "SELECT assignee, title FROM task WHERE title LIKE 'Critical%'")" = "dr_hart|Critical result: glucose 38 for patient 1 (test 2): call now" ] \
	&& ok "the ordering provider is tasked at once" || bad "task: $(q "SELECT assignee, title FROM task")"
[ "$(q "SELECT count(*), sum(control_valid) FROM clia_result WHERE test = 3")" = "2|0" ] && ok "two invalid runs" || bad "invalid runs"
[ "$(q "SELECT kind, who, note FROM clia_review WHERE test = 3")" = "referral|Springfield Reference Lab|two invalid runs" ] \
	&& ok "the referral" || bad "referral: $(q "SELECT * FROM clia_review WHERE test = 3")"

# the charge and the claim
run charge list "$P" --as maria; expect_line '87880-QW'
export MEDOFFICE_NOW=2026-11-23T18:00:00Z
"$MEDOFFICE" schedule mark "$P" 1 checked_out --as maria >/dev/null || bad "checked out"
run claims create "$P" --as maria; expect_out "1 claim made: 1 ready, 0 held"
run claims export "$P" --payer medicare -o "$T/mcr.837" --as maria; expect_rc 0 "export"
grep -q 'REF\*X4\*24D2187654~' "$T/mcr.837" && ok "the claim names the CLIA certificate" || bad "no REF*X4"
grep -q 'SV1\*HC:87880:QW\*' "$T/mcr.837" && ok "the strep test is billed with QW" || bad "no 87880:QW"

# refusals at the order and of the records, each with nothing written
cat > "$T/bad.lua" <<'EOF'
act_as("dr_hart")
print(pcall(clia.order, { appointment = 1, test = "hiv_rapid", reason = "J02.9" }))
print(pcall(clia.order, { appointment = 1, test = "pt_inr", reason = "J02.9" }))
print(pcall(clia.order, { appointment = 1, test = "rapid_strep", reason = "J0" }))
print(pcall(clia.order, { appointment = 99, test = "rapid_strep", reason = "J02.9" }))
act_as("kevin")
print(pcall(clia.order, { appointment = 1, test = "rapid_strep", reason = "J02.9" }))
EOF
cat >> "$T/bad.lua" <<'EOF'
act_as("maria")
print(pcall(clia.lot, { test = "rapid_strep", kind = "kit", lot = "K100", expires = "2027-06-30" }))
print(pcall(clia.lot, { test = "rapid_strep", kind = "box", lot = "K200", expires = "2027-06-30" }))
print(pcall(clia.lot, { test = "rapid_strep", kind = "kit", lot = "K200", expires = "2027-02-30" }))
print(pcall(clia.lot, { test = "rapid_strep", kind = "kit", lot = "", expires = "2027-06-30" }))
print(pcall(clia.qc, { test = "rapid_strep", lot = "K100", level = "positive", expected = "positive" }))
print(pcall(clia.qc, { test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "x", colour = "red" }))
print(pcall(clia.competency, { staff = "nobody", test = "rapid_strep" }))
print(pcall(clia.step, 99, "collect", {}))
EOF
run run --as dr_hart "$P" "$T/bad.lua"; expect_rc 0 "refused orders"
expect_line "^false	.*clia: kit lot K100 \\(shipment 1\\) of rapid_strep is recorded already"
expect_line "^false	.*clia: lot kind: expected kit or control"
expect_line "^false	.*expires"
expect_line "^false	.*clia: lot: expected 1 to 40 characters"
expect_line "^false	.*clia: observed: expected 1 to 40 characters"
expect_line "^false	.*unknown field 'colour'"
expect_line "^false	.*clia: no staff member 'nobody'"
expect_line "^true	nil	clia: no test 99$"
expect_line "^false	.*test 'hiv_rapid' is not on the practice's menu"
expect_line "^false	.*test 'pt_inr' is not on the practice's menu"
expect_line "^false	.*reason: expected an ICD-10-CM code such as J02.9"
expect_line "^false	.*no appointment 99"
expect_line "^false	.*may not clia.order"
run audit "$P" --staff aisha; expect_line 'clia\.perform +workflow_run:1 '

# the lists
run clia qc-log "$P" --as maria; expect_rc 0 "the QC log"
expect_line 'rapid_strep +lot K100 +positive +expected positive +observed negative +FAIL  new lot  by maria$'
expect_line 'PASS  after the failure  by maria; corrective: new control vial; storage checked$'
expect_out "5 QC runs"
run clia qc-log "$P" --from 2026-11-24 --to 2026-11-30 --as maria; expect_out "0 QC runs"
run clia qc-log "$P" --from 2026-12-01 --as maria; expect_rc 1 "from after to"; expect_err "from after to"
run clia status "$P" --as maria; expect_out "0 tests"
run clia status "$P" --all --as maria; expect_line '^#1 +closed +rapid_strep +patient 1 +Able, Ann +appt 1 +lot K100 +positive'
run clia lots "$P" --as maria; expect_line '^rapid_strep +kit +lot OLD9 +expires 2026-10-31'
expect_out "1 lots"
run clia lots "$P" --within 0 --as maria; expect_out "5 lots"
run clia competency "$P" --as maria; expect_line '^aisha +rapid_strep +until 2027-11-23  \(assessed by maria\)$'
run clia qc-log "$P" --from 2026-13-01 --as maria; expect_rc 2 "a bad --from"
run clia lots "$P" --within x --as maria; expect_rc 2 "a bad --within"
run clia frob "$P" --as maria; expect_rc 2 "an unknown list"
run clia status "$P"; expect_rc 2 "no --as"
run clia status "$P" --as kevin; expect_rc 1 "the front desk may not read the tests"
# a test of moderate complexity under a waiver certificate, and a
# certificate that has expired
sed -i 's/^  catalogue:$/  catalogue:\n    - { id: cbc, name: Complete blood count, code: "85025", complexity: moderate, specimens: [ whole blood ], low: 0, high: 100 }/' "$P/practice.yaml"
sed -i 's/^  tests: \[ rapid_strep,/  tests: [ cbc, rapid_strep,/' "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null 2>&1 || bad "apply the catalogue"
cat > "$T/cert.lua" <<'EOF'
act_as("dr_hart")
print(pcall(clia.order, { appointment = 1, test = "cbc", reason = "D64.9" }))
EOF
run run --as dr_hart "$P" "$T/cert.lua"; expect_rc 0 "orders under the certificate"
expect_line "^false	.*a waiver certificate does not allow cbc, a test of moderate complexity"
# (the compliance policy refuses everything under a lapsed certificate;
# without it, the core still refuses the order)
sed -i 's/^  expires: 2028-05-31$/  expires: 2026-11-01/; s/clia_required: true/clia_required: false/' "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null 2>&1 || bad "apply the lapsed certificate"
run run --as dr_hart "$P" "$T/cert.lua"
expect_line "^false	.*the practice has no CLIA certificate in force"

finish
