/* test_statement.c: unit tests of core/statement.c on a practice of its
 * own with job permissions (an office manager who runs statements and
 * holds them, a front desk who may only read) and a C hook standing in
 * for the rules of statement.send. The ledger is posted through
 * mo_ledger_post (visits and charges written with SQL): self-pay charges
 * of several ages with a payment, an insured charge with its remittance
 * (the payer's money posted to the bank without naming the charge, as an
 * 835 may), an insured charge not paid yet, a credit balance, and a child
 * whose guarantor gets the statement. Checked: every refusal of a run, a
 * hold and a release with its message and nothing written (statement
 * tables, audit, decisions); the amounts of each statement (balance,
 * buckets, credits, each line's charged, insurance paid, adjusted,
 * pending and due) and the facts the rule sees; skips with the rule's
 * reason; holds in force until a day or released, seen by the rule; the
 * period after a statement; a dry run recording nothing but its audited
 * read; a callback stopping a run rolls it back; the list and the reprint
 * with their audit; the HTML of a hostile name escaped. It uses cmocka,
 * ledger.h, perm.h, org.h, stmt_print.h and MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "ledger.h"
#include "org.h"
#include "perm.h"
#include "statement.h"
#include "stmt_print.h"
#include "units.h"

static const char YAML[] =
	"practice:\n"
	"  name: Statement Test Clinic\n"
	"  legal_name: Statement Test Clinic, LLC\n"
	"  timezone: UTC\n"
	"  phone: \"5125550100\"\n"
	"  address: { line1: 1 Main St, line2: Suite 2, city: Austin, state: "
	"TX, zip: \"78701\" }\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: om, name: Omar Manager, job: office_manager}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk}\n"
	"fee_schedules:\n"
	"  - { id: std, name: Std, fees: [ { code: \"99213\", charge: "
	"\"150.00\", from: 2026-01-01 } ] }\n"
	"payers:\n"
	"  - {id: acme, name: Acme Health, kind: commercial, fee_schedule: "
	"std}\n";

static const char *const OM_MAY[] = {"statement.run", "statement.hold",
				     "billing.read"};
static const char *const FD_MAY[] = {"billing.read"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", MAY(OM_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the hook: the rules of statement.send ---- */

typedef struct hook {
	int calls;
	char facts[8][800]; /* the facts each patient was last judged by */
	int64_t min;        /* deny a balance below it ("below the
			     * minimum") */
} hook;

static int64_t fact_int(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return f[i].i;
	return 0;
}

static const char *fact_str(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return f[i].s;
	return NULL;
}

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *f, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	int64_t patient = fact_int(f, n, "patient");
	char *json;
	(void)e;
	if (strcmp(action, "statement.send"))
		return 0;
	assert_string_equal(actor, MO_ACTOR_SYSTEM);
	h->calls++;
	json = mo_facts_json(f, n);
	if (patient > 0 && patient < 8)
		snprintf(h->facts[patient], sizeof h->facts[0], "%s",
			 json ? json : "");
	free(json);
	out->verdict = MO_VERDICT_DENY;
	snprintf(out->rule, sizeof out->rule, "'test' (t.lua:1)");
	if (fact_int(f, n, "held"))
		snprintf(out->reason, sizeof out->reason, "on hold: %s",
			 fact_str(f, n, "hold_reason"));
	else if (fact_int(f, n, "balance") < h->min)
		snprintf(out->reason, sizeof out->reason, "below the minimum");
	else
		*out = (mo_decision){.verdict = MO_VERDICT_NONE};
	return 0;
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	hook h;
	int32_t today;
} fixture;

/* Posts one entry of the lines given on day (its own transaction). */
static void post(fixture *f, const char *kind, int32_t day,
		 const mo_ledger_line *l, size_t n)
{
	mo_ledger_entry en = {kind, "test entry", day, l, n};
	mo_db *db = mo_practice_db(f->p);
	mo_err e = {0};
	assert_int_equal(mo_db_begin(db, &e), 0);
	if (mo_ledger_post(f->p, "om", &en, NULL, &e))
		fail_msg("post: %s", e.msg);
	assert_int_equal(mo_db_commit(db, &e), 0);
}

