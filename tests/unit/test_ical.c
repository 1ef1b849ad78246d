/* test_ical.c: unit tests of core/ical.c on a practice of its own
 * (America/Chicago, NPI 1234567893; drlee and drkim at main). Export:
 * bad arguments; the calendar's content (PRODID, METHOD, stable UIDs,
 * UTC times on both sides of the spring-forward change, the patient's
 * initials and never the name, rooms, cancelled appointments left out,
 * one audited read per day, the same text twice). Import: time zones (a
 * VTIMEZONE of Europe/London, UTC, floating, IANA TZID, all-day), CATEGORIES
 * to kinds, a weekly RRULE with EXDATE, a moved instance, a London
 * series whose Chicago time moves with the clocks (a block per
 * occurrence), events over several days (split), re-import (all
 * unchanged, then one updated), a block cancelled by hand, two providers;
 * malformed files refused with file:line and nothing written (blocks and
 * audit log unchanged), and a denial in the middle rolling back what
 * was added before it. It uses cmocka, a practice in a temporary folder,
 * the fixtures of tests/fixtures/ical and SQLite directly for counts. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "block.h"
#include "clock.h"
#include "ical.h"
#include "patient.h"
#include "sched.h"
#include "tz.h"
#include "units.h"

#define assert_has(text, s)                                                  \
	do {                                                                 \
		if (!strstr((text), (s)))                                    \
			fail_msg("text lacks \"%s\":\n%s", (s), (text));     \
	} while (0)
#define assert_lacks(text, s)                                                \
	do {                                                                 \
		if (strstr((text), (s)))                                     \
			fail_msg("text has \"%s\":\n%s", (s), (text));       \
	} while (0)

#define ZONE "America/Chicago"
#define NOW "2026-11-23T15:00:00Z"
#define DOMAIN "@1234567893.medoffice"

static const char YAML[] =
	"practice:\n"
	"  name: Ical Test\n"
	"  npi: \"1234567893\"\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - id: main\n"
	"    name: Main Street Clinic\n"
	"    rooms:\n"
	"      - { id: exam1, name: Exam 1, kind: exam }\n"
	"      - { id: exam2, name: Exam 2, kind: exam }\n"
	"staff:\n"
	"  - { id: drlee, name: Dr Lee, job: doc }\n"
	"  - { id: drkim, name: Dr Kim, job: doc }\n"
	"  - { id: maria, name: Maria, job: desk }\n"
	"providers:\n"
	"  - staff: drlee\n"
	"    npi: \"1234567802\"\n"
	"    specialty: Family Medicine\n"
	"    availability:\n"
	"      - location: main\n"
	"        mon: \"08:00-17:00\"\n"
	"        tue: \"08:00-17:00\"\n"
	"        wed: \"08:00-17:00\"\n"
	"        thu: \"08:00-17:00\"\n"
	"        fri: \"08:00-17:00\"\n"
	"  - staff: drkim\n"
	"    npi: \"1987654328\"\n"
	"    specialty: Family Medicine\n"
	"    availability:\n"
	"      - location: main\n"
	"        mon: \"09:00-12:00\"\n"
	"visit_types:\n"
	"  - { id: follow_up, name: Follow-up, duration: 20m }\n"
	"  - { id: new_patient, name: New patient, duration: 40m }\n";

/* ---- fixture ---- */

static int setup(void **state)
{
	return pfx_setup(state, "ical", YAML, NOW);
}

static mo_practice *P(void **state)
{
	return ((pfx_fixture *)*state)->p;
}

static int64_t audit_count(mo_practice *p)
{
	int64_t n = 0;
	mo_err e;
	assert_int_equal(mo_audit_count(mo_practice_db(p), &n, &e), 0);
	return n;
}

static int32_t D(const char *s)
{
	int32_t d = 0;
	mo_err e;
	assert_int_equal(mo_date_parse(s, &d, &e), 0);
	return d;
}

static int64_t local_us(const char *date, int h, int m)
{
	int64_t us = 0;
	mo_err e;
	assert_int_equal(mo_tz_to_utc(ZONE, D(date), h * 3600 + m * 60,
				      MO_TZ_STRICT, &us, &e), 0);
	return us;
}

