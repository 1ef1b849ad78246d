/* test_block.c: unit tests of core/block.c through a practice in a
 * temporary folder (America/Chicago, two providers, two locations): bad
 * input refused with nothing written (blocks, exceptions, audit); add,
 * get and list; busy as UTC instants across the 2026-11-01 fall-back and
 * the 2027-03-14 spring-forward (a daily 12:00 lunch is 17:00Z in summer
 * and 18:00Z in winter; a block at 02:30 on 2027-03-14 starts at 03:30);
 * locations, windows, order, exceptions and cancelled blocks; the
 * idempotent uid; exceptions and cancelling; the facts the policy hook
 * sees and a denial. It uses cmocka and MEDOFFICE_NOW. */
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
#include "units.h"


#define H(h, m) ((h) * 3600 + (m) * 60)
#define NOW "2026-11-23T09:00:00Z"
#define YAML                                                                 \
	"practice:\n  name: T\n  timezone: America/Chicago\n"                \
	"locations: [{id: main, name: Main}, {id: north, name: North}]\n"     \
	"staff:\n"                                                            \
	"  - {id: drlee, name: Dr Lee, job: doc}\n"                           \
	"  - {id: drkim, name: Dr Kim, job: doc}\n"                           \
	"  - {id: maria, name: Maria, job: mgr}\n"                            \
	"providers:\n"                                                        \
	"  - {staff: drlee, npi: \"1234567893\", specialty: Family Medicine}\n" \
	"  - {staff: drkim, npi: \"1987654328\", specialty: Pediatrics}\n"

/* ---- fixture ---- */

static int setup(void **state)
{
	return pfx_setup(state, "block", YAML, NOW);
}

static mo_practice *P(void **state)
{
	return ((pfx_fixture *)*state)->p;
}

static int32_t D(const char *date)
{
	int32_t day = 0;
	if (mo_date_parse(date, &day, NULL))
		fail_msg("bad date %s", date);
	return day;
}

static int64_t U(const char *iso)
{
	int64_t us = 0;
	if (mo_clock_parse_us(iso, &us, NULL))
		fail_msg("bad instant %s", iso);
	return us;
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM block",
	"SELECT count(*) FROM block_exception",
	"SELECT count(*) FROM block WHERE cancelled_us IS NOT NULL",
	"SELECT count(*) FROM audit",
	NULL,
};
enum { S_BLOCKS, S_EXCEPTIONS, S_CANCELLED, S_AUDIT };

/* A block of provider: kind, title, local times, rule text from first. */
static mo_block_new block(const char *provider, const char *location,
			  const char *kind, const char *title, int32_t start,
			  int32_t end, const char *rule, const char *first)
{
	mo_block_new in = {provider, location, kind, title, start, end, {0},
			   NULL};
	mo_err e = {0};
	if (mo_recur_parse(rule, &in.rule, &e))
		fail_msg("rule \"%s\": %s", rule, e.msg);
	in.rule.first_day = D(first);
	return in;
}

static int64_t add_ok(mo_practice *p, const mo_block_new *in)
{
	mo_err e = {0};
	int64_t id = -1;
	if (mo_block_add(p, "maria", in, &id, &e))
		fail_msg("add \"%s\": %s", in->title, e.msg);
	return id;
}

/* ---- busy, collected as text ---- */

typedef struct busy_text {
	char text[4096];
	int n;
} busy_text;

static int keep_busy(void *ud, const mo_busy *b)
{
	busy_text *t = ud;
	char s[32], e[32];
	size_t len = strlen(t->text);
	mo_clock_format_us(b->start_us, s);
	mo_clock_format_us(b->end_us, e);
	/* "2026-11-01T18:00-19:00 #1" (minutes only, end's time only) */
	snprintf(t->text + len, sizeof t->text - len, "%s%.16s-%.5s #%lld",
		 len ? ", " : "", s, e + 11, (long long)b->block);
	t->n++;
	return 0;
}

