/* test_codes.c: unit tests of core/codes.c: the place-of-service table and
 * the validators of NPIs, DEA numbers, procedure codes, modifiers,
 * taxonomy codes, CLIA numbers and EINs, with their edge cases. It uses
 * cmocka. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include <string.h>

#include "codes.h"

static void test_pos(void **state)
{
	const mo_pos_code *p;
	size_t i;
	(void)state;
	assert_string_equal(mo_codes_pos_find("11")->name, "Office");
	assert_string_equal(mo_codes_pos_find("01")->name, "Pharmacy");
	assert_string_equal(mo_codes_pos_find("02")->name,
	                    "Telehealth Provided Other than in Patient's Home");
	assert_string_equal(mo_codes_pos_find("10")->name,
	                    "Telehealth Provided in Patient's Home");
	assert_string_equal(mo_codes_pos_find("22")->name,
	                    "On Campus-Outpatient Hospital");
	assert_string_equal(mo_codes_pos_find("23")->name,
	                    "Emergency Room \xE2\x80\x93 Hospital");
	assert_string_equal(mo_codes_pos_find("81")->name,
	                    "Independent Laboratory");
	assert_string_equal(mo_codes_pos_find("99")->name,
	                    "Other Place of Service");
	/* unassigned, malformed */
	assert_null(mo_codes_pos_find("00"));
	assert_null(mo_codes_pos_find("30"));
	assert_null(mo_codes_pos_find("59"));
	assert_null(mo_codes_pos_find("1"));
	assert_null(mo_codes_pos_find("011"));
	assert_null(mo_codes_pos_find(""));
	assert_null(mo_codes_pos_find(NULL));
	/* the table is in code order, two digits each, every code found */
	for (i = 0; (p = mo_codes_pos_at(i)); i++) {
		assert_int_equal(strlen(p->code), 2);
		assert_ptr_equal(mo_codes_pos_find(p->code), p);
		if (i)
			assert_true(
			    strcmp(mo_codes_pos_at(i - 1)->code, p->code) < 0);
	}
	assert_true(i >= 50);
	assert_string_equal(mo_codes_pos_at(0)->code, "01");
	assert_string_equal(mo_codes_pos_at(i - 1)->code, "99");
}

static void test_npi(void **state)
{
	(void)state;
	assert_true(mo_codes_npi_valid("1234567893"));
	assert_true(mo_codes_npi_valid("1987654328"));
	assert_true(mo_codes_npi_valid("1765432103"));
	assert_false(mo_codes_npi_valid("1234567890"));
	assert_false(mo_codes_npi_valid("1234567894"));
	assert_false(mo_codes_npi_valid("123456789"));
	assert_false(mo_codes_npi_valid("12345678930"));
	assert_false(mo_codes_npi_valid("123456789X"));
	assert_false(mo_codes_npi_valid(" 1234567893"));
	assert_false(mo_codes_npi_valid(""));
	assert_false(mo_codes_npi_valid(NULL));
}

static void test_dea(void **state)
{
	(void)state;
	/* (1+3+5) + 2*(2+4+6) = 33: check digit 3 */
	assert_true(mo_codes_dea_valid("AB1234563"));
	assert_true(mo_codes_dea_valid("BL4829137"));
	assert_false(mo_codes_dea_valid("AB1234564"));
	assert_false(mo_codes_dea_valid("ab1234563"));
	assert_false(mo_codes_dea_valid("A91234563"));
	assert_false(mo_codes_dea_valid("AB123456"));
	assert_false(mo_codes_dea_valid("AB12345630"));
	assert_false(mo_codes_dea_valid(NULL));
}

