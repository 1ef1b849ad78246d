/* bench_clia.c: CLIA-waived test workflows at volume. DIR is a
 * family-practice practice (its waived_test workflow and jobs). Directly
 * with SQLite (not measured): N patients each with a visit seen today.
 * Then, through the primitives with every check, rule and audit entry:
 * a kit lot, a temperature, aisha's passing QC and competency, and for
 * each visit a
 * rapid strep test ordered and taken through all its transitions (collect,
 * QC gate, perform, result, review, notify, close: eight operations, the
 * guards evaluated in Lua, the QC-gate facts computed from the records,
 * the charge entered at the close), 500 tests a transaction (a busy
 * day's). The floor, in the same run on a copy
 * of the database: the same rows those operations write (the run, its
 * eight steps and seven moves, the test and its updates, the specimen,
 * result, review and notification records, eight audit and decision-log
 * entries, the encounter, its diagnosis, the charge and its ledger
 * entry) with plain prepared statements in one transaction.
 * Prints workflows per second, the ratio, RESULT lines and the peak
 * memory. Usage: bench_clia DIR [N]. */
#include "bench.h"

#include <string.h>

#include "clia.h"
#include "engine.h"
#include "practice.h"

static void fail(const char *what, const mo_err *e)
{
	fprintf(stderr, "bench_clia: %s: %s\n", what, e->msg);
	exit(1);
}

static void fill(sqlite3 *db, long n, int32_t day)
{
	char sql[900];
	snprintf(sql, sizeof sql, "BEGIN; INSERT INTO patient(id, family, "
		 "given, birth_day, sex, name_key, created_us, created_by, "
		 "updated_us, updated_by) WITH RECURSIVE n(i) AS (SELECT 1 "
		 "UNION ALL SELECT i + 1 FROM n WHERE i < %ld) SELECT i, 'Doe', "
		 "'Pat', 3000, 'female', 'doe pat', 0, 'b', 0, 'b' FROM n;"
		 "INSERT INTO appointment(id, patient, provider, location, "
		 "visit_type, start_us, end_us, status, created_us, created_by, "
		 "updated_us) SELECT id, id, 'dr_hart', 'main', 'sick_visit', "
		 "%d * 86400000000 + 54000000000, %d * 86400000000 + "
		 "54900000000, 'seen', 0, 'b', 0 FROM patient; COMMIT", n, day,
		 day);
	bench_exec(db, sql);
}

typedef struct step {
	const char *as, *event;
	mo_fact f[4];
	size_t n;
} step;

static void one(mo_practice *p, int64_t appt)
{
	static const step steps[] = {
		{"aisha", "collect", {{"specimen", MO_FACT_STR, "throat swab", 0},
				      {"name", MO_FACT_STR, "Pat Doe", 0},
				      {"dob", MO_FACT_STR, "1978-03-20", 0}},
		 3},
		{"aisha", "qc_pass", {{"lot", MO_FACT_STR, "K100", 0}}, 1},
		{"aisha", "perform", {{0}}, 0},
		{"aisha", "result", {{"value", MO_FACT_STR, "negative", 0}}, 1},
		{"dr_hart", "review", {{0}}, 0},
		{"aisha", "notify", {{0}}, 0},
		{"dr_hart", "close", {{0}}, 0},
	};
	int64_t id;
	mo_err e;
	if (mo_clia_order(p, "dr_hart", appt, "rapid_strep", "J02.9", &id, &e))
		fail("order", &e);
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
		if (mo_clia_step(p, steps[i].as, id, steps[i].event, steps[i].f,
				 steps[i].n, NULL, &e))
			fail(steps[i].event, &e);
}

static void records(mo_practice *p)
{
	mo_err e;
	mo_clia_lot_new lot = {"rapid_strep", "kit", "K100", NULL,
			       mo_practice_today(p) + 300, NULL};
	if (mo_clia_lot_add(p, "maria", &lot, NULL, &e) ||
	    mo_clia_temperature(p, "maria", "room", 2100, NULL, NULL, &e) ||
	    mo_clia_qc(p, "aisha", "rapid_strep", "K100", "positive",
		       "positive", "positive", "new lot", NULL, NULL, &e) ||
	    mo_clia_competency(p, "maria", "aisha", "rapid_strep",
			       mo_practice_today(p) + 365, &e))
		fail("records", &e);
}

