-- office_tasks_spec.lua: specs of office_tasks.lua, run by `medoffice test`.

describe("creating tasks", function()
  it("allows a task that says what to do", function()
    expect(decide("task.create", { title = "Call Mrs. Lee back" })):to_allow()
  end)

  it("denies a title that is too short, naming the rule", function()
    local d = decide("task.create", { title = "call" })
    expect(d):to_deny("at least 8 characters")
    expect(d.rule):to_contain("titles say what to do")
    expect(d.rule):to_contain("policies/tasks/office_tasks.lua:")
  end)

  it("is enforced by the core, not only by decide()", function()
    act_as("maria")
    expect(function() tasks.add { title = "fax" } end)
      :to_fail("maria may not task.create")
    expect(#tasks.list()):to_be(0)
  end)

  it("records who created the task in the audit log", function()
    act_as("maria")
    local id = tasks.add { title = "Order flu vaccine", assignee = "joe" }
    local entries = audit.list { record = "task:" .. id }
    expect(#entries):to_be(1)
    expect(entries[1].actor):to_be("maria")
    expect(entries[1].action):to_be("task.create")
  end)

  it("stops at the open task limit for one person", function()
    for i = 1, 25 do
      tasks.add { title = "Restock room " .. i, assignee = "joe" }
    end
    expect(decide("task.create", { title = "Restock room 26", assignee = "joe" }))
      :to_deny("joe already has 25 open tasks")
  end)
end)

describe("cancelling tasks", function()
  it("lets the creator cancel", function()
    act_as("maria")
    local id = tasks.add { title = "Call the copier service" }
    expect(tasks.cancel(id, "done by phone")):to_be(true)
    expect(tasks.get(id).status):to_be("cancelled")
  end)

  it("stops others from cancelling", function()
    act_as("maria")
    local id = tasks.add { title = "Call the copier service" }
    act_as("joe")
    expect(function() tasks.cancel(id) end)
      :to_fail("only maria, who created the task, may cancel it")
    expect(tasks.get(id).status):to_be("open")
  end)

  it("lets listed staff cancel any task", function()
    act_as("maria")
    local id = tasks.add { title = "Call the copier service" }
    act_as("system")
    expect(tasks.cancel(id)):to_be(true)
  end)
end)
