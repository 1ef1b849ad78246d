# test_statements.sh: patient statements end to end on a family-practice
# practice (maria office_manager and carol biller may run statements,
# joe front_desk may not): self-pay visits of several ages, payments, a
# remittance of an insured visit (the 835 posting is written with SQL, as
# it posts: the payer's payment, the contractual adjustment and the
# patient's share), a credit, a guarantor, a hold and a hostile name.
# Checked: refusals (no permission, unknown and merged patients, bad
# dates, formats and options, a negative or inexact minimum in the
# settings) with their exit codes and nothing written; a dry run writing
# nothing but its audited read; who gets a statement and who is skipped
# and why (below the minimum, held, a credit balance, too recent); the
# amounts, the visit lines and the aging buckets; the remit address; the
# guarantor; HTML files with every value escaped (and, when chromium is
# installed, the page as a browser reads it); list, show, holds and the
# audit of the run and the reads.
. "$(dirname "$0")/lib.sh"

# rows: the statement tables' row counts.
rows() { sqlite3 "$P/practice.db" "SELECT (SELECT count(*) FROM statement_run), (SELECT count(*) FROM statement), (SELECT count(*) FROM statement_line), (SELECT count(*) FROM statement_hold)"; }
audit_count() { sqlite3 "$P/practice.db" "SELECT count(*) FROM audit"; }
# refused WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT,
# adds no audit entry and writes no statement.
refused() {
  local what=$1 code=$2 text=$3 before audit
  shift 3
  before=$(rows); audit=$(audit_count)
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  if [ "$(rows)" = "$before" ] && [ "$(audit_count)" = "$audit" ]; then
    ok "$what: nothing written"; else bad "$what: something was written"; fi
}

P=$T/p
export MEDOFFICE_NOW=2026-07-01T15:00:00Z
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- patients, visits, payments, a remittance ----
reg() { "$MEDOFFICE" patient register "$P" "$@" --as joe >/dev/null || bad "register $*"; }
reg --family Garcia --given Ana --birth-date 1980-02-03 --sex female --line1 "12 Elm Street" \
  --city Springfield --state IL --zip 62701
reg --family Brown --given Ben --birth-date 1975-07-08 --sex male
reg --family Lee --given Kim --birth-date 1990-01-01 --sex female
reg --family Cruz --given Dan --birth-date 1985-03-04 --sex male
reg --family North --given Nora --birth-date 1970-05-06 --sex female --line1 "9 Pine Rd" \
  --city Willow --state MN --zip 55110
reg --family "<script>alert(1)</script>" --given "Eve & <b>" --birth-date 1999-09-09 --sex female
reg --family Garcia --given Tito --birth-date 2015-06-07 --sex male --guarantor 1
reg --family Garcia --given Anna --birth-date 1980-02-03 --sex female --allow-duplicate
"$MEDOFFICE" patient merge "$P" 8 1 --as maria >/dev/null || bad "merge 8 into 1"
"$MEDOFFICE" insurance add "$P" --patient 5 --payer northstar --member-id NS-55 --from 2026-01-01 \
  --as joe >/dev/null || bad "Nora's insurance"
n=0
visit() { # visit PATIENT DATE CODE: a sick visit at 10:00, seen and charged
  n=$((n + 1))
  MEDOFFICE_NOW=${2}T13:00:00Z "$MEDOFFICE" schedule book "$P" --patient "$1" --provider dr_hart \
    --visit-type sick_visit --at "$2 10:00" --as joe >/dev/null || bad "book $*"
  for s in arrived seen; do
    MEDOFFICE_NOW=${2}T16:00:00Z "$MEDOFFICE" schedule mark "$P" $n $s --as joe >/dev/null || bad "mark $n $s"
  done
  MEDOFFICE_NOW=${2}T17:00:00Z "$MEDOFFICE" charge enter "$P" --appointment $n --dx J02.9 --line "$3" \
    --as carol >/dev/null || bad "charge $*"
}
visit 1 2026-07-15 99213   # 131 days before 2026-11-23: over 120
visit 1 2026-09-15 99213   # 69 days: 61-90
visit 1 2026-11-20 99213   # 3 days: 0-30
visit 2 2026-11-02 99213
visit 3 2026-10-20 99213
visit 5 2026-10-14 99213   # insured (Northstar)
visit 6 2026-11-16 99213
visit 7 2026-11-18 99212
export MEDOFFICE_NOW=2026-11-23T15:00:00Z
pay() { "$MEDOFFICE" payment collect "$P" "$@" --as joe >/dev/null || bad "payment $*"; }
pay --patient 1 --amount 25.00 --method check --reference 1042
pay --patient 2 --amount 147.00 --method cash
pay --patient 4 --amount 20.00 --method card --kind prepayment
# Northstar's remittance of Nora's visit (charge 6, 2026-10-14 = day
# 20740), posted 2026-11-10 (day 20767): 80.00 paid, 40.00 contractual,
# 30.00 hers.
sqlite3 "$P/practice.db" "
INSERT INTO journal(id, at_us, day, kind, memo, actor) VALUES(900, 0, 20767, 'payment', 'northstar 835', 'carol');
INSERT INTO journal_line(journal, account, amount, patient, payer, charge, day, service_day) VALUES
 (900, 'bank', 8000, 5, 'northstar', 6, 20767, 20740), (900, 'ar_payer', -8000, 5, 'northstar', 6, 20767, 20740),
 (900, 'contractual', 4000, 5, 'northstar', 6, 20767, 20740), (900, 'ar_payer', -4000, 5, 'northstar', 6, 20767, 20740),
 (900, 'ar_patient', 3000, 5, NULL, 6, 20767, 20740), (900, 'ar_payer', -3000, 5, 'northstar', 6, 20767, 20740);" \
  || bad "the remittance"
