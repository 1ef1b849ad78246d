/* equipment_read.c: the reads of the equipment module (see equipment.h):
 * where each schedule stands (next due, overdue), whether an asset may
 * be used, an asset found by its serial, the audited lists (assets,
 * schedules soonest first, service records) and the area's due source.
 * It uses equipment_int.h, practice.h, clock.h, tz.h, units.h and SQLite
 * through db.h. */
#include "equipment_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "tz.h"
#include "units.h"

#define HOUR_US INT64_C(3600000000)

static const char SQL_SCHEDS[] = "SELECT " MO_EQUIP_SCHED_COLS
	"WHERE s.active = 1 AND a.status <> 'retired' AND "
	"(?1 = 0 OR s.asset = ?1)";
static const char SQL_FIND[] = "SELECT id FROM asset WHERE serial = ?";
static const char SQL_STATE[] = "SELECT status, coalesce(status_reason, "
	"'') FROM asset WHERE id = ?";
#define ASSET_COLS "id, name, kind, location, room, serial, manufacturer, " \
	"model, clia_test, status, status_reason, created_us, created_by " \
	"FROM asset "
static const char SQL_ASSETS[] = "SELECT " ASSET_COLS "WHERE (?1 = 0 OR id = "
	"?1) AND (?2 IS NULL OR location = ?2) AND (?3 IS NULL OR room = ?3) "
	"AND (?4 IS NULL OR kind = ?4) AND (?5 OR status <> 'retired') "
	"ORDER BY location, room IS NOT NULL, room, id";
static const char SQL_HISTORY[] = "SELECT r.id, r.asset, coalesce(r.schedule, "
	"0), a.name, r.what, r.passed, r.reading, r.done_us, r.done_by, "
	"r.vendor, r.note, r.recorded_us, r.recorded_by FROM asset_service r "
	"JOIN asset a ON a.id = r.asset WHERE (?1 = 0 OR r.asset = ?1) AND "
	"r.done_us >= ?2 AND r.done_us < ?3 ORDER BY r.done_us DESC, r.id DESC";
static const char SQL_OPEN_ISSUES[] = "SELECT id, what, priority, due, "
	"location, room, assignee, reported_by FROM facility_issue WHERE "
	"status = 'open' AND due <= ? ORDER BY due, id";

/* ---- where a schedule stands ---- */

/* Next due and overdue of s, from its latest record (last_us, 0: none;
 * last_passed): at once after a failure; every_days after the local day
 * of a pass, or every_hours after it; its first day before any. A
 * schedule in hours is overdue past its instant, any other past its
 * day. */
static int standing(mo_equip_sched *s, const char *zone, int32_t today,
		    int64_t now, mo_err *e)
{
	int32_t day = 0, sec;
	int rc = 0;
	s->next_us = 0;
	if (s->last_us && (rc = mo_tz_from_utc(zone, s->last_us, &day, &sec,
					       e)))
		return rc;
	if (!s->last_us)
		s->next_due = s->first_due;
	else if (!s->last_passed)
		s->next_due = day;
	else if (s->every_days)
		s->next_due = day + s->every_days;
	else {
		s->next_us = s->last_us + s->every_hours * HOUR_US;
		rc = mo_tz_from_utc(zone, s->next_us, &s->next_due, &sec, e);
	}
	s->overdue = s->next_us ? now > s->next_us : s->next_due < today;
	return rc;
}

int mo_equip_sched_read(sqlite3_stmt *st, const char *zone, int32_t today,
			int64_t now, mo_equip_sched *s, mo_err *e)
{
	*s = (mo_equip_sched){
	    .id = sqlite3_column_int64(st, 0),
	    .asset = sqlite3_column_int64(st, 1),
	    .asset_name = mo_db_text(st, 2),
	    .location = mo_db_text(st, 3),
	    .room = mo_db_text(st, 4),
	    .serial = mo_db_text(st, 5),
	    .what = mo_db_text(st, 6),
	    .every_days = sqlite3_column_int(st, 7),
	    .every_hours = sqlite3_column_int(st, 8),
	    .first_due = sqlite3_column_int(st, 9),
	    .blocking = sqlite3_column_int(st, 10) != 0,
	    .assignee = mo_db_text(st, 11),
	    .has_range = sqlite3_column_type(st, 12) != SQLITE_NULL,
	    .low = sqlite3_column_int64(st, 12),
	    .high = sqlite3_column_int64(st, 13),
	    .last_us = sqlite3_column_int64(st, 14),
	    .last_passed = sqlite3_column_int(st, 15) != 0,
	    .task = sqlite3_column_int64(st, 16),
	};
	return standing(s, zone, today, now, e);
}

