/* engine.c: the Lua host of one practice (see engine.h): state creation
 * with the memory cap and instruction budget, the protected-call wrapper,
 * loading of chunks and policies, the embedded host modules, and the
 * decision hook for the core. It uses Lua 5.4, sandbox.h, bind.h,
 * embed.h and core/practice.h. */
#include "engine.h"

#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "bind.h"
#include "embed.h"
#include "sandbox.h"
#include "sha.h"

#define HOOK_STEP 1000          /* instructions between count hooks */
#define MAX_FILE (16 << 20)     /* largest policy or script file */
#define MAX_DECIDING 8          /* decisions nested inside rules */

enum { ABORT_NONE, ABORT_INSTR, ABORT_MEMORY, ABORT_INTR };
enum { MAX_ACTIONS = 256 }; /* catalogue indexes the ruled[] map covers */

struct mo_engine {
	lua_State *L;
	mo_practice *p;
	char actor[65];
	int64_t max_instr, used_instr;
	size_t mem_limit, mem_used;
	volatile sig_atomic_t interrupted;
	int abort;      /* ABORT_*: set while an abort unwinds */
	int depth;      /* nesting of mo_engine_call */
	int deciding;   /* nesting of decisions (a rule calling decide) */
	int nrules;
	int napprovals;
	mo_job *jobs;    /* declared jobs; strings owned */
	size_t njobs;
	mo_org *org;
	mo_perm *perm;   /* the jobs' permissions, installed in p */
	mo_sha policy_sha; /* the policy set's hash, while loading */
	char where[160]; /* last place the count hook saw, for memory errors */
	unsigned char ruled[MAX_ACTIONS]; /* by catalogue index: has rules */
};

mo_engine *mo_engine_from(lua_State *L)
{
	return *(mo_engine **)lua_getextraspace(L);
}

lua_State *mo_engine_state(mo_engine *en)
{
	return en->L;
}

mo_practice *mo_engine_practice(mo_engine *en)
{
	return en->p;
}

const char *mo_engine_actor(const mo_engine *en)
{
	return en->actor;
}

int mo_engine_rule_count(mo_engine *en)
{
	return en->nrules;
}

int mo_engine_approvals_of(mo_engine *en, const char *job,
			   void (*cb)(void *ud, const char *kind,
				      const char *what),
			   void *ud, mo_err *e)
{
	lua_State *L = en->L;
	int rc = mo_engine_require(en, "approval", e);
	if (rc)
		return rc;
	lua_getfield(L, -1, "approves");
	lua_remove(L, -2);
	lua_pushstring(L, job);
	if ((rc = mo_engine_call(en, 1, 1, e)))
		return rc;
	for (lua_Integer i = 1; lua_rawgeti(L, -1, i) == LUA_TTABLE; i++) {
		lua_getfield(L, -1, "kind");
		lua_getfield(L, -2, "what");
		cb(ud, lua_tostring(L, -2), lua_tostring(L, -1));
		lua_pop(L, 3);
	}
	lua_pop(L, 2);
	return 0;
}

int mo_engine_approval_count(mo_engine *en)
{
	return en->napprovals;
}

const mo_job *mo_engine_jobs(const mo_engine *en, size_t *n)
{
	*n = en->njobs;
	return en->jobs;
}

const mo_perm *mo_engine_perm(const mo_engine *en)
{
	return en->perm;
}

const mo_org *mo_engine_org(const mo_engine *en)
{
	return en->org;
}

bool mo_sandbox_aborting(lua_State *L)
{
	return mo_engine_from(L)->abort != ABORT_NONE;
}

int mo_engine_set_actor(mo_engine *en, const char *actor, mo_err *e)
{
	size_t n = actor ? strlen(actor) : 0;
	if (n == 0 || n >= sizeof en->actor)
		return mo_err_set(e, MO_EINVAL, "staff id: expected 1 to %zu "
				  "characters", sizeof en->actor - 1);
	memcpy(en->actor, actor, n + 1);
	return 0;
}

/* The allocator: realloc with a cap on the bytes in use. */
static void *engine_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	mo_engine *en = ud;
	size_t old = ptr ? osize : 0;
	void *np;
	if (nsize == 0) {
		free(ptr);
		en->mem_used -= old;
		return NULL;
	}
	/* The cap holds inside protected calls, where the error is caught;
	 * the host's own stack work between calls is small and exempt. */
	if (en->depth > 0 && nsize > old &&
	    en->mem_used + (nsize - old) > en->mem_limit) {
		en->abort = ABORT_MEMORY;
		return NULL;
	}
	if (!(np = realloc(ptr, nsize)))
		return NULL;
	en->mem_used = en->mem_used - old + nsize;
	return np;
}

static void note_place(lua_State *L, lua_Debug *ar, mo_engine *en)
{
	if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
		snprintf(en->where, sizeof en->where, "%s:%d", ar->short_src,
			 ar->currentline);
}

