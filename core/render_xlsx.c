/* render_xlsx.c: the XLSX format of render.h, through libxlsxwriter in
 * constant-memory mode (each row goes to a temporary file as it is
 * written, so memory stays flat). One worksheet named from the title
 * (cut to Excel's 31 characters, without [ ] : * ? / \), a bold header row
 * frozen in place, then the rows: money, counts, percentages, dates and
 * times as numbers with number formats ("#,##0.00", "#,##0", "0.00%",
 * "yyyy-mm-dd", "hh:mm") so that a spreadsheet can sum and sort them;
 * text as string cells, which a spreadsheet never evaluates, so that
 * formula-like text needs (and gets) no apostrophe. A GROUP row puts its
 * label in the first column; subtotals and totals are bold, their label
 * in the first column. The title, description and parameters go in the
 * document's properties. The workbook is written beside the path (with a
 * mkstemp suffix, readable by its owner only) and renamed over it at the
 * end, so that a failed or aborted report leaves no file and does not
 * replace an older one. It uses libxlsxwriter (loaded on first use:
 * xlsx_lib.h) and render.c's helpers. */
#define _GNU_SOURCE
#include "render_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "units.h"
#include "xlsx_lib.h"

#define NFORMATS (MO_COL_COUNT + 1)
#define EXCEL_EPOCH 25569 /* 1970-01-01 as an Excel serial day */
#define MAX_WIDTH 60.0
#define MAX_STRING 32767 /* Excel's longest cell text, in characters */

typedef struct xstate {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *plain[NFORMATS], *bold[NFORMATS], *head;
	lxw_row_t row;
	char *tmp; /* the file being written, renamed to the path at the end */
} xstate;

static const char *const NUM_FORMATS[NFORMATS] = {
    [MO_COL_TEXT] = NULL,         [MO_COL_MONEY] = "#,##0.00",
    [MO_COL_DATE] = "yyyy-mm-dd", [MO_COL_TIME] = "hh:mm",
    [MO_COL_PERCENT] = "0.00%",   [MO_COL_COUNT] = "#,##0"};

static int lxw_failed(mo_err *e, const char *what, lxw_error err)
{
	return mo_err_set(e, err == LXW_ERROR_MEMORY_MALLOC_FAILED ? MO_ENOMEM
								   : MO_EIO,
			  "XLSX: %s: %s", what, lxw_strerror(err));
}

/* ---- the sheet's name and the workbook's properties ---- */

/* Appends one code point of s (n bytes) to out as Excel allows it. */
static size_t sheet_char(const char *s, size_t n, char *out)
{
	unsigned char c = (unsigned char)*s;
	if (n == 0 || (n == 1 && strchr("[]:*?/\\", c)))
		return (void)(*out = '-'), 1;
	if (n == 1 && (c < 0x20 || c == 0x7f))
		return (void)(*out = ' '), 1;
	memcpy(out, s, n);
	return n;
}

/* The worksheet's name from the title, in out; "Report" if none fits. */
static void sheet_name(lxw_workbook *wb, const char *title,
		       char out[LXW_SHEETNAME_MAX * 4 + 1])
{
	size_t o = 0, start = 0;
	for (int chars = 0; *title && chars < LXW_SHEETNAME_MAX; chars++) {
		size_t n = mo_render_utf8_next(title);
		o += sheet_char(title, n, out + o);
		title += n ? n : 1;
	}
	while (o > 0 && (out[o - 1] == '\'' || out[o - 1] == ' '))
		o--;
	out[o] = '\0';
	while (out[start] == '\'' || out[start] == ' ')
		start++;
	memmove(out, out + start, o - start + 1);
	if (!*out || workbook_validate_sheet_name(wb, out) != LXW_NO_ERROR)
		strcpy(out, "Report");
}

