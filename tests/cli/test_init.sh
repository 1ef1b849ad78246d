# test_init.sh: init from a template, check, test; refusals leave nothing.
. "$(dirname "$0")/lib.sh"

run init "$T/clinic"; expect_rc 0 "init"
for f in practice.yaml practice.db policies/tasks/office_tasks.lua policies/tasks/office_tasks_spec.lua policies/jobs/starter.lua; do
  if [ -f "$T/clinic/$f" ]; then ok "init wrote $f"; else bad "init did not write $f"; fi
done
run check "$T/clinic"; expect_rc 0 "check"; expect_out "Starter Family Clinic (America/Chicago)"
expect_out "15 loaded, 24 rules, 13 approvals"; expect_out "schema version 19,"
expect_out "plan:      practice.db is in step with practice.yaml"
run check "$T/clinic" --db; expect_rc 0 "check --db"; expect_out "quick_check ok; audit chain intact ("
run test "$T/clinic"; expect_rc 0 "test"; expect_out "137 passed, 0 failed"

before=$(snapshot "$T/clinic")
run init "$T/clinic"; expect_rc 1 "init into a non-empty folder"; expect_err "is not empty"
expect_same "$before" "$T/clinic" "init into a non-empty folder"

run init "$T/other" --template nosuch; expect_rc 2 "unknown template"; expect_err 'unknown template "nosuch"'
if [ -e "$T/other" ]; then bad "unknown template created a folder"; else ok "unknown template created nothing"; fi

mkdir "$T/empty"
run init "$T/empty" --template starter; expect_rc 0 "init into an empty folder"

mkdir "$T/ro" && chmod 500 "$T/ro"
if [ "$(id -u)" != 0 ]; then
  run init "$T/ro/x"; expect_rc 1 "init where it cannot write"; expect_err "Permission denied"
fi
finish
