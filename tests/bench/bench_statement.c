/* bench_statement.c: patient statements for many patients. Writes a
 * practice of its own whose policies are the shipped
 * policies/billing/statements.lua (taken from the binary's embedded
 * copy) and one job (the physician may run statements: the run is
 * checked and audited as theirs), then, directly with SQLite (the set-up
 * is not what is measured), PATIENTS patients each with three self-pay
 * visits of different ages (0 to 400 days) and, for every other patient,
 * a payment: every patient owes more than the minimum. Then, ROUNDS times, each a month after the
 * last (so that every patient is due a statement again):
 * 1. a dry run (mo_stmt_run: the scan, the rules for statement.send
 *    through the Lua engine, each statement built, nothing written);
 * 2. the run itself (the same, and the run, the statements with their
 *    lines recorded in one transaction), each statement rendered as text
 *    to /dev/null;
 * 3. the floor: the same ledger sums done directly with one SQLite query
 *    (each patient's receivable by the aging's buckets, GROUP BY patient).
 * Prints medians, RESULT lines and the peak memory. Usage:
 * bench_statement [PATIENTS] [ROUNDS]. */
#include "bench.h"

#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embed.h"
#include "engine.h"
#include "statement.h"
#include "stmt_print.h"
#include "units.h"

static void write_file(const char *dir, const char *rel, const char *text)
{
	char path[300];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, rel);
	if (!(f = fopen(path, "w")) || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static void write_practice(const char *dir)
{
	const mo_embedded_file *pol =
		mo_embed_find("policies/billing/statements.lua");
	char sub[300];
	if (!pol) {
		fprintf(stderr, "statements.lua is not embedded\n");
		exit(1);
	}
	snprintf(sub, sizeof sub, "%s/policies", dir);
	mkdir(sub, 0777);
	snprintf(sub, sizeof sub, "%s/policies/billing", dir);
	mkdir(sub, 0777);
	write_file(dir, "policies/billing/statements.lua", pol->data);
	write_file(dir, "policies/jobs.lua",
		   "job \"doc\" { title = \"Physician\", level = "
		   "\"physician_owner\", may = { \"statement.run\", "
		   "\"billing.read\" } }\n");
	write_file(dir, "practice.yaml",
		   "practice: { name: Statement Bench, legal_name: Statement "
		   "Bench LLC, timezone: America/Chicago, phone: \"5125550100\","
		   " address: { line1: 1 Main St, city: Austin, state: TX, zip:"
		   " \"78701\" } }\nlocations:\n  - { id: main, name: Main, "
		   "rooms: [ { id: e1, kind: exam } ] }\nstaff:\n  - { id: "
		   "drlee, name: Dr Lee, job: doc }\nproviders:\n  - { staff: "
		   "drlee, npi: \"1234567893\", specialty: FM }\nvisit_types:\n"
		   "  - { id: fu, name: Follow-up, duration: 20m }\n"
		   "policies: [ jobs.lua, billing/statements.lua ]\n");
}

/* Patients 1..n, each with three visits charged to them (ages 0..400
 * days: charge c of patient p is c * 7919 % 400 days old) and, for even
 * patients, a payment of 20.00 not applied to a visit. All in SQL. */
static void fill(mo_practice *p, int n)
{
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	char sql[4096];
	int32_t today = mo_practice_today(p);
	snprintf(sql, sizeof sql,
		 "BEGIN;"
		 "CREATE TEMP TABLE n(i INTEGER PRIMARY KEY);"
		 "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM "
		 "r WHERE i < %d) INSERT INTO n SELECT i FROM r;"
		 "INSERT INTO patient(id, family, given, birth_day, sex, line1, "
		 "city, state, zip, name_key, created_us, created_by, "
		 "updated_us, updated_by) SELECT i, 'Doe', 'Pat' || i, 3000, "
		 "'unknown', i || ' Elm St', 'Austin', 'TX', '78702', 'doe pat', "
		 "0, 'b', 0, 'b' FROM n;"
		 "CREATE TEMP TABLE c AS SELECT (n.i - 1) * 3 + k.k AS id, n.i "
		 "AS patient, %d - ((n.i * 3 + k.k) * 7919 %% 400) AS day FROM "
		 "n, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) k;"
		 "INSERT INTO appointment(id, patient, provider, location, "
		 "visit_type, start_us, end_us, status, created_us, created_by,"
		 " updated_us) SELECT id, patient, 'drlee', 'main', 'fu', day * "
		 "86400000000, day * 86400000000 + 1200000000, 'checked_out', "
		 "0, 'b', 0 FROM c;"
		 "INSERT INTO encounter(id, appointment, patient, provider, "
		 "location, pos, day, created_us, created_by) SELECT id, id, "
		 "patient, 'drlee', 'main', '11', day, 0, 'b' FROM c;"
		 "INSERT INTO charge(id, encounter, line, code, units, pointers,"
		 " amount, provider, pos, day, created_us, created_by) SELECT "
		 "id, id, 1, '99213', 1, '1', 12000, 'drlee', '11', day, 0, 'b' "
		 "FROM c;"
		 "INSERT INTO journal(id, at_us, day, kind, memo, actor) SELECT "
		 "id, 0, day, 'charge', 'bench', 'b' FROM c;"
		 "INSERT INTO journal_line(journal, account, amount, patient, "
		 "charge, day, service_day) SELECT id, 'ar_patient', 12000, "
		 "patient, id, day, day FROM c UNION ALL SELECT id, 'revenue', "
		 "-12000, patient, id, day, day FROM c;"
		 "INSERT INTO journal(id, at_us, day, kind, memo, actor) SELECT "
		 "%d + i, 0, %d, 'payment', 'bench', 'b' FROM n WHERE i %% 2 = "
		 "0;"
		 "INSERT INTO journal_line(journal, account, amount, patient, "
		 "day) SELECT %d + i, 'cash', 2000, i, %d FROM n WHERE i %% 2 = "
		 "0 UNION ALL SELECT %d + i, 'ar_patient', -2000, i, %d FROM n "
		 "WHERE i %% 2 = 0;"
		 "DROP TABLE c; DROP TABLE n; COMMIT",
		 n, today, 3 * n, today - 5, 3 * n, today - 5, 3 * n,
		 today - 5);
	bench_exec(db, sql);
}

/* The floor: each patient's receivable by bucket, one query. */
static double floor_sums(mo_practice *p, int32_t as_of, int *rows)
{
	sqlite3 *db = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st;
	double t;
	const char *sql =
		"SELECT patient, sum(CASE WHEN service_day IS NULL THEN amount "
		"END), sum(CASE WHEN ?1 - service_day <= 30 THEN amount END), "
		"sum(CASE WHEN ?1 - service_day BETWEEN 31 AND 60 THEN amount "
		"END), sum(CASE WHEN ?1 - service_day BETWEEN 61 AND 90 THEN "
		"amount END), sum(CASE WHEN ?1 - service_day BETWEEN 91 AND 120 "
		"THEN amount END), sum(CASE WHEN ?1 - service_day > 120 THEN "
		"amount END), sum(amount) FROM journal_line WHERE account = "
		"'ar_patient' AND day <= ?1 GROUP BY patient";
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		exit(1);
	t = bench_now_ms();
	sqlite3_bind_int(st, 1, as_of);
	*rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		*rows += sqlite3_column_int64(st, 7) != 0;
	t = bench_now_ms() - t;
	sqlite3_finalize(st);
	return t;
}

static int render(void *ud, const mo_statement *s)
{
	mo_cli_statement_text(ud, s);
	return 0;
}

/* One run as of today (dry or not); its time in ms. */
static double timed_run(mo_practice *p, bool dry, FILE *sink, int want)
{
	mo_stmt_opts o = {.dry_run = dry};
	mo_stmt_result r;
	mo_err e;
	double t = bench_now_ms();
	if (mo_stmt_run(p, "drlee", &o, dry ? NULL : render, NULL,
			sink, &r, &e)) {
		fprintf(stderr, "statements: %s\n", e.msg);
		exit(1);
	}
	t = bench_now_ms() - t;
	if (r.sent != want) {
		fprintf(stderr, "statements: %lld sent, %d expected\n",
			(long long)r.sent, want);
		exit(1);
	}
	return t;
}

static void set_clock(int round)
{
	char iso[40];
	int y, m, d;
	mo_civil_from_days(mo_days_from_civil(2026, 11, 23) + 30 * round, &y,
			   &m, &d);
	snprintf(iso, sizeof iso, "%04d-%02d-%02dT18:00:00Z", y, m, d);
	setenv("MEDOFFICE_NOW", iso, 1);
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 10000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5, rows = 0;
	char dir[] = "/tmp/mo-bench-stmt-XXXXXX", cmd[300], name[96];
	double *dry, *real, *fl;
	FILE *sink = fopen("/dev/null", "w");
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	if (n < 100 || rounds < 3 || !sink || !mkdtemp(dir))
		return 2;
	set_clock(0);
	write_practice(dir);
	if (mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e) ||
	    mo_engine_new(p, &en, &e) || mo_engine_load_policies(en, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	fill(p, n);
	dry = calloc((size_t)rounds, sizeof *dry);
	real = calloc((size_t)rounds, sizeof *real);
	fl = calloc((size_t)rounds, sizeof *fl);
	for (int r = 0; r < rounds; r++) {
		set_clock(r);
		dry[r] = timed_run(p, true, sink, n);
		real[r] = timed_run(p, false, sink, n);
		fl[r] = floor_sums(p, mo_practice_today(p), &rows);
		if (rows != n)
			return fprintf(stderr, "floor: %d rows\n", rows), 1;
	}
	double md = bench_median(dry, rounds), mr = bench_median(real, rounds),
	       mf = bench_median(fl, rounds);
	printf("%-56s %9s %9s  %s\n", "patient statements", "ms", "floor ms",
	       "ratio");
	printf("%-56s %9.1f %9.1f  %6.2fx\n", "dry run (scan, rules, build)",
	       md, mf, md / mf);
	printf("%-56s %9.1f %9.1f  %6.2fx\n",
	       "run (and record, render as text)", mr, mf, mr / mf);
	snprintf(name, sizeof name, "statements for %d patients, dry run", n);
	bench_result(name, md, -1, "ms", "", mf);
	snprintf(name, sizeof name, "statements for %d patients, recorded", n);
	bench_result(name, mr, -1, "ms", "<=2000", mf);
	bench_peak("bench_statement", RUSAGE_SELF);
	mo_engine_free(en);
	mo_practice_close(p);
	fclose(sink);
	free(dry);
	free(real);
	free(fl);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) != 0;
}
