/* bench_perm.c: the cost of deciding whether someone may do something.
 * 1. A permission check alone (mo_perm_check) with 50 jobs, 300 actions
 *    and 1,000 staff, random actor and action each time: no Lua. Every
 *    job requires a credential for one of its actions and limits the
 *    amount of another; every staff member holds two credentials.
 * 2. A full decision through the practice (mo_practice_decide) on the
 *    starter practice in DIR: the job check, then the one Lua rule for
 *    task.cancel ("only the creator cancels"), through the engine's
 *    protected call.
 * 3. The floor for 2 and 4, measured in the same run: a bare C->Lua call
 *    of a function taking a small table (lua_pcall), no medoffice code.
 * 4. Approval routing (mo_practice_route): which tier of the starter
 *    practice's `approval "refund"` applies to an amount and who approves,
 *    through the engine's protected call into the approval DSL.
 * 5. Filing a request (mo_approval_request: routing, separation of
 *    duties, the decision log, the request and its first event, the audit
 *    entry, one transaction), next to its floor: the same four rows
 *    inserted directly with SQLite in one transaction.
 * Calls are timed in batches of 100; the figures are the median and the
 * 99th percentile of the per-call time over the batches. Usage:
 * bench_perm DIR [BATCHES]. */
#include "bench.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "approval.h"
#include "engine.h"
#include "perm.h"

#define BATCH 100
#define NACTIONS 300
#define NJOBS 50
#define NSTAFF 1000

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* Prints a figure (median and p99 in us); with a target, also its line
 * for the summary table. */
static void report(const char *name, double *v, int n, double floor_med,
		   const char *target)
{
	qsort(v, (size_t)n, sizeof *v, bench_by_value);
	printf("%-44s %8.3f %8.3f", name, v[n / 2], v[n * 99 / 100]);
	if (floor_med > 0)
		printf("  %5.2fx", v[n / 2] / floor_med);
	printf("\n");
	if (target) {
		char figure[64]; /* the name without its " (us)" */
		snprintf(figure, sizeof figure, "%.*s", (int)(strlen(name) - 5),
			 name);
		bench_result(figure, v[n / 2], v[n * 99 / 100], "us", target,
			     floor_med > 0 ? floor_med : -1);
	}
}

static char action_names[NACTIONS][16], job_names[NJOBS][16],
	staff_names[NSTAFF][16];

/* 50 jobs permitting 60 of the 300 actions each, with a requirement
 * (a current CMA or RMA) for the first and a limit for the second; 1,000
 * staff with two credentials each. */
