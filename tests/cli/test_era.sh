# test_era.sh: 835 remittances end to end. A starter practice gains a
# Medicaid payer and the vision fees of the real sample 835
# (tests/fixtures/x12/tastypackets-835-profee.edi, MIT, see LICENSES.md
# there); three patients with the sample's member ids have their visits of
# 2010-01-01 charged, claimed and exported. Damaged copies of the sample
# are refused with the segment named and nothing posted (the practice
# folder is unchanged byte for byte); then the sample itself is posted:
# its three claims are found by member, date and amount (its patient
# control numbers are not ours), one is denied and becomes a task, the
# money lands in the ledger, and importing it again is refused.
. "$(dirname "$0")/lib.sh"

P="$T/p"
ERA="$FIXTURES/x12/tastypackets-835-profee.edi"
export MEDOFFICE_NOW=2010-01-01T14:00:00Z # Friday 08:00 in Chicago
"$MEDOFFICE" init "$P" >/dev/null || bad "init"
python3 - "$P/practice.yaml" <<'EOF'
import sys
p = sys.argv[1]; s = open(p).read()
fees = '''  - id: vision
    name: Vision fees 2010
    fees:
      - { code: "V2020", charge: "12.00", from: 2009-01-01 }
      - { code: "V2020", modifiers: [ "RB" ], charge: "6.00", from: 2009-01-01 }
      - { code: "V2103", charge: "22.00", from: 2009-01-01 }
      - { code: "V2103", modifiers: [ "RB" ], charge: "5.50", from: 2009-01-01 }
      - { code: "V2700", modifiers: [ "RB" ], charge: "2.75", from: 2009-01-01 }
      - { code: "S0580", charge: "10.00", from: 2009-01-01 }
'''
s = s.replace("fee_schedules:\n", "fee_schedules:\n" + fees, 1)
s = s.replace("payers:\n", 'payers:\n  - { id: nysdoh, name: NYS Medicaid, payer_id: "1000000000", kind: medicaid, fee_schedule: vision }\n', 1)
open(p, "w").write(s)
EOF
"$MEDOFFICE" apply "$P" --as maria >/dev/null || bad "apply the payer"
cat > "$T/setup.lua" <<'EOF'
act_as("joe")
local addr = { line1 = "1 Oak St", city = "Albany", state = "NY", zip = "12237" }
local members = { "LL99999L", "LL88888L", "LL77777L" }
for i, m in ipairs(members) do
  local id = patients.register{ family = "Patient" .. i, given = "Pat", birth_date = "1970-01-0" .. i,
    sex = "female", address = addr }
  insurance.add{ patient = id, payer = "nysdoh", member_id = m, from = "2009-01-01" }
  schedule.book{ patient = id, provider = "drlee", visit_type = "follow_up",
    at = string.format("2010-01-01 10:%02d", (i - 1) * 20) }
end
EOF
run run --as joe "$P" "$T/setup.lua"; expect_rc 0 "three patients with the sample's member ids"
export MEDOFFICE_NOW=2010-01-01T17:00:00Z
for id in 1 2 3; do for s in arrived roomed seen checked_out; do
  "$MEDOFFICE" schedule mark "$P" $id $s --as joe >/dev/null || bad "mark $id $s"
done; done
run charge enter "$P" --appointment 1 --dx H52.13 --line V2020:RB --line V2700:RB --line V2103:RB --line S0580x2 --as drlee
expect_rc 0 "visit 1 charged 34.25"
run charge enter "$P" --appointment 2 --dx H52.13 --line V2020 --line V2103 --as drlee; expect_rc 0 "visit 2 charged 34.00"
run charge enter "$P" --appointment 3 --dx H52.13 --line V2020:RB --line V2103:RB --line V2700:RB --line S0580x2 --as drlee
expect_rc 0 "visit 3 charged 34.25"
run claims create "$P" --as maria; expect_out "3 claims made: 3 ready, 0 held"
run claims export "$P" --payer nysdoh -o "$T/out.837" --as maria; expect_rc 0 "export"
grep -q 'REF\*6R\*1~' "$T/out.837" && ok "837P lines carry REF*6R" || bad "837P lacks REF*6R"