int mo_equip_each_sched(mo_practice *p, int64_t asset, mo_equip_sched_cb cb,
			void *ud, int *stop, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	const char *zone = mo_practice_config(p)->timezone;
	int32_t today = mo_practice_today(p);
	int64_t now = mo_clock_now_us();
	mo_equip_sched s;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SCHEDS, &st, e);
	*stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = mo_equip_sched_read(st, zone, today, now, &s, e)))
			goto out;
		if ((*stop = cb(ud, &s)))
			break;
	}
	rc = *stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "asset_schedule",
							 e);
out:
	sqlite3_reset(st);
	return rc;
}

/* ---- usable ---- */

/* The first reason among asset's schedules: a failing check, else a
 * blocking schedule overdue. */
typedef struct block_ctx {
	char failed[MO_EQUIP_WHY], overdue[MO_EQUIP_WHY];
	const char *zone;
} block_ctx;

static int find_block(void *ud, const mo_equip_sched *s)
{
	block_ctx *c = ud;
	char w[32], d[11], when[32];
	if (s->last_us && !s->last_passed && !c->failed[0])
		snprintf(c->failed, sizeof c->failed, "failed its %s on %s",
			 mo_equip_what_text(s->what, w),
			 mo_tz_format(c->zone, s->last_us, when));
	else if (s->blocking && s->overdue && !c->overdue[0] && s->next_us)
		snprintf(c->overdue, sizeof c->overdue, "is overdue for its %s "
			 "(due %s)", mo_equip_what_text(s->what, w),
			 mo_tz_format(c->zone, s->next_us, when));
	else if (s->blocking && s->overdue && !c->overdue[0])
		snprintf(c->overdue, sizeof c->overdue, "is overdue for its %s "
			 "(due %s)", mo_equip_what_text(s->what, w),
			 mo_date_format(s->next_due, d));
	return 0;
}

