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
 *   clia.status{ [all = true] } -> { { id, run, appointment, patient,
 *       patient_name, test, state, lot, value, final, updated }, ... }
 *   clia.lots{ [through =] } -> { { test, kind, lot, expires, received } }
 *   clia.competencies() -> { { staff, test, until, assessed_by }, ... }
 *   clia.due{ [through =] } -> { { what, due, test, lot, staff, storage,
 *       why }, ... } (through: 30 days from today by default)
 *   clia.corrective_log{ [from =, to =] } -> { { at, test, lot, storage,
 *       problem, action, by }, ... }
 *   clia.temperatures{ [from =, to =] } -> { { at, storage, reading, low,
 *       high, in_range, by, note }, ... } (degrees as text: "4.50")
 *   clia.certificates() -> { { version, at, by, certificate, type,
 *       director, effective, expires, active }, ... }, newest first
 *   clia.record(id) -> { { at, kind, by, text }, ... }, the test (as
 *       clia.status gives it) | nil, message
 *   (the lists are audited reads; their rows are appended to the result
 *   through protected calls)
 *   clia.purge_request{ before = "YYYY-MM-DD" } -> an approval request's id
 *   clia.retention() -> { years =, keep_from = "YYYY-MM-DD" }
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

/* ---- retention ---- */

/* clia.purge_request{ before = "YYYY-MM-DD" } -> the approval request's
 * id: asks to purge the records from before that day (past retention). */
static int l_purge_request(lua_State *L)
{
	static const char *const fields[] = {"before", NULL};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_clia_purge_request(practice_of(L), actor_of(L),
				  mo_bind_datefield(L, 1, "before",
						    "clia.purge_request", true,
						    0), &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* clia.retention() -> { years =, keep_from = "YYYY-MM-DD" } */
static int l_retention(lua_State *L)
{
	mo_practice *p = practice_of(L);
	lua_createtable(L, 0, 2);
	mo_bind_setint(L, "years", mo_clia_retention_years(p));
	mo_bind_setdate(L, "keep_from", mo_clia_retention_start(p));
	return 1;
}

/* ---- the lists and logs, each an audited read ----
 * Each row is appended to the result through a protected call, so that a
 * memory error in Lua does not jump over the core's read (its open
 * transaction and, for clia.due, what it gathered). */

typedef void (*row_pusher)(lua_State *L, const void *row);

/* The list being built (its stack index) and the error that stopped it. */
typedef struct sink {
	lua_State *L;
	int list;
	mo_err e;
	bool failed;
} sink;

typedef struct one_row {
	row_pusher push;
	const void *row;
} one_row;

/* Protected: appends the row (light userdata 2) as pushed to list 1. */
static int append_row(lua_State *L)
{
	const one_row *o = lua_touserdata(L, 2);
	o->push(L, o->row);
	lua_rawseti(L, 1, (lua_Integer)lua_rawlen(L, 1) + 1);
	return 0;
}

/* Appends row to k's list; non-zero (the core stops) on a Lua error. */
static int keep(sink *k, row_pusher push, const void *row)
{
	lua_State *L = k->L;
	one_row o = {push, row};
	int rc;
	if (!lua_checkstack(L, 3))
		rc = mo_err_set(&k->e, MO_ENOMEM, "out of memory");
	else {
		lua_pushcfunction(L, append_row);
		lua_pushvalue(L, k->list);
		lua_pushlightuserdata(L, &o);
		rc = mo_engine_call(mo_engine_from(L), 2, 0, &k->e);
	}
	k->failed |= rc != 0;
	return rc;
}

/* A new, empty list on top of the stack for k. */
static void sink_open(lua_State *L, sink *k)
{
	*k = (sink){L, 0, {0}, false};
	lua_newtable(L);
	k->list = lua_gettop(L);
}

/* The list as the result; raises the Lua error that stopped the walk or
 * the core's error (nil, message when there was no such record). */
static int sink_close(lua_State *L, sink *k, int rc, mo_err *e)
{
	if (k->failed)
		return mo_bind_raise(L, &k->e);
	if (rc)
		return mo_bind_result(L, rc, e);
	lua_pushvalue(L, k->list);
	return 1;
}

static void setbool(lua_State *L, const char *key, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, key);
}

/* Sets t[key] = "4.50" of v (hundredths of a degree). */
static void setdegrees(lua_State *L, const char *key, int64_t v)
{
	char buf[32];
	mo_bind_setstr(L, key, mo_money_format(v, buf));
}

static void p_test(lua_State *L, const void *row)
{
	const mo_clia_test_row *r = row;
	lua_createtable(L, 0, 11);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setint(L, "run", r->run);
	mo_bind_setint(L, "appointment", r->appointment);
	mo_bind_setint(L, "patient", r->patient);
	mo_bind_setstr(L, "patient_name", r->patient_name);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "state", r->state);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setstr(L, "value", r->value);
	setbool(L, "final", r->final);
	mo_bind_settime(L, "updated", r->updated_us);
}

