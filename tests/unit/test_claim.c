/* test_claim.c: unit tests of core/claim.c on a practice of its own (the
 * practice's NPI, tax id and address; payers Aetna and Medicare): claims
 * made of charged visits only when a payer owes them, the core's holds
 * (an incomplete address), the rules for claim.release (a C hook standing
 * in for the Lua engine) and the facts they see, recheck (no claim, not
 * held, the encounter's charges as they are now), the list and history
 * with their audit, and export: the 837P read back with the X12 reader
 * (one set, the claims, CLM totals), the claims submitted with their
 * batch, another payer's claims left out, nothing ready, and an unknown
 * payer. Rows are written with SQL directly. It
 * uses cmocka, charge.h, insure.h and x12.h. */
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
#include "hooks.h"
#include "insure.h"
#include "units.h"
#include "x12.h"

static const char YAML[] = PFX_BILLING_YAML;

/* Patients 1 (Aetna), 2 (Medicare, no street) and 3 (no insurance), each
 * with a visit checked out on 2026-11-20 and charged 99213. */
static int setup(void **state)
{
	pfx_fixture *f;
	mo_err e = {0};
	if (pfx_setup(state, "claim", YAML, "2026-11-23T15:00:00Z"))
		return -1;
	f = *state;
	exec_sql(f->p,
		 "INSERT INTO patient(id, family, given, birth_day, sex, line1, "
		 "city, state, zip, name_key, created_us, created_by, "
		 "updated_us, updated_by) VALUES"
		 "(1, 'Able', 'Ann', 3000, 'female', '1 Oak', 'X', 'IL', "
		 "'62701', 'able ann', 0, 't', 0, 't'),"
		 "(2, 'Baker', 'Bo', 4000, 'male', NULL, 'X', 'IL', '62701', "
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
	const char *payers[] = {"aetna", "medicare"};
	for (int i = 0; i < 2; i++) {
		mo_insurance_new in = {.patient = i + 1, .payer = payers[i],
				       .rank = 1, .relation = "self",
				       .member_id = "M1"};
		mo_date_parse("2026-01-01", &in.from_day, NULL);
		if (mo_ins_add(f->p, "maria", &in, NULL, &e))
			return fprintf(stderr, "setup: %s\n", e.msg), -1;
	}
	for (int a = 1; a <= 3; a++) {
		mo_charge_line l = {"99213", {NULL}, 1, {1, 0, 0, 0}};
		mo_encounter_new in = {a, {"J02.9"}, &l, 1};
		if (mo_charge_enter(f->p, "maria", &in, NULL, &e))
			return fprintf(stderr, "setup: %s\n", e.msg), -1;
	}
	return 0;
}

/* ---- a hook for claim.release ---- */

typedef struct hook {
	char facts[600];
	const char *deny; /* a reason, or NULL */
	int calls;
	const char *fix;  /* a change asked while lines lack want, or NULL */
	const char *want;
} hook;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	char *json;
	(void)actor;
	(void)e;
	if (strcmp(action, "claim.release"))
		return 0;
	h->calls++;
	json = mo_facts_json(facts, n);
	snprintf(h->facts, sizeof h->facts, "%s", json ? json : "");
	free(json);
	if (h->fix && !strstr(h->facts, h->want)) {
		out->verdict = MO_VERDICT_FIX;
		snprintf(out->fix, sizeof out->fix, "%s", h->fix);
		snprintf(out->reason, sizeof out->reason, "edit");
		snprintf(out->rule, sizeof out->rule, "'fixer' (t:2)");
		return 0;
	}
	if (h->deny) {
		out->verdict = MO_VERDICT_DENY;
		snprintf(out->reason, sizeof out->reason, "%s", h->deny);
		snprintf(out->rule, sizeof out->rule, "'test' (t:1)");
	}
	return 0;
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

static void test_create_and_check(void **state)
{
	pfx_fixture *f = *state;
	hook h = {"", NULL, 0, NULL, NULL};
	mo_hooks hooks = {&h, decide, NULL, NULL, NULL};
	mo_claim_counts n;
	char reason[600];
	bool ready;
	mo_err e = {0};
	mo_practice_set_hooks(f->p, &hooks);
	assert_int_equal(mo_claim_create(f->p, "maria", 20777, &n, &e), 0);
	/* patient 3 pays himself: no claim; patient 2's street is missing */
	assert_int_equal(n.created, 2);
	assert_int_equal(n.ready, 1);
	assert_int_equal(n.held, 1);
	assert_string_equal(status_of(f, 1), "ready");
	assert_string_equal(status_of(f, 2), "held");
	assert_int_equal(h.calls, 1); /* the core's hold comes first */
	assert_string_equal(h.facts, "{\"claim\":1,\"clia\":null,\"days_since_"
			    "service\":3,\"diagnoses\":1,\"lines\":\"99213\","
			    "\"patient\":1,\"payer\":\"aetna\",\"payer_kind\":"
			    "\"commercial\",\"provider\":\"drlee\","
			    "\"provider_enrollment\":\"none\","
			    "\"provider_licensed\":true,"
			    "\"service_date\":\"2026-11-20\","
			    "\"timely_filing_days\":365,\"total\":15000}");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim WHERE "
				   "reason LIKE 'the patient''s address is "
				   "incomplete%'"), 1);
	/* nothing new the second time; not before the visit */
	assert_int_equal(mo_claim_create(f->p, "maria", 20777, &n, &e), 0);
	assert_int_equal(n.created, 0);
	/* the address fixed, a rule now says no, then yes */
	exec_sql(f->p, "UPDATE patient SET line1 = '2 Elm' WHERE id = 2");
	h.deny = "the biller looks at Medicare claims";
	assert_int_equal(mo_claim_recheck(f->p, "maria", 2, &ready, reason, &e),
			 0);
	assert_false(ready);
	assert_string_equal(reason, "the biller looks at Medicare claims (rule "
			    "'test' (t:1))");
	h.deny = NULL;
	assert_int_equal(mo_claim_recheck(f->p, "maria", 2, &ready, reason, &e),
			 0);
	assert_true(ready);
	assert_int_equal(mo_claim_recheck(f->p, "maria", 2, &ready, reason, &e),
			 MO_EINVAL);
	assert_msg(e, "claim 2 is ready, not held");
	assert_int_equal(mo_claim_recheck(f->p, "maria", 9, &ready, reason, &e),
			 MO_ENOTFOUND);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim_event "
				   "WHERE claim = 2"), 3); /* held, held, ready */
	mo_practice_set_hooks(f->p, NULL);
}

