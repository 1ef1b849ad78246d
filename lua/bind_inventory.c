/* bind_inventory.c: Lua bindings of core/inventory.h as the `inventory`
 * table, for scripts, the shell and specs (made as the acting staff
 * member, act_as):
 *   inventory.add{ name =, category =, unit =, location =, storage =,
 *       reorder_point =, reorder_quantity =, vendor =, unit_cost =,
 *       lots = } -> id
 *   inventory.update(id, { the fields of add, active = }) -> true
 *   inventory.items{ location =, category =, all =, low = } -> { item, ... }
 *   inventory.stock(id) -> item with lots = { lot, ... } | nil, message
 *   inventory.receive{ po =, lines = { { item =, quantity =, lot =,
 *       expires = }, ... }, note = } (or one line's fields in place of
 *       lines) -> true
 *   inventory.use{ item =, quantity =, lot =, kind = "used" | "wasted" |
 *       "expired", note = } -> the quantity left
 *   inventory.count{ item =, quantity =, lot =, note = } -> the change
 *   inventory.lots([days]) -> { lot, ... } (in stock, expiring within
 *       days, default 60; expired ones included)
 *   inventory.movements{ item =, from =, to = } -> { movement, ... }
 *   inventory.reorder() -> { item with suggested, ... }
 *   inventory.po_draft{ vendor =, note =, reorder = } -> id
 *   inventory.po_line(po, item, quantity [, unit_cost]) -> true
 *   inventory.po_submit(po) -> request id
 *   inventory.po_cancel(po, reason) -> true
 *   inventory.po(id) -> order with lines = { line, ... } | nil, message
 *   inventory.pos([status]) -> { order, ... } (each with line_count)
 *   inventory.temperature{ storage =, reading = "4.5", note = } -> in range
 *   inventory.temperatures{ from =, to =, storage = } -> { reading, ... }
 *   inventory.storages() -> { storage, ... }
 * Quantities are whole numbers of the item's unit; money goes in as text
 * ("12.50") or integer cents and comes back as cents; temperatures go in
 * and come back as text of degrees C ("4.50"). Bad input and denials
 * raise, naming the field; a missing item or order is nil, message. It
 * uses Lua, engine.h, inventory.h and units.h. */
#include <lauxlib.h>
#include <string.h>

#include "bind.h"
#include "engine.h"
#include "inventory.h"
#include "units.h"

enum { LINES_MAX = 64 };

static mo_practice *practice_of(lua_State *L)
{
	return mo_engine_practice(mo_engine_from(L));
}

static const char *actor_of(lua_State *L)
{
	return mo_engine_actor(mo_engine_from(L));
}

/* ---- reading arguments ---- */

static int64_t int_field(lua_State *L, int idx, const char *field,
			 const char *fn, bool required, int64_t dflt)
{
	return mo_bind_intfield(L, idx, field, fn, required, dflt, INT64_MIN,
				INT64_MAX);
}

/* A boolean field: -1 when absent; raises for another type. */
static int bool_field(lua_State *L, int idx, const char *field,
		      const char *fn)
{
	int t = lua_getfield(L, idx, field), v = -1;
	if (t == LUA_TBOOLEAN)
		v = lua_toboolean(L, -1);
	else if (t != LUA_TNIL)
		luaL_error(L, "%s: %s: expected true or false, got %s", fn,
			   field, lua_typename(L, t));
	lua_pop(L, 1);
	return v;
}

/* The unit_cost field of the table at idx in cents: -1 when absent. */
static int64_t cost_field(lua_State *L, int idx, const char *fn)
{
	int64_t cents = mo_bind_moneyfield(L, idx, "unit_cost", fn, INT64_MIN);
	if (cents == INT64_MIN)
		return -1;
	if (cents < 0)
		luaL_error(L, "%s: unit_cost: expected 0.00 or more", fn);
	return cents;
}

