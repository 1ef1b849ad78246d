/* block.c: blocks in a provider's schedule (see block.h). A block row
 * keeps its rule as written (normalized) and last_day, the day of its last
 * occurrence, so that the busy query reads only the provider's blocks
 * whose days touch the window (index block_by_provider(provider,
 * last_day)) and their exceptions inside it (exceptions outside a window
 * never change what happens in it: they do not consume count). Local
 * times become instants through a per-call table of local midnights (each
 * the one before plus 24 hours when that reads as midnight, else a full
 * conversion): on a day without a clock change an occurrence is midnight
 * plus its seconds; only on change days does it convert each time with
 * tz.c. It uses practice.h, recur.h, tz.h, units.h, clock.h and SQLite
 * through db.h. */
#include "block.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tz.h"
#include "units.h"

#define US 1000000LL

const char *const mo_block_kinds[] = {
	"lunch", "meeting", "speaking", "hospital", "vacation", "training",
	"admin", "other", NULL,
};

#define BLOCK_COLS "id, provider, location, kind, title, first_day, " \
	"last_day, start_sec, end_sec, freq, interval, weekdays, until_day, " \
	"count, uid, created_us, created_by, cancelled_us, cancelled_by"

static const char SQL_GET[] = "SELECT " BLOCK_COLS " FROM block WHERE id = ?";
static const char SQL_BY_UID[] =
	"SELECT " BLOCK_COLS " FROM block WHERE uid = ?";
static const char SQL_LIST[] = "SELECT " BLOCK_COLS " FROM block WHERE "
	"cancelled_us IS NULL AND (?1 IS NULL OR provider = ?1) "
	"ORDER BY provider, first_day, start_sec, id";
static const char SQL_EXCEPTIONS[] =
	"SELECT day FROM block_exception WHERE block = ? ORDER BY day";
static const char SQL_INSERT[] =
	"INSERT INTO block(provider, location, kind, title, first_day, "
	"last_day, start_sec, end_sec, freq, interval, weekdays, until_day, "
	"count, uid, created_us, created_by) "
	"VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
	"?15, ?16)";
static const char SQL_UPDATE[] =
	"UPDATE block SET provider = ?1, location = ?2, kind = ?3, title = ?4, "
	"first_day = ?5, last_day = ?6, start_sec = ?7, end_sec = ?8, "
	"freq = ?9, interval = ?10, weekdays = ?11, until_day = ?12, "
	"count = ?13 WHERE uid = ?14 AND cancelled_us IS NULL";
static const char SQL_DROP_EXCEPTIONS[] =
	"DELETE FROM block_exception WHERE block = ?";
static const char SQL_ADD_EXCEPTION[] =
	"INSERT INTO block_exception(block, day) VALUES(?, ?)";
static const char SQL_CANCEL[] =
	"UPDATE block SET cancelled_us = ?, cancelled_by = ? "
	"WHERE id = ? AND cancelled_us IS NULL";
static const char SQL_BUSY[] =
	"SELECT id, kind, title, location, first_day, last_day, start_sec, "
	"end_sec, freq, interval, weekdays, until_day, count FROM block "
	"WHERE provider = ?1 AND cancelled_us IS NULL AND last_day >= ?2 AND "
	"first_day <= ?3 AND (?4 IS NULL OR location IS NULL OR location = ?4) "
	"ORDER BY id";
static const char SQL_BUSY_EXCEPTIONS[] =
	"SELECT e.block, e.day FROM block b JOIN block_exception e "
	"ON e.block = b.id WHERE b.provider = ?1 AND b.cancelled_us IS NULL "
	"AND b.last_day >= ?2 AND b.first_day <= ?3 AND e.day BETWEEN ?2 AND ?3 "
	"ORDER BY e.block, e.day";

/* ---- small helpers ---- */

/* Grows *v (items of size) to hold need items; MO_ENOMEM on failure. */
typedef struct days {
	int32_t *v;
	size_t n, cap;
} days;

static int days_push(days *d, int32_t day)
{
	if (mo_grow(&d->v, &d->cap, d->n + 1, sizeof *d->v))
		return MO_ENOMEM;
	d->v[d->n++] = day;
	return 0;
}

/* "12:00", or "12:00:30" when the seconds are not zero. */
static char *time_text(int32_t sec, char buf[16])
{
	if (sec % 60)
		snprintf(buf, 16, "%02d:%02d:%02d", sec / 3600, sec / 60 % 60,
			 sec % 60);
	else
		snprintf(buf, 16, "%02d:%02d", sec / 3600, sec / 60 % 60);
	return buf;
}

