/* gen_practice.c: writes a large synthetic practice.yaml to stdout for
 * the configuration benchmarks: PROVIDERS providers among STAFF staff
 * members, 10 locations with 5 rooms each, visit types, a fee schedule
 * and payers. Each provider sees patients 20 hours a week (Monday and
 * Thursday, and Tuesday morning). NPIs carry valid check digits. It uses the jobs of the
 * starter template (jobs/starter.lua). Usage: gen_practice PROVIDERS
 * STAFF [SEED] (a different SEED changes every staff member's hours, so
 * that a second file differs from the first in every staff entry). */
#include <stdio.h>
#include <stdlib.h>

/* The Luhn check digit of "80840" followed by the 9 digits of base. */
static int npi_check(long base)
{
	char d[16];
	int sum = 0;
	snprintf(d, sizeof d, "80840%09ld", base);
	for (int i = 13, dbl = 1; i >= 0; i--, dbl = !dbl) {
		int v = (d[i] - '0') * (dbl ? 2 : 1);
		sum += v > 9 ? v - 9 : v;
	}
	return (10 - sum % 10) % 10;
}

static void practice(void)
{
	printf("practice:\n  name: Benchmark Health Group\n"
	       "  npi: \"%09ld%d\"\n  timezone: America/Chicago\n"
	       "  hours: { mon: \"08:00-17:00\", tue: \"08:00-17:00\", "
	       "wed: \"08:00-17:00\", thu: \"08:00-17:00\", fri: \"08:00-16:00\" }\n"
	       "policies:\n  - jobs/starter.lua\n  - tasks/office_tasks.lua\n"
	       "settings:\n  tasks: { title_min_length: 8, max_open_per_person: 25, "
	       "may_cancel_any: [ system ] }\n", 123456789L, npi_check(123456789L));
}

static void locations(void)
{
	static const char *kinds[] = {"front_desk", "exam", "exam", "procedure",
				      "lab"};
	printf("locations:\n");
	for (int l = 0; l < 10; l++) {
		printf("  - id: site%d\n    name: Site %d\n    pos: \"11\"\n"
		       "    rooms:\n", l, l);
		for (int r = 0; r < 5; r++)
			printf("      - { id: s%dr%d, name: Room %d, kind: %s, "
			       "equipment: [ exam_table ] }\n", l, r, r, kinds[r]);
	}
}

static void staff(int providers, int n, int seed)
{
	printf("staff:\n");
	for (int i = 0; i < n; i++) {
		const char *job = i < providers ? "physician_owner"
			: i < providers + 10 ? "office_manager" : "front_desk";
		printf("  - id: s%04d\n    name: Staff Member %d\n    job: %s\n"
		       "    locations: [ site%d ]\n    hired: 2020-01-%02d\n"
		       "    employment: full_time\n    pay: { type: hourly, "
		       "rate: \"%d.%02d\" }\n    weekly_hours: %d\n"
		       "    credentials:\n      - { kind: BLS, issuer: American "
		       "Heart Association, expires: 2028-06-30 }\n", i, i, job,
		       i % 10, 1 + i % 28, 18 + i % 30, i % 100,
		       20 + (i + seed) % 21);
	}
}

static void providers(int n)
{
	printf("providers:\n");
	for (int i = 0; i < n; i++) {
		long base = 300000000L + i * 7;
		printf("  - staff: s%04d\n    npi: \"%09ld%d\"\n    specialty: "
		       "Family Medicine\n    taxonomy: 207Q00000X\n"
		       "    visit_types: [ new_patient, established ]\n"
		       "    availability:\n      - { location: site%d, mon: "
		       "&d \"08:00-12:00, 13:00-17:00\", tue: \"08:00-12:00\", "
		       "thu: *d }\n",
		       i, base, npi_check(base), i % 10);
	}
}

static void catalogue(void)
{
	printf("visit_types:\n"
	       "  - { id: new_patient, name: New patient, duration: 40m, room: exam, "
	       "new_patient: true, codes: [ \"99203\" ] }\n"
	       "  - { id: established, name: Established patient, duration: 20m, "
	       "room: exam, codes: [ \"99213\" ] }\n"
	       "fee_schedules:\n  - id: standard\n    name: Standard\n    fees:\n");
	for (int c = 0; c < 50; c++)
		printf("      - { code: \"%05d\", charge: \"%d.00\", from: "
		       "2026-01-01 }\n", 99000 + c, 50 + c);
	printf("payers:\n");
	for (int p = 0; p < 5; p++)
		printf("  - { id: payer%d, name: Payer %d, kind: commercial, "
		       "payer_id: P%04d, fee_schedule: standard, percent: %d }\n",
		       p, p, p, 80 + p * 10);
}

int main(int argc, char **argv)
{
	int np = argc > 1 ? atoi(argv[1]) : 200;
	int ns = argc > 2 ? atoi(argv[2]) : 1000;
	int seed = argc > 3 ? atoi(argv[3]) : 0;
	if (np < 1 || ns < np + 11) {
		fprintf(stderr, "usage: gen_practice PROVIDERS STAFF [SEED] "
			"(STAFF > PROVIDERS + 10)\n");
		return 2;
	}
	practice();
	locations();
	staff(np, ns, seed);
	providers(np);
	catalogue();
	return 0;
}
