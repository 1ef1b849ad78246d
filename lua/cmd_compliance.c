/* cmd_compliance.c: `medoffice compliance|waste|incident SUB [DIR] ...
 * --as STAFF`: compliance and safety from the command line. compliance
 * list, due, record and show keep the checklists the policies declare;
 * waste add and list keep the biohazardous waste pickups; incident
 * report, update, notify, list and show keep the incident reports. It
 * uses cli.h, core/compliance.h, tz.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compliance.h"
#include "tz.h"
#include "units.h"

enum {
	O_AS = 1, O_THROUGH, O_ITEM, O_RESULT, O_PERIOD, O_EVIDENCE, O_NOTE,
	O_BY, O_AT, O_HAULER, O_MANIFEST, O_DAY, O_SHARPS, O_RED_BAG,
	O_PHARMA, O_PATHO, O_WEIGHT, O_SIGNED_BY, O_FROM, O_TO, O_KIND,
	O_OCCURRED, O_REPORTED, O_LOCATION, O_DESCRIPTION, O_PATIENT,
	O_STAFF, O_REPORTED_BY, O_FOLLOW_UP, O_STATUS, O_AGENCY, O_METHOD,
	O_REFERENCE, O_HELP, O_N
};
#define BIT(o) (UINT64_C(1) << (o))
#define MAX_PEOPLE 16

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"through", required_argument, 0, O_THROUGH},
	{"item", required_argument, 0, O_ITEM},
	{"result", required_argument, 0, O_RESULT},
	{"period", required_argument, 0, O_PERIOD},
	{"evidence", required_argument, 0, O_EVIDENCE},
	{"note", required_argument, 0, O_NOTE},
	{"by", required_argument, 0, O_BY},
	{"at", required_argument, 0, O_AT},
	{"hauler", required_argument, 0, O_HAULER},
	{"manifest", required_argument, 0, O_MANIFEST},
	{"day", required_argument, 0, O_DAY},
	{"sharps", required_argument, 0, O_SHARPS},
	{"red-bag", required_argument, 0, O_RED_BAG},
	{"pharmaceutical", required_argument, 0, O_PHARMA},
	{"pathological", required_argument, 0, O_PATHO},
	{"weight", required_argument, 0, O_WEIGHT},
	{"signed-by", required_argument, 0, O_SIGNED_BY},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"kind", required_argument, 0, O_KIND},
	{"occurred", required_argument, 0, O_OCCURRED},
	{"reported", required_argument, 0, O_REPORTED},
	{"location", required_argument, 0, O_LOCATION},
	{"description", required_argument, 0, O_DESCRIPTION},
	{"patient", required_argument, 0, O_PATIENT},
	{"staff", required_argument, 0, O_STAFF},
	{"reported-by", required_argument, 0, O_REPORTED_BY},
	{"follow-up", required_argument, 0, O_FOLLOW_UP},
	{"status", required_argument, 0, O_STATUS},
	{"agency", required_argument, 0, O_AGENCY},
	{"method", required_argument, 0, O_METHOD},
	{"reference", required_argument, 0, O_REFERENCE},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *cmd;
	const char *v[O_N];
	const char *name;       /* a checklist id argument */
	int64_t id, patient[MAX_PEOPLE], n[4], weight;
	const char *staff[MAX_PEOPLE];
	size_t np, ns;
	int32_t through, day, from, to, follow_up;
} opts;

typedef struct sub {
	const char *name;
	const char *arg;   /* what the argument after [DIR] is; NULL: none */
	bool numeric;      /* it is a number (else a name) */
	uint64_t opts;
	uint64_t needs;
	int (*run)(mo_practice *p, opts *o, mo_err *e);
} sub;

static const char *zone_of(mo_practice *p)
{
	return mo_practice_config(p)->timezone;
}

/* ---- compliance ---- */

static const char *standing(const mo_comp_status *s)
{
	if (s->missed)
		return "MISSED";
	if (s->complete)
		return s->late ? "complete (late)" : "complete";
	return "open";
}

static int print_status_line(void *ud, const mo_comp_status *s)
{
	char d[11];
	(void)ud;
	printf("%-22s %-8s %-9s due %s  %zu/%zu %s%s\n", s->checklist->id,
	       s->checklist->every, s->period.text,
	       mo_date_format(s->period.due, d), s->done,
	       s->checklist->nitems, standing(s),
	       s->failed ? "  FAILED ITEMS" : "");
	return 0;
}

