/* bench_era.c: posting a payer's 835. Writes a practice of its own and,
 * directly with SQLite (the set-up is not what is measured), CLAIMS
 * submitted claims of 3 charge lines each (99213, 87880, 36415) with
 * their ledger entries, then one 835 paying all of them (mo_x835_write):
 * each line paid 70%, 20% contractual (CO-45), 10% to the patient (PR-2),
 * matched by CLP01 and REF*6R. Then, ROUNDS times each on a fresh copy of
 * the database:
 * 1. mo_era_import: the parse, every balance, the duplicate checks, the
 *    matching, the ledger entries, the claims' statuses and history, the
 *    rows kept, the audit entry, in one operation;
 * 2. the floor: the same rows (era, era_claim, era_adjustment, journal,
 *    journal_line, claim, claim_event) written with plain prepared
 *    INSERTs and UPDATEs in one transaction, no parse, no lookups.
 * Prints medians in claims per second, RESULT lines and the peak memory.
 * Usage: bench_era [CLAIMS] [ROUNDS]. */
#include "bench.h"

#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "era.h"
#include "practice.h"
#include "units.h"
#include "x12w.h"
#include "x835.h"

#define LINES 3
static const char *const CODES[LINES] = {"99213", "87880", "36415"};
static const int64_t FEES[LINES] = {12000, 3500, 1000};

static void write_yaml(const char *dir)
{
	char path[256];
	FILE *f;
	snprintf(path, sizeof path, "%s/practice.yaml", dir);
	if (!(f = fopen(path, "w")))
		exit(1);
	fprintf(f, "practice: { name: Era Bench, timezone: America/Chicago }\n"
		"locations:\n  - { id: main, name: Main, rooms: [ { id: e1, "
		"kind: exam } ] }\nstaff:\n  - { id: drlee, name: Dr Lee, job: "
		"doc }\nproviders:\n  - { staff: drlee, npi: \"1234567893\", "
		"specialty: FM }\nvisit_types:\n  - { id: fu, name: Follow-up, "
		"duration: 20m }\nfee_schedules:\n  - { id: std, name: Std, "
		"fees: [ { code: \"99213\", charge: \"120.00\", from: "
		"2020-01-01 } ] }\npayers:\n  - { id: p1, name: Payer One, "
		"payer_id: \"P1\", kind: commercial, fee_schedule: std }\n");
	fclose(f);
}

/* Claim c (1..n) of patient 1 + c % patients on day: its visit, charges
 * c*3-2..c*3 posted to the payer, the claim submitted. */
static void fill(sqlite3 *db, long n, int32_t day)
{
	long patients = n / 5 + 1;
	char sql[600];
	snprintf(sql, sizeof sql, "BEGIN; INSERT INTO patient(id, family, "
		 "given, birth_day, sex, name_key, created_us, created_by, "
		 "updated_us, updated_by) WITH RECURSIVE n(i) AS (SELECT 1 "
		 "UNION ALL SELECT i + 1 FROM n WHERE i < %ld) SELECT i, 'Doe', "
		 "'Pat' || i, 3000, 'unknown', 'doe pat', 0, 'b', 0, 'b' FROM n;"
		 "INSERT INTO insurance(id, patient, payer, rank, relation, "
		 "member_id, from_day, created_us, created_by, updated_us, "
		 "updated_by) SELECT id, id, 'p1', 1, 'self', 'M' || id, 0, 0, "
		 "'b', 0, 'b' FROM patient", patients);
	bench_exec(db, sql);
	snprintf(sql, sizeof sql, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
		 "SELECT i + 1 FROM n WHERE i < %ld) INSERT INTO appointment(id, "
		 "patient, provider, location, visit_type, start_us, end_us, "
		 "status, created_us, created_by, updated_us) SELECT i, 1 + i %% "
		 "%ld, 'drlee', 'main', 'fu', %d * 86400000000, %d * "
		 "86400000000 + 1200000000, 'checked_out', 0, 'b', 0 FROM n",
		 n, patients, day, day);
	bench_exec(db, sql);
	bench_exec(db, "INSERT INTO encounter(id, appointment, patient, provider, "
	     "location, pos, day, created_us, created_by) SELECT id, id, "
	     "patient, 'drlee', 'main', '11', start_us / 86400000000, 0, 'b' "
	     "FROM appointment");
	for (int k = 0; k < LINES; k++) {
		snprintf(sql, sizeof sql, "INSERT INTO charge(id, encounter, "
			 "line, code, units, pointers, amount, provider, pos, "
			 "day, created_us, created_by) SELECT id * 3 - %d, id, "
			 "%d, '%s', 1, '1', %lld, 'drlee', '11', day, 0, 'b' "
			 "FROM encounter", 2 - k, k + 1, CODES[k],
			 (long long)FEES[k]);
		bench_exec(db, sql);
	}
	bench_exec(db, "INSERT INTO journal(id, at_us, day, kind, memo, actor) "
	     "SELECT id, 0, day, 'charge', 'bench', 'b' FROM encounter;"
	     "INSERT INTO journal_line(journal, account, amount, patient, "
	     "payer, charge, day, service_day) SELECT c.encounter, v.a, "
	     "v.s * c.amount, e.patient, CASE v.a WHEN 'ar_payer' THEN 'p1' "
	     "END, c.id, c.day, c.day FROM charge c JOIN encounter e ON e.id "
	     "= c.encounter, (SELECT 'ar_payer' a, 1 s UNION ALL SELECT "
	     "'revenue', -1) v;"
	     "INSERT INTO claim(id, encounter, patient, insurance, payer, rank, "
	     "status, total, created_us, created_by, updated_us) SELECT e.id, "
	     "e.id, e.patient, e.patient, 'p1', 1, 'submitted', (SELECT "
	     "sum(amount) FROM charge WHERE encounter = e.id), 0, 'b', 0 FROM "
	     "encounter e;"
	     "INSERT INTO claim_line(claim, charge) SELECT encounter, id FROM "
	     "charge; COMMIT");
}

