/* bind_hr.c: Lua bindings of core/hr.h as the `hr` table, for scripts, the
 * shell and specs (made as the acting staff member, act_as):
 *   hr.file(staff) -> { record, ... } (oldest first; the latest version
 *       of each record; notes only where the reader may see them)
 *   hr.hire{ staff =, name =, job =, start =, employment =, candidate =,
 *       pay = "hourly" | "salary", rate = "21.00", note =, corrects = }
 *       -> the hire request's id (recorded once approved)
 *   hr.role{ staff =, job =, effective =, reason =, pay =, rate =,
 *       corrects = } -> id, pay_request (nil: none)
 *   hr.terminate{ staff =, effective =, reason =, gross_misconduct =,
 *       rehire =, note =, corrects = } -> id
 *   hr.benefits{ staff =, plan =, effective =, coverage =,
 *       employee_cost = "45.00", employer_cost = "310.00", waived =,
 *       corrects = } -> the benefits request's id
 *   hr.review{ staff =, reviewer =, date =, from =, to =, rating = 1..5,
 *       summary =, goals =, corrects = } -> id (reviewer: the actor)
 *   hr.discipline{ staff =, date =, level =, description =, corrects = }
 *       -> id
 *   hr.acknowledge(id [, comment]) -> true
 *   hr.void(id, reason) -> id
 *   hr.candidate{ name =, position =, applied =, source = } -> id
 *   hr.status(candidate, status [, note]) -> true
 *   hr.candidates([status]) -> { candidate, ... }
 *   hr.interview{ candidate =, at = "2026-12-03 10:00", interviewers =
 *       { "maria", ... }, notes =, corrects = } -> id
 *   hr.assess{ candidate =, assessor =, scores = { communication = 4,
 *       ... }, recommendation = "hire" | "hold" | "reject", comments = }
 *       -> id
 * Dates are "YYYY-MM-DD" (date, from and to default to today); money
 * goes in as text ("45.00") or integer cents (a float is refused) and
 * comes back as integer cents. Bad input and denials raise, naming the
 * field. It uses Lua, engine.h, hr.h, tz.h and units.h. */
#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "hr.h"
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

static int64_t int_field(lua_State *L, const char *field, const char *fn)
{
	return mo_bind_intfield(L, 1, field, fn, false, 0, INT32_MIN,
				INT64_MAX);
}

static bool bool_field(lua_State *L, const char *field)
{
	bool v;
	lua_getfield(L, 1, field);
	v = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return v;
}

static int32_t date_field(lua_State *L, const char *field, const char *fn,
			  bool required)
{
	return mo_bind_datefield(L, 1, field, fn, required,
				 mo_practice_today(practice_of(L)));
}

/* A money field in cents (0 when absent; the core checks the range). */
static int64_t money_field(lua_State *L, const char *field, const char *fn)
{
	return mo_bind_moneyfield(L, 1, field, fn, 0);
}

/* ---- pushing results ---- */

