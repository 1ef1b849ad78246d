/* test_model.c: unit tests of core/model.c: the practice model read from
 * practice.yaml (tests/fixtures/config/model.yaml) into typed structures,
 * its defaults, each rule of README's "practice.yaml" with its exact
 * message (identity, locations and rooms, staff, providers, visit types,
 * fee schedules, payers, CLIA, holidays), the checks across entities
 * (duplicate ids, unknown ids with suggestions, supervision cycles,
 * overlapping fees), lookups, holiday dates and expiry warnings. It uses
 * cmocka. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h> /* after the headers above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "units.h"

#define FIXTURE FIXTURES "/config/model.yaml"

/* A small valid model that tests extend: PRACTICE (3 lines, ending in
 * the practice mapping), SITES (4 lines), PEOPLE (3 lines). */
#define PRACTICE "practice:\n  name: X\n  timezone: UTC\n"
#define SITES                                                                  \
	"locations:\n"                                                         \
	"  - id: main\n"                                                       \
	"    name: Main\n"                                                     \
	"    rooms: [{id: exam1, kind: exam}]\n"
#define PEOPLE                                                                 \
	"staff:\n"                                                             \
	"  - {id: maria, name: Maria, job: office_manager}\n"                  \
	"  - {id: joe, name: Joe, job: front_desk}\n"
#define BASE PRACTICE SITES PEOPLE

static int parse(const char *text, mo_config **c, mo_err *e)
{
	return mo_config_parse(text, strlen(text), "p.yaml", c, e);
}

/* text must be refused with MO_ECONFIG and exactly the message msg. */
static void bad(const char *text, const char *msg)
{
	mo_config *c = (mo_config *)1;
	mo_err e = {0};
	int rc = parse(text, &c, &e);
	if (rc != MO_ECONFIG)
		fail_msg("rc %d for:\n%s\n(%s)", rc, text, e.msg);
	assert_null(c);
	if (strcmp(e.msg, msg) != 0)
		fail_msg("message\n  \"%s\"\nwanted\n  \"%s\"", e.msg, msg);
}

/* text must be refused with MO_ECONFIG and a message containing part. */
static void bad_part(const char *text, const char *part)
{
	mo_config *c = (mo_config *)1;
	mo_err e = {0};
	int rc = parse(text, &c, &e);
	if (rc != MO_ECONFIG)
		fail_msg("rc %d for:\n%s\n(%s)", rc, text, e.msg);
	assert_null(c);
	if (!strstr(e.msg, part))
		fail_msg("message \"%s\" lacks \"%s\"", e.msg, part);
}

/* text must be accepted; caller frees the result. */
static mo_config *ok(const char *text)
{
	mo_config *c = NULL;
	mo_err e = {0};
	if (parse(text, &c, &e) != 0)
		fail_msg("refused: %s\n%s", e.msg, text);
	return c;
}

static mo_config *load_fixture(void)
{
	mo_config *c = NULL;
	mo_err e = {0};
	if (mo_config_load(FIXTURE, &c, &e) != 0)
		fail_msg("%s", e.msg);
	return c;
}

static int32_t day(const char *s)
{
	int32_t d = 0;
	assert_int_equal(mo_date_parse(s, &d, NULL), 0);
	return d;
}

/* ---- the full model ---- */

static void test_identity(void **state)
{
	mo_config *c = load_fixture();
	(void)state;
	assert_string_equal(c->name, "Maple Street Family Medicine");
	assert_string_equal(c->legal_name, "Maple Street Family Medicine, LLC");
	assert_string_equal(c->npi, "1654321094");
	assert_string_equal(c->tax_id, "36-4123456");
	assert_string_equal(c->taxonomy, "261QP2300X");
	assert_string_equal(c->address.line1, "410 Maple Street");
	assert_string_equal(c->address.line2, "Suite 2");
	assert_string_equal(c->address.city, "Springfield");
	assert_string_equal(c->address.state, "IL");
	assert_string_equal(c->address.zip, "62701-1234");
	assert_string_equal(c->phone, "2175550100"); /* digits only */
	assert_string_equal(c->timezone, "America/Chicago");
	assert_int_equal(c->hours[2].span[1].close, 19 * 60);
	assert_int_equal(c->nholidays, 5);
	assert_string_equal(c->holidays[2].name, "Thanksgiving");
	assert_int_equal(c->holidays[2].ordinal, 4);
	assert_int_equal(c->holidays[2].weekday, 3);
	assert_int_equal(c->holidays[2].month, 11);
	assert_int_equal(c->holidays[2].date, 0);
	assert_int_equal(c->holidays[1].ordinal, -1);
	assert_int_equal(c->holidays[1].weekday, 0);
	assert_int_equal(c->holidays[3].ordinal, 0);
	assert_int_equal(c->holidays[3].weekday, -1);
	assert_int_equal(c->holidays[3].month, 12);
	assert_int_equal(c->holidays[3].day, 25);
	assert_int_equal(c->holidays[4].date, day("2026-12-24"));
	assert_int_equal(c->holidays[4].month, 0);
	assert_int_equal(mo_node_line(c->holidays[4].node), 31);
	mo_config_free(c);
}

static void test_locations(void **state)
{
	mo_config *c = load_fixture();
	const mo_location *main, *north;
	(void)state;
	assert_int_equal(c->nlocations, 2);
	main = &c->locations[0];
	north = &c->locations[1];
	assert_string_equal(main->id, "main");
	assert_string_equal(main->pos, "11"); /* the default */
	assert_string_equal(main->phone, "2175550100");
	assert_string_equal(main->address.zip, "62701");
	assert_null(main->address.line2);
	assert_int_equal(main->nrooms, 5);
	assert_string_equal(main->rooms[3].id, "proc1");
	assert_string_equal(main->rooms[3].name, "Procedure room");
	assert_string_equal(main->rooms[3].kind, "procedure");
	assert_int_equal(main->rooms[3].nequipment, 2);
	assert_string_equal(main->rooms[3].equipment[1], "ecg");
	assert_int_equal(mo_node_line(main->rooms[3].node), 42);
	/* the practice's hours when a location has none */
	assert_memory_equal(main->hours, c->hours, sizeof c->hours);
	/* merged from the practice's hours, then changed */
	assert_int_equal(north->hours[0].n, 2);
	assert_int_equal(north->hours[4].n, 0);
	assert_int_equal(north->hours[5].n, 1);
	assert_int_equal(north->hours[5].span[0].open, 9 * 60);
	assert_null(north->rooms[0].name);
	assert_null(north->phone);
	assert_null(north->address.line1);
	assert_int_equal(mo_node_line(north->node), 44);
	mo_config_free(c);
}

