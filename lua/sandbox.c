/* sandbox.c: the environments policies and scripts run in (see
 * sandbox.h). The bases live in the registry as mo.base.policy and
 * mo.base.script; every environment is a fresh table whose reads fall
 * back to its base and whose unknown names raise. It uses Lua, bind.h
 * and the host modules "policy" (rule, allow, deny, job) and "approval". */
#include "sandbox.h"

#include <lauxlib.h>
#include <math.h>
#include <string.h>

#include "bind.h"

static const char *const BASE_NAMES[] = {
	"assert", "error", "ipairs", "next", "pairs", "print", "select",
	"tonumber", "tostring", "type", "getmetatable", "setmetatable",
	"rawequal", "rawlen", "rawget", "_VERSION", NULL,
};
static const char *const LIB_NAMES[] = {"string", "table", "math", "utf8",
					NULL};
static const char *const OS_NAMES[] = {"time", "date", "clock", NULL};
static const char *const DSL_NAMES[] = {"rule", "rank", "allow", "deny", "fix", "job",
					"jobs",
					"job_chain", "jobs_permitting",
					"top_jobs", NULL};
static const char *const APPROVAL_NAMES[] = {"approval", NULL};
static const char *const WORKFLOW_NAMES[] = {"workflow", NULL};
static const char *const REPORT_NAMES[] = {"report", NULL};

static bool plain_table(lua_State *L, int idx);

/* Raises msg with the position of the Lua code that caused it. */
static int raise_at_caller(lua_State *L, const char *msg)
{
	luaL_where(L, 1);
	lua_pushstring(L, msg);
	lua_concat(L, 2);
	return lua_error(L);
}

static int unknown_global(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	lua_pushfstring(L, "unknown global '%s'", k ? k : luaL_typename(L, 2));
	return raise_at_caller(L, lua_tostring(L, -1));
}

static int base_write(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	lua_pushfstring(L, "cannot define '%s' in the shared sandbox base",
			k ? k : luaL_typename(L, 2));
	return raise_at_caller(L, lua_tostring(L, -1));
}

static int readonly_write(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	lua_pushfstring(L, "'%s' is read-only (cannot set '%s')",
			lua_tostring(L, lua_upvalueindex(1)),
			k ? k : luaL_typename(L, 2));
	return raise_at_caller(L, lua_tostring(L, -1));
}

/* __pairs of a proxy: iterate the real table. */
static int readonly_pairs(lua_State *L)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.next");
	lua_getmetatable(L, 1);
	lua_rawgetp(L, -1, (void *)readonly_pairs);
	lua_remove(L, -2);
	lua_pushnil(L);
	return 3;
}

static int readonly_len(lua_State *L)
{
	lua_getmetatable(L, 1);
	lua_rawgetp(L, -1, (void *)readonly_pairs);
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
	return 1;
}

/* Replaces nested tables of the table at idx by proxies, depth-first. */
static void wrap_children(lua_State *L, int idx, const char *name)
{
	idx = lua_absindex(L, idx);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (plain_table(L, -1)) {
			if (lua_type(L, -2) == LUA_TSTRING)
				lua_pushfstring(L, "%s.%s", name,
						lua_tostring(L, -2));
			else
				lua_pushfstring(L, "%s[%I]", name,
						(lua_Integer)lua_tointeger(L, -2));
			mo_sandbox_readonly(L, -2, lua_tostring(L, -1));
			lua_remove(L, -2);
			lua_pushvalue(L, -3);
			lua_insert(L, -2);
			lua_rawset(L, idx);
		}
		lua_pop(L, 1);
	}
}

void mo_sandbox_readonly(lua_State *L, int idx, const char *name)
{
	idx = lua_absindex(L, idx);
	wrap_children(L, idx, name);
	lua_newtable(L); /* the proxy */
	lua_createtable(L, 0, 6);
	lua_pushvalue(L, idx);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, idx);
	lua_rawsetp(L, -2, (void *)readonly_pairs);
	lua_pushstring(L, name);
	lua_pushcclosure(L, readonly_write, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushcfunction(L, readonly_pairs);
	lua_setfield(L, -2, "__pairs");
	lua_pushcfunction(L, readonly_len);
	lua_setfield(L, -2, "__len");
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

/* pcall and xpcall that re-raise limit, memory and interrupt errors. */
static int finish_pcall(lua_State *L, int status, bool replace)
{
	if (status != LUA_OK && mo_sandbox_aborting(L))
		return lua_error(L);
	lua_pushboolean(L, status == LUA_OK);
	if (replace)
		lua_replace(L, 1);
	else
		lua_insert(L, 1);
	return lua_gettop(L);
}

static int sandbox_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	return finish_pcall(L, lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0),
			    false);
}

