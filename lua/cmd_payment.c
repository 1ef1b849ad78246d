/* cmd_payment.c: `medoffice payment collect|receipt|deposit|slip|list
 * [DIR] ... --as STAFF`: front-desk money from the command line. collect
 * takes a patient's payment (cash, check or card) and prints its receipt;
 * receipt prints one again, as the front desk hands it over; deposit
 * takes the cash and checks waiting for the bank and prints the deposit
 * slip; slip prints one again; list shows payments. Refunds are requested
 * and approved (`medoffice request refund ... --fact payment=N`). Money
 * is parsed with mo_money_parse and printed with mo_money_format. It uses
 * cli.h, core/payment.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "payment.h"
#include "units.h"

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_PATIENT, O_AMOUNT, O_METHOD, O_REFERENCE, O_KIND,
	O_APPOINTMENT, O_DATE, O_FROM, O_TO, O_UNDEPOSITED, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"patient", required_argument, 0, O_PATIENT},
	{"amount", required_argument, 0, O_AMOUNT},
	{"method", required_argument, 0, O_METHOD},
	{"reference", required_argument, 0, O_REFERENCE},
	{"kind", required_argument, 0, O_KIND},
	{"appointment", required_argument, 0, O_APPOINTMENT},
	{"date", required_argument, 0, O_DATE},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"undeposited", no_argument, 0, O_UNDEPOSITED},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *v[O_N];  /* each option's text ("" for a flag), or NULL */
	int64_t patient, appointment, amount, id;
	int32_t date, from, to;
} opts;

