/* cmd_payable.c: `medoffice payables SUB [DIR] ... --as STAFF`: vendors,
 * their bills and the payments of them from the command line (see
 * core/payable.h). vendors, vendor-add and vendor-update keep the
 * vendors; enter, approve and void keep the bills; bills, bill and
 * payments list them (audited reads); pay files the approval request of
 * a payment ("bill_payment") and says who approves it, or that it was
 * paid at once (request_print.h); categories prints the chart. Money is
 * parsed with mo_money_parse and printed with mo_money_format. It uses
 * cli.h, request_print.h, core/payable.h, core/approval.h, tz.h and
 * units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "cli.h"
#include "payable.h"
#include "request_print.h"
#include "tz.h"
#include "units.h"

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_ALL, O_NAME, O_CATEGORY, O_TERMS, O_ACCOUNT, O_PHONE,
	O_ACTIVE, O_INACTIVE, O_VENDOR, O_NUMBER, O_ISSUED, O_DUE, O_AMOUNT,
	O_MEMO, O_STATUS, O_DUE_THROUGH, O_REASON, O_METHOD, O_REFERENCE,
	O_DATE, O_BILL, O_FROM, O_TO, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"all", no_argument, 0, O_ALL},
	{"name", required_argument, 0, O_NAME},
	{"category", required_argument, 0, O_CATEGORY},
	{"terms", required_argument, 0, O_TERMS},
	{"account", required_argument, 0, O_ACCOUNT},
	{"phone", required_argument, 0, O_PHONE},
	{"active", no_argument, 0, O_ACTIVE},
	{"inactive", no_argument, 0, O_INACTIVE},
	{"vendor", required_argument, 0, O_VENDOR},
	{"number", required_argument, 0, O_NUMBER},
	{"issued", required_argument, 0, O_ISSUED},
	{"due", required_argument, 0, O_DUE},
	{"amount", required_argument, 0, O_AMOUNT},
	{"memo", required_argument, 0, O_MEMO},
	{"status", required_argument, 0, O_STATUS},
	{"due-through", required_argument, 0, O_DUE_THROUGH},
	{"reason", required_argument, 0, O_REASON},
	{"method", required_argument, 0, O_METHOD},
	{"reference", required_argument, 0, O_REFERENCE},
	{"date", required_argument, 0, O_DATE},
	{"bill", required_argument, 0, O_BILL},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *v[O_N];  /* each option's text ("" for a flag), or NULL */
	const char *dir;
	int64_t id, amount, terms, bill;
	int32_t day[O_N];    /* the date options, parsed */
} opts;

