/* bind_clia.c: Lua bindings of core/clia.h as the `clia` table, for
 * scripts, the shell and specs:
 *   clia.order{ appointment =, test =, reason = } -> the test's id
 *   clia.step(id, event [, facts]) -> the new state | nil, reason
 *   clia.lot{ test =, kind = "kit" | "control", lot =, expires =,
 *       [shipment =, storage =] } -> id
 *   clia.lot_open{ test =, [kind = "kit"], lot = }
 *   clia.temperature{ storage =, reading = "4.5", [note =] } -> in range
 *   clia.corrective{ [test =, lot =, storage =], problem =, action = }
 *   clia.qc{ test =, lot =, level =, expected =, observed =, why =,
 *       corrective = } -> passed (boolean)
 *   clia.competency{ staff =, test =, ["until"] = }
 *   clia.qc_log{ from =, to = } -> { { at, test, lot, level, expected,
 *       observed, passed, why, corrective, operator }, ... }
 * It uses Lua, engine.h and clia.h. */
#include <lauxlib.h>

#include "bind.h"
#include "clia.h"
#include "engine.h"
#include "units.h"

#define MAX_FACTS 16

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

static int l_order(lua_State *L)
{
	static const char *const fields[] = {"appointment", "test", "reason",
					     NULL};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_order(practice_of(L), actor_of(L),
			  mo_bind_intfield(L, 1, "appointment", "clia.order",
					   true, 0, 1, INT64_MAX),
			  mo_bind_optfield(L, 1, "test"),
			  mo_bind_optfield(L, 1, "reason"), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_step(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *event = luaL_checkstring(L, 2);
	mo_fact facts[MAX_FACTS];
	char state[MO_WF_ID];
	size_t n = 0;
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 3)) {
		luaL_checktype(L, 3, LUA_TTABLE);
		n = mo_bind_facts(L, 3, facts, MAX_FACTS, "clia.step");
	}
	rc = mo_clia_step(practice_of(L), actor_of(L), id, event, facts, n,
			  state, &e);
	return mo_bind_step_result(L, rc, state, &e);
}

static int l_lot(lua_State *L)
{
	static const char *const fields[] = {"test", "kind", "lot", "expires",
					     "shipment", "storage", NULL};
	mo_clia_lot_new in;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in = (mo_clia_lot_new){mo_bind_optfield(L, 1, "test"),
		mo_bind_optfield(L, 1, "kind"), mo_bind_optfield(L, 1, "lot"),
		mo_bind_optfield(L, 1, "shipment"),
		mo_bind_datefield(L, 1, "expires", "clia.lot", true, 0),
		mo_bind_optfield(L, 1, "storage")};
	if (mo_clia_lot_add(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_lot_open(lua_State *L)
{
	static const char *const fields[] = {"test", "kind", "lot", NULL};
	const char *kind;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	kind = mo_bind_optfield(L, 1, "kind");
	if (mo_clia_lot_open(practice_of(L), actor_of(L),
			     mo_bind_optfield(L, 1, "test"), kind ? kind : "kit",
			     mo_bind_optfield(L, 1, "lot"), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

/* A temperature as a string or number ("4.5", 4.5) in hundredths. */
static int64_t degrees(lua_State *L, int idx)
{
	const char *s;
	int64_t v;
	mo_err e;
	lua_getfield(L, idx, "reading");
	s = lua_type(L, -1) == LUA_TNUMBER || lua_type(L, -1) == LUA_TSTRING
		? lua_tostring(L, -1) : NULL;
	if (!s || mo_money_parse(s, &v, &e))
		luaL_error(L, "clia.temperature: reading: expected degrees C "
			   "with at most two decimals (\"4.5\"), got %s",
			   s ? s : luaL_typename(L, -1));
	lua_pop(L, 1);
	return v;
}

static int l_temperature(lua_State *L)
{
	static const char *const fields[] = {"storage", "reading", "note",
					     NULL};
	bool ok;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_temperature(practice_of(L), actor_of(L),
				mo_bind_optfield(L, 1, "storage"),
				degrees(L, 1), mo_bind_optfield(L, 1, "note"),
				&ok, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, ok);
	return 1;
}

static int l_corrective(lua_State *L)
{
	static const char *const fields[] = {"test", "lot", "storage",
					     "problem", "action", NULL};
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_corrective(practice_of(L), actor_of(L),
			       mo_bind_optfield(L, 1, "test"),
			       mo_bind_optfield(L, 1, "lot"),
			       mo_bind_optfield(L, 1, "storage"),
			       mo_bind_optfield(L, 1, "problem"),
			       mo_bind_optfield(L, 1, "action"), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_qc(lua_State *L)
{
	static const char *const fields[] = {"test", "lot", "level", "expected",
		"observed", "why", "corrective", NULL};
	bool passed;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_qc(practice_of(L), actor_of(L),
		       mo_bind_optfield(L, 1, "test"),
		       mo_bind_optfield(L, 1, "lot"),
		       mo_bind_optfield(L, 1, "level"),
		       mo_bind_optfield(L, 1, "expected"),
		       mo_bind_optfield(L, 1, "observed"),
		       mo_bind_optfield(L, 1, "why"),
		       mo_bind_optfield(L, 1, "corrective"), &passed, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, passed);
	return 1;
}

static int l_competency(lua_State *L)
{
	static const char *const fields[] = {"staff", "test", "until", NULL};
	mo_practice *p = practice_of(L);
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_competency(p, actor_of(L), mo_bind_optfield(L, 1, "staff"),
			       mo_bind_optfield(L, 1, "test"),
			       mo_bind_datefield(L, 1, "until",
						 "clia.competency", false,
						 mo_practice_today(p) + 365),
			       &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int push_qc(void *ud, const mo_clia_qc_row *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setstr(L, "level", r->level);
	mo_bind_setstr(L, "expected", r->expected);
	mo_bind_setstr(L, "observed", r->observed);
	lua_pushboolean(L, r->passed);
	lua_setfield(L, -2, "passed");
	mo_bind_setstr(L, "why", r->why);
	mo_bind_setstr(L, "corrective", r->corrective);
	mo_bind_setstr(L, "operator", r->operator_);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_qc_log(lua_State *L)
{
	static const char *const fields[] = {"from", "to", NULL};
	mo_practice *p = practice_of(L);
	int32_t today = mo_practice_today(p), from = today - 30, to = today;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		from = mo_bind_datefield(L, 1, "from", "clia.qc_log", false,
					 from);
		to = mo_bind_datefield(L, 1, "to", "clia.qc_log", false, to);
	}
	lua_newtable(L);
	if (mo_clia_qc_log(p, actor_of(L), from, to, push_qc, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_clia_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"order", l_order},
		{"step", l_step},
		{"lot", l_lot},
		{"lot_open", l_lot_open},
		{"temperature", l_temperature},
		{"corrective", l_corrective},
		{"qc", l_qc},
		{"competency", l_competency},
		{"qc_log", l_qc_log},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "clia");
}
