/* cmd_patient.c: `medoffice patient`, the patient register from the
 * command line: `register` (with the duplicate check), `find` (by name,
 * birth date or phone), `show` (one record), `update` (the fields given)
 * and `merge` (a duplicate into the record that stays). Every subcommand
 * acts as a staff member (--as), whose job must permit it; reads are
 * audited like changes. It uses cli.h, core/patient.h and units.h. */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "patient.h"
#include "units.h"

/* Which subcommands take an option. */
enum { O_FIELD = 1, O_FIND = 2, O_REG = 4, O_ALL = 8 };

typedef struct opt_info {
	const char *name;
	int has_arg;
	int where;
	ptrdiff_t off; /* string field of mo_patient_new, or -1 */
} opt_info;

#define FLD(name, member) \
	{name, required_argument, O_FIELD, offsetof(mo_patient_new, member)}
static const opt_info OPTS[] = {
	FLD("family", family), FLD("given", given), FLD("middle", middle),
	FLD("sex", sex), FLD("line1", line1), FLD("line2", line2),
	FLD("city", city), FLD("state", state), FLD("zip", zip),
	FLD("home", phone_home), FLD("mobile", phone_mobile),
	FLD("work", phone_work), FLD("email", email),
	FLD("language", language), FLD("emergency-name", emergency_name),
	FLD("emergency-phone", emergency_phone),
	FLD("emergency-relation", emergency_relation),
	{"birth-date", required_argument, O_FIELD | O_FIND, -1},
	{"guarantor", required_argument, O_FIELD, -1},
	{"allow-duplicate", no_argument, O_REG, -1},
	{"name", required_argument, O_FIND, -1},
	{"phone", required_argument, O_FIND, -1},
	{"limit", required_argument, O_FIND, -1},
	{"as", required_argument, O_ALL, -1},
	{"help", no_argument, O_ALL, -1},
};
#undef FLD
enum { NOPTS = sizeof OPTS / sizeof OPTS[0] };

typedef struct opts {
	const char *sub;   /* "register" ... */
	int takes;         /* O_* the subcommand takes */
	const char *actor, *birth, *guarantor, *name, *phone, *limit;
	bool allow_duplicate, help;
	mo_patient_new in;
	int nfields;       /* field options given */
} opts;

static int usage(const opts *o, const char *fmt, const char *arg)
{
	return mo_cli_usage("patient", "%s: %s%s", o->sub, fmt, arg ? arg : "");
}

/* Stores the value of option i. */
static void store(opts *o, int i, const char *v)
{
	const char *n = OPTS[i].name;
	if (OPTS[i].off >= 0)
		*(const char **)((char *)&o->in + OPTS[i].off) = v;
	else if (!strcmp(n, "birth-date"))
		o->birth = v;
	else if (!strcmp(n, "guarantor"))
		o->guarantor = v;
	else if (!strcmp(n, "allow-duplicate"))
		o->allow_duplicate = true;
	else if (!strcmp(n, "name"))
		o->name = v;
	else if (!strcmp(n, "phone"))
		o->phone = v;
	else if (!strcmp(n, "limit"))
		o->limit = v;
	else if (!strcmp(n, "as"))
		o->actor = v;
	else
		o->help = true;
	o->nfields += (OPTS[i].where & O_FIELD) != 0;
}

static int parse_opts(int argc, char **argv, opts *o)
{
	struct option lo[NOPTS + 1];
	int c, i;
	for (i = 0; i < NOPTS; i++)
		lo[i] = (struct option){OPTS[i].name, OPTS[i].has_arg, NULL,
					256 + i};
	lo[NOPTS] = (struct option){0, 0, 0, 0};
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		if (c == 'h')
			return mo_cli_help("patient");
		if (c < 256)
			return usage(o, "bad option", NULL);
		i = c - 256;
		if (!(OPTS[i].where & (o->takes | O_ALL)))
			return mo_cli_usage("patient", "%s does not take --%s",
					    o->sub, OPTS[i].name);
		store(o, i, optarg);
	}
	return o->help ? mo_cli_help("patient") : -1;
}

/* [DIR] then `want` more arguments: DIR is there when more are left. */
static int positional(const opts *o, int argc, char **argv, int want,
		      const char **dir, char ***rest)
{
	int left = argc - optind;
	*dir = ".";
	if (left > want) {
		*dir = argv[optind++];
		left--;
	}
	if (left != want)
		return mo_cli_usage("patient", "%s: expected %d argument%s after "
				    "[DIR], got %d", o->sub, want,
				    want == 1 ? "" : "s", left);
	*rest = argv + optind;
	return -1;
}

static int parse_id(const opts *o, const char *s, int64_t *id)
{
	char *end;
	*id = strtoll(s, &end, 10);
	if (*id <= 0 || *end)
		return usage(o, "expected a patient number, got ", s);
	return -1;
}

