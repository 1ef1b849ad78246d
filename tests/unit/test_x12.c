/* test_x12.c: unit tests of core/x12.c. Bad input first (broken
 * envelopes, wrong counts and control numbers, truncation, wrong
 * separators, NUL bytes, empty and non-X12 text, bad segment ids, the
 * size limit), each with its exact message; then the two sample files of
 * tests/fixtures/x12 (an 835 and an 837P, see LICENSES.md there), the
 * accessors, the writer (envelope counts and widths, refused delimiters,
 * trailing empty elements, misuse) and round trips through the reader. In
 * builds without sanitizers it also replaces malloc to fail each
 * allocation in turn. It uses cmocka. */
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

#include "x12.h"

/* A small interchange; its segments start at bytes 0 (ISA), 106 (GS),
 * 159 (ST), 171 (BHT), 202 (SE), 212 (GE), 219 (IEA); 235 bytes. */
#define ISA                                                                    \
	"ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER     " \
	"  *240101*1200*^*00501*000000001*0*T*:~"
#define GS "GS*HC*SENDER*RECEIVER*20240101*1200*1*X*005010X222A1~"
#define ST "ST*837*0001~"
#define BHT "BHT*0019*00*1*20240101*1200*CH~"
#define HEAD ISA GS ST BHT
#define SE "SE*3*0001~"
#define GE "GE*1*1~"
#define IEA "IEA*1*000000001~"
#define GOOD HEAD SE GE IEA

static void bad_len(const char *text, size_t len, const char *msg)
{
	mo_x12 *x = (mo_x12 *)1;
	mo_err e = {0};
	assert_int_equal(mo_x12_parse(text, len, &x, &e), MO_EINVAL);
	assert_null(x);
	assert_int_equal(e.code, MO_EINVAL);
	assert_string_equal(e.msg, msg);
}

static void bad(const char *text, const char *msg)
{
	bad_len(text, strlen(text), msg);
}

/* Parses text that must be good; caller frees with mo_x12_free(). */
static mo_x12 *good_len(const char *text, size_t len)
{
	mo_x12 *x = NULL;
	mo_err e = {0};
	if (mo_x12_parse(text, len, &x, &e) != 0)
		fail_msg("refused: %s", e.msg);
	return x;
}

static mo_x12 *good(const char *text)
{
	return good_len(text, strlen(text));
}

/* ---- bad input ---- */

static void test_not_x12(void **state)
{
	(void)state;
	assert_int_equal(strlen(ISA), 106);
	assert_int_equal(strlen(GOOD), 235);
	bad("", "the input is empty: expected an X12 interchange starting "
	        "with \"ISA\"");
	bad("hello, world\n", "segment 1 at byte 0: expected an X12 "
	    "interchange starting with \"ISA\", found \"hello, world\\x0a\"");
	bad("IS", "segment 1 at byte 0: expected an X12 interchange starting "
	    "with \"ISA\", found \"IS\"");
	bad(" " GOOD, "segment 1 at byte 0: expected an X12 interchange "
	    "starting with \"ISA\", found \" ISA*00*          *00*       "
	    "   *ZZ*SENDER      ...\"");
	bad_len(GOOD, 0, "the input is empty: expected an X12 interchange "
	        "starting with \"ISA\"");
	bad_len("ISA*00\0*" GOOD, sizeof "ISA*00\0*" GOOD - 1,
	        "byte 6 is a NUL byte: expected X12 text");
	bad_len(GOOD "\0", sizeof GOOD, "byte 235 is a NUL byte: expected "
	        "X12 text");
}

static void test_isa_broken(void **state)
{
	(void)state;
	bad("ISA", "segment 1 at byte 0, ISA: the input ends at byte 3, "
	    "inside ISA01: expected the 106 bytes of an ISA segment");
	bad("ISA*00*          *00", "segment 1 at byte 0, ISA: the input ends "
	    "at byte 20, inside ISA03: expected the 106 bytes of an ISA "
	    "segment");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER"
	    "       *240101*1200*^*00501*000000001*0*T*",
	    "segment 1 at byte 0, ISA: the input ends at byte 104, inside "
	    "ISA16: expected the 106 bytes of an ISA segment");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER"
	    "       *240101*1200*^*00501*000000001*0*T*:",
	    "segment 1 at byte 0, ISA: the input ends at byte 105, inside "
	    "ISA16: expected the 106 bytes of an ISA segment");
	/* ISA06 one space short */
	bad("ISA*00*          *00*          *ZZ*SENDER        *ZZ*RECEIVER  "
	    "     *240101*1200*^*00501*000000001*0*T*:~" GS ST BHT SE GE IEA,
	    "segment 1 at byte 0, ISA06: expected 15 characters (a fixed "
	    "width, padded with spaces), found 14: \"SENDER        \"");
	/* ISA09 with a four-digit year */
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *20240101*1200*^*00501*000000001*0*T*:~",
	    "segment 1 at byte 0, ISA09: expected 6 characters (a fixed "
	    "width, padded with spaces), found 8: \"20240101\"");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*00501*1*0*T*:~" GS,
	    "segment 1 at byte 0, ISA13: expected 9 characters (a fixed "
	    "width, padded with spaces), found 1: \"1\"");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*00501*00000000A*0*T*:~" GS,
	    "segment 1 at byte 0, ISA13: expected a control number of 9 "
	    "digits, found \"00000000A\"");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*0050A*000000001*0*T*:~" GS,
	    "segment 1 at byte 0, ISA12: expected a version of 5 digits "
	    "(\"00501\"), found \"0050A\"");
}

static void test_separators(void **state)
{
	(void)state;
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*00501*000000001*0*T*:*" GS,
	    "segment 1 at byte 0, ISA: the segment terminator \"*\" is also "
	    "the element separator");
	bad("ISAX00X          X00X          XZZXSENDER         XZZXRECEIVER "
	    "      X240101X1200X^X00501X000000001X0XTX:~",
	    "segment 1 at byte 0, ISA: the element separator \"X\" may not "
	    "be a letter or digit");
	bad("ISA 00 ", "segment 1 at byte 0, ISA: the element separator \" \" "
	    "may not be a space");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*00501*000000001*0*T*A~",
	    "segment 1 at byte 0, ISA16: the component separator \"A\" may "
	    "not be a letter or digit");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*:*00501*000000001*0*T*:~",
	    "segment 1 at byte 0, ISA16: the component separator \":\" is "
	    "also the repetition separator");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*\n*00501*000000001*0*T*:~",
	    "segment 1 at byte 0, ISA11: the repetition separator \"\\x0a\" "
	    "may not be a line break");
	bad("ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER "
	    "      *240101*1200*^*00501*000000001*0*T*:5",
	    "segment 1 at byte 0, ISA: the segment terminator \"5\" may not "
	    "be a letter or digit");
}

