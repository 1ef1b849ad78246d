/* test_ledger.c: unit tests of core/ledger.c, the double-entry books, on a
 * practice of its own with two payers: every refusal of mo_ledger_post
 * with its message and nothing written; balances per patient, charge,
 * account and payer; reversals (and refusing a second one or the
 * reversal of a reversal); the append-only triggers; the trial balance
 * catching a line written around the ledger; the A/R aging by payer and
 * by patient, bucket edges, unapplied credits, as-of dates and its audit
 * entry. Adjustments and write-offs (mo_ledger_adjust): every refusal
 * with its message and nothing written, the balances and accounts before
 * and after, the entry's kind, lines and audit; and through the approval
 * rules (the runner of ledger.adjust, with a C route hook standing in
 * for the policies' "writeoff" approval): nothing posted while requested
 * or when denied, posted by the approver once approved, at once when no
 * approval is needed, refused when filed for more than is owed, and an
 * approval failing (rolled back) when the balance fell in between.
 * Charges and their encounters are written with SQL directly (the charge
 * module has its own tests). It uses cmocka and SQLite. */
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

#include "approval.h"
#include "clock.h"
#include "ledger.h"
#include "org.h"
#include "units.h"

static const char YAML[] =
	"practice:\n"
	"  name: Ledger Test\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - { id: main, name: Main, pos: \"11\", rooms: [ { id: exam1, "
	"kind: exam } ] }\n"
	"staff:\n"
	"  - { id: drlee, name: Dr Lee, job: doc }\n"
	"  - { id: maria, name: Maria, job: desk }\n"
	"providers:\n"
	"  - { staff: drlee, npi: \"1234567893\", specialty: Family Medicine }\n"
	"visit_types:\n"
	"  - { id: follow_up, name: Follow-up, duration: 20m }\n"
	"fee_schedules:\n"
	"  - id: standard\n"
	"    name: Standard\n"
	"    fees:\n"
	"      - { code: \"99213\", charge: \"120.00\", from: 2026-01-01 }\n"
	"payers:\n"
	"  - { id: aetna, name: Aetna, kind: commercial, payer_id: \"60054\", "
	"fee_schedule: standard }\n"
	"  - { id: medicare, name: Medicare, kind: medicare, payer_id: "
	"\"00431\", fee_schedule: standard }\n";

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	int32_t today;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", "2026-11-23T15:00:00Z", 1);
	if (pfx_open("ledger", YAML, f->dir, &f->p))
		return -1;
	f->today = mo_practice_today(f->p);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* Two patients; for each of the days before today given, an appointment,
 * an encounter and a charge (ids 1, 2, ...). */
static void add_charges(fixture *f, const int *ages, int n)
{
	char sql[1200];
	exec_sql(f->p, "INSERT INTO patient(id, family, given, birth_day, sex, "
		 "name_key, created_us, created_by, updated_us, updated_by) "
		 "VALUES(1, 'Doe', 'Ann', 3000, 'female', 'doe ann', 0, 't', "
		 "0, 't'), (2, 'Roe', 'Bo', 4000, 'male', 'roe bo', 0, 't', "
		 "0, 't')");
	for (int i = 0; i < n; i++) {
		int32_t day = f->today - ages[i];
		snprintf(sql, sizeof sql,
			 "INSERT INTO appointment(id, patient, provider, "
			 "location, visit_type, start_us, end_us, status, "
			 "created_us, created_by, updated_us) VALUES(%d, 1, "
			 "'drlee', 'main', 'follow_up', %lld, %lld, "
			 "'checked_out', 0, 't', 0);"
			 "INSERT INTO encounter(id, appointment, patient, "
			 "provider, location, pos, day, created_us, created_by) "
			 "VALUES(%d, %d, 1, 'drlee', 'main', '11', %d, 0, 't');"
			 "INSERT INTO charge(id, encounter, line, code, units, "
			 "pointers, amount, provider, pos, day, created_us, "
			 "created_by) VALUES(%d, %d, 1, '99213', 1, '1', 12000, "
			 "'drlee', '11', %d, 0, 't')",
			 i + 1, (long long)day * 86400000000LL + 54000000000LL,
			 (long long)day * 86400000000LL + 55200000000LL, i + 1,
			 i + 1, (int)day, i + 1, i + 1, (int)day);
		exec_sql(f->p, sql);
	}
}

