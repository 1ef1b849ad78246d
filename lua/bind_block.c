/* bind_block.c: Lua bindings of core/block.h as the `blocks` table.
 * Policies get the reads; scripts, the shell and specs also get the
 * changes, made as the engine's acting staff member:
 *   blocks.get(id) -> block table | nil, message
 *   blocks.list([provider]) -> current blocks (all providers without one)
 *   blocks.busy{ provider =, location =, from =, to = } -> occurrences
 *   blocks.add{ provider =, location =, kind =, title =, date =,
 *     start =, ["end"] = | all_day = true, rule = (or ["repeat"] =),
 *     except =, uid = } -> id                              (scripts)
 *   blocks.except(id, date), blocks.cancel(id) -> true     (scripts)
 * rule is the text form of recur.h ("weekly on mon,wed until
 * 2027-06-30") or a table { freq =, interval =, weekdays =, until =,
 * count = }. Dates and times of day are local to the practice; busy's
 * from and to are UTC instants ("2026-12-01T18:00Z") or local dates (from
 * the start of from's day to the end of to's). Tables are built through a
 * protected call per item, so that a memory error in Lua does not jump
 * over the core's cleanup. It uses Lua, engine.h, block.h, clock.h,
 * tz.h and units.h. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "block.h"
#include "clock.h"
#include "engine.h"
#include "tz.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *zone_of(lua_State *L)
{
	return mo_practice_config(practice_of(L))->timezone;
}

/* ---- building result tables through protected calls ---- */

/* Calls fn(result table, item) protected; on failure keeps the message
 * in *e and returns MO_ELUA, which stops the core's listing. */
static int protected_push(lua_State *L, int table, lua_CFunction fn,
			  const void *item, mo_err *e)
{
	lua_pushcfunction(L, fn);
	lua_pushvalue(L, table);
	lua_pushlightuserdata(L, (void *)item);
	return mo_engine_call(mo_engine_from(L), 2, 0, e);
}

typedef struct pusher {
	lua_State *L;
	int table;
	mo_err e;
	bool failed;
} pusher;

static void set_rule(lua_State *L, const mo_recur *r)
{
	char text[MO_RECUR_TEXT], days[32];
	mo_bind_setstr(L, "rule", mo_recur_format(r, text, sizeof text));
	mo_bind_setstr(L, "freq", mo_recur_freq_name(r->freq));
	mo_bind_setint(L, "interval", r->interval);
	if (r->freq == MO_RECUR_WEEKLY)
		mo_bind_setstr(L, "weekdays",
			       mo_recur_days_format(r->weekdays, days,
						    sizeof days));
	if (r->until_day)
		mo_bind_setdate(L, "until", r->until_day);
	if (r->count)
		mo_bind_setint(L, "count", r->count);
	lua_createtable(L, (int)r->nexcept, 0);
	for (size_t i = 0; i < r->nexcept; i++) {
		char buf[11];
		lua_pushstring(L, mo_date_format(r->except[i], buf));
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "except");
}

/* The block as a table on top of the stack. */
static void push_block(lua_State *L, const mo_block *b)
{
	lua_createtable(L, 0, 24);
	mo_bind_setint(L, "id", b->id);
	mo_bind_setstr(L, "provider", b->provider);
	mo_bind_setstr(L, "location", b->location);
	mo_bind_setstr(L, "kind", b->kind);
	mo_bind_setstr(L, "title", b->title);
	mo_bind_setdate(L, "date", b->rule.first_day);
	mo_bind_setdate(L, "last_day", b->last_day);
	mo_bind_sethhmm(L, "start", b->start_sec);
	mo_bind_sethhmm(L, "end", b->end_sec);
	lua_pushboolean(L, b->start_sec == 0 && b->end_sec == MO_BLOCK_DAY);
	lua_setfield(L, -2, "all_day");
	set_rule(L, &b->rule);
	mo_bind_setstr(L, "uid", b->uid);
	mo_bind_setstr(L, "created_by", b->created_by);
	mo_bind_settime(L, "created", b->created_us);
	mo_bind_setstr(L, "cancelled_by", b->cancelled_by);
	mo_bind_settime(L, "cancelled", b->cancelled_us);
}

/* Protected: appends the block (light userdata 2) to table 1. */
static int append_block(lua_State *L)
{
	const mo_block *b = lua_touserdata(L, 2);
	push_block(L, b);
	lua_rawseti(L, 1, (lua_Integer)lua_rawlen(L, 1) + 1);
	return 0;
}

