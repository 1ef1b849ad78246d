/* workflow.c: workflow runs started, moved along their declared
 * transitions and read (see workflow.h). */
#include "workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define RUN_FACTS 6 /* actor, run, workflow, from, event, to */
#define MAX_FACTS (MO_WF_MAX_FACTS + RUN_FACTS)

static const char SQL_RUN[] =
	"SELECT workflow, state, final FROM workflow_run WHERE id = ?";
static const char SQL_ADD_RUN[] =
	"INSERT INTO workflow_run(workflow, subject, state, final, created_us, "
	"created_by, updated_us) VALUES(?, ?, ?, 0, ?, ?, ?)";
static const char SQL_MOVE[] =
	"UPDATE workflow_run SET state = ?2, final = ?3, updated_us = ?4 "
	"WHERE id = ?1";
static const char SQL_ADD_STEP[] =
	"INSERT INTO workflow_step(run, at_us, actor, event, from_state, "
	"to_state, facts) VALUES(?, ?, ?, ?, ?, ?, ?)";

static int add_step(mo_db *db, const char *actor, int64_t run,
		    const char *event, const char *from, const char *to,
		    const mo_fact *facts, size_t n, int64_t now, mo_err *e)
{
	sqlite3_stmt *st;
	char *json = mo_facts_json(facts, n);
	int rc = json ? mo_db_stmt(db, SQL_ADD_STEP, &st, e)
		      : mo_err_set(e, MO_ENOMEM, "out of memory");
	if (rc) {
		free(json);
		return rc;
	}
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, event, -1, SQLITE_STATIC);
	if (from)
		sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, json, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "workflow", e);
	sqlite3_reset(st);
	free(json);
	return rc;
}

/* ---- starting ---- */

