/* payable.h: the money that goes out, the bank, and the budget.
 *
 * Accounts payable (payable.c). Vendors (a name, the payment terms in
 * days, the category their bills go to by default, the practice's
 * account number with them and a phone) are deactivated, never deleted.
 * A bill is a vendor's invoice: its number (unique per vendor), issue
 * and due days (due defaults to issue plus the vendor's
 * terms), a category, an amount and a memo. It is open when entered,
 * approved once someone checked it against what was received (optional),
 * part-paid or paid as payments are recorded, or void (only while
 * nothing is paid). A payment of a bill (check, ACH or card, with its
 * reference and day) goes through the approval rules: it is a request of
 * the approval "bill_payment" (policies/approvals) that guards the
 * action payable.pay; approval.c runs mo_ap_pay() when the request is
 * approved, or at once when no approval is needed. A payment is checked
 * (never more than what is left of the bill) when the request is filed
 * and again when it runs. Bills and their payments
 * are a subledger of their own: they are not posted to the ledger
 * (ledger.h keeps the receivables).
 *
 * Categories: a fixed chart, the same in every practice (no settings):
 * the expenses rent, utilities, supplies, medical_supplies, services,
 * payroll, insurance, equipment and other, and the income collections
 * (what patients and payers paid, from the ledger).
 *
 * The bank (bank.c). The deposit register is the front desk's deposits
 * (payment.h mo_pay_deposit; read from the deposit table, never copied).
 * A bank statement is imported from the CSV file the bank's website
 * exports, read with libcsv (RFC 4180 quoting) through a column mapping
 * (mo_ap_map): which column holds the date, the amount (or a debit and a
 * credit column), the description and the reference, the date format,
 * whether there is a header row. The file is read and checked whole
 * before anything is written; an error names the line and the column.
 * A file is imported once (its SHA-256). Statement lines are append-only.
 * Each line is then matched, in the same operation, to what it records:
 * money in to a deposit of the same amount made within 3 days, else to a
 * payer's remittance (era.h) of the same amount paid within 3 days; money
 * out to a bill payment of the same amount with the same reference (a
 * check number) or made within 5 days. Matches are kept (undone, never
 * deleted); a line can be matched by hand to a deposit, a bill payment, a
 * remittance, or explained by a note (a bank fee, a card settlement). The
 * unmatched lines are listed, and so is what the practice recorded that
 * no statement shows yet (deposits in transit, outstanding checks).
 *
 * Budgets (budget.c): an amount per category and month (set again to
 * replace it; each setting is kept). The report sets the budget against
 * the actual of the month and of the year to date: expenses from the
 * bill payments by their bill's category (payroll adds the gross pay
 * exported, mo_ap_payroll_actual), collections from the ledger (payments
 * less refunds, to cash, card and bank).
 *
 * Operations (practice.h), each audited with its record: payable.vendor
 * ("vendor:N"), payable.enter, payable.approve, payable.void and
 * payable.pay ("bill:N"), bank.import ("bank_import:N"), bank.match
 * ("bank_line:N", "bank" for a run of the matching), budget.set
 * ("budget:CATEGORY"). Every read is an audited payable.read. Every
 * refusal names the field and writes nothing. It uses practice.h, due.h,
 * approval.h, ledger.h, patient.h (phones), units.h, libcsv, libmd
 * (SHA-256) and jansson. */
#ifndef MO_PAYABLE_H
#define MO_PAYABLE_H

#include "due.h"
#include "practice.h"

struct json_t;

/* Largest bill or payment, in cents (10,000,000.00). */
#define MO_AP_MAX 1000000000LL

/* ---- categories ---- */

typedef struct mo_ap_category {
	const char *id;    /* "medical_supplies" */
	const char *title; /* "Medical supplies" */
	bool income;       /* collections; the others are expenses */
} mo_ap_category;

/* The chart, in report order, ending with an entry whose id is NULL. */
extern const mo_ap_category mo_ap_categories[];

/* The category id, or NULL. */
const mo_ap_category *mo_ap_category_find(const char *id);

/* ---- vendors ---- */

