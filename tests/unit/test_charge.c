/* test_charge.c: unit tests of core/charge.c on a practice of its own
 * (two payers: Aetna paying 80% of the standard fee schedule, Medicare
 * 100% of its own; a patient with Aetna as primary and one without
 * insurance): encounters and lines priced from the right fee schedule on
 * the date of service (modifier fees, fees that ended), the expected
 * payment, the ledger entries (the payer's or the patient's receivable
 * against revenue), every refusal of charge.h with its message and nothing
 * written, adding a line, voiding (and refusing a second void or the void
 * of a paid charge), the listing with its filters, the facts a rule sees,
 * a denial, the audit, and a patient merge moving insurance, encounters,
 * payments and balances. Appointments are written with SQL directly. It
 * uses cmocka, insure.h, ledger.h, patient.h and payment.h. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "unit.h"
#include "practice_fixture.h"

#include <stdlib.h>
#include <string.h>

#include "charge.h"
#include "hooks.h"
#include "insure.h"
#include "ledger.h"
#include "patient.h"
#include "payment.h"
#include "units.h"

static const char YAML[] =
	"practice:\n"
	"  name: Charge Test\n"
	"  timezone: America/Chicago\n"
	"locations:\n"
	"  - { id: main, name: Main, pos: \"11\", rooms: [ { id: exam1, "
	"kind: exam } ] }\n"
	"  - { id: home, name: Home visits, pos: \"12\", rooms: [ { id: car, "
	"kind: exam } ] }\n"
	"staff:\n"
	"  - { id: drlee, name: Dr Lee, job: doc }\n"
	"  - { id: maria, name: Maria, job: desk }\n"
	"providers:\n"
	"  - { staff: drlee, npi: \"1234567893\", specialty: Family Medicine }\n"
	"visit_types:\n"
	"  - { id: follow_up, name: Follow-up, duration: 20m }\n"
	"fee_schedules:\n"
	"  - id: standard\n"
	"    name: Standard\n"
	"    fees:\n"
	"      - { code: \"99213\", charge: \"120.00\", from: 2026-01-01 }\n"
	"      - { code: \"99213\", modifiers: [\"25\"], charge: \"130.00\", "
	"from: 2026-01-01 }\n"
	"      - { code: \"87880\", modifiers: [\"QW\"], charge: \"15.50\", "
	"from: 2026-01-01 }\n"
	"      - { code: \"99212\", charge: \"80.00\", from: 2025-01-01, to: "
	"2026-06-30 }\n"
	"      - { code: \"99000\", charge: \"0.00\", from: 2026-01-01 }\n"
	"  - id: mcare\n"
	"    name: Medicare fees\n"
	"    fees:\n"
	"      - { code: \"99213\", charge: \"92.13\", from: 2026-01-01 }\n"
	"payers:\n"
	"  - { id: aetna, name: Aetna, kind: commercial, payer_id: \"60054\", "
	"fee_schedule: standard, percent: 80 }\n"
	"  - { id: medicare, name: Medicare, kind: medicare, payer_id: "
	"\"00431\", fee_schedule: mcare }\n";

/* Patients 1 (Aetna primary since 2026-01-01) and 2 (no insurance);
 * appointments 1-4 on 2026-11-20 09:00 Chicago: 1 and 2 checked out (for
 * patients 1 and 2), 3 booked, 4 seen at the home location (patient 1),
 * and 5 seen on 2026-06-15 (patient 1, when 99212 still had a fee). */
