-- group.lua: approval rules of the multi-site group (board, physician
-- owners, practice administrator, practice manager, an office manager per
-- site, a billing lead). Amounts climb the three management levels: the
-- office manager (or the billing lead for billing matters) for small
-- sums, the practice manager, then the practice administrator, with the
-- board or a physician owner as the last word on the largest. Unanswered
-- requests escalate one level up. Once approved, time off marks the person
-- away, a refund that names a payment (payment=12) is made and a
-- write-off of a charge (charge=12) is posted. The spec beside this file
-- tests every route.

local LIMIT = {
  refund_free = money "25.00",
  writeoff_small = money "25.00",   -- small balances: the billing lead
  site = money "500.00",           -- office manager or billing lead
  manager = money "5000.00",       -- practice manager
  administrator = money "25000.00", -- practice administrator
}

local function amount_tiers(small)
  return {
    { upto = LIMIT.site, approvers = small },
    { upto = LIMIT.manager, approvers = { "practice_manager" } },
    { upto = LIMIT.administrator, approvers = { "practice_administrator" } },
    { name = "major", steps = { { "practice_administrator" }, { "physician_owner" } } },
  }
end

approval "refund" {
  title = "Refund to a patient or payer",
  action = "payment.refund", -- runs when the request names a payment
  when = function(r) return (r.amount or 0) > LIMIT.refund_free end,
  tiers = amount_tiers({ "office_manager", "billing_lead" }),
  escalate = { after = duration "48h", to = { "practice_manager" } },
  expire = duration "14d",
}

-- A write-off names the charge (charge=12) and, unless it is the
-- patient's balance written off, where it comes from (from=payer) and
-- goes (to=contractual).
approval "writeoff" {
  title = "Write-off or adjustment of a balance",
  action = "ledger.adjust",
  tiers = {
    { upto = LIMIT.writeoff_small, approvers = { "billing_lead" } },
    { upto = LIMIT.site, approvers = { "practice_manager" } },
    { name = "large write-off", steps = { { "practice_administrator" }, { "physician_owner" } } },
  },
  escalate = { after = duration "72h", to = { "practice_manager" } },
  expire = duration "30d",
}

approval "discount" {
  title = "Discount (hardship, prompt pay)",
  tiers = amount_tiers({ "office_manager", "billing_lead" }),
  escalate = { after = duration "48h", to = { "practice_manager" } },
}

approval "purchase_order" {
  title = "Purchase order for supplies or equipment",
  action = "inventory.order", -- a request naming po=N orders it once approved
  tiers = {
    { upto = LIMIT.site, approvers = { "office_manager" } },
    { upto = LIMIT.manager, approvers = { "practice_manager" } },
    { upto = LIMIT.administrator, approvers = { "practice_administrator" } },
    { name = "capital", steps = { { "practice_administrator" }, { "board" } } },
  },
  escalate = { after = duration "72h", to = { "practice_administrator" } },
  expire = duration "30d",
}

approval "bill_payment" {
  title = "Payment of a vendor's bill",
  action = "payable.pay", -- the bill=N of `medoffice payables pay`, paid once approved
  tiers = {
    { upto = LIMIT.manager, approvers = { "practice_manager" } },
    { approvers = { "practice_administrator" } },
  },
  escalate = { after = duration "72h", to = { "practice_administrator" } },
}

local SITE_STAFF = { front_desk = true, medical_assistant = true }

approval "overtime" {
  title = "Overtime beyond the scheduled hours",
  tiers = {
    { name = "site staff", when = function(r) return SITE_STAFF[r.requester_job] == true end,
      approvers = { "office_manager" } },
    { name = "billing staff", when = function(r) return r.requester_job == "biller" end,
      approvers = { "billing_lead" } },
    { approvers = { "practice_manager" } },
  },
  escalate = { after = duration "24h", to = { "practice_manager" } },
  expire = duration "7d",
}

approval "pto" {
  title = "Paid time off",
  action = "staff.away",
  tiers = {
    { name = "site staff", when = function(r) return SITE_STAFF[r.requester_job] == true end,
      approvers = { "office_manager" } },
    { name = "billing staff", when = function(r) return r.requester_job == "biller" end,
      approvers = { "billing_lead" } },
    { name = "clinicians", when = function(r)
        return r.requester_job == "physician" or r.requester_job == "nurse_practitioner"
      end, approvers = { "practice_administrator" } },
    { approvers = { "practice_manager", "practice_administrator" } },
  },
  escalate = { after = duration "48h", to = { "practice_administrator" } },
  expire = duration "30d",
}

-- A correction of a time card (card=12 and its new in and out, or a
-- missing card) is made once approved: a site's staff by its office
-- manager, billing staff by the billing lead, the others by the practice
-- manager.
approval "time_correction" {
  title = "Correction of a time card",
  action = "timecard.correct",
  tiers = {
    { name = "site staff", when = function(r) return SITE_STAFF[r.requester_job] == true end,
      approvers = { "office_manager" } },
    { name = "billing staff", when = function(r) return r.requester_job == "biller" end,
      approvers = { "billing_lead" } },
    { approvers = { "practice_manager" } },
  },
  escalate = { after = duration "48h", to = { "practice_manager" } },
  expire = duration "14d",
}

-- A change of someone's pay rate takes effect once the practice
-- administrator approves it.
approval "pay_change" {
  title = "Change of a staff member's pay rate",
  action = "payroll.rate",
  tiers = { { approvers = { "practice_administrator" } } },
  expire = duration "30d",
}

approval "hire" {
  title = "Hiring a new staff member",
  action = "hr.hire", -- recorded in the personnel file once approved
  tiers = { { steps = { { "practice_manager" }, { "practice_administrator" } } } },
}

approval "benefits" {
  title = "Benefits enrollment or waiver",
  action = "hr.benefits", -- the amount is the employer's cost per pay period
  tiers = { { approvers = { "practice_administrator" } } },
  expire = duration "30d",
}

approval "schedule_override" {
  title = "Booking over a blocked time or a full session",
  tiers = { { approvers = { "office_manager", "practice_manager" } } },
  expire = duration "2d",
}
