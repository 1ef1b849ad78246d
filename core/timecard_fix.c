/* timecard_fix.c: changes to time cards after the fact (see timecard.h):
 * corrections (checked, requested through the "time_correction" approval,
 * made as a new version of the card or a missing card added), a
 * supervisor's approval of a staff member's cards of a pay period (with a
 * stamp of the cards, so that a later change makes it stale), the
 * approval runners of timecard.correct and payroll.rate, and the task
 * list's items (open cards, periods waiting for approval). It uses
 * timecard_int.h, approval.h, org.h, clock.h, tz.h, units.h and jansson. */
#include "timecard_int.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "approval.h"
#include "clock.h"
#include "org.h"
#include "tz.h"
#include "units.h"

static const char SQL_CARD[] = "SELECT staff, in_us, out_us FROM tc_card "
	"WHERE id = ?";
static const char SQL_OVERLAP[] = "SELECT id, in_us, out_us FROM tc_card "
	"WHERE staff = ?1 AND id <> ?2 AND in_us < ?3 AND coalesce(out_us, "
	"?5) > ?4 ORDER BY in_us LIMIT 1";
static const char SQL_FIX[] = "UPDATE tc_card SET in_us = ?2, out_us = ?3, "
	"version = version + 1, event = 'correction', request = ?4, reason = "
	"?5, changed_us = ?6, changed_by = ?7 WHERE id = ?1";
static const char SQL_ADD[] = "INSERT INTO tc_card(staff, in_us, out_us, "
	"version, event, request, reason, changed_us, changed_by) VALUES(?1, "
	"?2, ?3, 1, 'added', ?4, ?5, ?6, ?7)";
static const char SQL_STAMP[] = "SELECT id, version, out_us IS NULL FROM "
	"tc_card WHERE staff = ?3 AND ((in_us >= ?1 - ?4 AND in_us < ?2 AND "
	"(out_us IS NULL OR out_us > ?1)) OR (out_us IS NULL AND in_us < ?2)) "
	"ORDER BY id";
static const char SQL_APPROVED[] = "SELECT by FROM tc_approval WHERE staff = "
	"? AND first_day = ? AND last_day = ? AND stamp = ? ORDER BY id DESC "
	"LIMIT 1";
static const char SQL_APPROVE[] = "INSERT INTO tc_approval(staff, "
	"first_day, last_day, cards, minutes, stamp, at_us, by) VALUES(?, ?, "
	"?, ?, ?, ?, ?, ?)";
static const char SQL_OPEN_ALL[] = "SELECT id, staff, in_us FROM tc_card "
	"WHERE out_us IS NULL ORDER BY in_us";
static const char SQL_STAFF_IN[] = "SELECT DISTINCT staff FROM tc_card WHERE "
	"in_us >= ?1 - ?3 AND in_us < ?2 ORDER BY staff";

/* ---- corrections ---- */

/* A correction resolved against its card. */
typedef struct fix {
	char staff[65];
	int64_t in_us, out_us;   /* as corrected; out 0: open */
	int64_t old_in, old_out; /* the card's now (a card only) */
} fix;

static int load_card(mo_db *db, int64_t id, fix *f, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CARD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(f->staff, sizeof f->staff, "%s", mo_db_text(st, 0));
		f->old_in = sqlite3_column_int64(st, 1);
		f->old_out = sqlite3_column_int64(st, 2);
	}
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE
		? mo_err_set(e, MO_ENOTFOUND, "time correction card: no time "
			     "card %lld", (long long)id)
		: mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

