/* test_payable.c: unit tests of core/payable.c, bank.c, bank_csv.c and
 * budget.c (accounts payable, the bank, budgets) on a practice of its own
 * with job permissions (an owner, an office manager, a clerk who enters
 * bills and reconciles, a nurse who may do none of it), an org chart and
 * a C route hook standing in for the policies' "bill_payment" approval
 * (guarding payable.pay above 1000.00): every refusal of a vendor, a
 * bill, a payment, a statement, a match and a budget with its message
 * naming the field (the line and the column for a statement) and nothing
 * written; a payment larger than the bill or than what is left of it;
 * payments through an approval request, approved or needing none; the
 * CSV reader (quoting, line breaks in fields, a byte order mark, debit
 * and credit columns, "$1,234.56" and "(12.00)"); the import of the
 * fixture statements and the matching to deposits and bill payments (by
 * check number and by date), by hand, undone and never redone by itself;
 * the deposit register and what is outstanding; the budget report; the
 * task list's items; the append-only triggers. It uses cmocka, FIXTURES
 * (tests/fixtures/bank) and MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "approval.h"
#include "org.h"
#include "patient.h"
#include "payable.h"
#include "payable_int.h"
#include "payment.h"
#include "perm.h"
#include "units.h"

#define NOW "2026-11-23T15:00:00Z"

static const char YAML[] =
	"practice:\n"
	"  name: Payables Test Clinic\n"
	"  timezone: UTC\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: owner, name: Olga Owner, job: owner}\n"
	"  - {id: om, name: Omar Manager, job: office_manager}\n"
	"  - {id: clerk, name: Cleo Clerk, job: clerk}\n"
	"  - {id: nurse, name: Nina Nurse, job: nurse}\n";

#define ALL_AP "payable.vendor", "payable.enter", "payable.approve", \
	"payable.void", "payable.pay", "payable.read", "bank.import",     \
	"bank.match", "budget.set"
static const char *const OWNER_MAY[] = {ALL_AP, "approval.request",
	"approval.decide", "payment.collect", "payment.deposit"};
static const char *const OM_MAY[] = {ALL_AP, "approval.request",
	"approval.decide", "payment.collect", "payment.deposit"};
static const char *const CLERK_MAY[] = {"payable.enter", "payable.read",
	"bank.import", "bank.match", "approval.request"};
static const char *const NURSE_MAY[] = {"patient.read"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "owner", .title = "Owner", .level = "owner", MAY(OWNER_MAY)},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "owner", MAY(OM_MAY)},
	{.id = "clerk", .title = "Clerk", .level = "staff",
	 .reports_to = "office_manager", MAY(CLERK_MAY)},
	{.id = "nurse", .title = "Nurse", .level = "staff",
	 .reports_to = "office_manager", MAY(NURSE_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the route hook: "bill_payment" guarding payable.pay ---- */

static const char *guarded = "payable.pay";

static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	pfx_route_spec spec = {"bill_payment", "approval bill_payment (test.lua:1)", guarded, 100000, "owner", "office_manager", "over 1000.00", "1000.00 or less"};
	(void)ud;
	return pfx_route(&spec, kind, requester, f, n, r, e);
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	int32_t today;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	guarded = "payable.pay";
	setenv("MEDOFFICE_NOW", NOW, 1);
	if (pfx_open("payable", YAML, f->dir, &f->p))
		return -1;
	if (pfx_jobs(f->p, JOBS, NJOBS, &(mo_hooks){NULL, NULL, route, NULL, NULL}, &f->perm,
		     &f->org))
		return -1;
	f->today = mo_days_from_civil(2026, 11, 23);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	pfx_jobs_free(f->perm, f->org);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* ---- helpers ---- */

static int32_t day(int m, int d)
{
	return mo_days_from_civil(2026, m, d);
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM vendor",
	"SELECT count(*) FROM bill",
	"SELECT count(*) FROM bill_payment",
	"SELECT count(*) FROM request",
	"SELECT count(*) FROM bank_import",
	"SELECT count(*) FROM bank_line",
	"SELECT count(*) FROM bank_match WHERE undone_us IS NULL",
	"SELECT count(*) FROM budget",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	"SELECT coalesce(sum(paid), 0) FROM bill",
	"SELECT coalesce(sum(length(name) + terms + active), 0) FROM vendor",
	NULL,
};
enum {
	S_VENDORS, S_BILLS, S_PAYMENTS, S_REQUESTS, S_IMPORTS, S_LINES,
	S_MATCHES, S_BUDGETS, S_AUDIT, S_ALLOWED, S_PAID, S_VENDOR_SUM
};

static int64_t vendor(fixture *f, const char *name, const char *cat,
		      int terms)
{
	mo_ap_vendor_new in = {name, cat, terms, NULL, NULL};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_ap_vendor_add(f->p, "om", &in, &id, &e))
		fail_msg("vendor: %s", e.msg);
	return id;
}

static int64_t bill(fixture *f, const char *vendor_, const char *number,
		    int32_t issued, int64_t amount)
{
	mo_ap_bill_new in = {vendor_, number, issued, 0, NULL, amount, NULL};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_ap_bill_enter(f->p, "clerk", &in, &id, &e))
		fail_msg("bill: %s", e.msg);
	return id;
}

/* Pays at once as the owner (no approval needed); the payment's id. */
static int64_t pay(fixture *f, int64_t b, int64_t amount, const char *method,
		   const char *ref, int32_t on)
{
	mo_ap_pay_new in = {b, amount, method, ref, on};
	int64_t req = 0;
	mo_err e = {0};
	if (mo_ap_pay_request(f->p, "owner", &in, &req, &e))
		fail_msg("pay: %s", e.msg);
	return query_int(f->p, "SELECT max(id) FROM bill_payment");
}

