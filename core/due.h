/* due.h: the one task list: everything due or overdue from every
 * capability (office tasks, approvals waiting, CLIA QC and lots, supplies
 * to reorder, equipment maintenance, bills to pay, time cards to approve,
 * licences expiring...) as items of one shape, for a person (what they or
 * their job must do) or for everyone. Each capability writes a source (a
 * function of this shape, below) in its own module; due.c calls them all,
 * merges their items soonest first, and audits the read. It uses
 * practice.h. */
#ifndef MO_DUE_H
#define MO_DUE_H

#include "practice.h"

typedef struct mo_due_item {
	const char *source;  /* "task", "approval", "clia", "inventory",
			      * "equipment", "payable", "timecard", ... */
	const char *what;    /* one line: "Reorder nitrile gloves (M): 2 boxes
			      * left, reorder at 5" */
	const char *staff;   /* who must do it (a staff id), or NULL */
	const char *job;     /* or any holder of this job, or NULL (anyone
			      * whose job may do action) */
	const char *action;  /* the action that does it ("inventory.order"),
			      * or NULL */
	const char *record;  /* "item:12", "asset:3", "bill:7", or NULL */
	int32_t due;         /* the day it is (or was) due */
} mo_due_item;

/* Called for each item (strings valid during the call only); non-zero
 * stops and is returned. */
typedef int (*mo_due_cb)(void *ud, const mo_due_item *it);

/* A source: the items of one capability due on or before day through.
 * It reads only (the caller holds the audited read). */
typedef int (*mo_due_source)(mo_practice *p, int32_t through, mo_due_cb cb,
			     void *ud, mo_err *e);

/* Every source's items due on or before through, soonest first, for
 * staff (those whose staff is them, whose job is theirs, or whose action
 * their job may do; NULL: everyone's). An audited read (action
 * "task.read"). */
int mo_due_list(mo_practice *p, const char *actor, const char *staff,
		int32_t through, mo_due_cb cb, void *ud, mo_err *e);

/* Whose list (strings borrowed): a staff member's (as mo_due_list), a
 * job's (every holder's: the job's items, their own, and those whose
 * action one of them may do), or, both NULL, everyone's. */
typedef struct mo_due_for {
	const char *staff, *job;
} mo_due_for;

/* mo_due_list for w; the audit entry's fact "for" names the staff
 * member, "job ID" or "everyone". */
int mo_due_list_for(mo_practice *p, const char *actor, const mo_due_for *w,
		    int32_t through, mo_due_cb cb, void *ud, mo_err *e);

/* One source's items due on or before through, soonest first, for
 * everyone; it reads only (the caller holds the audited read, as an
 * area's own list of what it has due does). */
int mo_due_sorted(mo_practice *p, mo_due_source source, int32_t through,
		  mo_due_cb cb, void *ud, mo_err *e);

#endif
