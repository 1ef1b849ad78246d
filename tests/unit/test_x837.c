/* test_x837.c: unit tests of core/x837.c. Bad arguments and every
 * refusal first, each with its exact message (nothing is returned); then
 * batches built in C, written, and read back with the x12.h reader: the
 * exact text of a one-claim batch, the envelope and BHT, the HL tree with
 * several subscribers and dependents, the claims (CLM02 the sum of the
 * lines, CLM05, HI, REF*F8 and REF*X4, the rendering provider, SV1 and
 * DTP*472) and money written without trailing zeros.
 *
 * It also holds the table of the 837 professional loop structure for the
 * shared checker (x12v.h): the order of segments and child loops inside
 * each loop, the required ones, how often each may occur, the HL levels;
 * the checker adds the HL numbering and parent links and the SE count. It
 * is run on every batch written here and on the real sample
 * tests/fixtures/x12/uhin-837p.edi. It uses cmocka and x12v_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"
#include "x12v_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "x12.h"
#include "x837.h"

/* ==== the 837P for the structural checker (x12v.h) ==== */

/* The 837 professional (005010X222A1) as this project writes it, with
 * the common optional segments and loops around it. */
static const x12v_item i837[] = {
    SEGR("BHT", 0, NULL, true, 1),  LOOPR("1000A", true, 1),
    LOOPR("1000B", true, 1),        LOOPR("2000A", true, 0), ENDR};
static const x12v_item i1000a[] = {SEGR("NM1", 1, "41", true, 1),
                                   SEGR("PER", 1, "IC", true, 2), ENDR};
static const x12v_item i1000b[] = {SEGR("NM1", 1, "40", true, 1), ENDR};
static const x12v_item i2000a[] = {
    SEGR("HL", 3, "20", true, 1),   SEGR("PRV", 1, "BI", false, 1),
    SEGR("CUR", 0, NULL, false, 1), LOOPR("2010AA", true, 1),
    LOOPR("2010AB", false, 1),      LOOPR("2010AC", false, 1),
    LOOPR("2000B", true, 0),        ENDR};
static const x12v_item i2010aa[] = {
    SEGR("NM1", 1, "85", true, 1), SEGR("N3", 0, NULL, true, 1),
    SEGR("N4", 0, NULL, true, 1),  SEGR("REF", 1, "EI", true, 1),
    SEGR("REF", 0, NULL, false, 2), SEGR("PER", 1, "IC", false, 2), ENDR};
static const x12v_item i2010ab[] = {SEGR("NM1", 1, "87", true, 1),
                                    SEGR("N3", 0, NULL, true, 1),
                                    SEGR("N4", 0, NULL, true, 1), ENDR};
static const x12v_item i2010ac[] = {
    SEGR("NM1", 1, "PE", true, 1), SEGR("N3", 0, NULL, false, 1),
    SEGR("N4", 0, NULL, false, 1), SEGR("REF", 0, NULL, false, 2), ENDR};
static const x12v_item i2000b[] = {
    SEGR("HL", 3, "22", true, 1),  SEGR("SBR", 0, NULL, true, 1),
    SEGR("PAT", 0, NULL, false, 1), LOOPR("2010BA", true, 1),
    LOOPR("2010BB", true, 1),      LOOPR("2300", false, 100),
    LOOPR("2000C", false, 0),      ENDR};
static const x12v_item i2010ba[] = {
    SEGR("NM1", 1, "IL", true, 1), SEGR("N3", 0, NULL, false, 1),
    SEGR("N4", 0, NULL, false, 1), SEGR("DMG", 0, NULL, false, 1),
    SEGR("REF", 0, NULL, false, 2), ENDR};
static const x12v_item i2010bb[] = {
    SEGR("NM1", 1, "PR", true, 1), SEGR("N3", 0, NULL, false, 1),
    SEGR("N4", 0, NULL, false, 1), SEGR("REF", 0, NULL, false, 0), ENDR};
static const x12v_item i2000c[] = {
    SEGR("HL", 3, "23", true, 1), SEGR("PAT", 0, NULL, true, 1),
    LOOPR("2010CA", true, 1),     LOOPR("2300", true, 100), ENDR};
static const x12v_item i2010ca[] = {
    SEGR("NM1", 1, "QC", true, 1), SEGR("N3", 0, NULL, true, 1),
    SEGR("N4", 0, NULL, true, 1),  SEGR("DMG", 0, NULL, true, 1),
    SEGR("REF", 0, NULL, false, 0), ENDR};
static const x12v_item i2300[] = {
    SEGR("CLM", 0, NULL, true, 1),  SEGR("DTP", 0, NULL, false, 0),
    SEGR("PWK", 0, NULL, false, 10), SEGR("CN1", 0, NULL, false, 1),
    SEGR("AMT", 0, NULL, false, 1), SEGR("REF", 0, NULL, false, 0),
    SEGR("K3", 0, NULL, false, 10), SEGR("NTE", 0, NULL, false, 1),
    SEGR("CR1", 0, NULL, false, 1), SEGR("CR2", 0, NULL, false, 1),
    SEGR("CRC", 0, NULL, false, 0), SEGR("HI", 0, NULL, true, 0),
    SEGR("HCP", 0, NULL, false, 1), LOOPR("2310A", false, 1),
    LOOPR("2310B", false, 1),       LOOPR("2310C", false, 1),
    LOOPR("2310D", false, 1),       LOOPR("2320", false, 10),
    LOOPR("2400", true, 50),        ENDR};
static const x12v_item i2310a[] = {SEGR("NM1", 1, "DN", true, 1),
                                   SEGR("REF", 0, NULL, false, 3), ENDR};
static const x12v_item i2310b[] = {SEGR("NM1", 1, "82", true, 1),
                                   SEGR("PRV", 1, "PE", false, 1),
                                   SEGR("REF", 0, NULL, false, 4), ENDR};
static const x12v_item i2310c[] = {
    SEGR("NM1", 1, "77", true, 1), SEGR("N3", 0, NULL, true, 1),
    SEGR("N4", 0, NULL, true, 1),  SEGR("REF", 0, NULL, false, 3), ENDR};
