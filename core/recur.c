/* recur.c: recurrence rules (see recur.h). Each frequency has a "next
 * occurrence on or after day d" computed arithmetically (daily: a
 * division; weekly: the week index of d, then at most a week's scan;
 * monthly: the month index of d, then months stepped by the interval), so
 * that expanding a window far from first_day costs the same as one near
 * it. count is turned into an end day (the count-th occurrence) before
 * expanding, which is how exceptions come to be counted (RFC 5545). The
 * text form is read word by word without allocating. It uses units.h. */
#include "recur.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "units.h"

#define NONE INT32_MAX /* no further occurrence */

static const char *const FREQ_NAMES[] = {
	"once", "daily", "weekly", "monthly_day", "monthly_weekday", NULL,
};
static const char *const UNITS[] = {"", "day", "week", "month", "month"};
static const char *const DAY_NAMES[] = {
	"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL,
};
static const char *const DAY_FULL[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", NULL,
};

const char *mo_recur_freq_name(mo_recur_freq f)
{
	return f >= MO_RECUR_ONCE && f <= MO_RECUR_MONTHLY_WEEKDAY
		? FREQ_NAMES[f] : "?";
}

static int bad_freq(const char *s, mo_err *e)
{
	const char *hint = mo_suggest(s, FREQ_NAMES);
	return mo_err_set(e, MO_EINVAL, "repeat: expected once, daily, weekly, "
			  "monthly_day or monthly_weekday, got \"%s\"%s%s%s", s,
			  hint ? " (did you mean \"" : "", hint ? hint : "",
			  hint ? "\"?)" : "");
}

int mo_recur_freq_parse(const char *s, mo_recur_freq *f, mo_err *e)
{
	if (!s)
		return bad_freq("", e);
	for (int i = 0; FREQ_NAMES[i]; i++)
		if (strcasecmp(s, FREQ_NAMES[i]) == 0) {
			*f = (mo_recur_freq)i;
			return 0;
		}
	if (strcasecmp(s, "monthly") == 0) {
		*f = MO_RECUR_MONTHLY_DAY;
		return 0;
	}
	return bad_freq(s, e);
}

/* ---- calendar arithmetic ---- */

static int32_t month_start(int mi) /* month index y * 12 + (m - 1) */
{
	return mo_days_from_civil(mi / 12, mi % 12 + 1, 1);
}

static int month_index(int32_t day)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	return y * 12 + m - 1;
}

static int day_of_month(int32_t day)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	return d;
}

static int32_t monday_of(int32_t day)
{
	return day - mo_weekday(day);
}

/* The day first_day + years (February 29th becomes March 1st). */
static int32_t years_after(int32_t day, int years)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	return mo_days_from_civil(y + years, m, 1) + d - 1;
}

static int popcount7(unsigned bits)
{
	int n = 0;
	for (int i = 0; i < 7; i++)
		n += (bits >> i) & 1u;
	return n;
}

/* The weekday of the k-th (0-based) bit set in bits at or after from. */
static int nth_bit(unsigned bits, int from, int k)
{
	for (int i = from; i < 7; i++)
		if (((bits >> i) & 1u) && k-- == 0)
			return i;
	return -1;
}

/* ---- the next occurrence on or after d (d >= first_day) ---- */

static int32_t next_daily(const mo_recur *r, int32_t d)
{
	int32_t k = (d - r->first_day + r->interval - 1) / r->interval;
	return r->first_day + k * r->interval;
}

static int32_t next_weekly(const mo_recur *r, int32_t d)
{
	int32_t mon0 = monday_of(r->first_day);
	for (int guard = 0; guard < 4; guard++) {
		int32_t mon = monday_of(d), w = (mon - mon0) / 7;
		int wd;
		if (w % r->interval) {
			d = mon0 + 7 * (w + r->interval - w % r->interval);
			continue;
		}
		if ((wd = nth_bit(r->weekdays, mo_weekday(d), 0)) >= 0)
			return mon + wd;
		d = mon + 7 * r->interval;
	}
	return NONE; /* not reached: weekdays is not empty */
}

