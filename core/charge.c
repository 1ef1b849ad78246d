/* charge.c: encounters, their diagnoses and charge lines (see charge.h).
 * A visit is read once (the appointment, its local day, the place of
 * service, the primary payer that day and the fee schedule that prices
 * it); every line is checked and priced before anything is written; then
 * the encounter, its diagnoses, the lines and one ledger entry per line are
 * written in one operation. It uses practice.h, insure.h, ledger.h, tz.h,
 * clock.h, codes.h, units.h and db.h. */
#include "charge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "codes.h"
#include "insure.h"
#include "ledger.h"
#include "tz.h"
#include "units.h"

static const char SQL_APPT[] =
	"SELECT patient, provider, location, start_us, status, "
	"(SELECT id FROM encounter WHERE appointment = a.id) FROM appointment a "
	"WHERE id = ?";
static const char SQL_ENCOUNTER[] =
	"SELECT appointment, status, (SELECT count(*) FROM encounter_dx WHERE "
	"encounter = e.id), (SELECT coalesce(max(line), 0) FROM charge WHERE "
	"encounter = e.id) FROM encounter e WHERE id = ?";
static const char SQL_ADD_ENCOUNTER[] =
	"INSERT INTO encounter(appointment, patient, provider, location, pos, "
	"day, created_us, created_by) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_DX[] =
	"INSERT INTO encounter_dx(encounter, seq, code) VALUES(?, ?, ?)";
static const char SQL_ADD_CHARGE[] =
	"INSERT INTO charge(encounter, line, code, modifiers, units, pointers, "
	"amount, expected, provider, pos, day, created_us, created_by) "
	"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_CHARGE[] =
	"SELECT c.status, en.patient, (SELECT journal FROM journal_line WHERE "
	"charge = c.id AND account = 'revenue' AND amount < 0 ORDER BY id "
	"LIMIT 1), (SELECT count(DISTINCT journal) FROM journal_line WHERE "
	"charge = c.id), c.day FROM charge c JOIN encounter en ON en.id = "
	"c.encounter WHERE c.id = ?";
static const char SQL_VOID[] =
	"UPDATE charge SET status = 'voided', voided_us = ?, voided_by = ? "
	"WHERE id = ?";

/* ---- the visit ---- */

typedef struct visit {
	int64_t appointment, patient;
	char provider[65], location[65], pos[8], payer[65];
	int32_t day;
	const mo_payer *py;          /* NULL: the patient pays */
	const mo_fee_schedule *fs;
} visit;

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	snprintf(dst, size, "%s", s ? (const char *)s : "");
}

/* The payer that day, its fee schedule and the place of service. */
static int price_source(mo_practice *p, visit *v, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	const mo_location *loc = mo_config_location(c, v->location);
	int64_t ins;
	int rc = mo_ins_in_force(p, v->patient, v->day, 1, v->payer, &ins, e);
	if (rc && rc != MO_ENOTFOUND)
		return rc;
	v->py = rc ? NULL : mo_config_payer(c, v->payer);
	if (!v->py)
		v->payer[0] = '\0';
	v->fs = v->py ? mo_config_fee_schedule(c, v->py->fee_schedule)
		      : c->nfee_schedules ? &c->fee_schedules[0] : NULL;
	snprintf(v->pos, sizeof v->pos, "%s", loc && loc->pos ? loc->pos
							      : "11");
	if (!v->fs)
		return mo_err_set(e, MO_EINVAL, "charge: practice.yaml has no "
				  "fee schedule to price the visit");
	return 0;
}

static int appt_row(mo_db *db, sqlite3_stmt *st, visit *v, char status[16],
		    int64_t *encounter, int64_t *start, mo_err *e)
{
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "charge "
						      "appointment: no "
						      "appointment %lld",
						      (long long)
						      v->appointment)
					 : mo_db_fail(db, "charge", e);
	v->patient = sqlite3_column_int64(st, 0);
	copy_col(st, 1, v->provider, sizeof v->provider);
	copy_col(st, 2, v->location, sizeof v->location);
	*start = sqlite3_column_int64(st, 3);
	copy_col(st, 4, status, 16);
	*encounter = sqlite3_column_int64(st, 5);
	return 0;
}

