# test_model.sh: the practice model end to end: init options, the plan
# shown by check, refusal of unapplied changes, apply and its audit
# entries, deactivation (never deletion) and reactivation, jobs checked
# against the staff, the org chart as text and HTML.
. "$(dirname "$0")/lib.sh"

# init with options; bad options leave nothing behind
run init "$T/p" --name 'Lakeside "Family" Medicine' --npi 1234567893 --timezone America/Denver
expect_rc 0 "init with --name, --npi, --timezone"
run check "$T/p"; expect_rc 0 "check after init"
expect_out 'Lakeside "Family" Medicine (America/Denver)'
expect_out "plan:      practice.db is in step with practice.yaml"
grep -q 'npi: "1234567893"' "$T/p/practice.yaml" && ok "npi written" || bad "npi not written"
run init "$T/bad" --npi 1234567890; expect_rc 1 "init with an invalid NPI"; expect_err "practice.npi"
[ -e "$T/bad" ] && bad "a failed init left $T/bad" || ok "a failed init left nothing"
run init "$T/bad" --timezone Mars/Base; expect_rc 1 "init with an unknown time zone"; expect_err "Mars/Base"
[ -e "$T/bad" ] && bad "a failed init left $T/bad" || ok "a failed init left nothing"
run init "$T/bad" --name $'two\nlines'; expect_rc 1 "init with a control character"; expect_err "control characters"

# a change to practice.yaml: planned, refused, applied, audited
y="$T/p/practice.yaml"
cp "$y" "$T/orig.yaml"
cat >> "$y" <<'EOF2'
EOF2
sed -i 's/^  - id: drlee$/  - id: ana\n    name: Ana Ruiz\n    job: front_desk\n  - id: drlee/' "$y"
run check "$T/p"; expect_rc 0 "check with a new staff member"
expect_out "1 to add, 0 to change"; expect_out "+ staff ana"
echo 'print(#tasks.list())' > "$T/s.lua"
before=$(snapshot "$T/p")
run run "$T/p" "$T/s.lua"; expect_rc 1 "run refuses unapplied changes"
expect_err "has changes that are not applied"; expect_err "medoffice apply"
expect_same "$before" "$T/p" "a refused run"
run run --apply "$T/p" "$T/s.lua"; expect_rc 0 "run --apply"; expect_out "applied:   1 added"
run check "$T/p"; expect_out "in step"
run audit "$T/p" --record staff:ana; expect_rc 0 "audit of the new staff member"
expect_out "entity.add"

# a change of a field names the field
sed -i 's/    name: Ana Ruiz/    name: Ana Ruiz-Lopez/' "$y"
run check "$T/p"; expect_out "~ staff ana (name)"
run apply "$T/p" --as maria; expect_rc 0 "apply"; expect_out "applied:   0 added, 1 changed"
run audit "$T/p" --record staff:ana; expect_out "maria"; expect_out '"before":'

# removal deactivates, the row stays; re-adding reactivates
cp "$T/orig.yaml" "$y"
run check "$T/p"; expect_out "- staff ana"
run apply "$T/p"; expect_rc 0 "apply a removal"; expect_out "1 deactivated"
[ "$(sqlite3 "$T/p/practice.db" "select active from entity where kind='staff' and id='ana'")" = 0 ] \
  && ok "the removed staff member is inactive, not deleted" || bad "staff ana not kept inactive"
sqlite3 "$T/p/practice.db" "delete from entity where id='ana'" 2>/dev/null && bad "entity rows can be deleted" || ok "entity rows cannot be deleted"
sed -i 's/^  - id: drlee$/  - id: ana\n    name: Ana Ruiz\n    job: front_desk\n  - id: drlee/' "$y"
run apply "$T/p"; expect_rc 0 "apply a return"; expect_out "1 reactivated"
run apply "$T/p"; expect_rc 0 "apply with nothing to do"
case "$out" in *applied:*) bad "an unchanged apply wrote something" ;; *) ok "an unchanged apply writes nothing" ;; esac
run audit verify "$T/p"; expect_rc 0 "the audit chain after applies"
# every write is a version: added, renamed, removed (its data kept,
# inactive), back; by whoever applied it
versions=$(sqlite3 "$T/p/practice.db" "select group_concat(version || ':' || active || ':' || by || ':' || json_extract(data, '$.name'), ' ') from (select * from entity_version where kind = 'staff' and id = 'ana' order by version)")
[ "$versions" = "1:1:system:Ana Ruiz 2:1:maria:Ana Ruiz-Lopez 3:0:system:Ana Ruiz-Lopez 4:1:system:Ana Ruiz" ] \
  && ok "staff ana's four versions" || bad "staff ana's versions: $versions"
[ "$(sqlite3 "$T/p/practice.db" "select count(*) from entity e where not exists (select 1 from entity_version v where v.kind = e.kind and v.id = e.id and v.data = e.data and v.active = e.active and v.version = (select max(version) from entity_version w where w.kind = e.kind and w.id = e.id))")" = 0 ] \
  && ok "each entity's latest version is the entity" || bad "an entity differs from its latest version"

# jobs: staff must hold declared jobs; job chains must be sound
cp "$y" "$T/keep.yaml"
sed -i 's/    job: front_desk/    job: frontdesk/' "$y"
run check "$T/p"; expect_rc 1 "a staff member with an unknown job"
expect_err 'unknown job "frontdesk" (did you mean "front_desk"?)'; expect_err "staff[0].job"
cp "$T/keep.yaml" "$y"
jobs="$T/p/policies/jobs/starter.lua"; cp "$jobs" "$T/jobs.lua"
sed -i 's/reports_to = "physician_owner"/reports_to = "physician_ownr"/' "$jobs"
run check "$T/p"; expect_rc 1 "a job reporting to an unknown job"
expect_err 'reports to "physician_ownr", which no policy declares (did you mean "physician_owner"?)'
cp "$T/jobs.lua" "$jobs"
printf 'job "a" { title = "A", reports_to = "b" }\njob "b" { title = "B", reports_to = "a" }\n' >> "$jobs"
run check "$T/p"; expect_rc 1 "jobs that report to each other"; expect_err "reporting loop"
cp "$T/jobs.lua" "$jobs"
printf 'job "x" { title = "X", dutis = {} }\n' >> "$jobs"
line=$(wc -l < "$jobs")
run check "$T/p"; expect_rc 1 "a misspelt job field"
expect_err "policies/jobs/starter.lua:$line: job \"x\": unknown field dutis (did you mean \"duties\"?)"
cp "$T/jobs.lua" "$jobs"
printf 'job "x" { title = "X", may = { "task.craete" } }\n' >> "$jobs"
run check "$T/p"; expect_rc 1 "a job permitting an unknown action"; expect_err "unknown action 'task.craete'"
cp "$T/jobs.lua" "$jobs"

# a loop made of an explicit supervisor and a job's reports_to
cp "$y" "$T/keep.yaml"
sed -i 's/^    job: office_manager$/    job: office_manager\n    supervisor: joe/' "$y"
run check "$T/p"; expect_rc 1 "a supervision loop through a job's reports_to"
expect_err "supervision cycle:"; expect_err "joe"
cp "$T/keep.yaml" "$y"

# expired credentials: a warning, or an error where a policy says so
run init "$T/fp" --template family-practice; expect_rc 0 "init family-practice"
fy="$T/fp/practice.yaml"
sed -i '0,/expires: 2028-04-30/s//expires: 2026-01-31/' "$fy"
sed -i 's#^  - compliance/credentials.lua$#  \# - compliance/credentials.lua#' "$fy"
run check "$T/fp"; expect_rc 0 "an expired CMA without the compliance policy"
expect_out "warnings:"; expect_out "CMA expired on 2026-01-31"
sed -i 's#^  \# - compliance/credentials.lua$#  - compliance/credentials.lua#' "$fy"
run check "$T/fp"; expect_rc 1 "an expired CMA with the compliance policy"
expect_err "expired credentials (settings.compliance):"; expect_err "CMA expired on 2026-01-31"

# the org chart
run org "$T/p"; expect_rc 0 "org"; expect_out "Physician owner"; expect_out "Office manager"
run org "$T/p" --format html -o "$T/org.html"; expect_rc 0 "org --format html"
grep -q '<div class="chart">' "$T/org.html" && ok "the HTML page has the chart" || bad "no chart in the HTML"
run org "$T/p" --format pdf; expect_rc 2 "org with an unknown format"
finish
