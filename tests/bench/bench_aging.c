/* bench_aging.c: the A/R aging over a large ledger. Writes a practice of
 * its own with 5 payers, then, directly with SQLite (the set-up is not
 * what is measured), patients, visits and charges over 400 days and a
 * ledger of LINES journal lines: each charge's entry (a receivable of a
 * payer or the patient against revenue) and, for older charges, the
 * payer's payment and the patient's share. Then, ROUNDS times each,
 * interleaved:
 * 1. mo_ledger_aging by payer (one audited read: the scan, the buckets,
 *    the rows), and by patient;
 * 2. the floor: the same lines read with one plain SELECT of account,
 *    payer, service day and amount and summed into the same buckets in C.
 * Prints medians, RESULT lines and the peak memory. Usage: bench_aging
 * [LINES] [ROUNDS]. */
#include "bench.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "ledger.h"
#include "practice.h"
#include "units.h"

#define DAYS 400

static void write_yaml(const char *dir)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	if (!(f = fopen(path, "w")))
		exit(1);
	fprintf(f, "practice: { name: Aging Bench, timezone: America/Chicago }\n"
		"locations:\n  - { id: main, name: Main, rooms: [ { id: e1, "
		"kind: exam } ] }\nstaff:\n  - { id: drlee, name: Dr Lee, job: "
		"doc }\nproviders:\n  - { staff: drlee, npi: \"1234567893\", "
		"specialty: FM }\nvisit_types:\n  - { id: fu, name: Follow-up, "
		"duration: 20m }\nfee_schedules:\n  - { id: std, name: Std, "
		"fees: [ { code: \"99213\", charge: \"120.00\", from: "
		"2020-01-01 } ] }\npayers:\n");
	for (int i = 0; i < 5; i++)
		fprintf(f, "  - { id: payer%d, name: Payer %d, kind: commercial, "
			"fee_schedule: std }\n", i, i);
	fclose(f);
}

typedef struct writer {
	sqlite3 *db;
	sqlite3_stmt *journal, *line, *appt, *enc, *charge;
	long lines;
	int32_t today;
} writer;

static void line(writer *w, int64_t j, const char *acct, int64_t amount,
		 int64_t patient, const char *payer, int64_t charge,
		 int32_t day, int32_t service)
{
	sqlite3_stmt *st = w->line;
	sqlite3_bind_int64(st, 1, j);
	sqlite3_bind_text(st, 2, acct, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, amount);
	sqlite3_bind_int64(st, 4, patient);
	if (payer)
		sqlite3_bind_text(st, 5, payer, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, charge);
	sqlite3_bind_int(st, 7, day);
	sqlite3_bind_int(st, 8, service);
	bench_step(w->db, st);
	w->lines++;
}

static int64_t journal(writer *w, int32_t day)
{
	sqlite3_bind_int(w->journal, 1, day);
	bench_step(w->db, w->journal);
	return sqlite3_last_insert_rowid(w->db);
}

/* Charge c: its entry, and for older ones the payer's payment (80%) and
 * the patient's share moved to them (20%). */
static void one_charge(writer *w, int64_t c)
{
	char payer[16];
	int32_t day = w->today - (int32_t)(c * 7919 % DAYS);
	int64_t patient = 1 + c % 1000, j;
	snprintf(payer, sizeof payer, "payer%d", (int)(c % 5));
	sqlite3_stmt *visit[] = {w->appt, w->enc, w->charge};
	for (int i = 0; i < 3; i++) {
		sqlite3_bind_int64(visit[i], 1, c);
		sqlite3_bind_int(visit[i], 2, day);
		bench_step(w->db, visit[i]);
	}
	j = journal(w, day);
	line(w, j, "ar_payer", 12000, patient, payer, c, day, day);
	line(w, j, "revenue", -12000, patient, NULL, c, day, day);
	if (w->today - day < 45)
		return;
	j = journal(w, day + 30);
	line(w, j, "ar_payer", -9600, patient, payer, c, day + 30, day);
	line(w, j, "bank", 9600, 0, payer, c, day + 30, day);
	line(w, j, "ar_payer", -2400, patient, payer, c, day + 30, day);
	line(w, j, "ar_patient", 2400, patient, NULL, c, day + 30, day);
}