static int resolve_card(mo_practice *p, const mo_tc_correction *c, fix *f,
			mo_err *e)
{
	int rc = load_card(mo_practice_db(p), c->card, f, e);
	if (rc)
		return rc;
	if (c->staff && strcmp(c->staff, f->staff))
		return mo_err_set(e, MO_EINVAL, "time correction staff: card "
				  "%lld is %s's, not %s's", (long long)c->card,
				  f->staff, c->staff);
	if (!c->in_us && !c->out_us)
		return mo_err_set(e, MO_EINVAL, "time correction: give card "
				  "%lld's new clock-in, clock-out or both",
				  (long long)c->card);
	f->in_us = c->in_us ? c->in_us : f->old_in;
	f->out_us = c->out_us ? c->out_us : f->old_out;
	if (f->in_us == f->old_in && f->out_us == f->old_out)
		return mo_err_set(e, MO_EINVAL, "time correction: card %lld has "
				  "these times already", (long long)c->card);
	return 0;
}

static int resolve_new(mo_practice *p, const char *requester,
		       const mo_tc_correction *c, fix *f, mo_err *e)
{
	const char *staff = c->staff ? c->staff : requester;
	int rc = mo_tc_staff_on(p, staff, "time correction staff", e);
	if (rc)
		return rc;
	if (!c->in_us || !c->out_us)
		return mo_err_set(e, MO_EINVAL, "time correction: a missing "
				  "card needs its clock-in and its clock-out");
	snprintf(f->staff, sizeof f->staff, "%s", staff);
	f->in_us = c->in_us;
	f->out_us = c->out_us;
	return 0;
}

static int check_span(mo_practice *p, const fix *f, mo_err *e)
{
	int64_t now = mo_clock_now_us(), len = f->out_us - f->in_us;
	char a[32], b[32];
	if (f->in_us > now)
		return mo_err_set(e, MO_EINVAL, "time correction in: %s is in "
				  "the future", mo_tc_local(p, f->in_us, a));
	if (!f->out_us)
		return now - f->in_us > TC_MAX_CARD_US
			? mo_err_set(e, MO_EINVAL, "time correction out: a card "
				     "in since %s needs its clock-out (a card "
				     "is at most %d hours)",
				     mo_tc_local(p, f->in_us, a),
				     MO_TC_MAX_CARD_HOURS) : 0;
	if (len <= 0)
		return mo_err_set(e, MO_EINVAL, "time correction out: %s is not "
				  "after the clock-in %s: a time card may not "
				  "run backwards", mo_tc_local(p, f->out_us, a),
				  mo_tc_local(p, f->in_us, b));
	if (f->out_us > now)
		return mo_err_set(e, MO_EINVAL, "time correction out: %s is in "
				  "the future", mo_tc_local(p, f->out_us, a));
	if (len > TC_MAX_CARD_US)
		return mo_err_set(e, MO_EINVAL, "time correction: %s to %s is "
				  "%lld:%02lld hours; a time card is at most %d",
				  mo_tc_local(p, f->in_us, a),
				  mo_tc_local(p, f->out_us, b),
				  (long long)(len / TC_HOUR_US),
				  (long long)(len % TC_HOUR_US / TC_MINUTE_US),
				  MO_TC_MAX_CARD_HOURS);
	return 0;
}

