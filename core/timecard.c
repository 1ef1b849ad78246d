/* timecard.c: time cards (see timecard.h): settings.payroll read from
 * practice.yaml, pay periods, clocking in and out, the card lists and a
 * card's history, and the helpers the module's other files share
 * (timecard_int.h): who is on the staff, local days, rounding, minutes
 * worked per local day. It uses practice.h, config.h (settings),
 * schema_check.h (messages naming practice.yaml's lines), clock.h, tz.h,
 * units.h and SQLite through db.h. */
#include "timecard_int.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "schema_check.h"
#include "tz.h"
#include "units.h"

static const char SQL_ENTITY[] = "SELECT active FROM entity WHERE kind = "
	"'staff' AND id = ?";
static const char SQL_OPEN[] = "SELECT " TC_CARD_COLS "FROM tc_card c "
	"WHERE c.staff = ? AND c.out_us IS NULL";
static const char SQL_COVERS[] = "SELECT " TC_CARD_COLS "FROM tc_card c "
	"WHERE c.staff = ?1 AND c.in_us <= ?2 AND c.out_us > ?2 LIMIT 1";
static const char SQL_CLOCK_IN[] = "INSERT INTO tc_card(staff, in_us, "
	"version, event, changed_us, changed_by) VALUES(?1, ?2, 1, 'in', ?2, "
	"?1)";
static const char SQL_CLOCK_OUT[] = "UPDATE tc_card SET out_us = ?2, "
	"version = version + 1, event = 'out', request = NULL, reason = NULL, "
	"changed_us = ?2, changed_by = ?3 WHERE id = ?1";
/* Cards touching the instants ?1..?2: a closed card is at most
 * MO_TC_MAX_CARD_HOURS long; an open card may be older. */
#define TOUCHING                                                            \
	"((c.in_us >= ?1 - ?5 AND c.in_us < ?2 AND (c.out_us IS NULL OR "   \
	"c.out_us > ?1)) OR (c.out_us IS NULL AND c.in_us < ?2))"
static const char SQL_LIST[] = "SELECT " TC_CARD_COLS "FROM tc_card c "
	"WHERE " TOUCHING " AND (?3 IS NULL OR c.staff = ?3) AND (?4 = 0 OR "
	"c.out_us IS NULL) ORDER BY c.staff, c.in_us";
static const char SQL_STAFF_CARDS[] = "SELECT " TC_CARD_COLS "FROM "
	"tc_card c WHERE c.staff = ?3 AND " TOUCHING " ORDER BY c.in_us";
static const char SQL_CARD_STAFF[] = "SELECT staff FROM tc_card WHERE id = ?";
static const char SQL_HISTORY[] = "SELECT v.card, c.staff, v.in_us, "
	"v.out_us, v.version, v.event, v.request, v.reason, v.at_us, v.by "
	"FROM tc_card_version v JOIN tc_card c ON c.id = v.card WHERE "
	"v.card = ? ORDER BY v.version";

/* ---- shared helpers ---- */

int mo_tc_step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0
		: mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

int mo_tc_end_op(mo_op *op, int rc, const char *record, mo_err *e)
{
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	return mo_op_commit(op, record, e);
}

int mo_tc_line_ok(const char *what, const char *s, mo_err *e)
{
	size_t n = s ? mo_utf8_chars(s) : 0;
	if (n == 0 || n > 200 || strpbrk(s, "\r\n"))
		return mo_err_set(e, MO_EINVAL, "%s: expected one line of 1 to "
				  "200 characters", what);
	return 0;
}

int64_t mo_tc_round(int64_t us, int rounding)
{
	int64_t step = (rounding > 0 ? rounding : 1) * TC_MINUTE_US;
	return (us + step / 2) / step * step;
}

int64_t mo_tc_minutes(int64_t in_us, int64_t out_us, int rounding)
{
	int64_t d;
	if (!out_us)
		return 0;
	d = mo_tc_round(out_us, rounding) - mo_tc_round(in_us, rounding);
	return d > 0 ? d / TC_MINUTE_US : 0;
}

