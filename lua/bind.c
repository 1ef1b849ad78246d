/* bind.c: registers every binding from one place (mo_bind_all for the
 * policy base, mo_bind_script for the script base), the engine-level
 * script functions act_as and whoami, and helpers shared by the bind_*.c
 * files. It uses Lua, engine.h and the core error type. */
#include "bind.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "engine.h"
#include "units.h"

void mo_bind_all(lua_State *L)
{
	mo_bind_units(L);
	mo_bind_action(L);
	mo_bind_config(L);
	mo_bind_practice(L);
	mo_bind_task(L);
	mo_bind_audit(L);
	mo_bind_declog(L);
	mo_bind_approval(L);
	mo_bind_away(L);
	mo_bind_block(L);
	mo_bind_patient(L);
	mo_bind_shift(L);
	mo_bind_hours(L);
	mo_bind_equipment(L);
	mo_bind_credential(L);
	mo_bind_timecard(L);
	mo_bind_compliance(L);
	mo_bind_report(L);
}

/* act_as(staff_id): the acting staff member for what follows. */
static int act_as(lua_State *L)
{
	mo_err e;
	const char *id = luaL_checkstring(L, 1);
	if (mo_engine_set_actor(mo_engine_from(L), id, &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int whoami(lua_State *L)
{
	lua_pushstring(L, mo_engine_actor(mo_engine_from(L)));
	return 1;
}

void mo_bind_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"act_as", act_as},
		{"whoami", whoami},
		{NULL, NULL},
	};
	luaL_setfuncs(L, funcs, 0);
	mo_bind_db(L);
	mo_bind_task_script(L);
	mo_bind_approval_script(L);
	mo_bind_away_script(L);
	mo_bind_block_script(L);
	mo_bind_patient_script(L);
	mo_bind_sched_script(L);
	mo_bind_shift_script(L);
	mo_bind_recall_script(L);
	mo_bind_ical_script(L);
	mo_bind_hours_script(L);
	mo_bind_ledger_script(L);
	mo_bind_charge_script(L);
	mo_bind_claim_script(L);
	mo_bind_era_script(L);
	mo_bind_workflow_script(L);
	mo_bind_clia_script(L);
	mo_bind_payment_script(L);
	mo_bind_payable_script(L);
	mo_bind_statement_script(L);
	mo_bind_insure_script(L);
	mo_bind_inventory_script(L);
	mo_bind_equipment_script(L);
	mo_bind_credential_script(L);
	mo_bind_timecard_script(L);
	mo_bind_hr_script(L);
	mo_bind_compliance_script(L);
	mo_bind_report_script(L);
}

int mo_bind_raise(lua_State *L, const void *err)
{
	const mo_err *e = err;
	return luaL_error(L, "%s", e->msg);
}

int mo_bind_fail(lua_State *L, const void *err)
{
	const mo_err *e = err;
	lua_pushnil(L);
	lua_pushstring(L, e->msg);
	return 2;
}

int mo_bind_result(lua_State *L, int rc, const void *err)
{
	if (rc == MO_ENOTFOUND || rc == MO_EEXIST)
		return mo_bind_fail(L, err);
	return mo_bind_raise(L, err);
}

void mo_bind_setstr(lua_State *L, const char *k, const char *v)
{
	if (v) {
		lua_pushstring(L, v);
		lua_setfield(L, -2, k);
	}
}

const char *mo_bind_optfield(lua_State *L, int idx, const char *field)
{
	const char *s = NULL;
	int t = lua_getfield(L, idx, field);
	if (t == LUA_TSTRING)
		s = lua_tostring(L, -1);
	else if (t != LUA_TNIL)
		luaL_error(L, "field '%s': expected a string, got a %s", field,
			   lua_typename(L, t));
	lua_pop(L, 1);
	return s; /* still referenced by the table */
}

/* Fails when the table at idx has a key not in allowed. */
void mo_bind_checkfields(lua_State *L, int idx, const char *const *allowed)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING
			? lua_tostring(L, -2) : NULL;
		const char *const *a = allowed;
		while (k && *a && strcmp(*a, k) != 0)
			a++;
		if (!k || !*a) {
			const char *hint = k ? mo_suggest(k, allowed) : NULL;
			luaL_error(L, "unknown field '%s'%s%s%s",
				   k ? k : luaL_typename(L, -2),
				   hint ? " (did you mean \"" : "",
				   hint ? hint : "", hint ? "\"?)" : "");
		}
		lua_pop(L, 1);
	}
}