/* A vendor to add (strings borrowed for the call). Checks, each refusal
 * naming the field ("vendor name: ..."): name one line of 1..100
 * characters, not another vendor's (ignoring case) and not all digits
 * (a number names a vendor by id); category an expense category; terms
 * 0..365 days; account NULL or one line of 1..40 characters; phone NULL
 * or 10 digits once ( ) - . and spaces are removed (as patient.h
 * mo_patient_phone reads it). */
typedef struct mo_ap_vendor_new {
	const char *name;
	const char *category;
	int terms;
	const char *account;
	const char *phone;
} mo_ap_vendor_new;

/* Adds a vendor as actor (payable.vendor, record "vendor:N"); *id
 * (optional) receives its id. */
int mo_ap_vendor_add(mo_practice *p, const char *actor,
		     const mo_ap_vendor_new *in, int64_t *id, mo_err *e);

/* What to change of a vendor: NULL (terms -1, active -1) leaves a field
 * as it is; "" clears account or phone; active 0 deactivates, 1
 * reactivates. Checked as mo_ap_vendor_add checks. */
typedef struct mo_ap_vendor_change {
	const char *name, *category;
	int terms;
	const char *account, *phone;
	int active;
} mo_ap_vendor_change;

/* Changes vendor id as actor (payable.vendor, record "vendor:N").
 * MO_ENOTFOUND for no such vendor; MO_EINVAL when nothing would change. */
int mo_ap_vendor_update(mo_practice *p, const char *actor, int64_t id,
			const mo_ap_vendor_change *in, mo_err *e);

/* The vendor named by text: its id ("3") or its name, ignoring case. No
 * audit (a lookup before an operation). MO_ENOTFOUND naming what (the
 * field: "bill vendor") with a suggestion when a name is close. */
int mo_ap_vendor_find(mo_practice *p, const char *what, const char *text,
		      int64_t *id, mo_err *e);

/* A vendor as stored; strings are valid during the callback only. */
typedef struct mo_ap_vendor {
	int64_t id;
	const char *name, *category;
	int terms;
	const char *account, *phone; /* NULL: none */
	bool active;
	int64_t owed;      /* what is left to pay of its bills not void */
	int64_t bills;     /* its bills not paid in full nor void */
	int64_t created_us;
	const char *created_by;
} mo_ap_vendor;

typedef int (*mo_ap_vendor_cb)(void *ud, const mo_ap_vendor *v);

/* The vendors by name (only the active ones unless all), an audited
 * payable.read (record "vendors"). cb's non-zero return stops and is
 * returned. */
int mo_ap_vendors(mo_practice *p, const char *actor, bool all,
		  mo_ap_vendor_cb cb, void *ud, mo_err *e);

/* ---- bills ---- */

/* A bill to enter (strings borrowed). Checks, naming the field ("bill
 * amount: ..."): vendor an active vendor by id or name (mo_ap_vendor_find);
 * number 1..40 characters, one line, not already one of the vendor's
 * bills; issue_day given, not after today; due_day 0 (issue plus the
 * vendor's terms) or not before issue_day; category NULL (the vendor's)
 * or an expense category; amount 0.01..MO_AP_MAX; memo NULL or one line
 * of 1..200 characters. */
typedef struct mo_ap_bill_new {
	const char *vendor;
	const char *number;
	int32_t issue_day;
	int32_t due_day;
	const char *category;
	int64_t amount;
	const char *memo;
} mo_ap_bill_new;

/* Enters a bill as actor (payable.enter, with the facts vendor, number,
 * amount (money), category and due; record "bill:N"); *id (optional)
 * receives its id. */
int mo_ap_bill_enter(mo_practice *p, const char *actor,
		     const mo_ap_bill_new *in, int64_t *id, mo_err *e);

/* Approves open bill id for payment as actor (payable.approve, record
 * "bill:N"). MO_ENOTFOUND for no such bill, MO_EINVAL naming its status
 * when it is not open. */
int mo_ap_bill_approve(mo_practice *p, const char *actor, int64_t id,
		       mo_err *e);

/* Voids bill id for reason (one line, 1..200 characters) as actor
 * (payable.void, record "bill:N"). Refused when anything of it is paid
 * or it is void already. */
