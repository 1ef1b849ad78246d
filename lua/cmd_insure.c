/* cmd_insure.c: `medoffice insurance add|end|list|verify|verifications|due
 * |270 [DIR] ... --as STAFF`: patients' insurance policies, their
 * eligibility checks, the visits whose insurance is to be verified and
 * the eligibility request file (X12 270) for them, from the command
 * line. Dates are the practice's local days ("2026-12-31"); money is
 * written "25.00". Every subcommand acts as STAFF (reads too are
 * audited); `due` and `270` take tomorrow's visits unless --date says
 * otherwise; `270` writes to -o FILE (never over an existing file) or
 * stdout, and says on stderr which patients it left out and why. It uses
 * cli.h, core/insure.h, tz.h and units.h. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "insure.h"
#include "tz.h"
#include "units.h"

typedef struct opts {
	const char *actor, *patient, *payer, *rank, *relation, *member_id,
		*group_id, *from, *to, *date;
	const char *family, *given, *sex, *birth, *line1, *city, *state, *zip;
	const char *method, *active, *copay, *deductible, *deductible_met,
		*coinsurance, *note;
	const char *usage, *output;
} opts;

/* The subcommands, as bits of where an option is taken or required. */
enum { S_ADD = 1, S_END = 2, S_LIST = 4, S_VERIFY = 8, S_CHECKS = 16,
       S_DUE = 32, S_270 = 64, S_ALL = 127 };

typedef struct opt_info {
	const char *name, *arg; /* arg: what it takes, as help shows it */
	int takes, needs;       /* S_* bits */
	size_t off;       /* in opts */
} opt_info;

#define O(name, arg, takes, needs, member) {name, arg, takes, needs, \
	offsetof(opts, member)}
static const opt_info OPTS[] = {
	O("as", "STAFF", S_ALL, S_ALL, actor),
	O("patient", "ID", S_ADD | S_LIST, S_ADD | S_LIST, patient),
	O("payer", "PAYER", S_ADD, S_ADD, payer),
	O("rank", "N", S_ADD | S_270, 0, rank),
	O("relation", "R", S_ADD, 0, relation),
	O("member-id", "M", S_ADD, S_ADD, member_id),
	O("group-id", "G", S_ADD, 0, group_id),
	O("from", "DATE", S_ADD, S_ADD, from),
	O("to", "DATE", S_ADD | S_END, S_END, to),
	O("subscriber-family", "X", S_ADD, 0, family),
	O("subscriber-given", "Y", S_ADD, 0, given),
	O("subscriber-sex", "S", S_ADD, 0, sex),
	O("subscriber-birth-date", "DATE", S_ADD, 0, birth),
	O("subscriber-line1", "TEXT", S_ADD, 0, line1),
	O("subscriber-city", "TEXT", S_ADD, 0, city),
	O("subscriber-state", "ST", S_ADD, 0, state),
	O("subscriber-zip", "ZIP", S_ADD, 0, zip),
	O("date", "DATE", S_LIST | S_DUE | S_270, 0, date),
	O("method", "phone|portal|card|x12|other", S_VERIFY, S_VERIFY, method),
	O("active", "yes|no", S_VERIFY, S_VERIFY, active),
	O("copay", "AMOUNT", S_VERIFY, 0, copay),
	O("deductible", "AMOUNT", S_VERIFY, 0, deductible),
	O("deductible-met", "AMOUNT", S_VERIFY, 0, deductible_met),
	O("coinsurance", "PERCENT", S_VERIFY, 0, coinsurance),
	O("note", "TEXT", S_VERIFY, 0, note),
	O("usage", "T|P", S_270, 0, usage),
	O("output", "FILE", S_270, 0, output),
};
#undef O
enum { NOPTS = sizeof OPTS / sizeof OPTS[0] };

