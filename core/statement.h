/* statement.h: patient statements. What a patient owes is read from the
 * books (ledger.h): the patient's receivable (ar_patient lines naming
 * them) by the age of each charge's service day, in the A/R aging's
 * buckets, with the payments and credits not applied to a visit. A run
 * goes through every patient with a balance on its date (or one patient),
 * asks the rules whether each gets a statement now (statement.send, asked
 * as "system" like claim.release) and records the run and each statement
 * sent as printed: to whom (the patient, or their guarantor), each visit
 * line of the period with what insurance paid, adjusted or still owes and
 * what the patient owes, the payments and credits, the aging and the due
 * date. The rules see the facts
 *   patient, as_of (the statement date), balance (cents), pending (what
 *   insurance still owes), days_0_30, days_31_60, days_61_90,
 *   days_91_120, over_120, unapplied (cents, as ledger.aging names them),
 *   oldest (days since the service of the oldest charge the patient still
 *   owes on; nil when none), last (the date of the last statement; nil
 *   when never), days_since_last (nil when never), held (a hold in force
 *   on the statement date), hold_reason and hold_until (nil when none);
 * a denial skips the patient with the rule's reason. A patient's
 * statements may be put on hold (with a reason, until a day or until
 * released) and released.
 *
 * Operations (practice.h): statement.run (record "statement_run:N"; a dry
 * run is an audited read of the same action that records nothing) and
 * statement.hold (hold and release, record "patient:N"). Lists and
 * reprints are audited billing.read ("patient:N" when they concern one
 * patient). Every refusal writes nothing. It uses practice.h and
 * ledger.h (mo_aging_row). */
#ifndef MO_STATEMENT_H
#define MO_STATEMENT_H

#include "ledger.h"

/* Days from the statement date to the due date unless told. */
#define MO_STMT_DUE_DAYS 30
#define MO_STMT_DUE_MAX 120

/* A visit line: one charge and what became of it, as of the statement
 * date. charged = insurance_paid + adjusted + pending + patient_paid +
 * due. */
typedef struct mo_stmt_line {
	int64_t charge;
	int32_t service_day;
	char code[48];          /* the code and its modifiers: "99213-25" */
	int units;
	int64_t charged;        /* the charge (0 once voided) */
	int64_t insurance_paid; /* paid by payers */
	int64_t adjusted;       /* contractual adjustments and write-offs */
	int64_t pending;        /* what payers still owe on it */
	int64_t patient_paid;   /* patient payments applied to it */
	int64_t due;            /* what the patient owes on it */
} mo_stmt_line;

/* A payment or credit not applied to a visit, posted in the period. */
typedef struct mo_stmt_credit {
	int32_t day;
	char kind[16];  /* the ledger entry's kind: payment, refund,
			 * transfer, adjustment, writeoff, void */
	int64_t amount; /* < 0 lowers the balance (a payment), > 0 raises it
			 * (a refund) */
} mo_stmt_credit;

/* A statement; strings and arrays are valid during the callback only.
 * The address strings are NULL when not recorded. */
typedef struct mo_statement {
	int64_t id;               /* 0: a dry run's draft */
	int64_t run;              /* 0: a dry run */
	int64_t patient;
	const char *patient_name; /* "Family, Given" */
	int64_t guarantor;        /* 0: the statement goes to the patient */
	const char *to_name;      /* "Given Family": the patient or guarantor */
	const char *line1, *line2, *city, *state, *zip;
	int32_t day;              /* the statement date */
	int32_t from_day;         /* the period: from the day after the last
				   * statement (0: from the first entry) to
				   * day */
	int32_t due_day;
	const char *format;       /* "text" or "html" */
	mo_aging_row aging;       /* buckets, unapplied and total (the
				   * balance due); key and name NULL */
	int64_t balance;          /* aging.total: > 0 due, < 0 a credit */
	int64_t pending;          /* what insurance still owes (ar_payer) */
	int64_t earlier;          /* payments and credits not applied to a
				   * visit posted before from_day */
	const mo_stmt_line *lines;     /* by service day */
	size_t nlines;
	const mo_stmt_credit *credits; /* by day */
	size_t ncredits;
	int64_t created_us;       /* when it was made; 0 for a draft */
	const char *created_by;   /* who ran it */
	/* the practice (practice.yaml), which is paid */
	const char *practice, *legal_name, *phone; /* phone may be NULL */
	const mo_address *remit;  /* practice.address (fields may be NULL) */
} mo_statement;

