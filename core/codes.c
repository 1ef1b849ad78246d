/* codes.c: the code sets and identifier formats declared in codes.h. The
 * place-of-service table is the CMS code set (two-digit codes and their
 * short names, in code order, searched by bisection). Formats are checked
 * against small patterns ('#' a digit, '@' a capital letter, '*' either,
 * anything else itself); NPI and DEA numbers add their check digits. It
 * uses only the C library. */
#include "codes.h"

#include <stdlib.h>
#include <string.h>

/* The CMS place-of-service code set; unassigned codes are left out. */
static const mo_pos_code pos_codes[] = {
    {"01", "Pharmacy"},
    {"02", "Telehealth Provided Other than in Patient's Home"},
    {"03", "School"},
    {"04", "Homeless Shelter"},
    {"05", "Indian Health Service Free-standing Facility"},
    {"06", "Indian Health Service Provider-based Facility"},
    {"07", "Tribal 638 Free-standing Facility"},
    {"08", "Tribal 638 Provider-based Facility"},
    {"09", "Prison/Correctional Facility"},
    {"10", "Telehealth Provided in Patient's Home"},
    {"11", "Office"},
    {"12", "Home"},
    {"13", "Assisted Living Facility"},
    {"14", "Group Home"},
    {"15", "Mobile Unit"},
    {"16", "Temporary Lodging"},
    {"17", "Walk-in Retail Health Clinic"},
    {"18", "Place of Employment-Worksite"},
    {"19", "Off Campus-Outpatient Hospital"},
    {"20", "Urgent Care Facility"},
    {"21", "Inpatient Hospital"},
    {"22", "On Campus-Outpatient Hospital"},
    {"23", "Emergency Room \xE2\x80\x93 Hospital"},
    {"24", "Ambulatory Surgical Center"},
    {"25", "Birthing Center"},
    {"26", "Military Treatment Facility"},
    {"27", "Outreach Site/Street"},
    {"31", "Skilled Nursing Facility"},
    {"32", "Nursing Facility"},
    {"33", "Custodial Care Facility"},
    {"34", "Hospice"},
    {"41", "Ambulance - Land"},
    {"42", "Ambulance \xE2\x80\x93 Air or Water"},
    {"49", "Independent Clinic"},
    {"50", "Federally Qualified Health Center"},
    {"51", "Inpatient Psychiatric Facility"},
    {"52", "Psychiatric Facility-Partial Hospitalization"},
    {"53", "Community Mental Health Center"},
    {"54", "Intermediate Care Facility/Individuals with Intellectual "
           "Disabilities"},
    {"55", "Residential Substance Abuse Treatment Facility"},
    {"56", "Psychiatric Residential Treatment Center"},
    {"57", "Non-residential Substance Abuse Treatment Facility"},
    {"58", "Non-residential Opioid Treatment Facility"},
    {"60", "Mass Immunization Center"},
    {"61", "Comprehensive Inpatient Rehabilitation Facility"},
    {"62", "Comprehensive Outpatient Rehabilitation Facility"},
    {"65", "End-Stage Renal Disease Treatment Facility"},
    {"66", "Programs of All-Inclusive Care for the Elderly (PACE) Center"},
    {"71", "Public Health Clinic"},
    {"72", "Rural Health Clinic"},
    {"81", "Independent Laboratory"},
    {"99", "Other Place of Service"},
};

#define NPOS (sizeof pos_codes / sizeof pos_codes[0])

static int pos_cmp(const void *key, const void *item)
{
	return strcmp(key, ((const mo_pos_code *)item)->code);
}

const mo_pos_code *mo_codes_pos_find(const char *code)
{
	if (!code)
		return NULL;
	return bsearch(code, pos_codes, NPOS, sizeof pos_codes[0], pos_cmp);
}

const mo_pos_code *mo_codes_pos_at(size_t i)
{
	return i < NPOS ? &pos_codes[i] : NULL;
}

/* True when s has exactly the shape of pattern: '#' a digit, '@' a capital
 * letter, '*' a digit or capital letter, any other character itself. */
static bool matches(const char *s, const char *pattern)
{
	if (!s)
		return false;
	for (; *pattern; s++, pattern++) {
		bool digit = *s >= '0' && *s <= '9';
		bool upper = *s >= 'A' && *s <= 'Z';
		if (*pattern == '#'   ? !digit
		    : *pattern == '@' ? !upper
		    : *pattern == '*' ? !digit && !upper
		                      : *s != *pattern)
			return false;
	}
	return *s == '\0';
}

bool mo_codes_npi_valid(const char *s)
{
	/* Luhn over "80840" + 9 digits: the prefix contributes 24 */
	int sum = 24, i;
	if (!matches(s, "##########"))
		return false;
	for (i = 0; i < 9; i++) {
		int d = s[i] - '0';
		if (i % 2 == 0) /* every other digit from the right of the 9 */
			d = d * 2 > 9 ? d * 2 - 9 : d * 2;
		sum += d;
	}
	return (10 - sum % 10) % 10 == s[9] - '0';
}