static void set_id(lua_State *L, const char *k, int64_t v)
{
	if (v)
		mo_bind_setint(L, k, v);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void push_kind_fields(lua_State *L, const mo_hr_record *r)
{
	if (!strcmp(r->kind, "termination") && !r->voided) {
		set_bool(L, "gross_misconduct", r->gross_misconduct);
		set_bool(L, "rehire", r->rehire);
	}
	if (!strcmp(r->kind, "benefits") && !r->voided) {
		mo_bind_setint(L, "employee_cost", r->employee_cost);
		mo_bind_setint(L, "employer_cost", r->employer_cost);
		set_bool(L, "waived", r->waived);
	}
	if (r->rating)
		mo_bind_setint(L, "rating", r->rating);
}

static int append_record(void *ud, const mo_hr_record *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 24);
	mo_bind_setint(L, "id", r->id);
	set_id(L, "corrects", r->corrects);
	mo_bind_setstr(L, "staff", r->staff);
	mo_bind_setstr(L, "kind", r->kind);
	mo_bind_setdate(L, "date", r->day);
	if (r->voided)
		set_bool(L, "voided", true);
	mo_bind_setstr(L, "name", r->name);
	mo_bind_setstr(L, "job", r->job);
	mo_bind_setstr(L, "from_job", r->from_job);
	mo_bind_setstr(L, "employment", r->employment);
	set_id(L, "candidate", r->candidate);
	mo_bind_setstr(L, "reason", r->reason);
	mo_bind_setstr(L, "plan", r->plan);
	mo_bind_setstr(L, "coverage", r->coverage);
	mo_bind_setdate(L, "from", r->from);
	mo_bind_setdate(L, "to", r->to);
	mo_bind_setstr(L, "reviewer", r->reviewer);
	mo_bind_setstr(L, "level", r->level);
	mo_bind_setstr(L, "text", r->text);
	mo_bind_setstr(L, "goals", r->goals);
	set_id(L, "request", r->request);
	set_id(L, "pay_request", r->pay_request);
	mo_bind_settime(L, "acknowledged", r->acknowledged_us);
	mo_bind_setstr(L, "ack_comment", r->ack_comment);
	mo_bind_settime(L, "created", r->created_us);
	mo_bind_setstr(L, "created_by", r->created_by);
	push_kind_fields(L, r);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int append_candidate(void *ud, const mo_hr_candidate *c)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 11);
	mo_bind_setint(L, "id", c->id);
	mo_bind_setstr(L, "name", c->name);
	mo_bind_setstr(L, "position", c->position);
	mo_bind_setstr(L, "source", c->source);
	mo_bind_setstr(L, "status", c->status);
	mo_bind_setdate(L, "applied", c->applied);
	mo_bind_setint(L, "interviews", c->interviews);
	mo_bind_setint(L, "assessments", c->assessments);
	if (c->assessments) {
		lua_pushnumber(L, c->average);
		lua_setfield(L, -2, "average");
	}
	mo_bind_settime(L, "created", c->created_us);
	mo_bind_setstr(L, "created_by", c->created_by);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int push_id(lua_State *L, int rc, const int64_t *id, mo_err *e)
{
	if (rc)
		return mo_bind_raise(L, e);
	lua_pushinteger(L, *id);
	return 1;
}

/* ---- the personnel file ---- */

