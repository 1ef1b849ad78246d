/* approval.h: requests that need someone's approval (a refund, a write-off,
 * a purchase order, time off...) and their lifecycle:
 *
 *   requested -> approved | denied | withdrawn | expired
 *   requested -> escalated (after a time without answer) -> the same ends
 *
 * A request is filed with a kind, a one-line summary, an optional amount
 * and facts. The policies' `approval` declaration for the kind says, from
 * those facts, whether approval is needed and who gives it: one or more
 * steps, each a set of jobs any one holder of which approves, taken in
 * order; when to escalate and to whom; when the request expires. That
 * route is written to the decision log (explain shows why) and stored
 * with the request, so a later change of policy does not re-route it.
 *
 * Separation of duties is enforced here, in the core: nobody approves
 * their own request or one filed by someone they report to (directly or
 * up the chain), and nobody approves two steps of one request. While an
 * approver is away (away.h) their delegate, or else their supervisor, may
 * approve on their behalf. A kind may guard an action (e.g. "pto" guards
 * staff.away): it runs when the last step approves, as that approver and
 * authorised by the approval, in the same transaction; it runs at once
 * when no approval is needed. Every change is an operation (practice.h):
 * approval.request, approval.decide, approval.withdraw and, for the
 * escalations and expiries that mo_approval_sweep() makes as "system",
 * approval.sweep. It uses practice.h, away.h and jansson. */
#ifndef MO_APPROVAL_H
#define MO_APPROVAL_H

#include "practice.h"

typedef struct mo_request_new {
	const char *kind;     /* a declared approval: "refund" */
	const char *summary;  /* one line, 1..200 characters */
	bool has_amount;
	int64_t amount;       /* cents, when has_amount */
	const mo_fact *facts; /* more facts for the rules and the guarded */
	size_t nfacts;        /* action ("first_day", "payer_kind"...) */
} mo_request_new;

typedef struct mo_request {
	int64_t id;
	const char *kind, *requester, *status, *summary;
	bool has_amount;
	int64_t amount;
	const char *facts;  /* JSON object */
	const char *route;  /* JSON: rule, reason, action, steps,
			     * escalate_after, escalate_to, expire_after */
	int step;           /* the current step, from 0 */
	int nsteps;
	int64_t decision;   /* the routing decision's id in the decision log */
	int64_t created_us, step_since_us, closed_us; /* closed: 0 = open */
	const char *result; /* what the guarded action made ("away:3"), or NULL */
	const char *on_behalf_of; /* inbox only: the away approver, or NULL */
} mo_request;

typedef struct mo_request_event {
	int64_t at_us;
	const char *actor, *event; /* "requested", "approved", ... */
	int step;
	const char *on_behalf_of;  /* NULL unless a delegate acted */
	const char *reason;        /* "" when none */
} mo_request_event;

/* Files a request as actor. *id (optional) receives its id. When no
 * approval is needed the request is recorded as approved and its guarded
 * action runs at once. MO_ENOTFOUND for an undeclared kind; MO_EINVAL
 * when nobody could approve it (every holder of the approving jobs is the
 * requester or reports to them, even up the chain of jobs). */
int mo_approval_request(mo_practice *p, const char *actor,
			const mo_request_new *in, int64_t *id, mo_err *e);

/* Approves (approve true) or denies request id as actor, with a reason
 * (required to deny). MO_ENOTFOUND for an unknown id; MO_EDENIED, logged
 * as a decision, when actor may not decide it now (own request, reports
 * to the requester, not an approver of the current step, already
 * decided). */
int mo_approval_decide(mo_practice *p, const char *actor, int64_t id,
		       bool approve, const char *reason, mo_err *e);

/* Withdraws an open request; only its requester (or system) may. */
int mo_approval_withdraw(mo_practice *p, const char *actor, int64_t id,
			 const char *reason, mo_err *e);

/* Escalates the requests whose current step waited longer than the
 * route's escalate_after, and expires those older than expire_after, as
 * "system". *changed (optional) receives how many changed. */
int mo_approval_sweep(mo_practice *p, size_t *changed, mo_err *e);

/* Strings are valid during the call only; a non-zero return stops. */
typedef int (*mo_request_cb)(void *ud, const mo_request *r);
typedef int (*mo_request_event_cb)(void *ud, const mo_request_event *ev);

/* Request id, then (ev_cb optional) its history in order. */
int mo_approval_get(mo_practice *p, int64_t id, mo_request_cb cb,
		    mo_request_event_cb ev_cb, void *ud, mo_err *e);
/* Requests by id; status NULL for all, "open" for requested and
 * escalated, or one status. */
int mo_approval_list(mo_practice *p, const char *status, mo_request_cb cb,
		     void *ud, mo_err *e);
/* The open requests staff may decide now, oldest first, with
 * on_behalf_of set when staff would act as a delegate. */
int mo_approval_inbox(mo_practice *p, const char *staff, mo_request_cb cb,
		      void *ud, mo_err *e);

/* Whether action can be guarded by an approval (it has a runner). */
bool mo_approval_can_guard(const char *action);

struct json_t; /* jansson's: a request's facts */
/* A guarded action's date from its request's fact key, into *day: MO_EINVAL
 * "ACTION: the request needs the fact KEY<what>" when missing, or the
 * date's parse error prefixed "ACTION: KEY: ". For the runners of the
 * guarded actions (approval.c, hr.c, timecard_fix.c). */
int mo_approval_fact_date(struct json_t *facts, const char *action,
			  const char *key, const char *what, int32_t *day,
			  mo_err *e);

#endif
