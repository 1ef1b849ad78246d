-- approval.lua: the approval DSL and request routing.
--
-- Provides `approval "kind" { ... }` to the sandbox and route(), which the
-- engine's routing hook calls when the core files a request: from the
-- request's facts it says whether approval is needed, which tier of the
-- declaration applies and so who approves (steps of jobs), when the
-- request escalates and to whom, and when it expires. The core stores that
-- route with the request and enforces it (core/approval.c). Runs as a
-- trusted host module; the engine sets M.policy (the policy module, for
-- the declared jobs) and the bindings set M.can_guard (whether an action
-- can run on approval).
local M = {}

local approvals = {} -- declared approvals in order
local by_kind = {}

local FIELDS = { "title", "action", "when", "tiers", "escalate", "expire" }
local TIER_FIELDS = { "name", "upto", "when", "approvers", "steps" }

-- The policy module's helpers (M.policy is set before any call).
local function one_of(list, value)
  return M.policy.one_of(list, value)
end

local function copy(v)
  return M.policy.copy(v)
end

local function hint(word, list)
  return M.policy.hint(word, list)
end

local declaring -- "file:line" of the declaration being checked

-- Raises a declaration error at the declaration's file and line, however
-- deep in the checks it was found.
local function fail(kind, fmt, ...)
  error(('%s: approval "%s": ' .. fmt):format(declaring, kind, ...), 0)
end

local function check_fields(kind, what, t, allowed)
  local k, h = M.policy.unknown_field(t, allowed)
  if k then fail(kind, "%sunknown field %s%s", what, k, h) end
end

local function job_list(kind, what, v)
  if type(v) ~= "table" or #v == 0 or #v > 8 then
    fail(kind, "%s must be a list of 1 to 8 job ids", what)
  end
  local out = {}
  for i, id in ipairs(v) do
    if type(id) ~= "string" then
      fail(kind, "%s[%d] must be a job id, got a %s", what, i, type(id))
    end
    out[i] = id
  end
  return out
end

local function seconds(kind, what, v)
  if v == nil then
    return 0
  end
  if math.type(v) ~= "integer" or v <= 0 then
    fail(kind, '%s must be a positive number of seconds, e.g. duration "48h"; ' ..
      'got %s', what, type(v) == "string" and ('the text "' .. v .. '"')
      or tostring(v))
  end
  return v
end

local function check_tier(kind, i, t, prev_upto)
  local what = ("tiers[%d]: "):format(i)
  if type(t) ~= "table" then
    fail(kind, "%sexpected a table { upto =, approvers = }", what)
  end
  check_fields(kind, what, t, TIER_FIELDS)
  if (t.approvers == nil) == (t.steps == nil) then
    fail(kind, "%sgive either approvers (one step) or steps (several)", what)
  end
  if t.upto ~= nil and (math.type(t.upto) ~= "integer" or t.upto < 0) then
    fail(kind, '%supto must be an amount in cents, e.g. money "500.00"', what)
  end
  if t.upto and prev_upto and t.upto <= prev_upto then
    fail(kind, "%supto must be above the previous tier's", what)
  end
  if t.when ~= nil and type(t.when) ~= "function" then
    fail(kind, "%swhen must be a function(r) returning true or false", what)
  end
  local steps = {}
  if t.approvers then
    steps[1] = job_list(kind, what .. "approvers", t.approvers)
  else
    if type(t.steps) ~= "table" or #t.steps == 0 or #t.steps > 4 then
      fail(kind, "%ssteps must be a list of 1 to 4 lists of job ids", what)
    end
    for k, s in ipairs(t.steps) do
      steps[k] = job_list(kind, what .. ("steps[%d]"):format(k), s)
    end
  end
  return { name = t.name or ("tier " .. i), upto = t.upto, when = t.when,
    steps = steps }
end

local function check_escalate(kind, v)
  if v == nil then
    return nil
  end
  if type(v) ~= "table" then
    fail(kind, "escalate must be a table { after =, to = }")
  end
  check_fields(kind, "escalate: ", v, { "after", "to" })
  return { after = seconds(kind, "escalate.after", v.after),
    to = job_list(kind, "escalate.to", v.to) }
end

