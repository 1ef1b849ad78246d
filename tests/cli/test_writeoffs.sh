# test_writeoffs.sh: write-offs and adjustments through the approval rules
# end to end on a starter practice (policies/approvals/office.lua: up to
# 25.00 maria, the office manager, approves; up to 500.00 drlee, the
# physician owner; above, maria then drlee; joe, the front desk, asks):
# two visits charged (Able owes hers, 750.00; Baker's goes to aetna,
# 150.00), then `request writeoff --fact charge=N` filed, approved (the
# balance moves only then), over the office manager's limit (refused to
# her, approved by the owner), a large one taking both steps, a denial
# (nothing posted), a contractual adjustment of the payer's balance
# (--fact from=payer --fact to=contractual), refusals when filed (more
# than is owed, no charge, a bad account) with nothing written, the audit
# trail and the trial balance.
. "$(dirname "$0")/lib.sh"

P="$T/p"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init "$P" >/dev/null || { bad "init"; finish; exit 1; }
cat > "$T/setup.lua" <<'EOF'
act_as("joe")
local a = patients.register{ family = "Able", given = "Ann", birth_date = "1970-05-06", sex = "female" }
local b = patients.register{ family = "Baker", given = "Bo", birth_date = "1950-01-02", sex = "male" }
insurance.add{ patient = b, payer = "aetna", member_id = "W55", from = "2026-01-01" }
schedule.book{ patient = a, provider = "drlee", visit_type = "follow_up", at = "2026-11-24 09:00" }
schedule.book{ patient = b, provider = "drlee", visit_type = "follow_up", at = "2026-11-24 09:20" }
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "patients, Baker's insurance and visits"
export MEDOFFICE_NOW=2026-11-24T16:00:00Z # Tuesday 10:00: both visits over
for a in 1 2; do
  for s in arrived roomed seen checked_out; do
    "$MEDOFFICE" schedule mark "$P" "$a" "$s" --as joe >/dev/null || bad "mark $a $s"
  done
done
run charge enter "$P" --appointment 1 --dx J02.9 --line 99213x5 --as drlee; expect_rc 0 "Able's visit"
run charge enter "$P" --appointment 2 --dx I10 --line 99213 --as drlee; expect_rc 0 "Baker's visit"

# due ACCOUNT CHARGE: what is owed on the charge in the account, in cents
due() { sqlite3 "$P/practice.db" "SELECT coalesce(sum(amount), 0) FROM journal_line WHERE charge = $2 AND account = '$1'"; }
account() { sqlite3 "$P/practice.db" "SELECT coalesce(sum(amount), 0) FROM journal_line WHERE account = '$1'"; }
rows() { sqlite3 "$P/practice.db" "SELECT (SELECT count(*) FROM journal_line), (SELECT count(*) FROM request)"; }
expect_due() { # expect_due ACCOUNT CHARGE CENTS WHAT
  local got; got=$(due "$1" "$2")
  [ "$got" = "$3" ] && ok "$4: $1 of charge $2 is $3" || bad "$4: $1 of charge $2 is $got, expected $3"
}
expect_due ar_patient 1 75000 "charged"
expect_due ar_payer 2 15000 "charged"

# ---- up to 25.00: the office manager ----
run request "$P" writeoff "Small balance" --amount 20.00 --fact charge=1 --as joe
expect_rc 0 "joe asks to write off 20.00 of charge 1"
expect_line '^#1 +writeoff +requested +20\.00 +joe +Small balance$'
expect_out "awaits office_manager (step 1 of 1)"
expect_due ar_patient 1 75000 "requested, not posted"
run approve "$P" 1 --as maria --reason "under the statement minimum"; expect_rc 0 "maria approves"
expect_line '^#1 +writeoff +approved +20\.00 +joe '
expect_due ar_patient 1 73000 "approved: posted"
[ "$(account writeoff)" = 2000 ] && ok "the writeoff account holds 20.00" || bad "writeoff account: $(account writeoff)"
run requests "$P" 1; expect_out "result:   journal:"

