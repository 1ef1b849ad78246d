/* explain.c: why a decision came out as it did, as text for people: a
 * decision log entry with who (and their job), the action and its inputs,
 * the verdict and reason, the rule or job that made it with its source
 * line, and whether the policies loaded now are the ones that decided.
 * `medoffice explain` prints it; `explain()` in scripts and the shell
 * returns it. It uses engine.h, core/declog.h and clock.h. */
#include "explain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "declog.h"

typedef struct ctx {
	FILE *f;
	const char *dir;
	const mo_perm *perm;   /* the permissions loaded now */
	const char *current;   /* hash of the policies loaded now */
} ctx;

/* Writes line n of dir/file, from a rule's "(file:line)" tail. */
static void print_source(FILE *out, const char *dir, const char *rule)
{
	const char *open = strrchr(rule, '('), *colon;
	char file[512], buf[1024], *path;
	long line, n = 0;
	FILE *f;
	if (!open || !(colon = strrchr(open, ':')) ||
	    (size_t)(colon - open - 1) >= sizeof file)
		return;
	snprintf(file, sizeof file, "%.*s", (int)(colon - open - 1), open + 1);
	line = strtol(colon + 1, NULL, 10);
	if (!(path = mo_sprintf("%s/%s", dir, file)) || !(f = fopen(path, "r"))) {
		free(path);
		return;
	}
	while (fgets(buf, sizeof buf, f) && ++n < line)
		;
	if (n == line)
		fprintf(out, "            %ld | %s", line, buf);
	fclose(f);
	free(path);
}

static int print_decision(void *ud, const mo_declog_entry *d)
{
	const ctx *c = ud;
	const char *job = c->perm ? mo_perm_job_of(c->perm, d->actor) : NULL;
	char at[32];
	fprintf(c->f, "decision %lld at %s\n", (long long)d->id,
		mo_clock_format_us(d->at_us, at));
	fprintf(c->f, "  who:      %s%s%s%s\n", d->actor, job ? " (job " : "",
		job ? job : "", job ? ")" : strcmp(d->actor, MO_ACTOR_SYSTEM)
		? "" : " (medoffice itself: every action is permitted)");
	fprintf(c->f, "  action:   %s\n  inputs:   %s\n", d->action, d->inputs);
	fprintf(c->f, "  verdict:  %s%s%s\n", d->verdict, *d->reason ? ": " : "",
		d->reason);
	fprintf(c->f, "  by:       %s\n", *d->rule ? d->rule
		: "no rule had an opinion, and the actor may do the action");
	if (*d->rule)
		print_source(c->f, c->dir, d->rule);
	fprintf(c->f, "  policies: %.16s (%s)\n", *d->policy_hash
		? d->policy_hash : "none", strcmp(d->policy_hash, c->current) == 0
		? "the same as loaded now"
		: "changed since: the rule above may read differently now");
	return 0;
}

int mo_explain_write(FILE *f, mo_engine *en, int64_t id, mo_err *e)
{
	mo_practice *p = mo_engine_practice(en);
	ctx c = {f, mo_practice_dir(p), mo_engine_perm(en),
		 mo_practice_policy_hash(p)};
	return mo_declog_get(mo_practice_db(p), id, print_decision, &c, e);
}
