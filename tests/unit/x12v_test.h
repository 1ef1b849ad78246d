/* x12v_test.h: the cmocka side of the structure checker (x12v.h), for the
 * unit tests of the X12 writers (test_x837.c, test_x270.c): a batch
 * written (and accepted), written and read back with every structure
 * check passing, refused with an exact message and nothing returned, bad
 * arguments, a segment compared as written, and a text the checker
 * refuses. A writer
 * is passed as an x12v_writer, a small adapter of mo_x837_write() or
 * mo_x270_write() to a batch given as a pointer. Include it after
 * cmocka.h. It uses x12v.h and x12.h. */
#ifndef MO_TEST_X12V_TEST_H
#define MO_TEST_X12V_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x12v.h"

typedef int (*x12v_writer)(const void *batch, char **out, size_t *len,
                           mo_err *e);

/* What w writes of batch, which it must accept; *len its length. The
 * caller frees it with free(). */
static inline char *x12v_write_ok(x12v_writer w, const void *batch,
                                  size_t *len)
{
	char *out = NULL;
	mo_err e = {0};
	if (w(batch, &out, len, &e) != 0)
		fail_msg("refused: %s", e.msg);
	assert_int_equal(strlen(out), *len);
	return out;
}

/* What w writes of batch, read back with the x12.h reader, every set
 * passing the checks of table t and levels; the caller frees it with
 * mo_x12_free(). */
static inline mo_x12 *x12v_written(x12v_writer w, const void *batch,
                                   const x12v_loop *t,
                                   const x12v_level *levels)
{
	size_t len;
	char *text = x12v_write_ok(w, batch, &len), err[512];
	mo_x12 *x = NULL;
	mo_err e = {0};
	if (mo_x12_parse(text, len, &x, &e) != 0)
		fail_msg("unreadable: %s\n%s", e.msg, text);
	free(text);
	if (!x12v_check(x, t, levels, err, sizeof err))
		fail_msg("structure: %s", err);
	return x;
}

/* w refuses batch with MO_EINVAL and exactly msg, returning nothing. */
static inline void x12v_refused(x12v_writer w, const void *batch,
                                const char *msg)
{
	char *out = (char *)1;
	size_t len = 7;
	mo_err e = {0};
	assert_int_equal(w(batch, &out, &len, &e), MO_EINVAL);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(e.code, MO_EINVAL);
	assert_string_equal(e.msg, msg);
}

/* w refuses a NULL batch (with msg), a NULL out and a NULL len (with no
 * mo_err) as bad arguments, MO_EINVAL. */
static inline void x12v_bad_arguments(x12v_writer w, const void *batch,
                                      const char *msg)
{
	char *out;
	size_t len;
	mo_err e = {0};
	assert_int_equal(w(NULL, &out, &len, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_int_equal(w(batch, NULL, &len, &e), MO_EINVAL);
	assert_int_equal(w(batch, &out, NULL, NULL), MO_EINVAL);
}

/* Segment seg of x as written, with '*' and ':', is text. */
static inline void x12v_assert_seg(const mo_x12 *x, size_t seg,
                                   const char *text)
{
	char buf[512];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%s", mo_x12_id(x, seg));
	for (unsigned k = 1; k <= mo_x12_element_count(x, seg); k++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "*%s",
		                      mo_x12_element(x, seg, k));
	assert_string_equal(buf, text);
}

/* text, read with the x12.h reader, fails the checks with exactly msg. */
static inline void x12v_refuses(const char *text, const x12v_loop *t,
                                const x12v_level *levels, const char *msg)
{
	char err[512] = "";
	assert_int_equal(x12v_check_text(text, t, levels, err, sizeof err), 0);
	assert_string_equal(err, msg);
}

#endif
