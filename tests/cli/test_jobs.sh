# test_jobs.sh: `medoffice actions` and `medoffice jobs` in every format,
# and permissions enforced from the job descriptions.
. "$(dirname "$0")/lib.sh"

run actions; expect_rc 0 "actions"; expect_out "task.create"; expect_out "practice.apply"
run actions extra; expect_rc 2 "actions with an argument"
"$MEDOFFICE" init "$T/p" --template family-practice >/dev/null || bad "init"
run jobs "$T/p"; expect_rc 0 "jobs as text"
expect_out "Office manager"; expect_out "Reports to"; expect_out "Held by"; expect_out "Maria"
run jobs "$T/p" --format md; expect_rc 0 "jobs as Markdown"; expect_out "# Willow Creek Family Medicine: job descriptions"
expect_out "**Duties**"
run jobs "$T/p" --format html -o "$T/jobs.html"; expect_rc 0 "jobs as HTML"
grep -q '<h2>Office manager' "$T/jobs.html" && ok "the HTML lists the office manager" || bad "no office manager in the HTML"
grep -q '</html>' "$T/jobs.html" && ok "the HTML is complete" || bad "the HTML is cut"
run jobs "$T/p" --format pdf; expect_rc 2 "jobs with an unknown format"

# what each job may do is what the core lets each person do
echo 'local id = tasks.add{title = "Restock exam room 2 gloves"}; print(id); tasks.cancel(id)' > "$T/c.lua"
run run --as maria "$T/p" "$T/c.lua"; expect_rc 0 "the office manager cancels"
run run --as aisha "$T/p" "$T/c.lua"; expect_rc 1 "a clinical assistant may not cancel"
expect_err "aisha may not task.cancel: the job"
echo 'print(decide("task.cancel", { created_by = "aisha" }, "aisha").reason)' > "$T/d.lua"
run run "$T/p" "$T/d.lua"; expect_rc 0 "decide shows the job denial"; expect_out "does not permit it"
run apply "$T/p" --as joe; expect_rc 0 "apply with nothing to do needs no permission"
sed -i 's/^  name: Willow Creek Family Medicine$/  name: Willow Creek Family Medicine Center/' "$T/p/practice.yaml"
run apply "$T/p" --as joe; expect_rc 1 "the front desk may not apply changes"
expect_err "joe may not practice.apply"
run apply "$T/p" --as maria; expect_rc 0 "the office manager applies them"; expect_out "1 changed"

# the decision log and explain
echo 'local id = tasks.add{title = "Order more exam gloves"}; tasks.cancel(id)' > "$T/x.lua"
run run --as aisha "$T/p" "$T/x.lua"; expect_rc 1 "a denied cancel inside a script"
run explain "$T/p"; expect_rc 0 "explain the latest decision"
expect_out "who:      aisha (job clinical_assistant)"; expect_out "action:   task.cancel"
expect_out "verdict:  deny: the job"; expect_out "policies/jobs/family_practice.lua:"
expect_out "| job \"clinical_assistant\""
expect_out "(the same as loaded now)"
[ "$(sqlite3 "$T/p/practice.db" "select count(*) from task")" = 1 ] && ok "the script's task was rolled back (one task, from earlier)" || bad "task count"
n=$(sqlite3 "$T/p/practice.db" "select max(id) from decision")
run explain "$T/p" 1; expect_rc 0 "explain by number"; expect_out "decision 1 at"
run explain "$T/p" 99999; expect_rc 1 "explain an unknown decision"; expect_err "no decision 99999"
run explain "$T/p" zero; expect_rc 2 "explain with a bad number"
echo '-- changed' >> "$T/p/policies/jobs/family_practice.lua"
run explain "$T/p" "$n"; expect_rc 0 "explain after the policies changed"
expect_out "changed since: the rule above may read differently now"
echo 'print(decisions.get().verdict, decisions.get().action)' > "$T/dg.lua"
run run "$T/p" "$T/dg.lua"; expect_rc 0 "decisions.get"; expect_out "deny	task.cancel"
finish
