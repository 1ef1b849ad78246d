# test_clia_lists.sh: the CLIA lists and logs in the family-practice
# template with a clia section of the test's own (rapid strep: QC each
# new lot and shipment, every 30 days; influenza: each new lot, every 7
# days, kits in the fridge): the certificate's versions as practice.yaml
# changes (entity_version), what is due (an expired lot and a lapsed
# competency overdue, QC after a failure, a new shipment and a new lot, a
# fridge out of range, storages without a reading today, the certificate),
# the corrective actions and temperature logs, one test's record from its
# order to an amended result and a rejected specimen, the Lua functions
# behind them, and bad input.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
v1_by=$(sqlite3 "$P/practice.db" "select version || ' ' || by from entity_version where kind = 'clia'")
[ "$v1_by" = "1 system" ] && ok "init wrote version 1 of the certificate" || bad "certificate versions after init: $v1_by"

# ---- the certificate's versions: practice.yaml's clia replaced ----
cat > "$T/clia.yaml" <<'EOF'
clia:
  certificate: "24D2187654"
  type: waiver
  expires: 2026-12-15
  director: dr_hart
  tests: [ rapid_strep, influenza_ab ]
  catalogue:
    - id: rapid_strep
      qc_days: 30
      qc_each: [ new_lot, new_shipment ]
    - id: influenza_ab
      qc_days: 7
      qc_each: [ new_lot ]
      storage: fridge
  storage:
    - { id: room, name: Lab counter, min: 15, max: 30 }
    - { id: fridge, name: Lab refrigerator, min: 2, max: 8 }

EOF
awk -v f="$T/clia.yaml" '/^clia:/ { skip = 1; while ((getline l < f) > 0) print l; next }
  skip && /^[a-z]/ { skip = 0 } !skip' "$P/practice.yaml" > "$T/y" && cp "$T/y" "$P/practice.yaml"
export MEDOFFICE_NOW=2026-11-23T15:05:00Z
run apply "$P" --as maria; expect_rc 0 "apply the new clia section"; expect_out "0 added, 1 changed"
[ "$(sqlite3 "$P/practice.db" "select group_concat(version || ':' || by || ':' || active, ' ') from entity_version where kind = 'clia'")" = "1:system:1 2:maria:1" ] \
  && ok "the change is version 2, by maria" || bad "no version 2 of the certificate"
run clia certificate "$P" --as maria; expect_rc 0 "clia certificate"
expect_line '^CLIA certificate 24D2187654 \(waiver\), director dr_hart, expires 2026-12-15: in force$'
expect_line '^version +applied +by +certificate +type +effective +expires +director$'
expect_line '^2 +2026-11-23T15:05 +maria +24D2187654 +waiver +- +2026-12-15 +dr_hart$'
expect_line '^1 +2026-11-23T15:00 +system +24D2187654 +waiver +- +2028-05-31 +dr_hart$'
expect_out "2 versions"
sqlite3 "$P/practice.db" "update entity_version set by = 'x'" 2>/dev/null && bad "entity versions can be changed" \
  || ok "entity versions cannot be changed"

# ---- the records ----
cat > "$T/setup.lua" <<'EOF'
act_as("maria")
local pat = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female",
  address = { line1 = "1 Oak St", city = "Springfield", state = "IL", zip = "62701" } }
insurance.add{ patient = pat, payer = "medicare", member_id = "1EG4-TE5-MK72", from = "2026-01-01" }
schedule.book{ patient = pat, provider = "dr_hart", visit_type = "sick_visit", at = "2026-11-23 10:00" }
schedule.book{ patient = pat, provider = "dr_hart", visit_type = "sick_visit", at = "2026-11-23 11:00" }
EOF
run run --as maria "$P" "$T/setup.lua"; expect_rc 0 "a patient's two sick visits"
export MEDOFFICE_NOW=2026-11-23T16:30:00Z # 10:30
for s in arrived roomed seen; do "$MEDOFFICE" schedule mark "$P" 1 $s --as maria >/dev/null || bad "mark $s"; done

