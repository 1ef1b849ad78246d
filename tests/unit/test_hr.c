/* test_hr.c: unit tests of core/hr.c, hr_read.c and hr_recruit.c, the
 * staff records, on a practice of its own with job permissions (an owner
 * with every hr action, an office manager without hr.hire and
 * hr.benefits, a front desk with only hr.self, a nurse with hr.view but
 * not hr.discipline) and a C route hook standing in for the policies'
 * "hire" (one step: the owner), "benefits" (no approval needed) and
 * "pay_change" (the owner) approvals. No Lua and no decide hook: every
 * refusal here is the core's. Each bad input is refused with a message
 * naming the field and nothing written (hr_record, hr_ack, candidates,
 * requests, audit and decisions unchanged); the refused reads are
 * refused by the permissions alone; the hire through its approval (with
 * the candidate hired and the starting pay filed as pay_change); a role
 * change with a new rate; corrections and voids; acknowledgements; a
 * termination in effect making its person inactive (now and after the
 * practice is opened again); the task list's items. It uses cmocka and
 * MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "hr.h"
#include "org.h"
#include "perm.h"
#include "units.h"

#define NOW "2026-11-23T09:00:00Z"

static const char YAML[] =
	"practice:\n"
	"  name: HR Test Clinic\n"
	"  timezone: UTC\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: owner, name: Olga Owner, job: owner, hired: 2010-01-04}\n"
	"  - {id: om, name: Omar Manager, job: office_manager, hired: "
	"2015-03-16}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk, hired: 2026-01-05}\n"
	"  - {id: nurse, name: Nina Nurse, job: nurse, hired: 2025-06-02}\n";

static const char *const OWNER_MAY[] = {
	"hr.self", "hr.view", "hr.record", "hr.hire", "hr.benefits",
	"hr.discipline", "hr.recruit", "approval.request", "approval.decide",
	"payroll.rate", "timecard.clock"};
static const char *const OM_MAY[] = {
	"hr.self", "hr.view", "hr.record", "hr.discipline", "hr.recruit",
	"approval.request", "approval.decide", "timecard.clock"};
static const char *const FD_MAY[] = {"hr.self", "timecard.clock"};
static const char *const NURSE_MAY[] = {"hr.self", "hr.view",
					"timecard.clock"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "owner", .title = "Owner", .level = "owner", MAY(OWNER_MAY)},
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", .reports_to = "owner", MAY(OM_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
	{.id = "nurse", .title = "Nurse", .level = "staff",
	 .reports_to = "office_manager", MAY(NURSE_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- the route hook ---- */


static int route(void *ud, const char *kind, const char *requester,
		 const mo_fact *f, size_t n, mo_route *r, mo_err *e)
{
	(void)ud;
	(void)f;
	(void)n;
	snprintf(r->rule, sizeof r->rule, "approval %s (test.lua:1)", kind);
	snprintf(r->reason, sizeof r->reason, "test");
	if (!strcmp(kind, "hire"))
		snprintf(r->action, sizeof r->action, "hr.hire");
	else if (!strcmp(kind, "benefits"))
		snprintf(r->action, sizeof r->action, "hr.benefits");
	else if (!strcmp(kind, "pay_change"))
		snprintf(r->action, sizeof r->action, "payroll.rate");
	else
		return mo_err_set(e, MO_ENOTFOUND, "no approval \"%s\"", kind);
	if (strcmp(kind, "benefits") && strcmp(requester, "owner"))
		pfx_route_step(r, "owner");
	return 0;
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	mo_org *org;
	int32_t today;
} fixture;

