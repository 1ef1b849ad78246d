/* perm.c: permissions compiled from the job descriptions (see perm.h).
 * Actions and staff are sorted arrays searched with bsearch; each job is
 * a bit set over the actions, plus a second bit set of the actions that
 * carry a credential requirement or an amount limit (kept in small arrays
 * searched only when that bit is set). Each staff member's credentials
 * are copied beside them. It uses the C library and units.h. */
#include "perm.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

typedef struct named {
	char *name;
	size_t index; /* action index, or job index for staff */
} named;

typedef struct perm_cred {
	char *kind;
	int32_t expires; /* days, 0 = none */
} perm_cred;

/* What a check needs of a staff member besides their job. */
typedef struct perm_person {
	perm_cred *creds;
	size_t ncreds;
} perm_person;

typedef struct perm_require {
	size_t action; /* action index */
	char **kinds;
	size_t nkinds;
} perm_require;

typedef struct perm_limit {
	size_t action; /* action index */
	int64_t max;   /* cents */
} perm_limit;

typedef struct perm_job {
	char *id, *title, *where;
	uint64_t *bits;    /* may: nwords words */
	uint64_t *special; /* actions with a requirement or a limit */
	perm_require *reqs;
	size_t nreqs;
	perm_limit *limits;
	size_t nlimits;
} perm_job;

