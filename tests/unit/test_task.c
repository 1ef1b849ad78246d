/* test_task.c: unit tests of core/task.c and the operation frame of
 * core/practice.c: bad input (titles, statuses, actor ids, unknown and
 * closed tasks) refused with the task table and the audit log unchanged;
 * add, get, list and close with no hooks, each audited with the decision
 * "allowed (no rule applies)" and the facts as JSON; decision hooks (C
 * functions standing in for the Lua engine) that deny, fail or allow by
 * a named rule, and the facts they are given. It uses cmocka, a practice
 * in a temporary folder and MEDOFFICE_NOW for reproducible instants. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "task.h"


#define NOW "2026-11-23T09:00:00Z"
#define NOW_ISO "2026-11-23T09:00:00.000000Z"
/* The locations and staff every practice.yaml needs. */
#define MODEL                                                                \
	"locations: [{id: main, name: Main}]\n"                               \
	"staff: [{id: t, name: T, job: t}]\n"

/* ---- fixture: a practice in a temporary folder ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	int64_t now;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mo_err e = {0};
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	if (mo_clock_parse_us(NOW, &f->now, &e))
		return -1;
	return pfx_open("task", "practice:\n  name: T\n  timezone: UTC\n"
			MODEL, f->dir, &f->p);
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

static mo_practice *P(void **state)
{
	return ((fixture *)*state)->p;
}

/* A text column of the audit entry with id (empty string for NULL). */
static void audit_field(mo_practice *p, int64_t id, const char *col,
			char *out, size_t size)
{
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st = NULL;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit WHERE id = %lld", col,
		 (long long)id);
	assert_int_equal(sqlite3_prepare_v2(sq, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s",
		 sqlite3_column_text(st, 0)
			 ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
}

static void assert_audit(mo_practice *p, int64_t id, const char *col,
			 const char *want)
{
	char got[1024];
	audit_field(p, id, col, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("audit %lld %s: got \"%s\", want \"%s\"",
			 (long long)id, col, got, want);
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM task",
	"SELECT count(*) FROM task WHERE status = 'open'",
	"SELECT count(*) FROM audit",
	NULL,
};

static int64_t add_ok(mo_practice *p, const char *actor, const char *title)
{
	mo_task_new in = {.title = title};
	mo_err e = {0};
	int64_t id = -1;
	if (mo_task_add(p, actor, &in, &id, &e) != 0)
		fail_msg("add \"%s\": %s", title, e.msg);
	return id;
}

/* A copy of a task, for assertions after the callback. */
typedef struct task_copy {
	int n;
	int64_t id[8], due[8], created[8], closed[8];
	char title[8][256], assignee[8][80], status[8][16], created_by[8][80],
		closed_by[8][80], note[8][80];
	int stop_after;
} task_copy;

static void copy_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int keep_task(void *ud, const mo_task *t)
{
	task_copy *c = ud;
	int i = c->n++;
	assert_true(i < 8);
	c->id[i] = t->id;
	c->due[i] = t->due_us;
	c->created[i] = t->created_us;
	c->closed[i] = t->closed_us;
	copy_str(c->title[i], sizeof c->title[i], t->title);
	copy_str(c->assignee[i], sizeof c->assignee[i], t->assignee);
	copy_str(c->status[i], sizeof c->status[i], t->status);
	copy_str(c->created_by[i], sizeof c->created_by[i], t->created_by);
	copy_str(c->closed_by[i], sizeof c->closed_by[i], t->closed_by);
	copy_str(c->note[i], sizeof c->note[i], t->note);
	return c->stop_after && c->n == c->stop_after ? 7 : 0;
}

/* ---- a C decision hook ---- */

typedef struct hook {
	/* what to answer */
	int rc;             /* returned as is; with msg in e */
	const char *msg;
	mo_verdict verdict;
	const char *reason, *rule;
	/* what was asked */
	int calls;
	char actor[80], action[40];
	size_t nfacts;
	struct {
		char key[32];
		mo_fact_type type;
		char s[256];
		bool null;
		int64_t i;
	} fact[16];
	bool out_was_zero;
} hook;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	mo_decision zero;
	memset(&zero, 0, sizeof zero);
	h->calls++;
	h->out_was_zero = memcmp(out, &zero, sizeof zero) == 0;
	copy_str(h->actor, sizeof h->actor, actor);
	copy_str(h->action, sizeof h->action, action);
	h->nfacts = n;
	for (size_t i = 0; i < n && i < 16; i++) {
		copy_str(h->fact[i].key, sizeof h->fact[i].key, facts[i].key);
		h->fact[i].type = facts[i].type;
		h->fact[i].null = facts[i].s == NULL;
		copy_str(h->fact[i].s, sizeof h->fact[i].s, facts[i].s);
		h->fact[i].i = facts[i].i;
	}
	if (h->rc)
		return mo_err_set(e, h->rc, "%s", h->msg ? h->msg : "failed");
	out->verdict = h->verdict;
	snprintf(out->reason, sizeof out->reason, "%s",
		 h->reason ? h->reason : "");
	snprintf(out->rule, sizeof out->rule, "%s", h->rule ? h->rule : "");
	return 0;
}

static void use_hook(mo_practice *p, hook *h)
{
	mo_hooks hooks = {h, decide, NULL, NULL, NULL};
	mo_practice_set_hooks(p, &hooks);
}

/* The fact named key as the hook saw it; fails when absent. */
static int fact_index(const hook *h, const char *key)
{
	for (size_t i = 0; i < h->nfacts; i++)
		if (strcmp(h->fact[i].key, key) == 0)
			return (int)i;
	fail_msg("no fact '%s'", key);
	return -1;
}

static void assert_str_fact(const hook *h, const char *key, const char *want)
{
	int i = fact_index(h, key);
	assert_int_equal(h->fact[i].type, MO_FACT_STR);
	if (!want) {
		assert_true(h->fact[i].null);
	} else {
		assert_false(h->fact[i].null);
		assert_string_equal(h->fact[i].s, want);
	}
}

/* ---- practice ---- */

static void test_practice_open_errors(void **state)
{
	fixture *f = *state;
	mo_practice *p = (mo_practice *)1;
	mo_err e = {0};
	char dir[128], path[160];
	snprintf(dir, sizeof dir, "%s/nowhere", f->dir);
	assert_int_equal(mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e),
			 MO_EIO);
	assert_null(p);
	assert_msg(e, "practice.yaml");
	/* a folder with practice.yaml but no database, without CREATE */
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	assert_int_equal(write_text(path, "practice:\n  name: U\n  timezone: "
					  "UTC\n" MODEL), 0);
	assert_int_equal(mo_practice_open(dir, 0, &p, &e), MO_EIO);
	assert_null(p);
	assert_msg(e, "practice.db");
	/* an invalid practice.yaml */
	assert_int_equal(write_text(path, "practice:\n  nmae: U\n"), 0);
	assert_int_equal(mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e),
			 MO_ECONFIG);
	assert_null(p);
	/* the fixture's practice is fine */
	assert_string_equal(mo_practice_dir(f->p), f->dir);
	assert_string_equal(mo_practice_config(f->p)->name, "T");
}

