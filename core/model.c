/* model.c: the practice model of practice.yaml, as declared in model.h and
 * config.h.
 *
 * The first part is the schema of the model's sections, written as tables
 * of mo_field (schema_check.h) over a few generic value types: formats
 * (ids, NPIs, codes: a validator and what to say), words (one of a list),
 * dates, money, numbers in a range, lists of strings, and entities (one
 * mapping, or a list of them, with optional defaults and a final
 * check). The tables also say what each entity owns, so freeing is
 * mo_sc_release over the same tables.
 *
 * The second part runs once the whole file is read (mo_model_link): the
 * defaults that depend on other values, then the checks across entities,
 * each a row of a table over paths in the YAML tree: ids that must be
 * unique, and references that must name an existing id (with a "did you
 * mean" suggestion); then supervision cycles. Every message points at the
 * offending node with its key path.
 *
 * The last part serves the loaded model: lookups by id, holiday dates and
 * expiry warnings (over credential.h's one list of credentials). It uses
 * schema_check.h (config.c), codes.h, credential.h and units.h. */
#include "model.h"
#include "codes.h"
#include "credential.h"
#include "units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SHOW (MO_QUOTE_MAX * 4 + 16) /* a quoted value in a message */
#define NO_NODE ((size_t)-1)         /* an entity without a node member */

/* n's text quoted for a message. */
static const char *quoted(const mo_node *n, char buf[SHOW])
{
	const char *s = mo_node_text(n);
	return mo_quote(s, strlen(s), buf, SHOW);
}

/* Pointer members written and read through their offset (memcpy keeps
 * the compiler's aliasing rules out of it). */
static void *ptr_get(const void *obj, size_t off)
{
	void *p;
	memcpy(&p, (const char *)obj + off, sizeof p);
	return p;
}

static void ptr_set(void *obj, size_t off, void *p)
{
	memcpy((char *)obj + off, &p, sizeof p);
}

static size_t *count_at(void *obj, const mo_field *f)
{
	return (size_t *)((char *)obj + f->noff);
}

/* ---- formats: a string with a shape ---- */

typedef struct format {
	bool (*ok)(const char *s);
	const char *what;           /* "expected WHAT, got ..." */
	void (*normalize)(char *s); /* rewrites an accepted value, or NULL */
} format;

static bool id_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 64 && s[0] >= 'a' && s[0] <= 'z' &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-.") == n;
}

static bool digits(const char *s, size_t n)
{
	return strspn(s, "0123456789") >= n;
}

/* The 10 digits of a phone number written with ( ) - . spaces and an
 * optional leading +1, into out (11 bytes); false if it is not one. */
static bool phone_digits(const char *s, char out[11])
{
	size_t n = 0;
	while (*s == ' ')
		s++;
	if (s[0] == '+' && s[1] == '1')
		s += 2;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9' && n < 10)
			out[n++] = *s;
		else if (!strchr("()-. ", *s))
			return false;
	}
	out[n] = '\0';
	return n == 10;
}

static bool phone_ok(const char *s)
{
	char d[11];
	return phone_digits(s, d);
}

static void phone_normalize(char *s)
{
	char d[11];
	if (phone_digits(s, d))
		memcpy(s, d, sizeof d); /* 10 digits fit where they came from */
}

static bool pos_ok(const char *s)
{
	return mo_codes_pos_find(s) != NULL;
}

static bool alnum_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 1 && n <= 32 &&
	       strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	                 "0123456789") == n;
}

static const format fmt_id = {
    id_ok, "an id (1 to 64 of a-z 0-9 _ - ., starting with a letter)", NULL};
static const format fmt_npi = {mo_codes_npi_valid,
                               "a 10-digit NPI with a valid check digit", NULL};
static const format fmt_ein = {mo_codes_ein_valid,
                               "an EIN such as \"12-3456789\"", NULL};
static const format fmt_taxonomy = {
    mo_codes_taxonomy_valid,
    "a taxonomy code such as \"207Q00000X\" (9 letters or digits, then X)",
    NULL};
static const format fmt_state = {
    mo_codes_state_valid, "a state as 2 capital letters such as \"IL\"",
    NULL};
static const format fmt_zip = {
    mo_codes_zip_valid, "a ZIP code such as \"62701\" or \"62701-1234\"",
    NULL};
static const format fmt_phone = {
    phone_ok, "a 10-digit phone number such as \"(217) 555-0100\"",
    phone_normalize};
static const format fmt_pos = {
    pos_ok, "a CMS place-of-service code such as \"11\" (office)", NULL};
static const format fmt_dea = {
    mo_codes_dea_valid,
    "a DEA number such as \"AB1234563\" (2 letters, 7 digits, the last a "
    "check digit)",
    NULL};
static const format fmt_clia = {
    mo_codes_clia_valid,
    "a CLIA number such as \"14D1234567\" (2 digits, D, 7 digits)", NULL};
static const format fmt_payer_id = {alnum_ok,
                                    "a payer id of letters and digits", NULL};
static const format fmt_code = {
    mo_codes_procedure_valid,
    "a CPT or HCPCS Level II code such as \"99213\", \"0001U\" or "
    "\"G0438\"",
    NULL};
static const format fmt_modifier = {
    mo_codes_modifier_valid,
    "a modifier of 2 capital letters or digits such as \"25\" or \"TC\"", NULL};

static int format_check(void *obj, const mo_node *n, const char *path,
                        const mo_field *f, mo_err *e)
{
	const format *fm = f->data;
	char **s = mo_sc_at(obj, f);
	int rc = mo_sc_string(n, path, s, e);
	if (rc)
		return rc;
	if (!fm->ok(*s))
		return mo_sc_expect(e, n, path, fm->what);
	if (fm->normalize)
		fm->normalize(*s);
	return 0;
}

static const mo_type t_format = {format_check, mo_sc_release_string};

/* ---- words: one of a list ---- */

static int word_fail(const mo_node *n, const char *path,
                     const char *const *words, mo_err *e)
{
	char list[256] = "", q[SHOW];
	const char *hint = mo_suggest(mo_node_text(n), words);
	size_t i, len;
	for (i = 0; words[i]; i++) {
		const char *sep = !i ? "" : words[i + 1] ? ", " : " or ";
		len = strlen(list);
		snprintf(list + len, sizeof list - len, "%s%s", sep, words[i]);
	}
	if (hint)
		return mo_sc_fail(e, n, path,
		                  "expected %s, got %s (did you mean \"%s\"?)",
		                  list, quoted(n, q), hint);
	return mo_sc_fail(e, n, path, "expected %s, got %s", list,
	                  quoted(n, q));
}

static int word_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	const char *const *words = f->data;
	char **s = mo_sc_at(obj, f);
	size_t i;
	int rc = mo_sc_string(n, path, s, e);
	if (rc)
		return rc;
	for (i = 0; words[i]; i++)
		if (strcmp(*s, words[i]) == 0)
			return 0;
	return word_fail(n, path, words, e);
}

static const mo_type t_word = {word_check, mo_sc_release_string};

static const char *const room_kinds[] = {"exam",       "procedure", "lab",
                                         "front_desk", "office",    "storage",
                                         "waiting",    "imaging",   NULL};
static const char *const employments[] = {"full_time", "part_time", "per_diem",
                                          "contractor", NULL};
static const char *const pay_types[] = {"hourly", "salary", NULL};
static const char *const payer_kinds[] = {
    "medicare", "medicaid", "commercial", "self_pay", "workers_comp", NULL};
static const char *const clia_types[] = {"waiver", "ppm", "compliance",
                                         "accreditation", NULL};
static const char *const enrollment_statuses[] = {
    "enrolled", "pending", "denied", "terminated", NULL};

/* ---- dates, money, numbers ---- */

static int date_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	return mo_node_as_date(n, path, mo_sc_at(obj, f), e);
}

static const mo_type t_date = {date_check, NULL};

/* Money that is not negative. */
static int money_check(void *obj, const mo_node *n, const char *path,
                       const mo_field *f, mo_err *e)
{
	int64_t *cents = mo_sc_at(obj, f);
	int rc = mo_node_as_money(n, path, cents, e);
	if (!rc && *cents < 0)
		rc = mo_sc_expect(e, n, path, "an amount that is not negative");
	return rc;
}

static const mo_type t_money = {money_check, NULL};

/* A number with up to two decimals ("6.5", "-20"), in hundredths. */
static int decimal_check(void *obj, const mo_node *n, const char *path,
                         const mo_field *f, mo_err *e)
{
	mo_err ignored;
	(void)f;
	if (mo_node_type(n) != MO_NODE_SCALAR ||
	    mo_money_parse(mo_node_text(n), mo_sc_at(obj, f), &ignored))
		return mo_sc_expect(e, n, path,
		                    "a number with at most two decimals");
	return 0;
}