static lxw_error set_properties(lxw_workbook *wb, const mo_render_meta *m)
{
	const char *params = m->params ? m->params : "";
	const char *gen = m->generated ? m->generated : "";
	char *comments = mo_sprintf("%s%s%s%s", params,
				    *params && *gen ? "\n" : "",
				    *gen ? "Generated " : "", gen);
	lxw_doc_properties p = {
	    .title = (char *)mo_render_heading(m),
	    .subject = (char *)m->description,
	    .category = (char *)m->name,
	    .comments = comments && *comments ? comments : NULL,
	};
	lxw_error err = comments ? workbook_set_properties(wb, &p)
				 : LXW_ERROR_MEMORY_MALLOC_FAILED;
	free(comments);
	return err;
}

/* ---- formats and the header ---- */

static lxw_format *new_format(lxw_workbook *wb, mo_col_format f, bool bold)
{
	lxw_format *x = workbook_add_format(wb);
	if (x && NUM_FORMATS[f])
		format_set_num_format(x, NUM_FORMATS[f]);
	if (x && bold)
		format_set_bold(x);
	return x;
}

static int make_formats(xstate *x)
{
	for (int f = 0; f < NFORMATS; f++) {
		x->plain[f] = NUM_FORMATS[f] ? new_format(x->wb, f, false)
					     : NULL;
		x->bold[f] = new_format(x->wb, f, true);
		if ((NUM_FORMATS[f] && !x->plain[f]) || !x->bold[f])
			return MO_ENOMEM;
	}
	if (!(x->head = new_format(x->wb, MO_COL_TEXT, true)))
		return MO_ENOMEM;
	format_set_bottom(x->head, LXW_BORDER_THIN);
	return 0;
}

/* A column's width in characters: its heading's, at least its values'
 * usual width. */
static double col_width(const mo_render_col *c)
{
	static const double usual[NFORMATS] = {
	    [MO_COL_TEXT] = 20, [MO_COL_MONEY] = 14, [MO_COL_DATE] = 11,
	    [MO_COL_TIME] = 7,  [MO_COL_PERCENT] = 9, [MO_COL_COUNT] = 9};
	double w = (double)mo_utf8_chars(c->label) + 2;
	w = w < usual[c->format] ? usual[c->format] : w;
	return w > MAX_WIDTH ? MAX_WIDTH : w;
}

/* A string Excel takes: valid UTF-8, at most MAX_STRING bytes; s
 * itself, or a copy in *owned (caller frees). NULL when out of memory. */
static const char *excel_text(const char *s, char **owned)
{
	const char *p = s;
	size_t n;
	*owned = NULL;
	while (*p && (n = mo_render_utf8_next(p)))
		p += n;
	if (*p && !(s = *owned = mo_render_utf8_fix(s)))
		return NULL;
	n = mo_render_utf8_cut(s, MAX_STRING);
	if (!s[n])
		return s;
	p = mo_strndup(s, n);
	free(*owned);
	return *owned = (char *)p;
}

static lxw_error put_text(xstate *x, lxw_col_t col, const char *s,
			  lxw_format *f)
{
	char *owned;
	const char *t = excel_text(s, &owned);
	lxw_error err = t ? worksheet_write_string(x->ws, x->row, col, t, f)
			  : LXW_ERROR_MEMORY_MALLOC_FAILED;
	free(owned);
	return err;
}