static bool same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* ---- checks ---- */

static int check_provider(const mo_config *c, const char *id, mo_err *e)
{
	if (id && mo_config_provider(c, id))
		return 0;
	if (id && mo_config_staff(c, id))
		return mo_err_set(e, MO_EINVAL, "block: provider: %s is on the "
				  "staff but not a provider (practice.yaml "
				  "providers:)", id);
	return mo_err_set(e, MO_EINVAL, "block: provider: expected a "
			  "provider's staff id from practice.yaml, got \"%s\"",
			  id ? id : "");
}

static int check_location(const mo_config *c, const char *id, mo_err *e)
{
	if (!id || mo_config_location(c, id))
		return 0;
	return mo_err_set(e, MO_EINVAL, "block: location: expected a location "
			  "id from practice.yaml (or none for every location), "
			  "got \"%s\"", id);
}

/* The static name of kind, or NULL. */
static const char *kind_name(const char *kind)
{
	for (int i = 0; kind && mo_block_kinds[i]; i++)
		if (strcmp(kind, mo_block_kinds[i]) == 0)
			return mo_block_kinds[i];
	return NULL;
}

static int check_kind(const char *kind, mo_err *e)
{
	const char *hint;
	if (kind_name(kind))
		return 0;
	hint = kind ? mo_suggest(kind, mo_block_kinds) : NULL;
	return mo_err_set(e, MO_EINVAL, "block: kind: expected lunch, meeting, "
			  "speaking, hospital, vacation, training, admin or "
			  "other, got \"%s\"%s%s%s", kind ? kind : "",
			  hint ? " (did you mean \"" : "", hint ? hint : "",
			  hint ? "\"?)" : "");
}

static int check_text(const char *field, const char *s, bool required,
		      mo_err *e)
{
	size_t n = s ? mo_utf8_chars(s) : 0;
	if ((!s && !required) || (n >= 1 && n <= 200))
		return 0;
	return mo_err_set(e, MO_EINVAL, "block: %s: expected 1 to 200 "
			  "characters, got %zu", field, n);
}

static int check_times(const mo_block_new *in, mo_err *e)
{
	char a[16], b[16];
	if (in->start_sec < 0 || in->start_sec >= MO_BLOCK_DAY)
		return mo_err_set(e, MO_EINVAL, "block: start: expected a time of "
				  "day from 00:00 to 23:59, got %d seconds",
				  (int)in->start_sec);
	if (in->end_sec <= in->start_sec || in->end_sec > MO_BLOCK_DAY)
		return mo_err_set(e, MO_EINVAL, "block: end: expected a time "
				  "after the start %s, at most 24:00, got %s",
				  time_text(in->start_sec, a),
				  in->end_sec >= 0 ? time_text(in->end_sec, b)
						   : "a negative time");
	return 0;
}

/* Each exception must be a day of the rule. */
static int check_exceptions(const mo_recur *r, mo_err *e)
{
	char d[11], first[11], text[MO_RECUR_TEXT];
	for (size_t i = 0; i < r->nexcept; i++)
		if (!mo_recur_occurs(r, r->except[i]))
			return mo_err_set(e, MO_EINVAL, "block: except: %s is not "
					  "a day of the block (\"%s\" from %s)",
					  mo_date_format(r->except[i], d),
					  mo_recur_format(r, text, sizeof text),
					  mo_date_format(r->first_day, first));
	return 0;
}

/* mo_block_check, giving the day of the last occurrence. */
static int check_new(const mo_config *c, const mo_block_new *in,
		     int32_t *last, mo_err *e)
{
	int rc;
	if (mo_fails_assert(c && in))
		return mo_err_set(e, MO_EINVAL, "block: nothing to add");
	if ((rc = check_provider(c, in->provider, e)) ||
	    (rc = check_location(c, in->location, e)) ||
	    (rc = check_kind(in->kind, e)) ||
	    (rc = check_text("title", in->title, true, e)) ||
	    (rc = check_text("uid", in->uid, false, e)) ||
	    (rc = check_times(in, e)))
		return rc;
	if ((rc = mo_recur_last(&in->rule, last, e))) {
		mo_err_prefix(e, "block: ");
		return rc;
	}
	return check_exceptions(&in->rule, e);
}

int mo_block_check(const mo_config *c, const mo_block_new *in, mo_err *e)
{
	int32_t last;
	return check_new(c, in, &last, e);
}