/* ---- add: bad input ---- */

static void test_add_invalid(void **state)
{
	mo_practice *p = P(state);
	char long_title[202];
	mo_task_new in = {0};
	mo_err e = {0};
	int64_t id = -5;
	pfx_snap before;
	add_ok(p, "jdoe", "an existing task");
	before = pfx_snap_take(p, STATE);

	assert_int_equal(mo_task_add(p, "jdoe", NULL, &id, &e), MO_EINVAL);
	assert_msg(e, "task title: expected 1 to 200 characters, got 0");
	in.title = NULL;
	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), MO_EINVAL);
	in.title = "";
	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), MO_EINVAL);
	assert_msg(e, "got 0");
	memset(long_title, 'x', 201);
	long_title[201] = '\0';
	in.title = long_title;
	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), MO_EINVAL);
	assert_int_equal(e.code, MO_EINVAL);
	assert_msg(e, "task title: expected 1 to 200 characters, got 201");
	in.title = "call back";
	in.due_us = -1;
	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), MO_EINVAL);
	assert_msg(e, "task due: expected an instant after 1970");
	assert_int_equal(id, -5);
	pfx_snap_same(p, &before);

	/* 200 characters are fine */
	long_title[200] = '\0';
	assert_int_equal(add_ok(p, "jdoe", long_title), 2);
}

