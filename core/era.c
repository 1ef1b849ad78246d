/* era.c: 835 remittances matched to the practice's claims and posted
 * (see era.h). The file is read and every payment matched before the
 * operation writes anything; a failure at any point rolls all of it
 * back. */
#include "era.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "claim.h"
#include "clock.h"
#include "sha.h"
#include "ledger.h"
#include "task.h"
#include "units.h"
#include "x835.h"

#define CHUNK 20 /* charges per ledger entry (3 lines each, and the bank) */

static const char SQL_SEEN[] =
	"SELECT id, date(created_us / 1000000, 'unixepoch') FROM era WHERE "
	"sha256 = ?1 OR (originator = ?2 AND trace = ?3) LIMIT 1";
static const char SQL_CLAIM[] =
	"SELECT payer, status, patient FROM claim WHERE id = ?";
static const char SQL_CLAIM_BY_MEMBER[] =
	"SELECT cl.id, cl.status, cl.patient FROM claim cl JOIN insurance i "
	"ON i.id = cl.insurance JOIN encounter e ON e.id = cl.encounter "
	"WHERE cl.payer = ?1 AND i.member_id = ?2 AND e.day = ?3 AND "
	"cl.total = ?4 AND cl.status IN ('submitted', 'accepted', "
	"'rejected', 'denied', 'appealed') ORDER BY cl.id";
static const char SQL_CHARGES[] =
	"SELECT c.id, c.code, c.modifiers, c.amount FROM claim_line l JOIN "
	"charge c ON c.id = l.charge WHERE l.claim = ? ORDER BY c.line";
static const char SQL_ADD_ERA[] =
	"INSERT INTO era(payer, originator, trace, sha256, method, amount, "
	"paid_day, claims, file, created_us, created_by) VALUES(?, ?, ?, ?, "
	"?, ?, ?, ?, ?, ?, ?)";
static const char SQL_ADD_CLAIM[] =
	"INSERT INTO era_claim(era, claim, status, payer_claim, charged, "
	"paid, patient_due, denied, remarks, journal) VALUES(?, ?, ?, ?, ?, "
	"?, ?, ?, ?, ?)";
static const char SQL_ADD_ADJ[] =
	"INSERT INTO era_adjustment(era_claim, charge, grp, reason, amount) "
	"VALUES(?, ?, ?, ?, ?)";

/* A charge of a claim, as matched. */
typedef struct charge {
	int64_t id, amount;
	char code[16], modifiers[32];
	bool used;
} charge;

/* What one claim of the 835 is in the practice. */
typedef struct matched {
	int64_t claim, patient;
	int64_t *charge_of;  /* per service line: the charge */
	int64_t first;       /* the charge that takes claim-level amounts */
} matched;

typedef struct im {
	mo_practice *p;
	mo_db *db;
	const char *actor, *given, *name;
	const char *buf;
	mo_x12 *x;
	mo_x835 *sets;
	size_t nsets;
	const char **payer;     /* per set */
	matched *m;             /* per claim of the set being matched */
	int64_t *reversed;      /* claims reversed earlier in the file */
	size_t nreversed, rcap;
	int64_t era;            /* the remittance being posted */
	mo_era_summary sum;
	mo_err *e;
} im;

static const char *where(const im *s, size_t seg, char buf[64])
{
	return mo_x835_where(s->x, seg, buf);
}

/* ---- the payer ---- */

static bool names(const mo_x835 *s, const char *id)
{
	const char *o = s->originator;
	return !strcmp(s->payer_id, id) || !strcmp(o, id) ||
	       (o[0] == '1' && !strcmp(o + 1, id));
}

