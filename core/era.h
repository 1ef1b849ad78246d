/* era.h: electronic remittance advice (ASC X12 835) imported and posted.
 * A file is read and checked whole (x12.h for the envelopes, x835.h for
 * the loops and every balance) before anything is written. Then, for each
 * payment in it:
 *   - a payment already posted is refused: the same bytes (SHA-256 of the
 *     transaction set) or the same trace number from the same payer (TRN);
 *   - the payer is the one given, else the payer of practice.yaml whose
 *     payer_id the 835 names (N1*PR N104, REF*2U, or TRN03 with or without
 *     its leading "1");
 *   - each claim paid is matched to a submitted claim of that payer: by its
 *     patient control number (CLP01, our claim id), else by the member id,
 *     the date of service and the amount charged, which must pick one;
 *   - each service line is matched to one of the claim's charges: by its
 *     line item control number (REF*6R, our charge id), else by code,
 *     modifiers and amount charged (SVC06 when the payer changed the code).
 * An unknown claim or line refuses the whole file. Posting is one
 * operation (era.post): per claim one ledger entry moving each charge's
 * payer balance to the bank (what was paid), to the contractual account
 * (CO, PI, OA and CR adjustments) and to the patient (PR: deductible,
 * co-insurance, co-payment), the adjustments and remarks kept, the claim
 * marked paid or denied (CLP02 4, or nothing paid and nothing owed by the
 * patient) or back to submitted (a reversal, CLP02 22), and each denial
 * filed as a task with its reason codes. Provider-level adjustments (PLB)
 * move between the bank and the contractual account. Reads are audited
 * as billing.read. It uses practice.h, x12.h, x835.h, ledger.h, claim.h
 * and task.h. */
#ifndef MO_ERA_H
#define MO_ERA_H

#include "practice.h"

typedef struct mo_era_summary {
	int payments;          /* transaction sets posted */
	int claims, lines, denied;
	int64_t paid;          /* cents to the bank */
	int64_t contractual;   /* CO, PI, OA, CR */
	int64_t patient;       /* PR, moved to the patients */
	int64_t provider;      /* PLB */
	int64_t first;         /* the first remittance's id */
} mo_era_summary;

/* Imports the 835 in buf (len bytes; name, the file's name, is kept with
 * it) as actor, for payer (a payer id of practice.yaml; NULL: found from
 * the file). Refused (MO_EINVAL, MO_EEXIST for a payment already posted)
 * with a message naming the segment, and nothing posted. out optional. */
int mo_era_import(mo_practice *p, const char *actor, const char *payer,
		  const char *name, const char *buf, size_t len,
		  mo_era_summary *out, mo_err *e);

typedef struct mo_era {
	int64_t id;
	const char *payer, *trace, *method, *file, *created_by;
	int64_t amount, created_us;
	int32_t paid_day; /* 0: none */
	int claims;
} mo_era;

typedef int (*mo_era_cb)(void *ud, const mo_era *r);

/* The remittances posted, newest first; an audited read. cb returning
 * non-zero stops it (and is returned). */
int mo_era_list(mo_practice *p, const char *actor, mo_era_cb cb, void *ud,
		mo_err *e);

typedef struct mo_era_claim {
	int64_t claim, patient;
	const char *patient_name, *status; /* the claim's status now */
	const char *payer_claim;           /* "" when none */
	int64_t charged, paid, patient_due;
	bool denied;
	const char *adjustments; /* "CO-45 12.00, PR-2 5.00"; "" */
	const char *remarks;     /* "N206,M15"; "" */
} mo_era_claim;

typedef int (*mo_era_claim_cb)(void *ud, const mo_era_claim *c);

/* The claims remittance id paid, in file order; an audited read of
 * patient data. MO_ENOTFOUND for no such remittance. */
int mo_era_claims(mo_practice *p, const char *actor, int64_t id,
		  mo_era_claim_cb cb, void *ud, mo_err *e);

#endif