static char *read_fixture(const char *name, size_t *len)
{
	char path[512];
	FILE *fp;
	char *text = malloc(MO_ICAL_MAX_BYTES);
	snprintf(path, sizeof path, "%s/ical/%s", FIXTURES, name);
	assert_non_null(text);
	if (!(fp = fopen(path, "rb")))
		fail_msg("cannot open %s", path);
	*len = fread(text, 1, MO_ICAL_MAX_BYTES - 1, fp);
	text[*len] = '\0';
	fclose(fp);
	return text;
}

typedef struct counts {
	size_t added, unchanged, updated;
} counts;

static int import(mo_practice *p, const char *provider, const char *text,
		  counts *n, mo_err *e)
{
	*n = (counts){99, 99, 99};
	return mo_ical_import(p, "maria", provider, text, strlen(text),
			      "test.ics", &n->added, &n->unchanged, &n->updated,
			      e);
}

static void import_ok(mo_practice *p, const char *provider, const char *text,
		      size_t added, size_t unchanged, size_t updated)
{
	counts n;
	mo_err e = {0};
	if (import(p, provider, text, &n, &e))
		fail_msg("import: %s", e.msg);
	assert_int_equal(n.added, added);
	assert_int_equal(n.unchanged, unchanged);
	assert_int_equal(n.updated, updated);
}

/* A calendar around events (CRLF lines are not needed: LF is read). */
#define CAL(events) \
	"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//test//EN\n" events \
	"END:VCALENDAR\n"
#define EVENT(body) "BEGIN:VEVENT\n" body "END:VEVENT\n"

/* ---- blocks as read back ---- */

typedef struct seen {
	char uid[201], kind[16], title[201];
	int32_t start_sec, end_sec;
	mo_recur rule;
	int32_t except[8];
	bool cancelled;
} seen;

typedef struct seen_list {
	seen v[32];
	size_t n;
} seen_list;

static int keep(void *ud, const mo_block *b)
{
	seen_list *l = ud;
	seen *s;
	assert_true(l->n < 32);
	s = &l->v[l->n++];
	memset(s, 0, sizeof *s);
	snprintf(s->uid, sizeof s->uid, "%s", b->uid ? b->uid : "");
	snprintf(s->kind, sizeof s->kind, "%s", b->kind);
	snprintf(s->title, sizeof s->title, "%s", b->title);
	s->start_sec = b->start_sec;
	s->end_sec = b->end_sec;
	s->rule = b->rule;
	for (size_t i = 0; i < b->rule.nexcept && i < 8; i++)
		s->except[i] = b->rule.except[i];
	s->rule.except = NULL;
	s->cancelled = b->cancelled_us != 0;
	return 0;
}

/* The current block of provider with uid. */
static seen *find(mo_practice *p, const char *provider, const char *uid,
		  seen_list *l)
{
	mo_err e;
	l->n = 0;
	assert_int_equal(mo_block_list(p, provider, keep, l, &e), 0);
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].uid, uid) == 0)
			return &l->v[i];
	fail_msg("no block with uid %s", uid);
	return NULL;
}

#define H(h, m) ((h) * 3600 + (m) * 60)

/* ---- export ---- */

static void test_export_args(void **state)
{
	mo_practice *p = P(state);
	char *text = (char *)"x";
	mo_err e;
	int64_t audit = audit_count(p);
	assert_int_equal(mo_ical_export(p, "maria", NULL, NULL, D("2026-12-01"),
					D("2026-12-02"), &text, &e), MO_EINVAL);
	assert_null(text);
	assert_msg(e, "give a provider or a location");
	assert_int_equal(mo_ical_export(p, "maria", "drlee", "main",
					D("2026-12-01"), D("2026-12-02"), &text,
					&e), MO_EINVAL);
	assert_int_equal(mo_ical_export(p, "maria", "drno", NULL,
					D("2026-12-01"), D("2026-12-02"), &text,
					&e), MO_EINVAL);
	assert_msg(e, "no provider \"drno\"");
	assert_int_equal(mo_ical_export(p, "maria", NULL, "south",
					D("2026-12-01"), D("2026-12-02"), &text,
					&e), MO_EINVAL);
	assert_msg(e, "no location \"south\"");
	assert_int_equal(mo_ical_export(p, "maria", "drlee", NULL,
					D("2026-12-02"), D("2026-12-01"), &text,
					&e), MO_EINVAL);
	assert_msg(e, "expected 1 to 366 days");
	assert_int_equal(mo_ical_export(p, "maria", "drlee", NULL,
					D("2026-12-01"), D("2027-12-02"), &text,
					&e), MO_EINVAL); /* 367 days */
	assert_null(text);
	assert_int_equal(audit_count(p), audit);
}