static void vendor_refused(fixture *f, mo_ap_vendor_new in, int rc,
			   const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_ap_vendor_add(f->p, "om", &in, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void bill_refused(fixture *f, mo_ap_bill_new in, int rc,
			 const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_ap_bill_enter(f->p, "clerk", &in, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void pay_refused(fixture *f, mo_ap_pay_new in, int rc, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_ap_pay_check(f->p, &in, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(mo_ap_pay_request(f->p, "clerk", &in, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(mo_ap_pay(f->p, "om", &in, 0, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

/* ---- categories and vendors ---- */

static void test_categories(void **state)
{
	(void)state;
	assert_string_equal(mo_ap_categories[0].id, "rent");
	assert_non_null(mo_ap_category_find("medical_supplies"));
	assert_true(mo_ap_category_find("collections")->income);
	assert_false(mo_ap_category_find("payroll")->income);
	assert_null(mo_ap_category_find("food"));
	assert_null(mo_ap_category_find(NULL));
}

static void test_vendor_refused(void **state)
{
	fixture *f = *state;
	vendor(f, "Acme Medical Supply", "medical_supplies", 30);
	vendor_refused(f, (mo_ap_vendor_new){"", "rent", 30, NULL, NULL},
		       MO_EINVAL, "vendor name: expected one line of 1 to 100 "
		       "characters (no spaces around it)");
	vendor_refused(f, (mo_ap_vendor_new){"1234", "rent", 30, NULL, NULL},
		       MO_EINVAL, "vendor name: a number names a vendor by its "
		       "id; give a name with a letter");
	vendor_refused(f, (mo_ap_vendor_new){"Lakeside", "rnet", 30, NULL,
					     NULL}, MO_EINVAL,
		       "vendor category: expected an expense category (rent, "
		       "utilities, supplies, medical_supplies, services, "
		       "payroll, insurance, equipment or other), got \"rnet\" "
		       "(did you mean rent?)");
	vendor_refused(f, (mo_ap_vendor_new){"Lakeside", "collections", 30,
					     NULL, NULL}, MO_EINVAL,
		       "vendor category: expected an expense category (rent, "
		       "utilities, supplies, medical_supplies, services, "
		       "payroll, insurance, equipment or other), got "
		       "\"collections\"");
	vendor_refused(f, (mo_ap_vendor_new){"Lakeside", "rent", 400, NULL,
					     NULL}, MO_EINVAL,
		       "vendor terms: expected 0 to 365 days from the bill to "
		       "its due day, got 400");
	vendor_refused(f, (mo_ap_vendor_new){"Lakeside", "rent", 0, "a\nb",
					     NULL}, MO_EINVAL,
		       "vendor account: expected one line of 1 to 40 "
		       "characters (no spaces around it)");
	vendor_refused(f, (mo_ap_vendor_new){"Lakeside", "rent", 0, NULL,
					     "555-0100"}, MO_EINVAL,
		       "vendor phone: expected a 10-digit phone number such as "
		       "(217) 555-0123, got \"555-0100\"");
	vendor_refused(f, (mo_ap_vendor_new){"ACME medical supply", "rent", 0,
					     NULL, NULL}, MO_EEXIST,
		       "vendor name: \"ACME medical supply\" is vendor 1 "
		       "already");
}

static int keep_vendor(void *ud, const mo_ap_vendor *v)
{
	char *out = ud;
	snprintf(out + strlen(out), 256 - strlen(out), "%s|%s|%d|%s|%d;",
		 v->name, v->category, v->terms, v->phone ? v->phone : "-",
		 v->active);
	return 0;
}

static void test_vendor_update(void **state)
{
	fixture *f = *state;
	int64_t id = vendor(f, "Northern Power", "utilities", 15), found = 0;
	mo_ap_vendor_change c = {NULL, NULL, 20, NULL, "(651) 555-0100", -1};
	pfx_snap before;
	char out[256] = "";
	mo_err e = {0};
	assert_int_equal(mo_ap_vendor_update(f->p, "om", id, &c, &e), 0);
	assert_int_equal(audit_entries(f->p, "om", "payable.vendor",
				       "vendor:1"), 2);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_ap_vendor_update(f->p, "om", id, &c, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "vendor 1: nothing to change");
	assert_int_equal(mo_ap_vendor_update(f->p, "om", 9, &c, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "no vendor 9");
	pfx_snap_same(f->p, &before);
	c = (mo_ap_vendor_change){NULL, NULL, -1, NULL, "", 0};
	assert_int_equal(mo_ap_vendor_update(f->p, "om", id, &c, &e), 0);
	assert_int_equal(mo_ap_vendors(f->p, "om", false, keep_vendor, out,
				       &e), 0);
	assert_string_equal(out, "");
	assert_int_equal(mo_ap_vendors(f->p, "om", true, keep_vendor, out,
				       &e), 0);
	assert_string_equal(out, "Northern Power|utilities|20|-|0;");
	bill_refused(f, (mo_ap_bill_new){"northern power", "8812",
		     day(11, 5), 0, NULL, 18634, NULL}, MO_EINVAL,
		     "bill vendor: vendor 1 (Northern Power) is inactive; "
		     "reactivate it first");
	assert_int_equal(mo_ap_vendor_find(f->p, "bill vendor", "1", &found,
					   &e), 0);
	assert_int_equal(found, id);
	assert_int_equal(mo_ap_vendor_find(f->p, "bill vendor", "NORTHERN "
					   "POWER", &found, &e), 0);
	assert_int_equal(mo_ap_vendor_find(f->p, "bill vendor", "Nothern "
					   "Power", &found, &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "bill vendor: no vendor named \"Nothern "
			    "Power\" (did you mean \"Northern Power\"?)");
	assert_int_equal(mo_ap_vendor_find(f->p, "bill vendor", "7", &found,
					   &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "bill vendor: no vendor 7");
}

static void test_vendor_denied(void **state)
{
	fixture *f = *state;
	mo_ap_vendor_new in = {"Lakeside", "rent", 0, NULL, NULL};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_ap_vendor_add(f->p, "clerk", &in, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "clerk may not payable.vendor");
	assert_int_equal(query_int(f->p, STATE[S_VENDORS]),
			 before.v[S_VENDORS]);
}

/* ---- bills ---- */

static void test_bill_refused(void **state)
{
	fixture *f = *state;
	vendor(f, "Acme Medical Supply", "medical_supplies", 30);
	bill(f, "Acme Medical Supply", "INV-1042", day(11, 2), 41250);
	bill_refused(f, (mo_ap_bill_new){"Acme Medical Suply", "INV-1",
		     day(11, 2), 0, NULL, 100, NULL}, MO_ENOTFOUND,
		     "bill vendor: no vendor named \"Acme Medical Suply\" "
		     "(did you mean \"Acme Medical Supply\"?)");
	bill_refused(f, (mo_ap_bill_new){"42", "INV-1", day(11, 2), 0, NULL,
		     100, NULL}, MO_ENOTFOUND, "bill vendor: no vendor 42");
	bill_refused(f, (mo_ap_bill_new){NULL, "INV-1", day(11, 2), 0, NULL,
		     100, NULL}, MO_EINVAL, "bill vendor: expected a vendor's "
		     "id or name");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 2), 0,
		     "gloves", 100, NULL}, MO_EINVAL, "bill category: expected "
		     "an expense category (rent, utilities, supplies, "
		     "medical_supplies, services, payroll, insurance, "
		     "equipment or other), got \"gloves\"");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 2), 0, NULL, 0,
		     NULL}, MO_EINVAL, "bill amount: expected more than 0.00 "
		     "and at most 10000000.00, got 0.00");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 2), 0, NULL,
		     -500, NULL}, MO_EINVAL, "bill amount: expected more than "
		     "0.00 and at most 10000000.00, got -5.00");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 24), 0, NULL,
		     100, NULL}, MO_EINVAL, "bill issued: 2026-11-24 is after "
		     "today (2026-11-23)");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", 0, 0, NULL, 100, NULL},
		     MO_EINVAL, "bill issued: the day the bill was issued is "
		     "required");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 2), day(11, 1),
		     NULL, 100, NULL}, MO_EINVAL, "bill due: 2026-11-01 is "
		     "before the day it was issued (2026-11-02)");
	bill_refused(f, (mo_ap_bill_new){"1", "", day(11, 2), 0, NULL, 100,
		     NULL}, MO_EINVAL, "bill number: expected one line of 1 to "
		     "40 characters (no spaces around it)");
	bill_refused(f, (mo_ap_bill_new){"1", "INV-1", day(11, 2), 0, NULL,
		     100, "two\nlines"}, MO_EINVAL, "bill memo: expected one "
		     "line of 1 to 200 characters (no spaces around it)");
	bill_refused(f, (mo_ap_bill_new){"acme medical supply", "INV-1042",
		     day(11, 3), 0, NULL, 100, NULL}, MO_EEXIST,
		     "bill number: Acme Medical Supply's bill INV-1042 is bill "
		     "1 already");
}

typedef struct bills_seen {
	int n;
	char text[512];
} bills_seen;

static int keep_bill(void *ud, const mo_ap_bill *b)
{
	bills_seen *s = ud;
	char d[11];
	s->n++;
	snprintf(s->text + strlen(s->text), sizeof s->text - strlen(s->text),
		 "%lld %s %s %s %lld/%lld;", (long long)b->id, b->number,
		 mo_date_format(b->due_day, d), b->status,
		 (long long)b->paid, (long long)b->amount);
	return 0;
}

