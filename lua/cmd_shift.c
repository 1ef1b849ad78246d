/* cmd_shift.c: `medoffice shifts add|list|gaps [DIR] ...`: staff shifts
 * and the staffing gaps report from the command line. Dates and times are
 * local to the practice ("2026-12-01", "08:00"). It uses cli.h and
 * core/shift.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "shift.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *staff, *location, *date, *start, *end;
	const char *from, *to;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"staff", required_argument, 0, 's'},
		{"location", required_argument, 0, 'l'},
		{"date", required_argument, 0, 'd'},
		{"start", required_argument, 0, 'S'},
		{"end", required_argument, 0, 'E'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char **slot[128] = {0};
	int c;
	slot['a'] = &o->actor, slot['s'] = &o->staff, slot['l'] = &o->location;
	slot['d'] = &o->date, slot['S'] = &o->start, slot['E'] = &o->end;
	slot['F'] = &o->from, slot['T'] = &o->to;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c > 0 && c < 128 && slot[c])
			*slot[c] = optarg;
		else
			return c == 'h' ? mo_cli_help("shifts")
					: mo_cli_usage("shifts", "bad option");
	}
	return -1;
}

static int day_of(const char *s, const char *flag, int32_t *day)
{
	mo_err e;
	if (!s)
		return mo_cli_usage("shifts", "%s DATE is required", flag);
	if (mo_date_parse(s, day, &e))
		return mo_cli_usage("shifts", "%s: %s", flag, e.msg);
	return -1;
}

static int time_of(const char *s, const char *flag, int32_t *sec)
{
	int h, m, n = 0;
	if (!s || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || s[n] || m > 59 ||
	    h > 24 || (h == 24 && m))
		return mo_cli_usage("shifts", "%s: expected a time such as "
				    "08:00", flag);
	*sec = h * 3600 + m * 60;
	return -1;
}

static int print_shift(void *ud, const mo_shift *s)
{
	(void)ud;
	printf("%02d:%02d-%02d:%02d  %-12s %s\n", s->start_sec / 3600,
	       s->start_sec / 60 % 60, s->end_sec / 3600, s->end_sec / 60 % 60,
	       s->staff, s->location);
	return 0;
}

static int print_gap(void *ud, const mo_gap *g)
{
	char d[11];
	(*(size_t *)ud)++;
	printf("%s %02d:%02d-%02d:%02d  %-10s %d provider%s  %s (rule %s)\n",
	       mo_date_format(g->day, d), g->start_sec / 3600,
	       g->start_sec / 60 % 60, g->end_sec / 3600, g->end_sec / 60 % 60,
	       g->location, g->providers, g->providers == 1 ? "" : "s",
	       g->reason[0] ? g->reason : "understaffed", g->rule);
	return 0;
}

static int run(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t day = 0, to = 0, a = 0, b = 0;
	size_t n = 0;
	int rc;
	if (!strcmp(o->sub, "add")) {
		if ((rc = day_of(o->date, "--date", &day)) >= 0 ||
		    (rc = time_of(o->start, "--start", &a)) >= 0 ||
		    (rc = time_of(o->end, "--end", &b)) >= 0)
			return rc;
		if (mo_shift_add(p, o->actor, o->staff, o->location, day, a, b,
				 NULL, e))
			return mo_cli_fail(e);
		return mo_shift_list(p, day, o->location, print_shift, NULL, e)
			? mo_cli_fail(e) : MO_EXIT_OK;
	}
	if (!strcmp(o->sub, "list")) {
		if ((rc = day_of(o->date, "--date", &day)) >= 0)
			return rc;
		return mo_shift_list(p, day, o->location, print_shift, NULL, e)
			? mo_cli_fail(e) : MO_EXIT_OK;
	}
	if ((rc = day_of(o->from, "--from", &day)) >= 0 ||
	    (rc = day_of(o->to, "--to", &to)) >= 0)
		return rc;
	if (mo_shift_gaps(p, o->location, day, to, print_gap, &n, e))
		return mo_cli_fail(e);
	printf("%zu gap%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

int mo_cmd_shifts(int argc, char **argv)
{
	opts o = {0};
	const char *dir = ".";
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "list") &&
			 strcmp(argv[1], "gaps")))
		return mo_cli_usage("shifts", "expected add, list or gaps");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (argc - optind > 1)
		return mo_cli_usage("shifts", "expected at most one folder");
	if (optind < argc)
		dir = argv[optind];
	if (!strcmp(o.sub, "add") && !o.actor)
		return mo_cli_usage("shifts", "--as STAFF is required to add");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