/* The message handler xpcall installs: limit and interrupt errors are
 * raised inside the count hook, where Lua runs with hooks off, so the
 * script's handler must not run for them (it could loop forever). */
static int xpcall_handler(lua_State *L)
{
	if (mo_sandbox_aborting(L))
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int sandbox_xpcall(lua_State *L)
{
	int n = lua_gettop(L);
	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xpcall_handler, 1);
	lua_replace(L, 2);
	lua_pushvalue(L, 1);
	lua_copy(L, 2, 1);
	lua_replace(L, 2);
	return finish_pcall(L, lua_pcall(L, n - 2, LUA_MULTRET, 1), true);
}

/* setmetatable without finalizers: Lua runs __gc with hooks off, out of
 * reach of the instruction budget and of Ctrl-C. */
static int sandbox_setmetatable(lua_State *L)
{
	if (lua_istable(L, 2)) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "setmetatable: __gc finalizers are "
					  "not allowed in the sandbox");
		lua_pop(L, 1);
	}
	lua_settop(L, 2);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.setmetatable");
	lua_insert(L, 1);
	lua_call(L, 2, 1);
	return 1;
}

/* ---- pattern functions with a cost check ---- */

/* Skips a set "[...]" starting at p[i] == '['; returns the index of its
 * closing ']' (or len). */
static size_t skip_set(const char *p, size_t i, size_t len)
{
	i++;
	if (i < len && p[i] == '^')
		i++;
	if (i < len && p[i] == ']')
		i++;
	for (; i < len && p[i] != ']'; i++)
		if (p[i] == '%')
			i++;
	return i;
}

/* Quantifiers (*, +, -) that have more pattern after them: each one can
 * make the matcher backtrack over the whole subject. */
static int backtracking_quantifiers(const char *p, size_t len)
{
	int q = 0;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '%')
			i++;
		else if (p[i] == '[')
			i = skip_set(p, i, len);
		else if ((p[i] == '*' || p[i] == '+' || p[i] == '-') &&
			 i + 1 < len && p[i + 1] != ')')
			q++;
	}
	return q;
}

/* Refuses a pattern whose worst case on this subject, about
 * n^(quantifiers + 1 if unanchored) steps, exceeds 10^10: C code runs out
 * of reach of the instruction budget. */
static void check_pattern_cost(lua_State *L, const char *fn, int plain_arg)
{
	size_t n, len;
	const char *s = luaL_checklstring(L, 1, &n);
	const char *p = luaL_checklstring(L, 2, &len);
	int exp;
	(void)s;
	if (plain_arg && lua_toboolean(L, plain_arg))
		return;
	exp = backtracking_quantifiers(p, len) + (len > 0 && p[0] == '^' ? 0 : 1);
	if (exp * log10((double)n + 1) > 10.0)
		luaL_error(L, "string.%s: a pattern with %d backtracking "
			   "repetitions over %I bytes could run for too long; "
			   "shorten the text or simplify the pattern", fn,
			   exp - (p[0] == '^' ? 0 : 1), (lua_Integer)n);
}

