/* workflow.h: runs of the workflows the practice's policies declare in Lua
 * (the CLIA waived-test workflow, from the order to the closing, and
 * others): state machines whose states, transitions, guards and actions
 * are declared and checked at load (policies), and whose runs the core
 * stores and moves. A run starts in the workflow's first state. An event
 * moves it only along a declared transition from its current state, as
 * the transition's action (the person's job must permit it, the rules for
 * it decide), and only when the transition's guard allows it on the
 * event's facts; anything else is refused with the reason and the refusal
 * kept in the decision log: an event that is no transition from the state
 * (skipping or going back), a guard that says no or that fails, a run
 * that is over. Each step is one operation, kept in the run's history
 * (append-only) with its facts. Reads are audited as workflow.read. It
 * uses practice.h (the workflow hook of hooks.h). */
#ifndef MO_WORKFLOW_H
#define MO_WORKFLOW_H

#include "practice.h"

/* Starts a run of workflow about subject ("patient:12", "lot:7"; 1..128
 * characters) in its first state, as the workflow's start action;
 * *id (optional) receives the run's id. MO_ENOTFOUND for a workflow no
 * policy declares. */
int mo_wf_start(mo_practice *p, const char *actor, const char *workflow,
		const char *subject, int64_t *id, mo_err *e);

/* The most facts an event may carry (the guard sees six more). */
#define MO_WF_MAX_FACTS 42

/* Moves run id by event (facts, n of them, at most MO_WF_MAX_FACTS, go to the guard and into the
 * history) as actor. On success state (optional) receives the new state.
 * The guard sees the facts with actor, run, workflow, from, event and to.
 * MO_ENOTFOUND for no such run; MO_EDENIED (recorded) for an event that
 * is no transition from the run's state, a guard's no or failure, or a
 * run that is over; the job's and the rules' refusals as for any
 * operation. */
int mo_wf_fire(mo_practice *p, const char *actor, int64_t id,
	       const char *event, const mo_fact *facts, size_t n,
	       char state[MO_WF_ID], mo_err *e);

typedef struct mo_wf_run {
	int64_t id;
	const char *workflow, *subject, *state, *created_by;
	bool final;
	int64_t created_us, updated_us;
} mo_wf_run;

typedef int (*mo_wf_run_cb)(void *ud, const mo_wf_run *r);

/* Runs of workflow (NULL: any) in state (NULL: any), by id; an audited
 * read. cb returning non-zero stops it (and is returned). */
int mo_wf_list(mo_practice *p, const char *actor, const char *workflow,
	       const char *state, mo_wf_run_cb cb, void *ud, mo_err *e);

typedef struct mo_wf_step {
	int64_t at_us;
	const char *actor, *event, *from, *to; /* from NULL: the start */
	const char *facts;                     /* JSON */
} mo_wf_step;

typedef int (*mo_wf_step_cb)(void *ud, const mo_wf_step *s);

/* The history of run id, oldest first; an audited read. MO_ENOTFOUND for
 * no such run. */
int mo_wf_history(mo_practice *p, const char *actor, int64_t id,
		  mo_wf_step_cb cb, void *ud, mo_err *e);

#endif
