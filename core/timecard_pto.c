/* timecard_pto.c: paid time off (see timecard.h): which days a day off
 * takes time off (the practice is open), how much (the staff member's
 * weekly hours over the practice's open days, else settings.payroll
 * .pto_day), the approved time off ("pto" requests that marked the person
 * away, not cancelled), the balance (accrued per minute worked, capped,
 * less what was taken) and a time-off request checked against it. Time
 * is in minutes; accrual is kept in millionths of a minute and shown
 * rounded down. It uses timecard_int.h, approval.h, units.h and SQLite
 * through db.h. */
#include "timecard_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "units.h"

static const char SQL_PTO[] = "SELECT a.first_day, a.last_day FROM away a "
	"JOIN request r ON r.id = a.request WHERE a.staff = ?1 AND r.kind = "
	"'pto' AND r.status = 'approved' AND a.cancelled_us IS NULL AND "
	"a.first_day <= ?3 AND a.last_day >= ?2 ORDER BY a.first_day";
static const char SQL_WORKED[] = "SELECT in_us, out_us FROM tc_card WHERE "
	"staff = ? AND out_us IS NOT NULL AND in_us < ? ORDER BY in_us";

/* ---- days off ---- */

static bool any_hours(const mo_config *c)
{
	for (int d = 0; d < 7; d++)
		if (c->hours[d].n)
			return true;
	return false;
}

static bool holiday(const mo_config *c, int32_t day)
{
	int y, m, d;
	int32_t h;
	mo_civil_from_days(day, &y, &m, &d);
	for (size_t i = 0; i < c->nholidays; i++)
		if (!mo_holiday_date(&c->holidays[i], y, &h) && h == day)
			return true;
	return false;
}

bool mo_tc_workday(const mo_config *c, int32_t day)
{
	int wd = mo_weekday(day);
	bool open = any_hours(c) ? c->hours[wd].n > 0 : wd < 5;
	return open && !holiday(c, day);
}

int64_t mo_tc_pto_per_day(const mo_config *c, const mo_tc_settings *s,
			  const char *staff)
{
	const mo_staff *st = mo_config_staff(c, staff);
	int open = 0;
	if (!st || st->weekly_hours < 0)
		return s->pto_day;
	for (int d = 0; d < 7; d++)
		open += any_hours(c) ? c->hours[d].n > 0 : d < 5;
	return open ? st->weekly_hours * 60LL / open : 0;
}

/* Calls fn for each day of staff's approved time off within first..last
 * on which the practice is open. */
static int each_pto_day(mo_practice *p, const char *staff, int32_t first,
			int32_t last, void (*fn)(void *ud, int32_t day),
			void *ud, mo_err *e)
{
	const mo_config *cf = mo_practice_config(p);
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_prepare(db, SQL_PTO, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, first);
	sqlite3_bind_int(st, 3, last);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int32_t a = sqlite3_column_int(st, 0);
		int32_t b = sqlite3_column_int(st, 1);
		for (int32_t d = a < first ? first : a; d <= b && d <= last; d++)
			if (mo_tc_workday(cf, d))
				fn(ud, d);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "paid time off", e);
}

typedef struct window {
	int32_t first;
	int64_t per_day, *pto;
} window;

static void mark_day(void *ud, int32_t day)
{
	window *w = ud;
	w->pto[day - w->first] = w->per_day;
}

int mo_tc_pto_days(mo_practice *p, const mo_tc_settings *s, const char *staff,
		   int32_t first, int32_t last, int64_t *pto, mo_err *e)
{
	window w = {first, mo_tc_pto_per_day(mo_practice_config(p), s, staff),
		    pto};
	if (mo_fails_assert(last >= first && last - first < 64))
		return mo_err_set(e, MO_EINVAL, "paid time off: too many days");
	return each_pto_day(p, staff, first, last, mark_day, &w, e);
}

/* ---- balances ---- */

/* What happened on a day: minutes worked, minutes of time off. */
typedef struct day_events {
	int32_t day;
	int64_t worked, off;
} day_events;

typedef struct ledger {
	day_events *v;
	size_t n, cap;
	int64_t per_day;
	int32_t through;
	int64_t planned;
	int rc;
} ledger;

