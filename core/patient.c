/* patient.c: the patient register (see patient.h). One table of fields
 * drives the checks, the SQL, the facts the rules see and the audit
 * detail; names are compared through the name key (a small UTF-8 decoder
 * and a fold of Latin-1 and Latin Extended-A to ASCII). It uses
 * practice.h for the operation frame, units.h for dates and quoting,
 * clock.h and SQLite through db.h. */
#include "patient.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "codes.h"
#include "ledger.h"
#include "units.h"

/* ---- the fields ---- */

typedef enum { K_NAME, K_TEXT, K_SEX, K_STATE, K_ZIP, K_PHONE, K_EMAIL,
	       K_LANG } kind;

typedef struct field {
	const char *col;    /* column and fact key */
	const char *before; /* fact key of the old value in an update */
	const char *shown;  /* in messages, as the Lua API names it */
	size_t in_off, out_off;
	kind kind;
	bool required;
} field;

#define F(c, shown, k, req) {#c, #c "_before", shown,                     \
	offsetof(mo_patient_new, c), offsetof(mo_patient, c), k, req}
static const field FIELDS[] = {
	F(family, "family", K_NAME, true),
	F(given, "given", K_NAME, true),
	F(middle, "middle", K_NAME, false),
	F(sex, "sex", K_SEX, true),
	F(line1, "address.line1", K_TEXT, false),
	F(line2, "address.line2", K_TEXT, false),
	F(city, "address.city", K_TEXT, false),
	F(state, "address.state", K_STATE, false),
	F(zip, "address.zip", K_ZIP, false),
	F(phone_home, "phones.home", K_PHONE, false),
	F(phone_mobile, "phones.mobile", K_PHONE, false),
	F(phone_work, "phones.work", K_PHONE, false),
	F(email, "email", K_EMAIL, false),
	F(language, "language", K_LANG, false),
	F(emergency_name, "emergency.name", K_NAME, false),
	F(emergency_phone, "emergency.phone", K_PHONE, false),
	F(emergency_relation, "emergency.relation", K_TEXT, false),
};
#undef F
enum { NF = sizeof FIELDS / sizeof FIELDS[0], I_FAMILY = 0, I_GIVEN = 1,
       I_MOBILE = 10 };

/* The columns of FIELDS, in order. */
#define FIELD_COLS "family, given, middle, sex, line1, line2, city, state, " \
	"zip, phone_home, phone_mobile, phone_work, email, language, "      \
	"emergency_name, emergency_phone, emergency_relation"
#define OUT_COLS "id, " FIELD_COLS ", birth_day, guarantor, status, " \
	"merged_into, created_us, created_by, updated_us, updated_by"

static const char SQL_GET[] = "SELECT " OUT_COLS " FROM patient WHERE id = ?";
static const char SQL_INSERT[] = "INSERT INTO patient(" FIELD_COLS
	", birth_day, guarantor, name_key, updated_us, updated_by, "
	"created_us, created_by) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, "
	"?21, ?22)";
static const char SQL_UPDATE[] = "UPDATE patient SET family = ?1, "
	"given = ?2, middle = ?3, sex = ?4, line1 = ?5, line2 = ?6, "
	"city = ?7, state = ?8, zip = ?9, phone_home = ?10, "
	"phone_mobile = ?11, phone_work = ?12, email = ?13, language = ?14, "
	"emergency_name = ?15, emergency_phone = ?16, "
	"emergency_relation = ?17, birth_day = ?18, guarantor = ?19, "
	"name_key = ?20, updated_us = ?21, updated_by = ?22 WHERE id = ?23";
static const char SQL_STATUS[] =
	"SELECT status = 'active', coalesce(merged_into, 0) FROM patient "
	"WHERE id = ?";
static const char SQL_DUPS[] = "SELECT id, family, given, name_key = ?2 "
	"FROM patient WHERE status = 'active' AND birth_day = ?1 AND "
	"(name_key = ?2 OR phone_mobile = ?3) ORDER BY id LIMIT 10";
static const char SQL_SEARCH[] = "SELECT " OUT_COLS " FROM patient "
	"WHERE status = 'active' "
	"AND (?1 IS NULL OR instr(' ' || name_key, ' ' || ?1) > 0) "
	"AND (?2 IS NULL OR birth_day = ?2) "
	"AND (?3 IS NULL OR ?3 IN (phone_home, phone_mobile, phone_work)) "
	"ORDER BY name_key, birth_day, id LIMIT ?4";
static const char SQL_MERGED[] = "UPDATE patient SET status = 'merged', "
	"merged_into = ?2, updated_us = ?3, updated_by = ?4 WHERE id = ?1";
static const char SQL_APPTS[] =
	"SELECT id FROM appointment WHERE patient = ?1 ORDER BY id";
static const char SQL_MOVE_APPTS[] = "UPDATE appointment SET patient = ?2, "
	"updated_us = ?3 WHERE patient = ?1";
static const char SQL_RECALLS[] =
	"SELECT id FROM recall WHERE patient = ?1 ORDER BY id";
static const char SQL_MOVE_RECALLS[] =
	"UPDATE recall SET patient = ?2 WHERE patient = ?1";
static const char SQL_POLICIES[] =
	"SELECT id FROM insurance WHERE patient = ?1 ORDER BY id";
static const char SQL_POLICY_CLASH[] =
	"SELECT a.id, b.id, a.rank FROM insurance a JOIN insurance b ON "
	"b.patient = ?2 AND b.rank = a.rank AND a.from_day <= coalesce(b.to_day, "
	"2147483647) AND b.from_day <= coalesce(a.to_day, 2147483647) WHERE "
	"a.patient = ?1 ORDER BY a.id LIMIT 1";