/* A claim edit's fix is made on the claim's lines, kept in its history,
 * and the rules asked again; a fix that changes nothing holds the claim. */
static void test_fix(void **state)
{
	pfx_fixture *f = *state;
	hook h = {"", NULL, 0, "add_modifier 99213 25", "99213:25"};
	mo_hooks hooks = {&h, decide, NULL, NULL, NULL};
	mo_claim_counts n;
	char reason[600];
	bool ready;
	mo_err e = {0};
	mo_practice_set_hooks(f->p, &hooks);
	assert_int_equal(mo_claim_create(f->p, "maria", 20777, &n, &e), 0);
	assert_int_equal(n.ready, 1);
	assert_int_equal(h.calls, 2); /* fixed, then asked again: allowed */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM charge WHERE "
				   "id = 1 AND modifiers = '25'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim_event "
				   "WHERE claim = 1 AND status = 'fixed' AND "
				   "note = 'added 25 to 99213: edit (rule "
				   "''fixer'' (t:2))' AND actor = 'maria'"), 1);
	/* a rule that keeps asking for what is so: held, not looping */
	exec_sql(f->p, "UPDATE patient SET line1 = '2 Elm' WHERE id = 2;"
		 "UPDATE charge SET modifiers = '25' WHERE id = 2");
	h.want = "never there";
	h.calls = 0;
	assert_int_equal(mo_claim_recheck(f->p, "maria", 2, &ready, reason, &e),
			 0);
	assert_false(ready);
	assert_string_equal(reason, "the claim edits do not settle: rule "
			    "'fixer' (t:2) asks to add_modifier 99213 25 again");
	assert_int_equal(h.calls, 1);
	/* removing */
	h.fix = "remove_modifier 99213 25";
	h.want = "\"99213\"";
	assert_int_equal(mo_claim_recheck(f->p, "maria", 2, &ready, reason, &e),
			 0);
	assert_true(ready);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM charge WHERE "
				   "id = 2 AND modifiers = ''"), 1);
	mo_practice_set_hooks(f->p, NULL);
}

