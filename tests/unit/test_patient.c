/* test_patient.c: unit tests of core/patient.c: every check of a
 * registration refused with a message naming the field and nothing
 * written (patients, audit, open transactions); the name key (case,
 * accents, punctuation, other scripts, bad UTF-8) and phone
 * normalization; the duplicate check and allow_duplicate; reads and
 * searches audited with the actor, the query and the ids returned;
 * search by name, birth date and phone and their combinations, order and
 * limits; updates of the given fields only, with before and after in
 * the audit; merges moving appointments, recalls and guarantor
 * references (rows inserted with SQL), chains of merges, resolve and its
 * loops; a C decision hook that denies or sees the facts. It uses
 * cmocka, a practice in a temporary folder and MEDOFFICE_NOW. */
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

#include "clock.h"
#include "patient.h"
#include "units.h"


#define NOW "2026-11-23T09:00:00Z"
#define MODEL                                                                \
	"locations: [{id: main, name: Main}]\n"                               \
	"staff: [{id: t, name: T, job: t}]\n"

/* ---- fixture: a practice in a temporary folder ---- */

static int setup(void **state)
{
	return pfx_setup(state, "patient",
			 "practice:\n  name: T\n  timezone: UTC\n" MODEL, NOW);
}

static mo_practice *P(void **state)
{
	return ((pfx_fixture *)*state)->p;
}

/* ---- SQL helpers ---- */

/* The text of a one-row query ("" for NULL) into out. */
static const char *query_text(mo_practice *p, const char *sql, char *out,
			      size_t size)
{
	sqlite3 *sq = mo_db_sqlite(mo_practice_db(p));
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(sq, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("prepare %s: %s", sql, sqlite3_errmsg(sq));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s", sqlite3_column_text(st, 0)
		 ? (const char *)sqlite3_column_text(st, 0) : "");
	sqlite3_finalize(st);
	return out;
}

static void exec(mo_practice *p, const char *sql)
{
	mo_err e = {0};
	if (mo_db_exec(mo_practice_db(p), sql, &e))
		fail_msg("%s: %s", sql, e.msg);
}

/* A column of the latest audit entry. */
static const char *last_audit(mo_practice *p, const char *col, char *out,
			      size_t size)
{
	char sql[128];
	snprintf(sql, sizeof sql, "SELECT %s FROM audit ORDER BY id DESC "
		 "LIMIT 1", col);
	return query_text(p, sql, out, size);
}

static void assert_last_audit(mo_practice *p, const char *col,
			      const char *want)
{
	char got[2048];
	last_audit(p, col, got, sizeof got);
	if (strcmp(got, want) != 0)
		fail_msg("audit %s: got \"%s\", want \"%s\"", col, got, want);
}

static void assert_last_detail_has(mo_practice *p, const char *want)
{
	char got[2048];
	last_audit(p, "detail", got, sizeof got);
	if (!strstr(got, want))
		fail_msg("audit detail \"%s\" lacks \"%s\"", got, want);
}

/* Row counts, to show that a refused operation wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM patient",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM patient WHERE status = 'active'",
	NULL,
};
enum { S_PATIENTS, S_AUDIT, S_ACTIVE };

/* ---- building patients ---- */

static int32_t day(const char *s)
{
	int32_t d;
	mo_err e;
	if (mo_date_parse(s, &d, &e))
		fail_msg("%s: %s", s, e.msg);
	return d;
}

static mo_patient_new person(const char *family, const char *given,
			     const char *birth)
{
	mo_patient_new in = {0};
	in.family = family;
	in.given = given;
	in.has_birth_day = true;
	in.birth_day = day(birth);
	in.sex = "female";
	return in;
}

static int64_t reg_ok(mo_practice *p, const mo_patient_new *in, bool dup)
{
	mo_err e = {0};
	int64_t id = -1;
	if (mo_patient_register(p, "joe", in, dup, &id, &e))
		fail_msg("register %s, %s: %s", in->family, in->given, e.msg);
	return id;
}

static int64_t add(mo_practice *p, const char *family, const char *given,
		   const char *birth)
{
	mo_patient_new in = person(family, given, birth);
	return reg_ok(p, &in, false);
}

/* A copy of what a callback saw. */
typedef struct seen {
	int n, stop_after;
	int64_t id[32], guarantor[32], merged_into[32];
	int32_t birth[32];
	char family[32][64], given[32][64], middle[32][64], status[32][16],
		mobile[32][16], home[32][16], work[32][16], email[32][64],
		city[32][64], state[32][4], zip[32][12], language[32][4],
		em_name[32][64], em_phone[32][16], em_rel[32][32], line1[32][64],
		line2[32][64], sex[32][10], created_by[32][16],
		updated_by[32][16];
} seen;

#define KEEP(field, src) \
	snprintf(s->field[i], sizeof s->field[i], "%s", (src) ? (src) : "-")

static int keep(void *ud, const mo_patient *pt)
{
	seen *s = ud;
	int i = s->n++;
	assert_true(i < 32);
	s->id[i] = pt->id;
	s->guarantor[i] = pt->guarantor;
	s->merged_into[i] = pt->merged_into;
	s->birth[i] = pt->birth_day;
	KEEP(family, pt->family); KEEP(given, pt->given);
	KEEP(middle, pt->middle); KEEP(status, pt->status);
	KEEP(mobile, pt->phone_mobile); KEEP(home, pt->phone_home);
	KEEP(work, pt->phone_work); KEEP(email, pt->email);
	KEEP(city, pt->city); KEEP(state, pt->state); KEEP(zip, pt->zip);
	KEEP(language, pt->language); KEEP(em_name, pt->emergency_name);
	KEEP(em_phone, pt->emergency_phone);
	KEEP(em_rel, pt->emergency_relation); KEEP(line1, pt->line1);
	KEEP(line2, pt->line2); KEEP(sex, pt->sex);
	KEEP(created_by, pt->created_by); KEEP(updated_by, pt->updated_by);
	return s->stop_after && s->n == s->stop_after ? 5 : 0;
}

