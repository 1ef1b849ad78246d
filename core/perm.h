/* perm.h: permissions compiled from the job descriptions. Each job's
 * `may` list becomes a bit set over the action catalogue and each staff
 * member points at their job, so a check is two binary searches and a bit
 * test, with no Lua. The practice consults it before the policies' rules
 * on every operation (practice.h); an actor that is not on the staff (or
 * was removed from it) may do nothing. The actor "system" is medoffice
 * itself (init, apply, scripts run without --as) and may do everything.
 * Strings passed to mo_perm_build are copied. It uses hooks.h and org.h
 * (mo_job). */
#ifndef MO_PERM_H
#define MO_PERM_H

#include "hooks.h"
#include "org.h"

#define MO_ACTOR_SYSTEM "system"

typedef struct mo_perm mo_perm;

/* One staff member and the id of their job. */
typedef struct mo_perm_staff {
	const char *id;
	const char *job;
} mo_perm_staff;

/* Builds the table: actions is the catalogue (names), jobs the declared
 * jobs (each may[] must name catalogue actions), staff the staff. An
 * unknown action or job is MO_EINVAL. Caller frees with mo_perm_free(). */
int mo_perm_build(const char *const *actions, size_t nactions,
		  const mo_job *jobs, size_t njobs, const mo_perm_staff *staff,
		  size_t nstaff, mo_perm **out, mo_err *e);
void mo_perm_free(mo_perm *pm);

/* Whether actor may do action. Returns 0 (allowed; d's rule names the
 * job) or MO_EDENIED with d's verdict, reason and rule filled. */
int mo_perm_check(const mo_perm *pm, const char *actor, const char *action,
		  mo_decision *d);

/* The job id of a staff member, or NULL. */
const char *mo_perm_job_of(const mo_perm *pm, const char *actor);

#endif
