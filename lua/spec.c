/* spec.c: the C side of the spec runner (see spec.h): finding spec files,
 * a fresh practice (practice.yaml applied to an in-memory database) and
 * engine per file, and the ctx functions the Lua
 * side needs (transactions per example, a budget per example). It uses
 * engine.h, practice.h and nftw(3). */
#define _XOPEN_SOURCE 700
#include "spec.h"

#include <ftw.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "engine.h"
#include "sync.h"

typedef struct spec_list {
	char **path;
	size_t n, cap;
} spec_list;

static spec_list *found; /* nftw has no user pointer */

static bool is_spec(const char *path)
{
	size_t n = strlen(path), s = strlen("_spec.lua");
	return n > s && strcmp(path + n - s, "_spec.lua") == 0;
}

static int collect(const char *path, const struct stat *sb, int type,
		   struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	if (type != FTW_F || !is_spec(path))
		return 0;
	if (found->n == found->cap) {
		size_t cap = found->cap ? found->cap * 2 : 16;
		char **np = realloc(found->path, cap * sizeof *np);
		if (!np)
			return 1;
		found->path = np;
		found->cap = cap;
	}
	return (found->path[found->n] = mo_strdup(path)) ? (found->n++, 0) : 1;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_list(spec_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->path[i]);
	free(l->path);
}

static int find_specs(const char *dir, spec_list *l, mo_err *e)
{
	char *root = mo_sprintf("%s/policies", dir);
	int rc;
	if (!root)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	found = l;
	rc = nftw(root, collect, 16, FTW_PHYS);
	found = NULL;
	free(root);
	if (rc > 0)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	qsort(l->path, l->n, sizeof *l->path, by_name);
	return 0;
}

static int ctx_begin(lua_State *L)
{
	mo_err e;
	mo_engine *en = mo_engine_from(L);
	if (mo_db_begin(mo_practice_db(mo_engine_practice(en)), &e))
		return luaL_error(L, "%s", e.msg);
	return 0;
}

static int ctx_rollback(lua_State *L)
{
	mo_engine *en = mo_engine_from(L);
	mo_db_rollback(mo_practice_db(mo_engine_practice(en)));
	return 0;
}

/* advance(seconds): moves the medoffice clock forward. */
static int ctx_advance(lua_State *L)
{
	lua_Integer s = luaL_checkinteger(L, 1);
	if (s < 0 || s > 3660LL * 86400)
		return luaL_error(L, "advance_clock: expected 0 to 3660 days of "
				  "seconds, got %I", s);
	mo_clock_shift((int64_t)s * 1000000);
	return 0;
}

static int ctx_reset_clock(lua_State *L)
{
	(void)L;
	mo_clock_shift_reset();
	return 0;
}

static int ctx_reset_budget(lua_State *L)
{
	mo_engine_reset_budget(mo_engine_from(L));
	return 0;
}

/* spec.run(chunk, ctx, file) with the chunk on top; leaves counts. */
static int run_chunk(mo_engine *en, const char *shown, mo_spec_counts *c,
		     mo_err *e)
{
	static const luaL_Reg ctx[] = {
		{"begin", ctx_begin},
		{"rollback", ctx_rollback},
		{"reset_budget", ctx_reset_budget},
		{"advance", ctx_advance},
		{"reset_clock", ctx_reset_clock},
		{NULL, NULL},
	};
	lua_State *L = mo_engine_state(en);
	int rc = mo_engine_require(en, "spec", e);
	if (rc) {
		lua_pop(L, 1);
		return rc;
	}
	lua_getfield(L, -1, "run");
	lua_remove(L, -2);
	lua_insert(L, -2);
	luaL_newlib(L, ctx);
	lua_pushstring(L, shown);
	if ((rc = mo_engine_call(en, 3, 2, e)))
		return rc;
	c->passed += (int)lua_tointeger(L, -2);
	c->failed += (int)lua_tointeger(L, -1);
	lua_pop(L, 2);
	return 0;
}

/* Runs one spec file; a file that cannot run counts as one failure. */
static void run_file(const char *dir, const char *path, mo_spec_counts *c)
{
	const char *shown = path + strlen(dir) + 1;
	mo_practice *p = NULL;
	mo_engine *en = NULL;
	mo_err e;
	int rc;
	if ((rc = mo_practice_open(dir, MO_PRACTICE_MEMORY, &p, &e)) ||
	    (rc = mo_sync_update(p, "system", NULL, &e)) ||
	    (rc = mo_engine_new(p, &en, &e)) ||
	    (rc = mo_engine_load_policies(en, &e)) ||
	    (rc = mo_engine_load_file(en, path, shown, MO_ENV_SCRIPT, &e)) ||
	    (rc = run_chunk(en, shown, c, &e))) {
		printf("FAIL %s: %s\n", shown, e.msg);
		c->failed++;
	}
	c->files++;
	mo_engine_free(en);
	mo_practice_close(p);
}

/* The practice must at least have a valid practice.yaml. */
static int check_practice(const char *dir, mo_err *e)
{
	char *path = mo_sprintf("%s/practice.yaml", dir);
	mo_config *c = NULL;
	int rc = path ? mo_config_load(path, &c, e)
		      : mo_err_set(e, MO_ENOMEM, "out of memory");
	mo_config_free(c);
	free(path);
	return rc;
}

int mo_spec_run_dir(const char *dir, mo_spec_counts *counts, mo_err *e)
{
	spec_list l = {0};
	int rc;
	memset(counts, 0, sizeof *counts);
	if ((rc = check_practice(dir, e)) || (rc = find_specs(dir, &l, e)))
		return rc;
	for (size_t i = 0; !rc && i < l.n; i++)
		run_file(dir, l.path[i], counts);
	free_list(&l);
	return rc;
}
