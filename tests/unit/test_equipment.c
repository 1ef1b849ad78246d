/* test_equipment.c: unit tests of core/equipment*.c, equipment and
 * facilities, on a practice of its own (two locations with rooms, an
 * office manager, an assistant and a front desk with job permissions) at
 * a fixed clock: every refusal of an asset, a schedule, a service record,
 * a status change and a facility issue with its message naming the field
 * and nothing written (asset, schedule, service, task link, issue, task
 * and audit counts unchanged), including the cases the issue names (an
 * interval of 0 or negative, a record dated in the future, an unknown
 * room, an issue resolved twice); where a schedule stands (in days, in
 * hours, after a failure); what makes an asset unusable and why (out of
 * service, a failed check until a passing one, a blocking schedule
 * overdue, retired); the sweep's tasks (one per overdue schedule, none
 * twice, completed by a pass, cancelled when the schedule ends or the
 * asset retires); the due source (text, who, action, record, order,
 * issues merged); history and find; a rule's denial and a job's
 * permission refusing with nothing written; the audit records. It uses
 * cmocka and MEDOFFICE_NOW. */
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

#include "action.h"
#include "clock.h"
#include "equipment.h"
#include "perm.h"
#include "task.h"
#include "units.h"

#define NOW "2026-11-23T15:00:00Z" /* 09:00 in Chicago */
#define HOUR INT64_C(3600000000)
#define DAY_US (24 * HOUR)

static const char YAML[] =
	"practice:\n"
	"  name: Equipment Test Clinic\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - id: main\n"
	"    name: Main\n"
	"    rooms:\n"
	"      - { id: supply, kind: storage }\n"
	"      - { id: lab, kind: lab }\n"
	"      - { id: exam1, kind: exam }\n"
	"  - { id: east, name: East, rooms: [ { id: e1, kind: exam } ] }\n"
	"staff:\n"
	"  - {id: om, name: Omar Manager, job: office_manager}\n"
	"  - {id: ma, name: Mia Assistant, job: assistant}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk}\n";

static const char *const OM_MAY[] = {
	"equipment.read", "equipment.add", "equipment.update",
	"equipment.schedule", "equipment.service", "equipment.sweep",
	"facility.report", "facility.assign", "facility.resolve",
	"task.create", "task.complete", "task.cancel"};
static const char *const MA_MAY[] = {"equipment.read", "equipment.service",
				     "facility.report"};
static const char *const FD_MAY[] = {"facility.report"};

#define MAY(a) .may = a, .nmay = sizeof a / sizeof a[0]
static const mo_job JOBS[] = {
	{.id = "office_manager", .title = "Office manager",
	 .level = "office_manager", MAY(OM_MAY)},
	{.id = "assistant", .title = "Assistant", .level = "staff",
	 .reports_to = "office_manager", MAY(MA_MAY)},
	{.id = "front_desk", .title = "Front desk", .level = "staff",
	 .reports_to = "office_manager", MAY(FD_MAY)},
};
#define NJOBS (sizeof JOBS / sizeof JOBS[0])

/* ---- a rule: "no vendor named ACME" for equipment.service ---- */

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *f, size_t n, mo_decision *d, mo_err *e)
{
	(void)ud;
	(void)actor;
	(void)e;
	memset(d, 0, sizeof *d);
	if (strcmp(action, "equipment.service"))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i].key, "vendor") && f[i].s &&
		    !strcmp(f[i].s, "ACME")) {
			d->verdict = MO_VERDICT_DENY;
			snprintf(d->reason, sizeof d->reason, "ACME is not an "
				 "approved vendor");
			snprintf(d->rule, sizeof d->rule, "vendors (test:1)");
		}
	return 0;
}

/* ---- fixture ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	int32_t today;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mo_err e = {0};
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	mo_clock_shift_reset();
	if (pfx_open("equipment", YAML, f->dir, &f->p))
		return -1;
	if (pfx_perm(f->p, JOBS, NJOBS, &f->perm, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	mo_practice_set_perm(f->p, f->perm);
	mo_practice_set_hooks(f->p, &(mo_hooks){NULL, decide, NULL, NULL,
						 NULL});
	f->today = mo_days_from_civil(2026, 11, 23);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	mo_clock_shift_reset();
	pfx_close(f->p, f->dir);
	mo_perm_free(f->perm);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* ---- helpers ---- */

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM asset",
	"SELECT count(*) FROM asset_schedule",
	"SELECT count(*) FROM asset_service",
	"SELECT count(*) FROM asset_task",
	"SELECT count(*) FROM facility_issue",
	"SELECT count(*) FROM task",
	"SELECT count(*) FROM audit",
	NULL,
};

static int64_t add_asset(mo_practice *p, const char *name, const char *room,
			 const char *serial)
{
	mo_equip_asset_new in = {name, "analyzer", "main", room, serial, NULL,
				 NULL, NULL};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_equip_add(p, "om", &in, &id, &e))
		fail_msg("add: %s", e.msg);
	return id;
}