static void get_ok(mo_practice *p, int64_t id, seen *s)
{
	mo_err e = {0};
	memset(s, 0, sizeof *s);
	if (mo_patient_get(p, "maria", id, keep, s, &e))
		fail_msg("get %lld: %s", (long long)id, e.msg);
	assert_int_equal(s->n, 1);
}

/* ---- registration: refusals ---- */

/* Registers in, expecting code with msg, and nothing written. */
static void refused(mo_practice *p, const mo_patient_new *in, int code,
		    const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	int64_t id = -7;
	int rc = mo_patient_register(p, "joe", in, false, &id, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc, e.msg);
	assert_int_equal(e.code, code);
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	pfx_snap_same(p, &before);
}

static void test_register_names(void **state)
{
	mo_practice *p = P(state);
	char long_name[512], accents[512];
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	add(p, "Existing", "Patient", "1970-01-01");
	refused(p, NULL, MO_EINVAL, "patient: no fields given");
	in.family = NULL;
	refused(p, &in, MO_EINVAL, "patient family: required");
	in.family = "   ";
	refused(p, &in, MO_EINVAL, "patient family: required");
	in.family = "--";
	refused(p, &in, MO_EINVAL, "patient family: expected a name with a "
		"letter or digit, got \"--\"");
	in.family = "Smi\tth";
	refused(p, &in, MO_EINVAL, "patient family: expected text (UTF-8, no "
		"control characters)");
	in.family = "Sm\xc3";
	refused(p, &in, MO_EINVAL, "patient family: expected text (UTF-8");
	in.family = "Sm\xc0\xafith"; /* an overlong "/" */
	refused(p, &in, MO_EINVAL, "patient family: expected text (UTF-8");
	memset(long_name, 'x', 101);
	long_name[101] = '\0';
	in.family = long_name;
	refused(p, &in, MO_EINVAL, "patient family: expected 1 to 100 "
		"characters, got 101");
	/* 100 characters of two bytes each are fine */
	for (int i = 0; i < 100; i++)
		memcpy(accents + 2 * i, "\xc3\xa9", 2);
	accents[200] = '\0';
	in.family = "Smith";
	in.given = NULL;
	refused(p, &in, MO_EINVAL, "patient given: required");
	in.given = "John";
	in.middle = long_name;
	refused(p, &in, MO_EINVAL, "patient middle: expected 1 to 100");
	in.middle = NULL;
	in.emergency_name = "!!";
	refused(p, &in, MO_EINVAL, "patient emergency.name: expected a name");
	in.emergency_name = NULL;
	in.family = accents;
	assert_true(reg_ok(p, &in, false) > 0);
}

static void test_register_birth_sex(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	in.has_birth_day = false;
	refused(p, &in, MO_EINVAL, "patient birth_date: required");
	in.has_birth_day = true;
	in.birth_day = day("2026-11-24");
	refused(p, &in, MO_EINVAL, "patient birth_date: 2026-11-24 is in the "
		"future");
	in.birth_day = day("1900-01-01") - 1;
	refused(p, &in, MO_EINVAL, "patient birth_date: expected 1900-01-01 "
		"or later, got 1899-12-31");
	in.birth_day = day("1980-02-03");
	in.sex = NULL;
	refused(p, &in, MO_EINVAL, "patient sex: required");
	in.sex = "f";
	refused(p, &in, MO_EINVAL, "patient sex: expected female, male, other "
		"or unknown, got \"f\"");
	in.sex = "Female";
	refused(p, &in, MO_EINVAL, "got \"Female\"");
	/* born today, and in 1900 */
	in.sex = "unknown";
	in.birth_day = day("2026-11-23");
	assert_true(reg_ok(p, &in, false) > 0);
	in = person("Old", "Person", "1900-01-01");
	in.sex = "other";
	assert_true(reg_ok(p, &in, false) > 0);
}

static void test_register_address(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	in.state = "il";
	refused(p, &in, MO_EINVAL, "patient address.state: expected a state as "
		"2 capital letters such as IL, got \"il\"");
	in.state = "ILL";
	refused(p, &in, MO_EINVAL, "patient address.state");
	in.state = "IL";
	in.zip = "1234";
	refused(p, &in, MO_EINVAL, "patient address.zip: expected a ZIP code "
		"such as 62701 or 62701-1234, got \"1234\"");
	in.zip = "12345-678";
	refused(p, &in, MO_EINVAL, "patient address.zip");
	in.zip = "1234a";
	refused(p, &in, MO_EINVAL, "patient address.zip");
	in.zip = "62701-12345";
	refused(p, &in, MO_EINVAL, "patient address.zip");
	in.zip = "62701-1234";
	in.line1 = "12 Main\nSt";
	refused(p, &in, MO_EINVAL, "patient address.line1: expected text");
	in.line1 = "12 Main St";
	in.city = "\x7f";
	refused(p, &in, MO_EINVAL, "patient address.city: expected text");
	in.city = "Springfield";
	assert_true(reg_ok(p, &in, false) > 0);
}