local function check_spec(kind, spec)
  check_fields(kind, "", spec, FIELDS)
  if spec.action ~= nil then
    local ok, h = M.policy.known(tostring(spec.action))
    if type(spec.action) ~= "string" or not ok then
      fail(kind, "action: unknown action '%s'%s", tostring(spec.action),
        h and (' (did you mean "' .. h .. '"?)') or "")
    end
    if not M.can_guard(spec.action) then
      fail(kind, "action: %s cannot be run by an approval", spec.action)
    end
  end
  if spec.when ~= nil and type(spec.when) ~= "function" then
    fail(kind, "when must be a function(r) returning true or false")
  end
  if type(spec.tiers) ~= "table" or #spec.tiers == 0 then
    fail(kind, "tiers is required: a list of { upto =, approvers = }")
  end
end

-- approval "refund" { title =, action =, when =, tiers =, escalate =, expire = }
function M.approval(kind)
  if type(kind) ~= "string" or not kind:match("^[a-z][a-z0-9_]*$") then
    error("approval: expected a kind of lower-case letters, digits and _, " ..
      "got " .. tostring(kind), 2)
  end
  if by_kind[kind] then
    error(('approval "%s" is declared twice (first at %s)'):format(kind,
      by_kind[kind].where), 2)
  end
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(spec)
    if type(spec) ~= "table" then
      error(('approval "%s": expected a table { tiers = ..., ... }'):format(
        kind), 2)
    end
    declaring = where
    check_spec(kind, spec)
    local a = { kind = kind, title = spec.title or kind, action = spec.action,
      when = spec.when, where = where, tiers = {},
      escalate = check_escalate(kind, spec.escalate),
      expire = seconds(kind, "expire", spec.expire) }
    for i, t in ipairs(spec.tiers) do
      a.tiers[i] = check_tier(kind, i, t, i > 1 and spec.tiers[i - 1].upto)
    end
    table.insert(approvals, a)
    by_kind[kind] = a
  end
end

-- The declared job ids as a list and as a set, and the set of those that
-- permit approval.decide (copied once per load, not per step).
local function job_sets()
  local ids, known, deciders = {}, {}, {}
  for i, j in ipairs(M.policy.jobs()) do
    ids[i], known[j.id] = j.id, true
  end
  for _, id in ipairs(M.policy.jobs_permitting("approval.decide")) do
    deciders[id] = true
  end
  return ids, known, deciders
end

local function check_jobs(a, what, list, holders, sets)
  for _, id in ipairs(list) do
    if not sets.known[id] then
      error(('%s: approval "%s": %s: no job "%s" is declared%s'):format(
        a.where, a.kind, what(), id, hint(id, sets.ids)), 0)
    end
    if not sets.deciders[id] then
      error(('%s: approval "%s": %s: job "%s" does not permit ' ..
        'approval.decide (add it to its may)'):format(a.where, a.kind, what(),
        id), 0)
    end
  end
  if holders then
    for _, id in ipairs(list) do
      if holders[id] then
        return
      end
    end
    error(('%s: approval "%s": %s: nobody on the staff holds %s, so ' ..
      'nobody could approve'):format(a.where, a.kind, what(),
      table.concat(list, " or ")), 0)
  end
end

-- Checks, once every policy is loaded, that each approver job is declared
-- and permits approval.decide, and (given holders, a set of the job ids
-- the staff hold) that someone holds one of each step's jobs. Returns the
-- number of approvals declared.
function M.finish(holders)
  if #approvals == 0 then
    return 0
  end
  local ids, known, deciders = job_sets()
  local sets = { ids = ids, known = known, deciders = deciders }
  for _, a in ipairs(approvals) do
    for _, t in ipairs(a.tiers) do
      for k, s in ipairs(t.steps) do
        check_jobs(a, function() return ("%s, step %d"):format(t.name, k) end,
          s, holders, sets)
      end
    end
    if a.escalate then
      check_jobs(a, function() return "escalate.to" end, a.escalate.to,
        holders, sets)
    end
  end
  return #approvals
end

local function call_when(a, what, fn, r)
  local v = fn(r)
  if type(v) ~= "boolean" then
    error(('approval "%s" (%s): %s returned %s; expected true or false')
      :format(a.kind, a.where, what, v == nil and "nil" or "a " .. type(v)), 0)
  end
  return v
end

local function money(cents)
  return M.format_money(cents)
end

