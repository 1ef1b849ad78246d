/* bind_ledger.c: Lua bindings of core/ledger.h as the `ledger` table, for
 * scripts, the shell and specs (money in integer cents; format_money
 * shows it):
 *   ledger.balance(patient) -> { patient_due =, payer_due = }
 *   ledger.charge_balance(charge) -> { patient_due =, payer_due = }
 *   ledger.account(name [, payer]) -> cents (debits minus credits)
 *   ledger.aging{ by = "payer" | "patient", as_of = "2026-11-30" }
 *       -> { { key, name, days_0_30, days_31_60, days_61_90, days_91_120,
 *              over_120, unapplied, total }, ... } (the last row: "total")
 *   ledger.verify() -> true, entries | nil, message
 * Balances are read without an audit entry of their own; the aging is an
 * audited read (billing.read). It uses Lua, engine.h, ledger.h and
 * units.h. */
#include <lauxlib.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "ledger.h"
#include "units.h"

static mo_practice *practice(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static void push_balance(lua_State *L, const mo_ledger_balance *b)
{
	lua_createtable(L, 0, 2);
	lua_pushinteger(L, b->patient_due);
	lua_setfield(L, -2, "patient_due");
	lua_pushinteger(L, b->payer_due);
	lua_setfield(L, -2, "payer_due");
}

static int l_balance(lua_State *L)
{
	mo_ledger_balance b;
	mo_err e;
	if (mo_ledger_patient_balance(practice(L), luaL_checkinteger(L, 1), &b,
				      &e))
		return mo_bind_raise(L, &e);
	push_balance(L, &b);
	return 1;
}

static int l_charge_balance(lua_State *L)
{
	mo_ledger_balance b;
	mo_err e;
	if (mo_ledger_charge_balance(practice(L), luaL_checkinteger(L, 1), &b,
				     &e))
		return mo_bind_raise(L, &e);
	push_balance(L, &b);
	return 1;
}

static int l_account(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);
	int a = mo_ledger_account_find(name);
	int64_t v;
	mo_err e;
	if (a < 0)
		return luaL_error(L, "ledger.account: unknown account '%s' "
				  "(ar_patient, ar_payer, revenue, contractual, "
				  "writeoff, cash, card or bank)", name);
	if (mo_ledger_account_balance(practice(L), (mo_account)a,
				      luaL_optstring(L, 2, NULL), &v, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, v);
	return 1;
}

static const char *const BUCKETS[MO_AGING_BUCKETS] = {
	"days_0_30", "days_31_60", "days_61_90", "days_91_120", "over_120",
};

static int push_row(void *ud, const mo_aging_row *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 9);
	mo_bind_setstr(L, "key", r->key);
	mo_bind_setstr(L, "name", r->name);
	for (int b = 0; b < MO_AGING_BUCKETS; b++) {
		lua_pushinteger(L, r->bucket[b]);
		lua_setfield(L, -2, BUCKETS[b]);
	}
	lua_pushinteger(L, r->unapplied);
	lua_setfield(L, -2, "unapplied");
	lua_pushinteger(L, r->total);
	lua_setfield(L, -2, "total");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_aging(lua_State *L)
{
	static const char *const fields[] = {"by", "as_of", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_practice *p = mo_engine_practice(en);
	const char *by = "payer";
	int32_t as_of = mo_practice_today(p);
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		by = mo_bind_optfield(L, 1, "by");
		by = by ? by : "payer";
		as_of = mo_bind_datefield(L, 1, "as_of", "ledger.aging", false,
					  as_of);
	}
	if (strcmp(by, "payer") && strcmp(by, "patient"))
		return luaL_error(L, "ledger.aging: by: expected \"payer\" or "
				  "\"patient\", got \"%s\"", by);
	lua_newtable(L);
	if (mo_ledger_aging(p, mo_engine_actor(en),
			    strcmp(by, "payer") == 0 ? MO_AGING_PAYER
						     : MO_AGING_PATIENT,
			    as_of, push_row, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_verify(lua_State *L)
{
	int64_t n;
	mo_err e;
	if (mo_ledger_verify(practice(L), &n, &e))
		return mo_bind_fail(L, &e);
	lua_pushboolean(L, 1);
	lua_pushinteger(L, n);
	return 2;
}

void mo_bind_ledger_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"balance", l_balance},
		{"charge_balance", l_charge_balance},
		{"account", l_account},
		{"aging", l_aging},
		{"verify", l_verify},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "ledger");
}
