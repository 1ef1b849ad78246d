/* practice_fixture.h: a practice in a temporary folder for the unit tests
 * of core modules that need one: pfx_open writes practice.yaml into a
 * fresh folder /tmp/mo-test-TAG-XXXXXX and opens the practice (creating
 * practice.db); pfx_close closes it and removes the folder; pfx_setup and
 * pfx_teardown are the cmocka setup and teardown of a pfx_fixture (the
 * folder and the practice, at a fixed MEDOFFICE_NOW); query_int reads one
 * integer with SQL (row counts), audit_entries counts the audit entries
 * of an action on a record, and exec_sql runs a statement (rows written
 * around the core); pfx_snap_take and pfx_snap_same show that a refused
 * operation left the database unchanged (the values of a list of integer
 * queries, and no transaction left open); pfx_perm builds the permission
 * table of a test's jobs, pfx_jobs installs it with their org chart and
 * the test's hooks (pfx_jobs_free); pfx_route answers a test's approval hook for
 * one kind of request (pfx_route_step adds a step to any route). Include
 * it after cmocka.h and unit.h. It uses
 * practice.h, action.h, org.h, perm.h and SQLite. */
#ifndef MO_TEST_PRACTICE_FIXTURE_H
#define MO_TEST_PRACTICE_FIXTURE_H

#include <stdlib.h>

#include "action.h"
#include "org.h"
#include "perm.h"
#include "practice.h"

/* A practice that bills: its NPI, tax id and address, a fee schedule
 * (99213, 87880), payers Aetna (payer_id 60054) and Medicare; staff drlee
 * (a provider) and maria. For the billing modules' tests. */
#define PFX_BILLING_YAML \
	"practice:\n" \
	"  name: Billing Test\n" \
	"  legal_name: Billing Test LLC\n" \
	"  npi: \"1245319599\"\n" \
	"  tax_id: \"36-1234567\"\n" \
	"  address: { line1: 1 Main St, city: Springfield, state: IL, zip: " \
	"\"62701\" }\n" \
	"  phone: \"2175550100\"\n" \
	"  timezone: America/Chicago\n" \
	"locations:\n" \
	"  - { id: main, name: Main, pos: \"11\", rooms: [ { id: e1, kind: " \
	"exam } ] }\n" \
	"staff:\n" \
	"  - { id: drlee, name: Dr. Dana Lee, job: doc }\n" \
	"  - { id: maria, name: Maria, job: desk }\n" \
	"providers:\n" \
	"  - { staff: drlee, npi: \"1234567893\", specialty: Family Medicine, " \
	"taxonomy: 207Q00000X }\n" \
	"visit_types:\n" \
	"  - { id: fu, name: Follow-up, duration: 20m }\n" \
	"fee_schedules:\n" \
	"  - { id: std, name: Std, fees: [ { code: \"99213\", charge: " \
	"\"150.00\", from: 2026-01-01 }, { code: \"87880\", charge: " \
	"\"35.00\", from: 2026-01-01 } ] }\n" \
	"payers:\n" \
	"  - { id: aetna, name: Aetna, kind: commercial, payer_id: \"60054\", " \
	"fee_schedule: std }\n" \
	"  - { id: medicare, name: Medicare, kind: medicare, payer_id: MCR06, " \
	"fee_schedule: std }\n"

