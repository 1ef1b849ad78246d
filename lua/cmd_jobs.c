/* cmd_jobs.c: `medoffice actions` (the action catalogue) and `medoffice
 * jobs` (each job description: title, level, who it reports to, duties,
 * the actions it permits, the credentials and amount limits of those
 * actions, who holds it) as text, Markdown or one self-contained HTML
 * page a practice can hand to a new hire. It uses cli.h, core/action.h,
 * core/units.h (money) and the engine's jobs. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "render.h"
#include "units.h"

typedef enum { FMT_TEXT, FMT_MD, FMT_HTML } fmt;

int mo_cmd_actions(int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return mo_cli_usage("actions", "takes no arguments");
	for (const mo_action *a = mo_actions; a->name; a++)
		printf("%-20s %s\n", a->name, a->description);
	return MO_EXIT_OK;
}

static const char *job_title(const mo_job *jobs, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(jobs[i].id, id) == 0)
			return jobs[i].title;
	return id;
}

/* Writes one line of text in the format (escaped for HTML). */
static void text(FILE *f, fmt k, const char *s)
{
	if (k == FMT_HTML)
		mo_render_html_put(f, s);
	else
		fputs(s, f);
}

static void heading(FILE *f, fmt k, const mo_job *j)
{
	if (k == FMT_TEXT)
		fprintf(f, "%s (%s)\n", j->title, j->id);
	else if (k == FMT_MD)
		fprintf(f, "## %s\n\n", j->title);
	else {
		fputs("<section><h2>", f);
		text(f, k, j->title);
		fputs("</h2>\n", f);
	}
}

static void field(FILE *f, fmt k, const char *label, const char *value)
{
	if (k == FMT_TEXT)
		fprintf(f, "  %-12s %s\n", label, value);
	else if (k == FMT_MD)
		fprintf(f, "- **%s**: %s\n", label, value);
	else {
		fprintf(f, "<p><b>%s</b>: ", label);
		text(f, k, value);
		fputs("</p>\n", f);
	}
}

static void list_start(FILE *f, fmt k, const char *label)
{
	if (k == FMT_TEXT)
		fprintf(f, "  %s\n", label);
	else if (k == FMT_MD)
		fprintf(f, "\n**%s**\n\n", label);
	else
		fprintf(f, "<h3>%s</h3><ul>\n", label);
}

static void item(FILE *f, fmt k, const char *a, const char *b)
{
	fputs(k == FMT_TEXT ? "    - " : k == FMT_MD ? "- " : "<li>", f);
	text(f, k, a);
	if (b) {
		fputs(k == FMT_HTML ? " <i>" : " (", f);
		text(f, k, b);
		fputs(k == FMT_HTML ? "</i>" : ")", f);
	}
	fputs(k == FMT_HTML ? "</li>\n" : "\n", f);
}

static void list_end(FILE *f, fmt k)
{
	fputs(k == FMT_HTML ? "</ul>\n" : "", f);
}

/* "a current CMA or RMA credential" for r, into buf. */
static const char *needs(const mo_job_require *r, char *buf, size_t size)
{
	size_t used = (size_t)snprintf(buf, size, "a current ");
	for (size_t i = 0; i < r->nkinds && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 i == 0 ? "" : i + 1 == r->nkinds
						 ? " or " : ", ", r->kinds[i]);
	if (used < size)
		snprintf(buf + used, size - used, " credential");
	return buf;
}

/* The credentials job j requires and the amounts it is limited to, per
 * action (nothing when it has none). */
static void terms(FILE *f, fmt k, const mo_job *j)
{
	char buf[256], money[32];
	if (j->nrequires)
		list_start(f, k, "Credentials required");
	for (size_t i = 0; i < j->nrequires; i++)
		item(f, k, j->requires[i].action,
		     needs(&j->requires[i], buf, sizeof buf));
	if (j->nrequires)
		list_end(f, k);
	if (j->nlimits)
		list_start(f, k, "Limits");
	for (size_t i = 0; i < j->nlimits; i++) {
		snprintf(buf, sizeof buf, "amounts up to %s",
			 mo_money_format(j->limits[i].max_amount, money));
		item(f, k, j->limits[i].action, buf);
	}
	if (j->nlimits)
		list_end(f, k);
}

typedef struct approves_ctx {
	FILE *f;
	fmt k;
	bool any;
} approves_ctx;

static void approves_one(void *ud, const char *kind, const char *what)
{
	approves_ctx *a = ud;
	if (!a->any)
		list_start(a->f, a->k, "Approves");
	a->any = true;
	item(a->f, a->k, kind, what);
}

