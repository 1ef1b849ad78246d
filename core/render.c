/* render.c: the report renderers' front (render.h): format names, the
 * check of a report's description, the dispatch of open, row, close and
 * abort to the format's operations (render_int.h), write errors, and the
 * helpers every format shares: cells as text (mo_render_cell), numbers
 * with integer arithmetic and thousands separators, formula-like text and
 * UTF-8 walking. It uses units.h for money and dates. */
#include "render_int.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

static const char *const FORMAT_NAMES[] = {"text", "csv", "json", "html",
					   "xlsx"};
static const mo_render_ops *const FORMAT_OPS[] = {
    &mo_render_text_ops, &mo_render_csv_ops, &mo_render_json_ops,
    &mo_render_html_ops, &mo_render_xlsx_ops};
#define NFORMATS (sizeof FORMAT_NAMES / sizeof *FORMAT_NAMES)

bool mo_render_format_parse(const char *s, mo_render_format *out)
{
	for (size_t k = 0; s && k < NFORMATS; k++) {
		if (strcmp(s, FORMAT_NAMES[k]) == 0) {
			if (out)
				*out = (mo_render_format)k;
			return true;
		}
	}
	return false;
}

const char *mo_render_format_name(mo_render_format f)
{
	return (unsigned)f < NFORMATS ? FORMAT_NAMES[f] : "unknown";
}

const char *mo_render_col_format_name(mo_col_format f)
{
	switch (f) {
	case MO_COL_TEXT: return "text";
	case MO_COL_MONEY: return "money";
	case MO_COL_DATE: return "date";
	case MO_COL_TIME: return "time";
	case MO_COL_PERCENT: return "percent";
	case MO_COL_COUNT: return "count";
	}
	return "unknown";
}

/* ---- the report's description ---- */

static int check_cols(const mo_render_meta *m, mo_err *e)
{
	if (m->ncols == 0 || !m->cols)
		return mo_err_set(e, MO_EINVAL, "a report needs columns");
	for (size_t k = 0; k < m->ncols; k++) {
		const mo_render_col *c = &m->cols[k];
		if (!c->key || !c->label)
			return mo_err_set(e, MO_EINVAL,
					  "column %zu: no key or label", k + 1);
		if ((unsigned)c->format > MO_COL_COUNT)
			return mo_err_set(e, MO_EINVAL,
					  "column %s: unknown format", c->key);
	}
	return 0;
}

static int check_chart(const mo_render_meta *m, const mo_render_chart *c,
		       mo_err *e)
{
	const char *t = c->title ? c->title : "";
	if ((unsigned)c->type > MO_CHART_PIE)
		return mo_err_set(e, MO_EINVAL, "chart \"%s\": unknown type",
				  t);
	if (c->x < 0 || (size_t)c->x >= m->ncols)
		return mo_err_set(e, MO_EINVAL,
				  "chart \"%s\": x is not a column", t);
	if (c->ny == 0 || c->ny > MO_CHART_SERIES ||
	    (c->type == MO_CHART_PIE && c->ny != 1))
		return mo_err_set(e, MO_EINVAL,
				  "chart \"%s\": expected 1 to %d y columns "
				  "(a pie: 1), got %zu",
				  t, MO_CHART_SERIES, c->ny);
	for (size_t k = 0; k < c->ny; k++) {
		if (c->y[k] < 0 || (size_t)c->y[k] >= m->ncols ||
		    !mo_render_is_number(m->cols[c->y[k]].format))
			return mo_err_set(e, MO_EINVAL,
					  "chart \"%s\": y %zu is not a money, "
					  "count or percent column",
					  t, k + 1);
	}
	return 0;
}

static int check_meta(const mo_render_meta *m, mo_err *e)
{
	int rc = check_cols(m, e);
	if (rc)
		return rc;
	if (m->ncharts && !m->charts)
		return mo_err_set(e, MO_EINVAL, "ncharts without charts");
	for (size_t k = 0; k < m->ncharts; k++)
		if ((rc = check_chart(m, &m->charts[k], e)))
			return rc;
	return 0;
}

