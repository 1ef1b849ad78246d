/* bench_x12.c: reading an X12 interchange in memory (mo_x12_parse, then
 * mo_x12_free) next to the floor measured in the same run: a plain memchr
 * scan of the same bytes counting segment terminators and element
 * separators. The interchange (about SEGMENTS segments of claim-like
 * content: names, addresses, composites, dates, in sets of 1,001
 * segments) is built with the writer, whose time is shown too. Each
 * figure is the median of ROUNDS rounds, in MB/s. Usage:
 * bench_x12 [SEGMENTS [ROUNDS]]. It uses core/x12.h and bench.h. */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12.h"

#define CLAIMS 111 /* per set: 999 segments between ST and SE */

/* The first five segments of claim n. */
static int write_claim(mo_x12_writer *w, long n, mo_err *e)
{
	char id[32], amount[48];
	int rc;
	snprintf(id, sizeof id, "PATIENT%06ld", n);
	snprintf(amount, sizeof amount, "%ld.%02ld", 50 + n % 400, n % 100);
	rc = mo_x12_writer_segment(w, "NM1", 9, (const char *[]){"IL", "1",
	     "DOE", "JANE", "Q", NULL, NULL, "MI", id}, e);
	rc = rc ? rc : mo_x12_writer_segment(w, "N3", 1,
	     (const char *[]){"123 MAIN STREET APT 4"}, e);
	rc = rc ? rc : mo_x12_writer_segment(w, "N4", 3,
	     (const char *[]){"SALT LAKE CITY", "UT", "841061149"}, e);
	rc = rc ? rc : mo_x12_writer_segment(w, "DMG", 3,
	     (const char *[]){"D8", "19700101", "F"}, e);
	rc = rc ? rc : mo_x12_writer_begin(w, "CLM", e);
	rc = rc ? rc : mo_x12_writer_element(w, id, e);
	rc = rc ? rc : mo_x12_writer_element(w, amount, e);
	rc = rc ? rc : mo_x12_writer_element(w, NULL, e);
	rc = rc ? rc : mo_x12_writer_element(w, NULL, e);
	rc = rc ? rc : mo_x12_writer_element(w, "11", e);
	rc = rc ? rc : mo_x12_writer_component(w, "B", e);
	rc = rc ? rc : mo_x12_writer_component(w, "1", e);
	rc = rc ? rc : mo_x12_writer_element(w, "Y", e);
	return rc ? rc : mo_x12_writer_end(w, e);
}

/* The other four: a diagnosis, a service line and its date. */
static int write_line(mo_x12_writer *w, long n, mo_err *e)
{
	int rc = mo_x12_writer_begin(w, "HI", e);
	rc = rc ? rc : mo_x12_writer_element(w, "ABK", e);
	rc = rc ? rc : mo_x12_writer_component(w, "R69", e);
	rc = rc ? rc : mo_x12_writer_end(w, e);
	rc = rc ? rc : mo_x12_writer_segment(w, "LX", 1,
	     (const char *[]){"1"}, e);
	rc = rc ? rc : mo_x12_writer_begin(w, "SV1", e);
	rc = rc ? rc : mo_x12_writer_element(w, "HC", e);
	rc = rc ? rc : mo_x12_writer_component(w, n % 2 ? "99213" : "90834",
	                                       e);
	rc = rc ? rc : mo_x12_writer_element(w, "125", e);
	rc = rc ? rc : mo_x12_writer_element(w, "UN", e);
	rc = rc ? rc : mo_x12_writer_element(w, "1", e);
	rc = rc ? rc : mo_x12_writer_end(w, e);
	rc = rc ? rc : mo_x12_writer_segment(w, "DTP", 3,
	     (const char *[]){"472", "D8", "20240815"}, e);
	return rc;
}

static int write_sets(mo_x12_writer *w, long segments, mo_err *e)
{
	static const mo_x12_gs gs = {"HC", "SENDER", "RECEIVER", 1,
	                             "005010X222A1"};
	char control[24];
	long n = 0, sets = (segments + CLAIMS * 9 / 2) / (CLAIMS * 9 + 2);
	int rc = mo_x12_writer_gs(w, &gs, e);
	for (long s = 0; s < sets && !rc; s++) {
		snprintf(control, sizeof control, "%04ld", s + 1);
		rc = mo_x12_writer_st(w, "837", control, "005010X222A1", e);
		for (long k = 0; k < CLAIMS && !rc; k++, n++) {
			rc = write_claim(w, n, e);
			rc = rc ? rc : write_line(w, n, e);
		}
		rc = rc ? rc : mo_x12_writer_se(w, e);
	}
	return rc ? rc : mo_x12_writer_ge(w, e);
}