static bills_seen list_bills(fixture *f, mo_ap_bill_filter q)
{
	bills_seen s = {0, ""};
	mo_err e = {0};
	if (mo_ap_bills(f->p, "clerk", &q, keep_bill, &s, &e))
		fail_msg("bills: %s", e.msg);
	return s;
}

static void test_bill_lifecycle(void **state)
{
	fixture *f = *state;
	int64_t acme = vendor(f, "Acme Medical Supply", "medical_supplies", 30);
	int64_t rent = vendor(f, "Lakeside Properties", "rent", 0);
	int64_t b1 = bill(f, "Acme Medical Supply", "INV-1042", day(11, 2),
			  41250);
	int64_t b2 = bill(f, "2", "NOV-2026", day(11, 1), 450000);
	mo_ap_bill_new in = {"1", "INV-1050", day(11, 10), day(11, 30),
			     "supplies", 2300, "toner"};
	int64_t b3;
	pfx_snap before;
	mo_err e = {0};
	assert_int_equal(mo_ap_bill_enter(f->p, "clerk", &in, &b3, &e), 0);
	assert_int_equal(audit_entries(f->p, "clerk", "payable.enter",
				       "bill:3"), 1);
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){0}).text,
			    "2 NOV-2026 2026-11-01 open 0/450000;"
			    "3 INV-1050 2026-11-30 open 0/2300;"
			    "1 INV-1042 2026-12-02 open 0/41250;");
	assert_int_equal(mo_ap_bill_approve(f->p, "om", b1, &e), 0);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_ap_bill_approve(f->p, "om", b1, &e), MO_EINVAL);
	assert_string_equal(e.msg, "bill 1: only an open bill is approved for "
			    "payment; it is approved");
	assert_int_equal(mo_ap_bill_approve(f->p, "clerk", b2, &e),
			 MO_EDENIED);
	assert_int_equal(mo_ap_bill_void(f->p, "om", b3, "", &e), MO_EINVAL);
	assert_string_equal(e.msg, "bill void reason: expected one line of 1 "
			    "to 200 characters (no spaces around it)");
	assert_int_equal(mo_ap_bill_void(f->p, "om", 99, "typo", &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "no bill 99");
	pfx_snap_same(f->p, &before);
	assert_int_equal(mo_ap_bill_void(f->p, "om", b3, "entered twice", &e),
			 0);
	assert_int_equal(mo_ap_bill_void(f->p, "om", b3, "again", &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bill 3 is void already");
	pay(f, b2, 100000, "ach", NULL, day(11, 2));
	assert_int_equal(mo_ap_bill_void(f->p, "om", b2, "wrong", &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bill 2: 1000.00 of it is paid; a bill with "
			    "payments is not voided");
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){0, "unpaid",
						      NULL, 0}).text,
			    "2 NOV-2026 2026-11-01 part-paid 100000/450000;"
			    "1 INV-1042 2026-12-02 approved 0/41250;");
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){rent, NULL,
						      NULL, 0}).text,
			    "2 NOV-2026 2026-11-01 part-paid 100000/450000;");
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){acme, "void",
						      NULL, 0}).text,
			    "3 INV-1050 2026-11-30 void 0/2300;");
	assert_int_equal(list_bills(f, (mo_ap_bill_filter){0, NULL,
				    "medical_supplies", day(11, 30)}).n, 0);
	assert_int_equal(mo_ap_bills(f->p, "clerk", &(mo_ap_bill_filter){0,
				     "overdue", NULL, 0}, keep_bill,
				     &(bills_seen){0, ""}, &e), MO_EINVAL);
	assert_string_equal(e.msg, "bill status: expected open, approved, "
			    "part-paid, paid, void or unpaid, got \"overdue\"");
	assert_int_equal(mo_ap_bills(f->p, "nurse", NULL, keep_bill,
				     &(bills_seen){0, ""}, &e), MO_EDENIED);
}

/* ---- paying ---- */

static void test_pay_refused(void **state)
{
	fixture *f = *state;
	int64_t b;
	vendor(f, "Acme Medical Supply", "medical_supplies", 30);
	b = bill(f, "1", "INV-1042", day(11, 2), 41250);
	pay_refused(f, (mo_ap_pay_new){b, 41300, "check", "1043", 0},
		    MO_EINVAL, "bill payment amount: 413.00 is more than the "
		    "412.50 left of bill 1 (412.50 billed, 0.00 paid)");
	pay(f, b, 20000, "check", "1043", day(11, 5));
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){0}).text,
			    "1 INV-1042 2026-12-02 part-paid 20000/41250;");
	pay_refused(f, (mo_ap_pay_new){b, 21300, "check", "1044", 0},
		    MO_EINVAL, "bill payment amount: 213.00 is more than the "
		    "212.50 left of bill 1 (412.50 billed, 200.00 paid)");
	pay_refused(f, (mo_ap_pay_new){b, 0, "check", "1044", 0}, MO_EINVAL,
		    "bill payment amount: expected more than 0.00 and at most "
		    "10000000.00, got 0.00");
	pay_refused(f, (mo_ap_pay_new){b, 100, "cash", NULL, 0}, MO_EINVAL,
		    "bill payment method: expected check, ach or card, got "
		    "\"cash\"");
	pay_refused(f, (mo_ap_pay_new){b, 100, "check", NULL, 0}, MO_EINVAL,
		    "bill payment reference: a check needs its number (1 to 20 "
		    "digits), got none");
	pay_refused(f, (mo_ap_pay_new){b, 100, "card", "4111111111111111", 0},
		    MO_EINVAL, "bill payment reference: for a card give only "
		    "its last 4 digits (never the card number), got a card "
		    "number");
	pay_refused(f, (mo_ap_pay_new){b, 100, "ach", "ref #1", 0}, MO_EINVAL,
		    "bill payment reference: an ACH confirmation is 1 to 40 "
		    "letters, digits and dashes, got \"ref #1\"");
	pay_refused(f, (mo_ap_pay_new){b, 100, "ach", NULL, day(11, 24)},
		    MO_EINVAL, "bill payment date: 2026-11-24 is after today "
		    "(2026-11-23)");
	pay_refused(f, (mo_ap_pay_new){b, 100, "ach", NULL, day(11, 1)},
		    MO_EINVAL, "bill payment date: 2026-11-01 is before the "
		    "bill was issued (2026-11-02)");
	pay_refused(f, (mo_ap_pay_new){77, 100, "ach", NULL, 0}, MO_ENOTFOUND,
		    "bill payment bill: no bill 77");
	pay(f, b, 21250, "card", "4242", 0);
	pay_refused(f, (mo_ap_pay_new){b, 100, "ach", NULL, 0}, MO_EINVAL,
		    "bill payment bill: bill 1 is paid in full already");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM bill WHERE "
				   "status = 'paid' AND paid = 41250"), 1);
}