static int find_payer(im *s, const mo_x835 *set, const char **out)
{
	const mo_config *c = mo_practice_config(s->p);
	const char *found = NULL;
	if (s->given) {
		if (!mo_config_payer(c, s->given))
			return mo_err_set(s->e, MO_EINVAL, "era: no payer "
					  "\"%s\" in practice.yaml", s->given);
		*out = s->given;
		return 0;
	}
	for (size_t i = 0; i < c->npayers; i++) {
		const mo_payer *py = &c->payers[i];
		if (!py->payer_id || !names(set, py->payer_id))
			continue;
		if (found)
			return mo_err_set(s->e, MO_EINVAL, "era: payers %s and "
					  "%s of practice.yaml both match the "
					  "835's payer %s; name one with "
					  "--payer", found, py->id,
					  set->payer_name);
		found = py->id;
	}
	if (!found)
		return mo_err_set(s->e, MO_EINVAL, "era: the 835's payer %s "
				  "(N1*PR N104 \"%s\", TRN03 \"%s\") is no "
				  "payer of practice.yaml by its payer_id; "
				  "name it with --payer", set->payer_name,
				  set->payer_id, set->originator);
	*out = found;
	return 0;
}

/* ---- posted before? ---- */

static void set_hash(const im *s, const mo_x835 *set, char hex[65])
{
	size_t from = mo_x12_offset(s->x, set->first);
	size_t to = mo_x12_offset(s->x, set->last + 1);
	mo_sha_data(s->buf + from, to - from, hex);
}