/* ---- reading blocks ---- */

static int read_exceptions(mo_db *db, int64_t id, days *ex, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EXCEPTIONS, &st, e);
	ex->n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (days_push(ex, sqlite3_column_int(st, 0))) {
			sqlite3_reset(st);
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "block", e);
	sqlite3_reset(st);
	return rc;
}

/* The rule columns starting at column i (first_day, last_day, start,
 * end, freq, interval, weekdays, until, count). */
static void read_rule(sqlite3_stmt *st, int i, mo_recur *r, int32_t *last)
{
	memset(r, 0, sizeof *r);
	r->first_day = sqlite3_column_int(st, i);
	*last = sqlite3_column_int(st, i + 1);
	if (mo_recur_freq_parse(mo_db_text(st, i + 4), &r->freq, NULL))
		r->freq = MO_RECUR_ONCE; /* the schema allows no other */
	r->interval = sqlite3_column_int(st, i + 5);
	r->weekdays = (unsigned)sqlite3_column_int(st, i + 6);
	r->until_day = sqlite3_column_int(st, i + 7);
	r->count = sqlite3_column_int(st, i + 8);
}

static void read_block(sqlite3_stmt *st, const days *ex, mo_block *b)
{
	b->id = sqlite3_column_int64(st, 0);
	b->provider = mo_db_text(st, 1);
	b->location = mo_db_text(st, 2);
	b->kind = mo_db_text(st, 3);
	b->title = mo_db_text(st, 4);
	read_rule(st, 5, &b->rule, &b->last_day);
	b->start_sec = sqlite3_column_int(st, 7);
	b->end_sec = sqlite3_column_int(st, 8);
	b->rule.except = ex->v;
	b->rule.nexcept = ex->n;
	b->uid = mo_db_text(st, 14);
	b->created_us = sqlite3_column_int64(st, 15);
	b->created_by = mo_db_text(st, 16);
	b->cancelled_us = sqlite3_column_int64(st, 17);
	b->cancelled_by = mo_db_text(st, 18);
}

/* Runs a block query whose only parameter is id (text NULL) or text,
 * passing each block with its exceptions to cb; *n counts them. */
static int each_block(mo_practice *p, const char *sql, int64_t id,
		      const char *text, mo_block_cb cb, void *ud, int *n,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	days ex = {0};
	sqlite3_stmt *st;
	mo_block b;
	int rc = mo_db_stmt(db, sql, &st, e);
	*n = 0;
	if (rc)
		return rc;
	if (sql == SQL_GET)
		sqlite3_bind_int64(st, 1, id);
	else
		mo_db_bind_opt(st, 1, text);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = read_exceptions(db, sqlite3_column_int64(st, 0), &ex,
					  e)))
			goto out;
		read_block(st, &ex, &b);
		++*n;
		if ((rc = cb(ud, &b)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "block", e);
out:
	sqlite3_reset(st);
	free(ex.v);
	return rc;
}

int mo_block_get(mo_practice *p, int64_t id, mo_block_cb cb, void *ud,
		 mo_err *e)
{
	int n, rc = each_block(p, SQL_GET, id, NULL, cb, ud, &n, e);
	if (!rc && n == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "no block %lld", (long long)id);
	return rc;
}

int mo_block_list(mo_practice *p, const char *provider, mo_block_cb cb,
		  void *ud, mo_err *e)
{
	int n;
	return each_block(p, SQL_LIST, 0, provider, cb, ud, &n, e);
}

/* ---- adding ---- */

typedef enum { UID_NONE, UID_SAME, UID_CHANGED, UID_CANCELLED } uid_state;

typedef struct uid_match {
	const mo_block_new *in; /* rule normalized */
	uid_state state;
	int64_t id;
} uid_match;

static bool same_rule(const mo_recur *a, const mo_recur *b)
{
	return a->freq == b->freq && a->interval == b->interval &&
	       a->weekdays == b->weekdays && a->first_day == b->first_day &&
	       a->until_day == b->until_day && a->count == b->count &&
	       a->nexcept == b->nexcept &&
	       (a->nexcept == 0 || memcmp(a->except, b->except,
					  a->nexcept * sizeof *a->except) == 0);
}

