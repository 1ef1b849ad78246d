/* test_clia_purge.c: unit tests of core/clia_purge.c: the retention start
 * (calendar years, Feb 29, clia.retention_years), a purge request within
 * retention refused with nothing written, the delete triggers that refuse
 * a delete of any CLIA record or workflow step outside a purge, the purge
 * through an approved request (what goes and what stays: tests ended
 * before local midnight of the day, records of days before it, lots
 * expired, competencies superseded), a purge that fails midway leaving
 * every row and the request as they were, and a purge refused without
 * its open request or run twice. The records are written with SQL around
 * the core (the workflow policy is Lua's), dated in 2026 and 2027; the
 * clock is 2029-01-10, so the retention start is 2027-01-10. It uses
 * cmocka, a practice in a temporary folder (America/Chicago), a small
 * org chart and a C route hook standing in for the policies' approval
 * "clia_purge". */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "clia.h"
#include "clock.h"
#include "org.h"
#include "units.h"

#define NOW "2029-01-10T15:00:00Z"
#define YAML_HEAD "practice:\n  name: T\n  timezone: America/Chicago\n" \
	"locations: [{id: main, name: Main}]\n" \
	"staff:\n" \
	"  - {id: dir, name: Director, job: director}\n" \
	"  - {id: om, name: OM, job: office_manager}\n" \
	"  - {id: ca, name: CA, job: office_manager}\n"

static const mo_job JOBS[] = {
	{.id = "director", .title = "Laboratory director", .level = "owner"},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "director"},
};

/* The policies' approval "clia_purge": the director approves. */
static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	static const pfx_route_spec spec = {"clia_purge", "approval clia_purge (test.lua:1)", "clia.purge", -1, NULL, "director", "the director approves", "the director approves"};
	(void)ud;
	return pfx_route(&spec, kind, requester, f, n, r, e);
}

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_org *org;
} fixture;

static int open_yaml(void **state, const char *yaml)
{
	fixture *f = calloc(1, sizeof *f);
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	if (!f || pfx_open("clia-purge", yaml, f->dir, &f->p))
		return -1;
	return pfx_jobs(f->p, JOBS, sizeof JOBS / sizeof JOBS[0],
			&(mo_hooks){NULL, NULL, route, NULL, NULL}, NULL,
			&f->org);
}

static int setup(void **state)
{
	return open_yaml(state, YAML_HEAD);
}

/* A CLIA certificate kept 3 years. */
static int setup_three_years(void **state)
{
	return open_yaml(state, YAML_HEAD "clia:\n  certificate: 24D2187654\n"
			 "  type: waiver\n  expires: 2030-05-31\n"
			 "  director: dir\n  retention_years: 3\n");
}

