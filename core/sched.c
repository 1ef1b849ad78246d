/* sched.c: the appointment book (see sched.h). One function, busy(),
 * yields everything that occupies a provider in a window (appointments,
 * blocks, time out); booking asks it about one interval, the slot search
 * loads a whole day from it once. Rooms likewise (room_busy). It uses
 * practice.h, block.h, patient.h, credential.h (the provider_licensed
 * fact), tz.h, units.h and SQLite through db.h. */
#include "sched.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "clock.h"
#include "credential.h"
#include "hours.h"
#include "patient.h"
#include "tz.h"
#include "units.h"

#define APPT_COLS "id, patient, provider, location, room, visit_type, " \
	"status, start_us, end_us, reason, note, double_booked, needs_call"
#define LIVE "status NOT IN ('cancelled', 'no_show')"
/* An appointment overlapping [?2, ?3) starts after ?5, ?2 less the
 * practice's longest visit: the bound keeps the index range to the
 * window instead of every earlier appointment. */
#define RECENT "start_us > ?5 AND "

static const char SQL_PROVIDER_BUSY[] = "SELECT id, start_us, end_us FROM "
	"appointment WHERE provider = ?1 AND " RECENT "start_us < ?3 AND "
	"end_us > ?2 "
	"AND " LIVE " AND id <> ?4 ORDER BY start_us";
static const char SQL_PATIENT_BUSY[] = "SELECT id, start_us, end_us FROM "
	"appointment WHERE patient = ?1 AND " RECENT "start_us < ?3 AND "
	"end_us > ?2 "
	"AND " LIVE " AND id <> ?4 ORDER BY start_us";
static const char SQL_ROOM_BUSY[] = "SELECT room, start_us, end_us FROM "
	"appointment WHERE location = ?1 AND " RECENT "start_us < ?3 AND "
	"end_us > ?2 "
	"AND " LIVE " AND id <> ?4 AND room IS NOT NULL ORDER BY start_us";
static const char SQL_OUT[] = "SELECT id, start_us, end_us, reason FROM "
	"provider_out WHERE provider = ?1 AND cancelled_us IS NULL AND "
	"start_us < ?3 AND end_us > ?2 ORDER BY start_us";
static const char SQL_INSERT[] = "INSERT INTO appointment(patient, "
	"provider, location, room, visit_type, start_us, end_us, note, "
	"double_booked, created_us, created_by, updated_us) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_MOVE[] = "UPDATE appointment SET provider = ?, "
	"room = ?, start_us = ?, end_us = ?, double_booked = ?, needs_call = 0, "
	"updated_us = ? WHERE id = ?";
static const char SQL_SET_STATUS[] = "UPDATE appointment SET status = ?, "
	"reason = coalesce(?, reason), updated_us = ? WHERE id = ?";
static const char SQL_GET[] = "SELECT " APPT_COLS " FROM appointment "
	"WHERE id = ?";

int mo_sched_weekday(int32_t day)
{
	return mo_weekday(day);
}

/* ---- what a booking is about ---- */

typedef struct slot {
	mo_practice *p;
	const mo_config *c;
	const mo_provider *prov;
	const mo_location *loc;
	const mo_visit_type *vt;
	int64_t start_us, end_us, exclude, patient;
	int32_t day, sec; /* local start */
	int32_t end_sec;  /* local end on that day; 86400 = midnight after */
	char room[65];
} slot;

static int unknown(mo_err *e, const char *what, const char *id)
{
	return mo_err_set(e, MO_EINVAL, "%s: no %s \"%s\" in practice.yaml",
			  what, what, id ? id : "");
}

static bool sees(const mo_provider *pv, const char *vt)
{
	if (pv->nvisit_types == 0)
		return true;
	for (size_t i = 0; i < pv->nvisit_types; i++)
		if (strcmp(pv->visit_types[i], vt) == 0)
			return true;
	return false;
}

/* The provider's only location, when location is not given. */
static const mo_location *only_location(const mo_config *c,
					const mo_provider *pv, mo_err *e)
{
	const char *loc = pv->navailability ? pv->availability[0].location
					     : NULL;
	for (size_t i = 1; loc && i < pv->navailability; i++)
		if (strcmp(pv->availability[i].location, loc) != 0)
			loc = NULL;
	if (loc)
		return mo_config_location(c, loc);
	mo_err_set(e, MO_EINVAL, "location: %s works at several locations, or "
		   "none; say which", pv->staff);
	return NULL;
}

static int resolve(slot *s, const char *provider, const char *location,
		   const char *visit_type, mo_err *e)
{
	const mo_config *c = s->c;
	if (!provider || !(s->prov = mo_config_provider(c, provider)))
		return unknown(e, "provider", provider);
	if (!visit_type || !(s->vt = mo_config_visit_type(c, visit_type)))
		return unknown(e, "visit type", visit_type);
	if (!sees(s->prov, visit_type))
		return mo_err_set(e, MO_EINVAL, "visit type: %s does not see "
				  "%s visits", provider, visit_type);
	if (location && !(s->loc = mo_config_location(c, location)))
		return unknown(e, "location", location);
	if (!location && !(s->loc = only_location(c, s->prov, e)))
		return MO_EINVAL;
	return 0;
}

/* ---- hours ---- */

/* Whether availability entry a takes visit type vt (none listed: all). */
static bool entry_allows(const mo_availability *a, const char *vt)
{
	for (size_t i = 0; i < a->nvisit_types; i++)
		if (strcmp(a->visit_types[i], vt) == 0)
			return true;
	return a->nvisit_types == 0;
}

const char *mo_sched_holiday(const mo_config *c, int32_t day)
{
	int y, m, d;
	int32_t h;
	mo_civil_from_days(day, &y, &m, &d);
	for (size_t i = 0; i < c->nholidays; i++)
		if (mo_holiday_date(&c->holidays[i], y, &h) == 0 && h == day)
			return c->holidays[i].name;
	return NULL;
}

/* The span of the provider's hours at the slot's location that holds
 * [sec, end) (local seconds) on the slot's day, or NULL with why. */
typedef struct extra_fit {
	const slot *s;
	int from, to;          /* minutes */
	bool fits, other_visits;
} extra_fit;

static int extra_fits(void *ud, const mo_hours *h)
{
	extra_fit *x = ud;
	if (strcmp(h->location, x->s->loc->id) != 0 ||
	    h->start_sec / 60 > x->from || x->to > h->end_sec / 60)
		return 0;
	if (mo_hours_allow(h, x->s->vt->id)) {
		x->fits = true;
		return 1;
	}
	x->other_visits = true;
	return 0;
}

/* Whether [sec, end) (local seconds) of the slot's day is within the
 * provider's hours at the slot's location (weekly, or extra hours for
 * that day) that take its visit type; why says otherwise. */
static bool session_of(const slot *s, int32_t sec, int32_t end, char *why,
		       size_t size)
{
	const char *holiday = mo_sched_holiday(s->c, s->day);
	int wd = mo_sched_weekday(s->day);
	extra_fit x = {s, sec / 60, (end + 59) / 60, false, false};
	if (holiday) {
		snprintf(why, size, "the practice is closed for %s", holiday);
		return false;
	}
	for (size_t i = 0; i < s->prov->navailability; i++) {
		const mo_availability *a = &s->prov->availability[i];
		const mo_day_hours *h = &a->hours[wd];
		if (strcmp(a->location, s->loc->id) != 0)
			continue;
		for (int j = 0; j < h->n; j++) {
			if (h->span[j].open > x.from || x.to > h->span[j].close)
				continue;
			if (entry_allows(a, s->vt->id))
				return true;
			x.other_visits = true;
		}
	}
	if (mo_hours_on(s->p, s->day, s->prov->staff, extra_fits, &x, NULL) >=
	    0 && x.fits)
		return true;
	snprintf(why, size, x.other_visits ? "%s does not see %s visits at %s "
		 "then" : "%s does not see patients at %s then",
		 s->prov->staff, x.other_visits ? s->vt->id : s->loc->id,
		 s->loc->id);
	return false;
}

/* ---- what occupies a provider or a room ---- */

typedef struct busy_item {
	int64_t start_us, end_us;
	char what[160]; /* "appointment 12", "block 'Lunch'", "out: ..." */
} busy_item;

typedef int (*busy_cb)(void *ud, const busy_item *b);

static int each_row(mo_db *db, sqlite3_stmt *st, const char *fmt,
		    busy_cb cb, void *ud, mo_err *e)
{
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		busy_item b = {sqlite3_column_int64(st, 1),
			       sqlite3_column_int64(st, 2), ""};
		snprintf(b.what, sizeof b.what, fmt,
			 (const char *)sqlite3_column_text(st, 0),
			 sqlite3_column_count(st) > 3
			 ? (const char *)sqlite3_column_text(st, 3) : "");
		if ((stop = cb(ud, &b)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "schedule", e);
	sqlite3_reset(st);
	return rc;
}

/* The longest visit of the practice, in microseconds. */
static int64_t longest_visit(const mo_config *c)
{
	int64_t most = 0;
	for (size_t i = 0; i < c->nvisit_types; i++)
		if (c->visit_types[i].duration > most)
			most = c->visit_types[i].duration;
	return most * 1000000;
}

static int query_busy(mo_practice *p, const char *sql, const char *key,
		      int64_t keyi, int64_t from, int64_t to, int64_t exclude,
		      const char *fmt, busy_cb cb, void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	if (key)
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, keyi);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, exclude);
	sqlite3_bind_int64(st, 5, from - longest_visit(mo_practice_config(p)));
	return each_row(db, st, fmt, cb, ud, e);
}

