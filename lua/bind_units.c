/* bind_units.c: Lua bindings of core/units.h: money "50.00" -> 5000
 * cents, format_money(5000) -> "50.00", duration "48h" -> seconds,
 * date "2026-12-24" -> days, format_date(days), today() -> "2026-11-23".
 * Bad text raises with what was expected. It
 * uses Lua, units.h and engine.h (today() is the practice's). */
#include <lauxlib.h>

#include "bind.h"
#include "engine.h"
#include "units.h"

static int l_money(lua_State *L)
{
	mo_err e;
	int64_t cents;
	if (lua_isinteger(L, 1))
		return luaL_error(L, "money: expected text such as \"50.00\" "
				  "(an integer would be ambiguous: cents or "
				  "dollars?)");
	if (mo_money_parse(luaL_checkstring(L, 1), &cents, &e))
		return luaL_error(L, "money: %s", e.msg);
	lua_pushinteger(L, cents);
	return 1;
}

static int l_format_money(lua_State *L)
{
	char buf[32];
	lua_pushstring(L, mo_money_format(luaL_checkinteger(L, 1), buf));
	return 1;
}

static int l_duration(lua_State *L)
{
	mo_err e;
	int64_t s;
	if (mo_duration_parse(luaL_checkstring(L, 1), &s, &e))
		return luaL_error(L, "duration: %s", e.msg);
	lua_pushinteger(L, s);
	return 1;
}

/* date "2026-12-24" -> days since 1970-01-01 (so that dates subtract) */
static int l_date(lua_State *L)
{
	int32_t days;
	mo_err e;
	if (mo_date_parse(luaL_checkstring(L, 1), &days, &e))
		return luaL_error(L, "date: %s", e.msg);
	lua_pushinteger(L, days);
	return 1;
}

/* format_date(days) -> "YYYY-MM-DD" */
static int l_format_date(lua_State *L)
{
	lua_Integer d = luaL_checkinteger(L, 1);
	char buf[16];
	luaL_argcheck(L, d >= -25567 && d < 376200, 1, "expected a day of the "
		      "years 1900 to 2999");
	lua_pushstring(L, mo_date_format((int32_t)d, buf));
	return 1;
}

/* today() -> "YYYY-MM-DD", today in the practice's time zone by the
 * medoffice clock (which MEDOFFICE_NOW can fix). */
static int l_today(lua_State *L)
{
	char buf[16];
	mo_practice *p = mo_engine_practice(mo_engine_from(L));
	lua_pushstring(L, mo_date_format(mo_practice_today(p), buf));
	return 1;
}

void mo_bind_units(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"today", l_today},
		{"money", l_money},
		{"format_money", l_format_money},
		{"duration", l_duration},
		{"date", l_date},
		{"format_date", l_format_date},
		{NULL, NULL},
	};
	luaL_setfuncs(L, funcs, 0);
}
