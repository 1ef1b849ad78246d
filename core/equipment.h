/* equipment.h: the practice's equipment and facilities. An asset is a
 * piece of equipment in a room of a location of practice.yaml (an
 * autoclave, a refrigerator, an exam table, an ECG, a centrifuge, a CLIA
 * analyzer that runs a test of the practice's menu...) or a facility to
 * keep (kind "facility": a suite whose after-hours cleaning is checked).
 * Each asset has schedules, one per kind of check ("what": a monthly
 * spore test of the autoclave, a refrigerator's temperature every 12
 * hours, a yearly calibration), every N days or every N hours; a schedule
 * is next due from its latest service record (from its first day before
 * any). Service records are append-only: who did the check, when (never
 * in the future), pass or fail, a reading (checked against the
 * schedule's range when it has one), the vendor and a note. A failed
 * check takes the asset out of service until a passing one of the same
 * schedule, and is due again at once. An asset may also be taken out of
 * service by hand (with the reason), returned, or retired (for good; its
 * schedules end).
 *
 * Use of equipment is blocked by the policies, not here: mo_equip_usable
 * says whether an asset may be used now (in service, no failing check, no
 * overdue "blocking" schedule) and why not; the Lua read
 * equipment.usable lets a rule deny an action with it
 * (policies/equipment/maintenance.lua denies clia.perform on an analyzer
 * that is not usable).
 *
 * mo_equip_sweep makes one office task (task.h) per overdue schedule, as
 * "system", never a second while one is open; a passing record of the
 * schedule completes it, and ending the schedule or retiring the asset
 * cancels it. Facility issues (building problems) are reported (what,
 * where, by whom, priority, a day to fix them by), assigned and resolved
 * once, with a note. mo_equip_due is the area's source for the one task
 * list (due.h): schedules due and open issues.
 *
 * Changes are operations (practice.h): equipment.add, equipment.update,
 * equipment.schedule, equipment.service, equipment.sweep (as system),
 * facility.report, facility.assign and facility.resolve, audited with the
 * record "asset:N" or "issue:N"; the lists are audited reads
 * (equipment.read). mo_equip_usable, mo_equip_find and mo_equip_due read
 * without an audit entry (the caller's operation holds it). Every refusal
 * names the field and writes nothing. It uses practice.h, task.h,
 * due.h, clia.h (a linked test), tz.h and units.h. */
#ifndef MO_EQUIPMENT_H
#define MO_EQUIPMENT_H

#include "due.h"
#include "practice.h"

/* The longest reason mo_equip_usable gives, with its terminator. */
#define MO_EQUIP_WHY 256

/* Asset kinds, schedule kinds ("what") and issue priorities, each list
 * ending with NULL. */
extern const char *const mo_equip_kinds[];
extern const char *const mo_equip_whats[];
extern const char *const mo_equip_priorities[];

/* A kind, what or status as people read it: "spore test" of
 * "spore_test", "temperature check" of "temperature" (at most 31
 * characters) into buf; returns buf. */
const char *mo_equip_what_text(const char *what, char buf[32]);

/* A new asset (strings borrowed for the call). Checks, each refusal
 * naming the field ("asset room: no room 'exam9' at location main"):
 *   name: one line, 1..200 characters;
 *   kind: one of mo_equip_kinds;
 *   location: a location of practice.yaml; room: NULL or one of its rooms;
 *   serial: NULL or 1..64 printable characters, no other asset's;
 *   manufacturer, model: NULL or one line of 1..100 characters;
 *   clia_test: NULL or a test of the practice's CLIA menu (clia.h). */
typedef struct mo_equip_asset_new {
	const char *name, *kind, *location, *room;
	const char *serial, *manufacturer, *model, *clia_test;
} mo_equip_asset_new;

/* Adds an asset, in service, as actor (equipment.add, with the facts
 * name, kind, location, room, serial and clia_test). *id (optional)
 * receives its id. */
int mo_equip_add(mo_practice *p, const char *actor,
		 const mo_equip_asset_new *in, int64_t *id, mo_err *e);

/* Sets asset's status as actor (equipment.update, with the facts asset,
 * kind, status and reason): "out_of_service" or "retired" with a reason
 * (one line, 1..200 characters), "in_service" (reason optional). A
 * retired asset changes no more; an asset whose latest check of a
 * schedule failed returns to service by a passing check, not by hand.
 * Retiring ends its schedules and cancels their open tasks. */
int mo_equip_set_status(mo_practice *p, const char *actor, int64_t asset,
			const char *status, const char *reason, mo_err *e);

/* A schedule to set: one per asset and what. Checks:
 *   what: one of mo_equip_whats;
 *   every_days 1..3660 or every_hours 1..720: exactly one of them (the
 *     other 0); 0 for both, a negative or a larger number is refused;
 *   first_due: the day it is first due (0: today), not before today;
 *   blocking: while overdue, the asset is not usable;
 *   assignee: NULL or a staff id (who does it; the sweep's task is
 *     theirs);
 *   has_range, low, high: the range a reading must be in to pass
 *     (hundredths, low <= high; a temperature in degrees C, say). */
typedef struct mo_equip_schedule_new {
	int64_t asset;
	const char *what;
	int32_t every_days, every_hours;
	int32_t first_due;
	bool blocking;
	const char *assignee;
	bool has_range;
	int64_t low, high;
} mo_equip_schedule_new;

/* Sets the schedule of (asset, what) as actor (equipment.schedule, with
 * the facts asset, kind, what, every_days or every_hours, blocking,
 * assignee and change "set"): a new one, or the one in force changed
 * (its records keep counting). The asset must not be retired. *id
 * (optional) receives the schedule's id. */
int mo_equip_schedule(mo_practice *p, const char *actor,
		      const mo_equip_schedule_new *in, int64_t *id,
		      mo_err *e);

/* Ends the schedule of (asset, what) as actor (equipment.schedule, with
 * change "end"), cancelling its open task. MO_ENOTFOUND when there is
 * none in force. */
int mo_equip_unschedule(mo_practice *p, const char *actor, int64_t asset,
			const char *what, mo_err *e);

/* A service record to add (strings borrowed). Checks:
 *   asset: an asset that is not retired;
 *   what: one of mo_equip_whats, or "repair"; the record counts for the
 *     asset's schedule of that what when it has one;
 *   result: "pass" or "fail"; may be NULL when the schedule has a range
 *     and a reading is given (the reading decides), and must agree with
 *     the range when both are given;
 *   has_reading, reading: a measurement in hundredths (4.5 C is 450);
 *     required by a schedule with a range;
 *   at_us: when it was done (0: now); not in the future;
 *   by: who did it, a staff id (NULL: actor);
 *   vendor: NULL or one line of 1..100 characters (a service company);
 *   note: NULL or 1..500 characters; a failed check needs one (what was
 *     found, what was done). */
typedef struct mo_equip_record_new {
	int64_t asset;
	const char *what, *result;
	bool has_reading;
	int64_t reading;
	int64_t at_us;
	const char *by, *vendor, *note;
} mo_equip_record_new;

/* When a check was done, as people write it, into *us: "2026-11-20
 * 14:30" (local time) or a day "2026-11-20" (now for today, else noon of
 * that day). MO_EINVAL saying what was expected ("service date: ..."). */
int mo_equip_parse_when(mo_practice *p, const char *s, int64_t *us,
			mo_err *e);

/* Records a service as actor (equipment.service, with the facts asset,
 * kind, what, result, reading, by, vendor and at); a pass completes the
 * schedule's open task. *id and *passed (optional) receive the record's
 * id and whether it passed. */
