/* claim.c: claims (see claim.h). Creating reads the encounters to claim
 * with one query, writes each claim and its lines, and checks it: the
 * core's own holds first (data the 837P needs), then the rules for
 * claim.release. Export gathers a payer's ready claims into the structs
 * of x837.h (all strings copied into one arena per claim, so that nothing
 * points into a statement that moves on), writes the batch, then marks
 * the claims submitted. It uses practice.h, x837.h, insure.h,
 * credential.h (the rendering provider's licence and enrollment facts),
 * tz.h, units.h, clock.h and SQLite through db.h. */
#include "claim.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "credential.h"
#include "insure.h"
#include "tz.h"
#include "units.h"
#include "x837.h"

static const char SQL_TO_CLAIM[] =
	"SELECT e.id, e.patient, e.day, (SELECT jl.payer FROM journal_line jl "
	"JOIN charge c ON c.id = jl.charge WHERE c.encounter = e.id AND "
	"c.status = 'active' AND jl.account = 'ar_payer' ORDER BY jl.id LIMIT "
	"1), (SELECT coalesce(sum(amount), 0) FROM charge WHERE encounter = "
	"e.id AND status = 'active') FROM encounter e WHERE e.day <= ? AND NOT "
	"EXISTS (SELECT 1 FROM claim WHERE encounter = e.id AND status <> "
	"'void') ORDER BY e.id";
static const char SQL_ADD_CLAIM[] =
	"INSERT INTO claim(encounter, patient, insurance, payer, rank, status, "
	"total, created_us, created_by, updated_us) VALUES(?, ?, ?, ?, 1, "
	"'ready', ?, ?, ?, ?)";
static const char SQL_ADD_LINES[] =
	"INSERT INTO claim_line(claim, charge) SELECT ?1, id FROM charge WHERE "
	"encounter = ?2 AND status = 'active'";
static const char SQL_EVENT[] =
	"INSERT INTO claim_event(claim, at_us, actor, status, note) VALUES(?, "
	"?, ?, ?, ?)";
static const char SQL_SET_STATUS[] =
	"UPDATE claim SET status = ?2, reason = ?3, batch = coalesce(?4, "
	"batch), updated_us = ?5 WHERE id = ?1";
static const char SQL_CHECK_DATA[] =
	"SELECT p.line1 IS NULL OR p.city IS NULL OR p.state IS NULL OR p.zip "
	"IS NULL, i.relation <> 'self' AND (i.subscriber_line1 IS NULL OR "
	"i.subscriber_city IS NULL OR i.subscriber_state IS NULL OR "
	"i.subscriber_zip IS NULL OR i.subscriber_birth_day IS NULL), "
	"(SELECT group_concat(c.code || CASE c.modifiers WHEN '' THEN '' ELSE "
	"':' || replace(c.modifiers, ',', ':') END, ',') FROM claim_line l "
	"JOIN charge c ON "
	"c.id = l.charge WHERE l.claim = cl.id), (SELECT count(*) FROM "
	"encounter_dx WHERE encounter = cl.encounter), cl.total, cl.payer, "
	"cl.patient, e.day, e.provider FROM claim cl JOIN patient p ON p.id = "
	"cl.patient "
	"JOIN insurance i ON i.id = cl.insurance JOIN encounter e ON e.id = "
	"cl.encounter WHERE cl.id = ?";

/* ---- status and history ---- */

