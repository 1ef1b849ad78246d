/* test_insure.c: unit tests of core/insure.c, patients' insurance, on a
 * practice of its own (America/Chicago; payers aetna, medicare and
 * medicaid; jobs desk, nurse and doc declared by a policy, and the
 * shipped policies/billing/eligibility.lua with reverify_days set to 20),
 * opened with the Lua engine so that permissions and rules are the real
 * ones: every refusal of a new policy and of a verification with its
 * message and nothing written (rows, audit, decisions, open
 * transactions); unknown and merged patients; the overlap of policies of
 * one rank (adjacent allowed, overlapping refused naming the other
 * policy and its days, other ranks and other patients allowed); ending
 * (and an end that would overlap); in force on the first and last day
 * and the day after an end; the list with and without a day, with the
 * subscriber of a self policy taken from the patient; verifications and
 * their order; the verification list of a day with the policy's rule
 * (never verified, too old, not active, no insurance, the day's bounds in
 * the practice's zone, checks after the day not counted), its facts (a C
 * hook), a failing rule; audit entries with the acting staff member;
 * denials by the job permissions. The eligibility request file (270):
 * the day's policies of a rank, one request per patient grouped by payer
 * (a dependent under the subscriber), the ones it cannot carry skipped
 * with the reason, read back with the X12 reader (receiver, control
 * number after the claim batches', traces, plan dates), the batch row and
 * its audit; every refusal with nothing written, a day with nothing to
 * ask (audited read), and the receiver without a clearinghouse id. It
 * uses cmocka, the Lua engine, SQLite, x12.h and MEDOFFICE_NOW. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "clock.h"
#include "engine.h"
#include "insure.h"
#include "tz.h"
#include "units.h"
#include "x12.h"

#define ZONE "America/Chicago"
#define NOW "2026-11-23T15:00:00Z" /* Monday 09:00 in Chicago */
#define POLICY FIXTURES "/../../policies/billing/eligibility.lua"

static const char YAML[] =
	"practice:\n"
	"  name: Insurance Test\n"
	"  npi: \"1245319599\"\n"
	"  tax_id: \"36-1234567\"\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - { id: main, name: Main }\n"
	"staff:\n"
	"  - { id: drlee, name: Dr Lee, job: doc }\n"
	"  - { id: maria, name: Maria, job: desk }\n"
	"  - { id: nina, name: Nina, job: nurse }\n"
	"fee_schedules:\n"
	"  - id: standard\n"
	"    name: Standard\n"
	"    fees:\n"
	"      - { code: \"99213\", charge: \"120.00\", from: 2026-01-01 }\n"
	"payers:\n"
	"  - { id: aetna, name: Aetna, payer_id: \"60054\", kind: commercial, "
	"fee_schedule: standard }\n"
	"  - { id: medicare, name: Medicare Part B, payer_id: MCR06, kind: "
	"medicare, fee_schedule: standard }\n"
	"  - { id: medicaid, name: Medical Assistance, kind: medicaid, "
	"fee_schedule: standard }\n"
	"policies:\n"
	"  - jobs.lua\n"
	"  - billing/eligibility.lua\n"
	"settings:\n"
	"  billing: { reverify_days: 20, clearinghouse_id: CLEARHOUSE1 }\n";

static const char JOBS[] =
	"job \"doc\" { title = \"Physician\", may = { \"patient.read\" } }\n"
	"job \"desk\" { title = \"Front desk\", reports_to = \"doc\", may = {\n"
	"  \"patient.read\", \"insurance.update\", \"insurance.verify\" } }\n"
	"job \"nurse\" { title = \"Nurse\", reports_to = \"doc\",\n"
	"  may = { \"patient.read\" } }\n";

/* ---- fixture: a practice in a temporary folder, with its engine ---- */

typedef struct fixture {
	char dir[64];
	mo_practice *p;
	mo_engine *en;
} fixture;

static char *read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *s = calloc(1, 1 << 16);
	if (fp && s)
		s[fread(s, 1, (1 << 16) - 1, fp)] = '\0';
	if (fp)
		fclose(fp);
	return s;
}

/* Writes the jobs and the shipped eligibility policy into the practice's
 * policies/ and loads them; 0 or -1. */
