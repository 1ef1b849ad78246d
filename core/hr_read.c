/* hr_read.c: the personnel file read (hr.view, or hr.self for one's own,
 * disciplinary notes only where hr.discipline or the person), the
 * terminations in effect told to the practice (mo_hr_departures) and the
 * staff records' items of the task list (mo_hr_due): practice.yaml to
 * update after terminations, hires and role changes, reviews due and
 * interviews coming. It uses hr_int.h, org.h, tz.h, units.h and SQLite
 * through db.h. */
#include "hr_int.h"

#include <stdio.h>

#include "org.h"
#include "tz.h"
#include "units.h"

static const char SQL_FILE[] = "SELECT " HR_COLS "WHERE r.staff = ?1 AND "
	HR_LATEST "AND (?2 OR r.kind <> 'discipline') ORDER BY r.day, r.id";
static const char SQL_ANY[] = "SELECT 1 FROM hr_record WHERE staff = ?1 "
	"LIMIT 1";
static const char SQL_DEPARTED[] = "SELECT r.staff, r.day FROM hr_record r "
	"WHERE r.kind = 'termination' AND r.voided = 0 AND " HR_LATEST "AND "
	HR_SINCE_HIRE;
static const char SQL_HIRES[] = "SELECT r.staff, r.name, r.job, r.day "
	"FROM hr_record r WHERE r.kind = 'hire' AND r.voided = 0 AND "
	HR_LATEST "AND r.day <= ?1 ORDER BY r.id";
static const char SQL_ROLES[] = "SELECT DISTINCT r.staff FROM hr_record r "
	"WHERE r.kind = 'role' AND r.voided = 0 AND r.day <= ?1 AND " HR_LATEST;
static const char SQL_LAST_REVIEW[] = "SELECT max(r.day) FROM hr_record r "
	"WHERE r.staff = ?1 AND r.kind = 'review' AND r.voided = 0 AND "
	HR_LATEST;
static const char SQL_INTERVIEWS[] = "SELECT i.id, i.at_us, c.name, "
	"c.position, v.staff FROM hr_interview i JOIN hr_candidate c ON c.id = "
	"i.candidate JOIN hr_interviewer v ON v.interview = i.id WHERE "
	"i.at_us >= ?1 AND i.at_us < ?2 AND NOT EXISTS (SELECT 1 FROM "
	"hr_interview n WHERE n.corrects = i.id) AND (SELECT s.status FROM "
	"hr_candidate_status s WHERE s.candidate = c.id ORDER BY s.id DESC "
	"LIMIT 1) IN ('applied', 'interviewing', 'offered') ORDER BY i.at_us";

/* ---- the file ---- */

void mo_hr_read_row(sqlite3_stmt *st, mo_hr_record *r)
{
	*r = (mo_hr_record){
		.id = sqlite3_column_int64(st, 0),
		.corrects = sqlite3_column_int64(st, 1),
		.staff = mo_db_text(st, 2), .kind = mo_db_text(st, 3),
		.day = sqlite3_column_int(st, 4),
		.voided = sqlite3_column_int(st, 5),
		.name = mo_db_text(st, 6), .job = mo_db_text(st, 7),
		.from_job = mo_db_text(st, 8), .employment = mo_db_text(st, 9),
		.candidate = sqlite3_column_int64(st, 10),
		.reason = mo_db_text(st, 11),
		.gross_misconduct = sqlite3_column_int(st, 12),
		.rehire = sqlite3_column_int(st, 13),
		.plan = mo_db_text(st, 14), .coverage = mo_db_text(st, 15),
		.employee_cost = sqlite3_column_int64(st, 16),
		.employer_cost = sqlite3_column_int64(st, 17),
		.waived = sqlite3_column_int(st, 18),
		.from = sqlite3_column_int(st, 19),
		.to = sqlite3_column_int(st, 20),
		.reviewer = mo_db_text(st, 21),
		.rating = sqlite3_column_int(st, 22),
		.level = mo_db_text(st, 23), .text = mo_db_text(st, 24),
		.goals = mo_db_text(st, 25),
		.request = sqlite3_column_int64(st, 26),
		.pay_request = sqlite3_column_int64(st, 27),
		.acknowledged_us = sqlite3_column_int64(st, 28),
		.ack_comment = mo_db_text(st, 29),
		.created_us = sqlite3_column_int64(st, 30),
		.created_by = mo_db_text(st, 31)};
}

typedef struct file_ctx {
	mo_db *db;
	const char *staff;
	bool notes;
	mo_hr_record_cb cb;
	void *ud;
	int stop;
} file_ctx;