/* One line of claim id's history. */
static int add_event(mo_db *db, const char *actor, int64_t id,
		     const char *status, const char *note, int64_t now,
		     mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_EVENT, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(st, 5, note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

int mo_claim_set_status(mo_db *db, const char *actor, int64_t id,
			const char *status, const char *reason, int64_t batch,
			mo_err *e)
{
	sqlite3_stmt *st;
	int64_t now = mo_clock_now_us();
	int rc = mo_db_stmt(db, SQL_SET_STATUS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (reason)
		sqlite3_bind_text(st, 3, reason, -1, SQLITE_STATIC);
	if (batch)
		sqlite3_bind_int64(st, 4, batch);
	sqlite3_bind_int64(st, 5, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc ? rc : add_event(db, actor, id, status, reason, now, e);
}

/* ---- checking a claim ---- */

typedef struct verdict {
	bool hold;
	char reason[600];
} verdict;

/* The facts of claim id for the rules, and the core's own holds; the
 * rules' decision into *d. */
static int ask(mo_practice *p, int64_t id, verdict *v, mo_decision *d,
	       mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	char service[11], codes[512];
	int rc = mo_db_stmt(db, SQL_CHECK_DATA, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return mo_db_fail(db, "claim", e);
	}
	const char *payer = (const char *)sqlite3_column_text(st, 5);
	const mo_payer *py = mo_config_payer(c, payer);
	int32_t day = sqlite3_column_int(st, 7);
	const char *prov = (const char *)sqlite3_column_text(st, 8);
	int64_t age = mo_practice_today(p) - day;
	snprintf(codes, sizeof codes, "%s", sqlite3_column_text(st, 2)
		 ? (const char *)sqlite3_column_text(st, 2) : "");
	v->hold = true;
	if (sqlite3_column_int(st, 0))
		snprintf(v->reason, sizeof v->reason, "the patient's address "
			 "is incomplete (street, city, state and ZIP)");
	else if (sqlite3_column_int(st, 1))
		snprintf(v->reason, sizeof v->reason, "the subscriber's address "
			 "or birth date is missing");
	else
		v->hold = false;
	mo_fact f[] = {
		{"claim", MO_FACT_INT, NULL, id},
		{"patient", MO_FACT_INT, NULL, sqlite3_column_int64(st, 6)},
		{"payer", MO_FACT_STR, payer, 0},
		{"payer_kind", MO_FACT_STR, py ? py->kind : NULL, 0},
		{"total", MO_FACT_MONEY, NULL, sqlite3_column_int64(st, 4)},
		{"lines", MO_FACT_STR, codes, 0},
		{"diagnoses", MO_FACT_INT, NULL, sqlite3_column_int64(st, 3)},
		{"service_date", MO_FACT_STR, mo_date_format(day, service), 0},
		{"days_since_service", MO_FACT_INT, NULL, age},
		{"timely_filing_days", MO_FACT_INT, NULL,
		 py ? py->timely_filing / 86400 : 365},
		{"clia", MO_FACT_STR, c->clia.certificate, 0},
		{"provider", MO_FACT_STR, prov, 0},
		{"provider_licensed", MO_FACT_BOOL, NULL,
		 mo_cred_licensed(c, prov, day)},
		{"provider_enrollment", MO_FACT_STR,
		 mo_cred_enrollment(c, prov, payer, day), 0},
	};
	rc = v->hold ? 0 : mo_practice_decide(p, MO_ACTOR_SYSTEM,
					      "claim.release", f,
					      sizeof f / sizeof *f, d, e);
	sqlite3_reset(st);
	if (!rc && !v->hold && d->verdict == MO_VERDICT_DENY) {
		v->hold = true;
		snprintf(v->reason, sizeof v->reason, "%s (rule %s)",
			 d->reason[0] ? d->reason : "held", d->rule);
	}
	return rc;
}

/* ---- claim edits that fix ---- */

static const char SQL_FIX_LINES[] =
	"SELECT c.id, c.modifiers FROM claim_line l JOIN charge c ON c.id = "
	"l.charge WHERE l.claim = ? AND c.code = ? AND c.status = 'active'";
static const char SQL_SET_MODIFIERS[] =
	"UPDATE charge SET modifiers = ? WHERE id = ?";

/* mods ("25,QW") with mod added or removed into out; false when that
 * changes nothing or there is no room for a fifth. */
static bool edit_modifiers(const char *mods, bool add, const char *mod,
			   char out[32])
{
	char buf[32], *save = NULL;
	size_t n = 0, count = 0;
	bool found = false;
	snprintf(buf, sizeof buf, "%s", mods);
	out[0] = '\0';
	for (char *m = strtok_r(buf, ",", &save); m;
	     m = strtok_r(NULL, ",", &save)) {
		found = found || !strcmp(m, mod);
		if (!add && !strcmp(m, mod))
			continue;
		n += (size_t)snprintf(out + n, 32 - n, "%s%s", n ? "," : "", m);
		count++;
	}
	if (add && !found && count < 4)
		snprintf(out + n, 32 - n, "%s%s", n ? "," : "", mod);
	return add ? !found && count < 4 : found;
}

/* Applies the change of a fix to the claim's lines of its code; *done
 * false when it changed nothing (the rule asks for what is already so). */
static int apply_fix(mo_db *db, int64_t id, const char *change, bool *done,
		     mo_err *e)
{
	char op[24], code[8], mod[4], mods[32];
	sqlite3_stmt *st, *up;
	int rc;
	*done = false;
	if (sscanf(change, "%23s %7s %3s", op, code, mod) != 3)
		return mo_err_set(e, MO_ELUA, "claim edit: a malformed change "
				  "\"%s\"", change);
	if ((rc = mo_db_stmt(db, SQL_FIX_LINES, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 1);
		if (!edit_modifiers(m ? m : "", !strcmp(op, "add_modifier"),
				    mod, mods))
			continue;
		if ((rc = mo_db_stmt(db, SQL_SET_MODIFIERS, &up, e)))
			break;
		sqlite3_bind_text(up, 1, mods, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
		rc = sqlite3_step(up) == SQLITE_DONE ? 0
						     : mo_db_fail(db, "claim", e);
		sqlite3_reset(up);
		*done = true;
	}
	sqlite3_reset(st);
	return rc;
}

static int note_fix(mo_db *db, const char *actor, int64_t id,
		    const mo_decision *d, mo_err *e)
{
	char note[600], op[24], code[8], mod[4];
	if (sscanf(d->fix, "%23s %7s %3s", op, code, mod) != 3)
		return mo_err_set(e, MO_ELUA, "claim edit: a malformed change");
	snprintf(note, sizeof note, "%s %s %s %s: %s (rule %s)",
		 strcmp(op, "add_modifier") ? "removed" : "added", mod,
		 strcmp(op, "add_modifier") ? "from" : "to", code,
		 d->reason[0] ? d->reason : "fixed", d->rule);
	return add_event(db, actor, id, "fixed", note, mo_clock_now_us(), e);
}

#define MAX_FIXES 8

/* The core's holds, then the rules, applying their fixes (each one is
 * kept in the claim's history) and asking again, until one allows or
 * denies. A fix that changes nothing, or more than MAX_FIXES of them,
 * holds the claim: the rules disagree with themselves. */
static int check_claim(mo_practice *p, const char *actor, int64_t id,
		       verdict *v, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_decision d;
	bool done;
	int rc;
	for (int round = 0;; round++) {
		if ((rc = ask(p, id, v, &d, e)) || v->hold ||
		    d.verdict != MO_VERDICT_FIX)
			return rc;
		if (round == MAX_FIXES ||
		    (rc = apply_fix(db, id, d.fix, &done, e)) || !done) {
			v->hold = !rc;
			snprintf(v->reason, sizeof v->reason, "the claim edits "
				 "do not settle: rule %s asks to %s again",
				 d.rule, d.fix);
			return rc;
		}
		if ((rc = note_fix(db, actor, id, &d, e)))
			return rc;
	}
}



/* Checks claim id and sets its status; a new claim (fresh) was inserted
 * ready, so then a ready verdict only goes into its history. */
static int check_and_set(mo_practice *p, const char *actor, int64_t id,
			 bool fresh, mo_claim_counts *n, char reason[600],
			 mo_err *e)
{
	verdict v;
	int rc = check_claim(p, actor, id, &v, e);
	if (rc)
		return rc;
	if (reason)
		snprintf(reason, 600, "%s", v.hold ? v.reason : "");
	n->ready += !v.hold;
	n->held += v.hold;
	if (fresh && !v.hold)
		return add_event(mo_practice_db(p), actor, id, "ready", NULL,
				 mo_clock_now_us(), e);
	return mo_claim_set_status(mo_practice_db(p), actor, id,
				   v.hold ? "held" : "ready",
				   v.hold ? v.reason : NULL, 0, e);
}

/* ---- creating ---- */

typedef struct todo {
	int64_t encounter, patient, total;
	int32_t day;
	char payer[65];
} todo;

typedef struct todos {
	todo *v;
	size_t n, cap;
} todos;

/* The encounters to claim, read whole before anything is written. */
static int encounters_to_claim(mo_db *db, int32_t through, todos *t,
			       mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_TO_CLAIM, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int(st, 1, through);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *payer = (const char *)sqlite3_column_text(st, 3);
		if (!payer || sqlite3_column_int64(st, 4) <= 0)
			continue; /* the patient pays, or nothing to claim */
		if (mo_grow(&t->v, &t->cap, t->n + 1, sizeof *t->v)) {
			sqlite3_reset(st);
			return mo_err_set(e, MO_ENOMEM, "out of memory");
		}
		t->v[t->n] = (todo){sqlite3_column_int64(st, 0),
				    sqlite3_column_int64(st, 1),
				    sqlite3_column_int64(st, 4),
				    sqlite3_column_int(st, 2), ""};
		snprintf(t->v[t->n++].payer, 65, "%s", payer);
	}
	rc = rc == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

static int insert_claim(mo_practice *p, const char *actor, const todo *t,
			int64_t insurance, int64_t *id, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int64_t now = mo_clock_now_us();
	int rc = mo_db_stmt(db, SQL_ADD_CLAIM, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, t->encounter);
	sqlite3_bind_int64(st, 2, t->patient);
	sqlite3_bind_int64(st, 3, insurance);
	sqlite3_bind_text(st, 4, t->payer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, t->total);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_text(st, 7, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	if (rc || (rc = mo_db_stmt(db, SQL_ADD_LINES, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_int64(st, 2, t->encounter);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

static int create_one(mo_practice *p, const char *actor, const todo *t,
		      mo_claim_counts *n, mo_err *e)
{
	char payer[65];
	int64_t insurance = 0, id;
	int rc = mo_ins_in_force(p, t->patient, t->day, 1, payer, &insurance,
				 e);
	if (rc == MO_ENOTFOUND)
		return 0; /* the policy ended after the charge: nothing to do */
	if (rc || (rc = insert_claim(p, actor, t, insurance, &id, e)))
		return rc;
	n->created++;
	return check_and_set(p, actor, id, true, n, NULL, e);
}

int mo_claim_create(mo_practice *p, const char *actor, int32_t through_day,
		    mo_claim_counts *out, mo_err *e)
{
	todos t = {0};
	char d[11], record[40];
	mo_op op;
	int rc;
	memset(out, 0, sizeof *out);
	mo_fact f[] = {{"through", MO_FACT_STR, mo_date_format(through_day, d),
			0}};
	if ((rc = mo_op_begin(p, &op, actor, "claim.create", f, 1, e)))
		return rc;
	rc = encounters_to_claim(mo_practice_db(p), through_day, &t, e);
	for (size_t i = 0; !rc && i < t.n; i++)
		rc = create_one(p, actor, &t.v[i], out, e);
	free(t.v);
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "claims:%d", out->created);
	return mo_op_commit(&op, record, e);
}

/* ---- replacement and void claims ---- */

static const char SQL_ORIGINAL[] =
	"SELECT c.status, c.frequency, (SELECT payer_claim FROM era_claim WHERE "
	"claim = c.id AND payer_claim IS NOT NULL ORDER BY id DESC LIMIT 1) "
	"FROM claim c WHERE c.id = ?";
static const char SQL_COPY_CLAIM[] =
	"INSERT INTO claim(encounter, patient, insurance, payer, rank, "
	"frequency, original, status, total, created_us, created_by, "
	"updated_us) SELECT encounter, patient, insurance, payer, rank, ?2, "
	"?3, 'ready', total, ?4, ?5, ?4 FROM claim WHERE id = ?1";
static const char SQL_COPY_LINES[] =
	"INSERT INTO claim_line(claim, charge) SELECT ?2, charge FROM "
	"claim_line WHERE claim = ?1";

/* The payer's number for claim id (it came with a remittance), which a
 * replacement or void names; refused when the claim never reached the
 * payer or was replaced or voided already. */
static int original_of(mo_db *db, int64_t id, char out[51], mo_err *e)
{
	static const char *const sent[] = {"submitted", "accepted", "rejected",
		"paid", "denied", "appealed", NULL};
	sqlite3_stmt *st;
	bool ok = false;
	int rc = mo_db_stmt(db, SQL_ORIGINAL, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return mo_err_set(e, MO_ENOTFOUND, "claims: no claim %lld",
				  (long long)id);
	}
	const char *status = (const char *)sqlite3_column_text(st, 0);
	const char *number = (const char *)sqlite3_column_text(st, 2);
	for (int i = 0; sent[i]; i++)
		ok = ok || !strcmp(status, sent[i]);
	if (!ok)
		rc = mo_err_set(e, MO_EINVAL, "claims: claim %lld is %s: only "
				"a claim the payer has can be replaced or voided",
				(long long)id, status);
	else if (strcmp((const char *)sqlite3_column_text(st, 1), "1"))
		rc = mo_err_set(e, MO_EINVAL, "claims: claim %lld is itself a "
				"replacement or a void", (long long)id);
	else if (!number)
		rc = mo_err_set(e, MO_EINVAL, "claims: claim %lld has no payer "
				"claim number yet (it comes with the payer's "
				"remittance); a replacement or void names it",
				(long long)id);
	else
		snprintf(out, 51, "%s", number);
	sqlite3_reset(st);
	return rc;
}

static int copy_claim(mo_db *db, const char *actor, int64_t id, char freq,
		      const char *original, int64_t *nid, mo_err *e)
{
	sqlite3_stmt *st;
	char f[2] = {freq, '\0'};
	int64_t now = mo_clock_now_us();
	int rc = mo_db_stmt(db, SQL_COPY_CLAIM, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, f, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, original, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_text(st, 5, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	*nid = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	if (rc || (rc = mo_db_stmt(db, SQL_COPY_LINES, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, *nid);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

static int refresh_lines(mo_db *db, int64_t id, mo_err *e);

/* The new claim (a replacement takes the encounter's charges as they are
 * now and goes through the claim edits; a void repeats the original's
 * lines), then the original is void, with both in the history. */
static int resubmit(mo_practice *p, const char *actor, int64_t id,
		    char freq, int64_t *nid, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	mo_claim_counts n = {0};
	char original[51], note[120];
	int rc = original_of(db, id, original, e);
	if (rc || (rc = copy_claim(db, actor, id, freq, original, nid, e)))
		return rc;
	if (freq == '7' && !(rc = refresh_lines(db, *nid, e)))
		rc = check_and_set(p, actor, *nid, true, &n, NULL, e);
	else if (!rc)
		rc = mo_claim_set_status(db, actor, *nid, "ready", NULL, 0, e);
	snprintf(note, sizeof note, "%s by claim %lld (payer's claim %s)",
		 freq == '7' ? "replaced" : "voided", (long long)*nid, original);
	return rc ? rc : mo_claim_set_status(db, actor, id, "void", note, 0, e);
}

int mo_claim_resubmit(mo_practice *p, const char *actor, int64_t id,
		      char frequency, int64_t *new_id, mo_err *e)
{
	char record[40];
	int64_t nid = 0;
	mo_op op;
	int rc;
	if (frequency != '7' && frequency != '8')
		return mo_err_set(e, MO_EINVAL, "claims: frequency: expected 7 "
				  "(replacement) or 8 (void)");
	mo_fact f[] = {{"claim", MO_FACT_INT, NULL, id},
		       {"frequency", MO_FACT_STR, frequency == '7'
			? "replacement" : "void", 0}};
	if ((rc = mo_op_begin(p, &op, actor, "claim.create", f, 2, e)))
		return rc;
	if ((rc = resubmit(p, actor, id, frequency, &nid, e))) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "claim:%lld", (long long)nid);
	if ((rc = mo_op_commit(&op, record, e)))
		return rc;
	if (new_id)
		*new_id = nid;
	return 0;
}

static const char SQL_STATUS[] = "SELECT status FROM claim WHERE id = ?";
static const char SQL_CLEAR_LINES[] = "DELETE FROM claim_line WHERE claim = ?";
static const char SQL_RELINE[] =
	"INSERT INTO claim_line(claim, charge) SELECT ?1, id FROM charge WHERE "
	"encounter = (SELECT encounter FROM claim WHERE id = ?1) AND status = "
	"'active'";
static const char SQL_RETOTAL[] =
	"UPDATE claim SET total = (SELECT coalesce(sum(c.amount), 0) FROM "
	"claim_line l JOIN charge c ON c.id = l.charge WHERE l.claim = ?1) "
	"WHERE id = ?1";

/* A held claim takes the encounter's charges as they are now (lines
 * voided and added while it was held). */
static int refresh_lines(mo_db *db, int64_t id, mo_err *e)
{
	const char *sql[] = {SQL_CLEAR_LINES, SQL_RELINE, SQL_RETOTAL};
	int rc = 0;
	for (int i = 0; !rc && i < 3; i++) {
		sqlite3_stmt *st;
		if ((rc = mo_db_stmt(db, sql[i], &st, e)))
			break;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0
						     : mo_db_fail(db, "claim", e);
		sqlite3_reset(st);
	}
	return rc;
}

/* 0 when claim id exists (with status want, when want is not NULL). */
static int query_status(mo_db *db, int64_t id, const char *want, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_STATUS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = mo_err_set(e, MO_ENOTFOUND, "no claim %lld", (long long)id);
	else if (rc != SQLITE_ROW)
		rc = mo_db_fail(db, "claim", e);
	else if (want && strcmp((const char *)sqlite3_column_text(st, 0), want))
		rc = mo_err_set(e, MO_EINVAL, "claim %lld is %s, not %s",
				(long long)id, sqlite3_column_text(st, 0), want);
	else
		rc = 0;
	sqlite3_reset(st);
	return rc;
}

int mo_claim_recheck(mo_practice *p, const char *actor, int64_t id,
		     bool *ready, char reason[600], mo_err *e)
{
	mo_claim_counts n = {0};
	char record[40];
	mo_op op;
	mo_fact f[] = {{"claim", MO_FACT_INT, NULL, id}};
	int rc;
	if (mo_fails_assert(ready))
		return mo_err_set(e, MO_EINVAL, "claim: bad arguments");
	if ((rc = mo_op_begin(p, &op, actor, "claim.create", f, 1, e)))
		return rc;
	if ((rc = query_status(mo_practice_db(p), id, "held", e)) ||
	    (rc = refresh_lines(mo_practice_db(p), id, e)) ||
	    (rc = check_and_set(p, actor, id, false, &n, reason, e))) {
		mo_op_abort(&op);
		return rc;
	}
	*ready = n.ready > 0;
	snprintf(record, sizeof record, "claim:%lld", (long long)id);
	return mo_op_commit(&op, record, e);
}

/* ---- reading ---- */

static const char SQL_LIST[] =
	"SELECT c.id, c.encounter, c.patient, coalesce(c.batch, 0), "
	"p.family || ', ' || p.given, c.payer, c.status, c.reason, c.total, "
	"e.day FROM claim c JOIN patient p ON p.id = c.patient JOIN encounter "
	"e ON e.id = c.encounter WHERE (?1 IS NULL OR c.status = ?1) AND (?2 "
	"IS NULL OR c.payer = ?2) ORDER BY c.id";
static const char SQL_HISTORY[] =
	"SELECT at_us, actor, status, note FROM claim_event WHERE claim = ? "
	"ORDER BY id";

typedef struct read_ctx {
	mo_practice *p;
	const char *status, *payer;
	int64_t id;
	mo_claim_cb cb;
	mo_claim_history_cb hcb;
	void *ud;
	int stop;
} read_ctx;

static int list_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	mo_db_bind_opt(st, 1, c->status);
	mo_db_bind_opt(st, 2, c->payer);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_claim cl = {
		    sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
		    mo_db_text(st, 4),           mo_db_text(st, 5),
		    mo_db_text(st, 6),           mo_db_text(st, 7),
		    sqlite3_column_int64(st, 8), sqlite3_column_int(st, 9)};
		c->stop = c->cb(c->ud, &cl);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

int mo_claim_list(mo_practice *p, const char *actor, const char *status,
		  const char *payer, mo_claim_cb cb, void *ud, mo_err *e)
{
	read_ctx c = {p, status, payer, 0, cb, NULL, ud, 0};
	mo_fact f[] = {{"read", MO_FACT_STR, "claims", 0},
		       {"status", MO_FACT_STR, status, 0},
		       {"payer", MO_FACT_STR, payer, 0}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "claim: no callback");
	rc = mo_op_read(p, actor, "billing.read", f, 3, "claims", list_fn, &c,
			e);
	return rc ? rc : c.stop;
}

static int history_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	mo_db *db = mo_practice_db(c->p);
	sqlite3_stmt *st;
	int rc = query_status(db, c->id, NULL, e);
	if (rc || (rc = mo_db_stmt(db, SQL_HISTORY, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_claim_history_item h = {sqlite3_column_int64(st, 0),
		                           mo_db_text(st, 1), mo_db_text(st, 2),
		                           mo_db_text(st, 3)};
		c->stop = c->hcb(c->ud, &h);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	sqlite3_reset(st);
	return rc;
}

int mo_claim_history(mo_practice *p, const char *actor, int64_t id,
		     mo_claim_history_cb cb, void *ud, mo_err *e)
{
	read_ctx c = {p, NULL, NULL, id, NULL, cb, ud, 0};
	char record[40];
	mo_fact f[] = {{"read", MO_FACT_STR, "claim history", 0},
		       {"claim", MO_FACT_INT, NULL, id}};
	int rc;
	if (!cb)
		return mo_err_set(e, MO_EINVAL, "claim: no callback");
	snprintf(record, sizeof record, "claim:%lld", (long long)id);
	rc = mo_op_read(p, actor, "billing.read", f, 2, record, history_fn, &c,
			e);
	return rc ? rc : c.stop;
}

/* ---- export: one payer's ready claims as an 837P batch ---- */

static const char SQL_READY[] =
	"SELECT id, total FROM claim WHERE status = 'ready' AND payer = ? "
	"ORDER BY patient, id LIMIT 512";
static const char SQL_CLAIM_DATA[] =
	"SELECT e.pos, e.provider, e.id, i.relation, i.member_id, "
	"i.group_id, i.subscriber_family, i.subscriber_given, "
	"i.subscriber_sex, i.subscriber_birth_day, i.subscriber_line1, "
	"i.subscriber_city, i.subscriber_state, i.subscriber_zip, p.family, "
	"p.given, p.middle, p.sex, p.birth_day, p.line1, p.line2, p.city, "
	"p.state, p.zip, cl.frequency, cl.original FROM claim cl JOIN "
	"encounter e ON e.id = cl.encounter JOIN insurance i ON i.id = "
	"cl.insurance JOIN patient p ON p.id = cl.patient WHERE cl.id = ?";
static const char SQL_CLAIM_LINES[] =
	"SELECT c.code, c.modifiers, c.amount, c.units, c.pos, c.pointers, "
	"c.day, c.id FROM claim_line l JOIN charge c ON c.id = l.charge WHERE "
	"l.claim = ? ORDER BY c.line";
static const char SQL_CLAIM_DX[] =
	"SELECT code FROM encounter_dx WHERE encounter = ? ORDER BY seq";
static const char SQL_NEXT_CONTROL[] =
	"SELECT max((SELECT coalesce(max(control), 0) FROM claim_batch), "
	"(SELECT coalesce(max(control), 0) FROM eligibility_batch)) + 1";
static const char SQL_ADD_BATCH[] =
	"INSERT INTO claim_batch(payer, control, claims, total, created_us, "
	"created_by) VALUES(?, ?, ?, ?, ?, ?)";

/* One claim's structs and the text they point to. */
typedef struct xclaim {
	mo_x837_claim c;
	mo_x837_line lines[MO_X837_MAX_LINES];
	char pool[8192];
	size_t used;
} xclaim;

/* A copy of s in x's pool; NULL for NULL (or when the pool is full). */
static const char *keep(xclaim *x, const char *s)
{
	size_t n = s ? strlen(s) + 1 : 0;
	char *d;
	if (!s || x->used + n > sizeof x->pool)
		return NULL;
	d = memcpy(x->pool + x->used, s, n);
	x->used += n;
	return d;
}

static const char *keep_col(xclaim *x, sqlite3_stmt *st, int i)
{
	return keep(x, (const char *)sqlite3_column_text(st, i));
}

/* "Dr. Dana Lee": given Dana, family Lee (the rendering provider). */
static void split_name(xclaim *x, const char *name)
{
	char buf[128], *first, *last;
	snprintf(buf, sizeof buf, "%s", name ? name : "");
	first = strtok(buf, " ");
	if (first && (!strcmp(first, "Dr.") || !strcmp(first, "Dr")))
		first = strtok(NULL, " ");
	last = first;
	for (char *t; (t = strtok(NULL, " "));)
		last = t;
	x->c.rendering_given = keep(x, first);
	x->c.rendering_family = keep(x, last);
}

static void person(xclaim *x, sqlite3_stmt *st, int at, mo_x837_person *pp)
{
	/* family, given, middle, sex, birth, line1, line2, city, state, zip */
	pp->family = keep_col(x, st, at);
	pp->given = keep_col(x, st, at + 1);
	pp->middle = keep_col(x, st, at + 2);
	pp->sex = keep_col(x, st, at + 3);
	pp->birth_day = sqlite3_column_int(st, at + 4);
	pp->address = (mo_x837_address){keep_col(x, st, at + 5),
		keep_col(x, st, at + 6), keep_col(x, st, at + 7),
		keep_col(x, st, at + 8), keep_col(x, st, at + 9)};
}

static void subscriber(xclaim *x, sqlite3_stmt *st)
{
	mo_x837_person *s = &x->c.subscriber;
	if (!strcmp(x->c.relation, "self")) {
		x->c.subscriber = x->c.patient;
		return;
	}
	s->family = keep_col(x, st, 6);
	s->given = keep_col(x, st, 7);
	s->sex = keep_col(x, st, 8);
	s->birth_day = sqlite3_column_int(st, 9);
	s->address = (mo_x837_address){keep_col(x, st, 10), NULL,
		keep_col(x, st, 11), keep_col(x, st, 12), keep_col(x, st, 13)};
}

static const char *filing(const mo_payer *py)
{
	static const char *const k[][2] = {{"medicare", "MB"},
		{"medicaid", "MC"}, {"commercial", "CI"},
		{"workers_comp", "WC"}};
	for (size_t i = 0; py && i < 4; i++)
		if (!strcmp(py->kind, k[i][0]))
			return k[i][1];
	return "ZZ";
}

static int claim_header(mo_practice *p, int64_t id, xclaim *x, int64_t *enc,
			mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_CLAIM_DATA, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return mo_db_fail(db, "claim", e);
	}
	const char *staff = (const char *)sqlite3_column_text(st, 1);
	const mo_provider *pv = mo_config_provider(c, staff);
	const mo_staff *sf = mo_config_staff(c, staff);
	x->c.pos = keep_col(x, st, 0);
	*enc = sqlite3_column_int64(st, 2);
	x->c.relation = keep_col(x, st, 3);
	x->c.member_id = keep_col(x, st, 4);
	x->c.group_id = keep_col(x, st, 5);
	person(x, st, 14, &x->c.patient);
	subscriber(x, st);
	x->c.frequency = *(const char *)sqlite3_column_text(st, 24);
	x->c.original = keep_col(x, st, 25);
	x->c.rendering_npi = pv ? keep(x, pv->npi) : NULL;
	x->c.rendering_taxonomy = pv ? keep(x, pv->taxonomy) : NULL;
	split_name(x, sf ? sf->name : NULL);
	sqlite3_reset(st);
	return 0;
}

/* "25,QW" into the line's modifiers; "1,2" into its pointers. */
static void split_list(xclaim *x, const char *mods, const char *ptrs,
		       mo_x837_line *l)
{
	char buf[32];
	int n = 0;
	snprintf(buf, sizeof buf, "%s", mods ? mods : "");
	for (char *t = strtok(buf, ","); t && n < 4; t = strtok(NULL, ","))
		l->modifiers[n++] = keep(x, t);
	n = 0;
	snprintf(buf, sizeof buf, "%s", ptrs ? ptrs : "");
	for (char *t = strtok(buf, ","); t && n < 4; t = strtok(NULL, ","))
		l->pointers[n++] = atoi(t);
}

static int claim_lines(mo_db *db, int64_t id, int64_t enc, xclaim *x,
		       mo_err *e)
{
	sqlite3_stmt *st;
	int n = 0, rc = mo_db_stmt(db, SQL_CLAIM_LINES, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < MO_X837_MAX_LINES) {
		mo_x837_line *l = &x->lines[n++];
		memset(l, 0, sizeof *l);
		l->code = keep_col(x, st, 0);
		split_list(x, (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 5), l);
		l->amount = sqlite3_column_int64(st, 2);
		l->units = sqlite3_column_int(st, 3);
		l->pos = keep_col(x, st, 4);
		l->day = sqlite3_column_int(st, 6);
		l->control = keep_col(x, st, 7);
	}
	sqlite3_reset(st);
	x->c.lines = x->lines;
	x->c.nlines = (size_t)n;
	if ((rc = mo_db_stmt(db, SQL_CLAIM_DX, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, enc);
	for (n = 0; n < 12 && sqlite3_step(st) == SQLITE_ROW; n++)
		x->c.diagnoses[n] = keep_col(x, st, 0);
	sqlite3_reset(st);
	return 0;
}

static int gather(mo_practice *p, int64_t id, const mo_payer *py, xclaim *x,
		  mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	char cid[24];
	int64_t enc = 0;
	bool lab = false;
	int rc;
	memset(&x->c, 0, sizeof x->c);
	x->used = 0;
	snprintf(cid, sizeof cid, "%lld", (long long)id);
	x->c.id = keep(x, cid);
	x->c.payer_responsibility = "P";
	x->c.claim_filing = filing(py);
	x->c.payer_name = py->name;
	x->c.payer_id = py->payer_id;
	if ((rc = claim_header(p, id, x, &enc, e)) ||
	    (rc = claim_lines(mo_practice_db(p), id, enc, x, e)))
		return rc;
	for (size_t i = 0; i < x->c.nlines; i++)
		for (int k = 0; k < 4 && x->lines[i].modifiers[k]; k++)
			lab = lab || !strcmp(x->lines[i].modifiers[k], "QW");
	x->c.clia = lab ? c->clia.certificate : NULL;
	return 0;
}

typedef struct batch {
	xclaim *x;
	mo_x837_claim *claims;
	int64_t *ids;
	size_t n, cap;
	int64_t total;
} batch;

static int ready_claims(mo_practice *p, const char *payer, const mo_payer *py,
			batch *b, mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int64_t ids[512];
	size_t n = 0;
	int rc = mo_db_stmt(db, SQL_READY, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, payer, -1, SQLITE_STATIC);
	while (n < 512 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
		b->total += sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return mo_db_fail(db, "claim", e);
	if (!n)
		return mo_err_set(e, MO_ENOTFOUND, "claims: no ready claim for "
				  "%s", payer);
	rc = 0;
	if (!(b->x = calloc(n, sizeof *b->x)) ||
	    !(b->claims = calloc(n, sizeof *b->claims)) ||
	    !(b->ids = calloc(n, sizeof *b->ids)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		if (!(rc = gather(p, ids[i], py, &b->x[i], e)))
			b->claims[i] = b->x[i].c;
		b->ids[i] = ids[i];
		b->n = i + 1;
	}
	return rc;
}

int mo_claim_next_control(mo_db *db, uint32_t *control, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_NEXT_CONTROL, &st, e);
	if (rc)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_db_fail(db, "claim", e);
	*control = rc ? 0 : (uint32_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc;
}

static int write_batch(mo_practice *p, const mo_payer *py, const batch *b,
		       char usage, uint32_t control, char **out, size_t *len,
		       mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	char ref[16];
	int32_t day, sec;
	int rc = mo_tz_from_utc(c->timezone, mo_clock_now_us(), &day, &sec, e);
	if (rc)
		return rc;
	snprintf(ref, sizeof ref, "MO%u", control);
	mo_x837_batch xb = {
		.sender_id = c->npi, .receiver_id = py->payer_id,
		.control = control, .usage = usage, .day = day,
		.seconds = sec, .reference = ref,
		.submitter_name = c->legal_name ? c->legal_name : c->name,
		.submitter_id = c->npi,
		.contact_name = c->legal_name ? c->legal_name : c->name,
		.contact_phone = c->phone, .receiver_name = py->name,
		.billing_name = c->legal_name ? c->legal_name : c->name,
		.billing_npi = c->npi, .billing_tax_id = c->tax_id,
		.billing_taxonomy = c->taxonomy,
		.billing_address = {c->address.line1, c->address.line2,
				    c->address.city, c->address.state,
				    c->address.zip},
		.claims = b->claims, .nclaims = b->n,
	};
	return mo_x837_write(&xb, out, len, e);
}

static const char SQL_SUBMITTED[] =
	"UPDATE claim SET status = 'submitted', reason = NULL, batch = ?1, "
	"updated_us = ?2 WHERE id IN (SELECT value FROM json_each(?3))";
static const char SQL_SUBMITTED_EVENTS[] =
	"INSERT INTO claim_event(claim, at_us, actor, status) SELECT value, "
	"?1, ?2, 'submitted' FROM json_each(?3)";

/* The batch's claims submitted, and so noted in their history: two
 * statements for the whole batch (the ids as a JSON array). */
static int mark_submitted(mo_db *db, const char *actor, const batch *b,
			  int64_t id, mo_err *e)
{
	char *ids = malloc(b->n * 21 + 3);
	size_t n = 0;
	int64_t now = mo_clock_now_us();
	sqlite3_stmt *st;
	int rc;
	if (!ids)
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	ids[n++] = '[';
	for (size_t i = 0; i < b->n; i++)
		n += (size_t)sprintf(ids + n, "%s%lld", i ? "," : "",
				     (long long)b->ids[i]);
	ids[n++] = ']';
	ids[n] = '\0';
	if (!(rc = mo_db_stmt(db, SQL_SUBMITTED, &st, e))) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_bind_text(st, 3, ids, (int)n, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0
						     : mo_db_fail(db, "claim", e);
		sqlite3_reset(st);
	}
	if (!rc && !(rc = mo_db_stmt(db, SQL_SUBMITTED_EVENTS, &st, e))) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, ids, (int)n, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0
						     : mo_db_fail(db, "claim", e);
		sqlite3_reset(st);
	}
	free(ids);
	return rc;
}

static int record_batch(mo_practice *p, const char *actor, const char *payer,
			const batch *b, uint32_t control, int64_t *id,
			mo_err *e)
{
	mo_db *db = mo_practice_db(p);
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ADD_BATCH, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, payer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, control);
	sqlite3_bind_int64(st, 3, (int64_t)b->n);
	sqlite3_bind_int64(st, 4, b->total);
	sqlite3_bind_int64(st, 5, mo_clock_now_us());
	sqlite3_bind_text(st, 6, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(db, "claim", e);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(db));
	sqlite3_reset(st);
	return rc ? rc : mark_submitted(db, actor, b, *id, e);
}

static void free_batch(batch *b)
{
	free(b->x);
	free(b->claims);
	free(b->ids);
}

int mo_claim_export(mo_practice *p, const char *actor, const char *payer,
		    char usage, char **out, size_t *len, int64_t *batch_id,
		    int *claims, mo_err *e)
{
	const mo_payer *py = payer ? mo_config_payer(mo_practice_config(p),
						    payer) : NULL;
	batch b = {0};
	uint32_t control = 0;
	int64_t id = 0;
	char record[40];
	mo_op op;
	int rc;
	*out = NULL;
	if (!py)
		return mo_err_set(e, MO_EINVAL, "claims: unknown payer '%s'",
				  payer ? payer : "");
	mo_fact f[] = {{"payer", MO_FACT_STR, payer, 0},
		       {"payer_kind", MO_FACT_STR, py->kind, 0}};
	if ((rc = mo_op_begin(p, &op, actor, "claim.submit", f, 2, e)))
		return rc;
	if ((rc = ready_claims(p, payer, py, &b, e)) ||
	    (rc = mo_claim_next_control(mo_practice_db(p), &control, e)) ||
	    (rc = write_batch(p, py, &b, usage, control, out, len, e)) ||
	    (rc = record_batch(p, actor, payer, &b, control, &id, e)))
		goto fail;
	snprintf(record, sizeof record, "claim_batch:%lld", (long long)id);
	if ((rc = mo_op_commit(&op, record, e)))
		goto out;
	if (batch_id)
		*batch_id = id;
	if (claims)
		*claims = (int)b.n;
	goto out;
fail:
	mo_op_abort(&op);
out:
	free_batch(&b);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}
