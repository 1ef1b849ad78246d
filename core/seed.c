/* seed.c: synthetic activity for a practice (see seed.h). A splitmix64
 * generator makes it deterministic; the days run in order with the clock
 * moved to the evening before each (to book it), to 18:00 (the office's
 * day: time cards, supplies, equipment checks, bills) and to the evening
 * after (to record what happened). The office draws from a random stream
 * of its own, so that adding it left the rest of the data as it was; so
 * do the staff records and compliance (seed_staff.c, seed_int.h). It
 * uses practice.h, patient.h, sched.h, shift.h, recall.h, inventory.h,
 * equipment.h, payable.h, timecard.h, tz.h, clock.h and units.h. */
#include "seed_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charge.h"
#include "claim.h"
#include "clia.h"
#include "clock.h"
#include "equipment.h"
#include "era.h"
#include "insure.h"
#include "inventory.h"
#include "payable.h"
#include "patient.h"
#include "payment.h"
#include "recall.h"
#include "remit.h"
#include "sched.h"
#include "shift.h"
#include "timecard.h"
#include "tz.h"
#include "units.h"

#define HOUR_US (3600LL * 1000000)

typedef struct booked {
	int64_t id, patient, start_us;
	const char *visit_type, *provider;
} booked;

#define LAB_TESTS 16

/* The office lab: its operator (the first person whose job may run QC
 * and perform tests), the menu and when each test's QC last ran. */
typedef struct lab {
	bool on;
	const char *operator_;
	size_t n;
	mo_clia_test_kind k[LAB_TESTS];
	int32_t last_qc[LAB_TESTS];
	int32_t opened; /* the day the lots came: their names */
} lab;

/* The kit (and control) lot of the lab's test i. */
static void lot_name(const lab *l, size_t i, char out[40])
{
	snprintf(out, 40, "L%zu-%d", i + 1, (int)l->opened);
}

#define SUPPLIES 4
#define ASSETS 3

/* The office's supplies, equipment and vendors (their ids; 0: none, as
 * when a name was taken by an earlier seeding), and who services the
 * equipment. */
typedef struct office {
	bool on;
	uint64_t state; /* its random stream */
	int64_t item[SUPPLIES], on_hand[SUPPLIES];
	const char *tech;
	int64_t asset[ASSETS];
	int32_t due[ASSETS];
	int64_t vendor[2];
} office;

typedef struct seeder {
	mo_practice *p;
	const mo_config *c;
	const char *actor;
	const mo_seed_opts *o;
	mo_seed_counts *n;
	uint64_t state;
	int64_t shifted;   /* what we added to the clock */
	int64_t *first_id; /* the patients' ids are first_id..+patients-1 */
	struct booked *booked; /* the day's appointments */
	size_t nbooked, cap;
	int32_t today;
	long checks;           /* check numbers */
	lab lab;
	office office;
	bool *worked, *clocks; /* per staff: a new shift today; may clock */
	mo_seed_staff *staff;  /* staff records and compliance */
	uint32_t remits;       /* the payers' files */
	mo_err *e;
} seeder;