static int load_policies(fixture *f)
{
	char path[160];
	char *text = read_all(POLICY);
	mo_err e = {0};
	int rc = -1;
	snprintf(path, sizeof path, "%s/policies", f->dir);
	if (!text || !*text || mkdir(path, 0700))
		goto out;
	snprintf(path, sizeof path, "%s/policies/billing", f->dir);
	if (mkdir(path, 0700))
		goto out;
	snprintf(path, sizeof path, "%s/policies/billing/eligibility.lua",
		 f->dir);
	if (write_text(path, text))
		goto out;
	snprintf(path, sizeof path, "%s/policies/jobs.lua", f->dir);
	if (write_text(path, JOBS))
		goto out;
	if (mo_engine_new(f->p, &f->en, &e) ||
	    mo_engine_load_policies(f->en, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		goto out;
	}
	rc = 0;
out:
	free(text);
	return rc;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	*state = f;
	setenv("MEDOFFICE_NOW", NOW, 1);
	if (pfx_open("insure", YAML, f->dir, &f->p))
		return -1;
	return load_policies(f);
}

static int teardown(void **state)
{
	fixture *f = *state;
	mo_engine_free(f->en);
	pfx_close(f->p, f->dir);
	free(f);
	unsetenv("MEDOFFICE_NOW");
	return 0;
}

static mo_practice *P(void **state)
{
	return ((fixture *)*state)->p;
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

/* "2026-11-24 09:00", local in the practice's zone, as UTC. */
static int64_t L(const char *local)
{
	int32_t day, sec;
	int64_t us;
	mo_err e = {0};
	if (mo_tz_parse_local(local, &day, &sec, &e) ||
	    mo_tz_to_utc(ZONE, day, sec, MO_TZ_STRICT, &us, &e))
		fail_msg("local time %s: %s", local, e.msg);
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

/* A text of the latest audit entry. */
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
	snprintf(out, size, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* The latest audit entry is actor's action on record, its detail holding
 * detail (when given). */
static void assert_audit(mo_practice *p, const char *actor,
			 const char *action, const char *record,
			 const char *detail)
{
	char got[2048];
	last_audit(p, "actor", got, sizeof got);
	assert_string_equal(got, actor);
	last_audit(p, "action", got, sizeof got);
	assert_string_equal(got, action);
	last_audit(p, "record", got, sizeof got);
	assert_string_equal(got, record);
	last_audit(p, "detail", got, sizeof got);
	if (detail && !strstr(got, detail))
		fail_msg("audit detail %s lacks %s", got, detail);
}

/* Row counts and a checksum, to show that a refusal wrote nothing. */
static const char *const STATE[] = {
	"SELECT count(*) FROM insurance",
	"SELECT count(*) FROM eligibility",
	"SELECT count(*) FROM audit",
	"SELECT count(*) FROM decision",
	"SELECT total(coalesce(to_day, 7) + from_day + "
	"length(status) + rank) FROM insurance",
	NULL,
};
enum { S_INS, S_CHECKS, S_AUDIT, S_DECISIONS, S_SUM };

/* Nothing written since before, but for denials more entries in the
 * decision log (which keeps them). */
static void assert_unchanged(mo_practice *p, const pfx_snap *before,
			     int denials)
{
	pfx_snap b = *before;
	b.v[S_DECISIONS] += denials;
	pfx_snap_same(p, &b);
}

/* An active patient written directly; returns the id. */
static int64_t add_patient(mo_practice *p, const char *family,
			   const char *given)
{
	char sql[512];
	snprintf(sql, sizeof sql, "INSERT INTO patient(family, given, "
		 "birth_day, sex, line1, city, state, zip, name_key, "
		 "created_us, created_by, updated_us, updated_by) VALUES('%s', "
		 "'%s', 3000, 'female', '1 Elm St', 'Springfield', 'IL', "
		 "'62701', lower('%s %s'), 0, 't', 0, 't')", family, given,
		 family, given);
	exec_sql(p, sql);
	return sqlite3_last_insert_rowid(SQ(p));
}

static void merge_into(mo_practice *p, int64_t from, int64_t into)
{
	char sql[160];
	snprintf(sql, sizeof sql, "UPDATE patient SET status = 'merged', "
		 "merged_into = %lld WHERE id = %lld", (long long)into,
		 (long long)from);
	exec_sql(p, sql);
}

/* A booked (or other status) appointment at local time at. */
static int64_t add_appt(mo_practice *p, int64_t patient, const char *at,
			const char *status)
{
	char sql[512];
	int64_t start = L(at);
	snprintf(sql, sizeof sql, "INSERT INTO appointment(patient, provider, "
		 "location, visit_type, start_us, end_us, status, created_us, "
		 "created_by, updated_us) VALUES(%lld, 'drlee', 'main', "
		 "'follow_up', %lld, %lld, '%s', 0, 't', 0)",
		 (long long)patient, (long long)start,
		 (long long)start + 1200000000LL, status);
	exec_sql(p, sql);
	return sqlite3_last_insert_rowid(SQ(p));
}

/* ---- policies ---- */

/* A self policy of patient with payer and rank from from (to: "" open). */
static mo_insurance_new pol(int64_t patient, const char *payer, int rank,
			    const char *from, const char *to)
{
	mo_insurance_new in = {0};
	in.patient = patient;
	in.payer = payer;
	in.rank = rank;
	in.relation = "self";
	in.member_id = "W123-456";
	in.from_day = D(from);
	if (to && *to) {
		in.has_to = true;
		in.to_day = D(to);
	}
	return in;
}

/* in with a spouse as subscriber. */
static mo_insurance_new spouse_of(mo_insurance_new in)
{
	in.relation = "spouse";
	in.subscriber_family = "Doe";
	in.subscriber_given = "John";
	in.subscriber_sex = "male";
	in.has_subscriber_birth = true;
	in.subscriber_birth_day = D("1970-05-06");
	in.subscriber_line1 = "1 Elm St";
	in.subscriber_city = "Springfield";
	in.subscriber_state = "IL";
	in.subscriber_zip = "62701-1234";
	return in;
}

static int64_t add_ok(mo_practice *p, const mo_insurance_new *in)
{
	int64_t id = -1;
	mo_err e = {0};
	if (mo_ins_add(p, "maria", in, &id, &e))
		fail_msg("add %s rank %d: %s", in->payer, in->rank, e.msg);
	assert_true(id > 0);
	return id;
}

/* mo_ins_add refused with code and msg, writing nothing. */
static void add_refused(mo_practice *p, const mo_insurance_new *in, int code,
			const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	int rc = mo_ins_add(p, "maria", in, &id, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc,
			 rc ? e.msg : "added");
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	assert_unchanged(p, &before, 0);
}

static void end_refused(mo_practice *p, int64_t id, const char *to, int code,
			const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	mo_err e = {0};
	assert_int_equal(mo_ins_end(p, "maria", id, D(to), &e), code);
	assert_msg(e, msg);
	assert_unchanged(p, &before, 0);
}

/* The id of the rank policy in force on date, 0 when none. */
static int64_t in_force(mo_practice *p, int64_t patient, const char *date,
			int rank)
{
	char payer[65] = "";
	int64_t id = -1;
	mo_err e = {0};
	int rc = mo_ins_in_force(p, patient, D(date), rank, payer, &id, &e);
	if (rc == MO_ENOTFOUND) {
		assert_int_equal(id, -1);
		assert_msg(e, "has no rank");
		return 0;
	}
	if (rc)
		fail_msg("in force: %s", e.msg);
	assert_true(payer[0]);
	return id;
}

/* ---- copies of what the reads return ---- */

#define MAXC 16

typedef struct copies {
	int n, stop_after;
	int64_t id[MAXC], verified[MAXC], copay[MAXC], ins[MAXC];
	int rank[MAXC];
	bool flag[MAXC];
	char a[MAXC][64], b[MAXC][64], c[MAXC][64], d[MAXC][160],
		g[MAXC][64];
} copies;

static void cp(char *dst, size_t size, const char *s)
{
	snprintf(dst, size, "%s", s ? s : "(null)");
}

static int keep_policy(void *ud, const mo_insurance *i)
{
	copies *c = ud;
	int k = c->n++;
	assert_true(k < MAXC);
	c->id[k] = i->id;
	c->rank[k] = i->rank;
	c->verified[k] = i->verified_us;
	c->flag[k] = i->eligible;
	c->copay[k] = i->copay;
	cp(c->a[k], sizeof c->a[k], i->payer);
	snprintf(c->b[k], sizeof c->b[k], "%s|%s|%s|%s", i->payer_name,
		 i->relation, i->status, i->member_id);
	snprintf(c->c[k], sizeof c->c[k], "%d|%d|%d", i->from_day,
		 i->has_to, i->to_day);
	snprintf(c->d[k], sizeof c->d[k], "%s|%s|%s|%d|%d|%s|%s|%s|%s",
		 i->subscriber_family, i->subscriber_given, i->subscriber_sex,
		 i->has_subscriber_birth, i->subscriber_birth_day,
		 i->subscriber_line1, i->subscriber_city, i->subscriber_state,
		 i->subscriber_zip);
	cp(c->g[k], sizeof c->g[k], i->group_id);
	return c->stop_after && c->n >= c->stop_after ? 42 : 0;
}

static copies list_of(mo_practice *p, int64_t patient, const char *date)
{
	copies c = {0};
	mo_err e = {0};
	if (mo_ins_list(p, "maria", patient, date ? D(date) : 0, keep_policy,
			&c, &e))
		fail_msg("list: %s", e.msg);
	return c;
}

static int keep_check(void *ud, const mo_eligibility *el)
{
	copies *c = ud;
	int k = c->n++;
	assert_true(k < MAXC);
	c->id[k] = el->id;
	c->ins[k] = el->insurance;
	c->verified[k] = el->verified_us;
	c->flag[k] = el->active;
	c->copay[k] = el->copay;
	snprintf(c->b[k], sizeof c->b[k], "%s|%s|%lld|%lld|%d",
		 el->verified_by, el->method, (long long)el->deductible,
		 (long long)el->deductible_met, el->coinsurance);
	cp(c->g[k], sizeof c->g[k], el->note);
	return c->stop_after && c->n >= c->stop_after ? 43 : 0;
}

static int keep_due(void *ud, const mo_ins_due_item *d)
{
	copies *c = ud;
	int k = c->n++;
	assert_true(k < MAXC);
	c->id[k] = d->appointment;
	c->ins[k] = d->insurance;
	c->verified[k] = d->verified_us;
	c->copay[k] = d->patient;
	snprintf(c->a[k], sizeof c->a[k], "%s|%s|%s", d->at, d->patient_name,
		 d->provider);
	cp(c->b[k], sizeof c->b[k], d->payer);
	cp(c->c[k], sizeof c->c[k], d->reason);
	cp(c->d[k], sizeof c->d[k], d->rule);
	return c->stop_after && c->n >= c->stop_after ? 44 : 0;
}

/* A verification of policy ins at the UTC instant now. */
static int64_t verify_at(mo_practice *p, int64_t ins, const char *now,
			 bool active, int64_t copay)
{
	mo_eligibility_new in = {ins, "portal", active, copay, -1, -1, -1,
				 NULL};
	int64_t id = -1;
	mo_err e = {0};
	set_now(now);
	if (mo_ins_verify(p, "maria", &in, &id, &e))
		fail_msg("verify %lld: %s", (long long)ins, e.msg);
	set_now(NOW);
	return id;
}

/* ==== adding: refusals ==== */

static void test_add_refusals(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new ok = pol(ann, "aetna", 1, "2026-01-01", ""), in;
	char long_name[128], long_id[100];
	memset(long_name, 'a', 101);
	long_name[101] = '\0';
	memset(long_id, '7', 81);
	long_id[81] = '\0';
	in = ok, in.payer = "aetnna";
	add_refused(p, &in, MO_EINVAL, "insurance payer: unknown payer "
		    "'aetnna' (did you mean \"aetna\"?)");
	in.payer = "zzzzzzzzz";
	add_refused(p, &in, MO_EINVAL, "insurance payer: unknown payer "
		    "'zzzzzzzzz'");
	assert_int_equal(mo_ins_add(p, "maria", &in, NULL, &(mo_err){0}),
			 MO_EINVAL);
	in.payer = NULL;
	add_refused(p, &in, MO_EINVAL, "insurance payer: required");
	in = ok, in.rank = 0;
	add_refused(p, &in, MO_EINVAL, "insurance rank: expected 1, 2 or 3, "
		    "got 0");
	in.rank = 4;
	add_refused(p, &in, MO_EINVAL, "insurance rank: expected 1, 2 or 3");
	in = ok, in.relation = "cousin";
	add_refused(p, &in, MO_EINVAL, "insurance relation: expected self, "
		    "spouse, child or other, got \"cousin\"");
	in.relation = NULL;
	add_refused(p, &in, MO_EINVAL, "insurance relation: expected self, "
		    "spouse, child or other");
	/* the subscriber */
	in = spouse_of(ok), in.subscriber_family = NULL;
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: required "
		    "when relation is spouse");
	in = spouse_of(ok), in.relation = "child", in.subscriber_given = "";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_given: required "
		    "when relation is child");
	in = ok, in.subscriber_family = "Doe";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: not used "
		    "when relation is self");
	in = ok, in.has_subscriber_birth = true;
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_birth_date: not "
		    "used when relation is self");
	in = spouse_of(ok), in.subscriber_family = "--";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: expected "
		    "a name with a letter or digit, got \"--\"");
	in.subscriber_family = long_name;
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: expected "
		    "1 to 100 characters, got 101");
	in.subscriber_family = "Doe\tSmith";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: expected "
		    "text without control characters");
	in.subscriber_family = "Do\xff";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_family: expected "
		    "valid UTF-8 text");
	in = spouse_of(ok), in.subscriber_sex = "f";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_sex: expected "
		    "female, male, other or unknown, got \"f\"");
	in = spouse_of(ok), in.subscriber_state = "il";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_state: expected a "
		    "state as 2 capital letters");
	in.subscriber_state = "ILL";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_state: expected");
	in = spouse_of(ok), in.subscriber_zip = "6270";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_zip: expected a "
		    "ZIP code such as 62701 or 62701-1234, got \"6270\"");
	in.subscriber_zip = "62701-12";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_zip: expected");
	in.subscriber_zip = "62701 1234";
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_zip: expected");
	in = spouse_of(ok), in.subscriber_line1 = long_name;
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_line1: expected "
		    "1 to 100 characters");
	in = spouse_of(ok), in.subscriber_birth_day = D("2026-11-24");
	add_refused(p, &in, MO_EINVAL, "insurance subscriber_birth_date: "
		    "2026-11-24 is in the future");
	/* ids and days */
	in = ok, in.member_id = NULL;
	add_refused(p, &in, MO_EINVAL, "insurance member_id: expected 1 to 80 "
		    "letters, digits or '-', got \"\"");
	in.member_id = "AB 12";
	add_refused(p, &in, MO_EINVAL, "insurance member_id: expected 1 to 80 "
		    "letters, digits or '-', got \"AB 12\"");
	in.member_id = long_id;
	add_refused(p, &in, MO_EINVAL, "insurance member_id: expected 1 to 80");
	in = ok, in.group_id = "G#1";
	add_refused(p, &in, MO_EINVAL, "insurance group_id: expected 1 to 80 "
		    "letters, digits or '-'");
	in = pol(ann, "aetna", 1, "2026-02-01", "2026-01-31");
	add_refused(p, &in, MO_EINVAL, "insurance to: 2026-01-31 is before "
		    "from 2026-02-01");
	in = ok, in.from_day = -30000;
	add_refused(p, &in, MO_EINVAL, "insurance from: expected a date from "
		    "1900-01-01 to 2999-12-31");
	/* the patient */
	in = ok, in.patient = 99;
	add_refused(p, &in, MO_ENOTFOUND, "insurance patient: no patient 99");
	in.patient = add_patient(p, "Doe", "Annie");
	merge_into(p, in.patient, ann);
	add_refused(p, &in, MO_EINVAL, "insurance patient: patient 2 was "
		    "merged into patient 1; use that record");
	/* and the policy that passes every check */
	in = spouse_of(ok), in.group_id = "GRP-1";
	assert_int_equal(add_ok(p, &in), 1);
	in = ok, in.rank = 2, in.member_id = long_id + 1; /* 80 */
	in.subscriber_family = "";                        /* not given */
	assert_int_equal(add_ok(p, &in), 2);
}

