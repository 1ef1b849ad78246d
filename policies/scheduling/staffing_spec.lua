-- staffing_spec.lua: specs of staffing.lua: the rule on its own through
-- decide(), then the gaps report over shifts entered through the core, in
-- whichever template uses it. Run by `medoffice test`.

local function session(t)
  local s = { date = "2027-03-02", location = practice.locations[1].id,
    start = "08:00", ["end"] = "12:00", providers = 2 }
  for k, v in pairs(t) do
    s[k] = v
  end
  return s
end

local function holder(jobs)
  for _, s in ipairs(practice.staff) do
    for _, j in ipairs(jobs) do
      if s.job == j then
        return s.id, j
      end
    end
  end
end

describe("a session", function()
  it("needs someone at the front desk", function()
    expect(decide("staffing.check", session{ staff_clinical_assistant = 1,
      staff_medical_assistant = 1 })):to_deny("nobody at the front desk")
  end)

  it("needs a clinical assistant per two providers", function()
    expect(decide("staffing.check", session{ staff_front_desk = 1, providers = 3,
      staff_medical_assistant = 1 })):to_deny("2 clinical assistants for 3 providers, 1 on shift")
    expect(decide("staffing.check", session{ staff_front_desk = 1, providers = 2,
      staff_medical_assistant = 1 })):to_allow()
  end)
end)

describe("the gaps report", function()
  it("finds the sessions nobody staffs, and not the staffed ones", function()
    local day = "2027-03-02" -- a Tuesday
    local before = shifts.gaps{ from = day, to = day }
    if #before == 0 then
      return -- nobody sees patients on that day in this practice
    end
    local front = holder({ "front_desk", "patient_coordinator" })
    local clinical = holder({ "clinical_assistant", "medical_assistant", "certified_ma",
      "nurse", "clinical_lead" })
    local loc = before[1].location
    shifts.add{ staff = front, location = loc, date = day, start = "06:00", ["end"] = "22:00" }
    local after = shifts.gaps{ from = day, to = day, location = loc }
    for _, g in ipairs(after) do
      expect(g.reason:find("nobody at the front desk", 1, true)):to_be_nil()
    end
    if clinical and before[1].providers <= 2 then
      shifts.add{ staff = clinical, location = loc, date = day, start = "06:00", ["end"] = "22:00" }
      expect(#shifts.gaps{ from = day, to = day, location = loc }):to_be(0)
    end
  end)
end)
