/* cmd_hr.c: `medoffice hr file|hire|role|terminate|benefits|review|
 * discipline|ack|void|candidate|status|candidates|interview|assess [DIR]
 * ... --as STAFF`: the personnel file of a staff member (audited; one's
 * own, or anyone's with hr.view), its records (a hire and a benefits
 * enrollment go through their approvals, a new rate through the
 * pay_change request), acknowledgements, voids, and recruiting:
 * candidates, their status, interviews and assessments. It uses cli.h,
 * request_print.h, core/hr.h, core/approval.h, tz.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "cli.h"
#include "hr.h"
#include "request_print.h"
#include "tz.h"
#include "units.h"

enum {
	O_AS = 1, O_STAFF, O_NAME, O_JOB, O_START, O_EMPLOYMENT, O_CANDIDATE,
	O_HOURLY, O_SALARY, O_EFFECTIVE, O_REASON, O_MISCONDUCT, O_REHIRE,
	O_NOTE, O_PLAN, O_COVERAGE, O_EMPLOYEE_COST, O_EMPLOYER_COST, O_WAIVE,
	O_REVIEWER, O_DATE, O_FROM, O_TO, O_RATING, O_SUMMARY, O_GOALS,
	O_LEVEL, O_DESCRIPTION, O_CORRECTS, O_POSITION, O_APPLIED, O_SOURCE,
	O_STATUS, O_AT, O_INTERVIEWER, O_NOTES, O_ASSESSOR, O_SCORE,
	O_RECOMMEND, O_COMMENT, O_HELP, O_N
};
#define BIT(o) (1ull << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"staff", required_argument, 0, O_STAFF},
	{"name", required_argument, 0, O_NAME},
	{"job", required_argument, 0, O_JOB},
	{"start", required_argument, 0, O_START},
	{"employment", required_argument, 0, O_EMPLOYMENT},
	{"candidate", required_argument, 0, O_CANDIDATE},
	{"hourly", required_argument, 0, O_HOURLY},
	{"salary", required_argument, 0, O_SALARY},
	{"effective", required_argument, 0, O_EFFECTIVE},
	{"reason", required_argument, 0, O_REASON},
	{"misconduct", no_argument, 0, O_MISCONDUCT},
	{"rehire", no_argument, 0, O_REHIRE},
	{"note", required_argument, 0, O_NOTE},
	{"plan", required_argument, 0, O_PLAN},
	{"coverage", required_argument, 0, O_COVERAGE},
	{"employee-cost", required_argument, 0, O_EMPLOYEE_COST},
	{"employer-cost", required_argument, 0, O_EMPLOYER_COST},
	{"waive", no_argument, 0, O_WAIVE},
	{"reviewer", required_argument, 0, O_REVIEWER},
	{"date", required_argument, 0, O_DATE},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"rating", required_argument, 0, O_RATING},
	{"summary", required_argument, 0, O_SUMMARY},
	{"goals", required_argument, 0, O_GOALS},
	{"level", required_argument, 0, O_LEVEL},
	{"description", required_argument, 0, O_DESCRIPTION},
	{"corrects", required_argument, 0, O_CORRECTS},
	{"position", required_argument, 0, O_POSITION},
	{"applied", required_argument, 0, O_APPLIED},
	{"source", required_argument, 0, O_SOURCE},
	{"status", required_argument, 0, O_STATUS},
	{"at", required_argument, 0, O_AT},
	{"interviewer", required_argument, 0, O_INTERVIEWER},
	{"notes", required_argument, 0, O_NOTES},
	{"assessor", required_argument, 0, O_ASSESSOR},
	{"score", required_argument, 0, O_SCORE},
	{"recommend", required_argument, 0, O_RECOMMEND},
	{"comment", required_argument, 0, O_COMMENT},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

enum { MAX_LIST = 20 };

typedef struct opts {
	const char *dir;
	const char *arg;  /* the positional STAFF or ID */
	const char *v[O_N];
	int32_t day[O_N]; /* the date options */
	int64_t num[O_N]; /* money (cents) and whole-number options */
	const char *list[MAX_LIST]; /* --interviewer or --score, repeated */
	size_t nlist;
} opts;

