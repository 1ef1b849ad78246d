/* insure.h: patients' insurance and its verification. A patient has up to
 * three policies in force on a day (rank 1 primary, 2 secondary, 3
 * tertiary), each with a payer of practice.yaml, the subscriber (the
 * patient, or a spouse, parent or other person whose policy covers them),
 * member and group ids and the days it is in force. Eligibility checks
 * record who verified what, when and how (copay, deductible, coinsurance,
 * active or not); the rules for eligibility.check decide whether a visit's
 * insurance must be verified again (e.g. when the last check is older than
 * 30 days), and the verification list gives the visits of a day that need
 * it; the eligibility request file (X12 270) asks the payers about a
 * day's visits at once. Changes are operations insurance.update and
 * insurance.verify; every read is an audited patient.read. It uses
 * practice.h (insure.c also uses patient.h, tz.h, units.h, claim.h and
 * x270.h). */
#ifndef MO_INSURE_H
#define MO_INSURE_H

#include "practice.h"

typedef struct mo_insurance_new {
	int64_t patient;
	const char *payer;    /* a payers[].id of practice.yaml */
	int rank;             /* 1 primary, 2 secondary, 3 tertiary */
	const char *relation; /* the patient to the subscriber: self, spouse,
				 child, other */
	/* the subscriber, required unless relation is self (then the
	 * patient's own demographics are used) */
	const char *subscriber_family, *subscriber_given, *subscriber_sex;
	int32_t subscriber_birth_day;
	bool has_subscriber_birth;
	const char *subscriber_line1, *subscriber_city, *subscriber_state,
		*subscriber_zip; /* optional */
	const char *member_id; /* required, 1..80 letters, digits, - */
	const char *group_id;  /* optional */
	int32_t from_day;      /* in force from (required) */
	int32_t to_day;        /* to (inclusive) when has_to */
	bool has_to;
} mo_insurance_new;

/* A policy as read; strings are valid during the callback only. For
 * relation self the subscriber fields are the patient's own (family,
 * given, sex, birth day and address from the patient register). */
typedef struct mo_insurance {
	int64_t id, patient;
	const char *payer, *payer_name, *relation;
	int rank;
	const char *subscriber_family, *subscriber_given, *subscriber_sex;
	int32_t subscriber_birth_day; /* 0 unless has_subscriber_birth */
	bool has_subscriber_birth;
	const char *subscriber_line1, *subscriber_city, *subscriber_state,
		*subscriber_zip;
	const char *member_id, *group_id;
	int32_t from_day, to_day; /* to_day 0 unless has_to */
	bool has_to;
	const char *status; /* "active", "ended" */
	/* the latest verification, if any */
	int64_t verified_us; /* 0: never verified */
	bool eligible;
	int64_t copay;       /* cents, -1 unknown */
} mo_insurance;

/* Callbacks of the reads: a non-zero return stops the read and is
 * returned (the read is audited all the same). */
typedef int (*mo_insurance_cb)(void *ud, const mo_insurance *ins);

/* Adds a policy for an active patient as actor (insurance.update); *id
 * (optional) receives its id. Refused with the field named ("insurance
 * member_id: expected ...") and nothing written: an unknown payer (with a
 * suggestion), a rank not 1 to 3, a relation not self, spouse, child or
 * other; for relation self any subscriber field (the patient is the
 * subscriber), otherwise a missing subscriber_family or subscriber_given;
 * a subscriber name without a letter or digit, text over 100 characters,
 * a sex not female, male, other or unknown, a state not 2 capital
 * letters, a ZIP not 12345 or 12345-6789, a birth date in the future; a
 * member id (or group id) not 1 to 80 letters, digits or '-'; a date
 * outside 1900..2999 or to before from (MO_EINVAL); an unknown patient
 * (MO_ENOTFOUND) or a merged one (MO_EINVAL); another policy of the
 * patient with the same rank in force on any of the same days (MO_EEXIST,
 * naming it and its days). Empty optional strings count as not given. */
int mo_ins_add(mo_practice *p, const char *actor, const mo_insurance_new *in,
	       int64_t *id, mo_err *e);

/* Ends policy id: in force up to and including to_day (insurance.update;
 * status "ended"; ending an ended policy moves its end). MO_ENOTFOUND for
 * no such policy; MO_EINVAL when to_day is before it starts; MO_EEXIST
 * when a later end would overlap another policy of the same rank. */
int mo_ins_end(mo_practice *p, const char *actor, int64_t id, int32_t to_day,
	       mo_err *e);

/* A patient's policies (all, or only those in force on day when day is
 * not 0), by rank then start, each with its latest verification; an
 * audited read (record "patient:ID"). MO_ENOTFOUND for an unknown
 * patient. */
int mo_ins_list(mo_practice *p, const char *actor, int64_t patient,
		int32_t day, mo_insurance_cb cb, void *ud, mo_err *e);

/* The policy of rank in force for patient on day (from_day <= day and no
 * to_day or to_day >= day), for the core's own use (charges, claims): no
 * audit. payer receives its payer id, *id the policy's id (each
 * optional). MO_ENOTFOUND when none is in force, MO_EINVAL for a rank not
 * 1 to 3. */
int mo_ins_in_force(mo_practice *p, int64_t patient, int32_t day, int rank,
		    char payer[65], int64_t *id, mo_err *e);

typedef struct mo_eligibility_new {
	int64_t insurance;
	const char *method; /* phone, portal, card, x12, other */
	bool active;
	int64_t copay, deductible, deductible_met; /* cents; -1 unknown */
	int coinsurance;    /* percent 0..100; -1 unknown */
	const char *note;   /* optional, up to 500 characters */
} mo_eligibility_new;