static int install(fixture *f)
{
	return pfx_jobs(f->p, JOBS, NJOBS,
			&(mo_hooks){NULL, NULL, route, NULL, NULL}, &f->perm,
			&f->org);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	if (pfx_open("hr", YAML, f->dir, &f->p) || install(f))
		return -1;
	f->today = mo_days_from_civil(2026, 11, 23);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	pfx_close(f->p, f->dir);
	pfx_jobs_free(f->perm, f->org);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

static int32_t day(int y, int m, int d)
{
	return mo_days_from_civil(y, m, d);
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM hr_record",
	"SELECT count(*) FROM hr_ack",
	"SELECT count(*) FROM hr_candidate",
	"SELECT count(*) FROM hr_candidate_status",
	"SELECT count(*) FROM hr_interview",
	"SELECT count(*) FROM hr_assessment",
	"SELECT count(*) FROM request",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision WHERE verdict = 'allow'",
	NULL,
};

/* Asserts call (whose error is ep) returns want, ep's message contains
 * text and nothing was written. */
#define REFUSED(call, want, text)                                           \
	do {                                                                \
		mo_err e_ = {0};                                            \
		pfx_snap b_ = pfx_snap_take(f->p, STATE);                   \
		mo_err *ep = &e_;                                           \
		assert_int_equal((call), (want));                           \
		assert_msg(e_, text);                                       \
		pfx_snap_same(f->p, &b_);                                   \
	} while (0)

static mo_hr_review_new a_review(const char *staff, const char *reviewer)
{
	return (mo_hr_review_new){staff, reviewer, day(2026, 11, 20),
				  day(2026, 1, 5), day(2026, 11, 20), 4,
				  "Reliable and friendly", NULL, 0};
}

static int64_t add_review(fixture *f, const char *staff)
{
	mo_hr_review_new v = a_review(staff, "om");
	int64_t id = 0;
	mo_err e = {0};
	if (mo_hr_review(f->p, "om", &v, &id, &e))
		fail_msg("review: %s", e.msg);
	return id;
}

static int64_t add_note(fixture *f, const char *staff, const char *level)
{
	mo_hr_note_new n = {staff, day(2026, 11, 2), level,
			    "Left the desk unattended", 0};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_hr_discipline(f->p, "om", &n, &id, &e))
		fail_msg("discipline: %s", e.msg);
	return id;
}

/* ---- bad input ---- */

static void test_unknown_staff_and_job(void **state)
{
	fixture *f = *state;
	mo_hr_review_new v = a_review("ghost", "om");
	mo_hr_role_new r = {"fd", "astronaut", day(2026, 12, 1), "promoted",
			    NULL, 0, 0};
	mo_hr_hire_new h = {"amy", "Amy Park", "astronaut", day(2026, 12, 7),
			    NULL, 0, NULL, 0, NULL, 0};
	mo_hr_candidate_new c = {"Pat Doe", "pilot", day(2026, 11, 20), NULL};
	int64_t id;
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review staff: \"ghost\" is neither on the staff");
	v = a_review("fd", "ghost");
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review reviewer: \"ghost\" is not on the staff");
	REFUSED(mo_hr_role(f->p, "om", &r, &id, NULL, ep), MO_EINVAL,
		"role job: unknown job \"astronaut\"");
	REFUSED(mo_hr_hire_request(f->p, "om", &h, &id, ep), MO_EINVAL,
		"hire job: unknown job \"astronaut\"");
	h.job = "front_desk";
	h.name = NULL;
	REFUSED(mo_hr_hire_request(f->p, "om", &h, &id, ep), MO_EINVAL,
		"hire name: a person not yet in practice.yaml needs their "
		"name");
	REFUSED(mo_hr_candidate_add(f->p, "om", &c, &id, ep), MO_EINVAL,
		"candidate position: unknown job \"pilot\"");
}