uint64_t mo_seed_mix(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t next(seeder *s)
{
	return mo_seed_mix(&s->state);
}

static int pick(seeder *s, int n)
{
	return (int)(next(s) % (uint64_t)n);
}

/* The office's own stream, so that the rest stays as it was. */
static int opick(seeder *s, int n)
{
	return (int)(mo_seed_mix(&s->office.state) % (uint64_t)n);
}

/* Moves the medoffice clock to instant us. */
static void clock_to(seeder *s, int64_t us)
{
	int64_t delta = us - mo_clock_now_us();
	mo_clock_shift(delta);
	s->shifted += delta;
}

static void progress(seeder *s, const char *what, long done, long total)
{
	if (s->o->progress)
		s->o->progress(s->o->ud, what, done, total);
}

static bool bills(const seeder *s);
static int insure(seeder *s, int64_t patient, int32_t birth_day);
static int lab_test(seeder *s, const booked *b);

/* ---- patients ---- */

static const char *const FAMILY1[] = {"Zor", "Quib", "Fenn", "Blar", "Wix",
	"Thrum", "Plon", "Grib", "Snor", "Voll", "Krup", "Dwim"};
static const char *const FAMILY2[] = {"ble", "wick", "dottle", "quist",
	"mire", "bottom", "fizz", "wump"};
static const char *const GIVEN[] = {"Ada", "Bo", "Cy", "Dee", "Eli", "Fay",
	"Gus", "Hal", "Ivy", "Jo", "Kit", "Lu", "Max", "Nan", "Oz", "Pip"};

#define COUNT(a) ((int)(sizeof a / sizeof a[0]))

static int one_patient(seeder *s, int64_t *id)
{
	char family[32], mobile[11], street[40];
	mo_patient_new in = {0};
	int rc;
	snprintf(family, sizeof family, "%s%s", FAMILY1[pick(s, COUNT(FAMILY1))],
		 FAMILY2[pick(s, COUNT(FAMILY2))]);
	snprintf(mobile, sizeof mobile, "612555%04d", pick(s, 10000));
	in.family = family;
	in.given = GIVEN[pick(s, COUNT(GIVEN))];
	in.has_birth_day = true;
	in.birth_day = mo_days_from_civil(1930 + pick(s, 94), 1 + pick(s, 12),
					  1 + pick(s, 28));
	in.sex = pick(s, 50) == 0 ? "unknown" : pick(s, 2) ? "female" : "male";
	in.phone_mobile = mobile;
	snprintf(street, sizeof street, "%d %s Street", 1 + pick(s, 999),
		 FAMILY1[pick(s, COUNT(FAMILY1))]);
	in.line1 = street;
	in.city = "Sampleton";
	in.state = "MN";
	in.zip = "55401";
	rc = mo_patient_register(s->p, s->actor, &in, true, id, s->e);
	return rc || !bills(s) ? rc : insure(s, *id, in.birth_day);
}

static int seed_patients(seeder *s)
{
	mo_db *db = mo_practice_db(s->p);
	int rc = 0;
	for (int i = 0; !rc && i < s->o->patients; i += 1000) {
		if ((rc = mo_db_begin(db, s->e)))
			break;
		for (int j = i; !rc && j < i + 1000 && j < s->o->patients; j++) {
			int64_t id;
			if (!(rc = one_patient(s, &id)) && j == 0)
				*s->first_id = id;
			s->n->patients += !rc;
		}
		if (rc || (rc = mo_db_commit(db, s->e)))
			mo_db_rollback(db);
		progress(s, "patients", s->n->patients, s->o->patients);
	}
	return rc;
}

/* ---- a day's appointments ---- */

static int64_t random_patient(seeder *s)
{
	return *s->first_id + pick(s, s->o->patients);
}

static bool sees(const mo_provider *pv, const char *vt)
{
	for (size_t i = 0; i < pv->nvisit_types; i++)
		if (strcmp(pv->visit_types[i], vt) == 0)
			return true;
	return pv->nvisit_types == 0;
}

/* The provider's first visit type that is (or is not) for new patients
 * and needs an exam room, or NULL. */
static const char *visit_type(const mo_config *c, const mo_provider *pv,
			      bool new_patient)
{
	for (size_t i = 0; i < c->nvisit_types; i++) {
		const mo_visit_type *v = &c->visit_types[i];
		if (v->new_patient == new_patient && !strcmp(v->room, "exam") &&
		    !v->nequipment && sees(pv, v->id))
			return v->id;
	}
	return NULL;
}

typedef struct slots {
	mo_slot v[256];
	char loc[256][65];
	int n;
} slots;

static int keep_slot(void *ud, const mo_slot *sl)
{
	slots *x = ud;
	if (x->n == 256)
		return 1;
	x->v[x->n] = *sl;
	snprintf(x->loc[x->n], sizeof x->loc[0], "%s", sl->location);
	x->v[x->n].location = x->loc[x->n];
	x->n++;
	return 0;
}

static int remember(seeder *s, int64_t id, const mo_appt_new *in)
{
	if (mo_grow(&s->booked, &s->cap, s->nbooked + 1, sizeof *s->booked))
		return mo_err_set(s->e, MO_ENOMEM, "out of memory");
	s->booked[s->nbooked++] = (booked){id, in->patient, in->start_us,
					   in->visit_type, in->provider};
	return 0;
}

/* Books the free slots of vt for provider on day with probability
 * percent (at most limit); refusals (a patient busy then) are skipped. */
static int book_type(seeder *s, const mo_provider *pv, const char *vt,
		     int32_t day, int percent, size_t limit)
{
	mo_slot_query q = {vt, pv->staff, NULL, day, day, MO_PART_ANY, 0,
			   limit};
	slots x; /* not zeroed: 30 KB per call; n counts what is set */
	int rc;
	x.n = 0;
	rc = mo_sched_find(s->p, s->actor, &q, keep_slot, &x, s->e);
	for (int i = 0; !rc && i < x.n; i++) {
		mo_appt_new in = {random_patient(s), pv->staff, x.v[i].location,
				  vt, x.v[i].start_us, NULL, false, NULL};
		int64_t id;
		if (pick(s, 100) >= percent)
			continue;
		rc = mo_sched_book(s->p, s->actor, &in, &id, s->e);
		if (rc == MO_EEXIST || rc == MO_EINVAL || rc == MO_EDENIED)
			rc = 0; /* that patient is busy then, or a rule says no */
		else if (!rc && !(rc = remember(s, id, &in)))
			s->n->appointments++;
	}
	return rc;
}

static int book_day(seeder *s, int32_t day)
{
	int rc = 0;
	size_t n = s->o->providers ? (size_t)s->o->providers
				   : s->c->nproviders;
	for (size_t k = 0; !rc && k < n; k++) {
		const mo_provider *pv = &s->c->providers[k];
		const char *fresh = visit_type(s->c, pv, true);
		const char *old = visit_type(s->c, pv, false);
		if (fresh)
			rc = book_type(s, pv, fresh, day, 100, 2);
		if (!rc && old)
			rc = book_type(s, pv, old, day, 80, 256);
	}
	return rc;
}

/* ---- billing ---- */

/* Common diagnoses (ICD-10-CM, public domain). */
static const char *const DX[] = {"I10", "E11.9", "J06.9", "Z00.00",
	"M54.50", "J02.9", "R05.9", "E78.5", "K21.9", "F41.1", "N39.0",
	"R51.9"};

static bool bills(const seeder *s)
{
	return s->c->npayers > 0 && s->c->nfee_schedules > 0;
}

/* A new patient's payer: Medicare for the over-65s when practice.yaml has
 * one, else another payer; none for about one in seven. */
static const mo_payer *payer_for(seeder *s, int32_t birth_day)
{
	const mo_payer *medicare = NULL;
	if (pick(s, 7) == 0)
		return NULL;
	for (size_t i = 0; i < s->c->npayers; i++)
		if (strcmp(s->c->payers[i].kind, "medicare") == 0)
			medicare = &s->c->payers[i];
	if (medicare && s->today - birth_day > 65 * 365)
		return medicare;
	for (int tries = 0; tries < 8; tries++) {
		const mo_payer *py = &s->c->payers[pick(s, (int)s->c->npayers)];
		if (strcmp(py->kind, "medicare") && strcmp(py->kind, "self_pay"))
			return py;
	}
	return NULL;
}

static int insure(seeder *s, int64_t patient, int32_t birth_day)
{
	const mo_payer *py = payer_for(s, birth_day);
	mo_insurance_new in = {0};
	char member[24];
	int rc;
	if (!py)
		return 0;
	snprintf(member, sizeof member, "SEED%08lld", (long long)patient);
	in.patient = patient;
	in.payer = py->id;
	in.rank = 1;
	in.relation = "self";
	in.member_id = member;
	in.from_day = s->today - s->o->days - 365;
	rc = mo_ins_add(s->p, s->actor, &in, NULL, s->e);
	s->n->insured += !rc;
	return rc;
}

/* A co-payment at check-in (the clock at the visit, then back). */
static int copay(seeder *s, const booked *b)
{
	static const char *const method[] = {"cash", "cash", "card", "check"};
	int64_t back = mo_clock_now_us();
	char ref[24] = "";
	mo_pay_new in = {b->patient, 2500, method[pick(s, 4)], NULL, "copay",
			 b->id};
	int rc;
	if (strcmp(in.method, "check") == 0)
		snprintf(ref, sizeof ref, "%ld", 1001 + s->checks++ % 8999);
	else if (strcmp(in.method, "card") == 0)
		snprintf(ref, sizeof ref, "4%03d", pick(s, 1000));
	in.reference = ref[0] ? ref : NULL;
	clock_to(s, b->start_us);
	rc = mo_pay_collect(s->p, s->actor, &in, NULL, s->e);
	clock_to(s, back);
	s->n->payments += !rc;
	return rc;
}

/* The charges of a visit checked out: its visit type's first code, for
 * one or two diagnoses; a co-payment for most insured patients. */
static int bill_visit(seeder *s, const booked *b)
{
	const mo_visit_type *vt = mo_config_visit_type(s->c, b->visit_type);
	mo_charge_line line = {NULL, {NULL}, 1, {1, 0, 0, 0}};
	mo_encounter_new in = {b->id, {DX[pick(s, COUNT(DX))]}, &line, 1};
	int32_t day, sec;
	char payer[65];
	int rc;
	if (!bills(s) || !vt || !vt->ncodes)
		return 0;
	if (pick(s, 3) == 0 && strcmp((in.diagnoses[1] = DX[pick(s, COUNT(DX))]),
				      in.diagnoses[0]))
		line.pointers[1] = 2;
	else
		in.diagnoses[1] = NULL;
	line.code = vt->codes[0];
	if ((rc = mo_tz_from_utc(s->c->timezone, b->start_us, &day, &sec,
				 s->e)))
		return rc;
	if (pick(s, 10) < 7 && mo_ins_in_force(s->p, b->patient, day, 1, payer,
					       NULL, NULL) == 0 &&
	    (rc = copay(s, b)))
		return rc;
	rc = mo_charge_enter(s->p, s->actor, &in, NULL, s->e);
	if (rc == MO_EINVAL && strstr(s->e->msg, "no fee"))
		return 0; /* the fee schedule does not price that code then */
	s->n->charges += !rc;
	return rc;
}

/* The day's cash and checks to the bank, the evening after. */
static int deposit(seeder *s, int32_t day)
{
	int64_t id, total, count;
	int rc;
	if (!bills(s))
		return 0;
	rc = mo_pay_deposit(s->p, s->actor, day, &id, &count, &total, s->e);
	if (rc == MO_ENOTFOUND)
		return 0;
	s->n->deposits += !rc;
	return rc;
}

/* What happened to the day's appointments, seen the evening after. */
static int outcomes(seeder *s)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < s->nbooked; i++) {
		int r = pick(s, 100);
		if (r < 6) {
			rc = mo_sched_status(s->p, s->actor, s->booked[i].id,
					     "no_show", s->e);
			s->n->no_shows += !rc;
		} else if (r < 10) {
			rc = mo_sched_cancel(s->p, s->actor, s->booked[i].id,
					     "the patient called to cancel",
					     s->e);
			s->n->cancelled += !rc;
		} else {
			rc = mo_sched_status(s->p, s->actor, s->booked[i].id,
					     "checked_out", s->e);
			s->n->checked_out += !rc;
			if (!rc)
				rc = bill_visit(s, &s->booked[i]);
			if (!rc && s->lab.on && pick(s, 12) == 0)
				rc = lab_test(s, &s->booked[i]);
		}
	}
	return rc;
}