static void p_lot(lua_State *L, const void *row)
{
	const mo_clia_lot_row *r = row;
	lua_createtable(L, 0, 5);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "kind", r->kind);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setdate(L, "expires", r->expires);
	mo_bind_setdate(L, "received", r->received);
}

static void p_competency(lua_State *L, const void *row)
{
	const mo_clia_competency_row *r = row;
	lua_createtable(L, 0, 4);
	mo_bind_setstr(L, "staff", r->staff);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setdate(L, "until", r->until);
	mo_bind_setstr(L, "assessed_by", r->assessed_by);
}

static void p_due(lua_State *L, const void *row)
{
	const mo_clia_due_row *r = row;
	lua_createtable(L, 0, 7);
	mo_bind_setstr(L, "what", r->what);
	mo_bind_setdate(L, "due", r->due);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setstr(L, "staff", r->staff);
	mo_bind_setstr(L, "storage", r->storage);
	mo_bind_setstr(L, "why", r->why);
}

static void p_corrective(lua_State *L, const void *row)
{
	const mo_clia_corrective_row *r = row;
	lua_createtable(L, 0, 7);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setstr(L, "storage", r->storage);
	mo_bind_setstr(L, "problem", r->problem);
	mo_bind_setstr(L, "action", r->action);
	mo_bind_setstr(L, "by", r->by);
}

static void p_temperature(lua_State *L, const void *row)
{
	const mo_clia_temperature_row *r = row;
	lua_createtable(L, 0, 8);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "storage", r->storage);
	setdegrees(L, "reading", r->reading);
	setdegrees(L, "low", r->low);
	setdegrees(L, "high", r->high);
	setbool(L, "in_range", r->in_range);
	mo_bind_setstr(L, "by", r->by);
	mo_bind_setstr(L, "note", r->note);
}

static void p_certificate(lua_State *L, const void *row)
{
	const mo_clia_certificate_row *r = row;
	lua_createtable(L, 0, 9);
	mo_bind_setint(L, "version", r->version);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "by", r->by);
	mo_bind_setstr(L, "certificate", r->number);
	mo_bind_setstr(L, "type", r->type);
	mo_bind_setstr(L, "director", r->director);
	mo_bind_setdate(L, "effective", r->effective);
	mo_bind_setdate(L, "expires", r->expires);
	setbool(L, "active", r->active);
}

static void p_record(lua_State *L, const void *row)
{
	const mo_clia_record_row *r = row;
	lua_createtable(L, 0, 4);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "kind", r->kind);
	mo_bind_setstr(L, "by", r->by);
	mo_bind_setstr(L, "text", r->text);
}

static int on_test(void *ud, const mo_clia_test_row *r)
{
	return keep(ud, p_test, r);
}

static int on_lot(void *ud, const mo_clia_lot_row *r)
{
	return keep(ud, p_lot, r);
}

static int on_competency(void *ud, const mo_clia_competency_row *r)
{
	return keep(ud, p_competency, r);
}

static int on_due(void *ud, const mo_clia_due_row *r)
{
	return keep(ud, p_due, r);
}

static int on_corrective(void *ud, const mo_clia_corrective_row *r)
{
	return keep(ud, p_corrective, r);
}

static int on_temperature(void *ud, const mo_clia_temperature_row *r)
{
	return keep(ud, p_temperature, r);
}

static int on_certificate(void *ud, const mo_clia_certificate_row *r)
{
	return keep(ud, p_certificate, r);
}

/* Where clia.record puts the records and the test. */
typedef struct record_sinks {
	sink rows, head;
} record_sinks;

static int on_record(void *ud, const mo_clia_record_row *r)
{
	return keep(&((record_sinks *)ud)->rows, p_record, r);
}

static int on_head(void *ud, const mo_clia_test_row *r)
{
	record_sinks *s = ud;
	int rc = keep(&s->head, p_test, r);
	if (rc) {
		s->rows.failed = true;
		s->rows.e = s->head.e;
	}
	return rc;
}

/* The options table at 1 (optional) with only the fields allowed. */
static bool options(lua_State *L, const char *const *fields)
{
	if (lua_isnoneornil(L, 1))
		return false;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	return true;
}

/* { from =, to = }: the days of a log, by default the last 30. */
static void log_range(lua_State *L, const char *fn, int32_t *from,
		      int32_t *to)
{
	static const char *const fields[] = {"from", "to", NULL};
	int32_t today = mo_practice_today(practice_of(L));
	*from = today - 30;
	*to = today;
	if (!options(L, fields))
		return;
	*from = mo_bind_datefield(L, 1, "from", fn, false, *from);
	*to = mo_bind_datefield(L, 1, "to", fn, false, *to);
}