static void test_termination_refused(void **state)
{
	fixture *f = *state;
	mo_hr_term_new t = {"fd", day(2025, 12, 31), "resignation", false,
			    true, NULL, 0};
	int64_t id = 0;
	mo_err e = {0};
	REFUSED(mo_hr_terminate(f->p, "om", &t, &id, ep), MO_EINVAL,
		"termination effective: 2025-12-31 is before fd's hire on "
		"2026-01-05");
	t.effective = day(2026, 12, 31);
	t.reason = "fired";
	REFUSED(mo_hr_terminate(f->p, "om", &t, &id, ep), MO_EINVAL,
		"termination reason: expected resignation, dismissal");
	t.reason = "resignation";
	assert_int_equal(mo_hr_terminate(f->p, "om", &t, &id, &e), 0);
	REFUSED(mo_hr_terminate(f->p, "om", &t, &id, ep), MO_EINVAL,
		"termination: fd's employment is terminated already");
	t.corrects = id + 100;
	REFUSED(mo_hr_terminate(f->p, "om", &t, &id, ep), MO_EINVAL,
		"corrects: record");
}

static void test_review_refused(void **state)
{
	fixture *f = *state;
	mo_hr_review_new v = a_review("fd", "om");
	int64_t id;
	v.rating = 0;
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review rating: expected 1 to 5, got 0");
	v.rating = 6;
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review rating: expected 1 to 5, got 6");
	v = a_review("om", "om");
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review reviewer: om cannot review themselves");
	v = a_review("fd", "om");
	v.day = f->today + 1;
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review day: 2026-11-24 is after today (2026-11-23)");
	v = a_review("fd", "om");
	v.from = v.day + 1;
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review period: expected from and to");
	v = a_review("fd", "om");
	v.summary = "";
	REFUSED(mo_hr_review(f->p, "om", &v, &id, ep), MO_EINVAL,
		"review summary: expected text of 1 to 2000 characters");
}

static void test_benefits_refused(void **state)
{
	fixture *f = *state;
	mo_hr_benefit_new b = {"fd", "Blue Cross PPO", day(2027, 1, 1),
			       "family", -1, 31000, false, 0};
	int64_t id;
	REFUSED(mo_hr_benefits_request(f->p, "om", &b, &id, ep), MO_EINVAL,
		"benefits employee cost: expected 0.00 to 100000.00 per pay "
		"period, got -0.01");
	b.employee_cost = 4500;
	b.employer_cost = MO_HR_COST_MAX + 1;
	REFUSED(mo_hr_benefits_request(f->p, "om", &b, &id, ep), MO_EINVAL,
		"benefits employer cost: expected 0.00 to 100000.00");
	b.employer_cost = 31000;
	b.coverage = "everyone";
	REFUSED(mo_hr_benefits_request(f->p, "om", &b, &id, ep), MO_EINVAL,
		"benefits coverage: expected employee, employee_spouse");
	b.coverage = "family";
	b.waived = true;
	REFUSED(mo_hr_benefits_request(f->p, "om", &b, &id, ep), MO_EINVAL,
		"benefits waived: a waived plan has no coverage and no costs");
	b.waived = false;
	b.effective = 0;
	REFUSED(mo_hr_benefits_request(f->p, "om", &b, &id, ep), MO_EINVAL,
		"benefits effective: the day the coverage starts is needed");
	/* the route needs no approval: recorded at once, then a waiver */
	b.effective = day(2027, 1, 1);
	{
		mo_err e = {0};
		assert_int_equal(mo_hr_benefits_request(f->p, "om", &b, &id,
							&e), 0);
		b = (mo_hr_benefit_new){"nurse", "Dental", day(2027, 1, 1),
					NULL, 0, 0, true, 0};
		assert_int_equal(mo_hr_benefits_request(f->p, "om", &b, &id,
							&e), 0);
	}
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_record WHERE "
				   "kind = 'benefits' AND request IS NOT "
				   "NULL"), 2);
	assert_int_equal(query_int(f->p, "SELECT employer_cost FROM hr_record "
				   "WHERE staff = 'fd'"), 31000);
	assert_int_equal(query_int(f->p, "SELECT waived FROM hr_record WHERE "
				   "staff = 'nurse'"), 1);
}

