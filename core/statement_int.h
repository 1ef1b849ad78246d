/* statement_int.h: what statement.c (the runs and holds) shares with
 * statement_read.c (lists and reprints); an internal header of the
 * statement module, nothing else includes it. A draft is one statement
 * being filled: its public view (s) points into the draft's own buffers
 * and arrays, which are reused from one statement to the next. It uses
 * statement.h and SQLite. */
#ifndef MO_STATEMENT_INT_H
#define MO_STATEMENT_INT_H

#include <sqlite3.h>

#include "statement.h"

typedef struct mo_stmt_draft {
	mo_statement s;
	char patient_name[208], to_name[208], created_by[68];
	char addr[5][104]; /* line1, line2, city, state, zip */
	mo_stmt_line *lines;
	size_t lcap;
	mo_stmt_credit *credits;
	size_t ccap;
} mo_stmt_draft;

/* Zeroes d and points its practice fields at c's (borrowed). */
void mo_stmt_draft_init(mo_stmt_draft *d, const mo_config *c);
/* Frees d's arrays (not d). */
void mo_stmt_draft_free(mo_stmt_draft *d);

/* Copies column i of st into buf (size bytes); NULL for SQL NULL, else
 * buf. */
const char *mo_stmt_copy(char *buf, size_t size, sqlite3_stmt *st, int i);
/* Sets d->s's address (line1..zip) from columns first..first+4 of st. */
void mo_stmt_set_address(mo_stmt_draft *d, sqlite3_stmt *st, int first);

/* Appends to d's lines or credits; 0 or MO_ENOMEM. */
int mo_stmt_add_line(mo_stmt_draft *d, const mo_stmt_line *l);
int mo_stmt_add_credit(mo_stmt_draft *d, int32_t day, const char *kind,
		       int64_t amount);

/* Runs sql (a static string, cached) with the n integers of args bound
 * in order, passing each row to add (non-zero: out of memory). */
int mo_stmt_rows(mo_db *db, const char *sql, const int64_t *args, int n,
		 mo_stmt_draft *d, int (*add)(mo_stmt_draft *, sqlite3_stmt *),
		 mo_err *e);

#endif
