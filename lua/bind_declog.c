/* bind_declog.c: Lua bindings of core/declog.h: the read-only
 * `decisions` table: decisions.get([id]) -> the decision log entry id (the
 * latest without id) as { id, at, actor, action, verdict, reason, rule,
 * policy_hash, inputs }, or nil, message; and explain([id]) -> the same
 * decision explained as text (what `medoffice explain` prints), or nil,
 * message. It uses Lua, engine.h, declog.h, explain.h and clock.h. */
#include <lauxlib.h>

#include "bind.h"
#include "clock.h"
#include "declog.h"
#include "engine.h"
#include "explain.h"

#include <stdlib.h>

static int push_entry(void *ud, const mo_declog_entry *d)
{
	lua_State *L = ud;
	char at[32];
	lua_createtable(L, 0, 9);
	lua_pushinteger(L, d->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "at", mo_clock_format_us(d->at_us, at));
	mo_bind_setstr(L, "actor", d->actor);
	mo_bind_setstr(L, "action", d->action);
	mo_bind_setstr(L, "verdict", d->verdict);
	mo_bind_setstr(L, "reason", d->reason);
	mo_bind_setstr(L, "rule", d->rule);
	mo_bind_setstr(L, "policy_hash", d->policy_hash);
	mo_bind_setstr(L, "inputs", d->inputs);
	return 0;
}

static int l_get(lua_State *L)
{
	mo_db *db = mo_practice_db(mo_engine_practice(mo_engine_from(L)));
	mo_err e;
	int rc = mo_declog_get(db, luaL_optinteger(L, 1, 0), push_entry, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

/* explain([id]): the text is written to a memory stream, then pushed. */
static int l_explain(lua_State *L)
{
	lua_Integer id = luaL_optinteger(L, 1, 0);
	char *text = NULL;
	size_t len = 0;
	mo_err e;
	FILE *f = open_memstream(&text, &len);
	int rc;
	if (!f)
		return luaL_error(L, "explain: out of memory");
	rc = mo_explain_write(f, mo_engine_from(L), id, &e);
	fclose(f);
	if (!rc)
		lua_pushlstring(L, text, len);
	free(text);
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
	lua_pushcfunction(L, l_explain);
	lua_setfield(L, -2, "explain");
}