/* The day of month index mi that fits a monthly rule, or NONE. */
static int32_t in_month(const mo_recur *r, int mi)
{
	int32_t start = month_start(mi), next = month_start(mi + 1);
	int dom = day_of_month(r->first_day), wd = mo_weekday(r->first_day);
	int nth = (dom - 1) / 7;
	if (r->freq == MO_RECUR_MONTHLY_DAY)
		return start + dom - 1 < next ? start + dom - 1 : NONE;
	if (nth == 4) /* the 5th weekday: the last one of each month */
		return next - 1 - (mo_weekday(next - 1) - wd + 7) % 7;
	return start + (wd - mo_weekday(start) + 7) % 7 + 7 * nth;
}

static int32_t next_monthly(const mo_recur *r, int32_t d)
{
	int mi0 = month_index(r->first_day), k = month_index(d) - mi0;
	int stop = k + 12 * 9 + r->interval; /* Feb 29th across 2100 */
	if (k % r->interval)
		k += r->interval - k % r->interval;
	for (; k <= stop; k += r->interval) {
		int32_t day = in_month(r, mi0 + k);
		if (day != NONE && day >= d)
			return day;
	}
	return NONE;
}

static int32_t next_on_or_after(const mo_recur *r, int32_t d)
{
	if (d < r->first_day)
		d = r->first_day;
	switch (r->freq) {
	case MO_RECUR_ONCE:
		return d == r->first_day ? d : NONE;
	case MO_RECUR_DAILY:
		return next_daily(r, d);
	case MO_RECUR_WEEKLY:
		return next_weekly(r, d);
	default:
		return next_monthly(r, d);
	}
}

/* The count-th occurrence of a normalized rule (count >= 1). */
static int32_t nth_weekly(const mo_recur *r, int count)
{
	int wd0 = mo_weekday(r->first_day);
	int c0 = popcount7(r->weekdays >> wd0), n = popcount7(r->weekdays);
	int rest, wd;
	int32_t mon;
	if (count <= c0)
		return monday_of(r->first_day) + nth_bit(r->weekdays, wd0,
							 count - 1);
	rest = count - c0 - 1;
	mon = monday_of(r->first_day) + 7 * r->interval * (rest / n + 1);
	wd = nth_bit(r->weekdays, 0, rest % n);
	return mon + wd;
}

static int32_t nth_day(const mo_recur *r, int count)
{
	int32_t d = next_on_or_after(r, r->first_day);
	if (r->freq == MO_RECUR_DAILY)
		return r->first_day + (count - 1) * r->interval;
	if (r->freq == MO_RECUR_WEEKLY)
		return nth_weekly(r, count);
	/* monthly: step; past 6 years it is out of bounds anyway */
	for (int i = 1; i < count && d != NONE; i++)
		if ((d = next_on_or_after(r, d + 1)) > years_after(r->first_day,
								   6))
			return NONE;
	return d;
}

/* The last day an occurrence may fall on (count or until or once). */
static int32_t end_day(const mo_recur *r)
{
	if (r->freq == MO_RECUR_ONCE)
		return r->first_day;
	if (r->count)
		return nth_day(r, r->count);
	return r->until_day;
}

mo_recur mo_recur_normal(const mo_recur *r)
{
	mo_recur n = *r;
	if (n.interval == 0)
		n.interval = 1;
	if (n.freq == MO_RECUR_WEEKLY && n.weekdays == 0)
		n.weekdays = 1u << mo_weekday(n.first_day);
	return n;
}

/* ---- checks ---- */

static int check_once(const mo_recur *r, mo_err *e)
{
	if (r->interval > 1 || r->until_day || r->count)
		return mo_err_set(e, MO_EINVAL, "repeat: once takes no every, "
				  "until or count");
	return 0;
}