static const char SQL_MOVE_POLICIES[] = "UPDATE insurance SET patient = ?2, "
	"updated_us = ?3, updated_by = ?4 WHERE patient = ?1";
static const char SQL_MOVE_ENCOUNTERS[] =
	"UPDATE encounter SET patient = ?2 WHERE patient = ?1";
static const char SQL_PAYMENTS[] =
	"SELECT id FROM payment WHERE patient = ?1 ORDER BY id";
static const char SQL_MOVE_PAYMENTS[] =
	"UPDATE payment SET patient = ?2 WHERE patient = ?1";
static const char SQL_GUARANTEED[] = "SELECT id FROM patient "
	"WHERE guarantor = ?1 AND id <> ?1 ORDER BY id";
static const char SQL_MOVE_GUARANTOR[] = "UPDATE patient SET guarantor = "
	"CASE id WHEN ?2 THEN NULL ELSE ?2 END, updated_us = ?3, "
	"updated_by = ?4 WHERE guarantor = ?1 AND id <> ?1";

/* Normalized values of the fields: v[i] NULL when not given, "" when
 * none (an update removes it), else points into buf[i]. */
#define VAL_MAX (MO_PATIENT_TEXT_MAX * 4 + 4)
typedef struct vals {
	const char *v[NF];
	char buf[NF][VAL_MAX];
	bool has_birth_day;
	int32_t birth_day;
	int64_t guarantor;
} vals;

#define KEY_MAX (2 * VAL_MAX + 2)

/* ---- UTF-8 and the name key ---- */

/* The code point at s into *cp; returns its length, 0 when invalid. */
static int utf8_next(const unsigned char *s, uint32_t *cp)
{
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	int n = s[0] < 0x80 ? 1 : s[0] < 0xC2 ? 0 : s[0] < 0xE0 ? 2
		: s[0] < 0xF0 ? 3 : s[0] < 0xF5 ? 4 : 0;
	uint32_t c = s[0];
	if (n <= 1) {
		*cp = c;
		return n;
	}
	c &= 0x7Fu >> n;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3F);
	}
	if (c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/* U+00C0..U+00FF and U+0100..U+017F as ASCII letters; '*' marks the
 * ones written with two letters, ' ' the signs × and ÷. */
static const char LATIN1[] = "aaaaaa*ceeeeiiiidnooooo ouuuuy**"
			     "aaaaaa*ceeeeiiiidnooooo ouuuuy*y";
static const char LATIN_A[] = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhh"
	"iiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo**rrrrrrsssssssstttttt"
	"uuuuuuuuuuuuwwyyyzzzzzzs";
_Static_assert(sizeof LATIN1 == 65 && sizeof LATIN_A == 129,
	       "fold tables cover their blocks");

static const char *fold_two(uint32_t c)
{
	switch (c) {
	case 0xC6: case 0xE6: return "ae";
	case 0xDE: case 0xFE: return "th";
	case 0xDF: return "ss";
	case 0x132: case 0x133: return "ij";
	default: return "oe"; /* U+0152, U+0153 */
	}
}

/* What c becomes in a name key: NULL to keep it as written, "" to drop
 * it, " " for a word break, else the letters (one[] for a single one). */
static const char *fold(uint32_t c, char one[2])
{
	char ch = 0;
	if (c < 0x80 && ((c | 32) - 'a' < 26 || c - '0' < 10))
		ch = (char)(c >= 'A' && c <= 'Z' ? c | 32 : c);
	else if (c == '\'' || c == '.' || c == '`' || c == 0x2018 ||
		 c == 0x2019 || c == 0x02BC)
		return "";
	else if (c < 0xC0 || (c >= 0x2000 && c <= 0x206F))
		return " ";
	else if (c <= 0xFF)
		ch = LATIN1[c - 0xC0];
	else if (c <= 0x17F)
		ch = LATIN_A[c - 0x100];
	else
		return NULL;
	if (ch == '*')
		return fold_two(c);
	one[0] = ch;
	one[1] = '\0';
	return ch == ' ' ? " " : one;
}

int mo_patient_name_key(const char *s, char *out, size_t size)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0, add;
	bool space = false;
	char one[2];
	uint32_t c;
	int len;
	if (!s || size == 0)
		return -1;
	for (; *u; u += len) {
		const char *r;
		if (!(len = utf8_next(u, &c)))
			return -1;
		if ((r = fold(c, one)) && !*r)
			continue;
		if (r && *r == ' ') {
			space = n > 0;
			continue;
		}
		add = r ? strlen(r) : (size_t)len;
		if (n + add + space >= size)
			return -1;
		if (space)
			out[n++] = ' ';
		memcpy(out + n, r ? r : (const char *)u, add);
		n += add;
		space = false;
	}
	out[n] = '\0';
	return (int)n;
}

/* The key of a patient, "family given". */
static int patient_key(const char *family, const char *given,
		       char key[KEY_MAX])
{
	int n = mo_patient_name_key(family, key, KEY_MAX);
	if (n < 0)
		return -1;
	key[n] = ' ';
	return mo_patient_name_key(given, key + n + 1, KEY_MAX - n - 1) < 0
		? -1 : 0;
}

/* ---- checks ---- */

static int bad(mo_err *e, const field *f, const char *what, const char *s,
	       size_t len)
{
	char q[MO_QUOTE_MAX + 16];
	return mo_err_set(e, MO_EINVAL, "patient %s: expected %s, got %s",
			  f->shown, what, mo_quote(s, len, q, sizeof q));
}

