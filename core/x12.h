/* x12.h: ASC X12 interchanges read and written at the level of the
 * syntax and the envelopes only (ISA/IEA, GS/GE, ST/SE); it knows nothing
 * of any transaction set (835, 837, 270 ...), which the billing module
 * reads and writes with these primitives.
 *
 * The reader copies the caller's buffer once and cuts the copy in place:
 * every element is a NUL-terminated string inside that copy (composites
 * and repetitions keep their separators; mo_x12_part() splits them).
 * The delimiters come from the ISA segment (the element separator is the
 * byte after "ISA", the repetition separator ISA11 from version 00501 on,
 * the component separator ISA16, the segment terminator the byte after
 * ISA16); the ISA is 106 bytes of fixed-width fields, terminator
 * included. Envelopes and their counts and control numbers are checked; TA1
 * segments may stand outside the functional groups. One buffer holds one
 * interchange: a second ISA after IEA is refused. CR, LF or CRLF after a
 * segment terminator are skipped. Every error message names the segment
 * by its ordinal (the ISA is segment 1) and byte offset, the segment id
 * or element ("SE01"), what was expected and what was found.
 *
 * The writer builds ISA (fixed widths), GS, ST ... SE, GE and IEA with the
 * counts and control numbers filled in, drops trailing empty elements,
 * components and repetitions, and refuses any value that contains a
 * delimiter (X12 has no escaping). What it writes, the reader reads back
 * with the same content. It uses only the C library (and mo_quote from
 * units.h). */
#ifndef MO_X12_H
#define MO_X12_H

#include "mo.h"

#define MO_X12_MAX_INPUT ((size_t)64 << 20) /* bytes in one interchange */
#define MO_X12_MAX_ELEMENTS 99              /* after the segment id */

/* The four delimiters. repetition is '\0' when the interchange has none
 * (ISA12 before 00501). */
typedef struct mo_x12_delims {
	char element, component, repetition, segment;
} mo_x12_delims;

/* ---- reader ---- */

typedef struct mo_x12 mo_x12;

/* Parses one interchange from buf (len bytes, not modified, need not be
 * NUL-terminated). MO_EINVAL with a message for malformed input, input
 * over MO_X12_MAX_INPUT bytes, a NUL byte or a segment of more than
 * MO_X12_MAX_ELEMENTS elements; MO_ENOMEM when memory runs out. On success
 * *out owns a copy of the text; caller frees it with mo_x12_free(). On
 * failure *out is NULL. */
int mo_x12_parse(const char *buf, size_t len, mo_x12 **out, mo_err *e);
/* For tests only: mo_x12_parse() with max (at most MO_X12_MAX_INPUT) as
 * the size limit. */
int mo_x12_parse_max(const char *buf, size_t len, size_t max, mo_x12 **out,
                     mo_err *e);
void mo_x12_free(mo_x12 *x);

mo_x12_delims mo_x12_delimiters(const mo_x12 *x);

/* Segments are indexed from 0 (the ISA) to mo_x12_count() - 1; messages
 * number them from 1 (the ordinal is the index + 1). */
size_t mo_x12_count(const mo_x12 *x);
/* The segment id ("NM1"), or NULL past the end. Owned by x. */
const char *mo_x12_id(const mo_x12 *x, size_t seg);
/* Byte offset of the segment's first byte in the parsed buffer. */
size_t mo_x12_offset(const mo_x12 *x, size_t seg);
/* Elements after the id, as written ("NM1*QC*1~" has 2). */
unsigned mo_x12_element_count(const mo_x12 *x, size_t seg);
/* Element el of segment seg, numbered as X12 does (NM103 is el 3; el 0 is
 * the id): a NUL-terminated string owned by x, with any component and
 * repetition separators it holds; "" when absent; NULL when seg is past
 * the end. */
const char *mo_x12_element(const mo_x12 *x, size_t seg, unsigned el);
/* Repetitions of the element (1 for a plain or empty element, 0 when
 * absent), and components of its repetition rep (1-based; 0 when absent). */
unsigned mo_x12_repeat_count(const mo_x12 *x, size_t seg, unsigned el);
unsigned mo_x12_component_count(const mo_x12 *x, size_t seg, unsigned el,
                                unsigned rep);
/* Component comp (1-based) of repetition rep (1-based) of the element:
 * a pointer into x's text with its length in *len, NOT NUL-terminated
 * (print with "%.*s"); "" with *len = 0 when absent. Owned by x. */
const char *mo_x12_part(const mo_x12 *x, size_t seg, unsigned el,
                        unsigned rep, unsigned comp, size_t *len);
/* mo_x12_part() of the first repetition: SVC01-2 is (seg, 1, 2). */
const char *mo_x12_component(const mo_x12 *x, size_t seg, unsigned el,
                             unsigned comp, size_t *len);

/* Functional groups and transaction sets in document order. Strings are
 * owned by x; first and last are segment indexes (GS..GE, ST..SE). */