/* ---- the office lab (CLIA-waived tests) ---- */

bool mo_seed_may(mo_practice *p, const char *who, const char *action)
{
	mo_decision d;
	mo_err ignored;
	return mo_practice_decide(p, who, action, NULL, 0, &d, &ignored) == 0 &&
	       d.verdict != MO_VERDICT_DENY;
}

static bool may(seeder *s, const char *who, const char *action)
{
	return mo_seed_may(s->p, who, action);
}

/* A year's kit and control lots of every test, received on day (named
 * after it); the QC of the new lots falls due at once. */
static int lab_lots(seeder *s, int32_t day)
{
	lab *l = &s->lab;
	char lot[40];
	int rc = 0;
	l->opened = day;
	for (size_t i = 0; !rc && i < l->n; i++) {
		lot_name(l, i, lot);
		mo_clia_lot_new kit = {l->k[i].id, "kit", lot, NULL, day + 365,
				       NULL};
		mo_clia_lot_new ctl = {l->k[i].id, "control", lot, NULL,
				       day + 365, NULL};
		if (!(rc = mo_clia_lot_add(s->p, s->actor, &kit, NULL, s->e)))
			rc = mo_clia_lot_add(s->p, s->actor, &ctl, NULL, s->e);
		l->last_qc[i] = INT32_MIN / 2;
	}
	return rc;
}