static int setup(void **state)
{
	pfx_fixture *f;
	mo_insurance_new ins = {.patient = 1, .payer = "aetna", .rank = 1,
				.relation = "self", .member_id = "W123456789"};
	mo_err e = {0};
	if (pfx_setup(state, "charge", YAML, "2026-11-23T15:00:00Z"))
		return -1;
	f = *state;
	exec_sql(f->p,
		 "INSERT INTO patient(id, family, given, birth_day, sex, "
		 "name_key, created_us, created_by, updated_us, updated_by) "
		 "VALUES(1, 'Doe', 'Ann', 3000, 'female', 'doe ann', 0, 't', 0, "
		 "'t'), (2, 'Roe', 'Bo', 4000, 'male', 'roe bo', 0, 't', 0, "
		 "'t');"
		 "INSERT INTO appointment(id, patient, provider, location, "
		 "visit_type, start_us, end_us, status, created_us, created_by, "
		 "updated_us) VALUES"
		 "(1, 1, 'drlee', 'main', 'follow_up', 1795186800000000, "
		 "1795188000000000, 'checked_out', 0, 't', 0),"
		 "(2, 2, 'drlee', 'main', 'follow_up', 1795188000000000, "
		 "1795189200000000, 'checked_out', 0, 't', 0),"
		 "(3, 1, 'drlee', 'main', 'follow_up', 1795189200000000, "
		 "1795190400000000, 'booked', 0, 't', 0),"
		 "(4, 1, 'drlee', 'home', 'follow_up', 1795190400000000, "
		 "1795191600000000, 'seen', 0, 't', 0),"
		 "(5, 1, 'drlee', 'main', 'follow_up', 1781532000000000, "
		 "1781533200000000, 'seen', 0, 't', 0)");
	mo_date_parse("2026-01-01", &ins.from_day, NULL);
	if (mo_ins_add(f->p, "maria", &ins, NULL, &e)) {
		fprintf(stderr, "setup: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static mo_charge_line line(const char *code, int units, int ptr)
{
	mo_charge_line l = {code, {NULL}, units, {ptr, 0, 0, 0}};
	return l;
}

static int64_t count(pfx_fixture *f)
{
	return query_int(f->p, "SELECT (SELECT count(*) FROM encounter) + "
			 "(SELECT count(*) FROM encounter_dx) * 100 + (SELECT "
			 "count(*) FROM charge) * 10000 + (SELECT count(*) FROM "
			 "journal_line) * 1000000 + (SELECT count(*) FROM audit) "
			 "* 100000000");
}

static void refused(pfx_fixture *f, const mo_encounter_new *in, int code,
		    const char *msg)
{
	int64_t before = count(f);
	mo_err e = {0};
	assert_int_equal(mo_charge_enter(f->p, "maria", in, NULL, &e), code);
	assert_msg(e, msg);
	assert_int_equal(count(f), before);
}

static void test_enter_prices_and_posts(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 1, 1), line("87880", 2, 2)};
	mo_encounter_new in = {1, {"J02.9", "R50.9"}, l, 2};
	mo_ledger_balance b;
	int64_t enc = 0;
	mo_err e = {0};
	l[0].modifiers[0] = "25";
	l[0].pointers[1] = 2;
	l[1].modifiers[0] = "QW";
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, &enc, &e), 0);
	assert_int_equal(enc, 1);
	assert_int_equal(query_int(f->p, "SELECT sum(amount) FROM charge"),
			 13000 + 3100);
	assert_int_equal(query_int(f->p, "SELECT expected FROM charge WHERE "
				   "line = 1"), 10400); /* 80% of 130.00 */
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM encounter_dx "
				   "WHERE code IN ('J02.9', 'R50.9')"), 2);
	assert_int_equal(query_int(f->p, "SELECT day = 20777 AND pos = '11' "
				   "FROM encounter"), 1); /* 2026-11-20 */
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.payer_due, 16100);
	assert_int_equal(b.patient_due, 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal_line "
				   "WHERE account = 'ar_payer' AND payer = "
				   "'aetna'"), 2);
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'charge.enter' AND record = "
				   "'encounter:1' AND actor = 'maria'"), 1);
	/* without insurance: the first fee schedule, the patient owes it */
	in.appointment = 2;
	in.nlines = 1;
	l[0].modifiers[0] = NULL;
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 2, &b, &e), 0);
	assert_int_equal(b.patient_due, 12000);
	assert_int_equal(query_int(f->p, "SELECT expected IS NULL FROM charge "
				   "WHERE encounter = 2"), 1);
	/* the home visit: place of service 12; a no-charge code posts
	 * nothing */
	in.appointment = 4;
	l[0] = line("99000", 1, 1);
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, &enc, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT pos FROM charge WHERE "
				   "encounter = 3"), 12);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal_line "
				   "jl JOIN charge c ON c.id = jl.charge WHERE "
				   "c.encounter = 3"), 0);
}