/* Charge id of patient on day (its visit and encounter too), posted to
 * the patient (payer NULL) or to payer. */
static void charge(fixture *f, int64_t id, int64_t patient, int32_t day,
		   const char *code, int64_t amount, const char *payer)
{
	char sql[900];
	snprintf(sql, sizeof sql,
		 "INSERT INTO appointment(id, patient, provider, location, "
		 "visit_type, start_us, end_us, status, created_us, created_by, "
		 "updated_us) VALUES(%lld, %lld, 'om', 'main', 'fu', %lld, "
		 "%lld, 'checked_out', 0, 't', 0);"
		 "INSERT INTO encounter(id, appointment, patient, provider, "
		 "location, pos, day, created_us, created_by) VALUES(%lld, "
		 "%lld, %lld, 'om', 'main', '11', %d, 0, 't');"
		 "INSERT INTO charge(id, encounter, line, code, modifiers, "
		 "units, pointers, amount, provider, pos, day, created_us, "
		 "created_by) VALUES(%lld, %lld, 1, '%s', '%s', 1, '1', %lld, "
		 "'om', '11', %d, 0, 't')",
		 (long long)id, (long long)patient,
		 (long long)day * 86400000000LL,
		 (long long)day * 86400000000LL + 1200000000LL, (long long)id,
		 (long long)id, (long long)patient, day, (long long)id,
		 (long long)id, code, id == 1 ? "25" : "", (long long)amount,
		 day);
	exec_sql(f->p, sql);
	mo_ledger_line l[] = {
		{payer ? MO_ACCT_AR_PAYER : MO_ACCT_AR_PATIENT, amount, patient,
		 payer, id},
		{MO_ACCT_REVENUE, -amount, patient, NULL, id},
	};
	post(f, "charge", day, l, 2);
}

/* A patient payment (cash) of amount on day, not applied to a charge. */
static void payment(fixture *f, int64_t patient, int32_t day,
		    int64_t amount)
{
	mo_ledger_line l[] = {
		{MO_ACCT_CASH, amount, patient, NULL, 0},
		{MO_ACCT_AR_PATIENT, -amount, patient, NULL, 0},
	};
	post(f, "payment", day, l, 2);
}

/* The payer's remittance of charge c of patient: paid to the bank (the
 * bank line names no charge), contractual, and the patient's share. */
static void remit(fixture *f, int64_t patient, int64_t c, int32_t day,
		  int64_t paid, int64_t contractual, int64_t share)
{
	mo_ledger_line l[] = {
		{MO_ACCT_BANK, paid, 0, "acme", 0},
		{MO_ACCT_AR_PAYER, -paid, patient, "acme", c},
		{MO_ACCT_CONTRACTUAL, contractual, patient, "acme", c},
		{MO_ACCT_AR_PAYER, -contractual, patient, "acme", c},
		{MO_ACCT_AR_PATIENT, share, patient, NULL, c},
		{MO_ACCT_AR_PAYER, -share, patient, "acme", c},
	};
	post(f, "payment", day, l, 6);
}

/* Patients: 1 Ana Lopez (self-pay: visits 10, 45 and 130 days ago, a
 * payment of 25.00 two days ago), 2 Ben Smith (insured: a visit 40 days
 * ago remitted 20 days ago, 80.00 paid, 40.00 contractual, 30.00 his;
 * another 5 days ago not paid yet), 3 Cy Cole (a prepayment: a credit of
 * 20.00), 4 Dee Lopez (Ana is her guarantor; a visit 3 days ago), 5 Eve
 * Nobody (nothing owed). */
