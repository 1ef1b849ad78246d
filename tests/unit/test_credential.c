/* test_credential.c: unit tests of core/credential.h: the one list of
 * credentials (staff, provider licence, DEA, board, enrollments, the
 * practice's licences, CLIA) with its statuses, the one lead-time rule
 * (entry, kind, default, built-in), the filters and their bad input, the
 * audited read, the provider facts (licensed, enrollment) and the due
 * source of the task list; and the check warnings over the same list.
 * It uses cmocka and practice_fixture.h. */
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

#include "credential.h"
#include "units.h"

#define TODAY "2026-11-23T15:00:00Z"

/* drlee: licence expiring in 30 days (notice 60: renew), DEA expired,
 * board current, enrollments: aetna enrolled (revalidation in 100 days,
 * the kind's lead 120: renew), medicare pending; maria: BLS with its own
 * notice of 10 days (in 20 days: current) and CMA (no expiry); the
 * practice: business insurance (kind lead 45, in 40 days: renew), fire
 * permit (default 30, in 50 days: current) and a CLIA certificate. */
static const char YAML[] =
	"practice:\n"
	"  name: Cred Test\n"
	"  timezone: America/Chicago\n"
	"  licences:\n"
	"    - { kind: business_insurance, number: BOP-1, issuer: Mutual, "
	"issued: 2025-12-28, expires: 2027-01-02 }\n"
	"    - { kind: fire_permit, number: FP-9, expires: 2027-01-12 }\n"
	"  notice_days: { default: 30, business_insurance: 45, enrollment: "
	"120, license: 60 }\n"
	"locations:\n"
	"  - { id: main, name: Main, rooms: [ { id: e1, kind: exam } ] }\n"
	"staff:\n"
	"  - id: drlee\n"
	"    name: Dr. Dana Lee\n"
	"    job: doc\n"
	"  - id: maria\n"
	"    name: Maria\n"
	"    job: desk\n"
	"    credentials:\n"
	"      - { kind: BLS, issued: 2024-12-13, expires: 2026-12-13, "
	"notice_days: 10 }\n"
	"      - { kind: CMA, number: \"0812457\", issuer: AAMA }\n"
	"providers:\n"
	"  - staff: drlee\n"
	"    npi: \"1234567893\"\n"
	"    specialty: Family Medicine\n"
	"    license: { state: IL, number: \"036-1\", issued: 2024-12-23, "
	"expires: 2026-12-23 }\n"
	"    dea: { number: BL4829137, issued: 2023-11-01, expires: "
	"2026-11-01 }\n"
	"    board: { board: ABFM, specialty: Family Medicine, certified: "
	"2020-07-01, expires: 2030-12-31 }\n"
	"    enrollments:\n"
	"      - { payer: aetna, status: enrolled, number: AE1, effective: "
	"2021-01-01, expires: 2027-03-03 }\n"
	"      - { payer: medicare, status: pending }\n"
	"fee_schedules:\n"
	"  - { id: std, name: Std, fees: [ { code: \"99213\", charge: "
	"\"150.00\", from: 2026-01-01 } ] }\n"
	"payers:\n"
	"  - { id: aetna, name: Aetna, kind: commercial, fee_schedule: std }\n"
	"  - { id: medicare, name: Medicare, kind: medicare, fee_schedule: "
	"std }\n"
	"  - { id: bcbs, name: Blue Cross, kind: commercial, fee_schedule: "
	"std }\n"
	"clia:\n"
	"  certificate: 14D2098765\n"
	"  type: waiver\n"
	"  effective: 2025-01-10\n"
	"  expires: 2027-01-10\n"
	"  director: drlee\n";

static int setup(void **state)
{
	return pfx_setup(state, "credential", YAML, TODAY);
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	mo_err e;
	if (mo_date_parse(s, &d, &e))
		fail_msg("%s", e.msg);
	return d;
}

/* The rows seen, as "holder kind status lead" lines. */
typedef struct rows {
	char line[32][160];
	int n;
} rows;

static int collect(void *ud, const mo_cred *r)
{
	rows *rs = ud;
	if (rs->n < 32)
		snprintf(rs->line[rs->n++], sizeof rs->line[0], "%s %s %s %d %s",
			 r->holder, r->kind, r->status, r->lead, r->path);
	return 0;
}

