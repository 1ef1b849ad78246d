/* test_audit.c: unit tests of core/audit.c, the hash-chained audit log:
 * refused entries first, then ids and chaining, verification of an intact
 * log, detection of tampering done with raw SQL after dropping the
 * append-only triggers (an edited field, a deleted entry in the middle or
 * at the end, a truncated log, a forged entry appended without updating
 * the head, a damaged head), listing with filters, MEDOFFICE_NOW; and of
 * core/clock.c, ISO instants parsed and formatted. It uses cmocka, an
 * in-memory database and libmd's SHA-256 to forge a well-chained entry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"

#include <sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audit.h"
#include "clock.h"


static const char ZEROS[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* ---- helpers ---- */

static mo_db *open_db(void)
{
	mo_db *db = NULL;
	mo_err e = {0};
	if (mo_db_open(":memory:", MO_DB_CREATE, &db, &e) != 0)
		fail_msg("open: %s", e.msg);
	return db;
}

static int64_t db_int(mo_db *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t v;
	if (sqlite3_prepare_v2(mo_db_sqlite(db), sql, -1, &st, NULL) !=
	    SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(mo_db_sqlite(db)));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void raw(mo_db *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(mo_db_sqlite(db), sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("raw SQL failed: %s\n%s", msg, sql);
}

static int64_t append(mo_db *db, int64_t at_us, const char *actor,
		      const char *record, const char *detail)
{
	mo_audit_entry a = {.at_us = at_us,
			    .actor = actor,
			    .action = "task.create",
			    .record = record,
			    .decision = "allowed (no rule applies)",
			    .detail = detail};
	mo_err e = {0};
	int64_t id = -1;
	if (mo_audit_append(db, &a, &id, &e) != 0)
		fail_msg("append: %s", e.msg);
	return id;
}

/* A database with n entries at 1000, 2000, ... µs, actors alternating
 * jdoe/asmith, records task:1..n; the append-only triggers dropped so
 * that tests can tamper with it. */
static mo_db *log_of(int n)
{
	mo_db *db = open_db();
	for (int i = 1; i <= n; i++) {
		char rec[32];
		snprintf(rec, sizeof rec, "task:%d", i);
		assert_int_equal(append(db, i * 1000, i % 2 ? "jdoe" : "asmith",
					rec, "{\"n\":1}"),
				 i);
	}
	raw(db, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
	return db;
}

static void verify_ok(mo_db *db, int64_t count)
{
	mo_audit_report r;
	mo_err e = {0};
	if (mo_audit_verify(db, &r, &e) != 0)
		fail_msg("verify: %s", e.msg);
	assert_int_equal(r.count, count);
	assert_int_equal(r.bad_id, 0);
	assert_int_equal(strlen(r.head), 64);
}

/* Verification must fail with MO_ECORRUPT naming bad_id (when > 0) and
 * a message containing msg. */
static void verify_bad(mo_db *db, int64_t bad_id, const char *msg)
{
	mo_audit_report r;
	mo_err e = {0};
	assert_int_equal(mo_audit_verify(db, &r, &e), MO_ECORRUPT);
	assert_int_equal(e.code, MO_ECORRUPT);
	if (bad_id > 0)
		assert_int_equal(r.bad_id, bad_id);
	assert_msg(e, msg);
}

/* ---- append: refused entries ---- */

static void test_append_invalid(void **state)
{
	mo_db *db = open_db();
	const mo_audit_entry good = {.actor = "jdoe",
				     .action = "task.create",
				     .record = "task:1",
				     .decision = "allowed"};
	mo_audit_entry a;
	mo_err e = {0};
	int64_t id = -7;
	(void)state;
#define REFUSE(field, value)                                                \
	do {                                                                \
		a = good;                                                   \
		a.field = value;                                            \
		assert_int_equal(mo_audit_append(db, &a, &id, &e), MO_EINVAL); \
		assert_int_equal(e.code, MO_EINVAL);                        \
		assert_msg(e, "audit entry needs an actor, an action, a "   \
			      "record and a decision");                     \
		assert_int_equal(id, -7);                                   \
	} while (0)
	REFUSE(actor, NULL);
	REFUSE(actor, "");
	REFUSE(action, NULL);
	REFUSE(action, "");
	REFUSE(record, NULL);
	REFUSE(record, "");
	REFUSE(decision, NULL);
	REFUSE(decision, "");
#undef REFUSE
	/* nothing was written, no transaction left open */
	assert_int_equal(db_int(db, "SELECT count(*) FROM audit"), 0);
	assert_int_equal(db_int(db, "SELECT count(*) FROM meta"), 0);
	assert_int_equal(mo_db_tx_depth(db), 0);
	/* a NULL error buffer is allowed */
	a = good;
	a.actor = NULL;
	assert_int_equal(mo_audit_append(db, &a, NULL, NULL), MO_EINVAL);
	verify_ok(db, 0);
	mo_db_close(db);
}

static void test_append_damaged_head(void **state)
{
	mo_db *db = log_of(2);
	mo_audit_entry a = {.actor = "jdoe", .action = "task.create",
			    .record = "task:3", .decision = "allowed"};
	mo_err e = {0};
	(void)state;
	raw(db, "UPDATE meta SET value = 'garbage' WHERE key = 'audit_head'");
	assert_int_equal(mo_audit_append(db, &a, NULL, &e), MO_ECORRUPT);
	assert_msg(e, "audit head is damaged");
	assert_int_equal(db_int(db, "SELECT count(*) FROM audit"), 2);
	assert_int_equal(mo_db_tx_depth(db), 0);
	verify_bad(db, 0, "audit head is damaged");
	mo_db_close(db);
}

/* ---- append and verify ---- */

static void test_verify_empty(void **state)
{
	mo_db *db = open_db();
	mo_audit_report r;
	mo_err e = {0};
	(void)state;
	memset(&r, 0x55, sizeof r);
	assert_int_equal(mo_audit_verify(db, &r, &e), 0);
	assert_int_equal(r.count, 0);
	assert_int_equal(r.bad_id, 0);
	assert_string_equal(r.head, ZEROS);
	mo_db_close(db);
}

typedef struct collected {
	int n;
	int64_t id[16], at[16];
	char actor[16][16], record[16][16], detail[16][64], decision[16][64];
	char prev[16][65], hash[16][65];
	int stop_after; /* return 1 after this many; 0 = never */
} collected;

static int collect(void *ud, const mo_audit_entry *a)
{
	collected *c = ud;
	int i = c->n++;
	assert_true(i < 16);
	c->id[i] = a->id;
	c->at[i] = a->at_us;
	snprintf(c->actor[i], sizeof c->actor[i], "%s", a->actor);
	snprintf(c->record[i], sizeof c->record[i], "%s", a->record);
	snprintf(c->detail[i], sizeof c->detail[i], "%s", a->detail);
	snprintf(c->decision[i], sizeof c->decision[i], "%s", a->decision);
	snprintf(c->prev[i], sizeof c->prev[i], "%s", a->prev);
	snprintf(c->hash[i], sizeof c->hash[i], "%s", a->hash);
	return c->stop_after && c->n == c->stop_after ? 1 : 0;
}

static void test_append_ids_and_chain(void **state)
{
	mo_db *db = open_db();
	mo_audit_report r;
	collected c = {0};
	mo_err e = {0};
	(void)state;
	for (int i = 1; i <= 5; i++)
		assert_int_equal(append(db, 0, "jdoe", "task:1",
					i == 3 ? NULL : "{\"x\":2}"),
				 i);
	/* the id pointer is optional */
	{
		mo_audit_entry a = {.actor = "system", .action = "task.cancel",
				    .record = "practice", .decision = "allowed"};
		assert_int_equal(mo_audit_append(db, &a, NULL, &e), 0);
	}
	assert_int_equal(mo_db_tx_depth(db), 0);
	assert_int_equal(mo_audit_list(db, NULL, collect, &c, &e), 0);
	assert_int_equal(c.n, 6);
	for (int i = 0; i < 6; i++) {
		assert_int_equal(c.id[i], i + 1);
		assert_int_equal(strlen(c.hash[i]), 64);
		assert_string_equal(c.prev[i], i ? c.hash[i - 1] : ZEROS);
		assert_true(c.at[i] > 0); /* 0 means now */
	}
	assert_string_equal(c.detail[2], "{}"); /* NULL detail */
	assert_string_equal(c.detail[0], "{\"x\":2}");
	assert_string_not_equal(c.hash[0], c.hash[1]);
	assert_int_equal(mo_audit_verify(db, &r, &e), 0);
	assert_int_equal(r.count, 6);
	assert_int_equal(r.bad_id, 0);
	assert_string_equal(r.head, c.hash[5]);
	mo_db_close(db);
}

static void test_append_in_caller_transaction(void **state)
{
	mo_db *db = open_db();
	mo_err e = {0};
	(void)state;
	append(db, 0, "jdoe", "task:1", NULL);
	/* an entry appended in a transaction that is rolled back vanishes
	 * with its head update */
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:2", NULL), 2);
	assert_int_equal(mo_db_tx_depth(db), 1);
	mo_db_rollback(db);
	assert_int_equal(db_int(db, "SELECT count(*) FROM audit"), 1);
	verify_ok(db, 1);
	/* and the next id is 2 again */
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:2", NULL), 2);
	assert_int_equal(mo_db_commit(db, &e), 0);
	verify_ok(db, 2);
	mo_db_close(db);
}

/* The head is kept for the transaction and written once at its commit:
 * meta lags inside it, the count does not, and a savepoint rolled back
 * after appends leaves the chain on its last surviving entry. */
static void test_append_nested_levels(void **state)
{
	mo_db *db = open_db();
	mo_err e = {0};
	int64_t n = 0;
	(void)state;
	append(db, 0, "jdoe", "task:1", NULL);
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:2", NULL), 2);
	assert_int_equal(db_int(db, "SELECT CAST(value AS INTEGER) FROM meta "
				"WHERE key = 'audit_head'"), 1);
	assert_int_equal(mo_audit_count(db, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:3", NULL), 3);
	assert_int_equal(append(db, 0, "jdoe", "task:4", NULL), 4);
	mo_db_rollback(db); /* entries 3 and 4 go */
	assert_int_equal(mo_audit_count(db, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "asmith", "task:5", NULL), 3);
	assert_int_equal(mo_db_commit(db, &e), 0);
	assert_int_equal(mo_db_commit(db, &e), 0);
	assert_int_equal(db_int(db, "SELECT CAST(value AS INTEGER) FROM meta "
				"WHERE key = 'audit_head'"), 3);
	verify_ok(db, 3);
	/* a rollback after the last append, before the commit */
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:6", NULL), 4);
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(append(db, 0, "jdoe", "task:7", NULL), 5);
	mo_db_rollback(db);
	assert_int_equal(mo_db_commit(db, &e), 0);
	verify_ok(db, 4);
	/* a transaction with nothing appended leaves the head alone */
	assert_int_equal(mo_db_begin(db, &e), 0);
	assert_int_equal(mo_db_commit(db, &e), 0);
	verify_ok(db, 4);
	mo_db_close(db);
}

/* ---- tampering ---- */

static void test_tamper_field(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit SET actor = 'mallory' WHERE id = 3",
		"UPDATE audit SET action = 'task.cancel' WHERE id = 3",
		"UPDATE audit SET record = 'task:99' WHERE id = 3",
		"UPDATE audit SET decision = 'denied' WHERE id = 3",
		"UPDATE audit SET detail = '{\"n\":2}' WHERE id = 3",
		"UPDATE audit SET at_us = at_us + 1 WHERE id = 3",
		"UPDATE audit SET hash = (SELECT hash FROM audit WHERE id = 2) "
		"WHERE id = 3",
		NULL,
	};
	(void)state;
	for (int i = 0; edits[i]; i++) {
		mo_db *db = log_of(5);
		verify_ok(db, 5);
		raw(db, edits[i]);
		verify_bad(db, 3, "audit entry 3 was changed after it was "
				  "written");
		mo_db_close(db);
	}
	/* a broken link names the entry that no longer chains */
	{
		mo_db *db = log_of(5);
		raw(db, "UPDATE audit SET prev = hash WHERE id = 4");
		verify_bad(db, 4, "audit entry 4 does not chain to entry 3");
		mo_db_close(db);
	}
}

static void test_tamper_delete_middle(void **state)
{
	mo_db *db = log_of(5);
	(void)state;
	raw(db, "DELETE FROM audit WHERE id = 3");
	verify_bad(db, 4, "audit entry 4 follows entry 2");
	mo_db_close(db);
	/* the first entry */
	db = log_of(5);
	raw(db, "DELETE FROM audit WHERE id = 1");
	verify_bad(db, 2, "audit entry 2 follows entry 0");
	mo_db_close(db);
	/* renumbering after the deletion does not help: the chain breaks */
	db = log_of(5);
	raw(db, "DELETE FROM audit WHERE id = 3;"
		"UPDATE audit SET id = id - 1 WHERE id > 3;");
	verify_bad(db, 3, "audit entry 3");
	mo_db_close(db);
}

static void test_tamper_delete_last(void **state)
{
	mo_db *db = log_of(5);
	(void)state;
	raw(db, "DELETE FROM audit WHERE id = 5");
	verify_bad(db, 0, "the audit log has 4 entries but 5 were recorded");
	mo_db_close(db);
	/* everything */
	db = log_of(5);
	raw(db, "DELETE FROM audit");
	verify_bad(db, 0, "the audit log has 0 entries but 5 were recorded");
	mo_db_close(db);
}

/* SHA-256 of the length-prefixed fields, as audit.c chains them. */
static void forge_hash(int64_t id, int64_t at, const char *const f[6],
		       char out[65])
{
	SHA2_CTX md;
	char num[48], len[24];
	const char *parts[7];
	snprintf(num, sizeof num, "%lld/%lld", (long long)id, (long long)at);
	parts[0] = f[0]; /* prev */
	parts[1] = num;
	for (int i = 1; i < 6; i++)
		parts[i + 1] = f[i];
	SHA256Init(&md);
	for (int i = 0; i < 7; i++) {
		snprintf(len, sizeof len, "%zu:", strlen(parts[i]));
		SHA256Update(&md, (const uint8_t *)len, strlen(len));
		SHA256Update(&md, (const uint8_t *)parts[i], strlen(parts[i]));
	}
	SHA256End(&md, out);
}

static void test_tamper_forged_append(void **state)
{
	mo_db *db = log_of(5);
	mo_audit_report r;
	mo_err e = {0};
	char sql[1024], prev[65], hash[65];
	(void)state;
	/* a crude forgery */
	raw(db, "INSERT INTO audit SELECT 6, at_us + 1, actor, action, record,"
		" decision, detail, hash, hash FROM audit WHERE id = 5");
	verify_bad(db, 6, "audit entry 6 was changed");
	mo_db_close(db);

	/* a well-chained forgery (the attacker knows the scheme) is caught
	 * by the head kept in meta */
	db = log_of(5);
	assert_int_equal(mo_audit_verify(db, &r, &e), 0);
	snprintf(prev, sizeof prev, "%s", r.head);
	{
		const char *f[6] = {prev, "mallory", "task.create", "task:6",
				    "allowed (no rule applies)", "{}"};
		forge_hash(6, 6000, f, hash);
	}
	snprintf(sql, sizeof sql, "INSERT INTO audit VALUES(6, 6000, "
		 "'mallory', 'task.create', 'task:6', 'allowed (no rule "
		 "applies)', '{}', '%s', '%s')", prev, hash);
	raw(db, sql);
	verify_bad(db, 0, "the audit log has 6 entries but 5 were recorded");
	/* the forged entry itself chains: the scheme was copied right, so
	 * it is the head that caught it */
	raw(db, "UPDATE meta SET value = '6 ' || (SELECT hash FROM audit "
		"WHERE id = 6) WHERE key = 'audit_head'");
	verify_ok(db, 6);
	mo_db_close(db);
}

/* ---- list ---- */

static void test_list_filters(void **state)
{
	mo_db *db = log_of(6); /* jdoe: 1, 3, 5; asmith: 2, 4, 6 */
	mo_audit_filter f = {0};
	collected c = {0};
	mo_err e = {0};
	(void)state;
	append(db, 7000, "jdoe", "task:2", NULL); /* 7 */

	f.actor = "jdoe";
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 4);
	assert_int_equal(c.id[0], 1);
	assert_int_equal(c.id[3], 7);
	for (int i = 0; i < c.n; i++)
		assert_string_equal(c.actor[i], "jdoe");

	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){.record = "task:2"};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], 2);
	assert_int_equal(c.id[1], 7);

	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){.since_us = 4000};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 4); /* at or after: 4, 5, 6, 7 */
	assert_int_equal(c.id[0], 4);

	/* limit keeps the newest, listed oldest first */
	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){.limit = 2};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], 6);
	assert_int_equal(c.id[1], 7);

	/* all together */
	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){.actor = "jdoe", .since_us = 2000, .limit = 2};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], 5);
	assert_int_equal(c.id[1], 7);

	/* nothing matches */
	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){.actor = "nobody"};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 0);

	/* an empty filter and a NULL one list everything */
	memset(&c, 0, sizeof c);
	f = (mo_audit_filter){0};
	assert_int_equal(mo_audit_list(db, &f, collect, &c, &e), 0);
	assert_int_equal(c.n, 7);
	assert_string_equal(c.decision[0], "allowed (no rule applies)");
	assert_string_equal(c.detail[0], "{\"n\":1}");

	/* a callback's non-zero return stops the walk and is returned */
	memset(&c, 0, sizeof c);
	c.stop_after = 3;
	assert_int_equal(mo_audit_list(db, NULL, collect, &c, &e), 1);
	assert_int_equal(c.n, 3);
	mo_db_close(db);
}