static void test_register_contacts(void **state)
{
	mo_practice *p = P(state);
	static const char *const bad_phones[] = {"555-0123", "+44 20 7946 0958",
		"217-555-012a", "22175550123", "+2175550123", "217 555 01234",
		"1+2175550123", "+1+2175550123", ""};
	static const char *const bad_mail[] = {"a", "a@b", "@b.c", "a@b@c.d",
		"a@.com", "a@b.", "a b@c.d", "a@b\x01.c"};
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	mo_err e;
	char out[11];
	for (size_t i = 0; i < sizeof bad_phones / sizeof *bad_phones; i++) {
		if (!bad_phones[i][0])
			continue; /* "" means none */
		in.phone_mobile = bad_phones[i];
		refused(p, &in, MO_EINVAL, "patient phones.mobile: expected a "
			"10-digit phone number such as (217) 555-0123, got");
		assert_int_equal(mo_patient_phone("x", bad_phones[i], out, &e),
				 MO_EINVAL);
	}
	in.phone_mobile = NULL;
	in.phone_home = "555";
	refused(p, &in, MO_EINVAL, "patient phones.home: expected a 10-digit");
	in.phone_home = NULL;
	in.phone_work = "555";
	refused(p, &in, MO_EINVAL, "patient phones.work: expected a 10-digit");
	in.phone_work = NULL;
	in.emergency_phone = "555";
	refused(p, &in, MO_EINVAL, "patient emergency.phone: expected a "
		"10-digit");
	in.emergency_phone = NULL;
	for (size_t i = 0; i < sizeof bad_mail / sizeof *bad_mail; i++) {
		in.email = bad_mail[i];
		refused(p, &in, MO_EINVAL, "patient email: expected an e-mail "
			"address");
	}
	in.email = "j@example.com";
	in.language = "EN";
	refused(p, &in, MO_EINVAL, "patient language: expected a language "
		"code of 2 or 3 lower-case letters such as en, es or haw, got "
		"\"EN\"");
	in.language = "e";
	refused(p, &in, MO_EINVAL, "patient language:");
	in.language = "engl";
	refused(p, &in, MO_EINVAL, "patient language:");
	in.language = "haw";
	assert_true(reg_ok(p, &in, false) > 0);
}

static void test_phone_forms(void **state)
{
	static const char *const good[] = {"2175550123", "(217) 555-0123",
		"217.555.0123", "+1 217 555 0123", "1-217-555-0123",
		"12175550123", "+1 (217) 555-0123", " 217 555 0123 "};
	char out[11];
	mo_err e;
	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
		memset(out, 0, sizeof out);
		if (mo_patient_phone("phone", good[i], out, &e))
			fail_msg("%s: %s", good[i], e.msg);
		assert_string_equal(out, "2175550123");
	}
	assert_int_equal(mo_patient_phone("phones.mobile", NULL, out, &e),
			 MO_EINVAL);
	assert_msg(e, "patient phones.mobile: expected a 10-digit phone");
}

static void test_register_guarantor(void **state)
{
	mo_practice *p = P(state);
	int64_t parent = add(p, "Parent", "Pat", "1970-01-01");
	int64_t gone = add(p, "Gone", "Gail", "1971-01-01");
	mo_patient_new in = person("Child", "Chris", "2015-05-05");
	mo_err e = {0};
	assert_int_equal(mo_patient_merge(p, "maria", gone, parent, &e), 0);
	in.guarantor = 99;
	refused(p, &in, MO_EINVAL, "patient guarantor: no patient 99");
	in.guarantor = gone;
	refused(p, &in, MO_EINVAL, "patient guarantor: patient 2 was merged "
		"into patient 1; use that record");
	in.guarantor = -3;
	refused(p, &in, MO_EINVAL, "patient guarantor: expected a patient id, "
		"got -3");
	in.guarantor = MO_PATIENT_CLEAR;
	refused(p, &in, MO_EINVAL, "patient guarantor: expected a patient id");
	in.guarantor = parent;
	seen s;
	get_ok(p, reg_ok(p, &in, false), &s);
	assert_int_equal(s.guarantor[0], parent);
}

static void test_register_bad_actor(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_patient_register(p, "a b", &in, false, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "acting staff member: expected a staff id");
	assert_int_equal(mo_patient_register(p, NULL, &in, false, NULL, &e),
			 MO_EINVAL);
	pfx_snap_same(p, &before);
}

/* ---- registration: what is stored ---- */

static void test_register_get(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("  O'Brien ", " Mary Kate", "1985-07-14");
	char key[256];
	seen s;
	int64_t id, before;
	in.middle = "Ann";
	in.sex = "female";
	in.line1 = "12 Main St";
	in.line2 = "Apt 4";
	in.city = "Springfield";
	in.state = "IL";
	in.zip = "62701-1234";
	in.phone_home = "(217) 555-0100";
	in.phone_mobile = "+1 217.555.0101";
	in.phone_work = "1 217 555 0102";
	in.email = "mary@example.com";
	in.language = "en";
	in.emergency_name = "Sean O'Brien";
	in.emergency_phone = "217-555-0103";
	in.emergency_relation = "husband";
	before = query_int(p, "SELECT count(*) FROM audit");
	id = reg_ok(p, &in, false);
	assert_int_equal(id, 1);
	assert_last_audit(p, "actor", "joe");
	assert_last_audit(p, "action", "patient.register");
	assert_last_audit(p, "record", "patient:1");
	assert_last_detail_has(p, "\"family\":\"O'Brien\"");
	assert_last_detail_has(p, "\"phone_mobile\":\"2175550101\"");
	assert_last_detail_has(p, "\"birth_date\":\"1985-07-14\"");
	assert_last_detail_has(p, "\"allow_duplicate\":false");
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"), before + 1);
	assert_string_equal(query_text(p, "SELECT name_key FROM patient WHERE "
				       "id = 1", key, sizeof key),
			    "obrien mary kate");
	get_ok(p, id, &s);
	assert_int_equal(s.id[0], 1);
	assert_string_equal(s.family[0], "O'Brien");
	assert_string_equal(s.given[0], "Mary Kate");
	assert_string_equal(s.middle[0], "Ann");
	assert_int_equal(s.birth[0], day("1985-07-14"));
	assert_string_equal(s.sex[0], "female");
	assert_string_equal(s.line1[0], "12 Main St");
	assert_string_equal(s.line2[0], "Apt 4");
	assert_string_equal(s.city[0], "Springfield");
	assert_string_equal(s.state[0], "IL");
	assert_string_equal(s.zip[0], "62701-1234");
	assert_string_equal(s.home[0], "2175550100");
	assert_string_equal(s.mobile[0], "2175550101");
	assert_string_equal(s.work[0], "2175550102");
	assert_string_equal(s.email[0], "mary@example.com");
	assert_string_equal(s.language[0], "en");
	assert_string_equal(s.em_name[0], "Sean O'Brien");
	assert_string_equal(s.em_phone[0], "2175550103");
	assert_string_equal(s.em_rel[0], "husband");
	assert_string_equal(s.status[0], "active");
	assert_int_equal(s.merged_into[0], 0);
	assert_int_equal(s.guarantor[0], 0);
	assert_string_equal(s.created_by[0], "joe");
	assert_string_equal(s.updated_by[0], "joe");
	/* optional fields left out or empty are NULL */
	in = person("Plain", "Pat", "1990-01-01");
	in.email = "";
	in.city = "  ";
	get_ok(p, reg_ok(p, &in, false), &s);
	assert_string_equal(s.email[0], "-");
	assert_string_equal(s.city[0], "-");
	assert_string_equal(s.middle[0], "-");
}

