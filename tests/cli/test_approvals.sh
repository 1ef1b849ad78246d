# test_approvals.sh: approvals end to end from the CLI on family-practice
# practices: filing, routing (shown by `request` and `explain`), the inbox,
# approving, denying and withdrawing; refusals with their exit codes and
# messages, leaving the request as it was and logged as denials;
# escalation and expiry as the clock (MEDOFFICE_NOW) moves; time off that
# marks staff away; delegation while an approver is away; the Lua shell;
# broken approval declarations and `when` functions; the audit trail.
. "$(dirname "$0")/lib.sh"

NOW=2026-11-23T15:00:00Z # 09:00 in Chicago, the practices' time zone
export MEDOFFICE_NOW=$NOW

# state DIR ID: request ID as `requests` shows it (route and history).
state() { "$MEDOFFICE" requests "$1" "$2" 2>&1; }
# unchanged DIR ID BEFORE WHAT: request ID is still as BEFORE.
unchanged() {
  if [ "$(state "$1" "$2")" = "$3" ]; then ok "$4: request $2 unchanged"; else
    bad "$4: request $2 changed"; state "$1" "$2"; fi
}
# logged_deny DIR TEXT: the latest decision is a denial saying TEXT.
logged_deny() {
  local o=$out e=$err r=$rc
  run explain "$1"; expect_rc 0 "explain the latest decision"; expect_out "verdict:  deny: $2"
  out=$o err=$e rc=$r
}
# decision_of: the decision id in the `why:` line of a request's output.
decision_of() { printf '%s\n' "$out" | sed -n 's/^  why: *medoffice explain .* \([0-9][0-9]*\)$/\1/p'; }

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- 1. happy paths ----
run request "$P" refund "Overpaid copay for the 11/20 visit" --as joe --amount 75.00
expect_rc 0 "joe files a refund of 75.00"
expect_out "request 1 filed"
expect_line '^#1 +refund +requested +75\.00 +joe +Overpaid copay for the 11/20 visit$'
expect_out "awaits office_manager (step 1 of 1) since 2026-11-23"
expect_out "route:    tier 1: amount 75.00 is at most 500.00; approved by office_manager"
expect_out "by approval refund, tier 1 (policies/approvals/office.lua:27)"
expect_line "^  why: +medoffice explain $P [0-9]+$"
dec1=$(decision_of)
expect_line '^  2026-11-23T15:00:00  requested +joe +step 1: tier 1'
run inbox "$P" --as maria; expect_rc 0 "maria's inbox"
expect_line '^#1 +refund +requested +75\.00 +joe '; expect_out "1 request awaits maria"
run inbox "$P" --as dr_hart; expect_rc 0 "dr_hart's inbox"; expect_out "0 requests await dr_hart"
run inbox "$P" --as joe; expect_rc 0 "the requester's inbox"; expect_out "0 requests await joe"
run approve "$P" 1 --as maria --reason "copay posted twice"; expect_rc 0 "maria approves"
expect_line '^#1 +refund +approved +75\.00 +joe '
run requests "$P" 1; expect_rc 0 "requests shows request 1"
expect_line '^#1 +refund +approved '
expect_line '^  2026-11-23T15:00:00  requested +joe +step 1: tier 1: amount 75\.00 is at most 500\.00; approved by office_manager$'
expect_line '^  2026-11-23T15:00:00  approved +maria +step 1: copay posted twice$'
expect_no_line 'awaits'
run inbox "$P" --as maria; expect_rc 0 "maria's inbox after approving"; expect_out "0 requests await maria"
if [ -n "$dec1" ]; then
  run explain "$P" "$dec1"; expect_rc 0 "explain the routing decision $dec1"
  expect_out "who:      joe (job front_desk)"; expect_out "action:   approval.route"
  expect_out "verdict:  allow: tier 1: amount 75.00 is at most 500.00; approved by office_manager"
  expect_out "by:       approval refund, tier 1 (policies/approvals/office.lua:27)"
  expect_out '27 | approval "refund" {'
else bad "request printed no decision id"; fi

