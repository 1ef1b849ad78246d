/* hr.h: staff records, the personnel file. Staff are described in
 * practice.yaml (id, job, hired, pay); the personnel file is the record of
 * the decisions about them: the hire, role changes, the termination,
 * benefits enrollments, performance reviews and disciplinary notes. The
 * recruiting records sit beside it: candidates and their status,
 * interviews with their interviewers, and assessments scored per
 * criterion. Every record is append-only: a correction is a new record of
 * the same kind and person naming the one it corrects (corrects), and a
 * record may be voided the same way (a correction that withdraws it); a
 * file shows each record's latest version.
 *
 * Approvals: a hire is filed as a "hire" request that guards hr.hire (the
 * record is made when it is approved), a benefits enrollment as a
 * "benefits" request that guards hr.benefits; a hire with a starting rate
 * or a role change with a new rate also files the payroll's "pay_change"
 * request (timecard.h mo_tc_rate_request): pay is never kept here.
 *
 * Access is limited by job, in the core: reading someone else's file is
 * hr.view (disciplinary notes shown only to a job that may
 * hr.discipline), one's own file is hr.self (with one's notes; the
 * acknowledgement of one's own reviews and notes too); role changes,
 * reviews and terminations are hr.record; disciplinary notes
 * hr.discipline; candidates, interviews and assessments (read and
 * written) hr.recruit. Every read and change is an audited operation
 * (practice.h) naming its record ("hr:12", "staff:joe", "candidate:3").
 *
 * A termination whose day has come makes the person inactive for the core
 * (practice.c asks mo_hr_departures when it opens and after each
 * termination). It uses practice.h, approval.h, timecard.h, due.h and
 * SQLite through db.h. */
#ifndef MO_HR_H
#define MO_HR_H

#include "due.h"
#include "practice.h"

struct json_t; /* jansson's; the approval runners take the facts as JSON */

/* The largest benefit cost per pay period, in cents (100,000.00). */
#define MO_HR_COST_MAX 10000000LL

/* ---- the personnel file ---- */

/* A hire (strings borrowed). staff is a staff id of practice.yaml, or a
 * new one (letters, digits, _ - .) with name, to add to practice.yaml
 * once hired; job a declared job (in practice.yaml's staff or the
 * policies' jobs); start the first day; employment full_time, part_time,
 * per_diem or contractor; candidate 0 or the candidate hired (their
 * status becomes hired); pay "hourly" or "salary" and rate (cents) the
 * starting pay (rate 0: none), filed as a "pay_change" request (staff
 * must then be in practice.yaml); note optional. */
typedef struct mo_hr_hire_new {
	const char *staff, *name, *job;
	int32_t start;
	const char *employment;
	int64_t candidate;
	const char *pay;
	int64_t rate;
	const char *note;
	int64_t corrects; /* 0, or the hire record it corrects */
} mo_hr_hire_new;

/* Checks h without writing. */
int mo_hr_hire_check(mo_practice *p, const mo_hr_hire_new *h, mo_err *e);
/* Files the "hire" request for h as actor (checked first), and the
 * "pay_change" request when h has a rate. *request (optional) receives
 * the hire request's id; when no approval is needed the hire is recorded
 * at once. */
int mo_hr_hire_request(mo_practice *p, const char *actor,
		       const mo_hr_hire_new *h, int64_t *request, mo_err *e);
/* The day of staff's hire in the personnel file (its latest hire not
 * voided), or 0 when the file holds none. */
int32_t mo_hr_hire_day(mo_practice *p, const char *staff);
/* Records h as actor (hr.hire, with the facts staff, job, start,
 * employment, candidate, request); approval.c runs it when the request is
 * approved. *id (optional) receives the record's id. */
int mo_hr_hire(mo_practice *p, const char *actor, const mo_hr_hire_new *h,
	       int64_t request, int64_t *id, mo_err *e);

/* A role change: staff (hired or on practice.yaml) moves to job on
 * effective; reason one line; pay/rate as for a hire (a new rate files a
 * "pay_change" request from effective). */
typedef struct mo_hr_role_new {
	const char *staff, *job;
	int32_t effective;
	const char *reason;
	const char *pay;
	int64_t rate;
	int64_t corrects;
} mo_hr_role_new;

/* Records r as actor (hr.record, with the facts kind "role", staff,
 * from_job, job, effective, rate (money, when given)). *id and *pay_request
 * (each optional) receive the record's id and the pay request's (0:
 * none). */
int mo_hr_role(mo_practice *p, const char *actor, const mo_hr_role_new *r,
	       int64_t *id, int64_t *pay_request, mo_err *e);