typedef struct sub {
	const char *name;
	const char *id;   /* what the number after [DIR] is; NULL: none */
	unsigned opts;    /* the options it takes besides --as */
	unsigned need;    /* the options it requires */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

static const char CMD[] = "payables";

/* ---- printing ---- */

static int print_vendor(void *ud, const mo_ap_vendor *v)
{
	char m[32], ph[16];
	(*(int *)ud)++;
	printf("#%-4lld %-32s %-16s net %-3d owed %10s (%lld bill%s)%s%s%s"
	       "%s%s\n", (long long)v->id, v->name, v->category, v->terms,
	       mo_money_format(v->owed, m), (long long)v->bills,
	       v->bills == 1 ? "" : "s", v->account ? "  account " : "",
	       v->account ? v->account : "", v->phone ? "  " : "",
	       v->phone ? mo_cli_phone(v->phone, ph) : "",
	       v->active ? "" : "  (inactive)");
	return 0;
}

typedef struct tally {
	int64_t n, total;
} tally;

static int print_bill_line(void *ud, const mo_ap_bill *b)
{
	char d[11], m[32], l[32];
	tally *t = ud;
	t->n++;
	t->total += strcmp(b->status, "void") ? b->amount - b->paid : 0;
	printf("#%-4lld due %s  %-24.24s %-14.14s %-16s %10s  left %10s  %s\n",
	       (long long)b->id, mo_date_format(b->due_day, d), b->vendor_name,
	       b->number, b->category, mo_money_format(b->amount, m),
	       mo_money_format(strcmp(b->status, "void") ? b->amount - b->paid
						       : 0, l), b->status);
	return 0;
}

/* A bill being shown: its payments' tally (first: print_payment takes
 * it) and the practice's zone for the times. */
typedef struct show {
	tally t;
	const char *zone;
	bool payments; /* the payments follow: head them */
} show;

static void print_when(const char *what, int64_t us, const char *by,
		       const char *zone)
{
	char t[32];
	if (us)
		printf("%-10s %s by %s\n", what, mo_tz_format(zone, us, t), by);
}

static int print_bill(void *ud, const mo_ap_bill *b)
{
	const char *zone = ((show *)ud)->zone;
	char d[11], m[32];
	printf("Bill %lld: %s bill %s\n", (long long)b->id, b->vendor_name,
	       b->number);
	printf("Vendor     %lld\nCategory   %s\nIssued     %s\n",
	       (long long)b->vendor, b->category,
	       mo_date_format(b->issue_day, d));
	printf("Due        %s\nAmount     %s\n", mo_date_format(b->due_day, d),
	       mo_money_format(b->amount, m));
	printf("Paid       %s\n", mo_money_format(b->paid, m));
	printf("Left       %s\nStatus     %s\n", mo_money_format(b->amount -
							      b->paid, m),
	       b->status);
	if (b->memo)
		printf("Memo       %s\n", b->memo);
	print_when("Entered", b->created_us, b->created_by, zone);
	print_when("Approved", b->approved_us, b->approved_by, zone);
	print_when("Voided", b->voided_us, b->voided_by, zone);
	if (b->void_reason)
		printf("Reason     %s\n", b->void_reason);
	if (((show *)ud)->payments)
		printf("Payments\n");
	return 0;
}

static int print_payment(void *ud, const mo_ap_payment *y)
{
	char d[11], m[32], req[32] = "", line[32] = "";
	tally *t = ud;
	t->n++;
	t->total += y->amount;
	if (y->request)
		snprintf(req, sizeof req, "  request %lld",
			 (long long)y->request);
	if (y->line)
		snprintf(line, sizeof line, "  bank line %lld",
			 (long long)y->line);
	printf("  #%-4lld %s  %-24.24s %-14.14s %10s  %-5s %-12s%s%s\n",
	       (long long)y->id, mo_date_format(y->day, d), y->vendor_name,
	       y->number, mo_money_format(y->amount, m), y->method,
	       y->reference ? y->reference : "-", req, line);
	return 0;
}

static void print_tally(const tally *t, const char *what, const char *sum)
{
	char m[32];
	printf("%lld %s%s, %s %s\n", (long long)t->n, what, t->n == 1 ? ""
	       : "s", mo_money_format(t->total, m), sum);
}

/* ---- the subcommands ---- */

static int categories(mo_practice *p, const opts *o, mo_err *e)
{
	(void)p, (void)o, (void)e;
	for (const mo_ap_category *c = mo_ap_categories; c->id; c++)
		printf("%-17s %-8s %s\n", c->id, c->income ? "income"
		       : "expense", c->title);
	return MO_EXIT_OK;
}

static int vendors(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_ap_vendors(p, o->v[O_AS], o->v[O_ALL] != NULL, print_vendor,
			  &n, e))
		return mo_cli_fail(e);
	printf("%d vendor%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int vendor_add(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_vendor_new in = {o->v[O_NAME], o->v[O_CATEGORY],
			       o->v[O_TERMS] ? (int)o->terms : 30,
			       o->v[O_ACCOUNT], o->v[O_PHONE]};
	int64_t id;
	if (mo_ap_vendor_add(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("vendor %lld added: %s\n", (long long)id, in.name);
	return MO_EXIT_OK;
}

static int vendor_update(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_vendor_change in = {o->v[O_NAME], o->v[O_CATEGORY],
				  o->v[O_TERMS] ? (int)o->terms : -1,
				  o->v[O_ACCOUNT], o->v[O_PHONE],
				  o->v[O_ACTIVE] ? 1 : o->v[O_INACTIVE] ? 0
				  : -1};
	if (mo_ap_vendor_update(p, o->v[O_AS], o->id, &in, e))
		return mo_cli_fail(e);
	printf("vendor %lld changed\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int enter(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_bill_new in = {o->v[O_VENDOR], o->v[O_NUMBER], o->day[O_ISSUED],
			     o->day[O_DUE], o->v[O_CATEGORY], o->amount,
			     o->v[O_MEMO]};
	show sh = {{0, 0}, mo_practice_config(p)->timezone, false};
	int64_t id;
	if (mo_ap_bill_enter(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("bill %lld entered\n\n", (long long)id);
	return mo_ap_bill_get(p, o->v[O_AS], id, print_bill, NULL, &sh, e)
		       ? mo_cli_fail(e) : MO_EXIT_OK;
}

/* The vendor option as an id (0: none); -1 when it names none. */
static int vendor_id(mo_practice *p, const opts *o, int64_t *id, mo_err *e)
{
	*id = 0;
	if (o->v[O_VENDOR] &&
	    mo_ap_vendor_find(p, "--vendor", o->v[O_VENDOR], id, e))
		return mo_cli_fail(e);
	return -1;
}

static int bills(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_bill_filter f = {0, o->v[O_STATUS], o->v[O_CATEGORY],
			       o->day[O_DUE_THROUGH]};
	tally t = {0, 0};
	int rc = vendor_id(p, o, &f.vendor, e);
	if (rc >= 0)
		return rc;
	if (mo_ap_bills(p, o->v[O_AS], &f, print_bill_line, &t, e))
		return mo_cli_fail(e);
	print_tally(&t, "bill", "left to pay");
	return MO_EXIT_OK;
}

static int bill(mo_practice *p, const opts *o, mo_err *e)
{
	show sh = {{0, 0}, mo_practice_config(p)->timezone, true};
	if (mo_ap_bill_get(p, o->v[O_AS], o->id, print_bill, print_payment,
			   &sh, e))
		return mo_cli_fail(e);
	if (!sh.t.n)
		printf("  none\n");
	return MO_EXIT_OK;
}

static int approve(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_ap_bill_approve(p, o->v[O_AS], o->id, e))
		return mo_cli_fail(e);
	printf("bill %lld approved for payment\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int void_bill(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_ap_bill_void(p, o->v[O_AS], o->id, o->v[O_REASON], e))
		return mo_cli_fail(e);
	printf("bill %lld voided\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int pay(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_pay_new in = {o->id, o->amount, o->v[O_METHOD],
			    o->v[O_REFERENCE], o->day[O_DATE]};
	int64_t request;
	if (mo_ap_pay_request(p, o->v[O_AS], &in, &request, e) ||
	    mo_approval_get(p, request, mo_cli_print_filed, NULL, (void *)o->dir,
			    e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static int payments(mo_practice *p, const opts *o, mo_err *e)
{
	mo_ap_payment_filter f = {0, o->bill, o->day[O_FROM], o->day[O_TO]};
	tally t = {0, 0};
	int rc = vendor_id(p, o, &f.vendor, e);
	if (rc >= 0)
		return rc;
	if (mo_ap_payments(p, o->v[O_AS], &f, print_payment, &t, e))
		return mo_cli_fail(e);
	print_tally(&t, "payment", "paid");
	return MO_EXIT_OK;
}

#define VENDOR_FIELDS                                                      \
	(BIT(O_NAME) | BIT(O_CATEGORY) | BIT(O_TERMS) | BIT(O_ACCOUNT) |    \
	 BIT(O_PHONE))

static const sub SUBS[] = {
	{"categories", NULL, 0, 0, categories},
	{"vendors", NULL, BIT(O_ALL), 0, vendors},
	{"vendor-add", NULL, VENDOR_FIELDS, BIT(O_NAME) | BIT(O_CATEGORY),
	 vendor_add},
	{"vendor-update", "the vendor's number", VENDOR_FIELDS | BIT(O_ACTIVE)
	 | BIT(O_INACTIVE), 0, vendor_update},
	{"enter", NULL, BIT(O_VENDOR) | BIT(O_NUMBER) | BIT(O_ISSUED) |
	 BIT(O_DUE) | BIT(O_CATEGORY) | BIT(O_AMOUNT) | BIT(O_MEMO),
	 BIT(O_VENDOR) | BIT(O_NUMBER) | BIT(O_ISSUED) | BIT(O_AMOUNT), enter},
	{"bills", NULL, BIT(O_VENDOR) | BIT(O_STATUS) | BIT(O_CATEGORY) |
	 BIT(O_DUE_THROUGH), 0, bills},
	{"bill", "the bill's number", 0, 0, bill},
	{"approve", "the bill's number", 0, 0, approve},
	{"void", "the bill's number", BIT(O_REASON), BIT(O_REASON), void_bill},
	{"pay", "the bill's number", BIT(O_AMOUNT) | BIT(O_METHOD) |
	 BIT(O_REFERENCE) | BIT(O_DATE), BIT(O_AMOUNT) | BIT(O_METHOD), pay},
	{"payments", NULL, BIT(O_VENDOR) | BIT(O_BILL) | BIT(O_FROM) |
	 BIT(O_TO), 0, payments},
	{NULL, NULL, 0, 0, NULL},
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
		o->v[c] = optarg ? optarg : "";
	}
	for (int k = 1; k < O_N; k++)
		if ((s->need & BIT(k)) && !o->v[k])
			return mo_cli_usage(CMD, "%s needs --%s", s->name,
					    OPTS[k - 1].name);
	if (o->v[O_ACTIVE] && o->v[O_INACTIVE])
		return mo_cli_usage(CMD, "give --active or --inactive, not "
				    "both");
	if (!o->v[O_AS] && s->run != categories)
		return mo_cli_usage(CMD, "--as STAFF is required: who does it");
	return -1;
}

/* The typed values of the options given. */
static int convert(opts *o)
{
	static const int dates[] = {O_ISSUED, O_DUE, O_DUE_THROUGH, O_DATE,
				    O_FROM, O_TO};
	mo_err e;
	int rc = -1;
	for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++)
		if (o->v[dates[i]] &&
		    mo_date_parse(o->v[dates[i]], &o->day[dates[i]], &e))
			return mo_cli_usage(CMD, "--%s: %s",
					    OPTS[dates[i] - 1].name, e.msg);
	if (o->v[O_AMOUNT] && mo_money_parse(o->v[O_AMOUNT], &o->amount, &e))
		return mo_cli_usage(CMD, "--amount: %s", e.msg);
	if (o->v[O_TERMS])
		rc = mo_cli_number(CMD, "--terms", o->v[O_TERMS], 0, 365,
				   &o->terms);
	if (rc < 0 && o->v[O_BILL])
		rc = mo_cli_number(CMD, "--bill", o->v[O_BILL], 1, INT64_MAX,
				   &o->bill);
	return rc;
}

/* [DIR] and the number a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o)
{
	o->dir = ".";
	return mo_cli_positional_id(CMD, s->name, s->id, argc, argv, &o->dir,
				    &o->id);
}

int mo_cmd_payables(int argc, char **argv)
{
	const sub *s;
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc < 2 || !(s = find_sub(argv[1])))
		return mo_cli_usage(CMD, "expected categories, vendors, "
				    "vendor-add, vendor-update, enter, bills, "
				    "bill, approve, void, pay or payments");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o)) >= 0 ||
	    (rc = convert(&o)) >= 0)
		return rc;
	if (s->run == categories)
		return categories(NULL, &o, &e);
	if ((rc = mo_cli_open(o.dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			      &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
