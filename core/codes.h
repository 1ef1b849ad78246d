/* codes.h: the code sets and identifier formats of US medical billing that
 * practice.yaml uses. It provides the CMS place-of-service code set (two
 * digits with their public-domain short names), and validators for NPIs
 * (Luhn check digit over the 80840 prefix), DEA registration numbers,
 * procedure codes (the format of CPT and HCPCS Level II codes; no CPT
 * descriptions, which are not public), procedure modifiers, provider
 * taxonomy codes, CLIA certificate numbers and EINs. Validators take a
 * NUL-terminated string (NULL is invalid) and return true when it is well
 * formed; they accept exactly the canonical form (capital letters, no
 * spaces). It uses only the C library. */
#ifndef MO_CODES_H
#define MO_CODES_H

#include "mo.h"

typedef struct mo_pos_code {
	const char *code; /* "11" */
	const char *name; /* "Office" */
} mo_pos_code;

/* The place-of-service code with that text, or NULL. Static data. */
const mo_pos_code *mo_codes_pos_find(const char *code);
/* The i-th place-of-service code in code order, or NULL past the end. */
const mo_pos_code *mo_codes_pos_at(size_t i);

/* 10 digits; the last is the Luhn check digit of "80840" and the first 9
 * ("1234567893" is valid, "1234567890" is not). */
bool mo_codes_npi_valid(const char *s);
/* 2 capital letters, 7 digits d1..d7, where d7 is the last digit of
 * (d1 + d3 + d5) + 2 * (d2 + d4 + d6) ("AB1234563"). */
bool mo_codes_dea_valid(const char *s);
/* CPT: 5 digits ("99213"), or 4 digits then F, T or U ("0001U");
 * HCPCS Level II: a letter A to V then 4 digits ("G0438"). */
bool mo_codes_procedure_valid(const char *s);
/* An ICD-10-CM diagnosis code in its written form: a letter, a digit, a
 * letter or digit, then optionally a dot and 1 to 4 letters or digits
 * ("J02.9", "E11.65", "S72.001A"), or the same without the dot as X12
 * carries it ("J029"). Into out (when not NULL) the dotted form. The
 * format only: whether the code exists in the current code set is not
 * checked. */
bool mo_codes_icd10_valid(const char *s, char out[9]);
/* A US state or territory as 2 capital letters ("IL"; the letters only,
 * not the list). */
bool mo_codes_state_valid(const char *s);
/* A ZIP code: 5 digits, or 5 digits, a hyphen and 4 ("62701-1234"). */
bool mo_codes_zip_valid(const char *s);
/* 2 capital letters or digits ("25", "TC", "GT"). */
bool mo_codes_modifier_valid(const char *s);
/* 9 capital letters or digits then X ("207Q00000X"). */
bool mo_codes_taxonomy_valid(const char *s);
/* 2 digits, D, 7 digits ("05D1234567"). */
bool mo_codes_clia_valid(const char *s);
/* An employer identification number "NN-NNNNNNN". */
bool mo_codes_ein_valid(const char *s);

/* A CLIA-waived test medoffice knows (a practice's clia.catalogue may
 * describe it further): its code (codes only), whether the QW modifier
 * applies (false for the QW-exempt codes), the specimen types, the values
 * allowed (comma-separated; NULL: a number from low to high, in
 * hundredths, with units), how often external QC is due by default and
 * where the kits are kept. Static. */
typedef struct mo_waived_test {
	const char *id, *name, *code;
	bool qw;
	const char *specimens, *values;
	int64_t low, high;
	const char *units;
	int qc_days;
	const char *storage;
} mo_waived_test;

/* The built-in waived test id, or NULL; mo_codes_waived_test_at(i) walks
 * them (NULL past the last). */
const mo_waived_test *mo_codes_waived_test(const char *id);
const mo_waived_test *mo_codes_waived_test_at(size_t i);

#endif