/* The lab runs when the practice has a certificate, the waived_test
 * workflow and someone to run it; its lots and competencies. */
static int lab_open(seeder *s, int32_t day)
{
	lab *l = &s->lab;
	mo_wf_answer a;
	mo_err ignored;
	int rc = 0;
	if (!s->c->clia.certificate ||
	    mo_practice_workflow(s->p, MO_WF_INITIAL, "waived_test", NULL, NULL,
				 NULL, 0, &a, &ignored))
		return 0;
	for (size_t i = 0; !l->operator_ && i < s->c->nstaff; i++)
		if (may(s, s->c->staff[i].id, "clia.perform") &&
		    may(s, s->c->staff[i].id, "clia.qc"))
			l->operator_ = s->c->staff[i].id;
	while (l->operator_ && l->n < LAB_TESTS &&
	       mo_clia_menu_at(s->p, l->n, &l->k[l->n]) == 0)
		l->n++;
	rc = lab_lots(s, day);
	for (size_t i = 0; !rc && i < l->n; i++)
		rc = mo_clia_competency(s->p, s->actor, l->operator_,
					l->k[i].id, day + 3650, s->e);
	l->on = !rc && l->n > 0;
	return rc;
}

/* The day's temperatures (mid-range) and the QC that falls due. */
static int lab_day(seeder *s, int32_t day)
{
	lab *l = &s->lab;
	char lot[40];
	int64_t lo, hi;
	int rc = day - l->opened >= 330 ? lab_lots(s, day) : 0;
	for (size_t i = 0; !rc && i < l->n; i++) {
		const mo_clia_test_kind *k = &l->k[i];
		bool first = true;
		for (size_t j = 0; j < i; j++)
			first = first && strcmp(l->k[j].storage, k->storage);
		if (first && mo_clia_storage_range(s->p, k->storage, &lo, &hi))
			rc = mo_clia_temperature(s->p, l->operator_, k->storage,
						 (lo + hi) / 2 + pick(s, 100),
						 NULL, NULL, s->e);
		if (rc || day - l->last_qc[i] < k->qc_days)
			continue;
		lot_name(l, i, lot);
		rc = mo_clia_qc(s->p, l->operator_, k->id, lot, "positive",
				"in range", "in range", "due", NULL, NULL, s->e);
		l->last_qc[i] = day;
	}
	return rc;
}

static const char SQL_SEED_PATIENT[] =
	"SELECT given || ' ' || family, birth_day FROM patient WHERE id = ?";

static int patient_ids(seeder *s, int64_t patient, char name[208],
		       char dob[11])
{
	sqlite3_stmt *st;
	int rc = mo_db_stmt(mo_practice_db(s->p), SQL_SEED_PATIENT, &st, s->e);
	if (rc)
		return rc;
	sqlite3_bind_int64(st, 1, patient);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : MO_ENOTFOUND;
	if (!rc) {
		snprintf(name, 208, "%s", sqlite3_column_text(st, 0));
		mo_date_format(sqlite3_column_int(st, 1), dob);
	}
	sqlite3_reset(st);
	return rc ? mo_err_set(s->e, rc, "seed: no patient %lld",
			       (long long)patient) : 0;
}

