/* remit.c: a synthetic payer's 835 for the submitted claims (see
 * remit.h). */
#include "remit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12w.h"
#include "x835.h"

#define TEXT 96 /* bytes of text per claim and per line */

static const char SQL_CLAIMS[] =
	"SELECT cl.id, i.member_id, p.family, p.given, e.day FROM claim cl "
	"JOIN insurance i ON i.id = cl.insurance JOIN patient p ON p.id = "
	"cl.patient JOIN encounter e ON e.id = cl.encounter WHERE cl.payer = "
	"?1 AND cl.status = 'submitted' AND cl.updated_us < ?2 ORDER BY cl.id "
	"LIMIT ?3";
static const char SQL_LINES[] =
	"SELECT c.id, c.code, c.modifiers, c.amount, coalesce(c.expected, "
	"c.amount), c.units, c.day FROM claim_line l JOIN charge c ON c.id = "
	"l.charge WHERE l.claim = ? ORDER BY c.line";

typedef struct rm {
	mo_x835 s;
	size_t ccap, lcap, acap;
	char **texts;     /* one block per claim and per line, freed at end */
	size_t ntexts, tcap;
	uint64_t rng;
	bool coinsurance; /* Medicare, Medicaid: PR-2 20%; else PR-3 */
	mo_err *e;
} rm;

static char *block(rm *r)
{
	char *t = calloc(1, TEXT);
	if (!t || mo_grow(&r->texts, &r->tcap, r->ntexts + 1,
			  sizeof *r->texts)) {
		free(t);
		return NULL;
	}
	return r->texts[r->ntexts++] = t;
}

static int oom(rm *r)
{
	return mo_err_set(r->e, MO_ENOMEM, "out of memory");
}

static const char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return s ? s : "";
}

static int add_adj(rm *r, const char *group, const char *reason,
		   int64_t amount, size_t line)
{
	if (!amount)
		return 0;
	if (mo_grow(&r->s.adjs, &r->acap, r->s.nadjs + 1, sizeof *r->s.adjs))
		return oom(r);
	mo_x835_adj *a = &r->s.adjs[r->s.nadjs++];
	memcpy(a->group, group, 3);
	a->reason = reason;
	a->amount = amount;
	a->line = line;
	r->s.claims[r->s.nclaims - 1].nadjs++;
	return 0;
}

/* Line k of the claim: paid, contractual and the patient's share. */
static int pay_line(rm *r, mo_x835_line *l, int64_t allowed, bool first,
		    bool denied)
{
	mo_x835_claim *c = &r->s.claims[r->s.nclaims - 1];
	size_t li = r->s.nlines - 1;
	int64_t pr = 0;
	int rc;
	if (allowed > l->charged)
		allowed = l->charged;
	if (denied)
		allowed = 0;
	else if (r->coinsurance)
		pr = allowed / 5;
	else if (first)
		pr = allowed < 2500 ? allowed : 2500;
	l->paid = allowed - pr;
	if ((rc = add_adj(r, "CO", denied ? "50" : "45", l->charged - allowed,
			  li)) ||
	    (rc = add_adj(r, "PR", r->coinsurance ? "2" : "3", pr, li)))
		return rc;
	c->charged += l->charged;
	c->paid += l->paid;
	c->patient_due += pr;
	return 0;
}

static int add_line(rm *r, sqlite3_stmt *st, bool first, bool denied)
{
	mo_x835_line *l;
	char *t = block(r), mods[32], *save = NULL;
	int k = 0;
	if (!t || mo_grow(&r->s.lines, &r->lcap, r->s.nlines + 1,
			  sizeof *r->s.lines))
		return oom(r);
	l = &r->s.lines[r->s.nlines++];
	memset(l, 0, sizeof *l);
	snprintf(t, 16, "%lld", (long long)sqlite3_column_int64(st, 0));
	snprintf(t + 16, 16, "%s", col(st, 1));
	l->control = t;
	l->code = t + 16;
	snprintf(mods, sizeof mods, "%s", col(st, 2));
	for (char *m = strtok_r(mods, ",", &save); m && k < 4;
	     m = strtok_r(NULL, ",", &save), k++) {
		snprintf(t + 32 + 8 * k, 8, "%s", m);
		l->modifiers[k] = t + 32 + 8 * k;
	}
	l->charged = sqlite3_column_int64(st, 3);
	l->units = sqlite3_column_int(st, 5);
	l->day = sqlite3_column_int(st, 6);
	r->s.claims[r->s.nclaims - 1].nlines++;
	return pay_line(r, l, sqlite3_column_int64(st, 4), first, denied);
}

static uint64_t next(rm *r)
{
	r->rng = r->rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return r->rng >> 33;
}

