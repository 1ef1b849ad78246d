/* payment.h: front-desk money. A patient pays at the desk (a co-payment
 * for a visit, a payment on their balance, a prepayment) in cash, by check
 * or by card; each payment is posted to the books (ledger.h) as it is
 * taken: a debit of cash (cash and checks waiting for the bank) or card
 * (settled by the card processor) and a credit of the patient's
 * receivable, not tied to a charge. A receipt can be printed for it. The
 * cash and checks taken are later taken to the bank as one deposit (a
 * debit of bank and a credit of cash) with a deposit slip. A payment may
 * be refunded in part or in full, once or in several refunds up to its
 * amount: a debit of the patient's receivable and a credit of what the
 * money came from (card; cash while undeposited; bank once deposited).
 * Refunds usually go through the approval rules: the "refund" approval
 * guards payment.refund (approval.c runs mo_pay_refund when a request
 * naming the payment is approved).
 *
 * Operations (practice.h): payment.collect, payment.deposit and
 * payment.refund, each audited with its record ("payment:12",
 * "deposit:3"); the reads (receipt, deposit slip, list) are audited
 * billing.read, naming the patient ("patient:12") when they concern one.
 * Every refusal writes nothing. It uses practice.h and ledger.h. */
#ifndef MO_PAYMENT_H
#define MO_PAYMENT_H

#include "practice.h"

/* Largest payment, in cents (1,000,000.00). */
#define MO_PAY_MAX 100000000LL

/* A payment to take (strings borrowed for the call). Checks, each refusal
 * naming the field ("payment reference: a check needs its number"):
 *   patient: an active patient (not merged);
 *   amount: cents, 1..MO_PAY_MAX;
 *   method: "cash", "check" or "card";
 *   reference: for a check its number (1..20 digits, required); for a card
 *     (optional) the card's last 4 digits ("4242"), an authorization code
 *     (1..40 letters and digits) or both ("4242 A1B2C3"), never a card
 *     number (12 or more digits in a row are refused); none for cash;
 *   kind: "copay", "payment" or "prepayment";
 *   appointment: 0 or one of the patient's appointments; a copay needs
 *     one. */
typedef struct mo_pay_new {
	int64_t patient;
	int64_t amount;
	const char *method;
	const char *reference;
	const char *kind;
	int64_t appointment;
} mo_pay_new;

/* Takes a payment on the practice's today as actor (payment.collect, with
 * the facts patient, amount (money), method, kind and, when given,
 * appointment) and posts it. *id (optional) receives the payment id,
 * which is also the receipt number. */
int mo_pay_collect(mo_practice *p, const char *actor, const mo_pay_new *in,
		   int64_t *id, mo_err *e);

/* A payment as stored; strings are valid during the callback only. */
typedef struct mo_payment {
	int64_t id;
	int64_t patient;
	const char *patient_name; /* "Family, Given" */
	int64_t amount;
	int64_t refunded;         /* refunded so far, 0..amount */
	const char *method;       /* "cash", "check", "card" */
	const char *reference;    /* as taken (see mo_pay_new), or NULL */
	const char *kind;         /* "copay", "payment", "prepayment" */
	int64_t appointment;      /* 0: none */
	int32_t day;              /* the practice's day it was taken */
	int64_t deposit;          /* the deposit that took it; 0: none */
	int64_t deposited;        /* what that deposit took: the amount less
				   * what was refunded before it; 0: none */
	int64_t journal;          /* its ledger entry */
	int64_t created_us;
	const char *created_by;   /* the staff id who took it */
} mo_payment;

/* A non-zero return stops the walk and is returned. */
typedef int (*mo_pay_cb)(void *ud, const mo_payment *pay);

/* What a printed receipt shows; valid during the callback only. The
 * receipt number is payment->id. */
