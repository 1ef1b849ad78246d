/* x837.c: the 837 professional claim writer declared in x837.h. It
 * checks the whole batch first (required values, identifier formats and
 * check digits, code formats, counts and ranges), each refusal naming the
 * claim and the field, and only then writes the interchange loop by loop
 * with the x12.h writer, which adds the envelopes and their counts and
 * refuses values holding a delimiter. Consecutive claims of the same
 * subscriber share one subscriber loop (HL 22); within it the claims of
 * the subscriber as patient come first, then one patient loop (HL 23) per
 * dependent. It uses x12w.h (the checks, envelope and formatting the
 * writers share), x12.h (writer), codes.h (validators) and units.h
 * (money, dates, quoting). */
#include "x837.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "units.h"
#include "x12.h"
#include "x12w.h"

#define VERSION "005010X222A1"
#define MAX_UNITS 999
#define MAX_AMOUNT INT64_C(999999999999) /* cents: keeps sums exact */

/* Text lengths the professional claim allows. */
#define LEN_NAME 60     /* NM103 */
#define LEN_GIVEN 35    /* NM104 */
#define LEN_MIDDLE 25   /* NM105 */
#define LEN_ID 80       /* NM109 */
#define LEN_STREET 55   /* N301, N302 */
#define LEN_CITY 30     /* N401 */
#define LEN_REF 50      /* REF02 */
#define LEN_CLAIM_ID 20 /* CLM01 */

static const mo_x12w_pair relations[] = {
    {"self", "18"}, {"spouse", "01"}, {"child", "19"}, {"other", "G8"},
    {NULL, NULL}};
/* SBR09, the claim filing indicator. */
static const char *const filings[] = {
    "11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS",
    "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ", NULL};
/* SBR01, the payer responsibility sequence. */
#define RESPONSIBILITIES "ABCDEFGHPSTU"

static bool all_digits(const char *s, size_t n)
{
	size_t k;
	if (!s || strlen(s) != n)
		return false;
	for (k = 0; k < n; k++)
		if (s[k] < '0' || s[k] > '9')
			return false;
	return true;
}

static bool is_self(const mo_x837_claim *c)
{
	return c->relation && !strcmp(c->relation, "self");
}

/* ---- checks ---- */

/* Where a check stands: "the batch" or "claim 2 (\"C-7\")". */
typedef mo_x12w_check vc;

static bool taxonomy_ok(const char *s)
{
	return mo_codes_taxonomy_valid(s);
}

static bool tax_id_ok(const char *s)
{
	return all_digits(s, 9) || mo_codes_ein_valid(s);
}

static bool pos_ok(const char *s)
{
	return mo_codes_pos_find(s) != NULL;
}

static bool filing_ok(const char *s)
{
	const char *const *f;
	for (f = filings; *f; f++)
		if (!strcmp(*f, s))
			return true;
	return false;
}

static bool responsibility_ok(const char *s)
{
	return strlen(s) == 1 && strchr(RESPONSIBILITIES, s[0]);
}

#define TAXONOMY_WHAT "a provider taxonomy code such as \"207Q00000X\""
#define POS_WHAT "a place-of-service code such as \"11\""

static int check_address(const vc *v, const char *field,
                         const mo_x837_address *a)
{
	char f[64];
	int rc;
	snprintf(f, sizeof f, "%s.line1", field);
	rc = mo_x12w_text(v, f, a->line1, LEN_STREET);
	snprintf(f, sizeof f, "%s.line2", field);
	if (!rc)
		rc = mo_x12w_opt_text(v, f, a->line2, LEN_STREET);
	snprintf(f, sizeof f, "%s.city", field);
	if (!rc)
		rc = mo_x12w_text(v, f, a->city, LEN_CITY);
	snprintf(f, sizeof f, "%s.state", field);
	if (!rc)
		rc = mo_x12w_code(v, f, a->state, mo_codes_state_valid,
		                  "a state as 2 capital letters");
	snprintf(f, sizeof f, "%s.zip", field);
	if (!rc)
		rc = mo_x12w_code(v, f, a->zip, mo_codes_zip_valid,
		                  "a ZIP code \"NNNNN\" or \"NNNNN-NNNN\"");
	return rc;
}