typedef struct mo_x12_group {
	const char *functional_id; /* GS01: "HP", "HC", "HS" ... */
	const char *sender;        /* GS02 */
	const char *receiver;      /* GS03 */
	const char *control;       /* GS06 */
	const char *version;       /* GS08: "005010X221A1" */
	size_t first, last;
	size_t first_set, set_count; /* its sets, as mo_x12_set_at() indexes */
} mo_x12_group;

typedef struct mo_x12_set {
	const char *type;          /* ST01: "835" */
	const char *control;       /* ST02 */
	const char *functional_id; /* GS01 of its group */
	const char *version;       /* GS08 of its group */
	size_t group;              /* mo_x12_group_at() index */
	size_t first, last;
} mo_x12_set;

size_t mo_x12_group_count(const mo_x12 *x);
size_t mo_x12_set_count(const mo_x12 *x);
/* Fill *out and return true, or return false when i is past the end. */
bool mo_x12_group_at(const mo_x12 *x, size_t i, mo_x12_group *out);
bool mo_x12_set_at(const mo_x12 *x, size_t i, mo_x12_set *out);

/* ---- writer ---- */

typedef struct mo_x12_writer mo_x12_writer;

/* The interchange header. ISA01..ISA04 are written as "00" and blanks
 * (no authorization or security information), ISA12 as "00501". */
typedef struct mo_x12_isa {
	mo_x12_delims delims;      /* a '\0' field takes "*", ":", "^", "~" */
	bool newline;              /* write "\n" after each terminator */
	const char *sender_qual;   /* ISA05: 2 characters ("ZZ") */
	const char *sender;        /* ISA06: 1 to 15 characters */
	const char *receiver_qual; /* ISA07 */
	const char *receiver;      /* ISA08 */
	const char *date;          /* "CCYYMMDD": ISA09 (YYMMDD) and GS04 */
	const char *time;          /* "HHMM": ISA10 and GS05 */
	uint32_t control;          /* ISA13: 1 to 999999999 */
	bool ack_requested;        /* ISA14 */
	char usage;                /* ISA15: 'T' (test) or 'P' (production) */
} mo_x12_isa;

/* A functional group header; GS07 is "X", GS04 and GS05 the ISA's. */
typedef struct mo_x12_gs {
	const char *functional_id; /* GS01: "HC" (837), "HS" (270) ... */
	const char *sender;        /* GS02 */
	const char *receiver;      /* GS03 */
	uint32_t control;          /* GS06: 1 to 999999999 */
	const char *version;       /* GS08: "005010X222A1" */
} mo_x12_gs;

/* Starts an interchange and writes its ISA. On success the caller frees
 * *out with mo_x12_writer_free(). A failure of any writer call is kept:
 * every later call returns it again (with the same message), so that a
 * sequence of calls can be checked once at mo_x12_writer_finish(). */
int mo_x12_writer_new(const mo_x12_isa *isa, mo_x12_writer **out,
                      mo_err *e);
void mo_x12_writer_free(mo_x12_writer *w);

int mo_x12_writer_gs(mo_x12_writer *w, const mo_x12_gs *gs, mo_err *e);
/* ST01 type ("837"), ST02 control (4 to 9 characters), ST03 convention
 * (NULL or "" for none). */
int mo_x12_writer_st(mo_x12_writer *w, const char *type, const char *control,
                     const char *convention, mo_err *e);
/* A segment of n simple elements (NULL or "" for an empty one). The
 * envelope segments are written by their own functions only. */
int mo_x12_writer_segment(mo_x12_writer *w, const char *id, size_t n,
                          const char *const *values, mo_err *e);
/* The same, piece by piece: begin, then for each element one
 * mo_x12_writer_element() (its first component), then more components
 * with mo_x12_writer_component() and further repetitions (their first
 * component) with mo_x12_writer_repeat(); end writes the terminator. */
int mo_x12_writer_begin(mo_x12_writer *w, const char *id, mo_err *e);
int mo_x12_writer_element(mo_x12_writer *w, const char *value, mo_err *e);
int mo_x12_writer_component(mo_x12_writer *w, const char *value, mo_err *e);
int mo_x12_writer_repeat(mo_x12_writer *w, const char *value, mo_err *e);
int mo_x12_writer_end(mo_x12_writer *w, mo_err *e);
/* SE (SE01 counted, SE02 = ST02) and GE (GE01 counted, GE02 = GS06). */
int mo_x12_writer_se(mo_x12_writer *w, mo_err *e);
int mo_x12_writer_ge(mo_x12_writer *w, mo_err *e);
/* Writes IEA and hands over the text: *out (NUL-terminated, *len bytes)
 * is the caller's, freed with free(). The writer is left empty and is
 * still freed with mo_x12_writer_free(). */
int mo_x12_writer_finish(mo_x12_writer *w, char **out, size_t *len,
                         mo_err *e);

#endif
