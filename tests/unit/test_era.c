/* test_era.c: unit tests of core/era.c on a practice of its own (payers
 * Aetna, payer_id 60054, and Medicare): claims 1 (Ann: 99213 and 87880,
 * 185.00) and 2 (Bo: 99213, 150.00) submitted to Aetna, claim 3 (Cy,
 * Medicare) left ready. Remittances are written with mo_x835_write and
 * imported: the money in the ledger (bank, contractual, what moves to the
 * patient, provider-level adjustments), statuses and history, a denial's
 * task, the rows kept, the trial balance; the same payment again (bytes,
 * trace); a reversal then a corrected payment; a claim paid twice; claims
 * unknown, of another payer or never sent; the payer found from the file
 * or not; each refusal leaving every table as it was. It uses cmocka,
 * charge.h, claim.h, era.h, insure.h, ledger.h, x12w.h and x835.h. */
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

#include "charge.h"
#include "claim.h"
#include "era.h"
#include "insure.h"
#include "ledger.h"
#include "units.h"
#include "x12w.h"
#include "x835.h"

static const char YAML[] = PFX_BILLING_YAML;

static int add_patients(pfx_fixture *f)
{
	exec_sql(f->p,
		 "INSERT INTO patient(id, family, given, birth_day, sex, line1, "
		 "city, state, zip, name_key, created_us, created_by, "
		 "updated_us, updated_by) VALUES"
		 "(1, 'Able', 'Ann', 3000, 'female', '1 Oak', 'X', 'IL', "
		 "'62701', 'able ann', 0, 't', 0, 't'),"
		 "(2, 'Baker', 'Bo', 4000, 'male', '2 Elm', 'X', 'IL', '62701', "
		 "'baker bo', 0, 't', 0, 't'),"
		 "(3, 'Cole', 'Cy', 5000, 'male', '3 Elm', 'X', 'IL', '62701', "
		 "'cole cy', 0, 't', 0, 't');"
		 "INSERT INTO appointment(id, patient, provider, location, "
		 "visit_type, start_us, end_us, status, created_us, created_by, "
		 "updated_us) VALUES"
		 "(1, 1, 'drlee', 'main', 'fu', 1795186800000000, "
		 "1795188000000000, 'checked_out', 0, 't', 0),"
		 "(2, 2, 'drlee', 'main', 'fu', 1795188000000000, "
		 "1795189200000000, 'checked_out', 0, 't', 0),"
		 "(3, 3, 'drlee', 'main', 'fu', 1795189200000000, "
		 "1795190400000000, 'checked_out', 0, 't', 0)");
	return 0;
}

/* Insurance, charges, claims; Aetna's exported (submitted). */
static int setup(void **state)
{
	pfx_fixture *f;
	const char *payers[] = {"aetna", "aetna", "medicare"};
	const char *members[] = {"W1", "W2", "M3"};
	mo_charge_line two[] = {{"99213", {NULL}, 1, {1, 0, 0, 0}},
				{"87880", {NULL}, 1, {1, 0, 0, 0}}};
	mo_claim_counts n;
	char *text = NULL;
	size_t len;
	mo_err e = {0};
	if (pfx_setup(state, "era", YAML, "2026-11-23T15:00:00Z"))
		return -1;
	f = *state;
	if (add_patients(f))
		return -1;
	for (int i = 0; i < 3; i++) {
		mo_insurance_new in = {.patient = i + 1, .payer = payers[i],
				       .rank = 1, .relation = "self",
				       .member_id = members[i]};
		mo_date_parse("2026-01-01", &in.from_day, NULL);
		if (mo_ins_add(f->p, "maria", &in, NULL, &e))
			return fprintf(stderr, "setup: %s\n", e.msg), -1;
	}
	for (int a = 1; a <= 3; a++) {
		mo_encounter_new in = {a, {"J02.9"}, two, a == 1 ? 2 : 1};
		if (mo_charge_enter(f->p, "maria", &in, NULL, &e))
			return fprintf(stderr, "setup: %s\n", e.msg), -1;
	}
	if (mo_claim_create(f->p, "maria", 20777, &n, &e) ||
	    mo_claim_export(f->p, "maria", "aetna", 'T', &text, &len, NULL,
			    NULL, &e))
		return fprintf(stderr, "setup: %s\n", e.msg), -1;
	free(text);
	return 0;
}