static void test_discipline_refused(void **state)
{
	fixture *f = *state;
	mo_hr_note_new n = {"fd", day(2026, 11, 2), "stern",
			    "Left the desk unattended", 0};
	int64_t id;
	REFUSED(mo_hr_discipline(f->p, "om", &n, &id, ep), MO_EINVAL,
		"discipline level: expected verbal, written, final or "
		"suspension, got \"stern\"");
	n.level = "written";
	REFUSED(mo_hr_discipline(f->p, "nurse", &n, &id, ep), MO_EDENIED,
		"nurse may not hr.discipline: the job Nurse (nurse) does not "
		"permit it");
	n.day = 0;
	REFUSED(mo_hr_discipline(f->p, "om", &n, &id, ep), MO_EINVAL,
		"discipline day: a date is needed");
}

/* ---- access by job, in the core ---- */

static int count_cb(void *ud, const mo_hr_record *r)
{
	int *n = ud;
	n[0]++;
	n[1] += !strcmp(r->kind, "discipline");
	return 0;
}

static void test_reads_by_job(void **state)
{
	fixture *f = *state;
	int n[2] = {0, 0};
	mo_err e = {0};
	add_review(f, "fd");
	add_note(f, "fd", "verbal");
	/* no decide hook is installed: the permissions alone refuse */
	REFUSED(mo_hr_file(f->p, "fd", "nurse", count_cb, n, ep), MO_EDENIED,
		"fd may not hr.view: the job Front desk (front_desk) does not "
		"permit it");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM decision WHERE "
				   "actor = 'fd' AND action = 'hr.view' AND "
				   "verdict = 'deny'"), 1);
	/* one's own file, notes and all */
	assert_int_equal(mo_hr_file(f->p, "fd", "fd", count_cb, n, &e), 0);
	assert_int_equal(n[0], 2);
	assert_int_equal(n[1], 1);
	assert_int_equal(audit_entries(f->p, "fd", "hr.self", "staff:fd"), 1);
	/* hr.view without hr.discipline: no notes */
	n[0] = n[1] = 0;
	assert_int_equal(mo_hr_file(f->p, "nurse", "fd", count_cb, n, &e), 0);
	assert_int_equal(n[0], 1);
	assert_int_equal(n[1], 0);
	assert_int_equal(audit_entries(f->p, "nurse", "hr.view", "staff:fd"),
			 1);
	/* hr.discipline: the notes too */
	n[0] = n[1] = 0;
	assert_int_equal(mo_hr_file(f->p, "om", "fd", count_cb, n, &e), 0);
	assert_int_equal(n[1], 1);
	REFUSED(mo_hr_file(f->p, "om", "ghost", count_cb, n, ep), MO_ENOTFOUND,
		"personnel file: \"ghost\" is not on the staff");
}

static void test_candidates_need_recruit(void **state)
{
	fixture *f = *state;
	mo_hr_candidate_new c = {"Pat Doe", "front_desk", day(2026, 11, 20),
				 "Indeed"};
	int n[2] = {0, 0};
	int64_t id;
	REFUSED(mo_hr_candidate_add(f->p, "fd", &c, &id, ep), MO_EDENIED,
		"fd may not hr.recruit");
	REFUSED(mo_hr_candidates(f->p, "nurse", NULL, (mo_hr_candidate_cb)
				 count_cb, n, ep), MO_EDENIED,
		"nurse may not hr.recruit");
	c.applied = f->today + 3;
	REFUSED(mo_hr_candidate_add(f->p, "om", &c, &id, ep), MO_EINVAL,
		"candidate applied: 2026-11-26 is after today");
}

/* ---- the records ---- */