static const mo_type t_decimal = {decimal_check, NULL};

static int bool_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	return mo_node_as_bool(n, path, mo_sc_at(obj, f), e);
}

static const mo_type t_bool = {bool_check, NULL};

typedef struct range {
	int64_t lo, hi;
	const char *what; /* "expected WHAT, got ..." */
} range;

static const range r_weekly_hours = {0, 80, "an integer from 0 to 80"};
static const range r_percent = {1, 1000, "an integer from 1 to 1000"};
static const range r_visit_length = {5 * 60, 8 * 3600,
                                     "a duration from 5m to 8h"};
static const range r_filing = {24 * 3600, 520 * 7 * 24 * 3600LL,
                               "a duration from 1d to 520w"};
static const range r_notice = {0, MO_NOTICE_DAYS_MAX,
                               "a number of days from 0 to 1095"};

/* An integer within f->data's range, into an int. */
static int int_check(void *obj, const mo_node *n, const char *path,
                     const mo_field *f, mo_err *e)
{
	const range *r = f->data;
	int64_t v;
	int rc = mo_node_as_int(n, path, &v, e);
	if (rc)
		return rc;
	if (v < r->lo || v > r->hi)
		return mo_sc_expect(e, n, path, r->what);
	*(int *)mo_sc_at(obj, f) = (int)v;
	return 0;
}

static const mo_type t_int = {int_check, NULL};

/* A duration (seconds) within f->data's range. */
static int duration_check(void *obj, const mo_node *n, const char *path,
                          const mo_field *f, mo_err *e)
{
	const range *r = f->data;
	int64_t *v = mo_sc_at(obj, f);
	int rc = mo_node_as_duration(n, path, v, e);
	if (!rc && (*v < r->lo || *v > r->hi))
		rc = mo_sc_expect(e, n, path, r->what);
	return rc;
}

static const mo_type t_duration = {duration_check, NULL};

/* ---- lists of strings ---- */

/* Reads the items of sequence n into slots[0..) with the item field
 * (whose type stores a char * at offset 0), counting them in *count. */
static int items_check(char **slots, size_t *count, const mo_node *n,
                       const char *path, const mo_field *item, mo_err *e)
{
	char sub[MO_PATH_LEN];
	size_t i;
	int rc = 0;
	for (i = 0; !rc && i < mo_node_len(n); i++) {
		mo_sc_path_index(sub, path, i);
		*count = i + 1;
		rc = item->type->check(&slots[i], mo_node_at(n, i), sub, item,
		                       e);
	}
	return rc;
}

/* A list of strings: char ** at off, its length at noff; data is the
 * field that reads one item. */
static int strings_check(void *obj, const mo_node *n, const char *path,
                         const mo_field *f, mo_err *e)
{
	char ***list = mo_sc_at(obj, f);
	int rc = mo_sc_kind(n, MO_NODE_SEQ, path, e);
	if (rc)
		return rc;
	*list = calloc(mo_node_len(n) + 1, sizeof **list);
	if (!*list)
		return mo_sc_oom(e);
	return items_check(*list, count_at(obj, f), n, path, f->data, e);
}

static void strings_release(void *obj, const mo_field *f)
{
	char ***list = mo_sc_at(obj, f);
	size_t i, *count = count_at(obj, f);
	for (i = 0; *list && i < *count; i++)
		free((*list)[i]);
	free(*list);
	*list = NULL;
	*count = 0;
}

static const mo_type t_strings = {strings_check, strings_release};

/* The same into an array of f->arg slots inside the object. */
static int slots_check(void *obj, const mo_node *n, const char *path,
                       const mo_field *f, mo_err *e)
{
	int rc = mo_sc_kind(n, MO_NODE_SEQ, path, e);
	if (rc)
		return rc;
	if (mo_node_len(n) > (size_t)f->arg)
		return mo_sc_fail(e, n, path, "expected at most %d, got %zu",
		                  f->arg, mo_node_len(n));
	return items_check(mo_sc_at(obj, f), count_at(obj, f), n, path, f->data,
	                   e);
}

static void slots_release(void *obj, const mo_field *f)
{
	char **slots = mo_sc_at(obj, f);
	size_t i, *count = count_at(obj, f);
	for (i = 0; i < *count; i++) {
		free(slots[i]);
		slots[i] = NULL;
	}
	*count = 0;
}

static const mo_type t_slots = {slots_check, slots_release};

/* Fields that read one list item (a char * at offset 0). */
static const mo_field id_item = {"", false, &t_format, 0, 0, &fmt_id, 0};
static const mo_field code_item = {"", false, &t_format, 0, 0, &fmt_code, 0};
static const mo_field modifier_item = {"", false,         &t_format, 0,
                                       0,  &fmt_modifier, 0};
static const mo_field text_item = {"", false, &mo_sc_text, 0, 0, NULL, 0};

/* ---- entities ---- */

typedef struct entity {
	size_t size;            /* of one entity */
	const mo_field *fields; /* its keys */
	size_t node_off;        /* where its node goes, or NO_NODE */
	/* Sets defaults before the keys are read, or NULL. */
	void (*init)(void *item);
	/* Checks across its keys and sets defaults that allocate, or NULL. */
	int (*finish)(void *item, const mo_node *n, const char *path,
	              mo_err *e);
} entity;

static int entity_read(void *item, const entity *en, const mo_node *n,
                       const char *path, mo_err *e)
{
	int rc;
	if (en->node_off != NO_NODE)
		ptr_set(item, en->node_off, (void *)n);
	if (en->init)
		en->init(item);
	rc = mo_sc_fields(item, n, path, en->fields, e);
	if (!rc && en->finish)
		rc = en->finish(item, n, path, e);
	return rc;
}

/* One entity (a mapping) at obj + off; data is its entity. */
static int one_check(void *obj, const mo_node *n, const char *path,
                     const mo_field *f, mo_err *e)
{
	return entity_read(mo_sc_at(obj, f), f->data, n, path, e);
}

static void one_release(void *obj, const mo_field *f)
{
	const entity *en = f->data;
	mo_sc_release(mo_sc_at(obj, f), en->fields);
}

static const mo_type t_one = {one_check, one_release};

/* A list of entities: an array at off, its length at noff; data is their
 * entity; f->arg 1 when the list may not be empty. */
static int list_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	const entity *en = f->data;
	size_t i, len = mo_node_len(n), *count = count_at(obj, f);
	char sub[MO_PATH_LEN], *items;
	int rc = mo_sc_kind(n, MO_NODE_SEQ, path, e);
	if (rc)
		return rc;
	if (!len && f->arg)
		return mo_sc_fail(
		    e, n, path,
		    "expected at least one entry, got an empty list");
	items = calloc(len ? len : 1, en->size);
	if (!items)
		return mo_sc_oom(e);
	ptr_set(obj, f->off, items);
	for (i = 0; !rc && i < len; i++) {
		mo_sc_path_index(sub, path, i);
		*count = i + 1;
		rc = entity_read(items + i * en->size, en, mo_node_at(n, i),
		                 sub, e);
	}
	return rc;
}

static void list_release(void *obj, const mo_field *f)
{
	const entity *en = f->data;
	char *items = ptr_get(obj, f->off);
	size_t i, *count = count_at(obj, f);
	for (i = 0; items && i < *count; i++)
		mo_sc_release(items + i * en->size, en->fields);
	free(items);
	ptr_set(obj, f->off, NULL);
	*count = 0;
}

static const mo_type t_list = {list_check, list_release};

/* A default for a string that was not given. */
static int text_default(char **s, const char *value, mo_err *e)
{
	if (!*s && !(*s = mo_strdup(value)))
		return mo_sc_oom(e);
	return 0;
}

/* ---- the tables ---- */

/* clang-format off */
/* A field of struct T stored in member m. */
#define F(T, key, req, type, m, data)                                          \
	{key, req, type, offsetof(T, m), 0, data, 0}
