/* test_recur.c: unit tests of core/recur.c: invalid rules refused with
 * messages naming the part (a rule that never ends, until and count
 * together, spans over 5 years, unsorted exceptions); every frequency with
 * its interval, weekdays, until and count; exceptions counted as RFC 5545
 * does (they remove occurrences after counting); months without the day
 * skipped; the nth and the last weekday of a month; windows far from the
 * first day; stopping early; the text form read and written, with its
 * error messages. The expected days were checked against python-dateutil
 * (WKST=MO). It uses cmocka. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "recur.h"
#include "units.h"


static int32_t D(const char *date)
{
	int32_t day = 0;
	if (mo_date_parse(date, &day, NULL))
		fail_msg("bad date %s", date);
	return day;
}

/* The occurrences of a window as "YYYY-MM-DD ..." text. */
typedef struct seen {
	char text[4096];
	int n, stop_after;
} seen;

static int keep(void *ud, int32_t day)
{
	seen *s = ud;
	char d[11];
	size_t len = strlen(s->text);
	snprintf(s->text + len, sizeof s->text - len, "%s%s", len ? " " : "",
		 mo_date_format(day, d));
	s->n++;
	return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

static const char *expand(const mo_recur *r, const char *from,
			  const char *to, seen *s)
{
	mo_err e = {0};
	memset(s, 0, sizeof *s);
	if (mo_recur_expand(r, D(from), D(to), keep, s, &e))
		fail_msg("expand: %s", e.msg);
	return s->text;
}

/* The rule of text from first, expanded over [from, to]. */
static const char *rule_days(const char *text, const char *first,
			     const char *from, const char *to, seen *s)
{
	mo_recur r = {0};
	mo_err e = {0};
	if (mo_recur_parse(text, &r, &e))
		fail_msg("parse \"%s\": %s", text, e.msg);
	r.first_day = D(first);
	return expand(&r, from, to, s);
}

static void assert_refused(const mo_recur *r, const char *msg)
{
	mo_err e = {0};
	seen s;
	assert_int_equal(mo_recur_check(r, &e), MO_EINVAL);
	assert_int_equal(e.code, MO_EINVAL);
	assert_msg(e, msg);
	memset(&s, 0, sizeof s);
	assert_int_equal(mo_recur_expand(r, r->first_day, r->first_day + 100,
					 keep, &s, &e), MO_EINVAL);
	assert_int_equal(s.n, 0);
}

/* ---- checks ---- */

static void test_never_ending_refused(void **state)
{
	mo_recur r = {MO_RECUR_DAILY, 1, 0, D("2026-12-01"), 0, 0, NULL, 0};
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_recur_check(&r, &e), MO_EINVAL);
	assert_string_equal(e.msg, "repeat: a recurring block needs an end: "
			    "until or count");
	r.freq = MO_RECUR_WEEKLY;
	assert_refused(&r, "needs an end: until or count");
	r.freq = MO_RECUR_MONTHLY_WEEKDAY;
	assert_refused(&r, "needs an end: until or count");
	/* from text too: the rule parses, the check refuses it */
	assert_int_equal(mo_recur_parse("weekly on mon", &r, &e), 0);
	assert_refused(&r, "needs an end");
}

static void test_check_invalid(void **state)
{
	int32_t first = D("2026-12-01");
	mo_recur ok = {MO_RECUR_DAILY, 1, 0, first, 0, 10, NULL, 0}, r;
	(void)state;
	assert_int_equal(mo_recur_check(&ok, NULL), 0);
	r = ok, r.freq = (mo_recur_freq)9;
	assert_refused(&r, "repeat: unknown frequency 9");
	r = ok, r.interval = 53;
	assert_refused(&r, "repeat: every: expected 1 to 52, got 53");
	r = ok, r.interval = -1;
	assert_refused(&r, "expected 1 to 52, got -1");
	r = ok, r.weekdays = 1;
	assert_refused(&r, "repeat: weekdays (\"on\") are for weekly rules, "
		       "not daily");
	r = ok, r.freq = MO_RECUR_WEEKLY, r.weekdays = 0x80;
	assert_refused(&r, "repeat: weekdays: expected bits 0 (Monday) to 6 "
		       "(Sunday), got 0x80");
	r = ok, r.until_day = first + 3;
	assert_refused(&r, "repeat: until and count cannot both be given");
	r = ok, r.count = 1001;
	assert_refused(&r, "repeat: count: expected 1 to 1000, got 1001");
	r = ok, r.count = -2;
	assert_refused(&r, "repeat: count: expected 1 to 1000, got -2");
	r = ok, r.count = 0, r.until_day = first - 1;
	assert_refused(&r, "repeat: until 2026-11-30 is before the first day "
		       "2026-12-01");
	r = ok, r.first_day = -1;
	assert_refused(&r, "repeat: first day: expected a date from 1970 to "
		       "2999");
	/* once takes no parts */
	r = ok, r.freq = MO_RECUR_ONCE;
	assert_refused(&r, "repeat: once takes no every, until or count");
	r.count = 0, r.interval = 2;
	assert_refused(&r, "once takes no");
	r.interval = 1, r.until_day = first;
	assert_refused(&r, "once takes no");
	r.until_day = 0, r.weekdays = 4;
	assert_refused(&r, "for weekly rules, not once");
	r.weekdays = 0;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	/* interval 0 is 1 */
	r = ok, r.interval = 0;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
}

