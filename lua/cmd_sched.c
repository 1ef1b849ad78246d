/* cmd_sched.c: `medoffice schedule SUBCOMMAND [DIR] ...`, the appointment
 * book from the command line: book, move, cancel, mark (arrived, roomed,
 * seen, checked_out, no_show), day (a provider's or a location's day),
 * find (free slots; --first for the first one), out (a provider out,
 * with coverage), reminders (tomorrow's calls) and reschedule
 * (appointments flagged for a call). Times are local
 * wall-clock times of the practice's zone ("2026-12-01 09:30"). It uses
 * cli.h, core/sched.h and core/tz.h. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "recall.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *patient, *provider, *location, *visit_type;
	const char *at, *room, *note, *reason, *date, *from, *to, *part;
	const char *limit, *status, *covering;
	bool double_book, all, first, flag_only;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"patient", required_argument, 0, 'P'},
		{"provider", required_argument, 0, 'p'},
		{"location", required_argument, 0, 'l'},
		{"visit-type", required_argument, 0, 'v'},
		{"at", required_argument, 0, 't'},
		{"room", required_argument, 0, 'r'},
		{"note", required_argument, 0, 'n'},
		{"reason", required_argument, 0, 'R'},
		{"date", required_argument, 0, 'd'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"part", required_argument, 0, 'x'},
		{"limit", required_argument, 0, 'L'},
		{"double-book", no_argument, 0, 'D'},
		{"all", no_argument, 0, 'A'},
		{"first", no_argument, 0, '1'},
		{"covering", required_argument, 0, 'c'},
		{"flag-only", no_argument, 0, 'f'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char **slots[128] = {0};
	int c;
	slots['a'] = &o->actor, slots['P'] = &o->patient;
	slots['p'] = &o->provider, slots['l'] = &o->location;
	slots['v'] = &o->visit_type, slots['t'] = &o->at, slots['r'] = &o->room;
	slots['n'] = &o->note, slots['R'] = &o->reason, slots['d'] = &o->date;
	slots['F'] = &o->from, slots['T'] = &o->to, slots['x'] = &o->part;
	slots['L'] = &o->limit, slots['c'] = &o->covering;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c > 0 && c < 128 && slots[c])
			*slots[c] = optarg;
		else if (c == 'D')
			o->double_book = true;
		else if (c == 'A')
			o->all = true;
		else if (c == '1')
			o->first = true;
		else if (c == 'f')
			o->flag_only = true;
		else
			return c == 'h' ? mo_cli_help("schedule")
					: mo_cli_usage("schedule", "bad option");
	}
	return -1;
}

static int usage(const char *fmt, const char *arg)
{
	return mo_cli_usage("schedule", fmt, arg);
}

static int need(const char *v, const char *flag)
{
	return v ? -1 : usage("%s is required here", flag);
}

static int parse_int(const char *s, const char *what, int64_t *v)
{
	char *end;
	*v = s ? strtoll(s, &end, 10) : 0;
	if (!s || *v <= 0 || *end)
		return usage("%s: expected a positive number", what);
	return -1;
}

/* A usage error unless flag's value is a local time. */
static int check_local(const char *flag, const char *s)
{
	int32_t day, sec;
	if (!s || mo_tz_parse_local(s, &day, &sec, NULL) == 0)
		return -1;
	return mo_cli_usage("schedule", "%s: expected a local time such as "
			    "\"2026-12-01 09:30\", got \"%s\"", flag, s);
}

/* --at (checked already) in the practice's zone. */
static int parse_at(const mo_config *c, const char *s, int64_t *us,
		    mo_err *e)
{
	int32_t day, sec;
	int rc = mo_tz_parse_local(s, &day, &sec, e);
	return rc ? rc : mo_tz_to_utc(c->timezone, day, sec, MO_TZ_STRICT, us,
				      e);
}


/* ---- printing ---- */

typedef struct printer {
	const mo_config *c;
	size_t n;
} printer;

static int print_appt(void *ud, const mo_appt *a)
{
	printer *pr = ud;
	char at[32];
	pr->n++;
	printf("%s  #%-5lld %-12s %-10s %-8s %-14s patient %lld%s%s%s%s%s%s\n",
	       mo_tz_format(pr->c->timezone, a->start_us, at) + 11,
	       (long long)a->id, a->provider, a->visit_type,
	       a->room ? a->room : "-", a->status, (long long)a->patient,
	       a->patient_name ? " " : "", a->patient_name ? a->patient_name
	       : "", a->phone ? "  " : "", a->phone ? a->phone : "",
	       a->double_booked ? "  (double-booked)" : "",
	       a->needs_call ? "  (call to reschedule)" : "");
	return 0;
}

static int print_slot(void *ud, const mo_slot *s)
{
	printer *pr = ud;
	char at[32];
	pr->n++;
	printf("%s  %-12s %-10s %s\n", mo_tz_format(pr->c->timezone,
						    s->start_us, at),
	       s->provider, s->location, s->room);
	return 0;
}

