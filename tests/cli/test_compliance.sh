# test_compliance.sh: `medoffice compliance`, `medoffice waste` and
# `medoffice incident` in the family-practice template as the office would
# use them: the declared checklists (OSHA, HIPAA, CLIA, fire safety) and
# their current periods; results recorded, a fail opening a corrective
# task that a later pass completes; a period shown; what is due, missed
# checklists included; waste pickups with their manifests; incidents
# reported, followed up and closed; suspected abuse reported to the
# authorities (and not closed before); the reads of an incident naming a
# patient audited; the Lua tables; and bad input (the issue's cases: an
# unknown checklist or item, evidence missing, a fail without a note, a
# future period, a duplicate manifest, a negative weight or container
# count, an incident in the future or reported before it occurred, an
# unknown patient or staff member, notifying on an incident that is not
# suspected abuse, malformed checklist declarations), each with its
# message naming the field and nothing changed.
. "$(dirname "$0")/lib.sh"

P="$T/p"
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
# the checklists count from November (missed weeks of the eyewash)
sed -i 's/^  compliance:$/  compliance:\n    checklists_from: 2026-11-01\n    abuse_report_hours: 36/' "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the settings"
co() { run compliance "$@"; }
refused() { # refused DESCRIPTION TEXT CMD...: exit 1, TEXT on stderr, nothing changed
  local d=$1 t=$2; shift 2
  local before; before=$(snapshot "$P")
  run "$@"
  expect_rc 1 "$d"; expect_err "$t"; expect_same "$before" "$P" "$d"
}

# ---- checklists ----
co list "$P" --as maria
expect_rc 0 "the checklists"
expect_line '^osha_eyewash +week +2026-W48 +due 2026-11-27 +0/2 open'
expect_line '^fire_extinguishers +month +2026-11 +due 2026-11-30'
expect_line '^clia_self_inspection +year +2026 +due 2026-12-31'
expect_out "hipaa_risk_assessment"
co record "$P" osha_sharps --item fill_line --result fail --note "exam 2 container past the line" --as aisha
expect_rc 0 "a failed item"; expect_out "corrective task"
run tasks "$P" --through 2026-12-31 --as maria
expect_out "Correct OSHA sharps containers"
co record "$P" osha_sharps --item fill_line --result pass --evidence "replaced, photo IMG-2231" --as aisha
expect_rc 0 "the item passes after the correction"
co record "$P" osha_sharps --item mounted --result pass --as aisha
expect_rc 0 "the second item"
co show "$P" osha_sharps --as maria
expect_rc 0 "the period shown"
expect_out "Status   complete, 2 of 2 items done"; expect_out "evidence: replaced, photo IMG-2231"
co record "$P" osha_eyewash --item flushed --result na --period 2026-W45 --as aisha
expect_rc 0 "a late record of a past week"
co due "$P" --as maria
expect_rc 0 "what is due"
expect_line 'MISSED: OSHA eyewash station flush \(2026-W47\): 0 of 2 items done, was due 2026-11-20'
expect_line 'MISSED: OSHA eyewash station flush \(2026-W45\): 1 of 2'
expect_line 'Fire extinguishers inspected \(2026-11\): 0 of 3 items done, due 2026-11-30'
expect_no_line 'OSHA sharps containers \(2026-11\)'
expect_out "Biohazardous waste pickup: none is recorded yet"
dates=$(printf '%s\n' "$out" | grep -Eo '^[0-9]{4}-[0-9]{2}-[0-9]{2}')
[ "$dates" = "$(printf '%s\n' "$dates" | sort)" ] && ok "soonest first" || bad "due items not soonest first"

refused "an unknown checklist" 'checklist: no checklist "osha_lasers" is declared' \
  compliance record "$P" osha_lasers --item x --result pass --as aisha
refused "an unknown item" 'checklist item: osha_sharps has no item "lids"' \
  compliance record "$P" osha_sharps --item lids --result pass --as aisha
refused "evidence missing" "checklist evidence: assessment of hipaa_risk_assessment needs its evidence" \
  compliance record "$P" hipaa_risk_assessment --item assessment --result pass --as maria
refused "a fail without a note" "checklist note: a fail needs a note" \
  compliance record "$P" fire_extinguishers --item gauge --result fail --as aisha
refused "a future period" "checklist period: 2026-12 has not begun" \
  compliance record "$P" fire_extinguishers --item gauge --result pass --period 2026-12 --as aisha
