# test_specs.sh: the spec runner: counts, failures with file:line, a spec
# that cannot load, isolation between examples, exit codes.
. "$(dirname "$0")/lib.sh"

"$MEDOFFICE" init "$T/p" >/dev/null || { bad "init"; finish; exit 1; }
run test "$T/p"; expect_rc 0 "the template's specs pass"; expect_out "137 passed, 0 failed"

cat > "$T/p/policies/extra_spec.lua" <<'EOF2'
describe("extra", function()
  it("passes", function() expect(1 + 1):to_be(2) end)
  it("fails on purpose", function()
    expect({ a = 1 }):to_equal({ a = 2 })
  end)
  it("sees a fresh database", function()
    tasks.add{ title = "Only in this example" }
    expect(#tasks.list()):to_be(1)
  end)
  it("does not see the previous example's task", function()
    expect(#tasks.list()):to_be(0)
  end)
  it("stops an endless loop and goes on", function()
    expect(function() while true do end end):to_fail("instruction limit")
  end)
  it("checks decisions", function()
    expect(decide("task.create", { title = "ok" })):to_deny("at least 8")
  end)
end)
EOF2
run test "$T/p"; expect_rc 1 "a failing spec"; expect_out "142 passed, 1 failed"
expect_out "FAIL policies/extra_spec.lua:3: extra fails on purpose"
expect_out "expected a value deeply equal to"
echo 'describe("broken", function( end)' > "$T/p/policies/extra_spec.lua"
run test "$T/p"; expect_rc 1 "a spec with a syntax error"; expect_out "FAIL policies/extra_spec.lua"
expect_out "137 passed, 1 failed"
echo 'io.write("x")' > "$T/p/policies/extra_spec.lua"
run test "$T/p"; expect_rc 1 "a spec using io"; expect_out "unknown global 'io'"
rm "$T/p/policies/extra_spec.lua"
run test "$T/p"; expect_rc 0 "back to green"
finish
