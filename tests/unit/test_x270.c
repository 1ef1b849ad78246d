/* test_x270.c: unit tests of core/x270.c. Bad arguments and every
 * refusal first, each with its exact message (nothing is returned), and
 * the same refusals of one request through mo_x270_check_request(); then
 * batches built in C, written, and read back with the x12.h reader: the
 * exact text of a one-request batch, the envelope (HS group, 270 set,
 * SE/GE/IEA counts and control numbers), the HL tree of two payers with
 * subscribers and dependents (numbers, parents, child flags, and the
 * dependent loop only when the patient is not the subscriber), the
 * request's TRN, DMG, DTP*291 and EQ*30 in the patient's loop.
 *
 * Every batch written passes the shared structure checker (x12v.h) with
 * the table of the 270 below, and mutations of a written batch show the
 * table catches a misplaced or missing segment and a wrong HL tree. It
 * uses cmocka and x12v_test.h. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"
#include "x12v_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "units.h"
#include "x12.h"
#include "x270.h"

/* ==== the 270 for the structural checker (x12v.h) ==== */

/* The 270 (005010X279A1) as this project writes it, with the optional
 * segments and loops around it. */
static const x12v_item i270[] = {SEGR("BHT", 1, "0022", true, 1),
                                 LOOPR("2000A", true, 0), ENDR};
static const x12v_item i2000a[] = {SEGR("HL", 3, "20", true, 1),
                                   LOOPR("2100A", true, 1),
                                   LOOPR("2000B", true, 0), ENDR};
static const x12v_item i2100a[] = {SEGR("NM1", 1, "PR", true, 1),
                                   SEGR("PER", 0, NULL, false, 3), ENDR};
static const x12v_item i2000b[] = {SEGR("HL", 3, "21", true, 1),
                                   LOOPR("2100B", true, 1),
                                   LOOPR("2000C", false, 0), ENDR};
static const x12v_item i2100b[] = {
    SEGR("NM1", 1, "1P", true, 1), SEGR("REF", 0, NULL, false, 9),
    SEGR("N3", 0, NULL, false, 1), SEGR("N4", 0, NULL, false, 1),
    SEGR("PRV", 0, NULL, false, 1), ENDR};
static const x12v_item i2000c[] = {
    SEGR("HL", 3, "22", true, 1), SEGR("TRN", 1, "1", false, 2),
    LOOPR("2100C", true, 1), LOOPR("2000D", false, 0), ENDR};
static const x12v_item i2100c[] = {
    SEGR("NM1", 1, "IL", true, 1), SEGR("REF", 0, NULL, false, 9),
    SEGR("N3", 0, NULL, false, 1), SEGR("N4", 0, NULL, false, 1),
    SEGR("PRV", 0, NULL, false, 1), SEGR("DMG", 1, "D8", false, 1),
    SEGR("INS", 0, NULL, false, 1), SEGR("HI", 0, NULL, false, 1),
    SEGR("DTP", 0, NULL, false, 2), LOOPR("2110C", false, 99), ENDR};
static const x12v_item i2110c[] = {
    SEGR("EQ", 0, NULL, true, 1), SEGR("AMT", 0, NULL, false, 2),
    SEGR("III", 0, NULL, false, 1), SEGR("REF", 0, NULL, false, 1),
    SEGR("DTP", 0, NULL, false, 1), ENDR};
static const x12v_item i2000d[] = {SEGR("HL", 3, "23", true, 1),
                                   SEGR("TRN", 1, "1", false, 2),
                                   LOOPR("2100D", true, 1), ENDR};
static const x12v_item i2100d[] = {
    SEGR("NM1", 1, "03", true, 1), SEGR("REF", 0, NULL, false, 9),
    SEGR("N3", 0, NULL, false, 1), SEGR("N4", 0, NULL, false, 1),
    SEGR("PRV", 0, NULL, false, 1), SEGR("DMG", 1, "D8", false, 1),
    SEGR("INS", 0, NULL, false, 1), SEGR("HI", 0, NULL, false, 1),
    SEGR("DTP", 0, NULL, false, 2), LOOPR("2110D", false, 99), ENDR};