static void test_read_audited(void **state)
{
	mo_practice *p = P(state);
	int64_t id = add(p, "Smith", "John", "1980-02-03");
	pfx_snap before;
	seen s = {0};
	mo_err e = {0};
	get_ok(p, id, &s);
	assert_last_audit(p, "actor", "maria");
	assert_last_audit(p, "action", "patient.read");
	assert_last_audit(p, "record", "patient:1");
	assert_last_audit(p, "detail", "{\"id\":1}");
	assert_last_audit(p, "decision", "allowed (no rule applies)");
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_patient_get(p, "maria", 42, keep, &s, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no patient 42");
	assert_int_equal(mo_patient_get(p, "", id, keep, &s, &e), MO_EINVAL);
	pfx_snap_same(p, &before);
	/* a callback that stops: its value comes back, the read is audited */
	memset(&s, 0, sizeof s);
	s.stop_after = 1;
	assert_int_equal(mo_patient_get(p, "drlee", id, keep, &s, &e), 5);
	assert_last_audit(p, "actor", "drlee");
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"),
			 before.v[S_AUDIT] + 1);
}

/* ---- the name key ---- */

static void key_is(const char *in, const char *want)
{
	char out[256];
	int n = mo_patient_name_key(in, out, sizeof out);
	if (n < 0 || strcmp(out, want) != 0)
		fail_msg("key of \"%s\": got \"%s\" (%d), want \"%s\"", in,
			 n < 0 ? "" : out, n, want);
	assert_int_equal((size_t)n, strlen(want));
}

static void test_name_key(void **state)
{
	char out[8];
	(void)state;
	key_is("Smith", "smith");
	key_is("  O'Brien  ", "obrien");
	key_is("O\xe2\x80\x99" "Brien", "obrien");              /* O’Brien */
	key_is("St. John-Smythe", "st john smythe");
	key_is("M\xc3\xbcller", "muller");                       /* Müller */
	key_is("Stra\xc3\x9f" "e", "strasse");                   /* Straße */
	key_is("\xc3\x86thelred", "aethelred");                  /* Æthelred */
	key_is("\xc5\x81ukasz \xc5\xbb\xc3\xb3\xc5\x82w", "lukasz zolw");
	key_is("J\xc3\x93SE  Garc\xc3\x8d" "a", "jose garcia");
	key_is("\xc3\x98ystein \xc3\x85se", "oystein ase");
	key_is("\xc5\x92uvre \xc4\xb2sselmeer", "oeuvre ijsselmeer");
	key_is("\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd", "\xd0\x98\xd0\xb2\xd0\xb0\xd0\xbd");
	key_is("A\xc2\xa0" "B", "a b");                          /* no-break space */
	key_is("--", "");
	assert_int_equal(mo_patient_name_key("Sm\xc3", out, sizeof out), -1);
	assert_int_equal(mo_patient_name_key("\xed\xa0\x80", out, sizeof out),
			 -1); /* a surrogate */
	assert_int_equal(mo_patient_name_key("abcdefgh", out, sizeof out), -1);
	assert_int_equal(mo_patient_name_key("abcdefg", out, sizeof out), 7);
	assert_int_equal(mo_patient_name_key(NULL, out, sizeof out), -1);
}

/* ---- duplicates ---- */

static void test_duplicates(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Garc\xc3\xad" "a", "Mar\xc3\xad" "a Jos\xc3\xa9",
				   "1980-02-03");
	int64_t first, other;
	in.phone_mobile = "217-555-0123";
	first = reg_ok(p, &in, false);
	/* the same name, written differently */
	in = person("GARCIA", "maria-jose", "1980-02-03");
	refused(p, &in, MO_EEXIST, "patient GARCIA, maria-jose born 1980-02-03 "
		"may be registered already as patient 1 (Garc\xc3\xad" "a, "
		"Mar\xc3\xad" "a Jos\xc3\xa9: same name and birth date)");
	/* another name, the same birth date and mobile phone */
	in = person("Lopez", "Ana", "1980-02-03");
	in.phone_mobile = "+1 (217) 555-0123";
	refused(p, &in, MO_EEXIST, "as patient 1 (Garc\xc3\xad" "a, Mar\xc3\xad"
		"a Jos\xc3\xa9: same birth date and mobile phone)");
	/* a home phone or another birth date is not a duplicate */
	in.phone_home = in.phone_mobile;
	in.phone_mobile = NULL;
	other = reg_ok(p, &in, false);
	in = person("Garcia", "Maria Jose", "1980-02-04");
	assert_true(reg_ok(p, &in, false) > other);
	/* allowed: registered, with the duplicates in the audit entry */
	in = person("Garcia", "Maria Jose", "1980-02-03");
	in.phone_mobile = "2175550123";
	assert_int_equal(reg_ok(p, &in, true), 4);
	assert_last_detail_has(p, "\"duplicate_of\":\"1\"");
	assert_last_detail_has(p, "\"allow_duplicate\":true");
	/* now both are named */
	refused(p, &in, MO_EEXIST, "as patient 1 (Garc\xc3\xad" "a, "
		"Mar\xc3\xad" "a Jos\xc3\xa9: same name and birth date), "
		"patient 4 (Garcia, Maria Jose: same name and birth date)");
	/* a merged record is not a duplicate */
	mo_err e = {0};
	assert_int_equal(mo_patient_merge(p, "maria", 4, first, &e), 0);
	refused(p, &in, MO_EEXIST, "as patient 1 (");
	assert_int_equal(mo_patient_register(p, "joe", &in, false, NULL, &e),
			 MO_EEXIST);
	assert_null(strstr(e.msg, "patient 4"));
}

