-- pediatrics_spec.lua: specs of pediatrics.lua (reporting lines, levels,
-- who gives injections) and of the office task rules with the pediatrics
-- template's settings. Run by `medoffice test`.


-- Jobs with a duty that says they give injections (not "does not ...").
local function injectors()
  local out = {}
  for _, j in ipairs(jobs()) do
    for _, d in ipairs(j.duties) do
      local l = d:lower()
      if l:find("inject", 1, true) and not l:find("not", 1, true) then
        table.insert(out, j.id)
        break
      end
    end
  end
  return out
end


describe("the pediatric practice's jobs", function()
  it("puts the physician owner alone at the top", function()
    for _, j in ipairs(jobs()) do
      if j.id == "physician_owner" then
        expect(j.reports_to):to_be_nil()
        expect(j.level):to_be("physician_owner")
      else
        expect(job_chain(j.id)[#job_chain(j.id)]):to_be("physician_owner")
      end
    end
  end)

  it("has the pediatricians and the nurse practitioner report to the owner", function()
    expect(jobs("pediatrician").reports_to):to_be("physician_owner")
    expect(jobs("nurse_practitioner").reports_to):to_be("physician_owner")
    expect(jobs("nurse_practitioner").title):to_contain("CPNP")
  end)

  it("has the front desk report to the office manager", function()
    expect(jobs("front_desk").reports_to):to_be("office_manager")
    expect(jobs("office_manager").reports_to):to_be("physician_owner")
    expect(jobs("office_manager").level):to_be("office_manager")
  end)

  it("has both kinds of medical assistant report to the lead nurse", function()
    expect(jobs("nurse").level):to_be("lead")
    expect(job_chain("certified_ma")):to_equal({ "certified_ma", "nurse", "physician_owner" })
    expect(job_chain("medical_assistant")):to_equal({ "medical_assistant", "nurse", "physician_owner" })
  end)

  it("lets only the nurse and certified assistants give injections", function()
    expect(injectors()):to_equal({ "nurse", "certified_ma" })
  end)

  it("says so explicitly for assistants without a certification", function()
    local says = false
    for _, d in ipairs(jobs("medical_assistant").duties) do
      says = says or d:find("Does not administer injections", 1, true) ~= nil
    end
    expect(says):to_be(true)
    expect(jobs("certified_ma").title):to_contain("CMA or RMA")
    expect(jobs("medical_assistant").title):to_contain("not certified")
  end)

  it("lets only the owner and the office manager cancel tasks", function()
    expect(jobs_permitting("task.cancel")):to_equal({ "physician_owner", "office_manager" })
  end)
end)

describe("office tasks with the pediatrics settings", function()
  it("reads the template's task settings", function()
    expect(setting("tasks.title_min_length", "integer")):to_be(8)
    expect(setting("tasks.max_open_per_person", "integer")):to_be(25)
    expect(settings.tasks.may_cancel_any):to_contain("maria")
  end)

  it("denies a task title shorter than eight characters", function()
    expect(decide("task.create", { title = "VFC log" })):to_deny("at least 8 characters")
    expect(decide("task.create", { title = "VFC logs" })):to_allow()
  end)

  it("stops at 25 open tasks for the nurse", function()
    for i = 1, 25 do
      tasks.add { title = "Return triage call " .. i, assignee = "beth" }
    end
    expect(decide("task.create", { title = "Return triage call 26", assignee = "beth" }))
      :to_deny("beth already has 25 open tasks")
    expect(decide("task.create", { title = "Return triage call 26", assignee = "aisha" }))
      :to_allow()
  end)

  it("lets the office manager cancel anyone's task; others' jobs do not permit it", function()
    expect(decide("task.cancel", { created_by = "beth" }, "maria")):to_allow()
    expect(decide("task.cancel", { created_by = "beth" }, "lily"))
      :to_deny("does not permit it")
  end)
end)

describe("patient records in the pediatric practice", function()
  it("lets the front desk register and update patients and only the owner and the office manager merge them", function()
    expect(jobs_permitting("patient.register")):to_equal({ "physician_owner", "office_manager", "front_desk" })
    expect(jobs_permitting("patient.update")):to_equal({ "physician_owner", "office_manager", "front_desk" })
    expect(jobs_permitting("patient.merge")):to_equal({ "physician_owner", "office_manager" })
  end)

  it("lets every job read patient records", function()
    expect(#jobs_permitting("patient.read")):to_be(#jobs())
  end)
end)

describe("supplies and the vaccine storage log", function()
  it("has the nurse who keeps the vaccine inventory order it", function()
    expect(jobs("nurse").may):to_contain("inventory.po")
    expect(jobs("nurse").may):to_contain("inventory.temperature")
    local po = jobs_permitting("inventory.po")
    table.sort(po)
    expect(po):to_equal({ "nurse", "office_manager", "physician_owner" })
  end)

  it("has every assistant log temperatures and count stock", function()
    for _, id in ipairs({ "certified_ma", "medical_assistant" }) do
      expect(jobs(id).may):to_contain("inventory.temperature")
      expect(jobs(id).may):to_contain("inventory.count")
    end
  end)
end)
