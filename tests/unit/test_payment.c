/* test_payment.c: unit tests of core/payment.c, front-desk money, on a
 * practice of its own with job permissions (a front desk, an office
 * manager, an owner and a nurse who may take no money), an org chart and a
 * C route hook standing in for the policies' "refund" approval: every
 * refusal of a payment, a deposit and a refund with its exact message and
 * nothing written (payment, deposit, journal, journal_line, audit and
 * decision counts unchanged); the ledger after taking, depositing and
 * refunding (the patient's balance, cash, card and bank; the trial
 * balance); receipts (the card's last 4 only) and their audit naming the
 * patient; deposits taking exactly the undeposited cash and checks up to
 * their day, once, and their slips; partial and full refunds from the
 * drawer, the card and the bank; a refund through an approval request,
 * approved or needing none; permission denials; the list and its
 * filters; the acting staff member in every audit entry. Appointments
 * are written with SQL directly. It uses cmocka and MEDOFFICE_NOW. */
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
#include "clock.h"
#include "ledger.h"
#include "org.h"
#include "patient.h"
#include "payment.h"
#include "perm.h"
#include "units.h"

#define DAY1 "2026-11-23T09:00:00Z"
#define DAY2 "2026-11-24T10:30:00Z"

static const char YAML[] =
	"practice:\n"
	"  name: Payment Test Clinic\n"
	"  timezone: UTC\n"
	"  phone: \"5125550100\"\n"
	"  address: { line1: 1 Main St, city: Austin, state: TX, zip: "
	"\"78701\" }\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: owner, name: Olga Owner, job: owner}\n"
	"  - {id: om, name: Omar Manager, job: office_manager}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk}\n"
	"  - {id: nurse, name: Nina Nurse, job: nurse}\n";

static const char *const OWNER_MAY[] = {
	"payment.collect", "payment.deposit", "payment.refund",
	"billing.read", "approval.request", "approval.decide"};
static const char *const OM_MAY[] = {
	"payment.collect", "payment.deposit", "payment.refund",
	"billing.read", "approval.request", "approval.decide"};
static const char *const FD_MAY[] = {
	"payment.collect", "payment.deposit", "billing.read",
	"approval.request"};
static const char *const NURSE_MAY[] = {"patient.read"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "owner", .title = "Owner", .level = "owner", MAY(OWNER_MAY)},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "owner", MAY(OM_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
	{.id = "nurse", .title = "Nurse", .level = "staff",
	 .reports_to = "office_manager", MAY(NURSE_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the route hook: a "refund" approval guarding payment.refund ---- */

static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	static const pfx_route_spec spec = {"refund", "approval refund (test.lua:1)", "payment.refund", 2500, NULL, "office_manager", "over 25.00", "25.00 or less"};
	(void)ud;
	return pfx_route(&spec, kind, requester, f, n, r, e);
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	int64_t ana, ben, appt; /* two patients; an appointment of Ana's */
	int32_t day1, day2;
} fixture;

static int64_t add_patient(mo_practice *p, const char *family,
			   const char *given)
{
	mo_patient_new in = {.family = family, .given = given,
			     .has_birth_day = true, .sex = "female"};
	int64_t id = 0;
	mo_err e = {0};
	in.birth_day = mo_days_from_civil(1980, 2, 3);
	if (mo_patient_register(p, MO_ACTOR_SYSTEM, &in, false, &id, &e))
		fail_msg("register: %s", e.msg);
	return id;
}

static int64_t add_appt(mo_practice *p, int64_t patient)
{
	char sql[400];
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(p));
	snprintf(sql, sizeof sql, "INSERT INTO appointment(patient, provider, "
		 "location, visit_type, start_us, end_us, created_us, "
		 "created_by, updated_us) VALUES(%lld, 'owner', 'main', "
		 "'follow_up', 1, 2, 1, 'system', 1)", (long long)patient);
	assert_int_equal(sqlite3_exec(sq, sql, NULL, NULL, NULL), SQLITE_OK);
	return sqlite3_last_insert_rowid(sq);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", DAY1, 1);
	if (pfx_open("payment", YAML, f->dir, &f->p))
		return -1;
	if (pfx_jobs(f->p, JOBS, NJOBS, &(mo_hooks){NULL, NULL, route, NULL, NULL}, &f->perm,
		     &f->org))
		return -1;
	f->ana = add_patient(f->p, "Lopez", "Ana");
	f->ben = add_patient(f->p, "Smith", "Ben");
	f->appt = add_appt(f->p, f->ana);
	f->day1 = mo_days_from_civil(2026, 11, 23);
	f->day2 = f->day1 + 1;
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

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM payment",
	"SELECT count(*) FROM deposit",
	"SELECT count(*) FROM journal",
	"SELECT count(*) FROM journal_line",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	"SELECT coalesce(sum(refunded), 0) FROM payment",
	NULL,
};

static int64_t collect(fixture *f, const char *actor, int64_t patient,
		       int64_t amount, const char *method, const char *ref,
		       const char *kind, int64_t appt)
{
	mo_pay_new in = {patient, amount, method, ref, kind, appt};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_pay_collect(f->p, actor, &in, &id, &e))
		fail_msg("collect: %s", e.msg);
	assert_true(id > 0);
	return id;
}