static const x12v_item i2310d[] = {SEGR("NM1", 1, "DQ", true, 1),
                                   SEGR("REF", 0, NULL, false, 3), ENDR};
static const x12v_item i2320[] = {
    SEGR("SBR", 0, NULL, true, 1), SEGR("CAS", 0, NULL, false, 5),
    SEGR("AMT", 0, NULL, false, 3), SEGR("OI", 0, NULL, true, 1), ENDR};
static const x12v_item i2400[] = {
    SEGR("LX", 0, NULL, true, 1),    SEGR("SV1", 0, NULL, true, 1),
    SEGR("PWK", 0, NULL, false, 10), SEGR("CR1", 0, NULL, false, 1),
    SEGR("CRC", 0, NULL, false, 3),  SEGR("DTP", 1, "472", true, 1),
    SEGR("DTP", 0, NULL, false, 0),  SEGR("QTY", 0, NULL, false, 2),
    SEGR("MEA", 0, NULL, false, 5),  SEGR("CN1", 0, NULL, false, 1),
    SEGR("REF", 0, NULL, false, 0),  SEGR("AMT", 0, NULL, false, 2),
    SEGR("K3", 0, NULL, false, 10),  SEGR("NTE", 0, NULL, false, 2),
    SEGR("PS1", 0, NULL, false, 1),  SEGR("HCP", 0, NULL, false, 1),
    LOOPR("2410", false, 1),         LOOPR("2420A", false, 1),
    LOOPR("2430", false, 15),        ENDR};
static const x12v_item i2410[] = {SEGR("LIN", 0, NULL, true, 1),
                                  SEGR("CTP", 0, NULL, true, 1),
                                  SEGR("REF", 0, NULL, false, 1), ENDR};
static const x12v_item i2420a[] = {SEGR("NM1", 1, "82", true, 1),
                                   SEGR("PRV", 1, "PE", false, 1),
                                   SEGR("REF", 0, NULL, false, 20), ENDR};
static const x12v_item i2430[] = {
    SEGR("SVD", 0, NULL, true, 1), SEGR("CAS", 0, NULL, false, 5),
    SEGR("DTP", 1, "573", true, 1), SEGR("AMT", 0, NULL, false, 1), ENDR};

static const x12v_loop x12v_837p[] = {
    {"837", i837},       {"1000A", i1000a},   {"1000B", i1000b},
    {"2000A", i2000a},   {"2010AA", i2010aa}, {"2010AB", i2010ab},
    {"2010AC", i2010ac}, {"2000B", i2000b},   {"2010BA", i2010ba},
    {"2010BB", i2010bb}, {"2000C", i2000c},   {"2010CA", i2010ca},
    {"2300", i2300},     {"2310A", i2310a},   {"2310B", i2310b},
    {"2310C", i2310c},   {"2310D", i2310d},   {"2320", i2320},
    {"2400", i2400},     {"2410", i2410},     {"2420A", i2420a},
    {"2430", i2430},     {NULL, NULL}};

/* HL levels: the billing provider, the subscriber, the patient. */
static const x12v_level x12v_837p_levels[] = {
    {"20", ""}, {"22", "20"}, {"23", "22"}, {NULL, NULL}};

/* The shared checks (x12v.h) on every set of x. */
static bool x12v_check_837p(const mo_x12 *x, char *err, size_t size)
{
	return x12v_check(x, x12v_837p, x12v_837p_levels, err, size);
}

/* ==== batches ==== */

#define NPI "1234567893"
#define NPI2 "1679576722"

typedef struct fixture {
	mo_x837_batch b;
	mo_x837_claim c[6];
	mo_x837_line l[6][4];
} fixture;

static int32_t day(int y, int m, int d)
{
	return mo_days_from_civil(y, m, d);
}

static const mo_x837_address home = {"1 MAIN ST", "APT 2", "SPRINGFIELD",
                                     "IL", "62701-1234"};

static mo_x837_person person(const char *family, const char *given,
                             const char *sex, int32_t birth)
{
	mo_x837_person p = {family, given, NULL, sex, birth, home};
	return p;
}

static mo_x837_line line(const char *code, int64_t amount, int p1)
{
	mo_x837_line l = {code, {NULL}, amount, 1, NULL, {p1}, 0, NULL};
	l.day = day(2024, 3, 4);
	return l;
}

/* Claim k of f: alice, the subscriber, as the patient; lines set by the
 * caller. */
static mo_x837_claim *claim(fixture *f, size_t k, const char *id,
                            size_t nlines)
{
	mo_x837_claim *c = &f->c[k];
	memset(c, 0, sizeof *c);
	c->id = id;
	c->frequency = '1';
	c->pos = "11";
	c->diagnoses[0] = "J02.9";
	c->lines = f->l[k];
	c->nlines = nlines;
	c->payer_responsibility = "P";
	c->relation = "self";
	c->subscriber = person("SMITH", "ALICE", "female", day(1980, 4, 2));
	c->member_id = "M100";
	c->group_id = "GRP1";
	c->claim_filing = "CI";
	c->payer_name = "ACME HEALTH";
	c->payer_id = "ACME1";
	f->l[k][0] = line("99213", 15000, 1);
	if (f->b.nclaims <= k)
		f->b.nclaims = k + 1;
	return c;
}

/* The envelope and the billing provider, no claims yet. */
static void batch(fixture *f)
{
	memset(f, 0, sizeof *f);
	f->b = (mo_x837_batch){
	    .sender_id = "CLINIC01", .receiver_id = "CLEARHOUSE",
	    .control = 42, .usage = 'T', .day = day(2024, 3, 5),
	    .seconds = 9 * 3600 + 30 * 60 + 15, .reference = "B0042",
	    .submitter_name = "SPRINGFIELD CLINIC", .submitter_id = "S01",
	    .contact_name = "JANE DOE", .contact_phone = "2175550100",
	    .receiver_name = "CLEARING HOUSE INC",
	    .billing_name = "SPRINGFIELD CLINIC", .billing_npi = NPI,
	    .billing_tax_id = "12-3456789", .billing_taxonomy = "207Q00000X",
	    .billing_address = {"9 OAK AVE", NULL, "SPRINGFIELD", "IL",
	                        "62701-4321"}};
	f->b.claims = f->c;
}

