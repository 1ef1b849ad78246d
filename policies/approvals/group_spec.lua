-- group_spec.lua: specs of group.lua, the approval rules of the
-- multi-site group template: amounts climbing office manager or billing
-- lead, practice manager, practice administrator and physician owner or
-- board; routing by the requester's job; escalation one level up;
-- separation of duties pushing a request up the chain; delegation while a
-- manager is away. Run by `medoffice test`.

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

describe("separation of duties", function()
  it("sends the billing lead's own write-off to the practice manager", function()
    local id = file("janet", "writeoff", money "100.00")
    expect(approvals.get(id).route.steps):to_equal({ { "practice_manager" } })
    expect(approve("david", id).status):to_be("approved")
  end)

  it("lets the billing lead approve a write-off of a biller who reports to her", function()
    local id = file("kevin", "writeoff", money "100.00")
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
