/* clia.h: CLIA-waived testing records and the tests' workflow. The core
 * keeps a catalogue of the waived tests it knows (code, whether the QW
 * modifier applies, specimen, allowed values, how often external QC is
 * due), the practice's kit and control lots, its QC runs, and each
 * person's competency per test; all append-only. A test is ordered for a
 * patient's visit and then moved through its workflow (workflow.h; the
 * policy clia/waived_test.lua) with facts the core computes from those
 * records and that an event cannot override: whether the practice's CLIA
 * certificate is current and allows waived testing, whether the kit lot
 * is expired, whether a passing QC of that lot is on record since the last
 * failure and within the test's QC interval (and a corrective action
 * after a failure), whether the operator has a current competency, and
 * whether a result value is one the test allows. When a test closes its
 * charge goes to the visit's encounter (with QW where the test takes it;
 * the claim edits take it off for payers that do not want it). Changes
 * are operations (clia.order, clia.qc, clia.competency, and each
 * transition's action); reads are audited as workflow.read. It uses
 * practice.h, workflow.h and charge.h. */
#ifndef MO_CLIA_H
#define MO_CLIA_H

#include "practice.h"
#include "workflow.h"

typedef struct mo_clia_test_kind {
	const char *id;        /* "rapid_strep" (practice.yaml clia.tests) */
	const char *code;      /* "87880" */
	bool qw;               /* QW applies (false: a QW-exempt code) */
	const char *specimen;  /* "throat swab" */
	const char *values;    /* "positive,negative" or NULL: numeric */
	int low, high;         /* numeric values allowed (values NULL) */
	int qc_days;           /* external QC at least this often */
} mo_clia_test_kind;

/* The catalogue entry of id, or NULL. Static. */
const mo_clia_test_kind *mo_clia_kind(const char *id);

/* Records a kit or control lot ("kit", "control") of test as received
 * today, expiring on expires (a day). *id optional. */
int mo_clia_lot_add(mo_practice *p, const char *actor, const char *test,
		    const char *kind, const char *lot, int32_t expires,
		    int64_t *id, mo_err *e);

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

#endif
