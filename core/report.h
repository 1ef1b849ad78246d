/* report.h: running a report: the read-only query API over the practice
 * database and the driver that groups, subtotals and totals the rows as
 * they come and hands them to a renderer (render.h). A report's
 * definition (its columns, parameters, query or data function) is a Lua
 * policy (lua/medoffice/report.lua); this is what the core does with it.
 *
 * A query is one SELECT (or WITH ... SELECT) with named parameters
 * (:name) bound from facts. It is prepared under an SQLite authorizer
 * that allows reading the main database and nothing else: no write, no
 * ATTACH or DETACH, no PRAGMA, no reading another schema, no function
 * that could reach outside (load_extension is off anyway), and the
 * statement must be read-only (sqlite3_stmt_readonly). Rows are streamed
 * to the caller: nothing holds them all. Each query is an audited read
 * (action "report.run", the report's name and the parameters as facts),
 * so the job's permissions and the rules decide who may run which report.
 * It uses practice.h and render.h. */
#ifndef MO_REPORT_H
#define MO_REPORT_H

#include "practice.h"
#include "render.h"

#define MO_REPORT_COLS 32

/* One column of a query's row: the name and the value (NULL: null; an
 * integer, a real rounded to an integer, or text; text borrowed for the
 * call). */
typedef struct mo_report_cell {
	const char *name;
	bool null, is_int;
	int64_t i;
	const char *s; /* text (also set for integers: their decimal form) */
} mo_report_cell;

/* Called for each row (n cells); non-zero stops and is returned. */
typedef int (*mo_report_row_cb)(void *ud, const mo_report_cell *cells,
				size_t n);

/* Runs sql (read-only, see above) for report (its name, for the audit)
 * with params bound by name (":day" from the fact "day"; a string fact
 * whose s is NULL binds NULL, for a parameter not given; a parameter the
 * SQL names but the facts lack is an error naming it). order (optional,
 * "ORDER BY \"a\", \"b\" DESC") sorts the rows: the query is checked on
 * its own, then run as SELECT * FROM (sql) order. At most MO_REPORT_COLS
 * columns. */
int mo_report_query(mo_practice *p, const char *actor, const char *report,
		    const char *sql, const char *order, const mo_fact *params,
		    size_t n, mo_report_row_cb cb, void *ud, mo_err *e);

/* What to do with the rows of a report. */
typedef struct mo_report_spec {
	mo_render_meta meta;  /* the columns, charts, title... */
	int group;            /* the column whose value groups rows, or -1 */
	const bool *total;    /* per column: subtotal and total it (numeric
			       * columns only), or NULL */
} mo_report_spec;

typedef struct mo_report_out mo_report_out;

/* Starts the output of spec (borrowed until the close) in format f to
 * out or path (as mo_render_open). */
int mo_report_open(const mo_report_spec *spec, mo_render_format f,
		   FILE *out, const char *path, mo_report_out **o, mo_err *e);

/* One data row in the columns' order: a GROUP row before it when its
 * group's value changes (with the previous group's SUBTOTAL), its
 * numbers added to the subtotals and totals. Text values are borrowed
 * for the call. */
int mo_report_put(mo_report_out *o, const mo_render_value *values,
		  mo_err *e);

/* The last SUBTOTAL, the TOTAL (when a column is totalled) and the end
 * of the document; frees o. rows (optional) receives the data rows. */
int mo_report_close(mo_report_out *o, long *rows, mo_err *e);

/* Frees o without finishing (an XLSX file is removed). */
void mo_report_abort(mo_report_out *o);

/* A query's cell as column col's value (text: the text; money, count,
 * percent, time: the integer, or the text parsed as money, an integer,
 * a percent "12.5", a time "14:05"; date: the integer days or a date
 * "2026-11-20"); text borrows c's. MO_EINVAL naming the
 * column when the cell does not fit its format. */
int mo_report_value(const mo_render_col *col, const mo_report_cell *c,
		    mo_render_value *v, mo_err *e);

#endif
