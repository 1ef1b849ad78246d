/* cmd_charge.c: `medoffice charge enter|add|void|list [DIR] ...`: a visit's
 * diagnoses and charge lines from the command line. A line is written
 * CODE[:MOD[:MOD...]][xUNITS][@P[,P...]]: "99213:25@1,2" is 99213 with
 * modifier 25 pointing to diagnoses 1 and 2; "87880:QWx2@2" two units of
 * 87880-QW for diagnosis 2. Units default to 1, pointers to 1. It uses
 * cli.h and core/charge.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charge.h"
#include "cli.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *reason, *from, *to;
	const char *dx[MO_CHARGE_MAX_DX + 1];
	const char *lines[MO_CHARGE_MAX_LINES + 1];
	int ndx, nlines;
	int64_t appointment, patient, encounter;
	bool voided;
} opts;

static int number(const char *s, const char *flag, int64_t *v)
{
	return mo_cli_number("charge", flag, s, 1, INT64_MAX, v);
}

static int add_to(const char **list, int *n, int max, const char *v,
		  const char *flag)
{
	if (*n == max)
		return mo_cli_usage("charge", "at most %d %s", max, flag);
	list[(*n)++] = v;
	return -1;
}

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"appointment", required_argument, 0, 'A'},
		{"dx", required_argument, 0, 'd'},
		{"line", required_argument, 0, 'l'},
		{"reason", required_argument, 0, 'r'},
		{"patient", required_argument, 0, 'p'},
		{"encounter", required_argument, 0, 'e'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"voided", no_argument, 0, 'v'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c, rc = -1;
	while (rc < 0 && (c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'A': rc = number(optarg, "--appointment", &o->appointment);
			  break;
		case 'd': rc = add_to(o->dx, &o->ndx, MO_CHARGE_MAX_DX, optarg,
				      "--dx"); break;
		case 'l': rc = add_to(o->lines, &o->nlines,
				      MO_CHARGE_MAX_LINES, optarg, "--line");
			  break;
		case 'r': o->reason = optarg; break;
		case 'p': rc = number(optarg, "--patient", &o->patient); break;
		case 'e': rc = number(optarg, "--encounter", &o->encounter);
			  break;
		case 'F': o->from = optarg; break;
		case 'T': o->to = optarg; break;
		case 'v': o->voided = true; break;
		case 'h': return mo_cli_help("charge");
		default: return mo_cli_usage("charge", "bad option");
		}
	}
	return rc;
}

/* ---- a line: CODE[:MOD...][xUNITS][@P,...] ---- */

typedef struct spec {
	char buf[64];
	mo_charge_line l;
} spec;

static int bad_line(const char *text, const char *what)
{
	return mo_cli_usage("charge", "--line \"%s\": %s (expected CODE[:MOD]"
			    "[xUNITS][@POINTER,...], such as 99213:25@1,2)",
			    text, what);
}

static int parse_pointers(char *s, spec *sp, const char *text)
{
	int n = 0;
	for (char *t = strtok(s, ","); t; t = strtok(NULL, ",")) {
		char *end;
		long v = strtol(t, &end, 10);
		if (*end || n == 4 || v < 1 || v > 99)
			return bad_line(text, "pointers are 1 to 4 diagnosis "
					"numbers");
		sp->l.pointers[n++] = (int)v;
	}
	return -1;
}

static int parse_line(const char *text, spec *sp)
{
	char *at, *x, *mod;
	int n = 0;
	memset(sp, 0, sizeof *sp);
	if (strlen(text) >= sizeof sp->buf)
		return bad_line(text, "too long");
	strcpy(sp->buf, text);
	sp->l.units = 1;
	sp->l.pointers[0] = 1;
	if ((at = strchr(sp->buf, '@'))) {
		*at++ = '\0';
		sp->l.pointers[0] = 0;
		int rc = parse_pointers(at, sp, text);
		if (rc >= 0)
			return rc;
	}
	if ((x = strchr(sp->buf, 'x'))) {
		char *end;
		*x++ = '\0';
		sp->l.units = (int)strtol(x, &end, 10);
		if (!*x || *end)
			return bad_line(text, "units are a number after x");
	}
	sp->l.code = strtok(sp->buf, ":");
	while ((mod = strtok(NULL, ":")))
		if (n == 4)
			return bad_line(text, "at most 4 modifiers");
		else
			sp->l.modifiers[n++] = mod;
	if (!sp->l.code)
		return bad_line(text, "no code");
	return -1;
}

/* ---- printing ---- */