run request "$P" refund "Duplicate lab fee" --as joe --amount 20.00; expect_rc 0 "a refund of 20.00"
expect_out "request 2 filed"; expect_line '^#2 +refund +approved +20\.00 +joe '
expect_out "route:    not needed: its when(...) is false for this request"
expect_line '^  2026-11-23T15:00:00  approved +system +step 1: no approval needed$'
run request "$P" refund "Prepaid procedure cancelled" --as joe --amount 750.00; expect_rc 0 "a refund of 750.00"
expect_out "request 3 filed"; expect_line '^#3 +refund +requested +750\.00 +joe '
expect_out "awaits physician_owner (step 1 of 1)"
expect_out "route:    tier 2: above 500.00; approved by physician_owner"
run inbox "$P" --as dr_hart; expect_rc 0 "dr_hart's inbox"; expect_line '^#3 +refund +requested +750\.00'
run inbox "$P" --as maria; expect_no_line '^#3 '
run deny "$P" 3 --as dr_hart --reason "refund the payer, not the patient"; expect_rc 0 "dr_hart denies"
expect_line '^#3 +refund +denied +750\.00 '
run requests "$P" 3; expect_line '^  2026-11-23T15:00:00  denied +dr_hart +step 1: refund the payer, not the patient$'

# ---- 2. refusals: exit codes, messages, nothing changed, logged ----
run request "$P" refund "Card charged twice" --as joe --amount 75.00; expect_rc 0 "joe files request 4"
expect_out "request 4 filed"
b4=$(state "$P" 4)
run approve "$P" 4 --as joe; expect_rc 1 "joe approves his own request"
expect_err "joe may not approval.decide: the job Front office medical assistant (front_desk) does not permit it"
unchanged "$P" 4 "$b4" "joe approves"
logged_deny "$P" "the job Front office medical assistant (front_desk) does not permit it"
run explain "$P"; expect_out "who:      joe (job front_desk)"; expect_out "action:   approval.decide"
# separation of duties: maria's own purchase order goes up to dr_hart
run request "$P" purchase_order "Exam gloves, 20 cases" --as maria --amount 300.00; expect_rc 0 "maria files request 5"
expect_out "awaits physician_owner (step 1 of 1)"
expect_out "step 1 goes up to physician_owner (separation of duties)"
b5=$(state "$P" 5)
run approve "$P" 5 --as maria; expect_rc 1 "maria approves her own request"
expect_err "maria may not approval.decide: it is maria's own request"
unchanged "$P" 5 "$b5" "own request"; logged_deny "$P" "it is maria's own request"
run explain "$P"; expect_out "by:       separation of duties"
run inbox "$P" --as maria; expect_no_line '^#5 '
b1=$(state "$P" 1)
run approve "$P" 1 --as maria; expect_rc 1 "maria approves request 1 twice"
expect_err "maria may not approval.decide: request 1 is already approved"
unchanged "$P" 1 "$b1" "approved twice"; logged_deny "$P" "request 1 is already approved"
run deny "$P" 4 --as maria; expect_rc 2 "deny without --reason"
expect_err "--reason TEXT is required to deny"; unchanged "$P" 4 "$b4" "deny without a reason"
run withdraw "$P" 4 --as maria; expect_rc 1 "maria withdraws joe's request"
expect_err "maria may not approval.withdraw: only the requester joe may withdraw request 4"
unchanged "$P" 4 "$b4" "withdraw by another"; logged_deny "$P" "only the requester joe may withdraw request 4"
run approve "$P" 4 --as dr_hart; expect_rc 1 "dr_hart approves a step that awaits the office manager"
expect_err "dr_hart is not an approver of request 4 now (it awaits office_manager, step 1 of 1)"
unchanged "$P" 4 "$b4" "not the approver"
before=$(snapshot "$P")
for c in approve deny withdraw; do
  run $c "$P" 99 --as maria --reason "x"; expect_rc 1 "$c an unknown request"; expect_err "no request 99"
done
run approve "$P" abc --as maria; expect_rc 2 "approve a request that is not a number"
expect_err 'expected a request number, got "abc"'
run approve "$P" 0 --as maria; expect_rc 2 "approve request 0"
run request "$P" refnud "Typo" --as joe --amount 75.00; expect_rc 1 "an unknown kind"
expect_err 'no approval "refnud" is declared (did you mean "refund"?)'
run request "$P" vacation "Ski trip" --as joe; expect_rc 1 "an unknown kind, nothing like it"
expect_err 'no approval "vacation" is declared'
case "$err" in *"did you mean"*) bad "a did-you-mean for vacation: $err" ;; *) ok "no did-you-mean for vacation" ;; esac
for a in 12.345 abc; do
  run request "$P" refund "Bad amount" --as joe --amount "$a"; expect_rc 2 "--amount $a"
  expect_err "--amount: expected money such as \"125.00\" (at most two decimals), got \"$a\""