[ "$(rows)" = "0|0|0|0" ] && ok "no statement yet" || bad "statement rows before any run"

# ---- refusals: nothing written ----
mkdir "$T/out"
refused "the front desk may not run statements" 1 \
  "joe may not statement.run: the job Front office medical assistant (front_desk) does not permit it" \
  statements "$P" -o "$T/out" --as joe
[ -z "$(ls -A "$T/out")" ] && ok "the refused run wrote no file" || bad "the refused run wrote files"
refused "the front desk may not hold statements" 1 "joe may not statement.hold" \
  statements hold "$P" 3 --reason "disputes the bill" --as joe
refused "an unknown patient" 1 "statement patient: no patient 99" statements "$P" --patient 99 --as maria
refused "a merged patient" 1 "statement patient: patient 8 was merged into patient 1" \
  statements "$P" --patient 8 --as maria
refused "a date after today" 1 "statement date: 2026-11-24 is after today (2026-11-23)" \
  statements "$P" --as-of 2026-11-24 --as maria
refused "a bad date" 2 "--as-of: expected a real calendar date" statements "$P" --as-of 2026-13-01 --as maria
refused "a bad format" 2 '--format: expected text or html, got "pdf"' statements "$P" --format pdf --as maria
refused "--due-days 0" 2 "--due-days: expected" statements "$P" --due-days 0 --as maria
refused "--due-days 121" 2 "--due-days: expected" statements "$P" --due-days 121 --as maria
refused "--patient abc" 2 '--patient: expected a number, got "abc"' statements "$P" --patient abc --as maria
refused "a dry run with -o" 2 "--dry-run writes nothing: leave out -o" \
  statements "$P" --dry-run -o "$T/out" --as maria
refused "without --as" 2 "--as STAFF is required" statements "$P"
refused "an option of another subcommand" 2 "a run does not take --reason" statements "$P" --reason x --as maria
refused "hold without a reason" 2 "hold needs --reason TEXT" statements hold "$P" 3 --as maria
refused "hold without a patient" 2 "hold takes [DIR] and the patient" statements hold --reason x --as maria
refused "hold of an unknown patient" 1 "statement hold patient: no patient 42" \
  statements hold "$P" 42 --reason x --as maria
refused "a hold ending in the past" 1 "statement hold until: 2026-11-01 is before today (2026-11-23)" \
  statements hold "$P" 3 --reason x --until 2026-11-01 --as maria
refused "release of a patient not held" 1 "patient 3's statements are not on hold" \
  statements release "$P" 3 --as maria
refused "list with a number" 2 "list takes only [DIR]" statements list "$P" 3 --as maria
refused "show without its number" 2 "show takes [DIR] and the statement number" statements show --as maria
refused "show of no statement" 1 "no statement 1" statements show "$P" 1 --as maria

# the minimum is a setting: a negative or inexact one is refused when the
# policies load, and nothing runs
cp "$P/practice.yaml" "$T/practice.yaml"
for v in '"-5.00"' '4.999'; do
  sed "s/^settings:\$/settings:\n  billing:\n    statement_min: $v/" "$T/practice.yaml" > "$P/practice.yaml"
  case "$v" in
    *-5*) msg="settings.billing.statement_min: expected 0.00 or more, got -5.00" ;;
    *) msg='settings.billing.statement_min: expected money such as "125.00" (at most two decimals), got "4.999"' ;;
  esac
  refused "statement_min: $v" 1 "$msg" statements "$P" --as maria
