/* test_model_oom.c: practice.yaml read while memory runs out. This test
 * program replaces malloc, calloc, realloc and free (forwarding to glibc's
 * own) so that the k-th allocation fails, for every k until parsing
 * succeeds, and counts the blocks still allocated: every failure must be
 * reported (MO_ENOMEM, or the error the file has), leave no result, leak
 * nothing and crash nothing. It covers the model (model.c) as well as the
 * tree and schema (config.c). Skipped in sanitizer builds, whose runtime
 * owns malloc. It uses cmocka and glibc. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

#ifndef SANITIZED
/* ---- the allocator: glibc's, with one failure on demand ---- */

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long fail_at = -1; /* allocations before the one that fails */
static long live;         /* blocks allocated and not yet freed */

/* True for the allocation that is to fail (once), with errno set as
 * glibc sets it. */
static bool failing(void)
{
	if (fail_at < 0 || fail_at-- != 0)
		return false;
	errno = ENOMEM;
	return true;
}

void *malloc(size_t n)
{
	void *p = failing() ? NULL : __libc_malloc(n);
	live += p != NULL;
	return p;
}

void *calloc(size_t n, size_t size)
{
	void *p = failing() ? NULL : __libc_calloc(n, size);
	live += p != NULL;
	return p;
}

void *realloc(void *q, size_t n)
{
	void *p;
	if (failing())
		return NULL;
	p = __libc_realloc(q, n);
	live += !q && p;
	return p;
}

void free(void *p)
{
	live -= p != NULL;
	__libc_free(p);
}

/* Parses text failing each allocation in turn until the result is want;
 * returns how many failures were tried. */
static long parse_failing(const char *text, int want)
{
	mo_config *c;
	mo_err e;
	long k, before;
	int rc;
	for (k = 0;; k++) {
		c = (mo_config *)1;
		before = live;
		fail_at = k;
		rc = mo_config_parse(text, strlen(text), "p.yaml", &c, &e);
		fail_at = -1;
		if (rc == want)
			break;
		if (rc != MO_ENOMEM)
			fail_msg("allocation %ld: rc %d: %s", k, rc, e.msg);
		assert_null(c);
		if (live != before)
			fail_msg("allocation %ld: %ld blocks leaked", k,
			         live - before);
	}
	mo_config_free(rc ? NULL : c);
	assert_int_equal(live, before);
	return k;
}

static void test_model_oom(void **state)
{
	char *text = slurp(FIXTURES "/config/model.yaml", NULL);
	(void)state;
	/* every allocation of a real load is tried */
	assert_true(parse_failing(text, 0) > 500);
	free(text);
}

/* Errors found across entities, with "did you mean" suggestions. */
static void test_errors_oom(void **state)
{
	static const char *const texts[] = {
	    "practice: {name: X, timezone: UTC}\n"
	    "locations: [{id: main, name: M, rooms: [{id: r, kind: exam}]}]\n"
	    "staff:\n"
	    "  - {id: maria, name: M, job: x}\n"
	    "  - {id: ana, name: A, job: x, supervisor: mria}\n",
	    "practice: {name: X, timezone: UTC}\n"
	    "locations: [{id: main, name: M}]\n"
	    "staff:\n"
	    "  - {id: a, name: A, job: x, supervisor: b}\n"
	    "  - {id: b, name: B, job: x, supervisor: a}\n",
	    "practice: {name: X, timezone: UTC}\n"
	    "locations: [{id: main, name: M}]\n"
	    "staff: [{id: a, name: A, job: x}, {id: a, name: B, job: x}]\n",
	    "practice: {name: X, timezone: UTC}\n"
	    "locations: [{id: main, name: M}]\n"
	    "staff: [{id: a, name: A, job: x}]\n"
	    "fee_schedules: [{id: f, name: F, fees: [{code: \"99213\", "
	    "charge: 1}, {code: \"99213\", charge: 2}]}]\n",
	};
	size_t i;
	(void)state;
	for (i = 0; i < sizeof texts / sizeof texts[0]; i++)
		assert_true(parse_failing(texts[i], MO_ECONFIG) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_model_oom),
	    cmocka_unit_test(test_errors_oom),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* SANITIZED */

static void test_skipped(void **state)
{
	(void)state;
	skip(); /* the sanitizer's runtime owns malloc */
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_skipped)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif
