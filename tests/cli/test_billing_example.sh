# test_billing_example.sh: README's billing walk-through, command for
# command, on a starter practice: insurance registered and verified, a
# visit booked, a co-payment at check-in, the visit charged, claims
# scrubbed (a claim edit adds QW to the Medicare strep test) and exported
# as an 837P, the payer's remittance (a simulated 835) imported and
# posted, the patient's share on a statement, the A/R aging. Each step's
# output is checked as README shows it.
. "$(dirname "$0")/lib.sh"
cd "$T"
export MEDOFFICE_NOW=2026-11-23T15:00:00Z # Monday 09:00 in Chicago
"$MEDOFFICE" init clinic >/dev/null || bad "init"
printf 'clia: { certificate: 05D1234567, type: waiver, expires: 2028-06-30, director: drlee }\n' >> clinic/practice.yaml
run apply clinic --as maria; expect_rc 0 "the CLIA certificate in practice.yaml"

# front desk: the patient, her insurance, the visit
run patient register clinic --family Able --given Ann --birth-date 1950-05-06 --sex female \
  --line1 "1 Oak St" --city Springfield --state IL --zip 62701 --as joe
expect_rc 0 "register Ann"; expect_out "patient 1"
run insurance add clinic --patient 1 --payer medicare --member-id 1EG4-TE5-MK72 --from 2026-01-01 --as joe
expect_rc 0 "her Medicare"
run insurance verify clinic 1 --method portal --active yes --copay 0.00 --coinsurance 20 --as joe
expect_rc 0 "verified on the payer's portal"
run schedule book clinic --patient 1 --provider drlee --visit-type follow_up --at "2026-11-23 10:00" --as joe
expect_rc 0 "booked at 10:00"
export MEDOFFICE_NOW=2026-11-23T16:00:00Z # 10:00
run schedule mark clinic 1 arrived --as joe; expect_rc 0 "arrived"
run payment collect clinic --patient 1 --amount 10.00 --method card --reference 4242 --kind copay --appointment 1 --as joe
expect_rc 0 "a payment at check-in"
export MEDOFFICE_NOW=2026-11-23T17:00:00Z # 11:00
for s in roomed seen checked_out; do "$MEDOFFICE" schedule mark clinic 1 $s --as joe >/dev/null || bad "mark $s"; done

# back office: the charges, the claim, the 837P
run charge enter clinic --appointment 1 --dx J02.9 --line 99213 --line 87880 --as drlee
expect_rc 0 "the visit charged"
run claims scrub clinic --as maria; expect_rc 0 "scrub"
expect_out "1 claim made: 1 ready, 0 held"
run claims history clinic 1 --as maria
expect_line "fixed +added QW to 87880: 87880 is a CLIA-waived test: medicare wants it with QW"
expect_line "ready"
run claims export clinic --payer medicare -o medicare.837 --as maria; expect_rc 0 "export"
expect_out "batch 1: 1 claim for medicare written to medicare.837"
grep -q 'SV1\*HC:87880:QW\*35\*UN\*1\*\*\*1~' medicare.837 && ok "the 837P bills 87880 with QW" || bad "no 87880:QW in the 837P"

# two weeks later the payer's remittance comes back
export MEDOFFICE_NOW=2026-12-07T16:00:00Z
run era simulate clinic --payer medicare -o medicare.835 --as maria; expect_rc 0 "a simulated 835"
expect_line "^medicare.835: a simulated 835 from medicare paying 1 claim \(trace SIM[0-9]+\)$"
run era import clinic medicare.835 --as maria; expect_rc 0 "import"
expect_out "remittance 1: 1 payment, 1 claim (0 denied), 2 service lines posted"
expect_out "paid 71.04, contractual 96.20, patient responsibility 17.76, provider adjustments 0.00"
run era show clinic 1 --as maria
expect_line "^claim 1 .*Able, Ann +paid +charged +185\.00 paid +71\.04 patient +17\.76  CO-45 78\.00, PR-2 14\.40, CO-45 18\.20, PR-2 3\.36$"
run era import clinic medicare.835 --as maria; expect_rc 1 "the same file again"; expect_err "nothing was posted again"

# the patient's statement and the A/R
run statements clinic --as maria; expect_rc 0 "statements"
expect_line "^Amount due +7\.76$"
expect_line "^2026-11-23  87880-QW +35\.00 +13\.44 +18\.20 +0\.00 +0\.00 +3\.36$"
expect_line "^2026-11-23  Payment, thank you +-10\.00$"
expect_line "^run 1 on 2026-12-07: 1 statement, 7\.76; 0 skipped$"
run aging clinic --by patient --as maria; expect_rc 0 "aging by patient"
expect_line "^Able, Ann .* 7\.76$"
run aging clinic --as maria; expect_rc 0 "aging by payer"
expect_no_line "^Medicare"
run check clinic --db; expect_rc 0 "the books balance"
finish