static int post(fixture *f, const char *kind, const mo_ledger_line *l,
		size_t n, int32_t day, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(f->p);
	mo_ledger_entry en = {kind, "test entry", day, l, n};
	int rc = mo_db_begin(db, e);
	if (rc)
		return rc;
	if ((rc = mo_ledger_post(f->p, "maria", &en, id, e)))
		mo_db_rollback(db);
	else
		rc = mo_db_commit(db, e);
	return rc;
}

/* A charge of 120.00 to payer (or the patient when payer is NULL). */
static void charge(fixture *f, int64_t id, const char *payer, int32_t day)
{
	mo_ledger_line l[] = {
		{payer ? MO_ACCT_AR_PAYER : MO_ACCT_AR_PATIENT, 12000, 1, payer,
		 id},
		{MO_ACCT_REVENUE, -12000, 1, NULL, id},
	};
	mo_err e = {0};
	if (post(f, "charge", l, 2, day, NULL, &e))
		fail_msg("charge: %s", e.msg);
}

static int64_t rows(fixture *f)
{
	return query_int(f->p, "SELECT (SELECT count(*) FROM journal) * 1000 "
			 "+ (SELECT count(*) FROM journal_line)");
}

static void refused(fixture *f, const char *kind, const mo_ledger_line *l,
		    size_t n, int code, const char *msg)
{
	int64_t before = rows(f);
	mo_err e = {0};
	assert_int_equal(post(f, kind, l, n, f->today, NULL, &e), code);
	assert_msg(e, msg);
	assert_int_equal(rows(f), before);
}

