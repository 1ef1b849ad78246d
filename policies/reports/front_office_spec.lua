-- front_office_spec.lua: specs of the report parameters (their types,
-- defaults and refusals) and of an unknown report, on the daily schedule
-- and the other reports of the pack.

local who = staff_who_may

local function rows(name, params)
  return reports.run(name, params, { rows = true, quiet = true })
end

describe("parameters", function()
  it("refuses a missing, unknown or ill-typed parameter", function()
    act_as(who("report.run"))
    local function refused(name, params, text)
      local ok, err = pcall(rows, name, params)
      expect(ok):to_be(false)
      expect(err):to_contain(text)
    end
    refused("daily_schedule", { day = "2026-02-30" }, "parameter 'day' (date): expected a date")
    refused("daily_schedule", { provider = "nobody" }, "parameter 'provider' (provider)")
    refused("daily_schedule", { dya = "today" }, "no parameter 'dya'")
    refused("payer_mix", { period = "2026-12-01..2026-11-01" }, "parameter 'period' (date_range)")
    refused("expirations", { within = "soon" }, "parameter 'within' (integer)")
    refused("day_shet", {}, "no report 'day_shet'")
  end)
end)