static int check_end(const mo_recur *r, mo_err *e)
{
	char a[11], b[11];
	if (!r->until_day && !r->count)
		return mo_err_set(e, MO_EINVAL, "repeat: a recurring block needs "
				  "an end: until or count");
	if (r->until_day && r->count)
		return mo_err_set(e, MO_EINVAL, "repeat: until and count cannot "
				  "both be given");
	if (r->count < 0 || r->count > MO_RECUR_MAX_COUNT)
		return mo_err_set(e, MO_EINVAL, "repeat: count: expected 1 to %d, "
				  "got %d", MO_RECUR_MAX_COUNT, r->count);
	if (r->until_day && r->until_day < r->first_day)
		return mo_err_set(e, MO_EINVAL, "repeat: until %s is before the "
				  "first day %s", mo_date_format(r->until_day, a),
				  mo_date_format(r->first_day, b));
	return 0;
}

static int check_span(const mo_recur *r, mo_err *e)
{
	int32_t limit = years_after(r->first_day, MO_RECUR_MAX_YEARS);
	int32_t end = end_day(r);
	char a[11], b[11];
	if (r->until_day && end > limit)
		return mo_err_set(e, MO_EINVAL, "repeat: until %s is more than "
				  "%d years after the first day %s",
				  mo_date_format(end, a), MO_RECUR_MAX_YEARS,
				  mo_date_format(r->first_day, b));
	if (end > limit)
		return mo_err_set(e, MO_EINVAL, "repeat: count %d ends more than "
				  "%d years after the first day %s", r->count,
				  MO_RECUR_MAX_YEARS, mo_date_format(r->first_day, b));
	return 0;
}

static int check_except(const mo_recur *r, mo_err *e)
{
	char a[11];
	if (r->nexcept > MO_RECUR_MAX_EXCEPT)
		return mo_err_set(e, MO_EINVAL, "repeat: at most %d exceptions, "
				  "got %zu", MO_RECUR_MAX_EXCEPT, r->nexcept);
	if (r->nexcept && mo_fails_assert(r->except))
		return mo_err_set(e, MO_EINVAL, "repeat: exceptions missing");
	for (size_t i = 1; i < r->nexcept; i++)
		if (r->except[i] <= r->except[i - 1])
			return mo_err_set(e, MO_EINVAL, "repeat: exceptions must be "
					  "in increasing order, without repeats "
					  "(%s)", mo_date_format(r->except[i], a));
	return 0;
}

static int check_fields(const mo_recur *r, mo_err *e)
{
	if (r->freq < MO_RECUR_ONCE || r->freq > MO_RECUR_MONTHLY_WEEKDAY)
		return mo_err_set(e, MO_EINVAL, "repeat: unknown frequency %d",
				  (int)r->freq);
	if (r->first_day < 0 || r->first_day > mo_days_from_civil(2999, 12, 31))
		return mo_err_set(e, MO_EINVAL, "repeat: first day: expected a "
				  "date from 1970 to 2999");
	if (r->interval < 0 || r->interval > MO_RECUR_MAX_INTERVAL)
		return mo_err_set(e, MO_EINVAL, "repeat: every: expected 1 to %d, "
				  "got %d", MO_RECUR_MAX_INTERVAL, r->interval);
	if (r->weekdays & ~MO_RECUR_ALL_DAYS)
		return mo_err_set(e, MO_EINVAL, "repeat: weekdays: expected bits "
				  "0 (Monday) to 6 (Sunday), got 0x%x",
				  r->weekdays);
	if (r->weekdays && r->freq != MO_RECUR_WEEKLY)
		return mo_err_set(e, MO_EINVAL, "repeat: weekdays (\"on\") are "
				  "for weekly rules, not %s",
				  mo_recur_freq_name(r->freq));
	return 0;
}

int mo_recur_check(const mo_recur *r, mo_err *e)
{
	mo_recur n;
	int rc;
	if (mo_fails_assert(r))
		return mo_err_set(e, MO_EINVAL, "repeat: no rule");
	if ((rc = check_fields(r, e)) || (rc = check_except(r, e)))
		return rc;
	if (r->freq == MO_RECUR_ONCE)
		return check_once(r, e);
	n = mo_recur_normal(r);
	if ((rc = check_end(&n, e)) || (rc = check_span(&n, e)))
		return rc;
	return 0;
}