static int check_person(const vc *v, const char *field,
                        const mo_x837_person *p)
{
	char f[64];
	int rc;
	snprintf(f, sizeof f, "%s.family", field);
	rc = mo_x12w_text(v, f, p->family, LEN_NAME);
	snprintf(f, sizeof f, "%s.given", field);
	if (!rc)
		rc = mo_x12w_text(v, f, p->given, LEN_GIVEN);
	snprintf(f, sizeof f, "%s.middle", field);
	if (!rc)
		rc = mo_x12w_opt_text(v, f, p->middle, LEN_MIDDLE);
	snprintf(f, sizeof f, "%s.sex", field);
	if (!rc)
		rc = mo_x12w_sex(v, f, p->sex);
	snprintf(f, sizeof f, "%s.birth_day", field);
	if (!rc)
		rc = mo_x12w_day(v, f, p->birth_day);
	snprintf(f, sizeof f, "%s.address", field);
	return rc ? rc : check_address(v, f, &p->address);
}

/* The batch's envelope fields as x12w.h takes them. */
static mo_x12w_head head_of(const mo_x837_batch *b)
{
	return (mo_x12w_head){b->sender_id, b->receiver_id, b->control,
	                      b->usage, b->day, b->seconds, b->reference};
}

static int check_parties(const vc *v, const mo_x837_batch *b)
{
	int rc = mo_x12w_text(v, "submitter_name", b->submitter_name, LEN_NAME);
	if (!rc)
		rc = mo_x12w_text(v, "submitter_id", b->submitter_id, LEN_ID);
	if (!rc)
		rc = mo_x12w_text(v, "contact_name", b->contact_name, LEN_NAME);
	if (!rc)
		rc = mo_x12w_text(v, "contact_phone", b->contact_phone, 256);
	if (!rc)
		rc = mo_x12w_text(v, "receiver_name", b->receiver_name,
		                  LEN_NAME);
	if (!rc)
		rc = mo_x12w_text(v, "billing_name", b->billing_name, LEN_NAME);
	if (!rc)
		rc = mo_x12w_code(v, "billing_npi", b->billing_npi,
		                  mo_x12w_npi_ok, MO_X12W_NPI_WHAT);
	if (!rc)
		rc = mo_x12w_code(v, "billing_tax_id", b->billing_tax_id,
		                  tax_id_ok,
		                  "a tax id of 9 digits "
		                  "(\"123456789\" or \"12-3456789\")");
	if (!rc)
		rc = mo_x12w_opt_code(v, "billing_taxonomy",
		                      b->billing_taxonomy, taxonomy_ok,
		                      TAXONOMY_WHAT);
	return rc ? rc : check_address(v, "billing_address",
	                               &b->billing_address);
}

/* The diagnoses: 1 to 12 without a gap, each an ICD-10-CM code. Their
 * number into *n. */
static int check_diagnoses(const vc *v, const mo_x837_claim *c, int *n)
{
	char f[32], qb[MO_X12W_QSIZE];
	int k;
	for (*n = 0;
	     *n < MO_X837_MAX_DIAGNOSES && mo_x12w_present(c->diagnoses[*n]);
	     (*n)++) {
		snprintf(f, sizeof f, "diagnoses[%d]", *n);
		if (!mo_codes_icd10_valid(c->diagnoses[*n], NULL))
			return mo_x12w_refuse(
			    v, f,
			    "expected an ICD-10-CM code such "
			    "as \"J02.9\", found %s",
			    mo_x12w_quote(c->diagnoses[*n], qb));
	}
	if (*n == 0)
		return mo_x12w_refuse(v, "diagnoses",
		                      "expected at least one "
		                      "diagnosis, found none");
	for (k = *n; k < MO_X837_MAX_DIAGNOSES; k++)
		if (mo_x12w_present(c->diagnoses[k])) {
			snprintf(f, sizeof f, "diagnoses[%d]", k);
			return mo_x12w_refuse(
			    v, f,
			    "follows the empty diagnoses[%d] "
			    "(diagnoses are listed without gaps)",
			    *n);
		}
	return 0;
}

