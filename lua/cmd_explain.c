/* cmd_explain.c: `medoffice explain [DIR] [ID]`: why a decision came out
 * as it did. It prints a decision log entry (the latest without ID): who
 * and with which job, the action and its inputs, the verdict and reason,
 * the rule that made it with its source line, and whether the policies
 * loaded now are the ones that decided (explain.h writes it). It uses
 * cli.h and explain.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "explain.h"

/* [DIR] [ID]: a lone argument that is a number is the ID. */
static int parse_args(int argc, char **argv, const char **dir, int64_t *id)
{
	char *end;
	int left = argc - optind;
	*dir = ".";
	*id = 0;
	if (left > 2)
		return mo_cli_usage("explain", "expected [DIR] [ID]");
	if (left == 2 || (left == 1 && (strtoll(argv[optind], &end, 10) <= 0 ||
					 *end)))
		*dir = argv[optind++];
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
	const char *dir;
	mo_practice *p;
	mo_engine *en;
	int64_t id;
	mo_err e;
	int ch, rc;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		return ch == 'h' ? mo_cli_help("explain")
				 : mo_cli_usage("explain", "bad option");
	if ((rc = parse_args(argc, argv, &dir, &id)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, MO_PRACTICE_READONLY, NULL,
			      MO_CLI_SYNC_IGNORE, &p, &en)))
		return rc;
	rc = mo_explain_write(stdout, en, id, &e);
	mo_cli_close(p, en);
	return rc ? mo_cli_fail(&e) : MO_EXIT_OK;
}
