/* charge.h: what a visit is billed for. A visit that happened (an
 * appointment seen or checked out) gets one encounter: its diagnoses
 * (ICD-10-CM, up to 12, in order) and its charge lines, each a procedure
 * code (CPT or HCPCS Level II: codes only, no descriptions), up to four
 * modifiers, units, up to four pointers to the encounter's diagnoses, the
 * rendering provider, the place of service and the date of service.
 *
 * Prices: a line's charge is the fee of the code (with its modifiers, or
 * without modifiers when no fee names them) in force on the date of
 * service, times the units, from the fee schedule of the patient's primary
 * payer that day, or the first fee schedule of practice.yaml for a patient
 * without insurance; the expected payment is that charge times the
 * payer's percent. Each line posts to the ledger (ledger.h): a debit of
 * the primary payer's receivable (or the patient's) and a credit of
 * revenue. Voiding a line reverses its entry.
 *
 * Entering is the operation charge.enter, voiding charge.void; reads are
 * audited billing.read. It uses practice.h, sched.h, insure.h, ledger.h,
 * codes.h and units.h. */
#ifndef MO_CHARGE_H
#define MO_CHARGE_H

#include "practice.h"

#define MO_CHARGE_MAX_DX 12
#define MO_CHARGE_MAX_LINES 50

typedef struct mo_charge_line {
	const char *code;         /* "99213" */
	const char *modifiers[4]; /* up to 4, the rest NULL */
	int units;                /* 1..999 */
	int pointers[4];          /* 1-based diagnosis numbers, the rest 0 */
} mo_charge_line;

typedef struct mo_encounter_new {
	int64_t appointment;
	const char *diagnoses[MO_CHARGE_MAX_DX]; /* "J02.9"; the rest NULL */
	const mo_charge_line *lines;
	size_t nlines; /* 1..MO_CHARGE_MAX_LINES */
} mo_encounter_new;

/* Creates the encounter of an appointment that happened, with its
 * diagnoses and charge lines, as actor (charge.enter), and posts each
 * line. Refused with the field named and nothing written: an appointment
 * that does not exist, did not happen (not seen or checked out) or has an
 * encounter already; no diagnosis, a malformed or repeated diagnosis code;
 * no line or too many; a malformed procedure code or modifier, units not
 * 1..999, a pointer to no diagnosis or a repeated pointer; a code without
 * a fee on the date of service. *encounter (optional) receives its id. */
int mo_charge_enter(mo_practice *p, const char *actor,
		    const mo_encounter_new *in, int64_t *encounter, mo_err *e);

/* Adds a line to an open encounter (charge.enter); *id its charge id. */
int mo_charge_add(mo_practice *p, const char *actor, int64_t encounter,
		  const mo_charge_line *line, int64_t *id, mo_err *e);

/* Voids charge id (charge.void): its ledger entry is reversed and it no
 * longer counts. MO_ENOTFOUND for no such charge, MO_EEXIST when it is
 * voided already. reason: 1..200 characters. */
int mo_charge_void(mo_practice *p, const char *actor, int64_t id,
		   const char *reason, mo_err *e);

typedef struct mo_charge {
	int64_t id, encounter, appointment, patient;
	int line;
	const char *code;
	const char *modifiers; /* "25,QW" or "" */
	int units;
	const char *pointers;  /* "1,2" */
	const char *diagnoses; /* the codes pointed to, "J02.9,R50.9" */
	int64_t amount, expected; /* cents; expected -1 when unknown */
	const char *provider, *pos, *payer; /* payer NULL: the patient */
	int32_t day;
	const char *status; /* "active", "voided" */
	int64_t balance;    /* what is still owed on it (payer and patient) */
} mo_charge;

typedef int (*mo_charge_cb)(void *ud, const mo_charge *c);

typedef struct mo_charge_query {
	int64_t encounter; /* 0: any */
	int64_t patient;   /* 0: any */
	int32_t from_day, to_day; /* 0: open */
	bool voided;       /* include voided lines */
} mo_charge_query;

/* Charge lines by date of service, encounter and line; an audited read
 * (billing.read, naming the patient when one is asked for). cb returning
 * non-zero stops it (and is returned). */
int mo_charge_list(mo_practice *p, const char *actor,
		   const mo_charge_query *q, mo_charge_cb cb, void *ud,
		   mo_err *e);

#endif
