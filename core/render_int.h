/* render_int.h: what the report renderers share inside core/ (not for
 * callers of render.h). It provides the handle every format hangs its
 * state on, the table of a format's operations (open, row, close, abort)
 * that render.c dispatches to, the formats' tables themselves, and the
 * helpers render.c implements once for all of them: numbers with or
 * without thousands separators, formula-like text, UTF-8 walking and
 * cutting, the label of a subtotal in the first column. It uses render.h.
 * The HTML escaper and the chart points are shared by render_html.c and
 * render_svg.c. */
#ifndef MO_RENDER_INT_H
#define MO_RENDER_INT_H

#include "render.h"

typedef struct mo_render_ops mo_render_ops;

struct mo_render {
	const mo_render_ops *ops;
	const mo_render_meta *meta; /* borrowed, checked by render.c */
	FILE *out;                  /* borrowed (NULL for XLSX) */
	const char *path;           /* borrowed (XLSX only) */
	void *self;                 /* the format's state, owned by it */
};

struct mo_render_ops {
	/* Sets r->self and writes the beginning. On failure render.c calls
	 * abort next, which must free a partly made state. */
	int (*open)(mo_render *r, mo_err *e);
	/* One row; values is NULL only for MO_ROW_GROUP. */
	int (*row)(mo_render *r, mo_row_kind kind, const char *label,
		   const mo_render_value *values, mo_err *e);
	/* Writes the end and frees r->self, even on error. */
	int (*close)(mo_render *r, mo_err *e);
	/* Frees r->self (NULL or partly made), writing nothing more. */
	void (*abort)(mo_render *r);
};

extern const mo_render_ops mo_render_text_ops;
extern const mo_render_ops mo_render_csv_ops;
extern const mo_render_ops mo_render_json_ops;
extern const mo_render_ops mo_render_html_ops;
extern const mo_render_ops mo_render_xlsx_ops;

/* ---- values ---- */

#define MO_NUM_GROUP 1u /* thousands separators in money, counts, percents */
#define MO_NUM_SIGN 2u  /* "%" after a percentage */
#define MO_RENDER_NUM_MAX 48

/* A non-text value (money, date, time, percent, count) into buf, with
 * integer arithmetic only; "" for MO_COL_TEXT. Returns buf. */
const char *mo_render_num(mo_col_format f, int64_t i, unsigned flags,
			  char buf[MO_RENDER_NUM_MAX]);

/* Money, counts and percentages: right-aligned, summed, charted. */
bool mo_render_is_number(mo_col_format f);

/* "text", "money", "date", "time", "percent", "count". */
const char *mo_render_col_format_name(mo_col_format f);

/* True when v shows nothing: null, or a text value without a string. */
bool mo_render_is_null(mo_col_format f, const mo_render_value *v);

/* True when a spreadsheet could take s for a formula: it begins with
 * = + - @, a tab or a carriage return. */
bool mo_render_formula_like(const char *s);

/* The label shown in the first column instead of its value: a
 * subtotal's or total's label (NULL for other rows or no label). */
const char *mo_render_first_label(mo_row_kind kind, const char *label);

/* The report's heading: its title, else its name, else "Report". */
const char *mo_render_heading(const mo_render_meta *m);

/* ---- UTF-8 ---- */

/* The length (1..4) of the valid UTF-8 code point s begins with, or 0
 * when s does not begin with one (a stray or truncated byte, an
 * overlong form, a surrogate). s is not at its NUL. */
size_t mo_render_utf8_next(const char *s);

/* The largest n <= max such that s's first n bytes do not end inside a
 * code point (s has at least max bytes, or its NUL before). */
size_t mo_render_utf8_cut(const char *s, size_t max);

/* A copy of s with each invalid byte replaced by U+FFFD, or NULL when out
 * of memory; caller frees with free(). */
char *mo_render_utf8_fix(const char *s);

/* ---- HTML (render_html.c) and its charts (render_svg.c) ---- */


#define MO_RENDER_POINT_LABEL 48

/* A chart's point: the x column's value as text (cut to fit), and the y
 * columns' values (null as 0). */
typedef struct mo_render_point {
	char label[MO_RENDER_POINT_LABEL];
	int64_t y[MO_CHART_SERIES];
} mo_render_point;

/* Writes chart c of m as a <figure class="chart"> holding an inline
 * <svg role="img">: n points (at most MO_RENDER_CHART_POINTS) of the
 * seen data rows. */
void mo_render_svg(FILE *out, const mo_render_meta *m,
		   const mo_render_chart *c, const mo_render_point *p,
		   size_t n, size_t seen);

#endif