refused "a malformed period" "checklist period: expected a month as YYYY-MM" \
  compliance record "$P" fire_extinguishers --item gauge --result pass --period 2026-W48 --as aisha
denied() { # denied DESCRIPTION TEXT CMD...: exit 1, TEXT on stderr (the
  # denial itself is logged)
  local d=$1 t=$2; shift 2
  run "$@"; expect_rc 1 "$d"; expect_err "$t"
}
denied "a front desk may not record" "compliance.record" \
  compliance record "$P" fire_extinguishers --item gauge --result pass --as joe

# ---- waste ----
run payables vendor-add "$P" --name "Sharps Away" --category services --as maria
expect_rc 0 "the hauler, a vendor"
run waste add "$P" --hauler "Sharps Away" --manifest M-1001 --sharps 3 --red-bag 2 --weight 41.5 --signed-by aisha --as aisha
expect_rc 0 "a pickup"; expect_out "waste pickup 1 recorded (manifest M-1001)"
run waste list "$P" --as maria
expect_line '^#1 +2026-11-23  Sharps Away +manifest M-1001 +sharps 3, red bag 2, pharmaceutical 0, pathological 0, 41.50 lb, signed by aisha'
co due "$P" --as maria
expect_no_line "Biohazardous waste pickup"
refused "a duplicate manifest" "waste manifest: M-1001 is recorded already" \
  waste add "$P" --hauler "Sharps Away" --manifest M-1001 --sharps 1 --as aisha
refused "a negative weight" "waste weight: expected 0 to 100000.00 lb, got -2.00" \
  waste add "$P" --hauler "Sharps Away" --manifest M-1002 --sharps 1 --weight -2 --as aisha
refused "a negative container count" "waste red_bag: expected 0 to 10000 containers, got -1" \
  waste add "$P" --hauler "Sharps Away" --manifest M-1002 --red-bag -1 --as aisha
refused "an unknown hauler" "waste hauler" \
  waste add "$P" --hauler "Nobody Hauling" --manifest M-1002 --sharps 1 --as aisha
refused "a pickup in the future" "waste day: 2026-11-30 is in the future" \
  waste add "$P" --hauler "Sharps Away" --manifest M-1002 --sharps 1 --day 2026-11-30 --as aisha

# ---- incidents ----
run patient register "$P" --family Garcia --given Ana --birth-date 2019-02-03 --sex female --as joe
expect_rc 0 "a patient"
run incident report "$P" --kind patient_fall --occurred "2026-11-23 08:15" --location main \
  --description "Slipped on the wet floor by the entrance" --patient 1 --staff joe --as joe
expect_rc 0 "everyone may report"; expect_out "incident 1 reported"
run incident report "$P" --kind abuse_child --occurred "2026-11-21 10:00" --location main \
  --description "Pattern bruising noted at a well visit" --patient 1 --reported-by dr_hart --as dr_hart
expect_rc 0 "suspected abuse"; expect_out "medoffice incident notify 2"
co due "$P" --as maria
expect_line 'Report suspected child \(incident 2\) to the authorities: OVERDUE since 2026-11-22 22:00'
run incident update "$P" 2 --status closed --note "Family moved away" --as maria
expect_rc 1 "not closed before the authorities are told"; expect_err "record its report to the authorities"
run incident notify "$P" 2 --agency "County Child Protective Services" --method phone --reference CPS-88123 --reported-by dr_hart --as dr_hart
expect_rc 0 "the report to the authorities"
run incident update "$P" 2 --status closed --note "CPS took the case" --as maria
expect_rc 0 "closed once reported"
run incident update "$P" 1 --status investigating --note "Reviewed the camera; mat missing" --as maria
expect_rc 0 "a follow-up"
run incident list "$P" --as maria
expect_line '^#2 .* abuse_child +closed +main involving patient 1  reported to the authorities 2026-11-23'
expect_line '^#1 .* patient_fall +investigating +main involving patient 1, joe'
run incident show "$P" 2 --as maria
expect_out "reported to County Child Protective Services by phone, reference CPS-88123"
expect_out "[closed] CPS took the case"
run audit "$P" --record patient:1
expect_out "incident.view"

refused "an incident in the future" "incident occurred: 2026-11-23 12:00 is in the future" \
  incident report "$P" --kind other --occurred "2026-11-23 12:00" --location main --description x --as joe
