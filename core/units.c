/* units.c: the parsers and formatters declared in units.h. Money is read
 * digit by digit into integer cents (never through a double), durations
 * are sums of "<n><unit>" terms, dates are checked against the real
 * calendar and converted with the days-from-civil method (eras of 400
 * years, March-based years), sizes use powers of 1024 and time-zone names
 * are checked by opening the TZif file in the system zoneinfo folder.
 * Every arithmetic step that could overflow is checked first. Error
 * messages say what was expected and quote what was given; they carry no
 * location, which callers add. It uses only the C library and POSIX
 * open/read. */
#include "units.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MONEY_LIMIT 1000000000000000LL /* 10^15 cents, exclusive */
#define SHOW_MAX MO_QUOTE_MAX

const char *mo_quote(const char *s, size_t len, char *buf, size_t size)
{
	size_t o = 0, i;
	if (size < 8)
		return "";
	buf[o++] = '"';
	for (i = 0; i < len && o + 8 < size; i++) {
		unsigned char c = (unsigned char)s[i];
		if (i == MO_QUOTE_MAX) {
			o += (size_t)snprintf(buf + o, size - o, "...");
			break;
		}
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

static const char *show(const char *s, char *buf, size_t size)
{
	return mo_quote(s, strlen(s), buf, size);
}

/* Fails with "expected WHAT, got "S"". */
static int expected(mo_err *e, const char *what, const char *s)
{
	char q[SHOW_MAX * 4 + 16];
	return mo_err_set(e, MO_EINVAL, "expected %s, got %s", what,
	                  show(s, q, sizeof q));
}

/* Reads decimal digits at *p into *v (adding to it), at most limit;
 * returns the number of digits read, or -1 when the value passes limit. */
static int read_digits(const char **p, int64_t *v, int64_t limit)
{
	int n = 0;
	while (isdigit((unsigned char)**p)) {
		int d = **p - '0';
		if (*v > (limit - d) / 10)
			return -1;
		*v = *v * 10 + d;
		(*p)++;
		n++;
	}
	return n;
}

/* ---- money ---- */

#define MONEY_WHAT "money such as \"125.00\" (at most two decimals)"

int mo_money_parse(const char *s, int64_t *cents, mo_err *e)
{
	const char *p = s;
	int64_t units = 0, frac = 0;
	int n, nf = 0;
	bool neg;
	if (mo_fails_assert(s && cents))
		return MO_EINVAL;
	neg = *p == '-';
	p += neg;
	n = read_digits(&p, &units, MONEY_LIMIT / 100 - 1);
	if (n < 0)
		return expected(e, "money below 10000000000000.00", s);
	if (n == 0)
		return expected(e, MONEY_WHAT, s);
	if (*p == '.') {
		p++;
		nf = read_digits(&p, &frac, 999);
		if (nf < 1 || nf > 2)
			return expected(e, MONEY_WHAT, s);
	}
	if (*p)
		return expected(e, MONEY_WHAT, s);
	if (nf == 1)
		frac *= 10;
	*cents = (units * 100 + frac) * (neg ? -1 : 1);
	return 0;
}

/* Writes the last `width` decimal digits of v (zeros in front) ending
 * just before end; returns where they begin. No printf: reports format
 * millions of values. */
static char *digits_before(uint64_t v, char *end, int width)
{
	while (width-- > 0) {
		*--end = (char)('0' + v % 10);
		v /= 10;
	}
	return end;
}

/* The number of decimal digits of v (at least 1). */
static int digit_count(uint64_t v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

char *mo_money_format(int64_t cents, char buf[32])
{
	uint64_t mag = cents < 0 ? 0 - (uint64_t)cents : (uint64_t)cents;
	int whole = digit_count(mag / 100), sign = cents < 0;
	char *end = buf + sign + whole + 3;
	*end = '\0';
	digits_before(mag % 100, end, 2);
	end[-3] = '.';
	digits_before(mag / 100, end - 3, whole);
	if (sign)
		buf[0] = '-';
	return buf;
}

/* ---- durations ---- */

#define DURATION_WHAT                                                          \
	"a duration such as \"15m\", \"2h\", \"1h30m\" or \"3d\" "             \
	"(units w, d, h, m, s, largest first)"

/* Seconds in one unit letter and its rank (larger units first), or 0. */
static int64_t unit_seconds(char c, int *rank)
{
	static const char letters[] = "wdhms";
	static const int64_t secs[] = {604800, 86400, 3600, 60, 1};
	const char *at = c ? strchr(letters, c) : NULL;
	if (!at)
		return 0;
	*rank = (int)(at - letters);
	return secs[*rank];
}

int mo_duration_parse(const char *s, int64_t *seconds, mo_err *e)
{
	const char *p = s;
	int64_t total = 0;
	int last = -1;
	if (mo_fails_assert(s && seconds))
		return MO_EINVAL;
	if (!*p)
		return expected(e, DURATION_WHAT, s);
	while (*p) {
		int64_t v = 0, unit;
		int rank = 0, n = read_digits(&p, &v, INT64_MAX);
		if (n < 0)
			return expected(e, "a shorter duration", s);
		unit = unit_seconds(*p, &rank);
		if (n == 0 || !unit || rank <= last)
			return expected(e, DURATION_WHAT, s);
		if (v > (INT64_MAX - total) / unit)
			return expected(e, "a shorter duration", s);
		total += v * unit;
		last = rank;
		p++;
	}
	*seconds = total;
	return 0;
}

/* ---- dates ---- */

#define DATE_WHAT "a date such as \"2024-03-15\" (YYYY-MM-DD)"

static bool is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* The number made of n digits at s, or -1 if one is not a digit. */
static int fixed_digits(const char *s, int n)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int32_t mo_days_from_civil(int y, int m, int d)
{
	/* Years start on March 1st so that the leap day ends the year. */
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;                        /* 0..399 */
	int64_t mp = m > 2 ? m - 3 : m + 9;                  /* 0 = March */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;            /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
	return (int32_t)(era * 146097 + doe - 719468);
}

void mo_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + 719468; /* days since 0000-03-01 */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int mo_date_parse(const char *s, int32_t *days, mo_err *e)
{
	int y, m, d;
	if (mo_fails_assert(s && days))
		return MO_EINVAL;
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return expected(e, DATE_WHAT, s);
	y = fixed_digits(s, 4);
	m = fixed_digits(s + 5, 2);
	d = fixed_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0)
		return expected(e, DATE_WHAT, s);
	if (y < 1900 || y > 2999)
		return expected(e, "a date with a year from 1900 to 2999", s);
	if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return expected(e, "a real calendar date (YYYY-MM-DD)", s);
	*days = mo_days_from_civil(y, m, d);
	return 0;
}

char *mo_date_format(int32_t days, char buf[11])
{
	int y, m, d;
	mo_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999) {
		/* cannot be written in 10 characters */
		memcpy(buf, "\?\?\?\?-\?\?-\?\?", 11);
		return buf;
	}
	buf[10] = '\0';
	digits_before((uint64_t)d, buf + 10, 2);
	buf[7] = '-';
	digits_before((uint64_t)m, buf + 7, 2);
	buf[4] = '-';
	digits_before((uint64_t)y, buf + 4, 4);
	return buf;
}

int mo_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	return (int)((days % 7 + 7 + 3) % 7);
}

