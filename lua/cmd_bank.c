/* cmd_bank.c: `medoffice bank SUB [DIR] ... --as STAFF`: the bank from
 * the command line (see core/payable.h). import reads a bank's CSV
 * statement through a column mapping (--map) and matches its lines;
 * statements and lines list what was imported; unmatched lists the
 * statement lines nothing matches and what the practice recorded that no
 * statement shows yet; match and unmatch fix the matching by hand;
 * reconcile matches again; register is the deposit register. Every list
 * is an audited read. It uses cli.h, core/payable.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "payable.h"
#include "units.h"

enum {
	O_AS = 1, O_MAP, O_IMPORT, O_FROM, O_TO, O_THROUGH, O_DEPOSIT,
	O_PAYMENT, O_ERA, O_NOTE, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"map", required_argument, 0, O_MAP},
	{"import", required_argument, 0, O_IMPORT},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"through", required_argument, 0, O_THROUGH},
	{"deposit", required_argument, 0, O_DEPOSIT},
	{"payment", required_argument, 0, O_PAYMENT},
	{"era", required_argument, 0, O_ERA},
	{"note", required_argument, 0, O_NOTE},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *v[O_N];
	const char *dir, *file;
	int64_t id, n[O_N];  /* the line; the number options, parsed */
	int32_t day[O_N];    /* the date options, parsed */
	mo_ap_map map;
} opts;