/* A test's allowed value: the first listed, or mid-range. */
static void normal_value(const mo_clia_test_kind *k, char out[32])
{
	if (k->values[0]) {
		snprintf(out, 32, "%.*s", (int)strcspn(k->values, ","),
			 k->values);
		return;
	}
	int64_t v = (k->low + k->high) / 200;
	snprintf(out, 32, "%lld", (long long)v);
}

/* A test of the menu for a visit seen, from the order to the closing. */
static int lab_test(seeder *s, const booked *b)
{
	lab *l = &s->lab;
	size_t i = (size_t)pick(s, (int)l->n);
	const mo_clia_test_kind *k = &l->k[i];
	char name[208], dob[11], lot[40], spec[64], value[32];
	int64_t id;
	int rc;
	lot_name(l, i, lot);
	snprintf(spec, sizeof spec, "%.*s", (int)strcspn(k->specimens, ","),
		 k->specimens);
	normal_value(k, value);
	if ((rc = patient_ids(s, b->patient, name, dob)) ||
	    (rc = mo_clia_order(s->p, b->provider, b->id, k->id, "Z01.89", &id,
				s->e)))
		return rc == MO_EDENIED ? 0 : rc;
	struct {
		const char *as, *event;
		mo_fact f[3];
		size_t n;
	} steps[] = {
		{l->operator_, "collect", {{"specimen", MO_FACT_STR, spec, 0},
		 {"name", MO_FACT_STR, name, 0}, {"dob", MO_FACT_STR, dob, 0}},
		 3},
		{l->operator_, "qc_pass", {{"lot", MO_FACT_STR, lot, 0}}, 1},
		{l->operator_, "perform", {{0}}, 0},
		{l->operator_, "result", {{"value", MO_FACT_STR, value, 0}}, 1},
		{b->provider, "review", {{0}}, 0},
		{l->operator_, "notify", {{"method", MO_FACT_STR, "phone", 0}}, 1},
		{b->provider, "close", {{0}}, 0},
	};
	for (size_t j = 0; !rc && j < sizeof steps / sizeof steps[0]; j++)
		rc = mo_clia_step(s->p, steps[j].as, id, steps[j].event,
				  steps[j].f, steps[j].n, NULL, s->e);
	if (rc == MO_EINVAL && strstr(s->e->msg, "no fee"))
		return 0; /* the fee schedule does not price that test: open */
	s->n->clia_tests += !rc;
	return rc;
}

/* ---- shifts ---- */

/* Every staff member who is not a provider works 07:30-17:30 at their
 * first location (or the practice's first) on days it is open. */
static int shifts_for(seeder *s, int32_t day)
{
	int rc = 0;
	memset(s->worked, 0, s->c->nstaff * sizeof *s->worked);
	if (!s->nbooked)
		return 0;
	for (size_t i = 0; !rc && i < s->c->nstaff; i++) {
		const mo_staff *st = &s->c->staff[i];
		const char *loc = st->nlocations ? st->locations[0]
						 : s->c->locations[0].id;
		if (mo_config_provider(s->c, st->id))
			continue;
		rc = mo_shift_add(s->p, s->actor, st->id, loc, day, 27000, 63000,
				  NULL, s->e);
		s->worked[i] = !rc; /* a new shift (not one seeded before) */
		if (rc == MO_EEXIST)
			rc = 0;
		s->n->shifts += s->worked[i];
	}
	return rc;
}

/* ---- the office: supplies, equipment, bills, time cards ---- */

static const struct supply {
	const char *name, *category, *unit;
	int64_t reorder_point, reorder_quantity, unit_cost;
	int use; /* up to this many used on a day the office is open */
} SUPPLY[SUPPLIES] = {
	{"Nitrile gloves (M)", "medical", "box of 100", 5, 20, 850, 2},
	{"Syringes 3 mL", "medical", "box of 100", 3, 10, 1400, 1},
	{"Alcohol prep pads", "medical", "box of 200", 4, 12, 450, 1},
	{"Exam table paper", "office", "roll", 6, 24, 600, 2},
};

static const struct asset {
	const char *name, *kind, *room_kind, *what;
	int32_t every;
	bool range; /* 2 to 8 degrees */
} ASSET[ASSETS] = {
	{"Autoclave", "autoclave", "lab", "spore_test", 30, false},
	{"Vaccine refrigerator", "refrigerator", "lab", "temperature", 1, true},
	{"Exam table", "exam_table", "exam", "inspection", 365, false},
};

static const mo_ap_vendor_new VENDOR[2] = {
	{"Sampleton Property Management", "rent", 10, "SUITE-100",
	 "6125550190"},
	{"Sampleton Power & Light", "utilities", 21, "88-301-774",
	 "6125550123"},
};

