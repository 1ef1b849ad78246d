/* x835.c: the 835 remittance read into structs, loop by loop, with its
 * balances checked (see x835.h). */
#include "x835.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "x12w.h"

enum loop { L_HEADER, L_PAYER, L_PAYEE, L_LX, L_CLAIM, L_LINE, L_PLB };

typedef struct rd {
	const mo_x12 *x;
	mo_x835 *s;
	size_t seg;
	enum loop loop;
	size_t ccap, lcap, acap, pcap, rcap, used;
	bool bpr, trn;
	mo_err *e;
} rd;

const char *mo_x835_where(const mo_x12 *x, size_t seg, char buf[64])
{
	snprintf(buf, 64, "segment %zu (%s, byte %zu)", seg + 1,
		 mo_x12_id(x, seg), mo_x12_offset(x, seg));
	return buf;
}

__attribute__((format(printf, 3, 4)))
static int fail(rd *r, size_t seg, const char *fmt, ...)
{
	char where[64], msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return mo_err_set(r->e, MO_EINVAL, "835 %s: %s",
			  mo_x835_where(r->x, seg, where), msg);
}

static const char *el(const rd *r, unsigned i)
{
	return mo_x12_element(r->x, r->seg, i);
}

static int fail_el(rd *r, unsigned i, const char *want)
{
	char q[80];
	const char *v = el(r, i);
	return fail(r, r->seg, "%s%02u: expected %s, found %s",
		    mo_x12_id(r->x, r->seg), i, want,
		    *v ? mo_quote(v, strlen(v), q, sizeof q) : "nothing");
}

/* An X12 decimal ("34.25", "-5", ".5") with at most two places. */
static bool decimal(const char *s, int64_t *cents)
{
	int64_t v = 0;
	int places = -1, digits = 0;
	bool neg = *s == '-';
	for (s += neg; *s; s++) {
		if (*s == '.' && places < 0) {
			places = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || places == 2 || digits == 13)
			return false;
		v = v * 10 + (*s - '0');
		digits++;
		places += places >= 0;
	}
	if (!digits)
		return false;
	for (int p = places < 0 ? 0 : places; p < 2; p++)
		v *= 10;
	*cents = neg ? -v : v;
	return true;
}

static int amount(rd *r, unsigned i, bool required, int64_t *out)
{
	const char *v = el(r, i);
	*out = 0;
	if (!*v && !required)
		return 0;
	return decimal(v, out) ? 0
			       : fail_el(r, i, "an amount such as 34.25");
}

/* D8 CCYYMMDD into a day. */
static int date8(rd *r, unsigned i, int32_t *day)
{
	const char *v = el(r, i);
	int y, m, d;
	char tail;
	if (strlen(v) != 8 || sscanf(v, "%4d%2d%2d%c", &y, &m, &d, &tail) != 3
	    || strspn(v, "0123456789") != 8 || y < 1900 || m < 1 || m > 12 ||
	    d < 1 || d > 31)
		return fail_el(r, i, "a date CCYYMMDD");
	*day = mo_days_from_civil(y, m, d);
	int yy, mm, dd;
	mo_civil_from_days(*day, &yy, &mm, &dd);
	return dd == d ? 0 : fail_el(r, i, "a date CCYYMMDD");
}

static int need(rd *r, unsigned i, const char *want)
{
	return *el(r, i) ? 0 : fail_el(r, i, want);
}

/* ---- growing the arrays ---- */

static int push_remark(rd *r, const char *code)
{
	if (!*code)
		return 0;
	if (mo_grow(&r->s->remarks, &r->rcap, r->s->nremarks + 1,
		    sizeof *r->s->remarks))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	r->s->remarks[r->s->nremarks++] = code;
	return 0;
}

static mo_x835_claim *claim(rd *r)
{
	return &r->s->claims[r->s->nclaims - 1];
}

static mo_x835_line *line(rd *r)
{
	return &r->s->lines[r->s->nlines - 1];
}

