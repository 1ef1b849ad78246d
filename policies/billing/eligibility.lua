-- eligibility.lua: the practice's re-verification rule for insurance.
-- Before each visit the front desk verifies the patient's primary
-- insurance (portal, phone, card or an X12 270/271) when it was never
-- verified, when the last check is more than 30 days old, or when the
-- last check said the policy was not active (a self-pay arrangement has
-- nothing to verify). `medoffice insurance due`
-- lists the day's visits this rule asks to verify (and the patients with
-- no insurance on file). The core asks the rule eligibility.check with
-- the facts patient, payer, payer_kind, rank, appointment, insurance,
-- provider, visit_date, verified (nil when never), days_since and active.
-- The age limit is a setting:
--
--   settings:
--     billing:
--       reverify_days: 30      # a check older than this is verified again

local DAYS = setting("billing.reverify_days", "integer", 30)

function on_open()
  if DAYS < 0 then
    error(("settings.billing.reverify_days: expected 0 or more days, got %d")
      :format(DAYS), 0)
  end
end

rule "eligibility.check" ("re-verify insurance before the visit", function(v)
  if v.payer_kind == "self_pay" then
    return allow("a self-pay arrangement has nothing to verify")
  end
  if v.verified == nil then
    return deny("never verified")
  end
  if v.active == false then
    return deny(("the last check (%s) said the policy was not active")
      :format(v.verified))
  end
  if v.days_since > DAYS then
    return deny(("last verified %s, %d days before the visit (limit %d)")
      :format(v.verified, v.days_since, DAYS))
  end
end)
