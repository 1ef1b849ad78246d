/* test_compliance.c: unit tests of core/compliance*.c on a practice of its
 * own (an office manager, an assistant and a front desk with job
 * permissions) at a fixed clock, with a registry of checklists set from C:
 * the declaration checks (bad every, due, an item without an id, an item
 * twice); periods (weeks, months, quarters, years, parsing); every
 * refusal of a result, a pickup, an incident, a follow-up and a report to
 * the authorities, each naming the field with nothing written (the cases
 * the issue names: unknown checklist or item, evidence missing, fail
 * without a note, a future period, a duplicate manifest, a negative
 * weight or count, an incident in the future or reported before it
 * occurred, an unknown patient or staff member, notifying on an incident
 * that is not suspected abuse); the corrective task of a fail; status and
 * missed periods; the due source; the audit of reads naming a patient;
 * and a job's permission refusing. It uses cmocka and MEDOFFICE_NOW. */
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
#include "compliance.h"
#include "patient.h"
#include "payable.h"
#include "perm.h"
#include "task.h"
#include "units.h"

#define NOW "2026-11-23T15:00:00Z" /* Monday 09:00 in Chicago */
#define HOUR INT64_C(3600000000)

static const char YAML[] =
	"practice:\n"
	"  name: Compliance Test Clinic\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - { id: main, name: Main }\n"
	"staff:\n"
	"  - {id: om, name: Omar Manager, job: office_manager}\n"
	"  - {id: ma, name: Mia Assistant, job: assistant}\n"
	"  - {id: fd, name: Fran Desk, job: front_desk}\n"
	"settings:\n"
	"  compliance:\n"
	"    checklists_from: 2026-10-01\n"
	"    waste_pickup_days: 30\n";

static const char *const OM_MAY[] = {
	"compliance.view", "compliance.record", "waste.record",
	"incident.report", "incident.view", "incident.update",
	"incident.notify", "payable.vendor", "task.create", "task.complete",
	"task.cancel"};
static const char *const MA_MAY[] = {"compliance.view", "compliance.record",
				     "waste.record", "incident.report"};
static const char *const FD_MAY[] = {"incident.report"};

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

static const mo_comp_item EYEWASH[] = {
	{"flushed", "Flushed 3 minutes", false},
	{"access", "Unobstructed", false},
};
static const mo_comp_item RISK[] = {
	{"assessment", "Risk assessment done", true},
	{"training", "Training done", false},
};
static const mo_comp_checklist LISTS[] = {
	{"eyewash", "Eyewash flush", "week", "office_manager", "test:1", 5,
	 EYEWASH, 2},
	{"risk", "HIPAA risk assessment", "year", "office_manager", "test:2",
	 366, RISK, 2},
};
static const mo_comp_registry REG = {LISTS, 2, 36};

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_perm *perm;
	int64_t vendor, patient;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	mo_ap_vendor_new v = {"Sharps Away", "services", 30, NULL, NULL};
	mo_patient_new pt = {.family = "Lopez", .given = "Ana",
			     .has_birth_day = true, .sex = "female"};
	mo_err e = {0};
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	mo_clock_shift_reset();
	if (pfx_open("compliance", YAML, f->dir, &f->p))
		return -1;
	pt.birth_day = mo_days_from_civil(1980, 2, 3);
	if (mo_ap_vendor_add(f->p, "om", &v, &f->vendor, &e) ||
	    mo_patient_register(f->p, MO_ACTOR_SYSTEM, &pt, false, &f->patient,
				&e) ||
	    pfx_perm(f->p, JOBS, NJOBS, &f->perm, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	mo_practice_set_perm(f->p, f->perm);
	mo_practice_set_checklists(f->p, &REG);
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	mo_practice_set_checklists(f->p, NULL);
	pfx_close(f->p, f->dir);
	mo_perm_free(f->perm);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM comp_record",
	"SELECT count(*) FROM waste_pickup",
	"SELECT count(*) FROM incident",
	"SELECT count(*) FROM incident_person",
	"SELECT count(*) FROM incident_event",
	"SELECT count(*) FROM task",
	"SELECT count(*) FROM audit",
	NULL,
};

/* ---- declarations and periods ---- */

static void test_declaration_checks(void **state)
{
	mo_comp_item twice[] = {{"a", "A", false}, {"a", "B", false}};
	mo_comp_item noid[] = {{"", "A", false}};
	mo_comp_checklist c = {"x", "X", "fortnight", "om", "t:1", 1, twice, 1};
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_comp_check_checklist(&c, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "every: expected week, month, quarter "
			       "or year, got \"fortnight\""));
	c.every = "week", c.due = 8;
	assert_int_equal(mo_comp_check_checklist(&c, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "due: expected a day of the week from 1 "
			       "to 7, got 8"));
	c.due = 7, c.items = noid;
	assert_int_equal(mo_comp_check_checklist(&c, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "items[1]: id:"));
	c.items = twice, c.nitems = 2;
	assert_int_equal(mo_comp_check_checklist(&c, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "listed twice"));
	c.nitems = 0;
	assert_int_equal(mo_comp_check_checklist(&c, &e), MO_EINVAL);
	c.nitems = 1;
	assert_int_equal(mo_comp_check_checklist(&c, &e), 0);
}

