/* clia.h: CLIA-waived testing records and the tests' workflow. The
 * practice's menu is the built-in waived tests (codes.h) with what
 * practice.yaml's clia.catalogue says of them, or tests of its own
 * (clia_menu.c). The core keeps, append-only (triggers refuse updates and
 * deletes but a purge past retention): kit and control lots per shipment
 * with their storage and openings, storage temperatures, corrective
 * actions, QC runs and competencies (clia_records.c); each test ordered
 * for a visit, moved through its workflow (workflow.h; the policy
 * clia/waived_test.lua) with facts the core computes from the records and
 * that an event cannot override (the certificate in force and allowing
 * the test's complexity, the lots, the storage temperature, QC by the
 * test's QC policy, the operator's competency and QC, the patient's
 * identifiers, the specimen type, the value and whether it is critical),
 * each step writing its record (specimen, result, amendment, critical
 * call, review, referral, notification) and the closing its charge on
 * the visit's encounter, with QW where the test takes it (clia.c); the
 * lists and logs (clia_list.c); and the purge through approval
 * (clia_purge.c). Changes are operations (clia.order, clia.qc,
 * clia.competency, clia.purge and each transition's action); reads are
 * audited as workflow.read. It uses practice.h, workflow.h and
 * charge.h. */
#ifndef MO_CLIA_H
#define MO_CLIA_H

#include "practice.h"
#include "workflow.h"

/* A test of the practice's menu, resolved: the built-in waived test
 * (codes.h) with what practice.yaml's clia.catalogue says of it, or the
 * practice's own test. Strings point into static or config memory, or
 * into the struct's buffers; numbers are hundredths. */
typedef struct mo_clia_test_kind {
	const char *id, *name, *code;
	const char *device, *manufacturer, *insert; /* "" when not given */
	const char *complexity; /* "waived", "ppm", "moderate", "high" */
	bool qw;                /* QW applies (false: a QW-exempt code) */
	char specimens[256];    /* allowed types, comma-separated */
	char values[256];       /* allowed values, comma-separated; "": numeric */
	int64_t low, high;      /* numeric values allowed */
	bool has_critical_low, has_critical_high;
	int64_t critical_low, critical_high; /* called to the provider at once */
	const char *units, *reference;       /* "" when not given */
	int qc_days;            /* external QC at least this often */
	bool qc_new_lot, qc_new_shipment, qc_new_operator;
	const char *storage;    /* where its kits are kept */
} mo_clia_test_kind;

/* The test id of the practice's menu (clia.tests and clia.catalogue) into
 * *out. MO_EINVAL naming the test when it is not on the menu. */
int mo_clia_test(mo_practice *p, const char *id, mo_clia_test_kind *out,
		 mo_err *e);

/* The i-th test of the menu into *out; MO_ENOTFOUND past the last. */
int mo_clia_menu_at(mo_practice *p, size_t i, mo_clia_test_kind *out);

/* Whether a certificate of type ("waiver", "ppm", "compliance",
 * "accreditation") allows testing of complexity ("waived", "ppm",
 * "moderate", "high"). */
bool mo_clia_certificate_allows(const char *type, const char *complexity);

/* The range (hundredths of a degree C) of storage id: practice.yaml's
 * clia.storage, else the built-in "room" (15-30) and "fridge" (2-8).
 * False when there is no such storage. */
bool mo_clia_storage_range(mo_practice *p, const char *id, int64_t *low,
			   int64_t *high);

typedef struct mo_clia_lot_new {
	const char *test, *kind; /* "kit" or "control" */
	const char *lot;
	const char *shipment;    /* NULL: "1"; the same lot may come again */
	int32_t expires;         /* a day */
	const char *storage;     /* NULL: the test's */
} mo_clia_lot_new;

/* Records a kit or control lot as received today. *id optional. */
int mo_clia_lot_add(mo_practice *p, const char *actor,
		    const mo_clia_lot_new *in, int64_t *id, mo_err *e);

/* Records that the latest shipment of lot (of test, kind) was opened
 * today. */
int mo_clia_lot_open(mo_practice *p, const char *actor, const char *test,
		     const char *kind, const char *lot, mo_err *e);

/* Records a reading of storage (hundredths of a degree C) with an
 * optional note; *in_range (optional) says whether it was in the
 * storage's range. An out-of-range reading blocks the tests kept there
 * until a reading in range. */
int mo_clia_temperature(mo_practice *p, const char *actor,
			const char *storage, int64_t reading, const char *note,
			bool *in_range, mo_err *e);

/* Records a corrective action: the problem and what was done, about a
 * test, a lot and/or a storage (each optional). After a failed QC of a
 * test, a corrective action for that test is needed before the QC gate
 * passes again. */
int mo_clia_corrective(mo_practice *p, const char *actor, const char *test,
		       const char *lot, const char *storage,
		       const char *problem, const char *action, mo_err *e);

