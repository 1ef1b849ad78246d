/* bind_approval.c: Lua bindings of core/approval.h as the `approvals`
 * table. Policies get the reads; scripts, the shell and specs also get
 * the changes, made as the engine's acting staff member (act_as):
 *   approvals.route(kind, facts) -> route | nil, message
 *   approvals.declared() -> { { kind =, title =, tiers =, ... }, ... }
 *   approvals.get(id) -> request (with .events) | nil, message
 *   approvals.list([status]) -> { request, ... }   ("open", "approved"...)
 *   approvals.inbox([staff]) -> { request, ... }   (default: the actor)
 *   approvals.request{ kind =, summary =, amount =, facts = {} } -> id
 *   approvals.approve(id [, reason]), approvals.deny(id, reason),
 *   approvals.withdraw(id [, reason]), approvals.sweep() -> n  (scripts)
 * It also gives the approval DSL (lua/medoffice/approval.lua) its C
 * helpers. Requests carry steps from 1, times as ISO text, amounts in
 * cents and their facts and route as tables. It uses Lua, jansson,
 * engine.h, approval.h and clock.h. */
#include <jansson.h>
#include <lauxlib.h>
#include <string.h>

#include "approval.h"
#include "bind.h"
#include "clock.h"
#include "engine.h"

enum { MAX_FACTS = 32 };

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

/* Pushes a JSON value as Lua (objects and arrays as tables). */
static void push_json(lua_State *L, json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	luaL_checkstack(L, 4, "JSON too deep");
	if (json_is_object(v)) {
		lua_createtable(L, 0, (int)json_object_size(v));
		json_object_foreach(v, k, x) {
			push_json(L, x);
			lua_setfield(L, -2, k);
		}
	} else if (json_is_array(v)) {
		lua_createtable(L, (int)json_array_size(v), 0);
		json_array_foreach(v, i, x) {
			push_json(L, x);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
	} else if (json_is_string(v)) {
		lua_pushstring(L, json_string_value(v));
	} else if (json_is_integer(v)) {
		lua_pushinteger(L, (lua_Integer)json_integer_value(v));
	} else if (json_is_boolean(v)) {
		lua_pushboolean(L, json_is_true(v));
	} else {
		lua_pushnil(L);
	}
}

static void set_json(lua_State *L, const char *key, const char *text)
{
	json_t *v = text ? json_loads(text, 0, NULL) : NULL;
	if (!v)
		return;
	push_json(L, v);
	json_decref(v);
	lua_setfield(L, -2, key);
}

static int push_request(void *ud, const mo_request *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 16);
	lua_pushinteger(L, r->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "kind", r->kind);
	mo_bind_setstr(L, "requester", r->requester);
	mo_bind_setstr(L, "status", r->status);
	mo_bind_setstr(L, "summary", r->summary);
	if (r->has_amount) {
		lua_pushinteger(L, r->amount);
		lua_setfield(L, -2, "amount");
	}
	set_json(L, "facts", r->facts);
	set_json(L, "route", r->route);
	lua_pushinteger(L, r->step + 1);
	lua_setfield(L, -2, "step");
	lua_pushinteger(L, r->nsteps);
	lua_setfield(L, -2, "steps");
	lua_pushinteger(L, r->decision);
	lua_setfield(L, -2, "decision");
	mo_bind_settime(L, "created", r->created_us);
	mo_bind_settime(L, "closed", r->closed_us);
	mo_bind_setstr(L, "result", r->result);
	mo_bind_setstr(L, "on_behalf_of", r->on_behalf_of);
	return 0;
}

static int push_event(void *ud, const mo_request_event *ev)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 6);
	mo_bind_settime(L, "at", ev->at_us);
	mo_bind_setstr(L, "actor", ev->actor);
	mo_bind_setstr(L, "event", ev->event);
	lua_pushinteger(L, ev->step + 1);
	lua_setfield(L, -2, "step");
	mo_bind_setstr(L, "on_behalf_of", ev->on_behalf_of);
	mo_bind_setstr(L, "reason", ev->reason);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* Keeps the request table on the stack and adds an events list. */
