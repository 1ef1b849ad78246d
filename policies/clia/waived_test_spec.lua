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

-- The facts medoffice computes at each step when all is well; a case
-- overrides the ones it is about.
local GOOD = { certificate_current = true, certificate_allows = true, waived = true,
  lot_known = true, lot_expired = false, control_known = true, control_expired = false,
  temperature_ok = true, storage = "room", qc_passed = true, operator_qc = true,
  competent = true, identifiers = 2, identifiers_mismatch = false, specimen_allowed = true,
  corrective_action = false, invalid_count = 0, critical = false, called = false,
  test = "rapid_strep", complexity = "waived", lot = "K100" }

local function good(over)
  local f = {}
  for k, v in pairs(GOOD) do f[k] = v end
  for k, v in pairs(over or {}) do f[k] = v end
  return f
end

-- Fires event as MA (or as) and expects the refusal to contain text.
local function refused(id, event, facts, text, as)
  act_as(as or MA)
  local state, err = workflows.fire(id, event, facts)
  expect(state):to_be_nil()
  expect(err):to_contain(text)
end

local function to_ready(id)
  steps(id, { { "collect", good(), "collected" }, { "qc_pass", good(), "ready" } })
end

local function to_resulted(id, value)
  to_ready(id)
  steps(id, { { "perform", good(), "performed" },
    { "result", good { value = value or "negative", value_allowed = true }, "resulted" } })
end