/* ---- subcommands ---- */

static int do_book(mo_practice *p, const opts *o, mo_err *e)
{
	mo_appt_new in = {0};
	printer pr = {mo_practice_config(p), 0};
	int64_t id;
	int rc;
	in.patient = strtoll(o->patient, NULL, 10);
	in.provider = o->provider;
	in.location = o->location;
	in.visit_type = o->visit_type;
	in.room = o->room;
	in.note = o->note;
	in.double_book = o->double_book;
	if ((rc = parse_at(pr.c, o->at, &in.start_us, e)) ||
	    (rc = mo_sched_book(p, o->actor, &in, &id, e)))
		return rc;
	printf("booked appointment %lld\n", (long long)id);
	return mo_sched_get(p, o->actor, id, print_appt, &pr, e);
}

static int do_move(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	int64_t us;
	int rc = parse_at(pr.c, o->at, &us, e);
	if (rc || (rc = mo_sched_move(p, o->actor, id, us, o->provider, e)))
		return rc;
	return mo_sched_get(p, o->actor, id, print_appt, &pr, e);
}

static int do_day(mo_practice *p, const opts *o, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	int32_t day = mo_practice_today(p);
	char d[11];
	int rc;
	if (o->date && mo_date_parse(o->date, &day, e))
		return MO_EINVAL;
	printf("%s, %s\n", o->provider ? o->provider : o->location,
	       mo_date_format(day, d));
	if ((rc = mo_sched_day(p, o->actor, o->provider, o->location, day,
			       o->all, print_appt, &pr, e)))
		return rc;
	printf("%zu appointment%s\n", pr.n, pr.n == 1 ? "" : "s");
	return 0;
}

static int do_find(mo_practice *p, const opts *o, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	mo_slot_query q = {o->visit_type, o->provider, o->location, 0, 0,
			   MO_PART_ANY, 0, o->first ? 1 : 20};
	int rc;
	q.from_day = mo_practice_today(p);
	if ((o->from && mo_date_parse(o->from, &q.from_day, e)))
		return MO_EINVAL;
	q.to_day = q.from_day + 30;
	if ((o->to && mo_date_parse(o->to, &q.to_day, e)))
		return MO_EINVAL;
	if (o->part)
		q.part = strcmp(o->part, "morning") == 0 ? MO_PART_MORNING
							 : MO_PART_AFTERNOON;
	if (o->patient)
		q.patient = strtoll(o->patient, NULL, 10);
	if (o->limit && !o->first)
		q.limit = (size_t)strtoll(o->limit, NULL, 10);
	if ((rc = mo_sched_find(p, o->actor, &q, print_slot, &pr, e)))
		return rc;
	printf("%zu free slot%s\n", pr.n, pr.n == 1 ? "" : "s");
	return 0;
}

static int do_list(mo_practice *p, const opts *o, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	/* reminders: tomorrow */
	int32_t day = mo_practice_today(p) + (o->sub[2] == 'm');
	int rc;
	if (o->date && mo_date_parse(o->date, &day, e))
		return MO_EINVAL;
	if ((rc = mo_sched_list(p, o->actor, o->sub, day, print_appt, &pr, e)))
		return rc;
	printf("%zu appointment%s\n", pr.n, pr.n == 1 ? "" : "s");
	return 0;
}

static int do_out(mo_practice *p, const opts *o, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	mo_out_new in = {o->provider, 0, 0, o->reason, o->covering,
			 o->flag_only};
	mo_out_result res;
	int rc;
	if ((rc = parse_at(pr.c, o->from, &in.start_us, e)) ||
	    (rc = parse_at(pr.c, o->to, &in.end_us, e)) ||
	    (rc = mo_sched_out(p, o->actor, &in, &res, print_appt, &pr, e)))
		return rc;
	printf("%s is out (entry %lld); covering: %s; %zu appointment%s "
	       "affected: %zu moved, %zu flagged for a call\n", o->provider,
	       (long long)res.id, res.covering[0] ? res.covering : "nobody",
	       res.affected, res.affected == 1 ? "" : "s", res.moved,
	       res.flagged);
	return 0;
}

static int print_recall(void *ud, const mo_recall *r)
{
	char d[11];
	(*(size_t *)ud)++;
	printf("%s  #%-5lld patient %lld %s  %s  %s%s%s\n",
	       mo_date_format(r->due_day, d), (long long)r->id,
	       (long long)r->patient, r->patient_name, r->phone ? r->phone : "-",
	       r->reason, r->provider ? "  with " : "",
	       r->provider ? r->provider : "");
	return 0;
}

