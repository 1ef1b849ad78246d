#!/usr/bin/env bash
# test_shell_tty.sh: `medoffice shell` on a terminal (a pseudo-terminal
# made by util-linux's script): libedit, loaded then (lua/edit_lib.h),
# shows the prompt, evaluates what is typed, completes a global and a
# field with Tab, and keeps the history in DIR/.medoffice_history, which
# the next session reads back (Ctrl-P recalls it).
# Needs MEDOFFICE (the binary); SRC and FIXTURES are set by ctest.
. "$(dirname "$0")/lib.sh"

if ! command -v script >/dev/null ||
	! script -qec true /dev/null >/dev/null 2>&1 </dev/null; then
	echo "ok - skipped: script(1) cannot make a terminal here"
	exit 0
fi
"$MEDOFFICE" init "$T/p" >/dev/null

# tty TEXT: types TEXT into the shell on a terminal; $out is what showed.
tty() {
	out=$(printf '%b' "$1" | script -qec "$MEDOFFICE shell $T/p" /dev/null \
		2>&1 | tr -d '\r') && rc=0 || rc=$?
	err=$out
	case "$out" in
	*Sanitizer*|*"runtime error:"*) bad "sanitizer report"; echo "$out" ;;
	esac
}

tty 'x = 20 + 22\nx\n.quit\n'
expect_rc 0 "a session on a terminal"
expect_out "medoffice> x = 20 + 22"
expect_out "42"
case "$out" in *"no line editing"*) bad "libedit did not load"; echo "$out" ;;
	*) ok "libedit loaded" ;; esac

tty 'pract\t.name\n.quit\n'
expect_out "Starter Family Clinic"

# libedit's history file writes a space as \040
if grep -qx 'practice.name' "$T/p/.medoffice_history" &&
	grep -q '^x\\040=' "$T/p/.medoffice_history"; then
	ok "the history file has both sessions' lines"
else
	bad "the history file lacks a session's line"
	cat "$T/p/.medoffice_history" 2>/dev/null
fi
# Ctrl-P twice: .quit, then practice.name of the last session
tty '\020\020\n.quit\n'
case "$out" in *"Starter Family Clinic"*)
	ok "Ctrl-P brings back a line of the last session" ;;
	*) bad "Ctrl-P did not recall the history"; echo "$out" ;; esac

echo "$checks checks, $failures failed"
[ "$failures" = 0 ]