typedef struct block_relay {
	busy_cb cb;
	void *ud;
} block_relay;

static int relay_block(void *ud, const mo_busy *b)
{
	block_relay *r = ud;
	busy_item it = {b->start_us, b->end_us, ""};
	snprintf(it.what, sizeof it.what, "the %s block \"%s\"", b->kind,
		 b->title);
	return r->cb(r->ud, &it);
}

/* Everything that occupies provider in [from, to): their time out, their
 * blocks at loc (unless the caller knows there are none), their
 * appointments (but exclude), in that order. */
static int busy(mo_practice *p, const char *provider, const char *loc,
		int64_t from, int64_t to, int64_t exclude, bool blocks,
		busy_cb cb, void *ud, mo_err *e)
{
	block_relay r = {cb, ud};
	/* Time out and blocks first: a caller taking the first item learns
	 * that the time is not free even for a double booking. */
	int rc = query_busy(p, SQL_OUT, provider, 0, from, to, -1,
			    "time out %s (%s)", cb, ud, e);
	if (!rc && blocks)
		rc = mo_block_busy(p, provider, loc, from, to, relay_block, &r,
				   e);
	if (!rc)
		rc = query_busy(p, SQL_PROVIDER_BUSY, provider, 0, from, to,
				exclude, "appointment %s", cb, ud, e);
	return rc;
}

/* The first busy item, as an error. */
typedef struct first_busy {
	bool any;
	busy_item item;
} first_busy;

static int take_first(void *ud, const busy_item *b)
{
	first_busy *f = ud;
	f->any = true;
	f->item = *b;
	return 1;
}

/* ---- booking checks ---- */

/* The local second on day at which an interval ending at end_us ends:
 * 86400 when at the next midnight, -1 when later. Clock changes count: a
 * visit from 01:50 for 15 minutes on a spring-forward day ends at 03:05. */
static int32_t end_sec_of(const char *zone, int32_t day, int64_t end_us)
{
	int32_t d, sec;
	if (mo_tz_from_utc(zone, end_us, &d, &sec, NULL))
		return -1;
	if (d == day)
		return sec;
	return d == day + 1 && sec == 0 ? 86400 : -1;
}

static int local_times(slot *s, mo_err *e)
{
	int rc = mo_tz_from_utc(s->c->timezone, s->start_us, &s->day, &s->sec,
				e);
	if (rc)
		return rc;
	if ((s->end_sec = end_sec_of(s->c->timezone, s->day, s->end_us)) < 0)
		return mo_err_set(e, MO_EINVAL, "the visit would run past "
				  "midnight");
	return 0;
}

static int check_when(slot *s, mo_err *e)
{
	char why[200], at[32];
	int rc = local_times(s, e);
	if (rc)
		return rc;
	if (s->start_us < mo_clock_now_us())
		return mo_err_set(e, MO_EINVAL, "%s is in the past",
				  mo_tz_format(s->c->timezone, s->start_us, at));
	if (!session_of(s, s->sec, s->end_sec, why, sizeof why))
		return mo_err_set(e, MO_EINVAL, "%s: %s",
				  mo_tz_format(s->c->timezone, s->start_us, at),
				  why);
	return 0;
}

/* MO_EEXIST naming what the provider is busy with; *appt when it is only
 * another appointment (double booking may be allowed then). */
static int check_provider(slot *s, bool *appt, mo_err *e)
{
	first_busy f = {false, {0, 0, ""}};
	char at[32];
	int rc = busy(s->p, s->prov->staff, s->loc->id, s->start_us, s->end_us,
		      s->exclude, true, take_first, &f, e);
	*appt = false;
	if (rc < 0)
		return rc;
	if (!f.any)
		return 0;
	*appt = strncmp(f.item.what, "appointment", 11) == 0;
	return mo_err_set(e, MO_EEXIST, "%s is busy at %s with %s",
			  s->prov->staff,
			  mo_tz_format(s->c->timezone, f.item.start_us, at),
			  f.item.what);
}

static int check_patient(slot *s, mo_err *e)
{
	first_busy f = {false, {0, 0, ""}};
	char at[32];
	int rc = query_busy(s->p, SQL_PATIENT_BUSY, NULL,
			    s->patient, s->start_us, s->end_us, s->exclude,
			    "appointment %s", take_first, &f, e);
	if (rc < 0)
		return rc;
	if (!f.any)
		return 0;
	return mo_err_set(e, MO_EEXIST, "patient %lld already has %s at %s",
			  (long long)s->patient, f.item.what,
			  mo_tz_format(s->c->timezone, f.item.start_us, at));
}

/* ---- rooms ---- */

typedef struct rooms_busy {
	const mo_location *loc;
	bool taken[64]; /* by room index */
} rooms_busy;

static int mark_room(void *ud, const busy_item *b)
{
	rooms_busy *r = ud;
	for (size_t i = 0; i < r->loc->nrooms && i < 64; i++)
		if (strcmp(r->loc->rooms[i].id, b->what) == 0)
			r->taken[i] = true;
	return 0;
}

static const mo_room *room_of(const mo_location *loc, const char *id)
{
	for (size_t i = 0; i < loc->nrooms; i++)
		if (strcmp(loc->rooms[i].id, id) == 0)
			return &loc->rooms[i];
	return NULL;
}

/* Picks s->room: the given one if free and of the kind, else the first
 * free room of the visit type's kind. */
static int pick_room(slot *s, const char *want, mo_err *e)
{
	rooms_busy r = {s->loc, {false}};
	const mo_room *given = want ? room_of(s->loc, want) : NULL;
	int rc;
	if (want && !given)
		return mo_err_set(e, MO_EINVAL, "room: no room \"%s\" at %s",
				  want, s->loc->id);
	if (given && strcmp(given->kind, s->vt->room) != 0)
		return mo_err_set(e, MO_EINVAL, "room: %s is a %s room; %s "
				  "visits need a %s room", want, given->kind,
				  s->vt->id, s->vt->room);
	if (given && !mo_room_fits(given, s->vt))
		return mo_err_set(e, MO_EINVAL, "room: %s lacks equipment that "
				  "%s visits need", want, s->vt->id);
	if ((rc = query_busy(s->p, SQL_ROOM_BUSY, s->loc->id,
			     0, s->start_us, s->end_us, s->exclude, "%s",
			     mark_room, &r, e)))
		return rc;
	for (size_t i = 0; i < s->loc->nrooms && i < 64; i++) {
		const mo_room *rm = &s->loc->rooms[i];
		if (r.taken[i] || !mo_room_fits(rm, s->vt) ||
		    (given && rm != given))
			continue;
		snprintf(s->room, sizeof s->room, "%s", rm->id);
		return 0;
	}
	if (given)
		return mo_err_set(e, MO_EEXIST, "room: %s at %s is taken then",
				  want, s->loc->id);
	return mo_err_set(e, MO_EEXIST, "room: no free %s room%s at %s then",
			  s->vt->room, s->vt->nequipment ? " with the equipment"
			  : "", s->loc->id);
}

/* ---- the rules' facts ---- */

typedef struct slot_facts_t {
	mo_fact v[14]; /* slot_facts' 13, and cand_facts' usual_provider */
	size_t n;
	char date[11], time[16];
} slot_facts_t;

static void slot_facts(const slot *s, bool new_patient, slot_facts_t *f)
{
	static const char *const wd[] = {"mon", "tue", "wed", "thu", "fri",
					 "sat", "sun"};
	int32_t today, now_sec;
	mo_tz_from_utc(s->c->timezone, mo_clock_now_us(), &today, &now_sec,
		       NULL);
	mo_date_format(s->day, f->date);
	snprintf(f->time, sizeof f->time, "%02d:%02d", (s->sec / 3600) % 24,
		 s->sec / 60 % 60);
	f->v[0] = (mo_fact){"patient", MO_FACT_INT, NULL, s->patient};
	f->v[1] = (mo_fact){"provider", MO_FACT_STR, s->prov->staff, 0};
	f->v[2] = (mo_fact){"location", MO_FACT_STR, s->loc->id, 0};
	f->v[3] = (mo_fact){"visit_type", MO_FACT_STR, s->vt->id, 0};
	f->v[4] = (mo_fact){"new_patient", MO_FACT_BOOL, NULL,
			    new_patient || s->vt->new_patient};
	f->v[5] = (mo_fact){"date", MO_FACT_STR, f->date, 0};
	f->v[6] = (mo_fact){"time", MO_FACT_STR, f->time, 0};
	f->v[7] = (mo_fact){"hour", MO_FACT_INT, NULL, s->sec / 3600};
	f->v[8] = (mo_fact){"weekday", MO_FACT_STR,
			    wd[mo_sched_weekday(s->day)], 0};
	f->v[9] = (mo_fact){"minutes", MO_FACT_INT, NULL,
			    (s->end_us - s->start_us) / 60000000};
	f->v[10] = (mo_fact){"same_day", MO_FACT_BOOL, NULL, s->day == today};
	f->v[11] = (mo_fact){"start", MO_FACT_TIME, NULL, s->start_us};
	f->v[12] = (mo_fact){"provider_licensed", MO_FACT_BOOL, NULL,
			     mo_cred_licensed(s->c, s->prov->staff, s->day)};
	f->n = 13;
}