/* Records a QC run of test with kit lot lot: control level ("positive",
 * "negative"), what was expected and observed (passed when equal), why it
 * was run ("new lot", "30 days", ...), and after a failure the corrective
 * action taken (NULL when none). *passed optional. */
int mo_clia_qc(mo_practice *p, const char *actor, const char *test,
	       const char *lot, const char *level, const char *expected,
	       const char *observed, const char *why, const char *corrective,
	       bool *passed, mo_err *e);

/* Records that staff is competent to perform test until day until. */
int mo_clia_competency(mo_practice *p, const char *actor, const char *staff,
		       const char *test, int32_t until, mo_err *e);

/* Orders test for the patient of appointment with an ICD-10-CM reason:
 * refused when the practice has no current CLIA certificate allowing
 * waived tests, or the test is not in the catalogue and practice.yaml's
 * clia.tests. Starts its workflow; *id (optional) receives the test's id. */
int mo_clia_order(mo_practice *p, const char *actor, int64_t appointment,
		  const char *test, const char *dx, int64_t *id, mo_err *e);

/* Moves test id by event with facts (the caller's, e.g. lot, value,
 * identifiers; the computed facts above replace any of the same name).
 * A "result" records the value; reaching "closed" enters the charge. As
 * mo_wf_fire() otherwise; state (optional) receives the new state. */
int mo_clia_step(mo_practice *p, const char *actor, int64_t id,
		 const char *event, const mo_fact *facts, size_t n,
		 char state[MO_WF_ID], mo_err *e);

typedef struct mo_clia_qc_row {
	int64_t at_us;
	const char *test, *lot, *level, *expected, *observed, *why;
	const char *corrective, *operator_;
	bool passed;
} mo_clia_qc_row;

typedef int (*mo_clia_qc_cb)(void *ud, const mo_clia_qc_row *r);

/* The QC log of days from..to (inclusive), oldest first; an audited read. */
int mo_clia_qc_log(mo_practice *p, const char *actor, int32_t from,
		   int32_t to, mo_clia_qc_cb cb, void *ud, mo_err *e);

typedef struct mo_clia_test_row {
	int64_t id, run, appointment, patient;
	const char *test, *state, *patient_name, *lot, *value;
	bool final;
	int64_t updated_us;
} mo_clia_test_row;

typedef int (*mo_clia_test_cb)(void *ud, const mo_clia_test_row *r);

/* The tests still open (all when all), by state then id: what awaits
 * each step; an audited read of patient data. */
int mo_clia_status(mo_practice *p, const char *actor, bool all,
		   mo_clia_test_cb cb, void *ud, mo_err *e);

typedef struct mo_clia_lot_row {
	const char *test, *kind, *lot;
	int32_t expires, received;
} mo_clia_lot_row;

typedef int (*mo_clia_lot_cb)(void *ud, const mo_clia_lot_row *r);

/* The lots expiring on or before through (0: every lot), soonest first;
 * an audited read. */
int mo_clia_lots(mo_practice *p, const char *actor, int32_t through,
		 mo_clia_lot_cb cb, void *ud, mo_err *e);

typedef struct mo_clia_competency_row {
	const char *staff, *test, *assessed_by;
	int32_t until; /* the latest record's */
} mo_clia_competency_row;

typedef int (*mo_clia_competency_cb)(void *ud,
				     const mo_clia_competency_row *r);

/* Each person's latest competency per test, soonest due first; an
 * audited read. */
int mo_clia_competencies(mo_practice *p, const char *actor,
			 mo_clia_competency_cb cb, void *ud, mo_err *e);

/* ---- what is due, the logs, the certificate, a test's record
 * (clia_list.c; each an audited read) ---- */

typedef struct mo_clia_due_row {
	const char *what;  /* "certificate", "qc", "lot", "competency",
			    * "temperature" */
	const char *test, *lot, *staff, *storage; /* NULL when not its kind */
	int32_t due;       /* the day it is (or was) due */
	const char *why;   /* one line: "30 days since the last passing QC" */
} mo_clia_due_row;

typedef int (*mo_clia_due_cb)(void *ud, const mo_clia_due_row *r);

/* What falls due on or before day through (overdue included), soonest
 * first: the certificate's expiry; external QC per test of the menu and
 * kit lot in use (none of its shipments expired): the last passing QC
 * (of the lot, when the test's QC policy asks it of each new lot) plus
 * the test's QC days, or today when there is none since the test's last
 * failure or (policy new_shipment) since the lot's latest shipment; lots
 * expiring; each person's latest competency per test; and each storage
 * of lots in use with no reading today or whose latest reading was out
 * of range (due today). */
int mo_clia_due(mo_practice *p, const char *actor, int32_t through,
		mo_clia_due_cb cb, void *ud, mo_err *e);

typedef struct mo_clia_corrective_row {
	int64_t at_us;
	const char *test, *lot, *storage; /* NULL when not given */
	const char *problem, *action, *by;
} mo_clia_corrective_row;

typedef int (*mo_clia_corrective_cb)(void *ud,
				     const mo_clia_corrective_row *r);

