/* bank.c: the bank (see payable.h): statements imported (read by
 * bank_csv.c, refused when the same file was imported before, written
 * whole in one operation), the matching of statement lines to deposits,
 * bill payments and remittances (automatic, by hand, undone), the lists
 * (statements, lines, the deposit register, what is outstanding) and the
 * bank's items of the task list. It uses payable_int.h, clock.h,
 * units.h, libmd (SHA-256) and SQLite through db.h. */
#include "payable_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "sha.h"
#include "units.h"

/* An active match of the column c naming x (a table alias's id). */
#define MATCHED(c, x)                                                      \
	"EXISTS (SELECT 1 FROM bank_match m WHERE m." c " = " x " AND "     \
	"m.undone_us IS NULL)"
/* A match of line ?3 to x that was undone: never made again by itself. */
#define UNDONE(c, x)                                                       \
	"EXISTS (SELECT 1 FROM bank_match u WHERE u.line = ?3 AND u." c     \
	" = " x " AND u.undone_us IS NOT NULL)"
#define KIND                                                               \
	"CASE WHEN m.deposit IS NOT NULL THEN 'deposit' WHEN m.payment IS "  \
	"NOT NULL THEN 'bill_payment' WHEN m.era IS NOT NULL THEN 'era' "    \
	"WHEN m.note IS NOT NULL THEN 'note' END"

static const char SQL_SEEN[] = "SELECT id, file, day, created_by FROM "
	"bank_import WHERE sha256 = ?";
