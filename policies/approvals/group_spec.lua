-- group_spec.lua: specs of group.lua, the approval rules of the
-- multi-site group template: amounts climbing office manager or billing
-- lead, practice manager, practice administrator and physician owner or
-- board; routing by the requester's job; escalation one level up;
-- separation of duties pushing a request up the chain; delegation while a
-- manager is away; write-offs on a real charge, posted only once
-- approved. Run by `medoffice test`.

local function file(as, kind, amount, facts)
  act_as(as)
  return approvals.request{ kind = kind, summary = kind .. " for the spec",
    amount = amount, facts = facts }
end

local function steps(kind, amount, requester)
  return approvals.route(kind, { amount = amount and money(amount),
    requester = requester or "joe" }).steps
end

local function approve(as, id)
  act_as(as)
  approvals.approve(id)
  return approvals.get(id)
end

-- A charge a patient without insurance owes: a follow-up at the first
-- free slot, seen a week later, charged units times 99213.
local function charge_owed(units)
  act_as("joe")
  local pid = patients.register{ family = "Quinn", given = "Ray",
    birth_date = "1975-06-07", sex = "male" }
  local slot = schedule.first{ visit_type = "follow_up" }
  local visit = schedule.book{ patient = pid, provider = slot.provider,
    location = slot.location, visit_type = "follow_up", at = slot.at }
  advance_clock(duration "8d")
  for _, s in ipairs{ "arrived", "roomed", "seen", "checked_out" } do
    schedule.mark(visit, s)
  end
  act_as(slot.provider)
  local enc = charges.enter{ appointment = visit, diagnoses = { "Z00.00" },
    lines = { { code = "99213", units = units } } }
  local c = charges.list{ encounter = enc }[1]
  c.owed = function() return ledger.charge_balance(c.id).patient_due end
  return c
end

describe("who may decide", function()
  it("gives approval.decide to the managers, the owners and the board only", function()
    local deciders = jobs_permitting("approval.decide")
    table.sort(deciders)
    expect(deciders):to_equal({ "billing_lead", "board", "office_manager",
      "physician_owner", "practice_administrator", "practice_manager" })
  end)

  it("lets every job ask for approvals", function()
    for _, j in ipairs(jobs()) do
      expect(j.may):to_contain("approval.request")
    end
  end)
end)

describe("refunds climb the levels by amount", function()
  it("need no approval up to 25.00", function()
    expect(approvals.get(file("joe", "refund", money "20.00")).status):to_be("approved")
  end)

  it("go to a site manager or the billing lead up to 500.00", function()
    expect(steps("refund", "500.00")):to_equal({ { "office_manager", "billing_lead" } })
    local id = file("joe", "refund", money "300.00")
    expect(approve("janet", id).status):to_be("approved")
  end)

  it("go to the practice manager, then the administrator", function()
    expect(steps("refund", "5000.00")):to_equal({ { "practice_manager" } })
    expect(steps("refund", "25000.00")):to_equal({ { "practice_administrator" } })
    local id = file("joe", "refund", money "3000.00")
    act_as("maria")
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(approve("david", id).status):to_be("approved")
  end)

  it("need the administrator and then a physician owner above 25,000.00", function()
    local id = file("kevin", "refund", money "30000.00")
    expect(approve("karen", id).status):to_be("requested")
    act_as("karen")
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(approve("dr_brennan", id).status):to_be("approved")
  end)

  it("escalate to the practice manager after 48 hours", function()
    local id = file("joe", "refund", money "300.00")
    advance_clock(duration "49h")
    expect(approvals.sweep()):to_be(1)
    act_as("maria")
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(approve("david", id).status):to_be("approved")
  end)
end)

describe("routing by the requester's job", function()
  it("sends overtime to the site manager, the billing lead or the practice manager", function()
    expect(steps("overtime", nil, "joe")):to_equal({ { "office_manager" } })
    expect(steps("overtime", nil, "kevin")):to_equal({ { "billing_lead" } })
    expect(steps("overtime", nil, "dr_nguyen")):to_equal({ { "practice_manager" } })
  end)

  it("has the administrator approve a clinician's time off, which marks them away", function()
    local id = file("dr_nguyen", "pto", nil, { first_day = "2027-04-05", last_day = "2027-04-09" })
    expect(approvals.get(id).route.steps):to_equal({ { "practice_administrator" } })
    expect(approve("karen", id).status):to_be("approved")
    expect(away.list{ from = "2027-04-05" }[1].staff):to_be("dr_nguyen")
  end)

  it("puts capital purchases before the board", function()
    expect(steps("purchase_order", "60000.00")):to_equal({ { "practice_administrator" }, { "board" } })
    local id = file("david", "purchase_order", money "60000.00")
    approve("karen", id)
    expect(approve("chair", id).status):to_be("approved")
  end)
end)

