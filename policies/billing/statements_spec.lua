-- statements_spec.lua: specs of statements.lua, who gets a statement,
-- through decide() with the facts the core gives statement.send. The
-- minimum and the interval are read from the practice's settings (5.00
-- and 28 days by default), so the same spec runs in every template that
-- uses the policy. Run by `medoffice test`.

local MIN = setting("billing.statement_min", "money", money "5.00")
local DAYS = setting("billing.statement_days", "integer", 28)

-- The facts of a patient owing balance (cents) on 2026-11-23, last sent a
-- statement days_ago days before (nil: never).
local function patient(balance, days_ago)
  local s = { patient = 7, as_of = "2026-11-23", balance = balance, pending = 0,
    days_0_30 = balance, days_31_60 = 0, days_61_90 = 0, days_91_120 = 0,
    over_120 = 0, unapplied = 0, oldest = 12, held = false }
  if days_ago ~= nil then
    s.last = format_date(date(s.as_of) - days_ago)
    s.days_since_last = days_ago
  end
  return s
end

describe("who gets a statement", function()
  it("sends one to a patient who owes and was never sent one", function()
    expect(decide("statement.send", patient(money "140.00"))):to_allow()
  end)

  it("has no opinion on a patient who gets one, so other rules may add theirs", function()
    expect(decide("statement.send", patient(money "140.00", DAYS)).rule):to_be_nil()
  end)

  it("sends none while the patient is on hold, with the hold's reason", function()
    local s = patient(money "140.00")
    s.held, s.hold_reason = true, "disputes the bill"
    expect(decide("statement.send", s)):to_deny("on hold: disputes the bill")
    s.hold_until = "2026-12-31"
    expect(decide("statement.send", s)):to_deny("on hold until 2026-12-31: disputes the bill")
    expect(decide("statement.send", s).rule):to_contain("no statements while on hold")
  end)

  it("sends none for a credit balance", function()
    expect(decide("statement.send", patient(money "-20.00")))
      :to_deny("a credit balance of 20.00: nothing is due")
  end)

  it("sends none below the minimum, and one at the minimum", function()
    expect(decide("statement.send", patient(MIN - 1)))
      :to_deny(("the balance of %s is below the minimum of %s")
        :format(format_money(MIN - 1), format_money(MIN)))
    expect(decide("statement.send", patient(MIN))):to_allow()
  end)

  it("sends none sooner than the interval after the last one", function()
    expect(decide("statement.send", patient(money "140.00", 0)))
      :to_deny("the last statement was 0 days ago (2026-11-23)")
    expect(decide("statement.send", patient(money "140.00", DAYS - 1)))
      :to_deny(("the last statement was %d days ago (%s); the next is due after %d days")
        :format(DAYS - 1, format_date(date "2026-11-23" - (DAYS - 1)), DAYS))
    expect(decide("statement.send", patient(money "140.00", DAYS))):to_allow()
  end)

  it("puts the hold first, then the credit, then the minimum, then the interval", function()
    local s = patient(money "-1.00", 1)
    s.held, s.hold_reason = true, "payment plan"
    expect(decide("statement.send", s)):to_deny("on hold: payment plan")
    s.held = false
    expect(decide("statement.send", s)):to_deny("a credit balance")
    s.balance = 1
    expect(decide("statement.send", s)):to_deny("below the minimum")
  end)
end)