int mo_ap_bill_void(mo_practice *p, const char *actor, int64_t id,
		    const char *reason, mo_err *e);

/* A bill as stored; strings are valid during the callback only. */
typedef struct mo_ap_bill {
	int64_t id, vendor;
	const char *vendor_name, *number, *category, *status;
	int32_t issue_day, due_day;
	int64_t amount, paid;       /* left to pay: amount - paid */
	const char *memo;           /* NULL: none */
	int64_t approved_us;        /* 0: not approved */
	const char *approved_by;
	int64_t voided_us;          /* 0: not void */
	const char *voided_by, *void_reason;
	int64_t created_us;
	const char *created_by;
} mo_ap_bill;

typedef int (*mo_ap_bill_cb)(void *ud, const mo_ap_bill *b);

/* Which bills mo_ap_bills walks; zero fields do not filter. */
typedef struct mo_ap_bill_filter {
	int64_t vendor;
	const char *status;   /* a status, or "unpaid" (open, approved and
			       * part-paid); NULL: all */
	const char *category;
	int32_t due_through;  /* due on or before */
} mo_ap_bill_filter;

/* The bills matching f (NULL: all), soonest due first, an audited
 * payable.read (record "vendor:N" when f names a vendor, else "bills").
 * MO_EINVAL for an unknown status or category. */
int mo_ap_bills(mo_practice *p, const char *actor, const mo_ap_bill_filter *f,
		mo_ap_bill_cb cb, void *ud, mo_err *e);

/* ---- paying bills ---- */

/* A payment of a bill (strings borrowed). Checks, naming the field
 * ("bill payment amount: ..."): bill a bill that is not void nor paid;
 * amount 0.01 up to what is left of it; method "check", "ach" or "card";
 * reference for a check its number (1..20 digits, required), for ACH a
 * confirmation or trace number (optional, 1..40 letters, digits and
 * dashes), for a card its last 4 digits (optional; a card number is
 * refused); day 0 (the day it is recorded) or a day neither after today
 * nor before the bill's issue day. */
typedef struct mo_ap_pay_new {
	int64_t bill;
	int64_t amount;
	const char *method;
	const char *reference;
	int32_t day;
} mo_ap_pay_new;

/* Whether in may be paid now; reads only. */
int mo_ap_pay_check(mo_practice *p, const mo_ap_pay_new *in, mo_err *e);

/* Files the request to pay in as actor: an approvals request of kind
 * "bill_payment" with the payment's amount, the summary "Pay VENDOR bill
 * NUMBER by METHOD" and the facts bill, vendor, category, method,
 * reference and date, checked by mo_ap_pay_check first. When no approval
 * is needed the payment is made at once. *request (optional) receives the
 * request's id. The refusals of mo_approval_request, and MO_EINVAL when
 * the policies' "bill_payment" does not guard payable.pay. */
int mo_ap_pay_request(mo_practice *p, const char *actor,
		      const mo_ap_pay_new *in, int64_t *request, mo_err *e);

/* Records the payment in as actor (payable.pay, with the facts bill,
 * vendor, amount (money), method and category; record "bill:N") for the
 * approval request (0: none), checked as mo_ap_pay_check does, and sets
 * the bill part-paid or paid. *id (optional) receives the payment's id.
 * Only the approval rules call it (the runner below). */
int mo_ap_pay(mo_practice *p, const char *actor, const mo_ap_pay_new *in,
	      int64_t request, int64_t *id, mo_err *e);

/* The runner of payable.pay for approval.c: check reads a "bill_payment"
 * request's facts (bill, method, reference, date and the request's
 * amount) and checks them when the request is filed; run makes the
 * payment when it is approved (record receives "bill_payment:N"). */
int mo_ap_pay_guard_check(mo_practice *p, const char *requester,
			  struct json_t *facts, mo_err *e);
int mo_ap_pay_guard_run(mo_practice *p, const char *actor,
			const char *requester, int64_t request,
			struct json_t *facts, char record[64], mo_err *e);