/* 0, or -1 with the reason on stderr. */
static inline int pfx_open(const char *tag, const char *yaml, char dir[64],
			   mo_practice **p)
{
	char path[128];
	mo_err e = {0};
	snprintf(dir, 64, "/tmp/mo-test-%s-XXXXXX", tag);
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	if (write_text(path, yaml))
		return -1;
	if (mo_practice_open(dir, MO_PRACTICE_CREATE, p, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static inline void pfx_close(mo_practice *p, const char *dir)
{
	mo_practice_close(p);
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Runs sql on the practice's database, failing the test on an error. */
static inline void exec_sql(mo_practice *p, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(mo_db_sqlite(mo_practice_db(p)), sql, NULL, NULL,
			 &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

static inline int64_t query_int(mo_practice *p, const char *sql)
{
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st = NULL;
	int64_t v;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(sq));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A test's practice: its folder and the open practice. */
typedef struct pfx_fixture {
	char dir[64];
	mo_practice *p;
} pfx_fixture;

/* A cmocka setup: MEDOFFICE_NOW set to now and a practice of yaml opened
 * in a folder named after tag, into a pfx_fixture in *state (freed by
 * pfx_teardown); 0 or -1. */
static inline int pfx_setup(void **state, const char *tag, const char *yaml,
			    const char *now)
{
	pfx_fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", now, 1);
	return pfx_open(tag, yaml, f->dir, &f->p);
}

/* The cmocka teardown of pfx_setup. */
static inline int pfx_teardown(void **state)
{
	pfx_fixture *f = *state;
	pfx_close(f->p, f->dir);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* The number of audit entries of actor's action on record. */
static inline int64_t audit_entries(mo_practice *p, const char *actor,
				    const char *action, const char *record)
{
	char sql[300];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE actor = "
		 "'%s' AND action = '%s' AND record = '%s'", actor, action,
		 record);
	return query_int(p, sql);
}

/* The most queries a pfx_snap holds. */
#define PFX_SNAP_MAX 16

/* The state of the database as the values of integer queries (row
 * counts, checksums), to show that a refused operation wrote nothing. */
typedef struct pfx_snap {
	const char *const *sql; /* NULL-terminated, not owned */
	int64_t v[PFX_SNAP_MAX];
} pfx_snap;

/* The values of sql (a NULL-terminated array of at most PFX_SNAP_MAX
 * queries, each reading one integer, that outlives the snapshot) now. */
static inline pfx_snap pfx_snap_take(mo_practice *p, const char *const *sql)
{
	pfx_snap s = {sql, {0}};
	for (size_t i = 0; sql[i]; i++) {
		if (i == PFX_SNAP_MAX)
			fail_msg("pfx_snap: more than %d queries", PFX_SNAP_MAX);
		s.v[i] = query_int(p, sql[i]);
	}
	return s;
}

/* Asserts that each query of before still reads its value (failing at
 * the caller's file:line with the query and both values) and that no
 * transaction is left open. */
#define pfx_snap_same(p, before) \
	pfx_snap_same_at((p), (before), __FILE__, __LINE__)

static inline void pfx_snap_same_at(mo_practice *p, const pfx_snap *before,
				    const char *file, int line)
{
	for (size_t i = 0; before->sql[i]; i++) {
		int64_t now = query_int(p, before->sql[i]);
		if (now == before->v[i])
			continue;
		print_error("ERROR: %s: %lld before, %lld now\n",
			    before->sql[i], (long long)before->v[i],
			    (long long)now);
		_fail(file, line);
	}
	if (mo_db_tx_depth(mo_practice_db(p)) != 0) {
		print_error("ERROR: a transaction is left open\n");
		_fail(file, line);
	}
}

/* The permission table of jobs over the whole action catalogue for the
 * practice's staff (the first 16), into *perm (caller frees with
 * mo_perm_free). */
static inline int pfx_perm(mo_practice *p, const mo_job *jobs, size_t njobs,
			   mo_perm **perm, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	const char *names[256];
	mo_perm_staff staff[16];
	size_t n = 0, k = 0;
	for (; mo_actions[n].name && n < 256; n++)
		names[n] = mo_actions[n].name;
	for (; k < c->nstaff && k < 16; k++)
		staff[k] = (mo_perm_staff){c->staff[k].id, c->staff[k].job,
					   NULL, 0};
	return mo_perm_build(names, n, jobs, njobs, staff, k, perm, e);
}

/* A test's jobs installed on p: their permission table (pfx_perm; none
 * when perm is NULL) and org chart, and the hooks h. 0, or -1 with the
 * error printed. The caller frees both with pfx_jobs_free after closing
 * p. */
static inline int pfx_jobs(mo_practice *p, const mo_job *jobs, size_t njobs,
			   const mo_hooks *h, mo_perm **perm, mo_org **org)
{
	mo_err e = {0};
	if ((perm && pfx_perm(p, jobs, njobs, perm, &e)) ||
	    mo_org_build(mo_practice_config(p), jobs, njobs, org, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	if (perm)
		mo_practice_set_perm(p, *perm);
	mo_practice_set_org(p, *org);
	mo_practice_set_hooks(p, h);
	return 0;
}

static inline void pfx_jobs_free(mo_perm *perm, mo_org *org)
{
	mo_perm_free(perm);
	mo_org_free(org);
}

/* ---- a test's approval route ---- */

/* Adds a step decided by job to r, which then needs approval. */
static inline void pfx_route_step(mo_route *r, const char *job)
{
	mo_route_step *st = &r->steps[r->nsteps++];
	r->needed = true;
	st->njobs = 1;
	snprintf(st->jobs[0], MO_ROUTE_ID, "%s", job);
}

/* One kind of request as a test's policies would declare it: rule (its
 * "approval KIND (file:line)"), the guarded action, needed when the
 * amount fact is over `over` cents (-1: whatever the amount) and the
 * requester is not `free` (NULL: nobody goes free), in one step decided
 * by `job`; the route's reason is `over_reason` when needed, else
 * `under_reason`. */
typedef struct pfx_route_spec {
	const char *kind, *rule, *action;
	int64_t over;
	const char *free, *job;
	const char *over_reason, *under_reason;
} pfx_route_spec;

/* Fills r for a request of kind by requester with facts f, as spec
 * says; MO_ENOTFOUND for any other kind. */
static inline int pfx_route(const pfx_route_spec *spec, const char *kind,
			    const char *requester, const mo_fact *f, size_t n,
			    mo_route *r, mo_err *e)
{
	int64_t amount = 0;
	if (strcmp(kind, spec->kind) != 0)
		return mo_err_set(e, MO_ENOTFOUND, "no approval \"%s\"", kind);
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, "amount") == 0)
			amount = f[i].i;
	memset(r, 0, sizeof *r);
	snprintf(r->rule, sizeof r->rule, "%s", spec->rule);
	snprintf(r->action, sizeof r->action, "%s", spec->action);
	if (amount > spec->over &&
	    (!spec->free || strcmp(requester, spec->free) != 0))
		pfx_route_step(r, spec->job);
	snprintf(r->reason, sizeof r->reason, "%s",
		 r->needed ? spec->over_reason : spec->under_reason);
	return 0;
}

#endif
