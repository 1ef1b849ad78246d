-- checklists_spec.lua: specs of checklists.lua: the OSHA, HIPAA and fire
-- safety checklists are declared (the CLIA self-inspection only with a
-- CLIA certificate), owned by a declared job; results are checked against
-- the declarations; a fail opens a corrective task that a pass completes;
-- and an incident of suspected abuse is not closed before its report to
-- the authorities. Runs in every template (acting as system, which may do
-- everything, so that only the rules decide).

local STAFF = practice.staff[1].id -- who did the checks and reported

local function ids()
  local out = {}
  for _, c in ipairs(compliance.checklists()) do out[c.id] = c end
  return out
end

describe("the declared checklists", function()
  it("include OSHA, HIPAA and fire safety, owned by a declared job", function()
    local c = ids()
    for _, id in ipairs({ "osha_exposure_plan", "osha_eyewash", "osha_sharps",
      "hipaa_risk_assessment", "hipaa_workstations", "fire_extinguishers", "fire_drill" }) do
      expect(c[id]):to_be_truthy()
      expect(jobs(c[id].owner)):to_be_truthy()
    end
    expect(c.osha_eyewash.every):to_be("week")
    expect(c.fire_extinguishers.every):to_be("month")
    expect(c.osha_exposure_plan.where):to_contain("policies/compliance/checklists.lua:")
  end)

  it("include the CLIA self-inspection only with a CLIA certificate", function()
    expect(ids().clia_self_inspection ~= nil):to_be(practice.clia ~= nil)
  end)
end)

describe("checklist results", function()
  it("refuses a required item without its evidence", function()
    act_as("system")
    expect(function()
      compliance.record { checklist = "hipaa_risk_assessment", item = "assessment", result = "pass" }
    end):to_fail("needs its evidence")
  end)

  it("refuses a fail without a note, and an unknown item", function()
    act_as("system")
    expect(function()
      compliance.record { checklist = "osha_sharps", item = "fill_line", result = "fail" }
    end):to_fail("a fail needs a note")
    expect(function()
      compliance.record { checklist = "osha_sharps", item = "lid", result = "pass" }
    end):to_fail("has no item")
  end)

  it("opens a corrective task on a fail and completes it on a pass", function()
    act_as("system")
    local _, task = compliance.record { checklist = "fire_extinguishers", item = "gauge",
      result = "fail", note = "extinguisher by the lab reads empty", by = STAFF }
    expect(task):to_be_truthy()
    local st = compliance.status { checklist = "fire_extinguishers" }
    expect(st.failed):to_be(1)
    compliance.record { checklist = "fire_extinguishers", item = "gauge", result = "pass",
      evidence = "recharged, tag 2231", by = STAFF }
    for _, t in ipairs(tasks.list()) do
      expect(t.id == task and t.status == "open"):to_be(false)
    end
  end)
end)

describe("suspected abuse", function()
  local function abuse_incident()
    act_as("system")
    return incidents.report { kind = "abuse_child", occurred = today() .. " 00:00",
      location = practice.locations[1].id, reported_by = STAFF,
      description = "Unexplained bruising noted at a well visit" }
  end

  it("is not closed before it is reported to the authorities", function()
    local id = abuse_incident()
    local d = decide("incident.update", { incident = id, kind = "abuse_child",
      status = "closed", abuse = true, notified = false }, "system")
    expect(d):to_deny("report to the authorities")
    expect(function()
      incidents.update { id = id, status = "closed", note = "family moved away" }
    end):to_fail("report to the authorities")
  end)

  it("is closed once the report is recorded", function()
    local id = abuse_incident()
    incidents.notify { id = id, agency = "County Child Protective Services",
      method = "phone", reference = "CPS-2231", reported_by = STAFF }
    expect(incidents.update { id = id, status = "closed", note = "CPS took the case" }):to_be(true)
  end)

  it("leaves other incidents alone", function()
    expect(decide("incident.update", { incident = 1, kind = "patient_fall",
      status = "closed", abuse = false, notified = false }, "system")):to_allow()
  end)
end)
