#!/usr/bin/env bash
# run.sh: `make bench`. Builds nothing itself (make builds the programs).
# Runs every benchmark under tests/bench, each next to its floor measured
# in the same run (raw SQLite, Lua or libyaml doing the same work), prints
# their own tables as they go, then one summary table (figure, median,
# p99, target, floor, ratio to the floor, status) and the peak memory of
# each program, and writes the same as JSON (BENCH_JSON, default
# BUILD/bench.json) so that runs can be compared.
#   BENCH_SCALE=small  quick check, under a minute;
#   BENCH_SCALE=full   (default) the sizes the issues name.
#   ROUNDS=N           overrides the number of process runs per command.
# Benchmark programs print "RESULT<TAB>name<TAB>median<TAB>p99<TAB>unit<TAB>
# target<TAB>floor" and "PEAK<TAB>program<TAB>KiB" lines (tests/bench/
# bench.h); this script gathers them. A target is "<=N", "<N", ">=N" or
# ">N" in the figure's unit, or the same ending in "x" for the ratio to the
# floor. The ratio is how many times slower than the floor: median/floor
# for times, floor/median for rates (units ending in "/s").
set -euo pipefail
build=${1:-build}
scale=${BENCH_SCALE:-full}
case "$scale" in
small) rounds=30 perm=300 sched_rounds=50 sched_n=20000 seed_days=90 seed_patients=3000
       aging_lines=100000 x837_claims=10000 era_claims=2000 clia_tests=1000 stmt_patients=2000
       render_rows=10000 ledger_lines=100000 due_days=365 due_patients=500 ;;
full) rounds=300 perm=2000 sched_rounds=200 sched_n=100000 seed_days=1095 seed_patients=20000
      aging_lines=1000000 x837_claims=100000 era_claims=10000 clia_tests=20000 stmt_patients=10000
      render_rows=100000 ledger_lines=1000000 due_days=1825 due_patients=3000 ;;