/* A temperature as text or a number ("4.5", 4.5, "-20") in hundredths. */
static int64_t degrees_field(lua_State *L, int idx, const char *fn)
{
	const char *s;
	int64_t v = 0;
	mo_err e;
	int t = lua_getfield(L, idx, "reading");
	s = t == LUA_TNUMBER || t == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
	if (!s || mo_money_parse(s, &v, &e))
		luaL_error(L, "%s: reading: expected degrees C with at most two "
			   "decimals (\"4.5\"), got %s", fn,
			   s ? s : lua_typename(L, t));
	lua_pop(L, 1);
	return v;
}

static const char *const ITEM_FIELDS[] = {"name", "category", "unit",
	"location", "storage", "reorder_point", "reorder_quantity", "vendor",
	"unit_cost", "lots", "active", NULL};

/* ---- pushing results ---- */

static void set_opt_int(lua_State *L, const char *k, int64_t v, int64_t none)
{
	if (v != none)
		mo_bind_setint(L, k, v);
}

static void set_bool(lua_State *L, const char *k, bool v)
{
	lua_pushboolean(L, v);
	lua_setfield(L, -2, k);
}

static void set_degrees(lua_State *L, const char *k, int64_t v)
{
	char buf[32];
	mo_bind_setstr(L, k, mo_money_format(v, buf));
}

static void push_item(lua_State *L, const mo_inv_item *it)
{
	lua_createtable(L, 0, 17);
	mo_bind_setint(L, "id", it->id);
	mo_bind_setstr(L, "name", it->name);
	mo_bind_setstr(L, "category", it->category);
	mo_bind_setstr(L, "unit", it->unit);
	mo_bind_setstr(L, "location", it->location);
	mo_bind_setstr(L, "storage", it->storage);
	mo_bind_setstr(L, "vendor", it->vendor);
	mo_bind_setint(L, "reorder_point", it->reorder_point);
	mo_bind_setint(L, "reorder_quantity", it->reorder_quantity);
	set_opt_int(L, "unit_cost", it->unit_cost, -1);
	set_bool(L, "lots", it->tracks_lots);
	set_bool(L, "active", it->active);
	mo_bind_setint(L, "on_hand", it->on_hand);
	mo_bind_setint(L, "usable", it->usable);
	mo_bind_setint(L, "on_order", it->on_order);
	mo_bind_setdate(L, "next_expiry", it->next_expiry);
}

/* Appends the table on top to the list below it. */
static void append(lua_State *L)
{
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

static int append_item(void *ud, const mo_inv_item *it)
{
	push_item(ud, it);
	append(ud);
	return 0;
}

static void push_lot(lua_State *L, const mo_inv_lot *l)
{
	lua_createtable(L, 0, 8);
	mo_bind_setint(L, "item", l->item);
	mo_bind_setstr(L, "name", l->item_name);
	mo_bind_setstr(L, "unit", l->unit);
	mo_bind_setstr(L, "location", l->location);
	mo_bind_setstr(L, "lot", l->lot);
	mo_bind_setdate(L, "expires", l->expires);
	mo_bind_setdate(L, "received", l->received);
	mo_bind_setint(L, "on_hand", l->on_hand);
}

static int append_lot(void *ud, const mo_inv_lot *l)
{
	push_lot(ud, l);
	append(ud);
	return 0;
}

static int append_movement(void *ud, const mo_inv_movement *m)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 12);
	mo_bind_setint(L, "id", m->id);
	mo_bind_setint(L, "item", m->item);
	mo_bind_setstr(L, "name", m->item_name);
	mo_bind_setstr(L, "unit", m->unit);
	mo_bind_setstr(L, "kind", m->kind);
	mo_bind_setstr(L, "lot", m->lot);
	mo_bind_setint(L, "quantity", m->quantity);
	set_opt_int(L, "counted", m->counted, -1);
	set_opt_int(L, "po", m->po, 0);
	mo_bind_setdate(L, "date", m->day);
	mo_bind_setstr(L, "note", m->note);
	mo_bind_setstr(L, "by", m->by);
	mo_bind_settime(L, "at", m->at_us);
	append(L);
	return 0;
}

