-- office_spec.lua: specs of office.lua, the approval rules of a practice
-- with one office manager under the physician owner. It finds the people
-- by their jobs, so the same spec runs in every template that uses
-- office.lua (starter, family-practice, pediatrics, dermatology). Each
-- example files real requests and decides them as real staff members:
-- allowed, denied, escalated, expired, delegated, and refused by
-- separation of duties; write-offs on a real charge of a visit seen, the
-- ledger read before and after; CLIA purges, with QC runs of two years
-- apart where the template has a CLIA certificate. Run by `medoffice
-- test`.

local function holder(job)
  for _, s in ipairs(practice.staff) do
    if s.job == job then
      return s.id
    end
  end
  error("no staff member holds " .. job)
end

local owner, manager, desk = holder("physician_owner"), holder("office_manager"),
  holder("front_desk")

local function file(as, kind, amount, facts)
  act_as(as)
  return approvals.request{ kind = kind, summary = kind .. " for the spec",
    amount = amount, facts = facts }
end

-- A charge the patient owes (no insurance): a visit of the first visit
-- type with a code, booked at the first free slot, seen a week later
-- and charged units times that code. Returns the charge.
local function charge_owed(units)
  act_as(desk)
  local vt
  for _, v in ipairs(practice.visit_types) do
    if not v.new_patient and #v.codes > 0 then
      vt = v
      break
    end
  end
  local pid = patients.register{ family = "Payne", given = "Owen",
    birth_date = "1980-02-03", sex = "male" }
  local slot = schedule.first{ visit_type = vt.id }
  local id = schedule.book{ patient = pid, provider = slot.provider,
    location = slot.location, visit_type = vt.id, at = slot.at }
  advance_clock(duration "8d")
  for _, s in ipairs{ "arrived", "roomed", "seen", "checked_out" } do
    schedule.mark(id, s)
  end
  act_as(slot.provider)
  local enc = charges.enter{ appointment = id, diagnoses = { "Z00.00" },
    lines = { { code = vt.codes[1], units = units } } }
  return charges.list{ encounter = enc }[1]
end

local function owed(charge)
  return ledger.charge_balance(charge.id).patient_due
end

local function ids(list)
  local out = {}
  for i, r in ipairs(list) do
    out[i] = r.id
  end
  return out
end

describe("who may ask and who may decide", function()
  it("lets every job ask for approvals and withdraw its own requests", function()
    for _, j in ipairs(jobs()) do
      expect(j.may):to_contain("approval.request")
      expect(j.may):to_contain("approval.withdraw")
    end
  end)

  it("lets only the office manager and the owner decide", function()
    local deciders = jobs_permitting("approval.decide")
    table.sort(deciders)
    expect(deciders):to_equal({ "office_manager", "physician_owner" })
  end)

  it("declares the kinds of request", function()
    local kinds = {}
    for _, a in ipairs(approvals.declared()) do
      table.insert(kinds, a.kind)
    end
    expect(kinds):to_equal({ "refund", "writeoff", "discount", "purchase_order",
      "bill_payment", "overtime", "pto", "time_correction", "pay_change", "hire",
      "benefits", "schedule_override", "clia_purge" })
  end)
end)