cat > "$T/records.lua" <<'EOF'
act_as("maria")
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K100", expires = "2027-06-30" }
clia.lot{ test = "rapid_strep", kind = "kit", lot = "OLD9", expires = "2026-10-31" }
clia.lot{ test = "rapid_strep", kind = "control", lot = "C7", expires = "2027-06-30" }
clia.lot{ test = "influenza_ab", kind = "kit", lot = "F7", expires = "2026-12-05" }
print("room", clia.temperature{ storage = "room", reading = "21.5" })
print("fridge", clia.temperature{ storage = "fridge", reading = 9.25, note = "door left open" })
clia.corrective{ storage = "fridge", problem = "fridge at 9.25 C", action = "door closed; kits checked" }
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "negative", why = "new lot" })
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "after the failure", corrective = "new control vial" })
clia.competency{ staff = "aisha", test = "rapid_strep", ["until"] = "2026-12-01" }
clia.competency{ staff = "aisha", test = "influenza_ab", ["until"] = "2027-11-23" }
clia.competency{ staff = "maria", test = "rapid_strep", ["until"] = "2026-11-01" }
EOF
run run --as maria "$P" "$T/records.lua"; expect_rc 0 "lots, readings, a corrective action, QC, competencies"
expect_line '^room	true$'; expect_line '^fridge	false$'; expect_line '^qc	false$'; expect_line '^qc	true$'

# a second shipment of K100 after its passing QC
export MEDOFFICE_NOW=2026-11-23T16:45:00Z
echo 'clia.lot{ test = "rapid_strep", kind = "kit", lot = "K100", shipment = "2", expires = "2027-06-30" }' > "$T/ship.lua"
run run --as maria "$P" "$T/ship.lua"; expect_rc 0 "a second shipment of K100"

# ---- what is due ----
run clia due "$P" --through 2026-12-31 --as maria; expect_rc 0 "clia due"
expect_line '^due +when +what +about +why$'
expect_line '^2026-10-31  overdue  lot          rapid_strep lot OLD9 +kit lot OLD9 expired$'
expect_line '^2026-11-01  overdue  competency   maria rapid_strep +maria'"'"'s competency for rapid_strep ended$'
expect_line '^2026-11-23  today    qc           influenza_ab lot F7 +new lot: no passing QC of it yet$'
expect_line '^2026-11-23  today    qc           rapid_strep lot K100 +shipment 2 received 2026-11-23: no passing QC since$'
expect_line '^2026-11-23  today    temperature  fridge +the latest reading, 9.25 C on 2026-11-23, is out of range \(2.00 to 8.00 C\)$'
expect_line '^2026-12-01           competency   aisha rapid_strep +aisha'"'"'s competency for rapid_strep ends$'
expect_line '^2026-12-05           lot          influenza_ab lot F7 +kit lot F7 expires$'
expect_line '^2026-12-15           certificate  - +CLIA certificate 24D2187654 \(waiver\) expires$'
expect_out "8 due through 2026-12-31"
expect_no_line 'temperature +room'
expect_no_line 'aisha influenza_ab'
# soonest first: the order of the lines
order=$(printf '%s\n' "$out" | awk '/^20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]  / { print $1 }' | tr '\n' ' ')
[ "$order" = "2026-10-31 2026-11-01 2026-11-23 2026-11-23 2026-11-23 2026-12-01 2026-12-05 2026-12-15 " ] \
  && ok "due soonest first" || bad "due out of order: $order"
run clia due "$P" --through 2026-11-30 --as maria; expect_out "5 due through 2026-11-30"
expect_no_line 'certificate'
run clia due "$P" --through 2020-01-01 --as maria; expect_rc 0 "nothing due"
[ "$out" = "0 due through 2020-01-01" ] && ok "nothing due prints only its count" || bad "nothing due: $out"

# the QC of the new shipment and a reading in range clear today's items;
# a failed influenza QC is due again at once
export MEDOFFICE_NOW=2026-11-23T16:50:00Z
cat > "$T/clear.lua" <<'EOF'
act_as("maria")
print("fridge", clia.temperature{ storage = "fridge", reading = "5" })
print("qc", clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "new shipment" })
print("qc", clia.qc{ test = "influenza_ab", lot = "F7", level = "negative", expected = "negative",
  observed = "positive", why = "new lot" })
for _, d in ipairs(clia.due{ through = "2026-12-31" }) do
  print("due", d.due, d.what, d.test or "-", d.lot or "-", d.staff or "-", d.storage or "-", d.why)
