/* bind_payable.c: Lua bindings of core/payable.h as three tables, for
 * scripts, the shell and specs (made as the acting staff member, act_as):
 *   payables.categories() -> { { id, title, income }, ... }
 *   payables.vendor_add{ name =, category =, terms = 30, account =,
 *       phone = } -> id
 *   payables.vendor_update(id, { name =, category =, terms =, account =,
 *       phone =, active = }) -> true   ("" clears account or phone)
 *   payables.vendors{ all = } -> { vendor, ... }
 *   payables.enter{ vendor = id or name, number =, issued =, due =,
 *       category =, amount =, memo = } -> id
 *   payables.approve(id), payables.void(id, reason) -> true
 *   payables.bills{ vendor =, status =, category =, due_through = }
 *   payables.bill(id) -> bill with payments = { payment, ... } | nil, msg
 *   payables.pay{ bill =, amount =, method =, reference =, date = }
 *       -> the approval request's id
 *   payables.payments{ vendor =, bill =, from =, to = }
 *   bank.import(text, { map = "date=...,amount=..." or { date =, amount
 *       =, debit =, credit =, description =, reference =, format =,
 *       header =, skip = }, name = }) -> summary | nil, msg (imported
 *       before)
 *   bank.statements(), bank.lines{ import =, from =, to =, unmatched = },
 *   bank.unmatched(), bank.register{ from =, to = },
 *   bank.outstanding{ through = }
 *   bank.match(line, { deposit = | payment = | era = | note = }) -> true
 *   bank.unmatch(line) -> true; bank.reconcile() -> how many matched
 *   budget.set{ category =, month = | from =, to =, amount = } -> true
 *   budget.report([month]) -> { row, ... }
 * Money goes in as text ("412.50") or integer cents and comes back as
 * integer cents; dates are "YYYY-MM-DD", months "YYYY-MM". Bad input and
 * denials raise, naming the field; a record that is not there is nil and
 * a message. It uses Lua, bind.h, engine.h, payable.h and units.h. */
#include <lauxlib.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "payable.h"
#include "units.h"

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

/* The table at idx (optional: an empty one when absent), checked. */
static void opt_table(lua_State *L, int idx, const char *const *fields)
{
	if (lua_isnoneornil(L, idx)) {
		lua_settop(L, idx);
		lua_newtable(L);
		lua_replace(L, idx);
	}
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, fields);
}

