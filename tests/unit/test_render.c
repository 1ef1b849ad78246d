/* test_render.c: unit tests of the report renderers (core/render.h).
 * Refusals first (no columns, bad charts, a format without its output,
 * rows without values), then the cells as text (thousands separators,
 * negative money, percentages, times, cuts on UTF-8 boundaries), then one
 * small report (every column format, two groups with subtotals, totals,
 * one chart of each type, hostile text: commas, quotes, newlines,
 * <script>, &, formula-like cells such as =cmd|' /C calc'!A0, +1, -2,
 * @SUM(A1), a control character, invalid UTF-8) rendered in each format
 * and compared with the golden files in tests/fixtures/golden/render/
 * (MO_UPDATE_GOLDEN=1 rewrites them). Also: JSON parsed back, HTML tags
 * balanced and nothing external, a chart of more rows than it keeps, the
 * text width fitting and streaming after the measured rows, XLSX cells
 * read back with unzip (skipped when unzip is missing), an aborted or
 * failed XLSX leaving no file and an older file in place, a write error.
 * It uses cmocka, jansson, FIXTURES and unzip. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "render.h"

#define GOLDEN FIXTURES "/golden/render/"
#define NCOLS 8

/* ---- the report ---- */

static const mo_render_col COLS[NCOLS] = {
    {"name", "Patient", MO_COL_TEXT},
    {"day", "Date of service", MO_COL_DATE},
    {"at", "Time", MO_COL_TIME},
    {"charged", "Charged", MO_COL_MONEY},
    {"paid", "Paid", MO_COL_MONEY},
    {"share", "Share", MO_COL_PERCENT},
    {"visits", "Visits", MO_COL_COUNT},
    {"note", "Note", MO_COL_TEXT},
};

static const mo_render_chart CHARTS[] = {
    {MO_CHART_BAR, "Charged & paid by <patient>", 0, {3, 4}, 2},
    {MO_CHART_STACKED_BAR, "Charged and paid, stacked", 0, {3, 4}, 2},
    {MO_CHART_LINE, "Visits by day", 1, {6}, 1},
    {MO_CHART_PIE, "Share of charges", 0, {3}, 1},
};

static const mo_render_meta META = {
    .name = "charges_by_provider",
    .title = "Charges by provider: \"A/R\" <review>",
    .description = "Charges, payments & visits, grouped by provider.",
    .params = "from 2026-11-20 to 2026-11-21, provider all",
    .generated = "2026-11-23 09:00 by maria",
    .cols = COLS,
    .ncols = NCOLS,
    .charts = CHARTS,
    .ncharts = 4,
    .width = 100,
};

#define T(s) {false, 0, (s)}
#define I(n) {false, (n), NULL}
#define N {true, 0, NULL}

typedef struct frow {
	mo_row_kind kind;
	const char *label;
	mo_render_value v[NCOLS];
} frow;

static const frow ROWS[] = {
    {MO_ROW_GROUP, "Dr. Lee & Partners <Main>", {N}},
    {MO_ROW_DATA, NULL, {T("Doe, Jane"), I(20777), I(50700), I(123456),
			 I(100000), I(1250), I(3),
			 T("said \"hi\"\nthen left")}},
    {MO_ROW_DATA, NULL, {T("=cmd|' /C calc'!A0"), I(20778), I(34200),
			 I(-1250), N, I(25), I(1234),
			 T("<script>alert('x')</script>")}},
    {MO_ROW_DATA, NULL, {T("+1"), N, N, I(0), I(0), N, I(0), T("-2")}},
    {MO_ROW_DATA, NULL, {T("@SUM(A1)"), I(20778), I(50730), I(5),
			 I(-5), I(-325), I(-1000), T("\ttab & CR\r")}},
    {MO_ROW_SUBTOTAL, "Dr. Lee & Partners <Main>",
     {N, N, N, I(122211), I(99995), I(950), I(237), N}},
    {MO_ROW_GROUP, "Dr. Patel", {N}},
    {MO_ROW_DATA, NULL, {T("Smith, John"), I(20780), I(28800),
			 I(123456789), I(12345678), I(10000), I(1234567),
			 T("control\x01" "char, bad \xff byte")}},
    {MO_ROW_SUBTOTAL, "Dr. Patel",
     {N, N, N, I(123456789), I(12345678), I(10000), I(1234567), N}},
    {MO_ROW_TOTAL, "Total", {N, N, N, I(123579000), I(12445673), I(10950),
			     I(1234804), {true, 0, "a null text shows nothing"}}},
};
#define NROWS (sizeof ROWS / sizeof *ROWS)

