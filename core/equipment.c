/* equipment.c: the changes of the equipment module (see equipment.h):
 * assets added and their status set, schedules set and ended, service
 * records, and the sweep that tasks someone with each overdue schedule;
 * and the checks the module's files share (equipment_int.h). Each change
 * checks its input whole before its operation begins, then writes inside
 * it. It uses equipment_int.h, practice.h, task.h, clia.h, clock.h, tz.h,
 * units.h and SQLite through db.h. */
#include "equipment_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clia.h"
#include "clock.h"
#include "task.h"
#include "tz.h"
#include "units.h"

const char *const mo_equip_kinds[] = {
	"autoclave", "refrigerator", "freezer", "exam_table", "ecg",
	"centrifuge", "analyzer", "microscope", "scale", "vitals_monitor",
	"aed", "spirometer", "oxygen", "fire_extinguisher", "eyewash",
	"facility", "other", NULL};
const char *const mo_equip_whats[] = {
	"spore_test", "calibration", "inspection", "maintenance",
	"temperature", "cleaning", "safety_test", NULL};
const char *const mo_equip_priorities[] = {"low", "normal", "urgent", NULL};
static const char *const STATUSES[] = {"in_service", "out_of_service",
				       "retired", NULL};

#define MAX_DAYS 3660
#define MAX_HOURS 720

static const char SQL_LOAD[] = "SELECT id, name, kind, status, location, "
	"coalesce(room, ''), coalesce(serial, '') FROM asset WHERE id = ?";
static const char SQL_SERIAL_USED[] = "SELECT id FROM asset WHERE serial = ?";
static const char SQL_ADD[] = "INSERT INTO asset(name, kind, location, room, "
	"serial, manufacturer, model, clia_test, created_us, created_by) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_STATUS[] = "UPDATE asset SET status = ?, "
	"status_reason = ?, status_us = ?, status_by = ? WHERE id = ?";
static const char SQL_FAILING[] = "SELECT s.what, r.done_us FROM "
	"asset_schedule s JOIN asset_service r ON r.id = (SELECT x.id FROM "
	"asset_service x WHERE x.schedule = s.id ORDER BY x.done_us DESC, "
	"x.id DESC LIMIT 1) WHERE s.asset = ? AND s.active = 1 AND "
	"r.passed = 0 LIMIT 1";
static const char SQL_SCHED_FIND[] = "SELECT id, low, high, first_due FROM "
	"asset_schedule WHERE asset = ? AND what = ? AND active = 1";
static const char SQL_SCHED_ADD[] = "INSERT INTO asset_schedule(asset, what, "
	"every_days, every_hours, first_due, blocking, assignee, low, high, "
	"created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_SCHED_SET[] = "UPDATE asset_schedule SET every_days "
	"= ?3, every_hours = ?4, first_due = ?5, blocking = ?6, assignee = ?7, "
	"low = ?8, high = ?9 WHERE id = ?1 AND asset = ?2";
static const char SQL_SCHED_END[] = "UPDATE asset_schedule SET active = 0 "
	"WHERE asset = ?1 AND (?2 IS NULL OR what = ?2) AND active = 1";
static const char SQL_OPEN_TASKS[] = "SELECT k.task FROM asset_task k JOIN "
	"task t ON t.id = k.task JOIN asset_schedule s ON s.id = k.schedule "
	"WHERE s.asset = ?1 AND (?2 = 0 OR s.id = ?2) AND t.status = 'open' "
	"ORDER BY k.task";
static const char SQL_RECORD[] = "INSERT INTO asset_service(asset, schedule, "
	"what, passed, reading, done_us, done_by, vendor, note, recorded_us, "
	"recorded_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LINK[] = "INSERT INTO asset_task(task, schedule, due) "
	"VALUES(?, ?, ?)";

/* ---- shared checks (equipment_int.h) ---- */

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

int mo_equip_load(mo_db *db, int64_t id, mo_equip_row *a, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LOAD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a->id = sqlite3_column_int64(st, 0);
		copy(a->name, sizeof a->name, mo_db_text(st, 1));
		copy(a->kind, sizeof a->kind, mo_db_text(st, 2));
		copy(a->status, sizeof a->status, mo_db_text(st, 3));
		copy(a->location, sizeof a->location, mo_db_text(st, 4));
		copy(a->room, sizeof a->room, mo_db_text(st, 5));
		copy(a->serial, sizeof a->serial, mo_db_text(st, 6));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = mo_err_set(e, MO_ENOTFOUND, "no asset %lld",
				(long long)id);
	} else {
		rc = mo_db_fail(db, "asset", e);
	}
	sqlite3_reset(st);
	return rc;
}

