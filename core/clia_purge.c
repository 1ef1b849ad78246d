/* clia_purge.c: the retention of the CLIA records and their purge (see
 * clia.h): the first day still kept (today less clia.retention_years
 * calendar years), the approval request that asks for a purge, and the
 * purge itself, the action clia.purge that the approval runs once
 * approved. The CLIA tables and workflow_step refuse every delete unless
 * a row of table purge is active (schema 12): the purge inserts its row
 * active, deletes, then writes what it removed and deactivates the row,
 * all in one operation, so that no other connection ever sees the gate
 * open. Tests go in batches of ids read first (no allocation, and no
 * delete under a pending read of the same rows). It uses clia_int.h,
 * approval.h, tz.h, units.h and clock.h. */
#include "clia_int.h"

#include <stdio.h>
#include <string.h>

#include "approval.h"
#include "clock.h"
#include "tz.h"
#include "units.h"

enum { MIN_YEARS = 2, BATCH = 256 };

static const char SQL_REQUEST[] =
	"SELECT 1 FROM request WHERE id = ?1 AND kind = 'clia_purge' AND "
	"status IN ('requested', 'escalated') AND json_extract(facts, "
	"'$.before') = ?2 AND NOT EXISTS (SELECT 1 FROM purge WHERE request "
	"= ?1)";
static const char SQL_OPEN[] =
	"INSERT INTO purge(what, before, request, active, by, at_us) "
	"VALUES('clia', ?, ?, 1, ?, ?)";
static const char SQL_CLOSE[] =
	"UPDATE purge SET active = 0, counts = ? WHERE id = ?";
static const char SQL_TESTS[] =
	"SELECT t.id, t.run FROM clia_test t JOIN workflow_run r ON r.id = "
	"t.run WHERE r.final = 1 AND r.updated_us < ?1 ORDER BY t.id LIMIT ?2";

/* What goes with each test, children first (foreign keys): bound to the
 * test's id, or (ON_RUN) to its run's. */
enum { ON_TEST, ON_RUN };
static const struct {
	const char *sql;
	int on;
} PER_TEST[] = {
	{"DELETE FROM clia_notification WHERE test = ?", ON_TEST},
	{"DELETE FROM clia_review WHERE test = ?", ON_TEST},
	{"DELETE FROM clia_result WHERE test = ?", ON_TEST},
	{"DELETE FROM clia_specimen WHERE test = ?", ON_TEST},
	{"DELETE FROM workflow_step WHERE run = ?", ON_RUN},
	{"DELETE FROM clia_test WHERE id = ?", ON_TEST},
	{"DELETE FROM workflow_run WHERE id = ?", ON_RUN},
};

/* The records kept beside the tests, each bound to the day before. */
static const char SQL_QC[] = "DELETE FROM clia_qc WHERE day < ?";
static const char SQL_TEMPS[] = "DELETE FROM clia_temperature WHERE day < ?";
static const char SQL_CORRECTIVES[] =
	"DELETE FROM clia_corrective WHERE day < ?";
static const char SQL_LOT_OPENS[] = "DELETE FROM clia_lot_open WHERE lot IN "
	"(SELECT id FROM clia_lot WHERE expires < ?)";
static const char SQL_LOTS[] = "DELETE FROM clia_lot WHERE expires < ?";
static const char SQL_COMPETENCIES[] =
	"DELETE FROM clia_competency WHERE until < ? AND id < (SELECT max(id) "
	"FROM clia_competency c WHERE c.staff = clia_competency.staff AND "
	"c.test = clia_competency.test)";

/* ---- retention ---- */

int mo_clia_retention_years(mo_practice *p)
{
	int y = mo_practice_config(p)->clia.retention_years;
	return y < MIN_YEARS ? MIN_YEARS : y;
}

int32_t mo_clia_retention_start(mo_practice *p)
{
	int y, m, d;
	mo_civil_from_days(mo_practice_today(p), &y, &m, &d);
	y -= mo_clia_retention_years(p);
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 || y % 400 == 0)))
		d = 28;
	return mo_days_from_civil(y, m, d);
}

