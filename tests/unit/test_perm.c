/* test_perm.c: unit tests of core/perm.h, the permissions compiled from
 * job descriptions: bad input first (unknown actions and jobs, bad
 * requirements and limits), then allowed and denied checks, the system
 * actor, people not on the staff, actions on both sides of the 64-bit
 * word boundaries, credentials an action requires (current, expired,
 * expiring today, missing) and amount limits (at, above, absent). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "perm.h"
#include "units.h"

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

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(mo_date_parse(s, &d, NULL), 0);
	return d;
}

/* Builds one job with staff, expecting MO_EINVAL and text in the error. */
static void expect_build_error(const mo_job *job, const char *text)
{
	mo_perm_staff staff[] = {{.id = "ann", .job = "clerk"}};
	mo_perm *pm = (mo_perm *)1;
	mo_err e = {0};
	assert_int_equal(mo_perm_build(actions, NACTIONS, job, 1, staff, 1,
				       &pm, &e), MO_EINVAL);
	assert_null(pm);
	if (!strstr(e.msg, text))
		fail_msg("expected \"%s\" in \"%s\"", text, e.msg);
}

static void test_bad_input(void **state)
{
	const char *may[] = {"a.x001", "no.such"};
	mo_job jobs[] = {{.id = "clerk", .title = "Clerk", .level = "staff",
			  .may = may, .nmay = 2}};
	mo_perm_staff staff[] = {{.id = "ann", .job = "clerk"}};
	mo_perm *pm = (mo_perm *)1;
	mo_err e = {0};
	(void)state;
	expect_build_error(jobs, "unknown action \"no.such\"");
	jobs[0].nmay = 1;
	staff[0].job = "clark";
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 1, staff, 1,
				       &pm, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "\"ann\" holds unknown job \"clark\""));
}

static void test_bad_terms(void **state)
{
	const char *may[] = {"a.x001", "a.x002"};
	const char *kinds[] = {"CMA", ""};
	mo_job_require req[] = {{"a.x001", kinds, 1}, {"a.x001", kinds, 1}};
	mo_job_limit lim[] = {{"a.x002", 100}, {"a.x002", 200}};
	mo_job job = {.id = "clerk", .title = "Clerk", .may = may, .nmay = 2,
		      .requires = req, .nrequires = 1};
	(void)state;
	req[0].action = "no.such";
	expect_build_error(&job, "job \"clerk\": requires[\"no.such\"]: "
			   "unknown action");
	req[0].action = "a.x003";
	expect_build_error(&job, "job \"clerk\": requires[\"a.x003\"]: the job "
			   "does not permit a.x003 (add it to may)");
	req[0].action = "a.x001";
	job.nrequires = 2;
	expect_build_error(&job, "requires[\"a.x001\"] is given twice");
	job.nrequires = 1;
	req[0].nkinds = 0;
	expect_build_error(&job, "requires[\"a.x001\"]: expected at least one "
			   "credential kind");
	req[0].nkinds = 2;
	expect_build_error(&job, "requires[\"a.x001\"][2]: expected a "
			   "credential kind");
	req[0].nkinds = 1;
	job.limits = lim;
	job.nlimits = 1;
	lim[0].action = "not.an.action";
	expect_build_error(&job, "job \"clerk\": limits[\"not.an.action\"]: "
			   "unknown action");
	lim[0].action = "a.x100";
	expect_build_error(&job, "limits[\"a.x100\"]: the job does not permit "
			   "a.x100");
	lim[0].action = "a.x002";
	job.nlimits = 2;
	expect_build_error(&job, "limits[\"a.x002\"] is given twice");
	job.nlimits = 1;
	lim[0].max_amount = -1;
	expect_build_error(&job, "limits[\"a.x002\"]: the amount must not be "
			   "negative");
}

static int check(const mo_perm *pm, const char *actor, const char *action,
		 mo_decision *d)
{
	return mo_perm_check(pm, actor, action, NULL, 0, day("2026-11-23"), d);
}

