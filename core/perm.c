/* perm.c: permissions compiled from the job descriptions (see perm.h).
 * Actions and staff are sorted arrays searched with bsearch; each job is
 * a bit set over the actions. It uses the C library. */
#include "perm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct named {
	char *name;
	size_t index; /* action index, or job index for staff */
} named;

typedef struct perm_job {
	char *id, *title, *where;
	uint64_t *bits; /* nwords words */
} perm_job;

struct mo_perm {
	named *actions, *staff;
	size_t nactions, nstaff, njobs, nwords;
	perm_job *jobs;
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const named *)a)->name, ((const named *)b)->name);
}

static const named *find(const named *v, size_t n, const char *name)
{
	named key = {(char *)name, 0};
	return n ? bsearch(&key, v, n, sizeof *v, by_name) : NULL;
}

void mo_perm_free(mo_perm *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->nactions; i++)
		free(pm->actions[i].name);
	for (size_t i = 0; i < pm->nstaff; i++)
		free(pm->staff[i].name);
	for (size_t i = 0; i < pm->njobs; i++) {
		free(pm->jobs[i].id);
		free(pm->jobs[i].title);
		free(pm->jobs[i].where);
		free(pm->jobs[i].bits);
	}
	free(pm->actions);
	free(pm->staff);
	free(pm->jobs);
	free(pm);
}

/* Copies names into a sorted array of n entries with index = position. */
static int sorted_names(named **out, const char *const *names, size_t n,
			size_t stride)
{
	named *v = calloc(n ? n : 1, sizeof *v);
	if (!v)
		return MO_ENOMEM;
	*out = v;
	for (size_t i = 0; i < n; i++) {
		const char *s = *(const char *const *)((const char *)names +
						       i * stride);
		if (!(v[i].name = mo_strdup(s)))
			return MO_ENOMEM;
		v[i].index = i;
	}
	qsort(v, n, sizeof *v, by_name);
	return 0;
}

static int job_index(const mo_perm *pm, const char *id, size_t *out)
{
	for (size_t j = 0; j < pm->njobs; j++)
		if (strcmp(pm->jobs[j].id, id) == 0)
			return *out = j, 0;
	return MO_EINVAL;
}

/* Fills job j's bit set from its may list. */
static int compile_job(mo_perm *pm, size_t j, const mo_job *job, mo_err *e)
{
	perm_job *pj = &pm->jobs[j];
	pj->id = mo_strdup(job->id);
	pj->title = mo_strdup(job->title ? job->title : job->id);
	pj->where = job->where ? mo_strdup(job->where) : NULL;
	pj->bits = calloc(pm->nwords ? pm->nwords : 1, sizeof *pj->bits);
	if (!pj->id || !pj->title || !pj->bits || (job->where && !pj->where))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t k = 0; k < job->nmay; k++) {
		const named *a = find(pm->actions, pm->nactions, job->may[k]);
		if (!a)
			return mo_err_set(e, MO_EINVAL, "job \"%s\" permits "
					  "unknown action \"%s\"", job->id,
					  job->may[k]);
		pj->bits[a->index / 64] |= (uint64_t)1 << (a->index % 64);
	}
	return 0;
}

/* Points each staff member (already sorted) at their job. */
static int link_staff(mo_perm *pm, const mo_perm_staff *staff, mo_err *e)
{
	for (size_t i = 0; i < pm->nstaff; i++) {
		const mo_perm_staff *s = &staff[pm->staff[i].index];
		if (job_index(pm, s->job, &pm->staff[i].index))
			return mo_err_set(e, MO_EINVAL, "staff member \"%s\" "
					  "holds unknown job \"%s\"", s->id,
					  s->job);
	}
	return 0;
}

int mo_perm_build(const char *const *actions, size_t nactions,
		  const mo_job *jobs, size_t njobs, const mo_perm_staff *staff,
		  size_t nstaff, mo_perm **out, mo_err *e)
{
	mo_perm *pm = calloc(1, sizeof *pm);
	int rc = 0;
	*out = NULL;
	if (!pm || !(pm->jobs = calloc(njobs ? njobs : 1, sizeof *pm->jobs)))
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
	if (!rc) {
		pm->nactions = nactions;
		pm->nwords = (nactions + 63) / 64;
		if (sorted_names(&pm->actions, actions, nactions,
				 sizeof *actions) ||
		    sorted_names(&pm->staff, nstaff ? &staff->id : NULL, nstaff,
				 sizeof *staff))
			rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		pm->nstaff = nstaff;
	}
	for (size_t j = 0; !rc && j < njobs; j++, pm->njobs++)
		rc = compile_job(pm, j, &jobs[j], e);
	if (!rc)
		rc = link_staff(pm, staff, e);
	if (rc) {
		mo_perm_free(pm);
		return rc;
	}
	*out = pm;
	return 0;
}

const char *mo_perm_job_of(const mo_perm *pm, const char *actor)
{
	const named *s = find(pm->staff, pm->nstaff, actor);
	return s ? pm->jobs[s->index].id : NULL;
}

static int deny(mo_decision *d, const char *rule, const char *fmt,
		const char *a, const char *b)
{
	d->verdict = MO_VERDICT_DENY;
	snprintf(d->reason, sizeof d->reason, fmt, a, b);
	snprintf(d->rule, sizeof d->rule, "%s", rule);
	return MO_EDENIED;
}

int mo_perm_check(const mo_perm *pm, const char *actor, const char *action,
		  mo_decision *d)
{
	const named *s, *a;
	const perm_job *j;
	memset(d, 0, sizeof *d);
	if (strcmp(actor, MO_ACTOR_SYSTEM) == 0)
		return 0;
	if (!(s = find(pm->staff, pm->nstaff, actor)))
		return deny(d, "staff list (practice.yaml)", "%s is not an active "
			    "staff member of this practice%s", actor, "");
	j = &pm->jobs[s->index];
	a = find(pm->actions, pm->nactions, action);
	if (a && (j->bits[a->index / 64] >> (a->index % 64) & 1))
		return 0;
	deny(d, "", "the job %s (%s) does not permit it", j->title, j->id);
	snprintf(d->rule, sizeof d->rule, "job '%s' (%s)", j->id,
		 j->where ? j->where : "policies");
	return MO_EDENIED;
}