/* Receives quantity of supply i (its first stock or a restock). */
static int restock(seeder *s, size_t i, int64_t quantity)
{
	mo_inv_receipt_line line = {s->office.item[i], quantity, NULL, 0};
	int rc = mo_inv_receive(s->p, s->actor, 0, &line, 1, NULL, s->e);
	s->office.on_hand[i] += rc ? 0 : quantity;
	return rc;
}

static int supplies_open(seeder *s)
{
	office *o = &s->office;
	int rc = 0;
	for (size_t i = 0; !rc && i < SUPPLIES; i++) {
		const struct supply *u = &SUPPLY[i];
		mo_inv_item_new in = {u->name, u->category, u->unit,
				      s->c->locations[0].id, NULL,
				      u->reorder_point, u->reorder_quantity,
				      "Henry Schein", u->unit_cost, false};
		rc = mo_inv_item_add(s->p, s->actor, &in, &o->item[i], s->e);
		if (rc == MO_EEXIST) /* seeded before */
			rc = 0, o->item[i] = 0;
		else if (!rc && !(rc = restock(s, i, u->reorder_quantity +
							 u->reorder_point)))
			s->n->items++;
	}
	return rc;
}

/* A day's use of each supply, never more than on hand; a restock of
 * what falls to its reorder point. */
static int supplies_day(seeder *s)
{
	office *o = &s->office;
	int rc = 0;
	for (size_t i = 0; !rc && i < SUPPLIES; i++) {
		int64_t n = opick(s, SUPPLY[i].use + 1);
		if (!o->item[i])
			continue;
		n = n < o->on_hand[i] ? n : o->on_hand[i];
		mo_inv_out out = {o->item[i], "used", n, NULL, NULL};
		if (n)
			rc = mo_inv_use(s->p, s->actor, &out, &o->on_hand[i],
					s->e);
		if (!rc && o->on_hand[i] <= SUPPLY[i].reorder_point)
			rc = restock(s, i, SUPPLY[i].reorder_quantity);
	}
	return rc;
}

static const char *room_of(const mo_location *l, const char *kind)
{
	for (size_t i = 0; i < l->nrooms; i++)
		if (strcmp(l->rooms[i].kind, kind) == 0)
			return l->rooms[i].id;
	return NULL;
}

/* The equipment, when someone other than a provider may service it (the
 * schedules' assignee); each first due today. */
static int equipment_open(seeder *s, int32_t day)
{
	office *o = &s->office;
	const mo_location *l = &s->c->locations[0];
	int rc = 0;
	for (size_t i = 0; !o->tech && i < s->c->nstaff; i++)
		if (!mo_config_provider(s->c, s->c->staff[i].id) &&
		    may(s, s->c->staff[i].id, "equipment.service"))
			o->tech = s->c->staff[i].id;
	for (size_t i = 0; o->tech && !rc && i < ASSETS; i++) {
		const struct asset *a = &ASSET[i];
		mo_equip_asset_new in = {a->name, a->kind, l->id,
					 room_of(l, a->room_kind), NULL, NULL,
					 NULL, NULL};
		mo_equip_schedule_new sc = {0, a->what, a->every, 0, 0, false,
					    o->tech, a->range, 200, 800};
		if (!(rc = mo_equip_add(s->p, s->actor, &in, &o->asset[i],
					s->e))) {
			sc.asset = o->asset[i];
			rc = mo_equip_schedule(s->p, s->actor, &sc, NULL, s->e);
		}
		o->due[i] = day;
	}
	return rc;
}

/* Passing checks of what falls due (by the assignee, on open days). */
static int equipment_day(seeder *s, int32_t day)
{
	office *o = &s->office;
	int rc = 0;
	for (size_t i = 0; o->tech && !rc && i < ASSETS; i++) {
		mo_equip_record_new r = {o->asset[i], ASSET[i].what, "pass",
					 ASSET[i].range, 350 + opick(s, 200), 0,
					 NULL, NULL, NULL};
		if (day < o->due[i])
			continue;
		rc = mo_equip_service(s->p, o->tech, &r, NULL, NULL, s->e);
		s->n->services += !rc;
		o->due[i] = day + ASSET[i].every;
	}
	return rc;
}

static int vendors_open(seeder *s)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < 2; i++)
		if ((rc = mo_ap_vendor_add(s->p, s->actor, &VENDOR[i],
					   &s->office.vendor[i], s->e)) ==
		    MO_EEXIST)
			rc = 0, s->office.vendor[i] = 0;
	return rc;
}

/* The rent and the utilities, entered on the first of each month. */
static int bills_day(seeder *s, int32_t day)
{
	int y, m, d, rc = 0;
	char number[2][24];
	mo_civil_from_days(day, &y, &m, &d);
	if (d != 1)
		return 0;
	snprintf(number[0], sizeof number[0], "R-%04d-%02d", y, m);
	snprintf(number[1], sizeof number[1], "PL%04d%02d", y, m);
	int64_t amount[2] = {450000, 28000 + opick(s, 20000)};
	for (size_t i = 0; !rc && i < 2; i++) {
		mo_ap_bill_new b = {VENDOR[i].name, number[i], day, 0, NULL,
				    amount[i], NULL};
		if (!s->office.vendor[i])
			continue;
		rc = mo_ap_bill_enter(s->p, s->actor, &b, NULL, s->e);
		s->n->bills += !rc;
	}
	return rc;
}