typedef struct mo_receipt {
	const mo_payment *payment;
	const char *time;          /* when taken, local: "2026-11-23 09:30" */
	const char *practice;      /* practice.name */
	const mo_address *address; /* practice.address (fields may be NULL) */
	const char *phone;         /* practice.phone (10 digits), or NULL */
	const char *reference;     /* the check number, a card's last 4
				    * digits, or NULL (never a card's
				    * authorization code) */
	const char *taken_by;      /* the staff member's name (their id when
				    * no longer on the staff) */
	int64_t balance;           /* the patient's balance (ar_patient) when
				    * printed: > 0 owed, < 0 a credit */
} mo_receipt;

typedef int (*mo_receipt_cb)(void *ud, const mo_receipt *r);

/* Calls cb once with the receipt of payment id (an audited billing.read,
 * record "patient:N"). MO_ENOTFOUND for no such payment; cb's non-zero
 * return is returned. */
int mo_pay_receipt(mo_practice *p, const char *actor, int64_t id,
		   mo_receipt_cb cb, void *ud, mo_err *e);

/* Makes one deposit of every undeposited cash and check payment taken on
 * or before day (not after today) with something left after its refunds,
 * as actor (payment.deposit, with the facts day, count and total
 * (money)): the deposit, each payment's deposit and deposited amount, and
 * the entry moving the total from cash to bank, posted on day. Card
 * payments are settled by the card processor and never deposited.
 * MO_ENOTFOUND when there is nothing to deposit. *deposit, *count and
 * *total (each optional) receive the deposit's id, the number of payments
 * and the sum. */
int mo_pay_deposit(mo_practice *p, const char *actor, int32_t day,
		   int64_t *deposit, int64_t *count, int64_t *total,
		   mo_err *e);

/* The head and totals of a deposit slip. */
typedef struct mo_deposit_slip {
	int64_t id;
	int32_t day;
	int64_t count;     /* payments */
	int64_t cash;      /* the sum of the cash lines' deposited amounts */
	int64_t checks;    /* the sum of the check lines' deposited amounts */
	int64_t total;     /* cash + checks */
	int64_t created_us;
	char made_by[65];  /* the staff id who made it */
} mo_deposit_slip;

/* The slip of deposit id (an audited billing.read, record "deposit:N"):
 * *slip (optional) is filled first, then cb (optional) is called for each
 * of its payments by id, with deposited set. MO_ENOTFOUND for no such
 * deposit; cb's non-zero return stops and is returned. */
int mo_pay_deposit_slip(mo_practice *p, const char *actor, int64_t id,
			mo_deposit_slip *slip, mo_pay_cb cb, void *ud,
			mo_err *e);

/* Whether payment may be refunded amount (cents, > 0) for reason (one
 * line, 1..200 characters) now: it exists and amount is at most what is
 * left of it (its amount less what was refunded). Reads only; approval.c
 * checks a refund request with it when it is filed. */
int mo_pay_refund_check(mo_practice *p, int64_t payment, int64_t amount,
			const char *reason, mo_err *e);

/* Refunds amount of payment for reason as actor (payment.refund, with the
 * facts payment, patient, amount (money), method and reason), checked as
 * mo_pay_refund_check does, posted on the practice's today. *id
 * (optional) receives the refund's ledger entry. */
int mo_pay_refund(mo_practice *p, const char *actor, int64_t payment,
		  int64_t amount, const char *reason, int64_t *id, mo_err *e);

/* Which payments mo_pay_list walks; zero fields do not filter. */
typedef struct mo_pay_filter {
	int64_t patient;  /* only this patient's */
	int32_t from_day; /* taken on or after; 0: from the first */
	int32_t to_day;   /* taken on or before; 0: up to the last */
	bool undeposited; /* only what the next deposit would take: cash and
			   * checks not deposited, with something left */
} mo_pay_filter;

/* The payments matching f (NULL: all) by id, an audited billing.read
 * (record "patient:N" when f names a patient, else "payments"). A
 * non-zero return of cb stops and is returned. */
int mo_pay_list(mo_practice *p, const char *actor, const mo_pay_filter *f,
		mo_pay_cb cb, void *ud, mo_err *e);

#endif