/* ---- remittances to import ---- */

#define DOS 20777 /* 2026-11-20 */

/* Claim 1: 99213 paid 70.00 (CO-45 50.00, PR-2 30.00) and 87880 denied
 * (CO-97 35.00), with a claim-level OA-23 of -5.00: paid 75.00, the
 * patient owes 30.00. Claim 2 denied whole (CO-50). The payer adds 2.50
 * of interest and keeps back 10.00: 75 - 7.50 = 67.50. */
static const mo_x835_line LINES[] = {
	{"99213", {NULL}, 15000, 7000, 1, DOS, "1", 0, 0, 0},
	{"87880", {NULL}, 3500, 0, 1, DOS, "2", 0, 0, 0},
	{"99213", {NULL}, 15000, 0, 1, DOS, NULL, 0, 1, 0},
};
static const mo_x835_adj ADJS[] = {
	{"OA", "23", -500, SIZE_MAX}, {"CO", "45", 5000, 0},
	{"PR", "2", 3000, 0},         {"CO", "97", 3500, 1},
	{"CO", "50", 15000, 2},
};
static const char *REMARKS[] = {"N130"};
static const mo_x835_claim CLAIMS[] = {
	{"1", "1", 18500, 7500, 3000, "P1", "W1", "ABLE", "ANN", DOS, 0, 0, 0,
	 0, 2, 0, 4, 0},
	{"2", "4", 15000, 0, 0, "P2", "W2", "BAKER", "BO", DOS, 0, 0, 0, 2, 1,
	 4, 1, 0},
};
static const mo_x835_plb PLBS[] = {{"L6", "", -250}, {"WO", "X1", 1000}};

static mo_x835 payment(void)
{
	mo_x835 s = {0};
	s.handling = "I";
	s.amount = 6750;
	s.method = "CHK";
	s.paid_day = DOS + 20;
	s.trace = "CHK1";
	s.originator = "1999999999";
	s.payer_name = "AETNA";
	s.payer_id = "60054";
	s.payee_name = "ERA TEST LLC";
	s.payee_npi = "1245319599";
	s.claims = (mo_x835_claim *)CLAIMS;
	s.nclaims = 2;
	s.lines = (mo_x835_line *)LINES;
	s.nlines = 3;
	s.adjs = (mo_x835_adj *)ADJS;
	s.nadjs = 5;
	s.plbs = (mo_x835_plb *)PLBS;
	s.nplbs = 2;
	s.remarks = REMARKS;
	s.nremarks = 1;
	return s;
}

static uint32_t control = 1;

static int import(pfx_fixture *f, const mo_x835 *s, const char *payer,
		  mo_era_summary *sum, mo_err *e)
{
	mo_x12w_head h = {"AETNA", "1245319599", control++, 'T', DOS, 0, "R"};
	char *text;
	size_t len;
	int rc;
	if (mo_x835_write(s, 1, &h, &text, &len, e))
		fail_msg("write: %s", e->msg);
	rc = mo_era_import(f->p, "maria", payer, "t.835", text, len, sum, e);
	free(text);
	return rc;
}

static int64_t account(pfx_fixture *f, mo_account a)
{
	int64_t v = 0;
	mo_err e = {0};
	assert_int_equal(mo_ledger_account_balance(f->p, a, NULL, &v, &e), 0);
	return v;
}

