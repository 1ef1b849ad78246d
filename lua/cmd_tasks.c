/* cmd_tasks.c: `medoffice tasks [DIR] [--all | --for STAFF | --job JOB]
 * [--through DATE] --as STAFF`: the one task list (core/due.h):
 * everything due or overdue from every area, soonest first, for the
 * acting person (their own items, their job's, and what their job may
 * do), for another person (--for), for a job (--job: every holder's) or
 * for everyone (--all). An audited read. It uses cli.h and core/due.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "due.h"
#include "units.h"

typedef struct opts {
	const char *actor, *staff, *job, *through;
	bool all;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"for", required_argument, 0, 'f'},
		{"job", required_argument, 0, 'j'},
		{"through", required_argument, 0, 't'},
		{"all", no_argument, 0, 'l'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'f': o->staff = optarg; break;
		case 'j': o->job = optarg; break;
		case 't': o->through = optarg; break;
		case 'l': o->all = true; break;
		case 'h': return mo_cli_help("tasks");
		default: return mo_cli_usage("tasks", "bad option");
		}
	}
	if (!o->actor)
		return mo_cli_usage("tasks", "--as STAFF is required");
	if ((o->all != 0) + (o->staff != NULL) + (o->job != NULL) > 1)
		return mo_cli_usage("tasks", "one of --all, --for and --job");
	return -1;
}

typedef struct out {
	int32_t today;
	long n;
} out;

static int print_item(void *ud, const mo_due_item *it)
{
	out *o = ud;
	char d[11];
	const char *who = it->staff ? it->staff : it->job ? it->job : "";
	printf("%s  %-8s %-10s %-12s %s\n", mo_date_format(it->due, d),
	       it->due < o->today ? "overdue" : it->due == o->today ? "today"
	       : "", it->source, who, it->what);
	o->n++;
	return 0;
}

int mo_cmd_tasks(int argc, char **argv)
{
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int32_t through;
	int rc = parse_opts(argc, argv, &o), next = optind;
	const char *dir;
	if (rc >= 0)
		return rc;
	dir = mo_cli_dir(argc, argv, &next);
	if (next < argc)
		return mo_cli_usage("tasks", "expected at most one folder");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	out r = {mo_practice_today(p), 0};
	through = r.today;
	if (o.through && mo_date_parse(o.through, &through, &e)) {
		mo_cli_close(p, en);
		return mo_cli_usage("tasks", "--through: expected a date such "
				    "as 2026-12-31");
	}
	mo_due_for w = {o.all || o.job ? NULL : o.staff ? o.staff : o.actor,
			o.job};
	if (mo_due_list_for(p, o.actor, &w, through, print_item, &r, &e))
		rc = mo_cli_fail(&e);
	else
		printf("%ld due\n", r.n);
	mo_cli_close(p, en);
	return rc;
}
