/* away.c: staff out of office (see away.h). It uses practice.h for the
 * operation frame, units.h for dates and SQLite through db.h. */
#include "away.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "units.h"

#define AWAY_COLS "id, staff, first_day, last_day, delegate, reason, " \
	"request, created_by, cancelled_us IS NOT NULL"

static const char SQL_OVERLAP[] =
	"SELECT id, first_day, last_day FROM away WHERE staff = ? AND "
	"cancelled_us IS NULL AND first_day <= ? AND last_day >= ? LIMIT 1";
static const char SQL_INSERT[] =
	"INSERT INTO away(staff, first_day, last_day, delegate, reason, "
	"request, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CANCEL[] =
	"UPDATE away SET cancelled_us = ?, cancelled_by = ? "
	"WHERE id = ? AND cancelled_us IS NULL";
static const char SQL_LIST[] = "SELECT " AWAY_COLS " FROM away WHERE "
	"cancelled_us IS NULL AND first_day <= ? AND last_day >= ? "
	"ORDER BY first_day, id";
static const char SQL_ON[] = "SELECT coalesce(delegate, '') FROM away "
	"WHERE staff = ? AND cancelled_us IS NULL AND first_day <= ? AND "
	"last_day >= ? ORDER BY id LIMIT 1";

static int check_staff(const mo_config *c, const char *field, const char *id,
		       mo_err *e)
{
	if (!id || !mo_config_staff(c, id))
		return mo_err_set(e, MO_EINVAL, "away: %s: expected a staff id "
				  "from practice.yaml, got \"%s\"", field,
				  id ? id : "");
	return 0;
}

int mo_away_check(const mo_config *c, const mo_away_new *in, mo_err *e)
{
	char a[11], b[11];
	int rc;
	if ((rc = check_staff(c, "staff", in->staff, e)) ||
	    (in->delegate && (rc = check_staff(c, "delegate", in->delegate, e))))
		return rc;
	if (in->delegate && strcmp(in->delegate, in->staff) == 0)
		return mo_err_set(e, MO_EINVAL, "away: delegate: %s cannot stand "
				  "in for themselves", in->staff);
	if (in->last_day < in->first_day)
		return mo_err_set(e, MO_EINVAL, "away: the last day %s is before "
				  "the first day %s", mo_date_format(in->last_day, b),
				  mo_date_format(in->first_day, a));
	if (in->last_day - in->first_day >= MO_AWAY_MAX_DAYS)
		return mo_err_set(e, MO_EINVAL, "away: at most %d days at a "
				  "time, got %d", MO_AWAY_MAX_DAYS,
				  in->last_day - in->first_day + 1);
	if (in->reason && mo_utf8_chars(in->reason) > 200)
		return mo_err_set(e, MO_EINVAL, "away: reason: at most 200 "
				  "characters");
	return 0;
}

/* MO_EEXIST when staff is already away on one of the days. */
static int check_overlap(mo_db *db, const mo_away_new *in, mo_err *e)
{
	char a[11], b[11];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OVERLAP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, in->last_day);
	sqlite3_bind_int(st, 3, in->first_day);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "away: %s is already away from %s "
				"to %s (entry %lld)", in->staff,
				mo_date_format(sqlite3_column_int(st, 1), a),
				mo_date_format(sqlite3_column_int(st, 2), b),
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "away", e);
	sqlite3_reset(st);
	return rc;
}

static int insert(mo_db *db, const char *actor, const mo_away_new *in,
		  int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, in->first_day);
	sqlite3_bind_int(st, 3, in->last_day);
	mo_db_bind_opt(st, 4, in->delegate);
	sqlite3_bind_text(st, 5, in->reason ? in->reason : "", -1,
			  SQLITE_STATIC);
	if (in->request)
		sqlite3_bind_int64(st, 6, in->request);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "away", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int mo_away_add(mo_practice *p, const char *actor, const mo_away_new *in,
		int64_t *id, mo_err *e)
{
	char first[11], last[11], record[32];
	int64_t aid = 0;
	mo_op op;
	int rc = mo_away_check(mo_practice_config(p), in, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"staff", MO_FACT_STR, in->staff, 0},
		{"first_day", MO_FACT_STR, mo_date_format(in->first_day, first), 0},
		{"last_day", MO_FACT_STR, mo_date_format(in->last_day, last), 0},
		{"days", MO_FACT_INT, NULL, in->last_day - in->first_day + 1},
		{"delegate", MO_FACT_STR, in->delegate, 0},
		{"reason", MO_FACT_STR, in->reason, 0},
		{"request", MO_FACT_INT, NULL, in->request},
	};
	if ((rc = mo_op_begin(p, &op, actor, "staff.away", facts, 7, e)))
		return rc;
	if ((rc = check_overlap(mo_practice_db(p), in, e)) ||
	    (rc = insert(mo_practice_db(p), actor, in, &aid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "away:%lld", (long long)aid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = aid;
	return 0;
}

int mo_away_cancel(mo_practice *p, const char *actor, int64_t id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	sqlite3_stmt *st;
	mo_op op;
	mo_fact facts[] = {{"id", MO_FACT_INT, NULL, id}};
	int rc = mo_op_begin(p, &op, actor, "staff.return", facts, 1, e);
	if (rc)
		return rc;
	if ((rc = mo_db_stmt(db, SQL_CANCEL, &st, e)))
		goto fail;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "away", e);
	sqlite3_reset(st);
	if (!rc && sqlite3_changes(mo_db_sqlite(db)) == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "away: no current absence %lld",
				(long long)id);
	if (rc)
		goto fail;
	snprintf(record, sizeof record, "away:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
fail:
	mo_op_abort(&op);
	return rc;
}

int mo_away_list(mo_practice *p, int32_t first_day, int32_t last_day,
		 mo_away_cb cb, void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int stop = 0, rc = mo_db_stmt(db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, last_day);
	sqlite3_bind_int(st, 2, first_day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_away a = {sqlite3_column_int64(st, 0),
		             mo_db_text(st, 1),
		             sqlite3_column_int(st, 2),
		             sqlite3_column_int(st, 3),
		             mo_db_text(st, 4),
		             mo_db_text(st, 5),
		             sqlite3_column_int64(st, 6),
		             mo_db_text(st, 7),
		             sqlite3_column_int(st, 8) != 0};
		if ((stop = cb(ud, &a)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "away", e);
	sqlite3_reset(st);
	return rc;
}

int mo_away_on(mo_practice *p, const char *staff, int32_t day, bool *away,
	       char delegate[65], mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ON, &st, e);
	*away = false;
	delegate[0] = '\0';
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int(st, 3, day);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*away = true;
		snprintf(delegate, 65, "%s", mo_db_text(st, 0));
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "away", e);
	sqlite3_reset(st);
	return rc;
}
