/* test_config.c: unit tests of core/config.c: the YAML node tree (anchors,
 * aliases, merge keys, alias bombs, syntax errors, tabs, duplicate keys),
 * the practice.yaml schema (unknown keys, wrong types, missing keys,
 * hours, policies, limits) and the typed readers of settings. Error
 * messages are checked word for word. It uses cmocka and the YAML files in
 * tests/fixtures/config/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"


/* The locations and staff a valid practice.yaml needs (2 lines). */
#define MODEL                                                                  \
	"locations: [{id: main, name: Main}]\n"                                \
	"staff: [{id: a, name: A, job: x}]\n"
/* The head of a valid practice.yaml that tests extend (5 lines, ending in
 * the practice mapping). */
#define HEAD MODEL "practice:\n  name: X\n  timezone: UTC\n"

static int parse(const char *text, mo_config **c, mo_err *e)
{
	return mo_config_parse(text, strlen(text), "practice.yaml", c, e);
}

/* text must be refused with MO_ECONFIG and a message containing msg. */
static void config_bad(const char *text, const char *msg)
{
	mo_config *c = (mo_config *)1;
	mo_err e = {0};
	int rc = parse(text, &c, &e);
	if (rc != MO_ECONFIG)
		fail_msg("rc %d for:\n%s\n(%s)", rc, text, e.msg);
	assert_null(c);
	assert_int_equal(e.code, MO_ECONFIG);
	assert_msg(e, msg);
}

/* text must be accepted; caller frees the result. */
static mo_config *config_ok(const char *text)
{
	mo_config *c = NULL;
	mo_err e = {0};
	if (parse(text, &c, &e) != 0)
		fail_msg("refused: %s\n%s", e.msg, text);
	return c;
}

/* ---- a complete file ---- */

static void test_full_file(void **state)
{
	mo_config *c = NULL;
	mo_err e = {0};
	const char *path = FIXTURES "/config/full.yaml";
	int64_t cents;
	(void)state;
	if (mo_config_load(path, &c, &e) != 0)
		fail_msg("%s", e.msg);
	assert_string_equal(c->path, path);
	assert_string_equal(c->name, "Maple Street Family Medicine");
	assert_string_equal(c->timezone, "America/Chicago");
	assert_int_equal(c->hours[0].n, 1);
	assert_int_equal(c->hours[0].span[0].open, 8 * 60);
	assert_int_equal(c->hours[0].span[0].close, 17 * 60);
	assert_int_equal(c->hours[1].n, 2);
	assert_int_equal(c->hours[1].span[1].open, 13 * 60);
	/* written out of order, stored sorted */
	assert_int_equal(c->hours[2].n, 2);
	assert_int_equal(c->hours[2].span[0].open, 8 * 60);
	assert_int_equal(c->hours[2].span[0].close, 12 * 60);
	assert_int_equal(c->hours[2].span[1].open, 13 * 60);
	assert_int_equal(c->hours[3].n, 1);
	assert_int_equal(c->hours[4].span[0].open, 7 * 60 + 30);
	assert_int_equal(c->hours[5].n, 0); /* closed */
	assert_int_equal(c->hours[6].n, 0); /* missing */
	assert_int_equal(c->npolicies, 2);
	assert_string_equal(c->policies[0], "tasks/office_tasks.lua");
	assert_string_equal(c->policies[1], "approvals/refunds.lua");
	assert_int_equal(c->policy_line[0], 13);
	assert_int_equal(c->policy_line[1], 14);
	assert_int_equal(c->lua_instructions, 1000000);
	assert_int_equal(c->lua_memory, 128LL << 20);
	assert_non_null(c->settings);
	assert_int_equal(mo_node_as_money(mo_config_setting(c, "refund_limit"),
	                                  "settings.refund_limit", &cents, &e),
	                 0);
	assert_int_equal(cents, 5000);
	mo_config_free(c);
}

static void test_defaults(void **state)
{
	mo_config *c = config_ok(HEAD);
	int d;
	(void)state;
	assert_string_equal(c->path, "practice.yaml");
	assert_int_equal(c->lua_instructions, MO_DEFAULT_INSTRUCTIONS);
	assert_int_equal(c->lua_memory, MO_DEFAULT_MEMORY);
	assert_int_equal(c->npolicies, 0);
	assert_null(c->settings);
	assert_null(mo_config_setting(c, "anything"));
	for (d = 0; d < 7; d++)
		assert_int_equal(c->hours[d].n, 0);
	mo_config_free(c);
	c = NULL;
	assert_int_equal(mo_config_parse(HEAD, strlen(HEAD), NULL, &c, NULL),
	                 0);
	assert_string_equal(c->path, "<string>");
	mo_config_free(c);
	mo_config_free(NULL);
}

static void test_missing_file(void **state)
{
	mo_config *c = (mo_config *)1;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_config_load(FIXTURES "/config/nope.yaml", &c, &e),
	                 MO_EIO);
	assert_null(c);
	assert_string_equal(e.msg, "cannot read " FIXTURES
	                           "/config/nope.yaml: No such file or "
	                           "directory");
	assert_int_equal(mo_config_load(FIXTURES "/config", &c, &e), MO_EIO);
	assert_msg(e, "cannot read " FIXTURES "/config: ");
}

