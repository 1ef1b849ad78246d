/* test_tz.c: unit tests of core/tz.c: local times in zones other than the
 * machine's, the spring-forward gap (refused, or moved forward by its
 * length), the fall-back overlap (the first of the two instants), round
 * trips, a zone on the other side of the date line, and bad input. It uses
 * cmocka. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tz.h"
#include "units.h"

#define H 3600

static int64_t utc(const char *iso)
{
	int64_t us = 0;
	assert_int_equal(mo_clock_parse_us(iso, &us, NULL), 0);
	return us;
}

static int64_t local(const char *zone, const char *date, int sec,
		     mo_tz_gap gap, int *rc)
{
	int32_t day;
	int64_t us = 0;
	mo_err e;
	assert_int_equal(mo_date_parse(date, &day, NULL), 0);
	*rc = mo_tz_to_utc(zone, day, sec, gap, &us, &e);
	return us;
}

/* Today is the zone's date by the medoffice clock; a zone that cannot be
 * used gives the UTC date. */
static void test_today(void **state)
{
	char buf[11];
	(void)state;
	setenv("MEDOFFICE_NOW", "2026-11-24T03:00:00Z", 1);
	assert_string_equal(mo_date_format(mo_tz_today("America/Chicago"), buf),
			    "2026-11-23");
	assert_string_equal(mo_date_format(mo_tz_today("Asia/Tokyo"), buf),
			    "2026-11-24");
	assert_string_equal(mo_date_format(mo_tz_today("Nowhere/Special"),
					   buf), "2026-11-24");
	unsetenv("MEDOFFICE_NOW");
}

static void test_plain(void **state)
{
	int rc;
	(void)state;
	/* Chicago is UTC-6 in winter, UTC-5 in summer. */
	assert_true(local("America/Chicago", "2026-11-23", 9 * H + 1800,
			  MO_TZ_STRICT, &rc) == utc("2026-11-23T15:30:00Z"));
	assert_int_equal(rc, 0);
	assert_true(local("America/Chicago", "2026-07-01", 9 * H, MO_TZ_STRICT,
			  &rc) == utc("2026-07-01T14:00:00Z"));
	/* Auckland is ahead of UTC: its morning is the day before in UTC. */
	assert_true(local("Pacific/Auckland", "2026-11-24", 8 * H, MO_TZ_STRICT,
			  &rc) == utc("2026-11-23T19:00:00Z"));
}

static void test_gap(void **state)
{
	mo_err e;
	int32_t day;
	int64_t us;
	int rc;
	(void)state;
	/* 2027-03-14: Chicago springs from 02:00 to 03:00. */
	assert_int_equal(mo_date_parse("2027-03-14", &day, NULL), 0);
	rc = mo_tz_to_utc("America/Chicago", day, 2 * H + 1800, MO_TZ_STRICT,
			  &us, &e);
	assert_int_equal(rc, MO_EINVAL);
	assert_non_null(strstr(e.msg, "2027-03-14 02:30 does not exist in "
			       "America/Chicago"));
	/* Shifted: 02:30 becomes 03:30 CDT = 08:30 UTC. */
	assert_true(local("America/Chicago", "2027-03-14", 2 * H + 1800,
			  MO_TZ_SHIFT, &rc) == utc("2027-03-14T08:30:00Z"));
	assert_int_equal(rc, 0);
	/* Either side of the gap is fine. */
	assert_true(local("America/Chicago", "2027-03-14", 1 * H + 59 * 60,
			  MO_TZ_STRICT, &rc) == utc("2027-03-14T07:59:00Z"));
	assert_true(local("America/Chicago", "2027-03-14", 3 * H, MO_TZ_STRICT,
			  &rc) == utc("2027-03-14T08:00:00Z"));
}

static void test_overlap(void **state)
{
	int32_t day, sec;
	int rc;
	(void)state;
	/* 2026-11-01: Chicago falls back from 02:00 CDT to 01:00 CST; 01:30
	 * happens twice, and the first (CDT, 06:30 UTC) is taken. */
	assert_true(local("America/Chicago", "2026-11-01", 1 * H + 1800,
			  MO_TZ_STRICT, &rc) == utc("2026-11-01T06:30:00Z"));
	assert_int_equal(rc, 0);
	/* Both instants read back as 01:30 that day. */
	assert_int_equal(mo_tz_from_utc("America/Chicago",
					utc("2026-11-01T07:30:00Z"), &day, &sec,
					NULL), 0);
	assert_int_equal(sec, 1 * H + 1800);
	assert_int_equal(mo_tz_from_utc("America/Chicago",
					utc("2026-11-01T06:30:00Z"), &day, &sec,
					NULL), 0);
	assert_int_equal(sec, 1 * H + 1800);
}

static void test_round_trip(void **state)
{
	char buf[32];
	int32_t day, sec;
	int64_t us;
	(void)state;
	for (int h = 0; h < 24; h++) {
		assert_int_equal(mo_date_parse("2026-03-08", &day, NULL), 0);
		if (mo_tz_to_utc("America/New_York", day, h * H, MO_TZ_STRICT,
				 &us, NULL))
			continue; /* 02:00 does not exist that day */
		assert_int_equal(mo_tz_from_utc("America/New_York", us, &day,
						&sec, NULL), 0);
		assert_int_equal(sec, h * H);
	}
	assert_string_equal(mo_tz_format("Europe/Berlin",
					 utc("2026-11-23T08:00:00Z"), buf),
			    "2026-11-23 09:00");
}

static void test_bad(void **state)
{
	mo_err e;
	int64_t us;
	(void)state;
	assert_int_equal(mo_tz_to_utc("", 0, 0, MO_TZ_STRICT, &us, &e),
			 MO_EINVAL);
	assert_int_equal(mo_tz_to_utc("UTC", 0, 86401, MO_TZ_STRICT, &us, &e),
			 MO_EINVAL);
	/* 24:00 is the next midnight */
	assert_int_equal(mo_tz_to_utc("UTC", 0, 86400, MO_TZ_STRICT, &us, &e), 0);
	assert_true(us == 86400LL * 1000000);
	assert_int_equal(mo_tz_to_utc("UTC", 0, -1, MO_TZ_STRICT, &us, &e),
			 MO_EINVAL);
}

static void test_parse_local(void **state)
{
	static const char *const bad[] = {"2026-11-23", "2026-11-23 9:30",
		"2026-11-23 09:3x", "2026-11-23T09:30", "2026-02-30 09:30",
		"2026-11-23 24:00", "2026-11-23 09:30 ", "", NULL};
	int32_t day, sec;
	mo_err e;
	(void)state;
	assert_int_equal(mo_tz_parse_local("2026-11-23 09:30", &day, &sec, &e),
			 0);
	assert_int_equal(sec, 9 * H + 1800);
	for (int i = 0; bad[i]; i++)
		assert_int_equal(mo_tz_parse_local(bad[i], &day, &sec, &e),
				 MO_EINVAL);
	assert_non_null(strstr(e.msg, "expected a local time"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_today),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_gap),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_parse_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