typedef struct sub {
	const char *name;
	int bit, nargs; /* nargs: the policy number after [DIR] */
	int (*run)(mo_practice *p, const opts *o, int64_t id, mo_err *e);
} sub;

static const char **slot(opts *o, int i)
{
	return (const char **)((char *)o + OPTS[i].off);
}

static int opt_index(const char *name)
{
	int i = 0;
	while (i < NOPTS - 1 && strcmp(OPTS[i].name, name))
		i++;
	return i;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	struct option lo[NOPTS + 2];
	int c, i;
	for (i = 0; i < NOPTS; i++)
		lo[i] = (struct option){OPTS[i].name, required_argument, NULL,
					256 + i};
	lo[NOPTS] = (struct option){"help", no_argument, NULL, 'h'};
	lo[NOPTS + 1] = (struct option){0, 0, 0, 0};
	while ((c = getopt_long(argc, argv, "ho:", lo, NULL)) != -1) {
		if (c == 'h')
			return mo_cli_help("insurance");
		if (c == 'o') /* -o is --output */
			c = 256 + opt_index("output");
		if (c < 256)
			return mo_cli_usage("insurance", "%s: bad option",
					    s->name);
		if (!(OPTS[i = c - 256].takes & s->bit))
			return mo_cli_usage("insurance", "%s does not take "
					    "--%s", s->name, OPTS[i].name);
		*slot(o, i) = optarg;
	}
	for (i = 0; i < NOPTS; i++)
		if ((OPTS[i].needs & s->bit) && !*slot(o, i))
			return mo_cli_usage("insurance", "%s needs --%s %s",
					    s->name, OPTS[i].name, OPTS[i].arg);
	return -1;
}

/* ---- option values (usage errors, exit 2) ---- */

static int number(const char *s, const char *flag, int64_t lo, int64_t hi,
		  int64_t *v)
{
	return mo_cli_number("insurance", flag, s, lo, hi, v);
}

/* A date option: *day stays as it is when s is NULL. */
static int day_of(const char *s, const char *flag, int32_t *day)
{
	mo_err e;
	if (s && mo_date_parse(s, day, &e))
		return mo_cli_usage("insurance", "%s: %s", flag, e.msg);
	return -1;
}

/* A money option ("25.00"): *cents stays -1 (unknown) when s is NULL. */
static int money_of(const char *s, const char *flag, int64_t *cents)
{
	mo_err e;
	if (s && mo_money_parse(s, cents, &e))
		return mo_cli_usage("insurance", "%s: %s", flag, e.msg);
	if (s && *cents < 0)
		return mo_cli_usage("insurance", "%s: expected 0 or more, got "
				    "%s", flag, s);
	return -1;
}

/* ---- add, end ---- */

static int read_new(const opts *o, mo_insurance_new *in)
{
	int64_t rank = 1;
	int rc;
	*in = (mo_insurance_new){
		.payer = o->payer,
		.relation = o->relation ? o->relation : "self",
		.subscriber_family = o->family, .subscriber_given = o->given,
		.subscriber_sex = o->sex, .subscriber_line1 = o->line1,
		.subscriber_city = o->city, .subscriber_state = o->state,
		.subscriber_zip = o->zip, .member_id = o->member_id,
		.group_id = o->group_id,
		.has_subscriber_birth = o->birth != NULL,
		.has_to = o->to != NULL};
	if ((rc = number(o->patient, "--patient", 1, INT64_MAX,
			 &in->patient)) >= 0 ||
	    (o->rank && (rc = number(o->rank, "--rank", 1, 3, &rank)) >= 0) ||
	    (rc = day_of(o->birth, "--subscriber-birth-date",
			 &in->subscriber_birth_day)) >= 0 ||
	    (rc = day_of(o->from, "--from", &in->from_day)) >= 0 ||
	    (rc = day_of(o->to, "--to", &in->to_day)) >= 0)
		return rc;
	in->rank = (int)rank;
	return -1;
}

