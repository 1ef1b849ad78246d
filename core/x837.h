/* x837.h: ASC X12 837 professional claims (version 005010X222A1) from
 * claims already checked and priced: one interchange per batch, one
 * functional group, one transaction set. The caller (claim.c) gathers the
 * data; this module only writes it, in the loops and order the
 * professional claim uses: the submitter and the receiver, the billing
 * provider (HL level 20), each subscriber (HL 22, child of the billing
 * provider, with the payer), the patient (HL 23, child of the subscriber)
 * only when the patient is not the subscriber, then per claim CLM with
 * the total of its lines, the original claim number (REF*F8) of a
 * replacement or void, the CLIA number (REF*X4) when given, the diagnoses
 * (HI), the rendering provider when it is not the billing provider, and
 * each service line (LX, SV1, DTP*472).
 *
 * Consecutive claims with the same member id, payer, responsibility,
 * filing indicator and group share one subscriber loop (its names,
 * address and birth date are the first claim's); inside it the claims of
 * the subscriber as patient come first, then one patient loop per
 * dependent (same relation, names and birth date) with that dependent's
 * claims, in the order of their first claim. HL numbers follow the order
 * written.
 *
 * Amounts are integer cents written as dollars ("150", "150.5", "12.25");
 * dates are days since 1970-01-01 written CCYYMMDD; diagnoses are written
 * without the dot; ZIP codes and the tax id without the hyphen. It uses
 * x12.h, codes.h and units.h. */
#ifndef MO_X837_H
#define MO_X837_H

#include "mo.h"

#define MO_X837_MAX_LINES 50     /* service lines in one claim */
#define MO_X837_MAX_DIAGNOSES 12 /* diagnoses in one claim */

typedef struct mo_x837_address {
	const char *line1, *line2, *city, *state, *zip; /* line2 optional */
} mo_x837_address;

typedef struct mo_x837_person {
	const char *family, *given, *middle; /* middle optional */
	const char *sex;      /* "female", "male", other: "unknown" */
	int32_t birth_day;
	mo_x837_address address;
} mo_x837_person;

typedef struct mo_x837_line {
	const char *code;          /* "99213" */
	const char *modifiers[4];  /* the rest NULL */
	int64_t amount;            /* cents */
	int units;
	const char *pos;           /* "11"; NULL: the claim's */
	int pointers[4];           /* 1-based into the claim's diagnoses */
	int32_t day;               /* date of service */
	const char *control;       /* REF*6R, the line item control number
				      the 835 echoes (1..50); NULL: none */
} mo_x837_line;

typedef struct mo_x837_claim {
	const char *id;          /* CLM01, the patient control number: 1..20 */
	char frequency;          /* '1' original, '7' replacement, '8' void */
	const char *original;    /* payer claim number for '7' and '8' */
	const char *pos;         /* place of service of the claim, "11" */
	const char *diagnoses[12]; /* ICD-10-CM, with or without the dot */
	const mo_x837_line *lines;
	size_t nlines;           /* 1..50 */
	const char *clia;        /* REF*X4 when not NULL */
	/* rendering provider when not the billing provider (NULL: same) */
	const char *rendering_npi, *rendering_family, *rendering_given,
		*rendering_taxonomy;
	/* the subscriber and the patient */
	const char *payer_responsibility; /* SBR01: "P", "S", "T" */
	const char *relation;   /* the patient to the subscriber: "self",
				   "spouse", "child", "other" */
	mo_x837_person subscriber, patient; /* patient unused when self */
	const char *member_id, *group_id;   /* group_id optional */
	const char *claim_filing;           /* SBR09: "MB", "MC", "CI", ... */
	const char *payer_name, *payer_id;  /* NM1*PR */
} mo_x837_claim;

typedef struct mo_x837_batch {
	/* the envelope */
	const char *sender_id, *receiver_id; /* ISA06/GS02, ISA08/GS03 */
	uint32_t control;          /* ISA13, GS06 and ST02 are made from it */
	char usage;                /* 'T' or 'P' */
	int32_t day;               /* creation date (BHT04, ISA09) */
	int32_t seconds;           /* creation time of the day */
	const char *reference;     /* BHT03: the batch's own id */
	/* submitter (1000A) and receiver (1000B) */
	const char *submitter_name, *submitter_id, *contact_name,
		*contact_phone;
	const char *receiver_name;
	/* billing provider (2010AA) */
	const char *billing_name, *billing_npi, *billing_tax_id,
		*billing_taxonomy;
	mo_x837_address billing_address;
	const mo_x837_claim *claims;
	size_t nclaims;
} mo_x837_batch;

/* Writes the batch as one interchange into *out (NUL-terminated, *len
 * bytes; the caller frees it with free()). The whole batch is checked
 * before anything is written. Refused with MO_EINVAL, *out NULL and *len
 * 0, with a message naming the claim and the field ("claim 2 (\"C-7\"),
 * lines[0].units: expected 1 to 999, found 0"; "the batch, billing_npi:
 * ..." for the batch's own fields): a required value missing or too long,
 * an NPI with a bad check digit, a tax id that is not 9 digits with or
 * without the hyphen, a malformed diagnosis, procedure code, modifier,
 * taxonomy, CLIA number, state or ZIP code, no diagnosis, a gap in the
 * diagnoses, modifiers or pointers, a pointer to no diagnosis, not 1 to
 * MO_X837_MAX_LINES lines, units not 1..999, an amount below 0 (or of
 * 10^12 cents or more), a frequency other than '1', '7', '8', or '7' or
 * '8' without the original claim number, an unknown relation, sex,
 * responsibility or filing indicator, a day outside 1900..2999, a control
 * number not 1..999999999. A value containing a delimiter is refused by
 * the x12.h writer, whose message (segment ordinal and element) follows
 * the claim's name. MO_ENOMEM when memory runs out. */
int mo_x837_write(const mo_x837_batch *b, char **out, size_t *len,
		  mo_err *e);

#endif