static void test_hire_through_approval(void **state)
{
	fixture *f = *state;
	mo_hr_candidate_new c = {"Amy Park", "front_desk", day(2026, 11, 2),
				 "referral"};
	mo_hr_hire_new h = {"amy", "Amy Park", "front_desk", day(2026, 12, 7),
			    "part_time", 0, NULL, 0, "second front desk", 0};
	int64_t cand = 0, req = 0;
	mo_err e = {0};
	assert_int_equal(mo_hr_candidate_add(f->p, "om", &c, &cand, &e), 0);
	h.candidate = cand;
	h.pay = "hourly";
	h.rate = 1900;
	REFUSED(mo_hr_hire_request(f->p, "om", &h, &req, ep), MO_EINVAL,
		"hire rate: the starting pay is set once the person is added; "
		"staff: \"amy\" is not on the staff of practice.yaml");
	h.pay = NULL;
	h.rate = 0;
	assert_int_equal(mo_hr_hire_request(f->p, "om", &h, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_record"), 0);
	assert_int_equal(mo_approval_decide(f->p, "owner", req, true, NULL, &e),
			 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_record WHERE "
				   "kind = 'hire' AND staff = 'amy' AND "
				   "employment = 'part_time'"), 1);
	assert_int_equal(query_int(f->p, "SELECT request FROM hr_record"), req);
	assert_int_equal(audit_entries(f->p, "owner", "hr.hire", "hr:1"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM "
				   "hr_candidate_status WHERE status = "
				   "'hired'"), 1);
	REFUSED(mo_hr_hire_request(f->p, "om", &h, &req, ep), MO_EINVAL,
		"hire staff: amy is hired already");
}

static void test_hire_with_rate_files_pay_change(void **state)
{
	fixture *f = *state;
	mo_hr_hire_new h = {"fd", NULL, "front_desk", day(2026, 1, 5), NULL, 0,
			    "hourly", 1975, NULL, 0};
	int64_t req = 0;
	mo_err e = {0};
	assert_int_equal(mo_hr_hire_request(f->p, "om", &h, &req, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM request WHERE "
				   "kind = 'pay_change'"), 1);
	assert_int_equal(mo_approval_decide(f->p, "owner", req, true, NULL, &e),
			 0);
	assert_int_equal(query_int(f->p, "SELECT pay_request FROM hr_record"),
			 query_int(f->p, "SELECT id FROM request WHERE kind = "
				   "'pay_change'"));
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM pay_rate"), 0);
}

static void test_role_change(void **state)
{
	fixture *f = *state;
	mo_hr_role_new r = {"fd", "office_manager", day(2026, 12, 1),
			    "promoted to office manager", "salary", 5200000,
			    0};
	int64_t id = 0, pay = 0;
	mo_err e = {0};
	r.job = "front_desk";
	REFUSED(mo_hr_role(f->p, "om", &r, &id, &pay, ep), MO_EINVAL,
		"role job: fd already holds front_desk");
	r.job = "office_manager";
	r.effective = day(2025, 1, 1);
	REFUSED(mo_hr_role(f->p, "om", &r, &id, &pay, ep), MO_EINVAL,
		"role effective: before fd's hire");
	r.effective = day(2026, 12, 1);
	REFUSED(mo_hr_role(f->p, "fd", &r, &id, &pay, ep), MO_EDENIED,
		"fd may not");
	assert_int_equal(mo_hr_role(f->p, "om", &r, &id, &pay, &e), 0);
	assert_true(pay > 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_record WHERE "
				   "from_job = 'front_desk' AND job = "
				   "'office_manager'"), 1);
	assert_int_equal(audit_entries(f->p, "om", "hr.record", "hr:1"), 1);
}

