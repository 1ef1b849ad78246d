/* bind_statement.c: Lua bindings of core/statement.h as the `statements`
 * table, for scripts, the shell and specs (made as the acting staff
 * member, act_as):
 *   statements.run{ as_of =, patient =, dry_run =, due_days =, format = }
 *       -> { run, count, total, statements = { statement, ... },
 *            skipped = { { patient, patient_name, balance, reason, rule },
 *            ... } }
 *   statements.hold(patient, reason [, until]) -> true
 *   statements.release(patient [, reason]) -> true | nil, message
 *   statements.holds() -> { { patient, patient_name, reason, until,
 *       since, by }, ... }
 *   statements.list{ patient =, run = } -> { statement, ... } (no lines)
 *   statements.get(id) -> statement | nil, message
 * A statement is { id, run, patient, patient_name, guarantor, to = { name,
 * line1, line2, city, state, zip }, date, from, due, format, balance,
 * pending, earlier, days_0_30, days_31_60, days_61_90, days_91_120,
 * over_120, unapplied, created, created_by, lines = { { charge, date,
 * code, units, charged, insurance_paid, adjusted, pending, patient_paid,
 * due }, ... }, credits = { { date, kind, amount }, ... } } with money in
 * integer cents; id, run, created and from are nil for a dry run's draft
 * (from also when the patient was never sent one), guarantor when the
 * statement goes to the patient. Results are built in protected calls,
 * so that a Lua error (out of memory) stops the core's walk cleanly
 * (rolled back, nothing leaked) and is raised after. Bad input and
 * denials raise. It uses Lua, engine.h, statement.h and units.h. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "statement.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

static const char *const BUCKETS[MO_AGING_BUCKETS] = {
	"days_0_30", "days_31_60", "days_61_90", "days_91_120", "over_120"};

/* ---- pushing results ---- */

static void set_id(lua_State *L, const char *k, int64_t v)
{
	if (v)
		mo_bind_setint(L, k, v);
}

static void push_to(lua_State *L, const mo_statement *s)
{
	lua_createtable(L, 0, 6);
	mo_bind_setstr(L, "name", s->to_name);
	mo_bind_setstr(L, "line1", s->line1);
	mo_bind_setstr(L, "line2", s->line2);
	mo_bind_setstr(L, "city", s->city);
	mo_bind_setstr(L, "state", s->state);
	mo_bind_setstr(L, "zip", s->zip);
	lua_setfield(L, -2, "to");
}

static void push_lines(lua_State *L, const mo_statement *s)
{
	lua_createtable(L, (int)s->nlines, 0);
	for (size_t i = 0; i < s->nlines; i++) {
		const mo_stmt_line *l = &s->lines[i];
		lua_createtable(L, 0, 10);
		mo_bind_setint(L, "charge", l->charge);
		mo_bind_setdate(L, "date", l->service_day);
		mo_bind_setstr(L, "code", l->code);
		mo_bind_setint(L, "units", l->units);
		mo_bind_setint(L, "charged", l->charged);
		mo_bind_setint(L, "insurance_paid", l->insurance_paid);
		mo_bind_setint(L, "adjusted", l->adjusted);
		mo_bind_setint(L, "pending", l->pending);
		mo_bind_setint(L, "patient_paid", l->patient_paid);
		mo_bind_setint(L, "due", l->due);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "lines");
}

static void push_credits(lua_State *L, const mo_statement *s)
{
	lua_createtable(L, (int)s->ncredits, 0);
	for (size_t i = 0; i < s->ncredits; i++) {
		lua_createtable(L, 0, 3);
		mo_bind_setdate(L, "date", s->credits[i].day);
		mo_bind_setstr(L, "kind", s->credits[i].kind);
		mo_bind_setint(L, "amount", s->credits[i].amount);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "credits");
}

static void push_money(lua_State *L, const mo_statement *s)
{
	mo_bind_setint(L, "balance", s->balance);
	mo_bind_setint(L, "pending", s->pending);
	mo_bind_setint(L, "earlier", s->earlier);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		mo_bind_setint(L, BUCKETS[b], s->aging.bucket[b]);
	mo_bind_setint(L, "unapplied", s->aging.unapplied);
}