static void test_bad_file(void **state)
{
	mo_config *c = NULL;
	mo_err e = {0};
	const char *path = FIXTURES "/config/bad_hours.yaml";
	(void)state;
	assert_int_equal(mo_config_load(path, &c, &e), MO_ECONFIG);
	assert_null(c);
	assert_string_equal(e.msg, FIXTURES "/config/bad_hours.yaml:5:10: "
	                                    "practice.hours.mon: expected "
	                                    "\"HH:MM-HH:MM\", \"closed\" or a "
	                                    "list of spans, got \"8-5\"");
}

/* ---- YAML: syntax and structure ---- */

static void test_empty(void **state)
{
	(void)state;
	config_bad("", "practice.yaml:1:1: empty file, expected a mapping");
	config_bad("# only a comment\n\n",
	           "practice.yaml:1:1: empty file, expected a mapping");
	config_bad("---\n", "practice.yaml:2:1: expected a mapping, got null");
	config_bad("- a\n", "practice.yaml:1:1: expected a mapping, got a "
	                    "sequence");
	config_bad("hello\n", "practice.yaml:1:1: expected a mapping, got "
	                      "\"hello\"");
}

static void test_syntax_error(void **state)
{
	(void)state;
	config_bad("b: [1, 2\nc: 3\n",
	           "practice.yaml:2:2: did not find expected ',' or ']' "
	           "while parsing a flow sequence that starts at 1:4");
	config_bad("practice:\n  name: x\n timezone: UTC\n",
	           "practice.yaml:3:");
	config_bad("a: 1\n  b: 2\n", "practice.yaml:2:4: mapping values are "
	                             "not allowed in this context");
	config_bad("a: \"open\n", "practice.yaml:2:1: found unexpected end "
	                          "of stream");
	config_bad("a: \xff\n", "practice.yaml:1:4: invalid leading UTF-8 "
	                        "octet (#xFF)");
	config_bad("a: b\x01\n", "practice.yaml:1:5: control characters are "
	                         "not allowed");
}

static void test_tabs(void **state)
{
	(void)state;
	config_bad("practice:\n\tname: x\n",
	           "practice.yaml:2:1: tab characters are not allowed for "
	           "indentation; use spaces");
	config_bad("practice:\n  name: x\n\ttimezone: UTC\n",
	           "practice.yaml:3:1: tab characters are not allowed for "
	           "indentation; use spaces");
	config_bad("a:\n  - x\n \t- y\n",
	           "practice.yaml:3:2: tab characters are not allowed");
}

static void test_documents_and_keys(void **state)
{
	(void)state;
	config_bad(HEAD "---\nb: 2\n",
	           "practice.yaml:6:1: a second document; expected one "
	           "document per file");
	config_bad("? [a]\n: 1\n", "practice.yaml:1:3: mapping keys must be "
	                           "scalars, got a sequence");
	config_bad("{a: 1}: 2\n", "practice.yaml:1:1: mapping keys must be "
	                          "scalars, got a mapping");
}

static void test_duplicate_keys(void **state)
{
	(void)state;
	config_bad("practice:\n  name: a\n  timezone: UTC\n  name: b\n",
	           "practice.yaml:4:3: duplicate key \"name\" (first at line "
	           "2, again at line 4)");
	config_bad(HEAD "settings:\n  a: 1\n  b: 2\n  \"a\": 3\n  b: 4\n",
	           "practice.yaml:9:3: duplicate key \"a\" (first at line 7, "
	           "again at line 9)");
	config_bad(HEAD "settings: {x: 1, y: 2, x: 3}\n",
	           "practice.yaml:6:24: duplicate key \"x\"");
	config_bad(HEAD "practice: {}\n", "duplicate key \"practice\" (first "
	                                  "at line 3, again at line 6)");
}

/* ---- anchors, aliases, merge keys ---- */

static const mo_node *setting(const mo_config *c, const char *path)
{
	const mo_node *n = mo_config_setting(c, path);
	if (!n)
		fail_msg("no setting %s", path);
	return n;
}

static int64_t setting_int(const mo_config *c, const char *path)
{
	int64_t v = 0;
	mo_err e = {0};
	if (mo_node_as_int(setting(c, path), path, &v, &e) != 0)
		fail_msg("%s", e.msg);
	return v;
}

static void test_anchors(void **state)
{
	mo_config *c =
	    config_ok("practice:\n"
	              "  name: &n Maple\n"
	              "  timezone: UTC\n"
	              "  hours:\n"
	              "    mon: &day [\"08:00-12:00\", \"13:00-17:00\"]\n"
	              "    tue: *day\n"
	              "    wed: *day\n"
	              "settings:\n"
	              "  title: *n\n"
	              "  base: &base {fee: 10, copay: 20}\n"
	              "  copy: *base\n"
	              "  again: &n other\n"
	              "  later: *n\n" MODEL);
	(void)state;
	assert_int_equal(c->hours[1].n, 2);
	assert_int_equal(c->hours[2].span[1].close, 17 * 60);
	assert_string_equal(mo_node_text(setting(c, "title")), "Maple");
	assert_int_equal(setting_int(c, "copy.copay"), 20);
	/* an alias shares the anchored node and its position */
	assert_ptr_equal(setting(c, "copy"), setting(c, "base"));
	assert_int_equal(mo_node_line(setting(c, "copy")), 10);
	/* a redefined anchor means its latest node */
	assert_string_equal(mo_node_text(setting(c, "later")), "other");
	mo_config_free(c);
}

