/* x270.c: the 270 eligibility inquiry writer declared in x270.h. It
 * checks the whole batch first (required values, lengths, delimiters,
 * the NPI's check digit, codes and days), each refusal naming where the
 * value stands and its field, and only then writes the interchange loop
 * by loop with the x12.h writer through the helpers of x12w.h, which add
 * the envelopes and their counts. Per payer: HL 20 (the payer), HL 21
 * (the practice), then per request HL 22 (the subscriber) and, for a
 * dependent, HL 23 (the patient); the patient's loop carries TRN, DTP*291
 * and EQ*30. It uses x12w.h, x12.h, codes.h and units.h. */
#include "x270.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12.h"
#include "x12w.h"

#define VERSION "005010X279A1"

/* Text lengths the 270 allows. */
#define LEN_NAME 60   /* NM103 */
#define LEN_GIVEN 35  /* NM104 */
#define LEN_MIDDLE 25 /* NM105 */
#define LEN_ID 80     /* NM109 */
#define LEN_TRACE 50  /* TRN02 */
#define LEN_TRACE_ID 10 /* TRN03 */

/* The delimiters the interchange is written with (x12.h's defaults). */
#define DELIMITERS "*:^~"

static const char *const relations[] = {"self", "spouse", "child",
                                        "other", NULL};

typedef mo_x12w_check vc;

static bool is_self(const mo_x270_request *r)
{
	return r->relation && !strcmp(r->relation, "self");
}

/* ---- checks ---- */

/* Text the interchange can carry: no delimiter, no control character. */
static int check_plain(const vc *v, const char *field, const char *s)
{
	char qb[MO_X12W_QSIZE];
	for (const unsigned char *u = (const unsigned char *)s; *u; u++)
		if (*u < 0x20 || *u == 0x7F || strchr(DELIMITERS, *u))
			return mo_x12w_refuse(v, field, "expected text without "
			                      "the delimiters * : ^ ~ or control "
			                      "characters, found %s",
			                      mo_x12w_quote(s, qb));
	return 0;
}

/* A required text of at most max bytes the interchange can carry. */
static int check_text(const vc *v, const char *field, const char *s,
                      size_t max)
{
	int rc = mo_x12w_text(v, field, s, max);
	return rc ? rc : check_plain(v, field, s);
}

static int check_opt_text(const vc *v, const char *field, const char *s,
                          size_t max)
{
	return mo_x12w_present(s) ? check_text(v, field, s, max) : 0;
}

/* A person: names always; sex and birth day when required (the patient,
 * or a subscriber who is the patient), else when given. */
static int check_person(const vc *v, const char *who, const mo_x270_person *p,
                        bool required)
{
	char f[64];
	int rc;
	snprintf(f, sizeof f, "%s.family", who);
	rc = check_text(v, f, p->family, LEN_NAME);
	snprintf(f, sizeof f, "%s.given", who);
	if (!rc)
		rc = check_text(v, f, p->given, LEN_GIVEN);
	snprintf(f, sizeof f, "%s.middle", who);
	if (!rc)
		rc = check_opt_text(v, f, p->middle, LEN_MIDDLE);
	snprintf(f, sizeof f, "%s.sex", who);
	if (!rc && (required || p->sex))
		rc = mo_x12w_sex(v, f, p->sex);
	snprintf(f, sizeof f, "%s.birth_day", who);
	if (!rc && p->no_birth && required)
		rc = mo_x12w_refuse(v, f, "required, found nothing");
	else if (!rc && !p->no_birth)
		rc = mo_x12w_day(v, f, p->birth_day);
	return rc;
}

static int check_relation(const vc *v, const mo_x270_request *r)
{
	char qb[MO_X12W_QSIZE];
	for (const char *const *k = relations; r->relation && *k; k++)
		if (!strcmp(*k, r->relation))
			return 0;
	return mo_x12w_refuse(v, "relation", "expected \"self\", \"spouse\", "
	                      "\"child\" or \"other\", found %s",
	                      r->relation ? mo_x12w_quote(r->relation, qb)
	                                  : "nothing");
}

static int check_request(const vc *v, const mo_x270_request *r)
{
	int rc = check_text(v, "trace", r->trace, LEN_TRACE);
	if (!rc)
		rc = check_text(v, "member_id", r->member_id, LEN_ID);
	if (!rc)
		rc = check_relation(v, r);
	if (!rc)
		rc = check_person(v, "subscriber", &r->subscriber, is_self(r));
	if (!rc && !is_self(r))
		rc = check_person(v, "patient", &r->patient, true);
	return rc ? rc : mo_x12w_day(v, "day", r->day);
}