int32_t mo_bind_datefield(lua_State *L, int idx, const char *field,
			  const char *fn, bool required, int32_t dflt)
{
	const char *s = mo_bind_optfield(L, idx, field);
	int32_t days;
	mo_err e;
	if (!s && required)
		luaL_error(L, "%s: %s is required (a date such as 2026-12-24)",
			   fn, field);
	if (!s)
		return dflt;
	if (mo_date_parse(s, &days, &e))
		luaL_error(L, "%s: %s: %s", fn, field, e.msg);
	return days;
}

int32_t mo_bind_timefield(lua_State *L, int idx, const char *field,
			  const char *fn)
{
	const char *s = mo_bind_optfield(L, idx, field);
	int minutes;
	mo_err e;
	if (!s)
		luaL_error(L, "%s: %s is required (a time such as \"09:00\")",
			   fn, field);
	if (mo_time_parse(s, &minutes, &e))
		luaL_error(L, "%s: %s: %s", fn, field, e.msg);
	return minutes * 60;
}

void mo_bind_sethhmm(lua_State *L, const char *key, int32_t sec)
{
	char buf[8];
	int h = sec / 3600 % 25, m = sec / 60 % 60;
	snprintf(buf, sizeof buf, "%02d:%02d", h < 0 ? 0 : h, m < 0 ? 0 : m);
	mo_bind_setstr(L, key, buf);
}

void mo_bind_setdate(lua_State *L, const char *key, int32_t day)
{
	char buf[16];
	if (day)
		mo_bind_setstr(L, key, mo_date_format(day, buf));
}

void mo_bind_setint(lua_State *L, const char *key, int64_t v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, key);
}

void mo_bind_settime(lua_State *L, const char *key, int64_t us)
{
	char buf[32];
	if (us)
		mo_bind_setstr(L, key, mo_clock_format_us(us, buf));
}

int64_t mo_bind_intfield(lua_State *L, int idx, const char *field,
			 const char *fn, bool required, int64_t dflt,
			 int64_t lo, int64_t hi)
{
	int t = lua_getfield(L, idx, field);
	int64_t v;
	if (t == LUA_TNIL) {
		if (required)
			luaL_error(L, "%s: %s is required", fn, field);
		lua_pop(L, 1);
		return dflt;
	}
	if (!lua_isinteger(L, -1))
		luaL_error(L, "%s: %s: expected a whole number, got %s%s", fn,
			   field, t == LUA_TNUMBER ? "" : "a ", t == LUA_TNUMBER
			   ? luaL_tolstring(L, -1, NULL) : lua_typename(L, t));
	v = lua_tointeger(L, -1);
	if (v < lo || v > hi)
		luaL_error(L, "%s: %s: expected %I to %I, got %I", fn, field,
			   (lua_Integer)lo, (lua_Integer)hi, (lua_Integer)v);
	lua_pop(L, 1);
	return v;
}

int64_t mo_bind_moneyfield(lua_State *L, int idx, const char *field,
			   const char *fn, int64_t absent)
{
	int t = lua_getfield(L, idx, field);
	int64_t cents = absent;
	mo_err e;
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return absent;
	}
	if (lua_isinteger(L, -1))
		cents = lua_tointeger(L, -1);
	else if (t != LUA_TSTRING)
		luaL_error(L, "%s: %s: expected money text such as \"25.00\" or "
			   "integer cents (a float is not exact), got %s", fn,
			   field, luaL_tolstring(L, -1, NULL));
	else if (mo_money_parse(lua_tostring(L, -1), &cents, &e))
		luaL_error(L, "%s: %s: %s", fn, field, e.msg);
	lua_pop(L, 1);
	return cents;
}

size_t mo_bind_facts(lua_State *L, int idx, mo_fact *f, size_t max,
		     const char *who)
{
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING || n == max)
			luaL_error(L, "%s: facts must be at most %d named "
				   "values", who, (int)max);
		f[n].key = lua_tostring(L, -2);
		if (lua_isinteger(L, -1))
			f[n] = (mo_fact){f[n].key, MO_FACT_INT, NULL,
					 lua_tointeger(L, -1)};
		else if (lua_type(L, -1) == LUA_TBOOLEAN)
			f[n] = (mo_fact){f[n].key, MO_FACT_BOOL, NULL,
					 lua_toboolean(L, -1)};
		else if (lua_type(L, -1) == LUA_TSTRING)
			f[n] = (mo_fact){f[n].key, MO_FACT_STR,
					 lua_tostring(L, -1), 0};
		else
			luaL_error(L, "%s: fact '%s' must be a string, an "
				   "integer or a boolean", who, f[n].key);
		n++;
		lua_pop(L, 1);
	}
	return n;
}

int mo_bind_step_result(lua_State *L, int rc, const char *state,
			const void *err)
{
	if (rc == MO_EDENIED)
		return mo_bind_fail(L, err);
	if (rc)
		return mo_bind_result(L, rc, err);
	lua_pushstring(L, state);
	return 1;
}