/* Modifiers: up to 4 without a gap, each 2 capital letters or digits. */
static int check_modifiers(const vc *v, size_t line, const mo_x837_line *l)
{
	char f[48], qb[MO_X12W_QSIZE];
	bool gap = false;
	int k;
	for (k = 0; k < 4; k++) {
		snprintf(f, sizeof f, "lines[%zu].modifiers[%d]", line, k);
		if (!mo_x12w_present(l->modifiers[k]))
			gap = true;
		else if (gap)
			return mo_x12w_refuse(
			    v, f,
			    "follows an empty modifier "
			    "(modifiers are listed without gaps)");
		else if (!mo_codes_modifier_valid(l->modifiers[k]))
			return mo_x12w_refuse(
			    v, f,
			    "expected a modifier of 2 capital "
			    "letters or digits, found %s",
			    mo_x12w_quote(l->modifiers[k], qb));
	}
	return 0;
}

/* Pointers: 1 to 4 without a gap, each 1..ndiag. */
static int check_pointers(const vc *v, size_t line, const mo_x837_line *l,
                          int ndiag)
{
	char f[48];
	bool gap = false;
	int k;
	if (l->pointers[0] == 0) {
		snprintf(f, sizeof f, "lines[%zu].pointers", line);
		return mo_x12w_refuse(v, f,
		                      "expected at least one diagnosis "
		                      "pointer, found none");
	}
	for (k = 0; k < 4; k++) {
		snprintf(f, sizeof f, "lines[%zu].pointers[%d]", line, k);
		if (l->pointers[k] == 0)
			gap = true;
		else if (gap)
			return mo_x12w_refuse(
			    v, f,
			    "follows an empty pointer "
			    "(pointers are listed without gaps)");
		else if (l->pointers[k] < 1 || l->pointers[k] > ndiag)
			return mo_x12w_refuse(v, f,
			                      "expected a diagnosis from 1 to "
			                      "%d, found %d",
			                      ndiag, l->pointers[k]);
	}
	return 0;
}

static int check_line(const vc *v, size_t k, const mo_x837_line *l,
                      int ndiag)
{
	char f[48];
	int rc;
	snprintf(f, sizeof f, "lines[%zu].code", k);
	rc = mo_x12w_code(v, f, l->code, mo_codes_procedure_valid,
	                  "a CPT or HCPCS code such as \"99213\"");
	if (!rc)
		rc = check_modifiers(v, k, l);
	snprintf(f, sizeof f, "lines[%zu].amount", k);
	if (!rc && (l->amount < 0 || l->amount > MAX_AMOUNT))
		rc = mo_x12w_refuse(
		    v, f, "expected cents from 0 to %lld, found %lld",
		    (long long)MAX_AMOUNT, (long long)l->amount);
	snprintf(f, sizeof f, "lines[%zu].units", k);
	if (!rc && (l->units < 1 || l->units > MAX_UNITS))
		rc = mo_x12w_refuse(v, f, "expected 1 to %d, found %d",
		                    MAX_UNITS, l->units);
	snprintf(f, sizeof f, "lines[%zu].pos", k);
	if (!rc)
		rc = mo_x12w_opt_code(v, f, l->pos, pos_ok, POS_WHAT);
	if (!rc)
		rc = check_pointers(v, k, l, ndiag);
	snprintf(f, sizeof f, "lines[%zu].control", k);
	if (!rc)
		rc = mo_x12w_opt_text(v, f, l->control, LEN_REF);
	snprintf(f, sizeof f, "lines[%zu].day", k);
	return rc ? rc : mo_x12w_day(v, f, l->day);
}

