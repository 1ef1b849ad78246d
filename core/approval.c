/* approval.c: approval requests and their lifecycle (see approval.h).
 * Routes are stored as JSON (jansson); who may decide is worked out from
 * the route, the org chart (org.h) and absences (away.h). The guarded
 * actions that approvals can run are the table at the end of this
 * file: staff.away, payment.refund, ledger.adjust and clia.purge run
 * here; payable.pay, inventory.order, timecard.correct and payroll.rate
 * are their modules' (each module checks and runs its own action). It
 * uses practice.h, away.h, payment.h, ledger.h, clia.h, payable.h,
 * inventory.h, timecard.h, clock.h, units.h and jansson. */
#include "approval.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "away.h"
#include "clia.h"
#include "clock.h"
#include "hr.h"
#include "inventory.h"
#include "ledger.h"
#include "payable.h"
#include "payment.h"
#include "timecard.h"
#include "units.h"

#define REQ_COLS "id, kind, requester, status, summary, amount, facts, " \
	"route, step, decision, created_us, step_since_us, closed_us, result"

static const char SQL_INSERT[] =
	"INSERT INTO request(kind, requester, status, summary, amount, facts, "
	"route, step, step_since_us, decision, created_us) "
	"VALUES(?, ?, 'requested', ?, ?, ?, ?, 0, ?, ?, ?)";
static const char SQL_EVENT[] =
	"INSERT INTO request_event(request, at_us, actor, event, step, "
	"on_behalf_of, reason) VALUES(?, ?, ?, ?, ?, ?, ?)";
static const char SQL_GET[] = "SELECT " REQ_COLS " FROM request WHERE id = ?";
static const char SQL_LIST[] = "SELECT " REQ_COLS " FROM request "
	"WHERE ?1 IS NULL OR status = ?1 OR (?1 = 'open' AND status IN "
	"('requested', 'escalated')) ORDER BY id";
static const char SQL_EVENTS[] = "SELECT at_us, actor, event, step, "
	"on_behalf_of, reason FROM request_event WHERE request = ? ORDER BY id";
static const char SQL_STEPPED[] = "SELECT 1 FROM request_event WHERE "
	"request = ? AND actor = ? AND event = 'approved' LIMIT 1";
static const char SQL_ADVANCE[] = "UPDATE request SET status = ?, step = ?, "
	"step_since_us = ? WHERE id = ?";
static const char SQL_CLOSE[] = "UPDATE request SET status = ?, "
	"closed_us = ?, result = coalesce(?, result) WHERE id = ?";

/* A guarded action: check validates a request's facts when it is filed;
 * run does the action when it is approved (record receives what it made,
 * "away:3"). */
typedef struct runner {
	const char *action;
	int (*check)(mo_practice *p, const char *requester, json_t *facts,
		     mo_err *e);
	int (*run)(mo_practice *p, const char *actor, const char *requester,
		   int64_t request, json_t *facts, char record[64], mo_err *e);
} runner;

static const runner *find_runner(const char *action);

/* ---- reading requests ---- */

static int route_steps(const char *route_json)
{
	json_t *r = json_loads(route_json, 0, NULL);
	int n = (int)json_array_size(json_object_get(r, "steps"));
	json_decref(r);
	return n;
}

static void read_request(sqlite3_stmt *st, mo_request *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->kind = mo_db_text(st, 1);
	r->requester = mo_db_text(st, 2);
	r->status = mo_db_text(st, 3);
	r->summary = mo_db_text(st, 4);
	r->has_amount = sqlite3_column_type(st, 5) != SQLITE_NULL;
	r->amount = sqlite3_column_int64(st, 5);
	r->facts = mo_db_text(st, 6);
	r->route = mo_db_text(st, 7);
	r->step = sqlite3_column_int(st, 8);
	r->nsteps = route_steps(r->route);
	r->decision = sqlite3_column_int64(st, 9);
	r->created_us = sqlite3_column_int64(st, 10);
	r->step_since_us = sqlite3_column_int64(st, 11);
	r->closed_us = sqlite3_column_int64(st, 12);
	r->result = mo_db_text(st, 13);
}

/* A request loaded for a change: the row's fields copied, route parsed. */
typedef struct req {
	int64_t id, step_since_us, created_us;
	int step, nsteps;
	char kind[65], requester[65], status[16];
	json_t *route, *facts;
} req;

static void req_free(req *r)
{
	json_decref(r->route);
	json_decref(r->facts);
	r->route = r->facts = NULL;
}

static int load_req(mo_db *db, int64_t id, req *r, mo_err *e)
{
	sqlite3_stmt *st;
	mo_request row;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	memset(r, 0, sizeof *r);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "no request "
						    "%lld", (long long)id)
			: mo_db_fail(db, "request", e);
		sqlite3_reset(st);
		return rc;
	}
	read_request(st, &row);
	*r = (req){row.id, row.step_since_us, row.created_us, row.step,
		   row.nsteps, "", "", "", json_loads(row.route, 0, NULL),
		   json_loads(row.facts, 0, NULL)};
	snprintf(r->kind, sizeof r->kind, "%s", row.kind);
	snprintf(r->requester, sizeof r->requester, "%s", row.requester);
	snprintf(r->status, sizeof r->status, "%s", row.status);
	sqlite3_reset(st);
	if (!r->route || !r->facts) {
		req_free(r);
		return mo_err_set(e, MO_ECORRUPT, "request %lld: its stored "
				  "route or facts are not JSON", (long long)id);
	}
	return 0;
}

