-- waived_test.lua: the standard workflow of a CLIA-waived test (rapid
-- strep, influenza, COVID antigen, urine hCG, dipstick urinalysis,
-- glucose, HbA1c, PT/INR, hemoglobin, fecal occult blood, mono), from the
-- provider's order to the closing. The core stores each test's state and
-- moves it only along these transitions, as their actions (the person's
-- job must permit them) and when their guards allow it on the facts the
-- event gives:
--   ordered -> collected (a specimen type the test allows, two patient
--   identifiers that match the record)
--   collected -> ready (the QC gate passed) | qc_blocked (QC failed)
--   qc_blocked -> ready (a corrective action and a passing QC)
--   collected -> rejected (the specimen, with the reason) -> collected
--   (recollected)
--   ready -> performed (by a competent operator) -> resulted (a value the
--   test allows) | invalid (internal control failed)
--   invalid -> performed (retest; a second invalid blocks it: refer it out)
--   resulted -> critical_called (a critical value: medoffice has tasked the
--   ordering provider at once; the call is recorded) -> reviewed
--   resulted -> reviewed (by the provider) | referred (needs confirmation)
--   reviewed -> notified (the patient reached; notify_attempt records an
--   attempt that did not reach them) -> closed (the charge goes to billing)
--   notified -> amended (a corrected result; the original is kept) ->
--   notified again
--   ordered, collected, rejected, qc_blocked, ready -> cancelled
-- closed, cancelled and referred end a test.

-- The QC gate. medoffice computes these facts from its records (clia.step
-- replaces any the event gives): certificate_current, certificate_allows
-- (the certificate's type allows the test's complexity), waived,
-- lot_known, lot_expired (the kit lot of fact lot), control_known,
-- control_expired (fact control_lot, when given), temperature_ok (the
-- storage's latest reading, today or yesterday, in range), qc_passed (a
-- passing QC since the last failure, within the test's interval, of this
-- lot and shipment when its QC policy says so), operator_qc (the operator
-- has run a passing QC of the test, when the policy asks it of each new
-- operator).
local function qc_gate(f)
  if not f.certificate_current then
    return deny("the practice's CLIA certificate is missing, not yet in force or expired")
  end
  if not f.certificate_allows then
    return deny(("the practice's certificate does not allow %s, a test of %s complexity")
      :format(f.test, f.complexity))
  end
  if not f.waived then
    return deny(("%s is not on the waived list (%s complexity): not in this workflow")
      :format(f.test, f.complexity))
  end
  if not f.lot_known then
    return deny(("kit lot %s is not recorded for this test"):format(tostring(f.lot)))
  end
  if f.lot_expired then return deny("the kit lot is expired") end
  if not f.control_known then
    return deny(("control lot %s is not recorded for this test"):format(tostring(f.control_lot)))
  end
  if f.control_expired then return deny("the control lot is expired") end
  if not f.temperature_ok then
    return deny(("storage %s: no temperature in range logged today or yesterday"):format(f.storage))
  end
  if not f.qc_passed then
    return deny("external QC has not passed for this lot and shipment within the test's QC interval")
  end
  if not f.operator_qc then
    return deny(("%s is a new operator of this test: run a passing QC first"):format(f.actor))
  end
end

-- Collection: a specimen type the test allows and two identifiers that
-- match the patient (name, date of birth; medoffice compares them with
-- the record: identifiers counts the matches).
local function collection(f)
  if f.identifiers_mismatch then
    return deny("an identifier given does not match the patient: check the patient and the label")
  end
  if f.identifiers < 2 then
    return deny("two patient identifiers (name and date of birth) must be confirmed at collection")
  end
  if not f.specimen_allowed then
    return deny(("'%s' is not a specimen type this test allows"):format(tostring(f.specimen)))
  end
end

local function needs(key, what)
  return function(f)
    if f[key] == nil or f[key] == "" then return deny(what) end
  end
end

local function value_ok(f)
  if not f.value_allowed then
    return deny(("'%s' is not a result this test allows"):format(tostring(f.value)))
  end
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
      guard = collection },
    { from = "collected", on = "reject", to = "rejected", action = "clia.collect",
      guard = needs("reason", "a rejected specimen needs its reason") },
    { from = "rejected", on = "recollect", to = "collected", action = "clia.collect",
      guard = collection },
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
        if f.lot_expired then return deny("the kit lot is expired") end
      end },
    { from = "performed", on = "result", to = "resulted", action = "clia.perform",
      guard = value_ok },
    { from = "performed", on = "invalid", to = "invalid", action = "clia.perform" },
    { from = "invalid", on = "retest", to = "performed", action = "clia.perform",
      guard = function(f)
        if f.invalid_count >= 2 then
          return deny("two invalid results: the test is blocked, refer it out")
        end
      end },
    { from = { "invalid", "resulted" }, on = "refer", to = "referred", action = "clia.review",
      guard = needs("lab", "a referral names the laboratory (fact lab)") },
    { from = "resulted", on = "call_provider", to = "critical_called", action = "clia.notify",
      guard = function(f)
        if not f.critical then return deny("the result is not critical") end
      end },
    { from = { "resulted", "critical_called" }, on = "review", to = "reviewed",
      action = "clia.review",
      guard = function(f)
        if f.critical and not f.called then
          return deny("a critical result is called to the provider first")
        end
      end },
    { from = { "reviewed", "amended" }, on = "notify", to = "notified", action = "clia.notify",
      guard = function(f)
        if f.reached == false then
          return deny("the patient was not reached: record the attempt with notify_attempt")
        end
      end },
    { from = "reviewed", on = "notify_attempt", to = "reviewed", action = "clia.notify" },
    { from = "amended", on = "notify_attempt", to = "amended", action = "clia.notify" },
    { from = "notified", on = "amend", to = "amended", action = "clia.review",
      guard = function(f)
        if not f.reason then return deny("an amended result needs its reason") end
        return value_ok(f)
      end },
    { from = "notified", on = "close", to = "closed", action = "clia.close" },
    { from = { "ordered", "collected", "rejected", "qc_blocked", "ready" }, on = "cancel",
      to = "cancelled", action = "clia.close",
      guard = needs("reason", "a cancelled test needs its reason") },
  },
}