static int64_t register_ana(mo_practice *p)
{
	mo_patient_new in = {0};
	int64_t id = 0;
	mo_err e;
	in.family = "Lopez";
	in.given = "Ana";
	in.has_birth_day = true;
	in.birth_day = D("1980-02-03");
	in.sex = "female";
	if (mo_patient_register(p, "maria", &in, false, &id, &e))
		fail_msg("register: %s", e.msg);
	return id;
}

static int64_t book(mo_practice *p, int64_t patient, const char *date, int h)
{
	mo_appt_new in = {patient, "drlee", "main", "follow_up",
			  local_us(date, h, 0), NULL, false, NULL};
	int64_t id = 0;
	mo_err e;
	if (mo_sched_book(p, "maria", &in, &id, &e))
		fail_msg("book: %s", e.msg);
	return id;
}

/* Fri 2027-03-12 (CST, UTC-6) and Mon 2027-03-15 (CDT, UTC-5) around
 * the spring-forward Sunday, a weekly block on both days at 12:00. */
static char *export_march(mo_practice *p)
{
	char *text = NULL;
	mo_err e;
	if (mo_ical_export(p, "maria", "drlee", NULL, D("2027-03-12"),
			   D("2027-03-15"), &text, &e))
		fail_msg("export: %s", e.msg);
	return text;
}

static void add_weekly_block(mo_practice *p)
{
	mo_block_new b = {"drlee", NULL, "meeting", "Staff meeting", H(12, 0),
			  H(13, 0), {MO_RECUR_WEEKLY, 1, 0x11, D("2027-03-08"),
				     0, 4, NULL, 0}, NULL};
	mo_err e;
	if (mo_block_add(p, "maria", &b, NULL, &e))
		fail_msg("block: %s", e.msg);
}

static void test_export_content(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = register_ana(p), a1, a2, a3, audit;
	char *text, *again, uid[64];
	mo_err e;
	a1 = book(p, ana, "2027-03-12", 9);
	a2 = book(p, ana, "2027-03-15", 9);
	a3 = book(p, ana, "2027-03-15", 14);
	assert_int_equal(mo_sched_cancel(p, "maria", a3, "patient called", &e),
			 0);
	add_weekly_block(p);
	audit = audit_count(p);
	text = export_march(p);
	assert_int_equal(audit_count(p), audit + 4); /* a read per day */
	assert_has(text, "BEGIN:VCALENDAR\r\n");
	assert_has(text, "PRODID:-//medoffice//medoffice//EN\r\n");
	assert_has(text, "VERSION:2.0\r\n");
	assert_has(text, "CALSCALE:GREGORIAN\r\n");
	assert_has(text, "METHOD:PUBLISH\r\n");
	snprintf(uid, sizeof uid, "UID:appointment-%lld" DOMAIN, (long long)a1);
	assert_has(text, uid);
	snprintf(uid, sizeof uid, "UID:appointment-%lld" DOMAIN, (long long)a2);
	assert_has(text, uid);
	snprintf(uid, sizeof uid, "UID:appointment-%lld" DOMAIN, (long long)a3);
	assert_lacks(text, uid); /* cancelled */
	assert_has(text, "UID:block-1-20270312" DOMAIN);
	assert_has(text, "UID:block-1-20270315" DOMAIN);
	assert_lacks(text, "20270308"); /* outside the range */
	/* 09:00 is 15:00Z before the change, 14:00Z after */
	assert_has(text, "DTSTART:20270312T150000Z\r\nDTEND:20270312T152000Z");
	assert_has(text, "DTSTART:20270315T140000Z\r\nDTEND:20270315T142000Z");
	assert_has(text, "DTSTART:20270312T180000Z\r\nDTEND:20270312T190000Z");
	assert_has(text, "DTSTART:20270315T170000Z\r\nDTEND:20270315T180000Z");
	assert_lacks(text, "TZID");
	assert_has(text, "DTSTAMP:20261123T150000Z");
	/* privacy: initials, never the name */
	assert_has(text, "SUMMARY:Follow-up (A. L.)\r\n");
	assert_lacks(text, "Lopez");
	assert_lacks(text, "Ana");
	assert_has(text, "Room: Exam 1");
	assert_has(text, "LOCATION:Main Street Clinic");
	assert_has(text, "STATUS:CONFIRMED");
	assert_has(text, "SUMMARY:Staff meeting\r\n");
	assert_has(text, "CATEGORIES:MEETING");
	/* in order of start: Friday's visit, Friday's block, Monday's */
	assert_true(strstr(text, "20270312T150000Z") <
		    strstr(text, "20270312T180000Z"));
	assert_true(strstr(text, "20270312T180000Z") <
		    strstr(text, "20270315T140000Z"));
	again = export_march(p);
	assert_string_equal(text, again); /* stable UIDs, the same text */
	free(again);
	free(text);
}