static void test_staff(void **state)
{
	mo_config *c = load_fixture();
	const mo_staff *s;
	(void)state;
	assert_int_equal(c->nstaff, 7);
	s = &c->staff[0];
	assert_string_equal(s->id, "drlee");
	assert_string_equal(s->job, "physician_owner");
	assert_null(s->supervisor);
	assert_string_equal(s->employment, "full_time"); /* default */
	assert_string_equal(s->pay_type, "salary");
	assert_int_equal(s->pay_rate, 24000000);
	assert_int_equal(s->hired, day("2015-03-01"));
	assert_int_equal(s->weekly_hours, -1);
	assert_int_equal(s->nlocations, 0); /* all */
	assert_string_equal(s->credentials[0].issuer,
	                    "American Heart Association");
	assert_null(s->credentials[0].number);
	assert_int_equal(c->staff[1].pay_rate, 6200000);
	s = &c->staff[2];
	assert_string_equal(s->pay_type, "hourly");
	assert_int_equal(s->pay_rate, 1850);
	assert_int_equal(s->weekly_hours, 40);
	assert_int_equal(s->nlocations, 1);
	assert_int_equal(s->hired, 0);
	s = &c->staff[3];
	assert_string_equal(s->supervisor, "maria");
	assert_string_equal(s->employment, "part_time");
	assert_string_equal(s->locations[0], "north");
	assert_string_equal(s->locations[1], "main");
	assert_int_equal(s->ncredentials, 2);
	assert_string_equal(s->credentials[1].kind, "BLS");
	assert_int_equal(s->credentials[1].expires, day("2026-12-01"));
	assert_int_equal(mo_node_line(s->credentials[1].node), 89);
	assert_null(c->staff[4].pay_type);
	assert_string_equal(c->staff[5].employment, "contractor");
	assert_string_equal(c->staff[6].employment, "per_diem");
	assert_int_equal(c->staff[6].credentials[0].expires, 0);
	mo_config_free(c);
}

static void test_providers(void **state)
{
	mo_config *c = load_fixture();
	const mo_provider *p;
	(void)state;
	assert_int_equal(c->nproviders, 2);
	p = &c->providers[0];
	assert_string_equal(p->staff, "drlee");
	assert_string_equal(p->npi, "1987654328");
	assert_string_equal(p->specialty, "Family Medicine");
	assert_string_equal(p->taxonomy, "207Q00000X");
	assert_string_equal(p->license_state, "IL");
	assert_string_equal(p->license_number, "036-123456");
	assert_int_equal(p->license_expires, day("2027-07-31"));
	assert_string_equal(p->dea, "BL4829137");
	assert_int_equal(p->dea_expires, day("2026-12-31"));
	assert_int_equal(p->nvisit_types, 4);
	assert_string_equal(p->visit_types[3], "procedure");
	assert_int_equal(p->navailability, 1);
	assert_string_equal(p->availability[0].location, "main");
	assert_int_equal(p->availability[0].hours[0].n, 2);
	assert_int_equal(p->availability[0].hours[2].n, 0);
	assert_int_equal(p->availability[0].hours[3].span[1].open, 13 * 60);
	p = &c->providers[1];
	assert_null(p->dea);
	assert_int_equal(p->dea_expires, 0);
	assert_int_equal(p->nvisit_types, 0); /* all */
	assert_int_equal(p->navailability, 2);
	assert_string_equal(p->availability[1].location, "main");
	assert_int_equal(p->availability[1].hours[4].span[0].close, 12 * 60);
	mo_config_free(c);
}

static void test_visits_fees_payers(void **state)
{
	mo_config *c = load_fixture();
	const mo_visit_type *v;
	const mo_fee *f;
	(void)state;
	assert_int_equal(c->nvisit_types, 6);
	v = &c->visit_types[0];
	assert_string_equal(v->id, "new");
	assert_true(v->new_patient);
	assert_int_equal(v->duration, 40 * 60);
	assert_string_equal(v->room, "exam"); /* default */
	assert_string_equal(v->codes[1], "99204");
	assert_false(c->visit_types[1].new_patient);
	assert_int_equal(c->visit_types[3].ncodes, 0);
	assert_int_equal(c->visit_types[4].duration, 75 * 60);
	assert_string_equal(c->visit_types[4].room, "procedure");
	assert_string_equal(c->visit_types[5].codes[1], "0001U");
	assert_int_equal(c->nfee_schedules, 2);
	assert_string_equal(c->fee_schedules[0].name, "Standard charges");
	assert_int_equal(c->fee_schedules[0].nfees, 8);
	f = &c->fee_schedules[0].fees[1];
	assert_string_equal(f->code, "99213");
	assert_int_equal(f->charge, 11000);
	assert_int_equal(f->from, day("2026-01-01"));
	assert_int_equal(f->to, day("2026-12-31"));
	f = &c->fee_schedules[0].fees[2];
	assert_int_equal(f->charge, 11500);
	assert_int_equal(f->to, 0);
	f = &c->fee_schedules[1].fees[2];
	assert_int_equal(f->nmodifiers, 2);
	assert_string_equal(f->modifiers[0], "LT");
	assert_string_equal(f->modifiers[1], "59");
	assert_null(f->modifiers[2]);
	assert_int_equal(f->charge, 11025);
	assert_int_equal(c->npayers, 3);
	assert_string_equal(c->payers[0].payer_id, "06102");
	assert_string_equal(c->payers[0].kind, "medicare");
	assert_string_equal(c->payers[0].fee_schedule, "medicare2026");
	assert_int_equal(c->payers[0].percent, 100);
	assert_int_equal(c->payers[0].timely_filing, 365 * 86400);
	assert_string_equal(
	    mo_node_text(mo_node_get(c->payers[0].claim, "form")), "CMS-1500");
	assert_int_equal(c->payers[1].percent, 85);
	assert_int_equal(c->payers[1].timely_filing, 180 * 86400);
	assert_null(c->payers[1].claim);
	assert_null(c->payers[2].payer_id);
	assert_string_equal(c->clia.certificate, "14D2098765");
	assert_string_equal(c->clia.type, "waiver");
	assert_string_equal(c->clia.director, "drlee");
	assert_int_equal(c->clia.expires, day("2027-01-10"));
	assert_int_equal(c->clia.effective, day("2025-01-11"));
	assert_int_equal(c->clia.retention_years, 5);
	assert_int_equal(c->clia.ntests, 4);
	assert_string_equal(c->clia.tests[3], "hba1c");
	assert_int_equal(c->clia.ncatalogue, 2);
	assert_int_equal(c->clia.catalogue[0].critical_high, 40050);
	assert_true(c->clia.catalogue[0].qc_new_operator);
	assert_false(c->clia.catalogue[0].qc_new_shipment);
	assert_int_equal(c->clia.catalogue[1].high, 6500);
	assert_int_equal(c->clia.nstorage, 2);
	assert_int_equal(c->clia.storage[1].low, 200);
	assert_int_equal(mo_node_line(c->clia.node), 178);
	mo_config_free(c);
}

static void test_lookups(void **state)
{
	mo_config *c = load_fixture();
	(void)state;
	assert_ptr_equal(mo_config_staff(c, "ana"), &c->staff[3]);
	assert_null(mo_config_staff(c, "nobody"));
	assert_null(mo_config_staff(c, NULL));
	assert_null(mo_config_staff(NULL, "ana"));
	assert_ptr_equal(mo_config_location(c, "north"), &c->locations[1]);
	assert_null(mo_config_location(c, "south"));
	assert_ptr_equal(mo_config_visit_type(c, "labdraw"),
	                 &c->visit_types[5]);
	assert_null(mo_config_visit_type(c, "surgery"));
	assert_ptr_equal(mo_config_provider(c, "kim"), &c->providers[1]);
	assert_null(mo_config_provider(c, "maria"));
	assert_ptr_equal(mo_config_fee_schedule(c, "medicare2026"),
	                 &c->fee_schedules[1]);
	assert_ptr_equal(mo_config_payer(c, "selfpay"), &c->payers[2]);
	assert_null(mo_config_payer(c, "aetna"));
	mo_config_free(c);
}