/* ---- booking ---- */

static int active_patient(mo_practice *p, int64_t id, mo_err *e)
{
	return mo_patient_active(p, id, "", "book that record", e);
}

/* The checks of a slot that need no database: its times. */
static int check_slot(slot *s, mo_err *e)
{
	s->end_us = s->start_us + s->vt->duration * 1000000;
	return check_when(s, e);
}

/* The provider's time: free, or (double_book) taken by an appointment
 * and the actor may double-book. */
static int check_double(slot *s, const char *actor, bool double_book,
			bool *doubled, mo_err *e)
{
	mo_decision d;
	slot_facts_t f;
	bool appt;
	int rc = check_provider(s, &appt, e);
	*doubled = false;
	if (rc != MO_EEXIST || !appt || !double_book)
		return rc;
	slot_facts(s, false, &f);
	if ((rc = mo_practice_decide(s->p, actor, "appointment.double_book",
				     f.v, f.n, &d, e)))
		return rc;
	if (d.verdict == MO_VERDICT_DENY)
		return mo_err_set(e, MO_EDENIED, "%s may not double-book: %s "
				  "(rule %s)", actor, d.reason[0] ? d.reason
				  : "denied", d.rule[0] ? d.rule : "unnamed");
	*doubled = true;
	return 0;
}

/* The checks against the book, inside the operation's transaction. */
static int check_book(slot *s, const char *actor, const char *room,
		      bool double_book, bool *doubled, mo_err *e)
{
	int rc = check_patient(s, e);
	if (!rc)
		rc = check_double(s, actor, double_book, doubled, e);
	return rc ? rc : pick_room(s, room, e);
}

static int insert_appt(slot *s, const char *actor, const mo_appt_new *in,
		       bool doubled, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(s->p);
	int64_t now = mo_clock_now_us();
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, s->patient);
	sqlite3_bind_text(st, 2, s->prov->staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->loc->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->room, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->vt->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, s->start_us);
	sqlite3_bind_int64(st, 7, s->end_us);
	if (in->note)
		sqlite3_bind_text(st, 8, in->note, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, doubled);
	sqlite3_bind_int64(st, 10, now);
	sqlite3_bind_text(st, 11, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 12, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment",
							       e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int book_checked(slot *s, const char *actor, const mo_appt_new *in,
			int64_t *id, mo_err *e)
{
	char record[32];
	bool doubled;
	slot_facts_t f;
	mo_op op;
	int rc;
	slot_facts(s, false, &f);
	if ((rc = mo_op_begin(s->p, &op, actor, "appointment.book", f.v, f.n,
			      e)))
		return rc;
	if ((rc = check_book(s, actor, in->room, in->double_book, &doubled,
			     e)) ||
	    (rc = insert_appt(s, actor, in, doubled, id, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "appointment:%lld", (long long)*id);
	return mo_op_commit(&op, record, e);
}

int mo_sched_book(mo_practice *p, const char *actor, const mo_appt_new *in,
		  int64_t *id, mo_err *e)
{
	slot s = {.p = p, .c = mo_practice_config(p), .exclude = -1};
	int64_t aid = 0;
	int rc;
	if (in->note && mo_utf8_chars(in->note) > 500)
		return mo_err_set(e, MO_EINVAL, "note: at most 500 characters");
	s.patient = in->patient;
	s.start_us = in->start_us;
	if ((rc = resolve(&s, in->provider, in->location, in->visit_type, e)) ||
	    (rc = active_patient(p, in->patient, e)) ||
	    (rc = check_slot(&s, e)) ||
	    (rc = book_checked(&s, actor, in, &aid, e)))
		return rc;
	if (id)
		*id = aid;
	return 0;
}

/* ---- importing ---- */

/* One appointment of an import, inside the chunk's operation: every check
 * of a booking, then the rules (a denial refuses through the operation,
 * so that it is logged), then the row. */
static int import_one(mo_op *op, const mo_appt_new *in, size_t index,
		      int64_t *id, mo_err *e)
{
	slot s = {.p = op->p, .c = mo_practice_config(op->p), .exclude = -1,
		  .patient = in->patient, .start_us = in->start_us};
	slot_facts_t f;
	mo_decision d;
	bool doubled;
	int rc;
	if (in->note && mo_utf8_chars(in->note) > 500)
		return mo_err_set(e, MO_EINVAL, "note: at most 500 characters");
	if ((rc = resolve(&s, in->provider, in->location, in->visit_type, e)) ||
	    (rc = active_patient(op->p, in->patient, e)) ||
	    (rc = check_slot(&s, e)))
		return rc;
	slot_facts(&s, false, &f);
	if ((rc = mo_practice_decide(op->p, op->actor, "appointment.book", f.v,
				     f.n, &d, e)))
		return rc;
	if (d.verdict == MO_VERDICT_DENY)
		return mo_op_refuse(op, d.rule, e, "appointment %zu of the "
				    "import: %s", index + 1, d.reason);
	if ((rc = check_book(&s, op->actor, in->room, in->double_book,
			     &doubled, e)))
		return rc;
	return insert_appt(&s, op->actor, in, doubled, id, e);
}

/* "12,13,14": the ids, for the chunk's audit entry; caller frees. */
static char *id_text(const int64_t *ids, size_t n)
{
	char *s = malloc(n * 21 + 1), *w = s;
	if (!s)
		return NULL;
	*w = '\0';
	for (size_t i = 0; i < n; i++)
		w += sprintf(w, "%s%lld", i ? "," : "", (long long)ids[i]);
	return s;
}

static int import_chunk(mo_practice *p, const char *actor,
			const mo_appt_new *in, size_t n, size_t first,
			int64_t *ids, size_t *failed, mo_err *e)
{
	mo_fact facts[] = {{"count", MO_FACT_INT, NULL, (int64_t)n},
			   {"ids", MO_FACT_STR, NULL, 0}};
	char record[64], *text;
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "appointment.import", facts, 1, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (!(rc = import_one(&op, &in[i], first + i, &ids[i], e)))
			continue;
		*failed = first + i;
		if (rc != MO_EDENIED) { /* a refusal rolled back already */
			mo_err_prefix(e, "appointment %zu of the import: ",
				      first + i + 1);
			mo_op_abort(&op);
		}
		return rc;
	}
	if (!(text = id_text(ids, n))) {
		mo_op_abort(&op);
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	}
	facts[1].s = text;
	op.nfacts = 2; /* the audit entry names the ids */
	snprintf(record, sizeof record, "appointment:%lld-%lld",
		 (long long)ids[0], (long long)ids[n - 1]);
	rc = mo_op_commit(&op, record, e);
	free(text);
	return rc;
}

int mo_sched_import(mo_practice *p, const char *actor, const mo_appt_new *in,
		    size_t n, int64_t *ids, size_t *failed, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t *v = ids ? ids : calloc(n ? n : 1, sizeof *v);
	size_t bad = 0;
	int rc;
	if (!v)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = mo_db_begin(db, e))) /* the whole import, or nothing */
		goto out;
	for (size_t at = 0; !rc && at < n; at += MO_SCHED_IMPORT_CHUNK) {
		size_t k = n - at < MO_SCHED_IMPORT_CHUNK ? n - at
							 : MO_SCHED_IMPORT_CHUNK;
		rc = import_chunk(p, actor, in + at, k, at, v + at, &bad, e);
	}
	if (rc || (rc = mo_db_commit(db, e)))
		mo_db_rollback(db);
	if (rc && failed)
		*failed = bad;
out:
	if (v != ids)
		free(v);
	return rc;
}

/* ---- reading one appointment ---- */

static void read_appt(sqlite3_stmt *st, mo_appt *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(st, 0);
	a->patient = sqlite3_column_int64(st, 1);
	a->provider = mo_db_text(st, 2);
	a->location = mo_db_text(st, 3);
	a->room = mo_db_text(st, 4);
	a->visit_type = mo_db_text(st, 5);
	a->status = mo_db_text(st, 6);
	a->start_us = sqlite3_column_int64(st, 7);
	a->end_us = sqlite3_column_int64(st, 8);
	a->reason = mo_db_text(st, 9);
	a->note = mo_db_text(st, 10);
	a->double_booked = sqlite3_column_int(st, 11) != 0;
	a->needs_call = sqlite3_column_int(st, 12) != 0;
	if (sqlite3_column_count(st) > 13) {
		a->patient_name = mo_db_text(st, 13);
		a->phone = mo_db_text(st, 14);
	}
}

/* The row of appointment id, copied: status (16), provider, location. */
typedef struct appt_row {
	int64_t patient, start_us, end_us;
	char status[16], provider[65], location[65], visit_type[65];
} appt_row;