static int get_request(void *ud, const mo_request *r)
{
	lua_State *L = ud;
	push_request(L, r);
	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, -3, "events");
	return 0;
}

static int l_get(lua_State *L)
{
	mo_err e;
	int top = lua_gettop(L);
	int rc = mo_approval_get(practice_of(L), luaL_checkinteger(L, 1),
				 get_request, push_event, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	lua_pop(L, 1); /* the events list */
	return 1;
}

static int append(void *ud, const mo_request *r)
{
	lua_State *L = ud;
	push_request(L, r);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	const char *status = luaL_optstring(L, 1, NULL);
	mo_err e;
	int rc;
	lua_newtable(L);
	rc = mo_approval_list(practice_of(L), status, append, L, &e);
	return rc ? mo_bind_raise(L, &e) : 1;
}

static int l_inbox(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	const char *staff = luaL_optstring(L, 1, mo_engine_actor(en));
	mo_err e;
	int rc;
	lua_newtable(L);
	rc = mo_approval_inbox(mo_engine_practice(en), staff, append, L, &e);
	return rc ? mo_bind_raise(L, &e) : 1;
}

/* ---- facts from a Lua table ---- */

typedef struct facts {
	mo_fact v[MAX_FACTS];
	size_t n;
} facts;

static bool reserved(const char *k)
{
	static const char *const names[] = {"kind", "summary", "amount",
					    "requester", "requester_job",
					    "actor", NULL};
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], k) == 0)
			return true;
	return false;
}

/* One fact from the key and value on top of the stack. */
static void read_fact(lua_State *L, const char *k, mo_fact *x, const char *fn)
{
	*x = (mo_fact){k, MO_FACT_STR, NULL, 0};
	if (lua_type(L, -1) == LUA_TSTRING)
		x->s = lua_tostring(L, -1);
	else if (lua_isinteger(L, -1))
		*x = (mo_fact){k, MO_FACT_INT, NULL, lua_tointeger(L, -1)};
	else if (lua_isboolean(L, -1))
		*x = (mo_fact){k, MO_FACT_BOOL, NULL, lua_toboolean(L, -1)};
	else
		luaL_error(L, "%s: %s: expected text, an integer or a boolean, "
			   "got a %s", fn, k, luaL_typename(L, -1));
}

/* Reads the table at idx into f; the strings stay owned by the table. For
 * a route (requester non-NULL) the table may also hold amount (cents)
 * and requester. */
static void read_facts(lua_State *L, int idx, facts *f, const char *fn,
		       const char **requester)
{
	f->n = 0;
	if (lua_isnoneornil(L, idx))
		return;
	luaL_checktype(L, idx, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING
			? lua_tostring(L, -2) : NULL;
		if (requester && k && strcmp(k, "requester") == 0) {
			*requester = luaL_checkstring(L, -1);
		} else if (requester && k && strcmp(k, "amount") == 0 &&
			   f->n < MAX_FACTS) {
			if (!lua_isinteger(L, -1))
				luaL_error(L, "%s: amount: expected cents, e.g. "
					   "money \"75.00\"", fn);
			f->v[f->n++] = (mo_fact){"amount", MO_FACT_MONEY, NULL,
						 lua_tointeger(L, -1)};
		} else if (!k || reserved(k) || f->n == MAX_FACTS) {
			luaL_error(L, "%s: facts: expected at most %d named facts "
				   "other than kind, summary, amount and "
				   "requester; got %s", fn, MAX_FACTS,
				   k ? k : luaL_typename(L, -2));
		} else {
			read_fact(L, k, &f->v[f->n++], fn);
		}
		lua_pop(L, 1);
	}
}

/* ---- routing ---- */

