# test_payables.sh: accounts payable and budgets end to end on a
# family-practice practice (dr_hart physician_owner, maria office_manager,
# joe front_desk, carol biller): `medoffice payables` vendors and bills
# with their bad input (an unknown vendor or category, a duplicate
# number...) refused with exit 1, the field named and no audit entry;
# payments through the "bill_payment" approval (one step up to 2500.00,
# the office manager then the owner above; the owner's own at once), a
# payment larger than the bill or than what is left refused; voids; the
# lists; the budget set and reported against the actual; denials by job;
# the same from Lua (payables.*, budget.*).
. "$(dirname "$0")/lib.sh"

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
ap() { run payables "$1" "$P" "${@:2}"; }

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- vendors ----
run payables categories; expect_rc 0 "the chart of categories needs no practice"
expect_line '^medical_supplies +expense +Medical supplies$'
expect_line '^collections +income +Collections'
ap vendor-add --name "Acme Medical Supply" --category medical_supplies --account 88-1234 \
  --phone "(651) 555-0100" --as maria
expect_rc 0 "maria adds Acme"; expect_out "vendor 1 added: Acme Medical Supply"
ap vendor-add --name "Lakeside Properties" --category rent --terms 0 --as maria
expect_rc 0 "maria adds the landlord (due on receipt)"
ap vendor-add --name "Northern Power" --category utilities --terms 15 --as maria
expect_rc 0 "maria adds the power company"
refused "a vendor twice" 1 'vendor name: "ACME MEDICAL SUPPLY" is vendor 1 already' \
  payables vendor-add "$P" --name "ACME MEDICAL SUPPLY" --category supplies --as maria
refused "an unknown vendor category" 1 'vendor category: expected an expense category' \
  payables vendor-add "$P" --name "Office Depot" --category suplies --as maria
expect_err '(did you mean supplies?)'
refused "collections is no vendor's category" 1 'got "collections"' \
  payables vendor-add "$P" --name "Office Depot" --category collections --as maria
refused "a bad phone" 1 'vendor phone: expected a 10-digit phone number' \
  payables vendor-add "$P" --name "Office Depot" --category supplies --phone 555 --as maria
refused "terms out of range" 2 '--terms: expected a number from 0 to 365, got "400"' \
  payables vendor-add "$P" --name "Office Depot" --category supplies --terms 400 --as maria
refused "the front desk keeps no vendors" 1 'joe may not payable.vendor' \
  payables vendor-add "$P" --name "Office Depot" --category supplies --as joe
refused "a vendor-add without a category" 2 'vendor-add needs --category' \
  payables vendor-add "$P" --name "Office Depot" --as maria
ap vendors --as carol; expect_rc 0 "carol lists the vendors"
expect_line '^#1 +Acme Medical Supply +medical_supplies +net 30 +owed +0\.00 \(0 bills\)  account 88-1234  \(651\) 555-0100$'
expect_line '^#2 +Lakeside Properties +rent +net 0 '
expect_out "3 vendors"

# ---- bills ----
ap enter --vendor "acme medical supply" --number INV-1042 --issued 2026-11-02 --amount 412.50 \
  --memo "gloves and gauze" --as carol
expect_rc 0 "carol enters Acme's bill"
expect_line '^Bill 1: Acme Medical Supply bill INV-1042$'
expect_line '^Due        2026-12-02$'
expect_line '^Memo       gloves and gauze$'
ap enter --vendor 2 --number NOV-2026 --issued 2026-11-01 --amount 4500.00 --as carol
expect_rc 0 "carol enters the rent"; expect_line '^Due        2026-11-01$'
ap enter --vendor "Northern Power" --number 8812 --issued 2026-11-05 --amount 186.34 --as carol
expect_rc 0 "carol enters the power bill"
ap enter --vendor 1 --number INV-1077 --issued 2026-11-20 --due 2026-11-27 --category supplies \
  --amount 230.00 --as carol