/* A payment of a bill as stored; strings valid during the callback. */
typedef struct mo_ap_payment {
	int64_t id, bill, vendor;
	const char *vendor_name, *number, *category; /* the bill's */
	int64_t amount;
	const char *method, *reference; /* reference NULL: none */
	int32_t day;
	int64_t request;   /* the approval request; 0: none */
	int64_t line;      /* the bank statement line it is matched to; 0 */
	int64_t created_us;
	const char *created_by;
} mo_ap_payment;

typedef int (*mo_ap_payment_cb)(void *ud, const mo_ap_payment *y);

/* Bill id: cb (optional) with the bill, then pay_cb (optional) with each
 * of its payments by day; an audited payable.read (record "bill:N").
 * MO_ENOTFOUND for no such bill; a callback's non-zero return stops
 * and is returned. */
int mo_ap_bill_get(mo_practice *p, const char *actor, int64_t id,
		   mo_ap_bill_cb cb, mo_ap_payment_cb pay_cb, void *ud,
		   mo_err *e);

/* Which payments mo_ap_payments walks; zero fields do not filter. */
typedef struct mo_ap_payment_filter {
	int64_t vendor, bill;
	int32_t from_day, to_day;
} mo_ap_payment_filter;

/* The payments matching f (NULL: all) by day, an audited payable.read
 * (record "bill:N" when f names a bill, "vendor:N" a vendor, else
 * "bill_payments"). */
int mo_ap_payments(mo_practice *p, const char *actor,
		   const mo_ap_payment_filter *f, mo_ap_payment_cb cb,
		   void *ud, mo_err *e);

/* ---- the bank: statements ---- */

enum { MO_AP_DATE_YMD, MO_AP_DATE_MDY };

#define MO_AP_COLUMN 64 /* the longest column name of a mapping, + 1 */

/* How a bank's CSV file is read: each column by its header's name
 * (ignoring case and surrounding spaces) or its number from 1 ("3").
 * date and either amount (signed: money in above 0) or both debit and
 * credit (money out, money in: the figures' signs are ignored) are
 * required; description and reference are optional ("": none). skip
 * lines (records) come before the header, or before the data when there
 * is no header. */
typedef struct mo_ap_map {
	char date[MO_AP_COLUMN];
	char amount[MO_AP_COLUMN];
	char debit[MO_AP_COLUMN];
	char credit[MO_AP_COLUMN];
	char description[MO_AP_COLUMN];
	char reference[MO_AP_COLUMN];
	int date_format; /* MO_AP_DATE_YMD (2026-11-23) or _MDY (11/23/2026) */
	bool header;     /* the first row (after skip) names the columns */
	int skip;        /* 0..20 */
} mo_ap_map;

/* Parses a mapping written as comma-separated key=value pairs: date=,
 * amount= or debit= and credit=, description=, reference=,
 * format=YYYY-MM-DD|MM/DD/YYYY (default YYYY-MM-DD), header=yes|no
 * (default yes), skip=N (default 0). A column name with a comma or an
 * equals sign is given by its number. MO_EINVAL naming the key. */
int mo_ap_map_parse(const char *text, mo_ap_map *m, mo_err *e);

/* Whether m is complete: date, and amount or both debit and credit;
 * column numbers 1..999 (what mo_ap_map_parse checks last, for a mapping
 * filled field by field). MO_EINVAL naming the key. */
int mo_ap_map_check(const mo_ap_map *m, mo_err *e);

/* m written back as mo_ap_map_parse reads it, into buf (size bytes, cut
 * when too small); returns buf. */
char *mo_ap_map_format(const mo_ap_map *m, char *buf, size_t size);

/* Largest statement file (8 MiB) and most lines in one. */
#define MO_AP_STATEMENT_MAX (8u << 20)
#define MO_AP_STATEMENT_LINES 100000

typedef struct mo_ap_import_summary {
	int64_t import;           /* its id */
	int64_t lines;
	int64_t credits, debits;  /* sums of the money in (> 0) and out (< 0) */
	int32_t first_day, last_day;
	int64_t matched;          /* lines matched by the import */
	int64_t duplicates;       /* lines with the day, amount and
				   * description of a line of an earlier
				   * statement (imported all the same) */
} mo_ap_import_summary;

