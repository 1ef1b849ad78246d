# test_claims.sh: claims end to end on a starter practice (its claim
# edits in policies/billing/claims.lua; payers medicare, bluecross,
# aetna): insured patients with and without an address, visits charged
# (a Medicare lab test without QW), `claims create` holding the claims the
# 837P could not carry and those a rule denies, `recheck` after the data
# and the charges are fixed, `list`, `history`, `export` writing an 837P
# that the envelope, the HL tree, the claim totals and the service lines
# of are checked in the file, a second export with nothing ready, usage
# errors, a job without claim.create, and the audit.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" >/dev/null || bad "init"
cat > "$T/setup.lua" <<'EOF'
act_as("joe")
local a = patients.register{ family = "Able", given = "Ann", birth_date = "1950-05-06", sex = "female",
  address = { line1 = "1 Oak St", city = "Springfield", state = "IL", zip = "62701" } }
local b = patients.register{ family = "Baker", given = "Bo", birth_date = "1980-01-02", sex = "male" }
insurance.add{ patient = a, payer = "medicare", member_id = "1EG4-TE5-MK72", from = "2026-01-01" }
insurance.add{ patient = b, payer = "aetna", member_id = "W123456", from = "2026-01-01" }
schedule.book{ patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-11-23 10:00" }
schedule.book{ patient = b, provider = "drlee", visit_type = "follow_up", at = "2026-11-23 10:20" }
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "patients, insurance, visits"
export MEDOFFICE_NOW=2026-11-23T17:00:00Z # 11:00: both visits over
for id in 1 2; do for s in arrived roomed seen checked_out; do
  "$MEDOFFICE" schedule mark "$P" $id $s --as joe >/dev/null || bad "mark $id $s"
done; done
run charge enter "$P" --appointment 1 --dx J02.9 --line 99213 --line 87880 --as drlee; expect_rc 0 "Ann's visit"
run charge enter "$P" --appointment 2 --dx I10 --line 99214 --as drlee; expect_rc 0 "Bo's visit"

# create: Ann's Medicare claim gets QW on its lab line from a claim edit
# (a fix, kept in its history), then is held by a rule (no CLIA
# certificate); Bo's is held by
# missing data
run claims create "$P" --as maria; expect_rc 0 "claims create"
expect_out "2 claims made: 0 ready, 2 held"
run claims list "$P" --status held --as maria
expect_line "^#1 .*Able, Ann +medicare +185\.00  held +87880 is a CLIA-waived test but practice.yaml has no clia certificate \(rule 'lab lines name the CLIA certificate'"
expect_line "^#2 .*Baker, Bo +aetna +215\.00  held +the patient's address is incomplete"
run claims history "$P" 1 --as maria
expect_line " maria +fixed +added QW to 87880: 87880 is a CLIA-waived test: medicare wants it with QW \(rule 'waived tests carry QW where the payer wants it'"
run charge list "$P" --encounter 1 --as maria; expect_line '87880 *:? *QW|87880-QW|87880:QW'
run claims create "$P" --as maria; expect_out "0 claims made"

# fix the data, check again
run patient update "$P" 2 --line1 "2 Elm St" --city Springfield --state IL --zip 62702 --as joe; expect_rc 0 "Bo's address"
run claims recheck "$P" 2 --as maria; expect_rc 0 "recheck 2"; expect_out "claim 2: ready"
run claims recheck "$P" 1 --as maria
expect_out "claim 1: still held: 87880 is a CLIA-waived test but practice.yaml has no clia certificate"
run claims scrub "$P" --as maria; expect_rc 0 "scrub with a claim still held"
expect_line "^#1 held: 87880 is a CLIA-waived test but practice.yaml has no clia certificate"
expect_out "1 held claim checked again: 0 ready, 1 still held"
printf 'clia: { certificate: 05D1234567, type: waiver, expires: 2028-06-30, director: drlee }\n' >> "$P/practice.yaml"
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the CLIA certificate"
run claims scrub "$P" --as maria; expect_rc 0 "scrub: create, then the held claims again"
expect_out "0 claims made: 0 ready, 0 held"
expect_out "1 held claim checked again: 1 ready, 0 still held"
run claims list "$P" --status held --as maria; expect_out "0 claims"
run claims recheck "$P" 1 --as maria; expect_rc 1 "recheck a ready claim"; expect_err "claim 1 is ready, not held"
run claims recheck "$P" 9 --as maria; expect_rc 1 "recheck no claim"; expect_err "no claim 9"
run claims list "$P" --as maria; expect_out "2 claims"
expect_line '^#1 .*medicare +185\.00  ready'

# export: the 837P
run claims export "$P" --payer medicare -o "$T/mcr.837" --as maria; expect_rc 0 "export medicare"
expect_out "batch 1: 1 claim for medicare written to $T/mcr.837"
segs=$(tr '~' '\n' < "$T/mcr.837" | sed '/^$/d')
has() { printf '%s\n' "$segs" | grep -Eq -- "$1" && ok "837P has: $1" || bad "837P lacks: $1"; }
has '^ISA\*00\*          \*00\*          \*ZZ\*1245319599     \*ZZ\*MCR06          \*261123\*1100\*\^\*00501\*000000001\*0\*T\*:$'
has '^GS\*HC\*1245319599\*MCR06\*20261123\*1100\*1\*X\*005010X222A1$'
has '^ST\*837\*0001\*005010X222A1$'
has '^NM1\*85\*2\*Starter Family Clinic, LLC\*\*\*\*\*XX\*1245319599$'
has '^REF\*EI\*361234567$'
has '^HL\*1\*\*20\*1$'
has '^HL\*2\*1\*22\*0$'
has '^SBR\*P\*18\*+MB$'
has '^NM1\*IL\*1\*Able\*Ann\*\*\*\*MI\*1EG4-TE5-MK72$'
has '^DMG\*D8\*19500506\*F$'
has '^CLM\*1\*185\*\*\*11:B:1\*Y\*A\*Y\*Y$'
has '^REF\*X4\*05D1234567$'
has '^HI\*ABK:J029$'
has '^SV1\*HC:99213\*150\*UN\*1\*\*\*1$'
has '^SV1\*HC:87880:QW\*35\*UN\*1\*\*\*1$'
has '^DTP\*472\*D8\*20261123$'
n=$(printf '%s\n' "$segs" | awk '/^ST\*/{on=1} on{n++} /^SE\*/{print n; exit}')
has "^SE\*$n\*0001$"
has '^GE\*1\*1$'
has '^IEA\*1\*000000001$'
run claims list "$P" --status submitted --as maria; expect_line '^#1 .*submitted  batch 1$'
run claims history "$P" 1 --as maria
expect_line ' maria +held +87880 is a CLIA-waived test'
expect_line ' maria +ready *$'
expect_line ' maria +submitted *$'
run claims export "$P" --payer medicare -o "$T/again.837" --as maria; expect_rc 1 "nothing ready"
expect_err "no ready claim for medicare"
[ -e "$T/again.837" ] && bad "an empty batch file was left" || ok "no file when nothing was exported"
run claims export "$P" --payer aetna -o "$T/mcr.837" --as maria; expect_rc 1 "a file that exists is not overwritten"
expect_err "cannot create it (it may exist already); nothing was exported"
[ -s "$T/mcr.837" ] && ok "the first batch is still there" || bad "the first batch file was lost"
run claims export "$P" --payer aetna --as maria; expect_rc 0 "export to stdout"
expect_line '^ISA\*'

# usage errors and denials
run claims send "$P" --as maria; expect_rc 2 "an unknown subcommand"
run claims export "$P" --as maria; expect_rc 2 "export without --payer"; expect_err "export needs --payer"
run claims export "$P" --payer aetna --usage X --as maria; expect_rc 2 "a bad --usage"
run claims export "$P" --payer nobody --as maria; expect_rc 1 "an unknown payer"; expect_err "unknown payer 'nobody'"
run claims history "$P" --as maria; expect_rc 2 "history without a number"
run claims list "$P"; expect_rc 2 "no --as"
run claims create "$P" --through 2026-13-01 --as maria; expect_rc 2 "a bad --through"
run claims create "$P" --as joe; expect_rc 1 "the front desk may not make claims"; expect_err "joe may not claim.create"

# audit and books
run audit "$P" --staff maria; expect_line 'claim\.create +claims:2 '; expect_line 'claim\.submit +claim_batch:1 '
run check "$P" --db; expect_rc 0 "check --db"
finish
