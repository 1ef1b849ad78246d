/* db.h: the practice database (SQLite). It provides opening or creating a
 * database file (WAL, foreign keys on, busy timeout), the versioned schema
 * migrations embedded in the binary and applied in one transaction on
 * open, refusal of files that are not medoffice databases or are newer
 * than this binary, nestable transactions (SAVEPOINTs) that roll back on
 * any error, the online backup, PRAGMA quick_check, and a small prepared
 * statement helper. It uses SQLite only. */
#ifndef MO_DB_H
#define MO_DB_H

#include <sqlite3.h>

#include "mo.h"

typedef struct mo_db mo_db;

enum {
	MO_DB_CREATE = 1 << 0,   /* create the file if missing */
	MO_DB_READONLY = 1 << 1, /* open read-only; no migrations are applied */
};

/* SQLite's application_id of a medoffice database ("MOFF"). */
#define MO_DB_APPLICATION_ID 0x4D4F4646
/* Highest schema version this binary knows. */
int mo_db_schema_latest(void);

/* Opens path (":memory:" for a private in-memory database). A new or older
 * database is migrated to the latest schema in one transaction. Caller
 * closes with mo_db_close(). Errors: MO_EIO (cannot open), MO_ENOTOURS,
 * MO_ENEWER, MO_EDB. */
int mo_db_open(const char *path, int flags, mo_db **out, mo_err *e);
void mo_db_close(mo_db *db);

/* The SQLite handle, for core modules; owned by db. */
sqlite3 *mo_db_sqlite(mo_db *db);
/* The schema version of the open database. */
int mo_db_schema_version(mo_db *db);

/* Transactions nest: the outermost is BEGIN IMMEDIATE, inner ones are
 * SAVEPOINTs. mo_db_rollback() undoes the innermost level only; after a
 * failed mo_db_commit() the level is still open and the caller rolls it
 * back. */
int mo_db_begin(mo_db *db, mo_err *e);
int mo_db_commit(mo_db *db, mo_err *e);
void mo_db_rollback(mo_db *db);
/* Rolls back every open level (after an interrupt or a Lua error). */
void mo_db_rollback_all(mo_db *db);
int mo_db_tx_depth(const mo_db *db);
/* How many levels have been rolled back since the database was opened: a
 * cache of rows (practice.c's terminations) is stale once it changes. */
uint64_t mo_db_rollbacks(const mo_db *db);
/* The number of the open outermost transaction, counted from 1 since the
 * database was opened (0 when none is open): state kept for one
 * transaction is stale once it changes. */
uint64_t mo_db_tx_serial(const mo_db *db);
/* A module's state for the open transaction, kept by db: the audit log
 * keeps the head of its chain here and writes it once, when the outermost
 * level commits, rather than once per entry. Returns the state (size
 * bytes, zeroed the first time; owned by db and freed by mo_db_close), or
 * NULL when out of memory, and registers fn to run just before each
 * outermost COMMIT: its failure fails the commit (the level stays open
 * and the caller rolls it back). One module per database uses this. */
typedef int (*mo_db_on_commit)(mo_db *db, void *state, mo_err *e);
void *mo_db_tx_state(mo_db *db, size_t size, mo_db_on_commit fn);

/* Runs SQL without results. */
int mo_db_exec(mo_db *db, const char *sql, mo_err *e);
/* Prepares sql; caller finalizes with sqlite3_finalize(). */
int mo_db_prepare(mo_db *db, const char *sql, sqlite3_stmt **st, mo_err *e);
/* A cached prepared statement for sql, which must be a string with static
 * storage (the cache is keyed by its address). The statement is reset and
 * its bindings cleared; it is owned by db: do not finalize it. */
int mo_db_stmt(mo_db *db, const char *sql, sqlite3_stmt **st, mo_err *e);
/* Column i of the row st is on, as text (NULL for NULL; valid until the
 * statement steps or resets). */
const char *mo_db_text(sqlite3_stmt *st, int i);
/* Binds s (static storage for the statement's use) at i, or NULL when s
 * is NULL. */
void mo_db_bind_opt(sqlite3_stmt *st, int i, const char *s);
/* Binds v at i, or NULL when v is 0. */
void mo_db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v);
/* Fills e from the connection's last SQLite error; returns MO_EDB. */
int mo_db_fail(mo_db *db, const char *what, mo_err *e);

/* Copies the database to dest with the online backup API. dest must not
 * exist; the copy is written beside it and renamed into place. */
int mo_db_backup(mo_db *db, const char *dest, mo_err *e);
/* Runs PRAGMA quick_check; *report (caller frees) is "ok" or the problems;
 * returns MO_ECORRUPT when not ok. */
int mo_db_quick_check(mo_db *db, char **report, mo_err *e);

/* Asks a running statement to stop (safe from a signal handler). */
void mo_db_interrupt(mo_db *db);

#endif
