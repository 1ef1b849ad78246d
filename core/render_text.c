/* render_text.c: the terminal format of render.h. The title, description,
 * parameters and generation lines, then the headings, a rule and the rows
 * in aligned columns (money, counts and percentages right-aligned, the
 * rest left). Column widths are measured on the first MEASURE_ROWS rows,
 * which are kept (copied) until then; later rows stream with the same
 * widths. To fit the width asked for, the widest text columns are cut
 * with "..." (never numbers, dates or times; a later number wider than its
 * column is shown whole). A GROUP row prints its label on its own line, a
 * subtotal or total its label in the first column, a total after a rule.
 * Control characters show as spaces and invalid UTF-8 as '?'; a code
 * point counts as one column. It uses render.c's helpers. */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

#define MEASURE_ROWS 1000
#define MIN_TEXT 3     /* the narrowest a text column is cut to */
#define DEFAULT_WIDTH 100
#define SEP "  "

/* A row kept until the widths are known: one block with its values and
 * strings. */
typedef struct trow {
	mo_row_kind kind;
	const char *label;
	mo_render_value *v; /* NULL for a GROUP row */
} trow;

typedef struct text {
	size_t *w;      /* each column's width */
	trow **rows;    /* kept until measured */
	size_t nrows, cap;
	bool measured;
	bool began;     /* a row was printed (a blank line before groups) */
} text;

/* ---- characters ---- */

/* Columns s takes: one per code point or invalid byte. */
static size_t width_of(const char *s)
{
	size_t w = 0;
	for (; *s; w++) {
		size_t n = mo_render_utf8_next(s);
		s += n ? n : 1;
	}
	return w;
}

/* Writes at most max columns of s: control characters as spaces,
 * invalid bytes as '?'; returns the columns written. */
static size_t put_clean(FILE *out, const char *s, size_t max)
{
	size_t w = 0;
	for (; *s && w < max; w++) {
		size_t n = mo_render_utf8_next(s);
		unsigned char c = (unsigned char)*s;
		if (!n)
			putc('?', out);
		else if (c < 0x20 || c == 0x7f)
			putc(' ', out);
		else
			fwrite(s, 1, n, out);
		s += n ? n : 1;
	}
	return w;
}

static void put_spaces(FILE *out, size_t n)
{
	while (n--)
		putc(' ', out);
}

static void put_rule(FILE *out, size_t n)
{
	while (n--)
		putc('-', out);
	putc('\n', out);
}

/* s in a column w wide: cut with "..." when longer (unless whole: then
 * shown whole), right-aligned or left (no trailing spaces when last). */
static void put_cell(FILE *out, const char *s, size_t w, bool right,
		     bool whole, bool last)
{
	size_t dw = width_of(s), pad = dw < w ? w - dw : 0;
	if (dw > w && !whole) {
		put_clean(out, s, w > MIN_TEXT ? w - 3 : w);
		if (w > MIN_TEXT)
			fputs("...", out);
		return;
	}
	if (right)
		put_spaces(out, pad);
	put_clean(out, s, dw);
	if (!right && !last)
		put_spaces(out, pad);
}

/* ---- cells and widths ---- */

/* What column k of a row shows (num is the buffer for numbers). */
static const char *cell_text(const mo_render_meta *m, size_t k,
			     mo_row_kind kind, const char *label,
			     const mo_render_value *v,
			     char num[MO_RENDER_NUM_MAX])
{
	const char *first = mo_render_first_label(kind, label);
	mo_col_format f = m->cols[k].format;
	if (k == 0 && first)
		return first;
	if (mo_render_is_null(f, &v[k]))
		return "";
	if (f == MO_COL_TEXT)
		return v[k].s;
	return mo_render_num(f, v[k].i, MO_NUM_GROUP | MO_NUM_SIGN, num);
}

static size_t table_width(const text *t, size_t ncols)
{
	size_t total = (ncols - 1) * strlen(SEP);
	for (size_t k = 0; k < ncols; k++)
		total += t->w[k];
	return total;
}

static void measure(text *t, const mo_render_meta *m)
{
	char num[MO_RENDER_NUM_MAX];
	for (size_t k = 0; k < m->ncols; k++)
		t->w[k] = width_of(m->cols[k].label);
	for (size_t i = 0; i < t->nrows; i++) {
		const trow *row = t->rows[i];
		for (size_t k = 0; row->v && k < m->ncols; k++) {
			size_t w = width_of(cell_text(m, k, row->kind,
						      row->label, row->v, num));
			if (w > t->w[k])
				t->w[k] = w;
		}
	}
}

/* Cuts the widest text columns until the table fits width. */
static void fit(text *t, const mo_render_meta *m, size_t width)
{
	size_t total = table_width(t, m->ncols);
	while (total > width) {
		size_t best = m->ncols;
		for (size_t k = 0; k < m->ncols; k++)
			if (m->cols[k].format == MO_COL_TEXT &&
			    t->w[k] > MIN_TEXT &&
			    (best == m->ncols || t->w[k] > t->w[best]))
				best = k;
		if (best == m->ncols)
			break;
		t->w[best]--;
		total--;
	}
}

/* ---- rows ---- */

/* The cells up to the last one that shows something (no trailing
 * blanks), each in its column. */
