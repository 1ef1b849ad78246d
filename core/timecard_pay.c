/* timecard_pay.c: pay rates and gross pay (see timecard.h): rates set
 * (through the "pay_change" approval) and listed; each staff member's pay
 * of a period, line by rate, from the minutes worked per local day split
 * by the overtime rule per workweek, paid time off and salaries; the
 * payroll register; and the export for a payroll service, the register as
 * CSV through render.h, recorded with its SHA-256. Money is integer
 * cents, each line rounded half up. It uses timecard_int.h, approval.h,
 * render.h, clock.h, units.h, libmd and SQLite through db.h. */
#include "timecard_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "clock.h"
#include "sha.h"
#include "render.h"
#include "units.h"

static const char SQL_RATE_ADD[] = "INSERT INTO pay_rate(staff, pay, rate, "
	"effective, request, reason, created_us, created_by) VALUES(?, ?, ?, "
	"?, ?, ?, ?, ?)";
static const char SQL_RATES[] = "SELECT r.id, r.staff, r.pay, r.rate, "
	"r.effective, r.request, r.reason, r.created_us, r.created_by, r.id = "
	"(SELECT q.id FROM pay_rate q WHERE q.staff = r.staff AND q.effective "
	"<= ?1 ORDER BY q.effective DESC, q.id DESC LIMIT 1) FROM pay_rate r "
	"WHERE ?2 IS NULL OR r.staff = ?2 ORDER BY r.staff, r.effective, r.id";
static const char SQL_STAFF_RATES[] = "SELECT pay, rate, effective FROM "
	"pay_rate WHERE staff = ? AND effective <= ? ORDER BY effective, id";
static const char SQL_FORMER[] = "SELECT DISTINCT staff FROM tc_card WHERE "
	"in_us >= ?1 - ?3 AND in_us < ?2 AND (out_us IS NULL OR out_us > ?1) "
	"ORDER BY staff";
static const char SQL_EXPORT[] = "INSERT INTO payroll_export(first_day, "
	"last_day, rows, gross, sha256, at_us, by) VALUES(?, ?, ?, ?, ?, ?, "
	"?)";

/* ---- rates ---- */

int mo_tc_rate_check(mo_practice *p, const mo_tc_rate_new *r, mo_err *e)
{
	bool hourly = r && r->pay && !strcmp(r->pay, "hourly");
	int64_t max = hourly ? MO_TC_HOURLY_MAX : MO_TC_SALARY_MAX;
	char a[32], b[32], d[11];
	int rc;
	if (!r)
		return mo_err_set(e, MO_EINVAL, "pay rate: nothing to set");
	if ((rc = mo_tc_staff_on(p, r->staff, "pay rate staff", e)))
		return rc;
	if (!hourly && (!r->pay || strcmp(r->pay, "salary")))
		return mo_err_set(e, MO_EINVAL, "pay rate pay: expected hourly "
				  "or salary, got %s", r->pay ? mo_quote(r->pay,
				  strlen(r->pay), a, sizeof a) : "none");
	if (r->rate < 1 || r->rate > max)
		return mo_err_set(e, MO_EINVAL, "pay rate rate: expected 0.01 to "
				  "%s %s, got %s", mo_money_format(max, a),
				  hourly ? "an hour" : "a year",
				  mo_money_format(r->rate, b));
	if (r->from > mo_practice_today(p) + 366)
		return mo_err_set(e, MO_EINVAL, "pay rate from: %s is more than "
				  "a year ahead", mo_date_format(r->from, d));
	return mo_tc_line_ok("pay rate reason", r->reason, e);
}

int mo_tc_rate_request(mo_practice *p, const char *actor,
		       const mo_tc_rate_new *r, int64_t *request, mo_err *e)
{
	char rate[32], from[11];
	int rc = mo_tc_rate_check(p, r, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"staff", MO_FACT_STR, r->staff, 0},
		       {"pay", MO_FACT_STR, r->pay, 0},
		       {"rate", MO_FACT_STR, mo_money_format(r->rate, rate), 0},
		       {"from", MO_FACT_STR, mo_date_format(r->from, from), 0}};
	mo_request_new in = {"pay_change", r->reason, false, 0, f, 4};
	return mo_approval_request(p, actor, &in, request, e);
}

