# test_clia_purge.sh: the retention of the CLIA records and their purge
# through approval, in the family-practice template (dr_hart, the
# physician owner, is the laboratory director; maria, the office manager,
# asks). Records made on 2026-11-23 (lots, one expired by the end of the
# year and opened, a temperature, a corrective action, QC runs,
# competencies, one superseded, tests ordered for a visit and cancelled,
# one left open) and on 2028-06-01 (newer ones); then on 2029-01-10, with
# two years kept (from 2027-01-10 on): a purge of records from before
# 2027-06-01 is refused, as are a missing, malformed or future date; one
# from before 2027-01-01 is filed, refused to the requester and to the
# front desk, approved by dr_hart, and the old rows go while the newer and
# the open ones stay; the purge row and the audit entries; a delete
# around medoffice (sqlite3) refused by the triggers; the director's own
# request (Lua) runs at once.
. "$(dirname "$0")/lib.sh"

P="$T/p"
q() { sqlite3 "$P/practice.db" "$1"; }
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
cat > "$T/old.lua" <<'EOF'
act_as("maria")
local pat = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female" }
schedule.book{ patient = pat, provider = "dr_hart", visit_type = "sick_visit", at = "2026-11-23 10:00" }
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K100", expires = "2026-12-31" }
clia.lot{ test = "rapid_strep", kind = "control", lot = "C7", expires = "2026-12-31" }
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K200", expires = "2028-12-31" }
clia.lot_open{ test = "rapid_strep", lot = "K100" }
clia.temperature{ storage = "room", reading = "21.5" }
clia.corrective{ test = "rapid_strep", problem = "control vial cloudy", action = "new vial" }
clia.qc{ test = "rapid_strep", lot = "K100", level = "positive", expected = "positive",
  observed = "positive", why = "new lot" }
clia.qc{ test = "rapid_strep", lot = "K100", level = "negative", expected = "negative",
  observed = "negative", why = "new lot" }
clia.competency{ staff = "aisha", test = "rapid_strep", ["until"] = "2026-12-31" }
clia.competency{ staff = "aisha", test = "rapid_strep", ["until"] = "2028-12-31" }
clia.competency{ staff = "maria", test = "rapid_strep", ["until"] = "2026-12-31" }
act_as("dr_hart")
local t = {}
for i = 1, 4 do t[i] = clia.order{ appointment = 1, test = "rapid_strep", reason = "J02.9" } end
for i = 1, 2 do print(clia.step(t[i], "cancel", { reason = "patient left" })) end
EOF
run run --as maria "$P" "$T/old.lua"; expect_rc 0 "the records of 2026-11-23"
[ "$(printf '%s\n' "$out" | grep -c '^cancelled$')" = 2 ] && ok "two tests cancelled from ordered" \
	|| bad "cancel from ordered: $out $err"

# 2028-06-01: the credentials and the certificate have lapsed by now (not
# this test's subject: the compliance policy would refuse to open)
sed -i -e 's/expired_is_error: \[[^]]*\]/expired_is_error: []/' \
	-e 's/provider_license_required: true/provider_license_required: false/' \
	-e 's/clia_required: true/clia_required: false/' "$P/practice.yaml"
export MEDOFFICE_NOW=2028-06-01T15:00:00Z
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the settings"
cat > "$T/new.lua" <<'EOF'
act_as("maria")
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K300", expires = "2029-06-30" }
clia.temperature{ storage = "room", reading = "22" }
clia.corrective{ test = "rapid_strep", problem = "fridge door left open", action = "readings checked" }
clia.qc{ test = "rapid_strep", lot = "K300", level = "positive", expected = "positive",
  observed = "positive", why = "new lot" }
act_as("dr_hart")
print(clia.step(3, "cancel", { reason = "ordered twice" }))
EOF
run run --as maria "$P" "$T/new.lua"; expect_rc 0 "the records of 2028-06-01"
expect_line '^cancelled$'