static void test_minimal(void **state)
{
	mo_config *c = ok(BASE "visit_types: [{id: v, name: V, duration: 5m}]\n"
	                       "payers: [{id: p, name: P, kind: self_pay, "
	                       "fee_schedule: f}]\n"
	                       "fee_schedules: [{id: f, name: F, fees: []}]\n");
	(void)state;
	assert_string_equal(c->legal_name, "X");
	assert_null(c->npi);
	assert_null(c->phone);
	assert_null(c->address.line1);
	assert_int_equal(c->nholidays, 0);
	assert_string_equal(c->locations[0].pos, "11");
	assert_int_equal(c->locations[0].hours[0].n, 0);
	assert_string_equal(c->staff[0].employment, "full_time");
	assert_int_equal(c->staff[0].weekly_hours, -1);
	assert_int_equal(c->nproviders, 0);
	assert_string_equal(c->visit_types[0].room, "exam");
	assert_int_equal(c->visit_types[0].duration, 300);
	assert_int_equal(c->payers[0].percent, 100);
	assert_int_equal(c->payers[0].timely_filing, 365 * 86400);
	assert_int_equal(c->fee_schedules[0].nfees, 0);
	assert_null(c->clia.certificate);
	assert_null(c->clia.node);
	mo_config_free(c);
}

/* ---- holidays ---- */

static int32_t holiday_in(const mo_holiday *h, int year)
{
	int32_t d = 0;
	assert_int_equal(mo_holiday_date(h, year, &d), 0);
	return d;
}

static void test_holiday_dates(void **state)
{
	mo_config *c = load_fixture();
	const mo_holiday *h = c->holidays;
	mo_holiday rule = {0};
	int32_t d;
	(void)state;
	assert_int_equal(holiday_in(&h[0], 2026), day("2026-01-01"));
	assert_int_equal(holiday_in(&h[1], 2026), day("2026-05-25"));
	assert_int_equal(holiday_in(&h[1], 2027), day("2027-05-31"));
	assert_int_equal(holiday_in(&h[2], 2026), day("2026-11-26"));
	assert_int_equal(holiday_in(&h[2], 2027), day("2027-11-25"));
	assert_int_equal(holiday_in(&h[3], 2026), day("2026-12-25"));
	assert_int_equal(holiday_in(&h[4], 2026), day("2026-12-24"));
	assert_int_equal(mo_holiday_date(&h[4], 2027, &d), MO_ENOTFOUND);
	assert_int_equal(mo_holiday_date(&h[0], 1899, &d), MO_EINVAL);
	assert_int_equal(mo_holiday_date(&h[0], 3000, &d), MO_EINVAL);
	/* rules by hand: first and last weekdays at month edges */
	rule.ordinal = 1, rule.weekday = 0, rule.month = 9; /* Labor Day */
	assert_int_equal(holiday_in(&rule, 2026), day("2026-09-07"));
	rule.weekday = 1, rule.month = 12; /* 2026-12-01 is a Tuesday */
	assert_int_equal(holiday_in(&rule, 2026), day("2026-12-01"));
	rule.ordinal = -1, rule.weekday = 3; /* 2026-12-31 is a Thursday */
	assert_int_equal(holiday_in(&rule, 2026), day("2026-12-31"));
	rule.weekday = 5, rule.month = 2; /* last Saturday of February */
	assert_int_equal(holiday_in(&rule, 2025), day("2025-02-22"));
	assert_int_equal(holiday_in(&rule, 2020), day("2020-02-29"));
	rule.ordinal = 3, rule.weekday = 0, rule.month = 1; /* MLK Day */
	assert_int_equal(holiday_in(&rule, 2027), day("2027-01-18"));
	mo_config_free(c);
}

static void test_holiday_rules(void **state)
{
	mo_config *c = ok(PRACTICE "  holidays:\n"
	                           "    - {rule: \"second  tuesday of MARCH\", "
	                           "name: A}\n"
	                           "    - {rule: \"February 28\", name: B}\n"
	                           "    - {date: 1970-01-01, name: Epoch}\n"
	                           "    - {rule: \"last Sunday of December\", "
	                           "name: C}\n" SITES PEOPLE);
	(void)state;
	assert_int_equal(c->holidays[0].ordinal, 2);
	assert_int_equal(c->holidays[0].weekday, 1);
	assert_int_equal(c->holidays[0].month, 3);
	assert_int_equal(holiday_in(&c->holidays[0], 2026), day("2026-03-10"));
	assert_int_equal(holiday_in(&c->holidays[1], 2028), day("2028-02-28"));
	/* a date of 0 days is still a date */
	assert_int_equal(holiday_in(&c->holidays[2], 1970), 0);
	assert_int_equal(holiday_in(&c->holidays[3], 2026), day("2026-12-27"));
	mo_config_free(c);
}

/* ---- each rule, with its message ---- */

static void test_identity_bad(void **state)
{
	(void)state;
	bad(PRACTICE "  npi: \"1234567890\"\n" SITES PEOPLE,
	    "p.yaml:4:8: practice.npi: expected a 10-digit NPI with a valid "
	    "check digit, got \"1234567890\"");
	bad(PRACTICE "  npi: 1234567893\n  tax_id: 364123456\n" SITES PEOPLE,
	    "p.yaml:5:11: practice.tax_id: expected an EIN such as "
	    "\"12-3456789\", got \"364123456\"");
	bad(PRACTICE "  taxonomy: 207q00000X\n" SITES PEOPLE,
	    "p.yaml:4:13: practice.taxonomy: expected a taxonomy code such as "
	    "\"207Q00000X\" (9 letters or digits, then X), got \"207q00000X\"");
	bad(PRACTICE "  phone: 555-0100\n" SITES PEOPLE,
	    "p.yaml:4:10: practice.phone: expected a 10-digit phone number "
	    "such as \"(217) 555-0100\", got \"555-0100\"");
	bad(PRACTICE "  phone: \"217-555-0100 ext 4\"\n" SITES PEOPLE,
	    "p.yaml:4:10: practice.phone: expected a 10-digit phone number "
	    "such as \"(217) 555-0100\", got \"217-555-0100 ext 4\"");
	bad(PRACTICE "  address: {line1: 1 Main St, city: A, state: Il, "
	             "zip: \"12345\"}\n" SITES PEOPLE,
	    "p.yaml:4:47: practice.address.state: expected a state as 2 "
	    "capital letters such as \"IL\", got \"Il\"");
	bad(PRACTICE "  address: {line1: 1 Main St, city: A, state: IL, "
	             "zip: \"1234\"}\n" SITES PEOPLE,
	    "p.yaml:4:56: practice.address.zip: expected a ZIP code such as "
	    "\"62701\" or \"62701-1234\", got \"1234\"");
	bad(PRACTICE
	    "  address: {line1: 1 Main St, state: IL, zip: \"12345\"}\n" SITES
	        PEOPLE,
	    "p.yaml:4:12: practice.address: missing required key \"city\"");
	bad(PRACTICE "  legal_name: \"\"\n" SITES PEOPLE,
	    "p.yaml:4:15: practice.legal_name: expected a non-empty string, "
	    "got \"\"");
	bad_part("practice:\n  name: X\n  timezone: Mars/Base\n" SITES PEOPLE,
	         "p.yaml:3:13: practice.timezone: expected a time-zone name "
	         "such as \"America/Chicago\"");
}