/* One claim of one line. */
static void simple(fixture *f)
{
	batch(f);
	claim(f, 0, "C1", 1);
}

/* Two subscribers: alice (two claims of her own) and bob (claims of
 * carol, his child, one a replacement, and of dave, his spouse). */
static void family(fixture *f)
{
	mo_x837_claim *c;
	batch(f);
	c = claim(f, 0, "C1", 2);
	c->diagnoses[1] = "R50.9";
	c->clia = "05D1234567";
	c->rendering_npi = NPI2;
	c->rendering_family = "JONES";
	c->rendering_given = "ROBERT";
	c->rendering_taxonomy = "207Q00000X";
	f->l[0][0].modifiers[0] = "25";
	f->l[0][0].pointers[1] = 2;
	f->l[0][1] = line("87880", 1250, 1);
	f->l[0][1].modifiers[0] = "QW";
	f->l[0][1].pos = "11";
	c = claim(f, 1, "C2", 1);
	c->diagnoses[0] = "Z00.00";
	f->l[1][0] = line("99214", 4000, 1);
	f->l[1][0].units = 2;
	f->l[1][0].pos = "02";
	f->l[1][0].day = day(2024, 2, 29);
	for (size_t k = 2; k < 5; k++) {
		c = claim(f, k, k == 2 ? "C3" : k == 3 ? "C4" : "C5", 1);
		c->subscriber = person("BROWN", "BOB", "male",
		                       day(1975, 1, 1));
		c->member_id = "M200";
		c->group_id = NULL;
		c->claim_filing = "MC";
		c->payer_name = "BIG PAYER";
		c->payer_id = "BP01";
		c->relation = "child";
		c->patient = person("BROWN", "CAROL", "female",
		                    day(2015, 6, 7));
	}
	f->c[2].frequency = '7';
	f->c[2].original = "ORIG999";
	f->c[2].diagnoses[0] = "J029";
	f->l[2][0] = line("99212", 7500, 1);
	f->c[3].diagnoses[1] = "R05.1";
	f->c[3].diagnoses[2] = "R50.9";
	f->c[3].diagnoses[3] = "S72.001A";
	f->l[3][0] = line("90460", 2000, 1);
	memcpy(f->l[3][0].modifiers, (const char *[]){"25", "59", "76", "77"},
	       sizeof f->l[3][0].modifiers);
	memcpy(f->l[3][0].pointers, (int[]){1, 2, 3, 4},
	       sizeof f->l[3][0].pointers);
	f->c[4].relation = "spouse";
	f->c[4].patient = person("BROWN", "DAVE", "unknown", day(1976, 2, 3));
	f->l[4][0] = line("99213", 10000, 1);
}

static int write837(const void *b, char **out, size_t *len, mo_err *e)
{
	return mo_x837_write(b, out, len, e);
}

/* Writes f; caller frees with free(). */
static char *write_ok(const fixture *f, size_t *len)
{
	return x12v_write_ok(write837, &f->b, len);
}

/* Writes f and reads it back, checking the structure; caller frees with
 * mo_x12_free(). */
static mo_x12 *written(const fixture *f)
{
	return x12v_written(write837, &f->b, x12v_837p, x12v_837p_levels);
}

/* The next segment at or after *seg with that id (and element 1 equal to
 * q when not NULL) before a segment with id stop; false when none. */
static bool next(const mo_x12 *x, size_t *seg, const char *id, const char *q,
                 const char *stop)
{
	for (; *seg < mo_x12_count(x); (*seg)++) {
		const char *s = mo_x12_id(x, *seg);
		if (!strcmp(s, id) &&
		    (!q || !strcmp(mo_x12_element(x, *seg, 1), q)))
			return true;
		if (stop && strstr(stop, s) && *s)
			return false;
	}
	return false;
}

static size_t must(const mo_x12 *x, size_t seg, const char *id,
                   const char *q)
{
	if (!next(x, &seg, id, q, NULL))
		fail_msg("no %s after segment %zu", id, seg);
	return seg;
}

static void check_el(const mo_x12 *x, size_t seg, unsigned el,
                     const char *value)
{
	assert_string_equal(mo_x12_element(x, seg, el), value);
}

#define check_seg x12v_assert_seg

static void refused(const fixture *f, const char *msg)
{
	x12v_refused(write837, &f->b, msg);
}

/* ==== tests ==== */

static void test_bad_arguments(void **state)
{
	fixture f;
	(void)state;
	simple(&f);
	x12v_bad_arguments(write837, &f.b, "mo_x837_write: bad arguments");
}

/* Runs stmt on a fresh family() batch f and expects msg. */
#define REFUSE(stmt, msg)                                                      \
	do {                                                                   \
		fixture f;                                                     \
		family(&f);                                                    \
		stmt;                                                          \
		refused(&f, msg);                                              \
	} while (0)

#define C1 "claim 1 (\"C1\"), "
#define C4 "claim 4 (\"C4\"), "
#define NPI_MSG "expected an NPI of 10 digits with a valid check digit"

