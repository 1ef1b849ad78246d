/* remit.h: a synthetic payer. What a payer would send for a practice's
 * submitted claims, as an 835 (x835.h): for `medoffice seed`, benchmarks
 * and training practices, so that remittances go through the same import
 * as a real payer's file (era.h). Each claim of the payer submitted before
 * a time is paid: per line the allowed amount is the charge's expected
 * payment (the payer's contract), the rest of the charge is a contractual
 * adjustment (CO-45), and the patient owes co-insurance (PR-2, 20% of
 * the allowed amount, for a Medicare or Medicaid payer) or a co-payment
 * (PR-3, 25.00 on the first line, for others); about one claim in
 * deny_one_in is denied whole (CLP02 4, CO-50). Lines carry REF*6R and the
 * claims their own numbers, as real payers echo them. It reads the
 * database only. It uses practice.h, x835.h and x12w.h. */
#ifndef MO_REMIT_H
#define MO_REMIT_H

#include "practice.h"

typedef struct mo_remit_opts {
	const char *payer;       /* a payer id of practice.yaml */
	int64_t submitted_before_us; /* claims whose status changed before */
	int deny_one_in;         /* 0: deny none */
	uint64_t seed;           /* which claims are denied */
	uint32_t control;        /* the payer's ISA13 (1..999999999) */
	const char *trace;       /* TRN02, the EFT number (1..50) */
	int32_t paid_day;        /* BPR16 and the file's date */
	int max_claims;          /* at most this many (1..100,000) */
} mo_remit_opts;

/* Writes the 835 into *out (*len bytes; the caller frees it with free())
 * and the number of claims it pays into *claims; an audited read
 * (billing.read) as actor, since it carries patients' names. MO_ENOTFOUND
 * when the payer has no claim to pay (nothing allocated). */
int mo_remit_make(mo_practice *p, const char *actor, const mo_remit_opts *o,
		  char **out, size_t *len, int *claims, mo_err *e);

#endif
