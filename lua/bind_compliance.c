/* bind_compliance.c: Lua bindings of core/compliance.h. Policies get the
 * checklist DSL (`checklist "id" { ... }`, `abuse_reporting { ... }`,
 * lua/medoffice/compliance.lua), whose declarations are handed to the
 * core as a C registry (kept in a userdata of the Lua state, removed from
 * the practice when the state closes) once every policy is loaded.
 * Scripts, the shell and specs get:
 *   compliance.checklists() -> { { id, title, every, due, owner, where,
 *     items = { { id, text, evidence } } } }
 *   compliance.record{ checklist =, item =, period =, result =, evidence =,
 *     note =, by =, at = } -> record id, corrective task id (or nil)
 *   compliance.status{ checklist =, period = } -> { checklist, period,
 *     first, last, due, done, total, failed, complete, late, missed,
 *     items = { { id, text, result, evidence, note, by, at, task } } }
 *   compliance.list() -> { status, ... } (the current periods)
 *   waste.pickup{ day =, hauler =, manifest =, sharps =, red_bag =,
 *     pharmaceutical =, pathological =, weight =, signed_by =, note = }
 *     -> pickup id
 *   waste.list{ from =, to = } -> { pickup, ... }
 *   incidents.report{ kind =, occurred =, reported =, location =,
 *     description =, patients = { id, ... }, staff = { id, ... },
 *     reported_by =, follow_up = } -> incident id
 *   incidents.update{ id =, status =, note =, follow_up = } -> true
 *   incidents.notify{ id =, agency =, method =, reference =,
 *     reported_by =, at = } -> true
 *   incidents.list{ kind =, status =, patient =, from =, to = }
 *   incidents.get(id) -> incident with history | nil, message
 * Bad arguments and denials raise, naming the field; no such record
 * returns nil and the message. It uses Lua, engine.h, compliance.h, tz.h
 * and units.h. */
#include "bind.h"

#include <lauxlib.h>
#include <stdlib.h>
#include <string.h>

#include "compliance.h"
#include "engine.h"
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

/* ---- the registry (policy base) ---- */

/* The C copy of the declarations; strings and arrays malloc'd. */
typedef struct reg_box {
	mo_practice *p;
	mo_comp_registry reg;
	mo_comp_checklist *v;
	size_t n;
} reg_box;

static void free_box(reg_box *b)
{
	for (size_t i = 0; i < b->n; i++) {
		mo_comp_checklist *c = &b->v[i];
		for (size_t j = 0; j < c->nitems; j++) {
			free((char *)c->items[j].id);
			free((char *)c->items[j].text);
		}
		free((mo_comp_item *)c->items);
		free((char *)c->id), free((char *)c->title);
		free((char *)c->every), free((char *)c->owner);
		free((char *)c->where);
	}
	free(b->v);
	b->v = NULL;
	b->n = 0;
}

static int box_gc(lua_State *L)
{
	reg_box *b = lua_touserdata(L, 1);
	if (b->p && mo_practice_checklists(b->p) == &b->reg)
		mo_practice_set_checklists(b->p, NULL);
	free_box(b);
	return 0;
}

static char *dup_field(lua_State *L, int idx, const char *k)
{
	const char *s;
	lua_getfield(L, idx, k);
	s = lua_tostring(L, -1); /* compliance.lua checked it */
	char *d = strdup(s ? s : "");
	lua_pop(L, 1);
	if (!d)
		luaL_error(L, "out of memory");
	return d;
}

