/* payable_int.h: what payable.c, bank.c and budget.c share, not for other
 * modules (see payable.h): reading a text column, the error of a lookup
 * that found nothing, the check of a line of text and of an amount, a
 * statement stepped to its end, the audited read of the area, the
 * matching that an import and a reconcile run, and the bank's items of
 * the task list. It uses payable.h and SQLite through db.h. */
#ifndef MO_PAYABLE_INT_H
#define MO_PAYABLE_INT_H

#include "payable.h"

/* The error of a lookup of what id that found no row (rc SQLITE_DONE):
 * MO_ENOTFOUND "no WHAT ID"; else the database's error. */
int mo_ap_missing(mo_db *db, int rc, const char *what, int64_t id,
		  mo_err *e);

/* s is one line of 1..max characters (UTF-8 code points) with no
 * control characters; else MO_EINVAL "WHAT: expected one line of 1 to
 * MAX characters". */
int mo_ap_text_check(const char *what, const char *s, size_t max, mo_err *e);

/* amount is 0.01..MO_AP_MAX; else MO_EINVAL naming what. */
int mo_ap_amount_check(const char *what, int64_t amount, mo_err *e);

/* Steps st once expecting SQLITE_DONE (an insert or update), then resets
 * it; what names the table in an error. */
int mo_ap_step_done(mo_db *db, sqlite3_stmt *st, const char *what,
		    mo_err *e);

/* An audited read of the area: the operation payable.read with the fact
 * read (what is read) and the other facts, around fn(ctx) (see
 * mo_op_read). */
int mo_ap_read(mo_practice *p, const char *actor, const char *what,
	       const mo_fact *facts, size_t n, const char *record,
	       int (*fn)(void *ctx, mo_err *e), void *ctx, mo_err *e);

/* A list being walked inside an audited read: its filter (arg), the
 * caller's callback (cast back by each walker) and what it returned to
 * stop. */
typedef struct mo_ap_walk {
	mo_practice *p;
	const void *arg;
	void *cb;
	void *ud;
	int stop;
} mo_ap_walk;

/* Ends a walk over st: resets it; 0 when the callback stopped it or the
 * rows ran out (rc SQLITE_DONE), else the error naming what. */
int mo_ap_walked(mo_db *db, sqlite3_stmt *st, int rc, int stop,
		 const char *what, mo_err *e);

/* A statement line as read from the file (bank_csv.c). */
typedef struct mo_ap_parsed {
	int64_t row;       /* the line of the file its record starts on */
	int32_t day;
	int64_t amount;    /* > 0 in, < 0 out; never 0 */
	char *description; /* NULL: none */
	char *reference;   /* NULL: none */
} mo_ap_parsed;

typedef struct mo_ap_statement {
	mo_ap_parsed *lines;
	size_t n, cap;
} mo_ap_statement;

/* Reads the CSV text buf (len bytes) through map into out (empty on
 * entry; the caller frees it with mo_ap_statement_free, also after a
 * failure). today refuses lines dated after it. MO_EINVAL naming the
 * line and the column (see mo_ap_bank_import), MO_ENOMEM. */
int mo_ap_csv_read(const char *buf, size_t len, const mo_ap_map *map,
		   int32_t today, mo_ap_statement *out, mo_err *e);
void mo_ap_statement_free(mo_ap_statement *s);

/* Inside an operation: matches every unmatched statement line (of
 * import, or of every import when 0) that can be matched, as actor;
 * *matched receives how many were. */
int mo_ap_bank_automatch(mo_practice *p, const char *actor, int64_t import,
			 int64_t *matched, mo_err *e);

/* The bank's items of the task list (see mo_ap_due). */
int mo_ap_bank_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		   mo_err *e);

#endif