static int insert_run(mo_db *db, const char *actor, const char *workflow,
		      const char *subject, const char *state, int64_t *id,
		      mo_err *e)
{
	sqlite3_stmt *st;
	int64_t now = mo_clock_now_us();
	int rc = mo_db_stmt(db, SQL_ADD_RUN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, workflow, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "workflow", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	if (rc)
		return rc;
	mo_fact f[] = {{"subject", MO_FACT_STR, subject, 0}};
	return add_step(db, actor, *id, "start", NULL, state, f, 1, now, e);
}

int mo_wf_start(mo_practice *p, const char *actor, const char *workflow,
		const char *subject, int64_t *id, mo_err *e)
{
	mo_wf_answer a;
	char record[48];
	int64_t rid = 0;
	size_t len = subject ? strlen(subject) : 0;
	mo_op op;
	int rc;
	if (!workflow || !*workflow || len < 1 || len > 128)
		return mo_err_set(e, MO_EINVAL, "workflow: a workflow and a "
				  "subject of 1 to 128 characters are needed");
	if ((rc = mo_practice_workflow(p, MO_WF_INITIAL, workflow, NULL, NULL,
				       NULL, 0, &a, e)))
		return rc;
	mo_fact f[] = {{"workflow", MO_FACT_STR, workflow, 0},
		       {"subject", MO_FACT_STR, subject, 0},
		       {"state", MO_FACT_STR, a.state, 0}};
	if ((rc = mo_op_begin(p, &op, actor, a.action, f, 3, e)))
		return rc;
	if ((rc = insert_run(mo_practice_db(p), actor, workflow, subject,
			     a.state, &rid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "workflow_run:%lld", (long long)rid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (id)
		*id = rid;
	return 0;
}

/* ---- moving ---- */

typedef struct run {
	char workflow[MO_WF_ID], state[MO_WF_ID];
	bool final;
} run;

static int read_run(mo_db *db, int64_t id, run *r, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_RUN, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(r->workflow, sizeof r->workflow, "%s",
			 (const char *)sqlite3_column_text(st, 0));
		snprintf(r->state, sizeof r->state, "%s",
			 (const char *)sqlite3_column_text(st, 1));
		r->final = sqlite3_column_int(st, 2) != 0;
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "workflow: "
						    "no run %lld",
						    (long long)id)
				       : mo_db_fail(db, "workflow", e);
	}
	sqlite3_reset(st);
	return rc;
}

static int move_run(mo_db *db, const char *actor, int64_t id, const run *r,
		    const char *event, const mo_wf_answer *a,
		    const mo_fact *facts, size_t n, mo_err *e)
{
	sqlite3_stmt *st;
	int64_t now = mo_clock_now_us();
	int rc = mo_db_stmt(db, SQL_MOVE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, a->state, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, a->final);
	sqlite3_bind_int64(st, 4, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "workflow", e);
	sqlite3_reset(st);
	return rc ? rc : add_step(db, actor, id, event, r->state, a->state,
				  facts, n, now, e);
}

/* The operation's facts: the actor's and the run's, then the caller's
 * (the RUN_FACTS first are not kept in the history). */
static size_t op_facts(mo_fact *f, const char *actor, int64_t id,
		       const run *r, const char *event, const char *to,
		       const mo_fact *facts, size_t n)
{
	size_t k = 0;
	f[k++] = (mo_fact){"actor", MO_FACT_STR, actor, 0};
	f[k++] = (mo_fact){"run", MO_FACT_INT, NULL, id};
	f[k++] = (mo_fact){"workflow", MO_FACT_STR, r->workflow, 0};
	f[k++] = (mo_fact){"from", MO_FACT_STR, r->state, 0};
	f[k++] = (mo_fact){"event", MO_FACT_STR, event, 0};
	f[k++] = (mo_fact){"to", MO_FACT_STR, to, 0};
	for (size_t i = 0; i < n && k < MAX_FACTS; i++)
		f[k++] = facts[i];
	return k;
}

/* Inside the operation: the guard, then the move. */
static int guarded_move(mo_practice *p, mo_op *op, const char *actor,
			int64_t id, const run *r, const char *event,
			const mo_wf_answer *a, const mo_fact *f, size_t k,
			mo_err *e)
{
	mo_wf_answer g;
	char rule[256 + 2 * MO_WF_ID + 160];
	int rc = mo_practice_workflow(p, MO_WF_GUARD, r->workflow, r->state,
				      event, f, k, &g, e);
	snprintf(rule, sizeof rule, "transition %s -> %s on '%s' (%s)",
		 r->state, a->state, event, a->where);
	if (rc && rc != MO_ENOMEM)
		return mo_op_refuse(op, rule, e, "its guard failed: %s",
				    e->msg);
	if (!rc && g.guard.verdict == MO_VERDICT_DENY)
		return mo_op_refuse(op, g.guard.rule[0] ? g.guard.rule : rule, e,
				    "%s", g.guard.reason[0] ? g.guard.reason
							    : "its guard said no");
	if (!rc)
		rc = move_run(mo_practice_db(p), actor, id, r, event, a,
			      f + RUN_FACTS, k - RUN_FACTS, e);
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	return 0;
}

/* An event that cannot happen now, refused and recorded as the generic
 * workflow.step. */
static int refuse_event(mo_practice *p, const char *actor, int64_t id,
			const run *r, const char *event, const char *why,
			mo_err *e)
{
	mo_fact f[MAX_FACTS];
	size_t k = op_facts(f, actor, id, r, event, "", NULL, 0);
	char reason[512], rule[96];
	mo_op op;
	int rc;
	snprintf(reason, sizeof reason, "%s", why);
	snprintf(rule, sizeof rule, "workflow '%s'", r->workflow);
	if ((rc = mo_op_begin(p, &op, actor, "workflow.step", f, k, e)))
		return rc;
	return mo_op_refuse(&op, rule, e, "%s", reason);
}

int mo_wf_fire(mo_practice *p, const char *actor, int64_t id,
	       const char *event, const mo_fact *facts, size_t n,
	       char state[MO_WF_ID], mo_err *e)
{
	mo_fact f[MAX_FACTS];
	mo_wf_answer a;
	char record[48];
	mo_op op;
	run r;
	size_t k;
	int rc;
	if (!event || !*event || (n && !facts) ||
	    n > MAX_FACTS - RUN_FACTS)
		return mo_err_set(e, MO_EINVAL, "workflow: an event and at most "
				  "%d facts are needed",
				  MAX_FACTS - RUN_FACTS);
	if ((rc = read_run(mo_practice_db(p), id, &r, e)))
		return rc;
	if (r.final)
		return refuse_event(p, actor, id, &r, event, "the run is over "
				    "(it ended in its final state)", e);
	rc = mo_practice_workflow(p, MO_WF_EDGE, r.workflow, r.state, event,
				  NULL, 0, &a, e);
	if (rc == MO_ENOTFOUND)
		return refuse_event(p, actor, id, &r, event, e->msg, e);
	if (rc)
		return rc;
	k = op_facts(f, actor, id, &r, event, a.state, facts, n);
	if ((rc = mo_op_begin(p, &op, actor, a.action, f, k, e)) ||
	    (rc = guarded_move(p, &op, actor, id, &r, event, &a, f, k, e)))
		return rc;
	snprintf(record, sizeof record, "workflow_run:%lld", (long long)id);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (state)
		snprintf(state, MO_WF_ID, "%s", a.state);
	return 0;
}

/* ---- reading ---- */

static const char SQL_LIST[] =
	"SELECT id, workflow, subject, state, created_by, final, created_us, "
	"updated_us FROM workflow_run WHERE (?1 IS NULL OR workflow = ?1) AND "
	"(?2 IS NULL OR state = ?2) ORDER BY id";
static const char SQL_HISTORY[] =
	"SELECT at_us, actor, event, from_state, to_state, facts FROM "
	"workflow_step WHERE run = ? ORDER BY id";

typedef struct read_ctx {
	mo_db *db;
	const char *workflow, *state;
	int64_t id;
	mo_wf_run_cb run_cb;
	mo_wf_step_cb step_cb;
	void *ud;
	int stop;
} read_ctx;

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int list_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	bind_opt(st, 1, c->workflow);
	bind_opt(st, 2, c->state);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_wf_run r = {
		    sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		    mo_db_text(st, 2),           mo_db_text(st, 3),
		    mo_db_text(st, 4),           sqlite3_column_int(st, 5) != 0,
		    sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7)};
		c->stop = c->run_cb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "workflow",
							     e);
	sqlite3_reset(st);
	return rc;
}