static int check_new(im *s, const mo_x835 *set, const char *hex)
{
	sqlite3_stmt *st;
	char where_[64];
	int rc = mo_db_stmt(s->db, SQL_SEEN, &st, s->e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, set->originator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, set->trace, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		rc = mo_err_set(s->e, MO_EEXIST, "era: the payment of %s "
				"(trace %s) was posted on %s as remittance "
				"%lld; nothing was posted again",
				where(s, set->first, where_), set->trace,
				(const char *)sqlite3_column_text(st, 1),
				(long long)sqlite3_column_int64(st, 0));
	else
		rc = rc == SQLITE_DONE ? 0 : mo_db_fail(s->db, "era", s->e);
	sqlite3_reset(st);
	return rc;
}

/* ---- matching the claims ---- */

static bool was_reversed(const im *s, int64_t claim)
{
	for (size_t i = 0; i < s->nreversed; i++)
		if (s->reversed[i] == claim)
			return true;
	return false;
}

static bool taken(const im *s, size_t upto, int64_t claim)
{
	for (size_t i = 0; i < upto; i++)
		if (s->m[i].claim == claim)
			return true;
	return false;
}

/* Whether a claim in status may take this payment. */
static int payable(im *s, const mo_x835_claim *c, int64_t id,
		   const char *status)
{
	char w[64];
	bool reversal = !strcmp(c->status, "22");
	if (!strcmp(status, "held") || !strcmp(status, "ready") ||
	    (!strcmp(status, "void") && !reversal))
		return mo_err_set(s->e, MO_EINVAL, "era: %s: claim %lld is %s: "
				  "it was never sent to the payer",
				  where(s, c->seg, w), (long long)id, status);
	if (!strcmp(status, "paid") && !reversal && !was_reversed(s, id))
		return mo_err_set(s->e, MO_EINVAL, "era: %s: claim %lld is "
				  "paid already; a second payment needs its "
				  "reversal (CLP02 22) first",
				  where(s, c->seg, w), (long long)id);
	return 0;
}

/* Whether claim id is void (replaced or voided): a reversal leaves it so. */
static bool was_void(im *s, int64_t id)
{
	sqlite3_stmt *st;
	bool v = false;
	if (mo_db_stmt(s->db, SQL_CLAIM, &st, s->e))
		return false;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = !strcmp((const char *)sqlite3_column_text(st, 1), "void");
	sqlite3_reset(st);
	return v;
}

static int by_id(im *s, const char *payer, const mo_x835_claim *c,
		 matched *m, bool *found)
{
	sqlite3_stmt *st;
	char *end, w[64];
	long long id = strtoll(c->id, &end, 10);
	int rc;
	*found = false;
	if (*end || id <= 0 || (rc = mo_db_stmt(s->db, SQL_CLAIM, &st, s->e)))
		return *end || id <= 0 ? 0 : rc;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*found = true;
		m->claim = id;
		m->patient = sqlite3_column_int64(st, 2);
		if (strcmp((const char *)sqlite3_column_text(st, 0), payer))
			rc = mo_err_set(s->e, MO_EINVAL, "era: %s: claim %lld "
					"went to %s, not to %s",
					where(s, c->seg, w), id,
					(const char *)sqlite3_column_text(st,
									  0),
					payer);
		else
			rc = payable(s, c, id,
				     (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc;
}

static int32_t service_day(const mo_x835 *set, const mo_x835_claim *c)
{
	int32_t day = c->from;
	for (size_t k = 0; !day && k < c->nlines; k++)
		day = set->lines[c->first_line + k].day;
	return day;
}

static int by_member(im *s, const char *payer, const mo_x835 *set,
		     size_t ci, matched *m)
{
	const mo_x835_claim *c = &set->claims[ci];
	sqlite3_stmt *st;
	char w[64], d[16], a[32];
	int32_t day = service_day(set, c);
	int n = 0, rc = mo_db_stmt(s->db, SQL_CLAIM_BY_MEMBER, &st, s->e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, payer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->member_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, day);
	sqlite3_bind_int64(st, 4, c->charged);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (taken(s, ci, id))
			continue;
		if (!n++) {
			m->claim = id;
			m->patient = sqlite3_column_int64(st, 2);
		}
	}
	sqlite3_reset(st);
	if (n == 1)
		return 0;
	return mo_err_set(s->e, MO_EINVAL, "era: %s: claim %s is %s: its "
			  "patient control number is none of ours, and "
			  "member %s, service on %s, charged %s match %s",
			  where(s, c->seg, w), c->id, n ? "ambiguous"
							: "unknown",
			  *c->member_id ? c->member_id : "(none)",
			  day ? mo_date_format(day, d) : "(no date)",
			  mo_money_format(c->charged, a),
			  n ? "several submitted claims" : "no submitted claim");
}

/* ---- matching the lines ---- */

static int load_charges(im *s, int64_t claim, charge *ch, size_t *n)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(s->db, SQL_CHARGES, &st, s->e);
	if (rc)
		return rc;
	*n = 0;
	sqlite3_bind_int64(st, 1, claim);
	while (*n < 50 && sqlite3_step(st) == SQLITE_ROW) {
		charge *c = &ch[(*n)++];
		c->id = sqlite3_column_int64(st, 0);
		snprintf(c->code, sizeof c->code, "%s",
			 (const char *)sqlite3_column_text(st, 1));
		snprintf(c->modifiers, sizeof c->modifiers, "%s",
			 (const char *)sqlite3_column_text(st, 2));
		c->amount = sqlite3_column_int64(st, 3);
		c->used = false;
	}
	sqlite3_reset(st);
	return 0;
}

static void join_modifiers(const mo_x835_line *l, char out[32])
{
	size_t n = 0;
	out[0] = '\0';
	for (int k = 0; k < 4 && l->modifiers[k]; k++)
		n += (size_t)snprintf(out + n, 32 - n, "%s%s", k ? "," : "",
				      l->modifiers[k]);
}

/* The charge for line l: by REF*6R, else code, modifiers and amount,
 * else code and amount. */
static charge *line_charge(charge *ch, size_t n, const mo_x835_line *l)
{
	char mods[32];
	char *end;
	long long id = l->control ? strtoll(l->control, &end, 10) : 0;
	for (size_t k = 0; id > 0 && !*end && k < n; k++)
		if (ch[k].id == id && !ch[k].used)
			return &ch[k];
	join_modifiers(l, mods);
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++)
			if (!ch[k].used && !strcmp(ch[k].code, l->code) &&
			    ch[k].amount == l->charged &&
			    (pass || !strcmp(ch[k].modifiers, mods)))
				return &ch[k];
	return NULL;
}

static int match_lines(im *s, const mo_x835 *set, const mo_x835_claim *c,
		       matched *m)
{
	charge ch[50];
	size_t n;
	char w[64], a[32];
	int rc = load_charges(s, m->claim, ch, &n);
	if (rc)
		return rc;
	m->first = n ? ch[0].id : 0;
	if (c->nlines && !(m->charge_of = calloc(c->nlines, sizeof(int64_t))))
		return mo_err_set(s->e, MO_ENOMEM, "out of memory");
	for (size_t k = 0; k < c->nlines; k++) {
		const mo_x835_line *l = &set->lines[c->first_line + k];
		charge *hit = line_charge(ch, n, l);
		if (!hit)
			return mo_err_set(s->e, MO_EINVAL, "era: %s: service "
					  "line %zu (%s charged %s) matches no "
					  "line of claim %lld",
					  where(s, l->seg, w), k + 1, l->code,
					  mo_money_format(l->charged, a),
					  (long long)m->claim);
		hit->used = true;
		m->charge_of[k] = hit->id;
		if (!k)
			m->first = hit->id;
	}
	return m->first ? 0 : mo_err_set(s->e, MO_EINVAL, "era: claim %lld "
					 "has no charge", (long long)m->claim);
}