/* The asset's status as set and its reason. */
static int set_status(mo_db *db, int64_t asset, char status[16],
		      char reason[808], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, asset);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(status, 16, "%s", mo_db_text(st, 0));
		snprintf(reason, 808, "%s", mo_db_text(st, 1));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no asset "
						    "%lld", (long long)asset)
			: mo_db_fail(db, "asset", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* Why asset (named name) may not be used, into why ("" when it may). */
static int why_not(mo_practice *p, int64_t asset, const char *name,
		   char why[MO_EQUIP_WHY], mo_err *e)
{
	block_ctx c = {"", "", mo_practice_config(p)->timezone};
	char status[16], reason[808];
	int stop, rc = set_status(mo_practice_db(p), asset, status, reason, e);
	why[0] = '\0';
	if (rc)
		return rc;
	if (strcmp(status, "retired") == 0)
		snprintf(why, MO_EQUIP_WHY, "asset %lld (%.80s) is retired",
			 (long long)asset, name);
	else if (strcmp(status, "out_of_service") == 0)
		snprintf(why, MO_EQUIP_WHY, "asset %lld (%.80s) is out of "
			 "service: %.120s", (long long)asset, name, reason);
	if (why[0] || (rc = mo_equip_each_sched(p, asset, find_block, &c,
						&stop, e)))
		return rc;
	if (c.failed[0] || c.overdue[0])
		snprintf(why, MO_EQUIP_WHY, "asset %lld (%.80s) %.150s",
			 (long long)asset, name, c.failed[0] ? c.failed
							     : c.overdue);
	return 0;
}

int mo_equip_usable(mo_practice *p, int64_t asset, bool *usable,
		    char why[MO_EQUIP_WHY], mo_err *e)
{
	mo_equip_row a;
	int rc = mo_equip_load(mo_practice_db(p), asset, &a, e);
	if (rc || (rc = why_not(p, asset, a.name, why, e)))
		return rc;
	*usable = why[0] == '\0';
	return 0;
}

int mo_equip_find(mo_practice *p, const char *serial, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char q[64];
	int rc;
	if (!serial)
		return mo_err_set(e, MO_EINVAL, "asset serial: required");
	if ((rc = mo_db_stmt(db, SQL_FIND, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, serial, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE
			? mo_err_set(e, MO_ENOTFOUND, "no asset with serial %s",
				     mo_quote(serial, strlen(serial), q,
					      sizeof q))
			: mo_db_fail(db, "asset", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- the list of assets ---- */

typedef struct list_ctx {
	mo_practice *p;
	const mo_equip_filter *f;
	mo_equip_asset_cb cb;
	void *ud;
	int stop;
	int64_t n;
} list_ctx;

static int pass_asset(list_ctx *c, sqlite3_stmt *st, mo_err *e)
{
	char why[MO_EQUIP_WHY];
	mo_equip_asset a = {sqlite3_column_int64(st, 0),
	                    mo_db_text(st, 1),
	                    mo_db_text(st, 2),
	                    mo_db_text(st, 3),
	                    mo_db_text(st, 4),
	                    mo_db_text(st, 5),
	                    mo_db_text(st, 6),
	                    mo_db_text(st, 7),
	                    mo_db_text(st, 8),
	                    mo_db_text(st, 9),
	                    mo_db_text(st, 10),
	                    false,
	                    NULL,
	                    sqlite3_column_int64(st, 11),
	                    mo_db_text(st, 12)};
	int rc = why_not(c->p, a.id, a.name, why, e);
	if (rc)
		return rc;
	a.usable = why[0] == '\0';
	a.why = a.usable ? NULL : why;
	c->n++;
	c->stop = c->cb(c->ud, &a);
	return 0;
}

static int each_asset(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ASSETS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->f->id);
	mo_db_bind_opt(st, 2, c->f->location);
	mo_db_bind_opt(st, 3, c->f->room);
	mo_db_bind_opt(st, 4, c->f->kind);
	sqlite3_bind_int(st, 5, c->f->retired || c->f->id);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = pass_asset(c, st, e)))
			goto out;
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "asset", e);
	if (!rc && c->f->id && !c->n)
		rc = mo_err_set(e, MO_ENOTFOUND, "no asset %lld",
				(long long)c->f->id);
out:
	sqlite3_reset(st);
	return rc;
}

int mo_equip_list(mo_practice *p, const char *actor, const mo_equip_filter *f,
		  mo_equip_asset_cb cb, void *ud, mo_err *e)
{
	static const mo_equip_filter all = {0};
	list_ctx c = {p, f ? f : &all, cb, ud, 0, 0};
	char record[32] = "equipment";
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "equipment list: no callback");
	mo_fact facts[] = {
		{"read", MO_FACT_STR, "equipment", 0},
		{"asset", MO_FACT_INT, NULL, c.f->id},
		{"location", MO_FACT_STR, c.f->location, 0},
		{"kind", MO_FACT_STR, c.f->kind, 0},
	};
	if (c.f->id)
		snprintf(record, sizeof record, "asset:%lld",
			 (long long)c.f->id);
	rc = mo_op_read(p, actor, "equipment.read", facts, 4, record,
			each_asset, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the schedules, soonest due first ---- */

/* A schedule kept with copies of its strings (one block, strs). */
typedef struct kept {
	mo_equip_sched s;
	char *strs;
} kept;

typedef struct kept_list {
	kept *v;
	size_t n, cap;
	int32_t through; /* keep those due on or before; 0: all */
} kept_list;

static char *put(char **at, const char *s)
{
	char *start = *at;
	if (!s)
		return NULL;
	strcpy(start, s);
	*at += strlen(s) + 1;
	return start;
}

static size_t len0(const char *s)
{
	return s ? strlen(s) + 1 : 0;
}

static int keep(void *ud, const mo_equip_sched *s)
{
	kept_list *l = ud;
	size_t n = len0(s->asset_name) + len0(s->location) + len0(s->room) +
		   len0(s->serial) + len0(s->what) + len0(s->assignee);
	kept *k;
	char *at;
	if (l->through && s->next_due > l->through)
		return 0;
	if (mo_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) ||
	    !(at = malloc(n ? n : 1)))
		return MO_ENOMEM;
	k = &l->v[l->n++];
	*k = (kept){*s, at};
	k->s.asset_name = put(&at, s->asset_name);
	k->s.location = put(&at, s->location);
	k->s.room = put(&at, s->room);
	k->s.serial = put(&at, s->serial);
	k->s.what = put(&at, s->what);
	k->s.assignee = put(&at, s->assignee);
	return 0;
}

static int by_due(const void *a, const void *b)
{
	const mo_equip_sched *x = &((const kept *)a)->s;
	const mo_equip_sched *y = &((const kept *)b)->s;
	if (x->next_due != y->next_due)
		return x->next_due < y->next_due ? -1 : 1;
	if (x->next_us != y->next_us)
		return x->next_us < y->next_us ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void kept_free(kept_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].strs);
	free(l->v);
}

/* The schedules of asset (0: all) due by l->through, sorted, into l
 * (freed with kept_free, also on failure). */
static int collect_sorted(mo_practice *p, int64_t asset, kept_list *l,
			  mo_err *e)
{
	int stop, rc = mo_equip_each_sched(p, asset, keep, l, &stop, e);
	if (!rc && stop)
		rc = mo_err_set(e, stop, "equipment schedules: out of memory");
	if (!rc && l->n)
		qsort(l->v, l->n, sizeof *l->v, by_due);
	return rc;
}

typedef struct sched_ctx {
	mo_practice *p;
	int64_t asset;
	int32_t through;
	mo_equip_sched_cb cb;
	void *ud;
	int stop;
} sched_ctx;

static int each_sorted(void *ctx, mo_err *e)
{
	sched_ctx *c = ctx;
	kept_list l = {NULL, 0, 0, c->through};
	int rc = collect_sorted(c->p, c->asset, &l, e);
	for (size_t i = 0; !rc && !c->stop && i < l.n; i++)
		c->stop = c->cb(c->ud, &l.v[i].s);
	kept_free(&l);
	return rc;
}

int mo_equip_schedules(mo_practice *p, const char *actor, int64_t asset,
		       int32_t through, mo_equip_sched_cb cb, void *ud,
		       mo_err *e)
{
	sched_ctx c = {p, asset, through, cb, ud, 0};
	char record[32] = "equipment";
	mo_equip_row a;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "equipment schedules: no "
				  "callback");
	if (asset && (rc = mo_equip_load(mo_practice_db(p), asset, &a, e)))
		return rc;
	if (!actor)
		return (rc = each_sorted(&c, e)) ? rc : c.stop;
	mo_fact facts[] = {{"read", MO_FACT_STR, "schedules", 0},
			   {"asset", MO_FACT_INT, NULL, asset}};
	if (asset)
		snprintf(record, sizeof record, "asset:%lld", (long long)asset);
	rc = mo_op_read(p, actor, "equipment.read", facts, 2, record,
			each_sorted, &c, e);
	return rc ? rc : c.stop;
}