/* ---- expansion ---- */

bool mo_recur_occurs(const mo_recur *r, int32_t day)
{
	mo_recur n = mo_recur_normal(r);
	if (mo_recur_check(r, NULL) || day < n.first_day || day > end_day(&n))
		return false;
	return next_on_or_after(&n, day) == day;
}

/* Whether day is in the sorted exceptions, moving *i forward. */
static bool excepted(const mo_recur *r, size_t *i, int32_t day)
{
	while (*i < r->nexcept && r->except[*i] < day)
		++*i;
	return *i < r->nexcept && r->except[*i] == day;
}

int mo_recur_expand(const mo_recur *r, int32_t from_day, int32_t to_day,
		    mo_recur_cb cb, void *ud, mo_err *e)
{
	mo_recur n;
	int32_t end, d;
	size_t i = 0;
	int rc = mo_recur_check(r, e);
	if (rc || mo_fails_assert(cb))
		return rc ? rc : MO_EINVAL;
	n = mo_recur_normal(r);
	end = end_day(&n) < to_day ? end_day(&n) : to_day;
	if (from_day > end)
		return 0;
	for (d = next_on_or_after(&n, from_day); d <= end;
	     d = next_on_or_after(&n, d + 1))
		if (!excepted(&n, &i, d) && (rc = cb(ud, d)))
			return rc;
	return 0;
}

static int keep_last(void *ud, int32_t day)
{
	*(int32_t *)ud = day;
	return 0;
}

int mo_recur_last(const mo_recur *r, int32_t *last, mo_err *e)
{
	mo_recur n;
	int32_t day = NONE;
	char a[11], b[11], text[MO_RECUR_TEXT];
	int rc = mo_recur_check(r, e);
	if (rc)
		return rc;
	n = mo_recur_normal(r);
	n.except = NULL;
	n.nexcept = 0;
	if (n.count || n.freq == MO_RECUR_ONCE)
		day = end_day(&n);
	else if ((rc = mo_recur_expand(&n, n.first_day, n.until_day, keep_last,
				       &day, e)))
		return rc;
	if (day == NONE)
		return mo_err_set(e, MO_EINVAL, "repeat: no day from %s to %s "
				  "fits \"%s\"", mo_date_format(n.first_day, a),
				  mo_date_format(n.until_day, b),
				  mo_recur_format(&n, text, sizeof text));
	*last = day;
	return 0;
}

/* ---- text ---- */

char *mo_recur_days_format(unsigned weekdays, char *buf, size_t size)
{
	size_t used = 0;
	if (size)
		buf[0] = '\0';
	for (int i = 0; i < 7; i++)
		if ((weekdays >> i) & 1u) {
			int n = snprintf(buf + used, size - used, "%s%s",
					 used ? "," : "", DAY_NAMES[i]);
			if (n < 0 || (size_t)n >= size - used)
				break;
			used += (size_t)n;
		}
	return buf;
}

int mo_recur_day_index(const char *name, size_t len)
{
	for (int i = 0; i < 7; i++)
		if ((len == 3 && strncasecmp(name, DAY_NAMES[i], 3) == 0) ||
		    (len == strlen(DAY_FULL[i]) &&
		     strncasecmp(name, DAY_FULL[i], len) == 0))
			return i;
	return -1;
}

char *mo_recur_format(const mo_recur *r, char *buf, size_t size)
{
	char days[32], date[11];
	int n = snprintf(buf, size, "%s", mo_recur_freq_name(r->freq));
	size_t used = n > 0 ? (size_t)n : 0;
#define ADD(...)                                                          \
	do {                                                              \
		if (used < size) {                                        \
			n = snprintf(buf + used, size - used, __VA_ARGS__); \
			used += n > 0 ? (size_t)n : 0;                    \
		}                                                         \
	} while (0)
	if (r->interval > 1 && r->freq != MO_RECUR_ONCE)
		ADD(" every %d %ss", r->interval, UNITS[r->freq]);
	if (r->freq == MO_RECUR_WEEKLY && r->weekdays)
		ADD(" on %s", mo_recur_days_format(r->weekdays, days, sizeof days));
	if (r->until_day)
		ADD(" until %s", mo_date_format(r->until_day, date));
	if (r->count)
		ADD(" count %d", r->count);
#undef ADD
	return buf;
}