static void fill(fixture *f)
{
	int32_t t = f->today;
	exec_sql(f->p,
		 "INSERT INTO patient(id, family, given, birth_day, sex, line1, "
		 "city, state, zip, guarantor, name_key, created_us, "
		 "created_by, updated_us, updated_by) VALUES"
		 "(1, 'Lopez', 'Ana', 3000, 'female', '12 Elm St', 'Austin', "
		 "'TX', '78702', NULL, 'lopez ana', 0, 't', 0, 't'),"
		 "(2, 'Smith', 'Ben', 4000, 'male', NULL, NULL, NULL, NULL, "
		 "NULL, 'smith ben', 0, 't', 0, 't'),"
		 "(3, 'Cole', 'Cy', 5000, 'male', NULL, NULL, NULL, NULL, NULL, "
		 "'cole cy', 0, 't', 0, 't'),"
		 "(4, 'Lopez', 'Dee', 15000, 'female', '99 Far Rd', 'Dallas', "
		 "'TX', '75201', 1, 'lopez dee', 0, 't', 0, 't'),"
		 "(5, 'Nobody', 'Eve', 6000, 'female', NULL, NULL, NULL, NULL, "
		 "NULL, 'nobody eve', 0, 't', 0, 't')");
	charge(f, 1, 1, t - 10, "99213", 15000, NULL);
	charge(f, 2, 1, t - 45, "99212", 10000, NULL);
	charge(f, 3, 1, t - 130, "87880", 5000, NULL);
	payment(f, 1, t - 2, 2500);
	charge(f, 4, 2, t - 40, "99214", 15000, "acme");
	remit(f, 2, 4, t - 20, 8000, 4000, 3000);
	charge(f, 5, 2, t - 5, "99213", 12000, "acme");
	payment(f, 3, t - 1, 2000);
	charge(f, 6, 4, t - 3, "99212", 9500, NULL);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", "2026-11-23T15:00:00Z", 1);
	if (pfx_open("statement", YAML, f->dir, &f->p))
		return -1;
	if (pfx_jobs(f->p, JOBS, NJOBS, &(mo_hooks){&f->h, decide, NULL, NULL, NULL}, &f->perm,
		     &f->org))
		return -1;
	f->today = mo_days_from_civil(2026, 11, 23);
	f->h.min = INT64_MIN; /* no minimum unless a test sets one */
	fill(f);
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

/* ---- what a run passed on ---- */

typedef struct got {
	int n, nskip, stop_at, stop_with;
	struct {
		int64_t id, patient, guarantor, balance, pending, earlier;
		int64_t bucket[MO_AGING_BUCKETS], unapplied;
		int32_t from, due;
		char to[64], city[32];
		size_t nlines, ncredits;
		mo_stmt_line lines[4];
		mo_stmt_credit credits[4];
	} s[8];
	struct {
		int64_t patient, balance;
		char reason[128], rule[64];
	} k[8];
} got;

static int keep(void *ud, const mo_statement *s)
{
	got *g = ud;
	assert_true(g->n < 8);
	g->s[g->n].id = s->id;
	g->s[g->n].patient = s->patient;
	g->s[g->n].guarantor = s->guarantor;
	g->s[g->n].balance = s->balance;
	g->s[g->n].pending = s->pending;
	g->s[g->n].earlier = s->earlier;
	memcpy(g->s[g->n].bucket, s->aging.bucket, sizeof s->aging.bucket);
	g->s[g->n].unapplied = s->aging.unapplied;
	g->s[g->n].from = s->from_day;
	g->s[g->n].due = s->due_day;
	snprintf(g->s[g->n].to, 64, "%s", s->to_name);
	snprintf(g->s[g->n].city, 32, "%s", s->city ? s->city : "-");
	g->s[g->n].nlines = s->nlines;
	g->s[g->n].ncredits = s->ncredits;
	for (size_t i = 0; i < s->nlines && i < 4; i++)
		g->s[g->n].lines[i] = s->lines[i];
	for (size_t i = 0; i < s->ncredits && i < 4; i++)
		g->s[g->n].credits[i] = s->credits[i];
	g->n++;
	return g->n == g->stop_at ? g->stop_with : 0;
}

static int keep_skip(void *ud, const mo_stmt_skip *k)
{
	got *g = ud;
	assert_true(g->nskip < 8);
	g->k[g->nskip].patient = k->patient;
	g->k[g->nskip].balance = k->balance;
	snprintf(g->k[g->nskip].reason, 128, "%s", k->reason);
	snprintf(g->k[g->nskip].rule, 64, "%s", k->rule);
	g->nskip++;
	return 0;
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM statement_run",
	"SELECT count(*) FROM statement",
	"SELECT count(*) FROM statement_line",
	"SELECT count(*) FROM statement_credit",
	"SELECT count(*) FROM statement_hold",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	NULL,
};
enum {
	S_RUNS, S_STATEMENTS, S_LINES, S_CREDITS, S_HOLDS, S_AUDIT, S_DECISIONS
};

static void run_refused(fixture *f, const char *actor, mo_stmt_opts o,
			int rc, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	got g = {0};
	mo_stmt_result r = {-1, -1, -1, -1};
	mo_err e = {0};
	assert_int_equal(mo_stmt_run(f->p, actor, &o, keep, keep_skip, &g, &r,
				     &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(g.n + g.nskip, 0);
	assert_int_equal(r.run, -1);
	pfx_snap_same(f->p, &before);
}

static mo_stmt_result run_ok(fixture *f, mo_stmt_opts o, got *g)
{
	mo_stmt_result r;
	mo_err e = {0};
	if (mo_stmt_run(f->p, "om", &o, keep, keep_skip, g, &r, &e))
		fail_msg("run: %s", e.msg);
	return r;
}

/* ---- tests ---- */

static void test_run_refused(void **state)
{
	fixture *f = *state;
	exec_sql(f->p, "UPDATE patient SET status = 'merged', merged_into = 1 "
		 "WHERE id = 5");
	run_refused(f, "om", (mo_stmt_opts){.as_of = f->today + 1}, MO_EINVAL,
		    "statement date: 2026-11-24 is after today (2026-11-23)");
	run_refused(f, "om", (mo_stmt_opts){.due_days = 121}, MO_EINVAL,
		    "statement due days: expected 1 to 120 days, got 121");
	run_refused(f, "om", (mo_stmt_opts){.due_days = -1}, MO_EINVAL,
		    "statement due days: expected 1 to 120 days, got -1");
	run_refused(f, "om", (mo_stmt_opts){.format = "pdf"}, MO_EINVAL,
		    "statement format: expected text or html, got \"pdf\"");
	run_refused(f, "om", (mo_stmt_opts){.patient = 99}, MO_ENOTFOUND,
		    "statement patient: no patient 99");
	run_refused(f, "om", (mo_stmt_opts){.patient = 5}, MO_EINVAL,
		    "statement patient: patient 5 was merged into patient 1; "
		    "run the statement for that record");
	run_refused(f, "fd", (mo_stmt_opts){0}, MO_EDENIED,
		    "fd may not statement.run: the job Front desk (front_desk) "
		    "does not permit it (rule job 'front_desk' (policies))");
	run_refused(f, "fd", (mo_stmt_opts){.dry_run = true}, MO_EDENIED,
		    "fd may not statement.run: the job Front desk (front_desk) "
		    "does not permit it (rule job 'front_desk' (policies))");
	run_refused(f, "nobody", (mo_stmt_opts){0}, MO_EDENIED,
		    "nobody may not statement.run: nobody is not an active staff "
		    "member of this practice (rule staff list (practice.yaml))");
	assert_int_equal(f->h.calls, 0);
}

static void test_run_amounts(void **state)
{
	fixture *f = *state;
	got g = {0};
	mo_stmt_result r = run_ok(f, (mo_stmt_opts){0}, &g);
	assert_int_equal(r.run, 1);
	assert_int_equal(r.sent, 4);
	assert_int_equal(r.skipped, 0);
	assert_int_equal(r.total, 27500 + 3000 - 2000 + 9500);
	assert_int_equal(g.n, 4);
	/* Ana: 150.00 (10 days), 100.00 (45), 50.00 (130), paid 25.00 */
	assert_int_equal(g.s[0].patient, 1);
	assert_int_equal(g.s[0].id, 1);
	assert_int_equal(g.s[0].balance, 27500);
	int64_t ana[] = {15000, 10000, 0, 0, 5000};
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		assert_int_equal(g.s[0].bucket[b], ana[b]);
	assert_int_equal(g.s[0].unapplied, -2500);
	assert_int_equal(g.s[0].earlier, 0);
	assert_int_equal(g.s[0].from, 0);
	assert_int_equal(g.s[0].due, f->today + MO_STMT_DUE_DAYS);
	assert_string_equal(g.s[0].to, "Ana Lopez");
	assert_int_equal(g.s[0].nlines, 3);
	assert_int_equal(g.s[0].lines[0].charge, 3); /* by service day */
	assert_string_equal(g.s[0].lines[0].code, "87880");
	assert_int_equal(g.s[0].lines[0].service_day, f->today - 130);
	assert_string_equal(g.s[0].lines[2].code, "99213-25");
	assert_int_equal(g.s[0].lines[2].charged, 15000);
	assert_int_equal(g.s[0].lines[2].due, 15000);
	assert_int_equal(g.s[0].lines[2].insurance_paid, 0);
	assert_int_equal(g.s[0].ncredits, 1);
	assert_int_equal(g.s[0].credits[0].amount, -2500);
	assert_int_equal(g.s[0].credits[0].day, f->today - 2);
	assert_string_equal(g.s[0].credits[0].kind, "payment");
	/* Ben: the remitted visit (his 30.00) and one insurance still owes */
	assert_int_equal(g.s[1].patient, 2);
	assert_int_equal(g.s[1].balance, 3000);
	assert_int_equal(g.s[1].bucket[1], 3000);
	assert_int_equal(g.s[1].pending, 12000);
	assert_int_equal(g.s[1].nlines, 2);
	mo_stmt_line *l = &g.s[1].lines[0];
	assert_string_equal(l->code, "99214");
	assert_int_equal(l->charged, 15000);
	assert_int_equal(l->insurance_paid, 8000);
	assert_int_equal(l->adjusted, 4000);
	assert_int_equal(l->pending, 0);
	assert_int_equal(l->patient_paid, 0);
	assert_int_equal(l->due, 3000);
	l = &g.s[1].lines[1];
	assert_int_equal(l->charged, 12000);
	assert_int_equal(l->pending, 12000);
	assert_int_equal(l->due, 0);
	assert_string_equal(g.s[1].city, "-"); /* no address on file */
	/* Cy: a credit (the hook lets it go; the template's rule does not) */
	assert_int_equal(g.s[2].patient, 3);
	assert_int_equal(g.s[2].balance, -2000);
	assert_int_equal(g.s[2].nlines, 0);
	/* Dee: to her guarantor, Ana, at Ana's address */
	assert_int_equal(g.s[3].patient, 4);
	assert_int_equal(g.s[3].guarantor, 1);
	assert_string_equal(g.s[3].to, "Ana Lopez");
	assert_string_equal(g.s[3].city, "Austin");
	/* the facts the rule saw */
	assert_int_equal(f->h.calls, 4);
	assert_string_equal(f->h.facts[1],
			    "{\"as_of\":\"2026-11-23\",\"balance\":27500,"
			    "\"days_0_30\":15000,\"days_31_60\":10000,"
			    "\"days_61_90\":0,\"days_91_120\":0,\"held\":false,"
			    "\"hold_reason\":null,\"hold_until\":null,"
			    "\"last\":null,\"oldest\":130,\"over_120\":5000,"
			    "\"patient\":1,\"pending\":0,\"unapplied\":-2500}");
	assert_string_equal(f->h.facts[3],
			    "{\"as_of\":\"2026-11-23\",\"balance\":-2000,"
			    "\"days_0_30\":0,\"days_31_60\":0,\"days_61_90\":0,"
			    "\"days_91_120\":0,\"held\":false,\"hold_reason\":"
			    "null,\"hold_until\":null,\"last\":null,"
			    "\"over_120\":0,\"patient\":3,\"pending\":0,"
			    "\"unapplied\":-2000}");
	/* recorded as sent, audited once */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM statement_run"),
			 1);
	assert_int_equal(query_int(f->p, "SELECT total FROM statement_run"),
			 38000);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM statement"), 4);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM statement_line"),
			 6);
	assert_int_equal(query_int(f->p, "SELECT sum(insurance_paid) FROM "
				   "statement_line"), 8000);
	assert_int_equal(audit_entries(f->p, "om", "statement.run", "statement_run:1"),
			 1);
}