static void test_merge_keys(void **state)
{
	mo_config *c = config_ok(HEAD "settings:\n"
	                              "  base: &base {a: 1, b: 2}\n"
	                              "  more: &more {b: 20, c: 30}\n"
	                              "  one:\n"
	                              "    <<: *base\n"
	                              "    b: 3\n"
	                              "    d: 4\n"
	                              "  first:\n"
	                              "    b: 5\n"
	                              "    <<: *base\n"
	                              "  both:\n"
	                              "    <<: [*more, *base]\n"
	                              "  inline: {<<: {z: 26}, y: 25}\n"
	                              "  nested:\n"
	                              "    <<: *base\n"
	                              "    inner:\n"
	                              "      <<: *more\n"
	                              "      c: 300\n");
	const mo_node *one;
	(void)state;
	one = setting(c, "one");
	assert_int_equal(mo_node_len(one), 3);
	assert_int_equal(setting_int(c, "one.a"), 1);
	assert_int_equal(setting_int(c, "one.b"), 3); /* explicit wins */
	assert_int_equal(setting_int(c, "one.d"), 4);
	assert_null(mo_node_get(one, "<<"));
	assert_int_equal(setting_int(c, "first.b"), 5); /* even when first */
	assert_int_equal(mo_node_len(setting(c, "first")), 2);
	assert_int_equal(setting_int(c, "both.a"), 1);
	assert_int_equal(setting_int(c, "both.b"), 20); /* first source wins */
	assert_int_equal(setting_int(c, "both.c"), 30);
	assert_int_equal(mo_node_len(setting(c, "both")), 3);
	assert_int_equal(setting_int(c, "inline.z"), 26);
	assert_int_equal(setting_int(c, "nested.inner.c"), 300);
	assert_int_equal(setting_int(c, "nested.inner.b"), 20);
	assert_int_equal(setting_int(c, "nested.a"), 1);
	/* a merge key in a quoted form is an ordinary key */
	mo_config_free(c);
	c = config_ok(HEAD "settings: {\"<<\": 1}\n");
	assert_int_equal(setting_int(c, "<<"), 1);
	mo_config_free(c);
}

static void test_merge_errors(void **state)
{
	(void)state;
	config_bad(HEAD "settings:\n  x:\n    <<: 5\n",
	           "practice.yaml:8:9: <<: expected a mapping or a list of "
	           "mappings to merge, got \"5\"");
	config_bad(HEAD "settings:\n  a: &a [1]\n  x:\n    <<: [*a]\n",
	           "practice.yaml:7:6: <<: expected a mapping or a list of "
	           "mappings to merge, got a sequence");
	config_bad(HEAD "settings:\n  a: &a {k: 1}\n  x:\n    <<: *a\n"
	                "    <<: *a\n",
	           "practice.yaml:10:5: duplicate key \"<<\" (first at line 9, "
	           "again at line 10)");
}

static void test_merge_schema(void **state)
{
	mo_config *c;
	mo_err e = {0};
	(void)state;
	/* a merged mapping gives the practice its keys */
	c = NULL;
	assert_int_equal(
	    parse("settings:\n  common: &p {name: M, timezone: UTC}\n"
	          "practice:\n  <<: *p\n  name: Own\n" MODEL,
	          &c, &e),
	    0);
	assert_string_equal(c->name, "Own");
	assert_string_equal(c->timezone, "UTC");
	mo_config_free(c);
	/* and an unknown merged key is reported where it is written */
	c = NULL;
	assert_int_equal(parse("settings:\n  common: &p {name: M, nmae: U, "
	                       "timezone: UTC}\npractice:\n  <<: *p\n",
	                       &c, &e),
	                 MO_ECONFIG);
	assert_msg(e, "practice.yaml:2:24: practice.nmae: unknown key (did "
	              "you mean \"name\"?)");
}

static void test_aliases_bad(void **state)
{
	(void)state;
	config_bad(HEAD "settings:\n  x: *nope\n",
	           "practice.yaml:7:6: unknown alias *nope (no anchor &nope "
	           "before it)");
	/* an alias inside its own anchor is not defined yet */
	config_bad(HEAD "settings:\n  x: &a [*a]\n",
	           "practice.yaml:7:10: unknown alias *a");
}

static void test_alias_bomb(void **state)
{
	(void)state;
	config_bad("a: &a [x,x,x,x,x,x,x,x,x,x]\n"
	           "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	           "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	           "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	           "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	           "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
	           "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
	           "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
	           "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h,*h]\n",
	           "practice.yaml:5:29: aliases expand to more than 100000 "
	           "nodes (an alias bomb?)");
	/* the same through merge keys */
	config_bad("a: &a {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
	           "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
	           "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
	           "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
	           "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
	           "f: {<<: *e}\n",
	           "aliases expand to more than 100000 nodes");
}

