# test_inventory.sh: supplies end to end on a family-practice practice
# (dr_hart physician_owner, maria office_manager, joe front_desk, aisha
# clinical_assistant, carol biller): `medoffice inventory add|update|
# items|stock` with what they print; receive, use, waste, expire and count
# with lots, first expiring first; the issue's bad input (using more than
# is on hand, receiving more than ordered, an expiry before the day
# received, an expired lot used), each exiting 1 with the field named and
# nothing written (no row, no audit entry); usage errors (exit 2);
# denials by job; a purchase order drafted from the reorder list,
# submitted, approved by the owner through the purchase_order approval
# (policies/approvals/office.lua guards inventory.order), received in part
# and whole, and cancelled; the storage log written by the clinical
# assistant into the CLIA temperature log; the lists and their audit; the
# same from Lua (inventory.*); a dermatology practice without a clia
# section logging its fridge (the built-in storage); and a multi-site
# group's order approved by the other site's office manager (group.lua).
. "$(dirname "$0")/lib.sh"

# audit_count: the number of audit entries.
audit_count() { "$MEDOFFICE" audit "$P" --limit 100000 2>/dev/null | grep -Ec '^ *[0-9]+  '; }
# rows: every inventory row and every audit entry, as one line.
rows() { sqlite3 "$P/practice.db" "SELECT (SELECT count(*) FROM inv_item) || ' ' ||
  (SELECT count(*) FROM inv_lot) || ' ' || (SELECT count(*) FROM inv_movement) || ' ' ||
  (SELECT count(*) FROM inv_po) || ' ' || (SELECT count(*) FROM inv_po_line) || ' ' ||
  (SELECT group_concat(status) FROM inv_po) || ' ' || (SELECT count(*) FROM request) || ' ' ||
  (SELECT count(*) FROM clia_temperature) || ' ' || (SELECT count(*) FROM audit) || ' ' ||
  (SELECT group_concat(name || reorder_point || coalesce(vendor, '')) FROM inv_item)"; }
# refused WHAT CODE TEXT ARGS...: medoffice ARGS exits CODE saying TEXT
# and writes nothing.
refused() {
  local what=$1 code=$2 text=$3 before
  shift 3
  before=$(rows)
  run "$@"; expect_rc "$code" "$what"; expect_err "$text"
  if [ "$(rows)" = "$before" ]; then ok "$what: nothing written"; else
    bad "$what: something was written"; fi
}
inv() { run inventory "$@"; }

P=$T/p
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || { bad "init"; finish; exit 1; }

# ---- items ----
inv add "$P" --name "Nitrile gloves (M)" --category medical --unit "box of 100" \
  --reorder-point 5 --reorder-quantity 10 --vendor "Henry Schein" --unit-cost 8.50 --as maria
expect_rc 0 "maria adds the gloves (item 1)"
expect_line '^item 1 added$'
expect_line '^item #1  Nitrile gloves \(M\) \(medical\) at main$'
expect_line '^reorder:   at 5, order 10 from Henry Schein, unit cost 8\.50$'
expect_line '^lots:      not tracked$'
inv add "$P" --name "Influenza vaccine" --category vaccine --unit dose --storage fridge \
  --reorder-point 10 --reorder-quantity 20 --vendor Sanofi --unit-cost 18.00 --lots --as maria
expect_rc 0 "maria adds the flu vaccine, kept in the fridge, with lots (item 2)"
expect_line '^item #2  Influenza vaccine \(vaccine\) at main, kept in fridge$'
expect_line '^lots:      tracked$'
inv add "$P" --name "Strep A test kit" --category test_kit --unit "kit of 25" \
  --reorder-point 1 --reorder-quantity 2 --vendor "Henry Schein" --unit-cost 95.00 --lots --as maria
expect_rc 0 "maria adds the strep kits (item 3)"

refused "an unknown category" 1 'inventory item category: expected office, medical, medication, vaccine or test_kit, got "food"' \
  inventory add "$P" --name Snacks --category food --unit bag --reorder-point 1 --reorder-quantity 1 --as maria
refused "an unknown storage" 1 'inventory item storage: no storage "freezer"' \
  inventory add "$P" --name "MMR vaccine" --category vaccine --unit dose --storage freezer \
  --reorder-point 1 --reorder-quantity 1 --as maria
refused "a name taken" 1 'inventory item name: "nitrile GLOVES (m)" is item 1 at main already' \
  inventory add "$P" --name "nitrile GLOVES (m)" --category medical --unit box --reorder-point 1 \
  --reorder-quantity 1 --as maria
refused "a reorder quantity of 0" 1 "inventory item reorder_quantity: expected a whole number from 1 to 1000000, got 0" \
  inventory add "$P" --name Gauze --category medical --unit pack --reorder-point 1 --reorder-quantity 0 --as maria
refused "a negative unit cost" 1 "inventory item unit_cost: expected 0.00 to 100000.00, got -1.00" \
  inventory add "$P" --name Gauze --category medical --unit pack --reorder-point 1 --reorder-quantity 2 \
  --unit-cost -1.00 --as maria
refused "a unit cost of three decimals" 2 "--unit-cost: " \
  inventory add "$P" --name Gauze --category medical --unit pack --reorder-point 1 --reorder-quantity 2 \
  --unit-cost 1.234 --as maria
refused "add without its reorder point" 2 "add needs --reorder-point" \
  inventory add "$P" --name Gauze --category medical --unit pack --reorder-quantity 2 --as maria
refused "the clinical assistant may not keep items" 1 \
  "aisha may not inventory.item: the job Clinical medical assistant (clinical_assistant) does not permit it" \
  inventory add "$P" --name Gauze --category medical --unit pack --reorder-point 1 --reorder-quantity 2 --as aisha

inv update "$P" 1 --reorder-point 6 --as maria; expect_rc 0 "maria raises the gloves' reorder point"
expect_line '^reorder:   at 6, order 10 from Henry Schein, unit cost 8\.50$'
refused "an update that changes nothing" 1 "inventory item 1: nothing to change" \
  inventory update "$P" 1 --reorder-point 6 --as maria
refused "an update of no item" 1 "inventory item: no item 9" \
  inventory update "$P" 9 --reorder-point 6 --as maria

# ---- receiving and using ----
inv receive "$P" --line 1:3 --line 2:5:A1:2026-12-01 --line 2:8:B2:2027-06-30 --note "samples and stock" --as joe
expect_rc 0 "joe receives gloves and two lots of vaccine outside an order"
expect_line '^received 3 lines \(16 units\)$'
# an expiry before the day received
refused "an expiry before the day received" 1 "inventory receive expires: 2026-11-01 is before the day received (2026-11-23)" \
  inventory receive "$P" --line 2:5:C3:2026-11-01 --as joe
refused "a lot received before with another expiry" 1 \
  "inventory receive expires: lot A1 of Influenza vaccine was received before with expiry 2026-12-01, not 2026-12-02" \
  inventory receive "$P" --line 2:5:A1:2026-12-02 --as joe
refused "a lot-tracked item without its lot" 1 'inventory receive lot: expected 1 to 40 letters, digits, "-", "." or "/", got none' \
  inventory receive "$P" --line 2:5 --as joe
refused "a lot for an item without lots" 1 "inventory receive lot: Nitrile gloves (M) (item 1) does not track lots" \
  inventory receive "$P" --line 1:5:X1:2027-01-01 --as joe
refused "receiving 0" 1 "inventory receive quantity: expected a whole number from 1 to 1000000, got 0" \
  inventory receive "$P" --line 1:0 --as joe
refused "a malformed line" 2 "--line: expected ITEM:QTY or ITEM:QTY:LOT:EXPIRES" \
  inventory receive "$P" --line 1:2:X --as joe
refused "a line's bad expiry" 2 "--line expires: " \
  inventory receive "$P" --line 2:2:X:2027-02-30 --as joe
refused "a line's bad quantity" 2 '--line quantity: expected a whole number, got "ten"' \
  inventory receive "$P" --line 1:ten --as joe
refused "receive without lines" 2 "receive needs --line" inventory receive "$P" --as joe
refused "the biller may not receive" 1 "carol may not inventory.receive" \
  inventory receive "$P" --line 1:1 --as carol

inv use "$P" 2 --quantity 6 --as aisha
expect_rc 0 "aisha gives 6 doses: the soonest expiring lot first"
expect_line '^item 2: used; 7 left on hand$'
# using more than is on hand is refused
refused "using more than is on hand" 1 \
  "inventory use quantity: 4 is more than the 3 box of 100 on hand of Nitrile gloves (M) (item 1); stock cannot go below zero" \
  inventory use "$P" 1 --quantity 4 --as aisha
refused "using more than a lot holds" 1 \
  "inventory use quantity: 8 is more than the 7 dose on hand in lot B2 of Influenza vaccine (item 2)" \
  inventory use "$P" 2 --quantity 8 --lot B2 --as aisha
refused "using an emptied lot" 1 "inventory use lot: lot A1 of Influenza vaccine (item 2) has nothing on hand" \
  inventory use "$P" 2 --quantity 1 --lot A1 --as aisha
refused "waste without a reason" 1 "inventory use note: say why it was wasted" \
  inventory waste "$P" 2 --quantity 1 --as aisha
refused "expiring a lot that has not expired" 1 "inventory use lot: lot B2 expires on 2027-06-30, after today: it has not expired" \
  inventory expire "$P" 2 --lot B2 --as aisha
refused "use --quantity abc" 2 '--quantity: expected a whole number, got "abc"' \
  inventory use "$P" 1 --quantity abc --as aisha
refused "use without the item" 2 "use takes [DIR] and the item number" inventory use --quantity 1 --as aisha
refused "the biller may not use supplies" 1 "carol may not inventory.use" \
  inventory use "$P" 1 --quantity 1 --as carol
inv waste "$P" 2 --quantity 1 --note "drawn up, not given" --as aisha
expect_rc 0 "aisha wastes a drawn-up dose"; expect_line '^item 2: wasted; 6 left on hand$'
inv count "$P" 2 --lot B2 --quantity 5 --note "fridge count" --as aisha
expect_rc 0 "aisha counts lot B2"; expect_line '^item 2 lot B2 counted 5: 1 fewer than on record$'
inv count "$P" 1 --quantity 3 --as aisha
expect_rc 0 "aisha counts the gloves"; expect_line '^item 1 counted 3: as on record$'
refused "a count of a lot-tracked item without its lot" 1 "inventory count lot: Influenza vaccine (item 2) tracks lots: count each lot" \
  inventory count "$P" 2 --quantity 5 --as aisha

inv items "$P" --as joe; expect_rc 0 "joe lists the items"
expect_line '^#2 +Influenza vaccine +vaccine +main +5 dose +reorder at 10, order 20 from Sanofi, LOW, next expiry 2027-06-30$'
expect_line '^#1 +Nitrile gloves \(M\) +medical +main +3 box of 100 +reorder at 6, order 10 from Henry Schein, LOW$'
expect_line '^#3 +Strep A test kit +test_kit +main +0 kit of 25 .*LOW$'
expect_line '^3 items$'
inv items "$P" --category vaccine --as joe; expect_line '^1 item$'
refused "items of an unknown location" 1 'inventory items location: no location "north" in practice.yaml' \
  inventory items "$P" --location north --as joe

# ---- the reorder list and a purchase order ----
inv reorder "$P" --as maria; expect_rc 0 "maria reads the reorder list"
expect_line '^Henry Schein +#1 +Nitrile gloves \(M\) +main +3 +0 +6 +10 +85\.00  box of 100$'
expect_line '^Henry Schein +#3 +Strep A test kit +main +0 +0 +1 +2 +190\.00  kit of 25$'
expect_line '^Sanofi +#2 +Influenza vaccine +main +5 +0 +10 +20 +360\.00  dose$'
expect_line '^3 items to reorder, 635\.00$'
inv po draft "$P" --vendor "Henry Schein" --reorder --note "weekly order" --as maria
expect_rc 0 "maria drafts an order from the reorder list (order 1)"
expect_line '^purchase order 1 drafted$'
expect_line '^purchase order #1 to Henry Schein: draft$'
expect_line '^  #1 +Nitrile gloves \(M\) +10 +0 +8\.50 +85\.00  box of 100$'
expect_line '^  #3 +Strep A test kit +2 +0 +95\.00 +190\.00  kit of 25$'
expect_line '^total 275\.00 \(2 lines, 0 received in full\)$'
inv reorder "$P" --as maria; expect_line '^1 item to reorder, 360\.00$'
inv po line "$P" 1 --item 1 --quantity 12 --as maria
expect_rc 0 "maria orders 12 boxes instead"; expect_line '^total 292\.00 \(2 lines'
refused "a line of a retired or unknown item" 1 "inventory po item: no item 9" \
  inventory po line "$P" 1 --item 9 --quantity 1 --as maria
refused "receiving on a draft" 1 "inventory receive po: purchase order 1 is draft: only an ordered one is received" \
  inventory receive "$P" --po 1 --line 1:1 --as joe
refused "the front desk may not submit" 1 "joe may not inventory.po" inventory po submit "$P" 1 --as joe
inv po submit "$P" 1 --as maria; expect_rc 0 "maria submits order 1 for approval"
expect_line '^purchase order 1 submitted: request 1 '
expect_line '^purchase order #1 to Henry Schein: submitted \(request 1\)$'
run inbox "$P" --as dr_hart; expect_line '^#1 +purchase_order +requested +292\.00 +maria +Purchase order 1 to Henry Schein: 2 lines$'
refused "a change while it awaits approval" 1 "inventory po: purchase order 1 awaits approval (request 1): withdraw the request to change it" \
  inventory po line "$P" 1 --item 1 --quantity 2 --as maria
run approve "$P" 1 --as dr_hart; expect_rc 0 "dr_hart approves: the order is ordered"
run requests "$P" 1; expect_out "po:1"
inv po show "$P" 1 --as maria
expect_line '^purchase order #1 to Henry Schein: ordered \(request 1\)$'
expect_line '^created 2026-11-23 by maria; ordered 2026-11-23$'
expect_line '^note: weekly order$'
# receiving more than ordered is refused
refused "receiving more than ordered" 1 \
  "inventory receive quantity: 13 is more than the 12 box of 100 left to receive of Nitrile gloves (M) on purchase order 1 (12 ordered, 0 received); more than ordered is refused" \
  inventory receive "$P" --po 1 --line 1:13 --as joe
refused "receiving an item not on the order" 1 "inventory receive item: Influenza vaccine (item 2) is not on purchase order 1" \
  inventory receive "$P" --po 1 --line 2:1:Z9:2027-01-01 --as joe
inv receive "$P" --po 1 --line 1:8 --as joe
expect_rc 0 "joe receives 8 of the 12 boxes"; expect_line '^purchase order #1 to Henry Schein: partial'
refused "more than is left to receive" 1 "inventory receive quantity: 5 is more than the 4 box of 100 left to receive" \
  inventory receive "$P" --po 1 --line 1:5 --as joe
inv receive "$P" --po 1 --line 1:4 --line 3:2:ST7:2027-03-31 --as joe
expect_rc 0 "joe receives the rest"
expect_line '^purchase order #1 to Henry Schein: received \(request 1\)$'
expect_line '^total 292\.00 \(2 lines, 2 received in full\)$'
inv po list "$P" --status all --as maria
expect_line '^#1 +received +Henry Schein +2 lines +292\.00  created 2026-11-23  ordered 2026-11-23  received 2026-11-23  request 1$'
refused "cancelling a received order" 1 "inventory po cancel: purchase order 1 is received already" \
  inventory po cancel "$P" 1 --reason "too late" --as maria
inv po draft "$P" --vendor Sanofi --as maria; expect_rc 0 "maria drafts order 2"
inv po cancel "$P" 2 --reason "ordered by phone" --as maria
expect_rc 0 "maria cancels it"; expect_line '^purchase order 2 cancelled$'
inv po list "$P" --as maria; expect_line '^0 purchase orders$'
refused "a list of an unknown status" 1 'inventory po status: expected open, draft, submitted, ordered, partial, received or cancelled, got "lost"' \
  inventory po list "$P" --status lost --as maria

# ---- the storage log: the CLIA temperature log ----
inv temp "$P" --storage fridge --reading 4.5 --as aisha
expect_rc 0 "aisha logs the fridge"; expect_line '^fridge: 4\.50 C recorded, in range$'
inv temp "$P" --storage fridge --reading 9.25 --note "door ajar" --as aisha
expect_rc 0 "aisha logs it again, warm"; expect_line '^fridge: 9\.25 C recorded, OUT OF RANGE'
refused "an unknown storage's reading" 1 "clia: temperature: no storage 'freezer' (practice.yaml clia.storage)" \
  inventory temp "$P" --storage freezer --reading -20 --as aisha
refused "a reading of words" 2 "--reading: " inventory temp "$P" --storage fridge --reading cold --as aisha
refused "the biller may not log temperatures" 1 "carol may not inventory.temperature" \
  inventory temp "$P" --storage fridge --reading 4 --as carol
inv storages "$P" --as joe
expect_line '^fridge +Lab refrigerator +range 2\.00 to 8\.00 C  1 item  latest 9\.25 C at 2026-11-23T15:00, OUT OF RANGE$'
expect_line '^room +Lab counter +range 15\.00 to 30\.00 C  0 items  no reading yet$'
inv temps "$P" --storage fridge --as joe; expect_line '^2 readings$'
expect_line 'fridge +9\.25 C  range 2\.00 to 8\.00 C  OUT OF RANGE +by aisha  door ajar$'
run clia temps "$P" --as maria; expect_line '^2 readings$'
ok "the CLIA log holds the same readings"

# ---- lists ----
inv movements "$P" --item 2 --as maria
expect_line '^#2 +2026-11-23  received #2 +Influenza vaccine +\+5 lot A1  by joe '
expect_line '^#4 +2026-11-23  used +#2 +Influenza vaccine +-5 lot A1  by aisha '
expect_line '^#5 +2026-11-23  used +#2 +Influenza vaccine +-1 lot B2  by aisha '
expect_line 'counted +#2 +Influenza vaccine +-1 \(counted 5\) lot B2  by aisha .*fridge count$'
inv lots "$P" --within 10 --as maria; expect_line '^0 lots expiring within 10 days'
inv stock "$P" 2 --as maria
expect_line '^on hand:   5 \(5 usable\)$'
expect_line '^  lot B2 +expires 2027-06-30  received 2026-11-23 +5 dose'
expect_line '^1 lot in stock$'
refused "stock of no item" 1 "inventory stock: no item 9" inventory stock "$P" 9 --as maria
refused "an unknown subcommand" 2 "expected items, add, update" inventory sell "$P" --as maria
refused "a po subcommand that is not" 2 "expected items, add, update" inventory po approve "$P" 1 --as maria
refused "without --as" 2 "--as STAFF is required" inventory items "$P"
refused "an option of another subcommand" 2 "items does not take --po" inventory items "$P" --po 1 --as maria

run audit "$P" --staff aisha --limit 200
expect_line 'inventory\.use +item:2'
expect_line 'inventory\.temperature +storage:fridge'
expect_line 'clia\.qc +clia_temperature'
run audit "$P" --staff dr_hart --limit 200; expect_line 'inventory\.order +po:1'
run audit "$P" --staff joe --limit 400
expect_line 'inventory\.receive +po:1'
expect_line 'inventory\.read +items'

# ---- Lua ----
cat >"$T/supplies.lua" <<'EOF'
act_as("maria")
local id = inventory.add{ name = "Alcohol prep pads", category = "medical", unit = "box of 200",
  reorder_point = 2, reorder_quantity = 6, vendor = "Medline", unit_cost = "3.25" }
inventory.receive{ item = id, quantity = 4 }
print("left", inventory.use{ item = id, quantity = 3 })
print(pcall(inventory.use, { item = id, quantity = 2 }))
local po = inventory.po_draft{ vendor = "Medline", reorder = true }
print("po", po, inventory.po(po).total, inventory.po(po).lines[1].quantity)
local req = inventory.po_submit(po)
print("status", inventory.po(po).status, approvals.get(req).status)
print("storages", #inventory.storages(), inventory.temperature{ storage = "room", reading = "21.5" })
print(inventory.stock(99))
EOF
run run --as system "$P" "$T/supplies.lua"; expect_rc 0 "a script keeps supplies"
expect_line '^left	1$'
expect_line '^false	inventory use quantity: 2 is more than the 1 box of 200 on hand of Alcohol prep pads \(item 4\); stock cannot go below zero$'
expect_line '^po	3	1950	6$'
expect_line '^status	submitted	requested$'
expect_line '^storages	2	true$'
expect_line '^nil	inventory stock: no item 99$'

run check "$P" --db; expect_rc 0 "the database checks out"

# ---- dermatology: no clia section, the built-in fridge ----
D=$T/derm
"$MEDOFFICE" init "$D" --template dermatology >/dev/null || bad "init dermatology"
run inventory add "$D" --name "Botulinum toxin" --category medication --unit vial --storage fridge \
  --reorder-point 2 --reorder-quantity 4 --vendor Allergan --lots --as maria
expect_rc 0 "dermatology: maria adds a refrigerated medication"
run inventory temp "$D" --storage fridge --reading 5 --as aisha
expect_rc 0 "dermatology: the medical assistant logs the fridge"
expect_line '^fridge: 5\.00 C recorded, in range$'
run inventory storages "$D" --as aisha
expect_line '^fridge +- +range 2\.00 to 8\.00 C  1 item  latest 5\.00 C'
run inventory temp "$D" --storage freezer --reading -20 --as aisha
expect_rc 1 "dermatology: no freezer without a clia section"

# ---- multi-site group: two locations, group.lua ----
G=$T/group
"$MEDOFFICE" init "$G" --template multi-site-group >/dev/null || bad "init multi-site-group"
run inventory add "$G" --name "Exam table paper" --category office --unit roll --reorder-point 4 \
  --reorder-quantity 12 --unit-cost 4.25 --as maria
expect_rc 1 "group: an item needs its location"; expect_err "inventory item location: the practice has 2 locations: name one"
run inventory add "$G" --name "Exam table paper" --category office --unit roll --location northside \
  --reorder-point 4 --reorder-quantity 12 --unit-cost 4.25 --as maria
expect_rc 0 "group: maria adds paper at northside"
run inventory po draft "$G" --vendor Medline --as maria
run inventory po line "$G" 1 --item 1 --quantity 24 --as maria; expect_line '^total 102\.00'
run inventory po submit "$G" 1 --as maria; expect_rc 0 "group: maria submits"
run approve "$G" 1 --as maria; expect_rc 1 "group: maria may not approve her own order"
run approve "$G" 1 --as rosa; expect_rc 0 "group: rosa, the other site's office manager, approves"
run inventory po show "$G" 1 --as maria; expect_line '^purchase order #1 to Medline: ordered \(request 1\)$'
run inventory receive "$G" --po 1 --line 1:24 --as joe; expect_rc 0 "group: joe receives it"
expect_line '^purchase order #1 to Medline: received'
finish
