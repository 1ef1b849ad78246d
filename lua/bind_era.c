/* bind_era.c: Lua bindings of core/era.h as the `era` table, for scripts,
 * the shell and specs:
 *   era.import(text, { payer =, name = }) -> { payments, claims, lines,
 *       denied, paid, contractual, patient, provider, first }   (amounts
 *       in cents; name: the file's name kept with the remittance, default
 *       "835"; payer: a payer id, default the one the 835 names)
 *   era.list() -> { { id, payer, trace, method, amount, paid, claims,
 *       file, created, created_by }, ... }   newest first
 *   era.claims(id) -> { { claim, patient, patient_name, status,
 *       payer_claim, charged, paid, patient_due, denied, adjustments,
 *       remarks }, ... }
 * It uses Lua, engine.h and era.h. */
#include <lauxlib.h>

#include "bind.h"
#include "engine.h"
#include "era.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

static int l_import(lua_State *L)
{
	static const char *const fields[] = {"payer", "name", NULL};
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len);
	const char *payer = NULL, *name = "835";
	mo_era_summary s;
	mo_err e;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		mo_bind_checkfields(L, 2, fields);
		payer = mo_bind_optfield(L, 2, "payer");
		if (mo_bind_optfield(L, 2, "name"))
			name = mo_bind_optfield(L, 2, "name");
	}
	if (mo_era_import(practice_of(L), actor_of(L), payer, name, text, len,
			  &s, &e))
		return mo_bind_raise(L, &e);
	lua_createtable(L, 0, 9);
	mo_bind_setint(L, "payments", s.payments);
	mo_bind_setint(L, "claims", s.claims);
	mo_bind_setint(L, "lines", s.lines);
	mo_bind_setint(L, "denied", s.denied);
	mo_bind_setint(L, "paid", s.paid);
	mo_bind_setint(L, "contractual", s.contractual);
	mo_bind_setint(L, "patient", s.patient);
	mo_bind_setint(L, "provider", s.provider);
	mo_bind_setint(L, "first", s.first);
	return 1;
}

static int push_era(void *ud, const mo_era *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setstr(L, "payer", r->payer);
	mo_bind_setstr(L, "trace", r->trace);
	mo_bind_setstr(L, "method", r->method);
	mo_bind_setint(L, "amount", r->amount);
	if (r->paid_day)
		mo_bind_setdate(L, "paid", r->paid_day);
	mo_bind_setint(L, "claims", r->claims);
	mo_bind_setstr(L, "file", r->file);
	mo_bind_settime(L, "created", r->created_us);
	mo_bind_setstr(L, "created_by", r->created_by);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	mo_err e;
	lua_newtable(L);
	if (mo_era_list(practice_of(L), actor_of(L), push_era, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_claim(void *ud, const mo_era_claim *c)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 11);
	mo_bind_setint(L, "claim", c->claim);
	mo_bind_setint(L, "patient", c->patient);
	mo_bind_setstr(L, "patient_name", c->patient_name);
	mo_bind_setstr(L, "status", c->status);
	mo_bind_setstr(L, "payer_claim", c->payer_claim);
	mo_bind_setint(L, "charged", c->charged);
	mo_bind_setint(L, "paid", c->paid);
	mo_bind_setint(L, "patient_due", c->patient_due);
	lua_pushboolean(L, c->denied);
	lua_setfield(L, -2, "denied");
	mo_bind_setstr(L, "adjustments", c->adjustments);
	mo_bind_setstr(L, "remarks", c->remarks);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_claims(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc;
	lua_newtable(L);
	if ((rc = mo_era_claims(practice_of(L), actor_of(L), id, push_claim, L,
				&e)))
		return mo_bind_result(L, rc, &e);
	return 1;
}

void mo_bind_era_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"import", l_import},
		{"list", l_list},
		{"claims", l_claims},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "era");
}
