/* shift.h: staff shifts (who works where, when) and the staffing gaps
 * report. A shift is a staff member at a location on a local day from one
 * time to another (operation shift.assign). Sessions are the times a
 * location is open for patients: the providers' hours there that day
 * (practice.yaml availability), overlapping hours merged, holidays and
 * providers out left out. For each session the policies' rules for
 * staffing.check decide whether it is staffed, from the facts date,
 * location, start, end ("08:00"), providers (how many see patients) and,
 * per job of the staff, staff_JOB: how many of that job are on shift for
 * the whole session (staff_front_desk, staff_clinical_assistant...); a
 * denial is a gap, with the rule's reason. It uses practice.h, tz.h and
 * sched.h (weekdays). */
#ifndef MO_SHIFT_H
#define MO_SHIFT_H

#include "practice.h"

typedef struct mo_shift {
	int64_t id;
	const char *staff, *location;
	int32_t day, start_sec, end_sec; /* local */
} mo_shift;

/* Adds a shift as actor: staff and location from practice.yaml, 0 <=
 * start < end <= 86400 seconds, not overlapping another shift of the same
 * person that day (MO_EEXIST). */
int mo_shift_add(mo_practice *p, const char *actor, const char *staff,
		 const char *location, int32_t day, int32_t start_sec,
		 int32_t end_sec, int64_t *id, mo_err *e);

typedef int (*mo_shift_cb)(void *ud, const mo_shift *s);

/* The shifts of a day (at location, or everywhere), by start. */
int mo_shift_list(mo_practice *p, int32_t day, const char *location,
		  mo_shift_cb cb, void *ud, mo_err *e);

typedef struct mo_gap {
	int32_t day, start_sec, end_sec;
	const char *location;
	int providers;
	const char *reason, *rule;
} mo_gap;

typedef int (*mo_gap_cb)(void *ud, const mo_gap *g);

/* The sessions from from_day to to_day (at most 92 days) that the rules
 * find understaffed, in order. */
int mo_shift_gaps(mo_practice *p, const char *location, int32_t from_day,
		  int32_t to_day, mo_gap_cb cb, void *ud, mo_err *e);

#endif
