/* recall.h: the recall list: patients due for a follow-up visit (a
 * diabetic check every three months, an annual physical), each with a
 * due date, a reason and optionally a provider. The front desk calls the
 * patients due and marks each recall booked or closed. Adding and closing
 * are the operation recall.add; the list is an audited read of patient
 * data (patient.read). It uses practice.h and patient.h. */
#ifndef MO_RECALL_H
#define MO_RECALL_H

#include "practice.h"

typedef struct mo_recall {
	int64_t id, patient;
	const char *provider; /* NULL: any */
	int32_t due_day;
	const char *reason, *status; /* "due", "booked", "closed" */
	const char *patient_name, *phone;
} mo_recall;

/* Puts patient (active) on the recall list as actor. */
int mo_recall_add(mo_practice *p, const char *actor, int64_t patient,
		  const char *provider, int32_t due_day, const char *reason,
		  int64_t *id, mo_err *e);

/* Marks a due recall "booked" or "closed". */
int mo_recall_close(mo_practice *p, const char *actor, int64_t id,
		    const char *status, mo_err *e);

typedef int (*mo_recall_cb)(void *ud, const mo_recall *r);

/* The recalls due on or before by_day, by due date (an audited read). */
int mo_recall_due(mo_practice *p, const char *actor, int32_t by_day,
		  mo_recall_cb cb, void *ud, mo_err *e);

#endif
