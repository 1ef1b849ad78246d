-- office_tasks_spec.lua: specs of office_tasks.lua, run by `medoffice test`.
-- They read the practice's own staff ids and settings, so they hold for
-- every practice that uses the policy.

-- The staff whose job permits an action (job descriptions: jobs/*.lua).
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

local creators = staff_who_may("task.create", true)
local cancellers = staff_who_may("task.cancel", true)
local ALICE = creators[#creators]       -- two staff who may create tasks
local BOB = creators[#creators - 1] or creators[1]
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
  local function listed(id)
    for _, l in ipairs(settings.tasks.may_cancel_any) do
      if l == id then return true end
    end
    return false
  end
  local OWNER = cancellers[#cancellers]   -- may cancel, by job
  local OTHER                            -- may cancel by job, not listed
  for _, id in ipairs(cancellers) do
    if not listed(id) then OTHER = id end
  end

  it("lets a creator whose job permits it cancel", function()
    act_as(OWNER)
    local id = tasks.add { title = "Call the copier service" }
    expect(tasks.cancel(id, "done by phone")):to_be(true)
    expect(tasks.get(id).status):to_be("cancelled")
  end)

  it("stops others from cancelling", function()
    local creator = OTHER ~= ALICE and ALICE or BOB
    local other = OTHER
    if not other or other == creator then return end -- nobody to test with
    act_as(creator)
    local id = tasks.add { title = "Call the copier service" }
    act_as(other)
    expect(function() tasks.cancel(id) end)
      :to_fail(("only %s, who created the task, may cancel it"):format(creator))
    expect(tasks.get(id).status):to_be("open")
  end)

  it("stops staff whose job does not permit it, even for their own task", function()
    local cannot = staff_who_may("task.cancel", false)
    for _, id in ipairs(cannot) do
      act_as(id)
      local ok = pcall(tasks.add, { title = "Call the copier service" })
      if ok then
        local task = tasks.list()[#tasks.list()]
        expect(function() tasks.cancel(task.id) end)
          :to_fail(id .. " may not task.cancel")
      end
    end
  end)

  it("lets the staff in settings.tasks.may_cancel_any cancel any task", function()
    act_as(OWNER ~= CANCELLER and OWNER or ALICE)
    local id = tasks.add { title = "Call the copier service" }
    act_as(CANCELLER)
    expect(tasks.cancel(id)):to_be(true)
  end)
end)
