/* sandbox.h: the environments policy and script code run in. It provides
 * the shared read-only base (allow-listed globals: base library without
 * dofile/loadfile/rawset/collectgarbage, string without dump, table, math,
 * utf8, os.time/os.date/os.clock, and the medoffice API tables from the
 * bindings), a `pcall`/`xpcall` that cannot swallow limit and interrupt
 * errors (nor run a handler for them), a `load` that accepts text only, a
 * `setmetatable` that refuses __gc finalizers (Lua runs them with hooks
 * off), string pattern functions that refuse a pattern too costly for its
 * subject (C code is out of reach of the instruction budget), read-only
 * proxies for every API table, and an error on reads of unknown globals.
 * It uses Lua and bind.h. */
#ifndef MO_SANDBOX_H
#define MO_SANDBOX_H

#include <lua.h>

#include "engine.h"

/* Builds the policy and script bases in the registry; call once. */
void mo_sandbox_init(lua_State *L);
/* Pushes a new environment of kind: writes stay in it, reads fall back to
 * the base, unknown names raise. */
void mo_sandbox_push_env(lua_State *L, mo_env_kind kind);
/* Wraps the table at idx in a read-only proxy and pushes the proxy; name
 * is used in the error for writes ("tasks"). */
void mo_sandbox_readonly(lua_State *L, int idx, const char *name);
/* True while a limit, memory or interrupt error must not be caught. */
bool mo_sandbox_aborting(lua_State *L);

#endif