static void test_refuse_batch(void **state)
{
	(void)state;
	REFUSE(f.b.sender_id = NULL, "the batch, sender_id: required, found "
	       "nothing");
	REFUSE(f.b.receiver_id = "0123456789ABCDEF", "the batch, "
	       "receiver_id: expected at most 15 characters, found 16: "
	       "\"0123456789ABCDEF\"");
	REFUSE(f.b.control = 0, "the batch, control: expected 1 to 999999999, "
	       "found 0");
	REFUSE(f.b.control = 1000000000, "the batch, control: expected 1 to "
	       "999999999, found 1000000000");
	REFUSE(f.b.usage = 'X', "the batch, usage: expected 'T' (test) or "
	       "'P' (production), found \"X\"");
	REFUSE(f.b.day = day(1899, 12, 31), "the batch, day: expected a day "
	       "from 1900-01-01 to 2999-12-31, found day -25568");
	REFUSE(f.b.seconds = 86400, "the batch, seconds: expected 0 to 86399, "
	       "found 86400");
	REFUSE(f.b.reference = "", "the batch, reference: required, found "
	       "nothing");
	REFUSE(f.b.contact_phone = NULL, "the batch, contact_phone: required, "
	       "found nothing");
	REFUSE(f.b.billing_npi = "1234567890", "the batch, billing_npi: "
	       NPI_MSG ", found \"1234567890\"");
	REFUSE(f.b.billing_npi = NULL, "the batch, billing_npi: required, "
	       "found nothing");
	REFUSE(f.b.billing_tax_id = "12345678", "the batch, billing_tax_id: "
	       "expected a tax id of 9 digits (\"123456789\" or "
	       "\"12-3456789\"), found \"12345678\"");
	REFUSE(f.b.billing_tax_id = "123-456789", "the batch, billing_tax_id: "
	       "expected a tax id of 9 digits (\"123456789\" or "
	       "\"12-3456789\"), found \"123-456789\"");
	REFUSE(f.b.billing_taxonomy = "207Q0000", "the batch, "
	       "billing_taxonomy: expected a provider taxonomy code such as "
	       "\"207Q00000X\", found \"207Q0000\"");
	REFUSE(f.b.billing_address.state = "Il", "the batch, "
	       "billing_address.state: expected a state as 2 capital "
	       "letters, found \"Il\"");
	REFUSE(f.b.billing_address.zip = "6270", "the batch, "
	       "billing_address.zip: expected a ZIP code \"NNNNN\" or "
	       "\"NNNNN-NNNN\", found \"6270\"");
	REFUSE(f.b.nclaims = 0, "the batch, nclaims: expected at least one "
	       "claim, found none");
	REFUSE(f.b.claims = NULL, "the batch, nclaims: expected at least one "
	       "claim, found none");
}

static void test_refuse_claim(void **state)
{
	(void)state;
	REFUSE(f.c[0].id = NULL, "claim 1 (no id), id: required, found "
	       "nothing");
	REFUSE(f.c[1].id = "123456789012345678901", "claim 2 "
	       "(\"123456789012345678901\"), id: expected at most 20 "
	       "characters, found 21: \"123456789012345678901\"");
	REFUSE(f.c[0].frequency = '2', C1 "frequency: expected '1' "
	       "(original), '7' (replacement) or '8' (void), found \"2\"");
	REFUSE(f.c[0].frequency = '\0', C1 "frequency: expected '1' "
	       "(original), '7' (replacement) or '8' (void), found \"\"");
	REFUSE(f.c[0].frequency = '8', C1 "original: required for frequency "
	       "'8' (the payer's number of the claim replaced or voided), "
	       "found nothing");
	REFUSE(f.c[2].original = "", "claim 3 (\"C3\"), original: required "
	       "for frequency '7' (the payer's number of the claim replaced "
	       "or voided), found nothing");
	REFUSE(f.c[0].pos = "98", C1 "pos: expected a place-of-service code "
	       "such as \"11\", found \"98\"");
	REFUSE(f.c[0].diagnoses[0] = NULL; f.c[0].diagnoses[1] = NULL,
	       C1 "diagnoses: expected at least one diagnosis, found none");
	REFUSE(f.c[0].diagnoses[1] = "J02.", C1 "diagnoses[1]: expected an "
	       "ICD-10-CM code such as \"J02.9\", found \"J02.\"");
	REFUSE(f.c[0].diagnoses[0] = "j02.9", C1 "diagnoses[0]: expected an "
	       "ICD-10-CM code such as \"J02.9\", found \"j02.9\"");
	REFUSE(f.c[0].diagnoses[3] = "R05.1", C1 "diagnoses[3]: follows the "
	       "empty diagnoses[2] (diagnoses are listed without gaps)");
	REFUSE(f.c[0].clia = "5D1234567", C1 "clia: expected a CLIA number "
	       "such as \"05D1234567\", found \"5D1234567\"");
	REFUSE(f.c[0].rendering_npi = "1679576723", C1 "rendering_npi: "
	       NPI_MSG ", found \"1679576723\"");
	REFUSE(f.c[0].rendering_npi = NULL, C1 "rendering_npi: required with "
	       "the other rendering_* fields, found nothing");
	REFUSE(f.c[0].rendering_family = NULL, C1 "rendering_family: "
	       "required, found nothing");
	REFUSE(f.c[0].rendering_taxonomy = "X", C1 "rendering_taxonomy: "
	       "expected a provider taxonomy code such as \"207Q00000X\", "
	       "found \"X\"");
}

static void test_refuse_lines(void **state)
{
	(void)state;
	REFUSE(f.c[0].nlines = 0, C1 "nlines: expected 1 to 50 lines, found "
	       "0");
	REFUSE(f.c[0].nlines = 51, C1 "nlines: expected 1 to 50 lines, found "
	       "51");
	REFUSE(f.c[0].lines = NULL, C1 "nlines: expected 1 to 50 lines, found "
	       "0");
	REFUSE(f.l[0][1].code = "9921", C1 "lines[1].code: expected a CPT or "
	       "HCPCS code such as \"99213\", found \"9921\"");
	REFUSE(f.l[0][1].code = NULL, C1 "lines[1].code: required, found "
	       "nothing");
	REFUSE(f.l[0][0].modifiers[0] = "2", C1 "lines[0].modifiers[0]: "
	       "expected a modifier of 2 capital letters or digits, found "
	       "\"2\"");
	REFUSE(f.l[0][0].modifiers[2] = "59", C1 "lines[0].modifiers[2]: "
	       "follows an empty modifier (modifiers are listed without "
	       "gaps)");
	REFUSE(f.l[0][1].amount = -1, C1 "lines[1].amount: expected cents "
	       "from 0 to 999999999999, found -1");
	REFUSE(f.l[0][1].amount = INT64_C(1000000000000), C1 "lines[1].amount: "
	       "expected cents from 0 to 999999999999, found 1000000000000");
	REFUSE(f.l[0][0].units = 0, C1 "lines[0].units: expected 1 to 999, "
	       "found 0");
	REFUSE(f.l[0][0].units = 1000, C1 "lines[0].units: expected 1 to "
	       "999, found 1000");
	REFUSE(f.l[0][0].pos = "1", C1 "lines[0].pos: expected a "
	       "place-of-service code such as \"11\", found \"1\"");
	REFUSE(f.l[0][0].pointers[0] = 0; f.l[0][0].pointers[1] = 0,
	       C1 "lines[0].pointers: expected at least one diagnosis "
	       "pointer, found none");
	REFUSE(f.l[0][0].pointers[1] = 3, C1 "lines[0].pointers[1]: expected "
	       "a diagnosis from 1 to 2, found 3");
	REFUSE(f.l[0][0].pointers[1] = -1, C1 "lines[0].pointers[1]: "
	       "expected a diagnosis from 1 to 2, found -1");
	REFUSE(f.l[0][0].pointers[3] = 1, C1 "lines[0].pointers[3]: follows "
	       "an empty pointer (pointers are listed without gaps)");
	REFUSE(f.l[3][0].pointers[3] = 5, C4 "lines[0].pointers[3]: expected "
	       "a diagnosis from 1 to 4, found 5");
	REFUSE(f.l[0][1].day = day(3000, 1, 1), C1 "lines[1].day: expected a "
	       "day from 1900-01-01 to 2999-12-31, found day 376200");
}

