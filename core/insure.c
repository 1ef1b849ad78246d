/* insure.c: patients' insurance policies and their verification (see
 * insure.h). The checks of a new policy and of a verification run before
 * anything is written; the patient, the overlap of policies of one rank
 * and the rows are checked and written inside one operation. Reads are
 * audited patient.read operations; the verification list asks the rules
 * (eligibility.check) as medoffice itself, as shift.c does for staffing.
 * The eligibility request file copies each policy to ask about out of
 * its row, leaves out (saying why) what the 270 cannot carry, and writes
 * the rest grouped by payer with x270.h. It uses practice.h (operations,
 * audited reads, decisions), patient.h (an active patient, the name key),
 * tz.h (a day's bounds, local times), units.h (dates, quoting,
 * suggestions), claim.h (the interchange control number), x270.h,
 * clock.h and SQLite through db.h. */
#include "insure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "clock.h"
#include "codes.h"
#include "patient.h"
#include "tz.h"
#include "units.h"
#include "x270.h"

#define MEMBER_MAX 80
#define NOTE_MAX 500

/* For relation self, the subscriber is the patient (insure.h). */
#define SUB(c) "CASE WHEN i.relation = 'self' THEN p." #c \
	" ELSE i.subscriber_" #c " END"
/* Policy i is in force on day d. */
#define IN_FORCE(d) "i.from_day <= " d " AND (i.to_day IS NULL OR " \
	"i.to_day >= " d ")"

static const char SQL_LIST[] = "SELECT i.id, i.patient, i.payer, "
	"i.relation, i.rank, " SUB(family) ", " SUB(given) ", " SUB(sex) ", "
	SUB(birth_day) ", " SUB(line1) ", " SUB(city) ", " SUB(state) ", "
	SUB(zip) ", i.member_id, i.group_id, i.from_day, i.to_day, i.status "
	"FROM insurance i JOIN patient p ON p.id = i.patient "
	"WHERE i.patient = ?1 AND (?2 IS NULL OR (" IN_FORCE("?2") ")) "
	"ORDER BY i.rank, i.from_day, i.id";
static const char SQL_GET[] = "SELECT patient, payer, rank, from_day, "
	"to_day FROM insurance WHERE id = ?1";
static const char SQL_IN_FORCE[] = "SELECT i.id, i.payer FROM insurance i "
	"WHERE i.patient = ?1 AND i.rank = ?3 AND " IN_FORCE("?2")
	" ORDER BY i.from_day DESC, i.id DESC LIMIT 1";
static const char SQL_OVERLAP[] = "SELECT id, from_day, to_day FROM "
	"insurance WHERE patient = ?1 AND rank = ?2 AND id <> ?3 AND "
	"(to_day IS NULL OR to_day >= ?4) AND (?5 IS NULL OR from_day <= ?5) "
	"ORDER BY from_day LIMIT 1";
static const char SQL_INSERT[] = "INSERT INTO insurance(patient, payer, "
	"rank, relation, subscriber_family, subscriber_given, subscriber_sex, "
	"subscriber_birth_day, subscriber_line1, subscriber_city, "
	"subscriber_state, subscriber_zip, member_id, group_id, from_day, "
	"to_day, created_us, created_by, updated_us, updated_by) VALUES(?1, "
	"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
	"?17, ?18, ?17, ?18)";
static const char SQL_END[] = "UPDATE insurance SET to_day = ?2, "
	"status = 'ended', updated_us = ?3, updated_by = ?4 WHERE id = ?1";
static const char SQL_VERIFY[] = "INSERT INTO eligibility(insurance, "
	"verified_us, verified_by, method, active, copay, deductible, "
	"deductible_met, coinsurance, note) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "
	"?7, ?8, ?9, ?10)";
static const char SQL_LATEST[] = "SELECT verified_us, active, copay FROM "
	"eligibility WHERE insurance = ?1 AND verified_us < ?2 "
	"ORDER BY verified_us DESC, id DESC LIMIT 1";
static const char SQL_CHECKS[] = "SELECT id, insurance, verified_us, "
	"verified_by, method, active, copay, deductible, deductible_met, "
	"coinsurance, note FROM eligibility WHERE insurance = ?1 "
	"ORDER BY verified_us DESC, id DESC";
static const char SQL_DAY[] = "SELECT a.id, a.patient, p.family || ', ' || "
	"p.given, a.start_us, a.provider FROM appointment a JOIN patient p "
	"ON p.id = a.patient WHERE a.status = 'booked' AND a.start_us >= ?1 "
	"AND a.start_us < ?2 ORDER BY a.start_us, a.id";

static const char *const RELATIONS[] = {"self", "spouse", "child", "other",
					NULL};
static const char *const METHODS[] = {"phone", "portal", "card", "x12",
				      "other", NULL};
