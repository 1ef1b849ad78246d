# test_calendar.sh: `medoffice calendar` end to end on starter practices
# (drlee at main, maria office manager, joe front desk) with the clock
# fixed at Monday 2026-11-23 09:00 in Chicago: an appointment booked with
# `schedule book` for a patient registered from Lua, exported for the week
# (UTC times, stable UIDs, initials and never the name, the same file
# twice); the doctor's calendar (tests/fixtures/ical/meetings.ics)
# imported as blocks, then again (all unchanged, nothing written), the
# export of those blocks imported into another practice; malformed files
# refused with file:line and nothing written; joe, who may not add
# blocks, refused; usage errors (exit 2).
. "$(dirname "$0")/lib.sh"

NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago, the practice's zone
export MEDOFFICE_NOW=$NOW
ICAL=$FIXTURES/ical

# expect_file_has FILE TEXT / expect_file_lacks FILE TEXT
expect_file_has() {
  if grep -qF -- "$2" "$1"; then ok "$(basename "$1") has: $2"; else
    bad "$(basename "$1") lacks: $2"; cat "$1"; fi
}
expect_file_lacks() {
  if grep -qF -- "$2" "$1"; then bad "$(basename "$1") has: $2"; else
    ok "$(basename "$1") lacks: $2"; fi
}

A=$T/a
B=$T/b
"$MEDOFFICE" init "$A" >/dev/null || { bad "init a"; finish; exit 1; }
"$MEDOFFICE" init "$B" >/dev/null || { bad "init b"; finish; exit 1; }

cat >"$T/register.lua" <<'EOF'
print(patients.register{ family = "Lopez", given = "Ana",
                         birth_date = "1980-02-03", sex = "female" })
EOF
run run --as maria "$A" "$T/register.lua"
expect_rc 0 "register a patient from Lua"
PATIENT=$out

run schedule book "$A" --patient "$PATIENT" --provider drlee \
  --visit-type follow_up --at "2026-11-24 09:00" --as joe
expect_rc 0 "book Tuesday 09:00"
expect_out "booked appointment 1"

# ---- export ----

run calendar export "$A" --provider drlee --from 2026-11-23 --to 2026-11-29 \
  -o "$T/week.ics" --as joe
expect_rc 0 "export drlee's week"
expect_out "week.ics: 1 events of drlee, 2026-11-23 to 2026-11-29"
expect_file_has "$T/week.ics" "PRODID:-//medoffice//medoffice//EN"
expect_file_has "$T/week.ics" "METHOD:PUBLISH"
expect_file_has "$T/week.ics" "UID:appointment-1@1245319599.medoffice"
expect_file_has "$T/week.ics" "DTSTART:20261124T150000Z"
expect_file_has "$T/week.ics" "DTEND:20261124T152000Z"
expect_file_has "$T/week.ics" "SUMMARY:Established patient visit (A. L.)"
expect_file_has "$T/week.ics" "LOCATION:Starter Family Clinic"
expect_file_lacks "$T/week.ics" "Lopez"
if grep -q $'\r$' "$T/week.ics"; then ok "CRLF lines"; else bad "no CRLF lines"; fi

run calendar export "$A" --location main --from 2026-11-23 --to 2026-11-29 --as joe
expect_rc 0 "export the location's week to stdout"
if [ "$out" = "$(cat "$T/week.ics")" ]; then ok "the same calendar, same UIDs"
else bad "stdout differs from week.ics"; fi

run calendar export "$A" --provider drlee --as joe
expect_rc 0 "export the default range (today and 30 days)"
expect_out "DTSTART:20261124T150000Z"

# ---- import ----

# (the denial itself is kept in the decision log; no block is: the
# next import adds all six)
run calendar import "$A" "$ICAL/meetings.ics" --provider drlee --as joe
expect_rc 1 "joe may not add blocks"
expect_err "joe may not schedule.block"

run calendar import "$A" "$ICAL/meetings.ics" --provider drlee --as maria
expect_rc 0 "import the doctor's calendar"
expect_out "6 added, 0 updated, 0 unchanged"

before=$(snapshot "$A")
run calendar import "$A" "$ICAL/meetings.ics" --provider drlee --as maria
expect_rc 0 "import it again"
expect_out "0 added, 0 updated, 6 unchanged"
expect_same "$before" "$A" "second import"

run schedule find "$A" --visit-type follow_up --provider drlee --from 2026-12-02 \
  --to 2026-12-02 --limit 100 --as maria
expect_rc 0 "find slots on Wednesday 12-02"
case "$out" in *"2026-12-02 09:00"*) bad "09:00 offered inside the London call" ;;
  *) ok "the London call (09:00-10:00 Chicago) blocks 09:00" ;; esac

run calendar export "$A" --provider drlee --from 2026-12-01 --to 2026-12-16 \
  -o "$T/dec.ics" --as maria
expect_rc 0 "export December's blocks"
expect_out "dec.ics: 8 events"
expect_file_has "$T/dec.ics" "UID:block-4-20261202@1245319599.medoffice"
expect_file_has "$T/dec.ics" "DTSTART:20261202T150000Z"
expect_file_has "$T/dec.ics" "CATEGORIES:SPEAKING"

run calendar import "$B" "$T/dec.ics" --provider drlee --as maria
expect_rc 0 "import the export into another practice"
expect_out "8 added, 0 updated, 0 unchanged"
run calendar import "$B" "$T/dec.ics" --provider drlee --as maria
expect_out "0 added, 0 updated, 8 unchanged"

# ---- malformed files: refused, nothing written ----

refused_file() { # refused_file FILE MESSAGE
  local before
  before=$(snapshot "$B")
  run calendar import "$B" "$ICAL/$1" --provider drlee --as maria
  expect_rc 1 "import $1"
  expect_err "$2"
  expect_same "$before" "$B" "$1"
}
refused_file truncated.ics "truncated.ics:1: BEGIN:VCALENDAR is never closed"
refused_file missing_end.ics "missing_end.ics:70: END:VCALENDAR, but BEGIN:VEVENT of line 22 is still open"
refused_file bad_dtstart.ics "bad_dtstart.ics:32: DTSTART: expected a date"
refused_file not_calendar.ics "not_calendar.ics:1: expected NAME:VALUE"
refused_file no_events.ics "no VEVENT"
refused_file rrule_yearly.ics "rrule_yearly.ics:8: event \"yearly@example.org\": FREQ=YEARLY is not supported"
refused_file rrule_endless.ics "rrule_endless.ics:8: event \"forever@example.org\": the rule never ends"

run calendar import "$B" "$T/none.ics" --provider drlee --as maria
expect_rc 1 "a missing file"
expect_err "none.ics: No such file"

# ---- usage ----

run calendar import "$B" "$ICAL/meetings.ics" --provider drlee
expect_rc 2 "--as is required"
run calendar export "$B" --as maria
expect_rc 2 "export needs --provider or --location"
run calendar export "$B" --provider drlee --location main --as maria
expect_rc 2 "not both"
run calendar import --provider drlee --as maria
expect_rc 2 "import needs FILE"
run calendar sync "$B"
expect_rc 2 "unknown subcommand"
run calendar export "$B" --provider drlee --from 2026-13-01 --as maria
expect_rc 1 "a bad --from"
expect_err "--from:"
run help calendar
expect_rc 0 "help calendar"
expect_out "calendar import [DIR] FILE --provider ID"

finish
