/* test_sched.c: unit tests of core/sched.c, the appointment book, on a
 * practice of its own (America/Chicago; drlee at two locations, drkim
 * seeing only follow-up and sick visits, drsun working the night hours
 * around the DST changes; exam, procedure and front-desk rooms;
 * Thanksgiving as a holiday): every refusal of sched.h with its message
 * and nothing written (appointments and audit unchanged); double booking
 * with and without the decision hook; the rules for appointment.book
 * (a C hook standing in for the Lua engine) and the facts they see; move,
 * cancel and the status order as the clock (MEDOFFICE_NOW) moves; audited
 * reads (get, day, lists); day lists across the spring-forward and
 * fall-back days; the slot search (order, filters, conflicts, blocks,
 * rooms, holidays, rules, limit, non-overlapping offers, range checks).
 * It uses cmocka, a practice in a temporary folder, block.h for blocks
 * and SQLite directly for patients and time out. */
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
#include "hours.h"
#include "sched.h"
#include "tz.h"
#include "units.h"


#define ZONE "America/Chicago"
#define NOW "2026-11-23T15:00:00Z" /* Monday 09:00 in Chicago */

/* Mon 2026-11-23 .. Sun 11-29; Thursday 11-26 is Thanksgiving. drlee:
 * main Mon-Thu 08-12, 13-17, Fri 08-12; north Sat 09-12. drkim: main
 * Mon-Fri 09-12, 13-16, follow-up and sick visits only. drsun: north
 * Sat 23:00-23:59, Sun 01-03 and 23:00-23:59, Mon 00-01. drowl: north
 * Sun 20:00-24:00, sick visits only. */
static const char YAML[] =
	"practice:\n"
	"  name: Sched Test\n"
	"  timezone: America/Chicago\n"
	"  holidays:\n"
	"    - { rule: \"fourth Thursday of November\", name: Thanksgiving }\n"
	"locations:\n"
	"  - id: main\n"
	"    name: Main\n"
	"    rooms:\n"
	"      - { id: front, kind: front_desk }\n"
	"      - { id: exam1, kind: exam }\n"
	"      - { id: exam2, kind: exam }\n"
	"      - { id: proc1, kind: procedure }\n"
	"  - id: north\n"
	"    name: North\n"
	"    rooms:\n"
	"      - { id: nexam, kind: exam }\n"
	"staff:\n"
	"  - { id: drlee, name: Dr Lee, job: doc }\n"
	"  - { id: drkim, name: Dr Kim, job: doc }\n"
	"  - { id: drsun, name: Dr Sun, job: doc }\n"
	"  - { id: drowl, name: Dr Owl, job: doc }\n"
	"  - { id: maria, name: Maria, job: desk }\n"
	"providers:\n"
	"  - staff: drlee\n"
	"    npi: \"1234567893\"\n"
	"    specialty: Family Medicine\n"
	"    availability:\n"
	"      - location: main\n"
	"        mon: \"08:00-12:00, 13:00-17:00\"\n"
	"        tue: \"08:00-12:00, 13:00-17:00\"\n"
	"        wed: \"08:00-12:00, 13:00-17:00\"\n"
	"        thu: \"08:00-12:00, 13:00-17:00\"\n"
	"        fri: \"08:00-12:00\"\n"
	"      - location: north\n"
	"        sat: \"09:00-12:00\"\n"
	"  - staff: drkim\n"
	"    npi: \"1234567802\"\n"
	"    specialty: Family Medicine\n"
	"    visit_types: [follow_up, sick_visit]\n"
	"    availability:\n"
	"      - location: main\n"
	"        mon: \"09:00-12:00, 13:00-16:00\"\n"
	"        tue: \"09:00-12:00, 13:00-16:00\"\n"
	"        wed: \"09:00-12:00, 13:00-16:00\"\n"
	"        thu: \"09:00-12:00, 13:00-16:00\"\n"
	"        fri: \"09:00-12:00, 13:00-16:00\"\n"
	"  - staff: drsun\n"
	"    npi: \"1987654328\"\n"
	"    specialty: Urgent Care\n"
	"    availability:\n"
	"      - location: north\n"
	"        sat: \"23:00-23:59\"\n"
	"        sun: \"01:00-03:00, 23:00-23:59\"\n"
	"        mon: \"00:00-01:00\"\n"
	"  - staff: drowl\n"
	"    npi: \"1555555550\"\n"
	"    specialty: Urgent Care\n"
	"    visit_types: [sick_visit]\n"
	"    availability:\n"
	"      - location: north\n"
	"        sun: \"20:00-24:00\"\n"
	"visit_types:\n"
	"  - { id: new_patient, name: New, duration: 40m, new_patient: true }\n"
	"  - { id: follow_up, name: Follow-up, duration: 20m }\n"
	"  - { id: sick_visit, name: Sick, duration: 15m }\n"
	"  - { id: procedure, name: Procedure, duration: 30m, room: procedure }\n";

/* ---- fixture: a practice in a temporary folder ---- */

static int setup(void **state)
{
	return pfx_setup(state, "sched", YAML, NOW);
}

static mo_practice *P(void **state)
{
	return ((pfx_fixture *)*state)->p;
}

/* ---- time ---- */

static int32_t D(const char *date)
{
	int32_t day;
	mo_err e = {0};
	if (mo_date_parse(date, &day, &e))
		fail_msg("date %s: %s", date, e.msg);
	return day;
}

/* "2026-11-24 09:00", local in the practice's zone (strict), as UTC. */
static int64_t L(const char *local)
{
	char date[11];
	int h, m;
	int64_t us;
	mo_err e = {0};
	snprintf(date, sizeof date, "%.10s", local);
	if (sscanf(local + 11, "%d:%d", &h, &m) != 2 ||
	    mo_tz_to_utc(ZONE, D(date), h * 3600 + m * 60, MO_TZ_STRICT, &us,
			 &e))
		fail_msg("local time %s: %s", local, e.msg);
	return us;
}

/* An ISO UTC instant. */
static int64_t U(const char *iso)
{
	int64_t us;
	mo_err e = {0};
	if (mo_clock_parse_us(iso, &us, &e))
		fail_msg("instant %s: %s", iso, e.msg);
	return us;
}

static void set_now(const char *iso)
{
	setenv("MEDOFFICE_NOW", iso, 1);
}

/* ---- the database ---- */

static sqlite3 *SQ(mo_practice *p)
{
	return mo_db_sqlite(mo_practice_db(p));
}