static void test_deep_nesting(void **state)
{
	enum { DEPTH = 20000 };
	char *text = malloc(2 * DEPTH + 64);
	mo_node *root = NULL;
	mo_err e = {0};
	const mo_node *n;
	int i;
	(void)state;
	assert_non_null(text);
	strcpy(text, "a: ");
	for (i = 0; i < DEPTH; i++)
		text[3 + i] = '[';
	for (i = 0; i < DEPTH; i++)
		text[3 + DEPTH + i] = ']';
	text[3 + 2 * DEPTH] = '\0';
	if (mo_yaml_parse(text, strlen(text), "deep.yaml", &root, &e) != 0)
		fail_msg("%s", e.msg);
	for (n = mo_node_get(root, "a"), i = 1; mo_node_len(n); i++)
		n = mo_node_at(n, 0);
	assert_int_equal(i, DEPTH);
	mo_node_free(root);
	free(text);
}

/* ---- the node API ---- */

static void test_node_api(void **state)
{
	const char *text = "top:\n  - plain\n  - 'quoted'\n  - k: v\n";
	mo_node *root = NULL;
	mo_err e = {0};
	const mo_node *seq, *map;
	(void)state;
	assert_int_equal(mo_yaml_parse(text, strlen(text), "t.yaml", &root, &e),
	                 0);
	assert_int_equal(mo_node_type(root), MO_NODE_MAP);
	assert_int_equal(mo_node_len(root), 1);
	assert_string_equal(mo_node_text(mo_node_key(root, 0)), "top");
	assert_null(mo_node_key(root, 1));
	seq = mo_node_get(root, "top");
	assert_ptr_equal(seq, mo_node_at(root, 0));
	assert_int_equal(mo_node_type(seq), MO_NODE_SEQ);
	assert_int_equal(mo_node_len(seq), 3);
	assert_null(mo_node_key(seq, 0));
	assert_null(mo_node_at(seq, 3));
	assert_string_equal(mo_node_text(seq), "");
	assert_true(mo_node_plain(mo_node_at(seq, 0)));
	assert_false(mo_node_plain(mo_node_at(seq, 1)));
	assert_string_equal(mo_node_text(mo_node_at(seq, 1)), "quoted");
	assert_string_equal(mo_node_file(seq), "t.yaml");
	assert_int_equal(mo_node_line(mo_node_at(seq, 1)), 3);
	assert_int_equal(mo_node_col(mo_node_at(seq, 1)), 5);
	map = mo_node_at(seq, 2);
	assert_int_equal(mo_node_type(map), MO_NODE_MAP);
	assert_string_equal(mo_node_text(mo_node_get(map, "k")), "v");
	assert_null(mo_node_get(map, "v"));
	assert_null(mo_node_get(seq, "k"));
	assert_int_equal(mo_node_len(mo_node_at(seq, 0)), 0);
	assert_null(mo_node_at(mo_node_at(seq, 0), 0));
	mo_node_free(root);
	mo_node_free(NULL);
	/* a bare scalar document is a tree too */
	assert_int_equal(mo_yaml_parse("42", 2, NULL, &root, &e), 0);
	assert_string_equal(mo_node_text(root), "42");
	assert_string_equal(mo_node_file(root), "<string>");
	mo_node_free(root);
}

static void test_yaml_parse_errors(void **state)
{
	mo_node *root = (mo_node *)1;
	mo_err e = {0};
	(void)state;
	assert_int_equal(mo_yaml_parse("a: [", 4, "codes.yaml", &root, &e),
	                 MO_ECONFIG);
	assert_null(root);
	/* libyaml puts the end of a stream without a newline on a new line */
	assert_msg(e, "codes.yaml:2:1: did not find expected node content");
	assert_int_equal(mo_yaml_parse("", 0, "codes.yaml", &root, &e),
	                 MO_ECONFIG);
	assert_msg(e, "codes.yaml:1:1: empty file");
}

/* ---- schema ---- */

static void test_unknown_keys(void **state)
{
	(void)state;
	config_bad("practice:\n  timezone: UTC\n  nmae: x\n",
	           "practice.yaml:3:3: practice.nmae: unknown key (did you "
	           "mean \"name\"?)");
	config_bad("practise:\n  name: X\n",
	           "practice.yaml:1:1: practise: unknown key (did you mean "
	           "\"practice\"?)");
	config_bad(HEAD "zzz: 1\n",
	           "practice.yaml:6:1: zzz: unknown key (expected one of: "
	           "practice, policies, settings, limits, locations, staff, "
	           "providers, visit_types, fee_schedules, payers, clia)");
	config_bad(HEAD "  time_zone: UTC\n",
	           "practice.yaml:6:3: practice.time_zone: unknown key (did "
	           "you mean \"timezone\"?)");
	config_bad(HEAD "limits:\n  memroy: 2MB\n",
	           "practice.yaml:7:3: limits.memroy: unknown key (did you "
	           "mean \"memory\"?)");
	config_bad(HEAD "  hours:\n    mnd: closed\n",
	           "practice.yaml:7:5: practice.hours.mnd: unknown key (did "
	           "you mean \"mon\"?)");
	config_bad(HEAD "  hours:\n    monday: closed\n",
	           "practice.hours.monday: unknown key (expected one of: mon, "
	           "tue, wed, thu, fri, sat, sun)");
}