end
EOF
run run --as maria "$P" "$T/clear.lua"; expect_rc 0 "QC of the shipment, the fridge in range"
expect_line '^fridge	true$'
expect_line '^due	2026-11-23	qc	influenza_ab	F7	-	-	QC failed on 2026-11-23: no passing QC since$'
expect_line '^due	2026-12-23	qc	rapid_strep	K100	-	-	30 days after the last passing QC \(2026-11-23\)$'
expect_line '^due	2026-12-15	certificate	-	-	-	-	CLIA certificate 24D2187654 \(waiver\) expires$'
expect_no_line '^due	.*temperature'
expect_no_line 'shipment 2'

# ---- the logs ----
run clia temps "$P" --as maria; expect_rc 0 "clia temps"
expect_line '^2026-11-23T16:30  room         21.50 C  range 15.00 to 30.00 C  in range      by maria$'
expect_line '^2026-11-23T16:30  fridge        9.25 C  range 2.00 to 8.00 C    OUT OF RANGE  by maria  door left open$'
expect_line '^2026-11-23T16:50  fridge        5.00 C  range 2.00 to 8.00 C    in range      by maria$'
expect_out "3 readings"
run clia temps "$P" --from 2026-11-24 --as maria; expect_rc 1 "temps: from after to"; expect_err "from after to"
run clia temps "$P" --from 2026-11-24 --to 2026-11-30 --as maria; expect_out "0 readings"
run clia corrective "$P" --as maria; expect_rc 0 "clia corrective"
expect_line '^2026-11-23T16:30  - +lot - +storage fridge +fridge at 9.25 C: door closed; kits checked  by maria$'
expect_line '^2026-11-23T16:30  rapid_strep +lot K100 +storage - +QC failed: new control vial  by maria$'
expect_out "2 corrective actions"
first=$(printf '%s\n' "$out" | head -1)
case "$first" in *fridge*) ok "the corrective action alone comes first" ;; *) bad "corrective order: $first" ;; esac
run clia corrective "$P" --from 2026-12-01 --to 2026-11-01 --as maria; expect_rc 1 "corrective: from after to"
expect_err "clia: corrective actions: from after to"

# ---- a test's record ----
# The steps (policies/clia/waived_test.lua) each at its own minute; a
# refusal is printed, so the record shows what was recorded.
step() { # step TIME STAFF LUA-CALL
  export MEDOFFICE_NOW=2026-11-23T$1Z
  printf 'act_as("%s")\nlocal s, err = %s\nprint(s, err)\n' "$2" "$3" > "$T/step.lua"
  run run --as maria "$P" "$T/step.lua"
  [ "$rc" = 0 ] && printf '%s\n' "$out" | grep -q '^[a-z_0-9]*	nil$' && ok "step $3: $out" \
    || bad "step $3 refused or failed: $out $err"
}
step 17:00:00 dr_hart 'clia.order{ appointment = 1, test = "rapid_strep", reason = "J02.9" }, nil'
step 17:01:00 aisha 'clia.step(1, "collect", { specimen = "throat swab", name = "Ann Able", dob = "1950-05-06" })'
step 17:02:00 aisha 'clia.step(1, "qc_pass", { lot = "K100" })'
step 17:03:00 aisha 'clia.step(1, "perform", {})'
step 17:04:00 aisha 'clia.step(1, "result", { value = "positive" })'
step 17:05:00 dr_hart 'clia.step(1, "review", { note = "start penicillin" })'
step 17:06:00 aisha 'clia.step(1, "notify", { method = "phone" })'
step 17:07:00 dr_hart 'clia.step(1, "amend", { value = "negative", reason = "read the wrong cassette" })'
step 17:08:00 aisha 'clia.step(1, "notify", { method = "portal" })'
run clia show 1 "$P" --as maria; expect_rc 0 "clia show 1"
expect_line '^test #1  rapid_strep  patient 1 Able, Ann  appointment 1$'
expect_line '^state:  notified \(since 2026-11-23T17:08\)$'
expect_line '^lot:    K100  value: negative$'
expect_line '^2026-11-23T17:00  ordered +dr_hart +rapid_strep ordered, reason J02.9$'
expect_line '^2026-11-23T17:01  specimen +aisha +throat swab; identifiers name, dob$'
expect_line '^2026-11-23T17:04  result +aisha +result 1: positive; lot K100$'
expect_line '^2026-11-23T17:05  review +dr_hart +result 1 reviewed: start penicillin$'
expect_line '^2026-11-23T17:06  notification +aisha +result 1 by phone: patient reached$'
expect_line '^2026-11-23T17:07  amended +dr_hart +result 2 amends result 1: positive -> negative, read the wrong cassette; lot K100$'
expect_line '^2026-11-23T17:08  notification +aisha +result 2 by portal: patient reached$'
expect_out "7 records"
kinds=$(printf '%s\n' "$out" | awk '/^2026-/ { print $2 }' | tr '\n' ' ')
[ "$kinds" = "ordered specimen result review notification amended notification " ] \
  && ok "the record in time order" || bad "record order: $kinds"