/* Valid UTF-8 without control characters; *chars receives the count. */
static bool plain_text(const char *s, size_t len, size_t *chars)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	int n;
	*chars = 0;
	for (size_t i = 0; i < len; i += (size_t)n, ++*chars)
		if (!(n = utf8_next(u + i, &c)) || i + (size_t)n > len ||
		    c < 0x20 || (c >= 0x7F && c < 0xA0))
			return false;
	return true;
}

static bool all_of(const char *s, size_t len, const char *set)
{
	return strspn(s, set) >= len;
}

static int check_text(const field *f, const char *s, size_t len, mo_err *e)
{
	char key[VAL_MAX];
	size_t chars;
	if (!plain_text(s, len, &chars))
		return bad(e, f, "text (UTF-8, no control characters)", s, len);
	if (chars > MO_PATIENT_TEXT_MAX)
		return mo_err_set(e, MO_EINVAL, "patient %s: expected 1 to %d "
				  "characters, got %zu", f->shown,
				  MO_PATIENT_TEXT_MAX, chars);
	if (f->kind == K_NAME && mo_patient_name_key(s, key, sizeof key) <= 0)
		return bad(e, f, "a name with a letter or digit", s, len);
	return 0;
}

static int check_email(const field *f, const char *s, size_t len,
		       mo_err *e)
{
	const char *at = memchr(s, '@', len), *dot;
	size_t chars;
	if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1) ||
	    len > 254 || !plain_text(s, len, &chars) || memchr(s, ' ', len))
		return bad(e, f, "an e-mail address such as name@example.com",
			   s, len);
	dot = memchr(at + 1, '.', len - (size_t)(at - s) - 1);
	if (!dot || dot == at + 1 || s[len - 1] == '.')
		return bad(e, f, "an e-mail address with a dot in its domain "
			   "(name@example.com)", s, len);
	return 0;
}

bool mo_patient_sex_valid(const char *s)
{
	static const char *const ok[] = {"female", "male", "other", "unknown"};
	for (size_t i = 0; s && i < 4; i++)
		if (strcmp(s, ok[i]) == 0)
			return true;
	return false;
}

/* Checks s (len bytes, trimmed, NUL-terminated) as field f wants it. */
static int check_value(const field *f, const char *s, size_t len, mo_err *e)
{
	switch (f->kind) {
	case K_NAME: case K_TEXT: return check_text(f, s, len, e);
	case K_SEX:
		return mo_patient_sex_valid(s) ? 0 : bad(e, f, "female, male, "
							 "other or unknown", s,
							 len);
	case K_ZIP:
		return mo_codes_zip_valid(s) ? 0 : bad(e, f, "a ZIP code such as "
						      "62701 or 62701-1234", s,
						      len);
	case K_EMAIL: return check_email(f, s, len, e);
	case K_STATE:
		return mo_codes_state_valid(s) ? 0 : bad(e, f, "a state as 2 "
							 "capital letters such "
							 "as IL", s, len);
	case K_LANG:
		if ((len == 2 || len == 3) &&
		    all_of(s, len, "abcdefghijklmnopqrstuvwxyz"))
			return 0;
		return bad(e, f, "a language code of 2 or 3 lower-case letters "
			   "such as en, es or haw", s, len);
	default: return 0; /* K_PHONE: mo_patient_phone */
	}
}

int mo_patient_phone(const char *what, const char *in, char out[11],
		     mo_err *e)
{
	char d[16], q[MO_QUOTE_MAX + 16];
	size_t n = 0, skip;
	bool plus = false;
	for (const char *s = in; s && *s; s++) {
		if (strchr("()-. ", *s))
			continue;
		if (*s == '+' && n == 0 && !plus)
			plus = true;
		else if (*s >= '0' && *s <= '9' && n < sizeof d)
			d[n++] = *s;
		else
			goto bad;
	}
	skip = n == 11 && d[0] == '1';
	if (n - skip == 10 && (!plus || skip)) {
		memcpy(out, d + skip, 10);
		out[10] = '\0';
		return 0;
	}
bad:
	return mo_err_set(e, MO_EINVAL, "patient %s: expected a 10-digit phone "
			  "number such as (217) 555-0123, got %s", what,
			  mo_quote(in ? in : "", in ? strlen(in) : 0, q,
				   sizeof q));
}

/* Normalizes one field of in into v (trimmed; phones as 10 digits). */
static int normalize_field(const field *f, const char *raw, vals *v, int i,
			   mo_err *e)
{
	size_t len;
	int rc;
	v->v[i] = NULL;
	if (!raw)
		return 0;
	raw += strspn(raw, " ");
	for (len = strlen(raw); len && raw[len - 1] == ' '; len--)
		;
	v->v[i] = v->buf[i];
	v->buf[i][0] = '\0';
	if (len == 0)
		return 0;
	if (len >= VAL_MAX)
		return mo_err_set(e, MO_EINVAL, "patient %s: expected at most %d "
				  "characters", f->shown, f->kind == K_EMAIL
				  ? 254 : MO_PATIENT_TEXT_MAX);
	memcpy(v->buf[i], raw, len);
	v->buf[i][len] = '\0';
	if (f->kind == K_PHONE)
		return mo_patient_phone(f->shown, v->buf[i], v->buf[i], e);
	if ((rc = check_value(f, v->buf[i], len, e)))
		v->v[i] = NULL;
	return rc;
}

static int check_birth(int32_t day, int32_t today, mo_err *e)
{
	char buf[11];
	if (day < mo_days_from_civil(1900, 1, 1))
		return mo_err_set(e, MO_EINVAL, "patient birth_date: expected "
				  "1900-01-01 or later, got %s",
				  mo_date_format(day, buf));
	if (day > today)
		return mo_err_set(e, MO_EINVAL, "patient birth_date: %s is in "
				  "the future", mo_date_format(day, buf));
	return 0;
}