/* Imports the bank statement in buf (len bytes; name, the file's name, is
 * kept with it) read through map, as actor (bank.import, with the facts
 * file, lines, credits and debits (money); record "bank_import:N"), and
 * matches its lines. Refused with nothing written: MO_EEXIST for a file
 * imported before (the same bytes), MO_EINVAL for a map that does not fit
 * the file or a malformed file, naming the line and the column ("bank
 * statement line 7, column 3 (Amount): ..."): bad quoting, a row with
 * too few columns, a bad date or amount, both or neither of debit and
 * credit, a zero amount, no lines. out optional. */
int mo_ap_bank_import(mo_practice *p, const char *actor, const char *name,
		      const char *buf, size_t len, const mo_ap_map *map,
		      mo_ap_import_summary *out, mo_err *e);

/* A statement imported; strings valid during the callback. */
typedef struct mo_ap_import {
	int64_t id;
	const char *file, *sha256, *mapping;
	int64_t lines, credits, debits;
	int32_t first_day, last_day, day; /* day: when it was imported */
	int64_t created_us;
	const char *created_by;
} mo_ap_import;

typedef int (*mo_ap_import_cb)(void *ud, const mo_ap_import *im);

/* The statements imported, newest first (audited payable.read, record
 * "bank_imports"). */
int mo_ap_bank_imports(mo_practice *p, const char *actor, mo_ap_import_cb cb,
		       void *ud, mo_err *e);

/* A statement line with its match; strings valid during the callback. */
typedef struct mo_ap_line {
	int64_t id, import;
	int64_t row;             /* its line in the file */
	int32_t day;
	int64_t amount;          /* > 0 money in, < 0 money out */
	const char *description, *reference; /* NULL: none */
	int64_t match;           /* the match in force; 0: unmatched */
	const char *kind;        /* "deposit", "bill_payment", "era" or
				  * "note"; NULL when unmatched */
	int64_t target;          /* the deposit's, payment's or remittance's
				  * id; 0 for a note */
	const char *note;        /* a note's text */
	const char *how;         /* "auto" or "manual" */
	const char *matched_by;
} mo_ap_line;

typedef int (*mo_ap_line_cb)(void *ud, const mo_ap_line *l);

/* Which lines mo_ap_bank_lines walks; zero fields do not filter. */
typedef struct mo_ap_line_filter {
	int64_t import;
	int32_t from_day, to_day;
	bool unmatched;
} mo_ap_line_filter;

/* The lines matching f (NULL: all) by day, an audited payable.read
 * (record "bank_import:N" when f names an import, else "bank"). */
int mo_ap_bank_lines(mo_practice *p, const char *actor,
		     const mo_ap_line_filter *f, mo_ap_line_cb cb, void *ud,
		     mo_err *e);

/* A match to make by hand: line and exactly one of deposit, payment, era
 * (ids) and note (one line, 1..200 characters: what the line is, such as
 * "card processor settlement"). */
typedef struct mo_ap_match_new {
	int64_t line;
	int64_t deposit, payment, era;
	const char *note;
} mo_ap_match_new;

/* Matches by hand as actor (bank.match, record "bank_line:N"). Refused,
 * naming the field: no such line or target (MO_ENOTFOUND), a line or a
 * target matched already, a deposit or remittance against money out or
 * a payment against money in, amounts that differ. */
int mo_ap_bank_match(mo_practice *p, const char *actor,
		     const mo_ap_match_new *in, mo_err *e);

/* Undoes the match of line as actor (bank.match, record "bank_line:N");
 * the line is unmatched again. MO_EINVAL when it is not matched. */
int mo_ap_bank_unmatch(mo_practice *p, const char *actor, int64_t line,
		       mo_err *e);

/* Matches every unmatched line that can be matched (as an import does) as
 * actor (bank.match, record "bank"); *matched (optional) receives how
 * many were. */
int mo_ap_bank_reconcile(mo_practice *p, const char *actor, int64_t *matched,
			 mo_err *e);

/* A deposit of the register, with the statement line it is matched to. */
typedef struct mo_ap_deposit {
	int64_t id;
	int32_t day;
	int64_t count, total;
	const char *made_by;
	int64_t created_us;
	int64_t line;      /* 0: on no statement yet */
	int32_t line_day;  /* the day the bank posted it; 0: none */
} mo_ap_deposit;

