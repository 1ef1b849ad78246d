# test_payments.sh: front-desk money end to end on a family-practice
# practice (dr_hart physician_owner, maria office_manager, joe front_desk,
# aisha clinical_assistant, carol biller): `medoffice payment collect`
# with the receipt it prints, `receipt`, `list`, `deposit` (the cash and
# checks, never the cards) and `slip`; bad input with its exit code and
# the field it names, leaving no audit entry; denials by job; the same
# from Lua (payments.*); refunds requested and approved through the
# "refund" approval with their effect on the receipt, the books and the
# aging; the audit entries; `check --db` finding the ledger balanced.
. "$(dirname "$0")/lib.sh"

# expect_no_out TEXT: stdout does not contain TEXT.
expect_no_out() {
  case "$out" in *"$1"*) bad "stdout should not have: $1"; echo "  stdout: $out" ;;
    *) ok "stdout lacks: $1" ;; esac
}
# audit_count: the number of audit entries.
audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# refused WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT and
# adds no audit entry.
refused() {
  local what=$1 code=$2 text=$3 before
  shift 3
  before=$(audit_count)
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  if [ "$(audit_count)" = "$before" ]; then ok "$what: nothing audited"; else
    bad "$what: the audit log grew"; fi
}
# collect ARGS...: `payment collect` on the practice.
collect() { run payment collect "$P" "$@"; }

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- patients, a visit and its charge ----
run patient register "$P" --family Garcia --given Ana --birth-date 1980-02-03 --sex female --as joe
expect_rc 0 "joe registers patient 1"
run patient register "$P" --family Brown --given Ben --birth-date 1975-07-08 --sex male --as joe
expect_rc 0 "joe registers patient 2"
run patient register "$P" --family Brown --given Benjamin --birth-date 1975-07-08 --sex male \
  --allow-duplicate --as joe
expect_rc 0 "joe registers patient 3, a duplicate"
run patient merge "$P" 3 2 --as maria; expect_rc 0 "maria merges patient 3 into 2"
run schedule book "$P" --patient 1 --provider dr_hart --visit-type sick_visit \
  --at "2026-11-23 09:30" --as joe
expect_rc 0 "a sick visit for patient 1 today (appointment 1)"
run schedule mark "$P" 1 arrived --as joe; expect_rc 0 "patient 1 arrives"
run schedule mark "$P" 1 seen --as dr_hart; expect_rc 0 "patient 1 is seen"
run charge enter "$P" --appointment 1 --dx J02.9 --line 99213 --as carol
expect_rc 0 "carol enters the visit's charge"
expect_line '^#1 .* 99213 .* 150\.00 self-pay +due +150\.00$'

# ---- collect, with the receipt ----
collect --patient 1 --amount 25.00 --method check --reference 1042 --as joe
expect_rc 0 "joe takes a check of 25.00 from patient 1"
receipt1=$(printf '%s\n' "$out" | sed 1,2d)
expect_line '^payment 1 taken$'
expect_line '^Willow Creek Family Medicine$'
expect_line '^1420 Orchard Lane, Suite 100$'
expect_line '^Willow Creek, MN 55109$'
expect_line '^Phone \(651\) 555-0142$'
expect_line '^Receipt no\. 1$'
expect_line '^Date       2026-11-23 09:00$'
expect_line '^Patient    Garcia, Ana \(patient 1\)$'
expect_line '^Amount     25\.00$'
expect_line '^Method     check 1042$'
expect_line '^Kind       payment$'
expect_line '^Taken by   Joe Whitaker$'
expect_line '^Balance    125\.00 due$'
expect_no_out "Refunded"

run payment receipt "$P" 1 --as maria; expect_rc 0 "maria prints receipt 1 again"
if [ "$out" = "$receipt1" ]; then ok "the reprint is the receipt collect printed"; else
  bad "the reprint differs"; echo "  first: $receipt1"; echo "  again: $out"; fi

collect --patient 1 --amount 20.00 --method card --reference "4242 A1B2C3" --kind copay \
  --appointment 1 --as joe
expect_rc 0 "joe takes a 20.00 copay by card for appointment 1"
expect_line '^Receipt no\. 2$'
expect_line '^Method     card ending 4242$'
expect_no_out "A1B2C3"
expect_line '^Kind       copay \(appointment 1\)$'
expect_line '^Balance    105\.00 due$'

