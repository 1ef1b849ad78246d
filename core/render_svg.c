/* render_svg.c: the charts of the HTML format (render_html.c) as inline
 * SVG: bar, stacked bar, line and pie, each in a <figure class="chart">
 * with a caption (which says when rows were left out), the <svg>
 * role="img" with an aria-label and a <title>. Bars and lines have a y
 * axis with round ticks shown in the first series' format, x labels
 * (thinned when many), both axis titles and a legend of the series; a
 * pie has a legend of its slices with their values. Values are integers
 * of the column's unit: ticks are computed and printed with integer
 * arithmetic, only pixel positions are floating point. Every text is
 * escaped by mo_render_html_put. It uses render.c's helpers. */
#include "render_int.h"

#include <math.h>
#include <string.h>

#define WIDTH 720.0
#define PLOT_LEFT 90.0
#define PLOT_RIGHT 700.0
#define PLOT_TOP 20.0
#define PLOT_BOTTOM 280.0
#define LEGEND_TOP 372.0
#define ROW_H 18.0
#define CHAR_W 6.5     /* a character's width, roughly, at font-size 11 */
#define X_LABELS 20    /* at most this many x labels */
#define LABEL_CHARS 24 /* x labels and legend entries are cut to this */
#define PIE_R 140.0
#define PIE_ROWS 17    /* legend entries beside a pie */

static const char *const PALETTE[] = {"#4e79a7", "#f28e2b", "#e15759",
				      "#76b7b2", "#59a14f", "#edc948",
				      "#b07aa1", "#ff9da7"};

typedef struct plot {
	FILE *out;
	const mo_render_meta *m;
	const mo_render_chart *c;
	const mo_render_point *p;
	size_t n;
	int64_t lo, hi, step; /* the y axis, in the values' unit */
} plot;

/* ---- small writers ---- */

static mo_col_format series_format(const plot *pl, size_t s)
{
	return pl->m->cols[pl->c->y[s]].format;
}

static const char *series_label(const plot *pl, size_t s)
{
	return pl->m->cols[pl->c->y[s]].label;
}

static void put_value(FILE *out, mo_col_format f, int64_t v)
{
	char num[MO_RENDER_NUM_MAX];
	fputs(mo_render_num(f, v, MO_NUM_GROUP | MO_NUM_SIGN, num), out);
}

/* s escaped, cut to LABEL_CHARS code points with "...". */
static void put_short(FILE *out, const char *s)
{
	char buf[LABEL_CHARS * 4 + 4];
	size_t n = 0, chars = 0;
	while (s[n] && chars < LABEL_CHARS) {
		size_t k = mo_render_utf8_next(s + n);
		n += k ? k : 1;
		chars++;
	}
	memcpy(buf, s, n);
	memcpy(buf + n, s[n] ? "..." : "", s[n] ? 4 : 1);
	mo_render_html_put(out, buf);
}

static size_t short_chars(const char *s)
{
	size_t chars = 0;
	while (*s && chars < LABEL_CHARS) {
		size_t k = mo_render_utf8_next(s);
		s += k ? k : 1;
		chars++;
	}
	return chars + (*s ? 3 : 0);
}

/* A tooltip: <title>x: series value</title>. */
static void put_tip(const plot *pl, size_t i, size_t s, int64_t v)
{
	fputs("<title>", pl->out);
	mo_render_html_put(pl->out, pl->p[i].label);
	fputs(": ", pl->out);
	mo_render_html_put(pl->out, series_label(pl, s));
	putc(' ', pl->out);
	put_value(pl->out, series_format(pl, s), v);
	fputs("</title>", pl->out);
}

/* ---- the y axis ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && a < 0);
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a / b + (a % b != 0 && a > 0);
}

/* A round step (1, 2 or 5 times a power of ten) for about 5 ticks. */
static int64_t nice_step(int64_t span)
{
	int64_t raw = ceil_div(span, 5), mag = 1;
	while (mag <= raw / 10)
		mag *= 10;
	if (raw <= mag)
		return mag;
	if (raw <= 2 * mag)
		return 2 * mag;
	return raw <= 5 * mag ? 5 * mag : 10 * mag;
}