int mo_clia_purge_check(mo_practice *p, int32_t before, mo_err *e)
{
	int32_t keep = mo_clia_retention_start(p);
	char a[11], b[11];
	if (before <= keep)
		return 0;
	return mo_err_set(e, MO_EINVAL, "clia purge: records from before %s "
			  "cannot be purged: they are kept %d years "
			  "(practice.yaml clia.retention_years), so everything "
			  "from %s on stays; give %s or an earlier date",
			  mo_date_format(before, a), mo_clia_retention_years(p),
			  mo_date_format(keep, b), b);
}

int mo_clia_purge_request(mo_practice *p, const char *actor, int32_t before,
			  int64_t *request, mo_err *e)
{
	char day[11], summary[64];
	mo_fact f[] = {{"before", MO_FACT_STR, mo_date_format(before, day), 0}};
	mo_request_new in = {"clia_purge", summary, false, 0, f, 1};
	int rc = mo_clia_purge_check(p, before, e);
	if (rc)
		return rc;
	snprintf(summary, sizeof summary, "Purge CLIA records from before %s",
		 day);
	return mo_approval_request(p, actor, &in, request, e);
}

/* ---- the purge ---- */

/* Runs a delete bound to v, adding the rows it removed to *n (optional)
 * and to the total. */
static int delete_rows(mo_db *db, const char *sql, int64_t v, int64_t *n,
		       mo_clia_purged *out, mo_err *e)
{
	sqlite3_stmt *st;
	int changed;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, v);
	if ((rc = mo_clia_step_done(db, st, e)))
		return rc;
	changed = sqlite3_changes(mo_db_sqlite(db));
	if (n)
		*n += changed;
	out->rows += changed;
	return 0;
}

/* Up to BATCH tests that ended before the instant cutoff, into ids and
 * runs; *n receives how many. */
static int next_tests(mo_db *db, int64_t cutoff, int64_t ids[BATCH],
		      int64_t runs[BATCH], size_t *n, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TESTS, &st, e);
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, cutoff);
	sqlite3_bind_int(st, 2, BATCH);
	while (*n < BATCH && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[*n] = sqlite3_column_int64(st, 0);
		runs[(*n)++] = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "clia purge", e);
	sqlite3_reset(st);
	return rc;
}

static int delete_test(mo_db *db, int64_t id, int64_t run,
		       mo_clia_purged *out, mo_err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof PER_TEST / sizeof PER_TEST[0];
	     i++)
		rc = delete_rows(db, PER_TEST[i].sql, PER_TEST[i].on == ON_RUN
				 ? run : id, NULL, out, e);
	if (!rc)
		out->tests++;
	return rc;
}

/* The tests whose run ended before the start of day before. */
static int purge_tests(mo_practice *p, int32_t before, mo_clia_purged *out,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t ids[BATCH], runs[BATCH], cutoff, next_day;
	size_t n;
	int rc = mo_tz_day_bounds(mo_practice_config(p)->timezone, before,
				  before, &cutoff, &next_day, e);
	do {
		if (rc || (rc = next_tests(db, cutoff, ids, runs, &n, e)))
			return rc;
		for (size_t i = 0; !rc && i < n; i++)
			rc = delete_test(db, ids[i], runs[i], out, e);
	} while (n == BATCH);
	return rc;
}

static int purge_records(mo_db *db, int32_t before, mo_clia_purged *out,
			 mo_err *e)
{
	int rc;
	if ((rc = delete_rows(db, SQL_QC, before, &out->qc, out, e)) ||
	    (rc = delete_rows(db, SQL_TEMPS, before, &out->temperatures, out,
			      e)) ||
	    (rc = delete_rows(db, SQL_CORRECTIVES, before, &out->correctives,
			      out, e)) ||
	    (rc = delete_rows(db, SQL_LOT_OPENS, before, NULL, out, e)) ||
	    (rc = delete_rows(db, SQL_LOTS, before, &out->lots, out, e)))
		return rc;
	return delete_rows(db, SQL_COMPETENCIES, before, &out->competencies,
			   out, e);
}