static void collect_refused(fixture *f, mo_pay_new in, int rc,
			    const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_pay_collect(f->p, "fd", &in, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void refund_refused(fixture *f, int64_t pay, int64_t amount,
			   const char *reason, int rc, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_pay_refund(f->p, "om", pay, amount, reason, NULL,
				       &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(mo_pay_refund_check(f->p, pay, amount, reason, &e),
			 rc);
	assert_string_equal(e.msg, msg);
	pfx_snap_same(f->p, &before);
}

static int64_t account(mo_practice *p, mo_account a)
{
	int64_t v = -1;
	mo_err e = {0};
	assert_int_equal(mo_ledger_account_balance(p, a, NULL, &v, &e), 0);
	return v;
}

static int64_t patient_due(mo_practice *p, int64_t patient)
{
	mo_ledger_balance b;
	mo_err e = {0};
	assert_int_equal(mo_ledger_patient_balance(p, patient, &b, &e), 0);
	return b.patient_due;
}

static void assert_books(mo_practice *p, int64_t cash, int64_t card,
			 int64_t bank)
{
	mo_err e = {0};
	int64_t n = 0;
	assert_int_equal(account(p, MO_ACCT_CASH), cash);
	assert_int_equal(account(p, MO_ACCT_CARD), card);
	assert_int_equal(account(p, MO_ACCT_BANK), bank);
	if (mo_ledger_verify(p, &n, &e))
		fail_msg("verify: %s", e.msg);
}

static void set_now(const char *iso)
{
	setenv("MEDOFFICE_NOW", iso, 1);
}

/* The payments a walk passed, in order. */
typedef struct seen {
	int n, stop_at;
	int64_t id[16], amount[16], deposited[16];
	char name[16][32], method[16][8], ref[16][48];
} seen;

static int keep(void *ud, const mo_payment *y)
{
	seen *s = ud;
	assert_true(s->n < 16);
	s->id[s->n] = y->id;
	s->amount[s->n] = y->amount;
	s->deposited[s->n] = y->deposited;
	snprintf(s->name[s->n], 32, "%s", y->patient_name);
	snprintf(s->method[s->n], 8, "%s", y->method);
	snprintf(s->ref[s->n], 48, "%s", y->reference ? y->reference : "-");
	s->n++;
	return s->n == s->stop_at ? 9 : 0;
}

static seen list(fixture *f, mo_pay_filter q)
{
	seen s = {0};
	mo_err e = {0};
	if (mo_pay_list(f->p, "fd", &q, keep, &s, &e))
		fail_msg("list: %s", e.msg);
	return s;
}

/* ---- taking payments ---- */

static void test_collect_refused(void **state)
{
	fixture *f = *state;
	int64_t a = f->ana, b = f->ben, ap = f->appt;
	int64_t merged = add_patient(f->p, "Lopez", "Anna");
	mo_err e = {0};
	assert_int_equal(mo_patient_merge(f->p, MO_ACTOR_SYSTEM, merged, a,
					  &e), 0);
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_pay_collect(f->p, "fd", NULL, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "payment: nothing to take");
	pfx_snap_same(f->p, &before);
	collect_refused(f, (mo_pay_new){a, 0, "cash", NULL, "payment", 0},
			MO_EINVAL, "payment amount: expected more than 0.00 "
			"and at most 1000000.00, got 0.00");
	collect_refused(f, (mo_pay_new){a, -500, "cash", NULL, "payment", 0},
			MO_EINVAL, "payment amount: expected more than 0.00 "
			"and at most 1000000.00, got -5.00");
	collect_refused(f, (mo_pay_new){a, MO_PAY_MAX + 1, "cash", NULL,
					"payment", 0}, MO_EINVAL,
			"payment amount: expected more than 0.00 and at most "
			"1000000.00, got 1000000.01");
	collect_refused(f, (mo_pay_new){a, 100, "wire", NULL, "payment", 0},
			MO_EINVAL, "payment method: expected cash, check or "
			"card, got \"wire\"");
	collect_refused(f, (mo_pay_new){a, 100, NULL, NULL, "payment", 0},
			MO_EINVAL, "payment method: expected cash, check or "
			"card, got none");
	collect_refused(f, (mo_pay_new){a, 100, "cash", "12", "payment", 0},
			MO_EINVAL, "payment reference: none is taken for cash");
	collect_refused(f, (mo_pay_new){a, 100, "check", NULL, "payment", 0},
			MO_EINVAL, "payment reference: a check needs its "
			"number");
	collect_refused(f, (mo_pay_new){a, 100, "check", "", "payment", 0},
			MO_EINVAL, "payment reference: a check needs its "
			"number");
	collect_refused(f, (mo_pay_new){a, 100, "check", "12a", "payment", 0},
			MO_EINVAL, "payment reference: a check number is 1 to "
			"20 digits, got \"12a\"");
	collect_refused(f, (mo_pay_new){a, 100, "check",
					"123456789012345678901", "payment", 0},
			MO_EINVAL, "payment reference: a check number is 1 to "
			"20 digits, got \"123456789012345678901\"");
	collect_refused(f, (mo_pay_new){a, 100, "card", "4242-1", "payment",
					0}, MO_EINVAL,
			"payment reference: for a card give its last 4 digits, "
			"an authorization code (letters and digits) or both "
			"(\"4242 A1B2C3\"), at most 40 characters; got "
			"\"4242-1\"");
	collect_refused(f, (mo_pay_new){a, 100, "card", "4242 ", "payment",
					0}, MO_EINVAL,
			"payment reference: for a card give its last 4 digits, "
			"an authorization code (letters and digits) or both "
			"(\"4242 A1B2C3\"), at most 40 characters; got "
			"\"4242 \"");
	collect_refused(f, (mo_pay_new){a, 100, "card",
					"A123456789B123456789C123456789D1234567"
					"89E", "payment", 0}, MO_EINVAL,
			"payment reference: for a card give its last 4 digits, "
			"an authorization code (letters and digits) or both "
			"(\"4242 A1B2C3\"), at most 40 characters; got "
			"\"A123456789B123456789C123456789D123456789E\"");
	collect_refused(f, (mo_pay_new){a, 100, "card", "4111111111111111",
					"payment", 0}, MO_EINVAL,
			"payment reference: that looks like a card number; "
			"record only its last 4 digits");
	collect_refused(f, (mo_pay_new){a, 100, "card", "4242 411111111111",
					"payment", 0}, MO_EINVAL,
			"payment reference: that looks like a card number; "
			"record only its last 4 digits");
	collect_refused(f, (mo_pay_new){a, 100, "cash", NULL, "tip", 0},
			MO_EINVAL, "payment kind: expected copay, payment or "
			"prepayment, got \"tip\"");
	collect_refused(f, (mo_pay_new){a, 100, "cash", NULL, NULL, 0},
			MO_EINVAL, "payment kind: expected copay, payment or "
			"prepayment, got none");
	collect_refused(f, (mo_pay_new){a, 100, "cash", NULL, "copay", 0},
			MO_EINVAL, "payment appointment: a copay needs its "
			"appointment");
	collect_refused(f, (mo_pay_new){999, 100, "cash", NULL, "payment", 0},
			MO_ENOTFOUND, "payment patient: no patient 999");
	char msg[200];
	snprintf(msg, sizeof msg, "payment patient: patient %lld was merged "
		 "into patient %lld; take the payment on that record",
		 (long long)merged, (long long)a);
	collect_refused(f, (mo_pay_new){merged, 100, "cash", NULL, "payment",
					0}, MO_EINVAL, msg);
	collect_refused(f, (mo_pay_new){a, 100, "cash", NULL, "copay", 999},
			MO_ENOTFOUND, "payment appointment: no appointment 999");
	snprintf(msg, sizeof msg, "payment appointment: appointment %lld is "
		 "patient %lld's, not patient %lld's", (long long)ap,
		 (long long)a, (long long)b);
	collect_refused(f, (mo_pay_new){b, 100, "cash", NULL, "copay", ap},
			MO_EINVAL, msg);
}

static void test_collect_posts(void **state)
{
	fixture *f = *state;
	mo_err e = {0};
	char record[32], sql[200];
	int64_t cash = collect(f, "fd", f->ana, 2500, "cash", NULL, "copay",
			       f->appt);
	int64_t check = collect(f, "fd", f->ana, 10000, "check", "1234",
				"payment", 0);
	int64_t card = collect(f, "om", f->ben, 4000, "card", "4242 A1B2C3",
			       "prepayment", 0);
	assert_int_equal(patient_due(f->p, f->ana), -12500);
	assert_int_equal(patient_due(f->p, f->ben), -4000);
	assert_books(f->p, 12500, 4000, 0);
	/* each payment has its entry of two lines, kind payment */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM payment y JOIN journal "
		 "j ON j.id = y.journal WHERE j.kind = 'payment' AND y.day = "
		 "%d", f->day1);
	assert_int_equal(query_int(f->p, sql), 3);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal_line"),
			 6);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal_line l "
				       "JOIN payment y ON y.journal = "
				       "l.journal WHERE l.patient = y.patient"),
			 6);
	/* audited with the acting staff member and the facts */
	snprintf(record, sizeof record, "payment:%lld", (long long)cash);
	assert_int_equal(audit_entries(f->p, "fd", "payment.collect", record), 1);
	snprintf(record, sizeof record, "payment:%lld", (long long)card);
	assert_int_equal(audit_entries(f->p, "om", "payment.collect", record), 1);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE detail = "
		 "'{\"amount\":2500,\"appointment\":%lld,\"kind\":\"copay\","
		 "\"method\":\"cash\",\"patient\":%lld}'", (long long)f->appt,
		 (long long)f->ana);
	assert_int_equal(query_int(f->p, sql), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				       "action = 'payment.collect' AND detail "
				       "LIKE '%appointment%'"), 1);
	seen s = list(f, (mo_pay_filter){0});
	assert_int_equal(s.n, 3);
	assert_int_equal(s.id[1], check);
	assert_string_equal(s.method[1], "check");
	assert_string_equal(s.ref[1], "1234");
	assert_string_equal(s.ref[2], "4242 A1B2C3"); /* as taken */
	assert_int_equal(s.deposited[1], 0);
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
}

