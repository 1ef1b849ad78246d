/* timecard.h: time cards and payroll. Staff clock in and out; a time card
 * is one clock-in and its clock-out (UTC instants). A card is changed only
 * through a correction (the approval "time_correction" guards the action
 * timecard.correct), and every version of it is kept (tc_card_version,
 * append-only, written by triggers). A supervisor approves a staff
 * member's cards of a pay period (timecard.approve). Pay periods come
 * from practice.yaml's settings.payroll (weekly, biweekly, semimonthly).
 * Pay rates live in the database, never in practice.yaml: a staff
 * member's rates (hourly, or a yearly salary) by the day they take effect,
 * each set through the approval "pay_change" (it guards payroll.rate).
 *
 * Gross pay of a staff member for a period, as integer cents with each
 * line rounded half up: for hourly staff the minutes worked per local day
 * are split by the overtime rule (declared in Lua: the host passes it as
 * mo_tc_rules) into regular, overtime (1.5x) and double time (2x) per
 * FLSA workweek; approved paid time off (away entries of approved "pto"
 * requests, on the days the practice is open) is paid at the regular
 * rate; salaried staff get the yearly salary divided by the periods in a
 * year, prorated by the days of the period their salary covers. Paid time
 * off accrues per minute worked (settings.payroll.pto_per_hour). The
 * payroll register lists every staff member's pay of a period; the export
 * is that register as a CSV file (RFC 4180, through render.h) for a
 * payroll service. Taxes and deductions are out of scope.
 *
 * Operations (practice.h): timecard.clock, timecard.correct,
 * timecard.approve, payroll.rate and payroll.export, each audited with
 * its record ("timecard:12", "timecards:joe:2026-11-09", "pay_rate:3",
 * "payroll_export:2"); reads are audited: one's own cards and balance as
 * timecard.clock, anyone's cards as timecard.read, rates, the register
 * and others' balances as payroll.read. Every refusal writes nothing.
 * It uses practice.h, due.h, approval.h (requests; the "pto" requests and
 * the away entries they made are read with SQL), org.h, render.h, tz.h
 * and SQLite through db.h. */
#ifndef MO_TIMECARD_H
#define MO_TIMECARD_H

#include "due.h"
#include "practice.h"

struct json_t; /* jansson's; the approval runners take the facts as JSON */

/* The longest time card: a card open longer is closed by a correction. */
#define MO_TC_MAX_CARD_HOURS 24
/* The highest rates, in cents: 1,000.00 an hour; 10,000,000.00 a year. */
#define MO_TC_HOURLY_MAX 100000LL
#define MO_TC_SALARY_MAX 1000000000LL

/* ---- settings (practice.yaml settings.payroll) ---- */

typedef enum {
	MO_TC_WEEKLY,
	MO_TC_BIWEEKLY,
	MO_TC_SEMIMONTHLY, /* the 1st to the 15th, the 16th to the month's end */
} mo_tc_period_kind;

typedef struct mo_tc_settings {
	mo_tc_period_kind period; /* period: default biweekly */
	int32_t anchor;       /* anchor: the first day of some period (weekly,
			       * biweekly); default 2024-01-01, a Monday */
	int week_start;       /* week_start: the workweek's first day, 0 =
			       * Monday; default the anchor's weekday */
	int rounding;         /* rounding: minutes each punch is rounded to
			       * (nearest, half up): 1 (default), 5, 6, 10,
			       * 15 or 30 */
	const char *overtime; /* overtime: the rule's name; NULL: the only
			       * one declared (borrowed from the config) */
	int64_t pto_ppm;      /* pto_per_hour: hours of paid time off per
			       * hour worked, in millionths; default 0 */
	int64_t pto_cap;      /* pto_cap: the balance stops growing at this
			       * many minutes; 0: no cap */
	int64_t pto_day;      /* pto_day: minutes of a day off for staff
			       * without weekly_hours; default 480 (8h) */
	bool pto_negative;    /* pto_negative: a time-off request may take
			       * more than the balance; default false */
	int64_t open_after;   /* open_after: seconds after which an open
			       * card is on the task list; default 14h */
} mo_tc_settings;

/* Reads settings.payroll of c (every key optional). MO_ECONFIG naming the
 * setting with practice.yaml's file:line:col for a bad value or an
 * unknown key. */