static int check_overlap(mo_practice *p, int64_t card, const fix *f,
			 mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char a[32], b[32] = "now (open)";
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OVERLAP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, f->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, card);
	sqlite3_bind_int64(st, 3, f->out_us ? f->out_us : INT64_MAX);
	sqlite3_bind_int64(st, 4, f->in_us);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			mo_tc_local(p, sqlite3_column_int64(st, 2), b);
		rc = mo_err_set(e, MO_EINVAL, "time correction: the card would "
				"overlap %s's card %lld (%s to %s); time cards "
				"may not overlap", f->staff,
				(long long)sqlite3_column_int64(st, 0),
				mo_tc_local(p, sqlite3_column_int64(st, 1), a),
				b);
	} else {
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "time cards", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int resolve(mo_practice *p, const char *requester,
		   const mo_tc_correction *c, fix *f, mo_err *e)
{
	int rc;
	memset(f, 0, sizeof *f);
	if (!c)
		return mo_err_set(e, MO_EINVAL, "time correction: nothing to "
				  "correct");
	if ((rc = mo_tc_line_ok("time correction reason", c->reason, e)) ||
	    (rc = c->card ? resolve_card(p, c, f, e)
			  : resolve_new(p, requester, c, f, e)) ||
	    (rc = check_span(p, f, e)))
		return rc;
	return check_overlap(p, c->card, f, e);
}

int mo_tc_correct_check(mo_practice *p, const char *requester,
			const mo_tc_correction *c, mo_err *e)
{
	fix f;
	return resolve(p, requester, c, &f, e);
}

static int write_fix(mo_practice *p, const char *actor,
		     const mo_tc_correction *c, const fix *f, int64_t request,
		     int64_t *card, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, c->card ? SQL_FIX : SQL_ADD, &st, e);
	if (rc)
		return rc;
	if (c->card)
		sqlite3_bind_int64(st, 1, c->card);
	else
		sqlite3_bind_text(st, 1, f->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->in_us);
	mo_db_bind_opt_int(st, 3, f->out_us);
	mo_db_bind_opt_int(st, 4, request);
	sqlite3_bind_text(st, 5, c->reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, mo_clock_now_us());
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	rc = mo_tc_step_done(db, st, e);
	*card = c->card ? c->card : sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

int mo_tc_correct(mo_practice *p, const char *actor, const char *requester,
		  const mo_tc_correction *c, int64_t request, int64_t *card,
		  mo_err *e)
{
	char record[32];
	int64_t id = 0;
	fix f;
	mo_op op;
	int rc = resolve(p, requester ? requester : actor, c, &f, e);
	if (rc)
		return rc;
	mo_fact facts[] = {{"card", MO_FACT_INT, NULL, c->card},
			   {"staff", MO_FACT_STR, f.staff, 0},
			   {"in", MO_FACT_TIME, NULL, f.in_us},
			   {"out", MO_FACT_TIME, NULL, f.out_us},
			   {"reason", MO_FACT_STR, c->reason, 0},
			   {"request", MO_FACT_INT, NULL, request}};
	if ((rc = mo_op_begin(p, &op, actor, "timecard.correct", facts, 6, e)))
		return rc;
	if (!(rc = resolve(p, requester ? requester : actor, c, &f, e)))
		rc = write_fix(p, actor, c, &f, request, &id, e);
	snprintf(record, sizeof record, "timecard:%lld", (long long)id);
	if ((rc = mo_tc_end_op(&op, rc, record, e)))
		return rc;
	if (card)
		*card = id;
	return 0;
}

int mo_tc_correct_request(mo_practice *p, const char *actor,
			  const mo_tc_correction *c, int64_t *request,
			  mo_err *e)
{
	char in[32], out[32];
	mo_fact f[4];
	size_t n = 0;
	fix x;
	int rc = resolve(p, actor, c, &x, e);
	if (rc)
		return rc;
	if (c->card)
		f[n++] = (mo_fact){"card", MO_FACT_INT, NULL, c->card};
	f[n++] = (mo_fact){"staff", MO_FACT_STR, x.staff, 0};
	if (c->in_us)
		f[n++] = (mo_fact){"in", MO_FACT_STR, mo_tc_local(p, c->in_us,
								  in), 0};
	if (c->out_us)
		f[n++] = (mo_fact){"out", MO_FACT_STR,
				   mo_tc_local(p, c->out_us, out), 0};
	mo_request_new in_req = {"time_correction", c->reason, false, 0, f, n};
	return mo_approval_request(p, actor, &in_req, request, e);
}

/* ---- approving a period's cards ---- */

/* FNV-1a over the bytes of v. */
static uint64_t fnv(uint64_t h, int64_t v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		h = (h ^ (uint64_t)(v & 0xff)) * 1099511628211ULL;
	return h;
}

static int stamp_cards(mo_practice *p, const char *staff, int64_t from,
		       int64_t to, mo_tc_stamp *out, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	uint64_t h = 1469598103934665603ULL;
	sqlite3_stmt *st;
	int rc = mo_db_prepare(db, SQL_STAMP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_text(st, 3, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, TC_MAX_CARD_US);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		h = fnv(fnv(h, sqlite3_column_int64(st, 0)),
			sqlite3_column_int64(st, 1));
		out->open += sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	snprintf(out->hex, sizeof out->hex, "%016llx", (unsigned long long)h);
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "time cards", e);
}

int mo_tc_period_stamp(mo_practice *p, const mo_tc_settings *s,
		       const char *staff, const mo_tc_period *period,
		       mo_tc_stamp *out, mo_err *e)
{
	int64_t minutes[64] = {0}, from, to;
	int32_t n = period->last - period->first + 1;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = mo_tc_bounds(p, period->first, period->last, &from, &to,
			       e)) ||
	    (rc = mo_tc_day_minutes(p, s, staff, period->first, period->last,
				    minutes, &out->cards, NULL, e)))
		return rc;
	for (int32_t i = 0; i < n; i++)
		out->minutes += minutes[i];
	return stamp_cards(p, staff, from, to, out, e);
}