/* Checks and normalizes in into v; for a registration the required
 * fields must be there, for an update they may not be removed. A birth
 * date may not be after today (the practice's). */
static int normalize(const mo_patient_new *in, bool reg, int32_t today,
		     vals *v, mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "patient: no fields given");
	for (int i = 0; i < NF; i++) {
		const field *f = &FIELDS[i];
		const char *raw = *(const char *const *)((const char *)in +
							  f->in_off);
		if ((rc = normalize_field(f, raw, v, i, e)))
			return rc;
		if (f->required && (reg ? !v->v[i] || !*v->v[i]
				    : v->v[i] && !*v->v[i]))
			return mo_err_set(e, MO_EINVAL, "patient %s: required%s",
					  f->shown, reg ? "" : ", it cannot be "
					  "removed");
	}
	v->has_birth_day = in->has_birth_day;
	v->birth_day = in->birth_day;
	v->guarantor = in->guarantor;
	if (reg && !in->has_birth_day)
		return mo_err_set(e, MO_EINVAL, "patient birth_date: required");
	if (in->has_birth_day && (rc = check_birth(in->birth_day, today, e)))
		return rc;
	if (in->guarantor < 0 && (reg || in->guarantor != MO_PATIENT_CLEAR))
		return mo_err_set(e, MO_EINVAL, "patient guarantor: expected a "
				  "patient id, got %lld",
				  (long long)in->guarantor);
	return 0;
}

/* ---- database helpers ---- */

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* Whether patient id exists, is active and what it was merged into. */
static int status_of(mo_db *db, int64_t id, bool *found, bool *active,
		     int64_t *merged_into, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATUS, &st, e);
	*found = *active = false;
	*merged_into = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		*active = sqlite3_column_int(st, 0) != 0;
		*merged_into = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "patient", e);
	sqlite3_reset(st);
	return rc;
}

/* MO_ENOTFOUND or MO_EINVAL (merged) unless patient id is active; what
 * names it in the message ("patient guarantor", "patient"). */
static int need_active(mo_db *db, const char *what, int64_t id, mo_err *e)
{
	bool found, active;
	int64_t into;
	int rc = status_of(db, id, &found, &active, &into, e);
	if (rc)
		return rc;
	if (!found)
		return mo_err_set(e, MO_ENOTFOUND, "%s: no patient %lld", what,
				  (long long)id);
	if (!active)
		return mo_err_set(e, MO_EINVAL, "%s: patient %lld was merged "
				  "into patient %lld; use that record", what,
				  (long long)id, (long long)into);
	return 0;
}

static int check_guarantor(mo_db *db, int64_t g, int64_t self, mo_err *e)
{
	int rc;
	if (g <= 0)
		return 0;
	if (g == self)
		return mo_err_set(e, MO_EINVAL, "patient guarantor: a patient "
				  "is not their own guarantor (leave it empty)");
	rc = need_active(db, "patient guarantor", g, e);
	if (rc != MO_ENOTFOUND)
		return rc;
	if (e) /* an unknown guarantor is bad input */
		e->code = MO_EINVAL;
	return MO_EINVAL;
}

/* A growing comma-separated list of ids, for the audit detail. */
typedef struct idlist {
	char *s;
	size_t len, cap;
	int64_t n;
} idlist;

static int ids_add(idlist *l, int64_t id, mo_err *e)
{
	char buf[24];
	int k = snprintf(buf, sizeof buf, "%s%lld", l->n ? "," : "",
			 (long long)id);
	if (l->len + (size_t)k + 1 > l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		char *s = realloc(l->s, cap);
		if (!s)
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		l->s = s;
		l->cap = cap;
	}
	memcpy(l->s + l->len, buf, (size_t)k + 1);
	l->len += (size_t)k;
	l->n++;
	return 0;
}

static const char *ids_text(const idlist *l)
{
	return l->s ? l->s : "";
}

/* The ids the query sql (with ?1 = id) returns, appended to l. */
static int collect_ids(mo_db *db, const char *sql, int64_t id, idlist *l,
		       mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = ids_add(l, sqlite3_column_int64(st, 0), e)))
			goto out;
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
out:
	sqlite3_reset(st);
	return rc;
}

/* Runs an UPDATE with ?1 = a, ?2 = b, ?3 = now and ?4 = actor (those it
 * has). */
static int run_update(mo_db *db, const char *sql, int64_t a, int64_t b,
		      const char *actor, mo_err *e)
{
	sqlite3_stmt *st;
	int n, rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	n = sqlite3_bind_parameter_count(st);
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	if (n >= 3)
		sqlite3_bind_int64(st, 3, mo_clock_now_us());
	if (n >= 4)
		sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
	sqlite3_reset(st);
	return rc;
}

/* Binds the 22 row parameters of SQL_INSERT and SQL_UPDATE. */
static void bind_row(sqlite3_stmt *st, const vals *v, const char *key,
		     const char *actor)
{
	for (int i = 0; i < NF; i++)
		bind_opt(st, i + 1, v->v[i]);
	sqlite3_bind_int(st, NF + 1, v->birth_day);
	if (v->guarantor > 0)
		sqlite3_bind_int64(st, NF + 2, v->guarantor);
	else
		sqlite3_bind_null(st, NF + 2);
	sqlite3_bind_text(st, NF + 3, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, NF + 4, mo_clock_now_us());
	sqlite3_bind_text(st, NF + 5, actor, -1, SQLITE_STATIC);
}