/* The count hook: the instruction budget and Ctrl-C. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
	mo_engine *en = mo_engine_from(L);
	en->used_instr += HOOK_STEP;
	note_place(L, ar, en);
	if (en->interrupted) {
		en->abort = ABORT_INTR;
		luaL_error(L, "interrupted");
	}
	if (en->used_instr > en->max_instr) {
		en->abort = ABORT_INSTR;
		luaL_error(L, "%s%sinstruction limit of %I exceeded (set "
			   "limits.instructions in practice.yaml to change it)",
			   en->where, en->where[0] ? ": " : "",
			   (lua_Integer)en->max_instr);
	}
}

void mo_engine_interrupt(mo_engine *en)
{
	en->interrupted = 1;
	mo_db_interrupt(mo_practice_db(en->p));
}

void mo_engine_clear_interrupt(mo_engine *en)
{
	en->interrupted = 0;
}

void mo_engine_reset_budget(mo_engine *en)
{
	en->used_instr = 0;
	if (en->abort != ABORT_INTR)
		en->abort = ABORT_NONE;
}

/* Message handler: the message with a traceback (as lua.c's). Nested
 * calls (a rule run while a script calls the core) keep the bare message:
 * the outermost call adds the traceback. */
static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	if (msg && mo_engine_from(L)->depth > 1)
		return 1;
	if (msg == NULL) {
		if (luaL_callmeta(L, 1, "__tostring") &&
		    lua_type(L, -1) == LUA_TSTRING)
			return 1;
		msg = lua_pushfstring(L, "(error object is a %s value)",
				      luaL_typename(L, 1));
	}
	luaL_traceback(L, L, msg, 1);
	return 1;
}

/* Fills e from a failed call whose message is on top. */
static int call_error(mo_engine *en, int status, mo_err *e)
{
	const char *msg = lua_tostring(en->L, -1);
	if (en->abort == ABORT_MEMORY || status == LUA_ERRMEM)
		return mo_err_set(e, MO_ENOMEM, "memory limit of %zu KiB "
				  "exceeded%s%s (set limits.memory in "
				  "practice.yaml to change it)",
				  en->mem_limit / 1024, en->where[0] ? " near "
				  : "", en->where);
	if (en->abort == ABORT_INTR)
		return mo_err_set(e, MO_EINTR, "interrupted");
	return mo_err_set(e, MO_ELUA, "%s", msg ? msg : "unknown Lua error");
}

int mo_engine_call(mo_engine *en, int nargs, int nresults, mo_err *e)
{
	lua_State *L = en->L;
	int base = lua_gettop(L) - nargs, status, rc = 0;
	lua_pushcfunction(L, traceback);
	lua_insert(L, base);
	if (en->depth++ == 0) {
		en->used_instr = 0;
		en->abort = ABORT_NONE;
		en->where[0] = '\0';
	}
	status = lua_pcall(L, nargs, nresults, base);
	if (status != LUA_OK) {
		rc = call_error(en, status, e);
		lua_pop(L, 1);
	}
	lua_remove(L, base);
	if (--en->depth == 0)
		en->abort = ABORT_NONE;
	return rc;
}

typedef struct load_args {
	const char *text;
	size_t len;
	const char *chunkname;
	mo_env_kind kind;
} load_args;

/* Protected part of mo_engine_load: returns the function, or nil and the
 * syntax error. */
static int load_protected(lua_State *L)
{
	const load_args *a = lua_touserdata(L, 1);
	if (luaL_loadbufferx(L, a->text, a->len, a->chunkname, "t") != LUA_OK) {
		lua_pushnil(L);
		lua_insert(L, -2);
		return 2;
	}
	mo_sandbox_push_env(L, a->kind);
	lua_setupvalue(L, -2, 1);
	return 1;
}

int mo_engine_load(mo_engine *en, const char *text, size_t len,
		   const char *chunkname, mo_env_kind kind, mo_err *e)
{
	load_args a = {text, len, chunkname, kind};
	lua_State *L = en->L;
	int rc;
	lua_pushcfunction(L, load_protected);
	lua_pushlightuserdata(L, &a);
	if ((rc = mo_engine_call(en, 1, 2, e)))
		return rc;
	if (lua_isnil(L, -2)) {
		rc = mo_err_set(e, MO_ELUA, "%s", lua_tostring(L, -1));
		lua_pop(L, 2);
		return rc;
	}
	lua_pop(L, 1);
	return 0;
}