static void test_wrong_types(void **state)
{
	(void)state;
	config_bad("practice: [1]\n", "practice.yaml:1:11: practice: expected "
	                              "a mapping, got a sequence");
	config_bad("practice: Maple\n", "practice.yaml:1:11: practice: "
	                                "expected a mapping, got \"Maple\"");
	config_bad("practice:\n", "practice.yaml:1:10: practice: expected a "
	                          "mapping, got null");
	config_bad(HEAD "policies: {a: 1}\n", "practice.yaml:6:11: policies: "
	                                      "expected a sequence, got a "
	                                      "mapping");
	config_bad(HEAD "settings: [1]\n",
	           "practice.yaml:6:11: settings: "
	           "expected a mapping, got a sequence");
	config_bad(HEAD "limits: 5\n", "practice.yaml:6:9: limits: expected a "
	                               "mapping, got \"5\"");
	config_bad(HEAD "  hours: [mon]\n", "practice.yaml:6:10: "
	                                    "practice.hours: expected a "
	                                    "mapping, got a sequence");
	config_bad("practice:\n  name: [X]\n  timezone: UTC\n",
	           "practice.yaml:2:9: practice.name: expected a scalar, got "
	           "a sequence");
}

static void test_missing_keys(void **state)
{
	(void)state;
	config_bad("practice:\n  timezone: UTC\n",
	           "practice.yaml:2:3: practice: missing required key "
	           "\"name\"");
	config_bad("practice:\n  name: X\n",
	           "practice.yaml:2:3: practice: missing required key "
	           "\"timezone\"");
	config_bad("practice: {}\n", "practice.yaml:1:11: practice: missing "
	                             "required key \"name\"");
	config_bad("policies: []\n",
	           "practice.yaml:1:1: missing required key \"practice\"");
	config_bad("{}\n", "practice.yaml:1:1: missing required key "
	                   "\"practice\"");
}

static void test_name_timezone(void **state)
{
	(void)state;
	config_bad("practice:\n  name: \"\"\n  timezone: UTC\n",
	           "practice.yaml:2:9: practice.name: expected a non-empty "
	           "string, got \"\"");
	config_bad("practice:\n  name:\n  timezone: UTC\n",
	           "practice.name: expected a non-empty string, got null");
	config_bad("practice:\n  name: X\n  timezone: Mars/Base\n",
	           "practice.yaml:3:13: practice.timezone: expected a "
	           "time-zone name such as \"America/Chicago\"");
	config_bad("practice:\n  name: X\n  timezone: Mars/Base\n",
	           "got \"Mars/Base\"");
	config_bad("practice:\n  name: X\n  timezone: ../../etc/passwd\n",
	           "practice.timezone: expected a time-zone name");
	config_bad("practice:\n  name: X\n  timezone: {a: 1}\n",
	           "practice.timezone: expected a scalar, got a mapping");
}

static void test_hours_ok(void **state)
{
	mo_config *c =
	    config_ok(HEAD "  hours:\n"
	                   "    mon: 08:00-12:00,12:00-24:00\n"
	                   "    tue: \" 13:00 - 17:00 , 08:00-09:00 \"\n"
	                   "    wed: []\n"
	                   "    thu: 00:00-24:00\n"
	                   "    fri: [08:00-09:00, 10:00-11:00, "
	                   "12:00-13:00, 14:00-15:00]\n"
	                   "    sun: \"closed\"\n");
	(void)state;
	assert_int_equal(c->hours[0].n, 2); /* spans may touch */
	assert_int_equal(c->hours[0].span[1].close, 1440);
	assert_int_equal(c->hours[1].n, 2);
	assert_int_equal(c->hours[1].span[0].open, 8 * 60);
	assert_int_equal(c->hours[1].span[1].close, 17 * 60);
	assert_int_equal(c->hours[2].n, 0);
	assert_int_equal(c->hours[3].span[0].open, 0);
	assert_int_equal(c->hours[4].n, MO_MAX_SPANS);
	assert_int_equal(c->hours[6].n, 0);
	assert_string_equal(mo_day_names[0], "mon");
	assert_string_equal(mo_day_names[6], "sun");
	mo_config_free(c);
}