typedef struct mo_eligibility {
	int64_t id, insurance;
	int64_t verified_us;
	const char *verified_by, *method;
	bool active;
	int64_t copay, deductible, deductible_met; /* -1 unknown */
	int coinsurance;                           /* -1 unknown */
	const char *note;
} mo_eligibility;

typedef int (*mo_eligibility_cb)(void *ud, const mo_eligibility *el);

/* Records a verification of policy insurance as actor (insurance.verify,
 * the verifier and the time are the actor and now; audited as
 * "insurance:ID"); *id (optional) receives the verification's id.
 * Refused with nothing written: a method not in the list, amounts below
 * -1 or above 10^12 cents, a coinsurance not -1..100, a note over 500
 * characters or with control characters (MO_EINVAL); an unknown policy
 * (MO_ENOTFOUND); a policy of a merged patient (MO_EINVAL). */
int mo_ins_verify(mo_practice *p, const char *actor,
		  const mo_eligibility_new *in, int64_t *id, mo_err *e);

/* The verifications of a policy, newest first; an audited read (record
 * "insurance:ID"). MO_ENOTFOUND for an unknown policy. */
int mo_ins_verifications(mo_practice *p, const char *actor, int64_t insurance,
			 mo_eligibility_cb cb, void *ud, mo_err *e);

/* A visit whose insurance is to be verified; strings are valid during the
 * callback only. */
typedef struct mo_ins_due_item {
	int64_t appointment, patient;
	const char *patient_name, *at; /* "Family, Given"; at: local
					  "2026-12-01 09:30" */
	const char *provider;
	int64_t insurance;  /* 0: no policy in force that day */
	const char *payer;  /* NULL when none */
	int64_t verified_us; /* the last verification before the day ends,
				0 never */
	const char *reason, *rule; /* what the rule said, which rule ("" when
				      unnamed); rule NULL for "no insurance
				      on file" */
} mo_ins_due_item;

typedef int (*mo_ins_due_cb)(void *ud, const mo_ins_due_item *d);

/* The booked appointments of day (local, the practice's zone), in time
 * order, whose primary insurance must be verified before the visit: for
 * each, the rules for eligibility.check are asked as medoffice itself
 * (MO_ACTOR_SYSTEM) with the facts patient, payer, payer_kind, rank (1),
 * appointment, insurance, provider, visit_date, verified (the local date
 * of the last check before the day ends, or nil), days_since (visit_date
 * minus verified; nil when never) and active (the last check's answer;
 * nil when never); a deny means "verify": its reason is given, allow or
 * no opinion leaves the visit out. Patients without a policy in force are
 * listed too (reason "no insurance on file"). An audited read (record
 * "insurance:due"); a failing rule fails it. */
int mo_ins_due(mo_practice *p, const char *actor, int32_t day,
	       mo_ins_due_cb cb, void *ud, mo_err *e);

/* ---- the eligibility request file (X12 270) ---- */

typedef struct mo_ins_270 {
	int32_t day; /* the visits' day; 0: the practice's tomorrow */
	int rank;    /* the policies asked about: 1..3; 0: 1 (primary) */
	char usage;  /* 'T' (test) or 'P' (production); '\0': 'T' */
} mo_ins_270;

/* A policy the 270 cannot ask about; strings are valid during the
 * callback only. */
typedef struct mo_ins_270_skip {
	int64_t patient, insurance;
	const char *patient_name; /* "Family, Given" */
	const char *payer;
	const char *reason; /* "payer medicare has no payer_id in
			       practice.yaml", or x270.h's refusal naming
			       the field */
} mo_ins_270_skip;

typedef void (*mo_ins_270_skip_cb)(void *ud, const mo_ins_270_skip *s);

typedef struct mo_ins_270_result {
	int64_t batch;    /* the eligibility_batch row */
	uint32_t control; /* its interchange control number (ISA13) */
	int requests, payers, skipped;
} mo_ins_270_result;

/* Writes the eligibility requests for in->day's booked visits as one X12
 * 270 file (x270.h) and records the batch, in one operation
 * (insurance.verify, with the facts method "x12", file "270", date and
 * rank; audited as "eligibility_batch:ID" with how many requests were
 * made and skipped, since it reads patient data). One request per
 * patient with a booked visit that day and a policy of in->rank in force
 * that day (the visit's day is the plan date, DTP*291), grouped by payer
 * in payer id order; a dependent (relation spouse, child, other) is asked
 * about under the subscriber. The interchange control number is
 * mo_claim_next_control()'s, so that it differs from every claim and
 * eligibility batch sent before; each request's trace (TRN02) is
 * "CONTROL-POLICY". The sender is the practice's NPI; the receiver
 * settings.billing.clearinghouse_id when practice.yaml sets it, else the
 * payer's payer_id when all requests go to one payer.
 *
 * Policies the file cannot carry are passed to skipped (optional) with
 * the reason and left out: a payer no longer in practice.yaml, of kind
 * self_pay or without a payer_id, or data x270.h refuses (a name too
 * long or holding an X12 delimiter, ...). On success *out (*len bytes,
 * NUL-terminated) is the caller's, freed with free(), and *res
 * (optional) says what was made. MO_EINVAL (nothing written): a rank not
 * 1..3, a usage not 'T' or 'P', a day outside 1900..2999, no practice.npi
 * or practice.tax_id (the 270 names the practice by its NPI and traces
 * requests with its EIN), several payers and no clearinghouse_id.
 * MO_ENOTFOUND when no request can be made: nothing is written but the
 * read is audited (the skipped ones were passed to skipped). */
int mo_ins_eligibility_file(mo_practice *p, const char *actor,
			    const mo_ins_270 *in, char **out, size_t *len,
			    mo_ins_270_result *res, mo_ins_270_skip_cb skipped,
			    void *ud, mo_err *e);

#endif