static void feed(mo_render *r, const frow *rows, size_t n)
{
	mo_err e = {0};
	for (size_t i = 0; i < n; i++)
		if (mo_render_row(r, rows[i].kind, rows[i].label,
				  rows[i].kind == MO_ROW_GROUP ? NULL
							       : rows[i].v,
				  &e))
			fail_msg("row %zu: %s", i, e.msg);
}

/* The report in format f (not XLSX) as a string; caller frees it. */
static char *render(mo_render_format f, const mo_render_meta *m,
		    const frow *rows, size_t n)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	mo_render *r = NULL;
	mo_err e = {0};
	assert_non_null(out);
	if (mo_render_open(f, out, NULL, m, &r, &e))
		fail_msg("open: %s", e.msg);
	feed(r, rows, n);
	if (mo_render_close(r, &e))
		fail_msg("close: %s", e.msg);
	fclose(out);
	return text;
}

/* got is the golden file name's content (or becomes it when
 * MO_UPDATE_GOLDEN is set). */
static void check_golden(const char *name, const char *got)
{
	char path[512];
	char *want;
	snprintf(path, sizeof path, "%s%s", GOLDEN, name);
	if (getenv("MO_UPDATE_GOLDEN")) {
		assert_int_equal(write_text(path, got), 0);
		return;
	}
	want = slurp(path, NULL);
	if (strcmp(want, got) != 0) {
		char tmp[] = "/tmp/render-got-XXXXXX";
		int fd = mkstemp(tmp);
		if (fd >= 0) {
			ssize_t w = write(fd, got, strlen(got));
			(void)w;
			close(fd);
		}
		fail_msg("%s differs from %s (got it in %s)", name, path, tmp);
	}
	free(want);
}

/* ---- refusals ---- */

static void test_refusals(void **state)
{
	mo_render_col bad_cols[] = {{"a", NULL, MO_COL_TEXT}};
	mo_render_chart pie2 = {MO_CHART_PIE, "p", 0, {3, 4}, 2};
	mo_render_chart ytext = {MO_CHART_BAR, "b", 0, {7}, 1};
	mo_render_chart xfar = {MO_CHART_LINE, "l", 8, {3}, 1};
	mo_render_meta m = META;
	mo_render *r = NULL;
	mo_err e = {0};
	(void)state;
	m.ncols = 0;
	assert_int_equal(mo_render_open(MO_FMT_CSV, stdout, NULL, &m, &r, &e),
			 MO_EINVAL);
	assert_msg(e, "needs columns");
	assert_null(r);
	m = META;
	m.cols = bad_cols;
	m.ncols = 1;
	m.ncharts = 0;
	assert_int_equal(mo_render_open(MO_FMT_CSV, stdout, NULL, &m, &r, &e),
			 MO_EINVAL);
	assert_msg(e, "no key or label");
	m = META;
	m.charts = &pie2;
	m.ncharts = 1;
	assert_int_equal(mo_render_open(MO_FMT_HTML, stdout, NULL, &m, &r, &e),
			 MO_EINVAL);
	assert_msg(e, "a pie: 1");
	m.charts = &ytext;
	assert_int_equal(mo_render_open(MO_FMT_HTML, stdout, NULL, &m, &r, &e),
			 MO_EINVAL);
	assert_msg(e, "not a money, count or percent column");
	m.charts = &xfar;
	assert_int_equal(mo_render_open(MO_FMT_HTML, stdout, NULL, &m, &r, &e),
			 MO_EINVAL);
	assert_msg(e, "x is not a column");
	assert_int_equal(mo_render_open(MO_FMT_XLSX, stdout, NULL, &META, &r,
					&e),
			 MO_EINVAL);
	assert_msg(e, "xlsx needs a file");
	assert_int_equal(mo_render_open(MO_FMT_TEXT, NULL, NULL, &META, &r,
					&e),
			 MO_EINVAL);
	assert_msg(e, "text needs a stream");
	assert_int_equal(mo_render_open((mo_render_format)9, stdout, NULL,
					&META, &r, &e),
			 MO_EINVAL);
	assert_null(r);
}