/* Writes v: a new row (id 0, *id receives it) or row id. */
static int write_row(mo_db *db, const char *actor, const vals *v,
		     int64_t *id, mo_err *e)
{
	char key[KEY_MAX];
	sqlite3_stmt *st;
	int rc;
	if (patient_key(v->v[I_FAMILY], v->v[I_GIVEN], key) < 0)
		return mo_err_set(e, MO_EINVAL, "patient: name too long");
	if ((rc = mo_db_stmt(db, *id ? SQL_UPDATE : SQL_INSERT, &st, e)))
		return rc;
	bind_row(st, v, key, actor);
	if (*id)
		sqlite3_bind_int64(st, NF + 6, *id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
	if (!rc && !*id)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* ---- register ---- */

/* Appends " as patient N (why)" for each possible duplicate to msg. */
static int find_dups(mo_db *db, const vals *v, idlist *ids, char *msg,
		     size_t size, mo_err *e)
{
	char key[KEY_MAX];
	size_t n = 0;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DUPS, &st, e);
	if (rc)
		return rc;
	patient_key(v->v[I_FAMILY], v->v[I_GIVEN], key);
	sqlite3_bind_int(st, 1, v->birth_day);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	bind_opt(st, 3, v->v[I_MOBILE]);
	msg[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((rc = ids_add(ids, id, e)))
			goto out;
		n += (size_t)snprintf(msg + (n < size ? n : size),
				      n < size ? size - n : 0,
				      "%s patient %lld (%s, %s: same %s)",
				      ids->n > 1 ? "," : "", (long long)id,
				      mo_db_text(st, 1), mo_db_text(st, 2),
				      sqlite3_column_int(st, 3)
				      ? "name and birth date"
				      : "birth date and mobile phone");
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
out:
	sqlite3_reset(st);
	return rc;
}

static int dup_refusal(const vals *v, const char *msg, mo_err *e)
{
	char day[11];
	return mo_err_set(e, MO_EEXIST, "patient %s, %s born %s may be "
			  "registered already as%s", v->v[I_FAMILY],
			  v->v[I_GIVEN], mo_date_format(v->birth_day, day), msg);
}

/* The facts of a registration: the fields given, then the rest. */
static size_t register_facts(const vals *v, bool allow, char day[11],
			     mo_fact *f)
{
	size_t n = 0;
	for (int i = 0; i < NF; i++)
		if (v->v[i] && *v->v[i])
			f[n++] = (mo_fact){FIELDS[i].col, MO_FACT_STR, v->v[i],
					   0};
	f[n++] = (mo_fact){"birth_date", MO_FACT_STR,
			   mo_date_format(v->birth_day, day), 0};
	if (v->guarantor > 0)
		f[n++] = (mo_fact){"guarantor", MO_FACT_INT, NULL,
				   v->guarantor};
	f[n++] = (mo_fact){"allow_duplicate", MO_FACT_BOOL, NULL, allow};
	return n;
}

/* Inside the operation: the guarantor, the duplicate check, the row. */
static int register_in_op(mo_op *op, const vals *v, bool allow,
			  idlist *dups, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	char msg[1024];
	int rc;
	if ((rc = check_guarantor(db, v->guarantor, 0, e)) ||
	    (rc = find_dups(db, v, dups, msg, sizeof msg, e)))
		return rc;
	if (dups->n && !allow)
		return dup_refusal(v, msg, e);
	return write_row(db, op->actor, v, id, e);
}

int mo_patient_register(mo_practice *p, const char *actor,
			const mo_patient_new *in, bool allow_duplicate,
			int64_t *id, mo_err *e)
{
	vals *v = calloc(1, sizeof *v);
	mo_fact facts[NF + 4];
	idlist dups = {0};
	char day[11], record[40];
	int64_t pid = 0;
	size_t n;
	mo_op op;
	int rc;
	if (!v)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = normalize(in, true, mo_practice_today(p), v, e)))
		goto out;
	n = register_facts(v, allow_duplicate, day, facts);
	if ((rc = mo_op_begin(p, &op, actor, "patient.register", facts, n, e)))
		goto out;
	if ((rc = register_in_op(&op, v, allow_duplicate, &dups, &pid, e))) {
		mo_op_abort(&op);
		goto out;
	}
	if (dups.n) /* recorded with the audit entry, not decided upon */
		facts[op.nfacts++] = (mo_fact){"duplicate_of", MO_FACT_STR,
					       ids_text(&dups), 0};
	snprintf(record, sizeof record, "patient:%lld", (long long)pid);
	if (!(rc = mo_op_commit(&op, record, e)) && id)
		*id = pid;
out:
	free(dups.s);
	free(v);
	return rc;
}

/* ---- reading ---- */

static void read_patient(sqlite3_stmt *st, mo_patient *pt)
{
	memset(pt, 0, sizeof *pt);
	pt->id = sqlite3_column_int64(st, 0);
	for (int i = 0; i < NF; i++)
		*(const char **)((char *)pt + FIELDS[i].out_off) =
		    mo_db_text(st, i + 1);
	pt->birth_day = sqlite3_column_int(st, NF + 1);
	pt->guarantor = sqlite3_column_int64(st, NF + 2);
	pt->status = mo_db_text(st, NF + 3);
	pt->merged_into = sqlite3_column_int64(st, NF + 4);
	pt->created_us = sqlite3_column_int64(st, NF + 5);
	pt->created_by = mo_db_text(st, NF + 6);
	pt->updated_us = sqlite3_column_int64(st, NF + 7);
	pt->updated_by = mo_db_text(st, NF + 8);
}

/* The ids a read passed to its callback, for the audit entry. A fixed
 * buffer (a read returns at most MO_PATIENT_LIMIT_MAX), so that nothing
 * allocated is lost when a callback raises (a Lua binding). */
