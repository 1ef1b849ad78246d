/* cmd_credentials.c: `medoffice credentials [DIR] [--within DAYS]
 * [--holder ID] [--format text|json] --as STAFF`: the one list of the
 * practice's licences and credentials (core/credential.h): staff
 * credentials, providers' licences, DEA registrations, board
 * certifications and payer enrollments, the practice's own licences and
 * policies, the CLIA certificate; each with its dates, lead time and
 * status. An audited read (credential.read). It uses cli.h,
 * core/credential.h, units.h and jansson (--format json). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "credential.h"
#include "units.h"

#define CMD "credentials"

typedef struct opts {
	const char *actor, *holder, *format;
	int64_t within;
} opts;

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"within", required_argument, 0, 'w'},
		{"holder", required_argument, 0, 'o'},
		{"format", required_argument, 0, 'f'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'a': o->actor = optarg; break;
		case 'o': o->holder = optarg; break;
		case 'f': o->format = optarg; break;
		case 'w':
			if ((rc = mo_cli_number(CMD, "--within", optarg, 0,
						36500, &o->within)) >= 0)
				return rc;
			break;
		case 'h': return mo_cli_help(CMD);
		default: return mo_cli_usage(CMD, "bad option");
		}
	}
	if (strcmp(o->format, "text") && strcmp(o->format, "json"))
		return mo_cli_usage(CMD, "--format: expected text or json, got "
				    "\"%s\"", o->format);
	if (!o->actor)
		return mo_cli_usage(CMD, "--as STAFF is required");
	return -1;
}

typedef struct out {
	long n, renew, expired, other;
	json_t *rows; /* --format json, else NULL */
} out;

static void count(out *o, const mo_cred *r)
{
	o->n++;
	if (!strcmp(r->status, "renew"))
		o->renew++;
	else if (!strcmp(r->status, "expired"))
		o->expired++;
	else if (strcmp(r->status, "current"))
		o->other++;
}

static void set_date(json_t *obj, const char *key, int32_t day)
{
	char d[11];
	json_object_set_new(obj, key, day ? json_string(mo_date_format(day, d))
					  : json_null());
}

static void set_text(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, s ? json_string(s) : json_null());
}

static int add_json(out *o, const mo_cred *r)
{
	json_t *row = json_object();
	if (!row)
		return MO_ENOMEM;
	set_text(row, "holder", r->holder);
	set_text(row, "holder_name", r->holder_name);
	set_text(row, "kind", r->kind);
	set_text(row, "what", r->what);
	set_text(row, "number", r->number);
	set_text(row, "issuer", r->issuer);
	set_date(row, "issued", r->issued);
	set_date(row, "expires", r->expires);
	json_object_set_new(row, "lead", json_integer(r->lead));
	set_date(row, "renew", r->renew);
	set_text(row, "status", r->status);
	set_text(row, "path", r->path);
	return json_array_append_new(o->rows, row) ? MO_ENOMEM : 0;
}

static int print_row(void *ud, const mo_cred *r)
{
	out *o = ud;
	char d[11];
	count(o, r);
	if (o->rows)
		return add_json(o, r);
	printf("%-10s  %-10s %4d  %-12s %-21s %s", r->expires
	       ? mo_date_format(r->expires, d) : "-", r->status, r->lead,
	       r->holder, r->kind, r->what);
	if (!strncmp(r->path, "staff[", 6)) /* its number and issuer */
		printf("%s%s%s%s%s", r->number ? " " : "", r->number ? r->number
		       : "", r->issuer ? " (" : "", r->issuer ? r->issuer : "",
		       r->issuer ? ")" : "");
	putchar('\n');
	return 0;
}

static void print_end(const out *o)
{
	if (o->rows) {
		json_dumpf(o->rows, stdout, JSON_INDENT(2));
		putchar('\n');
		return;
	}
	printf("%ld credential%s: %ld to renew, %ld expired, %ld not "
	       "enrolled\n", o->n, o->n == 1 ? "" : "s", o->renew, o->expired,
	       o->other);
}

int mo_cmd_credentials(int argc, char **argv)
{
	opts o = {NULL, NULL, "text", -1};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc = parse_opts(argc, argv, &o), next = optind;
	const char *dir;
	if (rc >= 0)
		return rc;
	dir = mo_cli_dir(argc, argv, &next);
	if (next < argc)
		return mo_cli_usage(CMD, "expected at most one folder");
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	out r = {0, 0, 0, 0, NULL};
	mo_cred_filter f = {o.holder, (int)o.within};
	if (!strcmp(o.format, "json") && !(r.rows = json_array()))
		rc = mo_cli_fail((mo_err_set(&e, MO_ENOMEM, "out of memory"),
				  &e));
	else if (mo_cred_list(p, o.actor, &f, print_row, &r, &e))
		rc = mo_cli_fail(&e);
	else
		print_end(&r);
	json_decref(r.rows);
	mo_cli_close(p, en);
	return rc;
}