static int teardown(void **state)
{
	fixture *f = *state;
	mo_practice_close(f->p);
	pfx_jobs_free(NULL, f->org);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

static mo_practice *P(void **state)
{
	return ((fixture *)*state)->p;
}

static int32_t day(const char *s)
{
	int32_t d;
	mo_err e;
	if (mo_date_parse(s, &d, &e))
		fail_msg("%s: %s", s, e.msg);
	return d;
}

static int64_t instant(const char *s)
{
	int64_t us;
	mo_err e;
	if (mo_clock_parse_us(s, &us, &e))
		fail_msg("%s: %s", s, e.msg);
	return us;
}

/* ---- the records, written around the core ---- */

/* Test n (its run, result... all numbered n): final or not, its run last
 * changed at instant at, with two steps, a specimen, a result, a review
 * and a notification. */
static void add_test(mo_practice *p, int n, bool final, const char *at)
{
	char sql[2048];
	long long us = (long long)instant(at);
	snprintf(sql, sizeof sql,
		 "INSERT INTO workflow_run VALUES(%d, 'waived_test', "
		 "'patient:1', '%s', %d, %lld, 'dir', %lld);"
		 "INSERT INTO workflow_step(run, at_us, actor, event, "
		 "from_state, to_state, facts) VALUES(%d, %lld, 'dir', "
		 "'start', NULL, 'ordered', '{}'), (%d, %lld, 'dir', 'close', "
		 "'ordered', 'closed', '{}');"
		 "INSERT INTO clia_test(id, run, appointment, patient, test, "
		 "dx, ordered_by, created_us) VALUES(%d, %d, 1, 1, "
		 "'rapid_strep', 'J02.9', 'dir', %lld);"
		 "INSERT INTO clia_specimen(test, type, identifiers, "
		 "collected_by, collected_us) VALUES(%d, 'throat swab', "
		 "'name, dob', 'ca', %lld);"
		 "INSERT INTO clia_result(id, test, value, control_valid, "
		 "operator, performed_us, resulted_us) VALUES(%d, %d, "
		 "'negative', 1, 'ca', %lld, %lld);"
		 "INSERT INTO clia_review(test, result, kind, by, at_us) "
		 "VALUES(%d, %d, 'review', 'dir', %lld);"
		 "INSERT INTO clia_notification(test, result, method, reached, "
		 "by, at_us) VALUES(%d, %d, 'phone', 1, 'ca', %lld);",
		 n, final ? "closed" : "ordered", final, us, us, n, us, n, us,
		 n, n, us, n, us, n, n, us, us, n, n, us, n, n, us);
	exec_sql(p, sql);
}

static void add_records(mo_practice *p)
{
	char sql[3072];
	long long at = (long long)instant("2026-11-23T16:00:00Z");
	exec_sql(p, "INSERT INTO patient(family, given, birth_day, sex, "
		    "name_key, created_us, created_by, updated_us, updated_by) "
		    "VALUES('Able', 'Ann', 0, 'female', 'able ann', 1, 'om', "
		    "1, 'om');"
		    "INSERT INTO appointment(patient, provider, location, "
		    "visit_type, start_us, end_us, created_us, created_by, "
		    "updated_us) VALUES(1, 'dir', 'main', 'sick', 1, 2, 1, "
		    "'om', 1);");
	/* ended on 2026-11-23 and at 23:59:59 on Dec 31 in Chicago: purged;
	 * ended at midnight of Jan 1 there, or not ended: kept */
	add_test(p, 1, true, "2026-11-23T16:00:00Z");
	add_test(p, 2, true, "2027-01-01T05:59:59Z");
	add_test(p, 3, true, "2027-01-01T06:00:00Z");
	add_test(p, 4, false, "2026-11-23T16:00:00Z");
	snprintf(sql, sizeof sql,
		 "INSERT INTO clia_qc(test, lot, level, expected, observed, "
		 "passed, why, operator, day, at_us) VALUES"
		 "('rapid_strep', 'K1', 'positive', 'positive', 'positive', 1, "
		 "'new lot', 'ca', %d, %lld),"
		 "('rapid_strep', 'K2', 'positive', 'positive', 'positive', 1, "
		 "'new lot', 'ca', %d, %lld);"
		 "INSERT INTO clia_temperature(storage, reading, low, high, "
		 "in_range, day, by, at_us) VALUES('room', 2100, 1500, 3000, "
		 "1, %d, 'ca', %lld), ('room', 2100, 1500, 3000, 1, %d, 'ca', "
		 "%lld);"
		 "INSERT INTO clia_corrective(problem, action, day, by, at_us) "
		 "VALUES('QC failed', 'new vial', %d, 'om', %lld), ('QC "
		 "failed', 'new vial', %d, 'om', %lld);"
		 "INSERT INTO clia_lot(id, test, kind, lot, expires, received, "
		 "created_us, created_by) VALUES(1, 'rapid_strep', 'kit', "
		 "'K1', %d, %d, %lld, 'om'), (2, 'rapid_strep', 'kit', 'K2', "
		 "%d, %d, %lld, 'om');"
		 "INSERT INTO clia_lot_open(lot, day, by, at_us) VALUES(1, %d, "
		 "'ca', %lld), (2, %d, 'ca', %lld);"
		 "INSERT INTO clia_competency(staff, test, until, assessed_by, "
		 "at_us) VALUES('ca', 'rapid_strep', %d, 'dir', %lld), ('ca', "
		 "'rapid_strep', %d, 'dir', %lld), ('om', 'rapid_strep', %d, "
		 "'dir', %lld);",
		 day("2026-11-23"), at, day("2027-01-01"), at,
		 day("2026-11-23"), at, day("2027-02-01"), at,
		 day("2026-12-31"), at, day("2027-01-01"), at,
		 day("2026-12-31"), day("2026-11-23"), at, day("2027-01-01"),
		 day("2026-11-23"), at,
		 day("2026-11-23"), at, day("2026-11-23"), at,
		 day("2026-06-30"), at, day("2027-06-30"), at,
		 day("2026-06-30"), at);
	exec_sql(p, sql);
}

static const char *const TABLES[] = {
	"clia_test", "workflow_run", "workflow_step", "clia_specimen",
	"clia_result", "clia_review", "clia_notification", "clia_qc",
	"clia_temperature", "clia_corrective", "clia_lot", "clia_lot_open",
	"clia_competency", "purge", "request",
};
#define NTABLES (sizeof TABLES / sizeof TABLES[0])

static void count_tables(mo_practice *p, int64_t n[NTABLES])
{
	char sql[80];
	for (size_t i = 0; i < NTABLES; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", TABLES[i]);
		n[i] = query_int(p, sql);
	}
}

static void assert_tables(mo_practice *p, const int64_t want[NTABLES])
{
	int64_t n[NTABLES];
	count_tables(p, n);
	for (size_t i = 0; i < NTABLES; i++)
		if (n[i] != want[i])
			fail_msg("%s: %lld rows, expected %lld", TABLES[i],
				 (long long)n[i], (long long)want[i]);
	assert_int_equal(mo_db_tx_depth(mo_practice_db(p)), 0);
}

static int64_t file_purge(mo_practice *p, const char *before)
{
	int64_t id = 0;
	mo_err e = {0};
	if (mo_clia_purge_request(p, "om", day(before), &id, &e))
		fail_msg("purge request: %s", e.msg);
	return id;
}

static const char *status_of(mo_practice *p, int64_t id, char buf[32])
{
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st;
	buf[0] = '\0';
	if (sqlite3_prepare_v2(db, "SELECT status || coalesce(' ' || result, "
			       "'') FROM request WHERE id = ?", -1, &st,
			       NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, 32, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/* ---- retention ---- */

static void test_retention_start(void **state)
{
	mo_practice *p = P(state);
	char buf[11];
	assert_int_equal(mo_clia_retention_years(p), 2);
	assert_string_equal(mo_date_format(mo_clia_retention_start(p), buf),
			    "2027-01-10");
}

static void test_retention_leap_day(void **state)
{
	mo_practice *p;
	char dir[64], buf[11];
	(void)state;
	setenv("MEDOFFICE_NOW", "2028-02-29T18:00:00Z", 1);
	assert_int_equal(pfx_open("clia-leap", YAML_HEAD, dir, &p), 0);
	assert_string_equal(mo_date_format(mo_clia_retention_start(p), buf),
			    "2026-02-28");
	pfx_close(p, dir);
	setenv("MEDOFFICE_NOW", NOW, 1);
}

static void test_retention_years(void **state)
{
	mo_practice *p = P(state);
	char buf[11];
	mo_err e = {0};
	assert_int_equal(mo_clia_retention_years(p), 3);
	assert_string_equal(mo_date_format(mo_clia_retention_start(p), buf),
			    "2026-01-10");
	assert_int_equal(mo_clia_purge_check(p, day("2026-01-10"), &e), 0);
	assert_int_equal(mo_clia_purge_check(p, day("2026-01-11"), &e),
			 MO_EINVAL);
	assert_msg(e, "kept 3 years");
}

static void test_request_within_retention(void **state)
{
	mo_practice *p = P(state);
	int64_t before[NTABLES], id = 0;
	mo_err e = {0};
	add_records(p);
	count_tables(p, before);
	assert_int_equal(mo_clia_purge_request(p, "om", day("2027-06-01"), &id,
					       &e), MO_EINVAL);
	assert_msg(e, "records from before 2027-06-01 cannot be purged");
	assert_msg(e, "everything from 2027-01-10 on stays");
	assert_int_equal(mo_clia_purge_request(p, "om", day("2030-01-01"), &id,
					       &e), MO_EINVAL);
	assert_tables(p, before);
	/* the day itself may go */
	assert_true(file_purge(p, "2027-01-10") > 0);
}

/* ---- the delete triggers ---- */

static void test_triggers_refuse_deletes(void **state)
{
	mo_practice *p = P(state);
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	int64_t before[NTABLES];
	add_records(p);
	count_tables(p, before);
	for (size_t i = 0; i < NTABLES - 2; i++) { /* not purge, request */
		char sql[80], *msg = NULL;
		snprintf(sql, sizeof sql, "DELETE FROM %s", TABLES[i]);
		if (strcmp(TABLES[i], "workflow_run") == 0)
			continue; /* no trigger: clia_test refers to it */
		assert_int_not_equal(sqlite3_exec(db, sql, NULL, NULL, &msg),
				     SQLITE_OK);
		if (!msg || !strstr(msg, "append-only"))
			fail_msg("%s: %s", sql, msg ? msg : "no message");
		sqlite3_free(msg);
	}
	assert_tables(p, before);
}

/* ---- the purge ---- */

static void test_purge_approved(void **state)
{
	mo_practice *p = P(state);
	int64_t n[NTABLES], id;
	mo_err e = {0};
	char buf[32];
	add_records(p);
	id = file_purge(p, "2027-01-01");
	count_tables(p, n);
	assert_string_equal(status_of(p, id, buf), "requested");
	assert_int_equal(mo_approval_decide(p, "ca", id, true, NULL, &e),
			 MO_EDENIED);
	assert_tables(p, n);
	assert_int_equal(mo_approval_decide(p, "dir", id, true, NULL, &e), 0);
	assert_string_equal(status_of(p, id, buf), "approved purge:1");
	/* tests 3 and 4 stay (and their children); one of two QC runs,
	 * temperatures and corrective actions; lot K2 and its opening;
	 * ca's current competency and om's only one */
	assert_tables(p, (int64_t[NTABLES]){2, 2, 4, 2, 2, 2, 2, 1, 1, 1, 1, 1,
					    2, 1, 1});
	assert_int_equal(query_int(p, "SELECT count(*) FROM clia_test WHERE "
				      "id IN (3, 4)"), 2);
	assert_int_equal(query_int(p, "SELECT count(*) FROM clia_lot WHERE "
				      "lot = 'K2'"), 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM clia_competency "
				      "WHERE staff = 'om' OR until = (SELECT "
				      "max(until) FROM clia_competency)"), 2);
	assert_int_equal(query_int(p, "SELECT count(*) FROM purge WHERE id = 1 "
				      "AND what = 'clia' AND active = 0 AND "
				      "request = 1 AND by = 'dir' AND before = "
				      "(SELECT before FROM purge) AND counts = "
				      "'{\"tests\":2,\"qc\":1,"
				      "\"temperatures\":1,\"correctives\":1,"
				      "\"lots\":1,"
				      "\"competencies\":1,\"rows\":22}'"), 1);
	assert_int_equal(audit_entries(p, "dir", "clia.purge", "purge:1"), 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit WHERE action "
				      "= 'clia.purge' AND detail LIKE "
				      "'%\"rows\":22%' AND decision LIKE "
				      "'%approval clia_purge, request 1, "
				      "approved by dir%'"), 1);
	/* once is all: the request is closed */
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-01-01"), id, NULL,
				       &e), MO_EINVAL);
	assert_msg(e, "no open clia_purge request");
}