static void test_enter_refusals(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 1, 1)};
	mo_encounter_new in = {1, {"J02.9"}, l, 1};
	mo_err e = {0};
	in.appointment = 99;
	refused(f, &in, MO_ENOTFOUND, "charge appointment: no appointment 99");
	in.appointment = 3;
	refused(f, &in, MO_EINVAL, "appointment 3 is booked; charges are "
		"entered for visits that happened");
	in.appointment = 1;
	in.diagnoses[0] = NULL;
	refused(f, &in, MO_EINVAL, "charge diagnoses: a visit is billed with at "
		"least one diagnosis");
	in.diagnoses[0] = "J02.99999";
	refused(f, &in, MO_EINVAL, "charge diagnosis 1: expected an ICD-10-CM "
		"code such as J02.9, got \"J02.99999\"");
	in.diagnoses[0] = "J02.9";
	in.diagnoses[1] = "J029";
	refused(f, &in, MO_EINVAL, "charge diagnosis 2: J02.9 is diagnosis 1 "
		"already");
	in.diagnoses[1] = NULL;
	in.nlines = 0;
	refused(f, &in, MO_EINVAL, "charge lines: expected 1 to 50 lines, got "
		"0");
	in.nlines = 1;
	l[0].code = "9921";
	refused(f, &in, MO_EINVAL, "charge line 1 code: expected a CPT or HCPCS "
		"code such as 99213 or G0438, got \"9921\"");
	l[0].code = "99213";
	l[0].units = 0;
	refused(f, &in, MO_EINVAL, "charge line 1 units: expected 1 to 999, got "
		"0");
	l[0].units = -3;
	refused(f, &in, MO_EINVAL, "got -3");
	l[0].units = 1000;
	refused(f, &in, MO_EINVAL, "got 1000");
	l[0].units = 1;
	l[0].modifiers[0] = "2";
	refused(f, &in, MO_EINVAL, "charge line 1 modifier 1: expected 2 "
		"capital letters or digits");
	l[0].modifiers[0] = "25";
	l[0].modifiers[1] = "25";
	refused(f, &in, MO_EINVAL, "charge line 1 modifier 25: given twice");
	l[0].modifiers[0] = l[0].modifiers[1] = NULL;
	l[0].pointers[0] = 2;
	refused(f, &in, MO_EINVAL, "charge line 1 pointer 2: the encounter has "
		"1 diagnosis");
	l[0].pointers[0] = 0;
	refused(f, &in, MO_EINVAL, "charge line 1 pointers: each line points to "
		"at least one diagnosis");
	in.diagnoses[1] = "R50.9";
	l[0].pointers[0] = 1;
	l[0].pointers[1] = 1;
	refused(f, &in, MO_EINVAL, "charge line 1 pointer 1: given twice");
	l[0].pointers[1] = 0;
	l[0].code = "99214";
	refused(f, &in, MO_EINVAL, "charge line 1 code 99214: no fee in fee "
		"schedule 'standard' on 2026-11-20");
	l[0].code = "99212"; /* its fee ended on 2026-06-30 */
	refused(f, &in, MO_EINVAL, "charge line 1 code 99212: no fee");
	in.appointment = 5; /* ... but it was in force on 2026-06-15 */
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT amount FROM charge"), 8000);
	/* an appointment billed already */
	refused(f, &in, MO_EEXIST, "appointment 5 has encounter 1 already");
}