typedef struct sub {
	const char *name;
	const char *arg;  /* what the argument after [DIR] is; NULL: none */
	unsigned opts;
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

static const char CMD[] = "bank";

/* ---- printing ---- */

static const char *signed_money(int64_t cents, char buf[32])
{
	char m[32];
	snprintf(buf, 32, "%s%s", cents > 0 ? "+" : "",
		 mo_money_format(cents, m));
	return buf;
}

static int print_line(void *ud, const mo_ap_line *l)
{
	char d[11], m[32], match[96] = "unmatched";
	(*(int *)ud)++;
	if (l->kind && l->note)
		snprintf(match, sizeof match, "note: %.60s", l->note);
	else if (l->kind)
		snprintf(match, sizeof match, "%s %lld (%s)", l->kind,
			 (long long)l->target, l->how);
	printf("#%-5lld %s %12s  %-40.40s %-12.12s %s\n", (long long)l->id,
	       mo_date_format(l->day, d), signed_money(l->amount, m),
	       l->description ? l->description : "",
	       l->reference ? l->reference : "", match);
	return 0;
}

static int print_import(void *ud, const mo_ap_import *im)
{
	char a[11], b[11], c[11], m[32], n[32];
	(*(int *)ud)++;
	printf("#%-4lld %s  %s..%s  %lld lines  in %s  out %s  imported %s by "
	       "%s\n", (long long)im->id, im->file,
	       mo_date_format(im->first_day, a), mo_date_format(im->last_day,
								b),
	       (long long)im->lines, mo_money_format(im->credits, m),
	       mo_money_format(-im->debits, n), mo_date_format(im->day, c),
	       im->created_by);
	return 0;
}

typedef struct tally {
	int64_t n, total;
} tally;

static int print_deposit(void *ud, const mo_ap_deposit *d)
{
	char day[11], posted[11], m[32], where[64] = "on no statement yet";
	tally *t = ud;
	t->n++;
	t->total += d->total;
	if (d->line)
		snprintf(where, sizeof where, "posted %s (statement line %lld)",
			 mo_date_format(d->line_day, posted),
			 (long long)d->line);
	printf("#%-4lld %s  %3lld payment%s %10s  by %-10s %s\n",
	       (long long)d->id, mo_date_format(d->day, day),
	       (long long)d->count, d->count == 1 ? " " : "s",
	       mo_money_format(d->total, m), d->made_by, where);
	return 0;
}

static int print_outstanding(void *ud, const mo_ap_outstanding *o)
{
	char d[11], m[32];
	tally *t = ud;
	t->n++;
	t->total += o->amount;
	printf("%-13s #%-4lld %s %12s  %s\n", o->kind, (long long)o->id,
	       mo_date_format(o->day, d), signed_money(o->amount, m), o->what);
	return 0;
}

/* ---- the subcommands ---- */

static int import(mo_practice *p, const opts *o, mo_err *e)
{
	const char *base = strrchr(o->file, '/');
	char *text = NULL, a[11], b[11], m[32], n[32];
	mo_ap_import_summary s;
	size_t len;
	int rc = mo_cli_read_file(o->file, MO_AP_STATEMENT_MAX, &text, &len,
				  e);
	if (!rc)
		rc = mo_ap_bank_import(p, o->v[O_AS], base ? base + 1 : o->file,
				       text, len, &o->map, &s, e);
	free(text);
	if (rc)
		return mo_cli_fail(e);
	printf("statement %lld imported: %lld lines from %s to %s, in %s, out "
	       "%s\n", (long long)s.import, (long long)s.lines,
	       mo_date_format(s.first_day, a), mo_date_format(s.last_day, b),
	       mo_money_format(s.credits, m), mo_money_format(-s.debits, n));
	printf("%lld matched, %lld to match by hand (medoffice bank unmatched "
	       "%s)\n", (long long)s.matched, (long long)(s.lines - s.matched),
	       o->dir);
	if (s.duplicates)
		printf("%lld line%s with the date, amount and description of a "
		       "line of an earlier statement: do the statements "
		       "overlap?\n", (long long)s.duplicates,
		       s.duplicates == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int statements(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_ap_bank_imports(p, o->v[O_AS], print_import, &n, e))
		return mo_cli_fail(e);
	printf("%d statement%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int lines(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_line_filter f = {o->n[O_IMPORT], o->day[O_FROM], o->day[O_TO],
			       false};
	int n = 0;
	if (mo_ap_bank_lines(p, o->v[O_AS], &f, print_line, &n, e))
		return mo_cli_fail(e);
	printf("%d line%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int unmatched(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_line_filter f = {0, 0, 0, true};
	int32_t through = o->v[O_THROUGH] ? o->day[O_THROUGH]
					  : mo_practice_today(p);
	char d[11];
	tally t = {0, 0};
	int n = 0;
	printf("Statement lines nothing matches:\n");
	if (mo_ap_bank_lines(p, o->v[O_AS], &f, print_line, &n, e))
		return mo_cli_fail(e);
	printf("%d line%s\n\nRecorded, on no statement yet (through %s):\n", n,
	       n == 1 ? "" : "s", mo_date_format(through, d));
	if (mo_ap_bank_outstanding(p, o->v[O_AS], through, print_outstanding,
				   &t, e))
		return mo_cli_fail(e);
	printf("%lld item%s\n", (long long)t.n, t.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int match(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_match_new in = {o->id, o->n[O_DEPOSIT], o->n[O_PAYMENT],
			      o->n[O_ERA], o->v[O_NOTE]};
	if (mo_ap_bank_match(p, o->v[O_AS], &in, e))
		return mo_cli_fail(e);
	printf("line %lld matched\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int unmatch(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_ap_bank_unmatch(p, o->v[O_AS], o->id, e))
		return mo_cli_fail(e);
	printf("line %lld unmatched\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int reconcile(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t n;
	if (mo_ap_bank_reconcile(p, o->v[O_AS], &n, e))
		return mo_cli_fail(e);
	printf("%lld line%s matched\n", (long long)n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int register_(mo_practice *p, const opts *o, mo_err *e)
{
	tally t = {0, 0};
	char m[32];
	if (mo_ap_bank_register(p, o->v[O_AS], o->day[O_FROM], o->day[O_TO],
				print_deposit, &t, e))
		return mo_cli_fail(e);
	printf("%lld deposit%s, %s\n", (long long)t.n, t.n == 1 ? "" : "s",
	       mo_money_format(t.total, m));
	return MO_EXIT_OK;
}

static const sub SUBS[] = {
	{"import", "FILE", BIT(O_MAP), import},
	{"statements", NULL, 0, statements},
	{"lines", NULL, BIT(O_IMPORT) | BIT(O_FROM) | BIT(O_TO), lines},
	{"unmatched", NULL, BIT(O_THROUGH), unmatched},
	{"match", "LINE", BIT(O_DEPOSIT) | BIT(O_PAYMENT) | BIT(O_ERA) |
	 BIT(O_NOTE), match},
	{"unmatch", "LINE", 0, unmatch},
	{"reconcile", NULL, 0, reconcile},
	{"register", NULL, BIT(O_FROM) | BIT(O_TO), register_},
	{NULL, NULL, 0, NULL},
};

/* ---- the arguments ---- */

static const sub *find_sub(const char *name)
{
	for (const sub *s = SUBS; name && s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help(CMD);
		if (c < O_AS || c >= O_N)
			return mo_cli_usage(CMD, "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage(CMD, "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		o->v[c] = optarg;
	}
	if (!o->v[O_AS])
		return mo_cli_usage(CMD, "--as STAFF is required: who does it");
	if (s->run == import && !o->v[O_MAP])
		return mo_cli_usage(CMD, "import needs --map, such as --map "
				    "'date=Date,amount=Amount,description="
				    "Description'");
	return -1;
}

static int convert(opts *o)
{
	static const int dates[] = {O_FROM, O_TO, O_THROUGH};
	static const int numbers[] = {O_IMPORT, O_DEPOSIT, O_PAYMENT, O_ERA};
	mo_err e;
	int rc;
	for (size_t i = 0; i < 3; i++)
		if (o->v[dates[i]] &&
		    mo_date_parse(o->v[dates[i]], &o->day[dates[i]], &e))
			return mo_cli_usage(CMD, "--%s: %s",
					    OPTS[dates[i] - 1].name, e.msg);
	for (size_t i = 0; i < 4; i++)
		if (o->v[numbers[i]] &&
		    (rc = mo_cli_number(CMD, OPTS[numbers[i] - 1].name,
					o->v[numbers[i]], 1, INT64_MAX,
					&o->n[numbers[i]])) >= 0)
			return rc;
	if (o->v[O_MAP] && mo_ap_map_parse(o->v[O_MAP], &o->map, &e))
		return mo_cli_usage(CMD, "--map: %s", e.msg);
	return -1;
}

/* [DIR] and the FILE or LINE a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o)
{
	const char *value = NULL;
	int rc;
	o->dir = ".";
	rc = mo_cli_positional(CMD, s->name, s->arg, argc, argv, &o->dir,
			       &value);
	if (rc >= 0 || !value)
		return rc;
	if (s->run == import) {
		o->file = value;
		return -1;
	}
	return mo_cli_number(CMD, "the line's number", value, 1, INT64_MAX,
			     &o->id);
}

int mo_cmd_bank(int argc, char **argv)
{
	const sub *s;
	opts o;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	memset(&o, 0, sizeof o);
	if (argc < 2 || !(s = find_sub(argv[1])))
		return mo_cli_usage(CMD, "expected import, statements, lines, "
				    "unmatched, match, unmatch, reconcile or "
				    "register");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o)) >= 0 ||
	    (rc = convert(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(o.dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			      &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