static int add_claim(rm *r, mo_db *db, sqlite3_stmt *cs, int deny_one_in)
{
	mo_x835_claim *c;
	sqlite3_stmt *st;
	char *t = block(r);
	bool denied = deny_one_in > 0 && next(r) % (uint64_t)deny_one_in == 0;
	int rc, n = 0;
	if (!t || mo_grow(&r->s.claims, &r->ccap, r->s.nclaims + 1,
			  sizeof *r->s.claims))
		return oom(r);
	c = &r->s.claims[r->s.nclaims++];
	memset(c, 0, sizeof *c);
	snprintf(t, 16, "%lld", (long long)sqlite3_column_int64(cs, 0));
	snprintf(t + 16, 32, "%s", col(cs, 1));
	snprintf(t + 48, 24, "%s", col(cs, 2));
	snprintf(t + 72, 24, "%s", col(cs, 3));
	*c = (mo_x835_claim){.id = t, .status = denied ? "4" : "1",
		.payer_claim = "", .member_id = t + 16, .family = t + 48,
		.given = t + 72, .from = sqlite3_column_int(cs, 4),
		.first_line = r->s.nlines, .first_adj = r->s.nadjs};
	if ((rc = mo_db_stmt(db, SQL_LINES, &st, r->e)))
		return rc;
	sqlite3_bind_int64(st, 1, sqlite3_column_int64(cs, 0));
	while (!rc && sqlite3_step(st) == SQLITE_ROW)
		rc = add_line(r, st, n++ == 0, denied);
	sqlite3_reset(st);
	r->s.amount += c->paid;
	return rc;
}

typedef struct gather_ctx {
	mo_practice *p;
	const mo_remit_opts *o;
	rm *r;
} gather_ctx;

static int gather(void *ud, mo_err *e)
{
	gather_ctx *g = ud;
	mo_practice *p = g->p;
	const mo_remit_opts *o = g->o;
	rm *r = g->r;
	mo_db *db = mo_practice_db(p);
	(void)e;
	sqlite3_stmt *cs;
	int rc = mo_db_prepare(db, SQL_CLAIMS, &cs, r->e);
	if (rc)
		return rc;
	sqlite3_bind_text(cs, 1, o->payer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(cs, 2, o->submitted_before_us);
	sqlite3_bind_int(cs, 3, o->max_claims);
	while (!rc && sqlite3_step(cs) == SQLITE_ROW)
		rc = add_claim(r, db, cs, o->deny_one_in);
	sqlite3_finalize(cs);
	return rc;
}

static void release(rm *r)
{
	for (size_t i = 0; i < r->ntexts; i++)
		free(r->texts[i]);
	free(r->texts);
	free(r->s.claims);
	free(r->s.lines);
	free(r->s.adjs);
}

static int check_opts(const mo_config *c, const mo_remit_opts *o,
		      const mo_payer **py, mo_err *e)
{
	if (!o->payer || !(*py = mo_config_payer(c, o->payer)))
		return mo_err_set(e, MO_EINVAL, "remit: unknown payer '%s'",
				  o->payer ? o->payer : "(none)");
	if (o->max_claims < 1 || o->max_claims > 100000 || !o->trace ||
	    !*o->trace || o->control < 1 || o->control > 999999999)
		return mo_err_set(e, MO_EINVAL, "remit: max_claims 1..100000, "
				  "a trace and a control number 1..999999999 "
				  "are required");
	return 0;
}

int mo_remit_make(mo_practice *p, const char *actor, const mo_remit_opts *o,
		  char **out, size_t *len, int *claims, mo_err *e)
{
	const mo_config *c = mo_practice_config(p);
	const mo_payer *py;
	rm r = {.rng = o->seed ^ 0x9E3779B97F4A7C15ULL, .e = e};
	int rc = check_opts(c, o, &py, e);
	*out = NULL;
	if (rc)
		return rc;
	r.coinsurance = !strcmp(py->kind, "medicare") ||
			!strcmp(py->kind, "medicaid");
	r.s = (mo_x835){.handling = "I", .method = "ACH",
		.paid_day = o->paid_day, .trace = o->trace,
		.originator = py->payer_id ? py->payer_id : py->id,
		.payer_name = py->name, .payer_id = py->payer_id ? py->payer_id
								 : "",
		.payee_name = c->legal_name ? c->legal_name : c->name,
		.payee_npi = c->npi ? c->npi : ""};
	gather_ctx g = {p, o, &r};
	mo_fact facts[] = {{"read", MO_FACT_STR, "claims to remit", 0},
			   {"payer", MO_FACT_STR, o->payer, 0}};
	if (!(rc = mo_op_read(p, actor, "billing.read", facts, 2, "claims",
			      gather, &g, e)) && !r.s.nclaims)
		rc = mo_err_set(e, MO_ENOTFOUND, "remit: %s has no submitted "
				"claim to pay", o->payer);
	if (!rc) {
		mo_x12w_head h = {r.s.originator, c->npi ? c->npi : "PRACTICE",
				  o->control, 'T', o->paid_day, 0, o->trace};
		rc = mo_x835_write(&r.s, 1, &h, out, len, e);
		*claims = (int)r.s.nclaims;
	}
	release(&r);
	return rc;
}
