# test_tasks.sh: the one task list (medoffice tasks, tasks() in Lua) on
# the family-practice template: an office task assigned to someone, one
# for anyone, an approval waiting for the office manager, a credential
# about to expire, the CLIA lab's QC due; each person sees their own, their
# job's and what their job may do, soonest first; a job's list (every
# holder's); --all, --for, --job, --through; bad input.
. "$(dirname "$0")/lib.sh"

P="$T/p"
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
# aisha's CMA credential expires within the lead time
sed -i '0,/expires: 2027-11-30/s//expires: 2026-12-10/' "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply"
cat > "$T/setup.lua" <<'EOF'
act_as("maria")
tasks.add{ title = "Call the landlord about the leak", assignee = "joe", due = "2026-11-22" }
tasks.add{ title = "Restock the waiting room brochures", due = "2026-11-23" }
tasks.add{ title = "Plan the holiday party menu", assignee = "maria", due = "2026-12-15" }
act_as("joe")
approvals.request{ kind = "pto", summary = "Two days off",
  facts = { first_day = "2026-12-28", last_day = "2026-12-29" } }
act_as("maria")
clia.lot{ test = "rapid_strep", kind = "kit", lot = "K1", expires = "2026-12-05" }
EOF
run run --as maria "$P" "$T/setup.lua"; expect_rc 0 "setup"

run tasks "$P" --as joe; expect_rc 0 "joe's list"
expect_line '^2026-11-22  overdue  task +joe +Call the landlord about the leak$'
expect_line '^2026-11-23  today    task +Restock the waiting room brochures$'
case "$out" in *"Two days off"*) bad "joe sees his own request to decide" ;; *) ok "joe does not decide his own request" ;; esac
case "$out" in *"holiday party"*) bad "joe sees maria's task" ;; *) ok "joe does not see maria's task" ;; esac

run tasks "$P" --as maria; expect_rc 0 "maria's list"
expect_line 'approval +office_manager +Decide request 1 \(pto\): Two days off$'
expect_out "Restock the waiting room brochures"
case "$out" in *"Call the landlord"*) bad "maria sees joe's own task" ;; *) ok "joe's own task is his" ;; esac

run tasks "$P" --through 2026-12-31 --as maria; expect_rc 0 "maria's month"
expect_out "Plan the holiday party menu"
expect_line 'licence +aisha +Renew Aisha Rahman, CMA \(AAMA\)'"'"'s CMA \(expires 2026-12-10\)$'
expect_out "CLIA lot rapid_strep"
run tasks "$P" --for aisha --through 2026-12-31 --as maria; expect_rc 0 "aisha's, seen by maria"
expect_out "Renew Aisha Rahman"
run tasks "$P" --all --through 2026-12-31 --as maria; expect_rc 0 "everyone's"
expect_out "Call the landlord"; expect_out "Plan the holiday party menu"
first=$(printf '%s\n' "$out" | head -1 | cut -c1-10); last=$(printf '%s\n' "$out" | tail -2 | head -1 | cut -c1-10)
[ "$first" \< "$last" ] || [ "$first" = "$last" ] && ok "soonest first ($first .. $last)" || bad "order: $first then $last"

# the front desk's list: the job's items and each holder's own, not the
# office manager's approvals
run tasks "$P" --job front_desk --through 2026-12-31 --as maria; expect_rc 0 "the front desk's list"
expect_line '^2026-11-22  overdue  task +joe +Call the landlord about the leak$'
expect_out "Restock the waiting room brochures"
case "$out" in *"Two days off"*) bad "the front desk decides a request" ;; *) ok "no approvals for the front desk" ;; esac
case "$out" in *"holiday party"*) bad "the front desk sees maria's task" ;; *) ok "not maria's task" ;; esac
run tasks "$P" --job office_manager --through 2026-12-31 --as maria; expect_rc 0 "the office manager's job"
expect_line 'approval +office_manager +Decide request 1 \(pto\): Two days off$'
expect_out "Plan the holiday party menu"
run tasks "$P" --job nurse --as maria; expect_rc 1 "a job nobody holds"; expect_err "nobody in practice.yaml holds the job 'nurse'"
run tasks "$P" --job front_desk --for joe --as maria; expect_rc 2 "--job and --for"
run audit "$P" --staff maria; expect_line 'task\.read .*job front_desk'

cat > "$T/lua.lua" <<'EOF'
act_as("joe")
local t = tasks()
print(#t, t[1].source, t[1].due, t[1].what)
print(#tasks{ all = true, through = "2026-12-31" } > #t)
print(#tasks{ job = "front_desk" } == #t)
print(pcall(tasks, { staff = "nobody" }))
print(pcall(tasks, { colour = "red" }))
EOF
run run --as joe "$P" "$T/lua.lua"; expect_rc 0 "tasks() in Lua"
expect_line '^2	task	2026-11-22	Call the landlord about the leak$'
expect_line '^true$'
[ "$(printf '%s\n' "$out" | grep -c '^true$')" = 2 ] && ok "the front desk's list is joe's (the only holder)" || bad "tasks{ job = } in Lua"
expect_line "^false	.*tasks: no staff member 'nobody'"
expect_line "^false	.*unknown field 'colour'"

run tasks "$P" --for nobody --as maria; expect_rc 1 "an unknown person"; expect_err "no staff member 'nobody'"
run tasks "$P" --through 2026-13-01 --as maria; expect_rc 2 "a bad date"
run tasks "$P" --all --for joe --as maria; expect_rc 2 "--all and --for"
run tasks "$P"; expect_rc 2 "no --as"
run tasks "$P" --as kevin; expect_rc 1 "someone not on the staff"
run audit "$P" --staff maria; expect_line 'task\.read +due '
finish
