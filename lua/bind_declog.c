/* bind_declog.c: Lua bindings of core/declog.h as the read-only
 * `decisions` table: decisions.get([id]) -> the decision log entry id (the
 * latest without id) as { id, at, actor, action, verdict, reason, rule,
 * policy_hash, inputs }, or nil, message. It uses Lua, engine.h, declog.h
 * and clock.h. */
#include <lauxlib.h>

#include "bind.h"
#include "clock.h"
#include "declog.h"
#include "engine.h"

static void set(lua_State *L, const char *k, const char *v)
{
	lua_pushstring(L, v);
	lua_setfield(L, -2, k);
}

static int push_entry(void *ud, const mo_declog_entry *d)
{
	lua_State *L = ud;
	char at[32];
	lua_createtable(L, 0, 9);
	lua_pushinteger(L, d->id);
	lua_setfield(L, -2, "id");
	set(L, "at", mo_clock_format_us(d->at_us, at));
	set(L, "actor", d->actor);
	set(L, "action", d->action);
	set(L, "verdict", d->verdict);
	set(L, "reason", d->reason);
	set(L, "rule", d->rule);
	set(L, "policy_hash", d->policy_hash);
	set(L, "inputs", d->inputs);
	return 0;
}

static int l_get(lua_State *L)
{
	mo_db *db = mo_practice_db(mo_engine_practice(mo_engine_from(L)));
	mo_err e;
	int rc = mo_declog_get(db, luaL_optinteger(L, 1, 0), push_entry, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

void mo_bind_declog(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"get", l_get},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "decisions");
}