static void p_qc(lua_State *L, const void *row)
{
	const mo_clia_qc_row *r = row;
	lua_createtable(L, 0, 10);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "test", r->test);
	mo_bind_setstr(L, "lot", r->lot);
	mo_bind_setstr(L, "level", r->level);
	mo_bind_setstr(L, "expected", r->expected);
	mo_bind_setstr(L, "observed", r->observed);
	setbool(L, "passed", r->passed);
	mo_bind_setstr(L, "why", r->why);
	mo_bind_setstr(L, "corrective", r->corrective);
	mo_bind_setstr(L, "operator", r->operator_);
}

static int on_qc(void *ud, const mo_clia_qc_row *r)
{
	return keep(ud, p_qc, r);
}

static int l_qc_log(lua_State *L)
{
	static const char *const fields[] = {"from", "to", NULL};
	mo_practice *p = practice_of(L);
	int32_t today = mo_practice_today(p), from = today - 30, to = today;
	sink k;
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		from = mo_bind_datefield(L, 1, "from", "clia.qc_log", false,
					 from);
		to = mo_bind_datefield(L, 1, "to", "clia.qc_log", false, to);
	}
	sink_open(L, &k);
	rc = mo_clia_qc_log(p, actor_of(L), from, to, on_qc, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_status(lua_State *L)
{
	static const char *const fields[] = {"all", NULL};
	bool all = false;
	sink k;
	mo_err e;
	int rc;
	if (options(L, fields)) {
		lua_getfield(L, 1, "all");
		if (!lua_isnil(L, -1) && !lua_isboolean(L, -1))
			return luaL_error(L, "clia.status: all: expected a "
					  "boolean, got %s",
					  luaL_typename(L, -1));
		all = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	sink_open(L, &k);
	rc = mo_clia_status(practice_of(L), actor_of(L), all, on_test, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_lots(lua_State *L)
{
	static const char *const fields[] = {"through", NULL};
	int32_t through = 0;
	sink k;
	mo_err e;
	int rc;
	if (options(L, fields))
		through = mo_bind_datefield(L, 1, "through", "clia.lots", false,
					    0);
	sink_open(L, &k);
	rc = mo_clia_lots(practice_of(L), actor_of(L), through, on_lot, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_competencies(lua_State *L)
{
	sink k;
	mo_err e;
	int rc;
	sink_open(L, &k);
	rc = mo_clia_competencies(practice_of(L), actor_of(L), on_competency,
				  &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_due(lua_State *L)
{
	static const char *const fields[] = {"through", NULL};
	mo_practice *p = practice_of(L);
	int32_t through = mo_practice_today(p) + 30;
	sink k;
	mo_err e;
	int rc;
	if (options(L, fields))
		through = mo_bind_datefield(L, 1, "through", "clia.due", false,
					    through);
	sink_open(L, &k);
	rc = mo_clia_due(p, actor_of(L), through, on_due, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_corrective_log(lua_State *L)
{
	int32_t from, to;
	sink k;
	mo_err e;
	int rc;
	log_range(L, "clia.corrective_log", &from, &to);
	sink_open(L, &k);
	rc = mo_clia_corrective_log(practice_of(L), actor_of(L), from, to,
				    on_corrective, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_temperatures(lua_State *L)
{
	int32_t from, to;
	sink k;
	mo_err e;
	int rc;
	log_range(L, "clia.temperatures", &from, &to);
	sink_open(L, &k);
	rc = mo_clia_temperatures(practice_of(L), actor_of(L), from, to,
				  on_temperature, &k, &e);
	return sink_close(L, &k, rc, &e);
}

static int l_certificates(lua_State *L)
{
	sink k;
	mo_err e;
	int rc;
	sink_open(L, &k);
	rc = mo_clia_certificates(practice_of(L), actor_of(L), on_certificate,
				  &k, &e);
	return sink_close(L, &k, rc, &e);
}

/* clia.record(id) -> the records, the test | nil, message. */
static int l_record(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	record_sinks s;
	mo_err e;
	int rc;
	sink_open(L, &s.head);
	sink_open(L, &s.rows);
	rc = mo_clia_record(practice_of(L), actor_of(L), id, on_head, on_record,
			    &s, &e);
	if ((rc = sink_close(L, &s.rows, rc, &e)) != 1)
		return rc;
	lua_rawgeti(L, s.head.list, 1);
	return 2;
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
		{"status", l_status},
		{"lots", l_lots},
		{"competencies", l_competencies},
		{"due", l_due},
		{"corrective_log", l_corrective_log},
		{"temperatures", l_temperatures},
		{"certificates", l_certificates},
		{"record", l_record},
		{"purge_request", l_purge_request},
		{"retention", l_retention},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "clia");
}
