/* bind_payment.c: Lua bindings of core/payment.h as the `payments` table,
 * for scripts, the shell and specs (made as the acting staff member,
 * act_as):
 *   payments.collect{ patient =, amount = "25.00", method = "cash" |
 *       "check" | "card", reference =, kind = "payment", appointment = }
 *       -> id (the receipt number)
 *   payments.receipt(id) -> { id, time, practice, address = { line1,
 *       line2, city, state, zip }, phone, patient, patient_name, amount,
 *       refunded, method, reference, kind, appointment, taken_by,
 *       created_by, balance, ... } | nil, message
 *   payments.deposit([date]) -> { id, count, total } | nil, message
 *       (nothing to deposit; date defaults to today)
 *   payments.slip(id) -> { id, date, count, cash, checks, total, made_by,
 *       created, lines = { payment, ... } } | nil, message
 *   payments.list{ patient =, from =, to =, undeposited = }
 *       -> { payment, ... }
 * A payment is { id, patient, patient_name, amount, refunded, method,
 * reference, kind, appointment, date, deposit, deposited, journal,
 * created, created_by } (appointment, deposit and deposited nil when
 * none). amount goes in as money text ("25.00") or integer cents (a float
 * is refused) and comes back as integer cents; kind defaults to
 * "payment". A receipt's reference is what it prints: a check's number or
 * a card's last 4 digits, never an authorization code. Refunds are made
 * through approvals.request{ kind = "refund", facts = { payment = N } }.
 * Bad input and denials raise, naming the field. It uses Lua, engine.h,
 * payment.h, clock.h and units.h. */
#include <lauxlib.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "payment.h"
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

/* A record id field of the table at idx; 0 when absent. */
static int64_t id_field(lua_State *L, int idx, const char *field,
			const char *fn)
{
	return mo_bind_intfield(L, idx, field, fn, false, 0, INT64_MIN,
				INT64_MAX);
}

/* The required amount: money text ("25.00") or integer cents (the core
 * checks the range). */
static int64_t amount_field(lua_State *L, int idx, const char *fn)
{
	int64_t cents = mo_bind_moneyfield(L, idx, "amount", fn, INT64_MIN);
	if (cents == INT64_MIN)
		luaL_error(L, "%s: amount is required", fn);
	return cents;
}

/* ---- pushing results ---- */

/* Sets t[k] = v in the table on top unless v is 0 (none). */
static void set_id(lua_State *L, const char *k, int64_t v)
{
	if (v)
		mo_bind_setint(L, k, v);
}

static void push_payment(lua_State *L, const mo_payment *y)
{
	char d[11];
	lua_createtable(L, 0, 15);
	mo_bind_setint(L, "id", y->id);
	mo_bind_setint(L, "patient", y->patient);
	mo_bind_setstr(L, "patient_name", y->patient_name);
	mo_bind_setint(L, "amount", y->amount);
	mo_bind_setint(L, "refunded", y->refunded);
	mo_bind_setstr(L, "method", y->method);
	mo_bind_setstr(L, "reference", y->reference);
	mo_bind_setstr(L, "kind", y->kind);
	set_id(L, "appointment", y->appointment);
	mo_bind_setstr(L, "date", mo_date_format(y->day, d));
	set_id(L, "deposit", y->deposit);
	set_id(L, "deposited", y->deposited);
	mo_bind_setint(L, "journal", y->journal);
	mo_bind_settime(L, "created", y->created_us);
	mo_bind_setstr(L, "created_by", y->created_by);
}

