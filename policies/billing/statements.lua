-- statements.lua: which patients get a statement. `medoffice statements`
-- goes through every patient who owes the practice (or is owed) and asks
-- the rules for statement.send with the facts patient, as_of (the
-- statement date), balance (cents: above 0 owed, below 0 a credit),
-- pending (what insurance still owes), days_0_30, days_31_60,
-- days_61_90, days_91_120, over_120 and unapplied (the balance by the
-- age of the service, as the A/R aging has it), oldest (days since the
-- service of the oldest visit the patient still owes on; nil when none),
-- last (the date of the last statement; nil when never), days_since_last
-- (nil when never), held, hold_reason and hold_until (a hold in force,
-- `medoffice statements hold`). A deny skips the patient with its reason;
-- the first rule with an opinion decides. No statement while the
-- patient is on hold, for a credit balance, for less than the minimum,
-- or sooner than the interval after the last one. Both are settings:
--
--   settings:
--     billing:
--       statement_min: "5.00"     # no statement for a smaller balance
--       statement_days: 28        # days from one statement to the next

local MIN = setting("billing.statement_min", "money", money "5.00")
local DAYS = setting("billing.statement_days", "integer", 28)

function on_open()
  if MIN < 0 then
    error(("settings.billing.statement_min: expected 0.00 or more, got %s")
      :format(format_money(MIN)), 0)
  end
  if DAYS < 0 then
    error(("settings.billing.statement_days: expected 0 or more days, got %d")
      :format(DAYS), 0)
  end
end

rule "statement.send" ("no statements while on hold", function(s)
  if s.held then
    if s.hold_until then
      return deny(("on hold until %s: %s"):format(s.hold_until, s.hold_reason))
    end
    return deny(("on hold: %s"):format(s.hold_reason))
  end
end)

rule "statement.send" ("nothing to bill on a credit balance", function(s)
  if s.balance < 0 then
    return deny(("a credit balance of %s: nothing is due"):format(format_money(-s.balance)))
  end
end)

rule "statement.send" ("a minimum balance", function(s)
  if s.balance < MIN then
    return deny(("the balance of %s is below the minimum of %s")
      :format(format_money(s.balance), format_money(MIN)))
  end
end)

rule "statement.send" ("one statement per interval", function(s)
  if s.days_since_last ~= nil and s.days_since_last < DAYS then
    return deny(("the last statement was %d days ago (%s); the next is due after %d days")
      :format(s.days_since_last, s.last, DAYS))
  end
end)