static int compare_uid(void *ud, const mo_block *b)
{
	uid_match *m = ud;
	const mo_block_new *in = m->in;
	m->id = b->id;
	if (b->cancelled_us)
		m->state = UID_CANCELLED;
	else if (same_str(b->provider, in->provider) &&
		 same_str(b->location, in->location) &&
		 same_str(b->kind, in->kind) && same_str(b->title, in->title) &&
		 b->start_sec == in->start_sec && b->end_sec == in->end_sec &&
		 same_rule(&b->rule, &in->rule))
		m->state = UID_SAME;
	else
		m->state = UID_CHANGED;
	return 0;
}

/* What adding in (rule normalized) would do to the block of its uid. */
static int match_uid(mo_practice *p, const mo_block_new *in, uid_match *m,
		     mo_err *e)
{
	int n;
	m->in = in;
	m->state = UID_NONE;
	m->id = 0;
	if (!in->uid)
		return 0;
	return each_block(p, SQL_BY_UID, 0, in->uid, compare_uid, m, &n, e);
}

/* Binds ?1..?13 of SQL_INSERT and SQL_UPDATE. */
static void bind_block(sqlite3_stmt *st, const mo_block_new *in,
		       int32_t last)
{
	const mo_recur *r = &in->rule;
	sqlite3_bind_text(st, 1, in->provider, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 2, in->location);
	sqlite3_bind_text(st, 3, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->title, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, r->first_day);
	sqlite3_bind_int(st, 6, last);
	sqlite3_bind_int(st, 7, in->start_sec);
	sqlite3_bind_int(st, 8, in->end_sec);
	sqlite3_bind_text(st, 9, mo_recur_freq_name(r->freq), -1,
			  SQLITE_STATIC);
	sqlite3_bind_int(st, 10, r->interval);
	sqlite3_bind_int(st, 11, (int)r->weekdays);
	mo_db_bind_opt_int(st, 12, r->until_day);
	mo_db_bind_opt_int(st, 13, r->count);
}

static int run_stmt(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "block", e);
	sqlite3_reset(st);
	return rc;
}

static int write_exceptions(mo_db *db, int64_t id, const mo_recur *r,
			    mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DROP_EXCEPTIONS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = run_stmt(db, st, e)))
		return rc;
	for (size_t i = 0; i < r->nexcept && !rc; i++) {
		if ((rc = mo_db_stmt(db, SQL_ADD_EXCEPTION, &st, e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, r->except[i]);
		rc = run_stmt(db, st, e);
	}
	return rc;
}

static int write_block(mo_practice *p, const char *actor,
		       const mo_block_new *in, int32_t last, int64_t *id,
		       bool update, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, update ? SQL_UPDATE : SQL_INSERT, &st, e);
	if (rc)
		return rc;
	bind_block(st, in, last);
	mo_db_bind_opt(st, 14, in->uid);
	if (!update) {
		sqlite3_bind_int64(st, 15, mo_clock_now_us());
		sqlite3_bind_text(st, 16, actor, -1, SQLITE_STATIC);
	}
	if ((rc = run_stmt(db, st, e)))
		return rc;
	if (update && sqlite3_changes(mo_db_sqlite(db)) == 0)
		return mo_err_set(e, MO_EINVAL, "block %lld changed meanwhile",
				  (long long)*id);
	if (!update)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return write_exceptions(db, *id, &in->rule, e);
}

/* The facts of an add (or update) for the policies, with their text. */
typedef struct add_facts {
	char first[11], start[16], end[16], repeat[MO_RECUR_TEXT];
	mo_fact v[11];
} add_facts;

static void fill_facts(const mo_block_new *n, bool update, add_facts *f)
{
	f->v[0] = (mo_fact){"op", MO_FACT_STR, update ? "update" : "add", 0};
	f->v[1] = (mo_fact){"provider", MO_FACT_STR, n->provider, 0};
	f->v[2] = (mo_fact){"location", MO_FACT_STR, n->location, 0};
	f->v[3] = (mo_fact){"kind", MO_FACT_STR, n->kind, 0};
	f->v[4] = (mo_fact){"title", MO_FACT_STR, n->title, 0};
	f->v[5] = (mo_fact){"first_day", MO_FACT_STR,
			    mo_date_format(n->rule.first_day, f->first), 0};
	f->v[6] = (mo_fact){"start", MO_FACT_STR,
			    time_text(n->start_sec, f->start), 0};
	f->v[7] = (mo_fact){"end", MO_FACT_STR, time_text(n->end_sec, f->end),
			    0};
	f->v[8] = (mo_fact){"repeat", MO_FACT_STR,
			    mo_recur_format(&n->rule, f->repeat,
					    sizeof f->repeat), 0};
	f->v[9] = (mo_fact){"exceptions", MO_FACT_INT, NULL,
			    (int64_t)n->rule.nexcept};
	f->v[10] = (mo_fact){"uid", MO_FACT_STR, n->uid, 0};
}

