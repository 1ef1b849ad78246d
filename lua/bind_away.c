/* bind_away.c: Lua bindings of core/away.h as the `away` table. Policies
 * get the read; scripts, the shell and specs also get the changes, made
 * as the engine's acting staff member:
 *   away.list([{ from = "2026-12-01", to = "2026-12-31" }]) -> entries
 *       (default: today only) as { id, staff, first_day, last_day,
 *       delegate, reason, request, created_by }
 *   away.add{ staff =, first_day =, last_day =, delegate =, reason = }
 *       -> id                                              (scripts)
 *   away.cancel(id)                                        (scripts)
 * Days are dates as text ("2026-12-24"). It uses Lua, engine.h, away.h,
 * and units.h. */
#include <lauxlib.h>

#include "away.h"
#include "bind.h"
#include "engine.h"
#include "units.h"

static int push_away(void *ud, const mo_away *a)
{
	lua_State *L = ud;
	char buf[11];
	lua_createtable(L, 0, 8);
	lua_pushinteger(L, a->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "staff", a->staff);
	mo_bind_setstr(L, "first_day", mo_date_format(a->first_day, buf));
	mo_bind_setstr(L, "last_day", mo_date_format(a->last_day, buf));
	mo_bind_setstr(L, "delegate", a->delegate);
	mo_bind_setstr(L, "reason", a->reason);
	if (a->request) {
		lua_pushinteger(L, a->request);
		lua_setfield(L, -2, "request");
	}
	mo_bind_setstr(L, "created_by", a->created_by);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"from", "to", NULL};
	int32_t today = mo_practice_today(mo_engine_practice(mo_engine_from(L)));
	int32_t from = today, to = today;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		from = mo_bind_datefield(L, 1, "from", "away.list", false, today);
		to = mo_bind_datefield(L, 1, "to", "away.list", false, from);
	}
	lua_newtable(L);
	if (mo_away_list(mo_engine_practice(mo_engine_from(L)), from, to,
			 push_away, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"staff", "first_day", "last_day",
					     "delegate", "reason", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_away_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.staff = mo_bind_optfield(L, 1, "staff");
	in.first_day = mo_bind_datefield(L, 1, "first_day", "away.add", true, 0);
	in.last_day = mo_bind_datefield(L, 1, "last_day", "away.add", false,
				      in.first_day);
	in.delegate = mo_bind_optfield(L, 1, "delegate");
	in.reason = mo_bind_optfield(L, 1, "reason");
	if (mo_away_add(mo_engine_practice(en), mo_engine_actor(en), &in, &id,
			&e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_cancel(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	int rc = mo_away_cancel(mo_engine_practice(en), mo_engine_actor(en),
				luaL_checkinteger(L, 1), &e);
	return rc ? mo_bind_raise(L, &e) : 0;
}

static const luaL_Reg READS[] = {
	{"list", l_list},
	{NULL, NULL},
};

void mo_bind_away(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "away");
}

void mo_bind_away_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"add", l_add},
		{"cancel", l_cancel},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "away");
}