int mo_tc_settings_read(const mo_config *c, mo_tc_settings *s, mo_err *e);

/* A pay period: its first and last day, inclusive. */
typedef struct mo_tc_period {
	int32_t first, last;
} mo_tc_period;

/* The period containing day, or back periods before it (back >= 0). */
int mo_tc_period_of(mo_practice *p, int32_t day, int back,
		    mo_tc_period *out, mo_err *e);

/* ---- clocking in and out ---- */

/* Clocks actor (a staff member of practice.yaml) in now: refused when
 * actor is not on the staff (never listed, or removed: inactive), is
 * clocked in already (MO_EEXIST), or now falls inside another of their
 * cards. *card (optional) receives the new card's id. */
int mo_tc_clock_in(mo_practice *p, const char *actor, int64_t *card,
		   mo_err *e);

/* Clocks actor out now, closing their open card: MO_ENOTFOUND when they
 * are not clocked in; refused when now is not after the clock-in (the
 * card would run backwards) or the card would be longer than
 * MO_TC_MAX_CARD_HOURS (it needs a correction). *card (optional)
 * receives the card's id. */
int mo_tc_clock_out(mo_practice *p, const char *actor, int64_t *card,
		    mo_err *e);

/* ---- time cards ---- */

/* A card as stored, or one of its versions (mo_tc_history); strings are
 * valid during the callback only. */
typedef struct mo_tc_card {
	int64_t id;
	const char *staff;
	int64_t in_us, out_us;  /* out_us 0: still open */
	int64_t minutes;        /* worked, punches rounded; 0 when open */
	int version;            /* 1, 2, ... */
	const char *event;      /* what made this version: "in", "out",
				 * "correction" or "added" (a missing card
				 * added by a correction) */
	int64_t request;        /* the correction's request; 0 none */
	const char *reason;     /* the correction's reason, or NULL */
	int64_t changed_us;
	const char *changed_by;
} mo_tc_card;

typedef int (*mo_tc_card_cb)(void *ud, const mo_tc_card *c);

/* Which cards mo_tc_list walks; zero fields do not filter. */
typedef struct mo_tc_filter {
	const char *staff; /* only this staff member's */
	int32_t from_day;  /* cards touching local days from_day..to_day */
	int32_t to_day;
	bool open;         /* only open cards */
} mo_tc_filter;

/* The cards matching f (NULL: all) by staff and clock-in, an audited read:
 * timecard.clock when f names actor (one's own cards), else
 * timecard.read. A non-zero return of cb stops and is returned. */
int mo_tc_list(mo_practice *p, const char *actor, const mo_tc_filter *f,
	       mo_tc_card_cb cb, void *ud, mo_err *e);

/* Every version of card, oldest first (an audited read as mo_tc_list).
 * MO_ENOTFOUND for no such card. */
int mo_tc_history(mo_practice *p, const char *actor, int64_t card,
		  mo_tc_card_cb cb, void *ud, mo_err *e);

/* ---- corrections (approval "time_correction", action
 * timecard.correct) ---- */

typedef struct mo_tc_correction {
	int64_t card;      /* the card to correct; 0: a missing card to add */
	const char *staff; /* a missing card's staff member (NULL: the
			    * requester); for a card, NULL or its staff */
	int64_t in_us;     /* the new clock-in; 0 keeps the card's */
	int64_t out_us;    /* the new clock-out; 0 keeps the card's (an
			    * open card then stays open) */
	const char *reason; /* one line, 1..200 characters */
} mo_tc_correction;

/* Checks c without writing (requester: who asks, the staff member of a
 * missing card when c->staff is NULL): the card exists; a missing card's
 * staff member is on the staff and both times are given; the corrected
 * card runs forwards (out after in), lasts at most MO_TC_MAX_CARD_HOURS,
 * ends no later than now, and overlaps no other card of its staff
 * member; something changes. */
int mo_tc_correct_check(mo_practice *p, const char *requester,
			const mo_tc_correction *c, mo_err *e);

/* Files a "time_correction" request for c as actor (checked first);
 * its facts are card, staff, in and out (local "2026-11-20 08:00") and
 * the reason as its summary. Once approved, the correction runs.
 * *request (optional) receives the request's id. */
int mo_tc_correct_request(mo_practice *p, const char *actor,
			  const mo_tc_correction *c, int64_t *request,
			  mo_err *e);