typedef int (*mo_ap_deposit_cb)(void *ud, const mo_ap_deposit *d);

/* The bank deposit register: the front desk's deposits made from_day to
 * to_day (0: no bound), by day, an audited payable.read (record
 * "deposits"). */
int mo_ap_bank_register(mo_practice *p, const char *actor, int32_t from_day,
			int32_t to_day, mo_ap_deposit_cb cb, void *ud,
			mo_err *e);

/* What the practice recorded that no statement line is matched to yet:
 * a deposit (in transit), a bill payment (outstanding: a check not yet
 * cashed), a remittance paid to the bank. */
typedef struct mo_ap_outstanding {
	const char *kind;  /* "deposit", "bill_payment", "era" */
	int64_t id;
	int32_t day;
	int64_t amount;    /* as the bank will show it: > 0 in, < 0 out */
	const char *what;  /* "deposit 3 by maria", "Acme bill INV-1, check
			    * 1043", "remittance 2 from aetna" */
} mo_ap_outstanding;

typedef int (*mo_ap_outstanding_cb)(void *ud, const mo_ap_outstanding *o);

/* The outstanding items made on or before through, by day, an audited
 * payable.read (record "bank"). */
int mo_ap_bank_outstanding(mo_practice *p, const char *actor, int32_t through,
			   mo_ap_outstanding_cb cb, void *ud, mo_err *e);

/* ---- budgets ---- */

/* "2026-11" -> 202611 (years 1900..2999). */
int mo_ap_month_parse(const char *s, int *month, mo_err *e);
/* 202611 -> "2026-11" in buf; returns buf. */
char *mo_ap_month_format(int month, char buf[8]);

/* Sets the budget of category (an expense or collections) to amount
 * (cents, 0..MO_AP_MAX) for each month from first to last (YYYYMM, at
 * most 24 months), replacing what was set, as actor (budget.set, with the
 * facts category, from, to and amount (money); record
 * "budget:CATEGORY"). */
int mo_ap_budget_set(mo_practice *p, const char *actor, const char *category,
		     int first, int last, int64_t amount, mo_err *e);

/* One row of the budget report. Variances are favourable above 0: the
 * budget less the actual for an expense, the actual less the budget for
 * collections. */
typedef struct mo_ap_budget_row {
	const char *category;  /* a category id, "expenses" (every expense
				* summed) or "net" (collections less
				* expenses) */
	const char *title;
	bool income;
	int64_t budget, actual, variance;             /* the month */
	int64_t budget_ytd, actual_ytd, variance_ytd; /* January to it */
} mo_ap_budget_row;

typedef int (*mo_ap_budget_cb)(void *ud, const mo_ap_budget_row *r);

/* The budget against the actual for month (YYYYMM) and its year to date:
 * one row per category of the chart in order, then "expenses" and "net".
 * An audited payable.read (record "budget:YYYY-MM"). */
int mo_ap_budget_report(mo_practice *p, const char *actor, int month,
			mo_ap_budget_cb cb, void *ud, mo_err *e);

/* What collections were from_day to to_day: the ledger's payment and
 * refund entries on cash, card and bank (no audit: a part of a read). */
int mo_ap_collections(mo_practice *p, int32_t from_day, int32_t to_day,
		      int64_t *cents, mo_err *e);

/* The payroll hook: what payroll cost from_day to to_day besides the
 * bills filed under payroll (a payroll service's fees, employer taxes):
 * the gross pay of the pay periods ending on those days, as last exported
 * for the payroll service (timecard.h mo_tc_export; a period exported
 * again counts once). No audit. */
int mo_ap_payroll_actual(mo_practice *p, int32_t from_day, int32_t to_day,
			 int64_t *cents, mo_err *e);

/* ---- the one task list ---- */

/* The due source of this area (due.h): bills not paid in full nor void
 * that fall due within 7 days of through or are overdue (source
 * "payable", due the bill's due day, action payable.pay, record
 * "bill:N"), and statement lines not matched within 5 days of the later
 * of their day and their import (source "bank", due that day plus 5,
 * action bank.match, record "bank_line:N"), soonest first within each
 * source. Reads only. */
int mo_ap_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e);

#endif
