/* bind_timecard.c: Lua bindings of core/timecard.h. Policies get the
 * overtime DSL (`overtime "name" { ... }`, lua/medoffice/payroll.lua);
 * scripts, the shell and specs get two tables, acting as the acting
 * staff member (act_as):
 *   timecards.clock_in() -> card id;  timecards.clock_out() -> card id
 *   timecards.list{ staff =, from =, to =, open = } -> { card, ... }
 *   timecards.history(id) -> { card, ... } (its versions) | nil, message
 *   timecards.correct{ card =, staff =, ["in"] =, out =, reason = }
 *       -> request id (a "time_correction" request)
 *   timecards.approve{ staff =, period = } -> approval id | nil, message
 *   payroll.period([date [, back]]) -> { first, last }
 *   payroll.rates{ staff = } -> { rate, ... }
 *   payroll.set_rate{ staff =, pay =, rate =, from =, reason = }
 *       -> request id (a "pay_change" request)
 *   payroll.register{ period = } -> { line, ... }
 *   payroll.export{ period = } -> csv text, { id, rows, gross, sha256 }
 *   payroll.pto{ staff =, date = } -> { balance, ... }
 *   payroll.time_off{ from =, to =, reason = } -> request id ("pto")
 *   payroll.overtime(name, days) -> { { regular, overtime, double }, ... }
 *   payroll.rules() -> { { name, title, where, ... }, ... }
 * A card is { id, staff, ["in"], out (local "2026-11-23 08:00"; out nil
 * while open), start, ["end"] (UTC), minutes, version, event, request,
 * reason, changed, changed_by }. Times given are local
 * ("2026-11-20 08:00"), dates "2026-11-20", money text ("19.50") or
 * integer cents; minutes and cents come back as integers. A period is
 * given by any day of it (default: the last period that ended). Bad input
 * and denials raise, naming the field. It uses Lua, engine.h, overtime.h,
 * timecard.h, clock.h, tz.h and units.h. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "overtime.h"
#include "timecard.h"
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

/* ---- the overtime DSL (policy base) ---- */

void mo_bind_timecard(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	if (mo_engine_require(en, "payroll", &e))
		luaL_error(L, "%s", e.msg);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	lua_setfield(L, -2, "policy"); /* payroll.policy = policy */
	lua_getfield(L, -1, "overtime");
	lua_setfield(L, -3, "overtime");
	lua_pop(L, 1);
}

/* ---- arguments ---- */

/* An optional local time field ("2026-11-20 08:00") as an instant; 0
 * when absent. */
static int64_t time_field(lua_State *L, int idx, const char *field,
			  const char *fn)
{
	const char *s = mo_bind_optfield(L, idx, field);
	int32_t day, sec;
	int64_t us;
	mo_err e;
	if (!s)
		return 0;
	if (mo_tz_parse_local(s, &day, &sec, &e) ||
	    mo_tz_to_utc(mo_practice_config(practice_of(L))->timezone, day,
			 sec, MO_TZ_STRICT, &us, &e))
		return luaL_error(L, "%s: %s: %s", fn, field, e.msg);
	return us;
}

/* The period of the date field (any day of it), or the last one that
 * ended. */
static mo_tc_period period_field(lua_State *L, int idx, const char *fn)
{
	mo_practice *p = practice_of(L);
	int32_t day = 0;
	mo_tc_period pd;
	mo_err e;
	if (!lua_isnoneornil(L, idx))
		day = mo_bind_datefield(L, idx, "period", fn, false, 0);
	if (mo_tc_period_of(p, day ? day : mo_practice_today(p), day ? 0 : 1,
			    &pd, &e))
		luaL_error(L, "%s: %s", fn, e.msg);
	return pd;
}

static void opt_table(lua_State *L, int idx, const char *const *fields)
{
	if (!lua_isnoneornil(L, idx)) {
		luaL_checktype(L, idx, LUA_TTABLE);
		mo_bind_checkfields(L, idx, fields);
	}
}

/* ---- results ---- */

