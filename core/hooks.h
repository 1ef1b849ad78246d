/* hooks.h: how the core asks for a decision without knowing Lua. The core
 * describes an action ("task.create") by its actor and a few typed facts;
 * the host (lua/engine.c) implements mo_hooks.decide by running the
 * practice's policy rules. A NULL hook table means "no policies": every
 * action is allowed. The host also implements mo_hooks.route, which says
 * who must approve a request (approval.h). It uses nothing. */
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
	MO_VERDICT_FIX,  /* a claim edit changed the claim (claim.release only) */
} mo_verdict;

/* A decision and the rule that made it, for the audit log and explain. */
typedef struct mo_decision {
	mo_verdict verdict;
	char reason[256]; /* "" when the rule gave none */
	char rule[256];   /* "weekday tasks (policies/tasks/x.lua:12)" or "" */
	char fix[128];    /* MO_VERDICT_FIX: the change, "add_modifier 87880
			     QW" or "remove_modifier 87880 QW" */
} mo_decision;

/* How a request of one kind is to be approved (approval.h): the route the
 * policies' `approval` declaration gives for its facts. Each step is a
 * set of jobs any one active holder of which approves; the steps are
 * taken in order. Strings are fixed buffers so that a route can be filled
 * without allocating. */
#define MO_ROUTE_STEPS 4
#define MO_ROUTE_JOBS 8
#define MO_ROUTE_ID 64

typedef struct mo_route_step {
	size_t njobs;
	char jobs[MO_ROUTE_JOBS][MO_ROUTE_ID];
} mo_route_step;

typedef struct mo_route {
	bool needed;               /* false: no approval needed */
	char rule[256];            /* "approval refund, tier 2 (file:line)" */
	char reason[256];          /* why this route, for explain */
	char action[MO_ROUTE_ID];  /* the guarded action, "" for none */
	size_t nsteps;
	mo_route_step steps[MO_ROUTE_STEPS];
	int64_t escalate_after;    /* seconds without an answer; 0 = never */
	mo_route_step escalate_to; /* who gets it then */
	int64_t expire_after;      /* seconds after the request; 0 = never */
} mo_route;

/* What the core asks of a workflow (workflow.h): its first state, the
 * transition an event makes from a state, or the verdict of that
 * transition's guard on the facts. */
typedef enum { MO_WF_INITIAL, MO_WF_EDGE, MO_WF_GUARD } mo_wf_ask;

#define MO_WF_ID 64

typedef struct mo_wf_answer {
	char state[MO_WF_ID];  /* INITIAL: the first state; EDGE: the next */
	char action[MO_WF_ID]; /* EDGE: the action it takes (jobs, rules) */
	bool final;            /* EDGE: the next state ends the run */
	char where[128];       /* EDGE: "file:line" of the transition */
	mo_decision guard;     /* GUARD: allow, or deny with the reason */
} mo_wf_answer;

typedef struct mo_hooks {
	void *ud;
	/* Fills out for action by actor. Returns 0, or an MO_E* code with e
	 * filled when a rule failed (MO_ELUA) or was interrupted; the core
	 * then rolls the operation back. */
	int (*decide)(void *ud, const char *actor, const char *action,
		      const mo_fact *facts, size_t nfacts, mo_decision *out,
		      mo_err *e);
	/* Fills out for a request of kind by requester. Returns 0,
	 * MO_ENOTFOUND when no approval of that kind is declared, or an
	 * MO_E* code with e filled when a rule failed. */
	int (*route)(void *ud, const char *kind, const char *requester,
		     const mo_fact *facts, size_t nfacts, mo_route *out,
		     mo_err *e);
	/* Scores a candidate for action (free slots for appointment.book):
	 * the sum of the policies' rankers, higher first. Returns 0 with
	 * *score, MO_ENOTFOUND when no ranker is declared for action, or an
	 * MO_E* code with e filled when one failed. With facts NULL it only
	 * says whether a ranker is declared (0 or MO_ENOTFOUND). */
	int (*score)(void *ud, const char *action, const mo_fact *facts,
		     size_t nfacts, double *score, mo_err *e);
	/* Answers ask about the declared workflow (state and event for
	 * EDGE and GUARD, facts for GUARD). Returns 0, MO_ENOTFOUND for an
	 * unknown workflow (INITIAL) or no transition for that event from
	 * that state (EDGE), or an MO_E* code with e filled when a guard
	 * failed (the transition is then refused). */
	int (*workflow)(void *ud, mo_wf_ask ask, const char *workflow,
			const char *state, const char *event,
			const mo_fact *facts, size_t nfacts, mo_wf_answer *out,
			mo_err *e);
} mo_hooks;

/* "allowed by rule 'x' (file:line): reason", "denied by ...", or
 * "allowed (no rule applies)", into buf; returns buf. */
char *mo_decision_describe(const mo_decision *d, char *buf, size_t size);

#endif
