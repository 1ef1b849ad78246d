-- office_spec.lua: specs of the office's reports (office.lua): the org
-- chart, the approvals, a patient's audit trail, the expirations, the
-- CLIA QC log.

local who = staff_who_may

local function rows(name, params)
  return reports.run(name, params, { rows = true, quiet = true })
end

describe("the office's reports", function()
  it("list every staff member with the job's title", function()
    act_as(who("report.run"))
    local r = rows("org_chart")
    expect(#r):to_be(#practice.staff)
    for _, row in ipairs(r) do expect(row.job):to_be_truthy() end
  end)

  it("list the approvals of the period by status", function()
    act_as(who("report.run"))
    expect(#rows("approvals", { period = "this_month" })):to_be(0)
  end)

  it("trace a patient's records in the audit trail", function()
    act_as(who("patient.register"))
    local pid = patients.register{ family = "Able", given = "Ann", birth_date = "1980-02-03",
      sex = "female" }
    act_as(who("report.run"))
    local r = rows("audit_trail", { period = "today-2..today", patient = pid })
    expect(#r > 0):to_be(true)
    expect(r[1].action):to_be("patient.register")
  end)

  it("show what expires within the days asked", function()
    act_as(who("report.run"))
    local all = rows("expirations", { within = 100000 })
    local none = rows("expirations", { within = -100000 })
    expect(#none):to_be(0)
    if practice.clia then
      local found = false
      for _, r in ipairs(all) do found = found or r.number == practice.clia.certificate end
      expect(found):to_be(true)
    end
    for i = 2, #all do expect(all[i - 1].expires <= all[i].expires):to_be(true) end
  end)

  it("print the CLIA QC log of the period", function()
    act_as(who("report.run"))
    expect(#rows("clia_qc_log", {})):to_be(0)
  end)

  it("list the staffing gaps the rules find, by location", function()
    act_as(who("report.run"))
    local from, to = reports.date(reports.today()), reports.date(reports.today() + 6)
    local r = rows("staffing_gaps", { period = from .. ".." .. to })
    expect(#r):to_be(#shifts.gaps { from = from, to = to })
    for _, g in ipairs(r) do expect(g.reason):to_be_truthy() end
  end)
end)