static void test_holidays_bad(void **state)
{
	(void)state;
	bad(PRACTICE
	    "  holidays:\n    - {rule: fifth Monday of May, name: A}\n" SITES
	        PEOPLE,
	    "p.yaml:5:14: practice.holidays[0].rule: expected a rule such as "
	    "\"fourth Thursday of November\" (first, second, third, fourth or "
	    "last) or \"December 25\", got \"fifth Monday of May\"");
	bad(PRACTICE
	    "  holidays:\n    - {rule: February 30, name: A}\n" SITES PEOPLE,
	    "p.yaml:5:14: practice.holidays[0].rule: expected a rule such as "
	    "\"fourth Thursday of November\" (first, second, third, fourth or "
	    "last) or \"December 25\", got \"February 30\"");
	bad_part(
	    PRACTICE
	    "  holidays:\n    - {rule: February 29, name: A}\n" SITES PEOPLE,
	    "got \"February 29\"");
	bad_part(
	    PRACTICE
	    "  holidays:\n    - {rule: last Funday of May, name: A}\n" SITES
	        PEOPLE,
	    "got \"last Funday of May\"");
	bad_part(
	    PRACTICE
	    "  holidays:\n    - {rule: first Monday in May, name: A}\n" SITES
	        PEOPLE,
	    "got \"first Monday in May\"");
	bad_part(
	    PRACTICE
	    "  holidays:\n    - {rule: December 25th, name: A}\n" SITES PEOPLE,
	    "got \"December 25th\"");
	bad_part(PRACTICE
	         "  holidays:\n    - {rule: Christmas, name: A}\n" SITES PEOPLE,
	         "got \"Christmas\"");
	bad(PRACTICE "  holidays:\n    - {date: 2026-12-24, rule: December 24, "
	             "name: A}\n" SITES PEOPLE,
	    "p.yaml:5:7: practice.holidays[0]: expected a date or a rule, not "
	    "both");
	bad(PRACTICE "  holidays:\n    - {name: A}\n" SITES PEOPLE,
	    "p.yaml:5:7: practice.holidays[0]: missing required key \"date\" "
	    "or \"rule\"");
	bad(PRACTICE "  holidays:\n    - {date: 2026-12-24}\n" SITES PEOPLE,
	    "p.yaml:5:7: practice.holidays[0]: missing required key \"name\"");
	bad(PRACTICE
	    "  holidays:\n    - {date: 2026-02-30, name: A}\n" SITES PEOPLE,
	    "p.yaml:5:14: practice.holidays[0].date: expected a real calendar "
	    "date (YYYY-MM-DD), got \"2026-02-30\"");
}

static void test_required_sections(void **state)
{
	(void)state;
	bad(PRACTICE PEOPLE, "p.yaml:1:1: missing required key \"locations\"");
	bad(PRACTICE SITES, "p.yaml:1:1: missing required key \"staff\"");
	bad(PRACTICE "locations: []\n" PEOPLE,
	    "p.yaml:4:12: locations: expected at least one entry, got an "
	    "empty list");
	bad(PRACTICE SITES "staff:\n",
	    "p.yaml:8:7: staff: expected a sequence, got null");
	bad(PRACTICE SITES "staff: [{id: a, name: A}]\n",
	    "p.yaml:8:9: staff[0]: missing required key \"job\"");
	bad(PRACTICE SITES "staff: [{id: Ann, name: A, job: x}]\n",
	    "p.yaml:8:14: staff[0].id: expected an id (1 to 64 of a-z 0-9 _ - "
	    "., starting with a letter), got \"Ann\"");
	bad_part(PRACTICE SITES "staff: [{id: 9a, name: A, job: x}]\n",
	         "got \"9a\"");
	bad(PRACTICE SITES "staff: [{id: a, name: A, job: x, rank: 1}]\n",
	    "p.yaml:8:34: staff[0].rank: unknown key (expected one of: id, "
	    "name, job, supervisor, locations, hired, employment, pay, "
	    "weekly_hours, credentials)");
	bad(PRACTICE SITES
	    "staff: [{id: a, name: A, job: x, hird: 2020-01-01}]\n",
	    "p.yaml:8:34: staff[0].hird: unknown key (did you mean "
	    "\"hired\"?)");
}

static void test_duplicates(void **state)
{
	(void)state;
	bad(BASE "  - {id: ann, name: Ann, job: x}\n"
	         "  - {id: joe, name: Joe B, job: x}\n",
	    "p.yaml:12:10: staff[3].id: duplicate staff id \"joe\" (first at "
	    "line 10)");
	bad(PRACTICE SITES "  - {id: main, name: Other}\n" PEOPLE,
	    "p.yaml:8:10: locations[1].id: duplicate location id \"main\" "
	    "(first at line 5)");
	bad(PRACTICE SITES "  - id: north\n    name: North\n"
	                   "    rooms: [{id: exam2, kind: exam}, "
	                   "{id: exam1, kind: exam}]\n" PEOPLE,
	    "p.yaml:10:43: locations[1].rooms[1].id: duplicate room id "
	    "\"exam1\" (first at line 7)");
	bad(BASE "providers:\n"
	         "  - {staff: maria, npi: 1234567893, specialty: A}\n"
	         "  - {staff: maria, npi: 1234567893, specialty: B}\n",
	    "p.yaml:13:13: providers[1].staff: duplicate provider entry for "
	    "staff \"maria\" (first at line 12)");
	bad(BASE "visit_types:\n"
	         "  - {id: v, name: V, duration: 15m}\n"
	         "  - {id: v, name: W, duration: 15m}\n",
	    "p.yaml:13:10: visit_types[1].id: duplicate visit type id \"v\" "
	    "(first at line 12)");
	bad(BASE "fee_schedules:\n"
	         "  - {id: f, name: F, fees: []}\n"
	         "  - {id: f, name: G, fees: []}\n",
	    "p.yaml:13:10: fee_schedules[1].id: duplicate fee schedule id "
	    "\"f\" (first at line 12)");
	bad(BASE "fee_schedules: [{id: f, name: F, fees: []}]\n"
	         "payers:\n"
	         "  - {id: p, name: P, kind: self_pay, fee_schedule: f}\n"
	         "  - {id: p, name: Q, kind: self_pay, fee_schedule: f}\n",
	    "p.yaml:14:10: payers[1].id: duplicate payer id \"p\" (first at "
	    "line 13)");
}

