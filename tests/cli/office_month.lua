-- office_month.lua: a month of the office manager's work in November
-- 2026, typed into `medoffice shell` on a starter practice (README "A
-- month in the office"). Each section below starts with a line
--   --@ <UTC instant> <staff>
-- and is piped into its own `medoffice shell clinic --as <staff>` at that
-- instant (MEDOFFICE_NOW) by tests/cli/test_office_month.sh, which also
-- clocks the front desk in and out each working day. Each check is an
-- assert, so a wrong figure fails the shell and the test; the printed
-- lines are what README shows. Chicago is UTC-6 in November.

--@ 2026-11-02T14:00:00Z maria
-- Monday 2 November, 08:00. Supplies, the autoclave and the vaccine
-- fridge, the month's bills and the year's budget.
gloves = inventory.add{ name = "Nitrile gloves (M)", category = "medical", unit = "box of 100", reorder_point = 5, reorder_quantity = 10, vendor = "Henry Schein", unit_cost = "8.50" }
paper = inventory.add{ name = "Exam table paper", category = "office", unit = "roll", reorder_point = 6, reorder_quantity = 24, vendor = "Henry Schein", unit_cost = "3.25" }
po = inventory.po_draft{ vendor = "Henry Schein", reorder = true }
print("order", po, #inventory.po(po).lines, format_money(inventory.po(po).total))
assert(inventory.po(po).total == 16300, "10 boxes at 8.50 and 24 rolls at 3.25")
inventory.po_submit(po)
assert(inventory.po(po).status == "submitted", "an order of the office manager's goes to the owner")
autoclave = equipment.add{ name = "Autoclave", kind = "autoclave", location = "main", room = "exam2" }
equipment.schedule{ asset = autoclave, what = "spore_test", every_days = 30 }
fridge = equipment.add{ name = "Vaccine refrigerator", kind = "refrigerator", location = "main", room = "exam1" }
equipment.schedule{ asset = fridge, what = "temperature", every_days = 1, low = "2", high = "8" }
payables.vendor_add{ name = "Henry Schein", category = "medical_supplies" }
payables.vendor_add{ name = "Oak Street Properties", category = "rent", terms = 0 }
payables.vendor_add{ name = "Springfield Power", category = "utilities", terms = 20 }
rent = payables.enter{ vendor = "Oak Street Properties", number = "RENT-2026-11", issued = "2026-11-01", amount = "4500.00" }
power = payables.enter{ vendor = "Springfield Power", number = "E-88172", issued = "2026-11-02", amount = "612.40" }
print("power bill due", payables.bill(power).due)
for cat, amount in pairs{ rent = "4500.00", utilities = "550.00", medical_supplies = "300.00", collections = "20000.00" } do budget.set{ category = cat, from = "2026-01", to = "2026-12", amount = amount } end
ok, err = pcall(inventory.use, { item = gloves, quantity = 1 })
print(err)
assert(not ok and err:find("stock cannot go below zero"), "no negative stock")
payables.vendor_add{ name = "Sharps Away", category = "services" }
-- the front desk opening: a candidate, interviewed on Thursday
lee = hr.candidate{ name = "Lee Chen", position = "front_desk", source = "Indeed" }
hr.interview{ candidate = lee, at = "2026-11-05 10:00", interviewers = { "maria", "drlee" } }

--@ 2026-11-02T15:00:00Z drlee
-- 09:00: the owner approves the order and pays the rent (her own
-- payment request needs no approval).
inbox = approvals.inbox()
assert(#inbox == 1 and inbox[1].kind == "purchase_order", "the order waits for the owner")
approvals.approve(inbox[1].id, "usual monthly order")
assert(inventory.po(1).status == "ordered")
rent_req = payables.pay{ bill = 1, amount = "4500.00", method = "ach", reference = "ACH-55120" }
print("rent", approvals.get(rent_req).result, payables.bill(1).status)
assert(payables.bill(1).status == "paid")

--@ 2026-11-04T16:00:00Z joe
-- Wednesday 4 November, 10:00. Half the order arrives; the front desk
-- logs the vaccine fridge and takes payments.
ok, err = pcall(inventory.receive, { po = 1, item = 1, quantity = 11 })
print(err)
assert(not ok and err:find("more than"), "never more than was ordered")
inventory.receive{ po = 1, lines = { { item = 1, quantity = 10 } } }
print("order", inventory.po(1).status, inventory.stock(1).on_hand)
assert(inventory.po(1).status == "partial")
inventory.temperature{ storage = "fridge", reading = "4.2" }
ann = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female" }
payments.collect{ patient = ann, amount = "25.00", method = "cash", kind = "payment" }
payments.collect{ patient = ann, amount = "40.00", method = "check", reference = "1187", kind = "payment" }

--@ 2026-11-04T23:00:00Z maria
-- 17:00: the day's cash and checks go to the bank; the vaccine
-- refrigerator's daily check.
equipment.service{ asset = 2, what = "temperature", reading = "4.4" }
d = payments.deposit()
print("deposit", d.id, d.count, format_money(d.total))
assert(d.total == 6500 and #payments.slip(d.id).lines == 2)

--@ 2026-11-06T15:00:00Z maria
-- Friday 6 November, 09:00. The rest of the order; the monthly spore
-- test; a utility bill paid by check (the office manager's own payment
-- request goes to the owner).
inventory.receive{ po = 1, lines = { { item = 2, quantity = 24 } } }
assert(inventory.po(1).status == "received")
inventory.use{ item = 1, quantity = 2 }
print("gloves on hand", inventory.stock(1).on_hand)
equipment.service{ asset = 1, what = "spore_test", result = "pass", vendor = "SporeCheck mail-in" }
equipment.service{ asset = 2, what = "temperature", reading = "4.8" }
schein = payables.enter{ vendor = "Henry Schein", number = "HS-77120", issued = "2026-11-06", amount = "163.00" }
ok, err = pcall(payables.pay, { bill = 2, amount = "700.00", method = "check", reference = "1044" })
print(err)
assert(not ok and err:find("more than"), "no payment larger than the bill")
payables.pay{ bill = 2, amount = "612.40", method = "check", reference = "1044" }
payables.pay{ bill = schein, amount = "163.00", method = "check", reference = "1045" }
-- the week's eyewash check and the candidate's assessment
compliance.record{ checklist = "osha_eyewash", item = "flushed", result = "pass" }
compliance.record{ checklist = "osha_eyewash", item = "access", result = "fail", note = "a box of paper towels in front of the station" }
compliance.record{ checklist = "osha_eyewash", item = "access", result = "pass", note = "box moved to the supply closet" }
print("eyewash", compliance.status{ checklist = "osha_eyewash" }.complete)
hr.assess{ candidate = 1, scores = { phone_manner = 5, scheduling = 4, accuracy = 4 }, recommendation = "hire" }

--@ 2026-11-06T16:00:00Z drlee
for _, r in ipairs(approvals.inbox()) do approvals.approve(r.id, "bills checked") end
print("power", payables.bill(2).status, "schein", payables.bill(3).status)
assert(payables.bill(2).status == "paid" and payables.bill(3).status == "paid")

--@ 2026-11-10T20:30:00Z joe
-- Tuesday 10 November, 14:30. Anyone may report an incident.
fall = incidents.report{ kind = "patient_fall", occurred = "2026-11-10 14:10", location = "main", description = "Ann Able slipped stepping down from the exam table; no injury, seen by Dr. Lee", patients = { 1 } }
ok, err = pcall(incidents.report, { kind = "patient_fall", occurred = "2026-11-11 09:00", location = "main", description = "typed the wrong day" })
print(err)
assert(not ok and err:find("future"), "an incident cannot happen tomorrow")

--@ 2026-11-16T15:00:00Z maria
-- Monday 16 November, 09:00. The pay period of 2 to 15 November closed
-- yesterday: joe's cards are approved and the payroll exported. Joe's
-- yearly review, his benefits enrollment, the fall followed up.
payroll.set_rate{ staff = "joe", pay = "hourly", rate = "18.00", from = "2026-01-01", reason = "starting rate" }
hr.review{ staff = "joe", from = "2025-11-16", to = "2026-11-15", rating = 4, summary = "Reliable at the desk; patients like him" }
hr.benefits{ staff = "joe", plan = "Blue Cross PPO 1500", effective = "2026-12-01", coverage = "employee", employee_cost = "45.00", employer_cost = "310.00" }
incidents.update{ id = 1, status = "closed", note = "Step stool replaced with a wider one" }
ok, err = pcall(hr.review, { staff = "maria", from = "2025-11-16", rating = 4, summary = "self-review" })
print(err)
assert(not ok, "nobody reviews themselves")

--@ 2026-11-16T15:05:00Z drlee
for _, r in ipairs(approvals.inbox()) do print("approve", r.kind); approvals.approve(r.id, "as agreed") end

--@ 2026-11-16T16:00:00Z joe
-- joe reads his own file and acknowledges the review
for _, r in ipairs(hr.file("joe")) do print("file", r.kind, r.date, r.rating or r.plan or "") end
for _, r in ipairs(hr.file("joe")) do if r.kind == "review" then hr.acknowledge(r.id, "thank you") end end
ok, err = pcall(hr.file, "maria")
print(err)
assert(not ok and err:find("may not"), "the front desk reads no one else's file")

--@ 2026-11-16T15:10:00Z maria
p = payroll.period("2026-11-10")
print("period", p.first, p.last)
timecards.approve{ staff = "joe", period = "2026-11-10" }
l = payroll.register{ period = "2026-11-10" }[1]
print("joe", l.regular, l.overtime, format_money(l.gross))
assert(l.staff == "joe" and l.regular + l.overtime == 10 * 510, "ten days of 8.5 hours")
csv, info = payroll.export{ period = "2026-11-10" }
print("export", info.rows, format_money(info.gross))
assert(info.gross == l.gross)

--@ 2026-11-20T16:00:00Z maria
-- Friday 20 November, 10:00. The biohazardous waste goes.
print("pickup", waste.pickup{ hauler = "Sharps Away", manifest = "SA-2026-1120", sharps = 2, red_bag = 1, weight = "18.5" })
ok, err = pcall(waste.pickup, { hauler = "Sharps Away", manifest = "SA-2026-1120", sharps = 1 })
print(err)
assert(not ok and err:find("manifest"), "a manifest is recorded once")

--@ 2026-11-30T15:00:00Z maria
-- Monday 30 November, 09:00. The bank statement of November, the budget
-- against the actual, and the one task list.
statement = table.concat({
  "Posting Date,Description,Amount,Check or Slip #",
  "11/02/2026,ACH OAK STREET PROPERTIES,-4500.00,ACH-55120",
  "11/05/2026,DEPOSIT,65.00,",
  "11/09/2026,CHECK 1044,-612.40,1044",
  "11/10/2026,CHECK 1045,-163.00,1045",
  "11/27/2026,\"MONTHLY SERVICE FEE, NOVEMBER\",-25.00,",
}, "\n") .. "\n"
s = bank.import(statement, { name = "november.csv", map = "date=Posting Date,amount=Amount,description=Description,reference=Check or Slip #,format=MM/DD/YYYY" })
print("statement", s.lines, s.matched, format_money(s.debits))
assert(s.lines == 5 and s.matched == 4, "the rent, the deposit and the two checks match")
fee = bank.unmatched()[1]
print("unmatched", fee.description, format_money(fee.amount))
bank.match(fee.id, { note = "bank fee" })
assert(#bank.unmatched() == 0)
ok, err = pcall(bank.import, "Date,Amount\n2026-11-02,12.3.4\n", { map = "date=Date,amount=Amount" })
print(err)
assert(not ok and err:find("line 2"), "a malformed statement names the line")
for _, r in ipairs(budget.report("2026-11")) do if r.budget ~= 0 or r.actual ~= 0 then print(r.category, format_money(r.budget), format_money(r.actual), format_money(r.variance)) end end
rent_row = nil
for _, r in ipairs(budget.report("2026-11")) do if r.category == "utilities" then rent_row = r end end
assert(rent_row.actual == 61240 and rent_row.variance == -6240, "utilities 62.40 over budget")
for _, c in ipairs(credentials.list{ within = 150 }) do print("renew", c.holder, c.kind, c.expires, c.status) end
for _, t in ipairs(tasks()) do print(t.source, t.due, t.what) end
