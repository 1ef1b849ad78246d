/* test_declog.c: unit tests of core/declog.h and of the decisions the
 * practice logs: bad lookups first, then append and get, an allowed
 * operation's decision committed with it, and a denial kept although the
 * operation and an outer transaction around it are rolled back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "declog.h"
#include "practice.h"
#include "task.h"

static int keep(void *ud, const mo_declog_entry *d)
{
	char *out = ud;
	snprintf(out, 256, "%s|%s|%s|%s|%s|%s", d->actor, d->action, d->verdict,
		 d->reason, d->rule, d->policy_hash);
	return 0;
}

static void test_append_get(void **state)
{
	mo_db *db;
	mo_err e;
	char got[256];
	int64_t id = 0;
	mo_declog_entry d = {0, 0, "ann", "task.create", "deny", "no", "r (f:1)",
			     "abc", "{\"x\":1}"};
	(void)state;
	assert_int_equal(mo_db_open(":memory:", MO_DB_CREATE, &db, &e), 0);
	assert_int_equal(mo_declog_get(db, 0, keep, got, &e), MO_ENOTFOUND);
	assert_non_null(strstr(e.msg, "no decision yet"));
	assert_int_equal(mo_declog_append(db, &d, &id, &e), 0);
	assert_int_equal(id, 1);
	d.verdict = "allow";
	d.inputs = "not json";
	assert_int_not_equal(mo_declog_append(db, &d, NULL, &e), 0);
	d.inputs = "{}";
	assert_int_equal(mo_declog_append(db, &d, &id, &e), 0);
	assert_int_equal(mo_declog_get(db, 1, keep, got, &e), 0);
	assert_string_equal(got, "ann|task.create|deny|no|r (f:1)|abc");
	assert_int_equal(mo_declog_get(db, 0, keep, got, &e), 0);
	assert_non_null(strstr(got, "|allow|"));
	assert_int_equal(mo_declog_get(db, 7, keep, got, &e), MO_ENOTFOUND);
	mo_db_close(db);
}

static int deny_cancel(void *ud, const char *actor, const char *action,
		       const mo_fact *f, size_t n, mo_decision *out, mo_err *e)
{
	(void)ud, (void)actor, (void)f, (void)n, (void)e;
	if (strcmp(action, "task.cancel") == 0) {
		out->verdict = MO_VERDICT_DENY;
		snprintf(out->reason, sizeof out->reason, "not today");
		snprintf(out->rule, sizeof out->rule, "'no cancels' (c:1)");
	}
	return 0;
}

static int count(mo_practice *p, const char *verdict)
{
	sqlite3_stmt *st;
	int n;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM decision WHERE "
		 "verdict = '%s'", verdict);
	assert_int_equal(sqlite3_prepare_v2(mo_db_sqlite(mo_practice_db(p)), sql,
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void test_operations_logged(void **state)
{
	char dir[] = "/tmp/mo-test-declog-XXXXXX", path[128], got[256];
	mo_task_new in = {"Call the lab back today", NULL, 0, NULL};
	mo_practice *p;
	mo_err e;
	int64_t id;
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("practice: {name: T, timezone: UTC}\nlocations: [{id: m, name: M}]\n"
	      "staff: [{id: ann, name: Ann, job: j}]\n", f);
	fclose(f);
	assert_int_equal(mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e), 0);
	mo_practice_set_hooks(p, &(mo_hooks){NULL, deny_cancel, NULL, NULL, NULL});
	mo_practice_set_policy_hash(p, "hash1");
	assert_int_equal(mo_task_add(p, "ann", &in, &id, &e), 0);
	assert_int_equal(count(p, "allow"), 1);
	/* a denial inside an outer transaction that is rolled back */
	assert_int_equal(mo_db_begin(mo_practice_db(p), &e), 0);
	assert_int_equal(mo_task_close(p, "ann", id, "cancelled", NULL, &e),
			 MO_EDENIED);
	mo_db_rollback_all(mo_practice_db(p));
	assert_int_equal(count(p, "deny"), 0); /* queued until settled */
	assert_int_equal(mo_practice_settle(p), 0);
	assert_int_equal(count(p, "deny"), 1);
	assert_int_equal(mo_declog_get(mo_practice_db(p), 0, keep, got, &e), 0);
	assert_string_equal(got, "ann|task.cancel|deny|not today|"
			    "'no cancels' (c:1)|hash1");
	mo_practice_close(p);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
}

/* Decision inputs are canonical: compact, keys sorted (the last of equal
 * keys wins), every fact type, and the same beyond the sorted fast path. */
static void test_facts_json(void **state)
{
	mo_fact f[] = {{"zeta", MO_FACT_INT, NULL, -5},
		       {"alpha", MO_FACT_STR, "a \"q\" \\ \n", 0},
		       {"mid", MO_FACT_BOOL, NULL, 1},
		       {"alpha", MO_FACT_STR, "second", 0},
		       {"at", MO_FACT_TIME, NULL, 1795446000000000LL},
		       {"never", MO_FACT_TIME, NULL, 0},
		       {"none", MO_FACT_STR, NULL, 0},
		       {"bad", MO_FACT_STR, "\xff\xfe", 0},
		       {"cents", MO_FACT_MONEY, NULL, 12345}};
	mo_fact many[70];
	char keys[70][8], *s;
	(void)state;
	s = mo_facts_json(f, sizeof f / sizeof *f);
	assert_string_equal(s, "{\"alpha\":\"second\",\"at\":\"2026-11-23T"
			    "15:00:00.000000Z\",\"bad\":null,\"cents\":12345,"
			    "\"mid\":true,\"never\":null,\"none\":null,"
			    "\"zeta\":-5}");
	free(s);
	s = mo_facts_json(f, 2);
	assert_string_equal(s, "{\"alpha\":\"a \\\"q\\\" \\\\ \\n\","
			    "\"zeta\":-5}");
	free(s);
	for (int i = 0; i < 70; i++) { /* more than the fast path sorts */
		snprintf(keys[i], sizeof keys[i], "k%02d", 69 - i);
		many[i] = (mo_fact){keys[i], MO_FACT_INT, NULL, 69 - i};
	}
	s = mo_facts_json(many, 70);
	assert_non_null(s);
	assert_memory_equal(s, "{\"k00\":0,\"k01\":1,", 17);
	assert_non_null(strstr(s, "\"k68\":68,\"k69\":69}"));
	free(s);
	s = mo_facts_json(many, 64);
	assert_memory_equal(s, "{\"k06\":6,\"k07\":7,", 17);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_json),
		cmocka_unit_test(test_append_get),
		cmocka_unit_test(test_operations_logged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
