/* cmd_payroll.c: `medoffice payroll rates|rate|register|export|pto|
 * time-off [DIR] ... --as STAFF`: the pay rates on file, a rate change
 * asked for (it files a "pay_change" request; `medoffice approve` sets
 * it), the payroll register of a pay period (rendered by core/render.h
 * in text, CSV, JSON, HTML or XLSX), the export for the payroll service
 * (CSV, recorded), paid time off balances and a request for time off
 * checked against the balance. The overtime rule in force comes from the
 * policies (overtime.h). It uses cli.h, overtime.h, request_print.h,
 * core/timecard.h, core/approval.h, core/render.h, clock.h, tz.h and
 * units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "cli.h"
#include "clock.h"
#include "overtime.h"
#include "request_print.h"
#include "render.h"
#include "timecard.h"
#include "tz.h"
#include "units.h"

enum {
	O_AS = 1, O_STAFF, O_HOURLY, O_SALARY, O_FROM, O_TO, O_REASON,
	O_PERIOD, O_FORMAT, O_OUTPUT, O_DATE, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"staff", required_argument, 0, O_STAFF},
	{"hourly", required_argument, 0, O_HOURLY},
	{"salary", required_argument, 0, O_SALARY},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"reason", required_argument, 0, O_REASON},
	{"period", required_argument, 0, O_PERIOD},
	{"format", required_argument, 0, O_FORMAT},
	{"output", required_argument, 0, O_OUTPUT},
	{"date", required_argument, 0, O_DATE},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *dir;
	const char *v[O_N];
	int64_t rate;
	int32_t from, to, period, date;
	mo_render_format format;
} opts;

typedef struct sub {
	const char *name;
	unsigned opts;
	int (*run)(mo_engine *en, mo_practice *p, const opts *o, mo_err *e);
} sub;

static const char *hhmm(int64_t minutes, char buf[24])
{
	snprintf(buf, 24, "%s%lld:%02lld", minutes < 0 ? "-" : "",
		 (long long)llabs(minutes / 60), (long long)llabs(minutes % 60));
	return buf;
}

/* The period of --period (any day of it), or the last that ended. */
static int period_of(mo_practice *p, const opts *o, mo_tc_period *pd,
		     mo_err *e)
{
	return mo_tc_period_of(p, o->v[O_PERIOD] ? o->period
			       : mo_practice_today(p), o->v[O_PERIOD] ? 0 : 1,
			       pd, e);
}

/* ---- rates ---- */

static int print_rate(void *ud, const mo_tc_rate *r)
{
	char m[32], d[11];
	(*(int *)ud)++;
	printf("#%-4lld %-12s %-6s %12s %s from %s%s", (long long)r->id,
	       r->staff, r->pay, mo_money_format(r->rate, m),
	       strcmp(r->pay, "hourly") ? "a year " : "an hour",
	       mo_date_format(r->from, d), r->current ? "  (current)" : "");
	if (r->request)
		printf("  request %lld", (long long)r->request);
	printf(": %s (by %s)\n", r->reason, r->created_by);
	return 0;
}