export MEDOFFICE_NOW=2029-01-10T15:00:00Z
rows() { q "SELECT (SELECT count(*) FROM clia_test) || ' ' || (SELECT count(*) FROM workflow_run) || ' ' ||
  (SELECT count(*) FROM workflow_step) || ' ' || (SELECT count(*) FROM clia_qc) || ' ' ||
  (SELECT count(*) FROM clia_temperature) || ' ' || (SELECT count(*) FROM clia_corrective) || ' ' ||
  (SELECT count(*) FROM clia_lot) || ' ' || (SELECT count(*) FROM clia_lot_open) || ' ' ||
  (SELECT count(*) FROM clia_competency) || ' ' || (SELECT count(*) FROM purge) || ' ' ||
  (SELECT count(*) FROM request)"; }
all=$(rows)
steps=$(q "SELECT count(*) FROM workflow_step")
echo "# tests runs steps qc temperatures correctives lots opened competencies purges requests: $all"

# ---- refusals when filed: nothing written ----
snap=$(snapshot "$P")
run clia purge "$P" --before 2027-06-01 --as maria; expect_rc 1 "within retention"
expect_err "records from before 2027-06-01 cannot be purged"
expect_err "everything from 2027-01-10 on stays"
run clia purge "$P" --as maria; expect_rc 2 "no --before"; expect_err "--before DATE is required"
run clia purge "$P" --before 2027-13-01 --as maria; expect_rc 2 "a malformed date"; expect_err "--before"
run clia purge "$P" --before 01/01/2027 --as maria; expect_rc 2 "not a date"
run clia purge "$P" --before 2030-01-01 --as maria; expect_rc 1 "a date in the future"
expect_err "records from before 2030-01-01 cannot be purged"
run clia purge "$P" --before 2027-01-01; expect_rc 2 "no --as"
run clia purge "$P" extra --before 2027-01-01 --as maria; expect_rc 2 "two folders"
expect_same "$snap" "$P" "refused purge requests"

# ---- filed, refused to the wrong people, approved by the director ----
run clia purge "$P" --before 2027-01-01 --as maria; expect_rc 0 "maria asks to purge before 2027-01-01"
expect_line '^request 1 filed: Purge CLIA records from before 2027-01-01$'
expect_line '^  awaits: physician_owner \(step 1 of 1\)$'
expect_out "approval clia_purge"
expect_out "kept:   every record from 2027-01-10 on (2 years)"
[ "$(rows)" = "$(echo "$all" | sed 's/ [0-9]*$/ 1/')" ] && ok "filed: nothing purged yet" || bad "filed: $(rows)"
run approve "$P" 1 --as maria; expect_rc 1 "maria may not approve her own request"; expect_err "own request"
run approve "$P" 1 --as joe; expect_rc 1 "the front desk may not approve"; expect_err "joe may not approval.decide"
run approve "$P" 1 --as dr_hart --reason "past retention"; expect_rc 0 "dr_hart approves"
expect_line '^#1 +clia_purge +approved +maria +Purge CLIA records from before 2027-01-01$'
run requests "$P" 1; expect_out "result:   purge:1"
run approve "$P" 1 --as dr_hart; expect_rc 1 "once"; expect_err "already approved"

# what went: tests 1 and 2 (cancelled in 2026) with their runs and steps,
# lots K100 and C7 (expired 2026-12-31) and the opening, the QC runs,
# temperature and corrective action of 2026-11-23, aisha's superseded
# competency; what stays: test 3 (ended 2028), test 4 (open), K200, K300,
# the records of 2028, aisha's current and maria's only competency
gone_steps=$((steps - $(q "SELECT count(*) FROM workflow_step")))
[ "$(q "SELECT group_concat(id) FROM clia_test")" = "3,4" ] && ok "tests 3 and 4 stay" || bad "tests: $(q "SELECT id FROM clia_test")"
[ "$(q "SELECT count(*) FROM workflow_run WHERE id NOT IN (SELECT run FROM clia_test)")" = 0 ] \
	&& ok "their runs went with them" || bad "runs left"
[ "$(q "SELECT count(*) FROM workflow_step WHERE run NOT IN (SELECT run FROM clia_test)")" = 0 ] \
	&& ok "and their steps ($gone_steps)" || bad "steps left"
[ "$(q "SELECT group_concat(lot) FROM (SELECT lot FROM clia_lot ORDER BY lot)")" = "K200,K300" ] \
	&& ok "the expired lots went" || bad "lots: $(q "SELECT lot FROM clia_lot")"
[ "$(q "SELECT count(*) FROM clia_lot_open")" = 0 ] && ok "with their opening" || bad "lot openings"
[ "$(q "SELECT group_concat(lot) FROM clia_qc")" = "K300" ] && ok "the QC runs of 2026 went" || bad "qc: $(q "SELECT lot FROM clia_qc")"
[ "$(q "SELECT count(*), min(reading) FROM clia_temperature")" = "1|2200" ] && ok "the temperature of 2026 went" || bad "temperatures"
[ "$(q "SELECT problem FROM clia_corrective")" = "fridge door left open" ] && ok "the corrective action of 2026 went" || bad "correctives"
[ "$(q "SELECT group_concat(staff || ':' || until) FROM (SELECT staff, until FROM clia_competency ORDER BY staff)")" = \
	"aisha:$(q "SELECT CAST(julianday('2028-12-31') - 2440587.5 AS INTEGER)"),maria:$(q "SELECT CAST(julianday('2026-12-31') - 2440587.5 AS INTEGER)")" ] \
	&& ok "aisha's current and maria's only competency stay" || bad "competencies: $(q "SELECT * FROM clia_competency")"
expected='{"tests":2,"qc":2,"temperatures":1,"correctives":1,"lots":2,"competencies":1,"rows":'
[ "$(q "SELECT count(*) FROM purge WHERE id = 1 AND what = 'clia' AND request = 1 AND active = 0 AND by = 'dr_hart'
  AND before = CAST(julianday('2027-01-01') - 2440587.5 AS INTEGER) AND counts LIKE '$expected%'")" = 1 ] \
	&& ok "the purge is recorded: $(q "SELECT counts FROM purge")" || bad "purge row: $(q "SELECT * FROM purge")"
[ "$(q "SELECT count(*) FROM audit WHERE actor = 'dr_hart' AND action = 'clia.purge' AND record = 'purge:1'
  AND decision LIKE '%approval clia_purge, request 1, approved by dr_hart%' AND detail LIKE '%\"tests\":2%'")" = 1 ] \
	&& ok "audited as clia.purge, authorised by the approval" || bad "audit: $(q "SELECT * FROM audit WHERE action = 'clia.purge'")"
[ "$(q "SELECT count(*) FROM audit WHERE action IN ('approval.request', 'approval.decide') AND record = 'request:1'")" = 2 ] \
	&& ok "the request and the approval are audited" || bad "approval audit"
run audit verify "$P"; expect_rc 0 "the audit chain holds"

# ---- around medoffice: the triggers refuse ----
for t in clia_qc clia_lot clia_test workflow_step clia_competency; do
  before=$(q "SELECT count(*) FROM $t")
  if q "DELETE FROM $t" 2>"$T/err"; then bad "sqlite3 deleted from $t"
  else grep -q "append-only" "$T/err" && ok "DELETE FROM $t is refused" || bad "$t: $(cat "$T/err")"; fi
  [ "$(q "SELECT count(*) FROM $t")" = "$before" ] || bad "$t changed"
done

# ---- Lua: the retention, and the director's own request runs at once ----
cat > "$T/lua.lua" <<'EOF'
local r = clia.retention()
print("retention", r.years, r.keep_from)
print(pcall(clia.purge_request, { before = "2027-02-01" }))
print(pcall(clia.purge_request, { before = "2027-02-30" }))
print(pcall(clia.purge_request, {}))
act_as("dr_hart")
local id = clia.purge_request{ before = r.keep_from }
local got = approvals.get(id)
print("own", got.status, got.result, got.summary)
EOF
run run --as maria "$P" "$T/lua.lua"; expect_rc 0 "Lua"
expect_line '^retention	2	2027-01-10$'
expect_line '^false	.*records from before 2027-02-01 cannot be purged'
expect_line '^false	.*before'
expect_line '^own	approved	purge:2	Purge CLIA records from before 2027-01-10$'
finish
