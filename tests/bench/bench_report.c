/* bench_report.c: the day sheet on a big ledger. DIR is a family-practice
 * practice (its report pack). Directly with SQLite (not measured): N
 * ledger lines over a year (a charge's two lines, then a payment's two,
 * for N/4 charges of five providers, each with its visit). Measured, R
 * times each, the median kept: the day sheet of one day through
 * medoffice (the engine's report run: the parameters converted, the
 * query checked under the authorizer and audited, the rows grouped,
 * totalled and rendered as text into /dev/null), and as the floor the
 * same query (taken from the declaration) prepared and stepped directly
 * with SQLite. Prints the times, the ratio, RESULT lines. Usage:
 * bench_report DIR [N [R]]. */
#include "bench.h"

#include <lauxlib.h>
#include <string.h>

#include "engine.h"
#include "units.h"
#include "practice.h"

static void fail(const char *what, const mo_err *e)
{
	fprintf(stderr, "bench_report: %s: %s\n", what, e->msg);
	exit(1);
}

static void fill(sqlite3 *db, long n, int32_t today)
{
	char sql[2400];
	long charges = n / 4;
	snprintf(sql, sizeof sql,
		 "PRAGMA foreign_keys = OFF; BEGIN;"
		 "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
		 "WHERE i < %ld) INSERT INTO appointment(id, patient, provider, "
		 "location, visit_type, start_us, end_us, status, created_us, "
		 "created_by, updated_us) SELECT i, 1, 'dr_' || (i / 7 %% 5), 'main', "
		 "'sick_visit', (%d - i %% 365) * 86400000000 + 54000000000, "
		 "(%d - i %% 365) * 86400000000 + 54900000000, 'checked_out', 0, "
		 "'b', 0 FROM c;"
		 "INSERT INTO charge(id, encounter, line, code, units, pointers, "
		 "amount, provider, pos, day, created_us, created_by) SELECT id, "
		 "id, 1, '99213', 1, '1', 10000 + id %% 5000, provider, '11', "
		 "%d - id %% 365, 0, 'b' FROM appointment;"
		 "INSERT INTO journal(id, at_us, day, kind, memo, actor) SELECT "
		 "id * 2 - 1, 0, day, 'charge', 'c', 'b' FROM charge;"
		 "INSERT INTO journal(id, at_us, day, kind, memo, actor) SELECT "
		 "id * 2, 0, day + 20, 'payment', 'p', 'b' FROM charge;"
		 "INSERT INTO journal_line(journal, account, amount, patient, "
		 "charge, day, service_day) SELECT id * 2 - 1, 'ar_payer', amount, "
		 "1, id, day, day FROM charge UNION ALL SELECT id * 2 - 1, "
		 "'revenue', -amount, 1, id, day, day FROM charge UNION ALL SELECT "
		 "id * 2, 'bank', amount * 8 / 10, 1, id, day + 20, day FROM "
		 "charge UNION ALL SELECT id * 2, 'ar_payer', -(amount * 8 / 10), "
		 "1, id, day + 20, day FROM charge;"
		 "COMMIT; PRAGMA foreign_keys = ON; ANALYZE;",
		 charges, today, today, today);
	bench_exec(db, sql);
}

/* The day sheet through medoffice, rendered into /dev/null. */
static double ours(mo_engine *en, const char *day)
{
	lua_State *L = mo_engine_state(en);
	double t;
	mo_err e;
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	lua_getfield(L, -1, "run");
	lua_remove(L, -2);
	lua_pushstring(L, "day_sheet");
	lua_createtable(L, 0, 1);
	lua_pushstring(L, day);
	lua_setfield(L, -2, "day");
	lua_createtable(L, 0, 1);
	lua_pushstring(L, "/dev/null");
	lua_setfield(L, -2, "output");
	t = bench_now_ms();
	if (mo_engine_call(en, 3, 0, &e))
		fail("day_sheet", &e);
	return bench_now_ms() - t;
}

/* The declaration's query. Caller frees. */
static char *query_of(mo_engine *en)
{
	lua_State *L = mo_engine_state(en);
	char *q;
	lua_getfield(L, LUA_REGISTRYINDEX, "mo.mod.report");
	lua_getfield(L, -1, "get");
	lua_pushstring(L, "day_sheet");
	lua_call(L, 1, 1);
	lua_getfield(L, -1, "query");
	q = strdup(lua_tostring(L, -1));
	lua_pop(L, 3);
	return q;
}

/* The same query stepped directly (the day's bounds bound as the report
 * binds them). */
static double floor_run(sqlite3 *db, const char *sql, int32_t day,
			int64_t start, int64_t end, long *rows)
{
	sqlite3_stmt *st = bench_prep(db, sql);
	double t = bench_now_ms();
	sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":day"), day);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st,
			   ":day_start_us"), start);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":day_end_us"),
			   end);
	*rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW)
		(*rows)++;
	t = bench_now_ms() - t;
	sqlite3_finalize(st);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 2 ? atol(argv[2]) : 1000000, rows = 0;
	int runs = argc > 3 ? atoi(argv[3]) : 5;
	char path[1000], day[11];
	double a[32], b[32];
	mo_practice *p;
	mo_engine *en;
	sqlite3 *raw;
	mo_err e;
	if (argc < 2 || n < 1000 || runs < 1 || runs > 32) {
		fprintf(stderr, "usage: bench_report DIR [N [R]]\n");
		return 2;
	}
	if (mo_practice_open(argv[1], 0, &p, &e))
		fail("open", &e);
	int32_t today = mo_practice_today(p), d = today - 30;
	fill(mo_db_sqlite(mo_practice_db(p)), n, today);
	if (mo_engine_new(p, &en, &e) || mo_engine_load_policies(en, &e) ||
	    mo_engine_set_actor(en, "maria", &e))
		fail("engine", &e);
	char *q = query_of(en);
	snprintf(path, sizeof path, "%s/practice.db", argv[1]);
	if (sqlite3_open_v2(path, &raw, SQLITE_OPEN_READONLY, NULL))
		return 1;
	mo_date_format(d, day);
	/* the day's bounds in UTC: the practice's zone is Chicago, the fill
	 * puts visits at 15:00 UTC; the report binds the local day */
	int64_t start = (int64_t)d * 86400000000LL + 6LL * 3600000000LL;
	for (int i = 0; i < runs; i++) {
		a[i] = ours(en, day);
		b[i] = floor_run(raw, q, d, start, start + 86400000000LL, &rows);
	}
	double ma = bench_median(a, runs), mb = bench_median(b, runs);
	printf("%-58s %10s %10s %6s\n", "day sheet", "ms", "floor ms",
	       "ratio");
	printf("%-58s %10.1f %10.1f %5.2fx\n", "one day of a ledger of lines",
	       ma, mb, ma / mb);
	printf("(%ld ledger lines, %ld providers on the sheet, %d runs, "
	       "medians)\n", n, rows, runs);
	printf("RESULT\tday sheet, %ld ledger lines\t%.1f\t-1\tms\t<=200\t"
	       "%.1f\n", n, ma, mb);
	free(q);
	sqlite3_close(raw);
	mo_engine_free(en);
	mo_practice_close(p);
	return 0;
}