/* The operation of an add: nothing written for the same content. */
static int add_op(mo_practice *p, const char *actor, const mo_block_new *n,
		  int32_t last, uid_match *m, mo_err *e)
{
	char record[32];
	add_facts f;
	mo_op op;
	int rc;
	fill_facts(n, m->state == UID_CHANGED, &f);
	if ((rc = mo_op_begin(p, &op, actor, "schedule.block", f.v, 11, e)))
		return rc;
	if (m->state == UID_SAME) {
		mo_op_abort(&op);
		return 0;
	}
	if ((rc = write_block(p, actor, n, last, &m->id,
			      m->state == UID_CHANGED, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "block:%lld", (long long)m->id);
	return mo_op_commit(&op, record, e);
}

int mo_block_add(mo_practice *p, const char *actor, const mo_block_new *in,
		 int64_t *id, mo_err *e)
{
	mo_block_new n;
	uid_match m;
	int32_t last;
	int rc = check_new(mo_practice_config(p), in, &last, e);
	if (rc)
		return rc;
	n = *in;
	n.rule = mo_recur_normal(&in->rule);
	if ((rc = match_uid(p, &n, &m, e)))
		return rc;
	if (m.state == UID_CANCELLED)
		return mo_err_set(e, MO_EEXIST, "block: uid \"%s\" belongs to "
				  "block %lld, which was cancelled", n.uid,
				  (long long)m.id);
	if ((rc = add_op(p, actor, &n, last, &m, e)))
		return rc;
	if (id)
		*id = m.id;
	return 0;
}

/* ---- exceptions and cancelling ---- */

/* What an exception or a cancellation needs to know of the block. */
typedef struct block_info {
	int32_t day;      /* the exception asked for */
	bool cancelled, occurs, excepted;
	size_t nexcept;
	char provider[65], kind[16], title[201];
} block_info;

static int keep_info(void *ud, const mo_block *b)
{
	block_info *bi = ud;
	bi->cancelled = b->cancelled_us != 0;
	bi->occurs = mo_recur_occurs(&b->rule, bi->day);
	bi->nexcept = b->rule.nexcept;
	bi->excepted = false;
	for (size_t i = 0; i < b->rule.nexcept; i++)
		bi->excepted |= b->rule.except[i] == bi->day;
	snprintf(bi->provider, sizeof bi->provider, "%s", b->provider);
	snprintf(bi->kind, sizeof bi->kind, "%s", b->kind);
	snprintf(bi->title, sizeof bi->title, "%s", b->title);
	return 0;
}

/* The current block id into bi; errors for unknown and cancelled ones. */
static int current_block(mo_practice *p, int64_t id, block_info *bi,
			 mo_err *e)
{
	int rc = mo_block_get(p, id, keep_info, bi, e);
	if (!rc && bi->cancelled)
		rc = mo_err_set(e, MO_EINVAL, "block %lld is cancelled already",
				(long long)id);
	return rc;
}

static int except_checks(mo_practice *p, int64_t id, int32_t day,
			 block_info *bi, mo_err *e)
{
	char d[11];
	int rc;
	bi->day = day;
	if ((rc = current_block(p, id, bi, e)))
		return rc;
	if (bi->excepted)
		return mo_err_set(e, MO_EEXIST, "block %lld: %s is an exception "
				  "already", (long long)id,
				  mo_date_format(day, d));
	if (!bi->occurs)
		return mo_err_set(e, MO_EINVAL, "block %lld: %s is not one of its "
				  "days", (long long)id, mo_date_format(day, d));
	if (bi->nexcept >= MO_RECUR_MAX_EXCEPT)
		return mo_err_set(e, MO_EINVAL, "block %lld: at most %d "
				  "exceptions", (long long)id,
				  MO_RECUR_MAX_EXCEPT);
	return 0;
}

/* Runs sql (?1 = id, ?2 = value) inside an operation on block id. */
static int block_op(mo_practice *p, mo_op *op, const char *sql, int64_t id,
		    int64_t value, const char *actor, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		goto fail;
	if (sql == SQL_CANCEL) {
		sqlite3_bind_int64(st, 1, value);
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, id);
	} else {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, value);
	}
	if ((rc = run_stmt(db, st, e)))
		goto fail;
	if (sqlite3_changes(mo_db_sqlite(db)) == 0) {
		rc = mo_err_set(e, MO_EINVAL, "block %lld changed meanwhile",
				(long long)id);
		goto fail;
	}
	snprintf(record, sizeof record, "block:%lld", (long long)id);
	return mo_op_commit(op, record, e);
fail:
	mo_op_abort(op);
	return rc;
}

