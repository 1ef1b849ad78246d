/* bind_db.c: Lua bindings of core/db.h for scripts, the shell and specs
 * (not policies): transaction(fn, ...) runs fn inside one transaction
 * (nested calls are savepoints) that commits when fn returns and rolls
 * back when it raises, re-raising the error; db.version() is the schema
 * version. It uses Lua, engine.h and db.h. */
#include <lauxlib.h>

#include "bind.h"
#include "db.h"
#include "engine.h"

static mo_db *db_of(lua_State *L)
{
	return mo_practice_db(mo_engine_practice(mo_engine_from(L)));
}

static int l_transaction(lua_State *L)
{
	mo_db *db = db_of(L);
	mo_err e;
	int status;
	luaL_checktype(L, 1, LUA_TFUNCTION);
	if (mo_db_begin(db, &e))
		return mo_bind_raise(L, &e);
	status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
	if (status != LUA_OK) {
		mo_db_rollback(db);
		return lua_error(L);
	}
	if (mo_db_commit(db, &e)) {
		mo_db_rollback(db);
		return mo_bind_raise(L, &e);
	}
	return lua_gettop(L);
}

static int l_version(lua_State *L)
{
	lua_pushinteger(L, mo_db_schema_version(db_of(L)));
	return 1;
}

void mo_bind_db(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"version", l_version},
		{NULL, NULL},
	};
	lua_pushcfunction(L, l_transaction);
	lua_setfield(L, -2, "transaction");
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "db");
}