/* ---- the 835 ---- */

typedef struct era835 {
	mo_x835 set;
	mo_x835_claim *claims;
	mo_x835_line *lines;
	mo_x835_adj *adjs;
	char *text;       /* ids and controls */
	char *out;
	size_t len;
} era835;

static void make_835(era835 *r, long n, int32_t day)
{
	long patients = n / 5 + 1;
	int64_t total = 0;
	char *t;
	r->claims = calloc((size_t)n, sizeof *r->claims);
	r->lines = calloc((size_t)n * LINES, sizeof *r->lines);
	r->adjs = calloc((size_t)n * LINES * 2, sizeof *r->adjs);
	r->text = t = calloc((size_t)n, 64);
	/* per claim 64 bytes of text: its id at 0, the member id at 12,
	 * the lines' control numbers at 32, 42 and 52 */
	for (long c = 1; c <= n; c++) {
		mo_x835_claim *cl = &r->claims[c - 1];
		size_t l0 = (size_t)(c - 1) * LINES;
		char *base = t + (c - 1) * 64;
		sprintf(base, "%ld", c);
		sprintf(base + 12, "M%ld", 1 + c % patients);
		*cl = (mo_x835_claim){base, "1", 0, 0, 0, "", base + 12, "DOE",
			"PAT", day, 0, 0, 0, l0, LINES, l0 * 2, LINES * 2, 0};
		for (int k = 0; k < LINES; k++) {
			mo_x835_line *l = &r->lines[l0 + (size_t)k];
			int64_t fee = FEES[k], co = fee / 5, pr = fee / 10;
			char *ctl = base + 32 + 10 * k;
			sprintf(ctl, "%ld", c * 3 - 2 + k);
			*l = (mo_x835_line){CODES[k], {NULL}, fee, fee - co - pr,
					    1, day, ctl, 0, 0, 0};
			r->adjs[(l0 + (size_t)k) * 2] = (mo_x835_adj){"CO", "45",
				co, l0 + (size_t)k};
			r->adjs[(l0 + (size_t)k) * 2 + 1] = (mo_x835_adj){"PR",
				"2", pr, l0 + (size_t)k};
			cl->charged += fee;
			cl->paid += fee - co - pr;
			cl->patient_due += pr;
		}
		total += cl->paid;
	}
	r->set = (mo_x835){.handling = "I", .amount = total, .method = "ACH",
		.paid_day = day + 20, .trace = "EFT1", .originator = "1999999999",
		.payer_name = "PAYER ONE", .payer_id = "P1",
		.payee_name = "ERA BENCH", .payee_npi = "1245319599",
		.claims = r->claims, .nclaims = (size_t)n, .lines = r->lines,
		.nlines = (size_t)n * LINES, .adjs = r->adjs,
		.nadjs = (size_t)n * LINES * 2, .remarks = NULL};
	mo_x12w_head h = {"P1", "1245319599", 1, 'T', day + 20, 0, "R"};
	mo_err e;
	if (mo_x835_write(&r->set, 1, &h, &r->out, &r->len, &e)) {
		fprintf(stderr, "bench_era: %s\n", e.msg);
		exit(1);
	}
}

/* ---- the rounds ---- */