/* ---- the balances ---- */

static int64_t adj_sum(const mo_x835 *s, const mo_x835_claim *c, size_t li)
{
	int64_t sum = 0;
	for (size_t k = c->first_adj; k < c->first_adj + c->nadjs; k++)
		if (li == SIZE_MAX || s->adjs[k].line == li)
			sum += s->adjs[k].amount;
	return sum;
}

static int check_line(rd *r, const mo_x835_claim *c, size_t li)
{
	const mo_x835_line *l = &r->s->lines[li];
	int64_t adj = adj_sum(r->s, c, li);
	char a[32], b[32], d[32];
	if (l->charged - adj == l->paid)
		return 0;
	return fail(r, l->seg, "service line %zu of claim %s does not "
		    "balance: charged %s minus adjustments %s is not the "
		    "%s paid", li - c->first_line + 1, c->id,
		    mo_money_format(l->charged, a), mo_money_format(adj, b),
		    mo_money_format(l->paid, d));
}

/* Closes the open claim: its lines and itself must balance. */
static int close_claim(rd *r)
{
	const mo_x835_claim *c;
	int64_t adj;
	char a[32], b[32], d[32];
	int rc = 0;
	if (!r->s->nclaims || r->loop < L_CLAIM || r->loop > L_LINE)
		return 0;
	c = claim(r);
	for (size_t k = c->first_line; !rc && k < c->first_line + c->nlines;
	     k++)
		rc = check_line(r, c, k);
	adj = adj_sum(r->s, c, SIZE_MAX);
	if (rc || c->charged - adj == c->paid)
		return rc;
	return fail(r, c->seg, "claim %s does not balance: charged %s minus "
		    "adjustments %s is not the %s paid", c->id,
		    mo_money_format(c->charged, a), mo_money_format(adj, b),
		    mo_money_format(c->paid, d));
}

static int check_payment(rd *r)
{
	int64_t sum = 0, plb = 0;
	char a[32], b[32], d[32];
	for (size_t k = 0; k < r->s->nclaims; k++)
		sum += r->s->claims[k].paid;
	for (size_t k = 0; k < r->s->nplbs; k++)
		plb += r->s->plbs[k].amount;
	if (sum - plb == r->s->amount)
		return 0;
	return fail(r, r->s->last, "the payment does not balance: BPR02 is "
		    "%s but the claims paid %s less %s of provider "
		    "adjustments (PLB)", mo_money_format(r->s->amount, a),
		    mo_money_format(sum, b), mo_money_format(plb, d));
}

/* ---- the header ---- */

static int seg_bpr(rd *r)
{
	int rc = amount(r, 2, true, &r->s->amount);
	if (rc || (rc = need(r, 1, "the transaction handling code")) ||
	    (rc = need(r, 3, "C (credit) or D (debit)")))
		return rc;
	r->s->handling = el(r, 1);
	r->s->method = el(r, 4);
	r->bpr = true;
	if (strcmp(el(r, 3), "C") && strcmp(el(r, 3), "D"))
		return fail_el(r, 3, "C (credit) or D (debit)");
	return *el(r, 16) ? date8(r, 16, &r->s->paid_day) : 0;
}

static int seg_trn(rd *r)
{
	int rc = need(r, 2, "the check or EFT trace number");
	if (rc || (rc = need(r, 3, "the payer's identifier")))
		return rc;
	r->s->trace = el(r, 2);
	r->s->originator = el(r, 3);
	r->trn = true;
	return 0;
}

static int seg_n1(rd *r)
{
	const char *who = el(r, 1);
	if (!strcmp(who, "PR")) {
		r->loop = L_PAYER;
		r->s->payer_name = el(r, 2);
		if (*el(r, 4))
			r->s->payer_id = el(r, 4);
		return 0;
	}
	if (!strcmp(who, "PE")) {
		r->loop = L_PAYEE;
		r->s->payee_name = el(r, 2);
		if (!strcmp(el(r, 3), "XX"))
			r->s->payee_npi = el(r, 4);
		return 0;
	}
	return fail_el(r, 1, "PR (the payer) or PE (the payee)");
}