static void test_supervisors(void **state)
{
	(void)state;
	bad(BASE "  - {id: ana, name: Ana, job: x, supervisor: mria}\n",
	    "p.yaml:11:46: staff[2].supervisor: unknown staff id \"mria\" (did "
	    "you mean \"maria\"?)");
	bad(BASE "  - {id: ana, name: Ana, job: x, supervisor: zed}\n",
	    "p.yaml:11:46: staff[2].supervisor: unknown staff id \"zed\"");
	bad(PRACTICE SITES "staff:\n"
	                   "  - {id: boss, name: B, job: x}\n"
	                   "  - {id: a, name: A, job: x, supervisor: b}\n"
	                   "  - {id: b, name: B, job: x, supervisor: c}\n"
	                   "  - {id: c, name: C, job: x, supervisor: a}\n",
	    "p.yaml:10:42: staff[1].supervisor: supervision cycle: a -> b -> c "
	    "-> a");
	/* the cycle is named from its first member in the file */
	bad(PRACTICE SITES "staff:\n"
	                   "  - {id: x, name: X, job: x, supervisor: c}\n"
	                   "  - {id: c, name: C, job: x, supervisor: b}\n"
	                   "  - {id: b, name: B, job: x, supervisor: c}\n",
	    "p.yaml:10:42: staff[1].supervisor: supervision cycle: c -> b -> "
	    "c");
	bad(PRACTICE SITES
	    "staff: [{id: me, name: M, job: x, supervisor: me}]\n",
	    "p.yaml:8:47: staff[0].supervisor: supervision cycle: me -> me");
	/* a chain without a loop is fine */
	mo_config_free(ok(PRACTICE SITES
	                  "staff:\n"
	                  "  - {id: a, name: A, job: x, supervisor: b}\n"
	                  "  - {id: b, name: B, job: x, supervisor: c}\n"
	                  "  - {id: c, name: C, job: x}\n"));
}

static void test_references(void **state)
{
	(void)state;
	bad(BASE "  - {id: ana, name: Ana, job: x, locations: [main, nroth]}\n",
	    "p.yaml:11:52: staff[2].locations[1]: unknown location \"nroth\"");
	bad(BASE "  - {id: ana, name: Ana, job: x, locations: [mian]}\n",
	    "p.yaml:11:46: staff[2].locations[0]: unknown location \"mian\" "
	    "(did you mean \"main\"?)");
	bad(BASE "providers: [{staff: jo, npi: 1234567893, specialty: A}]\n",
	    "p.yaml:11:21: providers[0].staff: unknown staff id \"jo\" (did "
	    "you mean \"joe\"?)");
	bad(BASE "visit_types: [{id: followup, name: F, duration: 15m}]\n"
	         "providers:\n"
	         "  - {staff: joe, npi: 1234567893, specialty: A, "
	         "visit_types: [folowup]}\n",
	    "p.yaml:13:63: providers[0].visit_types[0]: unknown visit type "
	    "\"folowup\" (did you mean \"followup\"?)");
	bad(BASE "providers:\n"
	         "  - staff: joe\n"
	         "    npi: 1234567893\n"
	         "    specialty: A\n"
	         "    availability: [{location: main}, {location: annex}]\n",
	    "p.yaml:15:49: providers[0].availability[1].location: unknown "
	    "location \"annex\"");
	bad(BASE "visit_types: [{id: v, name: V, duration: 15m, room: lab}]\n",
	    "p.yaml:11:53: visit_types[0].room: no room of kind \"lab\" in any "
	    "location");
	bad(BASE "visit_types: [{id: v, name: V, duration: 15m, room: lob}]\n",
	    "p.yaml:11:53: visit_types[0].room: expected exam, procedure, lab, "
	    "front_desk, office, storage, waiting or imaging, got \"lob\" (did "
	    "you mean \"lab\"?)");
	bad(PRACTICE "locations: [{id: main, name: Main}]\n" PEOPLE
	             "visit_types: [{id: v, name: V, duration: 15m}]\n",
	    "p.yaml:8:15: visit_types[0]: no room of kind \"exam\" (the "
	    "default room) in any location; add one or set room");
	bad(BASE "fee_schedules: [{id: standard, name: S, fees: []}]\n"
	         "payers: [{id: p, name: P, kind: commercial, "
	         "fee_schedule: standrd}]\n",
	    "p.yaml:12:59: payers[0].fee_schedule: unknown fee schedule "
	    "\"standrd\" (did you mean \"standard\"?)");
	bad(BASE "payers: [{id: p, name: P, kind: commercial, "
	         "fee_schedule: x}]\n",
	    "p.yaml:11:59: payers[0].fee_schedule: unknown fee schedule \"x\"");
	bad(BASE "clia: {certificate: 14D2098765, type: waiver, "
	         "expires: 2027-01-10, director: marai}\n",
	    "p.yaml:11:78: clia.director: unknown staff id \"marai\" (did you "
	    "mean \"maria\"?)");
#define CLIA BASE "clia: {certificate: 14D2098765, type: waiver, " \
	"expires: 2027-01-10, director: maria, "
	bad_part(CLIA "tests: [rapid_strep, strep]}\n",
	    "clia.tests[1]: no test \"strep\" among the built-in waived tests");
	bad_part(CLIA "retention_years: 1}\n",
	    "clia.retention_years: expected a number of years from 2 to 100");
	bad_part(CLIA "catalogue: [{id: lead, code: \"83655\"}]}\n",
	    "clia.catalogue[0]: a test of the practice's own needs name");
	bad_part(CLIA "catalogue: [{id: lead, name: L, code: \"83655\", "
	    "specimens: [blood]}]}\n", "a test of the practice's own needs "
	    "values, or low and high");
	bad_part(CLIA "catalogue: [{id: glucose, low: 5, high: 1}]}\n",
	    "clia.catalogue[0].high: expected a value not below low");
	bad_part(CLIA "catalogue: [{id: glucose, low: 5.555}]}\n",
	    "clia.catalogue[0].low: expected a number with at most two "
	    "decimals");
	bad_part(CLIA "catalogue: [{id: glucose, qc_each: [weekly]}]}\n",
	    "clia.catalogue[0].qc_each[0]");
	bad_part(CLIA "catalogue: [{id: glucose, complexity: low}]}\n",
	    "clia.catalogue[0].complexity");
	bad_part(CLIA "catalogue: [{id: glucose}, {id: glucose}]}\n",
	    "clia.catalogue[1]: test \"glucose\" is described twice");
	bad_part(CLIA "catalogue: [{id: glucose, storage: freezer}]}\n",
	    "clia.catalogue[0].storage: no storage \"freezer\" (clia.storage, "
	    "or the built-in room and fridge)");
	bad_part(CLIA "storage: [{id: fridge, min: 8, max: 2}]}\n",
	    "clia.storage[0].max: expected a temperature above min");
	bad_part(CLIA "catalogue: [{id: glucose, colour: red}]}\n", "colour");
#undef CLIA
}

