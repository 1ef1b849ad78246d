/* hr.c: the personnel file's changes (see hr.h): hires and benefits
 * enrollments through their approvals, role changes, terminations,
 * reviews, disciplinary notes, acknowledgements and voids, each checked
 * whole (naming the field) before its operation begins; and the helpers
 * the module's files share (hr_int.h). It uses practice.h, approval.h,
 * timecard.h (the pay_change request), org.h, clock.h, units.h, jansson
 * and SQLite through db.h. */
#include "hr_int.h"

#include <jansson.h>
#include <stdio.h>

#include "approval.h"
#include "clock.h"
#include "org.h"
#include "timecard.h"
#include "units.h"

static const char *const EMPLOYMENT[] = {"full_time", "part_time",
					 "per_diem", "contractor", NULL};
static const char *const REASONS[] = {"resignation", "dismissal",
				      "retirement", "end_of_contract", "other",
				      NULL};
static const char *const COVERAGE[] = {"employee", "employee_spouse",
				       "employee_children", "family", NULL};
static const char *const LEVELS[] = {"verbal", "written", "final",
				     "suspension", NULL};

static const char SQL_INSERT[] = "INSERT INTO hr_record(staff, kind, day, "
	"corrects, voided, name, job, from_job, employment, candidate, reason, "
	"misconduct, rehire, plan, coverage, employee_cost, employer_cost, "
	"waived, period_from, period_to, reviewer, rating, level, text, goals, "
	"request, pay_request, created_us, created_by) VALUES(?1, ?2, ?3, ?4, "
	"?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
	"?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29)";
static const char SQL_HIRED[] = "SELECT day FROM hr_record r WHERE "
	"staff = ?1 AND kind = 'hire' AND voided = 0 AND " HR_LATEST
	"ORDER BY day DESC LIMIT 1";
static const char SQL_JOB_ON[] = "SELECT job FROM hr_record r WHERE "
	"staff = ?1 AND kind IN ('hire', 'role') AND voided = 0 AND day <= ?2 "
	"AND " HR_LATEST "ORDER BY day DESC, id DESC LIMIT 1";
static const char SQL_ANY_JOB[] = "SELECT job FROM hr_record r WHERE "
	"staff = ?1 AND kind IN ('hire', 'role') AND voided = 0 AND " HR_LATEST
	"ORDER BY day DESC, id DESC LIMIT 1";
static const char SQL_LATEST[] = "SELECT staff, kind, voided, day FROM "
	"hr_record r WHERE id = ?1 AND " HR_LATEST;
static const char SQL_TERMINATED[] = "SELECT id FROM hr_record r WHERE "
	"staff = ?1 AND kind = 'termination' AND voided = 0 AND " HR_LATEST
	"AND " HR_SINCE_HIRE "LIMIT 1";
static const char SQL_WARNINGS[] = "SELECT count(*) FROM hr_record r WHERE "
	"staff = ?1 AND kind = 'discipline' AND voided = 0 AND level IN "
	"('written', 'final', 'suspension') AND day <= ?2 AND " HR_LATEST;
static const char SQL_NOTES[] = "SELECT count(*) FROM hr_record r WHERE "
	"staff = ?1 AND kind = 'discipline' AND voided = 0 AND " HR_LATEST;
static const char SQL_ACK_STATE[] = "SELECT r.staff, r.kind, r.voided, "
	"(SELECT 1 FROM hr_record c WHERE c.corrects = r.id), "
	"(SELECT 1 FROM hr_ack k WHERE k.record = r.id) FROM hr_record r "
	"WHERE r.id = ?1";
static const char SQL_ACK[] = "INSERT INTO hr_ack(record, staff, comment, "
	"at_us) VALUES(?1, ?2, ?3, ?4)";
static const char SQL_CAND_HIRED[] = "INSERT INTO hr_candidate_status("
	"candidate, status, note, at_us, by) VALUES(?1, 'hired', ?2, ?3, ?4)";
static const char SQL_CAND_STATUS[] = "SELECT status FROM hr_candidate_status "
	"WHERE candidate = ?1 ORDER BY id DESC LIMIT 1";

/* ---- shared helpers (hr_int.h) ---- */

bool mo_hr_one_of(const char *const *list, const char *s)
{
	for (size_t i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

int mo_hr_text(const char *what, const char *s, size_t max, bool optional,
	       bool multiline, mo_err *e)
{
	size_t n = s ? mo_utf8_chars(s) : 0;
	if (n == 0 && optional)
		return 0;
	if (n == 0 || n > max || (!multiline && strpbrk(s, "\r\n")))
		return mo_err_set(e, MO_EINVAL, "%s: expected %s of 1 to %zu "
				  "characters", what, multiline ? "text"
				  : "one line", max);
	return 0;
}

int mo_hr_not_future(mo_practice *p, const char *what, int32_t day,
		     mo_err *e)
{
	int32_t today = mo_practice_today(p);
	char d[11], t[11];
	if (day <= 0)
		return mo_err_set(e, MO_EINVAL, "%s: a date is needed (such as "
				  "2026-11-30)", what);
	if (day > today)
		return mo_err_set(e, MO_EINVAL, "%s: %s is after today (%s)",
				  what, mo_date_format(day, d),
				  mo_date_format(today, t));
	return 0;
}

int mo_hr_on_staff(mo_practice *p, const char *what, const char *staff,
		   mo_err *e)
{
	if (staff && mo_config_staff(mo_practice_config(p), staff))
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: %s%s%s is not on the staff of "
			  "practice.yaml", what, staff ? "\"" : "",
			  staff ? staff : "none", staff ? "\"" : "");
}

int mo_hr_int(mo_db *db, const char *sql, const char *s, int64_t i,
	      int64_t *out, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	if (s)
		sqlite3_bind_text(st, 1, s, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, i);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "personnel file", e);
	sqlite3_reset(st);
	return rc;
}

