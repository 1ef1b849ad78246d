/* units.h: parsing and formatting of the units practice data is written in:
 * money (integer cents, never floating point), durations, dates, times of
 * day, byte sizes and IANA time-zone names. Every parser reads text exactly
 * (no strtod) and on failure fills mo_err with what was expected, without a
 * location; callers that know the location (config.c) put it in front.
 * It uses only the C library and the system zoneinfo files. */
#ifndef MO_UNITS_H
#define MO_UNITS_H

#include "mo.h"

/* "125", "125.5", "125.00", "-3.10", "0.07" -> cents. At most two decimals,
 * no exponent, no thousands separators, no currency sign; |value| below
 * 10^15 cents. "125.005" is refused (not exact cents). */
int mo_money_parse(const char *s, int64_t *cents, mo_err *e);
/* Writes "-1234.56" style text (no sign for >= 0) into buf; returns buf. */
char *mo_money_format(int64_t cents, char buf[32]);

/* "90s", "15m", "2h", "48h", "3d", "2w", and sums such as "1h30m" ->
 * seconds. Zero ("0m") is allowed; negative is not. */
int mo_duration_parse(const char *s, int64_t *seconds, mo_err *e);

/* "YYYY-MM-DD" (a real calendar date, years 1900..2999) -> days since
 * 1970-01-01. */
int mo_date_parse(const char *s, int32_t *days, mo_err *e);
/* days since 1970-01-01 -> "YYYY-MM-DD" in buf; returns buf. */
char *mo_date_format(int32_t days, char buf[11]);
/* Civil date <-> days since 1970-01-01 (proleptic Gregorian). */
int32_t mo_days_from_civil(int y, int m, int d);
void mo_civil_from_days(int32_t days, int *y, int *m, int *d);
/* 0 = Monday .. 6 = Sunday. */
int mo_weekday(int32_t days);

/* "HH:MM" 00:00..24:00 -> minutes after midnight (24:00 -> 1440). */
int mo_time_parse(const char *s, int *minutes, mo_err *e);

/* "65536", "512KB", "64MB", "1GB" (powers of 1024) -> bytes. */
int mo_size_parse(const char *s, int64_t *bytes, mo_err *e);

/* An IANA zone name ("America/Chicago", "UTC") that exists in the system
 * zoneinfo database ($TZDIR or /usr/share/zoneinfo). Refuses absolute
 * paths, "..", and files that are not TZif data. */
int mo_tz_check(const char *name, mo_err *e);

/* Writes the first len bytes of s into buf as a double-quoted string
 * for an error message: quotes and backslashes escaped, control bytes as
 * \xNN, cut with "..." after MO_QUOTE_MAX characters; returns buf ("" when
 * size < 8). */
#define MO_QUOTE_MAX 48
const char *mo_quote(const char *s, size_t len, char *buf, size_t size);

/* Levenshtein distance, capped: returns cap+1 when larger. For "did you
 * mean" suggestions. */
int mo_edit_distance(const char *a, const char *b, int cap);
/* The candidate closest to word (distance <= 2, or <= 1/3 of its length
 * for longer words), or NULL. candidates ends with NULL. Not owned. */
const char *mo_suggest(const char *word, const char *const *candidates);

/* Characters (UTF-8 code points) in s, as SQLite's length() counts. */
size_t mo_utf8_chars(const char *s);

#endif
