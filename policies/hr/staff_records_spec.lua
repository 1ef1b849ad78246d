-- staff_records_spec.lua: specs of staff_records.lua, run by `medoffice
-- test`. They pick the practice's own staff by what their jobs permit, so
-- they hold for every template that uses the policy.

local function staff_who_may(action, yes)
  local permitting, out = {}, {}
  for _, id in ipairs(jobs_permitting(action)) do
    permitting[id] = true
  end
  for _, s in ipairs(practice.staff) do
    if (permitting[s.job] or false) == yes then
      table.insert(out, s.id)
    end
  end
  return out
end

local managers = staff_who_may("hr.record", true)
local MANAGER = managers[#managers]   -- keeps personnel files
local OTHER                           -- an employee who may not read them
do
  local viewers = {}
  for _, id in ipairs(staff_who_may("hr.view", true)) do viewers[id] = true end
  for _, id in ipairs(staff_who_may("hr.self", true)) do
    if not viewers[id] then OTHER = OTHER or id end
  end
end
local EMPLOYEE = OTHER or managers[1]

local function dismissal(extra)
  local f = { kind = "termination", staff = EMPLOYEE, reason = "dismissal",
              effective = "2026-12-31", gross_misconduct = false,
              rehire = false, warnings = 0 }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

local function review(extra)
  local f = { kind = "review", staff = EMPLOYEE, reviewer = MANAGER,
              rating = 4, goals = false, day = "2026-11-01" }
  for k, v in pairs(extra or {}) do f[k] = v end
  return f
end

describe("terminations", function()
  it("deny a dismissal without a written warning on file", function()
    local d = decide("hr.record", dismissal(), MANAGER)
    expect(d):to_deny("no written or final warning")
    expect(d.rule):to_contain("a dismissal follows a written warning")
  end)

  it("allow a dismissal after a written warning", function()
    expect(decide("hr.record", dismissal { warnings = 1 }, MANAGER)):to_allow()
  end)

  it("allow a dismissal for gross misconduct without a warning", function()
    expect(decide("hr.record", dismissal { gross_misconduct = true },
      MANAGER)):to_allow()
  end)

  it("allow a resignation without any warning", function()
    expect(decide("hr.record", dismissal { reason = "resignation" },
      MANAGER)):to_allow()
  end)

  it("are enforced by the core, with the warnings counted from the file", function()
    act_as(MANAGER)
    expect(function()
      hr.terminate { staff = EMPLOYEE, effective = "2026-12-31",
                     reason = "dismissal" }
    end):to_fail("no written or final warning")
    hr.discipline { staff = EMPLOYEE, level = "written",
                    description = "Left the front desk unattended" }
    local id = hr.terminate { staff = EMPLOYEE, effective = "2099-12-31",
                              reason = "dismissal" }
    expect(id > 0):to_be(true)
  end)

  it("are never recorded by the person themselves", function()
    expect(decide("hr.record", dismissal { reason = "resignation",
      staff = MANAGER }, MANAGER)):to_deny("recorded by someone else")
  end)
end)

describe("reviews", function()
  it("deny a review of oneself", function()
    expect(decide("hr.record", review { reviewer = EMPLOYEE }, MANAGER))
      :to_deny("cannot review themselves")
  end)

  it("deny a low rating without goals", function()
    expect(decide("hr.record", review { rating = 2 }, MANAGER))
      :to_deny("needs goals")
  end)

  it("allow a low rating with goals, and a good one without", function()
    expect(decide("hr.record", review { rating = 1, goals = true }, MANAGER))
      :to_allow()
    expect(decide("hr.record", review { rating = 5 }, MANAGER)):to_allow()
  end)

  it("are recorded and then acknowledged by the person reviewed", function()
    act_as(MANAGER)
    local id = hr.review { staff = EMPLOYEE, from = "2026-01-01",
                           rating = 2, summary = "Needs to be on time",
                           goals = "On time every day for 60 days" }
    act_as(EMPLOYEE)
    expect(hr.acknowledge(id, "I will")):to_be(true)
    local file = hr.file(EMPLOYEE)
    expect(file[#file].acknowledged ~= nil):to_be(true)
  end)
end)

describe("access to personnel files", function()
  it("keeps someone else's file from a job without hr.view", function()
    if not OTHER then return end
    act_as(OTHER)
    expect(function() hr.file(MANAGER) end):to_fail("may not hr.view")
  end)

  it("lets everyone read their own file", function()
    act_as(EMPLOYEE)
    expect(#hr.file(EMPLOYEE) >= 0):to_be(true)
  end)
end)
