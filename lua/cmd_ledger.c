/* cmd_ledger.c: the books from the command line:
 *   medoffice aging [DIR] [--by payer|patient] [--as-of DATE] [--format
 *       text|csv] --as STAFF
 * The aging prints one row per payer (or patient) with what is owed by the
 * age of the service (0-30, 31-60, 61-90, 91-120, over 120 days),
 * unapplied credits and the total, then the totals. It uses cli.h and
 * core/ledger.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ledger.h"
#include "units.h"

typedef struct opts {
	const char *actor, *by, *as_of, *format;
} opts;

static int parse_opts(const char *cmd, int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"by", required_argument, 0, 'b'},
		{"as-of", required_argument, 0, 'o'},
		{"format", required_argument, 0, 'f'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'a')
			o->actor = optarg;
		else if (c == 'b')
			o->by = optarg;
		else if (c == 'o')
			o->as_of = optarg;
		else if (c == 'f')
			o->format = optarg;
		else
			return c == 'h' ? mo_cli_help(cmd)
					: mo_cli_usage(cmd, "bad option");
	}
	if (!o->actor)
		return mo_cli_usage(cmd, "--as STAFF is required (the read is "
				    "audited)");
	return -1;
}

typedef struct printer {
	bool csv;
	const char *by;
} printer;

static int print_row(void *ud, const mo_aging_row *r)
{
	const printer *pr = ud;
	char v[7][32];
	mo_money_format(r->unapplied, v[5]);
	mo_money_format(r->total, v[6]);
	for (int b = 0; b < MO_AGING_BUCKETS; b++)
		mo_money_format(r->bucket[b], v[b]);
	if (pr->csv) {
		printf("%s,\"%s\",%s,%s,%s,%s,%s,%s,%s\n", r->key, r->name,
		       v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
		return 0;
	}
	if (strcmp(r->key, "total") == 0)
		printf("%-30s %11s %11s %11s %11s %11s %11s %11s\n", "", "",
		       "", "", "", "", "", "-----------");
	printf("%-30.30s %11s %11s %11s %11s %11s %11s %11s\n", r->name, v[0],
	       v[1], v[2], v[3], v[4], v[5], v[6]);
	return 0;
}

static void header(const printer *pr, int32_t as_of)
{
	char d[11];
	if (pr->csv) {
		printf("%s,name,days_0_30,days_31_60,days_61_90,days_91_120,"
		       "over_120,unapplied,total\n", pr->by);
		return;
	}
	printf("A/R aging by %s as of %s\n", pr->by, mo_date_format(as_of, d));
	printf("%-30s %11s %11s %11s %11s %11s %11s %11s\n", pr->by, "0-30",
	       "31-60", "61-90", "91-120", "over 120", "unapplied", "total");
}

static int aging(mo_practice *p, const opts *o, mo_err *e)
{
	printer pr = {o->format && strcmp(o->format, "csv") == 0,
		      o->by ? o->by : "payer"};
	int32_t as_of = mo_practice_today(p);
	if (o->as_of && mo_date_parse(o->as_of, &as_of, e))
		return mo_cli_usage("aging", "--as-of: %s", e->msg);
	header(&pr, as_of);
	if (mo_ledger_aging(p, o->actor, strcmp(pr.by, "payer") == 0
				? MO_AGING_PAYER : MO_AGING_PATIENT, as_of,
			    print_row, &pr, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

int mo_cmd_aging(int argc, char **argv)
{
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	const char *dir;
	int rc, next;
	mo_err e;
	if ((rc = parse_opts("aging", argc, argv, &o)) >= 0)
		return rc;
	if (o.by && strcmp(o.by, "payer") && strcmp(o.by, "patient"))
		return mo_cli_usage("aging", "--by: expected payer or patient");
	if (o.format && strcmp(o.format, "text") && strcmp(o.format, "csv"))
		return mo_cli_usage("aging", "--format: expected text or csv");
	next = optind;
	dir = mo_cli_dir(argc, argv, &next);
	if (next < argc)
		return mo_cli_usage("aging", "expected at most one folder");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = aging(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