typedef struct read_ids {
	int n;
	size_t len;
	char s[MO_PATIENT_LIMIT_MAX * 21 + 1];
} read_ids;

/* Steps st, passing each row to cb (optional) and its id to ids; *stop
 * receives cb's non-zero return. */
static int each_row(mo_db *db, sqlite3_stmt *st, mo_patient_cb cb, void *ud,
		    read_ids *ids, int *stop, mo_err *e)
{
	mo_patient pt;
	int rc;
	*stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_patient(st, &pt);
		if (ids->len < sizeof ids->s)
			ids->len += (size_t)snprintf(ids->s + ids->len,
				sizeof ids->s - ids->len, "%s%lld",
				ids->n ? "," : "", (long long)pt.id);
		ids->n++;
		if (cb && (*stop = cb(ud, &pt)))
			return 0;
	}
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
}

static int get_in_op(mo_db *db, int64_t id, mo_patient_cb cb, void *ud,
		     int *stop, mo_err *e)
{
	read_ids one = {0};
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = each_row(db, st, cb, ud, &one, stop, e);
	sqlite3_reset(st);
	if (!rc && one.n == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "no patient %lld",
				(long long)id);
	return rc;
}

int mo_patient_get(mo_practice *p, const char *actor, int64_t id,
		   mo_patient_cb cb, void *ud, mo_err *e)
{
	mo_fact facts[] = {{"id", MO_FACT_INT, NULL, id}};
	char record[40];
	mo_op op;
	int stop, rc = mo_op_begin(p, &op, actor, "patient.read", facts, 1, e);
	if (rc)
		return rc;
	if ((rc = get_in_op(mo_practice_db(p), id, cb, ud, &stop, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "patient:%lld", (long long)id);
	rc = mo_op_commit(&op, record, e);
	return rc ? rc : stop;
}

/* ---- search ---- */

typedef struct query {
	char key[KEY_MAX];
	char phone[11];
	char day[11];
	int limit;
} query;

static int check_query(const mo_patient_query *q, query *out, mo_err *e)
{
	int rc;
	if (!q || (!q->name && !q->has_birth_day && !q->phone))
		return mo_err_set(e, MO_EINVAL, "patient search: give a name, "
				  "a birth date or a phone");
	if (q->name && mo_patient_name_key(q->name, out->key, KEY_MAX) <= 0)
		return mo_err_set(e, MO_EINVAL, "patient search name: expected "
				  "letters or digits (valid UTF-8, at most %d "
				  "bytes)", KEY_MAX - 1);
	if (q->phone && (rc = mo_patient_phone("search phone", q->phone,
					       out->phone, e)))
		return rc;
	if (q->limit < 0 || q->limit > MO_PATIENT_LIMIT_MAX)
		return mo_err_set(e, MO_EINVAL, "patient search limit: expected "
				  "1 to %d, got %d", MO_PATIENT_LIMIT_MAX,
				  q->limit);
	out->limit = q->limit ? q->limit : MO_PATIENT_LIMIT;
	if (q->has_birth_day)
		mo_date_format(q->birth_day, out->day);
	return 0;
}

static int search_in_op(mo_db *db, const mo_patient_query *q,
			const query *k, mo_patient_cb cb, void *ud,
			read_ids *ids, int *stop, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SEARCH, &st, e);
	if (rc)
		return rc;
	bind_opt(st, 1, q->name ? k->key : NULL);
	if (q->has_birth_day)
		sqlite3_bind_int(st, 2, q->birth_day);
	bind_opt(st, 3, q->phone ? k->phone : NULL);
	sqlite3_bind_int(st, 4, k->limit);
	rc = each_row(db, st, cb, ud, ids, stop, e);
	sqlite3_reset(st);
	return rc;
}

int mo_patient_search(mo_practice *p, const char *actor,
		      const mo_patient_query *q, mo_patient_cb cb, void *ud,
		      mo_err *e)
{
	query k = {0};
	read_ids ids = {0};
	mo_op op;
	int stop = 0, rc = check_query(q, &k, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"name", MO_FACT_STR, q->name, 0},
		{"birth_date", MO_FACT_STR, q->has_birth_day ? k.day : NULL, 0},
		{"phone", MO_FACT_STR, q->phone ? k.phone : NULL, 0},
		{"limit", MO_FACT_INT, NULL, k.limit},
		{"ids", MO_FACT_STR, NULL, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "patient.read", facts, 4, e)))
		return rc;
	rc = search_in_op(mo_practice_db(p), q, &k, cb, ud, &ids, &stop, e);
	if (rc) {
		mo_op_abort(&op);
	} else {
		facts[op.nfacts++].s = ids.s; /* what was returned */
		rc = mo_op_commit(&op, "patient:search", e);
	}
	return rc ? rc : stop;
}

/* ---- update ---- */

/* The current row of id into cur (all fields given); *into receives
 * merged_into (0 when active). */
static int load_row(mo_db *db, int64_t id, vals *cur, int64_t *into,
		    mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < NF; i++) {
			snprintf(cur->buf[i], VAL_MAX, "%s",
			         mo_db_text(st, i + 1) ? mo_db_text(st, i + 1)
			                               : "");
			cur->v[i] = cur->buf[i];
		}
		cur->has_birth_day = true;
		cur->birth_day = sqlite3_column_int(st, NF + 1);
		cur->guarantor = sqlite3_column_int64(st, NF + 2);
		*into = sqlite3_column_int64(st, NF + 4);
	}
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE
		? mo_err_set(e, MO_ENOTFOUND, "no patient %lld", (long long)id)
		: mo_db_fail(db, "patient", e);
	sqlite3_reset(st);
	return rc;
}

