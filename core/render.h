/* render.h: a report's rows rendered as they come, in one of five
 * formats: terminal text (aligned, money right-aligned, fitted to a
 * width), CSV (RFC 4180), JSON (through jansson), HTML (one
 * self-contained, print-friendly file with the charts as inline SVG) and
 * XLSX (through libxlsxwriter, with number formats for money, dates and
 * percentages so that a spreadsheet can sum them). Rows are streamed:
 * memory does not grow with their number (text measures its columns on
 * the first 1,000 rows; charts keep at most MO_RENDER_CHART_POINTS
 * points; JSON keeps its subtotals in a temporary file until the end).
 * Every format neutralises what a reader could take for markup or a
 * formula: CSV text cells that begin with = + - @ (or a tab or carriage
 * return) are prefixed with an apostrophe (numbers we format are not:
 * "-12.50" stays a number); XLSX writes text as string cells, which a
 * spreadsheet never evaluates, so it needs no apostrophe; HTML is
 * escaped; JSON and text keep the text as it is (text shows control
 * characters as spaces). The formats' rules are in README.md, "Output
 * formats", and at the top of each core/render_*.c. It uses jansson and
 * libxlsxwriter; nothing of the practice. */
#ifndef MO_RENDER_H
#define MO_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mo.h"

#define MO_RENDER_CHART_POINTS 500

typedef enum {
	MO_FMT_TEXT,
	MO_FMT_CSV,
	MO_FMT_JSON,
	MO_FMT_HTML,
	MO_FMT_XLSX,
} mo_render_format;

/* "text", "csv", "json", "html", "xlsx" into *out; false when none. */
bool mo_render_format_parse(const char *s, mo_render_format *out);
const char *mo_render_format_name(mo_render_format f);

/* How a column's values are shown (and typed in JSON and XLSX). */
typedef enum {
	MO_COL_TEXT,    /* s */
	MO_COL_MONEY,   /* i: cents ("1,234.56"; JSON a string "1234.56") */
	MO_COL_DATE,    /* i: days since 1970-01-01 ("2026-11-20") */
	MO_COL_TIME,    /* i: seconds since midnight ("14:05"; "14:05:30"
			 * when the seconds are not zero) */
	MO_COL_PERCENT, /* i: hundredths of a percent ("12.50%") */
	MO_COL_COUNT,   /* i: an integer ("1,234") */
} mo_col_format;

typedef struct mo_render_col {
	const char *key;   /* the row's field */
	const char *label; /* the column's heading */
	mo_col_format format;
} mo_render_col;

typedef enum {
	MO_CHART_BAR,
	MO_CHART_STACKED_BAR,
	MO_CHART_LINE,
	MO_CHART_PIE,
} mo_chart_type;

#define MO_CHART_SERIES 8

/* A chart of the data rows: x a column index (its values label the
 * points), y the indexes of the numeric columns drawn (pie: one). */
typedef struct mo_render_chart {
	mo_chart_type type;
	const char *title;
	int x;
	int y[MO_CHART_SERIES];
	size_t ny;
} mo_render_chart;

/* What the report is; strings are borrowed until mo_render_close(). */
typedef struct mo_render_meta {
	const char *name, *title, *description;
	const char *params;    /* one line: "day 2026-11-20, provider drlee" */
	const char *generated; /* "2026-11-23 09:00 by maria" */
	const mo_render_col *cols;
	size_t ncols;
	const mo_render_chart *charts;
	size_t ncharts;
	int width;             /* text: the terminal's columns (0: 100) */
} mo_render_meta;

/* One cell: null, an integer (formats other than text) or a string
 * (borrowed for the call; a text cell whose s is NULL is null). */
typedef struct mo_render_value {
	bool null;
	int64_t i;
	const char *s;
} mo_render_value;

typedef enum {
	MO_ROW_DATA,
	MO_ROW_GROUP,    /* a group begins: label names it, values unused */
	MO_ROW_SUBTOTAL, /* the group's subtotals: label, then values (null
			  * where the column is not totalled) */
	MO_ROW_TOTAL,    /* the report's totals, the same way */
} mo_row_kind;

typedef struct mo_render mo_render;

/* Starts rendering to out (text, CSV, JSON, HTML; borrowed, not closed)
 * or, for XLSX, to the file path (out unused; XLSX cannot stream to a
 * pipe: it is written to "path.XXXXXX", readable by its owner only, and
 * renamed to path by mo_render_close). meta and what it points to must
 * outlive r. MO_EINVAL for a bad meta (no columns, a column without key
 * or label, a chart whose x is not a column or whose y are not money,
 * count or percent columns, a pie with more than one y). Caller ends
 * with mo_render_close() or mo_render_abort(), which free r. */
int mo_render_open(mo_render_format f, FILE *out, const char *path,
		   const mo_render_meta *meta, mo_render **r, mo_err *e);

/* One row of ncols values (meta's columns, in order; values may be NULL
 * for a GROUP row). label is the group's name (GROUP, SUBTOTAL), the
 * totals' caption ("Total") or NULL; a subtotal's or total's label is
 * shown in the first column instead of its value. In JSON, data rows
 * after a GROUP row carry "group": its name, and a subtotal "group": its
 * label (or the current group's name when NULL). */
int mo_render_row(mo_render *r, mo_row_kind kind, const char *label,
		  const mo_render_value *values, mo_err *e);

/* Finishes the document (the totals already given, the charts, the
 * closing tags, the workbook) and frees r, even on error; MO_EIO when
 * out could not be written (a full disk, a closed pipe). */
int mo_render_close(mo_render *r, mo_err *e);

/* Aborts: frees r and writes nothing more (an XLSX workbook is not
 * written: its temporary file is removed, an older file at path kept). */
void mo_render_abort(mo_render *r);

/* A cell's value as the text format shows it ("1,234.56", "12.50%",
 * "1,234", "2026-11-20", "14:05", text as it is) into buf, cut to size
 * on a UTF-8 boundary (NULL or null value: ""); returns buf ("" when
 * size is 0). CSV shows the same without thousands separators. */
const char *mo_render_cell(mo_col_format f, const mo_render_value *v,
			   char *buf, size_t size);

/* Writes s to out with & < > " ' escaped and control characters (other
 * than tab and newline) as spaces: the HTML format's text, and the CLI's
 * HTML pages (statements, the org chart, the job descriptions). */
void mo_render_html_put(FILE *out, const char *s);

#endif
