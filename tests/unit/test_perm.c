/* test_perm.c: unit tests of core/perm.h, the permissions compiled from
 * job descriptions: bad input first (unknown actions and jobs), then
 * allowed and denied checks, the system actor, people not on the staff,
 * and actions on both sides of the 64-bit word boundaries. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "perm.h"

#define NACTIONS 130

static char names[NACTIONS][16];
static const char *actions[NACTIONS];

static int setup(void **state)
{
	(void)state;
	for (int i = 0; i < NACTIONS; i++) {
		snprintf(names[i], sizeof names[i], "a.x%03d", i);
		actions[i] = names[i];
	}
	return 0;
}

static void test_bad_input(void **state)
{
	const char *may[] = {"a.x001", "no.such"};
	mo_job jobs[] = {{"clerk", "Clerk", "staff", NULL, NULL, may, 2, NULL, 0}};
	mo_perm_staff staff[] = {{"ann", "clerk"}};
	mo_perm *pm = (mo_perm *)1;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 1, staff, 1,
				       &pm, &e), MO_EINVAL);
	assert_null(pm);
	assert_non_null(strstr(e.msg, "unknown action \"no.such\""));
	jobs[0].nmay = 1;
	staff[0].job = "clark";
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 1, staff, 1,
				       &pm, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "\"ann\" holds unknown job \"clark\""));
}

static void test_checks(void **state)
{
	const char *clerk_may[] = {"a.x000", "a.x063", "a.x064", "a.x129"};
	const char *boss_may[] = {"a.x065"};
	mo_job jobs[] = {
		{"clerk", "Clerk", "staff", "boss", "jobs.lua:3", clerk_may, 4, NULL, 0},
		{"boss", "Boss", "office_manager", NULL, "jobs.lua:9", boss_may, 1, NULL, 0},
	};
	mo_perm_staff staff[] = {{"zed", "boss"}, {"ann", "clerk"},
				 {"bob", "clerk"}};
	mo_decision d;
	mo_perm *pm;
	mo_err e;
	(void)state;
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 2, staff, 3,
				       &pm, &e), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(mo_perm_check(pm, "ann", clerk_may[i], &d), 0);
	assert_int_equal(mo_perm_check(pm, "bob", "a.x129", &d), 0);
	assert_int_equal(mo_perm_check(pm, "ann", "a.x065", &d), MO_EDENIED);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "the job Clerk (clerk) does not permit it");
	assert_string_equal(d.rule, "job 'clerk' (jobs.lua:3)");
	assert_int_equal(mo_perm_check(pm, "zed", "a.x065", &d), 0);
	assert_int_equal(mo_perm_check(pm, "zed", "a.x064", &d), MO_EDENIED);
	assert_int_equal(mo_perm_check(pm, "ann", "not.an.action", &d),
			 MO_EDENIED);
	assert_int_equal(mo_perm_check(pm, "carl", "a.x000", &d), MO_EDENIED);
	assert_string_equal(d.reason, "carl is not an active staff member of "
			    "this practice");
	assert_int_equal(mo_perm_check(pm, MO_ACTOR_SYSTEM, "a.x100", &d), 0);
	assert_string_equal(mo_perm_job_of(pm, "bob"), "clerk");
	assert_null(mo_perm_job_of(pm, "carl"));
	mo_perm_free(pm);
}

static void test_empty(void **state)
{
	mo_perm *pm;
	mo_decision d;
	mo_err e;
	(void)state;
	assert_int_equal(mo_perm_build(actions, 0, NULL, 0, NULL, 0, &pm, &e), 0);
	assert_int_equal(mo_perm_check(pm, "ann", "a.x000", &d), MO_EDENIED);
	assert_int_equal(mo_perm_check(pm, "system", "a.x000", &d), 0);
	mo_perm_free(pm);
	mo_perm_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
