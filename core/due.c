/* due.c: the one task list (see due.h): the sources of every capability
 * called in turn, their items kept (copied), filtered for a person,
 * sorted soonest first and handed out, inside one audited read. The
 * sources of the engine's own capabilities are here: office tasks,
 * approvals waiting, appointments to reschedule, what the CLIA lab has
 * due; the others are the modules' own: licences and credentials to
 * renew (credential.h), supplies (inventory.h), equipment and facilities
 * (equipment.h), bills and the bank (payable.h), time cards
 * (timecard.h), staff records (hr.h), compliance and safety
 * (compliance.h). It uses those, approval.h, clia.h, sched.h, task.h, tz.h
 * and jansson. */
#include "due.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "clia.h"
#include "compliance.h"
#include "credential.h"
#include "equipment.h"
#include "hr.h"
#include "inventory.h"
#include "payable.h"
#include "sched.h"
#include "task.h"
#include "timecard.h"
#include "tz.h"
#include "units.h"

/* ---- the engine's own sources ---- */

typedef struct src {
	mo_practice *p;
	int32_t through;
	mo_due_cb cb;
	void *ud;
	int stop;
} src;

static int32_t day_of(mo_practice *p, int64_t us)
{
	int32_t day, sec;
	mo_err ignored;
	if (mo_tz_from_utc(mo_practice_config(p)->timezone, us, &day, &sec,
			   &ignored))
		return mo_practice_today(p);
	return day;
}

/* A task's day: a due date without a time is kept as that day's UTC
 * midnight, which is the day itself; an instant, its local day. */
static int32_t task_day(mo_practice *p, int64_t us)
{
	const int64_t DAY = 86400LL * 1000000;
	if (!us)
		return mo_practice_today(p);
	return us % DAY == 0 ? (int32_t)(us / DAY) : day_of(p, us);
}

static int task_item(void *ud, const mo_task *t)
{
	src *s = ud;
	char record[32];
	int32_t due = task_day(s->p, t->due_us);
	if (due > s->through)
		return 0;
	snprintf(record, sizeof record, "task:%lld", (long long)t->id);
	mo_due_item it = {"task", t->title, t->assignee, NULL,
			  t->assignee ? NULL : "task.complete", record, due};
	return s->cb(s->ud, &it);
}

static int tasks_due(mo_practice *p, int32_t through, mo_due_cb cb,
		     void *ud, mo_err *e)
{
	src s = {p, through, cb, ud, 0};
	return mo_task_list(p, true, task_item, &s, e);
}

/* The first job of the request's current step (its route's JSON: steps
 * is a list of lists of jobs). */
static char *step_job(const mo_request *r)
{
	json_t *route = json_loads(r->route, 0, NULL);
	json_t *steps = json_object_get(route, "steps");
	json_t *step = json_array_get(steps, (size_t)r->step);
	const char *job = json_string_value(json_array_get(step, 0));
	char *out = job ? strdup(job) : NULL;
	json_decref(route);
	return out;
}

static int request_item(void *ud, const mo_request *r)
{
	src *s = ud;
	char what[260], record[32];
	char *job = step_job(r);
	int rc;
	snprintf(what, sizeof what, "Decide request %lld (%s): %s",
		 (long long)r->id, r->kind, r->summary);
	snprintf(record, sizeof record, "request:%lld", (long long)r->id);
	mo_due_item it = {"approval", what, NULL, job, job ? NULL
			  : "approval.decide", record,
			  day_of(s->p, r->step_since_us)};
	rc = s->cb(s->ud, &it);
	free(job);
	return rc;
}

static int approvals_due(mo_practice *p, int32_t through, mo_due_cb cb,
			 void *ud, mo_err *e)
{
	src s = {p, through, cb, ud, 0};
	return mo_approval_list(p, "open", request_item, &s, e);
}

