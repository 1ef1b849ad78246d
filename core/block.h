/* block.h: blocks in a provider's schedule: time the provider is not
 * bookable (lunch, meetings, speaking engagements, hospital rounds,
 * vacation, training, admin). A block is a span of local time of day in
 * the practice's zone (practice.timezone), on the days of a recurrence
 * rule (recur.h) with its exceptions, at one location or at all of them.
 * Changes are operations (practice.h) under the action "schedule.block",
 * with the fact op = "add", "update", "except" or "cancel".
 *
 * The scheduler's question is mo_block_busy: the occurrences that overlap
 * a window of UTC instants. A local time in the spring-forward gap moves
 * forward by the gap (a 02:30 block starts at 03:30), and a time in the
 * fall-back overlap is the first of the two (tz.h, MO_TZ_SHIFT).
 *
 * uid makes imports idempotent: adding a block whose uid is already
 * taken by a current block with the same content (every field of
 * mo_block_new, exceptions included) changes nothing, writes nothing and
 * returns the existing id; with different content it updates that block
 * in place (op = "update", audited) and returns its id. A uid of a
 * cancelled block is MO_EEXIST: a block cancelled by hand is not brought
 * back by an import. It uses practice.h, recur.h and tz.h. */
#ifndef MO_BLOCK_H
#define MO_BLOCK_H

#include "practice.h"
#include "recur.h"

#define MO_BLOCK_DAY 86400 /* end_sec of a block that lasts to midnight */
#define MO_BLOCK_BUSY_MAX_DAYS 1830 /* the longest window of mo_block_busy */

/* The kinds, NULL-terminated: lunch, meeting, speaking, hospital,
 * vacation, training, admin, other. */
extern const char *const mo_block_kinds[];

typedef struct mo_block_new {
	const char *provider; /* a provider's staff id (practice.yaml) */
	const char *location; /* a location id, or NULL for every location */
	const char *kind;     /* one of mo_block_kinds */
	const char *title;    /* 1..200 characters */
	int32_t start_sec;    /* local second of the day, 0..86399 */
	int32_t end_sec;      /* after start_sec, up to 86400 (midnight) */
	mo_recur rule;        /* first_day, recurrence and exceptions; each
			       * exception must be a day of the rule */
	const char *uid;      /* optional, 1..200 characters, unique */
} mo_block_new;

/* A stored block. Strings and rule.except are valid during the callback
 * only. The rule is normalized (interval >= 1, weekly weekdays set). */
typedef struct mo_block {
	int64_t id;
	const char *provider, *location, *kind, *title, *uid; /* NULL: none */
	int32_t start_sec, end_sec;
	mo_recur rule;
	int32_t last_day;  /* the day of the last occurrence */
	const char *created_by, *cancelled_by; /* cancelled_by NULL: current */
	int64_t created_us, cancelled_us;      /* 0: current */
} mo_block;

/* One occurrence, as UTC instants. Strings are valid during the callback
 * only. */
typedef struct mo_busy {
	int64_t block;
	const char *kind, *title;
	const char *location; /* NULL: every location */
	int32_t day;          /* the local day of the occurrence */
	int64_t start_us, end_us;
} mo_busy;

/* A non-zero return stops the listing and is returned. */
typedef int (*mo_block_cb)(void *ud, const mo_block *b);
typedef int (*mo_busy_cb)(void *ud, const mo_busy *b);

/* Checks a new block against c without the database (messages start with
 * "block: " and name the field). */
int mo_block_check(const mo_config *c, const mo_block_new *in, mo_err *e);

/* Adds a block as actor (or, by uid, finds or updates one: see above);
 * *id (optional) receives its id. */
int mo_block_add(mo_practice *p, const char *actor, const mo_block_new *in,
		 int64_t *id, mo_err *e);

/* Removes one occurrence (day, a local day) of a current block.
 * MO_ENOTFOUND for an unknown id, MO_EINVAL when the block is cancelled
 * or day is not one of its days, MO_EEXIST when it is an exception
 * already. */
int mo_block_except(mo_practice *p, const char *actor, int64_t id,
		    int32_t day, mo_err *e);

/* Cancels a current block. MO_ENOTFOUND for an unknown id, MO_EINVAL when
 * it is cancelled already. */
int mo_block_cancel(mo_practice *p, const char *actor, int64_t id,
		    mo_err *e);

/* The block with id (current or cancelled); MO_ENOTFOUND when none. */
int mo_block_get(mo_practice *p, int64_t id, mo_block_cb cb, void *ud,
		 mo_err *e);

/* Current blocks of provider (NULL: of every provider), by provider,
 * first day, start and id. cb must not call other mo_block functions. */
int mo_block_list(mo_practice *p, const char *provider, mo_block_cb cb,
		  void *ud, mo_err *e);

/* Calls cb, in order of start (then end, then block id), for each
 * occurrence of provider's current blocks that overlaps [from_us, to_us):
 * with location set, blocks at that location and blocks at every
 * location; with NULL, all of them. The window is at most
 * MO_BLOCK_BUSY_MAX_DAYS long. The blocks are read once (two indexed
 * queries) and the occurrences computed before the first callback, so
 * cb may call anything. */
int mo_block_busy(mo_practice *p, const char *provider, const char *location,
		  int64_t from_us, int64_t to_us, mo_busy_cb cb, void *ud,
		  mo_err *e);

#endif