static const char SQL_IMPORT[] = "INSERT INTO bank_import(sha256, file, "
	"mapping, lines, credits, debits, first_day, last_day, day, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LINE[] = "INSERT INTO bank_line(import, row, day, "
	"amount, description, reference) VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_TWIN[] = "SELECT 1 FROM bank_line WHERE day = ?1 AND "
	"amount = ?2 AND description IS ?3 AND import <> ?4 LIMIT 1";
static const char SQL_UNMATCHED[] = "SELECT l.id, l.day, l.amount, "
	"l.reference, l.description FROM bank_line l WHERE (?1 = 0 OR "
	"l.import = ?1) AND NOT " MATCHED("line", "l.id") " ORDER BY l.day, "
	"l.id";
static const char SQL_FIND_DEPOSIT[] = "SELECT d.id FROM deposit d WHERE "
	"d.total = ?1 AND abs(d.day - ?2) <= 3 AND NOT " MATCHED("deposit",
	"d.id") " AND NOT " UNDONE("deposit", "d.id") " ORDER BY abs(d.day - "
	"?2), d.id LIMIT 1";
static const char SQL_FIND_ERA[] = "SELECT r.id FROM era r WHERE r.amount = "
	"?1 AND r.paid_day IS NOT NULL AND abs(r.paid_day - ?2) <= 3 AND NOT "
	MATCHED("era", "r.id") " AND NOT " UNDONE("era", "r.id") " ORDER BY "
	"abs(r.paid_day - ?2), r.id LIMIT 1";
static const char SQL_FIND_PAYMENT[] = "SELECT y.id, y.day, y.reference "
	"FROM bill_payment y WHERE y.amount = ?1 AND NOT " MATCHED("payment",
	"y.id") " AND NOT " UNDONE("payment", "y.id") " ORDER BY abs(y.day - "
	"?2), y.id";
static const char SQL_MATCH[] = "INSERT INTO bank_match(line, deposit, "
	"payment, era, note, how, created_us, created_by) VALUES(?, ?, ?, ?, "
	"?, ?, ?, ?)";
static const char SQL_UNDO[] = "UPDATE bank_match SET undone_us = ?, "
	"undone_by = ? WHERE line = ? AND undone_us IS NULL";
static const char SQL_LINE_GET[] = "SELECT l.amount, m.id, " KIND ", "
	"coalesce(m.deposit, m.payment, m.era, 0) FROM bank_line l LEFT JOIN "
	"bank_match m ON m.line = l.id AND m.undone_us IS NULL WHERE l.id = ?";
static const char SQL_DEPOSIT_GET[] = "SELECT total, (SELECT m.line FROM "
	"bank_match m WHERE m.deposit = d.id AND m.undone_us IS NULL) FROM "
	"deposit d WHERE id = ?";
static const char SQL_PAYMENT_GET[] = "SELECT -amount, (SELECT m.line FROM "
	"bank_match m WHERE m.payment = y.id AND m.undone_us IS NULL) FROM "
	"bill_payment y WHERE id = ?";
static const char SQL_ERA_GET[] = "SELECT amount, (SELECT m.line FROM "
	"bank_match m WHERE m.era = r.id AND m.undone_us IS NULL) FROM era r "
	"WHERE id = ?";
static const char SQL_IMPORTS[] = "SELECT id, file, sha256, mapping, lines, "
	"credits, debits, first_day, last_day, day, created_us, created_by "
	"FROM bank_import ORDER BY id DESC";
static const char SQL_LINES[] = "SELECT l.id, l.import, l.row, l.day, "
	"l.amount, l.description, l.reference, coalesce(m.id, 0), " KIND ", "
	"coalesce(m.deposit, m.payment, m.era, 0), m.note, m.how, "
	"m.created_by FROM bank_line l LEFT JOIN bank_match m ON m.line = "
	"l.id AND m.undone_us IS NULL WHERE (?1 = 0 OR l.import = ?1) AND "
	"l.day BETWEEN ?2 AND ?3 AND (?4 = 0 OR m.id IS NULL) ORDER BY "
	"l.day, l.id";
static const char SQL_REGISTER[] = "SELECT d.id, d.day, d.count, d.total, "
	"d.created_by, d.created_us, coalesce(m.line, 0), coalesce(l.day, 0) "
	"FROM deposit d LEFT JOIN bank_match m ON m.deposit = d.id AND "
	"m.undone_us IS NULL LEFT JOIN bank_line l ON l.id = m.line WHERE "
	"d.day BETWEEN ?1 AND ?2 ORDER BY d.day, d.id";
static const char SQL_OUTSTANDING[] = "SELECT 'deposit', d.id, d.day, "
	"d.total, 'deposit ' || d.id || ' by ' || d.created_by FROM deposit d "
	"WHERE d.day BETWEEN ?1 AND ?2 AND NOT " MATCHED("deposit", "d.id")
	" UNION ALL SELECT 'bill_payment', y.id, y.day, -y.amount, v.name || "
	"' bill ' || b.number || ', ' || y.method || coalesce(' ' || "
	"y.reference, '') FROM bill_payment y JOIN bill b ON b.id = y.bill "
	"JOIN vendor v ON v.id = b.vendor WHERE y.day BETWEEN ?1 AND ?2 AND "
	"NOT " MATCHED("payment", "y.id") " UNION ALL SELECT 'era', r.id, "
	"r.paid_day, r.amount, 'remittance ' || r.id || ' from ' || r.payer "
	"|| ' (trace ' || r.trace || ')' FROM era r WHERE r.amount > 0 AND "
	"r.paid_day BETWEEN ?1 AND ?2 AND NOT " MATCHED("era", "r.id")
	" ORDER BY 3, 1, 2";
static const char SQL_FIRST[] = "SELECT min(first_day) FROM bank_import";
static const char SQL_DUE[] = "SELECT l.id, l.day, l.amount, "
	"l.description, l.reference, max(l.day, i.day) + 5 AS due FROM "
	"bank_line l JOIN bank_import i ON i.id = l.import WHERE NOT "
	MATCHED("line", "l.id") " AND max(l.day, i.day) + 5 <= ? ORDER BY "
	"due, l.id";

/* ---- importing ---- */

static int check_seen(mo_db *db, const char *hex, mo_err *e)
{
	sqlite3_stmt *st;
	char d[11];
	int rc = mo_db_stmt(db, SQL_SEEN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "bank statement: this file was "
				"imported already as statement %lld (%s, on %s "
				"by %s)",
				(long long)sqlite3_column_int64(st, 0),
				mo_db_text(st, 1), mo_date_format(
					sqlite3_column_int(st, 2), d),
				mo_db_text(st, 3));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bank import", e);
	sqlite3_reset(st);
	return rc;
}

static void sum_up(const mo_ap_statement *s, mo_ap_import_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	sum->lines = (int64_t)s->n;
	sum->first_day = sum->last_day = s->n ? s->lines[0].day : 0;
	for (size_t i = 0; i < s->n; i++) {
		const mo_ap_parsed *l = &s->lines[i];
		*(l->amount > 0 ? &sum->credits : &sum->debits) += l->amount;
		sum->first_day = l->day < sum->first_day ? l->day
							 : sum->first_day;
		sum->last_day = l->day > sum->last_day ? l->day
						       : sum->last_day;
	}
}

/* What the import operation writes. */
typedef struct import_ctx {
	mo_practice *p;
	const char *actor, *name, *hex;
	const mo_ap_map *map;
	const mo_ap_statement *s;
	mo_ap_import_summary sum;
} import_ctx;

static int insert_import(import_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	char mapping[512];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_IMPORT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, mo_ap_map_format(c->map, mapping,
						  sizeof mapping), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, c->sum.lines);
	sqlite3_bind_int64(st, 5, c->sum.credits);
	sqlite3_bind_int64(st, 6, c->sum.debits);
	sqlite3_bind_int(st, 7, c->sum.first_day);
	sqlite3_bind_int(st, 8, c->sum.last_day);
	sqlite3_bind_int(st, 9, mo_practice_today(c->p));
	sqlite3_bind_int64(st, 10, mo_clock_now_us());
	sqlite3_bind_text(st, 11, c->actor, -1, SQLITE_STATIC);
	rc = mo_ap_step_done(db, st, "bank import", e);
	c->sum.import = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* Whether an earlier statement has a line with l's day, amount and
 * description. */
static int twin(mo_db *db, const mo_ap_parsed *l, int64_t import,
		bool *yes, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TWIN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, l->day);
	sqlite3_bind_int64(st, 2, l->amount);
	mo_db_bind_opt(st, 3, l->description);
	sqlite3_bind_int64(st, 4, import);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "bank line", e);
	sqlite3_reset(st);
	return rc;
}