static int add(mo_practice *p, const opts *o, int64_t unused, mo_err *e)
{
	mo_insurance_new in;
	char a[11], b[11];
	int64_t id;
	int rc = read_new(o, &in);
	(void)unused;
	if (rc >= 0)
		return rc;
	if (mo_ins_add(p, o->actor, &in, &id, e))
		return mo_cli_fail(e);
	printf("insurance policy %lld added: patient %lld, rank %d, %s, member "
	       "%s, from %s to %s\n", (long long)id, (long long)in.patient,
	       in.rank, in.payer, in.member_id, mo_date_format(in.from_day, a),
	       in.has_to ? mo_date_format(in.to_day, b) : "(open)");
	return MO_EXIT_OK;
}

static int end(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	char d[11];
	int32_t day = 0;
	int rc = day_of(o->to, "--to", &day);
	if (rc >= 0)
		return rc;
	if (mo_ins_end(p, o->actor, id, day, e))
		return mo_cli_fail(e);
	printf("insurance policy %lld ends %s\n", (long long)id,
	       mo_date_format(day, d));
	return MO_EXIT_OK;
}

/* ---- list ---- */

typedef struct printer {
	const char *zone;
	int n;
} printer;

/* " copay 25.00" for a known amount, "" for unknown; returns buf. */
static const char *amount(const char *label, int64_t cents, char buf[64])
{
	char m[32];
	buf[0] = '\0';
	if (cents >= 0)
		snprintf(buf, 64, "  %s %s", label, mo_money_format(cents, m));
	return buf;
}

static int print_policy(void *ud, const mo_insurance *i)
{
	printer *pr = ud;
	char a[11], b[11], at[32], copay[64];
	pr->n++;
	printf("#%-4lld rank %d  %-12s %-28s member %s%s%s\n", (long long)i->id,
	       i->rank, i->payer, i->payer_name ? i->payer_name : "(not in "
	       "practice.yaml)", i->member_id, i->group_id ? "  group " : "",
	       i->group_id ? i->group_id : "");
	printf("      %s to %s  %s  subscriber %s, %s (%s)\n",
	       mo_date_format(i->from_day, a), i->has_to
	       ? mo_date_format(i->to_day, b) : "(open)", i->status,
	       i->subscriber_family, i->subscriber_given, i->relation);
	if (!i->verified_us)
		printf("      never verified\n");
	else
		printf("      verified %s: %s%s\n", mo_tz_format(pr->zone,
		       i->verified_us, at), i->eligible ? "active"
		       : "NOT active", amount("copay", i->copay, copay));
	return 0;
}

static const char *zone_of(mo_practice *p)
{
	return mo_practice_config(p)->timezone;
}

static int list(mo_practice *p, const opts *o, int64_t unused, mo_err *e)
{
	printer pr = {zone_of(p), 0};
	int64_t patient;
	int32_t day = 0;
	int rc;
	(void)unused;
	if ((rc = number(o->patient, "--patient", 1, INT64_MAX, &patient)) >= 0)
		return rc;
	if ((rc = day_of(o->date, "--date", &day)) >= 0)
		return rc;
	if (mo_ins_list(p, o->actor, patient, day, print_policy, &pr, e))
		return mo_cli_fail(e);
	printf("%d polic%s\n", pr.n, pr.n == 1 ? "y" : "ies");
	return MO_EXIT_OK;
}

/* ---- verify, verifications ---- */