# a second test: a rejected specimen, an invalid run, a referral
step 17:10:00 dr_hart 'clia.order{ appointment = 1, test = "rapid_strep", reason = "J02.9" }, nil'
step 17:11:00 aisha 'clia.step(2, "collect", { specimen = "throat swab", name = "Ann Able", dob = "1950-05-06", label = "A-17" })'
step 17:12:00 aisha 'clia.step(2, "reject", { reason = "label smudged" })'
step 17:13:00 aisha 'clia.step(2, "recollect", { specimen = "throat swab", name = "Ann Able", dob = "1950-05-06" })'
step 17:14:00 aisha 'clia.step(2, "qc_pass", { lot = "K100" })'
step 17:15:00 aisha 'clia.step(2, "perform", {})'
step 17:16:00 aisha 'clia.step(2, "invalid", {})'
step 17:17:00 dr_hart 'clia.step(2, "refer", { lab = "County lab", reason = "invalid control" })'
run clia show 2 "$P" --as maria; expect_rc 0 "clia show 2"
expect_line '^state:  referred, over \(since 2026-11-23T17:17\)$'
expect_line '^2026-11-23T17:11  specimen +aisha +throat swab; identifiers name, dob; label A-17$'
expect_line '^2026-11-23T17:12  rejected +aisha +throat swab rejected: label smudged$'
expect_line '^2026-11-23T17:13  specimen +aisha +throat swab; identifiers name, dob$'
expect_line '^2026-11-23T17:16  invalid +aisha +result 3: invalid \(internal control failed\), no value; lot K100$'
expect_line '^2026-11-23T17:17  referral +dr_hart +result 3 referred to County lab: invalid control$'
expect_out "6 records"
run audit "$P" --staff maria; expect_line 'workflow\.read +clia_test:2 '

