# test_schedule.sh: the appointment book end to end on a starter practice
# (drlee sees patients Mon-Thu 08-12 and 13-17, Fri 08-12; maria office
# manager, joe front desk; the scheduling rules of policies/scheduling/
# office.lua) with the clock fixed at Monday 2026-11-23 09:00 in Chicago:
# patients registered from Lua, `schedule book` with its output, the
# rules (today's early slots held for sick visits, new patients in the
# morning, double booking for sick visits and the jobs that may), core
# refusals (exit 1 with the message, no audit entry), find (--first,
# --part, --limit), day, move, mark through the status order as the clock
# moves, cancel, reminders for tomorrow, usage errors (exit 2), the Lua
# `schedule` API from a script, and the audit log naming the actor.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago, the practice's zone
export MEDOFFICE_NOW=$NOW

# audit_count: the number of audit entries (refusals add none).
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
# usage WHAT ARGS...: medoffice ARGS exits 2.
usage() {
  local what=$1
  shift
  run "$@"; expect_rc 2 "$what"
}

P=$T/p
"$MEDOFFICE" init "$P" --template starter >/dev/null || { bad "init"; finish; exit 1; }

# ---- patients, from Lua ----
cat >"$T/register.lua" <<'EOF'
local a = patients.register{ family = "Garcia", given = "Ana", birth_date = "1980-02-03",
  sex = "female", phones = { mobile = "312-555-0101" } }
local b = patients.register{ family = "Brown", given = "Ben", birth_date = "1975-07-08",
  sex = "male" }
print("patients", a, b)
EOF
run run --as maria "$P" "$T/register.lua"; expect_rc 0 "maria registers two patients from Lua"
expect_out "patients	1	2"

# ---- book ----
run schedule book "$P" --patient 1 --provider drlee --visit-type follow_up \
  --at "2026-11-24 10:00" --as maria
expect_rc 0 "maria books a follow-up tomorrow at 10:00"
expect_line '^booked appointment 1$'
expect_line '^10:00  #1 +drlee +follow_up +exam1 +booked +patient 1$'
run schedule book "$P" --patient 2 --provider drlee --visit-type new_patient \
  --at "2026-11-24 08:00" --note "referred by Dr. Hart" --as joe
expect_rc 0 "the front desk books a new patient tomorrow morning"
expect_line '^booked appointment 2$'
expect_line '^08:00  #2 +drlee +new_patient +exam1 +booked +patient 2$'
run schedule book "$P" --patient 2 --provider drlee --location main --visit-type sick_visit \
  --at "2026-11-23 09:30" --room exam2 --as joe
expect_rc 0 "a sick visit today at 09:30 (held for sick visits), in exam2"
expect_line '^09:30  #3 +drlee +sick_visit +exam2 +booked +patient 2$'

# ---- refusals: the rules ----
refused "a follow-up today before 10:00" "today's slots before 10:00 are held for sick visits" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-23 09:40" --as maria
refused "a new patient in the afternoon" "new patients are seen before 12:00" \
  schedule book "$P" --patient 1 --provider drlee --visit-type new_patient --at "2026-11-25 14:00" --as maria
refused "double-booking a follow-up" "maria may not double-book: only a same-day sick visit may be squeezed in" \
  schedule book "$P" --patient 2 --provider drlee --visit-type follow_up --at "2026-11-24 10:00" --double-book --as maria
refused "the front desk double-booking" "joe may not double-book" \
  schedule book "$P" --patient 2 --provider drlee --visit-type sick_visit --at "2026-11-24 10:00" --double-book --as joe
expect_err "front_desk"

# ---- refusals: the core ----
refused "over another appointment" "drlee is busy at 2026-11-24 10:00 with appointment 1" \
  schedule book "$P" --patient 2 --provider drlee --visit-type sick_visit --at "2026-11-24 10:05" --as maria
refused "the patient's other appointment" "patient 1 already has appointment 1 at 2026-11-24 10:00" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-24 09:50" --as maria
refused "in the past" "2026-11-23 08:30 is in the past" \
  schedule book "$P" --patient 1 --provider drlee --visit-type sick_visit --at "2026-11-23 08:30" --as maria