static int note_reversal(im *s, const mo_x835_claim *c, int64_t claim)
{
	if (strcmp(c->status, "22"))
		return 0;
	if (mo_grow(&s->reversed, &s->rcap, s->nreversed + 1,
		    sizeof *s->reversed))
		return mo_err_set(s->e, MO_ENOMEM, "out of memory");
	s->reversed[s->nreversed++] = claim;
	return 0;
}

static int match_claim(im *s, const char *payer, const mo_x835 *set,
		       size_t ci)
{
	const mo_x835_claim *c = &set->claims[ci];
	matched *m = &s->m[ci];
	char w[64];
	bool found;
	int rc = by_id(s, payer, c, m, &found);
	if (!rc && !found)
		rc = by_member(s, payer, set, ci, m);
	if (!rc && taken(s, ci, m->claim) && strcmp(c->status, "22") &&
	    !was_reversed(s, m->claim))
		rc = mo_err_set(s->e, MO_EINVAL, "era: %s: claim %lld is paid "
				"twice in this file", where(s, c->seg, w),
				(long long)m->claim);
	if (!rc)
		rc = match_lines(s, set, c, m);
	return rc ? rc : note_reversal(s, c, m->claim);
}

static void free_matches(im *s, size_t n)
{
	for (size_t i = 0; s->m && i < n; i++)
		free(s->m[i].charge_of);
	free(s->m);
	s->m = NULL;
}

/* ---- posting ---- */

/* What one claim moves, per charge. */
typedef struct flow {
	int64_t charge, payer, contractual, patient;
} flow;

static flow *flow_of(flow *f, size_t *n, int64_t id)
{
	for (size_t k = 0; k < *n; k++)
		if (f[k].charge == id)
			return &f[k];
	f[*n] = (flow){id, 0, 0, 0};
	return &f[(*n)++];
}

static void add_adj(flow *f, const mo_x835_adj *a)
{
	if (!strcmp(a->group, "PR"))
		f->patient += a->amount;
	else
		f->contractual += a->amount;
}

/* Each charge's payer balance goes down by what the 835 says was billed
 * for it (the claim's remainder to its first charge); the adjustments go
 * to their charge (the claim's to the first). */
static size_t flows(const mo_x835 *set, const mo_x835_claim *c,
		    const matched *m, flow *f)
{
	size_t n = 0;
	int64_t billed = 0;
	flow_of(f, &n, m->first);
	for (size_t k = 0; k < c->nlines; k++) {
		flow_of(f, &n, m->charge_of[k])->payer +=
			set->lines[c->first_line + k].charged;
		billed += set->lines[c->first_line + k].charged;
	}
	f[0].payer += c->charged - billed;
	for (size_t k = c->first_adj; k < c->first_adj + c->nadjs; k++) {
		const mo_x835_adj *a = &set->adjs[k];
		add_adj(flow_of(f, &n, a->line == SIZE_MAX
				? m->first
				: m->charge_of[a->line - c->first_line]),
			a);
	}
	return n;
}

static size_t chunk_lines(const flow *f, size_t n, const char *payer,
			  int64_t patient, mo_ledger_line *out)
{
	size_t k = 0;
	int64_t bank = 0;
	for (size_t i = 0; i < n; i++) {
		bank += f[i].payer - f[i].contractual - f[i].patient;
		if (f[i].payer)
			out[k++] = (mo_ledger_line){MO_ACCT_AR_PAYER,
				-f[i].payer, patient, payer, f[i].charge};
		if (f[i].contractual)
			out[k++] = (mo_ledger_line){MO_ACCT_CONTRACTUAL,
				f[i].contractual, patient, payer,
				f[i].charge};
		if (f[i].patient)
			out[k++] = (mo_ledger_line){MO_ACCT_AR_PATIENT,
				f[i].patient, patient, NULL, f[i].charge};
	}
	if (bank)
		out[k++] = (mo_ledger_line){MO_ACCT_BANK, bank, 0, payer, 0};
	return k;
}

