/* cmd_timecard.c: `medoffice clock in|out|status [DIR] --as STAFF` (a
 * staff member clocks in and out, or sees whether they are) and
 * `medoffice timecards list|show|correct|approve [DIR] ... --as STAFF`:
 * the cards of a period, one card with its every version, a correction
 * asked for (it files a "time_correction" request; `medoffice approve`
 * makes it), and a supervisor's approval of a staff member's cards of a
 * pay period. Times are the practice's local time ("2026-11-20 08:00").
 * It uses cli.h, request_print.h, core/timecard.h, core/approval.h,
 * clock.h, tz.h and units.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "approval.h"
#include "cli.h"
#include "clock.h"
#include "request_print.h"
#include "timecard.h"
#include "tz.h"
#include "units.h"

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_STAFF, O_FROM, O_TO, O_OPEN, O_IN, O_OUT, O_REASON,
	O_PERIOD, O_ALL, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"staff", required_argument, 0, O_STAFF},
	{"from", required_argument, 0, O_FROM},
	{"to", required_argument, 0, O_TO},
	{"open", no_argument, 0, O_OPEN},
	{"in", required_argument, 0, O_IN},
	{"out", required_argument, 0, O_OUT},
	{"reason", required_argument, 0, O_REASON},
	{"period", required_argument, 0, O_PERIOD},
	{"all", no_argument, 0, O_ALL},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *cmd;      /* "clock" or "timecards" */
	const char *dir;
	const char *v[O_N];   /* each option's text ("" for a flag), or NULL */
	int64_t id;
	int32_t from, to, period;
	int64_t in_us, out_us;
} opts;

