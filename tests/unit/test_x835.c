/* test_x835.c: unit tests of core/x835.c. The real sample 835
 * (tests/fixtures/x12/tastypackets-835-profee.edi, MIT, see LICENSES.md
 * there) read field by field; written again with mo_x835_write and read
 * back the same; then a written remittance with what the sample lacks
 * (patient responsibility, claim-level adjustments, remarks, line control
 * numbers, a reversal, provider-level adjustments) read back and
 * balanced; then refusals, each with its message: every imbalance, bad
 * amounts and dates, an unknown adjustment group, a segment out of place,
 * a set of another type, missing header parts. It uses cmocka, x12.h,
 * x12w.h and units.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "unit.h"

#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "x12.h"
#include "x12w.h"
#include "x835.h"

#define SAMPLE FIXTURES "/x12/tastypackets-835-profee.edi"

/* Reads text as an 835: 0 with *x and *s set, or the error. */
static int read_text(const char *text, size_t len, mo_x12 **x, mo_x835 **s,
		     size_t *n, mo_err *e)
{
	int rc = mo_x12_parse(text, len, x, e);
	if (rc)
		return rc;
	rc = mo_x835_read(*x, s, n, e);
	if (rc)
		mo_x12_free(*x);
	return rc;
}

static void test_sample(void **state)
{
	size_t len, n;
	char *text = slurp(SAMPLE, &len);
	mo_x12 *x;
	mo_x835 *s;
	mo_err e = {0};
	(void)state;
	assert_int_equal(read_text(text, len, &x, &s, &n, &e), 0);
	assert_int_equal(n, 1);
	assert_string_equal(s->handling, "I");
	assert_int_equal(s->amount, 4575);
	assert_string_equal(s->method, "ACH");
	assert_int_equal(s->paid_day, mo_days_from_civil(2010, 1, 1));
	assert_string_equal(s->trace, "10100000000");
	assert_string_equal(s->originator, "1000000000");
	assert_string_equal(s->payer_name, "NYSDOH");
	assert_string_equal(s->payer_id, "");
	assert_string_equal(s->payee_name, "MAJOR MEDICAL PROVIDER");
	assert_string_equal(s->payee_npi, "9999999995");
	assert_int_equal(s->nclaims, 3);
	assert_int_equal(s->nlines, 10);
	const mo_x835_claim *c = &s->claims[1];
	assert_string_equal(c->id, "PATIENT ACCOUNT NUMBER");
	assert_string_equal(c->status, "2");
	assert_int_equal(c->charged, 3400);
	assert_int_equal(c->paid, 0);
	assert_string_equal(c->member_id, "LL88888L");
	assert_string_equal(c->family, "SUBMITTED LAST");
	assert_string_equal(c->payer_claim, "1000220000000020");
	assert_int_equal(c->from, mo_days_from_civil(2010, 1, 1));
	assert_int_equal(c->first_line, 4);
	assert_int_equal(c->nlines, 2);
	assert_int_equal(c->nadjs, 2);
	assert_string_equal(s->adjs[c->first_adj].group, "CO");
	assert_string_equal(s->adjs[c->first_adj].reason, "29");
	assert_int_equal(s->adjs[c->first_adj + 1].amount, 2200);
	assert_int_equal(s->adjs[c->first_adj + 1].line, 5);
	const mo_x835_line *l = &s->lines[0];
	assert_string_equal(l->code, "V2020");
	assert_string_equal(l->modifiers[0], "RB");
	assert_null(l->modifiers[1]);
	assert_int_equal(l->charged, 600);
	assert_int_equal(l->paid, 600);
	assert_int_equal(s->lines[3].units, 2);
	assert_int_equal(s->lines[7].day, mo_days_from_civil(2013, 9, 17));
	assert_int_equal(s->nremarks, 2);
	assert_int_equal(s->lines[8].nremarks, 1);
	assert_string_equal(s->remarks[s->lines[8].first_remark], "N206");
	mo_x835_free(s, n);
	mo_x12_free(x);
	free(text);
}

static const mo_x12w_head HEAD = {"PAYER1", "1245319599", 7, 'T', 20000,
				  43200, "R1"};

/* Writes sets and reads them back into *back (the caller frees both). */
static void round_trip(const mo_x835 *sets, size_t n, mo_x12 **x,
		       mo_x835 **back, size_t *bn, char **text)
{
	size_t len;
	mo_err e = {0};
	if (mo_x835_write(sets, n, &HEAD, text, &len, &e))
		fail_msg("write: %s", e.msg);
	if (read_text(*text, len, x, back, bn, &e))
		fail_msg("read back: %s\n%s", e.msg, *text);
}