static int keep_block(void *ud, const mo_block *b)
{
	pusher *pu = ud;
	int rc = protected_push(pu->L, pu->table, append_block, b, &pu->e);
	pu->failed |= rc != 0;
	return rc;
}

/* ---- reads ---- */

static int l_get(lua_State *L)
{
	pusher pu = {L, 0, {0}, false};
	mo_err e;
	int rc;
	lua_Integer id = luaL_checkinteger(L, 1);
	lua_newtable(L);
	pu.table = lua_gettop(L);
	rc = mo_block_get(practice_of(L), id, keep_block, &pu, &e);
	if (pu.failed)
		return mo_bind_raise(L, &pu.e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_rawgeti(L, pu.table, 1);
	return 1;
}

static int l_list(lua_State *L)
{
	pusher pu = {L, 0, {0}, false};
	const char *provider = luaL_optstring(L, 1, NULL);
	mo_err e;
	int rc;
	lua_newtable(L);
	pu.table = lua_gettop(L);
	rc = mo_block_list(practice_of(L), provider, keep_block, &pu, &e);
	if (pu.failed)
		return mo_bind_raise(L, &pu.e);
	if (rc)
		return mo_bind_raise(L, &e);
	return 1;
}

/* Protected: appends the occurrence (light userdata 2) to table 1. */
static int append_busy(lua_State *L)
{
	const mo_busy *b = lua_touserdata(L, 2);
	const char *zone = zone_of(L);
	char buf[32];
	lua_createtable(L, 0, 10);
	mo_bind_setint(L, "block", b->block);
	mo_bind_setstr(L, "kind", b->kind);
	mo_bind_setstr(L, "title", b->title);
	mo_bind_setstr(L, "location", b->location);
	mo_bind_setdate(L, "day", b->day);
	mo_bind_settime(L, "start", b->start_us);
	mo_bind_settime(L, "end", b->end_us);
	mo_bind_setstr(L, "local_start", mo_tz_format(zone, b->start_us, buf));
	mo_bind_setstr(L, "local_end", mo_tz_format(zone, b->end_us, buf));
	lua_rawseti(L, 1, (lua_Integer)lua_rawlen(L, 1) + 1);
	return 0;
}

static int keep_busy(void *ud, const mo_busy *b)
{
	pusher *pu = ud;
	int rc = protected_push(pu->L, pu->table, append_busy, b, &pu->e);
	pu->failed |= rc != 0;
	return rc;
}

/* The instant of field k of table idx: a UTC instant, or a local date
 * (its start, or with end_of_day the start of the next day); *set is
 * false when the field is absent. */
static int64_t instant_field(lua_State *L, int idx, const char *k,
			     bool end_of_day, bool *set)
{
	const char *s = mo_bind_optfield(L, idx, k);
	int32_t day;
	int64_t us = 0;
	mo_err e;
	*set = s != NULL;
	if (!s)
		return 0;
	if (strlen(s) == 10 && mo_date_parse(s, &day, &e) == 0) {
		if (mo_tz_to_utc(zone_of(L), day + end_of_day, 0, MO_TZ_SHIFT,
				 &us, &e))
			luaL_error(L, "blocks.busy: %s: %s", k, e.msg);
	} else if (mo_clock_parse_us(s, &us, &e)) {
		luaL_error(L, "blocks.busy: %s: %s", k, e.msg);
	}
	return us;
}

/* Without `to`: the end of the local day of from. */
static int64_t end_of_day_of(lua_State *L, int64_t from_us)
{
	int32_t day, sec;
	int64_t us = 0;
	mo_err e;
	if (mo_tz_from_utc(zone_of(L), from_us, &day, &sec, &e) ||
	    mo_tz_to_utc(zone_of(L), day + 1, 0, MO_TZ_SHIFT, &us, &e))
		luaL_error(L, "blocks.busy: %s", e.msg);
	return us;
}

static int l_busy(lua_State *L)
{
	static const char *const fields[] = {"provider", "location", "from",
					     "to", NULL};
	pusher pu = {L, 0, {0}, false};
	const char *provider, *location;
	int64_t from, to;
	bool has_from, has_to;
	mo_err e;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	provider = mo_bind_optfield(L, 1, "provider");
	location = mo_bind_optfield(L, 1, "location");
	from = instant_field(L, 1, "from", false, &has_from);
	to = instant_field(L, 1, "to", true, &has_to);
	if (!provider || !has_from)
		return luaL_error(L, "blocks.busy: provider and from are required "
				  "(from = \"2026-12-01\" or "
				  "\"2026-12-01T18:00Z\")");
	if (!has_to)
		to = end_of_day_of(L, from);
	lua_newtable(L);
	pu.table = lua_gettop(L);
	rc = mo_block_busy(practice_of(L), provider, location, from, to,
			   keep_busy, &pu, &e);
	if (pu.failed)
		return mo_bind_raise(L, &pu.e);
	return rc ? mo_bind_raise(L, &e) : 1;
}

/* ---- blocks.add ---- */

static int32_t date_field(lua_State *L, int idx, const char *k, bool required)
{
	const char *s = mo_bind_optfield(L, idx, k);
	int32_t day = 0;
	mo_err e;
	if (!s && required)
		luaL_error(L, "blocks.add: %s is required (a date such as "
			   "2026-12-01)", k);
	if (s && mo_date_parse(s, &day, &e))
		luaL_error(L, "blocks.add: %s: %s", k, e.msg);
	return day;
}

static int32_t time_field(lua_State *L, const char *k)
{
	const char *s = mo_bind_optfield(L, 1, k);
	int minutes;
	mo_err e;
	if (!s)
		luaL_error(L, "blocks.add: %s is required (\"12:00\"), or give "
			   "all_day = true", k);
	if (mo_time_parse(s, &minutes, &e))
		luaL_error(L, "blocks.add: %s: %s", k, e.msg);
	return minutes * 60;
}

static void read_times(lua_State *L, mo_block_new *in)
{
	int t = lua_getfield(L, 1, "all_day");
	bool all_day = lua_toboolean(L, -1);
	lua_pop(L, 1);
	if (t != LUA_TNIL && t != LUA_TBOOLEAN)
		luaL_error(L, "blocks.add: all_day: expected true or false, got "
			   "a %s", lua_typename(L, t));
	if (all_day) {
		lua_getfield(L, 1, "start");
		lua_getfield(L, 1, "end");
		if (!lua_isnil(L, -1) || !lua_isnil(L, -2))
			luaL_error(L, "blocks.add: all_day takes no start or "
				   "end");
		lua_pop(L, 2);
		in->start_sec = 0;
		in->end_sec = MO_BLOCK_DAY;
		return;
	}
	in->start_sec = time_field(L, "start");
	in->end_sec = time_field(L, "end");
}

/* weekdays = { "mon", "wed" } or "mon,wed" (table at top). */
static unsigned weekdays_field(lua_State *L, int idx)
{
	unsigned bits = 0;
	int t = lua_getfield(L, idx, "weekdays");
	for (lua_Integer i = 1; t == LUA_TTABLE; i++) {
		size_t len;
		const char *s;
		int d = -1;
		if (lua_rawgeti(L, -1, i) == LUA_TNIL) {
			lua_pop(L, 1);
			break;
		}
		s = lua_tolstring(L, -1, &len);
		if (!s || (d = mo_recur_day_index(s, len)) < 0)
			luaL_error(L, "blocks.add: rule.weekdays[%d]: expected "
				   "mon, tue, wed, thu, fri, sat or sun",
				   (int)i);
		bits |= 1u << (d & 31);
		lua_pop(L, 1);
	}
	if (t == LUA_TSTRING) {
		mo_recur r = {.freq = MO_RECUR_WEEKLY};
		mo_err e;
		lua_pushfstring(L, "weekly on %s", lua_tostring(L, -1));
		if (mo_recur_parse(lua_tostring(L, -1), &r, &e))
			luaL_error(L, "blocks.add: %s", e.msg);
		bits = r.weekdays;
		lua_pop(L, 1);
	} else if (t != LUA_TNIL && t != LUA_TTABLE) {
		luaL_error(L, "blocks.add: rule.weekdays: expected a list "
			   "such as { \"mon\", \"wed\" }");
	}
	lua_pop(L, 1);
	return bits;
}

static int int_field(lua_State *L, int idx, const char *k)
{
	int t = lua_getfield(L, idx, k), isnum;
	lua_Integer v = lua_tointegerx(L, -1, &isnum);
	if (t != LUA_TNIL && (!isnum || v < 0 || v > 100000))
		luaL_error(L, "blocks.add: rule.%s: expected a whole number",
			   k);
	lua_pop(L, 1);
	return (int)v;
}

/* repeat = { freq =, interval =, weekdays =, until =, count = } at idx. */
static void rule_table(lua_State *L, int idx, mo_recur *r)
{
	static const char *const fields[] = {"freq", "interval", "weekdays",
					     "until", "count", NULL};
	const char *freq;
	mo_err e;
	mo_bind_checkfields(L, idx, fields);
	freq = mo_bind_optfield(L, idx, "freq");
	if (mo_recur_freq_parse(freq, &r->freq, &e))
		luaL_error(L, "blocks.add: rule.freq: %s", e.msg + 8);
	r->interval = int_field(L, idx, "interval");
	r->weekdays = weekdays_field(L, idx);
	r->until_day = date_field(L, idx, "until", false);
	r->count = int_field(L, idx, "count");
}

/* rule =, or ["repeat"] = (a Lua keyword, hence the other name). */
static void read_rule(lua_State *L, mo_recur *r)
{
	mo_err e;
	int t = lua_getfield(L, 1, "rule");
	if (t != LUA_TNIL) {
		lua_getfield(L, 1, "repeat");
		if (!lua_isnil(L, -1))
			luaL_error(L, "blocks.add: give rule or repeat, not both");
		lua_pop(L, 1);
	} else {
		lua_pop(L, 1);
		t = lua_getfield(L, 1, "repeat");
	}
	if (t == LUA_TSTRING && mo_recur_parse(lua_tostring(L, -1), r, &e))
		luaL_error(L, "blocks.add: %s", e.msg);
	else if (t == LUA_TTABLE)
		rule_table(L, lua_gettop(L), r);
	else if (t != LUA_TNIL && t != LUA_TSTRING)
		luaL_error(L, "blocks.add: rule: expected text such as \"weekly "
			   "on mon until 2027-06-30\" or a table, got a %s",
			   lua_typename(L, t));
	lua_pop(L, 1);
}

static int by_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
	return (x > y) - (x < y);
}