typedef struct sub {
	const char *name;
	int id;         /* 0: no number after [DIR]; 1: one; 2: optional */
	unsigned opts;  /* the options it takes besides --as */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

/* "8:30" of minutes into buf. */
static const char *hhmm(int64_t minutes, char buf[24])
{
	snprintf(buf, 24, "%lld:%02lld", (long long)(minutes / 60),
		 (long long)(minutes % 60));
	return buf;
}

static const char *local(mo_practice *p, int64_t us, char buf[32])
{
	return mo_tz_format(mo_practice_config(p)->timezone, us, buf);
}

/* ---- clock ---- */

typedef struct status {
	mo_practice *p;
	const char *staff;
	int n;
} status;

static int print_status(void *ud, const mo_tc_card *c)
{
	status *s = ud;
	char a[32];
	s->n++;
	printf("%s is clocked in since %s (card %lld)\n", c->staff,
	       local(s->p, c->in_us, a), (long long)c->id);
	return 0;
}

static int clock_status(mo_practice *p, const opts *o, mo_err *e)
{
	mo_tc_filter f = {o->v[O_AS], 0, 0, true};
	status s = {p, o->v[O_AS], 0};
	if (mo_tc_list(p, o->v[O_AS], &f, print_status, &s, e))
		return mo_cli_fail(e);
	if (!s.n)
		printf("%s is not clocked in\n", o->v[O_AS]);
	return MO_EXIT_OK;
}

static int last_version(void *ud, const mo_tc_card *c)
{
	mo_tc_card *last = ud;
	*last = *c;
	last->staff = last->event = last->reason = last->changed_by = NULL;
	return 0;
}

static int clock_in(mo_practice *p, const opts *o, mo_err *e)
{
	int64_t card;
	char a[32];
	if (mo_tc_clock_in(p, o->v[O_AS], &card, e))
		return mo_cli_fail(e);
	printf("%s clocked in at %s (card %lld)\n", o->v[O_AS],
	       local(p, mo_clock_now_us(), a), (long long)card);
	return MO_EXIT_OK;
}

static int clock_out(mo_practice *p, const opts *o, mo_err *e)
{
	mo_tc_card c = {0};
	int64_t card;
	char a[32], m[24];
	if (mo_tc_clock_out(p, o->v[O_AS], &card, e) ||
	    mo_tc_history(p, o->v[O_AS], card, last_version, &c, e))
		return mo_cli_fail(e);
	printf("%s clocked out at %s (card %lld: %s hours)\n", o->v[O_AS],
	       local(p, c.out_us, a), (long long)card, hhmm(c.minutes, m));
	return MO_EXIT_OK;
}

/* ---- timecards list, show ---- */

typedef struct tally {
	mo_practice *p;
	int n;
	int64_t minutes;
} tally;

static int print_card(void *ud, const mo_tc_card *c)
{
	tally *t = ud;
	char a[32], b[32], m[24];
	t->n++;
	t->minutes += c->minutes;
	printf("#%-5lld %-12s %s  %-16s %6s%s\n", (long long)c->id, c->staff,
	       local(t->p, c->in_us, a),
	       c->out_us ? local(t->p, c->out_us, b) : "(open)",
	       c->out_us ? hhmm(c->minutes, m) : "",
	       !strcmp(c->event, "added") ? "  added"
	       : !strcmp(c->event, "correction") ? "  corrected" : "");
	return 0;
}

static int list(mo_practice *p, const opts *o, mo_err *e)
{
	const char *who = o->v[O_STAFF] ? o->v[O_STAFF] : o->v[O_ALL] ? NULL
		: o->v[O_AS];
	mo_tc_filter f = {who, o->from, o->to, o->v[O_OPEN] != 0};
	tally t = {p, 0, 0};
	char m[24], a[11], b[11];
	mo_tc_period pd;
	if (!o->v[O_FROM] && !o->v[O_TO] && !o->v[O_OPEN]) {
		if (mo_tc_period_of(p, o->v[O_PERIOD] ? o->period
				    : mo_practice_today(p), 0, &pd, e))
			return mo_cli_fail(e);
		f.from_day = pd.first;
		f.to_day = pd.last;
		printf("pay period %s..%s\n", mo_date_format(pd.first, a),
		       mo_date_format(pd.last, b));
	}
	if (mo_tc_list(p, o->v[O_AS], &f, print_card, &t, e))
		return mo_cli_fail(e);
	printf("%d card%s, %s hours\n", t.n, t.n == 1 ? "" : "s",
	       hhmm(t.minutes, m));
	return MO_EXIT_OK;
}

static int print_version(void *ud, const mo_tc_card *c)
{
	tally *t = ud;
	char a[32], b[32], m[24], at[32];
	if (!t->n++)
		printf("Time card %lld of %s\n", (long long)c->id, c->staff);
	printf("  v%-2d %-10s %s  %-16s %6s  by %s on %s", c->version,
	       c->event, local(t->p, c->in_us, a),
	       c->out_us ? local(t->p, c->out_us, b) : "(open)",
	       c->out_us ? hhmm(c->minutes, m) : "", c->changed_by,
	       local(t->p, c->changed_us, at));
	if (c->request)
		printf(" (request %lld)", (long long)c->request);
	printf("%s%s\n", c->reason ? ": " : "", c->reason ? c->reason : "");
	return 0;
}

static int show(mo_practice *p, const opts *o, mo_err *e)
{
	tally t = {p, 0, 0};
	if (mo_tc_history(p, o->v[O_AS], o->id, print_version, &t, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

/* ---- timecards correct, approve ---- */

static int correct(mo_practice *p, const opts *o, mo_err *e)
{
	mo_tc_correction c = {o->id, o->v[O_STAFF], o->in_us, o->out_us,
			      o->v[O_REASON]};
	int64_t id;
	if (mo_tc_correct_request(p, o->v[O_AS], &c, &id, e) ||
	    mo_approval_get(p, id, mo_cli_print_filed, NULL, (void *)o->dir, e))
		return mo_cli_fail(e);
	return MO_EXIT_OK;
}

static int approve(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t day = o->period;
	char a[11], b[11];
	mo_tc_period pd;
	int64_t id;
	if (!o->v[O_PERIOD] && mo_tc_period_of(p, mo_practice_today(p), 1,
					       &pd, e))
		return mo_cli_fail(e);
	day = o->v[O_PERIOD] ? day : pd.first;
	if (mo_tc_period_of(p, day, 0, &pd, e) ||
	    mo_tc_approve(p, o->v[O_AS], o->v[O_STAFF], day, &id, e))
		return mo_cli_fail(e);
	printf("approved %s's time cards of %s..%s (approval %lld)\n",
	       o->v[O_STAFF], mo_date_format(pd.first, a),
	       mo_date_format(pd.last, b), (long long)id);
	return MO_EXIT_OK;
}

static const sub CLOCK[] = {
	{"in", 0, 0, clock_in},
	{"out", 0, 0, clock_out},
	{"status", 0, 0, clock_status},
	{NULL, 0, 0, NULL},
};

static const sub CARDS[] = {
	{"list", 0, BIT(O_STAFF) | BIT(O_ALL) | BIT(O_FROM) | BIT(O_TO) |
	 BIT(O_OPEN) | BIT(O_PERIOD), list},
	{"show", 1, 0, show},
	{"correct", 2, BIT(O_STAFF) | BIT(O_IN) | BIT(O_OUT) | BIT(O_REASON),
	 correct},
	{"approve", 0, BIT(O_STAFF) | BIT(O_PERIOD), approve},
	{NULL, 0, 0, NULL},
};

/* ---- the arguments ---- */

static int parse_opts(int argc, char **argv, const sub *s, opts *o)
{
	int c;
	while ((c = getopt_long(argc, argv, "h", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help(o->cmd);
		if (c < O_AS || c >= O_N)
			return mo_cli_usage(o->cmd, "bad option");
		if (c != O_AS && !(s->opts & BIT(c)))
			return mo_cli_usage(o->cmd, "%s does not take --%s",
					    s->name, OPTS[c - 1].name);
		o->v[c] = optarg ? optarg : "";
	}
	if (!o->v[O_AS])
		return mo_cli_usage(o->cmd, "--as STAFF is required: who does "
				    "it");
	return -1;
}

static int date_opt(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage(o->cmd, "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

/* A local time ("2026-11-20 08:00"): day and second, checked now; the
 * instant once the practice's zone is known. */
static int time_opt(const opts *o, int opt)
{
	int32_t day, sec;
	mo_err e;
	if (o->v[opt] && mo_tz_parse_local(o->v[opt], &day, &sec, &e))
		return mo_cli_usage(o->cmd, "--%s: %s", OPTS[opt - 1].name,
				    e.msg);
	return -1;
}

static int instant(mo_practice *p, const char *s, const char *what,
		   int64_t *us, mo_err *e)
{
	int32_t day, sec;
	int rc;
	if (!s)
		return 0;
	if ((rc = mo_tz_parse_local(s, &day, &sec, e)) ||
	    (rc = mo_tz_to_utc(mo_practice_config(p)->timezone, day, sec,
			       MO_TZ_STRICT, us, e)))
		mo_err_prefix(e, "time correction %s: ", what);
	return rc;
}

static int convert(opts *o)
{
	int rc = date_opt(o, O_FROM, &o->from);
	if (rc < 0)
		rc = date_opt(o, O_TO, &o->to);
	if (rc < 0)
		rc = date_opt(o, O_PERIOD, &o->period);
	if (rc < 0)
		rc = time_opt(o, O_IN);
	return rc < 0 ? time_opt(o, O_OUT) : rc;
}

static bool all_digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* [DIR] and the card number a subcommand takes (id 1: required; id 2:
 * optional, told from DIR by being a number). */
static int positional(int argc, char **argv, const sub *s, opts *o)
{
	int npos = argc - optind, want = s->id == 1;
	if (s->id == 2)
		want = npos == 2 || (npos == 1 && all_digits(argv[optind]));
	if (npos == want + 1)
		o->dir = argv[optind++], npos--;
	if (npos != want)
		return mo_cli_usage(o->cmd, s->id ? "%s takes [DIR] and %sthe "
				    "card number" : "%s takes only [DIR]",
				    s->name, s->id == 2 ? "optionally " : "");
	return want ? mo_cli_number(o->cmd, "the card number", argv[optind],
				    1, INT64_MAX, &o->id) : -1;
}

static int check_needed(const sub *s, const opts *o)
{
	if (s->run == correct && !o->v[O_REASON])
		return mo_cli_usage(o->cmd, "correct needs --reason TEXT (and "
				    "--in, --out or both)");
	if (s->run == list && o->v[O_STAFF] && o->v[O_ALL])
		return mo_cli_usage(o->cmd, "list takes --staff S or --all, not "
				    "both");
	if (s->run == approve && !o->v[O_STAFF])
		return mo_cli_usage(o->cmd, "approve needs --staff STAFF");
	return -1;
}

static int run(const sub *table, const char *cmd, const char *expected,
	       int argc, char **argv)
{
	opts o = {.cmd = cmd, .dir = "."};
	const sub *s = NULL;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	for (const sub *t = table; argc >= 2 && t->name && !s; t++)
		s = !strcmp(t->name, argv[1]) ? t : NULL;
	if (!s)
		return mo_cli_usage(cmd, "expected %s", expected);
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o)) >= 0 ||
	    (rc = check_needed(s, &o)) >= 0 || (rc = convert(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(o.dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p,
			      &en)))
		return rc;
	if (instant(p, o.v[O_IN], "in", &o.in_us, &e) ||
	    instant(p, o.v[O_OUT], "out", &o.out_us, &e))
		rc = mo_cli_fail(&e);
	else
		rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}

int mo_cmd_clock(int argc, char **argv)
{
	return run(CLOCK, "clock", "in, out or status", argc, argv);
}

int mo_cmd_timecards(int argc, char **argv)
{
	return run(CARDS, "timecards", "list, show, correct or approve", argc,
		   argv);
}