static void test_export_location(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = register_ana(p);
	char *text = NULL;
	mo_err e;
	book(p, ana, "2027-03-12", 9);
	add_weekly_block(p);
	if (mo_ical_export(p, "maria", NULL, "main", D("2027-03-12"),
			   D("2027-03-12"), &text, &e))
		fail_msg("export: %s", e.msg);
	assert_has(text, "SUMMARY:Follow-up (A. L.)");
	assert_has(text, "SUMMARY:Dr Lee: Staff meeting");
	assert_has(text, "Provider: Dr Lee");
	free(text);
}

/* ---- import: times, kinds, recurrence ---- */

static void test_import_fixture(void **state)
{
	mo_practice *p = P(state);
	size_t len;
	char *text = read_fixture("meetings.ics", &len);
	seen_list l;
	seen *s;
	counts n;
	mo_err e;
	int64_t audit = audit_count(p);
	assert_int_equal(mo_ical_import(p, "maria", "drlee", text, len,
					"meetings.ics", &n.added, &n.unchanged,
					&n.updated, &e), 0);
	assert_int_equal(n.added, 6);
	assert_int_equal(n.unchanged, 0);
	assert_int_equal(n.updated, 0);
	assert_int_equal(audit_count(p), audit + 6);
	/* Europe/London 15:00 GMT is 09:00 in Chicago (CST) */
	s = find(p, "drlee", "ical:drlee:london-call@example.org", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-02"));
	assert_int_equal(s->start_sec, H(9, 0));
	assert_int_equal(s->end_sec, H(10, 0));
	assert_string_equal(s->kind, "meeting");
	assert_string_equal(s->title, "Call with the London research group");
	/* UTC 19:00Z is 13:00 CST; CATEGORIES Work,Hospital */
	s = find(p, "drlee", "ical:drlee:board@example.org", &l);
	assert_int_equal(s->start_sec, H(13, 0));
	assert_int_equal(s->end_sec, H(14, 30));
	assert_string_equal(s->kind, "hospital");
	/* floating 07:00 is the practice's 07:00; DURATION; Rounds */
	s = find(p, "drlee", "ical:drlee:grand-rounds@example.org", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-04"));
	assert_int_equal(s->start_sec, H(7, 0));
	assert_int_equal(s->end_sec, H(8, 0));
	assert_string_equal(s->kind, "hospital");
	/* all day, two days: one daily block, 00:00-24:00 */
	s = find(p, "drlee", "ical:drlee:conference@example.org", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_DAILY);
	assert_int_equal(s->rule.first_day, D("2026-12-14"));
	assert_int_equal(s->rule.count, 2);
	assert_int_equal(s->start_sec, 0);
	assert_int_equal(s->end_sec, MO_BLOCK_DAY);
	assert_string_equal(s->kind, "speaking");
	/* weekly, EXDATE 12-22 and the moved 12-15 as exceptions */
	s = find(p, "drlee", "ical:drlee:staff-meeting@example.org", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_WEEKLY);
	assert_int_equal(s->rule.weekdays, 1u << 1);
	assert_int_equal(s->rule.count, 6);
	assert_int_equal(s->rule.first_day, D("2026-12-01"));
	assert_int_equal(s->rule.nexcept, 2);
	assert_int_equal(s->except[0], D("2026-12-15"));
	assert_int_equal(s->except[1], D("2026-12-22"));
	assert_int_equal(s->start_sec, H(12, 0));
	s = find(p, "drlee", "ical:drlee:staff-meeting@example.org/"
		 "20261215T120000", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-16"));
	assert_string_equal(s->title, "Staff meeting (moved to Wednesday)");
	free(text);
}

static void test_import_zones(void **state)
{
	mo_practice *p = P(state);
	seen_list l;
	seen *s;
	import_ok(p, "drlee", CAL(
		"BEGIN:VTIMEZONE\nTZID:London\n"
		"BEGIN:DAYLIGHT\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\n"
		"DTSTART:19700329T010000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"
		"END:DAYLIGHT\n"
		"BEGIN:STANDARD\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\n"
		"DTSTART:19701025T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n"
		"END:STANDARD\nEND:VTIMEZONE\n"
		EVENT("UID:summer\nDTSTART;TZID=London:20270707T150000\n"
		      "DTEND;TZID=London:20270707T153000\nSUMMARY:Summer call\n")
		EVENT("UID:tokyo\nDTSTART;TZID=Asia/Tokyo:20261210T090000\n"
		      "DTEND;TZID=Asia/Tokyo:20261210T100000\nSUMMARY:Tokyo\n")
		EVENT("UID:day\nDTSTART;VALUE=DATE:20261218\nSUMMARY:Off\n"
		      "CATEGORIES:Holiday\n")), 3, 0, 0);
	/* 15:00 BST = 14:00Z = 09:00 CDT */
	s = find(p, "drlee", "ical:drlee:summer", &l);
	assert_int_equal(s->rule.first_day, D("2027-07-07"));
	assert_int_equal(s->start_sec, H(9, 0));
	assert_int_equal(s->end_sec, H(9, 30));
	/* an IANA TZID without VTIMEZONE: 09:00 JST = 00:00Z = 18:00 CST of
	 * the day before */
	s = find(p, "drlee", "ical:drlee:tokyo", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-09"));
	assert_int_equal(s->start_sec, H(18, 0));
	assert_int_equal(s->end_sec, H(19, 0));
	s = find(p, "drlee", "ical:drlee:day", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_ONCE);
	assert_int_equal(s->start_sec, 0);
	assert_int_equal(s->end_sec, MO_BLOCK_DAY);
	assert_string_equal(s->kind, "vacation");
	assert_string_equal(s->title, "Off");
}

static void test_import_rrules(void **state)
{
	mo_practice *p = P(state);
	seen_list l;
	seen *s;
	import_ok(p, "drlee", CAL(
		EVENT("UID:biweekly\nDTSTART:20261207T130000\n"
		      "DTEND:20261207T140000\n"
		      "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;UNTIL=20270131\n"
		      "EXDATE:20261209T130000,20261221T130000\n"
		      "SUMMARY:Teaching\nCATEGORIES:lecture\n")
		EVENT("UID:monthly\nDTSTART:20261208T150000Z\n"
		      "DTEND:20261208T160000Z\n"
		      "RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=4\nSUMMARY:Board\n")
		EVENT("UID:daily\nDTSTART;VALUE=DATE:20261228\n"
		      "RRULE:FREQ=DAILY;COUNT=3\nSUMMARY:Course\n"
		      "CATEGORIES:CME\n")), 3, 0, 0);
	s = find(p, "drlee", "ical:drlee:biweekly", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_WEEKLY);
	assert_int_equal(s->rule.interval, 2);
	assert_int_equal(s->rule.weekdays, (1u << 0) | (1u << 2));
	assert_int_equal(s->rule.until_day, D("2027-01-20"));
	assert_int_equal(s->rule.nexcept, 2);
	assert_int_equal(s->except[0], D("2026-12-09"));
	assert_int_equal(s->except[1], D("2026-12-21"));
	assert_string_equal(s->kind, "speaking");
	s = find(p, "drlee", "ical:drlee:monthly", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_MONTHLY_WEEKDAY);
	assert_int_equal(s->rule.count, 4);
	assert_int_equal(s->start_sec, H(9, 0));
	s = find(p, "drlee", "ical:drlee:daily", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_DAILY);
	assert_int_equal(s->rule.count, 3);
	assert_string_equal(s->kind, "training");
}

/* A London series in March 2027: Chicago changes its clocks on the 14th,
 * London on the 28th, so 15:00 London is 09:00, then 10:00, then 09:00
 * again in Chicago: a block per occurrence. */
static void test_import_drift(void **state)
{
	mo_practice *p = P(state);
	static const int hours[] = {9, 9, 10, 10, 9, 9};
	static const char *const ids[] = {"20270301", "20270308", "20270315",
		"20270322", "20270329", "20270405"};
	seen_list l;
	char uid[128];
	import_ok(p, "drlee", CAL(
		EVENT("UID:series\nDTSTART;TZID=Europe/London:20270301T150000\n"
		      "DTEND;TZID=Europe/London:20270301T160000\n"
		      "RRULE:FREQ=WEEKLY;COUNT=6\nSUMMARY:Research call\n")),
		  6, 0, 0);
	for (int i = 0; i < 6; i++) {
		seen *s;
		snprintf(uid, sizeof uid, "ical:drlee:series/%sT150000", ids[i]);
		s = find(p, "drlee", uid, &l);
		assert_int_equal(s->rule.freq, MO_RECUR_ONCE);
		assert_int_equal(s->start_sec, H(hours[i], 0));
		assert_int_equal(s->end_sec, H(hours[i] + 1, 0));
	}
}

static void test_import_multi_day(void **state)
{
	mo_practice *p = P(state);
	seen_list l;
	seen *s;
	import_ok(p, "drlee", CAL(
		EVENT("UID:trip\nDTSTART:20261210T180000\n"
		      "DTEND:20261213T100000\nSUMMARY:Trip\n")
		EVENT("UID:zero\nDTSTART:20261210T180000\nSUMMARY:Reminder\n")
		EVENT("UID:gone\nDTSTART:20261211T180000\nSTATUS:CANCELLED\n"
		      "DTEND:20261211T190000\nSUMMARY:Cancelled\n")), 3, 2, 0);
	s = find(p, "drlee", "ical:drlee:trip/start", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-10"));
	assert_int_equal(s->start_sec, H(18, 0));
	assert_int_equal(s->end_sec, MO_BLOCK_DAY);
	s = find(p, "drlee", "ical:drlee:trip/days", &l);
	assert_int_equal(s->rule.freq, MO_RECUR_DAILY);
	assert_int_equal(s->rule.first_day, D("2026-12-11"));
	assert_int_equal(s->rule.count, 2);
	s = find(p, "drlee", "ical:drlee:trip/end", &l);
	assert_int_equal(s->rule.first_day, D("2026-12-13"));
	assert_int_equal(s->start_sec, 0);
	assert_int_equal(s->end_sec, H(10, 0));
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), 3);
}

/* ---- import: idempotence ---- */

static void test_import_twice(void **state)
{
	mo_practice *p = P(state);
	size_t len;
	char *text = read_fixture("meetings.ics", &len), *changed;
	int64_t audit, blocks;
	seen_list l;
	counts n;
	mo_err e;
	assert_int_equal(mo_ical_import(p, "maria", "drlee", text, len, "m",
					&n.added, &n.unchanged, &n.updated,
					&e), 0);
	audit = audit_count(p);
	blocks = query_int(p, "SELECT count(*) FROM block");
	assert_int_equal(mo_ical_import(p, "maria", "drlee", text, len, "m",
					&n.added, &n.unchanged, &n.updated,
					&e), 0);
	assert_int_equal(n.added, 0);
	assert_int_equal(n.unchanged, 6);
	assert_int_equal(n.updated, 0);
	assert_int_equal(audit_count(p), audit); /* nothing written */
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), blocks);
	/* one title changed: one block updated in place */
	changed = strstr(text, "SUMMARY:Grand rounds");
	assert_non_null(changed);
	memcpy(changed + 8, "Grand Rounds", 12);
	assert_int_equal(mo_ical_import(p, "maria", "drlee", text, len, "m",
					&n.added, &n.unchanged, &n.updated,
					&e), 0);
	assert_int_equal(n.added, 0);
	assert_int_equal(n.unchanged, 5);
	assert_int_equal(n.updated, 1);
	assert_int_equal(audit_count(p), audit + 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), blocks);
	assert_string_equal(find(p, "drlee", "ical:drlee:grand-rounds@"
				 "example.org", &l)->title, "Grand Rounds");
	/* the same file for another provider: blocks of their own */
	assert_int_equal(mo_ical_import(p, "maria", "drkim", text, len, "m",
					&n.added, &n.unchanged, &n.updated,
					&e), 0);
	assert_int_equal(n.added, 6);
	free(text);
}