static int check_lines(const vc *v, const mo_x837_claim *c, int ndiag)
{
	size_t k;
	int rc = 0;
	if (c->nlines < 1 || c->nlines > MO_X837_MAX_LINES || !c->lines)
		return mo_x12w_refuse(
		    v, "nlines", "expected 1 to %d lines, found %zu",
		    MO_X837_MAX_LINES, c->lines ? c->nlines : 0);
	for (k = 0; k < c->nlines && !rc; k++)
		rc = check_line(v, k, &c->lines[k], ndiag);
	return rc;
}

static int check_frequency(const vc *v, const mo_x837_claim *c)
{
	char qb[MO_X12W_QSIZE];
	if (c->frequency != '1' && c->frequency != '7' &&
	    c->frequency != '8')
		return mo_x12w_refuse(v, "frequency",
		                      "expected '1' (original), '7' "
		                      "(replacement) or '8' (void), found %s",
		                      mo_quote(&c->frequency,
		                               c->frequency ? 1 : 0, qb,
		                               MO_X12W_QSIZE));
	if (c->frequency == '1')
		return 0;
	if (!mo_x12w_present(c->original))
		return mo_x12w_refuse(
		    v, "original",
		    "required for frequency '%c' "
		    "(the payer's number of the claim replaced or "
		    "voided), found nothing",
		    c->frequency);
	return mo_x12w_text(v, "original", c->original, LEN_REF);
}

static int check_rendering(const vc *v, const mo_x837_claim *c)
{
	int rc;
	if (!mo_x12w_present(c->rendering_npi)) {
		if (mo_x12w_present(c->rendering_family) ||
		    mo_x12w_present(c->rendering_given) ||
		    mo_x12w_present(c->rendering_taxonomy))
			return mo_x12w_refuse(
			    v, "rendering_npi",
			    "required with the "
			    "other rendering_* fields, found nothing");
		return 0;
	}
	rc = mo_x12w_code(v, "rendering_npi", c->rendering_npi, mo_x12w_npi_ok,
	                  MO_X12W_NPI_WHAT);
	if (!rc)
		rc = mo_x12w_text(v, "rendering_family", c->rendering_family,
		                  LEN_NAME);
	if (!rc)
		rc = mo_x12w_opt_text(v, "rendering_given", c->rendering_given,
		                      LEN_GIVEN);
	return rc ? rc
	          : mo_x12w_opt_code(v, "rendering_taxonomy",
	                             c->rendering_taxonomy, taxonomy_ok,
	                             TAXONOMY_WHAT);
}

static int check_insurance(const vc *v, const mo_x837_claim *c)
{
	char qb[MO_X12W_QSIZE];
	int rc = mo_x12w_code(v, "payer_responsibility",
	                      c->payer_responsibility, responsibility_ok,
	                      "one of \"P\", \"S\", \"T\", "
	                      "\"A\" to \"H\" or \"U\"");
	if (!rc && !mo_x12w_code_of(relations, c->relation))
		rc = mo_x12w_refuse(v, "relation",
		                    "expected \"self\", \"spouse\", "
		                    "\"child\" or \"other\", found %s",
		                    c->relation ? mo_x12w_quote(c->relation, qb)
		                                : "nothing");
	if (!rc)
		rc = check_person(v, "subscriber", &c->subscriber);
	if (!rc && !is_self(c))
		rc = check_person(v, "patient", &c->patient);
	if (!rc)
		rc = mo_x12w_text(v, "member_id", c->member_id, LEN_ID);
	if (!rc)
		rc = mo_x12w_opt_text(v, "group_id", c->group_id, LEN_REF);
	if (!rc)
		rc = mo_x12w_code(v, "claim_filing", c->claim_filing, filing_ok,
		                  "a claim filing indicator such as \"CI\", "
		                  "\"MB\" or \"MC\"");
	if (!rc)
		rc = mo_x12w_text(v, "payer_name", c->payer_name, LEN_NAME);
	return rc ? rc : mo_x12w_text(v, "payer_id", c->payer_id, LEN_ID);
}