static const char *busy(mo_practice *p, const char *provider,
			const char *location, const char *from, const char *to,
			busy_text *t)
{
	mo_err e = {0};
	memset(t, 0, sizeof *t);
	if (mo_block_busy(p, provider, location, U(from), U(to), keep_busy, t,
			  &e))
		fail_msg("busy: %s", e.msg);
	return t->text;
}

/* ---- a copy of a block ---- */

typedef struct block_copy {
	int n;
	int64_t id[8];
	char provider[8][16], location[8][16], kind[8][16], title[8][210],
		uid[8][210], rule[8][MO_RECUR_TEXT], created_by[8][16],
		cancelled_by[8][16];
	int32_t first[8], last[8], start[8], end[8], except[8][4];
	size_t nexcept[8];
	int64_t created_us[8], cancelled_us[8];
} block_copy;

static void copy_str(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int keep_block(void *ud, const mo_block *b)
{
	block_copy *c = ud;
	int i = c->n++;
	assert_true(i < 8);
	c->id[i] = b->id;
	copy_str(c->provider[i], sizeof c->provider[i], b->provider);
	copy_str(c->location[i], sizeof c->location[i], b->location);
	copy_str(c->kind[i], sizeof c->kind[i], b->kind);
	copy_str(c->title[i], sizeof c->title[i], b->title);
	copy_str(c->uid[i], sizeof c->uid[i], b->uid);
	copy_str(c->created_by[i], sizeof c->created_by[i], b->created_by);
	copy_str(c->cancelled_by[i], sizeof c->cancelled_by[i],
		 b->cancelled_by);
	mo_recur_format(&b->rule, c->rule[i], sizeof c->rule[i]);
	c->first[i] = b->rule.first_day;
	c->last[i] = b->last_day;
	c->start[i] = b->start_sec;
	c->end[i] = b->end_sec;
	c->nexcept[i] = b->rule.nexcept;
	for (size_t k = 0; k < b->rule.nexcept && k < 4; k++)
		c->except[i][k] = b->rule.except[k];
	c->created_us[i] = b->created_us;
	c->cancelled_us[i] = b->cancelled_us;
	return 0;
}

/* ---- a C decision hook standing in for the policies ---- */

typedef struct hook {
	mo_verdict verdict;
	int calls;
	char action[40], facts[1024];
} hook;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	char *json = mo_facts_json(facts, n);
	(void)actor;
	(void)e;
	h->calls++;
	snprintf(h->action, sizeof h->action, "%s", action);
	snprintf(h->facts, sizeof h->facts, "%s", json ? json : "");
	free(json);
	out->verdict = h->verdict;
	snprintf(out->reason, sizeof out->reason, "blocks are set by managers");
	snprintf(out->rule, sizeof out->rule, "'blocks' (policies/x.lua:1)");
	return 0;
}

static void use_hook(mo_practice *p, hook *h)
{
	mo_hooks hooks = {h, decide, NULL, NULL, NULL};
	mo_practice_set_hooks(p, &hooks);
}

/* ---- add: bad input ---- */

static void assert_add_fails(mo_practice *p, const mo_block_new *in,
			     int code, const char *msg)
{
	mo_err e = {0};
	int64_t id = -7;
	assert_int_equal(mo_block_add(p, "maria", in, &id, &e), code);
	assert_int_equal(e.code, code);
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	assert_int_equal(mo_block_check(mo_practice_config(p), in, NULL),
			 code == MO_EEXIST ? 0 : code);
}

