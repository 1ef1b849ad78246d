/* bind_ical.c: Lua bindings of core/ical.h as the `calendar` table, for
 * scripts, the shell and specs (an export is an audited read of the book,
 * an import writes blocks):
 *   calendar.export{ provider = | location =, from =, to = } -> the
 *       iCalendar text (dates "YYYY-MM-DD"; from defaults to today, to
 *       to 30 days later)
 *   calendar.import(text, { provider =, name = }) -> { added, updated,
 *       unchanged }   (name: how errors name the text, default "calendar")
 * It uses Lua, engine.h, ical.h and units.h. */
#include <lauxlib.h>
#include <stdlib.h>

#include "bind.h"
#include "engine.h"
#include "ical.h"
#include "units.h"

static int32_t day_or(lua_State *L, const char *field, int32_t dflt)
{
	const char *s = mo_bind_optfield(L, 1, field);
	int32_t day;
	mo_err e;
	if (!s)
		return dflt;
	if (mo_date_parse(s, &day, &e))
		luaL_error(L, "calendar.export: %s: %s", field, e.msg);
	return day;
}

static int l_export(lua_State *L)
{
	static const char *const fields[] = {"provider", "location", "from",
					     "to", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_practice *p = mo_engine_practice(en);
	int32_t today, from, to;
	char *text = NULL;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	today = mo_practice_today(p);
	from = day_or(L, "from", today);
	to = day_or(L, "to", from + 30);
	if (mo_ical_export(p, mo_engine_actor(en),
			   mo_bind_optfield(L, 1, "provider"),
			   mo_bind_optfield(L, 1, "location"), from, to, &text,
			   &e))
		return mo_bind_raise(L, &e);
	lua_pushstring(L, text);
	free(text);
	return 1;
}

static int l_import(lua_State *L)
{
	static const char *const fields[] = {"provider", "name", NULL};
	mo_engine *en = mo_engine_from(L);
	size_t len, added, unchanged, updated;
	const char *text = luaL_checklstring(L, 1, &len), *name;
	mo_err e;
	luaL_checktype(L, 2, LUA_TTABLE);
	mo_bind_checkfields(L, 2, fields);
	name = mo_bind_optfield(L, 2, "name");
	if (mo_ical_import(mo_engine_practice(en), mo_engine_actor(en),
			   mo_bind_optfield(L, 2, "provider"), text, len,
			   name ? name : "calendar", &added, &unchanged,
			   &updated, &e))
		return mo_bind_raise(L, &e);
	lua_createtable(L, 0, 3);
	lua_pushinteger(L, (lua_Integer)added);
	lua_setfield(L, -2, "added");
	lua_pushinteger(L, (lua_Integer)updated);
	lua_setfield(L, -2, "updated");
	lua_pushinteger(L, (lua_Integer)unchanged);
	lua_setfield(L, -2, "unchanged");
	return 1;
}

void mo_bind_ical_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"export", l_export},
		{"import", l_import},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "calendar");
}
