/* bind_insure.c: Lua bindings of core/insure.h as the `insurance` table,
 * for scripts, the shell and specs (changes are made as the acting staff
 * member; every read is an audited patient.read):
 *   insurance.add{ patient =, payer =, rank = 1, relation = "self",
 *       subscriber = { family =, given =, sex =, birth_date =, line1 =,
 *                      city =, state =, zip = },
 *       member_id =, group_id =, from = "2026-01-01", to = } -> id
 *   insurance.end_policy(id, "2026-12-31") -> true | nil, message
 *       (also insurance["end"])
 *   insurance.list(patient [, date]) -> { { id, patient, payer,
 *       payer_name, rank, relation, subscriber = { ... }, member_id,
 *       group_id, from, to, status, verified, eligible, copay }, ... }
 *   insurance.verify{ insurance =, method =, active =, copay =,
 *       deductible =, deductible_met =, coinsurance =, note = } -> id
 *   insurance.verifications(id) -> { { id, insurance, verified,
 *       verified_by, method, active, copay, deductible, deductible_met,
 *       coinsurance, note }, ... }   (newest first)
 *   insurance.due([date]) -> { { appointment, patient, patient_name, at,
 *       provider, insurance, payer, verified, reason, rule }, ... }
 *       (default: tomorrow's visits)
 *   insurance.eligibility_file{ date =, rank = 1, usage = "T" } -> text,
 *       skipped = { { patient, insurance, patient_name, payer, reason },
 *       ... }, batch = { id, control, requests, payers }; nil, message,
 *       skipped when no request can be made (default: tomorrow's
 *       visits)
 * Money comes back as integer cents and goes in as cents or as text
 * ("25.00"); a field never checked is nil. `verified` is a UTC instant
 * (ISO text). Bad input and denials raise, naming the field; an unknown
 * policy or patient, or an end overlapping another policy, is nil,
 * message for end_policy, list and verifications. It uses Lua,
 * engine.h, insure.h, clock.h and units.h. */
#include <lauxlib.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "insure.h"
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

/* A money field: text or integer cents, not negative; -1 when absent
 * (unknown). */
static int64_t money_field(lua_State *L, int idx, const char *field,
			   const char *fn)
{
	int64_t cents = mo_bind_moneyfield(L, idx, field, fn, INT64_MIN);
	if (cents == INT64_MIN)
		return -1;
	if (cents < 0)
		luaL_error(L, "%s: %s: expected 0 or more", fn, field);
	return cents;
}