static int64_t add_sched(mo_practice *p, int64_t asset, const char *what,
			 int32_t days, int32_t hours, bool blocking,
			 const char *assignee)
{
	mo_equip_schedule_new in = {asset, what, days, hours, 0, blocking,
				    assignee, false, 0, 0};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_equip_schedule(p, "om", &in, &id, &e))
		fail_msg("schedule: %s", e.msg);
	return id;
}

/* A record of what on asset at at_us (0: now), passed or failed. */
static int64_t record(mo_practice *p, int64_t asset, const char *what,
		      bool pass, int64_t at_us)
{
	mo_equip_record_new in = {asset, what, pass ? "pass" : "fail", false,
				  0, at_us, NULL, NULL,
				  pass ? NULL : "found a problem"};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_equip_service(p, "ma", &in, &id, NULL, &e))
		fail_msg("service: %s", e.msg);
	return id;
}

/* The first schedule of asset as it stands. */
static int copy_sched(void *ud, const mo_equip_sched *s)
{
	mo_equip_sched *out = ud;
	*out = *s;
	out->asset_name = out->location = out->room = out->serial = NULL;
	out->what = out->assignee = NULL;
	return 1;
}

static mo_equip_sched sched_of(mo_practice *p, int64_t asset)
{
	mo_equip_sched s = {0};
	mo_err e = {0};
	assert_int_equal(mo_equip_schedules(p, "om", asset, 0, copy_sched, &s,
					    &e), 1);
	return s;
}

static bool usable(mo_practice *p, int64_t asset, char why[MO_EQUIP_WHY])
{
	bool ok = false;
	mo_err e = {0};
	if (mo_equip_usable(p, asset, &ok, why, &e))
		fail_msg("usable: %s", e.msg);
	return ok;
}

static const char *task_status(mo_practice *p, int64_t id, char buf[16])
{
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT CASE status WHEN 'open' THEN 1 WHEN "
		 "'done' THEN 2 ELSE 3 END FROM task WHERE id = %lld",
		 (long long)id);
	switch (query_int(p, sql)) {
	case 1: return strcpy(buf, "open");
	case 2: return strcpy(buf, "done");
	default: return strcpy(buf, "cancelled");
	}
}

#define REFUSED(call, code, text)                                          \
	do {                                                               \
		pfx_snap before_ = pfx_snap_take(f->p, STATE);             \
		mo_err e_ = {0};                                           \
		assert_int_equal((call), (code));                          \
		assert_msg(e_, (text));                                    \
		pfx_snap_same(f->p, &before_);                             \
	} while (0)

/* ---- assets ---- */

static void test_add_refused(void **state)
{
	fixture *f = *state;
	mo_equip_asset_new ok = {"Glucose analyzer", "analyzer", "main", "lab",
				 "GA-1", "Acme", "G1", NULL};
	mo_equip_asset_new in;
	int64_t id;
	add_asset(f->p, "First", "lab", "SN-1");
#define ADD(field, value, code, text)                                      \
	do {                                                               \
		in = ok;                                                   \
		in.field = value;                                          \
		REFUSED(mo_equip_add(f->p, "om", &in, &id, &e_), code,     \
			text);                                             \
	} while (0)
	ADD(name, NULL, MO_EINVAL, "asset name: required");
	ADD(name, "two\nlines", MO_EINVAL, "asset name: expected one line");
	ADD(kind, "toaster", MO_EINVAL, "asset kind: expected one of "
	    "autoclave, refrigerator");
	ADD(location, "west", MO_EINVAL, "asset location: no location "
	    "\"west\" in practice.yaml");
	ADD(location, NULL, MO_EINVAL, "asset location: required");
	ADD(room, "exam9", MO_EINVAL, "asset room: no room \"exam9\" at "
	    "location main");
	ADD(room, "e1", MO_EINVAL, "asset room: no room \"e1\" at location "
	    "main");
	ADD(serial, " x", MO_EINVAL, "asset serial: expected 1 to 64 "
	    "printable characters");
	ADD(serial, "SN-1", MO_EEXIST, "asset serial: asset 1 has serial "
	    "SN-1 already");
	ADD(model, "", MO_EINVAL, "asset model: expected 1 to 100 "
	    "characters, got 0");
	ADD(clia_test, "glucose", MO_EINVAL, "asset clia_test: ");
#undef ADD
	REFUSED(mo_equip_add(f->p, "om", NULL, &id, &e_), MO_EINVAL,
		"asset: nothing given");
	REFUSED(mo_equip_add(f->p, "fd", &ok, &id, &e_), MO_EDENIED,
		"fd may not equipment.add");
}

typedef struct names {
	char v[8][64];
	int n;
} names;

static int collect_name(void *ud, const mo_equip_asset *a)
{
	names *l = ud;
	if (l->n < 8)
		snprintf(l->v[l->n++], 64, "%s%s%s", a->name,
			 a->usable ? "" : ": ", a->usable ? "" : a->why);
	return 0;
}

