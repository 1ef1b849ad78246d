/* x12w.h: what the writers of transaction sets (x837.c, x270.c, the
 * 835 writer of x835.c) share. They check every value before they write
 * anything, so the checks here refuse with a message naming where the
 * value stands ("the batch", "claim 2 (\"C-7\")") and its field, then
 * what was expected and what was found. The writing helpers start and
 * finish a one-set interchange (ISA, GS, ST ... SE, GE, IEA, with the
 * control number of the batch in ISA13, GS06 and ST02), write segments
 * of simple elements and HL segments numbered in order, and format dates
 * and times as X12 does. The writer (x12.h) keeps its first failure, so
 * a sequence of writes is checked once at its end. It uses x12.h,
 * codes.h and units.h. */
#ifndef MO_X12W_H
#define MO_X12W_H

#include "mo.h"
#include "units.h"
#include "x12.h"

#define MO_X12W_QSIZE (MO_QUOTE_MAX * 4 + 16) /* a quoted value */
#define MO_X12W_CONTROL_MAX 999999999u

/* ---- checks ---- */

/* Where a check stands ("the batch", "claim 2 (\"C-7\")") and where its
 * refusal goes. */
typedef struct mo_x12w_check {
	char where[2 * MO_X12W_QSIZE + 64]; /* a payer and a request */
	mo_err *e;
} mo_x12w_check;

/* Sets MO_EINVAL with "WHERE, FIELD: what" in v->e; returns MO_EINVAL. */
int mo_x12w_refuse(const mo_x12w_check *v, const char *field,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* s quoted for a message, in buf. */
const char *mo_x12w_quote(const char *s, char buf[MO_X12W_QSIZE]);
/* s is not NULL and not "". */
bool mo_x12w_present(const char *s);
/* a and b hold the same text, NULL counting as "". */
bool mo_x12w_same(const char *a, const char *b);

/* A required text of at most max bytes; the optional form accepts NULL
 * and "". */
int mo_x12w_text(const mo_x12w_check *v, const char *field, const char *s,
                 size_t max);
int mo_x12w_opt_text(const mo_x12w_check *v, const char *field,
                     const char *s, size_t max);
/* A required code that ok() accepts; what says what was expected ("an
 * NPI of 10 digits ..."). The optional form accepts NULL and "". */
int mo_x12w_code(const mo_x12w_check *v, const char *field, const char *s,
                 bool (*ok)(const char *), const char *what);
int mo_x12w_opt_code(const mo_x12w_check *v, const char *field,
                     const char *s, bool (*ok)(const char *),
                     const char *what);
/* A day (days since 1970-01-01) from 1900-01-01 to 2999-12-31. */
int mo_x12w_day(const mo_x12w_check *v, const char *field, int32_t day);

#define MO_X12W_NPI_WHAT "an NPI of 10 digits with a valid check digit"
/* An NPI with a valid check digit (codes.h), as a check function. */
bool mo_x12w_npi_ok(const char *s);

/* A name and its X12 code, in tables ending with {NULL, NULL}. */
typedef struct mo_x12w_pair {
	const char *name, *code;
} mo_x12w_pair;

/* DMG03: female F, male M, unknown U. */
extern const mo_x12w_pair mo_x12w_sexes[];
/* The code of name in t, or NULL (also for a NULL name). */
const char *mo_x12w_code_of(const mo_x12w_pair *t, const char *name);
/* A sex of mo_x12w_sexes. */
int mo_x12w_sex(const mo_x12w_check *v, const char *field, const char *sex);

/* ---- the interchange ---- */

/* What heads every batch: ISA06/GS02, ISA08/GS03 (1 to 15 characters),
 * the control number (1..999999999: ISA13, GS06, ST02 as 4 digits or
 * more), usage 'T' (test) or 'P' (production), the creation day and time
 * of day in seconds (ISA09/ISA10, GS04/GS05, BHT04/BHT05) and the
 * batch's own reference (BHT03, 1 to 50 characters). */
typedef struct mo_x12w_head {
	const char *sender_id, *receiver_id;
	uint32_t control;
	char usage;
	int32_t day, seconds;
	const char *reference;
} mo_x12w_head;

/* Checks every field of h, each refusal naming it. */
int mo_x12w_check_head(const mo_x12w_check *v, const mo_x12w_head *h);

/* Starts a checked interchange: ISA, GS (functional_id, version) and ST
 * (type, with version as its convention). On success the caller frees
 * *w with mo_x12_writer_free(). */
int mo_x12w_start(const mo_x12w_head *h, const char *functional_id,
                  const char *type, const char *version, mo_x12_writer **w,
                  mo_err *e);
/* BHT: structure (BHT01), purpose (BHT02), then h's reference, day and
 * time; type (BHT06) NULL for none. */
int mo_x12w_bht(mo_x12_writer *w, const mo_x12w_head *h,
                const char *structure, const char *purpose,
                const char *type, mo_err *e);
/* SE, GE and IEA, then hands over the text as mo_x12_writer_finish()
 * does (*out is the caller's, freed with free()). */
int mo_x12w_finish(mo_x12_writer *w, char **out, size_t *len, mo_err *e);

/* A segment of n simple elements (NULL or "" for an empty one). */
int mo_x12w_seg(mo_x12_writer *w, mo_err *e, const char *id,
                const char *const *values, size_t n);
/* The same with the elements listed: MO_X12W_SEG(w, e, "DMG", "D8", d). */
#define MO_X12W_SEG(w, e, id, ...)                                             \
	mo_x12w_seg((w), (e), (id), (const char *const[]){__VA_ARGS__},        \
	            sizeof((const char *const[]){__VA_ARGS__}) / sizeof(char *))

/* HL with the next number (*last + 1, stored into *last and *id), parent
 * (0: none), level ("20") and whether children follow. */
int mo_x12w_hl(mo_x12_writer *w, mo_err *e, unsigned *last, unsigned parent,
               const char *level, bool children, unsigned *id);

/* ---- formatting ---- */

/* day as "CCYYMMDD" in buf. */
const char *mo_x12w_ccyymmdd(int32_t day, char buf[16]);
/* seconds of the day (0..86399) as "HHMM" in buf. */
const char *mo_x12w_hhmm(int32_t seconds, char buf[8]);

#endif
