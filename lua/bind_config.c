/* bind_config.c: Lua bindings of core/config.h: the `practice` table
 * (name, legal_name, npi, timezone, hours, policies, staff, providers,
 * locations, visit_types, clia), the `settings` table (YAML scalars
 * resolved: plain integers and true/false typed, everything else text)
 * and setting(path, type [, default]), the typed accessor whose errors
 * point into practice.yaml. It uses Lua, engine.h and config.h. */
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#include "bind.h"
#include "config.h"
#include "engine.h"
#include "sandbox.h"
#include "units.h"

static const mo_config *config_of(lua_State *L)
{
	return mo_practice_config(mo_engine_practice(mo_engine_from(L)));
}

/* Pushes a scalar: plain integers and booleans typed, the rest text. */
static void push_scalar(lua_State *L, const mo_node *n)
{
	int64_t i;
	bool b;
	if (mo_node_plain(n) && mo_node_as_int(n, "", &i, NULL) == 0)
		lua_pushinteger(L, i);
	else if (mo_node_plain(n) && mo_node_as_bool(n, "", &b, NULL) == 0)
		lua_pushboolean(L, b);
	else
		lua_pushstring(L, mo_node_text(n));
}

static void push_node(lua_State *L, const mo_node *n, int depth)
{
	size_t len = mo_node_len(n);
	luaL_checkstack(L, 4, "settings nested too deeply");
	if (mo_node_type(n) == MO_NODE_SCALAR || depth > 64) {
		push_scalar(L, n);
		return;
	}
	lua_createtable(L, 0, (int)len);
	for (size_t i = 0; i < len; i++) {
		if (mo_node_type(n) == MO_NODE_SEQ)
			lua_pushinteger(L, (lua_Integer)i + 1);
		else
			lua_pushstring(L, mo_node_text(mo_node_key(n, i)));
		push_node(L, mo_node_at(n, i), depth + 1);
		lua_rawset(L, -3);
	}
}

static void push_hours(lua_State *L, const mo_config *c)
{
	char buf[48];
	lua_createtable(L, 0, 7);
	for (int d = 0; d < 7; d++) {
		lua_createtable(L, c->hours[d].n, 0);
		for (int i = 0; i < c->hours[d].n; i++) {
			const mo_span *s = &c->hours[d].span[i];
			snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d",
				 s->open / 60, s->open % 60, s->close / 60,
				 s->close % 60);
			lua_pushstring(L, buf);
			lua_rawseti(L, -2, i + 1);
		}
		lua_setfield(L, -2, mo_day_names[d]);
	}
}