static bool is_open(const char *status)
{
	return strcmp(status, "requested") == 0 ||
	       strcmp(status, "escalated") == 0;
}

/* The jobs that decide the request now: the escalation's once escalated,
 * else the current step's. */
static json_t *current_jobs(const req *r)
{
	if (strcmp(r->status, "escalated") == 0)
		return json_object_get(r->route, "escalate_to");
	return json_array_get(json_object_get(r->route, "steps"),
			      (size_t)r->step);
}

static bool has_job(json_t *jobs, const char *job)
{
	size_t i;
	json_t *v;
	json_array_foreach(jobs, i, v)
		if (job && strcmp(json_string_value(v), job) == 0)
			return true;
	return false;
}

static void jobs_text(json_t *jobs, char *buf, size_t size)
{
	size_t i, n = 0;
	json_t *v;
	buf[0] = '\0';
	json_array_foreach(jobs, i, v)
		n += (size_t)snprintf(buf + (n < size ? n : size),
				      n < size ? size - n : 0, "%s%s",
				      i ? " or " : "", json_string_value(v));
}

/* ---- who may decide ---- */

static const char *job_of(mo_practice *p, const char *staff)
{
	const mo_staff *s = mo_config_staff(mo_practice_config(p), staff);
	return s ? s->job : NULL;
}

/* Separation of duties between approver and requester: "" when fine, or
 * why not (into why). */
static bool separated(mo_practice *p, const char *who, const char *requester,
		      char *why, size_t size)
{
	const mo_org *o = mo_practice_org(p);
	if (strcmp(who, requester) == 0) {
		snprintf(why, size, "it is %s's own request", who);
		return false;
	}
	if (o && mo_org_reports_to(o, who, requester)) {
		snprintf(why, size, "%s reports to the requester %s", who,
			 requester);
		return false;
	}
	return true;
}

/* The staff member who stands in for holder while away: the delegate, or
 * the supervisor. */
static bool stands_in(mo_practice *p, const char *holder, const char *who,
		      mo_err *e, int *rc)
{
	const mo_config *c = mo_practice_config(p);
	const mo_org *o = mo_practice_org(p);
	char delegate[65];
	bool away;
	long sup;
	if ((*rc = mo_away_on(p, holder, mo_practice_today(p), &away,
			      delegate, e)) || !away)
		return false;
	if (delegate[0])
		return strcmp(delegate, who) == 0;
	sup = o ? mo_org_supervisor(o, (size_t)mo_org_staff_index(o, holder))
		: -1;
	return sup >= 0 && strcmp(c->staff[sup].id, who) == 0;
}

/* 1 when who may decide r now (on_behalf receives the away approver's id
 * or ""), 0 with why filled, or an MO_E* code. */
static int may_decide(mo_practice *p, const req *r, const char *who,
		      char on_behalf[65], char *why, size_t size, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	json_t *jobs = current_jobs(r);
	char names[256];
	int rc = 0;
	on_behalf[0] = '\0';
	if (!separated(p, who, r->requester, why, size))
		return 0;
	if (has_job(jobs, job_of(p, who)))
		return 1;
	for (size_t i = 0; i < c->nstaff; i++) {
		const char *h = c->staff[i].id;
		char skip[256];
		if (!has_job(jobs, c->staff[i].job) ||
		    !separated(p, h, r->requester, skip, sizeof skip))
			continue;
		if (stands_in(p, h, who, e, &rc)) {
			snprintf(on_behalf, 65, "%s", h);
			return 1;
		}
		if (rc)
			return rc;
	}
	jobs_text(jobs, names, sizeof names);
	snprintf(why, size, "%s is not an approver of request %lld now (it "
		 "awaits %s, step %d of %d)", who, (long long)r->id, names,
		 r->step + 1, r->nsteps);
	return 0;
}