collect --patient 2 --amount 25.5 --method cash --as carol
expect_rc 0 "carol (biller) takes 25.5 in cash: 25.50"
expect_line '^Receipt no\. 3$'
expect_line '^Amount     25\.50$'
expect_line '^Method     cash$'
expect_line '^Taken by   Carol Benson, CPC$'
expect_line '^Balance    25\.50 credit$'

collect --patient 2 --amount 60 --method card --kind prepayment --as joe
expect_rc 0 "joe takes a prepayment of 60 by card, without a reference"
expect_line '^Receipt no\. 4$'
expect_line '^Amount     60\.00$'
expect_line '^Method     card$'
expect_line '^Kind       prepayment$'
expect_line '^Balance    85\.50 credit$'

# ---- receipt, list ----
refused "receipt of payment 99" 1 "no payment 99" payment receipt "$P" 99 --as maria

run payment list "$P" --as joe; expect_rc 0 "list every payment"
expect_line '^#1 +2026-11-23 +25\.00  check payment +undeposited +patient 1  Garcia, Ana$'
expect_line '^#2 +2026-11-23 +20\.00  card  copay +- +patient 1  Garcia, Ana$'
expect_line '^#3 +2026-11-23 +25\.50  cash  payment +undeposited +patient 2  Brown, Ben$'
expect_line '^#4 +2026-11-23 +60\.00  card  prepayment - +patient 2  Brown, Ben$'
expect_line '^4 payments, 130\.50$'
run payment list "$P" --patient 2 --as joe; expect_rc 0 "list patient 2's payments"
expect_line '^2 payments, 85\.50$'
expect_no_out "Garcia"
run payment list "$P" --undeposited --as joe; expect_rc 0 "list what the next deposit takes"
expect_line '^#1 '; expect_line '^#3 '; expect_line '^2 payments, 50\.50$'
run payment list "$P" --from 2026-11-24 --as joe; expect_rc 0 "list from tomorrow"
expect_line '^0 payments, 0\.00$'
run payment list "$P" --from 2026-11-01 --to 2026-11-23 --as joe; expect_rc 0 "list November"
expect_line '^4 payments, 130\.50$'

# ---- bad input: usage errors (exit 2) ----
for a in 25.505 abc 1e3 "1,000.00" '$25.00' ""; do
  refused "--amount \"$a\"" 2 "--amount: expected money such as" \
    payment collect "$P" --patient 2 --amount "$a" --method cash --as joe
done
refused "collect without --method" 2 "collect needs --patient, --amount and --method" \
  payment collect "$P" --patient 2 --amount 5.00 --as joe
refused "collect without --patient" 2 "collect needs --patient" \
  payment collect "$P" --amount 5.00 --method cash --as joe
refused "collect without --as" 2 "--as STAFF is required" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash
refused "--patient abc" 2 '--patient: expected a number, got "abc"' \
  payment collect "$P" --patient abc --amount 5.00 --method cash --as joe
refused "--appointment 0" 2 '--appointment: expected a number, got "0"' \
  payment collect "$P" --patient 1 --amount 5.00 --method cash --appointment 0 --as joe
refused "an unknown option" 2 "bad option" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --tip 1.00 --as joe
refused "an option of another subcommand" 2 "collect does not take --date" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --date 2026-11-23 --as joe
refused "an unknown subcommand" 2 "expected collect, receipt, deposit, slip or list" \
  payment refund "$P" 1 --as joe
refused "receipt without its number" 2 "receipt takes [DIR] and the number" \
  payment receipt --as joe
refused "receipt of a folder" 2 "the payment number: expected a number, got \"$P\"" \
  payment receipt "$P" --as joe
refused "receipt of \"one\"" 2 'the payment number: expected a number, got "one"' \
  payment receipt "$P" one --as joe
refused "list with a number" 2 "list takes only [DIR]" payment list "$P" 1 --as joe
refused "list --from junk" 2 "--from: expected a date" payment list "$P" --from junk --as joe
refused "deposit --date junk" 2 "--date: expected a real calendar date" payment deposit "$P" --date 2026-13-01 --as maria

# ---- bad input: refused by the core (exit 1), naming the field ----
refused "a negative amount" 1 "payment amount: expected more than 0.00 and at most 1000000.00, got -5.00" \
  payment collect "$P" --patient 2 --amount -5.00 --method cash --as joe