static void push_statement(lua_State *L, const mo_statement *s)
{
	lua_createtable(L, 0, 24);
	set_id(L, "id", s->id);
	set_id(L, "run", s->run);
	mo_bind_setint(L, "patient", s->patient);
	mo_bind_setstr(L, "patient_name", s->patient_name);
	set_id(L, "guarantor", s->guarantor);
	push_to(L, s);
	mo_bind_setdate(L, "date", s->day);
	mo_bind_setdate(L, "from", s->from_day);
	mo_bind_setdate(L, "due", s->due_day);
	mo_bind_setstr(L, "format", s->format);
	push_money(L, s);
	mo_bind_settime(L, "created", s->created_us);
	mo_bind_setstr(L, "created_by", s->created_by);
	push_lines(L, s);
	push_credits(L, s);
}

static void push_skip(lua_State *L, const mo_stmt_skip *k)
{
	lua_createtable(L, 0, 5);
	mo_bind_setint(L, "patient", k->patient);
	mo_bind_setstr(L, "patient_name", k->patient_name);
	mo_bind_setint(L, "balance", k->balance);
	mo_bind_setstr(L, "reason", k->reason);
	if (k->rule && k->rule[0])
		mo_bind_setstr(L, "rule", k->rule);
}

static void push_hold(lua_State *L, const mo_stmt_hold_row *h)
{
	lua_createtable(L, 0, 6);
	mo_bind_setint(L, "patient", h->patient);
	mo_bind_setstr(L, "patient_name", h->patient_name);
	mo_bind_setstr(L, "reason", h->reason);
	mo_bind_setdate(L, "until", h->until_day);
	mo_bind_settime(L, "since", h->since_us);
	mo_bind_setstr(L, "by", h->by);
}

/* ---- appending to a list inside the core's walk, protected ---- */

/* What one walk appends to: the lists' absolute stack indexes and the
 * message of a Lua error that stopped it. */
typedef struct sink {
	lua_State *L;
	int list, skipped;
	char err[256];
} sink;

typedef void (*pusher)(lua_State *L, const void *item);

static void p_statement(lua_State *L, const void *s)
{
	push_statement(L, s);
}

static void p_skip(lua_State *L, const void *k)
{
	push_skip(L, k);
}

static void p_hold(lua_State *L, const void *h)
{
	push_hold(L, h);
}

/* One item to append and how to push it. */
typedef struct item {
	pusher push;
	const void *value;
} item;

/* (list, item): appends the item pushed to list. */
static int append_protected(lua_State *L)
{
	const item *it = lua_touserdata(L, 2);
	it->push(L, it->value);
	lua_rawseti(L, 1, (lua_Integer)lua_rawlen(L, 1) + 1);
	return 0;
}

/* Appends value to the list at index list; 1 (the walk stops) on a Lua
 * error, kept in k->err. */
static int append(sink *k, int list, pusher push, const void *value)
{
	lua_State *L = k->L;
	item it = {push, value};
	if (!lua_checkstack(L, 3)) {
		snprintf(k->err, sizeof k->err, "out of memory");
		return 1;
	}
	lua_pushcfunction(L, append_protected);
	lua_pushvalue(L, list);
	lua_pushlightuserdata(L, &it);
	if (lua_pcall(L, 2, 0, 0) == LUA_OK)
		return 0;
	snprintf(k->err, sizeof k->err, "%s", lua_tostring(L, -1)
		 ? lua_tostring(L, -1) : "error");
	lua_pop(L, 1);
	return 1;
}

static int on_statement(void *ud, const mo_statement *s)
{
	sink *k = ud;
	return append(k, k->list, p_statement, s);
}

static int on_skip(void *ud, const mo_stmt_skip *s)
{
	sink *k = ud;
	return append(k, k->skipped, p_skip, s);
}

static int on_hold(void *ud, const mo_stmt_hold_row *h)
{
	sink *k = ud;
	return append(k, k->list, p_hold, h);
}

/* The result of a walk: raises the Lua error that stopped it, or e. */
static int walk_failed(lua_State *L, const sink *k, const mo_err *e)
{
	if (k->err[0])
		return luaL_error(L, "%s", k->err);
	return mo_bind_raise(L, e);
}

/* ---- the functions ---- */

