/* test_seed.c: unit tests of core/seed.c's use of the database: the seed
 * writes through the WAL with checkpoints every MO_SEED_CHECKPOINT pages
 * and leaves the WAL file empty and SQLite's default interval behind it,
 * the connection still open (as the shell keeps it). (Determinism and the
 * seeded data are tested end to end by tests/cli/test_seed.sh.) It uses
 * cmocka and a practice in a temporary folder. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include "seed.h"

#define NOW "2026-11-23T15:00:00Z"

static int setup(void **state)
{
	return pfx_setup(state, "seed", PFX_BILLING_YAML, NOW);
}

static pfx_fixture *F(void **state)
{
	return *state;
}

static mo_seed_counts seed(mo_practice *p)
{
	mo_seed_opts o = {.patients = 200, .days = 5, .seed = 7};
	mo_seed_counts n;
	mo_err e = {0};
	if (mo_seed_run(p, "system", &o, &n, &e))
		fail_msg("seed: %s", e.msg);
	return n;
}

static void test_wal_left_empty(void **state)
{
	pfx_fixture *f = F(state);
	char wal[96];
	struct stat sb;
	mo_seed_counts n = seed(f->p);
	assert_int_equal(n.patients, 200);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM patient"), 200);
	snprintf(wal, sizeof wal, "%s/practice.db-wal", f->dir);
	assert_int_equal(stat(wal, &sb), 0); /* still open: the file is there */
	assert_int_equal(sb.st_size, 0);
	assert_int_equal(query_int(f->p, "PRAGMA wal_autocheckpoint"), 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wal_left_empty, setup,
						pfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
