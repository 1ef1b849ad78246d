/* cmd_era.c: `medoffice era import|list|show|simulate [DIR] ... --as STAFF`:
 * payers' remittance advice (ASC X12 835). import reads a file, checks it whole
 * and posts it (or nothing, with the reason); list shows the remittances
 * posted; show the claims one paid, with adjustments and remarks;
 * simulate writes what a synthetic payer would send for its submitted
 * claims (training, demonstrations). It uses cli.h, core/era.h and
 * core/remit.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "era.h"
#include "remit.h"
#include "units.h"
#include "x12.h"

typedef struct opts {
	const char *sub, *actor, *payer, *output, *deny;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"payer", required_argument, 0, 'p'},
		{"deny-one-in", required_argument, 0, 'd'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'p': o->payer = optarg; break;
		case 'o': o->output = optarg; break;
		case 'd': o->deny = optarg; break;
		case 'h': return mo_cli_help("era");
		default: return mo_cli_usage("era", "bad option");
		}
	}
	return -1;
}

static int import(mo_practice *p, const opts *o, const char *file,
		  mo_err *e)
{
	char *text = NULL, a[32], b[32], c[32], d[32];
	const char *base = strrchr(file, '/');
	size_t len;
	mo_era_summary s;
	int rc = mo_cli_read_file(file, MO_X12_MAX_INPUT, &text, &len, e);
	if (!rc)
		rc = mo_era_import(p, o->actor, o->payer, base ? base + 1 : file,
				   text, len, &s, e);
	free(text);
	if (rc)
		return mo_cli_fail(e);
	printf("remittance %lld: %d payment%s, %d claim%s (%d denied), %d "
	       "service line%s posted\n", (long long)s.first, s.payments,
	       s.payments == 1 ? "" : "s", s.claims, s.claims == 1 ? "" : "s",
	       s.denied, s.lines, s.lines == 1 ? "" : "s");
	printf("paid %s, contractual %s, patient responsibility %s, "
	       "provider adjustments %s\n", mo_money_format(s.paid, a),
	       mo_money_format(s.contractual, b), mo_money_format(s.patient, c),
	       mo_money_format(s.provider, d));
	return MO_EXIT_OK;
}

/* A synthetic payer's 835 for its submitted claims (remit.h), for
 * training and demonstrations; read-only. */
static int simulate(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t deny = 0;
	char trace[32], *text = NULL;
	size_t len;
	int claims, rc;
	FILE *f;
	if (!o->payer || !o->output)
		return mo_cli_usage("era", "simulate needs --payer and -o FILE");
	if (o->deny && (rc = mo_cli_number("era", "--deny-one-in", o->deny, 0,
					   1000, &deny)) >= 0)
		return rc;
	snprintf(trace, sizeof trace, "SIM%lld", (long long)(
		 mo_clock_now_us() / 1000000));
	mo_remit_opts ro = {o->payer, mo_clock_now_us() + 1, (int)deny, 1,
			    (uint32_t)(mo_clock_now_us() / 1000000 % 999999999
				       + 1), trace, mo_practice_today(p),
			    100000};
	if (!(f = mo_cli_create(o->output, "nothing was written")))
		return MO_EXIT_FAIL;
	if (mo_remit_make(p, o->actor, &ro, &text, &len, &claims, e)) {
		mo_cli_finish(f, o->output, NULL, 0, "");
		return mo_cli_fail(e);
	}
	rc = mo_cli_finish(f, o->output, text, len, "nothing was posted");
	free(text);
	if (rc)
		return rc;
	printf("%s: a simulated 835 from %s paying %d claim%s (trace %s)\n",
	       o->output, o->payer, claims, claims == 1 ? "" : "s", trace);
	return MO_EXIT_OK;
}

static int print_era(void *ud, const mo_era *r)
{
	char at[32], amt[32], day[11];
	(*(int *)ud)++;
	printf("#%-4lld %.10s  %-10s %-8s trace %-16s %10s paid %s  %d "
	       "claim%s  %s\n", (long long)r->id,
	       mo_clock_format_us(r->created_us, at), r->payer, r->method,
	       r->trace, mo_money_format(r->amount, amt),
	       r->paid_day ? mo_date_format(r->paid_day, day) : "-",
	       r->claims, r->claims == 1 ? "" : "s", r->file);
	return 0;
}

static int print_claim(void *ud, const mo_era_claim *c)
{
	char a[32], b[32], d[32];
	(*(int *)ud)++;
	printf("claim %-5lld patient %-5lld %-22.22s %-9s charged %9s paid "
	       "%9s patient %9s%s%s%s%s\n", (long long)c->claim,
	       (long long)c->patient, c->patient_name, c->status,
	       mo_money_format(c->charged, a), mo_money_format(c->paid, b),
	       mo_money_format(c->patient_due, d), *c->adjustments ? "  " : "",
	       c->adjustments, *c->remarks ? "  remarks " : "", c->remarks);
	return 0;
}

static int run(mo_practice *p, const opts *o, const char *arg, mo_err *e)
{
	int64_t id;
	int n = 0, rc;
	if (!strcmp(o->sub, "import"))
		return import(p, o, arg, e);
	if (!strcmp(o->sub, "simulate"))
		return simulate(p, o, e);
	if (!strcmp(o->sub, "list")) {
		if (mo_era_list(p, o->actor, print_era, &n, e))
			return mo_cli_fail(e);
		printf("%d remittance%s\n", n, n == 1 ? "" : "s");
		return MO_EXIT_OK;
	}
	if ((rc = mo_cli_number("era", "the remittance number", arg, 1,
				INT64_MAX, &id)) >= 0)
		return rc;
	if (mo_era_claims(p, o->actor, id, print_claim, &n, e))
		return mo_cli_fail(e);
	printf("%d claim%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

int mo_cmd_era(int argc, char **argv)
{
	static const char *const subs[] = {"import", "list", "show",
					   "simulate", NULL};
	opts o = {0};
	const char *dir = ".", *arg = NULL;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, npos, known = 0, takes;
	for (int i = 0; argc > 1 && subs[i]; i++)
		known |= !strcmp(argv[1], subs[i]);
	if (!known)
		return mo_cli_usage("era", "expected import, list, show or "
				    "simulate");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (!o.actor)
		return mo_cli_usage("era", "--as STAFF is required");
	takes = strcmp(o.sub, "list") && strcmp(o.sub, "simulate") ? 1 : 0;
	npos = argc - optind;
	if (npos < takes || npos > takes + 1)
		return mo_cli_usage("era", !strcmp(o.sub, "import")
				    ? "import takes [DIR] and the 835 file"
				    : takes ? "show takes [DIR] and a "
				    "remittance number" : "%s takes only [DIR]",
				    o.sub);
	if (npos == takes + 1)
		dir = argv[optind++];
	if (takes)
		arg = argv[optind];
	if (o.payer && strcmp(o.sub, "import") && strcmp(o.sub, "simulate"))
		return mo_cli_usage("era", "--payer is for import and simulate");
	if ((o.output || o.deny) && strcmp(o.sub, "simulate"))
		return mo_cli_usage("era", "-o and --deny-one-in are for "
				    "simulate");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, arg, &e);
	mo_cli_close(p, en);
	return rc;
}
