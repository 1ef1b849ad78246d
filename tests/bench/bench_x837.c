/* bench_x837.c: claims and the 837P at volume. DIR is a starter practice
 * (its claim edits, policies/billing/claims.lua: six rules for
 * claim.release, and its payers Medicare, Blue Cross, Aetna) with a CLIA
 * certificate. Directly with SQLite (not measured): CLAIMS checked-out
 * visits of PATIENTS/5 insured patients with addresses, each charged 3
 * lines (99213, 99214, 87880 with QW for Medicare) posted to the payer.
 * Then, ROUNDS times on a fresh copy of the database:
 * 1. mo_claim_create: one operation making every claim and running the
 *    claim edits on each (the Lua rules, asked as medoffice itself);
 * 2. mo_claim_export per payer until none is ready: 837P batches of up
 *    to 512 claims, each value checked, written, recorded;
 * 3. the floor: one plain SELECT of the same rows (claims, patients,
 *    insurance, charges) and snprintf of the same segments (subscriber,
 *    claim, diagnosis, service lines) into one buffer.
 * Prints claims per second of each and of both together against the
 * floor, RESULT lines and the peak memory. Usage: bench_x837 DIR [CLAIMS]
 * [ROUNDS]. */
#include "bench.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "claim.h"
#include "engine.h"
#include "practice.h"

static const char *const PAYERS[] = {"medicare", "bluecross", "aetna"};

/* Visits on day (and the days before it, a thousand a day). */
static void fill(sqlite3 *db, long n, int32_t day)
{
	long patients = n / 5 + 1;
	char sql[1200];
	snprintf(sql, sizeof sql, "BEGIN; INSERT INTO patient(id, family, "
		 "given, birth_day, sex, line1, city, state, zip, name_key, "
		 "created_us, created_by, updated_us, updated_by) WITH "
		 "RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
		 "WHERE i < %ld) SELECT i, 'Doe', 'Pat' || i, 3000 + i %% 9000, "
		 "CASE i %% 2 WHEN 0 THEN 'female' ELSE 'male' END, i || ' Oak "
		 "St', 'Springfield', 'IL', '62701', 'doe pat', 0, 'b', 0, 'b' "
		 "FROM n;"
		 "INSERT INTO insurance(id, patient, payer, rank, relation, "
		 "member_id, from_day, created_us, created_by, updated_us, "
		 "updated_by) SELECT id, id, CASE id %% 3 WHEN 0 THEN 'medicare' "
		 "WHEN 1 THEN 'bluecross' ELSE 'aetna' END, 1, 'self', 'M' || "
		 "id, 0, 0, 'b', 0, 'b' FROM patient", patients);
	bench_exec(db, sql);
	snprintf(sql, sizeof sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		 "SELECT i + 1 FROM n WHERE i < %ld) INSERT INTO appointment(id, "
		 "patient, provider, location, visit_type, start_us, end_us, "
		 "status, created_us, created_by, updated_us) SELECT i, 1 + i %% "
		 "%ld, 'drlee', 'main', 'follow_up', (%d - i / 1000) * "
		 "86400000000 + 54000000000, (%d - i / 1000) * 86400000000 + "
		 "55200000000, 'checked_out', 0, 'b', 0 FROM n", n, patients, day,
		 day);
	bench_exec(db, sql);
	bench_exec(db, "INSERT INTO encounter(id, appointment, patient, provider, "
	     "location, pos, day, created_us, created_by) SELECT id, id, "
	     "patient, 'drlee', 'main', '11', start_us / 86400000000, 0, 'b' "
	     "FROM appointment;"
	     "INSERT INTO encounter_dx(encounter, seq, code) SELECT id, 1, "
	     "'J02.9' FROM encounter;"
	     "INSERT INTO charge(id, encounter, line, code, modifiers, units, "
	     "pointers, amount, expected, provider, pos, day, created_us, "
	     "created_by) SELECT e.id * 3 - 3 + v.k, e.id, v.k, v.code, CASE "
	     "WHEN v.code = '87880' AND i.payer = 'medicare' THEN 'QW' ELSE '' "
	     "END, 1, '1', v.amount, v.amount / 2, 'drlee', '11', e.day, 0, "
	     "'b' FROM encounter e JOIN insurance i ON i.patient = e.patient, "
	     "(SELECT 1 k, '99213' code, 15000 amount UNION ALL SELECT 2, "
	     "'99214', 21500 UNION ALL SELECT 3, '87880', 3500) v;"
	     "INSERT INTO journal(id, at_us, day, kind, memo, actor) SELECT id, "
	     "0, day, 'charge', 'bench', 'b' FROM encounter;"
	     "INSERT INTO journal_line(journal, account, amount, patient, "
	     "payer, charge, day, service_day) SELECT c.encounter, v.a, v.s * "
	     "c.amount, e.patient, CASE v.a WHEN 'ar_payer' THEN i.payer END, "
	     "c.id, c.day, c.day FROM charge c JOIN encounter e ON e.id = "
	     "c.encounter JOIN insurance i ON i.patient = e.patient, (SELECT "
	     "'ar_payer' a, 1 s UNION ALL SELECT 'revenue', -1) v; COMMIT");
}