static void test_locations_bad(void **state)
{
	(void)state;
	bad(PRACTICE
	    "locations: [{id: main, name: Main, pos: \"88\"}]\n" PEOPLE,
	    "p.yaml:4:41: locations[0].pos: expected a CMS place-of-service "
	    "code such as \"11\" (office), got \"88\"");
	bad_part(PRACTICE
	         "locations: [{id: main, name: Main, pos: 11.0}]\n" PEOPLE,
	         "got \"11.0\"");
	bad(PRACTICE "locations:\n  - id: main\n    name: Main\n    hours:\n"
	             "      tue: \"08:00-12:00, 11:00-17:00\"\n" PEOPLE,
	    "p.yaml:8:12: locations[0].hours.tue: spans \"08:00-12:00\" and "
	    "\"11:00-17:00\" overlap");
	bad(PRACTICE "locations: [{id: main, name: Main, rooms: "
	             "[{id: r, kind: closet}]}]\n" PEOPLE,
	    "p.yaml:4:58: locations[0].rooms[0].kind: expected exam, "
	    "procedure, lab, front_desk, office, storage, waiting or imaging, "
	    "got \"closet\"");
	bad(PRACTICE "locations: [{id: main, name: Main, rooms: "
	             "[{id: r, kind: exam, equipment: [ECG]}]}]\n" PEOPLE,
	    "p.yaml:4:76: locations[0].rooms[0].equipment[0]: expected an id "
	    "(1 to 64 of a-z 0-9 _ - ., starting with a letter), got \"ECG\"");
	bad(PRACTICE "locations: [{id: main}]\n" PEOPLE,
	    "p.yaml:4:13: locations[0]: missing required key \"name\"");
}

static void test_staff_bad(void **state)
{
	(void)state;
	bad(BASE "  - {id: a, name: A, job: x, employment: fulltime}\n",
	    "p.yaml:11:42: staff[2].employment: expected full_time, "
	    "part_time, per_diem or contractor, got \"fulltime\" (did you "
	    "mean \"full_time\"?)");
	bad(BASE "  - {id: a, name: A, job: x, weekly_hours: 81}\n",
	    "p.yaml:11:44: staff[2].weekly_hours: expected an integer from 0 "
	    "to 80, got \"81\"");
	bad(BASE "  - {id: a, name: A, job: x, pay: {type: hourly}}\n",
	    "p.yaml:11:35: staff[2].pay: missing required key \"rate\"");
	bad(BASE "  - {id: a, name: A, job: x, pay: {type: weekly, rate: 1}}\n",
	    "p.yaml:11:42: staff[2].pay.type: expected hourly or salary, got "
	    "\"weekly\"");
	bad(BASE "  - {id: a, name: A, job: x, pay: {type: hourly, "
	         "rate: \"-5.00\"}}\n",
	    "p.yaml:11:56: staff[2].pay.rate: expected an amount that is not "
	    "negative, got \"-5.00\"");
	bad(BASE "  - {id: a, name: A, job: x, credentials: [{number: 1}]}\n",
	    "p.yaml:11:44: staff[2].credentials[0]: missing required key "
	    "\"kind\"");
	bad(BASE "  - {id: a, name: A, job: x, credentials: "
	         "[{kind: CMA, expires: soon}]}\n",
	    "p.yaml:11:65: staff[2].credentials[0].expires: expected a date "
	    "such as \"2024-03-15\" (YYYY-MM-DD), got \"soon\"");
}

static void test_providers_bad(void **state)
{
	(void)state;
	bad(BASE "providers: [{staff: joe, npi: 1234567890, specialty: A}]\n",
	    "p.yaml:11:31: providers[0].npi: expected a 10-digit NPI with a "
	    "valid check digit, got \"1234567890\"");
	bad(BASE "providers: [{staff: joe, specialty: A}]\n",
	    "p.yaml:11:13: providers[0]: missing required key \"npi\"");
	bad(BASE "providers: [{staff: joe, npi: 1234567893, specialty: A, "
	         "dea: {number: AB1234564}}]\n",
	    "p.yaml:11:71: providers[0].dea.number: expected a DEA number "
	    "such as \"AB1234563\" (2 letters, 7 digits, the last a check "
	    "digit), got \"AB1234564\"");
	bad(BASE "providers: [{staff: joe, npi: 1234567893, specialty: A, "
	         "license: {state: Illinois, number: \"1\"}}]\n",
	    "p.yaml:11:74: providers[0].license.state: expected a state as 2 "
	    "capital letters such as \"IL\", got \"Illinois\"");
	bad(BASE
	    "providers:\n"
	    "  - staff: joe\n"
	    "    npi: 1234567893\n"
	    "    specialty: A\n"
	    "    availability:\n"
	    "      - {location: main, mon: \"08:00-12:00, 09:00-10:00\"}\n",
	    "p.yaml:16:31: providers[0].availability[0].mon: spans "
	    "\"08:00-12:00\" and \"09:00-10:00\" overlap");
}

static void test_visit_types_bad(void **state)
{
	(void)state;
	bad(BASE "visit_types: [{id: v, name: V, duration: 4m}]\n",
	    "p.yaml:11:42: visit_types[0].duration: expected a duration from "
	    "5m to 8h, got \"4m\"");
	bad_part(BASE "visit_types: [{id: v, name: V, duration: 8h1m}]\n",
	         "got \"8h1m\"");
	bad(BASE "visit_types: [{id: v, name: V, duration: 15m, "
	         "codes: [\"9921\"]}]\n",
	    "p.yaml:11:55: visit_types[0].codes[0]: expected a CPT or HCPCS "
	    "Level II code such as \"99213\", \"0001U\" or \"G0438\", got "
	    "\"9921\"");
	bad(BASE "visit_types: [{id: v, name: V, duration: 15m, "
	         "new_patient: yes}]\n",
	    "p.yaml:11:60: visit_types[0].new_patient: expected true or false "
	    "(without quotes), got \"yes\"");
}

static void test_fees_bad(void **state)
{
	(void)state;
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", charge: 12.345}\n",
	    "p.yaml:15:33: fee_schedules[0].fees[0].charge: expected money "
	    "such as \"125.00\" (at most two decimals), got \"12.345\"");
	bad_part(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	              "      - {code: \"99213\", charge: \"1e3\"}\n",
	         "got \"1e3\"");
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", modifiers: [\"25\", \"59\", TC, "
	         "\"26\", \"76\"], charge: 1}\n",
	    "p.yaml:15:36: fee_schedules[0].fees[0].modifiers: expected at "
	    "most 4, got 5");
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", modifiers: [\"5\"], charge: 1}\n",
	    "p.yaml:15:37: fee_schedules[0].fees[0].modifiers[0]: expected a "
	    "modifier of 2 capital letters or digits such as \"25\" or "
	    "\"TC\", got \"5\"");
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", charge: 1, from: 2026-06-01, "
	         "to: 2026-05-31}\n",
	    "p.yaml:15:58: fee_schedules[0].fees[0].to: expected a date after "
	    "from (2026-06-01), got \"2026-05-31\"");
	bad(BASE "fee_schedules: [{id: f, name: F}]\n",
	    "p.yaml:11:17: fee_schedules[0]: missing required key \"fees\"");
}