done
run request "$P" refund "Negative amount" --as joe --amount -5.00; expect_rc 2 "--amount -5.00 is a usage error"
expect_err "--amount: expected zero or more, got -5.00"
run request "$P" refund "" --as joe --amount 30.00; expect_rc 1 "an empty summary"
expect_err "summary: expected one line of 1 to 200 characters"
run request "$P" refund "Bad fact" --as joe --fact nokey; expect_rc 2 "a --fact without ="
expect_err '--fact: expected KEY=VALUE, got "nokey"'
for c in "request $P refund Anonymous --amount 30.00" "approve $P 4" "deny $P 4 --reason x" \
         "withdraw $P 4" "inbox $P"; do
  # shellcheck disable=SC2086
  run $c; expect_rc 2 "${c%% *} without --as"; expect_err "--as STAFF is required: who is acting?"
done
expect_same "$before" "$P" "refused filings and unknown requests"
run request "$P" refund "Who am I" --as nobody --amount 75.00; expect_rc 1 "request --as nobody"
expect_err "nobody may not approval.request: nobody is not an active staff member of this practice"
run approve "$P" 4 --as nobody; expect_rc 1 "approve --as nobody"
expect_err "nobody may not approval.decide: nobody is not an active staff member of this practice"
unchanged "$P" 4 "$b4" "--as nobody"; logged_deny "$P" "nobody is not an active staff member of this practice"
run explain "$P"; expect_out "who:      nobody"
run requests "$P" --status bogus; expect_rc 2 "requests with an unknown --status"
expect_err "bogus"
run requests "$P" --status all; expect_rc 0 "requests --status all"
expect_line '^#1 +refund +approved '; expect_line '^#2 +refund +approved '
expect_line '^#3 +refund +denied '; expect_line '^#4 +refund +requested '
expect_line '^#5 +purchase_order +requested '; expect_no_line '^#6 '
run requests "$P"; expect_rc 0 "open requests"; expect_no_line '^#1 '; expect_line '^#4 '
# a staff member who left: carol files, is removed from practice.yaml, may no longer act
run request "$P" refund "Payer recoupment" --as carol --amount 100.00; expect_rc 0 "carol files request 6"
b6=$(state "$P" 6)
sed -i '/^  - id: carol$/,/^$/d' "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "carol leaves"; expect_out "1 deactivated"
run withdraw "$P" 6 --as carol; expect_rc 1 "an inactive staff member withdraws"
expect_err "carol may not approval.withdraw: carol is not an active staff member of this practice"
unchanged "$P" 6 "$b6" "inactive requester"
run withdraw "$P" 4 --as joe --reason "the bank reversed it"; expect_rc 0 "joe withdraws request 4"
expect_line '^#4 +refund +withdrawn '
run requests "$P" 4; expect_line '^  2026-11-23T15:00:00  withdrawn +joe +step 1: the bank reversed it$'
run approve "$P" 4 --as maria; expect_rc 1 "approve a withdrawn request"; expect_err "request 4 is already withdrawn"