static void copy_items(lua_State *L, mo_comp_checklist *c)
{
	size_t n;
	lua_getfield(L, -1, "items");
	n = lua_rawlen(L, -1);
	mo_comp_item *items = calloc(n ? n : 1, sizeof *items);
	if (!items)
		luaL_error(L, "out of memory");
	c->items = items;
	for (size_t j = 0; j < n; j++, c->nitems++) {
		lua_rawgeti(L, -1, (lua_Integer)j + 1);
		items[j].id = dup_field(L, -1, "id");
		items[j].text = dup_field(L, -1, "text");
		lua_getfield(L, -1, "evidence");
		items[j].evidence_required = lua_toboolean(L, -1);
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
}

/* Copies the declaration on top into c (counted in the box before its
 * strings are copied, so that __gc frees what a failure left). */
static void copy_checklist(lua_State *L, mo_comp_checklist *c)
{
	c->id = dup_field(L, -1, "id");
	c->title = dup_field(L, -1, "title");
	c->every = dup_field(L, -1, "every");
	c->owner = dup_field(L, -1, "owner");
	c->where = dup_field(L, -1, "where");
	lua_getfield(L, -1, "due");
	c->due = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	copy_items(L, c);
}

/* M.install(lists, abuse_hours): the registry of the practice. */
static int l_install(lua_State *L)
{
	size_t n = lua_rawlen(L, 1);
	mo_err e;
	reg_box *b = lua_newuserdatauv(L, sizeof *b, 0);
	*b = (reg_box){NULL, {NULL, 0, 0}, NULL, 0};
	lua_createtable(L, 0, 1);
	lua_pushcfunction(L, box_gc);
	lua_setfield(L, -2, "__gc");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.compliance.registry");
	if (n && !(b->v = calloc(n, sizeof *b->v)))
		return luaL_error(L, "out of memory");
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, 1, (lua_Integer)i + 1);
		b->n++;
		copy_checklist(L, &b->v[i]);
		if (mo_comp_check_checklist(&b->v[i], &e))
			return luaL_error(L, "%s: checklist \"%s\": %s",
					  b->v[i].where, b->v[i].id, e.msg);
		lua_pop(L, 1);
	}
	b->reg = (mo_comp_registry){b->v, b->n, (int)luaL_optinteger(L, 2, 0)};
	b->p = practice_of(L);
	mo_practice_set_checklists(b->p, &b->reg);
	return 0;
}

void mo_bind_compliance(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_err e;
	if (mo_engine_require(en, "compliance", &e))
		luaL_error(L, "%s", e.msg);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	lua_setfield(L, -2, "policy"); /* compliance.policy = policy */
	lua_pushcfunction(L, l_install);
	lua_setfield(L, -2, "install");
	lua_getfield(L, -1, "checklist");
	lua_setfield(L, -3, "checklist");
	lua_getfield(L, -1, "abuse_reporting");
	lua_setfield(L, -3, "abuse_reporting");
	/* finish() runs once every policy is loaded, as on_open does */
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.on_open");
	lua_getfield(L, -2, "finish");
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 2);
}

/* ---- arguments ---- */

static void check_table(lua_State *L, int idx, const char *const *fields)
{
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, fields);
}

static int64_t when_field(lua_State *L, int idx, const char *field,
			  const char *fn)
{
	const char *s = mo_bind_optfield(L, idx, field);
	char what[64];
	int64_t us = 0;
	mo_err e;
	snprintf(what, sizeof what, "%s: %s", fn, field);
	if (s && mo_comp_parse_when(practice_of(L), what, s, &us, &e))
		return luaL_error(L, "%s", e.msg);
	return us;
}

static int done(lua_State *L, int rc, mo_err *e)
{
	if (rc)
		return mo_bind_result(L, rc, e);
	lua_pushboolean(L, 1);
	return 1;
}

/* ---- checklists ---- */

static void push_items(lua_State *L, const mo_comp_checklist *c)
{
	lua_createtable(L, (int)c->nitems, 0);
	for (size_t j = 0; j < c->nitems; j++) {
		lua_createtable(L, 0, 3);
		mo_bind_setstr(L, "id", c->items[j].id);
		mo_bind_setstr(L, "text", c->items[j].text);
		mo_bind_setstr(L, "evidence", c->items[j].evidence_required
			       ? "required" : "optional");
		lua_rawseti(L, -2, (lua_Integer)j + 1);
	}
	lua_setfield(L, -2, "items");
}

