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
	mo_practice_set_hooks(p, &(mo_hooks){NULL, deny_cancel, NULL, NULL});
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_get),
		cmocka_unit_test(test_operations_logged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
