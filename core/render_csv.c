/* render_csv.c: the CSV format of render.h (RFC 4180): CRLF line ends,
 * the headings on the first line, a field quoted when it holds a comma,
 * a quote, CR or LF (quotes doubled). Text that a spreadsheet could take
 * for a formula (= + - @ tab CR first) gets a leading apostrophe; numbers
 * we format ourselves never do ("-12.50" is a number), and carry no
 * thousands separators so that spreadsheets parse them. GROUP rows are
 * skipped; a subtotal's or total's label goes in the first column. It
 * keeps no state and uses render.c's helpers. */
#define _GNU_SOURCE
#include "render_int.h"

#include <string.h>

/* A text field, neutralised and quoted as needed. */
static void put_text(FILE *out, const char *s)
{
	bool quote = s[strcspn(s, ",\"\r\n")] != '\0';
	if (quote)
		putc_unlocked('"', out);
	if (mo_render_formula_like(s))
		putc_unlocked('\'', out);
	while (quote && *s) {
		size_t n = strcspn(s, "\"");
		fwrite_unlocked(s, 1, n, out);
		s += n;
		if (*s) {
			fwrite_unlocked("\"\"", 1, 2, out);
			s++;
		}
	}
	if (quote)
		putc_unlocked('"', out);
	else
		fputs_unlocked(s, out);
}

static void put_value(FILE *out, mo_col_format f, const mo_render_value *v)
{
	char num[MO_RENDER_NUM_MAX];
	if (mo_render_is_null(f, v))
		return;
	if (f == MO_COL_TEXT)
		put_text(out, v->s);
	else
		fputs_unlocked(mo_render_num(f, v->i, MO_NUM_SIGN, num), out);
}

static int csv_open(mo_render *r, mo_err *e)
{
	const mo_render_meta *m = r->meta;
	(void)e;
	flockfile(r->out);
	for (size_t k = 0; k < m->ncols; k++) {
		if (k)
			putc_unlocked(',', r->out);
		put_text(r->out, m->cols[k].label);
	}
	fwrite_unlocked("\r\n", 1, 2, r->out);
	funlockfile(r->out);
	return 0;
}

static int csv_row(mo_render *r, mo_row_kind kind, const char *label,
		   const mo_render_value *v, mo_err *e)
{
	const mo_render_meta *m = r->meta;
	const char *first = mo_render_first_label(kind, label);
	(void)e;
	if (kind == MO_ROW_GROUP)
		return 0;
	flockfile(r->out);
	for (size_t k = 0; k < m->ncols; k++) {
		if (k)
			putc_unlocked(',', r->out);
		if (k == 0 && first)
			put_text(r->out, first);
		else
			put_value(r->out, m->cols[k].format, &v[k]);
	}
	fwrite_unlocked("\r\n", 1, 2, r->out);
	funlockfile(r->out);
	return 0;
}

static int csv_close(mo_render *r, mo_err *e)
{
	(void)r;
	(void)e;
	return 0;
}

static void csv_abort(mo_render *r)
{
	(void)r;
}

const mo_render_ops mo_render_csv_ops = {csv_open, csv_row, csv_close,
					 csv_abort};
