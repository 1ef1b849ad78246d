/* test_units.c: unit tests of core/units.c (money, durations, dates,
 * times, sizes, time-zone names, edit distance and suggestions), bad input
 * and overflow first. It uses cmocka and a temporary TZDIR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "units.h"


/* ---- money ---- */

static void money_ok(const char *s, int64_t want)
{
	mo_err e = {0};
	int64_t v = -1;
	if (mo_money_parse(s, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	assert_int_equal(v, want);
}

static void money_bad(const char *s, const char *msg)
{
	mo_err e = {0};
	int64_t v = 0;
	assert_int_equal(mo_money_parse(s, &v, &e), MO_EINVAL);
	assert_int_equal(e.code, MO_EINVAL);
	assert_msg(e, msg);
}

static void test_money_valid(void **state)
{
	(void)state;
	money_ok("125.00", 12500);
	money_ok("125", 12500);
	money_ok("125.5", 12550);
	money_ok("0.07", 7);
	money_ok("-3.1", -310);
	money_ok("-3.10", -310);
	money_ok("0", 0);
	money_ok("-0.00", 0);
	money_ok("007.50", 750);
	money_ok("9999999999999.99", 999999999999999LL);
	money_ok("-9999999999999.99", -999999999999999LL);
}

static void test_money_invalid(void **state)
{
	(void)state;
	money_bad("12.345", "expected money such as \"125.00\" (at most two "
	                    "decimals), got \"12.345\"");
	money_bad("125.005", "got \"125.005\"");
	money_bad("1e3", "got \"1e3\"");
	money_bad("$5", "got \"$5\"");
	money_bad("", "expected money such as \"125.00\"");
	money_bad("-", "got \"-\"");
	money_bad(".5", "got \".5\"");
	money_bad("5.", "got \"5.\"");
	money_bad("1,000.00", "got \"1,000.00\"");
	money_bad(" 5", "got \" 5\"");
	money_bad("5 ", "got \"5 \"");
	money_bad("+5", "got \"+5\"");
	money_bad("--5", "got \"--5\"");
	money_bad("5.0.0", "got \"5.0.0\"");
	money_bad("10000000000000.00",
	          "expected money below 10000000000000.00, got");
	money_bad("99999999999999999999999999", "expected money below");
	money_bad("-10000000000000", "expected money below");
}

static void test_money_format(void **state)
{
	char buf[32];
	(void)state;
	assert_string_equal(mo_money_format(12500, buf), "125.00");
	assert_string_equal(mo_money_format(-310, buf), "-3.10");
	assert_string_equal(mo_money_format(7, buf), "0.07");
	assert_string_equal(mo_money_format(-7, buf), "-0.07");
	assert_string_equal(mo_money_format(0, buf), "0.00");
	assert_string_equal(mo_money_format(INT64_MIN, buf),
	                    "-92233720368547758.08");
	assert_string_equal(mo_money_format(INT64_MAX, buf),
	                    "92233720368547758.07");
}

static void test_error_quoting(void **state)
{
	mo_err e = {0};
	int64_t v;
	char longer[200];
	(void)state;
	money_bad("a\"b\\c\n", "got \"a\\\"b\\\\c\\x0a\"");
	memset(longer, '9', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	longer[100] = 'x';
	assert_int_equal(mo_money_parse(longer, &v, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "...\""));
	assert_true(strlen(e.msg) < 200);
	/* A NULL mo_err is allowed. */
	assert_int_equal(mo_money_parse("x", &v, NULL), MO_EINVAL);
}

/* ---- durations ---- */

static void duration_ok(const char *s, int64_t want)
{
	mo_err e = {0};
	int64_t v = -1;
	if (mo_duration_parse(s, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	assert_int_equal(v, want);
}

static void duration_bad(const char *s, const char *msg)
{
	mo_err e = {0};
	int64_t v = 0;
	assert_int_equal(mo_duration_parse(s, &v, &e), MO_EINVAL);
	assert_msg(e, msg);
}

static void test_duration(void **state)
{
	(void)state;
	duration_ok("90s", 90);
	duration_ok("15m", 900);
	duration_ok("2h", 7200);
	duration_ok("48h", 172800);
	duration_ok("3d", 259200);
	duration_ok("2w", 1209600);
	duration_ok("1h30m", 5400);
	duration_ok("0m", 0);
	duration_ok("1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	duration_ok("9223372036854775807s", INT64_MAX);
	duration_bad("", "expected a duration such as \"15m\", \"2h\", "
	                 "\"1h30m\" or \"3d\"");
	duration_bad("15", "got \"15\"");
	duration_bad("m", "got \"m\"");
	duration_bad("15x", "got \"15x\"");
	duration_bad("-5m", "got \"-5m\"");
	duration_bad("30m1h", "got \"30m1h\"");
	duration_bad("1h1h", "got \"1h1h\"");
	duration_bad("1.5h", "got \"1.5h\"");
	duration_bad("15 m", "got \"15 m\"");
	duration_bad("15M", "got \"15M\"");
	duration_bad("99999999999999999999s", "expected a shorter duration");
	duration_bad("15250284452473w", "expected a shorter duration");
	duration_bad("1w9223372036854775807s", "expected a shorter duration");
}

/* ---- dates ---- */

static void date_ok(const char *s, int32_t want)
{
	mo_err e = {0};
	int32_t v = -1;
	char buf[11];
	if (mo_date_parse(s, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	assert_int_equal(v, want);
	assert_string_equal(mo_date_format(v, buf), s);
}

static void date_bad(const char *s, const char *msg)
{
	mo_err e = {0};
	int32_t v = 0;
	assert_int_equal(mo_date_parse(s, &v, &e), MO_EINVAL);
	assert_msg(e, msg);
}

static void test_date_valid(void **state)
{
	(void)state;
	date_ok("1970-01-01", 0);
	date_ok("1970-01-02", 1);
	date_ok("1969-12-31", -1);
	date_ok("2000-03-01", 11017);
	date_ok("2024-02-29", 19782);
	date_ok("2000-02-29", 11016);
	date_ok("1900-01-01", -25567);
	date_ok("2999-12-31", 376199);
}

static void test_date_invalid(void **state)
{
	(void)state;
	date_bad("2023-02-29", "expected a real calendar date (YYYY-MM-DD), "
	                       "got \"2023-02-29\"");
	date_bad("1900-02-29", "got \"1900-02-29\"");
	date_bad("2024-13-01", "expected a real calendar date");
	date_bad("2024-00-10", "expected a real calendar date");
	date_bad("2024-04-31", "expected a real calendar date");
	date_bad("2024-04-00", "expected a real calendar date");
	date_bad("1899-12-31", "expected a date with a year from 1900 to "
	                       "2999, got \"1899-12-31\"");
	date_bad("3000-01-01", "year from 1900 to 2999");
	date_bad("2024-2-29", "expected a date such as \"2024-03-15\" "
	                      "(YYYY-MM-DD), got \"2024-2-29\"");
	date_bad("2024/02/29", "YYYY-MM-DD");
	date_bad("2024-02-29x", "YYYY-MM-DD");
	date_bad("2024-02-2x", "YYYY-MM-DD");
	date_bad("+024-02-29", "YYYY-MM-DD");
	date_bad("", "YYYY-MM-DD");
}

static void test_date_roundtrip(void **state)
{
	int32_t d, first = mo_days_from_civil(1900, 1, 1);
	int32_t last = mo_days_from_civil(2999, 12, 31);
	int y, m, dd, prev_y = 1899, prev_m = 12, prev_d = 31;
	(void)state;
	for (d = first; d <= last; d++) {
		mo_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(mo_days_from_civil(y, m, dd), d);
		/* each day follows the previous one on the calendar */
		if (dd != prev_d + 1) {
			assert_int_equal(dd, 1);
			assert_true(m == prev_m + 1 ||
			            (m == 1 && y == prev_y + 1));
		}
		prev_y = y;
		prev_m = m;
		prev_d = dd;
	}
	/* extremes must not overflow (UBSan checks) */
	mo_civil_from_days(INT32_MIN, &y, &m, &dd);
	mo_civil_from_days(INT32_MAX, &y, &m, &dd);
	assert_true(m >= 1 && m <= 12);
}

static void test_date_format_out_of_range(void **state)
{
	char buf[11];
	(void)state;
	assert_string_equal(mo_date_format(INT32_MAX, buf),
	                    "\?\?\?\?-\?\?-\?\?");
	assert_string_equal(
	    mo_date_format(mo_days_from_civil(9999, 12, 31), buf),
	    "9999-12-31");
	assert_string_equal(mo_date_format(mo_days_from_civil(0, 1, 1), buf),
	                    "0000-01-01");
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(mo_weekday(0), 3);  /* Thu */
	assert_int_equal(mo_weekday(-3), 0); /* Mon */
	assert_int_equal(mo_weekday(mo_days_from_civil(2024, 3, 15)),
	                 4); /* Fri */
	assert_int_equal(mo_weekday(mo_days_from_civil(2024, 3, 17)),
	                 6); /* Sun */
	assert_int_equal(mo_weekday(mo_days_from_civil(1900, 1, 1)),
	                 0); /* Mon */
	assert_true(mo_weekday(INT32_MIN) >= 0 && mo_weekday(INT32_MIN) <= 6);
}

/* ---- times ---- */

static void time_ok(const char *s, int want)
{
	mo_err e = {0};
	int v = -1;
	if (mo_time_parse(s, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	assert_int_equal(v, want);
}

static void time_bad(const char *s)
{
	mo_err e = {0};
	int v = 0;
	char want[64];
	assert_int_equal(mo_time_parse(s, &v, &e), MO_EINVAL);
	assert_msg(e, "expected a time such as \"08:30\" (HH:MM, 00:00 to "
	              "24:00), got \"");
	snprintf(want, sizeof want, "got \"%s\"", s);
	assert_msg(e, want);
}

static void test_time(void **state)
{
	(void)state;
	time_ok("00:00", 0);
	time_ok("08:30", 510);
	time_ok("23:59", 1439);
	time_ok("24:00", 1440);
	time_bad("24:01");
	time_bad("25:00");
	time_bad("8:30");
	time_bad("08:60");
	time_bad("0830");
	time_bad("08:30:00");
	time_bad("08-30");
	time_bad("-1:00");
	time_bad("");
}

/* ---- sizes ---- */

static void size_ok(const char *s, int64_t want)
{
	mo_err e = {0};
	int64_t v = -1;
	if (mo_size_parse(s, &v, &e) != 0)
		fail_msg("\"%s\" refused: %s", s, e.msg);
	assert_int_equal(v, want);
}

static void size_bad(const char *s, const char *msg)
{
	mo_err e = {0};
	int64_t v = 0;
	assert_int_equal(mo_size_parse(s, &v, &e), MO_EINVAL);
	assert_msg(e, msg);
}

static void test_size(void **state)
{
	(void)state;
	size_ok("65536", 65536);
	size_ok("0", 0);
	size_ok("100B", 100);
	size_ok("512KB", 524288);
	size_ok("64MB", 64LL << 20);
	size_ok("1GB", 1LL << 30);
	size_ok("2TB", 2LL << 40);
	size_ok("8589934591GB", 8589934591LL << 30);
	size_ok("9223372036854775807", INT64_MAX);
	size_bad("64mb", "expected a size such as \"64MB\", \"512KB\", "
	                 "\"1GB\" or a number of bytes, got \"64mb\"");
	size_bad("64 MB", "got \"64 MB\"");
	size_bad("MB", "got \"MB\"");
	size_bad("-1", "got \"-1\"");
	size_bad("1.5GB", "got \"1.5GB\"");
	size_bad("", "expected a size such as");
	size_bad("8589934592GB", "expected a size below 8EB");
	size_bad("9223372036854775808", "expected a size below 8EB");
}

/* ---- time zones ---- */

static void tz_bad(const char *s)
{
	mo_err e = {0};
	char want[256];
	assert_int_equal(mo_tz_check(s, &e), MO_EINVAL);
	assert_msg(e, "expected a time-zone name such as \"America/Chicago\"");
	snprintf(want, sizeof want, "got \"%s\"", s);
	assert_msg(e, want);
}

static void test_tz_system(void **state)
{
	mo_err e = {0};
	(void)state;
	unsetenv("TZDIR");
	assert_int_equal(mo_tz_check("America/Chicago", &e), 0);
	assert_int_equal(mo_tz_check("UTC", &e), 0);
	assert_int_equal(mo_tz_check("Etc/GMT+5", &e), 0);
	tz_bad("Mars/Base");
	tz_bad("../../etc/passwd");
	tz_bad("/etc/passwd");
	tz_bad("/usr/share/zoneinfo/UTC");
	tz_bad("America/../UTC");
	tz_bad("./UTC");
	tz_bad("");
	tz_bad("America//Chicago");
	tz_bad("America/Chicago/");
	tz_bad("America");  /* a folder */
	tz_bad("zone.tab"); /* not a zone, and a dot */
	tz_bad("America/Chi cago");
	assert_int_equal(mo_tz_check("UTC\n", &e), MO_EINVAL);
	assert_msg(e, "got \"UTC\\x0a\"");
	assert_int_equal(mo_tz_check("Mars/Base", &e), MO_EINVAL);
	assert_msg(e, "(a file in /usr/share/zoneinfo), got \"Mars/Base\"");
}

static void write_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(data, f);
	fclose(f);
}

static void test_tz_tzdir(void **state)
{
	char dir[] = "/tmp/mo_tz_XXXXXX", path[256];
	mo_err e = {0};
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/Fake", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/Fake/Zone", dir);
	write_file(path, "TZif2 and the rest");
	snprintf(path, sizeof path, "%s/Fake/Text", dir);
	write_file(path, "not a zone file");
	snprintf(path, sizeof path, "%s/Fake/Short", dir);
	write_file(path, "TZ");
	setenv("TZDIR", dir, 1);
	assert_int_equal(mo_tz_check("Fake/Zone", &e), 0);
	tz_bad("Fake/Text");
	tz_bad("Fake/Short");
	tz_bad("America/Chicago"); /* not in this TZDIR */
	assert_int_equal(mo_tz_check("America/Chicago", &e), MO_EINVAL);
	assert_msg(e, dir);
	setenv("TZDIR", "", 1); /* empty: the system folder */
	assert_int_equal(mo_tz_check("America/Chicago", &e), 0);
	unsetenv("TZDIR");
	snprintf(path, sizeof path, "%s/Fake/Zone", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Fake/Text", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Fake/Short", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/Fake", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_tz_long_name(void **state)
{
	char name[5000];
	mo_err e = {0};
	(void)state;
	memset(name, 'a', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_int_equal(mo_tz_check(name, &e), MO_EINVAL);
}

/* ---- suggestions ---- */

static void test_edit_distance(void **state)
{
	char a[101], b[102];
	(void)state;
	assert_int_equal(mo_edit_distance("kitten", "sitting", 10), 3);
	assert_int_equal(mo_edit_distance("kitten", "sitting", 2), 3);
	assert_int_equal(mo_edit_distance("", "abc", 5), 3);
	assert_int_equal(mo_edit_distance("abc", "", 5), 3);
	assert_int_equal(mo_edit_distance("abc", "abc", 0), 0);
	assert_int_equal(mo_edit_distance("nmae", "name", 3), 2);
	assert_int_equal(mo_edit_distance("a", "bcdef", 1), 2);
	assert_int_equal(mo_edit_distance("abc", "xyz", -4), 1);
	memset(a, 'a', 100);
	a[100] = '\0';
	memset(b, 'a', 101);
	b[101] = '\0';
	assert_int_equal(mo_edit_distance(a, b, 3), 1);
	b[50] = 'b';
	assert_int_equal(mo_edit_distance(a, b, 3), 1);
	a[10] = 'c';
	assert_int_equal(mo_edit_distance(a, b, 3), 2);
	assert_int_equal(mo_edit_distance(b, a, 3), 2);
	assert_int_equal(mo_edit_distance(b, a, 1), 2);
}

static void test_suggest(void **state)
{
	static const char *const keys[] = {"name", "timezone", "hours", NULL};
	static const char *const days[] = {"mon", "tue", "wed", "thu",
	                                   "fri", "sat", "sun", NULL};
	static const char *const top[] = {"practice", "policies", "settings",
	                                  "limits", NULL};
	static const char *const none[] = {NULL};
	(void)state;
	assert_string_equal(mo_suggest("nmae", keys), "name");
	assert_string_equal(mo_suggest("timezon", keys), "timezone");
	assert_string_equal(mo_suggest("time_zone", keys), "timezone");
	assert_string_equal(mo_suggest("hour", keys), "hours");
	assert_null(mo_suggest("xyzzy", keys));
	assert_string_equal(mo_suggest("tues", days), "tue");
	assert_string_equal(mo_suggest("mnd", days), "mon");
	assert_string_equal(mo_suggest("practcie", top), "practice");
	assert_string_equal(mo_suggest("policie", top), "policies");
	assert_null(mo_suggest("policy", top)); /* 3 edits: too far */
	assert_string_equal(mo_suggest("limit", top), "limits");
	assert_null(mo_suggest("name", none));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_money_valid),
	    cmocka_unit_test(test_money_invalid),
	    cmocka_unit_test(test_money_format),
	    cmocka_unit_test(test_error_quoting),
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_date_valid),
	    cmocka_unit_test(test_date_invalid),
	    cmocka_unit_test(test_date_roundtrip),
	    cmocka_unit_test(test_date_format_out_of_range),
	    cmocka_unit_test(test_weekday),
	    cmocka_unit_test(test_time),
	    cmocka_unit_test(test_size),
	    cmocka_unit_test(test_tz_system),
	    cmocka_unit_test(test_tz_tzdir),
	    cmocka_unit_test(test_tz_long_name),
	    cmocka_unit_test(test_edit_distance),
	    cmocka_unit_test(test_suggest),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
