/* bench_seed.c: the cost of `medoffice seed` against its floor.
 * 1. Seeds the practice in DIR (mo_seed_run, in process, as the system
 *    actor, through every primitive and policy it uses) with PATIENTS
 *    patients and DAYS days of history, and counts the rows it wrote
 *    (every table, audit log included).
 * 2. The floor, in the same run: the same writes done directly with
 *    SQLite. Every row of every table of the seeded file (read back in
 *    chunks that are not timed) is inserted with one prepared INSERT each
 *    into an empty file with the same schema (tables, indexes, triggers)
 *    and the pragmas the seed runs with (the engine's, foreign keys
 *    enforced, and the seed's WAL checkpoint interval, MO_SEED_CHECKPOINT)
 *    (a table its triggers fill is left to them; a table goes in after
 *    those its foreign keys name), in as many transactions as the seed
 *    used (one per day); appointments go in as booked, and those that
 *    were checked out, missed or cancelled then get that outcome with one
 *    UPDATE each, as the seed wrote them; then a last checkpoint that
 *    empties the WAL, as the seed ends with.
 * Prints rows per second of each and the ratio, the RESULT lines for the
 * summary and the peak memory after the seed (it keeps one day at a time)
 * and after the floor (which holds chunks of rows). Usage: bench_seed DIR DAYS PATIENTS. */
#include "bench.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "seed.h"

#define CHUNK 20000

static long count_rows(sqlite3 *db)
{
	sqlite3_stmt *tables, *n;
	long rows = 0;
	sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = "
			   "'table' AND name NOT LIKE 'sqlite_%'", -1, &tables,
			   NULL);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"",
			 (const char *)sqlite3_column_text(tables, 0));
		if (sqlite3_prepare_v2(db, sql, -1, &n, NULL) == SQLITE_OK &&
		    sqlite3_step(n) == SQLITE_ROW)
			rows += sqlite3_column_int64(n, 0);
		sqlite3_finalize(n);
	}
	sqlite3_finalize(tables);
	return rows;
}

/* An empty file at path with the schema of src and the engine's pragmas. */
static sqlite3 *same_schema(sqlite3 *src, const char *path)
{
	sqlite3 *dst;
	sqlite3_stmt *st;
	if (sqlite3_open(path, &dst) != SQLITE_OK)
		return NULL;
	char sql[200];
	snprintf(sql, sizeof sql, "PRAGMA journal_mode=WAL; PRAGMA synchronous="
		 "NORMAL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32768; "
		 "PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=%d",
		 MO_SEED_CHECKPOINT);
	sqlite3_exec(dst, sql, NULL, NULL, NULL);
	sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_master WHERE sql IS "
			   "NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY "
			   "type = 'table' DESC", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (sqlite3_exec(dst, (const char *)sqlite3_column_text(st, 0),
				 NULL, NULL, NULL) != SQLITE_OK) {
			fprintf(stderr, "schema: %s\n", sqlite3_errmsg(dst));
			exit(1);
		}
	sqlite3_finalize(st);
	return dst;
}

typedef struct outcome {
	int64_t id, updated_us;
	char status[16];
	char *reason;
} outcome;

typedef struct copier {
	sqlite3 *dst;
	long every, since_commit; /* rows per transaction, rows in this one */
	double ns;                /* time spent writing */
	sqlite3_value **v;        /* a chunk of rows read back */
	int status_col, reason_col, updated_col; /* appointment; else -1 */
	outcome *out;             /* the appointments' outcomes */
	size_t nout, capout;
} copier;

static bool booked(sqlite3_value *v)
{
	const unsigned char *s = sqlite3_value_text(v);
	return s && strcmp((const char *)s, "booked") == 0;
}

/* Remembers the outcome of an appointment row that has one (untimed). */
static void remember(copier *c, sqlite3_value **row)
{
	const unsigned char *r;
	outcome *o;
	if (c->status_col < 0 || booked(row[c->status_col]))
		return;
	if (c->nout == c->capout) {
		c->capout = c->capout ? c->capout * 2 : 4096;
		if (!(c->out = realloc(c->out, c->capout * sizeof *c->out)))
			exit(1);
	}
	o = &c->out[c->nout++];
	o->id = sqlite3_value_int64(row[0]);
	o->updated_us = sqlite3_value_int64(row[c->updated_col]);
	snprintf(o->status, sizeof o->status, "%s",
		 (const char *)sqlite3_value_text(row[c->status_col]));
	r = sqlite3_value_text(row[c->reason_col]);
	o->reason = r ? strdup((const char *)r) : NULL;
}