static void claim_where(vc *v, size_t i, const mo_x837_claim *c)
{
	char qb[MO_X12W_QSIZE];
	snprintf(v->where, sizeof v->where, "claim %zu (%s)", i + 1,
	         mo_x12w_present(c->id) ? mo_x12w_quote(c->id, qb) : "no id");
}

static int check_claim(const mo_x837_claim *c, size_t i, mo_err *e)
{
	vc v = {.e = e};
	int ndiag = 0, rc;
	claim_where(&v, i, c);
	rc = mo_x12w_text(&v, "id", c->id, LEN_CLAIM_ID);
	if (!rc)
		rc = check_frequency(&v, c);
	if (!rc)
		rc = mo_x12w_code(&v, "pos", c->pos, pos_ok, POS_WHAT);
	if (!rc)
		rc = check_diagnoses(&v, c, &ndiag);
	if (!rc)
		rc = check_lines(&v, c, ndiag);
	if (!rc)
		rc = mo_x12w_opt_code(&v, "clia", c->clia, mo_codes_clia_valid,
		                      "a CLIA number such as \"05D1234567\"");
	if (!rc)
		rc = check_rendering(&v, c);
	return rc ? rc : check_insurance(&v, c);
}

static int check_batch(const mo_x837_batch *b, mo_err *e)
{
	vc v = {.where = "the batch", .e = e};
	size_t i;
	mo_x12w_head h = head_of(b);
	int rc = mo_x12w_check_head(&v, &h);
	if (!rc)
		rc = check_parties(&v, b);
	if (!rc && (b->nclaims == 0 || !b->claims))
		rc = mo_x12w_refuse(&v, "nclaims",
		                    "expected at least one claim, "
		                    "found none");
	for (i = 0; !rc && i < b->nclaims; i++)
		rc = check_claim(&b->claims[i], i, e);
	return rc;
}

/* ---- formatting ---- */

/* Cents as dollars without trailing zeros: "150", "150.5", "0.01". */
static const char *dollars(int64_t cents, char buf[32])
{
	size_t n;
	mo_money_format(cents, buf);
	n = strlen(buf);
	while (buf[n - 1] == '0')
		n--;
	if (buf[n - 1] == '.')
		n--;
	buf[n] = '\0';
	return buf;
}

/* s without its hyphens (ZIP codes, tax ids) into buf. */
static const char *no_hyphens(const char *s, char buf[16])
{
	size_t n = 0;
	for (; *s && n < 15; s++)
		if (*s != '-')
			buf[n++] = *s;
	buf[n] = '\0';
	return buf;
}

/* A diagnosis as X12 carries it: without the dot. */
static const char *no_dot(const char *code, char buf[9])
{
	char dotted[9];
	size_t n = 0, k;
	mo_codes_icd10_valid(code, dotted);
	for (k = 0; dotted[k]; k++)
		if (dotted[k] != '.')
			buf[n++] = dotted[k];
	buf[n] = '\0';
	return buf;
}

/* ---- writing ---- */

/* The writer's state: its keeps the first failure (x12.h), so segments
 * are written in sequence and checked at the end of each loop. */
typedef struct wc {
	const mo_x837_batch *b;
	mo_x12_writer *w;
	mo_err *e;
	unsigned hl;  /* the last HL number given */
	size_t claim; /* the claim whose data is being written, or NONE */
} wc;

#define NONE SIZE_MAX

/* A segment of simple elements, NULL for an empty one. */
#define SEG(c, id, ...) MO_X12W_SEG((c)->w, (c)->e, (id), __VA_ARGS__)

/* One composite element of n components. */
static int composite(wc *c, const char *const *parts, size_t n)
{
	size_t k;
	int rc = mo_x12_writer_element(c->w, parts[0], c->e);
	for (k = 1; k < n && !rc; k++)
		rc = mo_x12_writer_component(c->w, parts[k], c->e);
	return rc;
}

