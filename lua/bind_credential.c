/* bind_credential.c: Lua bindings of core/credential.h as the
 * `credentials` table. Policies and reports get plain reads (the
 * operation that runs the rule or the report holds the audit entry):
 *   credentials.list{ within =, holder = } -> { row, ... }
 *   credentials.licensed(provider [, date]) -> true | false
 *   credentials.enrollment(provider, payer [, date]) -> status
 *   credentials.lead(kind [, notice_days]) -> days
 * Scripts, the shell and specs get the same, with list an audited read
 * (action credential.read, as the acting staff member). A row is
 * { holder, holder_name, kind, what, number, issuer, issued, expires,
 * lead, renew, status, path }; dates are "YYYY-MM-DD" (absent when not
 * recorded); within is a number of days (expired ones included); holder
 * a staff id or "practice". Bad arguments raise, naming the field. It
 * uses Lua, engine.h, credential.h and units.h. */
#include <lauxlib.h>

#include "bind.h"
#include "credential.h"
#include "engine.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	mo_practice *p = mo_engine_practice(mo_engine_from(L));
	if (!p)
		luaL_error(L, "credentials: no practice is open");
	return p;
}

static int append_row(void *ud, const mo_cred *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 12);
	mo_bind_setstr(L, "holder", r->holder);
	mo_bind_setstr(L, "holder_name", r->holder_name);
	mo_bind_setstr(L, "kind", r->kind);
	mo_bind_setstr(L, "what", r->what);
	mo_bind_setstr(L, "number", r->number);
	mo_bind_setstr(L, "issuer", r->issuer);
	mo_bind_setdate(L, "issued", r->issued);
	mo_bind_setdate(L, "expires", r->expires);
	mo_bind_setint(L, "lead", r->lead);
	mo_bind_setdate(L, "renew", r->renew);
	mo_bind_setstr(L, "status", r->status);
	mo_bind_setstr(L, "path", r->path);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* list{ within =, holder = } as actor (NULL: a plain read). */
static int list(lua_State *L, const char *actor)
{
	static const char *const fields[] = {"within", "holder", NULL};
	static const char fn[] = "credentials.list";
	mo_cred_filter f = {NULL, -1};
	mo_practice *p = practice_of(L);
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		f.within = (int)mo_bind_intfield(L, 1, "within", fn, false, -1,
						 0, 36500);
		f.holder = mo_bind_optfield(L, 1, "holder");
	}
	lua_newtable(L);
	if (mo_cred_list(p, actor, &f, append_row, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_list(lua_State *L)
{
	return list(L, NULL);
}

static int l_list_audited(lua_State *L)
{
	return list(L, mo_engine_actor(mo_engine_from(L)));
}

/* The date argument at idx ("YYYY-MM-DD"), default today. */
static int32_t day_arg(lua_State *L, int idx, mo_practice *p, const char *fn)
{
	int32_t day;
	mo_err e;
	if (lua_isnoneornil(L, idx))
		return mo_practice_today(p);
	if (mo_date_parse(luaL_checkstring(L, idx), &day, &e))
		luaL_error(L, "%s: date: %s", fn, e.msg);
	return day;
}

static int l_licensed(lua_State *L)
{
	const char *prov = luaL_checkstring(L, 1);
	mo_practice *p = practice_of(L);
	const mo_config *c = mo_practice_config(p);
	int32_t day = day_arg(L, 2, p, "credentials.licensed");
	if (!mo_config_provider(c, prov))
		return luaL_error(L, "credentials.licensed: provider: no "
				  "provider '%s'", prov);
	lua_pushboolean(L, mo_cred_licensed(c, prov, day));
	return 1;
}

static int l_enrollment(lua_State *L)
{
	const char *prov = luaL_checkstring(L, 1);
	const char *payer = luaL_checkstring(L, 2);
	mo_practice *p = practice_of(L);
	const mo_config *c = mo_practice_config(p);
	int32_t day = day_arg(L, 3, p, "credentials.enrollment");
	if (!mo_config_provider(c, prov))
		return luaL_error(L, "credentials.enrollment: provider: no "
				  "provider '%s'", prov);
	if (!mo_config_payer(c, payer))
		return luaL_error(L, "credentials.enrollment: payer: no payer "
				  "'%s'", payer);
	lua_pushstring(L, mo_cred_enrollment(c, prov, payer, day));
	return 1;
}

static int l_lead(lua_State *L)
{
	const char *kind = luaL_checkstring(L, 1);
	lua_Integer own = luaL_optinteger(L, 2, -1);
	if (own < -1 || own > MO_NOTICE_DAYS_MAX)
		return luaL_error(L, "credentials.lead: notice_days: expected "
				  "a number of days from 0 to %d",
				  MO_NOTICE_DAYS_MAX);
	lua_pushinteger(L, mo_cred_lead(mo_practice_config(practice_of(L)),
					kind, (int)own));
	return 1;
}

static const luaL_Reg READS[] = {
	{"list", l_list},
	{"licensed", l_licensed},
	{"enrollment", l_enrollment},
	{"lead", l_lead},
	{NULL, NULL},
};

void mo_bind_credential(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "credentials");
}

void mo_bind_credential_script(lua_State *L)
{
	static const luaL_Reg audited[] = {
		{"list", l_list_audited},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, audited, 0);
	lua_setfield(L, -2, "credentials");
}