static int seg_ref_payer(rd *r)
{
	if (!strcmp(el(r, 1), "2U") && !*r->s->payer_id)
		r->s->payer_id = el(r, 2);
	return 0;
}

/* ---- claims and lines ---- */

static int seg_clp(rd *r)
{
	mo_x835_claim *c;
	int rc = close_claim(r);
	if (rc)
		return rc;
	if (mo_grow(&r->s->claims, &r->ccap, r->s->nclaims + 1,
		    sizeof *r->s->claims))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	c = &r->s->claims[r->s->nclaims++];
	memset(c, 0, sizeof *c);
	c->seg = r->seg;
	c->id = el(r, 1);
	c->status = el(r, 2);
	c->payer_claim = el(r, 7);
	c->member_id = c->family = c->given = "";
	c->first_line = r->s->nlines;
	c->first_adj = r->s->nadjs;
	c->first_remark = r->s->nremarks;
	r->loop = L_CLAIM;
	if ((rc = need(r, 1, "the patient control number")) ||
	    (rc = need(r, 2, "the claim status code")) ||
	    (rc = amount(r, 3, true, &c->charged)) ||
	    (rc = amount(r, 4, true, &c->paid)))
		return rc;
	return amount(r, 5, false, &c->patient_due);
}

static int seg_nm1_claim(rd *r)
{
	mo_x835_claim *c = claim(r);
	const char *who = el(r, 1);
	if (!strcmp(who, "QC")) {
		c->family = el(r, 3);
		c->given = el(r, 4);
	}
	if ((!strcmp(who, "QC") && !*c->member_id) || !strcmp(who, "IL"))
		if (*el(r, 9))
			c->member_id = el(r, 9);
	return 0;
}

static int seg_dtm_claim(rd *r)
{
	mo_x835_claim *c = claim(r);
	if (!strcmp(el(r, 1), "232"))
		return date8(r, 2, &c->from);
	if (!strcmp(el(r, 1), "233"))
		return date8(r, 2, &c->to);
	return 0;
}

static int seg_moa(rd *r)
{
	int rc = 0;
	for (unsigned i = 3; i <= 7 && !rc; i++)
		rc = push_remark(r, el(r, i));
	claim(r)->nremarks = r->s->nremarks - claim(r)->first_remark;
	return rc;
}

/* Component comp of element i as a string of its own in the set's pool
 * (which the set's byte span bounds). */
static const char *part(rd *r, unsigned i, unsigned comp)
{
	size_t n;
	const char *v = mo_x12_component(r->x, r->seg, i, comp, &n);
	char *d = r->s->pool + r->used;
	memcpy(d, v, n);
	d[n] = '\0';
	r->used += n + 1;
	return d;
}

/* SVC01 (or SVC06, what was billed when the payer changed it). */
static int procedure(rd *r, mo_x835_line *l)
{
	static const char *const quals[] = {"HC", "AD", "ER", "HP", "IV",
					    "N4", "NU", "WK"};
	unsigned from = *el(r, 6) ? 6 : 1;
	const char *q = part(r, from, 1);
	bool known = false;
	for (size_t k = 0; k < sizeof quals / sizeof quals[0]; k++)
		known = known || !strcmp(q, quals[k]);
	l->code = part(r, from, 2);
	if (!known || !*l->code)
		return fail_el(r, from, "a procedure such as HC:99213");
	for (unsigned k = 0; k < 4; k++) {
		const char *m = part(r, from, 3 + k);
		l->modifiers[k] = *m ? m : NULL;
	}
	return 0;
}