static void test_refuse_people(void **state)
{
	(void)state;
	REFUSE(f.c[0].payer_responsibility = "X", C1 "payer_responsibility: "
	       "expected one of \"P\", \"S\", \"T\", \"A\" to \"H\" or "
	       "\"U\", found \"X\"");
	REFUSE(f.c[0].payer_responsibility = "PS", C1 "payer_responsibility: "
	       "expected one of \"P\", \"S\", \"T\", \"A\" to \"H\" or "
	       "\"U\", found \"PS\"");
	REFUSE(f.c[0].relation = "parent", C1 "relation: expected \"self\", "
	       "\"spouse\", \"child\" or \"other\", found \"parent\"");
	REFUSE(f.c[0].relation = NULL, C1 "relation: expected \"self\", "
	       "\"spouse\", \"child\" or \"other\", found nothing");
	REFUSE(f.c[0].subscriber.sex = "F", C1 "subscriber.sex: expected "
	       "\"female\", \"male\" or \"unknown\", found \"F\"");
	REFUSE(f.c[2].patient.sex = NULL, "claim 3 (\"C3\"), patient.sex: "
	       "expected \"female\", \"male\" or \"unknown\", found nothing");
	REFUSE(f.c[2].patient.given = NULL, "claim 3 (\"C3\"), patient.given: "
	       "required, found nothing");
	REFUSE(f.c[0].subscriber.family = NULL, C1 "subscriber.family: "
	       "required, found nothing");
	REFUSE(f.c[0].subscriber.address.city = NULL, C1 "subscriber.address."
	       "city: required, found nothing");
	REFUSE(f.c[0].subscriber.birth_day = day(1899, 1, 1), C1 "subscriber."
	       "birth_day: expected a day from 1900-01-01 to 2999-12-31, "
	       "found day -25932");
	REFUSE(f.c[0].member_id = NULL, C1 "member_id: required, found "
	       "nothing");
	REFUSE(f.c[0].claim_filing = "XX", C1 "claim_filing: expected a "
	       "claim filing indicator such as \"CI\", \"MB\" or \"MC\", "
	       "found \"XX\"");
	REFUSE(f.c[0].payer_name = NULL, C1 "payer_name: required, found "
	       "nothing");
	REFUSE(f.c[0].payer_id = "", C1 "payer_id: required, found nothing");
	/* the patient is not checked, nor written, for the subscriber */
	{
		fixture f;
		family(&f);
		f.c[0].patient.sex = "bogus";
		free(write_ok(&f, &(size_t){0}));
	}
}

/* The x12 writer refuses a delimiter in a value; the message names the
 * claim (or the batch), the segment and the element. */
static void test_refuse_delimiters(void **state)
{
	(void)state;
	REFUSE(f.c[0].subscriber.family = "SMITH*JONES", C1 "segment 16, "
	       "NM103: the value \"SMITH*JONES\" contains the element "
	       "separator \"*\" (X12 has no escaping)");
	REFUSE(f.c[2].patient.address.line1 = "1 MAIN ST~", "claim 3 "
	       "(\"C3\"), segment 47, N301: the value \"1 MAIN ST~\" "
	       "contains the segment terminator \"~\" (X12 has no "
	       "escaping)");
	REFUSE(f.c[1].id = "C:2", "claim 2 (\"C:2\"), segment 32, CLM01: the "
	       "value \"C:2\" contains the component separator \":\" (X12 "
	       "has no escaping)");
	REFUSE(f.c[0].payer_name = "A^B", C1 "segment 20, NM103: the value "
	       "\"A^B\" contains the repetition separator \"^\" (X12 has no "
	       "escaping)");
	REFUSE(f.b.billing_name = "A*B", "the batch, segment 10, NM103: the "
	       "value \"A*B\" contains the element separator \"*\" (X12 has "
	       "no escaping)");
}

/* The exact text of a batch of one claim, one line. */
static void test_exact_text(void **state)
{
	static const char expected[] =
	    "ISA*00*          *00*          *ZZ*CLINIC01       *ZZ*"
	    "CLEARHOUSE     *240305*0930*^*00501*000000042*0*T*:~"
	    "GS*HC*CLINIC01*CLEARHOUSE*20240305*0930*42*X*005010X222A1~"
	    "ST*837*0042*005010X222A1~"
	    "BHT*0019*00*B0042*20240305*0930*CH~"
	    "NM1*41*2*SPRINGFIELD CLINIC*****46*S01~"
	    "PER*IC*JANE DOE*TE*2175550100~"
	    "NM1*40*2*CLEARING HOUSE INC*****46*CLEARHOUSE~"
	    "HL*1**20*1~"
	    "PRV*BI*PXC*207Q00000X~"
	    "NM1*85*2*SPRINGFIELD CLINIC*****XX*1234567893~"
	    "N3*9 OAK AVE~"
	    "N4*SPRINGFIELD*IL*627014321~"
	    "REF*EI*123456789~"
	    "HL*2*1*22*0~"
	    "SBR*P*18*GRP1******CI~"
	    "NM1*IL*1*SMITH*ALICE****MI*M100~"
	    "N3*1 MAIN ST*APT 2~"
	    "N4*SPRINGFIELD*IL*627011234~"
	    "DMG*D8*19800402*F~"
	    "NM1*PR*2*ACME HEALTH*****PI*ACME1~"
	    "CLM*C1*150***11:B:1*Y*A*Y*Y~"
	    "HI*ABK:J029~"
	    "LX*1~"
	    "SV1*HC:99213*150*UN*1***1~"
	    "DTP*472*D8*20240304~"
	    "SE*24*0042~"
	    "GE*1*42~"
	    "IEA*1*000000042~";
	fixture f;
	size_t len;
	char *text;
	(void)state;
	simple(&f);
	text = write_ok(&f, &len);
	assert_string_equal(text, expected);
	free(text);
}