void mo_tc_read_card(sqlite3_stmt *st, int rounding, mo_tc_card *c)
{
	*c = (mo_tc_card){sqlite3_column_int64(st, 0), mo_db_text(st, 1),
			  sqlite3_column_int64(st, 2),
			  sqlite3_column_int64(st, 3), 0,
			  sqlite3_column_int(st, 4), mo_db_text(st, 5),
			  sqlite3_column_int64(st, 6), mo_db_text(st, 7),
			  sqlite3_column_int64(st, 8), mo_db_text(st, 9)};
	c->minutes = mo_tc_minutes(c->in_us, c->out_us, rounding);
}

char *mo_tc_local(mo_practice *p, int64_t us, char buf[32])
{
	return mo_tz_format(mo_practice_config(p)->timezone, us, buf);
}

int32_t mo_tc_day_of(mo_practice *p, int64_t us)
{
	int32_t day, sec;
	mo_err ignored;
	if (mo_tz_from_utc(mo_practice_config(p)->timezone, us, &day, &sec,
			   &ignored))
		return (int32_t)(us / (86400LL * 1000000));
	return day;
}

int mo_tc_bounds(mo_practice *p, int32_t first, int32_t last, int64_t *from,
		 int64_t *to, mo_err *e)
{
	return mo_tz_day_bounds(mo_practice_config(p)->timezone, first, last,
				from, to, e);
}

const char *mo_tc_name(mo_practice *p, const char *staff)
{
	const mo_staff *s = mo_config_staff(mo_practice_config(p), staff);
	return s ? s->name : staff;
}