static int post_claim(im *s, const char *payer, const mo_x835 *set,
		      size_t ci, int64_t *journal)
{
	const mo_x835_claim *c = &set->claims[ci];
	mo_ledger_line lines[3 * CHUNK + 1];
	flow f[51];
	char memo[200];
	size_t n = flows(set, c, &s->m[ci], f);
	int rc = 0;
	*journal = 0;
	snprintf(memo, sizeof memo, "remittance %lld (trace %.60s), claim "
		 "%lld", (long long)s->era, set->trace,
		 (long long)s->m[ci].claim);
	for (size_t at = 0; !rc && at < n; at += CHUNK) {
		size_t k = chunk_lines(f + at, n - at < CHUNK ? n - at : CHUNK,
				       payer, s->m[ci].patient, lines);
		mo_ledger_entry en = {c->paid ? "payment" : "adjustment", memo,
				      mo_practice_today(s->p), lines, k};
		int64_t id = 0;
		if (k < 2)
			continue;
		rc = mo_ledger_post(s->p, s->actor, &en, &id, s->e);
		if (!*journal)
			*journal = id;
	}
	return rc;
}

static bool is_denied(const mo_x835_claim *c)
{
	return !strcmp(c->status, "4") ||
	       (strcmp(c->status, "22") && !c->paid && !c->patient_due &&
		c->charged > 0);
}

/* "CO-29 12.00, CO-29 22.00" into buf. */
static const char *adj_text(const mo_x835 *set, const mo_x835_claim *c,
			    char *buf, size_t size)
{
	size_t n = 0;
	char a[32];
	buf[0] = '\0';
	for (size_t k = c->first_adj; k < c->first_adj + c->nadjs && n < size;
	     k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s-%s %s",
				      n ? ", " : "", set->adjs[k].group,
				      set->adjs[k].reason,
				      mo_money_format(set->adjs[k].amount, a));
	return buf;
}

/* codes [first, first + n) of the set's remarks after buf's n bytes. */
static size_t add_remarks(const mo_x835 *set, size_t first, size_t count,
			  char *buf, size_t size, size_t n)
{
	for (size_t k = first; k < first + count && n < size; k++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "," : "",
				      set->remarks[k]);
	return n;
}

/* The claim's and its lines' remark codes, comma-separated. */
static const char *remark_text(const mo_x835 *set, const mo_x835_claim *c,
			       char *buf, size_t size)
{
	size_t n = add_remarks(set, c->first_remark, c->nremarks, buf, size, 0);
	buf[n < size ? n : size - 1] = '\0';
	for (size_t l = 0; l < c->nlines; l++) {
		const mo_x835_line *ln = &set->lines[c->first_line + l];
		n = add_remarks(set, ln->first_remark, ln->nremarks, buf, size,
				n);
	}
	return buf;
}

static int add_era_claim(im *s, const mo_x835 *set, size_t ci,
			 int64_t journal, int64_t *id)
{
	const mo_x835_claim *c = &set->claims[ci];
	sqlite3_stmt *st;
	char remarks[400];
	int rc = mo_db_stmt(s->db, SQL_ADD_CLAIM, &st, s->e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, s->era);
	sqlite3_bind_int64(st, 2, s->m[ci].claim);
	sqlite3_bind_text(st, 3, c->status, -1, SQLITE_STATIC);
	if (*c->payer_claim)
		sqlite3_bind_text(st, 4, c->payer_claim, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, c->charged);
	sqlite3_bind_int64(st, 6, c->paid);
	sqlite3_bind_int64(st, 7, c->patient_due);
	sqlite3_bind_int(st, 8, is_denied(c));
	sqlite3_bind_text(st, 9, remark_text(set, c, remarks, sizeof remarks),
			  -1, SQLITE_STATIC);
	if (journal)
		sqlite3_bind_int64(st, 10, journal);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(s->db, "era",
							      s->e);
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(mo_db_sqlite(s->db));
	return rc;
}

