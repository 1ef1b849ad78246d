# test_jobs.sh: `medoffice actions` and `medoffice jobs` in every format,
# and permissions enforced from the job descriptions.
. "$(dirname "$0")/lib.sh"

run actions; expect_rc 0 "actions"; expect_out "task.create"; expect_out "practice.apply"
run actions extra; expect_rc 2 "actions with an argument"
"$MEDOFFICE" init "$T/p" --template family-practice >/dev/null || bad "init"
run jobs "$T/p"; expect_rc 0 "jobs as text"
expect_out "    - refund (tier 1, up to 500.00)"; expect_out "    - refund (when unanswered for 2 days)"; expect_out "    - bill_payment (large bill, above 2500.00, step 2 of 2)"
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
# requires and limits: a lab assistant's job (tests/fixtures/policies/lab.lua)
# in a starter practice, with its spec, `medoffice jobs` and the core
"$MEDOFFICE" init "$T/r" >/dev/null || bad "init the lab practice"
cp "$FIXTURES/policies/lab.lua" "$FIXTURES/policies/lab_spec.lua" "$T/r/policies/jobs/"
cat > "$T/lab_staff.yaml" <<'EOF2'
  - id: lena
    name: Lena Park, CMA (AAMA)
    job: lab_assistant
    credentials:
      - { kind: CMA, expires: 2027-06-30 }
  - id: tess
    name: Tess Moreau, RMA (AMT)
    job: lab_assistant
    credentials:
      - { kind: RMA, expires: 2026-11-23 }
  - id: rory
    name: Rory Quinn, RMA (AMT)
    job: lab_assistant
    credentials:
      - { kind: BLS, expires: 2027-03-31 }
      - { kind: RMA, expires: 2026-01-31 }
  - id: nell
    name: Nell Ortiz
    job: lab_assistant
    credentials:
      - { kind: CMAA }

EOF2
awk -v f="$T/lab_staff.yaml" '/^providers:/ { while ((getline l < f) > 0) print l } { print }
  /^  - tasks\/office_tasks.lua$/ { print "  - jobs/lab.lua" }' \
  "$T/r/practice.yaml" > "$T/r/p.yaml" && mv "$T/r/p.yaml" "$T/r/practice.yaml"
run apply "$T/r"; expect_rc 0 "apply the lab assistants"
run test "$T/r"; expect_rc 0 "the lab job's spec passes"; expect_out ", 0 failed"
run jobs "$T/r"; expect_rc 0 "jobs with requirements"
expect_out "  Credentials required
    - task.complete (a current CMA or RMA credential)
  Limits
    - task.create (amounts up to 500.00)"
run jobs "$T/r" --format md; expect_out "**Credentials required**"; expect_out "- task.create (amounts up to 500.00)"
run jobs "$T/r" --format html -o "$T/lab.html"
grep -q '<h3>Limits</h3><ul>' "$T/lab.html" && grep -q '<li>task.complete <i>a current CMA or RMA credential</i></li>' "$T/lab.html" &&
  ok "the HTML lists requirements and limits" || bad "no requirements or limits in the HTML"
run jobs "$T/p"; case "$out" in *"Credentials required"*|*"Limits"*) bad "jobs without requirements show some" ;; *) ok "jobs without requirements show none" ;; esac
echo 'local id = tasks.add{title = "Order urine dipstick strips"}; tasks.done(id)' > "$T/lab.lua"
run run --as rory "$T/r" "$T/lab.lua"; expect_rc 1 "an expired credential stops the core"
expect_err "rory may not task.complete: task.complete in job lab_assistant requires a current CMA or RMA credential; rory's RMA expired on 2026-01-31"
run run --as tess "$T/r" "$T/lab.lua"; expect_rc 0 "a credential expiring today still counts"
MEDOFFICE_NOW=2026-11-24T15:00:00Z run run --as tess "$T/r" "$T/lab.lua"; expect_rc 1 "and not the day after"
expect_err "tess's RMA expired on 2026-11-23"
echo 'print(decide("task.create", {title = "Order a centrifuge", amount = money "1200.00"}, "lena").reason)' > "$T/lim.lua"
run run "$T/r" "$T/lim.lua"; expect_rc 0 "decide with an amount"
expect_out "amount 1200.00 is above the limit of 500.00 for task.create in job lab_assistant, held by lena"
finish