static void test_import_cancelled_stays(void **state)
{
	mo_practice *p = P(state);
	const char *text = CAL(EVENT("UID:one\nDTSTART:20261210T180000Z\n"
				     "DTEND:20261210T190000Z\nSUMMARY:x\n")
			       EVENT("UID:two\nDTSTART:20261211T180000Z\n"
				     "DTEND:20261211T190000Z\nSUMMARY:y\n"));
	int64_t id;
	mo_err e;
	import_ok(p, "drlee", text, 2, 0, 0);
	id = query_int(p, "SELECT id FROM block WHERE uid = 'ical:drlee:one'");
	assert_int_equal(mo_block_cancel(p, "maria", id, &e), 0);
	import_ok(p, "drlee", text, 0, 2, 0);
	assert_int_equal(query_int(p, "SELECT count(*) FROM block WHERE "
				   "cancelled_us IS NULL"), 1);
}

/* ---- import: refusals, nothing written ---- */

static void refused(mo_practice *p, const char *text, size_t len,
		    const char *msg)
{
	int64_t audit = audit_count(p);
	int64_t blocks = query_int(p, "SELECT count(*) FROM block");
	counts n = {7, 7, 7};
	mo_err e = {0};
	int rc = mo_ical_import(p, "maria", "drlee", text, len, "bad.ics",
				&n.added, &n.unchanged, &n.updated, &e);
	if (rc != MO_EINVAL)
		fail_msg("expected a refusal (%s), got %d: %s", msg, rc, e.msg);
	assert_msg(e, msg);
	assert_int_equal(n.added, 7); /* untouched */
	assert_int_equal(audit_count(p), audit);
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), blocks);
}