static void test_add_and_list(void **state)
{
	fixture *f = *state;
	mo_equip_asset_new clinic = {"Suite", "facility", "east", NULL, NULL,
				     NULL, NULL, NULL};
	mo_equip_filter by_room = {.location = "main", .room = "lab"};
	names l = {0};
	int64_t a = add_asset(f->p, "Analyzer", "lab", "GA-1"), b, id;
	mo_err e = {0};
	assert_int_equal(mo_equip_add(f->p, "om", &clinic, &b, &e), 0);
	assert_int_equal(audit_entries(f->p, "om", "equipment.add", "asset:1"),
			 1);
	assert_int_equal(mo_equip_list(f->p, "ma", NULL, collect_name, &l, &e),
			 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "Suite");    /* east before main */
	assert_string_equal(l.v[1], "Analyzer");
	assert_int_equal(audit_entries(f->p, "ma", "equipment.read",
				       "equipment"), 1);
	l.n = 0;
	assert_int_equal(mo_equip_list(f->p, "ma", &by_room, collect_name, &l,
				       &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(mo_equip_find(f->p, "GA-1", &id, &e), 0);
	assert_int_equal(id, a);
	assert_int_equal(mo_equip_find(f->p, "nope", &id, &e), MO_ENOTFOUND);
	assert_msg(e, "no asset with serial \"nope\"");
	mo_equip_filter one = {.id = 99};
	assert_int_equal(mo_equip_list(f->p, "ma", &one, collect_name, &l, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no asset 99");
	assert_int_equal(mo_equip_list(f->p, "fd", NULL, collect_name, &l, &e),
			 MO_EDENIED);
}

/* ---- schedules ---- */

static void test_schedule_refused(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Analyzer", "lab", NULL), id;
	mo_equip_schedule_new ok = {a, "calibration", 30, 0, 0, true, "ma",
				    false, 0, 0};
	mo_equip_schedule_new in;
#define SCHED(field, value, code, text)                                    \
	do {                                                               \
		in = ok;                                                   \
		in.field = value;                                          \
		REFUSED(mo_equip_schedule(f->p, "om", &in, &id, &e_),      \
			code, text);                                       \
	} while (0)
	SCHED(every_days, 0, MO_EINVAL, "schedule interval: expected every N "
	      "days (1 to 3660) or every N hours (1 to 720), got 0");
	SCHED(every_days, -30, MO_EINVAL, "schedule every_days: expected 1 to "
	      "3660 days, got -30");
	SCHED(every_days, 4000, MO_EINVAL, "schedule every_days: expected 1 "
	      "to 3660 days, got 4000");
	in = ok;
	in.every_days = 0;
	in.every_hours = -12;
	REFUSED(mo_equip_schedule(f->p, "om", &in, &id, &e_), MO_EINVAL,
		"schedule every_hours: expected 1 to 720 hours, got -12");
	SCHED(every_hours, 12, MO_EINVAL, "schedule interval: give every N "
	      "days or every N hours, not both");
	SCHED(what, "dusting", MO_EINVAL, "schedule what: expected one of "
	      "spore_test, calibration");
	SCHED(assignee, "nobody", MO_EINVAL, "schedule assignee: no staff "
	      "member \"nobody\"");
	SCHED(first_due, f->today - 1, MO_EINVAL, "schedule first_due: "
	      "2026-11-22 is before today (2026-11-23)");
	SCHED(asset, 99, MO_ENOTFOUND, "no asset 99");
	in = ok;
	in.has_range = true;
	in.low = 800;
	in.high = 200;
	REFUSED(mo_equip_schedule(f->p, "om", &in, &id, &e_), MO_EINVAL,
		"schedule range: the low end is above the high end");
	REFUSED(mo_equip_schedule(f->p, "ma", &ok, &id, &e_), MO_EDENIED,
		"ma may not equipment.schedule");
#undef SCHED
	REFUSED(mo_equip_unschedule(f->p, "om", a, "calibration", &e_),
		MO_ENOTFOUND, "asset 1 (Analyzer) has no calibration schedule");
}

static void test_schedule_standing(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Analyzer", "lab", NULL);
	int64_t now = mo_clock_now_us();
	mo_equip_sched s;
	add_sched(f->p, a, "calibration", 30, 0, false, NULL);
	s = sched_of(f->p, a);
	assert_int_equal(s.next_due, f->today); /* first due today */
	assert_false(s.overdue);
	assert_int_equal(s.last_us, 0);
	record(f->p, a, "calibration", true, now - 40 * DAY_US);
	s = sched_of(f->p, a);
	assert_int_equal(s.next_due, f->today - 10);
	assert_true(s.overdue);
	assert_true(s.last_passed);
	record(f->p, a, "calibration", true, now - 2 * DAY_US);
	s = sched_of(f->p, a);
	assert_int_equal(s.next_due, f->today + 28);
	assert_false(s.overdue);
	/* an older record does not move it back */
	record(f->p, a, "calibration", true, now - 50 * DAY_US);
	assert_int_equal(sched_of(f->p, a).next_due, f->today + 28);
	/* changing the interval keeps the records */
	add_sched(f->p, a, "calibration", 7, 0, false, NULL);
	assert_int_equal(sched_of(f->p, a).next_due, f->today + 5);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM "
				   "asset_schedule"), 1);
}

static void test_schedule_in_hours(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Vaccine fridge", "lab", NULL);
	int64_t now = mo_clock_now_us();
	mo_equip_sched s;
	add_sched(f->p, a, "temperature", 0, 12, false, NULL);
	record(f->p, a, "temperature", true, now - HOUR);
	s = sched_of(f->p, a);
	assert_int_equal(s.next_us, now + 11 * HOUR);
	assert_int_equal(s.next_due, f->today); /* 20:00 local */
	assert_false(s.overdue);
	mo_clock_shift(12 * HOUR);
	s = sched_of(f->p, a);
	assert_true(s.overdue); /* 21:00, due at 20:00 */
	mo_clock_shift_reset();
	/* a failure is due again at once, on its day */
	record(f->p, a, "temperature", false, now);
	s = sched_of(f->p, a);
	assert_false(s.last_passed);
	assert_int_equal(s.next_us, 0);
	assert_int_equal(s.next_due, f->today);
	assert_false(s.overdue);
	mo_clock_shift(DAY_US);
	assert_true(sched_of(f->p, a).overdue);
}

/* ---- service records ---- */

static void test_service_refused(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Fridge", "lab", NULL), fr, id;
	mo_equip_schedule_new range = {0, "temperature", 0, 12, 0, false, NULL,
				       true, 200, 800};
	mo_equip_record_new ok = {a, "inspection", "pass", false, 0, 0, NULL,
				  NULL, NULL};
	mo_equip_record_new in;
	mo_err e = {0};
	fr = add_asset(f->p, "Fridge 2", "lab", NULL);
	range.asset = fr;
	assert_int_equal(mo_equip_schedule(f->p, "om", &range, &id, &e), 0);
#define SERVICE(field, value, code, text)                                  \
	do {                                                               \
		in = ok;                                                   \
		in.field = value;                                          \
		REFUSED(mo_equip_service(f->p, "ma", &in, &id, NULL, &e_), \
			code, text);                                       \
	} while (0)
	SERVICE(at_us, mo_clock_now_us() + DAY_US, MO_EINVAL, "service date: "
		"2026-11-24 09:00 is in the future; record a check once it is "
		"done");
	SERVICE(what, "polish", MO_EINVAL, "service what (or repair): "
		"expected one of spore_test");
	SERVICE(result, NULL, MO_EINVAL, "service result: required (pass or "
		"fail)");
	SERVICE(result, "ok", MO_EINVAL, "service result: expected one of "
		"pass, fail, got \"ok\"");
	SERVICE(result, "fail", MO_EINVAL, "service note: a failed check "
		"needs a note");
	SERVICE(by, "ghost", MO_EINVAL, "service by: no staff member "
		"\"ghost\"");
	SERVICE(vendor, "A\nB", MO_EINVAL, "service vendor: expected one line");
	SERVICE(asset, 99, MO_ENOTFOUND, "no asset 99");
	SERVICE(vendor, "ACME", MO_EDENIED, "ACME is not an approved vendor");
	in = ok;
	in.asset = fr;
	in.what = "temperature";
	in.result = NULL;
	REFUSED(mo_equip_service(f->p, "ma", &in, &id, NULL, &e_), MO_EINVAL,
		"service reading: required: the schedule's range is 2.00 to "
		"8.00");
	in.has_reading = true;
	in.reading = 950;
	in.result = "pass";
	REFUSED(mo_equip_service(f->p, "ma", &in, &id, NULL, &e_), MO_EINVAL,
		"service result: the reading 9.50 is outside the range 2.00 to "
		"8.00, so the check fails");
	REFUSED(mo_equip_service(f->p, "fd", &ok, &id, NULL, &e_), MO_EDENIED,
		"fd may not equipment.service");
#undef SERVICE
}

static void test_service_reading(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Fridge", "lab", NULL), id;
	mo_equip_schedule_new range = {a, "temperature", 0, 12, 0, false, NULL,
				       true, 200, 800};
	mo_equip_record_new in = {a, "temperature", NULL, true, 450, 0, "om",
				  "Cold Co", NULL};
	char why[MO_EQUIP_WHY];
	bool passed = false;
	mo_err e = {0};
	assert_int_equal(mo_equip_schedule(f->p, "om", &range, &id, &e), 0);
	assert_int_equal(mo_equip_service(f->p, "ma", &in, &id, &passed, &e),
			 0);
	assert_true(passed);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM asset_service "
				   "WHERE done_by = 'om' AND recorded_by = "
				   "'ma' AND reading = 450 AND vendor = "
				   "'Cold Co' AND schedule = 1"), 1);
	in.reading = 900;
	in.note = "door left open";
	assert_int_equal(mo_equip_service(f->p, "ma", &in, &id, &passed, &e),
			 0);
	assert_false(passed);
	assert_false(usable(f->p, a, why));
	assert_string_equal(why, "asset 1 (Fridge) failed its temperature "
			    "check on 2026-11-23 09:00");
	/* a repair counts for no schedule */
	mo_equip_record_new fix = {a, "repair", "pass", false, 0, 0, NULL,
				   "Cold Co", "new door seal"};
	assert_int_equal(mo_equip_service(f->p, "ma", &fix, &id, &passed, &e),
			 0);
	assert_int_equal(query_int(f->p, "SELECT schedule IS NULL FROM "
				   "asset_service WHERE what = 'repair'"), 1);
	assert_false(usable(f->p, a, why));
	in.reading = 500;
	in.note = NULL;
	assert_int_equal(mo_equip_service(f->p, "ma", &in, &id, &passed, &e),
			 0);
	assert_true(usable(f->p, a, why));
	assert_int_equal(audit_entries(f->p, "ma", "equipment.service",
				       "asset:1"), 4);
	/* records are append-only */
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "UPDATE asset_service SET passed = 1",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "DELETE FROM asset_service", NULL,
					  NULL, NULL), SQLITE_OK);
}