/* A text of the latest audit entry (empty for NULL). */
static void last_audit(mo_practice *p, const char *col, char *out,
		       size_t size)
{
	sqlite3_stmt *st = NULL;
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit ORDER BY id DESC "
		 "LIMIT 1", col);
	assert_int_equal(sqlite3_prepare_v2(SQ(p), sql, -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(st, 0)
		 ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
}

static void assert_last_audit(mo_practice *p, const char *actor,
			      const char *action, const char *record)
{
	char got[256];
	last_audit(p, "actor", got, sizeof got);
	assert_string_equal(got, actor);
	last_audit(p, "action", got, sizeof got);
	assert_string_equal(got, action);
	if (record) {
		last_audit(p, "record", got, sizeof got);
		assert_string_equal(got, record);
	}
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM appointment",
	"SELECT count(*) FROM audit",
	"SELECT total(start_us + end_us + id + "
	"length(status) + length(coalesce(room, '')) + "
	"length(provider)) FROM appointment",
	NULL,
};
enum { S_APPTS, S_AUDIT, S_SUM };

/* A patient written directly (the register's checks are not tested
 * here); returns the id. */
static int64_t add_patient(mo_practice *p, const char *family,
			   const char *given, const char *mobile)
{
	sqlite3_stmt *st = NULL;
	const char *sql = "INSERT INTO patient(family, given, birth_day, sex, "
		"phone_mobile, name_key, created_us, created_by, updated_us, "
		"updated_by) VALUES(?1, ?2, 3000, 'female', ?3, lower(?1 || ' ' "
		"|| ?2), 0, 'test', 0, 'test')";
	assert_int_equal(sqlite3_prepare_v2(SQ(p), sql, -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, family, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, given, -1, SQLITE_STATIC);
	if (mobile)
		sqlite3_bind_text(st, 3, mobile, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	return sqlite3_last_insert_rowid(SQ(p));
}

static void add_out(mo_practice *p, const char *provider, int64_t from,
		    int64_t to, const char *reason, bool cancelled)
{
	char sql[400];
	snprintf(sql, sizeof sql, "INSERT INTO provider_out(provider, "
		 "start_us, end_us, reason, created_us, created_by, "
		 "cancelled_us) VALUES('%s', %lld, %lld, '%s', 0, 'test', %s)",
		 provider, (long long)from, (long long)to, reason,
		 cancelled ? "1" : "NULL");
	exec_sql(p, sql);
}

/* A block of provider (location NULL: everywhere) from start to end
 * (local "HH:MM"), once on first or weekly on weekdays until until. */
static int64_t add_block(mo_practice *p, const char *provider,
			 const char *location, const char *kind,
			 const char *title, const char *first,
			 const char *start, const char *end,
			 unsigned weekdays, const char *until)
{
	mo_block_new in = {provider, location, kind, title, 0, 0, {0}, NULL};
	int sm, em;
	int64_t id = 0;
	mo_err e = {0};
	assert_int_equal(mo_time_parse(start, &sm, &e), 0);
	assert_int_equal(mo_time_parse(end, &em, &e), 0);
	in.start_sec = sm * 60;
	in.end_sec = em * 60;
	in.rule.first_day = D(first);
	if (weekdays) {
		in.rule.freq = MO_RECUR_WEEKLY;
		in.rule.weekdays = weekdays;
		in.rule.until_day = D(until);
	}
	if (mo_block_add(p, "maria", &in, &id, &e))
		fail_msg("block %s: %s", title, e.msg);
	return id;
}

/* ---- booking ---- */

static mo_appt_new appt(int64_t patient, const char *provider,
			const char *location, const char *vt,
			const char *local)
{
	mo_appt_new in = {0};
	in.patient = patient;
	in.provider = provider;
	in.location = location;
	in.visit_type = vt;
	in.start_us = local ? L(local) : 0;
	return in;
}

static int64_t book_in(mo_practice *p, const mo_appt_new *in)
{
	int64_t id = -1;
	mo_err e = {0};
	if (mo_sched_book(p, "maria", in, &id, &e))
		fail_msg("book %s %s: %s", in->provider, in->visit_type, e.msg);
	return id;
}

static int64_t book_ok(mo_practice *p, int64_t patient, const char *provider,
		       const char *location, const char *vt, const char *local)
{
	mo_appt_new in = appt(patient, provider, location, vt, local);
	return book_in(p, &in);
}

/* A booking refused with code and a message holding msg, writing
 * nothing. */
static void refused(mo_practice *p, const mo_appt_new *in, int code,
		    const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	int rc = mo_sched_book(p, "maria", in, &id, &e);
	if (rc != code)
		fail_msg("book %s %s: expected %d (%s), got %d: %s",
			 in->provider ? in->provider : "(null)",
			 in->visit_type ? in->visit_type : "(null)", code, msg,
			 rc, rc ? e.msg : "booked");
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(p, &before);
}

/* ---- copies of appointments and slots ---- */

#define MAXC 64

typedef struct appts {
	int n;
	int64_t id[MAXC], patient[MAXC], start[MAXC], end[MAXC];
	char provider[MAXC][16], location[MAXC][16], room[MAXC][16],
		vt[MAXC][16], status[MAXC][16], reason[MAXC][64],
		note[MAXC][64], name[MAXC][64], phone[MAXC][16];
	bool dbl[MAXC], call[MAXC];
} appts;

static void cp(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int keep_appt(void *ud, const mo_appt *a)
{
	appts *c = ud;
	int i = c->n++;
	assert_true(i < MAXC);
	c->id[i] = a->id;
	c->patient[i] = a->patient;
	c->start[i] = a->start_us;
	c->end[i] = a->end_us;
	cp(c->provider[i], sizeof c->provider[i], a->provider);
	cp(c->location[i], sizeof c->location[i], a->location);
	cp(c->room[i], sizeof c->room[i], a->room);
	cp(c->vt[i], sizeof c->vt[i], a->visit_type);
	cp(c->status[i], sizeof c->status[i], a->status);
	cp(c->reason[i], sizeof c->reason[i], a->reason);
	cp(c->note[i], sizeof c->note[i], a->note);
	cp(c->name[i], sizeof c->name[i], a->patient_name);
	cp(c->phone[i], sizeof c->phone[i], a->phone);
	c->dbl[i] = a->double_booked;
	c->call[i] = a->needs_call;
	return 0;
}

/* Appointment id as get shows it (an audited read by maria). */
static appts get(mo_practice *p, int64_t id)
{
	appts c = {0};
	mo_err e = {0};
	if (mo_sched_get(p, "maria", id, keep_appt, &c, &e))
		fail_msg("get %lld: %s", (long long)id, e.msg);
	assert_int_equal(c.n, 1);
	return c;
}

static appts day_of(mo_practice *p, const char *provider,
		    const char *location, const char *date, bool all)
{
	appts c = {0};
	mo_err e = {0};
	if (mo_sched_day(p, "maria", provider, location, D(date), all,
			 keep_appt, &c, &e))
		fail_msg("day %s: %s", date, e.msg);
	return c;
}

typedef struct slots {
	int n;
	char provider[MAXC][16], location[MAXC][16], room[MAXC][16];
	int64_t start[MAXC], end[MAXC];
} slots;

static int keep_slot(void *ud, const mo_slot *s)
{
	slots *c = ud;
	int i = c->n++;
	assert_true(i < MAXC);
	cp(c->provider[i], sizeof c->provider[i], s->provider);
	cp(c->location[i], sizeof c->location[i], s->location);
	cp(c->room[i], sizeof c->room[i], s->room);
	c->start[i] = s->start_us;
	c->end[i] = s->end_us;
	return 0;
}

static mo_slot_query query(const char *vt, const char *from, const char *to,
			   size_t limit)
{
	mo_slot_query q = {0};
	q.visit_type = vt;
	q.from_day = D(from);
	q.to_day = D(to);
	q.limit = limit;
	return q;
}

static slots find(mo_practice *p, const mo_slot_query *q)
{
	slots c = {0};
	mo_err e = {0};
	if (mo_sched_find(p, "maria", q, keep_slot, &c, &e))
		fail_msg("find %s: %s", q->visit_type, e.msg);
	return c;
}

static void assert_slot(const slots *s, int i, const char *provider,
			const char *local)
{
	if (i >= s->n)
		fail_msg("slot %d: only %d slots", i, s->n);
	char buf[32];
	if (strcmp(s->provider[i], provider) != 0)
		fail_msg("slot %d: provider %s, want %s", i, s->provider[i],
			 provider);
	if (strcmp(mo_tz_format(ZONE, s->start[i], buf), local) != 0)
		fail_msg("slot %d: starts %s, want %s", i, buf, local);
}

/* ---- a C decision hook ---- */

typedef struct hook {
	/* what to answer */
	const char *deny;     /* this action is denied */
	int deny_before;      /* appointment.book denied when hour < this */
	int rc;               /* a failing rule */
	mo_verdict verdict;   /* otherwise */
	const char *reason, *rule;
	/* what was asked */
	int calls, book_calls, double_calls;
	char actor[80], action[48];
	size_t nfacts;
	struct {
		char key[32];
		mo_fact_type type;
		char s[64];
		int64_t i;
	} fact[16];
} hook;

static int64_t fact_int(const mo_fact *f, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(f[i].key, key) == 0)
			return f[i].i;
	return -1;
}

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	bool book = strcmp(action, "appointment.book") == 0, deny;
	h->calls++;
	h->book_calls += book;
	h->double_calls += strcmp(action, "appointment.double_book") == 0;
	cp(h->actor, sizeof h->actor, actor);
	cp(h->action, sizeof h->action, action);
	h->nfacts = n;
	for (size_t i = 0; i < n && i < 16; i++) {
		cp(h->fact[i].key, sizeof h->fact[i].key, facts[i].key);
		h->fact[i].type = facts[i].type;
		cp(h->fact[i].s, sizeof h->fact[i].s, facts[i].s);
		h->fact[i].i = facts[i].i;
	}
	if (h->rc)
		return mo_err_set(e, h->rc, "rule 'broken' failed");
	deny = (h->deny && strcmp(action, h->deny) == 0) ||
	       (h->deny_before && book &&
		fact_int(facts, n, "hour") < h->deny_before);
	out->verdict = deny ? MO_VERDICT_DENY : h->verdict;
	snprintf(out->reason, sizeof out->reason, "%s",
		 h->reason ? h->reason : "");
	snprintf(out->rule, sizeof out->rule, "%s", h->rule ? h->rule : "");
	return 0;
}

static void use_hook(mo_practice *p, hook *h)
{
	mo_hooks hooks = {h, decide, NULL, NULL, NULL};
	mo_practice_set_hooks(p, &hooks);
}

static int fact_index(const hook *h, const char *key)
{
	for (size_t i = 0; i < h->nfacts; i++)
		if (strcmp(h->fact[i].key, key) == 0)
			return (int)i;
	fail_msg("no fact '%s'", key);
	return -1;
}

static void assert_str_fact(const hook *h, const char *key, const char *want)
{
	int i = fact_index(h, key);
	assert_int_equal(h->fact[i].type, MO_FACT_STR);
	assert_string_equal(h->fact[i].s, want);
}

static void assert_int_fact(const hook *h, const char *key,
			    mo_fact_type type, int64_t want)
{
	int i = fact_index(h, key);
	assert_int_equal(h->fact[i].type, type);
	assert_int_equal(h->fact[i].i, want);
}

/* ==== booking ==== */

static void test_book(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", "3125550101");
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	mo_appt_new in = appt(ana, "drlee", "main", "follow_up",
			      "2026-11-24 09:00");
	pfx_snap before = pfx_snap_take(p, STATE);
	hook h = {0};
	appts a;
	int64_t id;
	use_hook(p, &h);
	in.note = "knee pain";
	id = book_in(p, &in);
	assert_int_equal(id, 1);
	assert_int_equal(query_int(p, STATE[S_APPTS]), before.v[S_APPTS] + 1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.book", "appointment:1");
	assert_int_equal(query_int(p, "SELECT count(*) FROM appointment WHERE "
				      "created_by = 'maria'"), 1);
	/* the rules were asked with the booking's facts */
	assert_int_equal(h.book_calls, 1);
	assert_string_equal(h.actor, "maria");
	assert_string_equal(h.action, "appointment.book");
	assert_int_fact(&h, "patient", MO_FACT_INT, ana);
	assert_str_fact(&h, "provider", "drlee");
	assert_str_fact(&h, "location", "main");
	assert_str_fact(&h, "visit_type", "follow_up");
	assert_int_fact(&h, "new_patient", MO_FACT_BOOL, 0);
	assert_str_fact(&h, "date", "2026-11-24");
	assert_str_fact(&h, "time", "09:00");
	assert_int_fact(&h, "hour", MO_FACT_INT, 9);
	assert_str_fact(&h, "weekday", "tue");
	assert_int_fact(&h, "minutes", MO_FACT_INT, 20);
	assert_int_fact(&h, "same_day", MO_FACT_BOOL, 0);
	/* as stored */
	a = get(p, id);
	assert_int_equal(a.id[0], 1);
	assert_int_equal(a.patient[0], ana);
	assert_string_equal(a.provider[0], "drlee");
	assert_string_equal(a.location[0], "main");
	assert_string_equal(a.room[0], "exam1");
	assert_string_equal(a.vt[0], "follow_up");
	assert_string_equal(a.status[0], "booked");
	assert_string_equal(a.note[0], "knee pain");
	assert_string_equal(a.reason[0], "(null)");
	assert_int_equal(a.start[0], U("2026-11-24T15:00:00Z"));
	assert_int_equal(a.end[0], U("2026-11-24T15:20:00Z"));
	assert_false(a.dbl[0]);
	assert_false(a.call[0]);

	/* drkim works at one location: it may be left out; a visit today
	 * is same_day for the rules, a new-patient visit new_patient */
	id = book_ok(p, ben, "drkim", NULL, "sick_visit", "2026-11-23 10:00");
	assert_int_fact(&h, "same_day", MO_FACT_BOOL, 1);
	assert_str_fact(&h, "weekday", "mon");
	a = get(p, id);
	assert_string_equal(a.location[0], "main");
	assert_string_equal(a.room[0], "exam1");
	assert_int_equal(a.end[0] - a.start[0], 15 * 60 * 1000000LL);
	book_ok(p, ben, "drlee", "main", "new_patient", "2026-11-24 10:00");
	assert_int_fact(&h, "new_patient", MO_FACT_BOOL, 1);
	assert_int_fact(&h, "minutes", MO_FACT_INT, 40);
	/* a procedure goes to the procedure room; north's exam room */
	a = get(p, book_ok(p, ana, "drlee", "main", "procedure",
			   "2026-11-25 09:00"));
	assert_string_equal(a.room[0], "proc1");
	a = get(p, book_ok(p, ana, "drlee", "north", "follow_up",
			   "2026-11-28 09:00"));
	assert_string_equal(a.room[0], "nexam");
	assert_string_equal(a.location[0], "north");
	/* now (09:00 today) is not the past */
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-23 09:00");
}

static void test_book_unknown(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_appt_new in;
	char note[502];
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 08:00");

	in = appt(999, "drlee", "main", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_ENOTFOUND, "no patient 999");
	in = appt(ana, "drx", "main", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "provider: no provider \"drx\" in "
		"practice.yaml");
	in.provider = "maria"; /* staff, not a provider */
	refused(p, &in, MO_EINVAL, "provider: no provider \"maria\"");
	in.provider = NULL;
	refused(p, &in, MO_EINVAL, "provider: no provider \"\"");
	in = appt(ana, "drlee", "south", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "location: no location \"south\" in "
		"practice.yaml");
	in = appt(ana, "drlee", NULL, "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "location: drlee works at several "
		"locations, or none; say which");
	in = appt(ana, "drlee", "main", "surgery", "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "visit type: no visit type \"surgery\" in "
		"practice.yaml");
	in.visit_type = NULL;
	refused(p, &in, MO_EINVAL, "visit type: no visit type \"\"");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 09:00");
	in.room = "exam9";
	refused(p, &in, MO_EINVAL, "room: no room \"exam9\" at main");
	in.room = "nexam"; /* a room of the other location */
	refused(p, &in, MO_EINVAL, "room: no room \"nexam\" at main");
	in.room = NULL;
	memset(note, 'n', 501);
	note[501] = '\0';
	in.note = note;
	refused(p, &in, MO_EINVAL, "note: at most 500 characters");
	note[500] = '\0';
	book_in(p, &in);
}

static void test_book_merged(void **state)
{
	mo_practice *p = P(state);
	int64_t old = add_patient(p, "Garcia", "Ana", NULL);
	int64_t keep = add_patient(p, "Garcia", "Ana Maria", NULL);
	char sql[160];
	mo_appt_new in = appt(old, "drlee", "main", "follow_up",
			      "2026-11-24 09:00");
	snprintf(sql, sizeof sql, "UPDATE patient SET status = 'merged', "
		 "merged_into = %lld WHERE id = %lld", (long long)keep,
		 (long long)old);
	exec_sql(p, sql);
	refused(p, &in, MO_EINVAL, "patient 1 was merged into patient 2; "
		"book that record");
	in.patient = keep;
	book_in(p, &in);
}

static void test_book_visit_type_not_seen(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_appt_new in = appt(ana, "drkim", "main", "new_patient",
			      "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "visit type: drkim does not see "
		"new_patient visits");
	in.visit_type = "procedure";
	refused(p, &in, MO_EINVAL, "visit type: drkim does not see procedure "
		"visits");
	in.visit_type = "sick_visit";
	book_in(p, &in);
}

static void test_book_when(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_appt_new in;
	/* the past */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-23 08:00");
	refused(p, &in, MO_EINVAL, "2026-11-23 08:00 is in the past");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-23 08:55");
	refused(p, &in, MO_EINVAL, "2026-11-23 08:55 is in the past");
	in.start_us = U("2026-11-23T14:59:59Z");
	refused(p, &in, MO_EINVAL, "is in the past");
	/* outside the hours */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 07:30");
	refused(p, &in, MO_EINVAL, "2026-11-24 07:30: drlee does not see "
		"patients at main then");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 12:30");
	refused(p, &in, MO_EINVAL, "2026-11-24 12:30: drlee does not see "
		"patients at main then");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 17:00");
	refused(p, &in, MO_EINVAL, "does not see patients at main then");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-27 13:00");
	refused(p, &in, MO_EINVAL, "does not see patients at main then");
	/* Saturday: north only; drkim never at north */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-28 09:00");
	refused(p, &in, MO_EINVAL, "2026-11-28 09:00: drlee does not see "
		"patients at main then");
	in = appt(ana, "drkim", "north", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EINVAL, "drkim does not see patients at north "
		"then");
	/* across a session's end: 11:50 + 20 minutes, 16:30 + 40, and
	 * 07:50 + 20 across its start */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 11:50");
	refused(p, &in, MO_EINVAL, "2026-11-24 11:50: drlee does not see "
		"patients at main then");
	in = appt(ana, "drlee", "main", "new_patient", "2026-11-24 16:30");
	refused(p, &in, MO_EINVAL, "does not see patients at main then");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 07:50");
	refused(p, &in, MO_EINVAL, "does not see patients at main then");
	/* a holiday, this year and the next */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-26 10:00");
	refused(p, &in, MO_EINVAL, "2026-11-26 10:00: the practice is closed "
		"for Thanksgiving");
	in = appt(ana, "drkim", "main", "follow_up", "2027-11-25 10:00");
	refused(p, &in, MO_EINVAL, "the practice is closed for Thanksgiving");
	/* past midnight: drowl's Sunday ends at 24:00 */
	in = appt(ana, "drowl", "north", "sick_visit", "2026-11-29 23:50");
	refused(p, &in, MO_EINVAL, "the visit would run past midnight");
	in = appt(ana, "drsun", "north", "sick_visit", "2026-11-28 23:45");
	refused(p, &in, MO_EINVAL, "drsun does not see patients at north "
		"then");
	/* the edges are fine: 11:40-12:00, 16:20-17:00, 23:45-24:00 */
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 11:40");
	book_ok(p, ana, "drlee", "main", "new_patient", "2026-11-24 16:20");
	book_ok(p, ana, "drowl", "north", "sick_visit", "2026-11-29 23:45");
	book_ok(p, ana, "drsun", "north", "sick_visit", "2026-11-28 23:40");
	book_ok(p, ana, "drlee", "north", "follow_up", "2026-11-28 09:00");
}

static void test_book_block(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	mo_appt_new in;
	/* a weekly lunch, Monday to Thursday, everywhere; a meeting at north
	 * on one Saturday */
	add_block(p, "drlee", NULL, "lunch", "Lunch", "2026-11-23", "11:30",
		  "12:00", 0x0Fu, "2027-06-30");
	add_block(p, "drlee", "north", "meeting", "Staff meeting",
		  "2026-11-28", "09:00", "10:00", 0, NULL);
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 11:30");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-24 11:30 with "
		"the lunch block \"Lunch\"");
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 11:15");
	refused(p, &in, MO_EEXIST, "with the lunch block \"Lunch\"");
	in = appt(ana, "drlee", "main", "sick_visit", "2027-01-14 11:40");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2027-01-14 11:30 with "
		"the lunch block \"Lunch\"");
	in = appt(ana, "drlee", "north", "follow_up", "2026-11-28 09:30");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-28 09:00 with "
		"the meeting block \"Staff meeting\"");
	/* double booking is over appointments, not blocks */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 11:30");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "with the lunch block \"Lunch\"");
	/* around the lunch, on Friday, after the last day */
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 11:10");
	book_ok(p, ben, "drlee", "main", "follow_up", "2026-11-27 11:30");
	book_ok(p, ben, "drlee", "main", "follow_up", "2027-07-01 11:30");
	book_ok(p, ben, "drlee", "north", "follow_up", "2026-11-28 10:00");
}

