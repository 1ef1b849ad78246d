-- dermatology.lua: the job descriptions of a dermatology practice.
--
-- A dermatologist owns the practice; an employed dermatologist and a
-- physician assistant (supervised by the owner) see patients and do office
-- procedures: biopsies, shave removals, excisions, destructions. The
-- practice has no laboratory: specimens go to an outside dermatopathology
-- laboratory, so the clinical staff track specimens and results instead of
-- running tests. A clinical lead medical assistant runs the procedure rooms
-- and the sterilization of instruments; an office manager runs the business
-- side. Staff in practice.yaml name one of these jobs.

job "physician_owner" {
  title = "Dermatologist, physician owner",
  level = "physician_owner",
  duties = {
    "Diagnoses and treats diseases of the skin, hair and nails",
    "Performs biopsies, excisions, destructions and repairs in the procedure rooms",
    "Reviews the dermatopathology reports and decides the treatment of each malignancy",
    "Supervises the physician assistant under the practice's supervision agreement",
    "Owns the practice: approves the budget, fees, payer contracts and hiring",
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

job "dermatologist" {
  title = "Dermatologist",
  level = "staff",
  reports_to = "physician_owner",
  duties = {
    "Diagnoses and treats diseases of the skin, hair and nails",
    "Performs biopsies, excisions, destructions and repairs in the procedure rooms",
    "Reviews the dermatopathology reports of their patients and signs the charts",
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

job "physician_assistant" {
  title = "Physician assistant (PA-C), dermatology",
  level = "staff",
  reports_to = "physician_owner",
  duties = {
    "Sees full-body skin checks, rashes, acne and follow-up visits",
    "Performs shave and punch biopsies and cryotherapy",
    "Refers suspected melanoma and complex excisions to a dermatologist",
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

job "office_manager" {
  title = "Office manager",
  level = "office_manager",
  reports_to = "physician_owner",
  duties = {
    "Runs the office day to day: staffing, schedules, supplies and vendors",
    "Supervises the front office, the clinical lead and the biller",
    "Manages the contracts with the dermatopathology laboratory and the payers",
    "Keeps staff credentials, OSHA training and the sterilizer maintenance records current",
    "Handles patient complaints and HIPAA compliance",
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

job "front_desk" {
  title = "Front office receptionist",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Checks patients in and out and answers the telephones",
    "Registers new patients and verifies insurance eligibility and referral requirements",
    "Schedules visits and books procedure-room time for biopsies and excisions",
    "Collects co-payments, deductibles and cosmetic fees at the visit",
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

job "patient_coordinator" {
  title = "Surgery and prior-authorization coordinator",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Schedules excisions and outside Mohs surgery referrals",
    "Obtains prior authorizations for procedures and biologic and specialty medications",
    "Gives patients their pre-procedure and wound-care instructions",
  },
  may = {
    "incident.report",
    "timecard.clock", "hr.self",
    "equipment.read", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.book", "appointment.reschedule",
    "appointment.cancel", "appointment.no_show", "appointment.check_in",
    "appointment.read", "recall.add",
    "insurance.update", "insurance.verify", "payment.collect",
    "billing.read", "report.run",
  },
}

job "clinical_lead" {
  title = "Clinical lead medical assistant (CMA)",
  level = "lead",
  reports_to = "office_manager",
  duties = {
    "Leads the medical assistants and assigns rooms and providers each day",
    "Sets up the procedure rooms and checks the hyfrecator, the cryo unit and the surgical lights",
    "Runs the instrument sterilization: cleaning, autoclave cycles and weekly spore tests",
    "Audits the pathology specimen log until every result has reached its patient",
    "Rooms patients and assists with procedures when the clinic is short",
  },
  may = {
    "compliance.view", "compliance.record", "waste.record", "incident.report",
    "incident.notify",
    "timecard.clock", "hr.self", "timecard.read", "timecard.approve",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "equipment.read", "equipment.service", "facility.report",
    "patient.read", "task.create", "task.read", "task.complete", "approval.request",
    "approval.withdraw", "appointment.check_in", "appointment.read",
    "recall.add",
  },
}

job "medical_assistant" {
  title = "Dermatology medical assistant",
  level = "staff",
  reports_to = "clinical_lead",
  duties = {
    "Rooms patients and records the reason for the visit, medications, allergies and skin cancer history",
    "Sets up procedure trays and assists with biopsies, excisions and cryotherapy",
    "Labels, requisitions and logs the pathology specimens sent to the outside laboratory",
    "Calls patients with benign results as directed and schedules follow-up of malignant ones",
    "Takes clinical photographs of lesions for the chart",
    "Cleans the rooms and instruments between patients",
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

job "biller" {
  title = "Medical biller and coder (part-time)",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Codes procedures from the notes and the pathology reports: lesion size, site, benign or malignant",
    "Submits claims within each payer's timely filing limit and works denials",
    "Posts payments and adjustments and sends patient statements",
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
