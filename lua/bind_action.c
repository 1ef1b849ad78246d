/* bind_action.c: Lua bindings of core/action.h: the `actions` table
 * ({ {name =, description =}, ... }), the check that the policy DSL
 * uses to refuse rules for unknown actions, and the note of which actions
 * have rules (engine.h). It uses Lua, action.h and engine.h. */
#include <lauxlib.h>

#include "action.h"
#include "bind.h"
#include "engine.h"
#include "units.h"

/* known(name) -> true | false, suggestion */
static int l_known(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	const char *hint;
	if (mo_action_find(name)) {
		lua_pushboolean(L, 1);
		return 1;
	}
	hint = mo_action_suggest(name);
	lua_pushboolean(L, 0);
	if (hint)
		lua_pushstring(L, hint);
	else
		lua_pushnil(L);
	return 2;
}

/* ruled(name): a rule was declared for name (mo_engine_note_rule) */
static int l_ruled(lua_State *L)
{
	mo_engine_note_rule(mo_engine_from(L), luaL_checkstring(L, 1));
	return 0;
}

/* suggest(word, list) -> the closest entry of list, or nil */
static int l_suggest(lua_State *L)
{
	enum { MAX = 256 };
	const char *word = luaL_checkstring(L, 1);
	const char *names[MAX + 1];
	size_t n = 0;
	luaL_checktype(L, 2, LUA_TTABLE);
	while (n < MAX) {
		int t = lua_rawgeti(L, 2, (lua_Integer)n + 1);
		if (t == LUA_TSTRING) /* the list keeps the string alive */
			names[n++] = lua_tostring(L, -1);
		lua_pop(L, 1);
		if (t != LUA_TSTRING)
			break;
	}
	names[n] = NULL;
	word = mo_suggest(word, names);
	lua_pushstring(L, word);
	return 1;
}

void mo_bind_action(lua_State *L)
{
	int i = 0;
	lua_newtable(L);
	for (const mo_action *a = mo_actions; a->name; a++) {
		lua_createtable(L, 0, 2);
		lua_pushstring(L, a->name);
		lua_setfield(L, -2, "name");
		lua_pushstring(L, a->description);
		lua_setfield(L, -2, "description");
		lua_rawseti(L, -2, ++i);
	}
	lua_setfield(L, -2, "actions");
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	lua_pushcfunction(L, l_known);
	lua_setfield(L, -2, "known");
	lua_pushcfunction(L, l_suggest);
	lua_setfield(L, -2, "suggest");
	lua_pushcfunction(L, l_ruled);
	lua_setfield(L, -2, "ruled");
	lua_pop(L, 1);
}
