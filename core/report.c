/* report.c: the read-only query API and the report driver (see
 * report.h). */
#include "report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"
#include "units.h"

/* ---- the query ---- */

/* What the authorizer refused first (for the message). */
typedef struct guard {
	char refused[96];
} guard;

static const char *action_name(int code)
{
	switch (code) {
	case SQLITE_ATTACH: return "ATTACH";
	case SQLITE_DETACH: return "DETACH";
	case SQLITE_PRAGMA: return "PRAGMA";
	case SQLITE_INSERT: return "INSERT";
	case SQLITE_UPDATE: return "UPDATE";
	case SQLITE_DELETE: return "DELETE";
	case SQLITE_TRANSACTION: return "a transaction";
	case SQLITE_SAVEPOINT: return "a savepoint";
	default: return "a change to the database";
	}
}

/* Reads of the main database (and of the query's own views and CTEs),
 * functions, recursion; nothing else. */
static int authorize(void *ud, int code, const char *a, const char *b,
		     const char *db, const char *trigger)
{
	guard *g = ud;
	(void)b, (void)trigger;
	switch (code) {
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE:
	case SQLITE_FUNCTION:
		return SQLITE_OK;
	case SQLITE_READ:
		if (!db || !strcmp(db, "main"))
			return SQLITE_OK;
		snprintf(g->refused, sizeof g->refused, "reading %s.%s", db,
			 a ? a : "?");
		return SQLITE_DENY;
	default:
		if (!g->refused[0])
			snprintf(g->refused, sizeof g->refused, "%s",
				 action_name(code));
		return SQLITE_DENY;
	}
}

static bool blank(const char *s)
{
	while (s && *s && isspace((unsigned char)*s))
		s++;
	return !s || !*s;
}

static int prepare(mo_db *db, const char *report, const char *sql,
		   sqlite3_stmt **st, mo_err *e)
{
	sqlite3 *h = mo_db_sqlite(db);
	const char *tail = NULL;
	guard g = {{0}};
	int rc;
	sqlite3_set_authorizer(h, authorize, &g);
	rc = sqlite3_prepare_v3(h, sql, -1, 0, st, &tail);
	sqlite3_set_authorizer(h, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (g.refused[0])
			return mo_err_set(e, MO_EDENIED, "report '%s': the query "
					  "may only read the practice database: "
					  "%s is not allowed", report,
					  g.refused);
		return mo_err_set(e, MO_EINVAL, "report '%s': the query: %s",
				  report, sqlite3_errmsg(h));
	}
	if (!*st || !blank(tail) || !sqlite3_stmt_readonly(*st)) {
		sqlite3_finalize(*st);
		*st = NULL;
		return mo_err_set(e, MO_EINVAL, "report '%s': the query must be "
				  "one statement that only reads (SELECT)",
				  report);
	}
	return 0;
}

static const mo_fact *param_of(const mo_fact *f, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, name))
			return &f[i];
	return NULL;
}

static int bind_params(sqlite3_stmt *st, const char *report,
		       const mo_fact *f, size_t n, mo_err *e)
{
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		const mo_fact *v = name && name[0] == ':'
			? param_of(f, n, name + 1) : NULL;
		if (!v)
			return mo_err_set(e, MO_EINVAL, "report '%s': the query "
					  "names %s, which is no parameter of "
					  "the report (use :name)", report,
					  name ? name : "a ?");
		if (v->type == MO_FACT_STR)
			mo_db_bind_opt(st, i, v->s);
		else
			sqlite3_bind_int64(st, i, v->i);
	}
	return 0;
}

/* local_day(us) and local_time(us): the practice's local day (days since
 * 1970-01-01) and second of the day of a UTC instant in microseconds;
 * NULL for NULL. The zone is the function's user data. */
static bool local_parts(sqlite3_context *cx, sqlite3_value **argv,
			int32_t *day, int32_t *sec)
{
	mo_err ignored;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL)
		return false;
	if (!mo_tz_from_utc(sqlite3_user_data(cx), sqlite3_value_int64(argv[0]),
			    day, sec, &ignored))
		return true;
	sqlite3_result_error(cx, "local_day/local_time: not an instant", -1);
	return false;
}

static void local_day(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int32_t day, sec;
	(void)argc;
	if (local_parts(cx, argv, &day, &sec))
		sqlite3_result_int(cx, day);
}

static void local_time(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	int32_t day, sec;
	(void)argc;
	if (local_parts(cx, argv, &day, &sec))
		sqlite3_result_int(cx, sec);
}

static void add_functions(sqlite3 *h, const char *zone)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	sqlite3_create_function(h, "local_day", 1, flags, (void *)zone,
				local_day, NULL, NULL);
	sqlite3_create_function(h, "local_time", 1, flags, (void *)zone,
				local_time, NULL, NULL);
}

