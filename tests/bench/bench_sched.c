/* bench_sched.c: the appointment book's speed. It writes a practice in a
 * temporary folder: 50 providers at three locations (20, 15, 15), each
 * with an exam room of their own, open Monday to Friday 08:00-12:00 and
 * 13:00-17:00 (24 twenty-minute visits a day), 20,000 patients; the clock
 * is fixed before the first day. Then, each next to its floor measured in
 * the same run:
 * 1. bulk booking: 100,000 appointments through mo_sched_import (every
 *    check of a booking on: hours, blocks, time out, provider, patient
 *    and room conflicts, the rules; one operation and audit entry per
 *    1,000), and 20,000 through mo_sched_book one operation each (with
 *    its decision log and audit entries) inside one outer transaction;
 *    floor: the same rows inserted directly with SQLite in one
 *    transaction;
 * 2. first-available search across the 50 providers over 90 days with
 *    the book 80% full (the free slots spread evenly), searching from a
 *    random day; floor: one indexed SQLite range query (a provider's
 *    appointments of one day);
 * 3. the daily schedule of the location with 20 providers.
 * The core is used from C alone (no policies loaded: the permission and
 * rule checks are measured by bench_perm). Usage: bench_sched [ROUNDS
 * [BOOKINGS]] (defaults 200 and 100,000). */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "codes.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

#define PROVIDERS 50
#define PATIENTS 20000
#define SLOTS 24          /* twenty-minute visits a day */
#define START "2027-01-04" /* a Monday */

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int location_of(int k)
{
	return k < 20 ? 0 : k < 35 ? 1 : 2;
}

/* A valid NPI with the 9 digits base. */
static void npi(long base, char out[11])
{
	for (int d = 0; d < 10; d++) {
		snprintf(out, 11, "%09ld%d", base, d);
		if (mo_codes_npi_valid(out))
			return;
	}
}

static void write_yaml(const char *dir)
{
	char path[256], n[11];
	FILE *f;
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	if (!(f = fopen(path, "w")))
		exit(1);
	fprintf(f, "practice: { name: Bench, timezone: America/Chicago }\n"
		"locations:\n");
	for (int l = 0; l < 3; l++) {
		fprintf(f, "  - id: l%d\n    name: Site %d\n    rooms:\n", l, l);
		for (int k = 0; k < PROVIDERS; k++)
			if (location_of(k) == l)
				fprintf(f, "      - { id: r%02d, kind: exam }\n", k);
	}
	fprintf(f, "staff:\n");
	for (int k = 0; k < PROVIDERS; k++)
		fprintf(f, "  - { id: p%02d, name: P%02d, job: md }\n", k, k);
	fprintf(f, "providers:\n");
	for (int k = 0; k < PROVIDERS; k++) {
		npi(300000000L + k * 7, n);
		fprintf(f, "  - { staff: p%02d, npi: \"%s\", specialty: FM, "
			"availability: [ { location: l%d, mon: &h \"08:00-12:00, "
			"13:00-17:00\", tue: *h, wed: *h, thu: *h, fri: *h } ] }\n",
			k, n, location_of(k));
	}
	fprintf(f, "visit_types:\n  - { id: fu, name: Follow-up, duration: "
		"20m }\n");
	fclose(f);
}

