/* bind_sched.c: Lua bindings of core/sched.h as the `schedule` table, for
 * scripts, the shell and specs (every read of the book is an audited read,
 * and a rule must not book, so policies do not get it). Times are given
 * as local wall-clock text in the practice's zone, "2026-12-01 09:30", or
 * as a UTC instant "2026-12-01T15:30:00Z"; they come back as both (`at`
 * local, `start`/`end` UTC):
 *   schedule.book{ patient =, provider =, location =, visit_type =, at =,
 *                  room =, double_book =, note = } -> id
 *   schedule.move(id, at [, provider]), schedule.cancel(id, reason),
 *   schedule.mark(id, "arrived" | "roomed" | "seen" | "checked_out" |
 *                 "no_show"), schedule.get(id)
 *   schedule.day{ provider = | location =, date =, all = } -> list
 *   schedule.list("reminders" | "reschedule" [, date]) -> list
 *   schedule.find{ visit_type =, provider =, location =, from =, to =,
 *                  part = "morning" | "afternoon", patient =, limit = }
 *   schedule.first{ ... } -> the first free slot, or nil
 *   schedule.import{ { patient =, provider =, visit_type =, at =, ... },
 *                    ... } -> { id, ... }   (all, or none and an error)
 *   schedule.propose{ provider =, from =, to = } -> covering id, or nil
 *   schedule.out{ provider =, from =, to =, reason =, covering =,
 *                 flag_only = } -> { id, covering, affected, moved,
 *                 flagged, appointments = { ... } }
 * The acting staff member is the engine's. It uses Lua, engine.h,
 * sched.h, tz.h, clock.h and units.h. */
#include <lauxlib.h>
#include <string.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

static const mo_config *config_of(lua_State *L)
{
	return mo_practice_config(mo_engine_practice(mo_engine_from(L)));
}

/* "YYYY-MM-DD HH:MM" local, or an ISO UTC instant, into us. */
static int64_t parse_at(lua_State *L, const char *s, const char *fn)
{
	int32_t day, sec;
	int64_t us;
	mo_err e;
	if (mo_tz_parse_local(s, &day, &sec, NULL) == 0) {
		if (mo_tz_to_utc(config_of(L)->timezone, day, sec, MO_TZ_STRICT,
				 &us, &e))
			luaL_error(L, "%s: at: %s", fn, e.msg);
		return us;
	}
	if (mo_clock_parse_us(s, &us, &e))
		luaL_error(L, "%s: at: expected local time such as \"2026-12-01 "
			   "09:30\" or a UTC instant, got \"%s\"", fn, s);
	return us;
}

static int32_t parse_day(lua_State *L, const char *s, const char *fn)
{
	int32_t day;
	mo_err e;
	if (mo_date_parse(s, &day, &e))
		luaL_error(L, "%s: %s", fn, e.msg);
	return day;
}

/* Today in the practice's zone. */
static int32_t local_today(lua_State *L)
{
	return mo_practice_today(mo_engine_practice(mo_engine_from(L)));
}

static void set_times(lua_State *L, int64_t start, int64_t end)
{
	char buf[32];
	mo_bind_setstr(L, "at", mo_tz_format(config_of(L)->timezone, start,
					     buf));
	mo_bind_setstr(L, "start", mo_clock_format_us(start, buf));
	mo_bind_setstr(L, "end", mo_clock_format_us(end, buf));
}

static int push_appt(void *ud, const mo_appt *a)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 16);
	lua_pushinteger(L, a->id);
	lua_setfield(L, -2, "id");
	lua_pushinteger(L, a->patient);
	lua_setfield(L, -2, "patient");
	mo_bind_setstr(L, "provider", a->provider);
	mo_bind_setstr(L, "location", a->location);
	mo_bind_setstr(L, "room", a->room);
	mo_bind_setstr(L, "visit_type", a->visit_type);
	mo_bind_setstr(L, "status", a->status);
	set_times(L, a->start_us, a->end_us);
	mo_bind_setstr(L, "reason", a->reason);
	mo_bind_setstr(L, "note", a->note);
	lua_pushboolean(L, a->double_booked);
	lua_setfield(L, -2, "double_booked");
	lua_pushboolean(L, a->needs_call);
	lua_setfield(L, -2, "needs_call");
	mo_bind_setstr(L, "patient_name", a->patient_name);
	mo_bind_setstr(L, "phone", a->phone);
	return 0;
}