/* Clocks staff member i in near 07:30 and out near 17:30 of the day
 * that begins at midnight (the clock moved to each, then back). */
static int timecard(seeder *s, size_t i, int64_t midnight)
{
	const char *who = s->c->staff[i].id;
	int64_t back = mo_clock_now_us(), min = 60LL * 1000000;
	int rc;
	clock_to(s, midnight + 27000LL * 1000000 + (opick(s, 15) - 10) * min);
	if (!(rc = mo_tc_clock_in(s->p, who, NULL, s->e))) {
		clock_to(s, midnight + 63000LL * 1000000 +
			    (opick(s, 20) - 5) * min);
		rc = mo_tc_clock_out(s->p, who, NULL, s->e);
	}
	clock_to(s, back);
	s->n->timecards += !rc;
	return rc;
}

/* A time card for each new shift of the day of staff who may clock. */
static int timecards_day(seeder *s, int64_t midnight)
{
	int rc = 0;
	for (size_t i = 0; !rc && i < s->c->nstaff; i++)
		if (s->worked[i] && s->clocks[i])
			rc = timecard(s, i, midnight);
	return rc;
}

/* The office on the first day: supplies, equipment and vendors. */
static int office_open(seeder *s, int32_t day)
{
	int rc;
	for (size_t i = 0; i < s->c->nstaff; i++)
		s->clocks[i] = may(s, s->c->staff[i].id, "timecard.clock");
	s->office.on = true;
	if (!(rc = supplies_open(s)) && !(rc = equipment_open(s, day)) &&
	    !(rc = vendors_open(s)))
		rc = mo_seed_staff_new(s->p, s->actor, s->o->seed, day,
				       &s->staff, s->e);
	return rc;
}

/* The office's day, at 18:00: bills on the first of the month; on days
 * it is open, the day's time cards, supplies used and the checks that
 * fall due. */
static int office_day(seeder *s, int32_t day, int64_t midnight)
{
	int rc = s->office.on ? 0 : office_open(s, day);
	if (!rc)
		rc = bills_day(s, day);
	if (rc || !s->nbooked)
		return rc;
	if (!(rc = timecards_day(s, midnight)) && !(rc = supplies_day(s)) &&
	    !(rc = equipment_day(s, day)))
		rc = mo_seed_staff_day(s->staff, day, s->e);
	return rc;
}

/* ---- claims and remittances, each Friday ---- */

/* Every payer's ready claims as an 837P batch (the text is dropped). */
static int export_all(seeder *s)
{
	for (size_t i = 0; i < s->c->npayers; i++) {
		char *text = NULL;
		size_t len;
		int n = 0, rc = mo_claim_export(s->p, s->actor,
						s->c->payers[i].id, 'P', &text,
						&len, NULL, &n, s->e);
		free(text);
		if (rc == MO_ENOTFOUND)
			continue;
		if (rc)
			return rc;
		s->n->batches++;
	}
	return 0;
}

/* Each payer pays what was submitted two weeks ago or more (remit.h),
 * through the same import as a real payer's file. */
static int remit_all(seeder *s, int32_t day)
{
	for (size_t i = 0; i < s->c->npayers; i++) {
		char trace[24], *text = NULL;
		size_t len;
		int claims, rc;
		mo_era_summary sum;
		snprintf(trace, sizeof trace, "EFT%06u", s->remits + 1);
		mo_remit_opts o = {s->c->payers[i].id, mo_clock_now_us() -
			14 * 24 * HOUR_US, 25, s->state + s->remits,
			s->remits + 1, trace, day, 5000};
		rc = mo_remit_make(s->p, s->actor, &o, &text, &len, &claims,
				   s->e);
		if (rc == MO_ENOTFOUND)
			continue;
		if (!rc)
			rc = mo_era_import(s->p, s->actor, o.payer, trace, text,
					   len, &sum, s->e);
		free(text);
		if (rc)
			return rc;
		s->remits++;
		s->n->remittances++;
		s->n->claims_paid += sum.claims;
		s->n->denied += sum.denied;
	}
	return 0;
}

static int bill_week(seeder *s, int32_t day)
{
	mo_claim_counts n;
	int rc;
	if (!bills(s) || mo_weekday(day) != 4)
		return 0;
	if ((rc = mo_claim_create(s->p, s->actor, day, &n, s->e)))
		return rc;
	s->n->claims += n.created;
	return (rc = export_all(s)) ? rc : remit_all(s, day);
}