static void push_step(lua_State *L, const mo_route_step *s)
{
	lua_createtable(L, (int)s->njobs, 0);
	for (size_t j = 0; j < s->njobs; j++) {
		lua_pushstring(L, s->jobs[j]);
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
}

static void push_route(lua_State *L, const mo_route *r)
{
	lua_createtable(L, 0, 8);
	lua_pushboolean(L, r->needed);
	lua_setfield(L, -2, "needed");
	mo_bind_setstr(L, "rule", r->rule);
	mo_bind_setstr(L, "reason", r->reason);
	if (r->action[0])
		mo_bind_setstr(L, "action", r->action);
	lua_createtable(L, (int)r->nsteps, 0);
	for (size_t i = 0; i < r->nsteps; i++) {
		push_step(L, &r->steps[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "steps");
	lua_pushinteger(L, r->escalate_after);
	lua_setfield(L, -2, "escalate_after");
	push_step(L, &r->escalate_to);
	lua_setfield(L, -2, "escalate_to");
	lua_pushinteger(L, r->expire_after);
	lua_setfield(L, -2, "expire_after");
}

/* route(kind, { amount =, requester =, ... }): the route the core would
 * take for such a request (the requester defaults to the actor). */
static int l_route(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	const char *kind = luaL_checkstring(L, 1);
	const char *requester = mo_engine_actor(en);
	facts f;
	mo_route r;
	mo_err e;
	int rc;
	read_facts(L, 2, &f, "approvals.route", &requester);
	rc = mo_practice_route(mo_engine_practice(en), kind, requester, f.v,
			       f.n, &r, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	push_route(L, &r);
	return 1;
}

static int l_declared(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.approval");
	lua_getfield(L, -1, "list");
	lua_call(L, 0, 1);
	return 1;
}

/* ---- changes (scripts) ---- */

static int l_request(lua_State *L)
{
	static const char *const fields[] = {"kind", "summary", "amount",
					     "facts", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_request_new in = {0};
	facts f;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.kind = mo_bind_optfield(L, 1, "kind");
	in.summary = mo_bind_optfield(L, 1, "summary");
	if (lua_getfield(L, 1, "amount") != LUA_TNIL) {
		if (!lua_isinteger(L, -1))
			return luaL_error(L, "approvals.request: amount: expected "
					  "cents, e.g. money \"75.00\"");
		in.has_amount = true;
		in.amount = lua_tointeger(L, -1);
	}
	lua_getfield(L, 1, "facts");
	read_facts(L, lua_gettop(L), &f, "approvals.request", NULL);
	in.facts = f.v;
	in.nfacts = f.n;
	if (mo_approval_request(mo_engine_practice(en), mo_engine_actor(en),
				&in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int decide(lua_State *L, bool yes)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	if (mo_approval_decide(mo_engine_practice(en), mo_engine_actor(en),
			       luaL_checkinteger(L, 1), yes,
			       luaL_optstring(L, 2, NULL), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_approve(lua_State *L)
{
	return decide(L, true);
}

static int l_deny(lua_State *L)
{
	return decide(L, false);
}

static int l_withdraw(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	if (mo_approval_withdraw(mo_engine_practice(en), mo_engine_actor(en),
				 luaL_checkinteger(L, 1),
				 luaL_optstring(L, 2, NULL), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_sweep(lua_State *L)
{
	size_t n;
	mo_err e;
	if (mo_approval_sweep(practice_of(L), &n, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, (lua_Integer)n);
	return 1;
}

/* ---- helpers of the DSL ---- */

static int l_can_guard(lua_State *L)
{
	lua_pushboolean(L, mo_approval_can_guard(luaL_checkstring(L, 1)));
	return 1;
}

static const luaL_Reg READS[] = {
	{"route", l_route},
	{"declared", l_declared},
	{"get", l_get},
	{"list", l_list},
	{"inbox", l_inbox},
	{NULL, NULL},
};

void mo_bind_approval(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "approvals");
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.approval");
	lua_pushcfunction(L, l_can_guard);
	lua_setfield(L, -2, "can_guard");
	lua_getfield(L, -2, "format_money"); /* from mo_bind_units */
	lua_setfield(L, -2, "format_money");
	lua_pop(L, 1);
}

void mo_bind_approval_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"request", l_request},
		{"approve", l_approve},
		{"deny", l_deny},
		{"withdraw", l_withdraw},
		{"sweep", l_sweep},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "approvals");
}