int mo_equip_service(mo_practice *p, const char *actor,
		     const mo_equip_record_new *in, int64_t *id, bool *passed,
		     mo_err *e);

/* Makes one task per overdue schedule that has no open task, each its
 * own operation as "system" (equipment.sweep, with the facts asset,
 * schedule, what and due; the task is created by system, for the
 * schedule's assignee, due when the schedule was). Stops at the first
 * error (the tasks made before it are kept). *made (optional) receives
 * how many tasks were made. */
int mo_equip_sweep(mo_practice *p, size_t *made, mo_err *e);

/* Whether asset may be used now: *usable true, or false with why (a line,
 * "asset 3 (Glucose analyzer) is overdue for its calibration (due
 * 2026-11-01)") filled: retired, out of service (with the reason), its
 * latest check of a schedule failed, or a blocking schedule overdue.
 * Reads only, no audit. MO_ENOTFOUND for no such asset. */
int mo_equip_usable(mo_practice *p, int64_t asset, bool *usable,
		    char why[MO_EQUIP_WHY], mo_err *e);

/* The asset with serial into *id; MO_ENOTFOUND when none. Reads only. */
int mo_equip_find(mo_practice *p, const char *serial, int64_t *id,
		  mo_err *e);

/* An asset as listed; strings valid during the callback only. */
typedef struct mo_equip_asset {
	int64_t id;
	const char *name, *kind, *location, *room; /* room may be NULL */
	const char *serial, *manufacturer, *model, *clia_test; /* or NULL */
	const char *status;   /* as set: in_service, out_of_service, retired */
	const char *reason;   /* the reason given with it, or NULL */
	bool usable;          /* mo_equip_usable */
	const char *why;      /* why not, or NULL */
	int64_t created_us;
	const char *created_by;
} mo_equip_asset;

typedef int (*mo_equip_asset_cb)(void *ud, const mo_equip_asset *a);

/* Which assets mo_equip_list walks; NULL fields do not filter. */
typedef struct mo_equip_filter {
	int64_t id;           /* only this asset (0: all) */
	const char *location, *room, *kind;
	bool retired;         /* the retired ones too */
} mo_equip_filter;

/* The assets matching f (NULL: all but the retired) by location, room
 * and id, an audited read (equipment.read, record "asset:N" for one,
 * else "equipment"). MO_ENOTFOUND when f names an id that does not
 * exist; a non-zero return of cb stops and is returned. */
int mo_equip_list(mo_practice *p, const char *actor, const mo_equip_filter *f,
		  mo_equip_asset_cb cb, void *ud, mo_err *e);

/* A schedule with where it stands; strings valid during the callback. */
typedef struct mo_equip_sched {
	int64_t id, asset;
	const char *asset_name, *location, *room; /* room may be NULL */
	const char *serial;    /* the asset's, or NULL */
	const char *what;
	int32_t every_days, every_hours; /* one of them is 0 */
	int32_t first_due;
	bool blocking;
	const char *assignee;  /* or NULL */
	bool has_range;
	int64_t low, high;
	int64_t last_us;       /* the latest record's time; 0: none yet */
	bool last_passed;      /* whether it passed (false when none) */
	int32_t next_due;      /* the day it is next due */
	int64_t next_us;       /* the instant, for a schedule in hours (its
				* latest check passed); else 0 */
	bool overdue;          /* past due now */
	int64_t task;          /* its open task from the sweep, or 0 */
} mo_equip_sched;

typedef int (*mo_equip_sched_cb)(void *ud, const mo_equip_sched *s);

/* The schedules in force (of asset; 0: of every asset not retired) next
 * due on or before through (0: whenever), soonest due first, an audited
 * read (equipment.read) as actor; with actor NULL a plain read, for
 * policies (the operation that runs them holds the audit entry).
 * MO_ENOTFOUND when asset does not exist. */
int mo_equip_schedules(mo_practice *p, const char *actor, int64_t asset,
		       int32_t through, mo_equip_sched_cb cb, void *ud,
		       mo_err *e);