/* ---- MEDOFFICE_NOW ---- */

static void test_fixed_clock(void **state)
{
	mo_db *db = open_db();
	collected c = {0};
	mo_err e = {0};
	int64_t want = 0, now;
	(void)state;
	assert_int_equal(mo_clock_parse_us("2026-11-23T09:00:00Z", &want, &e),
			 0);
	assert_int_equal(setenv("MEDOFFICE_NOW", "2026-11-23T09:00:00Z", 1), 0);
	assert_int_equal(mo_clock_now_us(), want);
	append(db, 0, "jdoe", "task:1", NULL);
	append(db, 0, "jdoe", "task:2", NULL);
	/* an explicit at_us is kept */
	append(db, 42, "jdoe", "task:3", NULL);
	/* an unreadable value falls back to the real clock */
	assert_int_equal(setenv("MEDOFFICE_NOW", "tomorrow", 1), 0);
	now = mo_clock_now_us();
	assert_true(now > (int64_t)time(NULL) * 1000000 - 60000000);
	assert_true(now < (int64_t)time(NULL) * 1000000 + 60000000);
	unsetenv("MEDOFFICE_NOW");
	assert_int_equal(mo_audit_list(db, NULL, collect, &c, &e), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.at[0], want);
	assert_int_equal(c.at[1], want);
	assert_int_equal(c.at[2], 42);
	verify_ok(db, 3);
	mo_db_close(db);
}

