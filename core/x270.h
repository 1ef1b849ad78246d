/* x270.h: ASC X12 270 eligibility, coverage or benefit inquiries (version
 * 005010X279A1) from requests the caller has gathered: one interchange
 * per batch, one functional group (HS), one transaction set. The caller
 * (insure.c) gathers the data; this module checks it whole and only then
 * writes it, in the loops the 270 uses: per payer (information source, HL
 * level 20, NM1*PR with its payer id) the practice asking (information
 * receiver, HL 21, child of the payer: NM1*1P, an organisation, with its
 * NPI), then per request the subscriber (HL 22, child of the receiver:
 * NM1*IL with the member id, DMG) and, when the patient is not the
 * subscriber, the patient as a dependent (HL 23, child of the subscriber:
 * NM1*03, DMG). The loop of the patient carries the request: its trace
 * (TRN*1, the request's own reference with the practice's identifier,
 * which the 271 answer echoes), the plan date (DTP*291, the day of the
 * visit) and the inquiry itself (EQ*30, health benefit plan coverage).
 * HL numbers follow the order written.
 *
 * Dates are days since 1970-01-01 written CCYYMMDD; sexes "female",
 * "male" and "unknown" are written F, M and U. No text may hold the
 * delimiters the interchange uses (* : ^ ~) or a control character. It
 * uses x12w.h (the envelope), x12.h, codes.h and units.h. */
#ifndef MO_X270_H
#define MO_X270_H

#include "x12w.h"

typedef struct mo_x270_person {
	const char *family, *given, *middle; /* middle optional */
	const char *sex;    /* "female", "male", "unknown" */
	int32_t birth_day;  /* days since 1970-01-01 */
	bool no_birth;      /* the birth day is not known */
} mo_x270_person;

/* One inquiry: the coverage of a patient on a day. For the subscriber of
 * a dependent, sex may be NULL and no_birth set (unknown: DMG is written
 * only with the birth date); the patient's are required. */
typedef struct mo_x270_request {
	const char *trace;     /* TRN02: 1..50, unique in the batch */
	const char *member_id; /* the subscriber's (NM109): 1..80 */
	const char *relation;  /* the patient to the subscriber: "self",
				  "spouse", "child", "other" */
	mo_x270_person subscriber, patient; /* patient unused for self */
	int32_t day;           /* DTP*291: the plan date, the visit's day */
} mo_x270_request;

/* One payer (information source) and the requests put to it. */
typedef struct mo_x270_source {
	const char *payer_name; /* NM103: 1..60 */
	const char *payer_id;   /* NM109 (PI): 2..80 */
	const mo_x270_request *requests;
	size_t nrequests;       /* at least 1 */
} mo_x270_source;

typedef struct mo_x270_batch {
	/* the envelope (x12w.h): sender and receiver ids, the control
	 * number ISA13, GS06 and ST02 are made from, usage, the creation day
	 * and time (ISA09/ISA10, BHT04/BHT05) and the batch's own reference
	 * (BHT03) */
	mo_x12w_head head;
	/* the practice asking (2100B) */
	const char *provider_name; /* NM103: 1..60 */
	const char *provider_npi;  /* NM109 (XX) */
	const char *trace_id;  /* TRN03: 10 letters or digits, such as "1"
				  and the practice's EIN */
	const mo_x270_source *sources;
	size_t nsources;       /* at least 1 */
} mo_x270_batch;

/* Checks one request as mo_x270_write() would, so that a caller can
 * leave out what the 270 cannot carry: 0, or MO_EINVAL with a message
 * naming the request and the field ("request (\"7-12\"),
 * patient.family: expected at most 60 characters, found 61: ..."): a
 * required value missing, a text too long or holding a delimiter or a
 * control character, a relation or sex not in the lists, a day outside
 * 1900..2999. */
int mo_x270_check_request(const mo_x270_request *r, mo_err *e);

/* Writes the batch as one interchange into *out (NUL-terminated, *len
 * bytes; the caller frees it with free()). The whole batch is checked
 * before anything is written. Refused with MO_EINVAL, *out NULL and *len
 * 0, with a message naming where and the field ("the batch,
 * provider_npi: ...", "payer 2 (\"BP01\"), payer_name: ...", "payer 1
 * (\"ACME1\"), request 3 (\"7-12\"), member_id: ..."): the refusals of
 * mo_x270_check_request(), of the envelope (sender and receiver ids 1 to
 * 15 characters, a control number not 1..999999999, usage not 'T' or
 * 'P', a day outside 1900..2999, seconds not 0..86399, no reference), an
 * NPI with a bad check digit, a trace id not 10 letters or digits, no
 * payer, a payer without requests, two requests with the same trace.
 * MO_ENOMEM when memory runs out. */
int mo_x270_write(const mo_x270_batch *b, char **out, size_t *len,
		  mo_err *e);

#endif
