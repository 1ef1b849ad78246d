-- dermatology_spec.lua: specs of dermatology.lua (reporting lines, levels,
-- who handles procedures and pathology specimens) and of the office task
-- rules with the dermatology template's settings. Run by `medoffice test`.



-- The ids of the jobs with a duty containing text (case-insensitive).
local function jobs_whose_duties_mention(text)
  local out = {}
  for _, j in ipairs(jobs()) do
    for _, d in ipairs(j.duties) do
      if d:lower():find(text, 1, true) then
        table.insert(out, j.id)
        break
      end
    end
  end
  return out
end

describe("the dermatology practice's jobs", function()
  it("puts the physician owner alone at the top", function()
    expect(top_jobs()):to_equal({ "physician_owner" })
    expect(jobs("physician_owner").level):to_be("physician_owner")
  end)

  it("has the dermatologist and the physician assistant report to the owner", function()
    expect(jobs("dermatologist").reports_to):to_be("physician_owner")
    expect(jobs("physician_assistant").reports_to):to_be("physician_owner")
  end)

  it("has the front office and the biller report to the office manager", function()
    for _, id in ipairs({ "front_desk", "patient_coordinator", "biller", "clinical_lead" }) do
      expect(job_chain(id)):to_equal({ id, "office_manager", "physician_owner" })
    end
  end)

  it("has the medical assistants report to the clinical lead", function()
    expect(jobs("clinical_lead").level):to_be("lead")
    expect(job_chain("medical_assistant")):to_equal({ "medical_assistant", "clinical_lead",
      "office_manager", "physician_owner" })
  end)

  it("has no job that runs laboratory tests (specimens go out)", function()
    expect(jobs_whose_duties_mention("clia")):to_equal({})
    expect(jobs_whose_duties_mention("pathology specimen")):to_equal({
      "clinical_lead", "medical_assistant" })
  end)

  it("gives the sterilization of instruments to the clinical lead", function()
    expect(jobs_whose_duties_mention("autoclave")):to_equal({ "clinical_lead" })
  end)

  it("lets only the owner and the office manager cancel tasks", function()
    expect(jobs_permitting("task.cancel")):to_equal({ "physician_owner", "office_manager" })
  end)
end)

describe("office tasks with the dermatology settings", function()
  it("reads the template's task settings", function()
    expect(setting("tasks.title_min_length", "integer")):to_be(8)
    expect(setting("tasks.max_open_per_person", "integer")):to_be(25)
    expect(settings.tasks.may_cancel_any):to_contain("maria")
  end)

  it("denies a task title shorter than eight characters", function()
    expect(decide("task.create", { title = "Path" })):to_deny("at least 8 characters")
    expect(decide("task.create", { title = "Call Mr. Dunn with his biopsy result",
      assignee = "aisha" })):to_allow()
  end)

  it("stops at 25 open tasks for the prior-authorization coordinator", function()
    for i = 1, 25 do
      tasks.add { title = "Prior authorization for patient " .. i, assignee = "kim" }
    end
    expect(decide("task.create", { title = "Prior authorization for patient 26",
      assignee = "kim" })):to_deny("kim already has 25 open tasks")
  end)

  it("lets the office manager cancel anyone's task; others' jobs do not permit it", function()
    expect(decide("task.cancel", { created_by = "kim" }, "maria")):to_allow()
    expect(decide("task.cancel", { created_by = "kim" }, "rachel"))
      :to_deny("does not permit it")
  end)
end)

describe("patient records in the dermatology practice", function()
  it("lets the front desk register and update patients and only the owner and the office manager merge them", function()
    expect(jobs_permitting("patient.register")):to_equal({ "physician_owner", "office_manager", "front_desk" })
    expect(jobs_permitting("patient.update")):to_equal({ "physician_owner", "office_manager", "front_desk" })
    expect(jobs_permitting("patient.merge")):to_equal({ "physician_owner", "office_manager" })
  end)

  it("lets every job read patient records", function()
    expect(#jobs_permitting("patient.read")):to_be(#jobs())
  end)
end)

describe("supplies", function()
  it("has the clinical lead keep clinical supplies, with the managers", function()
    local po = jobs_permitting("inventory.po")
    table.sort(po)
    expect(po):to_equal({ "clinical_lead", "office_manager", "physician_owner" })
  end)

  it("has the medical assistants log the medication fridge without a lab permission", function()
    expect(jobs("medical_assistant").may):to_contain("inventory.temperature")
    expect(jobs_permitting("clia.qc")):to_equal({})
  end)
end)