/* ---- time of day ---- */

int mo_time_parse(const char *s, int *minutes, mo_err *e)
{
	int h, m;
	if (mo_fails_assert(s && minutes))
		return MO_EINVAL;
	if (strlen(s) != 5 || s[2] != ':')
		goto bad;
	h = fixed_digits(s, 2);
	m = fixed_digits(s + 3, 2);
	if (h < 0 || m < 0 || h > 24 || m > 59 || (h == 24 && m != 0))
		goto bad;
	*minutes = h * 60 + m;
	return 0;
bad:
	return expected(e, "a time such as \"08:30\" (HH:MM, 00:00 to 24:00)",
	                s);
}

/* ---- sizes ---- */

#define SIZE_WHAT                                                              \
	"a size such as \"64MB\", \"512KB\", \"1GB\" or a number of bytes"

/* Bytes in a size suffix ("", "B", "KB", "MB", "GB", "TB"), or 0. */
static int64_t size_unit(const char *u)
{
	static const char *const names[] = {"", "B", "KB", "MB", "GB", "TB"};
	static const int shifts[] = {0, 0, 10, 20, 30, 40};
	size_t i;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(u, names[i]) == 0)
			return (int64_t)1 << shifts[i];
	return 0;
}

int mo_size_parse(const char *s, int64_t *bytes, mo_err *e)
{
	const char *p = s;
	int64_t v = 0, unit;
	int n;
	if (mo_fails_assert(s && bytes))
		return MO_EINVAL;
	n = read_digits(&p, &v, INT64_MAX);
	if (n < 0)
		return expected(e, "a size below 8EB", s);
	unit = size_unit(p);
	if (n == 0 || !unit)
		return expected(e, SIZE_WHAT, s);
	if (v > INT64_MAX / unit)
		return expected(e, "a size below 8EB", s);
	*bytes = v * unit;
	return 0;
}