static void test_bad_rows(void **state)
{
	FILE *out = fopen("/dev/null", "w");
	mo_render *r = NULL;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_render_open(MO_FMT_CSV, out, NULL, &META, &r, &e),
			 0);
	assert_int_equal(mo_render_row(r, MO_ROW_DATA, NULL, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "without values");
	assert_int_equal(mo_render_row(r, (mo_row_kind)7, NULL, ROWS[1].v, &e),
			 MO_EINVAL);
	assert_int_equal(mo_render_row(r, MO_ROW_GROUP, NULL, NULL, &e), 0);
	mo_render_abort(r);
	mo_render_abort(NULL);
	assert_int_equal(mo_render_close(NULL, &e), 0);
	fclose(out);
}

/* A stream that cannot be written: the row or the close says so. */
static void test_write_error(void **state)
{
	FILE *out = fopen("/dev/null", "r");
	mo_render *r = NULL;
	mo_err e = {0};
	int rc;
	(void)state;
	assert_non_null(out);
	assert_int_equal(mo_render_open(MO_FMT_CSV, out, NULL, &META, &r, &e),
			 0);
	rc = mo_render_row(r, MO_ROW_DATA, NULL, ROWS[1].v, &e);
	if (rc == 0)
		rc = mo_render_close(r, &e);
	else
		mo_render_abort(r);
	assert_int_equal(rc, MO_EIO);
	assert_msg(e, "cannot write the report");
	fclose(out);
}

static void test_format_names(void **state)
{
	mo_render_format f = MO_FMT_TEXT;
	(void)state;
	assert_true(mo_render_format_parse("xlsx", &f));
	assert_int_equal(f, MO_FMT_XLSX);
	assert_true(mo_render_format_parse("csv", &f));
	assert_int_equal(f, MO_FMT_CSV);
	assert_false(mo_render_format_parse("pdf", &f));
	assert_false(mo_render_format_parse(NULL, &f));
	assert_int_equal(f, MO_FMT_CSV);
	assert_string_equal(mo_render_format_name(MO_FMT_HTML), "html");
	assert_string_equal(mo_render_format_name(MO_FMT_JSON), "json");
	assert_string_equal(mo_render_format_name((mo_render_format)42),
			    "unknown");
}

/* ---- cells ---- */

static const char *cell(mo_col_format f, int64_t i)
{
	static char buf[64];
	mo_render_value v = {false, i, NULL};
	return mo_render_cell(f, &v, buf, sizeof buf);
}

static void test_cells(void **state)
{
	char small[6];
	mo_render_value nul = {true, 5, "x"};
	mo_render_value txt = {false, 0, "h\xc3\xa9h\xc3\xa9h\xc3\xa9"};
	(void)state;
	assert_string_equal(cell(MO_COL_MONEY, 0), "0.00");
	assert_string_equal(cell(MO_COL_MONEY, -5), "-0.05");
	assert_string_equal(cell(MO_COL_MONEY, 99999), "999.99");
	assert_string_equal(cell(MO_COL_MONEY, 100000), "1,000.00");
	assert_string_equal(cell(MO_COL_MONEY, -123456789), "-1,234,567.89");
	assert_string_equal(cell(MO_COL_MONEY, INT64_MIN),
			    "-92,233,720,368,547,758.08");
	assert_string_equal(cell(MO_COL_COUNT, 999), "999");
	assert_string_equal(cell(MO_COL_COUNT, -1000), "-1,000");
	assert_string_equal(cell(MO_COL_COUNT, 1234567), "1,234,567");
	assert_string_equal(cell(MO_COL_PERCENT, 1250), "12.50%");
	assert_string_equal(cell(MO_COL_PERCENT, -325), "-3.25%");
	assert_string_equal(cell(MO_COL_PERCENT, 1000000), "10,000.00%");
	assert_string_equal(cell(MO_COL_DATE, 20777), "2026-11-20");
	assert_string_equal(cell(MO_COL_DATE, 0), "1970-01-01");
	assert_string_equal(cell(MO_COL_DATE, INT64_MAX), "\?\?\?\?-\?\?-\?\?");
	assert_string_equal(cell(MO_COL_TIME, 50700), "14:05");
	assert_string_equal(cell(MO_COL_TIME, 50730), "14:05:30");
	assert_string_equal(cell(MO_COL_TIME, 86400), "24:00");
	assert_string_equal(mo_render_cell(MO_COL_MONEY, &nul, small,
					   sizeof small),
			    "");
	assert_string_equal(mo_render_cell(MO_COL_MONEY, NULL, small,
					   sizeof small),
			    "");
	/* cut on a code point's boundary: 5 bytes hold "héh" and a half */
	assert_string_equal(mo_render_cell(MO_COL_TEXT, &txt, small,
					   sizeof small),
			    "h\xc3\xa9h");
	assert_string_equal(mo_render_cell(MO_COL_MONEY, &txt, small, 0), "");
}

