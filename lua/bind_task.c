/* bind_task.c: Lua bindings of core/task.h as the `tasks` table. Policies
 * get the reads (rules are pure: a rule that wrote would re-enter the
 * rules); scripts, the shell and specs also get the changes:
 *   tasks.get(id) -> task table | nil, message
 *   tasks.list([{ all = true }]) -> array of task tables
 *   tasks.add{ title =, assignee =, due =, note = } -> id      (scripts)
 *   tasks.done(id [, note]), tasks.cancel(id [, note])      (scripts)
 * due is a UTC instant ("2026-11-24T17:00:00Z"), a date ("2026-11-24",
 * midnight UTC) or Unix seconds; tasks carry times as ISO text. The acting
 * staff member is the engine's (act_as). It uses Lua, engine.h, task.h
 * and clock.h. */
#include <lauxlib.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "task.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static int64_t opt_due(lua_State *L, int idx)
{
	int64_t us = 0;
	mo_err e;
	int t = lua_getfield(L, idx, "due");
	if (lua_isinteger(L, -1))
		us = lua_tointeger(L, -1) * 1000000;
	else if (t == LUA_TSTRING &&
		 mo_clock_parse_us(lua_tostring(L, -1), &us, &e))
		luaL_error(L, "tasks.add: due: %s", e.msg);
	else if (t != LUA_TNIL && t != LUA_TSTRING)
		luaL_error(L, "tasks.add: due: expected a date, an ISO instant "
			   "or Unix seconds, got a %s", lua_typename(L, t));
	lua_pop(L, 1);
	return us;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"title", "assignee", "due",
					     "note", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_task_new in;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.title = mo_bind_optfield(L, 1, "title");
	in.assignee = mo_bind_optfield(L, 1, "assignee");
	in.note = mo_bind_optfield(L, 1, "note");
	in.due_us = opt_due(L, 1);
	if (mo_task_add(mo_engine_practice(en), mo_engine_actor(en), &in, &id,
			&e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int close_task(lua_State *L, const char *status)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *note = luaL_optstring(L, 2, NULL);
	mo_err e;
	int rc = mo_task_close(mo_engine_practice(en), mo_engine_actor(en), id,
			       status, note, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_done(lua_State *L)
{
	return close_task(L, "done");
}

static int l_cancel(lua_State *L)
{
	return close_task(L, "cancelled");
}

static void set_time(lua_State *L, const char *k, int64_t us)
{
	char buf[32];
	if (us)
		mo_bind_setstr(L, k, mo_clock_format_us(us, buf));
}

static int push_task(void *ud, const mo_task *t)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	lua_pushinteger(L, t->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "title", t->title);
	mo_bind_setstr(L, "assignee", t->assignee);
	mo_bind_setstr(L, "status", t->status);
	mo_bind_setstr(L, "created_by", t->created_by);
	mo_bind_setstr(L, "closed_by", t->closed_by);
	mo_bind_setstr(L, "note", t->note);
	set_time(L, "due", t->due_us);
	set_time(L, "created", t->created_us);
	set_time(L, "closed", t->closed_us);
	return 0;
}

static int l_get(lua_State *L)
{
	mo_err e;
	int rc = mo_task_get(practice_of(L), luaL_checkinteger(L, 1),
			     push_task, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int append_task(void *ud, const mo_task *t)
{
	lua_State *L = ud;
	push_task(L, t);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	bool all = false;
	mo_err e;
	if (lua_istable(L, 1)) {
		lua_getfield(L, 1, "all");
		all = lua_toboolean(L, -1);
	}
	lua_newtable(L);
	if (mo_task_list(practice_of(L), !all, append_task, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static const luaL_Reg READS[] = {
	{"get", l_get},
	{"list", l_list},
	{NULL, NULL},
};

void mo_bind_task(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "tasks");
}

void mo_bind_task_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"add", l_add},
		{"done", l_done},
		{"cancel", l_cancel},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "tasks");
}