static void test_skips_and_holds(void **state)
{
	fixture *f = *state;
	got g = {0};
	mo_stmt_result r;
	mo_err e = {0};
	f->h.min = 500;
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, "disputes the bill",
				      f->today + 7, &e), 0);
	r = run_ok(f, (mo_stmt_opts){0}, &g);
	assert_int_equal(r.sent, 2); /* Ben, Dee */
	assert_int_equal(r.skipped, 2);
	assert_int_equal(g.k[0].patient, 1);
	assert_int_equal(g.k[0].balance, 27500);
	assert_string_equal(g.k[0].reason, "on hold: disputes the bill");
	assert_string_equal(g.k[0].rule, "'test' (t.lua:1)");
	assert_int_equal(g.k[1].patient, 3);
	assert_string_equal(g.k[1].reason, "below the minimum");
	assert_non_null(strstr(f->h.facts[1], "\"held\":true,\"hold_reason\":"
			       "\"disputes the bill\",\"hold_until\":"
			       "\"2026-11-30\""));
	/* the hold ends after its last day; then the patient is sent one */
	setenv("MEDOFFICE_NOW", "2026-12-01T15:00:00Z", 1);
	memset(&g, 0, sizeof g);
	r = run_ok(f, (mo_stmt_opts){.patient = 1}, &g);
	assert_int_equal(r.sent, 1);
	assert_non_null(strstr(f->h.facts[1], "\"held\":false,\"hold_reason\":"
			       "null"));
	/* asked for one patient with nothing due: skipped by the core */
	memset(&g, 0, sizeof g);
	r = run_ok(f, (mo_stmt_opts){.patient = 5}, &g);
	assert_int_equal(r.sent + r.skipped, 1);
	assert_string_equal(g.k[0].reason, "nothing is due");
	assert_string_equal(g.k[0].rule, "");
}