static void test_pay_through_approval(void **state)
{
	fixture *f = *state;
	int64_t b, req = 0;
	mo_ap_pay_new in;
	pfx_snap before;
	mo_err e = {0};
	vendor(f, "Lakeside Properties", "rent", 0);
	b = bill(f, "1", "NOV-2026", day(11, 1), 450000);
	in = (mo_ap_pay_new){b, 450000, "ach", "ACH-1102", day(11, 2)};
	assert_int_equal(mo_ap_pay_request(f->p, "clerk", &in, &req, &e), 0);
	/* while it is open, a second request for the same bill may ask only
	 * for what would be left once it is paid: nothing here */
	before = pfx_snap_take(f->p, STATE);
	in.amount = 100;
	assert_int_equal(mo_ap_pay_request(f->p, "clerk", &in, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bill payment amount: 1.00 is more than "
			    "the 0.00 left of bill 1 once the open payment "
			    "requests (4500.00 asked, request 1 first) are "
			    "paid; decide or withdraw them first");
	pfx_snap_same(f->p, &before);
	in.amount = 450000;
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM bill_payment"),
			 0);
	assert_int_equal(query_int(f->p, "SELECT json_extract(facts, '$.bill') "
				   "FROM request"), b);
	assert_int_equal(mo_approval_decide(f->p, "om", req, true, "ok", &e),
			 0);
	assert_string_equal(list_bills(f, (mo_ap_bill_filter){0}).text,
			    "1 NOV-2026 2026-11-01 paid 450000/450000;");
	assert_int_equal(query_int(f->p, "SELECT request FROM bill_payment"),
			 req);
	assert_int_equal(query_int(f->p, "SELECT day FROM bill_payment"),
			 day(11, 2));
	assert_int_equal(audit_entries(f->p, "om", "payable.pay", "bill:1"),
			 1);
	/* a policy whose bill_payment guards nothing is refused */
	b = bill(f, "1", "DEC-2026", day(11, 20), 450000);
	guarded = "";
	before = pfx_snap_take(f->p, STATE);
	in.bill = b;
	in.day = 0;
	assert_int_equal(mo_ap_pay_request(f->p, "clerk", &in, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bill payment: the approval "
			    "\"bill_payment\" (approval bill_payment "
			    "(test.lua:1)) does not guard payable.pay; add "
			    "action = \"payable.pay\" to it so that approving "
			    "it pays the bill");
	pfx_snap_same(f->p, &before);
}

/* The guarded action reads the facts of a request filed by other means
 * (medoffice request ... --fact bill=N). */
static void test_pay_guard_facts(void **state)
{
	fixture *f = *state;
	mo_fact facts[] = {{"bill", MO_FACT_INT, NULL, 1},
			   {"method", MO_FACT_STR, "check", 0},
			   {"reference", MO_FACT_STR, "1043", 0}};
	mo_request_new r = {"bill_payment", "rent", true, 500000, facts, 3};
	pfx_snap before;
	int64_t req;
	mo_err e = {0};
	vendor(f, "Lakeside Properties", "rent", 0);
	bill(f, "1", "NOV-2026", day(11, 1), 450000);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_approval_request(f->p, "clerk", &r, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bill payment amount: 5000.00 is more than "
			    "the 4500.00 left of bill 1 (4500.00 billed, 0.00 "
			    "paid)");
	r.nfacts = 0;
	assert_int_equal(mo_approval_request(f->p, "clerk", &r, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "payable.pay: the fact bill is the number "
			    "of the bill to pay, such as bill=12");
	pfx_snap_same(f->p, &before);
	r.nfacts = 3;
	r.amount = 1000;
	assert_int_equal(mo_approval_request(f->p, "clerk", &r, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT paid FROM bill"), 1000);
}

/* ---- the CSV reader ---- */

static mo_ap_map map_of(const char *text)
{
	mo_ap_map m;
	mo_err e = {0};
	if (mo_ap_map_parse(text, &m, &e))
		fail_msg("map: %s", e.msg);
	return m;
}

static void map_refused(const char *text, const char *msg)
{
	mo_ap_map m;
	mo_err e = {0};
	assert_int_equal(mo_ap_map_parse(text, &m, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
}

static void test_map(void **state)
{
	mo_ap_map m = map_of(" date = Posting Date ,amount=4, format="
			     "MM/DD/YYYY,header=no,skip=2");
	char buf[256];
	(void)state;
	assert_string_equal(m.date, "Posting Date");
	assert_string_equal(m.amount, "4");
	assert_int_equal(m.date_format, MO_AP_DATE_MDY);
	assert_false(m.header);
	assert_int_equal(m.skip, 2);
	assert_string_equal(mo_ap_map_format(&m, buf, sizeof buf),
			    "date=Posting Date,amount=4,format=MM/DD/YYYY,"
			    "header=no,skip=2");
	map_refused("amount=Amount", "bank map: date= is required (the column "
		    "of each line's date)");
	map_refused("date=Date", "bank map: give amount= (one column, money in "
		    "above 0) or both debit= and credit= (money out, money "
		    "in)");
	map_refused("date=Date,amount=A,debit=D", "bank map: give amount= (one "
		    "column, money in above 0) or both debit= and credit= "
		    "(money out, money in)");
	map_refused("date=Date,debit=D", "bank map: give amount= (one column, "
		    "money in above 0) or both debit= and credit= (money out, "
		    "money in)");
	map_refused("date=Date,amout=A", "bank map: unknown key \"amout\" (did "
		    "you mean amount?) (keys: date, amount, debit, credit, "
		    "description, reference, format, header, skip)");
	map_refused("date=Date,date=D", "bank map date: given twice");
	map_refused("date=0,amount=A", "bank map date: column numbers are 1 to "
		    "999");
	map_refused("date=Date,amount", "bank map: expected key=value, got "
		    "\"amount\"");
	map_refused("date=Date,amount=A,format=DD.MM.YYYY", "bank map format: "
		    "expected YYYY-MM-DD or MM/DD/YYYY, got \"DD.MM.YYYY\"");
	map_refused("date=Date,amount=A,header=maybe", "bank map header: "
		    "expected yes or no, got \"maybe\"");
	map_refused("date=Date,amount=A,skip=30", "bank map skip: expected 0 "
		    "to 20 lines, got \"30\"");
	map_refused("date=,amount=A", "bank map date: expected a column's name "
		    "(1 to 63 bytes) or number");
}

static mo_ap_statement read_ok(const char *csv, const char *map)
{
	mo_ap_map m = map_of(map);
	mo_ap_statement s = {NULL, 0, 0};
	mo_err e = {0};
	if (mo_ap_csv_read(csv, strlen(csv), &m, day(11, 23), &s, &e))
		fail_msg("read: %s", e.msg);
	return s;
}

static void read_refused(const char *csv, const char *map, const char *msg)
{
	mo_ap_map m = map_of(map);
	mo_ap_statement s = {NULL, 0, 0};
	mo_err e = {0};
	assert_int_equal(mo_ap_csv_read(csv, strlen(csv), &m, day(11, 23), &s,
					&e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	mo_ap_statement_free(&s);
}

#define AMOUNT_MAP "date=Date,amount=Amount,description=Description"

static void test_csv_read(void **state)
{
	mo_ap_statement s;
	(void)state;
	s = read_ok("\xEF\xBB\xBF" "Date,Description,Amount\r\n"
		    "2026-11-02,\"Rent, November\",-4500.00\r\n\r\n"
		    "2026-11-03,\"He said \"\"paid\"\"\",\"$1,283.40\"\r\n"
		    "2026-11-04,\"two\nlines\",(12.00)\r\n"
		    "2026-11-05,,-$7\r\n"
		    ",,\r\n"
		    "2026-11-06,last,+0.50", AMOUNT_MAP);
	assert_int_equal(s.n, 5);
	assert_int_equal(s.lines[0].row, 2);
	assert_int_equal(s.lines[0].amount, -450000);
	assert_string_equal(s.lines[0].description, "Rent, November");
	assert_int_equal(s.lines[1].row, 4);
	assert_int_equal(s.lines[1].amount, 128340);
	assert_string_equal(s.lines[1].description, "He said \"paid\"");
	assert_int_equal(s.lines[2].row, 5);
	assert_int_equal(s.lines[2].amount, -1200);
	assert_string_equal(s.lines[2].description, "two lines");
	assert_int_equal(s.lines[3].row, 7);
	assert_int_equal(s.lines[3].amount, -700);
	assert_null(s.lines[3].description);
	assert_int_equal(s.lines[4].row, 9);
	assert_int_equal(s.lines[4].amount, 50);
	assert_int_equal(s.lines[4].day, day(11, 6));
	mo_ap_statement_free(&s);
	s = read_ok("Statement\nAccount 4417\n11/2/2026,Check,\"4,500.00\",,"
		    "1043\n11/20/2026,Deposit,,145.00,\n", "date=1,debit=3,"
		    "credit=4,description=2,reference=5,header=no,skip=2,"
		    "format=MM/DD/YYYY");
	assert_int_equal(s.n, 2);
	assert_int_equal(s.lines[0].day, day(11, 2));
	assert_int_equal(s.lines[0].amount, -450000);
	assert_string_equal(s.lines[0].reference, "1043");
	assert_int_equal(s.lines[1].amount, 14500);
	assert_null(s.lines[1].reference);
	mo_ap_statement_free(&s);
}

static void test_csv_refused(void **state)
{
	(void)state;
	read_refused("Date,Amount,Description\n2026-11-02,-12.00,ok\n"
		     "2026-11-03,\"12.00\"x,bad\n", AMOUNT_MAP,
		     "bank statement line 3, column 2: bad quoting at "
		     "character 19 (a quote inside an unquoted field, or text "
		     "after a closing quote)");
	read_refused("Date,Amount,Description\n2026-11-02,-12.00,ab\"c\n",
		     AMOUNT_MAP, "bank statement line 2, column 3: bad quoting "
		     "at character 21 (a quote inside an unquoted field, or "
		     "text after a closing quote)");
	read_refused("Date,Amount,Description\n2026-11-02,-12.00,ok\n"
		     "2026-11-03,1.00,\"never\nclosed\n", AMOUNT_MAP,
		     "bank statement line 3, column 3: a quoted field is not "
		     "closed (it runs to the end of the file)");
	read_refused("Date,Amount,Description\n2026-11-02,12.3.4,bad\n",
		     AMOUNT_MAP, "bank statement line 2, column 2 (Amount): "
		     "expected an amount such as 1234.56, -1,234.56 or "
		     "(12.00), got \"12.3.4\"");
	read_refused("Date,Amount,Description\n2026-11-02,\"1,23.40\",bad\n",
		     AMOUNT_MAP, "bank statement line 2, column 2 (Amount): "
		     "expected an amount such as 1234.56, -1,234.56 or "
		     "(12.00), got \"1,23.40\"");
	read_refused("Date,Amount,Description\n2026-11-02,0.00,zero\n",
		     AMOUNT_MAP, "bank statement line 2, column 2 (Amount): an "
		     "amount of 0.00 moves no money");
	read_refused("Date,Amount,Description\n2026-11-02,,none\n", AMOUNT_MAP,
		     "bank statement line 2, column 2 (Amount): expected an "
		     "amount such as 1234.56, -1,234.56 or (12.00), got \"\"");
	read_refused("Date,Amount,Description\n11/02/2026,1.00,x\n",
		     AMOUNT_MAP, "bank statement line 2, column 1 (Date): "
		     "expected a date such as 2026-11-23 (format=YYYY-MM-DD), "
		     "got \"11/02/2026\"");
	read_refused("Date,Amount\n2026-02-30,1.00\n", "date=Date,amount="
		     "Amount", "bank statement line 2, column 1 (Date): "
		     "expected a date such as 2026-11-23 (format=YYYY-MM-DD), "
		     "got \"2026-02-30\"");
	read_refused("Date,Amount\n12/11/2026,1.00\n", "date=Date,amount="
		     "Amount,format=MM/DD/YYYY", "bank statement line 2, "
		     "column 1 (Date): 2026-12-11 is after today (2026-11-23); "
		     "is the map's format= right?");
	read_refused("D,Out,In\n2026-11-02,5.00,5.00\n", "date=D,debit=Out,"
		     "credit=In", "bank statement line 2, column 2 (Out): both "
		     "the debit and the credit column have an amount");
	read_refused("D,Out,In\n2026-11-02,,\n", "date=D,debit=Out,credit=In",
		     "bank statement line 2, column 2 (Out): no amount in the "
		     "debit or the credit column");
	read_refused("Date,Amount,Description\n2026-11-02,1.00\n", AMOUNT_MAP,
		     "bank statement line 2: 2 columns, but the map reads "
		     "column 3 (description)");
	read_refused("Date,Amount\n2026-11-02,1.00\n", "date=Datum,amount="
		     "Amount", "bank map date: no column named \"Datum\" in "
		     "the header (line 1: Date, Amount)");
	read_refused("2026-11-02,1.00\n", "date=Date,amount=2,header=no",
		     "bank map date: \"Date\" names a column, but the map says "
		     "header=no; give the column's number");
	read_refused("Date,Amount\n", "date=Date,amount=Amount",
		     "bank statement: no lines after the header");
}

/* A NUL inside the text: strlen stops there, so this one gives the
 * length. */
static void test_csv_nul(void **state)
{
	static const char csv[] = "Date,Amount\n2026-11-02,1.00\0\n";
	mo_ap_map m = map_of("date=1,amount=2");
	mo_ap_statement s = {NULL, 0, 0};
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_ap_csv_read(csv, sizeof csv - 1, &m, day(11, 23),
					&s, &e), MO_EINVAL);
	assert_string_equal(e.msg, "bank statement: a NUL byte at byte 28; "
			    "this is not a CSV text file");
	mo_ap_statement_free(&s);
}

/* ---- importing and matching ---- */

#define FIRSTCITY_MAP "date=Posting Date,amount=Amount,description=" \
	"Description,reference=Check or Slip #,format=MM/DD/YYYY"

static int64_t patient(fixture *f)
{
	mo_patient_new in = {.family = "Garcia", .given = "Ana",
			     .has_birth_day = true, .sex = "female"};
	int64_t id = 0;
	mo_err e = {0};
	in.birth_day = mo_days_from_civil(1980, 2, 3);
	if (mo_patient_register(f->p, MO_ACTOR_SYSTEM, &in, false, &id, &e))
		fail_msg("register: %s", e.msg);
	return id;
}

/* A deposit of amount (one cash payment taken that day) on 2026-11-dd. */
static int64_t deposit(fixture *f, int64_t pid, int dd, int64_t amount)
{
	char now[32];
	mo_pay_new in = {pid, amount, "cash", NULL, "payment", 0};
	int64_t id = 0;
	mo_err e = {0};
	snprintf(now, sizeof now, "2026-11-%02dT15:00:00Z", dd);
	setenv("MEDOFFICE_NOW", now, 1);
	if (mo_pay_collect(f->p, "om", &in, NULL, &e) ||
	    mo_pay_deposit(f->p, "om", day(11, dd), &id, NULL, NULL, &e))
		fail_msg("deposit: %s", e.msg);
	setenv("MEDOFFICE_NOW", NOW, 1);
	return id;
}

/* The practice side of firstcity-2026-11.csv: the rent, check 1043 and
 * Northern Power paid, deposits of 145.00 on the 19th and 30.00 on the
 * 23rd, and check 1044 that no statement shows yet. */
static void practice_records(fixture *f)
{
	int64_t pid = patient(f);
	vendor(f, "Lakeside Properties", "rent", 0);
	vendor(f, "Acme Medical Supply", "medical_supplies", 30);
	vendor(f, "Northern Power", "utilities", 15);
	pay(f, bill(f, "1", "NOV-2026", day(11, 1), 450000), 450000, "ach",
	    NULL, day(11, 2));
	pay(f, bill(f, "2", "INV-1042", day(11, 2), 41250), 41250, "check",
	    "01043", day(11, 12));
	pay(f, bill(f, "3", "8812", day(11, 5), 18634), 18634, "ach", NULL,
	    day(11, 18));
	pay(f, bill(f, "2", "INV-1077", day(11, 20), 9900), 9900, "check",
	    "1044", day(11, 21));
	deposit(f, pid, 19, 14500);
	deposit(f, pid, 23, 3000);
}

static int64_t import_file(fixture *f, const char *file, const char *map,
			   mo_ap_import_summary *s)
{
	char path[256];
	size_t len;
	char *text;
	mo_ap_map m = map_of(map);
	mo_err e = {0};
	snprintf(path, sizeof path, "%s/bank/%s", FIXTURES, file);
	text = slurp(path, &len);
	if (mo_ap_bank_import(f->p, "clerk", file, text, len, &m, s, &e))
		fail_msg("import: %s", e.msg);
	free(text);
	return s->import;
}

static int keep_line(void *ud, const mo_ap_line *l)
{
	char *out = ud;
	snprintf(out + strlen(out), 1024 - strlen(out), "%lld:%s:%lld;",
		 (long long)l->id, l->kind ? l->kind : "-",
		 (long long)l->target);
	return 0;
}

static void lines_are(fixture *f, bool unmatched, const char *want)
{
	mo_ap_line_filter q = {0, 0, 0, unmatched};
	char out[1024] = "";
	mo_err e = {0};
	assert_int_equal(mo_ap_bank_lines(f->p, "clerk", &q, keep_line, out,
					  &e), 0);
	assert_string_equal(out, want);
}

static void test_import_and_match(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	practice_records(f);
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	assert_int_equal(s.import, 1);
	assert_int_equal(s.lines, 7);
	assert_int_equal(s.credits, 128340 + 14500 + 6000);
	assert_int_equal(s.debits, -(450000 + 41250 + 2500 + 18634));
	assert_int_equal(s.first_day, day(11, 2));
	assert_int_equal(s.last_day, day(11, 21));
	assert_int_equal(s.matched, 4);
	assert_int_equal(s.duplicates, 0);
	/* rent by date; check 1043 by its number (the payment is dated 6
	 * days off, its reference "01043"); Northern Power by date; the
	 * deposit of the 19th posted on the 20th */
	lines_are(f, false, "1:bill_payment:1;2:-:0;3:bill_payment:2;4:-:0;"
		  "5:bill_payment:3;6:deposit:1;7:-:0;");
	assert_int_equal(audit_entries(f->p, "clerk", "bank.import",
				       "bank_import:1"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM bank_line "
				   "WHERE description = 'CARD SETTLEMENT "
				   "MERCHANT 4471'"), 1);
}

static void match_refused(fixture *f, mo_ap_match_new in, int rc,
			  const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_ap_bank_match(f->p, "clerk", &in, &e), rc);
	assert_string_equal(e.msg, msg);
	pfx_snap_same(f->p, &before);
}

static void test_match_by_hand(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	int64_t n = -1;
	pfx_snap before;
	mo_err e = {0};
	practice_records(f);
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	match_refused(f, (mo_ap_match_new){2, 2, 0, 0, NULL}, MO_EINVAL,
		      "bank match deposit: line 2 is 1283.40, deposit 2 is "
		      "30.00 (as the bank shows it: money in above 0)");
	match_refused(f, (mo_ap_match_new){4, 0, 4, 0, NULL}, MO_EINVAL,
		      "bank match payment: line 4 is -25.00, payment 4 is "
		      "-99.00 (as the bank shows it: money in above 0)");
	match_refused(f, (mo_ap_match_new){4, 0, 0, 0, NULL}, MO_EINVAL,
		      "bank match: give one of deposit, payment, era or note");
	match_refused(f, (mo_ap_match_new){4, 1, 0, 0, "fee"}, MO_EINVAL,
		      "bank match: give one of deposit, payment, era or note");
	match_refused(f, (mo_ap_match_new){99, 0, 0, 0, "fee"}, MO_ENOTFOUND,
		      "bank match line: no statement line 99");
	match_refused(f, (mo_ap_match_new){4, 0, 0, 9, NULL}, MO_ENOTFOUND,
		      "bank match era: no remittance 9");
	match_refused(f, (mo_ap_match_new){6, 0, 0, 0, "x"}, MO_EINVAL,
		      "bank match line: line 6 is matched already (to deposit "
		      "1); unmatch it first");
	match_refused(f, (mo_ap_match_new){7, 1, 0, 0, NULL}, MO_EINVAL,
		      "bank match deposit: deposit 1 is matched already to "
		      "line 6");
	match_refused(f, (mo_ap_match_new){4, 0, 0, 0, ""}, MO_EINVAL,
		      "bank match note: expected one line of 1 to 200 "
		      "characters (no spaces around it)");
	assert_int_equal(mo_ap_bank_match(f->p, "clerk", &(mo_ap_match_new){
		4, 0, 0, 0, "monthly service fee"}, &e), 0);
	assert_int_equal(audit_entries(f->p, "clerk", "bank.match",
				       "bank_line:4"), 1);
	match_refused(f, (mo_ap_match_new){4, 0, 0, 0, "again"}, MO_EINVAL,
		      "bank match line: line 4 is explained by a note "
		      "already; unmatch it first");
	/* undone, then never matched again by itself */
	assert_int_equal(mo_ap_bank_unmatch(f->p, "om", 1, &e), 0);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_ap_bank_unmatch(f->p, "om", 1, &e), MO_EINVAL);
	assert_string_equal(e.msg, "bank unmatch line: line 1 is not matched");
	assert_int_equal(mo_ap_bank_unmatch(f->p, "om", 42, &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "bank unmatch line: no statement line 42");
	pfx_snap_same(f->p, &before);
	assert_int_equal(mo_ap_bank_reconcile(f->p, "om", &n, &e), 0);
	assert_int_equal(n, 0);
	assert_int_equal(mo_ap_bank_match(f->p, "om", &(mo_ap_match_new){
		1, 0, 1, 0, NULL}, &e), 0);
	lines_are(f, true, "2:-:0;7:-:0;");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM bank_match"), 6);
	assert_int_equal(mo_ap_bank_match(f->p, "nurse", &(mo_ap_match_new){
		7, 0, 0, 0, "card"}, &e), MO_EDENIED);
}

static void test_import_refused(void **state)
{
	fixture *f = *state;
	static const char bad[] = "Posting Date,Amount\n11/02/2026,-4500.00\n"
		"11/03/2026,\"1,283.40\n";
	mo_ap_import_summary s;
	mo_ap_map m = map_of("date=Posting Date,amount=Amount,format="
			     "MM/DD/YYYY");
	char path[256], *text;
	size_t len;
	pfx_snap before;
	mo_err e = {0};
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	before = pfx_snap_take(f->p, STATE);
	snprintf(path, sizeof path, "%s/bank/firstcity-2026-11.csv", FIXTURES);
	text = slurp(path, &len);
	assert_int_equal(mo_ap_bank_import(f->p, "clerk", "again.csv", text,
					   len, &m, &s, &e), MO_EEXIST);
	assert_string_equal(e.msg, "bank statement: this file was imported "
			    "already as statement 1 (firstcity-2026-11.csv, on "
			    "2026-11-23 by clerk)");
	free(text);
	assert_int_equal(mo_ap_bank_import(f->p, "clerk", "bad.csv", bad,
					   strlen(bad), &m, &s, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "bank statement line 3, column 2: a quoted "
			    "field is not closed (it runs to the end of the "
			    "file)");
	assert_int_equal(mo_ap_bank_import(f->p, "nurse", "ok.csv", bad, 40,
					   &m, &s, &e), MO_EDENIED);
	pfx_snap_same(f->p, &before);
}

/* The same lines exported again in another layout: imported, and said
 * to look like lines of the first statement. */
static void test_import_duplicates(void **state)
{
	fixture *f = *state;
	static const char again[] = "Posting Date,Amount,Description\n"
		"11/10/2026,-25.00,MONTHLY SERVICE FEE\n"
		"11/22/2026,-25.00,MONTHLY SERVICE FEE\n";
	mo_ap_import_summary s;
	mo_ap_map m = map_of("date=Posting Date,amount=Amount,description="
			     "Description,format=MM/DD/YYYY");
	mo_err e = {0};
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	assert_int_equal(mo_ap_bank_import(f->p, "clerk", "again.csv", again,
					   strlen(again), &m, &s, &e), 0);
	assert_int_equal(s.lines, 2);
	assert_int_equal(s.duplicates, 1);
}

static void test_prairievalley(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	practice_records(f);
	import_file(f, "prairievalley-2026-11.csv", "date=Date,debit=Debit,"
		    "credit=Credit,description=Description,reference=Check "
		    "Number,skip=2", &s);
	assert_int_equal(s.lines, 5);
	assert_int_equal(s.credits, 20500);
	assert_int_equal(s.debits, -(450000 + 41250 + 2500));
	assert_int_equal(s.matched, 3);
	lines_are(f, false, "1:bill_payment:1;2:bill_payment:2;3:-:0;"
		  "4:deposit:1;5:-:0;");
}

typedef struct register_seen {
	char text[512];
} register_seen;

static int keep_deposit(void *ud, const mo_ap_deposit *d)
{
	register_seen *r = ud;
	char a[11], b[11];
	snprintf(r->text + strlen(r->text), sizeof r->text - strlen(r->text),
		 "%lld %s %lld %s %lld;", (long long)d->id,
		 mo_date_format(d->day, a), (long long)d->total,
		 d->line_day ? mo_date_format(d->line_day, b) : "-",
		 (long long)d->line);
	return 0;
}

static int keep_outstanding(void *ud, const mo_ap_outstanding *o)
{
	register_seen *r = ud;
	char d[11];
	snprintf(r->text + strlen(r->text), sizeof r->text - strlen(r->text),
		 "%s %lld %s %lld %s;", o->kind, (long long)o->id,
		 mo_date_format(o->day, d), (long long)o->amount, o->what);
	return 0;
}

static void test_register_outstanding(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	register_seen r = {""};
	mo_err e = {0};
	practice_records(f);
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	assert_int_equal(mo_ap_bank_register(f->p, "clerk", 0, 0, keep_deposit,
					     &r, &e), 0);
	assert_string_equal(r.text, "1 2026-11-19 14500 2026-11-20 6;"
			    "2 2026-11-23 3000 - 0;");
	r.text[0] = '\0';
	assert_int_equal(mo_ap_bank_register(f->p, "clerk", day(11, 20), 0,
					     keep_deposit, &r, &e), 0);
	assert_string_equal(r.text, "2 2026-11-23 3000 - 0;");
	r.text[0] = '\0';
	assert_int_equal(mo_ap_bank_outstanding(f->p, "clerk", day(11, 23),
						keep_outstanding, &r, &e), 0);
	assert_string_equal(r.text, "bill_payment 4 2026-11-21 -9900 Acme "
			    "Medical Supply bill INV-1077, check 1044;"
			    "deposit 2 2026-11-23 3000 deposit 2 by om;");
	assert_int_equal(audit_entries(f->p, "clerk", "payable.read",
				       "deposits"), 2);
	assert_int_equal(mo_ap_bank_register(f->p, "nurse", 0, 0,
					     keep_deposit, &r, &e),
			 MO_EDENIED);
}

/* ---- budgets ---- */

static int keep_row(void *ud, const mo_ap_budget_row *r)
{
	char *out = ud;
	if (r->budget || r->actual || r->budget_ytd || r->actual_ytd)
		snprintf(out + strlen(out), 1024 - strlen(out),
			 "%s %lld/%lld/%lld %lld/%lld/%lld;", r->category,
			 (long long)r->budget, (long long)r->actual,
			 (long long)r->variance, (long long)r->budget_ytd,
			 (long long)r->actual_ytd, (long long)r->variance_ytd);
	return 0;
}

static void budget_refused(fixture *f, const char *cat, int first, int last,
			   int64_t amount, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_ap_budget_set(f->p, "om", cat, first, last, amount,
					  &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	pfx_snap_same(f->p, &before);
}

/* Payroll exported for the payroll service (timecard.h), written with
 * SQL: the period of Nov 2..15 twice (5000.00, then 5200.00 after a
 * correction), the period ending Nov 1 (3000.00) and one in October
 * (4000.00). */
static void payroll_exports(fixture *f)
{
	static const int periods[][5] = {{11, 2, 11, 15, 500000},
		{11, 2, 11, 15, 520000}, {10, 19, 11, 1, 300000},
		{10, 5, 10, 18, 400000}};
	char sql[256];
	for (size_t i = 0; i < 4; i++) {
		snprintf(sql, sizeof sql, "INSERT INTO payroll_export("
			 "first_day, last_day, rows, gross, sha256, at_us, by) "
			 "VALUES(%d, %d, 3, %d, 'x', 1, 'om')",
			 day(periods[i][0], periods[i][1]),
			 day(periods[i][2], periods[i][3]), periods[i][4]);
		exec_sql(f->p, sql);
	}
}

static void test_budget(void **state)
{
	fixture *f = *state;
	char out[1024] = "", m[8];
	int month = 0;
	mo_err e = {0};
	practice_records(f);
	assert_int_equal(mo_ap_budget_set(f->p, "om", "rent", 202601, 202612,
					  450000, &e), 0);
	assert_int_equal(mo_ap_budget_set(f->p, "om", "medical_supplies",
					  202611, 202611, 30000, &e), 0);
	assert_int_equal(mo_ap_budget_set(f->p, "om", "medical_supplies",
					  202611, 202611, 40000, &e), 0);
	assert_int_equal(mo_ap_budget_set(f->p, "om", "collections", 202610,
					  202611, 10000, &e), 0);
	assert_int_equal(audit_entries(f->p, "om", "budget.set",
				       "budget:rent"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM budget"), 16);
	budget_refused(f, "food", 202611, 202611, 100, "budget category: "
		       "expected rent, utilities, supplies, medical_supplies, "
		       "services, payroll, insurance, equipment, other or "
		       "collections, got \"food\"");
	budget_refused(f, "rent", 202612, 202611, 100, "budget month: expected "
		       "1 to 24 months, the first not after the last, got "
		       "2026-12..2026-11");
	budget_refused(f, "rent", 202601, 202801, 100, "budget month: expected "
		       "1 to 24 months, the first not after the last, got "
		       "2026-01..2028-01");
	budget_refused(f, "rent", 202613, 202613, 100, "budget month: expected "
		       "1 to 24 months, the first not after the last, got "
		       "2026-13..2026-13");
	budget_refused(f, "rent", 202611, 202611, -1, "budget amount: expected "
		       "0.00 to 10000000.00, got -0.01");
	payroll_exports(f);
	assert_int_equal(mo_ap_budget_report(f->p, "om", 202611, keep_row, out,
					     &e), 0);
	/* rent paid in November; the supplies' 412.50 + 99.00; payroll the
	 * periods ending in November (the one exported twice counts once);
	 * collections the two deposits' cash (175.00) in November, nothing
	 * in October */
	assert_string_equal(out,
		"rent 450000/450000/0 4950000/450000/4500000;"
		"utilities 0/18634/-18634 0/18634/-18634;"
		"medical_supplies 40000/51150/-11150 40000/51150/-11150;"
		"payroll 0/820000/-820000 0/1220000/-1220000;"
		"collections 10000/17500/7500 20000/17500/-2500;"
		"expenses 490000/1339784/-849784 4990000/1739784/3250216;"
		"net -480000/-1322284/-842284 -4970000/-1722284/3247716;");
	out[0] = '\0';
	assert_int_equal(mo_ap_budget_report(f->p, "om", 202610, keep_row, out,
					     &e), 0);
	assert_string_equal(out, "rent 450000/0/450000 4500000/0/4500000;"
			    "payroll 0/400000/-400000 0/400000/-400000;"
			    "collections 10000/0/-10000 10000/0/-10000;"
			    "expenses 450000/400000/50000 4500000/400000/"
			    "4100000;"
			    "net -440000/-400000/40000 -4490000/-400000/"
			    "4090000;");
	assert_int_equal(mo_ap_month_parse("2026-11", &month, &e), 0);
	assert_int_equal(month, 202611);
	assert_string_equal(mo_ap_month_format(month, m), "2026-11");
	assert_int_equal(mo_ap_month_parse("2026-1", &month, &e), MO_EINVAL);
	assert_string_equal(e.msg, "expected a month such as 2026-11, got "
			    "\"2026-1\"");
	assert_int_equal(mo_ap_month_parse("2026-13", &month, &e), MO_EINVAL);
	assert_int_equal(mo_ap_budget_set(f->p, "clerk", "rent", 202611,
					  202611, 1, &e), MO_EDENIED);
}

/* ---- the task list ---- */

static int keep_due(void *ud, const mo_due_item *it)
{
	char *out = ud, d[11];
	snprintf(out + strlen(out), 1024 - strlen(out), "%s|%s|%s|%s|%s;",
		 it->source, mo_date_format(it->due, d), it->action,
		 it->record, it->what);
	return 0;
}

static void test_due(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	char out[1024] = "";
	mo_err e = {0};
	mo_ap_bill_new in = {"1", "JAN-2027", day(11, 23), day(12, 1), NULL,
			     450000, NULL};
	practice_records(f);
	/* due in 8 days: not yet; an approved part-paid bill due soon */
	assert_int_equal(mo_ap_bill_enter(f->p, "clerk", &in, NULL, &e), 0);
	in = (mo_ap_bill_new){"3", "8890", day(11, 10), day(11, 30), NULL,
			      20000, NULL};
	assert_int_equal(mo_ap_bill_enter(f->p, "clerk", &in, NULL, &e), 0);
	assert_int_equal(mo_ap_bill_approve(f->p, "om", 6, &e), 0);
	pay(f, 6, 5000, "ach", NULL, 0);
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	/* the lines were imported today: due in 5 days */
	assert_int_equal(mo_ap_due(f->p, day(11, 23), keep_due, out, &e), 0);
	assert_string_equal(out, "payable|2026-11-30|payable.pay|bill:6|Pay "
			    "Northern Power bill 8890: 150.00 left;");
	out[0] = '\0';
	assert_int_equal(mo_ap_due(f->p, day(11, 28), keep_due, out, &e), 0);
	assert_string_equal(out,
		"payable|2026-11-30|payable.pay|bill:6|Pay Northern Power bill "
		"8890: 150.00 left;"
		"payable|2026-12-01|payable.pay|bill:5|Pay Lakeside Properties "
		"bill JAN-2027: 4500.00 left;"
		"bank|2026-11-28|bank.match|bank_line:2|Match bank statement "
		"line 2 of 2026-11-03: 1283.40 in, AETNA HEALTH EFT "
		"1234567890;"
		"bank|2026-11-28|bank.match|bank_line:4|Match bank statement "
		"line 4 of 2026-11-10: 25.00 out, MONTHLY SERVICE FEE;"
		"bank|2026-11-28|bank.match|bank_line:7|Match bank statement "
		"line 7 of 2026-11-21: 60.00 in, CARD SETTLEMENT MERCHANT "
		"4471;");
	out[0] = '\0';
	assert_int_equal(mo_ap_bill_approve(f->p, "om", 5, &e), 0);
	assert_int_equal(mo_ap_due(f->p, day(11, 26), keep_due, out, &e), 0);
	assert_non_null(strstr(out, "bill:5|Pay Lakeside Properties bill "
			       "JAN-2027: 4500.00 left (approved);"));
	assert_null(strstr(out, "bank_line:"));
}

/* ---- the append-only tables ---- */

static void sql_refused(fixture *f, const char *sql, const char *msg)
{
	char *err = NULL;
	if (sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)), sql, NULL, NULL,
			 &err) == SQLITE_OK)
		fail_msg("%s: not refused", sql);
	assert_non_null(err);
	if (!strstr(err, msg))
		fail_msg("%s: \"%s\" lacks \"%s\"", sql, err, msg);
	sqlite3_free(err);
}

static void test_append_only(void **state)
{
	fixture *f = *state;
	mo_ap_import_summary s;
	mo_err e = {0};
	practice_records(f);
	import_file(f, "firstcity-2026-11.csv", FIRSTCITY_MAP, &s);
	assert_int_equal(mo_ap_bank_unmatch(f->p, "om", 1, &e), 0);
	assert_int_equal(mo_ap_budget_set(f->p, "om", "rent", 202611, 202611,
					  1, &e), 0);
	sql_refused(f, "UPDATE bank_line SET amount = 1", "bank statements "
		    "are append-only");
	sql_refused(f, "DELETE FROM bank_import", "bank statements are "
		    "append-only");
	sql_refused(f, "DELETE FROM bill_payment", "bill payments are "
		    "append-only");
	sql_refused(f, "UPDATE bank_match SET deposit = 2 WHERE id = 4",
		    "bank matches are undone, never changed");
	sql_refused(f, "UPDATE bank_match SET undone_us = 5 WHERE line = 1",
		    "bank matches are undone, never changed");
	sql_refused(f, "DELETE FROM bank_match", "bank matches are undone, "
		    "never changed");
	sql_refused(f, "DELETE FROM vendor", "vendors are deactivated, never "
		    "deleted");
	sql_refused(f, "DELETE FROM bill", "bills are voided, never deleted");
	sql_refused(f, "UPDATE bill SET paid = 1 WHERE id = 1", "CHECK");
	sql_refused(f, "UPDATE budget SET amount = 1", "budgets are "
		    "append-only");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_categories),
		T(test_vendor_refused),
		T(test_vendor_update),
		T(test_vendor_denied),
		T(test_bill_refused),
		T(test_bill_lifecycle),
		T(test_pay_refused),
		T(test_pay_through_approval),
		T(test_pay_guard_facts),
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_csv_read),
		cmocka_unit_test(test_csv_refused),
		cmocka_unit_test(test_csv_nul),
		T(test_import_and_match),
		T(test_match_by_hand),
		T(test_import_refused),
		T(test_import_duplicates),
		T(test_prairievalley),
		T(test_register_outstanding),
		T(test_budget),
		T(test_due),
		T(test_append_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