static void test_checks(void **state)
{
	const char *clerk_may[] = {"a.x000", "a.x063", "a.x064", "a.x129"};
	const char *boss_may[] = {"a.x065"};
	mo_job jobs[] = {
		{"clerk", "Clerk", "staff", "boss", "jobs.lua:3", clerk_may, 4,
		 NULL, 0, NULL, 0, NULL, 0},
		{"boss", "Boss", "office_manager", NULL, "jobs.lua:9", boss_may,
		 1, NULL, 0, NULL, 0, NULL, 0},
	};
	mo_perm_staff staff[] = {{"zed", "boss", NULL, 0},
				 {"ann", "clerk", NULL, 0},
				 {"bob", "clerk", NULL, 0}};
	mo_decision d;
	mo_perm *pm;
	mo_err e;
	(void)state;
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 2, staff, 3,
				       &pm, &e), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(check(pm, "ann", clerk_may[i], &d), 0);
	assert_int_equal(check(pm, "bob", "a.x129", &d), 0);
	assert_int_equal(check(pm, "ann", "a.x065", &d), MO_EDENIED);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "the job Clerk (clerk) does not permit it");
	assert_string_equal(d.rule, "job 'clerk' (jobs.lua:3)");
	assert_int_equal(check(pm, "zed", "a.x065", &d), 0);
	assert_int_equal(check(pm, "zed", "a.x064", &d), MO_EDENIED);
	assert_int_equal(check(pm, "ann", "not.an.action", &d), MO_EDENIED);
	assert_int_equal(check(pm, "carl", "a.x000", &d), MO_EDENIED);
	assert_string_equal(d.reason, "carl is not an active staff member of "
			    "this practice");
	assert_string_equal(d.rule, "staff list (practice.yaml)");
	assert_int_equal(check(pm, MO_ACTOR_SYSTEM, "a.x100", &d), 0);
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
	assert_int_equal(check(pm, "ann", "a.x000", &d), MO_EDENIED);
	assert_int_equal(check(pm, "system", "a.x000", &d), 0);
	mo_perm_free(pm);
	mo_perm_free(NULL);
}

/* A medical assistant's job: a.x070 needs a current CMA or RMA. */
static mo_perm *assistants(void)
{
	static const char *may[] = {"a.x001", "a.x070"};
	static const char *kinds[] = {"CMA", "RMA"};
	static const mo_job_require req[] = {{"a.x070", kinds, 2}};
	mo_job job = {.id = "ma", .title = "Medical assistant", .may = may,
		      .nmay = 2, .where = "jobs.lua:4", .requires = req,
		      .nrequires = 1};
	mo_credential ann[] = {{.kind = "CMA", .expires = day("2027-01-31")}};
	mo_credential bob[] = {{.kind = "BLS", .expires = day("2028-01-01")},
			       {.kind = "RMA", .expires = day("2025-06-30")},
			       {.kind = "CMA", .expires = day("2026-01-31")}};
	mo_credential cat[] = {{.kind = "BLS", .expires = 0},
			       {.kind = "CMAA", .expires = 0}};
	mo_credential dan[] = {{.kind = "RMA", .expires = day("2026-11-23")}};
	mo_credential eve[] = {{.kind = "CMA", .expires = 0}};
	mo_perm_staff staff[] = {
		{"ann", "ma", ann, 1}, {"bob", "ma", bob, 3}, {"cat", "ma", cat, 2},
		{"dan", "ma", dan, 1}, {"eve", "ma", eve, 1}, {"fay", "ma", NULL, 0},
	};
	mo_perm *pm;
	mo_err e;
	assert_int_equal(mo_perm_build(actions, NACTIONS, &job, 1, staff, 6,
				       &pm, &e), 0);
	return pm; /* nothing above is needed any more: all copied */
}

static void test_requires(void **state)
{
	mo_perm *pm = assistants();
	mo_decision d;
	(void)state;
	assert_int_equal(check(pm, "ann", "a.x070", &d), 0);
	assert_int_equal(d.verdict, MO_VERDICT_NONE);
	assert_int_equal(check(pm, "eve", "a.x070", &d), 0);
	assert_int_equal(check(pm, "dan", "a.x070", &d), 0); /* expires today */
	assert_int_equal(mo_perm_check(pm, "dan", "a.x070", NULL, 0,
				       day("2026-11-24"), &d), MO_EDENIED);
	assert_string_equal(d.reason, "a.x070 in job ma requires a current "
			    "CMA or RMA credential; dan's RMA expired on "
			    "2026-11-23");
	assert_int_equal(check(pm, "bob", "a.x070", &d), MO_EDENIED);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.reason, "a.x070 in job ma requires a current "
			    "CMA or RMA credential; bob's CMA expired on "
			    "2026-01-31");
	assert_string_equal(d.rule, "job 'ma' (jobs.lua:4)");
	assert_int_equal(check(pm, "cat", "a.x070", &d), MO_EDENIED);
	assert_string_equal(d.reason, "a.x070 in job ma requires a current "
			    "CMA or RMA credential; cat has none");
	assert_int_equal(check(pm, "fay", "a.x070", &d), MO_EDENIED);
	assert_string_equal(d.reason, "a.x070 in job ma requires a current "
			    "CMA or RMA credential; fay has none");
	/* the job's other actions need nothing */
	assert_int_equal(check(pm, "fay", "a.x001", &d), 0);
	assert_int_equal(check(pm, "bob", "a.x001", &d), 0);
	/* not permitted comes before required */
	assert_int_equal(check(pm, "fay", "a.x002", &d), MO_EDENIED);
	assert_string_equal(d.reason, "the job Medical assistant (ma) does not "
			    "permit it");
	mo_perm_free(pm);
}

