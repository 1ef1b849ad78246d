/* perm.h: permissions compiled from the job descriptions. Each job's
 * `may` list becomes a bit set over the action catalogue and each staff
 * member points at their job, so a check is two binary searches and a bit
 * test, with no Lua. A job may also require a current credential
 * (`requires`) or cap the action's `amount` fact (`limits`) for some of
 * its actions; a second bit set marks those actions, so the others cost
 * one more bit test. The practice consults it before the policies' rules
 * on every operation (practice.h); an actor that is not on the staff (or
 * was removed from it) may do nothing. The actor "system" is medoffice
 * itself (init, apply, scripts run without --as) and may do everything.
 * Everything passed to mo_perm_build is copied (strings, requirements,
 * limits, credentials). It uses hooks.h, org.h (mo_job), config.h
 * (mo_credential) and units.h (dates and money in denials). */
#ifndef MO_PERM_H
#define MO_PERM_H

#include "hooks.h"
#include "org.h"

#define MO_ACTOR_SYSTEM "system"

typedef struct mo_perm mo_perm;

/* One staff member, the id of their job and their credentials
 * (borrowed; only kind and expires are read). */
typedef struct mo_perm_staff {
	const char *id;
	const char *job;
	const mo_credential *credentials;
	size_t ncredentials;
} mo_perm_staff;

/* Builds the table: actions is the catalogue (names), jobs the declared
 * jobs (each may[], requires[] and limits[] must name catalogue actions;
 * requires[] and limits[] only actions of the job's may[], each once; a
 * requirement lists at least one kind), staff the staff. Anything else
 * is MO_EINVAL. Caller frees with mo_perm_free(). */
int mo_perm_build(const char *const *actions, size_t nactions,
		  const mo_job *jobs, size_t njobs, const mo_perm_staff *staff,
		  size_t nstaff, mo_perm **out, mo_err *e);
void mo_perm_free(mo_perm *pm);

/* Whether actor may do action, described by facts, on the day today_days
 * (days since 1970-01-01). In order: actor must be on the staff, the job's
 * may[] must list action, the actor must hold a credential of a required
 * kind that has not expired before today (one expiring today is valid),
 * and the `amount` fact (MO_FACT_MONEY or MO_FACT_INT, cents; absent
 * passes) must not exceed the job's limit. Returns 0 (allowed; d is
 * cleared) or MO_EDENIED with d's verdict, reason (naming the person,
 * the action, the job and what is missing) and rule ("job 'id' (where)")
 * filled. */
int mo_perm_check(const mo_perm *pm, const char *actor, const char *action,
		  const mo_fact *facts, size_t nfacts, int32_t today_days,
		  mo_decision *d);

/* The job id of a staff member, or NULL. */
const char *mo_perm_job_of(const mo_perm *pm, const char *actor);

#endif
