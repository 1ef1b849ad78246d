-- waived_test.lua: the standard workflow of a CLIA-waived test (rapid
-- strep, influenza, COVID antigen, urine hCG, dipstick urinalysis,
-- glucose, HbA1c, PT/INR, hemoglobin, fecal occult blood, mono), from the
-- provider's order to the closing. The core stores each test's state and
-- moves it only along these transitions, as their actions (the person's
-- job must permit them) and when their guards allow it on the facts the
-- event gives:
--   ordered -> collected (two patient identifiers confirmed)
--   collected -> ready (the QC gate passed) | qc_blocked (QC failed)
--   qc_blocked -> ready (a corrective action and a passing QC)
--   collected -> rejected (the specimen) -> collected (recollected)
--   ready -> performed (by a competent operator) -> resulted (a value the
--   test allows) | invalid (internal control failed)
--   invalid -> performed (retest; a second invalid refers it out)
--   resulted -> reviewed (by the provider; a critical value is first
--   called to the provider) | referred (needs confirmation)
--   reviewed -> notified (the patient) -> closed (the charge goes to billing)
--   notified -> amended (a corrected result) -> notified again
--   ordered, collected, ready, rejected -> cancelled
-- closed, cancelled and referred end a test.

local VALUES = { positive = true, negative = true }

-- The QC gate. medoffice computes these facts from its records (clia.step
-- replaces any the event gives): certificate_current, lot_known,
-- lot_expired (the kit lot of fact lot), qc_passed (a passing QC of that
-- lot since the last failure, within the test's interval), competent.
local function qc_gate(f)
  if f.certificate_current == false then
    return deny("the practice's CLIA certificate is missing or expired")
  end
  if f.lot_known == false then
    return deny(("kit lot %s is not recorded for this test"):format(tostring(f.lot)))
  end
  if f.lot_expired then return deny("the kit lot is expired") end
  if not f.qc_passed then return deny("external QC has not passed for this lot") end
end

workflow "waived_test" {
  title = "CLIA-waived test, from order to closing",
  initial = "ordered",
  states = { "ordered", "collected", "rejected", "qc_blocked", "ready", "performed",
    "invalid", "resulted", "critical_called", "reviewed", "notified", "amended",
    "closed", "cancelled", "referred" },
  final = { "closed", "cancelled", "referred" },
  start = "clia.order",
  transitions = {
    { from = "ordered", on = "collect", to = "collected", action = "clia.collect",
      guard = function(f)
        if (f.identifiers or 0) < 2 then
          return deny("two patient identifiers must be confirmed at collection")
        end
      end },
    { from = "collected", on = "reject", to = "rejected", action = "clia.collect",
      guard = function(f)
        if not f.reason then return deny("a rejected specimen needs its reason") end
      end },
    { from = "rejected", on = "recollect", to = "collected", action = "clia.collect",
      guard = function(f)
        if (f.identifiers or 0) < 2 then
          return deny("two patient identifiers must be confirmed at collection")
        end
      end },
    { from = "collected", on = "qc_pass", to = "ready", action = "clia.qc", guard = qc_gate },
    { from = "collected", on = "qc_fail", to = "qc_blocked", action = "clia.qc" },
    { from = "qc_blocked", on = "qc_pass", to = "ready", action = "clia.qc",
      guard = function(f)
        if not f.corrective_action then
          return deny("QC failed: record a corrective action before testing again")
        end
        return qc_gate(f)
      end },
    { from = "ready", on = "perform", to = "performed", action = "clia.perform",
      guard = function(f)
        if not f.competent then
          return deny(("%s has no current competency for this test"):format(f.actor))
        end
      end },
    { from = "performed", on = "result", to = "resulted", action = "clia.perform",
      guard = function(f)
        local ok = f.value_allowed
        if ok == nil then ok = VALUES[f.value or ""] end
        if not ok then
          return deny(("'%s' is not a result this test allows"):format(tostring(f.value)))
        end
      end },
    { from = "performed", on = "invalid", to = "invalid", action = "clia.perform" },
    { from = "invalid", on = "retest", to = "performed", action = "clia.perform",
      guard = function(f)
        if (f.invalid_count or 1) >= 2 then
          return deny("two invalid results: the test is blocked, refer it out")
        end
      end },
    { from = { "invalid", "resulted" }, on = "refer", to = "referred", action = "clia.review" },
    { from = "resulted", on = "call_provider", to = "critical_called", action = "clia.notify" },
    { from = { "resulted", "critical_called" }, on = "review", to = "reviewed",
      action = "clia.review",
      guard = function(f)
        if f.critical and not f.called_at then
          return deny("a critical result is called to the provider first")
        end
      end },
    { from = { "reviewed", "amended" }, on = "notify", to = "notified", action = "clia.notify" },
    { from = "notified", on = "amend", to = "amended", action = "clia.review" },
    { from = "notified", on = "close", to = "closed", action = "clia.close" },
    { from = { "ordered", "collected", "rejected", "ready" }, on = "cancel", to = "cancelled",
      action = "clia.close",
      guard = function(f)
        if not f.reason then return deny("a cancelled test needs its reason") end
      end },
  },
}