int mo_tc_staff_on(mo_practice *p, const char *staff, const char *what,
		   mo_err *e)
{
	sqlite3_stmt *st;
	int rc;
	if (!staff || !*staff)
		return mo_err_set(e, MO_EINVAL, "%s: which staff member? (--as "
				  "STAFF)", what);
	if (mo_config_staff(mo_practice_config(p), staff))
		return 0;
	if (!strcmp(staff, MO_ACTOR_SYSTEM))
		return mo_err_set(e, MO_EINVAL, "%s: system is not a staff "
				  "member; act as one (--as STAFF)", what);
	if ((rc = mo_db_stmt(mo_practice_db(p), SQL_ENTITY, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return mo_err_set(e, MO_EINVAL, "%s: %s is no longer on the "
				  "staff (inactive: removed from practice.yaml)",
				  what, staff);
	return mo_err_set(e, MO_EINVAL, "%s: %s is not on the staff of "
			  "practice.yaml", what, staff);
}

/* ---- settings ---- */

static const char *const PERIODS[] = {"weekly", "biweekly", "semimonthly",
				      NULL};
static const char *const KEYS[] = {"period", "anchor", "week_start",
	"rounding", "overtime", "pto_per_hour", "pto_cap", "pto_day",
	"pto_negative", "open_after", NULL};

/* One of the count words of list. */
static int word(const mo_node *n, const char *path, const char *const *list,
		int count, const char *what, int *out, mo_err *e)
{
	const char *s;
	int rc = mo_node_as_string(n, path, &s, e);
	for (int i = 0; !rc && i < count; i++)
		if (!strcmp(list[i], s)) {
			*out = i;
			return 0;
		}
	return rc ? rc : mo_sc_expect(e, n, path, what);
}

/* "0.0385": hours per hour, up to 6 decimals, 0 to 1, in millionths. */
static int pto_rate(const mo_node *n, const char *path, int64_t *ppm,
		    mo_err *e)
{
	const char *s;
	int64_t v = 0, scale = 1000000;
	int rc = mo_node_as_string(n, path, &s, e);
	const char *p = s;
	if (rc)
		return rc;
	for (; *p >= '0' && *p <= '9' && v <= 1; p++)
		v = v * 10 + (*p - '0');
	v *= scale;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && scale > 1; p++)
			v += (*p - '0') * (scale /= 10);
	if (p == s || *p || v > 1000000)
		return mo_sc_expect(e, n, path, "hours of paid time off per "
				    "hour worked, 0 to 1 with up to 6 decimals "
				    "(0.0385)");
	*ppm = v;
	return 0;
}

static int minutes_of(const mo_node *n, const char *path, int64_t lo,
		      int64_t *out, mo_err *e)
{
	int64_t sec;
	int rc = mo_node_as_duration(n, path, &sec, e);
	if (!rc && (sec % 60 || sec / 60 < lo || sec > 1000LL * 3600))
		return mo_sc_expect(e, n, path, "whole minutes, up to 1000h");
	*out = sec / 60;
	return rc;
}

static int rounding_of(const mo_node *n, const char *path, int *out,
		       mo_err *e)
{
	int64_t v;
	int rc = mo_node_as_int(n, path, &v, e);
	if (!rc && v != 1 && v != 5 && v != 6 && v != 10 && v != 15 && v != 30)
		return mo_sc_expect(e, n, path, "minutes: 1, 5, 6, 10, 15 or "
				    "30");
	*out = (int)v;
	return rc;
}

static int one_setting(const mo_node *k, const mo_node *v, mo_tc_settings *s,
		       bool *week_set, mo_err *e)
{
	const char *key = mo_node_text(k);
	char path[96];
	int kind, rc = 0;
	snprintf(path, sizeof path, "settings.payroll.%s", key);
	if (!strcmp(key, "period")) {
		rc = word(v, path, PERIODS, 3, "weekly, biweekly or "
			  "semimonthly", &kind, e);
		s->period = (mo_tc_period_kind)kind;
	} else if (!strcmp(key, "anchor")) {
		rc = mo_node_as_date(v, path, &s->anchor, e);
	} else if (!strcmp(key, "week_start")) {
		rc = word(v, path, mo_day_names, 7, "a weekday: mon tue wed "
			  "thu fri sat sun", &s->week_start, e);
		*week_set = true;
	} else if (!strcmp(key, "rounding")) {
		rc = rounding_of(v, path, &s->rounding, e);
	} else if (!strcmp(key, "overtime")) {
		rc = mo_node_as_string(v, path, &s->overtime, e);
	} else if (!strcmp(key, "pto_per_hour")) {
		rc = pto_rate(v, path, &s->pto_ppm, e);
	} else if (!strcmp(key, "pto_cap")) {
		rc = minutes_of(v, path, 1, &s->pto_cap, e);
	} else if (!strcmp(key, "pto_day")) {
		rc = minutes_of(v, path, 1, &s->pto_day, e);
	} else if (!strcmp(key, "pto_negative")) {
		rc = mo_node_as_bool(v, path, &s->pto_negative, e);
	} else {
		rc = minutes_of(v, path, 1, &s->open_after, e);
		s->open_after *= 60;
	}
	return rc;
}

int mo_tc_settings_read(const mo_config *c, mo_tc_settings *s, mo_err *e)
{
	const mo_node *n = mo_config_setting(c, "payroll");
	bool week_set = false;
	int rc = 0;
	*s = (mo_tc_settings){MO_TC_BIWEEKLY, mo_days_from_civil(2024, 1, 1),
			      0, 1, NULL, 0, 0, 480, false, 14 * 3600};
	if (n && (rc = mo_sc_kind(n, MO_NODE_MAP, "settings.payroll", e)))
		return rc;
	for (size_t i = 0; n && !rc && i < mo_node_len(n); i++) {
		const mo_node *k = mo_node_key(n, i);
		const char *hint = mo_suggest(mo_node_text(k), KEYS);
		bool known = false;
		for (size_t j = 0; KEYS[j]; j++)
			known |= !strcmp(KEYS[j], mo_node_text(k));
		rc = known ? one_setting(k, mo_node_at(n, i), s, &week_set, e)
			: mo_sc_fail(e, k, "settings.payroll", "unknown key "
				     "'%s'%s%s%s", mo_node_text(k),
				     hint ? " (did you mean \"" : "",
				     hint ? hint : "", hint ? "\"?)" : "");
	}
	if (!week_set)
		s->week_start = mo_weekday(s->anchor);
	return rc;
}

/* ---- periods ---- */

static int32_t floor_div(int32_t a, int32_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static void semimonthly(int32_t day, int back, mo_tc_period *out)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	int half = (y * 12 + (m - 1)) * 2 + (d > 15) - back;
	y = half / 24;
	m = half % 24 / 2 + 1;
	out->first = mo_days_from_civil(y, m, half % 2 ? 16 : 1);
	out->last = half % 2 ? mo_days_from_civil(m == 12 ? y + 1 : y,
						  m % 12 + 1, 1) - 1
			     : out->first + 14;
}

int mo_tc_period_of(mo_practice *p, int32_t day, int back,
		    mo_tc_period *out, mo_err *e)
{
	mo_tc_settings s;
	int rc = mo_tc_settings_read(mo_practice_config(p), &s, e);
	int32_t len;
	if (rc)
		return rc;
	if (back < 0 || back > 1000)
		return mo_err_set(e, MO_EINVAL, "pay period: expected 0 to 1000 "
				  "periods back, got %d", back);
	if (s.period == MO_TC_SEMIMONTHLY) {
		semimonthly(day, back, out);
		return 0;
	}
	len = s.period == MO_TC_WEEKLY ? 7 : 14;
	out->first = s.anchor + floor_div(day - s.anchor, len) * len -
		     back * len;
	out->last = out->first + len - 1;
	return 0;
}

int32_t mo_tc_week_of(const mo_tc_settings *s, int32_t day)
{
	return day - (mo_weekday(day) - s->week_start + 7) % 7;
}

/* ---- clocking in and out ---- */

/* The open card of staff into c (rows of st stay valid until the next
 * use of SQL_OPEN): *found. */
static int open_card(mo_db *db, const char *staff, mo_tc_card *c,
		     bool *found, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OPEN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found) {
		mo_tc_read_card(st, 1, c);
		c->staff = c->event = c->changed_by = NULL;
		c->reason = NULL;
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

static int check_in(mo_practice *p, const char *staff, int64_t now,
		    mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char a[32], b[32], d[32];
	mo_tc_card c;
	bool found;
	sqlite3_stmt *st;
	int rc = open_card(db, staff, &c, &found, e);
	if (rc)
		return rc;
	if (found)
		return mo_err_set(e, MO_EEXIST, "clock in: %s is clocked in "
				  "already (card %lld, since %s); clock out "
				  "first", staff, (long long)c.id,
				  mo_tc_local(p, c.in_us, a));
	if ((rc = mo_db_stmt(db, SQL_COVERS, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(e, MO_EINVAL, "clock in: %s falls inside %s's "
				"card %lld (%s to %s); time cards may not "
				"overlap", mo_tc_local(p, now, a), staff,
				(long long)sqlite3_column_int64(st, 0),
				mo_tc_local(p, sqlite3_column_int64(st, 2), b),
				mo_tc_local(p, sqlite3_column_int64(st, 3), d));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

static int insert_in(mo_db *db, const char *staff, int64_t now, int64_t *id,
		     mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CLOCK_IN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = mo_tc_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_tc_clock_in(mo_practice *p, const char *actor, int64_t *card,
		   mo_err *e)
{
	int64_t now = mo_clock_now_us(), id = 0;
	char record[32];
	mo_op op;
	int rc = mo_tc_staff_on(p, actor, "clock in", e);
	if (rc || (rc = check_in(p, actor, now, e)))
		return rc;
	mo_fact facts[] = {{"staff", MO_FACT_STR, actor, 0},
			   {"event", MO_FACT_STR, "in", 0},
			   {"at", MO_FACT_TIME, NULL, now}};
	if ((rc = mo_op_begin(p, &op, actor, "timecard.clock", facts, 3, e)))
		return rc;
	rc = insert_in(mo_practice_db(p), actor, now, &id, e);
	snprintf(record, sizeof record, "timecard:%lld", (long long)id);
	if ((rc = mo_tc_end_op(&op, rc, record, e)))
		return rc;
	if (card)
		*card = id;
	return 0;
}

static int check_out(mo_practice *p, const char *staff, int64_t now,
		     mo_tc_card *c, mo_err *e)
{
	char a[32], b[32];
	bool found;
	int rc = open_card(mo_practice_db(p), staff, c, &found, e);
	if (rc)
		return rc;
	if (!found)
		return mo_err_set(e, MO_ENOTFOUND, "clock out: %s is not "
				  "clocked in", staff);
	if (now <= c->in_us)
		return mo_err_set(e, MO_EINVAL, "clock out: %s is not after "
				  "the clock-in of card %lld (%s): a time card "
				  "may not run backwards",
				  mo_tc_local(p, now, a), (long long)c->id,
				  mo_tc_local(p, c->in_us, b));
	if (now - c->in_us > TC_MAX_CARD_US)
		return mo_err_set(e, MO_EINVAL, "clock out: card %lld has been "
				  "open since %s (%lld hours; a card is at most "
				  "%d): ask for a correction with its clock-out "
				  "(medoffice timecards correct %lld --out "
				  "\"YYYY-MM-DD HH:MM\" --reason ...)",
				  (long long)c->id, mo_tc_local(p, c->in_us, a),
				  (long long)((now - c->in_us) / TC_HOUR_US),
				  MO_TC_MAX_CARD_HOURS, (long long)c->id);
	return 0;
}

int mo_tc_clock_out(mo_practice *p, const char *actor, int64_t *card,
		    mo_err *e)
{
	int64_t now = mo_clock_now_us();
	mo_db *db = mo_practice_db(p);
	char record[32];
	sqlite3_stmt *st;
	mo_tc_card c;
	mo_op op;
	int rc = mo_tc_staff_on(p, actor, "clock out", e);
	if (rc || (rc = check_out(p, actor, now, &c, e)))
		return rc;
	mo_fact facts[] = {{"staff", MO_FACT_STR, actor, 0},
			   {"event", MO_FACT_STR, "out", 0},
			   {"card", MO_FACT_INT, NULL, c.id},
			   {"at", MO_FACT_TIME, NULL, now}};
	if ((rc = mo_op_begin(p, &op, actor, "timecard.clock", facts, 4, e)))
		return rc;
	if (!(rc = mo_db_stmt(db, SQL_CLOCK_OUT, &st, e))) {
		sqlite3_bind_int64(st, 1, c.id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
		rc = mo_tc_step_done(db, st, e);
	}
	snprintf(record, sizeof record, "timecard:%lld", (long long)c.id);
	if ((rc = mo_tc_end_op(&op, rc, record, e)))
		return rc;
	if (card)
		*card = c.id;
	return 0;
}

/* ---- minutes per local day ---- */

int mo_tc_spread(mo_practice *p, int64_t a, int64_t b, int32_t first,
		  int32_t last, int64_t *minutes, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	int32_t day = mo_tc_day_of(p, a);
	int64_t next;
	int rc;
	while (a < b) {
		if ((rc = mo_tz_to_utc(zone, day + 1, 0, MO_TZ_SHIFT, &next,
				       e)))
			return rc;
		if (day >= first && day <= last)
			minutes[day - first] += ((next < b ? next : b) - a) /
						TC_MINUTE_US;
		a = next;
		day++;
	}
	return 0;
}

typedef struct day_walk {
	int cards, open;
} day_walk;

static int walk_minutes(mo_practice *p, sqlite3_stmt *st, int rounding,
			int32_t first, int32_t last, int64_t *minutes,
			day_walk *w, mo_err *e)
{
	mo_tc_card c;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_tc_read_card(st, rounding, &c);
		if (!c.out_us) {
			w->open++;
			continue;
		}
		w->cards++;
		if ((rc = mo_tc_spread(p, mo_tc_round(c.in_us, rounding),
				 mo_tc_round(c.out_us, rounding), first, last,
				 minutes, e)))
			break;
	}
	return rc == SQLITE_DONE ? 0 : rc < 0 ? rc
		: mo_db_fail(mo_practice_db(p), "time cards", e);
}

int mo_tc_day_minutes(mo_practice *p, const mo_tc_settings *s,
		      const char *staff, int32_t first, int32_t last,
		      int64_t *minutes, int *cards, int *open, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t from, to;
	day_walk w = {0, 0};
	sqlite3_stmt *st;
	int rc;
	if (mo_fails_assert(last >= first && last - first < 64))
		return mo_err_set(e, MO_EINVAL, "time cards: too many days");
	if ((rc = mo_tc_bounds(p, first, last, &from, &to, e)) ||
	    (rc = mo_db_prepare(db, SQL_STAFF_CARDS, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, TC_MAX_CARD_US);
	rc = walk_minutes(p, st, s->rounding, first, last, minutes, &w, e);
	sqlite3_finalize(st);
	if (cards)
		*cards = w.cards;
	if (open)
		*open = w.open;
	return rc;
}

/* ---- the lists ----
 * The walks use cached statements (db.h), reset after: a callback that
 * raises (Lua) leaves nothing allocated behind. */

typedef struct list_ctx {
	mo_practice *p;
	const mo_tc_filter *f;
	int rounding;
	mo_tc_card_cb cb;
	void *ud;
	int stop;
	int64_t card; /* history */
} list_ctx;

static int walk_cards(list_ctx *c, sqlite3_stmt *st, mo_err *e)
{
	mo_tc_card card;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_tc_read_card(st, c->rounding, &card);
		if ((c->stop = c->cb(c->ud, &card)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0
		: mo_db_fail(mo_practice_db(c->p), "time cards", e);
	sqlite3_reset(st);
	return rc;
}

static int each_card(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	const mo_tc_filter *f = c->f;
	int64_t from = INT64_MIN / 2, to = INT64_MAX / 2, ignored;
	sqlite3_stmt *st;
	int rc = 0;
	if (f->from_day)
		rc = mo_tc_bounds(c->p, f->from_day, f->from_day, &from,
				  &ignored, e);
	if (!rc && f->to_day)
		rc = mo_tc_bounds(c->p, f->to_day, f->to_day, &ignored, &to, e);
	if (rc || (rc = mo_db_stmt(mo_practice_db(c->p), SQL_LIST, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	mo_db_bind_opt(st, 3, f->staff);
	sqlite3_bind_int(st, 4, f->open);
	sqlite3_bind_int64(st, 5, TC_MAX_CARD_US);
	return walk_cards(c, st, e);
}

/* The read's action: one's own cards, or anyone's. */
static const char *read_action(const char *actor, const char *staff)
{
	return staff && actor && !strcmp(actor, staff) ? "timecard.clock"
						       : "timecard.read";
}

static int check_filter(const mo_tc_filter *f, mo_err *e)
{
	char a[11], b[11];
	if (f->from_day && f->to_day && f->to_day < f->from_day)
		return mo_err_set(e, MO_EINVAL, "time cards to: %s is before "
				  "from %s", mo_date_format(f->to_day, a),
				  mo_date_format(f->from_day, b));
	return 0;
}

int mo_tc_list(mo_practice *p, const char *actor, const mo_tc_filter *f,
	       mo_tc_card_cb cb, void *ud, mo_err *e)
{
	static const mo_tc_filter all = {0};
	const mo_tc_filter *q = f ? f : &all;
	list_ctx c = {p, q, 1, cb, ud, 0, 0};
	char from[11], to[11], record[96] = "timecards";
	mo_tc_settings s;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "time cards: no callback");
	if ((rc = check_filter(q, e)) ||
	    (rc = mo_tc_settings_read(mo_practice_config(p), &s, e)))
		return rc;
	c.rounding = s.rounding;
	mo_fact facts[] = {
		{"read", MO_FACT_STR, "time cards", 0},
		{"staff", MO_FACT_STR, q->staff, 0},
		{"from", MO_FACT_STR, q->from_day ? mo_date_format(q->from_day,
								   from) : NULL,
		 0},
		{"to", MO_FACT_STR, q->to_day ? mo_date_format(q->to_day, to)
					      : NULL, 0},
		{"open", MO_FACT_BOOL, NULL, q->open},
	};
	if (q->staff)
		snprintf(record, sizeof record, "timecards:%s", q->staff);
	rc = mo_op_read(p, actor, read_action(actor, q->staff), facts, 5,
			record, each_card, &c, e);
	return rc ? rc : c.stop;
}

static int each_version(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(c->p), SQL_HISTORY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->card);
	return walk_cards(c, st, e);
}

/* The staff member of card into staff (65 bytes). */
static int card_staff(mo_db *db, int64_t card, char staff[65], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CARD_STAFF, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, card);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(staff, 65, "%s", mo_db_text(st, 0));
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE
		? mo_err_set(e, MO_ENOTFOUND, "no time card %lld",
			     (long long)card)
		: mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

int mo_tc_history(mo_practice *p, const char *actor, int64_t card,
		  mo_tc_card_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {p, NULL, 1, cb, ud, 0, card};
	char staff[65], record[32];
	mo_tc_settings s;
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "time card: no callback");
	if ((rc = card_staff(mo_practice_db(p), card, staff, e)) ||
	    (rc = mo_tc_settings_read(mo_practice_config(p), &s, e)))
		return rc;
	c.rounding = s.rounding;
	mo_fact facts[] = {{"read", MO_FACT_STR, "time card history", 0},
			   {"card", MO_FACT_INT, NULL, card},
			   {"staff", MO_FACT_STR, staff, 0}};
	snprintf(record, sizeof record, "timecard:%lld", (long long)card);
	rc = mo_op_read(p, actor, read_action(actor, staff), facts, 3, record,
			each_version, &c, e);
	return rc ? rc : c.stop;
}