/* A list in member m, counted in member n##m. */
#define L(T, key, req, type, m, data, arg)                                     \
	{key, req, type, offsetof(T, m), offsetof(T, n##m), data, arg}
/* A mapping whose keys are fields of the same object. */
#define SUB(key, table) {key, false, &mo_sc_map, 0, 0, table, 0}
/* Hours of one day in member m (an array of 7). */
#define DAY(T, m, d, key)                                                      \
	{key, false, &mo_sc_day, offsetof(T, m) + (d) * sizeof(mo_day_hours),  \
	 0, NULL, 0}
/* clang-format on */

static const mo_field address_fields[] = {
    F(mo_address, "line1", true, &mo_sc_text, line1, NULL),
    F(mo_address, "line2", false, &mo_sc_text, line2, NULL),
    F(mo_address, "city", true, &mo_sc_text, city, NULL),
    F(mo_address, "state", true, &t_format, state, &fmt_state),
    F(mo_address, "zip", true, &t_format, zip, &fmt_zip),
    MO_FIELDS_END,
};

/* -- holidays -- */

static const char *const ordinals[] = {"first",  "second", "third",
                                       "fourth", "last",   NULL};
static const char *const weekdays[] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  "Saturday",
                                       "Sunday",   NULL};
static const char *const months[] = {
    "January", "February",  "March",   "April",    "May",      "June", "July",
    "August",  "September", "October", "November", "December", NULL};

/* Index of w in words (case does not matter), or -1. */
static int word_index(const char *const *words, const char *w)
{
	int i;
	for (i = 0; words[i]; i++)
		if (strcasecmp(words[i], w) == 0)
			return i;
	return -1;
}

/* Days of month m (1..12) in year y. */
static int month_days(int y, int m)
{
	int32_t next = m == 12 ? mo_days_from_civil(y + 1, 1, 1)
	                       : mo_days_from_civil(y, m + 1, 1);
	return (int)(next - mo_days_from_civil(y, m, 1));
}

/* "<ordinal> <weekday> of <month>" */
static bool parse_nth(char **tok, mo_holiday *h)
{
	int o = word_index(ordinals, tok[0]), w = word_index(weekdays, tok[1]);
	int m = word_index(months, tok[3]);
	if (o < 0 || w < 0 || m < 0 || strcasecmp(tok[2], "of") != 0)
		return false;
	h->ordinal = o == 4 ? -1 : o + 1;
	h->weekday = w;
	h->month = m + 1;
	h->day = 0;
	return true;
}

/* "<month> <day>", a day that exists every year (not February 29). */
static bool parse_month_day(char **tok, mo_holiday *h)
{
	int m = word_index(months, tok[0]);
	size_t len = strlen(tok[1]);
	if (m < 0 || len < 1 || len > 2 || !digits(tok[1], len))
		return false;
	h->day = atoi(tok[1]);
	if (h->day < 1 || h->day > month_days(2001, m + 1))
		return false;
	h->ordinal = 0;
	h->weekday = -1;
	h->month = m + 1;
	return true;
}

static bool parse_rule(const char *s, mo_holiday *h)
{
	char buf[80], *tok[5], *save = NULL, *t;
	size_t n = 0;
	if (strlen(s) >= sizeof buf)
		return false;
	strcpy(buf, s);
	for (t = strtok_r(buf, " ", &save); t && n < 5;
	     t = strtok_r(NULL, " ", &save))
		tok[n++] = t;
	return n == 4 ? parse_nth(tok, h) : n == 2 && parse_month_day(tok, h);
}

static int rule_check(void *obj, const mo_node *n, const char *path,
                      const mo_field *f, mo_err *e)
{
	char *s = NULL;
	int rc = mo_sc_string(n, path, &s, e);
	(void)f;
	if (!rc && !parse_rule(s, obj))
		rc = mo_sc_expect(e, n, path,
		                  "a rule such as \"fourth Thursday of "
		                  "November\" (first, second, third, fourth or "
		                  "last) or \"December 25\"");
	free(s);
	return rc;
}

static const mo_type t_rule = {rule_check, NULL};

static void holiday_init(void *item)
{
	((mo_holiday *)item)->weekday = -1;
}

static int holiday_finish(void *item, const mo_node *n, const char *path,
                          mo_err *e)
{
	bool date = mo_node_get(n, "date"), rule = mo_node_get(n, "rule");
	(void)item;
	if (date && rule)
		return mo_sc_fail(e, n, path,
		                  "expected a date or a rule, not both");
	if (!date && !rule)
		return mo_sc_fail(e, n, path,
		                  "missing required key \"date\" or \"rule\"");
	return 0;
}

static const mo_field holiday_fields[] = {
    F(mo_holiday, "name", true, &mo_sc_text, name, NULL),
    F(mo_holiday, "date", false, &t_date, date, NULL),
    {"rule", false, &t_rule, 0, 0, NULL, 0},
    MO_FIELDS_END,
};

static const entity holiday_entity = {sizeof(mo_holiday), holiday_fields,
                                      offsetof(mo_holiday, node), holiday_init,
                                      holiday_finish};

/* -- locations and rooms -- */

static const mo_field room_fields[] = {
    F(mo_room, "id", true, &t_format, id, &fmt_id),
    F(mo_room, "name", false, &mo_sc_text, name, NULL),
    F(mo_room, "kind", true, &t_word, kind, room_kinds),
    L(mo_room, "equipment", false, &t_strings, equipment, &id_item, 0),
    MO_FIELDS_END,
};

static const entity room_entity = {sizeof(mo_room), room_fields,
                                   offsetof(mo_room, node), NULL, NULL};

static int location_finish(void *item, const mo_node *n, const char *path,
                           mo_err *e)
{
	(void)n, (void)path;
	return text_default(&((mo_location *)item)->pos, "11", e);
}

static const mo_field location_fields[] = {
    F(mo_location, "id", true, &t_format, id, &fmt_id),
    F(mo_location, "name", true, &mo_sc_text, name, NULL),
    F(mo_location, "address", false, &mo_sc_map, address, address_fields),
    F(mo_location, "phone", false, &t_format, phone, &fmt_phone),
    F(mo_location, "pos", false, &t_format, pos, &fmt_pos),
    F(mo_location, "hours", false, &mo_sc_hours, hours, NULL),
    L(mo_location, "rooms", false, &t_list, rooms, &room_entity, 0),
    MO_FIELDS_END,
};

static const entity location_entity = {sizeof(mo_location), location_fields,
                                       offsetof(mo_location, node), NULL,
                                       location_finish};

/* -- staff -- */

/* An expiry before its start (issued, certified, effective: key from)
 * refused at the expiry, in the item at path. */
static int expiry_check(const mo_node *item, const char *path,
                        int32_t from, const char *from_key, int32_t expires,
                        mo_err *e)
{
	char p[MO_PATH_LEN], a[11], b[11];
	if (!from || !expires || expires >= from)
		return 0;
	mo_sc_path_join(p, path, "expires");
	return mo_sc_fail(e, mo_node_get(item, "expires"), p,
	                  "%s is before %s %s", mo_date_format(expires, a),
	                  from_key, mo_date_format(from, b));
}

static void credential_init(void *item)
{
	((mo_credential *)item)->notice_days = -1;
}

static int credential_finish(void *item, const mo_node *n, const char *path,
                             mo_err *e)
{
	const mo_credential *cr = item;
	return expiry_check(n, path, cr->issued, "issued", cr->expires, e);
}

static const mo_field credential_fields[] = {
    F(mo_credential, "kind", true, &mo_sc_text, kind, NULL),
    F(mo_credential, "number", false, &mo_sc_text, number, NULL),
    F(mo_credential, "issuer", false, &mo_sc_text, issuer, NULL),
    F(mo_credential, "issued", false, &t_date, issued, NULL),
    F(mo_credential, "expires", false, &t_date, expires, NULL),
    F(mo_credential, "notice_days", false, &t_int, notice_days, &r_notice),
    MO_FIELDS_END,
};

static const entity credential_entity = {
    sizeof(mo_credential), credential_fields, offsetof(mo_credential, node),
    credential_init, credential_finish};

/* The practice's own licences and policies have a credential's shape. */
const mo_field mo_model_practice_fields[] = {
    F(mo_config, "legal_name", false, &mo_sc_text, legal_name, NULL),
    F(mo_config, "npi", false, &t_format, npi, &fmt_npi),
    F(mo_config, "tax_id", false, &t_format, tax_id, &fmt_ein),
    F(mo_config, "taxonomy", false, &t_format, taxonomy, &fmt_taxonomy),
    F(mo_config, "address", false, &mo_sc_map, address, address_fields),
    F(mo_config, "phone", false, &t_format, phone, &fmt_phone),
    F(mo_config, "script_actor", false, &t_format, script_actor, &fmt_id),
    L(mo_config, "holidays", false, &t_list, holidays, &holiday_entity, 0),
    L(mo_config, "licences", false, &t_list, licences, &credential_entity, 0),
    F(mo_config, "notice_days", false, &mo_sc_tree, notice_days, NULL),
    MO_FIELDS_END,
};

static const mo_field pay_fields[] = {
    F(mo_staff, "type", true, &t_word, pay_type, pay_types),
    F(mo_staff, "rate", true, &t_money, pay_rate, NULL),
    MO_FIELDS_END,
};

static void staff_init(void *item)
{
	((mo_staff *)item)->weekly_hours = -1;
}

static int staff_finish(void *item, const mo_node *n, const char *path,
                        mo_err *e)
{
	(void)n, (void)path;
	return text_default(&((mo_staff *)item)->employment, "full_time", e);
}

static const mo_field staff_fields[] = {
    F(mo_staff, "id", true, &t_format, id, &fmt_id),
    F(mo_staff, "name", true, &mo_sc_text, name, NULL),
    F(mo_staff, "job", true, &t_format, job, &fmt_id),
    F(mo_staff, "supervisor", false, &t_format, supervisor, &fmt_id),
    L(mo_staff, "locations", false, &t_strings, locations, &id_item, 0),
    F(mo_staff, "hired", false, &t_date, hired, NULL),
    F(mo_staff, "employment", false, &t_word, employment, employments),
    SUB("pay", pay_fields),
    F(mo_staff, "weekly_hours", false, &t_int, weekly_hours, &r_weekly_hours),
    L(mo_staff, "credentials", false, &t_list, credentials, &credential_entity,
      0),
    MO_FIELDS_END,
};

static const entity staff_entity = {sizeof(mo_staff), staff_fields,
                                    offsetof(mo_staff, node), staff_init,
                                    staff_finish};

/* -- providers -- */

static const mo_field license_fields[] = {
    F(mo_provider, "state", true, &t_format, license_state, &fmt_state),
    F(mo_provider, "number", true, &mo_sc_text, license_number, NULL),
    F(mo_provider, "issued", false, &t_date, license_issued, NULL),
    F(mo_provider, "expires", false, &t_date, license_expires, NULL),
    F(mo_provider, "notice_days", false, &t_int, license_notice, &r_notice),
    MO_FIELDS_END,
};

static const mo_field dea_fields[] = {
    F(mo_provider, "number", true, &t_format, dea, &fmt_dea),
    F(mo_provider, "issued", false, &t_date, dea_issued, NULL),
    F(mo_provider, "expires", false, &t_date, dea_expires, NULL),
    F(mo_provider, "notice_days", false, &t_int, dea_notice, &r_notice),
    MO_FIELDS_END,
};

static const mo_field board_fields[] = {
    F(mo_board, "board", true, &mo_sc_text, board, NULL),
    F(mo_board, "specialty", true, &mo_sc_text, specialty, NULL),
    F(mo_board, "number", false, &mo_sc_text, number, NULL),
    F(mo_board, "certified", false, &t_date, certified, NULL),
    F(mo_board, "expires", false, &t_date, expires, NULL),
    F(mo_board, "notice_days", false, &t_int, notice_days, &r_notice),
    MO_FIELDS_END,
};

static void enrollment_init(void *item)
{
	((mo_enrollment *)item)->notice_days = -1;
}

static int enrollment_finish(void *item, const mo_node *n, const char *path,
                             mo_err *e)
{
	const mo_enrollment *en = item;
	return expiry_check(n, path, en->effective, "effective", en->expires,
	                    e);
}

static const mo_field enrollment_fields[] = {
    F(mo_enrollment, "payer", true, &t_format, payer, &fmt_id),
    F(mo_enrollment, "status", true, &t_word, status, enrollment_statuses),
    F(mo_enrollment, "number", false, &mo_sc_text, number, NULL),
    F(mo_enrollment, "effective", false, &t_date, effective, NULL),
    F(mo_enrollment, "expires", false, &t_date, expires, NULL),
    F(mo_enrollment, "notice_days", false, &t_int, notice_days, &r_notice),
    MO_FIELDS_END,
};

static const entity enrollment_entity = {
    sizeof(mo_enrollment), enrollment_fields, offsetof(mo_enrollment, node),
    enrollment_init, enrollment_finish};

static const mo_field availability_fields[] = {
    F(mo_availability, "location", true, &t_format, location, &fmt_id),
    DAY(mo_availability, hours, 0, "mon"),
    DAY(mo_availability, hours, 1, "tue"),
    DAY(mo_availability, hours, 2, "wed"),
    DAY(mo_availability, hours, 3, "thu"),
    DAY(mo_availability, hours, 4, "fri"),
    DAY(mo_availability, hours, 5, "sat"),
    DAY(mo_availability, hours, 6, "sun"),
    L(mo_availability, "visit_types", false, &t_strings, visit_types, &id_item,
      0),
    MO_FIELDS_END,
};

static const entity availability_entity = {
    sizeof(mo_availability), availability_fields, NO_NODE, NULL, NULL};

static const mo_field provider_fields[] = {
    F(mo_provider, "staff", true, &t_format, staff, &fmt_id),
    F(mo_provider, "npi", true, &t_format, npi, &fmt_npi),
    F(mo_provider, "specialty", true, &mo_sc_text, specialty, NULL),
    F(mo_provider, "taxonomy", false, &t_format, taxonomy, &fmt_taxonomy),
    SUB("license", license_fields),
    SUB("dea", dea_fields),
    F(mo_provider, "board", false, &mo_sc_map, board, board_fields),
    L(mo_provider, "enrollments", false, &t_list, enrollments,
      &enrollment_entity, 0),
    L(mo_provider, "visit_types", false, &t_strings, visit_types, &id_item, 0),
    L(mo_provider, "availability", false, &t_list, availability,
      &availability_entity, 0),
    MO_FIELDS_END,
};

static void provider_init(void *item)
{
	mo_provider *p = item;
	p->license_notice = p->dea_notice = p->board.notice_days = -1;
}

/* The licence, DEA registration and board certification do not expire
 * before they were issued. */
static int provider_finish(void *item, const mo_node *n, const char *path,
                           mo_err *e)
{
	const mo_provider *p = item;
	char sub[MO_PATH_LEN];
	int rc;
	mo_sc_path_join(sub, path, "license");
	rc = expiry_check(mo_node_get(n, "license"), sub, p->license_issued,
	                  "issued", p->license_expires, e);
	mo_sc_path_join(sub, path, "dea");
	if (!rc)
		rc = expiry_check(mo_node_get(n, "dea"), sub, p->dea_issued,
		                  "issued", p->dea_expires, e);
	mo_sc_path_join(sub, path, "board");
	if (!rc)
		rc = expiry_check(mo_node_get(n, "board"), sub,
		                  p->board.certified, "certified",
		                  p->board.expires, e);
	return rc;
}

static const entity provider_entity = {sizeof(mo_provider), provider_fields,
                                       offsetof(mo_provider, node),
                                       provider_init, provider_finish};

/* -- visit types -- */

static int visit_type_finish(void *item, const mo_node *n, const char *path,
                             mo_err *e)
{
	(void)n, (void)path;
	return text_default(&((mo_visit_type *)item)->room, "exam", e);
}

static const mo_field visit_type_fields[] = {
    F(mo_visit_type, "id", true, &t_format, id, &fmt_id),
    F(mo_visit_type, "name", true, &mo_sc_text, name, NULL),
    F(mo_visit_type, "duration", true, &t_duration, duration, &r_visit_length),
    F(mo_visit_type, "room", false, &t_word, room, room_kinds),
    F(mo_visit_type, "new_patient", false, &t_bool, new_patient, NULL),
    L(mo_visit_type, "codes", false, &t_strings, codes, &code_item, 0),
    L(mo_visit_type, "equipment", false, &t_strings, equipment, &id_item, 0),
    MO_FIELDS_END,
};

static const entity visit_type_entity = {
    sizeof(mo_visit_type), visit_type_fields, offsetof(mo_visit_type, node),
    NULL, visit_type_finish};

/* -- fee schedules -- */

static int fee_finish(void *item, const mo_node *n, const char *path, mo_err *e)
{
	const mo_fee *fee = item;
	char sub[MO_PATH_LEN], what[64], d[11];
	if (!fee->from || !fee->to || fee->to > fee->from)
		return 0;
	mo_sc_path_join(sub, path, "to");
	snprintf(what, sizeof what, "a date after from (%s)",
	         mo_date_format(fee->from, d));
	return mo_sc_expect(e, mo_node_get(n, "to"), sub, what);
}

static const mo_field fee_fields[] = {
    F(mo_fee, "code", true, &t_format, code, &fmt_code),
    {"modifiers", false, &t_slots, offsetof(mo_fee, modifiers),
     offsetof(mo_fee, nmodifiers), &modifier_item, 4},
    F(mo_fee, "charge", true, &t_money, charge, NULL),
    F(mo_fee, "from", false, &t_date, from, NULL),
    F(mo_fee, "to", false, &t_date, to, NULL),
    MO_FIELDS_END,
};

static const entity fee_entity = {sizeof(mo_fee), fee_fields,
                                  offsetof(mo_fee, node), NULL, fee_finish};

/* A fee reduced to what may not overlap: its code and modifier set, and
 * its days (open ends as the extremes). */
typedef struct fee_span {
	char key[32]; /* "99213-25-59", modifiers sorted */
	int32_t from, to;
	size_t index;
} fee_span;

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void fee_span_of(const mo_fee *fee, size_t index, fee_span *s)
{
	char *mods[4];
	size_t i, len;
	memcpy(mods, fee->modifiers, sizeof mods);
	qsort(mods, fee->nmodifiers, sizeof mods[0], str_cmp);
	snprintf(s->key, sizeof s->key, "%s", fee->code);
	for (i = 0; i < fee->nmodifiers; i++) {
		len = strlen(s->key);
		snprintf(s->key + len, sizeof s->key - len, "-%s", mods[i]);
	}
	s->from = fee->from ? fee->from : INT32_MIN;
	s->to = fee->to ? fee->to : INT32_MAX;
	s->index = index;
}

static int fee_span_cmp(const void *pa, const void *pb)
{
	const fee_span *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	if (a->from != b->from)
		return a->from < b->from ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* The overlap error of fees a and b of schedule fs (at path). */
static int fee_overlap_fail(const mo_fee_schedule *fs, const fee_span *a,
                            const fee_span *b, const char *path, mo_err *e)
{
	const fee_span *late = a->index > b->index ? a : b;
	const fee_span *early = late == a ? b : a;
	int32_t from = a->from > b->from ? a->from : b->from;
	int32_t to = a->to < b->to ? a->to : b->to;
	char sub[MO_PATH_LEN], fees[MO_PATH_LEN], when[32], d[11];
	if (from != INT32_MIN)
		snprintf(when, sizeof when, "on %s", mo_date_format(from, d));
	else if (to != INT32_MAX)
		snprintf(when, sizeof when, "until %s", mo_date_format(to, d));
	else
		snprintf(when, sizeof when, "on every day");
	mo_sc_path_join(fees, path, "fees");
	mo_sc_path_index(sub, fees, late->index);
	return mo_sc_fail(e, fs->fees[late->index].node, sub,
	                  "fee for %s overlaps the fee at line %d (both apply "
	                  "%s)",
	                  late->key, mo_node_line(fs->fees[early->index].node),
	                  when);
}

/* Refuses two fees for one code and modifier set on the same day. */
static int fee_schedule_finish(void *item, const mo_node *n, const char *path,
                               mo_err *e)
{
	const mo_fee_schedule *fs = item;
	fee_span *s = malloc((fs->nfees ? fs->nfees : 1) * sizeof *s);
	size_t i, last = 0; /* in a group: the span that ends last */
	int rc = 0;
	(void)n;
	if (!s)
		return mo_sc_oom(e);
	for (i = 0; i < fs->nfees; i++)
		fee_span_of(&fs->fees[i], i, &s[i]);
	qsort(s, fs->nfees, sizeof *s, fee_span_cmp);
	for (i = 1; !rc && i < fs->nfees; i++) {
		if (strcmp(s[i].key, s[last].key) != 0)
			last = i;
		else if (s[i].from <= s[last].to)
			rc = fee_overlap_fail(fs, &s[i], &s[last], path, e);
		else if (s[i].to > s[last].to)
			last = i;
	}
	free(s);
	return rc;
}

static const mo_field fee_schedule_fields[] = {
    F(mo_fee_schedule, "id", true, &t_format, id, &fmt_id),
    F(mo_fee_schedule, "name", true, &mo_sc_text, name, NULL),
    L(mo_fee_schedule, "fees", true, &t_list, fees, &fee_entity, 0),
    MO_FIELDS_END,
};

static const entity fee_schedule_entity = {
    sizeof(mo_fee_schedule), fee_schedule_fields,
    offsetof(mo_fee_schedule, node), NULL, fee_schedule_finish};

/* -- payers and CLIA -- */

static void payer_init(void *item)
{
	mo_payer *p = item;
	p->percent = 100;
	p->timely_filing = 365 * 24 * 3600;
}

static const mo_field payer_fields[] = {
    F(mo_payer, "id", true, &t_format, id, &fmt_id),
    F(mo_payer, "name", true, &mo_sc_text, name, NULL),
    F(mo_payer, "payer_id", false, &t_format, payer_id, &fmt_payer_id),
    F(mo_payer, "kind", true, &t_word, kind, payer_kinds),
    F(mo_payer, "fee_schedule", true, &t_format, fee_schedule, &fmt_id),
    F(mo_payer, "percent", false, &t_int, percent, &r_percent),
    F(mo_payer, "timely_filing", false, &t_duration, timely_filing, &r_filing),
    F(mo_payer, "claim", false, &mo_sc_tree, claim, NULL),
    MO_FIELDS_END,
};

static const entity payer_entity = {sizeof(mo_payer), payer_fields,
                                    offsetof(mo_payer, node), payer_init, NULL};

static const char *const complexities[] = {"waived", "ppm", "moderate",
                                           "high", NULL};
static const char *const qc_triggers[] = {"new_lot", "new_shipment",
                                          "new_operator", NULL};
static const range r_qc_days = {1, 366, "a number of days from 1 to 366"};
static const range r_retention = {2, 100, "a number of years from 2 to 100"};
static const mo_field qc_trigger_item = {"", false, &t_word, 0, 0,
                                         qc_triggers, 0};

/* An entry's qc_each words as flags; a range low above high refused. */
static int clia_entry_finish(void *item, const mo_node *n, const char *path,
                             mo_err *e)
{
	mo_clia_entry *t = item;
	char sub[MO_PATH_LEN];
	for (size_t i = 0; i < t->nqc_each; i++) {
		const char *v = t->qc_each[i];
		t->qc_new_lot |= !strcmp(v, "new_lot");
		t->qc_new_shipment |= !strcmp(v, "new_shipment");
		t->qc_new_operator |= !strcmp(v, "new_operator");
	}
	if (mo_node_get(n, "low") && mo_node_get(n, "high") &&
	    t->low > t->high) {
		mo_sc_path_join(sub, path, "high");
		return mo_sc_fail(e, mo_node_get(n, "high"), sub,
		                  "expected a value not below low");
	}
	return 0;
}

static const mo_field clia_entry_fields[] = {
    F(mo_clia_entry, "id", true, &t_format, id, &fmt_id),
    F(mo_clia_entry, "name", false, &mo_sc_text, name, NULL),
    F(mo_clia_entry, "code", false, &t_format, code, &fmt_code),
    F(mo_clia_entry, "device", false, &mo_sc_text, device, NULL),
    F(mo_clia_entry, "manufacturer", false, &mo_sc_text, manufacturer, NULL),
    F(mo_clia_entry, "complexity", false, &t_word, complexity, complexities),
    L(mo_clia_entry, "specimens", false, &t_strings, specimens, &text_item, 0),
    F(mo_clia_entry, "qw", false, &t_bool, qw, NULL),
    L(mo_clia_entry, "values", false, &t_strings, values, &text_item, 0),
    F(mo_clia_entry, "low", false, &t_decimal, low, NULL),
    F(mo_clia_entry, "high", false, &t_decimal, high, NULL),
    F(mo_clia_entry, "critical_low", false, &t_decimal, critical_low, NULL),
    F(mo_clia_entry, "critical_high", false, &t_decimal, critical_high, NULL),
    F(mo_clia_entry, "units", false, &mo_sc_text, units, NULL),
    F(mo_clia_entry, "reference", false, &mo_sc_text, reference, NULL),
    F(mo_clia_entry, "qc_days", false, &t_int, qc_days, &r_qc_days),
    L(mo_clia_entry, "qc_each", false, &t_strings, qc_each, &qc_trigger_item,
      0),
    F(mo_clia_entry, "storage", false, &t_format, storage, &fmt_id),
    F(mo_clia_entry, "insert", false, &mo_sc_text, insert, NULL),
    MO_FIELDS_END,
};

static const entity clia_entry_entity = {
    sizeof(mo_clia_entry), clia_entry_fields, offsetof(mo_clia_entry, node),
    NULL, clia_entry_finish};

/* A storage's range: low below high. */
static int clia_storage_finish(void *item, const mo_node *n, const char *path,
                               mo_err *e)
{
	mo_clia_storage *s = item;
	char sub[MO_PATH_LEN];
	if (s->low < s->high)
		return 0;
	mo_sc_path_join(sub, path, "max");
	return mo_sc_fail(e, mo_node_get(n, "max"), sub,
	                  "expected a temperature above min");
}

static const mo_field clia_storage_fields[] = {
    F(mo_clia_storage, "id", true, &t_format, id, &fmt_id),
    F(mo_clia_storage, "name", false, &mo_sc_text, name, NULL),
    F(mo_clia_storage, "min", true, &t_decimal, low, NULL),
    F(mo_clia_storage, "max", true, &t_decimal, high, NULL),
    MO_FIELDS_END,
};

static const entity clia_storage_entity = {
    sizeof(mo_clia_storage), clia_storage_fields,
    offsetof(mo_clia_storage, node), NULL, clia_storage_finish};

static void clia_init(void *item)
{
	((mo_clia *)item)->retention_years = 2;
}

static const mo_field clia_fields[] = {
    F(mo_clia, "certificate", true, &t_format, certificate, &fmt_clia),
    F(mo_clia, "type", true, &t_word, type, clia_types),
    F(mo_clia, "effective", false, &t_date, effective, NULL),
    F(mo_clia, "expires", true, &t_date, expires, NULL),
    F(mo_clia, "director", true, &t_format, director, &fmt_id),
    F(mo_clia, "retention_years", false, &t_int, retention_years,
      &r_retention),
    L(mo_clia, "tests", false, &t_strings, tests, &text_item, 0),
    L(mo_clia, "catalogue", false, &t_list, catalogue, &clia_entry_entity, 0),
    L(mo_clia, "storage", false, &t_list, storage, &clia_storage_entity, 0),
    MO_FIELDS_END,
};

static const entity clia_entity = {sizeof(mo_clia), clia_fields,
                                   offsetof(mo_clia, node), clia_init, NULL};

const mo_field mo_model_sections[] = {
    L(mo_config, "locations", true, &t_list, locations, &location_entity, 1),
    L(mo_config, "staff", true, &t_list, staff, &staff_entity, 1),
    L(mo_config, "providers", false, &t_list, providers, &provider_entity, 0),
    L(mo_config, "visit_types", false, &t_list, visit_types, &visit_type_entity,
      0),
    L(mo_config, "fee_schedules", false, &t_list, fee_schedules,
      &fee_schedule_entity, 0),
    L(mo_config, "payers", false, &t_list, payers, &payer_entity, 0),
    F(mo_config, "clia", false, &t_one, clia, &clia_entity),
    MO_FIELDS_END,
};

/* ---- across entities ---- */

/* Values in the YAML tree: key of each item of the top-level list (or of
 * the top-level mapping, as clia is), or of each item of its sub list
 * when sub is set. A list value counts as each of its items. */
typedef struct where {
	const char *list, *sub, *key;
} where;

/* Called for each value found; non-zero stops the walk. */
typedef int visit_fn(void *ud, const mo_node *n, const char *path, mo_err *e);

static int walk_key(const mo_node *item, const char *path, const where *w,
                    visit_fn *fn, void *ud, mo_err *e)
{
	char p[MO_PATH_LEN], q[MO_PATH_LEN];
	const mo_node *v = mo_node_get(item, w->key);
	size_t i;
	int rc = 0;
	if (!v)
		return 0;
	mo_sc_path_join(p, path, w->key);
	if (mo_node_type(v) != MO_NODE_SEQ)
		return fn(ud, v, p, e);
	for (i = 0; !rc && i < mo_node_len(v); i++) {
		mo_sc_path_index(q, p, i);
		rc = fn(ud, mo_node_at(v, i), q, e);
	}
	return rc;
}

static int walk_sub(const mo_node *item, const char *path, const where *w,
                    visit_fn *fn, void *ud, mo_err *e)
{
	char p[MO_PATH_LEN], q[MO_PATH_LEN];
	const mo_node *sub;
	size_t i;
	int rc = 0;
	if (!w->sub)
		return walk_key(item, path, w, fn, ud, e);
	sub = mo_node_get(item, w->sub);
	mo_sc_path_join(p, path, w->sub);
	for (i = 0; !rc && i < mo_node_len(sub); i++) {
		mo_sc_path_index(q, p, i);
		rc = walk_key(mo_node_at(sub, i), q, w, fn, ud, e);
	}
	return rc;
}

static int walk(const mo_config *c, const where *w, visit_fn *fn, void *ud,
                mo_err *e)
{
	const mo_node *top = mo_node_get(c->root, w->list);
	char q[MO_PATH_LEN];
	size_t i;
	int rc = 0;
	if (mo_node_type(top) == MO_NODE_MAP)
		return walk_sub(top, w->list, w, fn, ud, e);
	for (i = 0; !rc && i < mo_node_len(top); i++) {
		mo_sc_path_index(q, w->list, i);
		rc = walk_sub(mo_node_at(top, i), q, w, fn, ud, e);
	}
	return rc;
}

/* The values at a place, in file order and sorted by text. */
typedef struct values {
	const mo_node **v;
	size_t n, cap;
	mo_sc_keyed *sorted;
} values;

static int values_push(void *ud, const mo_node *n, const char *path, mo_err *e)
{
	values *vs = ud;
	(void)path;
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		const mo_node **v = realloc(vs->v, cap * sizeof *v);
		if (!v)
			return mo_sc_oom(e);
		vs->v = v;
		vs->cap = cap;
	}
	vs->v[vs->n++] = n;
	return 0;
}

static int values_of(const mo_config *c, const where *w, values *vs, mo_err *e)
{
	int rc = walk(c, w, values_push, vs, e);
	if (!rc && !(vs->sorted = mo_sc_sort(vs->v, vs->n)))
		rc = mo_sc_oom(e);
	return rc;
}

static void values_free(values *vs)
{
	free(vs->v);
	free(vs->sorted);
}

static bool values_has(const values *vs, const char *s)
{
	return mo_sc_lookup(vs->sorted, vs->n, s) != NULL;
}

/* The value of vs closest to s for "did you mean", or NULL. */
static const char *values_suggest(const values *vs, const char *s)
{
	const char **texts = malloc((vs->n + 1) * sizeof *texts);
	const char *hint;
	size_t i;
	if (!texts)
		return NULL;
	for (i = 0; i < vs->n; i++)
		texts[i] = mo_node_text(vs->v[i]);
	texts[vs->n] = NULL;
	hint = mo_suggest(s, texts);
	free(texts);
	return hint;
}

/* The key path of the k-th value at a place. */
typedef struct nth {
	size_t k;
	char *path; /* MO_PATH_LEN bytes */
} nth;

static int nth_visit(void *ud, const mo_node *n, const char *path, mo_err *e)
{
	nth *t = ud;
	(void)n, (void)e;
	if (t->k-- > 0)
		return 0;
	snprintf(t->path, MO_PATH_LEN, "%s", path);
	return 1; /* found: stop */
}

/* -- unique ids -- */

typedef struct unique_rule {
	where at;
	const char *what; /* "duplicate WHAT "x" (first at line N)" */
} unique_rule;

static const unique_rule uniques[] = {
    {{"locations", NULL, "id"}, "location id"},
    {{"locations", "rooms", "id"}, "room id"},
    {{"staff", NULL, "id"}, "staff id"},
    {{"providers", NULL, "staff"}, "provider entry for staff"},
    {{"visit_types", NULL, "id"}, "visit type id"},
    {{"fee_schedules", NULL, "id"}, "fee schedule id"},
    {{"payers", NULL, "id"}, "payer id"},
};

static int check_unique(const mo_config *c, const unique_rule *u, mo_err *e)
{
	values vs = {0};
	char path[MO_PATH_LEN] = "", q[SHOW];
	nth t = {0, path};
	size_t first, second;
	int rc = values_of(c, &u->at, &vs, e);
	if (!rc && mo_sc_duplicate(vs.sorted, vs.n, vs.n, &first, &second)) {
		t.k = second;
		walk(c, &u->at, nth_visit, &t, e);
		rc = mo_sc_fail(e, vs.v[second], path,
		                "duplicate %s %s (first at line %d)", u->what,
		                quoted(vs.v[second], q),
		                mo_node_line(vs.v[first]));
	}
	values_free(&vs);
	return rc;
}

/* -- references -- */

typedef struct ref_rule {
	where from, to;          /* values at from must be among those at to */
	const char *what, *tail; /* "WHAT "x"TAIL (did you mean ...)" */
} ref_rule;

/* clang-format off */
static const ref_rule refs[] = {
    {{"staff", NULL, "supervisor"},             {"staff", NULL, "id"},
     "unknown staff id", ""},
    {{"staff", NULL, "locations"},              {"locations", NULL, "id"},
     "unknown location", ""},
    {{"providers", NULL, "staff"},              {"staff", NULL, "id"},
     "unknown staff id", ""},
    {{"providers", NULL, "visit_types"},        {"visit_types", NULL, "id"},
     "unknown visit type", ""},
    {{"providers", "availability", "location"}, {"locations", NULL, "id"},
     "unknown location", ""},
    {{"providers", "availability", "visit_types"}, {"visit_types", NULL, "id"},
     "unknown visit type", ""},
    {{"visit_types", NULL, "room"},             {"locations", "rooms", "kind"},
     "no room of kind", " in any location"},
    {{"payers", NULL, "fee_schedule"},          {"fee_schedules", NULL, "id"},
     "unknown fee schedule", ""},
    {{"clia", NULL, "director"},                {"staff", NULL, "id"},
     "unknown staff id", ""},
    {{"providers", "enrollments", "payer"},     {"payers", NULL, "id"},
     "unknown payer", " (enrollments name a payer of payers:)"},
};
/* clang-format on */

typedef struct ref_check {
	const ref_rule *rule;
	const values *targets;
} ref_check;

static int ref_visit(void *ud, const mo_node *n, const char *path, mo_err *e)
{
	const ref_check *r = ud;
	const char *id = mo_node_text(n), *hint;
	char q[SHOW];
	if (values_has(r->targets, id))
		return 0;
	hint = values_suggest(r->targets, id);
	if (hint)
		return mo_sc_fail(e, n, path, "%s %s%s (did you mean \"%s\"?)",
		                  r->rule->what, quoted(n, q), r->rule->tail,
		                  hint);
	return mo_sc_fail(e, n, path, "%s %s%s", r->rule->what, quoted(n, q),
	                  r->rule->tail);
}

static int check_ref(const mo_config *c, const ref_rule *rule, mo_err *e)
{
	values targets = {0};
	ref_check r = {rule, &targets};
	int rc = values_of(c, &rule->to, &targets, e);
	if (!rc)
		rc = walk(c, &rule->from, ref_visit, &r, e);
	values_free(&targets);
	return rc;
}

/* Visit types without a room need a room of the default kind. */
static int check_default_rooms(const mo_config *c, mo_err *e)
{
	static const where kinds_at = {"locations", "rooms", "kind"};
	values kinds = {0};
	char path[MO_PATH_LEN];
	size_t i;
	int rc = values_of(c, &kinds_at, &kinds, e);
	for (i = 0; !rc && i < c->nvisit_types; i++) {
		const mo_visit_type *v = &c->visit_types[i];
		if (mo_node_get(v->node, "room") || values_has(&kinds, v->room))
			continue;
		mo_sc_path_index(path, "visit_types", i);
		rc = mo_sc_fail(e, v->node, path,
		                "no room of kind \"%s\" (the default room) in "
		                "any location; add one or set room",
		                v->room);
	}
	values_free(&kinds);
	return rc;
}

/* -- supervision cycles -- */

/* The cycle through staff i (sup[] gives each one's supervisor), written
 * from its first member in file order. */
static int cycle_fail(const mo_config *c, const size_t *sup, size_t i,
                      mo_err *e)
{
	char chain[1024], staff[MO_PATH_LEN], path[MO_PATH_LEN];
	size_t first = i, j, len;
	for (j = sup[i]; j != i; j = sup[j])
		if (j < first)
			first = j;
	snprintf(chain, sizeof chain, "%s", c->staff[first].id);
	j = first;
	do {
		j = sup[j];
		len = strlen(chain);
		snprintf(chain + len, sizeof chain - len, " -> %s",
		         c->staff[j].id);
	} while (j != first);
	mo_sc_path_index(staff, "staff", first);
	mo_sc_path_join(path, staff, "supervisor");
	return mo_sc_fail(e, mo_node_get(c->staff[first].node, "supervisor"),
	                  path, "supervision cycle: %s", chain);
}

/* Follows the explicit supervisors from each staff member: a member met
 * again on the same path closes a cycle. state: 0 new, 1 on the path,
 * 2 done. */
static int find_cycle(const mo_config *c, const size_t *sup,
                      unsigned char *state, mo_err *e)
{
	size_t i, j;
	for (i = 0; i < c->nstaff; i++) {
		for (j = i; j != SIZE_MAX && !state[j]; j = sup[j])
			state[j] = 1;
		if (j != SIZE_MAX && state[j] == 1)
			return cycle_fail(c, sup, j, e);
		for (j = i; j != SIZE_MAX && state[j] == 1; j = sup[j])
			state[j] = 2;
	}
	return 0;
}

static int check_cycles(const mo_config *c, mo_err *e)
{
	static const where ids_at = {"staff", NULL, "id"};
	values ids = {0};
	size_t i, *sup = calloc(c->nstaff + 1, sizeof *sup);
	unsigned char *state = calloc(c->nstaff + 1, 1);
	int rc = sup && state ? values_of(c, &ids_at, &ids, e) : mo_sc_oom(e);
	for (i = 0; !rc && i < c->nstaff; i++) {
		const char *s = c->staff[i].supervisor;
		const mo_sc_keyed *k =
		    s ? mo_sc_lookup(ids.sorted, ids.n, s) : NULL;
		sup[i] = k ? k->order : SIZE_MAX;
	}
	if (!rc)
		rc = find_cycle(c, sup, state, e);
	values_free(&ids);
	free(sup);
	free(state);
	return rc;
}

/* -- defaults and the whole -- */

static int link_defaults(mo_config *c, mo_err *e)
{
	size_t i;
	for (i = 0; i < c->nlocations; i++)
		if (!mo_node_get(c->locations[i].node, "hours"))
			memcpy(c->locations[i].hours, c->hours,
			       sizeof c->hours);
	return text_default(&c->legal_name, c->name, e);
}

/* Whether room r is of visit type v's kind and has all its equipment. */
bool mo_room_fits(const mo_room *r, const mo_visit_type *v)
{
	if (strcmp(r->kind, v->room) != 0)
		return false;
	for (size_t i = 0; i < v->nequipment; i++) {
		size_t j = 0;
		while (j < r->nequipment && strcmp(r->equipment[j], v->equipment[i]))
			j++;
		if (j == r->nequipment)
			return false;
	}
	return true;
}

/* A visit type that needs equipment needs a room somewhere that has it. */
static int check_equipment(const mo_config *c, mo_err *e)
{
	char path[MO_PATH_LEN];
	for (size_t i = 0; i < c->nvisit_types; i++) {
		const mo_visit_type *v = &c->visit_types[i];
		bool found = false;
		for (size_t l = 0; !found && l < c->nlocations; l++)
			for (size_t r = 0; !found && r < c->locations[l].nrooms; r++)
				found = mo_room_fits(&c->locations[l].rooms[r], v);
		if (found || !v->nequipment)
			continue;
		mo_sc_path_index(path, "visit_types", i);
		return mo_sc_fail(e, mo_node_get(v->node, "equipment"), path,
		                  "no %s room in any location has all of this "
		                  "equipment", v->room);
	}
	return 0;
}

/* -- the CLIA menu -- */

static const mo_clia_entry *clia_entry(const mo_clia *c, const char *id)
{
	for (size_t i = 0; i < c->ncatalogue; i++)
		if (!strcmp(c->catalogue[i].id, id))
			return &c->catalogue[i];
	return NULL;
}

/* clia.tests names built-in tests or catalogue entries. */
static int check_clia_tests(const mo_clia *c, mo_err *e)
{
	char path[MO_PATH_LEN];
	const mo_node *list = mo_node_get(c->node, "tests");
	for (size_t i = 0; i < c->ntests; i++) {
		const char *id = c->tests[i];
		if (mo_codes_waived_test(id) || clia_entry(c, id))
			continue;
		mo_sc_path_index(path, "clia.tests", i);
		return mo_sc_fail(e, mo_node_at(list, i), path, "no test \"%s\" "
		                  "among the built-in waived tests (rapid_strep, "
		                  "influenza_ab, covid_antigen, rsv, mono, "
		                  "urine_hcg, urinalysis_dipstick, "
		                  "fecal_occult_blood, glucose, hba1c, hemoglobin, "
		                  "pt_inr) or in clia.catalogue", id);
	}
	return 0;
}

static bool clia_storage_known(const mo_clia *c, const char *id)
{
	for (size_t i = 0; i < c->nstorage; i++)
		if (!strcmp(c->storage[i].id, id))
			return true;
	return !c->nstorage && (!strcmp(id, "room") || !strcmp(id, "fridge"));
}

/* A catalogue entry of the practice's own says what a test needs; every
 * entry's storage exists. */
static int check_clia_entry(const mo_clia *c, const mo_clia_entry *t,
                            const char *path, mo_err *e)
{
	static const char *const NEEDED[] = {"name", "code", "specimens",
	                                     NULL};
	char sub[MO_PATH_LEN];
	if (t->storage && !clia_storage_known(c, t->storage)) {
		mo_sc_path_join(sub, path, "storage");
		return mo_sc_fail(e, mo_node_get(t->node, "storage"), sub,
		                  "no storage \"%s\" (clia.storage%s)",
		                  t->storage, c->nstorage ? ""
		                  : ", or the built-in room and fridge");
	}
	if (mo_codes_waived_test(t->id))
		return 0;
	for (int i = 0; NEEDED[i]; i++)
		if (!mo_node_get(t->node, NEEDED[i]))
			return mo_sc_fail(e, t->node, path, "a test of the "
			                  "practice's own needs %s", NEEDED[i]);
	if (!t->nvalues && !(mo_node_get(t->node, "low") &&
	                     mo_node_get(t->node, "high")))
		return mo_sc_fail(e, t->node, path, "a test of the practice's "
		                  "own needs values, or low and high");
	return 0;
}

static int check_clia(const mo_config *c, mo_err *e)
{
	char path[MO_PATH_LEN];
	int rc = check_clia_tests(&c->clia, e);
	for (size_t i = 0; !rc && i < c->clia.ncatalogue; i++) {
		mo_sc_path_index(path, "clia.catalogue", i);
		if (clia_entry(&c->clia, c->clia.catalogue[i].id) !=
		    &c->clia.catalogue[i])
			return mo_sc_fail(e, c->clia.catalogue[i].node, path,
			                  "test \"%s\" is described twice",
			                  c->clia.catalogue[i].id);
		rc = check_clia_entry(&c->clia, &c->clia.catalogue[i], path, e);
	}
	return rc;
}

/* -- lead times -- */

/* Whether kind is a kind of credential the practice has: one of the
 * list's own kinds (credential.h), a staff credential's or a practice
 * licence's. */
static bool notice_kind_known(const mo_config *c, const char *kind)
{
	for (size_t i = 0; mo_cred_kinds[i]; i++)
		if (strcmp(mo_cred_kinds[i], kind) == 0)
			return true;
	for (size_t i = 0; i < c->nlicences; i++)
		if (strcmp(c->licences[i].kind, kind) == 0)
			return true;
	for (size_t i = 0; i < c->nstaff; i++)
		for (size_t j = 0; j < c->staff[i].ncredentials; j++)
			if (!strcmp(c->staff[i].credentials[j].kind, kind))
				return true;
	return false;
}

/* practice.notice_days: a mapping of "default" or a credential kind the
 * practice has to a number of days (0..1095). */
static int check_notice(const mo_config *c, mo_err *e)
{
	const mo_node *n = c->notice_days;
	char path[MO_PATH_LEN];
	int64_t days;
	int rc;
	if (!n)
		return 0;
	if ((rc = mo_sc_kind(n, MO_NODE_MAP, "practice.notice_days", e)))
		return rc;
	for (size_t i = 0; i < mo_node_len(n); i++) {
		const mo_node *k = mo_node_key(n, i), *v = mo_node_at(n, i);
		const char *kind = mo_node_text(k);
		mo_sc_path_join(path, "practice.notice_days", kind);
		if (strcmp(kind, "default") != 0 &&
		    !notice_kind_known(c, kind))
			return mo_sc_fail(e, k, path, "no credential of kind "
			                  "\"%s\" in the practice (keys are "
			                  "\"default\", license, DEA, board, "
			                  "enrollment, CLIA, or a kind of staff "
			                  "credentials or practice.licences)",
			                  kind);
		if ((rc = mo_node_as_int(v, path, &days, e)))
			return rc;
		if (days < 0 || days > MO_NOTICE_DAYS_MAX)
			return mo_sc_expect(e, v, path, r_notice.what);
	}
	return 0;
}

/* practice.script_actor names a staff member (or "system"). */
static int check_script_actor(const mo_config *c, mo_err *e)
{
	const mo_node *n;
	if (!c->script_actor || strcmp(c->script_actor, "system") == 0 ||
	    mo_config_staff(c, c->script_actor))
		return 0;
	n = mo_node_get(mo_node_get(c->root, "practice"), "script_actor");
	return mo_sc_fail(e, n, "practice.script_actor", "unknown staff id "
	                  "\"%s\" (scripts run without --as act as this staff "
	                  "member)", c->script_actor);
}

int mo_model_link(mo_config *c, mo_err *e)
{
	size_t i;
	int rc;
	if (mo_fails_assert(c && c->name))
		return MO_EINVAL;
	rc = link_defaults(c, e);
	for (i = 0; !rc && i < sizeof uniques / sizeof uniques[0]; i++)
		rc = check_unique(c, &uniques[i], e);
	for (i = 0; !rc && i < sizeof refs / sizeof refs[0]; i++)
		rc = check_ref(c, &refs[i], e);
	if (!rc)
		rc = check_default_rooms(c, e);
	if (!rc)
		rc = check_script_actor(c, e);
	if (!rc)
		rc = check_equipment(c, e);
	if (!rc)
		rc = check_clia(c, e);
	if (!rc)
		rc = check_notice(c, e);
	return rc ? rc : check_cycles(c, e);
}

/* ---- the loaded model ---- */

/* The entity of base[0..n) (each size bytes) whose char * at id_off is
 * id, or NULL. */
static const void *find_id(const void *base, size_t n, size_t size,
                           size_t id_off, const char *id)
{
	size_t i;
	for (i = 0; id && i < n; i++) {
		const char *s = ptr_get((const char *)base + i * size, id_off);
		if (s && strcmp(s, id) == 0)
			return (const char *)base + i * size;
	}
	return NULL;
}

#define FIND(c, list, T, member, id)                                           \
	((c) ? (const T *)find_id((c)->list, (c)->n##list, sizeof(T),          \
	                          offsetof(T, member), id)                     \
	     : NULL)

const mo_staff *mo_config_staff(const mo_config *c, const char *id)
{
	return FIND(c, staff, mo_staff, id, id);
}

const mo_location *mo_config_location(const mo_config *c, const char *id)
{
	return FIND(c, locations, mo_location, id, id);
}

const mo_visit_type *mo_config_visit_type(const mo_config *c, const char *id)
{
	return FIND(c, visit_types, mo_visit_type, id, id);
}

const mo_provider *mo_config_provider(const mo_config *c, const char *staff)
{
	return FIND(c, providers, mo_provider, staff, staff);
}

const mo_fee_schedule *mo_config_fee_schedule(const mo_config *c,
                                              const char *id)
{
	return FIND(c, fee_schedules, mo_fee_schedule, id, id);
}

const mo_payer *mo_config_payer(const mo_config *c, const char *id)
{
	return FIND(c, payers, mo_payer, id, id);
}

/* -- holidays -- */

/* The ordinal-th (-1: last) weekday of month in year. */
static int32_t nth_weekday(int year, int month, int weekday, int ordinal)
{
	int32_t first = mo_days_from_civil(year, month, 1);
	int32_t last = first + month_days(year, month) - 1;
	if (ordinal < 0)
		return last - (mo_weekday(last) - weekday + 7) % 7;
	return first + (weekday - mo_weekday(first) + 7) % 7 +
	       7 * (ordinal - 1);
}

int mo_holiday_date(const mo_holiday *h, int year, int32_t *days)
{
	int y, m, d;
	if (mo_fails_assert(h && days) || year < 1900 || year > 2999)
		return MO_EINVAL;
	if (!h->month) { /* a dated holiday */
		mo_civil_from_days(h->date, &y, &m, &d);
		if (y != year)
			return MO_ENOTFOUND;
		*days = h->date;
	} else if (!h->ordinal) {
		*days = mo_days_from_civil(year, h->month, h->day);
	} else {
		*days = nth_weekday(year, h->month, h->weekday, h->ordinal);
	}
	return 0;
}

/* -- expiry warnings -- */

typedef struct warner {
	int32_t today;
	void (*cb)(void *ud, const char *msg);
	void *ud;
	int count;
} warner;

/* Warns about a credential that expired or is due for renewal (within
 * its lead time). */
static int warn_row(void *ud, const mo_cred *r)
{
	warner *w = ud;
	char msg[1024], d[11], when[64];
	int32_t left = r->expires - w->today;
	if (strcmp(r->status, "renew") != 0 && strcmp(r->status, "expired"))
		return 0;
	mo_date_format(r->expires, d);
	if (left < 0)
		snprintf(when, sizeof when, "expired on %s", d);
	else if (left == 0)
		snprintf(when, sizeof when, "expires on %s (today)", d);
	else
		snprintf(when, sizeof when, "expires on %s (in %d day%s)", d,
		         (int)left, left == 1 ? "" : "s");
	snprintf(msg, sizeof msg, "%s:%d:%d: %s: %s %s", mo_node_file(r->node),
	         mo_node_line(r->node), mo_node_col(r->node), r->path, r->what,
	         when);
	w->cb(w->ud, msg);
	w->count++;
	return 0;
}

int mo_config_warnings(const mo_config *c, int32_t today_days,
                       void (*cb)(void *ud, const char *msg), void *ud)
{
	warner w = {today_days, cb, ud, 0};
	if (mo_fails_assert(c && cb))
		return 0;
	mo_cred_each(c, today_days, warn_row, &w);
	return w.count;
}