/* except = { dates }: sorted, without repeats, in a userdata left on the
 * stack (collected by Lua, whatever raises later). */
static void read_except(lua_State *L, mo_recur *r)
{
	int t = lua_getfield(L, 1, "except");
	size_t n = t == LUA_TTABLE ? lua_rawlen(L, -1) : 0, k = 0;
	int32_t *days;
	if (t != LUA_TNIL && t != LUA_TTABLE)
		luaL_error(L, "blocks.add: except: expected a list of dates");
	if (n > MO_RECUR_MAX_EXCEPT)
		luaL_error(L, "blocks.add: except: at most %d dates, got %d",
			   MO_RECUR_MAX_EXCEPT, (int)n);
	days = lua_newuserdatauv(L, (n ? n : 1) * sizeof *days, 0);
	for (size_t i = 0; i < n; i++) {
		mo_err e;
		lua_rawgeti(L, -2, (lua_Integer)i + 1);
		if (!lua_isstring(L, -1) ||
		    mo_date_parse(lua_tostring(L, -1), &days[i], &e))
			luaL_error(L, "blocks.add: except[%d]: expected a date such "
				   "as 2026-12-24", (int)i + 1);
		lua_pop(L, 1);
	}
	qsort(days, n, sizeof *days, by_day);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || days[i] != days[k - 1])
			days[k++] = days[i];
	r->except = days;
	r->nexcept = k;
}