done
cp "$T/practice.yaml" "$P/practice.yaml"

# ---- hold ----
run statements hold "$P" 3 --reason "disputes the bill" --as maria; expect_rc 0 "maria holds Kim's statements"
expect_out "patient 3's statements are on hold until released: disputes the bill"
run statements list "$P" --holds --as carol; expect_rc 0 "the holds"
expect_line '^patient 3 +Lee, Kim +held since 2026-11-23 09:00 by maria, until released: disputes the bill$'
expect_line '^1 patient on hold$'

# ---- a dry run: what would go out, nothing recorded ----
before=$(rows); audit=$(audit_count)
run statements "$P" --dry-run --as maria; expect_rc 0 "a dry run"
[ "$(rows)" = "$before" ] && ok "the dry run recorded no statement" || bad "the dry run wrote statements"
[ "$(audit_count)" = $((audit + 1)) ] && ok "the dry run is one audited read" || bad "the dry run's audit"
expect_line '^dry run on 2026-11-23: 4 statements would go out, 700\.00; 3 skipped; nothing recorded$'
expect_line '^Statement no\.   DRAFT \(dry run, not sent\)$'
# the practice: who is paid and where
expect_line '^Willow Creek Family Medicine$'
expect_line '^1420 Orchard Lane, Suite 100$'
expect_line '^Willow Creek, MN 55109$'
expect_line '^Phone \(651\) 555-0142$'
expect_line '^Make checks payable to Willow Creek Family Medicine, PLLC and mail them with the part below\.$'
expect_line '^Remit to$'
# Ana: three visits, a payment, the aging
expect_line '^To +Ana Garcia$'
expect_line '^ +12 Elm Street$'
expect_line '^ +Springfield, IL 62701$'
expect_line '^Patient +Garcia, Ana \(patient 1\)$'
expect_line '^Amount due +425\.00$'
expect_line '^Pay by +2026-12-23$'
expect_line '^2026-07-15  99213 +150\.00 +0\.00 +0\.00 +0\.00 +0\.00 +150\.00$'
expect_line '^2026-09-15  99213 +150\.00 '
expect_line '^2026-11-20  99213 +150\.00 '
expect_line '^2026-11-23  Payment, thank you +-25\.00$'
expect_line '^Balance due +425\.00$'
expect_line '^ +150\.00 +0\.00 +150\.00 +0\.00 +150\.00 +-25\.00 +425\.00$'
# Nora: what her insurance paid and adjusted, her share, aged 31-60
expect_line '^2026-10-14  99213 +150\.00 +80\.00 +40\.00 +0\.00 +0\.00 +30\.00$'
expect_line '^ +0\.00 +30\.00 +0\.00 +0\.00 +0\.00 +0\.00 +30\.00$'
# Tito: to his guarantor
expect_line '^To +Ana Garcia \(guarantor\)$'
expect_line '^Patient +Garcia, Tito \(patient 7\)$'
# who is skipped and why
expect_line "^  patient 2 +Brown, Ben +3\.00  the balance of 3\.00 is below the minimum of 5\.00 \(rule 'a minimum balance' \(policies/billing/statements\.lua:[0-9]+\)\)$"
expect_line "^  patient 3 +Lee, Kim +150\.00  on hold: disputes the bill \(rule 'no statements while on hold'"
expect_line "^  patient 4 +Cruz, Dan +-20\.00  a credit balance of 20\.00: nothing is due \(rule"
expect_no_line 'patient 8 '

# ---- the run: HTML files ----
run statements "$P" --format html -o "$T/out" --due-days 21 --as carol; expect_rc 0 "carol runs statements as HTML files"
expect_line "^statement 1: patient 1 Garcia, Ana, 425\.00 due 2026-12-14 -> $T/out/statement-1\.html$"
expect_line "^statement 2: patient 5 North, Nora, 30\.00 due 2026-12-14 -> $T/out/statement-2\.html$"
expect_line "^statement 4: patient 7 Garcia, Tito, 95\.00 due 2026-12-14 -> $T/out/statement-4\.html$"
expect_line '^run 1 on 2026-11-23: 4 statements, 700\.00; 3 skipped$'
[ "$(rows)" = "1|4|6|1" ] && ok "the run, its 4 statements and their 6 lines are recorded" || bad "rows after the run: $(rows)"
[ "$(ls "$T/out" | wc -l)" = 4 ] && ok "4 files written" || bad "files: $(ls "$T/out")"
h=$T/out/statement-3.html
if grep -q '<script' "$h" || grep -qF 'Eve & <b>' "$h"; then bad "the hostile name is not escaped"; else
  ok "no markup from the patient's name"; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;, Eve &amp; &lt;b&gt;' "$h" && ok "the name is escaped" || bad "the escaped name"
