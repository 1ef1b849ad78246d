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
finish