static void test_book_out(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_appt_new in;
	add_out(p, "drlee", L("2026-11-24 08:00"), L("2026-11-24 12:00"),
		"conference", false);
	add_out(p, "drlee", L("2026-11-25 08:00"), L("2026-11-25 12:00"),
		"cancelled trip", true);
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-24 08:00 with "
		"time out 1 (conference)");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "with time out 1 (conference)");
	/* drkim is not out; a cancelled time out does not count */
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-24 09:00");
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-25 09:00");
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 13:00");
}

static void test_book_conflicts(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t cy = add_patient(p, "Chen", "Cy", NULL);
	int64_t dee = add_patient(p, "Diaz", "Dee", NULL);
	mo_appt_new in;
	int64_t first = book_ok(p, ana, "drlee", "main", "follow_up",
				"2026-11-24 09:00");
	assert_int_equal(first, 1);
	/* the provider: same start, overlapping start, overlapping end */
	in = appt(ben, "drlee", "main", "follow_up", "2026-11-24 09:00");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-24 09:00 with "
		"appointment 1");
	in = appt(ben, "drlee", "main", "sick_visit", "2026-11-24 09:15");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-24 09:00 with "
		"appointment 1");
	in = appt(ben, "drlee", "main", "new_patient", "2026-11-24 08:30");
	refused(p, &in, MO_EEXIST, "with appointment 1");
	/* the patient, with another provider */
	in = appt(ana, "drkim", "main", "follow_up", "2026-11-24 09:10");
	refused(p, &in, MO_EEXIST, "patient 1 already has appointment 1 at "
		"2026-11-24 09:00");
	/* back to back is fine */
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 09:20");
	book_ok(p, ben, "drlee", "main", "follow_up", "2026-11-24 08:40");
	/* rooms: drlee in exam1 at 10:00; exam1 asked for again */
	in = appt(ana, "drlee", "main", "follow_up", "2026-11-24 10:00");
	in.room = "exam1";
	book_in(p, &in);
	in = appt(ben, "drkim", "main", "follow_up", "2026-11-24 10:00");
	in.room = "exam1";
	refused(p, &in, MO_EEXIST, "room: exam1 at main is taken then");
	/* a room of the wrong kind */
	in.room = "proc1";
	refused(p, &in, MO_EINVAL, "room: proc1 is a procedure room; "
		"follow_up visits need a exam room");
	in.room = "front";
	refused(p, &in, MO_EINVAL, "room: front is a front_desk room");
	/* every exam room taken: exam2 by drkim, then none left */
	in.room = "exam2";
	book_in(p, &in);
	in = appt(cy, "drkim", "main", "follow_up", "2026-11-24 10:00");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "room: no free exam room at main then");
	/* the procedure room is free, and then taken */
	book_ok(p, cy, "drlee", "main", "procedure", "2026-11-25 09:00");
	in = appt(ben, "drlee", "main", "procedure", "2026-11-25 09:30");
	book_in(p, &in);
	in = appt(dee, "drlee", "main", "procedure", "2026-11-25 09:10");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "room: no free procedure room at main "
		"then");
}

