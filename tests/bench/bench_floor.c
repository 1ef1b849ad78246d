/* bench_floor.c: the raw floor for process start-up: a bare C program
 * that links the same libraries as medoffice and does the same basic work
 * directly: opens the practice database and reads its schema version,
 * creates a lua_State with the standard libraries, and parses
 * practice.yaml to the end with libyaml. Usage: bench_floor DIR, or
 * bench_floor --yaml FILE for libyaml's raw parse of one file alone. */
#include "bench.h"

#include <lauxlib.h>
#include <lualib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

static int open_db(const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ok = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
		 SQLITE_OK;
	if (ok && sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st,
				     NULL) == SQLITE_OK) {
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
	return ok;
}

int main(int argc, char **argv)
{
	char path[4096];
	lua_State *L;
	if (argc == 3 && strcmp(argv[1], "--yaml") == 0)
		return bench_parse_yaml(argv[2]) ? 0 : 1;
	if (argc != 2)
		return 2;
	snprintf(path, sizeof path, "%s/practice.db", argv[1]);
	if (!open_db(path))
		return 1;
	snprintf(path, sizeof path, "%s/practice.yaml", argv[1]);
	if (!bench_parse_yaml(path) || !(L = luaL_newstate()))
		return 1;
	luaL_openlibs(L);
	lua_close(L);
	return 0;
}