static mo_perm *synthetic(void)
{
	static const char *actions[NACTIONS], *may[NJOBS][60];
	static const char *kinds[] = {"CMA", "RMA"};
	static mo_job_require req[NJOBS];
	static mo_job_limit lim[NJOBS];
	static mo_job jobs[NJOBS];
	static mo_credential creds[] = {{.kind = "BLS", .expires = 21000},
					{.kind = "CMA", .expires = 0}};
	static mo_perm_staff staff[NSTAFF];
	mo_perm *pm;
	mo_err e;
	for (int i = 0; i < NACTIONS; i++) {
		snprintf(action_names[i], 16, "domain%02d.verb%d", i / 10, i % 10);
		actions[i] = action_names[i];
	}
	for (int j = 0; j < NJOBS; j++) {
		snprintf(job_names[j], 16, "job%02d", j);
		for (int k = 0; k < 60; k++)
			may[j][k] = actions[(j * 7 + k * 5) % NACTIONS];
		req[j] = (mo_job_require){may[j][0], kinds, 2};
		lim[j] = (mo_job_limit){may[j][1], 50000};
		jobs[j] = (mo_job){.id = job_names[j], .title = job_names[j],
				   .level = "staff", .may = may[j], .nmay = 60,
				   .requires = &req[j], .nrequires = 1,
				   .limits = &lim[j], .nlimits = 1};
	}
	for (int s = 0; s < NSTAFF; s++) {
		snprintf(staff_names[s], 16, "s%04d", s);
		staff[s] = (mo_perm_staff){staff_names[s], job_names[s % NJOBS],
					   creds, 2};
	}
	if (mo_perm_build(actions, NACTIONS, jobs, NJOBS, staff, NSTAFF, &pm,
			  &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	return pm;
}

static void bench_perm(int batches)
{
	mo_perm *pm = synthetic();
	double *v = calloc((size_t)batches, sizeof *v);
	mo_decision d;
	mo_fact facts[] = {{"amount", MO_FACT_MONEY, NULL, 2500}};
	unsigned seed = 1, allowed = 0;
	for (int b = 0; b < batches; b++) {
		double t = now_ns();
		for (int i = 0; i < BATCH; i++) {
			seed = seed * 1103515245u + 12345u;
			allowed += mo_perm_check(pm, staff_names[(seed >> 8) % NSTAFF],
						 action_names[(seed >> 20) % NACTIONS],
						 facts, 1, 20500, &d) == 0;
		}
		v[b] = (now_ns() - t) / BATCH / 1000.0;
	}
	report("permission check, no Lua (us)", v, batches, 0, "<=1");
	printf("  (%u of %d checks allowed)\n", allowed, batches * BATCH);
	mo_perm_free(pm);
	free(v);
}

/* The floor: lua_pcall of function(t) return t.actor == t.created_by end
 * with a two-field table. */
static double bench_floor(int batches)
{
	lua_State *L = luaL_newstate();
	double *v = calloc((size_t)batches, sizeof *v), med;
	luaL_openlibs(L);
	luaL_dostring(L, "function f(t) if t.actor ~= t.created_by then "
		      "return 1 end end");
	for (int b = 0; b < batches; b++) {
		double t = now_ns();
		for (int i = 0; i < BATCH; i++) {
			lua_getglobal(L, "f");
			lua_createtable(L, 0, 2);
			lua_pushstring(L, "maria");
			lua_setfield(L, -2, "actor");
			lua_pushstring(L, "maria");
			lua_setfield(L, -2, "created_by");
			if (lua_pcall(L, 1, 1, 0) != LUA_OK)
				exit(1);
			lua_pop(L, 1);
		}
		v[b] = (now_ns() - t) / BATCH / 1000.0;
	}
	report("floor: bare C->Lua call, small table (us)", v, batches, 0,
	       NULL);
	med = v[batches / 2];
	lua_close(L);
	free(v);
	return med;
}

static void bench_rule(const char *dir, int batches, double floor_med)
{
	mo_practice *p;
	mo_engine *en;
	mo_decision d;
	mo_err e;
	double *v = calloc((size_t)batches, sizeof *v);
	mo_fact facts[] = {{"created_by", MO_FACT_STR, "maria", 0}};
	if (mo_practice_open(dir, MO_PRACTICE_READONLY, &p, &e) ||
	    mo_engine_new(p, &en, &e) || mo_engine_load_policies(en, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
	for (int b = 0; b < batches; b++) {
		double t = now_ns();
		for (int i = 0; i < BATCH; i++)
			if (mo_practice_decide(p, "maria", "task.cancel", facts,
					       1, &d, &e) || d.verdict ==
			    MO_VERDICT_DENY)
				exit(1);
		v[b] = (now_ns() - t) / BATCH / 1000.0;
	}
	report("decision: job check + one Lua rule (us)", v, batches,
	       floor_med, "<=5");
	mo_engine_free(en);
	mo_practice_close(p);
	free(v);
}

static void open_engine(const char *dir, int flags, mo_practice **p,
			mo_engine **en)
{
	mo_err e;
	if (mo_practice_open(dir, flags, p, &e) || mo_engine_new(*p, en, &e) ||
	    mo_engine_load_policies(*en, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		exit(1);
	}
}

static void bench_route(const char *dir, int batches, double floor_med)
{
	mo_practice *p;
	mo_engine *en;
	mo_route r;
	mo_err e;
	double *v = calloc((size_t)batches, sizeof *v);
	mo_fact facts[] = {{"amount", MO_FACT_MONEY, NULL, 75000}};
	open_engine(dir, MO_PRACTICE_READONLY, &p, &en);
	for (int b = 0; b < batches; b++) {
		double t = now_ns();
		for (int i = 0; i < BATCH; i++) {
			facts[0].i = 2600 + (i * 997) % 100000;
			if (mo_practice_route(p, "refund", "joe", facts, 1, &r,
					      &e) || !r.needed) {
				fprintf(stderr, "%s\n", e.msg);
				exit(1);
			}
		}
		v[b] = (now_ns() - t) / BATCH / 1000.0;
	}
	report("approval routing: refund tiers in Lua (us)", v, batches,
	       floor_med, "<=20");
	mo_engine_free(en);
	mo_practice_close(p);
	free(v);
}

/* The floor of filing: four rows like a request's, one transaction. */
static double bench_file_floor(const char *dir, int n)
{
	char *path = mo_sprintf("%s/floor.db", dir);
	sqlite3 *db;
	sqlite3_stmt *st[4];
	double *v = calloc((size_t)n, sizeof *v), med;
	static const char *sql[4] = {
		"INSERT INTO d(a, b, c) VALUES('joe', 'approval.route', '{}')",
		"INSERT INTO r(a, b, c) VALUES('refund', 'joe', '{}')",
		"INSERT INTO e(a, b, c) VALUES(1, 'joe', 'requested')",
		"INSERT INTO a(a, b, c) VALUES('joe', 'approval.request', 'x')",
	};
	if (!path || sqlite3_open(path, &db) != SQLITE_OK)
		exit(1);
	sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     "CREATE TABLE d(id INTEGER PRIMARY KEY, a, b, c);"
		     "CREATE TABLE r(id INTEGER PRIMARY KEY, a, b, c);"
		     "CREATE TABLE e(id INTEGER PRIMARY KEY, a, b, c);"
		     "CREATE TABLE a(id INTEGER PRIMARY KEY, a, b, c);",
		     NULL, NULL, NULL);
	for (int k = 0; k < 4; k++)
		sqlite3_prepare_v2(db, sql[k], -1, &st[k], NULL);
	for (int i = 0; i < n; i++) {
		double t = now_ns();
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		for (int k = 0; k < 4; k++) {
			sqlite3_step(st[k]);
			sqlite3_reset(st[k]);
		}
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		v[i] = (now_ns() - t) / 1000.0;
	}
	report("floor: 4 rows inserted in a transaction (us)", v, n, 0, NULL);
	med = v[n / 2];
	for (int k = 0; k < 4; k++)
		sqlite3_finalize(st[k]);
	sqlite3_close(db);
	free(path);
	free(v);
	return med;
}

static void bench_file(const char *dir, int n)
{
	double floor_med = bench_file_floor(dir, n);
	double *v = calloc((size_t)n, sizeof *v);
	mo_request_new in = {"refund", "Refund overpaid copay", true, 7500,
			     NULL, 0};
	mo_practice *p;
	mo_engine *en;
	mo_err e;
	open_engine(dir, 0, &p, &en);
	for (int i = 0; i < n; i++) {
		double t = now_ns();
		if (mo_approval_request(p, "joe", &in, NULL, &e)) {
			fprintf(stderr, "%s\n", e.msg);
			exit(1);
		}
		v[i] = (now_ns() - t) / 1000.0;
	}
	report("filing a request, one transaction (us)", v, n, floor_med,
	       "");
	mo_engine_free(en);
	mo_practice_close(p);
	free(v);
}

int main(int argc, char **argv)
{
	int batches = argc > 2 ? atoi(argv[2]) : 2000;
	double floor_med;
	if (argc < 2 || batches < 100)
		return 2;
	printf("%-44s %8s %8s  %s\n", "per call, batches of 100", "median",
	       "p99", "vs floor");
	bench_perm(batches);
	floor_med = bench_floor(batches);
	bench_rule(argv[1], batches, floor_med);
	bench_route(argv[1], batches, floor_med);
	bench_file(argv[1], batches);
	bench_peak("bench_perm", RUSAGE_SELF);
	return 0;
}