static int insert_line(import_ctx *c, const mo_ap_parsed *l, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	bool dup;
	int rc = twin(db, l, c->sum.import, &dup, e);
	if (rc || (rc = mo_db_stmt(db, SQL_LINE, &st, e)))
		return rc;
	c->sum.duplicates += dup;
	sqlite3_bind_int64(st, 1, c->sum.import);
	sqlite3_bind_int64(st, 2, l->row);
	sqlite3_bind_int(st, 3, l->day);
	sqlite3_bind_int64(st, 4, l->amount);
	mo_db_bind_opt(st, 5, l->description);
	mo_db_bind_opt(st, 6, l->reference);
	return mo_ap_step_done(db, st, "bank line", e);
}

static int write_import(import_ctx *c, mo_err *e)
{
	int rc = insert_import(c, e);
	for (size_t i = 0; !rc && i < c->s->n; i++)
		rc = insert_line(c, &c->s->lines[i], e);
	if (rc)
		return rc;
	return mo_ap_bank_automatch(c->p, c->actor, c->sum.import,
				    &c->sum.matched, e);
}

static int import_op(import_ctx *c, mo_err *e)
{
	char record[40];
	mo_op op;
	mo_fact facts[] = {{"file", MO_FACT_STR, c->name, 0},
			   {"lines", MO_FACT_INT, NULL, c->sum.lines},
			   {"credits", MO_FACT_MONEY, NULL, c->sum.credits},
			   {"debits", MO_FACT_MONEY, NULL, c->sum.debits}};
	int rc = mo_op_begin(c->p, &op, c->actor, "bank.import", facts, 4, e);
	if (rc)
		return rc;
	if ((rc = check_seen(mo_practice_db(c->p), c->hex, e)) ||
	    (rc = write_import(c, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "bank_import:%lld",
		 (long long)c->sum.import);
	return mo_op_commit(&op, record, e);
}

int mo_ap_bank_import(mo_practice *p, const char *actor, const char *name,
		      const char *buf, size_t len, const mo_ap_map *map,
		      mo_ap_import_summary *out, mo_err *e)
{
	mo_ap_statement s = {NULL, 0, 0};
	char hex[MO_SHA_HEX];
	import_ctx c = {p, actor, name, hex, map, &s, {0}};
	int rc;
	if (!buf || !map)
		return mo_err_set(e, MO_EINVAL, "bank statement: no file or no "
				  "map");
	if ((rc = mo_ap_map_check(map, e)) ||
	    (rc = mo_ap_text_check("bank statement file", name, 200, e)))
		return rc;
	mo_sha_data(buf, len, hex);
	if ((rc = check_seen(mo_practice_db(p), hex, e)) ||
	    (rc = mo_ap_csv_read(buf, len, map, mo_practice_today(p), &s, e)))
		goto out;
	sum_up(&s, &c.sum);
	if ((rc = import_op(&c, e)) == 0 && out)
		*out = c.sum;
out:
	mo_ap_statement_free(&s);
	return rc;
}

/* ---- matching ---- */

typedef struct target {
	const char *kind; /* "deposit", "payment", "era", "note" */
	int64_t id;
	const char *note;
} target;

static int insert_match(mo_practice *p, const char *actor, int64_t line,
			const target *t, const char *how, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_MATCH, &st, e), col;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, line);
	col = !strcmp(t->kind, "deposit") ? 2 : !strcmp(t->kind, "payment")
		? 3 : !strcmp(t->kind, "era") ? 4 : 5;
	if (col == 5)
		sqlite3_bind_text(st, 5, t->note, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, col, t->id);
	sqlite3_bind_text(st, 6, how, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	return mo_ap_step_done(db, st, "bank match", e);
}

/* An unmatched line, copied out of its statement. */
typedef struct open_line {
	int64_t id, amount;
	int32_t day;
	char ref[64], desc[512];
} open_line;

/* The first id sql finds for the amount and day of l; 0: none. */
static int find_one(mo_db *db, const char *sql, const open_line *l,
		    int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, l->amount);
	sqlite3_bind_int(st, 2, l->day);
	sqlite3_bind_int64(st, 3, l->id);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "bank match", e);
	sqlite3_reset(st);
	return rc;
}

