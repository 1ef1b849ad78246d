/* bind_equipment.c: Lua bindings of core/equipment.h as the `equipment`
 * table. Policies get two plain reads (the operation that runs the rule
 * or the report holds the audit entry):
 *   equipment.usable(asset) -> true | false, why | nil, message
 *       (asset: its id, or its serial as text)
 *   equipment.schedules{ asset =, through = } -> { schedule, ... }
 * Scripts, the shell and specs get those (schedules then an audited read,
 * equipment.read, as the acting staff member) and:
 *   equipment.add{ name =, kind =, location =, room =, serial =,
 *       manufacturer =, model =, clia_test = } -> id
 *   equipment.list{ location =, room =, kind =, retired = } -> { asset, ... }
 *   equipment.get(id) -> asset (with schedules = { ... }) | nil, message
 *   equipment.set_status(id, status [, reason]) -> true
 *       (status "in_service", "out_of_service" or "retired")
 *   equipment.schedule{ asset =, what =, every_days = | every_hours =,
 *       first_due =, blocking =, assignee =, low =, high = } -> id
 *   equipment.unschedule(asset, what) -> true | nil, message
 *   equipment.service{ asset =, what =, result =, reading =, at =, by =,
 *       vendor =, note = } -> id, passed
 *   equipment.history{ asset =, from =, to = } -> { record, ... }
 *   equipment.sweep() -> tasks made
 *   equipment.report_issue{ what =, location =, room =, asset =,
 *       priority =, due =, assignee = } -> id
 *   equipment.assign(issue, staff) -> true
 *   equipment.resolve(issue, note) -> true
 *   equipment.issues{ all = } -> { issue, ... }
 * An asset is { id, name, kind, location, room, serial, manufacturer,
 * model, clia_test, status, reason, usable, why, created, created_by }; a
 * schedule { id, asset, asset_name, location, room, serial, what,
 * every_days, every_hours, first_due, blocking, assignee, low, high, last,
 * last_passed, next_due, next, overdue, task }; a record { id, asset,
 * asset_name, schedule, what, passed, reading, at, by, vendor, note,
 * recorded, recorded_by }; an issue { id, what, location, room, asset,
 * priority, status, due, reported_by, reported, assignee, resolution,
 * resolved_by, resolved }. Dates are "YYYY-MM-DD"; readings and ranges
 * are decimal text ("4.5", "2.00") or numbers; at is "YYYY-MM-DD HH:MM"
 * local or a date. Bad input and denials raise, naming the field. It
 * uses Lua, engine.h, equipment.h, clock.h, tz.h and units.h. */
#include <lauxlib.h>
#include <stdio.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "equipment.h"
#include "tz.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

/* ---- reading arguments ---- */

static int64_t id_field(lua_State *L, int idx, const char *field,
			const char *fn)
{
	return mo_bind_intfield(L, idx, field, fn, false, 0, 0, INT64_MAX);
}

/* A decimal field ("4.5", 4.5 or 4) in hundredths into *v; false when
 * absent. */
static bool decimal_field(lua_State *L, int idx, const char *field,
			  const char *fn, int64_t *v)
{
	int t = lua_getfield(L, idx, field);
	const char *s = t == LUA_TNUMBER || t == LUA_TSTRING
		? lua_tostring(L, -1) : NULL;
	mo_err e;
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return false;
	}
	if (!s || mo_money_parse(s, v, &e))
		luaL_error(L, "%s: %s: expected a number with at most two "
			   "decimals (\"4.5\"), got %s", fn, field,
			   s ? s : luaL_typename(L, -1));
	lua_pop(L, 1);
	return true;
}

static bool bool_field(lua_State *L, int idx, const char *field)
{
	bool v;
	lua_getfield(L, idx, field);
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

/* The optional table argument at idx with its fields checked. */
static bool opt_table(lua_State *L, int idx, const char *const *fields)
{
	if (lua_isnoneornil(L, idx))
		return false;
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, fields);
	return true;
}

/* ---- pushing results ---- */