static void test_permission_denied(void **state)
{
	fixture *f = *state;
	mo_pay_new in = {f->ana, 1000, "cash", NULL, "payment", 0};
	int64_t pay = collect(f, "fd", f->ana, 3000, "cash", NULL, "payment",
			      0);
	int64_t denials = query_int(f->p, "SELECT count(*) FROM decision "
					  "WHERE verdict = 'deny'");
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	seen s = {0};
	assert_int_equal(mo_pay_collect(f->p, "nurse", &in, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "nurse may not payment.collect: the job Nurse (nurse) "
		   "does not permit it");
	assert_int_equal(mo_pay_list(f->p, "nurse", NULL, keep, &s, &e),
			 MO_EDENIED);
	assert_msg(e, "nurse may not billing.read");
	assert_int_equal(s.n, 0);
	assert_int_equal(mo_pay_deposit(f->p, "nurse", f->day1, NULL, NULL,
					NULL, &e), MO_EDENIED);
	assert_msg(e, "nurse may not payment.deposit");
	/* the front desk takes money but refunds only through a request */
	assert_int_equal(mo_pay_refund(f->p, "fd", pay, 1000, "overpaid",
				       NULL, &e), MO_EDENIED);
	assert_msg(e, "fd may not payment.refund");
	assert_int_equal(mo_pay_collect(f->p, "nobody", &in, NULL, &e),
			 MO_EDENIED);
	pfx_snap_same(f->p, &before);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM decision WHERE "
				       "verdict = 'deny'"), denials + 5);
}

