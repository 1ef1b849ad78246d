/* declog.c: the decision log (see declog.h). It uses db.h and clock.h. */
#include "declog.h"

#include "clock.h"

static const char SQL_INSERT[] =
	"INSERT INTO decision(at_us, actor, action, verdict, reason, rule, "
	"policy_hash, inputs) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_GET[] =
	"SELECT id, at_us, actor, action, verdict, reason, rule, policy_hash, "
	"inputs FROM decision WHERE id = ?1 OR (?1 = 0 AND id = "
	"(SELECT max(id) FROM decision))";

int mo_declog_append(mo_db *db, const mo_declog_entry *in, int64_t *id,
		     mo_err *e)
{
	const char *const text[] = {in->actor, in->action, in->verdict,
				    in->reason, in->rule, in->policy_hash,
				    in->inputs};
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->at_us ? in->at_us : mo_clock_now_us());
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 2, text[i] ? text[i] : "", -1,
				  SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
					     : mo_db_fail(db, "decision log", e);
	if (!rc && id)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

int mo_declog_get(mo_db *db, int64_t id, mo_declog_cb cb, void *ud,
		  mo_err *e)
{
	mo_declog_entry d;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		d = (mo_declog_entry){sqlite3_column_int64(st, 0),
				      sqlite3_column_int64(st, 1), col(st, 2),
				      col(st, 3), col(st, 4), col(st, 5),
				      col(st, 6), col(st, 7), col(st, 8)};
		rc = cb(ud, &d);
	} else if (rc == SQLITE_DONE) {
		rc = id ? mo_err_set(e, MO_ENOTFOUND, "no decision %lld",
				     (long long)id)
			: mo_err_set(e, MO_ENOTFOUND, "no decision yet");
	} else {
		rc = mo_db_fail(db, "decision log", e);
	}
	sqlite3_reset(st);
	return rc;
}