static void test_fee_overlaps(void **state)
{
	mo_config *c;
	(void)state;
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", charge: 1, from: 2026-01-01, "
	         "to: 2026-06-30}\n"
	         "      - {code: \"99214\", charge: 1}\n"
	         "      - {code: \"99213\", charge: 2, from: 2026-06-30}\n",
	    "p.yaml:17:9: fee_schedules[0].fees[2]: fee for 99213 overlaps the "
	    "fee at line 15 (both apply on 2026-06-30)");
	/* modifiers are a set: their order does not matter */
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", modifiers: [\"25\", \"59\"], "
	         "charge: 1}\n"
	         "      - {code: \"99213\", modifiers: [\"59\", \"25\"], "
	         "charge: 2, to: 2026-01-01}\n",
	    "p.yaml:16:9: fee_schedules[0].fees[1]: fee for 99213-25-59 "
	    "overlaps the fee at line 15 (both apply until 2026-01-01)");
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", charge: 1}\n"
	         "      - {code: \"99213\", charge: 2}\n",
	    "p.yaml:16:9: fee_schedules[0].fees[1]: fee for 99213 overlaps the "
	    "fee at line 15 (both apply on every day)");
	/* a long fee that covers a later one, reported at the later one */
	bad(BASE "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	         "      - {code: \"99213\", charge: 3, from: 2026-03-01, "
	         "to: 2026-03-31}\n"
	         "      - {code: \"99213\", charge: 1, from: 2026-01-01}\n"
	         "      - {code: \"99213\", charge: 2, from: 2025-01-01, "
	         "to: 2025-12-31}\n",
	    "p.yaml:16:9: fee_schedules[0].fees[1]: fee for 99213 overlaps the "
	    "fee at line 15 (both apply on 2026-03-01)");
	/* touching, other modifiers, other schedules: fine */
	c = ok(BASE
	       "fee_schedules:\n  - id: f\n    name: F\n    fees:\n"
	       "      - {code: \"99213\", charge: 1, to: 2026-06-29}\n"
	       "      - {code: \"99213\", charge: 2, from: 2026-06-30}\n"
	       "      - {code: \"99213\", modifiers: [\"25\"], charge: 2}\n"
	       "  - id: g\n    name: G\n    fees:\n"
	       "      - {code: \"99213\", charge: 1}\n");
	assert_int_equal(c->fee_schedules[0].nfees, 3);
	mo_config_free(c);
}

static void test_payers_clia_bad(void **state)
{
	(void)state;
	bad(BASE "payers: [{id: p, name: P, kind: hmo, fee_schedule: f}]\n",
	    "p.yaml:11:33: payers[0].kind: expected medicare, medicaid, "
	    "commercial, self_pay or workers_comp, got \"hmo\"");
	bad(BASE "payers: [{id: p, name: P, kind: medicare, fee_schedule: f, "
	         "percent: 0}]\n",
	    "p.yaml:11:69: payers[0].percent: expected an integer from 1 to "
	    "1000, got \"0\"");
	bad(BASE "payers: [{id: p, name: P, kind: medicare, fee_schedule: f, "
	         "timely_filing: 12h}]\n",
	    "p.yaml:11:75: payers[0].timely_filing: expected a duration from "
	    "1d to 520w, got \"12h\"");
	bad(BASE "payers: [{id: p, name: P, kind: medicare, fee_schedule: f, "
	         "payer_id: \"AB-12\"}]\n",
	    "p.yaml:11:70: payers[0].payer_id: expected a payer id of letters "
	    "and digits, got \"AB-12\"");
	bad(BASE "payers: [{id: p, name: P, kind: medicare, fee_schedule: f, "
	         "claim: [a]}]\n",
	    "p.yaml:11:67: payers[0].claim: expected a mapping, got a "
	    "sequence");
	bad(BASE "clia: {certificate: 14X2098765, type: waiver, "
	         "expires: 2027-01-10, director: maria}\n",
	    "p.yaml:11:21: clia.certificate: expected a CLIA number such as "
	    "\"14D1234567\" (2 digits, D, 7 digits), got \"14X2098765\"");
	bad(BASE "clia: {certificate: 14D2098765, type: moderate, "
	         "expires: 2027-01-10, director: maria}\n",
	    "p.yaml:11:39: clia.type: expected waiver, ppm, compliance or "
	    "accreditation, got \"moderate\"");
	bad(BASE "clia: {certificate: 14D2098765, type: waiver, "
	         "director: maria}\n",
	    "p.yaml:11:7: clia: missing required key \"expires\"");
}

/* ---- licences and credentials ---- */

#define PROVIDER "providers:\n  - staff: joe\n    npi: 1234567893\n" \
	"    specialty: A\n"
#define PAYERS                                                                 \
	"fee_schedules: [{id: std, name: Std, fees: [{code: \"99213\", "        \
	"charge: \"1.00\", from: 2026-01-01}]}]\n"                             \
	"payers: [{id: aetna, name: Aetna, kind: commercial, fee_schedule: "    \
	"std}]\n"

static void test_credentials(void **state)
{
	mo_config *c;
	mo_err e = {0};
	(void)state;
	assert_int_equal(parse(PRACTICE
	    "  licences: [{kind: fire_permit, issued: 2026-01-01, expires: "
	    "2027-01-01, notice_days: 30}]\n"
	    "  notice_days: {default: 45, DEA: 90, fire_permit: 10}\n"
	    SITES
	    "staff:\n  - id: joe\n    name: Joe\n    job: doc\n"
	    "    credentials: [{kind: BLS, issued: 2025-01-01, expires: "
	    "2027-01-01, notice_days: 0}]\n"
	    PROVIDER
	    "    license: {state: IL, number: \"1\", issued: 2025-01-01, "
	    "expires: 2027-01-01, notice_days: 90}\n"
	    "    board: {board: ABFM, specialty: FM, certified: 2020-01-01, "
	    "expires: 2030-12-31}\n"
	    "    enrollments: [{payer: aetna, status: pending, number: A1, "
	    "effective: 2026-01-01, expires: 2029-01-01}]\n" PAYERS,
	    &c, &e), 0);
	assert_int_equal(c->nlicences, 1);
	assert_int_equal(c->licences[0].notice_days, 30);
	assert_int_equal(c->licences[0].issued, day("2026-01-01"));
	assert_int_equal(c->staff[0].credentials[0].notice_days, 0);
	assert_int_equal(c->providers[0].license_issued, day("2025-01-01"));
	assert_int_equal(c->providers[0].license_notice, 90);
	assert_int_equal(c->providers[0].dea_notice, -1);
	assert_string_equal(c->providers[0].board.board, "ABFM");
	assert_int_equal(c->providers[0].board.certified, day("2020-01-01"));
	assert_int_equal(c->providers[0].board.notice_days, -1);
	assert_int_equal(c->providers[0].nenrollments, 1);
	assert_string_equal(c->providers[0].enrollments[0].status, "pending");
	assert_string_equal(c->providers[0].enrollments[0].number, "A1");
	assert_non_null(c->notice_days);
	mo_config_free(c);
}