/* ---- receipts ---- */

typedef struct receipt_copy {
	int n;
	int64_t number, amount, balance;
	char time[32], practice[64], line1[64], city[32], phone[16];
	char patient[32], method[8], reference[16], kind[16], taken_by[32];
} receipt_copy;

static int keep_receipt(void *ud, const mo_receipt *r)
{
	receipt_copy *c = ud;
	c->n++;
	c->number = r->payment->id;
	c->amount = r->payment->amount;
	c->balance = r->balance;
	snprintf(c->time, sizeof c->time, "%s", r->time);
	snprintf(c->practice, sizeof c->practice, "%s", r->practice);
	snprintf(c->line1, sizeof c->line1, "%s", r->address->line1);
	snprintf(c->city, sizeof c->city, "%s", r->address->city);
	snprintf(c->phone, sizeof c->phone, "%s", r->phone);
	snprintf(c->patient, sizeof c->patient, "%s", r->payment->patient_name);
	snprintf(c->method, sizeof c->method, "%s", r->payment->method);
	snprintf(c->reference, sizeof c->reference, "%s",
		 r->reference ? r->reference : "-");
	snprintf(c->kind, sizeof c->kind, "%s", r->payment->kind);
	snprintf(c->taken_by, sizeof c->taken_by, "%s", r->taken_by);
	return 0;
}

static receipt_copy receipt(fixture *f, int64_t id)
{
	receipt_copy c = {0};
	mo_err e = {0};
	if (mo_pay_receipt(f->p, "fd", id, keep_receipt, &c, &e))
		fail_msg("receipt: %s", e.msg);
	assert_int_equal(c.n, 1);
	return c;
}