/* Appends the table on top to the list below it. */
static void append(lua_State *L)
{
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

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

static int done(lua_State *L, int rc, mo_err *e)
{
	if (rc)
		return mo_bind_result(L, rc, e);
	lua_pushboolean(L, 1);
	return 1;
}

/* A vendor field: an id (integer) or a name; NULL when absent. The text
 * lives in buf or in the table. */
static const char *vendor_field(lua_State *L, int idx, const char *field,
				char buf[24])
{
	int t = lua_getfield(L, idx, field);
	const char *s = NULL;
	if (lua_isinteger(L, -1))
		snprintf(buf, 24, "%lld", (long long)lua_tointeger(L, -1));
	if (lua_isinteger(L, -1))
		s = buf;
	else if (t == LUA_TSTRING)
		s = lua_tostring(L, -1);
	else if (t != LUA_TNIL)
		luaL_error(L, "field '%s': expected a vendor's id or name",
			   field);
	lua_pop(L, 1);
	return s;
}

/* ---- payables ---- */

static int l_categories(lua_State *L)
{
	lua_newtable(L);
	for (const mo_ap_category *c = mo_ap_categories; c->id; c++) {
		lua_createtable(L, 0, 3);
		mo_bind_setstr(L, "id", c->id);
		mo_bind_setstr(L, "title", c->title);
		set_bool(L, "income", c->income);
		append(L);
	}
	return 1;
}

static int l_vendor_add(lua_State *L)
{
	static const char *const fields[] = {"name", "category", "terms",
		"account", "phone", NULL};
	static const char fn[] = "payables.vendor_add";
	mo_ap_vendor_new in;
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.name = mo_bind_optfield(L, 1, "name");
	in.category = mo_bind_optfield(L, 1, "category");
	in.terms = (int)mo_bind_intfield(L, 1, "terms", fn, false, 30, -1,
					 10000);
	in.account = mo_bind_optfield(L, 1, "account");
	in.phone = mo_bind_optfield(L, 1, "phone");
	if (mo_ap_vendor_add(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_vendor_update(lua_State *L)
{
	static const char *const fields[] = {"name", "category", "terms",
		"account", "phone", "active", NULL};
	static const char fn[] = "payables.vendor_update";
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_ap_vendor_change in;
	mo_err e;
	luaL_checktype(L, 2, LUA_TTABLE);
	mo_bind_checkfields(L, 2, fields);
	in.name = mo_bind_optfield(L, 2, "name");
	in.category = mo_bind_optfield(L, 2, "category");
	in.terms = (int)mo_bind_intfield(L, 2, "terms", fn, false, -1, -1,
					 10000);
	in.account = mo_bind_optfield(L, 2, "account");
	in.phone = mo_bind_optfield(L, 2, "phone");
	lua_getfield(L, 2, "active");
	in.active = lua_isnil(L, -1) ? -1 : lua_toboolean(L, -1);
	lua_pop(L, 1);
	return done(L, mo_ap_vendor_update(practice_of(L), actor_of(L), id,
					   &in, &e), &e);
}

static int push_vendor(void *ud, const mo_ap_vendor *v)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_setint(L, "id", v->id);
	mo_bind_setstr(L, "name", v->name);
	mo_bind_setstr(L, "category", v->category);
	mo_bind_setint(L, "terms", v->terms);
	mo_bind_setstr(L, "account", v->account);
	mo_bind_setstr(L, "phone", v->phone);
	set_bool(L, "active", v->active);
	mo_bind_setint(L, "owed", v->owed);
	mo_bind_setint(L, "bills", v->bills);
	mo_bind_settime(L, "created", v->created_us);
	mo_bind_setstr(L, "created_by", v->created_by);
	append(L);
	return 0;
}

static int l_vendors(lua_State *L)
{
	static const char *const fields[] = {"all", NULL};
	bool all;
	mo_err e;
	opt_table(L, 1, fields);
	lua_getfield(L, 1, "all");
	all = lua_toboolean(L, -1);
	lua_pop(L, 1);
	lua_newtable(L);
	if (mo_ap_vendors(practice_of(L), actor_of(L), all, push_vendor, L,
			  &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_enter(lua_State *L)
{
	static const char *const fields[] = {"vendor", "number", "issued",
		"due", "category", "amount", "memo", NULL};
	static const char fn[] = "payables.enter";
	mo_ap_bill_new in;
	char buf[24];
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.vendor = vendor_field(L, 1, "vendor", buf);
	in.number = mo_bind_optfield(L, 1, "number");
	in.issue_day = mo_bind_datefield(L, 1, "issued", fn, true, 0);
	in.due_day = mo_bind_datefield(L, 1, "due", fn, false, 0);
	in.category = mo_bind_optfield(L, 1, "category");
	in.amount = mo_bind_moneyfield(L, 1, "amount", fn, 0);
	in.memo = mo_bind_optfield(L, 1, "memo");
	if (mo_ap_bill_enter(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_approve(lua_State *L)
{
	mo_err e;
	return done(L, mo_ap_bill_approve(practice_of(L), actor_of(L),
					  luaL_checkinteger(L, 1), &e), &e);
}

static int l_void(lua_State *L)
{
	mo_err e;
	return done(L, mo_ap_bill_void(practice_of(L), actor_of(L),
				       luaL_checkinteger(L, 1),
				       luaL_checkstring(L, 2), &e), &e);
}

static void push_bill(lua_State *L, const mo_ap_bill *b)
{
	char d[11];
	lua_createtable(L, 0, 16);
	mo_bind_setint(L, "id", b->id);
	mo_bind_setint(L, "vendor", b->vendor);
	mo_bind_setstr(L, "vendor_name", b->vendor_name);
	mo_bind_setstr(L, "number", b->number);
	mo_bind_setstr(L, "category", b->category);
	mo_bind_setstr(L, "status", b->status);
	mo_bind_setstr(L, "issued", mo_date_format(b->issue_day, d));
	mo_bind_setstr(L, "due", mo_date_format(b->due_day, d));
	mo_bind_setint(L, "amount", b->amount);
	mo_bind_setint(L, "paid", b->paid);
	mo_bind_setint(L, "left", b->amount - b->paid);
	mo_bind_setstr(L, "memo", b->memo);
	mo_bind_settime(L, "approved", b->approved_us);
	mo_bind_setstr(L, "approved_by", b->approved_by);
	mo_bind_settime(L, "voided", b->voided_us);
	mo_bind_setstr(L, "voided_by", b->voided_by);
	mo_bind_setstr(L, "void_reason", b->void_reason);
	mo_bind_settime(L, "created", b->created_us);
	mo_bind_setstr(L, "created_by", b->created_by);
}

static int append_bill(void *ud, const mo_ap_bill *b)
{
	push_bill(ud, b);
	append(ud);
	return 0;
}

/* The vendor filter of the table at idx as an id (0: none). */
static int64_t vendor_filter(lua_State *L, int idx)
{
	char buf[24];
	const char *v = vendor_field(L, idx, "vendor", buf);
	int64_t id = 0;
	mo_err e;
	if (v && mo_ap_vendor_find(practice_of(L), "vendor", v, &id, &e))
		mo_bind_raise(L, &e);
	return id;
}

static int l_bills(lua_State *L)
{
	static const char *const fields[] = {"vendor", "status", "category",
		"due_through", NULL};
	mo_ap_bill_filter f;
	mo_err e;
	opt_table(L, 1, fields);
	f.vendor = vendor_filter(L, 1);
	f.status = mo_bind_optfield(L, 1, "status");
	f.category = mo_bind_optfield(L, 1, "category");
	f.due_through = mo_bind_datefield(L, 1, "due_through",
					  "payables.bills", false, 0);
	lua_newtable(L);
	if (mo_ap_bills(practice_of(L), actor_of(L), &f, append_bill, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static void push_payment(lua_State *L, const mo_ap_payment *y)
{
	char d[11];
	lua_createtable(L, 0, 14);
	mo_bind_setint(L, "id", y->id);
	mo_bind_setint(L, "bill", y->bill);
	mo_bind_setint(L, "vendor", y->vendor);
	mo_bind_setstr(L, "vendor_name", y->vendor_name);
	mo_bind_setstr(L, "number", y->number);
	mo_bind_setstr(L, "category", y->category);
	mo_bind_setint(L, "amount", y->amount);
	mo_bind_setstr(L, "method", y->method);
	mo_bind_setstr(L, "reference", y->reference);
	mo_bind_setstr(L, "date", mo_date_format(y->day, d));
	set_id(L, "request", y->request);
	set_id(L, "line", y->line);
	mo_bind_settime(L, "created", y->created_us);
	mo_bind_setstr(L, "created_by", y->created_by);
}

static int append_payment(void *ud, const mo_ap_payment *y)
{
	push_payment(ud, y);
	append(ud);
	return 0;
}

/* The bill, with an empty list of payments on top of it. */
static int bill_head(void *ud, const mo_ap_bill *b)
{
	push_bill(ud, b);
	lua_newtable(ud);
	return 0;
}

static int l_bill(lua_State *L)
{
	int top = lua_gettop(L);
	mo_err e;
	int rc = mo_ap_bill_get(practice_of(L), actor_of(L),
				luaL_checkinteger(L, 1), bill_head,
				append_payment, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	lua_setfield(L, -2, "payments");
	return 1;
}

static int l_pay(lua_State *L)
{
	static const char *const fields[] = {"bill", "amount", "method",
		"reference", "date", NULL};
	static const char fn[] = "payables.pay";
	mo_ap_pay_new in;
	int64_t request;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in.bill = mo_bind_intfield(L, 1, "bill", fn, true, 0, 1, INT64_MAX);
	in.amount = mo_bind_moneyfield(L, 1, "amount", fn, 0);
	in.method = mo_bind_optfield(L, 1, "method");
	in.reference = mo_bind_optfield(L, 1, "reference");
	in.day = mo_bind_datefield(L, 1, "date", fn, false, 0);
	if (mo_ap_pay_request(practice_of(L), actor_of(L), &in, &request, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, request);
	return 1;
}

static int l_payments(lua_State *L)
{
	static const char *const fields[] = {"vendor", "bill", "from", "to",
					     NULL};
	static const char fn[] = "payables.payments";
	mo_ap_payment_filter f;
	mo_err e;
	opt_table(L, 1, fields);
	f.vendor = vendor_filter(L, 1);
	f.bill = mo_bind_intfield(L, 1, "bill", fn, false, 0, 0, INT64_MAX);
	f.from_day = mo_bind_datefield(L, 1, "from", fn, false, 0);
	f.to_day = mo_bind_datefield(L, 1, "to", fn, false, 0);
	lua_newtable(L);
	if (mo_ap_payments(practice_of(L), actor_of(L), &f, append_payment, L,
			   &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- bank ---- */

/* A column of the map table at idx: a name or a number. */
static void map_column(lua_State *L, int idx, const char *key, char *out)
{
	int t = lua_getfield(L, idx, key);
	if (lua_isinteger(L, -1))
		snprintf(out, MO_AP_COLUMN, "%lld",
			 (long long)lua_tointeger(L, -1));
	else if (t == LUA_TSTRING && lua_rawlen(L, -1) < MO_AP_COLUMN)
		snprintf(out, MO_AP_COLUMN, "%s", lua_tostring(L, -1));
	else if (t != LUA_TNIL)
		luaL_error(L, "bank.import: map.%s: expected a column's name "
			   "(1 to %d bytes) or number", key, MO_AP_COLUMN - 1);
	lua_pop(L, 1);
}

static void map_options(lua_State *L, int idx, mo_ap_map *m)
{
	static const char fn[] = "bank.import";
	const char *fmt = mo_bind_optfield(L, idx, "format");
	if (fmt && !strcmp(fmt, "MM/DD/YYYY"))
		m->date_format = MO_AP_DATE_MDY;
	else if (fmt && strcmp(fmt, "YYYY-MM-DD"))
		luaL_error(L, "%s: map.format: expected YYYY-MM-DD or "
			   "MM/DD/YYYY", fn);
	lua_getfield(L, idx, "header");
	m->header = lua_isnil(L, -1) || lua_toboolean(L, -1);
	lua_pop(L, 1);
	m->skip = (int)mo_bind_intfield(L, idx, "skip", fn, false, 0, 0, 20);
}

/* The map at idx: text as mo_ap_map_parse reads it, or a table. */
static void read_map(lua_State *L, int idx, mo_ap_map *m)
{
	static const char *const fields[] = {"date", "amount", "debit",
		"credit", "description", "reference", "format", "header",
		"skip", NULL};
	static const char *const cols[] = {"date", "amount", "debit",
		"credit", "description", "reference"};
	char *dst[] = {m->date, m->amount, m->debit, m->credit,
		       m->description, m->reference};
	mo_err e;
	if (lua_type(L, idx) == LUA_TSTRING) {
		if (mo_ap_map_parse(lua_tostring(L, idx), m, &e))
			mo_bind_raise(L, &e);
		return;
	}
	if (lua_type(L, idx) != LUA_TTABLE)
		luaL_error(L, "bank.import: map is required: text such as "
			   "\"date=Date,amount=Amount\" or a table");
	mo_bind_checkfields(L, idx, fields);
	memset(m, 0, sizeof *m);
	for (int k = 0; k < 6; k++)
		map_column(L, idx, cols[k], dst[k]);
	map_options(L, idx, m);
	if (mo_ap_map_check(m, &e))
		mo_bind_raise(L, &e);
}

static int l_import(lua_State *L)
{
	static const char *const fields[] = {"map", "name", NULL};
	size_t len;
	const char *text = luaL_checklstring(L, 1, &len), *name;
	mo_ap_import_summary s;
	mo_ap_map map;
	char d[11];
	mo_err e;
	int rc;
	luaL_checktype(L, 2, LUA_TTABLE);
	mo_bind_checkfields(L, 2, fields);
	name = mo_bind_optfield(L, 2, "name");
	lua_getfield(L, 2, "map");
	read_map(L, lua_gettop(L), &map);
	rc = mo_ap_bank_import(practice_of(L), actor_of(L), name ? name
			       : "statement.csv", text, len, &map, &s, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_createtable(L, 0, 8);
	mo_bind_setint(L, "import", s.import);
	mo_bind_setint(L, "lines", s.lines);
	mo_bind_setint(L, "credits", s.credits);
	mo_bind_setint(L, "debits", s.debits);
	mo_bind_setstr(L, "first", mo_date_format(s.first_day, d));
	mo_bind_setstr(L, "last", mo_date_format(s.last_day, d));
	mo_bind_setint(L, "matched", s.matched);
	mo_bind_setint(L, "duplicates", s.duplicates);
	return 1;
}

static int push_import(void *ud, const mo_ap_import *im)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 12);
	mo_bind_setint(L, "id", im->id);
	mo_bind_setstr(L, "file", im->file);
	mo_bind_setstr(L, "sha256", im->sha256);
	mo_bind_setstr(L, "map", im->mapping);
	mo_bind_setint(L, "lines", im->lines);
	mo_bind_setint(L, "credits", im->credits);
	mo_bind_setint(L, "debits", im->debits);
	mo_bind_setstr(L, "first", mo_date_format(im->first_day, d));
	mo_bind_setstr(L, "last", mo_date_format(im->last_day, d));
	mo_bind_setstr(L, "date", mo_date_format(im->day, d));
	mo_bind_settime(L, "created", im->created_us);
	mo_bind_setstr(L, "created_by", im->created_by);
	append(L);
	return 0;
}

static int l_statements(lua_State *L)
{
	mo_err e;
	lua_newtable(L);
	if (mo_ap_bank_imports(practice_of(L), actor_of(L), push_import, L,
			       &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_line(void *ud, const mo_ap_line *l)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 12);
	mo_bind_setint(L, "id", l->id);
	mo_bind_setint(L, "import", l->import);
	mo_bind_setint(L, "row", l->row);
	mo_bind_setstr(L, "date", mo_date_format(l->day, d));
	mo_bind_setint(L, "amount", l->amount);
	mo_bind_setstr(L, "description", l->description);
	mo_bind_setstr(L, "reference", l->reference);
	mo_bind_setstr(L, "matched", l->kind);
	set_id(L, "target", l->target);
	mo_bind_setstr(L, "note", l->note);
	mo_bind_setstr(L, "how", l->how);
	mo_bind_setstr(L, "matched_by", l->matched_by);
	append(L);
	return 0;
}

static int lines(lua_State *L, const mo_ap_line_filter *f)
{
	mo_err e;
	lua_newtable(L);
	if (mo_ap_bank_lines(practice_of(L), actor_of(L), f, push_line, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_lines(lua_State *L)
{
	static const char *const fields[] = {"import", "from", "to",
					     "unmatched", NULL};
	static const char fn[] = "bank.lines";
	mo_ap_line_filter f;
	opt_table(L, 1, fields);
	f.import = mo_bind_intfield(L, 1, "import", fn, false, 0, 0,
				    INT64_MAX);
	f.from_day = mo_bind_datefield(L, 1, "from", fn, false, 0);
	f.to_day = mo_bind_datefield(L, 1, "to", fn, false, 0);
	lua_getfield(L, 1, "unmatched");
	f.unmatched = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return lines(L, &f);
}

static int l_unmatched(lua_State *L)
{
	mo_ap_line_filter f = {0, 0, 0, true};
	return lines(L, &f);
}

static int l_match(lua_State *L)
{
	static const char *const fields[] = {"deposit", "payment", "era",
					     "note", NULL};
	static const char fn[] = "bank.match";
	mo_ap_match_new in = {luaL_checkinteger(L, 1), 0, 0, 0, NULL};
	mo_err e;
	luaL_checktype(L, 2, LUA_TTABLE);
	mo_bind_checkfields(L, 2, fields);
	in.deposit = mo_bind_intfield(L, 2, "deposit", fn, false, 0, 1,
				      INT64_MAX);
	in.payment = mo_bind_intfield(L, 2, "payment", fn, false, 0, 1,
				      INT64_MAX);
	in.era = mo_bind_intfield(L, 2, "era", fn, false, 0, 1, INT64_MAX);
	in.note = mo_bind_optfield(L, 2, "note");
	return done(L, mo_ap_bank_match(practice_of(L), actor_of(L), &in, &e),
		    &e);
}

static int l_unmatch(lua_State *L)
{
	mo_err e;
	return done(L, mo_ap_bank_unmatch(practice_of(L), actor_of(L),
					  luaL_checkinteger(L, 1), &e), &e);
}

static int l_reconcile(lua_State *L)
{
	int64_t n;
	mo_err e;
	if (mo_ap_bank_reconcile(practice_of(L), actor_of(L), &n, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, n);
	return 1;
}

static int push_deposit(void *ud, const mo_ap_deposit *d)
{
	lua_State *L = ud;
	char day[11];
	lua_createtable(L, 0, 8);
	mo_bind_setint(L, "id", d->id);
	mo_bind_setstr(L, "date", mo_date_format(d->day, day));
	mo_bind_setint(L, "count", d->count);
	mo_bind_setint(L, "total", d->total);
	mo_bind_setstr(L, "made_by", d->made_by);
	mo_bind_settime(L, "created", d->created_us);
	set_id(L, "line", d->line);
	mo_bind_setdate(L, "posted", d->line_day);
	append(L);
	return 0;
}

static int l_register(lua_State *L)
{
	static const char *const fields[] = {"from", "to", NULL};
	static const char fn[] = "bank.register";
	int32_t from, to;
	mo_err e;
	opt_table(L, 1, fields);
	from = mo_bind_datefield(L, 1, "from", fn, false, 0);
	to = mo_bind_datefield(L, 1, "to", fn, false, 0);
	lua_newtable(L);
	if (mo_ap_bank_register(practice_of(L), actor_of(L), from, to,
				push_deposit, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int push_outstanding(void *ud, const mo_ap_outstanding *o)
{
	lua_State *L = ud;
	char d[11];
	lua_createtable(L, 0, 5);
	mo_bind_setstr(L, "kind", o->kind);
	mo_bind_setint(L, "id", o->id);
	mo_bind_setstr(L, "date", mo_date_format(o->day, d));
	mo_bind_setint(L, "amount", o->amount);
	mo_bind_setstr(L, "what", o->what);
	append(L);
	return 0;
}

static int l_outstanding(lua_State *L)
{
	static const char *const fields[] = {"through", NULL};
	mo_practice *p = practice_of(L);
	int32_t through;
	mo_err e;
	opt_table(L, 1, fields);
	through = mo_bind_datefield(L, 1, "through", "bank.outstanding",
				    false, mo_practice_today(p));
	lua_newtable(L);
	if (mo_ap_bank_outstanding(p, actor_of(L), through, push_outstanding,
				   L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static void bank_table(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"import", l_import},
		{"statements", l_statements},
		{"lines", l_lines},
		{"unmatched", l_unmatched},
		{"match", l_match},
		{"unmatch", l_unmatch},
		{"reconcile", l_reconcile},
		{"register", l_register},
		{"outstanding", l_outstanding},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "bank");
}

/* ---- budget ---- */

/* The month field of the table at idx (dflt when absent). */
static int month_field(lua_State *L, int idx, const char *field, int dflt)
{
	const char *s = mo_bind_optfield(L, idx, field);
	int month;
	mo_err e;
	if (!s)
		return dflt;
	if (mo_ap_month_parse(s, &month, &e))
		luaL_error(L, "budget: %s: %s", field, e.msg);
	return month;
}

static int l_budget_set(lua_State *L)
{
	static const char *const fields[] = {"category", "month", "from", "to",
					     "amount", NULL};
	int64_t amount;
	int month, from, to;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	month = month_field(L, 1, "month", 0);
	from = month_field(L, 1, "from", month);
	to = month_field(L, 1, "to", month ? month : from);
	if (!from || (month && (from != month || to != month)))
		return luaL_error(L, "budget.set: give month, or from and to "
				  "(months such as \"2026-11\")");
	amount = mo_bind_moneyfield(L, 1, "amount", "budget.set", INT64_MIN);
	if (amount == INT64_MIN)
		return luaL_error(L, "budget.set: amount is required");
	return done(L, mo_ap_budget_set(practice_of(L), actor_of(L),
					mo_bind_optfield(L, 1, "category"),
					from, to, amount, &e), &e);
}

static int push_row(void *ud, const mo_ap_budget_row *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 9);
	mo_bind_setstr(L, "category", r->category);
	mo_bind_setstr(L, "title", r->title);
	set_bool(L, "income", r->income);
	mo_bind_setint(L, "budget", r->budget);
	mo_bind_setint(L, "actual", r->actual);
	mo_bind_setint(L, "variance", r->variance);
	mo_bind_setint(L, "budget_ytd", r->budget_ytd);
	mo_bind_setint(L, "actual_ytd", r->actual_ytd);
	mo_bind_setint(L, "variance_ytd", r->variance_ytd);
	append(L);
	return 0;
}

static int l_budget_report(lua_State *L)
{
	mo_practice *p = practice_of(L);
	int y, m, d, month;
	mo_err e;
	mo_civil_from_days(mo_practice_today(p), &y, &m, &d);
	month = y * 100 + m;
	if (!lua_isnoneornil(L, 1) &&
	    mo_ap_month_parse(luaL_checkstring(L, 1), &month, &e))
		return luaL_error(L, "budget.report: month: %s", e.msg);
	lua_newtable(L);
	if (mo_ap_budget_report(p, actor_of(L), month, push_row, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static void budget_table(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"set", l_budget_set},
		{"report", l_budget_report},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "budget");
}
void mo_bind_payable_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"categories", l_categories},
		{"vendor_add", l_vendor_add},
		{"vendor_update", l_vendor_update},
		{"vendors", l_vendors},
		{"enter", l_enter},
		{"approve", l_approve},
		{"void", l_void},
		{"bills", l_bills},
		{"bill", l_bill},
		{"pay", l_pay},
		{"payments", l_payments},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "payables");
	bank_table(L);
	budget_table(L);
}