static int load_row(mo_db *db, int64_t id, appt_row *r, mo_err *e)
{
	sqlite3_stmt *st;
	mo_appt a;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_appt(st, &a);
		*r = (appt_row){a.patient, a.start_us, a.end_us, "", "", "",
				""};
		snprintf(r->status, sizeof r->status, "%s", a.status);
		snprintf(r->provider, sizeof r->provider, "%s", a.provider);
		snprintf(r->location, sizeof r->location, "%s", a.location);
		snprintf(r->visit_type, sizeof r->visit_type, "%s",
			 a.visit_type);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no "
						    "appointment %lld",
						    (long long)id)
			: mo_db_fail(db, "appointment", e);
	}
	sqlite3_reset(st);
	return rc;
}

/* ---- moving ---- */

static int update_move(slot *s, bool doubled, mo_err *e)
{
	mo_db *db = mo_practice_db(s->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_MOVE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, s->prov->staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->room, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->start_us);
	sqlite3_bind_int64(st, 4, s->end_us);
	sqlite3_bind_int(st, 5, doubled);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_int64(st, 7, s->exclude);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment",
							       e);
	sqlite3_reset(st);
	return rc;
}

static bool open_status(const char *status)
{
	return strcmp(status, "booked") == 0;
}

int mo_sched_move(mo_practice *p, const char *actor, int64_t id,
		  int64_t start_us, const char *provider, mo_err *e)
{
	slot s = {.p = p, .c = mo_practice_config(p), .exclude = id};
	char record[32];
	bool doubled;
	appt_row r;
	slot_facts_t f;
	mo_op op;
	int rc = load_row(mo_practice_db(p), id, &r, e);
	if (rc)
		return rc;
	if (!open_status(r.status))
		return mo_err_set(e, MO_EINVAL, "appointment %lld is %s; only a "
				  "booked appointment moves", (long long)id,
				  r.status);
	s.patient = r.patient;
	s.start_us = start_us;
	if ((rc = resolve(&s, provider ? provider : r.provider, r.location,
			  r.visit_type, e)) ||
	    (rc = check_slot(&s, e)))
		return rc;
	slot_facts(&s, false, &f);
	if ((rc = mo_op_begin(p, &op, actor, "appointment.reschedule", f.v, f.n,
			      e)))
		return rc;
	if ((rc = check_book(&s, actor, NULL, false, &doubled, e)) ||
	    (rc = update_move(&s, doubled, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "appointment:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

/* ---- status ---- */

static int rank_of(const char *status)
{
	static const char *const order[] = {"booked", "arrived", "roomed",
					    "seen", "checked_out", NULL};
	for (int i = 0; order[i]; i++)
		if (strcmp(order[i], status) == 0)
			return i;
	return -1;
}

/* Why the change from row r to status is not allowed, or NULL. */
static const char *bad_change(const appt_row *r, const char *status,
			      char *why, size_t size)
{
	int from = rank_of(r->status), to = rank_of(status);
	if (strcmp(status, "no_show") == 0) {
		if (from != 0)
			snprintf(why, size, "the appointment is %s", r->status);
		else if (mo_clock_now_us() < r->start_us)
			snprintf(why, size, "it has not started yet");
		else
			return NULL;
		return why;
	}
	if (to < 1)
		snprintf(why, size, "expected arrived, roomed, seen, "
			 "checked_out or no_show (cancel takes a reason)");
	else if (from < 0)
		snprintf(why, size, "the appointment is %s", r->status);
	else if (to <= from)
		snprintf(why, size, "the appointment is already %s", r->status);
	else
		return NULL;
	return why;
}

static int set_status(mo_practice *p, int64_t id, const char *status,
		      const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_SET_STATUS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_int64(st, 4, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment",
							       e);
	sqlite3_reset(st);
	return rc;
}

/* One status change as the operation action. */
static int change(mo_practice *p, const char *actor, int64_t id,
		  const char *action, const char *status, const char *reason,
		  mo_err *e)
{
	mo_fact facts[] = {{"appointment", MO_FACT_INT, NULL, id},
			   {"status", MO_FACT_STR, status, 0},
			   {"reason", MO_FACT_STR, reason, 0}};
	char record[32];
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, action, facts, 3, e);
	if (rc)
		return rc;
	if ((rc = set_status(p, id, status, reason, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "appointment:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

int mo_sched_status(mo_practice *p, const char *actor, int64_t id,
		    const char *status, mo_err *e)
{
	char why[128];
	appt_row r;
	int rc = load_row(mo_practice_db(p), id, &r, e);
	if (rc)
		return rc;
	if (!status || bad_change(&r, status, why, sizeof why))
		return mo_err_set(e, MO_EINVAL, "appointment %lld: cannot mark "
				  "it %s: %s", (long long)id,
				  status ? status : "", status ? why : "no status");
	return change(p, actor, id, strcmp(status, "no_show") == 0
		      ? "appointment.no_show" : "appointment.check_in", status,
		      NULL, e);
}

int mo_sched_cancel(mo_practice *p, const char *actor, int64_t id,
		    const char *reason, mo_err *e)
{
	appt_row r;
	int rc;
	if (!reason || !reason[0] || mo_utf8_chars(reason) > 200)
		return mo_err_set(e, MO_EINVAL, "cancel: a reason of 1 to 200 "
				  "characters is required");
	if ((rc = load_row(mo_practice_db(p), id, &r, e)))
		return rc;
	if (!open_status(r.status))
		return mo_err_set(e, MO_EINVAL, "appointment %lld is %s; only a "
				  "booked appointment is cancelled",
				  (long long)id, r.status);
	return change(p, actor, id, "appointment.cancel", "cancelled", reason,
		      e);
}

/* ---- reads ---- */

#define LIST_COLS "a.id, a.patient, a.provider, a.location, a.room, " \
	"a.visit_type, a.status, a.start_us, a.end_us, a.reason, a.note, " \
	"a.double_booked, a.needs_call, p.family || ', ' || p.given, " \
	"coalesce(p.phone_mobile, p.phone_home, p.phone_work)"
#define LIST_FROM " FROM appointment a JOIN patient p ON p.id = a.patient "

static const char SQL_DAY_PROVIDER[] = "SELECT " LIST_COLS LIST_FROM
	"WHERE a.provider = ?1 AND a.start_us >= ?2 AND a.start_us < ?3 "
	"AND (?4 OR a.status <> 'cancelled') ORDER BY a.start_us, a.id";
static const char SQL_DAY_LOCATION[] = "SELECT " LIST_COLS LIST_FROM
	"WHERE a.location = ?1 AND a.start_us >= ?2 AND a.start_us < ?3 "
	"AND (?4 OR a.status <> 'cancelled') ORDER BY a.start_us, a.id";
/* (?1 and ?4 are bound for every list; these two do not use them.) */
static const char SQL_REMINDERS[] = "SELECT " LIST_COLS LIST_FROM
	"WHERE a.start_us >= ?2 AND a.start_us < ?3 AND a.status = 'booked' "
	"ORDER BY a.start_us, a.id";
static const char SQL_RESCHEDULE[] = "SELECT " LIST_COLS LIST_FROM
	"WHERE a.needs_call = 1 AND a.status = 'booked' AND a.start_us >= ?2 "
	"AND a.start_us < ?3 ORDER BY a.start_us, a.id";

static int each_appt(mo_db *db, sqlite3_stmt *st, mo_appt_cb cb, void *ud,
		     mo_err *e)
{
	int rc, stop = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_appt a;
		read_appt(st, &a);
		if ((stop = cb(ud, &a)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment",
							       e);
	sqlite3_reset(st);
	return rc;
}

/* An audited read: one operation "appointment.read" around fn. */
static int audited_read(mo_practice *p, const char *actor, const char *what,
			const char *record, int (*fn)(void *ctx, mo_err *e),
			void *ctx, mo_err *e)
{
	mo_fact facts[] = {{"read", MO_FACT_STR, what, 0}};
	return mo_op_read(p, actor, "appointment.read", facts, 1, record, fn,
			  ctx, e);
}

typedef struct get_ctx {
	mo_practice *p;
	int64_t id;
	mo_appt_cb cb;
	void *ud;
} get_ctx;

static int get_fn(void *ud, mo_err *e)
{
	get_ctx *g = ud;
	mo_db *db = mo_practice_db(g->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, g->id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		mo_appt a;
		read_appt(st, &a);
		rc = g->cb(g->ud, &a);
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no "
						    "appointment %lld",
						    (long long)g->id)
			: mo_db_fail(db, "appointment", e);
	}
	sqlite3_reset(st);
	return rc;
}

int mo_sched_get(mo_practice *p, const char *actor, int64_t id,
		 mo_appt_cb cb, void *ud, mo_err *e)
{
	get_ctx g = {p, id, cb, ud};
	char record[32], what[48];
	snprintf(record, sizeof record, "appointment:%lld", (long long)id);
	snprintf(what, sizeof what, "appointment %lld", (long long)id);
	return audited_read(p, actor, what, record, get_fn, &g, e);
}

typedef struct list_ctx {
	mo_practice *p;
	const char *sql, *key;
	int64_t from, to;
	bool flag;
	mo_appt_cb cb;
	void *ud;
} list_ctx;

static int list_fn(void *ud, mo_err *e)
{
	list_ctx *l = ud;
	mo_db *db = mo_practice_db(l->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, l->sql, &st, e);
	if (rc)
		return rc;
	if (l->key)
		sqlite3_bind_text(st, 1, l->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, l->from);
	sqlite3_bind_int64(st, 3, l->to);
	sqlite3_bind_int(st, 4, l->flag);
	return each_appt(db, st, l->cb, l->ud, e);
}

/* The UTC bounds of local day in the practice's zone. */
static int day_bounds(const mo_config *c, int32_t day, int64_t *from,
		      int64_t *to, mo_err *e)
{
	return mo_tz_day_bounds(c->timezone, day, day, from, to, e);
}

int mo_sched_day(mo_practice *p, const char *actor, const char *provider,
		 const char *location, int32_t day, bool all, mo_appt_cb cb,
		 void *ud, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	list_ctx l = {p, provider ? SQL_DAY_PROVIDER : SQL_DAY_LOCATION,
		      provider ? provider : location, 0, 0, all, cb, ud};
	char what[160], d[11];
	int rc;
	if (!provider == !location)
		return mo_err_set(e, MO_EINVAL, "schedule: give a provider or "
				  "a location");
	if (provider && !mo_config_provider(c, provider))
		return unknown(e, "provider", provider);
	if (location && !mo_config_location(c, location))
		return unknown(e, "location", location);
	if ((rc = day_bounds(c, day, &l.from, &l.to, e)))
		return rc;
	snprintf(what, sizeof what, "schedule of %s on %s", l.key,
		 mo_date_format(day, d));
	return audited_read(p, actor, what, "schedule", list_fn, &l, e);
}

int mo_sched_list(mo_practice *p, const char *actor, const char *which,
		  int32_t day, mo_appt_cb cb, void *ud, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	list_ctx l = {p, NULL, NULL, 0, 0, true, cb, ud};
	char what[64], d[11];
	int rc;
	if (!which || (strcmp(which, "reminders") && strcmp(which,
							     "reschedule")))
		return mo_err_set(e, MO_EINVAL, "list: expected reminders or "
				  "reschedule, got \"%s\"", which ? which : "");
	l.sql = which[0] == 'r' && which[2] == 'm' ? SQL_REMINDERS
						   : SQL_RESCHEDULE;
	if ((rc = day_bounds(c, day, &l.from, &l.to, e)))
		return rc;
	if (l.sql == SQL_RESCHEDULE) /* flagged from day on, a year ahead */
		l.to = l.from + 366LL * 86400 * 1000000;
	snprintf(what, sizeof what, "%s list for %s", which,
		 mo_date_format(day, d));
	return audited_read(p, actor, what, which, list_fn, &l, e);
}

/* ---- finding time ----
 * A day is loaded once for every provider and room (a "day book": one
 * query for the day's appointments, one for time out, blocks only for the
 * providers who have any), then each provider's sessions are walked in
 * steps, and the free starts go to the rules in time order. */

typedef struct ivl {
	int64_t start_us, end_us;
	int loc; /* a location index it applies to, or -1 for every one */
} ivl;

typedef struct ivls {
	ivl *v;
	size_t n, cap;
} ivls;

static int ivls_add(ivls *l, int64_t a, int64_t b, int loc)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		ivl *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return MO_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (ivl){a, b, loc};
	return 0;
}

/* Whether something in l that applies at location loc overlaps [a, b). */
static bool ivls_hit(const ivls *l, int64_t a, int64_t b, int loc)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].start_us < b && l->v[i].end_us > a &&
		    (l->v[i].loc < 0 || l->v[i].loc == loc))
			return true;
	return false;
}

static int collect_busy(void *ud, const busy_item *b)
{
	return ivls_add(ud, b->start_us, b->end_us, -1);
}

/* Extra hours of the loaded day that take the visit type searched. */
typedef struct extra {
	size_t prov;
	long loc;
	mo_span span; /* minutes */
} extra;

typedef struct daybook {
	int32_t day;      /* the day loaded */
	bool loaded;
	ivls *prov;       /* per provider: appointments, time out, blocks */
	ivls **room;      /* per location, per room: appointments */
	bool *at;         /* per location: its rooms are loaded */
	extra *extras;
	size_t nextras, cap;
} daybook;

/* A candidate slot of one day, before the rules. */
typedef struct cand {
	int64_t start_us;
	size_t prov;  /* index in c->providers */
	const mo_location *loc;
	int room;
	int32_t sec;
	double score; /* the rankers' sum, when the policies rank */
} cand;

typedef struct cands {
	cand *v;
	size_t n, cap;
} cands;

static int cands_add(cands *l, cand c)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		cand *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return MO_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = c;
	return 0;
}

typedef struct finder {
	mo_practice *p;
	const mo_config *c;
	const mo_slot_query *q;
	const mo_visit_type *vt;
	const char *actor;
	int64_t now, len_us;
	daybook book;
	ivls patient;
	cands found;
	int64_t *last_end; /* per provider: the end of its last offer */
	bool *blocked;     /* per provider: has blocks in the range */
	bool ranked;       /* the policies rank appointment.book slots */
	char usual[65];    /* the patient's usual provider, or "" */
	ivls offered;      /* what was offered (ranked order), loc = provider */
	size_t emitted, limit;
	mo_slot_cb cb;
	void *ud;
} finder;

static long index_of_provider(const mo_config *c, const char *id)
{
	for (size_t k = 0; id && k < c->nproviders; k++)
		if (strcmp(c->providers[k].staff, id) == 0)
			return (long)k;
	return -1;
}

static long index_of_location(const mo_config *c, const char *id)
{
	for (size_t l = 0; id && l < c->nlocations; l++)
		if (strcmp(c->locations[l].id, id) == 0)
			return (long)l;
	return -1;
}

static long index_of_room(const mo_location *loc, const char *id)
{
	for (size_t r = 0; id && r < loc->nrooms; r++)
		if (strcmp(loc->rooms[r].id, id) == 0)
			return (long)r;
	return -1;
}

static int book_new(daybook *b, const mo_config *c)
{
	memset(b, 0, sizeof *b);
	b->prov = calloc(c->nproviders + 1, sizeof *b->prov);
	b->room = calloc(c->nlocations + 1, sizeof *b->room);
	b->at = calloc(c->nlocations + 1, sizeof *b->at);
	if (!b->prov || !b->room || !b->at)
		return MO_ENOMEM;
	for (size_t l = 0; l < c->nlocations; l++)
		if (!(b->room[l] = calloc(c->locations[l].nrooms + 1,
					  sizeof **b->room)))
			return MO_ENOMEM;
	return 0;
}

static void book_free(daybook *b, const mo_config *c)
{
	for (size_t k = 0; b->prov && k < c->nproviders; k++)
		free(b->prov[k].v);
	for (size_t l = 0; b->room && l < c->nlocations; l++) {
		for (size_t r = 0; b->room[l] && r < c->locations[l].nrooms; r++)
			free(b->room[l][r].v);
		free(b->room[l]);
	}
	free(b->prov);
	free(b->room);
	free(b->at);
	free(b->extras);
}

static void book_clear(daybook *b, const mo_config *c)
{
	for (size_t k = 0; k < c->nproviders; k++)
		b->prov[k].n = 0;
	for (size_t l = 0; l < c->nlocations; l++)
		for (size_t r = 0; r < c->locations[l].nrooms; r++)
			b->room[l][r].n = 0;
}

/* A day's appointments: all of them, or (for a query that names the
 * provider) that provider's and, for the rooms, those at each location
 * where the provider may see the visit; a column a query does not need is
 * NULL, so book_row files the row under its provider or its room only. */
#define SQL_DAY(cols, where) "SELECT " cols ", start_us, end_us FROM " \
	"appointment WHERE " where "start_us > ?1 AND start_us < ?2 AND " \
	"end_us > ?3 AND " LIVE
static const char SQL_DAY_ALL[] = SQL_DAY("provider, location, room", "");
static const char SQL_DAY_PROV[] = SQL_DAY("provider, NULL, NULL",
					   "provider = ?4 AND ");
static const char SQL_DAY_LOC[] = SQL_DAY("NULL, location, room",
					  "location = ?4 AND ");
static const char SQL_OUT_ALL[] = "SELECT provider, start_us, end_us FROM "
	"provider_out WHERE cancelled_us IS NULL AND start_us < ?2 AND "
	"end_us > ?1";

/* One appointment row into its provider's and its room's lists. */
static int book_row(finder *f, sqlite3_stmt *st)
{
	long k = index_of_provider(f->c, mo_db_text(st, 0));
	long l = index_of_location(f->c, mo_db_text(st, 1));
	long r = l < 0 ? -1 : index_of_room(&f->c->locations[l],
					    mo_db_text(st, 2));
	int64_t a = sqlite3_column_int64(st, 3), b = sqlite3_column_int64(st, 4);
	int rc = k < 0 ? 0 : ivls_add(&f->book.prov[k], a, b, -1);
	if (!rc && r >= 0)
		rc = ivls_add(&f->book.room[l][r], a, b, -1);
	return rc;
}

/* Runs one of the SQL_DAY queries (key binds ?4) into the book. */
static int book_query(finder *f, const char *sql, const char *key,
		      int64_t a, int64_t b, mo_err *e)
{
	mo_db *db = mo_practice_db(f->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a - longest_visit(f->c));
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_int64(st, 3, a);
	if (key)
		sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (book_row(f, st))
			break;
	rc = rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW
		? mo_err_set(e, MO_ENOMEM, "out of memory")
		: mo_db_fail(db, "appointment", e);
	sqlite3_reset(st);
	return rc;
}

static int book_out(finder *f, int64_t a, int64_t b, mo_err *e)
{
	mo_db *db = mo_practice_db(f->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OUT_ALL, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a);
	sqlite3_bind_int64(st, 2, b);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long k = index_of_provider(f->c, mo_db_text(st, 0));
		if (k >= 0 && ivls_add(&f->book.prov[k],
				       sqlite3_column_int64(st, 1),
				       sqlite3_column_int64(st, 2), -1))
			break;
	}
	rc = rc == SQLITE_DONE ? 0 : rc == SQLITE_ROW
		? mo_err_set(e, MO_ENOMEM, "out of memory")
		: mo_db_fail(db, "out", e);
	sqlite3_reset(st);
	return rc;
}

typedef struct block_into {
	const mo_config *c;
	ivls *l;
} block_into;

static int book_block(void *ud, const mo_busy *b)
{
	block_into *x = ud;
	long loc = b->location ? index_of_location(x->c, b->location) : -1;
	return ivls_add(x->l, b->start_us, b->end_us, (int)loc);
}

/* The blocks of every provider, or only of provider only when >= 0. */
static int book_blocks(finder *f, long only, int64_t a, int64_t b,
		       mo_err *e)
{
	for (size_t k = 0; k < f->c->nproviders; k++) {
		block_into x = {f->c, &f->book.prov[k]};
		int rc;
		if (!f->blocked[k] || (only >= 0 && k != (size_t)only))
			continue;
		rc = mo_block_busy(f->p, f->c->providers[k].staff, NULL, a, b,
				   book_block, &x, e);
		if (rc)
			return rc == MO_ENOMEM ? mo_err_set(e, rc, "out of "
							    "memory") : rc;
	}
	return 0;
}

typedef struct extra_into {
	finder *f;
	int rc;
} extra_into;

static int book_extra(void *ud, const mo_hours *h)
{
	extra_into *x = ud;
	daybook *b = &x->f->book;
	long k = index_of_provider(x->f->c, h->provider);
	long l = index_of_location(x->f->c, h->location);
	if (k < 0 || l < 0 || !mo_hours_allow(h, x->f->vt->id))
		return 0;
	if (b->nextras == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		extra *v = realloc(b->extras, cap * sizeof *v);
		if (!v)
			return x->rc = MO_ENOMEM;
		b->extras = v;
		b->cap = cap;
	}
	b->extras[b->nextras++] = (extra){(size_t)k, l,
		{h->start_sec / 60, h->end_sec / 60}};
	return 0;
}

static int book_extras(finder *f, int32_t day, mo_err *e)
{
	extra_into x = {f, 0};
	int rc;
	f->book.nextras = 0;
	rc = mo_hours_on(f->p, day, NULL, book_extra, &x, e);
	return x.rc ? mo_err_set(e, x.rc, "out of memory") : rc;
}

/* The provider a query names (its index), or -1 for every provider. */
static long only_provider(const finder *f)
{
	return f->q->provider ? index_of_provider(f->c, f->q->provider) : -1;
}

/* Marks the locations whose rooms the search of day needs: every one, or
 * for a query that names provider k those where its hours or extra hours
 * (book_extras loaded them) that day take the visit type. */
static void mark_locations(finder *f, long k, int32_t day)
{
	const mo_provider *pv = k < 0 ? NULL : &f->c->providers[k];
	int wd = mo_sched_weekday(day);
	for (size_t l = 0; l < f->c->nlocations; l++)
		f->book.at[l] = !pv;
	for (size_t i = 0; pv && i < pv->navailability; i++) {
		long l = index_of_location(f->c, pv->availability[i].location);
		if (l >= 0 && pv->availability[i].hours[wd].n &&
		    entry_allows(&pv->availability[i], f->vt->id))
			f->book.at[l] = true;
	}
	for (size_t i = 0; pv && i < f->book.nextras; i++)
		if (f->book.extras[i].prov == (size_t)k)
			f->book.at[f->book.extras[i].loc] = true;
}

/* The appointments of the day the search needs (mark_locations). */
static int book_appointments(finder *f, long k, int64_t a, int64_t b,
			     mo_err *e)
{
	int rc;
	if (k < 0)
		return book_query(f, SQL_DAY_ALL, NULL, a, b, e);
	rc = book_query(f, SQL_DAY_PROV, f->c->providers[k].staff, a, b, e);
	for (size_t l = 0; !rc && l < f->c->nlocations; l++)
		if (f->book.at[l])
			rc = book_query(f, SQL_DAY_LOC, f->c->locations[l].id,
					a, b, e);
	return rc;
}

/* Loads day into the day book (unless it holds it already). */
static int load_book(finder *f, int32_t day, mo_err *e)
{
	long k = only_provider(f);
	int64_t a, b;
	int rc;
	if (f->book.loaded && f->book.day == day)
		return 0;
	book_clear(&f->book, f->c);
	f->book.loaded = false;
	if ((rc = day_bounds(f->c, day, &a, &b, e)) ||
	    (rc = book_extras(f, day, e)))
		return rc;
	mark_locations(f, k, day);
	if ((rc = book_appointments(f, k, a, b, e)) ||
	    (rc = book_out(f, a, b, e)) || (rc = book_blocks(f, k, a, b, e)))
		return rc;
	f->book.day = day;
	f->book.loaded = true;
	return 0;
}

static bool part_fits(mo_part part, int32_t sec)
{
	return part == MO_PART_ANY ||
	       (part == MO_PART_MORNING ? sec < 12 * 3600 : sec >= 12 * 3600);
}

/* The first free room at location l for the visit type, or -1. */
static int free_room(const finder *f, long l, int64_t a, int64_t b)
{
	const mo_location *loc = &f->c->locations[l];
	for (size_t i = 0; i < loc->nrooms; i++)
		if (mo_room_fits(&loc->rooms[i], f->vt) &&
		    !ivls_hit(&f->book.room[l][i], a, b, -1))
			return (int)i;
	return -1;
}

/* Adds the free starts of one span of provider k at location l on day,
 * every MO_SCHED_STEP_MIN minutes; the visit must end (in local time:
 * clock changes count) by the span's close. */
static int span_cands(finder *f, size_t k, long l, int32_t day,
		      const mo_span *sp)
{
	const mo_location *loc = &f->c->locations[l];
	int64_t midnight, next;
	/* A day without a clock change: local time is midnight + seconds. */
	bool plain = !day_bounds(f->c, day, &midnight, &next, NULL) &&
		     next - midnight == 86400LL * 1000000;
	for (int32_t sec = sp->open * 60; sec < sp->close * 60;
	     sec += MO_SCHED_STEP_MIN * 60) {
		int64_t a = midnight + (int64_t)sec * 1000000;
		int32_t end;
		int room, rc;
		if (!part_fits(f->q->part, sec) ||
		    (!plain && mo_tz_to_utc(f->c->timezone, day, sec,
					    MO_TZ_STRICT, &a, NULL)) ||
		    a < f->now)
			continue;
		end = plain ? sec + (int32_t)(f->len_us / 1000000)
			    : end_sec_of(f->c->timezone, day, a + f->len_us);
		if (end < 0 || end > sp->close * 60)
			break;
		if (ivls_hit(&f->book.prov[k], a, a + f->len_us, (int)l) ||
		    ivls_hit(&f->patient, a, a + f->len_us, -1) ||
		    (room = free_room(f, l, a, a + f->len_us)) < 0)
			continue;
		if ((rc = cands_add(&f->found, (cand){a, k, loc, room, sec, 0})))
			return rc;
	}
	return 0;
}

/* The provider's extra hours of the day that take the visit type. */
static int extra_day(finder *f, size_t k, int32_t day)
{
	for (size_t i = 0; i < f->book.nextras; i++) {
		const extra *x = &f->book.extras[i];
		int rc;
		if (x->prov != k || (f->q->location &&
				     strcmp(f->q->location,
					    f->c->locations[x->loc].id)))
			continue;
		if ((rc = span_cands(f, k, x->loc, day, &x->span)))
			return rc;
	}
	return 0;
}

static int provider_day(finder *f, size_t k, int32_t day, mo_err *e)
{
	const mo_provider *pv = &f->c->providers[k];
	int wd = mo_sched_weekday(day), rc;
	for (size_t i = 0; i < pv->navailability; i++) {
		const mo_day_hours *h = &pv->availability[i].hours[wd];
		long l = index_of_location(f->c, pv->availability[i].location);
		if (!h->n || l < 0 || (f->q->location &&
				       strcmp(f->q->location,
					      f->c->locations[l].id)) ||
		    !entry_allows(&pv->availability[i], f->vt->id))
			continue;
		for (int s = 0; s < h->n; s++)
			if ((rc = span_cands(f, k, l, day, &h->span[s])))
				return mo_err_set(e, rc, "out of memory");
	}
	if ((rc = extra_day(f, k, day)))
		return mo_err_set(e, rc, "out of memory");
	return 0;
}

static int by_time(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->start_us != b->start_us)
		return a->start_us < b->start_us ? -1 : 1;
	return a->prov < b->prov ? -1 : a->prov > b->prov;
}

