/* x12.c: the X12 reader and writer declared in x12.h. The reader checks
 * the input as a whole (size, NUL bytes), copies it once, reads the
 * fixed-width ISA to learn the delimiters, then finds each segment's
 * terminator and cuts the segment at its element separators in place,
 * keeping only offsets into the copy in arrays that double as they fill;
 * a small state machine checks the envelopes (order, counts, control
 * numbers) as each segment arrives. Components and repetitions are split
 * only when asked for. The writer appends to one growable buffer and
 * remembers where the last non-empty element, repetition and component
 * ended, so that trailing empty ones are cut off before each terminator;
 * its first failure is kept and returned by every later call. It uses
 * only the C library and mo_quote() from units.h. */
#include "x12.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"

#define ISA_LEN 106 /* bytes, terminator included */
#define QSIZE (MO_QUOTE_MAX * 4 + 16)
#define CONTROL_MAX 999999999UL

/* Where the envelopes stand, for the reader and the writer alike. */
enum { IN_ISA, IN_GS, IN_ST, DONE };

/* Widths of ISA01..ISA16. */
static const unsigned char isa_width[16] = {2, 10, 2, 10, 2, 15, 2, 15,
                                            6, 4,  1, 5, 9, 1,  1, 1};

/* ---- shared by the reader and the writer ---- */

static const char *quote(const char *s, size_t n, char *buf)
{
	return mo_quote(s, n, buf, QSIZE);
}

static const char *quote_str(const char *s, char *buf)
{
	return quote(s, strlen(s), buf);
}

static bool id_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* 2 or 3 capital letters or digits. */
static bool id_ok(const char *s, size_t n)
{
	return n >= 2 && n <= 3 && id_char(s[0]) && id_char(s[1]) &&
	       (n == 2 || id_char(s[2]));
}

static bool digits_ok(const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* The segments that open and close envelopes: ISA IEA GS GE ST SE. */
static bool is_envelope(const char *id)
{
	switch (id[0]) {
	case 'G': return (id[1] == 'S' || id[1] == 'E') && !id[2];
	case 'S': return (id[1] == 'T' || id[1] == 'E') && !id[2];
	case 'I': return strcmp(id, "ISA") == 0 || strcmp(id, "IEA") == 0;
	default: return false;
	}
}

/* Delimiters in the order element, repetition, component, segment. */
static const char *const delim_name[4] = {
    "the element separator", "the repetition separator",
    "the component separator", "the segment terminator"};

/* Why c cannot be delimiter number which, or NULL when it can. */
static const char *delim_fault(char c, int which)
{
	unsigned char u = (unsigned char)c;
	if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
	    (u >= '0' && u <= '9'))
		return "a letter or digit";
	if (u == ' ')
		return "a space";
	if (which != 3 && (u == '\r' || u == '\n'))
		return "a line break";
	return NULL;
}

/* -1 when d can serve as delimiters (a '\0' repetition meaning none);
 * else the number of the faulty one, with the reason in buf. */
static int delims_check(const mo_x12_delims *d, char *buf, size_t size)
{
	const char c[4] = {d->element, d->repetition, d->component, d->segment};
	char q[QSIZE];
	int i, j;
	for (i = 0; i < 4; i++) {
		const char *f = c[i] || i != 1 ? delim_fault(c[i], i) : NULL;
		if (f) {
			snprintf(buf, size, "%s %s may not be %s",
			         delim_name[i], quote(&c[i], 1, q), f);
			return i;
		}
	}
	for (j = 1; j < 4; j++)
		for (i = 0; i < j; i++)
			if (c[j] && c[i] == c[j]) {
				snprintf(buf, size, "%s %s is also %s",
				         delim_name[j], quote(&c[j], 1, q),
				         delim_name[i]);
				return j;
			}
	return -1;
}

/* ---- reader: the document ---- */

typedef struct x12_grp {
	uint32_t gs, ge, first_set, sets;
} x12_grp;

typedef struct x12_set {
	uint32_t st, se, grp;
} x12_set;

struct mo_x12 {
	char *text; /* the copy, cut at element separators and terminators */
	size_t size;
	mo_x12_delims d;
	uint32_t *el; /* offsets of every segment's id and elements */
	size_t n_el, cap_el;
	uint32_t *seg; /* index in el[] of each segment's id, whose offset
	                * is the segment's; its elements follow the id */
	size_t n_seg, cap_seg;
	x12_grp *grp;
	size_t n_grp, cap_grp;
	x12_set *set;
	size_t n_set, cap_set;
};

typedef struct parser {
	mo_x12 *x;
	size_t pos; /* next byte to read */
	int state;
	mo_err *e;
	/* 1 for the element separator, the segment terminator and the NUL
	 * after the text: where a scan for the end of an element stops */
	unsigned char stop[256];
} parser;

/* Doubles the array *(T **)arrp (first items when empty); false when
 * memory runs out, leaving the array as it was. */
static bool grow(void *arrp, size_t *cap, size_t size, size_t first)
{
	void *old, *p;
	size_t n = *cap ? *cap : first;
	if (*cap && n > SIZE_MAX / 2 / size)
		return false;
	n = *cap ? n * 2 : n;
	memcpy(&old, arrp, sizeof old);
	p = realloc(old, n * size);
	if (!p)
		return false;
	memcpy(arrp, &p, sizeof p);
	*cap = n;
	return true;
}

/* True when the array a of n items (capacity cap) has room for one more. */
#define ROOM(a, n, cap, first)                                                 \
	((n) < (cap) || grow(&(a), &(cap), sizeof *(a), (first)))

static const char *text_at(const mo_x12 *x, size_t el)
{
	return x->text + x->el[el];
}

static const char *seg_id(const mo_x12 *x, size_t i)
{
	return text_at(x, x->seg[i]);
}

/* Elements of segment i after its id. */
static unsigned seg_count(const mo_x12 *x, size_t i)
{
	size_t next = i + 1 < x->n_seg ? x->seg[i + 1] : x->n_el;
	return (unsigned)(next - x->seg[i] - 1);
}

/* ---- reader: messages ---- */

static int nomem(parser *p)
{
	return mo_err_set(p->e, MO_ENOMEM,
	                  "out of memory reading an X12 interchange of %zu bytes",
	                  p->x ? p->x->size : 0);
}

