/* bind_practice.c: Lua bindings of core/practice.h: decide(action, facts
 * [, actor]) asks the policies exactly as the core does before an
 * operation and returns { verdict = "allow"|"deny", reason =, rule = };
 * rules() lists the declared rules. It uses Lua, engine.h, action.h and
 * practice.h. */
#include <lauxlib.h>
#include <string.h>

#include "action.h"
#include "bind.h"
#include "engine.h"

#define MAX_FACTS 32

static void push_decision(lua_State *L, const mo_decision *d)
{
	lua_createtable(L, 0, 4);
	lua_pushstring(L, d->verdict == MO_VERDICT_DENY ? "deny"
			  : d->verdict == MO_VERDICT_FIX ? "fix" : "allow");
	lua_setfield(L, -2, "verdict");
	if (d->verdict == MO_VERDICT_FIX) {
		lua_pushstring(L, d->fix);
		lua_setfield(L, -2, "change");
	}
	lua_pushstring(L, d->reason);
	lua_setfield(L, -2, "reason");
	if (d->rule[0]) {
		lua_pushstring(L, d->rule);
		lua_setfield(L, -2, "rule");
	}
}

static int l_decide(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	const char *action = luaL_checkstring(L, 1);
	const char *actor = luaL_optstring(L, 3, mo_engine_actor(en));
	mo_fact facts[MAX_FACTS];
	mo_decision d;
	mo_err e;
	size_t n = 0;
	if (!mo_action_find(action))
		return luaL_error(L, "decide: unknown action '%s'", action);
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		n = mo_bind_facts(L, 2, facts, MAX_FACTS, "decide");
	}
	if (mo_practice_decide(mo_engine_practice(en), actor, action, facts, n,
			       &d, &e))
		return mo_bind_raise(L, &e);
	push_decision(L, &d);
	return 1;
}

static int l_rules(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	lua_getfield(L, -1, "list");
	lua_call(L, 0, 1);
	return 1;
}

void mo_bind_practice(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"decide", l_decide},
		{"rules", l_rules},
		{NULL, NULL},
	};
	luaL_setfuncs(L, funcs, 0);
}