static void test_post_refusals(void **state)
{
	fixture *f = *state;
	int ages[] = {3};
	mo_ledger_line one[] = {{MO_ACCT_CASH, 100, 1, NULL, 0}};
	mo_ledger_line unbalanced[] = {{MO_ACCT_CASH, 100, 1, NULL, 0},
				       {MO_ACCT_AR_PATIENT, -99, 1, NULL, 0}};
	mo_ledger_line zero[] = {{MO_ACCT_CASH, 0, 1, NULL, 0},
				 {MO_ACCT_AR_PATIENT, 0, 1, NULL, 0}};
	mo_ledger_line huge[] = {{MO_ACCT_CASH, MO_LEDGER_MAX_AMOUNT + 1, 1,
				  NULL, 0},
				 {MO_ACCT_AR_PATIENT, -MO_LEDGER_MAX_AMOUNT - 1,
				  1, NULL, 0}};
	mo_ledger_line payer[] = {{MO_ACCT_AR_PAYER, 100, 1, "acme", 0},
				  {MO_ACCT_REVENUE, -100, 1, NULL, 0}};
	mo_ledger_line account[] = {{(mo_account)42, 100, 1, NULL, 0},
				    {MO_ACCT_REVENUE, -100, 1, NULL, 0}};
	mo_ledger_line nocharge[] = {{MO_ACCT_AR_PATIENT, 100, 1, NULL, 77},
				     {MO_ACCT_REVENUE, -100, 1, NULL, 77}};
	mo_ledger_line ok[] = {{MO_ACCT_CASH, 2500, 1, NULL, 0},
			       {MO_ACCT_AR_PATIENT, -2500, 1, NULL, 0}};
	mo_ledger_entry memo = {"payment", "", f->today, ok, 2};
	mo_err e = {0};
	add_charges(f, ages, 1);
	refused(f, "payment", one, 1, MO_EINVAL, "an entry has 2 to 64 lines, "
		"got 1");
	refused(f, "payment", unbalanced, 2, MO_EINVAL, "the entry does not "
		"balance: debits minus credits is 0.01");
	refused(f, "payment", zero, 2, MO_EINVAL, "ledger line 1: amount 0.00: "
		"expected a non-zero amount");
	refused(f, "payment", huge, 2, MO_EINVAL, "ledger line 1: amount "
		"10000000000.01: expected");
	refused(f, "charge", payer, 2, MO_EINVAL, "ledger line 1: unknown payer "
		"'acme'");
	refused(f, "charge", account, 2, MO_EINVAL, "ledger line 1: unknown "
		"account");
	refused(f, "charge", nocharge, 2, MO_EINVAL, "ledger: no charge 77");
	refused(f, "gift", ok, 2, MO_EINVAL, "ledger: unknown kind 'gift'");
	/* no memo; outside a transaction */
	assert_int_equal(mo_db_begin(mo_practice_db(f->p), &e), 0);
	assert_int_equal(mo_ledger_post(f->p, "maria", &memo, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "a memo of 1 to 200 characters is required");
	mo_db_rollback(mo_practice_db(f->p));
	memo.memo = "copay";
	assert_int_equal(mo_ledger_post(f->p, "maria", &memo, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "posting needs the operation's transaction");
	assert_int_equal(rows(f), 0);
	/* and one that is right */
	assert_int_equal(post(f, "payment", ok, 2, f->today, NULL, &e), 0);
	assert_int_equal(rows(f), 1002);
}

static void test_balances_and_reversal(void **state)
{
	fixture *f = *state;
	int ages[] = {5, 5};
	mo_ledger_balance b;
	int64_t cash, pay, rid, n;
	mo_err e = {0};
	mo_ledger_line paid[] = {{MO_ACCT_BANK, 9000, 0, "aetna", 0},
				 {MO_ACCT_AR_PAYER, -9000, 1, "aetna", 1}};
	mo_ledger_line copay[] = {{MO_ACCT_CASH, 2500, 1, NULL, 0},
				  {MO_ACCT_AR_PATIENT, -2500, 1, NULL, 0}};
	add_charges(f, ages, 2);
	charge(f, 1, "aetna", f->today - 5);
	charge(f, 2, NULL, f->today - 5);
	assert_int_equal(post(f, "payment", paid, 2, f->today, NULL, &e), 0);
	assert_int_equal(post(f, "payment", copay, 2, f->today, &pay, &e), 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 12000 - 2500);
	assert_int_equal(b.payer_due, 12000 - 9000);
	assert_int_equal(mo_ledger_charge_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.payer_due, 3000);
	assert_int_equal(b.patient_due, 0);
	assert_int_equal(mo_ledger_account_balance(f->p, MO_ACCT_CASH, NULL,
						   &cash, &e), 0);
	assert_int_equal(cash, 2500);
	assert_int_equal(mo_ledger_account_balance(f->p, MO_ACCT_AR_PAYER,
						   "aetna", &cash, &e), 0);
	assert_int_equal(cash, 3000);
	assert_int_equal(mo_ledger_account_balance(f->p, MO_ACCT_REVENUE,
						   NULL, &cash, &e), 0);
	assert_int_equal(cash, -24000);
	/* the copay was taken twice by mistake: reverse it */
	assert_int_equal(mo_db_begin(mo_practice_db(f->p), &e), 0);
	assert_int_equal(mo_ledger_reverse(f->p, "maria", pay, "entered twice",
					   f->today, &rid, &e), 0);
	assert_int_equal(mo_ledger_reverse(f->p, "maria", pay, "again",
					   f->today, NULL, &e), MO_EEXIST);
	assert_msg(e, "is reversed already");
	assert_int_equal(mo_ledger_reverse(f->p, "maria", rid, "undo",
					   f->today, NULL, &e), MO_EEXIST);
	assert_msg(e, "is a reversal");
	assert_int_equal(mo_ledger_reverse(f->p, "maria", 999, "none",
					   f->today, NULL, &e), MO_ENOTFOUND);
	assert_int_equal(mo_db_commit(mo_practice_db(f->p), &e), 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 12000);
	assert_int_equal(query_int(f->p, "SELECT kind = 'void' AND reverses = "
				   "4 FROM journal WHERE id = 5"), 1);
	assert_int_equal(mo_ledger_verify(f->p, &n, &e), 0);
	assert_int_equal(n, 5);
}

static void test_append_only_and_verify(void **state)
{
	fixture *f = *state;
	sqlite3 *db = mo_db_sqlite(mo_practice_db(f->p));
	mo_ledger_line copay[] = {{MO_ACCT_CASH, 2500, 1, NULL, 0},
				  {MO_ACCT_AR_PATIENT, -2500, 1, NULL, 0}};
	int ages[] = {1};
	mo_err e = {0};
	add_charges(f, ages, 1);
	assert_int_equal(post(f, "payment", copay, 2, f->today, NULL, &e), 0);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE journal_line SET amount "
					  "= 1 WHERE id = 1", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM journal", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
	/* a line written around the ledger breaks the trial balance */
	exec_sql(f->p, "INSERT INTO journal_line(journal, account, amount, "
		 "patient, day) VALUES(1, 'cash', 100, 1, 0)");
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), MO_ECORRUPT);
	assert_msg(e, "ledger: entry 1 does not balance (debits minus credits "
		   "1.00)");
}

