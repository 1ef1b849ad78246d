/* cmd_practice.c: the commands that create and inspect a practice folder:
 * init, templates, check, backup and demo. Templates and shipped policies
 * come from the files embedded in the binary. It uses cli.h, embed.h,
 * spec.h, seed.h and the core. A new demo practice is seeded with a
 * month of activity. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <lauxlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "audit.h"
#include "cli.h"
#include "embed.h"
#include "ledger.h"
#include "seed.h"
#include "tz.h"
#include "spec.h"
#include "sync.h"
#include "units.h"

#define DEFAULT_TEMPLATE "starter"
#define TEMPLATE_PREFIX "config/templates/"

static int print_plan(mo_practice *p, mo_sync_plan **keep);
static void print_warnings(const mo_config *c);

static const struct option HELP_ONLY[] = {{"help", no_argument, 0, 'h'},
					  {0, 0, 0, 0}};

/* ---- templates ---- */

/* The template name of an embedded practice.yaml path, or NULL. */
static const char *template_of(const char *path, char *name, size_t size)
{
	const char *rest = path + strlen(TEMPLATE_PREFIX);
	const char *slash;
	if (strncmp(path, TEMPLATE_PREFIX, strlen(TEMPLATE_PREFIX)) != 0 ||
	    !(slash = strchr(rest, '/')) || strcmp(slash, "/practice.yaml") ||
	    (size_t)(slash - rest) >= size)
		return NULL;
	snprintf(name, size, "%.*s", (int)(slash - rest), rest);
	return name;
}

/* The first comment line of a template's practice.yaml. */
static void describe(const mo_embedded_file *f, char *out, size_t size)
{
	const char *s = f->data, *nl;
	out[0] = '\0';
	if (strncmp(s, "# ", 2) == 0 && (nl = strchr(s, '\n')))
		snprintf(out, size, "%.*s", (int)(nl - s - 2), s + 2);
}

int mo_cmd_templates(int argc, char **argv)
{
	char name[64], desc[160];
	(void)argv;
	if (argc > 1)
		return mo_cli_usage("templates", "takes no arguments");
	for (const mo_embedded_file *f = mo_embedded; f->path; f++) {
		if (!template_of(f->path, name, sizeof name))
			continue;
		describe(f, desc, sizeof desc);
		printf("%-20s %s\n", name, desc);
	}
	return MO_EXIT_OK;
}

static const mo_embedded_file *find_template(const char *name)
{
	char path[256];
	snprintf(path, sizeof path, TEMPLATE_PREFIX "%s/practice.yaml", name);
	return mo_embed_find(path);
}

/* ---- init ---- */

static int mkdirs(char *path, mo_err *e)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			int rc = mo_err_set(e, MO_EIO, "%s: %s", path,
					    strerror(errno));
			*p = '/';
			return rc;
		}
		*p = '/';
	}
	if (mkdir(path, 0777) != 0 && errno != EEXIST)
		return mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

/* Writes data to dir/rel, creating folders; refuses to overwrite. */
static int write_file(const char *dir, const char *rel, const char *data,
		      size_t len, mo_err *e)
{
	char *path = mo_sprintf("%s/%s", dir, rel);
	char *slash;
	FILE *f = NULL;
	int rc = 0;
	if (!path)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((slash = strrchr(path, '/')) && slash != path) {
		*slash = '\0';
		rc = mkdirs(path, e);
		*slash = '/';
	}
	if (!rc && !(f = fopen(path, "wx")))
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	if (f && (fwrite(data, 1, len, f) != len || fclose(f) != 0))
		rc = mo_err_set(e, MO_EIO, "%s: %s", path, strerror(errno));
	free(path);
	return rc;
}

/* Copies policies/<rel> and its spec (if shipped) into dir/policies. */
static int copy_policy(const char *dir, const char *rel, mo_err *e)
{
	char src[512], spec[512];
	const mo_embedded_file *f, *s;
	snprintf(src, sizeof src, "policies/%s", rel);
	if (!(f = mo_embed_find(src)))
		return mo_err_set(e, MO_ENOTFOUND, "template names policy %s, "
				  "which this medoffice does not ship", src);
	snprintf(spec, sizeof spec, "%.*s_spec.lua", (int)(strlen(src) - 4),
		 src);
	int rc = write_file(dir, src, f->data, f->len, e);
	if (!rc && (s = mo_embed_find(spec)))
		rc = write_file(dir, spec, s->data, s->len, e);
	return rc;
}

