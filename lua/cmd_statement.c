/* cmd_statement.c: `medoffice statements [hold|release|list|show] [DIR]
 * ... --as STAFF`: patient statements from the command line. Without a
 * subcommand it runs statements (statement.run): each patient the rules
 * send one gets it, printed to stdout or written to -o OUTDIR (one file
 * each, never overwriting), then a summary of the run and of who was
 * skipped and why (to stderr when HTML goes to stdout, so that the page
 * stays whole). A run that fails writes nothing: the files it wrote are
 * removed. --dry-run shows what a run would send and records nothing.
 * hold and release put a patient's statements on hold and back; list
 * shows the statements sent (or, with --holds, the holds in force); show
 * prints a statement again as it was sent. Dates are parsed with
 * mo_date_parse; the statements are printed by stmt_print.c. It uses
 * cli.h, core/statement.h, stmt_print.h and units.h. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "statement.h"
#include "stmt_print.h"
#include "tz.h"
#include "units.h"

static const char CMD[] = "statements";

/* The options, by their getopt value (1..O_N-1). */
enum {
	O_AS = 1, O_AS_OF, O_DRY_RUN, O_FORMAT, O_OUT, O_PATIENT, O_DUE_DAYS,
	O_REASON, O_UNTIL, O_RUN, O_HOLDS, O_HELP, O_N
};
#define BIT(o) (1u << (o))

static const struct option OPTS[] = {
	{"as", required_argument, 0, O_AS},
	{"as-of", required_argument, 0, O_AS_OF},
	{"dry-run", no_argument, 0, O_DRY_RUN},
	{"format", required_argument, 0, O_FORMAT},
	{"output", required_argument, 0, O_OUT},
	{"patient", required_argument, 0, O_PATIENT},
	{"due-days", required_argument, 0, O_DUE_DAYS},
	{"reason", required_argument, 0, O_REASON},
	{"until", required_argument, 0, O_UNTIL},
	{"run", required_argument, 0, O_RUN},
	{"holds", no_argument, 0, O_HOLDS},
	{"help", no_argument, 0, O_HELP},
	{0, 0, 0, 0},
};

typedef struct opts {
	const char *v[O_N]; /* each option's text ("" for a flag), or NULL */
	int64_t patient, run, due_days, id;
	int32_t as_of, until;
	bool html;
} opts;

typedef struct sub {
	const char *name;
	const char *id; /* what the number after [DIR] is; NULL: none */
	unsigned opts;  /* the options it takes besides --as */
	int (*run)(mo_practice *p, const opts *o, mo_err *e);
} sub;

/* ---- a run's output ---- */

/* What a run printed or wrote, and what it skipped. */
typedef struct output {
	const opts *o;
	char **files; /* written to -o OUTDIR, removed if the run fails */
	size_t nfiles, fcap;
	char **skips; /* the summary's lines of patients skipped */
	size_t nskips, scap;
	int shown;    /* statements printed to stdout */
	char err[600];
} output;

static int keep_text(char ***v, size_t *n, size_t *cap, char *s)
{
	if (!s || mo_grow(v, cap, *n + 1, sizeof **v)) {
		free(s);
		return MO_ENOMEM;
	}
	(*v)[(*n)++] = s;
	return 0;
}