/* ---- service records ---- */

typedef struct history_ctx {
	mo_practice *p;
	int64_t asset, from_us, to_us;
	mo_equip_record_cb cb;
	void *ud;
	int stop;
} history_ctx;

static void read_record(sqlite3_stmt *st, mo_equip_record *r)
{
	*r = (mo_equip_record){sqlite3_column_int64(st, 0),
	                       sqlite3_column_int64(st, 1),
	                       sqlite3_column_int64(st, 2),
	                       mo_db_text(st, 3),
	                       mo_db_text(st, 4),
	                       sqlite3_column_int(st, 5) != 0,
	                       sqlite3_column_type(st, 6) != SQLITE_NULL,
	                       sqlite3_column_int64(st, 6),
	                       sqlite3_column_int64(st, 7),
	                       mo_db_text(st, 8),
	                       mo_db_text(st, 9),
	                       mo_db_text(st, 10),
	                       sqlite3_column_int64(st, 11),
	                       mo_db_text(st, 12)};
}

static int each_record(void *ctx, mo_err *e)
{
	history_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	mo_equip_record r;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_HISTORY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->asset);
	sqlite3_bind_int64(st, 2, c->from_us);
	sqlite3_bind_int64(st, 3, c->to_us);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_record(st, &r);
		if ((c->stop = c->cb(c->ud, &r)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "asset_service",
							   e);
	sqlite3_reset(st);
	return rc;
}

/* The instants of local days from..to (0: unbounded) into c. */
static int history_bounds(mo_practice *p, int32_t from, int32_t to,
			  history_ctx *c, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	int64_t a, b;
	int rc = 0;
	char d1[11], d2[11];
	if (from && to && from > to)
		return mo_err_set(e, MO_EINVAL, "service history: from %s is "
				  "after to %s", mo_date_format(from, d1),
				  mo_date_format(to, d2));
	c->from_us = INT64_MIN;
	c->to_us = INT64_MAX;
	if (from && !(rc = mo_tz_day_bounds(zone, from, from, &a, &b, e)))
		c->from_us = a;
	if (!rc && to && !(rc = mo_tz_day_bounds(zone, to, to, &a, &b, e)))
		c->to_us = b;
	return rc;
}

