/* bind_workflow.c: Lua bindings of core/workflow.h as the `workflows`
 * table, for scripts, the shell and specs:
 *   workflows.start{ workflow =, subject = } -> the run's id
 *   workflows.fire(id, event [, facts]) -> the new state | nil, reason
 *       (an event refused: no transition, a guard's no, a job's no)
 *   workflows.list{ workflow =, state = } -> { { id, workflow, subject,
 *       state, final, created, created_by, updated }, ... }
 *   workflows.history(id) -> { { at, actor, event, from, to, facts }, ... }
 *   workflows.declared() -> { { name, title, initial, states, where }, ... }
 * It uses Lua, engine.h and workflow.h. */
#include <lauxlib.h>

#include "bind.h"
#include "engine.h"
#include "workflow.h"

#define MAX_FACTS MO_WF_MAX_FACTS

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

static int l_start(lua_State *L)
{
	static const char *const fields[] = {"workflow", "subject", NULL};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_wf_start(practice_of(L), actor_of(L),
			mo_bind_optfield(L, 1, "workflow"),
			mo_bind_optfield(L, 1, "subject"), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_fire(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *event = luaL_checkstring(L, 2);
	mo_fact facts[MAX_FACTS];
	char state[MO_WF_ID];
	size_t n = 0;
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		n = mo_bind_facts(L, 3, facts, MAX_FACTS, "workflows.fire");
	}
	rc = mo_wf_fire(practice_of(L), actor_of(L), id, event, facts, n,
			state, &e);
	return mo_bind_step_result(L, rc, state, &e);
}

static int push_run(void *ud, const mo_wf_run *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 8);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setstr(L, "workflow", r->workflow);
	mo_bind_setstr(L, "subject", r->subject);
	mo_bind_setstr(L, "state", r->state);
	lua_pushboolean(L, r->final);
	lua_setfield(L, -2, "final");
	mo_bind_settime(L, "created", r->created_us);
	mo_bind_setstr(L, "created_by", r->created_by);
	mo_bind_settime(L, "updated", r->updated_us);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"workflow", "state", NULL};
	const char *workflow = NULL, *state = NULL;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		workflow = mo_bind_optfield(L, 1, "workflow");
		state = mo_bind_optfield(L, 1, "state");
	}
	lua_newtable(L);
	if (mo_wf_list(practice_of(L), actor_of(L), workflow, state, push_run,
		       L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_step(void *ud, const mo_wf_step *s)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 6);
	mo_bind_settime(L, "at", s->at_us);
	mo_bind_setstr(L, "actor", s->actor);
	mo_bind_setstr(L, "event", s->event);
	mo_bind_setstr(L, "from", s->from);
	mo_bind_setstr(L, "to", s->to);
	mo_bind_setstr(L, "facts", s->facts);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_history(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc;
	lua_newtable(L);
	if ((rc = mo_wf_history(practice_of(L), actor_of(L), id, push_step, L,
				&e)))
		return mo_bind_result(L, rc, &e);
	return 1;
}

static int l_declared(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.workflow");
	lua_getfield(L, -1, "list");
	lua_call(L, 0, 1);
	return 1;
}

void mo_bind_workflow_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"start", l_start},
		{"fire", l_fire},
		{"list", l_list},
		{"history", l_history},
		{"declared", l_declared},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "workflows");
}