static void test_receipt(void **state)
{
	fixture *f = *state;
	int64_t card = collect(f, "fd", f->ana, 4000, "card", "4242 A1B2C3",
			       "payment", 0);
	int64_t auth = collect(f, "om", f->ana, 1000, "card", "A1B2C3",
			       "payment", 0);
	int64_t check = collect(f, "fd", f->ben, 2000, "check", "1234",
				"payment", 0);
	int64_t cash = collect(f, "fd", f->ana, 500, "cash", NULL, "copay",
			       f->appt);
	char record[32];
	receipt_copy r = receipt(f, card);
	assert_int_equal(r.number, card);
	assert_int_equal(r.amount, 4000);
	assert_string_equal(r.time, "2026-11-23 09:00");
	assert_string_equal(r.practice, "Payment Test Clinic");
	assert_string_equal(r.line1, "1 Main St");
	assert_string_equal(r.city, "Austin");
	assert_string_equal(r.phone, "5125550100");
	assert_string_equal(r.patient, "Lopez, Ana");
	assert_string_equal(r.method, "card");
	assert_string_equal(r.reference, "4242"); /* not the code */
	assert_string_equal(r.kind, "payment");
	assert_string_equal(r.taken_by, "Fran Desk");
	assert_int_equal(r.balance, -5500); /* a credit of 55.00 */
	assert_string_equal(receipt(f, auth).reference, "-");
	assert_string_equal(receipt(f, auth).taken_by, "Omar Manager");
	assert_string_equal(receipt(f, check).reference, "1234");
	assert_string_equal(receipt(f, check).patient, "Smith, Ben");
	assert_string_equal(receipt(f, cash).reference, "-");
	assert_string_equal(receipt(f, cash).kind, "copay");
	/* an audited read naming the patient */
	snprintf(record, sizeof record, "patient:%lld", (long long)f->ana);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", record), 5);
	snprintf(record, sizeof record, "patient:%lld", (long long)f->ben);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", record), 2);

	pfx_snap before = pfx_snap_take(f->p, STATE);
	receipt_copy none = {0};
	mo_err e = {0};
	assert_int_equal(mo_pay_receipt(f->p, "fd", 99, keep_receipt, &none,
					&e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "no payment 99");
	assert_int_equal(mo_pay_receipt(f->p, "fd", card, NULL, NULL, &e),
			 MO_EINVAL);
	assert_int_equal(none.n, 0);
	pfx_snap_same(f->p, &before);
}

/* ---- deposits ---- */

static void test_deposit(void **state)
{
	fixture *f = *state;
	int64_t cash1 = collect(f, "fd", f->ana, 2000, "cash", NULL, "payment",
				0);
	int64_t check1 = collect(f, "fd", f->ben, 3000, "check", "1001",
				 "payment", 0);
	int64_t card1 = collect(f, "fd", f->ana, 4000, "card", "4242",
				"payment", 0);
	int64_t dep = 0, count = 0, total = 0, cash2;
	mo_deposit_slip slip;
	char sql[160];
	mo_err e = {0};
	seen s;
	set_now(DAY2);
	cash2 = collect(f, "fd", f->ben, 1000, "cash", NULL, "payment", 0);
	s = list(f, (mo_pay_filter){.undeposited = true});
	assert_int_equal(s.n, 3); /* no card */
	assert_int_equal(s.id[0], cash1);
	assert_int_equal(s.id[1], check1);
	assert_int_equal(s.id[2], cash2);
	assert_books(f->p, 6000, 4000, 0);

	/* yesterday's cash and checks, not today's, not the card */
	assert_int_equal(mo_pay_deposit(f->p, "fd", f->day1, &dep, &count,
					&total, &e), 0);
	assert_true(dep > 0);
	assert_int_equal(count, 2);
	assert_int_equal(total, 5000);
	assert_books(f->p, 1000, 4000, 5000);
	assert_int_equal(patient_due(f->p, f->ana), -6000); /* unchanged */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				       "kind = 'deposit'"), 1);
	char record[32];
	snprintf(record, sizeof record, "deposit:%lld", (long long)dep);
	assert_int_equal(audit_entries(f->p, "fd", "payment.deposit", record), 1);
	s = list(f, (mo_pay_filter){.undeposited = true});
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id[0], cash2);

	/* only once */
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_pay_deposit(f->p, "fd", f->day1, NULL, NULL, NULL,
					&e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "deposit: no cash or checks taken on or "
			    "before 2026-11-23 are waiting to be deposited");
	pfx_snap_same(f->p, &before);
	assert_int_equal(mo_pay_deposit(f->p, "fd", f->day2 + 1, NULL, NULL,
					NULL, &e), MO_EINVAL);
	assert_string_equal(e.msg, "deposit day: 2026-11-25 is after today "
			    "(2026-11-24)");
	pfx_snap_same(f->p, &before);

	/* the slip */
	s = (seen){0};
	memset(&slip, 0, sizeof slip);
	assert_int_equal(mo_pay_deposit_slip(f->p, "om", dep, &slip, keep, &s,
					     &e), 0);
	assert_int_equal(slip.id, dep);
	assert_int_equal(slip.day, f->day1);
	assert_int_equal(slip.count, 2);
	assert_int_equal(slip.cash, 2000);
	assert_int_equal(slip.checks, 3000);
	assert_int_equal(slip.total, 5000);
	assert_string_equal(slip.made_by, "fd");
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], cash1);
	assert_string_equal(s.name[0], "Lopez, Ana");
	assert_string_equal(s.method[0], "cash");
	assert_string_equal(s.ref[0], "-");
	assert_int_equal(s.deposited[0], 2000);
	assert_int_equal(s.id[1], check1);
	assert_string_equal(s.name[1], "Smith, Ben");
	assert_string_equal(s.method[1], "check");
	assert_string_equal(s.ref[1], "1001");
	assert_int_equal(s.deposited[1], 3000);
	assert_int_equal(audit_entries(f->p, "om", "billing.read", record), 1);
	/* the head alone */
	assert_int_equal(mo_pay_deposit_slip(f->p, "om", dep, &slip, NULL,
					     NULL, &e), 0);
	assert_int_equal(slip.total, 5000);

	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_pay_deposit_slip(f->p, "om", 99, &slip, keep, &s,
					     &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "no deposit 99");
	pfx_snap_same(f->p, &before);

	/* today's deposit takes the rest */
	assert_int_equal(mo_pay_deposit(f->p, "om", f->day2, &dep, &count,
					&total, &e), 0);
	assert_int_equal(count, 1);
	assert_int_equal(total, 1000);
	assert_books(f->p, 0, 4000, 6000);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM payment WHERE id = "
		 "%lld AND deposit IS NULL", (long long)card1);
	assert_int_equal(query_int(f->p, sql), 1);
}

