/* test_timecard.c: unit tests of core/timecard.h, time cards and
 * payroll, on a practice of its own in America/Chicago with job
 * permissions (an owner, an office manager, two front-desk assistants), an
 * org chart, a C route hook standing in for the policies'
 * "time_correction", "pay_change" and "pto" approvals and a C overtime
 * rule (the federal 40-hour week, or a daily rule): settings.payroll
 * read and refused; pay periods (weekly, biweekly, semimonthly, back);
 * clocking in and out and every refusal (not on the staff, inactive,
 * twice, out before in, too long) with nothing written; corrections
 * (out before in, overlap, too long, future, no change) refused, then
 * made through an approval, each version kept and the history
 * append-only; a supervisor's approval of a period (own cards, not a
 * report, before the end, open card, stale after a correction); rates
 * and their approvals; gross pay (overtime, double time, a rate changed
 * mid-period, salaries prorated, paid time off, rounding half up, a card
 * over midnight and the fall-back night); the export's CSV and its
 * refusals; paid time off accrued with a cap and a request refused over
 * the balance; the task list's items. It uses cmocka and MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "approval.h"
#include "clock.h"
#include "org.h"
#include "perm.h"
#include "timecard.h"
#include "tz.h"
#include "units.h"

static const char YAML[] =
	"practice:\n"
	"  name: Time Card Clinic\n"
	"  timezone: America/Chicago\n"
	"  hours: { mon: \"08:00-17:00\", tue: \"08:00-17:00\", wed: "
	"\"08:00-17:00\", thu: \"08:00-17:00\", fri: \"08:00-17:00\" }\n"
	"  holidays: [ { rule: \"fourth Thursday of November\", name: "
	"Thanksgiving } ]\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: owner, name: Olga Owner, job: owner}\n"
	"  - {id: om, name: Omar Manager, job: office_manager, hired: "
	"2026-11-09}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk, weekly_hours: 30}\n"
	"  - {id: fd2, name: Finn Desk, job: front_desk}\n"
	"settings:\n"
	"  payroll:\n"
	"    period: biweekly\n"
	"    anchor: 2026-11-02\n"
	"    pto_per_hour: \"0.05\"\n"
	"    pto_cap: 6h\n";

static const char *const OWNER_MAY[] = {
	"timecard.clock", "timecard.read", "timecard.approve", "payroll.read",
	"payroll.export", "approval.request", "approval.decide"};
static const char *const OM_MAY[] = {
	"timecard.clock", "timecard.read", "timecard.approve", "payroll.read",
	"payroll.export", "approval.request", "approval.decide"};
static const char *const FD_MAY[] = {"timecard.clock", "approval.request"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "owner", .title = "Owner", .level = "owner", MAY(OWNER_MAY)},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "owner", MAY(OM_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the route hook: the approvals the module uses ---- */

static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	const char *action = !strcmp(kind, "time_correction")
		? "timecard.correct" : !strcmp(kind, "pay_change")
		? "payroll.rate" : !strcmp(kind, "pto") ? "staff.away" : NULL;
	(void)ud;
	(void)f;
	(void)n;
	if (!action)
		return mo_err_set(e, MO_ENOTFOUND, "no approval \"%s\"", kind);
	snprintf(r->rule, sizeof r->rule, "approval %s (test.lua:1)", kind);
	snprintf(r->action, sizeof r->action, "%s", action);
	snprintf(r->reason, sizeof r->reason, "test route");
	r->needed = strcmp(requester, "owner") != 0;
	r->nsteps = r->needed;
	r->steps[0].njobs = 1;
	snprintf(r->steps[0].jobs[0], MO_ROUTE_ID, "%s",
		 !strcmp(kind, "pay_change") || !strcmp(requester, "om")
		 ? "owner" : "office_manager");
	return 0;
}

/* ---- the overtime rules ---- */

/* Past limit regular minutes in the week: overtime; past daily (when
 * set) in a day: overtime; past twelve hours: double time. */
typedef struct rule {
	int64_t weekly, daily, double_after;
	int calls;
	bool broken; /* split wrongly */
} rule;

static int split(void *ud, const mo_tc_week *w, mo_tc_split *out, mo_err *e)
{
	rule *r = ud;
	int64_t regular = 0;
	(void)e;
	r->calls++;
	for (size_t i = 0; i < w->ndays; i++) {
		int64_t m = w->minutes[i];
		int64_t dbl = r->double_after && m > r->double_after
			? m - r->double_after : 0;
		int64_t ot = r->daily && m - dbl > r->daily ? m - dbl - r->daily
							    : 0;
		int64_t reg = m - dbl - ot;
		if (regular + reg > r->weekly) {
			ot += regular + reg - r->weekly;
			reg -= regular + reg - r->weekly;
		}
		regular += reg;
		out[i] = (mo_tc_split){reg, ot + (r->broken ? 1 : 0), dbl};
	}
	return 0;
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	rule federal, daily;
	mo_tc_rules fed_rules, daily_rules;
} fixture;

static void set_now(const char *iso)
{
	setenv("MEDOFFICE_NOW", iso, 1);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	set_now("2026-11-16T14:00:00Z"); /* Monday 08:00 in Chicago */
	if (pfx_open("timecard", YAML, f->dir, &f->p))
		return -1;
	if (pfx_jobs(f->p, JOBS, NJOBS, &(mo_hooks){NULL, NULL, route, NULL, NULL}, &f->perm,
		     &f->org))
		return -1;
	f->federal = (rule){40 * 60, 0, 0, 0, false};
	f->daily = (rule){40 * 60, 8 * 60, 12 * 60, 0, false};
	f->fed_rules = (mo_tc_rules){&f->federal, "federal (test)", split};
	f->daily_rules = (mo_tc_rules){&f->daily, "daily (test)", split};
	/* a staff member removed from practice.yaml: inactive */
	exec_sql(f->p, "INSERT INTO entity(kind, id, data, active, created_us,"
		 " updated_us) VALUES('staff', 'gone', '{}', 0, 1, 1)");
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	pfx_jobs_free(f->perm, f->org);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* ---- helpers ---- */

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM tc_card",
	"SELECT count(*) FROM tc_card_version",
	"SELECT count(*) FROM tc_approval",
	"SELECT count(*) FROM pay_rate",
	"SELECT count(*) FROM payroll_export",
	"SELECT count(*) FROM request",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	NULL,
};
enum {
	S_CARDS, S_VERSIONS, S_APPROVALS, S_RATES, S_EXPORTS, S_REQUESTS,
	S_AUDIT, S_ALLOWED
};

/* A local time in Chicago as an instant. */
static int64_t lt(const char *s)
{
	int32_t day, sec;
	int64_t us = 0;
	mo_err e = {0};
	if (mo_tz_parse_local(s, &day, &sec, &e) ||
	    mo_tz_to_utc("America/Chicago", day, sec, MO_TZ_STRICT, &us, &e))
		fail_msg("%s: %s", s, e.msg);
	return us;
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	mo_err e = {0};
	if (mo_date_parse(s, &d, &e))
		fail_msg("%s: %s", s, e.msg);
	return d;
}