static void test_lead(void **state)
{
	pfx_fixture *f = *state;
	const mo_config *c = mo_practice_config(f->p);
	assert_int_equal(mo_cred_lead(c, "BLS", 10), 10);         /* own */
	assert_int_equal(mo_cred_lead(c, "BLS", 0), 0);
	assert_int_equal(mo_cred_lead(c, "enrollment", -1), 120); /* kind */
	assert_int_equal(mo_cred_lead(c, "DEA", -1), 30);     /* default */
	assert_int_equal(mo_cred_lead(NULL, "DEA", -1), MO_NOTICE_DAYS_DEFAULT);
	assert_int_equal(MO_NOTICE_DAYS_DEFAULT, 60);
}

static void test_each(void **state)
{
	pfx_fixture *f = *state;
	const mo_config *c = mo_practice_config(f->p);
	rows rs = {0};
	assert_int_equal(mo_cred_each(c, day("2026-11-23"), collect, &rs), 0);
	assert_int_equal(rs.n, 10);
	assert_string_equal(rs.line[0], "maria BLS current 10 "
			    "staff[1].credentials[0]");
	assert_string_equal(rs.line[1], "maria CMA current 30 "
			    "staff[1].credentials[1]");
	assert_string_equal(rs.line[2], "drlee license renew 60 "
			    "providers[0].license");
	assert_string_equal(rs.line[3], "drlee DEA expired 30 "
			    "providers[0].dea");
	assert_string_equal(rs.line[4], "drlee board current 30 "
			    "providers[0].board");
	assert_string_equal(rs.line[5], "drlee enrollment renew 120 "
			    "providers[0].enrollments[0]");
	assert_string_equal(rs.line[6], "drlee enrollment pending 120 "
			    "providers[0].enrollments[1]");
	assert_string_equal(rs.line[7], "practice business_insurance renew 45 "
			    "practice.licences[0]");
	assert_string_equal(rs.line[8], "practice fire_permit current 30 "
			    "practice.licences[1]");
	assert_string_equal(rs.line[9], "practice CLIA current 30 clia");
	/* the BLS enters its own 10 days of notice on 2026-12-03 */
	rs.n = 0;
	mo_cred_each(c, day("2026-12-03"), collect, &rs);
	assert_string_equal(rs.line[0], "maria BLS renew 10 "
			    "staff[1].credentials[0]");
	rs.n = 0;
	mo_cred_each(c, day("2026-12-02"), collect, &rs);
	assert_string_equal(rs.line[0], "maria BLS current 10 "
			    "staff[1].credentials[0]");
	assert_int_equal(mo_cred_each(NULL, 0, collect, &rs), MO_EINVAL);
}

static void test_list(void **state)
{
	pfx_fixture *f = *state;
	mo_cred_filter holder = {"maria", -1}, within = {NULL, 40},
		       practice = {"practice", -1}, none = {"nobody", -1},
		       neg = {NULL, -5};
	rows rs = {0};
	mo_err e = {0};
	int64_t before = audit_entries(f->p, "system", "credential.read",
				       "credentials");
	assert_int_equal(mo_cred_list(f->p, "system", &holder, collect, &rs,
				      &e), 0);
	assert_int_equal(rs.n, 2);
	assert_int_equal(audit_entries(f->p, "system", "credential.read",
				       "credentials"), before + 1);
	/* within 40 days: the licence (30), the DEA (expired), the BLS
	 * (20), the business insurance (40); not the fire permit (50) */
	rs.n = 0;
	assert_int_equal(mo_cred_list(f->p, NULL, &within, collect, &rs, &e),
			 0);
	assert_int_equal(rs.n, 4);
	assert_int_equal(audit_entries(f->p, "system", "credential.read",
				       "credentials"), before + 1);
	rs.n = 0;
	assert_int_equal(mo_cred_list(f->p, NULL, &practice, collect, &rs,
				      &e), 0);
	assert_int_equal(rs.n, 3);
	rs.n = 0;
	assert_int_equal(mo_cred_list(f->p, "system", &none, collect, &rs,
				      &e), MO_EINVAL);
	assert_msg(e, "holder: no staff member 'nobody'");
	assert_int_equal(mo_cred_list(f->p, "system", &neg, collect, &rs, &e),
			 MO_EINVAL);
	assert_msg(e, "within: expected a number of days");
	assert_int_equal(rs.n, 0);
	assert_int_equal(audit_entries(f->p, "system", "credential.read",
				       "credentials"), before + 1);
}