static const x12v_item i2110d[] = {
    SEGR("EQ", 0, NULL, true, 1), SEGR("III", 0, NULL, false, 1),
    SEGR("REF", 0, NULL, false, 1), SEGR("DTP", 0, NULL, false, 1), ENDR};

static const x12v_loop x270_loops[] = {
    {"270", i270},     {"2000A", i2000a}, {"2100A", i2100a},
    {"2000B", i2000b}, {"2100B", i2100b}, {"2000C", i2000c},
    {"2100C", i2100c}, {"2110C", i2110c}, {"2000D", i2000d},
    {"2100D", i2100d}, {"2110D", i2110d}, {NULL, NULL}};

/* HL levels: the payer, the practice, the subscriber, the dependent. */
static const x12v_level x270_levels[] = {{"20", ""},   {"21", "20"},
                                         {"22", "21"}, {"23", "22"},
                                         {NULL, NULL}};

/* ==== batches ==== */

#define NPI "1234567893"

typedef struct fixture {
	mo_x270_batch b;
	mo_x270_source s[2];
	mo_x270_request r[2][3];
} fixture;

static int32_t day(int y, int m, int d)
{
	return mo_days_from_civil(y, m, d);
}

static mo_x270_person person(const char *family, const char *given,
                             const char *sex, int32_t birth)
{
	mo_x270_person p = {family, given, NULL, sex, birth, false};
	return p;
}

/* Request k of payer i: alice, the subscriber, asking about herself. */
static mo_x270_request *request(fixture *f, size_t i, size_t k,
                                const char *trace)
{
	mo_x270_request *r = &f->r[i][k];
	memset(r, 0, sizeof *r);
	r->trace = trace;
	r->member_id = "M100";
	r->relation = "self";
	r->subscriber = person("SMITH", "ALICE", "female", day(1980, 4, 2));
	r->day = day(2024, 3, 6);
	if (f->s[i].nrequests <= k)
		f->s[i].nrequests = k + 1;
	return r;
}

/* The envelope, the practice and payer 1 without requests. */
static void batch(fixture *f)
{
	memset(f, 0, sizeof *f);
	f->b = (mo_x270_batch){
	    .head = {.sender_id = "CLINIC01", .receiver_id = "CLEARHOUSE",
	             .control = 42, .usage = 'T', .day = day(2024, 3, 5),
	             .seconds = 9 * 3600 + 30 * 60 + 15, .reference = "E42"},
	    .provider_name = "SPRINGFIELD CLINIC", .provider_npi = NPI,
	    .trace_id = "1123456789", .sources = f->s, .nsources = 1};
	for (size_t i = 0; i < 2; i++)
		f->s[i].requests = f->r[i];
	f->s[0].payer_name = "ACME HEALTH";
	f->s[0].payer_id = "ACME1";
}

/* One payer, one request. */
static void simple(fixture *f)
{
	batch(f);
	request(f, 0, 0, "42-1");
}

/* Two payers: ACME with alice (herself) and carol, child of bob; BIG
 * PAYER with dave, spouse of erin (whose birth date is unknown), then
 * frank (himself). */
static void family(fixture *f)
{
	mo_x270_request *r;
	batch(f);
	request(f, 0, 0, "42-1");
	r = request(f, 0, 1, "42-2");
	r->member_id = "M200";
	r->relation = "child";
	r->subscriber = person("BROWN", "BOB", "male", day(1975, 1, 1));
	r->patient = person("BROWN", "CAROL", "female", day(2015, 6, 7));
	r->patient.middle = "ANN";
	f->b.nsources = 2;
	f->s[1].payer_name = "BIG PAYER";
	f->s[1].payer_id = "BP01";
	r = request(f, 1, 0, "42-3");
	r->member_id = "BP-77";
	r->relation = "spouse";
	r->subscriber = person("GREEN", "ERIN", NULL, 0);
	r->subscriber.no_birth = true;
	r->patient = person("GREEN", "DAVE", "unknown", day(1970, 2, 3));
	r = request(f, 1, 1, "42-4");
	r->member_id = "BP-78";
	r->subscriber = person("WHITE", "FRANK", "male", day(1960, 12, 31));
}