static int seg_svc(rd *r)
{
	mo_x835_line *l;
	int rc;
	if (mo_grow(&r->s->lines, &r->lcap, r->s->nlines + 1,
		    sizeof *r->s->lines))
		return mo_err_set(r->e, MO_ENOMEM, "out of memory");
	l = &r->s->lines[r->s->nlines++];
	memset(l, 0, sizeof *l);
	l->seg = r->seg;
	l->units = 1;
	l->first_remark = r->s->nremarks;
	claim(r)->nlines++;
	r->loop = L_LINE;
	if ((rc = procedure(r, l)) || (rc = amount(r, 2, true, &l->charged)) ||
	    (rc = amount(r, 3, false, &l->paid)))
		return rc;
	if (*el(r, 5)) {
		int64_t u;
		if (!decimal(el(r, 5), &u) || u < 0 || u > 99900)
			return fail_el(r, 5, "the units paid, such as 1");
		l->units = (int)((u + 99) / 100);
	}
	return 0;
}

static int seg_cas(rd *r)
{
	static const char *const groups[] = {"CO", "PR", "OA", "PI", "CR"};
	const char *g = el(r, 1);
	bool known = false;
	int rc = 0;
	for (size_t k = 0; k < 5; k++)
		known = known || !strcmp(g, groups[k]);
	if (!known)
		return fail_el(r, 1, "a group code CO, PR, OA, PI or CR");
	for (unsigned i = 2; i <= 17 && !rc; i += 3) {
		mo_x835_adj *a;
		if (!*el(r, i) && !*el(r, i + 1))
			continue;
		if ((rc = need(r, i, "a claim adjustment reason code")))
			break;
		if (mo_grow(&r->s->adjs, &r->acap, r->s->nadjs + 1,
			    sizeof *r->s->adjs))
			return mo_err_set(r->e, MO_ENOMEM, "out of memory");
		a = &r->s->adjs[r->s->nadjs];
		memcpy(a->group, g, 3);
		a->reason = el(r, i);
		a->line = r->loop == L_LINE ? r->s->nlines - 1 : SIZE_MAX;
		if (!(rc = amount(r, i + 1, true, &a->amount))) {
			r->s->nadjs++;
			claim(r)->nadjs++;
		}
	}
	return rc;
}

static int seg_line_other(rd *r, const char *id)
{
	mo_x835_line *l = line(r);
	if (!strcmp(id, "DTM") && (!strcmp(el(r, 1), "472") ||
				   !strcmp(el(r, 1), "150")))
		return date8(r, 2, &l->day);
	if (!strcmp(id, "REF") && !strcmp(el(r, 1), "6R"))
		l->control = el(r, 2);
	if (!strcmp(id, "LQ") && !strcmp(el(r, 1), "HE")) {
		int rc = push_remark(r, el(r, 2));
		l->nremarks = r->s->nremarks - l->first_remark;
		return rc;
	}
	return 0;
}

static int seg_plb(rd *r)
{
	int rc = close_claim(r);
	r->loop = L_PLB;
	for (unsigned i = 3; i <= 13 && !rc; i += 2) {
		mo_x835_plb *b;
		if (!*el(r, i) && !*el(r, i + 1))
			continue;
		if ((rc = need(r, i, "an adjustment reason such as L6")))
			break;
		if (mo_grow(&r->s->plbs, &r->pcap, r->s->nplbs + 1,
			    sizeof *r->s->plbs))
			return mo_err_set(r->e, MO_ENOMEM, "out of memory");
		b = &r->s->plbs[r->s->nplbs];
		b->reason = part(r, i, 1);
		b->reference = part(r, i, 2);
		if (!(rc = amount(r, i + 1, true, &b->amount)))
			r->s->nplbs++;
	}
	return rc;
}

/* ---- the loops ---- */

static bool among(const char *id, const char *const *ids)
{
	for (; *ids; ids++)
		if (!strcmp(id, *ids))
			return true;
	return false;
}

static const char *const header_ids[] = {"CUR", "REF", "DTM", NULL};
static const char *const party_ids[] = {"N2", "N3", "N4", "REF", "PER",
					"RDM", NULL};
static const char *const claim_ids[] = {"CAS", "NM1", "MIA", "MOA", "REF",
					"DTM", "PER", "AMT", "QTY", NULL};