static const char *status_of(pfx_fixture *f, int64_t id)
{
	static char buf[16];
	sqlite3_stmt *st;
	sqlite3_prepare_v2(mo_db_sqlite(mo_practice_db(f->p)),
			   "SELECT status FROM claim WHERE id = ?", -1, &st,
			   NULL);
	sqlite3_bind_int64(st, 1, id);
	snprintf(buf, sizeof buf, "%s", sqlite3_step(st) == SQLITE_ROW
		 ? (const char *)sqlite3_column_text(st, 0) : "-");
	sqlite3_finalize(st);
	return buf;
}

/* Every row count that an import changes. */
static int64_t rows(pfx_fixture *f)
{
	return query_int(f->p, "SELECT (SELECT count(*) FROM era) * 1000000 + "
			 "(SELECT count(*) FROM era_claim) * 10000 + (SELECT "
			 "count(*) FROM journal) * 100 + (SELECT count(*) FROM "
			 "task) + (SELECT count(*) FROM claim_event) * 7");
}

static void test_post(void **state)
{
	pfx_fixture *f = *state;
	mo_x835 s = payment();
	mo_era_summary sum;
	mo_ledger_balance b;
	int64_t entries;
	mo_err e = {0};
	assert_int_equal(account(f, MO_ACCT_AR_PAYER), 18500 + 15000 + 15000);
	assert_int_equal(import(f, &s, NULL, &sum, &e), 0);
	assert_int_equal(sum.payments, 1);
	assert_int_equal(sum.claims, 2);
	assert_int_equal(sum.lines, 3);
	assert_int_equal(sum.denied, 1);
	assert_int_equal(sum.paid, 7500);
	assert_int_equal(sum.patient, 3000);
	assert_int_equal(sum.contractual, -500 + 5000 + 3500 + 15000);
	assert_int_equal(sum.provider, 750);
	/* Ann owes 30.00 on her 99213; Aetna owes nothing on claims 1-2 */
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 3000);
	assert_int_equal(b.payer_due, 0);
	assert_int_equal(mo_ledger_charge_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 3000);
	assert_int_equal(mo_ledger_charge_balance(f->p, 2, &b, &e), 0);
	assert_int_equal(b.payer_due + b.patient_due, 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 2, &b, &e), 0);
	assert_int_equal(b.payer_due, 0);
	assert_int_equal(account(f, MO_ACCT_AR_PAYER), 15000); /* Medicare */
	assert_int_equal(account(f, MO_ACCT_BANK), 6750);
	assert_int_equal(account(f, MO_ACCT_CONTRACTUAL), 23000 + 750);
	assert_int_equal(mo_ledger_verify(f->p, &entries, &e), 0);
	/* statuses, history, the denial's task, what was kept */
	assert_string_equal(status_of(f, 1), "paid");
	assert_string_equal(status_of(f, 2), "denied");
	assert_string_equal(status_of(f, 3), "ready");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim_event "
				   "WHERE claim = 2 AND status = 'denied' AND "
				   "note LIKE 'remittance 1: denied; paid 0.00,"
				   " patient 0.00; CO-50 150.00; remarks N130'"),
			 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "title = 'Work the denied claim 2: CO-50 "
				   "150.00; remarks N130' AND created_by = "
				   "'system'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM era_adjustment"),
			 5);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM era_adjustment "
				   "WHERE charge IS NULL AND grp = 'OA'"), 1);
	assert_int_equal(query_int(f->p, "SELECT amount FROM era WHERE id = 1"),
			 6750);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'era.post' AND record = 'era:1' "
				   "AND actor = 'maria'"), 1);
}

static void test_again(void **state)
{
	pfx_fixture *f = *state;
	mo_x835 s = payment();
	mo_era_summary sum;
	int64_t before;
	mo_err e = {0};
	assert_int_equal(import(f, &s, NULL, &sum, &e), 0);
	before = rows(f);
	control--; /* the very same bytes */
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EEXIST);
	assert_msg(e, "(trace CHK1) was posted on ");
	assert_msg(e, "as remittance 1; nothing was posted again");
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EEXIST);
	assert_int_equal(rows(f), before);
}