/* ---- search ---- */

typedef struct ids {
	int n;
	int64_t id[64];
} ids;

static int keep_id(void *ud, const mo_patient *pt)
{
	ids *l = ud;
	assert_true(l->n < 64);
	l->id[l->n++] = pt->id;
	return 0;
}

/* Searches as joe; want is the ids in order, ending with 0. */
static void search_is(mo_practice *p, mo_patient_query q, const int64_t *want)
{
	ids got = {0};
	mo_err e = {0};
	int i;
	if (mo_patient_search(p, "joe", &q, keep_id, &got, &e))
		fail_msg("search: %s", e.msg);
	for (i = 0; want[i]; i++)
		if (i >= got.n || got.id[i] != want[i])
			fail_msg("search result %d: got %lld, want %lld", i,
				 i < got.n ? (long long)got.id[i] : -1LL,
				 (long long)want[i]);
	assert_int_equal(got.n, i);
}

#define IDS(...) ((const int64_t[]){__VA_ARGS__, 0})
#define NONE ((const int64_t[]){0})

static void search_people(mo_practice *p)
{
	mo_patient_new in;
	add(p, "Smith", "John", "1980-02-03");            /* 1 */
	add(p, "Smithers", "Anna", "1975-05-05");         /* 2 */
	in = person("Jones", "Smitty", "1990-01-01");     /* 3 */
	in.phone_home = "2175550100";
	reg_ok(p, &in, false);
	in = person("Smith", "John", "1960-06-06");       /* 4 */
	in.phone_work = "(217) 555-0100";
	reg_ok(p, &in, false);
	in = person("De La Cruz", "Mar\xc3\xad" "a", "1980-02-03"); /* 5 */
	in.phone_mobile = "2175550199";
	reg_ok(p, &in, false);
	add(p, "Smith", "Jane", "1980-02-03");            /* 6 */
}

static void test_search(void **state)
{
	mo_practice *p = P(state);
	mo_patient_query q = {0};
	search_people(p);
	q.name = "smith";
	search_is(p, q, IDS(6, 4, 1, 2));   /* by key, then birth date */
	q.name = "SMI";
	search_is(p, q, IDS(3, 6, 4, 1, 2)); /* Jones Smitty too */
	q.name = "smith jo";
	search_is(p, q, IDS(4, 1));
	q.name = "Smith, John";
	search_is(p, q, IDS(4, 1));
	q.name = "john";
	search_is(p, q, IDS(4, 1));
	q.name = "cruz";
	search_is(p, q, IDS(5));
	q.name = "de la cruz MARIA";
	search_is(p, q, IDS(5));
	q.name = "ith";
	search_is(p, q, NONE);              /* word starts only */
	q = (mo_patient_query){0};
	q.has_birth_day = true;
	q.birth_day = day("1980-02-03");
	search_is(p, q, IDS(5, 6, 1));
	q.name = "smith";
	search_is(p, q, IDS(6, 1));         /* name and birth date */
	q = (mo_patient_query){0};
	q.phone = "217.555.0100";
	search_is(p, q, IDS(3, 4));         /* home or work */
	q.phone = "+1 217 555 0199";
	search_is(p, q, IDS(5));            /* mobile */
	q.name = "smith";
	q.phone = "2175550100";
	search_is(p, q, IDS(4));            /* name and phone */
	q.has_birth_day = true;
	q.birth_day = day("1960-06-06");
	search_is(p, q, IDS(4));            /* all three */
	q.birth_day = day("1960-06-07");
	search_is(p, q, NONE);
}

static void test_search_audit(void **state)
{
	mo_practice *p = P(state);
	mo_patient_query q = {.name = "smith", .limit = 2};
	pfx_snap before;
	search_people(p);
	before = pfx_snap_take(p, STATE);
	search_is(p, q, IDS(6, 4));
	assert_last_audit(p, "actor", "joe");
	assert_last_audit(p, "action", "patient.read");
	assert_last_audit(p, "record", "patient:search");
	assert_last_audit(p, "detail", "{\"birth_date\":null,\"ids\":\"6,4\","
			  "\"limit\":2,\"name\":\"smith\",\"phone\":null}");
	q = (mo_patient_query){.phone = "(217) 555-0100", .has_birth_day = true,
			       .birth_day = day("1960-06-06")};
	search_is(p, q, IDS(4));
	assert_last_audit(p, "detail", "{\"birth_date\":\"1960-06-06\","
			  "\"ids\":\"4\",\"limit\":20,\"name\":null,"
			  "\"phone\":\"2175550100\"}");
	q = (mo_patient_query){.name = "nobody"};
	search_is(p, q, NONE);
	assert_last_detail_has(p, "\"ids\":\"\"");
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"),
			 before.v[S_AUDIT] + 3);
}

static void search_refused(mo_practice *p, mo_patient_query q,
			   const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	ids got = {0};
	mo_err e = {0};
	assert_int_equal(mo_patient_search(p, "joe", &q, keep_id, &got, &e),
			 MO_EINVAL);
	assert_msg(e, msg);
	assert_int_equal(got.n, 0);
	pfx_snap_same(p, &before);
}