static int do_recall(mo_practice *p, const opts *o, mo_err *e)
{
	int32_t day = mo_practice_today(p);
	size_t n = 0;
	int rc;
	if (o->date && mo_date_parse(o->date, &day, e))
		return MO_EINVAL;
	if ((rc = mo_recall_due(p, o->actor, day, print_recall, &n, e)))
		return rc;
	printf("%zu patient%s due\n", n, n == 1 ? "" : "s");
	return 0;
}

/* Runs sub (already checked) on the open practice. */
static int run_sub(mo_practice *p, const opts *o, int64_t id, mo_err *e)
{
	printer pr = {mo_practice_config(p), 0};
	const char *s = o->sub;
	int rc;
	if (!strcmp(s, "book"))
		return do_book(p, o, e);
	if (!strcmp(s, "move"))
		return do_move(p, o, id, e);
	if (!strcmp(s, "day"))
		return do_day(p, o, e);
	if (!strcmp(s, "find"))
		return do_find(p, o, e);
	if (!strcmp(s, "out"))
		return do_out(p, o, e);
	if (!strcmp(s, "recall"))
		return do_recall(p, o, e);
	if (!strcmp(s, "reminders") || !strcmp(s, "reschedule"))
		return do_list(p, o, e);
	rc = !strcmp(s, "cancel") ? mo_sched_cancel(p, o->actor, id, o->reason, e)
				  : mo_sched_status(p, o->actor, id, o->status, e);
	return rc ? rc : mo_sched_get(p, o->actor, id, print_appt, &pr, e);
}

/* Checks the options sub needs; -1 when fine. */
static int check_sub(const opts *o)
{
	const char *s = o->sub;
	int rc = need(o->actor, "--as STAFF");
	if (rc >= 0 || (rc = check_local("--at", o->at)) >= 0)
		return rc;
	if (o->part && strcmp(o->part, "morning") && strcmp(o->part,
							      "afternoon"))
		return usage("--part: expected morning or afternoon, got %s",
			     o->part);
	if (!strcmp(s, "out") && ((rc = check_local("--from", o->from)) >= 0 ||
				  (rc = check_local("--to", o->to)) >= 0))
		return rc;
	if (!strcmp(s, "book")) {
		if ((rc = need(o->patient, "--patient")) >= 0 ||
		    (rc = need(o->provider, "--provider")) >= 0 ||
		    (rc = need(o->visit_type, "--visit-type")) >= 0)
			return rc;
		return need(o->at, "--at");
	}
	if (!strcmp(s, "move"))
		return need(o->at, "--at");
	if (!strcmp(s, "cancel"))
		return need(o->reason, "--reason");
	if (!strcmp(s, "day") && !o->provider == !o->location)
		return usage("%s", "day: give --provider or --location");
	if (!strcmp(s, "find"))
		return need(o->visit_type, "--visit-type");
	if (!strcmp(s, "out") && ((rc = need(o->provider, "--provider")) >= 0 ||
				  (rc = need(o->from, "--from")) >= 0 ||
				  (rc = need(o->to, "--to")) >= 0))
		return rc;
	if (!strcmp(s, "out"))
		return need(o->reason, "--reason");
	return -1;
}

static bool takes_id(const char *s)
{
	return !strcmp(s, "move") || !strcmp(s, "cancel") || !strcmp(s, "mark");
}

static bool known_sub(const char *s)
{
	static const char *const subs[] = {"book", "move", "cancel", "mark",
		"day", "find", "reminders", "reschedule", "out", "recall", NULL};
	for (int i = 0; subs[i]; i++)
		if (!strcmp(subs[i], s))
			return true;
	return false;
}

/* [DIR] then ID (and STATUS for mark) for the subcommands that take one. */
static int positionals(int argc, char **argv, opts *o, const char **dir,
		       int64_t *id)
{
	int want = takes_id(o->sub) + !strcmp(o->sub, "mark");
	int left = argc - optind;
	int rc;
	*dir = ".";
	if (left == want + 1)
		*dir = argv[optind++], left--;
	if (left != want)
		return usage("%s: wrong number of arguments", o->sub);
	if (want && (rc = parse_int(argv[optind], "ID", id)) >= 0)
		return rc;
	if (!strcmp(o->sub, "mark"))
		o->status = argv[optind + 1];
	return -1;
}

int mo_cmd_schedule(int argc, char **argv)
{
	opts o = {0};
	const char *dir;
	mo_practice *p;
	mo_engine *en;
	int64_t id = 0;
	mo_err e;
	int rc;
	if (argc < 2 || !known_sub(argv[1]))
		return usage("expected book, move, cancel, mark, day, find, out, "
			     "reminders, reschedule or recall, got \"%s\"",
			     argc < 2 ? "" : argv[1]);
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positionals(argc, argv, &o, &dir, &id)) >= 0 ||
	    (rc = check_sub(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	rc = run_sub(p, &o, id, &e) ? mo_cli_fail(&e) : MO_EXIT_OK;
	mo_cli_close(p, en);
	return rc;
}