/* ==== adding: the overlap of one rank ==== */

static void test_overlap(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	int64_t bob = add_patient(p, "Roe", "Bob");
	mo_insurance_new in = pol(ann, "aetna", 1, "2026-01-01", "2026-06-30");
	int64_t a = add_ok(p, &in), b;
	pfx_snap before = pfx_snap_take(p, STATE);
	assert_int_equal(before.v[S_INS], 1);
	assert_audit(p, "maria", "insurance.update", "insurance:1",
		     "\"change\":\"add\"");
	/* adjacent: the day after the end */
	in = pol(ann, "medicare", 1, "2026-07-01", "");
	b = add_ok(p, &in);
	/* overlapping the first by one day, the second with no end */
	in = pol(ann, "medicaid", 1, "2026-06-30", "2026-06-30");
	add_refused(p, &in, MO_EEXIST, "insurance: patient 1 has rank 1 policy "
		    "1 in force from 2026-01-01 to 2026-06-30 on some of the "
		    "same days");
	in = pol(ann, "medicaid", 1, "2025-12-01", "2026-01-01");
	add_refused(p, &in, MO_EEXIST, "policy 1 in force from 2026-01-01");
	in = pol(ann, "medicaid", 1, "2030-01-01", "");
	add_refused(p, &in, MO_EEXIST, "insurance: patient 1 has rank 1 policy "
		    "2 in force from 2026-07-01 with no end");
	in = pol(ann, "medicaid", 1, "2025-01-01", "");
	add_refused(p, &in, MO_EEXIST, "rank 1 policy 1 in force");
	/* before them all, another rank, another patient: allowed */
	in = pol(ann, "medicaid", 1, "2025-01-01", "2025-12-31");
	add_ok(p, &in);
	in = pol(ann, "medicaid", 2, "2026-03-01", "");
	add_ok(p, &in);
	in = pol(ann, "medicaid", 3, "2026-03-01", "");
	add_ok(p, &in);
	in = pol(bob, "aetna", 1, "2026-01-01", "");
	add_ok(p, &in);
	assert_int_equal(query_int(p, STATE[S_INS]), 6);
	assert_true(a == 1 && b == 2);
}

/* ==== ending ==== */

