/* bind_due.c: Lua binding of core/due.h: the `tasks` table of scripts
 * and the shell is callable:
 *   tasks([{ staff =, job =, all = true, through = "2026-12-31" }]) ->
 *       the one task list: { { source, what, staff, job, action, record,
 *       due = "2026-11-23" }, ... }, soonest first, for the acting staff
 *       member (staff = another person's; job = every holder's of a job;
 *       all = everyone's), due by through (default today)
 * It uses Lua, engine.h and due.h. */
#include <lauxlib.h>

#include "bind.h"
#include "due.h"
#include "engine.h"
#include "units.h"

typedef struct sink {
	lua_State *L;
	int list;
} sink;

static int push_item(void *ud, const mo_due_item *it)
{
	sink *k = ud;
	lua_State *L = k->L;
	char d[11];
	if (!lua_checkstack(L, 4))
		return MO_ENOMEM;
	lua_createtable(L, 0, 7);
	mo_bind_setstr(L, "source", it->source);
	mo_bind_setstr(L, "what", it->what);
	mo_bind_setstr(L, "staff", it->staff);
	mo_bind_setstr(L, "job", it->job);
	mo_bind_setstr(L, "action", it->action);
	mo_bind_setstr(L, "record", it->record);
	mo_bind_setstr(L, "due", mo_date_format(it->due, d));
	lua_rawseti(L, k->list, (lua_Integer)lua_rawlen(L, k->list) + 1);
	return 0;
}

/* tasks(...) through the table's __call: argument 1 is the table. */
static int l_due(lua_State *L)
{
	static const char *const fields[] = {"staff", "job", "all", "through",
					     NULL};
	mo_engine *en = mo_engine_from(L);
	mo_practice *p = mo_engine_practice(en);
	mo_due_for w = {mo_engine_actor(en), NULL};
	int32_t through = mo_practice_today(p);
	sink k = {L, 0};
	mo_err e;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		mo_bind_checkfields(L, 2, fields);
		if (mo_bind_optfield(L, 2, "staff"))
			w.staff = mo_bind_optfield(L, 2, "staff");
		if ((w.job = mo_bind_optfield(L, 2, "job")))
			w.staff = NULL;
		lua_getfield(L, 2, "all");
		if (lua_toboolean(L, -1))
			w.staff = w.job = NULL;
		lua_pop(L, 1);
		through = mo_bind_datefield(L, 2, "through", "tasks", false,
					    through);
	}
	lua_newtable(L);
	k.list = lua_gettop(L);
	if (mo_due_list_for(p, mo_engine_actor(en), &w, through, push_item, &k,
			    &e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_due_call(lua_State *L)
{
	lua_getfield(L, -1, "tasks");
	if (lua_getmetatable(L, -1)) {
		lua_pushcfunction(L, l_due);
		lua_setfield(L, -2, "__call");
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}