static void print_cells(FILE *out, const text *t, const mo_render_meta *m,
			mo_row_kind kind, const char *label,
			const mo_render_value *v)
{
	char num[MO_RENDER_NUM_MAX];
	const char *first = mo_render_first_label(kind, label);
	size_t last = m->ncols - 1;
	while (last > 0 && !*cell_text(m, last, kind, label, v, num))
		last--;
	for (size_t k = 0; k <= last; k++) {
		bool labelled = k == 0 && first;
		mo_col_format f = m->cols[k].format;
		if (k)
			fputs(SEP, out);
		put_cell(out, cell_text(m, k, kind, label, v, num), t->w[k],
			 mo_render_is_number(f) && !labelled,
			 f != MO_COL_TEXT && !labelled, k == last);
	}
	putc('\n', out);
}

static void print_row(mo_render *r, mo_row_kind kind, const char *label,
		      const mo_render_value *v)
{
	text *t = r->self;
	if (kind == MO_ROW_GROUP) {
		if (t->began)
			putc('\n', r->out);
		put_clean(r->out, label ? label : "", SIZE_MAX);
		putc('\n', r->out);
	} else {
		if (kind == MO_ROW_TOTAL)
			put_rule(r->out, table_width(t, r->meta->ncols));
		print_cells(r->out, t, r->meta, kind, label, v);
	}
	t->began = true;
}

static void print_line(FILE *out, const char *s)
{
	if (s && *s) {
		put_clean(out, s, SIZE_MAX);
		putc('\n', out);
	}
}

static void print_head(mo_render *r)
{
	const mo_render_meta *m = r->meta;
	text *t = r->self;
	print_line(r->out, mo_render_heading(m));
	print_line(r->out, m->description);
	print_line(r->out, m->params);
	if (m->generated && *m->generated) {
		fputs("Generated ", r->out);
		print_line(r->out, m->generated);
	}
	putc('\n', r->out);
	for (size_t k = 0; k < m->ncols; k++) {
		if (k)
			fputs(SEP, r->out);
		put_cell(r->out, m->cols[k].label, t->w[k],
			 mo_render_is_number(m->cols[k].format), false,
			 k + 1 == m->ncols);
	}
	putc('\n', r->out);
	put_rule(r->out, table_width(t, m->ncols));
}

/* Measures the kept rows, prints the head and them, and frees them. */
static void start(mo_render *r)
{
	text *t = r->self;
	int width = r->meta->width > 0 ? r->meta->width : DEFAULT_WIDTH;
	measure(t, r->meta);
	fit(t, r->meta, (size_t)width);
	print_head(r);
	for (size_t i = 0; i < t->nrows; i++) {
		print_row(r, t->rows[i]->kind, t->rows[i]->label,
			  t->rows[i]->v);
		free(t->rows[i]);
	}
	free(t->rows);
	t->rows = NULL;
	t->nrows = t->cap = 0;
	t->measured = true;
}

/* Copies s to *p (advanced); returns the copy, NULL for NULL. */
static const char *stash(char **p, const char *s)
{
	char *d = *p;
	size_t n;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*p += n;
	return d;
}

/* A copy of a row in one block; caller frees it with free(). */
static trow *copy_row(const mo_render_meta *m, mo_row_kind kind,
		      const char *label, const mo_render_value *v)
{
	size_t n = v ? m->ncols : 0, size = sizeof(trow) + n * sizeof *v;
	trow *t;
	char *p;
	size += label ? strlen(label) + 1 : 0;
	for (size_t k = 0; k < n; k++)
		if (!mo_render_is_null(m->cols[k].format, &v[k]) &&
		    m->cols[k].format == MO_COL_TEXT)
			size += strlen(v[k].s) + 1;
	if (!(t = malloc(size)))
		return NULL;
	t->kind = kind;
	t->v = n ? (mo_render_value *)(t + 1) : NULL;
	p = (char *)(t + 1) + n * sizeof *v;
	t->label = stash(&p, label);
	for (size_t k = 0; k < n; k++) {
		bool null = mo_render_is_null(m->cols[k].format, &v[k]);
		t->v[k] = v[k];
		if (m->cols[k].format == MO_COL_TEXT)
			t->v[k].s = null ? NULL : stash(&p, v[k].s);
	}
	return t;
}

/* ---- operations ---- */

static int text_open(mo_render *r, mo_err *e)
{
	text *t = calloc(1, sizeof *t);
	r->self = t;
	if (!t || !(t->w = calloc(r->meta->ncols, sizeof *t->w)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	return 0;
}

static int text_row(mo_render *r, mo_row_kind kind, const char *label,
		    const mo_render_value *v, mo_err *e)
{
	text *t = r->self;
	trow *copy;
	if (t->measured) {
		print_row(r, kind, label, v);
		return 0;
	}
	if (mo_grow(&t->rows, &t->cap, t->nrows + 1, sizeof *t->rows) ||
	    !(copy = copy_row(r->meta, kind, label,
			      kind == MO_ROW_GROUP ? NULL : v)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	t->rows[t->nrows++] = copy;
	if (t->nrows == MEASURE_ROWS)
		start(r);
	return 0;
}

static void text_abort(mo_render *r)
{
	text *t = r->self;
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->rows);
	free(t->w);
	free(t);
	r->self = NULL;
}

static int text_close(mo_render *r, mo_err *e)
{
	text *t = r->self;
	(void)e;
	if (!t->measured)
		start(r);
	text_abort(r);
	return 0;
}

const mo_render_ops mo_render_text_ops = {text_open, text_row, text_close,
					  text_abort};