static void set_local(lua_State *L, const char *k, int64_t us)
{
	char buf[32];
	if (us)
		mo_bind_setstr(L, k, mo_tz_format(mo_practice_config(
				   practice_of(L))->timezone, us, buf));
}

static void set_id(lua_State *L, const char *k, int64_t v)
{
	if (v)
		mo_bind_setint(L, k, v);
}

static int append_card(void *ud, const mo_tc_card *c)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 13);
	mo_bind_setint(L, "id", c->id);
	mo_bind_setstr(L, "staff", c->staff);
	set_local(L, "in", c->in_us);
	set_local(L, "out", c->out_us);
	mo_bind_settime(L, "start", c->in_us);
	mo_bind_settime(L, "end", c->out_us);
	mo_bind_setint(L, "minutes", c->minutes);
	mo_bind_setint(L, "version", c->version);
	mo_bind_setstr(L, "event", c->event);
	set_id(L, "request", c->request);
	mo_bind_setstr(L, "reason", c->reason);
	mo_bind_settime(L, "changed", c->changed_us);
	mo_bind_setstr(L, "changed_by", c->changed_by);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* ---- timecards ---- */

static int l_clock(lua_State *L, bool in)
{
	int64_t card;
	mo_err e;
	int rc = in ? mo_tc_clock_in(practice_of(L), actor_of(L), &card, &e)
		    : mo_tc_clock_out(practice_of(L), actor_of(L), &card, &e);
	if (rc)
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, card);
	return 1;
}

static int l_clock_in(lua_State *L)
{
	return l_clock(L, true);
}