static void test_facts(void **state)
{
	pfx_fixture *f = *state;
	const mo_config *c = mo_practice_config(f->p);
	assert_true(mo_cred_licensed(c, "drlee", day("2026-12-23")));
	assert_false(mo_cred_licensed(c, "drlee", day("2026-12-24")));
	assert_false(mo_cred_licensed(c, "drlee", day("2024-12-22")));
	assert_true(mo_cred_licensed(c, "maria", day("2030-01-01")));
	assert_string_equal(mo_cred_enrollment(c, "drlee", "aetna",
					       day("2027-03-03")), "enrolled");
	assert_string_equal(mo_cred_enrollment(c, "drlee", "aetna",
					       day("2027-03-04")), "expired");
	assert_string_equal(mo_cred_enrollment(c, "drlee", "aetna",
					       day("2020-12-31")), "pending");
	assert_string_equal(mo_cred_enrollment(c, "drlee", "medicare",
					       day("2026-11-23")), "pending");
	assert_string_equal(mo_cred_enrollment(c, "drlee", "bcbs",
					       day("2026-11-23")), "none");
	assert_string_equal(mo_cred_enrollment(c, "maria", "aetna",
					       day("2026-11-23")), "none");
}

typedef struct items {
	char what[16][200];
	int32_t due[16];
	int n;
} items;

static int keep(void *ud, const mo_due_item *it)
{
	items *is = ud;
	assert_string_equal(it->source, "licence");
	if (is->n < 16) {
		snprintf(is->what[is->n], sizeof is->what[0], "%s", it->what);
		is->due[is->n++] = it->due;
	}
	return 0;
}

static void test_due(void **state)
{
	pfx_fixture *f = *state;
	items is = {0};
	mo_err e = {0};
	char d[11];
	/* due today: the licence (renew from 2026-10-24), the DEA, the
	 * aetna enrollment (from 2026-11-03), the insurance (2026-11-18) */
	assert_int_equal(mo_cred_due(f->p, day("2026-11-23"), keep, &is, &e),
			 0);
	assert_int_equal(is.n, 4);
	assert_string_equal(is.what[0], "Renew Dr. Dana Lee's license 036-1 "
			    "(IL) (expires 2026-12-23)");
	assert_string_equal(mo_date_format(is.due[0], d), "2026-10-24");
	assert_string_equal(is.what[1], "Renew Dr. Dana Lee's DEA registration "
			    "BL4829137 (expired 2026-11-01)");
	assert_string_equal(is.what[3], "Renew Cred Test's business insurance "
			    "BOP-1 (expires 2027-01-02)");
	/* the BLS joins on its renewal day, the fire permit on its own */
	is.n = 0;
	mo_cred_due(f->p, day("2026-12-03"), keep, &is, &e);
	assert_int_equal(is.n, 5);
	is.n = 0;
	mo_cred_due(f->p, day("2026-12-13"), keep, &is, &e);
	assert_int_equal(is.n, 7); /* + fire permit (12-13), CLIA (12-11) */
}

static void msg_count(void *ud, const char *msg)
{
	(void)msg;
	(*(int *)ud)++;
}

static void test_warnings(void **state)
{
	pfx_fixture *f = *state;
	int n = 0;
	/* the same as the list's renew and expired: licence, DEA, aetna,
	 * business insurance */
	assert_int_equal(mo_config_warnings(mo_practice_config(f->p),
					    day("2026-11-23"), msg_count, &n),
			 4);
	assert_int_equal(n, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_lead, setup, pfx_teardown),
	    cmocka_unit_test_setup_teardown(test_each, setup, pfx_teardown),
	    cmocka_unit_test_setup_teardown(test_list, setup, pfx_teardown),
	    cmocka_unit_test_setup_teardown(test_facts, setup, pfx_teardown),
	    cmocka_unit_test_setup_teardown(test_due, setup, pfx_teardown),
	    cmocka_unit_test_setup_teardown(test_warnings, setup, pfx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