static int write270(const void *b, char **out, size_t *len, mo_err *e)
{
	return mo_x270_write(b, out, len, e);
}

/* Writes f; caller frees with free(). */
static char *write_ok(const fixture *f, size_t *len)
{
	return x12v_write_ok(write270, &f->b, len);
}

/* Writes f and reads it back, checking the structure; caller frees with
 * mo_x12_free(). */
static mo_x12 *written(const fixture *f)
{
	return x12v_written(write270, &f->b, x270_loops, x270_levels);
}

#define check_seg x12v_assert_seg

static void refused(const fixture *f, const char *msg)
{
	x12v_refused(write270, &f->b, msg);
}

/* ==== tests ==== */

static void test_bad_arguments(void **state)
{
	fixture f;
	mo_err e = {0};
	(void)state;
	simple(&f);
	x12v_bad_arguments(write270, &f.b, "mo_x270_write: bad arguments");
	assert_int_equal(mo_x270_check_request(NULL, &e), MO_EINVAL);
	assert_string_equal(e.msg, "mo_x270_check_request: bad arguments");
}

/* Runs stmt on a fresh family() batch f and expects msg. */
#define REFUSE(stmt, msg)                                                      \
	do {                                                                   \
		fixture f;                                                     \
		family(&f);                                                    \
		stmt;                                                          \
		refused(&f, msg);                                              \
	} while (0)

#define DELIMS "expected text without the delimiters * : ^ ~ or control "  \
	"characters, found "
#define R1 "payer 1 (\"ACME1\"), request 1 (\"42-1\"), "
#define R2 "payer 1 (\"ACME1\"), request 2 (\"42-2\"), "
#define R3 "payer 2 (\"BP01\"), request 1 (\"42-3\"), "

static void test_refuse_batch(void **state)
{
	(void)state;
	REFUSE(f.b.head.sender_id = NULL, "the batch, sender_id: required, found "
	       "nothing");
	REFUSE(f.b.head.receiver_id = "0123456789ABCDEF", "the batch, "
	       "receiver_id: expected at most 15 characters, found 16: "
	       "\"0123456789ABCDEF\"");
	REFUSE(f.b.head.control = 0, "the batch, control: expected 1 to 999999999, "
	       "found 0");
	REFUSE(f.b.head.usage = 'X', "the batch, usage: expected 'T' (test) or "
	       "'P' (production), found \"X\"");
	REFUSE(f.b.head.day = day(3000, 1, 1), "the batch, day: expected a day "
	       "from 1900-01-01 to 2999-12-31, found day 376200");
	REFUSE(f.b.head.seconds = -1, "the batch, seconds: expected 0 to 86399, "
	       "found -1");
	REFUSE(f.b.head.reference = NULL, "the batch, reference: required, found "
	       "nothing");
	REFUSE(f.b.head.reference = "E*42", "the batch, reference: " DELIMS
	       "\"E*42\"");
	REFUSE(f.b.head.sender_id = "CLINIC~1", "the batch, sender_id: " DELIMS
	       "\"CLINIC~1\"");
	REFUSE(f.b.head.receiver_id = "CLEAR:HOUSE", "the batch, receiver_id: "
	       DELIMS "\"CLEAR:HOUSE\"");
	REFUSE(f.b.provider_name = "", "the batch, provider_name: required, "
	       "found nothing");
	REFUSE(f.b.provider_name = "A^B", "the batch, provider_name: " DELIMS
	       "\"A^B\"");
	REFUSE(f.b.provider_npi = "1234567890", "the batch, provider_npi: "
	       "expected an NPI of 10 digits with a valid check digit, found "
	       "\"1234567890\"");
	REFUSE(f.b.trace_id = "112345678", "the batch, trace_id: expected 10 "
	       "letters or digits (such as \"1\" and the practice's EIN), "
	       "found \"112345678\"");
	REFUSE(f.b.trace_id = "11-2345678", "the batch, trace_id: expected 10 "
	       "letters or digits (such as \"1\" and the practice's EIN), "
	       "found \"11-2345678\"");
	REFUSE(f.b.nsources = 0, "the batch, nsources: expected at least one "
	       "payer, found none");
	REFUSE(f.b.sources = NULL, "the batch, nsources: expected at least one "
	       "payer, found none");
}

