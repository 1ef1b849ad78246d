/* shift.c: staff shifts and the staffing gaps report (see shift.h). It
 * uses practice.h, sched.h (weekday), tz.h, units.h and SQLite through
 * db.h. */
#include "shift.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "hours.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

static const char SQL_OVERLAP[] = "SELECT id FROM shift WHERE staff = ? AND "
	"day = ? AND start_sec < ? AND end_sec > ? LIMIT 1";
static const char SQL_INSERT[] = "INSERT INTO shift(staff, location, day, "
	"start_sec, end_sec, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?)";
static const char SQL_LIST[] = "SELECT id, staff, location, day, start_sec, "
	"end_sec FROM shift WHERE day = ?1 AND (?2 IS NULL OR location = ?2) "
	"ORDER BY start_sec, staff";
static const char SQL_OUT[] = "SELECT 1 FROM provider_out WHERE provider = ? "
	"AND cancelled_us IS NULL AND start_us < ? AND end_us > ? LIMIT 1";

static int check_new(const mo_config *c, const char *staff,
		     const char *location, int32_t start, int32_t end,
		     mo_err *e)
{
	if (!staff || !mo_config_staff(c, staff))
		return mo_err_set(e, MO_EINVAL, "shift: staff: no staff member "
				  "\"%s\" in practice.yaml", staff ? staff : "");
	if (!location || !mo_config_location(c, location))
		return mo_err_set(e, MO_EINVAL, "shift: location: no location "
				  "\"%s\" in practice.yaml",
				  location ? location : "");
	if (start < 0 || end > 86400 || end <= start)
		return mo_err_set(e, MO_EINVAL, "shift: expected a start before "
				  "the end, within the day");
	return 0;
}

static int check_overlap(mo_db *db, const char *staff, int32_t day,
			 int32_t start, int32_t end, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OVERLAP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int(st, 3, end);
	sqlite3_bind_int(st, 4, start);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EEXIST, "shift: %s already has shift %lld "
				"then", staff,
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "shift", e);
	sqlite3_reset(st);
	return rc;
}

