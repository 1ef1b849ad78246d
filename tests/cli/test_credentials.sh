# test_credentials.sh: licences and credentials end to end on a
# family-practice practice (dr_hart the physician, maria the office
# manager, joe the front desk): `medoffice credentials` listing staff
# credentials, the provider's licence, DEA, board and payer enrollments,
# the practice's own licences and the CLIA certificate with their lead
# times and statuses; --within, --holder, --format json; usage errors and
# a job without credential.read; the task list and `check` showing a
# renewal from its lead time on; a licence that lapses refusing bookings
# after it and holding the claims of services on a day it is not valid;
# an enrollment terminated holding that payer's claims; bad YAML (an
# expiry before the issue date, an enrollment with an unknown payer, a
# bad notice_days) refused by apply with the field named and the
# practice folder unchanged.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }
Y="$P/practice.yaml"

# ---- the list ----
run credentials "$P" --as maria; expect_rc 0 "the list"
expect_line '^2028-06-30  current +60  dr_hart +license +license 48213 \(MN\)$'
expect_line '^2028-03-31  current +90  dr_hart +DEA +DEA registration BH5728196$'
expect_line '^2030-12-31  current +180  dr_hart +board +board certification in Family Medicine \(American Board of Family Medicine\)$'
expect_line '^2030-05-30  current +120  dr_hart +enrollment +enrollment with Medicare Part B$'
expect_line '^-  +current +120  dr_hart +enrollment +enrollment with Northstar'
expect_line '^2027-03-31  current +45  practice +business_insurance +business insurance BOP-7731902$'
expect_line '^2027-06-30  current +60  practice +facility_license +facility license MN-FL-20418$'
expect_line '^2028-05-31  current +60  practice +CLIA +CLIA certificate'
expect_line '^2028-04-30  current +60  maria +CMA +CMA 0812457 \(AAMA\)$'
expect_out "26 credentials: 0 to renew, 0 expired, 0 not enrolled"
run credentials "$P" --within 200 --as maria; expect_rc 0 "--within 200"
expect_line '^2027-05-31  current +60  maria +BLS'
expect_line '^2027-03-31  current +45  practice +business_insurance'
expect_line '^2027-02-28  current +60  aisha +OSHA +OSHA BBP-2026-04 \(Bloodborne pathogens training\)$'
expect_out "5 credentials:"
run credentials "$P" --holder maria --as maria; expect_rc 0 "--holder maria"
expect_out "4 credentials:"
run credentials "$P" --holder practice --format json --as maria; expect_rc 0 "--format json"
expect_out '"kind": "CLIA"'; expect_out '"path": "practice.licences[1]"'; expect_out '"renew": "2027-02-14"'
expect_out '"issued": "2026-04-01"'
run audit "$P" --staff maria; expect_line 'credential\.read +credentials '

# ---- usage and refusals ----
run credentials "$P"; expect_rc 2 "no --as"; expect_err "--as STAFF is required"
run credentials "$P" --within -3 --as maria; expect_rc 2 "a negative --within"; expect_err "--within"
run credentials "$P" --within soon --as maria; expect_rc 2 "a word for --within"
run credentials "$P" --format xml --as maria; expect_rc 2 "a bad --format"; expect_err "expected text or json"
run credentials "$P" --holder nobody --as maria; expect_rc 1 "an unknown holder"
expect_err "holder: no staff member 'nobody'"
run credentials "$P" --as joe; expect_rc 1 "the front desk may not read them"; expect_err "joe may not credential.read"

# ---- the task list and check: a renewal from its lead time on ----
run tasks "$P" --through 2027-02-13 --as maria; expect_rc 0 "tasks the day before the lead time"
case "$out" in *"business insurance"*) bad "insurance listed before its 45 days" ;; *) ok "not before its lead time" ;; esac
run tasks "$P" --through 2027-02-14 --as maria; expect_rc 0 "tasks on the first day of the lead time"
expect_line "^2027-02-14 +licence +Renew Willow Creek Family Medicine's business insurance BOP-7731902 \(expires 2027-03-31\)$"
MEDOFFICE_NOW=2027-02-14T15:00:00Z run check "$P"
expect_out "practice.licences[1]: business insurance BOP-7731902 expires on 2027-03-31 (in 45 days)"
MEDOFFICE_NOW=2027-02-14T15:00:00Z run credentials "$P" --holder practice --as maria
expect_line '^2027-03-31  renew +45  practice +business_insurance'

# ---- a visit, then the licence lapses ----
cat > "$T/setup.lua" <<'EOF'
act_as("joe")
local a = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female",
  address = { line1 = "1 Oak St", city = "Willow Creek", state = "MN", zip = "55109" } }
local b = patients.register{ family = "Baker", given = "Bo", birth_date = "1980-01-02", sex = "male",
  address = { line1 = "2 Elm St", city = "Willow Creek", state = "MN", zip = "55109" } }
insurance.add{ patient = a, payer = "medicare", member_id = "1EG4-TE5-MK72", from = "2026-01-01" }
insurance.add{ patient = b, payer = "northstar", member_id = "W123456", from = "2026-01-01" }
schedule.book{ patient = a, provider = "dr_hart", visit_type = "follow_up", at = "2026-11-23 10:00" }
schedule.book{ patient = b, provider = "dr_hart", visit_type = "follow_up", at = "2026-11-23 10:20" }
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "patients, insurance, visits"
export MEDOFFICE_NOW=2026-11-23T17:00:00Z # 11:00: both visits over
for id in 1 2; do for s in arrived roomed seen checked_out; do
  "$MEDOFFICE" schedule mark "$P" $id $s --as joe >/dev/null || bad "mark $id $s"
