/* cmd_lua.c: the commands that run Lua against a practice: shell, run and
 * test. It uses cli.h, shell.h and spec.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "shell.h"
#include "spec.h"

static bool is_dir(const char *path)
{
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Options --as STAFF, --apply and --help; -1 to go on, else an exit
 * code. */
static int actor_options(const char *cmd, int argc, char **argv,
			 const char **actor, mo_cli_sync *sync, bool permute)
{
	static const struct option opts[] = {
		{"as", required_argument, 0, 'a'},
		{"apply", no_argument, 0, 'A'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	*sync = MO_CLI_SYNC_REQUIRE;
	while ((c = getopt_long(argc, argv, permute ? "a:h" : "+a:h", opts,
				NULL)) != -1) {
		if (c == 'a')
			*actor = optarg;
		else if (c == 'A')
			*sync = MO_CLI_SYNC_APPLY;
		else
			return c == 'h' ? mo_cli_help(cmd)
					: mo_cli_usage(cmd, "bad option");
	}
	return -1;
}

int mo_cmd_shell(int argc, char **argv)
{
	const char *actor = "system", *dir;
	mo_practice *p;
	mo_engine *en;
	mo_cli_sync sync;
	char *history;
	int rc;
	if ((rc = actor_options("shell", argc, argv, &actor, &sync, true)) >= 0)
		return rc;
	if (argc - optind > 1)
		return mo_cli_usage("shell", "expected at most one folder");
	dir = mo_cli_dir(argc, argv, &optind);
	if ((rc = mo_cli_open(dir, 0, actor, sync, &p, &en)))
		return rc;
	history = mo_sprintf("%s/.medoffice_history", dir);
	rc = mo_shell_run(en, history) ? MO_EXIT_FAIL : MO_EXIT_OK;
	free(history);
	mo_cli_close(p, en);
	return rc;
}

/* Without --as, a script acts as practice.script_actor (if set). */
static int default_actor(mo_engine *en, const char *actor)
{
	const mo_config *c = mo_practice_config(mo_engine_practice(en));
	mo_err e;
	if (actor || !c->script_actor)
		return MO_EXIT_OK;
	if (mo_engine_set_actor(en, c->script_actor, &e))
		return mo_cli_fail(&e);
	return MO_EXIT_OK;
}

/* Runs the script inside one transaction: a failure keeps nothing. */
static int run_script(mo_engine *en, const char *script, int argc,
		      char **argv)
{
	mo_db *db = mo_practice_db(mo_engine_practice(en));
	mo_err e;
	int rc = mo_db_begin(db, &e);
	if (!rc && !(rc = mo_engine_run_file(en, script, argc, argv, &e)))
		rc = mo_db_commit(db, &e);
	if (rc) {
		mo_db_rollback_all(db);
		mo_cli_fail(&e);
		if (rc != MO_EIO)
			fprintf(stderr, "medoffice: rolled back: nothing the "
				"script wrote was kept\n");
		return MO_EXIT_FAIL;
	}
	return MO_EXIT_OK;
}

/* --as or --apply after SCRIPT would reach the script as arguments and
 * the script would run as system: refuse them there. */
static int options_after_script(int argc, char **argv)
{
	for (int i = optind; i < argc; i++)
		if (!strcmp(argv[i], "--as") || !strncmp(argv[i], "--as=", 5) ||
		    !strcmp(argv[i], "--apply"))
			return mo_cli_usage("run", "%s after the script would "
					    "be passed to it; put medoffice's "
					    "options before SCRIPT.lua", argv[i]);
	return -1;
}

int mo_cmd_run(int argc, char **argv)
{
	const char *actor = NULL, *dir = ".", *script;
	mo_practice *p;
	mo_engine *en;
	mo_cli_sync sync;
	int rc;
	if ((rc = actor_options("run", argc, argv, &actor, &sync, false)) >= 0)
		return rc;
	if (argc - optind >= 2 && is_dir(argv[optind]))
		dir = argv[optind++];
	if (optind >= argc)
		return mo_cli_usage("run", "expected a script to run");
	script = argv[optind++];
	if ((rc = options_after_script(argc, argv)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, actor, sync, &p, &en)))
		return rc;
	if ((rc = default_actor(en, actor)))
		goto out;
	rc = run_script(en, script, argc - optind, argv + optind);
out:
	mo_cli_close(p, en);
	return rc;
}

int mo_cmd_test(int argc, char **argv)
{
	mo_spec_counts n;
	mo_err e;
	int c;
	while ((c = getopt_long(argc, argv, "h", (const struct option[]){
			{"help", no_argument, 0, 'h'}, {0, 0, 0, 0}}, NULL)) != -1)
		return c == 'h' ? mo_cli_help("test")
				: mo_cli_usage("test", "bad option");
	if (argc - optind > 1)
		return mo_cli_usage("test", "expected at most one folder");
	if (mo_spec_run_dir(mo_cli_dir(argc, argv, &optind), &n, &e))
		return mo_cli_fail(&e);
	printf("%d passed, %d failed\n", n.passed, n.failed);
	return n.failed ? MO_EXIT_FAIL : MO_EXIT_OK;
}