/* The rules' facts of a candidate (and the patient's usual provider). */
static void cand_facts(const finder *f, const cand *cd, int32_t day,
		       slot_facts_t *fa)
{
	slot s = {.p = f->p, .c = f->c, .prov = &f->c->providers[cd->prov],
		  .loc = cd->loc, .vt = f->vt, .start_us = cd->start_us,
		  .end_us = cd->start_us + f->len_us, .exclude = -1,
		  .patient = f->q->patient, .day = day, .sec = cd->sec};
	slot_facts(&s, false, fa);
	if (f->usual[0])
		fa->v[fa->n++] = (mo_fact){"usual_provider", MO_FACT_STR,
					   f->usual, 0};
}

/* Whether the rules allow candidate cd: 1 yes, 0 no, or an error. */
static int allowed(finder *f, const cand *cd, int32_t day, mo_err *e)
{
	slot_facts_t fa;
	mo_decision d;
	int rc;
	cand_facts(f, cd, day, &fa);
	if ((rc = mo_practice_decide(f->p, f->actor, "appointment.book", fa.v,
				     fa.n, &d, e)))
		return rc;
	return d.verdict != MO_VERDICT_DENY;
}

/* Emits an allowed candidate unless it overlaps an offer of the same
 * provider. 1 stops (the limit is reached). */