static void test_corrections_and_voids(void **state)
{
	fixture *f = *state;
	int64_t id = add_review(f, "fd"), fix = 0, v = 0;
	mo_hr_review_new r = a_review("fd", "om");
	int n[2] = {0, 0};
	mo_err e = {0};
	r.rating = 5;
	r.corrects = id;
	assert_int_equal(mo_hr_review(f->p, "om", &r, &fix, &e), 0);
	REFUSED(mo_hr_review(f->p, "om", &r, &fix, ep), MO_EINVAL,
		"corrects: record 1 is not a personnel record, or was "
		"corrected already");
	assert_int_equal(mo_hr_file(f->p, "om", "fd", count_cb, n, &e), 0);
	assert_int_equal(n[0], 1); /* the latest version only */
	REFUSED(mo_hr_acknowledge(f->p, "fd", id, NULL, ep), MO_EINVAL,
		"acknowledge: record 1 was corrected");
	assert_int_equal(mo_hr_void(f->p, "om", fix, "wrong person", &v, &e),
			 0);
	REFUSED(mo_hr_void(f->p, "om", fix, "again", &v, ep), MO_EINVAL,
		"void: record 2 is not the latest version");
	/* append-only below the core too */
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "UPDATE hr_record SET rating = 1",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "DELETE FROM hr_record", NULL, NULL,
					  NULL), SQLITE_OK);
}

static void test_acknowledge(void **state)
{
	fixture *f = *state;
	int64_t rev = add_review(f, "fd"), note = add_note(f, "fd", "written");
	mo_hr_hire_new h = {"fd", NULL, "front_desk", day(2026, 1, 5), NULL, 0,
			    NULL, 0, NULL, 0};
	int64_t req, hire = 0;
	mo_err e = {0};
	REFUSED(mo_hr_acknowledge(f->p, "nurse", rev, NULL, ep), MO_EDENIED,
		"acknowledge: record 1 is about someone else");
	assert_int_equal(mo_hr_acknowledge(f->p, "fd", rev, "thank you", &e), 0);
	assert_int_equal(mo_hr_acknowledge(f->p, "fd", note, NULL, &e), 0);
	REFUSED(mo_hr_acknowledge(f->p, "fd", rev, NULL, ep), MO_EINVAL,
		"acknowledge: record 1 is acknowledged already");
	assert_int_equal(audit_entries(f->p, "fd", "hr.self", "hr:1"), 1);
	assert_int_equal(mo_hr_hire_request(f->p, "owner", &h, &req, &e), 0);
	hire = query_int(f->p, "SELECT id FROM hr_record WHERE kind = 'hire'");
	REFUSED(mo_hr_acknowledge(f->p, "fd", hire, NULL, ep), MO_EINVAL,
		"only reviews and disciplinary notes are acknowledged");
}