static void test_end(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new in = pol(ann, "aetna", 1, "2026-01-01", "2026-06-30");
	int64_t a = add_ok(p, &in), b;
	pfx_snap before;
	mo_err e = {0};
	in = pol(ann, "medicare", 1, "2026-07-01", "");
	b = add_ok(p, &in);
	end_refused(p, 99, "2026-12-31", MO_ENOTFOUND, "no insurance policy 99");
	end_refused(p, b, "2026-06-30", MO_EINVAL, "insurance to: 2026-06-30 "
		    "is before policy 2 starts (2026-07-01)");
	/* a later end of the first would overlap the second */
	end_refused(p, a, "2026-07-01", MO_EEXIST, "insurance: patient 1 has "
		    "rank 1 policy 2 in force from 2026-07-01 with no end");
	before = pfx_snap_take(p, STATE);
	set_now("2026-11-23T16:00:00Z");
	assert_int_equal(mo_ins_end(p, "maria", b, D("2026-12-31"), &e), 0);
	set_now(NOW);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_audit(p, "maria", "insurance.update", "insurance:2",
		     "\"change\":\"end\",\"from\":\"2026-07-01\","
		     "\"insurance\":2,\"patient\":1,\"payer\":\"medicare\","
		     "\"payer_kind\":\"medicare\",\"rank\":1,"
		     "\"to\":\"2026-12-31\"");
	assert_int_equal(query_int(p, "SELECT count(*) FROM insurance WHERE "
				   "id = 2 AND status = 'ended' AND to_day = "
				   "20818 AND updated_by = 'maria' AND "
				   "updated_us = 1795449600000000"), 1);
	/* ending on the first day is allowed; the end can move earlier */
	assert_int_equal(mo_ins_end(p, "maria", b, D("2026-07-01"), &e), 0);
	assert_int_equal(in_force(p, ann, "2026-07-01", 1), b);
	assert_int_equal(in_force(p, ann, "2026-07-02", 1), 0);
	/* then a new policy may start the next day */
	in = pol(ann, "medicaid", 1, "2026-07-02", "");
	assert_int_equal(add_ok(p, &in), 3);
}

/* ==== in force ==== */

static void test_in_force(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new in = pol(ann, "aetna", 1, "2026-02-01", "2026-02-28");
	int64_t a = add_ok(p, &in), b, c;
	pfx_snap before;
	char payer[65] = "";
	mo_err e = {0};
	in = pol(ann, "medicare", 1, "2026-03-01", "");
	b = add_ok(p, &in);
	in = pol(ann, "medicaid", 2, "2026-02-15", "2026-02-20");
	c = add_ok(p, &in);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(in_force(p, ann, "2026-01-31", 1), 0);
	assert_int_equal(in_force(p, ann, "2026-02-01", 1), a); /* first */
	assert_int_equal(in_force(p, ann, "2026-02-28", 1), a); /* last */
	assert_int_equal(in_force(p, ann, "2026-03-01", 1), b);
	assert_int_equal(in_force(p, ann, "2099-12-31", 1), b); /* open */
	assert_int_equal(in_force(p, ann, "2026-02-14", 2), 0);
	assert_int_equal(in_force(p, ann, "2026-02-15", 2), c);
	assert_int_equal(in_force(p, ann, "2026-02-20", 2), c);
	assert_int_equal(in_force(p, ann, "2026-02-21", 2), 0);
	assert_int_equal(in_force(p, ann, "2026-02-15", 3), 0);
	assert_int_equal(in_force(p, 99, "2026-02-15", 1), 0);
	assert_int_equal(mo_ins_in_force(p, ann, D("2026-02-10"), 1, payer,
					 NULL, &e), 0);
	assert_string_equal(payer, "aetna");
	assert_int_equal(mo_ins_in_force(p, ann, D("2026-02-10"), 1, NULL,
					 NULL, &e), 0);
	assert_int_equal(mo_ins_in_force(p, ann, D("2026-02-10"), 4, payer,
					 NULL, &e), MO_EINVAL);
	assert_msg(e, "insurance rank: expected 1, 2 or 3, got 4");
	/* the day after an end */
	assert_int_equal(mo_ins_end(p, "maria", b, D("2026-03-31"), &e), 0);
	before.v[S_AUDIT]++;
	assert_int_equal(in_force(p, ann, "2026-03-31", 1), b);
	assert_int_equal(in_force(p, ann, "2026-04-01", 1), 0);
	/* no audit for the core's own use */
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT]);
}

/* ==== the list ==== */

static void test_list(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	int64_t bob = add_patient(p, "Roe", "Bob");
	mo_insurance_new in = spouse_of(pol(ann, "medicaid", 2, "2026-01-01",
					    ""));
	int64_t sec = add_ok(p, &in), first, old;
	pfx_snap before;
	copies c;
	mo_err e = {0};
	in = pol(ann, "aetna", 1, "2026-01-01", "");
	in.group_id = "GRP-9";
	first = add_ok(p, &in);
	in = pol(ann, "medicare", 1, "2025-01-01", "2025-12-31");
	old = add_ok(p, &in);
	verify_at(p, first, "2026-11-20T15:00:00Z", true, 2500);
	verify_at(p, first, "2026-11-22T15:00:00Z", false, -1);
	before = pfx_snap_take(p, STATE);
	/* all, by rank then start */
	c = list_of(p, ann, NULL);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.id[0], old);
	assert_int_equal(c.id[1], first);
	assert_int_equal(c.id[2], sec);
	assert_int_equal(c.rank[2], 2);
	assert_string_equal(c.b[0], "Medicare Part B|self|active|W123-456");
	assert_string_equal(c.c[0], "20089|1|20453");
	assert_string_equal(c.c[1], "20454|0|0");
	/* self: the patient's own details; spouse: the subscriber's */
	assert_string_equal(c.d[1], "Doe|Ann|female|1|3000|1 Elm St|"
			    "Springfield|IL|62701");
	assert_string_equal(c.d[2], "Doe|John|male|1|125|1 Elm St|"
			    "Springfield|IL|62701-1234");
	assert_string_equal(c.g[1], "GRP-9");
	assert_string_equal(c.g[0], "(null)");
	/* the latest verification */
	assert_int_equal(c.verified[1], 1795359600000000LL);
	assert_false(c.flag[1]);
	assert_int_equal(c.copay[1], -1);
	assert_int_equal(c.verified[0], 0);
	assert_int_equal(c.copay[0], -1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_audit(p, "maria", "patient.read", "patient:1",
		     "{\"date\":null,\"patient\":1,\"read\":\"insurance\"}");
	/* in force on a day */
	c = list_of(p, ann, "2025-06-01");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], old);
	assert_audit(p, "maria", "patient.read", "patient:1",
		     "\"date\":\"2025-06-01\"");
	c = list_of(p, ann, "2026-11-24");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.id[0], first);
	assert_int_equal(c.id[1], sec);
	c = list_of(p, bob, NULL);
	assert_int_equal(c.n, 0);
	/* a callback stops the read; it is audited all the same */
	before = pfx_snap_take(p, STATE);
	c = (copies){.stop_after = 1};
	assert_int_equal(mo_ins_list(p, "nina", ann, 0, keep_policy, &c, &e),
			 42);
	assert_int_equal(c.n, 1);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_audit(p, "nina", "patient.read", "patient:1", NULL);
	/* an unknown patient, a bad day: nothing audited */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_ins_list(p, "maria", 99, 0, keep_policy, &c, &e),
			 MO_ENOTFOUND);
	assert_msg(e, "no patient 99");
	assert_int_equal(mo_ins_list(p, "maria", ann, -30000, keep_policy, &c,
				     &e), MO_EINVAL);
	assert_msg(e, "insurance date: expected a date");
	assert_unchanged(p, &before, 0);
}

/* ==== verifying ==== */

static void verify_refused(mo_practice *p, const mo_eligibility_new *in,
			   int code, const char *msg)
{
	pfx_snap before = pfx_snap_take(p, STATE);
	int64_t id = -7;
	mo_err e = {0};
	int rc = mo_ins_verify(p, "maria", in, &id, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc,
			 rc ? e.msg : "verified");
	assert_msg(e, msg);
	assert_int_equal(id, -7);
	assert_unchanged(p, &before, 0);
}

