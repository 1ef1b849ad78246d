-- pediatrics.lua: the job descriptions of a pediatric group practice.
--
-- A pediatrician owns the practice; two employed pediatricians and a
-- pediatric nurse practitioner (collaborating with the owner) see patients.
-- A registered nurse leads the clinical floor: she triages, and supervises
-- two kinds of medical assistant. Certified assistants (CMA or RMA) give
-- immunizations by injection under standing orders; assistants without a
-- certification room patients and screen but do not give injections. An
-- office manager runs the business side and the front desk. Staff in
-- practice.yaml name one of these jobs.

job "physician_owner" {
  title = "Pediatrician, physician owner",
  level = "physician_owner",
  duties = {
    "Provides well-child, sick and newborn care for patients from birth to 21",
    "Serves as collaborating physician for the nurse practitioner",
    "Signs the standing orders for immunizations and point-of-care tests",
    "Serves as laboratory director on the CLIA certificate of waiver",
    "Owns the practice: approves the budget, fees, payer and vaccine contracts and hiring",
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

job "pediatrician" {
  title = "Pediatrician",
  level = "staff",
  reports_to = "physician_owner",
  duties = {
    "Provides well-child, sick and newborn care for patients from birth to 21",
    "Orders and interprets screening and laboratory tests and writes referrals",
    "Reviews and signs charts, prescriptions and immunization orders",
    "Takes after-hours calls on the practice's rotation",
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
    "clia.order", "clia.review", "clia.close", "workflow.read", "workflow.step",
  },
}

job "nurse_practitioner" {
  title = "Pediatric nurse practitioner (CPNP)",
  level = "staff",
  reports_to = "physician_owner",
  duties = {
    "Sees well-child and same-day sick visits under a collaboration agreement with the physician owner",
    "Diagnoses and treats common childhood illnesses and prescribes within the state's scope of practice",
    "Performs developmental, vision and hearing screenings and counsels families",
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
    "clia.order", "clia.review", "clia.close", "workflow.read", "workflow.step",
  },
}

job "office_manager" {
  title = "Office manager",
  level = "office_manager",
  reports_to = "physician_owner",
  duties = {
    "Runs the business side of the practice: schedules, payroll hours, supplies and vendors",
    "Supervises the front desk and handles patient and family complaints",
    "Manages the Vaccines for Children enrollment, vaccine orders and inventory reports with the nurse",
    "Follows up on claims, denials and payer enrollment with the billing service",
    "Keeps staff credentials and the CLIA waiver current",
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

job "nurse" {
  title = "Registered nurse, clinical lead",
  level = "lead",
  reports_to = "physician_owner",
  duties = {
    "Triages telephone calls and same-day visits using the practice's nurse protocols",
    "Administers immunizations and injections and manages reactions",
    "Supervises the medical assistants and assigns them rooms each day",
    "Checks that each assistant works within what their certification allows",
    "Monitors vaccine refrigerator and freezer temperatures and the vaccine inventory",
    "Runs the quality controls of the waived tests and keeps their logs",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve",
    "inventory.read", "inventory.receive", "inventory.use", "inventory.count",
    "inventory.po", "inventory.temperature",
    "equipment.read", "equipment.service", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.check_in", "appointment.read",
    "recall.add",
    "clia.collect", "clia.qc", "clia.perform", "clia.notify", "workflow.read",
    "workflow.step",
  },
}

job "certified_ma" {
  title = "Certified medical assistant (CMA or RMA)",
  level = "staff",
  reports_to = "nurse",
  duties = {
    "Rooms patients: weight, length or height, head circumference, vital signs and the reason for the visit",
    "Administers immunizations by intramuscular and subcutaneous injection under the physician's standing orders",
    "Gives families the Vaccine Information Statements and records each dose in the state immunization registry",
    "Performs CLIA-waived tests (rapid strep, influenza, RSV, urine dipstick, hemoglobin)",
    "Performs vision and hearing screenings",
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

job "medical_assistant" {
  title = "Medical assistant (not certified)",
  level = "staff",
  reports_to = "nurse",
  duties = {
    "Rooms patients: weight, length or height, head circumference, vital signs and the reason for the visit",
    "Does not administer injections or immunizations: hands the patient to a certified assistant or the nurse",
    "Collects throat swabs and urine specimens and labels them for testing",
    "Performs vision and hearing screenings",
    "Cleans and restocks the exam rooms and toys between patients",
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

job "front_desk" {
  title = "Front desk receptionist",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Greets families and checks patients in and out",
    "Registers new patients and their guardians and verifies insurance eligibility, including Medicaid",
    "Schedules well-child visits on the recommended schedule and fits in same-day sick visits",
    "Collects co-payments and balances due",
    "Answers the telephones and routes clinical calls to the nurse",
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
