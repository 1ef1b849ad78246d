/* action.h: the catalogue of actions ("domain.verb") that the core checks
 * and audits. Policies may only write rules for actions listed here, and
 * (later) job descriptions may only permit them. Each new primitive adds
 * its actions. It uses nothing. */
#ifndef MO_ACTION_H
#define MO_ACTION_H

#include "mo.h"

typedef struct mo_action {
	const char *name;        /* "task.create" */
	const char *description; /* one line for `medoffice actions` */
} mo_action;

/* The catalogue, ended by a NULL name. */
extern const mo_action mo_actions[];

/* The action named name, or NULL. */
const mo_action *mo_action_find(const char *name);
/* The closest known name for a misspelt one, or NULL. */
const char *mo_action_suggest(const char *name);

#endif