/* A card of staff added as the system (no approval). */
static int64_t card(fixture *f, const char *staff, const char *in,
		    const char *out)
{
	mo_tc_correction c = {0, staff, lt(in), lt(out), "paper timesheet"};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_tc_correct(f->p, MO_ACTOR_SYSTEM, staff, &c, 0, &id, &e))
		fail_msg("card: %s", e.msg);
	return id;
}

static void rate(fixture *f, const char *staff, const char *pay,
		 int64_t cents, const char *from)
{
	mo_tc_rate_new r = {staff, pay, cents, day(from), "test rate"};
	mo_err e = {0};
	if (mo_tc_rate_set(f->p, MO_ACTOR_SYSTEM, &r, 0, NULL, &e))
		fail_msg("rate: %s", e.msg);
}

static mo_tc_period period(fixture *f, const char *any)
{
	mo_tc_period pd;
	mo_err e = {0};
	if (mo_tc_period_of(f->p, day(any), 0, &pd, &e))
		fail_msg("period: %s", e.msg);
	return pd;
}

/* The register's lines, kept. */
typedef struct lines {
	int n;
	mo_tc_pay_line l[16];
	char staff[16][16];
} lines;

static int keep_line(void *ud, const mo_tc_pay_line *l)
{
	lines *s = ud;
	assert_true(s->n < 16);
	s->l[s->n] = *l;
	snprintf(s->staff[s->n], 16, "%s", l->staff);
	s->l[s->n].staff = s->staff[s->n];
	s->l[s->n].name = NULL;
	s->n++;
	return 0;
}

static lines reg(fixture *f, const char *any, const mo_tc_rules *rules)
{
	mo_tc_period pd = period(f, any);
	lines s = {0};
	mo_err e = {0};
	if (mo_tc_register(f->p, "om", &pd, rules, keep_line, &s, &e))
		fail_msg("register: %s", e.msg);
	return s;
}

static const mo_tc_pay_line *line(const lines *s, const char *staff, int k)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->staff[i], staff) && k-- == 0)
			return &s->l[i];
	fail_msg("no line %d of %s", k, staff);
	return NULL;
}

/* ---- settings ---- */

static int settings_of(const char *payroll, mo_tc_settings *s, mo_err *e)
{
	char yaml[1024];
	mo_config *c = NULL;
	int rc;
	snprintf(yaml, sizeof yaml, "practice: {name: X, timezone: UTC}\n"
		 "locations: [{id: main, name: Main}]\n"
		 "staff: [{id: a, name: A, job: j}]\n"
		 "settings:\n  payroll:\n%s", payroll);
	if ((rc = mo_config_parse(yaml, strlen(yaml), "practice.yaml", &c, e)))
		return rc;
	static char overtime[64]; /* s->overtime outlives the config */
	rc = mo_tc_settings_read(c, s, e);
	if (!rc && s->overtime) {
		snprintf(overtime, sizeof overtime, "%s", s->overtime);
		s->overtime = overtime;
	}
	mo_config_free(c);
	return rc;
}

static void setting_refused(const char *payroll, const char *msg)
{
	mo_tc_settings s;
	mo_err e = {0};
	assert_int_equal(settings_of(payroll, &s, &e), MO_ECONFIG);
	assert_string_equal(e.msg, msg);
}

static void test_settings(void **state)
{
	mo_tc_settings s;
	mo_err e = {0};
	(void)state;
	assert_int_equal(settings_of("    {}\n", &s, &e), 0);
	assert_int_equal(s.period, MO_TC_BIWEEKLY);
	assert_int_equal(s.anchor, day("2024-01-01"));
	assert_int_equal(s.week_start, 0);
	assert_int_equal(s.rounding, 1);
	assert_null(s.overtime);
	assert_int_equal(s.pto_ppm, 0);
	assert_int_equal(s.pto_day, 480);
	assert_int_equal(s.open_after, 14 * 3600);
	assert_int_equal(settings_of("    period: semimonthly\n    anchor: "
				     "2026-11-04\n    rounding: 15\n    "
				     "overtime: daily\n    pto_per_hour: "
				     "\"0.0385\"\n    pto_cap: 80h\n    "
				     "pto_day: 7h30m\n    pto_negative: true\n"
				     "    open_after: 16h\n", &s, &e), 0);
	assert_int_equal(s.period, MO_TC_SEMIMONTHLY);
	assert_int_equal(s.week_start, 2); /* the anchor is a Wednesday */
	assert_int_equal(s.rounding, 15);
	assert_string_equal(s.overtime, "daily");
	assert_int_equal(s.pto_ppm, 38500);
	assert_int_equal(s.pto_cap, 80 * 60);
	assert_int_equal(s.pto_day, 450);
	assert_true(s.pto_negative);
	assert_int_equal(s.open_after, 16 * 3600);
	assert_int_equal(settings_of("    week_start: sun\n", &s, &e), 0);
	assert_int_equal(s.week_start, 6);
	setting_refused("    period: monthly\n", "practice.yaml:6:13: "
			"settings.payroll.period: expected weekly, biweekly or "
			"semimonthly, got \"monthly\"");
	setting_refused("    perod: weekly\n", "practice.yaml:6:5: "
			"settings.payroll: unknown key 'perod' (did you mean "
			"\"period\"?)");
	setting_refused("    rounding: 7\n", "practice.yaml:6:15: "
			"settings.payroll.rounding: expected minutes: 1, 5, 6, "
			"10, 15 or 30, got \"7\"");
	setting_refused("    pto_per_hour: \"1.5\"\n", "practice.yaml:6:19: "
			"settings.payroll.pto_per_hour: expected hours of paid "
			"time off per hour worked, 0 to 1 with up to 6 "
			"decimals (0.0385), got \"1.5\"");
	setting_refused("    pto_per_hour: \"0.1234567\"\n",
			"practice.yaml:6:19: settings.payroll.pto_per_hour: "
			"expected hours of paid time off per hour worked, 0 to "
			"1 with up to 6 decimals (0.0385), got \"0.1234567\"");
	setting_refused("    week_start: monday\n", "practice.yaml:6:17: "
			"settings.payroll.week_start: expected a weekday: mon "
			"tue wed thu fri sat sun, got \"monday\"");
	setting_refused("    pto_cap: 90s\n", "practice.yaml:6:14: "
			"settings.payroll.pto_cap: expected whole minutes, up "
			"to 1000h, got \"90s\"");
	setting_refused("    pto_negative: maybe\n", "practice.yaml:6:19: "
			"settings.payroll.pto_negative: expected true or false "
			"(without quotes), got \"maybe\"");
}

/* ---- periods ---- */

static void assert_period(mo_practice *p, const char *d, int back,
			  const char *first, const char *last)
{
	mo_tc_period pd;
	mo_err e = {0};
	assert_int_equal(mo_tc_period_of(p, day(d), back, &pd, &e), 0);
	assert_int_equal(pd.first, day(first));
	assert_int_equal(pd.last, day(last));
}