static void test_periods(void **state)
{
	mo_comp_period pd;
	mo_err e = {0};
	char d[11];
	(void)state;
	mo_comp_period_of("week", 5, mo_days_from_civil(2026, 11, 25), &pd);
	assert_string_equal(pd.text, "2026-W48");
	assert_string_equal(mo_date_format(pd.due, d), "2026-11-27");
	mo_comp_period_of("week", 1, mo_days_from_civil(2027, 1, 1), &pd);
	assert_string_equal(pd.text, "2026-W53");
	mo_comp_period_of("month", 31, mo_days_from_civil(2026, 2, 10), &pd);
	assert_string_equal(pd.text, "2026-02");
	assert_string_equal(mo_date_format(pd.due, d), "2026-02-28");
	mo_comp_period_of("quarter", 92, mo_days_from_civil(2026, 11, 1), &pd);
	assert_string_equal(pd.text, "2026-Q4");
	assert_string_equal(mo_date_format(pd.due, d), "2026-12-31");
	mo_comp_period_of("year", 31, mo_days_from_civil(2026, 6, 1), &pd);
	assert_string_equal(mo_date_format(pd.due, d), "2026-01-31");
	assert_int_equal(mo_comp_period_parse("week", 5, "2026-W48", &pd, &e),
			 0);
	assert_string_equal(mo_date_format(pd.first, d), "2026-11-23");
	assert_int_equal(mo_comp_period_parse("month", 1, "2026-13", &pd, &e),
			 MO_EINVAL);
	assert_non_null(strstr(e.msg, "expected a month as YYYY-MM"));
	assert_int_equal(mo_comp_period_parse("quarter", 1, "2026-Q5", &pd,
					      &e), MO_EINVAL);
	assert_int_equal(mo_comp_period_parse("year", 1, "2026-11", &pd, &e),
			 MO_EINVAL);
}

/* ---- results ---- */

#define R(c, i, per, res, ...)                                              \
	((mo_comp_result_new){.checklist = c, .item = i, .period = per,    \
			      .result = res, __VA_ARGS__})

static int record(fixture *f, const char *actor, mo_comp_result_new in,
		  int rc, const char *msg)
{
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	int got = mo_comp_record(f->p, actor, &in, NULL, NULL, &e);
	assert_int_equal(got, rc);
	if (msg) {
		if (!strstr(e.msg, msg))
			fail_msg("expected \"%s\" in \"%s\"", msg, e.msg);
		pfx_snap_same(f->p, &before);
	}
	return got;
}

static void test_record_refused(void **state)
{
	fixture *f = *state;
	record(f, "om", R("nope", "flushed", NULL, "pass"),
	       MO_EINVAL, "checklist: no checklist \"nope\" is declared");
	record(f, "om", R("eyewash", "lid", NULL, "pass"),
	       MO_EINVAL, "checklist item: eyewash has no item \"lid\"");
	record(f, "om", R("risk", "assessment", NULL, "pass"),
	       MO_EINVAL, "checklist evidence: assessment of risk "
	       "needs its evidence");
	record(f, "om", R("eyewash", "flushed", NULL, "fail"),
	       MO_EINVAL, "checklist note: a fail needs a note");
	record(f, "om", R("eyewash", "flushed", "2026-W49", "pass"),
	       MO_EINVAL, "checklist period: 2026-W49 has not begun");
	record(f, "om", R("eyewash", "flushed", "2026-11", "pass"),
	       MO_EINVAL, "checklist period: expected a week as "
	       "YYYY-Www");
	record(f, "om", R("eyewash", "flushed", NULL, "maybe"),
	       MO_EINVAL, "checklist result: expected pass, fail or na");
	record(f, "om", R("eyewash", "flushed", NULL, "pass", .by = "zed"),
	       MO_EINVAL, "checklist by: no staff member \"zed\"");
	record(f, "om", R("eyewash", "flushed", NULL, "pass",
			  .at_us = mo_clock_now_us() + HOUR),
	       MO_EINVAL, "checklist at:");
	record(f, "fd", R("eyewash", "flushed", NULL, "pass"),
	       MO_EDENIED, "compliance.record");
	/* n.a. needs no evidence */
	record(f, "om", R("risk", "assessment", NULL, "na"), 0, NULL);
}

