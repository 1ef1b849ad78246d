/* fuzz_x12.c: a libFuzzer target for the X12 reader and writer
 * (core/x12.h). Each input is parsed; when it parses, every accessor is
 * run over every segment, element, repetition, component, group and set,
 * then the body of every transaction set is written again with the writer
 * (same delimiters, fixed headers of letters and digits) and parsed back:
 * the rewrite must parse and hold the same content, trailing empty
 * elements, repetitions and components aside. A difference aborts. Built
 * by `make fuzz` with clang; not part of ctest. */
#include <stdlib.h>
#include <string.h>

#include "x12.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* ---- reading everything ---- */

static size_t touch_element(const mo_x12 *x, size_t i, unsigned el)
{
	size_t sum = strlen(mo_x12_element(x, i, el)), len;
	unsigned r, c, nr = mo_x12_repeat_count(x, i, el);
	for (r = 0; r <= nr + 1; r++) {
		unsigned nc = mo_x12_component_count(x, i, el, r);
		for (c = 0; c <= nc + 1; c++)
			sum += *mo_x12_part(x, i, el, r, c, &len) != 0 || len;
	}
	return sum;
}

static size_t touch_all(const mo_x12 *x)
{
	mo_x12_group g;
	mo_x12_set s;
	size_t i, sum = 0;
	unsigned el;
	for (i = 0; i <= mo_x12_count(x); i++) {
		unsigned n = mo_x12_element_count(x, i);
		sum += mo_x12_offset(x, i) + (mo_x12_id(x, i) != NULL);
		for (el = 0; el <= n + 1 && mo_x12_id(x, i); el++)
			sum += touch_element(x, i, el);
	}
	for (i = 0; mo_x12_group_at(x, i, &g); i++)
		sum += g.set_count + strlen(g.version);
	for (i = 0; mo_x12_set_at(x, i, &s); i++)
		sum += s.last - s.first + strlen(s.type) + strlen(s.control);
	return sum;
}

/* ---- writing the sets again ---- */

/* Adds piece (rep, comp) of element el of segment i to w. */
static int copy_part(mo_x12_writer *w, const mo_x12 *x, size_t i,
                     unsigned el, unsigned rep, unsigned comp)
{
	size_t n;
	const char *s = mo_x12_part(x, i, el, rep, comp, &n);
	char *v = malloc(n + 1);
	int rc;
	if (!v)
		return MO_ENOMEM;
	memcpy(v, s, n);
	v[n] = '\0';
	if (comp > 1)
		rc = mo_x12_writer_component(w, v, NULL);
	else if (rep > 1)
		rc = mo_x12_writer_repeat(w, v, NULL);
	else
		rc = mo_x12_writer_element(w, v, NULL);
	free(v);
	return rc;
}

static int copy_segment(mo_x12_writer *w, const mo_x12 *x, size_t i)
{
	unsigned el, rep, comp;
	int rc = mo_x12_writer_begin(w, mo_x12_id(x, i), NULL);
	for (el = 1; el <= mo_x12_element_count(x, i) && !rc; el++)
		for (rep = 1; rep <= mo_x12_repeat_count(x, i, el) && !rc;
		     rep++)
			for (comp = 1;
			     comp <= mo_x12_component_count(x, i, el, rep) &&
			     !rc;
			     comp++)
				rc = copy_part(w, x, i, el, rep, comp);
	return rc ? rc : mo_x12_writer_end(w, NULL);
}

static int copy_sets(mo_x12_writer *w, const mo_x12 *x)
{
	static const mo_x12_gs gs = {"HC", "SENDER", "RECEIVER", 1, "005010"};
	mo_x12_set s;
	size_t k, i;
	int rc = mo_x12_writer_gs(w, &gs, NULL);
	for (k = 0; !rc && mo_x12_set_at(x, k, &s); k++) {
		rc = mo_x12_writer_st(w, "999", "0001", NULL, NULL);
		for (i = s.first + 1; i < s.last && !rc; i++)
			rc = copy_segment(w, x, i);
		rc = rc ? rc : mo_x12_writer_se(w, NULL);
	}
	return rc ? rc : mo_x12_writer_ge(w, NULL);
}

/* A writer with x's delimiters; when x has no repetition separator, the
 * first candidate that is not one of its delimiters. */
