/* hours.h: extra hours: a session a provider works on one day beyond
 * their weekly hours of practice.yaml (a Saturday clinic, a late evening
 * before a holiday), at a location, optionally for some visit types only.
 * Blocks (block.h) take time out of the hours; extra hours add to them.
 * Booking, the slot search and the staffing report (shift.h) treat them
 * as hours. Adding and cancelling are the operation schedule.hours. Days
 * and times are local (days since 1970-01-01, seconds of the day). It
 * uses practice.h. */
#ifndef MO_HOURS_H
#define MO_HOURS_H

#include "practice.h"

#define MO_HOURS_MAX_TYPES 16

typedef struct mo_hours_new {
	const char *provider, *location;
	int32_t day, start_sec, end_sec;          /* end up to 86400 */
	const char *const *visit_types;           /* none: all */
	size_t nvisit_types;
} mo_hours_new;

typedef struct mo_hours {
	int64_t id;
	const char *provider, *location;
	int32_t day, start_sec, end_sec;
	const char *visit_types; /* "a,b" or NULL for all */
} mo_hours;

/* Adds extra hours as actor: a provider and a location of practice.yaml,
 * visit types the provider sees, not overlapping other extra hours of the
 * provider that day (MO_EEXIST). */
int mo_hours_add(mo_practice *p, const char *actor, const mo_hours_new *in,
		 int64_t *id, mo_err *e);
int mo_hours_cancel(mo_practice *p, const char *actor, int64_t id,
		    mo_err *e);

typedef int (*mo_hours_cb)(void *ud, const mo_hours *h);

/* The extra hours of day (of provider, or everyone's), by start. */
int mo_hours_on(mo_practice *p, int32_t day, const char *provider,
		mo_hours_cb cb, void *ud, mo_err *e);

/* Whether visit type vt may be booked in hours h. */
bool mo_hours_allow(const mo_hours *h, const char *vt);

#endif