static void test_add_invalid(void **state)
{
	mo_practice *p = P(state);
	mo_block_new ok = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				H(13, 0), "weekly on mon,wed count 10",
				"2026-12-07");
	mo_block_new in;
	char longtext[202];
	int32_t ex[2] = {D("2026-12-09"), D("2026-12-08")};
	pfx_snap before;
	add_ok(p, &ok);
	before = pfx_snap_take(p, STATE);

	in = ok, in.provider = NULL;
	assert_add_fails(p, &in, MO_EINVAL, "block: provider: expected a "
			 "provider's staff id from practice.yaml, got \"\"");
	in.provider = "drle";
	assert_add_fails(p, &in, MO_EINVAL, "got \"drle\"");
	in.provider = "maria";
	assert_add_fails(p, &in, MO_EINVAL, "block: provider: maria is on the "
			 "staff but not a provider");
	in = ok, in.location = "south";
	assert_add_fails(p, &in, MO_EINVAL, "block: location: expected a "
			 "location id from practice.yaml (or none for every "
			 "location), got \"south\"");
	in = ok, in.kind = "lnch";
	assert_add_fails(p, &in, MO_EINVAL, "block: kind: expected lunch, "
			 "meeting, speaking, hospital, vacation, training, admin "
			 "or other, got \"lnch\" (did you mean \"lunch\"?)");
	in.kind = NULL;
	assert_add_fails(p, &in, MO_EINVAL, "block: kind: expected");
	in = ok, in.title = "";
	assert_add_fails(p, &in, MO_EINVAL, "block: title: expected 1 to 200 "
			 "characters, got 0");
	in.title = NULL;
	assert_add_fails(p, &in, MO_EINVAL, "block: title:");
	memset(longtext, 'x', 201);
	longtext[201] = '\0';
	in.title = longtext;
	assert_add_fails(p, &in, MO_EINVAL, "got 201");
	in = ok, in.uid = longtext;
	assert_add_fails(p, &in, MO_EINVAL, "block: uid: expected 1 to 200 "
			 "characters, got 201");
	in.uid = "";
	assert_add_fails(p, &in, MO_EINVAL, "block: uid:");
	in = ok, in.start_sec = -1;
	assert_add_fails(p, &in, MO_EINVAL, "block: start: expected a time of "
			 "day from 00:00 to 23:59, got -1 seconds");
	in.start_sec = MO_BLOCK_DAY;
	assert_add_fails(p, &in, MO_EINVAL, "got 86400 seconds");
	in = ok, in.end_sec = in.start_sec;
	assert_add_fails(p, &in, MO_EINVAL, "block: end: expected a time after "
			 "the start 12:00, at most 24:00, got 12:00");
	in.end_sec = MO_BLOCK_DAY + 60;
	assert_add_fails(p, &in, MO_EINVAL, "got 24:01");
	in.end_sec = -5;
	assert_add_fails(p, &in, MO_EINVAL, "got a negative time");
	/* the rule */
	in = ok, in.rule.count = 0;
	assert_add_fails(p, &in, MO_EINVAL, "block: repeat: a recurring block "
			 "needs an end: until or count");
	in.rule.first_day = in.rule.until_day = D("2026-12-08");
	assert_add_fails(p, &in, MO_EINVAL, "block: repeat: no day from "
			 "2026-12-08 to 2026-12-08 fits \"weekly on mon,wed "
			 "until 2026-12-08\"");
	/* exceptions: sorted, and days of the block */
	in = ok, in.rule.except = ex, in.rule.nexcept = 2;
	assert_add_fails(p, &in, MO_EINVAL, "block: repeat: exceptions must be "
			 "in increasing order");
	ex[1] = D("2026-12-10");
	assert_add_fails(p, &in, MO_EINVAL, "block: except: 2026-12-10 is not a "
			 "day of the block (\"weekly on mon,wed count 10\" from "
			 "2026-12-07)");
	ex[1] = D("2027-02-10"); /* the 11th occurrence: past the count */
	assert_add_fails(p, &in, MO_EINVAL, "2027-02-10 is not a day");
	/* a bad actor */
	{
		mo_err e = {0};
		assert_int_equal(mo_block_add(p, "a b", &ok, NULL, &e),
				 MO_EINVAL);
		assert_msg(e, "acting staff member");
	}
	pfx_snap_same(p, &before);
	/* 200 characters and the edges of the day are fine */
	longtext[200] = '\0';
	in = ok, in.title = longtext, in.start_sec = 0;
	in.end_sec = MO_BLOCK_DAY;
	add_ok(p, &in);
}