static int add_adjustments(im *s, const mo_x835 *set, size_t ci,
			   int64_t era_claim)
{
	const mo_x835_claim *c = &set->claims[ci];
	sqlite3_stmt *st;
	int rc = mo_db_stmt(s->db, SQL_ADD_ADJ, &st, s->e);
	for (size_t k = c->first_adj; !rc && k < c->first_adj + c->nadjs;
	     k++) {
		const mo_x835_adj *a = &set->adjs[k];
		sqlite3_bind_int64(st, 1, era_claim);
		if (a->line != SIZE_MAX)
			sqlite3_bind_int64(st, 2, s->m[ci].charge_of[
					   a->line - c->first_line]);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_text(st, 3, a->group, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, a->amount);
		rc = sqlite3_step(st) == SQLITE_DONE
			     ? 0 : mo_db_fail(s->db, "era", s->e);
		sqlite3_reset(st);
	}
	return rc;
}

/* The claim's new status, its history note and, for a denial, a task. */
static int settle(im *s, const mo_x835 *set, size_t ci)
{
	const mo_x835_claim *c = &set->claims[ci];
	bool denied = is_denied(c), reversal = !strcmp(c->status, "22");
	char note[600], adj[300], rem[200], a[32], b[32];
	int rc;
	adj_text(set, c, adj, sizeof adj);
	remark_text(set, c, rem, sizeof rem);
	snprintf(note, sizeof note, "remittance %lld: %s; paid %s, patient "
		 "%s%s%s%s%s", (long long)s->era, reversal ? "reversed"
		 : denied ? "denied" : "paid", mo_money_format(c->paid, a),
		 mo_money_format(c->patient_due, b), *adj ? "; " : "", adj,
		 *rem ? "; remarks " : "", rem);
	rc = mo_claim_set_status(s->db, s->actor, s->m[ci].claim,
				 reversal ? (was_void(s, s->m[ci].claim)
					     ? "void" : "submitted")
				 : denied ? "denied" : "paid",
				 denied || reversal ? note : NULL, 0, s->e);
	if (rc || !denied)
		return rc;
	snprintf(note, sizeof note, "Work the denied claim %lld: %s%s%s",
		 (long long)s->m[ci].claim, *adj ? adj : "no reason given",
		 *rem ? "; remarks " : "", rem);
	if (strlen(note) > 190)
		note[190] = '\0'; /* a task title is at most 200 characters */
	mo_task_new t = {note, NULL, mo_clock_now_us() +
		7LL * 86400 * 1000000, NULL};
	s->sum.denied++;
	return mo_task_add(s->p, "system", &t, NULL, s->e);
}

static void count(im *s, const mo_x835 *set, const mo_x835_claim *c)
{
	s->sum.claims++;
	s->sum.lines += (int)c->nlines;
	s->sum.paid += c->paid;
	for (size_t k = c->first_adj; k < c->first_adj + c->nadjs; k++) {
		if (!strcmp(set->adjs[k].group, "PR"))
			s->sum.patient += set->adjs[k].amount;
		else
			s->sum.contractual += set->adjs[k].amount;
	}
}

static int post_claims(im *s, const char *payer, const mo_x835 *set)
{
	int rc = 0;
	for (size_t ci = 0; !rc && ci < set->nclaims; ci++) {
		int64_t journal, era_claim;
		if ((rc = post_claim(s, payer, set, ci, &journal)) ||
		    (rc = add_era_claim(s, set, ci, journal, &era_claim)) ||
		    (rc = add_adjustments(s, set, ci, era_claim)))
			break;
		rc = settle(s, set, ci);
		count(s, set, &set->claims[ci]);
	}
	return rc;
}

/* Provider-level adjustments: what the payer kept back (> 0) or added
 * (interest, < 0) moves between the bank and the contractual account. */
static int post_plb(im *s, const char *payer, const mo_x835 *set)
{
	int64_t total = 0;
	char memo[120];
	for (size_t k = 0; k < set->nplbs; k++)
		total += set->plbs[k].amount;
	if (!total)
		return 0;
	s->sum.provider += total;
	mo_ledger_line lines[] = {
		{MO_ACCT_CONTRACTUAL, total, 0, payer, 0},
		{MO_ACCT_BANK, -total, 0, payer, 0},
	};
	mo_ledger_entry en = {"adjustment", memo, mo_practice_today(s->p),
			      lines, 2};
	snprintf(memo, sizeof memo, "remittance %lld (trace %.60s): provider "
		 "adjustments", (long long)s->era, set->trace);
	return mo_ledger_post(s->p, s->actor, &en, NULL, s->e);
}