static int stepped_before(mo_db *db, int64_t id, const char *who, bool *yes,
			  mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STEPPED, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, who, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*yes = rc == SQLITE_ROW;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- writing ---- */

static int add_event(mo_db *db, int64_t id, const char *actor,
		     const char *event, int step, const char *on_behalf,
		     const char *reason, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EVENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, mo_clock_now_us());
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, event, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, step);
	if (on_behalf && on_behalf[0])
		sqlite3_bind_text(st, 6, on_behalf, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, reason ? reason : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

static int set_status(mo_db *db, int64_t id, const char *status, int step,
		      mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADVANCE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, step);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_int64(st, 4, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

static int close_req(mo_db *db, int64_t id, const char *status,
		     const char *result, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CLOSE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, mo_clock_now_us());
	if (result && result[0])
		sqlite3_bind_text(st, 3, result, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

/* Runs the guarded action of r (if any) authorised by the approval, then
 * closes r as approved. */
static int finish_approved(mo_practice *p, const req *r, const char *actor,
			   const char *authority, mo_err *e)
{
	const char *action = json_string_value(json_object_get(r->route,
							      "action"));
	const runner *run = action && action[0] ? find_runner(action) : NULL;
	char record[64] = "";
	int rc = 0;
	if (action && action[0] && !run)
		return mo_err_set(e, MO_EINVAL, "request %lld: no runner for "
				  "the guarded action %s", (long long)r->id,
				  action);
	if (run) {
		mo_practice_authorize(p, authority);
		rc = run->run(p, actor, r->requester, r->id, r->facts, record,
			      e);
		mo_practice_authorize(p, NULL);
	}
	return rc ? rc : close_req(mo_practice_db(p), r->id, "approved",
				   record, e);
}

/* ---- filing a request ---- */

/* JSON of a route, as stored with the request; caller decrefs. */
static json_t *step_json(const mo_route_step *s)
{
	json_t *a = json_array();
	for (size_t j = 0; a && j < s->njobs; j++)
		json_array_append_new(a, json_string(s->jobs[j]));
	return a;
}

static json_t *route_json(const mo_route *rt)
{
	json_t *steps = json_array();
	for (size_t i = 0; steps && i < rt->nsteps; i++)
		json_array_append_new(steps, step_json(&rt->steps[i]));
	return json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:I}", "rule",
			 rt->rule, "reason", rt->reason, "action", rt->action,
			 "steps", steps ? steps : json_array(),
			 "escalate_after", (json_int_t)rt->escalate_after,
			 "escalate_to", step_json(&rt->escalate_to),
			 "expire_after", (json_int_t)rt->expire_after);
}

/* How many active staff members other than the requester (and not
 * reporting to them) hold one of the step's jobs, counting up to most. */
static size_t count_approvers(mo_practice *p, const mo_route_step *s,
			      const char *requester, size_t most)
{
	const mo_config *c = mo_practice_config(p);
	char why[256];
	size_t n = 0;
	for (size_t i = 0; i < c->nstaff && n < most; i++)
		for (size_t j = 0; j < s->njobs; j++)
			if (strcmp(c->staff[i].job, s->jobs[j]) == 0 &&
			    separated(p, c->staff[i].id, requester, why,
				      sizeof why)) {
				n++;
				break;
			}
	return n;
}

/* Replaces the step's jobs with the jobs they report to (one level up). */
static bool step_up(mo_practice *p, mo_route_step *s)
{
	const mo_org *o = mo_practice_org(p);
	mo_route_step up = {0};
	for (size_t j = 0; o && j < s->njobs; j++) {
		const mo_job *job = mo_org_find_job(o, s->jobs[j]);
		if (job && job->reports_to && up.njobs < MO_ROUTE_JOBS)
			snprintf(up.jobs[up.njobs++], MO_ROUTE_ID, "%s",
				 job->reports_to);
	}
	if (!up.njobs)
		return false;
	*s = up;
	return true;
}

static bool same_jobs(const mo_route_step *a, const mo_route_step *b)
{
	if (a->njobs != b->njobs)
		return false;
	for (size_t j = 0; j < a->njobs; j++)
		if (strcmp(a->jobs[j], b->jobs[j]) != 0)
			return false;
	return true;
}

/* Whether step i has someone to decide it: a holder free of the
 * requester, and a second one when the step before needs the same jobs
 * (two steps mean two people). */
static bool decidable(mo_practice *p, const mo_route *rt, size_t i,
		      const char *requester)
{
	bool again = i > 0 && same_jobs(&rt->steps[i], &rt->steps[i - 1]);
	size_t n = count_approvers(p, &rt->steps[i], requester, 2);
	return again ? n >= 2 : n >= 1;
}

/* Makes every step decidable by someone: a step whose only holders are
 * the requester (or report to them) goes up the chain of jobs, and so
 * does a step with the same jobs as the one before when only one person
 * could take both. Appends a note of each such move to rt->reason. */
static int reach_approvers(mo_practice *p, mo_route *rt, const char *actor,
			   mo_err *e)
{
	for (size_t i = 0; i < rt->nsteps; i++) {
		mo_route_step *s = &rt->steps[i];
		char was[MO_ROUTE_ID];
		snprintf(was, sizeof was, "%s", s->jobs[0]);
		for (int up = 0; !decidable(p, rt, i, actor); up++)
			if (up >= 8 || !step_up(p, s))
				return mo_err_set(e, MO_EINVAL, "nobody can "
						  "approve this request: step "
						  "%zu needs %s, and nobody "
						  "holding it or a job above "
						  "it is free of the requester "
						  "%s and of the step before",
						  i + 1, was, actor);
		if (strcmp(was, s->jobs[0]) != 0) {
			size_t n = strlen(rt->reason);
			snprintf(rt->reason + n, sizeof rt->reason - n,
				 "; step %zu goes up to %s (separation of "
				 "duties)", i + 1, s->jobs[0]);
		}
	}
	return 0;
}

static int check_new(const mo_request_new *in, mo_err *e)
{
	size_t n = in->summary ? mo_utf8_chars(in->summary) : 0;
	if (!in->kind || !in->kind[0] || strlen(in->kind) > 64)
		return mo_err_set(e, MO_EINVAL, "request: kind: expected the "
				  "name of an approval such as \"refund\"");
	if (n == 0 || n > 200 || strchr(in->summary, '\n'))
		return mo_err_set(e, MO_EINVAL, "request: summary: expected "
				  "one line of 1 to 200 characters");
	if (in->has_amount && in->amount < 0)
		return mo_err_set(e, MO_EINVAL, "request: amount: expected "
				  "zero or more, got a negative amount");
	return 0;
}

/* The facts of a request: kind, summary, amount, then the caller's. */
static mo_fact *request_facts(const mo_request_new *in, size_t *n)
{
	mo_fact *f = calloc(in->nfacts + 3, sizeof *f);
	if (!f)
		return NULL;
	f[0] = (mo_fact){"kind", MO_FACT_STR, in->kind, 0};
	f[1] = (mo_fact){"summary", MO_FACT_STR, in->summary, 0};
	*n = 2;
	if (in->has_amount)
		f[(*n)++] = (mo_fact){"amount", MO_FACT_MONEY, NULL, in->amount};
	for (size_t i = 0; i < in->nfacts; i++)
		f[(*n)++] = in->facts[i];
	return f;
}

static int insert_req(mo_practice *p, const char *actor,
		      const mo_request_new *in, const char *facts,
		      const char *route, int64_t decision, int64_t *id,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t now = mo_clock_now_us();
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, in->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->summary, -1, SQLITE_STATIC);
	if (in->has_amount)
		sqlite3_bind_int64(st, 4, in->amount);
	sqlite3_bind_text(st, 5, facts, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, route, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, now);
	sqlite3_bind_int64(st, 8, decision);
	sqlite3_bind_int64(st, 9, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* Routes, checks the guarded action's facts, logs the routing decision
 * and stores the request (inside the operation). */
static int file_request(mo_practice *p, const char *actor,
			const mo_request_new *in, const mo_fact *f, size_t nf,
			int64_t *id, mo_err *e)
{
	mo_route rt;
	mo_decision d = {MO_VERDICT_ALLOW, "", "", ""};
	char *facts = mo_facts_json(f, nf), *route = NULL;
	json_t *fj = facts ? json_loads(facts, 0, NULL) : NULL, *rj = NULL;
	const runner *run;
	int64_t decision = 0;
	int rc = fj ? 0 : mo_err_set(e, MO_ENOMEM, "out of memory");
	if (rc || (rc = mo_practice_route(p, in->kind, actor, f, nf, &rt, e)))
		goto out;
	run = rt.action[0] ? find_runner(rt.action) : NULL;
	if (rt.action[0] && !run) {
		rc = mo_err_set(e, MO_EINVAL, "approval %s guards %s, which "
				"cannot be run by an approval", in->kind,
				rt.action);
		goto out;
	}
	if (rt.needed && rt.nsteps == 0) {
		rc = mo_err_set(e, MO_EINVAL, "approval %s: the route (%s) says "
				"approval is needed but names no approvers",
				in->kind, rt.rule);
		goto out;
	}
	if ((run && (rc = run->check(p, actor, fj, e))) ||
	    (rt.needed && (rc = reach_approvers(p, &rt, actor, e))))
		goto out;
	snprintf(d.reason, sizeof d.reason, "%s", rt.reason);
	snprintf(d.rule, sizeof d.rule, "%s", rt.rule);
	if (!rt.needed)
		rt.nsteps = 0;
	if (!(rj = route_json(&rt)) ||
	    !(route = json_dumps(rj, JSON_COMPACT))) {
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		goto out;
	}
	if (!(rc = mo_practice_log_decision(p, actor, "approval.route", &d, f,
					    nf, &decision, e)))
		rc = insert_req(p, actor, in, facts, route, decision, id, e);
out:
	json_decref(fj);
	json_decref(rj);
	free(facts);
	free(route);
	return rc;
}

/* The request just filed: approved at once when no approval is needed. */
static int after_filing(mo_practice *p, const char *actor, int64_t id,
			mo_err *e)
{
	char authority[256];
	req r;
	int rc = load_req(mo_practice_db(p), id, &r, e);
	if (rc)
		return rc;
	rc = add_event(mo_practice_db(p), id, actor, "requested", 0, NULL,
		       json_string_value(json_object_get(r.route, "reason")), e);
	if (!rc && r.nsteps == 0) {
		snprintf(authority, sizeof authority, "approval %s, request "
			 "%lld: no approval needed (%s)", r.kind, (long long)id,
			 json_string_value(json_object_get(r.route, "rule")));
		rc = add_event(mo_practice_db(p), id, MO_ACTOR_SYSTEM,
			       "approved", 0, NULL, "no approval needed", e);
		if (!rc)
			rc = finish_approved(p, &r, actor, authority, e);
	}
	req_free(&r);
	return rc;
}

int mo_approval_request(mo_practice *p, const char *actor,
			const mo_request_new *in, int64_t *id, mo_err *e)
{
	size_t nf = 0;
	mo_fact *f;
	char record[32];
	int64_t rid = 0;
	mo_op op;
	int rc = check_new(in, e);
	if (rc)
		return rc;
	if (!(f = request_facts(in, &nf)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = mo_op_begin(p, &op, actor, "approval.request", f, nf, e)))
		goto out;
	if ((rc = file_request(p, actor, in, f, nf, &rid, e)) ||
	    (rc = after_filing(p, actor, rid, e))) {
		mo_op_abort(&op);
		goto out;
	}
	snprintf(record, sizeof record, "request:%lld", (long long)rid);
	if (!(rc = mo_op_commit(&op, record, e)) && id)
		*id = rid;
out:
	free(f);
	return rc;
}

/* ---- deciding ---- */

static int refuse_closed(mo_op *op, const req *r, mo_err *e)
{
	return mo_op_refuse(op, "request lifecycle", e, "request %lld is "
			    "already %s", (long long)r->id, r->status);
}

/* Checks that who may decide r; 0 when allowed, MO_EDENIED (refused and
 * logged) when not, other codes on failure. */
static int check_decider(mo_op *op, const req *r, char on_behalf[65],
			 mo_err *e)
{
	char why[640];
	bool again = false;
	int rc;
	if (!is_open(r->status))
		return refuse_closed(op, r, e);
	rc = may_decide(op->p, r, op->actor, on_behalf, why, sizeof why, e);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return mo_op_refuse(op, strstr(why, "not an approver")
				    ? "approval routing" : "separation of "
				    "duties", e, "%s", why);
	if ((rc = stepped_before(mo_practice_db(op->p), r->id, op->actor,
				 &again, e)))
		return rc;
	if (again)
		return mo_op_refuse(op, "separation of duties", e, "%s approved "
				    "an earlier step of request %lld; each step "
				    "needs someone else", op->actor,
				    (long long)r->id);
	return 0;
}

static int approve(mo_practice *p, const req *r, const char *actor,
		   const char *on_behalf, const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char authority[256];
	int rc = add_event(db, r->id, actor, "approved", r->step, on_behalf,
			   reason, e);
	if (rc)
		return rc;
	/* The escalation's approvers decide the whole request. */
	if (r->step + 1 < r->nsteps && strcmp(r->status, "escalated") != 0)
		return set_status(db, r->id, "requested", r->step + 1, e);
	snprintf(authority, sizeof authority, "approval %s, request %lld, "
		 "approved by %s", r->kind, (long long)r->id, actor);
	return finish_approved(p, r, actor, authority, e);
}

static int decide_req(mo_op *op, int64_t id, bool yes, const char *reason,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	char on_behalf[65];
	req r;
	int rc = load_req(db, id, &r, e);
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	if ((rc = check_decider(op, &r, on_behalf, e)))
		goto out;
	if (yes)
		rc = approve(op->p, &r, op->actor, on_behalf, reason, e);
	else if (!(rc = add_event(db, id, op->actor, "denied", r.step,
				  on_behalf, reason, e)))
		rc = close_req(db, id, "denied", NULL, e);
	if (rc)
		mo_op_abort(op);
out:
	req_free(&r);
	return rc;
}

static int check_reason(const char *reason, mo_err *e)
{
	if (reason && mo_utf8_chars(reason) > 500)
		return mo_err_set(e, MO_EINVAL, "reason: at most 500 "
				  "characters");
	return 0;
}

int mo_approval_decide(mo_practice *p, const char *actor, int64_t id,
		       bool yes, const char *reason, mo_err *e)
{
	char record[32];
	mo_op op;
	mo_fact facts[] = {
		{"request", MO_FACT_INT, NULL, id},
		{"verdict", MO_FACT_STR, yes ? "approve" : "deny", 0},
		{"reason", MO_FACT_STR, reason, 0},
	};
	int rc;
	if (!yes && (!reason || !reason[0]))
		return mo_err_set(e, MO_EINVAL, "deny: a reason is required, "
				  "so that the requester knows why");
	if ((rc = check_reason(reason, e)))
		return rc;
	if ((rc = mo_op_begin(p, &op, actor, "approval.decide", facts, 3, e)))
		return rc;
	if ((rc = decide_req(&op, id, yes, reason, e)))
		return rc;
	snprintf(record, sizeof record, "request:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

int mo_approval_withdraw(mo_practice *p, const char *actor, int64_t id,
			 const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32];
	mo_fact facts[] = {{"request", MO_FACT_INT, NULL, id},
			   {"reason", MO_FACT_STR, reason, 0}};
	mo_op op;
	req r;
	int rc = check_reason(reason, e);
	if (rc || (rc = mo_op_begin(p, &op, actor, "approval.withdraw", facts,
				    2, e)))
		return rc;
	if ((rc = load_req(db, id, &r, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if (!is_open(r.status))
		rc = refuse_closed(&op, &r, e);
	else if (strcmp(actor, r.requester) && strcmp(actor, MO_ACTOR_SYSTEM))
		rc = mo_op_refuse(&op, "request lifecycle", e, "only the "
				  "requester %s may withdraw request %lld",
				  r.requester, (long long)id);
	else if ((rc = add_event(db, id, actor, "withdrawn", r.step, NULL,
				 reason, e)) ||
		 (rc = close_req(db, id, "withdrawn", NULL, e)))
		mo_op_abort(&op);
	req_free(&r);
	if (rc)
		return rc;
	snprintf(record, sizeof record, "request:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

/* ---- escalation and expiry ---- */

static int64_t route_int(const req *r, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(r->route, key));
}

/* What the sweep does to r now: "expired", "escalated" or NULL. */
static const char *due_change(const req *r, int64_t now)
{
	int64_t expire = route_int(r, "expire_after") * 1000000;
	int64_t escalate = route_int(r, "escalate_after") * 1000000;
	if (expire > 0 && now - r->created_us >= expire)
		return "expired";
	if (escalate > 0 && strcmp(r->status, "requested") == 0 &&
	    now - r->step_since_us >= escalate &&
	    json_array_size(json_object_get(r->route, "escalate_to")))
		return "escalated";
	return NULL;
}

static int sweep_one(mo_practice *p, int64_t id, bool *changed, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	char record[32], why[160], to[160];
	const char *what;
	mo_op op;
	req r;
	int rc = load_req(db, id, &r, e);
	*changed = false;
	if (rc)
		return rc;
	if (!is_open(r.status) || !(what = due_change(&r, mo_clock_now_us())))
		goto out;
	jobs_text(json_object_get(r.route, "escalate_to"), to, sizeof to);
	snprintf(why, sizeof why, strcmp(what, "expired") == 0
		 ? "no answer before it expired" : "no answer in time; now "
		 "awaits %s", to);
	mo_fact facts[] = {{"request", MO_FACT_INT, NULL, id},
			   {"change", MO_FACT_STR, what, 0}};
	if ((rc = mo_op_begin(p, &op, MO_ACTOR_SYSTEM, "approval.sweep",
			      facts, 2, e)))
		goto out;
	rc = add_event(db, id, MO_ACTOR_SYSTEM, what, r.step, NULL, why, e);
	if (!rc)
		rc = strcmp(what, "expired") == 0
			? close_req(db, id, "expired", NULL, e)
			: set_status(db, id, "escalated", r.step, e);
	snprintf(record, sizeof record, "request:%lld", (long long)id);
	if (rc)
		mo_op_abort(&op);
	else if (!(rc = mo_op_commit(&op, record, e)))
		*changed = true;
out:
	req_free(&r);
	return rc;
}

typedef struct idlist {
	int64_t *v;
	size_t n, cap;
} idlist;

static int collect_id(void *ud, const mo_request *r)
{
	idlist *l = ud;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		int64_t *v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return MO_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r->id;
	return 0;
}

int mo_approval_sweep(mo_practice *p, size_t *changed, mo_err *e)
{
	idlist l = {0};
	size_t n = 0;
	int rc = mo_approval_list(p, "open", collect_id, &l, e);
	if (rc == MO_ENOMEM)
		mo_err_set(e, rc, "out of memory");
	for (size_t i = 0; !rc && i < l.n; i++) {
		bool yes;
		if (!(rc = sweep_one(p, l.v[i], &yes, e)))
			n += yes;
	}
	free(l.v);
	if (changed)
		*changed = n;
	return rc;
}

/* ---- reading ---- */

static int each_request(mo_db *db, sqlite3_stmt *st, mo_request_cb cb,
			void *ud, mo_err *e)
{
	int stop = 0, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_request r;
		read_request(st, &r);
		if ((stop = cb(ud, &r)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

static int each_event(mo_db *db, int64_t id, mo_request_event_cb cb,
		      void *ud, mo_err *e)
{
	sqlite3_stmt *st;
	int stop = 0, rc = mo_db_stmt(db, SQL_EVENTS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_request_event ev = {
		    sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		    mo_db_text(st, 2),           sqlite3_column_int(st, 3),
		    mo_db_text(st, 4),           mo_db_text(st, 5)};
		if ((stop = cb(ud, &ev)))
			break;
	}
	rc = stop ? stop : rc == SQLITE_DONE ? 0 : mo_db_fail(db, "request", e);
	sqlite3_reset(st);
	return rc;
}

typedef struct found {
	mo_request_cb cb;
	void *ud;
	bool any;
} found;

static int found_one(void *ud, const mo_request *r)
{
	found *f = ud;
	f->any = true;
	return f->cb(f->ud, r);
}

int mo_approval_get(mo_practice *p, int64_t id, mo_request_cb cb,
		    mo_request_event_cb ev_cb, void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	found f = {cb, ud, false};
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = each_request(db, st, found_one, &f, e)))
		return rc;
	if (!f.any)
		return mo_err_set(e, MO_ENOTFOUND, "no request %lld",
				  (long long)id);
	return ev_cb ? each_event(db, id, ev_cb, ud, e) : 0;
}

int mo_approval_list(mo_practice *p, const char *status, mo_request_cb cb,
		     void *ud, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	if (status)
		sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	return each_request(db, st, cb, ud, e);
}

typedef struct inbox {
	mo_practice *p;
	const char *staff;
	mo_request_cb cb;
	void *ud;
	mo_err *e;
} inbox;

static int inbox_one(void *ud, const mo_request *row)
{
	inbox *in = ud;
	char on_behalf[65], why[640];
	bool again = false;
	req r = {row->id, row->step_since_us, row->created_us, row->step,
		 row->nsteps, "", "", "", json_loads(row->route, 0, NULL),
		 NULL};
	int rc;
	snprintf(r.requester, sizeof r.requester, "%s", row->requester);
	snprintf(r.status, sizeof r.status, "%s", row->status);
	rc = r.route ? may_decide(in->p, &r, in->staff, on_behalf, why,
				  sizeof why, in->e) : 0;
	req_free(&r);
	if (rc == 1 && (rc = stepped_before(mo_practice_db(in->p), row->id,
					    in->staff, &again, in->e)) == 0 &&
	    !again) {
		mo_request copy = *row;
		copy.on_behalf_of = on_behalf[0] ? on_behalf : NULL;
		return in->cb(in->ud, &copy);
	}
	return rc < 0 ? rc : 0;
}

int mo_approval_inbox(mo_practice *p, const char *staff, mo_request_cb cb,
		      void *ud, mo_err *e)
{
	inbox in = {p, staff, cb, ud, e};
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc;
	if (!staff || !mo_config_staff(mo_practice_config(p), staff))
		return mo_err_set(e, MO_EINVAL, "inbox: expected a staff id "
				  "from practice.yaml, got \"%s\"",
				  staff ? staff : "");
	/* The list statement is busy while callbacks run: prepare a fresh
	 * one, since may_decide uses the cached statements. */
	if ((rc = mo_db_prepare(db, SQL_LIST, &st, e)))
		return rc;
	sqlite3_bind_text(st, 1, "open", -1, SQLITE_STATIC);
	rc = each_request(db, st, inbox_one, &in, e);
	sqlite3_finalize(st);
	return rc;
}

/* ---- the guarded actions ---- */

/* staff.away from a "pto" request's facts: first_day, last_day (dates),
 * optional delegate and staff (default: the requester). */
static int away_facts(mo_practice *p, const char *requester, json_t *facts,
		      mo_away_new *in, mo_err *e)
{
	const char *first = json_string_value(json_object_get(facts,
							      "first_day"));
	const char *last = json_string_value(json_object_get(facts,
							     "last_day"));
	const char *staff = json_string_value(json_object_get(facts, "staff"));
	int rc;
	memset(in, 0, sizeof *in);
	in->staff = requester;
	if (staff && strcmp(staff, requester) != 0)
		return mo_err_set(e, MO_EINVAL, "staff.away: a request is for "
				  "the requester's own time off (staff is %s, "
				  "the requester %s); a manager marks others "
				  "away with `away`", staff, requester);
	in->delegate = json_string_value(json_object_get(facts, "delegate"));
	in->reason = json_string_value(json_object_get(facts, "summary"));
	if (!first || !last)
		return mo_err_set(e, MO_EINVAL, "staff.away: the request needs "
				  "the facts first_day and last_day (dates "
				  "such as 2026-12-24)");
	if ((rc = mo_date_parse(first, &in->first_day, e)) ||
	    (rc = mo_date_parse(last, &in->last_day, e))) {
		mo_err_prefix(e, "staff.away: ");
		return rc;
	}
	return mo_away_check(mo_practice_config(p), in, e);
}

static int away_check(mo_practice *p, const char *requester, json_t *facts,
		      mo_err *e)
{
	mo_away_new in;
	return away_facts(p, requester, facts, &in, e);
}

static int away_run(mo_practice *p, const char *actor, const char *requester,
		    int64_t request, json_t *facts, char record[64],
		    mo_err *e)
{
	mo_away_new in;
	int64_t id;
	int rc = away_facts(p, requester, facts, &in, e);
	in.request = request;
	if (rc || (rc = mo_away_add(p, actor, &in, &id, e)))
		return rc;
	snprintf(record, 64, "away:%lld", (long long)id);
	return 0;
}

/* The request's amount (cents, or money text such as "20.00") for the
 * guarded action; what says what it is ("the sum to refund"). */
static int request_amount(json_t *facts, const char *action,
			  const char *what, int64_t *amount, mo_err *e)
{
	json_t *amt = json_object_get(facts, "amount");
	int rc;
	if (json_is_integer(amt)) {
		*amount = json_integer_value(amt);
		return 0;
	}
	if (!json_is_string(amt))
		return mo_err_set(e, MO_EINVAL, "%s: the request needs its "
				  "amount, %s (such as --amount 20.00)", action,
				  what);
	if ((rc = mo_money_parse(json_string_value(amt), amount, e)))
		mo_err_prefix(e, "%s: amount: ", action);
	return rc;
}

/* payment.refund from a "refund" request's facts: payment (its id), the
 * request's amount and its summary as the reason. A request that names
 * no payment is a refund made elsewhere (to a payer): it is approved and
 * nothing runs (*payment 0). */
static int refund_facts(json_t *facts, int64_t *payment, int64_t *amount,
			const char **reason, mo_err *e)
{
	json_t *pay = json_object_get(facts, "payment");
	*payment = 0;
	*reason = json_string_value(json_object_get(facts, "summary"));
	if (!pay)
		return 0;
	if (!json_is_integer(pay) || (*payment = json_integer_value(pay)) <= 0)
		return mo_err_set(e, MO_EINVAL, "payment.refund: the fact "
				  "payment is the number of the payment to "
				  "refund, such as payment=12");
	return request_amount(facts, "payment.refund", "the sum to refund",
			      amount, e);
}

static int refund_check(mo_practice *p, const char *requester, json_t *facts,
			mo_err *e)
{
	const char *reason;
	int64_t payment, amount;
	int rc = refund_facts(facts, &payment, &amount, &reason, e);
	(void)requester;
	if (rc || !payment)
		return rc;
	return mo_pay_refund_check(p, payment, amount, reason, e);
}

static int refund_run(mo_practice *p, const char *actor, const char *requester,
		      int64_t request, json_t *facts, char record[64],
		      mo_err *e)
{
	const char *reason;
	int64_t payment, amount, journal;
	int rc = refund_facts(facts, &payment, &amount, &reason, e);
	(void)requester;
	(void)request;
	if (rc || !payment || (rc = mo_pay_refund(p, actor, payment, amount,
						  reason, &journal, e)))
		return rc;
	snprintf(record, 64, "journal:%lld", (long long)journal);
	return 0;
}

/* A text fact naming one of two accounts (the first when absent). */
static int account_fact(json_t *facts, const char *key,
			const char *const names[2], const mo_account accts[2],
			mo_account *out, mo_err *e)
{
	json_t *v = json_object_get(facts, key);
	const char *s = v ? json_string_value(v) : names[0];
	for (int k = 0; s && k < 2; k++)
		if (!strcmp(s, names[k])) {
			*out = accts[k];
			return 0;
		}
	return mo_err_set(e, MO_EINVAL, "ledger.adjust: the fact %s is %s or "
			  "%s (default %s)", key, names[0], names[1],
			  names[0]);
}

/* ledger.adjust from a "writeoff" request's facts: charge (its id), from
 * (patient, the default, or payer: the receivable it comes off), to
 * (writeoff, the default, or contractual), the request's amount and its
 * summary as the reason. */
static int adjust_facts(json_t *facts, mo_ledger_adjustment *in, mo_err *e)
{
	static const char *const froms[2] = {"patient", "payer"};
	static const char *const tos[2] = {"writeoff", "contractual"};
	static const mo_account from_accts[2] = {MO_ACCT_AR_PATIENT,
						 MO_ACCT_AR_PAYER};
	static const mo_account to_accts[2] = {MO_ACCT_WRITEOFF,
					       MO_ACCT_CONTRACTUAL};
	json_t *charge = json_object_get(facts, "charge");
	int rc;
	memset(in, 0, sizeof *in);
	in->reason = json_string_value(json_object_get(facts, "summary"));
	if (!json_is_integer(charge) ||
	    (in->charge = json_integer_value(charge)) <= 0)
		return mo_err_set(e, MO_EINVAL, "ledger.adjust: the fact charge "
				  "is the number of the charge to adjust, such "
				  "as charge=12");
	if ((rc = account_fact(facts, "from", froms, from_accts, &in->from,
			       e)) ||
	    (rc = account_fact(facts, "to", tos, to_accts, &in->to, e)))
		return rc;
	return request_amount(facts, "ledger.adjust", "the sum to move",
			      &in->amount, e);
}

static int adjust_check(mo_practice *p, const char *requester, json_t *facts,
			mo_err *e)
{
	mo_ledger_adjustment in;
	int rc = adjust_facts(facts, &in, e);
	(void)requester;
	return rc ? rc : mo_ledger_adjust_check(p, &in, e);
}

static int adjust_run(mo_practice *p, const char *actor, const char *requester,
		      int64_t request, json_t *facts, char record[64],
		      mo_err *e)
{
	mo_ledger_adjustment in;
	int64_t journal;
	int rc = adjust_facts(facts, &in, e);
	(void)requester;
	(void)request;
	if (rc || (rc = mo_ledger_adjust(p, actor, &in, &journal, e)))
		return rc;
	snprintf(record, 64, "journal:%lld", (long long)journal);
	return 0;
}

int mo_approval_fact_date(json_t *facts, const char *action,
			  const char *key, const char *what, int32_t *day,
			  mo_err *e)
{
	const char *s = json_string_value(json_object_get(facts, key));
	int rc;
	if (!s)
		return mo_err_set(e, MO_EINVAL, "%s: the request needs the fact "
				  "%s%s", action, key, what);
	if ((rc = mo_date_parse(s, day, e)))
		mo_err_prefix(e, "%s: %s: ", action, key);
	return rc;
}

/* clia.purge from a "clia_purge" request's facts: before, the first day
 * kept (a date), which must not be within the retention period. */
static int purge_facts(mo_practice *p, json_t *facts, int32_t *before,
		       mo_err *e)
{
	int rc = mo_approval_fact_date(facts, "clia.purge", "before",
				       ", the first day to keep (a date such "
				       "as 2027-01-01)", before, e);
	return rc ? rc : mo_clia_purge_check(p, *before, e);
}

static int purge_check(mo_practice *p, const char *requester, json_t *facts,
		       mo_err *e)
{
	int32_t before;
	(void)requester;
	return purge_facts(p, facts, &before, e);
}

static int purge_run(mo_practice *p, const char *actor, const char *requester,
		     int64_t request, json_t *facts, char record[64],
		     mo_err *e)
{
	mo_clia_purged n;
	int32_t before;
	int rc = purge_facts(p, facts, &before, e);
	(void)requester;
	if (rc || (rc = mo_clia_purge(p, actor, before, request, &n, e)))
		return rc;
	snprintf(record, 64, "purge:%lld", (long long)n.purge);
	return 0;
}

static const runner runners[] = {
	{"staff.away", away_check, away_run},
	{"payment.refund", refund_check, refund_run},
	{"ledger.adjust", adjust_check, adjust_run},
	{"clia.purge", purge_check, purge_run},
	{"payable.pay", mo_ap_pay_guard_check, mo_ap_pay_guard_run},
	{"inventory.order", mo_inv_order_check, mo_inv_order_run},
	{"timecard.correct", mo_tc_correct_guard_check,
	 mo_tc_correct_guard_run},
	{"payroll.rate", mo_tc_rate_guard_check, mo_tc_rate_guard_run},
	{"hr.hire", mo_hr_hire_guard_check, mo_hr_hire_guard_run},
	{"hr.benefits", mo_hr_benefits_guard_check, mo_hr_benefits_guard_run},
};

static const runner *find_runner(const char *action)
{
	for (size_t i = 0; i < sizeof runners / sizeof runners[0]; i++)
		if (strcmp(runners[i].action, action) == 0)
			return &runners[i];
	return NULL;
}

bool mo_approval_can_guard(const char *action)
{
	return action && find_runner(action) != NULL;
}