bool mo_codes_dea_valid(const char *s)
{
	const char *d = s + 2;
	int sum;
	if (!matches(s, "@@#######"))
		return false;
	sum = (d[0] - '0') + (d[2] - '0') + (d[4] - '0') +
	      2 * ((d[1] - '0') + (d[3] - '0') + (d[5] - '0'));
	return sum % 10 == d[6] - '0';
}

bool mo_codes_procedure_valid(const char *s)
{
	if (matches(s, "#####") || matches(s, "####F") || matches(s, "####T") ||
	    matches(s, "####U"))
		return true;
	return matches(s, "@####") && s[0] <= 'V';
}

static bool alnum_upper(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
}

bool mo_codes_icd10_valid(const char *s, char out[9])
{
	char v[9];
	size_t n = 0, tail = 0;
	if (!s || !(s[0] >= 'A' && s[0] <= 'Z') || !(s[1] >= '0' &&
						    s[1] <= '9') ||
	    !alnum_upper(s[2]))
		return false;
	memcpy(v, s, 3);
	n = 3;
	s += 3;
	if (*s == '.')
		s++;
	else if (*s == '\0' && s[-1] != '.')
		goto done;
	for (; *s && tail < 4; s++, tail++) {
		if (!alnum_upper(*s))
			return false;
		if (tail == 0)
			v[n++] = '.';
		v[n++] = *s;
	}
	if (*s || tail == 0)
		return false;
done:
	v[n] = '\0';
	if (out)
		memcpy(out, v, n + 1);
	return true;
}

bool mo_codes_state_valid(const char *s)
{
	return matches(s, "@@");
}

bool mo_codes_zip_valid(const char *s)
{
	return matches(s, "#####") || matches(s, "#####-####");
}

bool mo_codes_modifier_valid(const char *s)
{
	return matches(s, "**");
}

bool mo_codes_taxonomy_valid(const char *s)
{
	return matches(s, "*********X");
}

bool mo_codes_clia_valid(const char *s)
{
	return matches(s, "##D#######");
}

bool mo_codes_ein_valid(const char *s)
{
	return matches(s, "##-#######");
}

/* ---- the built-in CLIA-waived tests ---- */

/* Codes only; the names are medoffice's own. */
static const mo_waived_test WAIVED[] = {
	{"rapid_strep", "Rapid strep A antigen", "87880", true, "throat swab",
	 "positive,negative", 0, 0, NULL, 30, "room"},
	{"influenza_ab", "Influenza A/B antigen", "87804", true,
	 "nasal swab,nasopharyngeal swab", "positive,negative", 0, 0, NULL, 30,
	 "room"},
	{"covid_antigen", "SARS-CoV-2 antigen", "87426", true, "nasal swab",
	 "positive,negative", 0, 0, NULL, 30, "room"},
	{"rsv", "RSV antigen", "87807", true, "nasal swab,nasopharyngeal swab",
	 "positive,negative", 0, 0, NULL, 30, "room"},
	{"mono", "Infectious mononucleosis antibody", "86308", true,
	 "whole blood,capillary blood", "positive,negative", 0, 0, NULL, 30,
	 "room"},
	{"urine_hcg", "Urine hCG", "81025", false, "urine", "positive,negative",
	 0, 0, NULL, 30, "room"},
	{"urinalysis_dipstick", "Urinalysis dipstick", "81002", false, "urine",
	 "normal,abnormal", 0, 0, NULL, 30, "room"},
	{"fecal_occult_blood", "Fecal occult blood", "82270", false, "stool",
	 "positive,negative", 0, 0, NULL, 30, "room"},
	{"glucose", "Blood glucose", "82962", false, "capillary blood", NULL,
	 1000, 60000, "mg/dL", 1, "room"},
	{"hba1c", "Hemoglobin A1c", "83036", true, "capillary blood", NULL, 300,
	 2000, "%", 30, "room"},
	{"hemoglobin", "Hemoglobin", "85018", true, "capillary blood", NULL, 300,
	 2500, "g/dL", 30, "room"},
	{"pt_inr", "Prothrombin time (INR)", "85610", true, "capillary blood",
	 NULL, 50, 1000, "INR", 30, "room"},
};

const mo_waived_test *mo_codes_waived_test_at(size_t i)
{
	return i < sizeof WAIVED / sizeof WAIVED[0] ? &WAIVED[i] : NULL;
}

const mo_waived_test *mo_codes_waived_test(const char *id)
{
	const mo_waived_test *t;
	for (size_t i = 0; id && (t = mo_codes_waived_test_at(i)); i++)
		if (!strcmp(t->id, id))
			return t;
	return NULL;
}