static void test_termination_makes_inactive(void **state)
{
	fixture *f = *state;
	mo_hr_term_new t = {"fd", f->today, "dismissal", true, false,
			    "theft from the cash drawer", 0};
	mo_decision d;
	int n[2] = {0, 0};
	int64_t id = 0;
	mo_err e = {0};
	assert_int_equal(mo_hr_terminate(f->p, "om", &t, &id, &e), 0);
	assert_int_equal(mo_practice_decide(f->p, "fd", "timecard.clock", NULL,
					    0, &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	assert_string_equal(d.rule, "termination (personnel file)");
	REFUSED(mo_hr_file(f->p, "fd", "fd", count_cb, n, ep), MO_EDENIED,
		"fd's employment ended on 2026-11-23");
	/* opened again: the core reads the terminations at open */
	mo_practice_close(f->p);
	pfx_jobs_free(f->perm, f->org);
	assert_int_equal(mo_practice_open(f->dir, 0, &f->p, &e), 0);
	assert_int_equal(install(f), 0);
	assert_int_equal(mo_practice_departure(f->p, "fd"), f->today);
	REFUSED(mo_hr_file(f->p, "fd", "fd", count_cb, n, ep), MO_EDENIED,
		"termination (personnel file)");
	/* voided: active again */
	assert_int_equal(mo_hr_void(f->p, "om", id, "rescinded", NULL, &e), 0);
	assert_int_equal(mo_practice_departure(f->p, "fd"), 0);
	assert_int_equal(mo_hr_file(f->p, "fd", "fd", count_cb, n, &e), 0);
}

static void test_future_termination(void **state)
{
	fixture *f = *state;
	mo_hr_term_new t = {"nurse", f->today + 10, "retirement", false, true,
			    NULL, 0};
	int n[2] = {0, 0};
	mo_err e = {0};
	assert_int_equal(mo_hr_terminate(f->p, "om", &t, NULL, &e), 0);
	assert_int_equal(mo_hr_file(f->p, "nurse", "nurse", count_cb, n, &e),
			 0);
	setenv("MEDOFFICE_NOW", "2026-12-03T09:00:00Z", 1);
	REFUSED(mo_hr_file(f->p, "nurse", "nurse", count_cb, n, ep),
		MO_EDENIED, "nurse's employment ended on 2026-12-03");
}

/* A termination recorded inside a transaction that is rolled back (a
 * script that failed later) leaves the person active. */
static void test_rolled_back_termination(void **state)
{
	fixture *f = *state;
	mo_hr_term_new t = {"fd", f->today, "resignation", false, true, NULL,
			    0};
	mo_decision d;
	mo_err e = {0};
	assert_int_equal(mo_db_begin(mo_practice_db(f->p), &e), 0);
	assert_int_equal(mo_hr_terminate(f->p, "om", &t, NULL, &e), 0);
	assert_int_equal(mo_practice_decide(f->p, "fd", "timecard.clock", NULL,
					    0, &d, &e), 0);
	assert_int_equal(d.verdict, MO_VERDICT_DENY);
	mo_db_rollback(mo_practice_db(f->p));
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_record "
				   "WHERE kind = 'termination'"), 0);
	assert_int_equal(mo_practice_decide(f->p, "fd", "timecard.clock", NULL,
					    0, &d, &e), 0);
	assert_int_not_equal(d.verdict, MO_VERDICT_DENY);
	assert_int_equal(mo_practice_departure(f->p, "fd"), 0);
}

/* ---- recruiting ---- */

