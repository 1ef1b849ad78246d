/* cmd_calendar.c: `medoffice calendar export|import [DIR] ...`, a
 * schedule as an iCalendar file and back: export writes a provider's or a
 * location's days (appointments and blocks) to stdout or a file; import
 * reads a calendar file (the doctor's meetings and talks) into the
 * provider's blocks, idempotently, and prints "N added, N updated, N
 * unchanged". It uses cli.h and core/ical.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ical.h"
#include "units.h"

typedef struct opts {
	const char *sub, *actor, *provider, *location, *from, *to, *output;
} opts;

static int usage(const char *fmt, const char *arg)
{
	return mo_cli_usage("calendar", fmt, arg);
}

static int parse_opts(int argc, char **argv, opts *o)
{
	static const struct option lo[] = {
		{"as", required_argument, 0, 'a'},
		{"provider", required_argument, 0, 'p'},
		{"location", required_argument, 0, 'l'},
		{"from", required_argument, 0, 'F'},
		{"to", required_argument, 0, 'T'},
		{"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char **slots[128] = {0};
	int c;
	slots['a'] = &o->actor, slots['p'] = &o->provider;
	slots['l'] = &o->location, slots['F'] = &o->from, slots['T'] = &o->to;
	slots['o'] = &o->output;
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		if (c > 0 && c < 128 && slots[c])
			*slots[c] = optarg;
		else
			return c == 'h' ? mo_cli_help("calendar")
					: usage("%s", "bad option");
	}
	return -1;
}

static int check_opts(const opts *o)
{
	bool exp = strcmp(o->sub, "export") == 0;
	if (!o->actor)
		return usage("%s", "--as STAFF is required: who is acting?");
	if (exp && !o->provider == !o->location)
		return usage("%s", "export: give --provider ID or --location ID");
	if (!exp && !o->provider)
		return usage("%s", "import: --provider ID is required");
	if (!exp && (o->location || o->from || o->to || o->output))
		return usage("%s", "import takes FILE, --provider and --as only");
	return -1;
}

/* [DIR] then FILE for import, nothing more for export. */
static int positionals(int argc, char **argv, const opts *o,
		       const char **dir, const char **file)
{
	int want = strcmp(o->sub, "import") == 0, left = argc - optind;
	*dir = ".";
	*file = NULL;
	if (left == want + 1)
		*dir = argv[optind++], left--;
	if (left != want)
		return usage("%s: wrong number of arguments", o->sub);
	if (want)
		*file = argv[optind];
	return -1;
}

/* ---- export ---- */

/* --from (default today) and --to (default --from + 30). */
static int parse_range(mo_practice *p, const opts *o, int32_t *from,
		       int32_t *to, mo_err *e)
{
	*from = mo_practice_today(p);
	if (o->from && mo_date_parse(o->from, from, e)) {
		mo_err_prefix(e, "--from: ");
		return MO_EINVAL;
	}
	*to = *from + 30;
	if (o->to && mo_date_parse(o->to, to, e)) {
		mo_err_prefix(e, "--to: ");
		return MO_EINVAL;
	}
	return 0;
}

static size_t count_events(const char *text)
{
	size_t n = 0;
	for (const char *s = text; (s = strstr(s, "BEGIN:VEVENT")); s++)
		n++;
	return n;
}

/* Writes text to path through a temporary file renamed into place. */
static int write_file(const char *path, const char *text, mo_err *e)
{
	char *tmp = mo_sprintf("%s.tmp%ld", path, (long)getpid());
	FILE *f = tmp ? fopen(tmp, "wb") : NULL;
	int rc = 0;
	if (!tmp)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!f || fputs(text, f) == EOF)
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (f && fclose(f) != 0 && !rc)
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (!rc && rename(tmp, path) != 0)
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (rc && f)
		remove(tmp);
	free(tmp);
	return rc;
}

static int do_export(mo_practice *p, const opts *o, mo_err *e)
{
	char *text = NULL, a[11], b[11];
	int32_t from, to;
	int rc = parse_range(p, o, &from, &to, e);
	if (rc || (rc = mo_ical_export(p, o->actor, o->provider, o->location,
				       from, to, &text, e)))
		return rc;
	if (!o->output || strcmp(o->output, "-") == 0)
		fputs(text, stdout);
	else if (!(rc = write_file(o->output, text, e)))
		printf("%s: %zu events of %s, %s to %s\n", o->output,
		       count_events(text), o->provider ? o->provider
		       : o->location, mo_date_format(from, a),
		       mo_date_format(to, b));
	free(text);
	return rc;
}

/* ---- import ---- */

static int do_import(mo_practice *p, const opts *o, const char *file,
		     mo_err *e)
{
	size_t len = 0, added = 0, unchanged = 0, updated = 0;
	char *text = NULL;
	int rc = mo_cli_read_file(file, (size_t)MO_ICAL_MAX_BYTES, &text, &len,
				  e);
	if (rc)
		return rc;
	rc = mo_ical_import(p, o->actor, o->provider, text, len, file, &added,
			    &unchanged, &updated, e);
	free(text);
	if (!rc)
		printf("%zu added, %zu updated, %zu unchanged\n", added, updated,
		       unchanged);
	return rc;
}

int mo_cmd_calendar(int argc, char **argv)
{
	opts o = {0};
	const char *dir, *file;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (argc < 2 || (strcmp(argv[1], "export") && strcmp(argv[1], "import")))
		return usage("expected export or import, got \"%s\"",
			     argc < 2 ? "" : argv[1]);
	o.sub = argv[1];
	argc--, argv++;
	if ((rc = parse_opts(argc, argv, &o)) >= 0 ||
	    (rc = positionals(argc, argv, &o, &dir, &file)) >= 0 ||
	    (rc = check_opts(&o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.actor, MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	if (file ? do_import(p, &o, file, &e) : do_export(p, &o, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}