static int c_list(mo_practice *p, opts *o, mo_err *e)
{
	if (mo_comp_list(p, o->v[O_AS], print_status_line, NULL, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

typedef struct due_ctx {
	mo_practice *p;
	int32_t through;
	int n;
} due_ctx;

static int print_due(void *ud, const mo_due_item *it)
{
	char d[11];
	int *n = ud;
	++*n;
	printf("%s  %s", mo_date_format(it->due, d), it->what);
	if (it->staff || it->job)
		printf("  [%s]", it->staff ? it->staff : it->job);
	printf("\n");
	return 0;
}

static int due_read(void *ud, mo_err *e)
{
	due_ctx *x = ud;
	return mo_due_sorted(x->p, mo_comp_due, x->through, print_due, &x->n,
			     e);
}

static int c_due(mo_practice *p, opts *o, mo_err *e)
{
	due_ctx x = {p, o->through ? o->through : mo_practice_today(p) + 14,
		     0};
	char d[11];
	mo_fact facts[] = {{"through", MO_FACT_STR,
			    mo_date_format(x.through, d), 0}};
	if (mo_op_read(p, o->v[O_AS], "compliance.view", facts, 1, "due",
		       due_read, &x, e))
		return mo_cli_fail(e);
	printf("%d item%s due\n", x.n, x.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int when(mo_practice *p, const char *what, const char *s,
		int64_t *us, mo_err *e)
{
	*us = 0;
	return s ? mo_comp_parse_when(p, what, s, us, e) : 0;
}

static int c_record(mo_practice *p, opts *o, mo_err *e)
{
	mo_comp_result_new in = {o->name, o->v[O_ITEM], o->v[O_PERIOD],
				 o->v[O_RESULT], o->v[O_EVIDENCE],
				 o->v[O_NOTE], o->v[O_BY], 0};
	int64_t id = 0, task = 0;
	if (when(p, "checklist at", o->v[O_AT], &in.at_us, e) ||
	    mo_comp_record(p, o->v[O_AS], &in, &id, &task, e))
		return mo_cli_fail(e);
	printf("recorded %s of %s (record %lld)", in.result, in.item,
	       (long long)id);
	if (task)
		printf("; corrective task %lld opened", (long long)task);
	printf("\n");
	return MO_EXIT_OK;
}

static int print_status(void *ud, const mo_comp_status *s)
{
	char a[11], b[11], d[11];
	(void)ud;
	printf("%s (%s)\n", s->checklist->title, s->checklist->id);
	printf("Period   %s (%s to %s), due %s\n", s->period.text,
	       mo_date_format(s->period.first, a),
	       mo_date_format(s->period.last, b),
	       mo_date_format(s->period.due, d));
	printf("Owner    %s\nStatus   %s, %zu of %zu items done\n",
	       s->checklist->owner, standing(s), s->done,
	       s->checklist->nitems);
	return 0;
}

static int print_entry(void *ud, const mo_comp_entry *en)
{
	char t[32];
	const char *zone = ud;
	printf("  %-16s %-5s %s%s\n", en->item->id, en->id ? en->result : "-",
	       en->item->text, en->item->evidence_required
	       ? " (evidence required)" : "");
	if (!en->id)
		return 0;
	printf("%19s by %s at %s", "", en->by, mo_tz_format(zone, en->at_us,
							     t));
	if (en->evidence)
		printf(", evidence: %s", en->evidence);
	if (en->task)
		printf(", task %lld", (long long)en->task);
	printf("\n");
	if (en->note)
		printf("%19s note: %s\n", "", en->note);
	return 0;
}

static int c_show(mo_practice *p, opts *o, mo_err *e)
{
	if (mo_comp_status_get(p, o->v[O_AS], o->name, o->v[O_PERIOD],
			       print_status, print_entry, (void *)zone_of(p),
			       e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

/* ---- waste ---- */

static int w_add(mo_practice *p, opts *o, mo_err *e)
{
	mo_comp_pickup_new in = {o->day, o->v[O_HAULER], o->v[O_MANIFEST],
				 o->n[0], o->n[1], o->n[2], o->n[3],
				 o->v[O_WEIGHT] ? o->weight : -1,
				 o->v[O_SIGNED_BY], o->v[O_NOTE]};
	int64_t id = 0;
	if (mo_comp_pickup(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("waste pickup %lld recorded (manifest %s)\n", (long long)id,
	       in.manifest);
	return MO_EXIT_OK;
}

static int print_pickup(void *ud, const mo_comp_pickup_row *r)
{
	char d[11], w[32];
	int *n = ud;
	++*n;
	printf("#%-4lld %s  %-24s manifest %-14s sharps %lld, red bag %lld, "
	       "pharmaceutical %lld, pathological %lld", (long long)r->id,
	       mo_date_format(r->day, d), r->hauler, r->manifest,
	       (long long)r->sharps, (long long)r->red_bag,
	       (long long)r->pharmaceutical, (long long)r->pathological);
	if (r->weight >= 0)
		printf(", %s lb", mo_money_format(r->weight, w));
	printf(", signed by %s\n", r->signed_by);
	return 0;
}

static int w_list(mo_practice *p, opts *o, mo_err *e)
{
	int n = 0;
	if (mo_comp_pickups(p, o->v[O_AS], o->from, o->to, print_pickup, &n,
			    e))
		return mo_cli_fail(e);
	printf("%d pickup%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- incidents ---- */

static int i_report(mo_practice *p, opts *o, mo_err *e)
{
	mo_comp_incident_new in = {o->v[O_KIND], 0, 0, o->v[O_LOCATION],
				   o->v[O_DESCRIPTION], o->patient, o->np,
				   o->staff, o->ns, o->v[O_REPORTED_BY],
				   o->follow_up};
	int64_t id = 0;
	if (when(p, "incident occurred", o->v[O_OCCURRED], &in.occurred_us,
		 e) ||
	    when(p, "incident reported", o->v[O_REPORTED], &in.reported_us,
		 e) ||
	    mo_comp_report(p, o->v[O_AS], &in, &id, e))
		return mo_cli_fail(e);
	printf("incident %lld reported\n", (long long)id);
	if (mo_comp_is_abuse(in.kind))
		printf("suspected abuse or neglect: report it to the "
		       "authorities, then record it with `medoffice incident "
		       "notify %lld`\n", (long long)id);
	return MO_EXIT_OK;
}

static int i_update(mo_practice *p, opts *o, mo_err *e)
{
	if (mo_comp_update(p, o->v[O_AS], o->id, o->v[O_STATUS], o->v[O_NOTE],
			   o->follow_up, e))
		return mo_cli_fail(e);
	printf("incident %lld updated\n", (long long)o->id);
	return MO_EXIT_OK;
}

static int i_notify(mo_practice *p, opts *o, mo_err *e)
{
	mo_comp_notice_new in = {o->id, o->v[O_AGENCY], o->v[O_REPORTED_BY],
				 o->v[O_METHOD], o->v[O_REFERENCE], 0};
	if (when(p, "notice at", o->v[O_AT], &in.reported_us, e) ||
	    mo_comp_notify(p, o->v[O_AS], &in, NULL, e))
		return mo_cli_fail(e);
	printf("report of incident %lld to %s recorded\n", (long long)o->id,
	       in.agency);
	return MO_EXIT_OK;
}

typedef struct inc_print {
	const char *zone;
	int n;
} inc_print;

static void print_people(const mo_comp_incident *in)
{
	for (size_t i = 0; i < in->npatients; i++)
		printf("%s patient %lld", i ? "," : " involving",
		       (long long)in->patients[i]);
	for (size_t i = 0; i < in->nstaff; i++)
		printf("%s %s", i || in->npatients ? "," : " involving",
		       in->staff[i]);
}

static void print_notice_state(const char *zone, const mo_comp_incident *in)
{
	char t[32];
	if (!in->abuse)
		return;
	if (in->notified_us)
		printf("  reported to the authorities %s",
		       mo_tz_format(zone, in->notified_us, t));
	else
		printf("  NOT REPORTED to the authorities (due by %s)",
		       mo_tz_format(zone, in->notify_by_us, t));
}

static int print_incident_line(void *ud, const mo_comp_incident *in)
{
	inc_print *x = ud;
	char t[32];
	x->n++;
	printf("#%-4lld %s %-18s %-13s %s", (long long)in->id,
	       mo_tz_format(x->zone, in->occurred_us, t), in->kind, in->status,
	       in->location);
	print_people(in);
	print_notice_state(x->zone, in);
	printf("\n");
	return 0;
}

static int i_list(mo_practice *p, opts *o, mo_err *e)
{
	mo_comp_incident_filter f = {o->v[O_KIND], o->v[O_STATUS],
				     o->np ? o->patient[0] : 0, o->from,
				     o->to};
	inc_print x = {zone_of(p), 0};
	if (mo_comp_incidents(p, o->v[O_AS], &f, print_incident_line, &x, e))
		return mo_cli_fail(e);
	printf("%d incident%s\n", x.n, x.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int print_incident(void *ud, const mo_comp_incident *in)
{
	inc_print *x = ud;
	char a[32], b[32], d[11];
	printf("Incident %lld: %s (%s)\n", (long long)in->id, in->kind,
	       in->status);
	printf("Occurred   %s at %s\n", mo_tz_format(x->zone, in->occurred_us,
						      a), in->location);
	printf("Reported   %s by %s\n", mo_tz_format(x->zone, in->reported_us,
						    b), in->reported_by);
	printf("People    ");
	print_people(in);
	printf("%s\nFollow-up  %s\n", in->npatients + in->nstaff ? ""
	       : " none named", mo_date_format(in->follow_up, d));
	if (in->abuse) {
		printf("Authority ");
		print_notice_state(x->zone, in);
		printf("\n");
	}
	printf("\n%s\n", in->description);
	return 0;
}

static int print_event(void *ud, const mo_comp_event *ev)
{
	inc_print *x = ud;
	char t[32];
	printf("  %s %s: ", mo_tz_format(x->zone, ev->at_us, t), ev->by);
	if (ev->agency)
		printf("reported to %s by %s%s%s\n", ev->agency, ev->method,
		       ev->reference ? ", reference " : "",
		       ev->reference ? ev->reference : "");
	else
		printf("[%s] %s\n", ev->status, ev->note);
	return 0;
}

static int i_show(mo_practice *p, opts *o, mo_err *e)
{
	inc_print x = {zone_of(p), 0};
	if (mo_comp_incident_get(p, o->v[O_AS], o->id, print_incident,
				 print_event, &x, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static const sub COMPLIANCE[] = {
	{"list", NULL, false, 0, 0, c_list},
	{"due", NULL, false, BIT(O_THROUGH), 0, c_due},
	{"record", "the checklist", false, BIT(O_ITEM) | BIT(O_RESULT) |
	 BIT(O_PERIOD) | BIT(O_EVIDENCE) | BIT(O_NOTE) | BIT(O_BY) | BIT(O_AT),
	 BIT(O_ITEM) | BIT(O_RESULT), c_record},
	{"show", "the checklist", false, BIT(O_PERIOD), 0, c_show},
	{NULL, NULL, false, 0, 0, NULL},
};

static const sub WASTE[] = {
	{"add", NULL, false, BIT(O_HAULER) | BIT(O_MANIFEST) | BIT(O_DAY) |
	 BIT(O_SHARPS) | BIT(O_RED_BAG) | BIT(O_PHARMA) | BIT(O_PATHO) |
	 BIT(O_WEIGHT) | BIT(O_SIGNED_BY) | BIT(O_NOTE),
	 BIT(O_HAULER) | BIT(O_MANIFEST), w_add},
	{"list", NULL, false, BIT(O_FROM) | BIT(O_TO), 0, w_list},
	{NULL, NULL, false, 0, 0, NULL},
};

static const sub INCIDENT[] = {
	{"report", NULL, false, BIT(O_KIND) | BIT(O_OCCURRED) |
	 BIT(O_REPORTED) | BIT(O_LOCATION) | BIT(O_DESCRIPTION) |
	 BIT(O_PATIENT) | BIT(O_STAFF) | BIT(O_REPORTED_BY) |
	 BIT(O_FOLLOW_UP), BIT(O_KIND) | BIT(O_OCCURRED) | BIT(O_LOCATION) |
	 BIT(O_DESCRIPTION), i_report},
	{"update", "the incident number", true, BIT(O_STATUS) | BIT(O_NOTE) |
	 BIT(O_FOLLOW_UP), BIT(O_NOTE), i_update},
	{"notify", "the incident number", true, BIT(O_AGENCY) | BIT(O_METHOD) |
	 BIT(O_REFERENCE) | BIT(O_REPORTED_BY) | BIT(O_AT),
	 BIT(O_AGENCY) | BIT(O_METHOD), i_notify},
	{"list", NULL, false, BIT(O_KIND) | BIT(O_STATUS) | BIT(O_PATIENT) |
	 BIT(O_FROM) | BIT(O_TO), 0, i_list},
	{"show", "the incident number", true, 0, 0, i_show},
	{NULL, NULL, false, 0, 0, NULL},
};

/* ---- the arguments ---- */

static int add_person(opts *o, int c, const char *arg)
{
	if ((c == O_PATIENT ? o->np : o->ns) >= MAX_PEOPLE)
		return mo_cli_usage(o->cmd, "at most %d --%s", MAX_PEOPLE,
				    OPTS[c - 1].name);
	if (c == O_STAFF) {
		o->staff[o->ns++] = arg;
		return -1;
	}
	int rc = mo_cli_number(o->cmd, "--patient", arg, 1, INT64_MAX,
			       &o->patient[o->np]);
	o->np += rc < 0;
	return rc;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help(o->cmd);
		if (c < O_AS || c >= O_N)
			return mo_cli_usage(o->cmd, "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage(o->cmd, "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		o->v[c] = optarg;
		if ((c == O_PATIENT || c == O_STAFF) &&
		    (rc = add_person(o, c, optarg)) >= 0)
			return rc;
	}
	if (!o->v[O_AS])
		return mo_cli_usage(o->cmd, "--as STAFF is required: who does "
				    "it");
	for (int b = 1; b < O_N; b++)
		if ((s->needs & BIT(b)) && !o->v[b])
			return mo_cli_usage(o->cmd, "%s needs --%s", s->name,
					    OPTS[b - 1].name);
	return -1;
}

static int date(opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage(o->cmd, "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

/* A container count: any whole number, so that the core refuses a
 * negative one with its own message. */
static int count(opts *o, int opt, int64_t *v)
{
	char what[32];
	snprintf(what, sizeof what, "--%s", OPTS[opt - 1].name);
	return o->v[opt] ? mo_cli_number(o->cmd, what, o->v[opt], -1000000,
					 1000000, v) : -1;
}

static int convert(opts *o)
{
	static const int counts[4] = {O_SHARPS, O_RED_BAG, O_PHARMA, O_PATHO};
	mo_err e;
	int rc = -1;
	for (int i = 0; rc < 0 && i < 4; i++)
		rc = count(o, counts[i], &o->n[i]);
	if (rc < 0 && o->v[O_WEIGHT] &&
	    mo_money_parse(o->v[O_WEIGHT], &o->weight, &e))
		return mo_cli_usage(o->cmd, "--weight: expected pounds with at "
				    "most two decimals (\"12.5\"), got \"%s\"",
				    o->v[O_WEIGHT]);
	if (rc < 0 && o->v[O_WEIGHT] && o->weight == -1)
		o->weight = -2; /* "-0.01": refused by the core */
	if (rc < 0)
		rc = date(o, O_THROUGH, &o->through);
	if (rc < 0)
		rc = date(o, O_DAY, &o->day);
	if (rc < 0)
		rc = date(o, O_FROM, &o->from);
	if (rc < 0)
		rc = date(o, O_TO, &o->to);
	return rc < 0 ? date(o, O_FOLLOW_UP, &o->follow_up) : rc;
}

static int positional(int argc, char **argv, const sub *s, opts *o,
		      const char **dir)
{
	return s->numeric ? mo_cli_positional_id(o->cmd, s->name, s->arg, argc,
						 argv, dir, &o->id)
			  : mo_cli_positional(o->cmd, s->name, s->arg, argc,
					      argv, dir, &o->name);
}

static int run(const char *cmd, const sub *subs, const char *expected,
	       int argc, char **argv)
{
	const char *dir = ".";
	const sub *s = NULL;
	opts o = {.cmd = cmd};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	for (const sub *x = subs; argc >= 2 && x->name && !s; x++)
		if (!strcmp(x->name, argv[1]))
			s = x;
	if (!s)
		return mo_cli_usage(cmd, "expected %s", expected);
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o, &dir)) >= 0 ||
	    (rc = convert(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}

int mo_cmd_compliance(int argc, char **argv)
{
	return run("compliance", COMPLIANCE, "list, due, record or show", argc,
		   argv);
}

int mo_cmd_waste(int argc, char **argv)
{
	return run("waste", WASTE, "add or list", argc, argv);
}

int mo_cmd_incident(int argc, char **argv)
{
	return run("incident", INCIDENT, "report, update, notify, list or "
		   "show", argc, argv);
}