static day_events *event_on(ledger *l, int32_t day)
{
	if (l->n && l->v[l->n - 1].day == day)
		return &l->v[l->n - 1];
	if (mo_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v)) {
		l->rc = MO_ENOMEM;
		return NULL;
	}
	l->v[l->n] = (day_events){day, 0, 0};
	return &l->v[l->n++];
}

static void off_day(void *ud, int32_t day)
{
	ledger *l = ud;
	day_events *ev;
	if (day > l->through) {
		l->planned += l->per_day;
		return;
	}
	if ((ev = event_on(l, day)))
		ev->off += l->per_day;
}

/* Adds a card's minutes by local day (a card touches at most 3). */
static int add_card(mo_practice *p, ledger *l, int64_t a, int64_t b,
		    mo_err *e)
{
	int32_t first = mo_tc_day_of(p, a);
	int64_t m[4] = {0};
	int rc = mo_tc_spread(p, a, b, first, first + 3, m, e);
	for (int i = 0; !rc && i < 4; i++) {
		day_events *ev = first + i <= l->through && m[i]
			? event_on(l, first + i) : NULL;
		if (ev)
			ev->worked += m[i];
		if (l->rc)
			rc = mo_err_set(e, l->rc, "out of memory");
	}
	return rc;
}

static int worked_days(mo_practice *p, const mo_tc_settings *s,
		       const char *staff, ledger *l, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t from, to;
	sqlite3_stmt *st;
	int rc = mo_tc_bounds(p, l->through, l->through, &from, &to, e);
	if (rc || (rc = mo_db_prepare(db, SQL_WORKED, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, to);
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW)
		rc = add_card(p, l, mo_tc_round(sqlite3_column_int64(st, 0),
						s->rounding),
			      mo_tc_round(sqlite3_column_int64(st, 1),
					  s->rounding), e);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc ? rc
		: mo_db_fail(db, "time cards", e);
}

static int by_day(const void *a, const void *b)
{
	const day_events *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day;
}

/* Walks the days in order: accrual (capped) before the day's time off. */
static void settle(const mo_tc_settings *s, ledger *l, mo_tc_pto *b)
{
	const int64_t M = 1000000;
	int64_t bal = 0, earned = 0;
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, by_day);
	for (size_t i = 0; i < l->n; i++) {
		int64_t add = l->v[i].worked * s->pto_ppm;
		if (s->pto_cap && bal + add > s->pto_cap * M)
			add = bal < s->pto_cap * M ? s->pto_cap * M - bal : 0;
		bal += add - l->v[i].off * M;
		earned += add;
		b->worked += l->v[i].worked;
		b->used += l->v[i].off;
	}
	b->accrued = earned / M;
	b->balance = bal >= 0 ? bal / M : -((-bal + M - 1) / M);
	b->planned = l->planned;
}

static int balance_of(mo_practice *p, const mo_tc_settings *s,
		      const char *staff, int32_t day, mo_tc_pto *b, mo_err *e)
{
	const mo_config *cf = mo_practice_config(p);
	ledger l = {NULL, 0, 0, mo_tc_pto_per_day(cf, s, staff), day, 0, 0};
	int rc = worked_days(p, s, staff, &l, e);
	*b = (mo_tc_pto){staff, mo_tc_name(p, staff), 0, 0, 0, 0, 0,
			 l.per_day};
	if (!rc)
		rc = each_pto_day(p, staff, INT32_MIN / 2, day + 366 * 2, off_day,
				  &l, e);
	if (!rc && l.rc)
		rc = mo_err_set(e, l.rc, "out of memory");
	if (!rc)
		settle(s, &l, b);
	free(l.v);
	return rc;
}

typedef struct pto_ctx {
	mo_practice *p;
	const char *staff;
	int32_t day;
	mo_tc_pto_cb cb;
	void *ud;
	int stop;
} pto_ctx;

