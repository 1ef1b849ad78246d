/* org.c: the org chart (see org.h). It uses config.h and units.h. */
#include "org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

struct mo_org {
	const mo_config *c;
	size_t nstaff;
	const mo_job *jobs;  /* the declared jobs (borrowed) */
	size_t njobs;
	const mo_job **job;  /* per staff member */
	long *sup;           /* per staff member: supervisor index or -1 */
	bool *derived;       /* per staff member */
	size_t *order;       /* staff indexes grouped by supervisor */
	size_t *first;       /* per parent + 1: start in order ([0]: the top) */
};

long mo_org_supervisor(const mo_org *o, size_t i)
{
	return o->sup[i];
}

bool mo_org_derived(const mo_org *o, size_t i)
{
	return o->derived[i];
}

const mo_job *mo_org_job(const mo_org *o, size_t i)
{
	return o->job[i];
}

const size_t *mo_org_children(const mo_org *o, long parent, size_t *n)
{
	size_t p = (size_t)(parent + 1);
	*n = o->first[p + 1] - o->first[p];
	return o->order + o->first[p];
}

void mo_org_free(mo_org *o)
{
	if (!o)
		return;
	free(o->job);
	free(o->sup);
	free(o->derived);
	free(o->order);
	free(o->first);
	free(o);
}

/* "FILE:LINE:COL: staff[i].KEY: " for the key of staff member i. */
static void where(const mo_staff *s, size_t i, const char *key, char *buf,
		  size_t size)
{
	const mo_node *n = key ? mo_node_get(s->node, key) : NULL;
	if (!n)
		n = s->node;
	snprintf(buf, size, "%s:%d:%d: staff[%zu]%s%s: ", mo_node_file(n),
		 mo_node_line(n), mo_node_col(n), i, key ? "." : "",
		 key ? key : "");
}

static const mo_job *find_job(const mo_job *jobs, size_t n, const char *id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(jobs[i].id, id) == 0)
			return &jobs[i];
	return NULL;
}

static int unknown_job(const mo_config *c, size_t i, const mo_job *jobs,
		       size_t njobs, mo_err *e)
{
	const char *names[65];
	const char *hint;
	char at[512];
	size_t n = 0;
	for (; n < njobs && n < 64; n++)
		names[n] = jobs[n].id;
	names[n] = NULL;
	hint = mo_suggest(c->staff[i].job, names);
	where(&c->staff[i], i, "job", at, sizeof at);
	return mo_err_set(e, MO_ECONFIG, "%sunknown job \"%s\"%s%s%s (jobs are "
			  "declared by the policies with job \"id\" {...})",
			  at, c->staff[i].job, hint ? " (did you mean \"" : "",
			  hint ? hint : "", hint ? "\"?)" : "");
}

static long staff_index(const mo_config *c, const char *id)
{
	const mo_staff *s = id ? mo_config_staff(c, id) : NULL;
	return s ? (long)(s - c->staff) : -1;
}

/* First holder of each job, by job index; -1 when nobody holds it. */
static long first_holder(const mo_org *o, const mo_job *job)
{
	for (size_t i = 0; i < o->nstaff; i++)
		if (o->job[i] == job)
			return (long)i;
	return -1;
}

static void assign_supervisor(mo_org *o, const mo_job *jobs, size_t njobs,
			      size_t i)
{
	const mo_staff *s = &o->c->staff[i];
	const mo_job *up;
	long h;
	o->sup[i] = staff_index(o->c, s->supervisor);
	if (s->supervisor)
		return;
	up = find_job(jobs, njobs, o->job[i]->reports_to);
	h = up ? first_holder(o, up) : -1;
	o->sup[i] = h == (long)i ? -1 : h;
	o->derived[i] = o->sup[i] >= 0;
}

/* Refuses a loop in the chain above staff member i, naming its members
 * from one that is on the loop. */
static int check_loop(const mo_org *o, size_t i, mo_err *e)
{
	char at[512], chain[1024];
	size_t len = 0, steps = 0;
	long k = (long)i, start;
	while (k >= 0 && steps++ <= o->nstaff)
		k = o->sup[k];
	if (k < 0)
		return 0;
	start = k;
	do {
		len += (size_t)snprintf(chain + len, sizeof chain - len, "%s -> ",
					o->c->staff[k].id);
		k = o->sup[k];
	} while (k != start && len < sizeof chain - 80);
	snprintf(chain + len, sizeof chain - len, "%s", o->c->staff[start].id);
	where(&o->c->staff[start], (size_t)start, "supervisor", at, sizeof at);
	return mo_err_set(e, MO_ECONFIG, "%ssupervision cycle: %s", at, chain);
}

/* Groups staff by supervisor (a counting sort keeps file order). */
static void group(mo_org *o)
{
	for (size_t i = 0; i < o->nstaff; i++)
		o->first[o->sup[i] + 2]++;
	for (size_t p = 1; p <= o->nstaff + 1; p++)
		o->first[p] += o->first[p - 1];
	for (size_t i = 0; i < o->nstaff; i++)
		o->order[o->first[o->sup[i] + 1]++] = i;
	for (size_t p = o->nstaff + 1; p > 0; p--)
		o->first[p] = o->first[p - 1];
	o->first[0] = 0;
}

static mo_org *org_new(const mo_config *c)
{
	mo_org *o = calloc(1, sizeof *o);
	size_t n = c->nstaff;
	if (!o)
		return NULL;
	o->c = c;
	o->nstaff = n;
	o->job = calloc(n + 1, sizeof *o->job);
	o->sup = calloc(n + 1, sizeof *o->sup);
	o->derived = calloc(n + 1, sizeof *o->derived);
	o->order = calloc(n + 1, sizeof *o->order);
	o->first = calloc(n + 3, sizeof *o->first);
	if (!o->job || !o->sup || !o->derived || !o->order || !o->first) {
		mo_org_free(o);
		return NULL;
	}
	return o;
}

int mo_org_build(const mo_config *c, const mo_job *jobs, size_t njobs,
		 mo_org **out, mo_err *e)
{
	mo_org *o = org_new(c);
	int rc = 0;
	*out = NULL;
	if (!o)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < c->nstaff; i++)
		if (!(o->job[i] = find_job(jobs, njobs, c->staff[i].job)))
			rc = unknown_job(c, i, jobs, njobs, e);
	for (size_t i = 0; !rc && i < c->nstaff; i++)
		assign_supervisor(o, jobs, njobs, i);
	for (size_t i = 0; !rc && i < c->nstaff; i++)
		rc = check_loop(o, i, e);
	if (rc) {
		mo_org_free(o);
		return rc;
	}
	group(o);
	o->jobs = jobs;
	o->njobs = njobs;
	*out = o;
	return 0;
}

long mo_org_staff_index(const mo_org *o, const char *id)
{
	return staff_index(o->c, id);
}

bool mo_org_reports_to(const mo_org *o, const char *staff, const char *boss)
{
	long i = staff_index(o->c, staff), b = staff_index(o->c, boss);
	for (size_t n = 0; i >= 0 && b >= 0 && n <= o->nstaff; n++) {
		i = o->sup[i];
		if (i == b)
			return true;
	}
	return false;
}

const mo_job *mo_org_find_job(const mo_org *o, const char *id)
{
	return find_job(o->jobs, o->njobs, id);
}
