/* equipment_issue.c: facility issues (see equipment.h): building problems
 * reported (what, where, by whom, priority, a day to fix them by),
 * assigned, resolved once with a note, and their audited list. It uses
 * equipment_int.h, practice.h, clock.h, tz.h, units.h and SQLite through
 * db.h. */
#include "equipment_int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "tz.h"
#include "units.h"

static const char SQL_ADD[] = "INSERT INTO facility_issue(what, location, "
	"room, asset, priority, due, reported_by, reported_us, assignee, "
	"assigned_by, assigned_us) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
	"CASE WHEN ?9 IS NOT NULL THEN ?7 END, CASE WHEN ?9 IS NOT NULL THEN "
	"?8 END)";
static const char SQL_STATE[] = "SELECT status, priority, "
	"coalesce(resolved_by, ''), coalesce(resolved_us, 0) FROM "
	"facility_issue WHERE id = ?";
static const char SQL_ASSIGN[] = "UPDATE facility_issue SET assignee = ?, "
	"assigned_by = ?, assigned_us = ? WHERE id = ?";
static const char SQL_RESOLVE[] = "UPDATE facility_issue SET status = "
	"'resolved', resolution = ?, resolved_by = ?, resolved_us = ? WHERE "
	"id = ?";
static const char SQL_LIST[] = "SELECT id, what, location, room, "
	"coalesce(asset, 0), priority, status, due, reported_by, reported_us, "
	"assignee, resolution, resolved_by, coalesce(resolved_us, 0) FROM "
	"facility_issue WHERE ?1 OR status = 'open' ORDER BY status <> "
	"'open', due, CASE priority WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 "
	"ELSE 2 END, id";

