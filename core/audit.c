/* audit.c: the hash-chained, append-only audit log (see audit.h). It uses
 * db.h, clock.h and sha.h. The head (count and last hash) is kept for the
 * open transaction in mo_db_tx_state and written to meta once, when the
 * outermost level commits. */
#include "audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "sha.h"

static const char ZERO_HASH[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char SQL_HEAD[] =
	"SELECT value FROM meta WHERE key = 'audit_head'";
static const char SQL_SET_HEAD[] =
	"INSERT INTO meta(key, value) VALUES('audit_head', ?1) "
	"ON CONFLICT(key) DO UPDATE SET value = ?1";
static const char SQL_LAST[] =
	"SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
static const char SQL_INSERT[] =
	"INSERT INTO audit(id, at_us, actor, action, record, decision, "
	"detail, prev, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* Feeds one length-prefixed field into the digest (no ambiguity between
 * "ab"+"c" and "a"+"bc"). */
static void feed(mo_sha *md, const char *s)
{
	char len[24];
	size_t n = strlen(s);
	mo_sha_add(md, len, (size_t)snprintf(len, sizeof len, "%zu:", n));
	mo_sha_add(md, s, n);
}

/* SHA-256 (lower-case hex) of the entry's fields and its predecessor. */
static int entry_hash(const mo_audit_entry *a, char out[65])
{
	mo_sha md;
	char num[48];
	mo_sha_init(&md);
	snprintf(num, sizeof num, "%lld/%lld", (long long)a->id,
		 (long long)a->at_us);
	feed(&md, a->prev);
	feed(&md, num);
	feed(&md, a->actor);
	feed(&md, a->action);
	feed(&md, a->record);
	feed(&md, a->decision);
	feed(&md, a->detail);
	mo_sha_hex(&md, out);
	return 0;
}

/* Reads the recorded head ("COUNT HASH") from meta; an empty log is 0 and
 * zeros. */