static void test_credentials_bad(void **state)
{
	(void)state;
	/* an expiry before the issue date: a staff credential, a licence,
	 * a DEA registration, a board, an enrollment, a practice licence */
	bad(PRACTICE SITES
	    "staff:\n  - id: maria\n    name: Maria\n    job: om\n"
	    "    credentials:\n"
	    "      - {kind: CMA, issued: 2026-03-01, expires: 2025-01-01}\n",
	    "p.yaml:13:50: staff[0].credentials[0].expires: 2025-01-01 is "
	    "before issued 2026-03-01");
	bad_part(BASE PROVIDER
	    "    license: {state: IL, number: \"1\", issued: 2026-03-01, "
	    "expires: 2025-01-01}\n",
	    "providers[0].license.expires: 2025-01-01 is before issued "
	    "2026-03-01");
	bad_part(BASE PROVIDER
	    "    dea: {number: BL4829137, issued: 2026-03-01, expires: "
	    "2026-02-28}\n",
	    "providers[0].dea.expires: 2026-02-28 is before issued "
	    "2026-03-01");
	bad_part(BASE PROVIDER
	    "    board: {board: B, specialty: S, certified: 2026-03-01, "
	    "expires: 2025-01-01}\n",
	    "providers[0].board.expires: 2025-01-01 is before certified "
	    "2026-03-01");
	bad_part(BASE PROVIDER
	    "    enrollments: [{payer: aetna, status: enrolled, effective: "
	    "2026-03-01, expires: 2025-01-01}]\n" PAYERS,
	    "providers[0].enrollments[0].expires: 2025-01-01 is before "
	    "effective 2026-03-01");
	bad_part(PRACTICE
	    "  licences: [{kind: facility_license, issued: 2026-03-01, "
	    "expires: 2025-01-01}]\n" SITES PEOPLE,
	    "practice.licences[0].expires: 2025-01-01 is before issued "
	    "2026-03-01");
	/* enrollments: an unknown payer, a bad status, a missing payer */
	bad_part(BASE PROVIDER
	    "    enrollments: [{payer: aetnaa, status: enrolled}]\n" PAYERS,
	    "providers[0].enrollments[0].payer: unknown payer \"aetnaa\" "
	    "(enrollments name a payer of payers:) (did you mean \"aetna\"?)");
	bad_part(BASE PROVIDER
	    "    enrollments: [{payer: aetna, status: active}]\n" PAYERS,
	    "providers[0].enrollments[0].status: expected enrolled, pending, "
	    "denied or terminated, got \"active\"");
	bad_part(BASE PROVIDER "    enrollments: [{status: enrolled}]\n" PAYERS,
	    "providers[0].enrollments[0]: missing required key \"payer\"");
	bad_part(BASE PROVIDER "    board: {board: B}\n",
	    "providers[0].board: missing required key \"specialty\"");
	/* lead times: per entry, and the practice's by kind */
	bad_part(PRACTICE SITES
	    "staff:\n  - id: maria\n    name: Maria\n    job: om\n"
	    "    credentials: [{kind: BLS, notice_days: -1}]\n",
	    "staff[0].credentials[0].notice_days: expected a number of days "
	    "from 0 to 1095, got \"-1\"");
	bad_part(BASE PROVIDER
	    "    license: {state: IL, number: \"1\", notice_days: soon}\n",
	    "providers[0].license.notice_days: expected an integer");
	bad_part(PRACTICE "  notice_days: {default: 2000}\n" SITES PEOPLE,
	    "practice.notice_days.default: expected a number of days from 0 "
	    "to 1095, got \"2000\"");
	bad_part(PRACTICE "  notice_days: {DAE: 90}\n" SITES PEOPLE,
	    "practice.notice_days.DAE: no credential of kind \"DAE\" in the "
	    "practice");
	bad_part(PRACTICE "  notice_days: [60]\n" SITES PEOPLE,
	    "practice.notice_days: expected a mapping, got a sequence");
}

/* ---- expiry warnings ---- */

typedef struct msgs {
	char text[16][256];
	int n;
} msgs;

static void collect(void *ud, const char *msg)
{
	msgs *m = ud;
	if (m->n < 16)
		snprintf(m->text[m->n++], sizeof m->text[0], "%s", msg);
}

static void test_warnings(void **state)
{
	mo_config *c = load_fixture();
	msgs m = {0};
	(void)state;
	assert_int_equal(mo_config_warnings(c, day("2026-11-23"), collect, &m),
	                 6);
	assert_int_equal(m.n, 6);
	assert_string_equal(m.text[0],
	                    FIXTURE ":70:9: staff[1].credentials[0]: CMA "
	                            "expired on 2026-01-31");
	assert_string_equal(m.text[1],
	                    FIXTURE ":79:9: staff[2].credentials[0]: HIPAA "
	                            "expires on 2026-12-15 (in 22 days)");
	assert_string_equal(m.text[2],
	                    FIXTURE ":89:9: staff[3].credentials[1]: BLS "
	                            "expires on 2026-12-01 (in 8 days)");
	assert_string_equal(m.text[3], FIXTURE
	                    ":114:10: providers[0].dea: DEA "
	                    "registration BL4829137 expires on 2026-12-31 (in "
	                    "38 days)");
	assert_string_equal(m.text[4],
	                    FIXTURE ":125:14: providers[1].license: license "
	                            "209-012345 (IL) expired on 2026-10-31");
	assert_string_equal(m.text[5],
	                    FIXTURE ":178:3: clia: CLIA certificate 14D2098765 "
	                            "expires on 2027-01-10 (in 48 days)");
	/* the notice period: 60 days ahead, the day itself, one day */
	m.n = 0;
	assert_int_equal(mo_config_warnings(c, day("2026-11-11"), collect, &m),
	                 6);
	assert_string_equal(m.text[5],
	                    FIXTURE ":178:3: clia: CLIA certificate 14D2098765 "
	                            "expires on 2027-01-10 (in 60 days)");
	m.n = 0;
	assert_int_equal(mo_config_warnings(c, day("2026-11-10"), collect, &m),
	                 5);
	m.n = 0;
	mo_config_warnings(c, day("2026-12-15"), collect, &m);
	assert_string_equal(m.text[1],
	                    FIXTURE ":79:9: staff[2].credentials[0]: HIPAA "
	                            "expires on 2026-12-15 (today)");
	m.n = 0;
	mo_config_warnings(c, day("2026-11-30"), collect, &m);
	assert_string_equal(m.text[2],
	                    FIXTURE ":89:9: staff[3].credentials[1]: BLS "
	                            "expires on 2026-12-01 (in 1 day)");
	/* long before everything */
	m.n = 0;
	assert_int_equal(mo_config_warnings(c, day("2020-01-01"), collect, &m),
	                 0);
	mo_config_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_identity),
	    cmocka_unit_test(test_locations),
	    cmocka_unit_test(test_staff),
	    cmocka_unit_test(test_providers),
	    cmocka_unit_test(test_visits_fees_payers),
	    cmocka_unit_test(test_lookups),
	    cmocka_unit_test(test_minimal),
	    cmocka_unit_test(test_holiday_dates),
	    cmocka_unit_test(test_holiday_rules),
	    cmocka_unit_test(test_warnings),
	    cmocka_unit_test(test_identity_bad),
	    cmocka_unit_test(test_holidays_bad),
	    cmocka_unit_test(test_required_sections),
	    cmocka_unit_test(test_duplicates),
	    cmocka_unit_test(test_supervisors),
	    cmocka_unit_test(test_references),
	    cmocka_unit_test(test_locations_bad),
	    cmocka_unit_test(test_staff_bad),
	    cmocka_unit_test(test_providers_bad),
	    cmocka_unit_test(test_visit_types_bad),
	    cmocka_unit_test(test_fees_bad),
	    cmocka_unit_test(test_fee_overlaps),
	    cmocka_unit_test(test_payers_clia_bad),
	    cmocka_unit_test(test_credentials),
	    cmocka_unit_test(test_credentials_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
