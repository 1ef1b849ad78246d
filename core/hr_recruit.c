/* hr_recruit.c: recruiting (see hr.h): candidates and their status,
 * interviews with their interviewers, assessments scored per criterion,
 * and the list of candidates, all as hr.recruit. It uses hr_int.h,
 * clock.h, units.h and SQLite through db.h. */
#include "hr_int.h"

#include <stdio.h>

#include "clock.h"
#include "units.h"

static const char *const STATUSES[] = {"applied", "interviewing", "offered",
				       "hired", "declined", "rejected", NULL};
static const char *const RECOMMEND[] = {"hire", "hold", "reject", NULL};

static const char SQL_ADD[] = "INSERT INTO hr_candidate(name, position, "
	"applied, source, created_us, created_by) VALUES(?1, ?2, ?3, ?4, ?5, "
	"?6)";
static const char SQL_STATUS_ADD[] = "INSERT INTO hr_candidate_status("
	"candidate, status, note, at_us, by) VALUES(?1, ?2, ?3, ?4, ?5)";
static const char SQL_STATUS[] = "SELECT status FROM hr_candidate_status "
	"WHERE candidate = ?1 ORDER BY id DESC LIMIT 1";
static const char SQL_INTERVIEW_ADD[] = "INSERT INTO hr_interview(candidate, "
	"at_us, corrects, notes, created_us, created_by) VALUES(?1, ?2, ?3, "
	"?4, ?5, ?6)";
static const char SQL_INTERVIEWER_ADD[] = "INSERT INTO hr_interviewer("
	"interview, staff) VALUES(?1, ?2)";
static const char SQL_INTERVIEW_LATEST[] = "SELECT candidate FROM "
	"hr_interview i WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM "
	"hr_interview n WHERE n.corrects = i.id)";
static const char SQL_ASSESS_ADD[] = "INSERT INTO hr_assessment(candidate, "
	"assessor, recommendation, comments, created_us, created_by) "
	"VALUES(?1, ?2, ?3, ?4, ?5, ?6)";
static const char SQL_SCORE_ADD[] = "INSERT INTO hr_score(assessment, "
	"criterion, score) VALUES(?1, ?2, ?3)";
static const char SQL_LIST[] = "SELECT c.id, c.name, c.position, c.source, "
	"s.status, c.applied, (SELECT count(*) FROM hr_interview i WHERE "
	"i.candidate = c.id AND NOT EXISTS (SELECT 1 FROM hr_interview n WHERE "
	"n.corrects = i.id)), (SELECT count(*) FROM hr_assessment a WHERE "
	"a.candidate = c.id), (SELECT avg(x.score) FROM hr_score x JOIN "
	"hr_assessment a ON a.id = x.assessment WHERE a.candidate = c.id), "
	"c.created_us, c.created_by FROM hr_candidate c JOIN "
	"hr_candidate_status s ON s.id = (SELECT max(id) FROM "
	"hr_candidate_status WHERE candidate = c.id) WHERE ?1 IS NULL OR "
	"s.status = ?1 OR (?1 = 'open' AND s.status IN ('applied', "
	"'interviewing', 'offered')) ORDER BY c.id";

static int step_done(mo_db *db, sqlite3_stmt *st, const char *what,
		     int64_t *id, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, what, e);
	if (id)
		*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* The status of candidate into buf (MO_EINVAL naming what when none). */
static int status_of(mo_practice *p, const char *what, int64_t candidate,
		     char buf[16], mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(p), SQL_STATUS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, candidate);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, 16, "%s", mo_db_text(st, 0));
	else
		rc = mo_err_set(e, MO_EINVAL, "%s: no candidate %lld", what,
				(long long)candidate);
	sqlite3_reset(st);
	return rc;
}

static int insert_status(mo_db *db, const char *actor, int64_t candidate,
			 const char *status, const char *note, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATUS_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, candidate);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 3, note && *note ? note : NULL);
	sqlite3_bind_int64(st, 4, mo_clock_now_us());
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	return step_done(db, st, "candidate status", NULL, e);
}