/* ---- refunds ---- */

static void test_refund_refused(void **state)
{
	fixture *f = *state;
	int64_t pay = collect(f, "fd", f->ana, 5000, "cash", NULL, "payment",
			      0);
	char msg[200];
	refund_refused(f, pay, 0, "overpaid", MO_EINVAL, "payment refund "
		       "amount: expected more than 0.00 and at most "
		       "1000000.00, got 0.00");
	refund_refused(f, pay, 1000, NULL, MO_EINVAL, "payment refund reason: "
		       "expected one line of 1 to 200 characters");
	refund_refused(f, pay, 1000, "", MO_EINVAL, "payment refund reason: "
		       "expected one line of 1 to 200 characters");
	refund_refused(f, pay, 1000, "two\nlines", MO_EINVAL, "payment refund "
		       "reason: expected one line of 1 to 200 characters");
	refund_refused(f, 99, 1000, "overpaid", MO_ENOTFOUND,
		       "no payment 99");
	snprintf(msg, sizeof msg, "payment refund amount: 50.01 is more than "
		 "the 50.00 left of payment %lld (50.00 taken, 0.00 refunded)",
		 (long long)pay);
	refund_refused(f, pay, 5001, "overpaid", MO_EINVAL, msg);
}

static void test_refund_partial_and_full(void **state)
{
	fixture *f = *state;
	int64_t pay = collect(f, "fd", f->ana, 5000, "cash", NULL, "payment",
			      0);
	int64_t j1 = 0, j2 = 0;
	char msg[200], record[32];
	mo_err e = {0};
	assert_int_equal(mo_pay_refund(f->p, "om", pay, 2000, "overpaid", &j1,
				       &e), 0);
	assert_true(j1 > 0);
	assert_int_equal(patient_due(f->p, f->ana), -3000);
	assert_books(f->p, 3000, 0, 0);
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 2000);
	snprintf(msg, sizeof msg, "payment refund amount: 30.01 is more than "
		 "the 30.00 left of payment %lld (50.00 taken, 20.00 refunded)",
		 (long long)pay);
	refund_refused(f, pay, 3001, "overpaid", MO_EINVAL, msg);
	assert_int_equal(mo_pay_refund(f->p, "om", pay, 3000, "the rest", &j2,
				       &e), 0);
	assert_true(j2 > j1);
	assert_int_equal(patient_due(f->p, f->ana), 0);
	assert_books(f->p, 0, 0, 0);
	snprintf(msg, sizeof msg, "payment refund: payment %lld is refunded "
		 "in full already", (long long)pay);
	refund_refused(f, pay, 1, "again", MO_EINVAL, msg);
	/* the entries and the audit */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				       "kind = 'refund'"), 2);
	snprintf(record, sizeof record, "payment:%lld", (long long)pay);
	assert_int_equal(audit_entries(f->p, "om", "payment.refund", record), 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				       "action = 'payment.refund' AND detail "
				       "LIKE '%\"reason\":\"the rest\"%'"), 1);
	/* a fully refunded payment is not deposited */
	assert_int_equal(mo_pay_deposit(f->p, "om", f->day1, NULL, NULL, NULL,
					&e), MO_ENOTFOUND);
}

