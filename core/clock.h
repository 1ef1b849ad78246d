/* clock.h: the current instant, in microseconds since 1970-01-01 UTC, its
 * date (days since 1970-01-01) and its ISO 8601 form. MEDOFFICE_NOW (an
 * ISO instant such as "2026-11-23T09:00:00Z") fixes the clock, for
 * reproducible tests and golden files. It uses the C library. */
#ifndef MO_CLOCK_H
#define MO_CLOCK_H

#include "mo.h"

int64_t mo_clock_now_us(void);
/* Moves the clock forward by us (specs use it to test escalation and
 * expiry); mo_clock_shift_reset() undoes every shift. Not thread-safe. */
void mo_clock_shift(int64_t us);
void mo_clock_shift_reset(void);
/* Today's UTC date of that clock, in days since 1970-01-01. */
int32_t mo_clock_today_days(void);
/* "2026-11-23T18:04:05.123456Z" into buf; returns buf. */
char *mo_clock_format_us(int64_t us, char buf[32]);
/* Parses "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS[.ffffff]]Z". */
int mo_clock_parse_us(const char *s, int64_t *us, mo_err *e);

#endif
