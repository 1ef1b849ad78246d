#!/usr/bin/env bash
# test_shell.sh: end-to-end test of `medoffice shell` with statements piped
# on stdin (no terminal: no prompts, no line editing). It checks that bare
# expressions print, globals persist from line to line, multi-line
# statements work, tables are pretty-printed, the task API works, errors
# (syntax, runtime, sandbox, instruction limit, unknown command) print a
# message and the shell goes on, .help and .as work, the exit status says
# whether something failed, and SIGINT stops a running statement without
# ending the shell or keeping what its transaction wrote.
# Needs MEDOFFICE (the binary); SRC and FIXTURES are set by ctest.
set -euo pipefail

: "${MEDOFFICE:?set MEDOFFICE to the medoffice binary}"
tmp=$(mktemp -d)
shell_pid=
cleanup() {
	if [ -n "$shell_pid" ]; then
		kill "$shell_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in "$tmp"/*.out "$tmp"/*.err; do
		[ -e "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
	done
	exit 1
}

# expect FILE TEXT: FILE contains the line fragment TEXT.
expect() {
	grep -qF -- "$2" "$1" || fail "$(basename "$1") lacks: $2"
}

# new_practice DIR INSTRUCTIONS: a practice from `init` with that limit.
new_practice() {
	"$MEDOFFICE" init "$1" >/dev/null
	local yaml=$1/practice.yaml
	if grep -q '^limits:' "$yaml"; then
		sed -i "s/^  instructions:.*/  instructions: $2/" "$yaml"
		grep -q "^  instructions: $2\$" "$yaml" ||
			sed -i "s/^limits:.*/limits:\n  instructions: $2/" "$yaml"
	else
		printf 'limits:\n  instructions: %s\n' "$2" >>"$yaml"
	fi
}

new_practice "$tmp/p" 1000000

# ---- a session with every kind of statement and error ----
cat >"$tmp/session.lua" <<'EOF'
1+1
x = 41
x + 1
function double(n)
  local d = n * 2
  return d
end
double(21)
t = { name = "Lee", tags = { "a", "b" }, nested = { deep = { n = 1 } } }
t
c = {} c.self = c
c
{
  "multi-line",
  "table"
}
tasks.add{title="Call back Mrs. Lee"}
tasks.list()
x = = 1
"after syntax error"
error("boom")
"after runtime error"
os.execute("ls")
"after os.execute"
io.open("/etc/passwd")
"after io.open"
while true do end
"after instruction limit"
local t = {} while true do t[#t + 1] = string.rep("x", 1000000) end
"after memory limit"
require("os")
"after require"
load("\27Lua", "b", "b")
"after bytecode"
string.dump(print)
"after string.dump"
debug.traceback()
"after debug"
setmetatable(tasks, {})
"after setmetatable"
tasks.add = nil
"after API write"
.bogus
"after unknown command"
.help
whoami()
.as jdoe
whoami()
.reset
"fresh", rawget(_G, "x") == nil
EOF
status=0
"$MEDOFFICE" shell "$tmp/p" <"$tmp/session.lua" >"$tmp/session.out" \
	2>"$tmp/session.err" || status=$?
[ "$status" -eq 1 ] || fail "a session with errors exited $status, not 1"

out=$tmp/session.out err=$tmp/session.err
grep -qx '2' "$out" || fail "1+1 did not print 2"
grep -qx '42' "$out" || fail "the global x did not persist"
[ "$(grep -cx '42' "$out")" -eq 2 ] || fail "double(21) did not print 42"
expect "$out" '{ name = "Lee", nested = { deep = { n = 1 } }, tags = { "a", "b" } }'
expect "$out" '<cycle: table: '
expect "$out" '{ "multi-line", "table" }'
grep -qx '1' "$out" || fail "tasks.add did not return the id 1"
expect "$out" 'title = "Call back Mrs. Lee"'
expect "$out" 'status = "open"'

expect "$err" "stdin:1: unexpected symbol near '='"
expect "$err" 'stdin:1: boom'
expect "$err" 'stack traceback:'
expect "$err" "attempt to call a nil value (field 'execute')"
expect "$err" "unknown global 'io'"
expect "$err" 'instruction limit of 1000000 exceeded'
expect "$err" "unknown command '.bogus'"
expect "$err" 'memory limit of'
expect "$err" "unknown global 'require'"
expect "$err" 'only text chunks may be loaded'
expect "$err" "attempt to call a nil value (field 'dump')"
expect "$err" "unknown global 'debug'"
expect "$err" 'cannot change a protected metatable'
expect "$err" "'tasks' is read-only (cannot set 'add')"
for after in "syntax error" "runtime error" "os.execute" "io.open" \
	"instruction limit" "memory limit" "require" "bytecode" "string.dump" \
	"debug" "setmetatable" "API write" "unknown command"; do
	expect "$out" "\"after $after\""
done

expect "$out" '.as STAFF'
expect "$out" 'tasks'
expect "$out" 'transaction'
expect "$out" '.quit'
expect "$out" '"system"'
expect "$out" 'acting as jdoe'
expect "$out" '"jdoe"'
expect "$out" $'"fresh"\ttrue'
[ ! -e "$tmp/p/.medoffice_history" ] || fail "history written without a tty"

# ---- a clean session exits 0; .quit stops reading ----
printf 'tasks.get(1).title\n.quit\nerror("not reached")\n' |
	"$MEDOFFICE" shell "$tmp/p" >"$tmp/quit.out" 2>"$tmp/quit.err" ||
	fail "a clean session exited $?"
expect "$tmp/quit.out" '"Call back Mrs. Lee"'
[ ! -s "$tmp/quit.err" ] || fail "a clean session wrote to stderr"

# ---- an unfinished statement at end of input is a syntax error ----
status=0
printf 'function f()\n  return 1\n' |
	"$MEDOFFICE" shell "$tmp/p" >/dev/null 2>"$tmp/eof.err" || status=$?
[ "$status" -eq 1 ] || fail "an unfinished statement exited $status"
expect "$tmp/eof.err" "'end' expected"

# ---- SIGINT stops a running statement and rolls back its transaction ----
new_practice "$tmp/q" 100000000000
mkfifo "$tmp/in"
timeout 60 "$MEDOFFICE" shell "$tmp/q" <"$tmp/in" >"$tmp/intr.out" \
	2>"$tmp/intr.err" &
shell_pid=$!
exec 3>"$tmp/in"
echo 'transaction(function() tasks.add{title="Never kept, interrupted"} print("spinning") while true do end end)' >&3
for _ in $(seq 200); do
	grep -q spinning "$tmp/intr.out" && break
	sleep 0.1
done
grep -q spinning "$tmp/intr.out" || fail "the statement did not start"
kill -INT "$shell_pid"
echo '#tasks.list()' >&3
exec 3>&-
status=0
wait "$shell_pid" || status=$?
shell_pid=
[ "$status" -eq 1 ] || fail "the interrupted session exited $status"
expect "$tmp/intr.err" 'interrupted'
grep -qx '0' "$tmp/intr.out" || fail "the interrupted transaction kept its task"

echo "shell: all checks passed"