/* ---- usable and status ---- */

static void test_status(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Analyzer", "lab", "GA-1"), id;
	char why[MO_EQUIP_WHY];
	mo_err e = {0};
	assert_true(usable(f->p, a, why));
	assert_string_equal(why, "");
	REFUSED(mo_equip_set_status(f->p, "om", a, "out_of_service", NULL,
				    &e_), MO_EINVAL,
		"asset status reason: required");
	REFUSED(mo_equip_set_status(f->p, "om", a, "broken", "x", &e_),
		MO_EINVAL, "asset status: expected one of in_service, "
		"out_of_service, retired, got \"broken\"");
	REFUSED(mo_equip_set_status(f->p, "om", a, "in_service", NULL, &e_),
		MO_EINVAL, "asset status: asset 1 (Analyzer) is in service "
		"already");
	REFUSED(mo_equip_set_status(f->p, "om", 42, "in_service", NULL, &e_),
		MO_ENOTFOUND, "no asset 42");
	REFUSED(mo_equip_set_status(f->p, "ma", a, "out_of_service", "x",
				    &e_), MO_EDENIED,
		"ma may not equipment.update");
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "out_of_service",
					     "sent for repair", &e), 0);
	assert_false(usable(f->p, a, why));
	assert_string_equal(why, "asset 1 (Analyzer) is out of service: sent "
			    "for repair");
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "in_service", NULL,
					     &e), 0);
	assert_true(usable(f->p, a, why));
	/* a failed check keeps it out until a passing one */
	add_sched(f->p, a, "calibration", 30, 0, false, NULL);
	record(f->p, a, "calibration", false, 0);
	assert_false(usable(f->p, a, why));
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "out_of_service",
					     "waiting for the vendor", &e), 0);
	REFUSED(mo_equip_set_status(f->p, "om", a, "in_service", NULL, &e_),
		MO_EINVAL, "asset status: asset 1 (Analyzer) failed its "
		"calibration on 2026-11-23: a passing calibration returns it to "
		"service");
	record(f->p, a, "calibration", true, 0);
	assert_false(usable(f->p, a, why)); /* still out by hand */
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "in_service", NULL,
					     &e), 0);
	assert_true(usable(f->p, a, why));
	/* retired: for good */
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "retired",
					     "replaced", &e), 0);
	assert_false(usable(f->p, a, why));
	assert_string_equal(why, "asset 1 (Analyzer) is retired");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM asset_schedule "
				   "WHERE active = 1"), 0);
	REFUSED(mo_equip_set_status(f->p, "om", a, "in_service", NULL, &e_),
		MO_EINVAL, "asset status: asset 1 (Analyzer) is retired");
	mo_equip_schedule_new s = {a, "inspection", 30, 0, 0, false, NULL,
				   false, 0, 0};
	REFUSED(mo_equip_schedule(f->p, "om", &s, &id, &e_), MO_EINVAL,
		"schedule asset: asset 1 (Analyzer) is retired");
	mo_equip_record_new r = {a, "repair", "pass", false, 0, 0, NULL, NULL,
				 NULL};
	REFUSED(mo_equip_service(f->p, "om", &r, &id, NULL, &e_), MO_EINVAL,
		"service asset: asset 1 (Analyzer) is retired");
	assert_int_equal(audit_entries(f->p, "om", "equipment.update",
				       "asset:1"), 5);
}

