-- daily_overtime_example_spec.lua: specs of daily_overtime_example.lua
-- (a state's daily overtime rule), tried on weeks of minutes
-- (payroll.overtime). It runs in a practice that lists the example in
-- its policies (tests/cli/test_payroll.sh makes one).

local function h(n) return n * 60 end
local function try(days) return payroll.overtime("daily_overtime", days) end

describe("the daily overtime example", function()
  it("pays up to 8 hours a day as regular time", function()
    expect(try({ h(8) })[1]):to_equal({ regular = h(8), overtime = 0, double = 0 })
  end)

  it("pays past 8 hours in a day as overtime", function()
    expect(try({ h(10) })[1]):to_equal({ regular = h(8), overtime = h(2), double = 0 })
  end)

  it("pays past 12 hours in a day as double time", function()
    expect(try({ h(13) })[1]):to_equal({ regular = h(8), overtime = h(4), double = h(1) })
  end)

  it("pays regular hours past 40 in the week as overtime", function()
    local out = try({ h(10), h(10), h(10), h(10), h(10), h(4) })
    -- 8 regular a day for five days is 40: the sixth day is overtime
    expect(out[5]):to_equal({ regular = h(8), overtime = h(2), double = 0 })
    expect(out[6]):to_equal({ regular = 0, overtime = h(4), double = 0 })
  end)

  it("pays the seventh day in a row: 8 hours overtime, then double", function()
    local out = try({ h(4), h(4), h(4), h(4), h(4), h(4), h(10) })
    expect(out[7]):to_equal({ regular = 0, overtime = h(8), double = h(2) })
  end)

  it("does not apply the seventh-day rule after a day off", function()
    local out = try({ h(4), 0, h(4), h(4), h(4), h(4), h(6) })
    expect(out[7]):to_equal({ regular = h(6), overtime = 0, double = 0 })
  end)

  it("splits each day by the days up to it (a period may end mid-week)", function()
    local week = { h(10), h(10), h(10), h(10), h(10) }
    local whole, first = try(week), try({ h(10), h(10), h(10) })
    for i = 1, 3 do expect(first[i]):to_equal(whole[i]) end
  end)
end)