static void test_refuse_payer(void **state)
{
	(void)state;
	REFUSE(f.s[1].payer_name = NULL, "payer 2 (\"BP01\"), payer_name: "
	       "required, found nothing");
	REFUSE(f.s[1].payer_id = NULL, "payer 2 (no payer id), payer_id: "
	       "required, found nothing");
	REFUSE(f.s[1].payer_id = "B", "payer 2 (\"B\"), payer_id: expected 2 "
	       "to 80 characters, found 1");
	REFUSE(f.s[0].payer_id = "AC*ME", "payer 1 (\"AC*ME\"), payer_id: "
	       DELIMS "\"AC*ME\"");
	REFUSE(f.s[1].nrequests = 0, "payer 2 (\"BP01\"), nrequests: expected "
	       "at least one request, found none");
	REFUSE(f.s[1].requests = NULL, "payer 2 (\"BP01\"), nrequests: "
	       "expected at least one request, found none");
}

static void test_refuse_request(void **state)
{
	(void)state;
	REFUSE(f.r[0][0].trace = NULL, "payer 1 (\"ACME1\"), request 1 (no "
	       "trace), trace: required, found nothing");
	REFUSE(f.r[0][0].trace = "123456789012345678901234567890123456789012"
	       "345678901", "payer 1 (\"ACME1\"), request 1 (\"123456789012"
	       "345678901234567890123456789012345678...\"), trace: expected at "
	       "most 50 characters, found 51: \"1234567890123456789012345678"
	       "90123456789012345678...\"");
	REFUSE(f.r[1][1].trace = "42-2", "payer 2 (\"BP01\"), request 2 "
	       "(\"42-2\"), trace: another request of the batch has the same "
	       "trace");
	REFUSE(f.r[0][1].trace = "42-1", "payer 1 (\"ACME1\"), request 2 "
	       "(\"42-1\"), trace: another request of the batch has the same "
	       "trace");
	REFUSE(f.r[0][0].member_id = "", R1 "member_id: required, found "
	       "nothing");
	REFUSE(f.r[0][0].relation = "parent", R1 "relation: expected "
	       "\"self\", \"spouse\", \"child\" or \"other\", found \"parent\"");
	REFUSE(f.r[0][0].relation = NULL, R1 "relation: expected \"self\", "
	       "\"spouse\", \"child\" or \"other\", found nothing");
	REFUSE(f.r[0][0].subscriber.family = "SMITH~", R1 "subscriber.family: "
	       DELIMS "\"SMITH~\"");
	REFUSE(f.r[0][0].subscriber.given = "AL\nICE", R1 "subscriber.given: "
	       DELIMS "\"AL\\x0aICE\"");
	REFUSE(f.r[0][0].subscriber.given = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG"
	       "HIJ", R1 "subscriber.given: expected at most 35 characters, "
	       "found 36: \"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ\"");
	REFUSE(f.r[0][1].patient.middle = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", R2
	       "patient.middle: expected at most 25 characters, found 26: "
	       "\"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"");
	REFUSE(f.r[0][0].subscriber.sex = NULL, R1 "subscriber.sex: expected "
	       "\"female\", \"male\" or \"unknown\", found nothing");
	REFUSE(f.r[0][0].subscriber.no_birth = true, R1 "subscriber.birth_day: "
	       "required, found nothing");
	REFUSE(f.r[0][0].subscriber.birth_day = day(3000, 1, 1), R1
	       "subscriber.birth_day: expected a day from 1900-01-01 to "
	       "2999-12-31, found day 376200");
	REFUSE(f.r[1][0].subscriber.sex = "other", R3 "subscriber.sex: "
	       "expected \"female\", \"male\" or \"unknown\", found \"other\"");
	REFUSE((f.r[1][0].subscriber.birth_day = day(1899, 1, 1),
	        f.r[1][0].subscriber.no_birth = false), R3
	       "subscriber.birth_day: expected a day from 1900-01-01 to "
	       "2999-12-31, found day -25932");
	REFUSE(f.r[0][1].patient.family = NULL, R2 "patient.family: required, "
	       "found nothing");
	REFUSE(f.r[0][1].patient.sex = NULL, R2 "patient.sex: expected "
	       "\"female\", \"male\" or \"unknown\", found nothing");
	REFUSE(f.r[0][1].patient.no_birth = true, R2 "patient.birth_day: "
	       "required, found nothing");
	REFUSE(f.r[0][1].day = day(1899, 12, 31), R2 "day: expected a day "
	       "from 1900-01-01 to 2999-12-31, found day -25568");
}

/* The refusals of one request on its own name the request only. */
static void test_check_request(void **state)
{
	fixture f;
	mo_err e = {0};
	(void)state;
	family(&f);
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < f.s[i].nrequests; k++)
			assert_int_equal(mo_x270_check_request(&f.r[i][k], &e),
			                 0);
	f.r[0][1].patient.family = "BROWN*JONES";
	assert_int_equal(mo_x270_check_request(&f.r[0][1], &e), MO_EINVAL);
	assert_string_equal(e.msg, "request (\"42-2\"), patient.family: "
	                    DELIMS "\"BROWN*JONES\"");
	f.r[0][0].trace = "";
	f.r[0][0].member_id = "0123456789012345678901234567890123456789"
	                      "01234567890123456789012345678901234567890";
	assert_int_equal(mo_x270_check_request(&f.r[0][0], &e), MO_EINVAL);
	assert_string_equal(e.msg, "request (no trace), trace: required, "
	                    "found nothing");
	f.r[0][0].trace = "T";
	assert_int_equal(mo_x270_check_request(&f.r[0][0], &e), MO_EINVAL);
	assert_string_equal(e.msg, "request (\"T\"), member_id: expected at "
	                    "most 80 characters, found 81: \"0123456789012345"
	                    "67890123456789012345678901234567...\"");
}