static int read_check(const opts *o, int64_t id, mo_eligibility_new *in)
{
	const struct { const char *text, *flag; int64_t *cents; } m[] = {
		{o->copay, "--copay", &in->copay},
		{o->deductible, "--deductible", &in->deductible},
		{o->deductible_met, "--deductible-met", &in->deductible_met},
	};
	int64_t pct = -1;
	int rc;
	*in = (mo_eligibility_new){id, o->method, false, -1, -1, -1, -1,
				   o->note};
	if (strcmp(o->active, "yes") && strcmp(o->active, "no"))
		return mo_cli_usage("insurance", "--active: expected yes or no "
				    "(what the payer said), got \"%s\"",
				    o->active);
	in->active = !strcmp(o->active, "yes");
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if ((rc = money_of(m[i].text, m[i].flag, m[i].cents)) >= 0)
			return rc;
	if (o->coinsurance && (rc = number(o->coinsurance, "--coinsurance", 0,
					   100, &pct)) >= 0)
		return rc;
	in->coinsurance = (int)pct;
	return -1;
}

/* The known amounts of a check, on one line after its first words. */
static void print_amounts(int64_t copay, int64_t ded, int64_t met, int pct)
{
	char a[64], b[64], c[64];
	printf("%s%s%s", amount("copay", copay, a),
	       amount("deductible", ded, b), amount("met", met, c));
	if (pct >= 0)
		printf("  coinsurance %d%%", pct);
}

static int verify(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	mo_eligibility_new in;
	int64_t vid;
	int rc = read_check(o, id, &in);
	if (rc >= 0)
		return rc;
	if (mo_ins_verify(p, o->actor, &in, &vid, e))
		return mo_cli_fail(e);
	printf("verification %lld of insurance policy %lld: %s", (long long)vid,
	       (long long)id, in.active ? "active" : "NOT active");
	print_amounts(in.copay, in.deductible, in.deductible_met,
		      in.coinsurance);
	printf("\n");
	return MO_EXIT_OK;
}

static int print_check(void *ud, const mo_eligibility *el)
{
	printer *pr = ud;
	char at[32];
	pr->n++;
	printf("#%-4lld %s  %-10s %-7s %s", (long long)el->id,
	       mo_tz_format(pr->zone, el->verified_us, at), el->verified_by,
	       el->method, el->active ? "active" : "NOT active");
	print_amounts(el->copay, el->deductible, el->deductible_met,
		      el->coinsurance);
	printf("%s%s\n", el->note ? "  note: " : "", el->note ? el->note : "");
	return 0;
}

