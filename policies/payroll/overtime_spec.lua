-- overtime_spec.lua: specs of overtime.lua, the federal 40-hour week,
-- tried on weeks of minutes (payroll.overtime) and through the payroll
-- register of a staff member paid by the hour. Run by `medoffice test`.

local function h(n) return n * 60 end

describe("the federal overtime rule", function()
  it("is declared and in force", function()
    local names = {}
    for _, r in ipairs(payroll.rules()) do names[#names + 1] = r.name end
    expect(names):to_contain("federal")
  end)

  it("pays a 40-hour week as regular time", function()
    local out = payroll.overtime("federal", { h(8), h(8), h(8), h(8), h(8) })
    for i = 1, 5 do
      expect(out[i]):to_equal({ regular = h(8), overtime = 0, double = 0 })
    end
  end)

  it("pays the hours past 40 as overtime, on the days they fall", function()
    local out = payroll.overtime("federal", { h(9), h(9), h(9), h(9), h(9) })
    expect(out[4]):to_equal({ regular = h(9), overtime = 0, double = 0 })
    expect(out[5]):to_equal({ regular = h(4), overtime = h(5), double = 0 })
  end)

  it("has no daily limit: a 12-hour day in a short week is regular", function()
    local out = payroll.overtime("federal", { h(12), h(12), h(10) })
    expect(out[1]):to_equal({ regular = h(12), overtime = 0, double = 0 })
    expect(out[3]):to_equal({ regular = h(10), overtime = 0, double = 0 })
  end)

  it("counts a sixth and seventh day past 40 hours as overtime", function()
    local out = payroll.overtime("federal", { h(8), h(8), h(8), h(8), h(8), h(5), 90 })
    expect(out[6]):to_equal({ regular = 0, overtime = h(5), double = 0 })
    expect(out[7]):to_equal({ regular = 0, overtime = 90, double = 0 })
  end)

  it("never pays double time", function()
    local out = payroll.overtime("federal", { h(16), h(16), h(16), h(16) })
    local double = 0
    for _, d in ipairs(out) do double = double + d.double end
    expect(double):to_be(0)
    expect(out[3]):to_equal({ regular = h(8), overtime = h(8), double = 0 })
  end)

  it("refuses a day that is not whole minutes of a day", function()
    expect(function() payroll.overtime("federal", { 1441 }) end):to_fail("0 to 1440")
  end)
end)