int mo_tc_period_approved(mo_practice *p, const char *staff,
			  const mo_tc_period *period, const mo_tc_stamp *now,
			  bool *approved, char *by, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_APPROVED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, period->first);
	sqlite3_bind_int(st, 3, period->last);
	sqlite3_bind_text(st, 4, now->hex, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*approved = rc == SQLITE_ROW;
	if (*approved && by)
		snprintf(by, 65, "%s", mo_db_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "time cards", e);
	sqlite3_reset(st);
	return rc;
}

static int check_approve(mo_practice *p, const char *staff,
			 const mo_tc_period *pd, const mo_tc_stamp *now,
			 mo_err *e)
{
	char a[11], b[11], c[11], by[65];
	bool done;
	int rc;
	mo_date_format(pd->first, a);
	mo_date_format(pd->last, b);
	if (mo_practice_today(p) < pd->last)
		return mo_err_set(e, MO_EINVAL, "timecard approve: the period "
				  "%s..%s ends on %s; approve its cards from "
				  "then on", a, b, mo_date_format(pd->last, c));
	if (now->open)
		return mo_err_set(e, MO_EINVAL, "timecard approve: %s has %d "
				  "open card%s in %s..%s: clock out or ask for "
				  "a correction first", staff, now->open,
				  now->open == 1 ? "" : "s", a, b);
	if (!now->cards)
		return mo_err_set(e, MO_ENOTFOUND, "timecard approve: %s has no "
				  "time cards in %s..%s", staff, a, b);
	if ((rc = mo_tc_period_approved(p, staff, pd, now, &done, by, e)))
		return rc;
	return done ? mo_err_set(e, MO_EEXIST, "timecard approve: %s's cards "
				 "of %s..%s are approved already (by %s)",
				 staff, a, b, by) : 0;
}

/* Separation of duties, once the operation began: not one's own cards;
 * with an org chart, only someone staff reports to (anyone else for the
 * top of the chart or former staff). */
static int check_approver(mo_op *op, const char *actor, const char *staff,
			  mo_err *e)
{
	const mo_org *o = mo_practice_org(op->p);
	long i = o ? mo_org_staff_index(o, staff) : -1;
	if (!strcmp(actor, MO_ACTOR_SYSTEM))
		return 0;
	if (!strcmp(actor, staff))
		return mo_op_refuse(op, "separation of duties", e, "nobody "
				    "approves their own time cards");
	if (i >= 0 && mo_org_supervisor(o, (size_t)i) >= 0 &&
	    !mo_org_reports_to(o, staff, actor))
		return mo_op_refuse(op, "separation of duties", e, "%s does "
				    "not report to %s; their supervisor "
				    "approves their time cards", staff, actor);
	return 0;
}