refused "a zero amount" 1 "payment amount: expected more than 0.00" \
  payment collect "$P" --patient 2 --amount 0 --method cash --as joe
refused "an amount over 1000000.00" 1 "got 1000000.01" \
  payment collect "$P" --patient 2 --amount 1000000.01 --method cash --as joe
refused "a check without its number" 1 "payment reference: a check needs its number" \
  payment collect "$P" --patient 2 --amount 5.00 --method check --as joe
refused "a check number with letters" 1 "payment reference: a check number is 1 to 20 digits" \
  payment collect "$P" --patient 2 --amount 5.00 --method check --reference 12AB --as joe
refused "a card's 16 digits" 1 "payment reference: that looks like a card number; record only its last 4 digits" \
  payment collect "$P" --patient 2 --amount 5.00 --method card --reference 4242424242424242 --as joe
refused "a reference for cash" 1 "payment reference: none is taken for cash" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --reference 1 --as joe
refused "an unknown method" 1 'payment method: expected cash, check or card, got "bitcoin"' \
  payment collect "$P" --patient 2 --amount 5.00 --method bitcoin --as joe
refused "an unknown kind" 1 'payment kind: expected copay, payment or prepayment, got "tip"' \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --kind tip --as joe
refused "a copay without its appointment" 1 "payment appointment: a copay needs its appointment" \
  payment collect "$P" --patient 1 --amount 5.00 --method cash --kind copay --as joe
refused "another patient's appointment" 1 "payment appointment: appointment 1 is patient 1's, not patient 2's" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --appointment 1 --as joe
refused "an unknown patient" 1 "payment patient: no patient 99" \
  payment collect "$P" --patient 99 --amount 5.00 --method cash --as joe
refused "a merged patient" 1 "payment patient: patient 3 was merged into patient 2; take the payment on that record" \
  payment collect "$P" --patient 3 --amount 5.00 --method cash --as joe
refused "an unknown staff member" 1 "nobody" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --as nobody

# ---- denials by job ----
refused "the clinical assistant may not collect" 1 \
  "aisha may not payment.collect: the job Clinical medical assistant (clinical_assistant) does not permit it" \
  payment collect "$P" --patient 2 --amount 5.00 --method cash --as aisha
refused "the front desk may not deposit" 1 "joe may not payment.deposit" \
  payment deposit "$P" --as joe
run payment list "$P" --as joe; expect_line '^4 payments, 130\.50$'
ok "nothing was taken by the refusals"

# ---- deposit, slip ----
run payment deposit "$P" --as maria; expect_rc 0 "maria makes the day's deposit"
expect_line '^deposit 1 made: 2 payments, 50\.50$'
expect_line '^Deposit slip no\. 1$'
expect_line '^Date       2026-11-23$'
expect_line '^Made by    maria$'
expect_line '^  #1 +check  1042 +25\.00  Garcia, Ana$'
expect_line '^  #3 +cash +25\.50  Brown, Ben$'
expect_no_out "#2 "; expect_no_out "#4 "
expect_line '^Cash +25\.50$'
expect_line '^Checks +25\.00$'
expect_line '^Total +50\.50 \(2 payments\)$'
slip1=$(printf '%s\n' "$out" | sed 1,2d)
run payment list "$P" --undeposited --as maria; expect_rc 0 "nothing left to deposit"
expect_line '^0 payments, 0\.00$'
run payment list "$P" --as maria
expect_line '^#1 .* deposit 1 +patient 1 '; expect_line '^#3 .* deposit 1 +patient 2 '
expect_line '^#2 .* copay +- +patient 1 '; expect_line '^#4 .* prepayment - +patient 2 '
refused "a second deposit" 1 "deposit: no cash or checks taken on or before 2026-11-23 are waiting to be deposited" \
  payment deposit "$P" --as maria
refused "a deposit dated tomorrow" 1 "deposit day: 2026-11-24 is after today (2026-11-23)" \
  payment deposit "$P" --date 2026-11-24 --as maria
run payment slip "$P" 1 --as carol; expect_rc 0 "carol prints slip 1 again"
if [ "$out" = "$slip1" ]; then ok "the reprint is the slip deposit printed"; else
  bad "the slip reprint differs"; echo "  first: $slip1"; echo "  again: $out"; fi
refused "slip 9" 1 "no deposit 9" payment slip "$P" 9 --as carol

