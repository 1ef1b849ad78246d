/* render_html.c: the HTML format of render.h: one self-contained,
 * print-friendly file (no external URL, no script): the title, the
 * description, parameters and generation lines, then the table streamed
 * row by row (numbers right-aligned; a GROUP row a full-width heading
 * row, subtotals and totals bold; the header row repeated on printed
 * pages), then the charts as inline SVG (render_svg.c) drawn from the
 * data rows, of which each chart keeps at most MO_RENDER_CHART_POINTS
 * points. All text is escaped (& < > " '), control characters shown as
 * spaces. It uses render.c's helpers. */
#include "render_int.h"

#include <stdlib.h>
#include <string.h>

#define POINT_LIMIT ((int64_t)1 << 52) /* charted values are clamped */

static const char CSS[] =
	"body{font-family:system-ui,sans-serif;color:#222;margin:2em}\n"
	"h1{font-size:1.4em;margin:0 0 .3em}\n"
	"p{margin:.2em 0}\n"
	"p.params,p.generated{color:#555;font-size:.9em}\n"
	"table{border-collapse:collapse;margin-top:1em;font-size:.9em}\n"
	"th,td{padding:.2em .6em;text-align:left;vertical-align:top;"
	"border-bottom:1px solid #ddd}\n"
	"thead th{border-bottom:2px solid #444;background:#f2f2f2}\n"
	".num{text-align:right;white-space:nowrap;"
	"font-variant-numeric:tabular-nums}\n"
	".nw{white-space:nowrap}\n"
	"tr.group th{background:#eef2f7;padding-top:.8em}\n"
	"tr.subtotal td,tr.total td{font-weight:bold}\n"
	"tr.total td{border-top:2px solid #444}\n"
	"figure.chart{margin:2em 0;break-inside:avoid}\n"
	"figure.chart svg{max-width:100%;height:auto}\n"
	"@media print{body{margin:0;color:#000}"
	"thead th,tr.group th{background:none}"
	"thead{display:table-header-group}"
	"tr{break-inside:avoid}}\n";

/* The points one chart keeps. */
typedef struct cbuf {
	mo_render_point *p;
	size_t n, cap, seen;
} cbuf;

typedef struct hstate {
	cbuf *charts; /* one per meta chart */
} hstate;

void mo_render_html_put(FILE *out, const char *s)
{
	static const char special[] =
		"&<>\"'\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10"
		"\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
		"\x7f";
	while (*s) {
		size_t n = strcspn(s, special);
		fwrite(s, 1, n, out);
		s += n;
		switch (*s) {
		case '\0': return;
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: putc(' ', out); break;
		}
		s++;
	}
}

/* <p class="cls">prefix s</p> when s is not empty. */
static void put_para(FILE *out, const char *cls, const char *prefix,
		     const char *s)
{
	if (!s || !*s)
		return;
	fprintf(out, "<p class=\"%s\">%s", cls, prefix);
	mo_render_html_put(out, s);
	fputs("</p>\n", out);
}

static void put_head(FILE *out, const mo_render_meta *m)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n<title>",
	      out);
	mo_render_html_put(out, mo_render_heading(m));
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>",
		CSS);
	mo_render_html_put(out, mo_render_heading(m));
	fputs("</h1>\n", out);
	put_para(out, "description", "", m->description);
	put_para(out, "params", "", m->params);
	put_para(out, "generated", "Generated ", m->generated);
}

static void put_thead(FILE *out, const mo_render_meta *m)
{
	fputs("<table>\n<thead>\n<tr>", out);
	for (size_t k = 0; k < m->ncols; k++) {
		fputs(mo_render_is_number(m->cols[k].format)
			  ? "<th scope=\"col\" class=\"num\">"
			  : "<th scope=\"col\">",
		      out);
		mo_render_html_put(out, m->cols[k].label);
		fputs("</th>", out);
	}
	fputs("</tr>\n</thead>\n<tbody>\n", out);
}

static int html_open(mo_render *r, mo_err *e)
{
	hstate *h = calloc(1, sizeof *h);
	r->self = h;
	if (!h || (r->meta->ncharts &&
		   !(h->charts = calloc(r->meta->ncharts, sizeof *h->charts))))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	put_head(r->out, r->meta);
	put_thead(r->out, r->meta);
	return 0;
}

