# test_bank.sh: the bank end to end on a family-practice practice
# (dr_hart physician_owner, maria office_manager, joe front_desk, carol
# biller): bills paid and deposits made on their days, then `medoffice
# bank import` of the fixture statement (tests/fixtures/bank) through a
# column mapping, its lines matched to the deposits and bill payments (by
# check number and by date), the unmatched lines and what no statement
# shows yet, matches by hand and undone, the deposit register; a file
# imported twice and malformed statements (bad quoting, a quote never
# closed, a bad amount or date, too few columns, an unknown column, debit
# and credit both or neither, no lines) each refused naming the line and
# the column, with nothing changed in the practice; a bank's export with
# debit and credit columns and lines before its header; the same from
# Lua (bank.*).
. "$(dirname "$0")/lib.sh"

P=$T/p
BANK=$FIXTURES/bank
MAP='date=Posting Date,amount=Amount,description=Description,reference=Check or Slip #,format=MM/DD/YYYY'
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }
at() { MEDOFFICE_NOW="$1T15:00:00Z" "${@:2}"; }

# unchanged WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT
# and the practice's files are as they were.
unchanged() {
  local what=$1 code=$2 text=$3 before
  shift 3
  before=$(snapshot "$P")
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  expect_same "$before" "$P" "$what"
}
audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# denied WHAT TEXT ARGS...: medoffice ARGS exits 1 saying TEXT and adds no
# audit entry (the denial itself goes to the decision log).
denied() {
  local what=$1 text=$2 before
  shift 2
  before=$(audit_count)
  run "$@"; expect_rc 1 "$what"; expect_err "$text"
  if [ "$(audit_count)" = "$before" ]; then ok "$what: nothing audited"; else
    bad "$what: the audit log grew"; fi
}
# csv NAME: writes stdin to $T/NAME.csv.
csv() { cat >"$T/$1.csv"; }
import_refused() { # import_refused WHAT TEXT FILE [MAP]
  unchanged "$1" 1 "$2" bank import "$P" "$3" --map "${4:-date=Date,amount=Amount,description=Description}" --as maria
}

# ---- what the practice recorded ----
run payables vendor-add "$P" --name "Lakeside Properties" --category rent --terms 0 --as maria
run payables vendor-add "$P" --name "Acme Medical Supply" --category medical_supplies --as maria
run payables vendor-add "$P" --name "Northern Power" --category utilities --terms 15 --as maria
run payables enter "$P" --vendor 1 --number NOV-2026 --issued 2026-11-01 --amount 4500.00 --as carol
run payables enter "$P" --vendor 2 --number INV-1042 --issued 2026-11-02 --amount 412.50 --as carol
run payables enter "$P" --vendor 3 --number 8812 --issued 2026-11-05 --amount 186.34 --as carol
run payables enter "$P" --vendor 2 --number INV-1077 --issued 2026-11-20 --amount 99.00 --as carol
run payables pay "$P" 1 --amount 4500.00 --method ach --date 2026-11-02 --as dr_hart
run payables pay "$P" 2 --amount 412.50 --method check --reference 1043 --date 2026-11-12 --as dr_hart
run payables pay "$P" 3 --amount 186.34 --method ach --date 2026-11-18 --as dr_hart
run payables pay "$P" 4 --amount 99.00 --method check --reference 1044 --date 2026-11-21 --as dr_hart
expect_rc 0 "four bills paid by the owner"
run patient register "$P" --family Garcia --given Ana --birth-date 1980-02-03 --sex female --as joe
at 2026-11-19 run payment collect "$P" --patient 1 --amount 100.00 --method check --reference 2201 --as joe
at 2026-11-19 run payment collect "$P" --patient 1 --amount 45.00 --method cash --as joe
at 2026-11-19 run payment deposit "$P" --as maria; expect_rc 0 "the deposit of the 19th"
run payment collect "$P" --patient 1 --amount 30.00 --method cash --as joe
run payment deposit "$P" --as maria; expect_rc 0 "today's deposit"

# ---- malformed statements: the line and the column, nothing changed ----
printf 'Date,Amount,Description\n2026-11-02,-12.00,ok\n2026-11-03,"12.00"x,bad\n' | csv quote
import_refused "bad quoting" 'bank statement line 3, column 2: bad quoting at character 19' "$T/quote.csv"
printf 'Date,Amount,Description\n2026-11-02,-12.00,ok\n2026-11-03,1.00,"never closed\n' | csv open
import_refused "a quote never closed" 'bank statement line 3, column 3: a quoted field is not closed' "$T/open.csv"
printf 'Date,Amount,Description\n2026-11-02,-12.00,ok\n2026-11-03,12.3.4,bad\n' | csv amount
import_refused "a bad amount" 'bank statement line 3, column 2 (Amount): expected an amount such as 1234.56' "$T/amount.csv"
printf 'Date,Amount,Description\n2026-11-02,-12.00,ok\n11/03/2026,1.00,x\n' | csv date
import_refused "a bad date" 'bank statement line 3, column 1 (Date): expected a date such as 2026-11-23 (format=YYYY-MM-DD), got "11/03/2026"' "$T/date.csv"
printf 'Date,Amount\n12/11/2026,1.00\n' | csv later
import_refused "a date after today" "bank statement line 2, column 1 (Date): 2026-12-11 is after today (2026-11-23); is the map's format= right?" \
  "$T/later.csv" 'date=Date,amount=Amount,format=MM/DD/YYYY'