typedef struct sub {
	const char *name;
	const char *id; /* what the number after [DIR] is; NULL: none */
	unsigned opts;  /* the options it takes besides --as */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

/* ---- printing ---- */

static const char *balance_text(int64_t b, char buf[48])
{
	char m[32];
	if (b == 0)
		return strcpy(buf, "0.00");
	snprintf(buf, 48, "%s %s", mo_money_format(b > 0 ? b : -b, m),
		 b > 0 ? "due" : "credit");
	return buf;
}

static void print_method(const mo_payment *y, const char *shown)
{
	const char *sep = !shown ? "" : strcmp(y->method, "card") ? " "
		: " ending ";
	printf("Method     %s%s%s\n", y->method, sep, shown ? shown : "");
}

static int print_receipt(void *ud, const mo_receipt *r)
{
	const mo_payment *y = r->payment;
	char m[32], b[48];
	(void)ud;
	mo_cli_print_letterhead(stdout, r->practice, r->address, r->phone);
	printf("\nReceipt no. %lld\nDate       %s\n", (long long)y->id,
	       r->time);
	printf("Patient    %s (patient %lld)\n", y->patient_name,
	       (long long)y->patient);
	printf("Amount     %s\n", mo_money_format(y->amount, m));
	print_method(y, r->reference);
	if (y->appointment)
		printf("Kind       %s (appointment %lld)\n", y->kind,
		       (long long)y->appointment);
	else
		printf("Kind       %s\n", y->kind);
	printf("Taken by   %s\n", r->taken_by);
	if (y->refunded)
		printf("Refunded   %s\n", mo_money_format(y->refunded, m));
	printf("Balance    %s\n", balance_text(r->balance, b));
	return 0;
}

/* The payments listed and their sum. */
typedef struct tally {
	int64_t n, total;
} tally;

static int print_line(void *ud, const mo_payment *y)
{
	char d[11], m[32], r[32], where[32] = "-";
	tally *t = ud;
	t->n++;
	t->total += y->amount;
	if (y->deposit)
		snprintf(where, sizeof where, "deposit %lld",
			 (long long)y->deposit);
	else if (strcmp(y->method, "card") && y->refunded < y->amount)
		strcpy(where, "undeposited");
	printf("#%-5lld %s %10s  %-5s %-10s %-12s patient %lld  %s%s%s%s\n",
	       (long long)y->id, mo_date_format(y->day, d),
	       mo_money_format(y->amount, m), y->method, y->kind, where,
	       (long long)y->patient, y->patient_name,
	       y->refunded ? " (refunded " : "",
	       y->refunded ? mo_money_format(y->refunded, r) : "",
	       y->refunded ? ")" : "");
	return 0;
}

static void print_tally(const tally *t)
{
	char m[32];
	printf("%lld payment%s, %s\n", (long long)t->n, t->n == 1 ? "" : "s",
	       mo_money_format(t->total, m));
}

/* A deposit slip being printed: its head comes before its first line. */
typedef struct slip_ctx {
	mo_deposit_slip s;
	bool head;
} slip_ctx;

static void print_slip_head(slip_ctx *c)
{
	char d[11];
	if (c->head)
		return;
	c->head = true;
	printf("Deposit slip no. %lld\nDate       %s\nMade by    %s\n",
	       (long long)c->s.id, mo_date_format(c->s.day, d), c->s.made_by);
}

static int print_slip_line(void *ud, const mo_payment *y)
{
	char m[32];
	print_slip_head(ud);
	printf("  #%-5lld %-6s %-20s %10s  %s\n", (long long)y->id, y->method,
	       strcmp(y->method, "check") ? "" : y->reference,
	       mo_money_format(y->deposited, m), y->patient_name);
	return 0;
}

static int print_slip(mo_practice *p, const char *actor, int64_t id,
		      mo_err *e)
{
	slip_ctx c = {.head = false};
	char m[3][32];
	if (mo_pay_deposit_slip(p, actor, id, &c.s, print_slip_line, &c, e))
		return mo_cli_fail(e);
	print_slip_head(&c);
	printf("Cash       %10s\nChecks     %10s\nTotal      %10s (%lld "
	       "payment%s)\n", mo_money_format(c.s.cash, m[0]),
	       mo_money_format(c.s.checks, m[1]),
	       mo_money_format(c.s.total, m[2]), (long long)c.s.count,
	       c.s.count == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- the subcommands ---- */

static int receipt(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_pay_receipt(p, o->v[O_AS], o->id, print_receipt, NULL, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static int collect(mo_practice *p, const opts *o, mo_err *e)
{
	const char *kind = o->v[O_KIND];
	mo_pay_new in = {o->patient, o->amount, o->v[O_METHOD],
			 o->v[O_REFERENCE], kind ? kind : "payment",
			 o->appointment};
	opts shown = *o;
	if (mo_pay_collect(p, o->v[O_AS], &in, &shown.id, e))
		return mo_cli_fail(e);
	printf("payment %lld taken\n\n", (long long)shown.id);
	return receipt(p, &shown, e);
}

static int deposit(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t day = o->v[O_DATE] ? o->date : mo_practice_today(p);
	int64_t id, count, total;
	char m[32];
	if (mo_pay_deposit(p, o->v[O_AS], day, &id, &count, &total, e))
		return mo_cli_fail(e);
	printf("deposit %lld made: %lld payment%s, %s\n\n", (long long)id,
	       (long long)count, count == 1 ? "" : "s",
	       mo_money_format(total, m));
	return print_slip(p, o->v[O_AS], id, e);
}

static int slip(mo_practice *p, const opts *o, mo_err *e)
{
	return print_slip(p, o->v[O_AS], o->id, e);
}

static int list(mo_practice *p, const opts *o, mo_err *e)
{
	mo_pay_filter f = {o->patient, o->from, o->to,
			   o->v[O_UNDEPOSITED] != NULL};
	tally t = {0, 0};
	if (mo_pay_list(p, o->v[O_AS], &f, print_line, &t, e))
		return mo_cli_fail(e);
	print_tally(&t);
	return MO_EXIT_OK;
}

static const sub SUBS[] = {
	{"collect", NULL, BIT(O_PATIENT) | BIT(O_AMOUNT) | BIT(O_METHOD) |
	 BIT(O_REFERENCE) | BIT(O_KIND) | BIT(O_APPOINTMENT), collect},
	{"receipt", "the payment number", 0, receipt},
	{"deposit", NULL, BIT(O_DATE), deposit},
	{"slip", "the deposit number", 0, slip},
	{"list", NULL, BIT(O_PATIENT) | BIT(O_FROM) | BIT(O_TO) |
	 BIT(O_UNDEPOSITED), list},
	{NULL, NULL, 0, NULL},
};

/* ---- the arguments ---- */

static const sub *find_sub(const char *name)
{
	for (const sub *s = SUBS; s->name; s++)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static int number(const char *s, const char *what, int64_t *v)
{
	return mo_cli_number("payment", what, s, 1, INT64_MAX, v);
}

static int date(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage("payment", "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help("payment");
		if (c < O_AS || c >= O_N)
			return mo_cli_usage("payment", "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage("payment", "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		o->v[c] = optarg ? optarg : "";
	}
	if (!o->v[O_AS])
		return mo_cli_usage("payment", "--as STAFF is required: who "
				    "does it");
	return -1;
}

/* The typed values of the options given. */
static int convert(opts *o)
{
	mo_err e;
	int rc = -1;
	if (o->v[O_PATIENT])
		rc = number(o->v[O_PATIENT], "--patient", &o->patient);
	if (rc < 0 && o->v[O_APPOINTMENT])
		rc = number(o->v[O_APPOINTMENT], "--appointment",
			    &o->appointment);
	if (rc < 0 && o->v[O_AMOUNT] &&
	    mo_money_parse(o->v[O_AMOUNT], &o->amount, &e))
		rc = mo_cli_usage("payment", "--amount: %s", e.msg);
	if (rc < 0)
		rc = date(o, O_DATE, &o->date);
	if (rc < 0)
		rc = date(o, O_FROM, &o->from);
	return rc < 0 ? date(o, O_TO, &o->to) : rc;
}

/* [DIR] and the number a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o,
		      const char **dir)
{
	int want = s->id != NULL, npos = argc - optind;
	if (npos == want + 1)
		*dir = argv[optind++], npos--;
	if (npos != want)
		return mo_cli_usage("payment", want ? "%s takes [DIR] and the "
				    "number" : "%s takes only [DIR]", s->name);
	return want ? number(argv[optind], s->id, &o->id) : -1;
}

static int check_collect(const sub *s, const opts *o)
{
	if (s->run == collect && (!o->v[O_PATIENT] || !o->v[O_AMOUNT] ||
				  !o->v[O_METHOD]))
		return mo_cli_usage("payment", "collect needs --patient, "
				    "--amount and --method");
	return -1;
}

int mo_cmd_payment(int argc, char **argv)
{
	const char *dir = ".";
	const sub *s;
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc < 2 || !(s = find_sub(argv[1])))
		return mo_cli_usage("payment", "expected collect, receipt, "
				    "deposit, slip or list");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o, &dir)) >= 0 ||
	    (rc = check_collect(s, &o)) >= 0 || (rc = convert(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