static void test_blocking_overdue(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Analyzer", "lab", NULL);
	int64_t now = mo_clock_now_us();
	char why[MO_EQUIP_WHY];
	add_sched(f->p, a, "cleaning", 7, 0, false, NULL);
	record(f->p, a, "cleaning", true, now - 30 * DAY_US);
	assert_true(usable(f->p, a, why)); /* overdue, not blocking */
	add_sched(f->p, a, "calibration", 30, 0, true, NULL);
	assert_true(usable(f->p, a, why)); /* due today: not overdue yet */
	mo_clock_shift(DAY_US);
	assert_false(usable(f->p, a, why));
	assert_string_equal(why, "asset 1 (Analyzer) is overdue for its "
			    "calibration (due 2026-11-23)");
	record(f->p, a, "calibration", true, 0);
	assert_true(usable(f->p, a, why));
}

/* ---- the sweep ---- */

static void test_sweep(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Autoclave", "supply", NULL);
	int64_t b = add_asset(f->p, "Fridge", "lab", NULL);
	int64_t now = mo_clock_now_us();
	char st[16];
	size_t n = 99;
	mo_err e = {0};
	add_sched(f->p, a, "spore_test", 30, 0, false, "ma");
	add_sched(f->p, b, "temperature", 0, 12, false, NULL);
	add_sched(f->p, b, "inspection", 365, 0, false, NULL);
	record(f->p, a, "spore_test", true, now - 31 * DAY_US);
	record(f->p, b, "temperature", true, now - 13 * HOUR);
	record(f->p, b, "inspection", true, now - DAY_US);
	assert_int_equal(mo_equip_sweep(f->p, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "created_by = 'system' AND assignee = 'ma' "
				   "AND title = 'Overdue spore test of "
				   "Autoclave (asset 1), due 2026-11-22'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "assignee IS NULL AND title LIKE 'Overdue "
				   "temperature check of Fridge%'"), 1);
	assert_int_equal(audit_entries(f->p, "system", "equipment.sweep",
				       "asset:1"), 1);
	assert_int_equal(mo_equip_sweep(f->p, &n, &e), 0);
	assert_int_equal(n, 0); /* none twice while open */
	assert_int_equal(sched_of(f->p, a).task, 1);
	/* a failure leaves the task open; a pass completes it */
	record(f->p, a, "spore_test", false, 0);
	assert_string_equal(task_status(f->p, 1, st), "open");
	record(f->p, a, "spore_test", true, 0);
	assert_string_equal(task_status(f->p, 1, st), "done");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE id "
				   "= 1 AND closed_by = 'system' AND note LIKE "
				   "'spore test recorded (service record %)'"),
			 1);
	assert_int_equal(sched_of(f->p, a).task, 0);
	/* ending the schedule cancels its task */
	assert_int_equal(mo_equip_unschedule(f->p, "om", b, "temperature", &e),
			 0);
	assert_string_equal(task_status(f->p, 2, st), "cancelled");
	assert_int_equal(mo_equip_sweep(f->p, &n, &e), 0);
	assert_int_equal(n, 0);
	/* overdue again later: a new task */
	mo_clock_shift(31 * DAY_US);
	assert_int_equal(mo_equip_sweep(f->p, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM asset_task"), 3);
	/* retiring cancels the open tasks */
	assert_int_equal(mo_equip_set_status(f->p, "om", a, "retired",
					     "replaced", &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "status = 'open'"), 0);
}

/* ---- the due source ---- */

typedef struct due_list {
	char what[8][256], staff[8][16], action[8][24], record[8][16];
	int32_t due[8];
	int n;
} due_list;

static int collect_due(void *ud, const mo_due_item *it)
{
	due_list *l = ud;
	if (l->n == 8)
		return 0;
	assert_string_equal(it->source, "equipment");
	assert_null(it->job);
	snprintf(l->what[l->n], 256, "%s", it->what);
	snprintf(l->staff[l->n], 16, "%s", it->staff ? it->staff : "-");
	snprintf(l->action[l->n], 24, "%s", it->action);
	snprintf(l->record[l->n], 16, "%s", it->record);
	l->due[l->n++] = it->due;
	return 0;
}

static void test_due(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Autoclave", "supply", NULL);
	int64_t b = add_asset(f->p, "Fridge", "lab", NULL);
	int64_t now = mo_clock_now_us(), id;
	mo_equip_issue_new leak = {"Faucet leaking", "main", "exam1", 0,
				   "normal", f->today + 3, "om"};
	due_list l = {0};
	mo_err e = {0};
	add_sched(f->p, a, "spore_test", 30, 0, false, "ma");
	add_sched(f->p, b, "temperature", 0, 12, false, NULL);
	add_sched(f->p, b, "inspection", 365, 0, false, NULL);
	record(f->p, a, "spore_test", true, now - 31 * DAY_US);
	record(f->p, b, "temperature", true, now - 2 * HOUR);
	record(f->p, b, "inspection", true, now - DAY_US);
	assert_int_equal(mo_equip_report(f->p, "fd", &leak, &id, &e), 0);
	assert_int_equal(mo_equip_due(f->p, f->today + 7, collect_due, &l, &e),
			 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.what[0], "Spore test of Autoclave (main, "
			    "supply): overdue since 2026-11-22");
	assert_string_equal(l.staff[0], "ma");
	assert_string_equal(l.action[0], "equipment.service");
	assert_string_equal(l.record[0], "asset:1");
	assert_int_equal(l.due[0], f->today - 1);
	assert_string_equal(l.what[1], "Temperature check of Fridge (main, "
			    "lab): due 2026-11-23 19:00");
	assert_string_equal(l.staff[1], "-");
	assert_string_equal(l.what[2], "Building problem (normal, main, "
			    "exam1, reported by fd): Faucet leaking");
	assert_string_equal(l.staff[2], "om");
	assert_string_equal(l.action[2], "facility.resolve");
	assert_string_equal(l.record[2], "issue:1");
	assert_int_equal(l.due[2], f->today + 3);
	/* through today: the inspection (next year) and the issue wait */
	l.n = 0;
	assert_int_equal(mo_equip_due(f->p, f->today, collect_due, &l, &e), 0);
	assert_int_equal(l.n, 2);
	/* a failure */
	record(f->p, b, "temperature", false, 0);
	l.n = 0;
	assert_int_equal(mo_equip_due(f->p, f->today, collect_due, &l, &e), 0);
	assert_string_equal(l.what[1], "Temperature check of Fridge (main, "
			    "lab): failed 2026-11-23 09:00: out of service "
			    "until a passing check");
	assert_int_equal(mo_equip_due(f->p, f->today, NULL, NULL, &e),
			 MO_EINVAL);
}

/* ---- facility issues ---- */

static void test_issues_refused(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Autoclave", "supply", NULL), id;
	mo_equip_issue_new ok = {"Light out", "main", "exam1", 0, NULL, 0,
				 NULL};
	mo_equip_issue_new in;
#define ISSUE(field, value, code, text)                                    \
	do {                                                               \
		in = ok;                                                   \
		in.field = value;                                          \
		REFUSED(mo_equip_report(f->p, "fd", &in, &id, &e_), code,  \
			text);                                             \
	} while (0)
	ISSUE(what, NULL, MO_EINVAL, "issue what: required");
	ISSUE(what, "", MO_EINVAL, "issue what: expected 1 to 500 characters");
	ISSUE(location, "west", MO_EINVAL, "issue location: no location "
	      "\"west\"");
	ISSUE(room, "kitchen", MO_EINVAL, "issue room: no room \"kitchen\" at "
	      "location main");
	ISSUE(priority, "asap", MO_EINVAL, "issue priority: expected one of "
	      "low, normal, urgent, got \"asap\"");
	ISSUE(due, f->today - 1, MO_EINVAL, "issue due: 2026-11-22 is before "
	      "today (2026-11-23)");
	ISSUE(assignee, "bob", MO_EINVAL, "issue assignee: no staff member "
	      "\"bob\"");
	ISSUE(asset, 77, MO_ENOTFOUND, "no asset 77");
	in = ok;
	in.location = "east";
	in.room = NULL;
	in.asset = a;
	REFUSED(mo_equip_report(f->p, "fd", &in, &id, &e_), MO_EINVAL,
		"issue location: asset 1 is at main, not east");
	REFUSED(mo_equip_report(f->p, "fd", NULL, &id, &e_), MO_EINVAL,
		"issue: nothing given");
#undef ISSUE
}

static void test_issue_lifecycle(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Autoclave", "supply", NULL), id, id2, id3;
	mo_equip_issue_new urgent = {"Water on the floor", "east", "e1", 0,
				     "urgent", 0, NULL};
	mo_equip_issue_new by_asset = {"Door seal torn", NULL, NULL, a, "low",
				       0, NULL};
	mo_equip_issue_new plain = {"Light out", "main", NULL, 0, NULL, 0,
				    NULL};
	mo_err e = {0};
	assert_int_equal(mo_equip_report(f->p, "fd", &urgent, &id, &e), 0);
	assert_int_equal(mo_equip_report(f->p, "fd", &by_asset, &id2, &e), 0);
	assert_int_equal(mo_equip_report(f->p, "fd", &plain, &id3, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT due FROM facility_issue "
				   "WHERE id = 1"), f->today);
	assert_int_equal(query_int(f->p, "SELECT due FROM facility_issue "
				   "WHERE id = 2"), f->today + 30);
	assert_int_equal(query_int(f->p, "SELECT due FROM facility_issue "
				   "WHERE id = 3"), f->today + 7);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM facility_issue "
				   "WHERE id = 2 AND location = 'main' AND "
				   "room = 'supply' AND asset = 1"), 1);
	assert_int_equal(audit_entries(f->p, "fd", "facility.report",
				       "issue:1"), 1);
	REFUSED(mo_equip_assign(f->p, "om", id, "zed", &e_), MO_EINVAL,
		"issue assignee: no staff member \"zed\"");
	REFUSED(mo_equip_assign(f->p, "om", 9, "ma", &e_), MO_ENOTFOUND,
		"no issue 9");
	REFUSED(mo_equip_assign(f->p, "fd", id, "ma", &e_), MO_EDENIED,
		"fd may not facility.assign");
	assert_int_equal(mo_equip_assign(f->p, "om", id, "ma", &e), 0);
	REFUSED(mo_equip_resolve(f->p, "om", id, NULL, &e_), MO_EINVAL,
		"issue resolution note: required");
	assert_int_equal(mo_equip_resolve(f->p, "om", id, "Mopped; the "
					  "plumber fixed the pipe", &e), 0);
	REFUSED(mo_equip_resolve(f->p, "om", id, "again", &e_), MO_EINVAL,
		"issue 1 is resolved already (by om, 2026-11-23 09:00)");
	REFUSED(mo_equip_assign(f->p, "om", id, "ma", &e_), MO_EINVAL,
		"issue 1 is resolved already");
	REFUSED(mo_equip_resolve(f->p, "om", 9, "x", &e_), MO_ENOTFOUND,
		"no issue 9");
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM facility_issue "
				   "WHERE id = 1 AND status = 'resolved' AND "
				   "assignee = 'ma' AND resolved_by = 'om'"),
			 1);
	/* a resolved issue does not change, even around the core */
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "UPDATE facility_issue SET status = "
					  "'open' WHERE id = 1", NULL, NULL,
					  NULL), SQLITE_OK);
}