static int insert_approval(mo_practice *p, const char *actor,
			   const char *staff, const mo_tc_period *pd,
			   const mo_tc_stamp *now, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_APPROVE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, pd->first);
	sqlite3_bind_int(st, 3, pd->last);
	sqlite3_bind_int(st, 4, now->cards);
	sqlite3_bind_int64(st, 5, now->minutes);
	sqlite3_bind_text(st, 6, now->hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	sqlite3_bind_text(st, 8, actor, -1, SQLITE_STATIC);
	rc = mo_tc_step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

/* The period and the stamp of staff's cards in it, checked. */
static int approve_state(mo_practice *p, const char *staff, int32_t day,
			 mo_tc_period *pd, mo_tc_stamp *now, mo_err *e)
{
	mo_tc_settings s;
	int rc = mo_tc_settings_read(mo_practice_config(p), &s, e);
	if (rc || (rc = mo_tc_period_of(p, day, 0, pd, e)) ||
	    (rc = mo_tc_period_stamp(p, &s, staff, pd, now, e)))
		return rc;
	if (!now->cards && !now->open &&
	    (rc = mo_tc_staff_on(p, staff, "timecard approve staff", e)))
		return rc;
	return check_approve(p, staff, pd, now, e);
}

int mo_tc_approve(mo_practice *p, const char *actor, const char *staff,
		  int32_t day, int64_t *id, mo_err *e)
{
	char a[11], b[11], record[96];
	int64_t aid = 0;
	mo_tc_period pd;
	mo_tc_stamp now;
	mo_op op;
	int rc;
	if (!staff || !*staff)
		return mo_err_set(e, MO_EINVAL, "timecard approve staff: whose "
				  "time cards?");
	if ((rc = approve_state(p, staff, day, &pd, &now, e)))
		return rc;
	mo_fact facts[] = {{"staff", MO_FACT_STR, staff, 0},
			   {"first", MO_FACT_STR, mo_date_format(pd.first, a),
			    0},
			   {"last", MO_FACT_STR, mo_date_format(pd.last, b), 0},
			   {"cards", MO_FACT_INT, NULL, now.cards},
			   {"minutes", MO_FACT_INT, NULL, now.minutes}};
	if ((rc = mo_op_begin(p, &op, actor, "timecard.approve", facts, 5, e)))
		return rc;
	if ((rc = check_approver(&op, actor, staff, e)))
		return rc;
	rc = insert_approval(p, actor, staff, &pd, &now, &aid, e);
	snprintf(record, sizeof record, "timecards:%s:%s", staff, a);
	if ((rc = mo_tc_end_op(&op, rc, record, e)))
		return rc;
	if (id)
		*id = aid;
	return 0;
}

/* ---- the approval runners ---- */

/* An instant fact: local "2026-11-20 08:00" or UTC ISO "...Z". */
static int time_fact(mo_practice *p, json_t *facts, const char *key,
		     int64_t *us, mo_err *e)
{
	const char *s = json_string_value(json_object_get(facts, key));
	int32_t day, sec;
	int rc;
	*us = 0;
	if (!json_object_get(facts, key))
		return 0;
	if (!s)
		return mo_err_set(e, MO_EINVAL, "timecard.correct: the fact %s "
				  "is a time such as \"2026-11-20 08:00\"",
				  key);
	rc = strchr(s, 'T') ? mo_clock_parse_us(s, us, e)
		: mo_tz_parse_local(s, &day, &sec, e);
	if (!rc && !strchr(s, 'T'))
		rc = mo_tz_to_utc(mo_practice_config(p)->timezone, day, sec,
				  MO_TZ_STRICT, us, e);
	if (rc)
		mo_err_prefix(e, "timecard.correct: %s: ", key);
	return rc;
}

static int correction_facts(mo_practice *p, json_t *facts,
			    mo_tc_correction *c, mo_err *e)
{
	json_t *card = json_object_get(facts, "card");
	int rc;
	memset(c, 0, sizeof *c);
	c->staff = json_string_value(json_object_get(facts, "staff"));
	c->reason = json_string_value(json_object_get(facts, "summary"));
	if (card && (!json_is_integer(card) ||
		     (c->card = json_integer_value(card)) <= 0))
		return mo_err_set(e, MO_EINVAL, "timecard.correct: the fact "
				  "card is the number of the time card, such "
				  "as card=12");
	if ((rc = time_fact(p, facts, "in", &c->in_us, e)))
		return rc;
	return time_fact(p, facts, "out", &c->out_us, e);
}

int mo_tc_correct_guard_check(mo_practice *p, const char *requester,
			      json_t *facts, mo_err *e)
{
	mo_tc_correction c;
	int rc = correction_facts(p, facts, &c, e);
	return rc ? rc : mo_tc_correct_check(p, requester, &c, e);
}

int mo_tc_correct_guard_run(mo_practice *p, const char *actor,
			    const char *requester, int64_t request,
			    json_t *facts, char record[64], mo_err *e)
{
	mo_tc_correction c;
	int64_t card;
	int rc = correction_facts(p, facts, &c, e);
	if (rc || (rc = mo_tc_correct(p, actor, requester, &c, request, &card,
				      e)))
		return rc;
	snprintf(record, 64, "timecard:%lld", (long long)card);
	return 0;
}

/* payroll.rate from a "pay_change" request: staff, pay, rate (money text
 * or cents), from (a date), the summary as the reason. */
static int rate_facts(json_t *facts, mo_tc_rate_new *r, mo_err *e)
{
	json_t *rate = json_object_get(facts, "rate");
	int rc = 0;
	memset(r, 0, sizeof *r);
	r->staff = json_string_value(json_object_get(facts, "staff"));
	r->pay = json_string_value(json_object_get(facts, "pay"));
	r->reason = json_string_value(json_object_get(facts, "summary"));
	if (json_is_integer(rate))
		r->rate = json_integer_value(rate);
	else if (!json_is_string(rate))
		return mo_err_set(e, MO_EINVAL, "payroll.rate: the request needs "
				  "the fact rate (such as rate=19.50)");
	else if ((rc = mo_money_parse(json_string_value(rate), &r->rate, e)))
		mo_err_prefix(e, "payroll.rate: rate: ");
	return rc ? rc : mo_approval_fact_date(facts, "payroll.rate", "from",
					       ", the day it takes effect (such "
					       "as from=2026-12-01)", &r->from,
					       e);
}

int mo_tc_rate_guard_check(mo_practice *p, const char *requester,
			   json_t *facts, mo_err *e)
{
	mo_tc_rate_new r;
	int rc = rate_facts(facts, &r, e);
	(void)requester;
	return rc ? rc : mo_tc_rate_check(p, &r, e);
}

int mo_tc_rate_guard_run(mo_practice *p, const char *actor,
			 const char *requester, int64_t request,
			 json_t *facts, char record[64], mo_err *e)
{
	mo_tc_rate_new r;
	int64_t id;
	int rc = rate_facts(facts, &r, e);
	(void)requester;
	if (rc || (rc = mo_tc_rate_set(p, actor, &r, request, &id, e)))
		return rc;
	snprintf(record, 64, "pay_rate:%lld", (long long)id);
	return 0;
}

/* ---- the task list ---- */

typedef struct due_ctx {
	mo_practice *p;
	mo_tc_settings s;
	int32_t through;
	mo_due_cb cb;
	void *ud;
} due_ctx;

static int open_item(due_ctx *c, int64_t id, const char *staff,
		     int64_t in_us)
{
	char what[256], record[32], at[32];
	int32_t due = mo_tc_day_of(c->p, in_us + c->s.open_after * 1000000);
	if (due > c->through)
		return 0;
	snprintf(what, sizeof what, "Time card %lld of %s open since %s: clock "
		 "out or ask for a correction", (long long)id,
		 mo_tc_name(c->p, staff), mo_tc_local(c->p, in_us, at));
	snprintf(record, sizeof record, "timecard:%lld", (long long)id);
	mo_due_item it = {"timecard", what, staff, NULL, "timecard.clock",
			  record, due};
	return c->cb(c->ud, &it);
}

static int open_items(due_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_prepare(db, SQL_OPEN_ALL, &st, e), stop = 0;
	if (rc)
		return rc;
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop =
		    open_item(c, sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		              sqlite3_column_int64(st, 2));
	sqlite3_finalize(st);
	return stop ? stop : rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "time cards", e);
}