static int insert_rate(mo_practice *p, const char *actor,
		       const mo_tc_rate_new *r, int64_t request, int64_t *id,
		       mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_RATE_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, r->staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->pay, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->rate);
	sqlite3_bind_int(st, 4, r->from);
	mo_db_bind_opt_int(st, 5, request);
	sqlite3_bind_text(st, 6, r->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	rc = mo_tc_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_tc_rate_set(mo_practice *p, const char *actor, const mo_tc_rate_new *r,
		   int64_t request, int64_t *id, mo_err *e)
{
	char from[11], record[32];
	int64_t rid = 0;
	mo_op op;
	int rc = mo_tc_rate_check(p, r, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"staff", MO_FACT_STR, r->staff, 0},
			   {"pay", MO_FACT_STR, r->pay, 0},
			   {"rate", MO_FACT_MONEY, NULL, r->rate},
			   {"from", MO_FACT_STR, mo_date_format(r->from, from),
			    0},
			   {"request", MO_FACT_INT, NULL, request}};
	if ((rc = mo_op_begin(p, &op, actor, "payroll.rate", facts, 5, e)))
		return rc;
	rc = insert_rate(p, actor, r, request, &rid, e);
	snprintf(record, sizeof record, "pay_rate:%lld", (long long)rid);
	if ((rc = mo_tc_end_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = rid;
	return 0;
}

typedef struct rates_ctx {
	mo_practice *p;
	const char *staff;
	mo_tc_rate_cb cb;
	void *ud;
	int stop;
} rates_ctx;

static int each_rate(void *ctx, mo_err *e)
{
	rates_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	mo_tc_rate r;
	int rc = mo_db_stmt(db, SQL_RATES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, mo_practice_today(c->p));
	mo_db_bind_opt(st, 2, c->staff);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = (mo_tc_rate){sqlite3_column_int64(st, 0), mo_db_text(st, 1),
				 mo_db_text(st, 2), sqlite3_column_int64(st, 3),
				 sqlite3_column_int(st, 4),
				 sqlite3_column_int64(st, 5), mo_db_text(st, 6),
				 sqlite3_column_int64(st, 7), mo_db_text(st, 8),
				 sqlite3_column_int(st, 9) != 0};
		c->stop = c->cb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "pay rates", e);
	sqlite3_reset(st);
	return rc;
}

int mo_tc_rates(mo_practice *p, const char *actor, const char *staff,
		mo_tc_rate_cb cb, void *ud, mo_err *e)
{
	rates_ctx c = {p, staff, cb, ud, 0};
	char record[96] = "pay_rates";
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "pay rates: no callback");
	mo_fact facts[] = {{"read", MO_FACT_STR, "pay rates", 0},
			   {"staff", MO_FACT_STR, staff, 0}};
	if (staff)
		snprintf(record, sizeof record, "pay_rates:%s", staff);
	rc = mo_op_read(p, actor, "payroll.read", facts, 2, record, each_rate,
			&c, e);
	return rc ? rc : c.stop;
}

/* ---- one staff member's pay of a period ---- */

#define MAX_DAYS 64   /* a period and the start of its first workweek */
#define MAX_LINES 24
#define MAX_RATES 64  /* rates read per staff member (the latest kept) */

typedef struct rate_row {
	bool hourly;
	int64_t rate;
	int32_t from;
} rate_row;

typedef struct pay_ctx {
	mo_practice *p;
	mo_tc_settings s;
	const mo_tc_period *pd;
	const mo_tc_rules *rules;
	const char *staff;
	const mo_staff *cfg;     /* NULL: former staff */
	rate_row rates[MAX_RATES];
	size_t nrates;
	int32_t ws;              /* the first workweek's first day */
	int64_t minutes[MAX_DAYS];
	int64_t pto[MAX_DAYS];   /* by day from pd->first */
	mo_tc_split split[MAX_DAYS];
	mo_tc_pay_line lines[MAX_LINES];
	size_t nlines;
	int cards, open;
	bool approved;
} pay_ctx;

static int load_rates(pay_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STAFF_RATES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, c->pd->last);
	c->nrates = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		rate_row r = {!strcmp(mo_db_text(st, 0), "hourly"),
			      sqlite3_column_int64(st, 1),
			      sqlite3_column_int(st, 2)};
		if (c->nrates == MAX_RATES) /* keep the latest */
			memmove(c->rates, c->rates + 1, --c->nrates *
				sizeof *c->rates);
		c->rates[c->nrates++] = r;
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "pay rates", e);
	sqlite3_reset(st);
	return rc;
}