typedef struct rows_seen {
	mo_aging_row v[8];
	char key[8][32], name[8][64];
	int n;
} rows_seen;

static int keep_row(void *ud, const mo_aging_row *r)
{
	rows_seen *s = ud;
	if (s->n == 8)
		return 1;
	s->v[s->n] = *r;
	snprintf(s->key[s->n], 32, "%s", r->key);
	snprintf(s->name[s->n], 64, "%s", r->name);
	s->v[s->n].key = s->key[s->n];
	s->v[s->n].name = s->name[s->n];
	s->n++;
	return 0;
}

static void test_aging(void **state)
{
	fixture *f = *state;
	/* ages at the edges of the buckets: 30 | 31, 60 | 61, 90 | 91,
	 * 120 | 121 */
	int ages[] = {0, 30, 31, 60, 61, 90, 91, 120, 121};
	rows_seen s = {0};
	mo_err e = {0};
	int64_t audit = query_int(f->p, "SELECT count(*) FROM audit");
	mo_ledger_line paid[] = {{MO_ACCT_BANK, 5000, 0, "aetna", 0},
				 {MO_ACCT_AR_PAYER, -5000, 1, "aetna", 9}};
	mo_ledger_line prepay[] = {{MO_ACCT_CARD, 4000, 1, NULL, 0},
				   {MO_ACCT_AR_PATIENT, -4000, 1, NULL, 0}};
	add_charges(f, ages, 9);
	for (int i = 0; i < 9; i++)
		charge(f, i + 1, i % 2 ? NULL : "aetna", f->today - ages[i]);
	assert_int_equal(post(f, "payment", paid, 2, f->today, NULL, &e), 0);
	assert_int_equal(post(f, "payment", prepay, 2, f->today, NULL, &e), 0);

	assert_int_equal(mo_ledger_aging(f->p, "maria", MO_AGING_PAYER,
					 f->today, keep_row, &s, &e), 0);
	assert_int_equal(s.n, 2); /* aetna, then the total */
	assert_string_equal(s.v[0].key, "aetna");
	assert_string_equal(s.v[0].name, "Aetna");
	/* aetna: ages 0, 31, 61, 91, 121 (120.00 each), 50.00 paid on 121 */
	int64_t payer[] = {12000, 12000, 12000, 12000, 7000};
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		assert_int_equal(s.v[0].bucket[b], payer[b]);
	assert_int_equal(s.v[0].total, 55000);
	assert_string_equal(s.v[1].key, "total");

	s.n = 0;
	assert_int_equal(mo_ledger_aging(f->p, "maria", MO_AGING_PATIENT,
					 f->today, keep_row, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].key, "1");
	assert_string_equal(s.v[0].name, "Doe, Ann");
	/* the patient: ages 30, 60, 90, 120 and the prepayment unapplied */
	for (int b = 0; b < 4; b++)
		assert_int_equal(s.v[0].bucket[b], 12000);
	assert_int_equal(s.v[0].bucket[4], 0);
	assert_int_equal(s.v[0].unapplied, -4000);
	assert_int_equal(s.v[0].total, 44000);

	/* as of a week ago: nothing paid yet, the newest charge not there */
	s.n = 0;
	assert_int_equal(mo_ledger_aging(f->p, "maria", MO_AGING_PAYER,
					 f->today - 7, keep_row, &s, &e), 0);
	assert_int_equal(s.v[0].total, 12000 * 4);
	assert_int_equal(s.v[0].bucket[0], 12000); /* age 31 is 24 then */
	/* each aging is an audited read */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit"),
			 audit + 3);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'billing.read' AND actor = "
				   "'maria' AND record = 'aging:patient'"), 1);
	/* a callback that stops: no total row */
	s.n = 8;
	assert_int_equal(mo_ledger_aging(f->p, "maria", MO_AGING_PAYER,
					 f->today, keep_row, &s, &e), 1);
}

