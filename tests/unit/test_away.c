/* test_away.c: unit tests of core/away.c: mo_away_check's refusals
 * (unknown staff or delegate, a delegate standing in for themselves, days
 * out of order, too long an absence, too long a reason) with nothing
 * written; add, overlap (MO_EEXIST naming the dates) and adjacent
 * absences; mo_away_on inside, outside and at both edges; cancel, and
 * cancelling an unknown or cancelled absence; list by range; the audit
 * entry of each add and cancel. It uses cmocka, a practice in a temporary
 * folder and MEDOFFICE_NOW for reproducible instants. */
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

#include "away.h"
#include "clock.h"
#include "units.h"


#define NOW "2026-11-23T09:00:00Z"

static const char YAML[] = "practice:\n  name: T\n  timezone: UTC\n"
	"locations: [{id: main, name: Main}]\n"
	"staff:\n"
	"  - {id: owner, name: Owner, job: owner}\n"
	"  - {id: om, name: OM, job: office_manager}\n"
	"  - {id: fd, name: FD, job: front_desk}\n";

/* ---- fixture: a practice in a temporary folder ---- */

static int setup(void **state)
{
	return pfx_setup(state, "away", YAML, NOW);
}

static mo_practice *P(void **state)
{
	return ((pfx_fixture *)*state)->p;
}

static int64_t audit_count(mo_practice *p)
{
	int64_t n = -1;
	mo_err e = {0};
	assert_int_equal(mo_audit_count(mo_practice_db(p), &n, &e), 0);
	return n;
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM away",
	"SELECT count(*) FROM away WHERE cancelled_us IS NOT NULL",
	"SELECT coalesce((SELECT CAST(value AS INTEGER) FROM meta "
	"WHERE key = 'audit_head'), 0)",
	NULL,
};
enum { S_AWAY, S_CANCELLED, S_AUDIT };

static int32_t day(const char *s)
{
	int32_t d = 0;
	mo_err e = {0};
	assert_int_equal(mo_date_parse(s, &d, &e), 0);
	return d;
}

static int64_t add_ok(mo_practice *p, const char *staff, const char *first,
		      const char *last, const char *delegate)
{
	mo_away_new in = {.staff = staff, .first_day = day(first),
			  .last_day = day(last), .delegate = delegate};
	mo_err e = {0};
	int64_t id = -1;
	if (mo_away_add(p, "om", &in, &id, &e) != 0)
		fail_msg("away %s %s..%s: %s", staff, first, last, e.msg);
	assert_true(id > 0);
	return id;
}

/* Whether staff is away on date, and who stands in. */
static bool on(mo_practice *p, const char *staff, const char *date,
	       char delegate[65])
{
	bool away = true;
	mo_err e = {0};
	strcpy(delegate, "junk");
	assert_int_equal(mo_away_on(p, staff, day(date), &away, delegate, &e),
			 0);
	return away;
}

/* A copy of a list, for assertions after the call. */
typedef struct list_copy {
	int n, stop_after;
	int64_t id[8], request[8];
	int32_t first[8], last[8];
	char staff[8][32], delegate[8][32], reason[8][256], by[8][32];
	bool cancelled[8];
} list_copy;

static void copy_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int keep(void *ud, const mo_away *a)
{
	list_copy *c = ud;
	int i = c->n++;
	assert_true(i < 8);
	c->id[i] = a->id;
	c->request[i] = a->request;
	c->first[i] = a->first_day;
	c->last[i] = a->last_day;
	c->cancelled[i] = a->cancelled;
	copy_str(c->staff[i], sizeof c->staff[i], a->staff);
	copy_str(c->delegate[i], sizeof c->delegate[i], a->delegate);
	copy_str(c->reason[i], sizeof c->reason[i], a->reason);
	copy_str(c->by[i], sizeof c->by[i], a->created_by);
	return c->stop_after && c->n == c->stop_after ? 9 : 0;
}

static list_copy list(mo_practice *p, const char *first, const char *last)
{
	list_copy c;
	mo_err e = {0};
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_away_list(p, day(first), day(last), keep, &c, &e),
			 0);
	return c;
}

/* ---- check ---- */