static void test_corrective_task(void **state)
{
	fixture *f = *state;
	mo_comp_result_new in = {"eyewash", "flushed", NULL, "fail", NULL,
				 "water brown after 3 minutes", "ma", 0};
	int64_t id = 0, task = 0;
	mo_err e = {0};
	assert_int_equal(mo_comp_record(f->p, "ma", &in, &id, &task, &e), 0);
	assert_true(task > 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "status = 'open' AND assignee = 'om'"), 1);
	assert_int_equal(audit_entries(f->p, "ma", "compliance.record",
				       "checklist:eyewash/2026-W48"), 1);
	in.result = "pass", in.note = NULL;
	assert_int_equal(mo_comp_record(f->p, "ma", &in, &id, &task, &e), 0);
	assert_int_equal(task, 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM task WHERE "
				   "status = 'done'"), 1);
	/* append-only */
	assert_int_not_equal(sqlite3_exec(mo_db_sqlite(mo_practice_db(f->p)),
					  "DELETE FROM comp_record", NULL, NULL,
					  NULL), SQLITE_OK);
}

typedef struct status_seen {
	mo_comp_status s;
	int entries;
} status_seen;

static int keep_status(void *ud, const mo_comp_status *s)
{
	((status_seen *)ud)->s = *s;
	return 0;
}

static int count_entry(void *ud, const mo_comp_entry *en)
{
	status_seen *x = ud;
	x->entries += en->id != 0;
	return 0;
}

static void test_status_missed(void **state)
{
	fixture *f = *state;
	status_seen x = {0};
	mo_comp_result_new in = R("eyewash", "flushed", "2026-W47", "pass");
	mo_err e = {0};
	assert_int_equal(mo_comp_status_get(f->p, "om", "eyewash", "2026-W47",
					    keep_status, count_entry, &x, &e),
			 0);
	assert_true(x.s.missed);
	assert_int_equal(mo_comp_record(f->p, "om", &in, NULL, NULL, &e), 0);
	in.item = "access";
	assert_int_equal(mo_comp_record(f->p, "om", &in, NULL, NULL, &e), 0);
	memset(&x, 0, sizeof x);
	assert_int_equal(mo_comp_status_get(f->p, "om", "eyewash", "2026-W47",
					    keep_status, count_entry, &x, &e),
			 0);
	assert_true(x.s.complete && x.s.late && !x.s.missed);
	assert_int_equal(x.entries, 2);
	/* a week before the checklists start (2026-10-01) is never missed,
	 * and its paper record may still be entered */
	memset(&x, 0, sizeof x);
	assert_int_equal(mo_comp_status_get(f->p, "om", "eyewash", "2026-W30",
					    keep_status, NULL, &x, &e), 0);
	assert_false(x.s.missed || x.s.complete);
	in.period = "2026-W30";
	assert_int_equal(mo_comp_record(f->p, "om", &in, NULL, NULL, &e), 0);
	assert_int_equal(mo_comp_status_get(f->p, "om", "nope", NULL, NULL,
					    NULL, NULL, &e), MO_ENOTFOUND);
}

/* ---- the due source ---- */

typedef struct due_seen {
	int checklists, missed, waste, follow_up, notify;
	char last[320];
} due_seen;

static int collect_due(void *ud, const mo_due_item *it)
{
	due_seen *d = ud;
	assert_string_equal(it->source, "compliance");
	if (!strcmp(it->action, "compliance.record")) {
		d->checklists++;
		d->missed += strncmp(it->what, "MISSED", 6) == 0;
		assert_string_equal(it->job, "office_manager");
	}
	d->waste += !strcmp(it->action, "waste.record");
	d->follow_up += !strcmp(it->action, "incident.update");
	d->notify += !strcmp(it->action, "incident.notify");
	snprintf(d->last, sizeof d->last, "%s", it->what);
	return 0;
}