static void test_verify(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	int64_t dup = add_patient(p, "Doe", "Annie");
	mo_insurance_new pi = pol(ann, "aetna", 1, "2026-01-01", "");
	int64_t ins = add_ok(p, &pi), merged, v1, v2, v3;
	mo_eligibility_new ok = {ins, "phone", true, 2500, 150000, 30000, 20,
				 "spoke with Jane, ref 12345"}, in;
	char note[520];
	pfx_snap before;
	copies c = {0};
	mo_err e = {0};
	memset(note, 'n', 501);
	note[501] = '\0';
	pi = pol(dup, "aetna", 1, "2026-01-01", "");
	merged = add_ok(p, &pi);
	merge_into(p, dup, ann);
	in = ok, in.method = "fax";
	verify_refused(p, &in, MO_EINVAL, "insurance method: expected phone, "
		       "portal, card, x12 or other, got \"fax\"");
	in.method = NULL;
	verify_refused(p, &in, MO_EINVAL, "insurance method: expected");
	in = ok, in.copay = -2;
	verify_refused(p, &in, MO_EINVAL, "insurance copay: expected 0 to "
		       "1000000000000, or -1 for unknown, got -2");
	in = ok, in.deductible = -5;
	verify_refused(p, &in, MO_EINVAL, "insurance deductible: expected");
	in = ok, in.deductible_met = 1000000000001LL;
	verify_refused(p, &in, MO_EINVAL, "insurance deductible_met: expected");
	in = ok, in.coinsurance = 101;
	verify_refused(p, &in, MO_EINVAL, "insurance coinsurance: expected 0 "
		       "to 100, or -1 for unknown, got 101");
	in = ok, in.note = note;
	verify_refused(p, &in, MO_EINVAL, "insurance note: expected 1 to 500 "
		       "characters, got 501");
	in.note = "line\nbreak";
	verify_refused(p, &in, MO_EINVAL, "insurance note: expected text "
		       "without control characters");
	in = ok, in.insurance = 99;
	verify_refused(p, &in, MO_ENOTFOUND, "no insurance policy 99");
	in.insurance = merged;
	verify_refused(p, &in, MO_EINVAL, "insurance patient: patient 2 was "
		       "merged into patient 1");
	/* three checks, each audited with the policy as record */
	before = pfx_snap_take(p, STATE);
	set_now("2026-11-20T15:00:00Z");
	assert_int_equal(mo_ins_verify(p, "maria", &ok, &v1, &e), 0);
	assert_audit(p, "maria", "insurance.verify", "insurance:1",
		     "{\"active\":true,\"coinsurance\":20,\"copay\":2500,"
		     "\"deductible\":150000,\"deductible_met\":30000,"
		     "\"insurance\":1,\"method\":\"phone\",\"note\":\"spoke "
		     "with Jane, ref 12345\",\"patient\":1,\"payer\":\"aetna\","
		     "\"payer_kind\":\"commercial\",\"rank\":1,"
		     "\"verification\":1}");
	set_now(NOW);
	in = (mo_eligibility_new){ins, "x12", false, -1, -1, -1, -1, ""};
	assert_int_equal(mo_ins_verify(p, "maria", &in, &v2, &e), 0);
	assert_audit(p, "maria", "insurance.verify", "insurance:1",
		     "\"coinsurance\":null,\"copay\":null,\"deductible\":null");
	in.method = "card";
	assert_int_equal(mo_ins_verify(p, "maria", &in, &v3, &e), 0);
	assert_true(v1 == 1 && v2 == 2 && v3 == 3);
	assert_int_equal(query_int(p, STATE[S_CHECKS]), before.v[S_CHECKS] + 3);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 3);
	/* the history, newest first (same instant: the later one first) */
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_ins_verifications(p, "nina", ins, keep_check, &c,
					      &e), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.id[0], v3);
	assert_int_equal(c.id[1], v2);
	assert_int_equal(c.id[2], v1);
	assert_int_equal(c.ins[2], ins);
	assert_int_equal(c.verified[2], 1795186800000000LL);
	assert_true(c.flag[2]);
	assert_false(c.flag[1]);
	assert_int_equal(c.copay[2], 2500);
	assert_int_equal(c.copay[1], -1);
	assert_string_equal(c.b[2], "maria|phone|150000|30000|20");
	assert_string_equal(c.b[1], "maria|x12|-1|-1|-1");
	assert_string_equal(c.b[0], "maria|card|-1|-1|-1");
	assert_string_equal(c.g[2], "spoke with Jane, ref 12345");
	assert_string_equal(c.g[1], "(null)");
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_audit(p, "nina", "patient.read", "insurance:1",
		     "{\"insurance\":1,\"patient\":1,\"read\":\"insurance "
		     "verifications\"}");
	c = (copies){.stop_after = 2};
	assert_int_equal(mo_ins_verifications(p, "nina", ins, keep_check, &c,
					      &e), 43);
	assert_int_equal(c.n, 2);
	before = pfx_snap_take(p, STATE);
	assert_int_equal(mo_ins_verifications(p, "nina", 99, keep_check, &c,
					      &e), MO_ENOTFOUND);
	assert_unchanged(p, &before, 0);
	/* the list shows the latest */
	c = list_of(p, ann, NULL);
	assert_int_equal(c.n, 1);
	assert_false(c.flag[0]);
	assert_int_equal(c.verified[0], 1795446000000000LL);
}

/* ==== permissions ==== */

static void test_denied(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new in = pol(ann, "aetna", 1, "2026-01-01", "");
	int64_t ins = add_ok(p, &in);
	mo_eligibility_new v = {ins, "portal", true, -1, -1, -1, -1, NULL};
	pfx_snap before = pfx_snap_take(p, STATE);
	copies c = {0};
	mo_err e = {0};
	in = pol(ann, "aetna", 2, "2026-01-01", "");
	assert_int_equal(mo_ins_add(p, "nina", &in, NULL, &e), MO_EDENIED);
	assert_msg(e, "nina may not insurance.update: the job Nurse (nurse) "
		   "does not permit it");
	assert_int_equal(mo_ins_end(p, "nina", ins, D("2026-12-31"), &e),
			 MO_EDENIED);
	assert_msg(e, "nina may not insurance.update");
	assert_int_equal(mo_ins_verify(p, "nina", &v, NULL, &e), MO_EDENIED);
	assert_msg(e, "nina may not insurance.verify");
	assert_int_equal(mo_ins_list(p, "nobody", ann, 0, keep_policy, &c, &e),
			 MO_EDENIED);
	assert_msg(e, "nobody is not an active staff member");
	assert_int_equal(mo_ins_due(p, "nobody", D("2026-11-24"), keep_due, &c,
				    &e), MO_EDENIED);
	assert_int_equal(c.n, 0);
	/* nothing written but the five denials, in the decision log */
	assert_unchanged(p, &before, 5);
	assert_int_equal(query_int(p, "SELECT count(*) FROM decision WHERE "
				   "verdict = 'deny' AND actor = 'nina' AND "
				   "action LIKE 'insurance.%'"), 3);
	/* the office's own, medoffice itself, may */
	assert_int_equal(mo_ins_end(p, MO_ACTOR_SYSTEM, ins, D("2026-12-31"),
				    &e), 0);
	assert_audit(p, "system", "insurance.update", "insurance:1", NULL);
}

/* ==== the verification list ==== */

/* The day's schedule: eleven appointments around Tuesday 2026-11-24. */
typedef struct day_book {
	int64_t pt[9], ap[11];
} day_book;