/* A reference as compared: leading zeros of a number dropped, letters
 * in lower case. */
static void ref_key(const char *s, size_t n, char out[64])
{
	size_t k = 0, i = 0;
	bool number = n > 0;
	for (size_t j = 0; j < n; j++)
		number &= s[j] >= '0' && s[j] <= '9';
	while (number && i + 1 < n && s[i] == '0')
		i++;
	for (; i < n && k < 63; i++)
		out[k++] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] | 0x20
								: s[i]);
	out[k] = '\0';
}

static bool alnum(char c)
{
	return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
					  (c | 0x20) <= 'z');
}

/* Whether the payment's reference is the line's reference, or a word of
 * its description (3 characters or more: "CHECK 1043"). */
static bool same_reference(const open_line *l, const char *ref)
{
	char want[64], got[64];
	const char *s = l->desc;
	if (!ref || !ref[0])
		return false;
	ref_key(ref, strlen(ref), want);
	ref_key(l->ref, strlen(l->ref), got);
	if (l->ref[0] && !strcmp(want, got))
		return true;
	while (strlen(want) >= 3 && *s) {
		size_t n = 0;
		while (s[n] && alnum(s[n]))
			n++;
		ref_key(s, n, got);
		if (n && !strcmp(want, got))
			return true;
		s += n ? n : 1;
	}
	return false;
}

/* Money out: a bill payment of the amount with the line's reference,
 * else the nearest made within 5 days. */
static int find_payment(mo_db *db, const open_line *l, int64_t *id,
			mo_err *e)
{
	sqlite3_stmt *st;
	int64_t near = 0;
	int rc = mo_db_stmt(db, SQL_FIND_PAYMENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, -l->amount);
	sqlite3_bind_int(st, 2, l->day);
	sqlite3_bind_int64(st, 3, l->id);
	*id = 0;
	while (!*id && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t gap = sqlite3_column_int(st, 1) - l->day;
		if (same_reference(l, mo_db_text(st, 2)))
			*id = sqlite3_column_int64(st, 0);
		else if (!near && gap >= -5 && gap <= 5)
			near = sqlite3_column_int64(st, 0);
	}
	rc = *id || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bank match", e);
	sqlite3_reset(st);
	*id = *id ? *id : near;
	return rc;
}

static int match_one(mo_practice *p, const char *actor, const open_line *l,
		     bool *matched, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	target t = {"deposit", 0, NULL};
	int rc;
	if (l->amount > 0) {
		if (!(rc = find_one(db, SQL_FIND_DEPOSIT, l, &t.id, e)) &&
		    !t.id) {
			t.kind = "era";
			rc = find_one(db, SQL_FIND_ERA, l, &t.id, e);
		}
	} else {
		t.kind = "payment";
		rc = find_payment(db, l, &t.id, e);
	}
	*matched = !rc && t.id;
	return rc || !t.id ? rc : insert_match(p, actor, l->id, &t, "auto", e);
}