/* Makes the correction as actor (timecard.correct, with the facts card,
 * staff, in, out (times), reason and request): a new version of the
 * card, or a new card. requester as for mo_tc_correct_check; request is
 * the approved request (0: none). *card (optional) receives the card. */
int mo_tc_correct(mo_practice *p, const char *actor, const char *requester,
		  const mo_tc_correction *c, int64_t request, int64_t *card,
		  mo_err *e);

/* ---- approving a period's cards (timecard.approve) ---- */

/* Approves staff's cards of the period containing day as actor: refused
 * for one's own cards and, with an org chart installed, unless staff
 * reports to actor (anyone else for the top of the chart); before the
 * period's last day; with a card of the period still open; with no card
 * (MO_ENOTFOUND); when approved already and unchanged since (MO_EEXIST).
 * A card changed or added after an approval makes it stale. *id
 * (optional) receives the approval's id. */
int mo_tc_approve(mo_practice *p, const char *actor, const char *staff,
		  int32_t day, int64_t *id, mo_err *e);

/* ---- pay rates (approval "pay_change", action payroll.rate) ---- */

typedef struct mo_tc_rate_new {
	const char *staff;  /* on the staff of practice.yaml */
	const char *pay;    /* "hourly" or "salary" */
	int64_t rate;       /* cents an hour (1..MO_TC_HOURLY_MAX) or a year
			     * (1..MO_TC_SALARY_MAX) */
	int32_t from;       /* the day it takes effect (at most a year
			     * ahead); a later rate of the same day wins */
	const char *reason; /* one line, 1..200 characters */
} mo_tc_rate_new;

/* Checks r without writing. */
int mo_tc_rate_check(mo_practice *p, const mo_tc_rate_new *r, mo_err *e);

/* Files a "pay_change" request for r as actor (checked first); facts
 * staff, pay, rate (money text), from (a date); the reason is its
 * summary. *request (optional) receives its id. */
int mo_tc_rate_request(mo_practice *p, const char *actor,
		       const mo_tc_rate_new *r, int64_t *request, mo_err *e);

/* Records r as actor (payroll.rate, with the facts staff, pay, rate
 * (money), from, request). *id (optional) receives the rate's id. */
int mo_tc_rate_set(mo_practice *p, const char *actor, const mo_tc_rate_new *r,
		   int64_t request, int64_t *id, mo_err *e);

typedef struct mo_tc_rate {
	int64_t id;
	const char *staff, *pay;
	int64_t rate;
	int32_t from;
	int64_t request;     /* 0: none */
	const char *reason;
	int64_t created_us;
	const char *created_by;
	bool current;        /* the rate in force today */
} mo_tc_rate;

typedef int (*mo_tc_rate_cb)(void *ud, const mo_tc_rate *r);

/* The rates of staff (NULL: everyone) by staff and day, an audited read
 * (payroll.read). */
int mo_tc_rates(mo_practice *p, const char *actor, const char *staff,
		mo_tc_rate_cb cb, void *ud, mo_err *e);

/* ---- overtime rules (declared by the policies; the host passes them) */

/* A workweek's days from its first day up to the period's last day (or
 * the week's end), with the minutes worked on each. */
typedef struct mo_tc_week {
	const char *staff, *employment;
	size_t ndays;              /* 1..7 */
	int32_t day[7];
	int64_t minutes[7];
} mo_tc_week;

/* A day's minutes split; the three add up to the day's minutes. */
typedef struct mo_tc_split {
	int64_t regular, overtime, double_time;
} mo_tc_split;

typedef struct mo_tc_rules {
	void *ud;
	const char *name; /* "federal (policies/payroll/overtime.lua:9)" */
	/* Fills out[0..week->ndays-1]; 0, or an MO_E* code with e filled.
	 * A rule must split each day by that day and the days before it in
	 * the week (a period may end mid-week). */
	int (*split)(void *ud, const mo_tc_week *week, mo_tc_split *out,
		     mo_err *e);
} mo_tc_rules;

/* ---- gross pay, the register, the export ---- */

/* A line of the register: one staff member at one rate (a rate that
 * changed within the period makes two lines); strings valid during the
 * callback. Minutes and cents. */