static void test_add_bad_actor(void **state)
{
	mo_practice *p = P(state);
	char long_id[66];
	const char *bad[] = {NULL, "", "a b", "jdoe;", "j\xc3\xa9r\xc3\xb4me",
			     "tab\there", "new\nline", long_id};
	mo_task_new in = {.title = "call back"};
	hook h = {0};
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(p, STATE);
	memset(long_id, 'a', 65);
	long_id[65] = '\0';
	use_hook(p, &h);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memset(&e, 0, sizeof e);
		assert_int_equal(mo_task_add(p, bad[i], &in, NULL, &e),
				 MO_EINVAL);
		assert_msg(e, "acting staff member: expected a staff id");
		pfx_snap_same(p, &before);
	}
	assert_int_equal(h.calls, 0); /* refused before any policy runs */
	/* 64 characters and the allowed punctuation are fine */
	long_id[64] = '\0';
	add_ok(p, long_id, "ok");
	add_ok(p, "j.doe-2_x", "ok");
	assert_int_equal(h.calls, 2);
}

/* ---- add, get, list without hooks ---- */

static void test_add_get(void **state)
{
	fixture *f = *state;
	mo_practice *p = f->p;
	mo_task_new in = {.title = "Call back Mrs \"O'Hara\"",
			  .assignee = "asmith",
			  .note = "about the lab results"};
	task_copy c = {0};
	mo_err e = {0};
	int64_t id = 0;
	assert_int_equal(mo_clock_parse_us("2026-11-24T17:00:00Z", &in.due_us,
					   &e), 0);
	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), 0);
	assert_int_equal(id, 1);
	assert_int_equal(mo_task_get(p, id, keep_task, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], 1);
	assert_string_equal(c.title[0], in.title);
	assert_string_equal(c.assignee[0], "asmith");
	assert_string_equal(c.status[0], "open");
	assert_string_equal(c.created_by[0], "jdoe");
	assert_string_equal(c.closed_by[0], "(null)");
	assert_string_equal(c.note[0], "about the lab results");
	assert_int_equal(c.due[0], in.due_us);
	assert_int_equal(c.created[0], f->now);
	assert_int_equal(c.closed[0], 0);

	/* the audit entry: who, what, which record, decision, facts */
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"), 1);
	assert_audit(p, 1, "actor", "jdoe");
	assert_audit(p, 1, "action", "task.create");
	assert_audit(p, 1, "record", "task:1");
	assert_audit(p, 1, "decision", "allowed (no rule applies)");
	assert_audit(p, 1, "detail",
		     "{\"assignee\":\"asmith\",\"due\":\"2026-11-24T17:00:00."
		     "000000Z\",\"note\":\"about the lab results\",\"title\":"
		     "\"Call back Mrs \\\"O'Hara\\\"\"}");
	assert_int_equal(query_int(p, "SELECT at_us FROM audit"), f->now);

	/* optional fields left out are null in the detail */
	id = add_ok(p, "asmith", "order gloves");
	assert_int_equal(id, 2);
	assert_audit(p, 2, "detail", "{\"assignee\":null,\"due\":null,"
				     "\"note\":null,\"title\":\"order gloves\"}");
	assert_audit(p, 2, "actor", "asmith");
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_task_get(p, 2, keep_task, &c, &e), 0);
	assert_string_equal(c.assignee[0], "(null)");
	assert_string_equal(c.note[0], "(null)");
	assert_int_equal(c.due[0], 0);

	/* the id pointer is optional */
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0);
	assert_int_equal(query_int(p, "SELECT count(*) FROM task"), 3);
	{
		mo_audit_report r;
		assert_int_equal(mo_audit_verify(mo_practice_db(p), &r, &e), 0);
		assert_int_equal(r.count, 3);
	}
}

