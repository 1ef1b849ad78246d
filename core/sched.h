/* sched.h: the appointment book. Appointments are booked for a patient
 * with a provider at a location for a visit type, from a UTC instant for
 * the visit type's duration, in a room of the visit type's room kind
 * (chosen free, or given). The core refuses, with a message saying why
 * and nothing written:
 *   - an unknown patient, provider, location, visit type or room, a
 *     merged patient, a visit type the provider does not see;
 *   - a time in the past, outside the provider's hours at that location
 *     (practice.yaml providers[].availability) or on a practice holiday,
 *     inside one of the provider's blocks (block.h) or while the provider
 *     is out;
 *   - a conflict: the provider's other appointment (unless double
 *     booking is asked for and the actor may do appointment.double_book,
 *     policies included), the patient's other appointment, or no free
 *     room of the kind.
 * Then the policies' rules for appointment.book decide (facts: patient,
 * provider, location, visit_type, new_patient, date, time, hour, weekday,
 * minutes, same_day). Appointments move through booked -> arrived ->
 * roomed -> seen -> checked_out, or end cancelled (with a reason) or
 * no_show; each change is an operation audited with the acting staff
 * member. mo_sched_find() searches free slots with the same checks (and
 * the rules) for first-available and all-available lists. Times are shown
 * in the practice's zone (tz.h). It uses practice.h, block.h, patient.h,
 * tz.h and units.h. */
#ifndef MO_SCHED_H
#define MO_SCHED_H

#include "practice.h"

/* Slots start on multiples of this many minutes after a session opens;
 * the slots offered for one provider do not overlap each other. */
#define MO_SCHED_STEP_MIN 5

typedef struct mo_appt_new {
	int64_t patient;
	const char *provider;   /* a provider's staff id */
	const char *location;   /* NULL: the provider's only location then */
	const char *visit_type;
	int64_t start_us;       /* UTC */
	const char *room;       /* NULL: a free room of the visit type's kind */
	bool double_book;       /* book over the provider's other appointment */
	const char *note;       /* optional */
} mo_appt_new;

typedef struct mo_appt {
	int64_t id, patient;
	const char *provider, *location, *room, *visit_type, *status;
	int64_t start_us, end_us;
	const char *reason, *note; /* NULL when none */
	bool double_booked, needs_call;
	const char *patient_name;  /* "Family, Given" (lists only, else NULL) */
	const char *phone;         /* mobile or home (lists only, else NULL) */
} mo_appt;

/* Books as actor; *id (optional) receives the appointment's id. */
int mo_sched_book(mo_practice *p, const char *actor, const mo_appt_new *in,
		  int64_t *id, mo_err *e);

/* An import books n appointments (from another system, a list): each
 * passes every check of a booking and the rules for appointment.book (a
 * denial refuses the import and is logged); they are written in chunks of
 * MO_SCHED_IMPORT_CHUNK, each one operation appointment.import audited
 * with the ids it booked (record "appointment:FIRST-LAST"). The first
 * appointment that fails stops the import and nothing of it is kept;
 * *failed (optional) receives its index and e says which and why. ids
 * (optional, n entries) receive the ids. */
#define MO_SCHED_IMPORT_CHUNK 1000
int mo_sched_import(mo_practice *p, const char *actor, const mo_appt_new *in,
		    size_t n, int64_t *ids, size_t *failed, mo_err *e);

/* Moves appointment id to start_us (and provider, NULL: the same), with
 * every check of booking; the room is chosen again. */
int mo_sched_move(mo_practice *p, const char *actor, int64_t id,
		  int64_t start_us, const char *provider, mo_err *e);

/* Cancels with a reason (required). */
int mo_sched_cancel(mo_practice *p, const char *actor, int64_t id,
		    const char *reason, mo_err *e);

/* Moves an appointment on: "arrived", "roomed", "seen", "checked_out" (in
 * that order; steps may be skipped forward, never back) or "no_show"
 * (only once it has started, and before arrival). Action
 * appointment.check_in, or appointment.no_show. */