/* A termination: effective the day the employment ends (on or after the
 * hire; from that day on the person is inactive for the core);
 * reason resignation, dismissal, retirement, end_of_contract or other;
 * gross_misconduct (a dismissal's cause); rehire whether eligible for
 * rehire; note optional. One per person (a second is refused; correct or
 * void the first). */
typedef struct mo_hr_term_new {
	const char *staff;
	int32_t effective;
	const char *reason;
	bool gross_misconduct;
	bool rehire;
	const char *note;
	int64_t corrects;
} mo_hr_term_new;

/* Records t as actor (hr.record, with the facts kind "termination",
 * staff, job, effective, reason, gross_misconduct, rehire and warnings:
 * the written, final and suspension notes in effect before effective).
 * From effective on, staff may do nothing (practice.c). */
int mo_hr_terminate(mo_practice *p, const char *actor,
		    const mo_hr_term_new *t, int64_t *id, mo_err *e);

/* A benefits enrollment: plan (1..80 characters) from effective; coverage
 * employee, employee_spouse, employee_children or family; the employee's
 * and the employer's cost per pay period in cents (0..MO_HR_COST_MAX); or
 * waived (coverage and costs absent). */
typedef struct mo_hr_benefit_new {
	const char *staff, *plan;
	int32_t effective;
	const char *coverage;
	int64_t employee_cost, employer_cost;
	bool waived;
	int64_t corrects;
} mo_hr_benefit_new;

int mo_hr_benefits_check(mo_practice *p, const mo_hr_benefit_new *b,
			 mo_err *e);
/* Files the "benefits" request for b as actor (checked first; the
 * employer's cost is its amount); when no approval is needed the
 * enrollment is recorded at once. */
int mo_hr_benefits_request(mo_practice *p, const char *actor,
			   const mo_hr_benefit_new *b, int64_t *request,
			   mo_err *e);
/* Records b as actor (hr.benefits, with the facts staff, plan, coverage,
 * effective, waived, employee_cost and amount (the employer's cost,
 * money), request). */
int mo_hr_benefits(mo_practice *p, const char *actor,
		   const mo_hr_benefit_new *b, int64_t request, int64_t *id,
		   mo_err *e);

/* A performance review of staff by reviewer (a staff member, not staff)
 * on day (not after today) for the period from..to (to on or before
 * day); rating 1..5; summary (1..2000 characters) and goals (optional,
 * up to 2000). */
typedef struct mo_hr_review_new {
	const char *staff, *reviewer;
	int32_t day, from, to;
	int rating;
	const char *summary, *goals;
	int64_t corrects;
} mo_hr_review_new;

/* Records v as actor (hr.record, with the facts kind "review", staff,
 * job, reviewer, rating, day). */
int mo_hr_review(mo_practice *p, const char *actor, const mo_hr_review_new *v,
		 int64_t *id, mo_err *e);

/* A disciplinary note about staff on day (not after today): level
 * verbal, written, final or suspension; description 1..2000 characters. */
typedef struct mo_hr_note_new {
	const char *staff;
	int32_t day;
	const char *level, *description;
	int64_t corrects;
} mo_hr_note_new;

/* Records n as actor (hr.discipline, with the facts staff, job, level,
 * day and prior: how many notes of the person are in effect). */
int mo_hr_discipline(mo_practice *p, const char *actor,
		     const mo_hr_note_new *n, int64_t *id, mo_err *e);

/* Acknowledges review or disciplinary note id as actor, who must be the
 * person it is about (hr.self; comment optional, one line). Once only;
 * an acknowledgement of a record that was corrected since is refused
 * (acknowledge the correction). */
int mo_hr_acknowledge(mo_practice *p, const char *actor, int64_t id,
		      const char *comment, mo_err *e);

/* Voids record id (its latest version) as actor, for reason (one line):
 * a correction that withdraws it, under the action that records its kind
 * (hr.hire and hr.benefits records are voided as hr.record). */
int mo_hr_void(mo_practice *p, const char *actor, int64_t id,
	       const char *reason, int64_t *out, mo_err *e);

/* One record of a file, its latest version; strings valid during the
 * callback only, NULL when not set. */
typedef struct mo_hr_record {
	int64_t id;          /* this version */
	int64_t corrects;    /* the record it corrects, 0: none */
	const char *staff, *kind; /* "hire", "role", "termination",
				   * "benefits", "review", "discipline" */
	int32_t day;         /* start, effective, review or note day */
	bool voided;
	const char *name, *job, *from_job, *employment;
	int64_t candidate;
	const char *reason;
	bool gross_misconduct, rehire;
	const char *plan, *coverage;
	int64_t employee_cost, employer_cost;
	bool waived;
	int32_t from, to;    /* a review's period */
	const char *reviewer;
	int rating;          /* 0: none */
	const char *level;
	const char *text;    /* summary, description, reason or note */
	const char *goals;
	int64_t request, pay_request; /* 0: none */
	int64_t acknowledged_us;      /* 0: not acknowledged */
	const char *ack_comment;
	int64_t created_us;
	const char *created_by;
} mo_hr_record;