/* The appointment of a new encounter: it happened and has none yet. */
static int load_visit(mo_practice *p, int64_t appointment, visit *v,
		      mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char status[16];
	int64_t enc = 0, start = 0;
	int32_t sec;
	int rc = mo_db_stmt(db, SQL_APPT, &st, e);
	if (rc)
		return rc;
	memset(v, 0, sizeof *v);
	v->appointment = appointment;
	sqlite3_bind_int64(st, 1, appointment);
	rc = appt_row(db, st, v, status, &enc, &start, e);
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (strcmp(status, "seen") && strcmp(status, "checked_out"))
		return mo_err_set(e, MO_EINVAL, "charge appointment: "
				  "appointment %lld is %s; charges are entered "
				  "for visits that happened (seen or checked "
				  "out)", (long long)appointment, status);
	if (enc)
		return mo_err_set(e, MO_EEXIST, "charge appointment: "
				  "appointment %lld has encounter %lld "
				  "already; add lines to it", (long long)
				  appointment, (long long)enc);
	if ((rc = mo_tz_from_utc(mo_practice_config(p)->timezone, start,
				 &v->day, &sec, e)))
		return rc;
	return price_source(p, v, e);
}

/* ---- checking and pricing a line ---- */

typedef struct priced {
	int64_t amount, expected;
	char modifiers[16], pointers[16];
} priced;

static bool same_modifiers(const mo_fee *f, const char *const m[4])
{
	size_t n = 0;
	for (; n < 4 && m[n]; n++) {
		bool found = false;
		for (size_t k = 0; k < f->nmodifiers; k++)
			found = found || strcmp(f->modifiers[k], m[n]) == 0;
		if (!found)
			return false;
	}
	return n == f->nmodifiers;
}

/* The fee of code with exactly these modifiers on day, else the fee of
 * the code without modifiers; NULL when there is none. */
static const mo_fee *find_fee(const mo_fee_schedule *fs, const char *code,
			      const char *const m[4], int32_t day)
{
	const mo_fee *plain = NULL;
	for (size_t i = 0; i < fs->nfees; i++) {
		const mo_fee *f = &fs->fees[i];
		if (strcmp(f->code, code) || (f->from && day < f->from) ||
		    (f->to && day > f->to))
			continue;
		if (same_modifiers(f, m))
			return f;
		if (f->nmodifiers == 0)
			plain = f;
	}
	return plain;
}

static int check_modifiers(const mo_charge_line *l, size_t i, char out[16],
			   mo_err *e)
{
	size_t n = 0;
	out[0] = '\0';
	for (; n < 4 && l->modifiers[n]; n++) {
		if (!mo_codes_modifier_valid(l->modifiers[n]))
			return mo_err_set(e, MO_EINVAL, "charge line %zu "
					  "modifier %zu: expected 2 capital "
					  "letters or digits such as 25 or QW, "
					  "got \"%s\"", i + 1, n + 1,
					  l->modifiers[n]);
		for (size_t k = 0; k < n; k++)
			if (strcmp(l->modifiers[k], l->modifiers[n]) == 0)
				return mo_err_set(e, MO_EINVAL, "charge line "
						  "%zu modifier %s: given "
						  "twice", i + 1,
						  l->modifiers[n]);
		snprintf(out + strlen(out), 16 - strlen(out), "%s%s",
			 n ? "," : "", l->modifiers[n]);
	}
	return 0;
}

static int check_pointers(const mo_charge_line *l, size_t i, int ndx,
			  char out[16], mo_err *e)
{
	size_t n = 0;
	out[0] = '\0';
	for (; n < 4 && l->pointers[n]; n++) {
		if (l->pointers[n] < 1 || l->pointers[n] > ndx)
			return mo_err_set(e, MO_EINVAL, "charge line %zu "
					  "pointer %d: the encounter has %d "
					  "diagnos%s", i + 1, l->pointers[n],
					  ndx, ndx == 1 ? "is" : "es");
		for (size_t k = 0; k < n; k++)
			if (l->pointers[k] == l->pointers[n])
				return mo_err_set(e, MO_EINVAL, "charge line "
						  "%zu pointer %d: given "
						  "twice", i + 1,
						  l->pointers[n]);
		snprintf(out + strlen(out), 16 - strlen(out), "%s%d",
			 n ? "," : "", l->pointers[n]);
	}
	if (n == 0)
		return mo_err_set(e, MO_EINVAL, "charge line %zu pointers: "
				  "each line points to at least one diagnosis",
				  i + 1);
	return 0;
}

