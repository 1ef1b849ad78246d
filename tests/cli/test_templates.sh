# test_templates.sh: every template initializes, checks clean (no
# warnings, in step), passes its specs, and draws its org chart as text
# and HTML; `templates` lists each with a one-line description.
. "$(dirname "$0")/lib.sh"

run templates; expect_rc 0 "templates"
listing=$out
for t in starter family-practice pediatrics multi-site-group dermatology; do
  case "$listing" in *"$t "*) ok "templates lists $t" ;; *) bad "templates lacks $t" ;; esac
  d="$T/$t"
  run init "$d" --template "$t"; expect_rc 0 "init --template $t"
  run check "$d" --db; expect_rc 0 "check $t"; expect_out "in step with practice.yaml"
  case "$out" in *warnings:*) bad "$t has warnings: $out" ;; *) ok "$t has no warnings" ;; esac
  run test "$d"; expect_rc 0 "specs of $t"; expect_out ", 0 failed"
  run org "$d"; expect_rc 0 "org of $t"
  [ "$(printf '%s\n' "$out" | grep -c ' (.*)$')" -ge 3 ] && ok "org of $t lists staff" || bad "org of $t: $out"
  run org "$d" --format html -o "$T/$t.html"; expect_rc 0 "org --format html of $t"
  grep -q '</html>' "$T/$t.html" && ok "$t.html is complete" || bad "$t.html is cut"
done
# the templates differ where the issue says they do
grep -q '^clia:' "$T/dermatology/practice.yaml" && bad "dermatology has a CLIA section" || ok "dermatology refers tests out (no CLIA)"
grep -q '^clia:' "$T/family-practice/practice.yaml" && ok "family practice has a CLIA waiver" || bad "family practice lacks CLIA"
[ "$(sqlite3 "$T/multi-site-group/practice.db" "select count(*) from entity where kind='location'")" = 2 ] \
  && ok "the multi-site group has two locations" || bad "multi-site locations"
run org "$T/multi-site-group"; expect_out "Practice administrator"; expect_out "Practice manager"; expect_out "Board"
finish