static int count_claim(void *ud, const mo_claim *c)
{
	(*(int *)ud)++;
	(void)c;
	return 0;
}

static int count_event(void *ud, const mo_claim_history_item *h)
{
	(*(int *)ud)++;
	(void)h;
	return 0;
}

static void test_list_history(void **state)
{
	pfx_fixture *f = *state;
	mo_claim_counts n;
	int k = 0;
	mo_err e = {0};
	int64_t audit;
	assert_int_equal(mo_claim_create(f->p, "maria", 20777, &n, &e), 0);
	audit = query_int(f->p, "SELECT count(*) FROM audit");
	assert_int_equal(mo_claim_list(f->p, "maria", "held", NULL, count_claim,
				       &k, &e), 0);
	assert_int_equal(k, 1);
	k = 0;
	assert_int_equal(mo_claim_list(f->p, "maria", NULL, "aetna",
				       count_claim, &k, &e), 0);
	assert_int_equal(k, 1);
	k = 0;
	assert_int_equal(mo_claim_history(f->p, "maria", 1, count_event, &k,
					  &e), 0);
	assert_int_equal(k, 1);
	assert_int_equal(mo_claim_history(f->p, "maria", 7, count_event, &k,
					  &e), MO_ENOTFOUND);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit"),
			 audit + 3); /* the failed read is rolled back */
}

static void test_export(void **state)
{
	pfx_fixture *f = *state;
	mo_claim_counts n;
	char *text = NULL;
	size_t len = 0;
	int64_t batch = 0, before;
	int claims = 0;
	mo_x12 *x = NULL;
	mo_x12_set set;
	mo_err e = {0};
	assert_int_equal(mo_claim_create(f->p, "maria", 20777, &n, &e), 0);
	assert_int_equal(mo_claim_export(f->p, "maria", "nobody", 'T', &text,
					 &len, NULL, NULL, &e), MO_EINVAL);
	assert_msg(e, "claims: unknown payer 'nobody'");
	assert_int_equal(mo_claim_export(f->p, "maria", "medicare", 'T', &text,
					 &len, NULL, NULL, &e), MO_ENOTFOUND);
	assert_null(text);
	/* Medicare's claim ready too: it stays out of Aetna's batch */
	exec_sql(f->p, "UPDATE claim SET status = 'ready' WHERE id = 2");
	before = query_int(f->p, "SELECT count(*) FROM claim_batch");
	assert_int_equal(mo_claim_export(f->p, "maria", "aetna", 'T', &text,
					 &len, &batch, &claims, &e), 0);
	assert_int_equal(claims, 1);
	assert_int_equal(batch, 1);
	assert_int_equal(mo_x12_parse(text, len, &x, &e), 0);
	assert_int_equal(mo_x12_set_count(x), 1);
	assert_true(mo_x12_set_at(x, 0, &set));
	assert_string_equal(set.type, "837");
	for (size_t i = set.first; i <= set.last; i++)
		if (!strcmp(mo_x12_id(x, i), "CLM")) {
			assert_string_equal(mo_x12_element(x, i, 1), "1");
			assert_string_equal(mo_x12_element(x, i, 2), "150");
		}
	mo_x12_free(x);
	free(text);
	assert_string_equal(status_of(f, 1), "submitted");
	assert_int_equal(query_int(f->p, "SELECT batch FROM claim WHERE id = 1"),
			 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM claim_batch"),
			 before + 1);
	/* again: nothing ready for Aetna */
	assert_int_equal(mo_claim_export(f->p, "maria", "aetna", 'T', &text,
					 &len, NULL, NULL, &e), MO_ENOTFOUND);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'claim.submit' AND record = "
				   "'claim_batch:1'"), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_create_and_check),
		T(test_fix),
		T(test_list_history),
		T(test_export),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