static int read_file(void *ctx, mo_err *e)
{
	file_ctx *c = ctx;
	sqlite3_stmt *st;
	mo_hr_record r;
	int rc = mo_db_stmt(c->db, SQL_FILE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->staff, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, c->notes);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_hr_read_row(st, &r);
		if ((c->stop = c->cb(c->ud, &r)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0
		: mo_db_fail(c->db, "personnel file", e);
	sqlite3_reset(st);
	return rc;
}

static int check_file_staff(mo_practice *p, const char *staff, mo_err *e)
{
	int64_t any = 0;
	int rc;
	if (!staff || !*staff)
		return mo_err_set(e, MO_EINVAL, "personnel file: whose? (a "
				  "staff id)");
	if (mo_config_staff(mo_practice_config(p), staff))
		return 0;
	if ((rc = mo_hr_int(mo_practice_db(p), SQL_ANY, staff, 0, &any, e)))
		return rc;
	return any ? 0 : mo_err_set(e, MO_ENOTFOUND, "personnel file: \"%s\" "
				    "is not on the staff and has no records",
				    staff);
}

int mo_hr_file(mo_practice *p, const char *actor, const char *staff,
	       mo_hr_record_cb cb, void *ud, mo_err *e)
{
	bool own = actor && staff && !strcmp(actor, staff);
	file_ctx c = {mo_practice_db(p), staff, own, cb, ud, 0};
	char record[80];
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "personnel file: no callback");
	if ((rc = check_file_staff(p, staff, e)))
		return rc;
	c.notes = own || mo_hr_may(p, actor, "hr.discipline");
	mo_fact f[] = {{"read", MO_FACT_STR, "personnel file", 0},
		       {"staff", MO_FACT_STR, staff, 0},
		       {"notes", MO_FACT_BOOL, NULL, c.notes}};
	snprintf(record, sizeof record, "staff:%s", staff);
	rc = mo_op_read(p, actor, own ? "hr.self" : "hr.view", f, 3, record,
			read_file, &c, e);
	return rc ? rc : c.stop;
}

/* ---- terminations in effect ---- */

int mo_hr_departures(mo_practice *p, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc;
	mo_practice_clear_departures(p);
	if (mo_db_schema_version(db) < 18)
		return 0; /* a database opened read-only before migration 18 */
	if ((rc = mo_db_stmt(db, SQL_DEPARTED, &st, e)))
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (mo_practice_set_departure(p, mo_db_text(st, 0),
					      sqlite3_column_int(st, 1))) {
			sqlite3_reset(st);
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "terminations", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- the task list ---- */

typedef struct due_ctx {
	mo_practice *p;
	int32_t through;
	mo_due_cb cb;
	void *ud;
} due_ctx;

static int item(due_ctx *c, const char *what, const char *staff,
		const char *action, const char *record, int32_t due)
{
	mo_due_item it = {"hr", what, staff, NULL, action, record, due};
	return c->cb(c->ud, &it);
}

/* Terminated people still on practice.yaml. */
static int due_departures(due_ctx *c, mo_err *e)
{
	const mo_config *cf = mo_practice_config(c->p);
	char what[256], record[80], d[11];
	int rc = 0;
	(void)e;
	for (size_t i = 0; !rc && i < cf->nstaff; i++) {
		const mo_staff *s = &cf->staff[i];
		int32_t day = mo_practice_departure(c->p, s->id);
		if (!day || day > c->through)
			continue;
		snprintf(what, sizeof what, "Remove %s (%s) from practice.yaml: "
			 "their employment ended on %s", s->name, s->id,
			 mo_date_format(day, d));
		snprintf(record, sizeof record, "staff:%s", s->id);
		rc = item(c, what, NULL, "practice.apply", record, day);
	}
	return rc;
}

/* Hires not yet on practice.yaml (and not terminated since). */
static int due_hires(due_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	char what[320], record[80], d[11];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_HIRES, &st, e), stop = 0;
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->through);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *staff = mo_db_text(st, 0);
		if (mo_config_staff(mo_practice_config(c->p), staff) ||
		    mo_practice_departure(c->p, staff))
			continue;
		snprintf(what, sizeof what, "Add %s to practice.yaml as %s "
			 "(id %s, hired from %s)", mo_db_text(st, 1)
			 ? mo_db_text(st, 1) : staff, mo_db_text(st, 2), staff,
			 mo_date_format(sqlite3_column_int(st, 3), d));
		snprintf(record, sizeof record, "staff:%s", staff);
		stop = item(c, what, NULL, "practice.apply", record,
			    sqlite3_column_int(st, 3));
	}
	rc = stop ? stop : rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
		: mo_db_fail(db, "hires", e);
	sqlite3_reset(st);
	return rc;
}

/* One person whose role change is in effect: their job in practice.yaml
 * must be the one of the change. */
static int role_item(due_ctx *c, const char *staff)
{
	const mo_staff *s = mo_config_staff(mo_practice_config(c->p), staff);
	char what[256], record[80], jb[65];
	const char *job;
	if (!s || mo_practice_departure(c->p, staff))
		return 0;
	job = mo_hr_job_on(c->p, staff, c->through, jb);
	if (!job || !strcmp(job, s->job))
		return 0;
	snprintf(what, sizeof what, "Update %s's job to %s in practice.yaml "
		 "(it says %s)", s->name, job, s->job);
	snprintf(record, sizeof record, "staff:%.64s", staff);
	return item(c, what, NULL, "practice.apply", record,
		    mo_practice_today(c->p));
}