/* The rate in force on day, or NULL; a salary only while on the staff
 * and hired. */
static const rate_row *rate_on(const pay_ctx *c, int32_t day)
{
	const rate_row *r = NULL;
	for (size_t i = 0; i < c->nrates && c->rates[i].from <= day; i++)
		r = &c->rates[i];
	if (r && !r->hourly && (!c->cfg || (c->cfg->hired &&
					    day < c->cfg->hired)))
		return NULL;
	return r;
}

/* a / b rounded half up (a >= 0, b > 0). */
static int64_t half_up(int64_t a, int64_t b)
{
	return (2 * a + b) / (2 * b);
}

static const char HOURLY[] = "hourly", SALARY[] = "salary";

/* The line of pay and rate (NULL: without a rate), added if new; a
 * line's pay is HOURLY, SALARY or NULL. */
static mo_tc_pay_line *line_of(pay_ctx *c, const rate_row *r, mo_err *e)
{
	const char *pay = !r ? NULL : r->hourly ? HOURLY : SALARY;
	int64_t rate = r ? r->rate : 0;
	for (size_t i = 0; i < c->nlines; i++)
		if (c->lines[i].pay == pay && c->lines[i].rate == rate)
			return &c->lines[i];
	if (c->nlines == MAX_LINES) {
		mo_err_set(e, MO_EINVAL, "payroll: %s has more than %d rates in "
			   "one period", c->staff, MAX_LINES);
		return NULL;
	}
	c->lines[c->nlines] = (mo_tc_pay_line){.staff = c->staff,
		.name = c->cfg ? c->cfg->name : c->staff, .pay = pay,
		.rate = rate};
	return &c->lines[c->nlines++];
}

static int check_split(const pay_ctx *c, const mo_tc_week *w,
		       const mo_tc_split *sp, mo_err *e)
{
	char d[11];
	for (size_t i = 0; i < w->ndays; i++) {
		const mo_tc_split *x = &sp[i];
		if (x->regular >= 0 && x->overtime >= 0 && x->double_time >= 0 &&
		    x->regular + x->overtime + x->double_time == w->minutes[i])
			continue;
		return mo_err_set(e, MO_EINVAL, "overtime rule %s: %s of %s: "
				  "regular %lld + overtime %lld + double time "
				  "%lld minutes is not the %lld minutes worked",
				  c->rules->name, mo_date_format(w->day[i], d),
				  c->staff, (long long)x->regular,
				  (long long)x->overtime,
				  (long long)x->double_time,
				  (long long)w->minutes[i]);
	}
	return 0;
}

/* Whether the staff member is paid by the hour on some day of w within
 * the period, having worked in the week. */
static bool needs_split(const pay_ctx *c, const mo_tc_week *w)
{
	int64_t sum = 0;
	bool hourly = false;
	for (size_t i = 0; i < w->ndays; i++) {
		const rate_row *r = rate_on(c, w->day[i]);
		sum += w->minutes[i];
		hourly |= w->day[i] >= c->pd->first && r && r->hourly;
	}
	return sum > 0 && hourly;
}

static int split_week(pay_ctx *c, int32_t start, mo_err *e)
{
	mo_tc_week w = {c->staff, c->cfg ? c->cfg->employment : NULL, 0, {0},
			{0}};
	mo_tc_split out[7] = {{0, 0, 0}};
	int rc;
	for (int32_t d = start; d < start + 7 && d <= c->pd->last; d++) {
		w.day[w.ndays] = d;
		w.minutes[w.ndays++] = c->minutes[d - c->ws];
	}
	if (!needs_split(c, &w))
		return 0;
	if (!c->rules || !c->rules->split)
		return mo_err_set(e, MO_EINVAL, "payroll: %s worked by the hour "
				  "and no overtime rule is loaded: list "
				  "payroll/overtime.lua in practice.yaml's "
				  "policies", c->staff);
	if ((rc = c->rules->split(c->rules->ud, &w, out, e)) ||
	    (rc = check_split(c, &w, out, e)))
		return rc;
	for (size_t i = 0; i < w.ndays; i++)
		c->split[w.day[i] - c->ws] = out[i];
	return 0;
}