static void test_double_book(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t cy = add_patient(p, "Chen", "Cy", NULL);
	int64_t dee = add_patient(p, "Diaz", "Dee", NULL);
	hook h = {.verdict = MO_VERDICT_ALLOW, .rule = "allow all"};
	mo_appt_new in;
	appts a;
	int64_t id;
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 09:00");
	use_hook(p, &h);
	/* not asked for */
	in = appt(ben, "drlee", "main", "sick_visit", "2026-11-24 09:05");
	refused(p, &in, MO_EEXIST, "drlee is busy at 2026-11-24 09:00 with "
		"appointment 1");
	assert_int_equal(h.double_calls, 0);
	/* asked for, and the rules allow it */
	in.double_book = true;
	id = book_in(p, &in);
	assert_int_equal(h.double_calls, 1);
	assert_string_equal(h.action, "appointment.double_book");
	assert_string_equal(h.actor, "maria");
	assert_str_fact(&h, "visit_type", "sick_visit");
	a = get(p, id);
	assert_true(a.dbl[0]);
	assert_string_equal(a.room[0], "exam2");
	assert_false(get(p, 1).dbl[0]);
	/* the rules deny it */
	h.deny = "appointment.double_book";
	h.reason = "only sick visits";
	h.rule = "squeeze";
	in = appt(cy, "drlee", "main", "follow_up", "2026-11-24 09:00");
	in.double_book = true;
	refused(p, &in, MO_EDENIED, "maria may not double-book: only sick "
		"visits (rule squeeze)");
	/* no hook at all: allowed */
	mo_practice_set_hooks(p, NULL);
	in = appt(cy, "drlee", "main", "sick_visit", "2026-11-25 09:00");
	book_in(p, &in);
	in = appt(dee, "drlee", "main", "sick_visit", "2026-11-25 09:00");
	in.double_book = true;
	assert_true(get(p, book_in(p, &in)).dbl[0]);
	/* asked for over free time: not double-booked */
	in = appt(dee, "drlee", "main", "sick_visit", "2026-11-25 10:00");
	in.double_book = true;
	assert_false(get(p, book_in(p, &in)).dbl[0]);
	/* double booking does not excuse the patient's other visit */
	in = appt(dee, "drkim", "main", "sick_visit", "2026-11-25 10:05");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "already has appointment");
}

/* An appointment booked before a block (or time out) was added: booking
 * over it with double_book must still be refused, since the provider is
 * not bookable then (sched.h: double booking is over "the provider's
 * other appointment" only). */
static void test_double_book_not_over_block(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	mo_appt_new in;
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-24 10:00");
	add_block(p, "drlee", NULL, "meeting", "Board", "2026-11-24", "10:00",
		  "11:00", 0, NULL);
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-25 10:00");
	add_out(p, "drlee", L("2026-11-25 08:00"), L("2026-11-25 12:00"),
		"sick", false);
	in = appt(ben, "drlee", "main", "follow_up", "2026-11-24 10:00");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "the meeting block \"Board\"");
	in = appt(ben, "drlee", "main", "follow_up", "2026-11-25 10:00");
	in.double_book = true;
	refused(p, &in, MO_EEXIST, "time out");
}

static void test_rules_deny_book(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	hook h = {.deny = "appointment.book",
		  .reason = "new patients are seen before noon",
		  .rule = "mornings (policies/scheduling/office.lua:17)"};
	mo_appt_new in = appt(ana, "drlee", "main", "new_patient",
			      "2026-11-24 13:00");
	pfx_snap before;
	use_hook(p, &h);
	before = pfx_snap_take(p, STATE);
	refused(p, &in, MO_EDENIED, "maria may not appointment.book: new "
		"patients are seen before noon (rule mornings "
		"(policies/scheduling/office.lua:17))");
	assert_int_equal(h.book_calls, 1);
	/* the denial is logged; nothing else is written */
	assert_int_equal(query_int(p, "SELECT count(*) FROM decision WHERE "
				      "verdict = 'deny' AND action = "
				      "'appointment.book' AND actor = 'maria'"),
			 1);
	/* a rule that fails refuses too */
	h.deny = NULL;
	h.rc = MO_ELUA;
	refused(p, &in, MO_ELUA, "rule 'broken' failed");
	/* the core's checks come first: no rule is asked about a time in
	 * the past */
	h.rc = 0;
	h.book_calls = 0;
	in = appt(ana, "drlee", "main", "new_patient", "2026-11-23 08:00");
	refused(p, &in, MO_EINVAL, "in the past");
	assert_int_equal(h.book_calls, 0);
	assert_int_equal(query_int(p, STATE[S_APPTS]), before.v[S_APPTS]);
	in = appt(ana, "drlee", "main", "new_patient", "2026-11-24 13:00");
	book_in(p, &in);
}

