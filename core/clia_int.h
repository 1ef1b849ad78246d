/* clia_int.h: what the CLIA module's files share (clia.c: orders and
 * steps; clia_menu.c: the menu; clia_records.c: lots, QC, temperatures,
 * corrective actions, competencies; clia_list.c; clia_purge.c); an
 * internal header, nothing else includes it. It uses clia.h and SQLite. */
#ifndef MO_CLIA_INT_H
#define MO_CLIA_INT_H

#include <sqlite3.h>

#include "clia.h"

/* Whether the practice's certificate is in force today. */
bool mo_clia_certificate_current(mo_practice *p);

/* 0 when s has 1 to max characters, else MO_EINVAL naming what. */
int mo_clia_text_ok(const char *what, const char *s, size_t max, mo_err *e);

/* Steps a statement that returns no row and resets it. */
int mo_clia_step_done(mo_db *db, sqlite3_stmt *st, mo_err *e);

/* Ends op: commits with record when rc is 0, else aborts; returns rc or
 * the commit's result. */
int mo_clia_end_op(mo_op *op, int rc, const char *record, mo_err *e);

#endif