static void refused_text(mo_practice *p, const char *text, const char *msg)
{
	refused(p, text, strlen(text), msg);
}

static void refused_fixture(mo_practice *p, const char *name, const char *msg)
{
	size_t len;
	char *text = read_fixture(name, &len);
	refused(p, text, len, msg);
	free(text);
}

static void test_import_malformed(void **state)
{
	mo_practice *p = P(state);
	import_ok(p, "drlee", CAL(EVENT("UID:keep\nDTSTART:20261210T180000Z\n"
					"DTEND:20261210T190000Z\n")), 1, 0, 0);
	refused_fixture(p, "truncated.ics", "bad.ics:1: BEGIN:VCALENDAR is "
			"never closed (END:VCALENDAR missing");
	refused_fixture(p, "missing_end.ics", "bad.ics:70: END:VCALENDAR, but "
			"BEGIN:VEVENT of line 22 is still open");
	refused_fixture(p, "bad_dtstart.ics", "bad.ics:32: DTSTART: expected a "
			"date");
	refused_fixture(p, "not_calendar.ics", "bad.ics:1: expected NAME:VALUE");
	refused_fixture(p, "no_events.ics", "no VEVENT");
	refused_fixture(p, "rrule_yearly.ics", "bad.ics:8: event "
			"\"yearly@example.org\": FREQ=YEARLY is not supported");
	refused_fixture(p, "rrule_endless.ics", "bad.ics:8: event "
			"\"forever@example.org\": the rule never ends");
	refused_text(p, "", "no BEGIN:VCALENDAR");
	refused_text(p, EVENT("UID:x\nDTSTART:20261210T180000Z\n"),
		     "bad.ics:1: expected BEGIN:VCALENDAR, got BEGIN:VEVENT");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261310T180000Z\n")),
		     "bad.ics:6: DTSTART: expected a date");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "RRULE:FREQ=WEEKLY;FOO=BAR\n")),
		     "bad.ics:7: Can't parse as RECUR value in RRULE");
	refused_text(p, CAL("BEGIN:VTIMEZONE\nTZID:X\nBEGIN:STANDARD\n"
			    "TZOFFSETFROM:+0100\nTZOFFSETTO:plus one\n"
			    "DTSTART:19701025T020000\nEND:STANDARD\n"
			    "END:VTIMEZONE\n"
			    EVENT("UID:x\nDTSTART;TZID=X:20261210T180000\n")),
		     "bad.ics:8: TZOFFSETTO: expected a UTC offset");
	refused_text(p, CAL(EVENT("UID:x\nSUMMARY:no start\n")),
		     "bad.ics:4: event \"x\": DTSTART is missing");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "DTEND:20261210T170000Z\n")),
		     "bad.ics:7: event \"x\": the event ends before it starts");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART;TZID=Mars/Base:"
				  "20261210T180000\n")),
		     "bad.ics:6: event \"x\": TZID \"Mars/Base\" has no "
		     "VTIMEZONE");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "RRULE:FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU;"
				  "COUNT=3\n")), "BYSETPOS is not supported");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "DTEND:20261210T190000Z\n"
				  "RRULE:FREQ=DAILY;COUNT=1001\n")),
		     "more than 1000 occurrences");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n")
			    EVENT("UID:x\nDTSTART:20261211T180000Z\n")),
		     "bad.ics:9: event \"x\": the same event as the one of "
		     "line 4");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "SUMMARY:caf\xe9\n")),
		     "bad.ics:7: not UTF-8 text");
	refused_text(p, CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"
				  "this line has no colon\n")),
		     "bad.ics:7: expected NAME:VALUE");
	/* a good event first, then a bad one: nothing of either written */
	refused_text(p, CAL(EVENT("UID:good\nDTSTART:20261212T180000Z\n"
				  "DTEND:20261212T190000Z\n")
			    EVENT("UID:bad\nDTSTART:20261212T180000Z\n"
				  "RRULE:FREQ=HOURLY;COUNT=2\n")),
		     "bad.ics:12: event \"bad\": FREQ=HOURLY is not supported");
	{
		size_t len = (size_t)MO_ICAL_MAX_BYTES + 1;
		char *big = malloc(len);
		assert_non_null(big);
		memset(big, 'x', len);
		refused(p, big, len, "at most 5242880 bytes");
		free(big);
	}
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), 1);
}