static void fill(mo_practice *p, long want)
{
	writer w = {mo_db_sqlite(mo_practice_db(p)), NULL, NULL, NULL, NULL,
		    NULL, 0, mo_practice_today(p)};
	bench_exec(w.db, "BEGIN; INSERT INTO patient(id, family, given, birth_day, "
		 "sex, name_key, created_us, created_by, updated_us, "
		 "updated_by) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT "
		 "i + 1 FROM n WHERE i < 1000) SELECT i, 'Doe', 'Pat' || i, "
		 "3000, 'unknown', 'doe pat', 0, 'b', 0, 'b' FROM n");
	w.journal = bench_prep(w.db, "INSERT INTO journal(at_us, day, kind, memo, "
			 "actor) VALUES(0, ?, 'charge', 'bench', 'b')");
	w.line = bench_prep(w.db, "INSERT INTO journal_line(journal, account, amount, "
		      "patient, payer, charge, day, service_day) VALUES(?, ?, "
		      "?, nullif(?, 0), ?, ?, ?, ?)");
	w.appt = bench_prep(w.db, "INSERT INTO appointment(id, patient, provider, "
		      "location, visit_type, start_us, end_us, status, "
		      "created_us, created_by, updated_us) VALUES(?1, 1 + ?1 % "
		      "1000, 'drlee', 'main', 'fu', ?2 * 86400000000, ?2 * "
		      "86400000000 + 1200000000, 'checked_out', 0, 'b', 0)");
	w.enc = bench_prep(w.db, "INSERT INTO encounter(id, appointment, patient, "
		     "provider, location, pos, day, created_us, created_by) "
		     "VALUES(?1, ?1, 1 + ?1 % 1000, 'drlee', 'main', '11', ?2, "
		     "0, 'b')");
	w.charge = bench_prep(w.db, "INSERT INTO charge(id, encounter, line, code, "
			"units, pointers, amount, provider, pos, day, "
			"created_us, created_by) VALUES(?1, ?1, 1, '99213', 1, "
			"'1', 12000, 'drlee', '11', ?2, 0, 'b')");
	for (int64_t c = 1; w.lines < want; c++)
		one_charge(&w, c);
	sqlite3_finalize(w.journal);
	sqlite3_finalize(w.line);
	sqlite3_finalize(w.appt);
	sqlite3_finalize(w.enc);
	sqlite3_finalize(w.charge);
	bench_exec(w.db, "COMMIT");
}

typedef struct sums {
	int64_t b[5], unapplied;
	int rows;
} sums;

static int count_row(void *ud, const mo_aging_row *r)
{
	((sums *)ud)->rows++;
	(void)r;
	return 0;
}

/* The floor: one plain SELECT of the receivable lines, bucketed in C. */
static double floor_scan(mo_practice *p, int32_t as_of, sums *s)
{
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st = bench_prep(db, "SELECT payer, service_day, amount FROM "
				"journal_line WHERE account = 'ar_payer' AND "
				"day <= ?");
	double t = bench_now_ms();
	sqlite3_bind_int(st, 1, as_of);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t a = sqlite3_column_int64(st, 2);
		int age;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			s->unapplied += a;
			continue;
		}
		age = as_of - sqlite3_column_int(st, 1);
		s->b[age <= 30 ? 0 : age <= 60 ? 1 : age <= 90 ? 2
			: age <= 120 ? 3 : 4] += a;
	}
	t = bench_now_ms() - t;
	sqlite3_finalize(st);
	return t;
}

int main(int argc, char **argv)
{
	long want = argc > 1 ? atol(argv[1]) : 1000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 7;
	char dir[] = "/tmp/mo-bench-aging-XXXXXX", cmd[300];
	double *ours, *pat, *fl;
	mo_practice *p;
	mo_err e;
	if (want < 1000 || rounds < 3 || !mkdtemp(dir))
		return 2;
	setenv("MEDOFFICE_NOW", "2027-01-01T18:00:00Z", 1);
	write_yaml(dir);
	if (mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	fill(p, want);
	ours = calloc((size_t)rounds, sizeof *ours);
	pat = calloc((size_t)rounds, sizeof *pat);
	fl = calloc((size_t)rounds, sizeof *fl);
	for (int r = 0; r < rounds; r++) {
		sums a = {0}, b = {0}, c = {0};
		double t = bench_now_ms();
		if (mo_ledger_aging(p, "drlee", MO_AGING_PAYER,
				    mo_practice_today(p), count_row, &a, &e) ||
		    a.rows != 6) {
			fprintf(stderr, "aging: %s (%d rows)\n", e.msg, a.rows);
			return 1;
		}
		ours[r] = bench_now_ms() - t;
		t = bench_now_ms();
		if (mo_ledger_aging(p, "drlee", MO_AGING_PATIENT,
				    mo_practice_today(p), count_row, &c, &e)) {
			fprintf(stderr, "aging: %s\n", e.msg);
			return 1;
		}
		pat[r] = bench_now_ms() - t;
		fl[r] = floor_scan(p, mo_practice_today(p), &b);
	}
	printf("%-52s %9s %9s  %s\n", "A/R aging", "ms", "floor ms", "ratio");
	printf("%-52s %9.1f %9.1f  %6.2fx\n", "by payer, one scan of the ledger",
	       bench_median(ours, rounds), bench_median(fl, rounds),
	       bench_median(ours, rounds) / bench_median(fl, rounds));
	printf("%-52s %9.1f\n", "by patient (1,000 patients)",
	       bench_median(pat, rounds));
	char name[80];
	snprintf(name, sizeof name, "A/R aging by payer, %ld ledger lines", want);
	bench_result(name, bench_median(ours, rounds), -1, "ms", "<=1000",
		     bench_median(fl, rounds));
	snprintf(name, sizeof name, "A/R aging by patient, %ld ledger lines",
		 want);
	bench_result(name, bench_median(pat, rounds), -1, "ms", "<=1000", -1);
	bench_peak("bench_aging", RUSAGE_SELF);
	mo_practice_close(p);
	free(ours);
	free(pat);
	free(fl);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0;
}