/* ---- ours ---- */

static void copy_db(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof cmd, "cp %s/orig.db %s/practice.db && rm -f "
		 "%s/practice.db-wal %s/practice.db-shm", dir, dir, dir, dir);
	if (system(cmd) != 0)
		exit(1);
}

typedef struct times {
	double create, export;
	long bytes;
	int batches;
} times;

static void fail(const char *what, const mo_err *e)
{
	fprintf(stderr, "bench_x837: %s: %s\n", what, e->msg);
	exit(1);
}

static void ours(const char *dir, long n, times *t)
{
	mo_practice *p;
	mo_engine *en;
	mo_claim_counts c;
	mo_err e;
	double t0;
	copy_db(dir);
	if (mo_practice_open(dir, 0, &p, &e) || mo_engine_new(p, &en, &e) ||
	    mo_engine_load_policies(en, &e))
		fail("open", &e);
	t0 = bench_now_ms();
	if (mo_claim_create(p, "maria", mo_practice_today(p), &c, &e))
		fail("create", &e);
	t->create = bench_now_ms() - t0;
	if (c.created != n || c.ready != n) {
		fprintf(stderr, "bench_x837: %d made, %d ready of %ld\n",
			c.created, c.ready, n);
		exit(1);
	}
	t0 = bench_now_ms();
	t->bytes = 0;
	t->batches = 0;
	for (int k = 0; k < 3; k++) {
		char *text;
		size_t len;
		int rc;
		while (!(rc = mo_claim_export(p, "maria", PAYERS[k], 'P', &text,
					      &len, NULL, NULL, &e))) {
			t->bytes += (long)len;
			t->batches++;
			free(text);
		}
		if (rc != MO_ENOTFOUND)
			fail("export", &e);
	}
	t->export = bench_now_ms() - t0;
	mo_engine_free(en);
	mo_practice_close(p);
}

/* ---- the floor ---- */

static const char SQL_FLOOR[] =
	"SELECT e.id, p.family, p.given, p.birth_day, p.sex, p.line1, p.city, "
	"p.state, p.zip, i.member_id, i.payer, e.day, c.code, c.modifiers, "
	"c.amount, c.units, c.id FROM encounter e JOIN patient p ON p.id = "
	"e.patient JOIN insurance i ON i.patient = e.patient JOIN charge c ON "
	"c.encounter = e.id ORDER BY e.id, c.line";