/* Inside an operation: fn(ctx), committed as "candidate:N". */
static int recruit_op(mo_practice *p, const char *actor, const mo_fact *f,
		      size_t n, int (*fn)(mo_practice *, const char *,
					  const void *, int64_t *, mo_err *),
		      const void *in, const char *kind, int64_t *id,
		      mo_err *e)
{
	char record[40];
	int64_t rid = 0;
	mo_op op;
	int rc = mo_op_begin(p, &op, actor, "hr.recruit", f, n, e);
	if (rc)
		return rc;
	if ((rc = fn(p, actor, in, &rid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "%s:%lld", kind, (long long)rid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = rid;
	return 0;
}

/* ---- candidates ---- */

static int check_candidate(mo_practice *p, const mo_hr_candidate_new *c,
			   mo_err *e)
{
	int rc;
	if (!c)
		return mo_err_set(e, MO_EINVAL, "candidate: nothing to add");
	if ((rc = mo_hr_text("candidate name", c->name, 120, false, false,
			     e)) ||
	    (rc = mo_hr_job_known(p, "candidate position", c->position, e)) ||
	    (rc = mo_hr_not_future(p, "candidate applied", c->applied, e)))
		return rc;
	return mo_hr_text("candidate source", c->source, 80, true, false, e);
}

static int add_candidate(mo_practice *p, const char *actor, const void *in,
			 int64_t *id, mo_err *e)
{
	const mo_hr_candidate_new *c = in;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, c->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->position, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, c->applied);
	mo_db_bind_opt(st, 4, c->source && *c->source ? c->source : NULL);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "candidate", id, e)))
		return rc;
	return insert_status(db, actor, *id, "applied", NULL, e);
}

int mo_hr_candidate_add(mo_practice *p, const char *actor,
			const mo_hr_candidate_new *c, int64_t *id, mo_err *e)
{
	char d[11];
	int rc = check_candidate(p, c, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"change", MO_FACT_STR, "candidate", 0},
		       {"position", MO_FACT_STR, c->position, 0},
		       {"applied", MO_FACT_STR, mo_date_format(c->applied, d),
			0}};
	return recruit_op(p, actor, f, 3, add_candidate, c, "candidate",
			  id, e);
}

typedef struct status_in {
	int64_t id;
	const char *status, *note;
} status_in;

static int set_status(mo_practice *p, const char *actor, const void *in,
		      int64_t *id, mo_err *e)
{
	const status_in *s = in;
	*id = s->id;
	return insert_status(mo_practice_db(p), actor, s->id, s->status,
			     s->note, e);
}

int mo_hr_candidate_status(mo_practice *p, const char *actor, int64_t id,
			   const char *status, const char *note, mo_err *e)
{
	status_in in = {id, status, note};
	char now[16];
	int rc = status_of(p, "candidate", id, now, e);
	if (rc)
		return rc;
	if (!mo_hr_one_of(STATUSES, status) || !strcmp(status, "hired"))
		return mo_err_set(e, MO_EINVAL, "candidate status: expected "
				  "applied, interviewing, offered, declined or "
				  "rejected (a hire makes a candidate hired), "
				  "got \"%s\"", status ? status : "");
	if (mo_hr_one_of((const char *const[]){"hired", "declined",
					       "rejected", NULL}, now))
		return mo_err_set(e, MO_EINVAL, "candidate status: candidate "
				  "%lld is %s, which is final",
				  (long long)id, now);
	if ((rc = mo_hr_text("candidate note", note, 200, true, false, e)))
		return rc;
	mo_fact f[] = {{"change", MO_FACT_STR, "status", 0},
		       {"candidate", MO_FACT_INT, NULL, id},
		       {"from", MO_FACT_STR, now, 0},
		       {"status", MO_FACT_STR, status, 0}};
	return recruit_op(p, actor, f, 4, set_status, &in, "candidate", NULL,
			  e);
}

/* ---- interviews ---- */

static int check_interviewers(mo_practice *p, const mo_hr_interview_new *in,
			      mo_err *e)
{
	int rc;
	if (in->ninterviewers < 1 || in->ninterviewers > 8)
		return mo_err_set(e, MO_EINVAL, "interview interviewers: "
				  "expected 1 to 8 staff members, got %zu",
				  in->ninterviewers);
	for (size_t i = 0; i < in->ninterviewers; i++) {
		if ((rc = mo_hr_on_staff(p, "interview interviewer",
					 in->interviewers[i], e)))
			return rc;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(in->interviewers[i], in->interviewers[j]))
				return mo_err_set(e, MO_EINVAL, "interview "
						  "interviewers: %s is named "
						  "twice", in->interviewers[i]);
	}
	return 0;
}

