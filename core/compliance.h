/* compliance.h: compliance and safety. Three record books of the office:
 *
 * Checklists (OSHA, HIPAA, CLIA self-inspection, fire safety...) are
 * declared by the policies (`checklist "id" { ... }` in Lua,
 * lua/medoffice/compliance.lua): each has a period (every week, month,
 * quarter or year), the day of the period it is due, an owner job and its
 * items, each with whether evidence is required. The host hands the
 * declarations to the core as a registry (mo_practice_set_checklists) when the
 * policies load; the core checks each result against it and computes what
 * is due or missed without knowing Lua. A result (pass, fail or n.a.) is
 * recorded per item and period, with its evidence (a document name, log
 * reference or photo id) and a note (required on a fail), by whom and
 * when; records are append-only (a later record of the same item and
 * period supersedes an earlier one). A fail opens a corrective office
 * task (task.h) for a holder of the owner job; a later pass of the item
 * in that period completes it. A period is complete when every item has
 * a result; after its due day an incomplete period is missed.
 *
 * Biohazardous waste pickups: the day, the hauler (an accounts payable
 * vendor, payable.h), the manifest number (unique), the containers of
 * each kind, the weight and the staff member who signed the manifest.
 * settings.compliance.waste_pickup_days (default 30; 0: no reminder)
 * makes a pickup due that many days after the last one.
 *
 * Incident reports: what happened (a kind of mo_comp_incident_kinds),
 * when and where, who reported it and when, the people involved (patients
 * and staff), a status (open, investigating, closed) changed by follow-up
 * entries with a note. An incident of suspected abuse or neglect must be
 * reported to the authorities within the hours the policies declare (the
 * registry's abuse_hours): the report (agency, who reported, when, how,
 * reference number) is recorded with mo_comp_notify. Closing such an
 * incident unreported is for the policies to refuse (the facts of
 * incident.update carry kind, status and notified).
 *
 * mo_comp_due is the area's source for the one task list (due.h):
 * checklists due by then and missed, the waste pickup overdue, incidents
 * whose follow-up is due and abuse reports not yet made.
 *
 * Changes are operations (practice.h): compliance.record, waste.record,
 * incident.report, incident.update and incident.notify, audited with the
 * record "checklist:ID/PERIOD", "waste:N" or "incident:N". Reads are
 * audited: compliance.view (checklists, waste) and incident.view; every
 * read of an incident that names a patient is audited once more per
 * patient with the record "patient:N". Every refusal names the field and
 * writes nothing. It uses practice.h, due.h, task.h, patient.h,
 * payable.h, tz.h and units.h. */
#ifndef MO_COMPLIANCE_H
#define MO_COMPLIANCE_H

#include "due.h"
#include "practice.h"

/* ---- the registry of checklists (declared by the policies) ---- */

/* An item of a checklist. */
typedef struct mo_comp_item {
	const char *id;         /* letters, digits and _ */
	const char *text;       /* what to check */
	bool evidence_required; /* a result needs its evidence */
} mo_comp_item;

/* A declared checklist. every is "week", "month", "quarter" or "year";
 * due is the day of the period it is due (1 = its first day; a day past
 * the period's last is its last day: 31 of a month); owner a job id;
 * where the declaration ("policies/compliance/checklists.lua:12"). */
typedef struct mo_comp_checklist {
	const char *id, *title, *every, *owner, *where;
	int due;
	const mo_comp_item *items;
	size_t nitems;
} mo_comp_checklist;

/* What the policies declared. abuse_hours: the hours allowed to report
 * suspected abuse to the authorities (0: MO_COMP_ABUSE_HOURS). */
typedef struct mo_comp_registry {
	const mo_comp_checklist *checklists;
	size_t n;
	int abuse_hours;
} mo_comp_registry;

#define MO_COMP_ABUSE_HOURS 24

/* The host installs the registry with mo_practice_set_checklists
 * (practice.h) and the module reads it with mo_practice_checklists.
 * Without one no checklist is declared. */

