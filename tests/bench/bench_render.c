/* bench_render.c: rendering a report to CSV (mo_render_open, one
 * mo_render_row per row, mo_render_close) into /dev/null, next to the
 * floor measured in the same run: fprintf of the same rows with their
 * values formatted beforehand. Rows have six columns (text, money, date,
 * count, percent, text) drawn from a pool of POOL generated rows, so that
 * nothing grows with their number. Each figure is the median of ROUNDS
 * rounds, in rows/s. The whole measure runs twice, at ROWS and 10 x ROWS,
 * each in a child process whose peak memory is shown: it must not grow
 * with the rows. Usage: bench_render [ROWS [ROUNDS]]. It uses
 * core/render.h, core/units.h and bench.h. */
#define _DEFAULT_SOURCE /* wait4 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "render.h"
#include "units.h"

#define POOL 1024

typedef struct src {
	char name[32], note[48];
	int64_t money, day, count, pct;
	char fmoney[32], fday[11], fcount[24], fpct[24]; /* for the floor */
} src;

static const mo_render_col COLS[] = {
    {"patient", "Patient", MO_COL_TEXT},
    {"charged", "Charged", MO_COL_MONEY},
    {"day", "Date of service", MO_COL_DATE},
    {"visits", "Visits", MO_COL_COUNT},
    {"share", "Share", MO_COL_PERCENT},
    {"note", "Note", MO_COL_TEXT},
};

static const mo_render_meta META = {.name = "bench", .title = "Bench",
				    .cols = COLS, .ncols = 6};

static void make_pool(src *pool)
{
	for (long k = 0; k < POOL; k++) {
		src *s = &pool[k];
		snprintf(s->name, sizeof s->name, "PATIENT %06ld", k * 37);
		snprintf(s->note, sizeof s->note, "follow-up in %ld weeks",
			 k % 12 + 1);
		s->money = k * 7919 % 2000000 - 100000;
		s->day = 20000 + k % 400;
		s->count = k * 131 % 5000;
		s->pct = k * 97 % 10000;
		mo_money_format(s->money, s->fmoney);
		mo_date_format((int32_t)s->day, s->fday);
		snprintf(s->fcount, sizeof s->fcount, "%lld",
			 (long long)s->count);
		snprintf(s->fpct, sizeof s->fpct, "%lld.%02lld%%",
			 (long long)(s->pct / 100), (long long)(s->pct % 100));
	}
}

/* The floor: the same rows, preformatted, with fprintf. */
static void floor_rows(FILE *out, const src *pool, long rows)
{
	fputs("Patient,Charged,Date of service,Visits,Share,Note\r\n", out);
	for (long i = 0; i < rows; i++) {
		const src *s = &pool[i % POOL];
		fprintf(out, "%s,%s,%s,%s,%s,%s\r\n", s->name, s->fmoney,
			s->fday, s->fcount, s->fpct, s->note);
	}
	fflush(out);
}

/* The same rows through mo_render; 0 or the error. */
static int render_rows(FILE *out, const src *pool, long rows)
{
	mo_render *r = NULL;
	mo_err e = {0};
	int rc = mo_render_open(MO_FMT_CSV, out, NULL, &META, &r, &e);
	for (long i = 0; i < rows && !rc; i++) {
		const src *s = &pool[i % POOL];
		mo_render_value v[6] = {
		    {false, 0, s->name}, {false, s->money, NULL},
		    {false, s->day, NULL}, {false, s->count, NULL},
		    {false, s->pct, NULL}, {false, 0, s->note}};
		rc = mo_render_row(r, MO_ROW_DATA, NULL, v, &e);
	}
	if (r && rc)
		mo_render_abort(r);
	else if (r)
		rc = mo_render_close(r, &e);
	if (rc)
		fprintf(stderr, "bench_render: %s\n", e.msg);
	return rc;
}

/* Rounds of the floor and of mo_render, alternating; 0 or 1. */
static int measure(long rows, int rounds, double *floor, double *ours)
{
	double a[rounds], b[rounds], t;
	src *pool = calloc(POOL, sizeof *pool);
	FILE *out = fopen("/dev/null", "w");
	int rc = !pool || !out;
	if (!rc)
		make_pool(pool);
	for (int k = 0; k < rounds && !rc; k++) {
		t = bench_now_ms();
		floor_rows(out, pool, rows);
		a[k] = (double)rows / ((bench_now_ms() - t) / 1e3);
		t = bench_now_ms();
		rc = render_rows(out, pool, rows);
		b[k] = (double)rows / ((bench_now_ms() - t) / 1e3);
	}
	if (!rc) {
		*floor = bench_median(a, rounds);
		*ours = bench_median(b, rounds);
	}
	if (out)
		fclose(out);
	free(pool);
	return rc;
}

/* Measures rows in this (child) process and prints its line. */
static int child(long rows, int rounds, bool result)
{
	double floor = 0, ours = 0;
	char name[96];
	if (measure(rows, rounds, &floor, &ours))
		return 1;
	printf("%-40ld %11.0f %11.0f %6.2fx\n", rows, ours, floor,
	       floor / ours);
	snprintf(name, sizeof name, "CSV report of %ld rows (6 columns)",
		 rows);
	if (result)
		bench_result(name, ours, -1, "rows/s", "<=2x", floor);
	return 0;
}

/* Runs child() in a process of its own; its peak memory in KiB, or -1. */
static long in_child(long rows, int rounds, bool result)
{
	struct rusage ru;
	int status = 0;
	pid_t pid;
	fflush(stdout);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int rc = child(rows, rounds, result);
		fflush(stdout);
		_exit(rc);
	}
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	printf("PEAK\tbench_render (%ld rows)\t%ld\n", rows, ru.ru_maxrss);
	return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
	long rows = argc > 1 ? atol(argv[1]) : 100000;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	long small, large;
	char name[96];
	if (rows < 100 || rounds < 1 || rounds > 100)
		return 2;
	printf("%-40s %11s %11s %7s\n", "rows to CSV, /dev/null (median)",
	       "rows/s", "floor", "ratio");
	small = in_child(rows, rounds, true);
	large = in_child(rows * 10, rounds, false);
	if (small < 0 || large < 0)
		return 1;
	printf("peak memory: %ld KiB at %ld rows, %ld KiB at %ld rows\n",
	       small, rows, large, rows * 10);
	snprintf(name, sizeof name, "CSV report: peak memory growth, %ld to "
		 "%ld rows", rows, rows * 10);
	bench_result(name, (double)(large - small), -1, "KiB", "<=256", -1);
	return 0;
}