/* ---- rows ---- */

static void put_td(FILE *out, mo_col_format f, const mo_render_value *v,
		   const char *label)
{
	char num[MO_RENDER_NUM_MAX];
	bool number = mo_render_is_number(f) && !label;
	bool fixed = (f == MO_COL_DATE || f == MO_COL_TIME) && !label;
	fputs(number  ? "<td class=\"num\">"
	      : fixed ? "<td class=\"nw\">"
		      : "<td>",
	      out);
	if (label)
		mo_render_html_put(out, label);
	else if (f == MO_COL_TEXT && !mo_render_is_null(f, v))
		mo_render_html_put(out, v->s);
	else if (!mo_render_is_null(f, v))
		fputs(mo_render_num(f, v->i, MO_NUM_GROUP | MO_NUM_SIGN, num),
		      out);
	fputs("</td>", out);
}

static void put_tr(FILE *out, const mo_render_meta *m, mo_row_kind kind,
		   const char *label, const mo_render_value *v)
{
	const char *first = mo_render_first_label(kind, label);
	if (kind == MO_ROW_GROUP) {
		fprintf(out, "<tr class=\"group\"><th colspan=\"%zu\" "
			"scope=\"rowgroup\">",
			m->ncols);
		mo_render_html_put(out, label ? label : "");
		fputs("</th></tr>\n", out);
		return;
	}
	fputs(kind == MO_ROW_SUBTOTAL ? "<tr class=\"subtotal\">"
	      : kind == MO_ROW_TOTAL  ? "<tr class=\"total\">"
				      : "<tr>",
	      out);
	for (size_t k = 0; k < m->ncols; k++)
		put_td(out, m->cols[k].format, &v[k], k == 0 ? first : NULL);
	fputs("</tr>\n", out);
}

static int64_t clamp(int64_t v)
{
	return v > POINT_LIMIT ? POINT_LIMIT : v < -POINT_LIMIT ? -POINT_LIMIT
								 : v;
}

/* Keeps the row as a point of chart c, while there is room. */
static int keep_point(cbuf *b, const mo_render_meta *m,
		      const mo_render_chart *c, const mo_render_value *v)
{
	mo_render_point *p;
	b->seen++;
	if (b->n >= MO_RENDER_CHART_POINTS)
		return 0;
	if (mo_grow(&b->p, &b->cap, b->n + 1, sizeof *b->p))
		return MO_ENOMEM;
	p = &b->p[b->n++];
	memset(p, 0, sizeof *p);
	mo_render_cell(m->cols[c->x].format, &v[c->x], p->label,
		       sizeof p->label);
	for (size_t s = 0; s < c->ny; s++) {
		const mo_render_value *y = &v[c->y[s]];
		p->y[s] = y->null ? 0 : clamp(y->i);
	}
	return 0;
}

static int html_row(mo_render *r, mo_row_kind kind, const char *label,
		    const mo_render_value *v, mo_err *e)
{
	hstate *h = r->self;
	put_tr(r->out, r->meta, kind, label, v);
	for (size_t k = 0; kind == MO_ROW_DATA && k < r->meta->ncharts; k++)
		if (keep_point(&h->charts[k], r->meta, &r->meta->charts[k], v))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
	return 0;
}

/* ---- the end ---- */

static void html_abort(mo_render *r)
{
	hstate *h = r->self;
	if (!h)
		return;
	for (size_t k = 0; h->charts && k < r->meta->ncharts; k++)
		free(h->charts[k].p);
	free(h->charts);
	free(h);
	r->self = NULL;
}

static int html_close(mo_render *r, mo_err *e)
{
	hstate *h = r->self;
	(void)e;
	fputs("</tbody>\n</table>\n", r->out);
	for (size_t k = 0; k < r->meta->ncharts; k++)
		mo_render_svg(r->out, r->meta, &r->meta->charts[k],
			      h->charts[k].p, h->charts[k].n,
			      h->charts[k].seen);
	fputs("</body>\n</html>\n", r->out);
	html_abort(r);
	return 0;
}

const mo_render_ops mo_render_html_ops = {html_open, html_row, html_close,
					  html_abort};