/* The exact text of a batch of one request. */
static void test_exact_text(void **state)
{
	static const char expected[] =
	    "ISA*00*          *00*          *ZZ*CLINIC01       *ZZ*"
	    "CLEARHOUSE     *240305*0930*^*00501*000000042*0*T*:~"
	    "GS*HS*CLINIC01*CLEARHOUSE*20240305*0930*42*X*005010X279A1~"
	    "ST*270*0042*005010X279A1~"
	    "BHT*0022*13*E42*20240305*0930~"
	    "HL*1**20*1~"
	    "NM1*PR*2*ACME HEALTH*****PI*ACME1~"
	    "HL*2*1*21*1~"
	    "NM1*1P*2*SPRINGFIELD CLINIC*****XX*1234567893~"
	    "HL*3*2*22*0~"
	    "TRN*1*42-1*1123456789~"
	    "NM1*IL*1*SMITH*ALICE****MI*M100~"
	    "DMG*D8*19800402*F~"
	    "DTP*291*D8*20240306~"
	    "EQ*30~"
	    "SE*13*0042~"
	    "GE*1*42~"
	    "IEA*1*000000042~";
	fixture f;
	size_t len;
	char *text;
	(void)state;
	simple(&f);
	text = write_ok(&f, &len);
	assert_string_equal(text, expected);
	free(text);
	mo_x12_free(written(&f));
}