static int seed_day(seeder *s, int32_t day, int32_t today)
{
	mo_db *db = mo_practice_db(s->p);
	int64_t midnight;
	int rc;
	s->nbooked = 0;
	if ((rc = mo_tz_to_utc(s->c->timezone, day, 0, MO_TZ_SHIFT, &midnight,
			       s->e)))
		return rc;
	clock_to(s, midnight - 3 * HOUR_US); /* the evening before */
	if ((rc = mo_db_begin(db, s->e)))
		return rc;
	rc = book_day(s, day);
	if (!rc)
		rc = shifts_for(s, day);
	if (!rc && day < today) {
		clock_to(s, midnight + 18 * HOUR_US); /* the office closes */
		rc = office_day(s, day, midnight);
	}
	if (!rc && day < today) {
		clock_to(s, midnight + 27 * HOUR_US); /* the evening after */
		if (!s->lab.on && !s->lab.operator_ && day == today - s->o->days)
			rc = lab_open(s, day);
		if (!rc && s->lab.on)
			rc = lab_day(s, day);
		if (!rc)
			rc = outcomes(s);
		if (!rc)
			rc = deposit(s, day);
		if (!rc)
			rc = bill_week(s, day);
	}
	if (rc || (rc = mo_db_commit(db, s->e)))
		mo_db_rollback(db);
	return rc;
}

/* ---- recalls ---- */

static int seed_recalls(seeder *s, int32_t today)
{
	static const char *const why[] = {"annual physical",
		"diabetes follow-up", "blood pressure check"};
	mo_db *db = mo_practice_db(s->p);
	int rc = mo_db_begin(db, s->e);
	for (int i = 0; !rc && i < s->o->patients; i++) {
		if (pick(s, 10))
			continue;
		rc = mo_recall_add(s->p, s->actor, *s->first_id + i, NULL,
				   today + pick(s, 60) - 14, why[pick(s, 3)],
				   NULL, s->e);
		s->n->recalls += !rc;
	}
	if (!rc && (rc = mo_db_commit(db, s->e)))
		mo_db_rollback(db);
	else if (rc)
		mo_db_rollback(db);
	return rc;
}

static int check_opts(const mo_config *c, const mo_seed_opts *o, mo_err *e)
{
	if (o->patients < 1 || o->patients > 1000000)
		return mo_err_set(e, MO_EINVAL, "seed: patients: expected 1 to "
				  "1,000,000");
	if (o->days < 0 || o->days > 3660 || o->ahead < 0 || o->ahead > 90)
		return mo_err_set(e, MO_EINVAL, "seed: days: expected 0 to 3660 "
				  "of history and 0 to 90 ahead");
	if (o->providers < 0 || (size_t)o->providers > c->nproviders)
		return mo_err_set(e, MO_EINVAL, "seed: providers: practice.yaml "
				  "has %zu providers, %d asked for (add "
				  "providers to practice.yaml first)",
				  c->nproviders, o->providers);
	if (!c->nproviders || !c->nvisit_types || !c->nlocations)
		return mo_err_set(e, MO_EINVAL, "seed: practice.yaml needs "
				  "providers and visit types to seed "
				  "appointments");
	return 0;
}

/* WAL checkpoints every MO_SEED_CHECKPOINT pages while the seed runs;
 * then SQLite's default again, after a last checkpoint that empties the
 * WAL file (which would otherwise keep its size on disk). */
static void seed_checkpoints(mo_practice *p, bool on)
{
	char sql[96];
	snprintf(sql, sizeof sql, on ? "PRAGMA wal_autocheckpoint=%d"
		 : "PRAGMA wal_checkpoint(TRUNCATE); "
		   "PRAGMA wal_autocheckpoint=%d", on ? MO_SEED_CHECKPOINT : 1000);
	mo_db_exec(mo_practice_db(p), sql, NULL); /* only a speed setting */
}

int mo_seed_run(mo_practice *p, const char *actor, const mo_seed_opts *o,
		mo_seed_counts *out, mo_err *e)
{
	int64_t first = 0;
	seeder s = {.p = p, .c = mo_practice_config(p), .actor = actor, .o = o,
		    .n = out, .state = o->seed, .first_id = &first, .e = e};
	int32_t today, sec;
	int rc;
	memset(out, 0, sizeof *out);
	if ((rc = check_opts(s.c, o, e)) ||
	    (rc = mo_tz_from_utc(s.c->timezone, mo_clock_now_us(), &today, &sec,
				 e)))
		return rc;
	s.today = today;
	s.office.state = o->seed ^ 0x0FF1CE5EEDULL;
	if (!(s.worked = calloc(2 * s.c->nstaff + 1, sizeof *s.worked)))
		return mo_err_set(e, MO_ENOMEM, "seed: out of memory");
	s.clocks = s.worked + s.c->nstaff;
	seed_checkpoints(p, true);
	if ((rc = seed_patients(&s))) {
		seed_checkpoints(p, false);
		free(s.worked);
		return rc;
	}
	for (int32_t d = today - o->days; !rc && d < today + o->ahead; d++) {
		rc = seed_day(&s, d, today);
		progress(&s, "days", d - (today - o->days) + 1,
			 o->days + o->ahead);
	}
	mo_clock_shift(-s.shifted);
	if (!rc)
		rc = seed_recalls(&s, today);
	if (s.staff)
		mo_seed_staff_count(s.staff, out);
	mo_seed_staff_free(s.staff);
	seed_checkpoints(p, false);
	free(s.booked);
	free(s.worked);
	return rc;
}