static int rates(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	(void)en;
	if (mo_tc_rates(p, o->v[O_AS], o->v[O_STAFF], print_rate, &n, e))
		return mo_cli_fail(e);
	printf("%d rate%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int rate(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	mo_tc_rate_new r = {o->v[O_STAFF], o->v[O_HOURLY] ? "hourly"
			    : "salary", o->rate, o->from, o->v[O_REASON]};
	int64_t id;
	(void)en;
	if (mo_tc_rate_request(p, o->v[O_AS], &r, &id, e) ||
	    mo_approval_get(p, id, mo_cli_print_filed, NULL, (void *)o->dir, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

/* ---- the register ---- */

static const mo_render_col REG_COLS[] = {
	{"staff", "Staff", MO_COL_TEXT},
	{"name", "Name", MO_COL_TEXT},
	{"pay", "Pay", MO_COL_TEXT},
	{"rate", "Rate", MO_COL_MONEY},
	{"regular", "Regular h", MO_COL_MONEY},
	{"overtime", "Overtime h", MO_COL_MONEY},
	{"double", "Double h", MO_COL_MONEY},
	{"pto", "PTO h", MO_COL_MONEY},
	{"gross", "Gross", MO_COL_MONEY},
	{"cards", "Cards", MO_COL_TEXT},
};
#define NREG (sizeof REG_COLS / sizeof REG_COLS[0])

typedef struct reg {
	mo_render *r;
	mo_err *e;
	int64_t regular, overtime, double_time, pto, gross;
} reg;

/* Minutes as hundredths of an hour, rounded half up. */
static mo_render_value hours(int64_t minutes)
{
	return (mo_render_value){false, (minutes * 200 + 60) / 120, NULL};
}

static int reg_line(void *ud, const mo_tc_pay_line *l)
{
	reg *g = ud;
	const char *cards = l->open ? "open" : l->approved ? "approved"
		: "to approve";
	mo_render_value v[NREG] = {
		{false, 0, l->staff}, {false, 0, l->name},
		{false, 0, l->pay ? l->pay : "no rate"},
		{l->pay == NULL, l->rate, NULL}, hours(l->regular),
		hours(l->overtime), hours(l->double_time), hours(l->pto),
		{false, l->gross, NULL}, {false, 0, cards},
	};
	g->regular += l->regular;
	g->overtime += l->overtime;
	g->double_time += l->double_time;
	g->pto += l->pto;
	g->gross += l->gross;
	return mo_render_row(g->r, MO_ROW_DATA, NULL, v, g->e) ? -1 : 0;
}

static int reg_total(reg *g)
{
	mo_render_value v[NREG] = {
		{true, 0, NULL}, {true, 0, NULL}, {true, 0, NULL},
		{true, 0, NULL}, hours(g->regular), hours(g->overtime),
		hours(g->double_time), hours(g->pto), {false, g->gross, NULL},
		{true, 0, NULL},
	};
	return mo_render_row(g->r, MO_ROW_TOTAL, "Total", v, g->e);
}

static int render_register(mo_practice *p, const opts *o,
			   const mo_overtime *ot, const mo_tc_period *pd,
			   FILE *f, mo_err *e)
{
	char a[11], b[11], params[128], when[32], gen[128];
	mo_render_meta meta = {"payroll_register", "Payroll register",
		"Hours and gross pay of each staff member for a pay period; "
		"taxes and deductions are the payroll service's.", params, gen,
		REG_COLS, NREG, NULL, 0, 0};
	reg g = {NULL, e, 0, 0, 0, 0, 0};
	int rc;
	snprintf(params, sizeof params, "period %s..%s, overtime rule %s",
		 mo_date_format(pd->first, a), mo_date_format(pd->last, b),
		 ot->name[0] ? ot->name : "none");
	snprintf(gen, sizeof gen, "%s by %s", mo_tz_format(
		 mo_practice_config(p)->timezone, mo_clock_now_us(), when),
		 o->v[O_AS]);
	if ((rc = mo_render_open(o->format, f, o->v[O_OUTPUT], &meta, &g.r,
				 e)))
		return rc;
	rc = mo_tc_register(p, o->v[O_AS], pd, ot->rules.split ? &ot->rules
			    : NULL, reg_line, &g, e);
	if (!rc)
		rc = reg_total(&g);
	if (rc) {
		mo_render_abort(g.r);
		return rc < 0 ? rc : MO_EIO;
	}
	return mo_render_close(g.r, e);
}

static int registr(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	bool xlsx = o->format == MO_FMT_XLSX;
	mo_tc_period pd;
	mo_overtime ot;
	FILE *f = NULL;
	int rc;
	if (period_of(p, o, &pd, e) || mo_overtime_rules(en, &ot, e))
		return mo_cli_fail(e);
	if (!xlsx && !(f = mo_cli_create(o->v[O_OUTPUT], "nothing was "
					 "written")))
		return MO_EXIT_FAIL;
	rc = render_register(p, o, &ot, &pd, f, e);
	if (f && o->v[O_OUTPUT] && fclose(f) && !rc)
		rc = mo_err_set(e, MO_EIO, "%s: writing failed",
				o->v[O_OUTPUT]);
	if (rc && f && o->v[O_OUTPUT])
		remove(o->v[O_OUTPUT]);
	return rc ? mo_cli_fail(e) : MO_EXIT_OK;
}

/* ---- the export ---- */

static int export(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	const char *path = o->v[O_OUTPUT];
	mo_tc_export_info info;
	char a[11], b[11], m[32];
	mo_tc_period pd;
	mo_overtime ot;
	char *csv = NULL;
	size_t len = 0;
	FILE *f;
	int rc;
	if (period_of(p, o, &pd, e) || mo_overtime_rules(en, &ot, e))
		return mo_cli_fail(e);
	if (!(f = mo_cli_create(path, "nothing was exported")))
		return MO_EXIT_FAIL;
	if (mo_tc_export(p, o->v[O_AS], &pd, ot.rules.split ? &ot.rules : NULL,
			 &csv, &len, &info, e)) {
		mo_cli_finish(f, path, NULL, 0, "");
		return mo_cli_fail(e);
	}
	rc = mo_cli_finish(f, path, csv, len, "the export is recorded");
	free(csv);
	if (!rc && path)
		printf("%s: %lld rows, gross %s for %s..%s (export %lld, "
		       "sha256 %.16s...)\n", path, (long long)info.rows,
		       mo_money_format(info.gross, m),
		       mo_date_format(pd.first, a), mo_date_format(pd.last, b),
		       (long long)info.id, info.sha256);
	return rc;
}

/* ---- paid time off ---- */

static int print_pto(void *ud, const mo_tc_pto *b)
{
	char w[24], a[24], u[24], l[24], pl[24], d[24];
	(void)ud;
	printf("%-12s %-24s %9s %9s %9s %9s %9s %7s\n", b->staff, b->name,
	       hhmm(b->worked, w), hhmm(b->accrued, a), hhmm(b->used, u),
	       hhmm(b->balance, l), hhmm(b->planned, pl), hhmm(b->per_day, d));
	return 0;
}

static int pto(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	int32_t day = o->v[O_DATE] ? o->date : mo_practice_today(p);
	char d[11];
	(void)en;
	printf("paid time off as of %s (hours)\n%-12s %-24s %9s %9s %9s %9s "
	       "%9s %7s\n", mo_date_format(day, d), "staff", "name", "worked",
	       "earned", "taken", "balance", "planned", "a day");
	if (mo_tc_pto_balances(p, o->v[O_AS], o->v[O_STAFF], day, print_pto,
			       NULL, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static int time_off(mo_engine *en, mo_practice *p, const opts *o, mo_err *e)
{
	int64_t id;
	(void)en;
	if (mo_tc_time_off_request(p, o->v[O_AS], o->from, o->v[O_TO] ? o->to
				   : o->from, o->v[O_REASON], &id, e) ||
	    mo_approval_get(p, id, mo_cli_print_filed, NULL, (void *)o->dir, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static const sub SUBS[] = {
	{"rates", BIT(O_STAFF), rates},
	{"rate", BIT(O_STAFF) | BIT(O_HOURLY) | BIT(O_SALARY) | BIT(O_FROM) |
	 BIT(O_REASON), rate},
	{"register", BIT(O_PERIOD) | BIT(O_FORMAT) | BIT(O_OUTPUT), registr},
	{"export", BIT(O_PERIOD) | BIT(O_OUTPUT), export},
	{"pto", BIT(O_STAFF) | BIT(O_DATE), pto},
	{"time-off", BIT(O_FROM) | BIT(O_TO) | BIT(O_REASON), time_off},
	{NULL, 0, NULL},
};

/* ---- the arguments ---- */

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c;
	while ((c = getopt_long(argc, argv, "ho:", OPTS, NULL)) != -1) {
		if (c == 'o')
			c = O_OUTPUT;
		if (c == 'h' || c == O_HELP)
			return mo_cli_help("payroll");
		if (c < O_AS || c >= O_N)
			return mo_cli_usage("payroll", "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage("payroll", "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		o->v[c] = optarg ? optarg : "";
	}
	if (!o->v[O_AS])
		return mo_cli_usage("payroll", "--as STAFF is required: who "
				    "does it");
	if (argc - optind > 1)
		return mo_cli_usage("payroll", "%s takes only [DIR]", s->name);
	o->dir = argc - optind == 1 ? argv[optind] : ".";
	return -1;
}

static int date_opt(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage("payroll", "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

static int check_rate(const sub *s, opts *o)
{
	const char *r = o->v[O_HOURLY] ? o->v[O_HOURLY] : o->v[O_SALARY];
	mo_err e;
	if (s->run != rate)
		return -1;
	if (!o->v[O_STAFF] || !o->v[O_FROM] || !o->v[O_REASON] || !r ||
	    (o->v[O_HOURLY] && o->v[O_SALARY]))
		return mo_cli_usage("payroll", "rate needs --staff, one of "
				    "--hourly X or --salary X, --from DATE and "
				    "--reason TEXT");
	if (mo_money_parse(r, &o->rate, &e))
		return mo_cli_usage("payroll", "--%s: %s", o->v[O_HOURLY]
				    ? "hourly" : "salary", e.msg);
	return -1;
}

static int check_needed(const sub *s, opts *o)
{
	int rc = check_rate(s, o);
	if (rc >= 0)
		return rc;
	if (s->run == time_off && (!o->v[O_FROM] || !o->v[O_REASON]))
		return mo_cli_usage("payroll", "time-off needs --from DATE "
				    "[--to DATE] and --reason TEXT");
	if (s->run == registr && o->v[O_FORMAT] &&
	    !mo_render_format_parse(o->v[O_FORMAT], &o->format))
		return mo_cli_usage("payroll", "--format: expected text, csv, "
				    "json, html or xlsx, got \"%s\"",
				    o->v[O_FORMAT]);
	if (s->run == registr && o->format == MO_FMT_XLSX && !o->v[O_OUTPUT])
		return mo_cli_usage("payroll", "--format xlsx needs -o FILE");
	return -1;
}

static int convert(opts *o)
{
	int rc = date_opt(o, O_FROM, &o->from);
	if (rc < 0)
		rc = date_opt(o, O_TO, &o->to);
	if (rc < 0)
		rc = date_opt(o, O_PERIOD, &o->period);
	return rc < 0 ? date_opt(o, O_DATE, &o->date) : rc;
}

int mo_cmd_payroll(int argc, char **argv)
{
	opts o = {.dir = ".", .format = MO_FMT_TEXT};
	const sub *s = NULL;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	for (const sub *t = SUBS; argc >= 2 && t->name && !s; t++)
		s = !strcmp(t->name, argv[1]) ? t : NULL;
	if (!s)
		return mo_cli_usage("payroll", "expected rates, rate, register, "
				    "export, pto or time-off");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = convert(&o)) >= 0 || (rc = check_needed(s, &o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(o.dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			      &en)))
		return rc;
	rc = s->run(en, p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