static void same_set(const mo_x835 *a, const mo_x835 *b)
{
	assert_int_equal(a->amount, b->amount);
	assert_string_equal(a->trace, b->trace);
	assert_string_equal(a->method, b->method);
	assert_int_equal(a->paid_day, b->paid_day);
	assert_int_equal(a->nclaims, b->nclaims);
	assert_int_equal(a->nlines, b->nlines);
	assert_int_equal(a->nadjs, b->nadjs);
	assert_int_equal(a->nremarks, b->nremarks);
	assert_int_equal(a->nplbs, b->nplbs);
	for (size_t k = 0; k < a->nclaims; k++) {
		assert_string_equal(a->claims[k].id, b->claims[k].id);
		assert_int_equal(a->claims[k].charged, b->claims[k].charged);
		assert_int_equal(a->claims[k].paid, b->claims[k].paid);
		assert_int_equal(a->claims[k].nadjs, b->claims[k].nadjs);
		assert_string_equal(a->claims[k].member_id,
				    b->claims[k].member_id);
	}
	for (size_t k = 0; k < a->nlines; k++) {
		assert_string_equal(a->lines[k].code, b->lines[k].code);
		assert_int_equal(a->lines[k].paid, b->lines[k].paid);
		assert_int_equal(a->lines[k].units, b->lines[k].units);
	}
	for (size_t k = 0; k < a->nadjs; k++) {
		assert_string_equal(a->adjs[k].group, b->adjs[k].group);
		assert_int_equal(a->adjs[k].amount, b->adjs[k].amount);
		assert_int_equal(a->adjs[k].line, b->adjs[k].line);
	}
}

static void test_sample_round_trip(void **state)
{
	size_t len, n, bn;
	char *text = slurp(SAMPLE, &len), *again;
	mo_x12 *x, *bx;
	mo_x835 *s, *back;
	mo_err e = {0};
	(void)state;
	assert_int_equal(read_text(text, len, &x, &s, &n, &e), 0);
	round_trip(s, n, &bx, &back, &bn, &again);
	assert_int_equal(bn, 1);
	same_set(s, back);
	mo_x835_free(back, bn);
	mo_x12_free(bx);
	free(again);
	mo_x835_free(s, n);
	mo_x12_free(x);
	free(text);
}

/* ---- a remittance with everything the sample lacks ---- */

/* Claim 17: 185.00 billed (150.00 and 35.00), 75.00 paid, 30.00 owed by
 * the patient, a claim-level OA adjustment of -5.00 (so that the claim
 * balances: 185 - (-5 + 50 + 30 + 35) = 75); claim 9 reverses an earlier
 * payment of 20.00 on 50.00. The payer adds 2.50 of interest and keeps
 * back 10.00: 75 - 20 - (-2.50 + 10) = 47.50. */
static const mo_x835_line LINES[] = {
	{"99213", {"25", NULL, NULL, NULL}, 15000, 7000, 1, 20000, "41", 0, 0,
	 0},
	{"87880", {"QW", NULL, NULL, NULL}, 3500, 0, 1, 20000, "42", 1, 1, 0},
	{"99213", {NULL, NULL, NULL, NULL}, -5000, -2000, 1, 19990, NULL, 2, 0,
	 0},
};
static const mo_x835_adj ADJS[] = {
	{"OA", "23", -500, SIZE_MAX}, {"CO", "45", 5000, 0},
	{"PR", "2", 3000, 0},         {"CO", "97", 3500, 1},
	{"CO", "45", -3000, 2},
};
static const char *REMARKS[] = {"M15", "N130"};
static const mo_x835_claim CLAIMS[] = {
	{"17", "1", 18500, 7500, 3000, "PCN17", "W123", "ABLE", "ANN", 20000,
	 0, 0, 1, 0, 2, 0, 4, 0},
	{"9", "22", -5000, -2000, 0, "PCN9", "W9", "COLE", "CY", 19990, 0, 2,
	 0, 2, 1, 4, 1, 0},
};
static const mo_x835_plb PLBS[] = {{"L6", "INT1", -250}, {"WO", "", 1000}};

static mo_x835 made(void)
{
	mo_x835 s = {0};
	s.handling = "I";
	s.amount = 4750;
	s.method = "CHK";
	s.paid_day = 20010;
	s.trace = "CHK0001";
	s.originator = "1600054";
	s.payer_name = "AETNA";
	s.payer_id = "60054";
	s.payee_name = "CLAIM TEST LLC";
	s.payee_npi = "1245319599";
	s.claims = (mo_x835_claim *)CLAIMS;
	s.nclaims = 2;
	s.lines = (mo_x835_line *)LINES;
	s.nlines = 3;
	s.adjs = (mo_x835_adj *)ADJS;
	s.nadjs = 5;
	s.plbs = (mo_x835_plb *)PLBS;
	s.nplbs = 2;
	s.remarks = REMARKS;
	s.nremarks = 2;
	return s;
}