static int l_file(lua_State *L)
{
	const char *staff = luaL_checkstring(L, 1);
	mo_err e;
	lua_newtable(L);
	if (mo_hr_file(practice_of(L), actor_of(L), staff, append_record, L,
		       &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_hire(lua_State *L)
{
	static const char *const fields[] = {"staff", "name", "job", "start",
		"employment", "candidate", "pay", "rate", "note", "corrects",
		NULL};
	static const char fn[] = "hr.hire";
	mo_hr_hire_new h;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	h = (mo_hr_hire_new){mo_bind_optfield(L, 1, "staff"),
			     mo_bind_optfield(L, 1, "name"),
			     mo_bind_optfield(L, 1, "job"),
			     date_field(L, "start", fn, true),
			     mo_bind_optfield(L, 1, "employment"),
			     int_field(L, "candidate", fn),
			     mo_bind_optfield(L, 1, "pay"),
			     money_field(L, "rate", fn),
			     mo_bind_optfield(L, 1, "note"),
			     int_field(L, "corrects", fn)};
	return push_id(L, mo_hr_hire_request(practice_of(L), actor_of(L), &h,
					     &id, &e), &id, &e);
}

static int l_role(lua_State *L)
{
	static const char *const fields[] = {"staff", "job", "effective",
		"reason", "pay", "rate", "corrects", NULL};
	static const char fn[] = "hr.role";
	mo_hr_role_new r;
	int64_t id = 0, pay = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	r = (mo_hr_role_new){mo_bind_optfield(L, 1, "staff"),
			     mo_bind_optfield(L, 1, "job"),
			     date_field(L, "effective", fn, true),
			     mo_bind_optfield(L, 1, "reason"),
			     mo_bind_optfield(L, 1, "pay"),
			     money_field(L, "rate", fn),
			     int_field(L, "corrects", fn)};
	if (mo_hr_role(practice_of(L), actor_of(L), &r, &id, &pay, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	if (pay)
		lua_pushinteger(L, pay);
	else
		lua_pushnil(L);
	return 2;
}

static int l_terminate(lua_State *L)
{
	static const char *const fields[] = {"staff", "effective", "reason",
		"gross_misconduct", "rehire", "note", "corrects", NULL};
	static const char fn[] = "hr.terminate";
	mo_hr_term_new t;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	t = (mo_hr_term_new){mo_bind_optfield(L, 1, "staff"),
			     date_field(L, "effective", fn, true),
			     mo_bind_optfield(L, 1, "reason"),
			     bool_field(L, "gross_misconduct"),
			     bool_field(L, "rehire"),
			     mo_bind_optfield(L, 1, "note"),
			     int_field(L, "corrects", fn)};
	return push_id(L, mo_hr_terminate(practice_of(L), actor_of(L), &t, &id,
					  &e), &id, &e);
}

static int l_benefits(lua_State *L)
{
	static const char *const fields[] = {"staff", "plan", "effective",
		"coverage", "employee_cost", "employer_cost", "waived",
		"corrects", NULL};
	static const char fn[] = "hr.benefits";
	mo_hr_benefit_new b;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	b = (mo_hr_benefit_new){mo_bind_optfield(L, 1, "staff"),
				mo_bind_optfield(L, 1, "plan"),
				date_field(L, "effective", fn, true),
				mo_bind_optfield(L, 1, "coverage"),
				money_field(L, "employee_cost", fn),
				money_field(L, "employer_cost", fn),
				bool_field(L, "waived"),
				int_field(L, "corrects", fn)};
	return push_id(L, mo_hr_benefits_request(practice_of(L), actor_of(L),
						 &b, &id, &e), &id, &e);
}

static int l_review(lua_State *L)
{
	static const char *const fields[] = {"staff", "reviewer", "date",
		"from", "to", "rating", "summary", "goals", "corrects", NULL};
	static const char fn[] = "hr.review";
	mo_hr_review_new v;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	v = (mo_hr_review_new){mo_bind_optfield(L, 1, "staff"),
			       mo_bind_optfield(L, 1, "reviewer"),
			       date_field(L, "date", fn, false),
			       date_field(L, "from", fn, true),
			       date_field(L, "to", fn, false),
			       (int)mo_bind_intfield(L, 1, "rating", fn, true,
						     0, INT32_MIN, INT32_MAX),
			       mo_bind_optfield(L, 1, "summary"),
			       mo_bind_optfield(L, 1, "goals"),
			       int_field(L, "corrects", fn)};
	if (!v.reviewer)
		v.reviewer = actor_of(L);
	return push_id(L, mo_hr_review(practice_of(L), actor_of(L), &v, &id,
				       &e), &id, &e);
}

static int l_discipline(lua_State *L)
{
	static const char *const fields[] = {"staff", "date", "level",
		"description", "corrects", NULL};
	static const char fn[] = "hr.discipline";
	mo_hr_note_new n;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	n = (mo_hr_note_new){mo_bind_optfield(L, 1, "staff"),
			     date_field(L, "date", fn, false),
			     mo_bind_optfield(L, 1, "level"),
			     mo_bind_optfield(L, 1, "description"),
			     int_field(L, "corrects", fn)};
	return push_id(L, mo_hr_discipline(practice_of(L), actor_of(L), &n,
					   &id, &e), &id, &e);
}

static int l_acknowledge(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *comment = luaL_optstring(L, 2, NULL);
	mo_err e;
	if (mo_hr_acknowledge(practice_of(L), actor_of(L), id, comment, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_void(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *reason = luaL_checkstring(L, 2);
	int64_t out = 0;
	mo_err e;
	return push_id(L, mo_hr_void(practice_of(L), actor_of(L), id, reason,
				     &out, &e), &out, &e);
}

/* ---- recruiting ---- */

static int l_candidate(lua_State *L)
{
	static const char *const fields[] = {"name", "position", "applied",
		"source", NULL};
	static const char fn[] = "hr.candidate";
	mo_hr_candidate_new c;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	c = (mo_hr_candidate_new){mo_bind_optfield(L, 1, "name"),
				  mo_bind_optfield(L, 1, "position"),
				  date_field(L, "applied", fn, false),
				  mo_bind_optfield(L, 1, "source")};
	return push_id(L, mo_hr_candidate_add(practice_of(L), actor_of(L), &c,
					      &id, &e), &id, &e);
}

static int l_status(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	const char *status = luaL_checkstring(L, 2);
	const char *note = luaL_optstring(L, 3, NULL);
	mo_err e;
	if (mo_hr_candidate_status(practice_of(L), actor_of(L), id, status,
				   note, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_candidates(lua_State *L)
{
	const char *status = luaL_optstring(L, 1, NULL);
	mo_err e;
	lua_newtable(L);
	if (mo_hr_candidates(practice_of(L), actor_of(L), status,
			     append_candidate, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* The local time field at ("2026-12-03 10:00") as a UTC instant. */
static int64_t time_field(lua_State *L, const char *fn)
{
	const char *zone = mo_practice_config(practice_of(L))->timezone;
	const char *s = mo_bind_optfield(L, 1, "at");
	int32_t day, sec;
	int64_t us = 0;
	mo_err e;
	if (!s)
		return 0;
	if (mo_tz_parse_local(s, &day, &sec, &e) ||
	    mo_tz_to_utc(zone, day, sec, MO_TZ_STRICT, &us, &e))
		luaL_error(L, "%s: at: %s", fn, e.msg);
	return us;
}

/* The strings of the list field at idx into v (at most max). */
static size_t string_list(lua_State *L, const char *field, const char *fn,
			  const char **v, size_t max)
{
	size_t n = 0;
	lua_getfield(L, 1, field);
	if (lua_istable(L, -1))
		for (; n < (size_t)lua_rawlen(L, -1) && n < max; n++) {
			lua_rawgeti(L, -1, (lua_Integer)n + 1);
			if (!(v[n] = lua_tostring(L, -1)))
				luaL_error(L, "%s: %s: expected staff ids", fn,
					   field);
			lua_pop(L, 1); /* kept alive by the list */
		}
	else if (!lua_isnil(L, -1))
		luaL_error(L, "%s: %s: expected a list of staff ids", fn,
			   field);
	if (lua_istable(L, -1) && (size_t)lua_rawlen(L, -1) > max)
		luaL_error(L, "%s: %s: at most %d", fn, field, (int)max);
	lua_pop(L, 1); /* the list stays referenced by the argument */
	return n;
}

static int l_interview(lua_State *L)
{
	static const char *const fields[] = {"candidate", "at", "interviewers",
		"notes", "corrects", NULL};
	static const char fn[] = "hr.interview";
	const char *who[8];
	mo_hr_interview_new in;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in = (mo_hr_interview_new){int_field(L, "candidate", fn),
				   time_field(L, fn), who,
				   string_list(L, "interviewers", fn, who, 8),
				   mo_bind_optfield(L, 1, "notes"),
				   int_field(L, "corrects", fn)};
	return push_id(L, mo_hr_interview(practice_of(L), actor_of(L), &in,
					  &id, &e), &id, &e);
}

/* The scores table: criterion = 1..5, at most 20 of them. */
static size_t scores_field(lua_State *L, const char *fn, const char **crit,
			   int *score)
{
	size_t n = 0;
	lua_getfield(L, 1, "scores");
	if (!lua_istable(L, -1))
		luaL_error(L, "%s: scores: expected { criterion = 1..5, ... }",
			   fn);
	for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1), n++) {
		if (lua_type(L, -2) != LUA_TSTRING || !lua_isinteger(L, -1))
			luaL_error(L, "%s: scores: expected { criterion = a "
				   "whole number 1..5, ... }", fn);
		if (n < 20) {
			crit[n] = lua_tostring(L, -2);
			score[n] = (int)luaL_checkinteger(L, -1);
		}
	}
	lua_pop(L, 1);
	if (n > 20)
		luaL_error(L, "%s: scores: at most 20 criteria, got %d", fn,
			   (int)n);
	return n;
}

static int l_assess(lua_State *L)
{
	static const char *const fields[] = {"candidate", "assessor", "scores",
		"recommendation", "comments", NULL};
	static const char fn[] = "hr.assess";
	const char *crit[20];
	int score[20];
	mo_hr_assessment_new a;
	int64_t id = 0;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	a = (mo_hr_assessment_new){int_field(L, "candidate", fn),
				   mo_bind_optfield(L, 1, "assessor"), crit,
				   score, scores_field(L, fn, crit, score),
				   mo_bind_optfield(L, 1, "recommendation"),
				   mo_bind_optfield(L, 1, "comments")};
	if (!a.assessor)
		a.assessor = actor_of(L);
	return push_id(L, mo_hr_assess(practice_of(L), actor_of(L), &a, &id,
				       &e), &id, &e);
}

void mo_bind_hr_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"file", l_file},
		{"hire", l_hire},
		{"role", l_role},
		{"terminate", l_terminate},
		{"benefits", l_benefits},
		{"review", l_review},
		{"discipline", l_discipline},
		{"acknowledge", l_acknowledge},
		{"void", l_void},
		{"candidate", l_candidate},
		{"status", l_status},
		{"candidates", l_candidates},
		{"interview", l_interview},
		{"assess", l_assess},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "hr");
}
