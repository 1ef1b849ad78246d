/* ledger.h: the practice's books. Every money movement (a charge, a
 * payment, an adjustment, a write-off, a refund, a transfer of
 * responsibility between payer and patient, a bank deposit) is a journal
 * entry of two or more lines that balance: debits (amount > 0) equal
 * credits (amount < 0), in integer cents. Entries are never changed or
 * removed (triggers refuse it); a mistake is corrected by a reversing
 * entry. Lines may name the patient, the payer and the charge they concern,
 * which gives balances per patient, per payer and per charge, and the A/R
 * aging by the age of the service.
 *
 * Accounts: ar_patient and ar_payer (receivables: what patients and payers
 * owe), revenue (charges), contractual (the part of a charge a payer's
 * contract does not pay), writeoff (bad debt, courtesy), cash and card
 * (undeposited receipts), bank (deposited).
 *
 * Posting is not an operation by itself: the primitive that moves money
 * (charge entry, payment, deposit...) posts inside its own operation
 * (mo_op), which audits it. It uses practice.h and db.h. */
#ifndef MO_LEDGER_H
#define MO_LEDGER_H

#include "practice.h"

typedef enum {
	MO_ACCT_AR_PATIENT,
	MO_ACCT_AR_PAYER,
	MO_ACCT_REVENUE,
	MO_ACCT_CONTRACTUAL,
	MO_ACCT_WRITEOFF,
	MO_ACCT_CASH,
	MO_ACCT_CARD,
	MO_ACCT_BANK,
	MO_ACCT_COUNT
} mo_account;

/* "ar_patient", ...; NULL for a value out of range. Static. */
const char *mo_ledger_account_name(mo_account a);
/* The account named name; -1 when there is none. */
int mo_ledger_account_find(const char *name);

typedef struct mo_ledger_line {
	mo_account account;
	int64_t amount;    /* cents: a debit > 0, a credit < 0; never 0 */
	int64_t patient;   /* 0: none */
	const char *payer; /* NULL: none; a payer id of practice.yaml */
	int64_t charge;    /* 0: none; the line then ages with the charge */
} mo_ledger_line;

typedef struct mo_ledger_entry {
	const char *kind; /* charge, payment, adjustment, writeoff, refund,
			     transfer, deposit, void */
	const char *memo; /* 1..200 characters */
	int32_t day;      /* the posting day (the practice's) */
	const mo_ledger_line *lines;
	size_t nlines;    /* 2..64 */
} mo_ledger_entry;

/* Largest amount of one line, in cents (10 billion dollars). */
#define MO_LEDGER_MAX_AMOUNT 1000000000000LL

/* Writes entry as actor, inside the caller's open transaction (operation).
 * Refused with MO_EINVAL and nothing written: fewer than 2 or more than 64
 * lines, an unknown kind or account, an amount of 0 or beyond
 * MO_LEDGER_MAX_AMOUNT, lines that do not sum to 0, an unknown charge, a
 * payer not in practice.yaml. *id (optional) receives the journal id. */
int mo_ledger_post(mo_practice *p, const char *actor,
		   const mo_ledger_entry *entry, int64_t *id, mo_err *e);

/* Posts the reversal of journal entry id (every line negated, kind
 * "void", naming the entry it reverses), inside the caller's transaction.
 * MO_ENOTFOUND for no such entry, MO_EEXIST when it is reversed already or
 * is itself a reversal. */
int mo_ledger_reverse(mo_practice *p, const char *actor, int64_t id,
		      const char *memo, int32_t day, int64_t *rid,
		      mo_err *e);

/* Moves everything patient from owes or is owed (each receivable balance
 * by account, payer and charge, so that it ages as before) to patient
 * into, as "transfer" entries posted on day inside the caller's
 * transaction (a patient merge). *entries (optional) receives how many
 * were posted (0 when from has no balance). */
int mo_ledger_transfer_patient(mo_practice *p, const char *actor,
			       int64_t from, int64_t into, int32_t day,
			       int *entries, mo_err *e);

/* ---- adjustments and write-offs ---- */

