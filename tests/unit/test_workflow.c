/* test_workflow.c: unit tests of core/workflow.c with a C hook standing
 * in for the Lua DSL (a three-state workflow: a -> b on "go", guarded by
 * the fact ok; b -> c, final, on "end"; a -> c on "skip" denied by the
 * rules): a run started and moved, its history and list with their
 * audit; each refusal recorded in the decision log with nothing else
 * written: an event that is no transition, a guard's no, a guard that
 * fails, a run that is over, a rule's no (jobs are checked as for any
 * operation, see test_perm.c); unknown workflows and runs, bad
 * arguments, the history append-only. It uses cmocka and workflow.h. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "workflow.h"

static const char YAML[] = PFX_BILLING_YAML;

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	int guard_calls;
	bool guard_fails;
} fixture;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	(void)ud;
	(void)actor;
	(void)facts;
	(void)n;
	(void)e;
	if (!strcmp(action, "clia.close")) {
		out->verdict = MO_VERDICT_DENY;
		snprintf(out->reason, sizeof out->reason, "no closing today");
		snprintf(out->rule, sizeof out->rule, "'closed' (t:9)");
	}
	return 0;
}

static bool fact_true(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, key))
			return f[i].i != 0;
	return false;
}

static int edge(const char *state, const char *event, mo_wf_answer *out,
		mo_err *e)
{
	static const char *const t[][4] = {{"a", "go", "b", "clia.collect"},
		{"b", "end", "c", "clia.perform"},
		{"a", "skip", "c", "clia.close"}};
	for (size_t i = 0; i < 3; i++)
		if (!strcmp(state, t[i][0]) && !strcmp(event, t[i][1])) {
			snprintf(out->state, sizeof out->state, "%s", t[i][2]);
			snprintf(out->action, sizeof out->action, "%s", t[i][3]);
			out->final = !strcmp(t[i][2], "c");
			snprintf(out->where, sizeof out->where, "t:%zu", i + 1);
			return 0;
		}
	return mo_err_set(e, MO_ENOTFOUND, "'%s' is no transition from '%s'",
			  event, state);
}

static int hook(void *ud, mo_wf_ask ask, const char *workflow,
		const char *state, const char *event, const mo_fact *facts,
		size_t n, mo_wf_answer *out, mo_err *e)
{
	fixture *f = ud;
	if (strcmp(workflow, "w"))
		return mo_err_set(e, MO_ENOTFOUND, "workflow '%s': no policy "
				  "declares it", workflow);
	if (ask == MO_WF_INITIAL) {
		snprintf(out->state, sizeof out->state, "a");
		snprintf(out->action, sizeof out->action, "clia.order");
		return 0;
	}
	if (ask == MO_WF_EDGE)
		return edge(state, event, out, e);
	f->guard_calls++;
	if (f->guard_fails)
		return mo_err_set(e, MO_ELUA, "guard: attempt to index a nil "
				  "value");
	if (!strcmp(event, "go") && !fact_true(facts, n, "ok")) {
		out->guard.verdict = MO_VERDICT_DENY;
		snprintf(out->guard.reason, sizeof out->guard.reason,
			 "not ok yet");
		snprintf(out->guard.rule, sizeof out->guard.rule, "guard (t:1)");
	}
	return 0;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", "2026-11-23T15:00:00Z", 1);
	if (pfx_open("wf", YAML, f->dir, &f->p))
		return -1;
	mo_practice_set_hooks(f->p, &(mo_hooks){f, decide, NULL, NULL, hook});
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

static int64_t denials(fixture *f)
{
	return query_int(f->p, "SELECT count(*) FROM decision WHERE verdict = "
			 "'deny'");
}

static int64_t written(fixture *f)
{
	return query_int(f->p, "SELECT (SELECT count(*) FROM workflow_step) * "
			 "1000 + (SELECT count(*) FROM audit)");
}

/* Fires and expects a refusal containing msg, recorded, nothing written. */
static void refused(fixture *f, int64_t id, const char *event, bool ok,
		    const char *msg)
{
	mo_fact facts[] = {{"ok", MO_FACT_BOOL, NULL, ok}};
	int64_t before = written(f), d = denials(f);
	mo_err e = {0};
	assert_int_equal(mo_wf_fire(f->p, "maria", id, event, facts, 1, NULL,
				    &e), MO_EDENIED);
	assert_msg(e, msg);
	assert_int_equal(written(f), before);
	assert_int_equal(denials(f), d + 1);
}

static void test_run(void **state)
{
	fixture *f = *state;
	mo_fact ok[] = {{"ok", MO_FACT_BOOL, NULL, 1}};
	char st[MO_WF_ID];
	int64_t id = 0;
	mo_err e = {0};
	assert_int_equal(mo_wf_start(f->p, "maria", "w", "patient:1", &id, &e),
			 0);
	assert_int_equal(id, 1);
	refused(f, id, "end", true, "'end' is no transition from 'a'");
	refused(f, id, "go", false, "maria may not clia.collect: not ok yet");
	refused(f, id, "skip", true, "no closing today");
	f->guard_fails = true;
	refused(f, id, "go", true, "its guard failed: guard: attempt to index "
		"a nil value");
	f->guard_fails = false;
	assert_int_equal(mo_wf_fire(f->p, "maria", id, "go", ok, 1, st, &e), 0);
	assert_string_equal(st, "b");
	assert_int_equal(mo_wf_fire(f->p, "maria", id, "end", NULL, 0, st, &e),
			 0);
	assert_string_equal(st, "c");
	refused(f, id, "go", true, "the run is over");
	assert_int_equal(query_int(f->p, "SELECT final FROM workflow_run WHERE "
				   "id = 1"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM workflow_step "
				   "WHERE run = 1"), 3);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM workflow_step "
				   "WHERE run = 1 AND event = 'go' AND facts = "
				   "'{\"ok\":true}'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'clia.collect' AND record = "
				   "'workflow_run:1'"), 1);
}

static int count_run(void *ud, const mo_wf_run *r)
{
	(*(int *)ud)++;
	assert_string_equal(r->workflow, "w");
	return 0;
}

static int count_step(void *ud, const mo_wf_step *s)
{
	(*(int *)ud)++;
	assert_non_null(s->to);
	return 0;
}

static void test_reads_and_refusals(void **state)
{
	fixture *f = *state;
	int64_t id;
	int n = 0;
	mo_err e = {0};
	assert_int_equal(mo_wf_start(f->p, "maria", "nope", "x", NULL, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "workflow 'nope': no policy declares it");
	assert_int_equal(mo_wf_start(f->p, "maria", "w", "", NULL, &e),
			 MO_EINVAL);
	assert_int_equal(mo_wf_start(f->p, "maria", "w", "lot:7", &id, &e), 0);
	assert_int_equal(mo_wf_fire(f->p, "maria", 99, "go", NULL, 0, NULL, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "workflow: no run 99");
	assert_int_equal(mo_wf_fire(f->p, "maria", id, "", NULL, 0, NULL, &e),
			 MO_EINVAL);
	assert_int_equal(mo_wf_list(f->p, "maria", "w", "a", count_run, &n, &e),
			 0);
	assert_int_equal(n, 1);
	n = 0;
	assert_int_equal(mo_wf_history(f->p, "maria", id, count_step, &n, &e),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(mo_wf_history(f->p, "maria", 42, count_step, &n, &e),
			 MO_ENOTFOUND);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'workflow.read'"), 2);
	assert_int_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
				      "DELETE FROM workflow_step", NULL, NULL,
				      NULL) & 0xff, SQLITE_CONSTRAINT);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_run),
		T(test_reads_and_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