static int hl(wc *c, unsigned parent, const char *level, bool children,
              unsigned *id)
{
	return mo_x12w_hl(c->w, c->e, &c->hl, parent, level, children, id);
}

static int address(wc *c, const mo_x837_address *a)
{
	char zip[16];
	SEG(c, "N3", a->line1, a->line2);
	return SEG(c, "N4", a->city, a->state, no_hyphens(a->zip, zip));
}

static int person(wc *c, const char *entity, const char *qual,
                  const char *id, const mo_x837_person *p)
{
	char day[16];
	SEG(c, "NM1", entity, "1", p->family, p->given, p->middle, NULL, NULL,
	    qual, id);
	address(c, &p->address);
	return SEG(c, "DMG", "D8", mo_x12w_ccyymmdd(p->birth_day, day),
	           mo_x12w_code_of(mo_x12w_sexes, p->sex));
}

static int write_header(wc *c)
{
	const mo_x837_batch *b = c->b;
	mo_x12w_head h = head_of(b);
	mo_x12w_bht(c->w, &h, "0019", "00", "CH", c->e);
	/* 1000A submitter, 1000B receiver */
	SEG(c, "NM1", "41", "2", b->submitter_name, NULL, NULL, NULL, NULL,
	    "46", b->submitter_id);
	SEG(c, "PER", "IC", b->contact_name, "TE", b->contact_phone);
	return SEG(c, "NM1", "40", "2", b->receiver_name, NULL, NULL, NULL,
	           NULL, "46", b->receiver_id);
}

/* 2000A and 2010AA: the billing provider, HL 1. */
static int write_billing(wc *c)
{
	const mo_x837_batch *b = c->b;
	char tax[16];
	unsigned id;
	hl(c, 0, "20", true, &id);
	if (mo_x12w_present(b->billing_taxonomy))
		SEG(c, "PRV", "BI", "PXC", b->billing_taxonomy);
	SEG(c, "NM1", "85", "2", b->billing_name, NULL, NULL, NULL, NULL, "XX",
	    b->billing_npi);
	address(c, &b->billing_address);
	return SEG(c, "REF", "EI", no_hyphens(b->billing_tax_id, tax));
}

static int write_clm(wc *c, const mo_x837_claim *m)
{
	const char freq[2] = {m->frequency, '\0'};
	const char *pos[3] = {m->pos, "B", freq};
	int64_t total = 0;
	char amount[32];
	size_t k;
	for (k = 0; k < m->nlines; k++)
		total += m->lines[k].amount;
	mo_x12_writer_begin(c->w, "CLM", c->e);
	mo_x12_writer_element(c->w, m->id, c->e);
	mo_x12_writer_element(c->w, dollars(total, amount), c->e);
	mo_x12_writer_element(c->w, NULL, c->e); /* CLM03, CLM04 unused */
	mo_x12_writer_element(c->w, NULL, c->e);
	composite(c, pos, 3);
	for (k = 0; k < 4; k++)
		mo_x12_writer_element(c->w, k == 1 ? "A" : "Y", c->e);
	return mo_x12_writer_end(c->w, c->e);
}

static int write_hi(wc *c, const mo_x837_claim *m)
{
	char code[9];
	size_t k;
	mo_x12_writer_begin(c->w, "HI", c->e);
	for (k = 0;
	     k < MO_X837_MAX_DIAGNOSES && mo_x12w_present(m->diagnoses[k]);
	     k++) {
		const char *parts[2] = {k ? "ABF" : "ABK",
		                        no_dot(m->diagnoses[k], code)};
		composite(c, parts, 2);
	}
	return mo_x12_writer_end(c->w, c->e);
}