/* Part or all of what is owed on a charge, moved off a receivable. */
typedef struct mo_ledger_adjustment {
	int64_t charge;
	mo_account from;    /* MO_ACCT_AR_PATIENT or MO_ACCT_AR_PAYER */
	mo_account to;      /* MO_ACCT_WRITEOFF (bad debt, courtesy, small
			       balance) or MO_ACCT_CONTRACTUAL */
	int64_t amount;     /* cents: more than 0, at most the charge's
			       balance in from */
	const char *reason; /* one line of 1..200 characters: the memo */
} mo_ledger_adjustment;

/* Whether in may be posted now (reads only; approval.c checks a write-off
 * request with it when it is filed). MO_EINVAL naming the field, with
 * nothing written: an unknown or voided charge, from not ar_patient or
 * ar_payer, to not writeoff or contractual, an amount of 0 or less or
 * above the charge's balance in from, a reason missing, over 200
 * characters or of several lines. The balance in ar_payer is that of
 * the payer owing most on the charge (the only one until balances move
 * between payers). */
int mo_ledger_adjust_check(mo_practice *p, const mo_ledger_adjustment *in,
			   mo_err *e);

/* Posts in as actor, in an operation of its own (ledger.adjust, with the
 * facts charge, patient, payer, from, to, amount and reason; audited as
 * "journal:ID"), on the practice's today: kind "writeoff" to writeoff,
 * "adjustment" to contractual; a debit of to and a credit of from, both
 * naming the charge, its patient and (off ar_payer) the payer. The
 * refusals of mo_ledger_adjust_check(), and the operation's (MO_EDENIED).
 * *journal (optional) receives the entry. Only the approval rules call
 * it (the runner of ledger.adjust in approval.c, for "writeoff"
 * requests): no command or binding does. */
int mo_ledger_adjust(mo_practice *p, const char *actor,
		     const mo_ledger_adjustment *in, int64_t *journal,
		     mo_err *e);

typedef struct mo_ledger_balance {
	int64_t patient_due; /* ar_patient: > 0 owed by the patient, < 0 a credit */
	int64_t payer_due;   /* ar_payer */
} mo_ledger_balance;

/* What is owed for a patient (every line naming them) or for a charge. No
 * audit of its own: callers that show it to a person audit the read. */
int mo_ledger_patient_balance(mo_practice *p, int64_t patient,
			      mo_ledger_balance *out, mo_err *e);
int mo_ledger_charge_balance(mo_practice *p, int64_t charge,
			     mo_ledger_balance *out, mo_err *e);

/* The balance of an account (debits minus credits), of one payer's lines
 * when payer is not NULL. */
int mo_ledger_account_balance(mo_practice *p, mo_account a,
			      const char *payer, int64_t *out, mo_err *e);

/* The trial balance: every entry sums to 0 and so do all the lines;
 * MO_ECORRUPT naming the first entry that does not. */
int mo_ledger_verify(mo_practice *p, int64_t *entries, mo_err *e);

/* ---- A/R aging ---- */

typedef enum { MO_AGING_PAYER, MO_AGING_PATIENT } mo_aging_by;

enum { MO_AGING_BUCKETS = 5 }; /* 0-30, 31-60, 61-90, 91-120, over 120 */

typedef struct mo_aging_row {
	const char *key;  /* the payer id, or the patient id as text */
	const char *name; /* the payer's name, or "Family, Given" */
	int64_t bucket[MO_AGING_BUCKETS]; /* by days from the service day */
	int64_t unapplied; /* lines not tied to a charge (prepayments) */
	int64_t total;
} mo_aging_row;

typedef int (*mo_aging_cb)(void *ud, const mo_aging_row *row);

/* Adds amount (cents) to row r: to its total, and to the bucket of age
 * (days from the service day to the as-of date) when applied (the line
 * concerns a charge), else to unapplied. The aging's own bucketing, for
 * other sums by age (statements). */
void mo_ledger_aging_add(mo_aging_row *r, int32_t age, bool applied,
			 int64_t amount);

/* What payers (or patients) owe as of as_of (lines posted on or before
 * it), one row per payer (or patient) with anything outstanding, in key
 * order; a last row with key "total" sums them. One scan of the ledger.
 * Audited as actor's billing.read (the patient view is patient data).
 * cb returning non-zero stops it. */
int mo_ledger_aging(mo_practice *p, const char *actor, mo_aging_by by,
		    int32_t as_of, mo_aging_cb cb, void *ud, mo_err *e);

#endif
