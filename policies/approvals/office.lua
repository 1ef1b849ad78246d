-- office.lua: approval rules of a practice run by one office manager
-- under the physician owner (the starter, family-practice, pediatrics and
-- dermatology templates). Money and risk go to the office manager up to a
-- limit and to the physician owner above it; requests left unanswered
-- escalate to the owner. Once approved, what a kind guards is done: time
-- off, a refund, a write-off, a bill payment, a purchase order, a purge.
-- The consultant changes the limits below; the spec tests each route.

local LIMIT = {
  refund_free = money "25.00",        -- smaller refunds need no approval
  refund_manager = money "500.00",    -- the office manager approves up to this
  writeoff_manager = money "25.00", writeoff_owner = money "500.00", -- then both
  discount_manager = money "200.00",
  purchase_manager = money "1000.00",
  bill_manager = money "2500.00",
  pto_manager_days = 5,               -- longer leave also needs the owner
}

local ESCALATE = { after = duration "48h", to = { "physician_owner" } }

-- The physician owner is ultimately in charge: nobody in the practice
-- approves the owner's own requests, so they need no approval.
local function not_owner(r)
  return r.requester_job ~= "physician_owner"
end

approval "refund" {
  title = "Refund to a patient or payer",
  action = "payment.refund", -- runs when the request names a payment
  when = function(r)
    return not_owner(r) and (r.amount == nil or r.amount > LIMIT.refund_free)
  end,
  tiers = {
    { upto = LIMIT.refund_manager, approvers = { "office_manager" } },
    { approvers = { "physician_owner" } },
  },
  escalate = ESCALATE,
  expire = duration "14d",
}

-- A write-off names the charge (charge=12) and, unless it is the
-- patient's balance written off, where it comes from (from=payer) and
-- goes (to=contractual); it is posted once approved.
approval "writeoff" {
  title = "Write-off or adjustment of a balance",
  action = "ledger.adjust",
  when = not_owner,
  tiers = {
    { upto = LIMIT.writeoff_manager, approvers = { "office_manager" } },
    { upto = LIMIT.writeoff_owner, approvers = { "physician_owner" } },
    { name = "large write-off", steps = { { "office_manager" }, { "physician_owner" } } },
  },
  escalate = ESCALATE,
  expire = duration "30d",
}

approval "discount" {
  title = "Discount (hardship, prompt pay)",
  when = not_owner,
  tiers = {
    { upto = LIMIT.discount_manager, approvers = { "office_manager" } },
    { approvers = { "physician_owner" } },
  },
  escalate = ESCALATE,
}

-- A purchase order of supplies is submitted from `medoffice inventory po
-- submit` (the fact po=7, the amount its total); once approved it is
-- marked ordered. A request without po is a purchase made elsewhere:
-- approved, nothing runs.
approval "purchase_order" {
  title = "Purchase order for supplies or equipment",
  action = "inventory.order",
  when = not_owner,
  tiers = {
    { upto = LIMIT.purchase_manager, approvers = { "office_manager" } },
    { approvers = { "physician_owner" } },
  },
  escalate = ESCALATE,
  expire = duration "30d",
}

approval "bill_payment" {
  title = "Payment of a vendor's bill",
  action = "payable.pay", -- the bill=N of `medoffice payables pay`, paid once approved
  when = not_owner,
  tiers = {
    { upto = LIMIT.bill_manager, approvers = { "office_manager" } },
    { name = "large bill", steps = { { "office_manager" }, { "physician_owner" } } },
  },
  escalate = ESCALATE,
}

approval "overtime" {
  title = "Overtime beyond the scheduled hours",
  when = not_owner,
  tiers = { { approvers = { "office_manager" } } },
  escalate = { after = duration "24h", to = { "physician_owner" } },
  expire = duration "7d",
}

local function days(r)
  return date(r.last_day) - date(r.first_day) + 1
end

approval "pto" {
  title = "Paid time off",
  when = not_owner,
  action = "staff.away",
  tiers = {
    { name = "long leave", when = function(r) return days(r) > LIMIT.pto_manager_days end,
      steps = { { "office_manager" }, { "physician_owner" } } },
    { approvers = { "office_manager" } },
  },
  escalate = ESCALATE,
  expire = duration "30d",
}

-- A correction of a time card (`medoffice timecards correct`: card=12 and
-- its new in and out, or a missing card with both) is made once the
-- office manager approves it; the manager's own goes up to the owner.
approval "time_correction" {
  title = "Correction of a time card",
  action = "timecard.correct",
  when = not_owner,
  tiers = { { approvers = { "office_manager" } } },
  escalate = ESCALATE,
  expire = duration "14d",
}

-- A change of someone's pay (`medoffice payroll rate`: staff, pay hourly
-- or salary, rate, from) takes effect once the physician owner approves.
approval "pay_change" {
  title = "Change of a staff member's pay rate",
  action = "payroll.rate",
  when = not_owner,
  tiers = { { approvers = { "physician_owner" } } },
  expire = duration "30d",
}

-- A hire (`medoffice hr hire`: staff, job, start...) is recorded in the
-- personnel file once both approve; its starting pay goes through
-- pay_change.
approval "hire" {
  title = "Hiring a new staff member",
  action = "hr.hire",
  when = not_owner,
  tiers = {
    { name = "the office manager's hire",
      when = function(r) return r.requester_job == "office_manager" end,
      approvers = { "physician_owner" } },
    { steps = { { "office_manager" }, { "physician_owner" } } },
  },
}

-- A benefits enrollment or waiver (`medoffice hr benefits`: the amount is
-- the employer's cost per pay period) is recorded once the owner approves.
approval "benefits" {
  title = "Benefits enrollment or waiver",
  action = "hr.benefits",
  when = not_owner,
  tiers = { { approvers = { "physician_owner" } } },
  expire = duration "30d",
}

approval "schedule_override" {
  title = "Booking over a blocked time or a full session",
  when = not_owner,
  tiers = { { approvers = { "office_manager", "physician_owner" } } },
  expire = duration "2d",
}

-- A purge of the CLIA records kept past retention (practice.yaml
-- clia.retention_years, at least 2 years) names the first day kept
-- (before=2027-01-01); medoffice refuses a day within retention. The
-- laboratory director on the CLIA certificate, the physician owner,
-- approves it; the owner's own request needs no approval. Once approved,
-- the records from before that day are deleted (`medoffice clia purge`).
approval "clia_purge" {
  title = "Purge of CLIA records past retention",
  action = "clia.purge",
  when = not_owner,
  tiers = { { approvers = { "physician_owner" } } },
  expire = duration "30d",
}