/* A patient with a balance who gets no statement, and why. */
typedef struct mo_stmt_skip {
	int64_t patient;
	const char *patient_name; /* "Family, Given" */
	int64_t balance;
	const char *reason;       /* "on hold: ...", the rule's reason */
	const char *rule;         /* "'name' (file:line)"; "" for the core's
				   * own reasons (nothing due, merged) */
} mo_stmt_skip;

/* A non-zero return of a callback stops: see each function. */
typedef int (*mo_stmt_cb)(void *ud, const mo_statement *s);
typedef int (*mo_stmt_skip_cb)(void *ud, const mo_stmt_skip *k);

typedef struct mo_stmt_opts {
	int32_t as_of;      /* the statement date; 0: today; not after today */
	int64_t patient;    /* 0: every patient with a balance; else this one
			     * (an active patient), even with nothing due */
	bool dry_run;       /* decide and build, record nothing */
	int due_days;       /* 0: MO_STMT_DUE_DAYS; 1..MO_STMT_DUE_MAX */
	const char *format; /* "text" or "html", recorded; NULL: "text" */
} mo_stmt_opts;

typedef struct mo_stmt_result {
	int64_t run;     /* the run's id; 0 for a dry run */
	int64_t sent;    /* statements (made, in a dry run) */
	int64_t skipped;
	int64_t total;   /* the sum of their balances */
} mo_stmt_result;

/* Runs statements as actor with o (NULL: every patient, today): the
 * patients with a balance (ar_patient lines posted on or before the
 * statement date), by id, each decided by the rules for statement.send;
 * skipped (optional) is called for each patient who gets none, sent
 * (optional) for each statement, after it is recorded. One operation,
 * statement.run with the facts as_of, format, dry_run and patient (when
 * given). Refused with MO_EINVAL and nothing written: a date after today,
 * due_days or format out of range; MO_ENOTFOUND or MO_EINVAL for an
 * unknown or merged patient. A callback's non-zero return stops the run,
 * rolls it back and is returned (e says "statements: stopped"). *out
 * (optional) receives the counts. */
int mo_stmt_run(mo_practice *p, const char *actor, const mo_stmt_opts *o,
		mo_stmt_cb sent, mo_stmt_skip_cb skipped, void *ud,
		mo_stmt_result *out, mo_err *e);

/* Puts patient's statements on hold as actor (statement.hold, with the
 * facts patient, hold (true), reason and until): reason one line of 1 to
 * 200 characters; until_day the last day held (not before today), 0 until
 * released. A new hold replaces the one in force. */
int mo_stmt_hold(mo_practice *p, const char *actor, int64_t patient,
		 const char *reason, int32_t until_day, mo_err *e);

/* Releases the hold in force on patient's statements as actor
 * (statement.hold, with the facts patient, hold (false) and reason, which
 * is optional: NULL or one line of 1 to 200 characters). MO_ENOTFOUND
 * when none is in force today. */
int mo_stmt_release(mo_practice *p, const char *actor, int64_t patient,
		    const char *reason, mo_err *e);

/* A hold in force; strings valid during the callback only. */
typedef struct mo_stmt_hold_row {
	int64_t patient;
	const char *patient_name; /* "Family, Given" */
	const char *reason;
	int32_t until_day;        /* 0: until released */
	int64_t since_us;
	const char *by;           /* who set it */
} mo_stmt_hold_row;

typedef int (*mo_stmt_hold_cb)(void *ud, const mo_stmt_hold_row *h);

/* The holds in force today, by patient; an audited billing.read (record
 * "statement:holds"). cb's non-zero return stops and is returned. */
int mo_stmt_holds(mo_practice *p, const char *actor, mo_stmt_hold_cb cb,
		  void *ud, mo_err *e);

/* Which statements mo_stmt_list walks; zero fields do not filter. */
typedef struct mo_stmt_filter {
	int64_t patient;
	int64_t run;
} mo_stmt_filter;

/* The statements sent matching f (NULL: all) by id, without their lines
 * and credits (nlines and ncredits 0); an audited billing.read (record
 * "patient:N" when f names a patient, else "statements"). MO_ENOTFOUND
 * for an unknown patient. cb's non-zero return stops and is returned. */
int mo_stmt_list(mo_practice *p, const char *actor, const mo_stmt_filter *f,
		 mo_stmt_cb cb, void *ud, mo_err *e);

/* Calls cb once with statement id as it was sent, lines and credits
 * included (a reprint); an audited billing.read (record "patient:N").
 * MO_ENOTFOUND for no such statement; cb's non-zero return is returned. */
int mo_stmt_get(mo_practice *p, const char *actor, int64_t id, mo_stmt_cb cb,
		void *ud, mo_err *e);

#endif