/* ---- time zones ---- */

#define TZ_WHAT "a time-zone name such as \"America/Chicago\""

/* True when name has the shape of an IANA zone: relative, made of
 * non-empty [A-Za-z0-9_+-] components separated by single slashes (so no
 * "." or ".." and nothing absolute). */
static bool tz_name_ok(const char *name)
{
	const char *p;
	size_t len = strlen(name), comp = 0;
	if (len == 0 || len > 200 || name[0] == '/' || name[len - 1] == '/')
		return false;
	for (p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '/') {
			if (comp == 0)
				return false;
			comp = 0;
		} else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		           (c >= '0' && c <= '9') || strchr("_+-", c)) {
			comp++;
		} else {
			return false;
		}
	}
	return true;
}

/* True when the regular file at path starts with the TZif magic. */
static bool is_tzif(const char *path)
{
	char magic[4];
	struct stat st;
	bool ok = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    read(fd, magic, sizeof magic) == (ssize_t)sizeof magic)
		ok = memcmp(magic, "TZif", 4) == 0;
	close(fd);
	return ok;
}

int mo_tz_check(const char *name, mo_err *e)
{
	const char *dir = getenv("TZDIR");
	char path[PATH_MAX], what[PATH_MAX + 64];
	if (mo_fails_assert(name))
		return MO_EINVAL;
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	if (!tz_name_ok(name))
		return expected(e, TZ_WHAT, name);
	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path)
		return expected(e, TZ_WHAT, name);
	if (is_tzif(path))
		return 0;
	snprintf(what, sizeof what, TZ_WHAT " (a file in %.*s)", PATH_MAX, dir);
	return expected(e, what, name);
}

/* ---- suggestions ---- */

/* Levenshtein distance of a and b with one row of lb+1 cells; stops early
 * when every cell of a row is above cap. */
static int distance_rows(const char *a, size_t la, const char *b, size_t lb,
                         int cap, int *row)
{
	size_t i, j;
	for (j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (i = 1; i <= la; i++) {
		int diag = row[0], best;
		row[0] = (int)i;
		best = row[0];
		for (j = 1; j <= lb; j++) {
			int up = row[j], v = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > cap)
			return cap + 1;
	}
	return row[lb] > cap ? cap + 1 : row[lb];
}

int mo_edit_distance(const char *a, const char *b, int cap)
{
	int small[65], *row = small, d;
	size_t la, lb;
	if (mo_fails_assert(a && b))
		return cap + 1;
	if (cap < 0)
		cap = 0;
	la = strlen(a);
	lb = strlen(b);
	if ((la > lb ? la - lb : lb - la) > (size_t)cap)
		return cap + 1;
	if (lb >= sizeof small / sizeof small[0]) {
		row = malloc((lb + 1) * sizeof *row);
		if (!row)
			return cap + 1;
	}
	d = distance_rows(a, la, b, lb, cap, row);
	if (row != small)
		free(row);
	return d;
}

const char *mo_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	int cap, best_d;
	size_t i, len;
	if (mo_fails_assert(word && candidates))
		return NULL;
	len = strlen(word);
	cap = len / 3 > 2 ? (int)(len / 3) : 2;
	best_d = cap + 1;
	for (i = 0; candidates[i]; i++) {
		int d = mo_edit_distance(word, candidates[i], cap);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	return best;
}

size_t mo_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}