static void add_patients(mo_practice *p)
{
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st;
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO patient(family, given, birth_day, "
			   "sex, name_key, created_us, created_by, updated_us, "
			   "updated_by) VALUES('Doe', 'Pat', ?, 'unknown', "
			   "'doe pat', 0, 'bench', 0, 'bench')", -1, &st, NULL);
	for (int i = 0; i < PATIENTS; i++) {
		sqlite3_bind_int(st, 1, i % 20000);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
}

/* The n-th weekday from START (Monday to Friday only). */
static int32_t work_day(int32_t first, int n)
{
	return first + n / 5 * 7 + n % 5;
}

typedef struct booking {
	int provider, day, slot;
} booking;

/* The bookings in time order: day, slot, provider. */
static booking nth(int n)
{
	booking b;
	b.provider = n % PROVIDERS;
	b.slot = n / PROVIDERS % SLOTS;
	b.day = n / PROVIDERS / SLOTS;
	return b;
}

static int64_t slot_start(const mo_config *c, int32_t first, booking b)
{
	int32_t day = work_day(first, b.day);
	int sec = b.slot < 12 ? 8 * 3600 + b.slot * 1200
			      : 13 * 3600 + (b.slot - 12) * 1200;
	int64_t us;
	mo_tz_to_utc(c->timezone, day, sec, MO_TZ_STRICT, &us, NULL);
	return us;
}

static double floor_insert(const mo_config *c, int32_t first, int n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char path[] = "/tmp/mo-bench-floor-XXXXXX";
	int fd = mkstemp(path);
	double t;
	close(fd);
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE appointment("
		     "id INTEGER PRIMARY KEY, patient INTEGER, provider TEXT, "
		     "location TEXT, room TEXT, visit_type TEXT, start_us "
		     "INTEGER, end_us INTEGER, status TEXT, created_us INTEGER, "
		     "created_by TEXT, updated_us INTEGER); CREATE INDEX a1 ON "
		     "appointment(provider, start_us); CREATE INDEX a2 ON "
		     "appointment(patient, start_us); CREATE INDEX a3 ON "
		     "appointment(location, room, start_us); CREATE INDEX a4 ON "
		     "appointment(start_us);", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO appointment(patient, provider, "
			   "location, room, visit_type, start_us, end_us, "
			   "status, created_us, created_by, updated_us) VALUES("
			   "?, ?, 'l0', ?, 'fu', ?, ?, 'booked', 0, 'b', 0)", -1,
			   &st, NULL);
	t = now_ns();
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	for (int i = 0; i < n; i++) {
		booking b = nth(i);
		char pv[8];
		int64_t s = slot_start(c, first, b);
		snprintf(pv, sizeof pv, "p%02d", b.provider);
		sqlite3_bind_int(st, 1, 1 + i % PATIENTS);
		sqlite3_bind_text(st, 2, pv, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, pv, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 4, s);
		sqlite3_bind_int64(st, 5, s + 1200000000LL);
		sqlite3_step(st);
		sqlite3_reset(st);
	}
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	t = now_ns() - t;
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);
	return n / (t / 1e9);
}

/* Books n appointments (skipping every fifth slot when sparse, so that
 * the book ends 80% full); returns bookings per second. */
static double bulk_book(mo_practice *p, int32_t first, int n, bool sparse)
{
	const mo_config *c = mo_practice_config(p);
	mo_db *db = mo_practice_db(p);
	mo_err e;
	int done = 0;
	double t = now_ns();
	mo_db_begin(db, NULL);
	for (int i = 0; done < n; i++) {
		booking b = nth(i);
		char pv[8];
		if (sparse && (i / PROVIDERS + b.provider) % 5 == 0)
			continue;
		snprintf(pv, sizeof pv, "p%02d", b.provider);
		mo_appt_new in = {1 + done % PATIENTS, pv, NULL, "fu",
				  slot_start(c, first, b), NULL, false, NULL};
		if (mo_sched_book(p, "bench", &in, NULL, &e)) {
			fprintf(stderr, "booking %d: %s\n", i, e.msg);
			exit(1);
		}
		done++;
	}
	mo_db_commit(db, NULL);
	return n / ((now_ns() - t) / 1e9);
}

/* Imports n appointments (every check, the rules, audited per chunk of
 * 1,000) in one call; returns appointments per second. */
static double bulk_import(mo_practice *p, int32_t first, int n)
{
	const mo_config *c = mo_practice_config(p);
	mo_appt_new *in = calloc((size_t)n, sizeof *in);
	static char names[PROVIDERS][8];
	size_t failed;
	mo_err e;
	double t;
	for (int k = 0; k < PROVIDERS; k++)
		snprintf(names[k], sizeof names[k], "p%02d", k);
	for (int i = 0; i < n; i++) {
		booking b = nth(i);
		in[i] = (mo_appt_new){1 + i % PATIENTS, names[b.provider], NULL,
				      "fu", slot_start(c, first, b), NULL, false,
				      NULL};
	}
	t = now_ns();
	if (mo_sched_import(p, "bench", in, (size_t)n, NULL, &failed, &e)) {
		fprintf(stderr, "import %zu: %s\n", failed, e.msg);
		exit(1);
	}
	t = now_ns() - t;
	free(in);
	return n / (t / 1e9);
}

static int count_slot(void *ud, const mo_slot *s)
{
	(void)s;
	(*(int *)ud)++;
	return 0;
}

static void bench_find(mo_practice *p, int32_t first, int rounds)
{
	double *v = calloc((size_t)rounds, sizeof *v), *fl = calloc(
		(size_t)rounds, sizeof *fl);
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st;
	const mo_config *c = mo_practice_config(p);
	mo_err e;
	sqlite3_prepare_v2(db, "SELECT id, start_us, end_us FROM appointment "
			   "WHERE provider = ? AND start_us >= ? AND start_us < "
			   "? ORDER BY start_us", -1, &st, NULL);
	for (int r = 0; r < rounds; r++) {
		int32_t day = work_day(first, rand() % 60);
		mo_slot_query q = {"fu", NULL, NULL, day, day + 90, MO_PART_ANY,
				   0, 1};
		int n = 0;
		int64_t a = slot_start(c, first, (booking){r % 50, day - first,
							   0});
		double t = now_ns();
		if (mo_sched_find(p, "bench", &q, count_slot, &n, &e) || n != 1) {
			fprintf(stderr, "find: %s (%d)\n", e.msg, n);
			exit(1);
		}
		v[r] = (now_ns() - t) / 1000.0;
		t = now_ns();
		sqlite3_bind_text(st, 1, "p07", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, a);
		sqlite3_bind_int64(st, 3, a + 86400000000LL);
		while (sqlite3_step(st) == SQLITE_ROW)
			;
		sqlite3_reset(st);
		fl[r] = (now_ns() - t) / 1000.0;
	}
	qsort(v, (size_t)rounds, sizeof *v, bench_by_value);
	qsort(fl, (size_t)rounds, sizeof *fl, bench_by_value);
	printf("%-52s %9.1f %9.1f  %6.1fx\n", "first available, 50 providers, "
	       "90 days, 80% full (us)", v[rounds / 2], fl[rounds / 2],
	       v[rounds / 2] / fl[rounds / 2]);
	bench_result("first available, 50 providers, 90 days, 80% full",
		     v[rounds / 2], v[rounds * 99 / 100], "us", "<=1000",
		     fl[rounds / 2]);
	sqlite3_finalize(st);
	free(v);
	free(fl);
}

static int count_appt(void *ud, const mo_appt *a)
{
	(void)a;
	(*(int *)ud)++;
	return 0;
}

static void bench_day(mo_practice *p, int32_t first, int rounds)
{
	double *v = calloc((size_t)rounds, sizeof *v);
	mo_err e;
	for (int r = 0; r < rounds; r++) {
		int n = 0;
		double t = now_ns();
		if (mo_sched_day(p, "bench", NULL, "l0", work_day(first, r % 60),
				 false, count_appt, &n, &e) || n == 0) {
			fprintf(stderr, "day: %s\n", e.msg);
			exit(1);
		}
		v[r] = (now_ns() - t) / 1000.0;
	}
	qsort(v, (size_t)rounds, sizeof *v, bench_by_value);
	printf("%-52s %9.1f %9s\n", "daily schedule, one location, 20 providers "
	       "(us)", v[rounds / 2], "");
	bench_result("daily schedule, one location, 20 providers",
		     v[rounds / 2], v[rounds * 99 / 100], "us", "<=5000", -1);
	free(v);
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 200;
	int n = argc > 2 ? atoi(argv[2]) : 100000;
	char dir[] = "/tmp/mo-bench-sched-XXXXXX";
	mo_practice *p;
	int32_t first;
	mo_err e;
	if (rounds < 10 || !mkdtemp(dir))
		return 2;
	setenv("MEDOFFICE_NOW", "2027-01-01T00:00:00Z", 1);
	write_yaml(dir);
	if (mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	mo_date_parse(START, &first, NULL);
	add_patients(p);
	printf("%-52s %9s %9s  %s\n", "appointment book", "medoffice", "floor",
	       "ratio");
	setvbuf(stdout, NULL, _IOLBF, 0);
	double fl = floor_insert(mo_practice_config(p), first, n);
	double im = bulk_import(p, first, n);
	printf("import of %d (per second)%*s %9.0f %9.0f  %6.1fx\n", n,
	       n >= 100000 ? 16 : 17, "", im, fl, fl / im);
	bench_result("bulk booking through the import primitive", im, -1,
		     "/s", ">=50000", fl);
	mo_practice_close(p);
	/* One operation per booking, on a fresh book. */
	char cmd0[300];
	snprintf(cmd0, sizeof cmd0, "rm -f %s/practice.db*", dir);
	if (system(cmd0) != 0 ||
	    mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e))
		return 1;
	add_patients(p);
	double bk = bulk_book(p, first, n / 5, false);
	printf("single bookings, %-35d %9.0f %9.0f  %6.1fx\n", n / 5, bk, fl,
	       fl / bk);
	bench_result("single bookings, one transaction each", bk, -1, "/s", "",
		     fl);
	mo_practice_close(p);
	/* A fresh book, 80% full, for the searches. */
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -f %s/practice.db*", dir);
	if (system(cmd) != 0 ||
	    mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e))
		return 1;
	add_patients(p);
	bulk_book(p, first, PROVIDERS * SLOTS * 90 * 4 / 5, true);
	bench_find(p, first, rounds);
	bench_day(p, first, rounds);
	mo_practice_close(p);
	bench_peak("bench_sched", RUSAGE_SELF);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0;
}
