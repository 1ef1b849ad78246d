/* cmd_claim.c: `medoffice claims create|scrub|list|history|recheck|export|
 * replace|void [DIR]
 * ... --as STAFF`: claims to payers from the command line. create makes
 * the claims of the visits charged up to --through (default today) and
 * says how many are ready and held; scrub does that and checks every held
 * claim again; list shows them (--status, --payer);
 * history the changes of one; recheck checks a held one again; export
 * writes a payer's ready claims as an 837P batch to -o FILE (default
 * stdout); replace and void make a replacement (frequency 7) or a void
 * (8) of a claim the payer numbered. It uses cli.h and core/claim.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "cli.h"
#include "clock.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *through, *status, *payer, *output, *usage;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"through", required_argument, 0, 't'},
		{"status", required_argument, 0, 's'},
		{"payer", required_argument, 0, 'p'},
		{"usage", required_argument, 0, 'u'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 't': o->through = optarg; break;
		case 's': o->status = optarg; break;
		case 'p': o->payer = optarg; break;
		case 'u': o->usage = optarg; break;
		case 'o': o->output = optarg; break;
		case 'h': return mo_cli_help("claims");
		default: return mo_cli_usage("claims", "bad option");
		}
	}
	return -1;
}

static int print_claim(void *ud, const mo_claim *c)
{
	char d[11], t[32];
	(*(int *)ud)++;
	printf("#%-5lld %s  patient %-5lld %-24.24s %-10s %10s  %-9s", (long long)c->id,
	       mo_date_format(c->day, d), (long long)c->patient,
	       c->patient_name, c->payer, mo_money_format(c->total, t),
	       c->status);
	if (c->batch)
		printf("  batch %lld", (long long)c->batch);
	if (c->reason)
		printf("  %s", c->reason);
	putchar('\n');
	return 0;
}

static int print_event(void *ud, const mo_claim_history_item *h)
{
	char at[32];
	(void)ud;
	printf("%.19s  %-10s %-9s %s\n", mo_clock_format_us(h->at_us, at),
	       h->actor, h->status, h->note ? h->note : "");
	return 0;
}

static int create(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t through = mo_practice_today(p);
	mo_claim_counts n;
	if (o->through && mo_date_parse(o->through, &through, e))
		return mo_cli_usage("claims", "--through: %s", e->msg);
	if (mo_claim_create(p, o->actor, through, &n, e))
		return mo_cli_fail(e);
	printf("%d claim%s made: %d ready, %d held\n", n.created,
	       n.created == 1 ? "" : "s", n.ready, n.held);
	return MO_EXIT_OK;
}

typedef struct ids {
	int64_t *v;
	size_t n, cap;
} ids;

static int keep_id(void *ud, const mo_claim *c)
{
	ids *l = ud;
	if (mo_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return MO_ENOMEM;
	l->v[l->n++] = c->id;
	return 0;
}

/* create, then every held claim checked again with its data and charges
 * as they are now: the scrubber run over everything waiting. */
static int scrub(mo_practice *p, const opts *o, mo_err *e)
{
	ids held = {0};
	char reason[600];
	int ready = 0, rc = create(p, o, e);
	if (rc)
		return rc;
	rc = mo_claim_list(p, o->actor, "held", o->payer, keep_id, &held, e);
	if (rc == MO_ENOMEM)
		mo_err_set(e, MO_ENOMEM, "out of memory");
	if (rc) {
		free(held.v);
		return mo_cli_fail(e);
	}
	for (size_t i = 0; i < held.n; i++) {
		bool ok = false;
		if (mo_claim_recheck(p, o->actor, held.v[i], &ok, reason, e)) {
			free(held.v);
			return mo_cli_fail(e);
		}
		ready += ok;
		if (!ok)
			printf("#%lld held: %s\n", (long long)held.v[i], reason);
	}
	printf("%zu held claim%s checked again: %d ready, %zu still held\n",
	       held.n, held.n == 1 ? "" : "s", ready, held.n - (size_t)ready);
	free(held.v);
	return MO_EXIT_OK;
}