int mo_equip_history(mo_practice *p, const char *actor, int64_t asset,
		     int32_t from_day, int32_t to_day, mo_equip_record_cb cb,
		     void *ud, mo_err *e)
{
	history_ctx c = {p, asset, 0, 0, cb, ud, 0};
	char record[32] = "equipment";
	mo_equip_row a;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "service history: no callback");
	if ((rc = history_bounds(p, from_day, to_day, &c, e)) ||
	    (asset && (rc = mo_equip_load(mo_practice_db(p), asset, &a, e))))
		return rc;
	mo_fact facts[] = {{"read", MO_FACT_STR, "service records", 0},
			   {"asset", MO_FACT_INT, NULL, asset}};
	if (asset)
		snprintf(record, sizeof record, "asset:%lld", (long long)asset);
	rc = mo_op_read(p, actor, "equipment.read", facts, 2, record,
			each_record, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the due source ---- */

typedef struct due_ctx {
	mo_practice *p;
	int32_t through;
	mo_due_cb cb;
	void *ud;
	const kept_list *l;
	size_t next; /* the next schedule of l to pass */
} due_ctx;

/* "overdue since D", "failed D: ...", "due D [HH:MM]". */
static const char *when_text(const due_ctx *c, const mo_equip_sched *s,
			     char buf[96])
{
	const char *zone = mo_practice_config(c->p)->timezone;
	char d[11], t[32];
	if (s->last_us && !s->last_passed)
		snprintf(buf, 96, "failed %s: out of service until a passing "
			 "check", mo_tz_format(zone, s->last_us, t));
	else if (s->overdue)
		snprintf(buf, 96, "overdue since %s", s->next_us
			 ? mo_tz_format(zone, s->next_us, t)
			 : mo_date_format(s->next_due, d));
	else
		snprintf(buf, 96, "due %s", s->next_us
			 ? mo_tz_format(zone, s->next_us, t)
			 : mo_date_format(s->next_due, d));
	return buf;
}

static int due_sched(const due_ctx *c, const mo_equip_sched *s)
{
	char what[512], w[32], when[96], record[32];
	mo_equip_what_text(s->what, w);
	w[0] = (char)(w[0] - 'a' + 'A');
	snprintf(what, sizeof what, "%s of %.120s (%s%s%s): %s", w,
		 s->asset_name, s->location, s->room ? ", " : "",
		 s->room ? s->room : "", when_text(c, s, when));
	snprintf(record, sizeof record, "asset:%lld", (long long)s->asset);
	mo_due_item it = {"equipment", what, s->assignee, NULL,
			  "equipment.service", record, s->next_due};
	return c->cb(c->ud, &it);
}

/* Passes the schedules due before day (all: INT32_MAX). */
static int due_scheds_before(due_ctx *c, int32_t day)
{
	int stop = 0;
	while (!stop && c->next < c->l->n &&
	       c->l->v[c->next].s.next_due <= day)
		stop = due_sched(c, &c->l->v[c->next++].s);
	return stop;
}

static int due_issue(due_ctx *c, sqlite3_stmt *st)
{
	char what[700], record[32];
	int32_t due = sqlite3_column_int(st, 3);
	int stop = due_scheds_before(c, due);
	if (stop)
		return stop;
	snprintf(what, sizeof what,
	         "Building problem (%s, %s%s%s, reported "
	         "by %s): %.500s",
	         mo_db_text(st, 2), mo_db_text(st, 4),
	         mo_db_text(st, 5) ? ", " : "",
	         mo_db_text(st, 5) ? mo_db_text(st, 5) : "", mo_db_text(st, 7),
	         mo_db_text(st, 1));
	snprintf(record, sizeof record, "issue:%lld",
		 (long long)sqlite3_column_int64(st, 0));
	mo_due_item it = {"equipment", what, mo_db_text(st, 6), NULL,
			  "facility.resolve", record, due};
	return c->cb(c->ud, &it);
}

/* The open issues due by then in due order, each after the schedules due
 * on or before its day, then the rest of the schedules. */
static int due_merge(due_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int stop = 0, rc = mo_db_stmt(db, SQL_OPEN_ISSUES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->through);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = due_issue(c, st);
	rc = stop ? stop : rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "facility_issue", e);
	sqlite3_reset(st);
	return rc ? rc : due_scheds_before(c, INT32_MAX);
}

int mo_equip_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		 mo_err *e)
{
	kept_list l = {NULL, 0, 0, through};
	due_ctx c = {p, through, cb, ud, &l, 0};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "equipment due: no callback");
	if (!(rc = collect_sorted(p, 0, &l, e)))
		rc = due_merge(&c, e);
	kept_free(&l);
	return rc;
}
