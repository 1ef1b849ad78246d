-- eligibility_spec.lua: specs of eligibility.lua, the re-verification
-- rule, through decide() with the facts the core gives eligibility.check.
-- The limit is read from the practice's settings (30 days by default), so
-- the same spec runs in every template that uses the policy. Run by
-- `medoffice test`.

local LIMIT = setting("billing.reverify_days", "integer", 30)

-- The facts of a visit on 2027-03-02 whose policy was last verified
-- days_ago days before (nil: never), with the check's answer.
local function visit(days_ago, active)
  local v = { patient = 1, payer = "acme", payer_kind = "commercial", rank = 1,
    appointment = 7, insurance = 3, provider = "drx", visit_date = "2027-03-02" }
  if days_ago ~= nil then
    v.verified = format_date(date(v.visit_date) - days_ago)
    v.days_since = days_ago
    v.active = active
  end
  return v
end

describe("re-verification before a visit", function()
  it("asks to verify a policy never verified", function()
    expect(decide("eligibility.check", visit(nil))):to_deny("never verified")
  end)

  it("has nothing to verify for a self-pay arrangement", function()
    local v = visit(nil)
    v.payer_kind = "self_pay"
    expect(decide("eligibility.check", v)):to_allow("nothing to verify")
  end)

  it("asks again when the last check said not active, however recent", function()
    expect(decide("eligibility.check", visit(0, false)))
      :to_deny("said the policy was not active")
    expect(decide("eligibility.check", visit(1, false)))
      :to_deny("the last check (2027-03-01) said the policy was not active")
  end)

  it("asks again when the last check is older than the limit", function()
    expect(decide("eligibility.check", visit(LIMIT + 1, true)))
      :to_deny(("last verified %s, %d days before the visit (limit %d)")
        :format(format_date(date "2027-03-02" - LIMIT - 1), LIMIT + 1, LIMIT))
    expect(decide("eligibility.check", visit(LIMIT + 400, true))):to_deny("days before the visit")
  end)

  it("leaves a recent active check alone, up to the limit itself", function()
    expect(decide("eligibility.check", visit(0, true))):to_allow()
    expect(decide("eligibility.check", visit(LIMIT, true))):to_allow()
  end)

  it("has no opinion on a check that passes, so other rules may add theirs", function()
    expect(decide("eligibility.check", visit(1, true)).rule):to_be_nil()
  end)

  it("names itself in its denials", function()
    expect(decide("eligibility.check", visit(nil)).rule)
      :to_contain("re-verify insurance before the visit")
  end)
end)