/* Appends a payment to the list on top. */
static int append_payment(void *ud, const mo_payment *y)
{
	lua_State *L = ud;
	push_payment(L, y);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static void push_address(lua_State *L, const mo_address *a)
{
	lua_createtable(L, 0, 5);
	mo_bind_setstr(L, "line1", a->line1);
	mo_bind_setstr(L, "line2", a->line2);
	mo_bind_setstr(L, "city", a->city);
	mo_bind_setstr(L, "state", a->state);
	mo_bind_setstr(L, "zip", a->zip);
	lua_setfield(L, -2, "address");
}

/* Leaves the receipt on the stack. */
static int push_receipt(void *ud, const mo_receipt *r)
{
	lua_State *L = ud;
	push_payment(L, r->payment);
	lua_pushstring(L, r->reference); /* what it shows: nil, or masked */
	lua_setfield(L, -2, "reference");
	mo_bind_setstr(L, "time", r->time);
	mo_bind_setstr(L, "practice", r->practice);
	push_address(L, r->address);
	mo_bind_setstr(L, "phone", r->phone);
	mo_bind_setstr(L, "taken_by", r->taken_by);
	mo_bind_setint(L, "balance", r->balance);
	return 0;
}

/* ---- the functions ---- */

static int l_collect(lua_State *L)
{
	static const char *const fields[] = {"patient", "amount", "method",
		"reference", "kind", "appointment", NULL};
	static const char fn[] = "payments.collect";
	mo_pay_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (!(in.patient = id_field(L, 1, "patient", fn)))
		return luaL_error(L, "%s: patient is required", fn);
	in.amount = amount_field(L, 1, fn);
	in.method = mo_bind_optfield(L, 1, "method");
	in.reference = mo_bind_optfield(L, 1, "reference");
	in.kind = mo_bind_optfield(L, 1, "kind");
	in.kind = in.kind ? in.kind : "payment";
	in.appointment = id_field(L, 1, "appointment", fn);
	if (mo_pay_collect(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_receipt(lua_State *L)
{
	int top = lua_gettop(L);
	mo_err e;
	int rc = mo_pay_receipt(practice_of(L), actor_of(L),
				luaL_checkinteger(L, 1), push_receipt, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	return 1;
}

static int l_deposit(lua_State *L)
{
	mo_practice *p = practice_of(L);
	int32_t day = mo_practice_today(p);
	int64_t id, count, total;
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 1) &&
	    mo_date_parse(luaL_checkstring(L, 1), &day, &e))
		return luaL_error(L, "payments.deposit: date: %s", e.msg);
	rc = mo_pay_deposit(p, actor_of(L), day, &id, &count, &total, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_createtable(L, 0, 3);
	mo_bind_setint(L, "id", id);
	mo_bind_setint(L, "count", count);
	mo_bind_setint(L, "total", total);
	return 1;
}

static void push_slip(lua_State *L, const mo_deposit_slip *s)
{
	char d[11];
	lua_createtable(L, 0, 9);
	mo_bind_setint(L, "id", s->id);
	mo_bind_setstr(L, "date", mo_date_format(s->day, d));
	mo_bind_setint(L, "count", s->count);
	mo_bind_setint(L, "cash", s->cash);
	mo_bind_setint(L, "checks", s->checks);
	mo_bind_setint(L, "total", s->total);
	mo_bind_setstr(L, "made_by", s->made_by);
	mo_bind_settime(L, "created", s->created_us);
}

static int l_slip(lua_State *L)
{
	mo_deposit_slip s;
	mo_err e;
	int rc;
	lua_Integer id = luaL_checkinteger(L, 1);
	lua_newtable(L); /* the lines */
	rc = mo_pay_deposit_slip(practice_of(L), actor_of(L), id, &s,
				 append_payment, L, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	push_slip(L, &s);
	lua_insert(L, -2);
	lua_setfield(L, -2, "lines");
	return 1;
}

static int l_list(lua_State *L)
{
	static const char *const fields[] = {"patient", "from", "to",
					     "undeposited", NULL};
	static const char fn[] = "payments.list";
	mo_pay_filter f = {0};
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		f.patient = id_field(L, 1, "patient", fn);
		f.from_day = mo_bind_datefield(L, 1, "from", fn, false, 0);
		f.to_day = mo_bind_datefield(L, 1, "to", fn, false, 0);
		lua_getfield(L, 1, "undeposited");
		f.undeposited = lua_toboolean(L, -1);
		lua_pop(L, 1);
	}
	lua_newtable(L);
	if (mo_pay_list(practice_of(L), actor_of(L), &f, append_payment, L,
			&e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_payment_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"collect", l_collect},
		{"receipt", l_receipt},
		{"deposit", l_deposit},
		{"slip", l_slip},
		{"list", l_list},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "payments");
}