/* ==== move, cancel, status ==== */

static void test_move(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t cy = add_patient(p, "Chen", "Cy", NULL);
	int64_t a1 = book_ok(p, ana, "drlee", "main", "follow_up",
			     "2026-11-24 09:00");
	mo_appt_new in = appt(ben, "drkim", "main", "follow_up",
			      "2026-11-24 10:00");
	pfx_snap before;
	mo_err e = {0};
	appts a;
	hook h = {0};
	in.room = "exam1";
	book_in(p, &in); /* 2: drkim, exam1 at 10:00 */
	book_ok(p, cy, "drlee", "main", "follow_up", "2026-11-24 11:00"); /* 3 */
	assert_string_equal(get(p, a1).room[0], "exam1");
	/* to a free time: the room is chosen again */
	before = pfx_snap_take(p, STATE);
	use_hook(p, &h);
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 10:00"),
				       NULL, &e), 0);
	assert_int_equal(h.calls, 1);
	assert_string_equal(h.action, "appointment.reschedule");
	assert_str_fact(&h, "time", "10:00");
	assert_int_equal(query_int(p, STATE[S_APPTS]), before.v[S_APPTS]);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.reschedule",
			  "appointment:1");
	a = get(p, a1);
	assert_int_equal(a.start[0], L("2026-11-24 10:00"));
	assert_int_equal(a.end[0], L("2026-11-24 10:20"));
	assert_string_equal(a.room[0], "exam2");
	assert_string_equal(a.provider[0], "drlee");
	assert_string_equal(a.status[0], "booked");
	/* over itself is fine */
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 10:10"),
				       NULL, &e), 0);
	/* into a conflict: refused, unchanged */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 11:00"),
				       NULL, &e), MO_EEXIST);
	assert_msg(e, "drlee is busy at 2026-11-24 11:00 with appointment 3");
	pfx_snap_same(p, &before);
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 10:00"),
				       "drkim", &e), MO_EEXIST);
	assert_msg(e, "drkim is busy at 2026-11-24 10:00 with appointment 2");
	pfx_snap_same(p, &before);
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-24 14:00");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 14:10"),
				       NULL, &e), MO_EEXIST);
	assert_msg(e, "patient 1 already has appointment 4 at 2026-11-24 14:00");
	pfx_snap_same(p, &before);
	a = get(p, a1);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(a.start[0], L("2026-11-24 10:10"));
	assert_string_equal(a.room[0], "exam2");
	/* every check of booking: hours, the past, the provider's types */
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 12:30"),
				       NULL, &e), MO_EINVAL);
	assert_msg(e, "drlee does not see patients at main then");
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-23 08:00"),
				       NULL, &e), MO_EINVAL);
	assert_msg(e, "in the past");
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 13:00"),
				       "drx", &e), MO_EINVAL);
	assert_msg(e, "provider: no provider \"drx\"");
	/* the rules may deny a move */
	h.deny = "appointment.reschedule";
	h.reason = "no moves today";
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 13:00"),
				       NULL, &e), MO_EDENIED);
	assert_msg(e, "no moves today");
	h.deny = NULL;
	pfx_snap_same(p, &before);
	/* to another provider */
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 13:00"),
				       "drkim", &e), 0);
	a = get(p, a1);
	assert_string_equal(a.provider[0], "drkim");
	assert_string_equal(a.room[0], "exam1");
	/* unknown, cancelled */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_move(p, "maria", 99, L("2026-11-24 13:00"),
				       NULL, &e), MO_ENOTFOUND);
	assert_msg(e, "no appointment 99");
	assert_int_equal(mo_sched_cancel(p, "maria", a1, "patient called",
					 &e), 0);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_move(p, "maria", a1, L("2026-11-24 14:00"),
				       NULL, &e), MO_EINVAL);
	assert_msg(e, "appointment 1 is cancelled; only a booked appointment "
		   "moves");
	pfx_snap_same(p, &before);
}

static void test_cancel(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t a1 = book_ok(p, ana, "drlee", "main", "follow_up",
			     "2026-11-24 09:00");
	pfx_snap before = pfx_snap_take(p, STATE);
	char reason[202];
	mo_err e = {0};
	appts a;
	assert_int_equal(mo_sched_cancel(p, "maria", a1, NULL, &e), MO_EINVAL);
	assert_msg(e, "cancel: a reason of 1 to 200 characters is required");
	assert_int_equal(mo_sched_cancel(p, "maria", a1, "", &e), MO_EINVAL);
	assert_msg(e, "cancel: a reason of 1 to 200 characters is required");
	memset(reason, 'r', 201);
	reason[201] = '\0';
	assert_int_equal(mo_sched_cancel(p, "maria", a1, reason, &e),
			 MO_EINVAL);
	assert_int_equal(mo_sched_cancel(p, "maria", 42, "x", &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no appointment 42");
	pfx_snap_same(p, &before);
	assert_string_equal(get(p, a1).status[0], "booked");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_cancel(p, "maria", a1, "patient is away",
					 &e), 0);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.cancel", "appointment:1");
	a = get(p, a1);
	assert_string_equal(a.status[0], "cancelled");
	assert_string_equal(a.reason[0], "patient is away");
	/* twice */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_cancel(p, "maria", a1, "again", &e),
			 MO_EINVAL);
	assert_msg(e, "appointment 1 is cancelled; only a booked appointment "
		   "is cancelled");
	pfx_snap_same(p, &before);
	/* the time is free again, for the provider and the patient */
	book_ok(p, ben, "drlee", "main", "follow_up", "2026-11-24 09:00");
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-24 09:00");
	/* an arrived appointment is not cancelled */
	assert_int_equal(mo_sched_status(p, "maria", 2, "arrived", &e), 0);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_cancel(p, "maria", 2, "late", &e),
			 MO_EINVAL);
	assert_msg(e, "appointment 2 is arrived");
	pfx_snap_same(p, &before);
	/* 200 characters are fine */
	reason[200] = '\0';
	assert_int_equal(mo_sched_cancel(p, "maria", 3, reason, &e), 0);
}

static void mark_ok(mo_practice *p, int64_t id, const char *status)
{
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(p, STATE);
	char record[32];
	if (mo_sched_status(p, "maria", id, status, &e))
		fail_msg("mark %lld %s: %s", (long long)id, status, e.msg);
	snprintf(record, sizeof record, "appointment:%lld", (long long)id);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", strcmp(status, "no_show") == 0
			  ? "appointment.no_show" : "appointment.check_in",
			  record);
	assert_string_equal(get(p, id).status[0], status);
}

static void mark_refused(mo_practice *p, int64_t id, const char *status,
			 const char *msg)
{
	mo_err e = {0};
	pfx_snap before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_status(p, "maria", id, status, &e),
			 MO_EINVAL);
	assert_msg(e, msg);
	pfx_snap_same(p, &before);
}

