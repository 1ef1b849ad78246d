-- demo.lua: the script behind `medoffice demo`. It shows the engine
-- working on the demo practice: a policy rule deciding, the core
-- enforcing it, the task list and the audit chain.
local function say(fmt, ...)
  print(string.format(fmt, ...))
end

act_as("maria")
if #tasks.list() == 0 then
  tasks.add { title = "Call Mrs. Lee back about her visit", assignee = "joe" }
  tasks.add { title = "Order rapid strep test kits", assignee = "joe" }
end

local d = decide("task.create", { title = "fax" })
say("rule:      task.create \"fax\" -> %s (%s) by %s", d.verdict, d.reason,
  d.rule or "no rule")
local ok, err = pcall(tasks.add, { title = "fax" })
say("enforced:  tasks.add{title=\"fax\"} -> %s", ok and "created?!" or
  tostring(err))

say("tasks:     %d open", #tasks.list())
for _, t in ipairs(tasks.list()) do
  say("           #%d %s (%s)", t.id, t.title, t.assignee or "unassigned")
end
local intact, count = audit.verify()
say("audit:     %s, %d entries", intact and "chain intact" or "BROKEN", count or 0)