refused "at lunch" "2026-11-24 12:30: drlee does not see patients at main then" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-24 12:30" --as maria
refused "across the end of the morning" "2026-11-24 11:50: drlee does not see patients at main then" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-24 11:50" --as maria
refused "on a Saturday" "drlee does not see patients at main then" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-28 10:00" --as maria
refused "an unknown provider" 'provider: no provider "drx" in practice.yaml' \
  schedule book "$P" --patient 1 --provider drx --visit-type follow_up --at "2026-11-24 14:00" --as maria
refused "an unknown visit type" 'visit type: no visit type "surgery" in practice.yaml' \
  schedule book "$P" --patient 1 --provider drlee --visit-type surgery --at "2026-11-24 14:00" --as maria
refused "an unknown patient" "no patient 99" \
  schedule book "$P" --patient 99 --provider drlee --visit-type follow_up --at "2026-11-24 14:00" --as maria
refused "a room of the wrong kind" "room: front is a front_desk room; follow_up visits need a exam room" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-24 14:00" --room front --as maria
refused "a time in the spring-forward gap" "2027-03-14 02:30 does not exist in America/Chicago" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2027-03-14 02:30" --as maria
refused "a staff member who is not on staff" "nobody may not" \
  schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-24 14:00" --as nobody

# ---- double booking a sick visit ----
run schedule book "$P" --patient 2 --provider drlee --visit-type sick_visit \
  --at "2026-11-24 10:00" --double-book --as maria
expect_rc 0 "maria squeezes a sick visit in over appointment 1"
expect_line '^10:00  #4 +drlee +sick_visit +exam2 +booked +patient 2  \(double-booked\)$'

# ---- find ----
run schedule find "$P" --visit-type follow_up --first --as maria
expect_rc 0 "the first follow-up slot"
expect_line '^2026-11-23 10:00  drlee +main +exam1$'; expect_line '^1 free slot$'
run schedule find "$P" --visit-type sick_visit --first --as joe
expect_rc 0 "the first sick-visit slot"
expect_line '^2026-11-23 09:00  drlee +main +exam1$'
run schedule find "$P" --visit-type follow_up --from 2026-11-24 --to 2026-11-24 --part morning --limit 3 --as maria
expect_rc 0 "three morning slots tomorrow"
expect_line '^2026-11-24 08:40  drlee +main +exam1$'
expect_line '^2026-11-24 09:00  drlee '; expect_line '^2026-11-24 09:20  drlee '
expect_line '^3 free slots$'
run schedule find "$P" --visit-type follow_up --from 2026-11-24 --to 2026-11-24 --part afternoon --first --as maria
expect_rc 0 "the first afternoon slot tomorrow"; expect_line '^2026-11-24 13:00  drlee '
run schedule find "$P" --visit-type new_patient --from 2026-11-24 --to 2026-11-24 --part afternoon --as maria
expect_rc 0 "new patients in the afternoon: none (the rule)"; expect_line '^0 free slots$'
run schedule find "$P" --visit-type follow_up --from 2026-11-26 --to 2026-11-26 --limit 50 --as maria
expect_rc 0 "a full Thursday"; expect_line '^24 free slots$'
refused "find: an unknown visit type" 'visit type: no visit type "surgery"' \
  schedule find "$P" --visit-type surgery --as maria
refused "find: more than 367 days" "find: expected a range of 1 to 367 days" \
  schedule find "$P" --visit-type follow_up --from 2026-11-24 --to 2027-11-26 --as maria

# ---- day ----
run schedule day "$P" --provider drlee --date 2026-11-24 --as maria
expect_rc 0 "drlee's day tomorrow"
expect_line '^drlee, 2026-11-24$'
expect_line '^08:00  #2 +drlee +new_patient +exam1 +booked +patient 2 Brown, Ben$'
expect_line '^10:00  #1 +drlee +follow_up +exam1 +booked +patient 1 Garcia, Ana  3125550101$'
expect_line '^10:00  #4 +drlee +sick_visit +exam2 +booked +patient 2 Brown, Ben  \(double-booked\)$'
expect_line '^3 appointments$'
run schedule day "$P" --location main --as joe
expect_rc 0 "today at main"; expect_line '^main, 2026-11-23$'
expect_line '^09:30  #3 +drlee +sick_visit +exam2 +booked '; expect_line '^1 appointment$'

