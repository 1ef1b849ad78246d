# test_clia.sh: a rapid strep test in the family-practice template, from a
# script as the clinic's people would take it in the shell: the kit and
# control lots, a failing QC that blocks testing until a corrective
# action and a passing QC, competency, the order for a Medicare patient's
# sick visit, each step with the facts medoffice computes from its records
# (an event cannot claim them), refusals (an expired or unknown lot, no
# competency, a value the test does not allow, a step skipped), the test
# closed and its charge on the visit with QW, the claim with REF*X4 (the
# CLIA number), and the QC log.
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
act_as("maria")
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K100", expires = "2027-06-30" }
clia.lot{ test = "rapid_strep", kind = "kit", lot = "OLD9", expires = "2026-10-31" }
clia.lot{ test = "rapid_strep", kind = "control", lot = "C7", expires = "2027-06-30" }
clia.competency{ staff = "aisha", test = "rapid_strep", ["until"] = "2027-11-23" }
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "negative", why = "new lot" })
act_as("dr_hart")
local t = clia.order{ appointment = 1, test = "rapid_strep", reason = "J02.9" }
act_as("aisha")
try(clia.step, t, "qc_pass", { lot = "K100" })
print(clia.step(t, "collect", { identifiers = 2 }))
try(clia.step, t, "qc_pass", { lot = "K100", qc_passed = true })
act_as("maria")
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "after the failure", corrective = "new control vial; storage checked" })
act_as("aisha")
print(clia.step(t, "qc_fail", {}))
try(clia.step, t, "qc_pass", { lot = "OLD9" })
try(clia.step, t, "qc_pass", { lot = "NOPE" })
print(clia.step(t, "qc_pass", { lot = "K100" }))
act_as("maria")
try(clia.step, t, "perform", { competent = true })
act_as("aisha")
print(clia.step(t, "perform", {}))
try(clia.step, t, "result", { value = "maybe" })
print(clia.step(t, "result", { value = "positive" }))
act_as("dr_hart")
print(clia.step(t, "review", {}))
act_as("aisha")
print(clia.step(t, "notify", { method = "phone" }))
act_as("dr_hart")
print(clia.step(t, "close", {}))
for _, q in ipairs(clia.qc_log()) do print("log", q.lot, q.expected, q.observed, q.passed, q.why, q.corrective) end
EOF
run run --as maria "$P" "$T/test.lua"; expect_rc 0 "the test from order to closing"
expect_line '^qc	false$'
expect_line "^nil	aisha may not workflow.step: 'qc_pass' is no transition from 'ordered'"
expect_line '^collected$'
expect_line '^nil	aisha may not clia.qc: external QC has not passed for this lot'
expect_line '^qc	true$'
expect_line '^qc_blocked$'
expect_line '^nil	aisha may not clia.qc: the kit lot is expired'
expect_line '^nil	aisha may not clia.qc: kit lot NOPE is not recorded for this test'
expect_line '^ready$'
expect_line '^nil	maria may not clia.perform: maria has no current competency for this test'
expect_line '^performed$'
expect_line "^nil	aisha may not clia.perform: 'maybe' is not a result this test allows"
expect_line '^resulted$'
expect_line '^reviewed$'
expect_line '^notified$'
expect_line '^closed$'
expect_line '^log	K100	positive	negative	false	new lot	nil$'
expect_line '^log	K100	positive	positive	true	after the failure	new control vial; storage checked$'

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
expect_line "^false	.*clia: kit lot K100 of rapid_strep is recorded already"
expect_line "^false	.*clia: lot kind: expected kit or control"
expect_line "^false	.*expires"
expect_line "^false	.*clia: lot: expected 1 to 40 characters"
expect_line "^false	.*clia: observed: expected 1 to 40 characters"
expect_line "^false	.*unknown field 'colour'"
expect_line "^false	.*clia: no staff member 'nobody'"
expect_line "^true	nil	clia: no test 99$"
expect_line "^false	.*test 'hiv_rapid' is not in the catalogue of waived tests"
expect_line "^false	.*test 'pt_inr' is not in practice.yaml's clia.tests"
expect_line "^false	.*reason: expected an ICD-10-CM code such as J02.9"
expect_line "^false	.*no appointment 99"
expect_line "^false	.*may not clia.order"
run audit "$P" --staff aisha; expect_line 'clia\.perform +workflow_run:1 '

# the lists
run clia qc-log "$P" --as maria; expect_rc 0 "the QC log"
expect_line 'rapid_strep +lot K100 +positive +expected positive +observed negative +FAIL  new lot  by maria$'
expect_line 'PASS  after the failure  by maria; corrective: new control vial; storage checked$'
expect_out "2 QC runs"
run clia qc-log "$P" --from 2026-11-24 --to 2026-11-30 --as maria; expect_out "0 QC runs"
run clia qc-log "$P" --from 2026-12-01 --as maria; expect_rc 1 "from after to"; expect_err "from after to"
run clia status "$P" --as maria; expect_out "0 tests"
run clia status "$P" --all --as maria; expect_line '^#1 +closed +rapid_strep +patient 1 +Able, Ann +appt 1 +lot K100 +positive'
run clia lots "$P" --as maria; expect_line '^rapid_strep +kit +lot OLD9 +expires 2026-10-31'
expect_out "1 lots"
run clia lots "$P" --within 0 --as maria; expect_out "3 lots"
run clia competency "$P" --as maria; expect_line '^aisha +rapid_strep +until 2027-11-23  \(assessed by maria\)$'
run clia qc-log "$P" --from 2026-13-01 --as maria; expect_rc 2 "a bad --from"
run clia lots "$P" --within x --as maria; expect_rc 2 "a bad --within"
run clia frob "$P" --as maria; expect_rc 2 "an unknown list"
run clia status "$P"; expect_rc 2 "no --as"
run clia status "$P" --as kevin; expect_rc 1 "the front desk may not read the tests"
finish
