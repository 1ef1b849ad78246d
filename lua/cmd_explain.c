/* cmd_explain.c: `medoffice explain [DIR] [ID]`: why a decision came out
 * as it did. It prints a decision log entry (the latest without ID): who
 * and with which job, the action and its inputs, the verdict and reason,
 * the rule that made it with its source line, and whether the policies
 * loaded now are the ones that decided. It uses cli.h and core/declog.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cli.h"
#include "declog.h"

typedef struct ctx {
	const char *dir;
	const mo_perm *perm;   /* the permissions loaded now */
	const char *current;   /* hash of the policies loaded now */
} ctx;

/* Prints line n of dir/file, from a rule's "(file:line)" tail. */
static void print_source(const char *dir, const char *rule)
{
	const char *open = strrchr(rule, '('), *colon;
	char file[512], buf[1024], *path;
	long line, n = 0;
	FILE *f;
	if (!open || !(colon = strrchr(open, ':')) ||
	    (size_t)(colon - open - 1) >= sizeof file)
		return;
	snprintf(file, sizeof file, "%.*s", (int)(colon - open - 1), open + 1);
	line = strtol(colon + 1, NULL, 10);
	if (!(path = mo_sprintf("%s/%s", dir, file)) || !(f = fopen(path, "r"))) {
		free(path);
		return;
	}
	while (fgets(buf, sizeof buf, f) && ++n < line)
		;
	if (n == line)
		printf("            %ld | %s", line, buf);
	fclose(f);
	free(path);
}

static int print_decision(void *ud, const mo_declog_entry *d)
{
	const ctx *c = ud;
	const char *job = c->perm ? mo_perm_job_of(c->perm, d->actor) : NULL;
	char at[32];
	printf("decision %lld at %s\n", (long long)d->id,
	       mo_clock_format_us(d->at_us, at));
	printf("  who:      %s%s%s%s\n", d->actor, job ? " (job " : "",
	       job ? job : "", job ? ")" : strcmp(d->actor, MO_ACTOR_SYSTEM)
	       ? "" : " (medoffice itself: every action is permitted)");
	printf("  action:   %s\n  inputs:   %s\n", d->action, d->inputs);
	printf("  verdict:  %s%s%s\n", d->verdict, *d->reason ? ": " : "",
	       d->reason);
	printf("  by:       %s\n", *d->rule ? d->rule
	       : "no rule had an opinion, and the actor may do the action");
	if (*d->rule)
		print_source(c->dir, d->rule);
	printf("  policies: %.16s (%s)\n", *d->policy_hash ? d->policy_hash
	       : "none", strcmp(d->policy_hash, c->current) == 0
	       ? "the same as loaded now"
	       : "changed since: the rule above may read differently now");
	return 0;
}

/* [DIR] [ID]: a lone argument that is a number is the ID. */
static int parse_args(int argc, char **argv, ctx *c, int64_t *id)
{
	char *end;
	int left = argc - optind;
	c->dir = ".";
	*id = 0;
	if (left > 2)
		return mo_cli_usage("explain", "expected [DIR] [ID]");
	if (left == 2 || (left == 1 && (strtoll(argv[optind], &end, 10) <= 0 ||
					 *end)))
		c->dir = argv[optind++];
	if (optind < argc && ((*id = strtoll(argv[optind], &end, 10)) <= 0 ||
			      *end))
		return mo_cli_usage("explain", "expected a decision number, "
				    "got \"%s\"", argv[optind]);
	return -1;
}

int mo_cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, 0, 'h'},
					     {0, 0, 0, 0}};
	ctx c = {0};
	mo_practice *p;
	mo_engine *en;
	int64_t id;
	mo_err e;
	int ch, rc;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return ch == 'h' ? mo_cli_help("explain")
				 : mo_cli_usage("explain", "bad option");
	if ((rc = parse_args(argc, argv, &c, &id)) >= 0)
		return rc;
	if ((rc = mo_cli_open(c.dir, MO_PRACTICE_READONLY, NULL,
			      MO_CLI_SYNC_IGNORE, &p, &en)))
		return rc;
	c.perm = mo_engine_perm(en);
	c.current = mo_practice_policy_hash(p);
	rc = mo_declog_get(mo_practice_db(p), id, print_decision, &c, &e);
	mo_cli_close(p, en);
	return rc ? mo_cli_fail(&e) : MO_EXIT_OK;
}