static void request_where(vc *v, const char *prefix, size_t k,
                          const mo_x270_request *r)
{
	char qb[MO_X12W_QSIZE], n[24] = "";
	if (k != SIZE_MAX)
		snprintf(n, sizeof n, " %zu", k + 1);
	snprintf(v->where, sizeof v->where, "%srequest%s (%s)", prefix, n,
	         mo_x12w_present(r->trace) ? mo_x12w_quote(r->trace, qb)
	                                   : "no trace");
}

int mo_x270_check_request(const mo_x270_request *r, mo_err *e)
{
	vc v = {.e = e};
	if (mo_fails_assert(r))
		return mo_err_set(e, MO_EINVAL, "mo_x270_check_request: bad "
		                  "arguments");
	request_where(&v, "", SIZE_MAX, r);
	return check_request(&v, r);
}

static bool trace_id_ok(const char *s)
{
	size_t n = strlen(s);
	return n == LEN_TRACE_ID &&
	       strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                 "abcdefghijklmnopqrstuvwxyz") == n;
}

static int check_parties(const vc *v, const mo_x270_batch *b)
{
	int rc = check_text(v, "provider_name", b->provider_name, LEN_NAME);
	if (!rc)
		rc = mo_x12w_code(v, "provider_npi", b->provider_npi,
		                  mo_x12w_npi_ok, MO_X12W_NPI_WHAT);
	if (!rc)
		rc = mo_x12w_code(v, "trace_id", b->trace_id, trace_id_ok,
		                  "10 letters or digits (such as \"1\" and "
		                  "the practice's EIN)");
	if (!rc && (b->nsources == 0 || !b->sources))
		rc = mo_x12w_refuse(v, "nsources", "expected at least one "
		                    "payer, found none");
	return rc;
}

static void source_where(vc *v, size_t i, const mo_x270_source *s)
{
	char qb[MO_X12W_QSIZE];
	snprintf(v->where, sizeof v->where, "payer %zu (%s)", i + 1,
	         mo_x12w_present(s->payer_id) ? mo_x12w_quote(s->payer_id, qb)
	                                      : "no payer id");
}

/* An earlier request of the batch with the trace of s's request k. */
static bool seen_trace(const mo_x270_batch *b, size_t i, size_t k)
{
	const char *t = b->sources[i].requests[k].trace;
	for (size_t si = 0; si <= i; si++)
		for (size_t kj = 0; kj < (si == i ? k : b->sources[si].nrequests);
		     kj++)
			if (mo_x12w_same(b->sources[si].requests[kj].trace, t))
				return true;
	return false;
}

/* Request k of payer i (whose place is named in where). */
static int check_source_request(const mo_x270_batch *b, size_t i, size_t k,
                                const char *where, mo_err *e)
{
	const mo_x270_request *r = &b->sources[i].requests[k];
	char prefix[MO_X12W_QSIZE + 40];
	vc v = {.e = e};
	int rc;
	snprintf(prefix, sizeof prefix, "%.*s, ", MO_X12W_QSIZE + 32, where);
	request_where(&v, prefix, k, r);
	rc = check_request(&v, r);
	if (!rc && seen_trace(b, i, k))
		rc = mo_x12w_refuse(&v, "trace", "another request of the batch "
		                    "has the same trace");
	return rc;
}

static int check_source(const mo_x270_batch *b, size_t i, mo_err *e)
{
	const mo_x270_source *s = &b->sources[i];
	vc v = {.e = e};
	int rc;
	source_where(&v, i, s);
	rc = check_text(&v, "payer_name", s->payer_name, LEN_NAME);
	if (!rc)
		rc = check_text(&v, "payer_id", s->payer_id, LEN_ID);
	if (!rc && strlen(s->payer_id) < 2)
		rc = mo_x12w_refuse(&v, "payer_id", "expected 2 to %d "
		                    "characters, found 1", LEN_ID);
	if (!rc && (s->nrequests == 0 || !s->requests))
		rc = mo_x12w_refuse(&v, "nrequests", "expected at least one "
		                    "request, found none");
	for (size_t k = 0; !rc && k < s->nrequests; k++)
		rc = check_source_request(b, i, k, v.where, e);
	return rc;
}

static int check_batch(const mo_x270_batch *b, mo_err *e)
{
	vc v = {.where = "the batch", .e = e};
	int rc = mo_x12w_check_head(&v, &b->head);
	if (!rc)
		rc = check_plain(&v, "sender_id", b->head.sender_id);
	if (!rc)
		rc = check_plain(&v, "receiver_id", b->head.receiver_id);
	if (!rc)
		rc = check_plain(&v, "reference", b->head.reference);
	if (!rc)
		rc = check_parties(&v, b);
	for (size_t i = 0; !rc && i < b->nsources; i++)
		rc = check_source(b, i, e);
	return rc;
}