static int vfail(parser *p, size_t i, const char *what, const char *fmt,
                 va_list ap)
{
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	return mo_err_set(p->e, MO_EINVAL, "segment %zu at byte %zu%s%s: %s",
	                  i + 1, (size_t)p->x->el[p->x->seg[i]], what ? ", " : "",
	                  what ? what : "", msg);
}

/* Fails with "segment N at byte B[, WHAT]: ..." for segment index i. */
static int fail(parser *p, size_t i, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(parser *p, size_t i, const char *what, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = vfail(p, i, what, fmt, ap);
	va_end(ap);
	return rc;
}

/* The same, naming element el of the segment ("SE01"). */
static int fail_el(parser *p, size_t i, unsigned el, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail_el(parser *p, size_t i, unsigned el, const char *fmt, ...)
{
	char what[16];
	va_list ap;
	int rc;
	snprintf(what, sizeof what, "%.3s%02u", seg_id(p->x, i), el % 100);
	va_start(ap, fmt);
	rc = vfail(p, i, what, fmt, ap);
	va_end(ap);
	return rc;
}

/* ---- reader: the ISA ---- */

static int isa_short(parser *p, unsigned field)
{
	return fail(p, 0, "ISA",
	            "the input ends at byte %zu, inside ISA%02u: expected "
	            "the %d bytes of an ISA segment",
	            p->x->size, field, ISA_LEN);
}

/* Reads fixed-width field k (0-based) at *pos and the separator after
 * it, which it cuts. */
static int isa_field(parser *p, unsigned k, size_t *pos)
{
	mo_x12 *x = p->x;
	char *s = x->text + *pos, *q, name[8], qb[QSIZE];
	size_t rest = x->size - *pos, w = isa_width[k], n;
	q = memchr(s, x->d.element, rest);
	n = q ? (size_t)(q - s) : rest;
	if (!q && n <= w)
		return isa_short(p, k + 1);
	if (n != w) {
		snprintf(name, sizeof name, "ISA%02u", k + 1);
		return fail(p, 0, name,
		            "expected %zu character%s (a fixed width, padded "
		            "with spaces), found %zu: %s",
		            w, w == 1 ? "" : "s", n, quote(s, n, qb));
	}
	x->el[x->n_el++] = (uint32_t)*pos;
	*q = '\0';
	*pos += w + 1;
	return 0;
}

/* The delimiters from the ISA, checked. */
static int isa_delims(parser *p)
{
	static const char *const field[4] = {"ISA", "ISA11", "ISA16", "ISA"};
	mo_x12 *x = p->x;
	const char *version = text_at(x, 12);
	char why[256];
	int bad;
	x->d.component = x->text[ISA_LEN - 2];
	x->d.segment = x->text[ISA_LEN - 1];
	if (digits_ok(version, 5) && strcmp(version, "00501") >= 0)
		x->d.repetition = *text_at(x, 11);
	bad = delims_check(&x->d, why, sizeof why);
	return bad < 0 ? 0 : fail(p, 0, field[bad], "%s", why);
}

static int isa_numbers(parser *p)
{
	char qb[QSIZE];
	const char *version = text_at(p->x, 12), *control = text_at(p->x, 13);
	if (!digits_ok(version, 5))
		return fail(p, 0, "ISA12", "expected a version of 5 digits "
		            "(\"00501\"), found %s", quote_str(version, qb));
	if (!digits_ok(control, 9))
		return fail(p, 0, "ISA13", "expected a control number of 9 "
		            "digits, found %s", quote_str(control, qb));
	return 0;
}

static int read_isa(parser *p)
{
	mo_x12 *x = p->x;
	char qb[QSIZE];
	const char *f;
	size_t pos = 4;
	unsigned k;
	int rc = 0;
	if (x->size < 3 || memcmp(x->text, "ISA", 3) != 0)
		return fail(p, 0, NULL, "expected an X12 interchange starting "
		            "with \"ISA\", found %s", quote(x->text, x->size, qb));
	if (x->size < 4)
		return isa_short(p, 1);
	x->d.element = x->text[3];
	if ((f = delim_fault(x->d.element, 0)))
		return fail(p, 0, "ISA", "%s %s may not be %s", delim_name[0],
		            quote(x->text + 3, 1, qb), f);
	x->text[3] = '\0';
	for (k = 0; k < 15 && !rc; k++)
		rc = isa_field(p, k, &pos);
	if (!rc && x->size < ISA_LEN)
		rc = isa_short(p, 16);
	if (rc)
		return rc;
	x->el[x->n_el++] = ISA_LEN - 2;
	rc = isa_delims(p);
	x->text[ISA_LEN - 1] = '\0';
	p->pos = ISA_LEN;
	p->stop[(unsigned char)x->d.element] = 1;
	p->stop[(unsigned char)x->d.segment] = 1;
	p->stop[0] = 1;
	return rc ? rc : isa_numbers(p);
}

/* ---- reader: envelopes ---- */

/* Element el of segment i is the decimal number want. */
static int check_count(parser *p, size_t i, unsigned el, size_t want,
                       const char *what)
{
	const char *s = mo_x12_element(p->x, i, el);
	char qb[QSIZE];
	size_t v = 0;
	const char *c;
	for (c = s; *c >= '0' && *c <= '9' && v <= want; c++)
		v = v * 10 + (size_t)(*c - '0');
	if (c != s && !*c && v == want)
		return 0;
	return fail_el(p, i, el, "expected %zu (%s), found %s", want, what,
	               quote_str(s, qb));
}

/* Element el of segment i equals element other_el of segment other. */
static int check_same(parser *p, size_t i, unsigned el, size_t other,
                      unsigned other_el)
{
	const mo_x12 *x = p->x;
	const char *s = mo_x12_element(x, i, el);
	const char *want = mo_x12_element(x, other, other_el);
	char q1[QSIZE], q2[QSIZE];
	if (strcmp(s, want) == 0)
		return 0;
	return fail_el(p, i, el, "expected %s (%s%02u of segment %zu), "
	               "found %s", quote_str(want, q1), seg_id(x, other),
	               other_el, other + 1, quote_str(s, q2));
}

static int open_group(parser *p, size_t i)
{
	mo_x12 *x = p->x;
	if (!ROOM(x->grp, x->n_grp, x->cap_grp, 4))
		return nomem(p);
	x->grp[x->n_grp++] = (x12_grp){(uint32_t)i, 0, (uint32_t)x->n_set, 0};
	p->state = IN_GS;
	return 0;
}

static int close_group(parser *p, size_t i)
{
	x12_grp *g = &p->x->grp[p->x->n_grp - 1];
	int rc = check_count(p, i, 1, g->sets,
	                     "the transaction sets in the group");
	if (!rc)
		rc = check_same(p, i, 2, g->gs, 6);
	g->ge = (uint32_t)i;
	p->state = IN_ISA;
	return rc;
}

static int open_set(parser *p, size_t i)
{
	mo_x12 *x = p->x;
	if (!ROOM(x->set, x->n_set, x->cap_set, 16))
		return nomem(p);
	x->set[x->n_set++] =
	    (x12_set){(uint32_t)i, 0, (uint32_t)(x->n_grp - 1)};
	x->grp[x->n_grp - 1].sets++;
	p->state = IN_ST;
	return 0;
}

static int close_set(parser *p, size_t i)
{
	x12_set *s = &p->x->set[p->x->n_set - 1];
	int rc = check_count(p, i, 1, i - s->st + 1,
	                     "the segments from ST to SE");
	if (!rc)
		rc = check_same(p, i, 2, s->st, 2);
	s->se = (uint32_t)i;
	p->state = IN_GS;
	return rc;
}

static int close_interchange(parser *p, size_t i)
{
	int rc = check_count(p, i, 1, p->x->n_grp,
	                     "the functional groups in the interchange");
	if (!rc)
		rc = check_same(p, i, 2, 0, 13);
	p->state = DONE;
	return rc;
}

static int misplaced(parser *p, size_t i, const char *id)
{
	const mo_x12 *x = p->x;
	if (p->state == IN_ST)
		return fail(p, i, id, "expected SE closing the transaction "
		            "set opened at segment %zu, found %s",
		            (size_t)x->set[x->n_set - 1].st + 1, id);
	if (p->state == IN_GS && is_envelope(id) && strcmp(id, "SE") != 0)
		return fail(p, i, id, "expected GE closing the functional "
		            "group opened at segment %zu, found %s",
		            (size_t)x->grp[x->n_grp - 1].gs + 1, id);
	if (p->state == IN_GS)
		return fail(p, i, id, "expected ST or GE, found %s outside any "
		            "transaction set", id);
	return fail(p, i, id, "expected GS or IEA, found %s outside any "
	            "functional group", id);
}

/* Checks segment i against the envelopes and moves the state on. */
static int envelope(parser *p, size_t i)
{
	static const struct {
		int state;
		const char *id;
		int (*step)(parser *, size_t);
	} steps[] = {
	    {IN_ST, "SE", close_set},
	    {IN_ISA, "GS", open_group},
	    {IN_ISA, "IEA", close_interchange},
	    {IN_ISA, "TA1", NULL}, /* an acknowledgment, outside groups */
	    {IN_GS, "ST", open_set},
	    {IN_GS, "GE", close_group},
	};
	const char *id = seg_id(p->x, i);
	size_t k;
	if (p->state == IN_ST && !is_envelope(id))
		return 0;
	for (k = 0; k < sizeof steps / sizeof steps[0]; k++)
		if (p->state == steps[k].state && strcmp(id, steps[k].id) == 0)
			return steps[k].step ? steps[k].step(p, i) : 0;
	return misplaced(p, i, id);
}

/* The input ended before IEA. */
static int ended_early(parser *p)
{
	const mo_x12 *x = p->x;
	char want[96];
	if (p->state == IN_ST)
		snprintf(want, sizeof want, "SE closing the transaction set "
		         "opened at segment %zu",
		         (size_t)x->set[x->n_set - 1].st + 1);
	else if (p->state == IN_GS)
		snprintf(want, sizeof want, "GE closing the functional group "
		         "opened at segment %zu",
		         (size_t)x->grp[x->n_grp - 1].gs + 1);
	else
		snprintf(want, sizeof want, "IEA closing the interchange");
	return mo_err_set(p->e, MO_EINVAL, "the input ends at byte %zu after "
	                  "segment %zu (%s): expected %s (truncated?)",
	                  x->size, x->n_seg, seg_id(x, x->n_seg - 1), want);
}

/* ---- reader: segments ---- */

/* Records a new segment whose id starts at the current position. */
static int new_seg(parser *p)
{
	mo_x12 *x = p->x;
	if (!ROOM(x->seg, x->n_seg, x->cap_seg, 64) ||
	    !ROOM(x->el, x->n_el, x->cap_el, 256))
		return nomem(p);
	x->seg[x->n_seg++] = (uint32_t)x->n_el;
	x->el[x->n_el++] = (uint32_t)p->pos;
	return 0;
}

static int after_iea(parser *p, size_t i)
{
	const char *s = p->x->text + p->pos;
	size_t n = p->x->size - p->pos;
	char qb[QSIZE];
	if (n >= 3 && memcmp(s, "ISA", 3) == 0)
		return fail(p, i, "ISA", "a second interchange in the same "
		            "buffer is not supported: expected the end of the "
		            "input after IEA (parse each interchange on its own)");
	return fail(p, i, NULL, "expected the end of the input after IEA, "
	            "found %s", quote(s, n, qb));
}

/* The end of the element at s: the next element separator, segment
 * terminator, or the NUL after the text. */
static char *element_end(const parser *p, char *s)
{
	while (!p->stop[(unsigned char)*s])
		s++;
	return s;
}

/* Segment i, from s, has no terminator: the input ends inside it. */
static int unterminated(parser *p, size_t i, char *s)
{
	mo_x12 *x = p->x;
	char qb[QSIZE], qt[QSIZE], *c;
	for (c = s; c < x->text + x->size; c++)
		if (!*c)
			*c = x->d.element; /* undo the cuts, for the message */
	return fail(p, i, NULL, "expected the segment terminator %s before "
	            "the end of the input (truncated?), found %s",
	            quote(&x->d.segment, 1, qt),
	            quote(s, x->size - (size_t)(s - x->text), qb));
}

static int bad_id(parser *p, size_t i, const char *s, size_t n)
{
	char qb[QSIZE];
	return fail(p, i, NULL, "expected a segment id of 2 or 3 capital "
	            "letters or digits, found %s", quote(s, n, qb));
}

/* Cuts the elements of segment i after its id, which ends at q, up to
 * the terminator. */
static int split(parser *p, size_t i, char *q)
{
	mo_x12 *x = p->x;
	const char term = x->d.segment;
	uint32_t n = 0;
	while (*q != term) {
		*q++ = '\0';
		if (++n > MO_X12_MAX_ELEMENTS)
			return fail(p, i, seg_id(x, i), "more than %d elements",
			            MO_X12_MAX_ELEMENTS);
		if (!ROOM(x->el, x->n_el, x->cap_el, 256))
			return nomem(p);
		x->el[x->n_el++] = (uint32_t)(q - x->text);
		q = element_end(p, q);
		if (!*q)
			return unterminated(p, i, x->text + x->el[x->seg[i]]);
	}
	*q = '\0';
	p->pos = (size_t)(q + 1 - x->text);
	return 0;
}

static int read_segment(parser *p, size_t i)
{
	mo_x12 *x = p->x;
	char *s = x->text + p->pos, *q = element_end(p, s);
	if (!*q)
		return unterminated(p, i, s);
	if (!id_ok(s, (size_t)(q - s)))
		return bad_id(p, i, s, (size_t)(q - s));
	return split(p, i, q);
}

static void skip_breaks(parser *p)
{
	const char *t = p->x->text;
	while (p->pos < p->x->size && (t[p->pos] == '\r' || t[p->pos] == '\n'))
		p->pos++;
}

static int read_segments(parser *p)
{
	int rc = 0;
	while (!rc) {
		skip_breaks(p);
		if (p->pos == p->x->size)
			return p->state == DONE ? 0 : ended_early(p);
		rc = new_seg(p);
		if (!rc && p->state == DONE)
			return after_iea(p, p->x->n_seg - 1);
		if (!rc)
			rc = read_segment(p, p->x->n_seg - 1);
		if (!rc)
			rc = envelope(p, p->x->n_seg - 1);
	}
	return rc;
}

/* ---- reader: entry points ---- */

static int check_input(const char *buf, size_t len, size_t max, mo_err *e)
{
	const char *nul;
	if (len > max)
		return mo_err_set(e, MO_EINVAL, "the input is %zu bytes, over "
		                  "the limit of %zu bytes", len, max);
	if (len == 0)
		return mo_err_set(e, MO_EINVAL, "the input is empty: expected "
		                  "an X12 interchange starting with \"ISA\"");
	nul = memchr(buf, '\0', len);
	if (nul)
		return mo_err_set(e, MO_EINVAL, "byte %zu is a NUL byte: "
		                  "expected X12 text", (size_t)(nul - buf));
	return 0;
}

/* The document with its copy of buf and first arrays, sized for its
 * length, and the ISA recorded as segment 0 (its id at offset 0). */
static int start(parser *p, const char *buf, size_t len)
{
	mo_x12 *x = calloc(1, sizeof *x);
	p->x = x;
	if (!x)
		return nomem(p);
	x->size = len;
	x->text = malloc(len + 1);
	x->cap_el = len / 6 + 32;
	x->el = malloc(x->cap_el * sizeof *x->el);
	x->cap_seg = len / 24 + 8;
	x->seg = malloc(x->cap_seg * sizeof *x->seg);
	if (!x->text || !x->el || !x->seg)
		return nomem(p);
	memcpy(x->text, buf, len);
	x->text[len] = '\0';
	x->seg[x->n_seg++] = 0;
	x->el[x->n_el++] = 0;
	return 0;
}

int mo_x12_parse_max(const char *buf, size_t len, size_t max, mo_x12 **out,
                     mo_err *e)
{
	parser p = {.state = IN_ISA, .e = e};
	int rc;
	if (mo_fails_assert(out && (buf || !len) && max <= MO_X12_MAX_INPUT))
		return mo_err_set(e, MO_EINVAL, "mo_x12_parse: bad arguments");
	*out = NULL;
	rc = check_input(buf, len, max, e);
	if (rc)
		return rc;
	rc = start(&p, buf, len);
	if (!rc)
		rc = read_isa(&p);
	if (!rc)
		rc = read_segments(&p);
	if (rc)
		goto cleanup;
	*out = p.x;
	return 0;
cleanup:
	mo_x12_free(p.x);
	return rc;
}

int mo_x12_parse(const char *buf, size_t len, mo_x12 **out, mo_err *e)
{
	return mo_x12_parse_max(buf, len, MO_X12_MAX_INPUT, out, e);
}

void mo_x12_free(mo_x12 *x)
{
	if (!x)
		return;
	free(x->text);
	free(x->el);
	free(x->seg);
	free(x->grp);
	free(x->set);
	free(x);
}

/* ---- reader: accessors ---- */

mo_x12_delims mo_x12_delimiters(const mo_x12 *x)
{
	mo_x12_delims none = {0, 0, 0, 0};
	return x ? x->d : none;
}

size_t mo_x12_count(const mo_x12 *x)
{
	return x ? x->n_seg : 0;
}

const char *mo_x12_id(const mo_x12 *x, size_t seg)
{
	return mo_x12_element(x, seg, 0);
}

size_t mo_x12_offset(const mo_x12 *x, size_t seg)
{
	return x && seg < x->n_seg ? x->el[x->seg[seg]] : 0;
}

unsigned mo_x12_element_count(const mo_x12 *x, size_t seg)
{
	return x && seg < x->n_seg ? seg_count(x, seg) : 0;
}

const char *mo_x12_element(const mo_x12 *x, size_t seg, unsigned el)
{
	if (!x || seg >= x->n_seg)
		return NULL;
	if (el > seg_count(x, seg))
		return "";
	return text_at(x, x->seg[seg] + el);
}

/* Narrows [*s, *end) to its n-th (1-based) piece cut at sep ('\0': no
 * cuts); false when there is none. */
static bool nth_piece(const char **s, const char **end, char sep, unsigned n)
{
	const char *p = *s, *q;
	while (n > 0) {
		q = sep ? memchr(p, sep, (size_t)(*end - p)) : NULL;
		if (!q)
			q = *end;
		if (--n == 0) {
			*s = p;
			*end = q;
			return true;
		}
		if (q == *end)
			return false;
		p = q + 1;
	}
	return false;
}

static unsigned pieces(const char *s, const char *end, char sep)
{
	unsigned n = 1;
	if (!sep)
		return 1;
	while ((s = memchr(s, sep, (size_t)(end - s)))) {
		s++;
		n++;
	}
	return n;
}

unsigned mo_x12_repeat_count(const mo_x12 *x, size_t seg, unsigned el)
{
	const char *s;
	if (!x || seg >= x->n_seg || el == 0 || el > seg_count(x, seg))
		return 0;
	s = mo_x12_element(x, seg, el);
	return pieces(s, s + strlen(s), x->d.repetition);
}

unsigned mo_x12_component_count(const mo_x12 *x, size_t seg, unsigned el,
                                unsigned rep)
{
	const char *s, *end;
	if (rep == 0 || rep > mo_x12_repeat_count(x, seg, el))
		return 0;
	s = mo_x12_element(x, seg, el);
	end = s + strlen(s);
	nth_piece(&s, &end, x->d.repetition, rep);
	return pieces(s, end, x->d.component);
}

const char *mo_x12_part(const mo_x12 *x, size_t seg, unsigned el,
                        unsigned rep, unsigned comp, size_t *len)
{
	const char *s = mo_x12_element(x, seg, el), *end;
	*len = 0;
	if (!s || el == 0)
		return "";
	end = s + strlen(s);
	if (!nth_piece(&s, &end, x->d.repetition, rep) ||
	    !nth_piece(&s, &end, x->d.component, comp))
		return "";
	*len = (size_t)(end - s);
	return s;
}

const char *mo_x12_component(const mo_x12 *x, size_t seg, unsigned el,
                             unsigned comp, size_t *len)
{
	return mo_x12_part(x, seg, el, 1, comp, len);
}

size_t mo_x12_group_count(const mo_x12 *x)
{
	return x ? x->n_grp : 0;
}

size_t mo_x12_set_count(const mo_x12 *x)
{
	return x ? x->n_set : 0;
}

bool mo_x12_group_at(const mo_x12 *x, size_t i, mo_x12_group *out)
{
	const x12_grp *g;
	if (!x || i >= x->n_grp)
		return false;
	g = &x->grp[i];
	out->functional_id = mo_x12_element(x, g->gs, 1);
	out->sender = mo_x12_element(x, g->gs, 2);
	out->receiver = mo_x12_element(x, g->gs, 3);
	out->control = mo_x12_element(x, g->gs, 6);
	out->version = mo_x12_element(x, g->gs, 8);
	out->first = g->gs;
	out->last = g->ge;
	out->first_set = g->first_set;
	out->set_count = g->sets;
	return true;
}

bool mo_x12_set_at(const mo_x12 *x, size_t i, mo_x12_set *out)
{
	const x12_set *s;
	size_t gs;
	if (!x || i >= x->n_set)
		return false;
	s = &x->set[i];
	gs = x->grp[s->grp].gs;
	out->type = mo_x12_element(x, s->st, 1);
	out->control = mo_x12_element(x, s->st, 2);
	out->functional_id = mo_x12_element(x, gs, 1);
	out->version = mo_x12_element(x, gs, 8);
	out->group = s->grp;
	out->first = s->st;
	out->last = s->se;
	return true;
}

/* ---- writer ---- */

struct mo_x12_writer {
	mo_x12_delims d;
	char delims[5]; /* the four, for strcspn */
	bool newline;
	char *buf;
	size_t len, cap;
	mo_err err; /* the kept failure; err.code is 0 while there is none */
	int state;
	char date[9], time[5];
	unsigned long isa_control, gs_control;
	char st_control[10];
	size_t segments;           /* written so far */
	size_t gs_index, st_index; /* of the open group and set */
	size_t groups, sets;       /* in the interchange; in the open group */
	/* the segment being written */
	bool open;
	char id[4];
	unsigned elements, reps, comps;
	size_t seg_keep;   /* end of its last element with content */
	size_t elem_start; /* where the current element's separator is */
	size_t elem_keep;  /* end of its last repetition with content */
	size_t rep_start;  /* where the current repetition's text starts */
	size_t comp_keep;  /* end of its last non-empty component */
};

static int wfail(mo_x12_writer *w, mo_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int wfail(mo_x12_writer *w, mo_err *e, int code, const char *fmt, ...)
{
	va_list ap;
	w->err.code = code;
	va_start(ap, fmt);
	vsnprintf(w->err.msg, sizeof w->err.msg, fmt, ap);
	va_end(ap);
	if (e)
		*e = w->err;
	return code;
}

/* The kept failure, again. */
static int again(mo_x12_writer *w, mo_err *e)
{
	if (e)
		*e = w->err;
	return w->err.code;
}

static int put(mo_x12_writer *w, const char *s, size_t n, mo_err *e)
{
	size_t cap = w->cap ? w->cap : 4096;
	char *p;
	if (n > MO_X12_MAX_INPUT - w->len)
		return wfail(w, e, MO_EINVAL, "the interchange would be over "
		             "%zu bytes", MO_X12_MAX_INPUT);
	while (cap < w->len + n + 1)
		cap *= 2;
	if (cap != w->cap) {
		p = realloc(w->buf, cap);
		if (!p)
			return wfail(w, e, MO_ENOMEM, "out of memory writing "
			             "an X12 interchange");
		w->buf = p;
		w->cap = cap;
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return 0;
}

/* The name of what is being written ("NM103", "SV101-2",
 * "EB03 (repetition 2)"), for messages. */
static void ref_name(const mo_x12_writer *w, char *buf, size_t size)
{
	char comp[16] = "", rep[32] = "";
	if (w->comps > 1)
		snprintf(comp, sizeof comp, "-%u", w->comps);
	if (w->reps > 1)
		snprintf(rep, sizeof rep, " (repetition %u)", w->reps);
	snprintf(buf, size, "%s%02u%s%s", w->id, w->elements % 100, comp, rep);
}

/* Refuses a value holding a delimiter; ref names it (NULL: the piece
 * being written). */
static int check_value(mo_x12_writer *w, const char *v, const char *ref,
                       mo_err *e)
{
	const char c[4] = {w->d.element, w->d.repetition, w->d.component,
	                   w->d.segment};
	size_t at = strcspn(v, w->delims);
	char name[64], q1[QSIZE], q2[QSIZE];
	int k = 0;
	if (!v[at])
		return 0;
	while (k < 3 && c[k] != v[at])
		k++;
	if (!ref)
		ref_name(w, name, sizeof name);
	return wfail(w, e, MO_EINVAL, "segment %zu, %s: the value %s contains "
	             "%s %s (X12 has no escaping)", w->segments + 1,
	             ref ? ref : name, quote_str(v, q1), delim_name[k],
	             quote(&v[at], 1, q2));
}

/* ---- writer: building a segment ---- */

static int seg_open(mo_x12_writer *w, const char *id, mo_err *e)
{
	snprintf(w->id, sizeof w->id, "%s", id);
	w->open = true;
	w->elements = 0;
	w->reps = w->comps = 0;
	w->seg_keep = w->len + strlen(id);
	return put(w, id, strlen(id), e);
}

static int put_value(mo_x12_writer *w, const char *v, mo_err *e)
{
	int rc = put(w, v, strlen(v), e);
	if (!rc && *v)
		w->comp_keep = w->len;
	return rc;
}

/* Cuts the trailing empty components of the current repetition. */
static void rep_close(mo_x12_writer *w)
{
	w->len = w->comp_keep;
	if (w->comp_keep > w->rep_start)
		w->elem_keep = w->comp_keep;
}

/* Cuts the trailing empty repetitions of the current element; an empty
 * element keeps only its separator. */
static void elem_close(mo_x12_writer *w)
{
	rep_close(w);
	if (w->elem_keep > w->elem_start + 1)
		w->seg_keep = w->len = w->elem_keep;
	else
		w->len = w->elem_start + 1;
}

static int add_element(mo_x12_writer *w, const char *v, mo_err *e)
{
	int rc;
	if (w->elements == MO_X12_MAX_ELEMENTS)
		return wfail(w, e, MO_EINVAL, "segment %zu, %s: more than %d "
		             "elements", w->segments + 1, w->id,
		             MO_X12_MAX_ELEMENTS);
	if (w->elements > 0)
		elem_close(w);
	w->elements++;
	w->reps = w->comps = 1;
	rc = check_value(w, v, NULL, e);
	w->elem_start = w->len;
	if (!rc)
		rc = put(w, &w->d.element, 1, e);
	w->rep_start = w->comp_keep = w->elem_keep = w->len;
	return rc ? rc : put_value(w, v, e);
}

static int add_component(mo_x12_writer *w, const char *v, mo_err *e)
{
	int rc;
	w->comps++;
	rc = check_value(w, v, NULL, e);
	if (!rc)
		rc = put(w, &w->d.component, 1, e);
	return rc ? rc : put_value(w, v, e);
}

static int add_repeat(mo_x12_writer *w, const char *v, mo_err *e)
{
	int rc;
	rep_close(w);
	w->reps++;
	w->comps = 1;
	rc = check_value(w, v, NULL, e);
	if (!rc)
		rc = put(w, &w->d.repetition, 1, e);
	w->rep_start = w->comp_keep = w->len;
	return rc ? rc : put_value(w, v, e);
}

static int seg_close(mo_x12_writer *w, mo_err *e)
{
	int rc;
	if (w->elements > 0)
		elem_close(w);
	w->len = w->seg_keep;
	w->open = false;
	w->segments++;
	rc = put(w, &w->d.segment, 1, e);
	if (!rc && w->newline)
		rc = put(w, "\n", 1, e);
	return rc;
}

/* A segment of n simple elements (NULL for an empty one). */
static int seg_simple(mo_x12_writer *w, const char *id, size_t n,
                      const char *const *values, mo_err *e)
{
	size_t k;
	int rc = seg_open(w, id, e);
	for (k = 0; k < n && !rc; k++)
		rc = add_element(w, values[k] ? values[k] : "", e);
	return rc ? rc : seg_close(w, e);
}

/* ---- writer: states ---- */

/* Why a call that needs state want cannot be made now. */
static void state_fault(const mo_x12_writer *w, int want, char *buf,
                        size_t size)
{
	if (w->state == DONE)
		snprintf(buf, size, "the interchange is finished");
	else if (w->state == IN_ST)
		snprintf(buf, size, "the transaction set opened at segment %zu "
		         "is not closed (call mo_x12_writer_se first)",
		         w->st_index + 1);
	else if (w->state == IN_GS && want == IN_ISA)
		snprintf(buf, size, "the functional group opened at segment "
		         "%zu is not closed (call mo_x12_writer_ge first)",
		         w->gs_index + 1);
	else if (w->state == IN_GS)
		snprintf(buf, size, "no transaction set is open (call "
		         "mo_x12_writer_st first)");
	else
		snprintf(buf, size, "no functional group is open (call "
		         "mo_x12_writer_gs first)");
}

/* 0 when a call needing state want (and no open segment) can be made. */
static int usable(mo_x12_writer *w, int want, const char *call, mo_err *e)
{
	char why[160];
	if (w->err.code)
		return again(w, e);
	if (w->open)
		return wfail(w, e, MO_EINVAL, "%s: segment %zu (%s) is not "
		             "ended (call mo_x12_writer_end first)", call,
		             w->segments + 1, w->id);
	if (w->state == want)
		return 0;
	state_fault(w, want, why, sizeof why);
	return wfail(w, e, MO_EINVAL, "%s: %s", call, why);
}

/* 0 when a piece can be added to the open segment (to its current
 * element when need_element). */
static int in_segment(mo_x12_writer *w, bool need_element, const char *call,
                      mo_err *e)
{
	if (w->err.code)
		return again(w, e);
	if (!w->open)
		return wfail(w, e, MO_EINVAL, "%s: no segment is begun (call "
		             "mo_x12_writer_begin first)", call);
	if (need_element && w->elements == 0)
		return wfail(w, e, MO_EINVAL, "%s: segment %zu (%s) has no "
		             "element yet (call mo_x12_writer_element first)",
		             call, w->segments + 1, w->id);
	return 0;
}

/* ---- writer: checks of header values ---- */

/* s (NULL for "") has min to max characters and no delimiter. */
static int check_len(mo_x12_writer *w, const char *ref, const char *s,
                     size_t min, size_t max, mo_err *e)
{
	char qb[QSIZE];
	size_t n;
	s = s ? s : "";
	n = strlen(s);
	if (n < min || n > max) {
		if (min == max)
			return wfail(w, e, MO_EINVAL, "%s: expected %zu "
			             "characters, found %s", ref, min,
			             quote_str(s, qb));
		return wfail(w, e, MO_EINVAL, "%s: expected %zu to %zu "
		             "characters, found %s", ref, min, max,
		             quote_str(s, qb));
	}
	return check_value(w, s, ref, e);
}

static int check_digits(mo_x12_writer *w, const char *ref, const char *s,
                        size_t n, const char *form, mo_err *e)
{
	char qb[QSIZE];
	s = s ? s : "";
	if (strlen(s) == n && digits_ok(s, n))
		return 0;
	return wfail(w, e, MO_EINVAL, "%s: expected %zu digits (%s), found %s",
	             ref, n, form, quote_str(s, qb));
}

static int check_control(mo_x12_writer *w, const char *ref, uint32_t v,
                         mo_err *e)
{
	if (v >= 1 && v <= CONTROL_MAX)
		return 0;
	return wfail(w, e, MO_EINVAL, "%s: expected a control number from 1 "
	             "to %lu, found %lu", ref, CONTROL_MAX, (unsigned long)v);
}

static int check_isa(mo_x12_writer *w, const mo_x12_isa *h, mo_err *e)
{
	char qb[QSIZE];
	int rc = check_len(w, "ISA05", h->sender_qual, 2, 2, e);
	if (!rc)
		rc = check_len(w, "ISA06", h->sender, 1, 15, e);
	if (!rc)
		rc = check_len(w, "ISA07", h->receiver_qual, 2, 2, e);
	if (!rc)
		rc = check_len(w, "ISA08", h->receiver, 1, 15, e);
	if (!rc)
		rc = check_digits(w, "the date (ISA09, GS04)", h->date, 8,
		                  "CCYYMMDD", e);
	if (!rc)
		rc = check_digits(w, "the time (ISA10, GS05)", h->time, 4,
		                  "HHMM", e);
	if (!rc)
		rc = check_control(w, "ISA13", h->control, e);
	if (!rc && h->usage != 'T' && h->usage != 'P')
		rc = wfail(w, e, MO_EINVAL, "ISA15: expected \"T\" (test) or "
		           "\"P\" (production), found %s",
		           quote(&h->usage, 1, qb));
	return rc;
}

/* ---- writer: envelopes ---- */

static int set_delims(mo_x12_writer *w, const mo_x12_isa *h, mo_err *e)
{
	const mo_x12_delims *d = &h->delims;
	char why[256];
	w->d.element = d->element ? d->element : '*';
	w->d.component = d->component ? d->component : ':';
	w->d.repetition = d->repetition ? d->repetition : '^';
	w->d.segment = d->segment ? d->segment : '~';
	if (delims_check(&w->d, why, sizeof why) >= 0)
		return wfail(w, e, MO_EINVAL, "the delimiters: %s", why);
	w->delims[0] = w->d.element;
	w->delims[1] = w->d.repetition;
	w->delims[2] = w->d.component;
	w->delims[3] = w->d.segment;
	w->delims[4] = '\0';
	w->newline = h->newline;
	return 0;
}

/* s, then spaces up to width. */
static int put_padded(mo_x12_writer *w, const char *s, size_t width,
                      mo_err *e)
{
	static const char spaces[16] = "                ";
	size_t n = strlen(s);
	int rc = put(w, s, n, e);
	return rc || n >= width ? rc : put(w, spaces, width - n, e);
}

static int write_isa(mo_x12_writer *w, const mo_x12_isa *h, mo_err *e)
{
	char control[16], rep[2] = {w->d.repetition, 0};
	char comp[2] = {w->d.component, 0}, usage[2] = {h->usage, 0};
	const char *f[16] = {"00", "", "00", "", h->sender_qual, h->sender,
	                     h->receiver_qual, h->receiver, h->date + 2,
	                     h->time, rep, "00501", control,
	                     h->ack_requested ? "1" : "0", usage, comp};
	unsigned k;
	int rc;
	snprintf(control, sizeof control, "%09lu", (unsigned long)h->control);
	rc = put(w, "ISA", 3, e);
	for (k = 0; k < 16 && !rc; k++) {
		rc = put(w, &w->d.element, 1, e);
		if (!rc)
			rc = put_padded(w, f[k], isa_width[k], e);
	}
	w->segments = 0;
	w->elements = 0;
	w->seg_keep = w->len;
	return rc ? rc : seg_close(w, e);
}

int mo_x12_writer_new(const mo_x12_isa *isa, mo_x12_writer **out, mo_err *e)
{
	mo_x12_writer *w;
	int rc;
	if (mo_fails_assert(isa && out))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_new: bad "
		                  "arguments");
	*out = NULL;
	w = calloc(1, sizeof *w);
	if (!w)
		return mo_err_set(e, MO_ENOMEM, "out of memory starting an "
		                  "X12 interchange");
	rc = set_delims(w, isa, e);
	if (!rc)
		rc = check_isa(w, isa, e);
	if (!rc)
		rc = write_isa(w, isa, e);
	if (rc)
		goto cleanup;
	snprintf(w->date, sizeof w->date, "%s", isa->date);
	snprintf(w->time, sizeof w->time, "%s", isa->time);
	w->isa_control = isa->control;
	w->state = IN_ISA;
	*out = w;
	return 0;
cleanup:
	mo_x12_writer_free(w);
	return rc;
}

void mo_x12_writer_free(mo_x12_writer *w)
{
	if (!w)
		return;
	free(w->buf);
	free(w);
}

static int check_gs(mo_x12_writer *w, const mo_x12_gs *gs, mo_err *e)
{
	int rc = check_len(w, "GS01", gs->functional_id, 2, 2, e);
	if (!rc)
		rc = check_len(w, "GS02", gs->sender, 2, 15, e);
	if (!rc)
		rc = check_len(w, "GS03", gs->receiver, 2, 15, e);
	if (!rc)
		rc = check_control(w, "GS06", gs->control, e);
	if (!rc)
		rc = check_len(w, "GS08", gs->version, 1, 12, e);
	return rc;
}

int mo_x12_writer_gs(mo_x12_writer *w, const mo_x12_gs *gs, mo_err *e)
{
	char control[16];
	const char *v[8] = {NULL, NULL, NULL, w ? w->date : NULL,
	                    w ? w->time : NULL, control, "X", NULL};
	int rc;
	if (mo_fails_assert(w && gs))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_gs: bad "
		                  "arguments");
	rc = usable(w, IN_ISA, "mo_x12_writer_gs", e);
	if (!rc)
		rc = check_gs(w, gs, e);
	if (rc)
		return rc;
	snprintf(control, sizeof control, "%lu", (unsigned long)gs->control);
	v[0] = gs->functional_id;
	v[1] = gs->sender;
	v[2] = gs->receiver;
	v[7] = gs->version;
	w->gs_index = w->segments;
	w->gs_control = gs->control;
	w->sets = 0;
	w->groups++;
	w->state = IN_GS;
	return seg_simple(w, "GS", 8, v, e);
}

int mo_x12_writer_st(mo_x12_writer *w, const char *type, const char *control,
                     const char *convention, mo_err *e)
{
	const char *v[3] = {type, control, convention};
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_st: no writer");
	rc = usable(w, IN_GS, "mo_x12_writer_st", e);
	if (!rc)
		rc = check_len(w, "ST01", type, 3, 3, e);
	if (!rc)
		rc = check_len(w, "ST02", control, 4, 9, e);
	if (!rc)
		rc = check_len(w, "ST03", convention, 0, 35, e);
	if (rc)
		return rc;
	snprintf(w->st_control, sizeof w->st_control, "%s", control);
	w->st_index = w->segments;
	w->sets++;
	w->state = IN_ST;
	return seg_simple(w, "ST", 3, v, e);
}

/* id may begin a segment inside a transaction set. */
static int check_seg_id(mo_x12_writer *w, const char *id, mo_err *e)
{
	char qb[QSIZE];
	if (!id || !id_ok(id, strlen(id)))
		return wfail(w, e, MO_EINVAL, "segment %zu: expected a segment "
		             "id of 2 or 3 capital letters or digits, found %s",
		             w->segments + 1, quote_str(id ? id : "", qb));
	if (is_envelope(id))
		return wfail(w, e, MO_EINVAL, "segment %zu, %s: envelope "
		             "segments are written by mo_x12_writer_gs, _st, "
		             "_se, _ge and _finish", w->segments + 1, id);
	return 0;
}

int mo_x12_writer_begin(mo_x12_writer *w, const char *id, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_begin: no writer");
	rc = usable(w, IN_ST, "mo_x12_writer_begin", e);
	if (!rc)
		rc = check_seg_id(w, id, e);
	return rc ? rc : seg_open(w, id, e);
}

int mo_x12_writer_element(mo_x12_writer *w, const char *value, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_element: no "
		                  "writer");
	rc = in_segment(w, false, "mo_x12_writer_element", e);
	return rc ? rc : add_element(w, value ? value : "", e);
}

int mo_x12_writer_component(mo_x12_writer *w, const char *value, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_component: no "
		                  "writer");
	rc = in_segment(w, true, "mo_x12_writer_component", e);
	return rc ? rc : add_component(w, value ? value : "", e);
}

