# test_workflows.sh: workflows declared in Lua (policies/clia/waived_test.lua
# in the family-practice template) from the CLI and the shell. A test run
# from a script, a refused step and a guard that fails, each recorded in
# the decision log (explain shows it); then declarations with each kind
# of error, refused at load with the policy file and line: an unknown
# field, state (with a suggestion) or action, a state nothing reaches, a
# state that is not final and never left, a transition out of a final
# state or declared twice, a guard that is not a function, a workflow
# declared twice. The practice is unchanged by each refused load.
. "$(dirname "$0")/lib.sh"

P="$T/p"
"$MEDOFFICE" init "$P" --template family-practice >/dev/null || bad "init"

# a run from a script, a refusal, a failing guard
cat > "$T/run.lua" <<'EOF'
act_as("dr_hart")
local id = workflows.start { workflow = "waived_test", subject = "patient:1" }
act_as("aisha")
print(workflows.fire(id, "collect", { identifiers = 2, identifiers_mismatch = false, specimen_allowed = true }))
print(workflows.fire(id, "perform", { competent = true }))
print(#workflows.history(id), workflows.list { workflow = "waived_test" }[1].state)
EOF
run run --as dr_hart "$P" "$T/run.lua"; expect_rc 0 "a test run from a script"
expect_line '^collected$'
expect_line "^nil	aisha may not workflow.step: 'perform' is no transition from 'collected' in workflow 'waived_test' \(from 'collected': cancel, qc_fail, qc_pass, reject\) \(rule workflow 'waived_test'\)$"
expect_line '^2	collected$'
run explain "$P"; expect_rc 0 "explain the refusal"
expect_out "workflow.step"
expect_out "deny"
expect_out "'perform' is no transition from 'collected'"

cat >> "$P/policies/clia/waived_test.lua" <<'EOF'

workflow "broken_guard" {
  initial = "a", states = { "a", "b" }, final = { "b" }, start = "clia.order",
  transitions = { { from = "a", on = "go", to = "b", action = "clia.collect",
    guard = function(f) return f.missing.field end } },
}
EOF
cat > "$T/guard.lua" <<'EOF'
act_as("dr_hart")
local id = workflows.start { workflow = "broken_guard", subject = "lot:1" }
act_as("aisha")
print(workflows.fire(id, "go", {}))
print(workflows.list { workflow = "broken_guard" }[1].state)
EOF
run run --as dr_hart "$P" "$T/guard.lua"; expect_rc 0 "a guard that fails"
expect_line "^nil	aisha may not clia.collect: its guard failed: .*attempt to index a nil value"
expect_line '^a$'

# declaration errors, each at load with its file and line
declare_bad() { # DESCRIPTION EXPECTED-STDERR LUA
  cp "$P/policies/clia/waived_test.lua" "$T/keep.lua"
  printf '\n%s\n' "$3" >> "$P/policies/clia/waived_test.lua"
  before=$(snapshot "$P")
  local line=$(( $(wc -l < "$T/keep.lua") + 2 ))
  run check "$P"; expect_rc 1 "$1 is refused at load"; expect_err "$2"
  expect_err "policies/clia/waived_test.lua:$line: workflow"
  [ "$(snapshot "$P")" = "$before" ] && ok "$1: nothing written" || bad "$1 changed the practice"
  cp "$T/keep.lua" "$P/policies/clia/waived_test.lua"
}
W='workflow "w" { initial = "a", states = { "a", "b" }, final = { "b" }, start = "clia.order",'
declare_bad "an unknown field" "workflow \"w\": unknown field 'finals' (did you mean \"final\"?)" \
  "$W finals = {}, transitions = { { from = \"a\", on = \"go\", to = \"b\", action = \"clia.collect\" } } }"
declare_bad "an unknown state" "workflow \"w\": transitions[1].to: unknown state 'bb' (did you mean \"b\"?)" \
  "$W transitions = { { from = \"a\", on = \"go\", to = \"bb\", action = \"clia.collect\" } } }"
declare_bad "an unknown action" "transitions[1].action: unknown action 'clia.colect' (did you mean \"clia.collect\"?)" \
  "$W transitions = { { from = \"a\", on = \"go\", to = \"b\", action = \"clia.colect\" } } }"
declare_bad "an unreachable state" "workflow \"w\": state 'c' cannot be reached from 'a'" \
  'workflow "w" { initial = "a", states = { "a", "b", "c" }, final = { "b" }, start = "clia.order", transitions = { { from = "a", on = "go", to = "b", action = "clia.collect" }, { from = "c", on = "go", to = "b", action = "clia.collect" } } }'
declare_bad "a state never left" "workflow \"w\": state 'c' is not final and no transition leaves it" \
  'workflow "w" { initial = "a", states = { "a", "b", "c" }, final = { "b" }, start = "clia.order", transitions = { { from = "a", on = "go", to = "b", action = "clia.collect" }, { from = "a", on = "stop", to = "c", action = "clia.collect" } } }'
declare_bad "a transition out of a final state" "transitions[2]: 'b' is final: nothing leaves it" \
  "$W transitions = { { from = \"a\", on = \"go\", to = \"b\", action = \"clia.collect\" }, { from = \"b\", on = \"back\", to = \"a\", action = \"clia.collect\" } } }"
declare_bad "a transition declared twice" "transitions[2]: 'a' on 'go' is declared twice" \
  "$W transitions = { { from = \"a\", on = \"go\", to = \"b\", action = \"clia.collect\" }, { from = \"a\", on = \"go\", to = \"b\", action = \"clia.qc\" } } }"
declare_bad "a guard that is not a function" "transitions[1]: guard: expected a function, got string" \
  "$W transitions = { { from = \"a\", on = \"go\", to = \"b\", action = \"clia.collect\", guard = \"yes\" } } }"
declare_bad "a workflow declared twice" "workflow \"waived_test\": declared twice (first at" \
  'workflow "waived_test" { initial = "a", states = { "a" }, final = { "a" }, start = "clia.order", transitions = { { from = "a", on = "go", to = "a", action = "clia.collect" } } }'
declare_bad "no start action" "workflow \"w\": start: expected an action such as \"clia.collect\", got nil" \
  'workflow "w" { initial = "a", states = { "a", "b" }, final = { "b" }, transitions = { { from = "a", on = "go", to = "b", action = "clia.collect" } } }'
run run --as dr_hart "$P" "$T/run.lua"; expect_rc 0 "the shipped workflow still runs"
finish