int mo_wf_list(mo_practice *p, const char *actor, const char *workflow,
	       const char *state, mo_wf_run_cb cb, void *ud, mo_err *e)
{
	read_ctx c = {.db = mo_practice_db(p), .workflow = workflow,
		      .state = state, .run_cb = cb, .ud = ud};
	mo_fact f[] = {{"read", MO_FACT_STR, "workflow runs", 0},
		       {"workflow", MO_FACT_STR, workflow, 0},
		       {"state", MO_FACT_STR, state, 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "workflow list: no callback");
	rc = mo_op_read(p, actor, "workflow.read", f, 3, "workflow_runs",
			list_fn, &c, e);
	return rc ? rc : c.stop;
}

static int history_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	sqlite3_stmt *st;
	run r;
	int rc = read_run(c->db, c->id, &r, e);
	if (rc || (rc = mo_db_stmt(c->db, SQL_HISTORY, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_wf_step s = {sqlite3_column_int64(st, 0), mo_db_text(st, 1),
		                mo_db_text(st, 2),           mo_db_text(st, 3),
		                mo_db_text(st, 4),           mo_db_text(st, 5)};
		c->stop = c->step_cb(c->ud, &s);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "workflow",
							     e);
	sqlite3_reset(st);
	return rc;
}

int mo_wf_history(mo_practice *p, const char *actor, int64_t id,
		  mo_wf_step_cb cb, void *ud, mo_err *e)
{
	read_ctx c = {.db = mo_practice_db(p), .id = id, .step_cb = cb,
		      .ud = ud};
	char record[48];
	mo_fact f[] = {{"read", MO_FACT_STR, "workflow history", 0},
		       {"run", MO_FACT_INT, NULL, id}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "workflow history: no callback");
	snprintf(record, sizeof record, "workflow_run:%lld", (long long)id);
	rc = mo_op_read(p, actor, "workflow.read", f, 2, record, history_fn,
			&c, e);
	return rc ? rc : c.stop;
}