refused "reported before it occurred" "incident reported: 2026-11-23 07:00 is before it occurred" \
  incident report "$P" --kind other --occurred "2026-11-23 08:00" --reported "2026-11-23 07:00" --location main --description x --as joe
refused "an unknown patient" "incident patients: no patient 99" \
  incident report "$P" --kind other --occurred 2026-11-22 --location main --description x --patient 99 --as joe
refused "an unknown staff member" 'incident staff: no staff member "zed"' \
  incident report "$P" --kind other --occurred 2026-11-22 --location main --description x --staff zed --as joe
refused "notifying on a fall" "not suspected abuse or neglect" \
  incident notify "$P" 1 --agency "County APS" --method phone --as maria
refused "an unknown kind" "incident kind: expected needlestick" \
  incident report "$P" --kind fire --occurred 2026-11-22 --location main --description x --as joe
denied "a front desk may not read incidents" "incident.view" \
  incident show "$P" 1 --as joe
run incident report "$P" --kind other --as joe
expect_rc 2 "a report needs its fields"; expect_err "report needs --occurred"
# positional arguments: [DIR] and the subcommand's own, no more, no less
co show --as maria; expect_rc 2 "show without its checklist"
expect_err "show takes [DIR] and the checklist"
co list "$P" osha_sharps --as maria; expect_rc 2 "list with an extra argument"
expect_err "list takes only [DIR]"
run incident show "$P" first --as maria; expect_rc 2 "an incident number that is not one"
expect_err 'the incident number: expected a number, got "first"'

# ---- Lua ----
cat > "$T/c.lua" <<'LUA'
act_as("maria")
print(#compliance.checklists(), compliance.status{checklist = "osha_sharps"}.complete)
print(#waste.list(), waste.list()[1].manifest)
print(incidents.get(2).notified ~= nil, #incidents.list{ kind = "patient_fall" })
LUA
run run "$P" "$T/c.lua"
expect_rc 0 "the Lua tables"
expect_line '^8	true$'; expect_line '^1	M-1001$'; expect_line '^true	1$'

# ---- malformed declarations ----
decl() { # decl DESCRIPTION EXPECTED: the checklist from stdin refused at load
  cat "$P/policies/compliance/checklists.lua" > "$T/orig.lua"
  cat >> "$P/policies/compliance/checklists.lua"
  run check "$P"
  expect_rc 1 "$1"; expect_err "$2"
  cp "$T/orig.lua" "$P/policies/compliance/checklists.lua"
}
decl "a bad every" 'policies/compliance/checklists.lua:117: checklist "x": every: expected "week", "month", "quarter" or "year", got "daily"' <<'L'
checklist "x" { title = "X", every = "daily", owner = "office_manager",
  items = { { id = "a", text = "A" } } }
L
decl "an item without an id" 'checklists.lua:117: checklist "x": items[1]: id: expected a name' <<'L'
checklist "x" { title = "X", every = "week", owner = "office_manager",
  items = { { text = "A" } } }
L
decl "an unknown owner job" 'checklists.lua:117: checklist "x": owner: no job "officemanager" is declared (did you mean "office_manager"?)' <<'L'
checklist "x" { title = "X", every = "week", owner = "officemanager",
  items = { { id = "a", text = "A" } } }
L
decl "an item's text of many lines" 'checklist "x": items[1] (a): text: expected what to check, one line of 1 to 200 characters' <<'L'
checklist "x" { title = "X", every = "week", owner = "office_manager",
  items = { { id = "a", text = "A\nB" } } }
L
decl "a title too long" 'checklist "x": title: expected one line of 1 to 200 characters' <<'L'
checklist "x" { title = ("T"):rep(201), every = "week", owner = "office_manager",
  items = { { id = "a", text = "A" } } }
L
decl "too many items" 'checklist "x": items: expected a list of 1 to 100 items' <<'L'
local many = {}
for i = 1, 101 do many[i] = { id = "i" .. i, text = "item " .. i } end
checklist "x" { title = "X", every = "week", owner = "office_manager", items = many }
L
decl "a due past the period" 'checklist "x": due: expected a day of the week from 1 to 7' <<'L'
checklist "x" { title = "X", every = "week", due = 9, owner = "office_manager",
  items = { { id = "a", text = "A" } } }
L
finish