static void test_search_limits(void **state)
{
	mo_practice *p = P(state);
	mo_patient_query q = {0};
	char given[32];
	ids got = {0};
	mo_err e = {0};
	for (int i = 0; i < 25; i++) {
		snprintf(given, sizeof given, "Kid%02d", i);
		add(p, "Many", given, "2010-01-01");
	}
	search_refused(p, q, "patient search: give a name, a birth date or a "
		       "phone");
	q.name = "-- ''";
	search_refused(p, q, "patient search name: expected letters or digits");
	q.name = "x\xc3";
	search_refused(p, q, "patient search name");
	q.name = "many";
	q.limit = 201;
	search_refused(p, q, "patient search limit: expected 1 to 200, got 201");
	q.limit = -1;
	search_refused(p, q, "got -1");
	q.limit = 0;
	q.phone = "555";
	search_refused(p, q, "patient search phone: expected a 10-digit");
	q.phone = NULL;
	assert_int_equal(mo_patient_search(p, "joe", &q, keep_id, &got, &e), 0);
	assert_int_equal(got.n, 20); /* the default */
	assert_int_equal(got.id[0], 1);
	memset(&got, 0, sizeof got);
	q.limit = 200;
	assert_int_equal(mo_patient_search(p, "joe", &q, keep_id, &got, &e), 0);
	assert_int_equal(got.n, 25);
	/* merged records are left out */
	assert_int_equal(mo_patient_merge(p, "maria", 1, 2, &e), 0);
	memset(&got, 0, sizeof got);
	assert_int_equal(mo_patient_search(p, "joe", &q, keep_id, &got, &e), 0);
	assert_int_equal(got.n, 24);
	assert_int_equal(got.id[0], 2);
}

/* ---- update ---- */

static void update_refused(mo_practice *p, int64_t id,
			   const mo_patient_new *in, int code, const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	char was[4096], now[4096];
	mo_err e = {0};
	int rc;
	static const char rows[] = "SELECT group_concat(id || family || given "
		"|| birth_day || sex || coalesce(zip, '') || "
		"coalesce(guarantor, '') || updated_us || updated_by) FROM patient";
	query_text(p, rows, was, sizeof was);
	rc = mo_patient_update(p, "joe", id, in, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc, e.msg);
	assert_msg(e, msg);
	pfx_snap_same(p, &before);
	assert_string_equal(query_text(p, rows, now, sizeof now), was);
}

static void test_update(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	mo_patient_new chg = {0};
	char key[128];
	mo_err e = {0};
	seen s;
	int64_t id;
	in.phone_mobile = "2175550123";
	in.city = "Springfield";
	in.email = "j@example.com";
	id = reg_ok(p, &in, false);
	setenv("MEDOFFICE_NOW", "2026-11-23T10:00:00Z", 1);
	chg.family = "Smyth";
	chg.phone_mobile = "(217) 555-0199";
	chg.email = "";                      /* removed */
	chg.city = "Springfield";            /* the same: no change */
	chg.has_birth_day = true;
	chg.birth_day = day("1980-02-04");
	assert_int_equal(mo_patient_update(p, "maria", id, &chg, &e), 0);
	assert_last_audit(p, "action", "patient.update");
	assert_last_audit(p, "record", "patient:1");
	assert_last_audit(p, "actor", "maria");
	assert_last_audit(p, "detail", "{\"birth_date\":\"1980-02-04\","
			  "\"birth_date_before\":\"1980-02-03\",\"changed\":"
			  "\"family,phone_mobile,email,birth_date\","
			  "\"email\":null,\"email_before\":\"j@example.com\","
			  "\"family\":\"Smyth\",\"family_before\":\"Smith\","
			  "\"id\":1,\"phone_mobile\":\"2175550199\","
			  "\"phone_mobile_before\":\"2175550123\"}");
	get_ok(p, id, &s);
	assert_string_equal(s.family[0], "Smyth");
	assert_string_equal(s.given[0], "John");
	assert_string_equal(s.mobile[0], "2175550199");
	assert_string_equal(s.email[0], "-");
	assert_string_equal(s.city[0], "Springfield");
	assert_int_equal(s.birth[0], day("1980-02-04"));
	assert_string_equal(s.updated_by[0], "maria");
	assert_string_equal(s.created_by[0], "joe");
	assert_string_equal(query_text(p, "SELECT name_key FROM patient",
				       key, sizeof key), "smyth john");
	assert_int_equal(query_int(p, "SELECT updated_us > created_us FROM "
				   "patient"), 1);
	/* nothing really changes: audited, the row untouched */
	chg = (mo_patient_new){.family = "Smyth"};
	assert_int_equal(mo_patient_update(p, "joe", id, &chg, &e), 0);
	assert_last_audit(p, "detail", "{\"changed\":\"\",\"id\":1}");
	get_ok(p, id, &s);
	assert_string_equal(s.updated_by[0], "maria");
	setenv("MEDOFFICE_NOW", NOW, 1);
}

static void test_update_refused(void **state)
{
	mo_practice *p = P(state);
	int64_t a = add(p, "Smith", "John", "1980-02-03");
	int64_t b = add(p, "Jones", "Mary", "1970-01-01");
	mo_patient_new chg = {0};
	mo_err e = {0};
	update_refused(p, a, NULL, MO_EINVAL, "patient: no fields given");
	update_refused(p, a, &chg, MO_EINVAL, "patient update: nothing to "
		       "change");
	chg.family = "";
	update_refused(p, a, &chg, MO_EINVAL, "patient family: required, it "
		       "cannot be removed");
	chg.family = NULL;
	chg.sex = "";
	update_refused(p, a, &chg, MO_EINVAL, "patient sex: required");
	chg.sex = "F";
	update_refused(p, a, &chg, MO_EINVAL, "patient sex: expected female");
	chg.sex = NULL;
	chg.zip = "abc";
	update_refused(p, a, &chg, MO_EINVAL, "patient address.zip");
	chg.zip = NULL;
	chg.has_birth_day = true;
	chg.birth_day = day("2027-01-01");
	update_refused(p, a, &chg, MO_EINVAL, "is in the future");
	chg.has_birth_day = false;
	chg.given = "Jo";
	update_refused(p, 77, &chg, MO_ENOTFOUND, "no patient 77");
	chg.given = NULL;
	chg.guarantor = a;
	update_refused(p, a, &chg, MO_EINVAL, "patient guarantor: a patient "
		       "is not their own guarantor");
	chg.guarantor = 77;
	update_refused(p, a, &chg, MO_EINVAL, "patient guarantor: no patient "
		       "77");
	chg.guarantor = -2;
	update_refused(p, a, &chg, MO_EINVAL, "patient guarantor: expected a "
		       "patient id");
	/* guarantor set and removed */
	chg.guarantor = b;
	assert_int_equal(mo_patient_update(p, "joe", a, &chg, &e), 0);
	assert_last_detail_has(p, "\"guarantor\":2,\"guarantor_before\":0");
	chg.guarantor = MO_PATIENT_CLEAR;
	assert_int_equal(mo_patient_update(p, "joe", a, &chg, &e), 0);
	assert_last_detail_has(p, "\"guarantor\":0,\"guarantor_before\":2");
	assert_int_equal(query_int(p, "SELECT count(*) FROM patient WHERE "
				   "guarantor IS NOT NULL"), 0);
	/* a merged record is not updated */
	assert_int_equal(mo_patient_merge(p, "maria", a, b, &e), 0);
	chg = (mo_patient_new){.given = "Jo"};
	update_refused(p, a, &chg, MO_EINVAL, "patient 1 was merged into "
		       "patient 2; update that record");
	chg = (mo_patient_new){.guarantor = a};
	update_refused(p, b, &chg, MO_EINVAL, "patient guarantor: patient 1 "
		       "was merged into patient 2");
}