static void test_account_names(void **state)
{
	(void)state;
	assert_string_equal(mo_ledger_account_name(MO_ACCT_AR_PAYER),
			    "ar_payer");
	assert_null(mo_ledger_account_name(MO_ACCT_COUNT));
	assert_null(mo_ledger_account_name((mo_account)-1));
	assert_int_equal(mo_ledger_account_find("bank"), MO_ACCT_BANK);
	assert_int_equal(mo_ledger_account_find("vault"), -1);
	assert_int_equal(mo_ledger_account_find(NULL), -1);
}

/* ==== adjustments and write-offs ==== */

/* Charge 1 owed by aetna (120.00), charge 2 by the patient (120.00). */
static void two_charges(fixture *f)
{
	int ages[] = {5, 5};
	add_charges(f, ages, 2);
	charge(f, 1, "aetna", f->today - 5);
	charge(f, 2, NULL, f->today - 5);
}

static mo_ledger_adjustment adj(int64_t charge, mo_account from,
				mo_account to, int64_t amount)
{
	return (mo_ledger_adjustment){charge, from, to, amount,
				      "small balance"};
}

/* Every row the adjustments could write, and the audit. */
static int64_t all_rows(fixture *f)
{
	return rows(f) * 1000 + query_int(f->p, "SELECT count(*) FROM audit");
}