static void test_get_list(void **state)
{
	mo_practice *p = P(state);
	mo_task_new in = {0};
	task_copy c = {0};
	mo_err e = {0};
	int64_t d1, d2;

	/* unknown ids */
	assert_int_equal(mo_task_get(p, 1, keep_task, &c, &e), MO_ENOTFOUND);
	assert_msg(e, "no task 1");
	assert_int_equal(mo_task_get(p, -3, keep_task, &c, &e), MO_ENOTFOUND);
	assert_int_equal(c.n, 0);
	assert_int_equal(mo_task_list(p, false, keep_task, &c, &e), 0);
	assert_int_equal(c.n, 0);

	assert_int_equal(mo_clock_parse_us("2026-12-01", &d1, &e), 0);
	assert_int_equal(mo_clock_parse_us("2026-11-25", &d2, &e), 0);
	add_ok(p, "jdoe", "undated"); /* 1 */
	in.title = "late";
	in.due_us = d1;
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0); /* 2 */
	in.title = "soon";
	in.due_us = d2;
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0); /* 3 */
	add_ok(p, "jdoe", "undated too"); /* 4 */
	in.title = "soon, done";
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0); /* 5 */
	assert_int_equal(mo_task_close(p, "jdoe", 5, "done", NULL, &e), 0);

	/* open ones in due order, undated last */
	assert_int_equal(mo_task_list(p, true, keep_task, &c, &e), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.title[0], "soon");
	assert_string_equal(c.title[1], "late");
	assert_string_equal(c.title[2], "undated");
	assert_string_equal(c.title[3], "undated too");
	/* all: open first, then closed */
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_task_list(p, false, keep_task, &c, &e), 0);
	assert_int_equal(c.n, 5);
	assert_string_equal(c.title[4], "soon, done");
	assert_string_equal(c.status[4], "done");
	/* a callback's non-zero return stops the walk and is returned */
	memset(&c, 0, sizeof c);
	c.stop_after = 2;
	assert_int_equal(mo_task_list(p, false, keep_task, &c, &e), 7);
	assert_int_equal(c.n, 2);
	memset(&c, 0, sizeof c);
	c.stop_after = 1;
	assert_int_equal(mo_task_get(p, 3, keep_task, &c, &e), 7);
	/* and the cached statement is usable afterwards */
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_task_get(p, 3, keep_task, &c, &e), 0);
	assert_string_equal(c.title[0], "soon");
}

/* ---- close ---- */

static void test_close(void **state)
{
	fixture *f = *state;
	mo_practice *p = f->p;
	mo_task_new in = {.title = "renew licence", .assignee = "asmith",
			  .note = "first note"};
	task_copy c = {0};
	mo_err e = {0};
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0); /* 1 */
	add_ok(p, "jdoe", "order gloves");                          /* 2 */

	assert_int_equal(mo_task_close(p, "asmith", 1, "done", "renewed", &e),
			 0);
	assert_int_equal(mo_task_get(p, 1, keep_task, &c, &e), 0);
	assert_string_equal(c.status[0], "done");
	assert_string_equal(c.closed_by[0], "asmith");
	assert_string_equal(c.note[0], "renewed");
	assert_int_equal(c.closed[0], f->now);
	assert_audit(p, 3, "action", "task.complete");
	assert_audit(p, 3, "actor", "asmith");
	assert_audit(p, 3, "record", "task:1");
	assert_audit(p, 3, "decision", "allowed (no rule applies)");
	assert_audit(p, 3, "detail",
		     "{\"assignee\":\"asmith\",\"created_by\":\"jdoe\",\"id\":1,"
		     "\"note\":\"renewed\",\"title\":\"renew licence\"}");

	/* cancelling without a note keeps the task's note (none here) */
	assert_int_equal(mo_task_close(p, "jdoe", 2, "cancelled", NULL, &e), 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_task_get(p, 2, keep_task, &c, &e), 0);
	assert_string_equal(c.status[0], "cancelled");
	assert_string_equal(c.note[0], "(null)");
	assert_audit(p, 4, "action", "task.cancel");
	assert_audit(p, 4, "detail", "{\"assignee\":null,\"created_by\":"
				     "\"jdoe\",\"id\":2,\"note\":null,"
				     "\"title\":\"order gloves\"}");

	/* a note given at creation survives a close without a note */
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0); /* 3 */
	assert_int_equal(mo_task_close(p, "jdoe", 3, "done", NULL, &e), 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_task_get(p, 3, keep_task, &c, &e), 0);
	assert_string_equal(c.note[0], "first note");
}