/* ---- merge ---- */

static void add_appointment(mo_practice *p, int64_t patient, int n)
{
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO appointment(patient, provider, "
		 "location, visit_type, start_us, end_us, created_us, "
		 "created_by, updated_us) VALUES(%lld, 'drlee', 'main', "
		 "'follow_up', %d, %d, 1, 'joe', 1)", (long long)patient,
		 n * 1000, n * 1000 + 500);
	exec(p, sql);
}

static void add_recall(mo_practice *p, int64_t patient)
{
	char sql[256];
	snprintf(sql, sizeof sql, "INSERT INTO recall(patient, due_day, "
		 "reason, created_us, created_by) VALUES(%lld, 21000, "
		 "'annual', 1, 'joe')", (long long)patient);
	exec(p, sql);
}

static void test_merge(void **state)
{
	mo_practice *p = P(state);
	int64_t keep_id_ = add(p, "Smith", "John", "1980-02-03");   /* 1 */
	mo_patient_new in = person("Smith", "Jon", "1980-02-03");
	int64_t dup, child, other, resolved = 0;
	mo_patient_new chg = {0};
	char at[64];
	mo_err e = {0};
	seen s;
	in.guarantor = keep_id_;
	dup = reg_ok(p, &in, false);                             /* 2 */
	in = person("Smith", "Kid", "2015-01-01");
	in.guarantor = dup;
	child = reg_ok(p, &in, false);                           /* 3 */
	other = add(p, "Other", "Olga", "1950-01-01");           /* 4 */
	chg.guarantor = dup;
	assert_int_equal(mo_patient_update(p, "joe", keep_id_, &chg, &e), 0);
	add_appointment(p, dup, 1);
	add_appointment(p, keep_id_, 2);
	add_appointment(p, dup, 3);
	add_appointment(p, other, 4);
	add_recall(p, dup);
	add_recall(p, other);
	setenv("MEDOFFICE_NOW", "2026-11-23T11:00:00Z", 1);
	assert_int_equal(mo_patient_merge(p, "maria", dup, keep_id_, &e), 0);
	assert_last_audit(p, "action", "patient.merge");
	assert_last_audit(p, "actor", "maria");
	assert_last_audit(p, "record", "patient:2");
	assert_last_audit(p, "detail", "{\"appointments\":\"1,3\",\"from\":2,"
			  "\"guarantor_of\":\"1,3\",\"insurance\":\"\","
			  "\"into\":1,\"ledger_transfers\":0,\"payments\":"
			  "\"\",\"recalls\":\"1\"}");
	assert_int_equal(query_int(p, "SELECT count(*) FROM appointment WHERE "
				   "patient = 1"), 3);
	assert_int_equal(query_int(p, "SELECT count(*) FROM appointment WHERE "
				   "patient = 2"), 0);
	assert_int_equal(query_int(p, "SELECT patient FROM appointment WHERE "
				   "id = 4"), other);
	assert_int_equal(query_int(p, "SELECT patient FROM recall WHERE id = "
				   "1"), keep_id_);
	assert_int_equal(query_int(p, "SELECT patient FROM recall WHERE id = "
				   "2"), other);
	query_text(p, "SELECT updated_us FROM appointment WHERE id = 1", at,
		   sizeof at);
	assert_string_not_equal(at, "1");
	/* the child's guarantor is now 1; 1 is not its own guarantor */
	get_ok(p, child, &s);
	assert_int_equal(s.guarantor[0], keep_id_);
	assert_string_equal(s.updated_by[0], "maria");
	get_ok(p, keep_id_, &s);
	assert_int_equal(s.guarantor[0], 0);
	/* the merged record is kept, and says where it went */
	get_ok(p, dup, &s);
	assert_string_equal(s.status[0], "merged");
	assert_int_equal(s.merged_into[0], keep_id_);
	assert_string_equal(s.family[0], "Smith");
	assert_string_equal(s.given[0], "Jon");
	assert_int_equal(s.guarantor[0], keep_id_);
	assert_int_equal(mo_patient_resolve(p, dup, &resolved, &e), 0);
	assert_int_equal(resolved, keep_id_);
	assert_int_equal(mo_patient_resolve(p, other, &resolved, &e), 0);
	assert_int_equal(resolved, other);
	/* a chain: 1 into 4; 2 now resolves to 4 */
	assert_int_equal(mo_patient_merge(p, "maria", keep_id_, other, &e), 0);
	assert_int_equal(mo_patient_resolve(p, dup, &resolved, &e), 0);
	assert_int_equal(resolved, other);
	assert_int_equal(query_int(p, "SELECT count(*) FROM appointment WHERE "
				   "patient = 4"), 4);
	setenv("MEDOFFICE_NOW", NOW, 1);
}