/* Checks one declaration (without its owner, which the host checks
 * against the declared jobs): every, due within the period (1..7 a week,
 * 1..31 a month, 1..92 a quarter, 1..366 a year), an id and text for
 * every item, no item twice. MO_EINVAL naming the field. */
int mo_comp_check_checklist(const mo_comp_checklist *c, mo_err *e);

/* ---- periods ---- */

/* A period of a checklist: "2026" (year), "2026-Q4" (quarter),
 * "2026-11" (month) or "2026-W48" (ISO week, Monday first). */
typedef struct mo_comp_period {
	char text[24];
	int32_t first, last; /* its days */
	int32_t due;         /* the day it is due */
} mo_comp_period;

/* The period of every containing day. */
void mo_comp_period_of(const char *every, int due, int32_t day,
		       mo_comp_period *out);
/* Parses text as a period of every; MO_EINVAL naming what is expected. */
int mo_comp_period_parse(const char *every, int due, const char *text,
			 mo_comp_period *out, mo_err *e);

/* ---- results ---- */

/* A result to record (strings borrowed). Checks, each refusal naming the
 * field ("checklist item: ..."):
 *   checklist: a declared checklist; item: one of its items;
 *   period: NULL (the current one) or a period of the checklist
 *     (mo_comp_period_parse), not in the future (it may be past: a late
 *     record); not before settings.compliance.checklists_from;
 *   result: "pass", "fail" or "na";
 *   evidence: 1..200 characters, one line; required where declared
 *     (unless the result is "na");
 *   note: 1..500 characters; required on a fail;
 *   by: who did the check, a staff id (NULL: actor);
 *   at_us: when (0: now), not in the future, not before the period. */
typedef struct mo_comp_result_new {
	const char *checklist, *item, *period, *result;
	const char *evidence, *note, *by;
	int64_t at_us;
} mo_comp_result_new;

/* Records a result as actor (compliance.record, with the facts checklist,
 * item, period, result, by and evidence; record "checklist:ID/PERIOD"). A
 * fail opens a corrective task (as system) for the first active staff
 * member of the owner job; a pass or n.a. completes the item's open
 * corrective task of the period. *id and *task (optional) receive the
 * record's id and the task opened (0: none). */
int mo_comp_record(mo_practice *p, const char *actor,
		   const mo_comp_result_new *in, int64_t *id, int64_t *task,
		   mo_err *e);

/* Where a checklist period stands. */
typedef struct mo_comp_status {
	const mo_comp_checklist *checklist;
	mo_comp_period period;
	size_t done;       /* items with a result */
	size_t failed;     /* items whose latest result is a fail */
	bool complete;     /* every item has a result */
	bool late;         /* completed after its due day */
	bool missed;       /* incomplete after its due day */
	int64_t completed_us; /* when the last item was recorded */
} mo_comp_status;

/* An item's latest result in a period; strings valid during the call. */
typedef struct mo_comp_entry {
	const mo_comp_item *item;
	int64_t id;              /* 0: no result yet (the rest unset) */
	const char *result, *evidence, *note, *by;
	int64_t at_us;
	int64_t task;            /* the corrective task, or 0 */
	const char *recorded_by;
	int64_t recorded_us;
} mo_comp_entry;

typedef int (*mo_comp_status_cb)(void *ud, const mo_comp_status *s);
typedef int (*mo_comp_entry_cb)(void *ud, const mo_comp_entry *en);

/* The status of checklist in period (NULL: the current one), then each
 * item's latest result in declaration order, an audited read
 * (compliance.view, record "checklist:ID/PERIOD"). MO_ENOTFOUND for an
 * undeclared checklist. */
int mo_comp_status_get(mo_practice *p, const char *actor,
		       const char *checklist, const char *period,
		       mo_comp_status_cb scb, mo_comp_entry_cb ecb, void *ud,
		       mo_err *e);

/* Each declared checklist with its current period's status, in
 * declaration order, an audited read (compliance.view). */
int mo_comp_list(mo_practice *p, const char *actor, mo_comp_status_cb cb,
		 void *ud, mo_err *e);