/* --birth-date and --guarantor into o->in. */
static int parse_values(opts *o, bool update)
{
	mo_err e;
	if (o->birth && mo_date_parse(o->birth, &o->in.birth_day, &e))
		return mo_cli_usage("patient", "%s: --birth-date: %s", o->sub,
				    e.msg);
	o->in.has_birth_day = o->birth != NULL;
	if (!o->guarantor)
		return -1;
	if (update && !strcmp(o->guarantor, "none")) {
		o->in.guarantor = MO_PATIENT_CLEAR;
		return -1;
	}
	return parse_id(o, o->guarantor, &o->in.guarantor);
}

static int need_actor(const opts *o)
{
	if (!o->actor)
		return mo_cli_usage("patient", "%s: --as STAFF is required: "
				    "who is acting?", o->sub);
	return -1;
}

/* ---- printing ---- */

/* "(217) 555-0123" into buf, "" for NULL. */
static const char *phone(const char *d, char buf[16])
{
	if (!d || strlen(d) != 10)
		snprintf(buf, 16, "%s", d ? d : "");
	else
		snprintf(buf, 16, "(%.3s) %.3s-%.4s", d, d + 3, d + 6);
	return buf;
}

static const char *full_name(const mo_patient *pt, char *buf, size_t size)
{
	snprintf(buf, size, "%s, %s%s%s", pt->family, pt->given,
		 pt->middle ? " " : "", pt->middle ? pt->middle : "");
	return buf;
}

static int print_line(void *ud, const mo_patient *pt)
{
	char name[1024], day[11], ph[16];
	size_t chars;
	const char *which = pt->phone_mobile ? "mobile" : pt->phone_home
		? "home" : pt->phone_work ? "work" : "";
	const char *num = pt->phone_mobile ? pt->phone_mobile
		: pt->phone_home ? pt->phone_home : pt->phone_work;
	++*(int *)ud;
	chars = mo_utf8_chars(full_name(pt, name, sizeof name));
	printf("#%-5lld %s%*s %s  %-7s %s%s%s\n", (long long)pt->id, name,
	       chars < 32 ? (int)(32 - chars) : 0, "",
	       mo_date_format(pt->birth_day, day), pt->sex, which,
	       *which ? " " : "", phone(num, ph));
	return 0;
}

static void print_opt(const char *label, const char *v)
{
	if (v && *v)
		printf("  %-11s %s\n", label, v);
}

static void print_address(const mo_patient *pt)
{
	char buf[2048];
	snprintf(buf, sizeof buf, "%s%s%s%s%s%s%s%s%s",
		 pt->line1 ? pt->line1 : "", pt->line2 ? ", " : "",
		 pt->line2 ? pt->line2 : "", pt->city ? ", " : "",
		 pt->city ? pt->city : "", pt->state ? ", " : "",
		 pt->state ? pt->state : "", pt->zip ? " " : "",
		 pt->zip ? pt->zip : "");
	print_opt("address:", buf[0] == ',' ? buf + 2 : buf);
}

static void print_phones(const mo_patient *pt)
{
	char a[16], b[16], c[16], buf[128];
	snprintf(buf, sizeof buf, "%s%s%s%s%s%s",
		 pt->phone_home ? "home " : "", phone(pt->phone_home, a),
		 pt->phone_mobile ? "  mobile " : "", phone(pt->phone_mobile, b),
		 pt->phone_work ? "  work " : "", phone(pt->phone_work, c));
	print_opt("phones:", buf + strspn(buf, " "));
}

static void print_emergency(const mo_patient *pt)
{
	char ph[16], buf[512];
	if (!pt->emergency_name && !pt->emergency_phone)
		return;
	snprintf(buf, sizeof buf, "%s%s%s%s %s",
		 pt->emergency_name ? pt->emergency_name : "",
		 pt->emergency_relation ? " (" : "",
		 pt->emergency_relation ? pt->emergency_relation : "",
		 pt->emergency_relation ? ")" : "",
		 phone(pt->emergency_phone, ph));
	print_opt("emergency:", buf);
}

static int print_full(void *ud, const mo_patient *pt)
{
	char name[1024], day[11], at[32], g[32];
	(void)ud;
	printf("patient %lld: %s\n", (long long)pt->id,
	       full_name(pt, name, sizeof name));
	if (pt->merged_into)
		printf("  status:     merged into patient %lld\n",
		       (long long)pt->merged_into);
	else
		printf("  status:     %s\n", pt->status);
	printf("  born:       %s\n  sex:        %s\n",
	       mo_date_format(pt->birth_day, day), pt->sex);
	print_address(pt);
	print_phones(pt);
	print_opt("email:", pt->email);
	print_opt("language:", pt->language);
	snprintf(g, sizeof g, "patient %lld", (long long)pt->guarantor);
	print_opt("guarantor:", pt->guarantor ? g : NULL);
	print_emergency(pt);
	printf("  registered: %.19s by %s\n",
	       mo_clock_format_us(pt->created_us, at), pt->created_by);
	printf("  updated:    %.19s by %s\n",
	       mo_clock_format_us(pt->updated_us, at), pt->updated_by);
	return 0;
}

/* ---- subcommands ---- */