/* Reads a whole file; caller frees *buf. */
static int read_file(const char *path, char **buf, size_t *len, mo_err *e)
{
	FILE *f = fopen(path, "rb");
	int rc = 0;
	*buf = NULL;
	if (!f)
		return mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (!(*buf = malloc(MAX_FILE + 1))) {
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		goto out;
	}
	*len = fread(*buf, 1, MAX_FILE + 1, f);
	if (ferror(f))
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	else if (*len > MAX_FILE)
		rc = mo_err_set(e, MO_EINVAL, "%s: larger than %d MiB", path,
				MAX_FILE >> 20);
out:
	fclose(f);
	if (rc) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

/* mo_engine_load_file, adding the name and text to sha when not NULL
 * (the policy-set hash), so that each file is read once. */
static int load_file(mo_engine *en, const char *path, const char *shown,
		     mo_env_kind kind, mo_sha *sha, mo_err *e)
{
	char *buf, *name;
	size_t len = 0;
	int rc = read_file(path, &buf, &len, e);
	if (rc)
		return rc;
	if (sha) {
		mo_sha_add(sha, shown, strlen(shown) + 1);
		mo_sha_add(sha, buf, len);
	}
	if (!(name = mo_sprintf("@%s", shown))) {
		free(buf);
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	}
	rc = mo_engine_load(en, buf, len, name, kind, e);
	free(name);
	free(buf);
	return rc;
}

int mo_engine_load_file(mo_engine *en, const char *path, const char *shown,
			mo_env_kind kind, mo_err *e)
{
	return load_file(en, path, shown, kind, NULL, e);
}

static int push_module_protected(lua_State *L)
{
	const mo_embedded_file *f = lua_touserdata(L, 1);
	const char *name = lua_tostring(L, 2);
	char chunk[96];
	snprintf(chunk, sizeof chunk, "=[medoffice.%s]", name);
	/* Our own modules, compiled at build time by cmake/luac.c. */
	if (luaL_loadbufferx(L, f->data, f->len, chunk, "b") != LUA_OK)
		return lua_error(L);
	lua_call(L, 0, 1);
	lua_pushfstring(L, "mo.mod.%s", name);
	lua_pushvalue(L, -2);
	lua_settable(L, LUA_REGISTRYINDEX);
	return 1;
}

int mo_engine_require(mo_engine *en, const char *name, mo_err *e)
{
	char path[96];
	const mo_embedded_file *f;
	lua_State *L = en->L;
	if (lua_getfield(L, LUA_REGISTRYINDEX,
			 lua_pushfstring(L, "mo.mod.%s", name)) != LUA_TNIL) {
		lua_remove(L, -2);
		return 0;
	}
	lua_pop(L, 2);
	snprintf(path, sizeof path, "lua/medoffice/%s.luac", name);
	if (!(f = mo_embed_find(path)))
		return mo_err_set(e, MO_ENOTFOUND, "no module %s", path);
	lua_pushcfunction(L, push_module_protected);
	lua_pushlightuserdata(L, (void *)f);
	lua_pushstring(L, name);
	return mo_engine_call(en, 2, 1, e);
}

typedef struct decide_args {
	const char *actor, *action;
	const mo_fact *facts;
	size_t n;
} decide_args;

/* Pushes the facts as a table (times as Unix seconds, money as cents). */
static void push_facts(lua_State *L, const decide_args *a)
{
	lua_createtable(L, 0, (int)a->n + 1);
	for (size_t i = 0; i < a->n; i++) {
		const mo_fact *f = &a->facts[i];
		if (f->type == MO_FACT_STR && f->s)
			lua_pushstring(L, f->s);
		else if (f->type == MO_FACT_BOOL)
			lua_pushboolean(L, f->i != 0);
		else if (f->type == MO_FACT_TIME && f->i)
			lua_pushinteger(L, f->i / 1000000);
		else if (f->type == MO_FACT_INT || f->type == MO_FACT_MONEY)
			lua_pushinteger(L, f->i);
		else
			continue;
		lua_setfield(L, -2, f->key);
	}
	lua_pushstring(L, a->actor);
	lua_setfield(L, -2, "actor");
}

/* policy.decide(action, facts) -> verdict, reason, rule, where */
static int decide_protected(lua_State *L)
{
	const decide_args *a = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	lua_getfield(L, -1, "decide");
	lua_pushstring(L, a->action);
	push_facts(L, a);
	lua_call(L, 2, 5);
	return 5;
}

/* policy.score(action, facts) -> number | nil; without facts,
 * policy.has_rankers(action) -> true (as 0) | nil. */
static int score_protected(lua_State *L)
{
	const decide_args *a = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	if (!a->facts) {
		lua_getfield(L, -1, "has_rankers");
		lua_pushstring(L, a->action);
		lua_call(L, 1, 1);
		if (lua_toboolean(L, -1))
			lua_pushinteger(L, 0);
		else
			lua_pushnil(L);
		return 1;
	}
	lua_getfield(L, -1, "score");
	lua_pushstring(L, a->action);
	push_facts(L, a);
	lua_call(L, 2, 1);
	return 1;
}

static int engine_score(void *ud, const char *action, const mo_fact *facts,
			size_t n, double *score, mo_err *e)
{
	mo_engine *en = ud;
	decide_args a = {mo_engine_actor(en), action, facts, n};
	int rc;
	lua_pushcfunction(en->L, score_protected);
	lua_pushlightuserdata(en->L, &a);
	if ((rc = mo_engine_call(en, 1, 1, e)))
		return rc;
	rc = lua_isnil(en->L, -1) ? MO_ENOTFOUND : 0;
	*score = lua_tonumber(en->L, -1);
	lua_pop(en->L, 1);
	return rc;
}

static void copy_str(lua_State *L, int idx, char *dst, size_t size)
{
	const char *s = lua_tostring(L, idx);
	snprintf(dst, size, "%s", s ? s : "");
}

void mo_engine_note_rule(mo_engine *en, const char *action)
{
	const mo_action *a = mo_action_find(action);
	if (a && a - mo_actions < MAX_ACTIONS)
		en->ruled[a - mo_actions] = 1;
}

/* Whether a rule was declared for action (outside the map: maybe). */
static bool has_rules(const mo_engine *en, const char *action)
{
	const mo_action *a = mo_action_find(action);
	return !a || a - mo_actions >= MAX_ACTIONS || en->ruled[a - mo_actions];
}

static int engine_decide(void *ud, const char *actor, const char *action,
			 const mo_fact *facts, size_t n, mo_decision *out,
			 mo_err *e)
{
	mo_engine *en = ud;
	decide_args a = {actor, action, facts, n};
	const char *v;
	char name[96], where[128];
	int rc;
	if (!has_rules(en, action)) { /* no opinion, without entering Lua */
		out->verdict = MO_VERDICT_NONE;
		out->reason[0] = '\0';
		return 0;
	}
	if (en->deciding >= MAX_DECIDING)
		return mo_err_set(e, MO_ELUA, "rules for %s ask for decisions "
				  "%d deep: a rule calls decide() in a loop",
				  action, MAX_DECIDING);
	lua_pushcfunction(en->L, decide_protected);
	lua_pushlightuserdata(en->L, &a);
	en->deciding++;
	rc = mo_engine_call(en, 1, 5, e);
	en->deciding--;
	if (rc)
		return rc;
	v = lua_tostring(en->L, -5);
	out->verdict = !v ? MO_VERDICT_NONE
		: !strcmp(v, "deny") ? MO_VERDICT_DENY
		: !strcmp(v, "fix") ? MO_VERDICT_FIX : MO_VERDICT_ALLOW;
	copy_str(en->L, -4, out->reason, sizeof out->reason);
	copy_str(en->L, -3, name, sizeof name);
	copy_str(en->L, -2, where, sizeof where);
	copy_str(en->L, -1, out->fix, sizeof out->fix);
	if (v)
		snprintf(out->rule, sizeof out->rule, "'%s' (%s)", name, where);
	lua_pop(en->L, 5);
	return 0;
}

typedef struct wf_args {
	mo_wf_ask ask;
	const char *workflow, *state, *event;
	decide_args facts;
} wf_args;

/* workflow.initial/edge/guard(...) -> their answers (workflow.lua) */
static int workflow_protected(lua_State *L)
{
	static const char *const fn[] = {"initial", "edge", "guard"};
	const wf_args *a = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.workflow");
	lua_getfield(L, -1, fn[a->ask]);
	lua_pushstring(L, a->workflow);
	lua_pushstring(L, a->state);
	lua_pushstring(L, a->event);
	if (a->ask == MO_WF_GUARD)
		push_facts(L, &a->facts);
	lua_call(L, a->ask == MO_WF_GUARD ? 4 : 3, 4);
	return 4;
}

static int engine_workflow(void *ud, mo_wf_ask ask, const char *workflow,
			   const char *state, const char *event,
			   const mo_fact *facts, size_t n, mo_wf_answer *out,
			   mo_err *e)
{
	mo_engine *en = ud;
	wf_args a = {ask, workflow, state, event, {"", "", facts, n}};
	for (size_t i = 0; i < n; i++) /* the guard sees who acts */
		if (!strcmp(facts[i].key, "actor") && facts[i].s)
			a.facts.actor = facts[i].s;
	lua_State *L = en->L;
	int rc;
	lua_pushcfunction(L, workflow_protected);
	lua_pushlightuserdata(L, &a);
	if ((rc = mo_engine_call(en, 1, 4, e)))
		return rc;
	if (lua_isnil(L, -4)) {
		rc = mo_err_set(e, MO_ENOTFOUND, "%s", lua_tostring(L, -3));
	} else if (ask == MO_WF_GUARD) {
		const char *v = lua_tostring(L, -4);
		out->guard.verdict = v && !strcmp(v, "deny") ? MO_VERDICT_DENY
							     : MO_VERDICT_ALLOW;
		copy_str(L, -3, out->guard.reason, sizeof out->guard.reason);
		copy_str(L, -2, out->guard.rule, sizeof out->guard.rule);
	} else {
		copy_str(L, -4, out->state, sizeof out->state);
		copy_str(L, -3, out->action, sizeof out->action);
		out->final = lua_toboolean(L, -2);
		copy_str(L, -1, out->where, sizeof out->where);
	}
	lua_pop(L, 4);
	return rc;
}

typedef struct route_args {
	const char *kind, *requester;
	const mo_fact *facts;
	size_t n;
	const char *job;
} route_args;

/* approval.route(kind, facts) -> route | nil, message */
static int route_protected(lua_State *L)
{
	const route_args *a = lua_touserdata(L, 1);
	decide_args d = {a->requester, a->kind, a->facts, a->n};
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.approval");
	lua_getfield(L, -1, "route");
	lua_pushstring(L, a->kind);
	push_facts(L, &d);
	lua_pushstring(L, a->requester);
	lua_setfield(L, -2, "requester");
	if (a->job) {
		lua_pushstring(L, a->job);
		lua_setfield(L, -2, "requester_job");
	}
	lua_call(L, 2, 2);
	return 2;
}

/* Copies the list of job ids on top of the stack into s (and pops it). */
static int copy_step(lua_State *L, mo_route_step *s, mo_err *e)
{
	int n = lua_istable(L, -1) ? (int)lua_rawlen(L, -1) : 0;
	memset(s, 0, sizeof *s);
	if (n > MO_ROUTE_JOBS) {
		lua_pop(L, 1);
		return mo_err_set(e, MO_ELUA, "route: more than %d jobs in a step",
				  MO_ROUTE_JOBS);
	}
	for (int i = 1; i <= n; i++, lua_pop(L, 1)) {
		lua_rawgeti(L, -1, i);
		copy_str(L, -1, s->jobs[s->njobs++], MO_ROUTE_ID);
	}
	lua_pop(L, 1);
	return 0;
}

/* Copies the route table at t into out. */
static int copy_route(lua_State *L, int t, mo_route *out, mo_err *e)
{
	int rc = 0;
	lua_getfield(L, t, "needed");
	out->needed = lua_toboolean(L, -1);
	lua_getfield(L, t, "rule");
	copy_str(L, -1, out->rule, sizeof out->rule);
	lua_getfield(L, t, "reason");
	copy_str(L, -1, out->reason, sizeof out->reason);
	lua_getfield(L, t, "action");
	copy_str(L, -1, out->action, sizeof out->action);
	lua_getfield(L, t, "escalate_after");
	out->escalate_after = lua_tointeger(L, -1);
	lua_getfield(L, t, "expire_after");
	out->expire_after = lua_tointeger(L, -1);
	lua_pop(L, 6);
	lua_getfield(L, t, "steps");
	out->nsteps = lua_istable(L, -1) ? lua_rawlen(L, -1) : 0;
	if (out->nsteps > MO_ROUTE_STEPS)
		rc = mo_err_set(e, MO_ELUA, "route: more than %d steps",
				MO_ROUTE_STEPS);
	for (size_t i = 0; !rc && i < out->nsteps; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		rc = copy_step(L, &out->steps[i], e);
	}
	lua_pop(L, 1);
	if (rc)
		return rc;
	lua_getfield(L, t, "escalate_to");
	return copy_step(L, &out->escalate_to, e);
}

static int engine_route(void *ud, const char *kind, const char *requester,
			const mo_fact *facts, size_t n, mo_route *out,
			mo_err *e)
{
	mo_engine *en = ud;
	const mo_staff *s = mo_config_staff(mo_practice_config(en->p),
					    requester);
	route_args a = {kind, requester, facts, n, s ? s->job : NULL};
	int rc;
	lua_pushcfunction(en->L, route_protected);
	lua_pushlightuserdata(en->L, &a);
	if ((rc = mo_engine_call(en, 1, 2, e)))
		return rc;
	if (lua_istable(en->L, -2))
		rc = copy_route(en->L, lua_gettop(en->L) - 1, out, e);
	else
		rc = mo_err_set(e, MO_ENOTFOUND, "%s",
				lua_tostring(en->L, -1) ? lua_tostring(en->L, -1)
				: "no such approval");
	lua_pop(en->L, 2);
	return rc;
}

/* Runs the loaded chunk on top (its env stays on the stack) and records
 * its on_open function, if any, in the registry list mo.on_open. */
static int run_policy(mo_engine *en, mo_err *e)
{
	lua_State *L = en->L;
	int rc;
	lua_getupvalue(L, -1, 1);
	lua_insert(L, -2);
	if ((rc = mo_engine_call(en, 0, 0, e))) {
		lua_pop(L, 1);
		return rc;
	}
	lua_pushliteral(L, "on_open");
	if (lua_rawget(L, -2) == LUA_TFUNCTION) {
		lua_getfield(L, LUA_REGISTRYINDEX, "mo.on_open");
		lua_pushvalue(L, -2);
		lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	return 0;
}

static int load_policy(mo_engine *en, const mo_config *cfg, size_t i,
		       mo_err *e)
{
	char *path = mo_sprintf("%s/policies/%s", mo_practice_dir(en->p),
				cfg->policies[i]);
	char *shown = mo_sprintf("policies/%s", cfg->policies[i]);
	int rc = MO_ENOMEM;
	if (!path || !shown) {
		mo_err_set(e, rc, "out of memory");
		goto out;
	}
	rc = load_file(en, path, shown, MO_ENV_POLICY, &en->policy_sha, e);
	if (rc == MO_EIO)
		mo_err_prefix(e, "%s:%d: policies[%zu]: ", cfg->path,
			      cfg->policy_line[i], i);
	if (!rc)
		rc = run_policy(en, e);
out:
	free(path);
	free(shown);
	return rc;
}

/* Calls every recorded on_open(practice). */
static int call_on_open(mo_engine *en, mo_err *e)
{
	lua_State *L = en->L;
	int rc = 0;
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.on_open");
	for (lua_Integer i = 1; !rc && i <= (lua_Integer)lua_rawlen(L, -1);
	     i++) {
		lua_rawgeti(L, -1, i);
		lua_getfield(L, LUA_REGISTRYINDEX, "mo.base.policy");
		lua_pushliteral(L, "practice");
		lua_rawget(L, -2);
		lua_remove(L, -2);
		rc = mo_engine_call(en, 1, 0, e);
	}
	lua_pop(L, 1);
	return rc;
}

/* Asks the policy module how many rules were declared. */
/* Calls policy.NAME() with nresults; results stay on the stack. */
static int call_policy(mo_engine *en, const char *name, int nresults,
		       mo_err *e)
{
	int rc = mo_engine_require(en, "policy", e);
	if (rc)
		return rc;
	lua_getfield(en->L, -1, name);
	lua_remove(en->L, -2);
	return mo_engine_call(en, 0, nresults, e);
}

static int count_rules(mo_engine *en, mo_err *e)
{
	int rc = call_policy(en, "count", 1, e);
	if (rc)
		return rc;
	en->nrules = (int)lua_tointeger(en->L, -1);
	lua_pop(en->L, 1);
	return 0;
}

static void free_list(const char *const *v, size_t n)
{
	for (size_t k = 0; k < n; k++)
		free((char *)v[k]);
	free((char **)v);
}

/* Frees what copy_requires and copy_limits copied into j. */
static void free_terms(mo_job *j)
{
	for (size_t k = 0; k < j->nrequires; k++) {
		free((char *)j->requires[k].action);
		free_list(j->requires[k].kinds, j->requires[k].nkinds);
	}
	for (size_t k = 0; k < j->nlimits; k++)
		free((char *)j->limits[k].action);
	free((mo_job_require *)j->requires);
	free((mo_job_limit *)j->limits);
}

static void free_jobs(mo_engine *en)
{
	for (size_t i = 0; i < en->njobs; i++) {
		free((char *)en->jobs[i].id);
		free((char *)en->jobs[i].title);
		free((char *)en->jobs[i].level);
		free((char *)en->jobs[i].reports_to);
		free((char *)en->jobs[i].where);
		free_list(en->jobs[i].may, en->jobs[i].nmay);
		free_list(en->jobs[i].duties, en->jobs[i].nduties);
		free_terms(&en->jobs[i]);
	}
	free(en->jobs);
	en->jobs = NULL;
	en->njobs = 0;
}

static char *dup_field(lua_State *L, int idx, const char *k, bool *ok)
{
	char *s = NULL;
	if (lua_getfield(L, idx, k) == LUA_TSTRING && !(s = mo_strdup(
							  lua_tostring(L, -1))))
		*ok = false;
	lua_pop(L, 1);
	return s;
}

/* Copies the list of text at -1 into *out, *n. */
static bool copy_seq(lua_State *L, const char *const **out, size_t *n)
{
	size_t len = (size_t)lua_rawlen(L, -1);
	const char **v = calloc(len + 1, sizeof *v);
	if (!v)
		return false;
	*out = v;
	for (*n = 0; *n < len; ++*n) {
		lua_rawgeti(L, -1, (lua_Integer)*n + 1);
		v[*n] = mo_strdup(lua_tostring(L, -1));
		lua_pop(L, 1);
		if (!v[*n])
			break;
	}
	return *n == len;
}

/* Copies the list of text in field of the table at -1 into *out, *n. */
static bool copy_list(lua_State *L, const char *field,
		      const char *const **out, size_t *n)
{
	bool ok;
	lua_getfield(L, -1, field);
	ok = copy_seq(L, out, n);
	lua_pop(L, 1);
	return ok;
}

/* Pushes field of the table at -1 and returns the number of catalogue
 * actions it has an entry for (0 when it is not a table). */
static size_t push_terms(lua_State *L, const char *field)
{
	size_t n = 0;
	if (lua_getfield(L, -1, field) != LUA_TTABLE)
		return 0;
	for (const mo_action *a = mo_actions; a->name; a++) {
		n += lua_getfield(L, -1, a->name) == LUA_TTABLE;
		lua_pop(L, 1);
	}
	return n;
}

/* Copies the requires table on top ({ [action] = { kind, ... } }, n
 * entries), in catalogue order, into j. */
static bool copy_requires(lua_State *L, mo_job *j, size_t n)
{
	mo_job_require *v = calloc(n, sizeof *v);
	bool ok = v != NULL;
	j->requires = v;
	for (const mo_action *a = mo_actions; ok && a->name; a++) {
		if (lua_getfield(L, -1, a->name) == LUA_TTABLE) {
			mo_job_require *r = &v[j->nrequires++];
			ok = (r->action = mo_strdup(a->name)) &&
			     copy_seq(L, &r->kinds, &r->nkinds);
		}
		lua_pop(L, 1);
	}
	return ok;
}

/* Copies the limits table on top ({ [action] = { amount = cents } }, n
 * entries), in catalogue order, into j. */
static bool copy_limits(lua_State *L, mo_job *j, size_t n)
{
	mo_job_limit *v = calloc(n, sizeof *v);
	bool ok = v != NULL;
	j->limits = v;
	for (const mo_action *a = mo_actions; ok && a->name; a++) {
		if (lua_getfield(L, -1, a->name) == LUA_TTABLE) {
			mo_job_limit *l = &v[j->nlimits++];
			lua_getfield(L, -1, "amount");
			l->max_amount = (int64_t)lua_tointeger(L, -1);
			lua_pop(L, 1);
			ok = (l->action = mo_strdup(a->name)) != NULL;
		}
		lua_pop(L, 1);
	}
	return ok;
}

/* Copies the requires and limits of the job table at -1 into j. */
static bool copy_terms(lua_State *L, mo_job *j)
{
	size_t n = push_terms(L, "requires");
	bool ok = !n || copy_requires(L, j, n);
	lua_pop(L, 1);
	n = push_terms(L, "limits");
	ok = ok && (!n || copy_limits(L, j, n));
	lua_pop(L, 1);
	return ok;
}


/* Copies the jobs table on top (from policy.jobs()) into en->jobs. */
static int copy_jobs(mo_engine *en, mo_err *e)
{
	lua_State *L = en->L;
	size_t n = (size_t)lua_rawlen(L, -1);
	bool ok = true;
	if (n && !(en->jobs = calloc(n, sizeof *en->jobs)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++, en->njobs++) {
		mo_job *j = &en->jobs[i];
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		j->id = dup_field(L, -1, "id", &ok);
		j->title = dup_field(L, -1, "title", &ok);
		j->level = dup_field(L, -1, "level", &ok);
		j->reports_to = dup_field(L, -1, "reports_to", &ok);
		j->where = dup_field(L, -1, "where", &ok);
		ok = ok && copy_list(L, "may", &j->may, &j->nmay) &&
		     copy_list(L, "duties", &j->duties, &j->nduties) &&
		     copy_terms(L, j);
		lua_pop(L, 1);
	}
	return ok ? 0 : mo_err_set(e, MO_ENOMEM, "out of memory");
}

/* Compiles the jobs' permissions for the staff and installs them. */
static int build_perm(mo_engine *en, mo_err *e)
{
	const mo_config *c = mo_practice_config(en->p);
	const char *actions[256];
	mo_perm_staff *staff = calloc(c->nstaff + 1, sizeof *staff);
	size_t na = 0;
	int rc;
	if (!staff)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (const mo_action *a = mo_actions; a->name && na < 256; a++)
		actions[na++] = a->name;
	for (size_t i = 0; i < c->nstaff; i++)
		staff[i] = (mo_perm_staff){c->staff[i].id, c->staff[i].job,
					   c->staff[i].credentials,
					   c->staff[i].ncredentials};
	mo_perm_free(en->perm);
	en->perm = NULL;
	rc = mo_perm_build(actions, na, en->jobs, en->njobs, staff, c->nstaff,
			   &en->perm, e);
	free(staff);
	mo_practice_set_perm(en->p, en->perm);
	return rc;
}

/* Checks the declared jobs and builds the org chart of the staff. */
static int load_jobs(mo_engine *en, mo_err *e)
{
	int rc = call_policy(en, "finish", 0, e);
	if (rc || (rc = call_policy(en, "jobs", 1, e)))
		return rc;
	free_jobs(en);
	rc = copy_jobs(en, e);
	lua_pop(en->L, 1);
	if (!rc)
		rc = mo_org_build(mo_practice_config(en->p), en->jobs,
				  en->njobs, &en->org, e);
	if (!rc)
		rc = build_perm(en, e);
	return rc;
}

/* approval.finish(holders): checks the approvals' jobs against the jobs
 * and the staff, then gives the core the org chart for separation of
 * duties. */
static int finish_approvals_protected(lua_State *L)
{
	const mo_config *c = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.approval");
	lua_getfield(L, -1, "finish");
	lua_createtable(L, 0, (int)c->nstaff);
	for (size_t i = 0; i < c->nstaff; i++) {
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, c->staff[i].job);
	}
	lua_call(L, 1, 1);
	return 1;
}

static int finish_approvals(mo_engine *en, mo_err *e)
{
	int rc;
	lua_pushcfunction(en->L, finish_approvals_protected);
	lua_pushlightuserdata(en->L, (void *)mo_practice_config(en->p));
	if ((rc = mo_engine_call(en, 1, 1, e)))
		return rc;
	en->napprovals = (int)lua_tointeger(en->L, -1);
	lua_pop(en->L, 1);
	mo_practice_set_org(en->p, en->org);
	return 0;
}

int mo_engine_load_policies(mo_engine *en, mo_err *e)
{
	const mo_config *cfg = mo_practice_config(en->p);
	char hash[65];
	int rc = 0;
	mo_sha_init(&en->policy_sha);
	for (size_t i = 0; !rc && i < cfg->npolicies; i++)
		rc = load_policy(en, cfg, i, e);
	if (!rc) {
		mo_sha_hex(&en->policy_sha, hash);
		mo_practice_set_policy_hash(en->p, hash);
	}
	if (!rc)
		rc = count_rules(en, e);
	if (!rc)
		rc = load_jobs(en, e);
	if (!rc)
		rc = finish_approvals(en, e);
	if (!rc)
		rc = call_on_open(en, e);
	return rc;
}

/* Sets arg = {[0] = script, ...} in the chunk's env, pushes the args. */
static void push_args(lua_State *L, const char *path, int argc, char **argv)
{
	lua_getupvalue(L, -1, 1);
	lua_createtable(L, argc, 1);
	lua_pushstring(L, path);
	lua_rawseti(L, -2, 0);
	for (int i = 0; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i + 1);
	}
	lua_setfield(L, -2, "arg");
	lua_pop(L, 1);
	for (int i = 0; i < argc; i++)
		lua_pushstring(L, argv[i]);
}

int mo_engine_run_file(mo_engine *en, const char *path, int argc,
		       char **argv, mo_err *e)
{
	int rc = mo_engine_load_file(en, path, path, MO_ENV_SCRIPT, e);
	if (rc)
		return rc;
	push_args(en->L, path, argc, argv);
	return mo_engine_call(en, argc, 0, e);
}

/* The host opens only what the sandbox or the host modules use: no io,
 * no package (so no C modules), no coroutine. debug stays host-only. */
static int init_protected(lua_State *L)
{
	static const luaL_Reg libs[] = {
		{LUA_GNAME, luaopen_base},      {LUA_STRLIBNAME, luaopen_string},
		{LUA_TABLIBNAME, luaopen_table}, {LUA_MATHLIBNAME, luaopen_math},
		{LUA_UTF8LIBNAME, luaopen_utf8}, {LUA_OSLIBNAME, luaopen_os},
		{LUA_DBLIBNAME, luaopen_debug},  {NULL, NULL},
	};
	for (const luaL_Reg *l = libs; l->name; l++) {
		luaL_requiref(L, l->name, l->func, 1);
		lua_pop(L, 1);
	}
	lua_newtable(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.on_open");
	return 0;
}

static int panic(lua_State *L)
{
	fprintf(stderr, "medoffice: unprotected Lua error: %s\n",
		lua_tostring(L, -1));
	return 0;
}

static mo_engine *engine_alloc_new(mo_practice *p)
{
	const mo_config *cfg = mo_practice_config(p);
	mo_engine *en = calloc(1, sizeof *en);
	if (!en)
		return NULL;
	en->p = p;
	en->max_instr = cfg->lua_instructions;
	en->mem_limit = (size_t)cfg->lua_memory;
	strcpy(en->actor, "system");
	if (!(en->L = lua_newstate(engine_alloc, en))) {
		free(en);
		return NULL;
	}
	*(mo_engine **)lua_getextraspace(en->L) = en;
	lua_atpanic(en->L, panic);
	lua_sethook(en->L, count_hook, LUA_MASKCOUNT, HOOK_STEP);
	return en;
}

static int sandbox_protected(lua_State *L)
{
	mo_sandbox_init(L);
	return 0;
}

int mo_engine_new(mo_practice *p, mo_engine **out, mo_err *e)
{
	mo_engine *en = engine_alloc_new(p);
	int rc;
	*out = NULL;
	if (!en)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	lua_pushcfunction(en->L, init_protected);
	if ((rc = mo_engine_call(en, 0, 0, e)) ||
	    (rc = mo_engine_require(en, "policy", e)) ||
	    (rc = mo_engine_require(en, "approval", e)) ||
	    (rc = mo_engine_require(en, "workflow", e)))
		goto fail;
	lua_pushvalue(en->L, -3);
	lua_setfield(en->L, -2, "policy"); /* workflow.policy = policy */
	lua_pop(en->L, 1);
	lua_insert(en->L, -2);
	lua_setfield(en->L, -2, "policy"); /* approval.policy = policy */
	lua_pop(en->L, 1);
	if ((rc = mo_engine_require(en, "report", e)) ||
	    (rc = mo_engine_require(en, "policy", e)))
		goto fail;
	lua_setfield(en->L, -2, "policy"); /* report.policy = policy */
	mo_bind_report_module(en->L);      /* report.convert, report.exec */
	lua_pop(en->L, 1);
	lua_pushcfunction(en->L, sandbox_protected);
	if ((rc = mo_engine_call(en, 0, 0, e)))
		goto fail;
	mo_practice_set_hooks(p, &(mo_hooks){en, engine_decide, engine_route,
					       engine_score, engine_workflow});
	*out = en;
	return 0;
fail:
	mo_engine_free(en);
	return rc;
}

void mo_engine_free(mo_engine *en)
{
	if (!en)
		return;
	mo_practice_set_hooks(en->p, NULL);
	mo_practice_set_perm(en->p, NULL);
	mo_practice_set_org(en->p, NULL);
	lua_close(en->L);
	mo_perm_free(en->perm);
	mo_org_free(en->org);
	free_jobs(en);
	free(en);
}