static double floor_run(const char *dir, long *bytes)
{
	char path[300], *buf = malloc(1 << 20);
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t last = 0, total = 0;
	size_t n = 0;
	double t0;
	snprintf(path, sizeof path, "%s/orig.db", dir);
	if (!buf || sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ||
	    sqlite3_prepare_v2(db, SQL_FLOOR, -1, &st, NULL))
		exit(1);
	*bytes = 0;
	t0 = bench_now_ms();
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t enc = sqlite3_column_int64(st, 0);
		const char *mods = (const char *)sqlite3_column_text(st, 13);
		if (n > (1 << 20) - 2048) {
			*bytes += (long)n;
			n = 0;
		}
		if (enc != last) {
			last = enc;
			total += 1;
			n += (size_t)snprintf(buf + n, 2048, "HL*%lld*1*22*0~SBR*P*"
				"18*******CI~NM1*IL*1*%s*%s****MI*%s~N3*%s~N4*%s*"
				"%s*%s~DMG*D8*%d*%s~NM1*PR*2*%s*****PI*%s~CLM*%lld"
				"*%d***11:B:1*Y*A*Y*Y~HI*ABK:J029~",
				(long long)enc, sqlite3_column_text(st, 1),
				sqlite3_column_text(st, 2), sqlite3_column_text(
				st, 9), sqlite3_column_text(st, 5),
				sqlite3_column_text(st, 6), sqlite3_column_text(
				st, 7), sqlite3_column_text(st, 8),
				sqlite3_column_int(st, 3), sqlite3_column_text(st,
				4), sqlite3_column_text(st, 10),
				sqlite3_column_text(st, 10), (long long)enc, 400);
		}
		n += (size_t)snprintf(buf + n, 512, "LX*1~SV1*HC:%s%s%s*%lld*UN*"
			"%d***1~DTP*472*D8*%d~REF*6R*%lld~",
			sqlite3_column_text(st, 12), *mods ? ":" : "", mods,
			(long long)sqlite3_column_int64(st, 14) / 100,
			sqlite3_column_int(st, 15), sqlite3_column_int(st, 11),
			(long long)sqlite3_column_int64(st, 16));
	}
	t0 = bench_now_ms() - t0;
	*bytes += (long)n + (long)total * 0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(buf);
	return t0;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 100000, fbytes = 0;
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	char path[300], cmd[700];
	double *cr, *ex, *both, *fl;
	mo_practice *p;
	mo_err e;
	times t;
	if (argc < 2 || n < 100 || rounds < 1) {
		fprintf(stderr, "usage: bench_x837 DIR [CLAIMS] [ROUNDS]\n");
		return 2;
	}
	if (mo_practice_open(argv[1], 0, &p, &e))
		fail("open", &e);
	fill(mo_db_sqlite(mo_practice_db(p)), n, mo_practice_today(p) - 1);
	mo_practice_close(p);
	snprintf(path, sizeof path, "%s/practice.db", argv[1]);
	snprintf(cmd, sizeof cmd, "cp %s %s/orig.db", path, argv[1]);
	if (system(cmd) != 0)
		return 1;
	cr = calloc((size_t)rounds, sizeof *cr);
	ex = calloc((size_t)rounds, sizeof *ex);
	both = calloc((size_t)rounds, sizeof *both);
	fl = calloc((size_t)rounds, sizeof *fl);
	for (int k = 0; k < rounds; k++) {
		ours(argv[1], n, &t);
		cr[k] = n / t.create * 1000;
		ex[k] = n / t.export * 1000;
		both[k] = n / (t.create + t.export) * 1000;
		fl[k] = n / floor_run(argv[1], &fbytes) * 1000;
	}
	double mb = bench_median(both, rounds), mf = bench_median(fl, rounds);
	printf("%-52s %11s %11s  %s\n", "837P", "claims/s", "floor/s", "ratio");
	printf("%-52s %11.0f\n", "create: claims made, 6 Lua claim edits each",
	       bench_median(cr, rounds));
	printf("%-52s %11.0f\n", "export: 837P batches of 512, checked, recorded",
	       bench_median(ex, rounds));
	printf("%-52s %11.0f %11.0f  %6.2fx\n", "both, against a raw scan and "
	       "formatting", mb, mf, mf / mb);
	printf("%ld claims of 3 lines, %d batches, %ld bytes (floor %ld)\n", n,
	       t.batches, t.bytes, fbytes);
	snprintf(cmd, sizeof cmd, "837P: %ld claims of 3 lines, edits and "
		 "batches", n);
	bench_result(cmd, mb, -1, "claims/s", ">=50000", mf);
	bench_peak("bench_x837", RUSAGE_SELF);
	free(cr);
	free(ex);
	free(both);
	free(fl);
	return 0;
}