static void test_hold_release(void **state)
{
	fixture *f = *state;
	pfx_snap before = pfx_snap_take(f->p, STATE);
	char long_reason[220];
	mo_err e = {0};
	memset(long_reason, 'x', 201);
	long_reason[201] = '\0';
	const char *bad[] = {"", "two\nlines", long_reason};
	for (int i = 0; i < 3; i++) {
		assert_int_equal(mo_stmt_hold(f->p, "om", 1, bad[i], 0, &e),
				 MO_EINVAL);
		assert_string_equal(e.msg, "statement hold reason: expected one "
				    "line of 1 to 200 characters");
	}
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, NULL, 0, &e), MO_EINVAL);
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, "x", f->today - 1, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "statement hold until: 2026-11-22 is before "
			    "today (2026-11-23)");
	assert_int_equal(mo_stmt_hold(f->p, "om", 42, "x", 0, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "statement hold patient: no patient 42");
	assert_int_equal(mo_stmt_hold(f->p, "fd", 1, "x", 0, &e), MO_EDENIED);
	assert_msg(e, "fd may not statement.hold");
	assert_int_equal(mo_stmt_release(f->p, "om", 1, NULL, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "patient 1's statements are not on hold");
	assert_int_equal(mo_stmt_release(f->p, "om", 1, "a\nb", &e),
			 MO_EINVAL);
	pfx_snap_same(f->p, &before);
	/* held until released; a second hold replaces the first */
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, "payment plan", 0, &e), 0);
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, "disputes the bill",
				      f->today, &e), 0);
	assert_int_equal(audit_entries(f->p, "om", "statement.hold", "patient:1"), 2);
	assert_int_equal(mo_stmt_release(f->p, "fd", 1, NULL, &e), MO_EDENIED);
	assert_int_equal(mo_stmt_release(f->p, "om", 1, "settled", &e), 0);
	assert_int_equal(mo_stmt_release(f->p, "om", 1, NULL, &e),
			 MO_ENOTFOUND);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM statement_hold"),
			 3);
	/* append-only */
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "DELETE FROM statement_hold", NULL,
					  NULL, &msg), SQLITE_OK);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
}