static const char *const line_ids[] = {"DTM", "CAS", "REF", "AMT", "QTY",
				       "LQ", NULL};

/* Segments that open a loop from wherever they may stand. */
static int opener(rd *r, const char *id, bool *done)
{
	*done = true;
	if (!strcmp(id, "N1") && r->loop <= L_PAYER)
		return seg_n1(r);
	if (!strcmp(id, "LX") && r->loop >= L_PAYEE && r->loop <= L_LINE) {
		int rc = close_claim(r);
		r->loop = L_LX;
		return rc;
	}
	if (!strcmp(id, "CLP") && r->loop >= L_PAYEE && r->loop <= L_LINE)
		return seg_clp(r);
	if (!strcmp(id, "SVC") && (r->loop == L_CLAIM || r->loop == L_LINE))
		return seg_svc(r);
	if (!strcmp(id, "PLB") && r->loop >= L_PAYEE)
		return seg_plb(r);
	*done = false;
	return 0;
}

static int segment(rd *r)
{
	const char *id = mo_x12_id(r->x, r->seg);
	bool done;
	int rc;
	if (!r->bpr)
		return strcmp(id, "BPR") ? fail(r, r->seg, "expected BPR "
						"after ST") : seg_bpr(r);
	if ((rc = opener(r, id, &done)) || done)
		return rc;
	switch (r->loop) {
	case L_HEADER:
		if (!strcmp(id, "TRN"))
			return seg_trn(r);
		if (among(id, header_ids))
			return 0;
		break;
	case L_PAYER:
	case L_PAYEE:
		if (!strcmp(id, "REF") && r->loop == L_PAYER)
			return seg_ref_payer(r);
		if (among(id, party_ids))
			return 0;
		break;
	case L_LX:
		if (!strcmp(id, "TS3") || !strcmp(id, "TS2"))
			return 0;
		break;
	case L_CLAIM:
		if (!strcmp(id, "CAS"))
			return seg_cas(r);
		if (!strcmp(id, "NM1"))
			return seg_nm1_claim(r);
		if (!strcmp(id, "DTM"))
			return seg_dtm_claim(r);
		if (!strcmp(id, "MOA"))
			return seg_moa(r);
		if (among(id, claim_ids))
			return 0;
		break;
	case L_LINE:
		if (!strcmp(id, "CAS"))
			return seg_cas(r);
		if (among(id, line_ids))
			return seg_line_other(r, id);
		break;
	case L_PLB:
		break;
	}
	return fail(r, r->seg, "%s is not expected here", id);
}

