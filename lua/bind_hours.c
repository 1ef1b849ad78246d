/* bind_hours.c: Lua bindings of core/hours.h as the `hours` table.
 * Policies get the list; scripts, the shell and specs also add and cancel:
 *   hours.list{ date =, provider = } -> { { id, provider, location, date,
 *       start = "09:00", ["end"] = "12:00", visit_types = {...} }, ... }
 *   hours.add{ provider =, location =, date =, start =, ["end"] =,
 *              visit_types = { ... } } -> id                  (scripts)
 *   hours.cancel(id)                                           (scripts)
 * Dates and times are local to the practice. It uses Lua, engine.h,
 * hours.h and units.h. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "hours.h"
#include "units.h"

static void push_types(lua_State *L, const char *s)
{
	int i = 0;
	lua_newtable(L);
	while (s && *s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		lua_pushlstring(L, s, len);
		lua_rawseti(L, -2, ++i);
		s += len + (end != NULL);
	}
}

static int push_hours(void *ud, const mo_hours *h)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 7);
	lua_pushinteger(L, h->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "provider", h->provider);
	mo_bind_setstr(L, "location", h->location);
	mo_bind_setstr(L, "date", mo_date_format(h->day, d));
	mo_bind_sethhmm(L, "start", h->start_sec);
	mo_bind_sethhmm(L, "end", h->end_sec);
	push_types(L, h->visit_types);
	lua_setfield(L, -2, "visit_types");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"date", "provider", NULL};
	int32_t day;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	day = mo_bind_datefield(L, 1, "date", "hours.list", true, 0);
	lua_newtable(L);
	if (mo_hours_on(mo_engine_practice(mo_engine_from(L)), day,
			mo_bind_optfield(L, 1, "provider"), push_hours, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"provider", "location", "date",
		"start", "end", "visit_types", NULL};
	const char *types[MO_HOURS_MAX_TYPES + 1];
	mo_engine *en = mo_engine_from(L);
	mo_hours_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.provider = mo_bind_optfield(L, 1, "provider");
	in.location = mo_bind_optfield(L, 1, "location");
	in.day = mo_bind_datefield(L, 1, "date", "hours.add", true, 0);
	in.start_sec = mo_bind_timefield(L, 1, "start", "hours.add");
	in.end_sec = mo_bind_timefield(L, 1, "end", "hours.add");
	if (lua_getfield(L, 1, "visit_types") == LUA_TTABLE) {
		size_t n = lua_rawlen(L, -1);
		if (n > MO_HOURS_MAX_TYPES)
			return luaL_error(L, "hours.add: at most %d visit types",
					  MO_HOURS_MAX_TYPES);
		for (size_t i = 0; i < n; i++) {
			lua_rawgeti(L, -1, (lua_Integer)i + 1);
			types[i] = luaL_checkstring(L, -1); /* kept by the table */
			lua_pop(L, 1);
		}
		in.visit_types = types;
		in.nvisit_types = n;
	}
	if (mo_hours_add(mo_engine_practice(en), mo_engine_actor(en), &in, &id,
			 &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_cancel(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	int rc = mo_hours_cancel(mo_engine_practice(en), mo_engine_actor(en),
				 luaL_checkinteger(L, 1), &e);
	return rc ? mo_bind_result(L, rc, &e) : (lua_pushboolean(L, 1), 1);
}

static const luaL_Reg READS[] = {
	{"list", l_list},
	{NULL, NULL},
};

void mo_bind_hours(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "hours");
}

void mo_bind_hours_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"add", l_add},
		{"cancel", l_cancel},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "hours");
}
