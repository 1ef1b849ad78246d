/* cmd_clia.c: `medoffice clia status|qc-log|lots|competency|due|
 * corrective|temps|certificate|show [DIR] ... --as STAFF`: the
 * CLIA-waived testing lists. status shows the tests still open by the
 * step they wait for (--all: closed ones too); qc-log the QC runs of a
 * period (--from, --to; default the last 30 days); lots the kit and
 * control lots expiring within --within DAYS (default 60; 0: all);
 * competency each person's latest competency per test, soonest due
 * first; due what falls due through --through DATE (default 30 days
 * on), overdue first; corrective and temps the corrective actions and
 * the temperature readings of a period (as qc-log); certificate the
 * CLIA certificate in force and each version applied; show ID one test,
 * its state and everything recorded of it. Each is an audited read. It
 * uses cli.h and core/clia.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "approval.h"
#include "clia.h"
#include "request_print.h"
#include "cli.h"
#include "clock.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *from, *to, *within, *through;
	bool all;
	int64_t id; /* show's */
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"from", required_argument, 0, 'f'},
		{"to", required_argument, 0, 't'},
		{"within", required_argument, 0, 'w'},
		{"through", required_argument, 0, 'r'},
		{"all", no_argument, 0, 'l'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'f': o->from = optarg; break;
		case 't': o->to = optarg; break;
		case 'w': o->within = optarg; break;
		case 'r': o->through = optarg; break;
		case 'l': o->all = true; break;
		case 'h': return mo_cli_help("clia");
		default: return mo_cli_usage("clia", "bad option");
		}
	}
	return -1;
}

static int print_test(void *ud, const mo_clia_test_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("#%-4lld %-16s %-20s patient %-5lld %-22.22s appt %-5lld lot "
	       "%-8s %-9s %.16s\n", (long long)r->id, r->state, r->test,
	       (long long)r->patient, r->patient_name,
	       (long long)r->appointment, r->lot ? r->lot : "-",
	       r->value ? r->value : "-",
	       mo_clock_format_us(r->updated_us, at));
	return 0;
}

static int print_qc(void *ud, const mo_clia_qc_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("%.16s  %-20s lot %-8s %-9s expected %-9s observed %-9s %s  "
	       "%s  by %s%s%s\n", mo_clock_format_us(r->at_us, at), r->test,
	       r->lot, r->level, r->expected, r->observed,
	       r->passed ? "PASS" : "FAIL", r->why, r->operator_,
	       r->corrective ? "; corrective: " : "",
	       r->corrective ? r->corrective : "");
	return 0;
}

static int print_lot(void *ud, const mo_clia_lot_row *r)
{
	char a[11], b[11];
	(*(int *)ud)++;
	printf("%-20s %-7s lot %-10s expires %s  received %s\n", r->test,
	       r->kind, r->lot, mo_date_format(r->expires, a),
	       mo_date_format(r->received, b));
	return 0;
}

static int print_competency(void *ud, const mo_clia_competency_row *r)
{
	char a[11];
	(*(int *)ud)++;
	printf("%-12s %-20s until %s  (assessed by %s)\n", r->staff, r->test,
	       mo_date_format(r->until, a), r->assessed_by);
	return 0;
}

static int day_opt(const char *what, const char *s, int32_t dflt,
		   int32_t *out)
{
	mo_err e;
	*out = dflt;
	if (s && mo_date_parse(s, out, &e))
		return mo_cli_usage("clia", "%s: %s", what, e.msg);
	return -1;
}

/* ---- due, corrective, temps, certificate, show ---- */