# ---- 3. escalation after 48h, expiry after 14 days ----
E=$T/e
"$MEDOFFICE" init "$E" --template family-practice >/dev/null || bad "init $E"
run request "$E" refund "Overpayment from Lakes Blue" --as joe --amount 75.00; expect_rc 0 "file at $NOW"
MEDOFFICE_NOW=2026-11-25T14:59:59Z run inbox "$E" --as maria
expect_rc 0 "maria's inbox 1s before 48h"; expect_line '^#1 +refund +requested '
MEDOFFICE_NOW=2026-11-25T14:59:59Z run inbox "$E" --as dr_hart; expect_out "0 requests await dr_hart"
MEDOFFICE_NOW=2026-11-25T15:00:00Z run inbox "$E" --as dr_hart; expect_rc 0 "dr_hart's inbox at 48h"
expect_out "(1 request escalated or expired for want of an answer)"
expect_line '^#1 +refund +escalated +75\.00 +joe '
expect_out "awaits physician_owner (step 1 of 1) since 2026-11-25"; expect_out "1 request awaits dr_hart"
MEDOFFICE_NOW=2026-11-25T16:00:00Z run inbox "$E" --as maria; expect_rc 0 "maria's inbox after 48h"
expect_out "0 requests await maria"; expect_no_line '^#1 '
MEDOFFICE_NOW=2026-11-25T16:00:00Z run approve "$E" 1 --as maria; expect_rc 1 "maria approves after the escalation"
expect_err "maria is not an approver of request 1 now (it awaits physician_owner, step 1 of 1)"
MEDOFFICE_NOW=2026-11-25T16:00:00Z run requests "$E" 1
expect_line '^  2026-11-25T15:00:00  escalated +system +step 1: no answer in time; now awaits physician_owner$'
MEDOFFICE_NOW=2026-12-07T14:59:59Z run requests "$E" --status expired; expect_rc 0 "1s before 14 days"
expect_no_line '^#1 '
MEDOFFICE_NOW=2026-12-07T15:00:00Z run requests "$E" --status expired; expect_rc 0 "at 14 days"
expect_out "(1 request escalated or expired for want of an answer)"
expect_line '^#1 +refund +expired +75\.00 +joe '
MEDOFFICE_NOW=2026-12-07T15:00:00Z run requests "$E"; expect_rc 0 "no open request left"; expect_no_line '^#1 '
MEDOFFICE_NOW=2026-12-07T15:00:00Z run requests "$E" 1
expect_line '^  2026-12-07T15:00:00  expired +system +step 1: no answer before it expired$'
MEDOFFICE_NOW=2026-12-07T15:00:00Z run approve "$E" 1 --as dr_hart; expect_rc 1 "approve an expired request"
expect_err "request 1 is already expired"
MEDOFFICE_NOW=2026-12-07T15:00:00Z run audit "$E"
expect_line 'system +approval\.sweep +request:1 .*"change":"escalated"'
expect_line 'system +approval\.sweep +request:1 .*"change":"expired"'
MEDOFFICE_NOW=2026-12-07T15:00:00Z run audit verify "$E"; expect_rc 0 "the audit chain after sweeps"

# ---- 4. time off ----
run request "$P" pto "Holidays" --as joe --fact first_day=2026-12-24 --fact last_day=2026-12-26
expect_rc 0 "joe asks for time off"; expect_out "request 7 filed"
expect_out "awaits office_manager (step 1 of 1)"; expect_out "by approval pto, tier 2 (policies/approvals/office.lua:106)"
run approve "$P" 7 --as maria; expect_rc 0 "maria approves the time off"; expect_line '^#7 +pto +approved '
run requests "$P" 7; expect_out "result:   away:1"
run away "$P"; expect_rc 0 "away lists"; expect_line '^1 +joe +2026-12-24 to 2026-12-26 +stands in: \(supervisor\) +Holidays$'
run request "$P" pto "More holidays" --as joe --fact first_day=2026-12-26 --fact last_day=2026-12-28
expect_rc 0 "joe asks for overlapping time off"; expect_out "request 8 filed"
b8=$(state "$P" 8)
run approve "$P" 8 --as maria; expect_rc 1 "approving overlapping time off fails"
expect_err "joe is already away from 2026-12-24 to 2026-12-26 (entry 1)"
unchanged "$P" 8 "$b8" "overlapping time off"
run requests "$P" 8; expect_line '^#8 +pto +requested '
run away "$P"; expect_no_line '2026-12-28'
before=$(snapshot "$P")
run request "$P" pto "Leap day" --as joe --fact first_day=2026-02-30 --fact last_day=2026-03-01
expect_rc 1 "time off from 2026-02-30"
expect_err 'expected a real calendar date (YYYY-MM-DD), got "2026-02-30"'
run request "$P" pto "Backwards" --as joe --fact first_day=2026-12-10 --fact last_day=2026-12-01
expect_rc 1 "time off ending before it starts"
expect_err "the last day 2026-12-01 is before the first day 2026-12-10"
expect_same "$before" "$P" "refused time off"
# long leave: two steps, and nobody approves both
run request "$P" pto "Family leave" --as aisha --fact first_day=2027-01-04 --fact last_day=2027-01-15
expect_rc 0 "aisha asks for two weeks"; expect_out "request 9 filed"
expect_out "awaits office_manager (step 1 of 2)"; expect_out "long leave"
run approve "$P" 9 --as maria; expect_rc 0 "maria approves step 1"
expect_line '^#9 +pto +requested '; expect_out "awaits physician_owner (step 2 of 2)"
run approve "$P" 9 --as maria; expect_rc 1 "maria approves step 2 as well"
expect_err "maria is not an approver of request 9 now (it awaits physician_owner, step 2 of 2)"
run approve "$P" 9 --as dr_hart; expect_rc 0 "dr_hart approves step 2"; expect_line '^#9 +pto +approved '
run away "$P"; expect_line '^2 +aisha +2027-01-04 to 2027-01-15 '