/* ---- parsing the text form ---- */

#define MAX_WORDS 24

typedef struct words {
	size_t n, at;
	const char *s[MAX_WORDS];
	size_t len[MAX_WORDS];
} words;

static int split(const char *text, words *w, mo_err *e)
{
	const char *p = text;
	w->n = w->at = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			return 0;
		if (w->n == MAX_WORDS)
			return mo_err_set(e, MO_EINVAL, "repeat: too many words "
					  "(at most %d)", MAX_WORDS);
		w->s[w->n] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		w->len[w->n] = (size_t)(p - w->s[w->n]);
		w->n++;
	}
}

/* The word at i as a NUL-terminated copy (cut to fit) in buf. */
static const char *word(const words *w, size_t i, char *buf, size_t size)
{
	size_t len = i < w->n ? w->len[i] : 0;
	if (len >= size)
		len = size - 1;
	memcpy(buf, i < w->n ? w->s[i] : "", len);
	buf[len] = '\0';
	return buf;
}

static bool is_word(const words *w, size_t i, const char *s)
{
	return i < w->n && w->len[i] == strlen(s) &&
	       strncasecmp(w->s[i], s, w->len[i]) == 0;
}

/* A whole number from lo to hi in word i. */
static int number(const words *w, size_t i, const char *part, int lo,
		  int hi, int *out, mo_err *e)
{
	char buf[32];
	long v = 0;
	size_t len = i < w->n ? w->len[i] : 0;
	for (size_t k = 0; k < len && v <= hi; k++) {
		if (w->s[i][k] < '0' || w->s[i][k] > '9')
			len = 0;
		else
			v = v * 10 + (w->s[i][k] - '0');
	}
	if (len == 0 || v < lo || v > hi)
		return mo_err_set(e, MO_EINVAL, "repeat: %s: expected a number "
				  "from %d to %d, got \"%s\"", part, lo, hi,
				  word(w, i, buf, sizeof buf));
	*out = (int)v;
	return 0;
}

static int parse_every(words *w, mo_recur *r, mo_err *e)
{
	char got[32], want[16];
	const char *unit = UNITS[r->freq];
	int rc = number(w, w->at + 1, "every", 1, MO_RECUR_MAX_INTERVAL,
			&r->interval, e);
	if (rc)
		return rc;
	snprintf(want, sizeof want, "%ss", unit);
	if (!is_word(w, w->at + 2, unit) && !is_word(w, w->at + 2, want))
		return mo_err_set(e, MO_EINVAL, "repeat: every %d: %s repeats in "
				  "%s (\"every %d %s\"), got \"%s\"",
				  r->interval, mo_recur_freq_name(r->freq), want,
				  r->interval, want,
				  word(w, w->at + 2, got, sizeof got));
	w->at += 3;
	return 0;
}

static int bad_day(const char *s, size_t len, mo_err *e)
{
	char buf[32];
	const char *hint;
	snprintf(buf, sizeof buf, "%.*s", (int)(len < 31 ? len : 31), s);
	if (!(hint = mo_suggest(buf, DAY_NAMES)))
		hint = mo_suggest(buf, DAY_FULL);
	return mo_err_set(e, MO_EINVAL, "repeat: on: expected weekdays such as "
			  "mon,wed (mon tue wed thu fri sat sun), got \"%s\"%s%s%s",
			  buf, hint ? " (did you mean \"" : "", hint ? hint : "",
			  hint ? "\"?)" : "");
}

/* Days of one word ("mon,wed", "mon,", "wed"); *more when it ends with
 * a comma (the list goes on in the next word). */