static void test_refund_sources(void **state)
{
	fixture *f = *state;
	int64_t card = collect(f, "fd", f->ana, 4000, "card", "4242",
			       "payment", 0);
	int64_t check = collect(f, "fd", f->ben, 3000, "check", "77",
				"payment", 0);
	int64_t cash = collect(f, "fd", f->ben, 2000, "cash", NULL, "payment",
			       0);
	int64_t count = 0, total = 0, dep = 0;
	mo_deposit_slip slip;
	mo_err e = {0};
	seen s = {0};
	/* before the deposit a cash refund comes from the drawer */
	assert_int_equal(mo_pay_refund(f->p, "om", cash, 500, "overpaid",
				       NULL, &e), 0);
	assert_books(f->p, 4500, 4000, 0);
	assert_int_equal(mo_pay_deposit(f->p, "om", f->day1, &dep, &count,
					&total, &e), 0);
	assert_int_equal(count, 2);
	assert_int_equal(total, 4500); /* the check and 15.00 of cash */
	assert_books(f->p, 0, 4000, 4500);
	assert_int_equal(mo_pay_deposit_slip(f->p, "om", dep, &slip, keep, &s,
					     &e), 0);
	assert_int_equal(slip.cash, 1500);
	assert_int_equal(slip.checks, 3000);
	assert_int_equal(slip.total, 4500);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.amount[1], 2000);
	assert_int_equal(s.deposited[1], 1500);
	/* after the deposit it comes from the bank; a card's from the card */
	assert_int_equal(mo_pay_refund(f->p, "om", check, 1000, "overpaid",
				       NULL, &e), 0);
	assert_books(f->p, 0, 4000, 3500);
	assert_int_equal(mo_pay_refund(f->p, "om", card, 4000, "cancelled",
				       NULL, &e), 0);
	assert_books(f->p, 0, 0, 3500);
	assert_int_equal(patient_due(f->p, f->ana), 0);
	assert_int_equal(patient_due(f->p, f->ben), -3500);
	/* a later refund does not change the slip */
	assert_int_equal(mo_pay_deposit_slip(f->p, "om", dep, &slip, NULL,
					     NULL, &e), 0);
	assert_int_equal(slip.checks, 3000);
	assert_int_equal(slip.total, 4500);
}

/* ---- refunds through approval requests ---- */

static int64_t file_refund(fixture *f, const char *actor, int64_t amount,
			   const mo_fact *facts, size_t n, mo_err *e)
{
	mo_request_new in = {"refund", "copay charged twice", true, amount,
			     facts, n};
	int64_t id = 0;
	int rc = mo_approval_request(f->p, actor, &in, &id, e);
	return rc ? rc : id;
}

typedef struct req_seen {
	char status[16], result[32];
} req_seen;

static int keep_req(void *ud, const mo_request *r)
{
	req_seen *c = ud;
	snprintf(c->status, sizeof c->status, "%s", r->status);
	snprintf(c->result, sizeof c->result, "%s",
		 r->result ? r->result : "-");
	return 0;
}

static req_seen get_req(fixture *f, int64_t id)
{
	req_seen c = {"", ""};
	mo_err e = {0};
	if (mo_approval_get(f->p, id, keep_req, NULL, &c, &e))
		fail_msg("get: %s", e.msg);
	return c;
}

static void test_refund_by_request(void **state)
{
	fixture *f = *state;
	int64_t pay = collect(f, "fd", f->ana, 5000, "cash", NULL, "payment",
			      0);
	mo_fact facts[] = {{"payment", MO_FACT_INT, NULL, pay}};
	char result[32], record[32];
	mo_err e = {0};
	int64_t req = file_refund(f, "fd", 3000, facts, 1, &e);
	assert_true(req > 0);
	/* filed, not yet approved: no refund */
	assert_string_equal(get_req(f, req).status, "requested");
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 0);
	assert_books(f->p, 5000, 0, 0);
	assert_int_equal(mo_approval_decide(f->p, "om", req, true, "ok", &e),
			 0);
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 3000);
	assert_int_equal(patient_due(f->p, f->ana), -2000);
	assert_books(f->p, 2000, 0, 0);
	snprintf(result, sizeof result, "journal:%lld", (long long)
		 query_int(f->p, "SELECT max(id) FROM journal WHERE kind = "
			   "'refund'"));
	assert_string_equal(get_req(f, req).status, "approved");
	assert_string_equal(get_req(f, req).result, result);
	/* made by the approver, authorised by the approval */
	snprintf(record, sizeof record, "payment:%lld", (long long)pay);
	assert_int_equal(audit_entries(f->p, "om", "payment.refund", record), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				       "action = 'payment.refund' AND decision "
				       "LIKE '%approved by om%' AND detail LIKE "
				       "'%\"reason\":\"copay charged twice\"%'"),
			 1);

	/* a small refund needs no approval: made at once, by the requester */
	req = file_refund(f, "fd", 1500, facts, 1, &e);
	assert_true(req > 0);
	assert_string_equal(get_req(f, req).status, "approved");
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 4500);
	assert_int_equal(audit_entries(f->p, "fd", "payment.refund", record), 1);
	assert_books(f->p, 500, 0, 0);

	/* the amount as money text in the facts */
	mo_fact text[] = {{"payment", MO_FACT_INT, NULL, pay},
			  {"amount", MO_FACT_STR, "3.00", 0}};
	mo_request_new in = {"refund", "change", false, 0, text, 2};
	assert_int_equal(mo_approval_request(f->p, "fd", &in, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 4800);
	text[1].s = "3.005";
	assert_int_equal(mo_approval_request(f->p, "fd", &in, &req, &e),
			 MO_EINVAL);
	assert_msg(e, "payment.refund: amount: ");
}