# ---- the Lua functions ----
export MEDOFFICE_NOW=2026-11-24T15:00:00Z # the next day: no reading yet
cat > "$T/lists.lua" <<'EOF'
act_as("maria")
for _, t in ipairs(clia.status{ all = true }) do print("status", t.id, t.test, t.state, t.patient_name, t.final) end
print("open", #clia.status())
for _, l in ipairs(clia.lots{ through = "2026-12-31" }) do print("lot", l.test, l.kind, l.lot, l.expires, l.received) end
print("lots", #clia.lots())
for _, c in ipairs(clia.competencies()) do print("competency", c.staff, c.test, c["until"], c.assessed_by) end
for _, d in ipairs(clia.due{ through = "2026-11-24" }) do print("due", d.due, d.what, d.storage or d.test, d.why) end
for _, c in ipairs(clia.corrective_log{ from = "2026-11-01" }) do print("corrective", c.test, c.lot, c.storage, c.problem, c.action, c.by) end
for _, t in ipairs(clia.temperatures{ from = "2026-11-23", to = "2026-11-23" }) do
  print("temp", t.storage, t.reading, t.low, t.high, t.in_range, t.by, t.note)
end
for _, c in ipairs(clia.certificates()) do print("certificate", c.version, c.certificate, c.type, c.expires, c.by, c.active) end
local rows, test = clia.record(1)
print("record", #rows, test.state, test.value, rows[#rows].kind, rows[#rows].text)
print("missing", clia.record(999))
print(pcall(clia.due, { through = "2026-02-30" }))
print(pcall(clia.due, { thru = "2026-12-01" }))
print(pcall(clia.temperatures, { from = "2026-12-01", to = "2026-11-01" }))
print(pcall(clia.status, { all = "yes" }))
print(pcall(clia.record, "one"))
EOF
run run --as maria "$P" "$T/lists.lua"; expect_rc 0 "the Lua lists"
expect_line '^status	1	rapid_strep	notified	Able, Ann	false$'
expect_line '^status	2	rapid_strep	referred	Able, Ann	true$'
expect_line '^open	1$'
expect_line '^lot	rapid_strep	kit	OLD9	2026-10-31	2026-11-23$'
expect_line '^lot	influenza_ab	kit	F7	2026-12-05	2026-11-23$'
expect_line '^lots	5$'
expect_line '^competency	maria	rapid_strep	2026-11-01	maria$'
expect_line '^competency	aisha	rapid_strep	2026-12-01	maria$'
expect_line '^due	2026-11-24	temperature	fridge	no reading today \(the latest on 2026-11-23\)$'
expect_line '^due	2026-11-24	temperature	room	no reading today \(the latest on 2026-11-23\)$'
expect_line '^due	2026-11-24	qc	influenza_ab	QC failed on 2026-11-23: no passing QC since$'
expect_line '^corrective	nil	nil	fridge	fridge at 9.25 C	door closed; kits checked	maria$'
expect_line '^corrective	rapid_strep	K100	nil	QC failed	new control vial	maria$'
expect_line '^temp	fridge	9.25	2.00	8.00	false	maria	door left open$'
expect_line '^temp	room	21.50	15.00	30.00	true	maria	nil$'
expect_line '^certificate	2	24D2187654	waiver	2026-12-15	maria	true$'
expect_line '^certificate	1	24D2187654	waiver	2028-05-31	system	true$'
expect_line '^record	7	notified	negative	notification	result 2 by portal: patient reached$'
expect_line '^missing	nil	clia: no test 999$'
expect_line '^false	.*clia.due.*through'
expect_line "^false	.*unknown field 'thru'"
expect_line '^false	.*clia: temperature log: from after to$'
expect_line '^false	.*clia.status: all: expected a boolean, got string$'
expect_line '^false	.*number expected, got string'

# ---- bad input on the command line; who may read ----
run clia show 999 "$P" --as maria; expect_rc 1 "show an unknown test"; expect_err "clia: no test 999"
run clia show x "$P" --as maria; expect_rc 2 "show a test that is no number"
run clia show --as maria; expect_rc 2 "show without an ID"; expect_err "show: expected a test's ID"
run clia show 1 "$P" extra --as maria; expect_rc 2 "show with two folders"
run clia due "$P" --through 2026-13-01 --as maria; expect_rc 2 "a bad --through"
run clia temps "$P" --to nope --as maria; expect_rc 2 "a bad --to"
run clia corrective "$P" --from 2026-02-30 --as maria; expect_rc 2 "a bad --from"
run clia certificate "$P" extra --as maria; expect_rc 2 "certificate with two folders"
run clia due "$P"; expect_rc 2 "due without --as"
run clia due "$P" --as joe; expect_rc 1 "the front desk may not read what is due"
expect_err "joe may not workflow.read"; expect_no_line 'due'
run clia show 1 "$P" --as joe; expect_rc 1 "the front desk may not read a test's record"
expect_no_line 'test #1'
run audit "$P" --staff joe; expect_no_line 'workflow\.read'
run clia corrective "$P" --from 2026-12-01 --to 2026-12-31 --as maria; expect_rc 0 "an empty period"
[ "$out" = "0 corrective actions" ] && ok "an empty log prints only its count" || bad "empty log: $out"

# ---- a removed clia section: an inactive version, nothing due of it ----
export MEDOFFICE_NOW=2026-11-24T15:10:00Z
awk '/^clia:/ { skip = 1; next } skip && /^[a-z]/ { skip = 0 } !skip' "$P/practice.yaml" > "$T/y" && cp "$T/y" "$P/practice.yaml"
sed -i 's#^  - clia/waived_test.lua$##; s#^    clia_required: true.*$##' "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "apply without a clia section"; expect_out "1 deactivated"
run clia certificate "$P" --as maria; expect_rc 0 "certificate without one"
expect_line '^no CLIA certificate \(practice.yaml has no clia\)$'
expect_line '^3 +2026-11-24T15:10 +maria +24D2187654 +waiver +- +2026-12-15 +dr_hart  removed$'
expect_out "3 versions"
run clia due "$P" --through 2026-12-31 --as maria; expect_rc 0 "due without a certificate"
expect_no_line 'certificate'
finish