/* staff's supervisor by the org chart, or NULL. */
static const char *supervisor_of(mo_practice *p, const char *staff)
{
	const mo_org *o = mo_practice_org(p);
	long i = o ? mo_org_staff_index(o, staff) : -1;
	long s = i >= 0 ? mo_org_supervisor(o, (size_t)i) : -1;
	return s >= 0 ? mo_practice_config(p)->staff[s].id : NULL;
}

static int approve_item(due_ctx *c, const char *staff, const mo_tc_period *pd,
			mo_err *e)
{
	char what[256], record[96], a[11], b[11];
	mo_tc_stamp now;
	bool done;
	int rc = mo_tc_period_stamp(c->p, &c->s, staff, pd, &now, e);
	if (rc || !now.cards || (rc = mo_tc_period_approved(c->p, staff, pd,
							    &now, &done,
							    NULL, e)) ||
	    done)
		return rc;
	snprintf(what, sizeof what, "Approve the time cards of %s for %s..%s "
		 "(%d card%s, %lld:%02lld hours)", mo_tc_name(c->p, staff),
		 mo_date_format(pd->first, a), mo_date_format(pd->last, b),
		 now.cards, now.cards == 1 ? "" : "s",
		 (long long)(now.minutes / 60), (long long)(now.minutes % 60));
	snprintf(record, sizeof record, "timecards:%s:%s", staff, a);
	mo_due_item it = {"timecard", what, supervisor_of(c->p, staff), NULL,
			  "timecard.approve", record, pd->last + 1};
	return c->cb(c->ud, &it);
}

