/* cmd_approval.c: the approval commands: `request` files a request,
 * `inbox` lists what awaits a staff member, `approve`, `deny` and
 * `withdraw` decide or take one back, `requests` lists requests or shows
 * one with its route and history, and `away` marks someone out of office
 * (their delegate or supervisor then approves for them). Each command
 * first escalates and expires the requests that waited too long
 * (mo_approval_sweep). It uses cli.h, core/approval.h and core/away.h. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "away.h"
#include "cli.h"
#include "clock.h"
#include "units.h"

enum { MAX_FACTS = 32 };

typedef struct opts {
	const char *cmd, *actor, *reason, *amount, *status, *delegate;
	const char *staff, *from, *to;
	const char *facts[MAX_FACTS];
	size_t nfacts;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"reason", required_argument, 0, 'r'},
		{"amount", required_argument, 0, 'm'},
		{"fact", required_argument, 0, 'f'},
		{"status", required_argument, 0, 's'},
		{"delegate", required_argument, 0, 'd'},
		{"staff", required_argument, 0, 'S'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "a:r:m:f:s:d:S:F:T:h", lo, NULL)) != -1) {
		if (c == 'a')
			o->actor = optarg;
		else if (c == 'r')
			o->reason = optarg;
		else if (c == 'm')
			o->amount = optarg;
		else if (c == 's')
			o->status = optarg;
		else if (c == 'd')
			o->delegate = optarg;
		else if (c == 'S')
			o->staff = optarg;
		else if (c == 'F')
			o->from = optarg;
		else if (c == 'T')
			o->to = optarg;
		else if (c == 'f' && o->nfacts < MAX_FACTS)
			o->facts[o->nfacts++] = optarg;
		else if (c == 'f')
			return mo_cli_usage(o->cmd, "at most %d --fact", MAX_FACTS);
		else
			return c == 'h' ? mo_cli_help(o->cmd)
					: mo_cli_usage(o->cmd, "bad option");
	}
	return -1;
}

/* [DIR] then `want` to `most` more arguments: DIR is there when more
 * than `most` are left. */
static int positional(const opts *o, int argc, char **argv, int want,
		      int most, const char **dir, char ***rest, int *n)
{
	int left = argc - optind;
	*dir = ".";
	if (left > most) {
		*dir = argv[optind++];
		left--;
	}
	if (left < want || left > most)
		return mo_cli_usage(o->cmd, "expected %d to %d arguments after "
				    "[DIR], got %d", want, most, left);
	*rest = argv + optind;
	*n = left;
	return -1;
}

static int need_actor(const opts *o)
{
	if (!o->actor)
		return mo_cli_usage(o->cmd, "--as STAFF is required: who is "
				    "acting?");
	return -1;
}

static int parse_id(const opts *o, const char *s, int64_t *id)
{
	char *end;
	*id = strtoll(s, &end, 10);
	if (*id <= 0 || *end)
		return mo_cli_usage(o->cmd, "expected a request number, got "
				    "\"%s\"", s);
	return -1;
}

