# test_patients.sh: the patient register end to end on a starter practice
# (drlee physician_owner, maria office_manager, joe front_desk): register
# with every field, a possible duplicate refused and then allowed, bad
# input refused naming the field with nothing changed, usage errors (exit
# 2), find by name, birth date and phone, show, update, merge (refused for
# the front desk, naming the job; done by the office manager) with the
# merged record kept; a board member of a multi-site group denied any
# read; the audit log showing each read with its actor; the Lua API
# (patients.*) from scripts, with did-you-mean for unknown fields.
. "$(dirname "$0")/lib.sh"

expect_no_out() { # expect_no_out TEXT: stdout lacks TEXT
  case "$out" in *"$1"*) bad "stdout should lack: $1"; echo "  stdout: $out" ;; *) ok "stdout lacks: $1" ;; esac
}

P=$T/p
"$MEDOFFICE" init "$P" >/dev/null || { bad "init"; finish; exit 1; }

# ---- register ----
run patient register "$P" --as joe --family "García" --given "María José" \
  --middle Elena --birth-date 1980-02-03 --sex female --mobile "+1 (217) 555-0123" \
  --home 217.555.0100 --email maria@example.com --language es --line1 "12 Main St" \
  --line2 "Apt 4" --city Springfield --state IL --zip 62701 \
  --emergency-name "Luis García" --emergency-phone "217 555 0111" --emergency-relation husband
expect_rc 0 "the front desk registers a patient"
expect_out "registered patient 1: García, María José"
run patient register "$P" --as joe --family Garcia --given "maria jose" --birth-date 1980-02-03 --sex female
expect_rc 1 "the same name and birth date (case and accents aside) is refused"
expect_err "patient Garcia, maria jose born 1980-02-03 may be registered already as patient 1 (García, María José: same name and birth date)"
expect_err "--allow-duplicate registers anyway"
run patient register "$P" --as joe --family Lopez --given Ana --birth-date 1980-02-03 --sex female --mobile 2175550123
expect_rc 1 "the same birth date and mobile phone is refused"
expect_err "as patient 1 (García, María José: same birth date and mobile phone)"
run patient register "$P" --as joe --family Garcia --given Maria --birth-date 1980-02-03 --sex female --mobile 2175550123 --allow-duplicate
expect_rc 0 "a duplicate allowed"; expect_out "registered patient 2: Garcia, Maria"
run patient register "$P" --as joe --family Smith --given John --birth-date 1960-06-06 --sex male --work "(217) 555-0100" --guarantor 1
expect_rc 0 "a patient with a guarantor"; expect_out "registered patient 3"

# ---- refusals: nothing changes ----
before=$(snapshot "$P")
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-01-01 --sex female --zip 1234
expect_rc 1 "a bad ZIP code"; expect_err "patient address.zip: expected a ZIP code such as 62701 or 62701-1234, got \"1234\""
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-01-01 --sex f
expect_rc 1 "a bad sex"; expect_err "patient sex: expected female, male, other or unknown, got \"f\""
run patient register "$P" --as joe --family Doe --given Jane --birth-date 2030-01-01 --sex female
expect_rc 1 "a birth date in the future"; expect_err "patient birth_date: 2030-01-01 is in the future"
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-01-01 --sex female --mobile 555-0123
expect_rc 1 "a short phone"; expect_err "patient phones.mobile: expected a 10-digit phone number"
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-01-01 --sex female --email jane
expect_rc 1 "a bad e-mail"; expect_err "patient email: expected an e-mail address"
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-01-01 --sex female --guarantor 99
expect_rc 1 "an unknown guarantor"; expect_err "patient guarantor: no patient 99"
run patient register "$P" --as joe --given Jane --birth-date 1990-01-01 --sex female
expect_rc 1 "no family name"; expect_err "patient family: required"
run patient register "$P" --family Doe --given Jane --birth-date 1990-01-01 --sex female
expect_rc 2 "no --as"; expect_err "--as STAFF is required"
run patient register "$P" --as joe --family Doe --given Jane --birth-date 1990-13-01 --sex female
expect_rc 2 "a malformed birth date"; expect_err "--birth-date:"
run patient find "$P" --as joe --family Doe
expect_rc 2 "find takes no --family"; expect_err "find does not take --family"
run patient show "$P" abc --as joe; expect_rc 2 "show with a bad id"; expect_err "expected a patient number"
run patient show "$P" --as joe; expect_rc 2 "show without an id"
run patient merge "$P" 1 --as maria; expect_rc 2 "merge with one id"
run patient update "$P" 1 --as joe; expect_rc 2 "update with nothing to change"
run patient frobnicate "$P" --as joe; expect_rc 2 "an unknown subcommand"; expect_err "unknown subcommand \"frobnicate\""
run patient; expect_rc 2 "no subcommand"
run patient find "$P" --as joe; expect_rc 1 "find without criteria"; expect_err "give a name, a birth date or a phone"
run patient find "$P" --as joe --name x --limit 500; expect_rc 1 "find with too large a limit"; expect_err "patient search limit: expected 1 to 200, got 500"
expect_same "$before" "$P" "refused registrations and usage errors"
run help patient; expect_rc 0 "help patient"; expect_out "patient merge [DIR] FROM INTO"
# a denial changes only the decision log
records() { sqlite3 "$1/practice.db" "select * from patient; select * from recall; select * from appointment; select * from audit"; }
before=$(records "$P")
run patient register "$P" --as nobody --family Doe --given Jane --birth-date 1990-01-01 --sex female
expect_rc 1 "an unknown staff member"; expect_err "nobody may not patient.register"
[ "$before" = "$(records "$P")" ] && ok "a denied registration writes no record" || bad "a denied registration wrote"