# ---- 5. delegation while maria is away ----
run away "$P" --staff maria --from 2026-11-23 --to 2026-11-23 --as joe; expect_rc 1 "joe marks maria away"
expect_err "joe may not staff.away"
run away "$P" --staff maria --from 2026-11-23 --delegate nobody --as dr_hart; expect_rc 1 "an unknown delegate"
expect_err 'delegate: expected a staff id from practice.yaml, got "nobody"'
run away "$P" --staff maria --from 2026-11-31 --as dr_hart; expect_rc 2 "away from a date that does not exist"
run away "$P" --staff maria --from 2026-11-23 --to 2026-11-23 --as dr_hart; expect_rc 0 "dr_hart marks maria away today"
expect_line '^3 +maria +2026-11-23 to 2026-11-23 +stands in: \(supervisor\)'
run request "$P" refund "Refund while maria is out" --as joe --amount 80.00; expect_rc 0 "joe files request 10"
expect_out "request 10 filed"
run inbox "$P" --as dr_hart; expect_rc 0 "dr_hart's inbox"
expect_line '^#10 +refund +requested +80\.00 +joe '
expect_out "awaits office_manager (step 1 of 1) since 2026-11-23; you stand in for maria"
run approve "$P" 10 --as dr_hart --reason "covering"; expect_rc 0 "dr_hart approves for maria"
expect_line '^#10 +refund +approved '
run requests "$P" 10; expect_line '^  2026-11-23T15:00:00  approved +dr_hart +step 1 for maria: covering$'
MEDOFFICE_NOW=2026-11-24T15:00:00Z run inbox "$P" --as dr_hart; expect_rc 0 "the day after"
expect_no_line 'stand in for maria'