static void set_opt_int(lua_State *L, const char *k, int64_t v)
{
	if (v)
		mo_bind_setint(L, k, v);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void set_decimal(lua_State *L, const char *k, int64_t v)
{
	char buf[32];
	mo_bind_setstr(L, k, mo_money_format(v, buf));
}

static void append(lua_State *L)
{
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static int push_asset(void *ud, const mo_equip_asset *a)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 15);
	mo_bind_setint(L, "id", a->id);
	mo_bind_setstr(L, "name", a->name);
	mo_bind_setstr(L, "kind", a->kind);
	mo_bind_setstr(L, "location", a->location);
	mo_bind_setstr(L, "room", a->room);
	mo_bind_setstr(L, "serial", a->serial);
	mo_bind_setstr(L, "manufacturer", a->manufacturer);
	mo_bind_setstr(L, "model", a->model);
	mo_bind_setstr(L, "clia_test", a->clia_test);
	mo_bind_setstr(L, "status", a->status);
	mo_bind_setstr(L, "reason", a->reason);
	set_bool(L, "usable", a->usable);
	mo_bind_setstr(L, "why", a->why);
	mo_bind_settime(L, "created", a->created_us);
	mo_bind_setstr(L, "created_by", a->created_by);
	return 0;
}

static int append_asset(void *ud, const mo_equip_asset *a)
{
	push_asset(ud, a);
	append(ud);
	return 0;
}

static int append_sched(void *ud, const mo_equip_sched *s)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 20);
	mo_bind_setint(L, "id", s->id);
	mo_bind_setint(L, "asset", s->asset);
	mo_bind_setstr(L, "asset_name", s->asset_name);
	mo_bind_setstr(L, "location", s->location);
	mo_bind_setstr(L, "room", s->room);
	mo_bind_setstr(L, "serial", s->serial);
	mo_bind_setstr(L, "what", s->what);
	set_opt_int(L, "every_days", s->every_days);
	set_opt_int(L, "every_hours", s->every_hours);
	mo_bind_setdate(L, "first_due", s->first_due);
	set_bool(L, "blocking", s->blocking);
	mo_bind_setstr(L, "assignee", s->assignee);
	if (s->has_range) {
		set_decimal(L, "low", s->low);
		set_decimal(L, "high", s->high);
	}
	mo_bind_settime(L, "last", s->last_us);
	set_bool(L, "last_passed", s->last_passed);
	mo_bind_setdate(L, "next_due", s->next_due);
	mo_bind_settime(L, "next", s->next_us);
	set_bool(L, "overdue", s->overdue);
	set_opt_int(L, "task", s->task);
	append(L);
	return 0;
}

static int append_record(void *ud, const mo_equip_record *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 13);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setint(L, "asset", r->asset);
	mo_bind_setstr(L, "asset_name", r->asset_name);
	set_opt_int(L, "schedule", r->schedule);
	mo_bind_setstr(L, "what", r->what);
	set_bool(L, "passed", r->passed);
	if (r->has_reading)
		set_decimal(L, "reading", r->reading);
	mo_bind_settime(L, "at", r->done_us);
	mo_bind_setstr(L, "by", r->done_by);
	mo_bind_setstr(L, "vendor", r->vendor);
	mo_bind_setstr(L, "note", r->note);
	mo_bind_settime(L, "recorded", r->recorded_us);
	mo_bind_setstr(L, "recorded_by", r->recorded_by);
	append(L);
	return 0;
}

static int append_issue(void *ud, const mo_equip_issue *is)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 14);
	mo_bind_setint(L, "id", is->id);
	mo_bind_setstr(L, "what", is->what);
	mo_bind_setstr(L, "location", is->location);
	mo_bind_setstr(L, "room", is->room);
	set_opt_int(L, "asset", is->asset);
	mo_bind_setstr(L, "priority", is->priority);
	mo_bind_setstr(L, "status", is->status);
	mo_bind_setdate(L, "due", is->due);
	mo_bind_setstr(L, "reported_by", is->reported_by);
	mo_bind_settime(L, "reported", is->reported_us);
	mo_bind_setstr(L, "assignee", is->assignee);
	mo_bind_setstr(L, "resolution", is->resolution);
	mo_bind_setstr(L, "resolved_by", is->resolved_by);
	mo_bind_settime(L, "resolved", is->resolved_us);
	append(L);
	return 0;
}

/* ---- reads (policies too) ---- */

static int l_usable(lua_State *L)
{
	mo_practice *p = practice_of(L);
	char why[MO_EQUIP_WHY];
	int64_t id;
	bool ok;
	mo_err e;
	int rc = lua_type(L, 1) == LUA_TSTRING
		? mo_equip_find(p, lua_tostring(L, 1), &id, &e)
		: (id = luaL_checkinteger(L, 1), 0);
	if (rc || (rc = mo_equip_usable(p, id, &ok, why, &e)))
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, ok);
	if (ok)
		return 1;
	lua_pushstring(L, why);
	return 2;
}