static void test_envelope(void **state)
{
	fixture f;
	mo_x12 *x;
	mo_x12_group g;
	mo_x12_set s;
	(void)state;
	family(&f);
	f.b.control = 123456789;
	f.b.usage = 'P';
	x = written(&f);
	assert_int_equal(mo_x12_group_count(x), 1);
	assert_int_equal(mo_x12_set_count(x), 1);
	assert_true(mo_x12_group_at(x, 0, &g));
	assert_string_equal(g.functional_id, "HC");
	assert_string_equal(g.control, "123456789");
	assert_string_equal(g.version, "005010X222A1");
	assert_true(mo_x12_set_at(x, 0, &s));
	assert_string_equal(s.type, "837");
	assert_string_equal(s.control, "123456789");
	check_el(x, 0, 13, "123456789");
	check_el(x, 0, 15, "P");
	check_el(x, s.first, 3, "005010X222A1");
	check_seg(x, s.first + 1, "BHT*0019*00*B0042*20240305*0930*CH");
	check_el(x, s.last, 1, "70"); /* SE01 */
	check_seg(x, mo_x12_count(x) - 2, "GE*1*123456789");
	check_seg(x, mo_x12_count(x) - 1, "IEA*1*123456789");
	mo_x12_free(x);
}

/* The HL segments of x as "id/parent/level/child" joined by spaces. */
static void hl_tree(const mo_x12 *x, char *buf, size_t size)
{
	size_t seg, n = 0;
	buf[0] = '\0';
	for (seg = 0; seg < mo_x12_count(x); seg++)
		if (!strcmp(mo_x12_id(x, seg), "HL"))
			n += (size_t)snprintf(buf + n, size - n, "%s%s/%s/%s/%s",
			                      n ? " " : "",
			                      mo_x12_element(x, seg, 1),
			                      mo_x12_element(x, seg, 2),
			                      mo_x12_element(x, seg, 3),
			                      mo_x12_element(x, seg, 4));
}

/* CLM01 of the claims in the order written. */
static void claim_order(const mo_x12 *x, char *buf, size_t size)
{
	size_t seg, n = 0;
	buf[0] = '\0';
	for (seg = 0; seg < mo_x12_count(x); seg++)
		if (!strcmp(mo_x12_id(x, seg), "CLM"))
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			                      n ? " " : "",
			                      mo_x12_element(x, seg, 1));
}

static void test_hierarchy(void **state)
{
	fixture f;
	mo_x12 *x;
	size_t seg;
	char buf[256];
	(void)state;
	family(&f);
	x = written(&f);
	hl_tree(x, buf, sizeof buf);
	assert_string_equal(buf, "1//20/1 2/1/22/0 3/1/22/1 4/3/23/0 "
	                    "5/3/23/0");
	claim_order(x, buf, sizeof buf);
	assert_string_equal(buf, "C1 C2 C3 C4 C5");
	/* alice: the patient is the subscriber, no PAT, no 2000C */
	seg = must(x, 0, "HL", "2");
	check_seg(x, seg + 1, "SBR*P*18*GRP1******CI");
	check_seg(x, seg + 2, "NM1*IL*1*SMITH*ALICE****MI*M100");
	check_seg(x, seg + 5, "DMG*D8*19800402*F");
	check_seg(x, seg + 6, "NM1*PR*2*ACME HEALTH*****PI*ACME1");
	check_el(x, seg + 7, 0, "CLM");
	/* bob: SBR02 empty; carol and dave in 2000C loops */
	seg = must(x, seg, "HL", "3");
	check_seg(x, seg + 1, "SBR*P********MC");
	check_seg(x, seg + 2, "NM1*IL*1*BROWN*BOB****MI*M200");
	check_seg(x, seg + 5, "DMG*D8*19750101*M");
	seg = must(x, seg, "HL", "4");
	check_seg(x, seg + 1, "PAT*19");
	check_seg(x, seg + 2, "NM1*QC*1*BROWN*CAROL");
	check_seg(x, seg + 3, "N3*1 MAIN ST*APT 2");
	check_seg(x, seg + 4, "N4*SPRINGFIELD*IL*627011234");
	check_seg(x, seg + 5, "DMG*D8*20150607*F");
	check_el(x, seg + 6, 1, "C3");
	seg = must(x, seg, "HL", "5");
	check_seg(x, seg + 1, "PAT*01");
	check_seg(x, seg + 5, "DMG*D8*19760203*U");
	check_el(x, seg + 6, 1, "C5");
	mo_x12_free(x);
}

/* Claims of a subscriber as patient come before the 2000C loops of the
 * dependents, other relations; a change of payer opens a new 2000B. */
static void test_grouping(void **state)
{
	fixture f;
	mo_x12 *x;
	char buf[256];
	size_t seg;
	(void)state;
	family(&f);
	f.c[1].member_id = "M200";         /* C2 joins bob's group ... */
	f.c[1].payer_id = "BP01";
	f.c[1].group_id = NULL;
	f.c[1].claim_filing = "MC";
	f.c[1].subscriber = f.c[2].subscriber;
	f.c[0] = f.c[4];                   /* ... and C1 becomes dave's */
	f.c[0].id = "C1";
	f.c[4].relation = "other";         /* C5 is carol's, G8 */
	f.c[5] = f.c[2];                   /* C6: carol, another payer */
	f.c[5].id = "C6";
	f.c[5].payer_id = "OTHER";
	f.c[5].lines = f.l[5];
	f.l[5][0] = line("99211", 0, 1);
	f.b.nclaims = 6;
	x = written(&f);
	hl_tree(x, buf, sizeof buf);
	assert_string_equal(buf, "1//20/1 2/1/22/1 3/2/23/0 4/2/23/0 "
	                    "5/2/23/0 6/1/22/1 7/6/23/0");
	claim_order(x, buf, sizeof buf);
	assert_string_equal(buf, "C2 C1 C3 C4 C5 C6");
	seg = must(x, 0, "HL", "2");
	check_el(x, seg + 1, 2, "18"); /* a claim of bob himself */
	check_el(x, seg + 7, 1, "C2");
	check_seg(x, must(x, seg, "HL", "3") + 1, "PAT*01");
	check_seg(x, must(x, seg, "HL", "5") + 1, "PAT*G8");
	seg = must(x, seg, "HL", "6");
	check_el(x, seg + 1, 2, "");
	mo_x12_free(x);
}