/* ---- dispatch ---- */

int mo_render_open(mo_render_format f, FILE *out, const char *path,
		   const mo_render_meta *meta, mo_render **r, mo_err *e)
{
	mo_render *n;
	int rc;
	if (mo_fails_assert(r && meta))
		return mo_err_set(e, MO_EINVAL, "mo_render_open: no report");
	*r = NULL;
	if ((unsigned)f >= NFORMATS)
		return mo_err_set(e, MO_EINVAL, "unknown report format");
	if (f == MO_FMT_XLSX ? !path || !*path : !out)
		return mo_err_set(e, MO_EINVAL, "%s needs %s",
				  FORMAT_NAMES[f],
				  f == MO_FMT_XLSX ? "a file" : "a stream");
	if ((rc = check_meta(meta, e)))
		return rc;
	if (!(n = calloc(1, sizeof *n)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	n->ops = FORMAT_OPS[f];
	n->meta = meta;
	n->out = f == MO_FMT_XLSX ? NULL : out;
	n->path = path;
	if ((rc = n->ops->open(n, e))) {
		mo_render_abort(n);
		return rc;
	}
	*r = n;
	return 0;
}

static int write_failed(mo_err *e)
{
	return mo_err_set(e, MO_EIO,
			  "cannot write the report (disk full or output "
			  "closed?)");
}

int mo_render_row(mo_render *r, mo_row_kind kind, const char *label,
		  const mo_render_value *values, mo_err *e)
{
	int rc;
	if (mo_fails_assert(r))
		return mo_err_set(e, MO_EINVAL, "mo_render_row: no renderer");
	if ((unsigned)kind > MO_ROW_TOTAL)
		return mo_err_set(e, MO_EINVAL, "unknown row kind");
	if (!values && kind != MO_ROW_GROUP)
		return mo_err_set(e, MO_EINVAL, "a row without values");
	rc = r->ops->row(r, kind, label, values, e);
	if (!rc && r->out && ferror(r->out))
		rc = write_failed(e);
	return rc;
}

int mo_render_close(mo_render *r, mo_err *e)
{
	int rc;
	if (!r)
		return 0;
	rc = r->ops->close(r, e);
	if (r->out && (fflush(r->out) != 0 || ferror(r->out)) && !rc)
		rc = write_failed(e);
	free(r);
	return rc;
}

void mo_render_abort(mo_render *r)
{
	if (!r)
		return;
	r->ops->abort(r);
	free(r);
}

/* ---- values ---- */

bool mo_render_is_number(mo_col_format f)
{
	return f == MO_COL_MONEY || f == MO_COL_COUNT || f == MO_COL_PERCENT;
}

bool mo_render_is_null(mo_col_format f, const mo_render_value *v)
{
	return !v || v->null || (f == MO_COL_TEXT && !v->s);
}

bool mo_render_formula_like(const char *s)
{
	return s && *s && strchr("=+-@\t\r", *s);
}

const char *mo_render_first_label(mo_row_kind kind, const char *label)
{
	return kind == MO_ROW_SUBTOTAL || kind == MO_ROW_TOTAL ? label : NULL;
}

const char *mo_render_heading(const mo_render_meta *m)
{
	if (m->title && *m->title)
		return m->title;
	return m->name && *m->name ? m->name : "Report";
}

/* Copies the decimal number s ("-1234567.89") into buf with a comma
 * before each group of three digits of its integer part. */
static void group_digits(const char *s, char *buf, size_t size)
{
	size_t lead = *s == '-', digits = strspn(s + lead, "0123456789");
	size_t o = 0, end = lead + digits;
	for (size_t i = 0; s[i] && o + 2 < size; i++) {
		buf[o++] = s[i];
		if (i >= lead && i + 1 < end && (end - i - 1) % 3 == 0)
			buf[o++] = ',';
	}
	buf[o] = '\0';
}

/* The decimal digits of mag, written backwards to end at end (at least
 * min of them, zeros in front); returns where they begin. */
static char *digits_back(uint64_t mag, char *end, int min)
{
	do {
		*--end = (char)('0' + mag % 10);
		mag /= 10;
		min--;
	} while (mag || min > 0);
	return end;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
}

/* "-1234" in tmp (without snprintf: counts are most of a report). */
static const char *format_count(int64_t v, char tmp[32])
{
	char *p = digits_back(magnitude(v), tmp + 31, 1);
	tmp[31] = '\0';
	if (v < 0)
		*--p = '-';
	return p;
}

/* "14:05" (or "14:05:30" when the seconds are not zero). */
static const char *format_time(int64_t secs, char tmp[32])
{
	uint64_t mag = magnitude(secs);
	char *p = tmp + 31;
	*p = '\0';
	if (mag % 60) {
		p = digits_back(mag % 60, p, 2);
		*--p = ':';
	}
	p = digits_back(mag / 60 % 60, p, 2);
	*--p = ':';
	p = digits_back(mag / 3600, p, 2);
	if (secs < 0)
		*--p = '-';
	return p;
}

/* A date, a time, or the plain decimal text of a number, in tmp. */
static const char *plain_num(mo_col_format f, int64_t i, char tmp[32])
{
	switch (f) {
	case MO_COL_MONEY:
	case MO_COL_PERCENT: return mo_money_format(i, tmp);
	case MO_COL_COUNT: return format_count(i, tmp);
	case MO_COL_DATE:
		if (i < INT32_MIN || i > INT32_MAX)
			return "\?\?\?\?-\?\?-\?\?";
		return mo_date_format((int32_t)i, tmp);
	case MO_COL_TIME: return format_time(i, tmp);
	case MO_COL_TEXT: break;
	}
	return "";
}

const char *mo_render_num(mo_col_format f, int64_t i, unsigned flags,
			  char buf[MO_RENDER_NUM_MAX])
{
	char tmp[32];
	const char *s = plain_num(f, i, tmp);
	size_t n;
	if ((flags & MO_NUM_GROUP) && mo_render_is_number(f))
		group_digits(s, buf, MO_RENDER_NUM_MAX - 1);
	else
		memcpy(buf, s, strlen(s) + 1);
	n = strlen(buf);
	if ((flags & MO_NUM_SIGN) && f == MO_COL_PERCENT)
		memcpy(buf + n, "%", 2);
	return buf;
}

const char *mo_render_cell(mo_col_format f, const mo_render_value *v,
			   char *buf, size_t size)
{
	char num[MO_RENDER_NUM_MAX];
	const char *s;
	size_t n;
	if (!buf || !size)
		return "";
	if (mo_render_is_null(f, v))
		s = "";
	else if (f == MO_COL_TEXT)
		s = v->s;
	else
		s = mo_render_num(f, v->i, MO_NUM_GROUP | MO_NUM_SIGN, num);
	n = mo_render_utf8_cut(s, size - 1);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

/* ---- UTF-8 ---- */

size_t mo_render_utf8_next(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n;
	uint32_t c;
	if (u[0] < 0x80)
		return 1;
	if (u[0] < 0xc2 || u[0] > 0xf4)
		return 0;
	n = u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
	c = u[0] & (0x7fu >> n);
	for (size_t k = 1; k < n; k++) {
		if ((u[k] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (u[k] & 0x3fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff))
	    || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

size_t mo_render_utf8_cut(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max)
		return n;
	n = max;
	for (int k = 0; k < 3 && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80;
	     k++)
		n--;
	return n;
}

char *mo_render_utf8_fix(const char *s)
{
	char *out = malloc(strlen(s) * 3 + 1), *o = out;
	if (!out)
		return NULL;
	while (*s) {
		size_t n = mo_render_utf8_next(s);
		if (n) {
			memcpy(o, s, n);
			o += n;
			s += n;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			s++;
		}
	}
	*o = '\0';
	return out;
}