static void test_status(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t cy = add_patient(p, "Chen", "Cy", NULL);
	int64_t a1 = book_ok(p, ana, "drlee", "main", "follow_up",
			     "2026-11-24 09:00");
	int64_t a2 = book_ok(p, ben, "drkim", "main", "follow_up",
			     "2026-11-24 09:00");
	int64_t a3 = book_ok(p, cy, "drlee", "main", "follow_up",
			     "2026-11-24 10:00");
	int64_t a4 = book_ok(p, cy, "drlee", "main", "follow_up",
			     "2026-11-24 11:00");
	mo_err e = {0};
	/* before it starts: no no-show */
	mark_refused(p, a2, "no_show", "appointment 2: cannot mark it "
		     "no_show: it has not started yet");
	set_now("2026-11-24T14:59:59Z");
	mark_refused(p, a2, "no_show", "it has not started yet");
	/* at its start */
	set_now("2026-11-24T15:00:00Z");
	mark_ok(p, a2, "no_show");
	mark_refused(p, a2, "arrived", "the appointment is no_show");
	mark_refused(p, a2, "no_show", "the appointment is no_show");
	/* in order; backwards and repeats refused */
	mark_ok(p, a1, "arrived");
	mark_refused(p, a1, "no_show", "appointment 1: cannot mark it "
		     "no_show: the appointment is arrived");
	mark_refused(p, a1, "arrived", "the appointment is already arrived");
	mark_ok(p, a1, "roomed");
	mark_refused(p, a1, "arrived", "the appointment is already roomed");
	mark_ok(p, a1, "seen");
	mark_refused(p, a1, "roomed", "the appointment is already seen");
	mark_ok(p, a1, "checked_out");
	mark_refused(p, a1, "seen", "the appointment is already checked_out");
	mark_refused(p, a1, "no_show", "the appointment is checked_out");
	/* steps may be skipped forward */
	mark_ok(p, a3, "seen");
	mark_ok(p, a3, "checked_out");
	/* not a status; none; booked; a cancelled appointment; unknown */
	mark_refused(p, a4, "done", "appointment 4: cannot mark it done: "
		     "expected arrived, roomed, seen, checked_out or no_show");
	mark_refused(p, a4, "booked", "cannot mark it booked");
	mark_refused(p, a4, NULL, "appointment 4: cannot mark it : no status");
	assert_int_equal(mo_sched_cancel(p, "maria", a4, "sick", &e), 0);
	mark_refused(p, a4, "arrived", "the appointment is cancelled");
	mark_refused(p, a4, "no_show", "the appointment is cancelled");
	assert_int_equal(mo_sched_status(p, "maria", 99, "arrived", &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no appointment 99");
	/* a no-show frees the time (and its room) */
	assert_string_equal(get(p, book_ok(p, cy, "drkim", "main", "sick_visit",
					   "2026-11-24 09:05")).room[0], "exam2");
	/* "cancelled" is not a status mark takes (cancel does it): the
	 * message must not offer it */
	mark_refused(p, a3, "cancelled", "cannot mark it cancelled");
	if (mo_sched_status(p, "maria", a3, "cancelled", &e) &&
	    strstr(e.msg, "or cancelled"))
		fail_msg("refusing \"cancelled\", the message offers it: %s",
			 e.msg);
	set_now(NOW);
}

/* ==== reads ==== */

static void test_reads_audited(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", "3125550101");
	int64_t a1 = book_ok(p, ana, "drlee", "main", "follow_up",
			     "2026-11-24 09:00");
	appts c = {0};
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	char detail[512];
	/* get */
	get(p, a1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.read", "appointment:1");
	assert_int_equal(mo_sched_get(p, "drkim", a1, keep_appt, &c, &e), 0);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 2);
	assert_last_audit(p, "drkim", "appointment.read", "appointment:1");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_get(p, "maria", 77, keep_appt, &c, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no appointment 77");
	assert_int_equal(mo_sched_get(p, "bad actor", a1, keep_appt, &c, &e),
			 MO_EINVAL);
	assert_msg(e, "acting staff member");
	pfx_snap_same(p, &before);
	/* day, by provider and by location */
	c = day_of(p, "drlee", NULL, "2026-11-24", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.read", "schedule");
	last_audit(p, "detail", detail, sizeof detail);
	if (!strstr(detail, "schedule of drlee on 2026-11-24"))
		fail_msg("detail %s", detail);
	c = day_of(p, NULL, "main", "2026-11-24", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 2);
	c = day_of(p, "drkim", NULL, "2026-11-24", false);
	assert_int_equal(c.n, 0);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 3);
	/* lists */
	before = pfx_snap_take(p, STATE);
	c = (appts){0};
	assert_int_equal(mo_sched_list(p, "maria", "reminders", D("2026-11-24"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_last_audit(p, "maria", "appointment.read", "reminders");
	assert_int_equal(mo_sched_list(p, "drlee", "reschedule", D("2026-11-23"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 2);
	assert_last_audit(p, "drlee", "appointment.read", "reschedule");
	/* refusals read nothing and write nothing */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_sched_list(p, "maria", "recalls", D("2026-11-24"),
				       keep_appt, &c, &e), MO_EINVAL);
	assert_msg(e, "list: expected reminders or reschedule, got "
		   "\"recalls\"");
	assert_int_equal(mo_sched_day(p, "maria", NULL, NULL, D("2026-11-24"),
				      false, keep_appt, &c, &e), MO_EINVAL);
	assert_msg(e, "schedule: give a provider or a location");
	assert_int_equal(mo_sched_day(p, "maria", "drlee", "main",
				      D("2026-11-24"), false, keep_appt, &c,
				      &e), MO_EINVAL);
	assert_int_equal(mo_sched_day(p, "maria", "drx", NULL, D("2026-11-24"),
				      false, keep_appt, &c, &e), MO_EINVAL);
	assert_msg(e, "provider: no provider \"drx\"");
	assert_int_equal(mo_sched_day(p, "maria", NULL, "south",
				      D("2026-11-24"), false, keep_appt, &c,
				      &e), MO_EINVAL);
	assert_msg(e, "location: no location \"south\"");
	pfx_snap_same(p, &before);
}

static void test_day_lists(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", "3125550101");
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t cy = add_patient(p, "Chen", "Cy", "3125550103");
	int64_t a1 = book_ok(p, ana, "drlee", "main", "follow_up",
			     "2026-11-24 10:00");
	int64_t a2 = book_ok(p, ben, "drkim", "main", "follow_up",
			     "2026-11-24 09:00");
	int64_t a3 = book_ok(p, cy, "drlee", "main", "follow_up",
			     "2026-11-24 08:00");
	int64_t a4 = book_ok(p, cy, "drlee", "main", "follow_up",
			     "2026-11-25 08:00");
	int64_t a5 = book_ok(p, ben, "drlee", "north", "follow_up",
			     "2026-11-28 09:00");
	mo_err e = {0};
	appts c;
	(void)a5;
	/* drlee on Tuesday: by start, with names and phones */
	c = day_of(p, "drlee", NULL, "2026-11-24", false);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], a3);
	assert_int_equal(c.id[1], a1);
	assert_string_equal(c.name[0], "Chen, Cy");
	assert_string_equal(c.phone[0], "3125550103");
	assert_string_equal(c.name[1], "Garcia, Ana");
	/* main on Tuesday: both providers; north on Saturday */
	c = day_of(p, NULL, "main", "2026-11-24", false);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.id[0], a3);
	assert_int_equal(c.id[1], a2);
	assert_int_equal(c.id[2], a1);
	assert_string_equal(c.name[1], "Brown, Ben");
	assert_string_equal(c.phone[1], "(null)");
	assert_int_equal(day_of(p, NULL, "north", "2026-11-28", false).n, 1);
	assert_int_equal(day_of(p, "drlee", NULL, "2026-11-28", false).n, 1);
	assert_int_equal(day_of(p, NULL, "main", "2026-11-28", false).n, 0);
	/* cancelled ones only with all */
	assert_int_equal(mo_sched_cancel(p, "maria", a1, "moved away", &e), 0);
	c = day_of(p, "drlee", NULL, "2026-11-24", false);
	assert_int_equal(c.n, 1);
	c = day_of(p, "drlee", NULL, "2026-11-24", true);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.status[1], "cancelled");
	assert_string_equal(c.reason[1], "moved away");
	/* reminders: the booked ones of the day (not cancelled, arrived) */
	set_now("2026-11-24T15:00:00Z");
	assert_int_equal(mo_sched_status(p, "maria", a2, "arrived", &e), 0);
	c = (appts){0};
	assert_int_equal(mo_sched_list(p, "maria", "reminders", D("2026-11-24"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], a3);
	assert_string_equal(c.name[0], "Chen, Cy");
	assert_string_equal(c.phone[0], "3125550103");
	c = (appts){0};
	assert_int_equal(mo_sched_list(p, "maria", "reminders", D("2026-11-25"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], a4);
	/* reschedule: flagged for a call, booked, from the day on */
	exec_sql(p, "UPDATE appointment SET needs_call = 1 WHERE id IN (4, 5)");
	c = (appts){0};
	assert_int_equal(mo_sched_list(p, "maria", "reschedule", D("2026-11-24"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], a4);
	assert_true(c.call[0]);
	c = (appts){0};
	assert_int_equal(mo_sched_list(p, "maria", "reschedule", D("2026-11-26"),
				       keep_appt, &c, &e), 0);
	assert_int_equal(c.n, 1);
	set_now(NOW);
}

/* ==== time zones: the days the clocks change ==== */

static void test_dst_spring(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t us, sat, sun1, sun2, mon;
	mo_appt_new in;
	mo_err e = {0};
	appts c;
	/* 02:30 on 2027-03-14 does not exist: strict conversion refuses */
	assert_int_equal(mo_tz_to_utc(ZONE, D("2027-03-14"), 2 * 3600 + 1800,
				      MO_TZ_STRICT, &us, &e), MO_EINVAL);
	/* drsun late Saturday, early and late Sunday, early Monday */
	sat = book_ok(p, ana, "drsun", "north", "sick_visit",
		      "2027-03-13 23:30");
	sun1 = book_ok(p, ana, "drsun", "north", "sick_visit",
		       "2027-03-14 01:30");
	sun2 = book_ok(p, ana, "drsun", "north", "sick_visit",
		       "2027-03-14 23:30");
	mon = book_ok(p, ana, "drsun", "north", "sick_visit",
		      "2027-03-15 00:30");
	assert_int_equal(get(p, sun1).start[0], U("2027-03-14T07:30:00Z"));
	assert_int_equal(get(p, sun2).start[0], U("2027-03-15T04:30:00Z"));
	assert_int_equal(get(p, mon).start[0], U("2027-03-15T05:30:00Z"));
	/* the 23-hour day holds exactly its own two */
	c = day_of(p, "drsun", NULL, "2027-03-14", false);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], sun1);
	assert_int_equal(c.id[1], sun2);
	c = day_of(p, NULL, "north", "2027-03-14", false);
	assert_int_equal(c.n, 2);
	c = day_of(p, "drsun", NULL, "2027-03-13", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], sat);
	c = day_of(p, "drsun", NULL, "2027-03-15", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], mon);
	/* 01:45 + 15 minutes ends at 03:00 (daylight time), the session's
	 * end; 01:50 would end at 03:05, after it */
	in = appt(ana, "drsun", "north", "sick_visit", "2027-03-14 01:50");
	refused(p, &in, MO_EINVAL, "drsun does not see patients at north then");
	book_ok(p, ana, "drsun", "north", "sick_visit", "2027-03-14 01:45");
}

/* The slots of drsun on the spring-forward day: 01:00-03:00 is one hour
 * of wall-clock time that day; no slot starts in the gap and none runs
 * past 03:00. */
static void test_dst_spring_find(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("sick_visit", "2027-03-14", "2027-03-14", 50);
	slots s;
	q.provider = "drsun";
	s = find(p, &q);
	assert_int_equal(s.n, 7);
	assert_slot(&s, 0, "drsun", "2027-03-14 01:00");
	assert_slot(&s, 3, "drsun", "2027-03-14 01:45");
	assert_slot(&s, 4, "drsun", "2027-03-14 23:00");
	assert_slot(&s, 6, "drsun", "2027-03-14 23:30");
	for (int i = 0; i < s.n; i++)
		assert_int_equal(s.end[i] - s.start[i], 15 * 60 * 1000000LL);
	/* 40 minutes: 01:00-01:40, then 01:40 would end at 03:20 */
	q.visit_type = "new_patient";
	s = find(p, &q);
	assert_slot(&s, 0, "drsun", "2027-03-14 01:00");
	assert_slot(&s, 1, "drsun", "2027-03-14 23:00");
	assert_int_equal(s.n, 2);
}

static void test_dst_fall(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	int64_t us, sat, first, second, late, mon;
	mo_appt_new in;
	mo_err e = {0};
	appts c;
	set_now("2026-10-26T15:00:00Z");
	/* 01:30 on 2026-11-01 happens twice: the first is meant */
	assert_int_equal(mo_tz_to_utc(ZONE, D("2026-11-01"), 5400, MO_TZ_STRICT,
				      &us, &e), 0);
	assert_int_equal(us, U("2026-11-01T06:30:00Z"));
	sat = book_ok(p, ana, "drsun", "north", "sick_visit",
		      "2026-10-31 23:30");
	first = book_ok(p, ana, "drsun", "north", "follow_up",
			"2026-11-01 01:30");
	assert_int_equal(get(p, first).start[0], U("2026-11-01T06:30:00Z"));
	assert_int_equal(get(p, first).end[0], U("2026-11-01T06:50:00Z"));
	/* the second 01:30 (standard time) is another instant, free */
	in = appt(ben, "drsun", "north", "follow_up", NULL);
	in.start_us = U("2026-11-01T07:30:00Z");
	second = book_in(p, &in);
	late = book_ok(p, ana, "drsun", "north", "sick_visit",
		       "2026-11-01 23:30");
	mon = book_ok(p, ana, "drsun", "north", "sick_visit",
		      "2026-11-02 00:30");
	assert_int_equal(get(p, late).start[0], U("2026-11-02T05:30:00Z"));
	/* the 25-hour day holds exactly its own three */
	c = day_of(p, "drsun", NULL, "2026-11-01", false);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.id[0], first);
	assert_int_equal(c.id[1], second);
	assert_int_equal(c.id[2], late);
	assert_int_equal(day_of(p, NULL, "north", "2026-11-01", false).n, 3);
	c = day_of(p, "drsun", NULL, "2026-10-31", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], sat);
	c = day_of(p, "drsun", NULL, "2026-11-02", false);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], mon);
	/* the first 01:30 taken: the provider is busy then */
	in = appt(ben, "drsun", "north", "sick_visit", "2026-11-01 01:35");
	refused(p, &in, MO_EEXIST, "drsun is busy at 2026-11-01 01:30 with "
		"appointment 2");
	set_now(NOW);
}

