-- multi_site_group.lua: the job descriptions of a physician-owned group
-- with two sites.
--
-- A board of directors governs the group; the physician owners (partners)
-- and the practice administrator answer to it. Everyone else reports,
-- administratively, up to the practice administrator: the employed
-- physicians and the nurse practitioner directly, the staff through three
-- management levels: the practice manager (both sites), one office manager
-- per site, and a billing lead for the central billing team. Clinical
-- supervision of the employed clinicians (by the physician owners) is not
-- part of this chart. Staff in practice.yaml name one of these jobs; each
-- site's staff name their office manager with supervisor:.

job "board" {
  title = "Board of directors (chair)",
  level = "board",
  duties = {
    "Sets the group's strategy and approves the annual operating and capital budgets",
    "Appoints, evaluates and sets the compensation of the practice administrator",
    "Approves new partners, new sites, major payer contracts and debt",
    "Oversees compliance through the administrator's quarterly compliance report",
  },
  may = {
    "incident.report",
    "payable.read",
    "task.create", "task.read", "task.complete", "approval.request", "approval.withdraw",
    "approval.decide", "staff.away", "staff.return",
  },
}

job "physician_owner" {
  title = "Physician partner (shareholder)",
  level = "physician_owner",
  reports_to = "board",
  duties = {
    "Sees patients at either site and directs their care",
    "Provides clinical supervision for the employed physicians and the nurse practitioner",
    "Sets the group's clinical protocols and standing orders on the medical committee",
    "Serves as laboratory director on the CLIA certificate of waiver",
    "Votes as a shareholder and may serve on the board",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.view", "incident.update", "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve", "payroll.read",
    "hr.view", "hr.record", "hr.hire", "hr.benefits", "hr.discipline", "hr.recruit",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.void",
    "payable.pay", "payable.read", "bank.import", "bank.match", "budget.set",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply", "credential.read",
    "approval.request", "approval.withdraw", "approval.decide", "staff.away",
    "staff.return", "appointment.book", "appointment.import",
    "appointment.double_book", "appointment.reschedule",
    "appointment.cancel", "appointment.no_show", "appointment.check_in",
    "appointment.read", "schedule.block", "schedule.hours", "provider.out",
    "shift.assign", "recall.add",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "payment.refund", "ledger.adjust",
    "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "practice_administrator" {
  title = "Practice administrator",
  level = "practice_administrator",
  reports_to = "board",
  duties = {
    "Directs the group's business operations at both sites and reports to the board",
    "Prepares the annual budget, the monthly financial statements and the board reports",
    "Negotiates payer contracts and oversees provider credentialing and payer enrollment",
    "Handles the physicians' administrative matters: contracts, schedules, leave and productivity reports",
    "Owns compliance and risk: HIPAA, OSHA, CLIA, malpractice coverage",
    "Plans new services, sites and capital purchases",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.view", "incident.update", "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve", "payroll.read", "payroll.export",
    "hr.view", "hr.record", "hr.hire", "hr.benefits", "hr.discipline", "hr.recruit",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.void",
    "payable.pay", "payable.read", "bank.import", "bank.match", "budget.set",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply", "credential.read",
    "approval.request", "approval.withdraw", "approval.decide", "staff.away",
    "staff.return", "appointment.book", "appointment.import",
    "appointment.double_book", "appointment.reschedule",
    "appointment.cancel", "appointment.no_show", "appointment.check_in",
    "appointment.read", "schedule.block", "schedule.hours", "provider.out",
    "shift.assign", "recall.add",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "payment.refund", "ledger.adjust",
    "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "practice_manager" {
  title = "Practice manager",
  level = "practice_manager",
  reports_to = "practice_administrator",
  duties = {
    "Manages the day-to-day operations of both sites through their office managers",
    "Sets staffing levels and approves hiring, schedules, overtime and time off",
    "Watches the revenue cycle with the billing lead: charge lag, denials, days in accounts receivable",
    "Standardizes workflows, office policies and training across the sites",
    "Manages vendors, the practice management system, IT and facilities",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.view", "incident.update", "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve", "payroll.read", "payroll.export",
    "hr.view", "hr.record", "hr.hire", "hr.benefits", "hr.discipline", "hr.recruit",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.void",
    "payable.pay", "payable.read", "bank.import", "bank.match", "budget.set",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply", "credential.read",
    "approval.request", "approval.withdraw", "approval.decide", "staff.away",
    "staff.return", "appointment.book", "appointment.import",
    "appointment.double_book", "appointment.reschedule",
    "appointment.cancel", "appointment.no_show", "appointment.check_in",
    "appointment.read", "schedule.block", "schedule.hours", "provider.out",
    "shift.assign", "recall.add",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "payment.refund", "ledger.adjust",
    "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "office_manager" {
  title = "Site office manager",
  level = "office_manager",
  reports_to = "practice_manager",
  duties = {
    "Runs one site day to day: opening, closing and patient flow",
    "Supervises the site's front desk and medical assistants: daily assignments, time sheets and training",
    "Resolves the site's patient complaints and schedule problems",
    "Orders the site's supplies and keeps its equipment checks and waived-testing logs",
    "Reconciles the site's daily deposit and co-payments",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.view", "incident.update", "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve",
    "hr.view", "hr.record", "hr.discipline", "hr.recruit",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.read",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply", "credential.read",
    "approval.request", "approval.withdraw", "approval.decide", "staff.away",
    "staff.return", "appointment.book", "appointment.import",
    "appointment.double_book", "appointment.reschedule",
    "appointment.cancel", "appointment.no_show", "appointment.check_in",
    "appointment.read", "schedule.block", "schedule.hours", "provider.out",
    "shift.assign", "recall.add",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "payment.refund", "ledger.adjust",
    "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "physician" {
  title = "Physician (employed)",
  level = "staff",
  reports_to = "practice_administrator",
  duties = {
    "Sees patients at the sites on the published schedule",
    "Orders and interprets tests, writes referrals and signs charts within 48 hours",
    "Shares the after-hours call rotation with the partners",
  },
  may = {
    "incident.report", "incident.notify",
    "timecard.clock", "hr.self",
    "inventory.read", "inventory.use",
    "equipment.read", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.check_in", "appointment.read",
    "appointment.double_book", "schedule.block", "recall.add",
    "charge.enter", "billing.read", "report.run",
  },
}

job "nurse_practitioner" {
  title = "Family nurse practitioner",
  level = "staff",
  reports_to = "practice_administrator",
  duties = {
    "Sees same-day, follow-up and preventive visits",
    "Diagnoses, treats and prescribes within the state's scope of practice",
    "Follows the group's protocols with a physician partner as clinical supervisor",
  },
  may = {
    "incident.report", "incident.notify",
    "timecard.clock", "hr.self",
    "inventory.read", "inventory.use",
    "equipment.read", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.check_in", "appointment.read",
    "appointment.double_book", "schedule.block", "recall.add",
    "charge.enter", "billing.read", "report.run",
  },
}

job "billing_lead" {
  title = "Billing lead",
  level = "lead",
  reports_to = "practice_manager",
  duties = {
    "Leads the central billing team and assigns payers and work queues",
    "Reviews coding and claim edits before claims go out",
    "Works the hardest denials and appeals",
    "Reports accounts receivable and denial trends to the practice manager",
    "Keeps the fee schedules and the payer rules current",
  },
  may = {
    "incident.report",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve",
    "payable.enter", "payable.read", "bank.import", "bank.match",
    "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "approval.decide", "staff.away", "staff.return",
    "appointment.read",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "payment.refund", "ledger.adjust",
    "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "biller" {
  title = "Medical biller",
  level = "staff",
  reports_to = "billing_lead",
  duties = {
    "Enters and codes charges and submits claims within each payer's timely filing limit",
    "Posts payments and adjustments from the remittance advice",
    "Follows up unpaid and denied claims",
    "Answers patients' billing questions and sets up payment plans",
  },
  may = {
    "incident.report",
    "timecard.clock", "hr.self",
    "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.read",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "ledger.adjust", "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}

job "front_desk" {
  title = "Front office medical assistant",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Checks patients in and out and answers the site's telephones",
    "Registers new patients and verifies insurance eligibility before each visit",
    "Schedules appointments for both sites and the providers' templates",
    "Collects co-payments and balances due",
  },
  may = {
    "incident.report",
    "timecard.clock", "hr.self",
    "inventory.read", "inventory.receive", "inventory.use",
    "equipment.read", "facility.report",
    "patient.register", "patient.update", "patient.read", "task.create", "task.read",
    "task.complete", "approval.request", "approval.withdraw",
    "appointment.book", "appointment.reschedule", "appointment.cancel",
    "appointment.no_show", "appointment.check_in", "appointment.read",
    "recall.add",
    "insurance.update", "insurance.verify", "payment.collect",
    "billing.read", "report.run",
  },
}

job "medical_assistant" {
  title = "Clinical medical assistant (CMA or RMA)",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Rooms patients, takes vital signs and records history, medications and allergies",
    "Performs CLIA-waived tests and electrocardiograms and collects specimens for the reference laboratory",
    "Administers immunizations and injections under standing orders",
    "Prepares and restocks the exam rooms",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.notify",
    "timecard.clock", "hr.self",
    "inventory.read", "inventory.receive", "inventory.use", "inventory.count",
    "inventory.temperature",
    "equipment.read", "equipment.service", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.check_in", "appointment.read",
    "recall.add",
  },
}