/* Records the creation in the new database's audit log. */
static int audit_creation(const char *dir, const char *tmpl, mo_err *e)
{
	char *path = mo_sprintf("%s/practice.db", dir);
	char *detail = mo_sprintf("{\"template\":\"%s\"}", tmpl);
	mo_audit_entry a = {0, 0, "system", "practice.create", "practice",
			    "allowed (no rule applies)", detail, NULL, NULL};
	mo_db *db = NULL;
	int rc = path && detail ? 0 : mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!rc && !(rc = mo_db_open(path, MO_DB_CREATE, &db, e)))
		rc = mo_audit_append(db, &a, NULL, e);
	mo_db_close(db);
	free(path);
	free(detail);
	return rc;
}

/* --name, --npi, --timezone of init: values put into practice.yaml. */
typedef struct init_opts {
	const char *tmpl;
	const char *key[3];
	const char *value[3];
} init_opts;

/* The YAML double-quoted form of s; NULL for control characters. */
static char *yaml_quote(const char *s)
{
	char *q = malloc(2 * strlen(s) + 3), *o = q;
	if (!q)
		return NULL;
	*o++ = '"';
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			free(q);
			return NULL;
		}
		if (*s == '"' || *s == '\\')
			*o++ = '\\';
		*o++ = *s;
	}
	*o++ = '"';
	*o = '\0';
	return q;
}

/* Sets "  key: value" in the practice: block of text (replacing the
 * line, or adding it after "practice:"); takes and returns text. */
static char *set_practice_field(char *text, const char *key, const char *q)
{
	char *block = strstr(text, "\npractice:\n"), *line, *end, *out;
	char pat[64];
	size_t pre, post;
	if (!block && strncmp(text, "practice:\n", 10) == 0)
		block = text - 1;
	if (!block)
		return text;
	snprintf(pat, sizeof pat, "\n  %s:", key);
	line = strstr(block, pat);
	end = strstr(block + 1, "\n\n");
	if (line && (!end || line < end)) {
		pre = (size_t)(line - text) + 1;
		post = pre + strcspn(text + pre, "\n");
	} else {
		pre = post = (size_t)(block - text) + 11;
	}
	out = mo_sprintf("%.*s  %s: %s\n%s", (int)pre, text, key, q,
			 text + post + (text[post] == '\n'));
	free(text);
	return out;
}

/* The template's practice.yaml with the init options applied. */
static char *customize(const mo_embedded_file *yaml, const init_opts *o,
		       mo_err *e)
{
	char *text = mo_strndup(yaml->data, yaml->len);
	for (int i = 0; text && i < 3; i++) {
		char *q;
		if (!o->value[i])
			continue;
		if (!(q = yaml_quote(o->value[i]))) {
			free(text);
			mo_err_set(e, MO_EINVAL, "--%s: control characters are "
				   "not allowed", o->key[i]);
			return NULL;
		}
		text = set_practice_field(text, o->key[i], q);
		free(q);
	}
	if (!text)
		mo_err_set(e, MO_ENOMEM, "out of memory");
	return text;
}

static int fill_practice(const char *dir, const init_opts *o,
			 const mo_embedded_file *yaml, mo_err *e)
{
	mo_config *cfg = NULL;
	mo_practice *p = NULL;
	mo_engine *en = NULL;
	const char *tmpl = o->tmpl;
	char *text = customize(yaml, o, e);
	int rc = text ? mo_config_parse(text, strlen(text), "practice.yaml",
					&cfg, e) : MO_EINVAL;
	if (!rc)
		rc = write_file(dir, "practice.yaml", text, strlen(text), e);
	free(text);
	for (size_t i = 0; !rc && i < cfg->npolicies; i++)
		rc = copy_policy(dir, cfg->policies[i], e);
	if (!rc)
		rc = audit_creation(dir, tmpl, e);
	if (!rc && !(rc = mo_practice_open(dir, 0, &p, e)) &&
	    !(rc = mo_engine_new(p, &en, e)) &&
	    !(rc = mo_engine_load_policies(en, e)))
		rc = mo_sync_update(p, "system", NULL, e);
	mo_engine_free(en);
	mo_practice_close(p);
	mo_config_free(cfg);
	return rc;
}

static int remove_one(const char *path, const struct stat *sb, int type,
		      struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path) != 0 && errno != ENOENT;
}