/* ---- clock ---- */

static void parse_bad(const char *s)
{
	int64_t us = 12345;
	mo_err e = {0};
	if (mo_clock_parse_us(s, &us, &e) != MO_EINVAL)
		fail_msg("\"%s\" was accepted as %lld", s, (long long)us);
	assert_int_equal(e.code, MO_EINVAL);
	assert_msg(e, "expected a date \"YYYY-MM-DD\" or a UTC instant");
	assert_int_equal(us, 12345); /* untouched */
}

static void test_clock_parse_bad(void **state)
{
	static const char *const bad[] = {
		"", "2026", "2026-11-2", "2026-11-23 09:00Z",
		"2026-11-23T09:00", "2026-11-23T09:00:00", "2026-11-23T9:00Z",
		"2026-11-23T09:0Z", "2026-11-23T09:00:0Z", "2026-11-23T24:00Z",
		"2026-11-23T09:60Z", "2026-11-23T09:00:60Z",
		"2026-11-23T09:00:00.Z", "2026-11-23T09:00:00.1234567Z",
		"2026-11-23T09:00:00+01:00", "2026-11-23T09:00:00z",
		"2026-11-23T09:00:00Z ", " 2026-11-23", "2026-11-23X",
		"2026-13-01", "2026-02-29", "2026-02-30T00:00Z", "1899-12-31",
		"2026/11/23", "2026-11-23T", "2026-11-23T09:00ZZ", "T09:00Z",
		NULL,
	};
	(void)state;
	for (int i = 0; bad[i]; i++)
		parse_bad(bad[i]);
	/* a NULL error buffer is allowed */
	{
		int64_t us;
		assert_int_equal(mo_clock_parse_us("nope", &us, NULL), MO_EINVAL);
	}
}