/* schedules{ asset =, through = } as actor (NULL: a plain read). */
static int schedules(lua_State *L, const char *actor)
{
	static const char *const fields[] = {"asset", "through", NULL};
	static const char fn[] = "equipment.schedules";
	int64_t asset = 0;
	int32_t through = 0;
	mo_err e;
	int rc;
	if (opt_table(L, 1, fields)) {
		asset = id_field(L, 1, "asset", fn);
		through = mo_bind_datefield(L, 1, "through", fn, false, 0);
	}
	lua_newtable(L);
	rc = mo_equip_schedules(practice_of(L), actor, asset, through,
				append_sched, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int l_schedules(lua_State *L)
{
	return schedules(L, NULL);
}

static int l_schedules_audited(lua_State *L)
{
	return schedules(L, actor_of(L));
}

/* ---- scripts: assets ---- */

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"name", "kind", "location",
		"room", "serial", "manufacturer", "model", "clia_test", NULL};
	mo_equip_asset_new in;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in = (mo_equip_asset_new){
		mo_bind_optfield(L, 1, "name"), mo_bind_optfield(L, 1, "kind"),
		mo_bind_optfield(L, 1, "location"),
		mo_bind_optfield(L, 1, "room"),
		mo_bind_optfield(L, 1, "serial"),
		mo_bind_optfield(L, 1, "manufacturer"),
		mo_bind_optfield(L, 1, "model"),
		mo_bind_optfield(L, 1, "clia_test")};
	if (mo_equip_add(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"location", "room", "kind",
					     "retired", NULL};
	mo_equip_filter f = {0};
	mo_err e;
	if (opt_table(L, 1, fields)) {
		f.location = mo_bind_optfield(L, 1, "location");
		f.room = mo_bind_optfield(L, 1, "room");
		f.kind = mo_bind_optfield(L, 1, "kind");
		f.retired = bool_field(L, 1, "retired");
	}
	lua_newtable(L);
	if (mo_equip_list(practice_of(L), actor_of(L), &f, append_asset, L,
			  &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_get(lua_State *L)
{
	mo_equip_filter f = {.id = luaL_checkinteger(L, 1)};
	int top = lua_gettop(L);
	mo_err e;
	int rc = mo_equip_list(practice_of(L), actor_of(L), &f, push_asset, L,
			       &e);
	if (!rc) {
		lua_newtable(L);
		rc = mo_equip_schedules(practice_of(L), actor_of(L), f.id, 0,
					append_sched, L, &e);
	}
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	lua_setfield(L, -2, "schedules");
	return 1;
}

static int l_set_status(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *status = luaL_checkstring(L, 2);
	const char *reason = luaL_optstring(L, 3, NULL);
	mo_err e;
	if (mo_equip_set_status(practice_of(L), actor_of(L), id, status,
				reason, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* ---- scripts: schedules and service ---- */

static int32_t interval(lua_State *L, const char *field)
{
	return (int32_t)mo_bind_intfield(L, 1, field, "equipment.schedule",
					 false, 0, INT32_MIN, INT32_MAX);
}

static int l_schedule(lua_State *L)
{
	static const char *const fields[] = {"asset", "what", "every_days",
		"every_hours", "first_due", "blocking", "assignee", "low",
		"high", NULL};
	static const char fn[] = "equipment.schedule";
	mo_equip_schedule_new in = {0};
	bool lo, hi;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.asset = id_field(L, 1, "asset", fn);
	in.what = mo_bind_optfield(L, 1, "what");
	in.every_days = interval(L, "every_days");
	in.every_hours = interval(L, "every_hours");
	in.first_due = mo_bind_datefield(L, 1, "first_due", fn, false, 0);
	in.blocking = bool_field(L, 1, "blocking");
	in.assignee = mo_bind_optfield(L, 1, "assignee");
	lo = decimal_field(L, 1, "low", fn, &in.low);
	hi = decimal_field(L, 1, "high", fn, &in.high);
	if (lo != hi)
		return luaL_error(L, "%s: a range needs both low and high", fn);
	in.has_range = lo;
	if (mo_equip_schedule(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_unschedule(lua_State *L)
{
	lua_Integer asset = luaL_checkinteger(L, 1);
	const char *what = luaL_checkstring(L, 2);
	mo_err e;
	int rc = mo_equip_unschedule(practice_of(L), actor_of(L), asset, what,
				     &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int64_t when_field(lua_State *L, int idx, const char *fn)
{
	const char *s = mo_bind_optfield(L, idx, "at");
	int64_t us = 0;
	mo_err e;
	if (s && mo_equip_parse_when(practice_of(L), s, &us, &e))
		luaL_error(L, "%s: %s", fn, e.msg);
	return us;
}

static int l_service(lua_State *L)
{
	static const char *const fields[] = {"asset", "what", "result",
		"reading", "at", "by", "vendor", "note", NULL};
	static const char fn[] = "equipment.service";
	mo_equip_record_new in = {0};
	bool passed;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.asset = id_field(L, 1, "asset", fn);
	in.what = mo_bind_optfield(L, 1, "what");
	in.result = mo_bind_optfield(L, 1, "result");
	in.has_reading = decimal_field(L, 1, "reading", fn, &in.reading);
	in.at_us = when_field(L, 1, fn);
	in.by = mo_bind_optfield(L, 1, "by");
	in.vendor = mo_bind_optfield(L, 1, "vendor");
	in.note = mo_bind_optfield(L, 1, "note");
	if (mo_equip_service(practice_of(L), actor_of(L), &in, &id, &passed,
			     &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	lua_pushboolean(L, passed);
	return 2;
}

static int l_history(lua_State *L)
{
	static const char *const fields[] = {"asset", "from", "to", NULL};
	static const char fn[] = "equipment.history";
	int64_t asset = 0;
	int32_t from = 0, to = 0;
	mo_err e;
	if (opt_table(L, 1, fields)) {
		asset = id_field(L, 1, "asset", fn);
		from = mo_bind_datefield(L, 1, "from", fn, false, 0);
		to = mo_bind_datefield(L, 1, "to", fn, false, 0);
	}
	lua_newtable(L);
	if (mo_equip_history(practice_of(L), actor_of(L), asset, from, to,
			     append_record, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_sweep(lua_State *L)
{
	size_t n = 0;
	mo_err e;
	if (mo_equip_sweep(practice_of(L), &n, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, (lua_Integer)n);
	return 1;
}

/* ---- scripts: facility issues ---- */

static int l_report_issue(lua_State *L)
{
	static const char *const fields[] = {"what", "location", "room",
		"asset", "priority", "due", "assignee", NULL};
	static const char fn[] = "equipment.report_issue";
	mo_equip_issue_new in;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in = (mo_equip_issue_new){
		mo_bind_optfield(L, 1, "what"),
		mo_bind_optfield(L, 1, "location"),
		mo_bind_optfield(L, 1, "room"), id_field(L, 1, "asset", fn),
		mo_bind_optfield(L, 1, "priority"),
		mo_bind_datefield(L, 1, "due", fn, false, 0),
		mo_bind_optfield(L, 1, "assignee")};
	if (mo_equip_report(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_assign(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *staff = luaL_checkstring(L, 2);
	mo_err e;
	int rc = mo_equip_assign(practice_of(L), actor_of(L), id, staff, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_resolve(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *note = luaL_optstring(L, 2, NULL);
	mo_err e;
	int rc = mo_equip_resolve(practice_of(L), actor_of(L), id, note, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_issues(lua_State *L)
{
	static const char *const fields[] = {"all", NULL};
	bool all = opt_table(L, 1, fields) && bool_field(L, 1, "all");
	mo_err e;
	lua_newtable(L);
	if (mo_equip_issues(practice_of(L), actor_of(L), all, append_issue, L,
			    &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static const luaL_Reg READS[] = {
	{"usable", l_usable},
	{"schedules", l_schedules},
	{NULL, NULL},
};

void mo_bind_equipment(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "equipment");
}

void mo_bind_equipment_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"schedules", l_schedules_audited},
		{"add", l_add},
		{"list", l_list},
		{"get", l_get},
		{"set_status", l_set_status},
		{"schedule", l_schedule},
		{"unschedule", l_unschedule},
		{"service", l_service},
		{"history", l_history},
		{"sweep", l_sweep},
		{"report_issue", l_report_issue},
		{"assign", l_assign},
		{"resolve", l_resolve},
		{"issues", l_issues},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "equipment");
}