grep -q '<td class="num">150.00</td>' "$h" && ok "the amounts are in the page" || bad "the amounts"
grep -q '@media print' "$h" && ok "a print stylesheet" || bad "no print stylesheet"
if command -v chromium >/dev/null 2>&1; then
  dom=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" \
    --dump-dom "file://$h" 2>/dev/null)
  case "$dom" in *'Statement no.'*) ok "chromium renders the statement" ;; *) bad "chromium rendered no statement" ;; esac
  case "$dom" in *'<script>'*) bad "chromium found a script element" ;; *) ok "chromium finds no script element" ;; esac
  case "$dom" in *'&lt;script&gt;alert(1)&lt;/script&gt;, Eve &amp; &lt;b&gt;'*) ok "chromium shows the name as text" ;;
    *) bad "chromium does not show the name as text" ;; esac
else
  ok "chromium is not installed: the browser check is skipped"
fi
run statements "$P" --format html -o "$T/out" --patient 1 --as maria
expect_rc 0 "a run that sends nothing"; expect_line "the last statement was 0 days ago \(2026-11-23\)"

# ---- too recent; after the interval ----
run statements "$P" --as maria; expect_rc 0 "a second run the same day"
expect_line '^run 3 on 2026-11-23: 0 statements, 0\.00; 7 skipped$'
expect_line "^  patient 1 +Garcia, Ana +425\.00  the last statement was 0 days ago \(2026-11-23\); the next is due after 28 days \(rule 'one statement per interval'"
MEDOFFICE_NOW=2026-12-21T15:00:00Z run statements "$P" --patient 5 --as maria
expect_rc 0 "28 days later"; expect_line '^run 4 on 2026-12-21: 1 statement, 30\.00; 0 skipped$'
expect_line '^ +0\.00 +0\.00 +30\.00 +0\.00 +0\.00 +0\.00 +30\.00$'

# ---- release ----
run statements release "$P" 3 --reason "settled" --as maria; expect_rc 0 "release Kim's hold"
expect_out "patient 3's statements are no longer on hold"
run statements "$P" --patient 3 --as maria; expect_rc 0 "Kim's statement"
expect_line '^Amount due +150\.00$'
expect_line '^run 5 on 2026-11-23: 1 statement, 150\.00; 0 skipped$'

# ---- list, show ----
run statements list "$P" --as carol; expect_rc 0 "list"
expect_line '^#1 +2026-11-23  run 1 +patient 1 +Garcia, Ana +425\.00  due 2026-12-14  html  carol$'
expect_line '^#5 +2026-12-21  run 4 +patient 5 +North, Nora +30\.00  due 2027-01-20  text  maria$'
expect_line '^#6 +2026-11-23  run 5 +patient 3 +Lee, Kim +150\.00  due 2026-12-23  text  maria$'
expect_line '^6 statements$'
run statements list "$P" --patient 5 --as carol; expect_line '^2 statements$'
run statements show "$P" 2 --as joe; expect_rc 0 "the front desk reprints statement 2"
expect_line '^Statement no\.   2$'
expect_line '^2026-10-14  99213 +150\.00 +80\.00 +40\.00 +0\.00 +0\.00 +30\.00$'
run statements show "$P" 1 --format html -o "$T/again.html" --as maria; expect_rc 0 "reprint as HTML"
grep -q 'Amount due' "$T/again.html" && ok "the reprint is written" || bad "the reprint"
run statements show "$P" 1 -o "$T/again.html" --as maria; expect_rc 1 "a reprint over a file"
expect_err "again.html: cannot create it (it may exist already); nothing was written"

# ---- the audit ----
run audit "$P" --record statement_run:1; expect_rc 0 "audit of run 1"
expect_line 'carol +statement\.run +statement_run:1 +allowed'
run audit "$P" --staff maria
expect_line 'statement\.run +statements:dry-run +allowed'
expect_line 'statement\.hold +patient:3 +allowed'
run audit "$P" --staff joe
expect_line 'billing\.read +patient:5 +allowed .*"read":"statement"'
run audit "$P" --staff carol
expect_line 'billing\.read +statements +allowed'
expect_line 'billing\.read +statement:holds +allowed'
run audit verify "$P"; expect_rc 0 "the audit chain verifies"
finish
