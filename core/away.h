/* away.h: staff out of office (paid time off, training, sick days), as
 * whole days, with the colleague who stands in for them. Approvals use it
 * for delegation: while an approver is away, their delegate (or, when
 * none is named, their supervisor) may approve on their behalf. Marking
 * someone away is the operation "staff.away" and cancelling it
 * "staff.return", each checked and audited (practice.h); an approved
 * "pto" request runs staff.away as its guarded action. Days are days
 * since 1970-01-01 (units.h). It uses practice.h. */
#ifndef MO_AWAY_H
#define MO_AWAY_H

#include "practice.h"

/* The longest absence one entry may record. */
#define MO_AWAY_MAX_DAYS 366

typedef struct mo_away {
	int64_t id;
	const char *staff;
	int32_t first_day, last_day; /* inclusive */
	const char *delegate;        /* NULL: the supervisor stands in */
	const char *reason;          /* "" when none */
	int64_t request;             /* the approved request, 0 = none */
	const char *created_by;
	bool cancelled;
} mo_away;

typedef struct mo_away_new {
	const char *staff;    /* an active staff id */
	int32_t first_day, last_day;
	const char *delegate; /* optional active staff id, not staff */
	const char *reason;   /* optional, up to 200 characters */
	int64_t request;      /* 0, or the request that approved it */
} mo_away_new;

/* Checks in without touching the database: staff and delegate are
 * active staff members, the days are in order and at most
 * MO_AWAY_MAX_DAYS apart. */
int mo_away_check(const mo_config *c, const mo_away_new *in, mo_err *e);

/* Records an absence as actor; an absence of the same person that
 * overlaps it is MO_EEXIST. *id (optional) receives its id. */
int mo_away_add(mo_practice *p, const char *actor, const mo_away_new *in,
		int64_t *id, mo_err *e);
/* Cancels an absence (the person is back, or the plan changed). */
int mo_away_cancel(mo_practice *p, const char *actor, int64_t id, mo_err *e);

/* Strings in a are valid during the call only; non-zero stops. */
typedef int (*mo_away_cb)(void *ud, const mo_away *a);

/* The absences that are not cancelled and touch [first_day, last_day],
 * by first day. */
int mo_away_list(mo_practice *p, int32_t first_day, int32_t last_day,
		 mo_away_cb cb, void *ud, mo_err *e);

/* Whether staff is away on day; when away, delegate (65 bytes) receives
 * the delegate's id or "" when the supervisor stands in. */
int mo_away_on(mo_practice *p, const char *staff, int32_t day, bool *away,
	       char delegate[65], mo_err *e);

#endif