static int unmatched_lines(mo_db *db, int64_t import, open_line **out,
			   size_t *n, mo_err *e)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = mo_db_stmt(db, SQL_UNMATCHED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, import);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (mo_grow(out, &cap, *n + 1, sizeof **out)) {
			rc = SQLITE_NOMEM;
			break;
		}
		open_line *l = &(*out)[(*n)++];
		l->id = sqlite3_column_int64(st, 0);
		l->day = sqlite3_column_int(st, 1);
		l->amount = sqlite3_column_int64(st, 2);
		snprintf(l->ref, sizeof l->ref, "%s", mo_db_text(st, 3)
			 ? mo_db_text(st, 3) : "");
		snprintf(l->desc, sizeof l->desc, "%s", mo_db_text(st, 4)
			 ? mo_db_text(st, 4) : "");
	}
	sqlite3_reset(st);
	if (rc == SQLITE_NOMEM)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bank line", e);
}

int mo_ap_bank_automatch(mo_practice *p, const char *actor, int64_t import,
			 int64_t *matched, mo_err *e)
{
	open_line *lines = NULL;
	size_t n = 0;
	bool yes;
	int rc = unmatched_lines(mo_practice_db(p), import, &lines, &n, e);
	*matched = 0;
	for (size_t i = 0; !rc && i < n; i++) {
		rc = match_one(p, actor, &lines[i], &yes, e);
		*matched += yes;
	}
	free(lines);
	return rc;
}

/* ---- matching by hand ---- */

/* The state of a statement line: its amount and its match. */
typedef struct line_state {
	int64_t amount, match, target;
	char kind[16];
} line_state;

static int load_line(mo_db *db, int64_t id, line_state *l, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LINE_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*l = (line_state){sqlite3_column_int64(st, 0),
				  sqlite3_column_int64(st, 1),
				  sqlite3_column_int64(st, 3), ""};
		snprintf(l->kind, sizeof l->kind, "%s", mo_db_text(st, 2)
			 ? mo_db_text(st, 2) : "");
		rc = 0;
	} else {
		rc = mo_ap_missing(db, rc, "statement line", id, e);
	}
	sqlite3_reset(st);
	return rc;
}

static int pick_target(const mo_ap_match_new *in, target *t, mo_err *e)
{
	int given = (in->deposit != 0) + (in->payment != 0) + (in->era != 0) +
		    (in->note != NULL);
	if (given != 1)
		return mo_err_set(e, MO_EINVAL, "bank match: give one of "
				  "deposit, payment, era or note");
	*t = in->deposit ? (target){"deposit", in->deposit, NULL}
	   : in->payment ? (target){"payment", in->payment, NULL}
	   : in->era ? (target){"era", in->era, NULL}
	   : (target){"note", 0, in->note};
	return t->note ? mo_ap_text_check("bank match note", t->note, 200, e)
		       : 0;
}

/* The amount of target t as the bank shows it, and the line it is
 * matched to (0: none). */
static int load_target(mo_db *db, const target *t, int64_t *amount,
		       int64_t *line, mo_err *e)
{
	const char *sql = !strcmp(t->kind, "deposit") ? SQL_DEPOSIT_GET
		: !strcmp(t->kind, "payment") ? SQL_PAYMENT_GET : SQL_ERA_GET;
	const char *what = !strcmp(t->kind, "payment") ? "bill payment"
		: !strcmp(t->kind, "era") ? "remittance" : "deposit";
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, t->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*amount = sqlite3_column_int64(st, 0);
		*line = sqlite3_column_int64(st, 1);
		rc = 0;
	} else if ((rc = mo_ap_missing(db, rc, what, t->id, e)) ==
		   MO_ENOTFOUND) {
		mo_err_prefix(e, "bank match %s: ", t->kind);
	}
	sqlite3_reset(st);
	return rc;
}

static int check_target(mo_db *db, int64_t line, const line_state *l,
			const target *t, mo_err *e)
{
	int64_t amount = 0, other = 0;
	char a[32], b[32];
	int rc;
	if (!t->id)
		return 0;
	if ((rc = load_target(db, t, &amount, &other, e)))
		return rc;
	if (other)
		return mo_err_set(e, MO_EINVAL, "bank match %s: %s %lld is "
				  "matched already to line %lld", t->kind,
				  t->kind, (long long)t->id, (long long)other);
	if (amount != l->amount)
		return mo_err_set(e, MO_EINVAL, "bank match %s: line %lld is "
				  "%s, %s %lld is %s (as the bank shows it: "
				  "money in above 0)", t->kind, (long long)line,
				  mo_money_format(l->amount, a), t->kind,
				  (long long)t->id, mo_money_format(amount, b));
	return 0;
}