static int appt_item(void *ud, const mo_appt *a)
{
	src *s = ud;
	char what[300], record[32];
	snprintf(what, sizeof what, "Call %s%s%s to reschedule appointment "
		 "%lld with %s", a->patient_name ? a->patient_name : "the "
		 "patient", a->phone ? " at " : "", a->phone ? a->phone : "",
		 (long long)a->id, a->provider);
	snprintf(record, sizeof record, "appointment:%lld", (long long)a->id);
	mo_due_item it = {"schedule", what, NULL, NULL,
			  "appointment.reschedule", record,
			  mo_practice_today(s->p)};
	return s->cb(s->ud, &it);
}

static int reschedule_due(mo_practice *p, int32_t through, mo_due_cb cb,
			  void *ud, mo_err *e)
{
	src s = {p, through, cb, ud, 0};
	return mo_sched_list(p, "system", "reschedule", mo_practice_today(p),
			     appt_item, &s, e);
}

static int clia_item(void *ud, const mo_clia_due_row *r)
{
	src *s = ud;
	char what[300];
	snprintf(what, sizeof what, "CLIA %s%s%s: %s", r->what,
		 r->test ? " " : "", r->test ? r->test : "", r->why);
	mo_due_item it = {"clia", what, r->staff, NULL,
			  r->staff ? NULL : "clia.qc", NULL, r->due};
	return s->cb(s->ud, &it);
}

static int clia_due(mo_practice *p, int32_t through, mo_due_cb cb,
		    void *ud, mo_err *e)
{
	src s = {p, through, cb, ud, 0};
	if (!mo_practice_config(p)->clia.certificate)
		return 0;
	return mo_clia_due(p, "system", through, clia_item, &s, e);
}

static const mo_due_source SOURCES[] = {
	tasks_due, approvals_due, reschedule_due, mo_cred_due, clia_due,
	mo_inv_due, mo_equip_due, mo_ap_due, mo_tc_due, mo_hr_due, mo_comp_due,
};

/* ---- the list ---- */

typedef struct kept {
	mo_due_item it;
	char *buf; /* what the item's strings point into */
} kept;

typedef struct list {
	mo_practice *p;
	const char *staff, *job; /* a person's list: them and their job */
	const char *holders;     /* or a job's list: all of its holders' */
	kept *v;
	size_t n, cap;
} list;

static char *put(char **at, const char *s)
{
	char *start = *at;
	if (!s)
		return NULL;
	strcpy(start, s);
	*at += strlen(s) + 1;
	return start;
}

/* Whether the item is the staff member's: theirs, their job's, or one
 * whose action their job may do (any of them). */
static bool may(list *l, const char *staff, const char *action)
{
	mo_decision d;
	mo_err ignored;
	return mo_practice_decide(l->p, staff, action, NULL, 0, &d,
				  &ignored) == 0 && d.verdict != MO_VERDICT_DENY;
}

/* Whether the item is for the holders of a job: the job's, one of theirs,
 * one whose action one of them may do, or everyone's. */
static bool holders(list *l, const mo_due_item *it)
{
	const mo_config *c = mo_practice_config(l->p);
	const mo_staff *s;
	if (it->job)
		return !strcmp(it->job, l->holders);
	if (it->staff)
		return (s = mo_config_staff(c, it->staff)) &&
		       !strcmp(s->job, l->holders);
	for (size_t i = 0; it->action && i < c->nstaff; i++)
		if (!strcmp(c->staff[i].job, l->holders) &&
		    may(l, c->staff[i].id, it->action))
			return true;
	return !it->action;
}

static bool mine(list *l, const mo_due_item *it)
{
	if (l->holders)
		return holders(l, it);
	if (!l->staff || (it->staff && !strcmp(it->staff, l->staff)) ||
	    (it->job && l->job && !strcmp(it->job, l->job)))
		return true;
	if (!it->action)
		return !it->staff && !it->job;
	return may(l, l->staff, it->action);
}

