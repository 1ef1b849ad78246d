/* org.h: who reports to whom, and the job descriptions (mo_job) that
 * perm.h compiles. The jobs come from the policies (the host passes them
 * in as plain data, so the core stays free of Lua); the staff come from
 * practice.yaml. mo_org_build() checks that every staff
 * member's job is declared, gives each staff member a supervisor (the
 * explicit `supervisor:`, otherwise the first staff member in file order
 * whose job is the job's `reports_to`) and refuses supervision loops. It
 * uses config.h and units.h. */
#ifndef MO_ORG_H
#define MO_ORG_H

#include "config.h"

/* A credential requirement of a job: to do action, a staff member needs
 * a current credential of one of kinds ("CMA", "RMA"). */
typedef struct mo_job_require {
	const char *action;
	const char *const *kinds;
	size_t nkinds;
} mo_job_require;

/* A limit of a job: action's `amount` fact may not exceed max_amount. */
typedef struct mo_job_limit {
	const char *action;
	int64_t max_amount; /* cents */
} mo_job_limit;

/* A job description as the org chart and the permissions need it; strings
 * and arrays borrowed. */
typedef struct mo_job {
	const char *id;
	const char *title;
	const char *level;      /* "staff", "office_manager", ... */
	const char *reports_to; /* a job id, or NULL at the top */
	const char *where;      /* "policies/jobs/x.lua:12", or NULL */
	const char *const *may; /* the actions the job permits */
	size_t nmay;
	const char *const *duties; /* human-readable duties */
	size_t nduties;
	const mo_job_require *requires; /* credentials needed, per action */
	size_t nrequires;
	const mo_job_limit *limits; /* maximum amounts, per action */
	size_t nlimits;
} mo_job;

typedef struct mo_org mo_org;

/* Builds the chart of c's staff. Errors name practice.yaml's file:line:col
 * and key path (staff[2].job). c and jobs must outlive the result; caller
 * frees with mo_org_free(). */
int mo_org_build(const mo_config *c, const mo_job *jobs, size_t njobs,
		 mo_org **out, mo_err *e);
void mo_org_free(mo_org *o);

/* Index (into c->staff) of staff member i's supervisor, or -1 at the top. */
long mo_org_supervisor(const mo_org *o, size_t i);
/* True when that supervisor comes from the job's reports_to. */
bool mo_org_derived(const mo_org *o, size_t i);
/* Staff member i's job. */
const mo_job *mo_org_job(const mo_org *o, size_t i);
/* The staff indexes whose supervisor is parent (-1: the top of the chart),
 * in file order; *n receives their number. Owned by o. */
const size_t *mo_org_children(const mo_org *o, long parent, size_t *n);

/* The index of staff member id in the config's staff, or -1. */
long mo_org_staff_index(const mo_org *o, const char *id);
/* True when staff reports to boss, directly or up the chain. */
bool mo_org_reports_to(const mo_org *o, const char *staff, const char *boss);
/* The declared job id, or NULL. */
const mo_job *mo_org_find_job(const mo_org *o, const char *id);

#endif