# damaged copies: each refused, naming where, and nothing posted
before=$(snapshot "$P")
bad_era() { # NAME SED-EXPR EXPECTED-STDERR
  tr -d '\n' < "$ERA" | sed "$2" > "$T/$1.835"
  run era import "$P" "$T/$1.835" --as maria; expect_rc 1 "$1 is refused"; expect_err "$3"
}
bad_era truncated 's/CAS\*CO\*251\*20~.*$/CAS*CO*251*2/' "segment"
bad_era envelope 's/IEA\*1\*006000600/IEA*1*006000601/' "IEA02"
bad_era se-count 's/SE\*65\*1740/SE*64*1740/' "SE01"
bad_era separators 's/CLP\*PATIENT ACCOUNT NUMBER\*2\*34\*0/CLP|PATIENT ACCOUNT NUMBER|2|34|0/' "segment 34 at byte 982: expected a segment id"
bad_era claim-balance 's/CLP\*PATIENT ACCOUNT NUMBER\*2\*34.25\*11.5/CLP*PATIENT ACCOUNT NUMBER*2*34.25*11.75/' "(CLP, byte 1301): claim PATIENT ACCOUNT NUMBER does not balance: charged 34.25 minus adjustments 22.75 is not the 11.75 paid"
bad_era line-balance 's/SVC\*HC:V2020\*12\*0\*\*0/SVC*HC:V2020*12*1**0/' "service line 1 of claim PATIENT ACCOUNT NUMBER does not balance"
bad_era check-balance 's/BPR\*I\*45.75/BPR*I*45.50/' "the payment does not balance: BPR02 is 45.50 but the claims paid 45.75 less 0.00 of provider adjustments (PLB)"
bad_era amount 's/AMT\*AU\*34.25/AMT*AU*34.25/; s/SVC\*HC:V2020:RB\*6\*6/SVC*HC:V2020:RB*6.001*6/' "SVC02: expected an amount such as 34.25, found \"6.001\""
bad_era unknown-claim 's/LL77777L/LL00000L/' "claim PATIENT ACCOUNT NUMBER is unknown: its patient control number is none of ours, and member LL00000L, service on 2010-01-01, charged 34.25 match no submitted claim"
bad_era unknown-line 's/SVC\*HC:V2103\*22\*0/SVC*HC:V2104*22*0/' "service line 2 (V2104 charged 22.00) matches no line of claim 2"
bad_era bpr-missing 's/BPR\*[^~]*~//; s/SE\*65/SE*64/' "segment 4 (TRN, byte 176): expected BPR after ST"
run era import "$P" "$T/nonexistent.835" --as maria; expect_rc 1 "a missing file"; expect_err "nonexistent.835"
run era import "$P" "$ERA" --payer nobody --as maria; expect_rc 1 "an unknown --payer"; expect_err "no payer \"nobody\""
run era import --as maria; expect_rc 2 "import without a file"
run era list "$P" extra --as maria; expect_rc 2 "list with a file"
run era show "$P" x --as maria; expect_rc 2 "show without a number"
run era frob "$P" --as maria; expect_rc 2 "an unknown subcommand"
run era list "$P"; expect_rc 2 "no --as"
[ "$(snapshot "$P")" = "$before" ] && ok "nothing was posted by the refused files" || bad "a refused file changed the practice"
run era import "$P" "$ERA" --as joe; expect_rc 1 "the front desk may not post"; expect_err "joe may not era.post"
run era list "$P" --as maria; expect_out "0 remittances"
run era simulate "$P" -o "$T/sim.835" --as maria; expect_rc 2 "simulate without --payer"
run era simulate "$P" --payer nysdoh -o "$T/out.837" --as maria; expect_rc 1 "simulate over a file"
expect_err "cannot create it (it may exist already); nothing was written"
run era simulate "$P" --payer aetna -o "$T/sim.835" --as maria; expect_rc 1 "a payer with nothing to pay"
expect_err "remit: aetna has no submitted claim to pay"
[ -e "$T/sim.835" ] && bad "an empty simulated file was left" || ok "no file when nothing was simulated"
run era simulate "$P" --payer nysdoh -o "$T/sim.835" --deny-one-in x --as maria; expect_rc 2 "a bad --deny-one-in"
run era import "$P" "$ERA" -o x --as maria; expect_rc 2 "-o is for simulate"

