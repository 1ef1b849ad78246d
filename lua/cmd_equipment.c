/* cmd_equipment.c: `medoffice equipment SUB [DIR] ... --as STAFF`: the
 * practice's equipment and facilities from the command line. add, list
 * and show assets (with whether each may be used and why not); status
 * takes one out of service, returns or retires it; schedule sets or ends
 * a maintenance, inspection or calibration schedule (every N days or N
 * hours); service records a check, calibration or repair; history lists
 * the service records; due lists the schedules due and the open
 * building problems; sweep tasks someone with each overdue schedule;
 * issue, assign, resolve and issues keep the building problems. It uses
 * cli.h, core/equipment.h, tz.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "equipment.h"
#include "tz.h"
#include "units.h"

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_LOCATION, O_ROOM, O_KIND, O_RETIRED, O_NAME, O_SERIAL,
	O_MANUFACTURER, O_MODEL, O_CLIA_TEST, O_SET, O_REASON, O_WHAT,
	O_EVERY_DAYS, O_EVERY_HOURS, O_FIRST, O_BLOCKING, O_ASSIGNEE,
	O_RANGE, O_END, O_RESULT, O_READING, O_AT, O_BY, O_VENDOR, O_NOTE,
	O_ASSET, O_FROM, O_TO, O_THROUGH, O_ALL, O_PRIORITY, O_DUE, O_HELP,
	O_N
};
#define BIT(o) (UINT64_C(1) << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"location", required_argument, 0, O_LOCATION},
	{"room", required_argument, 0, O_ROOM},
	{"kind", required_argument, 0, O_KIND},
	{"retired", no_argument, 0, O_RETIRED},
	{"name", required_argument, 0, O_NAME},
	{"serial", required_argument, 0, O_SERIAL},
	{"manufacturer", required_argument, 0, O_MANUFACTURER},
	{"model", required_argument, 0, O_MODEL},
	{"clia-test", required_argument, 0, O_CLIA_TEST},
	{"set", required_argument, 0, O_SET},
	{"reason", required_argument, 0, O_REASON},
	{"what", required_argument, 0, O_WHAT},
	{"every-days", required_argument, 0, O_EVERY_DAYS},
	{"every-hours", required_argument, 0, O_EVERY_HOURS},
	{"first", required_argument, 0, O_FIRST},
	{"blocking", no_argument, 0, O_BLOCKING},
	{"assignee", required_argument, 0, O_ASSIGNEE},
	{"range", required_argument, 0, O_RANGE},
	{"end", no_argument, 0, O_END},
	{"result", required_argument, 0, O_RESULT},
	{"reading", required_argument, 0, O_READING},
	{"at", required_argument, 0, O_AT},
	{"by", required_argument, 0, O_BY},
	{"vendor", required_argument, 0, O_VENDOR},
	{"note", required_argument, 0, O_NOTE},
	{"asset", required_argument, 0, O_ASSET},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"through", required_argument, 0, O_THROUGH},
	{"all", no_argument, 0, O_ALL},
	{"priority", required_argument, 0, O_PRIORITY},
	{"due", required_argument, 0, O_DUE},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *v[O_N];  /* each option's text ("" for a flag), or NULL */
	int64_t id, asset, every_days, every_hours, low, high, reading;
	int32_t first, from, to, through, due;
} opts;

