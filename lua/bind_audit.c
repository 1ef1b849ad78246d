/* bind_audit.c: Lua bindings of core/audit.h as the read-only `audit`
 * table:
 *   audit.list{ staff =, record =, since =, limit = } -> array of entries
 *   audit.verify() -> true, count, head | nil, message
 * Entries are { id, at, actor, action, record, decision, detail }. It
 * uses Lua, engine.h, audit.h and clock.h. */
#include <lauxlib.h>

#include "audit.h"
#include "bind.h"
#include "clock.h"
#include "engine.h"

static mo_db *db_of(lua_State *L)
{
	return mo_practice_db(mo_engine_practice(mo_engine_from(L)));
}

static int append_entry(void *ud, const mo_audit_entry *a)
{
	lua_State *L = ud;
	char buf[32];
	lua_createtable(L, 0, 7);
	lua_pushinteger(L, a->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "at", mo_clock_format_us(a->at_us, buf));
	mo_bind_setstr(L, "actor", a->actor);
	mo_bind_setstr(L, "action", a->action);
	mo_bind_setstr(L, "record", a->record);
	mo_bind_setstr(L, "decision", a->decision);
	mo_bind_setstr(L, "detail", a->detail);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static void read_filter(lua_State *L, mo_audit_filter *f)
{
	static const char *const fields[] = {"staff", "record", "since",
					     "limit", NULL};
	const char *since;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	f->actor = mo_bind_optfield(L, 1, "staff");
	f->record = mo_bind_optfield(L, 1, "record");
	since = mo_bind_optfield(L, 1, "since");
	if (since && mo_clock_parse_us(since, &f->since_us, &e))
		luaL_error(L, "audit.list: since: %s", e.msg);
	lua_getfield(L, 1, "limit");
	f->limit = luaL_optinteger(L, -1, 0);
	lua_pop(L, 1);
}

static int l_list(lua_State *L)
{
	mo_audit_filter f = {0};
	mo_err e;
	if (!lua_isnoneornil(L, 1))
		read_filter(L, &f);
	lua_newtable(L);
	if (mo_audit_list(db_of(L), &f, append_entry, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_verify(lua_State *L)
{
	mo_audit_report r;
	mo_err e;
	int rc = mo_audit_verify(db_of(L), &r, &e);
	if (rc == MO_ECORRUPT)
		return mo_bind_fail(L, &e);
	if (rc)
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	lua_pushinteger(L, r.count);
	lua_pushstring(L, r.head);
	return 3;
}

void mo_bind_audit(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"list", l_list},
		{"verify", l_verify},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "audit");
}
