# test_reports.sh: the built-in reports on a seeded family practice,
# each rendered in all five formats and compared with its golden files
# (tests/fixtures/golden/reports/NAME.{txt,csv,json,html,xlsx.xml};
# MO_UPDATE_GOLDEN=1 rewrites them); the HTML of each loaded in headless
# Chromium (no console errors, the charts drawn) with a screenshot of one
# left in $REPORT_SHOTS (default the test's temporary folder, removed);
# and bad input: an unknown report, missing and ill-typed parameters, a
# query that writes, attaches, pragmas or reads another schema, a data
# function that errors, a huge result streamed, text with commas,
# quotes, newlines, HTML and formulas in every format.
. "$(dirname "$0")/lib.sh"

P="$T/p"
G="$FIXTURES/golden/reports"
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"
"$MEDOFFICE" seed "$P" --as system --days 30 --patients 120 >/dev/null || bad "seed"

# name and parameters of each built-in report, as the golden files have them
REPORTS="daily_schedule:day=2026-11-20
deposit_slip:day=2026-11-20
day_sheet:day=2026-11-20
ar_aging:
ar_aging_patients:
payer_mix:
claim_status:
denials:
provider_productivity:
approvals:
audit_trail:staff=maria,period=2026-11-23..2026-11-23
org_chart:
expirations:within=400
clia_qc_log:period=2026-11-16..2026-11-22
staffing_gaps:period=2026-11-23..2026-11-29"

run reports "$P" --as maria; expect_rc 0 "the report list"; expect_out "15 reports"

golden() { # golden FILE NAME: compares FILE with the golden NAME
  if [ "${MO_UPDATE_GOLDEN:-}" = 1 ]; then mkdir -p "$G"; cp "$1" "$G/$2"; fi
  if cmp -s "$1" "$G/$2"; then ok "$2 matches its golden file"
  else bad "$2 differs from its golden file"; diff "$G/$2" "$1" | head -20; fi
}

while IFS=: read -r name params; do
  args=""
  for kv in $(echo "$params" | tr ',' ' '); do args="$args --param $kv"; done
  for f in text csv json html; do
    ext=$f; [ $f = text ] && ext=txt
    # shellcheck disable=SC2086
    run report "$name" "$P" $args --format $f -o "$T/$name.$ext" --as maria
    expect_rc 0 "$name as $f"
    golden "$T/$name.$ext" "$name.$ext"
  done
  # shellcheck disable=SC2086
  run report "$name" "$P" $args --format xlsx -o "$T/$name.xlsx" --as maria
  expect_rc 0 "$name as xlsx"
  unzip -p "$T/$name.xlsx" xl/worksheets/sheet1.xml > "$T/$name.xlsx.xml" && golden "$T/$name.xlsx.xml" "$name.xlsx.xml"
done <<EOF
$REPORTS
EOF