static int keep(void *ud, const mo_due_item *it)
{
	list *l = ud;
	const char *s[] = {it->source, it->what, it->staff, it->job,
			   it->action, it->record};
	size_t size = 0;
	if (!mine(l, it))
		return 0;
	for (int i = 0; i < 6; i++)
		size += s[i] ? strlen(s[i]) + 1 : 0;
	if (mo_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v))
		return MO_ENOMEM;
	kept *k = &l->v[l->n];
	char *at = k->buf = malloc(size ? size : 1);
	if (!at)
		return MO_ENOMEM;
	k->it = (mo_due_item){put(&at, s[0]), put(&at, s[1]), put(&at, s[2]),
			      put(&at, s[3]), put(&at, s[4]), put(&at, s[5]),
			      it->due};
	l->n++;
	return 0;
}

static int by_due(const void *a, const void *b)
{
	const kept *x = a, *y = b;
	if (x->it.due != y->it.due)
		return x->it.due < y->it.due ? -1 : 1;
	int c = strcmp(x->it.source, y->it.source);
	return c ? c : strcmp(x->it.what, y->it.what);
}

typedef struct run {
	list l;
	int32_t through;
	mo_due_cb cb;
	void *ud;
	int stop;
} run;

static int gather(void *ud, mo_err *e)
{
	run *r = ud;
	int rc = 0;
	for (size_t i = 0; !rc && i < sizeof SOURCES / sizeof SOURCES[0]; i++)
		rc = SOURCES[i](r->l.p, r->through, keep, &r->l, e);
	if (rc == MO_ENOMEM)
		mo_err_set(e, rc, "out of memory");
	return rc;
}

/* Hands out the items kept, soonest first, and frees them. */
static int hand_out(list *l, mo_due_cb cb, void *ud, int rc)
{
	if (!rc && l->n)
		qsort(l->v, l->n, sizeof *l->v, by_due);
	for (size_t i = 0; !rc && i < l->n; i++)
		rc = cb(ud, &l->v[i].it);
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].buf);
	free(l->v);
	return rc;
}

int mo_due_sorted(mo_practice *p, mo_due_source source, int32_t through,
		  mo_due_cb cb, void *ud, mo_err *e)
{
	list l = {p, NULL, NULL, NULL, NULL, 0, 0};
	int rc = source(p, through, keep, &l, e);
	if (rc == MO_ENOMEM)
		mo_err_set(e, rc, "out of memory");
	return hand_out(&l, cb, ud, rc);
}

/* Whether some staff member of practice.yaml holds job. */
static bool held(const mo_config *c, const char *job)
{
	for (size_t i = 0; i < c->nstaff; i++)
		if (!strcmp(c->staff[i].job, job))
			return true;
	return false;
}

int mo_due_list_for(mo_practice *p, const char *actor, const mo_due_for *w,
		    int32_t through, mo_due_cb cb, void *ud, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	const mo_staff *st = w->staff ? mo_config_staff(c, w->staff) : NULL;
	char who[80];
	run r = {{p, w->staff, st ? st->job : NULL, w->job, NULL, 0, 0},
		 through, cb, ud, 0};
	mo_fact f[] = {{"read", MO_FACT_STR, "the task list", 0},
		       {"for", MO_FACT_STR, who, 0}};
	int rc;
	if (!cb || (w->staff && w->job))
		return mo_err_set(e, MO_EINVAL, "due: a callback and a staff "
				  "member or a job (not both)");
	if (w->staff && !st)
		return mo_err_set(e, MO_EINVAL, "tasks: no staff member '%s'",
				  w->staff);
	if (w->job && !held(c, w->job))
		return mo_err_set(e, MO_EINVAL, "tasks: nobody in practice.yaml "
				  "holds the job '%s'", w->job);
	snprintf(who, sizeof who, "%s%.64s", w->job ? "job " : "",
		 w->staff ? w->staff : w->job ? w->job : "everyone");
	rc = mo_op_read(p, actor, "task.read", f, 2, "due", gather, &r, e);
	return hand_out(&r.l, cb, ud, rc);
}

int mo_due_list(mo_practice *p, const char *actor, const char *staff,
		int32_t through, mo_due_cb cb, void *ud, mo_err *e)
{
	mo_due_for w = {staff, NULL};
	return mo_due_list_for(p, actor, &w, through, cb, ud, e);
}