static int print_charge(void *ud, const mo_charge *c)
{
	char d[11], amount[32], due[32], code[32];
	(*(int *)ud)++;
	snprintf(code, sizeof code, "%s%s%s", c->code, c->modifiers[0] ? "-"
						      : "", c->modifiers);
	for (char *s = code; *s; s++)
		if (*s == ',')
			*s = '-';
	printf("#%-5lld %s  enc %-5lld patient %-6lld %-14s x%-3d %-18s %10s "
	       "%-10s due %10s%s\n", (long long)c->id,
	       mo_date_format(c->day, d), (long long)c->encounter,
	       (long long)c->patient, code, c->units, c->diagnoses,
	       mo_money_format(c->amount, amount),
	       c->payer ? c->payer : "self-pay",
	       mo_money_format(c->balance, due),
	       strcmp(c->status, "active") ? "  (voided)" : "");
	return 0;
}

static int list(mo_practice *p, const opts *o, mo_err *e)
{
	mo_charge_query q = {o->encounter, o->patient, 0, 0, o->voided};
	int n = 0;
	if ((o->from && mo_date_parse(o->from, &q.from_day, e)) ||
	    (o->to && mo_date_parse(o->to, &q.to_day, e)))
		return mo_cli_usage("charge", "%s", e->msg);
	if (mo_charge_list(p, o->actor, &q, print_charge, &n, e))
		return mo_cli_fail(e);
	printf("%d charge line%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- the subcommands ---- */

static int enter(mo_practice *p, const opts *o, mo_err *e)
{
	spec sp[MO_CHARGE_MAX_LINES];
	mo_charge_line lines[MO_CHARGE_MAX_LINES];
	mo_encounter_new in = {o->appointment, {NULL}, lines,
			       (size_t)o->nlines};
	mo_charge_query q = {0};
	int64_t enc;
	int rc, n = 0;
	for (int i = 0; i < o->ndx; i++)
		in.diagnoses[i] = o->dx[i];
	for (int i = 0; i < o->nlines; i++) {
		if ((rc = parse_line(o->lines[i], &sp[i])) >= 0)
			return rc;
		lines[i] = sp[i].l;
	}
	if (mo_charge_enter(p, o->actor, &in, &enc, e))
		return mo_cli_fail(e);
	printf("encounter %lld for appointment %lld\n", (long long)enc,
	       (long long)o->appointment);
	q.encounter = enc;
	return mo_charge_list(p, o->actor, &q, print_charge, &n, e)
		? mo_cli_fail(e) : MO_EXIT_OK;
}

static int add(mo_practice *p, const opts *o, int64_t enc, mo_err *e)
{
	spec sp;
	int64_t id;
	int rc = parse_line(o->lines[0], &sp);
	if (rc >= 0)
		return rc;
	if (mo_charge_add(p, o->actor, enc, &sp.l, &id, e))
		return mo_cli_fail(e);
	printf("charge %lld added to encounter %lld\n", (long long)id,
	       (long long)enc);
	return MO_EXIT_OK;
}

static int run(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	if (!strcmp(o->sub, "enter"))
		return enter(p, o, e);
	if (!strcmp(o->sub, "add"))
		return add(p, o, id, e);
	if (!strcmp(o->sub, "void")) {
		if (mo_charge_void(p, o->actor, id, o->reason, e))
			return mo_cli_fail(e);
		printf("charge %lld voided\n", (long long)id);
		return MO_EXIT_OK;
	}
	return list(p, o, e);
}

/* What each subcommand needs besides --as; -1 when it is all there. */
static int check_args(const opts *o, int npos)
{
	int want = !strcmp(o->sub, "add") || !strcmp(o->sub, "void");
	if (npos != want)
		return mo_cli_usage("charge", want ? "%s takes [DIR] and the "
				    "number" : "%s takes only [DIR]", o->sub);
	if (!strcmp(o->sub, "enter") && (!o->appointment || !o->ndx ||
					 !o->nlines))
		return mo_cli_usage("charge", "enter needs --appointment, --dx "
				    "and --line");
	if (!strcmp(o->sub, "add") && o->nlines != 1)
		return mo_cli_usage("charge", "add needs one --line");
	if (!strcmp(o->sub, "void") && !o->reason)
		return mo_cli_usage("charge", "void needs --reason");
	return -1;
}

static bool known_sub(const char *s)
{
	return !strcmp(s, "enter") || !strcmp(s, "add") || !strcmp(s, "void") ||
	       !strcmp(s, "list");
}

int mo_cmd_charge(int argc, char **argv)
{
	opts o = {0};
	const char *dir = ".";
	int64_t id = 0;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, npos;
	if (argc < 2 || !known_sub(argv[1]))
		return mo_cli_usage("charge", "expected enter, add, void or "
				    "list");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (!o.actor)
		return mo_cli_usage("charge", "--as STAFF is required: who "
				    "does it");
	npos = argc - optind;
	if (npos == 2 || (npos == 1 && !strcmp(o.sub, "enter")) ||
	    (npos == 1 && !strcmp(o.sub, "list")))
		dir = argv[optind++], npos--;
	if ((rc = check_args(&o, npos)) >= 0)
		return rc;
	if (npos == 1 && (rc = number(argv[optind], "the number", &id)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, id, &e);
	mo_cli_close(p, en);
	return rc;
}