# The HTML in a real browser: loads, no console error, the charts drawn.
SHOTS=${REPORT_SHOTS:-$T}
if command -v chromium >/dev/null; then
  for h in "$T"/*.html; do
    n=$(basename "$h" .html)
    timeout 60 chromium --headless=new --no-sandbox --disable-gpu --enable-logging=stderr \
      --v=0 --virtual-time-budget=2000 --dump-dom "file://$h" >"$T/$n.dom" 2>"$T/$n.log"
    if grep -E "CONSOLE|Uncaught|SyntaxError" "$T/$n.log" >/dev/null; then
      bad "$n.html: console errors"; grep -E "CONSOLE|Uncaught" "$T/$n.log" | head -3
    elif ! grep -q "</table>" "$T/$n.dom"; then bad "$n.html did not load"
    else ok "$n.html loads in Chromium without console errors"; fi
    if grep -q 'class="chart"' "$h"; then
      svgs=$(grep -o '<svg' "$T/$n.dom" | wc -l)
      [ "$svgs" -ge 1 ] && ok "$n.html: Chromium has its $svgs chart(s)" || bad "$n.html: no chart in the DOM"
    fi
  done
  timeout 60 chromium --headless=new --no-sandbox --disable-gpu --window-size=1200,1000 \
    --screenshot="$SHOTS/ar_aging.png" "file://$T/ar_aging.html" >/dev/null 2>&1
  [ -s "$SHOTS/ar_aging.png" ] && ok "a screenshot of ar_aging.html ($SHOTS/ar_aging.png)" || bad "no screenshot"
else
  bad "chromium is not installed (make deps installs it)"
fi

# In the shell (a script here): report() shows the rows and returns them;
# a copy of a report, its columns and grouping changed, runs at once.
cat > "$T/shell.lua" <<'EOF'
local rows = report("day_sheet", { day = "2026-11-20" })
print("rows", #rows, rows[1].provider, rows[1].charges)
local d = reports.get("day_sheet")
d.title = "Visits by provider"
d.columns = { d.columns[1], d.columns[2] }
d.totals, d.charts = { "visits" }, nil
reports.define("my_sheet", d)
report("my_sheet", { day = "2026-11-20" })
print(pcall(reports.define, "bad", { title = "Bad", query = "SELECT 1", columns = { { key = "x", format = "cash" } } }))
EOF
run run --as maria "$P" "$T/shell.lua"; expect_rc 0 "report() and a changed copy in a script"
expect_line '^rows	1	dr_hart	72500$'
expect_out "Visits by provider"
expect_line '^Provider  Visits$'
expect_out "columns[1].format: expected one of text, money, date, time, percent, count, got cash"

# ---- bad input ----
run report day_shet "$P" --as maria; expect_rc 1 "an unknown report"
expect_err "no report 'day_shet' (did you mean \"day_sheet\"?)"
run report day_sheet "$P" --param day=2026-13-01 --as maria; expect_rc 1 "an ill-typed date"
expect_err "parameter 'day' (date): expected a date such as 2026-11-20"
run report day_sheet "$P" --param dya=today --as maria; expect_rc 1 "an unknown parameter"
expect_err "no parameter 'dya'"
run report daily_schedule "$P" --param provider=dr_who --as maria; expect_rc 1 "an unknown provider"
expect_err "parameter 'provider' (provider): expected a provider's staff id"
run report day_sheet "$P" --param day --as maria; expect_rc 2 "--param without ="
run report day_sheet "$P" --format pdf --as maria; expect_rc 1 "an unknown format"
expect_err "format: expected text, csv, json, html or xlsx, got pdf"
run report day_sheet "$P" --format xlsx --as maria; expect_rc 1 "xlsx to the terminal"
expect_err "xlsx is written to a file"
run report day_sheet "$P" --as joe; expect_rc 0 "the front desk may run reports"
run report day_sheet "$P"; expect_rc 2 "no --as"

# reports of the practice's own: hostile queries, a failing function,
# text that is not what it seems, a huge result
cat > "$P/policies/custom.lua" <<'EOF'
local COLS = { { key = "n", label = "N", format = "count" } }
report "writes" { title = "Writes", query = "DELETE FROM task", columns = COLS }
report "attaches" { title = "Attaches", query = "ATTACH DATABASE 'x.db' AS x", columns = COLS }
report "pragma" { title = "Pragma", query = "PRAGMA user_version", columns = COLS }
report "two" { title = "Two", query = "SELECT 1 AS n; DELETE FROM task", columns = COLS }
report "temp" { title = "Temp", query = "SELECT count(*) AS n FROM temp.sqlite_master", columns = COLS }
report "fails" { title = "Fails", data = function() error("the data is not there") end, columns = COLS }
report "missing" { title = "Missing", query = "SELECT 1 AS m", columns = COLS }
report "needs" { title = "Needs", params = { { name = "day", type = "date" } },
  query = "SELECT :day AS n", columns = COLS }
report "huge" { title = "Huge", columns = COLS,
  query = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) SELECT n FROM c" }
report "tricky" {
  title = "Tricky <b>text</b>",
  columns = { { key = "t", label = "Text, \"quoted\"" }, { key = "m", label = "Money", format = "money" } },
  data = function()
    return { { t = "a, b", m = 100 }, { t = 'say "hi"', m = -250 }, { t = "two\nlines", m = 0 },
      { t = "<script>alert(1)</script> & co", m = 1 }, { t = "=cmd|' /C calc'!A0", m = 2 },
      { t = "+1", m = 3 }, { t = "-2", m = 4 }, { t = "@SUM(A1)", m = 5 } }
  end,
}
EOF
printf '  - custom.lua\n' > "$T/pol"
sed -i "/^  - reports\/office.lua$/r $T/pol" "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the practice's own reports"
before=$(sqlite3 "$P/practice.db" "SELECT count(*) FROM task")
run report writes "$P" --as maria; expect_rc 1 "a query that writes"
expect_err "may only read the practice database: DELETE is not allowed"
run report attaches "$P" --as maria; expect_rc 1 "a query that attaches"
expect_err "ATTACH is not allowed"
run report pragma "$P" --as maria; expect_rc 1 "a pragma"
expect_err "PRAGMA is not allowed"
run report two "$P" --as maria; expect_rc 1 "two statements"
expect_err "one statement that only reads"
run report temp "$P" --as maria; expect_rc 1 "another schema"
expect_err "reading temp.sqlite_master is not allowed"
[ ! -e "$P/x.db" ] && [ ! -e x.db ] && ok "nothing attached was created" || bad "x.db created"
[ "$(sqlite3 "$P/practice.db" "SELECT count(*) FROM task")" = "$before" ] && ok "nothing was deleted" || bad "tasks changed"
run report fails "$P" --as maria; expect_rc 1 "a data function that errors"
expect_err "the data is not there"
expect_err "stack traceback"
run report needs "$P" --as maria; expect_rc 1 "a required parameter not given"
expect_err "report 'needs': parameter 'day' (date): missing (no default)"
run report needs "$P" --param day=2026-11-20 --format csv --as maria; expect_rc 0 "given"
expect_out "20777"
run report missing "$P" --as maria; expect_rc 1 "a column the query lacks"
expect_err "the query has no column 'n'"
run report huge "$P" --format csv -o "$T/huge.csv" --as maria; expect_rc 0 "300,000 rows streamed"
[ "$(wc -l < "$T/huge.csv")" = 300001 ] && ok "all 300,000 rows and the heading" || bad "huge: $(wc -l < "$T/huge.csv") lines"

run report tricky "$P" --format csv --as maria; expect_rc 0 "tricky text as CSV"
printf '%s\n' "$out" > "$T/tricky.csv"
grep -q '^"a, b",1.00' "$T/tricky.csv" && ok "CSV quotes a comma" || bad "CSV comma"
grep -q '^"say ""hi""",-2.50' "$T/tricky.csv" && ok "CSV doubles quotes; a negative amount stays a number" || bad "CSV quotes"
grep -qF "'=cmd|' /C calc'!A0,0.02" "$T/tricky.csv" && ok "CSV neutralises a formula" || bad "CSV formula: $(grep cmd "$T/tricky.csv")"
grep -q "^'+1,\|^\"'+1\"" "$T/tricky.csv" && grep -q "^'@SUM\|^\"'@SUM" "$T/tricky.csv" && ok "CSV neutralises + and @" || bad "CSV + @"
run report tricky "$P" --format html -o "$T/tricky.html" --as maria; expect_rc 0 "tricky text as HTML"
! grep -q "<script>" "$T/tricky.html" && grep -q "&lt;script&gt;" "$T/tricky.html" && ok "HTML escapes markup" || bad "HTML escaping"
grep -q "Tricky &lt;b&gt;text&lt;/b&gt;" "$T/tricky.html" && ok "HTML escapes the title" || bad "HTML title"
run report tricky "$P" --format json --as maria; expect_rc 0 "tricky text as JSON"
printf '%s' "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["rows"][2]["t"]=="two\nlines" and d["rows"][4]["t"].startswith("=cmd")' \
  && ok "JSON keeps the text exactly, validly escaped" || bad "JSON"
run report tricky "$P" --format xlsx -o "$T/tricky.xlsx" --as maria; expect_rc 0 "tricky text as XLSX"
unzip -p "$T/tricky.xlsx" xl/worksheets/sheet1.xml > "$T/tricky.xml"
! grep -q "<f>" "$T/tricky.xml" && grep -q "=cmd" "$T/tricky.xml" && ok "XLSX writes formulas as text, never as formulas" || bad "XLSX formula"
run report tricky "$P" --as maria; expect_rc 0 "tricky text as text"
expect_out "two lines"
finish
