/* bind_shift.c: Lua bindings of core/shift.h as the `shifts` table.
 * Policies get the list; scripts, the shell and specs also add shifts and
 * ask for the staffing gaps (which consult the rules, so a rule must not):
 *   shifts.list{ date =, location = } -> { { id, staff, location, date,
 *       start = "08:00", ["end"] = "17:00" }, ... }
 *   shifts.add{ staff =, location =, date =, start =, ["end"] = } -> id
 *   shifts.gaps{ from =, to =, location = } -> { { date, location, start,
 *       ["end"], providers, reason, rule }, ... }
 * Dates are "YYYY-MM-DD" and times "HH:MM", local to the practice. It uses
 * Lua, engine.h, shift.h and units.h. */
#include <lauxlib.h>
#include <stdio.h>

#include "bind.h"
#include "engine.h"
#include "shift.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static int push_shift(void *ud, const mo_shift *s)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 6);
	lua_pushinteger(L, s->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "staff", s->staff);
	mo_bind_setstr(L, "location", s->location);
	mo_bind_setstr(L, "date", mo_date_format(s->day, d));
	mo_bind_sethhmm(L, "start", s->start_sec);
	mo_bind_sethhmm(L, "end", s->end_sec);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"date", "location", NULL};
	int32_t day;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	day = mo_bind_datefield(L, 1, "date", "shifts.list", true, 0);
	lua_newtable(L);
	if (mo_shift_list(practice_of(L), day,
			  mo_bind_optfield(L, 1, "location"), push_shift, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"staff", "location", "date",
					     "start", "end", NULL};
	mo_engine *en = mo_engine_from(L);
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_shift_add(mo_engine_practice(en), mo_engine_actor(en),
			 mo_bind_optfield(L, 1, "staff"),
			 mo_bind_optfield(L, 1, "location"),
			 mo_bind_datefield(L, 1, "date", "shifts.add", true, 0),
			 mo_bind_timefield(L, 1, "start", "shifts.add"),
			 mo_bind_timefield(L, 1, "end", "shifts.add"), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int push_gap(void *ud, const mo_gap *g)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 7);
	mo_bind_setstr(L, "date", mo_date_format(g->day, d));
	mo_bind_setstr(L, "location", g->location);
	mo_bind_sethhmm(L, "start", g->start_sec);
	mo_bind_sethhmm(L, "end", g->end_sec);
	lua_pushinteger(L, g->providers);
	lua_setfield(L, -2, "providers");
	mo_bind_setstr(L, "reason", g->reason);
	mo_bind_setstr(L, "rule", g->rule);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_gaps(lua_State *L)
{
	static const char *const fields[] = {"from", "to", "location", NULL};
	int32_t from, to;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	from = mo_bind_datefield(L, 1, "from", "shifts.gaps", true, 0);
	to = mo_bind_datefield(L, 1, "to", "shifts.gaps", true, 0);
	lua_newtable(L);
	if (mo_shift_gaps(practice_of(L), mo_bind_optfield(L, 1, "location"),
			  from, to, push_gap, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static const luaL_Reg READS[] = {
	{"list", l_list},
	{NULL, NULL},
};

void mo_bind_shift(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "shifts");
}

void mo_bind_shift_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"add", l_add},
		{"gaps", l_gaps},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "shifts");
}