static int append_reorder(void *ud, const mo_inv_reorder_row *r)
{
	lua_State *L = ud;
	push_item(L, r->item);
	mo_bind_setint(L, "suggested", r->suggested);
	append(L);
	return 0;
}

static void push_po(lua_State *L, const mo_inv_po *o)
{
	lua_createtable(L, 0, 13);
	mo_bind_setint(L, "id", o->id);
	mo_bind_setstr(L, "vendor", o->vendor);
	mo_bind_setstr(L, "status", o->status);
	mo_bind_setstr(L, "note", o->note);
	mo_bind_setstr(L, "cancel_reason", o->cancel_reason);
	set_opt_int(L, "request", o->request, 0);
	mo_bind_setint(L, "line_count", o->lines);
	mo_bind_setint(L, "received_lines", o->received_lines);
	mo_bind_setint(L, "total", o->total);
	mo_bind_setdate(L, "created", o->created_day);
	mo_bind_setdate(L, "ordered", o->ordered_day);
	mo_bind_setdate(L, "received", o->received_day);
	mo_bind_setstr(L, "created_by", o->created_by);
}

static int append_po(void *ud, const mo_inv_po *o)
{
	push_po(ud, o);
	append(ud);
	return 0;
}

static int append_line(void *ud, const mo_inv_po_line_row *l)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 6);
	mo_bind_setint(L, "item", l->item);
	mo_bind_setstr(L, "name", l->item_name);
	mo_bind_setstr(L, "unit", l->unit);
	mo_bind_setint(L, "quantity", l->quantity);
	mo_bind_setint(L, "unit_cost", l->unit_cost);
	mo_bind_setint(L, "received", l->received);
	append(L);
	return 0;
}

static int append_reading(void *ud, const mo_clia_temperature_row *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 8);
	mo_bind_settime(L, "at", r->at_us);
	mo_bind_setstr(L, "storage", r->storage);
	set_degrees(L, "reading", r->reading);
	set_degrees(L, "low", r->low);
	set_degrees(L, "high", r->high);
	set_bool(L, "in_range", r->in_range);
	mo_bind_setstr(L, "by", r->by);
	mo_bind_setstr(L, "note", r->note);
	append(L);
	return 0;
}

static int append_storage(void *ud, const mo_inv_storage *s)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 10);
	mo_bind_setstr(L, "id", s->id);
	mo_bind_setstr(L, "name", s->name);
	if (s->known) {
		set_degrees(L, "low", s->low);
		set_degrees(L, "high", s->high);
	}
	mo_bind_setint(L, "items", s->items);
	if (s->has_reading) {
		set_degrees(L, "reading", s->reading);
		mo_bind_settime(L, "at", s->at_us);
		set_bool(L, "in_range", s->in_range);
		set_bool(L, "today", s->today);
	}
	append(L);
	return 0;
}

/* ---- items ---- */