struct mo_perm {
	named *actions, *staff;
	perm_person *people; /* parallel to staff (same sorted order) */
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

static bool has_bit(const uint64_t *v, size_t i)
{
	return v[i / 64] >> (i % 64) & 1;
}

static void set_bit(uint64_t *v, size_t i)
{
	v[i / 64] |= (uint64_t)1 << (i % 64);
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static void free_job(perm_job *pj)
{
	free(pj->id);
	free(pj->title);
	free(pj->where);
	free(pj->bits);
	free(pj->special);
	for (size_t k = 0; k < pj->nreqs; k++)
		free_strings(pj->reqs[k].kinds, pj->reqs[k].nkinds);
	free(pj->reqs);
	free(pj->limits);
}

static void free_person(perm_person *pp)
{
	for (size_t k = 0; k < pp->ncreds; k++)
		free(pp->creds[k].kind);
	free(pp->creds);
}

void mo_perm_free(mo_perm *pm)
{
	if (!pm)
		return;
	for (size_t i = 0; i < pm->nactions; i++)
		free(pm->actions[i].name);
	for (size_t i = 0; i < pm->nstaff; i++) {
		free(pm->staff[i].name);
		if (pm->people)
			free_person(&pm->people[i]);
	}
	for (size_t i = 0; i < pm->njobs; i++)
		free_job(&pm->jobs[i]);
	free(pm->actions);
	free(pm->staff);
	free(pm->people);
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

/* The index of the catalogue action that job pj permits, for the entry
 * field["name"] of its requires or limits. */
static int job_action(const mo_perm *pm, const perm_job *pj,
		      const char *field, const char *name, size_t *out,
		      mo_err *e)
{
	const named *a = name ? find(pm->actions, pm->nactions, name) : NULL;
	if (!a)
		return mo_err_set(e, MO_EINVAL, "job \"%s\": %s[\"%s\"]: "
				  "unknown action", pj->id, field,
				  name ? name : "");
	if (!has_bit(pj->bits, a->index))
		return mo_err_set(e, MO_EINVAL, "job \"%s\": %s[\"%s\"]: the "
				  "job does not permit %s (add it to may)",
				  pj->id, field, name, name);
	*out = a->index;
	return 0;
}

static const perm_require *find_require(const perm_job *pj, size_t a)
{
	for (size_t k = 0; k < pj->nreqs; k++)
		if (pj->reqs[k].action == a)
			return &pj->reqs[k];
	return NULL;
}

static const perm_limit *find_limit(const perm_job *pj, size_t a)
{
	for (size_t k = 0; k < pj->nlimits; k++)
		if (pj->limits[k].action == a)
			return &pj->limits[k];
	return NULL;
}

static int twice(const perm_job *pj, const char *field, const char *name,
		 mo_err *e)
{
	return mo_err_set(e, MO_EINVAL, "job \"%s\": %s[\"%s\"] is given "
			  "twice", pj->id, field, name);
}

/* Copies requirement r (its kinds: at least one, each non-empty). */
static int copy_require(const perm_job *pj, const mo_job_require *r,
			perm_require *pr, mo_err *e)
{
	if (!r->nkinds)
		return mo_err_set(e, MO_EINVAL, "job \"%s\": requires[\"%s\"]: "
				  "expected at least one credential kind",
				  pj->id, r->action);
	for (size_t i = 0; i < r->nkinds; i++)
		if (!r->kinds[i] || !r->kinds[i][0])
			return mo_err_set(e, MO_EINVAL, "job \"%s\": requires"
					  "[\"%s\"][%zu]: expected a credential "
					  "kind such as \"CMA\"", pj->id,
					  r->action, i + 1);
	if (!(pr->kinds = calloc(r->nkinds, sizeof *pr->kinds)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (; pr->nkinds < r->nkinds; pr->nkinds++)
		if (!(pr->kinds[pr->nkinds] = mo_strdup(r->kinds[pr->nkinds])))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
	return 0;
}

static int compile_requires(const mo_perm *pm, perm_job *pj,
			    const mo_job *job, mo_err *e)
{
	if (job->nrequires &&
	    !(pj->reqs = calloc(job->nrequires, sizeof *pj->reqs)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t k = 0; k < job->nrequires; k++) {
		const mo_job_require *r = &job->requires[k];
		perm_require *pr = &pj->reqs[pj->nreqs];
		int rc = job_action(pm, pj, "requires", r->action, &pr->action,
				    e);
		if (!rc && find_require(pj, pr->action))
			rc = twice(pj, "requires", r->action, e);
		if (!rc)
			rc = copy_require(pj, r, pr, e);
		pj->nreqs++; /* freed with the job, even when incomplete */
		if (rc)
			return rc;
		set_bit(pj->special, pr->action);
	}
	return 0;
}

static int compile_limits(const mo_perm *pm, perm_job *pj,
			  const mo_job *job, mo_err *e)
{
	if (job->nlimits &&
	    !(pj->limits = calloc(job->nlimits, sizeof *pj->limits)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t k = 0; k < job->nlimits; k++) {
		const mo_job_limit *l = &job->limits[k];
		perm_limit *pl = &pj->limits[pj->nlimits];
		int rc = job_action(pm, pj, "limits", l->action, &pl->action,
				    e);
		if (rc)
			return rc;
		if (find_limit(pj, pl->action))
			return twice(pj, "limits", l->action, e);
		if (l->max_amount < 0)
			return mo_err_set(e, MO_EINVAL, "job \"%s\": limits"
					  "[\"%s\"]: the amount must not be "
					  "negative", pj->id, l->action);
		pl->max = l->max_amount;
		pj->nlimits++;
		set_bit(pj->special, pl->action);
	}
	return 0;
}

/* Fills job j's bit sets from its may list, requires and limits. */
static int compile_job(mo_perm *pm, size_t j, const mo_job *job, mo_err *e)
{
	perm_job *pj = &pm->jobs[j];
	size_t words = pm->nwords ? pm->nwords : 1;
	int rc;
	pj->id = mo_strdup(job->id);
	pj->title = mo_strdup(job->title ? job->title : job->id);
	pj->where = job->where ? mo_strdup(job->where) : NULL;
	pj->bits = calloc(words, sizeof *pj->bits);
	pj->special = calloc(words, sizeof *pj->special);
	if (!pj->id || !pj->title || !pj->bits || !pj->special ||
	    (job->where && !pj->where))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t k = 0; k < job->nmay; k++) {
		const named *a = find(pm->actions, pm->nactions, job->may[k]);
		if (!a)
			return mo_err_set(e, MO_EINVAL, "job \"%s\" permits "
					  "unknown action \"%s\"", job->id,
					  job->may[k]);
		set_bit(pj->bits, a->index);
	}
	if ((rc = compile_requires(pm, pj, job, e)))
		return rc;
	return compile_limits(pm, pj, job, e);
}

/* Copies the kind and expiry of each of s's credentials into pp. */
static int copy_person(perm_person *pp, const mo_perm_staff *s)
{
	if (!s->ncredentials)
		return 0;
	if (!(pp->creds = calloc(s->ncredentials, sizeof *pp->creds)))
		return MO_ENOMEM;
	for (; pp->ncreds < s->ncredentials; pp->ncreds++) {
		const mo_credential *c = &s->credentials[pp->ncreds];
		pp->creds[pp->ncreds].expires = c->expires;
		if (!(pp->creds[pp->ncreds].kind =
			      mo_strdup(c->kind ? c->kind : "")))
			return MO_ENOMEM;
	}
	return 0;
}

/* Points each staff member (already sorted) at their job and copies
 * their credentials. */
static int link_staff(mo_perm *pm, const mo_perm_staff *staff, mo_err *e)
{
	for (size_t i = 0; i < pm->nstaff; i++) {
		const mo_perm_staff *s = &staff[pm->staff[i].index];
		if (copy_person(&pm->people[i], s))
			return mo_err_set(e, MO_ENOMEM, "out of memory");
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
	if (!pm || !(pm->jobs = calloc(njobs ? njobs : 1, sizeof *pm->jobs)) ||
	    !(pm->people = calloc(nstaff ? nstaff : 1, sizeof *pm->people)))
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

/* Appends printf-style text to d's reason. */
static void say(mo_decision *d, const char *fmt, ...)
{
	size_t used = strlen(d->reason);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->reason + used, sizeof d->reason - used, fmt, ap);
	va_end(ap);
}

/* A denial by job j (the reason is already written). */
static int deny_job(mo_decision *d, const perm_job *j)
{
	d->verdict = MO_VERDICT_DENY;
	snprintf(d->rule, sizeof d->rule, "job '%s' (%s)", j->id,
		 j->where ? j->where : "policies");
	return MO_EDENIED;
}

static bool listed(const perm_require *r, const char *kind)
{
	for (size_t k = 0; k < r->nkinds; k++)
		if (strcmp(r->kinds[k], kind) == 0)
			return true;
	return false;
}

/* Allows when pp holds a credential of one of r's kinds that has not
 * expired before today; otherwise says which one lapsed, or that there
 * is none. */
static int check_require(const perm_require *r, const perm_person *pp,
			 const char *actor, const char *action,
			 const perm_job *j, int32_t today, mo_decision *d)
{
	const perm_cred *lapsed = NULL;
	char date[11];
	for (size_t i = 0; i < pp->ncreds; i++) {
		const perm_cred *c = &pp->creds[i];
		if (!listed(r, c->kind))
			continue;
		if (c->expires == 0 || c->expires >= today)
			return 0;
		if (!lapsed || c->expires > lapsed->expires)
			lapsed = c;
	}
	say(d, "%s in job %s requires a current ", action, j->id);
	for (size_t k = 0; k < r->nkinds; k++)
		say(d, "%s%s", k == 0 ? "" : k + 1 == r->nkinds ? " or " : ", ",
		    r->kinds[k]);
	if (lapsed)
		say(d, " credential; %s's %s expired on %s", actor,
		    lapsed->kind, mo_date_format(lapsed->expires, date));
	else
		say(d, " credential; %s has none", actor);
	return deny_job(d, j);
}

/* Allows when the amount fact is absent or at most l's maximum. */
static int check_limit(const perm_limit *l, const mo_fact *facts, size_t n,
		       const char *actor, const char *action,
		       const perm_job *j, mo_decision *d)
{
	const mo_fact *f = NULL;
	char amount[32], max[32];
	for (size_t i = 0; !f && i < n; i++)
		if (facts[i].key && strcmp(facts[i].key, "amount") == 0)
			f = &facts[i];
	if (!f)
		return 0;
	mo_money_format(l->max, max);
	if (f->type != MO_FACT_MONEY && f->type != MO_FACT_INT)
		say(d, "the amount is not money, so the limit of %s for %s in "
		    "job %s, held by %s, cannot be checked", max, action,
		    j->id, actor);
	else if (f->i <= l->max)
		return 0;
	else
		say(d, "amount %s is above the limit of %s for %s in job %s, "
		    "held by %s", mo_money_format(f->i, amount), max, action,
		    j->id, actor);
	return deny_job(d, j);
}

/* The requirement, then the limit, of job j for action index a. */
static int check_special(const perm_job *j, const perm_person *pp,
			 size_t a, const char *actor, const char *action,
			 const mo_fact *facts, size_t nfacts, int32_t today,
			 mo_decision *d)
{
	const perm_require *r = find_require(j, a);
	const perm_limit *l = find_limit(j, a);
	if (r && check_require(r, pp, actor, action, j, today, d))
		return MO_EDENIED;
	if (l && check_limit(l, facts, nfacts, actor, action, j, d))
		return MO_EDENIED;
	return 0;
}

int mo_perm_check(const mo_perm *pm, const char *actor, const char *action,
		  const mo_fact *facts, size_t nfacts, int32_t today_days,
		  mo_decision *d)
{
	const named *s, *a;
	const perm_job *j;
	memset(d, 0, sizeof *d);
	if (strcmp(actor, MO_ACTOR_SYSTEM) == 0)
		return 0;
	if (!(s = find(pm->staff, pm->nstaff, actor))) {
		d->verdict = MO_VERDICT_DENY;
		say(d, "%s is not an active staff member of this practice",
		    actor);
		snprintf(d->rule, sizeof d->rule, "staff list (practice.yaml)");
		return MO_EDENIED;
	}
	j = &pm->jobs[s->index];
	a = find(pm->actions, pm->nactions, action);
	if (!a || !has_bit(j->bits, a->index)) {
		say(d, "the job %s (%s) does not permit it", j->title, j->id);
		return deny_job(d, j);
	}
	if (!has_bit(j->special, a->index))
		return 0;
	return check_special(j, &pm->people[s - pm->staff], a->index, actor,
			     action, facts, nfacts, today_days, d);
}