/* The corrective actions of days from..to, oldest first: those recorded
 * alone and those recorded with a QC run (problem "QC failed"). MO_EINVAL
 * when from is after to. */
int mo_clia_corrective_log(mo_practice *p, const char *actor, int32_t from,
			   int32_t to, mo_clia_corrective_cb cb, void *ud,
			   mo_err *e);

typedef struct mo_clia_temperature_row {
	int64_t at_us;
	const char *storage, *by, *note; /* note NULL when none */
	int64_t reading, low, high;      /* hundredths of a degree C */
	bool in_range;
} mo_clia_temperature_row;

typedef int (*mo_clia_temperature_cb)(void *ud,
				      const mo_clia_temperature_row *r);

/* The temperature log of days from..to, oldest first (MO_EINVAL when
 * from is after to). */
int mo_clia_temperatures(mo_practice *p, const char *actor, int32_t from,
			 int32_t to, mo_clia_temperature_cb cb, void *ud,
			 mo_err *e);

typedef struct mo_clia_certificate_row {
	int version;
	int64_t at_us;
	const char *by;            /* who applied practice.yaml */
	const char *number, *type, *director; /* NULL when not given */
	int32_t effective, expires; /* 0 when not given */
	bool active;               /* false: the clia section was removed
				    * (the version keeps its last data) */
} mo_clia_certificate_row;

typedef int (*mo_clia_certificate_cb)(void *ud,
				      const mo_clia_certificate_row *r);

/* Every version of the CLIA certificate (practice.yaml's clia, as
 * applied; sync.h keeps each entity's versions), newest first. */
int mo_clia_certificates(mo_practice *p, const char *actor,
			 mo_clia_certificate_cb cb, void *ud, mo_err *e);

typedef struct mo_clia_record_row {
	int64_t at_us;
	const char *kind; /* "ordered", "specimen", "rejected", "result",
			   * "invalid", "amended", "critical_call", "review",
			   * "referral", "notification" */
	const char *by;
	const char *text; /* one line: "throat swab; identifiers name, dob";
			   * an amendment "result 2 amends result 1: positive
			   * -> negative, REASON" */
} mo_clia_record_row;

typedef int (*mo_clia_record_cb)(void *ud, const mo_clia_record_row *r);

/* Test id: head (optional) once with the test as mo_clia_status() gives
 * it, then cb with everything recorded of it, in time order (an amended
 * result keeps the original before it). MO_ENOTFOUND when there is no
 * such test. */
int mo_clia_record(mo_practice *p, const char *actor, int64_t id,
		   mo_clia_test_cb head, mo_clia_record_cb cb, void *ud,
		   mo_err *e);

/* ---- retention (clia_purge.c) ---- */

/* What a purge removed: rows of each kind (tests with their specimens,
 * results, reviews, notifications and workflow history counted once per
 * test), every row deleted in all (rows), and the purge's own record. */
typedef struct mo_clia_purged {
	int64_t tests, qc, lots, temperatures, correctives, competencies;
	int64_t rows;  /* every row deleted, of every table */
	int64_t purge; /* the purge record's id (table purge) */
} mo_clia_purged;

/* How many years the records are kept: practice.yaml
 * clia.retention_years, at least 2 (the default). */
int mo_clia_retention_years(mo_practice *p);

/* The first day whose records must still be kept: today less
 * mo_clia_retention_years() calendar years (Feb 29 -> Feb 28). */
int32_t mo_clia_retention_start(mo_practice *p);

/* 0 when records from before day before may be purged, else MO_EINVAL
 * naming that day and mo_clia_retention_start(). */
int mo_clia_purge_check(mo_practice *p, int32_t before, mo_err *e);

/* Asks approval (kind "clia_purge", guarding the action clia.purge; its
 * summary "Purge CLIA records from before YYYY-MM-DD", its fact before
 * that date) to purge the records from before day before: refused when
 * before is after mo_clia_retention_start(). *request (optional)
 * receives its id. Approvals run the purge once approved (approval.h). */
int mo_clia_purge_request(mo_practice *p, const char *actor, int32_t before,
			  int64_t *request, mo_err *e);

/* The guarded action (operation clia.purge): deletes the tests whose run
 * ended (final) before the start of day before in the practice's zone,
 * with their specimens, results, reviews, notifications, workflow steps
 * and run (their charges stay); the QC runs, temperatures and corrective
 * actions of days before it; the lots expired before it with their
 * openings; and the competencies that ended before it and were
 * superseded by a later record of the same person and test. Records the
 * purge (table purge: its day, request, who, the counts) and fills *out
 * (optional). Only through an approved request: request must be an open
 * "clia_purge" request whose fact before is that day and that has not
 * run yet, and the actor needs clia.purge, which the approval grants as
 * it runs it. All or nothing: a failure leaves every record in place. */
int mo_clia_purge(mo_practice *p, const char *actor, int32_t before,
		  int64_t request, mo_clia_purged *out, mo_err *e);

#endif