static int count_hold(void *ud, const mo_stmt_hold_row *h)
{
	assert_int_equal(h->patient, 2);
	assert_string_equal(h->reason, "bankruptcy");
	assert_string_equal(h->patient_name, "Smith, Ben");
	assert_string_equal(h->by, "om");
	(*(int *)ud)++;
	return 0;
}

static void test_holds_list(void **state)
{
	fixture *f = *state;
	mo_err e = {0};
	int n = 0;
	assert_int_equal(mo_stmt_hold(f->p, "om", 1, "short", f->today, &e), 0);
	assert_int_equal(mo_stmt_hold(f->p, "om", 2, "bankruptcy", 0, &e), 0);
	assert_int_equal(mo_stmt_hold(f->p, "om", 3, "gone", 0, &e), 0);
	assert_int_equal(mo_stmt_release(f->p, "om", 3, NULL, &e), 0);
	setenv("MEDOFFICE_NOW", "2026-11-24T15:00:00Z", 1); /* 1's has ended */
	assert_int_equal(mo_stmt_holds(f->p, "fd", count_hold, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "statement:holds"),
			 1);
}

static void test_period(void **state)
{
	fixture *f = *state;
	got g = {0};
	run_ok(f, (mo_stmt_opts){.patient = 1}, &g);
	/* a month later: 40.00 paid, then the next statement */
	setenv("MEDOFFICE_NOW", "2026-12-23T15:00:00Z", 1);
	payment(f, 1, f->today + 25, 4000);
	memset(&g, 0, sizeof g);
	mo_stmt_result r = run_ok(f, (mo_stmt_opts){.patient = 1,
						     .due_days = 14}, &g);
	assert_int_equal(r.sent, 1);
	assert_int_equal(g.s[0].from, f->today + 1);
	assert_int_equal(g.s[0].due, f->today + 30 + 14);
	assert_int_equal(g.s[0].balance, 27500 - 4000);
	assert_int_equal(g.s[0].ncredits, 1); /* this period's payment */
	assert_int_equal(g.s[0].credits[0].amount, -4000);
	assert_int_equal(g.s[0].earlier, -2500); /* the one before */
	assert_int_equal(g.s[0].nlines, 3);     /* still owed */
	/* the buckets have moved on a month */
	assert_int_equal(g.s[0].bucket[1], 15000);
	assert_int_equal(g.s[0].bucket[2], 10000);
	assert_non_null(strstr(f->h.facts[1], "\"days_since_last\":30,"));
	assert_non_null(strstr(f->h.facts[1], "\"last\":\"2026-11-23\""));
}