static void test_envelope_order(void **state)
{
	(void)state;
	bad(ISA "GE*0*1~IEA*0*000000001~", "segment 2 at byte 106, GE: "
	    "expected GS or IEA, found GE outside any functional group");
	bad(ISA ST BHT SE GE IEA, "segment 2 at byte 106, ST: expected GS "
	    "or IEA, found ST outside any functional group");
	bad(ISA GS BHT SE GE IEA, "segment 3 at byte 159, BHT: expected ST "
	    "or GE, found BHT outside any transaction set");
	bad(ISA GS "IEA*1*000000001~", "segment 3 at byte 159, IEA: expected "
	    "GE closing the functional group opened at segment 2, found IEA");
	bad(ISA GS GS, "segment 3 at byte 159, GS: expected GE closing the "
	    "functional group opened at segment 2, found GS");
	bad(HEAD ST SE, "segment 5 at byte 202, ST: expected SE closing the "
	    "transaction set opened at segment 3, found ST");
	bad(HEAD GE IEA, "segment 5 at byte 202, GE: expected SE closing the "
	    "transaction set opened at segment 3, found GE");
	bad(HEAD ISA, "segment 5 at byte 202, ISA: expected SE closing the "
	    "transaction set opened at segment 3, found ISA");
	bad(ISA GS "SE*1*0001~", "segment 3 at byte 159, SE: expected ST or "
	    "GE, found SE outside any transaction set");
}

static void test_truncated(void **state)
{
	(void)state;
	bad(ISA, "the input ends at byte 106 after segment 1 (ISA): expected "
	    "IEA closing the interchange (truncated?)");
	bad(HEAD SE GE, "the input ends at byte 219 after segment 6 (GE): "
	    "expected IEA closing the interchange (truncated?)");
	bad(HEAD SE, "the input ends at byte 212 after segment 5 (SE): "
	    "expected GE closing the functional group opened at segment 2 "
	    "(truncated?)");
	bad(HEAD, "the input ends at byte 202 after segment 4 (BHT): expected "
	    "SE closing the transaction set opened at segment 3 "
	    "(truncated?)");
	bad(HEAD "SE*3*000", "segment 5 at byte 202: expected the segment "
	    "terminator \"~\" before the end of the input (truncated?), found "
	    "\"SE*3*000\"");
	bad(HEAD SE GE "IEA*1*000000001", "segment 7 at byte 219: expected "
	    "the segment terminator \"~\" before the end of the input "
	    "(truncated?), found \"IEA*1*000000001\"");
}

static void test_counts(void **state)
{
	(void)state;
	bad(HEAD "SE*4*0001~" GE IEA, "segment 5 at byte 202, SE01: expected "
	    "3 (the segments from ST to SE), found \"4\"");
	bad(HEAD "SE**0001~" GE IEA, "segment 5 at byte 202, SE01: expected "
	    "3 (the segments from ST to SE), found \"\"");
	bad(HEAD "SE~" GE IEA, "segment 5 at byte 202, SE01: expected 3 (the "
	    "segments from ST to SE), found \"\"");
	bad(HEAD "SE*3a*0001~" GE IEA, "segment 5 at byte 202, SE01: "
	    "expected 3 (the segments from ST to SE), found \"3a\"");
	bad(HEAD "SE*-3*0001~" GE IEA, "segment 5 at byte 202, SE01: "
	    "expected 3 (the segments from ST to SE), found \"-3\"");
	bad(HEAD "SE*99999999999999999999999999999999*0001~" GE IEA,
	    "segment 5 at byte 202, SE01: expected 3 (the segments from ST "
	    "to SE), found \"99999999999999999999999999999999\"");
	bad(HEAD "SE*18446744073709551619*0001~" GE IEA,
	    "segment 5 at byte 202, SE01: expected 3 (the segments from ST "
	    "to SE), found \"18446744073709551619\"");
	bad(HEAD SE "GE*2*1~" IEA, "segment 6 at byte 212, GE01: expected 1 "
	    "(the transaction sets in the group), found \"2\"");
	bad(HEAD SE "GE*0*1~" IEA, "segment 6 at byte 212, GE01: expected 1 "
	    "(the transaction sets in the group), found \"0\"");
	bad(HEAD SE GE "IEA*2*000000001~", "segment 7 at byte 219, IEA01: "
	    "expected 1 (the functional groups in the interchange), found "
	    "\"2\"");
	bad(ISA "IEA*1*000000001~", "segment 2 at byte 106, IEA01: expected "
	    "0 (the functional groups in the interchange), found \"1\"");
	/* leading zeros are the same number */
	mo_x12_free(good(HEAD "SE*003*0001~" GE "IEA*01*000000001~"));
}

static void test_control_numbers(void **state)
{
	(void)state;
	bad(HEAD "SE*3*0002~" GE IEA, "segment 5 at byte 202, SE02: expected "
	    "\"0001\" (ST02 of segment 3), found \"0002\"");
	bad(HEAD "SE*3~" GE IEA, "segment 5 at byte 202, SE02: expected "
	    "\"0001\" (ST02 of segment 3), found \"\"");
	bad(HEAD SE "GE*1*2~" IEA, "segment 6 at byte 212, GE02: expected "
	    "\"1\" (GS06 of segment 2), found \"2\"");
	bad(HEAD SE "GE*1*01~" IEA, "segment 6 at byte 212, GE02: expected "
	    "\"1\" (GS06 of segment 2), found \"01\"");
	bad(HEAD SE GE "IEA*1*000000002~", "segment 7 at byte 219, IEA02: "
	    "expected \"000000001\" (ISA13 of segment 1), found "
	    "\"000000002\"");
}

static void test_segment_ids(void **state)
{
	(void)state;
	bad(ISA GS ST "bht*0019~" SE GE IEA, "segment 4 at byte 171: expected "
	    "a segment id of 2 or 3 capital letters or digits, found "
	    "\"bht\"");
	bad(ISA GS ST "BHTX*0019~" SE GE IEA, "segment 4 at byte 171: "
	    "expected a segment id of 2 or 3 capital letters or digits, "
	    "found \"BHTX\"");
	bad(ISA GS ST "B*0019~" SE GE IEA, "segment 4 at byte 171: expected a "
	    "segment id of 2 or 3 capital letters or digits, found \"B\"");
	bad(ISA GS ST "~" SE GE IEA, "segment 4 at byte 171: expected a "
	    "segment id of 2 or 3 capital letters or digits, found \"\"");
	bad(ISA GS ST "*A~" SE GE IEA, "segment 4 at byte 171: expected a "
	    "segment id of 2 or 3 capital letters or digits, found \"\"");
	/* any byte but a line break after a terminator is a stray byte */
	bad(ISA GS " " ST BHT SE GE IEA, "segment 3 at byte 159: expected a "
	    "segment id of 2 or 3 capital letters or digits, found \" ST\"");
	bad(ISA GS "\t" ST BHT SE GE IEA, "segment 3 at byte 159: expected a "
	    "segment id of 2 or 3 capital letters or digits, found "
	    "\"\\x09ST\"");
	/* ids of digits are ids */
	mo_x12_free(good(ISA GS ST "N1*PR~" "123~" "SE*4*0001~" GE IEA));
}