# ---- move ----
run schedule move "$P" 1 --at "2026-11-24 11:00" --as joe
expect_rc 0 "joe moves appointment 1 to 11:00"
expect_line '^11:00  #1 +drlee +follow_up +exam1 +booked +patient 1$'
refused "a move into a conflict" "drlee is busy at 2026-11-24 11:00 with appointment 1" \
  schedule move "$P" 2 --at "2026-11-24 10:40" --as joe
refused "a move outside the hours" "drlee does not see patients at main then" \
  schedule move "$P" 1 --at "2026-11-24 17:00" --as joe
run schedule day "$P" --provider drlee --date 2026-11-24 --as maria
expect_line '^08:00  #2 +drlee +new_patient '; expect_line '^11:00  #1 +drlee +follow_up '

# ---- mark ----
run schedule mark "$P" 3 arrived --as joe
expect_rc 0 "the sick visit arrives"; expect_line '^09:30  #3 +drlee +sick_visit +exam2 +arrived '
refused "no-show after arrival" "appointment 3: cannot mark it no_show: the appointment is arrived" \
  schedule mark "$P" 3 no_show --as joe
run schedule mark "$P" 3 seen --as drlee; expect_rc 0 "seen (roomed skipped)"
expect_line ' seen '
refused "back to roomed" "the appointment is already seen" schedule mark "$P" 3 roomed --as joe
run schedule mark "$P" 3 checked_out --as joe; expect_rc 0 "checked out"; expect_line ' checked_out '
refused "a no-show before the start" "appointment 2: cannot mark it no_show: it has not started yet" \
  schedule mark "$P" 2 no_show --as joe
refused "not a status" "cannot mark it done" schedule mark "$P" 2 done --as joe
MEDOFFICE_NOW=2026-11-24T14:30:00Z run schedule mark "$P" 2 no_show --as joe
expect_rc 0 "a no-show at 08:30 tomorrow"; expect_line '^08:00  #2 +drlee +new_patient +exam1 +no_show '

# ---- cancel ----
run schedule cancel "$P" 4 --reason "feeling better" --as joe
expect_rc 0 "joe cancels appointment 4"; expect_line '^10:00  #4 +drlee +sick_visit +exam2 +cancelled '
refused "cancelled twice" "appointment 4 is cancelled; only a booked appointment is cancelled" \
  schedule cancel "$P" 4 --reason again --as joe
refused "a move of a cancelled appointment" "appointment 4 is cancelled; only a booked appointment moves" \
  schedule move "$P" 4 --at "2026-11-24 14:00" --as joe
run schedule day "$P" --provider drlee --date 2026-11-24 --as maria
expect_no_line '#4 '; expect_line '^2 appointments$'
run schedule day "$P" --provider drlee --date 2026-11-24 --all --as maria
expect_line '^10:00  #4 .* cancelled '; expect_line '^3 appointments$'

# ---- reminders: tomorrow's booked appointments ----
run schedule reminders "$P" --as maria
expect_rc 0 "tomorrow's reminder calls"
expect_line '^11:00  #1 +drlee +follow_up +exam1 +booked +patient 1 Garcia, Ana  3125550101$'
expect_no_line '#2 '; expect_no_line '#4 '; expect_line '^1 appointment$'
run schedule reminders "$P" --date 2026-11-23 --as maria
expect_rc 0 "today's list"; expect_line '^0 appointments$'