done; done
run charge enter "$P" --appointment 1 --dx I10 --line 99213 --as dr_hart; expect_rc 0 "Ann's visit"
run charge enter "$P" --appointment 2 --dx I10 --line 99213 --as dr_hart; expect_rc 0 "Bo's visit"

# the licence lapses on 2026-12-31: no bookings after it
sed -i 's/number: "48213", issued: 2025-07-01, expires: 2028-06-30/number: "48213", issued: 2025-07-01, expires: 2026-12-31/' "$Y"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the licence's new expiry"
cat > "$T/book.lua" <<'EOF'
local ok, err = pcall(schedule.book, { patient = 1, provider = "dr_hart", visit_type = "follow_up",
  at = "2027-01-05 10:00" })
print(ok, err)
print(schedule.book{ patient = 1, provider = "dr_hart", visit_type = "follow_up", at = "2026-12-30 10:00" })
EOF
run run --as joe "$P" "$T/book.lua"; expect_rc 0 "booking around the lapse"
expect_out "false"; expect_out "dr_hart's state licence is not valid on 2027-01-05"
expect_out "the provider's state licence is valid that day"
expect_line '^[0-9]+$'
run credentials "$P" --holder dr_hart --as maria; expect_line '^2026-12-31  renew +60  dr_hart +license'

# lapsed yesterday (the practice still opens: provider_license_required
# off), and Northstar terminated the enrollment: both claims held
sed -i 's/expires: 2026-12-31 }/expires: 2026-11-22 }/; s/provider_license_required: true/provider_license_required: false/' "$Y"
sed -i 's/{ payer: northstar, status: enrolled,/{ payer: northstar, status: terminated,/' "$Y"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the lapse"
run check "$P"; expect_out "providers[0].license: license 48213 (MN) expired on 2026-11-22"
run claims create "$P" --as maria; expect_rc 0 "claims create"
run claims list "$P" --status held --as maria; expect_out "2 claims"
run claims history "$P" 1 --as maria
expect_out "the rendering provider dr_hart's state licence was not valid on 2026-11-23"
# renewed: Ann's Medicare claim goes, Bo's waits for the enrollment
sed -i 's/expires: 2026-11-22 }/expires: 2028-11-22 }/' "$Y"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the renewal"
run claims recheck "$P" 1 --as maria; expect_rc 0 "recheck 1"; expect_out "claim 1: ready"
run claims recheck "$P" 2 --as maria; expect_rc 0 "recheck 2"
expect_out "dr_hart is not enrolled with northstar on 2026-11-23 (enrollment terminated)"
run credentials "$P" --holder dr_hart --as maria; expect_line '^-  +terminated +120  dr_hart +enrollment +enrollment with Northstar'
expect_out "1 not enrolled"

# ---- bad YAML: refused, nothing changed ----
cp "$Y" "$T/good.yaml"
# refused_yaml SED WHAT TEXT: practice.yaml edited with SED is refused by
# apply naming TEXT; once it is restored, no file of the practice changed.
refused_yaml() {
  local before; before=$(snapshot "$P")
  sed -i "$1" "$Y"
  run apply "$P" --as maria; expect_rc 1 "$2"; expect_err "$3"
  cp "$T/good.yaml" "$Y"
  expect_same "$before" "$P" "$2"
}
refused_yaml 's/{ kind: CMA, number: "0812457", issuer: AAMA, issued: 2023-05-01, expires: 2028-04-30 }/{ kind: CMA, number: "0812457", issuer: AAMA, issued: 2026-03-01, expires: 2025-01-01 }/' \
  "an expiry before the issue date" "staff[1].credentials[0].expires: 2025-01-01 is before issued 2026-03-01"
refused_yaml 's/number: "48213", issued: 2025-07-01, expires: 2028-11-22/number: "48213", issued: 2029-07-01, expires: 2028-11-22/' \
  "a licence issued after it expires" "providers[0].license.expires: 2028-11-22 is before issued 2029-07-01"
refused_yaml 's/{ payer: northstar, status: terminated,/{ payer: northstr, status: terminated,/' \
  "an enrollment with an unknown payer" 'providers[0].enrollments[2].payer: unknown payer "northstr"'
refused_yaml 's/{ payer: northstar, status: terminated,/{ payer: northstar, status: active,/' \
  "a bad enrollment status" 'expected enrolled, pending, denied or terminated, got "active"'
refused_yaml 's/notice_days: { default: 60, DEA: 90/notice_days: { default: 60, DAE: 90/' \
  "a lead time for no kind" 'practice.notice_days.DAE: no credential of kind "DAE"'
refused_yaml 's/issued: 2026-04-01, expires: 2027-03-31, notice_days: 45/issued: 2026-04-01, expires: 2027-03-31, notice_days: 4000/' \
  "a lead time too long" 'practice.licences[1].notice_days: expected a number of days from 0 to 1095, got "4000"'
run apply "$P" --as maria; expect_rc 0 "the good practice.yaml applies"

finish
