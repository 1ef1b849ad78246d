-- office_tasks_spec.lua: specs of office_tasks.lua, run by `medoffice test`.
-- They read the practice's own staff ids and settings, so they hold for
-- every practice that uses the policy.

local staff = practice.staff
local ALICE = staff[#staff].id          -- any two staff members
local BOB = staff[#staff - 1].id
local MIN = setting("tasks.title_min_length", "integer", 8)
local MAX = setting("tasks.max_open_per_person", "integer", 25)
local CANCELLER = settings.tasks.may_cancel_any[1]

local function title(n)
  return ("Restock exam room supplies, batch %d"):format(n)
end

describe("creating tasks", function()
  it("allows a task that says what to do", function()
    expect(decide("task.create", { title = "Call Mrs. Lee back" })):to_allow()
  end)

  it("denies a title that is too short, naming the rule", function()
    local d = decide("task.create", { title = ("x"):rep(MIN - 1) })
    expect(d):to_deny(("at least %d characters"):format(MIN))
    expect(d.rule):to_contain("titles say what to do")
    expect(d.rule):to_contain("policies/tasks/office_tasks.lua:")
  end)

  it("is enforced by the core, not only by decide()", function()
    act_as(ALICE)
    expect(function() tasks.add { title = "x" } end)
      :to_fail(ALICE .. " may not task.create")
    expect(#tasks.list()):to_be(0)
  end)

  it("records who created the task in the audit log", function()
    act_as(ALICE)
    local id = tasks.add { title = "Order flu vaccine", assignee = BOB }
    local entries = audit.list { record = "task:" .. id }
    expect(#entries):to_be(1)
    expect(entries[1].actor):to_be(ALICE)
    expect(entries[1].action):to_be("task.create")
  end)

  it("stops at the open task limit for one person", function()
    for i = 1, MAX do
      tasks.add { title = title(i), assignee = BOB }
    end
    expect(decide("task.create", { title = title(MAX + 1), assignee = BOB }))
      :to_deny(("%s already has %d open tasks"):format(BOB, MAX))
  end)
end)

describe("cancelling tasks", function()
  it("lets the creator cancel", function()
    act_as(ALICE)
    local id = tasks.add { title = "Call the copier service" }
    expect(tasks.cancel(id, "done by phone")):to_be(true)
    expect(tasks.get(id).status):to_be("cancelled")
  end)

  it("stops others from cancelling", function()
    local creator = ALICE ~= CANCELLER and ALICE or BOB
    local other = creator == ALICE and BOB or ALICE
    if other == CANCELLER then other = "someone_else" end
    act_as(creator)
    local id = tasks.add { title = "Call the copier service" }
    act_as(other)
    expect(function() tasks.cancel(id) end)
      :to_fail(("only %s, who created the task, may cancel it"):format(creator))
    expect(tasks.get(id).status):to_be("open")
  end)

  it("lets the staff in settings.tasks.may_cancel_any cancel any task", function()
    act_as(CANCELLER ~= ALICE and ALICE or BOB)
    local id = tasks.add { title = "Call the copier service" }
    act_as(CANCELLER)
    expect(tasks.cancel(id)):to_be(true)
  end)
end)