expect_rc 0 "carol enters toner from Acme, filed under supplies"
refused "an unknown vendor" 1 'bill vendor: no vendor named "Acme Medical Suply" (did you mean "Acme Medical Supply"?)' \
  payables enter "$P" --vendor "Acme Medical Suply" --number X-1 --issued 2026-11-02 --amount 1 --as carol
refused "an unknown vendor id" 1 'bill vendor: no vendor 9' \
  payables enter "$P" --vendor 9 --number X-1 --issued 2026-11-02 --amount 1 --as carol
refused "an unknown category" 1 'bill category: expected an expense category' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-11-02 --amount 1 --category food --as carol
refused "a bill entered twice" 1 "bill number: Acme Medical Supply's bill INV-1042 is bill 1 already" \
  payables enter "$P" --vendor 1 --number INV-1042 --issued 2026-11-02 --amount 1 --as carol
refused "a bill issued tomorrow" 1 'bill issued: 2026-11-24 is after today (2026-11-23)' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-11-24 --amount 1 --as carol
refused "due before issued" 1 'bill due: 2026-10-30 is before the day it was issued (2026-11-02)' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-11-02 --due 2026-10-30 --amount 1 --as carol
refused "a zero amount" 1 'bill amount: expected more than 0.00' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-11-02 --amount 0 --as carol
refused "a bad date" 2 '--issued: ' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-02-30 --amount 1 --as carol
refused "the front desk enters no bills" 1 'joe may not payable.enter' \
  payables enter "$P" --vendor 1 --number X-1 --issued 2026-11-02 --amount 1 --as joe
ap bills --as carol; expect_rc 0 "the bills, soonest due first"
expect_line '^#2 +due 2026-11-01  Lakeside Properties +NOV-2026 +rent +4500\.00  left +4500\.00  open$'
expect_line '^#3 +due 2026-11-20  Northern Power'
expect_out "4 bills, 5328.84 left to pay"
ap approve 1 --as maria; expect_rc 0 "maria approves Acme's bill for payment"
refused "approved twice" 1 'bill 1: only an open bill is approved for payment; it is approved' \
  payables approve "$P" 1 --as maria

# ---- paying through the approval rules ----
refused "a payment larger than the bill" 1 'bill payment amount: 413.00 is more than the 412.50 left of bill 1 (412.50 billed, 0.00 paid)' \
  payables pay "$P" 1 --amount 413.00 --method check --reference 1043 --as carol
refused "a check without its number" 1 'bill payment reference: a check needs its number' \
  payables pay "$P" 1 --amount 412.50 --method check --as carol
refused "a card number" 1 'never the card number' \
  payables pay "$P" 1 --amount 412.50 --method card --reference 4111111111111111 --as carol
refused "an unknown bill" 1 'bill payment bill: no bill 99' \
  payables pay "$P" 99 --amount 1 --method ach --as carol
refused "a pay without a method" 2 'pay needs --method' \
  payables pay "$P" 1 --amount 1 --as carol
ap pay 1 --amount 412.50 --method check --reference 1043 --date 2026-11-05 --as carol
expect_rc 0 "carol asks to pay Acme by check 1043"
expect_line '^request 1 filed: Pay Acme Medical Supply bill INV-1042 by check$'
expect_line '^  awaits: office_manager \(step 1 of 1\)$'
run approve "$P" 1 --as maria; expect_rc 0 "maria approves the payment"
ap bill 1 --as carol; expect_rc 0 "the bill shows its payment"
expect_line '^Status     paid$'
expect_line '^  #1 +2026-11-05  Acme Medical Supply +INV-1042 +412\.50  check 1043 +request 1$'
ap pay 2 --amount 4500.00 --method ach --reference ACH-1102 --date 2026-11-02 --as carol
expect_rc 0 "carol asks to pay the rent"
expect_line '^  awaits: office_manager \(step 1 of 2\)$'
run approve "$P" 2 --as maria; expect_rc 0 "maria approves the first step"
ap bill 2 --as carol; expect_line '^Status     open$'
run approve "$P" 2 --as dr_hart; expect_rc 0 "the owner approves the second step"
ap bill 2 --as carol; expect_line '^Status     paid$'
ap pay 3 --amount 186.34 --method ach --date 2026-11-18 --as dr_hart
expect_rc 0 "the owner pays the power bill"; expect_line '^  approved at once: bill_payment:3$'
ap pay 4 --amount 100.00 --method check --reference 1044 --as dr_hart
expect_rc 0 "the owner pays part of the toner"
refused "a payment larger than what is left" 1 'bill payment amount: 150.00 is more than the 130.00 left of bill 4 (230.00 billed, 100.00 paid)' \
  payables pay "$P" 4 --amount 150.00 --method check --reference 1045 --as carol