static int append_appt(void *ud, const mo_appt *a)
{
	lua_State *L = ud;
	push_appt(L, a);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

/* The booking described by the table at idx (its strings stay owned by
 * the table). */
static void read_booking(lua_State *L, int idx, mo_appt_new *in,
			 const char *fn)
{
	static const char *const fields[] = {"patient", "provider", "location",
		"visit_type", "at", "room", "double_book", "note", NULL};
	const char *at;
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, fields);
	lua_getfield(L, idx, "patient");
	if (!lua_isinteger(L, -1))
		luaL_error(L, "%s: patient: expected a patient id", fn);
	*in = (mo_appt_new){.patient = lua_tointeger(L, -1)};
	lua_pop(L, 1);
	in->provider = mo_bind_optfield(L, idx, "provider");
	in->location = mo_bind_optfield(L, idx, "location");
	in->visit_type = mo_bind_optfield(L, idx, "visit_type");
	in->room = mo_bind_optfield(L, idx, "room");
	in->note = mo_bind_optfield(L, idx, "note");
	if (!(at = mo_bind_optfield(L, idx, "at")))
		luaL_error(L, "%s: at is required", fn);
	in->start_us = parse_at(L, at, fn);
	lua_getfield(L, idx, "double_book");
	in->double_book = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

static int l_import(lua_State *L)
{
	size_t n, failed;
	mo_appt_new *in;
	int64_t *ids;
	mo_err e;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	n = lua_rawlen(L, 1);
	if (n == 0 || n > 1000000)
		return luaL_error(L, "schedule.import: expected a list of 1 to "
				  "1,000,000 bookings");
	/* Userdata: freed by Lua's collector even when a check raises. */
	in = lua_newuserdatauv(L, n * sizeof *in, 0);
	ids = lua_newuserdatauv(L, n * sizeof *ids, 0);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, 1, (lua_Integer)i + 1);
		read_booking(L, lua_gettop(L), &in[i], "schedule.import");
		lua_pop(L, 1);
	}
	rc = mo_sched_import(practice_of(L), actor_of(L), in, n, ids, &failed,
			     &e);
	if (rc)
		return mo_bind_raise(L, &e);
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushinteger(L, ids[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int l_book(lua_State *L)
{
	mo_appt_new in;
	int64_t id;
	mo_err e;
	read_booking(L, 1, &in, "schedule.book");
	if (mo_sched_book(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_move(lua_State *L)
{
	int64_t us = parse_at(L, luaL_checkstring(L, 2), "schedule.move");
	mo_err e;
	if (mo_sched_move(practice_of(L), actor_of(L), luaL_checkinteger(L, 1),
			  us, luaL_optstring(L, 3, NULL), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_cancel(lua_State *L)
{
	mo_err e;
	if (mo_sched_cancel(practice_of(L), actor_of(L),
			    luaL_checkinteger(L, 1), luaL_optstring(L, 2, NULL),
			    &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_mark(lua_State *L)
{
	mo_err e;
	if (mo_sched_status(practice_of(L), actor_of(L),
			    luaL_checkinteger(L, 1), luaL_checkstring(L, 2), &e))
		return mo_bind_raise(L, &e);
	return 0;
}

static int l_get(lua_State *L)
{
	mo_err e;
	int top = lua_gettop(L);
	int rc = mo_sched_get(practice_of(L), actor_of(L),
			      luaL_checkinteger(L, 1), push_appt, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	return 1;
}

static int l_day(lua_State *L)
{
	static const char *const fields[] = {"provider", "location", "date",
					     "all", NULL};
	const char *date;
	int32_t day;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	date = mo_bind_optfield(L, 1, "date");
	day = date ? parse_day(L, date, "schedule.day") : local_today(L);
	lua_getfield(L, 1, "all");
	bool all = lua_toboolean(L, -1);
	lua_newtable(L);
	if (mo_sched_day(practice_of(L), actor_of(L),
			 mo_bind_optfield(L, 1, "provider"),
			 mo_bind_optfield(L, 1, "location"), day, all,
			 append_appt, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_list(lua_State *L)
{
	const char *which = luaL_checkstring(L, 1);
	int32_t day = lua_isnoneornil(L, 2)
		? local_today(L) + (strcmp(which, "reminders") == 0)
		: parse_day(L, luaL_checkstring(L, 2), "schedule.list");
	mo_err e;
	lua_newtable(L);
	if (mo_sched_list(practice_of(L), actor_of(L), which, day, append_appt,
			  L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_slot(void *ud, const mo_slot *s)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 6);
	mo_bind_setstr(L, "provider", s->provider);
	mo_bind_setstr(L, "location", s->location);
	mo_bind_setstr(L, "room", s->room);
	set_times(L, s->start_us, s->end_us);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static mo_part parse_part(lua_State *L, const char *s)
{
	if (!s)
		return MO_PART_ANY;
	if (strcmp(s, "morning") == 0)
		return MO_PART_MORNING;
	if (strcmp(s, "afternoon") == 0)
		return MO_PART_AFTERNOON;
	luaL_error(L, "schedule.find: part: expected morning or afternoon, "
		   "got \"%s\"", s);
	return MO_PART_ANY;
}

static void read_query(lua_State *L, mo_slot_query *q)
{
	static const char *const fields[] = {"visit_type", "provider",
		"location", "from", "to", "part", "patient", "limit", NULL};
	const char *from, *to;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	q->visit_type = mo_bind_optfield(L, 1, "visit_type");
	q->provider = mo_bind_optfield(L, 1, "provider");
	q->location = mo_bind_optfield(L, 1, "location");
	q->part = parse_part(L, mo_bind_optfield(L, 1, "part"));
	from = mo_bind_optfield(L, 1, "from");
	to = mo_bind_optfield(L, 1, "to");
	q->from_day = from ? parse_day(L, from, "schedule.find")
			   : local_today(L);
	q->to_day = to ? parse_day(L, to, "schedule.find") : q->from_day + 30;
	lua_getfield(L, 1, "patient");
	q->patient = luaL_optinteger(L, -1, 0);
	lua_getfield(L, 1, "limit");
	q->limit = (size_t)luaL_optinteger(L, -1, 50);
	lua_pop(L, 2);
}

static int l_find(lua_State *L)
{
	mo_slot_query q = {0};
	mo_err e;
	read_query(L, &q);
	if (q.limit < 1 || q.limit > 1000)
		return luaL_error(L, "schedule.find: limit: expected 1 to 1000");
	lua_newtable(L);
	if (mo_sched_find(practice_of(L), actor_of(L), &q, push_slot, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_first(lua_State *L)
{
	mo_slot_query q = {0};
	mo_err e;
	read_query(L, &q);
	q.limit = 1;
	lua_newtable(L);
	if (mo_sched_find(practice_of(L), actor_of(L), &q, push_slot, L, &e))
		return mo_bind_raise(L, &e);
	lua_rawgeti(L, -1, 1);
	return 1;
}

/* from and to of the table at 1 as UTC instants. */
static void read_window(lua_State *L, const char *fn, int64_t *a, int64_t *b)
{
	const char *from = mo_bind_optfield(L, 1, "from");
	const char *to = mo_bind_optfield(L, 1, "to");
	if (!from || !to)
		luaL_error(L, "%s: from and to are required (local times such "
			   "as \"2026-12-01 08:00\")", fn);
	*a = parse_at(L, from, fn);
	*b = parse_at(L, to, fn);
}

static int l_propose(lua_State *L)
{
	static const char *const fields[] = {"provider", "from", "to", NULL};
	char covering[65];
	int64_t a, b;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	read_window(L, "schedule.propose", &a, &b);
	if (mo_sched_propose(practice_of(L), actor_of(L),
			     mo_bind_optfield(L, 1, "provider"), a, b, covering,
			     &e))
		return mo_bind_raise(L, &e);
	if (covering[0])
		lua_pushstring(L, covering);
	else
		lua_pushnil(L);
	return 1;
}

/* Sets the counts of r on the table on top. */
static void set_out(lua_State *L, const mo_out_result *r)
{
	lua_pushinteger(L, r->id);
	lua_setfield(L, -2, "id");
	mo_bind_setstr(L, "covering", r->covering[0] ? r->covering : NULL);
	lua_pushinteger(L, (lua_Integer)r->affected);
	lua_setfield(L, -2, "affected");
	lua_pushinteger(L, (lua_Integer)r->moved);
	lua_setfield(L, -2, "moved");
	lua_pushinteger(L, (lua_Integer)r->flagged);
	lua_setfield(L, -2, "flagged");
}

static int l_out(lua_State *L)
{
	static const char *const fields[] = {"provider", "from", "to",
		"reason", "covering", "flag_only", NULL};
	mo_out_new in = {0};
	mo_out_result res;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	read_window(L, "schedule.out", &in.start_us, &in.end_us);
	in.provider = mo_bind_optfield(L, 1, "provider");
	in.reason = mo_bind_optfield(L, 1, "reason");
	in.covering = mo_bind_optfield(L, 1, "covering");
	lua_getfield(L, 1, "flag_only");
	in.flag_only = lua_toboolean(L, -1);
	lua_newtable(L); /* the result */
	lua_newtable(L); /* its appointments */
	if (mo_sched_out(practice_of(L), actor_of(L), &in, &res, append_appt,
			 L, &e))
		return mo_bind_raise(L, &e);
	lua_setfield(L, -2, "appointments");
	set_out(L, &res);
	return 1;
}

void mo_bind_sched_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"book", l_book},     {"move", l_move}, {"cancel", l_cancel},
		{"mark", l_mark},     {"get", l_get},   {"day", l_day},
		{"list", l_list},     {"find", l_find}, {"first", l_first},
		{"propose", l_propose}, {"out", l_out}, {"import", l_import},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "schedule");
}