describe("refunds", function()
  it("need no approval up to 25.00", function()
    local id = file(desk, "refund", money "25.00")
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("go to the office manager up to 500.00", function()
    local r = approvals.route("refund", { amount = money "500.00", requester = desk })
    expect(r.needed):to_be(true)
    expect(r.steps):to_equal({ { "office_manager" } })
    expect(r.rule):to_contain("tier 1")
    local id = file(desk, "refund", money "75.00")
    expect(ids(approvals.inbox(manager))):to_contain(id)
    act_as(manager)
    approvals.approve(id, "copay was charged twice")
    local got = approvals.get(id)
    expect(got.status):to_be("approved")
    expect(got.events[2].actor):to_be(manager)
  end)

  it("go to the physician owner above 500.00", function()
    local r = approvals.route("refund", { amount = money "500.01", requester = desk })
    expect(r.steps):to_equal({ { "physician_owner" } })
    local id = file(desk, "refund", money "750.00")
    act_as(manager)
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("are refused without an amount", function()
    expect(function() file(desk, "refund", nil) end):to_fail("has none")
  end)

  it("can be denied, with a reason", function()
    local id = file(desk, "refund", money "80.00")
    act_as(manager)
    expect(function() approvals.deny(id) end):to_fail("reason is required")
    approvals.deny(id, "the balance is owed")
    expect(approvals.get(id).status):to_be("denied")
    expect(function() approvals.approve(id) end):to_fail("already denied")
  end)

  it("escalate to the owner after 48 hours without an answer", function()
    local id = file(desk, "refund", money "90.00")
    advance_clock(duration "47h")
    expect(approvals.sweep()):to_be(0)
    advance_clock(duration "2h")
    expect(approvals.sweep()):to_be(1)
    expect(approvals.get(id).status):to_be("escalated")
    act_as(manager)
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(ids(approvals.inbox(owner))):to_contain(id)
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("expire after 14 days", function()
    local id = file(desk, "refund", money "90.00")
    advance_clock(duration "15d")
    approvals.sweep()
    expect(approvals.get(id).status):to_be("expired")
  end)
end)

describe("separation of duties", function()
  it("keeps anyone from approving their own request", function()
    local id = file(manager, "schedule_override", nil)
    expect(function() approvals.approve(id) end):to_fail("own request")
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("sends the office manager's own refund up to the owner", function()
    local id = file(manager, "refund", money "60.00")
    local got = approvals.get(id)
    expect(got.route.steps):to_equal({ { "physician_owner" } })
    expect(got.route.reason):to_contain("step 1 goes up to physician_owner")
    expect(function() approvals.approve(id) end):to_fail("own request")
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("needs nobody's approval for the owner's own requests", function()
    for _, a in ipairs(approvals.declared()) do
      expect(approvals.route(a.kind, { amount = money "100000.00", requester = owner,
        first_day = "2027-01-04", last_day = "2027-01-29" }).needed):to_be(false)
    end
    local id = file(owner, "purchase_order", money "9000.00")
    expect(approvals.get(id).status):to_be("approved")
    expect(ids(approvals.inbox(manager))):to_equal({})
  end)

  it("needs a different person for each step", function()
    local id = file(desk, "hire", nil)
    act_as(manager)
    approvals.approve(id, "we need a second front desk")
    expect(approvals.get(id).step):to_be(2)
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("lets only the requester withdraw", function()
    local id = file(desk, "overtime", nil)
    act_as(manager)
    expect(function() approvals.withdraw(id) end):to_fail("only the requester")
    act_as(desk)
    approvals.withdraw(id, "covered by a colleague")
    expect(approvals.get(id).status):to_be("withdrawn")
  end)
end)

describe("time off", function()
  it("marks the person away once the office manager approves", function()
    local id = file(desk, "pto", nil, { first_day = "2027-03-01", last_day = "2027-03-03" })
    act_as(manager)
    approvals.approve(id)
    local got = approvals.get(id)
    expect(got.result):to_contain("away:")
    local away = away.list{ from = "2027-03-01", to = "2027-03-31" }
    expect(#away):to_be(1)
    expect(away[1].staff):to_be(desk)
    expect(away[1].request):to_be(id)
  end)

  it("needs the owner too for more than five days", function()
    local id = file(desk, "pto", nil, { first_day = "2027-03-01", last_day = "2027-03-12" })
    expect(approvals.get(id).route.rule):to_contain("long leave")
    act_as(manager)
    approvals.approve(id)
    expect(#away.list{ from = "2027-03-01", to = "2027-03-31" }):to_be(0)
    act_as(owner)
    approvals.approve(id)
    expect(#away.list{ from = "2027-03-01", to = "2027-03-31" }):to_be(1)
  end)

  it("is only for the requester's own time off", function()
    expect(function() file(desk, "pto", nil, { staff = manager,
      first_day = "2027-03-01", last_day = "2027-03-03" }) end):to_fail("own time off")
  end)

  it("refuses a request without valid dates", function()
    expect(function() file(desk, "pto", nil, { first_day = "2027-02-30", last_day = "2027-03-01" })
    end):to_fail("date")
    expect(#approvals.list("all")):to_be(0)
  end)

  it("lets the owner stand in while the office manager is away", function()
    act_as(owner)
    away.add{ staff = manager, first_day = today(), last_day = today() }
    local id = file(desk, "refund", money "70.00")
    local inbox = approvals.inbox(owner)
    expect(ids(inbox)):to_contain(id)
    expect(inbox[1].on_behalf_of):to_be(manager)
    act_as(owner)
    approvals.approve(id)
    local ev = approvals.get(id).events
    expect(ev[#ev].on_behalf_of):to_be(manager)
  end)
end)

describe("time cards and pay", function()
  local function correction(as, facts)
    act_as(as)
    return timecards.correct(facts)
  end

  it("correct a time card once the office manager approves", function()
    local id = correction(desk, { ["in"] = "2026-01-05 08:00", out = "2026-01-05 12:00",
      reason = "the card reader was down" })
    expect(approvals.get(id).route.steps):to_equal({ { "office_manager" } })
    expect(ids(approvals.inbox(manager))):to_contain(id)
    act_as(manager)
    expect(#timecards.list{ staff = desk, from = "2026-01-05", to = "2026-01-05" }):to_be(0)
    approvals.approve(id, "checked the schedule")
    local cards = timecards.list{ staff = desk, from = "2026-01-05", to = "2026-01-05" }
    expect(#cards):to_be(1)
    expect(cards[1].minutes):to_be(240)
    expect(cards[1].event):to_be("added")
    expect(cards[1].request):to_be(id)
    expect(approvals.get(id).result):to_be("timecard:" .. cards[1].id)
  end)

  it("send the office manager's own correction to the owner", function()
    local id = correction(manager, { ["in"] = "2026-01-05 08:00", out = "2026-01-05 12:00",
      reason = "meeting offsite" })
    expect(approvals.get(id).route.steps):to_equal({ { "physician_owner" } })
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("refuse a correction that runs backwards, with nothing filed", function()
    expect(function()
      correction(desk, { ["in"] = "2026-01-05 12:00", out = "2026-01-05 08:00", reason = "oops" })
    end):to_fail("may not run backwards")
    expect(#approvals.list("all")):to_be(0)
  end)

  it("change a pay rate once the physician owner approves", function()
    act_as(manager)
    local id = payroll.set_rate{ staff = desk, pay = "hourly", rate = "20.00", from = "2026-01-01",
      reason = "starting rate" }
    expect(approvals.get(id).route.steps):to_equal({ { "physician_owner" } })
    expect(#payroll.rates{ staff = desk }):to_be(0)
    act_as(owner)
    approvals.approve(id)
    local rates = payroll.rates{ staff = desk }
    expect(#rates):to_be(1)
    expect(rates[1].rate):to_be(2000)
    expect(rates[1].current):to_be(true)
  end)

  it("pay the hours past 40 in a week at time and a half", function()
    act_as(owner)
    payroll.set_rate{ staff = desk, pay = "hourly", rate = "20.00", from = "2026-01-01",
      reason = "starting rate" }
    for d = 5, 9 do
      local day = ("2026-01-%02d"):format(d)
      timecards.correct{ staff = desk, ["in"] = day .. " 08:00", out = day .. " 17:00",
        reason = "paper timesheet" }
    end
    local line
    for _, l in ipairs(payroll.register{ period = "2026-01-05" }) do
      if l.staff == desk then line = l end
    end
    expect(line.regular):to_be(40 * 60)
    expect(line.overtime):to_be(5 * 60)
    expect(line.gross):to_be(80000 + 15000)
    expect(line.approved):to_be(false)
  end)
end)

describe("write-offs", function()
  local function steps(amount)
    return approvals.route("writeoff", { amount = money(amount), requester = desk }).steps
  end

  it("go to the office manager up to 25.00, the owner up to 500.00, both above", function()
    expect(steps("25.00")):to_equal({ { "office_manager" } })
    expect(steps("25.01")):to_equal({ { "physician_owner" } })
    expect(steps("500.00")):to_equal({ { "physician_owner" } })
    expect(steps("500.01")):to_equal({ { "office_manager" }, { "physician_owner" } })
    expect(approvals.route("writeoff", { amount = money "500.01", requester = desk }).rule)
      :to_contain("large write-off")
  end)

  it("are posted when the office manager approves, and not before", function()
    local c = charge_owed(1)
    local id = file(desk, "writeoff", money "20.00", { charge = c.id })
    expect(approvals.get(id).status):to_be("requested")
    expect(owed(c)):to_be(c.amount)
    expect(ledger.account("writeoff")):to_be(0)
    act_as(manager)
    approvals.approve(id, "small balance")
    expect(approvals.get(id).result):to_contain("journal:")
    expect(owed(c)):to_be(c.amount - money "20.00")
    expect(ledger.account("writeoff")):to_be(money "20.00")
    expect(ledger.verify()):to_be(true)
  end)

  it("need the owner from 25.01 to 500.00", function()
    local c = charge_owed(20)
    local id = file(desk, "writeoff", money "100.00", { charge = c.id, to = "contractual" })
    act_as(manager)
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(owed(c)):to_be(c.amount)
    act_as(owner)
    approvals.approve(id)
    expect(owed(c)):to_be(c.amount - money "100.00")
    expect(ledger.account("contractual")):to_be(money "100.00")
  end)

  it("need the office manager and then the owner above 500.00", function()
    local c = charge_owed(20)
    local id = file(desk, "writeoff", money "500.01", { charge = c.id })
    act_as(manager)
    approvals.approve(id, "uncollectable")
    expect(approvals.get(id).status):to_be("requested")
    expect(owed(c)):to_be(c.amount)
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
    expect(owed(c)):to_be(c.amount - money "500.01")
  end)

  it("post nothing when denied", function()
    local c = charge_owed(1)
    local id = file(desk, "writeoff", money "10.00", { charge = c.id })
    act_as(manager)
    approvals.deny(id, "the patient is on a payment plan")
    expect(approvals.get(id).status):to_be("denied")
    expect(owed(c)):to_be(c.amount)
    expect(ledger.account("writeoff")):to_be(0)
  end)

  it("are posted at once for the owner", function()
    local c = charge_owed(1)
    local id = file(owner, "writeoff", money "30.00", { charge = c.id })
    expect(approvals.get(id).status):to_be("approved")
    expect(owed(c)):to_be(c.amount - money "30.00")
  end)

  it("are refused when filed without a charge or for more than it owes", function()
    local c = charge_owed(1)
    expect(function() file(desk, "writeoff", money "10.00") end):to_fail("the fact charge")
    expect(function() file(desk, "writeoff", c.amount + 1, { charge = c.id }) end)
      :to_fail("is more than the")
    expect(function() file(desk, "writeoff", money "10.00", { charge = c.id, from = "payer" }) end)
      :to_fail("a payer owes")
    expect(function() file(desk, "writeoff", money "10.00", { charge = c.id, to = "bank" }) end)
      :to_fail("the fact to is writeoff or contractual")
    expect(#approvals.list("all")):to_be(0)
  end)
end)

describe("CLIA purges", function()
  local function ask(as, before)
    act_as(as)
    return clia.purge_request{ before = before or clia.retention().keep_from }
  end

  it("go to the physician owner, the laboratory director", function()
    local r = approvals.route("clia_purge", { requester = manager, before = "2020-01-01" })
    expect(r.needed):to_be(true)
    expect(r.steps):to_equal({ { "physician_owner" } })
    expect(r.action):to_be("clia.purge")
  end)

  it("run once the owner approves, and not before", function()
    local id = ask(manager)
    local got = approvals.get(id)
    expect(got.status):to_be("requested")
    expect(got.summary):to_be("Purge CLIA records from before " .. clia.retention().keep_from)
    expect(function() approvals.approve(id) end):to_fail("own request")
    act_as(desk)
    expect(function() approvals.approve(id) end):to_fail("may not approval.decide")
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).result):to_contain("purge:")
  end)

  it("run at once for the owner", function()
    local got = approvals.get(ask(owner))
    expect(got.status):to_be("approved")
    expect(got.result):to_contain("purge:")
  end)

  it("keep every record of the retention period", function()
    local r = clia.retention()
    expect(r.years >= 2):to_be(true)
    expect(date(today()) - date(r.keep_from) >= 365 * r.years):to_be(true)
    expect(function() ask(manager, today()) end):to_fail("cannot be purged")
    expect(function() ask(owner, format_date(date(r.keep_from) + 1)) end)
      :to_fail("cannot be purged")
    expect(#approvals.list("all")):to_be(0)
  end)

  -- the templates with a CLIA certificate (and rapid strep on the menu)
  if practice.clia then
    it("remove the QC runs from before the day, and keep the newer ones", function()
      local function qc(lot)
        clia.lot{ test = "rapid_strep", kind = "kit", lot = lot,
          expires = format_date(date(today()) + 30) }
        clia.qc{ test = "rapid_strep", lot = lot, level = "positive",
          expected = "positive", observed = "positive", why = "new lot" }
      end
      local first = today()
      act_as(manager)
      qc("OLD1")
      advance_clock(duration((366 * clia.retention().years + 60) .. "d"))
      qc("NEW1")
      expect(approvals.get(ask(owner)).result):to_contain("purge:")
      local left = clia.qc_log{ from = first, to = today() }
      expect(#left):to_be(1)
      expect(left[1].lot):to_be("NEW1")
    end)
  end
end)

-- A purchase order of supplies (inventory.*) names the order and asks its
-- total; the approval guards inventory.order, which marks it ordered.
describe("purchase orders", function()
  local n = 0
  local function order(boxes)
    n = n + 1
    act_as(manager)
    local item = inventory.add{ name = "Spec gloves " .. n, category = "medical", unit = "box",
      reorder_point = 1, reorder_quantity = 5, unit_cost = "100.00" }
    local po = inventory.po_draft{ vendor = "Spec Supply" }
    inventory.po_line(po, item, boxes)
    return po
  end

  it("are ordered once approved: the office manager's own go to the owner", function()
    local po = order(3)
    local req = inventory.po_submit(po)
    expect(inventory.po(po).status):to_be("submitted")
    expect(approvals.get(req).amount):to_be(money "300.00")
    act_as(owner)
    approvals.approve(req)
    expect(approvals.get(req).result):to_be("po:" .. po)
    expect(inventory.po(po).status):to_be("ordered")
  end)

  it("are ordered at once when the owner submits them", function()
    local po = order(20)
    act_as(owner)
    inventory.po_submit(po)
    expect(inventory.po(po).status):to_be("ordered")
  end)

  it("refuse a request that does not ask the order's total", function()
    local po = order(2)
    expect(function() file(manager, "purchase_order", money "50.00", { po = po }) end)
      :to_fail("is not purchase order " .. po .. "'s total 200.00")
    expect(inventory.po(po).status):to_be("draft")
  end)

  it("stay drafts when the request is denied", function()
    local po = order(12)
    local req = inventory.po_submit(po)
    act_as(owner)
    approvals.deny(req, "too much at once")
    expect(inventory.po(po).status):to_be("draft")
  end)
end)

describe("bill payments", function()
  -- A bill of amount from a vendor of the spec's own, issued today.
  local function bill_of(amount)
    act_as(manager)
    local v = payables.vendor_add{ name = "Spec Supply " .. amount, category = "supplies" }
    return payables.enter{ vendor = v, number = "S-" .. amount, issued = today(), amount = amount }
  end

  it("are paid once the office manager approves, up to the limit", function()
    local b = bill_of("300.00")
    act_as(desk)
    local id = payables.pay{ bill = b, amount = "300.00", method = "check", reference = "1043" }
    expect(approvals.get(id).status):to_be("requested")
    act_as(manager)
    expect(payables.bill(b).status):to_be("open")
    approvals.approve(id)
    expect(approvals.get(id).result):to_contain("bill_payment:")
    expect(payables.bill(b).status):to_be("paid")
    expect(payables.bill(b).payments[1].request):to_be(id)
  end)

  it("need the owner too above the limit", function()
    local b = bill_of("3000.00")
    act_as(desk)
    local id = payables.pay{ bill = b, amount = "3000.00", method = "ach" }
    act_as(manager)
    approvals.approve(id)
    expect(payables.bill(b).status):to_be("open")
    act_as(owner)
    approvals.approve(id)
    expect(payables.bill(b).status):to_be("paid")
  end)

  it("are paid at once when the owner pays", function()
    local b = bill_of("120.00")
    act_as(owner)
    local id = payables.pay{ bill = b, amount = "20.00", method = "card", reference = "4242" }
    expect(approvals.get(id).status):to_be("approved")
    expect(payables.bill(b).status):to_be("part-paid")
  end)

  it("refuse a payment larger than what is left of the bill", function()
    local b = bill_of("80.00")
    act_as(desk)
    expect(function()
      payables.pay{ bill = b, amount = "80.01", method = "ach" }
    end):to_fail("80.01 is more than the 80.00 left")
  end)
end)

describe("other kinds", function()
  it("route discounts, purchases and bills by amount", function()
    local function steps(kind, amount)
      return approvals.route(kind, { amount = money(amount), requester = desk }).steps
    end
    expect(steps("discount", "200.00")):to_equal({ { "office_manager" } })
    expect(steps("purchase_order", "1500.00")):to_equal({ { "physician_owner" } })
    expect(steps("bill_payment", "3000.00")):to_equal({ { "office_manager" }, { "physician_owner" } })
  end)

  it("let either manager or owner approve a schedule override", function()
    local id = file(desk, "schedule_override", nil)
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
  end)

  it("refuse a kind nobody declared", function()
    expect(function() file(desk, "bonus", nil) end):to_fail('no approval "bonus"')
  end)

  it("send the office manager's hire and any benefits to the owner alone", function()
    local function steps(kind, who)
      return approvals.route(kind, { amount = money "310.00", requester = who }).steps
    end
    expect(steps("hire", manager)):to_equal({ { "physician_owner" } })
    expect(steps("hire", desk)):to_equal({ { "office_manager" }, { "physician_owner" } })
    expect(steps("benefits", manager)):to_equal({ { "physician_owner" } })
  end)

  it("record an approved benefits enrollment in the personnel file", function()
    local id = file(manager, "benefits", money "310.00", { staff = desk,
      plan = "Blue Cross PPO", coverage = "family", effective = "2027-01-01",
      employee_cost = 4500, employer_cost = 31000 })
    act_as(owner)
    approvals.approve(id)
    expect(approvals.get(id).status):to_be("approved")
    local file = hr.file(desk)
    expect(file[#file].plan):to_be("Blue Cross PPO")
    expect(file[#file].employer_cost):to_be(31000)
  end)
end)