int32_t mo_hr_hire_day(mo_practice *p, const char *staff)
{
	int64_t day = 0;
	if (mo_hr_int(mo_practice_db(p), SQL_HIRED, staff, 0, &day, NULL))
		return 0;
	return (int32_t)day;
}

int32_t mo_hr_hired(mo_practice *p, const char *staff)
{
	const mo_staff *s = mo_config_staff(mo_practice_config(p), staff);
	int32_t day = mo_hr_hire_day(p, staff);
	return day ? day : s ? s->hired : 0;
}

int mo_hr_known(mo_practice *p, const char *what, const char *staff,
		mo_err *e)
{
	if (!staff || !*staff)
		return mo_err_set(e, MO_EINVAL, "%s: which staff member?", what);
	if (mo_config_staff(mo_practice_config(p), staff) ||
	    mo_hr_hired(p, staff))
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: \"%s\" is neither on the staff "
			  "of practice.yaml nor hired", what, staff);
}

int mo_hr_job_known(mo_practice *p, const char *what, const char *job,
		    mo_err *e)
{
	const mo_org *o = mo_practice_org(p);
	const mo_config *c = mo_practice_config(p);
	if (!job || !*job)
		return mo_err_set(e, MO_EINVAL, "%s: which job?", what);
	if (o && mo_org_find_job(o, job))
		return 0;
	for (size_t i = 0; !o && i < c->nstaff; i++)
		if (strcmp(c->staff[i].job, job) == 0)
			return 0;
	return mo_err_set(e, MO_EINVAL, "%s: unknown job \"%s\"", what, job);
}

/* The text of the first column of sql's row (?1 staff, ?2 day) into buf. */
static const char *text_of(mo_db *db, const char *sql, const char *staff,
			   int32_t day, char buf[65])
{
	sqlite3_stmt *st;
	const char *out = NULL;
	if (mo_db_stmt(db, sql, &st, NULL))
		return NULL;
	sqlite3_bind_text(st, 1, staff, -1, SQLITE_STATIC);
	if (strstr(sql, "?2"))
		sqlite3_bind_int(st, 2, day);
	if (sqlite3_step(st) == SQLITE_ROW && mo_db_text(st, 0)) {
		snprintf(buf, 65, "%s", mo_db_text(st, 0));
		out = buf;
	}
	sqlite3_reset(st);
	return out;
}

const char *mo_hr_job_on(mo_practice *p, const char *staff, int32_t day,
			 char buf[65])
{
	const mo_staff *s = mo_config_staff(mo_practice_config(p), staff);
	const char *job = text_of(mo_practice_db(p), SQL_JOB_ON, staff, day,
				  buf);
	if (job)
		return job;
	if (s) {
		snprintf(buf, 65, "%s", s->job);
		return buf;
	}
	return text_of(mo_practice_db(p), SQL_ANY_JOB, staff, 0, buf);
}

bool mo_hr_may(mo_practice *p, const char *actor, const char *action)
{
	mo_decision d;
	return mo_practice_decide(p, actor, action, NULL, 0, &d, NULL) == 0 &&
	       d.verdict != MO_VERDICT_DENY;
}

/* ---- writing a record ---- */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	mo_db_bind_opt(st, i, s && *s ? s : NULL);
}

static void bind_kind_fields(sqlite3_stmt *st, const mo_hr_record *r)
{
	bool term = !strcmp(r->kind, "termination") && !r->voided;
	bool ben = !strcmp(r->kind, "benefits") && !r->voided;
	bool rev = !strcmp(r->kind, "review") && !r->voided;
	if (term) {
		sqlite3_bind_int(st, 12, r->gross_misconduct);
		sqlite3_bind_int(st, 13, r->rehire);
	}
	if (ben) {
		sqlite3_bind_int64(st, 16, r->employee_cost);
		sqlite3_bind_int64(st, 17, r->employer_cost);
		sqlite3_bind_int(st, 18, r->waived);
	}
	if (rev) {
		sqlite3_bind_int(st, 19, r->from);
		sqlite3_bind_int(st, 20, r->to);
		sqlite3_bind_int(st, 22, r->rating);
	}
}

static void bind_row(sqlite3_stmt *st, const mo_hr_record *r,
		     const char *actor)
{
	sqlite3_bind_text(st, 1, r->staff, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, r->day);
	mo_db_bind_opt_int(st, 4, r->corrects);
	sqlite3_bind_int(st, 5, r->voided);
	bind_text(st, 6, r->name);
	bind_text(st, 7, r->job);
	bind_text(st, 8, r->from_job);
	bind_text(st, 9, r->employment);
	mo_db_bind_opt_int(st, 10, r->candidate);
	bind_text(st, 11, r->reason);
	bind_text(st, 14, r->plan);
	bind_text(st, 15, r->coverage);
	bind_text(st, 21, r->reviewer);
	bind_text(st, 23, r->level);
	bind_text(st, 24, r->text);
	bind_text(st, 25, r->goals);
	mo_db_bind_opt_int(st, 26, r->request);
	mo_db_bind_opt_int(st, 27, r->pay_request);
	sqlite3_bind_int64(st, 28, mo_clock_now_us());
	sqlite3_bind_text(st, 29, actor, -1, SQLITE_STATIC);
	bind_kind_fields(st, r);
}

