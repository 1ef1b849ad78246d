/* timecard_int.h: what the time card module's files share (timecard.c:
 * settings, periods, clocking, the card lists; timecard_fix.c:
 * corrections, approvals of a period, the approval runners, the task
 * list; timecard_pay.c: rates, minutes by day, gross pay, the register
 * and the export; timecard_pto.c: paid time off). An internal header:
 * nothing else includes it. It uses timecard.h and SQLite. */
#ifndef MO_TIMECARD_INT_H
#define MO_TIMECARD_INT_H

#include <sqlite3.h>

#include "timecard.h"

#define TC_MINUTE_US 60000000LL
#define TC_HOUR_US (60 * TC_MINUTE_US)
#define TC_MAX_CARD_US (MO_TC_MAX_CARD_HOURS * TC_HOUR_US)

/* The columns of a card, for mo_tc_read_card (alias c). */
#define TC_CARD_COLS                                                       \
	"c.id, c.staff, c.in_us, c.out_us, c.version, c.event, c.request, " \
	"c.reason, c.changed_us, c.changed_by "

/* 0 when staff is on the staff of practice.yaml; else MO_EINVAL saying
 * so, with what ("clock in") in front: the system, an inactive staff
 * member (removed from practice.yaml) or an unknown id. */
int mo_tc_staff_on(mo_practice *p, const char *staff, const char *what,
		   mo_err *e);

/* Steps a statement that returns no row and resets it. */
int mo_tc_step_done(mo_db *db, sqlite3_stmt *st, mo_err *e);
/* Ends op: commits with record when rc is 0, else aborts. */
int mo_tc_end_op(mo_op *op, int rc, const char *record, mo_err *e);
/* 0 when s is one line of 1..200 characters, else MO_EINVAL naming
 * what. */
int mo_tc_line_ok(const char *what, const char *s, mo_err *e);

/* The card of row st (TC_CARD_COLS from column 0), its minutes from the
 * rounding (minutes). */
void mo_tc_read_card(sqlite3_stmt *st, int rounding, mo_tc_card *c);
/* An instant rounded to the nearest multiple of rounding minutes (half
 * up). */
int64_t mo_tc_round(int64_t us, int rounding);
/* The card's minutes, punches rounded (0 for an open card). */
int64_t mo_tc_minutes(int64_t in_us, int64_t out_us, int rounding);

/* "2026-11-23 08:00" (local) into buf, for messages; returns buf. */
char *mo_tc_local(mo_practice *p, int64_t us, char buf[32]);
/* The local day of instant us. */
int32_t mo_tc_day_of(mo_practice *p, int64_t us);
/* The UTC bounds of local days first..last. */
int mo_tc_bounds(mo_practice *p, int32_t first, int32_t last, int64_t *from,
		 int64_t *to, mo_err *e);

/* The first day of the workweek that contains day. */
int32_t mo_tc_week_of(const mo_tc_settings *s, int32_t day);

/* Staff member staff's name in practice.yaml, or the id (former staff). */
const char *mo_tc_name(mo_practice *p, const char *staff);

/* Adds the minutes of the instants [a, b) to minutes[d - first] for each
 * local day d of first..last it falls on. */
int mo_tc_spread(mo_practice *p, int64_t a, int64_t b, int32_t first,
		 int32_t last, int64_t *minutes, mo_err *e);

/* Adds to minutes[d - first] the minutes staff worked on each local day d
 * of first..last (at most 64 days), from their closed cards, punches
 * rounded; a card past midnight counts on each day. *open (optional)
 * receives the cards touching the days that are still open, *cards the
 * closed ones. */
int mo_tc_day_minutes(mo_practice *p, const mo_tc_settings *s,
		      const char *staff, int32_t first, int32_t last,
		      int64_t *minutes, int *cards, int *open, mo_err *e);

/* Whether the practice is open on day (its hours name the weekday, or it
 * has none and day is Monday to Friday; not a holiday): a day off there
 * takes paid time off. */
bool mo_tc_workday(const mo_config *c, int32_t day);
/* The minutes a day off takes for staff: weekly_hours over the days the
 * practice is open in a week, else s->pto_day. */
int64_t mo_tc_pto_per_day(const mo_config *c, const mo_tc_settings *s,
			  const char *staff);
/* Adds to pto[d - first] the minutes of approved paid time off (away
 * entries of approved "pto" requests, not cancelled) of staff on each
 * workday d of first..last (at most 64 days). */
int mo_tc_pto_days(mo_practice *p, const mo_tc_settings *s, const char *staff,
		   int32_t first, int32_t last, int64_t *pto, mo_err *e);

/* The cards of staff touching period: how many are closed and open,
 * the minutes worked in it, and a stamp of their ids and versions (16 hex
 * digits) that changes when one is corrected or added. */
typedef struct mo_tc_stamp {
	int cards, open;
	int64_t minutes;
	char hex[17];
} mo_tc_stamp;

int mo_tc_period_stamp(mo_practice *p, const mo_tc_settings *s,
		       const char *staff, const mo_tc_period *period,
		       mo_tc_stamp *out, mo_err *e);

/* Whether an approval of staff's cards of period has stamp now (nothing
 * changed since); *by (65 bytes, optional) receives who approved. */
int mo_tc_period_approved(mo_practice *p, const char *staff,
			  const mo_tc_period *period, const mo_tc_stamp *now,
			  bool *approved, char *by, mo_err *e);

#endif