int mo_block_except(mo_practice *p, const char *actor, int64_t id,
		    int32_t day, mo_err *e)
{
	block_info bi;
	char d[11];
	mo_op op;
	int rc = except_checks(p, id, day, &bi, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"op", MO_FACT_STR, "except", 0},
		{"id", MO_FACT_INT, NULL, id},
		{"provider", MO_FACT_STR, bi.provider, 0},
		{"kind", MO_FACT_STR, bi.kind, 0},
		{"title", MO_FACT_STR, bi.title, 0},
		{"day", MO_FACT_STR, mo_date_format(day, d), 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "schedule.block", facts, 6, e)))
		return rc;
	return block_op(p, &op, SQL_ADD_EXCEPTION, id, day, actor, e);
}

int mo_block_cancel(mo_practice *p, const char *actor, int64_t id,
		    mo_err *e)
{
	block_info bi = {0};
	mo_op op;
	int rc = current_block(p, id, &bi, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"op", MO_FACT_STR, "cancel", 0},
		{"id", MO_FACT_INT, NULL, id},
		{"provider", MO_FACT_STR, bi.provider, 0},
		{"kind", MO_FACT_STR, bi.kind, 0},
		{"title", MO_FACT_STR, bi.title, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "schedule.block", facts, 5, e)))
		return rc;
	return block_op(p, &op, SQL_CANCEL, id, mo_clock_now_us(), actor, e);
}

/* ---- busy: occurrences as instants ---- */

/* Local midnights of the window's days, computed on first use. */
typedef struct midnights {
	const char *zone;
	int32_t base;
	size_t n;
	int64_t *us; /* UNSET until computed */
} midnights;

#define UNSET INT64_MIN

/* Whether us reads as local midnight of day (one localtime_r, cheaper
 * than the mktime calls of a conversion). */
static bool reads_as_midnight(const midnights *m, int64_t us, int32_t day)
{
	int32_t d, sec;
	return mo_tz_from_utc(m->zone, us, &d, &sec, NULL) == 0 && d == day &&
	       sec == 0;
}

static int midnight(midnights *m, int32_t day, int64_t *us, mo_err *e)
{
	size_t i = (size_t)(day - m->base);
	int rc;
	if (mo_fails_assert(day >= m->base && i < m->n))
		return mo_err_set(e, MO_EINVAL, "block: day out of the window");
	/* most days: 24 hours after the midnight before */
	if (m->us[i] == UNSET && i > 0 && m->us[i - 1] != UNSET &&
	    reads_as_midnight(m, m->us[i - 1] + MO_BLOCK_DAY * US, day))
		m->us[i] = m->us[i - 1] + MO_BLOCK_DAY * US;
	if (m->us[i] == UNSET &&
	    (rc = mo_tz_to_utc(m->zone, day, 0, MO_TZ_SHIFT, &m->us[i], e)))
		return rc;
	*us = m->us[i];
	return 0;
}

/* The instant of local (day, sec), sec up to 86400; *gap when that time
 * does not exist (it was moved forward by the gap). */
static int local_us(midnights *m, int32_t day, int32_t sec, int64_t *us,
		    bool *gap, mo_err *e)
{
	int64_t a, b;
	int rc;
	*gap = false;
	if ((rc = midnight(m, day, &a, e)) || (rc = midnight(m, day + 1, &b, e)))
		return rc;
	if (sec == MO_BLOCK_DAY || b - a == MO_BLOCK_DAY * US) {
		*us = sec == MO_BLOCK_DAY ? b : a + sec * US;
		return 0;
	}
	/* a day with a clock change */
	*gap = mo_tz_to_utc(m->zone, day, sec, MO_TZ_STRICT, us, NULL) != 0;
	return mo_tz_to_utc(m->zone, day, sec, MO_TZ_SHIFT, us, e);
}

/* A block as the busy query read it. */
typedef struct loaded {
	int64_t id;
	const char *kind; /* static */
	char *title, *location;
	int32_t start_sec, end_sec, last_day;
	mo_recur rule;
	size_t ex_at; /* its exceptions in the busy's days */
} loaded;