static void test_periods(void **state)
{
	fixture *f = *state;
	mo_tc_period pd;
	mo_err e = {0};
	assert_period(f->p, "2026-11-16", 0, "2026-11-16", "2026-11-29");
	assert_period(f->p, "2026-11-29", 0, "2026-11-16", "2026-11-29");
	assert_period(f->p, "2026-11-30", 0, "2026-11-30", "2026-12-13");
	assert_period(f->p, "2026-11-20", 1, "2026-11-02", "2026-11-15");
	assert_period(f->p, "2026-10-01", 0, "2026-09-21", "2026-10-04");
	assert_int_equal(mo_tc_period_of(f->p, day("2026-11-20"), -1, &pd, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "pay period: expected 0 to 1000 periods "
			    "back, got -1");
}

/* Semimonthly: halves of months, February and December included. */
static void test_semimonthly(void **state)
{
	mo_tc_settings s;
	mo_err e = {0};
	char dir[64], yaml[sizeof YAML + 64];
	mo_practice *p;
	(void)state;
	snprintf(yaml, sizeof yaml, "%s", YAML);
	strcpy(strstr(yaml, "    period: biweekly"),
	       "    period: semimonthly\n");
	assert_int_equal(pfx_open("tc-semi", yaml, dir, &p), 0);
	assert_int_equal(mo_tc_settings_read(mo_practice_config(p), &s, &e), 0);
	assert_period(p, "2026-11-15", 0, "2026-11-01", "2026-11-15");
	assert_period(p, "2026-11-16", 0, "2026-11-16", "2026-11-30");
	assert_period(p, "2028-02-20", 0, "2028-02-16", "2028-02-29");
	assert_period(p, "2026-12-31", 0, "2026-12-16", "2026-12-31");
	assert_period(p, "2027-01-03", 1, "2026-12-16", "2026-12-31");
	assert_period(p, "2027-01-03", 2, "2026-12-01", "2026-12-15");
	pfx_close(p, dir);
}

/* ---- clocking in and out ---- */

static void clock_refused(fixture *f, bool in, const char *who, int rc,
			  const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(in ? mo_tc_clock_in(f->p, who, &id, &e)
			    : mo_tc_clock_out(f->p, who, &id, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void test_clock(void **state)
{
	fixture *f = *state;
	int64_t id = 0, out = 0;
	mo_err e = {0};
	clock_refused(f, false, "fd", MO_ENOTFOUND, "clock out: fd is not "
		      "clocked in");
	clock_refused(f, true, "system", MO_EINVAL, "clock in: system is not "
		      "a staff member; act as one (--as STAFF)");
	clock_refused(f, true, "ghost", MO_EINVAL, "clock in: ghost is not on "
		      "the staff of practice.yaml");
	clock_refused(f, true, "gone", MO_EINVAL, "clock in: gone is no "
		      "longer on the staff (inactive: removed from "
		      "practice.yaml)");
	clock_refused(f, true, NULL, MO_EINVAL, "clock in: which staff "
		      "member? (--as STAFF)");
	assert_int_equal(mo_tc_clock_in(f->p, "fd", &id, &e), 0);
	assert_int_equal(audit_entries(f->p, "fd", "timecard.clock",
				       "timecard:1"), 1);
	clock_refused(f, true, "fd", MO_EEXIST, "clock in: fd is clocked in "
		      "already (card 1, since 2026-11-16 08:00); clock out "
		      "first");
	set_now("2026-11-16T13:00:00Z"); /* the clock went back an hour */
	clock_refused(f, false, "fd", MO_EINVAL, "clock out: 2026-11-16 07:00 "
		      "is not after the clock-in of card 1 (2026-11-16 08:00): "
		      "a time card may not run backwards");
	set_now("2026-11-17T14:30:00Z");
	clock_refused(f, false, "fd", MO_EINVAL, "clock out: card 1 has been "
		      "open since 2026-11-16 08:00 (24 hours; a card is at "
		      "most 24): ask for a correction with its clock-out "
		      "(medoffice timecards correct 1 --out \"YYYY-MM-DD "
		      "HH:MM\" --reason ...)");
	set_now("2026-11-16T22:31:00Z");
	assert_int_equal(mo_tc_clock_out(f->p, "fd", &out, &e), 0);
	assert_int_equal(out, 1);
	assert_int_equal(query_int(f->p, "SELECT version FROM tc_card"), 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM "
				   "tc_card_version"), 2);
	/* inside the card just closed */
	set_now("2026-11-16T20:00:00Z");
	clock_refused(f, true, "fd", MO_EINVAL, "clock in: 2026-11-16 14:00 "
		      "falls inside fd's card 1 (2026-11-16 08:00 to "
		      "2026-11-16 16:31); time cards may not overlap");
}

/* The cards a list passed. */
typedef struct seen {
	int n;
	int64_t id[16], minutes[16];
	int version[16];
	char event[16][12];
} seen;

static int keep_card(void *ud, const mo_tc_card *c)
{
	seen *s = ud;
	assert_true(s->n < 16);
	s->id[s->n] = c->id;
	s->minutes[s->n] = c->minutes;
	s->version[s->n] = c->version;
	snprintf(s->event[s->n], 12, "%s", c->event);
	s->n++;
	return 0;
}

static void test_lists(void **state)
{
	fixture *f = *state;
	mo_tc_filter q = {"fd", day("2026-11-16"), day("2026-11-16"), false};
	seen s = {0};
	mo_err e = {0};
	set_now("2026-11-20T18:00:00Z");
	card(f, "fd", "2026-11-16 08:00", "2026-11-16 12:30");
	card(f, "fd", "2026-11-17 23:00", "2026-11-18 01:00");
	card(f, "fd2", "2026-11-16 09:00", "2026-11-16 10:00");
	assert_int_equal(mo_tc_list(f->p, "fd", &q, keep_card, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.minutes[0], 270);
	assert_string_equal(s.event[0], "added");
	assert_int_equal(audit_entries(f->p, "fd", "timecard.clock",
				       "timecards:fd"), 1);
	/* a card over midnight touches both days */
	q = (mo_tc_filter){NULL, day("2026-11-18"), day("2026-11-18"), false};
	s = (seen){0};
	assert_int_equal(mo_tc_list(f->p, "om", &q, keep_card, &s, &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.minutes[0], 120);
	/* anyone's cards need timecard.read */
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_tc_list(f->p, "fd", &q, keep_card, &s, &e),
			 MO_EDENIED);
	assert_msg(e, "fd may not timecard.read");
	before.v[S_ALLOWED] = query_int(f->p, STATE[S_ALLOWED]);
	pfx_snap_same(f->p, &before);
	q = (mo_tc_filter){NULL, day("2026-11-18"), day("2026-11-17"), false};
	assert_int_equal(mo_tc_list(f->p, "om", &q, keep_card, &s, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "time cards to: 2026-11-17 is before from "
			    "2026-11-18");
	assert_int_equal(mo_tc_history(f->p, "om", 99, keep_card, &s, &e),
			 MO_ENOTFOUND);
	assert_string_equal(e.msg, "no time card 99");
}

/* ---- corrections ---- */

static void correct_refused(fixture *f, mo_tc_correction c, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	assert_int_not_equal(mo_tc_correct_request(f->p, "fd", &c, &id, &e),
			     0);
	assert_string_equal(e.msg, msg);
	assert_int_not_equal(mo_tc_correct(f->p, MO_ACTOR_SYSTEM, "fd", &c, 0,
					   &id, &e), 0);
	assert_string_equal(e.msg, msg);
	assert_int_not_equal(mo_tc_correct_check(f->p, "fd", &c, &e), 0);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static void test_correct_refused(void **state)
{
	fixture *f = *state;
	int64_t a, b;
	set_now("2026-11-20T18:00:00Z");
	a = card(f, "fd", "2026-11-17 08:00", "2026-11-17 16:00");
	b = card(f, "fd", "2026-11-18 08:00", "2026-11-18 16:00");
	correct_refused(f, (mo_tc_correction){a, NULL, 0, lt("2026-11-17 "
		"07:00"), "wrong"}, "time correction out: 2026-11-17 07:00 is "
		"not after the clock-in 2026-11-17 08:00: a time card may not "
		"run backwards");
	correct_refused(f, (mo_tc_correction){b, NULL, lt("2026-11-17 15:00"),
		lt("2026-11-17 17:00"), "early"}, "time correction: the card would overlap fd's "
		"card 1 (2026-11-17 08:00 to 2026-11-17 16:00); time cards "
		"may not overlap");
	correct_refused(f, (mo_tc_correction){0, NULL, lt("2026-11-18 "
		"15:00"), lt("2026-11-18 17:00"), "late"}, "time correction: "
		"the card would overlap fd's card 2 (2026-11-18 08:00 to "
		"2026-11-18 16:00); time cards may not overlap");
	correct_refused(f, (mo_tc_correction){0, NULL, lt("2026-11-16 "
		"08:00"), lt("2026-11-17 08:01"), "long"}, "time correction: "
		"2026-11-16 08:00 to 2026-11-17 08:01 is 24:01 hours; a time "
		"card is at most 24");
	correct_refused(f, (mo_tc_correction){0, NULL, lt("2026-11-20 "
		"11:00"), lt("2026-11-20 13:00"), "later"}, "time correction "
		"out: 2026-11-20 13:00 is in the future");
	correct_refused(f, (mo_tc_correction){0, NULL, lt("2026-11-21 "
		"11:00"), lt("2026-11-21 13:00"), "later"}, "time correction "
		"in: 2026-11-21 11:00 is in the future");
	correct_refused(f, (mo_tc_correction){0, NULL, lt("2026-11-16 "
		"08:00"), 0, "missing"}, "time correction: a missing card "
		"needs its clock-in and its clock-out");
	correct_refused(f, (mo_tc_correction){a, NULL, 0, 0, "none"},
		"time correction: give card 1's new clock-in, clock-out or "
		"both");
	correct_refused(f, (mo_tc_correction){a, NULL, lt("2026-11-17 08:00"),
		0, "same"}, "time correction: card 1 has these times "
		"already");
	correct_refused(f, (mo_tc_correction){a, "fd2", lt("2026-11-17 "
		"09:00"), 0, "theirs"}, "time correction staff: card 1 is "
		"fd's, not fd2's");
	correct_refused(f, (mo_tc_correction){99, NULL, lt("2026-11-17 "
		"09:00"), 0, "no card"}, "time correction card: no time card "
		"99");
	correct_refused(f, (mo_tc_correction){a, NULL, lt("2026-11-17 "
		"09:00"), 0, ""}, "time correction reason: expected one line "
		"of 1 to 200 characters");
	correct_refused(f, (mo_tc_correction){a, NULL, lt("2026-11-17 "
		"09:00"), 0, "two\nlines"}, "time correction reason: "
		"expected one line of 1 to 200 characters");
	correct_refused(f, (mo_tc_correction){0, "gone", lt("2026-11-16 "
		"08:00"), lt("2026-11-16 09:00"), "old"}, "time correction "
		"staff: gone is no longer on the staff (inactive: removed from "
		"practice.yaml)");
}

static int decide(fixture *f, const char *who, int64_t id, mo_err *e)
{
	return mo_approval_decide(f->p, who, id, true, "checked", e);
}

static void test_correct(void **state)
{
	fixture *f = *state;
	mo_tc_correction c;
	int64_t a, req = 0, id = 0;
	seen s = {0};
	mo_err e = {0};
	set_now("2026-11-16T14:00:00Z");
	assert_int_equal(mo_tc_clock_in(f->p, "fd", &a, &e), 0);
	set_now("2026-11-18T18:00:00Z"); /* forgot to clock out */
	c = (mo_tc_correction){a, NULL, 0, lt("2026-11-16 16:30"),
			       "forgot to clock out"};
	assert_int_equal(mo_tc_correct_request(f->p, "fd", &c, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT out_us IS NULL FROM tc_card"),
			 1);
	assert_int_equal(decide(f, "om", req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT version FROM tc_card"), 2);
	assert_int_equal(audit_entries(f->p, "om", "timecard.correct",
				       "timecard:1"), 1);
	/* a missing card, added */
	c = (mo_tc_correction){0, NULL, lt("2026-11-17 08:00"),
			       lt("2026-11-17 12:00"), "card reader was down"};
	assert_int_equal(mo_tc_correct_request(f->p, "fd", &c, &req, &e), 0);
	assert_int_equal(decide(f, "om", req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM tc_card WHERE "
				   "event = 'added' AND request IS NOT NULL"),
			 1);
	/* the manager's own goes to the owner */
	c = (mo_tc_correction){0, "om", lt("2026-11-17 08:00"),
			       lt("2026-11-17 12:00"), "meeting offsite"};
	assert_int_equal(mo_tc_correct_request(f->p, "om", &c, &req, &e), 0);
	assert_int_equal(decide(f, "om", req, &e), MO_EDENIED);
	assert_int_equal(decide(f, "owner", req, &e), 0);
	/* history */
	assert_int_equal(mo_tc_history(f->p, "fd", a, keep_card, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.event[0], "in");
	assert_string_equal(s.event[1], "correction");
	assert_int_equal(s.minutes[1], 510);
	/* a second correction: a third version */
	c = (mo_tc_correction){a, NULL, lt("2026-11-16 08:15"), 0, "late"};
	assert_int_equal(mo_tc_correct(f->p, MO_ACTOR_SYSTEM, "fd", &c, 0, &id,
				       &e), 0);
	assert_int_equal(id, a);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM tc_card_version "
				   "WHERE card = 1"), 3);
	/* the history and the cards are kept */
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(f->p));
	assert_int_not_equal(sqlite3_exec(sq, "UPDATE tc_card_version SET "
					  "in_us = 0", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(sq, "DELETE FROM tc_card", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(sq, "UPDATE tc_card SET in_us = 0",
					  NULL, NULL, NULL), SQLITE_OK);
}

/* The guarded action from a request's facts (as `medoffice request
 * time_correction ... --fact card=1 --fact out=...`). */
static void test_correct_facts(void **state)
{
	fixture *f = *state;
	int64_t a, req;
	mo_err e = {0};
	set_now("2026-11-18T18:00:00Z");
	a = card(f, "fd", "2026-11-17 08:00", "2026-11-17 16:00");
	mo_fact bad[] = {{"card", MO_FACT_STR, "one", 0}};
	mo_request_new in = {"time_correction", "fix", false, 0, bad, 1};
	assert_int_equal(mo_approval_request(f->p, "fd", &in, &req, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, "timecard.correct: the fact card is the "
			    "number of the time card, such as card=12");
	mo_fact late[] = {{"card", MO_FACT_INT, NULL, a},
			  {"out", MO_FACT_STR, "2026-11-17 25:00", 0}};
	in = (mo_request_new){"time_correction", "fix", false, 0, late, 2};
	assert_int_equal(mo_approval_request(f->p, "fd", &in, &req, &e),
			 MO_EINVAL);
	assert_msg(e, "timecard.correct: out: ");
	mo_fact ok[] = {{"card", MO_FACT_INT, NULL, a},
			{"out", MO_FACT_STR, "2026-11-17T23:00:00Z", 0}};
	in = (mo_request_new){"time_correction", "fix", false, 0, ok, 2};
	assert_int_equal(mo_approval_request(f->p, "fd", &in, &req, &e), 0);
	assert_int_equal(decide(f, "om", req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT out_us FROM tc_card"),
			 lt("2026-11-17 17:00"));
}

/* ---- approving a period ---- */

static void approve_refused(fixture *f, const char *who, const char *staff,
			    const char *d, int rc, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	assert_int_equal(mo_tc_approve(f->p, who, staff, day(d), &id, &e), rc);
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	/* denials are logged */
	before.v[S_ALLOWED] = query_int(f->p, STATE[S_ALLOWED]);
	pfx_snap_same(f->p, &before);
}

static void test_approve(void **state)
{
	fixture *f = *state;
	mo_tc_correction c;
	int64_t id = 0, open;
	mo_err e = {0};
	set_now("2026-11-25T18:00:00Z");
	card(f, "fd", "2026-11-17 08:00", "2026-11-17 16:00");
	approve_refused(f, "om", "fd", "2026-11-17", MO_EINVAL,
			"timecard approve: the period 2026-11-16..2026-11-29 "
			"ends on 2026-11-29; approve its cards from then on");
	set_now("2026-11-29T18:00:00Z");
	assert_int_equal(mo_tc_clock_in(f->p, "fd", &open, &e), 0);
	approve_refused(f, "om", "fd", "2026-11-17", MO_EINVAL,
			"timecard approve: fd has 1 open card in "
			"2026-11-16..2026-11-29: clock out or ask for a "
			"correction first");
	set_now("2026-11-29T20:00:00Z");
	assert_int_equal(mo_tc_clock_out(f->p, "fd", NULL, &e), 0);
	approve_refused(f, "om", "fd2", "2026-11-17", MO_ENOTFOUND,
			"timecard approve: fd2 has no time cards in "
			"2026-11-16..2026-11-29");
	approve_refused(f, "om", "ghost", "2026-11-17", MO_EINVAL,
			"timecard approve staff: ghost is not on the staff of "
			"practice.yaml");
	approve_refused(f, "om", NULL, "2026-11-17", MO_EINVAL,
			"timecard approve staff: whose time cards?");
	approve_refused(f, "fd", "fd", "2026-11-17", MO_EDENIED,
			"fd may not timecard.approve: the job Front desk "
			"(front_desk) does not permit it");
	card(f, "om", "2026-11-17 08:00", "2026-11-17 16:00");
	approve_refused(f, "om", "om", "2026-11-17", MO_EDENIED,
			"om may not timecard.approve: nobody approves their "
			"own time cards");
	assert_int_equal(mo_tc_approve(f->p, "owner", "om", day("2026-11-20"),
				       &id, &e), 0);
	assert_int_equal(mo_tc_approve(f->p, "om", "fd", day("2026-11-20"),
				       &id, &e), 0);
	assert_int_equal(audit_entries(f->p, "om", "timecard.approve",
				       "timecards:fd:2026-11-16"), 1);
	approve_refused(f, "owner", "fd", "2026-11-17", MO_EEXIST,
			"timecard approve: fd's cards of 2026-11-16..2026-11-29 "
			"are approved already (by om)");
	/* a correction makes the approval stale */
	c = (mo_tc_correction){1, NULL, lt("2026-11-17 08:30"), 0, "late"};
	assert_int_equal(mo_tc_correct(f->p, MO_ACTOR_SYSTEM, "fd", &c, 0,
				       NULL, &e), 0);
	assert_int_equal(mo_tc_approve(f->p, "owner", "fd", day("2026-11-20"),
				       &id, &e), 0);
}

/* Someone who does not report to the approver. */
static void test_approve_chain(void **state)
{
	fixture *f = *state;
	int64_t id;
	mo_err e = {0};
	set_now("2026-11-30T18:00:00Z");
	card(f, "om", "2026-11-17 08:00", "2026-11-17 16:00");
	approve_refused(f, "fd2", "om", "2026-11-17", MO_EDENIED,
			"fd2 may not timecard.approve: the job Front desk "
			"(front_desk) does not permit it");
	card(f, "owner", "2026-11-17 08:00", "2026-11-17 16:00");
	/* the top of the chart: anyone else who may approve */
	assert_int_equal(mo_tc_approve(f->p, "om", "owner", day("2026-11-17"),
				       &id, &e), 0);
}

/* ---- rates ---- */

static void rate_refused(fixture *f, mo_tc_rate_new r, const char *msg)
{
	pfx_snap before = pfx_snap_take(f->p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	assert_int_equal(mo_tc_rate_request(f->p, "om", &r, &id, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(mo_tc_rate_set(f->p, MO_ACTOR_SYSTEM, &r, 0, &id, &e),
			 MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(f->p, &before);
}

static int keep_rate(void *ud, const mo_tc_rate *r)
{
	seen *s = ud;
	s->id[s->n] = r->rate;
	s->version[s->n++] = r->current;
	return 0;
}

static void test_rates(void **state)
{
	fixture *f = *state;
	int32_t d = day("2026-11-01");
	int64_t req;
	seen s = {0};
	mo_err e = {0};
	rate_refused(f, (mo_tc_rate_new){"ghost", "hourly", 1950, d, "r"},
		     "pay rate staff: ghost is not on the staff of "
		     "practice.yaml");
	rate_refused(f, (mo_tc_rate_new){"fd", "daily", 1950, d, "r"},
		     "pay rate pay: expected hourly or salary, got \"daily\"");
	rate_refused(f, (mo_tc_rate_new){"fd", NULL, 1950, d, "r"},
		     "pay rate pay: expected hourly or salary, got none");
	rate_refused(f, (mo_tc_rate_new){"fd", "hourly", 0, d, "r"},
		     "pay rate rate: expected 0.01 to 1000.00 an hour, got "
		     "0.00");
	rate_refused(f, (mo_tc_rate_new){"fd", "hourly", 100001, d, "r"},
		     "pay rate rate: expected 0.01 to 1000.00 an hour, got "
		     "1000.01");
	rate_refused(f, (mo_tc_rate_new){"fd", "salary", -5, d, "r"},
		     "pay rate rate: expected 0.01 to 10000000.00 a year, got "
		     "-0.05");
	rate_refused(f, (mo_tc_rate_new){"fd", "hourly", 1950,
					 day("2027-12-01"), "r"},
		     "pay rate from: 2027-12-01 is more than a year ahead");
	rate_refused(f, (mo_tc_rate_new){"fd", "hourly", 1950, d, NULL},
		     "pay rate reason: expected one line of 1 to 200 "
		     "characters");
	mo_tc_rate_new r = {"fd", "hourly", 1950, d, "hired"};
	assert_int_equal(mo_tc_rate_request(f->p, "om", &r, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM pay_rate"), 0);
	assert_int_equal(decide(f, "owner", req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT request FROM pay_rate"), req);
	r = (mo_tc_rate_new){"fd", "hourly", 2100, day("2026-12-01"), "raise"};
	assert_int_equal(mo_tc_rate_request(f->p, "owner", &r, &req, &e), 0);
	assert_int_equal(mo_tc_rates(f->p, "om", "fd", keep_rate, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.id[0], 1950);
	assert_int_equal(s.version[0], 1); /* current: the raise is ahead */
	assert_int_equal(s.version[1], 0);
	assert_int_equal(mo_tc_rates(f->p, "fd", "fd", keep_rate, &s, &e),
			 MO_EDENIED);
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(f->p));
	assert_int_not_equal(sqlite3_exec(sq, "UPDATE pay_rate SET rate = 1",
					  NULL, NULL, NULL), SQLITE_OK);
}

/* ---- gross pay ---- */

static void test_overtime(void **state)
{
	fixture *f = *state;
	lines s;
	set_now("2026-12-01T18:00:00Z");
	rate(f, "fd", "hourly", 2000, "2026-01-01");
	/* week 1: 4 days of 10 hours and a Friday of 8: 48 hours */
	card(f, "fd", "2026-11-16 08:00", "2026-11-16 18:00");
	card(f, "fd", "2026-11-17 08:00", "2026-11-17 18:00");
	card(f, "fd", "2026-11-18 08:00", "2026-11-18 18:00");
	card(f, "fd", "2026-11-19 08:00", "2026-11-19 18:00");
	card(f, "fd", "2026-11-20 08:00", "2026-11-20 16:00");
	/* week 2: a 13-hour day */
	card(f, "fd", "2026-11-24 07:00", "2026-11-24 20:00");
	s = reg(f, "2026-11-20", &f->fed_rules);
	const mo_tc_pay_line *l = line(&s, "fd", 0);
	assert_int_equal(l->regular, 53 * 60);
	assert_int_equal(l->overtime, 8 * 60);
	assert_int_equal(l->double_time, 0);
	assert_int_equal(l->regular_pay, 106000);
	assert_int_equal(l->overtime_pay, 24000);
	assert_int_equal(l->gross, 130000);
	assert_false(l->approved);
	assert_int_equal(f->federal.calls, 2);
	/* the daily rule: 2 hours a day past 8, the 13-hour day 8+4+1 */
	s = reg(f, "2026-11-20", &f->daily_rules);
	l = line(&s, "fd", 0);
	assert_int_equal(l->overtime, (8 + 4) * 60);
	assert_int_equal(l->double_time, 60);
	assert_int_equal(l->regular, (40 + 8) * 60);
	assert_int_equal(l->double_pay, 4000);
	assert_int_equal(l->gross, 96000 + 36000 + 4000);
	/* a rule that splits wrongly, or none */
	mo_tc_period pd = period(f, "2026-11-20");
	mo_err e = {0};
	f->federal.broken = true;
	assert_int_equal(mo_tc_register(f->p, "om", &pd, &f->fed_rules,
					keep_line, &s, &e), MO_EINVAL);
	assert_string_equal(e.msg, "overtime rule federal (test): 2026-11-16 "
			    "of fd: regular 600 + overtime 1 + double time 0 "
			    "minutes is not the 600 minutes worked");
	assert_int_equal(mo_tc_register(f->p, "om", &pd, NULL, keep_line, &s,
					&e), MO_EINVAL);
	assert_string_equal(e.msg, "payroll: fd worked by the hour and no "
			    "overtime rule is loaded: list payroll/overtime.lua "
			    "in practice.yaml's policies");
}

/* A period starting mid-week (semimonthly): the days of the week before
 * the period count toward its 40 hours. */
static void test_midweek(void **state)
{
	char dir[64], yaml[sizeof YAML + 64];
	mo_tc_rules rules;
	rule federal = {40 * 60, 0, 0, 0, false};
	mo_tc_period pd;
	mo_practice *p;
	lines s = {0};
	mo_err e = {0};
	(void)state;
	snprintf(yaml, sizeof yaml, "%s", YAML);
	strcpy(strstr(yaml, "    period: biweekly"),
	       "    period: semimonthly\n");
	assert_int_equal(pfx_open("tc-mid", yaml, dir, &p), 0);
	rules = (mo_tc_rules){&federal, "federal (test)", split};
	set_now("2026-12-20T18:00:00Z");
	mo_tc_rate_new r = {"fd", "hourly", 1000, day("2026-01-01"), "r"};
	assert_int_equal(mo_tc_rate_set(p, MO_ACTOR_SYSTEM, &r, 0, NULL, &e),
			 0);
	/* Monday 11-30 .. Friday 12-04, 9 hours a day: 45 hours */
	for (int i = 0; i < 5; i++) {
		int32_t d = day("2026-11-30") + i;
		char a[11], in[32], out[32];
		mo_date_format(d, a);
		snprintf(in, sizeof in, "%s 08:00", a);
		snprintf(out, sizeof out, "%s 17:00", a);
		mo_tc_correction c = {0, "fd", lt(in), lt(out), "paper"};
		assert_int_equal(mo_tc_correct(p, MO_ACTOR_SYSTEM, "fd", &c, 0,
					       NULL, &e), 0);
	}
	assert_int_equal(mo_tc_period_of(p, day("2026-12-04"), 0, &pd, &e), 0);
	assert_int_equal(pd.first, day("2026-12-01"));
	assert_int_equal(mo_tc_register(p, "om", &pd, &rules, keep_line, &s,
					&e), 0);
	assert_int_equal(line(&s, "fd", 0)->regular, 31 * 60);
	assert_int_equal(line(&s, "fd", 0)->overtime, 5 * 60);
	pfx_close(p, dir);
}

static void test_rates_in_period(void **state)
{
	fixture *f = *state;
	lines s;
	set_now("2026-12-01T18:00:00Z");
	rate(f, "fd", "hourly", 1999, "2026-01-01");
	rate(f, "fd", "hourly", 2500, "2026-11-23");
	rate(f, "om", "salary", 5200000, "2026-01-01"); /* hired 2026-11-09 */
	card(f, "fd", "2026-11-17 08:00", "2026-11-17 08:07");
	card(f, "fd", "2026-11-24 08:00", "2026-11-24 16:00");
	s = reg(f, "2026-11-20", &f->fed_rules);
	const mo_tc_pay_line *a = line(&s, "fd", 0), *b = line(&s, "fd", 1);
	assert_int_equal(a->rate, 1999);
	assert_int_equal(a->regular, 7);
	assert_int_equal(a->regular_pay, 233); /* 233.2 */
	assert_int_equal(b->rate, 2500);
	assert_int_equal(b->regular_pay, 20000);
	const mo_tc_pay_line *m = line(&s, "om", 0);
	assert_string_equal(m->pay, "salary");
	assert_int_equal(m->days, 14);
	assert_int_equal(m->salary_pay, 200000);
	assert_true(m->approved); /* no cards */
	/* the period of the hire: 11-02..11-15, from 11-09 on: 7 days */
	s = reg(f, "2026-11-10", &f->fed_rules);
	m = line(&s, "om", 0);
	assert_int_equal(m->days, 7);
	assert_int_equal(m->salary_pay, 100000);
	/* rounding half up: 1 minute at 0.30 an hour is 0.005 */
	rate(f, "fd2", "hourly", 30, "2026-01-01");
	card(f, "fd2", "2026-11-18 08:00", "2026-11-18 08:01");
	s = reg(f, "2026-11-20", &f->fed_rules);
	assert_int_equal(line(&s, "fd2", 0)->regular_pay, 1);
}

/* The fall-back night: a card from 22:00 to 06:00 lasts 9 hours, split
 * at midnight. */
static void test_dst(void **state)
{
	fixture *f = *state;
	lines s;
	set_now("2026-11-05T18:00:00Z");
	rate(f, "fd", "hourly", 1000, "2026-01-01");
	card(f, "fd", "2026-10-31 22:00", "2026-11-01 06:00");
	s = reg(f, "2026-11-01", &f->fed_rules); /* 10-19..11-01 */
	assert_int_equal(line(&s, "fd", 0)->regular, 9 * 60);
	s = reg(f, "2026-11-02", &f->fed_rules);
	assert_int_equal(s.n, 1); /* fd: an hourly line without time */
	assert_int_equal(line(&s, "fd", 0)->regular, 0);
}

/* Cards of h hours from 06:00 on n days from first. */
static void cards(fixture *f, const char *staff, const char *first, int n,
		  int h)
{
	for (int i = 0; i < n; i++) {
		char d[11], in[32], out[32];
		mo_date_format(day(first) + i, d);
		snprintf(in, sizeof in, "%s 06:00", d);
		snprintf(out, sizeof out, "%s %02d:00", d, 6 + h);
		card(f, staff, in, out);
	}
}

static void test_pto_pay(void **state)
{
	fixture *f = *state;
	lines s;
	int64_t req;
	mo_err e = {0};
	set_now("2026-11-18T18:00:00Z");
	rate(f, "fd", "hourly", 2000, "2026-01-01");
	/* a day off is 6 hours (30 a week over 5 open days) */
	assert_int_equal(mo_tc_time_off_request(f->p, "fd", day("2026-11-26"),
						day("2026-11-27"), "family",
						&req, &e), MO_EINVAL);
	assert_string_equal(e.msg, "time off: 6:00 hours is more than fd has "
			    "left: a balance of 0:00 hours less 0:00 planned "
			    "already");
	/* 120 hours worked earn 6 hours (the cap) */
	cards(f, "fd", "2026-10-15", 20, 6);
	/* Thanksgiving is a holiday: only the Friday takes time off */
	assert_int_equal(mo_tc_time_off_request(f->p, "fd", day("2026-11-26"),
						day("2026-11-27"), "family",
						&req, &e), 0);
	assert_int_equal(decide(f, "om", req, &e), 0);
	assert_int_equal(mo_tc_time_off_request(f->p, "fd", day("2026-11-30"),
						day("2026-11-30"), "more",
						&req, &e), MO_EINVAL);
	assert_string_equal(e.msg, "time off: 6:00 hours is more than fd has "
			    "left: a balance of 6:00 hours less 6:00 planned "
			    "already");
	set_now("2026-12-01T18:00:00Z");
	s = reg(f, "2026-11-20", &f->fed_rules);
	assert_int_equal(line(&s, "fd", 0)->pto, 6 * 60);
	assert_int_equal(line(&s, "fd", 0)->pto_pay, 12000);
	assert_int_equal(line(&s, "fd", 0)->gross, 12000);
	assert_int_equal(mo_tc_time_off_request(f->p, "fd", day("2026-12-20"),
						day("2026-12-19"), "x", &req,
						&e), MO_EINVAL);
	assert_string_equal(e.msg, "time off to: 2026-12-19 is before from "
			    "2026-12-20");
	assert_int_equal(mo_tc_time_off_request(f->p, "fd", day("2026-12-19"),
						day("2026-12-20"), "x", &req,
						&e), MO_EINVAL);
	assert_string_equal(e.msg, "time off: the practice is closed on every "
			    "day of 2026-12-19..2026-12-20: no time off is "
			    "needed");
	assert_int_equal(mo_tc_time_off_request(f->p, "gone", day("2026-12-21"),
						day("2026-12-21"), "x", &req,
						&e), MO_EINVAL);
	assert_string_equal(e.msg, "time off: gone is no longer on the staff "
			    "(inactive: removed from practice.yaml)");
}

typedef struct bal {
	int n;
	mo_tc_pto b[4];
} bal;

static int keep_pto(void *ud, const mo_tc_pto *b)
{
	bal *s = ud;
	s->b[s->n] = *b;
	s->b[s->n].staff = s->b[s->n].name = NULL;
	s->n++;
	return 0;
}

static void test_pto_balance(void **state)
{
	fixture *f = *state;
	bal s = {0};
	mo_err e = {0};
	set_now("2026-11-30T18:00:00Z");
	/* 20 hours earn 1 hour; 140 would earn 7, capped at 6 */
	cards(f, "fd2", "2026-11-10", 2, 10);
	assert_int_equal(mo_tc_pto_balances(f->p, "fd2", "fd2",
					    day("2026-11-30"), keep_pto, &s,
					    &e), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.b[0].worked, 20 * 60);
	assert_int_equal(s.b[0].accrued, 60);
	assert_int_equal(s.b[0].balance, 60);
	assert_int_equal(s.b[0].per_day, 480);
	cards(f, "fd2", "2026-11-12", 12, 10);
	s.n = 0;
	assert_int_equal(mo_tc_pto_balances(f->p, "om", NULL,
					    day("2026-11-30"), keep_pto, &s,
					    &e), 0);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.b[3].worked, 140 * 60);
	assert_int_equal(s.b[3].accrued, 360);
	assert_int_equal(s.b[3].balance, 360);
	/* as of an earlier day: 8 days, 80 hours, 4 hours */
	s.n = 0;
	assert_int_equal(mo_tc_pto_balances(f->p, "om", "fd2",
					    day("2026-11-17"), keep_pto, &s,
					    &e), 0);
	assert_int_equal(s.b[0].accrued, 240);
	assert_int_equal(mo_tc_pto_balances(f->p, "fd", "fd2",
					    day("2026-11-30"), keep_pto, &s,
					    &e), MO_EDENIED);
}

/* ---- the export ---- */

static void export_refused(fixture *f, const char *any, int rc,
			   const char *msg)
{
	mo_tc_period pd = period(f, any);
	pfx_snap before = pfx_snap_take(f->p, STATE);
	char *csv = (char *)"x";
	mo_err e = {0};
	assert_int_equal(mo_tc_export(f->p, "om", &pd, &f->fed_rules, &csv,
				      NULL, NULL, &e), rc);
	assert_string_equal(e.msg, msg);
	assert_null(csv);
	pfx_snap_same(f->p, &before);
}

static void test_export(void **state)
{
	fixture *f = *state;
	mo_tc_period pd;
	mo_tc_export_info info;
	char *csv = NULL;
	size_t len = 0;
	mo_err e = {0};
	set_now("2026-11-29T18:00:00Z");
	export_refused(f, "2026-11-20", MO_EINVAL, "payroll export: the period "
		       "2026-11-16..2026-11-29 ends on 2026-11-29; export it "
		       "from the day after");
	set_now("2026-11-30T18:00:00Z");
	export_refused(f, "2026-11-20", MO_ENOTFOUND, "payroll export: "
		       "nothing to pay for 2026-11-16..2026-11-29");
	card(f, "fd", "2026-11-17 08:00", "2026-11-17 16:30");
	export_refused(f, "2026-11-20", MO_EINVAL, "payroll export: fd's time "
		       "cards of 2026-11-16..2026-11-29 are not approved "
		       "(medoffice timecards approve --staff fd --period "
		       "2026-11-16)");
	assert_int_equal(mo_tc_approve(f->p, "om", "fd", day("2026-11-20"),
				       NULL, &e), 0);
	export_refused(f, "2026-11-20", MO_EINVAL, "payroll export: fd has time "
		       "in 2026-11-16..2026-11-29 on days without a pay rate "
		       "(medoffice payroll rate --staff fd ...)");
	rate(f, "fd", "hourly", 1950, "2026-01-01");
	rate(f, "owner", "salary", 26000000, "2026-01-01");
	pd = period(f, "2026-11-20");
	assert_int_equal(mo_tc_export(f->p, "om", &pd, &f->fed_rules, &csv,
				      &len, &info, &e), 0);
	assert_string_equal(csv,
		"period_start,period_end,employee_id,employee_name,pay_type,"
		"rate,regular_hours,overtime_hours,double_time_hours,"
		"pto_hours,regular_pay,overtime_pay,double_time_pay,pto_pay,"
		"salary_pay,gross_pay\r\n"
		"2026-11-16,2026-11-29,owner,Olga Owner,salary,260000.00,"
		"0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,10000.00,10000.00\r\n"
		"2026-11-16,2026-11-29,fd,Fran Desk,hourly,19.50,8.50,0.00,"
		"0.00,0.00,165.75,0.00,0.00,0.00,0.00,165.75\r\n");
	assert_int_equal(len, strlen(csv));
	assert_int_equal(info.rows, 2);
	assert_int_equal(info.gross, 1016575);
	assert_int_equal(strlen(info.sha256), 64);
	assert_int_equal(audit_entries(f->p, "om", "payroll.export",
				       "payroll_export:1"), 1);
	assert_int_equal(query_int(f->p, "SELECT gross FROM payroll_export"),
			 1016575);
	free(csv);
	/* an open card */
	rate(f, "fd2", "hourly", 1800, "2026-01-01");
	set_now("2026-11-30T14:00:00Z");
	int64_t open;
	assert_int_equal(mo_tc_clock_in(f->p, "fd2", &open, &e), 0);
	set_now("2026-12-15T18:00:00Z");
	export_refused(f, "2026-12-01", MO_EINVAL, "payroll export: fd2 has 1 "
		       "open time card in 2026-11-30..2026-12-13");
	assert_int_equal(mo_tc_export(f->p, "fd", &pd, &f->fed_rules, &csv,
				      &len, &info, &e), MO_EDENIED);
}

/* ---- the task list ---- */

typedef struct items {
	int n;
	char what[8][256], staff[8][16], action[8][24], record[8][48];
	int32_t due[8];
} items;

static int keep_item(void *ud, const mo_due_item *it)
{
	items *s = ud;
	assert_true(s->n < 8);
	assert_string_equal(it->source, "timecard");
	snprintf(s->what[s->n], 256, "%s", it->what);
	snprintf(s->staff[s->n], 16, "%s", it->staff ? it->staff : "-");
	snprintf(s->action[s->n], 24, "%s", it->action);
	snprintf(s->record[s->n], 48, "%s", it->record);
	s->due[s->n++] = it->due;
	return 0;
}

static void test_due(void **state)
{
	fixture *f = *state;
	items s = {0};
	int64_t id;
	mo_err e = {0};
	set_now("2026-11-30T14:00:00Z"); /* Monday 08:00 */
	card(f, "fd", "2026-11-17 08:00", "2026-11-17 16:30");
	assert_int_equal(mo_tc_clock_in(f->p, "fd2", &id, &e), 0);
	assert_int_equal(mo_tc_due(f->p, day("2026-11-29"), keep_item, &s, &e),
			 0);
	assert_int_equal(s.n, 0);
	/* the period ended on the 29th; the card open since 08:00 is due
	 * after 14 hours, at 22:00 */
	assert_int_equal(mo_tc_due(f->p, day("2026-11-30"), keep_item, &s, &e),
			 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.what[0], "Time card 2 of Finn Desk open since "
			    "2026-11-30 08:00: clock out or ask for a "
			    "correction");
	assert_string_equal(s.staff[0], "fd2");
	assert_string_equal(s.action[0], "timecard.clock");
	assert_string_equal(s.record[0], "timecard:2");
	assert_int_equal(s.due[0], day("2026-11-30"));
	assert_string_equal(s.what[1], "Approve the time cards of Fran Desk "
			    "for 2026-11-16..2026-11-29 (1 card, 8:30 hours)");
	assert_string_equal(s.staff[1], "om");
	assert_string_equal(s.action[1], "timecard.approve");
	assert_string_equal(s.record[1], "timecards:fd:2026-11-16");
	assert_int_equal(s.due[1], day("2026-11-30"));
	assert_int_equal(mo_tc_approve(f->p, "om", "fd", day("2026-11-20"),
				       NULL, &e), 0);
	s.n = 0;
	assert_int_equal(mo_tc_due(f->p, day("2026-11-30"), keep_item, &s, &e),
			 0);
	assert_int_equal(s.n, 1);
	assert_string_equal(s.action[0], "timecard.clock");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		cmocka_unit_test(test_settings),
		T(test_periods),
		cmocka_unit_test(test_semimonthly),
		T(test_clock),
		T(test_lists),
		T(test_correct_refused),
		T(test_correct),
		T(test_correct_facts),
		T(test_approve),
		T(test_approve_chain),
		T(test_rates),
		T(test_overtime),
		T(test_midweek),
		T(test_rates_in_period),
		T(test_dst),
		T(test_pto_pay),
		T(test_pto_balance),
		T(test_export),
		T(test_due),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