static lxw_error put_header(xstate *x, const mo_render_meta *m)
{
	lxw_error err = LXW_NO_ERROR;
	for (size_t k = 0; k < m->ncols && !err; k++) {
		err = worksheet_set_column(x->ws, (lxw_col_t)k, (lxw_col_t)k,
					   col_width(&m->cols[k]), NULL);
		err = err ? err : put_text(x, (lxw_col_t)k, m->cols[k].label,
					   x->head);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
	return err;
}

/* ---- opening ---- */

/* Reserves the temporary file beside path. */
static int make_tmp(xstate *x, const char *path, mo_err *e)
{
	int fd;
	if (!(x->tmp = mo_sprintf("%s.XXXXXX", path)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((fd = mkstemp(x->tmp)) < 0) {
		free(x->tmp);
		x->tmp = NULL;
		return mo_err_set(e, MO_EIO, "cannot write %s: %s", path,
				  strerror(errno));
	}
	close(fd);
	return 0;
}

static int xlsx_open(mo_render *r, mo_err *e)
{
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	char name[LXW_SHEETNAME_MAX * 4 + 1];
	xstate *x = calloc(1, sizeof *x);
	lxw_error err;
	int rc;
	if (!(r->self = x))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = mo_xlsxlib_load(e)) || (rc = make_tmp(x, r->path, e)))
		return rc;
	if (!(x->wb = workbook_new_opt(x->tmp, &opt)))
		return mo_err_set(e, MO_EIO, "XLSX: cannot start a workbook");
	sheet_name(x->wb, mo_render_heading(r->meta), name);
	if (!(x->ws = workbook_add_worksheet(x->wb, name)) ||
	    make_formats(x))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((err = set_properties(x->wb, r->meta)) ||
	    (err = put_header(x, r->meta)))
		return lxw_failed(e, "the header", err);
	return 0;
}

/* ---- rows ---- */

static double excel_number(mo_col_format f, int64_t i)
{
	switch (f) {
	case MO_COL_MONEY: return (double)i / 100.0;
	case MO_COL_PERCENT: return (double)i / 10000.0;
	case MO_COL_DATE: return (double)(i + EXCEL_EPOCH);
	case MO_COL_TIME: return (double)i / 86400.0;
	case MO_COL_COUNT:
	case MO_COL_TEXT: break;
	}
	return (double)i;
}

static lxw_error put_value(xstate *x, lxw_col_t col, mo_col_format f,
			   const mo_render_value *v, bool bold)
{
	lxw_format *fmt = bold ? x->bold[f] : x->plain[f];
	if (mo_render_is_null(f, v))
		return LXW_NO_ERROR;
	if (f == MO_COL_TEXT)
		return put_text(x, col, v->s, fmt);
	return worksheet_write_number(x->ws, x->row, col,
				      excel_number(f, v->i), fmt);
}

static lxw_error put_row(xstate *x, const mo_render_meta *m,
			 mo_row_kind kind, const char *label,
			 const mo_render_value *v)
{
	const char *first = mo_render_first_label(kind, label);
	bool bold = kind != MO_ROW_DATA;
	lxw_error err = LXW_NO_ERROR;
	if (kind == MO_ROW_GROUP)
		return label ? put_text(x, 0, label, x->bold[MO_COL_TEXT])
			     : LXW_NO_ERROR;
	for (size_t k = 0; k < m->ncols && !err; k++)
		err = k == 0 && first
			  ? put_text(x, 0, first, x->bold[MO_COL_TEXT])
			  : put_value(x, (lxw_col_t)k, m->cols[k].format,
				      &v[k], bold);
	return err;
}

static int xlsx_row(mo_render *r, mo_row_kind kind, const char *label,
		    const mo_render_value *v, mo_err *e)
{
	xstate *x = r->self;
	lxw_error err;
	if (x->row >= LXW_ROW_MAX)
		return mo_err_set(e, MO_EINVAL,
				  "XLSX: a worksheet holds at most %d rows",
				  LXW_ROW_MAX);
	if ((err = put_row(x, r->meta, kind, label, v)))
		return lxw_failed(e, "a row", err);
	x->row++;
	return 0;
}

/* ---- the end ---- */

static void xlsx_abort(mo_render *r)
{
	xstate *x = r->self;
	if (!x)
		return;
	if (x->wb)
		workbook_close(x->wb); /* the only way to free it all */
	if (x->tmp)
		remove(x->tmp);
	free(x->tmp);
	free(x);
	r->self = NULL;
}

static int xlsx_close(mo_render *r, mo_err *e)
{
	xstate *x = r->self;
	lxw_error err = workbook_close(x->wb);
	int rc = 0;
	x->wb = NULL;
	if (err)
		rc = lxw_failed(e, r->path, err);
	else if (rename(x->tmp, r->path) != 0)
		rc = mo_err_set(e, MO_EIO, "cannot write %s: %s", r->path,
				strerror(errno));
	else {
		free(x->tmp);
		x->tmp = NULL;
	}
	xlsx_abort(r);
	return rc;
}

const mo_render_ops mo_render_xlsx_ops = {xlsx_open, xlsx_row, xlsx_close,
					  xlsx_abort};