/* Adds day's minutes and time off to its line. */
static int add_day(pay_ctx *c, int32_t day, mo_err *e)
{
	const rate_row *r = rate_on(c, day);
	int64_t worked = c->minutes[day - c->ws];
	int64_t pto = c->pto[day - c->pd->first];
	mo_tc_pay_line *l;
	if (!worked && !pto && (!r || r->hourly))
		return 0;
	if (!(l = line_of(c, r, e)))
		return MO_EINVAL;
	l->pto += pto;
	if (r && r->hourly) {
		const mo_tc_split *x = &c->split[day - c->ws];
		l->regular += x->regular;
		l->overtime += x->overtime;
		l->double_time += x->double_time;
	} else {
		l->regular += worked;
		l->days += r ? 1 : 0;
	}
	return 0;
}

static int64_t periods_a_year(const mo_tc_settings *s)
{
	return s->period == MO_TC_WEEKLY ? 52 : s->period == MO_TC_BIWEEKLY
		? 26 : 24;
}

static void price(const pay_ctx *c, mo_tc_pay_line *l)
{
	int64_t days = c->pd->last - c->pd->first + 1;
	if (l->pay == HOURLY) {
		l->regular_pay = half_up(l->rate * l->regular, 60);
		l->overtime_pay = half_up(l->rate * l->overtime * 3, 120);
		l->double_pay = half_up(l->rate * l->double_time * 2, 60);
		l->pto_pay = half_up(l->rate * l->pto, 60);
	} else if (l->pay) {
		l->salary_pay = half_up(l->rate * l->days,
					periods_a_year(&c->s) * days);
	}
	l->gross = l->regular_pay + l->overtime_pay + l->double_pay +
		   l->pto_pay + l->salary_pay;
	l->approved = c->approved;
	l->open = c->open;
}

static int approval_of(pay_ctx *c, mo_err *e)
{
	mo_tc_stamp now;
	int rc = mo_tc_period_stamp(c->p, &c->s, c->staff, c->pd, &now, e);
	c->open = now.open;
	c->approved = true;
	if (rc || (!now.cards && !now.open))
		return rc;
	return mo_tc_period_approved(c->p, c->staff, c->pd, &now, &c->approved,
				     NULL, e);
}

/* The hourly rate on the period's last day, as a line without time, for
 * hourly staff who did not work. */
static int idle_line(pay_ctx *c, mo_err *e)
{
	const rate_row *r = rate_on(c, c->pd->last);
	if (c->nlines || !r || !c->cfg)
		return 0;
	return line_of(c, r, e) ? 0 : MO_EINVAL;
}

static int compute(pay_ctx *c, mo_err *e)
{
	int rc;
	c->ws = mo_tc_week_of(&c->s, c->pd->first);
	if ((rc = load_rates(c, e)) ||
	    (rc = mo_tc_day_minutes(c->p, &c->s, c->staff, c->ws, c->pd->last,
				    c->minutes, &c->cards, &c->open, e)) ||
	    (rc = mo_tc_pto_days(c->p, &c->s, c->staff, c->pd->first,
				 c->pd->last, c->pto, e)))
		return rc;
	for (int32_t w = c->ws; !rc && w <= c->pd->last; w += 7)
		rc = split_week(c, w, e);
	for (int32_t d = c->pd->first; !rc && d <= c->pd->last; d++)
		rc = add_day(c, d, e);
	if (rc || (rc = idle_line(c, e)) || (rc = approval_of(c, e)))
		return rc;
	for (size_t i = 0; i < c->nlines; i++)
		price(c, &c->lines[i]);
	return 0;
}

/* The lines of staff's pay, each passed to cb (after the work memory is
 * freed: cb may raise); *stop receives cb's non-zero return. */
static int staff_pay(mo_practice *p, const mo_tc_period *pd,
		     const mo_tc_rules *rules, const char *staff,
		     mo_tc_pay_cb cb, void *ud, int *stop, mo_err *e)
{
	pay_ctx *c = calloc(1, sizeof *c);
	mo_tc_pay_line lines[MAX_LINES];
	size_t n = 0;
	int rc = c ? mo_tc_settings_read(mo_practice_config(p), &c->s, e)
		   : mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!rc) {
		c->p = p;
		c->pd = pd;
		c->rules = rules;
		c->staff = staff;
		c->cfg = mo_config_staff(mo_practice_config(p), staff);
		if (!(rc = compute(c, e)))
			memcpy(lines, c->lines, (n = c->nlines) * sizeof *lines);
	}
	free(c);
	for (size_t i = 0; !rc && !*stop && i < n; i++)
		*stop = cb(ud, &lines[i]);
	return rc;
}