static void push_list(lua_State *L, char **v, size_t n)
{
	lua_createtable(L, (int)n, 0);
	for (size_t i = 0; i < n; i++) {
		lua_pushstring(L, v[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

static void push_credentials(lua_State *L, const mo_staff *s)
{
	lua_createtable(L, (int)s->ncredentials, 0);
	for (size_t i = 0; i < s->ncredentials; i++) {
		const mo_credential *cr = &s->credentials[i];
		lua_createtable(L, 0, 4);
		mo_bind_setstr(L, "kind", cr->kind);
		mo_bind_setstr(L, "number", cr->number);
		mo_bind_setstr(L, "issuer", cr->issuer);
		mo_bind_setdate(L, "expires", cr->expires);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* practice.staff: { id, name, job, supervisor, locations, credentials } */
static void push_staff(lua_State *L, const mo_config *c)
{
	lua_createtable(L, (int)c->nstaff, 0);
	for (size_t i = 0; i < c->nstaff; i++) {
		const mo_staff *s = &c->staff[i];
		lua_createtable(L, 0, 6);
		mo_bind_setstr(L, "id", s->id);
		mo_bind_setstr(L, "name", s->name);
		mo_bind_setstr(L, "job", s->job);
		mo_bind_setstr(L, "supervisor", s->supervisor);
		push_list(L, s->locations, s->nlocations);
		lua_setfield(L, -2, "locations");
		push_credentials(L, s);
		lua_setfield(L, -2, "credentials");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* practice.providers: { staff, npi, specialty, license_state,
 * license_expires, dea_expires, visit_types } */
static void push_providers(lua_State *L, const mo_config *c)
{
	lua_createtable(L, (int)c->nproviders, 0);
	for (size_t i = 0; i < c->nproviders; i++) {
		const mo_provider *p = &c->providers[i];
		lua_createtable(L, 0, 7);
		mo_bind_setstr(L, "staff", p->staff);
		mo_bind_setstr(L, "npi", p->npi);
		mo_bind_setstr(L, "specialty", p->specialty);
		mo_bind_setstr(L, "license_state", p->license_state);
		mo_bind_setdate(L, "license_expires", p->license_expires);
		mo_bind_setdate(L, "dea_expires", p->dea_expires);
		push_list(L, p->visit_types, p->nvisit_types);
		lua_setfield(L, -2, "visit_types");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* practice.locations: { id, name, pos, rooms = { {id, name, kind} } } */
static void push_locations(lua_State *L, const mo_config *c)
{
	lua_createtable(L, (int)c->nlocations, 0);
	for (size_t i = 0; i < c->nlocations; i++) {
		const mo_location *l = &c->locations[i];
		lua_createtable(L, 0, 4);
		mo_bind_setstr(L, "id", l->id);
		mo_bind_setstr(L, "name", l->name);
		mo_bind_setstr(L, "pos", l->pos);
		lua_createtable(L, (int)l->nrooms, 0);
		for (size_t r = 0; r < l->nrooms; r++) {
			lua_createtable(L, 0, 3);
			mo_bind_setstr(L, "id", l->rooms[r].id);
			mo_bind_setstr(L, "name", l->rooms[r].name);
			mo_bind_setstr(L, "kind", l->rooms[r].kind);
			lua_rawseti(L, -2, (lua_Integer)r + 1);
		}
		lua_setfield(L, -2, "rooms");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* practice.visit_types: { id, name, minutes, room, new_patient, codes } */
static void push_visit_types(lua_State *L, const mo_config *c)
{
	lua_createtable(L, (int)c->nvisit_types, 0);
	for (size_t i = 0; i < c->nvisit_types; i++) {
		const mo_visit_type *v = &c->visit_types[i];
		lua_createtable(L, 0, 6);
		mo_bind_setstr(L, "id", v->id);
		mo_bind_setstr(L, "name", v->name);
		lua_pushinteger(L, v->duration / 60);
		lua_setfield(L, -2, "minutes");
		mo_bind_setstr(L, "room", v->room);
		lua_pushboolean(L, v->new_patient);
		lua_setfield(L, -2, "new_patient");
		push_list(L, v->codes, v->ncodes);
		lua_setfield(L, -2, "codes");
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
}

/* practice.clia, or nil when practice.yaml has none. */
static void push_clia(lua_State *L, const mo_config *c)
{
	if (!c->clia.certificate) {
		lua_pushnil(L);
		return;
	}
	lua_createtable(L, 0, 5);
	mo_bind_setstr(L, "certificate", c->clia.certificate);
	mo_bind_setstr(L, "type", c->clia.type);
	mo_bind_setstr(L, "director", c->clia.director);
	mo_bind_setdate(L, "expires", c->clia.expires);
	if (c->clia.effective)
		mo_bind_setdate(L, "effective", c->clia.effective);
	lua_pushinteger(L, c->clia.retention_years);
	lua_setfield(L, -2, "retention_years");
	push_list(L, c->clia.tests, c->clia.ntests);
	lua_setfield(L, -2, "tests");
	for (int i = 0; i < 2; i++) {
		const char *key = i ? "storage" : "catalogue";
		const mo_node *n = mo_node_get(c->clia.node, key);
		if (n)
			push_node(L, n, 0);
		else
			lua_newtable(L);
		lua_setfield(L, -2, key);
	}
}

/* The parts of `practice` built on first use (a large practice has
 * thousands of staff tables; most calls into Lua never look at them). */
static const struct {
	const char *name;
	void (*push)(lua_State *L, const mo_config *c);
} LAZY[] = {
	{"staff", push_staff},
	{"providers", push_providers},
	{"locations", push_locations},
	{"visit_types", push_visit_types},
	{"clia", push_clia},
};

/* __index of the real practice table: builds a lazy part, makes it
 * read-only and keeps it. */
static int lazy_index(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	char name[64];
	for (size_t i = 0; k && i < sizeof LAZY / sizeof *LAZY; i++) {
		if (strcmp(k, LAZY[i].name) != 0)
			continue;
		LAZY[i].push(L, config_of(L));
		if (lua_istable(L, -1)) {
			snprintf(name, sizeof name, "practice.%s", k);
			mo_sandbox_readonly(L, -1, name);
		}
		lua_pushvalue(L, 2);
		lua_pushvalue(L, -2);
		lua_rawset(L, 1);
		return 1;
	}
	return 0;
}

void mo_bind_config_lazy(lua_State *L)
{
	lua_pushliteral(L, "practice");
	lua_rawget(L, -2);
	if (lua_getmetatable(L, -1) && lua_getfield(L, -1, "__index") ==
	    LUA_TTABLE) {
		lua_createtable(L, 0, 1);
		lua_pushcfunction(L, lazy_index);
		lua_setfield(L, -2, "__index");
		lua_setmetatable(L, -2);
	}
	lua_settop(L, lua_gettop(L) - 3);
}

static void push_practice(lua_State *L, const mo_config *c)
{
	lua_createtable(L, 0, 10);
	mo_bind_setstr(L, "legal_name", c->legal_name);
	mo_bind_setstr(L, "npi", c->npi);
	lua_pushstring(L, c->name);
	lua_setfield(L, -2, "name");
	lua_pushstring(L, c->timezone);
	lua_setfield(L, -2, "timezone");
	push_hours(L, c);
	lua_setfield(L, -2, "hours");
	lua_createtable(L, (int)c->npolicies, 0);
	for (size_t i = 0; i < c->npolicies; i++) {
		lua_pushstring(L, c->policies[i]);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "policies");
}

typedef int (*reader)(lua_State *L, const mo_node *n, const char *path,
		      mo_err *e);

static int read_string(lua_State *L, const mo_node *n, const char *p,
		       mo_err *e)
{
	const char *s;
	int rc = mo_node_as_string(n, p, &s, e);
	if (!rc)
		lua_pushstring(L, s);
	return rc;
}

#define INT_READER(fname, call, type)                                       \
	static int fname(lua_State *L, const mo_node *n, const char *p,     \
			 mo_err *e)                                         \
	{                                                                   \
		type v;                                                     \
		int rc = call(n, p, &v, e);                                 \
		if (!rc)                                                    \
			lua_pushinteger(L, (lua_Integer)v);                 \
		return rc;                                                  \
	}
INT_READER(read_int, mo_node_as_int, int64_t)
INT_READER(read_money, mo_node_as_money, int64_t)
INT_READER(read_duration, mo_node_as_duration, int64_t)
INT_READER(read_date, mo_node_as_date, int32_t)
INT_READER(read_time, mo_node_as_time, int)

static int read_bool(lua_State *L, const mo_node *n, const char *p,
		     mo_err *e)
{
	bool v;
	int rc = mo_node_as_bool(n, p, &v, e);
	if (!rc)
		lua_pushboolean(L, v);
	return rc;
}

static const char *const TYPE_NAMES[] = {"string", "integer", "boolean",
	"money", "duration", "date", "time", NULL};
static const reader READERS[] = {read_string, read_int, read_bool,
	read_money, read_duration, read_date, read_time};

/* setting(path, type [, default]) */
static int l_setting(lua_State *L)
{
	const char *path = luaL_checkstring(L, 1);
	int t = luaL_checkoption(L, 2, NULL, TYPE_NAMES);
	const mo_node *n = mo_config_setting(config_of(L), path);
	char full[256];
	mo_err e;
	if (!n && !lua_isnoneornil(L, 3)) {
		lua_settop(L, 3);
		return 1;
	}
	if (!n)
		return luaL_error(L, "setting '%s' is missing from the "
				  "settings: section of practice.yaml", path);
	snprintf(full, sizeof full, "settings.%s", path);
	if (READERS[t](L, n, full, &e))
		return luaL_error(L, "%s", e.msg);
	return 1;
}

void mo_bind_config(lua_State *L)
{
	const mo_config *c = config_of(L);
	push_practice(L, c);
	lua_setfield(L, -2, "practice");
	if (c->settings)
		push_node(L, c->settings, 0);
	else
		lua_newtable(L);
	lua_setfield(L, -2, "settings");
	lua_pushcfunction(L, l_setting);
	lua_setfield(L, -2, "setting");
}