typedef struct query {
	mo_db *db;
	const char *zone;
	const char *report, *sql, *order;
	const mo_fact *params;
	size_t n;
	mo_report_row_cb cb;
	void *ud;
} query;

static void read_cell(sqlite3_stmt *st, int i, mo_report_cell *c)
{
	int t = sqlite3_column_type(st, i);
	c->name = sqlite3_column_name(st, i);
	c->null = t == SQLITE_NULL;
	c->is_int = t == SQLITE_INTEGER || t == SQLITE_FLOAT;
	c->i = t == SQLITE_FLOAT ? (int64_t)(sqlite3_column_double(st, i) +
		(sqlite3_column_double(st, i) < 0 ? -0.5 : 0.5))
		: sqlite3_column_int64(st, i);
	c->s = (const char *)sqlite3_column_text(st, i);
}

/* The query as given must pass on its own (one statement that only
 * reads); then, when there is an order, the query wrapped with it. */
static int prepare_ordered(const query *q, sqlite3_stmt **st, mo_err *e)
{
	char *wrapped;
	int rc = prepare(q->db, q->report, q->sql, st, e);
	if (rc || !q->order)
		return rc;
	sqlite3_finalize(*st);
	*st = NULL;
	if (!(wrapped = sqlite3_mprintf("SELECT * FROM (%s\n) %s", q->sql,
					q->order)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = prepare(q->db, q->report, wrapped, st, e);
	sqlite3_free(wrapped);
	return rc;
}

static int query_fn(void *ud, mo_err *e)
{
	query *q = ud;
	mo_report_cell cells[MO_REPORT_COLS];
	sqlite3_stmt *st;
	int rc, n, step = 0;
	add_functions(mo_db_sqlite(q->db), q->zone);
	if ((rc = prepare_ordered(q, &st, e)))
		return rc;
	n = sqlite3_column_count(st);
	if (n > MO_REPORT_COLS)
		rc = mo_err_set(e, MO_EINVAL, "report '%s': the query has %d "
				"columns; at most %d", q->report, n,
				MO_REPORT_COLS);
	if (!rc)
		rc = bind_params(st, q->report, q->params, q->n, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++)
			read_cell(st, i, &cells[i]);
		rc = q->cb(q->ud, cells, (size_t)n);
	}
	if (!rc && step != SQLITE_DONE)
		rc = mo_err_set(e, MO_EDB, "report '%s': %s", q->report,
				sqlite3_errmsg(mo_db_sqlite(q->db)));
	sqlite3_finalize(st);
	return rc;
}

int mo_report_query(mo_practice *p, const char *actor, const char *report,
		    const char *sql, const char *order, const mo_fact *params,
		    size_t n, mo_report_row_cb cb, void *ud, mo_err *e)
{
	enum { MAX_FACTS = 24 };
	mo_fact f[MAX_FACTS];
	query q = {mo_practice_db(p), mo_practice_config(p)->timezone, report,
		   sql, order, params, n, cb, ud};
	char record[96];
	size_t k = 0;
	if (!report || !sql || !cb || (n && !params))
		return mo_err_set(e, MO_EINVAL, "report: a name, a query and a "
				  "callback are needed");
	f[k++] = (mo_fact){"report", MO_FACT_STR, report, 0};
	for (size_t i = 0; i < n && k < MAX_FACTS; i++)
		if (params[i].type != MO_FACT_STR || params[i].s)
			f[k++] = params[i];
	snprintf(record, sizeof record, "report:%s", report);
	return mo_op_read(p, actor, "report.run", f, k, record, query_fn, &q,
			  e);
}

/* ---- a query's cell as a column's value ---- */

static int bad_value(const mo_render_col *col, const mo_report_cell *c,
		     const char *what, mo_err *e)
{
	return mo_err_set(e, MO_EINVAL, "report column %s: expected %s, got "
			  "\"%.40s\"", col->key, what, c->s ? c->s : "");
}

/* Text of a number: an integer; "12.5" as hundredths when hundredths. */
static int parse_number(const char *s, bool hundredths, int64_t *out)
{
	mo_err ignored;
	char *end;
	if (hundredths)
		return mo_money_parse(s, out, &ignored);
	long long v = strtoll(s, &end, 10);
	if (end == s || *end)
		return MO_EINVAL;
	*out = v;
	return 0;
}

int mo_report_value(const mo_render_col *col, const mo_report_cell *c,
		    mo_render_value *v, mo_err *e)
{
	mo_err ignored;
	int minutes;
	int32_t day;
	*v = (mo_render_value){c->null, 0, NULL};
	if (c->null)
		return 0;
	if (col->format == MO_COL_TEXT) {
		v->s = c->s;
		return 0;
	}
	if (c->is_int) {
		v->i = c->i;
		return 0;
	}
	switch (col->format) {
	case MO_COL_DATE:
		if (mo_date_parse(c->s, &day, &ignored))
			return bad_value(col, c, "a date such as 2026-11-20", e);
		v->i = day;
		return 0;
	case MO_COL_TIME:
		if (mo_time_parse(c->s, &minutes, &ignored))
			return bad_value(col, c, "a time such as 14:05", e);
		v->i = minutes * 60;
		return 0;
	default:
		if (parse_number(c->s, col->format != MO_COL_COUNT, &v->i))
			return bad_value(col, c, col->format == MO_COL_COUNT
					 ? "an integer" : "a number with at "
					 "most two decimals", e);
		return 0;
	}
}

/* ---- the driver ---- */

struct mo_report_out {
	const mo_report_spec *spec;
	mo_render *r;
	char group[256];
	bool in_group, totals;
	int64_t sub[MO_REPORT_COLS], tot[MO_REPORT_COLS];
	long rows;
};

static bool summed(const mo_report_spec *s, size_t i)
{
	mo_col_format f = s->meta.cols[i].format;
	return s->total && s->total[i] && (f == MO_COL_MONEY ||
		f == MO_COL_COUNT || f == MO_COL_TIME);
}

int mo_report_open(const mo_report_spec *spec, mo_render_format f,
		   FILE *out, const char *path, mo_report_out **o, mo_err *e)
{
	mo_report_out *r;
	int rc;
	*o = NULL;
	if (!spec || spec->meta.ncols == 0 || spec->meta.ncols > MO_REPORT_COLS ||
	    spec->group >= (int)spec->meta.ncols)
		return mo_err_set(e, MO_EINVAL, "report: 1 to %d columns and a "
				  "group among them are needed",
				  MO_REPORT_COLS);
	if (!(r = calloc(1, sizeof *r)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	r->spec = spec;
	for (size_t i = 0; i < spec->meta.ncols; i++)
		r->totals = r->totals || summed(spec, i);
	if ((rc = mo_render_open(f, out, path, &spec->meta, &r->r, e))) {
		free(r);
		return rc;
	}
	*o = r;
	return 0;
}

/* A SUBTOTAL or TOTAL row of sums. */
static int sums_row(mo_report_out *o, mo_row_kind kind, const char *label,
		    const int64_t *sums, mo_err *e)
{
	mo_render_value v[MO_REPORT_COLS];
	for (size_t i = 0; i < o->spec->meta.ncols; i++)
		v[i] = (mo_render_value){!summed(o->spec, i), sums[i], NULL};
	return mo_render_row(o->r, kind, label, v, e);
}

static int end_group(mo_report_out *o, mo_err *e)
{
	char label[300];
	if (!o->in_group || !o->totals)
		return 0;
	snprintf(label, sizeof label, "Subtotal %s", o->group);
	return sums_row(o, MO_ROW_SUBTOTAL, label, o->sub, e);
}

static int next_group(mo_report_out *o, const mo_render_value *values,
		      mo_err *e)
{
	const mo_report_spec *s = o->spec;
	char now[256];
	int rc;
	if (s->group < 0)
		return 0;
	mo_render_cell(s->meta.cols[s->group].format, &values[s->group], now,
		       sizeof now);
	if (o->in_group && !strcmp(now, o->group))
		return 0;
	if ((rc = end_group(o, e)))
		return rc;
	snprintf(o->group, sizeof o->group, "%s", now);
	o->in_group = true;
	memset(o->sub, 0, sizeof o->sub);
	return mo_render_row(o->r, MO_ROW_GROUP, o->group, values, e);
}

int mo_report_put(mo_report_out *o, const mo_render_value *values,
		  mo_err *e)
{
	int rc = next_group(o, values, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < o->spec->meta.ncols; i++)
		if (summed(o->spec, i) && !values[i].null) {
			o->sub[i] += values[i].i;
			o->tot[i] += values[i].i;
		}
	o->rows++;
	return mo_render_row(o->r, MO_ROW_DATA, NULL, values, e);
}

int mo_report_close(mo_report_out *o, long *rows, mo_err *e)
{
	int rc = end_group(o, e);
	if (!rc && o->totals)
		rc = sums_row(o, MO_ROW_TOTAL, "Total", o->tot, e);
	if (rc) {
		mo_report_abort(o);
		return rc;
	}
	if (rows)
		*rows = o->rows;
	rc = mo_render_close(o->r, e);
	free(o);
	return rc;
}

void mo_report_abort(mo_report_out *o)
{
	if (!o)
		return;
	mo_render_abort(o->r);
	free(o);
}