static int64_t report(fixture *f, const char *kind, int64_t occurred)
{
	mo_comp_incident_new in = {kind, occurred, 0, "main", "What happened",
				   &f->patient, 1, NULL, 0, "ma", 0};
	int64_t id = 0;
	mo_err e = {0};
	if (mo_comp_report(f->p, "ma", &in, &id, &e))
		fail_msg("report: %s", e.msg);
	return id;
}

static void test_due(void **state)
{
	fixture *f = *state;
	due_seen d = {0};
	mo_err e = {0};
	int32_t today = mo_days_from_civil(2026, 11, 23);
	/* eyewash weeks from October: due Fridays, all missed but this one;
	 * the risk assessment due 2026-12-31; no pickup yet */
	assert_int_equal(mo_comp_due(f->p, today + 7, collect_due, &d, &e), 0);
	assert_true(d.missed >= 7);
	assert_int_equal(d.checklists, d.missed + 1);
	assert_int_equal(d.waste, 1);
	memset(&d, 0, sizeof d);
	report(f, "abuse_elder", mo_clock_now_us() - 40 * HOUR);
	assert_int_equal(mo_comp_due(f->p, today, collect_due, &d, &e), 0);
	assert_int_equal(d.notify, 1);
	assert_int_equal(d.follow_up, 0);
	memset(&d, 0, sizeof d);
	assert_int_equal(mo_comp_due(f->p, today + 7, collect_due, &d, &e), 0);
	assert_int_equal(d.follow_up, 1);
}

/* ---- waste ---- */

static void pickup(fixture *f, mo_comp_pickup_new in, int rc,
		   const char *msg)
{
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_comp_pickup(f->p, "ma", &in, NULL, &e), rc);
	if (msg) {
		if (!strstr(e.msg, msg))
			fail_msg("expected \"%s\" in \"%s\"", msg, e.msg);
		pfx_snap_same(f->p, &before);
	}
}

static void test_waste(void **state)
{
	fixture *f = *state;
	mo_comp_pickup_new ok = {0, "Sharps Away", "M-1001", 3, 2, 0, 0, 4150,
				 NULL, NULL};
	mo_comp_pickup_new bad = ok;
	pickup(f, ok, 0, NULL);
	pickup(f, ok, MO_EEXIST, "waste manifest: M-1001 is recorded already");
	bad.manifest = "M-1002", bad.weight = -100;
	pickup(f, bad, MO_EINVAL, "waste weight:");
	bad.weight = 100, bad.sharps = -1;
	pickup(f, bad, MO_EINVAL, "waste sharps: expected 0 to 10000");
	bad.sharps = 0, bad.red_bag = 0;
	pickup(f, bad, MO_EINVAL, "at least one container");
	bad.red_bag = 1, bad.hauler = "Nobody Inc";
	pickup(f, bad, MO_ENOTFOUND, "waste hauler");
	bad.hauler = "Sharps Away", bad.day = mo_days_from_civil(2026, 12, 1);
	pickup(f, bad, MO_EINVAL, "waste day: 2026-12-01 is in the future");
	bad.day = 0, bad.manifest = "M 1002";
	pickup(f, bad, MO_EINVAL, "waste manifest: expected 1 to 40");
	bad.manifest = "M-1002", bad.signed_by = "zed";
	pickup(f, bad, MO_EINVAL, "waste signed_by: no staff member");
	assert_int_equal(audit_entries(f->p, "ma", "waste.record", "waste:1"),
			 1);
}

/* ---- incidents ---- */

static void incident(fixture *f, mo_comp_incident_new in, int rc,
		     const char *msg)
{
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_comp_report(f->p, "fd", &in, NULL, &e), rc);
	if (!strstr(e.msg, msg))
		fail_msg("expected \"%s\" in \"%s\"", msg, e.msg);
	pfx_snap_same(f->p, &before);
}

