/* cmd_org.c: `medoffice org`: who reports to whom, as a text tree or as
 * one self-contained HTML page with the chart (nested boxes drawn with
 * CSS, printable, no scripts, works offline). It uses cli.h and
 * core/org.h. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "render.h"

/* ---- text ---- */

static void text_node(const mo_config *c, const mo_org *o, size_t i,
		      char *prefix, size_t plen, bool last, bool top)
{
	const mo_staff *s = &c->staff[i];
	const size_t *kids;
	size_t n;
	printf("%s%s%s - %s (%s)%s\n", prefix, top ? "" : last ? "`-- " : "|-- ",
	       s->name, mo_org_job(o, i)->title, s->id,
	       s->supervisor ? "" : "");
	kids = mo_org_children(o, (long)i, &n);
	if (!top && plen + 5 < 512)
		snprintf(prefix + plen, 512 - plen, "%s", last ? "    " : "|   ");
	for (size_t k = 0; k < n; k++)
		text_node(c, o, kids[k], prefix, top ? plen : plen + 4,
			  k + 1 == n, false);
	prefix[plen] = '\0';
}

void mo_cli_print_org(const mo_config *c, const mo_org *o)
{
	char prefix[512] = "";
	size_t n;
	const size_t *tops = mo_org_children(o, -1, &n);
	printf("%s\n", c->name);
	for (size_t k = 0; k < n; k++)
		text_node(c, o, tops[k], prefix, 0, k + 1 == n, true);
}

/* ---- HTML ---- */

static void html_node(FILE *f, const mo_config *c, const mo_org *o, size_t i)
{
	const mo_staff *s = &c->staff[i];
	const size_t *kids;
	size_t n;
	fputs("<li><div class=\"box\"><b>", f);
	mo_render_html_put(f, s->name);
	fputs("</b><span>", f);
	mo_render_html_put(f, mo_org_job(o, i)->title);
	fputs("</span><code>", f);
	mo_render_html_put(f, s->id);
	fputs("</code></div>", f);
	kids = mo_org_children(o, (long)i, &n);
	if (n) {
		fputs("<ul>", f);
		for (size_t k = 0; k < n; k++)
			html_node(f, c, o, kids[k]);
		fputs("</ul>", f);
	}
	fputs("</li>\n", f);
}

static const char CSS[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}"
	"h1{font-size:20px}.chart{overflow-x:auto}"
	".chart ul{display:flex;justify-content:center;padding-top:20px;"
	"position:relative;margin:0;padding-left:0}"
	".chart li{list-style:none;text-align:center;position:relative;"
	"padding:20px 6px 0}"
	".chart li::before,.chart li::after{content:'';position:absolute;top:0;"
	"right:50%;border-top:1px solid #888;width:50%;height:20px}"
	".chart li::after{right:auto;left:50%;border-left:1px solid #888}"
	".chart li:only-child::before,.chart li:only-child::after{display:none}"
	".chart li:only-child{padding-top:0}"
	".chart li:first-child::before,.chart li:last-child::after{border:0}"
	".chart li:last-child::before{border-right:1px solid #888}"
	".chart ul ul::before{content:'';position:absolute;top:0;left:50%;"
	"border-left:1px solid #888;height:20px}"
	".chart>ul{padding-top:0;width:max-content;margin:0 auto}"
	".box{display:inline-block;border:1px solid #557;border-radius:6px;"
	"padding:6px 10px;background:#f4f6fb;min-width:9em;max-width:13em}"
	".box b,.box span,.box code{display:block}.box span{color:#444}"
	".box code{color:#777;font-size:12px}"
	"@media print{body{margin:0}.box{background:none}}";

static void print_html(FILE *f, const mo_config *c, const mo_org *o)
{
	size_t n;
	const size_t *tops = mo_org_children(o, -1, &n);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	      "<title>Organization chart: ", f);
	mo_render_html_put(f, c->name);
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>", CSS);
	mo_render_html_put(f, c->name);
	fputs(": who reports to whom</h1>\n<div class=\"chart\"><ul>\n", f);
	for (size_t k = 0; k < n; k++)
		html_node(f, c, o, tops[k]);
	fputs("</ul></div>\n</body></html>\n", f);
}

static int write_html(const char *out, const mo_config *c, const mo_org *o)
{
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		perror(out);
		return MO_EXIT_FAIL;
	}
	print_html(f, c, o);
	if (out && fclose(f) != 0) {
		perror(out);
		return MO_EXIT_FAIL;
	}
	return MO_EXIT_OK;
}

int mo_cmd_org(int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, 0, 'f'},
		{"output", required_argument, 0, 'o'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *format = "text", *out = NULL;
	mo_practice *p;
	mo_engine *en;
	int c, rc;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		if (c == 'f')
			format = optarg;
		else if (c == 'o')
			out = optarg;
		else
			return c == 'h' ? mo_cli_help("org")
					: mo_cli_usage("org", "bad option");
	}
	if (strcmp(format, "text") && strcmp(format, "html"))
		return mo_cli_usage("org", "--format: expected text or html, "
				    "got \"%s\"", format);
	if (argc - optind > 1)
		return mo_cli_usage("org", "expected at most one folder");
	if ((rc = mo_cli_open(mo_cli_dir(argc, argv, &optind),
			      MO_PRACTICE_READONLY, NULL, MO_CLI_SYNC_IGNORE,
			      &p, &en)))
		return rc;
	if (strcmp(format, "html") == 0)
		rc = write_html(out, mo_practice_config(p), mo_engine_org(en));
	else
		mo_cli_print_org(mo_practice_config(p), mo_engine_org(en));
	mo_cli_close(p, en);
	return rc;
}