static void test_hours_bad(void **state)
{
	(void)state;
	config_bad(HEAD "  hours:\n    mon: 8-5\n",
	           "practice.yaml:7:10: practice.hours.mon: expected "
	           "\"HH:MM-HH:MM\", \"closed\" or a list of spans, got "
	           "\"8-5\"");
	config_bad(HEAD "  hours:\n    tue: 08:00-12:00, 11:00-13:00\n",
	           "practice.yaml:7:10: practice.hours.tue: spans "
	           "\"08:00-12:00\" and \"11:00-13:00\" overlap");
	config_bad(HEAD "  hours:\n    wed: [13:00-17:00, 08:00-13:30]\n",
	           "practice.hours.wed: spans \"08:00-13:30\" and "
	           "\"13:00-17:00\" overlap");
	config_bad(HEAD "  hours:\n    mon: 17:00-08:00\n",
	           "practice.yaml:7:10: practice.hours.mon: span "
	           "\"17:00-08:00\" opens at or after it closes");
	config_bad(HEAD "  hours:\n    mon: 12:00-12:00\n",
	           "span \"12:00-12:00\" opens at or after it closes");
	config_bad(HEAD "  hours:\n    fri: 08:00-09:00, 10:00-11:00, "
	                "12:00-13:00, 14:00-15:00, 16:00-17:00\n",
	           "practice.yaml:7:10: practice.hours.fri: expected at most 4 "
	           "spans in a day");
	config_bad(HEAD "  hours:\n    wed: [\"08:00-12:00\", \"1pm-5pm\"]\n",
	           "practice.yaml:7:26: practice.hours.wed[1]: expected "
	           "\"HH:MM-HH:MM\", got \"1pm-5pm\"");
	config_bad(HEAD "  hours:\n    wed: [[08:00-12:00]]\n",
	           "practice.hours.wed[0]: expected \"HH:MM-HH:MM\", got a "
	           "sequence");
	config_bad(
	    HEAD "  hours:\n    mon: {open: 08:00}\n",
	    "practice.hours.mon: expected \"HH:MM-HH:MM\", \"closed\" or "
	    "a list of spans, got a mapping");
	config_bad(
	    HEAD "  hours:\n    mon:\n",
	    "practice.hours.mon: expected \"HH:MM-HH:MM\", \"closed\" or "
	    "a list of spans, got null");
	config_bad(
	    HEAD "  hours:\n    mon: 08:00-12:00,\n",
	    "practice.hours.mon: expected \"HH:MM-HH:MM\", \"closed\" or "
	    "a list of spans, got \"\"");
	config_bad(HEAD "  hours:\n    mon: 08:00-25:00\n",
	           "got \"08:00-25:00\"");
	config_bad(HEAD "  hours:\n    mon: Closed\n", "got \"Closed\"");
	config_bad(HEAD "  hours:\n    mon: 08:00-12:00-13:00\n",
	           "got \"08:00-12:00-13:00\"");
}

static void test_policies(void **state)
{
	mo_config *c = config_ok(HEAD "policies:\n  - a.lua\n  - dir/b.lua\n"
	                              "  - ./c.lua\n");
	(void)state;
	assert_int_equal(c->npolicies, 3);
	assert_string_equal(c->policies[1], "dir/b.lua");
	assert_int_equal(c->policy_line[2], 9);
	mo_config_free(c);
	c = config_ok(HEAD "policies: []\n");
	assert_int_equal(c->npolicies, 0);
	mo_config_free(c);
}

static void test_policies_bad(void **state)
{
#define WANT                                                                   \
	"expected a relative path ending in \".lua\" (not starting "           \
	"with \"/\", without \"..\"), got "
	(void)state;
	config_bad(HEAD "policies:\n  - /etc/x.lua\n",
	           "practice.yaml:7:5: policies[0]: " WANT "\"/etc/x.lua\"");
	config_bad(HEAD "policies:\n  - a.lua\n  - ../x.lua\n",
	           "practice.yaml:8:5: policies[1]: " WANT "\"../x.lua\"");
	config_bad(HEAD "policies:\n  - a/../../x.lua\n", WANT);
	config_bad(HEAD "policies:\n  - a/..\n", WANT);
	config_bad(HEAD "policies:\n  - x.py\n", WANT "\"x.py\"");
	config_bad(HEAD "policies:\n  - .lua\n", WANT "\".lua\"");
	config_bad(HEAD "policies:\n  - \"\"\n", WANT "\"\"");
	config_bad(HEAD "policies:\n  -\n", WANT "null");
	config_bad(HEAD "policies:\n  - a//b.lua\n", WANT);
	config_bad(HEAD "policies:\n  - \"a\\\\b.lua\"\n", WANT);
	config_bad(HEAD "policies:\n  - \"a\\tb.lua\"\n", WANT);
	config_bad(HEAD "policies:\n  - [a.lua]\n",
	           "policies[0]: " WANT "a sequence");
	config_bad(HEAD "policies:\n  - a.lua\n  - b.lua\n  - a.lua\n",
	           "practice.yaml:9:5: policies[2]: policy \"a.lua\" is listed "
	           "twice (lines 7 and 9)");
#undef WANT
}