/* The subscriber subtable of the table at idx into in. */
static void read_subscriber(lua_State *L, int idx, mo_insurance_new *in)
{
	static const char *const fields[] = {"family", "given", "sex",
		"birth_date", "line1", "city", "state", "zip", NULL};
	int t = lua_getfield(L, idx, "subscriber");
	int32_t birth;
	if (t == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (t != LUA_TTABLE)
		luaL_error(L, "insurance.add: subscriber: expected a table, "
			   "got a %s", lua_typename(L, t));
	idx = lua_gettop(L);
	mo_bind_checkfields(L, idx, fields);
	in->subscriber_family = mo_bind_optfield(L, idx, "family");
	in->subscriber_given = mo_bind_optfield(L, idx, "given");
	in->subscriber_sex = mo_bind_optfield(L, idx, "sex");
	in->subscriber_line1 = mo_bind_optfield(L, idx, "line1");
	in->subscriber_city = mo_bind_optfield(L, idx, "city");
	in->subscriber_state = mo_bind_optfield(L, idx, "state");
	in->subscriber_zip = mo_bind_optfield(L, idx, "zip");
	birth = mo_bind_datefield(L, idx, "birth_date", "insurance.add: "
				  "subscriber", false, INT32_MIN);
	in->has_subscriber_birth = birth != INT32_MIN;
	in->subscriber_birth_day = in->has_subscriber_birth ? birth : 0;
	lua_pop(L, 1); /* the strings stay referenced by the argument */
}

/* ---- changes ---- */

static int l_add(lua_State *L)
{
	static const char *const fields[] = {"patient", "payer", "rank",
		"relation", "subscriber", "member_id", "group_id", "from", "to",
		NULL};
	const char *fn = "insurance.add";
	mo_insurance_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.patient = mo_bind_intfield(L, 1, "patient", fn, true, 0, INT64_MIN,
			       INT64_MAX);
	in.payer = mo_bind_optfield(L, 1, "payer");
	/* the core checks 1 to 3 */
	in.rank = (int)mo_bind_intfield(L, 1, "rank", fn, false, 1, INT_MIN, INT_MAX);
	in.relation = mo_bind_optfield(L, 1, "relation");
	in.relation = in.relation ? in.relation : "self";
	read_subscriber(L, 1, &in);
	in.member_id = mo_bind_optfield(L, 1, "member_id");
	in.group_id = mo_bind_optfield(L, 1, "group_id");
	in.from_day = mo_bind_datefield(L, 1, "from", fn, true, 0);
	in.to_day = mo_bind_datefield(L, 1, "to", fn, false, INT32_MIN);
	in.has_to = in.to_day != INT32_MIN;
	if (mo_ins_add(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_end(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *to = luaL_checkstring(L, 2);
	int32_t day;
	mo_err e;
	int rc;
	if (mo_date_parse(to, &day, &e))
		return luaL_error(L, "insurance.end_policy: to: %s", e.msg);
	rc = mo_ins_end(practice_of(L), actor_of(L), id, day, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_verify(lua_State *L)
{
	static const char *const fields[] = {"insurance", "method", "active",
		"copay", "deductible", "deductible_met", "coinsurance", "note",
		NULL};
	const char *fn = "insurance.verify";
	mo_eligibility_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.insurance = mo_bind_intfield(L, 1, "insurance", fn, true, 0, INT64_MIN,
				 INT64_MAX);
	in.method = mo_bind_optfield(L, 1, "method");
	if (lua_getfield(L, 1, "active") != LUA_TBOOLEAN)
		return luaL_error(L, "%s: active: expected true or false (what "
				  "the payer said)", fn);
	in.active = lua_toboolean(L, -1);
	lua_pop(L, 1);
	in.copay = money_field(L, 1, "copay", fn);
	in.deductible = money_field(L, 1, "deductible", fn);
	in.deductible_met = money_field(L, 1, "deductible_met", fn);
	/* a percent; nil is unknown (-1 to the core) */
	in.coinsurance = (int)mo_bind_intfield(L, 1, "coinsurance", fn, false, -1, 0,
					100);
	in.note = mo_bind_optfield(L, 1, "note");
	if (mo_ins_verify(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* ---- reads ---- */

/* t[k] = v in the table on top, unless v is -1 (unknown). */
static void set_known(lua_State *L, const char *k, int64_t v)
{
	if (v != -1) {
		lua_pushinteger(L, v);
		lua_setfield(L, -2, k);
	}
}

static void push_subscriber(lua_State *L, const mo_insurance *ins)
{
	char d[11];
	lua_createtable(L, 0, 8);
	mo_bind_setstr(L, "family", ins->subscriber_family);
	mo_bind_setstr(L, "given", ins->subscriber_given);
	mo_bind_setstr(L, "sex", ins->subscriber_sex);
	mo_bind_setstr(L, "birth_date", ins->has_subscriber_birth
		       ? mo_date_format(ins->subscriber_birth_day, d) : NULL);
	mo_bind_setstr(L, "line1", ins->subscriber_line1);
	mo_bind_setstr(L, "city", ins->subscriber_city);
	mo_bind_setstr(L, "state", ins->subscriber_state);
	mo_bind_setstr(L, "zip", ins->subscriber_zip);
	lua_setfield(L, -2, "subscriber");
}

static int push_policy(void *ud, const mo_insurance *ins)
{
	lua_State *L = ud;
	char a[11], b[11], t[32];
	lua_createtable(L, 0, 16);
	set_known(L, "id", ins->id);
	set_known(L, "patient", ins->patient);
	mo_bind_setstr(L, "payer", ins->payer);
	mo_bind_setstr(L, "payer_name", ins->payer_name);
	set_known(L, "rank", ins->rank);
	mo_bind_setstr(L, "relation", ins->relation);
	push_subscriber(L, ins);
	mo_bind_setstr(L, "member_id", ins->member_id);
	mo_bind_setstr(L, "group_id", ins->group_id);
	mo_bind_setstr(L, "from", mo_date_format(ins->from_day, a));
	mo_bind_setstr(L, "to", ins->has_to ? mo_date_format(ins->to_day, b)
					    : NULL);
	mo_bind_setstr(L, "status", ins->status);
	if (ins->verified_us) {
		mo_bind_setstr(L, "verified",
			       mo_clock_format_us(ins->verified_us, t));
		lua_pushboolean(L, ins->eligible);
		lua_setfield(L, -2, "eligible");
		set_known(L, "copay", ins->copay);
	}
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	lua_Integer patient = luaL_checkinteger(L, 1);
	int32_t day = 0;
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 2) &&
	    mo_date_parse(luaL_checkstring(L, 2), &day, &e))
		return luaL_error(L, "insurance.list: date: %s", e.msg);
	lua_newtable(L);
	rc = mo_ins_list(practice_of(L), actor_of(L), patient, day,
			 push_policy, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int push_check(void *ud, const mo_eligibility *el)
{
	lua_State *L = ud;
	char t[32];
	lua_createtable(L, 0, 11);
	set_known(L, "id", el->id);
	set_known(L, "insurance", el->insurance);
	mo_bind_setstr(L, "verified", mo_clock_format_us(el->verified_us, t));
	mo_bind_setstr(L, "verified_by", el->verified_by);
	mo_bind_setstr(L, "method", el->method);
	lua_pushboolean(L, el->active);
	lua_setfield(L, -2, "active");
	set_known(L, "copay", el->copay);
	set_known(L, "deductible", el->deductible);
	set_known(L, "deductible_met", el->deductible_met);
	set_known(L, "coinsurance", el->coinsurance);
	mo_bind_setstr(L, "note", el->note);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_verifications(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc;
	lua_newtable(L);
	rc = mo_ins_verifications(practice_of(L), actor_of(L), id, push_check,
				  L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int push_due(void *ud, const mo_ins_due_item *d)
{
	lua_State *L = ud;
	char t[32];
	lua_createtable(L, 0, 10);
	set_known(L, "appointment", d->appointment);
	set_known(L, "patient", d->patient);
	mo_bind_setstr(L, "patient_name", d->patient_name);
	mo_bind_setstr(L, "at", d->at);
	mo_bind_setstr(L, "provider", d->provider);
	if (d->insurance)
		set_known(L, "insurance", d->insurance);
	mo_bind_setstr(L, "payer", d->payer);
	mo_bind_setstr(L, "verified", d->verified_us
		       ? mo_clock_format_us(d->verified_us, t) : NULL);
	mo_bind_setstr(L, "reason", d->reason);
	mo_bind_setstr(L, "rule", d->rule);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_due(lua_State *L)
{
	mo_practice *p = practice_of(L);
	int32_t day = mo_practice_today(p) + 1;
	mo_err e;
	if (!lua_isnoneornil(L, 1) &&
	    mo_date_parse(luaL_checkstring(L, 1), &day, &e))
		return luaL_error(L, "insurance.due: date: %s", e.msg);
	lua_newtable(L);
	if (mo_ins_due(p, actor_of(L), day, push_due, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- the eligibility request file ---- */

static void push_skip(void *ud, const mo_ins_270_skip *s)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 5);
	mo_bind_setint(L, "patient", s->patient);
	mo_bind_setint(L, "insurance", s->insurance);
	mo_bind_setstr(L, "patient_name", s->patient_name);
	mo_bind_setstr(L, "payer", s->payer);
	mo_bind_setstr(L, "reason", s->reason);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static void read_270(lua_State *L, mo_ins_270 *in)
{
	static const char *const fields[] = {"date", "rank", "usage", NULL};
	const char *fn = "insurance.eligibility_file", *usage;
	memset(in, 0, sizeof *in);
	if (lua_isnoneornil(L, 1))
		return;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in->day = mo_bind_datefield(L, 1, "date", fn, false, 0);
	in->rank = (int)mo_bind_intfield(L, 1, "rank", fn, false, 1, 1, 3);
	usage = mo_bind_optfield(L, 1, "usage");
	if (usage && strcmp(usage, "T") && strcmp(usage, "P"))
		luaL_error(L, "%s: usage: expected \"T\" (test) or \"P\" "
			   "(production)", fn);
	in->usage = usage ? usage[0] : 'T';
}

static int l_eligibility_file(lua_State *L)
{
	mo_ins_270 in;
	mo_ins_270_result r;
	char *text = NULL;
	size_t len = 0;
	mo_err e;
	int rc;
	read_270(L, &in);
	lua_newtable(L); /* skipped */
	rc = mo_ins_eligibility_file(practice_of(L), actor_of(L), &in, &text,
				     &len, &r, push_skip, L, &e);
	if (rc == MO_ENOTFOUND) {
		lua_pushnil(L);
		lua_pushstring(L, e.msg);
		lua_rotate(L, -3, 2); /* nil, message, skipped */
		return 3;
	}
	if (rc)
		return mo_bind_raise(L, &e);
	lua_pushlstring(L, text, len);
	free(text);
	lua_rotate(L, -2, 1); /* text, skipped */
	lua_createtable(L, 0, 4);
	mo_bind_setint(L, "id", r.batch);
	mo_bind_setint(L, "control", r.control);
	mo_bind_setint(L, "requests", r.requests);
	mo_bind_setint(L, "payers", r.payers);
	return 3;
}

void mo_bind_insure_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"add", l_add},
		{"end_policy", l_end},
		{"end", l_end},
		{"list", l_list},
		{"verify", l_verify},
		{"verifications", l_verifications},
		{"due", l_due},
		{"eligibility_file", l_eligibility_file},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "insurance");
}
