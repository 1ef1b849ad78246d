# test_seed.sh: `medoffice seed` fills a practice through the real
# primitives (the audit chain verifies, the lists work), the same seed
# gives the same data, a different seed different data, and bad options
# are usage errors.
. "$(dirname "$0")/lib.sh"

"$MEDOFFICE" init "$T/a" --template pediatrics >/dev/null || bad "init a"
"$MEDOFFICE" init "$T/b" --template pediatrics >/dev/null || bad "init b"
"$MEDOFFICE" init "$T/c" --template pediatrics >/dev/null || bad "init c"
run seed "$T/a" --patients 120 --days 10 --ahead 3 --seed 7
expect_rc 0 "seed a practice"
expect_out "seeded $T/a: 120 patients ("
case "$out" in *" 0 appointments"*) bad "no appointments were booked: $out" ;; *) ok "appointments were booked" ;; esac
run seed "$T/b" --patients 120 --days 10 --ahead 3 --seed 7; expect_rc 0 "the same seed again"
run seed "$T/c" --patients 120 --days 10 --ahead 3 --seed 8; expect_rc 0 "another seed"
dump() { sqlite3 "$1/practice.db" "SELECT patient, provider, location, room, visit_type, start_us, status FROM appointment ORDER BY id; SELECT family, given, birth_day FROM patient ORDER BY id"; }
if [ "$(dump "$T/a")" = "$(dump "$T/b")" ]; then ok "the same seed gives the same data"; else bad "the same seed gave different data"; fi
if [ "$(dump "$T/a")" != "$(dump "$T/c")" ]; then ok "another seed gives other data"; else bad "another seed gave the same data"; fi
run audit verify "$T/a"; expect_rc 0 "the audit chain verifies after seeding"
run check "$T/a" --db; expect_rc 0 "check --db after seeding"
run schedule day "$T/a" --location main --date 2026-11-20 --as maria; expect_rc 0 "a seeded day's schedule"
expect_line 'checked_out'
run schedule reminders "$T/a" --as maria; expect_rc 0 "tomorrow's reminder calls"
expect_line '[1-9][0-9]* appointments?$'
run schedule recall "$T/a" --as maria; expect_rc 0 "the recall list"
run shifts gaps "$T/a" --from 2026-11-16 --to 2026-11-20; expect_rc 0 "staffing gaps"
# billing (the pediatrics template has payers and a fee schedule)
billing=$(sqlite3 "$T/a/practice.db" "SELECT (SELECT count(*) FROM insurance) > 0, (SELECT count(*) FROM charge) > 0, (SELECT count(*) FROM payment) > 0, (SELECT count(*) FROM deposit) > 0")
if [ "$billing" = "1|1|1|1" ]; then ok "insurance, charges, payments and deposits were seeded"; else bad "billing seeded: $billing"; fi
office=$(sqlite3 "$T/a/practice.db" "SELECT (SELECT count(*) FROM inv_item) > 0, (SELECT count(*) FROM inv_movement) > 0, (SELECT count(*) FROM asset_service) > 0, (SELECT count(*) FROM vendor) > 0, (SELECT count(*) FROM tc_card WHERE out_us > 0) > 0")
if [ "$office" = "1|1|1|1|1" ]; then ok "supplies, equipment checks, vendors and time cards were seeded"; else bad "office seeded: $office"; fi
run check "$T/a" --db; expect_out "ledger balanced ("
run aging "$T/a" --as maria; expect_rc 0 "the A/R aging of a seeded practice"
expect_line '^Total  *[0-9]'

# --providers: only the first N providers get appointments
"$MEDOFFICE" init "$T/e" --template pediatrics >/dev/null || bad "init e"
run seed "$T/e" --providers 1 --patients 50 --days 5 --ahead 0; expect_rc 0 "seed one provider"
first=$(sed -n '/^providers:/,/^[a-z]/{s/^  - staff: *//p}' "$T/e/practice.yaml" | head -1)
used=$(sqlite3 "$T/e/practice.db" "SELECT group_concat(DISTINCT provider) FROM appointment")
if [ -n "$first" ] && [ "$used" = "$first" ]; then ok "--providers 1 books only $first"; else bad "--providers 1 booked '$used' (first provider '$first')"; fi
run seed "$T/e" --providers 99 --patients 5; expect_rc 1 "more providers than the practice has"
expect_err "seed: providers: practice.yaml has "
run seed "$T/e" --providers 0; expect_rc 2 "--providers 0"; expect_err "--providers: expected a number from 1 to"

# bad options
run seed "$T/a" --patients 0; expect_rc 2 "--patients 0"; expect_err "--patients: expected a number from 1 to 1000000"
run seed "$T/a" --days x; expect_rc 2 "--days x"
run seed "$T/a" --ahead 91; expect_rc 2 "--ahead 91"
run seed "$T/a" --bogus; expect_rc 2 "a bad option"
run seed "$T/a" "$T/b"; expect_rc 2 "two folders"
# a practice without providers cannot be seeded with appointments
"$MEDOFFICE" init "$T/d" >/dev/null || bad "init d"
sed -i '/^providers:/,/^visit_types:/{/^visit_types:/!d}' "$T/d/practice.yaml"
sed -i '/^visit_types:/,/^$/d' "$T/d/practice.yaml"
run seed "$T/d" --apply; expect_rc 2 "seed does not take --apply"
run apply "$T/d"
run seed "$T/d" --patients 5; expect_rc 1 "a practice without providers"
expect_err "seed: practice.yaml needs providers and visit types"
finish