/* 1 when dir does not exist, 0 when it is an empty folder, else error. */
static int check_target(const char *dir, int *missing, mo_err *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	*missing = 0;
	if (!d && errno == ENOENT)
		return *missing = 1, 0;
	if (!d)
		return mo_err_set(e, MO_EIO, "%s: %s", dir, strerror(errno));
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			break;
	closedir(d);
	if (de)
		return mo_err_set(e, MO_EEXIST, "%s is not empty: init needs a "
				  "new or empty folder", dir);
	return 0;
}

/* Creates dir from a template; on failure leaves nothing behind. */
static int init_practice(const char *dir, const init_opts *o, mo_err *e)
{
	const char *tmpl = o->tmpl;
	const mo_embedded_file *yaml = find_template(tmpl);
	int missing, rc;
	char *copy;
	if (!yaml)
		return mo_err_set(e, MO_ENOTFOUND, "unknown template \"%s\" "
				  "(see medoffice templates)", tmpl);
	if ((rc = check_target(dir, &missing, e)))
		return rc;
	if (!(copy = mo_strdup(dir)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	rc = mkdirs(copy, e);
	free(copy);
	if (!rc && (rc = fill_practice(dir, o, yaml, e))) {
		nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
		if (!missing)
			mkdir(dir, 0777);
	}
	return rc;
}

int mo_cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
		{"template", required_argument, 0, 't'},
		{"name", required_argument, 0, 'n'},
		{"npi", required_argument, 0, 'p'},
		{"timezone", required_argument, 0, 'z'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	init_opts o = {DEFAULT_TEMPLATE, {"name", "npi", "timezone"}, {0}};
	mo_err e = {0};
	int c;
	while ((c = getopt_long(argc, argv, "t:h", opts, NULL)) != -1) {
		if (c == 't')
			o.tmpl = optarg;
		else if (c == 'n' || c == 'p' || c == 'z')
			o.value[c == 'n' ? 0 : c == 'p' ? 1 : 2] = optarg;
		else
			return c == 'h' ? mo_cli_help("init")
					: mo_cli_usage("init", "bad option");
	}
	const char *tmpl = o.tmpl;
	if (argc - optind != 1)
		return mo_cli_usage("init", "expected one folder name");
	if (!find_template(tmpl))
		return mo_cli_usage("init", "unknown template \"%s\" (see "
				    "medoffice templates)", tmpl);
	if (init_practice(argv[optind], &o, &e))
		return mo_cli_fail(&e);
	printf("created %s from template %s\nnext: medoffice check %s && "
	       "medoffice test %s\n", argv[optind], tmpl, argv[optind],
	       argv[optind]);
	return MO_EXIT_OK;
}

/* ---- check ---- */

static void print_hours(const mo_config *c)
{
	printf("hours:     ");
	for (int d = 0; d < 7; d++) {
		printf("%s%s ", d ? ", " : "", mo_day_names[d]);
		if (c->hours[d].n == 0)
			printf("closed");
		for (int i = 0; i < c->hours[d].n; i++)
			printf("%s%02d:%02d-%02d:%02d", i ? "," : "",
			       c->hours[d].span[i].open / 60,
			       c->hours[d].span[i].open % 60,
			       c->hours[d].span[i].close / 60,
			       c->hours[d].span[i].close % 60);
	}
	printf("\n");
}

/* The practice summary shared by check and demo. */
static void summary(mo_practice *p, mo_engine *en)
{
	const mo_config *c = mo_practice_config(p);
	int64_t n = 0;
	mo_audit_count(mo_practice_db(p), &n, NULL);
	printf("practice:  %s (%s)\n", c->name, c->timezone);
	print_hours(c);
	printf("policies:  %zu loaded, %d rules, %d approvals\n", c->npolicies,
	       mo_engine_rule_count(en), mo_engine_approval_count(en));
	printf("database:  schema version %d, %lld audit entries\n",
	       mo_db_schema_version(mo_practice_db(p)), (long long)n);
}

static int check_db(mo_practice *p)
{
	mo_audit_report r;
	char *report = NULL;
	int64_t entries;
	mo_err e;
	int rc = mo_db_quick_check(mo_practice_db(p), &report, &e);
	if (rc) {
		fprintf(stderr, "medoffice: %s\n%s", e.msg,
			report ? report : "");
		free(report);
		return MO_EXIT_FAIL;
	}
	free(report);
	if (mo_audit_verify(mo_practice_db(p), &r, &e) ||
	    mo_ledger_verify(p, &entries, &e))
		return mo_cli_fail(&e);
	printf("integrity: quick_check ok; audit chain intact (%lld entries, "
	       "head %.16s); ledger balanced (%lld entries)\n",
	       (long long)r.count, r.head, (long long)entries);
	return MO_EXIT_OK;
}

int mo_cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", no_argument, 0, 'd'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	mo_practice *p;
	mo_engine *en;
	bool db = false;
	int c, rc;
	while ((c = getopt_long(argc, argv, "dh", opts, NULL)) != -1) {
		if (c == 'd')
			db = true;
		else
			return c == 'h' ? mo_cli_help("check")
					: mo_cli_usage("check", "bad option");
	}
	if (argc - optind > 1)
		return mo_cli_usage("check", "expected at most one folder");
	if ((rc = mo_cli_open(mo_cli_dir(argc, argv, &optind),
			      MO_PRACTICE_READONLY, NULL, MO_CLI_SYNC_IGNORE, &p,
			      &en)))
		return rc;
	summary(p, en);
	print_warnings(mo_practice_config(p));
	rc = print_plan(p, NULL);
	if (!rc && db)
		rc = check_db(p);
	mo_cli_close(p, en);
	return rc;
}

static void print_warning(void *ud, const char *msg)
{
	int *n = ud;
	printf("%s %s\n", (*n)++ ? "          " : "warnings: ", msg);
}

/* Expired and soon expiring licences, certifications and CLIA. */
static void print_warnings(const mo_config *c)
{
	int n = 0;
	mo_config_warnings(c, mo_tz_today(c->timezone), print_warning, &n);
}

static void print_item(const mo_sync_item *it)
{
	static const char marks[] = "+~^-";
	printf("           %c %s %s%s%s%s\n", marks[it->op], it->kind, it->id,
	       it->fields && *it->fields ? " (" : "",
	       it->fields && *it->fields ? it->fields : "",
	       it->fields && *it->fields ? ")" : "");
}

/* Prints the changes `apply` would make. With keep, the plan is handed
 * to the caller (NULL when the text is the one applied). */
static int print_plan(mo_practice *p, mo_sync_plan **keep)
{
	mo_sync_plan *plan;
	bool in_step;
	mo_err e;
	if (keep)
		*keep = NULL;
	if (mo_sync_in_step(p, &in_step, &e))
		return mo_cli_fail(&e);
	if (in_step) {
		printf("plan:      practice.db is in step with practice.yaml\n");
		return MO_EXIT_OK;
	}
	if (mo_sync_plan_build(p, &plan, &e))
		return mo_cli_fail(&e);
	if (!plan->n)
		printf("plan:      practice.db is in step with practice.yaml\n");
	else
		printf("plan:      %zu to add, %zu to change, %zu to reactivate, "
		       "%zu to deactivate (run `medoffice apply` to apply)\n",
		       plan->count[MO_SYNC_ADD], plan->count[MO_SYNC_CHANGE],
		       plan->count[MO_SYNC_REACTIVATE],
		       plan->count[MO_SYNC_DEACTIVATE]);
	for (size_t i = 0; i < plan->n; i++)
		print_item(&plan->items[i]);
	if (keep)
		*keep = plan;
	else
		mo_sync_plan_free(plan);
	return MO_EXIT_OK;
}

/* ---- apply ---- */

int mo_cmd_apply(int argc, char **argv)
{
	static const struct option opts[] = {
		{"as", required_argument, 0, 'a'},
		{"help", no_argument, 0, 'h'},
		{0, 0, 0, 0},
	};
	const char *actor = "system";
	const char *dir;
	mo_sync_plan *plan = NULL;
	mo_practice *p;
	mo_engine *en;
	bool in_step;
	mo_err e;
	int c, rc;
	while ((c = getopt_long(argc, argv, "a:h", opts, NULL)) != -1) {
		if (c == 'a')
			actor = optarg;
		else
			return c == 'h' ? mo_cli_help("apply")
					: mo_cli_usage("apply", "bad option");
	}
	if (argc - optind > 1)
		return mo_cli_usage("apply", "expected at most one folder");
	dir = mo_cli_dir(argc, argv, &optind);
	/* the text last applied, byte for byte: nothing to parse or do */
	if (mo_sync_file_in_step(dir, &in_step, &e) == 0 && in_step) {
		printf("plan:      practice.db is in step with practice.yaml "
		       "(unchanged since it was applied)\n");
		return MO_EXIT_OK;
	}
	if ((rc = mo_cli_open(dir, 0, actor, MO_CLI_SYNC_IGNORE, &p, &en)))
		return rc;
	if ((rc = print_plan(p, &plan)) == 0 && plan) {
		if (mo_sync_apply(p, actor, plan, &e))
			rc = mo_cli_fail(&e);
		else
			mo_cli_print_applied(plan->count);
	}
	mo_sync_plan_free(plan);
	mo_cli_close(p, en);
	return rc;
}

/* ---- backup ---- */

int mo_cmd_backup(int argc, char **argv)
{
	const char *dir = ".", *file;
	char *path;
	mo_db *db = NULL;
	mo_err e;
	int c, rc;
	while ((c = getopt_long(argc, argv, "h", HELP_ONLY, NULL)) != -1)
		return c == 'h' ? mo_cli_help("backup")
				: mo_cli_usage("backup", "bad option");
	if (argc - optind < 1 || argc - optind > 2)
		return mo_cli_usage("backup", "expected [DIR] FILE");
	if (argc - optind == 2)
		dir = argv[optind++];
	file = argv[optind];
	if (!(path = mo_sprintf("%s/practice.db", dir)))
		return MO_EXIT_FAIL;
	rc = mo_db_open(path, MO_DB_READONLY, &db, &e);
	free(path);
	if (!rc)
		rc = mo_db_backup(db, file, &e);
	mo_db_close(db);
	if (rc)
		return mo_cli_fail(&e);
	printf("backed up %s/practice.db to %s\n", dir, file);
	return MO_EXIT_OK;
}

/* ---- demo ---- */

static int run_demo_script(mo_engine *en, mo_err *e)
{
	const mo_embedded_file *f = mo_embed_find("lua/medoffice/demo.lua");
	if (!f)
		return mo_err_set(e, MO_ENOTFOUND, "demo script missing");
	int rc = mo_engine_load(en, f->data, f->len, "=[demo]", MO_ENV_SCRIPT,
				e);
	return rc ? rc : mo_engine_call(en, 0, 0, e);
}

static int demo_specs(const char *dir)
{
	mo_spec_counts n;
	mo_err e;
	if (mo_spec_run_dir(dir, &n, &e))
		return mo_cli_fail(&e);
	printf("specs:     %d passed, %d failed (%d files)\n", n.passed,
	       n.failed, n.files);
	return n.failed ? MO_EXIT_FAIL : MO_EXIT_OK;
}

/* A month of history and a fortnight ahead for a new demo practice. */
static int demo_seed(mo_practice *p)
{
	mo_seed_opts o = {.patients = 300, .days = 30, .ahead = 14, .seed = 1};
	mo_seed_counts n;
	mo_err e;
	if (mo_seed_run(p, "system", &o, &n, &e))
		return mo_cli_fail(&e);
	printf("seeded:    %ld patients (%ld insured), %ld appointments over %d "
	       "days (%ld checked out, %ld no-shows, %ld cancelled), %ld "
	       "shifts, %ld recalls, %ld charges, %ld payments, %ld "
	       "deposits\n", n.patients, n.insured, n.appointments,
	       o.days + o.ahead, n.checked_out, n.no_shows, n.cancelled,
	       n.shifts, n.recalls, n.charges, n.payments, n.deposits);
	return MO_EXIT_OK;
}

int mo_cmd_demo(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "demo-practice";
	mo_practice *p;
	mo_engine *en;
	struct stat sb;
	bool created = false;
	mo_err e;
	int rc;
	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return mo_cli_usage("demo", "expected at most one folder");
	if (stat(dir, &sb) != 0) {
		init_opts o = {DEFAULT_TEMPLATE, {"name", "npi", "timezone"},
			       {0}};
		if (init_practice(dir, &o, &e))
			return mo_cli_fail(&e);
		printf("created %s from template %s\n", dir, DEFAULT_TEMPLATE);
		created = true;
	}
	if ((rc = mo_cli_open(dir, 0, "system", MO_CLI_SYNC_APPLY, &p, &en)))
		return rc;
	if (created && (rc = demo_seed(p))) {
		mo_cli_close(p, en);
		return rc;
	}
	summary(p, en);
	printf("org chart:\n");
	mo_cli_print_org(mo_practice_config(p), mo_engine_org(en));
	if (!(rc = check_db(p)) && !(rc = demo_specs(dir)) &&
	    run_demo_script(en, &e))
		rc = mo_cli_fail(&e);
	mo_cli_close(p, en);
	return rc;
}
