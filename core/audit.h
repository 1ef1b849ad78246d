/* audit.h: the append-only audit log. Every later primitive writes an
 * entry for each change (and each read of patient data): who (staff id),
 * what action, which record, when, the policy decision that allowed it
 * and a JSON detail. Entries are chained: each holds the SHA-256 of the
 * previous entry's hash and its own fields, and the head (count and last
 * hash) is kept in the meta table (written once per transaction, when it
 * commits), so mo_audit_verify() detects an edit, a deletion, an insertion
 * or a truncation. Triggers refuse UPDATE and DELETE on the table. It uses
 * db.h, clock.h and sha.h. */
#ifndef MO_AUDIT_H
#define MO_AUDIT_H

#include "db.h"

typedef struct mo_audit_entry {
	int64_t id;           /* set by append */
	int64_t at_us;        /* UTC microseconds; 0 = now */
	const char *actor;    /* staff id, or "system" */
	const char *action;   /* "task.create" */
	const char *record;   /* "task:12", "patient:77", "practice" */
	const char *decision; /* "allowed by rule 'x' (file:line)" */
	const char *detail;   /* JSON object text; NULL = "{}" */
	const char *prev;     /* chain: previous hash (set by append/list) */
	const char *hash;     /* chain: this entry's hash (set by list) */
} mo_audit_entry;

/* Appends one entry. Inside the caller's open transaction it writes
 * there, and a failure leaves the caller to roll back (every caller's
 * operation does); without one it opens its own. *id (optional) receives
 * the entry id. */
int mo_audit_append(mo_db *db, const mo_audit_entry *in, int64_t *id,
		    mo_err *e);

/* The number of entries, as recorded with the chain's head (no scan),
 * counting those appended in the open transaction. */
int mo_audit_count(mo_db *db, int64_t *count, mo_err *e);

typedef struct mo_audit_report {
	int64_t count;     /* entries checked */
	char head[65];     /* hash of the last entry (64 zeros when empty) */
	int64_t bad_id;    /* first bad entry (count + 1 when entries are
			    * missing or added at the end); 0 = all good */
} mo_audit_report;

/* Recomputes the chain. Returns 0 when intact, MO_ECORRUPT (with the
 * first bad entry and what is wrong in e) when not. */
int mo_audit_verify(mo_db *db, mo_audit_report *r, mo_err *e);

typedef struct mo_audit_filter {
	const char *actor;   /* only this staff member, or NULL */
	const char *record;  /* only this record ("patient:77"), or NULL */
	int64_t since_us;    /* only entries at or after; 0 = all */
	int64_t limit;       /* at most this many, newest last; 0 = all */
} mo_audit_filter;

/* Calls cb for each matching entry in order; strings are valid during the
 * call only. A non-zero return from cb stops and is returned. */
typedef int (*mo_audit_cb)(void *ud, const mo_audit_entry *entry);
int mo_audit_list(mo_db *db, const mo_audit_filter *f, mo_audit_cb cb,
		  void *ud, mo_err *e);

#endif