/* mo_away_add refuses in with code and msg, and writes nothing. */
static void add_refused(mo_practice *p, const mo_away_new *in, int code,
			const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	int64_t id = -5;
	assert_int_equal(mo_away_add(p, "om", in, &id, &e), code);
	assert_msg(e, msg);
	assert_int_equal(id, -5);
	pfx_snap_same(p, &before);
}

static void test_check(void **state)
{
	mo_practice *p = P(state);
	const mo_config *c = mo_practice_config(p);
	char reason[202];
	mo_away_new in = {.staff = "fd", .first_day = day("2026-12-01"),
			  .last_day = day("2026-12-03")};
	pfx_snap before;
	mo_err e = {0};

	assert_int_equal(mo_away_check(c, &in, &e), 0);
	in.delegate = "om";
	assert_int_equal(mo_away_check(c, &in, &e), 0);

	in.staff = "nobody";
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: staff: expected a staff id from "
			    "practice.yaml, got \"nobody\"");
	add_refused(p, &in, MO_EINVAL, "away: staff: expected a staff id");
	in.staff = NULL;
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_msg(e, "got \"\"");
	in.staff = "fd";

	in.delegate = "ghost";
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: delegate: expected a staff id from "
			    "practice.yaml, got \"ghost\"");
	add_refused(p, &in, MO_EINVAL, "away: delegate:");
	in.delegate = "fd";
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: delegate: fd cannot stand in for "
			    "themselves");
	add_refused(p, &in, MO_EINVAL, "cannot stand in for themselves");
	in.delegate = NULL;

	in.last_day = day("2026-11-30");
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: the last day 2026-11-30 is before "
			    "the first day 2026-12-01");
	add_refused(p, &in, MO_EINVAL, "is before the first day");

	/* MO_AWAY_MAX_DAYS days are fine, one more is not */
	in.last_day = in.first_day + MO_AWAY_MAX_DAYS - 1;
	assert_int_equal(mo_away_check(c, &in, &e), 0);
	in.last_day++;
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: at most 366 days at a time, got 367");
	add_refused(p, &in, MO_EINVAL, "at most 366 days");
	in.last_day = in.first_day; /* one day is fine */
	assert_int_equal(mo_away_check(c, &in, &e), 0);

	memset(reason, 'r', 201);
	reason[201] = '\0';
	in.reason = reason;
	assert_int_equal(mo_away_check(c, &in, &e), MO_EINVAL);
	assert_string_equal(e.msg, "away: reason: at most 200 characters");
	add_refused(p, &in, MO_EINVAL, "away: reason: at most 200");
	reason[200] = '\0';
	assert_int_equal(mo_away_check(c, &in, &e), 0);

	/* a bad actor is refused by the operation frame */
	in.reason = NULL;
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_away_add(p, "", &in, NULL, &e), MO_EINVAL);
	assert_msg(e, "acting staff member: expected a staff id");
	pfx_snap_same(p, &before);
	assert_int_equal(query_int(p, "SELECT count(*) FROM away"), 0);
}

/* ---- add and overlap ---- */

static void test_add(void **state)
{
	mo_practice *p = P(state);
	mo_away_new in = {.staff = "fd", .first_day = day("2026-12-01"),
			  .last_day = day("2026-12-05"), .delegate = "om",
			  .reason = "family visit"};
	list_copy c;
	mo_err e = {0};
	int64_t id = 0, audit = audit_count(p);

	assert_int_equal(mo_away_add(p, "om", &in, &id, &e), 0);
	assert_int_equal(id, 1);
	assert_int_equal(audit_count(p), audit + 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit WHERE "
				      "action = 'staff.away' AND actor = 'om' "
				      "AND record = 'away:1'"), 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit WHERE "
				      "json_extract(detail, '$.days') = 5 AND "
				      "json_extract(detail, '$.first_day') = "
				      "'2026-12-01' AND json_extract(detail, "
				      "'$.staff') = 'fd'"), 1);
	c = list(p, "2026-12-01", "2026-12-01");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], 1);
	assert_string_equal(c.staff[0], "fd");
	assert_string_equal(c.delegate[0], "om");
	assert_string_equal(c.reason[0], "family visit");
	assert_string_equal(c.by[0], "om");
	assert_int_equal(c.request[0], 0);
	assert_false(c.cancelled[0]);
	assert_int_equal(c.first[0], day("2026-12-01"));
	assert_int_equal(c.last[0], day("2026-12-05"));

	/* no delegate, no reason; the id pointer is optional */
	in = (mo_away_new){.staff = "om", .first_day = day("2026-12-02"),
			   .last_day = day("2026-12-02")};
	assert_int_equal(mo_away_add(p, "system", &in, NULL, &e), 0);
	c = list(p, "2026-12-02", "2026-12-02");
	assert_int_equal(c.n, 2);
	assert_string_equal(c.staff[1], "om");
	assert_string_equal(c.delegate[1], "(null)");
	assert_string_equal(c.reason[1], "");
	assert_string_equal(c.by[1], "system");
	assert_int_equal(audit_count(p), audit + 2);
}