bool mo_equip_one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

int mo_equip_check_choice(const char *field, const char *const *list,
			  const char *s, mo_err *e)
{
	char all[512] = "", q[64];
	size_t n = 0;
	if (mo_equip_one_of(list, s))
		return 0;
	for (size_t i = 0; list[i] && n < sizeof all; i++)
		n += (size_t)snprintf(all + n, sizeof all - n, "%s%s",
				      i ? ", " : "", list[i]);
	return mo_err_set(e, MO_EINVAL, "%s: expected one of %s, got %s",
			  field, all, s ? mo_quote(s, strlen(s), q, sizeof q)
					: "nothing");
}

int mo_equip_check_text(const char *field, const char *s, size_t max,
			bool required, bool line, mo_err *e)
{
	size_t n;
	if (!s)
		return required ? mo_err_set(e, MO_EINVAL, "%s: required",
					     field) : 0;
	n = mo_utf8_chars(s);
	if (n == 0 || n > max)
		return mo_err_set(e, MO_EINVAL, "%s: expected 1 to %zu "
				  "characters, got %zu", field, max, n);
	if (line && strpbrk(s, "\r\n"))
		return mo_err_set(e, MO_EINVAL, "%s: expected one line",
				  field);
	return 0;
}

int mo_equip_check_place(mo_practice *p, const char *what,
			 const char *location, const char *room, mo_err *e)
{
	const mo_location *l;
	char q[64];
	if (!location)
		return mo_err_set(e, MO_EINVAL, "%s location: required", what);
	l = mo_config_location(mo_practice_config(p), location);
	if (!l)
		return mo_err_set(e, MO_EINVAL, "%s location: no location %s "
				  "in practice.yaml", what,
				  mo_quote(location, strlen(location), q,
					   sizeof q));
	for (size_t i = 0; room && i < l->nrooms; i++)
		if (strcmp(l->rooms[i].id, room) == 0)
			return 0;
	if (!room)
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s room: no room %s at location %s "
			  "(practice.yaml locations[].rooms)", what,
			  mo_quote(room, strlen(room), q, sizeof q), l->id);
}

int mo_equip_check_staff(mo_practice *p, const char *field,
			 const char *staff, mo_err *e)
{
	char q[64];
	if (!staff || mo_config_staff(mo_practice_config(p), staff))
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: no staff member %s", field,
			  mo_quote(staff, strlen(staff), q, sizeof q));
}

const char *mo_equip_what_text(const char *what, char buf[32])
{
	size_t i = 0;
	if (strcmp(what, "temperature") == 0)
		return strcpy(buf, "temperature check");
	for (; what[i] && i < 31; i++)
		buf[i] = what[i] == '_' ? ' ' : what[i];
	buf[i] = '\0';
	return buf;
}

/* Steps a statement that returns no row and resets it. */
static int step_done(mo_db *db, sqlite3_stmt *st, const char *what,
		     mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, what, e);
	sqlite3_reset(st);
	return rc;
}

static char *record_of(char buf[32], const char *kind, int64_t id)
{
	snprintf(buf, 32, "%s:%lld", kind, (long long)id);
	return buf;
}

/* ---- assets ---- */

/* A serial: 1..64 printable ASCII characters, no space at either end. */
static int check_serial(const char *s, mo_err *e)
{
	size_t n = s ? strlen(s) : 0;
	char q[64];
	bool ok = n > 0 && n <= 64 && s[0] != ' ' && s[n - 1] != ' ';
	for (size_t i = 0; ok && i < n; i++)
		ok = s[i] >= 0x20 && s[i] < 0x7f;
	if (!s || ok)
		return 0;
	return mo_err_set(e, MO_EINVAL, "asset serial: expected 1 to 64 "
			  "printable characters, got %s",
			  mo_quote(s, n, q, sizeof q));
}

