/* clock.c: the current instant and ISO 8601 instants (see clock.h). It
 * uses the C library and units.h for calendar arithmetic. */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "units.h"

static int64_t shift_us; /* mo_clock_shift() */

void mo_clock_shift(int64_t us)
{
	shift_us += us;
}

void mo_clock_shift_reset(void)
{
	shift_us = 0;
}

int64_t mo_clock_now_us(void)
{
	const char *fixed = getenv("MEDOFFICE_NOW");
	struct timespec ts;
	int64_t us;
	if (fixed && *fixed && mo_clock_parse_us(fixed, &us, NULL) == 0)
		return us + shift_us;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000 + shift_us;
}

int32_t mo_clock_today_days(void)
{
	int64_t us = mo_clock_now_us(), day = 86400LL * 1000000;
	return (int32_t)(us >= 0 ? us / day : (us - day + 1) / day);
}

char *mo_clock_format_us(int64_t us, char buf[32])
{
	int64_t s = us >= 0 ? us / 1000000 : (us - 999999) / 1000000;
	int64_t frac = us - s * 1000000;
	int32_t days = (int32_t)(s >= 0 ? s / 86400 : (s - 86399) / 86400);
	int64_t sod = s - (int64_t)days * 86400;
	int y, m, d;
	mo_civil_from_days(days, &y, &m, &d);
	snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", y, m, d,
		 (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
		 (int)frac);
	return buf;
}

/* Reads exactly n digits at s into *v. */
static bool digits(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (s[i] - '0');
	}
	return true;
}

/* Parses "THH:MM[:SS[.ffffff]]Z" into microseconds after midnight. */
static bool parse_clock(const char *s, int64_t *us)
{
	int h, mi, sec = 0, f = 0, nf = 0;
	if (*s != 'T' || !digits(s + 1, 2, &h) || s[3] != ':' ||
	    !digits(s + 4, 2, &mi))
		return false;
	s += 6;
	if (*s == ':' && digits(s + 1, 2, &sec))
		s += 3;
	if (*s == '.') {
		for (s++; *s >= '0' && *s <= '9' && nf < 6; s++, nf++)
			f = f * 10 + (*s - '0');
		if (nf == 0)
			return false;
		for (; nf < 6; nf++)
			f *= 10;
	}
	if (strcmp(s, "Z") != 0 || h > 23 || mi > 59 || sec > 59)
		return false;
	*us = ((int64_t)h * 3600 + mi * 60 + sec) * 1000000 + f;
	return true;
}

int mo_clock_parse_us(const char *s, int64_t *us, mo_err *e)
{
	char date[11];
	int32_t days;
	int64_t tod = 0;
	if (strlen(s) < 10)
		goto bad;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (mo_date_parse(date, &days, NULL) != 0)
		goto bad;
	if (s[10] != '\0' && !parse_clock(s + 10, &tod))
		goto bad;
	*us = (int64_t)days * 86400 * 1000000 + tod;
	return 0;
bad:
	return mo_err_set(e, MO_EINVAL, "expected a date \"YYYY-MM-DD\" or a "
			  "UTC instant \"YYYY-MM-DDTHH:MM:SSZ\", got \"%s\"", s);
}
