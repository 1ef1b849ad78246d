/* bank_csv.c: reading a bank statement's CSV file (see payable.h and
 * payable_int.h): the column mapping (parsed from and written back to
 * "date=Date,amount=Amount,..." text), and the file read with libcsv in
 * strict mode (RFC 4180 quoting: quoted fields with commas, doubled
 * quotes and line breaks) into statement lines, each checked as it is
 * read: its date in the mapping's format, its amount (a signed column,
 * or a debit and a credit column; "1,234.56", "-$12.00" and "(12.00)"
 * are read), its description and reference. The file is fed one
 * physical line at a time so that every error names the line its record
 * starts on and the column. No database. It uses payable_int.h, units.h
 * and libcsv. */
#include "payable_int.h"

#include <csv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

enum { C_DATE, C_AMOUNT, C_DEBIT, C_CREDIT, C_DESC, C_REF, C_N };
enum { K_FORMAT = C_N, K_HEADER, K_SKIP, K_N };

static const char *const KEYS[] = {"date", "amount", "debit", "credit",
	"description", "reference", "format", "header", "skip", NULL};

#define DESCRIPTION_MAX 500 /* characters */
#define REFERENCE_MAX 60

static char *column(mo_ap_map *m, int k)
{
	char *cols[C_N] = {m->date, m->amount, m->debit, m->credit,
			   m->description, m->reference};
	return cols[k];
}

static const char *ccolumn(const mo_ap_map *m, int k)
{
	return column((mo_ap_map *)m, k);
}

/* ---- the mapping ---- */

static char *trim(char *s)
{
	char *end = s + strlen(s);
	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return s;
}