static int serial_free(mo_db *db, const char *serial, mo_err *e)
{
	sqlite3_stmt *st;
	int64_t other = 0;
	int rc;
	if (!serial)
		return 0;
	if ((rc = mo_db_stmt(db, SQL_SERIAL_USED, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		other = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "asset", e);
	sqlite3_reset(st);
	if (!rc && other)
		rc = mo_err_set(e, MO_EEXIST, "asset serial: asset %lld has "
				"serial %s already", (long long)other, serial);
	return rc;
}

static int check_clia_test(mo_practice *p, const char *test, mo_err *e)
{
	mo_clia_test_kind k;
	int rc;
	if (!test)
		return 0;
	if ((rc = mo_clia_test(p, test, &k, e)))
		mo_err_prefix(e, "asset clia_test: ");
	return rc;
}

static int check_asset(mo_practice *p, const mo_equip_asset_new *in,
		       mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "asset: nothing given");
	if ((rc = mo_equip_check_text("asset name", in->name, 200, true, true,
				      e)) ||
	    (rc = mo_equip_check_choice("asset kind", mo_equip_kinds,
					in->kind, e)) ||
	    (rc = mo_equip_check_place(p, "asset", in->location, in->room,
				       e)) ||
	    (rc = check_serial(in->serial, e)) ||
	    (rc = mo_equip_check_text("asset manufacturer",
				      in->manufacturer, 100, false, true,
				      e)) ||
	    (rc = mo_equip_check_text("asset model", in->model, 100, false,
				      true, e)) ||
	    (rc = check_clia_test(p, in->clia_test, e)))
		return rc;
	return serial_free(mo_practice_db(p), in->serial, e);
}

static int insert_asset(mo_db *db, const char *actor,
			const mo_equip_asset_new *in, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->location, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 4, in->room);
	mo_db_bind_opt(st, 5, in->serial);
	mo_db_bind_opt(st, 6, in->manufacturer);
	mo_db_bind_opt(st, 7, in->model);
	mo_db_bind_opt(st, 8, in->clia_test);
	sqlite3_bind_int64(st, 9, mo_clock_now_us());
	sqlite3_bind_text(st, 10, actor, -1, SQLITE_STATIC);
	rc = step_done(db, st, "asset", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_equip_add(mo_practice *p, const char *actor,
		 const mo_equip_asset_new *in, int64_t *id, mo_err *e)
{
	char record[32];
	int64_t aid = 0;
	mo_op op;
	int rc = check_asset(p, in, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"name", MO_FACT_STR, in->name, 0},
		{"kind", MO_FACT_STR, in->kind, 0},
		{"location", MO_FACT_STR, in->location, 0},
		{"room", MO_FACT_STR, in->room, 0},
		{"serial", MO_FACT_STR, in->serial, 0},
		{"clia_test", MO_FACT_STR, in->clia_test, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "equipment.add", facts, 6, e)))
		return rc;
	if ((rc = insert_asset(mo_practice_db(p), actor, in, &aid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = mo_op_commit(&op, record_of(record, "asset", aid), e)))
		return rc;
	if (id)
		*id = aid;
	return 0;
}

/* ---- tasks of schedules ---- */

/* Up to max of the open sweep tasks of asset's schedule (0: of all its
 * schedules) into ids, *n of them. */
static int open_tasks(mo_db *db, int64_t asset, int64_t schedule,
		      int64_t *ids, size_t max, size_t *n, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OPEN_TASKS, &st, e);
	*n = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_int64(st, 2, schedule);
	while (*n < max && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	rc = *n == max || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "asset_task", e);
	sqlite3_reset(st);
	return rc;
}

/* Closes (status "done" or "cancelled") the open sweep tasks of asset's
 * schedule (0: of all its schedules) as system, with note. */
static int close_tasks(mo_practice *p, int64_t asset, int64_t schedule,
		       const char *status, const char *note, mo_err *e)
{
	int64_t ids[16];
	size_t n;
	int rc;
	do {
		rc = open_tasks(mo_practice_db(p), asset, schedule, ids, 16, &n,
				e);
		for (size_t i = 0; !rc && i < n; i++)
			rc = mo_task_close(p, MO_ACTOR_SYSTEM, ids[i], status,
					   note, e);
	} while (!rc && n == 16);
	return rc;
}