static int l_add(lua_State *L)
{
	static const char fn[] = "inventory.add";
	mo_inv_item_new in = {0};
	int64_t id;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, ITEM_FIELDS);
	in.name = mo_bind_optfield(L, 1, "name");
	in.category = mo_bind_optfield(L, 1, "category");
	in.unit = mo_bind_optfield(L, 1, "unit");
	in.location = mo_bind_optfield(L, 1, "location");
	in.storage = mo_bind_optfield(L, 1, "storage");
	in.reorder_point = int_field(L, 1, "reorder_point", fn, true, 0);
	in.reorder_quantity = int_field(L, 1, "reorder_quantity", fn, true, 0);
	in.vendor = mo_bind_optfield(L, 1, "vendor");
	in.unit_cost = cost_field(L, 1, fn);
	in.tracks_lots = bool_field(L, 1, "lots", fn) == 1;
	if (bool_field(L, 1, "active", fn) == 0)
		return luaL_error(L, "%s: active: a new item is active", fn);
	if (mo_inv_item_add(practice_of(L), actor_of(L), &in, &id, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_update(lua_State *L)
{
	static const char fn[] = "inventory.update";
	mo_inv_item_change ch;
	mo_err e;
	lua_Integer id = luaL_checkinteger(L, 1);
	luaL_checktype(L, 2, LUA_TTABLE);
	mo_bind_checkfields(L, 2, ITEM_FIELDS);
	ch = (mo_inv_item_change){mo_bind_optfield(L, 2, "name"),
		mo_bind_optfield(L, 2, "category"),
		mo_bind_optfield(L, 2, "unit"),
		mo_bind_optfield(L, 2, "location"),
		mo_bind_optfield(L, 2, "storage"),
		mo_bind_optfield(L, 2, "vendor"),
		int_field(L, 2, "reorder_point", fn, false, -1),
		int_field(L, 2, "reorder_quantity", fn, false, -1),
		cost_field(L, 2, fn),
		bool_field(L, 2, "lots", fn), bool_field(L, 2, "active", fn)};
	if (mo_inv_item_update(practice_of(L), actor_of(L), id, &ch, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_items(lua_State *L)
{
	static const char *const fields[] = {"location", "category", "all",
					     "low", NULL};
	static const char fn[] = "inventory.items";
	mo_inv_filter f = {0};
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		f.location = mo_bind_optfield(L, 1, "location");
		f.category = mo_bind_optfield(L, 1, "category");
		f.inactive = bool_field(L, 1, "all", fn) == 1;
		f.low = bool_field(L, 1, "low", fn) == 1;
	}
	lua_newtable(L);
	if (mo_inv_items(practice_of(L), actor_of(L), &f, append_item, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* Leaves the item on the stack, under the list of its lots. */
static int stock_head(void *ud, const mo_inv_item *it)
{
	lua_State *L = ud;
	lua_pop(L, 1); /* the placeholder */
	push_item(L, it);
	lua_newtable(L);
	return 0;
}

static int l_stock(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	int top = lua_gettop(L), rc;
	mo_err e;
	lua_pushnil(L); /* replaced by the item */
	rc = mo_inv_stock(practice_of(L), actor_of(L), id, stock_head,
			  append_lot, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	lua_setfield(L, -2, "lots");
	return 1;
}

/* ---- movements ---- */

/* One receipt line from the table at idx. */
static void read_line(lua_State *L, int idx, mo_inv_receipt_line *l,
		      const char *fn)
{
	*l = (mo_inv_receipt_line){int_field(L, idx, "item", fn, true, 0),
		int_field(L, idx, "quantity", fn, true, 0),
		mo_bind_optfield(L, idx, "lot"),
		mo_bind_datefield(L, idx, "expires", fn, false, 0)};
}

/* The lines field of the table at 1 into v (at most LINES_MAX). */
static size_t read_lines(lua_State *L, mo_inv_receipt_line *v,
			 const char *fn)
{
	static const char *const fields[] = {"item", "quantity", "lot",
					     "expires", NULL};
	size_t n;
	lua_getfield(L, 1, "lines");
	luaL_checktype(L, -1, LUA_TTABLE);
	n = lua_rawlen(L, -1);
	if (n == 0 || n > LINES_MAX)
		luaL_error(L, "%s: lines: expected 1 to %d lines, got %d", fn,
			   LINES_MAX, (int)n);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		luaL_checktype(L, -1, LUA_TTABLE);
		mo_bind_checkfields(L, -1, fields);
		read_line(L, lua_gettop(L), &v[i], fn);
		lua_pop(L, 1); /* the lines table keeps the strings */
	}
	return n;
}

static int l_receive(lua_State *L)
{
	static const char *const fields[] = {"po", "lines", "note", "item",
		"quantity", "lot", "expires", NULL};
	static const char fn[] = "inventory.receive";
	mo_inv_receipt_line lines[LINES_MAX];
	size_t n = 1;
	int64_t po;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	po = int_field(L, 1, "po", fn, false, 0);
	if (lua_getfield(L, 1, "lines") != LUA_TNIL) {
		lua_pop(L, 1);
		n = read_lines(L, lines, fn);
	} else {
		lua_pop(L, 1);
		read_line(L, 1, &lines[0], fn);
	}
	if (mo_inv_receive(practice_of(L), actor_of(L), po, lines, n,
			   mo_bind_optfield(L, 1, "note"), &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_use(lua_State *L)
{
	static const char *const fields[] = {"item", "quantity", "lot", "kind",
					     "note", NULL};
	static const char fn[] = "inventory.use";
	mo_inv_out in;
	int64_t left;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	in = (mo_inv_out){int_field(L, 1, "item", fn, true, 0),
		mo_bind_optfield(L, 1, "kind"),
		int_field(L, 1, "quantity", fn, false, 0),
		mo_bind_optfield(L, 1, "lot"), mo_bind_optfield(L, 1, "note")};
	in.kind = in.kind ? in.kind : "used";
	if (mo_inv_use(practice_of(L), actor_of(L), &in, &left, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, left);
	return 1;
}

static int l_count(lua_State *L)
{
	static const char *const fields[] = {"item", "quantity", "lot", "note",
					     NULL};
	static const char fn[] = "inventory.count";
	int64_t change;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_inv_count(practice_of(L), actor_of(L),
			 int_field(L, 1, "item", fn, true, 0),
			 mo_bind_optfield(L, 1, "lot"),
			 int_field(L, 1, "quantity", fn, true, 0),
			 mo_bind_optfield(L, 1, "note"), &change, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, change);
	return 1;
}

static int l_lots(lua_State *L)
{
	lua_Integer days = luaL_optinteger(L, 1, 60);
	mo_practice *p = practice_of(L);
	mo_err e;
	luaL_argcheck(L, days >= 0 && days <= 3650, 1, "days: 0 to 3650");
	lua_newtable(L);
	if (mo_inv_lots(p, actor_of(L), mo_practice_today(p) + (int32_t)days,
			append_lot, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_movements(lua_State *L)
{
	static const char *const fields[] = {"item", "from", "to", NULL};
	static const char fn[] = "inventory.movements";
	int64_t item = 0;
	int32_t from = 0, to = 0;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		item = int_field(L, 1, "item", fn, false, 0);
		from = mo_bind_datefield(L, 1, "from", fn, false, 0);
		to = mo_bind_datefield(L, 1, "to", fn, false, 0);
	}
	lua_newtable(L);
	if (mo_inv_movements(practice_of(L), actor_of(L), item, from, to,
			     append_movement, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_reorder(lua_State *L)
{
	mo_err e;
	lua_newtable(L);
	if (mo_inv_reorder(practice_of(L), actor_of(L), append_reorder, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- purchase orders ---- */

static int l_po_draft(lua_State *L)
{
	static const char *const fields[] = {"vendor", "note", "reorder",
					     NULL};
	int64_t id;
	mo_err e;
	int rc;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	rc = mo_inv_po_draft(practice_of(L), actor_of(L),
			     mo_bind_optfield(L, 1, "vendor"),
			     mo_bind_optfield(L, 1, "note"),
			     bool_field(L, 1, "reorder", "inventory.po_draft")
			     == 1, &id, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushinteger(L, id);
	return 1;
}

/* The unit cost argument at idx: money text or integer cents; -1 when
 * absent (the item's). */
static int64_t cost_arg(lua_State *L, int idx)
{
	int64_t cents = 0;
	mo_err e;
	if (lua_isnoneornil(L, idx))
		return -1;
	if (lua_isinteger(L, idx))
		cents = lua_tointeger(L, idx);
	else if (lua_type(L, idx) != LUA_TSTRING ||
		 mo_money_parse(lua_tostring(L, idx), &cents, &e))
		luaL_argerror(L, idx, "unit_cost: expected money text such as "
			      "\"12.50\" or integer cents");
	if (cents < 0)
		luaL_argerror(L, idx, "unit_cost: expected 0.00 or more");
	return cents;
}

static int l_po_line(lua_State *L)
{
	lua_Integer po = luaL_checkinteger(L, 1), item = luaL_checkinteger(L, 2);
	lua_Integer quantity = luaL_checkinteger(L, 3);
	mo_err e;
	if (mo_inv_po_line(practice_of(L), actor_of(L), po, item, quantity,
			   cost_arg(L, 4), &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_po_submit(lua_State *L)
{
	int64_t request;
	mo_err e;
	if (mo_inv_po_submit(practice_of(L), actor_of(L),
			     luaL_checkinteger(L, 1), &request, &e))
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, request);
	return 1;
}

static int l_po_cancel(lua_State *L)
{
	lua_Integer po = luaL_checkinteger(L, 1);
	mo_err e;
	if (mo_inv_po_cancel(practice_of(L), actor_of(L), po,
			     luaL_checkstring(L, 2), &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, 1);
	return 1;
}

/* Leaves the order on the stack, under the list of its lines. */
static int po_head(void *ud, const mo_inv_po *o)
{
	lua_State *L = ud;
	lua_pop(L, 1); /* the placeholder */
	push_po(L, o);
	lua_newtable(L);
	return 0;
}

static int l_po(lua_State *L)
{
	lua_Integer id = luaL_checkinteger(L, 1);
	int top = lua_gettop(L), rc;
	mo_err e;
	lua_pushnil(L); /* replaced by the order */
	rc = mo_inv_po_get(practice_of(L), actor_of(L), id, po_head,
			   append_line, L, &e);
	if (rc) {
		lua_settop(L, top);
		return mo_bind_result(L, rc, &e);
	}
	lua_setfield(L, -2, "lines");
	return 1;
}

static int l_pos(lua_State *L)
{
	const char *status = luaL_optstring(L, 1, NULL);
	mo_err e;
	lua_newtable(L);
	if (mo_inv_pos(practice_of(L), actor_of(L), status, append_po, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- the storage log ---- */

static int l_temperature(lua_State *L)
{
	static const char *const fields[] = {"storage", "reading", "note",
					     NULL};
	bool ok;
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	if (mo_inv_temperature(practice_of(L), actor_of(L),
			       mo_bind_optfield(L, 1, "storage"),
			       degrees_field(L, 1, "inventory.temperature"),
			       mo_bind_optfield(L, 1, "note"), &ok, &e))
		return mo_bind_raise(L, &e);
	lua_pushboolean(L, ok);
	return 1;
}

static int l_temperatures(lua_State *L)
{
	static const char *const fields[] = {"from", "to", "storage", NULL};
	static const char fn[] = "inventory.temperatures";
	mo_practice *p = practice_of(L);
	int32_t today = mo_practice_today(p), from = today - 30, to = today;
	const char *storage = NULL;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		luaL_checktype(L, 1, LUA_TTABLE);
		mo_bind_checkfields(L, 1, fields);
		from = mo_bind_datefield(L, 1, "from", fn, false, from);
		to = mo_bind_datefield(L, 1, "to", fn, false, to);
		storage = mo_bind_optfield(L, 1, "storage");
	}
	lua_newtable(L);
	if (mo_inv_temperatures(p, actor_of(L), from, to, storage,
				append_reading, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

static int l_storages(lua_State *L)
{
	mo_err e;
	lua_newtable(L);
	if (mo_inv_storages(practice_of(L), actor_of(L), append_storage, L,
			    &e))
		return mo_bind_raise(L, &e);
	return 1;
}

void mo_bind_inventory_script(lua_State *L)
{
	static const luaL_Reg funcs[] = {
		{"add", l_add},
		{"update", l_update},
		{"items", l_items},
		{"stock", l_stock},
		{"receive", l_receive},
		{"use", l_use},
		{"count", l_count},
		{"lots", l_lots},
		{"movements", l_movements},
		{"reorder", l_reorder},
		{"po_draft", l_po_draft},
		{"po_line", l_po_line},
		{"po_submit", l_po_submit},
		{"po_cancel", l_po_cancel},
		{"po", l_po},
		{"pos", l_pos},
		{"temperature", l_temperature},
		{"temperatures", l_temperatures},
		{"storages", l_storages},
		{NULL, NULL},
	};
	luaL_newlib(L, funcs);
	lua_setfield(L, -2, "inventory");
}