/* ---- each format, exactly ---- */

static void test_text(void **state)
{
	char *out = render(MO_FMT_TEXT, &META, ROWS, NROWS);
	(void)state;
	check_golden("report.txt", out);
	free(out);
}

static void test_csv(void **state)
{
	char *out = render(MO_FMT_CSV, &META, ROWS, NROWS);
	(void)state;
	check_golden("report.csv", out);
	/* neutralised text, numbers left alone, quotes doubled */
	assert_non_null(strstr(out, "\r\n'=cmd|' /C calc'!A0,2026-11-21,"
				    "09:30,-12.50,,0.25%,1234,"));
	assert_non_null(strstr(out, "\r\n'+1,,,0.00,0.00,,0,'-2\r\n"));
	assert_non_null(strstr(out, "\"said \"\"hi\"\"\nthen left\""));
	assert_non_null(strstr(out, "\"'\ttab & CR\r\""));
	assert_null(strstr(out, "Dr. Patel\r\n")); /* GROUP rows skipped */
	assert_non_null(strstr(out, "\r\nTotal,,,1235790.00,"));
	free(out);
}

static void test_json(void **state)
{
	char *out = render(MO_FMT_JSON, &META, ROWS, NROWS);
	json_error_t err;
	json_t *j = json_loads(out, 0, &err), *row, *sub;
	(void)state;
	check_golden("report.json", out);
	if (!j)
		fail_msg("JSON: %s at %d:%d", err.text, err.line, err.column);
	assert_string_equal(json_string_value(json_object_get(j, "report")),
			    "charges_by_provider");
	assert_int_equal(json_array_size(json_object_get(j, "rows")), 5);
	row = json_array_get(json_object_get(j, "rows"), 0);
	assert_string_equal(json_string_value(json_object_get(row, "group")),
			    "Dr. Lee & Partners <Main>");
	assert_string_equal(json_string_value(json_object_get(row, "charged")),
			    "1234.56");
	assert_string_equal(json_string_value(json_object_get(row, "share")),
			    "12.50");
	assert_string_equal(json_string_value(json_object_get(row, "day")),
			    "2026-11-20");
	assert_string_equal(json_string_value(json_object_get(row, "at")),
			    "14:05");
	assert_int_equal(json_integer_value(json_object_get(row, "visits")), 3);
	row = json_array_get(json_object_get(j, "rows"), 1);
	assert_true(json_is_null(json_object_get(row, "paid")));
	assert_string_equal(json_string_value(json_object_get(row, "charged")),
			    "-12.50");
	sub = json_array_get(json_object_get(j, "subtotals"), 1);
	assert_string_equal(json_string_value(json_object_get(sub, "group")),
			    "Dr. Patel");
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(j, "totals"), "charged")),
			    "1235790.00");
	json_decref(j);
	free(out);
}

/* Every element opened in html is closed, in order (void elements and
 * "/>" aside), and no '<' is left unescaped in text. */
static void assert_balanced(const char *html)
{
	static const char *const voids[] = {"meta", "br", "hr", "img", "link",
					    "input"};
	char stack[64][16];
	int depth = 0;
	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		bool closing = p[1] == '/', skip = false;
		const char *name = p + 1 + closing, *end = strchr(p, '>');
		size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (p[1] == '!')
			continue;
		if (!end || n == 0 || n >= 16)
			fail_msg("a stray '<' at \"%.30s\"", p);
		for (size_t k = 0; k < 6; k++)
			skip |= strlen(voids[k]) == n &&
				memcmp(voids[k], name, n) == 0;
		if (closing) {
			if (depth == 0 || strlen(stack[depth - 1]) != n ||
			    memcmp(stack[depth - 1], name, n) != 0)
				fail_msg("</%.*s> closes <%s>", (int)n, name,
					 depth ? stack[depth - 1] : "nothing");
			depth--;
		} else if (!skip && end[-1] != '/') {
			assert_true(depth < 64);
			memcpy(stack[depth], name, n);
			stack[depth++][n] = '\0';
		}
	}
	assert_int_equal(depth, 0);
}