# ---- up to 500.00: the physician owner, not the office manager ----
run request "$P" writeoff "Courtesy" --amount 100.00 --fact charge=1 --as joe; expect_rc 0 "100.00"
expect_out "awaits physician_owner (step 1 of 1)"
run approve "$P" 2 --as maria; expect_rc 1 "over maria's limit"; expect_err "not an approver"
expect_due ar_patient 1 73000 "refused to maria: not posted"
run approve "$P" 2 --as drlee; expect_rc 0 "drlee approves"
expect_due ar_patient 1 63000 "approved by the owner"

# ---- above 500.00: the office manager, then the owner ----
run request "$P" writeoff "Bad debt" --amount 600.00 --fact charge=1 --as joe; expect_rc 0 "600.00"
expect_out "awaits office_manager (step 1 of 2)"
run approve "$P" 3 --as maria; expect_rc 0 "maria approves step 1"
expect_line '^#3 +writeoff +requested +600\.00 '
expect_due ar_patient 1 63000 "one step of two: not posted"
run approve "$P" 3 --as drlee; expect_rc 0 "drlee approves step 2"
expect_due ar_patient 1 3000 "both steps: posted"

# ---- denied: nothing posted ----
run request "$P" writeoff "Hardship" --amount 10.00 --fact charge=1 --as joe; expect_rc 0 "10.00"
run deny "$P" 4 --as maria --reason "on a payment plan"; expect_rc 0 "maria denies"
expect_line '^#4 +writeoff +denied +10\.00 '
expect_due ar_patient 1 3000 "denied"

# ---- the payer's balance: a contractual adjustment ----
run request "$P" writeoff "Contract pays 70%" --amount 45.00 --fact charge=2 \
  --fact from=payer --fact to=contractual --as joe; expect_rc 0 "a contractual adjustment"
run approve "$P" 5 --as drlee; expect_rc 0 "drlee approves the adjustment"
expect_due ar_payer 2 10500 "the payer's balance"
[ "$(account contractual)" = 4500 ] && ok "the contractual account holds 45.00" || bad "contractual: $(account contractual)"

# ---- refused when filed: nothing written ----
refused() { # refused TEXT ARGS...: exit 1 saying TEXT, no request, no line
  local text=$1 before; shift; before=$(rows)
  run "$@"; expect_rc 1 "refused: $text"; expect_err "$text"
  [ "$(rows)" = "$before" ] && ok "nothing written: $text" || bad "written: $text"
}
refused "ledger adjust amount: 40.00 is more than the 30.00 the patient owes on charge 1" \
  request "$P" writeoff "Too much" --amount 40.00 --fact charge=1 --as joe
refused "ledger adjust amount: 1.00 is more than the 0.00 the patient owes on charge 2" \
  request "$P" writeoff "Wrong side" --amount 1.00 --fact charge=2 --as joe
refused "ledger.adjust: the fact charge is the number of the charge to adjust" \
  request "$P" writeoff "No charge" --amount 5.00 --as joe
refused "ledger.adjust: the fact to is writeoff or contractual" \
  request "$P" writeoff "Bad account" --amount 5.00 --fact charge=1 --fact to=bank --as joe
refused "ledger adjust charge: no charge 9" \
  request "$P" writeoff "No such charge" --amount 5.00 --fact charge=9 --as joe
refused "tier 1 routes by amount, but the request has none" \
  request "$P" writeoff "No amount" --fact charge=1 --as joe

# ---- the audit trail and the books ----
run audit "$P" --staff maria; expect_rc 0 "maria's audit entries"
expect_line 'maria +ledger\.adjust +journal:[0-9]+ +allowed by rule approval writeoff, request 1, approved by maria'
run audit "$P" --staff drlee
expect_line 'drlee +ledger\.adjust +journal:[0-9]+ +allowed by rule approval writeoff, request 3, approved by drlee'
run aging "$P" --by patient --as maria
expect_line '^Able, Ann +30\.00 '
run check "$P" --db; expect_rc 0 "check --db"; expect_out "ledger balanced (6 entries)"
finish
