/* cmd_budget.c: `medoffice budget set|report [DIR] ... --as STAFF`:
 * monthly budgets per category and the report of the budget against the
 * actual for a month and the year to date (see core/payable.h). It uses
 * cli.h, core/payable.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "payable.h"
#include "units.h"

static const char CMD[] = "budget";

typedef struct opts {
	const char *as, *category, *month, *amount, *dir;
	bool set;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"category", required_argument, 0, 'c'},
		{"month", required_argument, 0, 'm'},
		{"amount", required_argument, 0, 'x'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'a')
			o->as = optarg;
		else if (c == 'm')
			o->month = optarg;
		else if (c == 'c' && o->set)
			o->category = optarg;
		else if (c == 'x' && o->set)
			o->amount = optarg;
		else if (c == 'h')
			return mo_cli_help(CMD);
		else
			return mo_cli_usage(CMD, "bad option%s", c == 'c' ||
					    c == 'x' ? " (report takes --month "
					    "only)" : "");
	}
	if (!o->as)
		return mo_cli_usage(CMD, "--as STAFF is required: who does it");
	if (o->set && (!o->category || !o->month || !o->amount))
		return mo_cli_usage(CMD, "set needs --category, --month "
				    "(2026-11 or 2026-01..2026-12) and "
				    "--amount");
	if (argc - optind > 1)
		return mo_cli_usage(CMD, "%s takes only [DIR]", o->set ? "set"
				    : "report");
	o->dir = argc - optind == 1 ? argv[optind] : ".";
	return -1;
}

/* "2026-11" or "2026-01..2026-12" into first and last. */
static int months(const char *s, int *first, int *last)
{
	const char *dots = strstr(s, "..");
	char a[16];
	mo_err e;
	if (!dots) {
		if (mo_ap_month_parse(s, first, &e))
			return mo_cli_usage(CMD, "--month: %s", e.msg);
		*last = *first;
		return -1;
	}
	snprintf(a, sizeof a, "%.*s", (int)(dots - s) < 15
		 ? (int)(dots - s) : 15, s);
	if (mo_ap_month_parse(a, first, &e) ||
	    mo_ap_month_parse(dots + 2, last, &e))
		return mo_cli_usage(CMD, "--month: %s", e.msg);
	return -1;
}

static int set(mo_practice *p, const opts *o, int first, int last,
	       int64_t amount)
{
	char f[8], l[8], m[32];
	mo_err e;
	if (mo_ap_budget_set(p, o->as, o->category, first, last, amount, &e))
		return mo_cli_fail(&e);
	printf("budget of %s set to %s a month for %s", o->category,
	       mo_money_format(amount, m), mo_ap_month_format(first, f));
	if (first == last)
		printf("\n");
	else
		printf(" to %s\n", mo_ap_month_format(last, l));
	return MO_EXIT_OK;
}

static int print_row(void *ud, const mo_ap_budget_row *r)
{
	char m[6][32];
	(void)ud;
	if (!strcmp(r->category, "expenses") || !strcmp(r->category, "net"))
		printf("%s\n", "-----------------------------------------------"
		       "---------------------------------------------------");
	printf("%-17s %12s %12s %12s | %12s %12s %12s\n", r->category,
	       mo_money_format(r->budget, m[0]),
	       mo_money_format(r->actual, m[1]),
	       mo_money_format(r->variance, m[2]),
	       mo_money_format(r->budget_ytd, m[3]),
	       mo_money_format(r->actual_ytd, m[4]),
	       mo_money_format(r->variance_ytd, m[5]));
	return 0;
}

static int report(mo_practice *p, const opts *o, int month)
{
	char a[8], b[8];
	mo_err e;
	printf("Budget against actual, %s (year to date: %s to %s)\n",
	       mo_ap_month_format(month, a),
	       mo_ap_month_format(month / 100 * 100 + 1, b),
	       mo_ap_month_format(month, a));
	printf("%-17s %12s %12s %12s | %12s %12s %12s\n", "category", "budget",
	       "actual", "variance", "budget ytd", "actual ytd", "variance");
	if (mo_ap_budget_report(p, o->as, month, print_row, NULL, &e))
		return mo_cli_fail(&e);
	printf("A variance above 0 is favourable: spent less than the budget, "
	       "or collected more.\n");
	return MO_EXIT_OK;
}

int mo_cmd_budget(int argc, char **argv)
{
	opts o = {0};
	int first = 0, last = 0, rc, y, m, d;
	int64_t amount = 0;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	if (argc < 2 || (strcmp(argv[1], "set") && strcmp(argv[1], "report")))
		return mo_cli_usage(CMD, "expected set or report");
	o.set = !strcmp(argv[1], "set");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (o.month && (rc = months(o.month, &first, &last)) >= 0))
		return rc;
	if (o.set && mo_money_parse(o.amount, &amount, &e))
		return mo_cli_usage(CMD, "--amount: %s", e.msg);
	if (!o.set && first != last)
		return mo_cli_usage(CMD, "report takes one --month");
	if ((rc = mo_cli_open(o.dir, 0, o.as, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	if (!o.month) {
		mo_civil_from_days(mo_practice_today(p), &y, &m, &d);
		first = y * 100 + m;
	}
	rc = o.set ? set(p, &o, first, last, amount) : report(p, &o, first);
	mo_cli_close(p, en);
	return rc;
}