static int l_checklists(lua_State *L)
{
	const mo_comp_registry *r = mo_practice_checklists(practice_of(L));
	lua_createtable(L, r ? (int)r->n : 0, 0);
	for (size_t i = 0; r && i < r->n; i++) {
		const mo_comp_checklist *c = &r->checklists[i];
		lua_createtable(L, 0, 7);
		mo_bind_setstr(L, "id", c->id);
		mo_bind_setstr(L, "title", c->title);
		mo_bind_setstr(L, "every", c->every);
		mo_bind_setint(L, "due", c->due);
		mo_bind_setstr(L, "owner", c->owner);
		mo_bind_setstr(L, "where", c->where);
		push_items(L, c);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	return 1;
}

static int l_record(lua_State *L)
{
	static const char *const fields[] = {"checklist", "item", "period",
		"result", "evidence", "note", "by", "at", NULL};
	mo_comp_result_new in;
	int64_t id = 0, task = 0;
	mo_err e;
	int rc;
	check_table(L, 1, fields);
	in = (mo_comp_result_new){mo_bind_optfield(L, 1, "checklist"),
		mo_bind_optfield(L, 1, "item"), mo_bind_optfield(L, 1, "period"),
		mo_bind_optfield(L, 1, "result"),
		mo_bind_optfield(L, 1, "evidence"),
		mo_bind_optfield(L, 1, "note"), mo_bind_optfield(L, 1, "by"),
		when_field(L, 1, "at", "compliance.record")};
	if ((rc = mo_comp_record(practice_of(L), actor_of(L), &in, &id, &task,
				 &e)))
		return mo_bind_raise(L, &e); /* a change refused */
	lua_pushinteger(L, id);
	if (task)
		lua_pushinteger(L, task);
	else
		lua_pushnil(L);
	return 2;
}

static void push_status(lua_State *L, const mo_comp_status *s)
{
	lua_createtable(L, 0, 12);
	mo_bind_setstr(L, "checklist", s->checklist->id);
	mo_bind_setstr(L, "title", s->checklist->title);
	mo_bind_setstr(L, "owner", s->checklist->owner);
	mo_bind_setstr(L, "period", s->period.text);
	mo_bind_setdate(L, "first", s->period.first);
	mo_bind_setdate(L, "last", s->period.last);
	mo_bind_setdate(L, "due", s->period.due);
	mo_bind_setint(L, "done", (int64_t)s->done);
	mo_bind_setint(L, "total", (int64_t)s->checklist->nitems);
	mo_bind_setint(L, "failed", (int64_t)s->failed);
	lua_pushboolean(L, s->complete);
	lua_setfield(L, -2, "complete");
	lua_pushboolean(L, s->late);
	lua_setfield(L, -2, "late");
	lua_pushboolean(L, s->missed);
	lua_setfield(L, -2, "missed");
}

static int status_cb(void *ud, const mo_comp_status *s)
{
	lua_State *L = ud;
	push_status(L, s);
	lua_newtable(L);
	lua_setfield(L, -2, "items");
	return 0;
}

static int entry_cb(void *ud, const mo_comp_entry *en)
{
	lua_State *L = ud;
	lua_getfield(L, -1, "items");
	lua_createtable(L, 0, 8);
	mo_bind_setstr(L, "id", en->item->id);
	mo_bind_setstr(L, "text", en->item->text);
	if (en->id) {
		mo_bind_setint(L, "record", en->id);
		mo_bind_setstr(L, "result", en->result);
		mo_bind_setstr(L, "evidence", en->evidence);
		mo_bind_setstr(L, "note", en->note);
		mo_bind_setstr(L, "by", en->by);
		mo_bind_settime(L, "at", en->at_us);
		if (en->task)
			mo_bind_setint(L, "task", en->task);
	}
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 1);
	return 0;
}

