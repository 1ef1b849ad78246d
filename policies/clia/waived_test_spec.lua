-- waived_test_spec.lua: specs of waived_test.lua: a rapid strep test from
-- its order to its closing, then every failure path (a specimen rejected
-- and recollected, QC blocked until a corrective action and a passing QC,
-- an invalid result retested then referred out, a critical result called
-- first, an amended result notified again, a cancelled test) and every
-- refusal (a step skipped or taken back, a guard's no, a job without the
-- action, a test that is over). Runs in the templates that ship it (their
-- assistants and providers are found by job).

local function staff_with(jobs)
  for _, s in ipairs(practice.staff) do
    for _, j in ipairs(jobs) do
      if s.job == j then return s.id end
    end
  end
  error("no staff member holds any of " .. table.concat(jobs, ", "))
end

local MA = staff_with { "clinical_assistant", "certified_ma", "nurse" }
local DOC = staff_with { "physician_owner", "pediatrician" }
local FRONT = staff_with { "front_desk" }

local function order()
  act_as(DOC)
  return workflows.start { workflow = "waived_test", subject = "patient:1" }
end

-- Fires events as MA: each { event, facts } must reach its state.
local function steps(id, list)
  for _, s in ipairs(list) do
    act_as(s.as or MA)
    local state, err = workflows.fire(id, s[1], s[2])
    expect(err):to_be_nil()
    expect(state):to_be(s[3])
  end
end

local GOOD = { competent = true, qc_passed = true, identifiers = 2 }

describe("a rapid strep test", function()
  it("goes from order to closing", function()
    local id = order()
    steps(id, {
      { "collect", { identifiers = 2 }, "collected" },
      { "qc_pass", { qc_passed = true }, "ready" },
      { "perform", { competent = true }, "performed" },
      { "result", { value = "positive" }, "resulted" },
      { "review", {}, "reviewed", as = DOC },
      { "notify", { method = "phone" }, "notified" },
      { "close", {}, "closed", as = DOC },
    })
    local h = workflows.history(id)
    expect(#h):to_be(8)
    expect(h[1].event):to_be("start")
    expect(h[8].to):to_be("closed")
    expect(workflows.list { state = "closed" }[1].final):to_be(true)
  end)

  it("recollects a rejected specimen", function()
    local id = order()
    steps(id, {
      { "collect", GOOD, "collected" },
      { "reject", { reason = "hemolyzed" }, "rejected" },
      { "recollect", GOOD, "collected" },
    })
  end)

  it("blocks testing after a failed QC until a corrective action and a passing QC", function()
    local id = order()
    steps(id, { { "collect", GOOD, "collected" }, { "qc_fail", {}, "qc_blocked" } })
    act_as(MA)
    local _, err = workflows.fire(id, "perform", GOOD)
    expect(err):to_contain("'perform' is no transition from 'qc_blocked'")
    _, err = workflows.fire(id, "qc_pass", { qc_passed = true })
    expect(err):to_contain("record a corrective action before testing again")
    steps(id, { { "qc_pass", { qc_passed = true, corrective_action = "new control lot" }, "ready" } })
  end)

  it("retests an invalid result once, then refers it out", function()
    local id = order()
    steps(id, {
      { "collect", GOOD, "collected" }, { "qc_pass", GOOD, "ready" },
      { "perform", GOOD, "performed" }, { "invalid", {}, "invalid" },
      { "retest", { invalid_count = 1 }, "performed" }, { "invalid", {}, "invalid" },
    })
    local _, err = workflows.fire(id, "retest", { invalid_count = 2 })
    expect(err):to_contain("two invalid results: the test is blocked, refer it out")
    steps(id, { { "refer", {}, "referred", as = DOC } })
  end)

  it("calls a critical result to the provider before the review", function()
    local id = order()
    steps(id, {
      { "collect", GOOD, "collected" }, { "qc_pass", GOOD, "ready" },
      { "perform", GOOD, "performed" }, { "result", { value = "positive" }, "resulted" },
    })
    act_as(DOC)
    local _, err = workflows.fire(id, "review", { critical = true })
    expect(err):to_contain("a critical result is called to the provider first")
    steps(id, {
      { "call_provider", { called_at = "2026-11-23 10:05" }, "critical_called" },
      { "review", { critical = true, called_at = "2026-11-23 10:05" }, "reviewed", as = DOC },
    })
  end)

  it("notifies the patient again after an amended result", function()
    local id = order()
    steps(id, {
      { "collect", GOOD, "collected" }, { "qc_pass", GOOD, "ready" },
      { "perform", GOOD, "performed" }, { "result", { value = "negative" }, "resulted" },
      { "review", {}, "reviewed", as = DOC }, { "notify", {}, "notified" },
      { "amend", { value = "positive" }, "amended", as = DOC }, { "notify", {}, "notified" },
    })
  end)

  it("cancels with a reason, and nothing happens after", function()
    local id = order()
    act_as(DOC)
    local _, err = workflows.fire(id, "cancel", {})
    expect(err):to_contain("a cancelled test needs its reason")
    steps(id, { { "cancel", { reason = "patient left" }, "cancelled", as = DOC } })
    _, err = workflows.fire(id, "collect", GOOD)
    expect(err):to_contain("the run is over")
  end)
end)

describe("refusals", function()
  it("refuses skipping a step or going back", function()
    local id = order()
    act_as(MA)
    local _, err = workflows.fire(id, "perform", GOOD)
    expect(err):to_contain("'perform' is no transition from 'ordered' in workflow 'waived_test' (from 'ordered': cancel, collect)")
    steps(id, { { "collect", GOOD, "collected" } })
    _, err = workflows.fire(id, "collect", GOOD)
    expect(err):to_contain("'collect' is no transition from 'collected'")
  end)

  it("refuses a result value the test does not allow, and an unqualified operator", function()
    local id = order()
    steps(id, { { "collect", GOOD, "collected" }, { "qc_pass", GOOD, "ready" } })
    act_as(MA)
    local _, err = workflows.fire(id, "perform", { competent = false })
    expect(err):to_contain("has no current competency for this test")
    steps(id, { { "perform", GOOD, "performed" } })
    _, err = workflows.fire(id, "result", { value = "maybe" })
    expect(err):to_contain("'maybe' is not a result this test allows")
  end)

  it("refuses an expired lot and two missing identifiers", function()
    local id = order()
    act_as(MA)
    local _, err = workflows.fire(id, "collect", { identifiers = 1 })
    expect(err):to_contain("two patient identifiers must be confirmed")
    steps(id, { { "collect", GOOD, "collected" } })
    _, err = workflows.fire(id, "qc_pass", { qc_passed = true, lot_expired = true })
    expect(err):to_contain("the kit lot is expired")
  end)

  it("refuses a step to a job without its action", function()
    local id = order()
    act_as(FRONT)
    local _, err = workflows.fire(id, "collect", GOOD)
    expect(err):to_contain("may not clia.collect")
  end)
end)