static int add_era(im *s, const char *payer, const mo_x835 *set,
		   const char *hex)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(s->db, SQL_ADD_ERA, &st, s->e);
	if (rc)
		return rc;
	sqlite3_bind_text(st, 1, payer, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, set->originator, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, set->trace, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hex, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, set->method, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, set->amount);
	if (set->paid_day)
		sqlite3_bind_int(st, 7, set->paid_day);
	sqlite3_bind_int64(st, 8, (int64_t)set->nclaims);
	sqlite3_bind_text(st, 9, s->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, mo_clock_now_us());
	sqlite3_bind_text(st, 11, s->actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : mo_db_fail(s->db, "era",
							      s->e);
	sqlite3_reset(st);
	s->era = sqlite3_last_insert_rowid(mo_db_sqlite(s->db));
	if (!s->sum.first)
		s->sum.first = s->era;
	return rc;
}

/* One payment: checked new, matched, then posted. */
static int import_set(im *s, size_t i)
{
	const mo_x835 *set = &s->sets[i];
	char hex[65];
	int rc = 0;
	set_hash(s, set, hex);
	if ((rc = check_new(s, set, hex)))
		return rc;
	if (set->nclaims && !(s->m = calloc(set->nclaims, sizeof *s->m)))
		return mo_err_set(s->e, MO_ENOMEM, "out of memory");
	for (size_t ci = 0; !rc && ci < set->nclaims; ci++)
		rc = match_claim(s, s->payer[i], set, ci);
	if (!rc && !(rc = add_era(s, s->payer[i], set, hex)) &&
	    !(rc = post_claims(s, s->payer[i], set)))
		rc = post_plb(s, s->payer[i], set);
	free_matches(s, set->nclaims);
	s->sum.payments += !rc;
	return rc;
}

static int import_all(im *s)
{
	mo_op op;
	char record[32];
	int64_t amount = 0;
	int rc = 0;
	for (size_t i = 0; i < s->nsets; i++)
		amount += s->sets[i].amount;
	mo_fact facts[] = {{"payer", MO_FACT_STR, s->payer[0], 0},
			   {"file", MO_FACT_STR, s->name, 0},
			   {"trace", MO_FACT_STR, s->sets[0].trace, 0},
			   {"payments", MO_FACT_INT, NULL, (int64_t)s->nsets},
			   {"amount", MO_FACT_MONEY, NULL, amount}};
	if ((rc = mo_op_begin(s->p, &op, s->actor, "era.post", facts, 5,
			      s->e)))
		return rc;
	for (size_t i = 0; !rc && i < s->nsets; i++)
		rc = import_set(s, i);
	if (rc) {
		mo_op_abort(&op);
		return rc;
	}
	snprintf(record, sizeof record, "era:%lld", (long long)s->sum.first);
	return mo_op_commit(&op, record, s->e);
}