static int l_status(lua_State *L)
{
	static const char *const fields[] = {"checklist", "period", NULL};
	mo_err e;
	int rc;
	check_table(L, 1, fields);
	rc = mo_comp_status_get(practice_of(L), actor_of(L),
				mo_bind_optfield(L, 1, "checklist"),
				mo_bind_optfield(L, 1, "period"), status_cb,
				entry_cb, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int list_cb(void *ud, const mo_comp_status *s)
{
	lua_State *L = ud;
	push_status(L, s);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_list(lua_State *L)
{
	mo_err e;
	lua_newtable(L);
	if (mo_comp_list(practice_of(L), actor_of(L), list_cb, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- waste ---- */

static int l_pickup(lua_State *L)
{
	static const char fn[] = "waste.pickup";
	static const char *const fields[] = {"day", "hauler", "manifest",
		"sharps", "red_bag", "pharmaceutical", "pathological", "weight",
		"signed_by", "note", NULL};
	mo_comp_pickup_new in;
	int64_t id = 0, lo = INT32_MIN, hi = INT32_MAX;
	mo_err e;
	int rc;
	check_table(L, 1, fields);
	lua_getfield(L, 1, "hauler");
	if (lua_isinteger(L, -1)) {
		lua_tostring(L, -1); /* a vendor id, as text */
		lua_setfield(L, 1, "hauler");
	} else {
		lua_pop(L, 1);
	}
	in = (mo_comp_pickup_new){
		mo_bind_datefield(L, 1, "day", fn, false, 0),
		mo_bind_optfield(L, 1, "hauler"),
		mo_bind_optfield(L, 1, "manifest"),
		mo_bind_intfield(L, 1, "sharps", fn, false, 0, lo, hi),
		mo_bind_intfield(L, 1, "red_bag", fn, false, 0, lo, hi),
		mo_bind_intfield(L, 1, "pharmaceutical", fn, false, 0, lo, hi),
		mo_bind_intfield(L, 1, "pathological", fn, false, 0, lo, hi),
		mo_bind_moneyfield(L, 1, "weight", fn, -1),
		mo_bind_optfield(L, 1, "signed_by"),
		mo_bind_optfield(L, 1, "note")};
	if (in.weight == -1 && lua_getfield(L, 1, "weight") != LUA_TNIL)
		in.weight = -2; /* "-0.01": refused by the core */
	if ((rc = mo_comp_pickup(practice_of(L), actor_of(L), &in, &id, &e)))
		return mo_bind_raise(L, &e); /* a change refused */
	lua_pushinteger(L, id);
	return 1;
}

static int pickup_cb(void *ud, const mo_comp_pickup_row *r)
{
	lua_State *L = ud;
	lua_createtable(L, 0, 12);
	mo_bind_setint(L, "id", r->id);
	mo_bind_setdate(L, "day", r->day);
	mo_bind_setint(L, "vendor", r->vendor);
	mo_bind_setstr(L, "hauler", r->hauler);
	mo_bind_setstr(L, "manifest", r->manifest);
	mo_bind_setint(L, "sharps", r->sharps);
	mo_bind_setint(L, "red_bag", r->red_bag);
	mo_bind_setint(L, "pharmaceutical", r->pharmaceutical);
	mo_bind_setint(L, "pathological", r->pathological);
	if (r->weight >= 0)
		mo_bind_setint(L, "weight", r->weight);
	mo_bind_setstr(L, "signed_by", r->signed_by);
	mo_bind_setstr(L, "note", r->note);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_waste_list(lua_State *L)
{
	static const char fn[] = "waste.list";
	static const char *const fields[] = {"from", "to", NULL};
	int32_t from = 0, to = 0;
	mo_err e;
	if (!lua_isnoneornil(L, 1)) {
		check_table(L, 1, fields);
		from = mo_bind_datefield(L, 1, "from", fn, false, 0);
		to = mo_bind_datefield(L, 1, "to", fn, false, 0);
	}
	lua_newtable(L);
	if (mo_comp_pickups(practice_of(L), actor_of(L), from, to, pickup_cb,
			    L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- incidents ---- */

enum { MAX_PEOPLE = 16 };

typedef struct people_args {
	int64_t patients[MAX_PEOPLE];
	const char *staff[MAX_PEOPLE];
	size_t np, ns;
} people_args;

static void read_people(lua_State *L, people_args *a)
{
	static const char fn[] = "incidents.report";
	if (lua_getfield(L, 1, "patients") == LUA_TTABLE) {
		for (size_t i = 1; i <= lua_rawlen(L, -1); i++, a->np++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			if (!lua_isinteger(L, -1) || a->np >= MAX_PEOPLE)
				luaL_error(L, "%s: patients: expected up to %d "
					   "patient ids", fn, MAX_PEOPLE);
			a->patients[a->np] = lua_tointeger(L, -1);
			lua_pop(L, 1);
		}
	} else if (!lua_isnil(L, -1))
		luaL_error(L, "%s: patients: expected a list of patient ids", fn);
	if (lua_getfield(L, 1, "staff") == LUA_TTABLE) {
		for (size_t i = 1; i <= lua_rawlen(L, -1); i++, a->ns++) {
			lua_rawgeti(L, -1, (lua_Integer)i);
			if (!lua_isstring(L, -1) || a->ns >= MAX_PEOPLE)
				luaL_error(L, "%s: staff: expected up to %d "
					   "staff ids", fn, MAX_PEOPLE);
			a->staff[a->ns] = lua_tostring(L, -1);
			lua_pop(L, 1); /* still referenced by the list */
		}
	} else if (!lua_isnil(L, -1))
		luaL_error(L, "%s: staff: expected a list of staff ids", fn);
	lua_pop(L, 2);
}

static int l_report(lua_State *L)
{
	static const char fn[] = "incidents.report";
	static const char *const fields[] = {"kind", "occurred", "reported",
		"location", "description", "patients", "staff", "reported_by",
		"follow_up", NULL};
	people_args pa = {{0}, {0}, 0, 0};
	mo_comp_incident_new in;
	int64_t id = 0;
	mo_err e;
	int rc;
	check_table(L, 1, fields);
	read_people(L, &pa);
	in = (mo_comp_incident_new){mo_bind_optfield(L, 1, "kind"),
		when_field(L, 1, "occurred", fn),
		when_field(L, 1, "reported", fn),
		mo_bind_optfield(L, 1, "location"),
		mo_bind_optfield(L, 1, "description"), pa.patients, pa.np,
		pa.staff, pa.ns, mo_bind_optfield(L, 1, "reported_by"),
		mo_bind_datefield(L, 1, "follow_up", fn, false, 0)};
	if ((rc = mo_comp_report(practice_of(L), actor_of(L), &in, &id, &e)))
		return mo_bind_raise(L, &e); /* a change refused */
	lua_pushinteger(L, id);
	return 1;
}

static int l_update(lua_State *L)
{
	static const char fn[] = "incidents.update";
	static const char *const fields[] = {"id", "status", "note",
		"follow_up", NULL};
	mo_err e;
	check_table(L, 1, fields);
	int64_t id = mo_bind_intfield(L, 1, "id", fn, true, 0, 1, INT64_MAX);
	return done(L, mo_comp_update(practice_of(L), actor_of(L), id,
				      mo_bind_optfield(L, 1, "status"),
				      mo_bind_optfield(L, 1, "note"),
				      mo_bind_datefield(L, 1, "follow_up", fn,
							false, 0), &e), &e);
}

static int l_notify(lua_State *L)
{
	static const char fn[] = "incidents.notify";
	static const char *const fields[] = {"id", "agency", "method",
		"reference", "reported_by", "at", NULL};
	mo_comp_notice_new in;
	mo_err e;
	check_table(L, 1, fields);
	in = (mo_comp_notice_new){
		mo_bind_intfield(L, 1, "id", fn, true, 0, 1, INT64_MAX),
		mo_bind_optfield(L, 1, "agency"),
		mo_bind_optfield(L, 1, "reported_by"),
		mo_bind_optfield(L, 1, "method"),
		mo_bind_optfield(L, 1, "reference"), when_field(L, 1, "at", fn)};
	return done(L, mo_comp_notify(practice_of(L), actor_of(L), &in, NULL,
				      &e), &e);
}

static void push_incident(lua_State *L, const mo_comp_incident *in)
{
	lua_createtable(L, 0, 16);
	mo_bind_setint(L, "id", in->id);
	mo_bind_setstr(L, "kind", in->kind);
	mo_bind_setstr(L, "status", in->status);
	mo_bind_setstr(L, "location", in->location);
	mo_bind_setstr(L, "description", in->description);
	mo_bind_settime(L, "occurred", in->occurred_us);
	mo_bind_settime(L, "reported", in->reported_us);
	mo_bind_setstr(L, "reported_by", in->reported_by);
	mo_bind_setdate(L, "follow_up", in->follow_up);
	lua_createtable(L, (int)in->npatients, 0);
	for (size_t i = 0; i < in->npatients; i++) {
		lua_pushinteger(L, in->patients[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "patients");
	lua_createtable(L, (int)in->nstaff, 0);
	for (size_t i = 0; i < in->nstaff; i++) {
		lua_pushstring(L, in->staff[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "staff");
	lua_pushboolean(L, in->abuse);
	lua_setfield(L, -2, "abuse");
	mo_bind_settime(L, "notify_by", in->notify_by_us);
	mo_bind_settime(L, "notified", in->notified_us);
}

static int incident_cb(void *ud, const mo_comp_incident *in)
{
	lua_State *L = ud;
	push_incident(L, in);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

static int l_incidents(lua_State *L)
{
	static const char fn[] = "incidents.list";
	static const char *const fields[] = {"kind", "status", "patient",
		"from", "to", NULL};
	mo_comp_incident_filter f = {0};
	mo_err e;
	int rc;
	if (!lua_isnoneornil(L, 1)) {
		check_table(L, 1, fields);
		f = (mo_comp_incident_filter){mo_bind_optfield(L, 1, "kind"),
			mo_bind_optfield(L, 1, "status"),
			mo_bind_intfield(L, 1, "patient", fn, false, 0, 1,
					 INT64_MAX),
			mo_bind_datefield(L, 1, "from", fn, false, 0),
			mo_bind_datefield(L, 1, "to", fn, false, 0)};
	}
	lua_newtable(L);
	rc = mo_comp_incidents(practice_of(L), actor_of(L), &f, incident_cb, L,
			       &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

static int one_cb(void *ud, const mo_comp_incident *in)
{
	lua_State *L = ud;
	push_incident(L, in);
	lua_newtable(L);
	lua_setfield(L, -2, "history");
	return 0;
}

static int event_cb(void *ud, const mo_comp_event *ev)
{
	lua_State *L = ud;
	lua_getfield(L, -1, "history");
	lua_createtable(L, 0, 8);
	mo_bind_setstr(L, "status", ev->status);
	mo_bind_setstr(L, "note", ev->note);
	mo_bind_setstr(L, "agency", ev->agency);
	mo_bind_setstr(L, "method", ev->method);
	mo_bind_setstr(L, "reference", ev->reference);
	mo_bind_setstr(L, "by", ev->by);
	mo_bind_settime(L, "at", ev->at_us);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	lua_pop(L, 1);
	return 0;
}

static int l_get(lua_State *L)
{
	int64_t id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc = mo_comp_incident_get(practice_of(L), actor_of(L), id, one_cb,
				      event_cb, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

void mo_bind_compliance_script(lua_State *L)
{
	static const luaL_Reg comp[] = {
		{"checklists", l_checklists}, {"record", l_record},
		{"status", l_status}, {"list", l_list}, {NULL, NULL},
	};
	static const luaL_Reg waste[] = {
		{"pickup", l_pickup}, {"list", l_waste_list}, {NULL, NULL},
	};
	static const luaL_Reg inc[] = {
		{"report", l_report}, {"update", l_update},
		{"notify", l_notify}, {"list", l_incidents}, {"get", l_get},
		{NULL, NULL},
	};
	luaL_newlib(L, comp);
	lua_setfield(L, -2, "compliance");
	luaL_newlib(L, waste);
	lua_setfield(L, -2, "waste");
	luaL_newlib(L, inc);
	lua_setfield(L, -2, "incidents");
}