# ---- 6. the shell ----
run request "$P" refund "Refund via the shell" --as joe --amount 60.00; expect_rc 0 "joe files request 11"
cat > "$T/session.lua" <<'EOF2'
for _, q in ipairs(approvals.inbox()) do print("inbox", q.id, q.kind, q.requester, q.amount) end
approvals.approve(11, "checked the ledger")
r = approvals.get(11)
print("after", r.id, r.status, #r.events, r.events[2].actor, r.events[2].reason)
print("route", approvals.route("refund", { amount = money "750.00" }).steps[1][1])
print(approvals.route("refnud", {}))
EOF2
out=$("$MEDOFFICE" shell "$P" --as maria <"$T/session.lua" 2>"$T/.err") && rc=0 || rc=$?; err=$(cat "$T/.err")
expect_rc 0 "shell DIR --as maria (as documented in its help)"
expect_out "inbox	11	refund	joe	6000"
expect_out "after	11	approved	2	maria	checked the ledger"
expect_out "route	physician_owner"
expect_out 'nil	no approval "refnud" is declared (did you mean "refund"?)'
run requests "$P" 11; expect_line '^  2026-11-23T15:00:00  approved +maria +step 1: checked the ledger$'
out=$(echo 'approvals.approve(11)' | "$MEDOFFICE" shell --as maria "$P" 2>"$T/.err") && rc=0 || rc=$?; err=$(cat "$T/.err")
expect_rc 1 "approving twice in the shell"; expect_err "maria may not approval.decide: request 11 is already approved"
out=$(echo 'approvals.approve(11)' | "$MEDOFFICE" shell --as joe "$P" 2>"$T/.err") && rc=0 || rc=$?; err=$(cat "$T/.err")
expect_rc 1 "joe approving in the shell"; expect_err "joe may not approval.decide"
cat > "$T/file.lua" <<'EOF2'
local id = approvals.request{ kind = "refund", summary = "Filed from a script", amount = money "30.00" }
print(id, approvals.get(id).status, #approvals.list("requested"))
EOF2
run run --as joe "$P" "$T/file.lua"; expect_rc 0 "a script files a request"; expect_out "12	requested	"
run run "$P" "$T/file.lua" --as joe; expect_rc 2 "--as after the script is refused, not run as system"
expect_err "--as after the script would be passed to it; put medoffice's options before SCRIPT.lua"

# ---- 7. bad approval declarations and when functions ----
B=$T/b
"$MEDOFFICE" init "$B" --template family-practice >/dev/null || bad "init $B"
sed -i 's|^  - approvals/office.lua$|&\n  - approvals/extra.lua|' "$B/practice.yaml"
pol=$B/policies/approvals/extra.lua
good='-- mileage for home visits
approval "mileage" { tiers = { { approvers = { "office_manager" } } } }'
printf '%s\n' "$good" > "$pol"
run apply "$B"; expect_rc 0 "apply a practice with an extra approvals file"
run check "$B"; expect_rc 0 "check the extra approvals file"

# policy NAME EXPECTED: the declaration from stdin makes check fail.
policy() {
  cat > "$pol"
  local before; before=$(snapshot "$B")
  run check "$B"; expect_rc 1 "policy: $1"; expect_err "$2"
  expect_same "$before" "$B" "policy: $1"
  printf '%s\n' "$good" > "$pol"
}
f='policies/approvals/extra.lua:2: approval "mileage"'
policy "unknown approver job" "$f: tier 1, step 1: no job \"office_manger\" is declared (did you mean \"office_manager\"?)" <<'EOF2'
-- a typo in a job
approval "mileage" { tiers = { { approvers = { "office_manger" } } } }
EOF2
policy "approver job without approval.decide" "$f: tier 1, step 1: job \"front_desk\" does not permit approval.decide (add it to its may)" <<'EOF2'
-- the front desk may not decide
approval "mileage" { tiers = { { approvers = { "front_desk" } } } }
EOF2
policy "no possible approver" 'policies/approvals/extra.lua:3: approval "mileage": tier 1, step 1: nobody on the staff holds compliance_officer, so nobody could approve' <<'EOF2'
-- a job nobody holds
job "compliance_officer" { title = "Compliance officer", may = { "approval.decide" } }
approval "mileage" { tiers = { { approvers = { "compliance_officer" } } } }
EOF2
policy "escalation to an unknown job" "$f: escalate.to: no job \"physician_ownr\" is declared (did you mean \"physician_owner\"?)" <<'EOF2'
-- a typo in escalate.to
approval "mileage" { tiers = { { approvers = { "office_manager" } } }, escalate = { after = duration "48h", to = { "physician_ownr" } } }
EOF2
policy "unknown field" "$f: unknown field expires (did you mean \"expire\"?)" <<'EOF2'
-- a misspelt field
approval "mileage" { tiers = { { approvers = { "office_manager" } } }, expires = duration "14d" }
EOF2
policy "unknown field in a tier" "$f: tiers[1]: unknown field uptp (did you mean \"upto\"?)" <<'EOF2'
-- a misspelt tier field
approval "mileage" { tiers = { { uptp = money "10.00", approvers = { "office_manager" } } } }
EOF2
policy "approvers as text" "$f: tiers[1]: approvers must be a list of 1 to 8 job ids" <<'EOF2'
-- one job without its list
approval "mileage" { tiers = { { approvers = "office_manager" } } }
EOF2
policy "tiers missing" "$f: tiers is required: a list of { upto =, approvers = }" <<'EOF2'
-- no tiers
approval "mileage" { title = "Mileage" }
EOF2
policy "upto not increasing" "$f: tiers[2]: upto must be above the previous tier's" <<'EOF2'
-- the second tier below the first
approval "mileage" { tiers = {
  { upto = money "100.00", approvers = { "office_manager" } },
  { upto = money "50.00", approvers = { "physician_owner" } } } }
EOF2
policy "an action no approval can run" "$f: action: task.create cannot be run by an approval" <<'EOF2'
-- task.create cannot be guarded
approval "mileage" { action = "task.create", tiers = { { approvers = { "office_manager" } } } }
EOF2
policy "unknown action" "$f: action: unknown action 'staff.awya' (did you mean \"staff.away\"?)" <<'EOF2'
-- a typo in the action
approval "mileage" { action = "staff.awya", tiers = { { approvers = { "office_manager" } } } }
EOF2
policy "declared in two files" 'policies/approvals/extra.lua:2: approval "refund" is declared twice (first at policies/approvals/office.lua:27)' <<'EOF2'
-- refund again
approval "refund" { tiers = { { approvers = { "office_manager" } } } }
EOF2
policy "declared twice in one file" 'policies/approvals/extra.lua:4: approval "mileage" is declared twice (first at policies/approvals/extra.lua:2)' <<'EOF2'
-- mileage twice
approval "mileage" { tiers = { { approvers = { "office_manager" } } } }

approval "mileage" { tiers = { { approvers = { "office_manager" } } } }
EOF2
policy "escalate.after as text" "$f: escalate.after must be a positive number of seconds, e.g. duration \"48h\"" <<'EOF2'
-- text instead of a duration
approval "mileage" { tiers = { { approvers = { "office_manager" } } },
  escalate = { after = "48h", to = { "physician_owner" } } }
EOF2
policy "expire as text" "$f: expire must be a positive number of seconds" <<'EOF2'
-- text instead of a duration
approval "mileage" { tiers = { { approvers = { "office_manager" } } }, expire = "14d" }
EOF2
run check "$B"; expect_rc 0 "check after restoring the extra file"

# when NAME EXPECTED...: the declaration from stdin loads, but filing fails
# with EXPECTED and writes nothing.
when() {
  local name=$1; shift
  cat > "$pol"
  local before; before=$(snapshot "$B")
  run request "$B" mileage "Home visit, 12 miles" --as joe --amount 12.00
  expect_rc 1 "when: $name"
  for x in "$@"; do expect_err "$x"; done
  expect_same "$before" "$B" "when: $name"
  run requests "$B" --status all
  [ -z "$out" ] && ok "when: $name: no request" || { bad "when: $name: a request was kept"; echo "$out"; }
  printf '%s\n' "$good" > "$pol"
}
when "calls an undefined global" "policies/approvals/extra.lua:2: unknown global 'no_such_function'" \
  "stack traceback:" <<'EOF2'
-- a when that errors
approval "mileage" { when = function(r) return no_such_function(r) end,
  tiers = { { approvers = { "office_manager" } } } }
EOF2
when "returns a number" 'approval "mileage" (policies/approvals/extra.lua:2): when returned a number; expected true or false' <<'EOF2'
-- a when that returns a number
approval "mileage" { when = function(r) return 1 end,
  tiers = { { approvers = { "office_manager" } } } }
EOF2
when "loops forever" "policies/approvals/extra.lua:2: instruction limit of" <<'EOF2'
-- a when that never returns
approval "mileage" { when = function(r) while true do end end,
  tiers = { { approvers = { "office_manager" } } } }
EOF2
when "a tier's when returns nothing" 'approval "mileage" (policies/approvals/extra.lua:2): tier 1.when returned nil; expected true or false' <<'EOF2'
-- a tier's when without a return
approval "mileage" { tiers = { { when = function(r) end, approvers = { "office_manager" } } } }
EOF2
when "no tier covers the amount" 'approval "mileage" (policies/approvals/extra.lua:2): no tier covers this request (amount 12.00)' <<'EOF2'
-- nothing above 10.00
approval "mileage" { tiers = { { upto = money "10.00", approvers = { "office_manager" } } } }
EOF2
run request "$B" mileage "Home visit, 12 miles" --as joe --amount 12.00; expect_rc 0 "filing works again"
expect_out "request 1 filed"

# ---- 8. the audit trail ----
run audit "$P"; expect_rc 0 "audit"
expect_line '^ +[0-9]+  2026-11-23T15:00:00\.000000Z  joe +approval\.request +request:1 '
expect_line '^ +[0-9]+  2026-11-23T15:00:00\.000000Z  maria +approval\.decide +request:1 .*"verdict":"approve"'
expect_line 'dr_hart +approval\.decide +request:3 .*"verdict":"deny"'
expect_line 'dr_hart +approval\.decide +request:10 '
expect_line 'joe +approval\.withdraw +request:4 '
expect_line 'maria +approval\.request +request:5 '
run audit "$P" --staff maria; expect_rc 0 "audit by staff"; expect_out "approval.decide"; expect_no_line '  joe  '
run audit verify "$P"; expect_rc 0 "audit verify"; expect_out "audit chain intact"
run check "$P" --db; expect_rc 0 "check --db at the end"
finish
