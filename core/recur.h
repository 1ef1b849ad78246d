/* recur.h: recurrence rules of local-day events (blocks in a provider's
 * schedule), a subset of RFC 5545 RRULE plus EXDATE: once, daily, weekly
 * on some weekdays, monthly on the same day of the month, monthly on the
 * same nth weekday; every N units; ending on a day (until) or after a
 * number of occurrences (count). Days are days since 1970-01-01 (units.h)
 * in whatever zone the caller means; the rule knows nothing of time
 * zones. The semantics (README "Blocks"):
 *   - the occurrences are the days on or after first_day that fit the
 *     rule; first_day itself is one unless a weekly rule's weekdays leave
 *     it out (RFC 5545 leaves that case undefined);
 *   - weekly: weeks start on Monday (WKST=MO); "every 2 weeks" counts
 *     weeks from the week of first_day;
 *   - monthly_day: the day of the month of first_day; months without that
 *     day (the 31st, February 29th) are skipped, not moved (RFC 5545);
 *   - monthly_weekday: the nth weekday of the month of first_day (the 2nd
 *     Tuesday); a first_day that is the 5th such weekday means the LAST
 *     one of each month (BYDAY=-1TU), so that no month is skipped;
 *   - count counts occurrences from first_day, exceptions included: an
 *     exception removes an occurrence after counting (RFC 5545 EXDATE),
 *     so "count 10" with one exception happens 9 times;
 *   - a rule other than once must end (until or count, not both), within
 *     5 years of first_day; at most 1000 occurrences by count.
 * The text form is "FREQ [every N UNITS] [on DAYS] [until DATE | count
 * N]", for example "weekly every 2 weeks on mon,wed until 2027-06-30".
 * It uses units.h. */
#ifndef MO_RECUR_H
#define MO_RECUR_H

#include "mo.h"

typedef enum {
	MO_RECUR_ONCE,
	MO_RECUR_DAILY,
	MO_RECUR_WEEKLY,
	MO_RECUR_MONTHLY_DAY,
	MO_RECUR_MONTHLY_WEEKDAY,
} mo_recur_freq;

#define MO_RECUR_MAX_INTERVAL 52
#define MO_RECUR_MAX_COUNT 1000
#define MO_RECUR_MAX_EXCEPT 1000
#define MO_RECUR_MAX_YEARS 5
/* Room for the longest text form, with its NUL. */
#define MO_RECUR_TEXT 96

/* Weekday bits: bit 0 = Monday .. bit 6 = Sunday. */
#define MO_RECUR_MON (1u << 0)
#define MO_RECUR_ALL_DAYS 0x7Fu

typedef struct mo_recur {
	mo_recur_freq freq;
	int interval;          /* 1..52; 0 is taken as 1 */
	unsigned weekdays;     /* weekly only; 0 = the weekday of first_day */
	int32_t first_day;
	int32_t until_day;     /* last day occurrences may fall on; 0 = none */
	int count;             /* 0 = none */
	const int32_t *except; /* days, strictly increasing; borrowed */
	size_t nexcept;
} mo_recur;

/* "once", "daily", "weekly", "monthly_day", "monthly_weekday"; "?" for
 * a value out of range. Static. */
const char *mo_recur_freq_name(mo_recur_freq f);
/* The frequency named s (as above; "monthly" is monthly_day). */
int mo_recur_freq_parse(const char *s, mo_recur_freq *f, mo_err *e);

/* Checks a rule (messages start with "repeat: " and name the part):
 * interval 1..52, weekdays only for weekly and within 0x7F, an end for
 * anything but once (until or count, not both), count <= 1000, until not
 * before first_day, the last occurrence within 5 years of first_day,
 * first_day from 1970 to 2999, exceptions strictly increasing and at most
 * 1000. A once rule takes no interval above 1, weekdays, until or count. */
int mo_recur_check(const mo_recur *r, mo_err *e);

/* The rule with its defaults filled in: interval 0 -> 1, weekly
 * weekdays 0 -> the weekday of first_day. */
mo_recur mo_recur_normal(const mo_recur *r);

/* *last receives the day of the last occurrence (exceptions aside): the
 * first day for once, the count-th occurrence for count, else the last
 * occurrence on or before until. Checks the rule first. */
int mo_recur_last(const mo_recur *r, int32_t *last, mo_err *e);

/* Whether day is an occurrence of a checked rule, exceptions aside. */
bool mo_recur_occurs(const mo_recur *r, int32_t day);

/* Calls cb(ud, day) for each occurrence in [from_day, to_day], in order,
 * honouring count, until, interval and the exceptions. Cost: arithmetic
 * to the first occurrence on or after from_day (months are stepped for
 * monthly rules, at most 60), then one step per occurrence. A non-zero
 * return of cb stops the expansion and is returned. Checks the rule
 * first (MO_EINVAL with e filled). */
typedef int (*mo_recur_cb)(void *ud, int32_t day);
int mo_recur_expand(const mo_recur *r, int32_t from_day, int32_t to_day,
		    mo_recur_cb cb, void *ud, mo_err *e);

/* Reads the text form into r's freq, interval, weekdays, until_day and
 * count (first_day and the exceptions are left as they are). Words are
 * case-insensitive; "every" takes 1..52 and the unit of the frequency
 * ("day(s)", "week(s)", "month(s)"); "on" takes weekdays as
 * "mon,wed" or "mon, wed" (full names too), weekly only; "until" a date;
 * "count" 1..1000. Each part at most once, in any order. It does not
 * check the rule against first_day: call mo_recur_check. */
int mo_recur_parse(const char *text, mo_recur *r, mo_err *e);

/* The canonical text form of r into buf (size MO_RECUR_TEXT is always
 * enough): parts at their defaults are left out ("every 1 weeks", the
 * weekdays of a weekly rule given as 0). Returns buf. */
char *mo_recur_format(const mo_recur *r, char *buf, size_t size);

/* Weekday bits <-> "mon,wed" (buf of 28 bytes is enough). */
char *mo_recur_days_format(unsigned weekdays, char *buf, size_t size);
/* One weekday name ("mon" or "monday", any case) -> 0..6, or -1. */
int mo_recur_day_index(const char *name, size_t len);

#endif