static void test_limits(void **state)
{
	mo_config *c = config_ok(HEAD "limits:\n  instructions: 1\n"
	                              "  memory: 1048576\n");
	(void)state;
	assert_int_equal(c->lua_instructions, 1);
	assert_int_equal(c->lua_memory, 1048576);
	mo_config_free(c);
	c = config_ok(HEAD "limits: {memory: 1GB}\n");
	assert_int_equal(c->lua_memory, 1LL << 30);
	assert_int_equal(c->lua_instructions, MO_DEFAULT_INSTRUCTIONS);
	mo_config_free(c);
	config_bad(HEAD "limits:\n  instructions: 0\n",
	           "practice.yaml:7:17: limits.instructions: expected a "
	           "positive integer, got \"0\"");
	config_bad(HEAD "limits:\n  instructions: -5\n",
	           "expected a positive integer, got \"-5\"");
	config_bad(HEAD "limits:\n  instructions: lots\n",
	           "limits.instructions: expected an integer (at most 19 "
	           "digits), got \"lots\"");
	config_bad(HEAD "limits:\n  instructions: 99999999999999999999\n",
	           "expected an integer (at most 19 digits)");
	config_bad(HEAD "limits:\n  instructions: \"5\"\n",
	           "limits.instructions: expected an integer (without "
	           "quotes), got \"5\"");
	config_bad(HEAD "limits:\n  memory: 512KB\n",
	           "practice.yaml:7:11: limits.memory: expected a size of at "
	           "least 1MB, got \"512KB\"");
	config_bad(HEAD "limits:\n  memory: 64XB\n",
	           "practice.yaml:7:11: limits.memory: expected a size such "
	           "as \"64MB\", \"512KB\", \"1GB\" or a number of bytes, got "
	           "\"64XB\"");
	config_bad(HEAD "limits:\n  memory: [1]\n",
	           "limits.memory: expected a scalar, got a sequence");
}

/* ---- settings and typed readers ---- */

static const char SETTINGS[] =
    HEAD "settings:\n"                               /* line 6 */
         "  refund_limit: \"50.00\"\n"               /* 7 */
         "  bad_money: 12.345\n"                     /* 8 */
         "  count: 42\n"                             /* 9 */
         "  negative: -17\n"                         /* 10 */
         "  big: 9223372036854775808\n"              /* 11 */
         "  quoted_count: \"42\"\n"                  /* 12 */
         "  flag: true\n"                            /* 13 */
         "  flag2: FALSE\n"                          /* 14 */
         "  yesno: yes\n"                            /* 15 */
         "  quoted_flag: \"true\"\n"                 /* 16 */
         "  wait: 48h\n"                             /* 17 */
         "  start: 2024-02-29\n"                     /* 18 */
         "  bad_date: 2023-02-29\n"                  /* 19 */
         "  open: \"08:30\"\n"                       /* 20 */
         "  nested: {billing: {limit: \"10.00\"}}\n" /* 21 */
         "  list: [1, 2]\n"                          /* 22 */
         "  hex: 0x10\n"                             /* 23 */
         "  min: -9223372036854775808\n"             /* 24 */
         "  nul: \"5\\0\"\n";                        /* 23 */

static void test_settings_readers(void **state)
{
	mo_config *c = config_ok(SETTINGS);
	mo_err e = {0};
	int64_t i = 0;
	int32_t days = 0;
	int minutes = 0;
	bool b = false;
	const char *s = NULL;
	(void)state;
	assert_int_equal(
	    mo_node_as_money(setting(c, "refund_limit"), "x", &i, &e), 0);
	assert_int_equal(i, 5000);
	assert_int_equal(setting_int(c, "count"), 42);
	assert_int_equal(setting_int(c, "negative"), -17);
	assert_int_equal(setting_int(c, "min"), INT64_MIN);
	assert_int_equal(mo_node_as_bool(setting(c, "flag"), "flag", &b, &e),
	                 0);
	assert_true(b);
	assert_int_equal(mo_node_as_bool(setting(c, "flag2"), "f", &b, &e), 0);
	assert_false(b);
	assert_int_equal(mo_node_as_duration(setting(c, "wait"), "w", &i, &e),
	                 0);
	assert_int_equal(i, 48 * 3600);
	assert_int_equal(mo_node_as_date(setting(c, "start"), "s", &days, &e),
	                 0);
	assert_int_equal(days, 19782);
	assert_int_equal(mo_node_as_time(setting(c, "open"), "o", &minutes, &e),
	                 0);
	assert_int_equal(minutes, 510);
	assert_int_equal(
	    mo_node_as_money(setting(c, "nested.billing.limit"), "n", &i, &e),
	    0);
	assert_int_equal(i, 1000);
	assert_int_equal(mo_node_as_string(setting(c, "count"), "c", &s, &e),
	                 0);
	assert_string_equal(s, "42");
	assert_int_equal(
	    mo_node_as_string(setting(c, "quoted_count"), "c", &s, &e), 0);
	assert_string_equal(s, "42");
	mo_config_free(c);
}

/* call (which fills e_) fails with exactly the message want. */
#define READ_BAD(call, want)                                                   \
	do {                                                                   \
		mo_err e_ = {0};                                               \
		assert_int_equal(call, MO_ECONFIG);                            \
		assert_string_equal(e_.msg, want);                             \
	} while (0)