/* The columns of the appointment table that an outcome changes. */
static void appointment_columns(copier *c, sqlite3_stmt *sel,
				const char *table)
{
	c->status_col = c->reason_col = c->updated_col = -1;
	if (strcmp(table, "appointment") != 0)
		return;
	for (int k = 0; k < sqlite3_column_count(sel); k++) {
		const char *name = sqlite3_column_name(sel, k);
		if (strcmp(name, "status") == 0)
			c->status_col = k;
		else if (strcmp(name, "reason") == 0)
			c->reason_col = k;
		else if (strcmp(name, "updated_us") == 0)
			c->updated_col = k;
	}
	if (c->status_col < 0 || c->reason_col < 0 || c->updated_col < 0) {
		fprintf(stderr, "floor: appointment has no status, reason or "
			"updated_us\n");
		exit(1);
	}
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Inserts rows rows of cols values from c->v (timed). */
static void insert_chunk(copier *c, sqlite3_stmt *ins, int rows, int cols)
{
	double t = now_ns();
	for (int r = 0; r < rows; r++) {
		if (c->since_commit++ == 0)
			sqlite3_exec(c->dst, "BEGIN", NULL, NULL, NULL);
		sqlite3_value **row = &c->v[r * cols];
		for (int k = 0; k < cols; k++)
			sqlite3_bind_value(ins, k + 1, row[k]);
		if (c->status_col >= 0 && !booked(row[c->status_col])) {
			sqlite3_bind_text(ins, c->status_col + 1, "booked", -1,
					  SQLITE_STATIC);
			sqlite3_bind_null(ins, c->reason_col + 1);
		}
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "floor: %s\n", sqlite3_errmsg(c->dst));
			exit(1);
		}
		sqlite3_reset(ins);
		if (c->since_commit == c->every) {
			sqlite3_exec(c->dst, "COMMIT", NULL, NULL, NULL);
			c->since_commit = 0;
		}
	}
	c->ns += now_ns() - t;
	for (int i = 0; i < rows * cols; i++)
		sqlite3_value_free(c->v[i]);
}

static void copy_table(sqlite3 *src, copier *c, const char *table)
{
	char sql[300];
	sqlite3_stmt *sel, *ins;
	int cols, rows = 0;
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
	sqlite3_prepare_v2(src, sql, -1, &sel, NULL);
	cols = sqlite3_column_count(sel);
	int n = snprintf(sql, sizeof sql, "INSERT INTO \"%s\" VALUES(", table);
	for (int k = 0; k < cols && n < 280; k++)
		n += snprintf(sql + n, sizeof sql - (size_t)n, k ? ",?" : "?");
	snprintf(sql + n, sizeof sql - (size_t)n, ")");
	if (sqlite3_prepare_v2(c->dst, sql, -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "floor: %s: %s\n", sql, sqlite3_errmsg(c->dst));
		exit(1);
	}
	c->v = realloc(c->v, sizeof *c->v * CHUNK * (size_t)cols);
	appointment_columns(c, sel, table);
	while (sqlite3_step(sel) == SQLITE_ROW) {
		for (int k = 0; k < cols; k++)
			c->v[rows * cols + k] =
				sqlite3_value_dup(sqlite3_column_value(sel, k));
		remember(c, &c->v[rows * cols]);
		if (++rows == CHUNK) {
			insert_chunk(c, ins, rows, cols);
			rows = 0;
		}
	}
	insert_chunk(c, ins, rows, cols);
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
}

/* The outcomes, one UPDATE each (timed), in the same transactions. */
static void apply_outcomes(copier *c)
{
	sqlite3_stmt *up;
	double t = now_ns();
	if (sqlite3_prepare_v2(c->dst, "UPDATE appointment SET status = ?, "
			       "reason = ?, updated_us = ? WHERE id = ?", -1,
			       &up, NULL) != SQLITE_OK)
		exit(1);
	for (size_t i = 0; i < c->nout; i++) {
		outcome *o = &c->out[i];
		if (c->since_commit++ == 0)
			sqlite3_exec(c->dst, "BEGIN", NULL, NULL, NULL);
		sqlite3_bind_text(up, 1, o->status, -1, SQLITE_STATIC);
		sqlite3_bind_text(up, 2, o->reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(up, 3, o->updated_us);
		sqlite3_bind_int64(up, 4, o->id);
		if (sqlite3_step(up) != SQLITE_DONE) {
			fprintf(stderr, "floor: %s\n", sqlite3_errmsg(c->dst));
			exit(1);
		}
		sqlite3_reset(up);
		if (c->since_commit == c->every) {
			sqlite3_exec(c->dst, "COMMIT", NULL, NULL, NULL);
			c->since_commit = 0;
		}
	}
	c->ns += now_ns() - t;
	sqlite3_finalize(up);
	for (size_t i = 0; i < c->nout; i++)
		free(c->out[i].reason);
	free(c->out);
}

/* Whether every table that table's foreign keys name (but itself) is
 * among the n names in done. */
static bool parents_done(sqlite3 *src, const char *table, char **done,
			 size_t n)
{
	sqlite3_stmt *fk;
	bool ok = true;
	sqlite3_prepare_v2(src, "SELECT \"table\" FROM pragma_foreign_key_list(?)",
			   -1, &fk, NULL);
	sqlite3_bind_text(fk, 1, table, -1, SQLITE_STATIC);
	while (ok && sqlite3_step(fk) == SQLITE_ROW) {
		const char *parent = (const char *)sqlite3_column_text(fk, 0);
		bool found = strcmp(parent, table) == 0;
		for (size_t i = 0; !found && i < n; i++)
			found = strcmp(done[i], parent) == 0;
		ok = found;
	}
	sqlite3_finalize(fk);
	return ok;
}

/* The n tables in v, reordered so that each comes after those its foreign
 * keys name (the schema has no cycles but rows naming their own table). */
static void parents_first(sqlite3 *src, char **v, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t i = k;
		while (i < n && !parents_done(src, v[i], v, k))
			i++;
		if (i == n) {
			fprintf(stderr, "floor: foreign keys form a cycle\n");
			exit(1);
		}
		char *t = v[k];
		v[k] = v[i];
		v[i] = t;
	}
}

