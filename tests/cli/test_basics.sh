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

# practice.script_actor: who scripts run without --as act as
run init "$T/sa"; expect_rc 0 "init for script_actor"
mkdir "$T/nodb" && cp "$T/sa/practice.yaml" "$T/nodb/"
run requests "$T/nodb"; expect_rc 1 "a practice without its database"
expect_err "medoffice: $T/nodb/practice.db: No such file or directory"
case "$err" in *"practice.db: $T"*) bad "the path is named twice: $err" ;; *) ok "the path is named once" ;; esac
echo 'print(whoami())' > "$T/who.lua"
run run "$T/sa" "$T/who.lua"; expect_rc 0 "a script without --as"; expect_out "system"
sed -i 's/^  timezone: \(.*\)$/  timezone: \1\n  script_actor: maria/' "$T/sa/practice.yaml"
run run --apply "$T/sa" "$T/who.lua"; expect_rc 0 "a script with script_actor set"; expect_out "maria"
run run --as joe "$T/sa" "$T/who.lua"; expect_rc 0 "--as wins over script_actor"; expect_out "joe"
echo 'tasks.add{ title = "Order exam gloves" }; print(tasks.list()[1].title)' > "$T/add.lua"
run run "$T/sa" "$T/add.lua"; expect_rc 0 "script_actor acts"; expect_out "Order exam gloves"
run audit "$T/sa" --staff maria; expect_out "task.create"
sed -i 's/^  script_actor: maria$/  script_actor: mariah/' "$T/sa/practice.yaml"
run check "$T/sa"; expect_rc 1 "an unknown script_actor"
expect_err 'practice.script_actor: unknown staff id "mariah"'
expect_err "practice.yaml:"
finish