static void test_purge_fails_midway(void **state)
{
	mo_practice *p = P(state);
	int64_t n[NTABLES], id;
	mo_err e = {0};
	char buf[32];
	add_records(p);
	id = file_purge(p, "2027-01-01");
	count_tables(p, n);
	/* the tests and the QC runs go first; then this refuses */
	exec_sql(p, "CREATE TEMP TRIGGER boom BEFORE DELETE ON clia_corrective "
		    "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
	assert_int_not_equal(mo_approval_decide(p, "dir", id, true, NULL, &e),
			     0);
	assert_msg(e, "disk on fire");
	assert_tables(p, n);
	assert_string_equal(status_of(p, id, buf), "requested");
	assert_int_equal(audit_entries(p, "dir", "clia.purge", "purge:1"), 0);
	exec_sql(p, "DROP TRIGGER boom");
	assert_int_equal(mo_approval_decide(p, "dir", id, true, NULL, &e), 0);
	assert_int_equal(query_int(p, "SELECT count(*) FROM clia_test"), 2);
}

static void test_purge_needs_its_request(void **state)
{
	mo_practice *p = P(state);
	int64_t n[NTABLES], id;
	mo_clia_purged out;
	mo_err e = {0};
	add_records(p);
	id = file_purge(p, "2027-01-01");
	count_tables(p, n);
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-01-01"), 0, &out,
				       &e), MO_EINVAL);
	assert_msg(e, "request 0 is no open clia_purge request for records "
		      "from before 2027-01-01");
	/* another day than the request's */
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-01-02"), id, &out,
				       &e), MO_EINVAL);
	/* within retention, whatever the request */
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-02-01"), id, &out,
				       &e), MO_EINVAL);
	assert_msg(e, "cannot be purged");
	assert_tables(p, n);
	/* run by hand with its request (as the approval would): it works,
	 * and only once */
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-01-01"), id, &out,
				       &e), 0);
	assert_int_equal(out.tests, 2);
	assert_int_equal(out.rows, 22);
	assert_int_equal(out.purge, 1);
	assert_int_equal(mo_clia_purge(p, "dir", day("2027-01-01"), id, &out,
				       &e), MO_EINVAL);
	assert_int_equal(query_int(p, "SELECT count(*) FROM purge"), 1);
}

static void test_purge_nothing_to_purge(void **state)
{
	mo_practice *p = P(state);
	mo_clia_purged out;
	mo_err e = {0};
	int64_t id = file_purge(p, "2020-01-01");
	assert_int_equal(mo_clia_purge(p, "dir", day("2020-01-01"), id, &out,
				       &e), 0);
	assert_int_equal(out.rows, 0);
	assert_int_equal(query_int(p, "SELECT count(*) FROM purge WHERE counts "
				      "LIKE '%\"rows\":0}'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_retention_start),
		T(test_retention_leap_day),
		cmocka_unit_test_setup_teardown(test_retention_years,
						setup_three_years, teardown),
		T(test_request_within_retention),
		T(test_triggers_refuse_deletes),
		T(test_purge_approved),
		T(test_purge_fails_midway),
		T(test_purge_needs_its_request),
		T(test_purge_nothing_to_purge),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