/* The lowest and highest values drawn (stacked: of the sums), with 0. */
static void value_range(plot *pl)
{
	pl->lo = pl->hi = 0;
	for (size_t i = 0; i < pl->n; i++) {
		int64_t pos = 0, neg = 0;
		for (size_t s = 0; s < pl->c->ny; s++) {
			int64_t v = pl->p[i].y[s];
			if (pl->c->type == MO_CHART_STACKED_BAR) {
				*(v > 0 ? &pos : &neg) += v;
				v = v > 0 ? pos : neg;
			}
			pl->lo = v < pl->lo ? v : pl->lo;
			pl->hi = v > pl->hi ? v : pl->hi;
		}
	}
	if (pl->hi == pl->lo)
		pl->hi = pl->lo + 1;
	pl->step = nice_step(pl->hi - pl->lo);
	pl->lo = floor_div(pl->lo, pl->step) * pl->step;
	pl->hi = ceil_div(pl->hi, pl->step) * pl->step;
}

static double ypx(const plot *pl, int64_t v)
{
	return PLOT_TOP + (double)(pl->hi - v) * (PLOT_BOTTOM - PLOT_TOP) /
				(double)(pl->hi - pl->lo);
}

static double band(const plot *pl)
{
	return (PLOT_RIGHT - PLOT_LEFT) / (double)pl->n;
}

static void y_title(const plot *pl)
{
	fprintf(pl->out, "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" "
		"transform=\"rotate(-90 14 %.1f)\">",
		(PLOT_TOP + PLOT_BOTTOM) / 2, (PLOT_TOP + PLOT_BOTTOM) / 2);
	for (size_t s = 0; s < pl->c->ny; s++) {
		if (s)
			fputs(", ", pl->out);
		mo_render_html_put(pl->out, series_label(pl, s));
	}
	fputs("</text>\n", pl->out);
}

static void y_axis(const plot *pl)
{
	fputs("<g class=\"y-axis\">\n", pl->out);
	for (int64_t t = pl->lo; t <= pl->hi; t += pl->step) {
		double y = ypx(pl, t);
		fprintf(pl->out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
			"y2=\"%.1f\" stroke=\"%s\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
			PLOT_LEFT, y, PLOT_RIGHT, y, t ? "#ddd" : "#444",
			PLOT_LEFT - 6, y + 4);
		put_value(pl->out, series_format(pl, 0), t);
		fputs("</text>\n", pl->out);
	}
	y_title(pl);
	fputs("</g>\n", pl->out);
}

static void x_axis(const plot *pl)
{
	size_t every = (pl->n + X_LABELS - 1) / X_LABELS;
	fputs("<g class=\"x-axis\">\n", pl->out);
	for (size_t i = 0; i < pl->n; i += every) {
		double x = PLOT_LEFT + band(pl) * ((double)i + 0.5);
		double y = PLOT_BOTTOM + 14;
		fprintf(pl->out, "<text x=\"%.1f\" y=\"%.1f\" "
			"text-anchor=\"end\" transform=\"rotate(-40 %.1f "
			"%.1f)\">",
			x, y, x, y);
		put_short(pl->out, pl->p[i].label);
		fputs("</text>\n", pl->out);
	}
	fprintf(pl->out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
		(PLOT_LEFT + PLOT_RIGHT) / 2, LEGEND_TOP - 20);
	mo_render_html_put(pl->out, pl->m->cols[pl->c->x].label);
	fputs("</text>\n</g>\n", pl->out);
}

/* ---- the legend of the series ---- */

/* Lays out (and draws when out) the legend; returns its rows. */
static int legend(const plot *pl, FILE *out)
{
	double x = PLOT_LEFT;
	int rows = 1;
	for (size_t s = 0; s < pl->c->ny; s++) {
		const char *label = series_label(pl, s);
		double w = 18 + CHAR_W * (double)short_chars(label) + 14;
		if (x + w > WIDTH && x > PLOT_LEFT) {
			x = PLOT_LEFT;
			rows++;
		}
		if (out) {
			double y = LEGEND_TOP + ROW_H * (rows - 1);
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" "
				"height=\"10\" fill=\"%s\"/><text x=\"%.1f\" "
				"y=\"%.1f\">",
				x, y, PALETTE[s], x + 14, y + 9);
			put_short(out, label);
			fputs("</text>\n", out);
		}
		x += w;
	}
	return rows;
}