/* ---- the floor ---- */

static const char *const FLOOR_SQL[] = {
	"INSERT INTO workflow_run(workflow, subject, state, created_us, "
	"created_by, updated_us) VALUES('waived_test', 'patient:' || ?1, "
	"'ordered', 1, 'dr_hart', 1)",
	"INSERT INTO workflow_step(run, at_us, actor, event, from_state, "
	"to_state, facts) VALUES(?2, 1, 'aisha', 'collect', 'ordered', "
	"'collected', '{\"identifiers\":2}')",
	"UPDATE workflow_run SET state = 'collected', final = 0, updated_us = 2 "
	"WHERE id = ?2",
	"INSERT INTO audit(at_us, actor, action, record, decision, detail, "
	"prev, hash) VALUES(1, 'aisha', 'clia.collect', 'workflow_run:' || "
	"?2, 'allowed', '{\"run\":1,\"event\":\"collect\"}', "
	"'0000000000000000000000000000000000000000000000000000000000000000', "
	"'1111111111111111111111111111111111111111111111111111111111111111')",
	"INSERT INTO decision(at_us, actor, action, verdict, reason, rule, "
	"policy_hash, inputs) VALUES(1, 'aisha', 'clia.collect', 'allow', '', "
	"'', 'x', '{\"run\":1,\"event\":\"collect\"}')",
};