static void copy_file(const char *from, const char *to)
{
	char cmd[1300];
	snprintf(cmd, sizeof cmd, "cp %s %s && rm -f %s-wal %s-shm", from, to,
		 to, to);
	if (system(cmd) != 0)
		exit(1);
}

static mo_practice *fresh(const char *dir)
{
	char from[300], to[300];
	mo_practice *p;
	mo_err e;
	snprintf(from, sizeof from, "%s/orig.db", dir);
	snprintf(to, sizeof to, "%s/practice.db", dir);
	copy_file(from, to);
	if (mo_practice_open(dir, 0, &p, &e)) {
		fprintf(stderr, "bench_era: %s\n", e.msg);
		exit(1);
	}
	return p;
}

static double ours(const char *dir, const era835 *r, long n)
{
	mo_practice *p = fresh(dir);
	mo_era_summary s;
	mo_err e;
	double t = bench_now_ms();
	if (mo_era_import(p, "drlee", NULL, "bench.835", r->out, r->len, &s,
			  &e) || s.claims != n) {
		fprintf(stderr, "bench_era: import: %s\n", e.msg);
		exit(1);
	}
	t = bench_now_ms() - t;
	mo_practice_close(p);
	return t;
}

typedef struct floor_st {
	sqlite3 *db;
	sqlite3_stmt *journal, *line, *eclaim, *adj, *claim, *event;
} floor_st;

static void jline(floor_st *f, int64_t j, const char *acct, int64_t amount,
		  int64_t patient, int64_t charge, int32_t day)
{
	sqlite3_bind_int64(f->line, 1, j);
	sqlite3_bind_text(f->line, 2, acct, -1, SQLITE_STATIC);
	sqlite3_bind_int64(f->line, 3, amount);
	sqlite3_bind_int64(f->line, 4, patient);
	sqlite3_bind_int64(f->line, 5, charge);
	sqlite3_bind_int(f->line, 6, day);
	bench_step(f->db, f->line);
}