/* A service record; strings valid during the callback. */
typedef struct mo_equip_record {
	int64_t id, asset, schedule;   /* schedule 0: none */
	const char *asset_name, *what;
	bool passed;
	bool has_reading;
	int64_t reading;
	int64_t done_us;
	const char *done_by, *vendor, *note; /* vendor, note may be NULL */
	int64_t recorded_us;
	const char *recorded_by;
} mo_equip_record;

typedef int (*mo_equip_record_cb)(void *ud, const mo_equip_record *r);

/* The service records of asset (0: of all) done from from_day to to_day
 * (local days; 0: no bound), newest first, an audited read
 * (equipment.read). */
int mo_equip_history(mo_practice *p, const char *actor, int64_t asset,
		     int32_t from_day, int32_t to_day, mo_equip_record_cb cb,
		     void *ud, mo_err *e);

/* A building problem to report (strings borrowed). Checks:
 *   what: 1..500 characters;
 *   location: a location of practice.yaml (NULL: the asset's); room:
 *     NULL or one of its rooms (NULL with an asset: the asset's);
 *   asset: 0 or an asset (at that location);
 *   priority: "low", "normal" (NULL) or "urgent";
 *   due: the day to fix it by, not before today (0: today when urgent,
 *     in 7 days when normal, in 30 when low);
 *   assignee: NULL or a staff id. */
typedef struct mo_equip_issue_new {
	const char *what, *location, *room;
	int64_t asset;
	const char *priority;
	int32_t due;
	const char *assignee;
} mo_equip_issue_new;

/* Reports an issue as actor (facility.report, with the facts what,
 * location, room, asset, priority, due and assignee). *id optional. */
int mo_equip_report(mo_practice *p, const char *actor,
		    const mo_equip_issue_new *in, int64_t *id, mo_err *e);

/* Assigns open issue id to staff as actor (facility.assign, with the
 * facts issue, priority and assignee). MO_ENOTFOUND for no such issue;
 * MO_EINVAL when it is resolved. */
int mo_equip_assign(mo_practice *p, const char *actor, int64_t id,
		    const char *staff, mo_err *e);

/* Resolves open issue id as actor with a note of what was done (1..500
 * characters) (facility.resolve, with the facts issue, priority and
 * note). MO_ENOTFOUND for no such issue; MO_EINVAL when it is resolved
 * already (saying by whom and when). */
int mo_equip_resolve(mo_practice *p, const char *actor, int64_t id,
		     const char *note, mo_err *e);

/* An issue; strings valid during the callback. */
typedef struct mo_equip_issue {
	int64_t id;
	const char *what, *location, *room; /* room may be NULL */
	int64_t asset;                      /* 0: none */
	const char *priority, *status;      /* "open" or "resolved" */
	int32_t due;
	const char *reported_by;
	int64_t reported_us;
	const char *assignee;               /* or NULL */
	const char *resolution, *resolved_by; /* NULL while open */
	int64_t resolved_us;
} mo_equip_issue;

typedef int (*mo_equip_issue_cb)(void *ud, const mo_equip_issue *is);

/* The open issues (all with every true), the open ones first, soonest
 * due first, an audited read (equipment.read). */
int mo_equip_issues(mo_practice *p, const char *actor, bool every,
		    mo_equip_issue_cb cb, void *ud, mo_err *e);

/* The area's due source (due.h), source "equipment": each schedule in
 * force of an asset not retired due on or before through ("Spore test of
 * Autoclave (supply, serial 2540-118): overdue since 2026-10-23", for
 * the schedule's assignee, action equipment.service, record "asset:N"),
 * and each open facility issue due by then ("Building problem (urgent):
 * ...", for its assignee, action facility.resolve, record "issue:N").
 * Reads only. */
int mo_equip_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		 mo_err *e);

#endif