typedef struct issue_ids {
	int64_t v[8];
	int n;
} issue_ids;

static int collect_issue(void *ud, const mo_equip_issue *is)
{
	issue_ids *l = ud;
	if (l->n < 8)
		l->v[l->n++] = is->id;
	return 0;
}

static void test_issue_list(void **state)
{
	fixture *f = *state;
	mo_equip_issue_new low = {"Paint chipped", "main", NULL, 0, "low", 0,
				  NULL};
	mo_equip_issue_new urgent = {"No heat", "main", NULL, 0, "urgent", 0,
				     NULL};
	issue_ids l = {{0}, 0};
	int64_t id;
	mo_err e = {0};
	assert_int_equal(mo_equip_report(f->p, "ma", &low, &id, &e), 0);
	assert_int_equal(mo_equip_report(f->p, "ma", &urgent, &id, &e), 0);
	assert_int_equal(mo_equip_resolve(f->p, "om", 2, "Boiler reset", &e),
			 0);
	assert_int_equal(mo_equip_issues(f->p, "ma", false, collect_issue, &l,
					 &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0], 1);
	l.n = 0;
	assert_int_equal(mo_equip_issues(f->p, "ma", true, collect_issue, &l,
					 &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[1], 2); /* the resolved one last */
	assert_int_equal(audit_entries(f->p, "ma", "equipment.read", "issues"),
			 2);
}

/* ---- history and when ---- */

typedef struct rec_ids {
	int64_t v[8];
	int n;
} rec_ids;

static int collect_record(void *ud, const mo_equip_record *r)
{
	rec_ids *l = ud;
	if (l->n < 8)
		l->v[l->n++] = r->id;
	return 0;
}

static void test_history_and_when(void **state)
{
	fixture *f = *state;
	int64_t a = add_asset(f->p, "Autoclave", "supply", NULL);
	int64_t b = add_asset(f->p, "Fridge", "lab", NULL);
	int64_t now = mo_clock_now_us(), us;
	rec_ids l = {{0}, 0};
	mo_err e = {0};
	record(f->p, a, "repair", true, now - 3 * DAY_US); /* 1 */
	record(f->p, b, "repair", true, now - DAY_US);     /* 2 */
	record(f->p, a, "repair", true, now);              /* 3 */
	assert_int_equal(mo_equip_history(f->p, "ma", 0, 0, 0, collect_record,
					  &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0], 3); /* newest first */
	assert_int_equal(l.v[2], 1);
	l.n = 0;
	assert_int_equal(mo_equip_history(f->p, "ma", a, f->today - 1,
					  f->today, collect_record, &l, &e), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(audit_entries(f->p, "ma", "equipment.read",
				       "asset:1"), 1);
	assert_int_equal(mo_equip_history(f->p, "ma", 0, f->today, f->today - 1,
					  collect_record, &l, &e), MO_EINVAL);
	assert_msg(e, "service history: from 2026-11-23 is after to "
		   "2026-11-22");
	assert_int_equal(mo_equip_history(f->p, "ma", 9, 0, 0, collect_record,
					  &l, &e), MO_ENOTFOUND);
	/* when people write a check's time */
	assert_int_equal(mo_equip_parse_when(f->p, "2026-11-20 14:30", &us,
					     &e), 0);
	assert_int_equal(us, now - 3 * DAY_US + 5 * HOUR + 30 * 60000000LL);
	assert_int_equal(mo_equip_parse_when(f->p, "2026-11-23", &us, &e), 0);
	assert_int_equal(us, now);
	assert_int_equal(mo_equip_parse_when(f->p, "2026-11-22", &us, &e), 0);
	assert_int_equal(us, now - DAY_US + 3 * HOUR);
	assert_int_equal(mo_equip_parse_when(f->p, "yesterday", &us, &e),
			 MO_EINVAL);
	assert_msg(e, "service date: expected a local time such as");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_add_refused),
		T(test_add_and_list),
		T(test_schedule_refused),
		T(test_schedule_standing),
		T(test_schedule_in_hours),
		T(test_service_refused),
		T(test_service_reading),
		T(test_status),
		T(test_blocking_overdue),
		T(test_sweep),
		T(test_due),
		T(test_issues_refused),
		T(test_issue_lifecycle),
		T(test_issue_list),
		T(test_history_and_when),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
