/* main.c: the medoffice command-line entry point. It provides the command
 * table, `--help`, `help COMMAND` and `--version`, and dispatches to the
 * mo_cmd_* functions of cli.h. It uses cli.h. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *usage;
	const char *summary;
	const char *help;
} command;

static const command COMMANDS[] = {
	{"init", mo_cmd_init,
	 "init DIR [--template NAME] [--name TEXT] [--npi N] [--timezone ZONE]",
	 "create a practice folder from a template",
	 "Creates DIR (which must not exist or be empty) with practice.yaml,\n"
	 "the template's policies and their specs, and a new practice.db\n"
	 "holding the practice's structure. --name, --npi and --timezone\n"
	 "replace the template's practice name, NPI and time zone (checked\n"
	 "like the rest of practice.yaml). The default template is \"starter\";\n"
	 "see `medoffice templates`. Nothing is left behind on failure.\n"
	 "Example: medoffice init clinic --template family-practice --name "
	 "\"Lakeside Family Medicine\"\n"},
	{"apply", mo_cmd_apply, "apply [DIR] [--as STAFF]",
	 "apply practice.yaml's changes to the database",
	 "Shows the plan (what `check` shows) and applies it in one\n"
	 "transaction, with an audit entry for each entity added, changed,\n"
	 "reactivated or deactivated. Removed entities become inactive; "
	 "nothing\nis deleted. Other commands refuse to run while "
	 "practice.yaml has\nunapplied changes unless given --apply.\n"
	 "Example: medoffice apply clinic --as maria\n"},
	{"org", mo_cmd_org, "org [DIR] [--format text|html] [-o FILE]",
	 "print the organization chart",
	 "Prints who reports to whom: each staff member's supervisor is the\n"
	 "`supervisor:` of practice.yaml, or else the first staff member whose\n"
	 "job is their job's `reports_to`. --format html writes one page\n"
	 "with the chart (to FILE with -o).\n"
	 "Example: medoffice org clinic --format html -o org.html\n"},
	{"jobs", mo_cmd_jobs, "jobs [DIR] [--format text|md|html] [-o FILE]",
	 "print the job descriptions",
	 "Prints each job the policies declare: title, level, who it reports\n"
	 "to, duties, the actions it permits (enforced by the core), the\n"
	 "credentials and amount limits of those actions, and who holds it.\n"
	 "--format md or html writes a document a practice can hand to a new\n"
	 "hire (to FILE with -o).\n"
	 "Example: medoffice jobs clinic --format html -o jobs.html\n"},
	{"actions", mo_cmd_actions, "actions",
	 "list the actions the core checks",
	 "Lists the catalogue of actions (domain.verb) with a description.\n"
	 "Jobs permit these (`may`), rules decide about them.\n"},
	{"explain", mo_cmd_explain, "explain [DIR] [ID]",
	 "why a decision came out as it did",
	 "Shows a decision of the decision log (the latest without ID): who\n"
	 "and with which job, the action and its inputs, the verdict and\n"
	 "reason, the rule or job that decided with its source line, and\n"
	 "whether the policies loaded now are the ones that decided. Every\n"
	 "operation's decision is logged, denials included.\n"
	 "Example: medoffice explain clinic 42\n"},
	{"request", mo_cmd_request,
	 "request [DIR] KIND SUMMARY --as STAFF [--amount X] [--fact K=V]...",
	 "ask for an approval (refund, time off, purchase...)",
	 "Files a request of KIND (an `approval` the policies declare) with a\n"
	 "one-line SUMMARY, an optional amount and facts for the rules\n"
	 "(K=V; integers and true/false are typed, the rest is text). The\n"
	 "policies route it: who approves, in which steps, when it escalates\n"
	 "and expires. Without approval needed it is approved at once and its\n"
	 "guarded action (if any) runs. Prints the route and `explain` line.\n"
	 "Example: medoffice request clinic pto \"Holidays\" --as joe "
	 "--fact first_day=2026-12-24 --fact last_day=2026-12-26\n"},
	{"inbox", mo_cmd_inbox, "inbox [DIR] --as STAFF",
	 "list the requests awaiting a staff member",
	 "Lists the open requests STAFF may approve or deny now: those whose\n"
	 "current step (or escalation) names STAFF's job, and those of an\n"
	 "away approver STAFF stands in for. Separation of duties applies:\n"
	 "nobody sees their own requests or those of someone they report to.\n"
	 "Example: medoffice inbox clinic --as maria\n"},
	{"approve", mo_cmd_approve, "approve [DIR] ID --as STAFF [--reason TEXT]",
	 "approve a request",
	 "Approves the current step of request ID. When it was the last\n"
	 "step the request is approved and its guarded action runs in the\n"
	 "same transaction. Refusals (own request, reports to the requester,\n"
	 "not an approver now, already decided) are logged decisions.\n"
	 "Example: medoffice approve clinic 12 --as maria --reason \"ok\"\n"},
	{"deny", mo_cmd_deny, "deny [DIR] ID --as STAFF --reason TEXT",
	 "deny a request, saying why",
	 "Denies request ID; the reason is required and kept in its history.\n"
	 "Example: medoffice deny clinic 12 --as maria --reason \"short-"
	 "staffed that week\"\n"},
	{"withdraw", mo_cmd_withdraw, "withdraw [DIR] ID --as STAFF [--reason TEXT]",
	 "withdraw one's own open request",
	 "Only the requester may withdraw an open request.\n"},
	{"requests", mo_cmd_requests,
	 "requests [DIR] [ID] [--status open|approved|denied|escalated|expired|"
	 "withdrawn|all]",
	 "list requests, or show one with its history",
	 "Lists requests (open ones by default) with what each awaits, or\n"
	 "shows request ID: its route and the rule that chose it, its facts,\n"
	 "what its guarded action made, and its history.\n"
	 "Example: medoffice requests clinic 12\n"},
	{"away", mo_cmd_away,
	 "away [DIR] [--staff ID --from DATE [--to DATE] [--delegate ID] "
	 "[--reason TEXT] --as STAFF]",
	 "mark staff out of office, or list who is away",
	 "With --staff, records that staff member as away from --from to\n"
	 "--to (whole days); while away, --delegate (or else their supervisor)\n"
	 "approves requests for them. Without, lists the absences of the\n"
	 "coming year.\n"
	 "Example: medoffice away clinic --staff maria --from 2026-12-21 "
	 "--to 2026-12-31 --delegate dr_hart --as dr_hart\n"},
	{"patient", mo_cmd_patient,
	 "patient register|find|show|update|merge [DIR] ... --as STAFF",
	 "register, find, show, update and merge patients",
	 "  patient register [DIR] --family X --given Y --birth-date D --sex S\n"
	 "      [--middle M] [--home N] [--mobile N] [--work N] [--email E]\n"
	 "      [--language L] [--line1 ..] [--line2 ..] [--city ..] [--state ST]\n"
	 "      [--zip Z] [--guarantor ID] [--emergency-name ..]\n"
	 "      [--emergency-phone N] [--emergency-relation ..] [--allow-duplicate]\n"
	 "  patient find [DIR] [--name X] [--birth-date D] [--phone N] [--limit N]\n"
	 "  patient show [DIR] ID\n"
	 "  patient update [DIR] ID [the options of register]\n"
	 "  patient merge [DIR] FROM INTO\n"
	 "Registration refuses a possible duplicate (an active patient with the\n"
	 "same birth date and name, or birth date and mobile phone) unless\n"
	 "--allow-duplicate. --name matches the start of any word of the name,\n"
	 "ignoring case and accents (\"smith jo\" finds John Smith). Phones are\n"
	 "10 digits (punctuation and a leading +1 are dropped); update removes a\n"
	 "field given as \"\" (--guarantor none). merge marks FROM merged into\n"
	 "INTO and moves its appointments, recalls and guarantor references;\n"
	 "FROM is kept. Every read is audited with the staff member (--as).\n"
	 "Example: medoffice patient find clinic --name \"garcia ma\" --as joe\n"},
	{"schedule", mo_cmd_schedule,
	 "schedule book|move|cancel|mark|day|find|out|reminders|reschedule|recall "
	 "[DIR] "
	 "... --as STAFF",
	 "the appointment book",
	 "Times are local to the practice's time zone (\"2026-12-01 09:30\").\n"
	 "  schedule book [DIR] --patient ID --provider P --visit-type V --at T\n"
	 "      [--location L] [--room R] [--double-book] [--note TEXT]\n"
	 "  schedule move [DIR] ID --at T [--provider P]\n"
	 "  schedule cancel [DIR] ID --reason TEXT\n"
	 "  schedule mark [DIR] ID arrived|roomed|seen|checked_out|no_show\n"
	 "  schedule day [DIR] --provider P | --location L [--date D] [--all]\n"
	 "  schedule find [DIR] --visit-type V [--provider P] [--location L]\n"
	 "      [--from D] [--to D] [--part morning|afternoon] [--patient ID]\n"
	 "      [--first] [--limit N]\n"
	 "  schedule out [DIR] --provider P --from T --to T --reason TEXT\n"
	 "      [--covering Q | --flag-only]   (the policies propose Q when\n"
	 "      not given; appointments move to Q or are flagged for a call)\n"
	 "  schedule reminders [DIR] [--date D]   (default: tomorrow)\n"
	 "  schedule reschedule [DIR]             (flagged for a call)\n"
	 "  schedule recall [DIR] [--date D]      (patients due by D, today)\n"
	 "A booking is refused, with the reason, outside the provider's hours,\n"
	 "on a holiday, inside a block, in the past, over another appointment\n"
	 "(unless --double-book and the policies allow it) or without a free\n"
	 "room; then the policies' rules for appointment.book decide.\n"
	 "Example: medoffice schedule find clinic --visit-type follow_up "
	 "--first --as joe\n"},
	{"shifts", mo_cmd_shifts,
	 "shifts add|list|gaps [DIR] ...",
	 "staff shifts and staffing gaps",
	 "  shifts add [DIR] --staff S --location L --date D --start HH:MM\n"
	 "      --end HH:MM --as STAFF\n"
	 "  shifts list [DIR] --date D [--location L]\n"
	 "  shifts gaps [DIR] --from D --to D [--location L]\n"
	 "Sessions are the times a location is open for patients (the\n"
	 "providers' hours there, merged; holidays and providers out left\n"
	 "out). The policies' rules for staffing.check decide for each\n"
	 "session whether it is staffed (facts: providers, staff_JOB counts of\n"
	 "the staff on shift for the whole session); each denial is a gap.\n"
	 "Example: medoffice shifts gaps clinic --from 2026-12-01 --to "
	 "2026-12-07\n"},
	{"clock", mo_cmd_clock, "clock in|out|status [DIR] --as STAFF",
	 "clock in or out (time cards)",
	 "in: STAFF clocks in now, opening a time card; refused for someone\n"
	 "  not on practice.yaml's staff (or removed: inactive), for someone\n"
	 "  clocked in already, and inside another of their cards.\n"
	 "out: STAFF clocks out now, closing the card and printing its hours\n"
	 "  (punches rounded by settings.payroll.rounding); a card open more\n"
	 "  than 24 hours is closed by a correction instead.\n"
	 "status: whether STAFF is clocked in, and since when.\n"
	 "Action timecard.clock.\n"
	 "Example: medoffice clock in clinic --as joe\n"},
	{"timecards", mo_cmd_timecards,
	 "timecards list|show|correct|approve [DIR] ... --as STAFF",
	 "time cards: list, history, corrections, a supervisor's approval",
	 "list [DIR] [--staff S | --all] [--from D] [--to D] [--open]\n"
	 "  [--period D]: STAFF's cards (S's, or everyone's with --all)\n"
	 "  touching those days (default: the pay period of today, or of\n"
	 "  --period D), with their hours; one's own cards need\n"
	 "  timecard.clock, anyone's timecard.read.\n"
	 "show [DIR] ID: card ID with every version of it (clock-in,\n"
	 "  clock-out, corrections with who, when, why and the request).\n"
	 "correct [DIR] [ID] [--in \"YYYY-MM-DD HH:MM\"] [--out ...] --reason\n"
	 "  TEXT [--staff S]: asks for a correction of card ID (its new times),\n"
	 "  or without ID for a missing card of S (default STAFF) with both\n"
	 "  times: files a time_correction request; once approved (`medoffice\n"
	 "  approve`) the card gets a new version (or is added). Refused: out\n"
	 "  before in, longer than 24 hours, in the future, overlapping another\n"
	 "  card.\n"
	 "approve [DIR] --staff S [--period D]: approves S's cards of the pay\n"
	 "  period of D (default: the last period that ended), from its last\n"
	 "  day on, as someone S reports to; refused with a card still open.\n"
	 "  A card corrected or added later needs a new approval.\n"
	 "Example: medoffice timecards correct clinic 12 --out \"2026-11-20 "
	 "17:00\" --reason \"forgot to clock out\" --as joe\n"},
	{"payroll", mo_cmd_payroll,
	 "payroll rates|rate|register|export|pto|time-off [DIR] ... --as STAFF",
	 "pay rates, the payroll register and export, paid time off",
	 "rates [DIR] [--staff S]: the pay rates on file, the current marked.\n"
	 "rate [DIR] --staff S --hourly X|--salary X --from DATE --reason TEXT:\n"
	 "  asks for a pay change (a pay_change request; once approved the rate\n"
	 "  takes effect on DATE). Salaries are per year.\n"
	 "register [DIR] [--period D] [--format text|csv|json|html|xlsx]\n"
	 "  [-o FILE]: each staff member's regular, overtime, double-time and\n"
	 "  paid time off hours and gross pay for the pay period of D (default:\n"
	 "  the last that ended), with whether their cards are approved.\n"
	 "export [DIR] [--period D] [-o FILE]: the register as CSV for the\n"
	 "  payroll service (columns in README), recorded with its SHA-256;\n"
	 "  refused before the period ends, with open or unapproved cards or\n"
	 "  time without a pay rate.\n"
	 "pto [DIR] [--staff S] [--date D]: paid time off balances (one's own\n"
	 "  with timecard.clock, anyone's with payroll.read).\n"
	 "time-off [DIR] --from D [--to D] --reason TEXT: asks for paid time\n"
	 "  off (a pto request) after checking STAFF's balance.\n"
	 "Overtime follows the policies' overtime rule (settings.payroll\n"
	 "  .overtime, or the only one declared). Actions payroll.read,\n"
	 "  payroll.rate (through approval) and payroll.export.\n"
	 "Example: medoffice payroll register clinic --period 2026-11-20 "
	 "--as maria\n"},
	{"hr", mo_cmd_hr,
	 "hr file|hire|role|terminate|benefits|review|discipline|ack|void|"
	 "candidate|status|candidates|interview|assess [DIR] ... --as STAFF",
	 "staff records: personnel files, hires, reviews, recruiting",
	 "file [DIR] STAFF: STAFF's personnel file (one's own with hr.self,\n"
	 "  anyone's with hr.view; disciplinary notes need hr.discipline).\n"
	 "hire --staff ID [--name N] --job J --start DATE [--employment\n"
	 "  full_time|part_time|per_diem|contractor] [--candidate N]\n"
	 "  [--hourly X|--salary X] [--note T]: files a hire request (recorded\n"
	 "  once approved; a rate files a pay_change request).\n"
	 "role --staff S --job J --effective DATE --reason T [--hourly X|\n"
	 "  --salary X]: a role change (a new rate files a pay_change request).\n"
	 "terminate --staff S --effective DATE --reason resignation|dismissal|\n"
	 "  retirement|end_of_contract|other [--misconduct] [--rehire]\n"
	 "  [--note T]: from DATE on, S may do nothing.\n"
	 "benefits --staff S --plan P --effective DATE (--coverage employee|\n"
	 "  employee_spouse|employee_children|family --employee-cost X\n"
	 "  --employer-cost X | --waive): files a benefits request.\n"
	 "review --staff S [--reviewer R] [--date D] --from D [--to D]\n"
	 "  --rating 1..5 --summary T [--goals T]: a performance review.\n"
	 "discipline --staff S [--date D] --level verbal|written|final|\n"
	 "  suspension --description T: a disciplinary note.\n"
	 "ack [DIR] ID [--comment T]: acknowledge one's own review or note.\n"
	 "void [DIR] ID --reason T: withdraw a record (a correction).\n"
	 "  Any record command takes --corrects ID to correct a record.\n"
	 "candidate --name N --position JOB [--applied D] [--source S];\n"
	 "  status [DIR] ID --status interviewing|offered|declined|rejected;\n"
	 "  candidates [--status open|...]; interview --candidate N --at\n"
	 "  \"YYYY-MM-DD HH:MM\" --interviewer S... [--notes T]; assess\n"
	 "  --candidate N [--assessor S] --score CRITERION=1..5...\n"
	 "  --recommend hire|hold|reject [--comment T].\n"
	 "Actions hr.self, hr.view, hr.record, hr.hire and hr.benefits (through\n"
	 "  approval), hr.discipline, hr.recruit.\n"
	 "Example: medoffice hr file clinic joe --as maria\n"},
	{"calendar", mo_cmd_calendar,
	 "calendar export|import [DIR] ... --as STAFF",
	 "a schedule as an iCalendar file, and meetings into blocks",
	 "  calendar export [DIR] --provider ID | --location ID [--from DATE]\n"
	 "      [--to DATE] [-o FILE]      (default: today and 30 days on)\n"
	 "  calendar import [DIR] FILE --provider ID\n"
	 "Export writes the appointments (not cancelled) and the blocks of the\n"
	 "days as RFC 5545 events in UTC, with stable UIDs, to stdout or FILE;\n"
	 "an appointment shows its visit type and the patient's initials only.\n"
	 "Reading the appointments is an audited read (appointment.read).\n"
	 "Import turns each event of FILE (the doctor's meetings, talks,\n"
	 "vacations) into blocks of the provider's schedule, in one\n"
	 "transaction: a malformed file is refused with its line and nothing\n"
	 "is written; importing the same file again changes nothing. Prints\n"
	 "\"N added, N updated, N unchanged\". Action schedule.block.\n"
	 "Example: medoffice calendar import clinic meetings.ics --provider "
	 "drlee --as maria\n"},
	{"seed", mo_cmd_seed,
	 "seed [DIR] [--providers N] [--patients N] [--days N] [--ahead N] "
	 "[--seed S] [--as STAFF]",
	 "fill a practice with synthetic activity",
	 "Registers N patients (default 200; obviously fictitious names), then\n"
	 "goes through --days of history (default 30) and --ahead days to come\n"
	 "(default 14): each provider's free time booked (new patients first),\n"
	 "each past day's outcome recorded (checked out, no-shows,\n"
	 "cancellations), staff shifts, and recalls. Everything goes through\n"
	 "the same checks, rules and audit as a user's work, as STAFF (default\n"
	 "system). The same --seed gives the same data. Progress shows on a\n"
	 "terminal. --providers N books for the first N providers of\n"
	 "practice.yaml only (default all; more than it has is an error).\n"
	 "Example: medoffice seed clinic --patients 2000 --days 90\n"},
	{"insurance", mo_cmd_insurance,
	 "insurance add|end|list|verify|verifications|due|270 [DIR] ... --as STAFF",
	 "patients' insurance and eligibility checks",
	 "  insurance add [DIR] --patient ID --payer P --member-id M --from D\n"
	 "      [--rank 1|2|3] [--relation self|spouse|child|other] [--group-id G]\n"
	 "      [--to D] [--subscriber-family X --subscriber-given Y]\n"
	 "      [--subscriber-sex S] [--subscriber-birth-date D]\n"
	 "      [--subscriber-line1 ..] [--subscriber-city ..]\n"
	 "      [--subscriber-state ST] [--subscriber-zip Z]\n"
	 "  insurance end [DIR] ID --to D\n"
	 "  insurance list [DIR] --patient ID [--date D]\n"
	 "  insurance verify [DIR] ID --method phone|portal|card|x12|other\n"
	 "      --active yes|no [--copay 25.00] [--deductible 1500.00]\n"
	 "      [--deductible-met 200.00] [--coinsurance 20] [--note TEXT]\n"
	 "  insurance verifications [DIR] ID\n"
	 "  insurance due [DIR] [--date D]   (default: tomorrow)\n"
	 "  insurance 270 [DIR] [--date D] [--rank 1|2|3] [--usage T|P]\n"
	 "      [-o FILE]   (default: tomorrow, rank 1, T; stdout)\n"
	 "A patient has at most one policy of each rank (1 primary, 2\n"
	 "secondary, 3 tertiary) in force on a day; the subscriber is the\n"
	 "patient (relation self, the default) or the named person. end\n"
	 "sets the last day a policy is in force. verify records what the\n"
	 "payer said; list shows each policy with its latest check. due lists\n"
	 "the day's booked visits whose primary insurance the rules for\n"
	 "eligibility.check ask to verify (never verified, too old, said not\n"
	 "active; policies/billing/eligibility.lua), and the patients with no\n"
	 "insurance on file. 270 writes the X12 eligibility requests for the\n"
	 "day's booked visits whose patients have a policy of that rank in\n"
	 "force, grouped by payer, and records the batch; -o never overwrites\n"
	 "a file; the patients it cannot ask about are listed on stderr with\n"
	 "the reason. Actions insurance.update, insurance.verify (270 too);\n"
	 "reads are audited (patient.read).\n"
	 "Example: medoffice insurance verify clinic 3 --method portal "
	 "--active yes --copay 25.00 --as joe\n"},
	{"payment", mo_cmd_payment,
	 "payment collect|receipt|deposit|slip|list [DIR] ... --as STAFF",
	 "patient payments with receipts, bank deposits with slips",
	 "collect [DIR] --patient ID --amount 25.00 --method cash|check|card\n"
	 "  [--reference TEXT] [--kind copay|payment|prepayment]\n"
	 "  [--appointment ID]: takes a payment on today's date, posts it to\n"
	 "  the ledger (cash or card against the patient's balance) and prints\n"
	 "  its receipt. A check needs --reference with its number; for a card\n"
	 "  give its last 4 digits, the authorization code or both\n"
	 "  (\"4242 A1B2C3\"), never the card number. --kind defaults to\n"
	 "  payment; a copay needs --appointment.\n"
	 "receipt [DIR] ID: prints the receipt of payment ID again (practice,\n"
	 "  date and time, patient, amount, method, who took it, balance).\n"
	 "deposit [DIR] [--date D]: one bank deposit of the cash and checks\n"
	 "  taken on or before D (default today) and not deposited yet; cards\n"
	 "  are settled by the card processor. Prints the deposit slip.\n"
	 "slip [DIR] ID: prints deposit slip ID again.\n"
	 "list [DIR] [--patient ID] [--from D] [--to D] [--undeposited]:\n"
	 "  payments with where their money went, and their total.\n"
	 "Refunds are requests of the refund approval naming the payment:\n"
	 "  medoffice request [DIR] refund SUMMARY --amount X --fact payment=ID\n"
	 "  --as STAFF; once approved (`medoffice approve`) the refund is made.\n"
	 "Actions payment.collect, payment.deposit, payment.refund and\n"
	 "billing.read (receipts, slips and lists are audited reads).\n"
	 "Example: medoffice payment collect clinic --patient 12 --amount "
	 "25.00 --method check --reference 1042 --as joe\n"},
	{"payables", mo_cmd_payables,
	 "payables vendors|vendor-add|vendor-update|enter|bills|bill|approve|"
	 "void|pay|payments|categories [DIR] ... --as STAFF",
	 "vendors, their bills, and bill payments through the approval rules",
	 "vendors [--all]: the active vendors (--all: the inactive too), with\n"
	 "  what is owed on their bills.\n"
	 "vendor-add --name TEXT --category C [--terms DAYS] [--account TEXT]\n"
	 "  [--phone PHONE]: a vendor; --terms (default 30) makes a bill's\n"
	 "  due day; --category is its bills' default (payables categories).\n"
	 "vendor-update ID [--name ...] [--category ...] [--terms ...]\n"
	 "  [--account ...] [--phone ...] [--active|--inactive]: \"\" clears\n"
	 "  account or phone; an inactive vendor takes no new bills.\n"
	 "enter --vendor ID|NAME --number TEXT --issued D --amount X\n"
	 "  [--due D] [--category C] [--memo TEXT]: a vendor's bill (its\n"
	 "  invoice number once per vendor), due --due or --issued plus the\n"
	 "  vendor's terms.\n"
	 "bills [--vendor V] [--status S|unpaid] [--category C]\n"
	 "  [--due-through D]: bills, soonest due first, with what is left.\n"
	 "bill ID: one bill and its payments. approve ID: an open bill\n"
	 "  checked and approved for payment. void ID --reason TEXT: a bill\n"
	 "  with nothing paid.\n"
	 "pay ID --amount X --method check|ach|card [--reference R]\n"
	 "  [--date D]: asks approval (bill_payment, tiers by amount) to pay\n"
	 "  X of bill ID (never more than is left of it; a check needs its\n"
	 "  number); once approved (`medoffice approve`) the payment is\n"
	 "  recorded, dated D (default the day it is recorded). Prints who\n"
	 "  approves it.\n"
	 "payments [--vendor V] [--bill ID] [--from D] [--to D]: the bill\n"
	 "  payments with the bank statement line each is matched to.\n"
	 "categories: the chart of categories (no DIR, no --as).\n"
	 "Actions payable.vendor, payable.enter, payable.approve,\n"
	 "payable.void, payable.pay, payable.read (every list is an audited\n"
	 "read).\n"
	 "Example: medoffice payables enter clinic --vendor \"Acme Medical "
	 "Supply\" --number INV-1042 --issued 2026-11-02 --amount 412.50 --as "
	 "maria\n"},
	{"bank", mo_cmd_bank,
	 "bank import|statements|lines|unmatched|match|unmatch|reconcile|"
	 "register [DIR] ... --as STAFF",
	 "bank statements imported and reconciled, the deposit register",
	 "import FILE --map SPEC: a bank statement exported as CSV, read\n"
	 "  through SPEC: date=COL,amount=COL (or debit=COL,credit=COL)\n"
	 "  [,description=COL][,reference=COL][,format=YYYY-MM-DD|MM/DD/YYYY]\n"
	 "  [,header=yes|no][,skip=N]; COL is a header's name or a column's\n"
	 "  number from 1. The file is checked whole (an error names the line\n"
	 "  and the column) and refused if imported before; each line is then\n"
	 "  matched: money in to a deposit (or a remittance) of the amount\n"
	 "  within 3 days, money out to a bill payment of the amount with the\n"
	 "  same check number or within 5 days.\n"
	 "statements: the statements imported. lines [--import N] [--from D]\n"
	 "  [--to D]: their lines and what each is matched to.\n"
	 "unmatched [--through D]: the lines nothing matches, and what was\n"
	 "  recorded that no statement shows yet (deposits in transit,\n"
	 "  outstanding checks, remittances).\n"
	 "match LINE --deposit N|--payment N|--era N|--note TEXT: by hand (a\n"
	 "  note explains a line with no record: a bank fee, a card\n"
	 "  settlement). unmatch LINE: undoes a match (never redone by\n"
	 "  itself). reconcile: matches the unmatched lines again.\n"
	 "register [--from D] [--to D]: the front desk's deposits with the\n"
	 "  day the bank posted each.\n"
	 "Actions bank.import, bank.match, payable.read.\n"
	 "Example: medoffice bank import clinic nov.csv --map 'date=Posting "
	 "Date,amount=Amount,description=Description,reference=Check or Slip "
	 "#,format=MM/DD/YYYY' --as maria\n"},
	{"budget", mo_cmd_budget,
	 "budget set|report [DIR] ... --as STAFF",
	 "monthly budgets per category, against the actual",
	 "set --category C --month M[..M] --amount X: the budget of category\n"
	 "  C (an expense, or collections) for month M (2026-11) or each\n"
	 "  month of a run (2026-01..2026-12), replacing what was set.\n"
	 "report [--month M]: for month M (default this month) and the year\n"
	 "  to date, each category's budget, actual and variance (above 0:\n"
	 "  favourable), total expenses and the net. Actuals: bill payments\n"
	 "  by their bill's category; collections are the ledger's payments\n"
	 "  less refunds (cash, card, bank); payroll, the gross pay exported\n"
	 "  for the pay periods ending in the month plus the bills filed\n"
	 "  under it.\n"
	 "Actions budget.set, payable.read.\n"
	 "Example: medoffice budget set clinic --category rent --month "
	 "2026-01..2026-12 --amount 4500.00 --as drlee\n"},
	{"charge", mo_cmd_charge,
	 "charge enter|add|void|list [DIR] ... --as STAFF",
	 "a visit's diagnoses and charges",
	 "enter --appointment ID --dx CODE [--dx CODE]... --line LINE...:\n"
	 "  the encounter of a visit that happened (seen or checked out):\n"
	 "  its ICD-10-CM diagnoses in order and its lines, priced from the\n"
	 "  primary payer's fee schedule on the date of service and posted\n"
	 "  to the ledger. A LINE is CODE[:MOD[:MOD]][xUNITS][@P[,P]]:\n"
	 "  99213:25@1,2 is 99213 with modifier 25 for diagnoses 1 and 2;\n"
	 "  87880:QWx2@2 two units of 87880-QW for diagnosis 2.\n"
	 "add [DIR] ENCOUNTER --line LINE: one more line.\n"
	 "void [DIR] CHARGE --reason TEXT: reverses a line in the ledger.\n"
	 "list [DIR] [--patient ID] [--encounter ID] [--from D] [--to D]\n"
	 "  [--voided]: lines with what is still owed on each (audited).\n"
	 "Actions charge.enter, charge.void, billing.read.\n"
	 "Example: medoffice charge enter clinic --appointment 12 --dx J02.9 "
	 "--line 99213 --line 87880:QW --as drlee\n"},
	{"claims", mo_cmd_claims,
	 "claims create|scrub|list|history|recheck|export|replace|void [DIR] "
	 "... "
	 "--as STAFF",
	 "claims to payers and 837P batches",
	 "create [--through DATE]: the claims of every visit charged up to\n"
	 "  DATE (default today) whose charges a payer owes; each is held\n"
	 "  when the 837P would lack data (the patient's or subscriber's\n"
	 "  address) or when a rule for claim.release denies it, else ready.\n"
	 "scrub [--through DATE] [--payer P]: create, then every held claim\n"
	 "  (of P) checked again with its data and charges as they are now.\n"
	 "list [--status S] [--payer P]: claims with their status and reason.\n"
	 "history ID: every change of a claim's status.\n"
	 "recheck ID: checks a held claim again after its data was fixed.\n"
	 "export --payer P [--usage T|P] [-o FILE]: the payer's ready claims\n"
	 "  (up to 512) as one ASC X12 837P batch (005010X222A1), marked\n"
	 "  submitted. -o does not overwrite a file.\n"
	 "replace ID | void ID: a replacement (frequency 7, the encounter's\n"
	 "  charges as they are now, through the claim edits) or a void (8)\n"
	 "  of a claim the payer numbered in its remittance; the original\n"
	 "  becomes void, the new claim is exported like the others.\n"
	 "Actions claim.create, claim.submit, billing.read.\n"
	 "Example: medoffice claims export clinic --payer aetna -o aetna.837 "
	 "--as maria\n"},
	{"era", mo_cmd_era,
	 "era import|list|show|simulate [DIR] ... --as STAFF",
	 "payers' remittance advice (835) imported and posted",
	 "import FILE [--payer P]: reads an ASC X12 835 (005010X221A1) whole,\n"
	 "  checks every balance (service lines, claims, the payment), refuses\n"
	 "  a payment posted before (same bytes or trace number), matches each\n"
	 "  claim and line to a submitted claim, then posts it all in one\n"
	 "  operation, or nothing. The payer is the one of practice.yaml whose\n"
	 "  payer_id the 835 names, or P.\n"
	 "list: the remittances posted. show ID: the claims one paid, with\n"
	 "  their adjustments (group-reason amount) and remark codes.\n"
	 "simulate --payer P -o FILE [--deny-one-in N]: what a synthetic\n"
	 "  payer would send for P's submitted claims (contract rate, CO-45,\n"
	 "  the patient's share, one claim in N denied), for training; it\n"
	 "  posts nothing.\n"
	 "Actions era.post, billing.read.\n"
	 "Example: medoffice era import clinic aetna-0412.835 --as maria\n"},
	{"tasks", mo_cmd_tasks,
	 "tasks [DIR] [--all | --for STAFF | --job JOB] [--through DATE] "
	 "--as STAFF",
	 "the one task list: everything due or overdue, from every area",
	 "Office tasks, approvals waiting, appointments to reschedule,\n"
	 "credentials and licences expiring, what the CLIA lab has due, and\n"
	 "each office area's own (supplies, equipment, bills, time cards,\n"
	 "staff records, checklists, waste, incidents), soonest first: for\n"
	 "the acting person (their own items, their job's and what their job\n"
	 "may do), another person (--for), a job (--job: the job's items,\n"
	 "its holders' own and what one of them may do) or everyone (--all),\n"
	 "due by DATE (default today; overdue included).\n"
	 "Action task.read.\n"
	 "Example: medoffice tasks clinic --job front_desk --as maria\n"},
	{"credentials", mo_cmd_credentials,
	 "credentials [DIR] [--within DAYS] [--holder ID] [--format text|json] "
	 "--as STAFF",
	 "licences and credentials: staff, providers, the practice",
	 "One list of every credential in practice.yaml: staff credentials\n"
	 "(licences, certifications, CPR/BLS, trainings), each provider's\n"
	 "state licence, DEA registration, board certification and payer\n"
	 "enrollments, the practice's own licences and policies and the CLIA\n"
	 "certificate, with expiry, lead time (notice_days) and status:\n"
	 "current, renew (within its lead time), expired, or an enrollment's\n"
	 "pending, denied or terminated. --within DAYS: only those expiring\n"
	 "within DAYS (expired ones included). --holder ID: one staff\n"
	 "member's, or \"practice\" for the practice's own. Renewals also\n"
	 "appear in `medoffice tasks` at their lead time.\n"
	 "Action credential.read.\n"
	 "Example: medoffice credentials clinic --within 90 --as maria\n"},
	{"reports", mo_cmd_reports,
	 "reports [DIR] --as STAFF",
	 "the reports the policies declare, with their parameters",
	 "Lists each report (policies/reports/*.lua and the practice's own)\n"
	 "with its title and its parameters: name, type, default.\n"
	 "Example: medoffice reports clinic --as maria\n"},
	{"report", mo_cmd_report,
	 "report NAME [DIR] [--param K=V ...] [--format F] [-o FILE] "
	 "[--width N] --as STAFF",
	 "runs a report and renders it as text, CSV, JSON, HTML or XLSX",
	 "--param K=V: a parameter (dates as 2026-11-20, today, yesterday,\n"
	 "  today-7; ranges as 2026-11-01..2026-11-30, this_month,\n"
	 "  last_month, last_30_days; ids of practice.yaml).\n"
	 "--format text (default), csv, json, html or xlsx; -o FILE writes\n"
	 "  to FILE (xlsx needs one); --width N fits text to N columns.\n"
	 "Action report.run (each query is an audited read).\n"
	 "Example: medoffice report day_sheet clinic --param day=yesterday "
	 "--format html -o day.html --as maria\n"},
	{"clia", mo_cmd_clia,
	 "clia status|qc-log|lots|competency|due|corrective|temps|certificate|"
	 "show ID|purge [DIR] ... --as STAFF",
	 "CLIA-waived testing: tests waiting, what is due, the logs, a test",
	 "status [--all]: the tests still open (with --all the closed ones\n"
	 "  too) by the step they wait for, with patient, lot and value.\n"
	 "qc-log [--from D] [--to D]: the QC runs of the period (default the\n"
	 "  last 30 days): lot, level, expected and observed, pass or fail,\n"
	 "  why, operator, corrective action.\n"
	 "lots [--within DAYS]: kit and control lots expiring within DAYS\n"
	 "  (default 60; 0: every lot), soonest first.\n"
	 "competency: each person's latest competency per test, soonest due.\n"
	 "due [--through D]: what falls due by D (default 30 days on),\n"
	 "  overdue first: the certificate, external QC per test and kit lot\n"
	 "  (by its QC policy), lots expiring, competencies, storages without\n"
	 "  a reading today or out of range.\n"
	 "corrective [--from D] [--to D]: the corrective actions of the period\n"
	 "  (default the last 30 days), those given with a QC run included.\n"
	 "temps [--from D] [--to D]: the storage temperature readings, with\n"
	 "  the range then in force.\n"
	 "certificate: the CLIA certificate in force and every version of it\n"
	 "  applied from practice.yaml (when, by whom), newest first.\n"
	 "show ID: one test: its state and everything recorded of it\n"
	 "  (specimens, rejections, results and amendments, reviews, calls,\n"
	 "  referrals, notifications) in time order.\n"
	 "purge --before DATE: asks approval (clia_purge) to purge the records\n"
	 "  from before DATE, which must be past retention (practice.yaml\n"
	 "  clia.retention_years, at least 2 years); prints who approves it.\n"
	 "  Once approved (`medoffice approve`), the records go.\n"
	 "Tests are ordered and moved from scripts and the shell (clia.*,\n"
	 "lua/API.md). Every list is an audited read (workflow.read).\n"
	 "Example: medoffice clia qc-log clinic --from 2026-11-01 --as maria\n"},
	{"equipment", mo_cmd_equipment,
	 "equipment list|show|add|status|schedule|service|history|due|sweep|"
	 "issue|assign|resolve|issues [DIR] ... --as STAFF",
	 "equipment, its maintenance and checks, and building problems",
	 "add --name N --kind K --location L [--room R] [--serial S]\n"
	 "  [--manufacturer M] [--model M] [--clia-test T]: an asset in a room\n"
	 "  of practice.yaml (kind autoclave, refrigerator, freezer,\n"
	 "  exam_table, ecg, centrifuge, analyzer, microscope, scale,\n"
	 "  vitals_monitor, aed, spirometer, oxygen, fire_extinguisher,\n"
	 "  eyewash, facility (a suite to clean and keep) or other); T is the\n"
	 "  CLIA test an analyzer runs.\n"
	 "list [--location L] [--room R] [--kind K] [--retired]: the assets,\n"
	 "  each in service or NOT USABLE with why. show ID: one asset, its\n"
	 "  schedules and service records.\n"
	 "status ID --set in_service|out_of_service|retired [--reason TEXT]:\n"
	 "  out of service and retired need a reason; retiring ends it.\n"
	 "schedule ID --what W (--every-days N | --every-hours N) [--first D]\n"
	 "  [--blocking] [--assignee STAFF] [--range LOW..HIGH] | --end: W is\n"
	 "  spore_test, calibration, inspection, maintenance, temperature,\n"
	 "  cleaning or safety_test; due again N days (or hours) after the\n"
	 "  last check, first on D (default today). --blocking: the asset\n"
	 "  may not be used while it is overdue. --range: a reading must be\n"
	 "  in it to pass (a refrigerator: 2..8).\n"
	 "service ID --what W [--result pass|fail] [--reading R] [--at WHEN]\n"
	 "  [--by STAFF] [--vendor V] [--note TEXT]: a check done (WHEN\n"
	 "  \"2026-11-20 14:30\" or a date; default now; never in the future;\n"
	 "  W may also be repair). A failed check needs a note and takes the\n"
	 "  asset out of service until a passing one.\n"
	 "history [--asset ID] [--from D] [--to D]: service records, newest\n"
	 "  first.\n"
	 "due [--through D]: schedules due by D (default 30 days on),\n"
	 "  overdue and failed first, and the open building problems.\n"
	 "sweep: one office task per overdue schedule (none twice while\n"
	 "  open), made as system; a passing check completes it.\n"
	 "issue --what TEXT [--location L] [--room R] [--asset ID]\n"
	 "  [--priority low|normal|urgent] [--due D] [--assignee STAFF]:\n"
	 "  reports a building problem (due today when urgent, in 7 days\n"
	 "  when normal, in 30 when low). assign ID --assignee STAFF;\n"
	 "  resolve ID --note TEXT (once). issues [--all]: the open ones.\n"
	 "Actions equipment.add, equipment.update, equipment.schedule,\n"
	 "equipment.service, equipment.sweep, facility.report,\n"
	 "facility.assign, facility.resolve; lists are audited reads\n"
	 "(equipment.read).\n"
	 "Example: medoffice equipment service clinic 3 --what spore_test "
	 "--result pass --as aisha\n"},
	{"compliance", mo_cmd_compliance,
	 "compliance list|due|record|show [DIR] ... --as STAFF",
	 "safety and compliance checklists (OSHA, HIPAA, CLIA, fire safety)",
	 "The checklists are declared by the policies\n"
	 "(policies/compliance/checklists.lua): each every week, month,\n"
	 "quarter or year, due on a day of its period, owned by a job.\n"
	 "list: each checklist's current period: items done, open, complete\n"
	 "  or MISSED (not complete after its due day).\n"
	 "due [--through D]: checklists due by D (default 14 days on) and\n"
	 "  missed, the waste pickup due, incident follow-ups and reports of\n"
	 "  suspected abuse not yet made.\n"
	 "record CHECKLIST --item I --result pass|fail|na [--period P]\n"
	 "  [--evidence TEXT] [--note TEXT] [--by STAFF] [--at WHEN]: an\n"
	 "  item's result (P: 2026, 2026-Q4, 2026-11 or 2026-W48; default the\n"
	 "  current period; a past one is a late record, a future one is\n"
	 "  refused). Evidence (a document, log reference or photo id) where\n"
	 "  the item requires it; a fail needs --note and opens a corrective\n"
	 "  task for the owner job, which a later pass completes.\n"
	 "show CHECKLIST [--period P]: the period's items and results.\n"
	 "Actions compliance.record; reads compliance.view.\n"
	 "Example: medoffice compliance record clinic osha_sharps --item "
	 "fill_line --result pass --as aisha\n"},
	{"waste", mo_cmd_waste,
	 "waste add|list [DIR] ... --as STAFF",
	 "biohazardous waste pickups with their manifests",
	 "add --hauler VENDOR --manifest NO [--day D] [--sharps N]\n"
	 "  [--red-bag N] [--pharmaceutical N] [--pathological N]\n"
	 "  [--weight LB] [--signed-by STAFF] [--note TEXT]: a pickup by a\n"
	 "  hauler (a vendor of `medoffice payables`, by name or id) with its\n"
	 "  manifest number (once), the containers of each kind and who\n"
	 "  signed. settings.compliance.waste_pickup_days (default 30) puts\n"
	 "  the next pickup on the task list.\n"
	 "list [--from D] [--to D]: the pickups, newest first.\n"
	 "Actions waste.record; reads compliance.view.\n"
	 "Example: medoffice waste add clinic --hauler \"Sharps Away\" "
	 "--manifest M-1001 --sharps 3 --red-bag 2 --weight 41.5 --as aisha\n"},
	{"incident", mo_cmd_incident,
	 "incident report|update|notify|list|show [DIR] ... --as STAFF",
	 "incident reports, follow-ups and reports of suspected abuse",
	 "report --kind K --occurred WHEN --location L --description TEXT\n"
	 "  [--reported WHEN] [--patient ID]... [--staff STAFF]...\n"
	 "  [--reported-by STAFF] [--follow-up D]: K is needlestick,\n"
	 "  exposure, patient_fall, staff_injury, privacy_breach,\n"
	 "  medication_error, equipment_failure, abuse_child, abuse_elder,\n"
	 "  abuse_dependent_adult, workplace_violence or other; WHEN\n"
	 "  \"2026-11-20 14:30\" or a date, never in the future.\n"
	 "update ID [--status open|investigating|closed] --note TEXT\n"
	 "  [--follow-up D]: a follow-up entry.\n"
	 "notify ID --agency NAME --method phone|online|fax|in_person|letter\n"
	 "  [--reference NO] [--reported-by STAFF] [--at WHEN]: the report of\n"
	 "  suspected abuse or neglect to the authorities, due within\n"
	 "  settings.compliance.abuse_report_hours (default 24) of when it\n"
	 "  occurred; such an incident is not closed before it.\n"
	 "list [--kind K] [--status S] [--patient ID] [--from D] [--to D];\n"
	 "  show ID: the incident and its history.\n"
	 "Everyone may report (incident.report); incident.update,\n"
	 "incident.notify; reads incident.view, audited once more for each\n"
	 "patient named.\n"
	 "Example: medoffice incident report clinic --kind patient_fall "
	 "--occurred \"2026-11-20 10:15\" --location main --description "
	 "\"Slipped in the hallway\" --patient 12 --as aisha\n"},
	{"inventory", mo_cmd_inventory,
	 "inventory items|add|update|stock|receive|use|waste|expire|count|"
	 "movements|lots|reorder|po|temp|temps|storages [DIR] ... --as STAFF",
	 "supplies: items, stock, lots, purchase orders, the storage log",
	 "items [--location L] [--category C] [--low] [--all]: the items with\n"
	 "  what is on hand, LOW at or below the reorder point (--all: retired\n"
	 "  ones too).\n"
	 "add --name N --category office|medical|medication|vaccine|test_kit\n"
	 "  --unit U --reorder-point N --reorder-quantity N [--location L]\n"
	 "  [--storage S] [--vendor V] [--unit-cost X] [--lots]; update ID with\n"
	 "  the same options, --no-lots, --retire or --reactivate.\n"
	 "stock ID: one item, its stock and its lots.\n"
	 "receive [--po ID] --line ITEM:QTY[:LOT:EXPIRES]... [--note T]: into\n"
	 "  stock; against an ordered purchase order never more than ordered.\n"
	 "use|waste|expire ID --quantity N [--lot L] [--note T]: out of stock\n"
	 "  (soonest expiring lot first; waste needs --note; expire --lot L\n"
	 "  without --quantity takes the whole lot); never below zero.\n"
	 "count ID --quantity N [--lot L]: a physical count sets what is on hand.\n"
	 "movements [--item ID] [--from D] [--to D]; lots [--within DAYS]\n"
	 "  (default 60); reorder: what to order, by vendor.\n"
	 "po draft --vendor V [--reorder] [--note T]; po line PO --item ID\n"
	 "  --quantity N [--unit-cost X] (0 removes); po submit PO (files the\n"
	 "  purchase_order approval; once approved it is ordered); po cancel PO\n"
	 "  --reason T; po list [--status open|draft|submitted|ordered|partial|\n"
	 "  received|cancelled|all]; po show PO.\n"
	 "temp --storage S --reading 4.5 [--note T]; temps [--from D] [--to D]\n"
	 "  [--storage S]; storages: the medication and vaccine storage log,\n"
	 "  which is the CLIA temperature log (practice.yaml clia.storage, or\n"
	 "  the built-in room and fridge).\n"
	 "Actions inventory.item, .receive, .use, .count, .po, .order (through\n"
	 "approval), .temperature and .read (every list is an audited read).\n"
	 "Example: medoffice inventory receive clinic --po 3 --line 2:10 "
	 "--line 5:4:L123:2027-06-30 --as maria\n"},
	{"aging", mo_cmd_aging,
	 "aging [DIR] [--by payer|patient] [--as-of DATE] [--format text|csv] "
	 "--as STAFF",
	 "what payers or patients owe, by the age of the service",
	 "The A/R aging from the ledger: one row per payer (or patient) with\n"
	 "what is owed for services 0-30, 31-60, 61-90, 91-120 and over 120\n"
	 "days before --as-of (default today; entries posted after it are\n"
	 "left out), credits not applied to a charge (prepayments), and the\n"
	 "total; then the totals. An audited read (billing.read).\n"
	 "Example: medoffice aging clinic --by patient --as maria\n"},
	{"statements", mo_cmd_statements,
	 "statements [hold|release|list|show] [DIR] ... --as STAFF",
	 "patient statements: run them, hold them, list and reprint them",
	 "[DIR] [--as-of DATE] [--dry-run] [--format text|html] [-o OUTDIR]\n"
	 "  [--patient N] [--due-days N]: runs statements dated --as-of\n"
	 "  (default today): each patient with a balance whom the rules for\n"
	 "  statement.send send one (policies/billing/statements.lua: not on\n"
	 "  hold, no credit balance, at least billing.statement_min, not\n"
	 "  sooner than billing.statement_days after the last) gets it, due\n"
	 "  in --due-days (default 30). Statements go to stdout, or one file\n"
	 "  each to OUTDIR (statement-ID.txt or .html, never overwritten);\n"
	 "  then a summary with who was skipped and why (to stderr when HTML\n"
	 "  goes to stdout). --dry-run records nothing. --patient N: only N.\n"
	 "hold [DIR] PATIENT --reason TEXT [--until DATE]: no statements for\n"
	 "  PATIENT until DATE (inclusive) or until released.\n"
	 "release [DIR] PATIENT [--reason TEXT]: ends the hold.\n"
	 "list [DIR] [--patient N] [--run N] [--holds]: the statements sent,\n"
	 "  or the holds in force.\n"
	 "show [DIR] ID [--format text|html] [-o FILE]: statement ID again, as\n"
	 "  it was sent.\n"
	 "Actions statement.run, statement.hold and billing.read (lists and\n"
	 "  reprints are audited reads).\n"
	 "Example: medoffice statements clinic --format html -o out --as maria\n"},
	{"templates", mo_cmd_templates, "templates",
	 "list the practice templates",
	 "Lists the built-in templates with a one-line description.\n"},
	{"check", mo_cmd_check, "check [DIR] [--db]",
	 "validate practice.yaml, the policies and the database",
	 "Loads practice.yaml (errors name file:line:column and the key),\n"
	 "opens the database read-only, loads every policy, checks the jobs\n"
	 "and the org chart, and prints a summary, warnings (expired or\n"
	 "expiring licences, certifications, CLIA) and the plan: what\n"
	 "`medoffice apply` would add, change, reactivate or deactivate.\n"
	 "--db also runs SQLite's quick_check and verifies the audit chain.\n"
	 "Example: medoffice check clinic --db\n"},
	{"shell", mo_cmd_shell, "shell [DIR] [--as STAFF] [--apply]",
	 "interactive Lua shell on a practice",
	 "Starts the Lua shell with the practice's policies loaded. Bare\n"
	 "expressions print their value; .help lists the commands. History\n"
	 "is kept in DIR/.medoffice_history. Reads statements from stdin\n"
	 "when it is not a terminal.\n"
	 "Example: echo 'tasks.list()' | medoffice shell clinic --as jdoe\n"},
	{"run", mo_cmd_run,
	 "run [--as STAFF] [--apply] [DIR] SCRIPT.lua [ARGS...]",
	 "run a Lua script against a practice",
	 "Runs SCRIPT.lua in the sandbox with the practice's policies loaded\n"
	 "and the global `arg` holding ARGS. The script runs in one\n"
	 "transaction: if it fails, nothing it wrote is kept.\n"
	 "Example: medoffice run --as jdoe clinic report.lua 2026-11\n"},
	{"test", mo_cmd_test, "test [DIR]",
	 "run the policy specs (*_spec.lua)",
	 "Runs every *_spec.lua under DIR/policies in the sandbox, each on\n"
	 "a fresh in-memory database, and prints failures with file:line\n"
	 "and a final \"N passed, N failed\" line. Exit code 1 on failure.\n"},
	{"backup", mo_cmd_backup, "backup [DIR] FILE",
	 "copy the practice database with SQLite's online backup",
	 "Writes a consistent copy of DIR/practice.db to FILE (which must\n"
	 "not exist), even while the practice is in use.\n"
	 "Example: medoffice backup clinic /backups/clinic-2026-11-23.db\n"},
	{"audit", mo_cmd_audit,
	 "audit [DIR] [--staff ID | --patient ID | --record REC] [--since DATE] "
	 "[--limit N] | audit verify [DIR]",
	 "list or verify the audit log",
	 "Lists audit entries (who, what, which record, when, the decision\n"
	 "that allowed it), oldest first. `audit verify` recomputes the hash\n"
	 "chain and reports the first entry that was changed, removed or\n"
	 "added. Example: medoffice audit clinic --staff jdoe --since "
	 "2026-11-01\n"},
	{"demo", mo_cmd_demo, "demo [DIR]",
	 "create (if needed) and show a demo practice",
	 "Creates DIR (default ./demo-practice) from the starter template if\n"
	 "it does not exist and seeds a month of activity; checks it, runs its\n"
	 "specs, prints a summary and what an office manager looks at first:\n"
	 "today's schedule, the last working day's day sheet, calls to make,\n"
	 "staffing gaps, recalls, approvals and tasks.\n"},
	{NULL, NULL, NULL, NULL, NULL},
};

static const command *find(const char *name)
{
	for (const command *c = COMMANDS; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static void overview(FILE *f)
{
	fprintf(f, "medoffice %s: the engine that runs the business side of a "
		"medical practice\n\nUsage: medoffice COMMAND [ARGS]\n\n"
		"Commands:\n", MO_VERSION);
	for (const command *c = COMMANDS; c->name; c++)
		fprintf(f, "  %-10s %s\n", c->name, c->summary);
	fprintf(f, "\nDIR defaults to the current folder. `medoffice help "
		"COMMAND` explains one command.\nExit codes: 0 success, 1 "
		"failure, 2 usage error.\n");
}

int mo_cli_help(const char *name)
{
	const command *c = find(name);
	if (!c)
		return mo_cli_usage("help", "unknown command \"%s\"", name);
	printf("Usage: medoffice %s\n\n%s", c->usage, c->help);
	return MO_EXIT_OK;
}

int main(int argc, char **argv)
{
	const command *c;
	if (argc < 2) {
		overview(stderr);
		return MO_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		overview(stdout);
		return MO_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("medoffice %s\n", MO_VERSION);
		return MO_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return argc == 3 ? mo_cli_help(argv[2])
				 : (overview(stdout), MO_EXIT_OK);
	if (!(c = find(argv[1])))
		return mo_cli_usage(NULL, "unknown command \"%s\" (see "
				    "medoffice --help)", argv[1]);
	return c->run(argc - 1, argv + 1);
}