printf 'Date,Amount,Description\n2026-11-02,-12.00,ok\n2026-11-03\n' | csv short
import_refused "too few columns" 'bank statement line 3: 1 column, but the map reads column 3 (description)' "$T/short.csv"
printf 'Date,Amount,Description\n2026-11-02,0.00,zero\n' | csv zero
import_refused "a zero amount" 'bank statement line 2, column 2 (Amount): an amount of 0.00 moves no money' "$T/zero.csv"
import_refused "an unknown column" 'bank map date: no column named "Datum" in the header (line 1: Date, Amount, Description)' \
  "$T/zero.csv" 'date=Datum,amount=Amount'
printf 'Date,Out,In\n2026-11-02,5.00,5.00\n' | csv both
import_refused "debit and credit both" 'bank statement line 2, column 2 (Out): both the debit and the credit column have an amount' \
  "$T/both.csv" 'date=Date,debit=Out,credit=In'
printf 'Date,Amount\n' | csv empty
import_refused "no lines" 'bank statement: no lines after the header' "$T/empty.csv" 'date=Date,amount=Amount'
unchanged "a map with an unknown key" 2 'bank map: unknown key "descriptio" (did you mean description?)' \
  bank import "$P" "$T/zero.csv" --map 'date=Date,amount=Amount,descriptio=Description' --as maria
unchanged "a map without the amount" 2 'bank map: give amount= (one column, money in above 0) or both debit= and credit=' \
  bank import "$P" "$T/zero.csv" --map 'date=Date' --as maria
unchanged "no map" 2 'import needs --map' bank import "$P" "$T/zero.csv" --as maria
unchanged "no file" 1 'no-such.csv' bank import "$P" "$T/no-such.csv" --map "$MAP" --as maria
denied "the front desk imports no statement" 'joe may not bank.import' \
  bank import "$P" "$BANK/firstcity-2026-11.csv" --map "$MAP" --as joe

# ---- the import and the matching ----
run bank import "$P" "$BANK/firstcity-2026-11.csv" --map "$MAP" --as carol
expect_rc 0 "carol imports the November statement"
expect_line '^statement 1 imported: 7 lines from 2026-11-02 to 2026-11-21, in 1488\.40, out 5123\.84$'
expect_line '^4 matched, 3 to match by hand '
unchanged "the same file again" 1 'bank statement: this file was imported already as statement 1 (firstcity-2026-11.csv, on 2026-11-23 by carol)' \
  bank import "$P" "$BANK/firstcity-2026-11.csv" --map "$MAP" --as carol
run bank statements "$P" --as maria; expect_rc 0 "the statements"
expect_line '^#1 +firstcity-2026-11\.csv  2026-11-02\.\.2026-11-21  7 lines  in 1488\.40  out 5123\.84  imported 2026-11-23 by carol$'
run bank lines "$P" --as maria; expect_rc 0 "the lines and their matches"
expect_line '^#1 +2026-11-02 +-4500\.00  LAKESIDE PROPERTIES LLC ACH PMT, NOV REN +bill_payment 1 \(auto\)$'
expect_line '^#3 +2026-11-06 +-412\.50  CHECK 1043 +1043 +bill_payment 2 \(auto\)$'
expect_line '^#5 +2026-11-18 +-186\.34  NORTHERN POWER CO "AUTOPAY" 8812 +bill_payment 3 \(auto\)$'
expect_line '^#6 +2026-11-20 +\+145\.00  DEPOSIT ID NUMBER 55102 +deposit 1 \(auto\)$'
expect_line '^#7 +2026-11-21 +\+60\.00  CARD SETTLEMENT MERCHANT 4471 +unmatched$'
run bank unmatched "$P" --as maria; expect_rc 0 "what is left to reconcile"
expect_line '^#2 +2026-11-03 +\+1283\.40  AETNA HEALTH EFT 1234567890 +unmatched$'
expect_line '^#4 +2026-11-10 +-25\.00  MONTHLY SERVICE FEE +unmatched$'
expect_out "3 lines"
expect_line '^bill_payment +#4 +2026-11-21 +-99\.00  Acme Medical Supply bill INV-1077, check 1044$'
expect_line '^deposit +#2 +2026-11-23 +\+30\.00  deposit 2 by maria$'
expect_out "2 items"
run bank register "$P" --as maria; expect_rc 0 "the deposit register"
expect_line '^#1 +2026-11-19 +2 payments +145\.00  by maria +posted 2026-11-20 \(statement line 6\)$'
expect_line '^#2 +2026-11-23 +1 payment  +30\.00  by maria +on no statement yet$'
expect_out "2 deposits, 175.00"