static void test_add_and_void(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 1, 1)};
	mo_encounter_new in = {1, {"J02.9"}, l, 1};
	mo_charge_line more = line("87880", 1, 1);
	mo_ledger_balance b;
	int64_t enc, id, before;
	mo_err e = {0};
	more.modifiers[0] = "QW";
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, &enc, &e), 0);
	assert_int_equal(mo_charge_add(f->p, "maria", enc, &more, &id, &e), 0);
	assert_int_equal(id, 2);
	assert_int_equal(query_int(f->p, "SELECT line FROM charge WHERE id = "
				   "2"), 2);
	more.pointers[0] = 3;
	before = count(f);
	assert_int_equal(mo_charge_add(f->p, "maria", enc, &more, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "charge line 3 pointer 3: the encounter has 1 diagnosis");
	assert_int_equal(mo_charge_add(f->p, "maria", 42, &more, NULL, &e),
			 MO_ENOTFOUND);
	assert_int_equal(count(f), before);
	/* void the second line: its entry is reversed */
	assert_int_equal(mo_charge_void(f->p, "maria", 2, "", &e), MO_EINVAL);
	assert_msg(e, "a reason of 1 to 200 characters is required");
	assert_int_equal(mo_charge_void(f->p, "maria", 2, "not done", &e), 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.payer_due, 12000);
	assert_int_equal(mo_charge_void(f->p, "maria", 2, "again", &e),
			 MO_EEXIST);
	assert_int_equal(mo_charge_void(f->p, "maria", 9, "none", &e),
			 MO_ENOTFOUND);
	/* a charge with a payment posted to it is not voided */
	exec_sql(f->p, "INSERT INTO journal(id, at_us, day, kind, memo, actor) "
		 "VALUES(100, 0, 20780, 'payment', 'eob', 't');"
		 "INSERT INTO journal_line(journal, account, amount, patient, "
		 "payer, charge, day, service_day) VALUES(100, 'ar_payer', "
		 "-5000, 1, 'aetna', 1, 20780, 20777), (100, 'bank', 5000, "
		 "NULL, 'aetna', NULL, 20780, NULL)");
	assert_int_equal(mo_charge_void(f->p, "maria", 1, "wrong", &e),
			 MO_EINVAL);
	assert_msg(e, "charge 1 has payments or adjustments posted to it");
	/* the encounter closed: no more lines */
	exec_sql(f->p, "UPDATE encounter SET status = 'closed'");
	more.pointers[0] = 1;
	assert_int_equal(mo_charge_add(f->p, "maria", enc, &more, NULL, &e),
			 MO_EINVAL);
	assert_msg(e, "encounter 1 is closed");
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
}

typedef struct seen {
	int n;
	int64_t id[8], balance[8];
	char dx[8][64], payer[8][16], status[8][16];
} seen;

static int keep(void *ud, const mo_charge *c)
{
	seen *s = ud;
	if (s->n == 8)
		return 1;
	s->id[s->n] = c->id;
	s->balance[s->n] = c->balance;
	snprintf(s->dx[s->n], 64, "%s", c->diagnoses);
	snprintf(s->payer[s->n], 16, "%s", c->payer ? c->payer : "-");
	snprintf(s->status[s->n], 16, "%s", c->status);
	s->n++;
	return 0;
}

static void test_list(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 1, 2), line("87880", 1, 1)};
	mo_encounter_new in = {1, {"J02.9", "R50.9"}, l, 2};
	mo_charge_query q = {0};
	seen s = {0};
	mo_err e = {0};
	l[1].modifiers[0] = "QW";
	l[0].pointers[1] = 1;
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	in.appointment = 2;
	in.nlines = 1;
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	assert_int_equal(mo_charge_void(f->p, "maria", 2, "not done", &e), 0);
	assert_int_equal(mo_charge_list(f->p, "maria", &q, keep, &s, &e), 0);
	assert_int_equal(s.n, 2); /* voided lines left out */
	assert_string_equal(s.dx[0], "R50.9,J02.9");
	assert_string_equal(s.payer[0], "aetna");
	assert_int_equal(s.balance[0], 12000);
	assert_string_equal(s.payer[1], "-");
	memset(&s, 0, sizeof s);
	q.voided = true;
	q.patient = 1;
	assert_int_equal(mo_charge_list(f->p, "maria", &q, keep, &s, &e), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.status[1], "voided");
	assert_int_equal(s.balance[1], 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'billing.read' AND record = "
				   "'patient:1'"), 1);
	memset(&s, 0, sizeof s);
	q = (mo_charge_query){.from_day = 20778};
	assert_int_equal(mo_charge_list(f->p, "maria", &q, keep, &s, &e), 0);
	assert_int_equal(s.n, 0);
}

/* ---- the decision: facts and a denial ---- */

typedef struct hook {
	char facts[512];
	bool deny;
} hook;

static int decide(void *ud, const char *actor, const char *action,
		  const mo_fact *facts, size_t n, mo_decision *out, mo_err *e)
{
	hook *h = ud;
	char *json;
	(void)actor;
	(void)e;
	if (strcmp(action, "charge.enter"))
		return 0;
	json = mo_facts_json(facts, n);
	snprintf(h->facts, sizeof h->facts, "%s", json ? json : "");
	free(json);
	if (h->deny) {
		out->verdict = MO_VERDICT_DENY;
		snprintf(out->reason, sizeof out->reason, "the biller enters "
			 "charges");
		snprintf(out->rule, sizeof out->rule, "'billers only'");
	}
	return 0;
}