static void test_check_span(void **state)
{
	int32_t first = D("2026-12-01");
	mo_recur r = {MO_RECUR_DAILY, 1, 0, first, D("2031-12-01"), 0, NULL, 0};
	(void)state;
	/* five years to the day is the limit */
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.until_day++;
	assert_refused(&r, "repeat: until 2031-12-02 is more than 5 years "
		       "after the first day 2026-12-01");
	/* by count: 1000 daily fit (2.7 years), 300 weekly do not */
	r.until_day = 0, r.count = 1000;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.freq = MO_RECUR_WEEKLY;
	r.count = 262; /* the 262nd Tuesday is 1827 days later */
	assert_refused(&r, "repeat: count 262 ends more than 5 years after the "
		       "first day 2026-12-01");
	r.count = 261;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	/* monthly by count, stepped */
	r.freq = MO_RECUR_MONTHLY_DAY, r.count = 62;
	assert_refused(&r, "count 62 ends more than 5 years");
	r.count = 61; /* 2031-12-01: five years to the day */
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.count = 61, r.first_day = D("2026-01-31"); /* 31sts: 7 a year */
	assert_refused(&r, "count 61 ends");
	r.count = 35;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.count = 1000, r.interval = 52;
	assert_refused(&r, "count 1000 ends more than 5 years");
	/* February 29th on a leap day plus five years */
	r = (mo_recur){MO_RECUR_DAILY, 1, 0, D("2028-02-29"), D("2033-03-01"),
		       0, NULL, 0};
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.until_day++;
	assert_refused(&r, "more than 5 years");
}

static void test_check_exceptions(void **state)
{
	static int32_t ex[MO_RECUR_MAX_EXCEPT + 1];
	int32_t first = D("2026-12-01");
	mo_recur r = {MO_RECUR_DAILY, 1, 0, first, 0, 1000, ex, 2};
	(void)state;
	for (int i = 0; i <= MO_RECUR_MAX_EXCEPT; i++)
		ex[i] = first + i;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.nexcept = MO_RECUR_MAX_EXCEPT;
	assert_int_equal(mo_recur_check(&r, NULL), 0);
	r.nexcept = MO_RECUR_MAX_EXCEPT + 1;
	assert_refused(&r, "repeat: at most 1000 exceptions, got 1001");
	ex[1] = ex[0];
	r.nexcept = 2;
	assert_refused(&r, "repeat: exceptions must be in increasing order, "
		       "without repeats (2026-12-01)");
	ex[1] = ex[0] - 1;
	assert_refused(&r, "in increasing order");
}

/* ---- frequencies ---- */

static void test_once(void **state)
{
	mo_recur r = {.freq = MO_RECUR_ONCE, .first_day = D("2026-12-01")};
	int32_t last = 0;
	seen s;
	(void)state;
	assert_string_equal(expand(&r, "2026-01-01", "2027-01-01", &s),
			    "2026-12-01");
	assert_string_equal(expand(&r, "2026-12-01", "2026-12-01", &s),
			    "2026-12-01");
	assert_string_equal(expand(&r, "2026-12-02", "2027-01-01", &s), "");
	assert_string_equal(expand(&r, "2026-11-01", "2026-11-30", &s), "");
	/* an empty window */
	assert_string_equal(expand(&r, "2026-12-02", "2026-12-01", &s), "");
	assert_int_equal(mo_recur_last(&r, &last, NULL), 0);
	assert_int_equal(last, D("2026-12-01"));
}