static int check_line(const visit *v, const mo_charge_line *l, size_t i,
		      int ndx, priced *out, mo_err *e)
{
	const mo_fee *fee;
	char d[11];
	int rc;
	if (!mo_codes_procedure_valid(l->code))
		return mo_err_set(e, MO_EINVAL, "charge line %zu code: expected "
				  "a CPT or HCPCS code such as 99213 or "
				  "G0438, got \"%s\"", i + 1,
				  l->code ? l->code : "");
	if (l->units < 1 || l->units > 999)
		return mo_err_set(e, MO_EINVAL, "charge line %zu units: expected "
				  "1 to 999, got %d", i + 1, l->units);
	if ((rc = check_modifiers(l, i, out->modifiers, e)) ||
	    (rc = check_pointers(l, i, ndx, out->pointers, e)))
		return rc;
	if (!(fee = find_fee(v->fs, l->code, l->modifiers, v->day)))
		return mo_err_set(e, MO_EINVAL, "charge line %zu code %s: no fee "
				  "in fee schedule '%s' on %s", i + 1, l->code,
				  v->fs->id, mo_date_format(v->day, d));
	out->amount = fee->charge * l->units;
	out->expected = v->py ? (out->amount * v->py->percent + 50) / 100 : -1;
	return 0;
}

/* The diagnoses in their written form, into codes; their number. */
static int check_diagnoses(const mo_encounter_new *in, char codes[][9],
			   int *n, mo_err *e)
{
	*n = 0;
	for (int i = 0; i < MO_CHARGE_MAX_DX && in->diagnoses[i]; i++) {
		if (!mo_codes_icd10_valid(in->diagnoses[i], codes[i]))
			return mo_err_set(e, MO_EINVAL, "charge diagnosis %d: "
					  "expected an ICD-10-CM code such as "
					  "J02.9, got \"%s\"", i + 1,
					  in->diagnoses[i]);
		for (int k = 0; k < i; k++)
			if (strcmp(codes[k], codes[i]) == 0)
				return mo_err_set(e, MO_EINVAL, "charge "
						  "diagnosis %d: %s is "
						  "diagnosis %d already", i + 1,
						  codes[i], k + 1);
		(*n)++;
	}
	if (*n == 0)
		return mo_err_set(e, MO_EINVAL, "charge diagnoses: a visit is "
				  "billed with at least one diagnosis");
	return 0;
}

/* ---- writing ---- */

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

static int step_done(mo_db *db, sqlite3_stmt *st, mo_err *e)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "charge",
								  e);
	sqlite3_reset(st);
	return rc;
}

static int insert_encounter(mo_db *db, const char *actor, const visit *v,
			    int64_t *id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_ENCOUNTER, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, v->appointment);
	sqlite3_bind_int64(st, 2, v->patient);
	bind_text(st, 3, v->provider);
	bind_text(st, 4, v->location);
	bind_text(st, 5, v->pos);
	sqlite3_bind_int(st, 6, v->day);
	sqlite3_bind_int64(st, 7, mo_clock_now_us());
	bind_text(st, 8, actor);
	rc = step_done(db, st, e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return rc;
}

static int insert_dx(mo_db *db, int64_t encounter, char codes[][9], int n,
		     mo_err *e)
{
	sqlite3_stmt *st;
	int rc = 0;
	for (int i = 0; !rc && i < n; i++) {
		if ((rc = mo_db_stmt(db, SQL_ADD_DX, &st, e)))
			break;
		sqlite3_bind_int64(st, 1, encounter);
		sqlite3_bind_int(st, 2, i + 1);
		bind_text(st, 3, codes[i]);
		rc = step_done(db, st, e);
	}
	return rc;
}

/* The line's ledger entry: the payer's (or patient's) receivable against
 * revenue. */