static void test_after_iea(void **state)
{
	(void)state;
	bad(GOOD GOOD, "segment 8 at byte 235, ISA: a second interchange in "
	    "the same buffer is not supported: expected the end of the input "
	    "after IEA (parse each interchange on its own)");
	bad(GOOD "\n" GOOD, "segment 8 at byte 236, ISA: a second interchange "
	    "in the same buffer is not supported: expected the end of the "
	    "input after IEA (parse each interchange on its own)");
	bad(GOOD "\n \n", "segment 8 at byte 236: expected the end of the "
	    "input after IEA, found \" \\x0a\"");
	bad(GOOD "GS*HC~", "segment 8 at byte 235: expected the end of the "
	    "input after IEA, found \"GS*HC~\"");
}

static void test_limits(void **state)
{
	char text[4096];
	mo_x12 *x = NULL;
	mo_err e = {0};
	int n, i;
	(void)state;
	/* 99 elements are allowed, 100 are not */
	n = snprintf(text, sizeof text, "%s", HEAD "REF");
	for (i = 0; i < 99; i++)
		n += snprintf(text + n, sizeof text - (size_t)n, "*%d", i);
	snprintf(text + n, sizeof text - (size_t)n, "~SE*4*0001~" GE IEA);
	x = good(text);
	assert_int_equal(mo_x12_element_count(x, 4), 99);
	assert_string_equal(mo_x12_element(x, 4, 99), "98");
	mo_x12_free(x);
	snprintf(text + n, sizeof text - (size_t)n, "*X~SE*4*0001~" GE IEA);
	bad(text, "segment 5 at byte 202, REF: more than 99 elements");
	/* the size limit, exactly and one byte over */
	assert_int_equal(mo_x12_parse_max(GOOD, 235, 235, &x, &e), 0);
	assert_int_equal(mo_x12_count(x), 7);
	mo_x12_free(x);
	assert_int_equal(mo_x12_parse_max(GOOD, 235, 234, &x, &e), MO_EINVAL);
	assert_null(x);
	assert_string_equal(e.msg, "the input is 235 bytes, over the limit "
	                    "of 234 bytes");
	assert_int_equal(MO_X12_MAX_INPUT, 64 << 20);
	/* the limit is checked before the bytes are read */
	assert_int_equal(mo_x12_parse_max(NULL, 0, 0, &x, &e), MO_EINVAL);
	assert_string_equal(e.msg, "the input is empty: expected an X12 "
	                    "interchange starting with \"ISA\"");
	/* a NULL mo_err is allowed */
	assert_int_equal(mo_x12_parse("ISA", 3, &x, NULL), MO_EINVAL);
}

/* ---- good input ---- */

static void test_line_breaks(void **state)
{
	mo_x12 *x;
	(void)state;
	x = good(ISA "\r\n" GS "\n" ST "\r\n" BHT "\r\n\r\n" SE GE "\n" IEA
	         "\r\n");
	assert_int_equal(mo_x12_count(x), 7);
	assert_int_equal(mo_x12_offset(x, 1), 108);
	assert_int_equal(mo_x12_offset(x, 2), 162);
	assert_int_equal(mo_x12_offset(x, 6), 229);
	assert_string_equal(mo_x12_element(x, 6, 2), "000000001");
	mo_x12_free(x);
	/* a line break before the terminator belongs to the element */
	bad(HEAD "SE*3*0001\n~" GE IEA, "segment 5 at byte 202, SE02: "
	    "expected \"0001\" (ST02 of segment 3), found \"0001\\x0a\"");
}