/* The synthetic interchange; caller frees it with free(). */
static char *build(long segments, size_t *len)
{
	static const mo_x12_isa isa = {
	    .newline = true, .sender_qual = "ZZ", .sender = "SENDER",
	    .receiver_qual = "ZZ", .receiver = "RECEIVER", .date = "20240101",
	    .time = "1200", .control = 1, .usage = 'T'};
	mo_x12_writer *w = NULL;
	mo_err e = {0};
	char *out = NULL;
	int rc = mo_x12_writer_new(&isa, &w, &e);
	rc = rc ? rc : write_sets(w, segments, &e);
	rc = rc ? rc : mo_x12_writer_finish(w, &out, len, &e);
	mo_x12_writer_free(w);
	if (rc)
		fprintf(stderr, "bench_x12: %s\n", e.msg);
	return out;
}

/* The floor: terminators and element separators counted with memchr. */
static size_t scan(const char *s, size_t len)
{
	size_t n = 0;
	const char *p = s, *end = s + len;
	while ((p = memchr(p, '~', (size_t)(end - p)))) {
		p++;
		n++;
	}
	for (p = s; (p = memchr(p, '*', (size_t)(end - p))); p++)
		n++;
	return n;
}

/* Parses text; the number of segments, or 0. */
static size_t parse(const char *text, size_t len)
{
	mo_x12 *x;
	mo_err e;
	size_t n;
	if (mo_x12_parse(text, len, &x, &e) != 0) {
		fprintf(stderr, "bench_x12: %s\n", e.msg);
		return 0;
	}
	n = mo_x12_count(x);
	mo_x12_free(x);
	return n;
}

/* Alternates rounds of the floor and of the parser over text; their
 * medians in MB/s. 0, or 1 when a round fails. */
static int measure(const char *text, size_t len, int rounds, double *floor,
                   double *ours)
{
	double *a = calloc((size_t)rounds, sizeof *a), t;
	double *b = calloc((size_t)rounds, sizeof *b), mb = (double)len / 1e6;
	size_t counted = 1;
	int rc = 1;
	if (!a || !b)
		goto cleanup;
	for (int r = 0; r < rounds && counted; r++) {
		t = bench_now_ms();
		counted = scan(text, len);
		a[r] = mb / ((bench_now_ms() - t) / 1e3);
		t = bench_now_ms();
		counted = counted ? parse(text, len) : 0;
		b[r] = mb / ((bench_now_ms() - t) / 1e3);
	}
	if (!counted)
		goto cleanup;
	*floor = bench_median(a, rounds);
	*ours = bench_median(b, rounds);
	rc = 0;
cleanup:
	free(a);
	free(b);
	return rc;
}

int main(int argc, char **argv)
{
	long segments = argc > 1 ? atol(argv[1]) : 100000;
	int rounds = argc > 2 ? atoi(argv[2]) : 10;
	double floor = 0, ours = 0, t;
	size_t len = 0, count = 0;
	char *text;
	if (segments < 10 || rounds < 3)
		return 2;
	t = bench_now_ms();
	text = build(segments, &len);
	t = bench_now_ms() - t;
	if (text)
		count = parse(text, len);
	if (!count || measure(text, len, rounds, &floor, &ours)) {
		free(text);
		return 1;
	}
	printf("X12: %zu segments, %.1f MB, written in %.1f ms\n", count,
	       (double)len / 1e6, t);
	printf("%-36s %9s %9s %7s\n", "reading X12 in memory (median)", "MB/s",
	       "floor", "ratio");
	printf("%-36s %9.1f %9.1f %6.2fx\n", "floor: memchr scan", floor,
	       floor, 1.0);
	printf("%-36s %9.1f %9.1f %6.2fx\n", "mo_x12_parse + mo_x12_free",
	       ours, floor, floor / ours);
	bench_result("reading an X12 interchange of 100,000 segments", ours, -1,
	             "MB/s", "", floor);
	bench_peak("bench_x12", RUSAGE_SELF);
	free(text);
	return 0;
}