static void test_close_invalid(void **state)
{
	mo_practice *p = P(state);
	const char *statuses[] = {NULL, "", "open", "DONE", "done ",
				  "canceled"};
	hook h = {0};
	mo_err e = {0};
	pfx_snap before;
	add_ok(p, "jdoe", "open task");   /* 1 */
	add_ok(p, "jdoe", "closed task"); /* 2 */
	assert_int_equal(mo_task_close(p, "jdoe", 2, "done", NULL, &e), 0);
	before = pfx_snap_take(p, STATE);
	use_hook(p, &h);

	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		assert_int_equal(mo_task_close(p, "jdoe", 1, statuses[i], NULL,
					       &e), MO_EINVAL);
		assert_msg(e, "task status: expected \"done\" or "
			      "\"cancelled\"");
	}
	/* closing twice */
	assert_int_equal(mo_task_close(p, "jdoe", 2, "done", NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "task 2 is done already");
	assert_int_equal(mo_task_close(p, "jdoe", 2, "cancelled", "x", &e),
			 MO_EINVAL);
	/* unknown ids */
	assert_int_equal(mo_task_close(p, "jdoe", 99, "done", NULL, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no task 99");
	assert_int_equal(mo_task_close(p, "jdoe", 0, "done", NULL, &e),
			 MO_ENOTFOUND);
	/* bad actors */
	assert_int_equal(mo_task_close(p, "", 1, "done", NULL, &e), MO_EINVAL);
	assert_int_equal(mo_task_close(p, "a b", 1, "done", NULL, &e),
			 MO_EINVAL);
	assert_int_equal(mo_task_close(p, NULL, 1, "done", NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "acting staff member");
	assert_int_equal(h.calls, 0);
	pfx_snap_same(p, &before);
}

/* ---- hooks ---- */

static void test_hook_denies(void **state)
{
	mo_practice *p = P(state);
	hook h = {.verdict = MO_VERDICT_DENY,
		  .reason = "tasks are created on weekdays",
		  .rule = "'weekday tasks' (policies/tasks.lua:12)"};
	mo_task_new in = {.title = "call back"};
	mo_err e = {0};
	int64_t id = -2;
	pfx_snap before;
	add_ok(p, "jdoe", "before the policy"); /* 1, no hooks yet */
	before = pfx_snap_take(p, STATE);
	use_hook(p, &h);

	assert_int_equal(mo_task_add(p, "jdoe", &in, &id, &e), MO_EDENIED);
	assert_int_equal(e.code, MO_EDENIED);
	assert_int_equal(id, -2);
	assert_msg(e, "jdoe");
	assert_msg(e, "task.create");
	assert_msg(e, "tasks are created on weekdays");
	assert_msg(e, "'weekday tasks' (policies/tasks.lua:12)");
	assert_string_equal(e.msg, "jdoe may not task.create: tasks are "
			    "created on weekdays (rule 'weekday tasks' "
			    "(policies/tasks.lua:12))");
	assert_int_equal(h.calls, 1);
	assert_true(h.out_was_zero);
	pfx_snap_same(p, &before);

	/* closing is denied too, and the task stays open */
	assert_int_equal(mo_task_close(p, "asmith", 1, "done", "x", &e),
			 MO_EDENIED);
	assert_msg(e, "asmith may not task.complete");
	assert_int_equal(mo_task_close(p, "asmith", 1, "cancelled", "x", &e),
			 MO_EDENIED);
	assert_msg(e, "asmith may not task.cancel");
	pfx_snap_same(p, &before);

	/* a denial without reason or rule still says so */
	h.reason = NULL;
	h.rule = NULL;
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), MO_EDENIED);
	assert_string_equal(e.msg, "jdoe may not task.create: denied by "
			    "policy (rule unnamed)");
	pfx_snap_same(p, &before);

	/* removing the hooks allows again */
	mo_practice_set_hooks(p, NULL);
	add_ok(p, "jdoe", "after the policy");
	assert_int_equal(h.calls, 4);
}

static void test_hook_fails(void **state)
{
	mo_practice *p = P(state);
	hook h = {.rc = MO_ELUA, .msg = "policies/x.lua:3: attempt to index "
					"a nil value"};
	mo_task_new in = {.title = "call back"};
	mo_err e = {0};
	pfx_snap before;
	add_ok(p, "jdoe", "task one");
	before = pfx_snap_take(p, STATE);
	use_hook(p, &h);

	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), MO_ELUA);
	assert_int_equal(e.code, MO_ELUA);
	assert_msg(e, "policies/x.lua:3: attempt to index a nil value");
	pfx_snap_same(p, &before);
	assert_int_equal(mo_task_close(p, "jdoe", 1, "done", NULL, &e),
			 MO_ELUA);
	pfx_snap_same(p, &before);

	/* an interrupted rule */
	h.rc = MO_EINTR;
	h.msg = "interrupted";
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), MO_EINTR);
	assert_msg(e, "interrupted");
	pfx_snap_same(p, &before);
	/* an error code wins over a verdict the hook may have set */
	h.rc = MO_ENOMEM;
	h.verdict = MO_VERDICT_ALLOW;
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), MO_ENOMEM);
	pfx_snap_same(p, &before);
	assert_int_equal(h.calls, 4);
}