/* The SV1 amounts of the claim whose CLM is at seg, summed in cents. */
static int64_t line_total(const mo_x12 *x, size_t seg)
{
	int64_t sum = 0, cents;
	mo_err e;
	for (seg++; seg < mo_x12_count(x); seg++) {
		const char *id = mo_x12_id(x, seg);
		if (!strcmp(id, "CLM") || !strcmp(id, "HL") ||
		    !strcmp(id, "SE"))
			break;
		if (strcmp(id, "SV1"))
			continue;
		assert_int_equal(mo_money_parse(mo_x12_element(x, seg, 2),
		                                &cents, &e), 0);
		sum += cents;
	}
	return sum;
}

static void test_totals(void **state)
{
	fixture f;
	mo_x12 *x;
	size_t seg = 0, n = 0;
	int64_t total;
	mo_err e;
	(void)state;
	family(&f);
	x = written(&f);
	while (next(x, &seg, "CLM", NULL, NULL)) {
		assert_int_equal(mo_money_parse(mo_x12_element(x, seg, 2),
		                                &total, &e), 0);
		assert_int_equal(total, line_total(x, seg));
		n++;
		seg++;
	}
	assert_int_equal(n, 5);
	check_el(x, must(x, 0, "CLM", "C1"), 2, "162.5");
	mo_x12_free(x);
}

static void test_claim_segments(void **state)
{
	fixture f;
	mo_x12 *x;
	size_t seg, at;
	(void)state;
	family(&f);
	x = written(&f);
	/* C1: CLIA, rendering provider, two diagnoses, two lines */
	seg = must(x, 0, "CLM", "C1");
	check_seg(x, seg, "CLM*C1*162.5***11:B:1*Y*A*Y*Y");
	assert_int_equal(mo_x12_component_count(x, seg, 5, 1), 3);
	check_seg(x, seg + 1, "REF*X4*05D1234567");
	check_seg(x, seg + 2, "HI*ABK:J029*ABF:R509");
	check_seg(x, seg + 3, "NM1*82*1*JONES*ROBERT****XX*" NPI2);
	check_seg(x, seg + 4, "PRV*PE*PXC*207Q00000X");
	check_seg(x, seg + 5, "LX*1");
	check_seg(x, seg + 6, "SV1*HC:99213:25*150*UN*1***1:2");
	check_seg(x, seg + 7, "DTP*472*D8*20240304");
	check_seg(x, seg + 8, "LX*2");
	check_seg(x, seg + 9, "SV1*HC:87880:QW*12.5*UN*1***1"); /* pos 11 */
	check_seg(x, seg + 10, "DTP*472*D8*20240304");
	/* C2: no REF, no rendering provider; the line's own pos */
	seg = must(x, seg, "CLM", "C2");
	check_seg(x, seg + 1, "HI*ABK:Z0000");
	check_seg(x, seg + 2, "LX*1");
	check_seg(x, seg + 3, "SV1*HC:99214*40*UN*2*02**1");
	check_seg(x, seg + 4, "DTP*472*D8*20240229");
	/* C3: a replacement of ORIG999, REF*F8, no REF*X4 */
	seg = must(x, seg, "CLM", "C3");
	check_seg(x, seg, "CLM*C3*75***11:B:7*Y*A*Y*Y");
	check_seg(x, seg + 1, "REF*F8*ORIG999");
	check_seg(x, seg + 2, "HI*ABK:J029");
	/* C4: four modifiers, four diagnoses, four pointers */
	seg = must(x, seg, "CLM", "C4");
	check_seg(x, seg + 1, "HI*ABK:J029*ABF:R051*ABF:R509*ABF:S72001A");
	check_seg(x, seg + 3, "SV1*HC:90460:25:59:76:77*20*UN*1***1:2:3:4");
	/* no REF*X4 and no NM1*82 outside C1 */
	at = must(x, 0, "REF", "X4");
	assert_false(next(x, &(size_t){at + 1}, "REF", "X4", NULL));
	at = must(x, 0, "NM1", "82");
	assert_false(next(x, &(size_t){at + 1}, "NM1", "82", NULL));
	assert_int_equal(must(x, 0, "REF", "F8"), must(x, 0, "CLM", "C3") + 1);
	mo_x12_free(x);
}

static void test_void(void **state)
{
	fixture f;
	mo_x12 *x;
	size_t seg;
	(void)state;
	simple(&f);
	f.c[0].frequency = '8';
	f.c[0].original = "PAYER-1";
	f.c[0].clia = "05D1234567";
	f.b.billing_taxonomy = NULL;
	f.b.billing_tax_id = "123456789";
	x = written(&f);
	assert_false(next(x, &(size_t){0}, "PRV", NULL, NULL));
	check_seg(x, must(x, 0, "REF", "EI"), "REF*EI*123456789");
	seg = must(x, 0, "CLM", NULL);
	check_el(x, seg, 5, "11:B:8");
	check_seg(x, seg + 1, "REF*F8*PAYER-1"); /* F8 before X4 */
	check_seg(x, seg + 2, "REF*X4*05D1234567");
	mo_x12_free(x);
}