static void test_settings_errors(void **state)
{
	mo_config *c = config_ok(SETTINGS);
	int64_t i;
	int32_t d;
	int m;
	bool b;
	const char *s;
	(void)state;
	READ_BAD(mo_node_as_money(setting(c, "bad_money"), "settings.bad_money",
	                          &i, &e_),
	         "practice.yaml:8:14: settings.bad_money: expected money such "
	         "as \"125.00\" (at most two decimals), got \"12.345\"");
	READ_BAD(mo_node_as_int(setting(c, "big"), "settings.big", &i, &e_),
	         "practice.yaml:11:8: settings.big: expected an integer (at "
	         "most 19 digits), got \"9223372036854775808\"");
	READ_BAD(mo_node_as_int(setting(c, "quoted_count"), "q", &i, &e_),
	         "practice.yaml:12:17: q: expected an integer (without "
	         "quotes), got \"42\"");
	READ_BAD(mo_node_as_int(setting(c, "hex"), "h", &i, &e_),
	         "practice.yaml:23:8: h: expected an integer (at most 19 "
	         "digits), got \"0x10\"");
	READ_BAD(
	    mo_node_as_bool(setting(c, "yesno"), "settings.yesno", &b, &e_),
	    "practice.yaml:15:10: settings.yesno: expected true or false "
	    "(without quotes), got \"yes\"");
	READ_BAD(mo_node_as_bool(setting(c, "quoted_flag"), "f", &b, &e_),
	         "practice.yaml:16:16: f: expected true or false (without "
	         "quotes), got \"true\"");
	READ_BAD(mo_node_as_date(setting(c, "bad_date"), "settings.bad_date",
	                         &d, &e_),
	         "practice.yaml:19:13: settings.bad_date: expected a real "
	         "calendar date (YYYY-MM-DD), got \"2023-02-29\"");
	READ_BAD(mo_node_as_time(setting(c, "count"), "t", &m, &e_),
	         "practice.yaml:9:10: t: expected a time such as \"08:30\" "
	         "(HH:MM, 00:00 to 24:00), got \"42\"");
	READ_BAD(mo_node_as_duration(setting(c, "count"), "w", &i, &e_),
	         "practice.yaml:9:10: w: expected a duration such as \"15m\", "
	         "\"2h\", \"1h30m\" or \"3d\" (units w, d, h, m, s, largest "
	         "first), got \"42\"");
	READ_BAD(
	    mo_node_as_string(setting(c, "list"), "settings.list", &s, &e_),
	    "practice.yaml:22:9: settings.list: expected a scalar, got a "
	    "sequence");
	READ_BAD(
	    mo_node_as_money(setting(c, "nested"), "settings.nested", &i, &e_),
	    "practice.yaml:21:11: settings.nested: expected a scalar, got "
	    "a mapping");
	READ_BAD(mo_node_as_money(setting(c, "nul"), "n", &i, &e_),
	         "practice.yaml:25:8: n: expected text without NUL "
	         "characters");
	READ_BAD(mo_node_as_int(NULL, "settings.none", &i, &e_),
	         "settings.none: missing");
	mo_config_free(c);
}

static void test_setting_paths(void **state)
{
	mo_config *c = config_ok(SETTINGS);
	(void)state;
	assert_non_null(mo_config_setting(c, "nested"));
	assert_non_null(mo_config_setting(c, "nested.billing"));
	assert_null(mo_config_setting(c, "nested.billing.limit.more"));
	assert_null(mo_config_setting(c, "nested..billing"));
	assert_null(mo_config_setting(c, "nested."));
	assert_null(mo_config_setting(c, ".nested"));
	assert_null(mo_config_setting(c, ""));
	assert_null(mo_config_setting(c, "list.0"));
	assert_null(mo_config_setting(c, "nope"));
	assert_null(mo_config_setting(c, NULL));
	assert_null(mo_config_setting(NULL, "count"));
	mo_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_file),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_missing_file),
	    cmocka_unit_test(test_bad_file),
	    cmocka_unit_test(test_empty),
	    cmocka_unit_test(test_syntax_error),
	    cmocka_unit_test(test_tabs),
	    cmocka_unit_test(test_documents_and_keys),
	    cmocka_unit_test(test_duplicate_keys),
	    cmocka_unit_test(test_anchors),
	    cmocka_unit_test(test_merge_keys),
	    cmocka_unit_test(test_merge_errors),
	    cmocka_unit_test(test_merge_schema),
	    cmocka_unit_test(test_aliases_bad),
	    cmocka_unit_test(test_alias_bomb),
	    cmocka_unit_test(test_deep_nesting),
	    cmocka_unit_test(test_node_api),
	    cmocka_unit_test(test_yaml_parse_errors),
	    cmocka_unit_test(test_unknown_keys),
	    cmocka_unit_test(test_wrong_types),
	    cmocka_unit_test(test_missing_keys),
	    cmocka_unit_test(test_name_timezone),
	    cmocka_unit_test(test_hours_ok),
	    cmocka_unit_test(test_hours_bad),
	    cmocka_unit_test(test_policies),
	    cmocka_unit_test(test_policies_bad),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_settings_readers),
	    cmocka_unit_test(test_settings_errors),
	    cmocka_unit_test(test_setting_paths),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