static int insert_row(mo_db *db, const mo_hr_record *r, const char *actor,
		      int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	bind_row(st, r, actor);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
		: mo_db_fail(db, "personnel record", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* Marks candidate hired (inside the hire's operation). */
static int candidate_hired(mo_db *db, const mo_hr_record *r,
			   const char *actor, mo_err *e)
{
	sqlite3_stmt *st;
	char note[96];
	int rc;
	if (!r->candidate)
		return 0;
	if ((rc = mo_db_stmt(db, SQL_CAND_HIRED, &st, e)))
		return rc;
	snprintf(note, sizeof note, "hired as %s (staff %s)", r->job,
		 r->staff);
	sqlite3_bind_int64(st, 1, r->candidate);
	sqlite3_bind_text(st, 2, note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "candidate",
							     e);
	sqlite3_reset(st);
	return rc;
}

/* One operation: action with facts, the row r, audited "hr:N". */
static int write_op(mo_practice *p, const char *actor, const char *action,
		    const mo_fact *facts, size_t n, const mo_hr_record *r,
		    int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	int64_t rid = 0;
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, action, facts, n, e);
	if (rc)
		return rc;
	if ((rc = insert_row(db, r, actor, &rid, e)) ||
	    (!r->voided && (rc = candidate_hired(db, r, actor, e)))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "hr:%lld", (long long)rid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (!strcmp(r->kind, "termination") || !strcmp(r->kind, "hire"))
		mo_hr_departures(p, NULL); /* a rehire ends a departure */
	if (id)
		*id = rid;
	return 0;
}

/* corrects (0: none) must be the latest version of a record of kind
 * about staff, not voided. */
static int check_corrects(mo_practice *p, int64_t corrects, const char *staff,
			  const char *kind, mo_err *e)
{
	sqlite3_stmt *st;
	int rc;
	if (!corrects)
		return 0;
	if ((rc = mo_db_stmt(mo_practice_db(p), SQL_LATEST, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, corrects);
	rc = sqlite3_step(st) != SQLITE_ROW
		? mo_err_set(e, MO_EINVAL, "corrects: record %lld is not a "
			     "personnel record, or was corrected already "
			     "(correct its latest version)", (long long)corrects)
		: strcmp(mo_db_text(st, 0), staff) ||
			  strcmp(mo_db_text(st, 1), kind)
		? mo_err_set(e, MO_EINVAL, "corrects: record %lld is a %s of "
			     "%s, not a %s of %s", (long long)corrects,
			     mo_db_text(st, 1), mo_db_text(st, 0), kind, staff)
		: sqlite3_column_int(st, 2)
		? mo_err_set(e, MO_EINVAL, "corrects: record %lld is void",
			     (long long)corrects)
		: 0;
	sqlite3_reset(st);
	return rc;
}

/* A starting or new pay: none (rate 0), or pay hourly/salary. */
static int check_pay(const char *pay, int64_t rate, mo_err *e)
{
	if (!rate && (!pay || !*pay))
		return 0;
	if (rate <= 0)
		return mo_err_set(e, MO_EINVAL, "rate: expected more than 0.00");
	if (!pay || (strcmp(pay, "hourly") && strcmp(pay, "salary")))
		return mo_err_set(e, MO_EINVAL, "pay: expected hourly or salary "
				  "with a rate");
	return 0;
}

/* ---- hires ---- */

/* A new staff id: letters, digits, _ - ., 1 to 64. */
static bool staff_id_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n <= 64 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789_-.") == n && strcmp(s, MO_ACTOR_SYSTEM);
}

static int check_hire_staff(mo_practice *p, const mo_hr_hire_new *h,
			    mo_err *e)
{
	const mo_staff *s = mo_config_staff(mo_practice_config(p), h->staff);
	int64_t term = 0, hired = 0;
	int rc;
	if (!staff_id_ok(h->staff))
		return mo_err_set(e, MO_EINVAL, "hire staff: expected a staff id "
				  "(letters, digits, _ - .), got \"%s\"",
				  h->staff ? h->staff : "");
	if (!s && (rc = mo_hr_text("hire name: a person not yet in "
				   "practice.yaml needs their name",
				   h->name, 120, false, false, e)))
		return rc;
	if (h->corrects)
		return 0;
	if ((rc = mo_hr_int(mo_practice_db(p), SQL_HIRED, h->staff, 0, &hired,
			    e)) ||
	    (rc = mo_hr_int(mo_practice_db(p), SQL_TERMINATED, h->staff, 0,
			    &term, e)))
		return rc;
	if (hired && !term)
		return mo_err_set(e, MO_EINVAL, "hire staff: %s is hired "
				  "already (correct that hire instead)",
				  h->staff);
	return 0;
}

static int check_candidate_open(mo_practice *p, int64_t candidate,
				mo_err *e)
{
	sqlite3_stmt *st;
	int rc;
	if (!candidate)
		return 0;
	if ((rc = mo_db_stmt(mo_practice_db(p), SQL_CAND_STATUS, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, candidate);
	rc = sqlite3_step(st) != SQLITE_ROW
		? mo_err_set(e, MO_EINVAL, "hire candidate: no candidate %lld",
			     (long long)candidate)
		: mo_hr_one_of((const char *const[]){"hired", "declined",
						     "rejected", NULL},
			       mo_db_text(st, 0))
		? mo_err_set(e, MO_EINVAL, "hire candidate: candidate %lld is "
			     "%s already", (long long)candidate,
			     mo_db_text(st, 0))
		: 0;
	sqlite3_reset(st);
	return rc;
}

int mo_hr_hire_check(mo_practice *p, const mo_hr_hire_new *h, mo_err *e)
{
	int rc;
	if (!h)
		return mo_err_set(e, MO_EINVAL, "hire: nothing to record");
	if ((rc = check_hire_staff(p, h, e)) ||
	    (rc = mo_hr_job_known(p, "hire job", h->job, e)))
		return rc;
	if (h->start <= 0)
		return mo_err_set(e, MO_EINVAL, "hire start: the first day is "
				  "needed (such as 2026-12-01)");
	if (h->employment && *h->employment &&
	    !mo_hr_one_of(EMPLOYMENT, h->employment))
		return mo_err_set(e, MO_EINVAL, "hire employment: expected "
				  "full_time, part_time, per_diem or "
				  "contractor, got \"%s\"", h->employment);
	if ((rc = check_candidate_open(p, h->corrects ? 0 : h->candidate, e)) ||
	    (rc = check_pay(h->pay, h->rate, e)) ||
	    (rc = mo_hr_text("hire note", h->note, 2000, true, true, e)))
		return rc;
	return check_corrects(p, h->corrects, h->staff, "hire", e);
}

static int hire_record(mo_practice *p, const char *actor,
		       const mo_hr_hire_new *h, int64_t request,
		       int64_t pay_request, int64_t *id, mo_err *e)
{
	const char *employment = h->employment && *h->employment
		? h->employment : "full_time";
	char start[11];
	int rc = mo_hr_hire_check(p, h, e);
	if (rc)
		return rc;
	mo_hr_record r = {.staff = h->staff, .kind = "hire", .day = h->start,
			  .corrects = h->corrects, .name = h->name,
			  .job = h->job, .employment = employment,
			  .candidate = h->candidate, .text = h->note,
			  .request = request, .pay_request = pay_request};
	mo_fact f[] = {{"staff", MO_FACT_STR, h->staff, 0},
		       {"job", MO_FACT_STR, h->job, 0},
		       {"start", MO_FACT_STR, mo_date_format(h->start, start), 0},
		       {"employment", MO_FACT_STR, employment, 0},
		       {"candidate", MO_FACT_INT, NULL, h->candidate},
		       {"request", MO_FACT_INT, NULL, request}};
	return write_op(p, actor, "hr.hire", f, 6, &r, id, e);
}

int mo_hr_hire(mo_practice *p, const char *actor, const mo_hr_hire_new *h,
	       int64_t request, int64_t *id, mo_err *e)
{
	return hire_record(p, actor, h, request, 0, id, e);
}

/* Files the pay_change request of staff's pay from day (0: none). */
static int pay_request(mo_practice *p, const char *actor, const char *staff,
		       const char *pay, int64_t rate, int32_t day,
		       const char *why, int64_t *request, mo_err *e)
{
	mo_tc_rate_new r = {staff, pay, rate, day, why};
	*request = 0;
	if (!rate)
		return 0;
	return mo_tc_rate_request(p, actor, &r, request, e);
}

static int file_hire(mo_practice *p, const char *actor,
		     const mo_hr_hire_new *h, int64_t *request, mo_err *e)
{
	char start[11], summary[256];
	int64_t pay = 0;
	int rc = pay_request(p, actor, h->staff, h->pay, h->rate, h->start,
			     "starting pay of a new hire", &pay, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"staff", MO_FACT_STR, h->staff, 0},
		       {"name", MO_FACT_STR, h->name, 0},
		       {"job", MO_FACT_STR, h->job, 0},
		       {"start", MO_FACT_STR, mo_date_format(h->start, start), 0},
		       {"employment", MO_FACT_STR, h->employment, 0},
		       {"candidate", MO_FACT_INT, NULL, h->candidate},
		       {"note", MO_FACT_STR, h->note, 0},
		       {"corrects", MO_FACT_INT, NULL, h->corrects},
		       {"pay_request", MO_FACT_INT, NULL, pay}};
	const mo_staff *s = mo_config_staff(mo_practice_config(p), h->staff);
	snprintf(summary, sizeof summary, "Hire %.80s as %.64s from %s",
		 h->name && *h->name ? h->name : s ? s->name : h->staff,
		 h->job, start);
	mo_request_new in = {"hire", summary, false, 0, f, 9};
	return mo_approval_request(p, actor, &in, request, e);
}

int mo_hr_hire_request(mo_practice *p, const char *actor,
		       const mo_hr_hire_new *h, int64_t *request, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int rc = mo_hr_hire_check(p, h, e);
	if (rc || (h->rate && (rc = mo_hr_on_staff(p, "hire rate: the "
						   "starting pay is set once "
						   "the person is added; staff",
						   h->staff, e))) ||
	    (rc = mo_db_begin(db, e)))
		return rc;
	if ((rc = file_hire(p, actor, h, request, e)) ||
	    (rc = mo_db_commit(db, e)))
		mo_db_rollback(db);
	return rc;
}

/* ---- role changes ---- */

static int check_role(mo_practice *p, const mo_hr_role_new *r,
		      const char *from, mo_err *e)
{
	int rc;
	if ((rc = mo_hr_known(p, "role staff", r->staff, e)) ||
	    (rc = mo_hr_job_known(p, "role job", r->job, e)))
		return rc;
	if (r->effective <= 0)
		return mo_err_set(e, MO_EINVAL, "role effective: the day the "
				  "new job starts is needed");
	if (r->effective < mo_hr_hired(p, r->staff))
		return mo_err_set(e, MO_EINVAL, "role effective: before %s's "
				  "hire", r->staff);
	if (!r->corrects && from && !strcmp(from, r->job))
		return mo_err_set(e, MO_EINVAL, "role job: %s already holds %s "
				  "on that day", r->staff, r->job);
	if ((rc = mo_hr_text("role reason", r->reason, 200, false, false, e)) ||
	    (rc = check_pay(r->pay, r->rate, e)))
		return rc;
	return check_corrects(p, r->corrects, r->staff, "role", e);
}

static int role_op(mo_practice *p, const char *actor, const mo_hr_role_new *r,
		   const char *from, int64_t pay, int64_t *id, mo_err *e)
{
	char eff[11];
	mo_hr_record row = {.staff = r->staff, .kind = "role",
			    .day = r->effective, .corrects = r->corrects,
			    .job = r->job, .from_job = from, .text = r->reason,
			    .pay_request = pay};
	mo_fact f[] = {{"kind", MO_FACT_STR, "role", 0},
		       {"staff", MO_FACT_STR, r->staff, 0},
		       {"from_job", MO_FACT_STR, from, 0},
		       {"job", MO_FACT_STR, r->job, 0},
		       {"effective", MO_FACT_STR,
			mo_date_format(r->effective, eff), 0},
		       {"rate", MO_FACT_MONEY, NULL, r->rate}};
	return write_op(p, actor, "hr.record", f, r->rate ? 6 : 5, &row, id,
			e);
}

int mo_hr_role(mo_practice *p, const char *actor, const mo_hr_role_new *r,
	       int64_t *id, int64_t *pay_req, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char fb[65];
	const char *from = r ? mo_hr_job_on(p, r->staff, r->effective - 1, fb)
			     : NULL;
	int64_t pay = 0;
	int rc = r ? check_role(p, r, from, e)
		   : mo_err_set(e, MO_EINVAL, "role: nothing to record");
	if (rc || (rc = mo_db_begin(db, e)))
		return rc;
	if ((rc = pay_request(p, actor, r->staff, r->pay, r->rate,
			      r->effective, r->reason, &pay, e)) ||
	    (rc = role_op(p, actor, r, from, pay, id, e)) ||
	    (rc = mo_db_commit(db, e))) {
		mo_db_rollback(db);
		return rc;
	}
	if (pay_req)
		*pay_req = pay;
	return 0;
}

/* ---- terminations ---- */

static int check_term(mo_practice *p, const mo_hr_term_new *t, mo_err *e)
{
	int32_t hired;
	int64_t term = 0;
	char d[11];
	int rc = mo_hr_known(p, "termination staff", t->staff, e);
	if (rc)
		return rc;
	hired = mo_hr_hired(p, t->staff);
	if (t->effective <= 0)
		return mo_err_set(e, MO_EINVAL, "termination effective: the day "
				  "the employment ends is needed");
	if (t->effective < hired)
		return mo_err_set(e, MO_EINVAL, "termination effective: %s is "
				  "before %s's hire on %s",
				  mo_date_format(t->effective, d), t->staff,
				  mo_date_format(hired, (char[11]){0}));
	if (!mo_hr_one_of(REASONS, t->reason))
		return mo_err_set(e, MO_EINVAL, "termination reason: expected "
				  "resignation, dismissal, retirement, "
				  "end_of_contract or other, got \"%s\"",
				  t->reason ? t->reason : "");
	if ((rc = mo_hr_int(mo_practice_db(p), SQL_TERMINATED, t->staff, 0,
			    &term, e)))
		return rc;
	if (term && !t->corrects)
		return mo_err_set(e, MO_EINVAL, "termination: %s's employment "
				  "is terminated already (record %lld; correct "
				  "or void it)", t->staff, (long long)term);
	if ((rc = mo_hr_text("termination note", t->note, 2000, true, true,
			     e)))
		return rc;
	return check_corrects(p, t->corrects, t->staff, "termination", e);
}

int mo_hr_terminate(mo_practice *p, const char *actor,
		    const mo_hr_term_new *t, int64_t *id, mo_err *e)
{
	char eff[11], jb[65];
	int64_t warnings = 0;
	int rc = t ? check_term(p, t, e)
		   : mo_err_set(e, MO_EINVAL, "termination: nothing to record");
	if (rc || (rc = mo_hr_int(mo_practice_db(p), SQL_WARNINGS, t->staff,
				  t->effective, &warnings, e)))
		return rc;
	mo_hr_record r = {.staff = t->staff, .kind = "termination",
			  .day = t->effective, .corrects = t->corrects,
			  .reason = t->reason,
			  .gross_misconduct = t->gross_misconduct,
			  .rehire = t->rehire, .text = t->note};
	mo_fact f[] = {{"kind", MO_FACT_STR, "termination", 0},
		       {"staff", MO_FACT_STR, t->staff, 0},
		       {"job", MO_FACT_STR, mo_hr_job_on(p, t->staff,
							 t->effective, jb), 0},
		       {"effective", MO_FACT_STR,
			mo_date_format(t->effective, eff), 0},
		       {"reason", MO_FACT_STR, t->reason, 0},
		       {"gross_misconduct", MO_FACT_BOOL, NULL,
			t->gross_misconduct},
		       {"rehire", MO_FACT_BOOL, NULL, t->rehire},
		       {"warnings", MO_FACT_INT, NULL, warnings}};
	return write_op(p, actor, "hr.record", f, 8, &r, id, e);
}

/* ---- benefits ---- */

static int check_cost(const char *what, int64_t cost, mo_err *e)
{
	char a[32];
	if (cost >= 0 && cost <= MO_HR_COST_MAX)
		return 0;
	return mo_err_set(e, MO_EINVAL, "%s: expected 0.00 to 100000.00 per "
			  "pay period, got %s", what,
			  mo_money_format(cost, a));
}

int mo_hr_benefits_check(mo_practice *p, const mo_hr_benefit_new *b,
			 mo_err *e)
{
	int rc;
	if (!b)
		return mo_err_set(e, MO_EINVAL, "benefits: nothing to record");
	if ((rc = mo_hr_known(p, "benefits staff", b->staff, e)) ||
	    (rc = mo_hr_text("benefits plan", b->plan, 80, false, false, e)))
		return rc;
	if (b->effective <= 0)
		return mo_err_set(e, MO_EINVAL, "benefits effective: the day "
				  "the coverage starts is needed");
	if (b->waived && ((b->coverage && *b->coverage) || b->employee_cost ||
			  b->employer_cost))
		return mo_err_set(e, MO_EINVAL, "benefits waived: a waived plan "
				  "has no coverage and no costs");
	if (!b->waived && !mo_hr_one_of(COVERAGE, b->coverage))
		return mo_err_set(e, MO_EINVAL, "benefits coverage: expected "
				  "employee, employee_spouse, "
				  "employee_children or family, got \"%s\"",
				  b->coverage ? b->coverage : "");
	if ((rc = check_cost("benefits employee cost", b->employee_cost, e)) ||
	    (rc = check_cost("benefits employer cost", b->employer_cost, e)))
		return rc;
	return check_corrects(p, b->corrects, b->staff, "benefits", e);
}

int mo_hr_benefits(mo_practice *p, const char *actor,
		   const mo_hr_benefit_new *b, int64_t request, int64_t *id,
		   mo_err *e)
{
	char eff[11];
	int rc = mo_hr_benefits_check(p, b, e);
	if (rc)
		return rc;
	mo_hr_record r = {.staff = b->staff, .kind = "benefits",
			  .day = b->effective, .corrects = b->corrects,
			  .plan = b->plan,
			  .coverage = b->waived ? NULL : b->coverage,
			  .employee_cost = b->employee_cost,
			  .employer_cost = b->employer_cost,
			  .waived = b->waived, .request = request};
	mo_fact f[] = {{"staff", MO_FACT_STR, b->staff, 0},
		       {"plan", MO_FACT_STR, b->plan, 0},
		       {"coverage", MO_FACT_STR, r.coverage, 0},
		       {"effective", MO_FACT_STR,
			mo_date_format(b->effective, eff), 0},
		       {"waived", MO_FACT_BOOL, NULL, b->waived},
		       {"employee_cost", MO_FACT_MONEY, NULL, b->employee_cost},
		       {"amount", MO_FACT_MONEY, NULL, b->employer_cost},
		       {"request", MO_FACT_INT, NULL, request}};
	return write_op(p, actor, "hr.benefits", f, 8, &r, id, e);
}

int mo_hr_benefits_request(mo_practice *p, const char *actor,
			   const mo_hr_benefit_new *b, int64_t *request,
			   mo_err *e)
{
	char eff[11], summary[256];
	int rc = mo_hr_benefits_check(p, b, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"staff", MO_FACT_STR, b->staff, 0},
		       {"plan", MO_FACT_STR, b->plan, 0},
		       {"coverage", MO_FACT_STR, b->coverage, 0},
		       {"effective", MO_FACT_STR,
			mo_date_format(b->effective, eff), 0},
		       {"waived", MO_FACT_BOOL, NULL, b->waived},
		       {"employee_cost", MO_FACT_INT, NULL, b->employee_cost},
		       {"employer_cost", MO_FACT_INT, NULL, b->employer_cost},
		       {"corrects", MO_FACT_INT, NULL, b->corrects}};
	snprintf(summary, sizeof summary, "%s %s for %s from %s",
		 b->waived ? "Waive" : "Enroll in", b->plan, b->staff, eff);
	mo_request_new in = {"benefits", summary, !b->waived, b->employer_cost,
			     f, 8};
	return mo_approval_request(p, actor, &in, request, e);
}

/* ---- reviews ---- */

static int check_review(mo_practice *p, const mo_hr_review_new *v, mo_err *e)
{
	int rc;
	if ((rc = mo_hr_known(p, "review staff", v->staff, e)) ||
	    (rc = mo_hr_on_staff(p, "review reviewer", v->reviewer, e)))
		return rc;
	if (!strcmp(v->staff, v->reviewer))
		return mo_err_set(e, MO_EINVAL, "review reviewer: %s cannot "
				  "review themselves", v->staff);
	if ((rc = mo_hr_not_future(p, "review day", v->day, e)))
		return rc;
	if (v->from <= 0 || v->to < v->from || v->to > v->day)
		return mo_err_set(e, MO_EINVAL, "review period: expected from "
				  "and to, from on or before to, to on or "
				  "before the review's day");
	if (v->rating < 1 || v->rating > 5)
		return mo_err_set(e, MO_EINVAL, "review rating: expected 1 to 5, "
				  "got %d", v->rating);
	if ((rc = mo_hr_text("review summary", v->summary, 2000, false, true,
			     e)) ||
	    (rc = mo_hr_text("review goals", v->goals, 2000, true, true, e)))
		return rc;
	return check_corrects(p, v->corrects, v->staff, "review", e);
}

int mo_hr_review(mo_practice *p, const char *actor, const mo_hr_review_new *v,
		 int64_t *id, mo_err *e)
{
	char day[11], jb[65];
	int rc = v ? check_review(p, v, e)
		   : mo_err_set(e, MO_EINVAL, "review: nothing to record");
	if (rc)
		return rc;
	mo_hr_record r = {.staff = v->staff, .kind = "review", .day = v->day,
			  .corrects = v->corrects, .from = v->from,
			  .to = v->to, .reviewer = v->reviewer,
			  .rating = v->rating, .text = v->summary,
			  .goals = v->goals};
	mo_fact f[] = {{"kind", MO_FACT_STR, "review", 0},
		       {"staff", MO_FACT_STR, v->staff, 0},
		       {"job", MO_FACT_STR, mo_hr_job_on(p, v->staff, v->day,
							 jb), 0},
		       {"reviewer", MO_FACT_STR, v->reviewer, 0},
		       {"rating", MO_FACT_INT, NULL, v->rating},
		       {"goals", MO_FACT_BOOL, NULL, v->goals && *v->goals},
		       {"day", MO_FACT_STR, mo_date_format(v->day, day), 0}};
	return write_op(p, actor, "hr.record", f, 7, &r, id, e);
}

/* ---- disciplinary notes ---- */

static int check_note(mo_practice *p, const mo_hr_note_new *n, mo_err *e)
{
	int rc;
	if ((rc = mo_hr_known(p, "discipline staff", n->staff, e)) ||
	    (rc = mo_hr_not_future(p, "discipline day", n->day, e)))
		return rc;
	if (!mo_hr_one_of(LEVELS, n->level))
		return mo_err_set(e, MO_EINVAL, "discipline level: expected "
				  "verbal, written, final or suspension, got "
				  "\"%s\"", n->level ? n->level : "");
	if ((rc = mo_hr_text("discipline description", n->description, 2000,
			     false, true, e)))
		return rc;
	return check_corrects(p, n->corrects, n->staff, "discipline", e);
}

int mo_hr_discipline(mo_practice *p, const char *actor,
		     const mo_hr_note_new *n, int64_t *id, mo_err *e)
{
	char day[11], jb[65];
	int64_t prior = 0;
	int rc = n ? check_note(p, n, e)
		   : mo_err_set(e, MO_EINVAL, "discipline: nothing to record");
	if (rc || (rc = mo_hr_int(mo_practice_db(p), SQL_NOTES, n->staff, 0,
				  &prior, e)))
		return rc;
	mo_hr_record r = {.staff = n->staff, .kind = "discipline",
			  .day = n->day, .corrects = n->corrects,
			  .level = n->level, .text = n->description};
	mo_fact f[] = {{"staff", MO_FACT_STR, n->staff, 0},
		       {"job", MO_FACT_STR, mo_hr_job_on(p, n->staff, n->day,
							 jb), 0},
		       {"level", MO_FACT_STR, n->level, 0},
		       {"day", MO_FACT_STR, mo_date_format(n->day, day), 0},
		       {"prior", MO_FACT_INT, NULL, prior}};
	return write_op(p, actor, "hr.discipline", f, 5, &r, id, e);
}

/* ---- acknowledgements ---- */

static int check_ack(mo_practice *p, const char *actor, int64_t id,
		     char kind[16], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(p), SQL_ACK_STATE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		rc = mo_err_set(e, MO_ENOTFOUND, "acknowledge: no personnel "
				"record %lld", (long long)id);
	else if (strcmp(mo_db_text(st, 0), actor))
		rc = mo_err_set(e, MO_EDENIED, "acknowledge: record %lld is "
				"about someone else; only they acknowledge it",
				(long long)id);
	else if (strcmp(mo_db_text(st, 1), "review") &&
		 strcmp(mo_db_text(st, 1), "discipline"))
		rc = mo_err_set(e, MO_EINVAL, "acknowledge: record %lld is a "
				"%s; only reviews and disciplinary notes are "
				"acknowledged", (long long)id,
				mo_db_text(st, 1));
	else if (sqlite3_column_int(st, 2) || sqlite3_column_int(st, 3))
		rc = mo_err_set(e, MO_EINVAL, "acknowledge: record %lld was "
				"%s; acknowledge its latest version",
				(long long)id, sqlite3_column_int(st, 2)
				? "voided" : "corrected");
	else if (sqlite3_column_int(st, 4))
		rc = mo_err_set(e, MO_EINVAL, "acknowledge: record %lld is "
				"acknowledged already", (long long)id);
	else
		snprintf(kind, 16, "%s", mo_db_text(st, 1));
	sqlite3_reset(st);
	return rc;
}

static int insert_ack(mo_db *db, const char *actor, int64_t id,
		      const char *comment, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ACK, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	bind_text(st, 3, comment);
	sqlite3_bind_int64(st, 4, mo_clock_now_us());
	rc = sqlite3_step(st) == SQLITE_DONE ? 0
		: mo_db_fail(db, "acknowledgement", e);
	sqlite3_reset(st);
	return rc;
}

int mo_hr_acknowledge(mo_practice *p, const char *actor, int64_t id,
		      const char *comment, mo_err *e)
{
	char kind[16] = "", record[32];
	mo_op op;
	int rc = mo_hr_text("acknowledge comment", comment, 500, true, false,
			    e);
	if (rc || (rc = check_ack(p, actor, id, kind, e)))
		return rc;
	mo_fact f[] = {{"record", MO_FACT_INT, NULL, id},
		       {"kind", MO_FACT_STR, kind, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "hr.self", f, 2, e)))
		return rc;
	if ((rc = insert_ack(mo_practice_db(p), actor, id, comment, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "hr:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

/* ---- voids ---- */

int mo_hr_void(mo_practice *p, const char *actor, int64_t id,
	       const char *reason, int64_t *out, mo_err *e)
{
	sqlite3_stmt *st;
	char staff[65] = "", kind[16] = "";
	int32_t day = 0;
	int rc = mo_hr_text("void reason", reason, 200, false, false, e);
	if (rc || (rc = mo_db_stmt(mo_practice_db(p), SQL_LATEST, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 2)) {
		snprintf(staff, sizeof staff, "%s", mo_db_text(st, 0));
		snprintf(kind, sizeof kind, "%s", mo_db_text(st, 1));
		day = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	if (!staff[0])
		return mo_err_set(e, MO_EINVAL, "void: record %lld is not the "
				  "latest version of a personnel record in "
				  "effect", (long long)id);
	mo_hr_record r = {.staff = staff, .kind = kind, .day = day,
			  .corrects = id, .voided = true, .text = reason};
	mo_fact f[] = {{"kind", MO_FACT_STR, kind, 0},
		       {"staff", MO_FACT_STR, staff, 0},
		       {"void", MO_FACT_INT, NULL, id}};
	return write_op(p, actor, strcmp(kind, "discipline") ? "hr.record"
			: "hr.discipline", f, 3, &r, out, e);
}

/* ---- the guarded actions (approval.c) ---- */

static const char *fact_s(json_t *facts, const char *key)
{
	return json_string_value(json_object_get(facts, key));
}

static int64_t fact_i(json_t *facts, const char *key)
{
	json_t *v = json_object_get(facts, key);
	return json_is_boolean(v) ? json_is_true(v) : json_integer_value(v);
}

/* hr.hire from a "hire" request's facts (those mo_hr_hire_request
 * files). A request that names no staff is a hire decided outside the
 * personnel file: approved, nothing runs (h->staff NULL). */
static int hire_facts(json_t *facts, mo_hr_hire_new *h, mo_err *e)
{
	if (!fact_s(facts, "staff")) {
		*h = (mo_hr_hire_new){0};
		return 0;
	}
	*h = (mo_hr_hire_new){.staff = fact_s(facts, "staff"),
			      .name = fact_s(facts, "name"),
			      .job = fact_s(facts, "job"),
			      .employment = fact_s(facts, "employment"),
			      .candidate = fact_i(facts, "candidate"),
			      .note = fact_s(facts, "note"),
			      .corrects = fact_i(facts, "corrects")};
	return mo_approval_fact_date(facts, "hr.hire", "start",
				     " (the first day)", &h->start, e);
}

int mo_hr_hire_guard_check(mo_practice *p, const char *requester,
			   json_t *facts, mo_err *e)
{
	mo_hr_hire_new h;
	int rc = hire_facts(facts, &h, e);
	(void)requester;
	return rc || !h.staff ? rc : mo_hr_hire_check(p, &h, e);
}

int mo_hr_hire_guard_run(mo_practice *p, const char *actor,
			 const char *requester, int64_t request,
			 json_t *facts, char record[64], mo_err *e)
{
	mo_hr_hire_new h;
	int64_t id;
	int rc = hire_facts(facts, &h, e);
	(void)requester;
	if (rc || !h.staff || (rc = hire_record(p, actor, &h, request,
				    fact_i(facts, "pay_request"), &id, e)))
		return rc;
	snprintf(record, 64, "hr:%lld", (long long)id);
	return 0;
}

/* hr.benefits from a "benefits" request's facts; none without staff
 * (b->staff NULL), as for a hire. */
static int benefit_facts(json_t *facts, mo_hr_benefit_new *b, mo_err *e)
{
	if (!fact_s(facts, "staff")) {
		*b = (mo_hr_benefit_new){0};
		return 0;
	}
	*b = (mo_hr_benefit_new){.staff = fact_s(facts, "staff"),
				 .plan = fact_s(facts, "plan"),
				 .coverage = fact_s(facts, "coverage"),
				 .employee_cost = fact_i(facts,
							 "employee_cost"),
				 .employer_cost = fact_i(facts,
							 "employer_cost"),
				 .waived = fact_i(facts, "waived"),
				 .corrects = fact_i(facts, "corrects")};
	return mo_approval_fact_date(facts, "hr.benefits", "effective",
				     " (a date)", &b->effective, e);
}

int mo_hr_benefits_guard_check(mo_practice *p, const char *requester,
			       json_t *facts, mo_err *e)
{
	mo_hr_benefit_new b;
	int rc = benefit_facts(facts, &b, e);
	(void)requester;
	return rc || !b.staff ? rc : mo_hr_benefits_check(p, &b, e);
}

int mo_hr_benefits_guard_run(mo_practice *p, const char *actor,
			     const char *requester, int64_t request,
			     json_t *facts, char record[64], mo_err *e)
{
	mo_hr_benefit_new b;
	int64_t id;
	int rc = benefit_facts(facts, &b, e);
	(void)requester;
	if (rc || !b.staff ||
	    (rc = mo_hr_benefits(p, actor, &b, request, &id, e)))
		return rc;
	snprintf(record, 64, "hr:%lld", (long long)id);
	return 0;
}