int mo_era_import(mo_practice *p, const char *actor, const char *payer,
		  const char *name, const char *buf, size_t len,
		  mo_era_summary *out, mo_err *e)
{
	im s = {.p = p, .db = mo_practice_db(p), .actor = actor,
		.given = payer, .name = name ? name : "", .buf = buf, .e = e};
	int rc = mo_x12_parse(buf, len, &s.x, e);
	if (rc || (rc = mo_x835_read(s.x, &s.sets, &s.nsets, e)))
		goto done;
	if (!(s.payer = calloc(s.nsets, sizeof *s.payer))) {
		rc = mo_err_set(e, MO_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; !rc && i < s.nsets; i++)
		rc = find_payer(&s, &s.sets[i], &s.payer[i]);
	if (!rc && !(rc = import_all(&s)) && out)
		*out = s.sum;
done:
	free(s.reversed);
	free(s.payer);
	mo_x835_free(s.sets, s.nsets);
	mo_x12_free(s.x);
	return rc;
}

/* ---- reading ---- */

static const char SQL_LIST[] =
	"SELECT id, payer, trace, method, file, created_by, amount, "
	"created_us, paid_day, claims FROM era ORDER BY id DESC";
static const char SQL_ERA_CLAIMS[] =
	"SELECT ec.claim, cl.patient, p.family || ', ' || p.given, cl.status, "
	"coalesce(ec.payer_claim, ''), ec.charged, ec.paid, ec.patient_due, "
	"ec.denied, coalesce((SELECT group_concat(grp || '-' || reason || ' ' "
	"|| CASE WHEN amount < 0 THEN '-' ELSE '' END || (abs(amount) / 100) "
	"|| '.' || printf('%02d', abs(amount) % 100), ', ') FROM era_adjustment WHERE "
	"era_claim = ec.id), ''), ec.remarks FROM era_claim ec JOIN claim cl "
	"ON cl.id = ec.claim JOIN patient p ON p.id = cl.patient WHERE "
	"ec.era = ? ORDER BY ec.id";
static const char SQL_ERA_EXISTS[] = "SELECT 1 FROM era WHERE id = ?";

typedef struct read_ctx {
	mo_db *db;
	int64_t id;
	mo_era_cb cb;
	mo_era_claim_cb ccb;
	void *ud;
	int stop;
} read_ctx;

static const char *text(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static int list_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = mo_db_stmt(c->db, SQL_LIST, &st, e);
	if (rc)
		return rc;
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_era r = {sqlite3_column_int64(st, 0), text(st, 1),
			    text(st, 2), text(st, 3), text(st, 4), text(st, 5),
			    sqlite3_column_int64(st, 6),
			    sqlite3_column_int64(st, 7),
			    sqlite3_column_int(st, 8),
			    sqlite3_column_int(st, 9)};
		c->stop = c->cb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "era", e);
	sqlite3_reset(st);
	return rc;
}

int mo_era_list(mo_practice *p, const char *actor, mo_era_cb cb, void *ud,
		mo_err *e)
{
	read_ctx c = {.db = mo_practice_db(p), .cb = cb, .ud = ud};
	mo_fact facts[] = {{"read", MO_FACT_STR, "remittances", 0}};
	int rc = mo_op_read(p, actor, "billing.read", facts, 1, "eras",
			    list_fn, &c, e);
	return rc ? rc : c.stop;
}

static int exists(mo_db *db, int64_t id, mo_err *e)
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(db, SQL_ERA_EXISTS, &st, e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : mo_err_set(e, MO_ENOTFOUND,
		"era: no remittance %lld", (long long)id);
	sqlite3_reset(st);
	return rc;
}

static int claims_fn(void *ud, mo_err *e)
{
	read_ctx *c = ud;
	sqlite3_stmt *st;
	int rc = exists(c->db, c->id, e);
	if (rc || (rc = mo_db_stmt(c->db, SQL_ERA_CLAIMS, &st, e)))
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	while (!c->stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		mo_era_claim r = {sqlite3_column_int64(st, 0),
				  sqlite3_column_int64(st, 1), text(st, 2),
				  text(st, 3), text(st, 4),
				  sqlite3_column_int64(st, 5),
				  sqlite3_column_int64(st, 6),
				  sqlite3_column_int64(st, 7),
				  sqlite3_column_int(st, 8) != 0, text(st, 9),
				  text(st, 10)};
		c->stop = c->ccb(c->ud, &r);
	}
	rc = c->stop || rc == SQLITE_DONE ? 0 : mo_db_fail(c->db, "era", e);
	sqlite3_reset(st);
	return rc;
}

int mo_era_claims(mo_practice *p, const char *actor, int64_t id,
		  mo_era_claim_cb cb, void *ud, mo_err *e)
{
	read_ctx c = {.db = mo_practice_db(p), .id = id, .ccb = cb, .ud = ud};
	char record[32];
	mo_fact facts[] = {{"read", MO_FACT_STR, "remittance", 0},
			   {"era", MO_FACT_INT, NULL, id}};
	snprintf(record, sizeof record, "era:%lld", (long long)id);
	int rc = mo_op_read(p, actor, "billing.read", facts, 2, record,
			    claims_fn, &c, e);
	return rc ? rc : c.stop;
}
