/* clia_list.c: the CLIA lists and logs (see clia.h): tests awaiting each
 * step, the QC log, lots, competencies, what is due, corrective actions,
 * temperatures, the certificate's versions and one test's record. Each is
 * an audited read (workflow.read). */
#include "clia.h"

#include <stdio.h>
#include <string.h>

#include "units.h"

/* ---- the QC log ---- */

static const char SQL_QC_LOG[] =
	"SELECT at_us, test, lot, level, expected, observed, why, corrective, "
	"operator, passed FROM clia_qc WHERE day BETWEEN ? AND ? ORDER BY id";

typedef struct log_ctx {
	mo_db *db;
	int32_t from, to;
	mo_clia_qc_cb cb;
	void *ud;
	int stop;
} log_ctx;

static int log_fn(void *ud, mo_err *e)
{
	log_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_QC_LOG, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->from);
	sqlite3_bind_int(st, 2, c->to);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v[8];
		for (int i = 0; i < 8; i++)
			v[i] = (const char *)sqlite3_column_text(st, i + 1);
		mo_clia_qc_row r = {sqlite3_column_int64(st, 0), v[0], v[1],
				    v[2], v[3], v[4], v[5], v[6], v[7],
				    sqlite3_column_int(st, 9) != 0};
		c->stop = c->cb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

int mo_clia_qc_log(mo_practice *p, const char *actor, int32_t from,
		   int32_t to, mo_clia_qc_cb cb, void *ud, mo_err *e)
{
	log_ctx c = {mo_practice_db(p), from, to, cb, ud, 0};
	char a[11], b[11];
	mo_fact f[] = {{"read", MO_FACT_STR, "QC log", 0},
		       {"from", MO_FACT_STR, mo_date_format(from, a), 0},
		       {"to", MO_FACT_STR, mo_date_format(to, b), 0}};
	int rc;
	if (!cb || from > to)
		return mo_err_set(e, MO_EINVAL, "clia: QC log: from after to");
	rc = mo_op_read(p, actor, "workflow.read", f, 3, "clia_qc", log_fn, &c,
			e);
	return rc ? rc : c.stop;
}

/* ---- lists ---- */

static const char SQL_STATUS[] =
	"SELECT t.id, t.run, t.appointment, t.patient, t.test, r.state, "
	"p.family || ', ' || p.given, t.lot, t.value, r.final, r.updated_us "
	"FROM clia_test t JOIN workflow_run r ON r.id = t.run JOIN patient p "
	"ON p.id = t.patient WHERE ?1 OR r.final = 0 ORDER BY r.state, t.id";
static const char SQL_LOTS[] =
	"SELECT test, kind, lot, expires, received FROM clia_lot WHERE ?1 = 0 "
	"OR expires <= ?1 ORDER BY expires, test, lot";
static const char SQL_COMPETENCIES[] =
	"SELECT staff, test, assessed_by, until FROM clia_competency c WHERE "
	"id = (SELECT max(id) FROM clia_competency WHERE staff = c.staff AND "
	"test = c.test) ORDER BY until, staff, test";

typedef struct list_ctx {
	mo_db *db;
	const char *sql;
	int64_t arg;
	int (*row)(struct list_ctx *c, sqlite3_stmt *st);
	void *cb, *ud;
	int stop;
} list_ctx;

static const char *txt(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static int status_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_test_row r = {sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int64(st, 3), txt(st, 4), txt(st, 5), txt(st, 6),
		txt(st, 7), txt(st, 8), sqlite3_column_int(st, 9) != 0,
		sqlite3_column_int64(st, 10)};
	return ((mo_clia_test_cb)c->cb)(c->ud, &r);
}

static int lot_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_lot_row r = {txt(st, 0), txt(st, 1), txt(st, 2),
			     sqlite3_column_int(st, 3), sqlite3_column_int(st, 4)};
	return ((mo_clia_lot_cb)c->cb)(c->ud, &r);
}

static int competency_row(list_ctx *c, sqlite3_stmt *st)
{
	mo_clia_competency_row r = {txt(st, 0), txt(st, 1), txt(st, 2),
				    sqlite3_column_int(st, 3)};
	return ((mo_clia_competency_cb)c->cb)(c->ud, &r);
}

static int list_fn(void *ud, mo_err *e)
{
	list_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, c->sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->arg);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		c->stop = c->row(c, st);
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "clia", e);
	sqlite3_reset(st);
	return rc;
}

static int list(mo_practice *p, const char *actor, const char *what,
		list_ctx *c, mo_err *e)
{
	mo_fact f[] = {{"read", MO_FACT_STR, what, 0}};
	int rc;
	if (!c->cb)
		return mo_err_set(e, MO_EINVAL, "clia: no callback");
	c->db = mo_practice_db(p);
	rc = mo_op_read(p, actor, "workflow.read", f, 1, "clia", list_fn, c, e);
	return rc ? rc : c->stop;
}

int mo_clia_status(mo_practice *p, const char *actor, bool all,
		   mo_clia_test_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_STATUS, .arg = all, .row = status_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA tests", &c, e);
}

int mo_clia_lots(mo_practice *p, const char *actor, int32_t through,
		 mo_clia_lot_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_LOTS, .arg = through, .row = lot_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA lots", &c, e);
}

int mo_clia_competencies(mo_practice *p, const char *actor,
			 mo_clia_competency_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {.sql = SQL_COMPETENCIES, .row = competency_row,
		      .cb = (void *)cb, .ud = ud};
	return list(p, actor, "CLIA competencies", &c, e);
}
