# test_eligibility_file.sh: the eligibility request file (X12 270) end to
# end on a family-practice practice (payers northstar, lakes_blue,
# medicare and self_pay; joe front desk and maria office manager may
# insurance.verify, aisha the clinical assistant may not), the clock fixed
# at Monday 2026-11-23 09:00 in Chicago and five patients booked for
# Tuesday: Ana (her own northstar policy, booked twice), Ben (a child on
# his father's lakes_blue policy), Cal (medicare), Dee (self-pay) and a
# patient whose family name is too long for the 270. `insurance 270`:
# refused while the file would go to several payers without
# settings.billing.clearinghouse_id; then written to -o FILE (the payers'
# loops, the dependent under the subscriber, the traces, the plan date;
# the skipped patients on stderr with the reason), never over an existing
# file, to stdout with the summary on stderr, with the next control
# number, a day without visits (exit 1, audited), usage errors (exit 2),
# a denial, the audit trail and `insurance.eligibility_file` in Lua.
. "$(dirname "$0")/lib.sh"

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }
LONG=Abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghij
cat > "$T/setup.lua" <<EOF
act_as("joe")
local function patient(family, given, born, sex)
  return patients.register{ family = family, given = given, birth_date = born, sex = sex }
end
local ana = patient("Garcia", "Ana", "1980-02-03", "female")
local ben = patient("Brown", "Ben", "2015-07-08", "male")
local cal = patient("Cole", "Cal", "1950-03-04", "male")
local dee = patient("Dunn", "Dee", "1990-09-10", "female")
local long = patient("$LONG", "Lee", "1985-01-01", "other")
insurance.add{ patient = ana, payer = "northstar", member_id = "W123-45", from = "2026-01-01" }
insurance.add{ patient = ben, payer = "lakes_blue", relation = "child", member_id = "LB77",
  subscriber = { family = "Brown", given = "Carl", sex = "male", birth_date = "1984-05-06" },
  from = "2026-01-01" }
insurance.add{ patient = cal, payer = "medicare", member_id = "1EG4TE5MK73", from = "2026-01-01" }
insurance.add{ patient = dee, payer = "self_pay", member_id = "SP1", from = "2026-01-01" }
insurance.add{ patient = long, payer = "medicare", member_id = "9AB", from = "2026-01-01" }
local at = { "09:00", "09:20", "09:40", "10:00", "10:20", "11:00" }
for i, who in ipairs{ ana, ben, cal, dee, long, ana } do
  schedule.book{ patient = who, provider = "dr_hart", visit_type = "follow_up",
    at = "2026-11-24 " .. at[i] }
end
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "patients, policies and Tuesday's visits"

batches() { sqlite3 "$P/practice.db" "SELECT count(*) FROM eligibility_batch"; }
audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# segments FILE: the file one segment a line
segments() { tr '~' '\n' < "$1"; }

# ---- several payers need a clearinghouse ----
run insurance 270 "$P" -o "$T/a.270" --as joe; expect_rc 1 "no clearinghouse id"
expect_err "the requests go to 3 payers (LKBC1, MCR06, ...) and one file has one receiver: set settings.billing.clearinghouse_id in practice.yaml"
[ ! -e "$T/a.270" ] && ok "no file left behind" || bad "a file was left behind"
[ "$(batches)" = 0 ] && ok "no batch recorded" || bad "a batch was recorded"
sed -i 's/^settings:/settings:\n  billing:\n    clearinghouse_id: CLEARHOUSE1/' "$P/practice.yaml"
run apply "$P" --as maria; expect_rc 0 "the clearinghouse id is applied"

# ---- written to a file ----
run insurance 270 "$P" -o "$T/a.270" --as joe; expect_rc 0 "tomorrow's requests written"
expect_line '^eligibility batch 1 \(control 1\): 3 requests to 3 payers for 2026-11-24 written to .*/a\.270, 2 skipped$'
expect_err "skipped: patient 4 Dunn, Dee (self_pay, policy 4): payer self_pay is self-pay: there is no payer to ask"
expect_err "skipped: patient 5 $LONG, Lee (medicare, policy 5): request (\"1-5\"), subscriber.family: expected at most 60 characters, found 62"
out=$(segments "$T/a.270")
expect_line '^ISA\*00\*          \*00\*          \*ZZ\*1477203917     \*ZZ\*CLEARHOUSE1    \*261123\*0900\*\^\*00501\*000000001\*0\*T\*:$'
expect_line '^GS\*HS\*1477203917\*CLEARHOUSE1\*20261123\*0900\*1\*X\*005010X279A1$'
expect_line '^ST\*270\*0001\*005010X279A1$'
expect_line '^BHT\*0022\*13\*E1\*20261123\*0900$'
[ "$(printf '%s\n' "$out" | grep -c '^NM1\*PR')" = 3 ] && ok "one information source per payer" || bad "payer loops"
[ "$(printf '%s\n' "$out" | grep -c '^EQ\*30$')" = 3 ] && ok "one inquiry per patient (Ana once)" || bad "inquiries"
expect_line '^NM1\*PR\*2\*Lakes Blue Cross\*\*\*\*\*PI\*LKBC1$'
expect_line '^NM1\*1P\*2\*Willow Creek Family Medicine, PLLC\*\*\*\*\*XX\*1477203917$'
expect_line '^NM1\*IL\*1\*Brown\*Carl\*\*\*\*MI\*LB77$'
expect_line '^DMG\*D8\*19840506\*M$'
expect_line '^NM1\*03\*1\*Brown\*Ben$'
expect_line '^TRN\*1\*1-2\*1417720391$'
expect_line '^NM1\*IL\*1\*Garcia\*Ana\*\*\*\*MI\*W123-45$'
expect_line '^DTP\*291\*D8\*20261124$'
expect_line '^SE\*[0-9]+\*0001$'
expect_line '^IEA\*1\*000000001$'
# the dependent's loop sits under the subscriber's
printf '%s\n' "$out" | grep -A2 '^NM1\*IL\*1\*Brown' | grep -q '^HL\*[0-9]*\*[0-9]*\*23\*0$' &&
  ok "Ben's HL 23 follows his father's loop" || bad "no dependent loop under Carl"
