/* db.c: the practice database (see db.h). It provides open with checks and
 * migrations, nestable transactions, backup and quick_check. It uses
 * SQLite and schema.c. */
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

/* The statement cache: open addressing on the SQL text's address (a
 * power of two, kept at most half full). */
#define STMT_CACHE 512

struct mo_db {
	sqlite3 *sq;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
	int ncache;
	int depth;     /* open transaction levels */
	uint64_t rollbacks; /* levels rolled back so far (mo_db_rollbacks) */
	uint64_t txs;  /* outermost transactions begun (mo_db_tx_serial) */
	void *tx_state; /* mo_db_tx_state's, with its commit hook */
	mo_db_on_commit on_commit;
	int version;   /* schema version after open */
	bool readonly;
};

int mo_db_schema_latest(void)
{
	return mo_schema_count;
}

sqlite3 *mo_db_sqlite(mo_db *db)
{
	return db->sq;
}

int mo_db_schema_version(mo_db *db)
{
	return db->version;
}

int mo_db_tx_depth(const mo_db *db)
{
	return db->depth;
}

int mo_db_fail(mo_db *db, const char *what, mo_err *e)
{
	return mo_err_set(e, MO_EDB, "%s: %s", what, sqlite3_errmsg(db->sq));
}

int mo_db_exec(mo_db *db, const char *sql, mo_err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sq, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	rc = rc == SQLITE_INTERRUPT ? MO_EINTR : MO_EDB;
	mo_err_set(e, rc, "database: %s", msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

int mo_db_prepare(mo_db *db, const char *sql, sqlite3_stmt **st, mo_err *e)
{
	if (sqlite3_prepare_v2(db->sq, sql, -1, st, NULL) != SQLITE_OK)
		return mo_db_fail(db, "prepare", e);
	return 0;
}

static size_t cache_slot(const mo_db *db, const char *sql)
{
	size_t i = ((uintptr_t)sql >> 3) & (STMT_CACHE - 1);
	while (db->cache[i].sql && db->cache[i].sql != sql)
		i = (i + 1) & (STMT_CACHE - 1);
	return i;
}

const char *mo_db_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

void mo_db_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

void mo_db_bind_opt_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int mo_db_stmt(mo_db *db, const char *sql, sqlite3_stmt **st, mo_err *e)
{
	size_t i = cache_slot(db, sql);
	int rc;
	if (db->cache[i].sql) {
		*st = db->cache[i].st;
		sqlite3_reset(*st);
		sqlite3_clear_bindings(*st);
		return 0;
	}
	if (mo_fails_assert(db->ncache < STMT_CACHE / 2))
		return mo_err_set(e, MO_EDB, "statement cache full");
	if ((rc = mo_db_prepare(db, sql, st, e)))
		return rc;
	db->cache[i].sql = sql;
	db->cache[i].st = *st;
	db->ncache++;
	return 0;
}

/* Reads one integer PRAGMA; MO_ENOTOURS when the file is not SQLite. */
static int pragma_int(mo_db *db, const char *sql, int *out, mo_err *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = 0;
	} else if (rc == SQLITE_NOTADB) {
		rc = mo_err_set(e, MO_ENOTOURS, "not an SQLite database");
	} else {
		rc = mo_db_fail(db, sql, e);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Whether the database holds no schema objects at all. */
static int is_empty(mo_db *db, bool *empty, mo_err *e)
{
	int n = 0;
	int rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &n, e);
	*empty = n == 0;
	return rc;
}

/* Refuses foreign and newer files; sets db->version. */
static int check_identity(mo_db *db, mo_err *e)
{
	int app = 0;
	bool empty = false;
	int rc = pragma_int(db, "PRAGMA application_id", &app, e);
	if (!rc)
		rc = pragma_int(db, "PRAGMA user_version", &db->version, e);
	if (!rc)
		rc = is_empty(db, &empty, e);
	if (rc)
		return rc;
	if (app != MO_DB_APPLICATION_ID && !(app == 0 && empty))
		return mo_err_set(e, MO_ENOTOURS,
				  "not a medoffice database (it holds other "
				  "data; application_id %d)", app);
	if (db->version > mo_schema_count)
		return mo_err_set(e, MO_ENEWER,
				  "database schema version %d is newer than "
				  "this medoffice %s (knows up to %d); "
				  "upgrade medoffice", db->version, MO_VERSION,
				  mo_schema_count);
	return 0;
}

/* Applies the missing migrations in one transaction. */
static int migrate(mo_db *db, mo_err *e)
{
	char sql[96];
	int rc;
	if (db->version == mo_schema_count)
		return 0;
	if (db->readonly)
		return mo_err_set(e, MO_EINVAL, "database schema version %d "
				  "needs upgrading to %d; open it read-write",
				  db->version, mo_schema_count);
	if ((rc = mo_db_exec(db, "BEGIN IMMEDIATE", e)))
		return rc;
	for (int v = db->version; v < mo_schema_count; v++)
		if ((rc = mo_db_exec(db, mo_schema_migrations[v], e)))
			goto fail;
	snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA "
		 "user_version=%d", MO_DB_APPLICATION_ID, mo_schema_count);
	if ((rc = mo_db_exec(db, sql, e)) || (rc = mo_db_exec(db, "COMMIT", e)))
		goto fail;
	db->version = mo_schema_count;
	return 0;
fail:
	mo_err_prefix(e, "migrating to schema version %d: ", mo_schema_count);
	sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int configure(mo_db *db, bool memory, mo_err *e)
{
	int rc;
	sqlite3_busy_timeout(db->sq, 5000);
	sqlite3_extended_result_codes(db->sq, 1);
	/* 32 MB of page cache: a busy day's appointments, audit and decision
	 * log pages stay in memory instead of being read back each write.
	 * Temporary storage in memory: every operation is a savepoint, whose
	 * sub-journal would otherwise be written to a temporary file. */
	rc = mo_db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; "
			"PRAGMA temp_store=MEMORY", e);
	if (!rc && !memory && !db->readonly)
		rc = mo_db_exec(db, "PRAGMA journal_mode=WAL; "
				"PRAGMA synchronous=NORMAL", e);
	return rc;
}

/* SQLite's process-wide settings, before its first use: no memory
 * statistics, whose bookkeeping takes a global mutex around every
 * allocation (medoffice reads none of them). Too late (SQLite already in
 * use in the process) is harmless: the default stays. */
static void configure_sqlite(void)
{
	static bool done;
	if (!done)
		(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	done = true;
}

static int open_file(const char *path, int flags, sqlite3 **sq, mo_err *e)
{
	int f = flags & MO_DB_READONLY ? SQLITE_OPEN_READONLY
				       : SQLITE_OPEN_READWRITE;
	struct stat sb;
	bool memory = strcmp(path, ":memory:") == 0;
	configure_sqlite();
	if (!memory && !(flags & MO_DB_CREATE) && stat(path, &sb) != 0)
		return mo_err_set(e, MO_EIO, "%s", strerror(errno));
	if (flags & MO_DB_CREATE)
		f |= SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(path, sq, f | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		return mo_err_set(e, MO_EIO, "%s",
				  *sq ? sqlite3_errmsg(*sq) : "out of memory");
	return 0;
}

int mo_db_open(const char *path, int flags, mo_db **out, mo_err *e)
{
	mo_db *db = calloc(1, sizeof *db);
	int rc;
	*out = NULL;
	if (!db)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	db->readonly = flags & MO_DB_READONLY;
	if ((rc = open_file(path, flags, &db->sq, e)))
		goto fail;
	if ((rc = check_identity(db, e)) ||
	    (rc = configure(db, strcmp(path, ":memory:") == 0, e)) ||
	    (rc = migrate(db, e)))
		goto fail;
	*out = db;
	return 0;
fail:
	mo_err_prefix(e, "%s: ", path);
	mo_db_close(db);
	return rc;
}

void mo_db_close(mo_db *db)
{
	if (!db)
		return;
	mo_db_rollback_all(db);
	for (int i = 0; i < STMT_CACHE; i++)
		if (db->cache[i].sql)
			sqlite3_finalize(db->cache[i].st);
	sqlite3_close_v2(db->sq);
	free(db->tx_state);
	free(db);
}

/* Transaction statements, prepared once (mo_db_stmt). Savepoints all
 * share one name: SQLite releases or rolls back to the most recent one of
 * that name, which is the innermost level. */
static const char SQL_BEGIN[] = "BEGIN IMMEDIATE";
static const char SQL_COMMIT[] = "COMMIT";
static const char SQL_ROLLBACK[] = "ROLLBACK";
static const char SQL_SAVEPOINT[] = "SAVEPOINT mo";
static const char SQL_RELEASE[] = "RELEASE mo";
static const char SQL_ROLLBACK_TO[] = "ROLLBACK TO mo";

static int step_once(mo_db *db, const char *sql, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, sql, &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, sql, e);
	sqlite3_reset(st);
	return rc;
}

int mo_db_begin(mo_db *db, mo_err *e)
{
	int rc = step_once(db, db->depth == 0 ? SQL_BEGIN : SQL_SAVEPOINT, e);
	if (rc)
		return rc;
	if (db->depth++ == 0)
		db->txs++;
	return 0;
}

uint64_t mo_db_tx_serial(const mo_db *db)
{
	return db->depth > 0 ? db->txs : 0;
}

void *mo_db_tx_state(mo_db *db, size_t size, mo_db_on_commit fn)
{
	if (!db->tx_state && (db->tx_state = calloc(1, size)))
		db->on_commit = fn;
	return db->tx_state;
}

int mo_db_commit(mo_db *db, mo_err *e)
{
	int rc;
	if (mo_fails_assert(db->depth > 0))
		return mo_err_set(e, MO_EINVAL, "commit without a transaction");
	if (db->depth == 1 && db->on_commit &&
	    (rc = db->on_commit(db, db->tx_state, e)))
		return rc; /* the caller rolls back */
	if ((rc = step_once(db, db->depth == 1 ? SQL_COMMIT : SQL_RELEASE, e)))
		return rc;
	db->depth--;
	return 0;
}

void mo_db_rollback(mo_db *db)
{
	if (db->depth == 0)
		return;
	if (db->depth == 1) {
		step_once(db, SQL_ROLLBACK, NULL);
	} else if (step_once(db, SQL_ROLLBACK_TO, NULL) == 0) {
		step_once(db, SQL_RELEASE, NULL);
	}
	db->depth--;
	db->rollbacks++;
	/* SQLite may have rolled back the whole transaction by itself. */
	if (sqlite3_get_autocommit(db->sq))
		db->depth = 0;
}

uint64_t mo_db_rollbacks(const mo_db *db)
{
	return db->rollbacks;
}

void mo_db_rollback_all(mo_db *db)
{
	while (db->depth > 0)
		mo_db_rollback(db);
}

void mo_db_interrupt(mo_db *db)
{
	if (db)
		sqlite3_interrupt(db->sq);
}

/* Copies every page of db into the open database to. */
static int copy_pages(mo_db *db, sqlite3 *to, mo_err *e)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", db->sq, "main");
	int rc;
	if (!b)
		return mo_err_set(e, MO_EDB, "backup: %s", sqlite3_errmsg(to));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return mo_err_set(e, MO_EDB, "backup: %s", sqlite3_errstr(rc));
	return 0;
}

int mo_db_backup(mo_db *db, const char *dest, mo_err *e)
{
	char *tmp = mo_sprintf("%s.tmp-%ld", dest, (long)getpid());
	sqlite3 *to = NULL;
	struct stat sb;
	int rc = 0;
	if (!tmp)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (stat(dest, &sb) == 0) {
		rc = mo_err_set(e, MO_EEXIST, "%s exists already; choose "
				"another file name", dest);
		goto out;
	}
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = mo_err_set(e, MO_EIO, "%s: %s", dest,
				to ? sqlite3_errmsg(to) : "out of memory");
		goto out;
	}
	if ((rc = copy_pages(db, to, e)))
		goto out;
	sqlite3_close(to);
	to = NULL;
	if (rename(tmp, dest) != 0)
		rc = mo_err_set(e, MO_EIO, "%s: %s", dest, strerror(errno));
out:
	if (to)
		sqlite3_close(to);
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int mo_db_quick_check(mo_db *db, char **report, mo_err *e)
{
	sqlite3_stmt *st = NULL;
	size_t len = 0;
	char *buf = NULL;
	int rc = mo_db_prepare(db, "PRAGMA quick_check", &st, e);
	*report = NULL;
	while (!rc && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		size_t n = strlen(line ? line : "");
		char *nb = realloc(buf, len + n + 2);
		if (!nb) {
			rc = mo_err_set(e, MO_ENOMEM, "out of memory");
			goto out;
		}
		buf = nb;
		memcpy(buf + len, line ? line : "", n);
		len += n;
		buf[len++] = '\n';
		buf[len] = '\0';
		rc = 0;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc > 0)
		rc = mo_db_fail(db, "quick_check", e);
out:
	sqlite3_finalize(st);
	if (!rc && buf && strcmp(buf, "ok\n") != 0)
		rc = mo_err_set(e, MO_ECORRUPT, "quick_check found problems");
	*report = buf;
	return rc;
}