static int emit(finder *f, const cand *cd, mo_err *e)
{
	int64_t end = cd->start_us + f->len_us;
	mo_slot out = {f->c->providers[cd->prov].staff, cd->loc->id,
		       cd->loc->rooms[cd->room].id, cd->start_us, end};
	int rc;
	for (size_t i = 0; i < f->offered.n; i++)
		if (f->offered.v[i].loc == (int)cd->prov &&
		    f->offered.v[i].start_us < end &&
		    f->offered.v[i].end_us > cd->start_us)
			return 0;
	if (ivls_add(&f->offered, cd->start_us, end, (int)cd->prov))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = f->cb(f->ud, &out)))
		return rc;
	return ++f->emitted >= f->limit ? 1 : 0;
}

/* Time order: the rules ask about each candidate in turn. */
static int offer_in_time(finder *f, int32_t day, mo_err *e)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < f->found.n; i++) {
		const cand *cd = &f->found.v[i];
		if (cd->start_us < f->last_end[cd->prov])
			continue;
		if ((rc = allowed(f, cd, day, e)) == 1 &&
		    (rc = emit(f, cd, e)) == 0)
			f->last_end[cd->prov] = cd->start_us + f->len_us;
	}
	return rc;
}

static int by_score(const void *x, const void *y)
{
	const cand *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->start_us != b->start_us)
		return a->start_us < b->start_us ? -1 : 1;
	return a->prov < b->prov ? -1 : a->prov > b->prov;
}

