/* seed.h: synthetic, deterministic activity for a practice (demo and
 * training practices, benchmarks): patients with obviously fictitious
 * names, then, day by day over the history, appointments following the
 * providers' hours (new patients first, then established visits to about
 * four fifths of the free time), each day's outcome (mostly checked out,
 * some no-shows and cancellations), a fortnight booked ahead, staff
 * shifts, recalls, and billing when practice.yaml has payers and fee
 * schedules: insurance for most patients (Medicare for the over-65s when
 * a medicare payer exists), the charges of each visit checked out (its
 * visit type's first code, one or two common diagnoses), co-payments at
 * check-in and each day's bank deposit; each Friday the week's claims,
 * every payer's 837P batch, and the payers' remittances (remit.h) for what
 * was submitted two weeks before, imported as a payer's 835; and when the
 * practice has a CLIA certificate and the waived_test workflow, the office
 * lab: kit and control lots, the operator's competency, each day's
 * storage temperatures and the QC that falls due, and a waived test of
 * the menu for about one visit in twelve taken from its order to its
 * closing (its charge on the visit); and the office: supplies at the
 * first location (gloves, syringes, prep pads, table paper) received on
 * the first day, used on open days and restocked (a receipt outside an
 * order) at their reorder point; an autoclave, a vaccine refrigerator and
 * an exam table with their spore test, daily temperature check and
 * yearly inspection, checked (passing) on the open day they fall due by
 * the first staff member who is not a provider and may
 * equipment.service; the landlord and the utility with their bills
 * entered on the first of each month (never paid: payments need
 * approvals); and a time card (clock-in near 07:30, clock-out near 17:30)
 * for each new shift of a past day whose staff member may
 * timecard.clock. Everything goes through the same
 * primitives users
 * use (patient registration, imports, status changes, shifts, recalls),
 * as the actor given, in large transactions; the medoffice clock is moved
 * through the days (clock.h) so that history is booked before it
 * happens. The same seed and options give the same data. It uses
 * practice.h, patient.h, sched.h, shift.h, recall.h, inventory.h,
 * equipment.h, payable.h, timecard.h and clock.h. */
#ifndef MO_SEED_H
#define MO_SEED_H

#include "practice.h"


/* The WAL pages between checkpoints while the seed runs (SQLite's default
 * is 1,000; 40,000 pages of 4 KiB are 160 MiB): a page the days write
 * again and again goes back to the database file once per checkpoint
 * instead of once per few days. The seed ends with a checkpoint that
 * empties the WAL file. */
#define MO_SEED_CHECKPOINT 40000

typedef struct mo_seed_opts {
	int patients;     /* how many to register (1..1,000,000) */
	int days;         /* days of history before today (0..3660) */
	int ahead;        /* days booked ahead (0..90) */
	int providers;    /* book for the first N providers (0: all) */
	uint64_t seed;    /* the random seed */
	/* Progress (optional): called now and then with what is done. */
	void (*progress)(void *ud, const char *what, long done, long total);
	void *ud;
} mo_seed_opts;

typedef struct mo_seed_counts {
	long patients, appointments, checked_out, no_shows, cancelled;
	long shifts, recalls;
	long insured, charges, payments, deposits; /* billing */
	long claims, batches, remittances, claims_paid, denied;
	long clia_tests; /* CLIA-waived tests taken to their closing */
	long items, services, bills, timecards; /* the office */
	long hires, reviews;                    /* the personnel file */
	long checklist_results, pickups, incidents; /* compliance */
} mo_seed_counts;

/* Seeds p as actor (who must be allowed every action used, such as the
 * system actor). On failure nothing of the failing day is kept and e says
 * why; what earlier days wrote stays (each day is one transaction). */
int mo_seed_run(mo_practice *p, const char *actor, const mo_seed_opts *o,
		mo_seed_counts *out, mo_err *e);

#endif