/* ---- bars and lines ---- */

static void put_rect(const plot *pl, double x, double w, int64_t from,
		     int64_t to, size_t s)
{
	double y0 = ypx(pl, from), y1 = ypx(pl, to);
	fprintf(pl->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		"height=\"%.1f\" fill=\"%s\">",
		x, y0 < y1 ? y0 : y1, w, fabs(y1 - y0), PALETTE[s]);
}

static void bars(const plot *pl)
{
	double b = band(pl), w = b * 0.8 / (double)pl->c->ny;
	for (size_t i = 0; i < pl->n; i++) {
		for (size_t s = 0; s < pl->c->ny; s++) {
			int64_t v = pl->p[i].y[s];
			put_rect(pl, PLOT_LEFT + b * ((double)i + 0.1) +
					 w * (double)s,
				 w, 0, v, s);
			put_tip(pl, i, s, v);
			fputs("</rect>\n", pl->out);
		}
	}
}

static void stacked(const plot *pl)
{
	double b = band(pl);
	for (size_t i = 0; i < pl->n; i++) {
		int64_t pos = 0, neg = 0;
		for (size_t s = 0; s < pl->c->ny; s++) {
			int64_t v = pl->p[i].y[s], *base = v > 0 ? &pos : &neg;
			put_rect(pl, PLOT_LEFT + b * ((double)i + 0.15),
				 b * 0.7, *base, *base + v, s);
			*base += v;
			put_tip(pl, i, s, v);
			fputs("</rect>\n", pl->out);
		}
	}
}

static void lines(const plot *pl)
{
	double b = band(pl);
	for (size_t s = 0; s < pl->c->ny; s++) {
		fprintf(pl->out, "<polyline fill=\"none\" stroke=\"%s\" "
			"stroke-width=\"2\" points=\"",
			PALETTE[s]);
		for (size_t i = 0; i < pl->n; i++)
			fprintf(pl->out, "%s%.1f,%.1f", i ? " " : "",
				PLOT_LEFT + b * ((double)i + 0.5),
				ypx(pl, pl->p[i].y[s]));
		fputs("\"/>\n", pl->out);
		for (size_t i = 0; i < pl->n; i++) {
			fprintf(pl->out, "<circle cx=\"%.1f\" cy=\"%.1f\" "
				"r=\"2.5\" fill=\"%s\">",
				PLOT_LEFT + b * ((double)i + 0.5),
				ypx(pl, pl->p[i].y[s]), PALETTE[s]);
			put_tip(pl, i, s, pl->p[i].y[s]);
			fputs("</circle>\n", pl->out);
		}
	}
}

/* ---- pie ---- */

static void pie_slice(const plot *pl, size_t i, double a0, double a1,
		      size_t colour)
{
	double cx = PIE_R + 40, cy = PIE_R + 20;
	if (a1 - a0 > 2 * M_PI - 1e-9)
		fprintf(pl->out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" "
			"fill=\"%s\">",
			cx, cy, PIE_R, PALETTE[colour % 8]);
	else
		fprintf(pl->out, "<path d=\"M%.1f %.1fL%.1f %.1fA%.1f %.1f 0 "
			"%d 1 %.1f %.1fZ\" fill=\"%s\">",
			cx, cy, cx + PIE_R * sin(a0), cy - PIE_R * cos(a0),
			PIE_R, PIE_R, a1 - a0 > M_PI, cx + PIE_R * sin(a1),
			cy - PIE_R * cos(a1), PALETTE[colour % 8]);
	put_tip(pl, i, 0, pl->p[i].y[0]);
	fputs(a1 - a0 > 2 * M_PI - 1e-9 ? "</circle>\n" : "</path>\n", pl->out);
}