static int export(mo_practice *p, const opts *o, mo_err *e)
{
	char *text = NULL, kept[80];
	size_t len = 0;
	int64_t batch;
	int n, rc;
	FILE *f;
	if (!o->payer)
		return mo_cli_usage("claims", "export needs --payer");
	if (o->usage && strcmp(o->usage, "T") && strcmp(o->usage, "P"))
		return mo_cli_usage("claims", "--usage: expected T (test) or P "
				    "(production)");
	/* the file first: a batch is recorded only when it can be written */
	if (!(f = mo_cli_create(o->output, "nothing was exported")))
		return MO_EXIT_FAIL;
	if (mo_claim_export(p, o->actor, o->payer, o->usage ? o->usage[0] : 'T',
			    &text, &len, &batch, &n, e)) {
		mo_cli_finish(f, o->output, NULL, 0, NULL);
		return mo_cli_fail(e);
	}
	snprintf(kept, sizeof kept, "batch %lld is recorded (its claims are "
		 "submitted)", (long long)batch);
	rc = mo_cli_finish(f, o->output, text, len, kept);
	if (rc == MO_EXIT_OK && o->output)
		printf("batch %lld: %d claim%s for %s written to %s\n",
		       (long long)batch, n, n == 1 ? "" : "s", o->payer,
		       o->output);
	free(text);
	return rc;
}

static int run(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	int n = 0;
	bool ready;
	char reason[600];
	if (!strcmp(o->sub, "create"))
		return create(p, o, e);
	if (!strcmp(o->sub, "scrub"))
		return scrub(p, o, e);
	if (!strcmp(o->sub, "export"))
		return export(p, o, e);
	if (!strcmp(o->sub, "history"))
		return mo_claim_history(p, o->actor, id, print_event, NULL, e)
			? mo_cli_fail(e) : MO_EXIT_OK;
	if (!strcmp(o->sub, "replace") || !strcmp(o->sub, "void")) {
		int64_t nid;
		if (mo_claim_resubmit(p, o->actor, id, o->sub[0] == 'r' ? '7'
				      : '8', &nid, e))
			return mo_cli_fail(e);
		printf("claim %lld: %s by claim %lld, ready to export\n",
		       (long long)id, o->sub[0] == 'r' ? "replaced" : "voided",
		       (long long)nid);
		return MO_EXIT_OK;
	}
	if (!strcmp(o->sub, "recheck")) {
		if (mo_claim_recheck(p, o->actor, id, &ready, reason, e))
			return mo_cli_fail(e);
		printf("claim %lld: %s%s\n", (long long)id, ready ? "ready"
		       : "still held: ", ready ? "" : reason);
		return MO_EXIT_OK;
	}
	if (mo_claim_list(p, o->actor, o->status, o->payer, print_claim, &n, e))
		return mo_cli_fail(e);
	printf("%d claim%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static bool takes_id(const char *sub)
{
	return !strcmp(sub, "history") || !strcmp(sub, "recheck") ||
	       !strcmp(sub, "replace") || !strcmp(sub, "void");
}

int mo_cmd_claims(int argc, char **argv)
{
	static const char *const subs[] = {"create", "scrub", "list",
					   "history", "recheck", "export",
					   "replace", "void", NULL};
	opts o = {0};
	const char *dir = ".";
	int64_t id = 0;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, npos, known = 0;
	for (int i = 0; argc > 1 && subs[i]; i++)
		known |= !strcmp(argv[1], subs[i]);
	if (!known)
		return mo_cli_usage("claims", "expected create, scrub, list, "
				    "history, recheck, export, replace or "
				    "void");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (!o.actor)
		return mo_cli_usage("claims", "--as STAFF is required");
	npos = argc - optind;
	if (npos > (takes_id(o.sub) ? 2 : 1) ||
	    (takes_id(o.sub) && npos < 1))
		return mo_cli_usage("claims", takes_id(o.sub)
				    ? "%s takes [DIR] and a claim number"
				    : "%s takes only [DIR]", o.sub);
	if (npos == (takes_id(o.sub) ? 2 : 1))
		dir = argv[optind++];
	if (takes_id(o.sub) && (rc = mo_cli_number("claims", "the claim "
						   "number", argv[optind], 1,
						   INT64_MAX, &id)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, id, &e);
	mo_cli_close(p, en);
	return rc;
}