/* ---- add, get, list ---- */

static void test_add_get_list(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "weekly count 3", "2026-12-01");
	mo_block_new talk = block("drkim", "north", "speaking", "Talk at the "
				  "county society", H(18, 30), H(20, 0), "once",
				  "2026-12-03");
	int32_t ex[1] = {D("2026-12-08")};
	block_copy c = {0};
	mo_err e = {0};
	lunch.rule.except = ex;
	lunch.rule.nexcept = 1;
	lunch.uid = "lunch-2026";
	assert_int_equal(add_ok(p, &lunch), 1);
	assert_int_equal(add_ok(p, &talk), 2);

	assert_int_equal(mo_block_get(p, 1, keep_block, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.provider[0], "drlee");
	assert_string_equal(c.location[0], "(null)");
	assert_string_equal(c.kind[0], "lunch");
	assert_string_equal(c.title[0], "Lunch");
	assert_string_equal(c.uid[0], "lunch-2026");
	/* stored normalized: the weekday of the first day */
	assert_string_equal(c.rule[0], "weekly on tue count 3");
	assert_int_equal(c.first[0], D("2026-12-01"));
	assert_int_equal(c.last[0], D("2026-12-15"));
	assert_int_equal(c.start[0], H(12, 0));
	assert_int_equal(c.end[0], H(13, 0));
	assert_int_equal(c.nexcept[0], 1);
	assert_int_equal(c.except[0][0], D("2026-12-08"));
	assert_string_equal(c.created_by[0], "maria");
	assert_int_equal(c.created_us[0], U(NOW));
	assert_int_equal(c.cancelled_us[0], 0);
	assert_string_equal(c.cancelled_by[0], "(null)");

	/* the audit entry */
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit WHERE record = "
				      "'block:1' AND action = 'schedule.block' "
				      "AND actor = 'maria'"), 1);

	memset(&c, 0, sizeof c);
	assert_int_equal(mo_block_list(p, NULL, keep_block, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.provider[0], "drkim"); /* by provider */
	assert_string_equal(c.location[0], "north");
	assert_string_equal(c.rule[0], "once");
	assert_int_equal(c.last[0], D("2026-12-03"));
	assert_string_equal(c.provider[1], "drlee");
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_block_list(p, "drlee", keep_block, &c, &e), 0);
	assert_int_equal(c.n, 1);
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_block_list(p, "nobody", keep_block, &c, &e), 0);
	assert_int_equal(c.n, 0);
	assert_int_equal(mo_block_get(p, 3, keep_block, &c, &e), MO_ENOTFOUND);
	assert_msg(e, "no block 3");
}

/* ---- busy across the clock changes ---- */

static void test_busy_dst(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "daily until 2027-03-31",
				   "2026-10-01");
	busy_text t;
	add_ok(p, &lunch);
	/* fall-back on 2026-11-01 at 02:00: CDT (UTC-5) then CST (UTC-6) */
	assert_string_equal(busy(p, "drlee", NULL, "2026-10-31T00:00Z",
				 "2026-11-03T00:00Z", &t),
			    "2026-10-31T17:00-18:00 #1, 2026-11-01T18:00-19:00 #1, "
			    "2026-11-02T18:00-19:00 #1");
	/* spring-forward on 2027-03-14 at 02:00 */
	assert_string_equal(busy(p, "drlee", NULL, "2027-03-13T00:00Z",
				 "2027-03-16T00:00Z", &t),
			    "2027-03-13T18:00-19:00 #1, 2027-03-14T17:00-18:00 #1, "
			    "2027-03-15T17:00-18:00 #1");
	/* a 90-day window far from the first day */
	busy(p, "drlee", "main", "2026-12-15T06:00Z", "2027-03-15T05:00Z", &t);
	assert_int_equal(t.n, 90);
}