*) echo "run.sh: BENCH_SCALE: expected small or full, got \"$scale\"" >&2; exit 2 ;;
esac
rounds=${ROUNDS:-$rounds}
json=${BENCH_JSON:-$build/bench.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mo="$(cd "$build" && pwd)/medoffice"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # the seeded history ends here

result() { printf 'RESULT\t%s\t%s\t-1\t%s\t%s\t-1\n' "$1" "$2" "$3" "$4"; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

benchmarks() {
  "$mo" init "$tmp/p" >/dev/null
  : > "$tmp/empty.lua"
  echo "== start-up: $rounds rounds, $(nproc) cores"
  "$build/bench_startup" "$rounds" \
    "floor: C + SQLite + Lua + libyaml" -- "$build/bench_floor" "$tmp/p" ";;" \
    "medoffice check (starter)|<=2.5x" -- "$mo" check "$tmp/p" ";;" \
    "medoffice run (empty script)|<=2.5x" -- "$mo" run "$tmp/p" "$tmp/empty.lua"

  # The practice model: check and apply on a generated practice of 200
  # providers among 1,000 staff (gen_practice.c), next to libyaml's raw
  # parse of the same file.
  "$build/gen_practice" 200 1000 > "$tmp/big.yaml"
  "$mo" init "$tmp/big" >/dev/null
  cp "$tmp/big.yaml" "$tmp/big/practice.yaml"
  local t0; t0=$(date +%s%N); "$mo" apply "$tmp/big" >/dev/null
  local first; first=$(ms_since "$t0")
  echo
  echo "== practice model: $(wc -c < "$tmp/big.yaml") bytes of YAML, 200 providers, 1000 staff"
  echo "first apply (1,200+ entities, one transaction): $first ms"
  result "first apply of 200 providers, 1,000 staff" "$first" ms ""
  "$build/bench_startup" "$rounds" \
    "floor: libyaml raw parse" -- "$build/bench_floor" --yaml "$tmp/big.yaml" ";;" \
    "medoffice check (unchanged)|" -- "$mo" check "$tmp/big" ";;" \
    "medoffice apply (unchanged)|<20" -- "$mo" apply "$tmp/big"
  "$build/bench_load" "$tmp/big.yaml" "$rounds"
  # Applying a change to every staff member (new hours for all 1,000).
  "$build/gen_practice" 200 1000 1 > "$tmp/big/practice.yaml"
  t0=$(date +%s%N); "$mo" apply "$tmp/big" >/dev/null
  local changed; changed=$(ms_since "$t0")
  echo "apply of 1,000 changed staff entries (one transaction): $changed ms"
  result "apply of 1,000 changed staff entries" "$changed" ms ""

  # Permissions and decisions (50 jobs, 300 actions, 1,000 staff; one Lua
  # rule on the starter practice; the bare C->Lua call as the floor).
  echo
  echo "== decisions"
  "$build/bench_perm" "$tmp/p" "$perm"

  # The appointment book (bench_sched writes its own practice of 50
  # providers; floors measured in the same run).
  echo
  echo "== appointment book"
  "$build/bench_sched" "$sched_rounds" "$sched_n"

  # The synthetic practice: 20 providers, the days of history of the
  # scale, next to raw inserts of the same rows.
  echo
  echo "== seed: 20 providers, $seed_days days, $seed_patients patients"
  "$mo" init "$tmp/seed" >/dev/null
  "$build/gen_practice" 20 60 > "$tmp/seed/practice.yaml"
  "$mo" apply "$tmp/seed" >/dev/null
  "$build/bench_seed" "$tmp/seed" "$seed_days" "$seed_patients"

  # Billing: the A/R aging over a large ledger (bench_aging writes its own
  # practice), next to a plain scan of the same lines.
  echo
  echo "== billing: A/R aging over $aging_lines ledger lines"
  "$build/bench_aging" "$aging_lines" 7

  # Patient statements: every patient of a practice of its own owes (three
  # visits each), each run a month after the last; next to the same
  # ledger sums in one SQLite query.
  echo
  echo "== billing: statements for $stmt_patients patients"
  "$build/bench_statement" "$stmt_patients" 5

  # Claims: made and checked by the starter's claim edits (Lua), then
  # written as 837P batches, next to a raw scan and formatting of the same
  # rows; remittances: one 835 paying every claim posted, next to raw
  # inserts of the same rows.
  echo
  echo "== billing: $x837_claims claims to 837P; an 835 of $era_claims claims posted"
  "$mo" init "$tmp/x837" >/dev/null
  printf 'clia: { certificate: 05D1234567, type: waiver, expires: 2028-06-30, director: drlee }\n' \
    >> "$tmp/x837/practice.yaml"
  "$mo" apply "$tmp/x837" --as maria >/dev/null
  "$build/bench_x837" "$tmp/x837" "$x837_claims" 3
  "$build/bench_era" "$era_claims" 5

  # CLIA: complete waived-test workflows (order and seven steps, each an
  # operation with its guard in Lua and its QC facts from the records, the
  # charge at the close), next to plain inserts of the same rows.
  echo
  echo "== CLIA: $clia_tests rapid strep tests from order to closing"
  "$mo" init "$tmp/clia" --template family-practice >/dev/null
  "$build/bench_clia" "$tmp/clia" "$clia_tests"

  # X12: reading an interchange of 100,000 segments, next to a memchr scan
  # of the same bytes.
  echo
  echo "== X12: reading an interchange of 100,000 segments"
  "$build/bench_x12" 100000 10

  # Reports: rows of six columns rendered to CSV into /dev/null, next to
  # fprintf of the same values preformatted; run again at ten times the
  # rows in a second process to show that memory stays flat.
  echo
  echo "== reports: $render_rows and $((render_rows * 10)) rows to CSV"
  "$build/bench_render" "$render_rows" 3

  # Reports: the day sheet of one day on a ledger of many lines, through
  # the engine (parameters, the checked and audited query, the totals,
  # the text into /dev/null), next to the same query stepped directly.
  echo
  echo "== reports: the day sheet on $ledger_lines ledger lines"
  "$mo" init "$tmp/report" --template family-practice >/dev/null
  "$build/bench_report" "$tmp/report" "$ledger_lines" 5

  # The one task list: a family practice seeded with $due_days days of
  # history (the data generator: visits, billing, the CLIA lab and the
  # office areas), the office manager's list 30 days ahead, next to the
  # same sources' rows read directly.
  echo
  echo "== the task list on $due_days days of history"
  "$mo" init "$tmp/due" --template family-practice >/dev/null
  "$mo" seed "$tmp/due" --as system --days "$due_days" --patients "$due_patients" >/dev/null
  "$build/bench_due" "$tmp/due" 5
}

# The summary table and the JSON, from the RESULT and PEAK lines.
summary() {
  awk -F'\t' -v json="$json" -v scale="$scale" -v machine="$1" -v when="$2" \
    -f "$(dirname "$0")/summary.awk"
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
machine="${cpu:-unknown CPU}, $(nproc) cores, ${mem:-? GiB}, $(uname -sr)"
benchmarks | tee "$tmp/log" | grep -v -E '^(RESULT|PEAK)	'
summary "$machine" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" < "$tmp/log"