/* ---- biohazardous waste ---- */

/* A pickup to record. Checks:
 *   day: not in the future (0: today);
 *   hauler: an active accounts payable vendor, by id or name;
 *   manifest: 1..40 characters, letters, digits and - / . only; no other
 *     pickup's;
 *   sharps, red_bag, pharmaceutical, pathological: containers, 0..10000,
 *     at least one container in all;
 *   weight: hundredths of a pound (1234 is 12.34 lb), 0..10000000;
 *     -1: not weighed;
 *   signed_by: the staff member who signed the manifest (NULL: actor);
 *   note: NULL or 1..500 characters. */
typedef struct mo_comp_pickup_new {
	int32_t day;
	const char *hauler, *manifest;
	int64_t sharps, red_bag, pharmaceutical, pathological;
	int64_t weight;
	const char *signed_by, *note;
} mo_comp_pickup_new;

/* Records a pickup as actor (waste.record, with the facts day, hauler,
 * manifest, containers and weight; record "waste:N"). *id optional. */
int mo_comp_pickup(mo_practice *p, const char *actor,
		   const mo_comp_pickup_new *in, int64_t *id, mo_err *e);

typedef struct mo_comp_pickup_row {
	int64_t id;
	int32_t day;
	int64_t vendor;
	const char *hauler, *manifest;
	int64_t sharps, red_bag, pharmaceutical, pathological;
	int64_t weight;          /* -1: not weighed */
	const char *signed_by, *note;
	int64_t recorded_us;
	const char *recorded_by;
} mo_comp_pickup_row;

typedef int (*mo_comp_pickup_cb)(void *ud, const mo_comp_pickup_row *r);

/* The pickups from from_day to to_day (0: no bound), newest first, an
 * audited read (compliance.view, record "waste"). */
int mo_comp_pickups(mo_practice *p, const char *actor, int32_t from_day,
		    int32_t to_day, mo_comp_pickup_cb cb, void *ud,
		    mo_err *e);

/* ---- incidents ---- */

extern const char *const mo_comp_incident_kinds[];
extern const char *const mo_comp_notify_methods[];

/* Whether kind is one of suspected abuse or neglect (abuse_child,
 * abuse_elder, abuse_dependent_adult), reported to the authorities. */
bool mo_comp_is_abuse(const char *kind);

/* An incident to report. Checks:
 *   kind: one of mo_comp_incident_kinds;
 *   occurred_us: when it happened, not in the future;
 *   reported_us: when it was reported (0: now), not before it happened
 *     nor in the future;
 *   location: a location of practice.yaml;
 *   description: 1..2000 characters;
 *   patients (npatients up to 16): active patients; staff (nstaff up to
 *     16): staff ids of practice.yaml, none twice;
 *   reported_by: a staff id (NULL: actor);
 *   follow_up: the day the next follow-up is due (0: in
 *     settings.compliance.incident_follow_up_days, default 7). */
typedef struct mo_comp_incident_new {
	const char *kind;
	int64_t occurred_us, reported_us;
	const char *location, *description;
	const int64_t *patients;
	size_t npatients;
	const char *const *staff;
	size_t nstaff;
	const char *reported_by;
	int32_t follow_up;
} mo_comp_incident_new;

/* Records an incident as actor (incident.report, which every job may do;
 * facts kind, location, occurred, patients (a count), staff (a count);
 * record "incident:N"). *id optional. */
int mo_comp_report(mo_practice *p, const char *actor,
		   const mo_comp_incident_new *in, int64_t *id, mo_err *e);

/* A follow-up of an incident: status NULL (unchanged), "open",
 * "investigating" or "closed" (a closed incident is not changed again);
 * note 1..2000 characters (required); follow_up the day of the next
 * follow-up (0: unchanged), not before today. As actor
 * (incident.update, with the facts incident, kind, status, from,
 * notified (whether the authorities were told) and abuse). */
int mo_comp_update(mo_practice *p, const char *actor, int64_t id,
		   const char *status, const char *note, int32_t follow_up,
		   mo_err *e);