static day_book book_day(mo_practice *p)
{
	static const char *const names[9] = {"Able", "Baker", "Cole", "Dunn",
		"Ellis", "Fox", "Gray", "Hill", "Irwin"};
	day_book b;
	mo_insurance_new in;
	for (int i = 0; i < 9; i++)
		b.pt[i] = add_patient(p, names[i], "Pat");
	/* A never verified; B 5 days ago; C 25 days ago (limit 20); D
	 * yesterday, not active; E none; F ended; G only a secondary; H
	 * never (late evening); I 54 days ago and again after the day */
	in = pol(b.pt[0], "aetna", 1, "2026-01-01", "");
	add_ok(p, &in);
	in = pol(b.pt[1], "medicare", 1, "2026-01-01", "");
	verify_at(p, add_ok(p, &in), "2026-11-19T18:00:00Z", true, 0);
	in = pol(b.pt[2], "aetna", 1, "2026-01-01", "");
	verify_at(p, add_ok(p, &in), "2026-10-30T15:00:00Z", true, 2000);
	in = pol(b.pt[3], "medicaid", 1, "2026-01-01", "");
	verify_at(p, add_ok(p, &in), "2026-11-23T15:00:00Z", false, -1);
	in = pol(b.pt[5], "aetna", 1, "2026-01-01", "2026-11-23");
	add_ok(p, &in);
	in = pol(b.pt[6], "aetna", 2, "2026-01-01", "");
	add_ok(p, &in);
	in = pol(b.pt[7], "aetna", 1, "2026-11-24", "2026-11-24");
	add_ok(p, &in);
	in = pol(b.pt[8], "aetna", 1, "2026-01-01", "");
	int64_t last = add_ok(p, &in);
	verify_at(p, last, "2026-10-01T15:00:00Z", true, -1);
	verify_at(p, last, "2026-11-25T06:00:00Z", true, -1); /* 00:00 25th */
	b.ap[0] = add_appt(p, b.pt[1], "2026-11-24 08:00", "booked");
	b.ap[1] = add_appt(p, b.pt[0], "2026-11-24 08:30", "booked");
	b.ap[2] = add_appt(p, b.pt[2], "2026-11-24 09:00", "booked");
	b.ap[3] = add_appt(p, b.pt[3], "2026-11-24 09:30", "booked");
	b.ap[4] = add_appt(p, b.pt[4], "2026-11-24 10:00", "booked");
	b.ap[5] = add_appt(p, b.pt[5], "2026-11-24 10:30", "booked");
	b.ap[6] = add_appt(p, b.pt[6], "2026-11-24 11:00", "booked");
	b.ap[7] = add_appt(p, b.pt[7], "2026-11-24 23:30", "booked");
	b.ap[8] = add_appt(p, b.pt[8], "2026-11-24 12:00", "booked");
	/* not that day's booked visits */
	b.ap[9] = add_appt(p, b.pt[0], "2026-11-24 15:00", "cancelled");
	b.ap[10] = add_appt(p, b.pt[0], "2026-11-25 00:00", "booked");
	add_appt(p, b.pt[0], "2026-11-23 23:59", "booked");
	return b;
}

static copies due_of(mo_practice *p, const char *actor, const char *date)
{
	copies c = {0};
	mo_err e = {0};
	if (mo_ins_due(p, actor, D(date), keep_due, &c, &e))
		fail_msg("due: %s", e.msg);
	return c;
}

static void test_due(void **state)
{
	mo_practice *p = P(state);
	day_book b = book_day(p);
	pfx_snap before = pfx_snap_take(p, STATE);
	copies c = due_of(p, "maria", "2026-11-24");
	static const char rule[] = "'re-verify insurance before the visit' "
		"(policies/billing/eligibility.lua:";
	/* in time order: A, C, D, E, F, G, I, H; not B (5 days ago) */
	assert_int_equal(c.n, 8);
	assert_int_equal(c.id[0], b.ap[1]);
	assert_string_equal(c.a[0], "2026-11-24 08:30|Able, Pat|drlee");
	assert_string_equal(c.b[0], "aetna");
	assert_int_equal(c.verified[0], 0);
	assert_string_equal(c.c[0], "never verified");
	assert_true(strstr(c.d[0], rule) == c.d[0]);
	assert_int_equal(c.id[1], b.ap[2]);
	assert_string_equal(c.c[1], "last verified 2026-10-30, 25 days before "
			    "the visit (limit 20)");
	assert_int_equal(c.id[2], b.ap[3]);
	assert_string_equal(c.b[2], "medicaid");
	assert_string_equal(c.c[2], "the last check (2026-11-23) said the "
			    "policy was not active");
	for (int i = 3; i < 6; i++) {
		assert_int_equal(c.id[i], b.ap[i + 1]);
		assert_int_equal(c.ins[i], 0);
		assert_string_equal(c.b[i], "(null)");
		assert_string_equal(c.c[i], "no insurance on file");
		assert_string_equal(c.d[i], "(null)");
	}
	assert_int_equal(c.copay[3], b.pt[4]);
	/* I: the check after the day does not count */
	assert_int_equal(c.id[6], b.ap[8]);
	assert_string_equal(c.c[6], "last verified 2026-10-01, 54 days before "
			    "the visit (limit 20)");
	assert_int_equal(c.verified[6], 1790866800000000LL);
	/* H at 23:30 local, 05:30 UTC the next day */
	assert_int_equal(c.id[7], b.ap[7]);
	assert_string_equal(c.a[7], "2026-11-24 23:30|Hill, Pat|drlee");
	assert_string_equal(c.c[7], "never verified");
	/* one audited read */
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	assert_audit(p, "maria", "patient.read", "insurance:due",
		     "{\"date\":\"2026-11-24\",\"read\":\"insurance "
		     "verification list\"}");
	/* the next day: the midnight visit, never verified */
	c = due_of(p, "nina", "2026-11-25");
	assert_int_equal(c.n, 1);
	assert_int_equal(c.id[0], b.ap[10]);
	assert_string_equal(c.c[0], "never verified");
	/* a callback stops it, audited all the same */
	before = pfx_snap_take(p, STATE);
	c = (copies){.stop_after = 2};
	assert_int_equal(mo_ins_due(p, "maria", D("2026-11-24"), keep_due, &c,
				    &(mo_err){0}), 44);
	assert_int_equal(c.n, 2);
	assert_int_equal(query_int(p, STATE[S_AUDIT]), before.v[S_AUDIT] + 1);
	/* an empty day */
	c = due_of(p, "maria", "2026-11-26");
	assert_int_equal(c.n, 0);
}

/* ==== the facts the rules see (a C hook for the Lua engine) ==== */

typedef struct hook {
	const char *deny; /* this action is denied (without a reason) */
	int calls, rc;
	char actor[32], action[32], facts[1024];
} hook;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	char *json = mo_facts_json(facts, n);
	h->calls++;
	cp(h->actor, sizeof h->actor, actor);
	cp(h->action, sizeof h->action, action);
	cp(h->facts, sizeof h->facts, json);
	free(json);
	if (h->rc)
		return mo_err_set(e, h->rc, "rule 'broken' failed");
	out->verdict = h->deny && strcmp(action, h->deny) == 0
		? MO_VERDICT_DENY : MO_VERDICT_NONE;
	out->reason[0] = out->rule[0] = '\0';
	return 0;
}