static void test_dry_run(void **state)
{
	fixture *f = *state;
	pfx_snap before = pfx_snap_take(f->p, STATE);
	got g = {0};
	mo_stmt_result r = run_ok(f, (mo_stmt_opts){.dry_run = true}, &g);
	pfx_snap now = pfx_snap_take(f->p, STATE);
	assert_int_equal(r.sent, 4);
	assert_int_equal(r.run, 0);
	assert_int_equal(g.s[0].id, 0);
	assert_int_equal(g.s[0].balance, 27500);
	for (int i = S_RUNS; i <= S_CREDITS; i++) /* nothing written */
		assert_int_equal(now.v[i], before.v[i]);
	assert_int_equal(now.v[S_AUDIT], before.v[S_AUDIT] + 1);
	assert_int_equal(audit_entries(f->p, "om", "statement.run",
				"statements:dry-run"), 1);
}

static void test_stopped(void **state)
{
	fixture *f = *state;
	pfx_snap before = pfx_snap_take(f->p, STATE);
	got g = {.stop_at = 2, .stop_with = MO_EIO};
	mo_err e = {0};
	assert_int_equal(mo_stmt_run(f->p, "om", NULL, keep, keep_skip, &g,
				     NULL, &e), MO_EIO);
	assert_string_equal(e.msg, "statements: stopped");
	assert_int_equal(g.n, 2);
	pfx_snap_same(f->p, &before);
}