/* Ranked: the allowed candidates of the day, best score first. */
static int offer_ranked(finder *f, int32_t day, mo_err *e)
{
	size_t kept = 0;
	int rc = 0;
	for (size_t i = 0; !rc && i < f->found.n; i++) {
		cand *cd = &f->found.v[i];
		slot_facts_t fa;
		if ((rc = allowed(f, cd, day, e)) != 1)
			continue;
		cand_facts(f, cd, day, &fa);
		rc = mo_practice_score(f->p, "appointment.book", fa.v, fa.n,
				       &cd->score, e);
		if (rc == MO_ENOTFOUND)
			rc = 0;
		f->found.v[kept++] = *cd;
	}
	if (rc < 0)
		return rc;
	if (kept > 1)
		qsort(f->found.v, kept, sizeof *f->found.v, by_score);
	for (size_t i = 0; !rc && i < kept; i++)
		rc = emit(f, &f->found.v[i], e);
	return rc;
}

static int search_day(finder *f, int32_t day, mo_err *e)
{
	int rc = 0;
	f->found.n = 0;
	if (mo_sched_holiday(f->c, day) || (rc = load_book(f, day, e)))
		return rc;
	for (size_t k = 0; !rc && k < f->c->nproviders; k++) {
		const mo_provider *pv = &f->c->providers[k];
		if ((f->q->provider && strcmp(f->q->provider, pv->staff)) ||
		    !sees(pv, f->vt->id))
			continue;
		rc = provider_day(f, k, day, e);
	}
	if (rc)
		return rc;
	if (f->found.n > 1) /* qsort must not get NULL */
		qsort(f->found.v, f->found.n, sizeof *f->found.v, by_time);
	return f->ranked ? offer_ranked(f, day, e) : offer_in_time(f, day, e);
}

static int check_query(const mo_config *c, const mo_slot_query *q,
		       mo_err *e)
{
	if (!q->visit_type || !mo_config_visit_type(c, q->visit_type))
		return unknown(e, "visit type", q->visit_type);
	if (q->provider && !mo_config_provider(c, q->provider))
		return unknown(e, "provider", q->provider);
	if (q->location && !mo_config_location(c, q->location))
		return unknown(e, "location", q->location);
	if (q->to_day < q->from_day || q->to_day - q->from_day > 366)
		return mo_err_set(e, MO_EINVAL, "find: expected a range of 1 to "
				  "367 days, the first not after the last");
	return 0;
}

/* The patient's appointments in the range, so that slots avoid them. */
static int load_patient(finder *f, mo_err *e)
{
	int64_t a, b, unused;
	int rc;
	if (!f->q->patient)
		return 0;
	if ((rc = day_bounds(f->c, f->q->from_day, &a, &unused, e)) ||
	    (rc = day_bounds(f->c, f->q->to_day, &unused, &b, e)))
		return rc;
	rc = query_busy(f->p, SQL_PATIENT_BUSY, NULL, f->q->patient, a, b, -1,
			"%s", collect_busy, &f->patient, e);
	return rc == MO_ENOMEM ? mo_err_set(e, rc, "out of memory") : rc;
}

static const char SQL_BLOCKED[] = "SELECT DISTINCT provider FROM block "
	"WHERE cancelled_us IS NULL AND last_day >= ?1 AND first_day <= ?2";

/* Which providers have blocks touching the range (one query, so that the
 * others' days are loaded without asking for blocks). */
static int load_blocked(finder *f, mo_err *e)
{
	mo_db *db = mo_practice_db(f->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_BLOCKED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, f->q->from_day - 1);
	sqlite3_bind_int(st, 2, f->q->to_day + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long k = index_of_provider(f->c, mo_db_text(st, 0));
		if (k >= 0)
			f->blocked[k] = true;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "block", e);
	sqlite3_reset(st);
	return rc;
}

static const char SQL_USUAL[] = "SELECT provider FROM appointment WHERE "
	"patient = ? AND status IN ('seen', 'checked_out', 'roomed', "
	"'arrived', 'booked') ORDER BY start_us DESC LIMIT 1";

/* Whether the policies rank slots, and the patient's usual provider (of
 * their latest visit), a fact for the rankers. */
static int load_ranking(finder *f, mo_err *e)
{
	mo_db *db = mo_practice_db(f->p);
	sqlite3_stmt *st;
	double score;
	int rc = mo_practice_score(f->p, "appointment.book", NULL, 0, &score,
				   e);
	f->ranked = rc == 0;
	if (rc && rc != MO_ENOTFOUND)
		return rc;
	if (!f->q->patient || (rc = mo_db_stmt(db, SQL_USUAL, &st, e)))
		return f->q->patient ? rc : 0;
	sqlite3_bind_int64(st, 1, f->q->patient);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(f->usual, sizeof f->usual, "%s", mo_db_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "appointment", e);
	sqlite3_reset(st);
	return rc;
}

static int finder_alloc(finder *f, mo_err *e)
{
	size_t n = f->c->nproviders + 1;
	if (!(f->last_end = calloc(n, sizeof *f->last_end)) ||
	    !(f->blocked = calloc(n, sizeof *f->blocked)) ||
	    book_new(&f->book, f->c))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	return 0;
}

static void finder_free(finder *f)
{
	book_free(&f->book, f->c);
	free(f->patient.v);
	free(f->found.v);
	free(f->last_end);
	free(f->blocked);
	free(f->offered.v);
}

int mo_sched_find(mo_practice *p, const char *actor, const mo_slot_query *q,
		  mo_slot_cb cb, void *ud, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	finder f = {.p = p, .c = c, .q = q, .actor = actor,
		    .now = mo_clock_now_us(), .limit = q->limit ? q->limit : 50,
		    .cb = cb, .ud = ud};
	int rc = check_query(c, q, e);
	if (rc)
		return rc;
	f.vt = mo_config_visit_type(c, q->visit_type);
	f.len_us = f.vt->duration * 1000000;
	rc = finder_alloc(&f, e);
	if (!rc)
		rc = load_patient(&f, e);
	if (!rc)
		rc = load_blocked(&f, e);
	if (!rc)
		rc = load_ranking(&f, e);
	for (int32_t day = q->from_day; !rc && day <= q->to_day; day++)
		rc = search_day(&f, day, e);
	finder_free(&f);
	return rc == 1 ? 0 : rc;
}

/* ---- a provider out, and coverage ---- */

static const char SQL_AFFECTED[] = "SELECT id FROM appointment WHERE "
	"provider = ?1 AND " RECENT "start_us < ?3 AND end_us > ?2 AND "
	"status = 'booked' "
	"ORDER BY start_us, id";
static const char SQL_OUT_INSERT[] = "INSERT INTO provider_out(provider, "
	"start_us, end_us, reason, covering, created_us, created_by) "
	"VALUES(?, ?, ?, ?, ?, ?, ?)";