static int checks(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	printer pr = {zone_of(p), 0};
	if (mo_ins_verifications(p, o->actor, id, print_check, &pr, e))
		return mo_cli_fail(e);
	printf("%d verification%s\n", pr.n, pr.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- due ---- */

static int print_due(void *ud, const mo_ins_due_item *d)
{
	printer *pr = ud;
	char policy[32];
	pr->n++;
	snprintf(policy, sizeof policy, "policy %lld", (long long)d->insurance);
	printf("%s  #%-4lld patient %-5lld %-24s %-10s %-12s %-10s %s%s%s%s\n",
	       d->at, (long long)d->appointment, (long long)d->patient,
	       d->patient_name, d->provider, d->payer ? d->payer : "-",
	       d->insurance ? policy : "-", d->reason,
	       d->rule && d->rule[0] ? " (rule " : "",
	       d->rule && d->rule[0] ? d->rule : "",
	       d->rule && d->rule[0] ? ")" : "");
	return 0;
}

static int due(mo_practice *p, const opts *o, int64_t unused, mo_err *e)
{
	printer pr = {zone_of(p), 0};
	int32_t day = mo_practice_today(p) + 1;
	char d[11];
	int rc = day_of(o->date, "--date", &day);
	(void)unused;
	if (rc >= 0)
		return rc;
	if (mo_ins_due(p, o->actor, day, print_due, &pr, e))
		return mo_cli_fail(e);
	printf("%d visit%s to verify on %s\n", pr.n, pr.n == 1 ? "" : "s",
	       mo_date_format(day, d));
	return MO_EXIT_OK;
}

/* ---- 270 ---- */

static void print_skip(void *ud, const mo_ins_270_skip *s)
{
	(void)ud;
	fprintf(stderr, "skipped: patient %lld %s (%s, policy %lld): %s\n",
		(long long)s->patient, s->patient_name, s->payer,
		(long long)s->insurance, s->reason);
}

/* --date, --rank and --usage into in; -1 when all are fine. */
static int read_270(mo_practice *p, const opts *o, mo_ins_270 *in)
{
	int64_t rank = 1;
	int rc;
	in->day = mo_practice_today(p) + 1;
	if ((rc = day_of(o->date, "--date", &in->day)) >= 0 ||
	    (o->rank && (rc = number(o->rank, "--rank", 1, 3, &rank)) >= 0))
		return rc;
	in->rank = (int)rank;
	if (o->usage && strcmp(o->usage, "T") && strcmp(o->usage, "P"))
		return mo_cli_usage("insurance", "--usage: expected T (test) "
				    "or P (production)");
	in->usage = o->usage ? o->usage[0] : 'T';
	return -1;
}

static int file_270(mo_practice *p, const opts *o, int64_t unused,
		    mo_err *e)
{
	mo_ins_270 in;
	mo_ins_270_result r;
	char *text = NULL, kept[64], d[11];
	size_t len = 0;
	FILE *f;
	int rc = read_270(p, o, &in);
	(void)unused;
	if (rc >= 0)
		return rc;
	if (!(f = mo_cli_create(o->output, "nothing was written")))
		return MO_EXIT_FAIL;
	if (mo_ins_eligibility_file(p, o->actor, &in, &text, &len, &r,
				    print_skip, NULL, e)) {
		mo_cli_finish(f, o->output, NULL, 0, NULL);
		return mo_cli_fail(e);
	}
	snprintf(kept, sizeof kept, "eligibility batch %lld is recorded",
		 (long long)r.batch);
	rc = mo_cli_finish(f, o->output, text, len, kept);
	free(text);
	if (rc == MO_EXIT_OK)
		fprintf(o->output ? stdout : stderr, "eligibility batch %lld "
			"(control %lu): %d request%s to %d payer%s for %s%s%s, "
			"%d skipped\n", (long long)r.batch,
			(unsigned long)r.control, r.requests,
			r.requests == 1 ? "" : "s", r.payers,
			r.payers == 1 ? "" : "s", mo_date_format(in.day, d),
			o->output ? " written to " : "",
			o->output ? o->output : "", r.skipped);
	return rc;
}

/* ---- the command ---- */

static const sub SUBS[] = {
	{"add", S_ADD, 0, add},
	{"end", S_END, 1, end},
	{"list", S_LIST, 0, list},
	{"verify", S_VERIFY, 1, verify},
	{"verifications", S_CHECKS, 1, checks},
	{"due", S_DUE, 0, due},
	{"270", S_270, 0, file_270},
	{NULL, 0, 0, NULL},
};

static const sub *find_sub(const char *name)
{
	for (const sub *s = SUBS; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* [DIR] then the policy number when s takes one. */
static int positional(const sub *s, int argc, char **argv, const char **dir,
		      int64_t *id)
{
	int left = argc - optind;
	if (left == s->nargs + 1)
		*dir = argv[optind++], left--;
	if (left != s->nargs)
		return mo_cli_usage("insurance", s->nargs ? "%s takes [DIR] "
				    "and the policy number" : "%s takes only "
				    "[DIR]", s->name);
	return s->nargs ? number(argv[optind], "the policy number", 1,
				 INT64_MAX, id) : -1;
}

int mo_cmd_insurance(int argc, char **argv)
{
	const sub *s = argc < 2 ? NULL : find_sub(argv[1]);
	const char *dir = ".";
	opts o = {0};
	int64_t id = 0;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return mo_cli_help("insurance");
	if (!s)
		return mo_cli_usage("insurance", "expected add, end, list, "
				    "verify, verifications, due or 270");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(s, argc, argv, &dir, &id)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = s->run(p, &o, id, &e);
	mo_cli_close(p, en);
	return rc;
}