/* Claim 1 reversed, then paid again at claim level (no lines). */
static void test_reversal(void **state)
{
	pfx_fixture *f = *state;
	mo_x835 s = payment(), r = {0};
	mo_era_summary sum;
	mo_ledger_balance b;
	int64_t entries;
	mo_err e = {0};
	mo_x835_line lines[] = {
		{"99213", {NULL}, -15000, -7000, 1, DOS, "1", 0, 0, 0},
		{"87880", {NULL}, -3500, 0, 1, DOS, "2", 0, 0, 0},
	};
	mo_x835_adj adjs[] = {
		{"OA", "23", 500, SIZE_MAX}, {"CO", "45", -5000, 0},
		{"PR", "2", -3000, 0},       {"CO", "97", -3500, 1},
		{"CO", "45", 7500, SIZE_MAX}, {"PR", "2", 3000, SIZE_MAX},
	};
	mo_x835_claim claims[] = {
		{"1", "22", -18500, -7500, -3000, "P1", "W1", "ABLE", "ANN",
		 DOS, 0, 0, 0, 0, 2, 0, 4, 0},
		{"1", "1", 18500, 8000, 3000, "P1B", "W1", "ABLE", "ANN", DOS, 0,
		 0, 0, 2, 0, 4, 2, 0},
	};
	s.nclaims = 1; /* claim 1 only */
	s.nplbs = 0;
	s.amount = 7500;
	assert_int_equal(import(f, &s, NULL, &sum, &e), 0);
	r = s;
	r.trace = "CHK2";
	r.amount = 500;
	r.claims = claims;
	r.nclaims = 2;
	r.lines = lines;
	r.nlines = 2;
	r.adjs = adjs;
	r.nadjs = 6;
	r.nremarks = 0;
	assert_int_equal(import(f, &r, "aetna", &sum, &e), 0);
	assert_string_equal(status_of(f, 1), "paid");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim_event "
				   "WHERE claim = 1 AND status = 'submitted'"),
			 2); /* exported, then reversed */
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 3000);
	assert_int_equal(b.payer_due, 0);
	assert_int_equal(account(f, MO_ACCT_BANK), 8000);
	assert_int_equal(mo_ledger_verify(f->p, &entries, &e), 0);
	/* paid once more without a reversal: refused */
	r.trace = "CHK3";
	r.claims = claims + 1;
	r.nclaims = 1;
	r.adjs = adjs + 4;
	r.nadjs = 2;
	claims[1].first_adj = 0;
	r.amount = 8000;
	assert_int_equal(import(f, &r, NULL, &sum, &e), MO_EINVAL);
	assert_msg(e, "claim 1 is paid already; a second payment needs its "
		   "reversal (CLP02 22) first");
}

/* Claim 1 replaced by claim 4 after its payment: the payer reverses 1
 * (which stays void) and pays 4. */