static void test_html(void **state)
{
	char *out = render(MO_FMT_HTML, &META, ROWS, NROWS);
	int figures = 0;
	(void)state;
	check_golden("report.html", out);
	assert_balanced(out);
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "&lt;script&gt;alert(&#39;x&#39;)"));
	assert_null(strstr(out, "src="));
	assert_null(strstr(out, "href="));
	assert_null(strstr(out, "url("));
	assert_non_null(strstr(out, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(out, "thead{display:table-header-group}"));
	for (const char *p = out, *q; (q = strstr(p, "<figure")); p = q + 1) {
		assert_non_null(strstr(q, "role=\"img\" aria-label=\""));
		figures++;
	}
	assert_int_equal(figures, 4);
	free(out);
}

/* A chart of more data rows than it keeps says so in its caption. */
static void test_chart_points(void **state)
{
	mo_render_chart bar = {MO_CHART_BAR, "Many", 0, {3}, 1};
	mo_render_meta m = META;
	size_t n = MO_RENDER_CHART_POINTS + 100, rects = 0;
	frow *rows = calloc(n, sizeof *rows);
	char *out;
	(void)state;
	m.charts = &bar;
	m.ncharts = 1;
	for (size_t i = 0; i < n; i++) {
		rows[i] = ROWS[1];
		rows[i].v[3].i = (int64_t)i * 100;
	}
	out = render(MO_FMT_HTML, &m, rows, n);
	assert_balanced(out);
	assert_non_null(strstr(out, "<figcaption>Many (the first 500 of 600 "
				    "rows; the other 100 are left out)"));
	for (const char *p = strstr(out, "<figure"); (p = strstr(p, "<rect "));
	     p++)
		rects++;
	assert_int_equal(rects, MO_RENDER_CHART_POINTS + 1); /* + legend */
	free(out);
	free(rows);
}

/* ---- text: fitting and streaming ---- */

static size_t max_line_chars(const char *s)
{
	size_t most = 0, w = 0;
	for (; *s; s++) {
		if (*s == '\n') {
			most = w > most ? w : most;
			w = 0;
		} else if (((unsigned char)*s & 0xc0) != 0x80) {
			w++;
		}
	}
	return w > most ? w : most;
}

static void test_text_fits(void **state)
{
	mo_render_meta m = META;
	frow rows[2] = {ROWS[1], ROWS[7]};
	char *out, *table;
	(void)state;
	m.width = 90;
	m.description = NULL;
	m.title = "Narrow";
	m.params = NULL;
	m.generated = NULL;
	rows[0].v[7].s = "a very long note that will not fit in ninety columns";
	out = render(MO_FMT_TEXT, &m, rows, 2);
	table = strstr(out, "Narrow\n\n");
	assert_non_null(table);
	assert_true(max_line_chars(table) <= 90);
	assert_non_null(strstr(out, "1,234,567.89")); /* numbers whole */
	assert_non_null(strstr(out, "..."));
	check_golden("narrow.txt", out);
	free(out);
}

/* Widths come from the first 1,000 rows; a longer text later is cut to
 * them, a wider number is shown whole. */
static void test_text_streams(void **state)
{
	mo_render_meta m = META;
	size_t n = 1002;
	frow *rows = calloc(n, sizeof *rows);
	char *out;
	const char *last;
	(void)state;
	m.ncharts = 0;
	for (size_t i = 0; i < n; i++) {
		rows[i] = ROWS[3];
		rows[i].v[0].s = "Pat";
	}
	rows[1000].v[0].s = "Patricia Longname";
	rows[1001].v[3].i = 123456789;
	out = render(MO_FMT_TEXT, &m, rows, n);
	last = strstr(out, "Patricia");
	assert_null(last);
	assert_non_null(strstr(out, "\nPatr...  "));
	assert_non_null(strstr(out, "1,234,567.89"));
	free(out);
	free(rows);
}

/* ---- XLSX ---- */

static bool have_unzip(void)
{
	return system("command -v unzip >/dev/null 2>&1") == 0;
}

/* The member of the zip at path, through unzip; caller frees it. */
static char *unzip_member(const char *path, const char *member)
{
	char cmd[1024], *text = calloc(1, 1 << 17);
	FILE *p;
	size_t n;
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", path, member);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(text, 1, (1 << 17) - 1, p);
	assert_int_equal(pclose(p), 0);
	assert_true(n > 0 && n < (1 << 17) - 1);
	return text;
}