static void pie_legend(const plot *pl, size_t i, size_t row)
{
	double x = 2 * PIE_R + 100, y = 20 + ROW_H * (double)row;
	fprintf(pl->out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" "
		"height=\"10\" fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">",
		x, y, PALETTE[row % 8], x + 14, y + 9);
	put_short(pl->out, pl->p[i].label);
	fputs(": ", pl->out);
	put_value(pl->out, series_format(pl, 0), pl->p[i].y[0]);
	fputs("</text>\n", pl->out);
}

/* Slices of the positive values (the others are left out), clockwise
 * from the top; the legend names the first PIE_ROWS of them. */
static void pie(const plot *pl)
{
	double total = 0, a = 0;
	size_t slice = 0;
	for (size_t i = 0; i < pl->n; i++)
		total += pl->p[i].y[0] > 0 ? (double)pl->p[i].y[0] : 0;
	for (size_t i = 0; i < pl->n && total > 0; i++) {
		double d = 2 * M_PI * (double)pl->p[i].y[0] / total;
		if (pl->p[i].y[0] <= 0)
			continue;
		pie_slice(pl, i, a, a + d, slice);
		if (slice < PIE_ROWS)
			pie_legend(pl, i, slice);
		a += d;
		slice++;
	}
	if (slice == 0)
		fputs("<text x=\"180\" y=\"100\" text-anchor=\"middle\">No "
		      "positive values</text>\n", pl->out);
	if (slice > PIE_ROWS)
		fprintf(pl->out, "<text x=\"%.1f\" y=\"%.1f\">and %zu more"
			"</text>\n",
			2 * PIE_R + 100, 29 + ROW_H * PIE_ROWS,
			slice - PIE_ROWS);
}

/* ---- the figure ---- */

static const char *type_name(mo_chart_type t)
{
	switch (t) {
	case MO_CHART_BAR: return "Bar chart";
	case MO_CHART_STACKED_BAR: return "Stacked bar chart";
	case MO_CHART_LINE: return "Line chart";
	case MO_CHART_PIE: return "Pie chart";
	}
	return "Chart";
}

static void open_figure(const plot *pl, double height)
{
	const char *title = pl->c->title ? pl->c->title : "";
	fprintf(pl->out, "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3"
		".org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" "
		"height=\"%.0f\" role=\"img\" aria-label=\"%s: ",
		WIDTH, height, WIDTH, height, type_name(pl->c->type));
	mo_render_html_put(pl->out, title);
	fputs("\" font-family=\"sans-serif\" font-size=\"11\">\n<title>",
	      pl->out);
	mo_render_html_put(pl->out, title);
	fputs("</title>\n", pl->out);
}

static void close_figure(const plot *pl, size_t seen)
{
	fputs("</svg>\n<figcaption>", pl->out);
	mo_render_html_put(pl->out, pl->c->title ? pl->c->title : "");
	if (seen > pl->n)
		fprintf(pl->out, " (the first %zu of %zu rows; the other %zu "
			"are left out)",
			pl->n, seen, seen - pl->n);
	fputs("</figcaption>\n</figure>\n", pl->out);
}

void mo_render_svg(FILE *out, const mo_render_meta *m,
		   const mo_render_chart *c, const mo_render_point *p,
		   size_t n, size_t seen)
{
	plot pl = {out, m, c, p, n, 0, 0, 1};
	bool is_pie = c->type == MO_CHART_PIE;
	int rows = is_pie ? 0 : legend(&pl, NULL);
	open_figure(&pl, is_pie ? 2 * PIE_R + 40
				: LEGEND_TOP + ROW_H * rows);
	if (n == 0)
		fputs("<text x=\"360\" y=\"100\" text-anchor=\"middle\">"
		      "No data</text>\n", out);
	else if (is_pie)
		pie(&pl);
	else {
		value_range(&pl);
		y_axis(&pl);
		if (c->type == MO_CHART_BAR)
			bars(&pl);
		else if (c->type == MO_CHART_STACKED_BAR)
			stacked(&pl);
		else
			lines(&pl);
		x_axis(&pl);
		legend(&pl, out);
	}
	close_figure(&pl, seen);
}