/* Rows per second of the floor: every row of src into a fresh file, then
 * the appointments' outcomes. */
static double floor_rate(sqlite3 *src, long rows, int days)
{
	char path[] = "/tmp/mo-bench-seed-floor-XXXXXX";
	int fd = mkstemp(path);
	copier c = {.every = rows / (days > 0 ? days : 1) + 1,
		    .status_col = -1};
	sqlite3_stmt *tables;
	char *names[256];
	size_t n = 0;
	close(fd);
	unlink(path);
	if (!(c.dst = same_schema(src, path)))
		exit(1);
	/* every table but those a trigger fills as the others are copied
	 * (a time card's versions): the floor writes them the same way */
	sqlite3_prepare_v2(src, "SELECT name FROM sqlite_master t WHERE type = "
			   "'table' AND name NOT LIKE 'sqlite_%' AND NOT EXISTS "
			   "(SELECT 1 FROM sqlite_master g WHERE g.type = "
			   "'trigger' AND g.sql LIKE '%INSERT INTO ' || t.name "
			   "|| ' %')", -1, &tables, NULL);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		if (n == sizeof names / sizeof *names) {
			fprintf(stderr, "floor: more than 256 tables\n");
			exit(1);
		}
		names[n++] = strdup((const char *)sqlite3_column_text(tables, 0));
	}
	sqlite3_finalize(tables);
	parents_first(src, names, n);
	for (size_t i = 0; i < n; i++) {
		copy_table(src, &c, names[i]);
		free(names[i]);
	}
	apply_outcomes(&c);
	/* the last commit, and the last checkpoint, as the seed ends */
	double t = now_ns();
	if (c.since_commit)
		sqlite3_exec(c.dst, "COMMIT", NULL, NULL, NULL);
	sqlite3_exec(c.dst, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	c.ns += now_ns() - t;
	sqlite3_close(c.dst);
	free(c.v);
	char wal[64];
	unlink(path);
	snprintf(wal, sizeof wal, "%s-wal", path);
	unlink(wal);
	snprintf(wal, sizeof wal, "%s-shm", path);
	unlink(wal);
	return (double)rows / (c.ns / 1e9);
}

int main(int argc, char **argv)
{
	mo_seed_opts o = {0};
	mo_seed_counts n;
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	if (argc != 4 || (o.days = atoi(argv[2])) < 1 ||
	    (o.patients = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: bench_seed DIR DAYS PATIENTS\n");
		return 2;
	}
	o.ahead = 14;
	o.seed = 1;
	if (mo_practice_open(argv[1], 0, &p, &e) || mo_engine_new(p, &en, &e) ||
	    mo_engine_load_policies(en, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	long before = count_rows(db);
	double t = bench_now_ms();
	if (mo_seed_run(p, "system", &o, &n, &e)) {
		fprintf(stderr, "seed: %s\n", e.msg);
		return 1;
	}
	t = (bench_now_ms() - t) / 1000.0;
	long after = count_rows(db), rows = after - before;
	bench_peak("bench_seed: the seed", RUSAGE_SELF);
	double floor = floor_rate(db, after, o.days + o.ahead);
	printf("seeded %ld providers, %d days: %ld appointments, %ld rows in "
	       "%.1f s\n", (long)mo_practice_config(p)->nproviders, o.days,
	       n.appointments, rows, t);
	printf("%-44s %10.0f %10.0f  %5.2fx\n", "rows per second (seed, floor)",
	       rows / t, floor, floor / (rows / t));
	bench_result("seed: time for the whole practice", t, -1, "s", "<30", -1);
	bench_result("seed: rows per second", rows / t, -1, "/s", "<=2x", floor);
	mo_engine_free(en);
	mo_practice_close(p);
	bench_peak("bench_seed: the seed, then the floor", RUSAGE_SELF);
	return 0;
}