/* ---- the register ---- */

typedef struct reg_ctx {
	mo_practice *p;
	const mo_tc_period *pd;
	const mo_tc_rules *rules;
	mo_tc_pay_cb cb;
	void *ud;
	int stop;
} reg_ctx;

/* Former staff (not in practice.yaml) with cards in the period. */
static int former_staff(reg_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	int64_t from, to;
	sqlite3_stmt *st;
	int rc = mo_tc_bounds(c->p, c->pd->first, c->pd->last, &from, &to, e);
	if (rc || (rc = mo_db_stmt(db, SQL_FORMER, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, TC_MAX_CARD_US);
	while (!rc && !c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		char staff[65];
		snprintf(staff, sizeof staff, "%s", mo_db_text(st, 0));
		rc = mo_config_staff(mo_practice_config(c->p), staff) ? 0
			: staff_pay(c->p, c->pd, c->rules, staff, c->cb, c->ud,
				    &c->stop, e);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || c->stop ? 0 : rc ? rc
		: mo_db_fail(db, "time cards", e);
}

static int each_staff(void *ctx, mo_err *e)
{
	reg_ctx *c = ctx;
	const mo_config *cf = mo_practice_config(c->p);
	int rc = 0;
	for (size_t i = 0; !rc && !c->stop && i < cf->nstaff; i++)
		rc = staff_pay(c->p, c->pd, c->rules, cf->staff[i].id, c->cb,
			       c->ud, &c->stop, e);
	return rc || c->stop ? rc : former_staff(c, e);
}

static int check_period(const mo_tc_period *pd, mo_err *e)
{
	if (!pd || pd->last < pd->first || pd->last - pd->first > 31)
		return mo_err_set(e, MO_EINVAL, "payroll: expected a pay "
				  "period of 1 to 32 days");
	return 0;
}

static int register_read(mo_practice *p, const char *actor,
			 const mo_tc_period *pd, const char *what,
			 int (*fn)(void *, mo_err *), void *ctx, mo_err *e)
{
	char a[11], b[11], record[32];
	mo_fact facts[] = {{"read", MO_FACT_STR, what, 0},
			   {"first", MO_FACT_STR, mo_date_format(pd->first, a),
			    0},
			   {"last", MO_FACT_STR, mo_date_format(pd->last, b),
			    0}};
	snprintf(record, sizeof record, "payroll:%s", a);
	return mo_op_read(p, actor, "payroll.read", facts, 3, record, fn, ctx,
			  e);
}

int mo_tc_register(mo_practice *p, const char *actor,
		   const mo_tc_period *period, const mo_tc_rules *rules,
		   mo_tc_pay_cb cb, void *ud, mo_err *e)
{
	reg_ctx c = {p, period, rules, cb, ud, 0};
	int rc = check_period(period, e);
	if (rc)
		return rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "payroll register: no callback");
	rc = register_read(p, actor, period, "payroll register", each_staff,
			   &c, e);
	return rc ? rc : c.stop;
}

/* ---- the export ---- */

static const mo_render_col EXPORT_COLS[] = {
	{"period_start", "period_start", MO_COL_DATE},
	{"period_end", "period_end", MO_COL_DATE},
	{"employee_id", "employee_id", MO_COL_TEXT},
	{"employee_name", "employee_name", MO_COL_TEXT},
	{"pay_type", "pay_type", MO_COL_TEXT},
	{"rate", "rate", MO_COL_MONEY},
	{"regular_hours", "regular_hours", MO_COL_MONEY},
	{"overtime_hours", "overtime_hours", MO_COL_MONEY},
	{"double_time_hours", "double_time_hours", MO_COL_MONEY},
	{"pto_hours", "pto_hours", MO_COL_MONEY},
	{"regular_pay", "regular_pay", MO_COL_MONEY},
	{"overtime_pay", "overtime_pay", MO_COL_MONEY},
	{"double_time_pay", "double_time_pay", MO_COL_MONEY},
	{"pto_pay", "pto_pay", MO_COL_MONEY},
	{"salary_pay", "salary_pay", MO_COL_MONEY},
	{"gross_pay", "gross_pay", MO_COL_MONEY},
};
#define NCOLS (sizeof EXPORT_COLS / sizeof EXPORT_COLS[0])

/* A line kept for the export (its strings copied). */
typedef struct kept {
	mo_tc_pay_line l;
	char *staff, *name;
} kept;

typedef struct export_ctx {
	mo_practice *p;
	const mo_tc_period *pd;
	const mo_tc_rules *rules;
	kept *lines;
	size_t n, cap;
	mo_err *e;
} export_ctx;

static int keep_line(void *ud, const mo_tc_pay_line *l)
{
	export_ctx *c = ud;
	kept *k;
	if (!l->gross && !l->regular && !l->overtime && !l->double_time &&
	    !l->pto && l->pay && !l->open)
		return 0; /* nothing to pay, nothing pending */
	if (mo_grow(&c->lines, &c->cap, c->n + 1, sizeof *c->lines))
		return mo_err_set(c->e, MO_ENOMEM, "out of memory");
	k = &c->lines[c->n];
	k->l = *l;
	k->staff = mo_strdup(l->staff);
	k->name = mo_strdup(l->name);
	c->n++;
	if (!k->staff || !k->name)
		return mo_err_set(c->e, MO_ENOMEM, "out of memory");
	k->l.staff = k->staff;
	k->l.name = k->name;
	return 0;
}

static void free_kept(export_ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->lines[i].staff);
		free(c->lines[i].name);
	}
	free(c->lines);
}