static int check_match(mo_db *db, const mo_ap_match_new *in, target *t,
		       mo_err *e)
{
	line_state l;
	int rc = pick_target(in, t, e);
	if (rc)
		return rc;
	if ((rc = load_line(db, in->line, &l, e))) {
		if (rc == MO_ENOTFOUND)
			mo_err_prefix(e, "bank match line: ");
		return rc;
	}
	if (l.match && !l.target)
		return mo_err_set(e, MO_EINVAL, "bank match line: line %lld is "
				  "explained by a note already; unmatch it "
				  "first", (long long)in->line);
	if (l.match)
		return mo_err_set(e, MO_EINVAL, "bank match line: line %lld is "
				  "matched already (to %s %lld); unmatch it "
				  "first", (long long)in->line, l.kind,
				  (long long)l.target);
	return check_target(db, in->line, &l, t, e);
}

/* Runs the operation bank.match on line around fn. */
static int match_op(mo_practice *p, const char *actor, int64_t line,
		    const mo_fact *facts, size_t n,
		    int (*fn)(mo_practice *, const char *, const void *,
			      mo_err *), const void *arg, mo_err *e)
{
	char record[32];
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "bank.match", facts, n, e);
	if (rc)
		return rc;
	if ((rc = fn(p, actor, arg, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if (line)
		snprintf(record, sizeof record, "bank_line:%lld",
			 (long long)line);
	else
		snprintf(record, sizeof record, "bank");
	return mo_op_commit(&op, record, e);
}

static int do_match(mo_practice *p, const char *actor, const void *arg,
		    mo_err *e)
{
	const mo_ap_match_new *in = arg;
	target t;
	int rc = check_match(mo_practice_db(p), in, &t, e);
	return rc ? rc : insert_match(p, actor, in->line, &t, "manual", e);
}

int mo_ap_bank_match(mo_practice *p, const char *actor,
		     const mo_ap_match_new *in, mo_err *e)
{
	target t;
	int rc = in ? check_match(mo_practice_db(p), in, &t, e)
		    : mo_err_set(e, MO_EINVAL, "bank match: nothing to match");
	if (rc)
		return rc;
	mo_fact facts[] = {{"line", MO_FACT_INT, NULL, in->line},
			   {"to", MO_FACT_STR, t.kind, 0},
			   {"id", MO_FACT_INT, NULL, t.id},
			   {"note", MO_FACT_STR, t.note, 0}};
	return match_op(p, actor, in->line, facts, t.note ? 4 : 3, do_match,
			in, e);
}

static int do_unmatch(mo_practice *p, const char *actor, const void *arg,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t line = *(const int64_t *)arg;
	sqlite3_stmt *st;
	line_state l;
	int rc = load_line(db, line, &l, e);
	if (rc || (!l.match && (rc = mo_err_set(e, MO_EINVAL, "bank unmatch "
						"line: line %lld is not "
						"matched", (long long)line))))
		return rc;
	if ((rc = mo_db_stmt(db, SQL_UNDO, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, line);
	return mo_ap_step_done(db, st, "bank match", e);
}

int mo_ap_bank_unmatch(mo_practice *p, const char *actor, int64_t line,
		       mo_err *e)
{
	line_state l;
	int rc = load_line(mo_practice_db(p), line, &l, e);
	if (rc == MO_ENOTFOUND)
		mo_err_prefix(e, "bank unmatch line: ");
	if (rc || (!l.match && (rc = mo_err_set(e, MO_EINVAL, "bank unmatch "
						"line: line %lld is not "
						"matched", (long long)line))))
		return rc;
	mo_fact facts[] = {{"line", MO_FACT_INT, NULL, line},
			   {"undo", MO_FACT_STR, l.kind, 0},
			   {"id", MO_FACT_INT, NULL, l.target}};
	return match_op(p, actor, line, facts, 3, do_unmatch, &line, e);
}

static int do_reconcile(mo_practice *p, const char *actor, const void *arg,
			mo_err *e)
{
	return mo_ap_bank_automatch(p, actor, 0, (int64_t *)arg, e);
}

int mo_ap_bank_reconcile(mo_practice *p, const char *actor, int64_t *matched,
			 mo_err *e)
{
	int64_t n = 0;
	mo_fact facts[] = {{"run", MO_FACT_STR, "automatic matching", 0}};
	int rc = match_op(p, actor, 0, facts, 1, do_reconcile, &n, e);
	if (!rc && matched)
		*matched = n;
	return rc;
}

/* ---- lists ---- */

static int each_import(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_import_cb cb = (mo_ap_import_cb)c->cb;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_IMPORTS, &st, e);
	if (rc)
		return rc;
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_ap_import im = {sqlite3_column_int64(st, 0),
			mo_db_text(st, 1), mo_db_text(st, 2), mo_db_text(st, 3),
			sqlite3_column_int64(st, 4),
			sqlite3_column_int64(st, 5),
			sqlite3_column_int64(st, 6), sqlite3_column_int(st, 7),
			sqlite3_column_int(st, 8), sqlite3_column_int(st, 9),
			sqlite3_column_int64(st, 10), mo_db_text(st, 11)};
		c->stop = cb(c->ud, &im);
	}
	return mo_ap_walked(db, st, rc, c->stop, "bank import", e);
}

int mo_ap_bank_imports(mo_practice *p, const char *actor, mo_ap_import_cb cb,
		       void *ud, mo_err *e)
{
	mo_ap_walk c = {p, NULL, (void *)cb, ud, 0};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "bank statements: no callback");
	rc = mo_ap_read(p, actor, "bank statements", NULL, 0, "bank_imports",
			each_import, &c, e);
	return rc ? rc : c.stop;
}

static void read_line(sqlite3_stmt *st, mo_ap_line *l)
{
	*l = (mo_ap_line){sqlite3_column_int64(st, 0),
		sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
		sqlite3_column_int(st, 3), sqlite3_column_int64(st, 4),
		mo_db_text(st, 5), mo_db_text(st, 6),
		sqlite3_column_int64(st, 7), mo_db_text(st, 8),
		sqlite3_column_int64(st, 9), mo_db_text(st, 10),
		mo_db_text(st, 11), mo_db_text(st, 12)};
}

static int each_line(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	const mo_ap_line_filter *f = c->arg;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_line_cb cb = (mo_ap_line_cb)c->cb;
	sqlite3_stmt *st;
	mo_ap_line l;
	int rc = mo_db_stmt(db, SQL_LINES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, f->import);
	sqlite3_bind_int(st, 2, f->from_day);
	sqlite3_bind_int(st, 3, f->to_day ? f->to_day : INT32_MAX);
	sqlite3_bind_int(st, 4, f->unmatched);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_line(st, &l);
		c->stop = cb(c->ud, &l);
	}
	return mo_ap_walked(db, st, rc, c->stop, "bank line", e);
}

