# test_office_month.sh: README's month in the office, from the shell. Each
# section of office_month.lua (a "--@ INSTANT STAFF" line starts one) is
# piped into `medoffice shell clinic --as STAFF` at that instant, in order
# of time with the front desk clocking in at 08:00 and out at 16:30 on each
# working day of the first pay period (2 to 13 November 2026); a failed
# assert fails the shell. The printed figures are then checked as README
# shows them.
. "$(dirname "$0")/lib.sh"
: "${SRC:?set SRC}"
cd "$T"
MEDOFFICE_NOW=2026-11-02T13:30:00Z "$MEDOFFICE" init clinic >/dev/null || bad "init"

script="$SRC/tests/cli/office_month.lua"
awk -v dir="$T" '
  /^--@ / { n++; f = sprintf("%s/%02d %s %s.lua", dir, n, $2, $3); next }
  n       { print > f }
' "$script"
: > events
for f in "$T"/[0-9][0-9]\ *.lua; do
  set -- $(basename "$f" .lua); echo "$2 section $3 $f" >> events
done
for d in 02 03 04 05 06 09 10 11 12 13; do
  echo "2026-11-${d}T14:00:00Z clock joe timecards.clock_in()" >> events
  echo "2026-11-${d}T22:30:00Z clock joe timecards.clock_out()" >> events
done
sort -s -k1,1 events > order

: > month.out
while read -r at kind who rest; do
  if [ "$kind" = clock ]; then
    echo "$rest" | MEDOFFICE_NOW=$at "$MEDOFFICE" shell clinic --as "$who" >/dev/null 2>>month.err ||
      bad "$who: $rest at $at"
  else
    MEDOFFICE_NOW=$at "$MEDOFFICE" shell clinic --as "$who" < "$rest" >> month.out 2>>month.err ||
      { cat month.err >&2; bad "the section at $at ($who) failed"; }
  fi
done < order
[ -s month.err ] && { cat month.err >&2; bad "the shell printed errors"; }

out=$(cat month.out)
expect_line "order	1	2	163.00"
expect_line "inventory use quantity: 1 is more than the 0 box of 100 on hand of Nitrile gloves \\(M\\) \\(item 1\\); stock cannot go below zero"
expect_line "rent	bill_payment:1	paid"
expect_line "order	partial	10"
expect_line "deposit	1	2	65.00"
expect_line "gloves on hand	8"
expect_line "power	paid	schein	paid"
expect_line "period	2026-11-02	2026-11-15"
expect_line "joe	4800	300	1575.00"
expect_line "export	1	1575.00"
expect_line "statement	5	4	-5300.40"
expect_line "unmatched	MONTHLY SERVICE FEE, NOVEMBER	-25.00"
expect_line "utilities	550.00	612.40	-62.40"
expect_line "eyewash	true"
expect_line "incident occurred: 2026-11-11 09:00 is in the future"
expect_line "review reviewer: maria cannot review themselves"
expect_line "approve	benefits"
expect_line "file	review	2026-11-16	4"
expect_line "file	benefits	2026-12-01	Blue Cross PPO 1500"
expect_line "joe may not hr.view"
expect_line "waste manifest: SA-2026-1120 is recorded already \\(pickup 1\\)"
expect_line "renew	practice	business_insurance	2027-03-31	current"
expect_line "compliance	2026-11-13	MISSED: OSHA eyewash station flush \\(2026-W46\\)"
expect_line "compliance	2026-11-30	Fire extinguishers inspected \\(2026-11\\): 0 of 3 items done"
[ -n "${MONTH_OUT:-}" ] && cp month.out "$MONTH_OUT"
finish