static void test_icd10(void **state)
{
	char out[9];
	(void)state;
	assert_true(mo_codes_icd10_valid("J02.9", out));
	assert_string_equal(out, "J02.9");
	assert_true(mo_codes_icd10_valid("J029", out));
	assert_string_equal(out, "J02.9");
	assert_true(mo_codes_icd10_valid("S72001A", out));
	assert_string_equal(out, "S72.001A");
	assert_true(mo_codes_icd10_valid("E11.65", NULL));
	assert_true(mo_codes_icd10_valid("Z00", out));
	assert_string_equal(out, "Z00");
	assert_true(mo_codes_icd10_valid("U07.1", NULL));
	assert_false(mo_codes_icd10_valid("Z00.", NULL));    /* nothing after the dot */
	assert_false(mo_codes_icd10_valid("J02.91234", NULL)); /* 5 after it */
	assert_false(mo_codes_icd10_valid("j02.9", NULL));   /* capitals only */
	assert_false(mo_codes_icd10_valid("102.9", NULL));   /* a letter first */
	assert_false(mo_codes_icd10_valid("JA2.9", NULL));   /* then a digit */
	assert_false(mo_codes_icd10_valid("J0", NULL));
	assert_false(mo_codes_icd10_valid("J02-9", NULL));
	assert_false(mo_codes_icd10_valid("J02.9 ", NULL));
	assert_false(mo_codes_icd10_valid("J02..9", NULL));
	assert_false(mo_codes_icd10_valid("", NULL));
	assert_false(mo_codes_icd10_valid(NULL, out));
}

static void test_procedure(void **state)
{
	(void)state;
	assert_true(mo_codes_procedure_valid("99213"));
	assert_true(mo_codes_procedure_valid("00100"));
	assert_true(mo_codes_procedure_valid("0001U"));
	assert_true(mo_codes_procedure_valid("3074F"));
	assert_true(mo_codes_procedure_valid("0042T"));
	assert_true(mo_codes_procedure_valid("A1234"));
	assert_true(mo_codes_procedure_valid("G0438"));
	assert_true(mo_codes_procedure_valid("V2020"));
	assert_false(mo_codes_procedure_valid("W1234")); /* letters A-V */
	assert_false(mo_codes_procedure_valid("0001X"));
	assert_false(mo_codes_procedure_valid("9921"));
	assert_false(mo_codes_procedure_valid("992134"));
	assert_false(mo_codes_procedure_valid("g0438"));
	assert_false(mo_codes_procedure_valid("GG438"));
	assert_false(mo_codes_procedure_valid("99213-25"));
	assert_false(mo_codes_procedure_valid(""));
	assert_false(mo_codes_procedure_valid(NULL));
}

static void test_formats(void **state)
{
	(void)state;
	assert_true(mo_codes_modifier_valid("25"));
	assert_true(mo_codes_modifier_valid("TC"));
	assert_true(mo_codes_modifier_valid("F1"));
	assert_false(mo_codes_modifier_valid("tc"));
	assert_false(mo_codes_modifier_valid("2"));
	assert_false(mo_codes_modifier_valid("259"));
	assert_true(mo_codes_taxonomy_valid("207Q00000X"));
	assert_true(mo_codes_taxonomy_valid("363LF0000X"));
	assert_false(mo_codes_taxonomy_valid("207Q00000Y"));
	assert_false(mo_codes_taxonomy_valid("207q00000X"));
	assert_false(mo_codes_taxonomy_valid("207Q0000X"));
	assert_true(mo_codes_clia_valid("14D2098765"));
	assert_false(mo_codes_clia_valid("14d2098765"));
	assert_false(mo_codes_clia_valid("14X2098765"));
	assert_false(mo_codes_clia_valid("14D209876"));
	assert_false(mo_codes_clia_valid("1D20987654"));
	assert_true(mo_codes_ein_valid("36-4123456"));
	assert_false(mo_codes_ein_valid("364123456"));
	assert_false(mo_codes_ein_valid("36-412345"));
	assert_false(mo_codes_ein_valid(NULL));
	assert_false(mo_codes_modifier_valid(NULL));
	assert_false(mo_codes_taxonomy_valid(NULL));
	assert_false(mo_codes_clia_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pos),     cmocka_unit_test(test_npi),
	    cmocka_unit_test(test_dea),     cmocka_unit_test(test_procedure),
	    cmocka_unit_test(test_icd10),
	    cmocka_unit_test(test_formats),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