/* A rule denying the third block: the two before it are rolled back. */
static int deny_third(void *ud, const char *actor, const char *action,
		      const mo_fact *facts, size_t n, mo_decision *out,
		      mo_err *e)
{
	int *calls = ud;
	(void)actor, (void)facts, (void)n, (void)e;
	memset(out, 0, sizeof *out);
	if (strcmp(action, "schedule.block") == 0 && ++*calls == 3) {
		out->verdict = MO_VERDICT_DENY;
		snprintf(out->reason, sizeof out->reason, "no more meetings");
		snprintf(out->rule, sizeof out->rule, "test rule");
	}
	return 0;
}

static void test_import_denied_rolls_back(void **state)
{
	mo_practice *p = P(state);
	int calls = 0;
	mo_hooks h = {&calls, deny_third, NULL, NULL, NULL};
	int64_t audit = audit_count(p);
	counts n;
	mo_err e;
	mo_practice_set_hooks(p, &h);
	assert_int_equal(import(p, "drlee", CAL(
		EVENT("UID:a\nDTSTART:20261210T180000Z\nDTEND:20261210T190000Z\n")
		EVENT("UID:b\nDTSTART:20261211T180000Z\nDTEND:20261211T190000Z\n")
		EVENT("UID:c\nDTSTART:20261212T180000Z\nDTEND:20261212T190000Z\n")),
		&n, &e), MO_EDENIED);
	assert_msg(e, "no more meetings");
	mo_practice_set_hooks(p, NULL);
	assert_int_equal(query_int(p, "SELECT count(*) FROM block"), 0);
	assert_int_equal(audit_count(p), audit);
}

static void test_import_args(void **state)
{
	mo_practice *p = P(state);
	const char *text = CAL(EVENT("UID:x\nDTSTART:20261210T180000Z\n"));
	counts n;
	mo_err e;
	assert_int_equal(mo_ical_import(p, "maria", "maria", text, strlen(text),
					NULL, &n.added, NULL, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "no provider \"maria\"");
	assert_int_equal(mo_ical_import(p, "maria", NULL, text, strlen(text),
					NULL, NULL, NULL, NULL, &e), MO_EINVAL);
	/* counts are optional; the source name defaults to "calendar" */
	assert_int_equal(mo_ical_import(p, "maria", "drlee", "x", 1, NULL, NULL,
					NULL, NULL, &e), MO_EINVAL);
	assert_msg(e, "calendar:1:");
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_export_args),
		T(test_export_content),
		T(test_export_location),
		T(test_import_args),
		T(test_import_fixture),
		T(test_import_zones),
		T(test_import_rrules),
		T(test_import_drift),
		T(test_import_multi_day),
		T(test_import_twice),
		T(test_import_cancelled_stays),
		T(test_import_malformed),
		T(test_import_denied_rolls_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