int mo_x12_writer_repeat(mo_x12_writer *w, const char *value, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_repeat: no "
		                  "writer");
	rc = in_segment(w, true, "mo_x12_writer_repeat", e);
	return rc ? rc : add_repeat(w, value ? value : "", e);
}

int mo_x12_writer_end(mo_x12_writer *w, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_end: no writer");
	rc = in_segment(w, false, "mo_x12_writer_end", e);
	return rc ? rc : seg_close(w, e);
}

int mo_x12_writer_segment(mo_x12_writer *w, const char *id, size_t n,
                          const char *const *values, mo_err *e)
{
	int rc;
	if (mo_fails_assert(w && (values || n == 0)))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_segment: bad "
		                  "arguments");
	rc = usable(w, IN_ST, "mo_x12_writer_segment", e);
	if (!rc)
		rc = check_seg_id(w, id, e);
	return rc ? rc : seg_simple(w, id, n, values, e);
}

int mo_x12_writer_se(mo_x12_writer *w, mo_err *e)
{
	char count[24];
	const char *v[2] = {count, NULL};
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_se: no writer");
	rc = usable(w, IN_ST, "mo_x12_writer_se", e);
	if (rc)
		return rc;
	snprintf(count, sizeof count, "%zu", w->segments - w->st_index + 1);
	v[1] = w->st_control;
	w->state = IN_GS;
	return seg_simple(w, "SE", 2, v, e);
}