/* "4.50" of hundredths of a degree (integer arithmetic). */
static const char *degrees(int64_t v, char buf[32])
{
	return mo_money_format(v, buf);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

#define DUE_ROW "%-10s  %-7s  %-11s  %-28s  %s\n"
#define CERTIFICATE_ROW \
	"%-7s  %-16.16s  %-10s  %-11s  %-13s  %-10s  %-10s  %s%s\n"

/* What clia due counts and compares with. */
typedef struct due_print {
	int n;
	int32_t today;
} due_print;

static int print_due(void *ud, const mo_clia_due_row *r)
{
	due_print *dp = ud;
	char d[11], about[128];
	if (!dp->n++)
		printf(DUE_ROW, "due", "when", "what", "about", "why");
	if (r->staff)
		snprintf(about, sizeof about, "%s %s", r->staff, r->test);
	else if (r->lot)
		snprintf(about, sizeof about, "%s lot %s", r->test, r->lot);
	else
		snprintf(about, sizeof about, "%s", or_dash(r->storage));
	printf(DUE_ROW, mo_date_format(r->due, d), r->due < dp->today
	       ? "overdue" : r->due == dp->today ? "today" : "", r->what, about,
	       r->why);
	return 0;
}

static int print_corrective(void *ud, const mo_clia_corrective_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("%.16s  %-20s lot %-10s storage %-8s %s: %s  by %s\n",
	       mo_clock_format_us(r->at_us, at), or_dash(r->test),
	       or_dash(r->lot), or_dash(r->storage), r->problem, r->action,
	       r->by);
	return 0;
}

static int print_temperature(void *ud, const mo_clia_temperature_row *r)
{
	char at[32], v[32], lo[32], hi[32], range[80];
	(*(int *)ud)++;
	snprintf(range, sizeof range, "%s to %s C", degrees(r->low, lo),
		 degrees(r->high, hi));
	printf("%.16s  %-10s %7s C  range %-16s  %-12s  by %s%s%s\n",
	       mo_clock_format_us(r->at_us, at), r->storage,
	       degrees(r->reading, v), range,
	       r->in_range ? "in range" : "OUT OF RANGE", r->by,
	       r->note ? "  " : "", r->note ? r->note : "");
	return 0;
}

/* The certificate practice.yaml gives now, and the versions' header. */
static void print_current(mo_practice *p)
{
	const mo_clia *c = &mo_practice_config(p)->clia;
	int32_t today = mo_practice_today(p);
	char a[11];
	if (!c->certificate)
		printf("no CLIA certificate (practice.yaml has no clia)\n");
	else
		printf("CLIA certificate %s (%s), director %s, expires %s: %s\n",
		       c->certificate, c->type, c->director,
		       mo_date_format(c->expires, a),
		       c->expires < today ? "EXPIRED"
		       : c->effective > today ? "not yet in force"
		       : "in force");
	printf(CERTIFICATE_ROW, "version", "applied", "by", "certificate",
	       "type", "effective", "expires", "director", "");
}

/* What clia certificate prints the versions with. */
typedef struct cert_print {
	int n;
	mo_practice *p;
} cert_print;

static int print_certificate(void *ud, const mo_clia_certificate_row *r)
{
	cert_print *cp = ud;
	char at[32], a[11], b[11], v[16];
	if (!cp->n++)
		print_current(cp->p);
	snprintf(v, sizeof v, "%d", r->version);
	printf(CERTIFICATE_ROW, v, mo_clock_format_us(r->at_us, at), r->by,
	       or_dash(r->number), or_dash(r->type),
	       r->effective ? mo_date_format(r->effective, a) : "-",
	       r->expires ? mo_date_format(r->expires, b) : "-",
	       or_dash(r->director), r->active ? "" : "  removed");
	return 0;
}

/* The certificate practice.yaml gives now, then every version applied. */
static int certificate(mo_practice *p, const opts *o, int *n, mo_err *e)
{
	cert_print cp = {0, p};
	int rc = mo_clia_certificates(p, o->actor, print_certificate, &cp, e);
	*n = cp.n;
	return rc;
}

static int print_head(void *ud, const mo_clia_test_row *r)
{
	char at[32];
	(void)ud;
	printf("test #%lld  %s  patient %lld %s  appointment %lld\n"
	       "state:  %s%s (since %.16s)\nlot:    %s  value: %s\n",
	       (long long)r->id, r->test, (long long)r->patient,
	       r->patient_name, (long long)r->appointment, r->state,
	       r->final ? ", over" : "", mo_clock_format_us(r->updated_us, at),
	       or_dash(r->lot), or_dash(r->value));
	return 0;
}

static int print_record(void *ud, const mo_clia_record_row *r)
{
	char at[32];
	(*(int *)ud)++;
	printf("%.16s  %-13s %-10s %s\n", mo_clock_format_us(r->at_us, at),
	       r->kind, r->by, r->text);
	return 0;
}

/* --from and --to (default the last 30 days) into *from, *to; -1 when
 * given right, else the usage error's exit code. */
static int period(mo_practice *p, const opts *o, int32_t *from, int32_t *to)
{
	int32_t today = mo_practice_today(p);
	int rc;
	if ((rc = day_opt("--from", o->from, today - 30, from)) >= 0 ||
	    (rc = day_opt("--to", o->to, today, to)) >= 0)
		return rc;
	return -1;
}

/* clia due: what falls due through --through (default 30 days on). */
static int run_due(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p), through;
	due_print dp = {0, today};
	char d[11];
	int rc = day_opt("--through", o->through, today + 30, &through);
	if (rc >= 0)
		return rc;
	if (mo_clia_due(p, o->actor, through, print_due, &dp, e))
		return mo_cli_fail(e);
	printf("%d due through %s\n", dp.n, mo_date_format(through, d));
	return MO_EXIT_OK;
}

/* The subcommands above: -1 when o->sub is none of them, else the exit
 * code. */
static int run_records(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t from, to;
	int n = 0, rc;
	const char *what = "records";
	if (!strcmp(o->sub, "due"))
		return run_due(p, o, e);
	if (!strcmp(o->sub, "corrective") || !strcmp(o->sub, "temps")) {
		if ((rc = period(p, o, &from, &to)) >= 0)
			return rc;
		what = o->sub[0] == 'c' ? "corrective actions" : "readings";
		rc = o->sub[0] == 'c'
			? mo_clia_corrective_log(p, o->actor, from, to,
						 print_corrective, &n, e)
			: mo_clia_temperatures(p, o->actor, from, to,
					       print_temperature, &n, e);
	} else if (!strcmp(o->sub, "certificate")) {
		rc = certificate(p, o, &n, e);
		what = "versions";
	} else if (!strcmp(o->sub, "show"))
		rc = mo_clia_record(p, o->actor, o->id, print_head,
				    print_record, &n, e);
	else
		return -1;
	if (rc)
		return mo_cli_fail(e);
	printf("%d %s\n", n, what);
	return MO_EXIT_OK;
}

