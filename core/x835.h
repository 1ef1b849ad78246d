/* x835.h: the ASC X12 835 health care claim payment/advice (remittance,
 * 005010X221A1) read into plain structs, with every balance checked. It
 * knows the 835's loops, not the practice: matching the claims and posting
 * the money is era.h's work.
 *
 * One mo_x835 is one transaction set (ST..SE): one payment (BPR) with its
 * trace (TRN), the payer (1000A) and payee (1000B), the claims paid (2100,
 * CLP) with their service lines (2110, SVC), their adjustments (CAS) and
 * remarks (MOA, LQ), and the provider-level adjustments (PLB). Amounts are
 * integer cents (X12 decimals with at most two places; negative in a
 * reversal). Reading refuses, naming the segment by its ordinal and byte
 * offset and the element, a segment out of place, a value of the wrong
 * form, and any of these imbalances:
 *   service line: SVC02 - its adjustments = SVC03;
 *   claim:        CLP03 - its adjustments and its lines' = CLP04;
 *   payment:      BPR02 = the sum of CLP04 - the sum of PLB amounts.
 * It uses x12.h and units.h. */
#ifndef MO_X835_H
#define MO_X835_H

#include "x12.h"

typedef struct mo_x835_adj {
	char group[3];       /* "CO", "PR", "OA", "PI", "CR" */
	const char *reason;  /* CARC: "45" */
	int64_t amount;      /* cents; > 0 reduces what is paid */
	size_t line;         /* index into lines, or SIZE_MAX: the claim's */
} mo_x835_adj;

typedef struct mo_x835_line {
	const char *code;        /* SVC01-2, or SVC06-2 when the payer
				    changed the code: what was billed */
	const char *modifiers[4];/* the rest NULL */
	int64_t charged, paid;   /* SVC02, SVC03 */
	int units;               /* SVC05, else 1 */
	int32_t day;             /* DTM*472 or 150; 0: none */
	const char *control;     /* REF*6R, the line item control; NULL */
	size_t first_remark, nremarks; /* LQ codes, into remarks */
	size_t seg;              /* the SVC's segment index */
} mo_x835_line;

typedef struct mo_x835_claim {
	const char *id;          /* CLP01: the patient control number */
	const char *status;      /* CLP02: "1" primary ... "4" denied, "22"
				    reversal */
	int64_t charged, paid, patient_due; /* CLP03, CLP04, CLP05 (0) */
	const char *payer_claim; /* CLP07; "" */
	const char *member_id;   /* NM1*QC or NM1*IL NM109; "" */
	const char *family, *given; /* NM1*QC */
	int32_t from, to;        /* DTM*232/233; 0: none */
	size_t first_remark, nremarks; /* MOA codes, into remarks */
	size_t first_line, nlines; /* into the set's lines */
	size_t first_adj, nadjs;   /* its own then its lines', into adjs */
	size_t seg;              /* the CLP's segment index */
} mo_x835_claim;

typedef struct mo_x835_plb {
	const char *reason;      /* PLB03-1: "L6" interest, "WO" ... */
	const char *reference;   /* PLB03-2; "" */
	int64_t amount;          /* > 0 reduces the payment */
} mo_x835_plb;

typedef struct mo_x835 {
	size_t first, last;          /* ST and SE segment indexes */
	const char *handling;        /* BPR01: "I", "H", "C", "P", "D", "U" */
	int64_t amount;              /* BPR02 */
	const char *method;          /* BPR04: "ACH", "CHK", "NON", ... */
	int32_t paid_day;            /* BPR16; 0: none */
	const char *trace;           /* TRN02: check or EFT number */
	const char *originator;      /* TRN03 */
	const char *payer_name;      /* N1*PR N102 */
	const char *payer_id;        /* N1*PR N104, else REF*2U; "" */
	const char *payee_name;      /* N1*PE N102 */
	const char *payee_npi;       /* N1*PE N104 when N103 is XX; "" */
	mo_x835_claim *claims;
	size_t nclaims;
	mo_x835_line *lines;
	size_t nlines;
	mo_x835_adj *adjs;           /* claim then line adjustments */
	size_t nadjs;
	mo_x835_plb *plbs;
	size_t nplbs;
	const char **remarks;        /* RARC codes ("N206") */
	size_t nremarks;
	char *pool;                  /* the components' copies (private) */
} mo_x835;

/* Reads every 835 set of the interchange x into *sets (*n of them; at
 * least one). Strings point into x, which must outlive them. Refused with
 * MO_EINVAL (nothing returned) as described above, or when x holds a set
 * of another type. Free with mo_x835_free(). */
int mo_x835_read(const mo_x12 *x, mo_x835 **sets, size_t *n, mo_err *e);
void mo_x835_free(mo_x835 *sets, size_t n);

/* Writes sets (n of them, each as read: claims, lines, adjustments,
 * remarks and PLBs, with a payer and payee) as one interchange headed by
 * h, one ST..SE per set: what the reader needs and reads back the same,
 * for synthetic payers (medoffice seed, benchmarks and tests), not every
 * segment a payer's 835 may carry. Balances are not checked here: the
 * reader checks them. *out (NUL-terminated, *len bytes) is the caller's,
 * freed with free(). */
struct mo_x12w_head;
int mo_x835_write(const mo_x835 *sets, size_t n,
		  const struct mo_x12w_head *h, char **out, size_t *len,
		  mo_err *e);

/* "segment 12 (CLP, byte 340)" for messages, into buf. */
const char *mo_x835_where(const mo_x12 *x, size_t seg, char buf[64]);

#endif