static void test_accessors(void **state)
{
	mo_x12 *x;
	mo_x12_delims d;
	size_t len;
	const char *s;
	(void)state;
	x = good(ISA GS ST "SV1*HC:99213:25::*100**1***1:2^3:4^~"
	         "SE*3*0001~" GE IEA);
	d = mo_x12_delimiters(x);
	assert_int_equal(d.element, '*');
	assert_int_equal(d.repetition, '^');
	assert_int_equal(d.component, ':');
	assert_int_equal(d.segment, '~');
	assert_string_equal(mo_x12_id(x, 3), "SV1");
	assert_null(mo_x12_id(x, 7));
	assert_null(mo_x12_element(x, 7, 1));
	assert_int_equal(mo_x12_element_count(x, 3), 7);
	assert_string_equal(mo_x12_element(x, 3, 0), "SV1");
	assert_string_equal(mo_x12_element(x, 3, 1), "HC:99213:25::");
	assert_string_equal(mo_x12_element(x, 3, 3), "");
	assert_string_equal(mo_x12_element(x, 3, 8), "");
	assert_int_equal(mo_x12_repeat_count(x, 3, 1), 1);
	assert_int_equal(mo_x12_component_count(x, 3, 1, 1), 5);
	s = mo_x12_component(x, 3, 1, 2, &len);
	assert_int_equal(len, 5);
	assert_memory_equal(s, "99213", 5);
	s = mo_x12_component(x, 3, 1, 3, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(s, "25", 2);
	s = mo_x12_component(x, 3, 1, 4, &len);
	assert_int_equal(len, 0);
	s = mo_x12_component(x, 3, 1, 6, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	s = mo_x12_component(x, 3, 2, 1, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "100", 3);
	s = mo_x12_component(x, 3, 9, 1, &len);
	assert_int_equal(len, 0);
	s = mo_x12_component(x, 3, 1, 0, &len);
	assert_int_equal(len, 0);
	/* repetitions: "1:2^3:4^" */
	assert_int_equal(mo_x12_repeat_count(x, 3, 7), 3);
	assert_int_equal(mo_x12_repeat_count(x, 3, 3), 1);
	assert_int_equal(mo_x12_repeat_count(x, 3, 8), 0);
	assert_int_equal(mo_x12_component_count(x, 3, 7, 2), 2);
	assert_int_equal(mo_x12_component_count(x, 3, 7, 3), 1);
	assert_int_equal(mo_x12_component_count(x, 3, 7, 4), 0);
	s = mo_x12_part(x, 3, 7, 2, 2, &len);
	assert_int_equal(len, 1);
	assert_memory_equal(s, "4", 1);
	s = mo_x12_part(x, 3, 7, 1, 1, &len);
	assert_int_equal(len, 1);
	assert_memory_equal(s, "1", 1);
	s = mo_x12_part(x, 3, 7, 3, 1, &len);
	assert_int_equal(len, 0);
	s = mo_x12_part(x, 3, 7, 4, 1, &len);
	assert_int_equal(len, 0);
	assert_int_equal(mo_x12_offset(x, 3), 171);
	assert_int_equal(mo_x12_offset(x, 99), 0);
	mo_x12_free(x);
	/* no document */
	assert_int_equal(mo_x12_count(NULL), 0);
	assert_null(mo_x12_element(NULL, 0, 0));
	assert_int_equal(mo_x12_set_count(NULL), 0);
	mo_x12_free(NULL);
}

static void test_version_4010(void **state)
{
	mo_x12 *x;
	size_t len;
	const char *s;
	(void)state;
	/* before 00501, ISA11 is no separator: "^" is data */
	x = good("ISA*00*          *00*          *ZZ*SENDER         *ZZ*"
	         "RECEIVER       *240101*1200*U*00401*000000001*0*T*:~"
	         GS ST "REF*A^B~SE*3*0001~" GE IEA);
	assert_int_equal(mo_x12_delimiters(x).repetition, '\0');
	assert_int_equal(mo_x12_repeat_count(x, 3, 1), 1);
	s = mo_x12_part(x, 3, 1, 1, 1, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "A^B", 3);
	mo_x12_free(x);
}

static void test_groups_and_sets(void **state)
{
	mo_x12 *x;
	mo_x12_group g;
	mo_x12_set s;
	(void)state;
	x = good(ISA "TA1*000000001*240101*1200*A*000~"
	         "GS*HC*SENDER*RECEIVER*20240101*1200*7*X*005010X222A1~"
	         ST BHT SE "ST*837*0002~SE*2*0002~GE*2*7~"
	         "GS*HS*SENDER*RECEIVER*20240101*1200*8*X*005010X279A1~"
	         "ST*270*0003~SE*2*0003~GE*1*8~IEA*2*000000001~");
	assert_int_equal(mo_x12_group_count(x), 2);
	assert_int_equal(mo_x12_set_count(x), 3);
	assert_true(mo_x12_group_at(x, 0, &g));
	assert_string_equal(g.functional_id, "HC");
	assert_string_equal(g.sender, "SENDER");
	assert_string_equal(g.receiver, "RECEIVER");
	assert_string_equal(g.control, "7");
	assert_string_equal(g.version, "005010X222A1");
	assert_int_equal(g.first, 2);
	assert_int_equal(g.last, 8);
	assert_int_equal(g.first_set, 0);
	assert_int_equal(g.set_count, 2);
	assert_true(mo_x12_group_at(x, 1, &g));
	assert_int_equal(g.first_set, 2);
	assert_int_equal(g.set_count, 1);
	assert_false(mo_x12_group_at(x, 2, &g));
	assert_true(mo_x12_set_at(x, 1, &s));
	assert_string_equal(s.type, "837");
	assert_string_equal(s.control, "0002");
	assert_string_equal(s.functional_id, "HC");
	assert_int_equal(s.group, 0);
	assert_int_equal(s.first, 6);
	assert_int_equal(s.last, 7);
	assert_true(mo_x12_set_at(x, 2, &s));
	assert_string_equal(s.type, "270");
	assert_string_equal(s.functional_id, "HS");
	assert_string_equal(s.version, "005010X279A1");
	assert_int_equal(s.group, 1);
	assert_false(mo_x12_set_at(x, 3, &s));
	mo_x12_free(x);
	/* an interchange without groups */
	x = good(ISA "IEA*0*000000001~");
	assert_int_equal(mo_x12_group_count(x), 0);
	assert_int_equal(mo_x12_count(x), 2);
	mo_x12_free(x);
}

/* ---- the sample files ---- */

/* Segment i has the id and element el the value. */
static void check_el(const mo_x12 *x, size_t i, const char *id, unsigned el,
                     const char *value)
{
	assert_string_equal(mo_x12_id(x, i), id);
	assert_string_equal(mo_x12_element(x, i, el), value);
}

static void test_sample_835(void **state)
{
	size_t len, n;
	char *text = slurp(FIXTURES "/x12/tastypackets-835-profee.edi", &len);
	mo_x12 *x = good_len(text, len);
	mo_x12_set s;
	const char *c;
	(void)state;
	assert_int_equal(mo_x12_count(x), 69);
	assert_int_equal(mo_x12_group_count(x), 1);
	assert_int_equal(mo_x12_set_count(x), 1);
	assert_true(mo_x12_set_at(x, 0, &s));
	assert_string_equal(s.type, "835");
	assert_string_equal(s.control, "1740");
	assert_string_equal(s.functional_id, "HP");
	assert_string_equal(s.version, "005010X221A1");
	assert_int_equal(s.first, 2);
	assert_int_equal(s.last, 66);
	check_el(x, 0, "ISA", 13, "006000600");
	check_el(x, 0, "ISA", 6, "EMEDNYBAT      ");
	check_el(x, 1, "GS", 6, "6000600");
	check_el(x, 3, "BPR", 2, "45.75");
	check_el(x, 3, "BPR", 16, "20100101");
	check_el(x, 3, "BPR", 11, "");
	check_el(x, 14, "CLP", 1, "PATIENT ACCOUNT NUMBER");
	check_el(x, 14, "CLP", 3, "34.25");
	check_el(x, 21, "SVC", 1, "HC:V2020:RB");
	c = mo_x12_component(x, 21, 1, 2, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(c, "V2020", 5);
	check_el(x, 66, "SE", 1, "65");
	check_el(x, 68, "IEA", 2, "006000600");
	assert_int_equal(mo_x12_offset(x, 3), 179);
	mo_x12_free(x);
	free(text);
}

static void test_sample_837(void **state)
{
	size_t len, n;
	char *text = slurp(FIXTURES "/x12/uhin-837p.edi", &len);
	mo_x12 *x = good_len(text, len);
	mo_x12_set s;
	const char *c;
	(void)state;
	assert_int_equal(mo_x12_count(x), 28);
	assert_int_equal(mo_x12_set_count(x), 1);
	assert_true(mo_x12_set_at(x, 0, &s));
	assert_string_equal(s.type, "837");
	assert_string_equal(s.control, "800000372");
	assert_string_equal(s.functional_id, "HC");
	assert_string_equal(s.version, "005010X222A1");
	assert_int_equal(s.first, 2);
	assert_int_equal(s.last, 25);
	check_el(x, 0, "ISA", 13, "800000372");
	check_el(x, 2, "ST", 3, "005010X222A1");
	check_el(x, 20, "CLM", 1, "1606");
	check_el(x, 20, "CLM", 2, "2");
	check_el(x, 20, "CLM", 5, "11:B:1");
	c = mo_x12_component(x, 20, 5, 1, &n);
	assert_int_equal(n, 2);
	assert_memory_equal(c, "11", 2);
	check_el(x, 15, "NM1", 3, "MARQUARDT");
	check_el(x, 23, "SV1", 1, "HC:90834");
	check_el(x, 25, "SE", 1, "24");
	mo_x12_free(x);
	free(text);
}

/* ---- writer ---- */

static const mo_x12_isa isa_default = {
    .sender_qual = "ZZ", .sender = "SENDER", .receiver_qual = "ZZ",
    .receiver = "RECEIVER", .date = "20240101", .time = "1200",
    .control = 1, .usage = 'T'};

static const mo_x12_gs gs_default = {"HC", "SENDER", "RECEIVER", 1,
                                     "005010X222A1"};

static mo_x12_writer *writer(const mo_x12_isa *isa)
{
	mo_x12_writer *w = NULL;
	mo_err e = {0};
	if (mo_x12_writer_new(isa, &w, &e) != 0)
		fail_msg("writer refused: %s", e.msg);
	return w;
}

/* Finishes w and frees it; caller frees the text with free(). */
static char *finish(mo_x12_writer *w, size_t *len)
{
	char *out = NULL;
	mo_err e = {0};
	if (mo_x12_writer_finish(w, &out, len, &e) != 0)
		fail_msg("finish refused: %s", e.msg);
	mo_x12_writer_free(w);
	assert_int_equal(strlen(out), *len);
	return out;
}

static void test_writer_envelope(void **state)
{
	static const char *const bht[] = {"0019", "00", "1", "20240101",
	                                  "1200", "CH"};
	mo_x12_writer *w = writer(&isa_default);
	mo_err e = {0};
	size_t len;
	char *out;
	(void)state;
	assert_int_equal(mo_x12_writer_gs(w, &gs_default, &e), 0);
	assert_int_equal(mo_x12_writer_st(w, "837", "0001", NULL, &e), 0);
	assert_int_equal(mo_x12_writer_segment(w, "BHT", 6, bht, &e), 0);
	assert_int_equal(mo_x12_writer_se(w, &e), 0);
	assert_int_equal(mo_x12_writer_ge(w, &e), 0);
	out = finish(w, &len);
	assert_string_equal(out, GOOD);
	free(out);
}

static void test_writer_counts(void **state)
{
	mo_x12_isa isa = isa_default;
	mo_x12_gs gs = gs_default;
	mo_x12_writer *w;
	mo_x12 *x;
	mo_x12_set s;
	size_t len;
	char *out;
	int g, t;
	(void)state;
	isa.newline = true;
	isa.control = 42;
	isa.sender = "ABCDEFGHIJKLMNO";
	isa.usage = 'P';
	isa.ack_requested = true;
	w = writer(&isa);
	for (g = 0; g < 2; g++) {
		gs.control = 100 + (uint32_t)g;
		assert_int_equal(mo_x12_writer_gs(w, &gs, NULL), 0);
		for (t = 0; t < 3; t++) {
			assert_int_equal(mo_x12_writer_st(w, "837", "0001",
			                 "005010X222A1", NULL), 0);
			assert_int_equal(mo_x12_writer_segment(w, "REF", 2,
			                 (const char *[]){"EI", "1"}, NULL), 0);
			assert_int_equal(mo_x12_writer_segment(w, "REF", 0,
			                 NULL, NULL), 0);
			assert_int_equal(mo_x12_writer_se(w, NULL), 0);
		}
		assert_int_equal(mo_x12_writer_ge(w, NULL), 0);
	}
	out = finish(w, &len);
#define FIRST_SET                                                              \
	"ISA*00*          *00*          *ZZ*ABCDEFGHIJKLMNO*ZZ*RECEIVER     " \
	"  *240101*1200*^*00501*000000042*1*P*:~\nGS*HC*SENDER*RECEIVER*"     \
	"20240101*1200*100*X*005010X222A1~\nST*837*0001*005010X222A1~\n"      \
	"REF*EI*1~\nREF~\nSE*4*0001~\n"
	assert_memory_equal(out, FIRST_SET, sizeof FIRST_SET - 1);
	assert_non_null(strstr(out, "GE*3*101~\nIEA*2*000000042~\n"));
	x = good_len(out, len);
	assert_int_equal(mo_x12_set_count(x), 6);
	assert_true(mo_x12_set_at(x, 5, &s));
	assert_string_equal(s.version, "005010X222A1");
	assert_string_equal(mo_x12_element(x, s.first, 3), "005010X222A1");
	assert_string_equal(mo_x12_element(x, 0, 14), "1");
	mo_x12_free(x);
	free(out);
}

/* Writes one segment into a set and returns the set's body text (the
 * segment as written); caller frees with free(). */
static char *one_segment(void (*fill)(mo_x12_writer *))
{
	mo_x12_writer *w = writer(&isa_default);
	size_t len;
	char *out, *body, *end;
	assert_int_equal(mo_x12_writer_gs(w, &gs_default, NULL), 0);
	assert_int_equal(mo_x12_writer_st(w, "837", "0001", NULL, NULL), 0);
	fill(w);
	assert_int_equal(mo_x12_writer_se(w, NULL), 0);
	assert_int_equal(mo_x12_writer_ge(w, NULL), 0);
	out = finish(w, &len);
	mo_x12_free(good_len(out, len));
	body = strstr(out, ST) + strlen(ST);
	end = strstr(body, "SE*");
	*end = '\0';
	memmove(out, body, strlen(body) + 1);
	return out;
}

static void fill_trailing(mo_x12_writer *w)
{
	static const char *const nm1[] = {"QC", "1", "", NULL, "X", "", NULL,
	                                  ""};
	static const char *const empty[] = {"", NULL, ""};
	assert_int_equal(mo_x12_writer_segment(w, "NM1", 8, nm1, NULL), 0);
	assert_int_equal(mo_x12_writer_segment(w, "NM1", 3, empty, NULL), 0);
	assert_int_equal(mo_x12_writer_segment(w, "NM1", 2, nm1, NULL), 0);
}

static void fill_composites(mo_x12_writer *w)
{
	mo_err e = {0};
	assert_int_equal(mo_x12_writer_begin(w, "SV1", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "HC", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "99213", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "25", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, NULL, &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "100", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "1", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "2", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "3", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_end(w, &e), 0);
	/* empty first pieces before non-empty ones stay */
	assert_int_equal(mo_x12_writer_begin(w, "EB", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "A", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "B", &e), 0);
	assert_int_equal(mo_x12_writer_end(w, &e), 0);
	assert_int_equal(mo_x12_writer_begin(w, "LX", &e), 0);
	assert_int_equal(mo_x12_writer_end(w, &e), 0);
}

static void test_writer_trailing(void **state)
{
	char *body;
	(void)state;
	body = one_segment(fill_trailing);
	assert_string_equal(body, "NM1*QC*1***X~NM1~NM1*QC*1~");
	free(body);
	body = one_segment(fill_composites);
	assert_string_equal(body, "SV1*HC:99213::25*100**1^2:3~EB*:A*^^B~LX~");
	free(body);
}

/* Starts a writer with one set open. */
static mo_x12_writer *in_set(void)
{
	mo_x12_writer *w = writer(&isa_default);
	assert_int_equal(mo_x12_writer_gs(w, &gs_default, NULL), 0);
	assert_int_equal(mo_x12_writer_st(w, "837", "0001", NULL, NULL), 0);
	return w;
}

/* The writer's first failure is kept: later calls return it again. */
static void assert_kept(mo_x12_writer *w, const char *msg)
{
	mo_err e = {0};
	char *out = (char *)1;
	size_t len = 1;
	assert_int_equal(mo_x12_writer_se(w, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	memset(&e, 0, sizeof e);
	assert_int_equal(mo_x12_writer_finish(w, &out, &len, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_null(out);
	assert_int_equal(len, 0);
	mo_x12_writer_free(w);
}

static void refused_value(const char *id, const char *const *values, size_t n,
                          const char *msg)
{
	mo_x12_writer *w = in_set();
	mo_err e = {0};
	assert_int_equal(mo_x12_writer_segment(w, id, n, values, &e),
	                 MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_kept(w, msg);
}

static void test_writer_delimiter_in_data(void **state)
{
	mo_x12_writer *w;
	mo_err e = {0};
	const char *msg;
	(void)state;
	refused_value("NM1", (const char *[]){"QC", "1", "SMITH*JONES"}, 3,
	              "segment 4, NM103: the value \"SMITH*JONES\" contains "
	              "the element separator \"*\" (X12 has no escaping)");
	refused_value("N3", (const char *[]){"12 MAIN ST~APT 4"}, 1,
	              "segment 4, N301: the value \"12 MAIN ST~APT 4\" "
	              "contains the segment terminator \"~\" (X12 has no "
	              "escaping)");
	refused_value("REF", (const char *[]){"EI", "A:B"}, 2,
	              "segment 4, REF02: the value \"A:B\" contains the "
	              "component separator \":\" (X12 has no escaping)");
	refused_value("REF", (const char *[]){"EI", "A^B"}, 2,
	              "segment 4, REF02: the value \"A^B\" contains the "
	              "repetition separator \"^\" (X12 has no escaping)");
	/* in a component and in a repetition */
	w = in_set();
	assert_int_equal(mo_x12_writer_begin(w, "SV1", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "HC", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "99:213", &e), MO_EINVAL);
	msg = "segment 4, SV101-2: the value \"99:213\" contains the "
	      "component separator \":\" (X12 has no escaping)";
	assert_string_equal(e.msg, msg);
	assert_int_equal(mo_x12_writer_end(w, &e), MO_EINVAL);
	assert_string_equal(e.msg, msg);
	assert_kept(w, msg);
	w = in_set();
	assert_int_equal(mo_x12_writer_begin(w, "EB", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "1", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "", &e), 0);
	assert_int_equal(mo_x12_writer_element(w, "30", &e), 0);
	assert_int_equal(mo_x12_writer_repeat(w, "A", &e), 0);
	assert_int_equal(mo_x12_writer_component(w, "B~", &e), MO_EINVAL);
	assert_kept(w, "segment 4, EB03-2 (repetition 2): the value \"B~\" "
	            "contains the segment terminator \"~\" (X12 has no "
	            "escaping)");
}

static void test_writer_delimiters(void **state)
{
	mo_x12_isa isa = isa_default;
	mo_x12_writer *w;
	mo_x12 *x;
	mo_x12_delims d;
	size_t len;
	char *out;
	(void)state;
	isa.delims = (mo_x12_delims){.element = '|', .repetition = '}',
	                             .component = '\\', .segment = '\n'};
	w = writer(&isa);
	assert_int_equal(mo_x12_writer_gs(w, &gs_default, NULL), 0);
	assert_int_equal(mo_x12_writer_st(w, "837", "0001", NULL, NULL), 0);
	/* the default delimiters are data now */
	assert_int_equal(mo_x12_writer_segment(w, "NTE", 2,
	                 (const char *[]){"ADD", "A*B:C^D~E"}, NULL), 0);
	assert_int_equal(mo_x12_writer_se(w, NULL), 0);
	assert_int_equal(mo_x12_writer_ge(w, NULL), 0);
	out = finish(w, &len);
	assert_memory_equal(out + 99, "|0|T|\\\n", 7);
	assert_non_null(strstr(out, "\nNTE|ADD|A*B:C^D~E\nSE|3|0001\n"));
	x = good_len(out, len);
	d = mo_x12_delimiters(x);
	assert_int_equal(d.element, '|');
	assert_int_equal(d.repetition, '}');
	assert_int_equal(d.component, '\\');
	assert_int_equal(d.segment, '\n');
	assert_string_equal(mo_x12_element(x, 3, 2), "A*B:C^D~E");
	assert_string_equal(mo_x12_element(x, 0, 11), "}");
	mo_x12_free(x);
	free(out);
}

static void header_bad(const mo_x12_isa *isa, const char *msg)
{
	mo_x12_writer *w = (mo_x12_writer *)1;
	mo_err e = {0};
	assert_int_equal(mo_x12_writer_new(isa, &w, &e), MO_EINVAL);
	assert_null(w);
	assert_string_equal(e.msg, msg);
}

static void test_writer_header(void **state)
{
	mo_x12_isa isa = isa_default;
	(void)state;
	isa.sender = "ABCDEFGHIJKLMNOP";
	header_bad(&isa, "ISA06: expected 1 to 15 characters, found "
	           "\"ABCDEFGHIJKLMNOP\"");
	isa.sender = NULL;
	header_bad(&isa, "ISA06: expected 1 to 15 characters, found \"\"");
	isa.sender = "A*B";
	header_bad(&isa, "segment 1, ISA06: the value \"A*B\" contains the "
	           "element separator \"*\" (X12 has no escaping)");
	isa = isa_default;
	isa.receiver_qual = "Z";
	header_bad(&isa, "ISA07: expected 2 characters, found \"Z\"");
	isa = isa_default;
	isa.date = "240101";
	header_bad(&isa, "the date (ISA09, GS04): expected 8 digits "
	           "(CCYYMMDD), found \"240101\"");
	isa = isa_default;
	isa.time = "12:00";
	header_bad(&isa, "the time (ISA10, GS05): expected 4 digits (HHMM), "
	           "found \"12:00\"");
	isa = isa_default;
	isa.control = 0;
	header_bad(&isa, "ISA13: expected a control number from 1 to "
	           "999999999, found 0");
	isa.control = 1000000000;
	header_bad(&isa, "ISA13: expected a control number from 1 to "
	           "999999999, found 1000000000");
	isa = isa_default;
	isa.usage = 'X';
	header_bad(&isa, "ISA15: expected \"T\" (test) or \"P\" (production), "
	           "found \"X\"");
	isa = isa_default;
	isa.delims.component = 'a';
	header_bad(&isa, "the delimiters: the component separator \"a\" may "
	           "not be a letter or digit");
	isa = isa_default;
	isa.delims.segment = '*';
	header_bad(&isa, "the delimiters: the segment terminator \"*\" is also "
	           "the element separator");
	isa = isa_default;
	isa.delims.element = '\n';
	header_bad(&isa, "the delimiters: the element separator \"\\x0a\" may "
	           "not be a line break");
}

static void misuse(mo_x12_writer *w, int rc, mo_err *e, const char *msg)
{
	assert_int_equal(rc, MO_EINVAL);
	assert_string_equal(e->msg, msg);
	mo_x12_writer_free(w);
}

static void test_writer_misuse(void **state)
{
	mo_x12_writer *w;
	mo_x12_gs gs = gs_default;
	mo_err e = {0};
	char *out;
	size_t len;
	(void)state;
	w = writer(&isa_default);
	misuse(w, mo_x12_writer_st(w, "837", "0001", NULL, &e), &e,
	       "mo_x12_writer_st: no functional group is open (call "
	       "mo_x12_writer_gs first)");
	w = writer(&isa_default);
	misuse(w, mo_x12_writer_segment(w, "REF", 0, NULL, &e), &e,
	       "mo_x12_writer_segment: no functional group is open (call "
	       "mo_x12_writer_gs first)");
	w = writer(&isa_default);
	assert_int_equal(mo_x12_writer_gs(w, &gs, &e), 0);
	misuse(w, mo_x12_writer_begin(w, "REF", &e), &e,
	       "mo_x12_writer_begin: no transaction set is open (call "
	       "mo_x12_writer_st first)");
	w = in_set();
	misuse(w, mo_x12_writer_finish(w, &out, &len, &e), &e,
	       "mo_x12_writer_finish: the transaction set opened at segment "
	       "3 is not closed (call mo_x12_writer_se first)");
	w = in_set();
	misuse(w, mo_x12_writer_ge(w, &e), &e, "mo_x12_writer_ge: the "
	       "transaction set opened at segment 3 is not closed (call "
	       "mo_x12_writer_se first)");
	w = in_set();
	assert_int_equal(mo_x12_writer_se(w, &e), 0);
	misuse(w, mo_x12_writer_gs(w, &gs, &e), &e, "mo_x12_writer_gs: the "
	       "functional group opened at segment 2 is not closed (call "
	       "mo_x12_writer_ge first)");
	w = in_set();
	misuse(w, mo_x12_writer_segment(w, "SE", 0, NULL, &e), &e,
	       "segment 4, SE: envelope segments are written by "
	       "mo_x12_writer_gs, _st, _se, _ge and _finish");
	w = in_set();
	misuse(w, mo_x12_writer_begin(w, "nm1", &e), &e, "segment 4: "
	       "expected a segment id of 2 or 3 capital letters or digits, "
	       "found \"nm1\"");
	w = in_set();
	misuse(w, mo_x12_writer_segment(w, NULL, 0, NULL, &e), &e,
	       "segment 4: expected a segment id of 2 or 3 capital letters "
	       "or digits, found \"\"");
	w = in_set();
	misuse(w, mo_x12_writer_element(w, "A", &e), &e,
	       "mo_x12_writer_element: no segment is begun (call "
	       "mo_x12_writer_begin first)");
	w = in_set();
	assert_int_equal(mo_x12_writer_begin(w, "REF", &e), 0);
	misuse(w, mo_x12_writer_component(w, "A", &e), &e,
	       "mo_x12_writer_component: segment 4 (REF) has no element yet "
	       "(call mo_x12_writer_element first)");
	w = in_set();
	assert_int_equal(mo_x12_writer_begin(w, "REF", &e), 0);
	misuse(w, mo_x12_writer_se(w, &e), &e, "mo_x12_writer_se: segment 4 "
	       "(REF) is not ended (call mo_x12_writer_end first)");
	w = writer(&isa_default);
	assert_int_equal(mo_x12_writer_gs(w, &gs, &e), 0);
	misuse(w, mo_x12_writer_st(w, "8370", "0001", NULL, &e), &e,
	       "ST01: expected 3 characters, found \"8370\"");
	w = in_set();
	assert_int_equal(mo_x12_writer_se(w, &e), 0);
	misuse(w, mo_x12_writer_st(w, "837", "001", NULL, &e), &e,
	       "ST02: expected 4 to 9 characters, found \"001\"");
	w = writer(&isa_default);
	gs.control = 0;
	misuse(w, mo_x12_writer_gs(w, &gs, &e), &e, "GS06: expected a "
	       "control number from 1 to 999999999, found 0");
	/* finished */
	w = writer(&isa_default);
	assert_int_equal(mo_x12_writer_finish(w, &out, &len, &e), 0);
	assert_string_equal(out, ISA "IEA*0*000000001~");
	free(out);
	misuse(w, mo_x12_writer_gs(w, &gs_default, &e), &e,
	       "mo_x12_writer_gs: the interchange is finished");
}

static void test_writer_too_many_elements(void **state)
{
	const char *v[100];
	mo_x12_writer *w;
	mo_err e = {0};
	int i;
	(void)state;
	for (i = 0; i < 100; i++)
		v[i] = "A";
	w = in_set();
	assert_int_equal(mo_x12_writer_segment(w, "REF", 99, v, &e), 0);
	misuse(w, mo_x12_writer_segment(w, "REF", 100, v, &e), &e,
	       "segment 5, REF: more than 99 elements");
}

/* ---- round trips ---- */

/* Adds piece (rep, comp) of element el of segment i of x to w. */
static void copy_part(mo_x12_writer *w, const mo_x12 *x, size_t i,
                      unsigned el, unsigned rep, unsigned comp)
{
	size_t n;
	const char *s = mo_x12_part(x, i, el, rep, comp, &n);
	char *v = strndup(s, n);
	int rc;
	assert_non_null(v);
	if (comp > 1)
		rc = mo_x12_writer_component(w, v, NULL);
	else if (rep > 1)
		rc = mo_x12_writer_repeat(w, v, NULL);
	else
		rc = mo_x12_writer_element(w, v, NULL);
	assert_int_equal(rc, 0);
	free(v);
}

static void copy_segment(mo_x12_writer *w, const mo_x12 *x, size_t i)
{
	unsigned el, rep, comp;
	assert_int_equal(mo_x12_writer_begin(w, mo_x12_id(x, i), NULL), 0);
	for (el = 1; el <= mo_x12_element_count(x, i); el++)
		for (rep = 1; rep <= mo_x12_repeat_count(x, i, el); rep++)
			for (comp = 1;
			     comp <= mo_x12_component_count(x, i, el, rep);
			     comp++)
				copy_part(w, x, i, el, rep, comp);
	assert_int_equal(mo_x12_writer_end(w, NULL), 0);
}

static void copy_set(mo_x12_writer *w, const mo_x12 *x, size_t k)
{
	mo_x12_set s;
	size_t i;
	assert_true(mo_x12_set_at(x, k, &s));
	assert_int_equal(mo_x12_writer_st(w, s.type, s.control,
	                 mo_x12_element(x, s.first, 3), NULL), 0);
	for (i = s.first + 1; i < s.last; i++)
		copy_segment(w, x, i);
	assert_int_equal(mo_x12_writer_se(w, NULL), 0);
}

/* x written again with the writer; caller frees the text with free(). */
static char *rewrite(const mo_x12 *x, size_t *len)
{
	mo_x12_isa isa = isa_default;
	mo_x12_writer *w;
	mo_x12_group g;
	size_t k, j;
	isa.delims = mo_x12_delimiters(x);
	isa.newline = true;
	w = writer(&isa);
	for (k = 0; mo_x12_group_at(x, k, &g); k++) {
		mo_x12_gs gs = {g.functional_id, g.sender, g.receiver,
		                (uint32_t)strtoul(g.control, NULL, 10),
		                g.version};
		assert_int_equal(mo_x12_writer_gs(w, &gs, NULL), 0);
		for (j = 0; j < g.set_count; j++)
			copy_set(w, x, g.first_set + j);
		assert_int_equal(mo_x12_writer_ge(w, NULL), 0);
	}
	return finish(w, len);
}

/* The sets of a and b hold the same segments. */
static void same_sets(const mo_x12 *a, const mo_x12 *b)
{
	mo_x12_set sa, sb;
	size_t k, i;
	unsigned el;
	assert_int_equal(mo_x12_set_count(a), mo_x12_set_count(b));
	for (k = 0; mo_x12_set_at(a, k, &sa); k++) {
		assert_true(mo_x12_set_at(b, k, &sb));
		assert_int_equal(sa.last - sa.first, sb.last - sb.first);
		for (i = 0; i <= sa.last - sa.first; i++) {
			unsigned n = mo_x12_element_count(a, sa.first + i);
			assert_int_equal(n,
			                 mo_x12_element_count(b, sb.first + i));
			for (el = 0; el <= n; el++)
				assert_string_equal(
				    mo_x12_element(a, sa.first + i, el),
				    mo_x12_element(b, sb.first + i, el));
		}
	}
}

static void round_trip_file(const char *path)
{
	size_t len, len2;
	char *text = slurp(path, &len), *again;
	mo_x12 *x = good_len(text, len), *y;
	again = rewrite(x, &len2);
	y = good_len(again, len2);
	same_sets(x, y);
	assert_int_equal(mo_x12_count(x), mo_x12_count(y));
	mo_x12_free(y);
	mo_x12_free(x);
	free(again);
	free(text);
}

static void test_round_trip(void **state)
{
	mo_x12 *x, *y;
	size_t len;
	char *out;
	(void)state;
	round_trip_file(FIXTURES "/x12/tastypackets-835-profee.edi");
	round_trip_file(FIXTURES "/x12/uhin-837p.edi");
	/* composites and repetitions, odd delimiters */
	x = good("ISA|00|          |00|          |ZZ|SENDER         |ZZ|"
	         "RECEIVER       |240101|1200|!|00501|000000001|0|T|>\r\n"
	         "GS|HC|SENDER|RECEIVER|20240101|1200|1|X|005010X222A1\r\n"
	         "ST|837|0001\r\nSV1|HC>99213>>25|100||1!2>3!>4||A\r\n"
	         "SE|3|0001\r\nGE|1|1\r\nIEA|1|000000001\r\n");
	out = rewrite(x, &len);
	assert_non_null(strstr(out, "SV1|HC>99213>>25|100||1!2>3!>4||A\r\n"));
	y = good_len(out, len);
	same_sets(x, y);
	mo_x12_free(y);
	mo_x12_free(x);
	free(out);
}

/* ---- running out of memory ---- */

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif

#ifndef SANITIZED
extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

static long fail_at = -1; /* allocations before the one that fails */
static long live;         /* blocks allocated and not yet freed */

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

/* Parses text failing each allocation in turn until it succeeds. */
static long parse_failing(const char *text, size_t len)
{
	mo_x12 *x;
	mo_err e;
	long k, before = live;
	int rc;
	for (k = 0;; k++) {
		fail_at = k;
		rc = mo_x12_parse(text, len, &x, &e);
		fail_at = -1;
		if (rc == 0)
			break;
		if (rc != MO_ENOMEM)
			fail_msg("allocation %ld: rc %d: %s", k, rc, e.msg);
		assert_null(x);
		assert_int_equal(live, before);
	}
	mo_x12_free(x);
	assert_int_equal(live, before);
	return k;
}

/* Writes a few sets failing allocation k; the result code. */
static int write_failing(long k, const char *pad)
{
	mo_x12_writer *w = NULL;
	char *out = NULL;
	size_t len;
	int rc, i;
	fail_at = k;
	rc = mo_x12_writer_new(&isa_default, &w, NULL);
	rc = rc ? rc : mo_x12_writer_gs(w, &gs_default, NULL);
	for (i = 0; i < 200 && !rc; i++) {
		rc = mo_x12_writer_st(w, "837", "0001", NULL, NULL);
		rc = rc ? rc : mo_x12_writer_segment(w, "NTE", 1, &pad, NULL);
		rc = rc ? rc : mo_x12_writer_se(w, NULL);
	}
	rc = rc ? rc : mo_x12_writer_ge(w, NULL);
	rc = rc ? rc : mo_x12_writer_finish(w, &out, &len, NULL);
	fail_at = -1;
	mo_x12_writer_free(w);
	free(out);
	return rc;
}

static void test_out_of_memory(void **state)
{
	char pad[256];
	size_t len;
	char *text = slurp(FIXTURES "/x12/tastypackets-835-profee.edi", &len);
	long k, before;
	int rc;
	(void)state;
	assert_true(parse_failing(text, len) >= 4);
	assert_true(parse_failing(GOOD, strlen(GOOD)) >= 4);
	free(text);
	memset(pad, 'x', sizeof pad - 1);
	pad[sizeof pad - 1] = '\0';
	for (k = 0;; k++) {
		before = live;
		rc = write_failing(k, pad);
		assert_int_equal(live, before);
		if (rc == 0)
			break;
		assert_int_equal(rc, MO_ENOMEM);
	}
	assert_true(k >= 3);
}
#else
static void test_out_of_memory(void **state)
{
	(void)state;
	skip();
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_not_x12),
	    cmocka_unit_test(test_isa_broken),
	    cmocka_unit_test(test_separators),
	    cmocka_unit_test(test_envelope_order),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_counts),
	    cmocka_unit_test(test_control_numbers),
	    cmocka_unit_test(test_segment_ids),
	    cmocka_unit_test(test_after_iea),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_line_breaks),
	    cmocka_unit_test(test_accessors),
	    cmocka_unit_test(test_version_4010),
	    cmocka_unit_test(test_groups_and_sets),
	    cmocka_unit_test(test_sample_835),
	    cmocka_unit_test(test_sample_837),
	    cmocka_unit_test(test_writer_envelope),
	    cmocka_unit_test(test_writer_counts),
	    cmocka_unit_test(test_writer_trailing),
	    cmocka_unit_test(test_writer_delimiter_in_data),
	    cmocka_unit_test(test_writer_delimiters),
	    cmocka_unit_test(test_writer_header),
	    cmocka_unit_test(test_writer_misuse),
	    cmocka_unit_test(test_writer_too_many_elements),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
