/* bind_patient.c: Lua bindings of core/patient.h as the `patients` table.
 * Policies and scripts read (each read is the audited operation
 * patient.read, as the engine's acting staff member); scripts, the shell
 * and specs also register, update and merge:
 *   patients.get(id) -> patient | nil, message
 *   patients.search{ name =, birth_date =, phone =, limit = } -> array
 *   patients.register{ family =, given =, middle =, birth_date =, sex =,
 *       address = { line1 =, line2 =, city =, state =, zip = },
 *       phones = { home =, mobile =, work = }, email =, language =,
 *       guarantor =, emergency = { name =, phone =, relation = },
 *       allow_duplicate = bool } -> id | nil, message   (scripts)
 *   patients.update(id, { fields as register }) -> true   (scripts)
 *   patients.merge(from, into) -> true                    (scripts)
 * A patient is a table with the fields above (birth_date as text, the
 * address, phones and emergency subtables always present), id, status,
 * merged_into, created, created_by, updated, updated_by. In an update ""
 * removes an optional field and guarantor = false removes the guarantor.
 * Unknown fields raise with a suggestion. It uses Lua, engine.h,
 * patient.h, clock.h and units.h. */
#include <lauxlib.h>
#include <stddef.h>
#include <stdio.h>

#include "bind.h"
#include "clock.h"
#include "engine.h"
#include "patient.h"
#include "units.h"

/* ---- patients as tables ---- */

static void set_int(lua_State *L, const char *k, int64_t v)
{
	if (v) {
		lua_pushinteger(L, v);
		lua_setfield(L, -2, k);
	}
}

static void set_time(lua_State *L, const char *k, int64_t us)
{
	char buf[32];
	if (us)
		mo_bind_setstr(L, k, mo_clock_format_us(us, buf));
}

/* Pushes a subtable of up to three strings and sets it as name. */
static void set_sub(lua_State *L, const char *name, const char *const *keys,
		    const char *const *vals, int n)
{
	lua_createtable(L, 0, n);
	for (int i = 0; i < n; i++)
		mo_bind_setstr(L, keys[i], vals[i]);
	lua_setfield(L, -2, name);
}

static void set_subtables(lua_State *L, const mo_patient *pt)
{
	static const char *const addr[] = {"line1", "line2", "city", "state",
					   "zip"};
	static const char *const phones[] = {"home", "mobile", "work"};
	static const char *const emerg[] = {"name", "phone", "relation"};
	const char *a[] = {pt->line1, pt->line2, pt->city, pt->state, pt->zip};
	const char *ph[] = {pt->phone_home, pt->phone_mobile, pt->phone_work};
	const char *em[] = {pt->emergency_name, pt->emergency_phone,
			    pt->emergency_relation};
	set_sub(L, "address", addr, a, 5);
	set_sub(L, "phones", phones, ph, 3);
	set_sub(L, "emergency", emerg, em, 3);
}

static int push_patient(void *ud, const mo_patient *pt)
{
	lua_State *L = ud;
	char day[11];
	lua_createtable(L, 0, 18);
	set_int(L, "id", pt->id);
	mo_bind_setstr(L, "family", pt->family);
	mo_bind_setstr(L, "given", pt->given);
	mo_bind_setstr(L, "middle", pt->middle);
	mo_bind_setstr(L, "birth_date", mo_date_format(pt->birth_day, day));
	mo_bind_setstr(L, "sex", pt->sex);
	mo_bind_setstr(L, "email", pt->email);
	mo_bind_setstr(L, "language", pt->language);
	set_int(L, "guarantor", pt->guarantor);
	set_subtables(L, pt);
	mo_bind_setstr(L, "status", pt->status);
	set_int(L, "merged_into", pt->merged_into);
	set_time(L, "created", pt->created_us);
	mo_bind_setstr(L, "created_by", pt->created_by);
	set_time(L, "updated", pt->updated_us);
	mo_bind_setstr(L, "updated_by", pt->updated_by);
	return 0;
}

static int append_patient(void *ud, const mo_patient *pt)
{
	lua_State *L = ud;
	push_patient(L, pt);
	lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
	return 0;
}