static int each_kept(void *ctx, mo_err *e)
{
	export_ctx *c = ctx;
	reg_ctx r = {c->p, c->pd, c->rules, keep_line, c, 0};
	int rc = each_staff(&r, e);
	return rc ? rc : r.stop;
}

/* The first reason the export cannot be made, or 0. */
static int check_line(const export_ctx *c, const mo_tc_pay_line *l,
		      mo_err *e)
{
	char a[11], b[11];
	mo_date_format(c->pd->first, a);
	mo_date_format(c->pd->last, b);
	if (l->open)
		return mo_err_set(e, MO_EINVAL, "payroll export: %s has %d open "
				  "time card%s in %s..%s", l->staff, l->open,
				  l->open == 1 ? "" : "s", a, b);
	if (!l->approved)
		return mo_err_set(e, MO_EINVAL, "payroll export: %s's time cards "
				  "of %s..%s are not approved (medoffice "
				  "timecards approve --staff %s --period %s)",
				  l->staff, a, b, l->staff, a);
	if (!l->pay)
		return mo_err_set(e, MO_EINVAL, "payroll export: %s has time in "
				  "%s..%s on days without a pay rate (medoffice "
				  "payroll rate --staff %s ...)", l->staff, a,
				  b, l->staff);
	return 0;
}

static int check_export(mo_practice *p, const export_ctx *c, mo_err *e)
{
	char a[11], b[11], d[11];
	int rc;
	if (mo_practice_today(p) <= c->pd->last)
		return mo_err_set(e, MO_EINVAL, "payroll export: the period "
				  "%s..%s ends on %s; export it from the day "
				  "after", mo_date_format(c->pd->first, a),
				  mo_date_format(c->pd->last, b),
				  mo_date_format(c->pd->last, d));
	if (!c->n)
		return mo_err_set(e, MO_ENOTFOUND, "payroll export: nothing to "
				  "pay for %s..%s", mo_date_format(c->pd->first,
								   a),
				  mo_date_format(c->pd->last, b));
	for (size_t i = 0; i < c->n; i++)
		if ((rc = check_line(c, &c->lines[i].l, e)))
			return rc;
	return 0;
}

/* Minutes as hundredths of an hour, rounded half up. */
static mo_render_value hours(int64_t minutes)
{
	return (mo_render_value){false, half_up(minutes * 100, 60), NULL};
}

static int export_row(mo_render *r, const mo_tc_period *pd,
		      const mo_tc_pay_line *l, mo_err *e)
{
	mo_render_value v[NCOLS] = {
		{false, pd->first, NULL}, {false, pd->last, NULL},
		{false, 0, l->staff}, {false, 0, l->name}, {false, 0, l->pay},
		{false, l->rate, NULL}, hours(l->regular), hours(l->overtime),
		hours(l->double_time), hours(l->pto),
		{false, l->regular_pay, NULL}, {false, l->overtime_pay, NULL},
		{false, l->double_pay, NULL}, {false, l->pto_pay, NULL},
		{false, l->salary_pay, NULL}, {false, l->gross, NULL},
	};
	return mo_render_row(r, MO_ROW_DATA, NULL, v, e);
}