static void test_busy_gap_and_overlap(void **state)
{
	mo_practice *p = P(state);
	mo_block_new rounds = block("drlee", NULL, "hospital", "Rounds",
				    H(2, 30), H(3, 30), "once", "2027-03-14");
	mo_block_new off = block("drkim", NULL, "vacation", "Day off", 0,
				 MO_BLOCK_DAY, "once", "2027-03-14");
	mo_block_new night = block("drkim", NULL, "hospital", "Night call",
				   H(1, 30), H(2, 30), "daily count 2",
				   "2026-11-01");
	busy_text t;
	add_ok(p, &rounds);
	add_ok(p, &off);
	add_ok(p, &night);
	/* 02:30 does not exist: it starts at 03:30 CDT and keeps its hour */
	assert_string_equal(busy(p, "drlee", NULL, "2027-03-14T00:00Z",
				 "2027-03-15T00:00Z", &t),
			    "2027-03-14T08:30-09:30 #1");
	/* the whole day is 23 hours long */
	assert_string_equal(busy(p, "drkim", NULL, "2027-03-14T12:00Z",
				 "2027-03-14T13:00Z", &t),
			    "2027-03-14T06:00-05:00 #2");
	/* 01:30 on 2026-11-01 happens twice: the first (CDT); 02:30 is CST,
	 * so that night's call lasts two hours */
	assert_string_equal(busy(p, "drkim", NULL, "2026-11-01T00:00Z",
				 "2026-11-03T00:00Z", &t),
			    "2026-11-01T06:30-08:30 #3, 2026-11-02T07:30-08:30 #3");
}

static void test_busy_locations(void **state)
{
	mo_practice *p = P(state);
	mo_block_new all = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				 H(13, 0), "once", "2026-12-01");
	mo_block_new main_ = block("drlee", "main", "admin", "Charts", H(8, 0),
				   H(9, 0), "once", "2026-12-01");
	mo_block_new north = block("drlee", "north", "meeting", "North staff",
				   H(16, 0), H(17, 0), "once", "2026-12-01");
	busy_text t;
	add_ok(p, &all);
	add_ok(p, &main_);
	add_ok(p, &north);
	assert_string_equal(busy(p, "drlee", "main", "2026-12-01T00:00Z",
				 "2026-12-02T00:00Z", &t),
			    "2026-12-01T14:00-15:00 #2, 2026-12-01T18:00-19:00 #1");
	assert_string_equal(busy(p, "drlee", "north", "2026-12-01T00:00Z",
				 "2026-12-02T00:00Z", &t),
			    "2026-12-01T18:00-19:00 #1, 2026-12-01T22:00-23:00 #3");
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T00:00Z",
				 "2026-12-02T00:00Z", &t),
			    "2026-12-01T14:00-15:00 #2, 2026-12-01T18:00-19:00 #1, "
			    "2026-12-01T22:00-23:00 #3");
	/* another provider's blocks are not theirs */
	assert_string_equal(busy(p, "drkim", NULL, "2026-12-01T00:00Z",
				 "2026-12-02T00:00Z", &t), "");
}