static int post_line(mo_practice *p, const char *actor, const visit *v,
		     const mo_charge_line *l, const priced *pr, int64_t charge,
		     mo_err *e)
{
	char memo[96];
	mo_ledger_line lines[] = {
		{v->py ? MO_ACCT_AR_PAYER : MO_ACCT_AR_PATIENT, pr->amount,
		 v->patient, v->py ? v->payer : NULL, charge},
		{MO_ACCT_REVENUE, -pr->amount, v->patient, NULL, charge},
	};
	mo_ledger_entry en = {"charge", memo, v->day, lines, 2};
	if (pr->amount == 0) /* a no-charge code posts nothing */
		return 0;
	snprintf(memo, sizeof memo, "%s x%d, appointment %lld", l->code,
		 l->units, (long long)v->appointment);
	return mo_ledger_post(p, actor, &en, NULL, e);
}

static int insert_line(mo_practice *p, const char *actor, const visit *v,
		       int64_t encounter, int line, const mo_charge_line *l,
		       const priced *pr, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_CHARGE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, encounter);
	sqlite3_bind_int(st, 2, line);
	bind_text(st, 3, l->code);
	bind_text(st, 4, pr->modifiers);
	sqlite3_bind_int(st, 5, l->units);
	bind_text(st, 6, pr->pointers);
	sqlite3_bind_int64(st, 7, pr->amount);
	if (pr->expected >= 0)
		sqlite3_bind_int64(st, 8, pr->expected);
	else
		sqlite3_bind_null(st, 8);
	bind_text(st, 9, v->provider);
	bind_text(st, 10, v->pos);
	sqlite3_bind_int(st, 11, v->day);
	sqlite3_bind_int64(st, 12, mo_clock_now_us());
	bind_text(st, 13, actor);
	if ((rc = step_done(db, st, e)))
		return rc;
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	return post_line(p, actor, v, l, pr, *id, e);
}

/* ---- entering ---- */

typedef struct entry {
	visit v;
	char dx[MO_CHARGE_MAX_DX][9];
	int ndx;
	priced pr[MO_CHARGE_MAX_LINES];
	char codes[MO_CHARGE_MAX_LINES * 6 + 1];
	int64_t total;
} entry;

static int check_enter(mo_practice *p, const mo_encounter_new *in, entry *en,
		       mo_err *e)
{
	int rc;
	if (!in)
		return mo_err_set(e, MO_EINVAL, "charge: nothing to enter");
	if ((rc = load_visit(p, in->appointment, &en->v, e)) ||
	    (rc = check_diagnoses(in, en->dx, &en->ndx, e)))
		return rc;
	if (in->nlines < 1 || in->nlines > MO_CHARGE_MAX_LINES || !in->lines)
		return mo_err_set(e, MO_EINVAL, "charge lines: expected 1 to %d "
				  "lines, got %zu", MO_CHARGE_MAX_LINES,
				  in->nlines);
	for (size_t i = 0; i < in->nlines; i++) {
		if ((rc = check_line(&en->v, &in->lines[i], i, en->ndx,
				     &en->pr[i], e)))
			return rc;
		en->total += en->pr[i].amount;
		snprintf(en->codes + strlen(en->codes), sizeof en->codes -
			 strlen(en->codes), "%s%s", i ? "," : "",
			 in->lines[i].code);
	}
	return 0;
}

static int write_enter(mo_practice *p, const char *actor,
		       const mo_encounter_new *in, const entry *en,
		       int64_t *encounter, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	int64_t id;
	int rc = insert_encounter(db, actor, &en->v, encounter, e);
	if (!rc)
		rc = insert_dx(db, *encounter, (char(*)[9])en->dx, en->ndx, e);
	for (size_t i = 0; !rc && i < in->nlines; i++)
		rc = insert_line(p, actor, &en->v, *encounter, (int)i + 1,
				 &in->lines[i], &en->pr[i], &id, e);
	return rc;
}

static const char *payer_kind(const visit *v)
{
	return v->py ? v->py->kind : "self_pay";
}