static void test_written(void **state)
{
	mo_x835 s = made();
	mo_x12 *x;
	mo_x835 *back;
	size_t bn;
	char *text;
	(void)state;
	round_trip(&s, 1, &x, &back, &bn, &text);
	assert_non_null(strstr(text, "CLP*17*1*185.00*75.00*30.00*12*PCN17~"
				     "CAS*OA*23*-5.00~"));
	assert_non_null(strstr(text, "SVC*HC:99213:25*150.00*70.00**1~"));
	assert_non_null(strstr(text, "REF*6R*41~"));
	assert_non_null(strstr(text, "MOA***M15~"));
	assert_non_null(strstr(text, "REF*6R*42~LQ*HE*N130~"));
	assert_non_null(strstr(text, "PLB*1245319599*20991231*L6:INT1*-2.50~"));
	assert_non_null(strstr(text, "BPR*I*47.50*C*CHK"));
	same_set(&s, back);
	assert_string_equal(back->lines[0].control, "41");
	assert_null(back->lines[2].control);
	assert_int_equal(back->claims[0].patient_due, 3000);
	assert_int_equal(back->claims[0].nremarks, 1);
	assert_int_equal(back->adjs[0].line, SIZE_MAX);
	assert_string_equal(back->claims[1].status, "22");
	assert_string_equal(back->plbs[0].reason, "L6");
	assert_string_equal(back->plbs[0].reference, "INT1");
	assert_string_equal(back->plbs[1].reference, "");
	mo_x835_free(back, bn);
	mo_x12_free(x);
	free(text);
}

/* Two payments in one interchange: two sets, each balanced alone. */
static void test_two_sets(void **state)
{
	mo_x835 s[2] = {made(), made()};
	mo_x12 *x;
	mo_x835 *back;
	size_t bn;
	char *text;
	(void)state;
	s[1].trace = "CHK0002";
	round_trip(s, 2, &x, &back, &bn, &text);
	assert_int_equal(bn, 2);
	assert_string_equal(back[1].trace, "CHK0002");
	assert_non_null(strstr(text, "ST*835*7001*005010X221A1~"));
	mo_x835_free(back, bn);
	mo_x12_free(x);
	free(text);
}

/* ---- refusals ---- */

/* The sample with from replaced by to must be refused with msg. */
static void refused(const char *from, const char *to, const char *msg)
{
	size_t len, n;
	char *text = slurp(SAMPLE, &len), *at = strstr(text, from), *out;
	mo_x12 *x = NULL;
	mo_x835 *s = NULL;
	mo_err e = {0};
	if (!at)
		fail_msg("the sample lacks %s", from);
	out = malloc(len + strlen(to) + 1);
	assert_non_null(out);
	memcpy(out, text, (size_t)(at - text));
	strcpy(out + (at - text), to);
	strcat(out, at + strlen(from));
	assert_int_equal(read_text(out, strlen(out), &x, &s, &n, &e),
			 MO_EINVAL);
	assert_null(s);
	assert_msg(e, msg);
	free(out);
	free(text);
}

static void test_refused(void **state)
{
	(void)state;
	refused("BPR*I*45.75", "BPR*I*45.70", "the payment does not balance: "
		"BPR02 is 45.70 but the claims paid 45.75 less 0.00");
	refused("CLP*PATIENT ACCOUNT NUMBER*1*34.25*34.25",
		"CLP*PATIENT ACCOUNT NUMBER*1*34.25*34.20",
		"claim PATIENT ACCOUNT NUMBER does not balance: charged 34.25 "
		"minus adjustments 0.00 is not the 34.20 paid");
	refused("CAS*CO*29*12", "CAS*CO*29*11", "service line 1 of claim "
		"PATIENT ACCOUNT NUMBER does not balance: charged 12.00 minus "
		"adjustments 11.00 is not the 0.00 paid");
	refused("CAS*CO*29*12", "CAS*XX*29*12", "CAS01: expected a group code "
		"CO, PR, OA, PI or CR, found \"XX\"");
	refused("CAS*CO*29*12", "CAS*CO**12", "CAS02: expected a claim "
		"adjustment reason code, found nothing");
	refused("AMT*B6*6", "CLQ*B6*6", "CLQ is not expected here");
	refused("N1*PR*NYSDOH", "N2*PR*NYSDOH", "N2 is not expected here");
	refused("SVC*HC:V2020:RB*6*6", "SVC*HC:V2020:RB*6.5.1*6",
		"SVC02: expected an amount such as 34.25, found \"6.5.1\"");
	refused("SVC*HC:V2020:RB*6*6", "SVC*XX:V2020:RB*6*6",
		"SVC01: expected a procedure such as HC:99213, found "
		"\"XX:V2020:RB\"");
	refused("DTM*472*20100101", "DTM*472*20100230",
		"DTM02: expected a date CCYYMMDD, found \"20100230\"");
	refused("BPR*I*45.75*C", "BPR*I*45.75*X", "BPR03: expected C (credit) "
		"or D (debit), found \"X\"");
	refused("TRN*1*10100000000*1000000000", "TRN*1**1000000000",
		"TRN02: expected the check or EFT trace number, found nothing");
	refused("N1*PE*MAJOR", "N1*XX*MAJOR", "N101: expected PR (the payer) or "
		"PE (the payee), found \"XX\"");
	refused("CLP*PATIENT ACCOUNT NUMBER*1*", "CLP**1*",
		"CLP01: expected the patient control number, found nothing");
	refused("ST*835*1740", "ST*837*1740", "expected an 835 transaction "
		"set, found 837");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample),
		cmocka_unit_test(test_sample_round_trip),
		cmocka_unit_test(test_written),
		cmocka_unit_test(test_two_sets),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