static void test_rules(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 2, 1)};
	mo_encounter_new in = {1, {"J02.9"}, l, 1};
	hook h = {"", true};
	mo_hooks hooks = {&h, decide, NULL, NULL, NULL};
	int64_t before = count(f);
	mo_err e = {0};
	mo_practice_set_hooks(f->p, &hooks);
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e),
			 MO_EDENIED);
	assert_msg(e, "maria may not charge.enter: the biller enters charges");
	assert_int_equal(count(f), before);
	assert_string_equal(h.facts, "{\"amount\":24000,\"appointment\":1,"
			    "\"codes\":\"99213\",\"date\":\"2026-11-20\","
			    "\"lines\":1,\"patient\":1,\"payer\":\"aetna\","
			    "\"payer_kind\":\"commercial\",\"provider\":"
			    "\"drlee\"}");
	h.deny = false;
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	mo_practice_set_hooks(f->p, NULL);
}

/* A duplicate record merged: its insurance, encounters, payments and
 * balances (by charge, so they age as before) follow it; clashing
 * policies stop the merge with nothing written. */
static void test_merge_moves_billing(void **state)
{
	pfx_fixture *f = *state;
	mo_charge_line l[] = {line("99213", 1, 1)};
	mo_encounter_new in = {1, {"J02.9"}, l, 1};
	mo_insurance_new ins = {.patient = 2, .payer = "medicare", .rank = 1,
				.relation = "self", .member_id = "1EG4TE5MK72"};
	mo_ledger_balance b;
	int64_t before;
	mo_err e = {0};
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	in.appointment = 2; /* patient 2, no insurance: owes it */
	assert_int_equal(mo_charge_enter(f->p, "maria", &in, NULL, &e), 0);
	mo_pay_new pay = {1, 2500, "cash", NULL, "payment", 0};
	assert_int_equal(mo_pay_collect(f->p, "maria", &pay, NULL, &e), 0);
	/* patient 2 gets a clashing primary policy: the merge is refused */
	mo_date_parse("2026-06-01", &ins.from_day, NULL);
	assert_int_equal(mo_ins_add(f->p, "maria", &ins, NULL, &e), 0);
	before = count(f);
	assert_int_equal(mo_patient_merge(f->p, "maria", 1, 2, &e), MO_EINVAL);
	assert_msg(e, "patient merge: insurance policy 1 of patient 1 and "
		   "policy 2 of patient 2 are both rank 1 on some of the same "
		   "days; end one of them first");
	assert_int_equal(count(f), before);
	/* as secondary it fits */
	exec_sql(f->p, "UPDATE insurance SET rank = 2 WHERE id = 2");
	assert_int_equal(mo_patient_merge(f->p, "maria", 1, 2, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM insurance WHERE "
				   "patient = 2"), 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM encounter WHERE "
				   "patient = 2"), 2);
	assert_int_equal(mo_ledger_patient_balance(f->p, 1, &b, &e), 0);
	assert_int_equal(b.payer_due + b.patient_due, 0);
	assert_int_equal(mo_ledger_patient_balance(f->p, 2, &b, &e), 0);
	assert_int_equal(b.payer_due, 12000);   /* patient 1's Aetna charge */
	assert_int_equal(b.patient_due, 12000 - 2500); /* 2's own, 1's credit */
	assert_int_equal(query_int(f->p, "SELECT patient FROM payment"), 2);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM journal WHERE "
				   "kind = 'transfer'"), 1);
	assert_int_equal(query_int(f->p, "SELECT count(DISTINCT service_day) "
				   "FROM journal_line jl JOIN journal j ON "
				   "j.id = jl.journal WHERE j.kind = "
				   "'transfer'"), 1);
	assert_int_equal(mo_ledger_verify(f->p, NULL, &e), 0);
	assert_int_equal(query_int(f->p, "SELECT count(*) FROM audit WHERE "
				   "action = 'patient.merge' AND detail LIKE "
				   "'%\"ledger_transfers\":1%'"), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, pfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_enter_prices_and_posts),
		T(test_enter_refusals),
		T(test_add_and_void),
		T(test_list),
		T(test_rules),
		T(test_merge_moves_billing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