static void test_daily(void **state)
{
	seen s;
	(void)state;
	assert_string_equal(rule_days("daily count 3", "2026-12-30",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-12-30 2026-12-31 2027-01-01");
	assert_string_equal(rule_days("daily every 3 days until 2026-12-13",
				      "2026-12-01", "2026-01-01", "2027-12-31",
				      &s),
			    "2026-12-01 2026-12-04 2026-12-07 2026-12-10 "
			    "2026-12-13");
	/* until is inclusive, and need not be an occurrence */
	assert_string_equal(rule_days("daily every 3 days until 2026-12-12",
				      "2026-12-01", "2026-12-05", "2027-12-31",
				      &s), "2026-12-07 2026-12-10");
	/* a window between occurrences */
	assert_string_equal(rule_days("daily every 3 days count 10",
				      "2026-12-01", "2026-12-05", "2026-12-06",
				      &s), "");
}

static void test_weekly(void **state)
{
	seen s;
	(void)state;
	/* 2026-12-01 is a Tuesday */
	assert_string_equal(rule_days("weekly on mon,wed,fri count 5",
				      "2026-12-01", "2026-01-01", "2027-12-31",
				      &s),
			    "2026-12-02 2026-12-04 2026-12-07 2026-12-09 "
			    "2026-12-11");
	/* without days: the first day's weekday */
	assert_string_equal(rule_days("weekly count 3", "2026-12-01",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-12-01 2026-12-08 2026-12-15");
	/* every 2 weeks, counted from the week (Monday-based) of the first
	 * day: its Sunday is in week 0 */
	assert_string_equal(rule_days("weekly every 2 weeks on tue,sun until "
				      "2026-12-31", "2026-12-01", "2026-01-01",
				      "2027-12-31", &s),
			    "2026-12-01 2026-12-06 2026-12-15 2026-12-20 "
			    "2026-12-29");
	/* python-dateutil, WKST=MO (libical disagrees: it ignores WKST) */
	assert_string_equal(rule_days("weekly every 3 weeks on sun count 3",
				      "2025-01-06", "2025-01-01", "2025-12-31",
				      &s), "2025-01-12 2025-02-02 2025-02-23");
	/* every day of the week is every day */
	assert_string_equal(rule_days("weekly on mon,tue,wed,thu,fri,sat,sun "
				      "until 2026-12-04", "2026-12-01",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-12-01 2026-12-02 2026-12-03 2026-12-04");
	/* count across several weeks, arithmetically */
	assert_string_equal(rule_days("weekly every 2 weeks on mon,thu count 7",
				      "2026-12-03", "2027-01-01", "2027-12-31",
				      &s), "2027-01-11 2027-01-14");
}

static void test_monthly_day(void **state)
{
	mo_recur r = {0};
	seen s;
	(void)state;
	/* months without a 31st are skipped, not moved */
	assert_string_equal(rule_days("monthly_day count 7", "2026-01-31",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-01-31 2026-03-31 2026-05-31 2026-07-31 "
			    "2026-08-31 2026-10-31 2026-12-31");
	assert_string_equal(rule_days("monthly every 2 months until 2027-06-30",
				      "2026-12-15", "2026-01-01", "2027-12-31",
				      &s), "2026-12-15 2027-02-15 2027-04-15 "
				      "2027-06-15");
	/* the 30th: February is skipped */
	assert_string_equal(rule_days("monthly_day count 3", "2027-01-30",
				      "2027-01-01", "2027-12-31", &s),
			    "2027-01-30 2027-03-30 2027-04-30");
	/* February 29th every 12 months: leap years only */
	assert_string_equal(rule_days("monthly_day every 12 months until "
				      "2029-01-01", "2024-02-29", "2024-01-01",
				      "2030-12-31", &s),
			    "2024-02-29 2028-02-29");
	assert_int_equal(mo_recur_parse("monthly_day every 12 months count 2",
					&r, NULL), 0);
	r.first_day = D("2024-02-29");
	assert_string_equal(expand(&r, "2024-01-01", "2030-12-31", &s),
			    "2024-02-29 2028-02-29");
}

static void test_monthly_weekday(void **state)
{
	seen s;
	(void)state;
	/* 2026-12-08 is the 2nd Tuesday of December */
	assert_string_equal(rule_days("monthly_weekday count 4", "2026-12-08",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-12-08 2027-01-12 2027-02-09 2027-03-09");
	/* the 5th Tuesday (2026-12-29) means the last Tuesday */
	assert_string_equal(rule_days("monthly_weekday count 4", "2026-12-29",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-12-29 2027-01-26 2027-02-23 2027-03-30");
	/* the 4th Tuesday that is also the last stays the 4th */
	assert_string_equal(rule_days("monthly_weekday count 2", "2026-11-24",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-11-24 2026-12-22");
	/* the 1st Monday every 3 months */
	assert_string_equal(rule_days("monthly_weekday every 3 months until "
				      "2027-12-31", "2027-01-04", "2027-01-01",
				      "2027-12-31", &s),
			    "2027-01-04 2027-04-05 2027-07-05 2027-10-04");
	/* the 31st Saturday (5th) in a month of 4 Saturdays: the last one */
	assert_string_equal(rule_days("monthly_weekday count 2", "2026-10-31",
				      "2026-01-01", "2027-12-31", &s),
			    "2026-10-31 2026-11-28");
}

/* ---- exceptions and count (RFC 5545) ---- */

static void test_exceptions_rfc(void **state)
{
	int32_t ex[3] = {D("2026-12-02"), D("2026-12-04"), D("2027-05-01")};
	mo_recur r = {MO_RECUR_DAILY, 1, 0, D("2026-12-01"), 0, 5, ex, 3};
	int32_t last;
	seen s;
	(void)state;
	/* count 5 with two of them excepted: 3 days, the last still the 5th */
	assert_string_equal(expand(&r, "2026-01-01", "2027-12-31", &s),
			    "2026-12-01 2026-12-03 2026-12-05");
	assert_int_equal(mo_recur_last(&r, &last, NULL), 0);
	assert_int_equal(last, D("2026-12-05"));
	assert_true(mo_recur_occurs(&r, D("2026-12-02"))); /* exceptions aside */
	/* with until */
	r.count = 0;
	r.until_day = D("2026-12-06");
	assert_string_equal(expand(&r, "2026-12-02", "2026-12-04", &s),
			    "2026-12-03");
	/* an exception on the first day */
	ex[0] = D("2026-12-01");
	assert_string_equal(expand(&r, "2026-01-01", "2027-12-31", &s),
			    "2026-12-02 2026-12-03 2026-12-05 2026-12-06");
	/* weekly count with an exception */
	r = (mo_recur){MO_RECUR_WEEKLY, 1, 0x1 | 0x4, D("2026-11-30"), 0, 4,
		       ex, 1};
	ex[0] = D("2026-12-07");
	assert_string_equal(expand(&r, "2026-01-01", "2027-12-31", &s),
			    "2026-11-30 2026-12-02 2026-12-09");
}

/* ---- windows far from the first day ---- */

static void test_far_windows(void **state)
{
	seen s;
	(void)state;
	assert_string_equal(rule_days("daily every 7 days until 2031-11-30",
				      "2026-12-01", "2031-11-01", "2031-11-30",
				      &s), "2031-11-04 2031-11-11 2031-11-18 "
				      "2031-11-25");
	assert_string_equal(rule_days("weekly every 5 weeks on mon,fri until "
				      "2031-11-30", "2026-12-01", "2031-09-01",
				      "2031-11-30", &s),
			    "2031-09-15 2031-09-19 2031-10-20 2031-10-24 "
			    "2031-11-24 2031-11-28");
	assert_string_equal(rule_days("monthly_weekday until 2031-11-30",
				      "2026-12-29", "2031-09-01", "2031-11-30",
				      &s), "2031-09-30 2031-10-28 2031-11-25");
	/* the window past the count's end */
	assert_string_equal(rule_days("weekly on mon count 10", "2026-12-07",
				      "2027-02-08", "2027-12-31", &s), "2027-02-08");
	assert_string_equal(rule_days("weekly on mon count 10", "2026-12-07",
				      "2027-02-09", "2027-12-31", &s), "");
	/* a window before the first day */
	assert_string_equal(rule_days("daily count 2", "2026-12-07",
				      "2026-01-01", "2026-12-06", &s), "");
}

static void test_stop(void **state)
{
	mo_recur r = {MO_RECUR_DAILY, 1, 0, D("2026-12-01"), 0, 100, NULL, 0};
	seen s = {.stop_after = 3};
	(void)state;
	assert_int_equal(mo_recur_expand(&r, r.first_day, r.first_day + 50,
					 keep, &s, NULL), 42);
	assert_int_equal(s.n, 3);
}

static void test_last_and_occurs(void **state)
{
	mo_recur r = {0};
	mo_err e = {0};
	int32_t last = -1;
	(void)state;
	assert_int_equal(mo_recur_parse("weekly on mon,fri until 2026-12-31",
					&r, NULL), 0);
	r.first_day = D("2026-12-01");
	assert_int_equal(mo_recur_last(&r, &last, NULL), 0);
	assert_int_equal(last, D("2026-12-28")); /* the last Monday */
	assert_true(mo_recur_occurs(&r, D("2026-12-04")));
	assert_false(mo_recur_occurs(&r, D("2026-12-01"))); /* a Tuesday */
	assert_false(mo_recur_occurs(&r, D("2027-01-01")));  /* after until */
	assert_false(mo_recur_occurs(&r, D("2026-11-30")));  /* before */
	/* no day fits: refused */
	r.until_day = D("2026-12-03");
	assert_int_equal(mo_recur_last(&r, &last, &e), MO_EINVAL);
	assert_msg(e, "repeat: no day from 2026-12-01 to 2026-12-03 fits "
		   "\"weekly on mon,fri until 2026-12-03\"");
	/* count: the count-th */
	assert_int_equal(mo_recur_parse("monthly_day count 3", &r, NULL), 0);
	r.first_day = D("2026-12-31");
	assert_int_equal(mo_recur_last(&r, &last, NULL), 0);
	assert_int_equal(last, D("2027-03-31"));
	/* an invalid rule */
	r.count = 0;
	assert_int_equal(mo_recur_last(&r, &last, &e), MO_EINVAL);
	assert_false(mo_recur_occurs(&r, r.first_day));
}

/* ---- the text form ---- */

static void assert_round_trip(const char *text, const char *canonical)
{
	char buf[MO_RECUR_TEXT], again[MO_RECUR_TEXT];
	mo_recur r = {0}, r2 = {0};
	mo_err e = {0};
	if (mo_recur_parse(text, &r, &e))
		fail_msg("parse \"%s\": %s", text, e.msg);
	mo_recur_format(&r, buf, sizeof buf);
	if (strcmp(buf, canonical) != 0)
		fail_msg("\"%s\" formats as \"%s\", want \"%s\"", text, buf,
			 canonical);
	assert_int_equal(mo_recur_parse(buf, &r2, &e), 0);
	assert_string_equal(mo_recur_format(&r2, again, sizeof again), buf);
}

static void test_text(void **state)
{
	mo_recur r = {0};
	char buf[MO_RECUR_TEXT];
	(void)state;
	assert_round_trip("weekly every 2 weeks on mon,wed until 2027-06-30",
			  "weekly every 2 weeks on mon,wed until 2027-06-30");
	assert_round_trip("  Weekly  On Wed, Mon  UNTIL 2027-06-30 every 2 week",
			  "weekly every 2 weeks on mon,wed until 2027-06-30");
	assert_round_trip("weekly on monday,friday, sunday count 3",
			  "weekly on mon,fri,sun count 3");
	assert_round_trip("weekly every 1 week count 3", "weekly count 3");
	assert_round_trip("once", "once");
	assert_round_trip("daily every 3 days count 1000",
			  "daily every 3 days count 1000");
	assert_round_trip("monthly until 2027-06-30",
			  "monthly_day until 2027-06-30");
	assert_round_trip("monthly_weekday every 52 months count 2",
			  "monthly_weekday every 52 months count 2");
	/* the longest text fits */
	assert_round_trip("weekly every 52 weeks on mon,tue,wed,thu,fri,sat,sun "
			  "until 2027-06-30", "weekly every 52 weeks on "
			  "mon,tue,wed,thu,fri,sat,sun until 2027-06-30");
	/* parse leaves first_day and exceptions alone */
	r.first_day = 77;
	r.nexcept = 0;
	assert_int_equal(mo_recur_parse("daily count 2", &r, NULL), 0);
	assert_int_equal(r.first_day, 77);
	assert_int_equal(r.freq, MO_RECUR_DAILY);
	assert_int_equal(r.interval, 1);
	assert_int_equal(r.count, 2);
	/* a small buffer is cut, not overrun */
	r.freq = MO_RECUR_WEEKLY;
	r.weekdays = MO_RECUR_ALL_DAYS;
	assert_string_equal(mo_recur_format(&r, buf, 12), "weekly on m");
	assert_string_equal(mo_recur_days_format(0x41, buf, sizeof buf),
			    "mon,sun");
	assert_int_equal(mo_recur_day_index("SUNDAY", 6), 6);
	assert_int_equal(mo_recur_day_index("sund", 4), -1);
	assert_string_equal(mo_recur_freq_name((mo_recur_freq)7), "?");
}

static void assert_parse_error(const char *text, const char *msg)
{
	mo_recur r = {0};
	mo_err e = {0};
	assert_int_equal(mo_recur_parse(text, &r, &e), MO_EINVAL);
	assert_int_equal(e.code, MO_EINVAL);
	assert_msg(e, msg);
}

static void test_text_errors(void **state)
{
	(void)state;
	assert_parse_error("", "repeat: expected once, daily, weekly, "
			   "monthly_day or monthly_weekday, got \"\"");
	assert_parse_error(NULL, "got \"\"");
	assert_parse_error("wekly on mon count 2",
			   "got \"wekly\" (did you mean \"weekly\"?)");
	assert_parse_error("weekly every 0 weeks count 2",
			   "repeat: every: expected a number from 1 to 52, got "
			   "\"0\"");
	assert_parse_error("weekly every 53 weeks count 2", "got \"53\"");
	assert_parse_error("weekly every two weeks", "got \"two\"");
	assert_parse_error("weekly every", "got \"\"");
	assert_parse_error("weekly every 2 days count 2",
			   "repeat: every 2: weekly repeats in weeks (\"every 2 "
			   "weeks\"), got \"days\"");
	assert_parse_error("monthly_weekday every 2", "monthly_weekday repeats "
			   "in months (\"every 2 months\"), got \"\"");
	assert_parse_error("daily on mon count 2",
			   "repeat: \"on\" days are for weekly rules, not daily");
	assert_parse_error("weekly on mnday count 2",
			   "repeat: on: expected weekdays such as mon,wed (mon "
			   "tue wed thu fri sat sun), got \"mnday\" (did you mean "
			   "\"monday\"?)");
	assert_parse_error("weekly on mon,,wed count 2", "got \"\"");
	assert_parse_error("weekly on mon,", "got \"\"");
	assert_parse_error("weekly on", "got \"\"");
	assert_parse_error("weekly until 2027-02-30", "repeat: until: expected");
	assert_parse_error("weekly until tomorrow", "repeat: until: expected");
	assert_parse_error("weekly until", "repeat: until: expected a date such "
			   "as 2027-06-30");
	assert_parse_error("daily count 0", "repeat: count: expected a number "
			   "from 1 to 1000, got \"0\"");
	assert_parse_error("daily count 1001", "got \"1001\"");
	assert_parse_error("daily count 99999999999999999999", "got \"9999");
	assert_parse_error("daily count -3", "got \"-3\"");
	assert_parse_error("daily count 2 count 3",
			   "repeat: \"count\" given twice");
	assert_parse_error("daily until 2027-01-01 count 3",
			   "repeat: until and count cannot both be given");
	assert_parse_error("once count 3", "repeat: once takes no \"count\"");
	assert_parse_error("once every 2 days", "once takes no \"every\"");
	assert_parse_error("daily untill 2027-01-01",
			   "repeat: unexpected \"untill\" (expected every, on, "
			   "until or count) (did you mean \"until\"?)");
	assert_parse_error("daily count 2 x x x x x x x x x x x x x x x x x x x "
			   "x x x", "repeat: too many words (at most 24)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_never_ending_refused),
		cmocka_unit_test(test_check_invalid),
		cmocka_unit_test(test_check_span),
		cmocka_unit_test(test_check_exceptions),
		cmocka_unit_test(test_once),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_weekly),
		cmocka_unit_test(test_monthly_day),
		cmocka_unit_test(test_monthly_weekday),
		cmocka_unit_test(test_exceptions_rfc),
		cmocka_unit_test(test_far_windows),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_last_and_occurs),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
