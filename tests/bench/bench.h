/* bench.h: what the benchmark programs share: a monotonic clock in
 * milliseconds, the median (and sorting) of a sample, libyaml's raw event
 * parse of a file (the floor for loading practice.yaml), and the lines
 * tests/bench/run.sh gathers into its summary table and JSON (RESULT: a
 * figure with its target and floor; PEAK: a program's peak memory).
 * The set-up helpers fail the program on an SQLite error: bench_exec (SQL
 * text), bench_prep (a statement) and bench_step (one row written, then
 * reset). Header only, static inline, since each benchmark is its own
 * program. It uses the C library, SQLite and libyaml. */
#ifndef MO_BENCH_H
#define MO_BENCH_H

#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>
#include <sqlite3.h>
#include <yaml.h>

static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static inline int bench_by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Sorts v (n > 0 values) and returns its median. */
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, bench_by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Parses the YAML file at path to the end, doing nothing with the
 * events; 1 on success. */
static inline int bench_parse_yaml(const char *path)
{
	FILE *f = fopen(path, "rb");
	yaml_parser_t p;
	yaml_event_t ev;
	int done = 0, ok = 1;
	if (!f)
		return 0;
	if (!yaml_parser_initialize(&p)) {
		fclose(f);
		return 0;
	}
	yaml_parser_set_input_file(&p, f);
	while (!done && (ok = yaml_parser_parse(&p, &ev))) {
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	fclose(f);
	return ok;
}

/* A figure for the summary: name, median, p99 (-1: none), unit, the
 * issue's target (text), the floor measured in the same run (-1: none). */
static inline void bench_result(const char *name, double median, double p99,
				const char *unit, const char *target,
				double floor)
{
	printf("RESULT\t%s\t%.6g\t%.6g\t%s\t%s\t%.6g\n", name, median, p99,
	       unit, target, floor);
}

/* The peak resident memory (KiB) of this program, or of its children. */
static inline void bench_peak(const char *program, int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) == 0)
		printf("PEAK\t%s\t%ld\n", program, ru.ru_maxrss);
}

static inline void bench_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, msg);
		exit(1);
	}
}

static inline sqlite3_stmt *bench_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s: %s\n", sql, sqlite3_errmsg(db));
		exit(1);
	}
	return st;
}

static inline void bench_step(sqlite3 *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "set-up: %s\n", sqlite3_errmsg(db));
		exit(1);
	}
	sqlite3_reset(st);
}

#endif