[ "$(batches)" = 1 ] && ok "batch 1 recorded" || bad "batches: $(batches)"
[ "$(sqlite3 "$P/practice.db" "SELECT day, control, requests, created_by FROM eligibility_batch")" = "20781|1|3|joe" ] &&
  ok "the batch row" || bad "the batch row"

# ---- never over an existing file ----
before=$(cat "$T/a.270")
run insurance 270 "$P" -o "$T/a.270" --as joe; expect_rc 1 "the file exists"
expect_err "cannot create it (it may exist already); nothing was written"
[ "$(cat "$T/a.270")" = "$before" ] && ok "the file is as it was" || bad "the file changed"
[ "$(batches)" = 1 ] && ok "no batch for a file that could not be written" || bad "batches: $(batches)"

# ---- to stdout, the summary on stderr, the next control number ----
run insurance 270 "$P" --date 2026-11-24 --usage P --as maria; expect_rc 0 "to stdout"
expect_line '^ISA\*.*\*000000002\*0\*P\*:~GS\*HS\*'
expect_err "eligibility batch 2 (control 2): 3 requests to 3 payers for 2026-11-24, 2 skipped"

# ---- nothing to ask ----
before=$(audit_count)
run insurance 270 "$P" --date 2026-11-30 --as joe; expect_rc 1 "a day without visits"
expect_err "insurance 270: no booked visit on 2026-11-30 has a rank 1 policy a 270 can ask about (0 skipped)"
[ "$(audit_count)" = $((before + 1)) ] && ok "the read is audited" || bad "audit: $(audit_count), was $before"
run insurance 270 "$P" --rank 2 --as joe; expect_rc 1 "no secondary policies"
expect_err "has a rank 2 policy"

# ---- usage errors and a denial ----
run insurance 270 "$P" --usage X --as joe; expect_rc 2 "--usage X"; expect_err "--usage: expected T (test) or P (production)"
run insurance 270 "$P" --rank 4 --as joe; expect_rc 2 "--rank 4"
run insurance 270 "$P" --date 2026-13-01 --as joe; expect_rc 2 "a bad --date"
run insurance 270 "$P" --member-id X --as joe; expect_rc 2 "an option of add"; expect_err "270 does not take --member-id"
run insurance 270 "$P" extra --as joe; expect_rc 2 "an extra argument"
run insurance 270 "$P"; expect_rc 2 "no --as"
run insurance 270 "$P" -o "$T/b.270" --as aisha; expect_rc 1 "aisha may not"
expect_err "aisha may not insurance.verify"
[ ! -e "$T/b.270" ] && ok "no file for a denial" || bad "a file was left for a denial"

# ---- the audit trail ----
run audit "$P" --staff joe; expect_rc 0 "joe's audit entries"
expect_line 'joe +insurance\.verify +eligibility_batch:1 .*"file":"270".*"requests":3.*"skipped":2'
run audit "$P" --staff maria; expect_line 'maria +insurance\.verify +eligibility_batch:2 '

# ---- from Lua ----
cat > "$T/lua270.lua" <<'EOF'
act_as("joe")
local text, skipped, batch = insurance.eligibility_file{ date = "2026-11-24" }
print("file", text:sub(1, 3), #skipped, skipped[1].payer, batch.id, batch.control, batch.requests, batch.payers)
print("none", insurance.eligibility_file{ date = "2026-11-30" })
print("bad", pcall(insurance.eligibility_file, { usage = "X" }))
EOF
run run --as joe "$P" "$T/lua270.lua"; expect_rc 0 "insurance.eligibility_file from a script"
expect_line '^file	ISA	2	medicare	3	3	3	3$'
expect_line '^none	nil	insurance 270: no booked visit on 2026-11-30 .*	table: '
expect_line '^bad	false	.*usage: expected "T" \(test\) or "P" \(production\)'
finish
