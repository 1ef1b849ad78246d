/* claim.h: claims to payers. Each encounter whose charges are owed by a
 * payer (its primary insurance on the date of service) becomes a claim of
 * its active charge lines. A new claim is checked before it can go out:
 * the core holds it when data the payer needs is missing (the patient's
 * or the subscriber's address), then the practice's claim rules decide
 * (the action claim.release, asked as medoffice itself: a deny holds the
 * claim with the rule's reason). Ready claims of one payer are written
 * as one ASC X12 837P batch (x837.h) and marked submitted. Every change
 * of status is kept in the claim's history. Creating is the operation
 * claim.create, writing a batch claim.submit; reads are audited
 * billing.read. It uses practice.h, x837.h, insure.h, tz.h and units.h. */
#ifndef MO_CLAIM_H
#define MO_CLAIM_H

#include "practice.h"

typedef struct mo_claim_counts {
	int created, ready, held;
} mo_claim_counts;

/* Makes the claims of every encounter of a day up to through_day that has
 * a payer's charges and no claim yet, checks each (see above) and leaves
 * it ready or held, in one operation. */
int mo_claim_create(mo_practice *p, const char *actor, int32_t through_day,
		    mo_claim_counts *out, mo_err *e);

/* Checks a held claim again after its data or charges were fixed (it
 * takes the encounter's active charge lines as they are now): ready when
 * nothing holds it now, else held with the new reason (into
 * reason when not NULL). MO_ENOTFOUND for no such claim, MO_EINVAL when it
 * is not held. */
int mo_claim_recheck(mo_practice *p, const char *actor, int64_t id,
		     bool *ready, char reason[600], mo_err *e);

typedef struct mo_claim {
	int64_t id, encounter, patient, batch; /* batch 0: none */
	const char *patient_name, *payer, *status, *reason; /* reason NULL */
	int64_t total;
	int32_t day; /* the date of service */
} mo_claim;

typedef int (*mo_claim_cb)(void *ud, const mo_claim *c);

/* Claims by id, of one status and payer when given (NULL: all); an
 * audited read. cb returning non-zero stops it (and is returned). */
int mo_claim_list(mo_practice *p, const char *actor, const char *status,
		  const char *payer, mo_claim_cb cb, void *ud, mo_err *e);

typedef struct mo_claim_history_item {
	int64_t at_us;
	const char *actor, *status, *note;
} mo_claim_history_item;

typedef int (*mo_claim_history_cb)(void *ud,
				   const mo_claim_history_item *h);

/* The history of claim id, oldest first; an audited read. */
int mo_claim_history(mo_practice *p, const char *actor, int64_t id,
		     mo_claim_history_cb cb, void *ud, mo_err *e);

/* Writes payer's ready claims as one 837P batch (usage 'T' test or 'P'
 * production) into *out (*len bytes; the caller frees it with free()),
 * records the batch and marks the claims submitted, in one operation
 * (claim.submit). MO_ENOTFOUND when the payer has no ready claim; a
 * claim or practice value the 837P cannot carry is MO_EINVAL naming it,
 * with nothing written. *batch and *claims (optional) receive the batch
 * id and the number of claims. */
int mo_claim_export(mo_practice *p, const char *actor, const char *payer,
		    char usage, char **out, size_t *len, int64_t *batch,
		    int *claims, mo_err *e);

/* A replacement (frequency '7') or a void ('8') of claim id, which the
 * payer has (it was sent) and numbered (its remittance gave the payer's
 * claim number, which the new claim names): a new claim of the same
 * encounter, ready to export (a replacement takes the encounter's charges
 * as they are now and goes through the claim edits, so it may be held; a
 * void repeats the original's lines), and the original becomes void; one
 * operation (claim.create). *new_id (optional) receives the new claim's
 * id. MO_ENOTFOUND for no such claim; MO_EINVAL for a claim not sent, a
 * replacement or void itself, or one without a payer claim number. */
int mo_claim_resubmit(mo_practice *p, const char *actor, int64_t id,
		      char frequency, int64_t *new_id, mo_err *e);

/* Sets claim id's status (and reason, NULL: none; and batch, 0: kept) and
 * adds it to the claim's history, inside the caller's operation. The
 * caller checks that the change makes sense. */
int mo_claim_set_status(mo_db *db, const char *actor, int64_t id,
			const char *status, const char *reason, int64_t batch,
			mo_err *e);

/* The next interchange control number (ISA13) for a file the practice
 * sends: one more than the largest used by a claim batch or an
 * eligibility request batch (270), so every interchange is unique. */
int mo_claim_next_control(mo_db *db, uint32_t *control, mo_err *e);

#endif
