-- office_tasks.lua: the office task list's rules.
--
-- A task must say what to do (a minimum title length), nobody gets more
-- than a set number of open tasks, and only the task's creator (or the
-- staff listed in settings.tasks.may_cancel_any) may cancel it. The
-- numbers come from the settings: section of practice.yaml; on_open checks
-- them when the practice opens.

local MIN_TITLE = setting("tasks.title_min_length", "integer", 8)
local MAX_OPEN = setting("tasks.max_open_per_person", "integer", 25)

function on_open(practice)
  if MIN_TITLE < 1 or MIN_TITLE > 200 then
    error("settings.tasks.title_min_length must be between 1 and 200", 0)
  end
  if MAX_OPEN < 1 then
    error("settings.tasks.max_open_per_person must be at least 1", 0)
  end
end

rule "task.create" ("titles say what to do", function(t)
  if utf8.len(t.title) < MIN_TITLE then
    return deny(("a task title must say what to do (at least %d characters)")
      :format(MIN_TITLE))
  end
end)

rule "task.create" ("open task limit per person", function(t)
  if not t.assignee then
    return nil
  end
  local open = 0
  for _, task in ipairs(tasks.list()) do
    if task.assignee == t.assignee then
      open = open + 1
    end
  end
  if open >= MAX_OPEN then
    return deny(("%s already has %d open tasks"):format(t.assignee, open))
  end
end)

local function may_cancel_any(staff)
  local list = settings.tasks and settings.tasks.may_cancel_any or {}
  for _, id in ipairs(list) do
    if id == staff then
      return true
    end
  end
  return false
end

rule "task.cancel" ("only the creator cancels", function(t)
  if t.actor ~= t.created_by and not may_cancel_any(t.actor) then
    return deny(("only %s, who created the task, may cancel it")
      :format(t.created_by))
  end
end)
