/* credential.h: licences and credentials, as one list.
 *
 * Every credential of the practice, from practice.yaml: each staff
 * member's (licences, certifications, CPR/BLS, required trainings), each
 * provider's state licence, DEA registration, board certification and
 * payer enrollments, the practice's own licences and policies
 * (practice.licences: facility licences, business and malpractice
 * insurance, permits) and the CLIA certificate. Each is a row of one
 * shape (mo_cred) with its holder, dates, lead time and status, so that
 * `check`'s warnings (config.h mo_config_warnings), the one task list
 * (due.h), the `credentials` command and the `expirations` report show
 * the same things at the same time.
 *
 * The lead time of a renewal has one rule (mo_cred_lead): the entry's own
 * notice_days, else practice.notice_days for its kind, else
 * practice.notice_days.default, else MO_NOTICE_DAYS_DEFAULT.
 *
 * The facts for policies that stop a provider with a lapsed licence or
 * without an enrollment are here too (mo_cred_licensed,
 * mo_cred_enrollment). It uses config.h, practice.h, due.h and units.h. */
#ifndef MO_CREDENTIAL_H
#define MO_CREDENTIAL_H

#include "due.h"
#include "practice.h"

#define MO_NOTICE_DAYS_DEFAULT 60 /* without practice.notice_days */
#define MO_NOTICE_DAYS_MAX 1095   /* a lead time is 0..1095 days */

/* The kinds the list gives to what is not a staff credential or a
 * practice licence (those keep the kind written in practice.yaml); each
 * may be a key of practice.notice_days. NULL-terminated. */
extern const char *const mo_cred_kinds[]; /* "license", "DEA", "board",
					    * "enrollment", "CLIA" */

typedef struct mo_cred {
	const char *holder;      /* a staff id, or "practice" */
	const char *holder_name; /* the staff member's or the practice's name */
	const char *kind;        /* "CMA", "BLS", "license", "DEA", "board",
				  * "enrollment", "facility_license", "CLIA" */
	const char *what;        /* one line: "license 209-012345 (IL)" */
	const char *number;      /* or NULL */
	const char *issuer;      /* a licence's state, a board, an enrollment's
				  * payer id, or what was written; or NULL */
	int32_t issued;          /* issued, certified or effective; 0 = none */
	int32_t expires;         /* 0 = does not expire */
	int lead;                /* days of notice before expires */
	int32_t renew;           /* expires - lead (0 when no expiry) */
	const char *status;      /* "current", "renew" (within its lead
				  * time), "expired"; enrollments also
				  * "pending" (or not yet effective),
				  * "denied", "terminated" */
	const char *path;        /* its place in practice.yaml:
				  * "staff[1].credentials[0]" */
	const mo_node *node;     /* there (for file:line:col) */
} mo_cred;

/* Called for each row (strings valid during the call only); non-zero
 * stops and is returned. */
typedef int (*mo_cred_cb)(void *ud, const mo_cred *c);

/* The lead time in days of a credential of kind whose own notice_days
 * is notice_days (-1: none given). */
int mo_cred_lead(const mo_config *c, const char *kind, int notice_days);

/* Every credential of c, its status as of day today, in practice.yaml's
 * order: staff, providers (licence, DEA, board, enrollments), the
 * practice's licences, the CLIA certificate. No database, no audit.
 * Returns what cb returned to stop, else 0. */
int mo_cred_each(const mo_config *c, int32_t today, mo_cred_cb cb, void *ud);

typedef struct mo_cred_filter {
	const char *holder; /* a staff id or "practice"; NULL = all */
	int within;         /* only those expiring within this many days
			     * of today (expired ones included); -1 = all */
} mo_cred_filter;

/* The rows of the practice's credentials that pass f (NULL: all), as of
 * its today. With an actor, an audited read (action "credential.read");
 * actor NULL is a plain read for policies and reports (their operation
 * holds the audit entry). MO_EINVAL for an unknown holder or a negative
 * within other than -1. */
int mo_cred_list(mo_practice *p, const char *actor, const mo_cred_filter *f,
		 mo_cred_cb cb, void *ud, mo_err *e);

/* Whether provider (a staff id)'s state licence is valid on day: not
 * expired (it expires on or after day) and, when an issue date is
 * recorded, issued on or before day. True when no licence or no expiry
 * is recorded. */
bool mo_cred_licensed(const mo_config *c, const char *provider, int32_t day);

/* The provider's enrollment status with payer on day: "enrolled",
 * "pending", "denied", "terminated", "expired" (its revalidation date
 * passed) or "none" (no enrollment recorded with that payer). Of several
 * entries with the payer, the latest effective on or before day counts;
 * one effective only after day makes it "pending". Static strings. */
const char *mo_cred_enrollment(const mo_config *c, const char *provider,
			       const char *payer, int32_t day);

/* The due source of the one task list (due.h): each credential whose
 * renewal day (expires - lead) is on or before through, as "Renew
 * <holder>'s <what> (expires|expired <date>)", source "licence", for the
 * holder (or anyone whose job may do practice.apply). */
int mo_cred_due(mo_practice *p, int32_t through, mo_due_cb cb, void *ud,
		mo_err *e);

#endif