typedef int (*mo_hr_record_cb)(void *ud, const mo_hr_record *r);

/* The personnel file of staff (on practice.yaml, or with records), oldest
 * first: as actor's own file hr.self, else hr.view; disciplinary notes
 * only to the person, or to an actor whose job may hr.discipline.
 * Audited with the record "staff:ID". cb's non-zero return is returned. */
int mo_hr_file(mo_practice *p, const char *actor, const char *staff,
	       mo_hr_record_cb cb, void *ud, mo_err *e);

/* ---- recruiting (hr.recruit) ---- */

typedef struct mo_hr_candidate_new {
	const char *name;     /* 1..120 characters */
	const char *position; /* a job id */
	int32_t applied;      /* not after today */
	const char *source;   /* optional, one line: "referral", "Indeed" */
} mo_hr_candidate_new;

int mo_hr_candidate_add(mo_practice *p, const char *actor,
			const mo_hr_candidate_new *c, int64_t *id, mo_err *e);
/* Sets candidate id's status: applied, interviewing, offered, hired,
 * declined or rejected (note optional). A hired or declined or rejected
 * candidate's status is final. */
int mo_hr_candidate_status(mo_practice *p, const char *actor, int64_t id,
			   const char *status, const char *note, mo_err *e);

typedef struct mo_hr_candidate {
	int64_t id;
	const char *name, *position, *source, *status;
	int32_t applied;
	int64_t interviews, assessments;
	double average;       /* of every score of every assessment; 0: none */
	int64_t created_us;
	const char *created_by;
} mo_hr_candidate;

typedef int (*mo_hr_candidate_cb)(void *ud, const mo_hr_candidate *c);

/* Candidates by id (status NULL: all; "open": applied, interviewing or
 * offered; or one status), an audited hr.recruit read. */
int mo_hr_candidates(mo_practice *p, const char *actor, const char *status,
		     mo_hr_candidate_cb cb, void *ud, mo_err *e);

/* An interview of candidate at at_us by the staff ids interviewers[0..n)
 * (1..8, each on practice.yaml), notes optional (up to 2000). corrects
 * names an interview it reschedules or adds notes to. A candidate still
 * "applied" becomes "interviewing". */
typedef struct mo_hr_interview_new {
	int64_t candidate;
	int64_t at_us;
	const char *const *interviewers;
	size_t ninterviewers;
	const char *notes;
	int64_t corrects;
} mo_hr_interview_new;

int mo_hr_interview(mo_practice *p, const char *actor,
		    const mo_hr_interview_new *in, int64_t *id, mo_err *e);

/* An assessment of candidate by assessor (a staff member): scores
 * criteria[i] (1..60 characters, distinct) -> scores[i] (1..5), 1..20 of
 * them; recommendation hire, hold or reject; comments optional. */
typedef struct mo_hr_assessment_new {
	int64_t candidate;
	const char *assessor;
	const char *const *criteria;
	const int *scores;
	size_t n;
	const char *recommendation, *comments;
} mo_hr_assessment_new;

int mo_hr_assess(mo_practice *p, const char *actor,
		 const mo_hr_assessment_new *a, int64_t *id, mo_err *e);

/* ---- what the core and the task list need ---- */

/* Tells the practice of every termination in effect (not voided), so that
 * from its day on the person may do nothing (mo_practice_set_departure).
 * practice.c calls it when the practice opens; reads only. */
int mo_hr_departures(mo_practice *p, mo_err *e);

/* The items due on or before through (source "hr"): remove a terminated
 * person from practice.yaml; add a hire to it; update a job changed by a
 * role change in effect; reviews due (settings.hr.first_review_days,
 * default 90 days after the start, then every review_months, default
 * 12, after the last review) for the person's supervisor (their job's
 * reports_to) or the office manager; interviews from today to through
 * for each interviewer. Reads only. */
int mo_hr_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
	      mo_err *e);

/* hr.hire and hr.benefits from a request's facts: check when filed, run
 * when approved (record receives "hr:N"). */
int mo_hr_hire_guard_check(mo_practice *p, const char *requester,
			   struct json_t *facts, mo_err *e);
int mo_hr_hire_guard_run(mo_practice *p, const char *actor,
			 const char *requester, int64_t request,
			 struct json_t *facts, char record[64], mo_err *e);
int mo_hr_benefits_guard_check(mo_practice *p, const char *requester,
			       struct json_t *facts, mo_err *e);
int mo_hr_benefits_guard_run(mo_practice *p, const char *actor,
			     const char *requester, int64_t request,
			     struct json_t *facts, char record[64],
			     mo_err *e);

#endif
