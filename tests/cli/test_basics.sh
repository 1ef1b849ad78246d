# test_basics.sh: version, help, usage errors and exit codes.
. "$(dirname "$0")/lib.sh"

run --version; expect_rc 0 "--version"; expect_out "medoffice 0.1.0"
run --help; expect_rc 0 "--help"; expect_out "Commands:"; expect_out "init"
run help init; expect_rc 0 "help init"; expect_out "Usage: medoffice init DIR"
for c in templates check shell run test backup audit demo apply org jobs actions; do
  run help "$c"; expect_rc 0 "help $c"; expect_out "Usage: medoffice $c"
done
run help nosuch; expect_rc 2 "help of an unknown command"
run; expect_rc 2 "no command"
run frobnicate; expect_rc 2 "unknown command"; expect_err 'unknown command "frobnicate"'
run init; expect_rc 2 "init without a folder"; expect_err "expected one folder name"
run init --bogus x; expect_rc 2 "init with a bad option"
run check a b; expect_rc 2 "check with two folders"
run run; expect_rc 2 "run without a script"
run audit --limit zero; expect_rc 2 "audit with a bad --limit"; expect_err "expected a positive number"
run audit --since yesterday; expect_rc 2 "audit with a bad --since"; expect_err "expected a date"
run backup; expect_rc 2 "backup without a file"
run templates extra; expect_rc 2 "templates with an argument"
run templates; expect_rc 0 "templates"; expect_out "starter"
run check "$T/nowhere"; expect_rc 1 "check of a missing folder"; expect_err "nowhere/practice.yaml"
finish