/* An update's working state. */
typedef struct upd {
	vals chg, cur;
	char changed[512];
	char day_new[11], day_old[11];
	mo_fact facts[2 + 2 * (NF + 2)];
	size_t nfacts;
} upd;

static void add_change(upd *u, const char *name)
{
	size_t n = strlen(u->changed);
	snprintf(u->changed + n, sizeof u->changed - n, "%s%s", n ? "," : "",
		 name);
}

static void str_change(upd *u, int i)
{
	const char *now = u->chg.v[i], *was = u->cur.v[i];
	add_change(u, FIELDS[i].col);
	u->facts[u->nfacts++] = (mo_fact){FIELDS[i].col, MO_FACT_STR,
					  *now ? now : NULL, 0};
	u->facts[u->nfacts++] = (mo_fact){FIELDS[i].before, MO_FACT_STR,
					  *was ? was : NULL, 0};
	u->cur.v[i] = now;
}

/* Finds what really changes (into the facts, "changed" first) and
 * applies it to cur. */
static void diff(upd *u, int64_t id)
{
	int64_t g = u->chg.guarantor == MO_PATIENT_CLEAR ? 0 : u->chg.guarantor;
	u->facts[0] = (mo_fact){"id", MO_FACT_INT, NULL, id};
	u->facts[1] = (mo_fact){"changed", MO_FACT_STR, u->changed, 0};
	u->nfacts = 2;
	for (int i = 0; i < NF; i++)
		if (u->chg.v[i] && strcmp(u->chg.v[i], u->cur.v[i]) != 0)
			str_change(u, i);
	if (u->chg.has_birth_day && u->chg.birth_day != u->cur.birth_day) {
		add_change(u, "birth_date");
		u->facts[u->nfacts++] = (mo_fact){"birth_date", MO_FACT_STR,
			mo_date_format(u->chg.birth_day, u->day_new), 0};
		u->facts[u->nfacts++] = (mo_fact){"birth_date_before",
			MO_FACT_STR, mo_date_format(u->cur.birth_day,
						    u->day_old), 0};
		u->cur.birth_day = u->chg.birth_day;
	}
	if (u->chg.guarantor && g != u->cur.guarantor) {
		add_change(u, "guarantor");
		u->facts[u->nfacts++] = (mo_fact){"guarantor", MO_FACT_INT,
						  NULL, g};
		u->facts[u->nfacts++] = (mo_fact){"guarantor_before",
			MO_FACT_INT, NULL, u->cur.guarantor};
		u->cur.guarantor = g;
	}
}

/* The facts the rules see: the id and the new values given. */
static size_t update_facts(upd *u, int64_t id)
{
	size_t n = 0;
	u->facts[n++] = (mo_fact){"id", MO_FACT_INT, NULL, id};
	for (int i = 0; i < NF; i++)
		if (u->chg.v[i])
			u->facts[n++] = (mo_fact){FIELDS[i].col, MO_FACT_STR,
				*u->chg.v[i] ? u->chg.v[i] : NULL, 0};
	if (u->chg.has_birth_day)
		u->facts[n++] = (mo_fact){"birth_date", MO_FACT_STR,
			mo_date_format(u->chg.birth_day, u->day_new), 0};
	if (u->chg.guarantor)
		u->facts[n++] = (mo_fact){"guarantor", MO_FACT_INT, NULL,
			u->chg.guarantor < 0 ? 0 : u->chg.guarantor};
	return n;
}

static int update_in_op(mo_op *op, upd *u, int64_t id, mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	int64_t into = 0;
	int rc;
	if ((rc = load_row(db, id, &u->cur, &into, e)))
		return rc;
	if (into)
		return mo_err_set(e, MO_EINVAL, "patient %lld was merged into "
				  "patient %lld; update that record",
				  (long long)id, (long long)into);
	if ((rc = check_guarantor(db, u->chg.guarantor, id, e)))
		return rc;
	diff(u, id);
	op->facts = u->facts; /* the audit entry records before and after */
	op->nfacts = u->nfacts;
	return u->changed[0] ? write_row(db, op->actor, &u->cur, &id, e) : 0;
}

static bool any_given(const vals *v)
{
	for (int i = 0; i < NF; i++)
		if (v->v[i])
			return true;
	return v->has_birth_day || v->guarantor;
}

int mo_patient_update(mo_practice *p, const char *actor, int64_t id,
		      const mo_patient_new *changes, mo_err *e)
{
	upd *u = calloc(1, sizeof *u);
	char record[40];
	mo_op op;
	int rc;
	if (!u)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = normalize(changes, false, mo_practice_today(p), &u->chg,
			    e)))
		goto out;
	if (!any_given(&u->chg)) {
		rc = mo_err_set(e, MO_EINVAL, "patient update: nothing to "
				"change");
		goto out;
	}
	if ((rc = mo_op_begin(p, &op, actor, "patient.update", u->facts,
			      update_facts(u, id), e)))
		goto out;
	if ((rc = update_in_op(&op, u, id, e))) {
		mo_op_abort(&op);
		goto out;
	}
	snprintf(record, sizeof record, "patient:%lld", (long long)id);
	rc = mo_op_commit(&op, record, e);
out:
	free(u);
	return rc;
}

/* ---- merge ---- */

typedef struct moved {
	idlist appts, recalls, guaranteed, policies, payments;
	int transfers; /* ledger entries moving the balances */
} moved;