/* Opens the practice as actor and escalates or expires overdue requests. */
static int open_swept(const char *dir, const char *actor, mo_practice **p,
		      mo_engine **en)
{
	mo_err e;
	size_t n;
	int rc = mo_cli_open(dir, 0, actor, MO_CLI_SYNC_REQUIRE, p, en);
	if (rc)
		return rc;
	if (mo_approval_sweep(*p, &n, &e)) {
		mo_cli_close(*p, *en);
		return mo_cli_fail(&e);
	}
	if (n)
		printf("(%zu request%s escalated or expired for want of an "
		       "answer)\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

/* ---- printing ---- */

static void awaits(const mo_request *r, char *buf, size_t size)
{
	json_t *route = json_loads(r->route, 0, NULL), *jobs, *v;
	size_t i, n = 0;
	buf[0] = '\0';
	jobs = strcmp(r->status, "escalated") == 0
		? json_object_get(route, "escalate_to")
		: json_array_get(json_object_get(route, "steps"),
				 (size_t)r->step);
	json_array_foreach(jobs, i, v)
		n += (size_t)snprintf(buf + (n < size ? n : size),
				      n < size ? size - n : 0, "%s%s",
				      i ? " or " : "", json_string_value(v));
	json_decref(route);
}

static int print_line(void *ud, const mo_request *r)
{
	char money[32], day[32], who[256];
	(void)ud;
	printf("#%-4lld %-16s %-10s %10s  %-12s %s\n", (long long)r->id,
	       r->kind, r->status, r->has_amount
	       ? mo_money_format(r->amount, money) : "", r->requester,
	       r->summary);
	if (r->closed_us == 0) {
		awaits(r, who, sizeof who);
		printf("      awaits %s (step %d of %d) since %.10s%s%s\n", who,
		       r->step + 1, r->nsteps,
		       mo_clock_format_us(r->step_since_us, day),
		       r->on_behalf_of ? "; you stand in for " : "",
		       r->on_behalf_of ? r->on_behalf_of : "");
	}
	return 0;
}

static int print_event(void *ud, const mo_request_event *ev)
{
	char at[32];
	(void)ud;
	printf("  %.19s  %-10s %-12s step %d%s%s%s%s\n",
	       mo_clock_format_us(ev->at_us, at), ev->event, ev->actor,
	       ev->step + 1, ev->on_behalf_of ? " for " : "",
	       ev->on_behalf_of ? ev->on_behalf_of : "",
	       ev->reason[0] ? ": " : "", ev->reason);
	return 0;
}

static int print_full(void *ud, const mo_request *r)
{
	const char *dir = ud;
	json_t *route = json_loads(r->route, 0, NULL);
	print_line(NULL, r);
	printf("  route:    %s\n            by %s\n",
	       json_string_value(json_object_get(route, "reason")),
	       json_string_value(json_object_get(route, "rule")));
	printf("  facts:    %s\n", r->facts);
	if (r->result)
		printf("  result:   %s\n", r->result);
	printf("  why:      medoffice explain %s %lld\n  history:\n", dir,
	       (long long)r->decision);
	json_decref(route);
	return 0;
}

/* ---- request ---- */

/* KEY=VALUE into a fact: integers and true/false are typed, the rest
 * is text. */
static int parse_fact(const opts *o, char *s, mo_fact *f)
{
	char *eq = strchr(s, '='), *end;
	long long v;
	if (!eq || eq == s)
		return mo_cli_usage(o->cmd, "--fact: expected KEY=VALUE, got "
				    "\"%s\"", s);
	*eq = '\0';
	*f = (mo_fact){s, MO_FACT_STR, eq + 1, 0};
	v = strtoll(eq + 1, &end, 10);
	if (eq[1] && !*end)
		*f = (mo_fact){s, MO_FACT_INT, NULL, v};
	else if (!strcmp(eq + 1, "true") || !strcmp(eq + 1, "false"))
		*f = (mo_fact){s, MO_FACT_BOOL, NULL, eq[1] == 't'};
	return -1;
}

static int build_request(opts *o, char **rest, mo_request_new *in,
			 mo_fact *facts)
{
	mo_err e;
	int rc;
	*in = (mo_request_new){rest[0], rest[1], false, 0, facts, o->nfacts};
	for (size_t i = 0; i < o->nfacts; i++)
		if ((rc = parse_fact(o, (char *)o->facts[i], &facts[i])) >= 0)
			return rc;
	if (o->amount) {
		in->has_amount = true;
		if (mo_money_parse(o->amount, &in->amount, &e))
			return mo_cli_usage(o->cmd, "--amount: %s", e.msg);
		if (in->amount < 0)
			return mo_cli_usage(o->cmd, "--amount: expected zero or "
					    "more, got %s", o->amount);
	}
	return -1;
}

static int show_filed(mo_practice *p, const char *dir, int64_t id)
{
	mo_err e;
	printf("request %lld filed\n", (long long)id);
	if (mo_approval_get(p, id, print_full, print_event, (void *)dir, &e))
		return mo_cli_fail(&e);
	return MO_EXIT_OK;
}

int mo_cmd_request(int argc, char **argv)
{
	opts o = {.cmd = "request"};
	mo_fact facts[MAX_FACTS];
	mo_request_new in;
	const char *dir;
	char **rest;
	mo_practice *p;
	mo_engine *en;
	int64_t id;
	mo_err e;
	int n, rc;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, 2, 2, &dir, &rest, &n)) >= 0 ||
	    (rc = need_actor(&o)) >= 0 ||
	    (rc = build_request(&o, rest, &in, facts)) >= 0)
		return rc;
	if ((rc = open_swept(dir, o.actor, &p, &en)))
		return rc;
	if (mo_approval_request(p, o.actor, &in, &id, &e))
		rc = mo_cli_fail(&e);
	else
		rc = show_filed(p, dir, id);
	mo_cli_close(p, en);
	return rc;
}

/* ---- inbox, requests ---- */

static int count_line(void *ud, const mo_request *r)
{
	(*(size_t *)ud)++;
	return print_line(NULL, r);
}

int mo_cmd_inbox(int argc, char **argv)
{
	opts o = {.cmd = "inbox"};
	const char *dir;
	char **rest;
	mo_practice *p;
	mo_engine *en;
	size_t n = 0;
	mo_err e;
	int left, rc;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, 0, 0, &dir, &rest, &left)) >= 0 ||
	    (rc = need_actor(&o)) >= 0)
		return rc;
	if ((rc = open_swept(dir, o.actor, &p, &en)))
		return rc;
	if (mo_approval_inbox(p, o.actor, count_line, &n, &e))
		rc = mo_cli_fail(&e);
	else
		printf("%zu request%s await%s %s\n", n, n == 1 ? "" : "s",
		       n == 1 ? "s" : "", o.actor);
	mo_cli_close(p, en);
	return rc;
}