# ---- usage errors: exit 2 ----
usage "book without --as" schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --at "2026-11-25 10:00"
expect_err "--as STAFF is required"
usage "book without --patient" schedule book "$P" --provider drlee --visit-type follow_up --at "2026-11-25 10:00" --as maria
expect_err "--patient is required"
usage "book without --at" schedule book "$P" --patient 1 --provider drlee --visit-type follow_up --as maria
expect_err "--at is required"
usage "an unknown subcommand" schedule frobnicate "$P" --as maria
expect_err 'got "frobnicate"'
usage "no subcommand" schedule
usage "cancel without --reason" schedule cancel "$P" 1 --as maria
usage "mark without a status" schedule mark "$P" 1 --as maria
usage "a bad id" schedule mark "$P" x arrived --as maria
usage "day with neither --provider nor --location" schedule day "$P" --as maria
usage "a bad --part (day)" schedule day "$P" --provider drlee --part evening --as maria
expect_err "--part: expected morning or afternoon, got evening"
usage "a bad --part (find)" schedule find "$P" --visit-type follow_up --part evening --as maria
expect_err "--part: expected morning or afternoon, got evening"
usage "a bad --at text" schedule book "$P" --patient 99 --provider drlee --visit-type follow_up --at tomorrow --as maria
expect_err '--at: expected a local time such as "2026-12-01 09:30", got "tomorrow"'
usage "an --at with trailing text" schedule book "$P" --patient 99 --provider drlee --visit-type follow_up --at "2026-11-25 10:0x" --as maria
expect_err "--at"

# ---- the Lua API ----
cat >"$T/api.lua" <<'EOF'
local id = schedule.book{ patient = 1, provider = "drlee", visit_type = "sick_visit",
  at = "2026-11-25 09:00", note = "cough" }
local a = schedule.get(id)
print("booked", id, a.status, a.at, a.start, a["end"], a.room, a.visit_type, a.note)
local s = schedule.first{ visit_type = "follow_up", from = "2026-11-25", to = "2026-11-25" }
print("first", s.provider, s.location, s.room, s.at)
local slots = schedule.find{ visit_type = "follow_up", from = "2026-11-25", to = "2026-11-25",
  part = "afternoon", limit = 2 }