static const char MEMBER_CHARS[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	"abcdefghijklmnopqrstuvwxyz0123456789-";

/* ---- checks ---- */

static bool given(const char *s)
{
	return s && *s;
}

static bool one_of(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

/* s is exactly n characters of set. */
static bool all_in(const char *s, size_t n, const char *set)
{
	return strlen(s) == n && strspn(s, set) == n;
}

static int bad(mo_err *e, const char *field, const char *what,
	       const char *got)
{
	char q[MO_QUOTE_MAX + 16];
	got = got ? got : "";
	return mo_err_set(e, MO_EINVAL, "insurance %s: expected %s, got %s",
			  field, what, mo_quote(got, strlen(got), q, sizeof q));
}

static int check_day(const char *field, int32_t day, mo_err *e)
{
	if (day >= mo_days_from_civil(1900, 1, 1) &&
	    day <= mo_days_from_civil(2999, 12, 31))
		return 0;
	return mo_err_set(e, MO_EINVAL, "insurance %s: expected a date from "
			  "1900-01-01 to 2999-12-31, got day %ld", field,
			  (long)day);
}

/* Text of 1 to max characters without control characters, valid UTF-8
 * (the name key decodes it); a name also needs a letter or digit. */
static int check_text(const char *field, const char *s, size_t max,
		      bool name, mo_err *e)
{
	char key[4 * NOTE_MAX + 1];
	size_t n = mo_utf8_chars(s);
	int k;
	if (n < 1 || n > max)
		return mo_err_set(e, MO_EINVAL, "insurance %s: expected 1 to "
				  "%zu characters, got %zu", field, max, n);
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u < 0x20 || *u == 0x7F)
			return bad(e, field, "text without control characters",
				   s);
	if ((k = mo_patient_name_key(s, key, sizeof key)) < 0)
		return bad(e, field, "valid UTF-8 text", s);
	if (name && k == 0)
		return bad(e, field, "a name with a letter or digit", s);
	return 0;
}

static int check_payer(const mo_config *c, const char *payer, mo_err *e)
{
	const char **ids;
	const char *hint;
	int rc;
	if (!given(payer))
		return mo_err_set(e, MO_EINVAL, "insurance payer: required (a "
				  "payers[].id of practice.yaml)");
	if (mo_config_payer(c, payer))
		return 0;
	if (!(ids = calloc(c->npayers + 1, sizeof *ids)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->npayers; i++)
		ids[i] = c->payers[i].id;
	hint = mo_suggest(payer, ids);
	rc = mo_err_set(e, MO_EINVAL, "insurance payer: unknown payer '%.80s'"
			"%s%s%s", payer, hint ? " (did you mean \"" : "",
			hint ? hint : "", hint ? "\"?)" : "");
	free(ids);
	return rc;
}

/* ---- the subscriber ---- */

typedef enum { S_NAME, S_TEXT, S_SEX, S_STATE, S_ZIP } sub_kind;

typedef struct sub_field {
	const char *shown, *v;
	sub_kind kind;
	bool required;
} sub_field;

enum { NSUB = 7 };

static void sub_fields(const mo_insurance_new *in, sub_field f[NSUB])
{
	f[0] = (sub_field){"subscriber_family", in->subscriber_family, S_NAME,
			   true};
	f[1] = (sub_field){"subscriber_given", in->subscriber_given, S_NAME,
			   true};
	f[2] = (sub_field){"subscriber_sex", in->subscriber_sex, S_SEX, false};
	f[3] = (sub_field){"subscriber_line1", in->subscriber_line1, S_TEXT,
			   false};
	f[4] = (sub_field){"subscriber_city", in->subscriber_city, S_TEXT,
			   false};
	f[5] = (sub_field){"subscriber_state", in->subscriber_state, S_STATE,
			   false};
	f[6] = (sub_field){"subscriber_zip", in->subscriber_zip, S_ZIP, false};
}

static int check_sub_value(const sub_field *f, mo_err *e)
{
	const char *s = f->v;
	switch (f->kind) {
	case S_NAME: case S_TEXT:
		return check_text(f->shown, s, MO_PATIENT_TEXT_MAX,
				  f->kind == S_NAME, e);
	case S_SEX:
		return mo_patient_sex_valid(s) ? 0 : bad(e, f->shown, "female, "
							 "male, other or "
							 "unknown", s);
	case S_STATE:
		return mo_codes_state_valid(s) ? 0 : bad(e, f->shown, "a state "
							 "as 2 capital letters "
							 "such as IL", s);
	default:
		return mo_codes_zip_valid(s) ? 0 : bad(e, f->shown, "a ZIP code "
						      "such as 62701 or "
						      "62701-1234", s);
	}
}

/* The subscriber: none for self (the patient), else a named person. */
static int check_subscriber(const mo_insurance_new *in, int32_t today,
			    mo_err *e)
{
	bool self = strcmp(in->relation, "self") == 0;
	char d[11];
	sub_field f[NSUB];
	int rc;
	sub_fields(in, f);
	for (int i = 0; i < NSUB; i++) {
		if (self && given(f[i].v))
			return mo_err_set(e, MO_EINVAL, "insurance %s: not used "
					  "when relation is self (the patient is "
					  "the subscriber)", f[i].shown);
		if (!self && f[i].required && !given(f[i].v))
			return mo_err_set(e, MO_EINVAL, "insurance %s: required "
					  "when relation is %s", f[i].shown,
					  in->relation);
		if (given(f[i].v) && (rc = check_sub_value(&f[i], e)))
			return rc;
	}
	if (!in->has_subscriber_birth)
		return 0;
	if (self)
		return mo_err_set(e, MO_EINVAL, "insurance subscriber_birth_date:"
				  " not used when relation is self (the patient "
				  "is the subscriber)");
	if ((rc = check_day("subscriber_birth_date", in->subscriber_birth_day,
			    e)))
		return rc;
	if (in->subscriber_birth_day > today)
		return mo_err_set(e, MO_EINVAL, "insurance subscriber_birth_date:"
				  " %s is in the future",
				  mo_date_format(in->subscriber_birth_day, d));
	return 0;
}

/* ---- a new policy ---- */

static int check_ids(const mo_insurance_new *in, mo_err *e)
{
	static const char what[] = "1 to 80 letters, digits or '-'";
	const char *m = in->member_id, *g = in->group_id;
	if (!given(m) || strlen(m) > MEMBER_MAX || !all_in(m, strlen(m),
							   MEMBER_CHARS))
		return bad(e, "member_id", what, m);
	if (given(g) && (strlen(g) > MEMBER_MAX || !all_in(g, strlen(g),
							   MEMBER_CHARS)))
		return bad(e, "group_id", what, g);
	return 0;
}

static int check_days(int32_t from, int32_t to, bool has_to, mo_err *e)
{
	char a[11], b[11];
	int rc;
	if ((rc = check_day("from", from, e)) ||
	    (has_to && (rc = check_day("to", to, e))))
		return rc;
	if (has_to && to < from)
		return mo_err_set(e, MO_EINVAL, "insurance to: %s is before "
				  "from %s", mo_date_format(to, b),
				  mo_date_format(from, a));
	return 0;
}

/* Everything about a new policy that needs no database. */
static int check_new(mo_practice *p, const mo_insurance_new *in, mo_err *e)
{
	int rc;
	if (mo_fails_assert(in))
		return mo_err_set(e, MO_EINVAL, "insurance: nothing given");
	if ((rc = check_payer(mo_practice_config(p), in->payer, e)))
		return rc;
	if (in->rank < 1 || in->rank > 3)
		return mo_err_set(e, MO_EINVAL, "insurance rank: expected 1, 2 "
				  "or 3, got %d", in->rank);
	if (!one_of(in->relation, RELATIONS))
		return bad(e, "relation", "self, spouse, child or other",
			   in->relation);
	if ((rc = check_subscriber(in, mo_practice_today(p), e)) ||
	    (rc = check_ids(in, e)))
		return rc;
	return check_days(in->from_day, in->to_day, in->has_to, e);
}

/* ---- database helpers ---- */

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (given(s))
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

/* -1 (unknown) as NULL. */
static void bind_known(sqlite3_stmt *st, int i, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static int64_t col_known(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL
		? -1 : sqlite3_column_int64(st, i);
}

/* What an operation on an existing policy needs to know of it. */
typedef struct policy {
	int64_t id, patient;
	char payer[65];
	int rank;
	int32_t from_day, to_day;
	bool has_to;
} policy;

static int load_policy(mo_db *db, int64_t id, policy *pol, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_GET, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		pol->id = id;
		pol->patient = sqlite3_column_int64(st, 0);
		snprintf(pol->payer, sizeof pol->payer, "%s",
		         mo_db_text(st, 1));
		pol->rank = sqlite3_column_int(st, 2);
		pol->from_day = sqlite3_column_int(st, 3);
		pol->has_to = sqlite3_column_type(st, 4) != SQLITE_NULL;
		pol->to_day = sqlite3_column_int(st, 4);
	}
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE
		? mo_err_set(e, MO_ENOTFOUND, "no insurance policy %lld",
			     (long long)id)
		: mo_db_fail(db, "insurance", e);
	sqlite3_reset(st);
	return rc;
}

/* MO_ENOTFOUND or MO_EINVAL (merged) unless patient is active. */
static int need_active(mo_practice *p, int64_t patient, mo_err *e)
{
	return mo_patient_active(p, patient, "insurance patient: ",
				 "use that record", e);
}

static int overlap_refusal(const policy *pol, sqlite3_stmt *st, mo_err *e)
{
	char a[11], b[11];
	bool open = sqlite3_column_type(st, 2) == SQLITE_NULL;
	return mo_err_set(e, MO_EEXIST, "insurance: patient %lld has rank %d "
			  "policy %lld in force from %s %s%s on some of the "
			  "same days; end it first", (long long)pol->patient,
			  pol->rank, (long long)sqlite3_column_int64(st, 0),
			  mo_date_format(sqlite3_column_int(st, 1), a),
			  open ? "with no end" : "to ", open ? ""
			  : mo_date_format(sqlite3_column_int(st, 2), b));
}

/* MO_EEXIST when another policy of the patient with pol's rank is in
 * force on any day of pol's. */
static int check_overlap(mo_db *db, const policy *pol, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_OVERLAP, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, pol->patient);
	sqlite3_bind_int(st, 2, pol->rank);
	sqlite3_bind_int64(st, 3, pol->id);
	sqlite3_bind_int(st, 4, pol->from_day);
	if (pol->has_to)
		sqlite3_bind_int(st, 5, pol->to_day);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_ROW ? overlap_refusal(pol, st, e) : rc == SQLITE_DONE
		? 0 : mo_db_fail(db, "insurance", e);
	sqlite3_reset(st);
	return rc;
}

/* ---- facts ---- */

/* What every decision about a policy gets: patient, payer, payer_kind
 * (NULL for a payer no longer in practice.yaml) and rank. */
static size_t policy_facts(const mo_config *c, int64_t patient,
			   const char *payer, int rank, mo_fact *f)
{
	const mo_payer *py = mo_config_payer(c, payer);
	f[0] = (mo_fact){"patient", MO_FACT_INT, NULL, patient};
	f[1] = (mo_fact){"payer", MO_FACT_STR, payer, 0};
	f[2] = (mo_fact){"payer_kind", MO_FACT_STR, py ? py->kind : NULL, 0};
	f[3] = (mo_fact){"rank", MO_FACT_INT, NULL, rank};
	return 4;
}

/* A policy's days as facts "from" and "to" (NULL when open). */
static size_t day_facts(int32_t from, int32_t to, bool has_to, char a[11],
			char b[11], mo_fact *f)
{
	f[0] = (mo_fact){"from", MO_FACT_STR, mo_date_format(from, a), 0};
	f[1] = (mo_fact){"to", MO_FACT_STR, has_to ? mo_date_format(to, b)
			 : NULL, 0};
	return 2;
}

/* An amount in cents, or null when unknown (-1). */
static mo_fact known_fact(const char *key, mo_fact_type type, int64_t v)
{
	return v >= 0 ? (mo_fact){key, type, NULL, v}
		      : (mo_fact){key, MO_FACT_STR, NULL, 0};
}

static int commit_as(mo_op *op, int64_t id, mo_err *e)
{
	char record[40];
	snprintf(record, sizeof record, "insurance:%lld", (long long)id);
	return mo_op_commit(op, record, e);
}

/* ---- adding ---- */

static int insert(mo_db *db, const char *actor, const mo_insurance_new *in,
		  int64_t *id, mo_err *e)
{
	const char *s[] = {in->subscriber_family, in->subscriber_given,
			   in->subscriber_sex};
	const char *a[] = {in->subscriber_line1, in->subscriber_city,
			   in->subscriber_state, in->subscriber_zip};
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_INSERT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->patient);
	sqlite3_bind_text(st, 2, in->payer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, in->rank);
	sqlite3_bind_text(st, 4, in->relation, -1, SQLITE_STATIC);
	for (int i = 0; i < 3; i++)
		bind_opt(st, 5 + i, s[i]);
	if (in->has_subscriber_birth)
		sqlite3_bind_int(st, 8, in->subscriber_birth_day);
	for (int i = 0; i < 4; i++)
		bind_opt(st, 9 + i, a[i]);
	sqlite3_bind_text(st, 13, in->member_id, -1, SQLITE_STATIC);
	bind_opt(st, 14, in->group_id);
	sqlite3_bind_int(st, 15, in->from_day);
	if (in->has_to)
		sqlite3_bind_int(st, 16, in->to_day);
	sqlite3_bind_int64(st, 17, mo_clock_now_us());
	sqlite3_bind_text(st, 18, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

static int add_in_op(mo_op *op, const mo_insurance_new *in, int64_t *id,
		     mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	policy pol = {0, in->patient, "", in->rank, in->from_day, in->to_day,
		      in->has_to};
	int rc;
	if ((rc = need_active(op->p, in->patient, e)) ||
	    (rc = check_overlap(db, &pol, e)))
		return rc;
	return insert(db, op->actor, in, id, e);
}

int mo_ins_add(mo_practice *p, const char *actor, const mo_insurance_new *in,
	       int64_t *id, mo_err *e)
{
	char a[11], b[11];
	mo_fact f[10];
	int64_t iid = 0;
	size_t n;
	mo_op op;
	int rc = check_new(p, in, e);
	if (rc)
		return rc;
	n = policy_facts(mo_practice_config(p), in->patient, in->payer,
			 in->rank, f);
	f[n++] = (mo_fact){"change", MO_FACT_STR, "add", 0};
	f[n++] = (mo_fact){"relation", MO_FACT_STR, in->relation, 0};
	f[n++] = (mo_fact){"member_id", MO_FACT_STR, in->member_id, 0};
	f[n++] = (mo_fact){"group_id", MO_FACT_STR, given(in->group_id)
			   ? in->group_id : NULL, 0};
	n += day_facts(in->from_day, in->to_day, in->has_to, a, b, f + n);
	if ((rc = mo_op_begin(p, &op, actor, "insurance.update", f, n, e)))
		return rc;
	if ((rc = add_in_op(&op, in, &iid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	if ((rc = commit_as(&op, iid, e)))
		return rc;
	if (id)
		*id = iid;
	return 0;
}

/* ---- ending ---- */

static int end_in_op(mo_op *op, const policy *pol, mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	sqlite3_stmt *st;
	int rc;
	if ((rc = check_overlap(db, pol, e)) ||
	    (rc = mo_db_stmt(db, SQL_END, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, pol->id);
	sqlite3_bind_int(st, 2, pol->to_day);
	sqlite3_bind_int64(st, 3, mo_clock_now_us());
	sqlite3_bind_text(st, 4, op->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
	sqlite3_reset(st);
	return rc;
}

int mo_ins_end(mo_practice *p, const char *actor, int64_t id, int32_t to_day,
	       mo_err *e)
{
	char a[11], b[11];
	mo_fact f[8];
	policy pol;
	size_t n;
	mo_op op;
	int rc = load_policy(mo_practice_db(p), id, &pol, e);
	if (rc || (rc = check_day("to", to_day, e)))
		return rc;
	if (to_day < pol.from_day)
		return mo_err_set(e, MO_EINVAL, "insurance to: %s is before "
				  "policy %lld starts (%s)",
				  mo_date_format(to_day, b), (long long)id,
				  mo_date_format(pol.from_day, a));
	pol.to_day = to_day;
	pol.has_to = true;
	n = policy_facts(mo_practice_config(p), pol.patient, pol.payer,
			 pol.rank, f);
	f[n++] = (mo_fact){"change", MO_FACT_STR, "end", 0};
	f[n++] = (mo_fact){"insurance", MO_FACT_INT, NULL, id};
	n += day_facts(pol.from_day, to_day, true, a, b, f + n);
	if ((rc = mo_op_begin(p, &op, actor, "insurance.update", f, n, e)))
		return rc;
	if ((rc = end_in_op(&op, &pol, e))) {
		mo_op_abort(&op);
		return rc;
	}
	return commit_as(&op, id, e);
}

/* ---- in force ---- */

/* The policy of rank in force for patient on day: *id 0 when none;
 * payer (optional) receives its payer id. */
static int find_in_force(mo_db *db, int64_t patient, int32_t day, int rank,
			 char payer[65], int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_IN_FORCE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	sqlite3_bind_int(st, 2, day);
	sqlite3_bind_int(st, 3, rank);
	*id = 0;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		if (payer)
			snprintf(payer, 65, "%s", mo_db_text(st, 1));
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "insurance", e);
	sqlite3_reset(st);
	return rc;
}

int mo_ins_in_force(mo_practice *p, int64_t patient, int32_t day, int rank,
		    char payer[65], int64_t *id, mo_err *e)
{
	int64_t found;
	int rc;
	if (rank < 1 || rank > 3)
		return mo_err_set(e, MO_EINVAL, "insurance rank: expected 1, 2 "
				  "or 3, got %d", rank);
	if ((rc = find_in_force(mo_practice_db(p), patient, day, rank, payer,
				&found, e)))
		return rc;
	if (!found) {
		char d[11];
		return mo_err_set(e, MO_ENOTFOUND, "patient %lld has no rank %d "
				  "insurance in force on %s", (long long)patient,
				  rank, mo_date_format(day, d));
	}
	if (id)
		*id = found;
	return 0;
}

/* ---- verifying ---- */

/* The latest verification of policy id before the instant before_us:
 * *verified_us 0 when none. */
static int latest_check(mo_db *db, int64_t id, int64_t before_us,
			int64_t *verified_us, bool *active, int64_t *copay,
			mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LATEST, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, before_us);
	*verified_us = 0;
	*active = false;
	*copay = -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*verified_us = sqlite3_column_int64(st, 0);
		*active = sqlite3_column_int(st, 1) != 0;
		*copay = col_known(st, 2);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
		: mo_db_fail(db, "insurance", e);
	sqlite3_reset(st);
	return rc;
}

static int check_amount(const char *field, int64_t v, int64_t max,
			mo_err *e)
{
	if (v >= -1 && v <= max)
		return 0;
	return mo_err_set(e, MO_EINVAL, "insurance %s: expected 0 to %lld, "
			  "or -1 for unknown, got %lld", field, (long long)max,
			  (long long)v);
}

static int check_verification(const mo_eligibility_new *in, mo_err *e)
{
	const int64_t cents = 1000000000000LL; /* 10 billion dollars */
	int rc;
	if (mo_fails_assert(in))
		return mo_err_set(e, MO_EINVAL, "insurance: nothing given");
	if (!one_of(in->method, METHODS))
		return bad(e, "method", "phone, portal, card, x12 or other",
			   in->method);
	if ((rc = check_amount("copay", in->copay, cents, e)) ||
	    (rc = check_amount("deductible", in->deductible, cents, e)) ||
	    (rc = check_amount("deductible_met", in->deductible_met, cents,
			       e)) ||
	    (rc = check_amount("coinsurance", in->coinsurance, 100, e)))
		return rc;
	return given(in->note) ? check_text("note", in->note, NOTE_MAX, false,
					    e) : 0;
}

static int insert_check(mo_db *db, const char *actor,
			const mo_eligibility_new *in, int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_VERIFY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, in->insurance);
	sqlite3_bind_int64(st, 2, mo_clock_now_us());
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->method, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->active);
	bind_known(st, 6, in->copay);
	bind_known(st, 7, in->deductible);
	bind_known(st, 8, in->deductible_met);
	bind_known(st, 9, in->coinsurance);
	bind_opt(st, 10, in->note);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* The facts of a verification of pol. */
static size_t verify_facts(const mo_config *c, const policy *pol,
			   const mo_eligibility_new *in, mo_fact *f)
{
	size_t n = policy_facts(c, pol->patient, pol->payer, pol->rank, f);
	f[n++] = (mo_fact){"insurance", MO_FACT_INT, NULL, pol->id};
	f[n++] = (mo_fact){"method", MO_FACT_STR, in->method, 0};
	f[n++] = (mo_fact){"active", MO_FACT_BOOL, NULL, in->active};
	f[n++] = known_fact("copay", MO_FACT_MONEY, in->copay);
	f[n++] = known_fact("deductible", MO_FACT_MONEY, in->deductible);
	f[n++] = known_fact("deductible_met", MO_FACT_MONEY,
			    in->deductible_met);
	f[n++] = known_fact("coinsurance", MO_FACT_INT, in->coinsurance);
	f[n++] = (mo_fact){"note", MO_FACT_STR, given(in->note) ? in->note
			   : NULL, 0};
	return n;
}

int mo_ins_verify(mo_practice *p, const char *actor,
		  const mo_eligibility_new *in, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_fact f[14];
	int64_t vid = 0;
	policy pol;
	mo_op op;
	int rc = check_verification(in, e);
	if (rc || (rc = load_policy(db, in->insurance, &pol, e)))
		return rc;
	if ((rc = mo_op_begin(p, &op, actor, "insurance.verify", f,
			      verify_facts(mo_practice_config(p), &pol, in, f),
			      e)))
		return rc;
	if ((rc = need_active(p, pol.patient, e)) ||
	    (rc = insert_check(db, actor, in, &vid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	f[op.nfacts++] = (mo_fact){"verification", MO_FACT_INT, NULL, vid};
	if ((rc = commit_as(&op, pol.id, e)))
		return rc;
	if (id)
		*id = vid;
	return 0;
}

/* ---- reading a patient's policies ---- */

typedef struct list_ctx {
	mo_practice *p;
	int64_t patient;
	int32_t day; /* 0: all */
	mo_insurance_cb cb;
	void *ud;
	int stop; /* what cb returned to stop; the read is audited anyway */
} list_ctx;

static void read_policy(const mo_config *c, sqlite3_stmt *st,
			mo_insurance *ins)
{
	const mo_payer *py;
	memset(ins, 0, sizeof *ins);
	ins->id = sqlite3_column_int64(st, 0);
	ins->patient = sqlite3_column_int64(st, 1);
	ins->payer = mo_db_text(st, 2);
	ins->payer_name = (py = mo_config_payer(c, ins->payer)) ? py->name
								 : NULL;
	ins->relation = mo_db_text(st, 3);
	ins->rank = sqlite3_column_int(st, 4);
	ins->subscriber_family = mo_db_text(st, 5);
	ins->subscriber_given = mo_db_text(st, 6);
	ins->subscriber_sex = mo_db_text(st, 7);
	ins->has_subscriber_birth = sqlite3_column_type(st, 8) != SQLITE_NULL;
	ins->subscriber_birth_day = sqlite3_column_int(st, 8);
	ins->subscriber_line1 = mo_db_text(st, 9);
	ins->subscriber_city = mo_db_text(st, 10);
	ins->subscriber_state = mo_db_text(st, 11);
	ins->subscriber_zip = mo_db_text(st, 12);
	ins->member_id = mo_db_text(st, 13);
	ins->group_id = mo_db_text(st, 14);
	ins->from_day = sqlite3_column_int(st, 15);
	ins->has_to = sqlite3_column_type(st, 16) != SQLITE_NULL;
	ins->to_day = sqlite3_column_int(st, 16);
	ins->status = mo_db_text(st, 17);
}

/* Passes each row of st with its latest verification to cb. */
static int each_policy(list_ctx *l, sqlite3_stmt *st, mo_err *e)
{
	mo_db *db = mo_practice_db(l->p);
	mo_insurance ins;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_policy(mo_practice_config(l->p), st, &ins);
		if ((rc = latest_check(db, ins.id, INT64_MAX, &ins.verified_us,
				       &ins.eligible, &ins.copay, e)))
			return rc;
		if ((l->stop = l->cb(l->ud, &ins)))
			return 0;
	}
	return rc == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
}

static int list_fn(void *ctx, mo_err *e)
{
	list_ctx *l = ctx;
	sqlite3_stmt *st;
	int64_t active;
	int rc;
	if ((rc = mo_patient_resolve(l->p, l->patient, &active, e)) ||
	    (rc = mo_db_stmt(mo_practice_db(l->p), SQL_LIST, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, l->patient);
	if (l->day)
		sqlite3_bind_int(st, 2, l->day);
	rc = each_policy(l, st, e);
	sqlite3_reset(st);
	return rc;
}

int mo_ins_list(mo_practice *p, const char *actor, int64_t patient,
		int32_t day, mo_insurance_cb cb, void *ud, mo_err *e)
{
	list_ctx l = {p, patient, day, cb, ud, 0};
	char d[11], record[40];
	int rc;
	if (mo_fails_assert(cb))
		return mo_err_set(e, MO_EINVAL, "insurance: no callback");
	if (day && (rc = check_day("date", day, e)))
		return rc;
	mo_fact f[] = {{"read", MO_FACT_STR, "insurance", 0},
		       {"patient", MO_FACT_INT, NULL, patient},
		       {"date", MO_FACT_STR, day ? mo_date_format(day, d)
			: NULL, 0}};
	snprintf(record, sizeof record, "patient:%lld", (long long)patient);
	rc = mo_op_read(p, actor, "patient.read", f, 3, record, list_fn, &l,
			e);
	return rc ? rc : l.stop;
}

/* ---- reading verifications ---- */

typedef struct checks_ctx {
	mo_db *db;
	int64_t insurance;
	mo_eligibility_cb cb;
	void *ud;
	int stop;
} checks_ctx;

static void read_check(sqlite3_stmt *st, mo_eligibility *el)
{
	el->id = sqlite3_column_int64(st, 0);
	el->insurance = sqlite3_column_int64(st, 1);
	el->verified_us = sqlite3_column_int64(st, 2);
	el->verified_by = mo_db_text(st, 3);
	el->method = mo_db_text(st, 4);
	el->active = sqlite3_column_int(st, 5) != 0;
	el->copay = col_known(st, 6);
	el->deductible = col_known(st, 7);
	el->deductible_met = col_known(st, 8);
	el->coinsurance = (int)col_known(st, 9);
	el->note = mo_db_text(st, 10);
}

static int checks_fn(void *ctx, mo_err *e)
{
	checks_ctx *c = ctx;
	mo_eligibility el;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_CHECKS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->insurance);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_check(st, &el);
		if ((c->stop = c->cb(c->ud, &el)))
			break;
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "insurance",
							    e);
	sqlite3_reset(st);
	return rc;
}

int mo_ins_verifications(mo_practice *p, const char *actor, int64_t insurance,
			 mo_eligibility_cb cb, void *ud, mo_err *e)
{
	checks_ctx c = {mo_practice_db(p), insurance, cb, ud, 0};
	char record[40];
	policy pol;
	int rc;
	if (mo_fails_assert(cb))
		return mo_err_set(e, MO_EINVAL, "insurance: no callback");
	if ((rc = load_policy(c.db, insurance, &pol, e)))
		return rc;
	mo_fact f[] = {{"read", MO_FACT_STR, "insurance verifications", 0},
		       {"patient", MO_FACT_INT, NULL, pol.patient},
		       {"insurance", MO_FACT_INT, NULL, insurance}};
	snprintf(record, sizeof record, "insurance:%lld", (long long)insurance);
	rc = mo_op_read(p, actor, "patient.read", f, 3, record, checks_fn, &c,
			e);
	return rc ? rc : c.stop;
}

/* ---- the verification list ---- */

typedef struct due_ctx {
	mo_practice *p;
	const char *zone;
	int32_t day;
	int64_t from_us, to_us; /* the day's bounds, UTC */
	mo_ins_due_cb cb;
	void *ud;
	int stop;
} due_ctx;

/* The facts of eligibility.check for visit d (insure.h); days_since and
 * active are left out (nil) when the policy was never verified. */
static size_t visit_facts(const due_ctx *c, const mo_ins_due_item *d,
			  int32_t checked, bool active, char vd[11],
			  char cd[11], mo_fact *f)
{
	size_t n = policy_facts(mo_practice_config(c->p), d->patient,
				d->payer, 1, f);
	f[n++] = (mo_fact){"appointment", MO_FACT_INT, NULL, d->appointment};
	f[n++] = (mo_fact){"insurance", MO_FACT_INT, NULL, d->insurance};
	f[n++] = (mo_fact){"provider", MO_FACT_STR, d->provider, 0};
	f[n++] = (mo_fact){"visit_date", MO_FACT_STR,
			   mo_date_format(c->day, vd), 0};
	f[n++] = (mo_fact){"verified", MO_FACT_STR, d->verified_us
			   ? mo_date_format(checked, cd) : NULL, 0};
	if (!d->verified_us)
		return n;
	f[n++] = (mo_fact){"days_since", MO_FACT_INT, NULL, c->day - checked};
	f[n++] = (mo_fact){"active", MO_FACT_BOOL, NULL, active};
	return n;
}

/* Asks the rules about visit d, whose policy is in force; lists it when
 * they deny. */
static int ask_rules(due_ctx *c, mo_ins_due_item *d, bool active, mo_err *e)
{
	char vd[11], cd[11];
	int32_t checked = 0, sec;
	mo_fact f[16];
	mo_decision dec;
	size_t n;
	int rc;
	if (d->verified_us && (rc = mo_tz_from_utc(c->zone, d->verified_us,
						   &checked, &sec, e)))
		return rc;
	n = visit_facts(c, d, checked, active, vd, cd, f);
	if ((rc = mo_practice_decide(c->p, MO_ACTOR_SYSTEM, "eligibility.check",
				     f, n, &dec, e)))
		return rc;
	if (dec.verdict == MO_VERDICT_DENY) {
		d->reason = dec.reason[0] ? dec.reason
					  : "the rules ask for a verification";
		d->rule = dec.rule;
		c->stop = c->cb(c->ud, d);
	}
	return 0;
}

/* One booked visit of the day, a row of SQL_DAY. */
static int check_visit(due_ctx *c, sqlite3_stmt *st, mo_err *e)
{
	mo_db *db = mo_practice_db(c->p);
	char payer[65], at[32];
	int64_t copay;
	bool active;
	mo_ins_due_item d = {0};
	int rc;
	d.appointment = sqlite3_column_int64(st, 0);
	d.patient = sqlite3_column_int64(st, 1);
	d.patient_name = mo_db_text(st, 2);
	d.at = mo_tz_format(c->zone, sqlite3_column_int64(st, 3), at);
	d.provider = mo_db_text(st, 4);
	if ((rc = find_in_force(db, d.patient, c->day, 1, payer,
				&d.insurance, e)))
		return rc;
	if (!d.insurance) {
		d.reason = "no insurance on file";
		c->stop = c->cb(c->ud, &d);
		return 0;
	}
	d.payer = payer;
	if ((rc = latest_check(db, d.insurance, c->to_us, &d.verified_us,
			       &active, &copay, e)))
		return rc;
	return ask_rules(c, &d, active, e);
}

static int due_fn(void *ctx, mo_err *e)
{
	due_ctx *c = ctx;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_DAY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, c->from_us);
	sqlite3_bind_int64(st, 2, c->to_us);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = check_visit(c, st, e)))
			goto out;
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
out:
	sqlite3_reset(st);
	return rc;
}

int mo_ins_due(mo_practice *p, const char *actor, int32_t day,
	       mo_ins_due_cb cb, void *ud, mo_err *e)
{
	const char *zone = mo_practice_config(p)->timezone;
	due_ctx c = {p, zone, day, 0, 0, cb, ud, 0};
	char d[11];
	int rc;
	if (mo_fails_assert(cb))
		return mo_err_set(e, MO_EINVAL, "insurance: no callback");
	if ((rc = check_day("date", day, e)) ||
	    (rc = mo_tz_day_bounds(zone, day, day, &c.from_us, &c.to_us, e)))
		return rc;
	mo_fact f[] = {{"read", MO_FACT_STR, "insurance verification list", 0},
		       {"date", MO_FACT_STR, mo_date_format(day, d), 0}};
	rc = mo_op_read(p, actor, "patient.read", f, 2, "insurance:due",
			due_fn, &c, e);
	return rc ? rc : c.stop;
}

/* ---- the eligibility request file (270) ---- */

static const char SQL_270[] = "SELECT i.id, i.payer, i.relation, "
	"i.member_id, p.id, p.family, p.given, p.middle, p.sex, p.birth_day, "
	"i.subscriber_family, i.subscriber_given, i.subscriber_sex, "
	"i.subscriber_birth_day FROM insurance i JOIN patient p ON p.id = "
	"i.patient WHERE i.patient IN (SELECT patient FROM appointment WHERE "
	"status = 'booked' AND start_us >= ?1 AND start_us < ?2) AND "
	"i.rank = ?3 AND " IN_FORCE("?4") " ORDER BY i.payer, p.family, "
	"p.given, i.id";
static const char SQL_ADD_270[] = "INSERT INTO eligibility_batch(day, "
	"control, requests, created_us, created_by) VALUES(?, ?, ?, ?, ?)";

#define NAME_BUF (4 * MO_PATIENT_TEXT_MAX + 1) /* UTF-8 */
enum { PAT, SUB };               /* the people of a request */
enum { FAMILY, GIVEN, MIDDLE };  /* their names */

/* One request as gathered: its data copied out of the row. */
typedef struct ask {
	int64_t insurance, patient;
	char payer[65], trace[40], member[MEMBER_MAX + 1], relation[8];
	char name[2][3][NAME_BUF];
	char sex[2][8];  /* X12's: female, male, unknown; "" not known */
	int32_t birth[2];
	bool sub_birth;  /* the subscriber's birth day is known */
} ask;

typedef struct gather270 {
	mo_practice *p;
	int32_t day;
	int rank;
	char usage;
	uint32_t control;
	ask *v;
	size_t n, cap;
	mo_ins_270_skip_cb skipped;
	void *ud;
	int nskipped;
} gather270;

static void copy_col(char *dst, size_t size, sqlite3_stmt *st, int i)
{
	snprintf(dst, size, "%s", mo_db_text(st, i) ? mo_db_text(st, i) : "");
}

/* A sex as DMG03 has it: "other" is unknown there; "" stays unknown. */
static void x12_sex(char dst[8], sqlite3_stmt *st, int i)
{
	const char *s = mo_db_text(st, i);
	snprintf(dst, 8, "%s", !s ? "" : !strcmp(s, "female") ||
		 !strcmp(s, "male") ? s : "unknown");
}

/* A row of SQL_270 into a. */
static void read_ask(const gather270 *g, sqlite3_stmt *st, ask *a)
{
	bool self;
	memset(a, 0, sizeof *a);
	a->insurance = sqlite3_column_int64(st, 0);
	copy_col(a->payer, sizeof a->payer, st, 1);
	copy_col(a->relation, sizeof a->relation, st, 2);
	copy_col(a->member, sizeof a->member, st, 3);
	a->patient = sqlite3_column_int64(st, 4);
	for (int k = FAMILY; k <= MIDDLE; k++)
		copy_col(a->name[PAT][k], NAME_BUF, st, 5 + k);
	x12_sex(a->sex[PAT], st, 8);
	a->birth[PAT] = sqlite3_column_int(st, 9);
	snprintf(a->trace, sizeof a->trace, "%lu-%lld",
		 (unsigned long)g->control, (long long)a->insurance);
	self = !strcmp(a->relation, "self");
	copy_col(a->name[SUB][FAMILY], NAME_BUF, st, self ? 5 : 10);
	copy_col(a->name[SUB][GIVEN], NAME_BUF, st, self ? 6 : 11);
	x12_sex(a->sex[SUB], st, self ? 8 : 12);
	a->sub_birth = sqlite3_column_type(st, self ? 9 : 13) != SQLITE_NULL;
	a->birth[SUB] = sqlite3_column_int(st, self ? 9 : 13);
}

static mo_x270_person ask_person(const ask *a, int who)
{
	const char *sex = a->sex[who];
	return (mo_x270_person){a->name[who][FAMILY], a->name[who][GIVEN],
				a->name[who][MIDDLE], *sex ? sex : NULL,
				a->birth[who], who == SUB && !a->sub_birth};
}

/* The request of a, pointing into a. */
static mo_x270_request ask_request(const ask *a, int32_t day)
{
	return (mo_x270_request){a->trace, a->member, a->relation,
				 ask_person(a, SUB), ask_person(a, PAT), day};
}

/* Why the 270 cannot ask about a's policy, into why (size bytes);
 * false when it can. */
static bool cannot_ask(const mo_config *c, const ask *a, int32_t day,
		       char *why, size_t size)
{
	const mo_payer *py = mo_config_payer(c, a->payer);
	mo_x270_request r = ask_request(a, day);
	mo_err e;
	if (!py)
		snprintf(why, size, "payer %s is not in practice.yaml",
			 a->payer);
	else if (!strcmp(py->kind, "self_pay"))
		snprintf(why, size, "payer %s is self-pay: there is no payer "
			 "to ask", a->payer);
	else if (!given(py->payer_id))
		snprintf(why, size, "payer %s has no payer_id in "
			 "practice.yaml", a->payer);
	else if (mo_x270_check_request(&r, &e))
		snprintf(why, size, "%s", e.msg);
	else
		return false;
	return true;
}

static void skip(gather270 *g, const ask *a, const char *why)
{
	char name[2 * NAME_BUF + 2];
	g->nskipped++;
	if (!g->skipped)
		return;
	snprintf(name, sizeof name, "%s, %s", a->name[PAT][FAMILY],
		 a->name[PAT][GIVEN]);
	g->skipped(g->ud, &(mo_ins_270_skip){a->patient, a->insurance, name,
					     a->payer, why});
}

/* One row: kept as the next request, or skipped with the reason. */
static int gather_row(gather270 *g, sqlite3_stmt *st, mo_err *e)
{
	char why[sizeof e->msg];
	if (mo_grow(&g->v, &g->cap, g->n + 1, sizeof *g->v))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	read_ask(g, st, &g->v[g->n]);
	if (cannot_ask(mo_practice_config(g->p), &g->v[g->n], g->day, why,
		       sizeof why))
		skip(g, &g->v[g->n], why);
	else
		g->n++;
	return 0;
}

static int gather_270(gather270 *g, mo_err *e)
{
	mo_db *db = mo_practice_db(g->p);
	int64_t from, to;
	sqlite3_stmt *st;
	int rc = mo_tz_day_bounds(mo_practice_config(g->p)->timezone, g->day,
				  g->day, &from, &to, e);
	if (rc || (rc = mo_db_stmt(db, SQL_270, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	sqlite3_bind_int(st, 3, g->rank);
	sqlite3_bind_int(st, 4, g->day);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = gather_row(g, st, e)))
			goto out;
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
out:
	sqlite3_reset(st);
	return rc;
}

/* The requests of g and one source per run of one payer, into r and s
 * (each of g->n entries, the caller's); *ns receives the sources. */
static void group_270(const gather270 *g, mo_x270_request *r,
		      mo_x270_source *s, size_t *ns)
{
	const mo_config *c = mo_practice_config(g->p);
	*ns = 0;
	for (size_t k = 0; k < g->n; k++) {
		r[k] = ask_request(&g->v[k], g->day);
		if (k && !strcmp(g->v[k].payer, g->v[k - 1].payer)) {
			s[*ns - 1].nrequests++;
			continue;
		}
		const mo_payer *py = mo_config_payer(c, g->v[k].payer);
		s[(*ns)++] = (mo_x270_source){py->name, py->payer_id, &r[k], 1};
	}
}

/* settings.billing.clearinghouse_id, else the one payer's id. */
static int receiver_270(const mo_config *c, const mo_x270_source *s,
			size_t ns, const char **id, mo_err *e)
{
	const mo_node *n = mo_config_setting(c, "billing.clearinghouse_id");
	if (n && mo_node_type(n) == MO_NODE_SCALAR && *mo_node_text(n)) {
		*id = mo_node_text(n);
		return 0;
	}
	if (ns == 1) {
		*id = s[0].payer_id;
		return 0;
	}
	return mo_err_set(e, MO_EINVAL, "insurance 270: the requests go to "
			  "%zu payers (%s, %s%s) and one file has one "
			  "receiver: set settings.billing.clearinghouse_id in "
			  "practice.yaml (the clearinghouse's interchange id)",
			  ns, s[0].payer_id, s[1].payer_id, ns > 2 ? ", ..."
			  : "");
}

/* The batch around the sources; strings in tax (the trace id) and ref. */
static int batch_270(const gather270 *g, const mo_x270_source *s, size_t ns,
		     char tax[16], char ref[16], mo_x270_batch *b, mo_err *e)
{
	const mo_config *c = mo_practice_config(g->p);
	size_t n = 1;
	int rc;
	*b = (mo_x270_batch){.head = {.sender_id = c->npi,
				      .control = g->control, .usage = g->usage,
				      .reference = ref},
			     .provider_name = c->legal_name ? c->legal_name
			     : c->name, .provider_npi = c->npi,
			     .trace_id = tax, .sources = s, .nsources = ns};
	snprintf(ref, 16, "E%lu", (unsigned long)g->control);
	tax[0] = '1';
	for (const char *t = c->tax_id; *t && n < 15; t++)
		if (*t != '-')
			tax[n++] = *t;
	tax[n] = '\0';
	if ((rc = receiver_270(c, s, ns, &b->head.receiver_id, e)))
		return rc;
	return mo_tz_from_utc(c->timezone, mo_clock_now_us(), &b->head.day,
			      &b->head.seconds, e);
}

static int write_270(const gather270 *g, char **out, size_t *len,
		     size_t *payers, mo_err *e)
{
	mo_x270_request *r = calloc(g->n, sizeof *r);
	mo_x270_source *s = calloc(g->n, sizeof *s);
	char tax[16], ref[16];
	mo_x270_batch b;
	int rc = r && s ? 0 : mo_err_set(e, MO_ENOMEM, "out of memory");
	if (rc)
		goto out;
	group_270(g, r, s, payers);
	if ((rc = batch_270(g, s, *payers, tax, ref, &b, e)))
		goto out;
	if ((rc = mo_x270_write(&b, out, len, e)) == MO_EINVAL)
		mo_err_prefix(e, "insurance 270: ");
out:
	free(r);
	free(s);
	return rc;
}

static int record_270(mo_op *op, const gather270 *g, int64_t *id,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(op->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_270, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, g->day);
	sqlite3_bind_int64(st, 2, g->control);
	sqlite3_bind_int64(st, 3, (int64_t)g->n);
	sqlite3_bind_int64(st, 4, mo_clock_now_us());
	sqlite3_bind_text(st, 5, op->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "insurance", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc;
}

/* Inside the operation (whose facts are f): gather, write, record.
 * MO_ENOTFOUND (and g->n 0) when there is nothing to ask. */
static int make_270(mo_op *op, mo_fact *f, gather270 *g, char **out,
		    size_t *len, mo_ins_270_result *res, mo_err *e)
{
	size_t payers = 0;
	char d[11];
	int rc;
	if ((rc = mo_claim_next_control(mo_practice_db(g->p), &g->control,
					e)) ||
	    (rc = gather_270(g, e)))
		return rc;
	f[op->nfacts++] = (mo_fact){"requests", MO_FACT_INT, NULL,
				    (int64_t)g->n};
	f[op->nfacts++] = (mo_fact){"skipped", MO_FACT_INT, NULL, g->nskipped};
	if (!g->n)
		return mo_err_set(e, MO_ENOTFOUND, "insurance 270: no booked "
				  "visit on %s has a rank %d policy a 270 can "
				  "ask about (%d skipped)",
				  mo_date_format(g->day, d), g->rank,
				  g->nskipped);
	if ((rc = write_270(g, out, len, &payers, e)) ||
	    (rc = record_270(op, g, &res->batch, e)))
		return rc;
	*res = (mo_ins_270_result){res->batch, g->control, (int)g->n,
				   (int)payers, g->nskipped};
	return 0;
}

/* The arguments and the practice's identifiers the 270 needs. */
static int check_270(mo_practice *p, gather270 *g, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	if (g->rank < 1 || g->rank > 3)
		return mo_err_set(e, MO_EINVAL, "insurance rank: expected 1, 2 "
				  "or 3, got %d", g->rank);
	if (g->usage != 'T' && g->usage != 'P')
		return mo_err_set(e, MO_EINVAL, "insurance 270 usage: expected "
				  "T (test) or P (production)");
	if (!c->npi)
		return mo_err_set(e, MO_EINVAL, "insurance 270: practice.npi "
				  "is required in practice.yaml (the 270 names "
				  "the practice by its NPI)");
	if (!c->tax_id)
		return mo_err_set(e, MO_EINVAL, "insurance 270: "
				  "practice.tax_id is required in practice.yaml "
				  "(the requests' traces carry the practice's "
				  "EIN)");
	return check_day("date", g->day, e);
}

/* Ends the operation: committed with the batch, or as the audited read
 * of a file that had nothing to ask (its MO_ENOTFOUND kept), or rolled
 * back. */
static int end_270(mo_op *op, int rc, int64_t batch, mo_err *e)
{
	char record[48];
	mo_err ce;
	if (rc == MO_ENOTFOUND) {
		if (mo_op_commit(op, "insurance:270", &ce))
			*e = ce;
		return e->code;
	}
	if (rc) {
		mo_op_abort(op);
		return rc;
	}
	snprintf(record, sizeof record, "eligibility_batch:%lld",
		 (long long)batch);
	return mo_op_commit(op, record, e);
}

int mo_ins_eligibility_file(mo_practice *p, const char *actor,
			    const mo_ins_270 *in, char **out, size_t *len,
			    mo_ins_270_result *res, mo_ins_270_skip_cb skipped,
			    void *ud, mo_err *e)
{
	gather270 g = {.p = p, .skipped = skipped, .ud = ud};
	mo_ins_270_result r = {0};
	char d[11];
	mo_fact f[8];
	mo_op op;
	int rc;
	if (mo_fails_assert(in && out && len))
		return mo_err_set(e, MO_EINVAL, "insurance 270: bad arguments");
	*out = NULL;
	*len = 0;
	g.day = in->day ? in->day : mo_practice_today(p) + 1;
	g.rank = in->rank ? in->rank : 1;
	g.usage = in->usage ? in->usage : 'T';
	if ((rc = check_270(p, &g, e)))
		return rc;
	f[0] = (mo_fact){"method", MO_FACT_STR, "x12", 0};
	f[1] = (mo_fact){"file", MO_FACT_STR, "270", 0};
	f[2] = (mo_fact){"date", MO_FACT_STR, mo_date_format(g.day, d), 0};
	f[3] = (mo_fact){"rank", MO_FACT_INT, NULL, g.rank};
	if ((rc = mo_op_begin(p, &op, actor, "insurance.verify", f, 4, e)))
		return rc;
	rc = make_270(&op, f, &g, out, len, &r, e);
	rc = end_270(&op, rc, r.batch, e);
	free(g.v);
	if (rc) {
		free(*out);
		*out = NULL;
		*len = 0;
	} else if (res) {
		*res = r;
	}
	return rc;
}
