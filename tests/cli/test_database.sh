# test_database.sh: foreign and newer databases are refused untouched;
# backup; quick_check; the audit chain detects edits and deletions.
. "$(dirname "$0")/lib.sh"

"$MEDOFFICE" init "$T/p" >/dev/null || { bad "init"; finish; exit 1; }
echo 'tasks.add{title = "Call the lab about results"}; tasks.add{title = "Order more gloves please"}' > "$T/add.lua"
run run "$T/p" "$T/add.lua"; expect_rc 0 "two tasks"

run backup "$T/p" "$T/copy.db"; expect_rc 0 "backup"; expect_out "backed up"
[ "$(sqlite3 "$T/copy.db" 'select count(*) from task')" = 2 ] && ok "the backup holds the tasks" || bad "backup content"
run backup "$T/p" "$T/copy.db"; expect_rc 1 "backup over an existing file"; expect_err "exists already"

run audit "$T/p"; expect_rc 0 "audit list"; expect_out "practice.create"; expect_out "task:2"
run audit "$T/p" --record task:1; expect_rc 0 "audit --record"; expect_out "task:1"
case "$out" in *task:2*) bad "audit --record shows other records" ;; *) ok "audit --record filters" ;; esac
run audit "$T/p" --since 2030-01-01; expect_rc 0 "audit --since the future"; [ -z "$out" ] && ok "no entries" || bad "entries after 2030"
run audit "$T/p" --limit 1; expect_rc 0 "audit --limit"; [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] && ok "one entry" || bad "limit 1 gave: $out"
n=$(sqlite3 "$T/p/practice.db" "select count(*) from audit")
[ "$n" -gt 3 ] && ok "init and the tasks wrote $n audit entries" || bad "only $n audit entries"
run audit verify "$T/p"; expect_rc 0 "audit verify"; expect_out "audit chain intact: $n entries"

# Tampering: the triggers refuse, and a determined editor is detected.
sqlite3 "$T/p/practice.db" "update audit set actor = 'mallory' where id = 2" 2>"$T/e" && bad "UPDATE of the audit log worked" || ok "the audit log refuses UPDATE"
cp "$T/p/practice.db" "$T/t1.db"
sqlite3 "$T/t1.db" "drop trigger audit_no_update; update audit set actor = 'mallory' where id = 2"
mkdir "$T/t1" && cp "$T/t1.db" "$T/t1/practice.db"
run audit verify "$T/t1"; expect_rc 1 "an edited entry"; expect_err "audit entry 2 was changed"
cp "$T/p/practice.db" "$T/t2.db"
sqlite3 "$T/t2.db" "drop trigger audit_no_delete; delete from audit where id = 2"
mkdir "$T/t2" && cp "$T/t2.db" "$T/t2/practice.db"
run audit verify "$T/t2"; expect_rc 1 "a deleted entry"; expect_err "deleted or added"
cp "$T/p/practice.db" "$T/t3.db"
sqlite3 "$T/t3.db" "drop trigger audit_no_delete; delete from audit where id = $n"
mkdir "$T/t3" && cp "$T/t3.db" "$T/t3/practice.db"
run audit verify "$T/t3"; expect_rc 1 "a removed last entry"; expect_err "removed or added at the end"
run check "$T/t3" --db; expect_rc 1 "check --db sees it too"

# Not ours, newer, damaged.
cp -r "$T/p" "$T/foreign"; rm -f "$T/foreign/practice.db"*
sqlite3 "$T/foreign/practice.db" "create table recipes(name text); insert into recipes values('soup')"
before=$(snapshot "$T/foreign")
run check "$T/foreign"; expect_rc 1 "another application's database"; expect_err "not a medoffice database"
expect_same "$before" "$T/foreign" "another application's database"
echo 'print(1)' > "$T/one.lua"
run run "$T/foreign" "$T/one.lua"; expect_rc 1 "run refuses it too"; expect_same "$before" "$T/foreign" "run"
printf 'this is not a database at all, just some text.....................................................' > "$T/foreign/practice.db"
run check "$T/foreign"; expect_rc 1 "a text file as database"; expect_err "not an SQLite database"
cp -r "$T/p" "$T/newer"
sqlite3 "$T/newer/practice.db" "pragma user_version = 99"
before=$(snapshot "$T/newer")
run check "$T/newer"; expect_rc 1 "a newer database"; expect_err "schema version 99 is newer than this medoffice"
run run "$T/newer" "$T/one.lua"; expect_rc 1 "run on a newer database"
expect_same "$before" "$T/newer" "a newer database"
run check "$T/p" --db; expect_rc 0 "check --db"; expect_out "quick_check ok"
finish