static int call_original(lua_State *L, const char *name)
{
	int n = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.string");
	lua_getfield(L, -1, name);
	lua_remove(L, -2);
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

static int guarded_find(lua_State *L)
{
	check_pattern_cost(L, "find", 4);
	return call_original(L, "find");
}

static int guarded_match(lua_State *L)
{
	check_pattern_cost(L, "match", 0);
	return call_original(L, "match");
}

static int guarded_gmatch(lua_State *L)
{
	check_pattern_cost(L, "gmatch", 0);
	return call_original(L, "gmatch");
}

static int guarded_gsub(lua_State *L)
{
	check_pattern_cost(L, "gsub", 0);
	return call_original(L, "gsub");
}

/* Replaces the global string table by a copy without dump and with the
 * guarded pattern functions; strings' methods use it too. The original
 * stays in the registry (mo.string) for the guards. */
static void make_string_library(lua_State *L)
{
	static const luaL_Reg guarded[] = {
		{"find", guarded_find},   {"match", guarded_match},
		{"gmatch", guarded_gmatch}, {"gsub", guarded_gsub},
		{NULL, NULL},
	};
	lua_getglobal(L, "string");
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.string");
	lua_newtable(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.string");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_setfield(L, -2, "dump");
	luaL_setfuncs(L, guarded, 0);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);
	lua_setglobal(L, "string");
}

/* load(chunk [, name [, mode [, env]]]): text only; env defaults to a
 * fresh policy environment. */
static int sandbox_load(lua_State *L)
{
	const char *mode = luaL_optstring(L, 3, "t");
	if (strcmp(mode, "t") != 0)
		return luaL_error(L, "load: only text chunks may be loaded "
				  "(mode \"t\"), not \"%s\"", mode);
	lua_settop(L, 4);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.load");
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushliteral(L, "t");
	if (lua_isnil(L, 4))
		mo_sandbox_push_env(L, MO_ENV_POLICY);
	else
		lua_pushvalue(L, 4);
	lua_call(L, 4, 2);
	if (lua_isnil(L, -2))
		return 2;
	lua_pop(L, 1);
	return 1;
}

/* Copies the named fields of the table at src into the table at dst. */
static void copy_names(lua_State *L, int src, int dst,
		       const char *const *names)
{
	src = lua_absindex(L, src);
	dst = lua_absindex(L, dst);
	for (; *names; names++) {
		lua_getfield(L, src, *names);
		lua_setfield(L, dst, *names);
	}
}

/* string (without dump), table, math, utf8 and part of os. */
static void add_libraries(lua_State *L, int base)
{
	lua_getglobal(L, "os");
	lua_newtable(L);
	copy_names(L, -2, lua_gettop(L), OS_NAMES);
	lua_setfield(L, base, "os");
	lua_pop(L, 1);
	for (const char *const *n = LIB_NAMES; *n; n++) {
		lua_getglobal(L, *n);
		lua_setfield(L, base, *n);
	}
}

static void add_functions(lua_State *L, int base)
{
	static const luaL_Reg funcs[] = {
		{"pcall", sandbox_pcall},
		{"xpcall", sandbox_xpcall},
		{"load", sandbox_load},
		{"setmetatable", sandbox_setmetatable},
		{NULL, NULL},
	};
	lua_pushglobaltable(L);
	copy_names(L, lua_gettop(L), base, BASE_NAMES);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.policy");
	copy_names(L, lua_gettop(L), base, DSL_NAMES);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.approval");
	copy_names(L, lua_gettop(L), base, APPROVAL_NAMES);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.workflow");
	copy_names(L, lua_gettop(L), base, WORKFLOW_NAMES);
	lua_pop(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	copy_names(L, lua_gettop(L), base, REPORT_NAMES);
	lua_pop(L, 1);
	luaL_setfuncs(L, funcs, 0);
}

/* Whether the value at idx is a table without a metatable. */
static bool plain_table(lua_State *L, int idx)
{
	if (lua_type(L, idx) != LUA_TTABLE)
		return false;
	if (!lua_getmetatable(L, idx))
		return true;
	lua_pop(L, 1);
	return false;
}

/* Replaces every table field of the base on top by a read-only proxy. */
static void lock_tables(lua_State *L)
{
	int base = lua_gettop(L);
	lua_pushnil(L);
	while (lua_next(L, base)) {
		if (lua_type(L, -2) == LUA_TSTRING && plain_table(L, -1)) {
			mo_sandbox_readonly(L, -1, lua_tostring(L, -2));
			lua_pushvalue(L, -3);
			lua_insert(L, -2);
			lua_rawset(L, base);
		}
		lua_pop(L, 1);
	}
}

/* Gives the base on top its unknown-global guard. */
static void guard(lua_State *L)
{
	lua_createtable(L, 0, 3);
	lua_pushcfunction(L, unknown_global);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, base_write);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
}

/* The metatable of environments of one kind: reads fall back to base. */
static void make_env_meta(lua_State *L, const char *base, const char *key)
{
	lua_createtable(L, 0, 2);
	lua_getfield(L, LUA_REGISTRYINDEX, base);
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setfield(L, LUA_REGISTRYINDEX, key);
}

/* Builds the script base: everything of the policy base plus extras. */
static void make_script_base(lua_State *L)
{
	lua_newtable(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.base.policy");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
	mo_bind_script(L);
	lock_tables(L);
	mo_bind_due_call(L); /* tasks() after the lock: on the proxy */
	guard(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.base.script");
}

static void protect_host(lua_State *L)
{
	make_string_library(L);
	lua_getglobal(L, "setmetatable");
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.setmetatable");
	lua_getglobal(L, "load");
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.load");
	lua_getglobal(L, "next");
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.next");
}

void mo_sandbox_init(lua_State *L)
{
	protect_host(L);
	lua_newtable(L);
	add_libraries(L, lua_gettop(L));
	add_functions(L, lua_gettop(L));
	mo_bind_all(L);
	lock_tables(L);
	mo_bind_config_lazy(L);
	guard(L);
	lua_setfield(L, LUA_REGISTRYINDEX, "mo.base.policy");
	make_script_base(L);
	make_env_meta(L, "mo.base.policy", "mo.envmt.policy");
	make_env_meta(L, "mo.base.script", "mo.envmt.script");
}

void mo_sandbox_push_env(lua_State *L, mo_env_kind kind)
{
	lua_newtable(L);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	lua_getfield(L, LUA_REGISTRYINDEX, kind == MO_ENV_SCRIPT
		     ? "mo.envmt.script" : "mo.envmt.policy");
	lua_setmetatable(L, -2);
}