static int l_add(lua_State *L)
{
	static const char *const fields[] = {
		"provider", "location", "kind", "title", "date", "start", "end",
		"all_day", "rule", "repeat", "except", "uid", NULL,
	};
	mo_engine *en = mo_engine_from(L);
	mo_block_new in = {0};
	int64_t id;
	mo_err e;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.provider = mo_bind_optfield(L, 1, "provider");
	in.location = mo_bind_optfield(L, 1, "location");
	in.kind = mo_bind_optfield(L, 1, "kind");
	in.title = mo_bind_optfield(L, 1, "title");
	in.uid = mo_bind_optfield(L, 1, "uid");
	in.rule.first_day = date_field(L, 1, "date", true);
	read_times(L, &in);
	read_rule(L, &in.rule);
	read_except(L, &in.rule);
	rc = mo_block_add(mo_engine_practice(en), mo_engine_actor(en), &in, &id,
			  &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* ---- except and cancel ---- */

static int l_except(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *date = luaL_checkstring(L, 2);
	int32_t day;
	mo_err e;
	int rc;
	if (mo_date_parse(date, &day, &e))
		return luaL_error(L, "blocks.except: %s", e.msg);
	rc = mo_block_except(mo_engine_practice(en), mo_engine_actor(en), id,
			     day, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_cancel(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	int rc = mo_block_cancel(mo_engine_practice(en), mo_engine_actor(en),
				 luaL_checkinteger(L, 1), &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg READS[] = {
	{"get", l_get},
	{"list", l_list},
	{"busy", l_busy},
	{NULL, NULL},
};

void mo_bind_block(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "blocks");
}

void mo_bind_block_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"add", l_add},
		{"except", l_except},
		{"cancel", l_cancel},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "blocks");
}