static mo_x12_writer *writer_like(const mo_x12 *x, bool newline)
{
	static const char candidates[] = "^!}|{";
	mo_x12_isa isa = {.delims = mo_x12_delimiters(x), .newline = newline,
	                  .sender_qual = "ZZ", .sender = "SENDER",
	                  .receiver_qual = "ZZ", .receiver = "RECEIVER",
	                  .date = "20240101", .time = "1200", .control = 1,
	                  .usage = 'T'};
	mo_x12_writer *w = NULL;
	size_t k;
	bool none = isa.delims.repetition == '\0';
	for (k = 0; k < sizeof candidates - 1 && !w; k++) {
		if (none)
			isa.delims.repetition = candidates[k];
		if (mo_x12_writer_new(&isa, &w, NULL) != 0 && !none)
			abort(); /* x's own delimiters must be good */
	}
	return w;
}

/* ---- comparing, trailing empty pieces aside ---- */

static unsigned comps_kept(const mo_x12 *x, size_t i, unsigned el,
                           unsigned rep)
{
	unsigned n = mo_x12_component_count(x, i, el, rep);
	size_t len;
	while (n > 0 && (mo_x12_part(x, i, el, rep, n, &len), len == 0))
		n--;
	return n;
}

static unsigned reps_kept(const mo_x12 *x, size_t i, unsigned el)
{
	unsigned n = mo_x12_repeat_count(x, i, el);
	while (n > 0 && comps_kept(x, i, el, n) == 0)
		n--;
	return n;
}

static unsigned elements_kept(const mo_x12 *x, size_t i)
{
	unsigned n = mo_x12_element_count(x, i);
	while (n > 0 && reps_kept(x, i, n) == 0)
		n--;
	return n;
}

static void same_element(const mo_x12 *a, size_t i, const mo_x12 *b,
                         size_t j, unsigned el)
{
	unsigned r, c, nr = reps_kept(a, i, el);
	if (nr != reps_kept(b, j, el))
		abort();
	for (r = 1; r <= nr; r++) {
		unsigned nc = comps_kept(a, i, el, r);
		if (nc != comps_kept(b, j, el, r))
			abort();
		for (c = 1; c <= nc; c++) {
			size_t la, lb;
			const char *pa = mo_x12_part(a, i, el, r, c, &la);
			const char *pb = mo_x12_part(b, j, el, r, c, &lb);
			if (la != lb || memcmp(pa, pb, la) != 0)
				abort();
		}
	}
}

static void same_segment(const mo_x12 *a, size_t i, const mo_x12 *b,
                         size_t j)
{
	unsigned el, n = elements_kept(a, i);
	if (strcmp(mo_x12_id(a, i), mo_x12_id(b, j)) != 0 ||
	    n != elements_kept(b, j))
		abort();
	for (el = 1; el <= n; el++)
		same_element(a, i, b, j, el);
}

static void same_sets(const mo_x12 *a, const mo_x12 *b)
{
	mo_x12_set sa, sb;
	size_t k, i;
	if (mo_x12_set_count(a) != mo_x12_set_count(b))
		abort();
	for (k = 0; mo_x12_set_at(a, k, &sa); k++) {
		if (!mo_x12_set_at(b, k, &sb) ||
		    sa.last - sa.first != sb.last - sb.first)
			abort();
		for (i = 1; i < sa.last - sa.first; i++)
			same_segment(a, sa.first + i, b, sb.first + i);
	}
}

/* Writes x's sets again and checks that they read back the same. A
 * refusal is a failure unless x has no repetition separator (its data may
 * then hold the one the writer chose). */
static void round_trip(const mo_x12 *x, bool newline)
{
	mo_x12_writer *w = writer_like(x, newline);
	mo_x12 *y = NULL;
	char *out = NULL;
	size_t len;
	int rc;
	if (!w)
		return;
	rc = copy_sets(w, x);
	rc = rc ? rc : mo_x12_writer_finish(w, &out, &len, NULL);
	mo_x12_writer_free(w);
	if (rc == MO_ENOMEM ||
	    (rc && mo_x12_delimiters(x).repetition == '\0'))
		return;
	if (rc || mo_x12_parse(out, len, &y, NULL) != 0)
		abort();
	same_sets(x, y);
	mo_x12_free(y);
	free(out);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	mo_x12 *x = NULL;
	volatile size_t sum;
	if (mo_x12_parse((const char *)data, size, &x, NULL) != 0)
		return 0;
	sum = touch_all(x);
	(void)sum;
	round_trip(x, size & 1);
	mo_x12_free(x);
	return 0;
}