static double floor_run(const char *dir, long n)
{
	char path[1000];
	sqlite3 *db;
	sqlite3_stmt *st[5], *test, *enc, *dx, *charge, *jr, *jl, *upd, *rec[4];
	double t;
	snprintf(path, sizeof path, "%s/practice.db", dir);
	if (sqlite3_open(path, &db))
		exit(1);
	bench_exec(db, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; "
		   "PRAGMA synchronous = NORMAL");
	for (int i = 0; i < 5; i++)
		st[i] = bench_prep(db, FLOOR_SQL[i]);
	test = bench_prep(db, "INSERT INTO clia_test(run, appointment, "
			  "patient, test, dx, ordered_by, created_us) "
			  "VALUES(?1, ?2, ?2, 'rapid_strep', 'J02.9', "
			  "'dr_hart', 1)");
	upd = bench_prep(db, "UPDATE clia_test SET lot = 'K100', value = "
			 "'negative' WHERE run = ?1");
	rec[0] = bench_prep(db, "INSERT INTO clia_specimen(test, type, "
			    "identifiers, collected_by, collected_us) VALUES("
			    "?1, 'throat swab', 'name,dob', 'aisha', 1)");
	rec[1] = bench_prep(db, "INSERT INTO clia_result(test, value, "
			    "control_valid, lot, operator, performed_us, "
			    "resulted_us) VALUES(?1, 'negative', 1, 'K100', "
			    "'aisha', 1, 2)");
	rec[2] = bench_prep(db, "INSERT INTO clia_review(test, result, kind, "
			    "by, at_us) VALUES(?1, last_insert_rowid(), "
			    "'review', 'dr_hart', 3)");
	rec[3] = bench_prep(db, "INSERT INTO clia_notification(test, result, "
			    "method, reached, by, at_us) VALUES(?1, (SELECT "
			    "max(id) FROM clia_result WHERE test = ?1), 'phone', "
			    "1, 'aisha', 4)");
	enc = bench_prep(db, "INSERT INTO encounter(appointment, patient, "
			 "provider, location, pos, day, created_us, "
			 "created_by) VALUES(?1, ?1, 'dr_hart', 'main', '11', "
			 "1, 1, 'b')");
	dx = bench_prep(db, "INSERT INTO encounter_dx(encounter, seq, code) "
			"VALUES(last_insert_rowid(), 1, 'J02.9')");
	charge = bench_prep(db, "INSERT INTO charge(encounter, line, code, "
			    "modifiers, units, pointers, amount, provider, pos, "
			    "day, created_us, created_by) VALUES((SELECT id "
			    "FROM encounter WHERE appointment = ?1), 1, "
			    "'87880', 'QW', 1, '1', 3500, 'dr_hart', '11', 1, "
			    "1, 'b')");
	jr = bench_prep(db, "INSERT INTO journal(at_us, day, kind, memo, "
			"actor) VALUES(1, 1, 'charge', 'charge', 'dr_hart')");
	jl = bench_prep(db, "INSERT INTO journal_line(journal, account, "
			"amount, patient, charge, day, service_day) "
			"VALUES(last_insert_rowid(), 'ar_patient', 3500, ?1, "
			"(SELECT max(id) FROM charge), 1, 1)");
	t = bench_now_ms();
	bench_exec(db, "BEGIN");
	for (long a = 1; a <= n; a++) {
		sqlite3_bind_int64(st[0], 1, a);
		bench_step(db, st[0]);
		int64_t run = sqlite3_last_insert_rowid(db);
		sqlite3_bind_int64(test, 1, run);
		sqlite3_bind_int64(test, 2, a);
		bench_step(db, test);
		int64_t tid = sqlite3_last_insert_rowid(db);
		for (int k = 0; k < 8; k++)
			for (int i = 1; i < 5; i++) {
				if (i == 2 && k == 0)
					continue; /* the start moves nothing */
				sqlite3_bind_int64(st[i], 2, run);
				bench_step(db, st[i]);
			}
		sqlite3_bind_int64(upd, 1, run);
		bench_step(db, upd);
		for (int i = 0; i < 4; i++) {
			sqlite3_bind_int64(rec[i], 1, tid);
			bench_step(db, rec[i]);
		}
		sqlite3_bind_int64(enc, 1, a);
		bench_step(db, enc);
		bench_step(db, dx);
		sqlite3_bind_int64(charge, 1, a);
		bench_step(db, charge);
		bench_step(db, jr);
		sqlite3_bind_int64(jl, 1, a);
		bench_step(db, jl);
	}
	bench_exec(db, "COMMIT");
	t = bench_now_ms() - t;
	sqlite3_stmt *all[] = {st[0], st[1], st[2], st[3], st[4], test, upd,
			       enc, dx, charge, jr, jl, rec[0], rec[1], rec[2],
			       rec[3]};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		sqlite3_finalize(all[i]);
	sqlite3_close(db);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 20000;
	char cmd[900], name[120];
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	double ours, fl;
	if (argc < 2 || n < 10) {
		fprintf(stderr, "usage: bench_clia DIR [N]\n");
		return 2;
	}
	if (mo_practice_open(argv[1], 0, &p, &e) || mo_engine_new(p, &en, &e) ||
	    mo_engine_load_policies(en, &e))
		fail("open", &e);
	fill(mo_db_sqlite(mo_practice_db(p)), n, mo_practice_today(p));
	snprintf(cmd, sizeof cmd, "mkdir -p %s.floor && cp %s/practice.yaml "
		 "%s/practice.db %s.floor/", argv[1], argv[1], argv[1],
		 argv[1]);
	bench_exec(mo_db_sqlite(mo_practice_db(p)), "PRAGMA wal_checkpoint(FULL)");
	if (system(cmd) != 0)
		return 1;
	records(p);
	ours = bench_now_ms();
	for (long a = 1; a <= n; a++) {
		/* a day's tests in one transaction, as the seed writes days */
		if (a % 500 == 1 && mo_db_begin(mo_practice_db(p), &e))
			fail("begin", &e);
		one(p, a);
		if ((a % 500 == 0 || a == n) &&
		    mo_db_commit(mo_practice_db(p), &e))
			fail("commit", &e);
	}
	ours = bench_now_ms() - ours;
	mo_engine_free(en);
	mo_practice_close(p);
	snprintf(cmd, sizeof cmd, "%s.floor", argv[1]);
	fl = floor_run(cmd, n);
	printf("%-52s %11s %11s  %s\n", "CLIA test workflows", "per s",
	       "floor/s", "ratio");
	printf("%-52s %11.0f %11.0f  %6.2fx\n", "order + 7 steps, guards in Lua, "
	       "QC facts, charge", n / ours * 1000, n / fl * 1000,
	       (n / fl) / (n / ours));
	snprintf(name, sizeof name, "CLIA workflows, %ld complete tests", n);
	bench_result(name, n / ours * 1000, -1, "workflows/s", ">=20000",
		     n / fl * 1000);
	bench_peak("bench_clia", RUSAGE_SELF);
	snprintf(cmd, sizeof cmd, "rm -rf %s.floor", argv[1]);
	return system(cmd) != 0;
}