static void adjust_refused(fixture *f, mo_ledger_adjustment in,
			   const char *msg)
{
	int64_t before = all_rows(f), journal = -3;
	mo_err e = {0};
	assert_int_equal(mo_ledger_adjust_check(f->p, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	e = (mo_err){0};
	assert_int_equal(mo_ledger_adjust(f->p, "maria", &in, &journal, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(journal, -3);
	assert_int_equal(all_rows(f), before);
}

static void test_adjust_refusals(void **state)
{
	fixture *f = *state;
	mo_ledger_adjustment in;
	mo_err e = {0};
	two_charges(f);
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 0),
		       "ledger adjust amount: expected 0.01 to 10000000000.00, "
		       "got 0.00");
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, -500),
		       "ledger adjust amount: expected 0.01 to 10000000000.00, "
		       "got -5.00");
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 12001),
		       "ledger adjust amount: 120.01 is more than the 120.00 the "
		       "patient owes on charge 2");
	adjust_refused(f, adj(1, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 100),
		       "ledger adjust amount: 1.00 is more than the 0.00 the "
		       "patient owes on charge 1");
	adjust_refused(f, adj(1, MO_ACCT_AR_PAYER, MO_ACCT_CONTRACTUAL, 12001),
		       "ledger adjust amount: 120.01 is more than the 120.00 "
		       "payer aetna owes on charge 1");
	adjust_refused(f, adj(2, MO_ACCT_AR_PAYER, MO_ACCT_CONTRACTUAL, 100),
		       "ledger adjust amount: 1.00 is more than the 0.00 a payer "
		       "owes on charge 2");
	adjust_refused(f, adj(99, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 100),
		       "ledger adjust charge: no charge 99");
	adjust_refused(f, adj(2, MO_ACCT_CASH, MO_ACCT_WRITEOFF, 100),
		       "ledger adjust from: expected ar_patient or ar_payer, got "
		       "cash");
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_BANK, 100),
		       "ledger adjust to: expected writeoff or contractual, got "
		       "bank");
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_COUNT, 100),
		       "ledger adjust to: expected writeoff or contractual, got "
		       "(none)");
	in = adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 100);
	in.reason = NULL;
	adjust_refused(f, in, "ledger adjust reason: expected one line of 1 "
		       "to 200 characters");
	in.reason = "two\nlines";
	adjust_refused(f, in, "ledger adjust reason: expected one line of 1 "
		       "to 200 characters");
	exec_sql(f->p, "UPDATE charge SET status = 'voided' WHERE id = 2");
	adjust_refused(f, adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 100),
		       "ledger adjust charge: charge 2 is voided");
	assert_int_equal(mo_ledger_adjust(f->p, "maria", NULL, NULL, &e),
			 MO_EINVAL);
}

/* The balance of account a (of payer when not NULL). */
static int64_t account(fixture *f, mo_account a, const char *payer)
{
	int64_t v = 0;
	mo_err e = {0};
	assert_int_equal(mo_ledger_account_balance(f->p, a, payer, &v, &e), 0);
	return v;
}

static mo_ledger_balance charge_due(fixture *f, int64_t charge)
{
	mo_ledger_balance b;
	mo_err e = {0};
	assert_int_equal(mo_ledger_charge_balance(f->p, charge, &b, &e), 0);
	return b;
}

static void test_adjust(void **state)
{
	fixture *f = *state;
	mo_ledger_adjustment in;
	int64_t j1 = 0, j2 = 0, n;
	mo_err e = {0};
	two_charges(f);
	/* part of the patient's balance written off */
	in = adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF, 2000);
	assert_int_equal(mo_ledger_adjust(f->p, "maria", &in, &j1, &e), 0);
	assert_int_equal(charge_due(f, 2).patient_due, 10000);
	assert_int_equal(account(f, MO_ACCT_WRITEOFF, NULL), 2000);
	assert_int_equal(account(f, MO_ACCT_AR_PATIENT, NULL), 10000);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				   "kind = 'writeoff' AND memo = 'small balance' "
				   "AND actor = 'maria'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal_line "
				   "WHERE charge = 2 AND patient = 1 AND payer IS "
				   "NULL AND service_day IS NOT NULL AND "
				   "((account = 'writeoff' AND amount = 2000) OR "
				   "(account = 'ar_patient' AND amount = -2000))"),
			 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'ledger.adjust' AND actor = 'maria' "
				   "AND record = 'journal:3' AND detail LIKE "
				   "'%\"from\":\"ar_patient\"%'"), 1);
	/* the payer's: a contractual adjustment naming the payer */
	in = adj(1, MO_ACCT_AR_PAYER, MO_ACCT_CONTRACTUAL, 3000);
	in.reason = "contract pays 75%";
	assert_int_equal(mo_ledger_adjust(f->p, "maria", &in, &j2, &e), 0);
	assert_int_equal(j2, j1 + 1);
	assert_int_equal(charge_due(f, 1).payer_due, 9000);
	assert_int_equal(account(f, MO_ACCT_CONTRACTUAL, "aetna"), 3000);
	assert_int_equal(account(f, MO_ACCT_AR_PAYER, "aetna"), 9000);
	assert_int_equal(query_int(f->p, "SELECT kind = 'adjustment' FROM "
				   "journal WHERE id = 4"), 1);
	/* the rest of it, to the cent; then nothing is left to move */
	in = adj(1, MO_ACCT_AR_PAYER, MO_ACCT_WRITEOFF, 9000);
	assert_int_equal(mo_ledger_adjust(f->p, "maria", &in, NULL, &e), 0);
	assert_int_equal(charge_due(f, 1).payer_due, 0);
	adjust_refused(f, adj(1, MO_ACCT_AR_PAYER, MO_ACCT_WRITEOFF, 1),
		       "ledger adjust amount: 0.01 is more than the 0.00 payer "
		       "aetna owes on charge 1");
	assert_int_equal(mo_ledger_verify(f->p, &n, &e), 0);
	assert_int_equal(n, 5);
}