describe("write-offs", function()
  it("go to the billing lead up to 25.00, the practice manager up to 500.00, then two levels", function()
    expect(steps("writeoff", "25.00")):to_equal({ { "billing_lead" } })
    expect(steps("writeoff", "25.01")):to_equal({ { "practice_manager" } })
    expect(steps("writeoff", "500.00")):to_equal({ { "practice_manager" } })
    expect(steps("writeoff", "500.01")):to_equal({ { "practice_administrator" },
      { "physician_owner" } })
  end)

  it("are posted when the billing lead approves, and not before", function()
    local c = charge_owed(1)
    local id = file("kevin", "writeoff", money "25.00", { charge = c.id })
    expect(c.owed()):to_be(c.amount)
    expect(approve("janet", id).result):to_contain("journal:")
    expect(c.owed()):to_be(c.amount - money "25.00")
    expect(ledger.account("writeoff")):to_be(money "25.00")
  end)

  it("need the practice manager up to 500.00", function()
    local c = charge_owed(5)
    local id = file("kevin", "writeoff", money "200.00", { charge = c.id, to = "contractual" })
    act_as("janet")
    expect(function() approvals.approve(id) end):to_fail("not an approver")
    expect(approve("david", id).status):to_be("approved")
    expect(c.owed()):to_be(c.amount - money "200.00")
    expect(ledger.account("contractual")):to_be(money "200.00")
  end)

  it("need the administrator and then a physician owner above 500.00", function()
    local c = charge_owed(20)
    local id = file("kevin", "writeoff", money "600.00", { charge = c.id })
    expect(approve("karen", id).status):to_be("requested")
    expect(c.owed()):to_be(c.amount)
    expect(approve("dr_brennan", id).status):to_be("approved")
    expect(c.owed()):to_be(c.amount - money "600.00")
  end)

  it("post nothing when denied", function()
    local c = charge_owed(1)
    local id = file("kevin", "writeoff", money "5.00", { charge = c.id })
    act_as("janet")
    approvals.deny(id, "send it to collections")
    expect(approvals.get(id).status):to_be("denied")
    expect(c.owed()):to_be(c.amount)
    expect(ledger.account("writeoff")):to_be(0)
  end)
end)

describe("separation of duties", function()
  it("sends the billing lead's own write-off to the practice manager", function()
    local c = charge_owed(1)
    local id = file("janet", "writeoff", money "20.00", { charge = c.id })
    expect(approvals.get(id).route.steps):to_equal({ { "practice_manager" } })
    expect(approve("david", id).status):to_be("approved")
  end)

  it("lets the billing lead approve a write-off of a biller who reports to her", function()
    local c = charge_owed(1)
    local id = file("kevin", "writeoff", money "20.00", { charge = c.id })
    expect(approve("janet", id).status):to_be("approved")
  end)

  it("moves the practice manager's own hire past himself, and the second step above the first", function()
    local id = file("david", "hire", nil)
    expect(approvals.get(id).route.steps):to_equal({ { "practice_administrator" }, { "board" } })
    approve("karen", id)
    expect(approve("chair", id).status):to_be("approved")
  end)

  it("keeps everyone who reports to the administrator from approving her request", function()
    local id = file("karen", "schedule_override", nil)
    for _, who in ipairs({ "david", "maria", "rosa" }) do
      act_as(who)
      expect(function() approvals.approve(id) end):to_fail("reports to the requester")
    end
    expect(approvals.get(id).route.steps):to_equal({ { "practice_administrator", "board" } })
    expect(approve("chair", id).status):to_be("approved")
  end)
end)

describe("delegation", function()
  it("lets the delegate approve while the practice manager is away", function()
    act_as("karen")
    away.add{ staff = "david", first_day = today(), last_day = today(), delegate = "karen" }
    local id = file("joe", "refund", money "3000.00")
    local inbox = approvals.inbox("karen")
    expect(#inbox):to_be(1)
    expect(inbox[1].on_behalf_of):to_be("david")
    expect(approve("karen", id).status):to_be("approved")
  end)

  it("does not let anyone else stand in", function()
    act_as("karen")
    away.add{ staff = "david", first_day = today(), last_day = today(), delegate = "karen" }
    local id = file("joe", "refund", money "3000.00")
    act_as("chair")
    expect(function() approvals.approve(id) end):to_fail("not an approver")
  end)
end)