refused "a payment of a paid bill" 1 'bill payment bill: bill 1 is paid in full already' \
  payables pay "$P" 1 --amount 1 --method ach --as carol
refused "a bill with payments is not voided" 1 'bill 4: 100.00 of it is paid' \
  payables void "$P" 4 --reason "entered twice" --as maria
ap payments --as maria; expect_rc 0 "the payments"
expect_out "4 payments, 5198.84 paid"
ap payments --vendor "Acme Medical Supply" --as maria; expect_out "2 payments, 512.50 paid"
ap bills --status unpaid --as maria
expect_line '^#4 +due 2026-11-27  Acme Medical Supply +INV-1077 +supplies +230\.00  left +130\.00  part-paid$'
expect_out "1 bill, 130.00 left to pay"
ap vendors --as maria; expect_line '^#1 +Acme Medical Supply .* owed +130\.00 \(1 bill\)'
ap enter --vendor 3 --number 8813 --issued 2026-11-20 --amount 10.00 --as carol
refused "the biller voids nothing" 1 'carol may not payable.void' \
  payables void "$P" 5 --reason "entered twice" --as carol
ap void 5 --reason "duplicate of 8812" --as maria; expect_rc 0 "maria voids a duplicate"
ap bill 5 --as maria; expect_line '^Status     void$'; expect_line '^Reason     duplicate of 8812$'
ap vendor-update 3 --inactive --as maria; expect_rc 0 "the power company is let go"
refused "a bill of an inactive vendor" 1 'bill vendor: vendor 3 (Northern Power) is inactive' \
  payables enter "$P" --vendor 3 --number 8900 --issued 2026-11-20 --amount 1 --as carol
ap vendors --as maria; expect_out "2 vendors"
ap vendors --all --as maria; expect_line '^#3 +Northern Power .*\(inactive\)$'

# ---- budgets ----
run budget set "$P" --category rent --month 2026-01..2026-12 --amount 4500.00 --as dr_hart
expect_rc 0 "the owner sets the rent budget for the year"
expect_out "budget of rent set to 4500.00 a month for 2026-01 to 2026-12"
run budget set "$P" --category medical_supplies --month 2026-11 --amount 400.00 --as maria
expect_rc 0 "maria sets the supplies budget"
run budget set "$P" --category collections --month 2026-11 --amount 20000.00 --as maria
refused "an unknown budget category" 1 'budget category: expected rent, utilities' \
  budget set "$P" --category food --month 2026-11 --amount 1 --as maria
refused "a bad month" 2 '--month: expected a month such as 2026-11, got "2026-13"' \
  budget set "$P" --category rent --month 2026-13 --amount 1 --as maria
refused "months backwards" 1 'budget month: expected 1 to 24 months' \
  budget set "$P" --category rent --month 2026-12..2026-01 --amount 1 --as maria
refused "the biller sets no budget" 1 'carol may not budget.set' \
  budget set "$P" --category rent --month 2026-11 --amount 1 --as carol