static void test_busy_window(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "weekly on mon,tue,wed,thu,fri "
				   "until 2027-06-30", "2026-12-01");
	mo_block_new meeting = block("drlee", NULL, "meeting", "Staff",
				     H(12, 30), H(13, 30), "monthly_weekday "
				     "count 6", "2026-12-01");
	busy_text t;
	mo_err e = {0};
	add_ok(p, &lunch);
	add_ok(p, &meeting);
	/* partial overlaps count; touching ends do not */
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T18:59Z",
				 "2026-12-01T19:01Z", &t),
			    "2026-12-01T18:00-19:00 #1, 2026-12-01T18:30-19:30 #2");
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T19:30Z",
				 "2026-12-02T18:00Z", &t), "");
	/* a weekend */
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-05T06:00Z",
				 "2026-12-07T06:00Z", &t), "");
	/* the 1st Tuesday, months later */
	assert_string_equal(busy(p, "drlee", NULL, "2027-05-04T00:00Z",
				 "2027-05-05T00:00Z", &t),
			    "2027-05-04T17:00-18:00 #1, 2027-05-04T17:30-18:30 #2");
	/* the window's edges in local time: 23:30 UTC is 17:30 in Chicago;
	 * the lunch of the next local day is not in it */
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T23:30Z",
				 "2026-12-02T06:00Z", &t), "");
	/* bad windows and providers */
	assert_int_equal(mo_block_busy(p, "drlee", NULL, U("2026-12-02T00:00Z"),
				       U("2026-12-02T00:00Z"), keep_busy, &t,
				       &e), MO_EINVAL);
	assert_msg(e, "block: busy: the window must end after it starts (from "
		   "2026-12-02T00:00:00.000000Z to 2026-12-02T00:00:00.000000Z)");
	assert_int_equal(mo_block_busy(p, "drlee", NULL, U("2026-01-01T00:00Z"),
				       U("2031-01-20T00:00Z"), keep_busy, &t,
				       &e), MO_EINVAL);
	assert_msg(e, "block: busy: the window is at most 1830 days long");
	assert_int_equal(mo_block_busy(p, "maria", NULL, U("2026-12-01T00:00Z"),
				       U("2026-12-02T00:00Z"), keep_busy, &t,
				       &e), MO_EINVAL);
	assert_msg(e, "maria is on the staff but not a provider");
	assert_int_equal(mo_block_busy(p, "drlee", "south",
				       U("2026-12-01T00:00Z"),
				       U("2026-12-02T00:00Z"), keep_busy, &t,
				       &e), MO_EINVAL);
	assert_msg(e, "got \"south\"");
}

/* A callback's non-zero return stops busy and is returned. */
static int stop_at_first(void *ud, const mo_busy *b)
{
	(void)b;
	++*(int *)ud;
	return 9;
}

static void test_busy_stops(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "daily count 10", "2026-12-01");
	int calls = 0;
	add_ok(p, &lunch);
	assert_int_equal(mo_block_busy(p, "drlee", NULL, U("2026-12-01T00:00Z"),
				       U("2026-12-20T00:00Z"), stop_at_first,
				       &calls, NULL), 9);
	assert_int_equal(calls, 1);
}

/* ---- the idempotent uid ---- */

static void test_uid(void **state)
{
	mo_practice *p = P(state);
	mo_block_new in = block("drlee", NULL, "meeting", "Board", H(7, 0),
				H(8, 0), "monthly_weekday count 12",
				"2026-12-03");
	int32_t ex[1] = {D("2027-01-07")};
	block_copy c = {0};
	busy_text t;
	mo_err e = {0};
	pfx_snap before;
	int64_t id = 0;
	hook h = {0};
	in.uid = "board@example.org";
	assert_int_equal(add_ok(p, &in), 1);
	before = pfx_snap_take(p, STATE);
	use_hook(p, &h);
	/* the same content: the same id, nothing written */
	assert_int_equal(mo_block_add(p, "maria", &in, &id, &e), 0);
	assert_int_equal(id, 1);
	pfx_snap_same(p, &before);
	assert_int_equal(h.calls, 1); /* still decided by the policies */
	/* interval 0 and 1 are the same content */
	in.rule.interval = 1;
	assert_int_equal(add_ok(p, &in), 1);
	pfx_snap_same(p, &before);
	/* a new title: updated in place, audited */
	in.title = "Board meeting";
	assert_int_equal(add_ok(p, &in), 1);
	assert_int_equal(query_int(p, STATE[S_BLOCKS]), before.v[S_BLOCKS]);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	if (!strstr(h.facts, "\"op\":\"update\""))
		fail_msg("facts %s", h.facts);
	/* new exceptions are content too */
	in.rule.except = ex;
	in.rule.nexcept = 1;
	assert_int_equal(add_ok(p, &in), 1);
	assert_int_equal(query_int(p, STATE[S_EXCEPTIONS]), 1);
	assert_int_equal(mo_block_get(p, 1, keep_block, &c, &e), 0);
	assert_string_equal(c.title[0], "Board meeting");
	assert_int_equal(c.nexcept[0], 1);
	assert_string_equal(busy(p, "drlee", NULL, "2027-01-01T00:00Z",
				 "2027-02-28T00:00Z", &t),
			    "2027-02-04T13:00-14:00 #1");
	/* and a new rule */
	in.rule.except = NULL;
	in.rule.nexcept = 0;
	in.rule.count = 2;
	assert_int_equal(add_ok(p, &in), 1);
	assert_int_equal(query_int(p, STATE[S_EXCEPTIONS]), 0);
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_block_get(p, 1, keep_block, &c, &e), 0);
	assert_string_equal(c.rule[0], "monthly_weekday count 2");
	assert_int_equal(c.last[0], D("2027-01-07"));
	/* another uid is another block */
	in.uid = "other@example.org";
	assert_int_equal(add_ok(p, &in), 2);
	/* a cancelled block is not brought back */
	assert_int_equal(mo_block_cancel(p, "maria", 2, &e), 0);
	before = pfx_snap_take(p, STATE);
	assert_add_fails(p, &in, MO_EEXIST, "block: uid \"other@example.org\" "
			 "belongs to block 2, which was cancelled");
	pfx_snap_same(p, &before);
}