/* 2310B: the rendering provider, when not the billing provider. */
static int write_rendering(wc *c, const mo_x837_claim *m)
{
	if (!mo_x12w_present(m->rendering_npi))
		return 0;
	SEG(c, "NM1", "82", "1", m->rendering_family, m->rendering_given,
	    NULL, NULL, NULL, "XX", m->rendering_npi);
	if (!mo_x12w_present(m->rendering_taxonomy))
		return 0;
	return SEG(c, "PRV", "PE", "PXC", m->rendering_taxonomy);
}

static int write_sv1(wc *c, const mo_x837_claim *m, const mo_x837_line *l)
{
	const char *proc[6] = {"HC", l->code, l->modifiers[0],
	                       l->modifiers[1], l->modifiers[2],
	                       l->modifiers[3]};
	char amount[32], units[16], ptr[4][4];
	const char *ptrs[4];
	size_t k, n = 0;
	for (k = 0; k < 4 && l->pointers[k]; k++, n++) {
		snprintf(ptr[k], sizeof ptr[k], "%d", l->pointers[k]);
		ptrs[k] = ptr[k];
	}
	snprintf(units, sizeof units, "%d", l->units);
	mo_x12_writer_begin(c->w, "SV1", c->e);
	composite(c, proc, 6);
	mo_x12_writer_element(c->w, dollars(l->amount, amount), c->e);
	mo_x12_writer_element(c->w, "UN", c->e);
	mo_x12_writer_element(c->w, units, c->e);
	mo_x12_writer_element(
	    c->w,
	    mo_x12w_present(l->pos) && strcmp(l->pos, m->pos) ? l->pos : NULL,
	    c->e);
	mo_x12_writer_element(c->w, NULL, c->e);
	composite(c, ptrs, n);
	return mo_x12_writer_end(c->w, c->e);
}

/* 2400: the service lines. */
static int write_lines(wc *c, const mo_x837_claim *m)
{
	char n[24], day[16];
	size_t k;
	int rc = 0;
	for (k = 0; k < m->nlines && !rc; k++) {
		snprintf(n, sizeof n, "%zu", k + 1);
		SEG(c, "LX", n);
		write_sv1(c, m, &m->lines[k]);
		rc = SEG(c, "DTP", "472", "D8",
		         mo_x12w_ccyymmdd(m->lines[k].day, day));
		if (!rc && mo_x12w_present(m->lines[k].control))
			rc = SEG(c, "REF", "6R", m->lines[k].control);
	}
	return rc;
}

/* 2300 with its 2310B and 2400 loops. */
static int write_claim(wc *c, size_t i)
{
	const mo_x837_claim *m = &c->b->claims[i];
	c->claim = i;
	write_clm(c, m);
	if (m->frequency != '1')
		SEG(c, "REF", "F8", m->original);
	if (mo_x12w_present(m->clia))
		SEG(c, "REF", "X4", m->clia);
	write_hi(c, m);
	write_rendering(c, m);
	return write_lines(c, m);
}

/* Claims i and j are of the same patient (who is not the subscriber). */
static bool same_patient(const mo_x837_claim *a, const mo_x837_claim *b)
{
	return mo_x12w_same(a->relation, b->relation) &&
	       mo_x12w_same(a->patient.family, b->patient.family) &&
	       mo_x12w_same(a->patient.given, b->patient.given) &&
	       mo_x12w_same(a->patient.middle, b->patient.middle) &&
	       a->patient.birth_day == b->patient.birth_day;
}

/* Claims a and b go under one subscriber loop: the same subscriber with
 * the same payer, order of responsibility and plan. */
static bool same_subscriber(const mo_x837_claim *a, const mo_x837_claim *b)
{
	return mo_x12w_same(a->member_id, b->member_id) &&
	       mo_x12w_same(a->payer_id, b->payer_id) &&
	       mo_x12w_same(a->payer_responsibility, b->payer_responsibility) &&
	       mo_x12w_same(a->claim_filing, b->claim_filing) &&
	       mo_x12w_same(a->group_id, b->group_id);
}

/* 2000C and 2010CA for the patient of claim k, then every claim of that
 * patient among claims [k, end). */