# ---- find, show ----
run patient find "$P" --as joe --name garc
expect_rc 0 "find by name"
expect_line '^#2 +Garcia, Maria +1980-02-03  female  mobile \(217\) 555-0123$'
expect_line '^#1 +García, María José Elena +1980-02-03  female  mobile \(217\) 555-0123$'
expect_out "2 patients found"
run patient find "$P" --as joe --name "garcia maria j"; expect_rc 0 "find by the start of the full name"
expect_out "1 patient found"; expect_out "#1 "
run patient find "$P" --as joe --phone "217-555-0100"; expect_rc 0 "find by phone (home or work)"
expect_out "#1 "; expect_out "#3 "; expect_out "2 patients found"
run patient find "$P" --as joe --birth-date 1960-06-06; expect_rc 0 "find by birth date"
expect_line '^#3 +Smith, John +1960-06-06  male    work \(217\) 555-0100$'
run patient find "$P" --as joe --name smith --birth-date 1980-02-03; expect_rc 0 "name and birth date"
expect_out "0 patients found"
run patient show "$P" 1 --as drlee; expect_rc 0 "the physician reads a record"
expect_out "patient 1: García, María José Elena"
expect_out "  status:     active"; expect_out "  born:       1980-02-03"
expect_out "  address:    12 Main St, Apt 4, Springfield, IL 62701"
expect_out "  phones:     home (217) 555-0100  mobile (217) 555-0123"
expect_out "  emergency:  Luis García (husband) (217) 555-0111"
expect_out "  registered: 2026-11-23T15:00:00 by joe"
run patient show "$P" 3 --as joe; expect_rc 0 "show with a guarantor"; expect_out "  guarantor:  patient 1"
run patient show "$P" 42 --as joe; expect_rc 1 "show an unknown patient"; expect_err "no patient 42"

# ---- update ----
run patient update "$P" 1 --as joe --city Chicago --home "" --zip 60601
expect_rc 0 "the front desk updates an address"; expect_out "updated patient 1"
run patient show "$P" 1 --as joe
expect_out "  address:    12 Main St, Apt 4, Chicago, IL 60601"; expect_out "  phones:     mobile (217) 555-0123"
run audit "$P" --patient 1
expect_out '"changed":"city,zip,phone_home"'; expect_out '"city":"Chicago","city_before":"Springfield"'
run patient update "$P" 3 --as joe --guarantor none; expect_rc 0 "remove a guarantor"
run patient update "$P" 1 --as joe --family ""; expect_rc 1 "remove the family name"
expect_err "patient family: required, it cannot be removed"

# ---- merge ----
sqlite3 "$P/practice.db" "INSERT INTO recall(patient, due_day, reason, created_us, created_by) VALUES(2, 20900, 'annual', 1, 'joe')"
before=$(records "$P")
run patient merge "$P" 2 1 --as joe
expect_rc 1 "the front desk may not merge"
expect_err "joe may not patient.merge: the job Front office medical assistant (front_desk) does not permit it"
[ "$before" = "$(records "$P")" ] && ok "a denied merge changes no record" || bad "a denied merge wrote"
run patient merge "$P" 2 1 --as maria; expect_rc 0 "the office manager merges"
expect_out "merged patient 2 into patient 1"
[ "$(sqlite3 "$P/practice.db" "select patient from recall")" = 1 ] && ok "the recall moved to patient 1" || bad "the recall did not move"
run patient show "$P" 2 --as maria; expect_rc 0 "the merged record is kept"
expect_out "  status:     merged into patient 1"; expect_out "patient 2: Garcia, Maria"
run patient find "$P" --as joe --name garc; expect_rc 0 "find after the merge"
expect_out "1 patient found"; expect_no_out "#2 "
run patient update "$P" 2 --as maria --city Chicago; expect_rc 1 "a merged record is not updated"
expect_err "patient 2 was merged into patient 1; update that record"
run patient merge "$P" 2 1 --as maria; expect_rc 1 "merge again"; expect_err "patient merge from: patient 2 was merged into patient 1"
run patient merge "$P" 1 1 --as maria; expect_rc 1 "merge into itself"; expect_err "cannot merge patient 1 into itself"