# ---- matching by hand ----
unchanged "a deposit of another amount" 1 'bank match deposit: line 2 is 1283.40, deposit 2 is 30.00' \
  bank match "$P" 2 --deposit 2 --as carol
unchanged "a payment against money in" 1 'bank match payment: line 7 is 60.00, payment 4 is -99.00' \
  bank match "$P" 7 --payment 4 --as carol
unchanged "a line matched already" 1 'bank match line: line 6 is matched already (to deposit 1); unmatch it first' \
  bank match "$P" 6 --note "deposit" --as carol
unchanged "two targets" 1 'bank match: give one of deposit, payment, era or note' \
  bank match "$P" 4 --note fee --deposit 2 --as carol
unchanged "no such line" 1 'bank match line: no statement line 42' bank match "$P" 42 --note fee --as carol
denied "the front desk matches nothing" 'joe may not bank.match' bank match "$P" 4 --note fee --as joe
run bank match "$P" 4 --note "monthly service fee" --as carol; expect_rc 0 "carol explains the fee"
run bank match "$P" 7 --note "card processor settlement" --as carol; expect_rc 0 "and the card settlement"
run bank unmatch "$P" 1 --as maria; expect_rc 0 "maria undoes the rent's match"
unchanged "unmatched twice" 1 'bank unmatch line: line 1 is not matched' bank unmatch "$P" 1 --as maria
run bank reconcile "$P" --as maria; expect_rc 0 "matching again"; expect_out "0 lines matched"
run bank match "$P" 1 --payment 1 --as maria; expect_rc 0 "maria matches the rent by hand"
run bank lines "$P" --as maria
expect_line '^#1 .* bill_payment 1 \(manual\)$'
expect_line '^#4 .* note: monthly service fee$'
run audit "$P" --limit 400
expect_line 'carol +bank\.import +bank_import:1 '
expect_line 'carol +bank\.match +bank_line:4 '
expect_line 'maria +bank\.match +bank_line:1 '

# ---- a credit union's export: debit and credit, lines before the header ----
Q=$T/q
"$MEDOFFICE" init "$Q" --template family-practice >/dev/null
run bank import "$Q" "$BANK/prairievalley-2026-11.csv" --as maria \
  --map 'date=Date,debit=Debit,credit=Credit,description=Description,reference=Check Number,skip=2'
expect_rc 0 "the credit union's statement"
expect_line '^statement 1 imported: 5 lines from 2026-11-02 to 2026-11-21, in 205\.00, out 4937\.50$'
run bank lines "$Q" --as maria
expect_line '^#1 +2026-11-02 +-4500\.00  Lakeside Properties +unmatched$'
expect_line '^#2 +2026-11-06 +-412\.50  Check +1043 +unmatched$'

# ---- Lua ----
cat >"$T/bank.lua" <<'EOF'
act_as("maria")
local text = "Date,Amount,Description,Ref\n2026-11-20,-25.00,\"FEE, MONTHLY\",\n"
  .. "2026-11-21,\"1,000.00\",WIRE IN,W-1\n"
local s = bank.import(text, { name = "wire.csv", map = { date = "Date", amount = 2,
  description = "Description", reference = "Ref" } })
assert(s.import == 2 and s.lines == 2 and s.credits == 100000 and s.debits == -2500, s.lines)
assert(s.first == "2026-11-20" and s.last == "2026-11-21" and s.matched == 0)
assert(select(2, bank.import(text, { map = "date=Date,amount=Amount" })):find("imported already"))
local ok, msg = pcall(bank.import, "Date,Amount\n2026-11-20,abc\n", { map = "date=Date,amount=Amount" })
assert(not ok and msg:find("bank statement line 2, column 2 (Amount)", 1, true), msg)
ok, msg = pcall(bank.import, "x", { map = { date = "Date" } })
assert(not ok and msg:find("give amount=", 1, true), msg)
local lines = bank.lines{ import = 2 }
assert(#lines == 2 and lines[1].description == "FEE, MONTHLY" and lines[2].reference == "W-1")
assert(#bank.unmatched() == 7)
assert(bank.match(lines[1].id, { note = "bank fee" }))
assert(bank.lines{ import = 2 }[1].matched == "note")
assert(bank.unmatch(lines[1].id))
assert(bank.reconcile() == 0)
assert(#bank.statements() == 2 and bank.statements()[1].file == "wire.csv")
local reg = bank.register()
assert(#reg == 0)
assert(#bank.outstanding() == 0)
print("lua ok")
EOF
run run --as maria "$Q" "$T/bank.lua"; expect_rc 0 "the bank from Lua"; expect_out "lua ok"
# positional arguments: [DIR] and FILE or LINE, no more, no less
unchanged "import without its file" 2 "import takes [DIR] and FILE" \
  bank import --map 'date=Date,amount=Amount' --as maria
unchanged "a line number that is not one" 2 "the line's number: expected a number, got \"two\"" \
  bank unmatch "$P" two --as maria
unchanged "lines with an extra argument" 2 "lines takes only [DIR]" \
  bank lines "$P" 3 --as maria
run check "$P" --db; expect_rc 0 "check --db after it all"
finish