typedef struct sub {
	const char *name;
	const char *arg;  /* the positional it takes ("STAFF", "ID"), or NULL */
	unsigned long long opts;
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

/* ---- the file ---- */

static void print_kind(const mo_hr_record *r)
{
	char a[32], b[32], d1[11], d2[11];
	if (!strcmp(r->kind, "hire"))
		printf("%s, %s%s%s", r->job, r->employment,
		       r->name ? ", " : "", r->name ? r->name : "");
	else if (!strcmp(r->kind, "role"))
		printf("%s -> %s", r->from_job ? r->from_job : "?", r->job);
	else if (!strcmp(r->kind, "termination"))
		printf("%s%s, %seligible for rehire", r->reason,
		       r->gross_misconduct ? " (gross misconduct)" : "",
		       r->rehire ? "" : "not ");
	else if (!strcmp(r->kind, "benefits") && r->waived)
		printf("%s waived", r->plan);
	else if (!strcmp(r->kind, "benefits"))
		printf("%s, %s, %s employee + %s employer a pay period",
		       r->plan, r->coverage,
		       mo_money_format(r->employee_cost, a),
		       mo_money_format(r->employer_cost, b));
	else if (!strcmp(r->kind, "review"))
		printf("rating %d by %s for %s to %s", r->rating, r->reviewer,
		       mo_date_format(r->from, d1), mo_date_format(r->to, d2));
	else
		printf("%s", r->level);
}

static int print_record(void *ud, const mo_hr_record *r)
{
	char d[11];
	(*(int *)ud)++;
	printf("#%-4lld %s  %-11s ", (long long)r->id,
	       mo_date_format(r->day, d), r->kind);
	if (r->voided)
		printf("VOID (record %lld)", (long long)r->corrects);
	else
		print_kind(r);
	if (r->corrects && !r->voided)
		printf("  (corrects %lld)", (long long)r->corrects);
	if (r->request)
		printf("  request %lld", (long long)r->request);
	if (r->pay_request)
		printf("  pay request %lld", (long long)r->pay_request);
	printf("  by %s\n", r->created_by);
	if (r->text)
		printf("      %s\n", r->text);
	if (r->goals)
		printf("      goals: %s\n", r->goals);
	if (r->acknowledged_us)
		printf("      acknowledged%s%s\n", r->ack_comment ? ": " : "",
		       r->ack_comment ? r->ack_comment : "");
	else if (!r->voided && (!strcmp(r->kind, "review") ||
				!strcmp(r->kind, "discipline")))
		printf("      not acknowledged yet\n");
	return 0;
}

static int file(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_hr_file(p, o->v[O_AS], o->arg, print_record, &n, e))
		return mo_cli_fail(e);
	printf("%d record%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- records ---- */

static const char *pay_of(const opts *o)
{
	return o->v[O_HOURLY] ? "hourly" : o->v[O_SALARY] ? "salary" : NULL;
}

static int64_t rate_of(const opts *o)
{
	return o->v[O_HOURLY] ? o->num[O_HOURLY] : o->num[O_SALARY];
}

static int filed(mo_practice *p, const opts *o, int rc,
		 const int64_t *id, mo_err *e)
{
	if (rc || mo_approval_get(p, *id, mo_cli_print_filed, NULL,
				  (void *)o->dir, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static int hire(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_hire_new h = {o->v[O_STAFF], o->v[O_NAME], o->v[O_JOB],
			    o->day[O_START], o->v[O_EMPLOYMENT],
			    o->num[O_CANDIDATE], pay_of(o), rate_of(o),
			    o->v[O_NOTE], o->num[O_CORRECTS]};
	int64_t id = 0;
	return filed(p, o, mo_hr_hire_request(p, o->v[O_AS], &h, &id, e),
		     &id, e);
}

static int done(int rc, const char *what, const int64_t *id, mo_err *e)
{
	if (rc)
		return mo_cli_fail(e);
	printf("%s: record %lld\n", what, (long long)*id);
	return MO_EXIT_OK;
}

static int role(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_role_new r = {o->v[O_STAFF], o->v[O_JOB], o->day[O_EFFECTIVE],
			    o->v[O_REASON], pay_of(o), rate_of(o),
			    o->num[O_CORRECTS]};
	int64_t id = 0, pay = 0;
	int rc = mo_hr_role(p, o->v[O_AS], &r, &id, &pay, e);
	if (rc || !pay)
		return done(rc, "role change", &id, e);
	printf("role change: record %lld\n", (long long)id);
	return filed(p, o, 0, &pay, e);
}

static int terminate(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_term_new t = {o->v[O_STAFF], o->day[O_EFFECTIVE],
			    o->v[O_REASON], o->v[O_MISCONDUCT] != NULL,
			    o->v[O_REHIRE] != NULL, o->v[O_NOTE],
			    o->num[O_CORRECTS]};
	int64_t id = 0;
	return done(mo_hr_terminate(p, o->v[O_AS], &t, &id, e), "termination",
		    &id, e);
}

static int benefits(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_benefit_new b = {o->v[O_STAFF], o->v[O_PLAN],
			       o->day[O_EFFECTIVE], o->v[O_COVERAGE],
			       o->num[O_EMPLOYEE_COST],
			       o->num[O_EMPLOYER_COST], o->v[O_WAIVE] != NULL,
			       o->num[O_CORRECTS]};
	int64_t id = 0;
	return filed(p, o, mo_hr_benefits_request(p, o->v[O_AS], &b, &id, e),
		     &id, e);
}

static int review(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p);
	mo_hr_review_new v = {o->v[O_STAFF],
			      o->v[O_REVIEWER] ? o->v[O_REVIEWER] : o->v[O_AS],
			      o->v[O_DATE] ? o->day[O_DATE] : today,
			      o->day[O_FROM],
			      o->v[O_TO] ? o->day[O_TO] : o->v[O_DATE]
					 ? o->day[O_DATE] : today,
			      (int)o->num[O_RATING], o->v[O_SUMMARY],
			      o->v[O_GOALS], o->num[O_CORRECTS]};
	int64_t id = 0;
	return done(mo_hr_review(p, o->v[O_AS], &v, &id, e), "review", &id, e);
}

static int discipline(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_note_new n = {o->v[O_STAFF], o->v[O_DATE] ? o->day[O_DATE]
				: mo_practice_today(p), o->v[O_LEVEL],
			    o->v[O_DESCRIPTION], o->num[O_CORRECTS]};
	int64_t id = 0;
	return done(mo_hr_discipline(p, o->v[O_AS], &n, &id, e),
		    "disciplinary note", &id, e);
}

static int ack(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t id = strtoll(o->arg, NULL, 10);
	if (mo_hr_acknowledge(p, o->v[O_AS], id, o->v[O_COMMENT], e))
		return mo_cli_fail(e);
	printf("record %lld acknowledged by %s\n", (long long)id, o->v[O_AS]);
	return MO_EXIT_OK;
}

static int void_record(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t id = 0;
	return done(mo_hr_void(p, o->v[O_AS], strtoll(o->arg, NULL, 10),
			       o->v[O_REASON], &id, e), "void", &id, e);
}

/* ---- recruiting ---- */

static int candidate(mo_practice *p, const opts *o, mo_err *e)
{
	mo_hr_candidate_new c = {o->v[O_NAME], o->v[O_POSITION],
				 o->v[O_APPLIED] ? o->day[O_APPLIED]
				 : mo_practice_today(p), o->v[O_SOURCE]};
	int64_t id = 0;
	return done(mo_hr_candidate_add(p, o->v[O_AS], &c, &id, e),
		    "candidate", &id, e);
}

static int status(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t id = strtoll(o->arg, NULL, 10);
	if (mo_hr_candidate_status(p, o->v[O_AS], id, o->v[O_STATUS],
				   o->v[O_NOTE], e))
		return mo_cli_fail(e);
	printf("candidate %lld: %s\n", (long long)id, o->v[O_STATUS]);
	return MO_EXIT_OK;
}

static int print_candidate(void *ud, const mo_hr_candidate *c)
{
	char d[11];
	(*(int *)ud)++;
	printf("#%-4lld %-24s %-18s %-12s applied %s  %lld interview%s",
	       (long long)c->id, c->name, c->position, c->status,
	       mo_date_format(c->applied, d), (long long)c->interviews,
	       c->interviews == 1 ? "" : "s");
	if (c->assessments)
		printf(", %lld assessment%s (average %.1f)",
		       (long long)c->assessments,
		       c->assessments == 1 ? "" : "s", c->average);
	printf("%s%s\n", c->source ? "  via " : "", c->source ? c->source : "");
	return 0;
}

static int candidates(mo_practice *p, const opts *o, mo_err *e)
{
	int n = 0;
	if (mo_hr_candidates(p, o->v[O_AS], o->v[O_STATUS], print_candidate,
			     &n, e))
		return mo_cli_fail(e);
	printf("%d candidate%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int interview(mo_practice *p, const opts *o, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	mo_hr_interview_new in = {o->num[O_CANDIDATE], 0, o->list, o->nlist,
				  o->v[O_NOTES], o->num[O_CORRECTS]};
	int64_t id = 0;
	int32_t day, sec;
	if (mo_tz_parse_local(o->v[O_AT], &day, &sec, e) ||
	    mo_tz_to_utc(zone, day, sec, MO_TZ_STRICT, &in.at_us, e)) {
		mo_err_prefix(e, "interview at: ");
		return mo_cli_fail(e);
	}
	return done(mo_hr_interview(p, o->v[O_AS], &in, &id, e), "interview",
		    &id, e);
}

static int assess(mo_practice *p, const opts *o, mo_err *e)
{
	const char *crit[MAX_LIST];
	int score[MAX_LIST];
	char buf[MAX_LIST][64];
	int64_t id = 0;
	for (size_t i = 0; i < o->nlist; i++) {
		const char *eq = strrchr(o->list[i], '=');
		size_t n = eq ? (size_t)(eq - o->list[i]) : 0;
		snprintf(buf[i], sizeof buf[i], "%.*s", (int)(n < 63 ? n : 63),
			 o->list[i]);
		crit[i] = buf[i];
		score[i] = 0; /* refused by the core unless a whole 1..5 */
		if (eq && eq[1]) {
			char *end;
			long v = strtol(eq + 1, &end, 10);
			score[i] = *end ? 0 : (int)(v < 0 || v > 99 ? 0 : v);
		}
	}
	mo_hr_assessment_new a = {o->num[O_CANDIDATE],
				  o->v[O_ASSESSOR] ? o->v[O_ASSESSOR]
				  : o->v[O_AS], crit, score, o->nlist,
				  o->v[O_RECOMMEND], o->v[O_COMMENT]};
	return done(mo_hr_assess(p, o->v[O_AS], &a, &id, e), "assessment",
		    &id, e);
}

#define PAYB (BIT(O_HOURLY) | BIT(O_SALARY))
static const sub SUBS[] = {
	{"file", "STAFF", 0, file},
	{"hire", NULL, BIT(O_STAFF) | BIT(O_NAME) | BIT(O_JOB) | BIT(O_START) |
	 BIT(O_EMPLOYMENT) | BIT(O_CANDIDATE) | PAYB | BIT(O_NOTE) |
	 BIT(O_CORRECTS), hire},
	{"role", NULL, BIT(O_STAFF) | BIT(O_JOB) | BIT(O_EFFECTIVE) |
	 BIT(O_REASON) | PAYB | BIT(O_CORRECTS), role},
	{"terminate", NULL, BIT(O_STAFF) | BIT(O_EFFECTIVE) | BIT(O_REASON) |
	 BIT(O_MISCONDUCT) | BIT(O_REHIRE) | BIT(O_NOTE) | BIT(O_CORRECTS),
	 terminate},
	{"benefits", NULL, BIT(O_STAFF) | BIT(O_PLAN) | BIT(O_EFFECTIVE) |
	 BIT(O_COVERAGE) | BIT(O_EMPLOYEE_COST) | BIT(O_EMPLOYER_COST) |
	 BIT(O_WAIVE) | BIT(O_CORRECTS), benefits},
	{"review", NULL, BIT(O_STAFF) | BIT(O_REVIEWER) | BIT(O_DATE) |
	 BIT(O_FROM) | BIT(O_TO) | BIT(O_RATING) | BIT(O_SUMMARY) |
	 BIT(O_GOALS) | BIT(O_CORRECTS), review},
	{"discipline", NULL, BIT(O_STAFF) | BIT(O_DATE) | BIT(O_LEVEL) |
	 BIT(O_DESCRIPTION) | BIT(O_CORRECTS), discipline},
	{"ack", "ID", BIT(O_COMMENT), ack},
	{"void", "ID", BIT(O_REASON), void_record},
	{"candidate", NULL, BIT(O_NAME) | BIT(O_POSITION) | BIT(O_APPLIED) |
	 BIT(O_SOURCE), candidate},
	{"status", "ID", BIT(O_STATUS) | BIT(O_NOTE), status},
	{"candidates", NULL, BIT(O_STATUS), candidates},
	{"interview", NULL, BIT(O_CANDIDATE) | BIT(O_AT) | BIT(O_INTERVIEWER) |
	 BIT(O_NOTES) | BIT(O_CORRECTS), interview},
	{"assess", NULL, BIT(O_CANDIDATE) | BIT(O_ASSESSOR) | BIT(O_SCORE) |
	 BIT(O_RECOMMEND) | BIT(O_COMMENT), assess},
	{NULL, NULL, 0, NULL},
};

/* ---- options ---- */

static int add_list(opts *o, int c)
{
	if (o->nlist >= MAX_LIST)
		return mo_cli_usage("hr", "--%s: at most %d", OPTS[c - 1].name,
				    MAX_LIST);
	o->list[o->nlist++] = optarg;
	return -1;
}

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help("hr");
		if (c < O_AS || c >= O_N)
			return mo_cli_usage("hr", "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage("hr", "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		if ((c == O_INTERVIEWER || c == O_SCORE) &&
		    (rc = add_list(o, c)) >= 0)
			return rc;
		o->v[c] = optarg ? optarg : "";
	}
	if (!o->v[O_AS])
		return mo_cli_usage("hr", "--as STAFF is required: who does it");
	if (argc - optind > (s->arg ? 2 : 1) || (s->arg && argc == optind))
		return mo_cli_usage("hr", "%s takes [DIR]%s%s", s->name,
				    s->arg ? " " : "", s->arg ? s->arg : "");
	if (s->arg) {
		o->dir = argc - optind == 2 ? argv[optind] : ".";
		o->arg = argv[argc - 1];
	} else {
		o->dir = argc - optind == 1 ? argv[optind] : ".";
	}
	return -1;
}

static const int DATES[] = {O_START, O_EFFECTIVE, O_DATE, O_FROM, O_TO,
			    O_APPLIED};
static const int MONEY[] = {O_HOURLY, O_SALARY, O_EMPLOYEE_COST,
			    O_EMPLOYER_COST};
static const int NUMBERS[] = {O_CANDIDATE, O_RATING, O_CORRECTS};

static int convert(opts *o)
{
	mo_err e;
	int rc;
	for (size_t i = 0; i < sizeof DATES / sizeof *DATES; i++)
		if (o->v[DATES[i]] &&
		    mo_date_parse(o->v[DATES[i]], &o->day[DATES[i]], &e))
			return mo_cli_usage("hr", "--%s: %s",
					    OPTS[DATES[i] - 1].name, e.msg);
	for (size_t i = 0; i < sizeof MONEY / sizeof *MONEY; i++)
		if (o->v[MONEY[i]] &&
		    mo_money_parse(o->v[MONEY[i]], &o->num[MONEY[i]], &e))
			return mo_cli_usage("hr", "--%s: %s",
					    OPTS[MONEY[i] - 1].name, e.msg);
	for (size_t i = 0; i < sizeof NUMBERS / sizeof *NUMBERS; i++)
		if (o->v[NUMBERS[i]] &&
		    (rc = mo_cli_number("hr", OPTS[NUMBERS[i] - 1].name,
					o->v[NUMBERS[i]], INT32_MIN, INT32_MAX,
					&o->num[NUMBERS[i]])) >= 0)
			return rc;
	if (o->v[O_HOURLY] && o->v[O_SALARY])
		return mo_cli_usage("hr", "give --hourly or --salary, not both");
	return -1;
}

/* What each subcommand cannot do without (the core checks the rest). */
static int check_needed(const sub *s, const opts *o)
{
	if (s->run == interview && !o->v[O_AT])
		return mo_cli_usage("hr", "interview needs --at \"YYYY-MM-DD "
				    "HH:MM\"");
	if ((s->run == hire && !o->v[O_START]) ||
	    ((s->run == role || s->run == terminate || s->run == benefits) &&
	     !o->v[O_EFFECTIVE]))
		return mo_cli_usage("hr", "%s needs --%s DATE", s->name,
				    s->run == hire ? "start" : "effective");
	if (s->run == review && (!o->v[O_FROM] || !o->v[O_RATING]))
		return mo_cli_usage("hr", "review needs --from DATE (the period "
				    "reviewed) and --rating 1..5");
	if (s->run == void_record && !o->v[O_REASON])
		return mo_cli_usage("hr", "void needs --reason TEXT");
	if (s->run == status && !o->v[O_STATUS])
		return mo_cli_usage("hr", "status needs --status S");
	return -1;
}

int mo_cmd_hr(int argc, char **argv)
{
	opts o = {.dir = "."};
	const sub *s = NULL;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	for (const sub *t = SUBS; argc >= 2 && t->name && !s; t++)
		s = !strcmp(t->name, argv[1]) ? t : NULL;
	if (!s)
		return mo_cli_usage("hr", "expected file, hire, role, terminate, "
				    "benefits, review, discipline, ack, void, "
				    "candidate, status, candidates, interview "
				    "or assess");
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = convert(&o)) >= 0 || (rc = check_needed(s, &o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(o.dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			      &en)))
		return rc;
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