# ---- the audit log: reads with their actor ----
run audit "$P" --patient 1; expect_rc 0 "audit of patient 1"
expect_line 'drlee +patient\.read +patient:1 +allowed'
expect_line 'joe +patient\.register +patient:1 '
run audit "$P" --patient 2; expect_out "maria      patient.merge    patient:2"; expect_out '"from":2'
expect_out '"into":1'; expect_out '"recalls":"1"'
run audit "$P" --record patient:search; expect_rc 0 "audit of searches"
expect_line 'joe +patient\.read +patient:search .*"ids":"2,1".*"name":"garc"'
run audit "$P" --staff drlee; expect_out "patient.read"
run audit verify "$P"; expect_rc 0 "the audit chain is intact"

# ---- a job without patient access ----
M=$T/m
"$MEDOFFICE" init "$M" --template multi-site-group >/dev/null || bad "init multi-site"
run patient register "$M" --as maria --family Kim --given Lee --birth-date 1999-09-09 --sex male
expect_rc 0 "a multi-site office manager registers"
before=$(snapshot "$M")
run patient find "$M" --name kim --as chair
expect_rc 1 "the board chair may not read patients"
expect_err "chair may not patient.read: the job Board of directors (chair) (board) does not permit it"
run patient show "$M" 1 --as chair; expect_rc 1 "nor show one"; expect_err "chair may not patient.read"
run explain "$M"; expect_rc 0 "the denial is explained"; expect_out "action:   patient.read"
after_audit=$(sqlite3 "$M/practice.db" "select count(*) from audit where actor = 'chair'")
[ "$after_audit" = 0 ] && ok "no audit entry for denied reads" || bad "denied reads audited"

# ---- Lua ----
cat > "$T/reg.lua" <<'EOF'
act_as("joe")
local id = patients.register{ family = "Nguyen", given = "Anh", birth_date = "2001-04-05", sex = "male",
  phones = { mobile = "(217) 555-0177" }, address = { city = "Urbana", state = "IL" },
  emergency = { name = "Bao Nguyen", phone = "2175550178", relation = "father" } }
local p = patients.get(id)
print(p.id, p.family, p.birth_date, p.phones.mobile, p.address.city, p.emergency.relation, p.status)
print(patients.register{ family = "NGUYEN", given = "anh", birth_date = "2001-04-05", sex = "male" })
local found = patients.search{ name = "nguy", limit = 5 }
print(#found, found[1].given)
patients.update(id, { phones = { work = "217 555 0179" }, language = "vi" })
print(patients.get(id).phones.work, patients.get(id).language)
print(pcall(patients.merge, id, 1))
print(patients.get(999))
EOF
run run --as joe "$P" "$T/reg.lua"; expect_rc 0 "patients from a script"
expect_line "^4	Nguyen	2001-04-05	2175550177	Urbana	father	active$"
expect_out "may be registered already as patient 4 (Nguyen, Anh: same name and birth date); allow_duplicate = true registers anyway"
expect_line "^1	Anh$"; expect_line "^2175550179	vi$"
expect_out "joe may not patient.merge"
expect_line "^nil	no patient 999$"
echo 'patients.register{ family = "X", given = "Y", birth_date = "2000-01-01", sex = "male", phone = { mobile = "2175550100" } }' > "$T/typo.lua"
run run --as joe "$P" "$T/typo.lua"; expect_rc 1 "an unknown field"; expect_err "unknown field 'phone' (did you mean \"phones\"?)"
echo 'patients.register{ family = "X", given = "Y", birth_date = "2000-01-01", sex = "male", phones = { mobil = "2175550100" } }' > "$T/typo2.lua"
run run --as joe "$P" "$T/typo2.lua"; expect_rc 1 "an unknown phone"; expect_err "unknown field 'mobil' (did you mean \"mobile\"?)"
echo 'patients.register{ family = "X", given = "Y", birth_date = "2000-01-01", sex = "male", address = { zip = "1" } }' > "$T/zip.lua"
run run --as joe "$P" "$T/zip.lua"; expect_rc 1 "a bad ZIP from Lua"; expect_err "patient address.zip: expected a ZIP code"
echo 'print(patients.search{ birth_date = "2001-04-05" }[1].family); patients.search{ nmae = "x" }' > "$T/s.lua"
run run --as drlee "$P" "$T/s.lua"; expect_rc 1 "search with a typo"; expect_out "Nguyen"
expect_err "unknown field 'nmae' (did you mean \"name\"?)"
finish
