/* hooks.h: how the core asks for a decision without knowing Lua. The core
 * describes an action ("task.create") by its actor and a few typed facts;
 * the host (lua/engine.c) implements mo_hooks.decide by running the
 * practice's policy rules. A NULL hook table means "no policies": every
 * action is allowed. It uses nothing. */
#ifndef MO_HOOKS_H
#define MO_HOOKS_H

#include "mo.h"

typedef enum {
	MO_FACT_STR,   /* s */
	MO_FACT_INT,   /* i */
	MO_FACT_MONEY, /* i, in cents */
	MO_FACT_BOOL,  /* i, 0 or 1 */
	MO_FACT_TIME,  /* i, UTC microseconds; 0 = none */
} mo_fact_type;

/* One named, typed fact about an action; strings are borrowed. */
typedef struct mo_fact {
	const char *key;
	mo_fact_type type;
	const char *s;
	int64_t i;
} mo_fact;

typedef enum {
	MO_VERDICT_NONE = 0, /* no rule had an opinion: allowed */
	MO_VERDICT_ALLOW,
	MO_VERDICT_DENY,
} mo_verdict;

/* A decision and the rule that made it, for the audit log and explain. */
typedef struct mo_decision {
	mo_verdict verdict;
	char reason[256]; /* "" when the rule gave none */
	char rule[256];   /* "weekday tasks (policies/tasks/x.lua:12)" or "" */
} mo_decision;

typedef struct mo_hooks {
	void *ud;
	/* Fills out for action by actor. Returns 0, or an MO_E* code with e
	 * filled when a rule failed (MO_ELUA) or was interrupted; the core
	 * then rolls the operation back. */
	int (*decide)(void *ud, const char *actor, const char *action,
		      const mo_fact *facts, size_t nfacts, mo_decision *out,
		      mo_err *e);
} mo_hooks;

/* "allowed by rule 'x' (file:line): reason", "denied by ...", or
 * "allowed (no rule applies)", into buf; returns buf. */
char *mo_decision_describe(const mo_decision *d, char *buf, size_t size);

#endif