int mo_sched_status(mo_practice *p, const char *actor, int64_t id,
		    const char *status, mo_err *e);

/* Strings in a are valid during the call only; non-zero stops. */
typedef int (*mo_appt_cb)(void *ud, const mo_appt *a);

/* Appointment id (an audited read: appointment.read). */
int mo_sched_get(mo_practice *p, const char *actor, int64_t id,
		 mo_appt_cb cb, void *ud, mo_err *e);

/* The day's schedule (local day of the practice's zone) of a provider or
 * a location (either may be NULL, not both), by start, with the patients'
 * names and phones: one audited read. Cancelled appointments are left
 * out unless all. */
int mo_sched_day(mo_practice *p, const char *actor, const char *provider,
		 const char *location, int32_t day, bool all, mo_appt_cb cb,
		 void *ud, mo_err *e);

/* Lists for the front desk, each one audited read: "reminders" (booked
 * appointments on day, to call the day before), "reschedule" (flagged
 * for a call after their provider went out). */
int mo_sched_list(mo_practice *p, const char *actor, const char *which,
		  int32_t day, mo_appt_cb cb, void *ud, mo_err *e);

/* ---- a provider out, and coverage ---- */

typedef struct mo_out_new {
	const char *provider;
	int64_t start_us, end_us; /* at most 31 days */
	const char *reason;       /* required, up to 200 characters */
	const char *covering;     /* NULL: the policies propose one, or none */
	bool flag_only;           /* flag every appointment for a call */
} mo_out_new;

typedef struct mo_out_result {
	int64_t id;          /* the provider_out row */
	char covering[65];   /* "" when nobody covers */
	size_t affected, moved, flagged;
} mo_out_result;

/* Proposes who covers provider during [start_us, end_us): among the other
 * providers, those the rules for provider.cover allow (facts: provider,
 * covering, date, start, end, affected), the one who can take the most
 * of the affected appointments (then practice.yaml order). covering gets
 * "" when nobody can. */
int mo_sched_propose(mo_practice *p, const char *actor, const char *provider,
		     int64_t start_us, int64_t end_us, char covering[65],
		     mo_err *e);

/* Marks provider out (operation provider.out): records it with the
 * covering provider (given, or proposed), moves each affected booked
 * appointment to the covering provider at the same time when every check
 * of a booking passes, and flags the others for a rescheduling call
 * (mo_sched_list "reschedule"), all in one transaction. cb (optional)
 * sees each affected appointment afterwards. */
int mo_sched_out(mo_practice *p, const char *actor, const mo_out_new *in,
		 mo_out_result *res, mo_appt_cb cb, void *ud, mo_err *e);

/* ---- finding time ---- */

typedef enum { MO_PART_ANY, MO_PART_MORNING, MO_PART_AFTERNOON } mo_part;

typedef struct mo_slot_query {
	const char *visit_type;
	const char *provider;   /* NULL: any provider who sees the visit type */
	const char *location;   /* NULL: any */
	int32_t from_day, to_day; /* local days, inclusive; at most 366 */
	mo_part part;           /* morning: starts before 12:00 */
	int64_t patient;        /* 0: none (rules see new_patient false) */
	size_t limit;           /* 1: first available; 0 means 50 */
} mo_slot_query;

typedef struct mo_slot {
	const char *provider, *location, *room;
	int64_t start_us, end_us;
} mo_slot;

typedef int (*mo_slot_cb)(void *ud, const mo_slot *s);

/* Free slots in time order (then provider order of practice.yaml), up to
 * limit; each passes the same checks as a booking, including the rules
 * for appointment.book as actor (a denied slot is left out). */
int mo_sched_find(mo_practice *p, const char *actor, const mo_slot_query *q,
		  mo_slot_cb cb, void *ud, mo_err *e);

/* The weekday (0 = Monday) of a day since 1970-01-01. */
int mo_sched_weekday(int32_t day);
/* The name of the practice holiday on day, or NULL. */
const char *mo_sched_holiday(const mo_config *c, int32_t day);

#endif