static const char SQL_FLAG[] = "UPDATE appointment SET needs_call = 1, "
	"updated_us = ? WHERE id = ?";

typedef struct id_list {
	int64_t *v;
	size_t n, cap;
} id_list;

static int affected_ids(mo_practice *p, const char *provider, int64_t a,
			int64_t b, id_list *l, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_AFFECTED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, a);
	sqlite3_bind_int64(st, 3, b);
	sqlite3_bind_int64(st, 5, a - longest_visit(c));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			int64_t *v = realloc(l->v, cap * sizeof *v);
			if (!v) {
				sqlite3_reset(st);
				return mo_err_set(e, MO_ENOMEM, "out of memory");
			}
			l->v = v;
			l->cap = cap;
		}
		l->v[l->n++] = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment", e);
	sqlite3_reset(st);
	return rc;
}

/* Refusals that mean "this one cannot": the others are failures. */
static bool refusal(int rc)
{
	return rc == MO_EINVAL || rc == MO_EEXIST || rc == MO_EDENIED;
}

/* Whether covering can take appointment id at its time: every check of a
 * booking, nothing written. 1 yes (s filled), 0 no, or an error. */
static int can_take(mo_practice *p, const char *actor, int64_t id,
		    const char *covering, slot *s, mo_err *e)
{
	mo_err quiet;
	bool doubled;
	appt_row r;
	int rc = load_row(mo_practice_db(p), id, &r, e);
	if (rc)
		return rc;
	*s = (slot){.p = p, .c = mo_practice_config(p), .exclude = id,
		    .patient = r.patient, .start_us = r.start_us};
	rc = resolve(s, covering, r.location, r.visit_type, &quiet);
	if (!rc)
		rc = check_slot(s, &quiet);
	if (!rc)
		rc = check_book(s, actor, NULL, false, &doubled, &quiet);
	if (rc && !refusal(rc))
		*e = quiet;
	return rc == 0 ? 1 : refusal(rc) ? 0 : rc;
}

static int count_takeable(mo_practice *p, const char *actor,
			  const id_list *ids, const char *covering, size_t *n,
			  mo_err *e)
{
	slot s;
	*n = 0;
	for (size_t i = 0; i < ids->n; i++) {
		int rc = can_take(p, actor, ids->v[i], covering, &s, e);
		if (rc < 0)
			return rc;
		*n += (size_t)rc;
	}
	return 0;
}

/* Whether the rules let covering cover for provider. */
static int cover_allowed(mo_practice *p, const char *actor,
			 const char *provider, const char *covering,
			 int64_t a, int64_t b, size_t affected, bool *yes,
			 mo_err *e)
{
	mo_fact facts[] = {
		{"provider", MO_FACT_STR, provider, 0},
		{"covering", MO_FACT_STR, covering, 0},
		{"start", MO_FACT_TIME, NULL, a},
		{"end", MO_FACT_TIME, NULL, b},
		{"affected", MO_FACT_INT, NULL, (int64_t)affected},
	};
	mo_decision d;
	int rc = mo_practice_decide(p, actor, "provider.cover", facts, 5, &d,
				    e);
	*yes = !rc && d.verdict != MO_VERDICT_DENY;
	return rc;
}

static int propose_among(mo_practice *p, const char *actor,
			 const char *provider, int64_t a, int64_t b,
			 const id_list *ids, char covering[65], mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	size_t best = 0;
	covering[0] = '\0';
	for (size_t k = 0; k < c->nproviders; k++) {
		const char *who = c->providers[k].staff;
		size_t n;
		bool ok;
		int rc;
		if (!strcmp(who, provider))
			continue;
		if ((rc = cover_allowed(p, actor, provider, who, a, b, ids->n,
					&ok, e)))
			return rc;
		if (!ok)
			continue;
		if ((rc = count_takeable(p, actor, ids, who, &n, e)))
			return rc;
		if (n > best) {
			best = n;
			snprintf(covering, 65, "%s", who);
		}
	}
	return 0;
}

int mo_sched_propose(mo_practice *p, const char *actor, const char *provider,
		     int64_t start_us, int64_t end_us, char covering[65],
		     mo_err *e)
{
	id_list ids = {0};
	int rc;
	covering[0] = '\0';
	if (!provider || !mo_config_provider(mo_practice_config(p), provider))
		return unknown(e, "provider", provider);
	rc = affected_ids(p, provider, start_us, end_us, &ids,
			  e);
	if (!rc)
		rc = propose_among(p, actor, provider, start_us, end_us, &ids,
				   covering, e);
	free(ids.v);
	return rc;
}

static int check_out(const mo_config *c, const mo_out_new *in, mo_err *e)
{
	if (!in->provider || !mo_config_provider(c, in->provider))
		return unknown(e, "provider", in->provider);
	if (in->covering && (!mo_config_provider(c, in->covering) ||
			     !strcmp(in->covering, in->provider)))
		return mo_err_set(e, MO_EINVAL, "covering: expected another "
				  "provider than %s, got \"%s\"", in->provider,
				  in->covering);
	if (in->end_us <= in->start_us ||
	    in->end_us - in->start_us > 31LL * 86400 * 1000000)
		return mo_err_set(e, MO_EINVAL, "out: the end must come after "
				  "the start, at most 31 days later");
	if (!in->reason || !in->reason[0] || mo_utf8_chars(in->reason) > 200)
		return mo_err_set(e, MO_EINVAL, "out: a reason of 1 to 200 "
				  "characters is required");
	return 0;
}

static int insert_out(mo_practice *p, const char *actor,
		      const mo_out_new *in, const char *covering, int64_t *id,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OUT_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->provider, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, in->start_us);
	sqlite3_bind_int64(st, 3, in->end_us);
	sqlite3_bind_text(st, 4, in->reason, -1, SQLITE_STATIC);
	if (covering[0])
		sqlite3_bind_text(st, 5, covering, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "out", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int flag(mo_db *db, int64_t id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_FLAG, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "appointment",
							       e);
	sqlite3_reset(st);
	return rc;
}

/* Moves each affected appointment to the covering provider, or flags it. */
static int handle_affected(mo_practice *p, const char *actor,
			   const mo_out_new *in, const id_list *ids,
			   mo_out_result *res, mo_err *e)
{
	for (size_t i = 0; i < ids->n; i++) {
		slot s;
		int rc = 0;
		if (res->covering[0] && !in->flag_only)
			rc = can_take(p, actor, ids->v[i], res->covering, &s, e);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			if ((rc = update_move(&s, false, e)))
				return rc;
			res->moved++;
			continue;
		}
		if ((rc = flag(mo_practice_db(p), ids->v[i], e)))
			return rc;
		res->flagged++;
	}
	return 0;
}

/* The covering provider: the one given, else the proposed one (unless
 * every appointment is only flagged). */
static int choose_covering(mo_practice *p, const char *actor,
			   const mo_out_new *in, const id_list *ids,
			   mo_out_result *res, mo_err *e)
{
	if (in->covering) {
		snprintf(res->covering, sizeof res->covering, "%s",
			 in->covering);
		return 0;
	}
	if (in->flag_only)
		return 0;
	return propose_among(p, actor, in->provider, in->start_us, in->end_us,
			     ids, res->covering, e);
}

static int out_op(mo_practice *p, const char *actor, const mo_out_new *in,
		  id_list *ids, mo_out_result *res, mo_err *e)
{
	char record[48];
	mo_fact facts[] = {
		{"provider", MO_FACT_STR, in->provider, 0},
		{"covering", MO_FACT_STR, in->covering, 0},
		{"start", MO_FACT_TIME, NULL, in->start_us},
		{"end", MO_FACT_TIME, NULL, in->end_us},
		{"reason", MO_FACT_STR, in->reason, 0},
	};
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "provider.out", facts, 5, e);
	if (rc)
		return rc;
	rc = affected_ids(p, in->provider, in->start_us,
			  in->end_us, ids, e);
	res->affected = ids->n;
	if (!rc)
		rc = choose_covering(p, actor, in, ids, res, e);
	if (!rc)
		rc = insert_out(p, actor, in, res->covering, &res->id, e);
	if (!rc)
		rc = handle_affected(p, actor, in, ids, res, e);
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "provider_out:%lld", (long long)res->id);
	return mo_op_commit(&op, record, e);
}

static int report(mo_practice *p, const id_list *ids, mo_appt_cb cb,
		  void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc = 0;
	for (size_t i = 0; cb && !rc && i < ids->n; i++) {
		sqlite3_stmt *st;
		if ((rc = mo_db_stmt(db, SQL_GET, &st, e)))
			break;
		sqlite3_bind_int64(st, 1, ids->v[i]);
		rc = each_appt(db, st, cb, ud, e);
	}
	return rc;
}

int mo_sched_out(mo_practice *p, const char *actor, const mo_out_new *in,
		 mo_out_result *res, mo_appt_cb cb, void *ud, mo_err *e)
{
	id_list ids = {0};
	int rc = check_out(mo_practice_config(p), in, e);
	memset(res, 0, sizeof *res);
	if (!rc)
		rc = out_op(p, actor, in, &ids, res, e);
	if (!rc)
		rc = report(p, &ids, cb, ud, e);
	free(ids.v);
	return rc;
}