static mo_stmt_opts run_opts(lua_State *L)
{
	static const char *const fields[] = {"as_of", "patient", "dry_run",
		"due_days", "format", NULL};
	static const char fn[] = "statements.run";
	mo_stmt_opts o = {0};
	if (lua_isnoneornil(L, 1))
		return o;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	o.as_of = mo_bind_datefield(L, 1, "as_of", fn, false, 0);
	o.patient = mo_bind_intfield(L, 1, "patient", fn, false, 0, 1,
				     INT64_MAX);
	o.due_days = (int)mo_bind_intfield(L, 1, "due_days", fn, false, 0, 1,
					   MO_STMT_DUE_MAX);
	o.format = mo_bind_optfield(L, 1, "format");
	lua_getfield(L, 1, "dry_run");
	o.dry_run = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return o;
}

static int l_run(lua_State *L)
{
	mo_stmt_opts o = run_opts(L);
	mo_stmt_result r;
	sink k = {L, 0, 0, ""};
	mo_err e;
	lua_settop(L, 1);
	lua_newtable(L);
	k.list = lua_gettop(L);
	lua_newtable(L);
	k.skipped = lua_gettop(L);
	if (mo_stmt_run(practice_of(L), actor_of(L), &o, on_statement, on_skip,
			&k, &r, &e))
		return walk_failed(L, &k, &e);
	lua_createtable(L, 0, 5);
	set_id(L, "run", r.run);
	mo_bind_setint(L, "count", r.sent);
	mo_bind_setint(L, "total", r.total);
	lua_pushvalue(L, k.list);
	lua_setfield(L, -2, "statements");
	lua_pushvalue(L, k.skipped);
	lua_setfield(L, -2, "skipped");
	return 1;
}

static int l_hold(lua_State *L)
{
	lua_Integer patient = luaL_checkinteger(L, 1);
	const char *reason = luaL_checkstring(L, 2);
	int32_t until = 0;
	mo_err e;
	if (!lua_isnoneornil(L, 3) &&
	    mo_date_parse(luaL_checkstring(L, 3), &until, &e))
		return luaL_error(L, "statements.hold: until: %s", e.msg);
	if (mo_stmt_hold(practice_of(L), actor_of(L), patient, reason, until,
			 &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_release(lua_State *L)
{
	lua_Integer patient = luaL_checkinteger(L, 1);
	const char *reason = luaL_optstring(L, 2, NULL);
	mo_err e;
	int rc = mo_stmt_release(practice_of(L), actor_of(L), patient, reason,
				 &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_holds(lua_State *L)
{
	sink k = {L, 0, 0, ""};
	mo_err e;
	lua_settop(L, 0);
	lua_newtable(L);
	k.list = 1;
	if (mo_stmt_holds(practice_of(L), actor_of(L), on_hold, &k, &e))
		return walk_failed(L, &k, &e);
	return 1;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"patient", "run", NULL};
	static const char fn[] = "statements.list";
	mo_stmt_filter f = {0, 0};
	sink k = {L, 0, 0, ""};
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		f.patient = mo_bind_intfield(L, 1, "patient", fn, false, 0, 1,
					     INT64_MAX);
		f.run = mo_bind_intfield(L, 1, "run", fn, false, 0, 1,
					 INT64_MAX);
	}
	lua_settop(L, 1);
	lua_newtable(L);
	k.list = 2;
	if (mo_stmt_list(practice_of(L), actor_of(L), &f, on_statement, &k,
			 &e))
		return walk_failed(L, &k, &e);
	return 1;
}

static int l_get(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	sink k = {L, 0, 0, ""};
	mo_err e;
	int rc;
	lua_settop(L, 1);
	lua_newtable(L);
	k.list = 2;
	rc = mo_stmt_get(practice_of(L), actor_of(L), id, on_statement, &k,
			 &e);
	if (rc == MO_ENOTFOUND)
		return mo_bind_fail(L, &e);
	if (rc)
		return walk_failed(L, &k, &e);
	lua_rawgeti(L, 2, 1);
	return 1;
}

void mo_bind_statement_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"run", l_run},
		{"hold", l_hold},
		{"release", l_release},
		{"holds", l_holds},
		{"list", l_list},
		{"get", l_get},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "statements");
}