/* ---- exceptions and cancelling ---- */

static void test_except(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "weekly on mon,wed until "
				   "2026-12-31", "2026-12-01");
	busy_text t;
	mo_err e = {0};
	pfx_snap before;
	hook h = {0};
	add_ok(p, &lunch);
	use_hook(p, &h);
	assert_int_equal(mo_block_except(p, "maria", 1, D("2026-12-02"), &e), 0);
	assert_string_equal(h.action, "schedule.block");
	assert_string_equal(h.facts, "{\"day\":\"2026-12-02\",\"id\":1,"
			    "\"kind\":\"lunch\",\"op\":\"except\",\"provider\":"
			    "\"drlee\",\"title\":\"Lunch\"}");
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T00:00Z",
				 "2026-12-08T00:00Z", &t),
			    "2026-12-07T18:00-19:00 #1");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_block_except(p, "maria", 1, D("2026-12-02"), &e),
			 MO_EEXIST);
	assert_msg(e, "block 1: 2026-12-02 is an exception already");
	assert_int_equal(mo_block_except(p, "maria", 1, D("2026-12-03"), &e),
			 MO_EINVAL);
	assert_msg(e, "block 1: 2026-12-03 is not one of its days");
	assert_int_equal(mo_block_except(p, "maria", 1, D("2027-01-04"), &e),
			 MO_EINVAL);
	assert_int_equal(mo_block_except(p, "maria", 9, D("2026-12-07"), &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no block 9");
	/* denied: nothing written */
	h.verdict = MO_VERDICT_DENY;
	assert_int_equal(mo_block_except(p, "maria", 1, D("2026-12-07"), &e),
			 MO_EDENIED);
	assert_msg(e, "maria may not schedule.block: blocks are set by "
		   "managers");
	pfx_snap_same(p, &before);
	/* cancelled: no more exceptions */
	h.verdict = MO_VERDICT_NONE;
	assert_int_equal(mo_block_cancel(p, "maria", 1, &e), 0);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_block_except(p, "maria", 1, D("2026-12-07"), &e),
			 MO_EINVAL);
	assert_msg(e, "block 1 is cancelled already");
	pfx_snap_same(p, &before);
}

