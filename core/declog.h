/* declog.h: the decision log. Every decision the core asks for before an
 * operation is written here: who, which action, the verdict, the reason,
 * the rule that made it (name, file:line; or the job, or "no rule"), the
 * hash of the policy set that was loaded, and the inputs (the facts, as
 * JSON). Allowed decisions are written with their operation; denied ones
 * are written after the operation is rolled back, so they are kept.
 * `medoffice explain` reads them. It uses db.h and clock.h. */
#ifndef MO_DECLOG_H
#define MO_DECLOG_H

#include "db.h"

typedef struct mo_declog_entry {
	int64_t id;              /* set by append */
	int64_t at_us;           /* 0 = now */
	const char *actor, *action;
	const char *verdict;     /* "allow" or "deny" */
	const char *reason;      /* "" when none */
	const char *rule;        /* "" when no rule applied */
	const char *policy_hash; /* "" when no policies were loaded */
	const char *inputs;      /* JSON object text */
} mo_declog_entry;

/* Appends an entry (in its own savepoint); *id (optional) gets its id. */
int mo_declog_append(mo_db *db, const mo_declog_entry *in, int64_t *id,
		     mo_err *e);

/* Calls cb with the entry id (0: the latest); strings are valid during
 * the call. MO_ENOTFOUND when there is none. */
typedef int (*mo_declog_cb)(void *ud, const mo_declog_entry *entry);
int mo_declog_get(mo_db *db, int64_t id, mo_declog_cb cb, void *ud,
		  mo_err *e);

#endif