typedef struct sub {
	const char *name;
	const char *id; /* what the number after [DIR] is; NULL: none */
	uint64_t opts;  /* the options it takes besides --as */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

#define CMD "equipment"

/* ---- printing ---- */

static const char *place(const char *location, const char *room,
			 char buf[160])
{
	snprintf(buf, 160, "%s%s%s", location, room ? ", " : "",
		 room ? room : "");
	return buf;
}

/* "in service", or "NOT USABLE: why". */
static void print_state(const char *status, bool usable, const char *why)
{
	char st[32];
	if (usable)
		printf("%s", mo_equip_what_text(status, st));
	else
		printf("NOT USABLE: %s", why);
}

static int print_asset_line(void *ud, const mo_equip_asset *a)
{
	char where[160];
	int *n = ud;
	++*n;
	printf("#%-4lld %-18s %-14s %-30s ", (long long)a->id,
	       place(a->location, a->room, where), a->kind, a->name);
	print_state(a->status, a->usable, a->why);
	printf("\n");
	return 0;
}

static void print_field(const char *label, const char *v)
{
	if (v)
		printf("%-12s %s\n", label, v);
}

static int print_asset(void *ud, const mo_equip_asset *a)
{
	const char *zone = ud;
	char where[160], made[320] = "", when[32];
	printf("Asset %lld: %s\n", (long long)a->id, a->name);
	print_field("Kind", a->kind);
	print_field("Where", place(a->location, a->room, where));
	print_field("Serial", a->serial);
	if (a->manufacturer || a->model)
		snprintf(made, sizeof made, "%s%s%s", a->manufacturer
			 ? a->manufacturer : "", a->manufacturer && a->model
			 ? " " : "", a->model ? a->model : "");
	print_field("Make", made[0] ? made : NULL);
	print_field("CLIA test", a->clia_test);
	printf("%-12s ", "Status");
	print_state(a->status, a->usable, a->why);
	if (a->reason && a->usable)
		printf(" (%s)", a->reason);
	printf("\n%-12s %s by %s\n", "Added",
	       mo_tz_format(zone, a->created_us, when), a->created_by);
	return 0;
}

/* "every 30 days", "every 12 hours". */
static const char *every(const mo_equip_sched *s, char buf[32])
{
	int64_t n = s->every_days ? s->every_days : s->every_hours;
	snprintf(buf, 32, "every %lld %s%s", (long long)n,
		 s->every_days ? "day" : "hour", n == 1 ? "" : "s");
	return buf;
}

/* When s is next due: the day, or the local time for one in hours. */
static const char *next_text(const char *zone, const mo_equip_sched *s,
			     char buf[32])
{
	return s->next_us ? mo_tz_format(zone, s->next_us, buf)
			  : mo_date_format(s->next_due, buf);
}

static const char *standing(const mo_equip_sched *s)
{
	if (s->last_us && !s->last_passed)
		return "FAILED";
	return s->overdue ? "OVERDUE" : "due";
}

typedef struct sched_print {
	const char *zone;
	int n;
	bool with_asset;
} sched_print;

static int print_sched(void *ud, const mo_equip_sched *s)
{
	sched_print *c = ud;
	char w[32], ev[32], next[32], last[32], lo[32], hi[32];
	c->n++;
	printf("  %-16s %-7s %-12s %-16s", next_text(c->zone, s, next),
	       standing(s), mo_equip_what_text(s->what, w), every(s, ev));
	if (c->with_asset)
		printf(" #%lld %s", (long long)s->asset, s->asset_name);
	if (s->last_us)
		printf(" last %s %s", mo_tz_format(c->zone, s->last_us, last),
		       s->last_passed ? "pass" : "fail");
	else
		printf(" no check yet");
	if (s->has_range)
		printf(" range %s..%s", mo_money_format(s->low, lo),
		       mo_money_format(s->high, hi));
	if (s->blocking)
		printf(" blocking");
	if (s->assignee)
		printf(" for %s", s->assignee);
	if (s->task)
		printf(" task %lld", (long long)s->task);
	printf("\n");
	return 0;
}

typedef struct record_print {
	const char *zone;
	int n;
	bool with_asset;
} record_print;

static int print_record(void *ud, const mo_equip_record *r)
{
	record_print *c = ud;
	char when[32], w[32], v[32];
	c->n++;
	printf("  %s  %-12s %s", mo_tz_format(c->zone, r->done_us, when),
	       mo_equip_what_text(r->what, w), r->passed ? "pass" : "FAIL");
	if (c->with_asset)
		printf("  #%lld %s", (long long)r->asset, r->asset_name);
	if (r->has_reading)
		printf("  reading %s", mo_money_format(r->reading, v));
	printf("  by %s", r->done_by);
	if (r->vendor)
		printf("  vendor %s", r->vendor);
	if (r->note)
		printf("  note: %s", r->note);
	printf("\n");
	return 0;
}

typedef struct issue_print {
	const char *zone;
	int n;
} issue_print;

static int print_issue(void *ud, const mo_equip_issue *is)
{
	issue_print *c = ud;
	char where[160], due[11], when[32];
	c->n++;
	printf("#%-4lld %s %-6s %-8s %-16s %s (reported by %s", (long long)is->id,
	       mo_date_format(is->due, due), is->priority, is->status,
	       place(is->location, is->room, where), is->what,
	       is->reported_by);
	if (is->asset)
		printf(", asset %lld", (long long)is->asset);
	if (is->assignee)
		printf(", assigned to %s", is->assignee);
	printf(")\n");
	if (is->resolution)
		printf("      resolved by %s %s: %s\n", is->resolved_by,
		       mo_tz_format(c->zone, is->resolved_us, when),
		       is->resolution);
	return 0;
}

static const char *zone_of(mo_practice *p)
{
	return mo_practice_config(p)->timezone;
}

/* ---- the subcommands ---- */

static int list(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_filter f = {0, o->v[O_LOCATION], o->v[O_ROOM], o->v[O_KIND],
			     o->v[O_RETIRED] != NULL};
	int n = 0;
	if (mo_equip_list(p, o->v[O_AS], &f, print_asset_line, &n, e))
		return mo_cli_fail(e);
	printf("%d asset%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int show(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_filter f = {.id = o->id};
	sched_print sp = {zone_of(p), 0, false};
	record_print rp = {zone_of(p), 0, false};
	if (mo_equip_list(p, o->v[O_AS], &f, print_asset, (void *)zone_of(p),
			  e))
		return mo_cli_fail(e);
	printf("Schedules\n");
	if (mo_equip_schedules(p, o->v[O_AS], o->id, 0, print_sched, &sp, e))
		return mo_cli_fail(e);
	if (!sp.n)
		printf("  none\n");
	printf("Service records\n");
	if (mo_equip_history(p, o->v[O_AS], o->id, 0, 0, print_record, &rp, e))
		return mo_cli_fail(e);
	if (!rp.n)
		printf("  none\n");
	return MO_EXIT_OK;
}

static int add(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_asset_new in = {o->v[O_NAME], o->v[O_KIND], o->v[O_LOCATION],
				 o->v[O_ROOM], o->v[O_SERIAL],
				 o->v[O_MANUFACTURER], o->v[O_MODEL],
				 o->v[O_CLIA_TEST]};
	int64_t id;
	if (mo_equip_add(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("asset %lld added: %s\n", (long long)id, in.name);
	return MO_EXIT_OK;
}

static int status(mo_practice *p, const opts *o, mo_err *e)
{
	char st[32];
	if (mo_equip_set_status(p, o->v[O_AS], o->id, o->v[O_SET],
				o->v[O_REASON], e))
		return mo_cli_fail(e);
	printf("asset %lld is %s\n", (long long)o->id,
	       mo_equip_what_text(o->v[O_SET], st));
	return MO_EXIT_OK;
}

static int schedule(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_schedule_new in = {o->id, o->v[O_WHAT],
				    (int32_t)o->every_days,
				    (int32_t)o->every_hours, o->first,
				    o->v[O_BLOCKING] != NULL,
				    o->v[O_ASSIGNEE], o->v[O_RANGE] != NULL,
				    o->low, o->high};
	char w[32];
	int64_t id;
	if (o->v[O_END]) {
		if (mo_equip_unschedule(p, o->v[O_AS], o->id, o->v[O_WHAT], e))
			return mo_cli_fail(e);
		printf("asset %lld: the %s schedule ended\n", (long long)o->id,
		       mo_equip_what_text(o->v[O_WHAT], w));
		return MO_EXIT_OK;
	}
	if (mo_equip_schedule(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("asset %lld: %s schedule %lld set\n", (long long)o->id,
	       mo_equip_what_text(in.what, w), (long long)id);
	return MO_EXIT_OK;
}

static int service(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_record_new in = {o->id, o->v[O_WHAT], o->v[O_RESULT],
				  o->v[O_READING] != NULL, o->reading, 0,
				  o->v[O_BY], o->v[O_VENDOR], o->v[O_NOTE]};
	char w[32], why[MO_EQUIP_WHY];
	bool passed, usable;
	int64_t id;
	if ((o->v[O_AT] && mo_equip_parse_when(p, o->v[O_AT], &in.at_us, e)) ||
	    mo_equip_service(p, o->v[O_AS], &in, &id, &passed, e) ||
	    mo_equip_usable(p, o->id, &usable, why, e))
		return mo_cli_fail(e);
	printf("service record %lld: %s of asset %lld %s\n", (long long)id,
	       mo_equip_what_text(in.what, w), (long long)o->id,
	       passed ? "passed" : "FAILED");
	if (!usable)
		printf("%s\n", why);
	return MO_EXIT_OK;
}

static int history(mo_practice *p, const opts *o, mo_err *e)
{
	record_print rp = {zone_of(p), 0, true};
	if (mo_equip_history(p, o->v[O_AS], o->asset, o->from, o->to,
			     print_record, &rp, e))
		return mo_cli_fail(e);
	printf("%d service record%s\n", rp.n, rp.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* Open issues due by a day. */
typedef struct due_issues {
	issue_print pr;
	int32_t through;
} due_issues;

static int print_due_issue(void *ud, const mo_equip_issue *is)
{
	due_issues *c = ud;
	return is->due <= c->through ? print_issue(&c->pr, is) : 0;
}

static int due(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t through = o->v[O_THROUGH] ? o->through
		: mo_practice_today(p) + 30;
	sched_print sp = {zone_of(p), 0, true};
	due_issues di = {{zone_of(p), 0}, through};
	char d[11];
	printf("Schedules due by %s\n", mo_date_format(through, d));
	if (mo_equip_schedules(p, o->v[O_AS], 0, through, print_sched, &sp,
			       e))
		return mo_cli_fail(e);
	if (!sp.n)
		printf("  none\n");
	printf("Building problems open, due by %s\n", d);
	if (mo_equip_issues(p, o->v[O_AS], false, print_due_issue, &di, e))
		return mo_cli_fail(e);
	if (!di.pr.n)
		printf("  none\n");
	return MO_EXIT_OK;
}

static int sweep(mo_practice *p, const opts *o, mo_err *e)
{
	size_t n = 0;
	(void)o;
	if (mo_equip_sweep(p, &n, e)) {
		if (n)
			printf("%zu task%s made before the error\n", n,
			       n == 1 ? "" : "s");
		return mo_cli_fail(e);
	}
	printf("%zu task%s made for overdue schedules\n", n,
	       n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int issue(mo_practice *p, const opts *o, mo_err *e)
{
	mo_equip_issue_new in = {o->v[O_WHAT], o->v[O_LOCATION], o->v[O_ROOM],
				 o->asset, o->v[O_PRIORITY], o->due,
				 o->v[O_ASSIGNEE]};
	int64_t id;
	if (mo_equip_report(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("issue %lld reported\n", (long long)id);
	return MO_EXIT_OK;
}

static int assign(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_equip_assign(p, o->v[O_AS], o->id, o->v[O_ASSIGNEE], e))
		return mo_cli_fail(e);
	printf("issue %lld assigned to %s\n", (long long)o->id,
	       o->v[O_ASSIGNEE]);
	return MO_EXIT_OK;
}

static int resolve(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_equip_resolve(p, o->v[O_AS], o->id, o->v[O_NOTE], e))
		return mo_cli_fail(e);
	printf("issue %lld resolved\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int issues(mo_practice *p, const opts *o, mo_err *e)
{
	issue_print pr = {zone_of(p), 0};
	if (mo_equip_issues(p, o->v[O_AS], o->v[O_ALL] != NULL, print_issue,
			    &pr, e))
		return mo_cli_fail(e);
	printf("%d issue%s\n", pr.n, pr.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static const sub SUBS[] = {
	{"list", NULL, BIT(O_LOCATION) | BIT(O_ROOM) | BIT(O_KIND) |
	 BIT(O_RETIRED), list},
	{"show", "the asset number", 0, show},
	{"add", NULL, BIT(O_NAME) | BIT(O_KIND) | BIT(O_LOCATION) |
	 BIT(O_ROOM) | BIT(O_SERIAL) | BIT(O_MANUFACTURER) | BIT(O_MODEL) |
	 BIT(O_CLIA_TEST), add},
	{"status", "the asset number", BIT(O_SET) | BIT(O_REASON), status},
	{"schedule", "the asset number", BIT(O_WHAT) | BIT(O_EVERY_DAYS) |
	 BIT(O_EVERY_HOURS) | BIT(O_FIRST) | BIT(O_BLOCKING) |
	 BIT(O_ASSIGNEE) | BIT(O_RANGE) | BIT(O_END), schedule},
	{"service", "the asset number", BIT(O_WHAT) | BIT(O_RESULT) |
	 BIT(O_READING) | BIT(O_AT) | BIT(O_BY) | BIT(O_VENDOR) |
	 BIT(O_NOTE), service},
	{"history", NULL, BIT(O_ASSET) | BIT(O_FROM) | BIT(O_TO), history},
	{"due", NULL, BIT(O_THROUGH), due},
	{"sweep", NULL, 0, sweep},
	{"issue", NULL, BIT(O_WHAT) | BIT(O_LOCATION) | BIT(O_ROOM) |
	 BIT(O_ASSET) | BIT(O_PRIORITY) | BIT(O_DUE) | BIT(O_ASSIGNEE), issue},
	{"assign", "the issue number", BIT(O_ASSIGNEE), assign},
	{"resolve", "the issue number", BIT(O_NOTE), resolve},
	{"issues", NULL, BIT(O_ALL), issues},
	{NULL, NULL, 0, NULL},
};

/* What each subcommand cannot do without (besides --as). */
static const struct need {
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
	uint64_t opts;
	const char *text;
} NEEDS[] = {
	{add, BIT(O_NAME) | BIT(O_KIND) | BIT(O_LOCATION),
	 "add needs --name, --kind and --location"},
	{status, BIT(O_SET), "status needs --set in_service, out_of_service "
	 "or retired"},
	{schedule, BIT(O_WHAT), "schedule needs --what"},
	{service, BIT(O_WHAT), "service needs --what"},
	{issue, BIT(O_WHAT), "issue needs --what"},
	{assign, BIT(O_ASSIGNEE), "assign needs --assignee"},
	{resolve, BIT(O_NOTE), "resolve needs --note"},
	{NULL, 0, NULL},
};

/* ---- the arguments ---- */

static const sub *find_sub(const char *name)
{
	for (const sub *s = SUBS; s->name; s++)
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
	if (!o->v[O_AS])
		return mo_cli_usage(CMD, "--as STAFF is required: who does it");
	return -1;
}

static int check_needs(const sub *s, const opts *o)
{
	for (const struct need *n = NEEDS; n->run; n++)
		for (int b = 1; n->run == s->run && b < O_N; b++)
			if ((n->opts & BIT(b)) && !o->v[b])
				return mo_cli_usage(CMD, "%s", n->text);
	return -1;
}

static int date(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage(CMD, "--%s: %s", OPTS[opt - 1].name, e.msg);
	return -1;
}

/* A whole number; the core checks its range (so that 0 or -3 days is
 * refused with the schedule's own message). */
static int whole(const opts *o, int opt, int64_t *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", OPTS[opt - 1].name);
	return o->v[opt] ? mo_cli_number(CMD, what, o->v[opt], -1000000,
					 1000000, v) : -1;
}

static int decimal(const char *opt, const char *s, int64_t *v)
{
	mo_err e;
	if (mo_money_parse(s, v, &e))
		return mo_cli_usage(CMD, "%s: expected a number with at most "
				    "two decimals (\"4.5\"), got \"%s\"", opt,
				    s);
	return -1;
}

/* --range LOW..HIGH */
static int range(const opts *o, int64_t *low, int64_t *high)
{
	const char *s = o->v[O_RANGE], *dots = s ? strstr(s, "..") : NULL;
	char lo[32];
	if (!s)
		return -1;
	if (!dots || dots == s || (size_t)(dots - s) >= sizeof lo)
		return mo_cli_usage(CMD, "--range: expected LOW..HIGH (2..8), "
				    "got \"%s\"", s);
	snprintf(lo, sizeof lo, "%.*s", (int)(dots - s), s);
	int rc = decimal("--range", lo, low);
	return rc >= 0 ? rc : decimal("--range", dots + 2, high);
}

/* The typed values of the options given. */
static int convert(opts *o)
{
	int rc = whole(o, O_EVERY_DAYS, &o->every_days);
	if (rc < 0)
		rc = whole(o, O_EVERY_HOURS, &o->every_hours);
	if (rc < 0 && o->v[O_ASSET])
		rc = mo_cli_number(CMD, "--asset", o->v[O_ASSET], 1, INT64_MAX,
				   &o->asset);
	if (rc < 0 && o->v[O_READING])
		rc = decimal("--reading", o->v[O_READING], &o->reading);
	if (rc < 0)
		rc = range(o, &o->low, &o->high);
	if (rc < 0)
		rc = date(o, O_FIRST, &o->first);
	if (rc < 0)
		rc = date(o, O_FROM, &o->from);
	if (rc < 0)
		rc = date(o, O_TO, &o->to);
	if (rc < 0)
		rc = date(o, O_THROUGH, &o->through);
	return rc < 0 ? date(o, O_DUE, &o->due) : rc;
}

/* [DIR] and the number a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o,
		      const char **dir)
{
	return mo_cli_positional_id(CMD, s->name, s->id, argc, argv, dir,
				    &o->id);
}

int mo_cmd_equipment(int argc, char **argv)
{
	const char *dir = ".";
	const sub *s;
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc < 2 || !(s = find_sub(argv[1])))
		return mo_cli_usage(CMD, "expected list, show, add, status, "
				    "schedule, service, history, due, sweep, "
				    "issue, assign, resolve or issues");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o, &dir)) >= 0 ||
	    (rc = check_needs(s, &o)) >= 0 || (rc = convert(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