static void test_cancel(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(13, 0), "daily count 5", "2026-12-01");
	block_copy c = {0};
	busy_text t;
	mo_err e = {0};
	pfx_snap before;
	hook h = {0};
	add_ok(p, &lunch);
	add_ok(p, &lunch);
	use_hook(p, &h);
	assert_int_equal(mo_block_cancel(p, "maria", 1, &e), 0);
	assert_string_equal(h.facts, "{\"id\":1,\"kind\":\"lunch\",\"op\":"
			    "\"cancel\",\"provider\":\"drlee\",\"title\":"
			    "\"Lunch\"}");
	assert_int_equal(mo_block_list(p, NULL, keep_block, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], 2);
	memset(&c, 0, sizeof c);
	assert_int_equal(mo_block_get(p, 1, keep_block, &c, &e), 0);
	assert_string_equal(c.cancelled_by[0], "maria");
	assert_int_equal(c.cancelled_us[0], U(NOW));
	assert_string_equal(busy(p, "drlee", NULL, "2026-12-01T00:00Z",
				 "2026-12-02T00:00Z", &t),
			    "2026-12-01T18:00-19:00 #2");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_block_cancel(p, "maria", 1, &e), MO_EINVAL);
	assert_msg(e, "block 1 is cancelled already");
	assert_int_equal(mo_block_cancel(p, "maria", 3, &e), MO_ENOTFOUND);
	assert_msg(e, "no block 3");
	h.verdict = MO_VERDICT_DENY;
	assert_int_equal(mo_block_cancel(p, "maria", 2, &e), MO_EDENIED);
	pfx_snap_same(p, &before);
}

static void test_add_facts_and_denial(void **state)
{
	mo_practice *p = P(state);
	mo_block_new in = block("drlee", "main", "training", "CPR", H(8, 0),
				H(9, 30), "weekly every 2 weeks on tue,thu "
				"until 2027-01-31", "2026-12-01");
	int32_t ex[1] = {D("2026-12-03")};
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	hook h = {.verdict = MO_VERDICT_DENY};
	in.rule.except = ex;
	in.rule.nexcept = 1;
	use_hook(p, &h);
	assert_int_equal(mo_block_add(p, "maria", &in, NULL, &e), MO_EDENIED);
	assert_string_equal(h.action, "schedule.block");
	assert_string_equal(h.facts, "{\"end\":\"09:30\",\"exceptions\":1,"
			    "\"first_day\":\"2026-12-01\",\"kind\":\"training\","
			    "\"location\":\"main\",\"op\":\"add\",\"provider\":"
			    "\"drlee\",\"repeat\":\"weekly every 2 weeks on "
			    "tue,thu until 2027-01-31\",\"start\":\"08:00\","
			    "\"title\":\"CPR\",\"uid\":null}");
	pfx_snap_same(p, &before);
	h.verdict = MO_VERDICT_ALLOW;
	assert_int_equal(mo_block_add(p, "maria", &in, NULL, &e), 0);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_int_equal(query_int(p, STATE[S_EXCEPTIONS]), 1);
}

/* Many providers' blocks: busy reads only the provider's, and a 90-day
 * window of a daily block far from its first day is right. */
static void test_busy_many(void **state)
{
	mo_practice *p = P(state);
	mo_block_new lunch = block("drlee", NULL, "lunch", "Lunch", H(12, 0),
				   H(12, 45), "daily until 2031-09-30",
				   "2026-10-01");
	mo_block_new old = block("drlee", NULL, "meeting", "Old", H(9, 0),
				 H(10, 0), "once", "2026-10-02");
	busy_text t;
	add_ok(p, &lunch);
	for (int i = 0; i < 50; i++)
		add_ok(p, &old);
	busy(p, "drlee", NULL, "2031-06-01T05:00Z", "2031-08-30T05:00Z", &t);
	assert_int_equal(t.n, 90);
	assert_non_null(strstr(t.text, "2031-06-01T17:00-17:45 #1"));
	assert_non_null(strstr(t.text, "2031-08-29T17:00-17:45 #1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, pfx_teardown)
		T(test_add_invalid),
		T(test_add_get_list),
		T(test_busy_dst),
		T(test_busy_gap_and_overlap),
		T(test_busy_locations),
		T(test_busy_window),
		T(test_busy_stops),
		T(test_uid),
		T(test_except),
		T(test_cancel),
		T(test_add_facts_and_denial),
		T(test_busy_many),
#undef T
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