/* ==== finding time ==== */

static void test_find_first(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 4);
	pfx_snap before = pfx_snap_take(p, STATE);
	slots s = find(p, &q);
	/* 08:00-08:55 is past; at 09:00 both, in practice.yaml order */
	assert_int_equal(s.n, 4);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:00");
	assert_slot(&s, 1, "drkim", "2026-11-23 09:00");
	assert_slot(&s, 2, "drlee", "2026-11-23 09:20");
	assert_slot(&s, 3, "drkim", "2026-11-23 09:20");
	assert_string_equal(s.location[0], "main");
	assert_string_equal(s.room[0], "exam1");
	assert_int_equal(s.end[0], L("2026-11-23 09:20"));
	/* first available */
	q.limit = 1;
	s = find(p, &q);
	assert_int_equal(s.n, 1);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:00");
	/* a search writes nothing */
	pfx_snap_same(p, &before);
	/* tomorrow: drlee from 08:00 */
	q = query("follow_up", "2026-11-24", "2026-11-30", 1);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-24 08:00");
}

static void test_find_filters(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 2);
	slots s;
	/* part of day */
	q.part = MO_PART_AFTERNOON;
	s = find(p, &q);
	assert_int_equal(s.n, 2);
	assert_slot(&s, 0, "drlee", "2026-11-23 13:00");
	assert_slot(&s, 1, "drkim", "2026-11-23 13:00");
	q.part = MO_PART_MORNING;
	q.limit = 50;
	s = find(p, &q);
	assert_int_equal(s.n, 18); /* drlee 09:00-11:40, drkim the same */
	for (int i = 0; i < s.n; i++)
		assert_true(s.start[i] < L("2026-11-23 12:00"));
	/* location */
	q = query("follow_up", "2026-11-23", "2026-12-31", 1);
	q.location = "north";
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-28 09:00");
	assert_string_equal(s.location[0], "north");
	assert_string_equal(s.room[0], "nexam");
	/* provider */
	q = query("follow_up", "2026-11-24", "2026-12-31", 1);
	q.provider = "drkim";
	s = find(p, &q);
	assert_slot(&s, 0, "drkim", "2026-11-24 09:00");
	/* a visit type drkim does not see: never drkim */
	q = query("new_patient", "2026-11-23", "2026-11-27", 50);
	s = find(p, &q);
	assert_int_equal(s.n, 40); /* Mon 10, Tue 12, Wed 12, Fri 6 */
	for (int i = 0; i < s.n; i++)
		assert_string_equal(s.provider[i], "drlee");
	q.provider = "drkim";
	assert_int_equal(find(p, &q).n, 0);
	/* the procedure room */
	q = query("procedure", "2026-11-24", "2026-11-24", 1);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-24 08:00");
	assert_string_equal(s.room[0], "proc1");
}

static void test_find_conflicts(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 1);
	slots s;
	q.provider = "drlee";
	/* the patient's visit with drkim at 09:00 */
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-23 09:00");
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:00");
	q.patient = ana;
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:20");
	/* a block 09:00-10:00 */
	q.patient = 0;
	add_block(p, "drlee", NULL, "meeting", "Huddle", "2026-11-23", "09:00",
		  "10:00", 0, NULL);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 10:00");
	/* time out until noon */
	add_out(p, "drlee", L("2026-11-23 10:00"), L("2026-11-23 12:00"),
		"errand", false);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 13:00");
	/* drlee's own appointment at 13:00 */
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-23 13:00");
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 13:20");
}

static void test_find_rooms(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	int64_t ben = add_patient(p, "Brown", "Ben", NULL);
	mo_appt_new in = appt(ben, "drkim", "main", "follow_up",
			      "2026-11-23 09:00");
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 1);
	slots s;
	q.provider = "drlee";
	/* drkim in both exam rooms 09:00-09:20 */
	book_ok(p, ana, "drkim", "main", "follow_up", "2026-11-23 09:00");
	in.double_book = true;
	book_in(p, &in);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:20");
	assert_string_equal(s.room[0], "exam1");
	/* the procedure room is another kind: free at 09:00 */
	q.visit_type = "procedure";
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 09:00");
	assert_string_equal(s.room[0], "proc1");
}

/* A search for one provider reads the rooms of every location where it
 * may see the visit that day, extra hours included: drkim's Saturday at
 * north, whose one exam room drlee holds at 09:00. */
