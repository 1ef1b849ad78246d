/* action.c: the action catalogue (see action.h). It uses units.h for the
 * "did you mean" suggestion. */
#include "action.h"

#include <string.h>

#include "units.h"

const mo_action mo_actions[] = {
	{"task.create", "Create an office task"},
	{"task.complete", "Mark an office task done"},
	{"task.cancel", "Cancel an office task"},
	{"task.read", "Read the one task list: everything due, from every area"},
	{"practice.apply", "Apply practice.yaml's changes to the database"},
	{"credential.read", "Read the list of licences, certifications, registrations and payer enrollments"},
	{"staff.away", "Mark a staff member out of office, with who stands in"},
	{"staff.return", "Cancel an out-of-office entry"},
	{"timecard.clock", "Clock in and out; read one's own time cards and paid time off"},
	{"timecard.read", "Read the time cards of the staff"},
	{"timecard.correct", "Correct or add a time card (through the approval rules)"},
	{"timecard.approve", "Approve a staff member's time cards of a pay period as their supervisor"},
	{"payroll.read", "Read pay rates, the payroll register and paid time off balances"},
	{"payroll.rate", "Set a staff member's pay rate (through the approval rules)"},
	{"payroll.export", "Export a pay period's payroll for the payroll service"},
	{"hr.self", "Read one's own personnel file; acknowledge one's own reviews and disciplinary notes"},
	{"hr.view", "Read the staff's personnel files (disciplinary notes need hr.discipline)"},
	{"hr.record", "Record role changes, performance reviews and terminations in personnel files"},
	{"hr.hire", "Record a hire (through the approval rules)"},
	{"hr.benefits", "Enroll a staff member in benefits or record a waiver (through the approval rules)"},
	{"hr.discipline", "Write and read disciplinary notes"},
	{"hr.recruit", "Keep candidates, interviews and assessments"},
	{"approval.request", "Ask for an approval (refund, time off, purchase...)"},
	{"approval.decide", "Approve or deny a request routed to one's job"},
	{"approval.withdraw", "Withdraw one's own open request"},
	{"approval.sweep", "Escalate or expire requests left without an answer"},
	{"patient.register", "Register a new patient"},
	{"patient.update", "Change a patient's demographics"},
	{"patient.read", "Look up or search patient records"},
	{"patient.merge", "Merge a duplicate patient record into another"},
	{"schedule.block", "Add or cancel a block in a provider's schedule"},
	{"schedule.hours", "Add or cancel extra hours in a provider's schedule"},
	{"appointment.book", "Book an appointment"},
	{"appointment.import", "Import appointments in bulk, each checked as a booking"},
	{"appointment.double_book", "Book over another appointment where policy allows"},
	{"appointment.reschedule", "Move an appointment to another time"},
	{"appointment.cancel", "Cancel an appointment, with a reason"},
	{"appointment.no_show", "Mark an appointment a no-show"},
	{"appointment.check_in", "Arrive, room, see or check out a patient"},
	{"appointment.read", "Read schedules and appointment lists"},
	{"provider.out", "Mark a provider out and arrange coverage"},
	{"provider.cover", "Cover for a provider who is out (asked of the rules)"},
	{"shift.assign", "Assign a staff shift"},
	{"staffing.check", "A session's staffing, asked of the rules (gaps)"},
	{"recall.add", "Put a patient on the recall list"},
	{"insurance.update", "Add, change or end a patient's insurance policy"},
	{"insurance.verify", "Record an insurance eligibility verification"},
	{"eligibility.check", "Whether a visit's insurance needs verifying (asked of the rules)"},
	{"charge.enter", "Enter a visit's diagnoses and charges"},
	{"charge.void", "Void a charge (reversed in the ledger)"},
	{"payment.collect", "Take a patient payment (co-payment, balance, prepayment)"},
	{"payment.deposit", "Make the bank deposit of the cash and checks taken"},
	{"payment.refund", "Refund a patient payment (through the approval rules)"},
	{"ledger.adjust", "Adjust or write off a balance (through the approval rules)"},
	{"billing.read", "Read balances, ledgers and the A/R aging"},
	{"payable.vendor", "Add or change a vendor (name, terms, default category)"},
	{"payable.enter", "Enter a vendor's bill"},
	{"payable.approve", "Approve a vendor's bill for payment"},
	{"payable.void", "Void a vendor's bill with nothing paid"},
	{"payable.pay", "Pay a vendor's bill (through the approval rules)"},
	{"payable.read", "Read vendors, bills, the bank's statements and register, budgets"},
	{"bank.import", "Import a bank statement (CSV) and match its lines"},
	{"bank.match", "Match bank statement lines to deposits and payments, or undo a match"},
	{"budget.set", "Set a category's monthly budget"},
	{"claim.create", "Make claims of the visits charged (each checked by the claim rules)"},
	{"claim.release", "Whether a claim may go to the payer (asked of the claim rules)"},
	{"claim.submit", "Write a payer's ready claims as an 837P batch"},
	{"statement.run", "Run patient statements: record and print those the statement rules send"},
	{"statement.send", "Whether a patient gets a statement now (asked of the statement rules)"},
	{"statement.hold", "Put a patient's statements on hold, or release the hold"},
	{"era.post", "Import and post a payer's remittance advice (835)"},
	{"workflow.read", "Read workflow runs (CLIA tests...) and their history"},
	{"workflow.step", "Move a workflow run (refusals of events that are no transition are logged under it)"},
	{"clia.order", "Order a CLIA-waived test (start its workflow)"},
	{"clia.collect", "Collect and label a specimen, or reject and recollect it"},
	{"clia.qc", "Pass a test through its quality-control gate"},
	{"clia.perform", "Perform a test and record its result"},
	{"clia.review", "Review a test's result as a provider"},
	{"clia.notify", "Notify the patient of a result"},
	{"clia.close", "Close or cancel a test"},
	{"clia.competency", "Record a person's competency to perform a test"},
	{"clia.purge", "Purge CLIA records past retention (through the approval rules)"},
	{"inventory.read", "Read the supplies: items and stock, lots, movements, the reorder list, orders, the storage log"},
	{"inventory.item", "Add a supply item or change one (unit, location, reorder point, vendor, retired)"},
	{"inventory.receive", "Receive supplies into stock, with lot and expiry, against a purchase order or not"},
	{"inventory.use", "Take supplies out of stock: used, wasted or expired"},
	{"inventory.count", "Record a physical count of a supply item (or of one lot)"},
	{"inventory.po", "Draft, change, submit or cancel a purchase order of supplies"},
	{"inventory.order", "Mark a purchase order ordered (through the approval rules)"},
	{"inventory.temperature", "Record a medication or vaccine storage temperature (the CLIA temperature log)"},
	{"equipment.read", "Read equipment, its schedules and service records, and facility issues"},
	{"equipment.add", "Add a piece of equipment (or a facility to keep) to a room"},
	{"equipment.update", "Take equipment out of service, return it to service or retire it"},
	{"equipment.schedule", "Set or end an asset's maintenance, inspection or calibration schedule"},
	{"equipment.service", "Record a check, calibration, maintenance or repair of an asset"},
	{"equipment.sweep", "Make office tasks of the overdue equipment schedules"},
	{"facility.report", "Report a building problem"},
	{"facility.assign", "Assign a reported building problem to someone"},
	{"facility.resolve", "Resolve a building problem, with what was done"},
	{"compliance.view", "Read the compliance checklists, their results and the biohazardous waste pickups"},
	{"compliance.record", "Record a compliance checklist item's result (OSHA, HIPAA, CLIA, fire safety)"},
	{"waste.record", "Record a biohazardous waste pickup with its manifest"},
	{"incident.report", "Report an incident (a needlestick, a fall, a privacy breach, suspected abuse...)"},
	{"incident.view", "Read incident reports (a read naming a patient is audited as such)"},
	{"incident.update", "Investigate, follow up and close incident reports"},
	{"incident.notify", "Record the report of suspected abuse or neglect to the authorities"},
	{"report.run", "Run a report (its queries read the practice database)"},
	{NULL, NULL},
};

const mo_action *mo_action_find(const char *name)
{
	for (const mo_action *a = mo_actions; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

const char *mo_action_suggest(const char *name)
{
	enum { MAX = 128 };
	const char *names[MAX + 1];
	size_t n = 0;
	for (const mo_action *a = mo_actions; a->name && n < MAX; a++)
		names[n++] = a->name;
	names[n] = NULL;
	return mo_suggest(name, names);
}