/* Opens the practice as o->actor, runs fn and closes it. */
static int with_practice(const opts *o, const char *dir,
			 int (*fn)(const opts *o, mo_practice *p, char **rest,
				   const char *dir),
			 char **rest)
{
	mo_practice *p;
	mo_engine *en;
	int rc = mo_cli_open(dir, 0, o->actor, MO_CLI_SYNC_REQUIRE, &p, &en);
	if (rc)
		return rc;
	rc = fn(o, p, rest, dir);
	mo_cli_close(p, en);
	return rc;
}

static int do_register(const opts *o, mo_practice *p, char **rest,
		       const char *dir)
{
	int64_t id;
	mo_err e;
	(void)rest;
	if (mo_patient_register(p, o->actor, &o->in, o->allow_duplicate, &id,
				&e)) {
		mo_cli_fail(&e);
		if (e.code == MO_EEXIST)
			fprintf(stderr, "(see them with `medoffice patient show "
				"%s ID --as %s`; --allow-duplicate registers "
				"anyway)\n", dir, o->actor);
		return MO_EXIT_FAIL;
	}
	printf("registered patient %lld: %s, %s\n", (long long)id,
	       o->in.family, o->in.given);
	return MO_EXIT_OK;
}

static int do_find(const opts *o, mo_practice *p, char **rest,
		   const char *dir)
{
	mo_patient_query q = {o->name, o->birth != NULL, o->in.birth_day,
			      o->phone, 0};
	int n = 0;
	mo_err e;
	(void)rest;
	(void)dir;
	if (o->limit)
		q.limit = atoi(o->limit);
	if (mo_patient_search(p, o->actor, &q, print_line, &n, &e))
		return mo_cli_fail(&e);
	printf("%d patient%s found\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int do_show(const opts *o, mo_practice *p, char **rest,
		   const char *dir)
{
	int64_t id = strtoll(rest[0], NULL, 10);
	mo_err e;
	(void)dir;
	if (mo_patient_get(p, o->actor, id, print_full, NULL, &e))
		return mo_cli_fail(&e);
	return MO_EXIT_OK;
}

static int do_update(const opts *o, mo_practice *p, char **rest,
		     const char *dir)
{
	int64_t id = strtoll(rest[0], NULL, 10);
	mo_err e;
	(void)dir;
	if (mo_patient_update(p, o->actor, id, &o->in, &e))
		return mo_cli_fail(&e);
	printf("updated patient %lld\n", (long long)id);
	return MO_EXIT_OK;
}

static int do_merge(const opts *o, mo_practice *p, char **rest,
		    const char *dir)
{
	int64_t from = strtoll(rest[0], NULL, 10);
	int64_t into = strtoll(rest[1], NULL, 10);
	mo_err e;
	(void)dir;
	if (mo_patient_merge(p, o->actor, from, into, &e))
		return mo_cli_fail(&e);
	printf("merged patient %lld into patient %lld (see `medoffice audit "
	       "%s --patient %lld`)\n", (long long)from, (long long)into, dir,
	       (long long)from);
	return MO_EXIT_OK;
}

typedef struct sub {
	const char *name;
	int takes;  /* O_* */
	int nargs;  /* after [DIR]: ids */
	int (*run)(const opts *o, mo_practice *p, char **rest,
		   const char *dir);
} sub;

static const sub SUBS[] = {
	{"register", O_FIELD | O_REG, 0, do_register},
	{"find", O_FIND, 0, do_find},
	{"show", 0, 1, do_show},
	{"update", O_FIELD, 1, do_update},
	{"merge", 0, 2, do_merge},
	{NULL, 0, 0, NULL},
};

/* The checks after the options: ids, values, limit. */
static int check_args(opts *o, const sub *s, char **rest)
{
	int64_t id;
	int rc;
	char *end;
	for (int i = 0; i < s->nargs; i++)
		if ((rc = parse_id(o, rest[i], &id)) >= 0)
			return rc;
	if ((rc = parse_values(o, s->run == do_update)) >= 0)
		return rc;
	if (s->run == do_update && o->nfields == 0)
		return usage(o, "give a field to change (--family, --mobile, "
			     "...)", NULL);
	if (o->limit && (strtol(o->limit, &end, 10) <= 0 || *end))
		return usage(o, "--limit: expected a positive number, got ",
			     o->limit);
	return -1;
}

int mo_cmd_patient(int argc, char **argv)
{
	opts o = {0};
	const sub *s = SUBS;
	const char *dir;
	char **rest = NULL;
	int rc;
	if (argc < 2)
		return mo_cli_usage("patient", "expected a subcommand: register, "
				    "find, show, update or merge");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return mo_cli_help("patient");
	while (s->name && strcmp(s->name, argv[1]))
		s++;
	if (!s->name)
		return mo_cli_usage("patient", "unknown subcommand \"%s\" "
				    "(register, find, show, update or merge)",
				    argv[1]);
	o.sub = s->name;
	o.takes = s->takes;
	argc--;
	argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positional(&o, argc, argv, s->nargs, &dir, &rest)) >= 0 ||
	    (rc = need_actor(&o)) >= 0 || (rc = check_args(&o, s, rest)) >= 0)
		return rc;
	return with_practice(&o, dir, s->run, rest);
}