# ---- Lua ----
cat >"$T/pay.lua" <<'EOF'
act_as("joe")
local id = payments.collect{ patient = 2, amount = "12.50", method = "check", reference = "555" }
local r = payments.receipt(id)
print("receipt", r.id, r.amount, r.method, r.reference, r.kind, r.patient_name, r.taken_by,
  r.created_by, r.time, r.practice, r.address.city, r.phone, r.balance)
local c = payments.collect{ patient = 1, amount = 1000, method = "card", reference = "1881 XYZ9" }
print("card", c, payments.list{ patient = 1 }[3].reference, payments.receipt(c).reference)
print("missing", payments.receipt(999))
for _, bad in ipairs{
  { patient = 2, amount = 12.5, method = "cash" },
  { patient = 2, amount = "12.505", method = "cash" },
  { patient = 2, amount = 100, method = "cash", kidn = "copay" },
  { amount = 100, method = "cash" },
  { patient = 2, method = "cash" },
  { patient = 2, amount = -100, method = "cash" },
  { patient = 2, amount = 100, method = "bitcoin" },
  { patient = 3, amount = 100, method = "cash" },
} do
  print("bad", select(2, pcall(payments.collect, bad)))
end
print("list", #payments.list(), #payments.list{ undeposited = true }, #payments.list{ from = "2026-11-24" })
print("badlist", select(2, pcall(payments.list, { pateint = 2 })))
act_as("maria")
local d = payments.deposit()
print("deposit", d.id, d.count, d.total)
print("again", payments.deposit())
print("future", select(2, pcall(payments.deposit, "2026-11-24")))
local s = payments.slip(d.id)
print("slip", s.id, s.date, s.count, s.cash, s.checks, s.total, s.made_by, #s.lines,
  s.lines[1].id, s.lines[1].deposited, s.lines[1].reference)
print("noslip", payments.slip(77))
print("books", ledger.account("cash"), ledger.account("bank"), ledger.account("card"))
act_as("aisha")
print("denied", select(2, pcall(payments.collect, { patient = 2, amount = "1.00", method = "cash" })))
EOF
run run --as joe "$P" "$T/pay.lua"; expect_rc 0 "the payments from Lua"
expect_line '^receipt	5	1250	check	555	payment	Brown, Ben	Joe Whitaker	joe	2026-11-23 09:00	Willow Creek Family Medicine	Willow Creek	6515550142	-9800$'
expect_line '^card	6	1881 XYZ9	1881$'
expect_line '^missing	nil	no payment 999$'
expect_line '^bad	payments.collect: amount: expected money text such as "25.00" or integer cents \(a float is not exact\), got 12.5$'
expect_line '^bad	payments.collect: amount: expected money such as "125.00" \(at most two decimals\), got "12.505"$'
expect_line "^bad	unknown field 'kidn' \(did you mean \"kind\"\?\)$"
expect_line '^bad	payments.collect: patient is required$'
expect_line '^bad	payments.collect: amount is required$'
expect_line '^bad	payment amount: expected more than 0.00 and at most 1000000.00, got -1.00$'
expect_line '^bad	payment method: expected cash, check or card, got "bitcoin"$'
expect_line '^bad	payment patient: patient 3 was merged into patient 2'
expect_line '^list	6	1	0$'
expect_line "^badlist	unknown field 'pateint' \(did you mean \"patient\"\?\)$"
expect_line '^deposit	2	1	1250$'
expect_line '^again	nil	deposit: no cash or checks taken on or before 2026-11-23 are waiting to be deposited$'
expect_line '^future	deposit day: 2026-11-24 is after today \(2026-11-23\)$'
expect_line '^slip	2	2026-11-23	1	0	1250	1250	maria	1	5	1250	555$'
expect_line '^noslip	nil	no deposit 77$'
expect_line '^books	0	6300	9000$'
expect_line '^denied	aisha may not payment.collect'
run payment list "$P" --as joe; expect_line '^6 payments, 153\.00$'

# ---- refunds through the approvals ----
run request "$P" refund "Prepayment not needed" --amount 30.00 --fact payment=4 --as joe
expect_rc 0 "joe asks to refund 30.00 of the card prepayment (payment 4)"
expect_line '^#1 +refund +requested +30\.00 +joe +Prepayment not needed$'
expect_out "awaits office_manager (step 1 of 1)"
run payment receipt "$P" 4 --as joe; expect_no_out "Refunded"; expect_line '^Balance    98\.00 credit$'
run approve "$P" 1 --as maria --reason "procedure cancelled"; expect_rc 0 "maria approves: the refund is made"
expect_line '^#1 +refund +approved +30\.00 +joe '
run requests "$P" 1; expect_out "result:   journal:"
run payment receipt "$P" 4 --as joe; expect_rc 0 "receipt 4 after the refund"
expect_line '^Amount     60\.00$'
expect_line '^Refunded   30\.00$'
expect_line '^Balance    68\.00 credit$'
run payment list "$P" --patient 2 --as joe
expect_line '^#4 .* Brown, Ben \(refunded 30\.00\)$'
run request "$P" refund "Bank fee on check 1042" --amount 10.00 --fact payment=1 --as joe
expect_rc 0 "a 10.00 refund of the deposited check needs no approval"
expect_line '^#2 +refund +approved +10\.00 +joe '
refused "a refund of more than is left" 1 \
  "payment refund amount: 100.00 is more than the 15.00 left of payment 1 (25.00 taken, 10.00 refunded)" \
  request "$P" refund "Too much" --amount 100.00 --fact payment=1 --as joe
run payment receipt "$P" 1 --as joe
expect_line '^Refunded   10\.00$'; expect_line '^Balance    105\.00 due$'
cat >"$T/books.lua" <<'EOF'
print("books", ledger.account("cash"), ledger.account("bank"), ledger.account("card"),
  ledger.balance(1).patient_due, ledger.balance(2).patient_due)
EOF
run run --as maria "$P" "$T/books.lua"; expect_rc 0 "the books after the refunds"
expect_line '^books	0	5300	6000	10500	-6800$'
run aging "$P" --by patient --as maria; expect_rc 0 "the aging by patient"
expect_line '^Garcia, Ana +150\.00 +0\.00 +0\.00 +0\.00 +0\.00 +-45\.00 +105\.00$'
expect_line '^Brown, Ben +0\.00 +0\.00 +0\.00 +0\.00 +0\.00 +-68\.00 +-68\.00$'

# ---- the audit trail ----
run audit "$P" --staff joe; expect_rc 0 "joe's audit entries"
expect_line 'joe +payment\.collect +payment:1 '
expect_line 'joe +payment\.collect +payment:2 '
expect_line 'joe +billing\.read +patient:1 '
run audit "$P" --staff carol; expect_line 'carol +payment\.collect +payment:3 '
run audit "$P" --staff maria; expect_rc 0 "maria's audit entries"
expect_line 'maria +payment\.deposit +deposit:1 .*"count":2,"day":"2026-11-23","total":5050'
expect_line 'maria +payment\.refund +payment:4 +allowed by rule approval refund, request 1, approved by maria'
expect_line 'maria +billing\.read +deposit:1 '
run audit "$P" --record payment:1; expect_rc 0 "payment 1's audit entries"
expect_line 'payment\.collect +payment:1 '
expect_line 'payment\.refund +payment:1 '
run audit "$P" --staff aisha; expect_no_out "payment.collect"

run check "$P" --db; expect_rc 0 "check --db"
expect_out "ledger balanced"

# ---- a practice without an address (starter) ----
S=$T/s
"$MEDOFFICE" init "$S" >/dev/null || bad "init starter"
sed -i '/^  address: /d; /^  phone: /d' "$S/practice.yaml"
"$MEDOFFICE" apply "$S" >/dev/null || bad "apply without the address"
run patient register "$S" --family Lee --given Ann --birth-date 1990-01-01 --sex female --as joe
run payment collect "$S" --patient 1 --amount 15.00 --method cash --kind prepayment --as joe
expect_rc 0 "the starter's front desk takes a prepayment"
first=$(printf '%s\n' "$out" | sed -n 3p)
if [ "$first" = "Starter Family Clinic" ]; then ok "the receipt starts with the practice's name"; else
  bad "the receipt starts with: $first"; fi
expect_line '^Receipt no\. 1$'; expect_no_out "Phone"
expect_line '^Taken by   Joe Carter$'; expect_line '^Balance    15\.00 credit$'

run help payment; expect_rc 0 "help payment"
expect_out "Usage: medoffice payment collect|receipt|deposit|slip|list"
finish
