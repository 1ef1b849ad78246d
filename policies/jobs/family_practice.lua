-- family_practice.lua: the job descriptions of a solo family practice.
--
-- One physician owns the practice and sees the patients. An office manager,
-- a seasoned certified medical assistant, runs the office and covers either
-- side of it when someone is out. A front-office medical assistant handles
-- reception, registration, insurance and the schedule; a clinical medical
-- assistant rooms patients and runs the CLIA-waived tests; a part-time
-- biller turns visits into claims. Staff in practice.yaml name one of these
-- jobs; without a supervisor: they report to the first staff member whose
-- job is their job's reports_to.

job "physician_owner" {
  title = "Physician owner (family medicine)",
  level = "physician_owner",
  duties = {
    "Examines, diagnoses and treats patients of all ages",
    "Orders and interprets laboratory tests, imaging and referrals",
    "Reviews and signs charts, prescriptions and test results",
    "Directs the clinical work of the medical assistants and signs standing orders",
    "Serves as laboratory director on the CLIA certificate of waiver",
    "Owns the practice: approves the budget, fee schedules, payer contracts and hiring",
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
    "clia.order", "clia.review", "clia.close", "workflow.read", "workflow.step", "clia.competency",
  },
}

job "office_manager" {
  title = "Office manager (certified medical assistant)",
  level = "office_manager",
  reports_to = "physician_owner",
  duties = {
    "Runs the front and back office day to day, opening and closing the clinic",
    "Hires, trains, schedules and evaluates the medical assistants and the biller",
    "Covers the front desk or the clinical floor as a certified medical assistant when the office is short",
    "Keeps staff credentials, BLS cards and the CLIA waiver paperwork current",
    "Orders medical and office supplies and manages vendor accounts",
    "Reconciles the daily deposit and co-payment log with the biller",
    "Handles patient complaints and oversees HIPAA and OSHA compliance",
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
    "clia.order", "clia.collect", "clia.qc", "clia.perform", "clia.review",
    "clia.notify", "clia.close", "workflow.read", "workflow.step", "clia.competency",
  },
}

job "front_desk" {
  title = "Front office medical assistant",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Greets and checks in patients and answers the telephones",
    "Registers new patients: demographics, insurance cards, photo ID, consent and privacy forms",
    "Verifies insurance eligibility and benefits before each visit",
    "Schedules appointments, recalls and referral visits",
    "Collects co-payments and balances due and posts them to the day sheet",
    "Checks out patients and books their follow-up visits",
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

job "clinical_assistant" {
  title = "Clinical medical assistant",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Rooms patients: vital signs, height, weight and the reason for the visit",
    "Records medical history, medications and allergies in the chart",
    "Performs CLIA-waived tests (rapid strep, influenza A/B, urine hCG, urine dipstick, glucose) and their quality controls",
    "Collects, labels and packages specimens for the reference laboratory",
    "Prepares, cleans and restocks the exam rooms between patients",
    "Assists the physician with examinations and office procedures",
    "Administers immunizations and injections as ordered by the physician",
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
    "clia.collect", "clia.qc", "clia.perform", "clia.notify", "workflow.read",
    "workflow.step",
  },
}

job "biller" {
  title = "Medical biller (part-time)",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Enters charges from the encounter forms with their CPT, HCPCS and ICD-10-CM codes",
    "Submits claims to Medicare, Medicaid and the commercial payers within their timely filing limits",
    "Posts payments and adjustments from the remittance advice",
    "Works denials, appeals and unpaid claims",
    "Sends patient statements and answers patients' billing questions",
  },
  may = {
    "incident.report",
    "timecard.clock", "hr.self",
    "payable.enter", "payable.read", "bank.import", "bank.match",
    "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.read",
    "insurance.update", "insurance.verify", "charge.enter", "charge.void",
    "payment.collect", "payment.deposit", "ledger.adjust", "billing.read", "report.run",
    "claim.create", "claim.submit", "era.post",
    "statement.run", "statement.hold",
  },
}
