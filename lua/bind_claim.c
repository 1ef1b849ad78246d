/* bind_claim.c: Lua bindings of core/claim.h as the `claims` table, for
 * scripts, the shell and specs:
 *   claims.create([{ through = "2026-11-30" }]) -> { created, ready, held }
 *   claims.recheck(id) -> true (ready) | false, reason (still held) |
 *       nil, message (no such claim)
 *   claims.list{ status =, payer = } -> { { id, encounter, patient,
 *       patient_name, payer, status, reason, total, date, batch }, ... }
 *   claims.history(id) -> { { at, actor, status, note }, ... }
 *   claims.export{ payer =, usage = "T" | "P" } -> 837P text, batch id,
 *       number of claims
 *   claims.replace(id), claims.void(id) -> the new claim's id | nil,
 *       message
 * It uses Lua, engine.h, claim.h and units.h. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "claim.h"
#include "engine.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

static int l_create(lua_State *L)
{
	static const char *const fields[] = {"through", NULL};
	mo_practice *p = practice_of(L);
	int32_t through = mo_practice_today(p);
	mo_claim_counts n;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		through = mo_bind_datefield(L, 1, "through", "claims.create",
					    false, through);
	}
	if (mo_claim_create(p, actor_of(L), through, &n, &e))
		return mo_bind_raise(L, &e);
	lua_createtable(L, 0, 3);
	mo_bind_setint(L, "created", n.created);
	mo_bind_setint(L, "ready", n.ready);
	mo_bind_setint(L, "held", n.held);
	return 1;
}

static int l_recheck(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	char reason[600] = "";
	bool ready = false;
	mo_err e;
	int rc = mo_claim_recheck(practice_of(L), actor_of(L), id, &ready,
				  reason, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, ready);
	if (ready)
		return 1;
	lua_pushstring(L, reason);
	return 2;
}

static int push_claim(void *ud, const mo_claim *c)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_setint(L, "id", c->id);
	mo_bind_setint(L, "encounter", c->encounter);
	mo_bind_setint(L, "patient", c->patient);
	mo_bind_setstr(L, "patient_name", c->patient_name);
	mo_bind_setstr(L, "payer", c->payer);
	mo_bind_setstr(L, "status", c->status);
	mo_bind_setstr(L, "reason", c->reason);
	mo_bind_setint(L, "total", c->total);
	mo_bind_setdate(L, "date", c->day);
	if (c->batch)
		mo_bind_setint(L, "batch", c->batch);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"status", "payer", NULL};
	const char *status = NULL, *payer = NULL;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		status = mo_bind_optfield(L, 1, "status");
		payer = mo_bind_optfield(L, 1, "payer");
	}
	lua_newtable(L);
	if (mo_claim_list(practice_of(L), actor_of(L), status, payer,
			  push_claim, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_event(void *ud, const mo_claim_history_item *h)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 4);
	mo_bind_settime(L, "at", h->at_us);
	mo_bind_setstr(L, "actor", h->actor);
	mo_bind_setstr(L, "status", h->status);
	mo_bind_setstr(L, "note", h->note);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_history(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc;
	lua_newtable(L);
	if ((rc = mo_claim_history(practice_of(L), actor_of(L), id, push_event,
				   L, &e)))
		return mo_bind_result(L, rc, &e);
	return 1;
}

static int l_export(lua_State *L)
{
	static const char *const fields[] = {"payer", "usage", NULL};
	const char *payer, *usage;
	char *text = NULL;
	size_t len = 0;
	int64_t batch = 0;
	int n = 0, rc;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	payer = mo_bind_optfield(L, 1, "payer");
	usage = mo_bind_optfield(L, 1, "usage");
	if (!payer)
		return luaL_error(L, "claims.export: payer is required");
	if (usage && strcmp(usage, "T") && strcmp(usage, "P"))
		return luaL_error(L, "claims.export: usage: expected \"T\" "
				  "(test) or \"P\" (production)");
	rc = mo_claim_export(practice_of(L), actor_of(L), payer,
			     usage ? usage[0] : 'T', &text, &len, &batch, &n,
			     &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushlstring(L, text, len);
	free(text);
	lua_pushinteger(L, batch);
	lua_pushinteger(L, n);
	return 3;
}

static int resubmit(lua_State *L, char frequency)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	int64_t nid = 0;
	mo_err e;
	int rc = mo_claim_resubmit(practice_of(L), actor_of(L), id, frequency,
				   &nid, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushinteger(L, nid);
	return 1;
}

static int l_replace(lua_State *L)
{
	return resubmit(L, '7');
}

static int l_void(lua_State *L)
{
	return resubmit(L, '8');
}

void mo_bind_claim_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"create", l_create},
		{"recheck", l_recheck},
		{"list", l_list},
		{"history", l_history},
		{"export", l_export},
		{"replace", l_replace},
		{"void", l_void},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "claims");
}