static int read_set(const mo_x12 *x, const mo_x12_set *st, mo_x835 *s,
		    mo_err *e)
{
	size_t span = mo_x12_offset(x, st->last) - mo_x12_offset(x, st->first);
	rd r = {.x = x, .s = s, .e = e};
	int rc = 0;
	memset(s, 0, sizeof *s);
	s->first = st->first;
	s->last = st->last;
	s->payer_name = s->payer_id = s->payee_name = s->payee_npi = "";
	s->method = s->handling = s->trace = s->originator = "";
	if (!(s->pool = malloc(span + 256)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	if (strcmp(st->type, "835"))
		return fail(&r, st->first, "expected an 835 transaction set, "
			    "found %s", st->type);
	for (r.seg = st->first + 1; !rc && r.seg < st->last; r.seg++)
		rc = segment(&r);
	if (!rc && (rc = close_claim(&r)) == 0 && !r.trn)
		rc = fail(&r, st->last, "the 835 has no TRN (trace number)");
	if (!rc && !*s->payer_name)
		rc = fail(&r, st->last, "the 835 has no payer (N1*PR)");
	if (!rc && !*s->payee_name)
		rc = fail(&r, st->last, "the 835 has no payee (N1*PE)");
	return rc ? rc : check_payment(&r);
}

int mo_x835_read(const mo_x12 *x, mo_x835 **sets, size_t *n, mo_err *e)
{
	size_t count = mo_x12_set_count(x);
	mo_x835 *out;
	mo_x12_set st;
	int rc = 0;
	*sets = NULL;
	*n = 0;
	if (!count)
		return mo_err_set(e, MO_EINVAL, "835: the interchange holds no "
				  "transaction set");
	if (!(out = calloc(count, sizeof *out)))
		return mo_err_set(e, MO_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < count; i++) {
		mo_x12_set_at(x, i, &st);
		rc = read_set(x, &st, &out[i], e);
	}
	if (rc) {
		mo_x835_free(out, count);
		return rc;
	}
	*sets = out;
	*n = count;
	return 0;
}

void mo_x835_free(mo_x835 *sets, size_t n)
{
	for (size_t i = 0; sets && i < n; i++) {
		free(sets[i].claims);
		free(sets[i].lines);
		free(sets[i].adjs);
		free(sets[i].plbs);
		free(sets[i].remarks);
		free(sets[i].pool);
	}
	free(sets);
}

/* ---- writing (for synthetic payers) ---- */

typedef struct wr {
	mo_x12_writer *w;
	mo_err *e;
} wr;

static const char *money(int64_t cents, char buf[32])
{
	return mo_money_format(cents, buf);
}

static int write_cas(wr *c, const mo_x835_adj *a)
{
	char amt[32];
	return MO_X12W_SEG(c->w, c->e, "CAS", a->group, a->reason,
			   money(a->amount, amt));
}

static int write_svc(wr *c, const mo_x835 *s, const mo_x835_claim *cl,
		     size_t li)
{
	const mo_x835_line *l = &s->lines[li];
	char a[32], b[32], u[16], d[16];
	int rc;
	snprintf(u, sizeof u, "%d", l->units);
	mo_x12_writer_begin(c->w, "SVC", c->e);
	mo_x12_writer_element(c->w, "HC", c->e);
	mo_x12_writer_component(c->w, l->code, c->e);
	for (int k = 0; k < 4 && l->modifiers[k]; k++)
		mo_x12_writer_component(c->w, l->modifiers[k], c->e);
	mo_x12_writer_element(c->w, money(l->charged, a), c->e);
	mo_x12_writer_element(c->w, money(l->paid, b), c->e);
	mo_x12_writer_element(c->w, NULL, c->e);
	mo_x12_writer_element(c->w, u, c->e);
	rc = mo_x12_writer_end(c->w, c->e);
	if (!rc && l->day)
		rc = MO_X12W_SEG(c->w, c->e, "DTM", "472",
				 mo_x12w_ccyymmdd(l->day, d));
	for (size_t k = cl->first_adj; !rc && k < cl->first_adj + cl->nadjs;
	     k++)
		if (s->adjs[k].line == li)
			rc = write_cas(c, &s->adjs[k]);
	if (!rc && l->control)
		rc = MO_X12W_SEG(c->w, c->e, "REF", "6R", l->control);
	for (size_t k = 0; !rc && k < l->nremarks; k++)
		rc = MO_X12W_SEG(c->w, c->e, "LQ", "HE",
				 s->remarks[l->first_remark + k]);
	return rc;
}

static int write_clp(wr *c, const mo_x835 *s, const mo_x835_claim *cl)
{
	char a[32], b[32], d[32], day[16];
	int rc = MO_X12W_SEG(c->w, c->e, "CLP", cl->id, cl->status,
			     money(cl->charged, a), money(cl->paid, b),
			     cl->patient_due ? money(cl->patient_due, d) : "",
			     "12", cl->payer_claim);
	for (size_t k = cl->first_adj; !rc && k < cl->first_adj + cl->nadjs;
	     k++)
		if (s->adjs[k].line == SIZE_MAX)
			rc = write_cas(c, &s->adjs[k]);
	if (!rc)
		rc = MO_X12W_SEG(c->w, c->e, "NM1", "QC", "1", cl->family,
				 cl->given, "", "", "", "MI", cl->member_id);
	if (!rc && cl->nremarks) {
		const char *r[5] = {"", "", "", "", ""};
		for (size_t k = 0; k < cl->nremarks && k < 5; k++)
			r[k] = s->remarks[cl->first_remark + k];
		rc = MO_X12W_SEG(c->w, c->e, "MOA", "", "", r[0], r[1], r[2],
				 r[3], r[4]);
	}
	if (!rc && cl->from)
		rc = MO_X12W_SEG(c->w, c->e, "DTM", "232",
				 mo_x12w_ccyymmdd(cl->from, day));
	for (size_t k = 0; !rc && k < cl->nlines; k++)
		rc = write_svc(c, s, cl, cl->first_line + k);
	return rc;
}

static int write_header(wr *c, const mo_x835 *s)
{
	char a[32], d[16];
	int rc = MO_X12W_SEG(c->w, c->e, "BPR", s->handling, money(s->amount,
			     a), "C", s->method, "", "", "", "", "", "", "",
			     "", "", "", "", s->paid_day ? mo_x12w_ccyymmdd(
			     s->paid_day, d) : "");
	if (!rc)
		rc = MO_X12W_SEG(c->w, c->e, "TRN", "1", s->trace,
				 s->originator);
	if (!rc)
		rc = MO_X12W_SEG(c->w, c->e, "N1", "PR", s->payer_name);
	if (!rc && *s->payer_id)
		rc = MO_X12W_SEG(c->w, c->e, "REF", "2U", s->payer_id);
	if (!rc)
		rc = MO_X12W_SEG(c->w, c->e, "N1", "PE", s->payee_name, "XX",
				 s->payee_npi);
	return rc;
}

static int write_plb(wr *c, const mo_x835 *s, const char *npi)
{
	char a[32];
	int rc = 0;
	for (size_t k = 0; !rc && k < s->nplbs; k++) {
		mo_x12_writer_begin(c->w, "PLB", c->e);
		mo_x12_writer_element(c->w, npi, c->e);
		mo_x12_writer_element(c->w, "20991231", c->e);
		mo_x12_writer_element(c->w, s->plbs[k].reason, c->e);
		if (*s->plbs[k].reference)
			mo_x12_writer_component(c->w, s->plbs[k].reference,
						c->e);
		mo_x12_writer_element(c->w, money(s->plbs[k].amount, a), c->e);
		rc = mo_x12_writer_end(c->w, c->e);
	}
	return rc;
}

static int write_set(wr *c, const mo_x835 *s)
{
	int rc = write_header(c, s);
	if (!rc && s->nclaims)
		rc = MO_X12W_SEG(c->w, c->e, "LX", "1");
	for (size_t k = 0; !rc && k < s->nclaims; k++)
		rc = write_clp(c, s, &s->claims[k]);
	return rc ? rc : write_plb(c, s, s->payee_npi);
}

int mo_x835_write(const mo_x835 *sets, size_t n,
		  const struct mo_x12w_head *h, char **out, size_t *len,
		  mo_err *e)
{
	wr c = {NULL, e};
	char control[16];
	int rc;
	*out = NULL;
	if (!n)
		return mo_err_set(e, MO_EINVAL, "835: nothing to write");
	rc = mo_x12w_start(h, "HP", "835", "005010X221A1", &c.w, e);
	for (size_t k = 0; !rc && k < n; k++) {
		if (k) {
			snprintf(control, sizeof control, "%lu%03u",
				 (unsigned long)(h->control % 1000000),
				 (unsigned)(k % 1000));
			if (!(rc = mo_x12_writer_se(c.w, e)))
				rc = mo_x12_writer_st(c.w, "835", control,
						      "005010X221A1", e);
		}
		if (!rc)
			rc = write_set(&c, &sets[k]);
	}
	if (!rc)
		rc = mo_x12w_finish(c.w, out, len, e);
	mo_x12_writer_free(c.w);
	return rc;
}