/* ---- reads ---- */

static int l_get(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_err e;
	int rc = mo_patient_get(mo_engine_practice(en), mo_engine_actor(en), id,
				push_patient, L, &e);
	return rc ? mo_bind_result(L, rc, &e) : 1;
}

/* The date field of the table at idx into *day; false when absent. */
static bool date_field(lua_State *L, int idx, const char *fn, int32_t *day)
{
	const char *s = mo_bind_optfield(L, idx, "birth_date");
	mo_err e;
	if (s && mo_date_parse(s, day, &e))
		luaL_error(L, "%s: birth_date: %s", fn, e.msg);
	return s != NULL;
}

static int l_search(lua_State *L)
{
	static const char *const fields[] = {"name", "birth_date", "phone",
					     "limit", NULL};
	mo_engine *en = mo_engine_from(L);
	mo_patient_query q = {0};
	mo_err e;
	luaL_checktype(L, 1, LUA_TTABLE);
	mo_bind_checkfields(L, 1, fields);
	q.name = mo_bind_optfield(L, 1, "name");
	q.phone = mo_bind_optfield(L, 1, "phone");
	q.has_birth_day = date_field(L, 1, "patients.search", &q.birth_day);
	lua_getfield(L, 1, "limit");
	if (!lua_isnil(L, -1) && (!lua_isinteger(L, -1) ||
				  lua_tointeger(L, -1) < 1 ||
				  lua_tointeger(L, -1) > MO_PATIENT_LIMIT_MAX))
		return luaL_error(L, "patients.search: limit: expected 1 to %d",
				  MO_PATIENT_LIMIT_MAX);
	q.limit = (int)lua_tointeger(L, -1);
	lua_pop(L, 1);
	lua_newtable(L);
	if (mo_patient_search(mo_engine_practice(en), mo_engine_actor(en), &q,
			      append_patient, L, &e))
		return mo_bind_raise(L, &e);
	return 1;
}

/* ---- register, update, merge ---- */

/* A field of the Lua table: top level (sub NULL) or in a subtable. */
typedef struct lfield {
	const char *sub, *key;
	size_t off; /* in mo_patient_new */
} lfield;

#define LF(sub, key, member) {sub, key, offsetof(mo_patient_new, member)}
static const lfield LFIELDS[] = {
	LF(NULL, "family", family), LF(NULL, "given", given),
	LF(NULL, "middle", middle), LF(NULL, "sex", sex),
	LF(NULL, "email", email), LF(NULL, "language", language),
	LF("address", "line1", line1), LF("address", "line2", line2),
	LF("address", "city", city), LF("address", "state", state),
	LF("address", "zip", zip),
	LF("phones", "home", phone_home), LF("phones", "mobile", phone_mobile),
	LF("phones", "work", phone_work),
	LF("emergency", "name", emergency_name),
	LF("emergency", "phone", emergency_phone),
	LF("emergency", "relation", emergency_relation),
};
#undef LF
enum { NLF = sizeof LFIELDS / sizeof LFIELDS[0] };

/* The top-level fields; an update takes all but the last. */
static const char *const TOP[] = {"family", "given", "middle", "birth_date",
	"sex", "address", "phones", "email", "language", "guarantor",
	"emergency", "allow_duplicate", NULL};
static const char *const TOP_UPDATE[] = {"family", "given", "middle",
	"birth_date", "sex", "address", "phones", "email", "language",
	"guarantor", "emergency", NULL};
static const char *const ADDRESS[] = {"line1", "line2", "city", "state",
				      "zip", NULL};
static const char *const PHONES[] = {"home", "mobile", "work", NULL};
static const char *const EMERGENCY[] = {"name", "phone", "relation", NULL};

/* Checks subtable sub of the table at idx (nil or a table of keys). */
static void check_sub(lua_State *L, int idx, const char *fn, const char *sub,
		      const char *const *keys)
{
	int t = lua_getfield(L, idx, sub);
	if (t == LUA_TTABLE)
		mo_bind_checkfields(L, -1, keys);
	else if (t != LUA_TNIL)
		luaL_error(L, "%s: %s: expected a table, got a %s", fn, sub,
			   lua_typename(L, t));
	lua_pop(L, 1);
}