static void test_money(void **state)
{
	static const int64_t cents[] = {0, 1, 1000, 123450};
	static const char *const text[] = {"0", "0.01", "10", "1234.5"};
	fixture f;
	mo_x12 *x;
	size_t seg, k;
	(void)state;
	simple(&f);
	f.c[0].nlines = 4;
	for (k = 0; k < 4; k++)
		f.l[0][k] = line("99213", cents[k], 1);
	x = written(&f);
	seg = must(x, 0, "CLM", NULL);
	check_el(x, seg, 2, "1244.51");
	for (k = 0; k < 4; k++) {
		seg = must(x, seg + 1, "SV1", NULL);
		check_el(x, seg, 2, text[k]);
	}
	mo_x12_free(x);
	/* a claim of nothing, and 12.25 */
	f.c[0].nlines = 1;
	f.l[0][0].amount = 0;
	x = written(&f);
	check_el(x, must(x, 0, "CLM", NULL), 2, "0");
	mo_x12_free(x);
	f.l[0][0].amount = 1225;
	x = written(&f);
	check_el(x, must(x, 0, "CLM", NULL), 2, "12.25");
	mo_x12_free(x);
}

/* Fifty lines and twelve diagnoses, the most one claim holds. */
static void test_limits(void **state)
{
	static const char *const dx[12] = {
	    "A00.0", "B01.1", "C02.2", "D03.3", "E04.4", "F05.5",
	    "G06.6", "H07.7", "I08.8", "J09.X1", "K10.0", "L11.1"};
	mo_x837_line lines[50];
	fixture f;
	mo_x12 *x;
	size_t k, seg;
	(void)state;
	simple(&f);
	for (k = 0; k < 50; k++) {
		lines[k] = line("99213", 100 + (int64_t)k, (int)(k % 12) + 1);
		lines[k].units = 999;
	}
	memcpy(f.c[0].diagnoses, dx, sizeof dx);
	f.c[0].lines = lines;
	f.c[0].nlines = 50;
	x = written(&f);
	seg = must(x, 0, "CLM", NULL);
	check_el(x, seg, 2, "62.25"); /* 50 * 100 + 0 + ... + 49 cents */
	check_el(x, seg + 1, 12, "ABF:L111");
	check_seg(x, must(x, seg, "LX", "50") + 1,
	          "SV1*HC:99213*1.49*UN*999***2");
	mo_x12_free(x);
}

/* ---- the checker itself ---- */

static void test_checker_sample(void **state)
{
	size_t len;
	char *text = slurp(FIXTURES "/x12/uhin-837p.edi", &len), err[512];
	mo_x12 *x = NULL;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_x12_parse(text, len, &x, &e), 0);
	if (!x12v_check_837p(x, err, sizeof err))
		fail_msg("the sample fails the checker: %s", err);
	mo_x12_free(x);
	free(text);
}

/* text, parsed, fails the checker with msg. */
static void checker_refuses(const char *text, const char *msg)
{
	x12v_refuses(text, x12v_837p, x12v_837p_levels, msg);
}

/* Replaces the first "from" in text with "to"; caller frees. */
static char *edit(const char *text, const char *from, const char *to)
{
	char *out = x12v_edit(text, from, to);
	assert_non_null(out);
	return out;
}

/* Edits the one-claim batch (whose SE counts 24) and expects msg. */
static void mutant(const char *from, const char *to, int delta,
                   const char *msg)
{
	fixture f;
	size_t len;
	char *text, *a, *b, se[32], se2[32];
	simple(&f);
	text = write_ok(&f, &len);
	a = edit(text, from, to);
	snprintf(se, sizeof se, "SE*24*");
	snprintf(se2, sizeof se2, "SE*%d*", 24 + delta);
	b = edit(a, se, se2);
	checker_refuses(b, msg);
	free(b);
	free(a);
	free(text);
}

static void test_checker_refuses(void **state)
{
	(void)state;
	mutant("HL*2*1*22*0~", "HL*2*1*22*1~", 0,
	       "HL 2: HL04 says a child, found none");
	mutant("HL*2*1*22*0~", "HL*3*1*22*0~", 0,
	       "segment 14: HL01 is 3, expected 2");
	mutant("HL*2*1*22*0~", "HL*2*2*22*0~", 0,
	       "segment 14: HL02 2 is not an earlier HL");
	mutant("HL*2*1*22*0~", "HL*2*1*23*0~", 0,
	       "segment 14: HL level 23 under level 20");
	mutant("SBR*P*18*GRP1******CI~", "", -1,
	       "segment 15 (NM1): loop 2000B opened at segment 14 lacks its "
	       "required SBR");
	mutant("HI*ABK:J029~", "", -1,
	       "segment 22 (LX): loop 2300 opened at segment 21 lacks its "
	       "required HI");
	mutant("DTP*472*D8*20240304~", "", -1,
	       "at the SE: loop 2400 opened at segment 23 lacks its "
	       "required DTP*472");
	mutant("N4*SPRINGFIELD*IL*627014321~", "", -1,
	       "segment 12 (REF): loop 2010AA opened at segment 10 lacks its "
	       "required N4");
	mutant("HI*ABK:J029~", "HI*ABK:J029~REF*X4*05D1234567~", 1,
	       "segment 23 (REF): not allowed in loop 2300 here");
	mutant("NM1*PR*2*ACME HEALTH*****PI*ACME1~", "", -1,
	       "segment 20 (CLM): loop 2000B opened at segment 14 lacks its "
	       "required loop 2010BB");
	mutant("LX*1~", "LX*1~LX*2~", 1,
	       "segment 24 (LX): loop 2400 opened at segment 23 lacks its "
	       "required SV1");
	mutant("PER*IC*JANE DOE*TE*2175550100~", "PER*IC*A~PER*IC*B~PER*IC*C~",
	       2, "segment 8 (PER): not allowed in loop 1000A here");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_refuse_batch),
	    cmocka_unit_test(test_refuse_claim),
	    cmocka_unit_test(test_refuse_lines),
	    cmocka_unit_test(test_refuse_people),
	    cmocka_unit_test(test_refuse_delimiters),
	    cmocka_unit_test(test_exact_text),
	    cmocka_unit_test(test_envelope),
	    cmocka_unit_test(test_hierarchy),
	    cmocka_unit_test(test_grouping),
	    cmocka_unit_test(test_totals),
	    cmocka_unit_test(test_claim_segments),
	    cmocka_unit_test(test_void),
	    cmocka_unit_test(test_money),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_checker_sample),
	    cmocka_unit_test(test_checker_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