static void test_overlap(void **state)
{
	mo_practice *p = P(state);
	mo_away_new in = {.staff = "fd"};
	const char *clash[][2] = {
		{"2026-12-01", "2026-12-05"}, /* the same */
		{"2026-11-28", "2026-12-01"}, /* ends on its first day */
		{"2026-12-05", "2026-12-09"}, /* starts on its last day */
		{"2026-12-03", "2026-12-03"}, /* inside */
		{"2026-11-01", "2026-12-31"}, /* around */
	};
	add_ok(p, "fd", "2026-12-01", "2026-12-05", NULL);
	for (size_t i = 0; i < sizeof clash / sizeof clash[0]; i++) {
		in.first_day = day(clash[i][0]);
		in.last_day = day(clash[i][1]);
		add_refused(p, &in, MO_EEXIST, "away: fd is already away from "
			    "2026-12-01 to 2026-12-05 (entry 1)");
	}
	/* adjacent ranges, and someone else on the same days, are fine */
	add_ok(p, "fd", "2026-11-28", "2026-11-30", NULL);
	add_ok(p, "fd", "2026-12-06", "2026-12-06", NULL);
	add_ok(p, "om", "2026-12-01", "2026-12-05", NULL);
	assert_int_equal(query_int(p, "SELECT count(*) FROM away"), 4);
	/* the message names the entry that clashes */
	in.first_day = day("2026-12-06");
	in.last_day = day("2026-12-08");
	add_refused(p, &in, MO_EEXIST, "already away from 2026-12-06 to "
		    "2026-12-06 (entry 3)");
}

/* ---- on ---- */

static void test_on(void **state)
{
	mo_practice *p = P(state);
	char d[65];
	mo_err e = {0};
	bool away = true;
	add_ok(p, "fd", "2026-12-01", "2026-12-05", "om");
	add_ok(p, "om", "2026-12-03", "2026-12-03", NULL);

	assert_false(on(p, "fd", "2026-11-30", d));
	assert_string_equal(d, "");
	assert_true(on(p, "fd", "2026-12-01", d));
	assert_string_equal(d, "om");
	assert_true(on(p, "fd", "2026-12-03", d));
	assert_string_equal(d, "om");
	assert_true(on(p, "fd", "2026-12-05", d));
	assert_false(on(p, "fd", "2026-12-06", d));
	assert_string_equal(d, "");
	/* no delegate: "" (the supervisor stands in) */
	assert_true(on(p, "om", "2026-12-03", d));
	assert_string_equal(d, "");
	assert_false(on(p, "om", "2026-12-02", d));
	assert_false(on(p, "om", "2026-12-04", d));
	/* someone never away, and someone unknown */
	assert_false(on(p, "owner", "2026-12-03", d));
	assert_int_equal(mo_away_on(p, "nobody", day("2026-12-03"), &away, d,
				    &e), 0);
	assert_false(away);
}

/* ---- cancel ---- */