static bool digits_only(const char *s)
{
	for (const char *c = s; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return *s != '\0';
}

static int set_option(mo_ap_map *m, int k, const char *v, mo_err *e)
{
	char q[64];
	if (k == K_FORMAT && !strcasecmp(v, "YYYY-MM-DD"))
		m->date_format = MO_AP_DATE_YMD;
	else if (k == K_FORMAT && !strcasecmp(v, "MM/DD/YYYY"))
		m->date_format = MO_AP_DATE_MDY;
	else if (k == K_HEADER && (!strcmp(v, "yes") || !strcmp(v, "no")))
		m->header = v[0] == 'y';
	else if (k == K_SKIP && digits_only(v) && strlen(v) <= 2 &&
		 atoi(v) <= 20)
		m->skip = atoi(v);
	else
		return mo_err_set(e, MO_EINVAL, "bank map %s: expected %s, got "
				  "%s", KEYS[k], k == K_FORMAT
				  ? "YYYY-MM-DD or MM/DD/YYYY"
				  : k == K_HEADER ? "yes or no"
				  : "0 to 20 lines",
				  mo_quote(v, strlen(v), q, sizeof q));
	return 0;
}

static int set_key(mo_ap_map *m, unsigned *seen, const char *key,
		   const char *v, mo_err *e)
{
	const char *near = mo_suggest(key, KEYS);
	char q[64];
	int k = 0;
	while (KEYS[k] && strcmp(KEYS[k], key) != 0)
		k++;
	if (!KEYS[k])
		return mo_err_set(e, MO_EINVAL, "bank map: unknown key "
				  "%s%s%s%s (keys: date, amount, debit, "
				  "credit, description, reference, format, "
				  "header, skip)",
				  mo_quote(key, strlen(key), q, sizeof q),
				  near ? " (did you mean " : "",
				  near ? near : "", near ? "?)" : "");
	if (*seen & (1u << k))
		return mo_err_set(e, MO_EINVAL, "bank map %s: given twice",
				  key);
	*seen |= 1u << k;
	if (k >= C_N)
		return set_option(m, k, v, e);
	if (!v[0] || strlen(v) >= MO_AP_COLUMN)
		return mo_err_set(e, MO_EINVAL, "bank map %s: expected a "
				  "column's name (1 to %d bytes) or number",
				  key, MO_AP_COLUMN - 1);
	snprintf(column(m, k), MO_AP_COLUMN, "%s", v);
	return 0;
}

int mo_ap_map_check(const mo_ap_map *m, mo_err *e)
{
	bool amount = m->amount[0], debit = m->debit[0], credit = m->credit[0];
	if (!m->date[0])
		return mo_err_set(e, MO_EINVAL, "bank map: date= is required "
				  "(the column of each line's date)");
	if (m->skip < 0 || m->skip > 20)
		return mo_err_set(e, MO_EINVAL, "bank map skip: expected 0 to "
				  "20 lines, got %d", m->skip);
	if (m->date_format != MO_AP_DATE_YMD &&
	    m->date_format != MO_AP_DATE_MDY)
		return mo_err_set(e, MO_EINVAL, "bank map format: expected "
				  "YYYY-MM-DD or MM/DD/YYYY");
	if (amount ? debit || credit : !(debit && credit))
		return mo_err_set(e, MO_EINVAL, "bank map: give amount= (one "
				  "column, money in above 0) or both debit= "
				  "and credit= (money out, money in)");
	for (int k = 0; k < C_N; k++)
		if (digits_only(ccolumn(m, k)) &&
		    (strlen(ccolumn(m, k)) > 3 || atoi(ccolumn(m, k)) < 1))
			return mo_err_set(e, MO_EINVAL, "bank map %s: column "
					  "numbers are 1 to 999", KEYS[k]);
	return 0;
}

int mo_ap_map_parse(const char *text, mo_ap_map *m, mo_err *e)
{
	char buf[1024], *save = NULL, *piece, *eq;
	unsigned seen = 0;
	int rc = 0;
	memset(m, 0, sizeof *m);
	m->header = true;
	if (!text || strlen(text) >= sizeof buf)
		return mo_err_set(e, MO_EINVAL, "bank map: expected key=value "
				  "pairs such as date=Date,amount=Amount (at "
				  "most %zu bytes)", sizeof buf - 1);
	snprintf(buf, sizeof buf, "%s", text);
	for (piece = strtok_r(buf, ",", &save); piece && !rc;
	     piece = strtok_r(NULL, ",", &save)) {
		char q[64];
		if (!(eq = strchr(piece, '=')))
			return mo_err_set(e, MO_EINVAL, "bank map: expected "
					  "key=value, got %s", mo_quote(piece,
					  strlen(piece), q, sizeof q));
		*eq = '\0';
		rc = set_key(m, &seen, trim(piece), trim(eq + 1), e);
	}
	return rc ? rc : mo_ap_map_check(m, e);
}

char *mo_ap_map_format(const mo_ap_map *m, char *buf, size_t size)
{
	size_t n = 0;
	if (!size)
		return buf;
	buf[0] = '\0';
	for (int k = 0; k < C_N; k++)
		if (ccolumn(m, k)[0] && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s=%s,",
					      KEYS[k], ccolumn(m, k));
	if (n < size)
		snprintf(buf + n, size - n, "format=%s,header=%s,skip=%d",
			 m->date_format == MO_AP_DATE_MDY ? "MM/DD/YYYY"
			 : "YYYY-MM-DD", m->header ? "yes" : "no", m->skip);
	return buf;
}

/* ---- values ---- */

/* "2026-11-23" or "11/23/2026" (also "1/5/2026") as format says. */
static int parse_day(const char *s, int format, int32_t *day, mo_err *e)
{
	unsigned mo, d, y;
	char iso[32], tail;
	if (format == MO_AP_DATE_YMD)
		return mo_date_parse(s, day, e);
	if (sscanf(s, "%2u/%2u/%4u%c", &mo, &d, &y, &tail) != 3 ||
	    strlen(s) < 8 || y < 1000 || y > 9999 || mo > 99 || d > 99)
		return mo_err_set(e, MO_EINVAL, "expected a date such as "
				  "11/23/2026");
	snprintf(iso, sizeof iso, "%04u-%02u-%02u", y, mo, d);
	return mo_date_parse(iso, day, e);
}

/* Digits with optional thousands commas and a decimal part into out
 * (without the commas); false when s is not such a number. */
static bool plain_number(const char *s, char *out, size_t size)
{
	size_t n = 0, group = 0;
	bool comma = false, dot = false, any = false;
	for (; *s && n + 1 < size; s++) {
		if (*s == ',' && !dot && any && (!comma || group == 3)) {
			comma = true, group = 0;
			continue;
		}
		if (*s == '.' && !dot && (!comma || group == 3))
			dot = true;
		else if (*s < '0' || *s > '9')
			return false;
		any |= *s != '.';
		group += !dot;
		out[n++] = *s;
	}
	out[n] = '\0';
	return any && !*s && (!comma || dot || group == 3);
}

/* A bank's amount: "1234.56", "1,234.56", "-12.00", "+12", "$12.00",
 * "-$12.00", "$-12.00", "(12.00)" (negative). */
static bool bank_amount(const char *in, int64_t *cents)
{
	char buf[64], num[64], *s;
	size_t n;
	bool neg = false;
	mo_err e;
	snprintf(buf, sizeof buf, "%s", in);
	s = trim(buf);
	n = strlen(s);
	if (n >= 2 && s[0] == '(' && s[n - 1] == ')') {
		neg = true;
		s[n - 1] = '\0';
		s++;
	}
	if (!neg && (*s == '-' || *s == '+'))
		neg = *s++ == '-';
	if (*s == '$' && *++s == '-' && !neg)
		neg = true, s++;
	if (!plain_number(s, num, sizeof num) ||
	    mo_money_parse(num, cents, &e))
		return false;
	*cents = neg ? -*cents : *cents;
	return true;
}

/* ---- reading the file ---- */

typedef struct reader {
	const mo_ap_map *map;
	int32_t today;
	mo_ap_statement *out;
	char **f;            /* the fields of the record being read */
	size_t nf, capf;
	int64_t line;        /* the physical line being fed, from 1 */
	int64_t start;       /* the line the record being read starts on */
	bool in_record;
	int64_t records;
	int col[C_N];        /* each mapped column's index; -1: none */
	char name[C_N][MO_AP_COLUMN]; /* its header's name, or "" */
	bool resolved;
	int rc;
	mo_err *e;
} reader;

/* Sets the error of column k of the record being read: "bank statement
 * line L, column C (Name): message". */
static int at(reader *r, int k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int at(reader *r, int k, const char *fmt, ...)
{
	char msg[1024], name[MO_AP_COLUMN + 4] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (r->name[k][0])
		snprintf(name, sizeof name, " (%s)", r->name[k]);
	return mo_err_set(r->e, MO_EINVAL, "bank statement line %lld, column "
			  "%d%s: %s", (long long)r->start, r->col[k] + 1, name,
			  msg);
}

static const char *cell(const reader *r, int k)
{
	return r->col[k] >= 0 ? trim(r->f[r->col[k]]) : "";
}

static int header_index(reader *r, int k, const char *want)
{
	char list[512] = "", q[64];
	size_t n = 0;
	for (size_t i = 0; i < r->nf; i++) {
		if (!strcasecmp(trim(r->f[i]), want))
			return (int)i;
		if (n < sizeof list)
			n += (size_t)snprintf(list + n, sizeof list - n, "%s%s",
					      i ? ", " : "", trim(r->f[i]));
	}
	mo_err_set(r->e, MO_EINVAL, "bank map %s: no column named %s in the "
		   "header (line %lld: %s)", KEYS[k], mo_quote(want,
		   strlen(want), q, sizeof q), (long long)r->start, list);
	return -1;
}

/* Finds each mapped column: by number, or by name in the header (the
 * record just read) when the map has one. */
static int resolve(reader *r, bool header)
{
	for (int k = 0; k < C_N; k++) {
		const char *want = ccolumn(r->map, k);
		char q[64];
		r->col[k] = -1;
		if (!want[0])
			continue;
		if (digits_only(want))
			r->col[k] = atoi(want) - 1;
		else if (!header)
			return mo_err_set(r->e, MO_EINVAL, "bank map %s: %s "
					  "names a column, but the map says "
					  "header=no; give the column's number",
					  KEYS[k], mo_quote(want, strlen(want),
							    q, sizeof q));
		else if ((r->col[k] = header_index(r, k, want)) < 0)
			return MO_EINVAL;
		if (header && (size_t)r->col[k] < r->nf)
			snprintf(r->name[k], MO_AP_COLUMN, "%s",
				 trim(r->f[r->col[k]]));
	}
	r->resolved = true;
	return 0;
}

static int read_day(reader *r, int32_t *day)
{
	const char *s = cell(r, C_DATE);
	char q[64], d[11], t[11];
	mo_err e;
	if (parse_day(s, r->map->date_format, day, &e))
		return at(r, C_DATE, "expected a date such as %s (format=%s), "
			  "got %s", r->map->date_format == MO_AP_DATE_MDY
			  ? "11/23/2026" : "2026-11-23",
			  r->map->date_format == MO_AP_DATE_MDY ? "MM/DD/YYYY"
			  : "YYYY-MM-DD", mo_quote(s, strlen(s), q, sizeof q));
	if (*day > r->today)
		return at(r, C_DATE, "%s is after today (%s); is the map's "
			  "format= right?", mo_date_format(*day, d),
			  mo_date_format(r->today, t));
	return 0;
}

/* Column k's amount into *cents (0 when the cell is empty). */
static int read_money(reader *r, int k, int64_t *cents)
{
	const char *s = cell(r, k);
	char q[64], m[32];
	*cents = 0;
	if (!s[0] && k != C_AMOUNT)
		return 0;
	if (!bank_amount(s, cents))
		return at(r, k, "expected an amount such as 1234.56, -1,234.56 "
			  "or (12.00), got %s", mo_quote(s, strlen(s), q,
							 sizeof q));
	if (*cents > MO_AP_MAX || *cents < -MO_AP_MAX)
		return at(r, k, "%s is beyond %s", mo_money_format(*cents, m),
			  mo_money_format(MO_AP_MAX, q));
	return 0;
}

static int read_amount(reader *r, int64_t *amount)
{
	int64_t debit, credit;
	int rc;
	if (r->col[C_AMOUNT] >= 0) {
		if ((rc = read_money(r, C_AMOUNT, amount)))
			return rc;
		return *amount ? 0 : at(r, C_AMOUNT, "an amount of 0.00 moves "
					"no money");
	}
	if ((rc = read_money(r, C_DEBIT, &debit)) ||
	    (rc = read_money(r, C_CREDIT, &credit)))
		return rc;
	if (debit && credit)
		return at(r, C_DEBIT, "both the debit and the credit column "
			  "have an amount");
	if (!debit && !credit)
		return at(r, C_DEBIT, "no amount in the debit or the credit "
			  "column");
	*amount = credit ? (credit < 0 ? -credit : credit)
			 : (debit < 0 ? debit : -debit);
	return 0;
}

/* Column k's text (NULL when empty) into *out, at most max characters;
 * a line break or tab inside a quoted field becomes a space. */
static int read_text(reader *r, int k, size_t max, char **out)
{
	const char *s = cell(r, k);
	*out = NULL;
	if (!s[0])
		return 0;
	if (mo_utf8_chars(s) > max)
		return at(r, k, "longer than %zu characters", max);
	if (!(*out = mo_strdup(s)))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	for (char *c = *out; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return 0;
}

static int widest(const reader *r)
{
	int w = 0, k = 0;
	for (int i = 0; i < C_N; i++)
		if (r->col[i] > w)
			w = r->col[i], k = i;
	return k;
}

static int add_line(reader *r)
{
	mo_ap_statement *s = r->out;
	mo_ap_parsed l = {r->start, 0, 0, NULL, NULL};
	int w = widest(r), rc;
	if ((size_t)r->col[w] >= r->nf)
		return mo_err_set(r->e, MO_EINVAL, "bank statement line %lld: "
				  "%zu column%s, but the map reads column %d "
				  "(%s)", (long long)r->start, r->nf,
				  r->nf == 1 ? "" : "s", r->col[w] + 1,
				  KEYS[w]);
	if (s->n >= MO_AP_STATEMENT_LINES)
		return mo_err_set(r->e, MO_EINVAL, "bank statement: more than "
				  "%d lines", MO_AP_STATEMENT_LINES);
	if ((rc = read_day(r, &l.day)) || (rc = read_amount(r, &l.amount)) ||
	    (rc = read_text(r, C_DESC, DESCRIPTION_MAX, &l.description)) ||
	    (rc = read_text(r, C_REF, REFERENCE_MAX, &l.reference)) ||
	    (rc = mo_grow(&s->lines, &s->cap, s->n + 1, sizeof *s->lines))) {
		free(l.description);
		free(l.reference);
		return rc == MO_ENOMEM ? mo_err_set(r->e, rc, "out of memory")
				       : rc;
	}
	s->lines[s->n++] = l;
	return 0;
}

static bool blank_record(const reader *r)
{
	for (size_t i = 0; i < r->nf; i++)
		if (trim(r->f[i])[0])
			return false;
	return true;
}

static int on_record(reader *r)
{
	int rc;
	if (++r->records <= r->map->skip)
		return 0;
	if (!r->resolved) {
		if ((rc = resolve(r, r->map->header)) || r->map->header)
			return rc;
	}
	return blank_record(r) ? 0 : add_line(r);
}

static void on_field(void *s, size_t len, void *ud)
{
	reader *r = ud;
	if (r->rc)
		return;
	if (mo_grow(&r->f, &r->capf, r->nf + 1, sizeof *r->f) ||
	    !(r->f[r->nf] = mo_strndup(s, len))) {
		r->rc = mo_err_set(r->e, MO_ENOMEM, "out of memory");
		return;
	}
	r->nf++;
}

static void clear_fields(reader *r)
{
	for (size_t i = 0; i < r->nf; i++)
		free(r->f[i]);
	r->nf = 0;
}

static void on_row(int c, void *ud)
{
	reader *r = ud;
	(void)c;
	if (!r->rc)
		r->rc = on_record(r);
	clear_fields(r);
	r->in_record = false;
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", s[i]))
			return false;
	return true;
}

static int bad_quoting(reader *r, size_t done)
{
	return mo_err_set(r->e, MO_EINVAL, "bank statement line %lld, column "
			  "%zu: bad quoting at character %zu (a quote inside "
			  "an unquoted field, or text after a closing quote)",
			  (long long)r->line, r->nf + 1, done + 1);
}

/* Feeds buf to the parser one physical line at a time. */
static int feed(reader *r, struct csv_parser *cp, const char *buf,
		size_t len)
{
	size_t at_ = 0;
	while (at_ < len && !r->rc) {
		const char *nl = memchr(buf + at_, '\n', len - at_);
		size_t n = nl ? (size_t)(nl - buf - at_) + 1 : len - at_, done;
		if (!r->in_record && !blank(buf + at_, n))
			r->in_record = true, r->start = r->line;
		done = csv_parse(cp, buf + at_, n, on_field, on_row, r);
		if (done < n && !r->rc)
			return bad_quoting(r, done);
		at_ += n;
		r->line++;
	}
	return r->rc;
}

static int finish(reader *r, struct csv_parser *cp)
{
	if (csv_fini(cp, on_field, on_row, r) != 0 && !r->rc)
		return mo_err_set(r->e, MO_EINVAL, "bank statement line %lld, "
				  "column %zu: a quoted field is not closed "
				  "(it runs to the end of the file)",
				  (long long)r->start, r->nf + 1);
	if (r->rc)
		return r->rc;
	if (!r->out->n)
		return mo_err_set(r->e, MO_EINVAL, "bank statement: no lines%s",
				  r->map->header ? " after the header" : "");
	return 0;
}

int mo_ap_csv_read(const char *buf, size_t len, const mo_ap_map *map,
		   int32_t today, mo_ap_statement *out, mo_err *e)
{
	reader r = {.map = map, .today = today, .out = out, .line = 1, .e = e};
	struct csv_parser cp;
	const char *nul = memchr(buf, '\0', len);
	int rc;
	if (len > MO_AP_STATEMENT_MAX)
		return mo_err_set(e, MO_EINVAL, "bank statement: larger than "
				  "%u MiB", MO_AP_STATEMENT_MAX >> 20);
	if (nul)
		return mo_err_set(e, MO_EINVAL, "bank statement: a NUL byte at "
				  "byte %zu; this is not a CSV text file",
				  (size_t)(nul - buf) + 1);
	if (len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) /* a UTF-8 BOM */
		buf += 3, len -= 3;
	if (csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = feed(&r, &cp, buf, len);
	if (!rc)
		rc = finish(&r, &cp);
	clear_fields(&r);
	free(r.f);
	csv_free(&cp);
	return rc;
}

void mo_ap_statement_free(mo_ap_statement *s)
{
	for (size_t i = 0; s && i < s->n; i++) {
		free(s->lines[i].description);
		free(s->lines[i].reference);
	}
	if (s) {
		free(s->lines);
		*s = (mo_ap_statement){NULL, 0, 0};
	}
}