/* The report of suspected abuse to the authorities. Checks: the incident
 * is one of suspected abuse (mo_comp_is_abuse); agency 1..200
 * characters; reported_by a staff id (NULL: actor); reported_us not
 * before the incident occurred nor in the future (0: now); method one of
 * mo_comp_notify_methods; reference 1..60 characters (the authority's
 * report or case number; NULL when none was given). */
typedef struct mo_comp_notice_new {
	int64_t incident;
	const char *agency, *reported_by, *method, *reference;
	int64_t reported_us;
} mo_comp_notice_new;

/* Records it as actor (incident.notify, with the facts incident, kind,
 * agency, method, late (after the hours allowed)). *id optional. */
int mo_comp_notify(mo_practice *p, const char *actor,
		   const mo_comp_notice_new *in, int64_t *id, mo_err *e);

/* An incident; strings valid during the callback. */
typedef struct mo_comp_incident {
	int64_t id;
	const char *kind, *location, *description, *status;
	int64_t occurred_us, reported_us;
	const char *reported_by;
	int32_t follow_up;      /* the day the next follow-up is due */
	const int64_t *patients;
	size_t npatients;
	const char *const *staff;
	size_t nstaff;
	bool abuse;
	int64_t notify_by_us;   /* abuse: the deadline to report; else 0 */
	int64_t notified_us;    /* when the authorities were told; 0: not */
	int64_t created_us;
	const char *created_by;
} mo_comp_incident;

/* An entry of an incident's history: a follow-up (agency NULL) or the
 * report to the authorities. */
typedef struct mo_comp_event {
	int64_t id;
	const char *status, *note;       /* follow-up */
	const char *agency, *method, *reference; /* authority report */
	const char *by;                  /* who did it */
	int64_t at_us;
	const char *recorded_by;
	int64_t recorded_us;
} mo_comp_event;

typedef int (*mo_comp_incident_cb)(void *ud, const mo_comp_incident *in);
typedef int (*mo_comp_event_cb)(void *ud, const mo_comp_event *ev);

/* Which incidents mo_comp_incidents walks; zero fields do not filter. */
typedef struct mo_comp_incident_filter {
	const char *kind, *status; /* status "open": open or investigating */
	int64_t patient;
	int32_t from_day, to_day;  /* occurred (local days) */
} mo_comp_incident_filter;

/* The incidents matching f (NULL: all), newest first, an audited read
 * (incident.view, record "incidents"; once more per patient named by
 * those listed, record "patient:N"). */
int mo_comp_incidents(mo_practice *p, const char *actor,
		      const mo_comp_incident_filter *f,
		      mo_comp_incident_cb cb, void *ud, mo_err *e);

/* Incident id, then its history oldest first (ecb optional), an audited
 * read (incident.view, record "incident:N"; once more per patient named,
 * record "patient:N"). MO_ENOTFOUND for no such incident. */
int mo_comp_incident_get(mo_practice *p, const char *actor, int64_t id,
			 mo_comp_incident_cb cb, mo_comp_event_cb ecb,
			 void *ud, mo_err *e);

/* When something happened, as people write it, into *us: "2026-11-20
 * 14:30" (local time) or a day "2026-11-20" (now for today, else noon of
 * that day). MO_EINVAL naming what ("incident occurred: ..."). */
int mo_comp_parse_when(mo_practice *p, const char *what, const char *s,
		       int64_t *us, mo_err *e);

/* ---- the task list ---- */

/* The area's due source (due.h), source "compliance": each checklist
 * period due on or before through and not complete ("OSHA eyewash
 * station check (2026-W48): 1 of 2 items done, due 2026-11-27" or
 * "MISSED ...", for the owner job, action compliance.record, record
 * "checklist:ID/PERIOD"), the waste pickup when due (action
 * waste.record), incidents not closed whose follow-up is due (action
 * incident.update) and abuse reports not made (action incident.notify,
 * due the day of the deadline). Reads only. */
int mo_comp_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		mo_err *e);

#endif
