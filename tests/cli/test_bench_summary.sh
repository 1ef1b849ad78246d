# test_bench_summary.sh: the summary of `make bench` (tests/bench/
# summary.awk): targets in the figure's unit and as ratios to the floor,
# rates (floor/median) and times (median/floor), figures without a target
# or a floor, a target it cannot read, names that need escaping in JSON,
# peak memory lines, and JSON that SQLite's json_valid accepts with the
# values in it.
. "$(dirname "$0")/lib.sh"

tab=$(printf '\t')
{
  printf 'some benchmark output\n'
  printf 'RESULT\tfast enough\t0.8\t1.5\tus\t<=1\t-1\n'
  printf 'RESULT\ttoo slow\t1.2\t-1\tus\t<=1\t-1\n'
  printf 'RESULT\tclose to the floor\t5\t-1\tms\t<=2.5x\t2\n'
  printf 'RESULT\tfar from the floor\t6\t-1\tms\t<=2.5x\t2\n'
  printf 'RESULT\ta rate\t60000\t-1\t/s\t>=50000\t200000\n'
  printf 'RESULT\thalf the raw rate\t40000\t-1\t/s\t<=2x\t100000\n'
  printf 'RESULT\tno target "quoted" \\ name\t3\t-1\tms\t\t-1\n'
  printf 'RESULT\tunreadable target\t3\t-1\tms\tfast\t-1\n'
  printf 'RESULT\tratio without a floor\t3\t-1\tms\t<=2x\t-1\n'
  printf 'PEAK\tbench_one\t20480\n'
} > "$T/log"
awk -F"$tab" -v json="$T/out.json" -v scale=small -v machine="test box" \
  -v when=2026-11-23T15:00:00Z -f "$SRC/tests/bench/summary.awk" \
  < "$T/log" > "$T/table" && ok "summary.awk runs" || bad "summary.awk failed"

row() { grep -F "$1" "$T/table" | head -1; }
check() { # check FIGURE EXPECTED-END-OF-ROW
  case "$(row "$1")" in
    *"$2") ok "$1: ...$2" ;;
    *) bad "$1: expected the row to end in '$2', got '$(row "$1")'" ;;
  esac
}
check "fast enough" "met"
check "too slow" "MISSED"
check "close to the floor" "2.50x  met"
check "far from the floor" "3.00x  MISSED"
check "a rate" "3.33x  met"
check "half the raw rate" "2.50x  MISSED"
check 'no target "quoted"' "-"
check "unreadable target" "?"
check "ratio without a floor" "?"
grep -q '^bench_one  *20.0 MiB$' "$T/table" && ok "peak memory in MiB" || bad "peak memory line: $(grep bench_one "$T/table")"
grep -q 'some benchmark output' "$T/table" && bad "other output leaked into the table" || ok "only RESULT and PEAK lines count"

v=$(sqlite3 :memory: "SELECT json_valid(readfile('$T/out.json')),
  json_extract(readfile('$T/out.json'), '\$.results[6].name'),
  json_extract(readfile('$T/out.json'), '\$.results[5].ratio'),
  json_extract(readfile('$T/out.json'), '\$.results[1].status'),
  json_type(readfile('$T/out.json'), '\$.results[0].floor'),
  json_extract(readfile('$T/out.json'), '\$.peak_kib.bench_one'),
  json_array_length(readfile('$T/out.json'), '\$.results')")
if [ "$v" = '1|no target "quoted" \ name|2.5|MISSED|null|20480|9' ]; then
  ok "the JSON is valid and holds the figures"
else
  bad "the JSON: got '$v'"
fi

# no figures at all: an empty table and valid JSON
printf 'nothing\n' | awk -F"$tab" -v json="$T/empty.json" -v scale=full -v machine=m -v when=w \
  -f "$SRC/tests/bench/summary.awk" > /dev/null
[ "$(sqlite3 :memory: "SELECT json_valid(readfile('$T/empty.json')), json_array_length(readfile('$T/empty.json'), '\$.results')")" = "1|0" ] \
  && ok "no figures: valid JSON with no results" || bad "no figures: $(cat "$T/empty.json")"
finish