int mo_charge_enter(mo_practice *p, const char *actor,
		    const mo_encounter_new *in, int64_t *encounter, mo_err *e)
{
	entry *en = calloc(1, sizeof *en);
	int64_t enc = 0;
	char d[11], record[40];
	mo_op op;
	int rc;
	if (!en)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if ((rc = check_enter(p, in, en, e)))
		goto out;
	mo_fact facts[] = {
		{"appointment", MO_FACT_INT, NULL, in->appointment},
		{"patient", MO_FACT_INT, NULL, en->v.patient},
		{"provider", MO_FACT_STR, en->v.provider, 0},
		{"payer", MO_FACT_STR, en->v.py ? en->v.payer : NULL, 0},
		{"payer_kind", MO_FACT_STR, payer_kind(&en->v), 0},
		{"date", MO_FACT_STR, mo_date_format(en->v.day, d), 0},
		{"codes", MO_FACT_STR, en->codes, 0},
		{"lines", MO_FACT_INT, NULL, (int64_t)in->nlines},
		{"amount", MO_FACT_MONEY, NULL, en->total},
	};
	if ((rc = mo_op_begin(p, &op, actor, "charge.enter", facts, 9, e)))
		goto out;
	if ((rc = write_enter(p, actor, in, en, &enc, e))) {
		mo_op_abort(&op);
		goto out;
	}
	snprintf(record, sizeof record, "encounter:%lld", (long long)enc);
	if (!(rc = mo_op_commit(&op, record, e)) && encounter)
		*encounter = enc;
out:
	free(en);
	return rc;
}

/* ---- adding a line ---- */

/* The visit of an open encounter, its number of diagnoses and next line. */
static int load_encounter(mo_practice *p, int64_t encounter, visit *v,
			  int *ndx, int *next, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char status[16], astatus[16];
	int64_t appt = 0, enc = 0, start = 0;
	int32_t sec;
	int rc = mo_db_stmt(db, SQL_ENCOUNTER, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, encounter);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		appt = sqlite3_column_int64(st, 0);
		copy_col(st, 1, status, sizeof status);
		*ndx = sqlite3_column_int(st, 2);
		*next = sqlite3_column_int(st, 3) + 1;
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "charge: "
						    "no encounter %lld",
						    (long long)encounter)
				       : mo_db_fail(db, "charge", e);
	}
	sqlite3_reset(st);
	if (rc)
		return rc;
	if (strcmp(status, "open"))
		return mo_err_set(e, MO_EINVAL, "charge: encounter %lld is "
				  "closed", (long long)encounter);
	if (*next > MO_CHARGE_MAX_LINES)
		return mo_err_set(e, MO_EINVAL, "charge: encounter %lld has %d "
				  "lines, the most there can be",
				  (long long)encounter, MO_CHARGE_MAX_LINES);
	if ((rc = mo_db_stmt(db, SQL_APPT, &st, e)))
		return rc;
	memset(v, 0, sizeof *v);
	v->appointment = appt;
	sqlite3_bind_int64(st, 1, appt);
	rc = appt_row(db, st, v, astatus, &enc, &start, e);
	sqlite3_reset(st);
	if (rc || (rc = mo_tz_from_utc(mo_practice_config(p)->timezone, start,
				       &v->day, &sec, e)))
		return rc;
	return price_source(p, v, e);
}