static int each_balance(void *ctx, mo_err *e)
{
	pto_ctx *c = ctx;
	const mo_config *cf = mo_practice_config(c->p);
	mo_tc_settings s;
	mo_tc_pto b;
	int rc = mo_tc_settings_read(cf, &s, e);
	for (size_t i = 0; !rc && !c->stop && i < cf->nstaff; i++) {
		const char *id = cf->staff[i].id;
		if (c->staff && strcmp(c->staff, id))
			continue;
		if (!(rc = balance_of(c->p, &s, id, c->day, &b, e)))
			c->stop = c->cb(c->ud, &b);
	}
	return rc;
}

int mo_tc_pto_balances(mo_practice *p, const char *actor, const char *staff,
		       int32_t day, mo_tc_pto_cb cb, void *ud, mo_err *e)
{
	pto_ctx c = {p, staff, day, cb, ud, 0};
	char d[11], record[96] = "pto";
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "paid time off: no callback");
	if (staff && (rc = mo_tc_staff_on(p, staff, "paid time off staff", e)))
		return rc;
	mo_fact facts[] = {{"read", MO_FACT_STR, "paid time off", 0},
			   {"staff", MO_FACT_STR, staff, 0},
			   {"day", MO_FACT_STR, mo_date_format(day, d), 0}};
	if (staff)
		snprintf(record, sizeof record, "pto:%s", staff);
	rc = mo_op_read(p, actor, staff && actor && !strcmp(staff, actor)
			? "timecard.clock" : "payroll.read", facts, 3, record,
			each_balance, &c, e);
	return rc ? rc : c.stop;
}

/* ---- asking for time off ---- */

/* The workdays of first..last, counted. */
static int64_t workdays(const mo_config *c, int32_t first, int32_t last)
{
	int64_t n = 0;
	for (int32_t d = first; d <= last; d++)
		n += mo_tc_workday(c, d);
	return n;
}

static int check_dates(int32_t first, int32_t last, mo_err *e)
{
	char a[11], b[11];
	if (last < first)
		return mo_err_set(e, MO_EINVAL, "time off to: %s is before from "
				  "%s", mo_date_format(last, a),
				  mo_date_format(first, b));
	if (last - first >= 366)
		return mo_err_set(e, MO_EINVAL, "time off: at most 366 days at "
				  "a time");
	return 0;
}

static int check_balance(mo_practice *p, const mo_tc_settings *s,
			 const char *staff, int64_t need, mo_err *e)
{
	mo_tc_pto b;
	int64_t left;
	int rc = balance_of(p, s, staff, mo_practice_today(p), &b, e);
	if (rc || s->pto_negative)
		return rc;
	left = b.balance - b.planned;
	if (need <= left)
		return 0;
	return mo_err_set(e, MO_EINVAL, "time off: %lld:%02lld hours is more "
			  "than %s has left: a balance of %lld:%02lld hours "
			  "less %lld:%02lld planned already",
			  (long long)(need / 60), (long long)(need % 60), staff,
			  (long long)(b.balance / 60),
			  (long long)llabs(b.balance % 60),
			  (long long)(b.planned / 60),
			  (long long)(b.planned % 60));
}

int mo_tc_time_off_request(mo_practice *p, const char *actor, int32_t first,
			   int32_t last, const char *reason, int64_t *request,
			   mo_err *e)
{
	const mo_config *cf = mo_practice_config(p);
	char a[11], b[11];
	mo_tc_settings s;
	int64_t days;
	int rc = mo_tc_staff_on(p, actor, "time off", e);
	if (rc || (rc = check_dates(first, last, e)) ||
	    (rc = mo_tc_line_ok("time off reason", reason, e)) ||
	    (rc = mo_tc_settings_read(cf, &s, e)))
		return rc;
	if (!(days = workdays(cf, first, last)))
		return mo_err_set(e, MO_EINVAL, "time off: the practice is "
				  "closed on every day of %s..%s: no time off "
				  "is needed", mo_date_format(first, a),
				  mo_date_format(last, b));
	if ((rc = check_balance(p, &s, actor, days * mo_tc_pto_per_day(cf, &s,
								       actor),
				e)))
		return rc;
	mo_fact f[] = {{"first_day", MO_FACT_STR, mo_date_format(first, a), 0},
		       {"last_day", MO_FACT_STR, mo_date_format(last, b), 0}};
	mo_request_new in = {"pto", reason, false, 0, f, 2};
	return mo_approval_request(p, actor, &in, request, e);
}