run budget report "$P" --as maria; expect_rc 0 "the budget report of this month"
expect_line '^Budget against actual, 2026-11 \(year to date: 2026-01 to 2026-11\)$'
expect_line '^rent +4500\.00 +4500\.00 +0\.00 \| +49500\.00 +4500\.00 +45000\.00$'
expect_line '^medical_supplies +400\.00 +412\.50 +-12\.50 \|'
expect_line '^supplies +0\.00 +100\.00 +-100\.00 \|'
expect_line '^utilities +0\.00 +186\.34 +-186\.34 \|'
expect_line '^collections +20000\.00 +0\.00 +-20000\.00 \|'
expect_line '^expenses +4900\.00 +5198\.84 +-298\.84 \|'
run budget report "$P" --month 2026-10 --as maria
expect_line '^rent +4500\.00 +0\.00 +4500\.00 \| +45000\.00 +0\.00 +45000\.00$'
refused "the front desk reads no budget" 1 'joe may not payable.read' budget report "$P" --as joe

# ---- Lua ----
cat >"$T/ap.lua" <<'EOF'
act_as("maria")
local v = payables.vendor_add{ name = "Office Depot", category = "supplies", terms = 10 }
local b = payables.enter{ vendor = "office depot", number = "OD-77", issued = "2026-11-20",
  amount = "58.20", memo = "paper" }
local bill = payables.bill(b)
assert(bill.vendor == v and bill.due == "2026-11-30" and bill.left == 5820 and bill.status == "open")
assert(#bill.payments == 0)
assert(select(2, payables.bill(999)) == "no bill 999")
local ok, msg = pcall(payables.enter, { vendor = "Office Depott", number = "X", issued = "2026-11-20",
  amount = 1 })
assert(not ok and msg:find('no vendor named "Office Depott"', 1, true), msg)
ok, msg = pcall(payables.enter, { vendor = v, number = "X", issued = "2026-11-20", amount = 1,
  category = "food" })
assert(not ok and msg:find("bill category: expected an expense category", 1, true), msg)
ok, msg = pcall(payables.pay, { bill = b, amount = "60.00", method = "ach" })
assert(not ok and msg:find("60.00 is more than the 58.20 left of bill 6", 1, true), msg)
act_as("carol")
local req = payables.pay{ bill = b, amount = "58.20", method = "card", reference = "4242" }
assert(approvals.get(req).status == "requested")
act_as("maria")
approvals.approve(req, "ok")
assert(approvals.get(req).result:match("^bill_payment:%d+$"))
assert(payables.bill(b).status == "paid" and payables.bill(b).payments[1].reference == "4242")
assert(#payables.bills{ status = "unpaid" } == 1)
assert(#payables.payments{ vendor = "Office Depot" } == 1)
assert(#payables.vendors() == 3 and #payables.vendors{ all = true } == 4)
assert(payables.vendor_update(v, { phone = "6515550199" }))
assert(#payables.categories() == 10)
budget.set{ category = "supplies", from = "2026-11", to = "2026-12", amount = "150.00" }
for _, r in ipairs(budget.report("2026-11")) do
  if r.category == "supplies" then
    assert(r.budget == 15000 and r.actual == 15820 and r.variance == -820, r.actual)
  end
end
ok, msg = pcall(budget.set, { category = "rent", month = "2026-11" })
assert(not ok and msg:find("amount is required", 1, true), msg)
print("lua ok")
EOF
run run --as maria "$P" "$T/ap.lua"; expect_rc 0 "payables and budget from Lua"; expect_out "lua ok"
[ -z "$err" ] || { bad "the Lua script said something on stderr"; echo "$err"; }

# ---- the audit ----
run audit "$P" --limit 400
expect_line 'carol +payable\.enter +bill:1 '
expect_line 'maria +payable\.pay +bill:1 '
expect_line 'dr_hart +payable\.pay +bill:2 '
expect_line 'maria +payable\.void +bill:5 '
expect_line 'dr_hart +budget\.set +budget:rent '
# positional arguments: [DIR] and the bill's number, no more, no less
run payables void --reason x --as maria; expect_rc 2 "void without the bill's number"
expect_err "void takes [DIR] and the bill's number"
ap void x --reason x --as maria; expect_rc 2 "a bill number that is not one"
expect_err "the bill's number: expected a number, got \"x\""
run check "$P" --db; expect_rc 0 "check --db after it all"
finish