/* ---- writing ---- */

/* The writer's state: it keeps the first failure (x12.h), so segments
 * are written in sequence and checked at the end of each loop. */
typedef struct wc {
	const mo_x270_batch *b;
	mo_x12_writer *w;
	mo_err *e;
	unsigned hl; /* the last HL number given */
} wc;

#define SEG(c, id, ...) MO_X12W_SEG((c)->w, (c)->e, (id), __VA_ARGS__)

static int hl(wc *c, unsigned parent, const char *level, bool children,
              unsigned *id)
{
	return mo_x12w_hl(c->w, c->e, &c->hl, parent, level, children, id);
}

/* NM1 of a person: entity "IL" (with the member id) or "03". */
static int name(wc *c, const char *entity, const mo_x270_person *p,
                const char *member_id)
{
	return SEG(c, "NM1", entity, "1", p->family, p->given, p->middle,
	           NULL, NULL, member_id ? "MI" : NULL, member_id);
}

/* DMG when the birth day is known. */
static int demographics(wc *c, const mo_x270_person *p)
{
	char day[16];
	if (p->no_birth)
		return 0;
	return SEG(c, "DMG", "D8", mo_x12w_ccyymmdd(p->birth_day, day),
	           mo_x12w_code_of(mo_x12w_sexes, p->sex));
}

/* The loop of the patient: TRN before the name, DTP and EQ after it. */
static int inquiry(wc *c, const mo_x270_request *r, const char *entity,
                   const mo_x270_person *p, const char *member_id)
{
	char day[16];
	SEG(c, "TRN", "1", r->trace, c->b->trace_id);
	name(c, entity, p, member_id);
	demographics(c, p);
	SEG(c, "DTP", "291", "D8", mo_x12w_ccyymmdd(r->day, day));
	return SEG(c, "EQ", "30");
}

/* 2000C (and 2000D for a dependent) under the receiver's HL. */
static int write_request(wc *c, unsigned receiver, const mo_x270_request *r)
{
	unsigned sub, dep;
	if (is_self(r)) {
		hl(c, receiver, "22", false, &sub);
		return inquiry(c, r, "IL", &r->subscriber, r->member_id);
	}
	hl(c, receiver, "22", true, &sub);
	name(c, "IL", &r->subscriber, r->member_id);
	demographics(c, &r->subscriber);
	hl(c, sub, "23", false, &dep);
	return inquiry(c, r, "03", &r->patient, NULL);
}

/* 2000A and 2000B for one payer, then its requests. */
static int write_source(wc *c, const mo_x270_source *s)
{
	unsigned src, rcv;
	int rc;
	hl(c, 0, "20", true, &src);
	SEG(c, "NM1", "PR", "2", s->payer_name, NULL, NULL, NULL, NULL, "PI",
	    s->payer_id);
	hl(c, src, "21", true, &rcv);
	rc = SEG(c, "NM1", "1P", "2", c->b->provider_name, NULL, NULL, NULL,
	         NULL, "XX", c->b->provider_npi);
	for (size_t k = 0; !rc && k < s->nrequests; k++)
		rc = write_request(c, rcv, &s->requests[k]);
	return rc;
}

static int write_body(wc *c)
{
	int rc = mo_x12w_bht(c->w, &c->b->head, "0022", "13", NULL, c->e);
	for (size_t i = 0; !rc && i < c->b->nsources; i++)
		rc = write_source(c, &c->b->sources[i]);
	return rc;
}

int mo_x270_write(const mo_x270_batch *b, char **out, size_t *len,
		  mo_err *e)
{
	wc c = {.b = b, .e = e};
	int rc;
	if (mo_fails_assert(b && out && len))
		return mo_err_set(e, MO_EINVAL, "mo_x270_write: bad arguments");
	*out = NULL;
	*len = 0;
	if ((rc = check_batch(b, e)))
		return rc;
	rc = mo_x12w_start(&b->head, "HS", "270", VERSION, &c.w, e);
	if (!rc)
		rc = write_body(&c);
	if (!rc)
		rc = mo_x12w_finish(c.w, out, len, e);
	if (rc == MO_EINVAL) /* the checks let nothing through: a defect */
		mo_err_prefix(e, "the batch, ");
	mo_x12_writer_free(c.w);
	return rc;
}