static int read_meta(mo_db *db, int64_t *count, char hash[65], mo_err *e)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc = mo_db_stmt(db, SQL_HEAD, &st, e);
	*count = 0;
	memcpy(hash, ZERO_HASH, 65);
	if (rc)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (!v || sscanf(v, "%lld %64s", &n, hash) != 2)
			rc = mo_err_set(e, MO_ECORRUPT, "audit head is damaged");
		else
			rc = 0;
		*count = n;
	} else {
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "audit head", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* The head from the last entry itself (after a rollback inside the
 * transaction that appended entries, when meta is behind). */
static int read_last(mo_db *db, int64_t *count, char hash[65], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LAST, &st, e);
	*count = 0;
	memcpy(hash, ZERO_HASH, 65);
	if (rc)
		return rc;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *h = mo_db_text(st, 1);
		*count = sqlite3_column_int64(st, 0);
		rc = h && strlen(h) == 64 ? 0 : mo_err_set(e, MO_ECORRUPT,
				"audit entry %lld has no hash",
				(long long)*count);
		if (!rc)
			memcpy(hash, h, 65);
	} else {
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "audit head", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* The head as the open transaction has it. valid: cached in this
 * transaction with no rollback since; dirty: entries were appended in
 * this transaction and meta does not have them yet. */
typedef struct head_cache {
	uint64_t tx, rollbacks;
	bool dirty;
	int64_t count;
	char hash[65];
} head_cache;

static bool cache_valid(mo_db *db, const head_cache *c)
{
	return c->tx == mo_db_tx_serial(db) &&
	       c->rollbacks == mo_db_rollbacks(db);
}

static int flush_head(mo_db *db, void *state, mo_err *e);

/* The head now: meta outside a transaction, else the cache, else meta
 * (or the last entry, once appended entries may have been rolled back),
 * which then fills the cache. */
static int current_head(mo_db *db, int64_t *count, char hash[65],
			mo_err *e)
{
	head_cache *c;
	int rc;
	if (mo_db_tx_depth(db) == 0)
		return read_meta(db, count, hash, e);
	if (!(c = mo_db_tx_state(db, sizeof *c, flush_head)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!cache_valid(db, c)) {
		bool stale = c->dirty && c->tx == mo_db_tx_serial(db);
		rc = stale ? read_last(db, &c->count, c->hash, e)
			   : read_meta(db, &c->count, c->hash, e);
		if (rc)
			return rc;
		c->dirty = stale;
		c->tx = mo_db_tx_serial(db);
		c->rollbacks = mo_db_rollbacks(db);
	}
	*count = c->count;
	memcpy(hash, c->hash, 65);
	return 0;
}

int mo_audit_count(mo_db *db, int64_t *count, mo_err *e)
{
	char hash[65];
	return current_head(db, count, hash, e);
}

static int write_head(mo_db *db, int64_t count, const char *hash, mo_err *e)
{
	sqlite3_stmt *st;
	char v[96];
	int rc = mo_db_stmt(db, SQL_SET_HEAD, &st, e);
	if (rc)
		return rc;
	snprintf(v, sizeof v, "%lld %s", (long long)count, hash);
	sqlite3_bind_text(st, 1, v, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "audit", e);
	sqlite3_reset(st);
	return rc;
}

/* mo_db's commit hook: records the head of entries appended in the
 * transaction that is committing. */
static int flush_head(mo_db *db, void *state, mo_err *e)
{
	head_cache *c = state;
	int64_t count;
	char hash[65];
	int rc;
	if (!c->dirty || c->tx != mo_db_tx_serial(db)) {
		c->dirty = false;
		return 0;
	}
	if ((rc = current_head(db, &count, hash, e)) ||
	    (rc = write_head(db, count, hash, e)))
		return rc;
	c->dirty = false;
	return 0;
}

/* Notes an appended entry in the cache (current_head filled it). */
static void advance_head(mo_db *db, int64_t count, const char *hash)
{
	head_cache *c = mo_db_tx_state(db, sizeof *c, flush_head);
	c->count = count;
	memcpy(c->hash, hash, 65);
	c->dirty = true;
}

static int insert_entry(mo_db *db, const mo_audit_entry *a, const char *hash,
			mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, a->at_us);
	sqlite3_bind_text(st, 3, a->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->record, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "audit", e);
	sqlite3_reset(st);
	return rc;
}

/* Copies in, filling defaults; NULL strings are refused. */
static int prepare_entry(const mo_audit_entry *in, mo_audit_entry *a,
			 mo_err *e)
{
	*a = *in;
	if (!a->detail)
		a->detail = "{}";
	if (!a->at_us)
		a->at_us = mo_clock_now_us();
	if (!a->actor || !*a->actor || !a->action || !*a->action ||
	    !a->record || !*a->record || !a->decision || !*a->decision)
		return mo_err_set(e, MO_EINVAL, "audit entry needs an actor, "
				  "an action, a record and a decision");
	return 0;
}

int mo_audit_append(mo_db *db, const mo_audit_entry *in, int64_t *id,
		    mo_err *e)
{
	mo_audit_entry a;
	char prev[65], hash[65];
	int64_t count;
	bool own = mo_db_tx_depth(db) == 0;
	int rc = prepare_entry(in, &a, e);
	if (rc || (own && (rc = mo_db_begin(db, e))))
		return rc;
	if ((rc = current_head(db, &count, prev, e)))
		goto fail;
	a.id = count + 1;
	a.prev = prev;
	if ((rc = entry_hash(&a, hash)) ||
	    (rc = insert_entry(db, &a, hash, e)))
		goto fail;
	advance_head(db, a.id, hash);
	if (own && (rc = mo_db_commit(db, e)))
		goto fail;
	if (id)
		*id = a.id;
	return 0;
fail:
	if (own)
		mo_db_rollback(db);
	return rc == MO_ENOMEM ? mo_err_set(e, rc, "out of memory") : rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static void read_row(sqlite3_stmt *st, mo_audit_entry *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->at_us = sqlite3_column_int64(st, 1);
	a->actor = col(st, 2);
	a->action = col(st, 3);
	a->record = col(st, 4);
	a->decision = col(st, 5);
	a->detail = col(st, 6);
	a->prev = col(st, 7);
	a->hash = col(st, 8);
}

#define AUDIT_COLS "id, at_us, actor, action, record, decision, detail, " \
	"prev, hash"

/* Checks one entry against the chain so far. */
static int verify_entry(const mo_audit_entry *a, mo_audit_report *r,
			mo_err *e)
{
	char h[65];
	if (a->id != r->count + 1)
		return mo_err_set(e, MO_ECORRUPT, "audit entry %lld follows "
				  "entry %lld: entries were deleted or added",
				  (long long)a->id, (long long)r->count);
	if (strcmp(a->prev, r->head) != 0)
		return mo_err_set(e, MO_ECORRUPT, "audit entry %lld does not "
				  "chain to entry %lld", (long long)a->id,
				  (long long)r->count);
	if (entry_hash(a, h))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (strcmp(h, a->hash) != 0)
		return mo_err_set(e, MO_ECORRUPT, "audit entry %lld was "
				  "changed after it was written",
				  (long long)a->id);
	r->count = a->id;
	memcpy(r->head, a->hash, 65);
	return 0;
}

/* Compares the recomputed chain with the recorded head. */
static int verify_head(mo_db *db, mo_audit_report *r, mo_err *e)
{
	int64_t count;
	char hash[65];
	int rc = current_head(db, &count, hash, e);
	if (rc)
		return rc;
	if (count != r->count || strcmp(hash, r->head) != 0) {
		r->bad_id = r->count + 1;
		return mo_err_set(e, MO_ECORRUPT, "the audit log has %lld "
				  "entries but %lld were recorded: entries "
				  "were removed or added at the end",
				  (long long)r->count, (long long)count);
	}
	return 0;
}

int mo_audit_verify(mo_db *db, mo_audit_report *r, mo_err *e)
{
	sqlite3_stmt *st = NULL;
	mo_audit_entry a;
	int rc;
	memset(r, 0, sizeof *r);
	memcpy(r->head, ZERO_HASH, 65);
	if ((rc = mo_db_prepare(db, "SELECT " AUDIT_COLS " FROM audit "
				"ORDER BY id", &st, e)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &a);
		if ((rc = verify_entry(&a, r, e))) {
			r->bad_id = a.id;
			goto out;
		}
	}
	rc = rc == SQLITE_DONE ? verify_head(db, r, e)
			       : mo_db_fail(db, "audit verify", e);
out:
	sqlite3_finalize(st);
	return rc;
}

/* Builds the list query for the filters that are set. */
static char *list_sql(const mo_audit_filter *f)
{
	return mo_sprintf(
		"SELECT * FROM (SELECT " AUDIT_COLS " FROM audit WHERE 1%s%s%s "
		"ORDER BY id DESC LIMIT ?4) ORDER BY id",
		f->actor ? " AND actor = ?1" : "",
		f->record ? " AND record = ?2" : "",
		f->since_us ? " AND at_us >= ?3" : "");
}

int mo_audit_list(mo_db *db, const mo_audit_filter *f, mo_audit_cb cb,
		  void *ud, mo_err *e)
{
	static const mo_audit_filter all;
	sqlite3_stmt *st = NULL;
	mo_audit_entry a;
	char *sql;
	int rc;
	f = f ? f : &all;
	if (!(sql = list_sql(f)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = mo_db_prepare(db, sql, &st, e);
	free(sql);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, f->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, f->record, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->since_us);
	sqlite3_bind_int64(st, 4, f->limit > 0 ? f->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &a);
		if ((rc = cb(ud, &a)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "audit list", e);
out:
	sqlite3_finalize(st);
	return rc;
}