/* Two policies of the same rank in force on the same days would clash. */
static int policy_clash(mo_db *db, int64_t from, int64_t into, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_POLICY_CLASH, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, into);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EINVAL, "patient merge: insurance policy "
				"%lld of patient %lld and policy %lld of "
				"patient %lld are both rank %d on some of the "
				"same days; end one of them first",
				(long long)sqlite3_column_int64(st, 0),
				(long long)from,
				(long long)sqlite3_column_int64(st, 1),
				(long long)into, sqlite3_column_int(st, 2));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "patient", e);
	sqlite3_reset(st);
	return rc;
}

/* Insurance, encounters, payments and what the ledger says the patient
 * owes or is owed follow the merge. */
static int merge_billing(mo_op *op, int64_t from, int64_t into, moved *m,
			 mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	int rc;
	if ((rc = policy_clash(db, from, into, e)) ||
	    (rc = collect_ids(db, SQL_POLICIES, from, &m->policies, e)) ||
	    (rc = collect_ids(db, SQL_PAYMENTS, from, &m->payments, e)) ||
	    (rc = run_update(db, SQL_MOVE_POLICIES, from, into, op->actor,
			     e)) ||
	    (rc = run_update(db, SQL_MOVE_ENCOUNTERS, from, into, NULL, e)) ||
	    (rc = run_update(db, SQL_MOVE_PAYMENTS, from, into, NULL, e)))
		return rc;
	return mo_ledger_transfer_patient(op->p, op->actor, from, into,
					  mo_practice_today(op->p),
					  &m->transfers, e);
}

static int merge_checks(mo_db *db, int64_t from, int64_t into, mo_err *e)
{
	int rc;
	if (from == into)
		return mo_err_set(e, MO_EINVAL, "patient merge: cannot merge "
				  "patient %lld into itself", (long long)from);
	if ((rc = need_active(db, "patient merge from", from, e)))
		return rc;
	return need_active(db, "patient merge into", into, e);
}

static int merge_in_op(mo_op *op, int64_t from, int64_t into, moved *m,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	int rc;
	if ((rc = merge_checks(db, from, into, e)) ||
	    (rc = collect_ids(db, SQL_APPTS, from, &m->appts, e)) ||
	    (rc = collect_ids(db, SQL_RECALLS, from, &m->recalls, e)) ||
	    (rc = collect_ids(db, SQL_GUARANTEED, from, &m->guaranteed, e)))
		return rc;
	if ((rc = run_update(db, SQL_MOVE_APPTS, from, into, NULL, e)) ||
	    (rc = run_update(db, SQL_MOVE_RECALLS, from, into, NULL, e)) ||
	    (rc = run_update(db, SQL_MOVE_GUARANTOR, from, into, op->actor,
			     e)) ||
	    (rc = merge_billing(op, from, into, m, e)))
		return rc;
	return run_update(db, SQL_MERGED, from, into, op->actor, e);
}

int mo_patient_merge(mo_practice *p, const char *actor, int64_t from_id,
		     int64_t into_id, mo_err *e)
{
	moved m = {0};
	char record[40];
	mo_op op;
	mo_fact facts[] = {
		{"from", MO_FACT_INT, NULL, from_id},
		{"into", MO_FACT_INT, NULL, into_id},
		{"appointments", MO_FACT_STR, NULL, 0},
		{"recalls", MO_FACT_STR, NULL, 0},
		{"guarantor_of", MO_FACT_STR, NULL, 0},
		{"insurance", MO_FACT_STR, NULL, 0},
		{"payments", MO_FACT_STR, NULL, 0},
		{"ledger_transfers", MO_FACT_INT, NULL, 0},
	};
	int rc = mo_op_begin(p, &op, actor, "patient.merge", facts, 2, e);
	if (rc)
		return rc;
	if ((rc = merge_in_op(&op, from_id, into_id, &m, e))) {
		mo_op_abort(&op);
		goto out;
	}
	facts[2].s = ids_text(&m.appts); /* what moved, for the history */
	facts[3].s = ids_text(&m.recalls);
	facts[4].s = ids_text(&m.guaranteed);
	facts[5].s = ids_text(&m.policies);
	facts[6].s = ids_text(&m.payments);
	facts[7].i = m.transfers;
	op.nfacts = 8;
	snprintf(record, sizeof record, "patient:%lld", (long long)from_id);
	rc = mo_op_commit(&op, record, e);
out:
	free(m.appts.s);
	free(m.recalls.s);
	free(m.guaranteed.s);
	free(m.policies.s);
	free(m.payments.s);
	return rc;
}

int mo_patient_active(mo_practice *p, int64_t id, const char *prefix,
		      const char *advice, mo_err *e)
{
	int64_t active;
	int rc = mo_patient_resolve(p, id, &active, e);
	if (rc) {
		if (prefix && *prefix)
			mo_err_prefix(e, "%s", prefix);
		return rc;
	}
	if (active != id)
		return mo_err_set(e, MO_EINVAL, "%spatient %lld was merged into "
				  "patient %lld; %s", prefix ? prefix : "",
				  (long long)id, (long long)active, advice);
	return 0;
}

int mo_patient_resolve(mo_practice *p, int64_t id, int64_t *active_id,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	bool found, active;
	int64_t at = id, next;
	for (int hops = 0; hops < 64; hops++, at = next) {
		int rc = status_of(db, at, &found, &active, &next, e);
		if (rc)
			return rc;
		if (!found && at == id)
			return mo_err_set(e, MO_ENOTFOUND, "no patient %lld",
					  (long long)id);
		if (!found || (!active && next <= 0))
			break;
		if (active) {
			*active_id = at;
			return 0;
		}
	}
	return mo_err_set(e, MO_ECORRUPT, "patient %lld: its merges lead to "
			  "no active record (stopped at patient %lld)",
			  (long long)id, (long long)at);
}