static int write_csv(const export_ctx *c, char **csv, size_t *len,
		     mo_err *e)
{
	static const mo_render_meta meta = {"payroll_export", "Payroll",
		NULL, NULL, NULL, EXPORT_COLS, NCOLS, NULL, 0, 0};
	FILE *f = open_memstream(csv, len);
	mo_render *r = NULL;
	int rc = f ? mo_render_open(MO_FMT_CSV, f, NULL, &meta, &r, e)
		   : mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < c->n; i++)
		rc = export_row(r, c->pd, &c->lines[i].l, e);
	if (r && rc)
		mo_render_abort(r);
	else if (r)
		rc = mo_render_close(r, e);
	if (f && fclose(f) && !rc)
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
	if (rc) {
		free(*csv);
		*csv = NULL;
	}
	return rc;
}

static int record_export(mo_practice *p, const char *actor,
			 const mo_tc_period *pd, const mo_tc_export_info *in,
			 int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EXPORT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, pd->first);
	sqlite3_bind_int(st, 2, pd->last);
	sqlite3_bind_int64(st, 3, in->rows);
	sqlite3_bind_int64(st, 4, in->gross);
	sqlite3_bind_text(st, 5, in->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = mo_tc_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* Inside the operation: the lines, checked, as CSV, recorded. */
static int export_body(mo_practice *p, const char *actor, export_ctx *c,
		       char **csv, size_t *len, mo_tc_export_info *info,
		       mo_err *e)
{
	int rc = each_kept(c, e);
	if (rc || (rc = check_export(p, c, e)) ||
	    (rc = write_csv(c, csv, len, e)))
		return rc;
	info->rows = (int64_t)c->n;
	for (size_t i = 0; i < c->n; i++)
		info->gross += c->lines[i].l.gross;
	mo_sha_data(*csv, *len, info->sha256);
	return record_export(p, actor, c->pd, info, &info->id, e);
}

/* One operation: the rules decide on first and last; the audit entry
 * adds rows, gross and sha256. */
static int make_export(mo_practice *p, const char *actor, export_ctx *c,
		       char **csv, size_t *len, mo_tc_export_info *info,
		       mo_err *e)
{
	char a[11], b[11], record[32];
	mo_op op;
	int rc;
	mo_fact facts[] = {{"first", MO_FACT_STR, mo_date_format(c->pd->first,
								 a), 0},
			   {"last", MO_FACT_STR, mo_date_format(c->pd->last, b),
			    0},
			   {"rows", MO_FACT_INT, NULL, 0},
			   {"gross", MO_FACT_MONEY, NULL, 0},
			   {"sha256", MO_FACT_STR, NULL, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "payroll.export", facts, 2, e)))
		return rc;
	if ((rc = export_body(p, actor, c, csv, len, info, e))) {
		mo_op_abort(&op);
		free(*csv);
		*csv = NULL;
		return rc;
	}
	facts[2].i = info->rows;
	facts[3].i = info->gross;
	facts[4].s = info->sha256;
	op.nfacts = 5;
	snprintf(record, sizeof record, "payroll_export:%lld",
		 (long long)info->id);
	if ((rc = mo_op_commit(&op, record, e))) {
		free(*csv);
		*csv = NULL;
	}
	return rc;
}

int mo_tc_export(mo_practice *p, const char *actor, const mo_tc_period *period,
		 const mo_tc_rules *rules, char **csv, size_t *len,
		 mo_tc_export_info *info, mo_err *e)
{
	export_ctx c = {p, period, rules, NULL, 0, 0, e};
	mo_tc_export_info got = {0, 0, 0, ""};
	size_t n = 0;
	int rc = check_period(period, e);
	if (rc)
		return rc;
	if (mo_fails_assert(csv))
		return mo_err_set(e, MO_EINVAL, "payroll export: nowhere to "
				  "write");
	*csv = NULL;
	rc = make_export(p, actor, &c, csv, &n, &got, e);
	free_kept(&c);
	if (rc)
		return rc;
	if (len)
		*len = n;
	if (info)
		*info = got;
	return 0;
}