static void test_hook_allows_by_rule(void **state)
{
	mo_practice *p = P(state);
	hook h = {.verdict = MO_VERDICT_ALLOW, .reason = "front desk may",
		  .rule = "'front desk' (policies/jobs.lua:4)"};
	mo_task_new in = {.title = "call back"};
	mo_decision d;
	char buf[600];
	mo_err e = {0};
	use_hook(p, &h);
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0);
	assert_audit(p, 1, "decision", "allowed by rule 'front desk' "
				       "(policies/jobs.lua:4): front desk may");
	/* a rule with no reason */
	h.reason = NULL;
	assert_int_equal(mo_task_close(p, "jdoe", 1, "done", NULL, &e), 0);
	assert_audit(p, 2, "decision", "allowed by rule 'front desk' "
				       "(policies/jobs.lua:4)");
	/* no opinion */
	h.verdict = MO_VERDICT_NONE;
	h.rule = NULL;
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0);
	assert_audit(p, 3, "decision", "allowed (no rule applies)");

	/* asking without doing: nothing is written */
	h.verdict = MO_VERDICT_DENY;
	h.reason = "no";
	h.rule = "'r' (f:1)";
	assert_int_equal(mo_practice_decide(p, "jdoe", "task.create", NULL, 0,
					    &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(mo_decision_describe(&d, buf, sizeof buf),
			    "denied by rule 'r' (f:1): no");
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"), 3);
	/* without hooks every decision is "no rule applies" */
	mo_practice_set_hooks(p, NULL);
	memset(&d, 0x7f, sizeof d);
	assert_int_equal(mo_practice_decide(p, "jdoe", "task.create", NULL, 0,
					    &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
	assert_string_equal(mo_decision_describe(&d, buf, sizeof buf),
			    "allowed (no rule applies)");
	/* a hook table without a function is no hook */
	{
		mo_hooks empty = {&h, NULL, NULL, NULL, NULL};
		mo_practice_set_hooks(p, &empty);
		assert_int_equal(mo_practice_decide(p, "jdoe", "task.create",
						    NULL, 0, &d, &e), 0);
		assert_int_equal(d.verdict, MO_VERDICT_NONE);
	}
}

static void test_hook_facts(void **state)
{
	fixture *f = *state;
	mo_practice *p = f->p;
	hook h = {0};
	mo_task_new in = {.title = "call back", .assignee = "asmith",
			  .note = "urgent"};
	mo_err e = {0};
	int i;
	in.due_us = f->now + 3600000000LL;
	use_hook(p, &h);

	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), 0);
	assert_string_equal(h.actor, "jdoe");
	assert_string_equal(h.action, "task.create");
	assert_int_equal(h.nfacts, 4);
	assert_str_fact(&h, "title", "call back");
	assert_str_fact(&h, "assignee", "asmith");
	assert_str_fact(&h, "note", "urgent");
	i = fact_index(&h, "due");
	assert_int_equal(h.fact[i].type, MO_FACT_TIME);
	assert_int_equal(h.fact[i].i, in.due_us);

	/* missing optional values: NULL strings and a zero time */
	in = (mo_task_new){.title = "order gloves"};
	assert_int_equal(mo_task_add(p, "asmith", &in, NULL, &e), 0);
	assert_string_equal(h.actor, "asmith");
	assert_str_fact(&h, "assignee", NULL);
	assert_str_fact(&h, "note", NULL);
	assert_int_equal(h.fact[fact_index(&h, "due")].i, 0);

	/* closing: the task as it was, and the closing note */
	assert_int_equal(mo_task_close(p, "bkim", 1, "done", "called", &e), 0);
	assert_string_equal(h.actor, "bkim");
	assert_string_equal(h.action, "task.complete");
	assert_int_equal(h.nfacts, 5);
	i = fact_index(&h, "id");
	assert_int_equal(h.fact[i].type, MO_FACT_INT);
	assert_int_equal(h.fact[i].i, 1);
	assert_str_fact(&h, "title", "call back");
	assert_str_fact(&h, "assignee", "asmith");
	assert_str_fact(&h, "created_by", "jdoe");
	assert_str_fact(&h, "note", "called");

	assert_int_equal(mo_task_close(p, "bkim", 2, "cancelled", NULL, &e), 0);
	assert_string_equal(h.action, "task.cancel");
	assert_int_equal(h.fact[fact_index(&h, "id")].i, 2);
	assert_str_fact(&h, "assignee", NULL);
	assert_str_fact(&h, "created_by", "asmith");
	assert_str_fact(&h, "note", NULL);
	assert_int_equal(h.calls, 4);
}

/* ---- one operation, one transaction ---- */

static void test_audit_failure_rolls_back(void **state)
{
	mo_practice *p = P(state);
	mo_task_new in = {.title = "call back"};
	mo_err e = {0};
	pfx_snap before;
	add_ok(p, "jdoe", "task one");
	before = pfx_snap_take(p, STATE);
	/* a damaged audit head makes the audit append fail after the task
	 * row was inserted: the insert must be rolled back with it */
	assert_int_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(p)),
				      "UPDATE meta SET value = 'x' WHERE key = "
				      "'audit_head'", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(mo_task_add(p, "jdoe", &in, NULL, &e), MO_ECORRUPT);
	assert_msg(e, "audit head is damaged");
	pfx_snap_same(p, &before);
	assert_int_equal(mo_task_close(p, "jdoe", 1, "done", NULL, &e),
			 MO_ECORRUPT);
	pfx_snap_same(p, &before);
}