static int write_patient(wc *c, unsigned parent, size_t k, size_t end)
{
	const mo_x837_claim *m = &c->b->claims[k];
	unsigned id;
	size_t j;
	int rc;
	c->claim = k;
	hl(c, parent, "23", false, &id);
	SEG(c, "PAT", mo_x12w_code_of(relations, m->relation));
	rc = person(c, "QC", NULL, NULL, &m->patient);
	for (j = k; j < end && !rc; j++)
		if (!is_self(&c->b->claims[j]) &&
		    same_patient(m, &c->b->claims[j]))
			rc = write_claim(c, j);
	return rc;
}

/* The first claim of the patient of claim k among [first, k]. */
static bool first_of_patient(const mo_x837_batch *b, size_t first, size_t k)
{
	size_t j;
	for (j = first; j < k; j++)
		if (!is_self(&b->claims[j]) &&
		    same_patient(&b->claims[j], &b->claims[k]))
			return false;
	return true;
}

/* 2000B, 2010BA, 2010BB for claims [first, end), their claims when the
 * subscriber is the patient, then the 2000C loops. */
static int write_subscriber(wc *c, size_t first, size_t end)
{
	const mo_x837_claim *m = &c->b->claims[first];
	bool self = false, dependents = false;
	unsigned id;
	size_t k;
	int rc = 0;
	for (k = first; k < end; k++) {
		if (is_self(&c->b->claims[k]))
			self = true;
		else
			dependents = true;
	}
	c->claim = first;
	hl(c, 1, "22", dependents, &id);
	SEG(c, "SBR", m->payer_responsibility, self ? "18" : NULL, m->group_id,
	    NULL, NULL, NULL, NULL, NULL, m->claim_filing);
	person(c, "IL", "MI", m->member_id, &m->subscriber);
	rc = SEG(c, "NM1", "PR", "2", m->payer_name, NULL, NULL, NULL, NULL,
	         "PI", m->payer_id);
	for (k = first; k < end && !rc; k++)
		if (is_self(&c->b->claims[k]))
			rc = write_claim(c, k);
	for (k = first; k < end && !rc; k++)
		if (!is_self(&c->b->claims[k]) &&
		    first_of_patient(c->b, first, k))
			rc = write_patient(c, id, k, end);
	return rc;
}

static int write_body(wc *c)
{
	const mo_x837_batch *b = c->b;
	size_t first = 0, end;
	int rc = write_header(c);
	if (!rc)
		rc = write_billing(c);
	while (!rc && first < b->nclaims) {
		end = first + 1;
		while (end < b->nclaims &&
		       same_subscriber(&b->claims[first], &b->claims[end]))
			end++;
		rc = write_subscriber(c, first, end);
		first = end;
	}
	return rc;
}

/* Names in a refusal of the x12 writer (a value holding a delimiter) the
 * claim whose data was being written, or the batch. */
static void name_failure(const wc *c)
{
	vc v = {.where = "the batch"};
	if (c->claim != NONE)
		claim_where(&v, c->claim, &c->b->claims[c->claim]);
	mo_err_prefix(c->e, "%s, ", v.where);
}

int mo_x837_write(const mo_x837_batch *b, char **out, size_t *len,
		  mo_err *e)
{
	wc c = {.b = b, .e = e, .claim = NONE};
	int rc;
	if (mo_fails_assert(b && out && len))
		return mo_err_set(e, MO_EINVAL, "mo_x837_write: bad arguments");
	*out = NULL;
	*len = 0;
	rc = check_batch(b, e);
	if (rc)
		goto cleanup;
	mo_x12w_head h = head_of(b);
	rc = mo_x12w_start(&h, "HC", "837", VERSION, &c.w, e);
	if (!rc)
		rc = write_body(&c);
	if (rc == MO_EINVAL)
		name_failure(&c);
	if (!rc)
		rc = mo_x12w_finish(c.w, out, len, e);
cleanup:
	mo_x12_writer_free(c.w);
	return rc;
}
