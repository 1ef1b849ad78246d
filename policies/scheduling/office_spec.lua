-- office_spec.lua: specs of office.lua, the scheduling rules, in whichever
-- template uses it: it finds a provider, a new-patient visit type and an
-- established one in practice.yaml, registers a patient and books through
-- the core, so the rules are tested as the front desk meets them. Run by
-- `medoffice test`.

local NEW_BEFORE = setting("scheduling.new_patients_before", "integer", 12)
local HOLD_UNTIL = setting("scheduling.sick_hold_until", "integer", 10)
local SICK = setting("scheduling.sick_visit", "string", "sick_visit")

local function visit_types()
  local new, old
  for _, v in ipairs(practice.visit_types) do
    if v.new_patient and not new then
      new = v.id
    elseif not v.new_patient and v.id ~= SICK and v.room == "exam" and not old then
      old = v.id
    end
  end
  return new, old
end

local NEW, OLD = visit_types()
local DOCTOR = practice.providers[1].staff

local function facts(t)
  local f = { provider = DOCTOR, location = practice.locations[1].id,
    visit_type = OLD, new_patient = false, same_day = false, hour = 9,
    date = "2027-03-02", time = "09:00", weekday = "tue", minutes = 20 }
  for k, v in pairs(t) do
    f[k] = v
  end
  return f
end

local function patient()
  return patients.register{ family = "Spec", given = "Pat", birth_date = "1990-05-06",
    sex = "unknown", allow_duplicate = true }
end

describe("new patients", function()
  it("are seen before noon", function()
    expect(decide("appointment.book", facts{ new_patient = true, hour = NEW_BEFORE - 1 })):to_allow()
    expect(decide("appointment.book", facts{ new_patient = true, hour = NEW_BEFORE }))
      :to_deny(("before %d:00"):format(NEW_BEFORE))
  end)

  it("are offered morning slots only", function()
    local slot = schedule.first{ visit_type = NEW, provider = DOCTOR }
    expect(slot):to_be_truthy()
    expect(tonumber(slot.at:sub(12, 13)) < NEW_BEFORE):to_be(true)
  end)

  it("cannot be booked in the afternoon, whatever the path", function()
    local slot = schedule.first{ visit_type = OLD, provider = DOCTOR, part = "afternoon" }
    if not slot then
      return -- this provider does not work afternoons
    end
    local id = patient()
    expect(function()
      schedule.book{ patient = id, provider = DOCTOR, location = slot.location,
        visit_type = NEW, at = slot.at }
    end):to_fail("new patients are seen before")
  end)
end)

describe("same-day slots", function()
  it("are held for sick visits early in the day", function()
    if HOLD_UNTIL > 0 then
      expect(decide("appointment.book", facts{ same_day = true, hour = HOLD_UNTIL - 1 }))
        :to_deny("held for sick visits")
    else -- the practice holds nothing
      expect(decide("appointment.book", facts{ same_day = true, hour = 0 })):to_allow()
    end
    expect(decide("appointment.book", facts{ same_day = true, hour = HOLD_UNTIL,
      visit_type = OLD })):to_allow()
    expect(decide("appointment.book", facts{ same_day = true, hour = 8,
      visit_type = SICK })):to_allow()
  end)

  it("are free on other days", function()
    expect(decide("appointment.book", facts{ same_day = false, hour = 8 })):to_allow()
  end)
end)

describe("double booking", function()
  it("squeezes in sick visits only", function()
    expect(decide("appointment.double_book", facts{ visit_type = SICK })):to_allow()
    expect(decide("appointment.double_book", facts{ visit_type = OLD }))
      :to_deny("only a same-day sick visit")
  end)

  it("is refused by the core without the flag", function()
    local slot = schedule.first{ visit_type = OLD, provider = DOCTOR }
    local a, b = patient(), patient()
    schedule.book{ patient = a, provider = DOCTOR, location = slot.location,
      visit_type = OLD, at = slot.at }
    expect(function()
      schedule.book{ patient = b, provider = DOCTOR, location = slot.location,
        visit_type = OLD, at = slot.at }
    end):to_fail("is busy at")
  end)
end)

describe("the slot search", function()
  local function sees(p, vt)
    if #p.visit_types == 0 then
      return true
    end
    for _, v in ipairs(p.visit_types) do
      if v == vt then
        return true
      end
    end
    return false
  end

  it("offers the patient's usual provider first", function()
    local seers = {}
    for _, p in ipairs(practice.providers) do
      if sees(p, OLD) then
        table.insert(seers, p.staff)
      end
    end
    local usual = seers[#seers] -- the last in practice.yaml's order
    local id = patient()
    local first = schedule.first{ visit_type = OLD, provider = usual }
    schedule.book{ patient = id, provider = usual, location = first.location,
      visit_type = OLD, at = first.at }
    local day = first.at:sub(1, 10)
    local slots = schedule.find{ visit_type = OLD, patient = id, from = day, to = day,
      limit = 2 }
    expect(slots[1].provider):to_be(usual)
  end)
end)