static void round_trip(const char *in, int64_t want, const char *shown)
{
	char buf[32];
	int64_t us = -1, again = -1;
	mo_err e = {0};
	if (mo_clock_parse_us(in, &us, &e) != 0)
		fail_msg("\"%s\" refused: %s", in, e.msg);
	assert_int_equal(us, want);
	assert_string_equal(mo_clock_format_us(us, buf), shown);
	assert_int_equal(mo_clock_parse_us(buf, &again, &e), 0);
	assert_int_equal(again, us);
}

static void test_clock_round_trip(void **state)
{
	(void)state;
	round_trip("1970-01-01", 0, "1970-01-01T00:00:00.000000Z");
	round_trip("2026-11-23", 1795392000LL * 1000000,
		   "2026-11-23T00:00:00.000000Z");
	round_trip("2026-11-23T09:00Z", 1795424400LL * 1000000,
		   "2026-11-23T09:00:00.000000Z");
	round_trip("2026-11-23T18:04:05Z", 1795457045LL * 1000000,
		   "2026-11-23T18:04:05.000000Z");
	round_trip("2026-11-23T18:04:05.123456Z",
		   1795457045LL * 1000000 + 123456,
		   "2026-11-23T18:04:05.123456Z");
	round_trip("2026-11-23T18:04:05.5Z", 1795457045LL * 1000000 + 500000,
		   "2026-11-23T18:04:05.500000Z");
	round_trip("2024-02-29T23:59:59.999999Z",
		   1709251199LL * 1000000 + 999999,
		   "2024-02-29T23:59:59.999999Z");
	/* before 1970: negative instants format and parse back */
	round_trip("1969-12-31T23:59:59.999999Z", -1,
		   "1969-12-31T23:59:59.999999Z");
	round_trip("1900-01-01", -2208988800LL * 1000000,
		   "1900-01-01T00:00:00.000000Z");
	round_trip("2999-12-31T23:59:59Z", 32503679999LL * 1000000,
		   "2999-12-31T23:59:59.000000Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_invalid),
		cmocka_unit_test(test_append_damaged_head),
		cmocka_unit_test(test_verify_empty),
		cmocka_unit_test(test_append_ids_and_chain),
		cmocka_unit_test(test_append_in_caller_transaction),
		cmocka_unit_test(test_append_nested_levels),
		cmocka_unit_test(test_tamper_field),
		cmocka_unit_test(test_tamper_delete_middle),
		cmocka_unit_test(test_tamper_delete_last),
		cmocka_unit_test(test_tamper_forged_append),
		cmocka_unit_test(test_list_filters),
		cmocka_unit_test(test_fixed_clock),
		cmocka_unit_test(test_clock_parse_bad),
		cmocka_unit_test(test_clock_round_trip),
	};
	unsetenv("MEDOFFICE_NOW");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
