# test_policy_errors.sh: broken and hostile policies and scripts give a
# clear error naming the file and line, exit code 1, and leave the
# database unchanged.
. "$(dirname "$0")/lib.sh"

"$MEDOFFICE" init "$T/p" >/dev/null || { bad "init"; finish; exit 1; }
cat >> "$T/p/practice.yaml" <<'EOF2'
EOF2
sed -i 's/instructions: 50000000/instructions: 2000000/; s/memory: 64MB/memory: 16MB/' "$T/p/practice.yaml"
"$MEDOFFICE" apply "$T/p" >/dev/null || bad "apply the lower limits"
pol="$T/p/policies/tasks/office_tasks.lua"
orig=$(cat "$pol")

# policy NAME EXPECTED: the policy from stdin must make check fail.
policy() {
  cat > "$pol"
  local before; before=$(snapshot "$T/p")
  run check "$T/p"
  expect_rc 1 "policy: $1"
  expect_err "$2"
  expect_same "$before" "$T/p" "policy: $1"
  printf '%s\n' "$orig" > "$pol"
}

policy "syntax error" "policies/tasks/office_tasks.lua:2:" <<'EOF2'
rule "task.create" ("x", function(t)
  if then
end)
EOF2
policy "runtime error" "policies/tasks/office_tasks.lua:1: attempt to perform arithmetic" <<'EOF2'
local x = nil + 1
EOF2
policy "infinite loop" "instruction limit" <<'EOF2'
while true do end
EOF2
policy "loop that catches its own errors" "instruction limit" <<'EOF2'
while true do pcall(function() while true do end end) end
EOF2
policy "memory bomb" "memory limit" <<'EOF2'
local t = {}
while true do t[#t + 1] = string.rep("x", 65536) .. #t end
EOF2
policy "os.execute" "attempt to call a nil value (field 'execute')" <<'EOF2'
os.execute("touch /tmp/pwned")
EOF2
policy "io.open" "policies/tasks/office_tasks.lua:1: unknown global 'io'" <<'EOF2'
io.open("/etc/passwd")
EOF2
policy "require" "unknown global 'require'" <<'EOF2'
require("os")
EOF2
policy "bytecode load" "only text chunks may be loaded" <<'EOF2'
load("\27Lua", "x", "b")
EOF2
policy "string.dump" "attempt to call a nil value (field 'dump')" <<'EOF2'
local f = string.dump(function() end)
EOF2
policy "debug library" "unknown global 'debug'" <<'EOF2'
debug.sethook()
EOF2
policy "setmetatable on an API table" "cannot change a protected metatable" <<'EOF2'
setmetatable(tasks, {})
EOF2
policy "write to an API table" "'tasks' is read-only (cannot set 'add')" <<'EOF2'
tasks.add = function() end
EOF2
policy "write to a library table" "'string' is read-only" <<'EOF2'
string.upper = string.lower
EOF2
policy "unknown action" 'unknown action '"'"'task.craete'"'"' (did you mean "task.create"?)' <<'EOF2'
rule "task.craete" ("typo", function() end)
EOF2
# requires and limits of a job: each mistake names the file and line.
f="policies/tasks/office_tasks.lua:2: job \"lab\""
policy "requires: unknown action" "$f: requires[\"task.craete\"]: unknown action 'task.craete' (did you mean \"task.create\"?)" <<'EOF2'
-- a job with a typo
job "lab" { title = "Lab", may = { "task.create" }, requires = { ["task.craete"] = { "CMA" } } }
EOF2
policy "requires: an action the job does not permit" "$f: requires[\"task.complete\"]: the job does not permit task.complete (add it to may)" <<'EOF2'
-- a requirement for an action the job lacks
job "lab" { title = "Lab", may = { "task.create" }, requires = { ["task.complete"] = { "CMA" } } }
EOF2
policy "requires: an empty kind" "$f: requires[\"task.create\"][2] must be a credential kind (non-empty text" <<'EOF2'
-- an empty credential kind
job "lab" { title = "Lab", may = { "task.create" }, requires = { ["task.create"] = { "CMA", "" } } }
EOF2
policy "requires: a kind that is not text" "$f: requires[\"task.create\"][1] must be a credential kind (non-empty text, such as \"CMA\"), got a number" <<'EOF2'
-- a number for a kind
job "lab" { title = "Lab", may = { "task.create" }, requires = { ["task.create"] = { 5 } } }
EOF2
policy "requires: no kinds" "$f: requires[\"task.create\"] must be a list of credential kinds" <<'EOF2'
-- nobody could ever do it
job "lab" { title = "Lab", may = { "task.create" }, requires = { ["task.create"] = {} } }
EOF2
policy "requires: not keyed by action" "$f: requires: expected action names as keys" <<'EOF2'
-- the action is missing
job "lab" { title = "Lab", may = { "task.create" }, requires = { "CMA" } }
EOF2
policy "limits: unknown action" "$f: limits[\"task.cancle\"]: unknown action 'task.cancle' (did you mean \"task.cancel\"?)" <<'EOF2'
-- a limit with a typo
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.cancle"] = { amount = 500 } } }
EOF2
policy "limits: an action the job does not permit" "$f: limits[\"task.cancel\"]: the job does not permit task.cancel (add it to may)" <<'EOF2'
-- a limit for an action the job lacks
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.cancel"] = { amount = 500 } } }
EOF2
policy "limits: not a table" "$f: limits[\"task.create\"] must be a table such as { amount = money \"500.00\" }, got a number" <<'EOF2'
-- the amount without its table
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.create"] = money "500.00" } }
EOF2
policy "limits: unknown key" "$f: limits[\"task.create\"]: unknown limit amout (did you mean \"amount\"?)" <<'EOF2'
-- a misspelt limit
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.create"] = { amout = 500 } } }
EOF2
policy "limits: amount not whole cents" "$f: limits[\"task.create\"]: amount must be money (whole cents, not negative, such as money \"500.00\"), got 5.5" <<'EOF2'
-- a fraction of a cent
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.create"] = { amount = 5.5 } } }
EOF2
policy "limits: negative amount" "$f: limits[\"task.create\"]: amount must be money (whole cents, not negative" <<'EOF2'
-- below zero
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.create"] = { amount = -1 } } }
EOF2
policy "limits: amount as text" "$f: limits[\"task.create\"]: amount must be money (whole cents, not negative, such as money \"500.00\"), got the text \"500.00\"" <<'EOF2'
-- text instead of money
job "lab" { title = "Lab", may = { "task.create" }, limits = { ["task.create"] = { amount = "500.00" } } }
EOF2
policy "limits: misspelt field" "$f: unknown field limts (did you mean \"limits\"?)" <<'EOF2'
-- a misspelt field
job "lab" { title = "Lab", may = { "task.create" }, limts = {} }
EOF2
policy "error in on_open" "closed for the holidays" <<'EOF2'
function on_open(practice) error("closed for the holidays") end
EOF2
policy "a __gc finalizer" "__gc finalizers are not allowed" <<'EOF2'
setmetatable({}, { __gc = function() while true do end end })
EOF2
policy "an xpcall handler that loops" "instruction limit" <<'EOF2'
xpcall(function() while true do end end, function() while true do end end)
EOF2
policy "a backtracking pattern" "could run for too long" <<'EOF2'
local s = ("a"):rep(30000)
return s:find(".-.-.-.-b")
EOF2
policy "a rule that writes" "attempt to call a nil value (field 'add')" <<'EOF2'
rule "task.create" ("sneaky", function(t) tasks.add{ title = "again and again" } end)
tasks.add{ title = "at load time" }
EOF2
printf '\033Lua\x54\x00' > "$pol"
run check "$T/p"; expect_rc 1 "a bytecode policy file"; expect_err "attempt to load a binary chunk"
printf '%s\n' "$orig" > "$pol"
[ ! -e /tmp/pwned ] && ok "nothing escaped the sandbox" || bad "/tmp/pwned exists"

# A rule that fails while the core asks it: the operation is rolled back.
cat > "$pol" <<'EOF2'
rule "task.create" ("broken", function(t) return t.nothing.here end)
EOF2
echo 'tasks.add{title = "Call the lab about results"}' > "$T/add.lua"
before=$(snapshot "$T/p")
run run "$T/p" "$T/add.lua"; expect_rc 1 "a rule that raises"; expect_err "policies/tasks/office_tasks.lua:1:"
expect_same "$before" "$T/p" "a rule that raises"
cat > "$pol" <<'EOF2'
rule "task.create" ("bad answer", function(t) return true end)
EOF2
run run "$T/p" "$T/add.lua"; expect_rc 1 "a rule that returns a non-decision"
expect_err "returned a boolean; expected allow(...), deny(...), fix(...) or nil"
printf '%s\n' "$orig" > "$pol"

# Scripts: one transaction; an error keeps nothing.
cat > "$T/half.lua" <<'EOF2'
tasks.add{title = "Call the lab about results"}
tasks.add{title = "Order more gloves please"}
error("stop here")
EOF2
before=$(snapshot "$T/p")
run run "$T/p" "$T/half.lua"; expect_rc 1 "a script that fails half way"
expect_err "half.lua:3: stop here"; expect_err "rolled back"
expect_same "$before" "$T/p" "a script that fails half way"
echo 'while true do end' > "$T/loop.lua"
run run "$T/p" "$T/loop.lua"; expect_rc 1 "a script in an endless loop"; expect_err "instruction limit"
echo 'local s = "x" while true do s = s .. s end' > "$T/mem.lua"
run run "$T/p" "$T/mem.lua"; expect_rc 1 "a script that eats memory"; expect_err "memory limit"
echo 'return 1 +' > "$T/syn.lua"
run run "$T/p" "$T/syn.lua"; expect_rc 1 "a script with a syntax error"; expect_err "syn.lua:2: unexpected symbol near <eof>"
run run "$T/p" "$T/none.lua"; expect_rc 1 "a missing script"; expect_err "none.lua: No such file"
expect_same "$before" "$T/p" "failed scripts"

# A good script with arguments and an acting staff member.
cat > "$T/ok.lua" <<'EOF2'
local id = tasks.add{title = "Call " .. arg[1] .. " back", assignee = "maria"}
print(whoami(), id, select("#", ...))
EOF2
run run --as joe "$T/p" "$T/ok.lua" "Mrs. Lee" two; expect_rc 0 "a good script"; expect_out "joe	1	2"
run audit "$T/p" --staff joe; expect_rc 0 "audit by staff"; expect_out "task.create"; expect_out "task:1"
run run --as nobody "$T/p" "$T/ok.lua" x; expect_rc 1 "someone not on the staff"
expect_err "nobody may not task.create: nobody is not an active staff member of this practice"
echo 'local id = tasks.add{title = "Call the lab back today"}; tasks.cancel(id)' > "$T/cancel.lua"
run run --as joe "$T/p" "$T/cancel.lua"; expect_rc 1 "an action the job does not permit"
expect_err "joe may not task.cancel: the job Front office medical assistant (front_desk) does not permit it"
run run --as "bad id" "$T/p" "$T/ok.lua" x; expect_rc 1 "a bad staff id"; expect_err "staff id"
finish
