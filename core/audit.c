/* audit.c: the hash-chained, append-only audit log (see audit.h). It uses
 * db.h, clock.h and libmd's SHA-256. */
#include "audit.h"

#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

static const char ZERO_HASH[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static const char SQL_HEAD[] =
	"SELECT value FROM meta WHERE key = 'audit_head'";
static const char SQL_SET_HEAD[] =
	"INSERT INTO meta(key, value) VALUES('audit_head', ?1) "
	"ON CONFLICT(key) DO UPDATE SET value = ?1";
static const char SQL_INSERT[] =
	"INSERT INTO audit(id, at_us, actor, action, record, decision, "
	"detail, prev, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)";

/* Feeds one length-prefixed field into the digest (no ambiguity between
 * "ab"+"c" and "a"+"bc"). */
static void feed(SHA2_CTX *md, const char *s)
{
	char len[24];
	size_t n = strlen(s);
	snprintf(len, sizeof len, "%zu:", n);
	SHA256Update(md, (const uint8_t *)len, strlen(len));
	SHA256Update(md, (const uint8_t *)s, n);
}

/* SHA-256 (lower-case hex) of the entry's fields and its predecessor. */
static int entry_hash(const mo_audit_entry *a, char out[65])
{
	static const char HEX[] = "0123456789abcdef";
	uint8_t digest[SHA256_DIGEST_LENGTH];
	SHA2_CTX md;
	char num[48];
	SHA256Init(&md);
	snprintf(num, sizeof num, "%lld/%lld", (long long)a->id,
		 (long long)a->at_us);
	feed(&md, a->prev);
	feed(&md, num);
	feed(&md, a->actor);
	feed(&md, a->action);
	feed(&md, a->record);
	feed(&md, a->decision);
	feed(&md, a->detail);
	SHA256Final(digest, &md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) { /* SHA256End's form */
		out[2 * i] = HEX[digest[i] >> 4];
		out[2 * i + 1] = HEX[digest[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

/* Reads the head ("COUNT HASH") from meta; an empty log is 0 and zeros. */
static int read_head(mo_db *db, int64_t *count, char hash[65], mo_err *e)
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

int mo_audit_count(mo_db *db, int64_t *count, mo_err *e)
{
	char hash[65];
	return read_head(db, count, hash, e);
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
	if ((rc = read_head(db, &count, prev, e)))
		goto fail;
	a.id = count + 1;
	a.prev = prev;
	if ((rc = entry_hash(&a, hash)) ||
	    (rc = insert_entry(db, &a, hash, e)) ||
	    (rc = write_head(db, a.id, hash, e)) ||
	    (own && (rc = mo_db_commit(db, e))))
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
	int rc = read_head(db, &count, hash, e);
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