static void test_cancel(void **state)
{
	mo_practice *p = P(state);
	int64_t id = add_ok(p, "fd", "2026-12-01", "2026-12-05", "om");
	pfx_snap before = pfx_snap_take(p, STATE);
	char d[65];
	mo_err e = {0};

	assert_int_equal(mo_away_cancel(p, "om", 99, &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "away: no current absence 99");
	pfx_snap_same(p, &before);

	assert_int_equal(mo_away_cancel(p, "owner", id, &e), 0);
	assert_int_equal(audit_count(p), before.v[S_AUDIT] + 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit WHERE "
				      "action = 'staff.return' AND actor = "
				      "'owner' AND record = 'away:1'"), 1);
	assert_int_equal(query_int(p, "SELECT count(*) FROM away WHERE "
				      "cancelled_by = 'owner' AND cancelled_us "
				      "IS NOT NULL"), 1);
	assert_false(on(p, "fd", "2026-12-03", d));
	assert_int_equal(list(p, "2026-11-01", "2026-12-31").n, 0);

	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_away_cancel(p, "owner", id, &e), MO_ENOTFOUND);
	assert_string_equal(e.msg, "away: no current absence 1");
	pfx_snap_same(p, &before);
	assert_int_equal(mo_away_cancel(p, "a b", id, &e), MO_EINVAL);
	pfx_snap_same(p, &before);

	/* the days are free again */
	id = add_ok(p, "fd", "2026-12-02", "2026-12-03", NULL);
	assert_int_equal(id, 2);
	assert_true(on(p, "fd", "2026-12-03", d));
}

/* ---- list ---- */

static void test_list(void **state)
{
	mo_practice *p = P(state);
	list_copy c;
	mo_err e = {0};
	add_ok(p, "fd", "2026-12-10", "2026-12-12", NULL);   /* 1 */
	add_ok(p, "fd", "2026-12-01", "2026-12-05", NULL);   /* 2 */
	add_ok(p, "om", "2026-11-20", "2026-12-02", "owner"); /* 3 */
	add_ok(p, "owner", "2026-12-01", "2026-12-01", NULL); /* 4 */

	c = list(p, "2026-12-06", "2026-12-09");
	assert_int_equal(c.n, 0);
	/* touching at both edges, by first day then id */
	c = list(p, "2026-12-05", "2026-12-10");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], 2);
	assert_int_equal(c.id[1], 1);
	c = list(p, "2026-12-01", "2026-12-01");
	assert_int_equal(c.n, 3);
	assert_int_equal(c.id[0], 3);
	assert_int_equal(c.id[1], 2);
	assert_int_equal(c.id[2], 4);
	c = list(p, "2026-12-03", "2026-12-04");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], 2);
	c = list(p, "2026-01-01", "2026-12-31");
	assert_int_equal(c.n, 4);
	/* a range given backwards matches nothing */
	c = list(p, "2026-12-12", "2026-12-01");
	assert_int_equal(c.n, 0);
	/* a non-zero return stops and is returned */
	memset(&c, 0, sizeof c);
	c.stop_after = 1;
	assert_int_equal(mo_away_list(p, day("2026-01-01"), day("2026-12-31"),
				      keep, &c, &e), 9);
	assert_int_equal(c.n, 1);
	/* cancelled entries are left out */
	assert_int_equal(mo_away_cancel(p, "om", 3, &e), 0);
	c = list(p, "2026-12-01", "2026-12-01");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], 2);
}

/* away.h: a reason of "up to 200 characters"; mo_away_check() counts
 * bytes with strlen(), so a 150-character reason with accents (300 bytes
 * of UTF-8) is refused. */
static void test_reason_counts_characters(void **state)
{
	mo_practice *p = P(state);
	char reason[301];
	mo_away_new in = {.staff = "fd", .first_day = day("2026-12-01"),
			  .last_day = day("2026-12-01"), .reason = reason};
	mo_err e = {0};
	for (int i = 0; i < 150; i++)
		memcpy(reason + 2 * i, "\xc3\xa9", 2); /* é */
	reason[300] = '\0';
	if (mo_away_check(mo_practice_config(p), &in, &e) != 0)
		fail_msg("a 150-character reason was refused: %s", e.msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, pfx_teardown)
		T(test_check),
		T(test_add),
		T(test_overlap),
		T(test_on),
		T(test_cancel),
		T(test_list),
		T(test_reason_counts_characters),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