static void test_readonly_practice(void **state)
{
	fixture *f = *state;
	mo_practice *ro = NULL;
	mo_task_new in = {.title = "call back"};
	task_copy c = {0};
	mo_err e = {0};
	add_ok(f->p, "jdoe", "task one");
	assert_int_equal(mo_practice_open(f->dir, MO_PRACTICE_READONLY, &ro,
					  &e), 0);
	assert_int_equal(mo_task_get(ro, 1, keep_task, &c, &e), 0);
	assert_string_equal(c.title[0], "task one");
	assert_int_not_equal(mo_task_add(ro, "jdoe", &in, NULL, &e), 0);
	assert_int_not_equal(mo_task_close(ro, "jdoe", 1, "done", NULL, &e), 0);
	assert_int_equal(mo_db_tx_depth(mo_practice_db(ro)), 0);
	mo_practice_close(ro);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
					 "status = 'open'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit"), 1);
}

/* Regression (core/task.c, check_new): task.h promises titles of "1..200
 * characters" (and the schema's CHECK counts characters with length()),
 * but check_new() counts bytes with strlen(), so a 150-character title
 * with accented letters (300 bytes of UTF-8) is refused, with a message
 * saying "got 300" characters. Fixed by: count UTF-8 code points
 * (bytes that are not continuation bytes, (c & 0xC0) != 0x80) and refuse
 * invalid UTF-8 with its own message. Fixed; this test guards it. */
static void test_title_counts_characters(void **state)
{
	mo_practice *p = P(state);
	char title[301];
	mo_task_new in = {.title = title};
	mo_err e = {0};
	for (int i = 0; i < 150; i++)
		memcpy(title + 2 * i, "\xc3\xa9", 2); /* é */
	title[300] = '\0';
	if (mo_task_add(p, "jdoe", &in, NULL, &e) != 0)
		fail_msg("a 150-character title was refused: %s", e.msg);
	assert_int_equal(query_int(p, "SELECT length(title) FROM task"), 150);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_practice_open_errors),
		T(test_add_invalid),
		T(test_add_bad_actor),
		T(test_add_get),
		T(test_get_list),
		T(test_close),
		T(test_close_invalid),
		T(test_hook_denies),
		T(test_hook_fails),
		T(test_hook_allows_by_rule),
		T(test_hook_facts),
		T(test_audit_failure_rolls_back),
		T(test_readonly_practice),
		T(test_title_counts_characters),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
