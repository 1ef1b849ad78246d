/* statement_read.c: the statements sent and the holds, as written (see
 * statement.h): the list (heads only), a statement with its lines and
 * credits for a reprint, and the holds in force; each an audited read.
 * It uses statement_int.h, patient.h, units.h and SQLite through db.h. */
#include <stdio.h>
#include <string.h>

#include "patient.h"
#include "statement_int.h"
#include "units.h"

#define HEAD_SQL                                                            \
	"SELECT s.id, s.run, s.patient, p.family || ', ' || p.given, "      \
	"coalesce(s.guarantor, 0), s.to_name, s.line1, s.line2, s.city, "   \
	"s.state, s.zip, s.day, s.from_day, s.due_day, s.format, "          \
	"s.days_0_30, s.days_31_60, s.days_61_90, s.days_91_120, "          \
	"s.over_120, s.unapplied, s.pending, s.earlier, r.created_us, "     \
	"r.created_by FROM statement s JOIN statement_run r ON r.id = "     \
	"s.run JOIN patient p ON p.id = s.patient "
static const char SQL_GET[] = HEAD_SQL "WHERE s.id = ?1";
static const char SQL_LIST[] = HEAD_SQL "WHERE (?1 = 0 OR s.patient = ?1) "
	"AND (?2 = 0 OR s.run = ?2) ORDER BY s.id";
static const char SQL_LINES[] =
	"SELECT charge, service_day, code, units, charged, insurance_paid, "
	"adjusted, pending, patient_paid, due FROM statement_line WHERE "
	"statement = ?1 ORDER BY seq";
static const char SQL_CREDITS[] =
	"SELECT day, kind, amount FROM statement_credit WHERE statement = ?1 "
	"ORDER BY seq";
static const char SQL_PATIENT_OF[] =
	"SELECT patient FROM statement WHERE id = ?1";
static const char SQL_HOLDS[] =
	"SELECT h.patient, p.family || ', ' || p.given, h.reason, "
	"coalesce(h.until_day, 0), h.created_us, h.created_by FROM "
	"statement_hold h JOIN patient p ON p.id = h.patient WHERE h.id IN "
	"(SELECT max(id) FROM statement_hold GROUP BY patient) AND h.held = 1 "
	"AND (h.until_day IS NULL OR h.until_day >= ?1) ORDER BY h.patient";

/* The head of the current row of HEAD_SQL into d. */
static void read_head(sqlite3_stmt *st, mo_stmt_draft *d)
{
	mo_statement *s = &d->s;
	const char *format = (const char *)sqlite3_column_text(st, 14);
	s->nlines = s->ncredits = 0;
	s->id = sqlite3_column_int64(st, 0);
	s->run = sqlite3_column_int64(st, 1);
	s->patient = sqlite3_column_int64(st, 2);
	s->patient_name = mo_stmt_copy(d->patient_name, sizeof d->patient_name,
				       st, 3);
	s->guarantor = sqlite3_column_int64(st, 4);
	s->to_name = mo_stmt_copy(d->to_name, sizeof d->to_name, st, 5);
	mo_stmt_set_address(d, st, 6);
	s->day = sqlite3_column_int(st, 11);
	s->from_day = sqlite3_column_int(st, 12);
	s->due_day = sqlite3_column_int(st, 13);
	s->format = format && strcmp(format, "html") == 0 ? "html" : "text";
	memset(&s->aging, 0, sizeof s->aging);
	for (int b = 0; b < MO_AGING_BUCKETS; b++) {
		s->aging.bucket[b] = sqlite3_column_int64(st, 15 + b);
		s->aging.total += s->aging.bucket[b];
	}
	s->aging.unapplied = sqlite3_column_int64(st, 20);
	s->aging.total += s->aging.unapplied;
	s->balance = s->aging.total;
	s->pending = sqlite3_column_int64(st, 21);
	s->earlier = sqlite3_column_int64(st, 22);
	s->created_us = sqlite3_column_int64(st, 23);
	s->created_by = mo_stmt_copy(d->created_by, sizeof d->created_by, st,
				     24);
}

static int add_line_row(mo_stmt_draft *d, sqlite3_stmt *st)
{
	mo_stmt_line l = {sqlite3_column_int64(st, 0),
			  sqlite3_column_int(st, 1), "",
			  sqlite3_column_int(st, 3),
			  sqlite3_column_int64(st, 4),
			  sqlite3_column_int64(st, 5),
			  sqlite3_column_int64(st, 6),
			  sqlite3_column_int64(st, 7),
			  sqlite3_column_int64(st, 8),
			  sqlite3_column_int64(st, 9)};
	mo_stmt_copy(l.code, sizeof l.code, st, 2);
	return mo_stmt_add_line(d, &l);
}

static int add_credit_row(mo_stmt_draft *d, sqlite3_stmt *st)
{
	return mo_stmt_add_credit(d, sqlite3_column_int(st, 0),
				  (const char *)sqlite3_column_text(st, 1),
				  sqlite3_column_int64(st, 2));
}

/* ---- one statement ---- */

typedef struct get_ctx {
	mo_practice *p;
	int64_t id;
	mo_stmt_cb cb;
	void *ud;
	int stop;
} get_ctx;

