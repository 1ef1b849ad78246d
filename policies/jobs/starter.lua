-- starter.lua: the job descriptions of the starter clinic: a physician
-- owner, an office manager who runs the office, and a front-desk medical
-- assistant. Staff in practice.yaml name one of these jobs.

job "physician_owner" {
  title = "Physician owner",
  level = "physician_owner",
  duties = {
    "Sees patients and directs their care",
    "Owns the practice and is ultimately in charge of it",
  },
  may = {
    "timecard.clock", "timecard.read", "timecard.approve", "payroll.read", "payroll.export",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.void",
    "payable.pay", "payable.read", "bank.import", "bank.match", "budget.set",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply",
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
  title = "Office manager",
  level = "office_manager",
  reports_to = "physician_owner",
  duties = {
    "Runs the front and back office day to day",
    "Supervises the medical assistants",
    "Keeps the office task list moving",
  },
  may = {
    "timecard.clock", "timecard.read", "timecard.approve", "payroll.read", "payroll.export",
    "inventory.read", "inventory.item", "inventory.receive", "inventory.use",
    "inventory.count", "inventory.po", "inventory.temperature",
    "payable.vendor", "payable.enter", "payable.approve", "payable.void",
    "payable.pay", "payable.read", "bank.import", "bank.match", "budget.set",
    "equipment.read", "equipment.add", "equipment.update", "equipment.schedule",
    "equipment.service", "equipment.sweep", "facility.report", "facility.assign",
    "facility.resolve",
    "patient.register", "patient.update", "patient.read", "patient.merge",
    "task.create", "task.read", "task.complete", "task.cancel", "practice.apply",
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
  title = "Front office medical assistant",
  level = "staff",
  reports_to = "office_manager",
  duties = {
    "Registers new patients and verifies insurance coverage",
    "Books appointments and collects co-payments",
  },
  may = {
    "timecard.clock",
    "inventory.read", "inventory.receive", "inventory.use", "inventory.count",
    "inventory.temperature",
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