/* show ID: the ID before [DIR]; -1 when given right, else the usage
 * error's exit code. */
static int show_id(int argc, char **argv, opts *o)
{
	if (argc - optind < 1)
		return mo_cli_usage("clia", "show: expected a test's ID");
	return mo_cli_number("clia", "show ID", argv[optind++], 1, INT64_MAX,
			     &o->id);
}

static int run(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t today = mo_practice_today(p), from, to;
	int64_t within = 60;
	int n = 0, rc;
	if ((rc = run_records(p, o, e)) >= 0)
		return rc;
	if (!strcmp(o->sub, "status"))
		rc = mo_clia_status(p, o->actor, o->all, print_test, &n, e);
	else if (!strcmp(o->sub, "qc-log")) {
		if ((rc = day_opt("--from", o->from, today - 30, &from)) >= 0 ||
		    (rc = day_opt("--to", o->to, today, &to)) >= 0)
			return rc;
		rc = mo_clia_qc_log(p, o->actor, from, to, print_qc, &n, e);
	} else if (!strcmp(o->sub, "lots")) {
		if (o->within && (rc = mo_cli_number("clia", "--within",
						     o->within, 0, 3650,
						     &within)) >= 0)
			return rc;
		rc = mo_clia_lots(p, o->actor, within ? today + (int32_t)within
						      : 0, print_lot, &n, e);
	} else
		rc = mo_clia_competencies(p, o->actor, print_competency, &n, e);
	if (rc)
		return mo_cli_fail(e);
	printf("%d %s\n", n, !strcmp(o->sub, "qc-log") ? "QC runs"
		: !strcmp(o->sub, "lots") ? "lots"
		: !strcmp(o->sub, "status") ? "tests" : "competencies");
	return MO_EXIT_OK;
}

/* ---- purge: `clia purge [DIR] --before DATE --as STAFF` files the
 * approval request (core/clia.h mo_clia_purge_request) and says who must
 * approve it; `medoffice approve` then runs the purge. ---- */

static int purge_opts(int argc, char **argv, const char **before,
		      const char **actor)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"before", required_argument, 0, 'b'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'a')
			*actor = optarg;
		else if (c == 'b')
			*before = optarg;
		else
			return c == 'h' ? mo_cli_help("clia")
					: mo_cli_usage("clia", "bad option");
	}
	if (!*actor)
		return mo_cli_usage("clia", "--as STAFF is required");
	if (!*before)
		return mo_cli_usage("clia", "purge: --before DATE is required: "
				    "the first day whose records are kept");
	if (argc - optind > 1)
		return mo_cli_usage("clia", "purge takes only [DIR]");
	return -1;
}

static int clia_purge(int argc, char **argv)
{
	const char *before = NULL, *actor = NULL, *dir;
	mo_practice *p;
	mo_engine *en;
	int32_t day;
	int64_t id;
	mo_err e;
	char keep[11];
	int rc = purge_opts(argc, argv, &before, &actor);
	if (rc >= 0)
		return rc;
	dir = argc - optind == 1 ? argv[optind] : ".";
	if (mo_date_parse(before, &day, &e))
		return mo_cli_usage("clia", "--before: %s", e.msg);
	if ((rc = mo_cli_open(dir, 0, actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	if (mo_clia_purge_request(p, actor, day, &id, &e) ||
	    mo_approval_get(p, id, mo_cli_print_filed, NULL, (void *)dir, &e))
		rc = mo_cli_fail(&e);
	else
		printf("  kept:   every record from %s on (%d years)\n",
		       mo_date_format(mo_clia_retention_start(p), keep),
		       mo_clia_retention_years(p));
	mo_cli_close(p, en);
	return rc;
}

int mo_cmd_clia(int argc, char **argv)
{
	static const char *const subs[] = {"status", "qc-log", "lots",
		"competency", "due", "corrective", "temps", "certificate",
		"show", NULL};
	opts o = {0};
	const char *dir = ".";
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc, known = 0;
	if (argc > 1 && !strcmp(argv[1], "purge"))
		return clia_purge(argc - 1, argv + 1);
	for (int i = 0; argc > 1 && subs[i]; i++)
		known |= !strcmp(argv[1], subs[i]);
	if (!known)
		return mo_cli_usage("clia", "expected status, qc-log, lots, "
				    "competency, due, corrective, temps, "
				    "certificate, show or purge");
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0)
		return rc;
	if (!strcmp(o.sub, "show") && (rc = show_id(argc, argv, &o)) >= 0)
		return rc;
	if (!o.actor)
		return mo_cli_usage("clia", "--as STAFF is required");
	if (argc - optind > 1)
		return mo_cli_usage("clia", "%s takes only [DIR]", o.sub);
	if (argc - optind == 1)
		dir = argv[optind];
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
