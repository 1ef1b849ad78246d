-- family_practice_spec.lua: specs of family_practice.lua (the reporting
-- lines and levels of the solo family practice) and of the office task
-- rules with the family-practice template's settings. Run by `medoffice test`.


local function duties_mention(j, word)
  for _, d in ipairs(j.duties) do
    if d:lower():find(word, 1, true) then
      return true
    end
  end
  return false
end


describe("the family practice's jobs", function()
  it("declares the five jobs of a solo practice, owner first", function()
    local ids = {}
    for _, j in ipairs(jobs()) do
      table.insert(ids, j.id)
    end
    expect(ids):to_equal({ "physician_owner", "office_manager", "front_desk",
      "clinical_assistant", "biller" })
  end)

  it("puts the physician owner alone at the top of the chart", function()
    expect(top_jobs()):to_equal({ "physician_owner" })
    expect(jobs("physician_owner").level):to_be("physician_owner")
  end)

  it("has the office manager report to the physician owner", function()
    expect(jobs("office_manager").reports_to):to_be("physician_owner")
    expect(jobs("office_manager").level):to_be("office_manager")
  end)

  it("has the front desk, the clinical assistant and the biller report to the office manager", function()
    for _, id in ipairs({ "front_desk", "clinical_assistant", "biller" }) do
      expect(jobs(id).reports_to):to_be("office_manager")
      expect(jobs(id).level):to_be("staff")
      expect(job_chain(id)):to_equal({ id, "office_manager", "physician_owner" })
    end
  end)

  it("lets only the owner and the office manager cancel tasks", function()
    expect(jobs_permitting("task.cancel")):to_equal({ "physician_owner", "office_manager" })
  end)

  it("splits the front and back office between the two assistants", function()
    expect(duties_mention(jobs("front_desk"), "insurance")):to_be(true)
    expect(duties_mention(jobs("front_desk"), "co-payment")):to_be(true)
    expect(duties_mention(jobs("front_desk"), "clia")):to_be(false)
    expect(duties_mention(jobs("clinical_assistant"), "vital signs")):to_be(true)
    expect(duties_mention(jobs("clinical_assistant"), "clia-waived tests")):to_be(true)
    expect(duties_mention(jobs("clinical_assistant"), "insurance")):to_be(false)
  end)

  it("makes the physician owner the CLIA laboratory director", function()
    expect(duties_mention(jobs("physician_owner"), "laboratory director")):to_be(true)
    expect(duties_mention(jobs("office_manager"), "laboratory director")):to_be(false)
  end)
end)

describe("office tasks with the family-practice settings", function()
  it("reads the template's task settings", function()
    expect(setting("tasks.title_min_length", "integer")):to_be(8)
    expect(setting("tasks.max_open_per_person", "integer")):to_be(25)
    expect(settings.tasks.may_cancel_any):to_contain("maria")
  end)

  it("denies a task title shorter than eight characters", function()
    expect(decide("task.create", { title = "Fax it" })):to_deny("at least 8 characters")
  end)

  it("allows a task that says what to do", function()
    expect(decide("task.create", { title = "Call Mr. Ortiz with his strep result",
      assignee = "aisha" })):to_allow()
  end)

  it("stops at 25 open tasks for the front desk, not for the others", function()
    for i = 1, 25 do
      tasks.add { title = "Verify insurance for patient " .. i, assignee = "joe" }
    end
    expect(decide("task.create", { title = "Verify insurance for patient 26",
      assignee = "joe" })):to_deny("joe already has 25 open tasks")
    expect(decide("task.create", { title = "Restock exam room 2",
      assignee = "aisha" })):to_allow()
  end)

  it("lets the office manager cancel anyone's task; others' jobs do not permit it", function()
    expect(decide("task.cancel", { created_by = "joe" }, "maria")):to_allow()
    expect(decide("task.cancel", { created_by = "maria" }, "aisha"))
      :to_deny("does not permit it")
  end)
end)

describe("patient records in the family practice", function()
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
  it("has the managers keep items and orders and the staff move stock", function()
    local po = jobs_permitting("inventory.po")
    table.sort(po)
    expect(po):to_equal({ "office_manager", "physician_owner" })
    for _, id in ipairs({ "front_desk", "clinical_assistant" }) do
      expect(jobs(id).may):to_contain("inventory.receive")
      expect(jobs(id).may):to_contain("inventory.use")
    end
    expect(jobs_permitting("inventory.use")):to_equal(jobs_permitting("inventory.read"))
  end)

  it("has the clinical assistant log the vaccine fridge", function()
    expect(jobs("clinical_assistant").may):to_contain("inventory.temperature")
    expect(jobs("clinical_assistant").may):to_contain("inventory.count")
  end)
end)