static int due_roles(due_ctx *c, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	char staff[64][65];
	size_t n = 0;
	int rc = mo_db_stmt(db, SQL_ROLES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, c->through);
	/* collected first (role_item runs statements of its own); a
	 * practice changes fewer than 64 roles between two edits */
	while (n < 64 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(staff[n++], 65, "%s", mo_db_text(st, 0));
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "role changes", e);
	sqlite3_reset(st);
	for (size_t i = 0; !rc && i < n; i++)
		rc = role_item(c, staff[i]);
	return rc;
}

/* settings.hr.KEY as a whole number in 1..max, else def. */
static int64_t setting(mo_practice *p, const char *key, int64_t def,
		       int64_t max)
{
	char path[64];
	int64_t v;
	const mo_node *n;
	snprintf(path, sizeof path, "hr.%s", key);
	n = mo_config_setting(mo_practice_config(p), path);
	if (!n || mo_node_as_int(n, path, &v, NULL) || v < 1 || v > max)
		return def;
	return v;
}

static int32_t add_months(int32_t day, int64_t months)
{
	int y, m, d;
	mo_civil_from_days(day, &y, &m, &d);
	m += (int)months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > 28) /* the last day of a shorter month */
		while (d > 28 && mo_days_from_civil(y, m, d) >=
				 mo_days_from_civil(m == 12 ? y + 1 : y,
						    m % 12 + 1, 1))
			d--;
	return mo_days_from_civil(y, m, d);
}

/* staff's supervisor by the org chart, or NULL. */
static const char *supervisor_of(mo_practice *p, const char *staff)
{
	const mo_org *o = mo_practice_org(p);
	long i = o ? mo_org_staff_index(o, staff) : -1;
	long s = i >= 0 ? mo_org_supervisor(o, (size_t)i) : -1;
	return s >= 0 ? mo_practice_config(p)->staff[s].id : NULL;
}

static int review_item(due_ctx *c, const mo_staff *s, mo_err *e)
{
	int64_t last = 0;
	int32_t hired = mo_hr_hired(c->p, s->id), due;
	const char *who = supervisor_of(c->p, s->id);
	char what[256], record[80], d[11];
	int rc;
	if (!hired || mo_practice_departure(c->p, s->id) ||
	    (mo_practice_org(c->p) && !who))
		return 0; /* nobody above the top of the chart reviews it */
	if (who && !mo_hr_may(c->p, who, "hr.record"))
		who = NULL; /* anyone whose job may record it */
	if ((rc = mo_hr_int(mo_practice_db(c->p), SQL_LAST_REVIEW, s->id, 0,
			    &last, e)))
		return rc;
	due = last ? add_months((int32_t)last, setting(c->p, "review_months",
						       12, 120))
		   : hired + (int32_t)setting(c->p, "first_review_days", 90,
					      3650);
	if (due > c->through)
		return 0;
	snprintf(what, sizeof what, "%s performance review of %s (%s) due "
		 "%s", last ? "Annual" : "First", s->name, s->id,
		 mo_date_format(due, d));
	snprintf(record, sizeof record, "staff:%s", s->id);
	return item(c, what, who, "hr.record", record, due);
}

static int due_reviews(due_ctx *c, mo_err *e)
{
	const mo_config *cf = mo_practice_config(c->p);
	int rc = 0;
	for (size_t i = 0; !rc && i < cf->nstaff; i++)
		rc = review_item(c, &cf->staff[i], e);
	return rc;
}

static int interview_item(due_ctx *c, sqlite3_stmt *st)
{
	const char *zone = mo_practice_config(c->p)->timezone;
	int64_t at = sqlite3_column_int64(st, 1);
	char what[320], record[40], when[32];
	int32_t day = 0, sec;
	mo_tz_from_utc(zone, at, &day, &sec, NULL);
	snprintf(what, sizeof what, "Interview %s for %s at %s",
		 mo_db_text(st, 2), mo_db_text(st, 3),
		 mo_tz_format(zone, at, when));
	snprintf(record, sizeof record, "interview:%lld",
		 (long long)sqlite3_column_int64(st, 0));
	return item(c, what, mo_db_text(st, 4), NULL, record, day);
}

static int due_interviews(due_ctx *c, mo_err *e)
{
	const char *zone = mo_practice_config(c->p)->timezone;
	mo_db *db = mo_practice_db(c->p);
	int64_t from, to;
	sqlite3_stmt *st;
	int rc = mo_tz_day_bounds(zone, mo_practice_today(c->p), c->through,
				  &from, &to, e), stop = 0;
	if (rc || c->through < mo_practice_today(c->p) ||
	    (rc = mo_db_stmt(db, SQL_INTERVIEWS, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		stop = interview_item(c, st);
	rc = stop ? stop : rc == SQLITE_DONE || rc == SQLITE_ROW ? 0
		: mo_db_fail(db, "interviews", e);
	sqlite3_reset(st);
	return rc;
}

int mo_hr_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e)
{
	due_ctx c = {p, through, cb, ud};
	int rc;
	if ((rc = due_departures(&c, e)) || (rc = due_hires(&c, e)) ||
	    (rc = due_roles(&c, e)) || (rc = due_reviews(&c, e)))
		return rc;
	return due_interviews(&c, e);
}