/* Each staff member with cards in period pd whose cards are not
 * approved. */
static int period_items(due_ctx *c, const mo_tc_period *pd, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	int64_t from, to;
	sqlite3_stmt *st;
	int rc = mo_tc_bounds(c->p, pd->first, pd->last, &from, &to, e);
	if (rc || (rc = mo_db_prepare(db, SQL_STAFF_IN, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int64(st, 3, TC_MAX_CARD_US);
	int step, stop = 0;
	while (!stop && (step = sqlite3_step(st)) == SQLITE_ROW) {
		char staff[65];
		snprintf(staff, sizeof staff, "%s", mo_db_text(st, 0));
		stop = approve_item(c, staff, pd, e);
	}
	sqlite3_finalize(st);
	return stop ? stop : step == SQLITE_DONE ? 0
		: mo_db_fail(db, "time cards", e);
}

/* The periods looked at: the one of today and the six before it. */
#define DUE_PERIODS 7

int mo_tc_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e)
{
	due_ctx c = {p, {0}, through, cb, ud};
	mo_tc_period pd;
	int rc = mo_tc_settings_read(mo_practice_config(p), &c.s, e);
	if (rc || (rc = open_items(&c, e)))
		return rc;
	for (int back = DUE_PERIODS - 1; !rc && back >= 0; back--) {
		if ((rc = mo_tc_period_of(p, mo_practice_today(p), back, &pd,
					  e)))
			break;
		if (pd.last + 1 <= through)
			rc = period_items(&c, &pd, e);
	}
	return rc;
}