static void test_incident_refused(void **state)
{
	fixture *f = *state;
	int64_t now = mo_clock_now_us(), nobody = 999;
	const char *zed[] = {"zed"};
	mo_comp_incident_new in = {"patient_fall", now - HOUR, 0, "main",
				   "Slipped", NULL, 0, NULL, 0, NULL, 0};
	mo_comp_incident_new bad = in;
	bad.occurred_us = now + HOUR;
	incident(f, bad, MO_EINVAL, "incident occurred:");
	bad = in, bad.reported_us = now - 2 * HOUR;
	incident(f, bad, MO_EINVAL, "incident reported:");
	bad = in, bad.patients = &nobody, bad.npatients = 1;
	incident(f, bad, MO_EINVAL, "incident patients: no patient 999");
	bad = in, bad.staff = zed, bad.nstaff = 1;
	incident(f, bad, MO_EINVAL, "incident staff: no staff member \"zed\"");
	bad = in, bad.kind = "fire";
	incident(f, bad, MO_EINVAL, "incident kind: expected needlestick");
	bad = in, bad.location = "annex";
	incident(f, bad, MO_EINVAL, "incident location: no location");
	bad = in, bad.description = "";
	incident(f, bad, MO_EINVAL, "incident description");
}

static void test_incident_lifecycle(void **state)
{
	fixture *f = *state;
	int64_t fall = report(f, "patient_fall", mo_clock_now_us() - HOUR);
	int64_t abuse = report(f, "abuse_child", mo_clock_now_us() - HOUR);
	mo_comp_notice_new nt = {fall, "County CPS", NULL, "phone", "R-1", 0};
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(f->p, STATE);
	assert_int_equal(mo_comp_notify(f->p, "om", &nt, NULL, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "not suspected abuse or neglect"));
	nt.incident = abuse, nt.method = "pigeon";
	assert_int_equal(mo_comp_notify(f->p, "om", &nt, NULL, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "notice method"));
	nt.method = "phone", nt.agency = NULL;
	assert_int_equal(mo_comp_notify(f->p, "om", &nt, NULL, &e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "notice agency: required"));
	assert_int_equal(mo_comp_update(f->p, "om", fall, "closed", NULL, 0,
					&e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "incident note: required"));
	assert_int_equal(mo_comp_update(f->p, "ma", fall, "closed", "Done", 0,
					&e), MO_EDENIED);
	pfx_snap_same(f->p, &before);
	nt.agency = "County CPS";
	assert_int_equal(mo_comp_notify(f->p, "om", &nt, NULL, &e), 0);
	assert_int_equal(mo_comp_update(f->p, "om", fall, "investigating",
					"Reviewed the video", 0, &e), 0);
	assert_int_equal(mo_comp_update(f->p, "om", fall, "closed",
					"Mat added at the door", 0, &e), 0);
	assert_int_equal(mo_comp_update(f->p, "om", fall, "open", "Again", 0,
					&e), MO_EINVAL);
	assert_non_null(strstr(e.msg, "is closed"));
	assert_int_equal(mo_comp_update(f->p, "om", 77, NULL, "x", 0, &e),
			 MO_ENOTFOUND);
}

typedef struct inc_seen {
	int incidents, events;
	bool notified;
} inc_seen;

static int see_incident(void *ud, const mo_comp_incident *in)
{
	inc_seen *x = ud;
	x->incidents++;
	x->notified = in->notified_us != 0;
	return 0;
}

static int see_event(void *ud, const mo_comp_event *ev)
{
	(void)ev;
	((inc_seen *)ud)->events++;
	return 0;
}

static void test_incident_reads_audited(void **state)
{
	fixture *f = *state;
	int64_t id = report(f, "needlestick", mo_clock_now_us() - HOUR);
	char record[32];
	inc_seen x = {0};
	mo_comp_incident_filter flt = {.patient = f->patient};
	mo_err e = {0};
	snprintf(record, sizeof record, "patient:%lld", (long long)f->patient);
	assert_int_equal(mo_comp_incident_get(f->p, "om", id, see_incident,
					      see_event, &x, &e), 0);
	assert_int_equal(x.incidents, 1);
	assert_int_equal(audit_entries(f->p, "om", "incident.view", record),
			 1);
	assert_int_equal(mo_comp_incidents(f->p, "om", &flt, see_incident, &x,
					   &e), 0);
	assert_int_equal(x.incidents, 2);
	assert_int_equal(audit_entries(f->p, "om", "incident.view", record),
			 2);
	assert_int_equal(mo_comp_incident_get(f->p, "ma", id, see_incident,
					      NULL, &x, &e), MO_EDENIED);
	assert_int_equal(mo_comp_incident_get(f->p, "om", 99, see_incident,
					      NULL, &x, &e), MO_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_declaration_checks),
		T(test_periods),
		T(test_record_refused),
		T(test_corrective_task),
		T(test_status_missed),
		T(test_due),
		T(test_waste),
		T(test_incident_refused),
		T(test_incident_lifecycle),
		T(test_incident_reads_audited),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
