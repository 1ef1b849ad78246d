/* bench_due.c: the one task list on a practice with years of history.
 * DIR is a family-practice practice seeded by `medoffice seed` (run.sh
 * seeds five years: appointments, charges, claims, remittances, the CLIA
 * lab's lots, QC and temperatures, and what the office areas seed). Measured,
 * R times, the median kept: the whole list for the office manager
 * (mo_due_list: every source, the permission checks of each item, the
 * sort, the audited read), and as the floor the same sources' row reads
 * done directly with SQLite (open tasks, open requests, appointments
 * flagged for a call, the CLIA QC, lot and temperature tables, stock on
 * hand, the last service of each schedule, the unpaid bills, the last
 * seven biweekly periods' time cards, the personnel file's latest
 * records, the checklist results per period, the last waste pickup, the
 * open incidents). Prints the times, the
 * ratio, RESULT lines. Usage: bench_due DIR [R]. */
#include "bench.h"

#include "due.h"
#include "engine.h"
#include "practice.h"

static void fail(const char *what, const mo_err *e)
{
	fprintf(stderr, "bench_due: %s: %s\n", what, e->msg);
	exit(1);
}

static int count(void *ud, const mo_due_item *it)
{
	(void)it;
	(*(long *)ud)++;
	return 0;
}

static const char *const FLOOR_SQL[] = {
	"SELECT id, title, assignee, due_us FROM task WHERE status = 'open'",
	"SELECT id, kind, summary, route, step, step_since_us FROM request "
	"WHERE status IN ('requested', 'escalated')",
	"SELECT id, patient, provider FROM appointment WHERE needs_call = 1",
	"SELECT test, lot, max(day) FROM clia_qc WHERE passed = 1 GROUP BY "
	"test, lot",
	"SELECT test, kind, lot, expires FROM clia_lot",
	"SELECT storage, max(id) FROM clia_temperature GROUP BY storage",
	"SELECT item, sum(quantity) FROM inv_movement GROUP BY item",
	"SELECT schedule, max(done_us) FROM asset_service GROUP BY schedule",
	"SELECT id, due_day, amount - paid FROM bill WHERE status NOT IN "
	"('paid', 'void')",
	"SELECT staff, count(*) FROM tc_card WHERE in_us >= (SELECT max(in_us) "
	"FROM tc_card) - 7 * 14 * 86400000000 GROUP BY staff",
	"SELECT staff, kind, max(day) FROM hr_record WHERE voided = 0 AND "
	"kind IN ('hire', 'role', 'termination', 'review') GROUP BY staff, kind",
	"SELECT checklist, period, count(DISTINCT item) FROM comp_record GROUP "
	"BY checklist, period",
	"SELECT max(day) FROM waste_pickup",
	"SELECT id, kind, follow_up FROM incident WHERE status <> 'closed'",
};

static double floor_run(sqlite3 *db, long *rows)
{
	double t = bench_now_ms();
	*rows = 0;
	for (size_t i = 0; i < sizeof FLOOR_SQL / sizeof FLOOR_SQL[0]; i++) {
		sqlite3_stmt *st = bench_prep(db, FLOOR_SQL[i]);
		while (sqlite3_step(st) == SQLITE_ROW)
			(*rows)++;
		sqlite3_finalize(st);
	}
	return bench_now_ms() - t;
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double a[32], b[32];
	long items = 0, rows = 0;
	char path[1000];
	mo_practice *p;
	mo_engine *en;
	sqlite3 *raw;
	mo_err e;
	if (argc < 2 || runs < 1 || runs > 32) {
		fprintf(stderr, "usage: bench_due DIR [R]\n");
		return 2;
	}
	if (mo_practice_open(argv[1], 0, &p, &e) || mo_engine_new(p, &en, &e) ||
	    mo_engine_load_policies(en, &e))
		fail("open", &e);
	snprintf(path, sizeof path, "%s/practice.db", argv[1]);
	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL))
		return 1;
	int32_t through = mo_practice_today(p) + 30;
	for (int i = 0; i < runs; i++) {
		double t = bench_now_ms();
		items = 0;
		if (mo_due_list(p, "maria", "maria", through, count, &items, &e))
			fail("tasks", &e);
		a[i] = bench_now_ms() - t;
		b[i] = floor_run(raw, &rows);
	}
	double ma = bench_median(a, runs), mb = bench_median(b, runs);
	printf("%-58s %10s %10s %6s\n", "the task list", "ms", "floor ms",
	       "ratio");
	printf("%-58s %10.1f %10.1f %5.2fx\n", "the office manager's, 30 days "
	       "ahead", ma, mb, ma / mb);
	printf("(%ld items; the floor read %ld rows; %d runs, medians)\n",
	       items, rows, runs);
	printf("RESULT\ttask list, seeded years of history\t%.1f\t-1\tms\t"
	       "<=100\t%.1f\n", ma, mb);
	sqlite3_close(raw);
	mo_engine_free(en);
	mo_practice_close(p);
	return 0;
}