static void merge_refused(mo_practice *p, int64_t from, int64_t into,
			  int code, const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	int rc = mo_patient_merge(p, "maria", from, into, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc, e.msg);
	assert_msg(e, msg);
	pfx_snap_same(p, &before);
}

static void test_merge_refused_merged(void **state)
{
	mo_practice *p = P(state);
	int64_t a = add(p, "Smith", "John", "1980-02-03");
	int64_t b = add(p, "Jones", "Mary", "1970-01-01");
	int64_t c = add(p, "Brown", "Bob", "1960-01-01");
	mo_err e = {0};
	add_appointment(p, a, 1);
	merge_refused(p, a, a, MO_EINVAL, "patient merge: cannot merge patient "
		      "1 into itself");
	merge_refused(p, 9, a, MO_ENOTFOUND, "patient merge from: no patient 9");
	merge_refused(p, a, 9, MO_ENOTFOUND, "patient merge into: no patient 9");
	assert_int_equal(mo_patient_merge(p, "maria", a, b, &e), 0);
	merge_refused(p, a, c, MO_EINVAL, "patient merge from: patient 1 was "
		      "merged into patient 2; use that record");
	merge_refused(p, c, a, MO_EINVAL, "patient merge into: patient 1 was "
		      "merged into patient 2");
	merge_refused(p, a, a, MO_EINVAL, "into itself");
	merge_refused(p, 0, c, MO_ENOTFOUND, "no patient 0");
	assert_int_equal(mo_patient_merge(p, "", c, b, &e), MO_EINVAL);
	assert_int_equal(query_int(p, "SELECT patient FROM appointment"), b);
}

static void test_resolve(void **state)
{
	mo_practice *p = P(state);
	int64_t a = add(p, "Smith", "John", "1980-02-03");
	int64_t b = add(p, "Jones", "Mary", "1970-01-01");
	int64_t r = -1;
	pfx_snap before;
	mo_err e = {0};
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_patient_resolve(p, a, &r, &e), 0);
	assert_int_equal(r, a);
	assert_int_equal(mo_patient_resolve(p, 99, &r, &e), MO_ENOTFOUND);
	assert_msg(e, "no patient 99");
	pfx_snap_same(p, &before); /* not audited */
	/* a loop, made behind the module's back */
	exec(p, "UPDATE patient SET status = 'merged', merged_into = 2 "
	     "WHERE id = 1");
	exec(p, "UPDATE patient SET status = 'merged', merged_into = 1 "
	     "WHERE id = 2");
	assert_int_equal(mo_patient_resolve(p, a, &r, &e), MO_ECORRUPT);
	assert_msg(e, "patient 1: its merges lead to no active record");
	exec(p, "UPDATE patient SET merged_into = NULL WHERE id = 2");
	assert_int_equal(mo_patient_resolve(p, b, &r, &e), MO_ECORRUPT);
}

/* ---- a decision hook ---- */

typedef struct hook {
	mo_verdict verdict;
	int calls;
	char action[40];
	char facts[1024];
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
	snprintf(out->reason, sizeof out->reason, "not today");
	snprintf(out->rule, sizeof out->rule, "'closed' (x.lua:1)");
	return 0;
}

static void test_hooks(void **state)
{
	mo_practice *p = P(state);
	mo_patient_new in = person("Smith", "John", "1980-02-03");
	mo_patient_query q = {.name = "smith"};
	hook h = {0};
	mo_hooks hooks = {&h, decide, NULL, NULL, NULL};
	pfx_snap before;
	mo_err e = {0};
	int64_t id;
	in.phone_mobile = "217 555 0123";
	mo_practice_set_hooks(p, &hooks);
	id = reg_ok(p, &in, false);
	assert_string_equal(h.action, "patient.register");
	assert_string_equal(h.facts, "{\"allow_duplicate\":false,"
			    "\"birth_date\":\"1980-02-03\",\"family\":"
			    "\"Smith\",\"given\":\"John\",\"phone_mobile\":"
			    "\"2175550123\",\"sex\":\"female\"}");
	h.verdict = MO_VERDICT_DENY;
	before = pfx_snap_take(p, STATE);
	in.given = "Jim";
	assert_int_equal(mo_patient_register(p, "joe", &in, false, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "joe may not patient.register: not today (rule 'closed' "
		   "(x.lua:1))");
	assert_int_equal(mo_patient_get(p, "joe", id, keep, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "joe may not patient.read");
	assert_int_equal(mo_patient_search(p, "joe", &q, keep_id, NULL, &e),
			 MO_EDENIED);
	assert_string_equal(h.facts, "{\"birth_date\":null,\"limit\":20,"
			    "\"name\":\"smith\",\"phone\":null}");
	in = (mo_patient_new){.given = "Jim"};
	assert_int_equal(mo_patient_update(p, "joe", id, &in, &e), MO_EDENIED);
	assert_string_equal(h.facts, "{\"given\":\"Jim\",\"id\":1}");
	assert_int_equal(mo_patient_merge(p, "joe", id, 2, &e), MO_EDENIED);
	assert_string_equal(h.action, "patient.merge");
	assert_string_equal(h.facts, "{\"from\":1,\"into\":2}");
	pfx_snap_same(p, &before);
	/* the denials are in the decision log */
	assert_int_equal(query_int(p, "SELECT count(*) FROM decision WHERE "
				   "verdict = 'deny' AND action LIKE "
				   "'patient.%'"), 5);
	mo_practice_set_hooks(p, NULL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_register_names),
		T(test_register_birth_sex),
		T(test_register_address),
		T(test_register_contacts),
		cmocka_unit_test(test_phone_forms),
		T(test_register_guarantor),
		T(test_register_bad_actor),
		T(test_register_get),
		T(test_read_audited),
		cmocka_unit_test(test_name_key),
		T(test_duplicates),
		T(test_search),
		T(test_search_audit),
		T(test_search_limits),
		T(test_update),
		T(test_update_refused),
		T(test_merge),
		T(test_merge_refused_merged),
		T(test_resolve),
		T(test_hooks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
