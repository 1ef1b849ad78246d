-- policy.lua: the policy DSL and the decision procedure.
--
-- Provides rule, allow and deny to the sandbox, and decide(), which the
-- engine's decision hook calls when the core asks whether an action may
-- be done. Rules for one action are tried in load order; the first that
-- returns a decision (not nil) wins, and the decision names the rule
-- (name, file:line) that made it. Runs as a trusted host module (it may
-- use debug.getinfo); the engine sets M.known, a C function that checks
-- action names against the core catalogue.
local M = {}

local rules = {} -- action -> list of { name =, fn =, where = }
local order = {} -- every rule in declaration order
local Decision = { __name = "mo.decision", __metatable = "decision" }
Decision.__index = Decision

function Decision.__tostring(d)
  if d.reason ~= "" then
    return d.verdict .. ": " .. d.reason
  end
  return d.verdict
end

local function decision(verdict, reason, level)
  if reason ~= nil and type(reason) ~= "string" then
    error(("%s: the reason must be a string, got a %s"):format(
      verdict, type(reason)), level)
  end
  return setmetatable({ verdict = verdict, reason = reason or "" }, Decision)
end

function M.allow(reason)
  return decision("allow", reason, 3)
end

function M.deny(reason)
  return decision("deny", reason, 3)
end

function M.is_decision(d)
  return debug.getmetatable(d) == Decision
end

local function check_action(action)
  if type(action) ~= "string" then
    error(('rule: expected an action name such as "task.create", got a %s')
      :format(type(action)), 3)
  end
  local ok, hint = M.known(action)
  if not ok then
    error(("rule: unknown action '%s'%s"):format(action,
      hint and (' (did you mean "' .. hint .. '"?)') or ""), 3)
  end
end

-- rule "task.create" ("name", function(a) ... end)
function M.rule(action)
  check_action(action)
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then
      error(('rule "%s": expected ("name", function), got (%s, %s)')
        :format(action, type(name), type(fn)), 2)
    end
    local r = { action = action, name = name, fn = fn, where = where }
    rules[action] = rules[action] or {}
    table.insert(rules[action], r)
    table.insert(order, r)
  end
end

-- Returns verdict, reason, rule name, where; or nothing (no opinion).
function M.decide(action, facts)
  for _, r in ipairs(rules[action] or {}) do
    local d = r.fn(facts)
    if d ~= nil then
      if not M.is_decision(d) then
        error(("rule '%s' (%s) returned a %s; expected allow(...), " ..
          "deny(...) or nil"):format(r.name, r.where, type(d)), 0)
      end
      return d.verdict, d.reason, r.name, r.where
    end
  end
end

function M.count()
  return #order
end

-- Every rule as { action =, name =, where = }, in declaration order.
function M.list()
  local out = {}
  for i, r in ipairs(order) do
    out[i] = { action = r.action, name = r.name, where = r.where }
  end
  return out
end

return M
