/* task.c: the office task list (see task.h). It uses practice.h for the
 * operation frame and SQLite through db.h. */
#include "task.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "units.h"

#define TASK_COLS "id, title, assignee, status, created_by, closed_by, " \
	"note, due_us, created_us, closed_us"

static const char SQL_INSERT[] =
	"INSERT INTO task(title, assignee, due_us, note, created_us, "
	"created_by) VALUES(?, ?, ?, ?, ?, ?)";
static const char SQL_CLOSE[] =
	"UPDATE task SET status = ?, note = coalesce(?, note), closed_us = ?, "
	"closed_by = ? WHERE id = ? AND status = 'open'";
static const char SQL_GET[] = "SELECT " TASK_COLS " FROM task WHERE id = ?";
static const char SQL_LIST_OPEN[] = "SELECT " TASK_COLS " FROM task "
	"WHERE status = 'open' ORDER BY due_us IS NULL, due_us, id";
static const char SQL_LIST_ALL[] = "SELECT " TASK_COLS " FROM task "
	"ORDER BY status <> 'open', due_us IS NULL, due_us, id";

static int check_new(const mo_task_new *in, mo_err *e)
{
	size_t n = in && in->title ? mo_utf8_chars(in->title) : 0;
	if (n == 0 || n > 200)
		return mo_err_set(e, MO_EINVAL, "task title: expected 1 to 200 "
				  "characters, got %zu", n);
	if (in->due_us < 0)
		return mo_err_set(e, MO_EINVAL, "task due: expected an instant "
				  "after 1970");
	return 0;
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int insert_task(mo_practice *p, const char *actor,
		       const mo_task_new *in, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->title, -1, SQLITE_STATIC);
	bind_opt_text(st, 2, in->assignee);
	if (in->due_us)
		sqlite3_bind_int64(st, 3, in->due_us);
	bind_opt_text(st, 4, in->note);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "task", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int mo_task_add(mo_practice *p, const char *actor, const mo_task_new *in,
		int64_t *id, mo_err *e)
{
	char record[32];
	int64_t tid = 0;
	mo_op op;
	int rc = check_new(in, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"title", MO_FACT_STR, in->title, 0},
		{"assignee", MO_FACT_STR, in->assignee, 0},
		{"due", MO_FACT_TIME, NULL, in->due_us},
		{"note", MO_FACT_STR, in->note, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "task.create", facts, 4, e)))
		return rc;
	if ((rc = insert_task(p, actor, in, &tid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "task:%lld", (long long)tid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = tid;
	return 0;
}

static void read_task(sqlite3_stmt *st, mo_task *t)
{
	t->id = sqlite3_column_int64(st, 0);
	t->title = mo_db_text(st, 1);
	t->assignee = mo_db_text(st, 2);
	t->status = mo_db_text(st, 3);
	t->created_by = mo_db_text(st, 4);
	t->closed_by = mo_db_text(st, 5);
	t->note = mo_db_text(st, 6);
	t->due_us = sqlite3_column_int64(st, 7);
	t->created_us = sqlite3_column_int64(st, 8);
	t->closed_us = sqlite3_column_int64(st, 9);
}

/* Runs a cached task query (param: an id, or < 0 for none) through cb. */
static int each_task(mo_practice *p, const char *sql, int64_t param,
		     mo_task_cb cb, void *ud, int *n, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	mo_task t;
	int rc = mo_db_stmt(db, sql, &st, e);
	*n = 0;
	if (rc)
		return rc;
	if (param >= 0)
		sqlite3_bind_int64(st, 1, param);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_task(st, &t);
		++*n;
		if ((rc = cb(ud, &t)))
			goto out;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "task", e);
out:
	sqlite3_reset(st);
	return rc;
}

int mo_task_get(mo_practice *p, int64_t id, mo_task_cb cb, void *ud,
		mo_err *e)
{
	int n, rc = each_task(p, SQL_GET, id, cb, ud, &n, e);
	if (!rc && n == 0)
		rc = mo_err_set(e, MO_ENOTFOUND, "no task %lld", (long long)id);
	return rc;
}

int mo_task_list(mo_practice *p, bool open_only, mo_task_cb cb, void *ud,
		 mo_err *e)
{
	int n;
	return each_task(p, open_only ? SQL_LIST_OPEN : SQL_LIST_ALL, -1, cb,
			 ud, &n, e);
}

/* Copies what the close rules need to see about the task. */
typedef struct close_info {
	char title[201];
	char assignee[65];
	char status[16];
	char created_by[65];
} close_info;

static int keep_info(void *ud, const mo_task *t)
{
	close_info *ci = ud;
	snprintf(ci->title, sizeof ci->title, "%s", t->title);
	snprintf(ci->assignee, sizeof ci->assignee, "%s",
		 t->assignee ? t->assignee : "");
	snprintf(ci->status, sizeof ci->status, "%s", t->status);
	snprintf(ci->created_by, sizeof ci->created_by, "%s", t->created_by);
	return 0;
}

static int update_close(mo_practice *p, const char *actor, int64_t id,
			const char *status, const char *note, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CLOSE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	bind_opt_text(st, 2, note);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "task", e);
	sqlite3_reset(st);
	return rc;
}

static int close_checks(mo_practice *p, int64_t id, const char *status,
			close_info *ci, mo_err *e)
{
	int rc;
	if (!status || (strcmp(status, "done") && strcmp(status, "cancelled")))
		return mo_err_set(e, MO_EINVAL, "task status: expected \"done\" "
				  "or \"cancelled\", got \"%s\"",
				  status ? status : "");
	if ((rc = mo_task_get(p, id, keep_info, ci, e)))
		return rc;
	if (strcmp(ci->status, "open") != 0)
		return mo_err_set(e, MO_EINVAL, "task %lld is %s already",
				  (long long)id, ci->status);
	return 0;
}

int mo_task_close(mo_practice *p, const char *actor, int64_t id,
		  const char *status, const char *note, mo_err *e)
{
	close_info ci;
	char record[32];
	mo_op op;
	int rc = close_checks(p, id, status, &ci, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"id", MO_FACT_INT, NULL, id},
		{"title", MO_FACT_STR, ci.title, 0},
		{"assignee", MO_FACT_STR, ci.assignee[0] ? ci.assignee : NULL, 0},
		{"created_by", MO_FACT_STR, ci.created_by, 0},
		{"note", MO_FACT_STR, note, 0},
	};
	const char *action = strcmp(status, "done") ? "task.cancel"
						    : "task.complete";
	if ((rc = mo_op_begin(p, &op, actor, action, facts, 5, e)))
		return rc;
	if ((rc = update_close(p, actor, id, status, note, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "task:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}
