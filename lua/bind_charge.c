/* bind_charge.c: Lua bindings of core/charge.h as the `charges` table, for
 * scripts, the shell and specs:
 *   charges.enter{ appointment =, diagnoses = { "J02.9", ... },
 *       lines = { { code = "99213", modifiers = { "25" }, units = 1,
 *                   pointers = { 1, 2 } }, ... } } -> encounter id
 *   charges.add(encounter, { code =, modifiers =, units =, pointers = })
 *       -> charge id
 *   charges.void(id, reason) -> true | nil, message
 *   charges.list{ patient =, encounter =, from =, to =, voided = }
 *       -> { { id, encounter, appointment, patient, line, code, modifiers,
 *              units, pointers, diagnoses, amount, expected, provider,
 *              pos, payer, date, status, balance }, ... }
 * units defaults to 1 and pointers to { 1 }; money is integer cents. Bad
 * input and denials raise, naming the field. It uses Lua, engine.h,
 * charge.h and units.h. */
#include <lauxlib.h>
#include <string.h>

#include "bind.h"
#include "charge.h"
#include "engine.h"
#include "units.h"

/* A list field of at most max strings (or integers) into out. */
static int str_list(lua_State *L, int idx, const char *field, const char *fn,
		    const char **out, int max)
{
	int n = 0;
	if (lua_getfield(L, idx, field) == LUA_TNIL) {
		lua_pop(L, 1);
		return 0;
	}
	if (!lua_istable(L, -1))
		return luaL_error(L, "%s: %s: expected a list", fn, field);
	for (;; n++) {
		int t = lua_rawgeti(L, -1, n + 1);
		lua_pop(L, 1);
		if (t == LUA_TNIL)
			break;
		if (t != LUA_TSTRING || n == max)
			return luaL_error(L, "%s: %s: expected at most %d codes "
					  "(text)", fn, field, max);
		lua_rawgeti(L, -1, n + 1);
		out[n] = lua_tostring(L, -1); /* kept alive by the table */
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return n;
}

static void int_list(lua_State *L, int idx, const char *field, const char *fn,
		     int *out, int max)
{
	if (lua_getfield(L, idx, field) == LUA_TNIL) {
		lua_pop(L, 1);
		out[0] = 1;
		return;
	}
	if (!lua_istable(L, -1) || lua_rawlen(L, -1) > (size_t)max)
		luaL_error(L, "%s: %s: expected a list of at most %d numbers",
			   fn, field, max);
	for (int n = 0; n < max; n++) {
		lua_rawgeti(L, -1, n + 1);
		if (!lua_isnil(L, -1) && !lua_isinteger(L, -1))
			luaL_error(L, "%s: %s: expected whole numbers", fn,
				   field);
		out[n] = (int)lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* The charge line in the table at idx. */
static mo_charge_line check_line(lua_State *L, int idx, const char *fn)
{
	static const char *const fields[] = {"code", "modifiers", "units",
					     "pointers", NULL};
	mo_charge_line l;
	memset(&l, 0, sizeof l);
	idx = lua_absindex(L, idx);
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, fields);
	l.code = mo_bind_optfield(L, idx, "code");
	if (!l.code)
		luaL_error(L, "%s: code: required (such as \"99213\")", fn);
	str_list(L, idx, "modifiers", fn, l.modifiers, 4);
	lua_getfield(L, idx, "units");
	if (lua_isnil(L, -1))
		l.units = 1;
	else if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < -999999 ||
		 lua_tointeger(L, -1) > 999999)
		luaL_error(L, "%s: units: expected a whole number from 1 to 999",
			   fn);
	else
		l.units = (int)lua_tointeger(L, -1); /* the core checks 1..999 */
	lua_pop(L, 1);
	int_list(L, idx, "pointers", fn, l.pointers, 4);
	return l;
}

static int l_enter(lua_State *L)
{
	static const char *const fields[] = {"appointment", "diagnoses",
					     "lines", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_charge_line lines[MO_CHARGE_MAX_LINES];
	mo_encounter_new in;
	int64_t id;
	mo_err e;
	memset(&in, 0, sizeof in);
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	lua_getfield(L, 1, "appointment");
	in.appointment = luaL_checkinteger(L, -1);
	lua_pop(L, 1);
	str_list(L, 1, "diagnoses", "charges.enter", in.diagnoses,
		 MO_CHARGE_MAX_DX);
	if (lua_getfield(L, 1, "lines") != LUA_TTABLE)
		return luaL_error(L, "charges.enter: lines: expected a list of "
				  "lines");
	for (; in.nlines <= MO_CHARGE_MAX_LINES; in.nlines++) {
		if (lua_rawgeti(L, -1, (lua_Integer)in.nlines + 1) == LUA_TNIL)
			break;
		if (in.nlines == MO_CHARGE_MAX_LINES)
			return luaL_error(L, "charges.enter: lines: at most %d",
					  MO_CHARGE_MAX_LINES);
		lines[in.nlines] = check_line(L, -1, "charges.enter");
		lua_pop(L, 1);
	}
	in.lines = lines;
	if (mo_charge_enter(mo_engine_practice(en), mo_engine_actor(en), &in,
			    &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_add(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer enc = luaL_checkinteger(L, 1);
	mo_charge_line l = check_line(L, 2, "charges.add");
	int64_t id;
	mo_err e;
	if (mo_charge_add(mo_engine_practice(en), mo_engine_actor(en), enc, &l,
			  &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_void(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	int rc = mo_charge_void(mo_engine_practice(en), mo_engine_actor(en),
				luaL_checkinteger(L, 1), luaL_checkstring(L, 2),
				&e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int push_charge(void *ud, const mo_charge *c)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 18);
	mo_bind_setint(L, "id", c->id);
	mo_bind_setint(L, "encounter", c->encounter);
	mo_bind_setint(L, "appointment", c->appointment);
	mo_bind_setint(L, "patient", c->patient);
	mo_bind_setint(L, "line", c->line);
	mo_bind_setstr(L, "code", c->code);
	mo_bind_setstr(L, "modifiers", c->modifiers);
	mo_bind_setint(L, "units", c->units);
	mo_bind_setstr(L, "pointers", c->pointers);
	mo_bind_setstr(L, "diagnoses", c->diagnoses);
	mo_bind_setint(L, "amount", c->amount);
	if (c->expected >= 0)
		mo_bind_setint(L, "expected", c->expected);
	mo_bind_setstr(L, "provider", c->provider);
	mo_bind_setstr(L, "pos", c->pos);
	mo_bind_setstr(L, "payer", c->payer);
	mo_bind_setstr(L, "date", mo_date_format(c->day, d));
	mo_bind_setstr(L, "status", c->status);
	mo_bind_setint(L, "balance", c->balance);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"patient", "encounter", "from",
					     "to", "voided", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_charge_query q = {0};
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		lua_getfield(L, 1, "patient");
		q.patient = luaL_optinteger(L, -1, 0);
		lua_getfield(L, 1, "encounter");
		q.encounter = luaL_optinteger(L, -1, 0);
		lua_getfield(L, 1, "voided");
		q.voided = lua_toboolean(L, -1);
		lua_pop(L, 3);
		q.from_day = mo_bind_datefield(L, 1, "from", "charges.list",
					       false, 0);
		q.to_day = mo_bind_datefield(L, 1, "to", "charges.list", false,
					     0);
	}
	lua_newtable(L);
	if (mo_charge_list(mo_engine_practice(en), mo_engine_actor(en), &q,
			   push_charge, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_charge_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"enter", l_enter},
		{"add", l_add},
		{"void", l_void},
		{"list", l_list},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "charges");
}
