/* recall.c: the recall list (see recall.h). It uses practice.h,
 * patient.h, units.h and SQLite through db.h. */
#include "recall.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "patient.h"
#include "units.h"

static const char SQL_INSERT[] = "INSERT INTO recall(patient, provider, "
	"due_day, reason, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_CLOSE[] = "UPDATE recall SET status = ? WHERE id = ? "
	"AND status = 'due'";
static const char SQL_DUE[] = "SELECT r.id, r.patient, r.provider, "
	"r.due_day, r.reason, r.status, p.family || ', ' || p.given, "
	"coalesce(p.phone_mobile, p.phone_home, p.phone_work) FROM recall r "
	"JOIN patient p ON p.id = r.patient WHERE r.status = 'due' AND "
	"r.due_day <= ? ORDER BY r.due_day, r.id";

static int check_new(mo_practice *p, int64_t patient, const char *provider,
		     const char *reason, mo_err *e)
{
	int rc = mo_patient_active(p, patient, "recall: ", "put that record "
				   "on the list", e);
	if (rc)
		return rc;
	if (provider && !mo_config_provider(mo_practice_config(p), provider))
		return mo_err_set(e, MO_EINVAL, "recall: provider: no provider "
				  "\"%s\" in practice.yaml", provider);
	if (!reason || !reason[0] || mo_utf8_chars(reason) > 200)
		return mo_err_set(e, MO_EINVAL, "recall: a reason of 1 to 200 "
				  "characters is required");
	return 0;
}

static int insert(mo_db *db, const char *actor, int64_t patient,
		  const char *provider, int32_t due, const char *reason,
		  int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	if (provider)
		sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, due);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "recall", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int mo_recall_add(mo_practice *p, const char *actor, int64_t patient,
		  const char *provider, int32_t due_day, const char *reason,
		  int64_t *id, mo_err *e)
{
	char d[11], record[32];
	int64_t rid = 0;
	mo_op op;
	int rc = check_new(p, patient, provider, reason, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"patient", MO_FACT_INT, NULL, patient},
		{"provider", MO_FACT_STR, provider, 0},
		{"due", MO_FACT_STR, mo_date_format(due_day, d), 0},
		{"reason", MO_FACT_STR, reason, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "recall.add", facts, 4, e)))
		return rc;
	if ((rc = insert(mo_practice_db(p), actor, patient, provider, due_day,
			 reason, &rid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "recall:%lld", (long long)rid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = rid;
	return 0;
}

int mo_recall_close(mo_practice *p, const char *actor, int64_t id,
		    const char *status, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_fact facts[] = {{"recall", MO_FACT_INT, NULL, id},
			   {"status", MO_FACT_STR, status, 0}};
	char record[32];
	sqlite3_stmt *st;
	mo_op op;
	int rc;
	if (!status || (strcmp(status, "booked") && strcmp(status, "closed")))
		return mo_err_set(e, MO_EINVAL, "recall: expected booked or "
				  "closed");
	if ((rc = mo_op_begin(p, &op, actor, "recall.add", facts, 2, e)))
		return rc;
	if ((rc = mo_db_stmt(db, SQL_CLOSE, &st, e)))
		goto fail;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "recall", e);
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(mo_db_sqlite(db)) == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "no due recall %lld",
				(long long)id);
	if (rc)
		goto fail;
	snprintf(record, sizeof record, "recall:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
fail:
	mo_op_abort(&op);
	return rc;
}

typedef struct due_ctx {
	mo_db *db;
	int32_t by_day;
	mo_recall_cb cb;
	void *ud;
	int stop; /* what cb returned to stop; the read is audited anyway */
} due_ctx;

static int each_due(void *ctx, mo_err *e)
{
	due_ctx *c = ctx;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_DUE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->by_day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_recall r = {sqlite3_column_int64(st, 0),
			       sqlite3_column_int64(st, 1),
			       (const char *)sqlite3_column_text(st, 2),
			       sqlite3_column_int(st, 3),
			       (const char *)sqlite3_column_text(st, 4),
			       (const char *)sqlite3_column_text(st, 5),
			       (const char *)sqlite3_column_text(st, 6),
			       (const char *)sqlite3_column_text(st, 7)};
		if ((c->stop = c->cb(c->ud, &r)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "recall", e);
	sqlite3_reset(st);
	return rc;
}

int mo_recall_due(mo_practice *p, const char *actor, int32_t by_day,
		  mo_recall_cb cb, void *ud, mo_err *e)
{
	char d[11];
	mo_fact facts[] = {{"read", MO_FACT_STR, "recall list", 0},
			   {"by", MO_FACT_STR, mo_date_format(by_day, d), 0}};
	due_ctx c = {mo_practice_db(p), by_day, cb, ud, 0};
	int rc = mo_op_read(p, actor, "patient.read", facts, 2, "recall",
			    each_due, &c, e);
	return rc ? rc : c.stop;
}