static int step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0
		: mo_db_fail(db, "facility_issue", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- reporting ---- */

/* The issue as it will be written: the place from the asset when not
 * given, the priority and due day filled in. */
typedef struct issue_in {
	mo_equip_issue_new v;
	mo_equip_row asset;
} issue_in;

static int place_from_asset(mo_practice *p, issue_in *x, mo_err *e)
{
	int rc;
	if (!x->v.asset)
		return 0;
	if ((rc = mo_equip_load(mo_practice_db(p), x->v.asset, &x->asset, e)))
		return rc;
	if (!x->v.location) {
		x->v.location = x->asset.location;
		x->v.room = x->v.room ? x->v.room
			: x->asset.room[0] ? x->asset.room : NULL;
	}
	if (strcmp(x->v.location, x->asset.location))
		return mo_err_set(e, MO_EINVAL, "issue location: asset %lld is "
				  "at %s, not %s", (long long)x->v.asset,
				  x->asset.location, x->v.location);
	return 0;
}

static int check_due(mo_practice *p, issue_in *x, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t[11];
	const char *pr = x->v.priority;
	if (!x->v.due)
		x->v.due = today + (!strcmp(pr, "urgent") ? 0
				    : !strcmp(pr, "normal") ? 7 : 30);
	if (x->v.due < today)
		return mo_err_set(e, MO_EINVAL, "issue due: %s is before today "
				  "(%s)", mo_date_format(x->v.due, d),
				  mo_date_format(today, t));
	return 0;
}

static int check_issue(mo_practice *p, issue_in *x, mo_err *e)
{
	int rc;
	if (!x->v.priority)
		x->v.priority = "normal";
	if ((rc = mo_equip_check_text("issue what", x->v.what, 500, true,
				      false, e)) ||
	    (rc = mo_equip_check_choice("issue priority", mo_equip_priorities,
					x->v.priority, e)) ||
	    (rc = place_from_asset(p, x, e)) ||
	    (rc = mo_equip_check_place(p, "issue", x->v.location, x->v.room,
				       e)) ||
	    (rc = mo_equip_check_staff(p, "issue assignee", x->v.assignee,
				       e)))
		return rc;
	return check_due(p, x, e);
}

static int insert_issue(mo_db *db, const char *actor,
			const mo_equip_issue_new *v, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, v->what, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v->location, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 3, v->room);
	mo_db_bind_opt_int(st, 4, v->asset);
	sqlite3_bind_text(st, 5, v->priority, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, v->due);
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, mo_clock_now_us());
	mo_db_bind_opt(st, 9, v->assignee);
	rc = step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_equip_report(mo_practice *p, const char *actor,
		    const mo_equip_issue_new *in, int64_t *id, mo_err *e)
{
	char record[32], d[11];
	issue_in x;
	int64_t iid = 0;
	mo_op op;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "issue: nothing given");
	x.v = *in;
	if ((rc = check_issue(p, &x, e)))
		return rc;
	mo_fact facts[] = {
		{"what", MO_FACT_STR, x.v.what, 0},
		{"location", MO_FACT_STR, x.v.location, 0},
		{"room", MO_FACT_STR, x.v.room, 0},
		{"priority", MO_FACT_STR, x.v.priority, 0},
		{"due", MO_FACT_STR, mo_date_format(x.v.due, d), 0},
		{"assignee", MO_FACT_STR, x.v.assignee, 0},
		{"asset", MO_FACT_INT, NULL, x.v.asset},
	};
	if ((rc = mo_op_begin(p, &op, actor, "facility.report", facts,
			      x.v.asset ? 7 : 6, e)))
		return rc;
	if ((rc = insert_issue(mo_practice_db(p), actor, &x.v, &iid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "issue:%lld", (long long)iid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = iid;
	return 0;
}

/* ---- assigning and resolving ---- */

/* Checks that issue id exists and is open; *priority receives its
 * priority. */
static int open_issue(mo_practice *p, int64_t id, char priority[8],
		      mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	mo_db *db = mo_practice_db(p);
	char when[32];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && strcmp(mo_db_text(st, 0), "open")) {
		rc = mo_err_set(e, MO_EINVAL, "issue %lld is resolved already "
				"(by %s, %s)", (long long)id, mo_db_text(st, 2),
				mo_tz_format(zone, sqlite3_column_int64(st, 3),
					     when));
	} else if (rc == SQLITE_ROW) {
		snprintf(priority, 8, "%s", mo_db_text(st, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mo_err_set(e, MO_ENOTFOUND, "no issue %lld",
				(long long)id);
	} else {
		rc = mo_db_fail(db, "facility_issue", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* One change of an open issue: SQL with (text, actor, now, id). */
static int change_issue(mo_practice *p, const char *actor, int64_t id,
			const char *action, const char *sql,
			const mo_fact *facts, const char *value, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	sqlite3_stmt *st;
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, action, facts, 3, e);
	if (rc)
		return rc;
	if (!(rc = mo_db_stmt(db, sql, &st, e))) {
		sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, mo_clock_now_us());
		sqlite3_bind_int64(st, 4, id);
		rc = step_done(db, st, e);
	}
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "issue:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

int mo_equip_assign(mo_practice *p, const char *actor, int64_t id,
		    const char *staff, mo_err *e)
{
	char priority[8];
	int rc;
	if (!staff)
		return mo_err_set(e, MO_EINVAL, "issue assignee: required");
	if ((rc = mo_equip_check_staff(p, "issue assignee", staff, e)) ||
	    (rc = open_issue(p, id, priority, e)))
		return rc;
	mo_fact facts[] = {{"issue", MO_FACT_INT, NULL, id},
			   {"priority", MO_FACT_STR, priority, 0},
			   {"assignee", MO_FACT_STR, staff, 0}};
	return change_issue(p, actor, id, "facility.assign", SQL_ASSIGN,
			    facts, staff, e);
}

int mo_equip_resolve(mo_practice *p, const char *actor, int64_t id,
		     const char *note, mo_err *e)
{
	char priority[8];
	int rc = open_issue(p, id, priority, e);
	if (rc || (rc = mo_equip_check_text("issue resolution note", note, 500,
					    true, false, e)))
		return rc;
	mo_fact facts[] = {{"issue", MO_FACT_INT, NULL, id},
			   {"priority", MO_FACT_STR, priority, 0},
			   {"note", MO_FACT_STR, note, 0}};
	return change_issue(p, actor, id, "facility.resolve", SQL_RESOLVE,
			    facts, note, e);
}

/* ---- the list ---- */

typedef struct list_ctx {
	mo_db *db;
	bool every;
	mo_equip_issue_cb cb;
	void *ud;
	int stop;
} list_ctx;

static void read_issue(sqlite3_stmt *st, mo_equip_issue *is)
{
	*is = (mo_equip_issue){
	    sqlite3_column_int64(st, 0), mo_db_text(st, 1),
	    mo_db_text(st, 2),           mo_db_text(st, 3),
	    sqlite3_column_int64(st, 4), mo_db_text(st, 5),
	    mo_db_text(st, 6),           sqlite3_column_int(st, 7),
	    mo_db_text(st, 8),           sqlite3_column_int64(st, 9),
	    mo_db_text(st, 10),          mo_db_text(st, 11),
	    mo_db_text(st, 12),          sqlite3_column_int64(st, 13)};
}

static int each_issue(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	mo_equip_issue is;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->every);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_issue(st, &is);
		if ((c->stop = c->cb(c->ud, &is)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0
		: mo_db_fail(c->db, "facility_issue", e);
	sqlite3_reset(st);
	return rc;
}

int mo_equip_issues(mo_practice *p, const char *actor, bool every,
		    mo_equip_issue_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {mo_practice_db(p), every, cb, ud, 0};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "facility issues: no callback");
	mo_fact facts[] = {{"read", MO_FACT_STR, "facility issues", 0},
			   {"all", MO_FACT_BOOL, NULL, every}};
	rc = mo_op_read(p, actor, "equipment.read", facts, 2, "issues",
			each_issue, &c, e);
	return rc ? rc : c.stop;
}