static void test_find_extra_hours_rooms(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	mo_hours_new h = {"drkim", "north", D("2026-11-28"), 9 * 3600,
			  12 * 3600, NULL, 0};
	mo_slot_query q = query("follow_up", "2026-11-28", "2026-11-28", 2);
	mo_err e = {0};
	int64_t id;
	slots s;
	q.provider = "drkim";
	if (mo_hours_add(p, "maria", &h, &id, &e))
		fail_msg("hours: %s", e.msg);
	s = find(p, &q);
	assert_slot(&s, 0, "drkim", "2026-11-28 09:00");
	assert_string_equal(s.location[0], "north");
	book_ok(p, ana, "drlee", "north", "follow_up", "2026-11-28 09:00");
	s = find(p, &q);
	assert_slot(&s, 0, "drkim", "2026-11-28 09:20");
	assert_string_equal(s.room[0], "nexam");
}

static void test_find_holiday_rules_limit(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("follow_up", "2026-11-26", "2026-11-26", 50);
	hook h = {.deny_before = 10, .reason = "mornings held",
		  .rule = "sick hold"};
	slots s;
	/* Thanksgiving: nothing; the first slot is on Friday */
	assert_int_equal(find(p, &q).n, 0);
	q = query("follow_up", "2026-11-26", "2026-11-30", 1);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-27 08:00");
	/* the rules: slots before 10:00 denied, and skipped */
	use_hook(p, &h);
	q = query("follow_up", "2026-11-23", "2026-11-23", 3);
	s = find(p, &q);
	assert_int_equal(s.n, 3);
	assert_slot(&s, 0, "drlee", "2026-11-23 10:00");
	assert_slot(&s, 1, "drkim", "2026-11-23 10:00");
	assert_slot(&s, 2, "drlee", "2026-11-23 10:20");
	assert_true(h.book_calls >= 3);
	assert_string_equal(h.action, "appointment.book");
	assert_string_equal(h.actor, "maria");
	assert_str_fact(&h, "visit_type", "follow_up");
	assert_int_fact(&h, "patient", MO_FACT_INT, 0);
	mo_practice_set_hooks(p, NULL);
	/* limit: 0 means 50 */
	q = query("follow_up", "2026-11-23", "2026-12-31", 0);
	assert_int_equal(find(p, &q).n, 50);
	q.limit = 7;
	assert_int_equal(find(p, &q).n, 7);
}

static void test_find_no_overlap(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("follow_up", "2026-11-24", "2026-11-24", 50);
	slots s;
	q.provider = "drlee";
	s = find(p, &q);
	assert_int_equal(s.n, 24); /* 8 hours of 20 minutes */
	assert_slot(&s, 0, "drlee", "2026-11-24 08:00");
	assert_slot(&s, 1, "drlee", "2026-11-24 08:20");
	assert_slot(&s, 11, "drlee", "2026-11-24 11:40");
	assert_slot(&s, 12, "drlee", "2026-11-24 13:00");
	for (int i = 1; i < s.n; i++)
		assert_true(s.start[i] >= s.end[i - 1]);
	/* a block 08:00-08:10 moves the offers to 08:10, 08:30, ... */
	add_block(p, "drlee", NULL, "admin", "Charts", "2026-11-24", "08:00",
		  "08:10", 0, NULL);
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-24 08:10");
	assert_slot(&s, 1, "drlee", "2026-11-24 08:30");
	assert_slot(&s, 10, "drlee", "2026-11-24 11:30");
	assert_slot(&s, 11, "drlee", "2026-11-24 13:00");
	for (int i = 1; i < s.n; i++)
		assert_true(s.start[i] >= s.end[i - 1]);
}

/* A slot the rules deny is not offered, and does not hide the next
 * bookable start either: with drlee busy 09:30-09:45 and slots before
 * 10:00 denied, 10:00 is the first available (and is bookable). */
static void test_find_denied_slot_hides_none(void **state)
{
	mo_practice *p = P(state);
	int64_t ana = add_patient(p, "Garcia", "Ana", NULL);
	hook h = {.deny_before = 10, .reason = "held", .rule = "sick hold"};
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 3);
	slots s;
	book_ok(p, ana, "drlee", "main", "sick_visit", "2026-11-23 09:30");
	use_hook(p, &h);
	q.provider = "drlee";
	s = find(p, &q);
	assert_slot(&s, 0, "drlee", "2026-11-23 10:00");
	assert_slot(&s, 1, "drlee", "2026-11-23 10:20");
	book_ok(p, ana, "drlee", "main", "follow_up", "2026-11-23 10:00");
}

/* A session may end at 24:00 (practice.yaml allows "20:00-24:00"). */
static void test_find_midnight(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("sick_visit", "2026-11-29", "2026-11-29", 50);
	slots s = find(p, &q);
	/* drsun 01:00-02:45 (8) and 23:00-23:30 (3), drowl 20:00-23:45 (16) */
	assert_int_equal(s.n, 27);
	assert_slot(&s, 0, "drsun", "2026-11-29 01:00");
	assert_slot(&s, 8, "drowl", "2026-11-29 20:00");
	assert_slot(&s, 20, "drsun", "2026-11-29 23:00");
	assert_slot(&s, 21, "drowl", "2026-11-29 23:00");
	assert_slot(&s, 26, "drowl", "2026-11-29 23:45");
	assert_int_equal(s.end[26], L("2026-11-30 00:00"));
}

static void test_find_refused(void **state)
{
	mo_practice *p = P(state);
	mo_slot_query q = query("follow_up", "2026-11-23", "2026-11-23", 1);
	mo_err e = {0};
	slots s = {0};
	/* 367 days are fine, 368 are not */
	q.to_day = q.from_day + 366;
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e), 0);
	assert_int_equal(s.n, 1);
	q.to_day = q.from_day + 367;
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	assert_msg(e, "find: expected a range of 1 to 367 days, the first not "
		   "after the last");
	q.to_day = q.from_day - 1;
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	assert_msg(e, "find: expected a range");
	q = query("surgery", "2026-11-23", "2026-11-23", 1);
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	assert_msg(e, "visit type: no visit type \"surgery\" in practice.yaml");
	q.visit_type = NULL;
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	q = query("follow_up", "2026-11-23", "2026-11-23", 1);
	q.provider = "drx";
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	assert_msg(e, "provider: no provider \"drx\"");
	q.provider = NULL;
	q.location = "south";
	assert_int_equal(mo_sched_find(p, "maria", &q, keep_slot, &s, &e),
			 MO_EINVAL);
	assert_msg(e, "location: no location \"south\"");
	assert_int_equal(s.n, 1);
}

static void test_weekday(void **state)
{
	(void)state;
	assert_int_equal(mo_sched_weekday(0), 3);              /* Thursday */
	assert_int_equal(mo_sched_weekday(D("2026-11-23")), 0); /* Monday */
	assert_int_equal(mo_sched_weekday(D("2026-11-29")), 6);
	assert_int_equal(mo_sched_weekday(-1), 2);
	assert_int_equal(mo_sched_weekday(-4), 6);
}

/* The practice's today is its zone's date, and it turns at the local
 * midnight (a cached day must not outlive it, the clock moving either
 * way). */
static void test_practice_today(void **state)
{
	pfx_fixture *f = *state;
	char buf[11];
	set_now("2026-11-24T05:59:59Z"); /* 23:59:59 in Chicago */
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-23");
	mo_clock_shift(1000000);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-24");
	mo_clock_shift(-2000000);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-23");
	/* two days are cached: a third, then each of the others again */
	mo_clock_shift(86400000000LL + 2000000);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-25");
	mo_clock_shift(-86400000000LL);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-24");
	mo_clock_shift(-2000000);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-23");
	mo_clock_shift(86400000000LL + 2000000);
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2026-11-25");
	mo_clock_shift_reset();
	set_now("2027-03-14T07:30:00Z"); /* 01:30 CST, the night DST starts */
	assert_string_equal(mo_date_format(mo_practice_today(f->p), buf),
			    "2027-03-14");
	set_now(NOW);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_book),
		T(test_book_unknown),
		T(test_book_merged),
		T(test_book_visit_type_not_seen),
		T(test_book_when),
		T(test_book_block),
		T(test_book_out),
		T(test_book_conflicts),
		T(test_double_book),
		T(test_double_book_not_over_block),
		T(test_rules_deny_book),
		T(test_move),
		T(test_cancel),
		T(test_status),
		T(test_reads_audited),
		T(test_day_lists),
		T(test_dst_spring),
		T(test_dst_spring_find),
		T(test_dst_fall),
		T(test_find_first),
		T(test_find_filters),
		T(test_find_conflicts),
		T(test_find_extra_hours_rooms),
		T(test_find_rooms),
		T(test_find_holiday_rules_limit),
		T(test_find_no_overlap),
		T(test_find_midnight),
		T(test_find_denied_slot_hides_none),
		T(test_find_refused),
		T(test_practice_today),
		cmocka_unit_test(test_weekday),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