static void make_xlsx(const char *path, const mo_render_meta *m)
{
	mo_render *r = NULL;
	mo_err e = {0};
	if (mo_render_open(MO_FMT_XLSX, NULL, path, m, &r, &e))
		fail_msg("open: %s", e.msg);
	feed(r, ROWS, NROWS);
	if (mo_render_close(r, &e))
		fail_msg("close: %s", e.msg);
}

static void test_xlsx(void **state)
{
	char dir[] = "/tmp/render-xlsx-XXXXXX", path[256];
	char *sheet, *styles, *book;
	(void)state;
	if (!have_unzip())
		skip();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report.xlsx", dir);
	make_xlsx(path, &META);
	sheet = unzip_member(path, "xl/worksheets/sheet1.xml");
	styles = unzip_member(path, "xl/styles.xml");
	book = unzip_member(path, "xl/workbook.xml");
	check_golden("report.xlsx.sheet1.xml", sheet);
	/* formula-like text is a string cell, without an apostrophe */
	assert_non_null(strstr(sheet, "t=\"inlineStr\"><is><t>=cmd|' /C "
				      "calc'!A0</t>"));
	assert_non_null(strstr(sheet, "<t>@SUM(A1)</t>"));
	assert_null(strstr(sheet, "<f>"));
	assert_non_null(strstr(sheet, "<v>1234.56</v>"));
	assert_non_null(strstr(sheet, "<v>46346</v>")); /* 2026-11-20 */
	assert_non_null(strstr(sheet, "<pane ySplit=\"1\""));
	assert_non_null(strstr(styles, "formatCode=\"#,##0.00\""));
	assert_non_null(strstr(styles, "formatCode=\"yyyy-mm-dd\""));
	assert_non_null(strstr(styles, "formatCode=\"0.00%\""));
	assert_non_null(strstr(styles, "formatCode=\"hh:mm\""));
	assert_non_null(strstr(styles, "formatCode=\"#,##0\""));
	/* the name without / : and quotes cut to 31 characters */
	assert_non_null(strstr(book, "name=\"Charges by provider- &quot;A-R"
				     "&quot; &lt;rev\""));
	free(sheet);
	free(styles);
	free(book);
	assert_int_equal(remove(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* An aborted or failed XLSX leaves nothing behind and keeps an older
 * file of the same name. */
static void test_xlsx_abort(void **state)
{
	char dir[] = "/tmp/render-xlsx-XXXXXX", path[256], *old;
	mo_render *r = NULL;
	mo_err e = {0};
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/report.xlsx", dir);
	assert_int_equal(write_text(path, "older\n"), 0);
	assert_int_equal(mo_render_open(MO_FMT_XLSX, NULL, path, &META, &r,
					&e),
			 0);
	feed(r, ROWS, NROWS);
	mo_render_abort(r);
	old = slurp(path, NULL);
	assert_string_equal(old, "older\n");
	free(old);
	assert_int_equal(remove(path), 0);
	assert_int_equal(rmdir(dir), 0); /* empty: no temporary file left */
	snprintf(path, sizeof path, "%s/none/report.xlsx", dir);
	assert_int_equal(mo_render_open(MO_FMT_XLSX, NULL, path, &META, &r,
					&e),
			 MO_EIO);
	assert_msg(e, "cannot write");
	assert_null(r);
}

/* Every format aborted halfway frees what it holds (ASan checks). */
static void test_abort_all(void **state)
{
	FILE *out = fopen("/dev/null", "w");
	(void)state;
	for (int f = MO_FMT_TEXT; f <= MO_FMT_HTML; f++) {
		mo_render *r = NULL;
		mo_err e = {0};
		assert_int_equal(mo_render_open((mo_render_format)f, out, NULL,
						&META, &r, &e),
				 0);
		feed(r, ROWS, NROWS);
		mo_render_abort(r);
	}
	fclose(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_refusals),
	    cmocka_unit_test(test_bad_rows),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_format_names),
	    cmocka_unit_test(test_cells),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_html),
	    cmocka_unit_test(test_chart_points),
	    cmocka_unit_test(test_text_fits),
	    cmocka_unit_test(test_text_streams),
	    cmocka_unit_test(test_xlsx),
	    cmocka_unit_test(test_xlsx_abort),
	    cmocka_unit_test(test_abort_all),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
