/* tz.c: wall-clock time in an IANA zone (see tz.h). The zone is put in
 * TZ for the C library (cached: set again only when it changes); local
 * fields go through mktime and come back through localtime_r, and a time
 * whose fields do not come back is in the spring-forward gap. It uses the
 * C library, units.h and clock.h (for today). */
#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "units.h"

static char current[128];

static int use_zone(const char *zone, mo_err *e)
{
	if (!zone || !*zone || strlen(zone) >= sizeof current)
		return mo_err_set(e, MO_EINVAL, "time zone: expected an IANA "
				  "zone such as America/Chicago");
	if (strcmp(zone, current) == 0)
		return 0;
	if (setenv("TZ", zone, 1) != 0)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	tzset();
	snprintf(current, sizeof current, "%s", zone);
	return 0;
}

static void fill_tm(struct tm *tm, int32_t day, int32_t sec, int isdst)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	memset(tm, 0, sizeof *tm);
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	tm->tm_hour = sec / 3600;
	tm->tm_min = sec / 60 % 60;
	tm->tm_sec = sec % 60;
	tm->tm_isdst = isdst;
}

/* The instant of the local fields with isdst, if they come back as the
 * same local time; else -1 (there is no such instant with that isdst). */
static int64_t try_isdst(int32_t day, int32_t sec, int isdst)
{
	struct tm tm, back;
	time_t t;
	fill_tm(&tm, day, sec, isdst);
	t = mktime(&tm);
	if (t == (time_t)-1 || !localtime_r(&t, &back))
		return -1;
	fill_tm(&tm, day, sec, back.tm_isdst);
	if (back.tm_year != tm.tm_year || back.tm_mon != tm.tm_mon ||
	    back.tm_mday != tm.tm_mday || back.tm_hour != tm.tm_hour ||
	    back.tm_min != tm.tm_min || back.tm_sec != tm.tm_sec ||
	    back.tm_isdst != isdst)
		return -1;
	return (int64_t)t;
}

/* In the gap: the instant the same local time reaches with the offset
 * from before the gap, which reads as that time plus the gap's length. */
static int64_t shifted(int32_t day, int32_t sec)
{
	struct tm tm;
	fill_tm(&tm, day, sec, -1);
	return (int64_t)mktime(&tm);
}

int mo_tz_to_utc(const char *zone, int32_t day, int32_t sec, mo_tz_gap gap,
		 int64_t *us, mo_err *e)
{
	int64_t dst, std, t;
	char d[11];
	int rc = use_zone(zone, e);
	if (rc)
		return rc;
	if (sec < 0 || sec > 86400)
		return mo_err_set(e, MO_EINVAL, "time of day: expected 00:00 to "
				  "24:00");
	if (sec == 86400) /* the end of the day: the next midnight */
		day++, sec = 0;
	dst = try_isdst(day, sec, 1);
	std = try_isdst(day, sec, 0);
	/* In the overlap both exist: the first (daylight) one wins. */
	t = dst >= 0 && (std < 0 || dst < std) ? dst : std;
	if (t < 0 && gap == MO_TZ_STRICT)
		return mo_err_set(e, MO_EINVAL, "%s %02d:%02d does not exist in "
				  "%s: the clocks move forward then",
				  mo_date_format(day, d), sec / 3600,
				  sec / 60 % 60, zone);
	if (t < 0)
		t = shifted(day, sec);
	*us = t * 1000000;
	return 0;
}

int mo_tz_from_utc(const char *zone, int64_t us, int32_t *day, int32_t *sec,
		   mo_err *e)
{
	time_t t = (time_t)(us >= 0 ? us / 1000000 : (us - 999999) / 1000000);
	struct tm tm;
	int rc = use_zone(zone, e);
	if (rc)
		return rc;
	if (!localtime_r(&t, &tm))
		return mo_err_set(e, MO_EINVAL, "instant out of range");
	*day = mo_days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	*sec = tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
	return 0;
}

int mo_tz_day_bounds(const char *zone, int32_t first, int32_t last,
		     int64_t *from, int64_t *to, mo_err *e)
{
	int rc = mo_tz_to_utc(zone, first, 0, MO_TZ_SHIFT, from, e);
	return rc ? rc : mo_tz_to_utc(zone, last + 1, 0, MO_TZ_SHIFT, to, e);
}

int32_t mo_tz_today(const char *zone)
{
	int32_t day, sec;
	if (mo_tz_from_utc(zone, mo_clock_now_us(), &day, &sec, NULL))
		return mo_clock_today_days();
	return day;
}

char *mo_tz_format(const char *zone, int64_t us, char buf[32])
{
	int32_t day, sec;
	char d[11];
	if (mo_tz_from_utc(zone, us, &day, &sec, NULL))
		snprintf(buf, 32, "(invalid)");
	else
		snprintf(buf, 32, "%s %02d:%02d", mo_date_format(day, d),
			 sec / 3600, sec / 60 % 60);
	return buf;
}

int mo_tz_parse_local(const char *s, int32_t *day, int32_t *sec, mo_err *e)
{
	char date[11];
	int minutes;
	if (!s || strlen(s) != 16 || s[10] != ' ')
		goto bad;
	snprintf(date, sizeof date, "%.10s", s);
	if (mo_date_parse(date, day, NULL) ||
	    mo_time_parse(s + 11, &minutes, NULL) || minutes >= 24 * 60)
		goto bad;
	*sec = minutes * 60;
	return 0;
bad:
	return mo_err_set(e, MO_EINVAL, "expected a local time such as "
			  "\"2026-12-01 09:30\", got \"%s\"", s ? s : "");
}