/* 0 when request is an open clia_purge request for day (its fact before)
 * that has not run yet, else MO_EINVAL. */
static int check_request(mo_db *db, int64_t request, const char *day,
			 mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REQUEST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, request);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return mo_db_fail(db, "clia purge", e);
	return mo_err_set(e, MO_EINVAL, "clia purge: request %lld is no open "
			  "clia_purge request for records from before %s "
			  "(a purge runs only as its approved request, once)",
			  (long long)request, day);
}

static int open_purge(mo_db *db, const char *actor, int32_t before,
		      int64_t request, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OPEN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, before);
	sqlite3_bind_int64(st, 2, request);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, mo_clock_now_us());
	rc = mo_clia_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

static int close_purge(mo_db *db, const mo_clia_purged *n, mo_err *e)
{
	char counts[320];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CLOSE, &st, e);
	if (rc)
		return rc;
	snprintf(counts, sizeof counts, "{\"tests\":%lld,\"qc\":%lld,"
		 "\"temperatures\":%lld,\"correctives\":%lld,\"lots\":%lld,"
		 "\"competencies\":%lld,\"rows\":%lld}", (long long)n->tests,
		 (long long)n->qc, (long long)n->temperatures,
		 (long long)n->correctives, (long long)n->lots,
		 (long long)n->competencies, (long long)n->rows);
	sqlite3_bind_text(st, 1, counts, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, n->purge);
	return mo_clia_step_done(db, st, e);
}

static int purge_all(mo_practice *p, const char *actor, int32_t before,
		     int64_t request, mo_clia_purged *n, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc;
	if ((rc = open_purge(db, actor, before, request, &n->purge, e)) ||
	    (rc = purge_tests(p, before, n, e)) ||
	    (rc = purge_records(db, before, n, e)))
		return rc;
	return close_purge(db, n, e);
}

/* Ends op: its audit entry says what went, beside the decision's facts
 * (f, 2 of them). */
static int end_purge(mo_op *op, int rc, const mo_fact f[2],
		     const mo_clia_purged *n, mo_err *e)
{
	char record[40];
	mo_fact done[] = {f[0], f[1],
			  {"tests", MO_FACT_INT, NULL, n->tests},
			  {"qc", MO_FACT_INT, NULL, n->qc},
			  {"temperatures", MO_FACT_INT, NULL, n->temperatures},
			  {"correctives", MO_FACT_INT, NULL, n->correctives},
			  {"lots", MO_FACT_INT, NULL, n->lots},
			  {"competencies", MO_FACT_INT, NULL, n->competencies},
			  {"rows", MO_FACT_INT, NULL, n->rows}};
	op->facts = done;
	op->nfacts = sizeof done / sizeof done[0];
	snprintf(record, sizeof record, "purge:%lld", (long long)n->purge);
	return mo_clia_end_op(op, rc, record, e);
}

int mo_clia_purge(mo_practice *p, const char *actor, int32_t before,
		  int64_t request, mo_clia_purged *out, mo_err *e)
{
	mo_clia_purged n = {0};
	char day[11];
	mo_fact f[] = {{"before", MO_FACT_STR, mo_date_format(before, day), 0},
		       {"request", MO_FACT_INT, NULL, request}};
	mo_op op;
	int rc = mo_clia_purge_check(p, before, e);
	if (rc || (rc = mo_op_begin(p, &op, actor, "clia.purge", f, 2, e)))
		return rc;
	if (!(rc = check_request(mo_practice_db(p), request, day, e)))
		rc = purge_all(p, actor, before, request, &n, e);
	if ((rc = end_purge(&op, rc, f, &n, e)))
		return rc;
	if (out)
		*out = n;
	return 0;
}