describe("a rapid strep test", function()
  it("goes from order to closing", function()
    local id = order()
    to_resulted(id, "positive")
    steps(id, {
      { "review", good(), "reviewed", as = DOC },
      { "notify", good { method = "phone", reached = true }, "notified" },
      { "close", good(), "closed", as = DOC },
    })
    local h = workflows.history(id)
    expect(#h):to_be(8)
    expect(h[1].event):to_be("start")
    expect(h[8].to):to_be("closed")
    expect(workflows.list { state = "closed" }[1].final):to_be(true)
  end)

  it("recollects a rejected specimen", function()
    local id = order()
    steps(id, { { "collect", good(), "collected" } })
    refused(id, "reject", good(), "a rejected specimen needs its reason")
    steps(id, {
      { "reject", good { reason = "hemolyzed" }, "rejected" },
      { "recollect", good(), "collected" },
    })
  end)

  it("blocks testing after a failed QC until a corrective action and a passing QC", function()
    local id = order()
    steps(id, { { "collect", good(), "collected" }, { "qc_fail", good(), "qc_blocked" } })
    refused(id, "perform", good(), "'perform' is no transition from 'qc_blocked'")
    refused(id, "qc_pass", good(), "record a corrective action before testing again")
    refused(id, "qc_pass", good { corrective_action = true, qc_passed = false },
      "external QC has not passed")
    steps(id, { { "qc_pass", good { corrective_action = true }, "ready" } })
  end)

  it("retests an invalid result once, then refers it out", function()
    local id = order()
    to_ready(id)
    steps(id, {
      { "perform", good(), "performed" }, { "invalid", good(), "invalid" },
      { "retest", good { invalid_count = 1 }, "performed" }, { "invalid", good(), "invalid" },
    })
    refused(id, "retest", good { invalid_count = 2 }, "two invalid results: the test is blocked")
    refused(id, "refer", good(), "a referral names the laboratory", DOC)
    steps(id, { { "refer", good { lab = "Springfield Reference Lab" }, "referred", as = DOC } })
  end)

  it("refers a result that needs confirmation", function()
    local id = order()
    to_resulted(id, "positive")
    steps(id, { { "refer", good { lab = "Springfield Reference Lab" }, "referred", as = DOC } })
  end)

  it("calls a critical result to the provider before the review", function()
    local id = order()
    to_resulted(id)
    refused(id, "call_provider", good(), "the result is not critical")
    refused(id, "review", good { critical = true }, "a critical result is called to the provider first", DOC)
    steps(id, {
      { "call_provider", good { critical = true }, "critical_called" },
      { "review", good { critical = true, called = true }, "reviewed", as = DOC },
    })
  end)

  it("records notification attempts, and notifies again after an amended result", function()
    local id = order()
    to_resulted(id)
    steps(id, { { "review", good(), "reviewed", as = DOC } })
    refused(id, "notify", good { reached = false }, "the patient was not reached")
    steps(id, {
      { "notify_attempt", good { method = "phone", reached = false }, "reviewed" },
      { "notify", good { method = "phone" }, "notified" },
    })
    refused(id, "amend", good { value = "positive", value_allowed = true },
      "an amended result needs its reason", DOC)
    refused(id, "amend", good { value = "maybe", value_allowed = false, reason = "typo" },
      "'maybe' is not a result this test allows", DOC)
    steps(id, { { "amend", good { value = "positive", value_allowed = true, reason = "read at 10 min" },
      "amended", as = DOC } })
    refused(id, "close", good(), "'close' is no transition from 'amended'", DOC)
    steps(id, {
      { "notify_attempt", good { method = "phone", reached = false }, "amended" },
      { "notify", good { method = "portal" }, "notified" },
      { "close", good(), "closed", as = DOC },
    })
  end)

  it("cancels with a reason from any state before testing, and nothing happens after", function()
    for _, path in ipairs { {}, { "collect" }, { "collect", "qc_fail" }, { "collect", "qc_pass" } } do
      local id = order()
      for _, ev in ipairs(path) do
        act_as(MA)
        expect(workflows.fire(id, ev, good())):to_be_truthy()
      end
      refused(id, "cancel", good(), "a cancelled test needs its reason", DOC)
      steps(id, { { "cancel", good { reason = "patient left" }, "cancelled", as = DOC } })
      refused(id, "collect", good(), "the run is over")
    end
  end)
end)

describe("refusals", function()
  it("refuses skipping a step or going back", function()
    local id = order()
    refused(id, "perform", good(),
      "'perform' is no transition from 'ordered' in workflow 'waived_test' (from 'ordered': cancel, collect)")
    steps(id, { { "collect", good(), "collected" } })
    refused(id, "collect", good(), "'collect' is no transition from 'collected'")
  end)

  it("refuses a collection without two matching identifiers or of a wrong specimen", function()
    local id = order()
    refused(id, "collect", good { identifiers = 1 }, "two patient identifiers")
    refused(id, "collect", good { identifiers = 1, identifiers_mismatch = true },
      "does not match the patient")
    refused(id, "collect", good { specimen = "urine", specimen_allowed = false },
      "'urine' is not a specimen type this test allows")
  end)

  it("refuses the QC gate on each of its checks", function()
    local id = order()
    steps(id, { { "collect", good(), "collected" } })
    local cases = {
      { { certificate_current = false }, "certificate is missing, not yet in force or expired" },
      { { certificate_allows = false, complexity = "moderate" },
        "does not allow rapid_strep, a test of moderate complexity" },
      { { waived = false, complexity = "moderate" }, "is not on the waived list" },
      { { lot_known = false, lot = "NOPE" }, "kit lot NOPE is not recorded" },
      { { lot_expired = true }, "the kit lot is expired" },
      { { control_known = false, control_lot = "C9" }, "control lot C9 is not recorded" },
      { { control_expired = true }, "the control lot is expired" },
      { { temperature_ok = false }, "storage room: no temperature in range" },
      { { qc_passed = false }, "external QC has not passed" },
      { { operator_qc = false }, "is a new operator of this test" },
    }
    for _, c in ipairs(cases) do refused(id, "qc_pass", good(c[1]), c[2]) end
  end)

  it("refuses a result value the test does not allow, an unqualified operator, an expired lot", function()
    local id = order()
    to_ready(id)
    refused(id, "perform", good { competent = false }, "has no current competency for this test")
    refused(id, "perform", good { lot_expired = true }, "the kit lot is expired")
    steps(id, { { "perform", good(), "performed" } })
    refused(id, "result", good { value = "maybe", value_allowed = false },
      "'maybe' is not a result this test allows")
  end)

  it("refuses a transition whose guard errors", function()
    local id = order()
    local f = good()
    f.identifiers = nil -- the guard compares nil with a number
    refused(id, "collect", f, "attempt to compare")
  end)

  it("refuses a step to a job without its action", function()
    local id = order()
    refused(id, "collect", good(), "may not clia.collect", FRONT)
  end)
end)