static int check_interview(mo_practice *p, const mo_hr_interview_new *in,
			   char status[16], mo_err *e)
{
	int64_t cand = 0;
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "interview: nothing to record");
	if ((rc = status_of(p, "interview candidate", in->candidate, status,
			    e)) ||
	    (rc = check_interviewers(p, in, e)))
		return rc;
	if (in->at_us <= 0)
		return mo_err_set(e, MO_EINVAL, "interview at: when? (a local "
				  "time such as 2026-12-03 10:00)");
	if ((rc = mo_hr_text("interview notes", in->notes, 2000, true, true,
			     e)))
		return rc;
	if (!in->corrects)
		return 0;
	if ((rc = mo_hr_int(mo_practice_db(p), SQL_INTERVIEW_LATEST, NULL,
			    in->corrects, &cand, e)))
		return rc;
	if (cand != in->candidate)
		return mo_err_set(e, MO_EINVAL, "interview corrects: %lld is "
				  "not the latest version of an interview of "
				  "candidate %lld", (long long)in->corrects,
				  (long long)in->candidate);
	return 0;
}

static int add_interview(mo_practice *p, const char *actor, const void *v,
			 int64_t *id, mo_err *e)
{
	const mo_hr_interview_new *in = v;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INTERVIEW_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->candidate);
	sqlite3_bind_int64(st, 2, in->at_us);
	mo_db_bind_opt_int(st, 3, in->corrects);
	mo_db_bind_opt(st, 4, in->notes && *in->notes ? in->notes : NULL);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "interview", id, e)))
		return rc;
	for (size_t i = 0; !rc && i < in->ninterviewers; i++) {
		if ((rc = mo_db_stmt(db, SQL_INTERVIEWER_ADD, &st, e)))
			return rc;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, in->interviewers[i], -1,
				  SQLITE_STATIC);
		rc = step_done(db, st, "interviewer", NULL, e);
	}
	return rc;
}

/* An interview, and "interviewing" for a candidate still "applied". */
static int add_interview_status(mo_practice *p, const char *actor,
				const void *v, int64_t *id, mo_err *e)
{
	const mo_hr_interview_new *in = v;
	char status[16];
	int rc = add_interview(p, actor, v, id, e);
	if (rc || (rc = status_of(p, "interview", in->candidate, status, e)) ||
	    strcmp(status, "applied"))
		return rc;
	return insert_status(mo_practice_db(p), actor, in->candidate,
			     "interviewing", NULL, e);
}

int mo_hr_interview(mo_practice *p, const char *actor,
		    const mo_hr_interview_new *in, int64_t *id, mo_err *e)
{
	char status[16];
	int rc = check_interview(p, in, status, e);
	if (rc)
		return rc;
	mo_fact f[] = {{"change", MO_FACT_STR, "interview", 0},
		       {"candidate", MO_FACT_INT, NULL, in->candidate},
		       {"at", MO_FACT_TIME, NULL, in->at_us},
		       {"interviewers", MO_FACT_INT, NULL,
			(int64_t)in->ninterviewers},
		       {"corrects", MO_FACT_INT, NULL, in->corrects}};
	return recruit_op(p, actor, f, 5, add_interview_status, in,
			  "interview", id, e);
}

/* ---- assessments ---- */

static int check_scores(const mo_hr_assessment_new *a, mo_err *e)
{
	int rc;
	if (a->n < 1 || a->n > 20)
		return mo_err_set(e, MO_EINVAL, "assessment scores: expected 1 "
				  "to 20 criteria, got %zu", a->n);
	for (size_t i = 0; i < a->n; i++) {
		if ((rc = mo_hr_text("assessment criterion", a->criteria[i], 60,
				     false, false, e)))
			return rc;
		if (a->scores[i] < 1 || a->scores[i] > 5)
			return mo_err_set(e, MO_EINVAL, "assessment score of "
					  "%s: expected 1 to 5, got %d",
					  a->criteria[i], a->scores[i]);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(a->criteria[i], a->criteria[j]))
				return mo_err_set(e, MO_EINVAL, "assessment "
						  "criterion: %s is scored "
						  "twice", a->criteria[i]);
	}
	return 0;
}