static int day_list(const char *s, size_t len, unsigned *bits, bool *more,
		    mo_err *e)
{
	size_t i = 0;
	*more = false;
	while (i < len) {
		size_t j = i;
		int d;
		while (j < len && s[j] != ',')
			j++;
		if ((d = mo_recur_day_index(s + i, j - i)) < 0)
			return bad_day(s + i, j - i, e);
		*bits |= 1u << d;
		*more = j < len && j + 1 == len;
		i = j + 1;
	}
	return 0;
}

static int parse_on(words *w, mo_recur *r, mo_err *e)
{
	bool more = true;
	int rc;
	if (r->freq != MO_RECUR_WEEKLY)
		return mo_err_set(e, MO_EINVAL, "repeat: \"on\" days are for "
				  "weekly rules, not %s",
				  mo_recur_freq_name(r->freq));
	for (w->at++; more; w->at++) {
		if (w->at >= w->n)
			return bad_day("", 0, e);
		if ((rc = day_list(w->s[w->at], w->len[w->at], &r->weekdays,
				   &more, e)))
			return rc;
	}
	return 0;
}

static int parse_until(words *w, mo_recur *r, mo_err *e)
{
	char buf[16];
	int rc;
	if (w->at + 1 >= w->n)
		return mo_err_set(e, MO_EINVAL, "repeat: until: expected a date "
				  "such as 2027-06-30");
	if ((rc = mo_date_parse(word(w, w->at + 1, buf, sizeof buf),
				&r->until_day, e))) {
		mo_err_prefix(e, "repeat: until: ");
		return rc;
	}
	w->at += 2;
	return 0;
}

static int parse_count(words *w, mo_recur *r, mo_err *e)
{
	int rc = number(w, w->at + 1, "count", 1, MO_RECUR_MAX_COUNT,
			&r->count, e);
	if (!rc)
		w->at += 2;
	return rc;
}

static int unexpected(const words *w, mo_err *e)
{
	static const char *const parts[] = {"every", "on", "until", "count",
					    NULL};
	char buf[32];
	const char *got = word(w, w->at, buf, sizeof buf);
	const char *hint = mo_suggest(got, parts);
	return mo_err_set(e, MO_EINVAL, "repeat: unexpected \"%s\" (expected "
			  "every, on, until or count)%s%s%s", got,
			  hint ? " (did you mean \"" : "", hint ? hint : "",
			  hint ? "\"?)" : "");
}

/* One part at w->at; seen records the parts read so far. */
static int parse_part(words *w, mo_recur *r, unsigned *seen, mo_err *e)
{
	static const char *const names[] = {"every", "on", "until", "count"};
	static int (*const fns[])(words *, mo_recur *, mo_err *) = {
		parse_every, parse_on, parse_until, parse_count,
	};
	for (int i = 0; i < 4; i++) {
		if (!is_word(w, w->at, names[i]))
			continue;
		if (*seen & (1u << i))
			return mo_err_set(e, MO_EINVAL, "repeat: \"%s\" given twice",
					  names[i]);
		if (r->freq == MO_RECUR_ONCE)
			return mo_err_set(e, MO_EINVAL, "repeat: once takes no "
					  "\"%s\"", names[i]);
		*seen |= 1u << i;
		return fns[i](w, r, e);
	}
	return unexpected(w, e);
}

int mo_recur_parse(const char *text, mo_recur *r, mo_err *e)
{
	char first[32];
	unsigned seen = 0;
	words w;
	int rc;
	if (mo_fails_assert(r))
		return MO_EINVAL;
	if ((rc = split(text ? text : "", &w, e)))
		return rc;
	if ((rc = mo_recur_freq_parse(word(&w, 0, first, sizeof first),
				      &r->freq, e)))
		return rc;
	r->interval = 1;
	r->weekdays = 0;
	r->until_day = 0;
	r->count = 0;
	for (w.at = 1; w.at < w.n;)
		if ((rc = parse_part(&w, r, &seen, e)))
			return rc;
	if ((seen & 12u) == 12u)
		return mo_err_set(e, MO_EINVAL, "repeat: until and count cannot "
				  "both be given");
	return 0;
}