static void free_texts(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* One statement as a whole page: text, or an HTML page of its own. */
static void print_page(FILE *f, bool html, const mo_statement *s)
{
	if (!html) {
		mo_cli_statement_text(f, s);
		return;
	}
	mo_cli_statement_html_head(f, s->patient_name);
	mo_cli_statement_html(f, s);
	mo_cli_statement_html_tail(f);
}

/* Writes s to its own file in OUTDIR (never over another). */
static int write_file(output *out, const mo_statement *s)
{
	char m[32], d[11];
	char *path = mo_sprintf("%s/statement-%lld.%s", out->o->v[O_OUT],
				(long long)s->id, out->o->html ? "html"
							      : "txt");
	FILE *f = path ? fopen(path, "wx") : NULL;
	if (!f) {
		snprintf(out->err, sizeof out->err, "%s: %s", path ? path
			 : out->o->v[O_OUT], path ? strerror(errno)
			 : "out of memory");
		free(path);
		return MO_EIO;
	}
	print_page(f, out->o->html, s);
	if (fclose(f) != 0 || keep_text(&out->files, &out->nfiles,
					&out->fcap, path)) {
		snprintf(out->err, sizeof out->err, "%s: cannot write it",
			 path);
		return MO_EIO;
	}
	printf("statement %lld: patient %lld %s, %s due %s -> %s\n",
	       (long long)s->id, (long long)s->patient, s->patient_name,
	       mo_money_format(s->balance, m), mo_date_format(s->due_day, d),
	       path);
	return 0;
}

static int on_sent(void *ud, const mo_statement *s)
{
	output *out = ud;
	if (out->o->v[O_OUT])
		return write_file(out, s);
	if (out->o->html && out->shown == 0)
		mo_cli_statement_html_head(stdout, "Statements");
	else if (!out->o->html && out->shown)
		fputs("\n==================================================="
		      "===========================\n\n", stdout);
	if (out->o->html)
		mo_cli_statement_html(stdout, s);
	else
		mo_cli_statement_text(stdout, s);
	out->shown++;
	return 0;
}

static int on_skip(void *ud, const mo_stmt_skip *k)
{
	output *out = ud;
	char m[32];
	char *line = mo_sprintf("  patient %-5lld %-24s %10s  %s%s%s%s",
				(long long)k->patient, k->patient_name,
				mo_money_format(k->balance, m), k->reason,
				k->rule[0] ? " (rule " : "", k->rule,
				k->rule[0] ? ")" : "");
	if (keep_text(&out->skips, &out->nskips, &out->scap, line)) {
		snprintf(out->err, sizeof out->err, "out of memory");
		return MO_ENOMEM;
	}
	return 0;
}

static void print_summary(const output *out, const mo_stmt_result *r)
{
	FILE *f = out->o->html && !out->o->v[O_OUT] ? stderr : stdout;
	char d[11], m[32];
	if (out->shown && !out->o->html)
		fputc('\n', f);
	if (out->o->v[O_DRY_RUN])
		fprintf(f, "dry run on %s: %lld statement%s would go out, %s; ",
			mo_date_format(out->o->as_of, d), (long long)r->sent,
			r->sent == 1 ? "" : "s", mo_money_format(r->total, m));
	else
		fprintf(f, "run %lld on %s: %lld statement%s, %s; ",
			(long long)r->run, mo_date_format(out->o->as_of, d),
			(long long)r->sent, r->sent == 1 ? "" : "s",
			mo_money_format(r->total, m));
	fprintf(f, "%lld skipped%s\n", (long long)r->skipped,
		out->o->v[O_DRY_RUN] ? "; nothing recorded" : "");
	for (size_t i = 0; i < out->nskips; i++)
		fprintf(f, "%s\n", out->skips[i]);
}

/* After a failed run: no file of it is left behind. */
static void remove_files(output *out)
{
	for (size_t i = 0; i < out->nfiles; i++)
		remove(out->files[i]);
}

static int make_outdir(const char *dir)
{
	struct stat sb;
	if (mkdir(dir, 0777) == 0 || (errno == EEXIST && stat(dir, &sb) == 0
				      && S_ISDIR(sb.st_mode)))
		return MO_EXIT_OK;
	fprintf(stderr, "medoffice: %s: %s\n", dir, errno == EEXIST
		? "not a folder" : strerror(errno));
	return MO_EXIT_FAIL;
}

static int run(mo_practice *p, const opts *o, mo_err *e)
{
	mo_stmt_opts so = {o->as_of, o->patient, o->v[O_DRY_RUN] != NULL,
			   (int)o->due_days, o->html ? "html" : "text"};
	output out = {.o = o};
	mo_stmt_result r;
	int rc = o->v[O_OUT] ? make_outdir(o->v[O_OUT]) : MO_EXIT_OK;
	if (rc == MO_EXIT_OK &&
	    mo_stmt_run(p, o->v[O_AS], &so, on_sent, on_skip, &out, &r, e)) {
		remove_files(&out);
		if (out.err[0])
			snprintf(e->msg, sizeof e->msg, "%s; no statement was "
				 "recorded", out.err);
		rc = mo_cli_fail(e);
	} else if (rc == MO_EXIT_OK) {
		if (out.shown && o->html)
			mo_cli_statement_html_tail(stdout);
		print_summary(&out, &r);
	}
	free_texts(out.files, out.nfiles);
	free_texts(out.skips, out.nskips);
	return rc;
}

/* ---- the other subcommands ---- */

static int hold(mo_practice *p, const opts *o, mo_err *e)
{
	char d[11];
	if (mo_stmt_hold(p, o->v[O_AS], o->id, o->v[O_REASON], o->until, e))
		return mo_cli_fail(e);
	printf("patient %lld's statements are on hold %s%s: %s\n",
	       (long long)o->id, o->until ? "until " : "until released",
	       o->until ? mo_date_format(o->until, d) : "", o->v[O_REASON]);
	return MO_EXIT_OK;
}

static int release(mo_practice *p, const opts *o, mo_err *e)
{
	if (mo_stmt_release(p, o->v[O_AS], o->id, o->v[O_REASON], e))
		return mo_cli_fail(e);
	printf("patient %lld's statements are no longer on hold\n",
	       (long long)o->id);
	return MO_EXIT_OK;
}

static int print_head_line(void *ud, const mo_statement *s)
{
	char d[2][11], m[32];
	(*(int *)ud)++;
	printf("#%-5lld %s  run %-4lld patient %-5lld %-24s %10s  due %s  %-4s "
	       " %s\n", (long long)s->id, mo_date_format(s->day, d[0]),
	       (long long)s->run, (long long)s->patient, s->patient_name,
	       mo_money_format(s->balance, m),
	       mo_date_format(s->due_day, d[1]), s->format, s->created_by);
	return 0;
}

/* The holds listed, with the practice's time zone for their times. */
typedef struct hold_list {
	const char *tz;
	int n;
} hold_list;

static int print_hold(void *ud, const mo_stmt_hold_row *h)
{
	hold_list *l = ud;
	char since[32], d[11];
	l->n++;
	printf("patient %-5lld %-24s held since %s by %s, %s%s: %s\n",
	       (long long)h->patient, h->patient_name,
	       mo_tz_format(l->tz, h->since_us, since), h->by,
	       h->until_day ? "until " : "until released",
	       h->until_day ? mo_date_format(h->until_day, d) : "", h->reason);
	return 0;
}

static int list_holds(mo_practice *p, const opts *o, mo_err *e)
{
	hold_list l = {mo_practice_config(p)->timezone, 0};
	if (mo_stmt_holds(p, o->v[O_AS], print_hold, &l, e))
		return mo_cli_fail(e);
	printf("%d patient%s on hold\n", l.n, l.n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

static int list(mo_practice *p, const opts *o, mo_err *e)
{
	mo_stmt_filter f = {o->patient, o->run};
	int n = 0;
	if (o->v[O_HOLDS])
		return list_holds(p, o, e);
	if (mo_stmt_list(p, o->v[O_AS], &f, print_head_line, &n, e))
		return mo_cli_fail(e);
	printf("%d statement%s\n", n, n == 1 ? "" : "s");
	return MO_EXIT_OK;
}

typedef struct show_ctx {
	FILE *f;
	bool html;
} show_ctx;

static int show_cb(void *ud, const mo_statement *s)
{
	show_ctx *c = ud;
	print_page(c->f, c->html, s);
	return 0;
}

/* Statement o->id again, as sent: rendered whole, then written (to -o
 * FILE, never over another, or to stdout). */
static int show(mo_practice *p, const opts *o, mo_err *e)
{
	const char *path = o->v[O_OUT];
	FILE *f = mo_cli_create(path, "nothing was written");
	show_ctx c = {NULL, o->html};
	char *text = NULL;
	size_t len = 0;
	int rc;
	if (!f)
		return MO_EXIT_FAIL;
	if (!(c.f = open_memstream(&text, &len)))
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
	else
		rc = mo_stmt_get(p, o->v[O_AS], o->id, show_cb, &c, e);
	if (c.f)
		fclose(c.f);
	if (rc) {
		mo_cli_finish(f, path, NULL, 0, "");
		free(text);
		return mo_cli_fail(e);
	}
	rc = mo_cli_finish(f, path, text, len, "nothing else changed");
	free(text);
	return rc;
}

static const sub SUBS[] = {
	{"hold", "the patient", BIT(O_REASON) | BIT(O_UNTIL), hold},
	{"release", "the patient", BIT(O_REASON), release},
	{"list", NULL, BIT(O_PATIENT) | BIT(O_RUN) | BIT(O_HOLDS), list},
	{"show", "the statement number", BIT(O_FORMAT) | BIT(O_OUT), show},
	{NULL, NULL, 0, NULL},
};

static const sub RUN = {"a run", NULL, BIT(O_AS_OF) | BIT(O_DRY_RUN) |
			BIT(O_FORMAT) | BIT(O_OUT) | BIT(O_PATIENT) |
			BIT(O_DUE_DAYS), run};

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
	while ((c = getopt_long(argc, argv, "ho:", OPTS, NULL)) != -1) {
		if (c == 'h' || c == O_HELP)
			return mo_cli_help(CMD);
		c = c == 'o' ? O_OUT : c;
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

static int date(const opts *o, int opt, int32_t *day)
{
	mo_err e;
	if (o->v[opt] && mo_date_parse(o->v[opt], day, &e))
		return mo_cli_usage(CMD, "--%s: %s", OPTS[opt - 1].name, e.msg);
	return -1;
}

static int number(const opts *o, int opt, int64_t hi, int64_t *v)
{
	char what[24];
	if (!o->v[opt])
		return -1;
	snprintf(what, sizeof what, "--%s", OPTS[opt - 1].name);
	return mo_cli_number(CMD, what, o->v[opt], 1, hi, v);
}

static int format(opts *o)
{
	const char *f = o->v[O_FORMAT];
	if (f && strcmp(f, "text") && strcmp(f, "html"))
		return mo_cli_usage(CMD, "--format: expected text or html, got "
				    "\"%s\"", f);
	o->html = f && !strcmp(f, "html");
	return -1;
}

/* The typed values of the options given, and what they rule out. */
static int convert(const sub *s, opts *o)
{
	int rc = format(o);
	if (rc < 0)
		rc = number(o, O_PATIENT, INT64_MAX, &o->patient);
	if (rc < 0)
		rc = number(o, O_RUN, INT64_MAX, &o->run);
	if (rc < 0)
		rc = number(o, O_DUE_DAYS, MO_STMT_DUE_MAX, &o->due_days);
	if (rc < 0)
		rc = date(o, O_AS_OF, &o->as_of);
	if (rc < 0)
		rc = date(o, O_UNTIL, &o->until);
	if (rc < 0 && o->v[O_DRY_RUN] && o->v[O_OUT])
		rc = mo_cli_usage(CMD, "--dry-run writes nothing: leave out "
				  "-o");
	if (rc < 0 && s->run == hold && !o->v[O_REASON])
		rc = mo_cli_usage(CMD, "hold needs --reason TEXT");
	return rc;
}

/* [DIR] and the number a subcommand takes. */
static int positional(int argc, char **argv, const sub *s, opts *o,
		      const char **dir)
{
	return mo_cli_positional_id(CMD, s->name, s->id, argc, argv, dir,
				    &o->id);
}

int mo_cmd_statements(int argc, char **argv)
{
	const char *dir = ".";
	const sub *s = argc > 1 ? find_sub(argv[1]) : NULL;
	opts o = {0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	int rc;
	if (s)
		argc--, argv++;
	else
		s = &RUN;
	if ((rc = parse_opts(argc, argv, s, &o)) >= 0 ||
	    (rc = positional(argc, argv, s, &o, &dir)) >= 0 ||
	    (rc = convert(s, &o)) >= 0)
		return rc;
	if ((rc = mo_cli_open(dir, 0, o.v[O_AS], MO_CLI_SYNC_REQUIRE, &p, &en)))
		return rc;
	if (!o.as_of)
		o.as_of = mo_practice_today(p);
	rc = s->run(p, &o, &e);
	mo_cli_close(p, en);
	return rc;
}
