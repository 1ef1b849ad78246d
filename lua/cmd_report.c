/* cmd_report.c: `medoffice reports [DIR] --as STAFF` lists the reports
 * the practice's policies declare, with their parameters; `medoffice
 * report NAME [DIR] [--param K=V ...] [--format F] [-o FILE] [--width N]
 * --as STAFF` runs one (lua/medoffice/report.lua's run, in the engine:
 * the parameters checked and converted, the rows streamed to the
 * renderer). It uses cli.h and engine.h. */
#include <getopt.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "engine.h"

#define MAX_PARAMS 20

typedef struct opts {
	const char *actor, *format, *output, *width;
	const char *params[MAX_PARAMS];
	int nparams;
} opts;

static int parse_opts(int argc, char **argv, opts *o, const char *cmd)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"param", required_argument, 0, 'p'},
		{"format", required_argument, 0, 'f'},
		{"output", required_argument, 0, 'o'},
		{"width", required_argument, 0, 'w'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'f': o->format = optarg; break;
		case 'o': o->output = optarg; break;
		case 'w': o->width = optarg; break;
		case 'p':
			if (o->nparams == MAX_PARAMS || !strchr(optarg, '='))
				return mo_cli_usage(cmd, "--param: expected "
						    "NAME=VALUE (at most 20)");
			o->params[o->nparams++] = optarg;
			break;
		case 'h': return mo_cli_help(cmd);
		default: return mo_cli_usage(cmd, "bad option");
		}
	}
	if (!o->actor)
		return mo_cli_usage(cmd, "--as STAFF is required");
	return -1;
}

/* report.lua's function fn on the stack. */
static void push_fn(lua_State *L, const char *fn)
{
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	lua_getfield(L, -1, fn);
	lua_remove(L, -2);
}

static void print_param(lua_State *L)
{
	lua_getfield(L, -1, "name");
	lua_getfield(L, -2, "type");
	lua_getfield(L, -3, "default");
	lua_getfield(L, -4, "optional");
	printf("    --param %s=%s", lua_tostring(L, -4), lua_tostring(L, -3));
	if (!lua_isnil(L, -2))
		printf("  (default %s)", lua_tostring(L, -2));
	else if (lua_toboolean(L, -1))
		printf("  (optional)");
	printf("\n");
	lua_pop(L, 4);
}

/* Protected: prints reports.list(). */
static int print_list(lua_State *L)
{
	push_fn(L, "list");
	lua_call(L, 0, 1);
	for (lua_Integer i = 1; lua_geti(L, -1, i) == LUA_TTABLE; i++) {
		lua_getfield(L, -1, "name");
		lua_getfield(L, -2, "title");
		printf("%-28s %s\n", lua_tostring(L, -2), lua_tostring(L, -1));
		lua_pop(L, 2);
		lua_getfield(L, -1, "params");
		for (lua_Integer j = 1; lua_geti(L, -1, j) == LUA_TTABLE; j++) {
			print_param(L);
			lua_pop(L, 1);
		}
		lua_pop(L, 3);
	}
	printf("%lld reports\n", (long long)lua_rawlen(L, -2));
	return 0;
}

int mo_cmd_reports(int argc, char **argv)
{
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc = parse_opts(argc, argv, &o, "reports"), next = optind;
	const char *dir;
	if (rc >= 0)
		return rc;
	dir = mo_cli_dir(argc, argv, &next);
	if (next < argc)
		return mo_cli_usage("reports", "expected at most one folder");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	lua_pushcfunction(mo_engine_state(en), print_list);
	if (mo_engine_call(en, 0, 0, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}

/* Pushes run's arguments: name, the parameters, the options. */
static void push_run(lua_State *L, const char *name, const opts *o)
{
	push_fn(L, "run");
	lua_pushstring(L, name);
	lua_createtable(L, 0, o->nparams);
	for (int i = 0; i < o->nparams; i++) {
		const char *eq = strchr(o->params[i], '=');
		lua_pushlstring(L, o->params[i], (size_t)(eq - o->params[i]));
		lua_pushstring(L, eq + 1);
		lua_settable(L, -3);
	}
	lua_createtable(L, 0, 3);
	if (o->format) {
		lua_pushstring(L, o->format);
		lua_setfield(L, -2, "format");
	}
	if (o->output) {
		lua_pushstring(L, o->output);
		lua_setfield(L, -2, "output");
	}
	if (o->width) {
		lua_pushinteger(L, atoi(o->width));
		lua_setfield(L, -2, "width");
	}
}

int mo_cmd_report(int argc, char **argv)
{
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc = parse_opts(argc, argv, &o, "report"), next;
	const char *name, *dir = ".";
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return mo_cli_usage("report", "expected the report's NAME");
	name = argv[optind++];
	if (optind < argc)
		dir = argv[optind++];
	next = optind;
	if (next < argc)
		return mo_cli_usage("report", "expected NAME and at most one "
				    "folder");
	if (o.width && (atoi(o.width) < 20 || atoi(o.width) > 1000))
		return mo_cli_usage("report", "--width: expected 20 to 1000");
	if (o.output && !strcmp(o.output, "-"))
		o.output = NULL;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	push_run(mo_engine_state(en), name, &o);
	if (mo_engine_call(en, 3, 0, &e))
		rc = mo_cli_fail(&e);
	fflush(stdout);
	mo_cli_close(p, en);
	return rc;
}