/* ---- status ---- */

/* The failing check of asset, if any: *failing true with its what and
 * day. */
static int failing_check(mo_practice *p, int64_t asset, bool *failing,
			 char what[32], int32_t *day, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	const char *zone = mo_practice_config(p)->timezone;
	sqlite3_stmt *st;
	int32_t sec;
	int rc = mo_db_stmt(db, SQL_FAILING, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	rc = sqlite3_step(st);
	*failing = rc == SQLITE_ROW;
	if (*failing) {
		mo_equip_what_text(mo_db_text(st, 0), what);
		rc = mo_tz_from_utc(zone, sqlite3_column_int64(st, 1), day,
				    &sec, e);
	} else {
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "asset", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int check_status(mo_practice *p, const mo_equip_row *a,
			const char *status, const char *reason, mo_err *e)
{
	bool in = status && strcmp(status, "in_service") == 0, failing;
	char what[32], d[11];
	int32_t day;
	int rc;
	if ((rc = mo_equip_check_choice("asset status", STATUSES, status, e)) ||
	    (rc = mo_equip_check_text("asset status reason", reason, 200, !in,
				      true, e)))
		return rc;
	if (strcmp(a->status, "retired") == 0)
		return mo_err_set(e, MO_EINVAL, "asset status: asset %lld (%s) "
				  "is retired", (long long)a->id, a->name);
	if (in && (rc = failing_check(p, a->id, &failing, what, &day, e)))
		return rc;
	if (in && failing)
		return mo_err_set(e, MO_EINVAL, "asset status: asset %lld (%s) "
				  "failed its %s on %s: a passing %s returns "
				  "it to service", (long long)a->id, a->name,
				  what, mo_date_format(day, d), what);
	if (strcmp(a->status, status) == 0)
		return mo_err_set(e, MO_EINVAL, "asset status: asset %lld (%s) "
				  "is %s already", (long long)a->id, a->name,
				  mo_equip_what_text(status, what));
	return 0;
}

static int write_status(mo_practice *p, const char *actor, int64_t asset,
			const char *status, const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATUS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 2, reason);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, asset);
	if ((rc = step_done(db, st, "asset", e)) ||
	    strcmp(status, "retired"))
		return rc;
	if ((rc = mo_db_stmt(db, SQL_SCHED_END, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_null(st, 2);
	if ((rc = step_done(db, st, "asset_schedule", e)))
		return rc;
	return close_tasks(p, asset, 0, "cancelled", "the asset was retired",
			   e);
}

int mo_equip_set_status(mo_practice *p, const char *actor, int64_t asset,
			const char *status, const char *reason, mo_err *e)
{
	char record[32];
	mo_equip_row a;
	mo_op op;
	int rc = mo_equip_load(mo_practice_db(p), asset, &a, e);
	if (rc || (rc = check_status(p, &a, status, reason, e)))
		return rc;
	mo_fact facts[] = {
		{"asset", MO_FACT_INT, NULL, asset},
		{"kind", MO_FACT_STR, a.kind, 0},
		{"status", MO_FACT_STR, status, 0},
		{"reason", MO_FACT_STR, reason, 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "equipment.update", facts, 4, e)))
		return rc;
	if ((rc = write_status(p, actor, asset, status, reason, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, record_of(record, "asset", asset), e);
}

/* ---- schedules ---- */

/* An interval: exactly one of days and hours, each in its range. */
static int check_interval(int32_t days, int32_t hours, mo_err *e)
{
	if (days < 0 || days > MAX_DAYS)
		return mo_err_set(e, MO_EINVAL, "schedule every_days: expected "
				  "1 to %d days, got %d", MAX_DAYS, days);
	if (hours < 0 || hours > MAX_HOURS)
		return mo_err_set(e, MO_EINVAL, "schedule every_hours: expected "
				  "1 to %d hours, got %d", MAX_HOURS, hours);
	if (days && hours)
		return mo_err_set(e, MO_EINVAL, "schedule interval: give every "
				  "N days or every N hours, not both");
	if (!days && !hours)
		return mo_err_set(e, MO_EINVAL, "schedule interval: expected "
				  "every N days (1 to %d) or every N hours (1 "
				  "to %d), got 0", MAX_DAYS, MAX_HOURS);
	return 0;
}

static int check_schedule(mo_practice *p, const mo_equip_schedule_new *in,
			  mo_equip_row *a, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t[11];
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "schedule: nothing given");
	if ((rc = mo_equip_load(mo_practice_db(p), in->asset, a, e)) ||
	    (rc = mo_equip_check_choice("schedule what", mo_equip_whats,
					in->what, e)) ||
	    (rc = check_interval(in->every_days, in->every_hours, e)) ||
	    (rc = mo_equip_check_staff(p, "schedule assignee", in->assignee,
				       e)))
		return rc;
	if (strcmp(a->status, "retired") == 0)
		return mo_err_set(e, MO_EINVAL, "schedule asset: asset %lld "
				  "(%s) is retired", (long long)a->id, a->name);
	if (in->first_due && in->first_due < today)
		return mo_err_set(e, MO_EINVAL, "schedule first_due: %s is "
				  "before today (%s); record the last check "
				  "done instead", mo_date_format(in->first_due,
								 d),
				  mo_date_format(today, t));
	if (in->has_range && in->low > in->high)
		return mo_err_set(e, MO_EINVAL, "schedule range: the low end "
				  "is above the high end");
	return 0;
}

/* The schedule in force of (asset, what): *id 0 when none. */
static int find_schedule(mo_db *db, int64_t asset, const char *what,
			 int64_t *id, int32_t *first_due, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SCHED_FIND, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	if (first_due)
		*first_due = rc == SQLITE_ROW ? sqlite3_column_int(st, 3) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "asset_schedule", e);
	sqlite3_reset(st);
	return rc;
}

static void bind_schedule(sqlite3_stmt *st, const mo_equip_schedule_new *in,
			  int32_t first_due)
{
	mo_db_bind_opt_int(st, 3, in->every_days);
	mo_db_bind_opt_int(st, 4, in->every_hours);
	sqlite3_bind_int(st, 5, first_due);
	sqlite3_bind_int(st, 6, in->blocking);
	mo_db_bind_opt(st, 7, in->assignee);
	if (in->has_range) {
		sqlite3_bind_int64(st, 8, in->low);
		sqlite3_bind_int64(st, 9, in->high);
	} else {
		sqlite3_bind_null(st, 8);
		sqlite3_bind_null(st, 9);
	}
}

/* Inside the operation: inserts the schedule or changes the one in force
 * (whose first day stays unless a new one is given). */
static int write_schedule(mo_practice *p, const char *actor,
			  const mo_equip_schedule_new *in, int64_t *id,
			  mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int32_t first = 0;
	sqlite3_stmt *st;
	int rc = find_schedule(db, in->asset, in->what, id, &first, e);
	if (rc)
		return rc;
	first = in->first_due ? in->first_due
		: *id ? first : mo_practice_today(p);
	if ((rc = mo_db_stmt(db, *id ? SQL_SCHED_SET : SQL_SCHED_ADD, &st, e)))
		return rc;
	if (*id) {
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int64(st, 2, in->asset);
	} else {
		sqlite3_bind_int64(st, 1, in->asset);
		sqlite3_bind_text(st, 2, in->what, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 10, mo_clock_now_us());
		sqlite3_bind_text(st, 11, actor, -1, SQLITE_STATIC);
	}
	bind_schedule(st, in, first);
	rc = step_done(db, st, "asset_schedule", e);
	if (!*id)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_equip_schedule(mo_practice *p, const char *actor,
		      const mo_equip_schedule_new *in, int64_t *id,
		      mo_err *e)
{
	char record[32];
	int64_t sid = 0;
	mo_equip_row a;
	mo_op op;
	int rc = check_schedule(p, in, &a, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"asset", MO_FACT_INT, NULL, in->asset},
		{"kind", MO_FACT_STR, a.kind, 0},
		{"what", MO_FACT_STR, in->what, 0},
		{"change", MO_FACT_STR, "set", 0},
		{"blocking", MO_FACT_BOOL, NULL, in->blocking},
		{"assignee", MO_FACT_STR, in->assignee, 0},
		{in->every_days ? "every_days" : "every_hours", MO_FACT_INT,
		 NULL, in->every_days ? in->every_days : in->every_hours},
	};
	if ((rc = mo_op_begin(p, &op, actor, "equipment.schedule", facts, 7,
			      e)))
		return rc;
	if ((rc = write_schedule(p, actor, in, &sid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = mo_op_commit(&op, record_of(record, "asset", in->asset), e)))
		return rc;
	if (id)
		*id = sid;
	return 0;
}

static int end_schedule(mo_practice *p, int64_t asset, const char *what,
			int64_t sid, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = close_tasks(p, asset, sid, "cancelled", "the schedule ended",
			     e);
	if (rc || (rc = mo_db_stmt(db, SQL_SCHED_END, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
	return step_done(db, st, "asset_schedule", e);
}

int mo_equip_unschedule(mo_practice *p, const char *actor, int64_t asset,
			const char *what, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32], w[32];
	int64_t sid;
	mo_equip_row a;
	mo_op op;
	int rc = mo_equip_load(db, asset, &a, e);
	if (rc || (rc = mo_equip_check_choice("schedule what", mo_equip_whats,
					      what, e)) ||
	    (rc = find_schedule(db, asset, what, &sid, NULL, e)))
		return rc;
	if (!sid)
		return mo_err_set(e, MO_ENOTFOUND, "asset %lld (%s) has no %s "
				  "schedule", (long long)asset, a.name,
				  mo_equip_what_text(what, w));
	mo_fact facts[] = {
		{"asset", MO_FACT_INT, NULL, asset},
		{"kind", MO_FACT_STR, a.kind, 0},
		{"what", MO_FACT_STR, what, 0},
		{"change", MO_FACT_STR, "end", 0},
	};
	if ((rc = mo_op_begin(p, &op, actor, "equipment.schedule", facts, 4,
			      e)))
		return rc;
	if ((rc = end_schedule(p, asset, what, sid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, record_of(record, "asset", asset), e);
}

/* ---- service records ---- */

/* What a record counts for: the schedule in force of its what, with its
 * range. */
typedef struct target {
	int64_t schedule;
	bool has_range;
	int64_t low, high;
} target;

static int load_target(mo_db *db, int64_t asset, const char *what,
		       target *t, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SCHED_FIND, &st, e);
	if (rc)
		return rc;
	*t = (target){0, false, 0, 0};
	sqlite3_bind_int64(st, 1, asset);
	sqlite3_bind_text(st, 2, what, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		t->schedule = sqlite3_column_int64(st, 0);
		t->has_range = sqlite3_column_type(st, 1) != SQLITE_NULL;
		t->low = sqlite3_column_int64(st, 1);
		t->high = sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "asset_schedule", e);
	sqlite3_reset(st);
	return rc;
}

static int check_when(mo_practice *p, int64_t at_us, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	char when[32];
	if (at_us < 0)
		return mo_err_set(e, MO_EINVAL, "service date: expected a time "
				  "after 1970");
	if (at_us > mo_clock_now_us())
		return mo_err_set(e, MO_EINVAL, "service date: %s is in the "
				  "future; record a check once it is done",
				  mo_tz_format(zone, at_us, when));
	return 0;
}

int mo_equip_parse_when(mo_practice *p, const char *s, int64_t *us,
			mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	int32_t day, sec = 12 * 3600;
	int rc = s && strlen(s) == 10 ? mo_date_parse(s, &day, e)
		: mo_tz_parse_local(s ? s : "", &day, &sec, e);
	if (rc) {
		mo_err_prefix(e, "service date: ");
		return rc;
	}
	if (s && strlen(s) == 10 && day == mo_practice_today(p)) {
		*us = mo_clock_now_us();
		return 0;
	}
	if ((rc = mo_tz_to_utc(zone, day, sec, MO_TZ_SHIFT, us, e)))
		mo_err_prefix(e, "service date: ");
	return rc;
}

/* The result: the one given, or the reading's against the range; both
 * must agree. */
static int decide_result(const mo_equip_record_new *in, const target *t,
			 bool *passed, mo_err *e)
{
	char r[32], lo[32], hi[32];
	bool in_range = in->has_reading && in->reading >= t->low &&
			in->reading <= t->high;
	if (in->result && mo_equip_check_choice("service result",
						(const char *const[]){"pass",
						"fail", NULL}, in->result, e))
		return MO_EINVAL;
	if (t->has_range && !in->has_reading)
		return mo_err_set(e, MO_EINVAL, "service reading: required: "
				  "the schedule's range is %s to %s",
				  mo_money_format(t->low, lo),
				  mo_money_format(t->high, hi));
	if (!t->has_range && !in->result)
		return mo_err_set(e, MO_EINVAL, "service result: required "
				  "(pass or fail)");
	*passed = t->has_range ? in_range : strcmp(in->result, "pass") == 0;
	if (t->has_range && in->result && *passed != !strcmp(in->result,
							    "pass"))
		return mo_err_set(e, MO_EINVAL, "service result: the reading "
				  "%s is %s the range %s to %s, so the check "
				  "%s", mo_money_format(in->reading, r),
				  in_range ? "within" : "outside",
				  mo_money_format(t->low, lo),
				  mo_money_format(t->high, hi),
				  in_range ? "passes" : "fails");
	return 0;
}

static int check_record(mo_practice *p, const mo_equip_record_new *in,
			mo_equip_row *a, target *t, bool *passed, mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "service: nothing given");
	if ((rc = mo_equip_load(mo_practice_db(p), in->asset, a, e)))
		return rc;
	if (strcmp(a->status, "retired") == 0)
		return mo_err_set(e, MO_EINVAL, "service asset: asset %lld (%s) "
				  "is retired", (long long)a->id, a->name);
	if (!(in->what && strcmp(in->what, "repair") == 0) &&
	    (rc = mo_equip_check_choice("service what (or repair)",
					mo_equip_whats, in->what, e)))
		return rc;
	if ((rc = check_when(p, in->at_us, e)) ||
	    (rc = mo_equip_check_staff(p, "service by", in->by, e)) ||
	    (rc = mo_equip_check_text("service vendor", in->vendor, 100,
				      false, true, e)) ||
	    (rc = mo_equip_check_text("service note", in->note, 500, false,
				      false, e)) ||
	    (rc = load_target(mo_practice_db(p), in->asset, in->what, t, e)) ||
	    (rc = decide_result(in, t, passed, e)))
		return rc;
	if (!*passed && !in->note)
		return mo_err_set(e, MO_EINVAL, "service note: a failed check "
				  "needs a note (what was found, what was "
				  "done)");
	return 0;
}

typedef struct record_args {
	const mo_equip_record_new *in;
	const target *t;
	bool passed;
	int64_t at_us;
	const char *by;
} record_args;

static int insert_record(mo_db *db, const char *actor, const record_args *r,
			 int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_RECORD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, r->in->asset);
	mo_db_bind_opt_int(st, 2, r->t->schedule);
	sqlite3_bind_text(st, 3, r->in->what, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, r->passed);
	if (r->in->has_reading)
		sqlite3_bind_int64(st, 5, r->in->reading);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, r->at_us);
	sqlite3_bind_text(st, 7, r->by, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 8, r->in->vendor);
	mo_db_bind_opt(st, 9, r->in->note);
	sqlite3_bind_int64(st, 10, mo_clock_now_us());
	sqlite3_bind_text(st, 11, actor, -1, SQLITE_STATIC);
	rc = step_done(db, st, "asset_service", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* Inside the operation: the record, then a pass completes the schedule's
 * open task. */
static int write_record(mo_practice *p, const char *actor,
			const record_args *r, int64_t *id, mo_err *e)
{
	char note[64], w[32];
	int rc = insert_record(mo_practice_db(p), actor, r, id, e);
	if (rc || !r->passed || !r->t->schedule)
		return rc;
	snprintf(note, sizeof note, "%s recorded (service record %lld)",
		 mo_equip_what_text(r->in->what, w), (long long)*id);
	return close_tasks(p, r->in->asset, r->t->schedule, "done", note, e);
}

int mo_equip_service(mo_practice *p, const char *actor,
		     const mo_equip_record_new *in, int64_t *id, bool *passed,
		     mo_err *e)
{
	char record[32];
	int64_t rid = 0;
	mo_equip_row a;
	target t = {0, false, 0, 0};
	mo_op op;
	record_args r = {in, &t, false, 0, NULL};
	int rc = check_record(p, in, &a, &t, &r.passed, e);
	if (rc)
		return rc;
	r.at_us = in->at_us ? in->at_us : mo_clock_now_us();
	r.by = in->by ? in->by : actor;
	mo_fact facts[] = {
		{"asset", MO_FACT_INT, NULL, in->asset},
		{"kind", MO_FACT_STR, a.kind, 0},
		{"what", MO_FACT_STR, in->what, 0},
		{"result", MO_FACT_STR, r.passed ? "pass" : "fail", 0},
		{"by", MO_FACT_STR, r.by, 0},
		{"vendor", MO_FACT_STR, in->vendor, 0},
		{"at", MO_FACT_TIME, NULL, r.at_us},
		{"reading", MO_FACT_INT, NULL, in->reading},
	};
	if ((rc = mo_op_begin(p, &op, actor, "equipment.service", facts,
			      in->has_reading ? 8 : 7, e)))
		return rc;
	if ((rc = write_record(p, actor, &r, &rid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = mo_op_commit(&op, record_of(record, "asset", in->asset), e)))
		return rc;
	if (id)
		*id = rid;
	if (passed)
		*passed = r.passed;
	return 0;
}

/* ---- the sweep ---- */

/* An overdue schedule without an open task, as the sweep collects it. */
typedef struct overdue {
	int64_t schedule, asset;
	int32_t due;
	char title[200], assignee[65], what[32];
	bool has_assignee;
} overdue;

typedef struct overdue_list {
	overdue *v;
	size_t n, cap;
} overdue_list;

static int collect_overdue(void *ud, const mo_equip_sched *s)
{
	overdue_list *l = ud;
	char w[32], d[11];
	overdue *o;
	if (!s->overdue || s->task)
		return 0;
	if (mo_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return MO_ENOMEM;
	o = &l->v[l->n++];
	*o = (overdue){s->id, s->asset, s->next_due, "", "", "",
		       s->assignee != NULL};
	snprintf(o->title, sizeof o->title, "Overdue %s of %.80s (asset "
		 "%lld), due %s", mo_equip_what_text(s->what, w),
		 s->asset_name, (long long)s->asset,
		 mo_date_format(s->next_due, d));
	copy(o->assignee, sizeof o->assignee, s->assignee);
	copy(o->what, sizeof o->what, s->what);
	return 0;
}

static int make_task(mo_practice *p, const overdue *o, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	mo_db *db = mo_practice_db(p);
	int64_t due_us = 0, end, task = 0;
	sqlite3_stmt *st;
	int rc = mo_tz_day_bounds(zone, o->due, o->due, &due_us, &end, e);
	mo_task_new t = {o->title, o->has_assignee ? o->assignee : NULL,
			 due_us, NULL};
	if (rc || (rc = mo_task_add(p, MO_ACTOR_SYSTEM, &t, &task, e)) ||
	    (rc = mo_db_stmt(db, SQL_LINK, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, task);
	sqlite3_bind_int64(st, 2, o->schedule);
	sqlite3_bind_int(st, 3, o->due);
	return step_done(db, st, "asset_task", e);
}

static int sweep_one(mo_practice *p, const overdue *o, mo_err *e)
{
	char record[32], d[11];
	mo_op op;
	int rc;
	mo_fact facts[] = {
		{"asset", MO_FACT_INT, NULL, o->asset},
		{"schedule", MO_FACT_INT, NULL, o->schedule},
		{"what", MO_FACT_STR, o->what, 0},
		{"due", MO_FACT_STR, mo_date_format(o->due, d), 0},
	};
	if ((rc = mo_op_begin(p, &op, MO_ACTOR_SYSTEM, "equipment.sweep",
			      facts, 4, e)))
		return rc;
	if ((rc = make_task(p, o, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return mo_op_commit(&op, record_of(record, "asset", o->asset), e);
}

int mo_equip_sweep(mo_practice *p, size_t *made, mo_err *e)
{
	overdue_list l = {NULL, 0, 0};
	size_t n = 0;
	int stop = 0;
	int rc = mo_equip_each_sched(p, 0, collect_overdue, &l, &stop, e);
	if (!rc && stop)
		rc = mo_err_set(e, stop, "equipment sweep: out of memory");
	for (size_t i = 0; !rc && i < l.n; i++)
		if (!(rc = sweep_one(p, &l.v[i], e)))
			n++;
	free(l.v);
	if (made)
		*made = n;
	return rc;
}