int mo_ap_bank_lines(mo_practice *p, const char *actor,
		     const mo_ap_line_filter *f, mo_ap_line_cb cb, void *ud,
		     mo_err *e)
{
	static const mo_ap_line_filter none = {0};
	const mo_ap_line_filter *q = f ? f : &none;
	mo_ap_walk c = {p, q, (void *)cb, ud, 0};
	char record[40] = "bank", from[11], to[11];
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "bank lines: no callback");
	mo_fact facts[] = {
		{"import", MO_FACT_INT, NULL, q->import},
		{"from", MO_FACT_STR, q->from_day ? mo_date_format(q->from_day,
								   from) : NULL,
		 0},
		{"to", MO_FACT_STR, q->to_day ? mo_date_format(q->to_day, to)
					      : NULL, 0},
		{"unmatched", MO_FACT_BOOL, NULL, q->unmatched}};
	if (q->import)
		snprintf(record, sizeof record, "bank_import:%lld",
			 (long long)q->import);
	rc = mo_ap_read(p, actor, "bank lines", facts, 4, record, each_line,
			&c, e);
	return rc ? rc : c.stop;
}

static int each_deposit(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	const int32_t *days = c->arg;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_deposit_cb cb = (mo_ap_deposit_cb)c->cb;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_REGISTER, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, days[0]);
	sqlite3_bind_int(st, 2, days[1] ? days[1] : INT32_MAX);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_ap_deposit d = {sqlite3_column_int64(st, 0),
			sqlite3_column_int(st, 1), sqlite3_column_int64(st, 2),
			sqlite3_column_int64(st, 3), mo_db_text(st, 4),
			sqlite3_column_int64(st, 5),
			sqlite3_column_int64(st, 6), sqlite3_column_int(st, 7)};
		c->stop = cb(c->ud, &d);
	}
	return mo_ap_walked(db, st, rc, c->stop, "deposit", e);
}