int mo_charge_add(mo_practice *p, const char *actor, int64_t encounter,
		  const mo_charge_line *line, int64_t *id, mo_err *e)
{
	visit v;
	priced pr;
	int ndx = 0, next = 0;
	int64_t cid = 0;
	char d[11], record[40];
	mo_op op;
	int rc;
	if (!line)
		return mo_err_set(e, MO_EINVAL, "charge: no line given");
	if ((rc = load_encounter(p, encounter, &v, &ndx, &next, e)) ||
	    (rc = check_line(&v, line, (size_t)next - 1, ndx, &pr, e)))
		return rc;
	mo_fact facts[] = {
		{"appointment", MO_FACT_INT, NULL, v.appointment},
		{"patient", MO_FACT_INT, NULL, v.patient},
		{"provider", MO_FACT_STR, v.provider, 0},
		{"payer", MO_FACT_STR, v.py ? v.payer : NULL, 0},
		{"payer_kind", MO_FACT_STR, payer_kind(&v), 0},
		{"date", MO_FACT_STR, mo_date_format(v.day, d), 0},
		{"codes", MO_FACT_STR, line->code, 0},
		{"lines", MO_FACT_INT, NULL, 1},
		{"amount", MO_FACT_MONEY, NULL, pr.amount},
	};
	if ((rc = mo_op_begin(p, &op, actor, "charge.enter", facts, 9, e)))
		return rc;
	if ((rc = insert_line(p, actor, &v, encounter, next, line, &pr, &cid,
			      e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "charge:%lld", (long long)cid);
	if (!(rc = mo_op_commit(&op, record, e)) && id)
		*id = cid;
	return rc;
}

/* ---- voiding ---- */

typedef struct to_void {
	int64_t patient, journal;
	int32_t day;
	bool voided, paid;
} to_void;

static int load_charge(mo_db *db, int64_t id, to_void *c, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CHARGE, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		c->voided = s && strcmp(s, "voided") == 0;
		c->patient = sqlite3_column_int64(st, 1);
		c->journal = sqlite3_column_int64(st, 2);
		c->paid = sqlite3_column_int64(st, 3) > 1;
		c->day = sqlite3_column_int(st, 4);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? mo_err_set(e, MO_ENOTFOUND, "charge: "
						    "no charge %lld",
						    (long long)id)
				       : mo_db_fail(db, "charge", e);
	}
	sqlite3_reset(st);
	if (!rc && c->voided)
		rc = mo_err_set(e, MO_EEXIST, "charge %lld is voided already",
				(long long)id);
	else if (!rc && c->paid)
		rc = mo_err_set(e, MO_EINVAL, "charge %lld has payments or "
				"adjustments posted to it; reverse those first",
				(long long)id);
	return rc;
}

static int write_void(mo_practice *p, const char *actor, int64_t id,
		      const to_void *c, const char *reason, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = c->journal ? mo_ledger_reverse(p, actor, c->journal, reason,
						mo_practice_today(p), NULL, e)
			    : 0;
	if (rc || (rc = mo_db_stmt(db, SQL_VOID, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, mo_clock_now_us());
	bind_text(st, 2, actor);
	sqlite3_bind_int64(st, 3, id);
	return step_done(db, st, e);
}

int mo_charge_void(mo_practice *p, const char *actor, int64_t id,
		   const char *reason, mo_err *e)
{
	size_t len = reason ? strlen(reason) : 0;
	char record[40];
	to_void c = {0};
	mo_op op;
	int rc;
	if (len < 1 || len > 200)
		return mo_err_set(e, MO_EINVAL, "charge reason: a reason of 1 to "
				  "200 characters is required");
	if ((rc = load_charge(mo_practice_db(p), id, &c, e)))
		return rc;
	mo_fact facts[] = {{"charge", MO_FACT_INT, NULL, id},
			   {"patient", MO_FACT_INT, NULL, c.patient},
			   {"reason", MO_FACT_STR, reason, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "charge.void", facts, 3, e)))
		return rc;
	if ((rc = write_void(p, actor, id, &c, reason, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "charge:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

/* ---- listing ---- */

static const char SQL_LIST[] =
	"SELECT c.id, c.encounter, en.appointment, en.patient, c.line, c.code, "
	"c.modifiers, c.units, c.pointers, c.amount, coalesce(c.expected, -1), "
	"c.provider, c.pos, (SELECT payer FROM journal_line WHERE charge = "
	"c.id AND account = 'ar_payer' ORDER BY id LIMIT 1), c.day, c.status, "
	"(SELECT coalesce(sum(amount), 0) FROM journal_line WHERE charge = "
	"c.id AND account IN ('ar_patient', 'ar_payer')) FROM charge c JOIN "
	"encounter en ON en.id = c.encounter WHERE (?1 = 0 OR c.encounter = "
	"?1) AND (?2 = 0 OR en.patient = ?2) AND (?3 = 0 OR c.day >= ?3) AND "
	"(?4 = 0 OR c.day <= ?4) AND (?5 OR c.status = 'active') ORDER BY "
	"c.day, c.encounter, c.line";
static const char SQL_DX[] =
	"SELECT code FROM encounter_dx WHERE encounter = ? AND seq = ?";

/* The codes pointers ("1,3") point to in encounter, into out. */
static int pointed(mo_db *db, int64_t encounter, const char *pointers,
		   char out[128], mo_err *e)
{
	sqlite3_stmt *st;
	const char *s = pointers;
	int rc = 0;
	out[0] = '\0';
	while (!rc && s && *s) {
		int seq = atoi(s);
		if ((rc = mo_db_stmt(db, SQL_DX, &st, e)))
			break;
		sqlite3_bind_int64(st, 1, encounter);
		sqlite3_bind_int(st, 2, seq);
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(out + strlen(out), 128 - strlen(out), "%s%s",
				 out[0] ? "," : "",
				 (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
		s = strchr(s, ',');
		s = s ? s + 1 : NULL;
	}
	return rc;
}

typedef struct list_ctx {
	mo_practice *p;
	const mo_charge_query *q;
	mo_charge_cb cb;
	void *ud;
	int stop;
} list_ctx;

static int list_row(list_ctx *c, sqlite3_stmt *st, mo_err *e)
{
	char dx[128];
	mo_charge ch = {
	    .id = sqlite3_column_int64(st, 0),
	    .encounter = sqlite3_column_int64(st, 1),
	    .appointment = sqlite3_column_int64(st, 2),
	    .patient = sqlite3_column_int64(st, 3),
	    .line = sqlite3_column_int(st, 4),
	    .code = mo_db_text(st, 5),
	    .modifiers = mo_db_text(st, 6),
	    .units = sqlite3_column_int(st, 7),
	    .pointers = mo_db_text(st, 8),
	    .amount = sqlite3_column_int64(st, 9),
	    .expected = sqlite3_column_int64(st, 10),
	    .provider = mo_db_text(st, 11),
	    .pos = mo_db_text(st, 12),
	    .payer = mo_db_text(st, 13),
	    .day = sqlite3_column_int(st, 14),
	    .status = mo_db_text(st, 15),
	    .balance = sqlite3_column_int64(st, 16),
	    .diagnoses = dx,
	};
	int rc = pointed(mo_practice_db(c->p), ch.encounter, ch.pointers, dx, e);
	if (!rc)
		c->stop = c->cb(c->ud, &ch);
	return rc;
}

static int list_fn(void *ud, mo_err *e)
{
	list_ctx *c = ud;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc;
	if ((rc = mo_db_prepare(db, SQL_LIST, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, c->q->encounter);
	sqlite3_bind_int64(st, 2, c->q->patient);
	sqlite3_bind_int(st, 3, c->q->from_day);
	sqlite3_bind_int(st, 4, c->q->to_day);
	sqlite3_bind_int(st, 5, c->q->voided);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = list_row(c, st, e)))
			break;
	if (rc == SQLITE_DONE || (rc == SQLITE_ROW && c->stop))
		rc = 0;
	else if (rc > 0)
		rc = mo_db_fail(db, "charge", e);
	sqlite3_finalize(st);
	return rc;
}

int mo_charge_list(mo_practice *p, const char *actor,
		   const mo_charge_query *q, mo_charge_cb cb, void *ud,
		   mo_err *e)
{
	list_ctx c = {p, q, cb, ud, 0};
	char record[40] = "charges", d1[11] = "", d2[11] = "";
	int rc;
	if (!q || !cb)
		return mo_err_set(e, MO_EINVAL, "charge: bad arguments");
	if (q->patient)
		snprintf(record, sizeof record, "patient:%lld",
			 (long long)q->patient);
	else if (q->encounter)
		snprintf(record, sizeof record, "encounter:%lld",
			 (long long)q->encounter);
	mo_fact facts[] = {
		{"read", MO_FACT_STR, "charges", 0},
		{"patient", MO_FACT_INT, NULL, q->patient},
		{"encounter", MO_FACT_INT, NULL, q->encounter},
		{"from", MO_FACT_STR, q->from_day ? mo_date_format(q->from_day,
								   d1) : NULL,
		 0},
		{"to", MO_FACT_STR, q->to_day ? mo_date_format(q->to_day, d2)
					      : NULL, 0},
	};
	rc = mo_op_read(p, actor, "billing.read", facts, 5, record, list_fn,
			&c, e);
	return rc ? rc : c.stop;
}