static int count_head(void *ud, const mo_statement *s)
{
	got *g = ud;
	g->s[g->n].id = s->id;
	g->s[g->n].balance = s->balance;
	g->s[g->n].nlines = s->nlines;
	g->n++;
	return 0;
}

static void test_list_get(void **state)
{
	fixture *f = *state;
	got sent = {0}, g = {0}, again = {0};
	mo_stmt_filter q = {.patient = 2};
	mo_err e = {0};
	run_ok(f, (mo_stmt_opts){.format = "html"}, &sent);
	assert_int_equal(mo_stmt_list(f->p, "fd", NULL, count_head, &g, &e), 0);
	assert_int_equal(g.n, 4);
	assert_int_equal(g.s[3].balance, 9500);
	assert_int_equal(g.s[3].nlines, 0); /* heads only */
	memset(&g, 0, sizeof g);
	assert_int_equal(mo_stmt_list(f->p, "fd", &q, count_head, &g, &e), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "patient:2"), 1);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "statements"), 1);
	q.patient = 77;
	assert_int_equal(mo_stmt_list(f->p, "fd", &q, count_head, &g, &e),
			 MO_ENOTFOUND);
	/* the reprint is the statement as sent */
	assert_int_equal(mo_stmt_get(f->p, "fd", 2, keep, &again, &e), 0);
	assert_int_equal(again.n, 1);
	assert_int_equal(again.s[0].id, 2);
	assert_int_equal(again.s[0].balance, sent.s[1].balance);
	assert_int_equal(again.s[0].pending, sent.s[1].pending);
	assert_int_equal(again.s[0].nlines, 2);
	assert_memory_equal(again.s[0].lines, sent.s[1].lines,
			    2 * sizeof(mo_stmt_line));
	assert_int_equal(again.s[0].bucket[1], 3000);
	assert_int_equal(audit_entries(f->p, "fd", "billing.read", "patient:2"), 2);
	assert_int_equal(mo_stmt_get(f->p, "fd", 9, keep, &again, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "no statement 9");
	/* append-only */
	char *msg = NULL;
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "UPDATE statement SET balance = 0",
					  NULL, NULL, &msg), SQLITE_OK);
	sqlite3_free(msg);
}

/* The HTML of a statement whose names are hostile: every value escaped. */
static int render_html(void *ud, const mo_statement *s)
{
	FILE *f = ud;
	mo_cli_statement_html_head(f, s->patient_name);
	mo_cli_statement_html(f, s);
	mo_cli_statement_html_tail(f);
	return 0;
}

static void test_html_escaped(void **state)
{
	fixture *f = *state;
	char *html = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&html, &len);
	mo_stmt_opts o = {.patient = 4, .dry_run = true};
	mo_err e = {0};
	assert_non_null(mem);
	exec_sql(f->p, "UPDATE patient SET family = '<script>alert(1)</script>',"
		 " given = 'Eve & \"Co\"', line1 = '<img src=x onerror=1>' "
		 "WHERE id = 1");
	assert_int_equal(mo_stmt_run(f->p, "om", &o, render_html, NULL, mem,
				     NULL, &e), 0);
	fclose(mem);
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "Eve &amp; &quot;Co&quot; &lt;script&gt;"
			       "alert(1)&lt;/script&gt;"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=1&gt;"));
	assert_non_null(strstr(html, "Statement Test Clinic, LLC"));
	assert_non_null(strstr(html, "<td class=\"num\">95.00</td>"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_run_refused),
		T(test_run_amounts),
		T(test_skips_and_holds),
		T(test_hold_release),
		T(test_holds_list),
		T(test_period),
		T(test_dry_run),
		T(test_stopped),
		T(test_list_get),
		T(test_html_escaped),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