int mo_ap_bank_register(mo_practice *p, const char *actor, int32_t from_day,
			int32_t to_day, mo_ap_deposit_cb cb, void *ud,
			mo_err *e)
{
	int32_t days[2] = {from_day, to_day};
	mo_ap_walk c = {p, days, (void *)cb, ud, 0};
	char from[11], to[11];
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "deposit register: no "
				  "callback");
	mo_fact facts[] = {
		{"from", MO_FACT_STR, from_day ? mo_date_format(from_day, from)
					       : NULL, 0},
		{"to", MO_FACT_STR, to_day ? mo_date_format(to_day, to) : NULL,
		 0}};
	rc = mo_ap_read(p, actor, "deposit register", facts, 2, "deposits",
			each_deposit, &c, e);
	return rc ? rc : c.stop;
}

/* Where outstanding items start: 5 days before the first statement's
 * first day (what is older can be on no statement imported); 0 when
 * none was imported. */
static int outstanding_from(mo_db *db, int32_t *from, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_FIRST, &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "bank", e);
	*from = !rc && sqlite3_column_type(st, 0) != SQLITE_NULL
		? sqlite3_column_int(st, 0) - 5 : 0;
	sqlite3_reset(st);
	return rc;
}

static int each_outstanding(void *ctx, mo_err *e)
{
	mo_ap_walk *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_ap_outstanding_cb cb = (mo_ap_outstanding_cb)c->cb;
	sqlite3_stmt *st;
	int32_t from;
	int rc = outstanding_from(db, &from, e);
	if (rc || (rc = mo_db_stmt(db, SQL_OUTSTANDING, &st, e)))
		return rc;
	sqlite3_bind_int(st, 1, from);
	sqlite3_bind_int(st, 2, *(const int32_t *)c->arg);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_ap_outstanding o = {mo_db_text(st, 0),
			sqlite3_column_int64(st, 1), sqlite3_column_int(st, 2),
			sqlite3_column_int64(st, 3), mo_db_text(st, 4)};
		c->stop = cb(c->ud, &o);
	}
	return mo_ap_walked(db, st, rc, c->stop, "bank", e);
}

int mo_ap_bank_outstanding(mo_practice *p, const char *actor, int32_t through,
			   mo_ap_outstanding_cb cb, void *ud, mo_err *e)
{
	mo_ap_walk c = {p, &through, (void *)cb, ud, 0};
	char d[11];
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "outstanding: no callback");
	mo_fact facts[] = {{"through", MO_FACT_STR,
			    mo_date_format(through, d), 0}};
	rc = mo_ap_read(p, actor, "bank outstanding", facts, 1, "bank",
			each_outstanding, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the task list ---- */

static void line_what(sqlite3_stmt *st, char *what, size_t size)
{
	const char *desc = mo_db_text(st, 3), *ref = mo_db_text(st, 4);
	int64_t amount = sqlite3_column_int64(st, 2);
	char d[11], m[32];
	snprintf(what, size, "Match bank statement line %lld of %s: %s "
		 "%s%s%.60s%s%s", (long long)sqlite3_column_int64(st, 0),
		 mo_date_format(sqlite3_column_int(st, 1), d),
		 mo_money_format(amount < 0 ? -amount : amount, m),
		 amount < 0 ? "out" : "in", desc ? ", " : "", desc ? desc : "",
		 ref ? " " : "", ref ? ref : "");
}

int mo_ap_bank_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		   mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char what[320], record[32];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DUE, &st, e), stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, through);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		line_what(st, what, sizeof what);
		snprintf(record, sizeof record, "bank_line:%lld",
			 (long long)sqlite3_column_int64(st, 0));
		mo_due_item it = {"bank", what, NULL, NULL, "bank.match",
				  record, sqlite3_column_int(st, 5)};
		stop = cb(ud, &it);
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "bank", e);
	sqlite3_reset(st);
	return rc;
}