static int read_head_of(mo_db *db, int64_t id, mo_stmt_draft *d, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_head(st, d);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no "
						    "statement %lld",
						    (long long)id)
				       : mo_db_fail(db, "statement", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int get_fn(void *ctx, mo_err *e)
{
	get_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_stmt_draft d;
	int rc;
	mo_stmt_draft_init(&d, mo_practice_config(c->p));
	if (!(rc = read_head_of(db, c->id, &d, e)) &&
	    !(rc = mo_stmt_rows(db, SQL_LINES, &c->id, 1, &d, add_line_row,
				e)) &&
	    !(rc = mo_stmt_rows(db, SQL_CREDITS, &c->id, 1, &d,
				add_credit_row, e)))
		c->stop = c->cb(c->ud, &d.s);
	mo_stmt_draft_free(&d);
	return rc;
}

/* The patient statement id is for (0 when there is no such statement). */
static int patient_of(mo_db *db, int64_t id, int64_t *patient, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_PATIENT_OF, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	*patient = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE
		? 0 : mo_db_fail(db, "statement", e);
	sqlite3_reset(st);
	if (!rc && !*patient)
		rc = mo_err_set(e, MO_ENOTFOUND, "no statement %lld",
				(long long)id);
	return rc;
}

int mo_stmt_get(mo_practice *p, const char *actor, int64_t id, mo_stmt_cb cb,
		void *ud, mo_err *e)
{
	get_ctx c = {p, id, cb, ud, 0};
	char record[32];
	int64_t patient;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "statement: no callback");
	if ((rc = patient_of(mo_practice_db(p), id, &patient, e)))
		return rc;
	mo_fact f[] = {{"read", MO_FACT_STR, "statement", 0},
		       {"statement", MO_FACT_INT, NULL, id},
		       {"patient", MO_FACT_INT, NULL, patient}};
	snprintf(record, sizeof record, "patient:%lld", (long long)patient);
	rc = mo_op_read(p, actor, "billing.read", f, 3, record, get_fn, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the list ---- */

typedef struct list_ctx {
	mo_practice *p;
	const mo_stmt_filter *f;
	mo_stmt_cb cb;
	void *ud;
	int stop;
} list_ctx;

static int walk_heads(mo_db *db, sqlite3_stmt *st, list_ctx *c,
		      mo_stmt_draft *d, mo_err *e)
{
	int rc;
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_head(st, d);
		c->stop = c->cb(c->ud, &d->s);
	}
	return c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "statement",
							     e);
}

static int list_fn(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_stmt_draft d;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->f->patient);
	sqlite3_bind_int64(st, 2, c->f->run);
	mo_stmt_draft_init(&d, mo_practice_config(c->p));
	rc = walk_heads(db, st, c, &d, e);
	sqlite3_reset(st);
	mo_stmt_draft_free(&d);
	return rc;
}

int mo_stmt_list(mo_practice *p, const char *actor, const mo_stmt_filter *f,
		 mo_stmt_cb cb, void *ud, mo_err *e)
{
	static const mo_stmt_filter all = {0, 0};
	const mo_stmt_filter *q = f ? f : &all;
	list_ctx c = {p, q, cb, ud, 0};
	char record[32] = "statements";
	int64_t active;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "statement list: no callback");
	if (q->patient &&
	    (rc = mo_patient_resolve(p, q->patient, &active, e)))
		return rc;
	mo_fact facts[] = {{"read", MO_FACT_STR, "statements", 0},
			   {"patient", MO_FACT_INT, NULL, q->patient},
			   {"run", MO_FACT_INT, NULL, q->run}};
	if (q->patient)
		snprintf(record, sizeof record, "patient:%lld",
			 (long long)q->patient);
	rc = mo_op_read(p, actor, "billing.read", facts, 3, record, list_fn,
			&c, e);
	return rc ? rc : c.stop;
}

/* ---- the holds ---- */

typedef struct holds_ctx {
	mo_practice *p;
	mo_stmt_hold_cb cb;
	void *ud;
	int stop;
} holds_ctx;

static void read_hold(sqlite3_stmt *st, mo_stmt_hold_row *h)
{
	*h = (mo_stmt_hold_row){sqlite3_column_int64(st, 0),
				(const char *)sqlite3_column_text(st, 1),
				(const char *)sqlite3_column_text(st, 2),
				sqlite3_column_int(st, 3),
				sqlite3_column_int64(st, 4),
				(const char *)sqlite3_column_text(st, 5)};
}

static int holds_fn(void *ctx, mo_err *e)
{
	holds_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_stmt_hold_row h;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_HOLDS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(c->p));
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_hold(st, &h);
		c->stop = c->cb(c->ud, &h);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "statement", e);
	sqlite3_reset(st);
	return rc;
}

int mo_stmt_holds(mo_practice *p, const char *actor, mo_stmt_hold_cb cb,
		  void *ud, mo_err *e)
{
	holds_ctx c = {p, cb, ud, 0};
	mo_fact f[] = {{"read", MO_FACT_STR, "statement holds", 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "statement holds: no callback");
	rc = mo_op_read(p, actor, "billing.read", f, 1, "statement:holds",
			holds_fn, &c, e);
	return rc ? rc : c.stop;
}