static void test_refund_request_refused(void **state)
{
	fixture *f = *state;
	int64_t pay = collect(f, "fd", f->ana, 5000, "cash", NULL, "payment",
			      0);
	mo_fact facts[] = {{"payment", MO_FACT_INT, NULL, pay}};
	mo_fact bad[] = {{"payment", MO_FACT_STR, "twelve", 0}};
	mo_request_new none = {"refund", "no amount", false, 0, facts, 1};
	int64_t requests = query_int(f->p, "SELECT count(*) FROM request");
	pfx_snap before = pfx_snap_take(f->p, STATE);
	char msg[200];
	mo_err e = {0};
	snprintf(msg, sizeof msg, "payment refund amount: 60.00 is more than "
		 "the 50.00 left of payment %lld (50.00 taken, 0.00 refunded)",
		 (long long)pay);
	assert_int_equal(file_refund(f, "fd", 6000, facts, 1, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(file_refund(f, "fd", 3000, bad, 1, &e), MO_EINVAL);
	assert_string_equal(e.msg, "payment.refund: the fact payment is the "
			    "number of the payment to refund, such as "
			    "payment=12");
	assert_int_equal(mo_approval_request(f->p, "fd", &none, NULL, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "payment.refund: the request needs its "
			    "amount, the sum to refund (such as --amount "
			    "20.00)");
	pfx_snap_same(f->p, &before);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM request"),
			 requests);

	/* refunded in full between filing and approval: the approval fails
	 * and the request stays open */
	int64_t req = file_refund(f, "fd", 3000, facts, 1, &e);
	assert_true(req > 0);
	assert_int_equal(mo_pay_refund(f->p, "owner", pay, 5000, "cancelled",
				       NULL, &e), 0);
	before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_approval_decide(f->p, "om", req, true, "ok", &e),
			 MO_EINVAL);
	snprintf(msg, sizeof msg, "payment refund: payment %lld is refunded "
		 "in full already", (long long)pay);
	assert_string_equal(e.msg, msg);
	pfx_snap_same(f->p, &before);
	assert_string_equal(get_req(f, req).status, "requested");

	/* a refund that names no payment (to a payer) runs nothing */
	req = file_refund(f, "fd", 9000, NULL, 0, &e);
	assert_true(req > 0);
	assert_int_equal(mo_approval_decide(f->p, "om", req, true, "ok", &e),
			 0);
	assert_string_equal(get_req(f, req).status, "approved");
	assert_string_equal(get_req(f, req).result, "-");
	assert_int_equal(query_int(f->p, "SELECT refunded FROM payment"), 5000);
}

/* ---- the list ---- */

static void test_list(void **state)
{
	fixture *f = *state;
	int64_t a1 = collect(f, "fd", f->ana, 1000, "cash", NULL, "payment",
			     0);
	int64_t b1 = collect(f, "fd", f->ben, 2000, "card", "4242", "payment",
			     0);
	int64_t a2, b2;
	char record[32];
	mo_err e = {0};
	seen s = {0};
	set_now(DAY2);
	a2 = collect(f, "fd", f->ana, 3000, "check", "55", "payment", 0);
	b2 = collect(f, "fd", f->ben, 4000, "cash", NULL, "payment", 0);
	assert_int_equal(mo_pay_list(f->p, "fd", NULL, keep, &s, &e), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.id[0], a1);
	assert_int_equal(s.id[3], b2);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "payments"), 1);
	s = list(f, (mo_pay_filter){.patient = f->ana});
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], a1);
	assert_int_equal(s.id[1], a2);
	assert_string_equal(s.name[1], "Lopez, Ana");
	snprintf(record, sizeof record, "patient:%lld", (long long)f->ana);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", record), 1);
	s = list(f, (mo_pay_filter){.from_day = f->day2});
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], a2);
	s = list(f, (mo_pay_filter){.to_day = f->day1});
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[1], b1);
	s = list(f, (mo_pay_filter){.patient = f->ben, .from_day = f->day1,
				    .to_day = f->day1});
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id[0], b1);
	s = list(f, (mo_pay_filter){.patient = f->ben, .undeposited = true});
	assert_int_equal(s.n, 1);
	assert_int_equal(s.id[0], b2);
	/* cb stops the walk; the read is audited anyway */
	s = (seen){.stop_at = 1};
	assert_int_equal(mo_pay_list(f->p, "fd", NULL, keep, &s, &e), 9);
	assert_int_equal(s.n, 1);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "payments"), 4);
	assert_int_equal(mo_pay_list(f->p, "fd", NULL, NULL, NULL, &e),
			 MO_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_collect_refused),
		T(test_collect_posts),
		T(test_permission_denied),
		T(test_receipt),
		T(test_deposit),
		T(test_refund_refused),
		T(test_refund_partial_and_full),
		T(test_refund_sources),
		T(test_refund_by_request),
		T(test_refund_request_refused),
		T(test_list),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