local function pick_tier(a, r)
  for i, t in ipairs(a.tiers) do
    local fits = true
    if t.upto then
      if math.type(r.amount) ~= "integer" then
        error(('approval "%s" (%s): %s routes by amount, but the request ' ..
          'has none'):format(a.kind, a.where, t.name), 0)
      end
      fits = r.amount <= t.upto
    end
    if fits and t.when then
      fits = call_when(a, t.name .. ".when", t.when, r)
    end
    if fits then
      return i, t
    end
  end
  error(('approval "%s" (%s): no tier covers this request%s'):format(a.kind,
    a.where, r.amount and (" (amount " .. money(r.amount) .. ")") or ""), 0)
end

local function tier_reason(a, i, t, r)
  local parts = {}
  if t.upto then
    table.insert(parts, ("amount %s is at most %s"):format(money(r.amount),
      money(t.upto)))
  end
  if i > 1 and a.tiers[i - 1].upto and r.amount then
    table.insert(parts, ("above %s"):format(money(a.tiers[i - 1].upto)))
  end
  if t.when then
    table.insert(parts, "its condition holds")
  end
  local who = {}
  for k, s in ipairs(t.steps) do
    who[k] = table.concat(s, " or ")
  end
  return ("%s: %s; approved by %s"):format(t.name,
    #parts > 0 and table.concat(parts, ", ") or "applies",
    table.concat(who, ", then "))
end

-- route(kind, r) -> a route table, or nil, message when no approval of
-- that kind is declared. r holds the request's facts.
function M.route(kind, r)
  local a = by_kind[kind]
  if not a then
    local kinds = {}
    for i, x in ipairs(approvals) do
      kinds[i] = x.kind
    end
    return nil, ('no approval "%s" is declared%s'):format(tostring(kind),
      #kinds > 0 and hint(tostring(kind), kinds) or "")
  end
  local out = { needed = true, action = a.action, kind = kind,
    escalate_after = a.escalate and a.escalate.after or 0,
    escalate_to = a.escalate and copy(a.escalate.to) or {},
    expire_after = a.expire }
  if a.when and not call_when(a, "when", a.when, r) then
    out.needed, out.steps = false, {}
    out.rule = ("approval %s (%s)"):format(kind, a.where)
    out.reason = "not needed: its when(...) is false for this request"
    return out
  end
  local i, t = pick_tier(a, r)
  out.steps = copy(t.steps)
  out.rule = ("approval %s, %s (%s)"):format(kind, t.name, a.where)
  out.reason = tier_reason(a, i, t, r)
  return out
end

local function hours(seconds)
  if seconds % 86400 == 0 then
    return ("%d days"):format(seconds // 86400)
  end
  return ("%d hours"):format(seconds // 3600)
end

local function tier_text(a, i, t)
  local s = t.name
  if i > 1 and a.tiers[i - 1].upto then
    s = s .. ", above " .. money(a.tiers[i - 1].upto)
  end
  if t.upto then
    s = s .. ", up to " .. money(t.upto)
  end
  if t.when then
    s = s .. ", when its condition holds"
  end
  return s
end

-- What job approves: { { kind =, what = "tier 1, up to 500.00" }, ... }.
function M.approves(job)
  local out = {}
  for _, a in ipairs(approvals) do
    for i, t in ipairs(a.tiers) do
      for k, s in ipairs(t.steps) do
        if one_of(s, job) then
          table.insert(out, { kind = a.kind, what = tier_text(a, i, t) ..
            (#t.steps > 1 and (", step %d of %d"):format(k, #t.steps) or "") })
        end
      end
    end
    if a.escalate and one_of(a.escalate.to, job) then
      table.insert(out, { kind = a.kind, what = "when unanswered for " ..
        hours(a.escalate.after) })
    end
  end
  return out
end

-- Every approval as { kind =, title =, action =, where =, tiers =
-- { { name =, upto =, steps = } }, escalate =, expire = } (copies).
function M.list()
  local out = {}
  for i, a in ipairs(approvals) do
    local tiers = {}
    for k, t in ipairs(a.tiers) do
      tiers[k] = { name = t.name, upto = t.upto, conditional = t.when ~= nil,
        steps = copy(t.steps) }
    end
    out[i] = { kind = a.kind, title = a.title, action = a.action,
      where = a.where, tiers = tiers, escalate = copy(a.escalate),
      expire = a.expire ~= 0 and a.expire or nil }
  end
  return out
end

return M