static int check_status(const opts *o)
{
	static const char *const ok[] = {"open", "all", "requested",
		"approved", "denied", "escalated", "expired", "withdrawn", NULL};
	for (int i = 0; ok[i]; i++)
		if (strcmp(o->status, ok[i]) == 0)
			return -1;
	return mo_cli_usage(o->cmd, "--status: expected open, requested, "
			    "approved, denied, escalated, expired, withdrawn "
			    "or all, got \"%s\"", o->status);
}

int mo_cmd_requests(int argc, char **argv)
{
	opts o = {.cmd = "requests"};
	const char *dir, *status;
	char **rest;
	mo_practice *p;
	mo_engine *en;
	int64_t id = 0;
	mo_err e;
	int left, rc;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, 0, 1, &dir, &rest, &left)) >= 0)
		return rc;
	/* A lone argument that is not a number is DIR. */
	if (left == 1 && strspn(rest[0], "0123456789") != strlen(rest[0])) {
		dir = rest[0];
		left = 0;
	}
	if (left == 1 && (rc = parse_id(&o, rest[0], &id)) >= 0)
		return rc;
	if (o.status && (rc = check_status(&o)) >= 0)
		return rc;
	status = !o.status ? "open" : strcmp(o.status, "all") ? o.status : NULL;
	if ((rc = open_swept(dir, o.actor, &p, &en)))
		return rc;
	if (id ? mo_approval_get(p, id, print_full, print_event, (void *)dir, &e)
	       : mo_approval_list(p, status, print_line, NULL, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}

/* ---- approve, deny, withdraw ---- */

typedef enum { APPROVE, DENY, WITHDRAW } verdict;

static int decide(const char *cmd, verdict v, int argc, char **argv)
{
	opts o = {.cmd = cmd};
	const char *dir;
	char **rest;
	mo_practice *p;
	mo_engine *en;
	int64_t id;
	mo_err e;
	int n, rc;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, 1, 1, &dir, &rest, &n)) >= 0 ||
	    (rc = need_actor(&o)) >= 0 || (rc = parse_id(&o, rest[0], &id)) >= 0)
		return rc;
	if (v == DENY && !o.reason)
		return mo_cli_usage(cmd, "--reason TEXT is required to deny");
	if ((rc = open_swept(dir, o.actor, &p, &en)))
		return rc;
	rc = v == WITHDRAW ? mo_approval_withdraw(p, o.actor, id, o.reason, &e)
		: mo_approval_decide(p, o.actor, id, v == APPROVE, o.reason, &e);
	if (rc)
		rc = mo_cli_fail(&e);
	else if (mo_approval_get(p, id, print_line, NULL, NULL, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}

int mo_cmd_approve(int argc, char **argv)
{
	return decide("approve", APPROVE, argc, argv);
}

int mo_cmd_deny(int argc, char **argv)
{
	return decide("deny", DENY, argc, argv);
}

int mo_cmd_withdraw(int argc, char **argv)
{
	return decide("withdraw", WITHDRAW, argc, argv);
}

/* ---- away ---- */

static int print_away(void *ud, const mo_away *a)
{
	char f[11], l[11];
	(void)ud;
	printf("%-4lld %-12s %s to %s  stands in: %s%s%s\n", (long long)a->id,
	       a->staff, mo_date_format(a->first_day, f),
	       mo_date_format(a->last_day, l),
	       a->delegate ? a->delegate : "(supervisor)",
	       a->reason[0] ? "  " : "", a->reason);
	return 0;
}

/* --from and --to (default: --from) into in. */
static int parse_days(const opts *o, mo_away_new *in)
{
	mo_err e;
	if (!o->from)
		return mo_cli_usage(o->cmd, "--from DATE is required with --staff");
	if (mo_date_parse(o->from, &in->first_day, &e))
		return mo_cli_usage(o->cmd, "--from: %s", e.msg);
	in->last_day = in->first_day;
	if (o->to && mo_date_parse(o->to, &in->last_day, &e))
		return mo_cli_usage(o->cmd, "--to: %s", e.msg);
	return -1;
}

int mo_cmd_away(int argc, char **argv)
{
	opts o = {.cmd = "away"};
	mo_away_new in = {0};
	const char *dir;
	char **rest;
	mo_practice *p;
	mo_engine *en;
	int32_t today;
	mo_err e;
	int n, rc;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, 0, 0, &dir, &rest, &n)) >= 0)
		return rc;
	if (o.staff && ((rc = need_actor(&o)) >= 0 ||
			(rc = parse_days(&o, &in)) >= 0))
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	today = mo_practice_today(p);
	in = (mo_away_new){o.staff, in.first_day, in.last_day, o.delegate,
			   o.reason, 0};
	if (o.staff && mo_away_add(p, o.actor, &in, NULL, &e))
		rc = mo_cli_fail(&e);
	else if (mo_away_list(p, o.staff ? in.first_day : today,
			      o.staff ? in.last_day : today + 365, print_away,
			      NULL, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}