# the sample itself
run era import "$P" "$ERA" --as maria; expect_rc 0 "the sample 835 is posted"
expect_out "remittance 1: 1 payment, 3 claims (1 denied), 10 service lines posted"
expect_out "paid 45.75, contractual 56.75, patient responsibility 0.00, provider adjustments 0.00"
run claims list "$P" --as maria
expect_line '^#1 .*nysdoh +34\.25  paid'
expect_line '^#2 .*nysdoh +34\.00  denied +batch 1  remittance 1: denied; paid 0\.00, patient 0\.00; CO-29 12\.00, CO-29 22\.00'
expect_line '^#3 .*nysdoh +34\.25  paid'
run era list "$P" --as maria; expect_line '^#1 .* nysdoh +ACH +trace 10100000000 +45\.75 paid 2010-01-01  3 claims  tastypackets-835-profee\.edi'
run era show "$P" 1 --as maria
expect_line '^claim 3 .*paid +charged +34\.25 paid +11\.50 patient +0\.00  CO-251 2\.75, CO-251 20\.00  remarks N206,N206'
expect_line '^claim 2 .*denied .*CO-29 12\.00, CO-29 22\.00'
run era show "$P" 7 --as maria; expect_rc 1 "no remittance 7"; expect_err "no remittance 7"
run tasks "$P" 2>/dev/null || true
run aging "$P" --as maria; expect_rc 0 "aging after the remittance"
expect_no_line '^nysdoh'
run check "$P" --db; expect_rc 0 "the books balance (check --db)"
run claims history "$P" 2 --as maria; expect_line ' maria +denied +remittance 1: denied'

# from Lua: the remittances and what one paid; the same file refused
{ printf 'local text = [==['; cat "$ERA"; printf ']==]\n'; cat <<'EOF'
local r = era.list()
print(#r, r[1].payer, r[1].amount, r[1].claims, r[1].paid)
for _, c in ipairs(era.claims(r[1].id)) do print(c.claim, c.status, c.paid, c.denied, c.adjustments) end
local ok, err = pcall(era.import, text, { name = "again.835" })
print(ok, err)
EOF
} > "$T/era.lua"
run run --as maria "$P" "$T/era.lua"; expect_rc 0 "era from Lua"
expect_line '^1	nysdoh	4575	3	2010-01-01$'
expect_line '^2	denied	0	true	CO-29 12.00, CO-29 22.00$'
expect_line '^3	paid	1150	false	CO-251 2.75, CO-251 20.00$'
expect_line '^false	.*was posted on 2010-01-01 as remittance 1; nothing was posted again'

# again: refused, nothing posted twice
before=$(snapshot "$P")
run era import "$P" "$ERA" --as maria; expect_rc 1 "the same file again"
expect_err "era: the payment of segment 3 (ST, byte 166) (trace 10100000000) was posted on 2010-01-01 as remittance 1; nothing was posted again"
tr -d '\n' < "$ERA" | sed 's/ST\*835\*1740/ST*835*1741/; s/SE\*65\*1740/SE*65*1741/' > "$T/retrace.835"
run era import "$P" "$T/retrace.835" --as maria; expect_rc 1 "the same trace number in another file"
expect_err "(trace 10100000000) was posted"
[ "$(snapshot "$P")" = "$before" ] && ok "nothing was posted twice" || bad "a duplicate changed the practice"
# a replacement and a void name the payer's claim numbers the 835 gave
run claims replace "$P" 3 --as maria; expect_rc 0 "replace claim 3"
expect_out "claim 3: replaced by claim 4, ready to export"
run claims void "$P" 1 --as maria; expect_rc 0 "void claim 1"
expect_out "claim 1: voided by claim 5, ready to export"
run claims list "$P" --status void --as maria
expect_line "^#3 .*void .*replaced by claim 4 \(payer's claim 1000230000000020\)"
expect_line "^#1 .*void .*voided by claim 5 \(payer's claim 1000210000000030\)"
run claims replace "$P" 3 --as maria; expect_rc 1 "a void claim again"; expect_err "claim 3 is void: only a claim the payer has can be replaced or voided"
run claims replace "$P" 4 --as maria; expect_rc 1 "a replacement of a replacement"; expect_err "claim 4 is ready"
run claims replace "$P" 99 --as maria; expect_rc 1 "no such claim"; expect_err "no claim 99"
run claims void "$P" --as maria; expect_rc 2 "void without a number"
run claims export "$P" --payer nysdoh -o "$T/fix.837" --as maria; expect_rc 0 "export the replacement and the void"
segs=$(tr '~' '\n' < "$T/fix.837")
printf '%s\n' "$segs" | grep -q '^CLM\*4\*34\.25\*\*\*11:B:7\*' && ok "CLM of the replacement has frequency 7" || bad "no CLM*4 with frequency 7"
printf '%s\n' "$segs" | grep -q '^REF\*F8\*1000230000000020$' && ok "REF*F8 names the payer's claim" || bad "no REF*F8"
printf '%s\n' "$segs" | grep -q '^CLM\*5\*34\.25\*\*\*11:B:8\*' && ok "CLM of the void has frequency 8" || bad "no CLM*5 with frequency 8"
run claims replace "$P" 4 --as maria; expect_rc 1 "a replacement is not replaced"; expect_err "claim 4 is itself a replacement or a void"
run audit "$P" --staff maria; expect_line 'era\.post +era:1 '
finish