typedef struct occurrence {
	int64_t start_us, end_us;
	int32_t day;
	size_t block; /* index into the loaded blocks */
} occurrence;

typedef struct busy_run {
	mo_practice *p;
	const char *provider, *location;
	int64_t from_us, to_us;
	int32_t first, last; /* the local days looked at */
	midnights mid;
	loaded *b;
	size_t nb, capb;
	days ex;          /* exceptions in [first, last], by block then day */
	int64_t *ex_block; /* the block of each */
	size_t capx;
	occurrence *o;
	size_t no, capo;
	size_t cur; /* the block being expanded */
	mo_err *e;
} busy_run;

static int load_block(busy_run *r, sqlite3_stmt *st)
{
	loaded *b;
	const char *loc = mo_db_text(st, 3);
	if (mo_grow(&r->b, &r->capb, r->nb + 1, sizeof *r->b))
		return MO_ENOMEM;
	b = &r->b[r->nb];
	memset(b, 0, sizeof *b);
	b->id = sqlite3_column_int64(st, 0);
	b->kind = kind_name(mo_db_text(st, 1));
	b->title = mo_strdup(mo_db_text(st, 2));
	b->location = loc ? mo_strdup(loc) : NULL;
	r->nb++; /* owned from here: freed with the run */
	if (!b->kind || !b->title || (loc && !b->location))
		return b->kind ? MO_ENOMEM : MO_ECORRUPT;
	read_rule(st, 4, &b->rule, &b->last_day);
	b->start_sec = sqlite3_column_int(st, 6);
	b->end_sec = sqlite3_column_int(st, 7);
	return 0;
}

/* Binds the provider, the days and the location (?1..?4). */
static void bind_busy(busy_run *r, sqlite3_stmt *st)
{
	sqlite3_bind_text(st, 1, r->provider, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, r->first);
	sqlite3_bind_int(st, 3, r->last);
	mo_db_bind_opt(st, 4, r->location);
}

static int load_blocks(busy_run *r)
{
	mo_db *db = mo_practice_db(r->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_BUSY, &st, r->e);
	if (rc)
		return rc;
	bind_busy(r, st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = load_block(r, st)))
			break;
	if (rc == MO_ENOMEM || rc == MO_ECORRUPT)
		rc = mo_err_set(r->e, rc, rc == MO_ENOMEM ? "out of memory"
				: "block: a stored block has an unknown kind");
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "block", r->e);
	sqlite3_reset(st);
	return rc;
}

static int load_exceptions(busy_run *r)
{
	mo_db *db = mo_practice_db(r->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_BUSY_EXCEPTIONS, &st, r->e);
	if (rc)
		return rc;
	bind_busy(r, st);
	sqlite3_bind_null(st, 4); /* unused by this query */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (days_push(&r->ex, sqlite3_column_int(st, 1)) ||
		    mo_grow(&r->ex_block, &r->capx, r->ex.n, sizeof *r->ex_block)) {
			sqlite3_reset(st);
			return mo_err_set(r->e, MO_ENOMEM, "out of memory");
		}
		r->ex_block[r->ex.n - 1] = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "block", r->e);
	sqlite3_reset(st);
	return rc;
}

/* Points each block's rule at its exceptions (both sorted by block). */
static void attach_exceptions(busy_run *r)
{
	size_t j = 0;
	for (size_t i = 0; i < r->nb; i++) {
		loaded *b = &r->b[i];
		while (j < r->ex.n && r->ex_block[j] < b->id)
			j++;
		b->ex_at = j;
		b->rule.except = r->ex.v ? r->ex.v + j : NULL;
		while (j < r->ex.n && r->ex_block[j] == b->id)
			j++;
		b->rule.nexcept = j - b->ex_at;
	}
}

/* An occurrence of block r->cur on day, kept when it overlaps. */
static int add_occurrence(void *ud, int32_t day)
{
	busy_run *r = ud;
	const loaded *b = &r->b[r->cur];
	int64_t start, end;
	bool gap, end_gap;
	int rc;
	if ((rc = local_us(&r->mid, day, b->start_sec, &start, &gap, r->e)) ||
	    (rc = local_us(&r->mid, day, b->end_sec, &end, &end_gap, r->e)))
		return rc;
	if (gap) /* moved forward by the gap: it keeps its length */
		end = start + (int64_t)(b->end_sec - b->start_sec) * US;
	if (start >= r->to_us || end <= r->from_us || end <= start)
		return 0;
	if (mo_grow(&r->o, &r->capo, r->no + 1, sizeof *r->o))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	r->o[r->no++] = (occurrence){start, end, day, r->cur};
	return 0;
}