static void test_facts(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new in = spouse_of(pol(ann, "aetna", 1, "2026-01-01",
					    "2026-12-31"));
	hook h = {0};
	copies c;
	pfx_snap before;
	mo_err e = {0};
	int64_t ins;
	mo_practice_set_hooks(p, &(mo_hooks){&h, decide, NULL, NULL, NULL});
	in.group_id = "G1";
	ins = add_ok(p, &in);
	assert_string_equal(h.action, "insurance.update");
	assert_string_equal(h.facts, "{\"change\":\"add\",\"from\":"
			    "\"2026-01-01\",\"group_id\":\"G1\",\"member_id\":"
			    "\"W123-456\",\"patient\":1,\"payer\":\"aetna\","
			    "\"payer_kind\":\"commercial\",\"rank\":1,"
			    "\"relation\":\"spouse\",\"to\":\"2026-12-31\"}");
	assert_audit(p, "maria", "insurance.update", "insurance:1", h.facts);
	verify_at(p, ins, "2026-11-13T15:00:00Z", true, 1500);
	assert_string_equal(h.action, "insurance.verify");
	/* the list: a visit verified 11 days before, and one without a
	 * policy (the rules are not asked about it) */
	add_appt(p, ann, "2026-11-24 09:00", "booked");
	add_appt(p, add_patient(p, "Roe", "Bob"), "2026-11-24 10:00", "booked");
	h.calls = 0;
	c = due_of(p, "maria", "2026-11-24");
	assert_int_equal(h.calls, 2); /* the read, then Ann's visit */
	assert_string_equal(h.actor, "system");
	assert_string_equal(h.action, "eligibility.check");
	assert_string_equal(h.facts, "{\"active\":true,\"appointment\":1,"
			    "\"days_since\":11,\"insurance\":1,\"patient\":1,"
			    "\"payer\":\"aetna\",\"payer_kind\":\"commercial\","
			    "\"provider\":\"drlee\",\"rank\":1,\"verified\":"
			    "\"2026-11-13\",\"visit_date\":\"2026-11-24\"}");
	assert_int_equal(c.n, 1); /* no opinion leaves Ann out */
	assert_string_equal(c.c[0], "no insurance on file");
	/* a denial without a reason or a rule name */
	h.deny = "eligibility.check";
	c = due_of(p, "maria", "2026-11-24");
	assert_int_equal(c.n, 2);
	assert_int_equal(c.ins[0], ins);
	assert_string_equal(c.c[0], "the rules ask for a verification");
	assert_string_equal(c.d[0], "");
	/* a failing rule fails the read, which writes nothing */
	h.rc = MO_ELUA;
	before = pfx_snap_take(p, STATE);
	c = (copies){0};
	assert_int_equal(mo_ins_due(p, "maria", D("2026-11-24"), keep_due, &c,
				    &e), MO_ELUA);
	assert_msg(e, "rule 'broken' failed");
	assert_int_equal(c.n, 0);
	assert_unchanged(p, &before, 0);
	mo_practice_set_hooks(p, NULL);
}

static void test_facts_never(void **state)
{
	mo_practice *p = P(state);
	int64_t ann = add_patient(p, "Doe", "Ann");
	mo_insurance_new in = pol(ann, "medicare", 1, "2026-01-01", "");
	hook h = {0};
	copies c;
	add_ok(p, &in);
	add_appt(p, ann, "2026-11-24 09:00", "booked");
	mo_practice_set_hooks(p, &(mo_hooks){&h, decide, NULL, NULL, NULL});
	c = due_of(p, "maria", "2026-11-24");
	/* never verified: verified null, no days_since nor active */
	assert_string_equal(h.facts, "{\"appointment\":1,\"insurance\":1,"
			    "\"patient\":1,\"payer\":\"medicare\","
			    "\"payer_kind\":\"medicare\",\"provider\":"
			    "\"drlee\",\"rank\":1,\"verified\":null,"
			    "\"visit_date\":\"2026-11-24\"}");
	assert_int_equal(c.n, 0);
	mo_practice_set_hooks(p, NULL);
}

/* ==== the eligibility request file (270) ==== */

typedef struct skips {
	int n;
	int64_t patient[MAXC];
	char why[MAXC][400];
} skips;

static void keep_skip(void *ud, const mo_ins_270_skip *s)
{
	skips *k = ud;
	assert_true(k->n < MAXC);
	k->patient[k->n] = s->patient;
	snprintf(k->why[k->n++], sizeof k->why[0], "%s|%s|%s",
		 s->patient_name, s->payer, s->reason);
}

/* The file for date (NULL: the default, tomorrow) as maria; caller frees
 * the text with free(). */
static char *file_270(mo_practice *p, const char *date,
		      mo_ins_270_result *res, skips *k)
{
	mo_ins_270 in = {date ? D(date) : 0, 0, 0};
	char *out = NULL;
	size_t len = 0;
	mo_err e = {0};
	if (mo_ins_eligibility_file(p, "maria", &in, &out, &len, res,
				    keep_skip, k, &e))
		fail_msg("270: %s", e.msg);
	assert_int_equal(strlen(out), len);
	return out;
}

/* Element el of each segment id (with element 1 q, when given) of x,
 * joined with '|'. */
static void elements(const mo_x12 *x, const char *id, const char *q,
		     unsigned el, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (size_t seg = 0; seg < mo_x12_count(x); seg++)
		if (!strcmp(mo_x12_id(x, seg), id) &&
		    (!q || !strcmp(mo_x12_element(x, seg, 1), q)))
			n += (size_t)snprintf(out + n, size - n, "%s%s",
					      n ? "|" : "",
					      mo_x12_element(x, seg, el));
}

static void test_270_file(void **state)
{
	mo_practice *p = P(state);
	day_book b = book_day(p);
	int64_t kim = add_patient(p, "Kent", "Kim"), longest;
	mo_insurance_new in = spouse_of(pol(kim, "aetna", 1, "2026-01-01", ""));
	mo_ins_270_result res = {0};
	skips k = {0};
	char *text, got[512], want[512];
	mo_x12 *x = NULL;
	mo_err e = {0};
	int64_t kim_pol = add_ok(p, &in);
	longest = add_patient(p, "Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq"
			      "rstuvwxyzabcdefghi", "Lee");
	in = pol(longest, "medicare", 1, "2026-01-01", "");
	add_ok(p, &in);
	add_appt(p, kim, "2026-11-24 13:00", "booked");
	add_appt(p, longest, "2026-11-24 14:00", "booked");
	add_appt(p, b.pt[0], "2026-11-24 16:00", "booked"); /* Able again */
	exec_sql(p, "INSERT INTO claim_batch(payer, control, claims, total, "
		 "created_us, created_by) VALUES('aetna', 41, 1, 100, 0, 't')");
	text = file_270(p, NULL, &res, &k);
	/* Able, Cole, Hill, Irwin and Kim (a dependent) with aetna, Baker
	 * with medicare; Dunn (medicaid has no payer_id) and the name too
	 * long for NM103 skipped */
	assert_int_equal(res.control, 42);
	assert_int_equal(res.requests, 6);
	assert_int_equal(res.payers, 2);
	assert_int_equal(res.skipped, 2);
	assert_int_equal(k.n, 2);
	assert_int_equal(k.patient[0], b.pt[3]);
	assert_string_equal(k.why[0], "Dunn, Pat|medicaid|payer medicaid has "
			    "no payer_id in practice.yaml");
	assert_int_equal(k.patient[1], longest);
	if (!strstr(k.why[1], "subscriber.family: expected at most 60 "
		    "characters, found 61"))
		fail_msg("skipped: %s", k.why[1]);
	assert_int_equal(mo_x12_parse(text, strlen(text), &x, &e), 0);
	assert_string_equal(mo_x12_element(x, 0, 6), "1245319599     ");
	assert_string_equal(mo_x12_element(x, 0, 8), "CLEARHOUSE1    ");
	assert_string_equal(mo_x12_element(x, 0, 13), "000000042");
	assert_string_equal(mo_x12_element(x, 0, 15), "T");
	assert_string_equal(mo_x12_element(x, 1, 1), "HS");
	elements(x, "NM1", "PR", 9, got, sizeof got);
	assert_string_equal(got, "60054|MCR06");
	elements(x, "HL", NULL, 3, got, sizeof got);
	assert_string_equal(got, "20|21|22|22|22|22|22|23|20|21|22");
	elements(x, "NM1", "IL", 3, got, sizeof got);
	assert_string_equal(got, "Able|Cole|Hill|Irwin|Doe|Baker");
	elements(x, "NM1", "03", 3, got, sizeof got);
	assert_string_equal(got, "Kent");
	elements(x, "TRN", NULL, 2, got, sizeof got);
	snprintf(want, sizeof want, "42-1|42-3|42-7|42-8|42-%lld|42-2",
		 (long long)kim_pol);
	assert_string_equal(got, want);
	elements(x, "TRN", NULL, 3, got, sizeof got);
	assert_string_equal(got, "1361234567|1361234567|1361234567|"
			    "1361234567|1361234567|1361234567");
	elements(x, "DTP", "291", 3, got, sizeof got);
	assert_string_equal(got, "20261124|20261124|20261124|20261124|"
			    "20261124|20261124");
	elements(x, "NM1", "1P", 9, got, sizeof got);
	assert_string_equal(got, "1245319599|1245319599");
	mo_x12_free(x);
	free(text);
	assert_int_equal(query_int(p, "SELECT count(*) FROM eligibility_batch "
				   "WHERE day = 20781 AND control = 42 AND "
				   "requests = 6 AND created_by = 'maria'"), 1);
	assert_audit(p, "maria", "insurance.verify", "eligibility_batch:1",
		     "\"requests\":6");
	assert_audit(p, "maria", "insurance.verify", "eligibility_batch:1",
		     "\"skipped\":2");
	/* the next file takes the next control number */
	k = (skips){0};
	free(file_270(p, "2026-11-24", &res, &k));
	assert_int_equal(res.control, 43);
	assert_int_equal(res.batch, 2);
	/* the secondary policies of the day: Gray's */
	k = (skips){0};
	mo_ins_270 second = {D("2026-11-24"), 2, 'P'};
	char *out = NULL;
	size_t len = 0;
	assert_int_equal(mo_ins_eligibility_file(p, "maria", &second, &out,
						 &len, &res, NULL, NULL, &e),
			 0);
	assert_int_equal(res.requests, 1);
	assert_non_null(strstr(out, "*P*:~"));
	assert_non_null(strstr(out, "NM1*IL*1*Gray*Pat****MI*W123-456~"));
	free(out);
}