/* The approvals in which job j decides (nothing when none). */
static void approves(FILE *f, fmt k, mo_engine *en, const mo_job *j)
{
	approves_ctx a = {f, k, false};
	mo_err e;
	if (mo_engine_approvals_of(en, j->id, approves_one, &a, &e))
		fprintf(stderr, "medoffice: %s\n", e.msg);
	if (a.any)
		list_end(f, k);
}

/* The staff who hold job j. */
static void holders(FILE *f, fmt k, const mo_config *c, const mo_job *j)
{
	list_start(f, k, "Held by");
	for (size_t i = 0; i < c->nstaff; i++)
		if (strcmp(c->staff[i].job, j->id) == 0)
			item(f, k, c->staff[i].name, c->staff[i].id);
	list_end(f, k);
}

static void describe_job(FILE *f, fmt k, mo_engine *en, const mo_config *c,
			 const mo_job *jobs, size_t n, const mo_job *j)
{
	heading(f, k, j);
	field(f, k, "Job id", j->id);
	field(f, k, "Level", j->level);
	field(f, k, "Reports to", j->reports_to
	      ? job_title(jobs, n, j->reports_to) : "(the top of the chart)");
	list_start(f, k, "Duties");
	for (size_t d = 0; d < j->nduties; d++)
		item(f, k, j->duties[d], NULL);
	list_end(f, k);
	list_start(f, k, "May");
	for (size_t m = 0; m < j->nmay; m++) {
		const mo_action *a = mo_action_find(j->may[m]);
		item(f, k, j->may[m], a ? a->description : NULL);
	}
	list_end(f, k);
	terms(f, k, j);
	approves(f, k, en, j);
	holders(f, k, c, j);
	fputs(k == FMT_HTML ? "</section>\n" : "\n", f);
}

static void write_jobs(FILE *f, fmt k, mo_engine *en, const mo_config *c,
		       const mo_job *jobs, size_t n)
{
	if (k == FMT_MD)
		fprintf(f, "# %s: job descriptions\n\n", c->name);
	if (k == FMT_HTML) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
		      "charset=\"utf-8\"><title>Job descriptions</title><style>"
		      "body{font:15px/1.5 system-ui,sans-serif;max-width:46em;"
		      "margin:2em auto;color:#222}section{break-inside:avoid;"
		      "border-top:1px solid #ccc;margin-top:1.5em}h3{font-size:"
		      "15px;margin-bottom:.2em}</style></head><body>\n<h1>", f);
		mo_render_html_put(f, c->name);
		fputs(": job descriptions</h1>\n", f);
	}
	for (size_t i = 0; i < n; i++)
		describe_job(f, k, en, c, jobs, n, &jobs[i]);
	if (k == FMT_HTML)
		fputs("</body></html>\n", f);
}

static int parse_format(const char *s, fmt *k)
{
	if (!strcmp(s, "text") || !strcmp(s, "md") || !strcmp(s, "html")) {
		*k = s[0] == 't' ? FMT_TEXT : s[0] == 'm' ? FMT_MD : FMT_HTML;
		return 0;
	}
	return mo_cli_usage("jobs", "--format: expected text, md or html, got "
			    "\"%s\"", s);
}

static int write_to(const char *out, fmt k, mo_practice *p, mo_engine *en)
{
	FILE *f = out ? fopen(out, "w") : stdout;
	size_t n;
	const mo_job *jobs = mo_engine_jobs(en, &n);
	if (!f) {
		perror(out);
		return MO_EXIT_FAIL;
	}
	write_jobs(f, k, en, mo_practice_config(p), jobs, n);
	if (out && fclose(f) != 0) {
		perror(out);
		return MO_EXIT_FAIL;
	}
	return MO_EXIT_OK;
}

int mo_cmd_jobs(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, 0, 'f'},
		{"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *out = NULL;
	mo_practice *p;
	mo_engine *en;
	fmt k = FMT_TEXT;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		if (c == 'f' && parse_format(optarg, &k))
			return MO_EXIT_USAGE;
		if (c == 'o')
			out = optarg;
		if (c != 'f' && c != 'o')
			return c == 'h' ? mo_cli_help("jobs")
					: mo_cli_usage("jobs", "bad option");
	}
	if (argc - optind > 1)
		return mo_cli_usage("jobs", "expected at most one folder");
	if ((rc = mo_cli_open(mo_cli_dir(argc, argv, &optind),
			      MO_PRACTICE_READONLY, NULL, MO_CLI_SYNC_IGNORE,
			      &p, &en)))
		return rc;
	rc = write_to(out, k, p, en);
	mo_cli_close(p, en);
	return rc;
}
