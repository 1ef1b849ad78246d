/* tz.h: wall-clock time in the practice's IANA time zone. Instants are
 * stored in UTC (microseconds); people book "Tuesday at 09:30" in the
 * practice's zone. A local time is a day (days since 1970-01-01, as
 * units.h) and a second of that day. Two rules make every local time map
 * to one instant, documented in README "Time":
 *   - a local time in the spring-forward gap does not exist: strict
 *     conversion refuses it (booking), MO_TZ_SHIFT moves it forward by the
 *     length of the gap (02:30 becomes 03:30), which recurring sessions
 *     and blocks use;
 *   - a local time in the fall-back overlap happens twice: it is the first
 *     of the two (the earlier instant, still on daylight time).
 * It uses the C library's zoneinfo (TZ and localtime_r/mktime), one zone
 * at a time; not thread-safe. */
#ifndef MO_TZ_H
#define MO_TZ_H

#include "mo.h"

typedef enum {
	MO_TZ_STRICT, /* a time in the gap is MO_EINVAL */
	MO_TZ_SHIFT,  /* a time in the gap moves forward by the gap */
} mo_tz_gap;

/* The UTC instant of local time (day, second of day) in zone; second
 * 86400 is the end of the day (the next midnight). */
int mo_tz_to_utc(const char *zone, int32_t day, int32_t sec, mo_tz_gap gap,
		 int64_t *us, mo_err *e);

/* The local day and second of day of instant us in zone. */
int mo_tz_from_utc(const char *zone, int64_t us, int32_t *day, int32_t *sec,
		   mo_err *e);

/* The UTC instants of the start of local day first and of the day after
 * last (the bounds of the days first..last in zone). */
int mo_tz_day_bounds(const char *zone, int32_t first, int32_t last,
		     int64_t *from, int64_t *to, mo_err *e);

/* Today in zone by the medoffice clock (clock.h); the UTC date when zone
 * cannot be used. */
int32_t mo_tz_today(const char *zone);

/* Parses a local time "2026-11-23 09:30" into day and second of the day
 * (no zone needed); MO_EINVAL saying what was expected. */
int mo_tz_parse_local(const char *s, int32_t *day, int32_t *sec, mo_err *e);

/* "2026-11-23 09:30" (local) into buf; returns buf. */
char *mo_tz_format(const char *zone, int64_t us, char buf[32]);

#endif