/* mo_ins_eligibility_file refused with code and msg: no text, no batch. */
static void refused_270(mo_practice *p, const char *actor,
			const mo_ins_270 *in, int code, const char *msg)
{
	static const char batches[] = "SELECT count(*) FROM eligibility_batch";
	int64_t before = query_int(p, batches);
	char *out = (char *)1;
	size_t len = 9;
	mo_err e = {0};
	int rc = mo_ins_eligibility_file(p, actor, in, &out, &len, NULL,
					 NULL, NULL, &e);
	if (rc != code)
		fail_msg("expected %d (%s), got %d: %s", code, msg, rc,
			 rc ? e.msg : "made");
	assert_msg(e, msg);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(query_int(p, batches), before);
	assert_int_equal(mo_db_tx_depth(mo_practice_db(p)), 0);
}

static void test_270_refused(void **state)
{
	mo_practice *p = P(state);
	pfx_snap before;
	book_day(p);
	before = pfx_snap_take(p, STATE);
	refused_270(p, "maria", &(mo_ins_270){0, 4, 0}, MO_EINVAL,
		    "insurance rank: expected 1, 2 or 3, got 4");
	refused_270(p, "maria", &(mo_ins_270){0, 1, 'X'}, MO_EINVAL,
		    "insurance 270 usage: expected T (test) or P (production)");
	refused_270(p, "maria", &(mo_ins_270){376200, 1, 0}, MO_EINVAL,
		    "insurance date: expected a date from 1900-01-01 to "
		    "2999-12-31, got day 376200");
	assert_unchanged(p, &before, 0);
	/* the nurse may not verify insurance: denied and logged */
	refused_270(p, "nina", &(mo_ins_270){0}, MO_EDENIED,
		    "nina may not insurance.verify");
	assert_unchanged(p, &before, 1);
	/* a day without visits: nothing to ask, but the read is audited */
	refused_270(p, "maria", &(mo_ins_270){D("2026-11-30"), 0, 0},
		    MO_ENOTFOUND, "insurance 270: no booked visit on 2026-11-30 "
		    "has a rank 1 policy a 270 can ask about (0 skipped)");
	assert_int_equal(query_int(p, "SELECT count(*) FROM audit"),
			 before.v[S_AUDIT] + 1);
	assert_audit(p, "maria", "insurance.verify", "insurance:270",
		     "\"requests\":0");
}

/* A practice with the given practice: lines, two payers with ids, no
 * clearinghouse; the caller closes it with pfx_close(). */
static mo_practice *bare_practice(const char *practice, char dir[64])
{
	char yaml[1024];
	mo_practice *p = NULL;
	snprintf(yaml, sizeof yaml, "practice:\n  name: Bare\n"
		 "  timezone: America/Chicago\n%s"
		 "locations: [{ id: main, name: Main }]\n"
		 "staff: [{ id: maria, name: Maria, job: desk }]\n"
		 "fee_schedules: [{ id: standard, name: Standard, fees: [] }]\n"
		 "payers:\n"
		 "  - { id: aetna, name: Aetna, payer_id: \"60054\", kind: "
		 "commercial, fee_schedule: standard }\n"
		 "  - { id: medicare, name: Medicare, payer_id: MCR06, kind: "
		 "medicare, fee_schedule: standard }\n", practice);
	if (pfx_open("ins270", yaml, dir, &p))
		fail_msg("cannot open the bare practice");
	return p;
}

static void test_270_receiver(void **state)
{
	char dir[64];
	mo_practice *p = bare_practice("  npi: \"1245319599\"\n"
				       "  tax_id: \"36-1234567\"\n", dir);
	int64_t ann = add_patient(p, "Ann", "Able"), bo = add_patient(p, "Bo",
								       "Baker");
	mo_insurance_new in = pol(ann, "aetna", 1, "2026-01-01", "");
	mo_ins_270_result res = {0};
	skips k = {0};
	char *text;
	(void)state;
	add_ok(p, &in);
	in = pol(bo, "medicare", 1, "2026-01-01", "");
	add_ok(p, &in);
	add_appt(p, ann, "2026-11-24 09:00", "booked");
	add_appt(p, bo, "2026-11-25 09:00", "booked");
	/* one payer: the receiver is its payer id */
	text = file_270(p, "2026-11-24", &res, &k);
	assert_non_null(strstr(text, "*ZZ*60054          *"));
	assert_non_null(strstr(text, "TRN*1*1-1*1361234567~"));
	free(text);
	/* two payers need the clearinghouse */
	add_appt(p, bo, "2026-11-24 10:00", "booked");
	refused_270(p, "maria", &(mo_ins_270){D("2026-11-24"), 0, 0},
		    MO_EINVAL, "insurance 270: the requests go to 2 payers "
		    "(60054, MCR06) and one file has one receiver: set "
		    "settings.billing.clearinghouse_id in practice.yaml");
	pfx_close(p, dir);
	/* no NPI, no tax id */
	p = bare_practice("", dir);
	refused_270(p, "maria", &(mo_ins_270){0}, MO_EINVAL, "insurance 270: "
		    "practice.npi is required in practice.yaml");
	pfx_close(p, dir);
	p = bare_practice("  npi: \"1245319599\"\n", dir);
	refused_270(p, "maria", &(mo_ins_270){0}, MO_EINVAL, "insurance 270: "
		    "practice.tax_id is required in practice.yaml");
	pfx_close(p, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_force, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_denied, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_facts_never, setup, teardown),
		cmocka_unit_test_setup_teardown(test_270_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_270_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_270_receiver, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
