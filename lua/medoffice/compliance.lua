-- compliance.lua: the checklist DSL. Provides `checklist "id" { ... }` and
-- `abuse_reporting { within_hours = N }` to the sandbox. A checklist is a
-- self-inspection done every week, month, quarter or year (OSHA, HIPAA,
-- CLIA, fire safety...), due on a day of its period, owned by a job, with
-- items to check, each saying whether evidence is required:
--
--   checklist "fire_extinguishers" {
--     title = "Fire extinguishers inspected",
--     every = "month", due = 31, owner = "office_manager",
--     items = {
--       { id = "gauge", text = "Each gauge in the green", evidence = "optional" },
--     },
--   }
--
-- Each declaration is checked when its policy loads (unknown fields, a
-- bad every or due, an item without an id or text, an item twice), each
-- error naming the file and line; once every policy is loaded, finish()
-- checks each owner against the declared jobs and hands the declarations
-- to the core (core/compliance.h) through M.install, which
-- lua/bind_compliance.c sets, with M.policy (the policy module).
local M = {}

local lists = {}  -- declarations in order
local by_id = {}
local abuse = nil -- { hours =, where = }

local FIELDS = { "title", "every", "due", "owner", "items" }
local MAX_TEXT = 200   -- a title or an item's text: one line
local MAX_ITEMS = 100  -- items of one checklist
local ITEM_FIELDS = { "id", "text", "evidence" }
local EVERY = { week = 7, month = 31, quarter = 92, year = 366 }

local function fail(where, name, fmt, ...)
  error(('%s: checklist "%s": ' .. fmt):format(where, name, ...), 0)
end

local function check_due(where, name, spec)
  local max = EVERY[spec.every]
  if spec.due == nil or spec.due == "last" then return max end
  if math.type(spec.due) ~= "integer" or spec.due < 1 or spec.due > max then
    fail(where, name, 'due: expected a day of the %s from 1 to %d or "last", got %s',
      spec.every, max, M.policy.shown(spec.due))
  end
  return spec.due
end

local function check_item(where, name, i, it, seen)
  if type(it) ~= "table" then
    fail(where, name, "items[%d]: expected a table such as { id = \"x\", text = \"...\" }", i)
  end
  local k, h = M.policy.unknown_field(it, ITEM_FIELDS)
  if k then fail(where, name, "items[%d]: unknown field '%s'%s", i, k, h) end
  if not M.policy.is_name(it.id) then
    fail(where, name, "items[%d]: id: expected a name of letters, digits and _, got %s",
      i, M.policy.shown(it.id))
  end
  if type(it.text) ~= "string" or it.text == "" or #it.text > MAX_TEXT or it.text:find("[%c]") then
    fail(where, name, "items[%d] (%s): text: expected what to check, one line of 1 to %d characters",
      i, it.id, MAX_TEXT)
  end
  if it.evidence ~= nil and it.evidence ~= "required" and it.evidence ~= "optional" then
    fail(where, name, 'items[%d] (%s): evidence: expected "required" or "optional", got %s',
      i, it.id, M.policy.shown(it.evidence))
  end
  if seen[it.id] then fail(where, name, 'items[%d]: item "%s" is listed twice', i, it.id) end
  seen[it.id] = true
  return { id = it.id, text = it.text, evidence = it.evidence == "required" }
end

local function check(where, name, spec)
  if type(spec) ~= "table" then
    fail(where, name, "expected a table such as { every = \"month\", items = { ... } }")
  end
  local k, h = M.policy.unknown_field(spec, FIELDS)
  if k then fail(where, name, "unknown field '%s'%s", k, h) end
  if type(spec.title) ~= "string" or spec.title == "" or #spec.title > MAX_TEXT
      or spec.title:find("[%c]") then
    fail(where, name, "title: expected one line of 1 to %d characters", MAX_TEXT)
  end
  if not EVERY[spec.every] then
    fail(where, name, 'every: expected "week", "month", "quarter" or "year", got %s',
      M.policy.shown(spec.every))
  end
  if not M.policy.is_name(spec.owner) then
    fail(where, name, "owner: expected a job id, got %s", M.policy.shown(spec.owner))
  end
  if type(spec.items) ~= "table" or #spec.items == 0 or #spec.items > MAX_ITEMS then
    fail(where, name, "items: expected a list of 1 to %d items", MAX_ITEMS)
  end
  local items, seen = {}, {}
  for i, it in ipairs(spec.items) do items[i] = check_item(where, name, i, it, seen) end
  return { id = name, title = spec.title, every = spec.every, owner = spec.owner,
    due = check_due(where, name, spec), items = items, where = where }
end

-- checklist "id" { title =, every =, due =, owner =, items = { ... } }
function M.checklist(name)
  if not M.policy.is_name(name) then
    error("checklist: expected a name of letters, digits and _ (up to 63), got " ..
      M.policy.shown(name), 2)
  end
  if by_id[name] then
    error(('checklist "%s" is declared twice (first at %s)'):format(name, by_id[name].where), 2)
  end
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(spec)
    local c = check(where, name, spec)
    by_id[name] = c
    lists[#lists + 1] = c
  end
end

-- abuse_reporting { within_hours = 24 }: the hours allowed to report
-- suspected abuse or neglect to the authorities.
function M.abuse_reporting(spec)
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  if type(spec) ~= "table" then
    error(where .. ": abuse_reporting: expected { within_hours = 24 }", 0)
  end
  local k, h = M.policy.unknown_field(spec, { "within_hours" })
  if k then error(("%s: abuse_reporting: unknown field '%s'%s"):format(where, k, h), 0) end
  local n = spec.within_hours
  if math.type(n) ~= "integer" or n < 1 or n > 720 then
    error(("%s: abuse_reporting: within_hours: expected 1 to 720 hours, got %s")
      :format(where, M.policy.shown(n)), 0)
  end
  if abuse then
    error(("%s: abuse_reporting is declared twice (first at %s)"):format(where, abuse.where), 0)
  end
  abuse = { hours = n, where = where }
end

-- Once every policy is loaded: each owner a declared job; then the
-- declarations go to the core.
function M.finish()
  local ids = {}
  for i, j in ipairs(M.policy.jobs()) do ids[i] = j.id end
  for _, c in ipairs(lists) do
    if not M.policy.jobs(c.owner) then
      local h = ""
      for _, id in ipairs(ids) do
        if id:sub(1, 3) == c.owner:sub(1, 3) then h = (' (did you mean "%s"?)'):format(id) break end
      end
      fail(c.where, c.id, 'owner: no job "%s" is declared%s', c.owner, h)
    end
  end
  M.install(lists, abuse and abuse.hours or 0)
end

return M