static int check_assessment(mo_practice *p, const mo_hr_assessment_new *a,
			    mo_err *e)
{
	char status[16];
	int rc;
	if (!a)
		return mo_err_set(e, MO_EINVAL, "assessment: nothing to record");
	if ((rc = status_of(p, "assessment candidate", a->candidate, status,
			    e)) ||
	    (rc = mo_hr_on_staff(p, "assessment assessor", a->assessor, e)) ||
	    (rc = check_scores(a, e)))
		return rc;
	if (!mo_hr_one_of(RECOMMEND, a->recommendation))
		return mo_err_set(e, MO_EINVAL, "assessment recommendation: "
				  "expected hire, hold or reject, got \"%s\"",
				  a->recommendation ? a->recommendation : "");
	return mo_hr_text("assessment comments", a->comments, 2000, true, true,
			  e);
}

static int add_assessment(mo_practice *p, const char *actor, const void *v,
			  int64_t *id, mo_err *e)
{
	const mo_hr_assessment_new *a = v;
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ASSESS_ADD, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, a->candidate);
	sqlite3_bind_text(st, 2, a->assessor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, a->recommendation, -1, SQLITE_STATIC);
	mo_db_bind_opt(st, 4, a->comments && *a->comments ? a->comments
							  : NULL);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	if ((rc = step_done(db, st, "assessment", id, e)))
		return rc;
	for (size_t i = 0; !rc && i < a->n; i++) {
		if ((rc = mo_db_stmt(db, SQL_SCORE_ADD, &st, e)))
			return rc;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, a->criteria[i], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, a->scores[i]);
		rc = step_done(db, st, "score", NULL, e);
	}
	return rc;
}

int mo_hr_assess(mo_practice *p, const char *actor,
		 const mo_hr_assessment_new *a, int64_t *id, mo_err *e)
{
	int64_t sum = 0;
	int rc = check_assessment(p, a, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < a->n; i++)
		sum += a->scores[i];
	mo_fact f[] = {{"change", MO_FACT_STR, "assessment", 0},
		       {"candidate", MO_FACT_INT, NULL, a->candidate},
		       {"assessor", MO_FACT_STR, a->assessor, 0},
		       {"recommendation", MO_FACT_STR, a->recommendation, 0},
		       {"total", MO_FACT_INT, NULL, sum},
		       {"criteria", MO_FACT_INT, NULL, (int64_t)a->n}};
	return recruit_op(p, actor, f, 6, add_assessment, a, "assessment", id,
			  e);
}

/* ---- the list ---- */

typedef struct list_ctx {
	mo_db *db;
	const char *status;
	mo_hr_candidate_cb cb;
	void *ud;
	int stop;
} list_ctx;

static int each_candidate(void *ctx, mo_err *e)
{
	list_ctx *c = ctx;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	mo_db_bind_opt(st, 1, c->status);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_hr_candidate k = {sqlite3_column_int64(st, 0),
				     mo_db_text(st, 1), mo_db_text(st, 2),
				     mo_db_text(st, 3), mo_db_text(st, 4),
				     sqlite3_column_int(st, 5),
				     sqlite3_column_int64(st, 6),
				     sqlite3_column_int64(st, 7),
				     sqlite3_column_double(st, 8),
				     sqlite3_column_int64(st, 9),
				     mo_db_text(st, 10)};
		if ((c->stop = c->cb(c->ud, &k)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "candidates",
							     e);
	sqlite3_reset(st);
	return rc;
}

int mo_hr_candidates(mo_practice *p, const char *actor, const char *status,
		     mo_hr_candidate_cb cb, void *ud, mo_err *e)
{
	list_ctx c = {mo_practice_db(p), status, cb, ud, 0};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "candidates: no callback");
	if (status && strcmp(status, "open") && !mo_hr_one_of(STATUSES, status))
		return mo_err_set(e, MO_EINVAL, "candidates status: expected "
				  "open, applied, interviewing, offered, hired, "
				  "declined or rejected, got \"%s\"", status);
	mo_fact f[] = {{"read", MO_FACT_STR, "candidates", 0},
		       {"status", MO_FACT_STR, status, 0}};
	rc = mo_op_read(p, actor, "hr.recruit", f, 2, "candidates",
			each_candidate, &c, e);
	return rc ? rc : c.stop;
}