static void test_replacement(void **state)
{
	pfx_fixture *f = *state;
	mo_x835 s = payment(), r;
	mo_era_summary sum;
	mo_ledger_balance b;
	int64_t nid = 0, entries;
	char *text = NULL;
	size_t len;
	mo_err e = {0};
	mo_x835_claim claims[] = {
		{"1", "22", -18500, -7500, -3000, "P1", "W1", "ABLE", "ANN",
		 DOS, 0, 0, 0, 0, 0, 0, 3, 0},
		{"4", "1", 18500, 9000, 3000, "P4", "W1", "ABLE", "ANN", DOS, 0,
		 0, 0, 0, 0, 3, 2, 0},
	};
	mo_x835_adj adjs[] = {
		{"CO", "45", -8000, SIZE_MAX}, {"PR", "2", -3000, SIZE_MAX},
		{"OA", "23", 0, SIZE_MAX}, /* not written */
		{"CO", "45", 6500, SIZE_MAX}, {"PR", "2", 3000, SIZE_MAX},
	};
	s.nclaims = 1;
	s.nplbs = 0;
	s.amount = 7500;
	assert_int_equal(import(f, &s, NULL, &sum, &e), 0);
	assert_int_equal(mo_claim_resubmit(f->p, "maria", 1, '7', &nid, &e), 0);
	assert_int_equal(nid, 4);
	assert_string_equal(status_of(f, 1), "void");
	assert_string_equal(status_of(f, 4), "ready");
	assert_int_equal(mo_claim_resubmit(f->p, "maria", 1, '8', NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "claim 1 is void");
	assert_int_equal(mo_claim_export(f->p, "maria", "aetna", 'T', &text,
					 &len, NULL, NULL, &e), 0);
	assert_non_null(strstr(text, "CLM*4*185***11:B:7*"));
	assert_non_null(strstr(text, "REF*F8*P1~"));
	free(text);
	r = s;
	r.trace = "CHK7";
	r.amount = 1500;
	r.claims = claims;
	r.nclaims = 2;
	r.nlines = 0;
	/* 2 adjustments for the reversal, 2 for the payment */
	mo_x835_adj tidy[] = {adjs[0], adjs[1], adjs[3], adjs[4]};
	r.adjs = tidy;
	r.nadjs = 4;
	claims[0].nadjs = 2;
	claims[1].first_adj = 2;
	r.nremarks = 0;
	assert_int_equal(import(f, &r, NULL, &sum, &e), 0);
	assert_string_equal(status_of(f, 1), "void");
	assert_string_equal(status_of(f, 4), "paid");
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.patient_due, 3000);
	assert_int_equal(b.payer_due, 0);
	assert_int_equal(account(f, MO_ACCT_BANK), 9000);
	assert_int_equal(mo_ledger_verify(f->p, &entries, &e), 0);
}

static void test_refusals(void **state)
{
	pfx_fixture *f = *state;
	mo_x835 s = payment();
	mo_x835_claim c[2];
	mo_era_summary sum;
	int64_t before = rows(f);
	mo_err e = {0};
	memcpy(c, CLAIMS, sizeof c);
	s.claims = c;
	/* an unknown claim: neither its number nor its member match */
	c[1].id = "C-77";
	c[1].member_id = "W9";
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EINVAL);
	assert_msg(e, "claim C-77 is unknown: its patient control number is "
		   "none of ours, and member W9, service on 2026-11-20, "
		   "charged 150.00 match no submitted claim");
	/* found by member, date and amount instead */
	c[1].member_id = "W2";
	c[1].id = "PATIENT ACCOUNT";
	if (import(f, &s, NULL, &sum, &e)) fail_msg("%s", e.msg);
	assert_string_equal(status_of(f, 2), "denied");
	before = rows(f);
	/* one claim at a time from here */
	s.claims = c + 1;
	s.nclaims = 1;
	s.nplbs = 0;
	s.amount = 0;
	s.trace = "CHK9";
	c[1].id = "3";
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EINVAL);
	assert_msg(e, "claim 3 went to medicare, not to aetna");
	assert_int_equal(import(f, &s, "medicare", &sum, &e), MO_EINVAL);
	assert_msg(e, "claim 3 is ready: it was never sent to the payer");
	/* the payer: unknown, or not named by the file */
	assert_int_equal(import(f, &s, "nobody", &sum, &e), MO_EINVAL);
	assert_msg(e, "no payer \"nobody\" in practice.yaml");
	s.payer_id = "";
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EINVAL);
	assert_msg(e, "the 835's payer AETNA (N1*PR N104 \"\", TRN03 "
		   "\"1999999999\") is no payer of practice.yaml by its "
		   "payer_id; name it with --payer");
	/* one claim twice in a file */
	mo_x835_claim twice[2] = {c[1], c[1]};
	twice[0].id = twice[1].id = "2";
	s.claims = twice;
	s.nclaims = 2;
	s.payer_id = "60054";
	assert_int_equal(import(f, &s, NULL, &sum, &e), MO_EINVAL);
	assert_msg(e, "claim 2 is paid twice in this file");
	assert_int_equal(rows(f), before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_post),
		T(test_again),
		T(test_reversal),
		T(test_replacement),
		T(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