static void test_interviews_and_assessments(void **state)
{
	fixture *f = *state;
	mo_hr_candidate_new c = {"Pat Doe", "front_desk", day(2026, 11, 20),
				 NULL};
	const char *who[] = {"om", "owner"}, *twice[] = {"om", "om"};
	const char *crit[] = {"communication", "experience"};
	int scores[] = {4, 6};
	int64_t cand = 0, iv = 0, as = 0;
	mo_err e = {0};
	assert_int_equal(mo_hr_candidate_add(f->p, "om", &c, &cand, &e), 0);
	mo_hr_interview_new in = {cand, 1796374800000000LL, twice, 2, NULL, 0};
	REFUSED(mo_hr_interview(f->p, "om", &in, &iv, ep), MO_EINVAL,
		"interview interviewers: om is named twice");
	in.interviewers = who;
	in.candidate = cand + 9;
	REFUSED(mo_hr_interview(f->p, "om", &in, &iv, ep), MO_EINVAL,
		"interview candidate: no candidate");
	in.candidate = cand;
	assert_int_equal(mo_hr_interview(f->p, "om", &in, &iv, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM hr_interviewer"),
			 2);
	mo_hr_assessment_new a = {cand, "om", crit, scores, 2, "hire", NULL};
	REFUSED(mo_hr_assess(f->p, "om", &a, &as, ep), MO_EINVAL,
		"assessment score of experience: expected 1 to 5, got 6");
	scores[1] = 3;
	a.recommendation = "maybe";
	REFUSED(mo_hr_assess(f->p, "om", &a, &as, ep), MO_EINVAL,
		"assessment recommendation: expected hire, hold or reject");
	a.recommendation = "hire";
	assert_int_equal(mo_hr_assess(f->p, "om", &a, &as, &e), 0);
	assert_int_equal(mo_hr_candidate_status(f->p, "om", cand, "rejected",
						"went elsewhere", &e), 0);
	REFUSED(mo_hr_candidate_status(f->p, "om", cand, "offered", NULL, ep),
		MO_EINVAL, "candidate status: candidate 1 is rejected, which "
		"is final");
}

/* ---- the task list ---- */

typedef struct due_seen {
	char what[8][256];
	char staff[8][65];
	int n;
} due_seen;

static int due_cb(void *ud, const mo_due_item *it)
{
	due_seen *s = ud;
	if (s->n < 8) {
		snprintf(s->what[s->n], 256, "%s", it->what);
		snprintf(s->staff[s->n], 65, "%s", it->staff ? it->staff : "");
		s->n++;
	}
	return 0;
}

/* The index of the item whose text contains text, or -1. */
static int find(const due_seen *s, const char *text)
{
	for (int i = 0; i < s->n; i++)
		if (strstr(s->what[i], text))
			return i;
	return -1;
}

static bool saw(const due_seen *s, const char *text)
{
	return find(s, text) >= 0;
}

static void test_due(void **state)
{
	fixture *f = *state;
	mo_hr_term_new t = {"nurse", f->today, "resignation", false, true,
			    NULL, 0};
	mo_hr_role_new r = {"fd", "office_manager", day(2026, 11, 1),
			    "promoted", NULL, 0, 0};
	mo_hr_candidate_new c = {"Pat Doe", "front_desk", day(2026, 11, 20),
				 NULL};
	const char *who[] = {"owner"};
	int64_t cand = 0;
	due_seen s = {0};
	mo_err e = {0};
	/* fd hired 2026-01-05: first review due 90 days on (2026-04-05) */
	assert_int_equal(mo_hr_due(f->p, f->today, due_cb, &s, &e), 0);
	assert_true(saw(&s, "First performance review of Fran Desk (fd) due "
			"2026-04-05"));
	assert_string_equal(s.staff[find(&s, "(fd)")], "om");
	assert_string_equal(s.staff[find(&s, "(om)")], "owner");
	assert_false(saw(&s, "(owner)")); /* the top of the chart */
	add_review(f, "fd");
	assert_int_equal(mo_hr_terminate(f->p, "om", &t, NULL, &e), 0);
	assert_int_equal(mo_hr_role(f->p, "om", &r, NULL, NULL, &e), 0);
	assert_int_equal(mo_hr_candidate_add(f->p, "om", &c, &cand, &e), 0);
	mo_hr_interview_new in = {cand, 1795597200000000LL /* 11-25 09:00 */,
				  who, 1, NULL, 0};
	assert_int_equal(mo_hr_interview(f->p, "om", &in, NULL, &e), 0);
	memset(&s, 0, sizeof s);
	assert_int_equal(mo_hr_due(f->p, f->today + 7, due_cb, &s, &e), 0);
	assert_true(saw(&s, "Remove Nina Nurse (nurse) from practice.yaml: "
			"their employment ended on 2026-11-23"));
	assert_true(saw(&s, "Update Fran Desk's job to office_manager in "
			"practice.yaml (it says front_desk)"));
	assert_true(saw(&s, "Interview Pat Doe for front_desk at 2026-11-25 "
			"09:00"));
	assert_false(saw(&s, "review of Fran Desk")); /* reviewed 2026-11-20 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_unknown_staff_and_job),
		T(test_termination_refused),
		T(test_review_refused),
		T(test_benefits_refused),
		T(test_discipline_refused),
		T(test_reads_by_job),
		T(test_candidates_need_recruit),
		T(test_hire_through_approval),
		T(test_hire_with_rate_files_pay_change),
		T(test_role_change),
		T(test_corrections_and_voids),
		T(test_acknowledge),
		T(test_termination_makes_inactive),
		T(test_future_termination),
		T(test_rolled_back_termination),
		T(test_interviews_and_assessments),
		T(test_due),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