static int insert(mo_db *db, const char *actor, const char *staff,
		  const char *location, int32_t day, int32_t start,
		  int32_t end, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, location, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int(st, 4, start);
	sqlite3_bind_int(st, 5, end);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "shift", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

int mo_shift_add(mo_practice *p, const char *actor, const char *staff,
		 const char *location, int32_t day, int32_t start_sec,
		 int32_t end_sec, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char d[11], record[32];
	int64_t sid = 0;
	mo_op op;
	int rc = check_new(mo_practice_config(p), staff, location, start_sec,
			   end_sec, e);
	if (rc)
		return rc;
	mo_fact facts[] = {
		{"staff", MO_FACT_STR, staff, 0},
		{"location", MO_FACT_STR, location, 0},
		{"date", MO_FACT_STR, mo_date_format(day, d), 0},
		{"start", MO_FACT_INT, NULL, start_sec},
		{"end", MO_FACT_INT, NULL, end_sec},
	};
	if ((rc = mo_op_begin(p, &op, actor, "shift.assign", facts, 5, e)))
		return rc;
	if ((rc = check_overlap(db, staff, day, start_sec, end_sec, e)) ||
	    (rc = insert(db, actor, staff, location, day, start_sec, end_sec,
			 &sid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "shift:%lld", (long long)sid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = sid;
	return 0;
}

int mo_shift_list(mo_practice *p, int32_t day, const char *location,
		  mo_shift_cb cb, void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int stop = 0, rc = mo_db_stmt(db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, day);
	if (location)
		sqlite3_bind_text(st, 2, location, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_shift s = {sqlite3_column_int64(st, 0),
			      (const char *)sqlite3_column_text(st, 1),
			      (const char *)sqlite3_column_text(st, 2),
			      sqlite3_column_int(st, 3), sqlite3_column_int(st, 4),
			      sqlite3_column_int(st, 5)};
		if ((stop = cb(ud, &s)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "shift", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- sessions ---- */

#define MAX_SESSIONS 16

typedef struct session {
	int32_t start, end; /* seconds */
	int providers;
} session;

static bool provider_out(mo_practice *p, const char *provider, int64_t a,
			 int64_t b)
{
	sqlite3_stmt *st;
	bool out = false;
	if (mo_db_stmt(mo_practice_db(p), SQL_OUT, &st, NULL))
		return false;
	sqlite3_bind_text(st, 1, provider, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, b);
	sqlite3_bind_int64(st, 3, a);
	out = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	return out;
}

/* Adds a provider's span to the merged sessions of the day. */
static void merge_span(session *s, int *n, int32_t a, int32_t b)
{
	for (int i = 0; i < *n; i++)
		if (s[i].start < b && a < s[i].end) {
			s[i].start = a < s[i].start ? a : s[i].start;
			s[i].end = b > s[i].end ? b : s[i].end;
			s[i].providers++;
			return;
		}
	if (*n < MAX_SESSIONS)
		s[(*n)++] = (session){a, b, 1};
}

static int by_start(const void *x, const void *y)
{
	const session *a = x, *b = y;
	return (a->start > b->start) - (a->start < b->start);
}

typedef struct extra_merge {
	const mo_location *loc;
	session *s;
	int *n;
} extra_merge;

static int merge_extra(void *ud, const mo_hours *h)
{
	extra_merge *x = ud;
	if (strcmp(h->location, x->loc->id) == 0)
		merge_span(x->s, x->n, h->start_sec, h->end_sec);
	return 0;
}

/* The sessions of location on day, from the providers' hours (weekly
 * and extra). */
static int sessions_of(mo_practice *p, const mo_location *loc, int32_t day,
		       session *s)
{
	const mo_config *c = mo_practice_config(p);
	int n = 0, wd = mo_sched_weekday(day);
	for (size_t k = 0; k < c->nproviders; k++) {
		const mo_provider *pv = &c->providers[k];
		for (size_t i = 0; i < pv->navailability; i++) {
			const mo_day_hours *h = &pv->availability[i].hours[wd];
			int64_t a, b;
			if (strcmp(pv->availability[i].location, loc->id) || !h->n ||
			    mo_tz_to_utc(c->timezone, day, h->span[0].open * 60,
					 MO_TZ_SHIFT, &a, NULL) ||
			    mo_tz_to_utc(c->timezone, day,
					 h->span[h->n - 1].close * 60,
					 MO_TZ_SHIFT, &b, NULL) ||
			    provider_out(p, pv->staff, a, b))
				continue;
			for (int j = 0; j < h->n; j++)
				merge_span(s, &n, h->span[j].open * 60,
					   h->span[j].close * 60);
		}
	}
	mo_hours_on(p, day, NULL, merge_extra, &(extra_merge){loc, s, &n},
		    NULL);
	qsort(s, (size_t)n, sizeof *s, by_start);
	return n;
}

/* ---- staffing ---- */

/* Per job of the staff: how many are on shift for the whole session. */
typedef struct staffing {
	char keys[32][72];
	int64_t counts[32];
	int n;
} staffing;

static int job_slot(staffing *st, const char *job)
{
	char key[72];
	snprintf(key, sizeof key, "staff_%s", job);
	for (int i = 0; i < st->n; i++)
		if (strcmp(st->keys[i], key) == 0)
			return i;
	if (st->n == 32)
		return -1;
	snprintf(st->keys[st->n], sizeof st->keys[0], "%s", key);
	st->counts[st->n] = 0;
	return st->n++;
}

typedef struct count_ctx {
	const mo_config *c;
	const session *s;
	staffing *st;
} count_ctx;

static int count_shift(void *ud, const mo_shift *sh)
{
	count_ctx *x = ud;
	const mo_staff *who = mo_config_staff(x->c, sh->staff);
	int i;
	if (!who || sh->start_sec > x->s->start || sh->end_sec < x->s->end)
		return 0;
	if ((i = job_slot(x->st, who->job)) >= 0)
		x->st->counts[i]++;
	return 0;
}

static int staffing_of(mo_practice *p, const mo_location *loc, int32_t day,
		       const session *s, staffing *st, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	count_ctx x = {c, s, st};
	st->n = 0;
	for (size_t i = 0; i < c->nstaff; i++) /* every job counts, even 0 */
		job_slot(st, c->staff[i].job);
	return mo_shift_list(p, day, loc->id, count_shift, &x, e);
}

typedef struct gap_ctx {
	mo_practice *p;
	mo_gap_cb cb;
	void *ud;
} gap_ctx;

/* Asks the rules about one session; reports a gap when they deny. */
static int check_session(gap_ctx *g, const mo_location *loc, int32_t day,
			 const session *s, mo_err *e)
{
	mo_fact f[6 + 32];
	char d[11], from[8], to[8];
	staffing st;
	mo_decision dec;
	int n = 0, rc = staffing_of(g->p, loc, day, s, &st, e);
	if (rc)
		return rc;
	snprintf(from, sizeof from, "%02d:%02d", s->start / 3600 % 24,
		 s->start / 60 % 60);
	snprintf(to, sizeof to, "%02d:%02d", s->end / 3600 % 25,
		 s->end / 60 % 60);
	f[n++] = (mo_fact){"date", MO_FACT_STR, mo_date_format(day, d), 0};
	f[n++] = (mo_fact){"location", MO_FACT_STR, loc->id, 0};
	f[n++] = (mo_fact){"start", MO_FACT_STR, from, 0};
	f[n++] = (mo_fact){"end", MO_FACT_STR, to, 0};
	f[n++] = (mo_fact){"providers", MO_FACT_INT, NULL, s->providers};
	for (int i = 0; i < st.n; i++)
		f[n++] = (mo_fact){st.keys[i], MO_FACT_INT, NULL, st.counts[i]};
	if ((rc = mo_practice_decide(g->p, MO_ACTOR_SYSTEM, "staffing.check", f,
				     (size_t)n, &dec, e)))
		return rc;
	if (dec.verdict != MO_VERDICT_DENY)
		return 0;
	return g->cb(g->ud, &(mo_gap){day, s->start, s->end, loc->id,
				      s->providers, dec.reason, dec.rule});
}

int mo_shift_gaps(mo_practice *p, const char *location, int32_t from_day,
		  int32_t to_day, mo_gap_cb cb, void *ud, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	gap_ctx g = {p, cb, ud};
	int rc = 0;
	if (location && !mo_config_location(c, location))
		return mo_err_set(e, MO_EINVAL, "gaps: location: no location "
				  "\"%s\" in practice.yaml", location);
	if (to_day < from_day || to_day - from_day > 91)
		return mo_err_set(e, MO_EINVAL, "gaps: expected 1 to 92 days, "
				  "the first not after the last");
	for (int32_t day = from_day; !rc && day <= to_day; day++) {
		if (mo_sched_holiday(c, day))
			continue;
		for (size_t l = 0; !rc && l < c->nlocations; l++) {
			const mo_location *loc = &c->locations[l];
			session s[MAX_SESSIONS];
			int n;
			if (location && strcmp(location, loc->id))
				continue;
			n = sessions_of(p, loc, day, s);
			for (int i = 0; !rc && i < n; i++)
				rc = check_session(&g, loc, day, &s[i], e);
		}
	}
	return rc;
}