typedef struct mo_tc_pay_line {
	const char *staff, *name;
	const char *pay;      /* "hourly", "salary", or NULL: minutes or
			       * time off on days without a rate */
	int64_t rate;         /* cents an hour or a year; 0 without */
	int64_t regular, overtime, double_time, pto; /* minutes */
	int32_t days;         /* salary: the period's days it covers */
	int64_t regular_pay, overtime_pay, double_pay, pto_pay, salary_pay;
	int64_t gross;        /* the sum of the five */
	bool approved;        /* the staff member's cards of the period are
			       * approved (true when they have none) */
	int open;             /* cards of the period still open */
} mo_tc_pay_line;

typedef int (*mo_tc_pay_cb)(void *ud, const mo_tc_pay_line *l);

/* The payroll register of period (an audited read, payroll.read, record
 * "payroll:FIRST"): every staff member of practice.yaml with a rate in
 * force or time in the period, and former staff with time in it, in
 * practice.yaml order then by id; staff without either are left out.
 * rules splits hourly minutes (NULL: an error when overtime must be
 * decided). */
int mo_tc_register(mo_practice *p, const char *actor,
		   const mo_tc_period *period, const mo_tc_rules *rules,
		   mo_tc_pay_cb cb, void *ud, mo_err *e);

typedef struct mo_tc_export_info {
	int64_t id;         /* the export's record */
	int64_t rows, gross;
	char sha256[65];    /* of the CSV text */
} mo_tc_export_info;

/* The register of period as CSV for a payroll service (README "Time
 * cards and payroll" names the columns), recorded as actor
 * (payroll.export, with the facts first, last, rows, gross (money),
 * sha256). Refused before the period has ended, with nothing to pay, or
 * when a staff member of it has an open card, cards not approved or time
 * without a rate (each named). *csv receives the text (caller frees),
 * *len its length. */
int mo_tc_export(mo_practice *p, const char *actor, const mo_tc_period *period,
		 const mo_tc_rules *rules, char **csv, size_t *len,
		 mo_tc_export_info *info, mo_err *e);

/* ---- paid time off ---- */

typedef struct mo_tc_pto {
	const char *staff, *name;
	int64_t worked;   /* minutes worked through the day */
	int64_t accrued;  /* minutes earned (capped) */
	int64_t used;     /* minutes of approved time off taken */
	int64_t balance;  /* accrued - used */
	int64_t planned;  /* approved time off after the day */
	int64_t per_day;  /* minutes a day off takes */
} mo_tc_pto;

typedef int (*mo_tc_pto_cb)(void *ud, const mo_tc_pto *b);

/* The balances as of day of staff (NULL: everyone on the staff), an
 * audited read: timecard.clock for one's own, else payroll.read. */
int mo_tc_pto_balances(mo_practice *p, const char *actor, const char *staff,
		       int32_t day, mo_tc_pto_cb cb, void *ud, mo_err *e);

/* Files a "pto" request (the approval that guards staff.away) for actor's
 * days first..last, after checking that the days off the practice is
 * open on fit actor's balance less the time off already planned (unless
 * settings.payroll.pto_negative). *request (optional) receives its id. */
int mo_tc_time_off_request(mo_practice *p, const char *actor, int32_t first,
			   int32_t last, const char *reason, int64_t *request,
			   mo_err *e);

/* ---- the task list (due.h), and approval.c's runners ---- */

/* Items due on or before through: cards open longer than open_after (the
 * staff member, to clock out or ask for a correction), and each staff
 * member's cards of an ended period not approved (their supervisor, due
 * the day after the period). Reads only. */
int mo_tc_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e);

/* timecard.correct and payroll.rate from a request's facts (see
 * mo_tc_correct_request, mo_tc_rate_request): check when filed, run
 * when approved (record receives "timecard:N" or "pay_rate:N"). */
int mo_tc_correct_guard_check(mo_practice *p, const char *requester,
			      struct json_t *facts, mo_err *e);
int mo_tc_correct_guard_run(mo_practice *p, const char *actor,
			    const char *requester, int64_t request,
			    struct json_t *facts, char record[64], mo_err *e);
int mo_tc_rate_guard_check(mo_practice *p, const char *requester,
			   struct json_t *facts, mo_err *e);
int mo_tc_rate_guard_run(mo_practice *p, const char *actor,
			 const char *requester, int64_t request,
			 struct json_t *facts, char record[64], mo_err *e);

#endif