/* Claim c's rows as era.c writes them, from the structs. */
static void floor_claim(floor_st *f, const era835 *r, long c, long patients)
{
	const mo_x835_claim *cl = &r->claims[c - 1];
	int64_t patient = 1 + c % patients, j, ec;
	int32_t day = cl->from;
	bench_step(f->db, f->journal);
	j = sqlite3_last_insert_rowid(f->db);
	for (size_t k = 0; k < cl->nlines; k++) {
		const mo_x835_line *l = &r->lines[cl->first_line + k];
		const mo_x835_adj *a = &r->adjs[(cl->first_line + k) * 2];
		int64_t charge = c * 3 - 2 + (int64_t)k;
		jline(f, j, "ar_payer", -l->charged, patient, charge, day);
		jline(f, j, "contractual", a[0].amount, patient, charge, day);
		jline(f, j, "ar_patient", a[1].amount, patient, charge, day);
	}
	jline(f, j, "bank", cl->paid, 0, 0, day);
	sqlite3_bind_int64(f->eclaim, 1, c);
	sqlite3_bind_int64(f->eclaim, 2, cl->charged);
	sqlite3_bind_int64(f->eclaim, 3, cl->paid);
	sqlite3_bind_int64(f->eclaim, 4, cl->patient_due);
	sqlite3_bind_int64(f->eclaim, 5, j);
	bench_step(f->db, f->eclaim);
	ec = sqlite3_last_insert_rowid(f->db);
	for (size_t k = 0; k < cl->nadjs; k++) {
		const mo_x835_adj *a = &r->adjs[cl->first_adj + k];
		sqlite3_bind_int64(f->adj, 1, ec);
		sqlite3_bind_int64(f->adj, 2, c * 3 - 2 + (int64_t)(k / 2));
		sqlite3_bind_text(f->adj, 3, a->group, -1, SQLITE_STATIC);
		sqlite3_bind_text(f->adj, 4, a->reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(f->adj, 5, a->amount);
		bench_step(f->db, f->adj);
	}
	sqlite3_bind_int64(f->claim, 1, c);
	bench_step(f->db, f->claim);
	sqlite3_bind_int64(f->event, 1, c);
	bench_step(f->db, f->event);
}

static double floor_rows(const char *dir, const era835 *r, long n)
{
	mo_practice *p = fresh(dir);
	floor_st f = {mo_db_sqlite(mo_practice_db(p)), NULL, NULL, NULL, NULL,
		      NULL, NULL};
	double t = bench_now_ms();
	bench_exec(f.db, "BEGIN; INSERT INTO era(payer, originator, trace, sha256, "
	     "method, amount, claims, file, created_us, created_by) VALUES("
	     "'p1', '1999999999', 'EFT1', 'x', 'ACH', 0, 0, 'b', 0, 'b')");
	f.journal = bench_prep(f.db, "INSERT INTO journal(at_us, day, kind, memo, "
			 "actor) VALUES(0, 0, 'payment', 'remittance 1, claim', "
			 "'drlee')");
	f.line = bench_prep(f.db, "INSERT INTO journal_line(journal, account, amount, "
		      "patient, payer, charge, day, service_day) VALUES(?1, ?2, "
		      "?3, nullif(?4, 0), 'p1', nullif(?5, 0), ?6, CASE WHEN "
		      "?5 THEN ?6 END)");
	f.eclaim = bench_prep(f.db, "INSERT INTO era_claim(era, claim, status, "
			"charged, paid, patient_due, denied, remarks, journal) "
			"VALUES(1, ?, '1', ?, ?, ?, 0, '', ?)");
	f.adj = bench_prep(f.db, "INSERT INTO era_adjustment(era_claim, charge, grp, "
		     "reason, amount) VALUES(?, ?, ?, ?, ?)");
	f.claim = bench_prep(f.db, "UPDATE claim SET status = 'paid', updated_us = 1 "
		       "WHERE id = ?");
	f.event = bench_prep(f.db, "INSERT INTO claim_event(claim, at_us, actor, "
		       "status) VALUES(?, 1, 'drlee', 'paid')");
	for (long c = 1; c <= n; c++)
		floor_claim(&f, r, c, n / 5 + 1);
	bench_exec(f.db, "COMMIT");
	t = bench_now_ms() - t;
	sqlite3_finalize(f.journal);
	sqlite3_finalize(f.line);
	sqlite3_finalize(f.eclaim);
	sqlite3_finalize(f.adj);
	sqlite3_finalize(f.claim);
	sqlite3_finalize(f.event);
	mo_practice_close(p);
	return t;
}

/* The parse and the checks alone (x12.h and x835.h). */
static double parse_only(const era835 *r)
{
	mo_x12 *x;
	mo_x835 *sets;
	size_t n;
	mo_err e;
	double t = bench_now_ms();
	if (mo_x12_parse(r->out, r->len, &x, &e) ||
	    mo_x835_read(x, &sets, &n, &e)) {
		fprintf(stderr, "bench_era: %s\n", e.msg);
		exit(1);
	}
	t = bench_now_ms() - t;
	mo_x835_free(sets, n);
	mo_x12_free(x);
	return t;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5;
	char dir[] = "/tmp/mo-bench-era-XXXXXX", path[300], name[120];
	double *a, *b, *c;
	era835 r = {0};
	mo_practice *p;
	mo_err e;
	if (n < 100 || rounds < 3 || !mkdtemp(dir))
		return 2;
	setenv("MEDOFFICE_NOW", "2026-11-23T18:00:00Z", 1);
	write_yaml(dir);
	if (mo_practice_open(dir, MO_PRACTICE_CREATE, &p, &e)) {
		fprintf(stderr, "%s\n", e.msg);
		return 1;
	}
	fill(mo_db_sqlite(mo_practice_db(p)), n, mo_practice_today(p) - 30);
	make_835(&r, n, mo_practice_today(p) - 30);
	mo_practice_close(p);
	snprintf(path, sizeof path, "%s/practice.db", dir);
	snprintf(name, sizeof name, "%s/orig.db", dir);
	copy_file(path, name);
	a = calloc((size_t)rounds, sizeof *a);
	b = calloc((size_t)rounds, sizeof *b);
	c = calloc((size_t)rounds, sizeof *c);
	for (int k = 0; k < rounds; k++) {
		a[k] = n / ours(dir, &r, n) * 1000;
		b[k] = n / floor_rows(dir, &r, n) * 1000;
		c[k] = n / parse_only(&r) * 1000;
	}
	double ma = bench_median(a, rounds), mb = bench_median(b, rounds);
	printf("%-52s %11s %11s  %s\n", "835 posting", "claims/s", "floor/s",
	       "ratio");
	printf("%-52s %11.0f %11.0f  %6.2fx\n", "import: parse, check, match, "
	       "post (one operation)", ma, mb, mb / ma);
	printf("%-52s %11.0f\n", "parse and balance checks alone",
	       bench_median(c, rounds));
	printf("%zu bytes, %ld claims of %d lines\n", r.len, n, LINES);
	snprintf(name, sizeof name, "835 posting, %ld claims of 3 lines", n);
	bench_result(name, ma, -1, "claims/s", ">=50000", mb);
	bench_peak("bench_era", RUSAGE_SELF);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	free(a);
	free(b);
	free(c);
	free(r.claims);
	free(r.lines);
	free(r.adjs);
	free(r.text);
	free(r.out);
	return system(path) != 0;
}
