/* practice.h: an open practice (a folder with practice.yaml, policies/
 * and practice.db) and the operation frame every mutating primitive runs
 * in. An operation is one transaction, one policy decision and one audit
 * entry: mo_op_begin() opens the transaction and decides whether the
 * actor may do the action (the job's permissions, then the hooks; a
 * denial or a failing rule rolls back and returns MO_EDENIED or the
 * rule's error), writing the decision to the decision log (a denial once
 * no transaction is open, so that it survives the rollback);
 * mo_op_commit() writes the audit entry with the decision and the facts
 * as JSON detail, and commits; mo_op_abort() rolls back. It uses
 * config.h, db.h, audit.h, declog.h, perm.h and hooks.h. */
#ifndef MO_PRACTICE_H
#define MO_PRACTICE_H

#include "audit.h"
#include "config.h"
#include "db.h"
#include "hooks.h"
#include "perm.h"

typedef struct mo_practice mo_practice;

enum {
	MO_PRACTICE_CREATE = 1 << 0,   /* create practice.db if missing */
	MO_PRACTICE_MEMORY = 1 << 1,   /* a fresh in-memory database */
	MO_PRACTICE_READONLY = 1 << 2, /* open the database read-only */
};

#define MO_PRACTICE_YAML "practice.yaml"
#define MO_PRACTICE_DB "practice.db"

/* Loads dir/practice.yaml and opens dir/practice.db. Caller closes with
 * mo_practice_close(). Errors are those of mo_config_load and
 * mo_db_open. */
int mo_practice_open(const char *dir, int flags, mo_practice **out,
		     mo_err *e);
void mo_practice_close(mo_practice *p);

/* Borrowed views, valid while p is open. */
const char *mo_practice_dir(const mo_practice *p);
const mo_config *mo_practice_config(const mo_practice *p);
mo_db *mo_practice_db(mo_practice *p);

/* Today in the practice's time zone by the medoffice clock (clock.h):
 * the day that dates typed by people (expiries, absences, due dates)
 * mean. Cached until the next local midnight. */
int32_t mo_practice_today(mo_practice *p);

/* The people whose employment ends (their terminations, hr.h): from
 * day on the core permits staff nothing, even before practice.yaml is
 * edited. set adds or moves one (a copy of staff); clear forgets them
 * all; departure is staff's day, or 0. */
int mo_practice_set_departure(mo_practice *p, const char *staff, int32_t day);
void mo_practice_clear_departures(mo_practice *p);
int32_t mo_practice_departure(const mo_practice *p, const char *staff);

/* The compliance checklists the policies declared (compliance.h), which
 * the host installs at load (borrowed: it must outlive its use; NULL
 * removes it); NULL when there are none. */
struct mo_comp_registry;
void mo_practice_set_checklists(mo_practice *p,
				const struct mo_comp_registry *r);
const struct mo_comp_registry *mo_practice_checklists(const mo_practice *p);

/* Installs the decision hooks (copied); NULL removes them. */
void mo_practice_set_hooks(mo_practice *p, const mo_hooks *h);

/* Installs the permission table (borrowed: it must outlive its use; NULL
 * removes it). Without one, every action is permitted and only the hooks
 * decide (the core used from C alone). */
void mo_practice_set_perm(mo_practice *p, const mo_perm *perm);

/* Scores a candidate for action with the policies' rankers (hooks.h);
 * MO_ENOTFOUND when there are none. */
int mo_practice_score(mo_practice *p, const char *action, const mo_fact *facts,
		      size_t n, double *score, mo_err *e);

/* Asks the policies about a workflow (hooks.h): MO_ENOTFOUND, with e
 * saying so, when no policies are loaded or none declares it. */
int mo_practice_workflow(mo_practice *p, mo_wf_ask ask, const char *workflow,
			 const char *state, const char *event,
			 const mo_fact *facts, size_t n, mo_wf_answer *out,
			 mo_err *e);

/* Installs the org chart (borrowed, like the permissions; NULL removes
 * it): approvals use it for separation of duties. */
void mo_practice_set_org(mo_practice *p, const mo_org *org);
const mo_org *mo_practice_org(const mo_practice *p);

/* Asks the policies how a request of kind by requester is to be approved
 * (hooks.h). MO_ENOTFOUND when no approval rules are loaded or none is
 * declared for kind. */
int mo_practice_route(mo_practice *p, const char *kind, const char *requester,
		      const mo_fact *facts, size_t n, mo_route *r, mo_err *e);

/* While authority is set (a copy; NULL clears it), every operation is
 * allowed by it without asking the permissions or the rules: the guarded
 * action of an approved request runs this way, authorised by the
 * approval ("approval pto, request 4, approved by maria"). */
void mo_practice_authorize(mo_practice *p, const char *authority);

/* Writes an allowed decision to the decision log inside the open
 * transaction (routing decisions); *id (optional) receives its id. */
int mo_practice_log_decision(mo_practice *p, const char *actor,
			     const char *action, const mo_decision *d,
			     const mo_fact *facts, size_t n, int64_t *id,
			     mo_err *e);

/* The facts as a compact JSON object with sorted keys; caller frees with
 * free(); NULL when out of memory. */
char *mo_facts_json(const mo_fact *f, size_t n);

/* The hash of the loaded policy set, recorded with every decision. */
void mo_practice_set_policy_hash(mo_practice *p, const char *hash);
const char *mo_practice_policy_hash(const mo_practice *p);

/* Writes the queued denials to the decision log when no transaction is
 * open (mo_op_begin and mo_practice_close call it). */
int mo_practice_settle(mo_practice *p);

/* dir/rel; caller frees with free(). */
char *mo_practice_path(const mo_practice *p, const char *rel);

/* Decides an action without doing it: first the permissions of the
 * actor's job (a denial stops there), then the hooks (the rules). */
int mo_practice_decide(mo_practice *p, const char *actor, const char *action,
		       const mo_fact *facts, size_t n, mo_decision *d,
		       mo_err *e);

typedef struct mo_op {
	mo_practice *p;
	const char *actor;
	const char *action;
	const mo_fact *facts;
	size_t nfacts;
	mo_decision decision;
} mo_op;

int mo_op_begin(mo_practice *p, mo_op *op, const char *actor,
		const char *action, const mo_fact *facts, size_t n,
		mo_err *e);
/* Audits (record names what changed: "task:12") and commits. On failure
 * everything is rolled back. */
int mo_op_commit(mo_op *op, const char *record, mo_err *e);
void mo_op_abort(mo_op *op);

/* An audited read: the operation action (facts as for mo_op_begin) around
 * fn(ctx), committed with record when fn returns 0; fn's non-zero result
 * rolls it back and is returned. */
int mo_op_read(mo_practice *p, const char *actor, const char *action,
	       const mo_fact *facts, size_t n, const char *record,
	       int (*fn)(void *ctx, mo_err *e), void *ctx, mo_err *e);
/* Refuses an operation after it began (a check that needs the records,
 * such as separation of duties): rolls it back, logs the denial with
 * rule and the formatted reason, and returns MO_EDENIED with e saying
 * who may not do what and why. */
int mo_op_refuse(mo_op *op, const char *rule, mo_err *e, const char *fmt,
		 ...) __attribute__((format(printf, 4, 5)));

#endif