static int expand_all(busy_run *r)
{
	int rc = 0;
	for (r->cur = 0; r->cur < r->nb && !rc; r->cur++) {
		const loaded *b = &r->b[r->cur];
		int32_t from = b->rule.first_day > r->first ? b->rule.first_day
							    : r->first;
		int32_t to = b->last_day < r->last ? b->last_day : r->last;
		rc = mo_recur_expand(&b->rule, from, to, add_occurrence, r, r->e);
	}
	return rc;
}

static int by_start(const void *a, const void *b)
{
	const occurrence *x = a, *y = b;
	if (x->start_us != y->start_us)
		return x->start_us < y->start_us ? -1 : 1;
	if (x->end_us != y->end_us)
		return x->end_us < y->end_us ? -1 : 1;
	return x->block < y->block ? -1 : x->block > y->block;
}

static int report(busy_run *r, mo_busy_cb cb, void *ud)
{
	int rc = 0;
	if (r->no > 1)
		qsort(r->o, r->no, sizeof *r->o, by_start);
	for (size_t i = 0; i < r->no && !rc; i++) {
		const occurrence *o = &r->o[i];
		const loaded *b = &r->b[o->block];
		mo_busy busy = {b->id, b->kind, b->title, b->location, o->day,
				o->start_us, o->end_us};
		rc = cb(ud, &busy);
	}
	return rc;
}

static int busy_checks(mo_practice *p, const char *provider,
		       const char *location, int64_t from_us, int64_t to_us,
		       mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	char a[32], b[32];
	int rc;
	if ((rc = check_provider(c, provider, e)) ||
	    (rc = check_location(c, location, e)))
		return rc;
	if (to_us <= from_us)
		return mo_err_set(e, MO_EINVAL, "block: busy: the window must "
				  "end after it starts (from %s to %s)",
				  mo_clock_format_us(from_us, a),
				  mo_clock_format_us(to_us, b));
	if ((to_us - from_us) / US > (int64_t)MO_BLOCK_BUSY_MAX_DAYS * 86400)
		return mo_err_set(e, MO_EINVAL, "block: busy: the window is at "
				  "most %d days long", MO_BLOCK_BUSY_MAX_DAYS);
	return 0;
}

/* The local days of the window, one day early: an occurrence of the day
 * before can be moved into the window by a gap at midnight. */
static int busy_days(busy_run *r)
{
	const char *zone = mo_practice_config(r->p)->timezone;
	int32_t sec;
	int rc;
	if ((rc = mo_tz_from_utc(zone, r->from_us, &r->first, &sec, r->e)) ||
	    (rc = mo_tz_from_utc(zone, r->to_us - 1, &r->last, &sec, r->e)))
		return rc;
	r->first--;
	r->mid.zone = zone;
	r->mid.base = r->first;
	r->mid.n = (size_t)(r->last - r->first) + 2;
	if (!(r->mid.us = malloc(r->mid.n * sizeof *r->mid.us)))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; i < r->mid.n; i++)
		r->mid.us[i] = UNSET;
	return 0;
}

static void busy_free(busy_run *r)
{
	for (size_t i = 0; i < r->nb; i++) {
		free(r->b[i].title);
		free(r->b[i].location);
	}
	free(r->b);
	free(r->ex.v);
	free(r->ex_block);
	free(r->o);
	free(r->mid.us);
}

int mo_block_busy(mo_practice *p, const char *provider, const char *location,
		  int64_t from_us, int64_t to_us, mo_busy_cb cb, void *ud,
		  mo_err *e)
{
	busy_run r = {.p = p, .provider = provider, .location = location,
		      .from_us = from_us, .to_us = to_us, .e = e};
	int rc;
	if (mo_fails_assert(p && cb))
		return mo_err_set(e, MO_EINVAL, "block: busy: no callback");
	if ((rc = busy_checks(p, provider, location, from_us, to_us, e)) ||
	    (rc = busy_days(&r)) || (rc = load_blocks(&r)) ||
	    (rc = load_exceptions(&r)))
		goto out;
	attach_exceptions(&r);
	if ((rc = expand_all(&r)))
		goto out;
	rc = report(&r, cb, ud);
out:
	busy_free(&r);
	return rc;
}