static void test_envelope(void **state)
{
	fixture f;
	mo_x12 *x;
	mo_x12_group g;
	mo_x12_set s;
	(void)state;
	family(&f);
	f.b.head.usage = 'P';
	f.b.head.control = 123456789;
	x = written(&f);
	assert_int_equal(mo_x12_group_count(x), 1);
	assert_int_equal(mo_x12_set_count(x), 1);
	assert_true(mo_x12_group_at(x, 0, &g));
	assert_string_equal(g.functional_id, "HS");
	assert_string_equal(g.version, "005010X279A1");
	assert_string_equal(g.control, "123456789");
	assert_true(mo_x12_set_at(x, 0, &s));
	assert_string_equal(s.type, "270");
	assert_string_equal(s.control, "123456789");
	assert_string_equal(mo_x12_element(x, 0, 13), "123456789");
	assert_string_equal(mo_x12_element(x, 0, 15), "P");
	/* SE counts ST..SE; GE one set; IEA one group */
	assert_int_equal(strtoul(mo_x12_element(x, s.last, 1), NULL, 10),
	                 s.last - s.first + 1);
	assert_string_equal(mo_x12_element(x, g.last, 1), "1");
	assert_string_equal(mo_x12_element(x, mo_x12_count(x) - 1, 1), "1");
	mo_x12_free(x);
}

/* The HL tree of family(): 1 ACME, 2 the practice under it, 3 alice, 4
 * bob with 5 carol; 6 BIG PAYER, 7 the practice, 8 erin with 9 dave, 10
 * frank. */
static void test_hierarchy(void **state)
{
	static const char *const hls[] = {
	    "HL*1**20*1", "HL*2*1*21*1", "HL*3*2*22*0", "HL*4*2*22*1",
	    "HL*5*4*23*0", "HL*6**20*1", "HL*7*6*21*1", "HL*8*7*22*1",
	    "HL*9*8*23*0", "HL*10*7*22*0"};
	fixture f;
	mo_x12 *x;
	size_t n = 0;
	(void)state;
	family(&f);
	x = written(&f);
	for (size_t seg = 0; seg < mo_x12_count(x); seg++)
		if (!strcmp(mo_x12_id(x, seg), "HL")) {
			assert_true(n < 10);
			check_seg(x, seg, hls[n++]);
		}
	assert_int_equal(n, 10);
	mo_x12_free(x);
}

/* The segments after HL number hl, up to the next HL or SE. */
static void check_loop(const mo_x12 *x, unsigned hl,
                       const char *const *want, size_t n)
{
	char num[16];
	size_t seg = 0, k;
	snprintf(num, sizeof num, "%u", hl);
	while (strcmp(mo_x12_id(x, seg), "HL") ||
	       strcmp(mo_x12_element(x, seg, 1), num))
		assert_true(++seg < mo_x12_count(x));
	for (k = 0; k < n; k++)
		check_seg(x, seg + 1 + k, want[k]);
	assert_true(!strcmp(mo_x12_id(x, seg + 1 + n), "HL") ||
	            !strcmp(mo_x12_id(x, seg + 1 + n), "SE"));
}

/* The request sits in the patient's loop: the subscriber's own when she
 * is the patient, the dependent's otherwise, whose subscriber loop has
 * only the name and (when the birth date is known) DMG. */
