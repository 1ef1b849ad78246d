/* bind_recall.c: Lua bindings of core/recall.h as the `recalls` table,
 * for scripts, the shell and specs (the list is an audited read):
 *   recalls.add{ patient =, provider =, due = "2027-02-15", reason = } -> id
 *   recalls.close(id, "booked" | "closed") -> true | nil, message
 *   recalls.due([date]) -> { { id, patient, provider, due, reason,
 *       patient_name, phone }, ... }   (default: due by today)
 * It uses Lua, engine.h, recall.h and units.h. */
#include <lauxlib.h>

#include "bind.h"
#include "engine.h"
#include "recall.h"
#include "units.h"

static int32_t parse_day(lua_State *L, const char *s, const char *fn)
{
	int32_t day;
	mo_err e;
	if (!s)
		luaL_error(L, "%s: a date such as 2027-02-15 is required", fn);
	if (mo_date_parse(s, &day, &e))
		luaL_error(L, "%s: %s", fn, e.msg);
	return day;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"patient", "provider", "due",
					     "reason", NULL};
	mo_engine *en = mo_engine_from(L);
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	lua_getfield(L, 1, "patient");
	if (mo_recall_add(mo_engine_practice(en), mo_engine_actor(en),
			  luaL_checkinteger(L, -1),
			  mo_bind_optfield(L, 1, "provider"),
			  parse_day(L, mo_bind_optfield(L, 1, "due"),
				    "recalls.add"),
			  mo_bind_optfield(L, 1, "reason"), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_close(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	int rc = mo_recall_close(mo_engine_practice(en), mo_engine_actor(en),
				 luaL_checkinteger(L, 1), luaL_checkstring(L, 2),
				 &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int push_recall(void *ud, const mo_recall *r)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 7);
	lua_pushinteger(L, r->id);
	lua_setfield(L, -2, "id");
	lua_pushinteger(L, r->patient);
	lua_setfield(L, -2, "patient");
	mo_bind_setstr(L, "provider", r->provider);
	mo_bind_setstr(L, "due", mo_date_format(r->due_day, d));
	mo_bind_setstr(L, "reason", r->reason);
	mo_bind_setstr(L, "patient_name", r->patient_name);
	mo_bind_setstr(L, "phone", r->phone);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_due(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	int32_t day;
	mo_err e;
	if (!lua_isnoneornil(L, 1))
		day = parse_day(L, luaL_checkstring(L, 1), "recalls.due");
	else
		day = mo_practice_today(mo_engine_practice(en));
	lua_newtable(L);
	if (mo_recall_due(mo_engine_practice(en), mo_engine_actor(en), day,
			  push_recall, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_recall_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"add", l_add},
		{"close", l_close},
		{"due", l_due},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "recalls");
}
