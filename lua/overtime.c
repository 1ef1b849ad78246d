/* overtime.c: the overtime rules of the loaded policies as mo_tc_rules
 * (see overtime.h): the rule in force is resolved once by payroll.lua;
 * each workweek the core asks about is passed to payroll.split() as a
 * table { staff, employment, days = { { date, weekday, minutes } } } and
 * the checked splits are read back, all inside one protected call. It
 * uses engine.h, core/timecard.h and units.h. */
#include "overtime.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "units.h"

typedef struct split_args {
	const mo_overtime *ot;
	const mo_tc_week *week;
	mo_tc_split *out;
} split_args;

static void push_week(lua_State *L, const mo_tc_week *w)
{
	char d[11];
	lua_createtable(L, 0, 3);
	lua_pushstring(L, w->staff);
	lua_setfield(L, -2, "staff");
	lua_pushstring(L, w->employment ? w->employment : "former");
	lua_setfield(L, -2, "employment");
	lua_createtable(L, (int)w->ndays, 0);
	for (size_t i = 0; i < w->ndays; i++) {
		lua_createtable(L, 0, 3);
		lua_pushstring(L, mo_date_format(w->day[i], d));
		lua_setfield(L, -2, "date");
		lua_pushstring(L, mo_day_names[mo_weekday(w->day[i])]);
		lua_setfield(L, -2, "weekday");
		lua_pushinteger(L, w->minutes[i]);
		lua_setfield(L, -2, "minutes");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "days");
}

static int64_t field(lua_State *L, const char *k)
{
	lua_Integer v;
	lua_getfield(L, -1, k);
	v = lua_tointeger(L, -1); /* payroll.split checked them */
	lua_pop(L, 1);
	return v;
}

/* payroll.split(name, week) -> splits, read into a->out */
static int split_protected(lua_State *L)
{
	split_args *a = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.payroll");
	lua_getfield(L, -1, "split");
	lua_pushstring(L, a->ot->name);
	push_week(L, a->week);
	lua_call(L, 2, 1);
	for (size_t i = 0; i < a->week->ndays; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		a->out[i] = (mo_tc_split){field(L, "regular"),
					  field(L, "overtime"),
					  field(L, "double")};
		lua_pop(L, 1);
	}
	return 0;
}

static int split(void *ud, const mo_tc_week *week, mo_tc_split *out,
		 mo_err *e)
{
	mo_overtime *ot = ud;
	split_args a = {ot, week, out};
	lua_State *L = mo_engine_state(ot->en);
	lua_pushcfunction(L, split_protected);
	lua_pushlightuserdata(L, &a);
	return mo_engine_call(ot->en, 1, 0, e);
}

/* payroll.resolve(setting) -> name, shown | nil, why */
static int resolve_protected(lua_State *L)
{
	const char *setting = lua_tostring(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.payroll");
	lua_getfield(L, -1, "resolve");
	if (setting)
		lua_pushstring(L, setting);
	else
		lua_pushnil(L);
	lua_call(L, 1, 2);
	return 2;
}

int mo_overtime_rules(mo_engine *en, mo_overtime *out, mo_err *e)
{
	lua_State *L = mo_engine_state(en);
	mo_tc_settings s;
	int rc = mo_tc_settings_read(mo_practice_config(mo_engine_practice(en)),
				     &s, e);
	memset(out, 0, sizeof *out);
	out->en = en;
	if (rc)
		return rc;
	lua_pushcfunction(L, resolve_protected);
	if (s.overtime)
		lua_pushstring(L, s.overtime);
	else
		lua_pushnil(L);
	if ((rc = mo_engine_call(en, 1, 2, e))) {
		char *trace = e ? strstr(e->msg, "\nstack traceback:") : NULL;
		if (trace)
			*trace = '\0';
		if (e && rc == MO_ELUA)
			e->code = rc = MO_ECONFIG;
		return rc;
	}
	if (lua_isstring(L, -2)) {
		snprintf(out->name, sizeof out->name, "%s", lua_tostring(L, -2));
		snprintf(out->shown, sizeof out->shown, "%s",
			 lua_tostring(L, -1));
		out->rules = (mo_tc_rules){out, out->shown, split};
	}
	lua_pop(L, 2);
	return 0;
}