print("find", #slots, slots[1].at, slots[2].at)
schedule.move(id, "2026-11-25 09:30")
print("moved", schedule.get(id).at)
local day = schedule.day{ provider = "drlee", date = "2026-11-25" }
print("day", #day, day[1].id, day[1].patient_name, day[1].phone)
print("conflict", pcall(schedule.book, { patient = 2, provider = "drlee",
  visit_type = "follow_up", at = "2026-11-25 09:35" }))
print("gap", pcall(schedule.book, { patient = 2, provider = "drlee",
  visit_type = "follow_up", at = "2027-03-14 02:30" }))
schedule.mark(id, "arrived")
print("back", pcall(schedule.mark, id, "booked"))
local b = schedule.book{ patient = 2, provider = "drlee", visit_type = "follow_up",
  at = "2026-11-25T21:00:00Z" }
schedule.cancel(b, "moved away")
print("cancelled", b, schedule.get(b).status, schedule.get(b).reason)
print("reminders", #schedule.list("reminders"), #schedule.list("reminders", "2026-11-25"))
print("trailing", pcall(schedule.book, { patient = 2, provider = "drlee",
  visit_type = "follow_up", at = "2026-11-25 10:0x" }))
EOF
run run --as maria "$P" "$T/api.lua"
expect_rc 0 "the Lua schedule API"
expect_line '^booked	5	booked	2026-11-25 09:00	2026-11-25T15:00:00\.000000Z	2026-11-25T15:15:00\.000000Z	exam1	sick_visit	cough$'
expect_line '^first	drlee	main	exam1	2026-11-25 08:00$'
expect_line '^find	2	2026-11-25 13:00	2026-11-25 13:20$'
expect_line '^moved	2026-11-25 09:30$'
expect_line '^day	1	5	Garcia, Ana	3125550101$'
expect_line '^conflict	false	.*drlee is busy at 2026-11-25 09:30 with appointment 5'
expect_line '^gap	false	.*2027-03-14 02:30 does not exist in America/Chicago'
expect_line '^back	false	.*cannot mark it booked'
expect_line '^cancelled	6	cancelled	moved away$'
expect_line '^reminders	1	0$'
expect_line '^trailing	false	.*at: '

# ---- the audit log ----
run audit "$P" --staff maria
expect_rc 0 "maria's audit entries"
expect_line ' maria +appointment\.book +appointment:1 '
expect_line ' maria +appointment\.read +appointment:1 '
expect_line ' maria +appointment\.book +appointment:5 '
run audit "$P" --record appointment:1
expect_rc 0 "the history of appointment 1"
expect_line ' maria +appointment\.book +appointment:1 '
expect_line ' joe +appointment\.reschedule +appointment:1 '
run audit "$P" --staff joe
expect_line ' joe +appointment\.book +appointment:2 '
expect_line ' joe +appointment\.check_in +appointment:3 '
expect_line ' joe +appointment\.no_show +appointment:2 '
expect_line ' joe +appointment\.cancel +appointment:4 '
expect_line ' joe +appointment\.read +schedule '
run audit verify "$P"; expect_rc 0 "the audit chain verifies"

# ---- an import: all or nothing, audited per chunk ----
cat > "$T/import.lua" <<'EOF2'
local a = patients.register{ family = "Imp", given = "One", birth_date = "1961-01-01", sex = "male" }
local b = patients.register{ family = "Imp", given = "Two", birth_date = "1962-01-01", sex = "male" }
local ids = schedule.import{
  { patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-12-01 14:00" },
  { patient = b, provider = "drlee", visit_type = "follow_up", at = "2026-12-01 14:20" },
}
print("imported", #ids, schedule.get(ids[2]).at)
local ok, err = pcall(schedule.import, {
  { patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-12-02 14:00" },
  { patient = b, provider = "drlee", visit_type = "follow_up", at = "2026-12-02 14:10" },
})
print(ok, err)
print("day", #schedule.day{ provider = "drlee", date = "2026-12-02" })
print(pcall(schedule.import, { { patient = a, provider = "drlee", visit_type = "new_patient", at = "2026-12-03 14:00" } }))
EOF2
run run --as maria "$P" "$T/import.lua"; expect_rc 0 "an import from a script"
expect_out "imported	2	2026-12-01 14:20"
expect_out "appointment 2 of the import: drlee is busy at 2026-12-02 14:00"
expect_out "day	0"
expect_out "appointment 1 of the import: new patients are seen before 12:00"
run audit "$P" --staff maria; expect_line ' maria +appointment\.import +appointment:[0-9]+-[0-9]+ '
echo 'schedule.import{ { patient = 1, provider = "drlee", visit_type = "follow_up", at = "2026-12-04 14:00" } }' > "$T/joe_import.lua"
run run --as joe "$P" "$T/joe_import.lua"; expect_rc 1 "the front desk may not import"
expect_err "joe may not appointment.import"

# ---- equipment: a visit type that needs it gets a room that has it ----
E=$T/equip
"$MEDOFFICE" init "$E" >/dev/null || bad "init the equipment practice"
sed -i 's/      - { id: exam2, name: Exam 2, kind: exam }/      - { id: exam2, name: Exam 2, kind: exam, equipment: [ ecg ] }/' "$E/practice.yaml"
sed -i 's/  - { id: sick_visit, name: Same-day sick visit, duration: 15m, codes: \[ "99212" \] }/&\n  - { id: ecg, name: Electrocardiogram, duration: 15m, equipment: [ ecg ], codes: [ "93000" ] }/' "$E/practice.yaml"
cat > "$E/eq.lua" <<'EOF2'
local pid = patients.register{ family = "Ray", given = "Eve", birth_date = "1970-01-02", sex = "female" }
local id = schedule.book{ patient = pid, provider = "drlee", visit_type = "ecg", at = "2026-11-24 10:00" }
print("room", schedule.get(id).room)
print(pcall(schedule.book, { patient = pid, provider = "drlee", visit_type = "ecg", at = "2026-11-24 10:30", room = "exam1" }))
EOF2
run run --apply --as maria "$E" "$E/eq.lua"; expect_rc 0 "booking a visit that needs equipment"
expect_out "room	exam2"
expect_out "room: exam1 lacks equipment that ecg visits need"
# ---- sessions that take some visit types only: Saturday sick clinic ----
sed -i 's/^        fri: "08:00-12:00"$/&\n      - { location: main, sat: "09:00-11:00", visit_types: [ sick_visit ] }/' "$E/practice.yaml"
cat > "$E/sat.lua" <<'EOF2'
local pid = patients.register{ family = "Sat", given = "Urday", birth_date = "1980-03-04", sex = "male" }
print(pcall(schedule.book, { patient = pid, provider = "drlee", visit_type = "follow_up", at = "2026-11-28 09:00" }))
print("sick", schedule.book{ patient = pid, provider = "drlee", visit_type = "sick_visit", at = "2026-11-28 09:00" } > 0)
local slots = schedule.find{ visit_type = "follow_up", from = "2026-11-28", to = "2026-11-28" }
print("follow-up slots on saturday", #slots)
print("sick slot", schedule.first{ visit_type = "sick_visit", from = "2026-11-28", to = "2026-11-28" }.at)
EOF2
run run --apply --as maria "$E" "$E/sat.lua"; expect_rc 0 "a sick-visit-only session"
expect_out "drlee does not see follow_up visits at main then"
expect_out "sick	true"
expect_out "follow-up slots on saturday	0"
expect_out "sick slot	2026-11-28 09:15"
sed -i 's/visit_types: \[ sick_visit \] }/visit_types: [ sick_vist ] }/' "$E/practice.yaml"
run check "$E"; expect_rc 1 "an unknown visit type in a session"
expect_err 'unknown visit type "sick_vist" (did you mean "sick_visit"?)'
sed -i 's/visit_types: \[ sick_vist \] }/visit_types: [ sick_visit ] }/' "$E/practice.yaml"

# ---- extra hours: a Sunday clinic for one day ----
cat > "$E/extra.lua" <<'EOF2'
local pid = patients.register{ family = "Sun", given = "Day", birth_date = "1981-03-04", sex = "female" }
print(pcall(schedule.book, { patient = pid, provider = "drlee", visit_type = "follow_up", at = "2026-11-29 10:00" }))
local h = hours.add{ provider = "drlee", location = "main", date = "2026-11-29", start = "10:00", ["end"] = "12:00",
  visit_types = { "follow_up", "sick_visit" } }
print("slot", schedule.first{ visit_type = "follow_up", from = "2026-11-29", to = "2026-11-29" }.at)
print("no new patients", schedule.first{ visit_type = "new_patient", from = "2026-11-29", to = "2026-11-29" })
local id = schedule.book{ patient = pid, provider = "drlee", visit_type = "follow_up", at = "2026-11-29 10:00" }
print("booked", schedule.get(id).at)
print("list", #hours.list{ date = "2026-11-29" }, hours.list{ date = "2026-11-29" }[1].visit_types[2])
print("gaps", #shifts.gaps{ from = "2026-11-29", to = "2026-11-29" })
print(pcall(hours.add, { provider = "drlee", location = "main", date = "2026-11-29", start = "11:00", ["end"] = "13:00" }))
print(pcall(hours.add, { provider = "drlee", location = "main", date = "2026-11-29", start = "13:00", ["end"] = "12:00" }))
print(pcall(hours.add, { provider = "drlee", location = "main", date = "2026-11-29", start = "13:00", ["end"] = "14:00", visit_types = { "ecgg" } }))
hours.cancel(h)
print(pcall(schedule.book, { patient = pid, provider = "drlee", visit_type = "follow_up", at = "2026-11-29 11:00" }))
EOF2
run run --as maria "$E" "$E/extra.lua"; expect_rc 0 "extra hours"
expect_out "drlee does not see patients at main then"
expect_out "slot	2026-11-29 10:00"
expect_out "no new patients	nil"
expect_out "booked	2026-11-29 10:00"
expect_out "list	1	sick_visit"
expect_out "gaps	1"
expect_out "drlee has extra hours 1 then already"
expect_out "expected a start before the end"
expect_out 'no visit type "ecgg"'
echo 'hours.add{ provider = "drlee", location = "main", date = "2026-12-06", start = "10:00", ["end"] = "12:00" }' > "$E/joe_hours.lua"
run run --as joe "$E" "$E/joe_hours.lua"; expect_rc 1 "the front desk may not add hours"
expect_err "joe may not schedule.hours"

sed -i 's/equipment: \[ ecg \], codes/equipment: [ ekg ], codes/' "$E/practice.yaml"
run check "$E"; expect_rc 1 "equipment no room has"
expect_err "visit_types[3]: no exam room in any location has all of this equipment"

finish