static int spend(const mo_perm *pm, const char *actor, mo_fact_type type,
		 int64_t cents, mo_decision *d)
{
	mo_fact facts[] = {{"title", MO_FACT_STR, "Order gloves", 0},
			   {"amount", type, type == MO_FACT_STR ? "600" : NULL,
			    cents}};
	return mo_perm_check(pm, actor, "a.x001", facts, 2, day("2026-11-23"),
			     d);
}

static void test_limits(void **state)
{
	const char *may[] = {"a.x001", "a.x002"};
	const char *kinds[] = {"RN"};
	mo_job_require req[] = {{"a.x001", kinds, 1}};
	mo_job_limit lim[] = {{"a.x001", 50000}};
	mo_job jobs[] = {{.id = "front_desk", .title = "Front desk", .may = may,
			  .nmay = 2, .limits = lim, .nlimits = 1},
			 {.id = "nurse", .title = "Nurse", .may = may, .nmay = 2,
			  .where = "n.lua:1", .requires = req, .nrequires = 1,
			  .limits = lim, .nlimits = 1}};
	mo_credential rn[] = {{.kind = "RN", .expires = 0}};
	mo_perm_staff staff[] = {{"joe", "front_desk", NULL, 0},
				 {"nia", "nurse", rn, 1},
				 {"ned", "nurse", NULL, 0}};
	mo_fact title = {"title", MO_FACT_STR, "Order gloves", 0};
	mo_decision d;
	mo_perm *pm;
	mo_err e;
	(void)state;
	assert_int_equal(mo_perm_build(actions, NACTIONS, jobs, 2, staff, 3,
				       &pm, &e), 0);
	assert_int_equal(spend(pm, "joe", MO_FACT_MONEY, 50000, &d), 0);
	assert_int_equal(spend(pm, "joe", MO_FACT_MONEY, -100, &d), 0);
	assert_int_equal(spend(pm, "joe", MO_FACT_MONEY, 50001, &d), MO_EDENIED);
	assert_string_equal(d.reason, "amount 500.01 is above the limit of "
			    "500.00 for a.x001 in job front_desk, held by joe");
	assert_string_equal(d.rule, "job 'front_desk' (policies)");
	assert_int_equal(spend(pm, "joe", MO_FACT_INT, 60000, &d), MO_EDENIED);
	assert_non_null(strstr(d.reason, "amount 600.00 is above the limit of "
			       "500.00 for a.x001 in job front_desk"));
	assert_int_equal(spend(pm, "joe", MO_FACT_STR, 0, &d), MO_EDENIED);
	assert_non_null(strstr(d.reason, "the amount is not money"));
	/* no amount fact, or no facts at all */
	assert_int_equal(mo_perm_check(pm, "joe", "a.x001", &title, 1,
				       day("2026-11-23"), &d), 0);
	assert_int_equal(check(pm, "joe", "a.x001", &d), 0);
	assert_int_equal(spend(pm, "nia", MO_FACT_MONEY, 50000, &d), 0);
	assert_int_equal(spend(pm, "nia", MO_FACT_MONEY, 50001, &d), MO_EDENIED);
	/* the requirement is checked before the limit */
	assert_int_equal(spend(pm, "ned", MO_FACT_MONEY, 50001, &d), MO_EDENIED);
	assert_string_equal(d.reason, "a.x001 in job nurse requires a current "
			    "RN credential; ned has none");
	assert_string_equal(d.rule, "job 'nurse' (n.lua:1)");
	mo_perm_free(pm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bad_terms),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_requires),
		cmocka_unit_test(test_limits),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