/* The string fields: each stays referenced by the argument table. */
static void read_strings(lua_State *L, int idx, mo_patient_new *in)
{
	for (int i = 0; i < NLF; i++) {
		const lfield *f = &LFIELDS[i];
		const char **dst = (const char **)((char *)in + f->off);
		if (!f->sub) {
			*dst = mo_bind_optfield(L, idx, f->key);
		} else if (lua_getfield(L, idx, f->sub) == LUA_TTABLE) {
			*dst = mo_bind_optfield(L, -1, f->key);
			lua_pop(L, 1);
		} else {
			lua_pop(L, 1);
		}
	}
}

/* guarantor: a patient id, or false to remove it (updates). */
static int64_t guarantor_field(lua_State *L, int idx, const char *fn,
			       bool update)
{
	int64_t g = 0;
	int t = lua_getfield(L, idx, "guarantor");
	if (lua_isinteger(L, -1) && lua_tointeger(L, -1) > 0)
		g = lua_tointeger(L, -1);
	else if (update && t == LUA_TBOOLEAN && !lua_toboolean(L, -1))
		g = MO_PATIENT_CLEAR;
	else if (t != LUA_TNIL)
		luaL_error(L, "%s: guarantor: expected a patient id%s", fn,
			   update ? " or false" : "");
	lua_pop(L, 1);
	return g;
}

static void read_patient_new(lua_State *L, int idx, const char *fn,
			     bool update, mo_patient_new *in)
{
	luaL_checktype(L, idx, LUA_TTABLE);
	mo_bind_checkfields(L, idx, update ? TOP_UPDATE : TOP);
	check_sub(L, idx, fn, "address", ADDRESS);
	check_sub(L, idx, fn, "phones", PHONES);
	check_sub(L, idx, fn, "emergency", EMERGENCY);
	*in = (mo_patient_new){0};
	read_strings(L, idx, in);
	in->has_birth_day = date_field(L, idx, fn, &in->birth_day);
	in->guarantor = guarantor_field(L, idx, fn, update);
}

static int l_register(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_patient_new in;
	int64_t id;
	bool allow;
	mo_err e;
	int rc;
	read_patient_new(L, 1, "patients.register", false, &in);
	lua_getfield(L, 1, "allow_duplicate");
	allow = lua_toboolean(L, -1);
	lua_pop(L, 1);
	rc = mo_patient_register(mo_engine_practice(en), mo_engine_actor(en),
				 &in, allow, &id, &e);
	if (rc == MO_EEXIST) {
		lua_pushnil(L);
		lua_pushfstring(L, "%s; allow_duplicate = true registers anyway",
				e.msg);
		return 2;
	}
	if (rc)
		return mo_bind_raise(L, &e);
	lua_pushinteger(L, id);
	return 1;
}

static int l_update(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer id = luaL_checkinteger(L, 1);
	mo_patient_new in;
	mo_err e;
	int rc;
	read_patient_new(L, 2, "patients.update", true, &in);
	rc = mo_patient_update(mo_engine_practice(en), mo_engine_actor(en), id,
			       &in, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static int l_merge(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	lua_Integer from = luaL_checkinteger(L, 1);
	lua_Integer into = luaL_checkinteger(L, 2);
	mo_err e;
	int rc = mo_patient_merge(mo_engine_practice(en), mo_engine_actor(en),
				  from, into, &e);
	if (rc)
		return mo_bind_result(L, rc, &e);
	lua_pushboolean(L, 1);
	return 1;
}

static const luaL_Reg READS[] = {
	{"get", l_get},
	{"search", l_search},
	{NULL, NULL},
};

void mo_bind_patient(lua_State *L)
{
	luaL_newlib(L, READS);
	lua_setfield(L, -2, "patients");
}

void mo_bind_patient_script(lua_State *L)
{
	static const luaL_Reg writes[] = {
		{"register", l_register},
		{"update", l_update},
		{"merge", l_merge},
		{NULL, NULL},
	};
	luaL_newlib(L, READS);
	luaL_setfuncs(L, writes, 0);
	lua_setfield(L, -2, "patients");
}