int mo_x12_writer_ge(mo_x12_writer *w, mo_err *e)
{
	char count[24], control[16];
	const char *v[2] = {count, control};
	int rc;
	if (mo_fails_assert(w))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_ge: no writer");
	rc = usable(w, IN_GS, "mo_x12_writer_ge", e);
	if (rc)
		return rc;
	snprintf(count, sizeof count, "%zu", w->sets);
	snprintf(control, sizeof control, "%lu", w->gs_control);
	w->state = IN_ISA;
	return seg_simple(w, "GE", 2, v, e);
}

int mo_x12_writer_finish(mo_x12_writer *w, char **out, size_t *len,
                         mo_err *e)
{
	char count[24], control[16];
	const char *v[2] = {count, control};
	int rc;
	if (mo_fails_assert(w && out && len))
		return mo_err_set(e, MO_EINVAL, "mo_x12_writer_finish: bad "
		                  "arguments");
	*out = NULL;
	*len = 0;
	rc = usable(w, IN_ISA, "mo_x12_writer_finish", e);
	if (rc)
		return rc;
	snprintf(count, sizeof count, "%zu", w->groups);
	snprintf(control, sizeof control, "%09lu", w->isa_control);
	rc = seg_simple(w, "IEA", 2, v, e);
	if (rc)
		return rc;
	w->buf[w->len] = '\0'; /* put() keeps a byte free for it */
	*out = w->buf;
	*len = w->len;
	w->buf = NULL;
	w->len = w->cap = 0;
	w->state = DONE;
	return 0;
}
