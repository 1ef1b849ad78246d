/* cmd_clia.c: `medoffice clia status|qc-log|lots|competency [DIR] ...
 * --as STAFF`: the CLIA-waived testing lists. status shows the tests
 * still open by the step they wait for (--all: closed ones too); qc-log
 * the QC runs of a period (--from, --to; default the last 30 days); lots
 * the kit and control lots expiring within --within DAYS (default 60; 0:
 * all); competency each person's latest competency per test, soonest due
 * first. Each is an audited read. It uses cli.h and core/clia.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "clia.h"
#include "cli.h"
#include "clock.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *from, *to, *within;
	bool all;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"from", required_argument, 0, 'f'},
		{"to", required_argument, 0, 't'},
		{"within", required_argument, 0, 'w'},
		{"all", no_argument, 0, 'l'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'w': o->within = optarg; break;
		case 'l': o->all = true; break;
		case 'h': return mo_cli_help("clia");
		default: return mo_cli_usage("clia", "bad option");
		}
	}
	return -1;
}

static int print_test(void *ud, const mo_clia_test_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("#%-4lld %-16s %-20s patient %-5lld %-22.22s appt %-5lld lot "
	       "%-8s %-9s %.16s\n", (long long)r->id, r->state, r->test,
	       (long long)r->patient, r->patient_name,
	       (long long)r->appointment, r->lot ? r->lot : "-",
	       r->value ? r->value : "-",
	       mo_clock_format_us(r->updated_us, at));
	return 0;
}

static int print_qc(void *ud, const mo_clia_qc_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("%.16s  %-20s lot %-8s %-9s expected %-9s observed %-9s %s  "
	       "%s  by %s%s%s\n", mo_clock_format_us(r->at_us, at), r->test,
	       r->lot, r->level, r->expected, r->observed,
	       r->passed ? "PASS" : "FAIL", r->why, r->operator_,
	       r->corrective ? "; corrective: " : "",
	       r->corrective ? r->corrective : "");
	return 0;
}

static int print_lot(void *ud, const mo_clia_lot_row *r)
{
	char a[11], b[11];
	(*(int *)ud)++;
	printf("%-20s %-7s lot %-10s expires %s  received %s\n", r->test,
	       r->kind, r->lot, mo_date_format(r->expires, a),
	       mo_date_format(r->received, b));
	return 0;
}

static int print_competency(void *ud, const mo_clia_competency_row *r)
{
	char a[11];
	(*(int *)ud)++;
	printf("%-12s %-20s until %s  (assessed by %s)\n", r->staff, r->test,
	       mo_date_format(r->until, a), r->assessed_by);
	return 0;
}

static int day_opt(const char *what, const char *s, int32_t dflt,
		   int32_t *out)
{
	mo_err e;
	*out = dflt;
	if (s && mo_date_parse(s, out, &e))
		return mo_cli_usage("clia", "%s: %s", what, e.msg);
	return -1;
}

static int run(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p), from, to;
	int64_t within = 60;
	int n = 0, rc;
	if (!strcmp(o->sub, "status"))
		rc = mo_clia_status(p, o->actor, o->all, print_test, &n, e);
	else if (!strcmp(o->sub, "qc-log")) {
		if ((rc = day_opt("--from", o->from, today - 30, &from)) >= 0 ||
		    (rc = day_opt("--to", o->to, today, &to)) >= 0)
			return rc;
		rc = mo_clia_qc_log(p, o->actor, from, to, print_qc, &n, e);
	} else if (!strcmp(o->sub, "lots")) {
		if (o->within && (rc = mo_cli_number("clia", "--within",
						     o->within, 0, 3650,
						     &within)) >= 0)
			return rc;
		rc = mo_clia_lots(p, o->actor, within ? today + (int32_t)within
						      : 0, print_lot, &n, e);
	} else
		rc = mo_clia_competencies(p, o->actor, print_competency, &n, e);
	if (rc)
		return mo_cli_fail(e);
	printf("%d %s\n", n, !strcmp(o->sub, "qc-log") ? "QC runs"
		: !strcmp(o->sub, "lots") ? "lots"
		: !strcmp(o->sub, "status") ? "tests" : "competencies");
	return MO_EXIT_OK;
}

int mo_cmd_clia(int argc, char **argv)
{
	static const char *const subs[] = {"status", "qc-log", "lots",
					   "competency", NULL};
	opts o = {0};
	const char *dir = ".";
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, known = 0;
	for (int i = 0; argc > 1 && subs[i]; i++)
		known |= !strcmp(argv[1], subs[i]);
	if (!known)
		return mo_cli_usage("clia", "expected status, qc-log, lots or "
				    "competency");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (!o.actor)
		return mo_cli_usage("clia", "--as STAFF is required");
	if (argc - optind > 1)
		return mo_cli_usage("clia", "%s takes only [DIR]", o.sub);
	if (argc - optind == 1)
		dir = argv[optind];
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