/* ---- through the approval rules ---- */

static const mo_job JOBS[] = {
	{.id = "doc", .title = "Doctor", .level = "owner"},
	{.id = "desk", .title = "Front desk", .level = "staff",
	 .reports_to = "doc"},
};

/* A "writeoff" approval guarding ledger.adjust: over 25.00 the doctor
 * approves. */
static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	static const pfx_route_spec spec = {"writeoff", "approval writeoff (test.lua:1)", "ledger.adjust", 2500, NULL, "doc", "write-off", "write-off"};
	(void)ud;
	return pfx_route(&spec, kind, requester, f, n, r, e);
}

/* Files a write-off of amount for charge as maria (from the patient's
 * balance unless from is given): 0 and *id, or the error in e. */
static int file_writeoff(fixture *f, int64_t charge, int64_t amount,
			 const char *from, const char *to, int64_t *id,
			 mo_err *e)
{
	mo_fact facts[3] = {{"charge", MO_FACT_INT, NULL, charge}};
	size_t n = 1;
	if (from)
		facts[n++] = (mo_fact){"from", MO_FACT_STR, from, 0};
	if (to)
		facts[n++] = (mo_fact){"to", MO_FACT_STR, to, 0};
	mo_request_new in = {"writeoff", "uncollectable", true, amount, facts,
			     charge ? n : 0};
	return mo_approval_request(f->p, "maria", &in, id, e);
}

static int64_t requests(fixture *f)
{
	return query_int(f->p, "SELECT count(*) FROM request");
}