static void test_requests(void **state)
{
	static const char *const alice[] = {
	    "TRN*1*42-1*1123456789", "NM1*IL*1*SMITH*ALICE****MI*M100",
	    "DMG*D8*19800402*F", "DTP*291*D8*20240306", "EQ*30"};
	static const char *const bob[] = {"NM1*IL*1*BROWN*BOB****MI*M200",
	                                  "DMG*D8*19750101*M"};
	static const char *const carol[] = {
	    "TRN*1*42-2*1123456789", "NM1*03*1*BROWN*CAROL*ANN",
	    "DMG*D8*20150607*F", "DTP*291*D8*20240306", "EQ*30"};
	static const char *const erin[] = {"NM1*IL*1*GREEN*ERIN****MI*BP-77"};
	static const char *const erin_born[] = {
	    "NM1*IL*1*GREEN*ERIN****MI*BP-77", "DMG*D8*19710809"};
	static const char *const dave[] = {
	    "TRN*1*42-3*1123456789", "NM1*03*1*GREEN*DAVE",
	    "DMG*D8*19700203*U", "DTP*291*D8*20240306", "EQ*30"};
	static const char *const payer2[] = {
	    "NM1*PR*2*BIG PAYER*****PI*BP01"};
	static const char *const practice[] = {
	    "NM1*1P*2*SPRINGFIELD CLINIC*****XX*1234567893"};
	fixture f;
	mo_x12 *x;
	(void)state;
	family(&f);
	x = written(&f);
	check_loop(x, 3, alice, 5);
	check_loop(x, 4, bob, 2);
	check_loop(x, 5, carol, 5);
	check_loop(x, 6, payer2, 1);
	check_loop(x, 7, practice, 1);
	check_loop(x, 8, erin, 1);
	check_loop(x, 9, dave, 5);
	mo_x12_free(x);
	/* a subscriber of a dependent with a birth date but no sex */
	family(&f);
	f.r[1][0].subscriber.birth_day = day(1971, 8, 9);
	f.r[1][0].subscriber.no_birth = false;
	x = written(&f);
	check_loop(x, 8, erin_born, 2);
	mo_x12_free(x);
}

/* Edits the family() batch (whose SE counts 40) and expects msg. */
static void mutant(const char *from, const char *to, int delta,
                   const char *msg)
{
	fixture f;
	size_t len;
	char *text, *a, *b, se[32];
	family(&f);
	text = write_ok(&f, &len);
	assert_non_null(a = x12v_edit(text, from, to));
	snprintf(se, sizeof se, "SE*%d*", 40 + delta);
	assert_non_null(b = x12v_edit(a, "SE*40*", se));
	x12v_refuses(b, x270_loops, x270_levels, msg);
	free(b);
	free(a);
	free(text);
}

static void test_checker_refuses(void **state)
{
	(void)state;
	mutant("HL*5*4*23*0~", "HL*5*3*23*0~", 0,
	       "HL 3: HL04 says no child, found one");
	mutant("HL*5*4*23*0~", "HL*5*2*23*0~", 0,
	       "segment 18: HL level 23 under level 21");
	mutant("HL*2*1*21*1~", "HL*2*1*22*1~", 0,
	       "segment 7: HL level 22 under level 20");
	mutant("DMG*D8*19800402*F~DTP*291*D8*20240306~",
	       "DTP*291*D8*20240306~DMG*D8*19800402*F~", 0,
	       "segment 13 (DMG): not allowed in loop 2100C here");
	mutant("TRN*1*42-1*1123456789~NM1*IL*1*SMITH*ALICE****MI*M100~",
	       "NM1*IL*1*SMITH*ALICE****MI*M100~TRN*1*42-1*1123456789~", 0,
	       "segment 11 (TRN): not allowed in loop 2100C here");
	mutant("NM1*1P*2*SPRINGFIELD CLINIC*****XX*1234567893~", "", -1,
	       "segment 8 (HL): loop 2000B opened at segment 7 lacks its "
	       "required loop 2100B");
	mutant("NM1*03*1*BROWN*CAROL*ANN~", "", -1, "segment 20 (DMG): not "
	       "allowed in loop 2000D here");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bad_arguments),
	    cmocka_unit_test(test_refuse_batch),
	    cmocka_unit_test(test_refuse_payer),
	    cmocka_unit_test(test_refuse_request),
	    cmocka_unit_test(test_check_request),
	    cmocka_unit_test(test_exact_text),
	    cmocka_unit_test(test_envelope),
	    cmocka_unit_test(test_hierarchy),
	    cmocka_unit_test(test_requests),
	    cmocka_unit_test(test_checker_refuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