static int l_clock_out(lua_State *L)
{
	return l_clock(L, false);
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"staff", "from", "to", "open",
					     NULL};
	static const char fn[] = "timecards.list";
	mo_tc_filter f = {0};
	mo_err e;
	opt_table(L, 1, fields);
	if (!lua_isnoneornil(L, 1)) {
		f.staff = mo_bind_optfield(L, 1, "staff");
		f.from_day = mo_bind_datefield(L, 1, "from", fn, false, 0);
		f.to_day = mo_bind_datefield(L, 1, "to", fn, false, 0);
		lua_getfield(L, 1, "open");
		f.open = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	lua_newtable(L);
	if (mo_tc_list(practice_of(L), actor_of(L), &f, append_card, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_history(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc;
	lua_newtable(L);
	rc = mo_tc_history(practice_of(L), actor_of(L), id, append_card, L,
			   &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int l_correct(lua_State *L)
{
	static const char *const fields[] = {"card", "staff", "in", "out",
					     "reason", NULL};
	static const char fn[] = "timecards.correct";
	mo_tc_correction c = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	c.card = mo_bind_intfield(L, 1, "card", fn, false, 0, 1, INT64_MAX);
	c.staff = mo_bind_optfield(L, 1, "staff");
	c.in_us = time_field(L, 1, "in", fn);
	c.out_us = time_field(L, 1, "out", fn);
	c.reason = mo_bind_optfield(L, 1, "reason");
	if (mo_tc_correct_request(practice_of(L), actor_of(L), &c, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_approve(lua_State *L)
{
	static const char *const fields[] = {"staff", "period", NULL};
	static const char fn[] = "timecards.approve";
	mo_tc_period pd;
	const char *staff;
	int64_t id;
	mo_err e;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	staff = mo_bind_optfield(L, 1, "staff");
	pd = period_field(L, 1, fn);
	rc = mo_tc_approve(practice_of(L), actor_of(L), staff, pd.first, &id,
			   &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* ---- payroll ---- */

static void push_period(lua_State *L, const mo_tc_period *pd)
{
	lua_createtable(L, 0, 2);
	mo_bind_setdate(L, "first", pd->first);
	mo_bind_setdate(L, "last", pd->last);
}

static int l_period(lua_State *L)
{
	mo_practice *p = practice_of(L);
	int32_t day = mo_practice_today(p);
	lua_Integer back = luaL_optinteger(L, 2, 0);
	mo_tc_period pd;
	mo_err e;
	if (!lua_isnoneornil(L, 1) &&
	    mo_date_parse(luaL_checkstring(L, 1), &day, &e))
		return luaL_error(L, "payroll.period: date: %s", e.msg);
	if (mo_tc_period_of(p, day, (int)(back < 0 || back > 1000 ? -1 : back),
			    &pd, &e))
		return luaL_error(L, "payroll.period: %s", e.msg);
	push_period(L, &pd);
	return 1;
}

static int append_rate(void *ud, const mo_tc_rate *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setstr(L, "staff", r->staff);
	mo_bind_setstr(L, "pay", r->pay);
	mo_bind_setint(L, "rate", r->rate);
	mo_bind_setdate(L, "from", r->from);
	set_id(L, "request", r->request);
	mo_bind_setstr(L, "reason", r->reason);
	mo_bind_settime(L, "created", r->created_us);
	mo_bind_setstr(L, "created_by", r->created_by);
	lua_pushboolean(L, r->current);
	lua_setfield(L, -2, "current");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_rates(lua_State *L)
{
	static const char *const fields[] = {"staff", NULL};
	const char *staff = NULL;
	mo_err e;
	opt_table(L, 1, fields);
	if (!lua_isnoneornil(L, 1))
		staff = mo_bind_optfield(L, 1, "staff");
	lua_newtable(L);
	if (mo_tc_rates(practice_of(L), actor_of(L), staff, append_rate, L,
			&e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_set_rate(lua_State *L)
{
	static const char *const fields[] = {"staff", "pay", "rate", "from",
					     "reason", NULL};
	static const char fn[] = "payroll.set_rate";
	mo_tc_rate_new r = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	r.staff = mo_bind_optfield(L, 1, "staff");
	r.pay = mo_bind_optfield(L, 1, "pay");
	r.rate = mo_bind_moneyfield(L, 1, "rate", fn, 0);
	r.from = mo_bind_datefield(L, 1, "from", fn, true, 0);
	r.reason = mo_bind_optfield(L, 1, "reason");
	if (mo_tc_rate_request(practice_of(L), actor_of(L), &r, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int append_line(void *ud, const mo_tc_pay_line *l)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 18);
	mo_bind_setstr(L, "staff", l->staff);
	mo_bind_setstr(L, "name", l->name);
	mo_bind_setstr(L, "pay", l->pay);
	mo_bind_setint(L, "rate", l->rate);
	mo_bind_setint(L, "regular", l->regular);
	mo_bind_setint(L, "overtime", l->overtime);
	mo_bind_setint(L, "double", l->double_time);
	mo_bind_setint(L, "pto", l->pto);
	mo_bind_setint(L, "days", l->days);
	mo_bind_setint(L, "regular_pay", l->regular_pay);
	mo_bind_setint(L, "overtime_pay", l->overtime_pay);
	mo_bind_setint(L, "double_pay", l->double_pay);
	mo_bind_setint(L, "pto_pay", l->pto_pay);
	mo_bind_setint(L, "salary_pay", l->salary_pay);
	mo_bind_setint(L, "gross", l->gross);
	lua_pushboolean(L, l->approved);
	lua_setfield(L, -2, "approved");
	mo_bind_setint(L, "open", l->open);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* The rules in force; raises on a bad setting. ot must outlive their
 * use. */
static void rules_of(lua_State *L, mo_overtime *ot)
{
	mo_err e;
	if (mo_overtime_rules(mo_engine_from(L), ot, &e))
		luaL_error(L, "%s", e.msg);
}

static int l_register(lua_State *L)
{
	static const char *const fields[] = {"period", NULL};
	mo_overtime ot;
	mo_tc_period pd;
	mo_err e;
	opt_table(L, 1, fields);
	pd = period_field(L, 1, "payroll.register");
	rules_of(L, &ot);
	lua_newtable(L);
	if (mo_tc_register(practice_of(L), actor_of(L), &pd,
			   ot.rules.split ? &ot.rules : NULL, append_line, L,
			   &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* A box for the export's text, freed by __gc if a push raises. */
static int box_gc(lua_State *L)
{
	char **text = lua_touserdata(L, 1);
	free(*text);
	*text = NULL;
	return 0;
}

static char **new_box(lua_State *L)
{
	char **text = lua_newuserdatauv(L, sizeof *text, 0);
	*text = NULL;
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, box_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	return text;
}

static int l_export(lua_State *L)
{
	static const char *const fields[] = {"period", NULL};
	mo_tc_export_info info;
	mo_overtime ot;
	mo_tc_period pd;
	char **csv;
	size_t len = 0;
	mo_err e;
	int rc;
	opt_table(L, 1, fields);
	pd = period_field(L, 1, "payroll.export");
	rules_of(L, &ot);
	csv = new_box(L);
	rc = mo_tc_export(practice_of(L), actor_of(L), &pd,
			  ot.rules.split ? &ot.rules : NULL, csv, &len, &info,
			  &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushlstring(L, *csv, len);
	free(*csv);
	*csv = NULL;
	lua_createtable(L, 0, 4);
	mo_bind_setint(L, "id", info.id);
	mo_bind_setint(L, "rows", info.rows);
	mo_bind_setint(L, "gross", info.gross);
	mo_bind_setstr(L, "sha256", info.sha256);
	return 2;
}

static int append_pto(void *ud, const mo_tc_pto *b)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 8);
	mo_bind_setstr(L, "staff", b->staff);
	mo_bind_setstr(L, "name", b->name);
	mo_bind_setint(L, "worked", b->worked);
	mo_bind_setint(L, "accrued", b->accrued);
	mo_bind_setint(L, "used", b->used);
	mo_bind_setint(L, "balance", b->balance);
	mo_bind_setint(L, "planned", b->planned);
	mo_bind_setint(L, "per_day", b->per_day);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_pto(lua_State *L)
{
	static const char *const fields[] = {"staff", "date", NULL};
	mo_practice *p = practice_of(L);
	int32_t day = mo_practice_today(p);
	const char *staff = NULL;
	mo_err e;
	opt_table(L, 1, fields);
	if (!lua_isnoneornil(L, 1)) {
		staff = mo_bind_optfield(L, 1, "staff");
		day = mo_bind_datefield(L, 1, "date", "payroll.pto", false,
					day);
	}
	lua_newtable(L);
	if (mo_tc_pto_balances(p, actor_of(L), staff, day, append_pto, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_time_off(lua_State *L)
{
	static const char *const fields[] = {"from", "to", "reason", NULL};
	static const char fn[] = "payroll.time_off";
	int32_t from, to;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	from = mo_bind_datefield(L, 1, "from", fn, true, 0);
	to = mo_bind_datefield(L, 1, "to", fn, false, from);
	if (mo_tc_time_off_request(practice_of(L), actor_of(L), from, to,
				   mo_bind_optfield(L, 1, "reason"), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* payroll.lua's try (payroll.overtime) and list (payroll.rules). */
static void module_functions(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.payroll");
	lua_getfield(L, -1, "try");
	lua_setfield(L, -3, "overtime");
	lua_getfield(L, -1, "list");
	lua_setfield(L, -3, "rules");
	lua_pop(L, 1);
}

void mo_bind_timecard_script(lua_State *L)
{
	static const luaL_Reg cards[] = {
		{"clock_in", l_clock_in},
		{"clock_out", l_clock_out},
		{"list", l_list},
		{"history", l_history},
		{"correct", l_correct},
		{"approve", l_approve},
		{NULL, NULL},
	};
	static const luaL_Reg pay[] = {
		{"period", l_period},
		{"rates", l_rates},
		{"set_rate", l_set_rate},
		{"register", l_register},
		{"export", l_export},
		{"pto", l_pto},
		{"time_off", l_time_off},
		{NULL, NULL},
	};
	luaL_newlib(L, cards);
	lua_setfield(L, -2, "timecards");
	luaL_newlib(L, pay);
	module_functions(L);
	lua_setfield(L, -2, "payroll");
}