/* The write-off is refused when filed, with msg; no request, no entry. */
static void filing_refused(fixture *f, int64_t charge, int64_t amount,
			   const char *from, const char *to, const char *msg)
{
	int64_t before = rows(f), n = requests(f), id = -5;
	mo_err e = {0};
	assert_int_equal(file_writeoff(f, charge, amount, from, to, &id, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -5);
	assert_int_equal(rows(f), before);
	assert_int_equal(requests(f), n);
}

static void approval_setup(fixture *f, mo_org **org)
{
	mo_err e = {0};
	two_charges(f);
	if (mo_org_build(mo_practice_config(f->p), JOBS, 2, org, &e))
		fail_msg("org: %s", e.msg);
	mo_practice_set_org(f->p, *org);
	mo_practice_set_hooks(f->p, &(mo_hooks){NULL, NULL, route, NULL, NULL});
}

static void approval_teardown(fixture *f, mo_org *org)
{
	mo_practice_set_hooks(f->p, NULL);
	mo_practice_set_org(f->p, NULL);
	mo_org_free(org);
}

static void test_adjust_approved(void **state)
{
	fixture *f = *state;
	mo_org *org = NULL;
	int64_t req = 0, small = 0;
	mo_err e = {0};
	approval_setup(f, &org);
	/* requested: nothing posted yet */
	assert_int_equal(file_writeoff(f, 2, 5000, NULL, NULL, &req, &e), 0);
	assert_int_equal(charge_due(f, 2).patient_due, 12000);
	assert_int_equal(account(f, MO_ACCT_WRITEOFF, NULL), 0);
	/* approved: posted by the approver, authorised by the approval */
	assert_int_equal(mo_approval_decide(f->p, "drlee", req, true, "ok", &e),
			 0);
	assert_int_equal(charge_due(f, 2).patient_due, 7000);
	assert_int_equal(account(f, MO_ACCT_WRITEOFF, NULL), 5000);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				   "kind = 'writeoff' AND actor = 'drlee' AND "
				   "memo = 'uncollectable'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM request WHERE "
				   "status = 'approved' AND result = "
				   "'journal:3'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'ledger.adjust' AND actor = 'drlee' "
				   "AND record = 'journal:3'"), 1);
	/* 25.00 or less: posted at once, by the requester */
	assert_int_equal(file_writeoff(f, 1, 2500, "payer", "contractual",
				       &small, &e), 0);
	assert_int_equal(charge_due(f, 1).payer_due, 9500);
	assert_int_equal(account(f, MO_ACCT_CONTRACTUAL, "aetna"), 2500);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				   "kind = 'adjustment' AND actor = 'maria'"), 1);
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
	approval_teardown(f, org);
}

static void test_adjust_not_approved(void **state)
{
	fixture *f = *state;
	mo_org *org = NULL;
	mo_ledger_adjustment in = adj(2, MO_ACCT_AR_PATIENT, MO_ACCT_WRITEOFF,
				      7000);
	int64_t req = 0, before;
	mo_err e = {0};
	approval_setup(f, &org);
	filing_refused(f, 2, 12001, NULL, NULL, "ledger adjust amount: 120.01 "
		       "is more than the 120.00 the patient owes on charge 2");
	filing_refused(f, 0, 5000, NULL, NULL, "ledger.adjust: the fact charge "
		       "is the number of the charge to adjust, such as "
		       "charge=12");
	filing_refused(f, 2, 5000, "cash", NULL, "ledger.adjust: the fact from "
		       "is patient or payer (default patient)");
	filing_refused(f, 2, 5000, NULL, "bank", "ledger.adjust: the fact to is "
		       "writeoff or contractual (default writeoff)");
	/* denied: nothing posted */
	assert_int_equal(file_writeoff(f, 2, 5000, NULL, NULL, &req, &e), 0);
	before = rows(f);
	assert_int_equal(mo_approval_decide(f->p, "drlee", req, false,
					    "on a payment plan", &e), 0);
	assert_int_equal(rows(f), before);
	assert_int_equal(charge_due(f, 2).patient_due, 12000);
	/* the balance fell below the amount between filing and approval:
	 * the approval fails and is rolled back, nothing posted */
	assert_int_equal(file_writeoff(f, 2, 6000, NULL, NULL, &req, &e), 0);
	assert_int_equal(mo_ledger_adjust(f->p, "maria", &in, NULL, &e), 0);
	before = rows(f);
	assert_int_equal(mo_approval_decide(f->p, "drlee", req, true, "ok", &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "ledger adjust amount: 60.00 is more than "
			    "the 50.00 the patient owes on charge 2");
	assert_int_equal(rows(f), before);
	assert_int_equal(query_int(f->p, "SELECT status = 'requested' FROM "
				   "request WHERE id = 2"), 1);
	approval_teardown(f, org);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_post_refusals),
		T(test_balances_and_reversal),
		T(test_append_only_and_verify),
		T(test_aging),
		T(test_adjust_refusals),
		T(test_adjust),
		T(test_adjust_approved),
		T(test_adjust_not_approved),
		cmocka_unit_test(test_account_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
