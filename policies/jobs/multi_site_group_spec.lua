-- multi_site_group_spec.lua: specs of multi_site_group.lua (the board at
-- the top, the administrative line through the practice administrator, the
-- three management levels) and of the office task rules with the
-- multi-site template's settings. Run by `medoffice test`.



local function has(list, x)
  for _, v in ipairs(list) do
    if v == x then
      return true
    end
  end
  return false
end

describe("the group's governance", function()
  it("puts the board alone at the top, at level board", function()
    expect(top_jobs()):to_equal({ "board" })
    expect(jobs("board").level):to_be("board")
  end)

  it("has the physician owners and the practice administrator report to the board", function()
    expect(jobs("physician_owner").reports_to):to_be("board")
    expect(jobs("physician_owner").level):to_be("physician_owner")
    expect(jobs("practice_administrator").reports_to):to_be("board")
  end)

  it("has everyone else report, in the end, to the practice administrator", function()
    for _, j in ipairs(jobs()) do
      if j.id ~= "board" and j.id ~= "physician_owner" and j.id ~= "practice_administrator" then
        expect(has(job_chain(j.id), "practice_administrator")):to_be(true)
      end
    end
  end)

  it("includes the employed physicians and the nurse practitioner, directly", function()
    expect(jobs("physician").reports_to):to_be("practice_administrator")
    expect(jobs("nurse_practitioner").reports_to):to_be("practice_administrator")
  end)
end)

describe("the three management levels", function()
  it("form one ladder: office manager, practice manager, practice administrator", function()
    expect(job_chain("office_manager")):to_equal({ "office_manager", "practice_manager",
      "practice_administrator", "board" })
    expect(jobs("office_manager").level):to_be("office_manager")
    expect(jobs("practice_manager").level):to_be("practice_manager")
    expect(jobs("practice_administrator").level):to_be("practice_administrator")
  end)

  it("share no duty", function()
    local seen = {}
    for _, id in ipairs({ "office_manager", "practice_manager", "practice_administrator" }) do
      for _, d in ipairs(jobs(id).duties) do
        expect(seen[d]):to_be_nil()
        seen[d] = id
      end
    end
  end)

  it("work at different scopes: one site, both sites, the board", function()
    expect(jobs("office_manager").duties[1]):to_contain("one site")
    expect(jobs("practice_manager").duties[1]):to_contain("both sites through their office managers")
    expect(jobs("practice_administrator").duties[1]):to_contain("reports to the board")
  end)

  it("put the site staff under the office manager and the billers under the billing lead", function()
    expect(job_chain("front_desk")[2]):to_be("office_manager")
    expect(job_chain("medical_assistant")[2]):to_be("office_manager")
    expect(job_chain("biller")):to_equal({ "biller", "billing_lead", "practice_manager",
      "practice_administrator", "board" })
    expect(jobs("billing_lead").level):to_be("lead")
  end)
end)

describe("office tasks with the multi-site settings", function()
  it("lets both site office managers cancel any task", function()
    expect(settings.tasks.may_cancel_any):to_contain("maria")
    expect(settings.tasks.may_cancel_any):to_contain("rosa")
    expect(decide("task.cancel", { created_by = "tina" }, "rosa")):to_allow()
    expect(decide("task.cancel", { created_by = "joe" }, "rosa")):to_allow()
    expect(decide("task.cancel", { created_by = "rosa" }, "tina"))
      :to_deny("does not permit it")
  end)

  it("denies a task title shorter than eight characters", function()
    expect(setting("tasks.title_min_length", "integer")):to_be(8)
    expect(decide("task.create", { title = "Call" })):to_deny("at least 8 characters")
    expect(decide("task.create", { title = "Call Lakeview about the ECG paper" })):to_allow()
  end)

  it("stops at 25 open tasks for one biller", function()
    expect(setting("tasks.max_open_per_person", "integer")):to_be(25)
    for i = 1, 25 do
      tasks.add { title = "Appeal denied claim " .. i, assignee = "kevin" }
    end
    expect(decide("task.create", { title = "Appeal denied claim 26", assignee = "kevin" }))
      :to_deny("kevin already has 25 open tasks")
    expect(decide("task.create", { title = "Appeal denied claim 26", assignee = "amy" }))
      :to_allow()
  end)
end)

describe("patient records in the group", function()
  it("lets the front desk register and update patients and only the managers merge them", function()
    local managers = { "physician_owner", "practice_administrator", "practice_manager", "office_manager" }
    expect(jobs_permitting("patient.merge")):to_equal(managers)
    table.insert(managers, "front_desk")
    expect(jobs_permitting("patient.register")):to_equal(managers)
    expect(jobs_permitting("patient.update")):to_equal(managers)
  end)

  it("lets every job but the board read patient records", function()
    expect(#jobs_permitting("patient.read")):to_be(#jobs() - 1)
    expect(decide("patient.read", { id = 1 }, "chair")):to_deny("does not permit it")
  end)
end)

describe("supplies", function()
  it("has each site's office manager and the management keep orders", function()
    local po = jobs_permitting("inventory.po")
    table.sort(po)
    expect(po):to_equal({ "office_manager", "physician_owner", "practice_administrator",
      "practice_manager" })
  end)

  it("keeps the board and the billers out of the supply room", function()
    for _, id in ipairs({ "board", "billing_lead", "biller" }) do
      expect(#jobs(id).may > 0):to_be(true)
      for _, a in ipairs(jobs(id).may) do
        expect(a:find("^inventory%.") == nil):to_be(true)
      end
    end
  end)
end)
