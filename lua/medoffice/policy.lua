-- policy.lua: the policy DSL and the decision procedure.
--
-- Provides rule, allow, deny and job (with the credentials an action
-- requires and the amount it is limited to) to the sandbox, jobs() to
-- read the declared jobs, and decide(), which the engine's decision hook
-- calls when the core asks whether an action may be done. Rules for one
-- action are tried in load order; the first that returns a decision (not
-- nil) wins, and the decision names the rule (name, file:line) that made
-- it. Runs as a trusted host module (it may use debug.getinfo); the engine
-- sets M.known, a C function that checks action names against the core
-- catalogue, M.suggest (did you mean) and M.ruled (notes that an action
-- has rules, so that decisions about the others stay in C).
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

-- Actions whose rules may fix what they decide about.
local FIXABLE = { ["claim.release"] = true }

-- fix("reason", { add_modifier = "QW", code = "87880" }): a claim edit
-- that changes the claim (add_modifier or remove_modifier on the lines of
-- one code); the core applies it and asks the rules again.
function M.fix(reason, change)
  local d = decision("fix", reason, 3)
  if type(change) ~= "table" then
    error("fix: expected (reason, { add_modifier = \"QW\", code = \"87880\" })", 2)
  end
  local op, mod
  for k, v in pairs(change) do
    if k == "add_modifier" or k == "remove_modifier" then
      if op then error("fix: one change at a time", 2) end
      op, mod = k, v
    elseif k ~= "code" then
      error(("fix: unknown change '%s' (add_modifier, remove_modifier, code)")
        :format(tostring(k)), 2)
    end
  end
  if not op then error("fix: expected add_modifier or remove_modifier", 2) end
  if type(mod) ~= "string" or not mod:match("^[A-Z0-9][A-Z0-9]$") then
    error("fix: a modifier is 2 capital letters or digits, such as \"QW\"", 2)
  end
  local code = change.code
  if type(code) ~= "string" or not code:match("^[A-Z0-9][0-9][0-9][0-9][A-Z0-9]$") then
    error("fix: code: expected a CPT or HCPCS code such as \"87880\"", 2)
  end
  d.change = op .. " " .. code .. " " .. mod
  return d
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
    M.ruled(action) -- the engine skips Lua for actions without rules
  end
end

-- Returns verdict, reason, rule name, where and, for a fix, the change;
-- or nothing (no opinion).
function M.decide(action, facts)
  for _, r in ipairs(rules[action] or {}) do
    local d = r.fn(facts)
    if d ~= nil then
      if not M.is_decision(d) then
        error(("rule '%s' (%s) returned a %s; expected allow(...), " ..
          "deny(...), fix(...) or nil"):format(r.name, r.where, type(d)), 0)
      end
      if d.verdict == "fix" and not FIXABLE[action] then
        error(("rule '%s' (%s) returned fix(...), but only claim edits " ..
          "(rules for claim.release) may fix"):format(r.name, r.where), 0)
      end
      return d.verdict, d.reason, r.name, r.where, d.change
    end
  end
end

function M.count()
  return #order
end

-- ---- ranking ----

local rankers = {} -- action -> list of { name =, fn =, where = }

-- rank "appointment.book" ("name", function(facts) return number end):
-- scores the candidates of a search (free slots); higher comes first.
function M.rank(action)
  check_action(action)
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then
      error(('rank "%s": expected ("name", function), got (%s, %s)')
        :format(action, type(name), type(fn)), 2)
    end
    rankers[action] = rankers[action] or {}
    table.insert(rankers[action], { name = name, fn = fn, where = where })
  end
end

-- Whether any ranker is declared for action.
function M.has_rankers(action)
  return rankers[action] ~= nil
end

-- The sum of the rankers' scores for action (nil: none declared).
function M.score(action, facts)
  local list = rankers[action]
  if not list then
    return nil
  end
  local total = 0
  for _, r in ipairs(list) do
    local v = r.fn(facts)
    if v ~= nil and type(v) ~= "number" then
      error(("rank '%s' (%s) returned a %s; expected a number or nil")
        :format(r.name, r.where, type(v)), 0)
    end
    total = total + (v or 0)
  end
  return total
end

-- ---- job descriptions ----

local LEVELS = { "staff", "lead", "office_manager", "practice_manager",
  "practice_administrator", "physician_owner", "director", "board" }
local JOB_FIELDS = { "title", "level", "reports_to", "duties", "may",
  "requires", "limits" }
local LIMIT_KEYS = { "amount" }
local jobs = {}     -- declared jobs in order
local job_by_id = {}

local function one_of(list, value)
  for _, v in ipairs(list) do
    if v == value then
      return true
    end
  end
  return false
end

local function hint(word, list)
  local h = M.suggest(word, list)
  return h and (' (did you mean "' .. h .. '"?)') or ""
end

local function text_list(id, field, value, check)
  if value == nil then
    return {}
  end
  if type(value) ~= "table" then
    error(('job "%s": %s must be a list of text'):format(id, field), 3)
  end
  local out = {}
  for i, v in ipairs(value) do
    if type(v) ~= "string" or v == "" then
      error(('job "%s": %s[%d] must be non-empty text'):format(id, field, i), 3)
    end
    if check then
      check(v, i)
    end
    out[i] = v
  end
  return out
end

local function check_spec(id, spec)
  for k in pairs(spec) do
    if type(k) ~= "string" or not one_of(JOB_FIELDS, k) then
      error(('job "%s": unknown field %s%s'):format(id, tostring(k),
        type(k) == "string" and hint(k, JOB_FIELDS) or ""), 3)
    end
  end
  if type(spec.title) ~= "string" or spec.title == "" then
    error(('job "%s": title is required text'):format(id), 3)
  end
  local level = spec.level or "staff"
  if not one_of(LEVELS, level) then
    error(('job "%s": level "%s" is not one of %s%s'):format(id,
      tostring(level), table.concat(LEVELS, ", "), hint(tostring(level), LEVELS)), 3)
  end
  if spec.reports_to ~= nil and type(spec.reports_to) ~= "string" then
    error(('job "%s": reports_to must be a job id'):format(id), 3)
  end
  return level
end

local function check_action(id)
  return function(action, i)
    local ok, h = M.known(action)
    if not ok then
      error(('job "%s": may[%d]: unknown action \'%s\'%s'):format(id, i,
        action, h and (' (did you mean "' .. h .. '"?)') or ""), 4)
    end
  end
end

-- The keys of requires and limits: known actions that the job permits.
-- Called by terms, so level 4 is the policy file.
local function check_term_action(id, field, action, may)
  if type(action) ~= "string" then
    error(('job "%s": %s: expected action names as keys, such as ' ..
      '["task.create"], got %s'):format(id, field, tostring(action)), 4)
  end
  local ok, h = M.known(action)
  if not ok then
    error(('job "%s": %s["%s"]: unknown action \'%s\'%s'):format(id, field,
      action, action, h and (' (did you mean "' .. h .. '"?)') or ""), 4)
  end
  if not one_of(may, action) then
    error(('job "%s": %s["%s"]: the job does not permit %s (add it to may)')
      :format(id, field, action, action), 4)
  end
end

-- requires["a.b"] = { "CMA", "RMA" }: a copy of the list of kinds.
local function require_kinds(id, action, kinds)
  local where = ('job "%s": requires["%s"]'):format(id, action)
  if type(kinds) ~= "table" or next(kinds) == nil then
    error(where .. ' must be a list of credential kinds, such as ' ..
      '{ "CMA", "RMA" }', 4)
  end
  for k in pairs(kinds) do
    if math.type(k) ~= "integer" or k < 1 or k > #kinds then
      error(('%s must be a list of credential kinds, got the key %s')
        :format(where, tostring(k)), 4)
    end
  end
  for i, kind in ipairs(kinds) do
    if type(kind) ~= "string" or kind == "" then
      error(('%s[%d] must be a credential kind (non-empty text, such as ' ..
        '"CMA"), got %s'):format(where, i, type(kind) == "string"
        and '""' or "a " .. type(kind)), 4)
    end
  end
  return table.move(kinds, 1, #kinds, 1, {})
end

-- limits["a.b"] = { amount = money "500.00" }: a copy.
local function limit_terms(id, action, limit)
  local where = ('job "%s": limits["%s"]'):format(id, action)
  if type(limit) ~= "table" then
    error(where .. ' must be a table such as { amount = money "500.00" }, ' ..
      'got a ' .. type(limit), 4)
  end
  for k in pairs(limit) do
    if not one_of(LIMIT_KEYS, k) then
      error(('%s: unknown limit %s%s'):format(where, tostring(k),
        type(k) == "string" and hint(k, LIMIT_KEYS) or ""), 4)
    end
  end
  local amount = limit.amount
  if math.type(amount) ~= "integer" or amount < 0 then
    error(('%s: amount must be money (whole cents, not negative, such as ' ..
      'money "500.00"), got %s'):format(where, type(amount) == "string"
      and ('the text "%s"'):format(amount) or tostring(amount)), 4)
  end
  return { amount = amount }
end

-- requires or limits: { [action] = terms } checked and copied by copy.
local function terms(id, field, value, may, copy)
  if value == nil then
    return {}
  end
  if type(value) ~= "table" then
    error(('job "%s": %s must be a table keyed by action, such as ' ..
      '{ ["task.create"] = ... }'):format(id, field), 3)
  end
  local out = {}
  for action, v in pairs(value) do
    check_term_action(id, field, action, may)
    out[action] = copy(id, action, v)
  end
  return out
end

-- job "front_desk" { title =, level =, reports_to =, duties =, may =,
--   requires =, limits = }
function M.job(id)
  if type(id) ~= "string" or not id:match("^[a-z][a-z0-9_]*$") then
    error("job: expected an id of lower-case letters, digits and _, got " ..
      tostring(id), 2)
  end
  if job_by_id[id] then
    error(('job "%s" is declared twice (first at %s)'):format(id,
      job_by_id[id].where), 2)
  end
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(spec)
    if type(spec) ~= "table" then
      error(('job "%s": expected a table { title = ..., ... }'):format(id), 2)
    end
    local level = check_spec(id, spec)
    local may = text_list(id, "may", spec.may, check_action(id))
    local j = { id = id, title = spec.title, level = level,
      reports_to = spec.reports_to, where = where,
      duties = text_list(id, "duties", spec.duties), may = may,
      requires = terms(id, "requires", spec.requires, may, require_kinds),
      limits = terms(id, "limits", spec.limits, may, limit_terms) }
    table.insert(jobs, j)
    job_by_id[id] = j
  end
end

-- A deep copy of a value made of text, numbers and tables (a job).
local function copy_job(j)
  if type(j) ~= "table" then
    return j
  end
  local c = {}
  for k, v in pairs(j) do
    c[k] = copy_job(v)
  end
  return c
end

-- Shared with the other host modules (approval.lua, workflow.lua,
-- report.lua).
M.one_of, M.hint, M.copy = one_of, hint, copy_job

-- The first key of declaration t that allowed does not list, and the
-- did-you-mean hint for it ("" when none); nil when every key is known.
function M.unknown_field(t, allowed)
  for k in pairs(t) do
    if type(k) ~= "string" or not one_of(allowed, k) then
      return tostring(k), type(k) == "string" and hint(k, allowed) or ""
    end
  end
end

-- Whether v is a name of letters, digits and _ (up to 63, not starting
-- with a digit), and v as a message shows it.
function M.is_name(v)
  return type(v) == "string" and v:match("^[%a_][%w_]*$") ~= nil and #v <= 63
end

function M.shown(v)
  return type(v) == "string" and ('"' .. v .. '"') or type(v)
end

-- jobs(): every declared job (copies), in declaration order.
-- jobs(id): that job (a copy), or nil.
function M.jobs(id)
  if id ~= nil then
    return job_by_id[id] and copy_job(job_by_id[id]) or nil
  end
  local out = {}
  for i, j in ipairs(jobs) do
    out[i] = copy_job(j)
  end
  return out
end

-- The ids of the jobs whose `may` lists action, in declaration order.
function M.jobs_permitting(action)
  local out = {}
  for _, j in ipairs(jobs) do
    if one_of(j.may, action) then
      table.insert(out, j.id)
    end
  end
  return out
end

-- The ids of the jobs at the top of the chart (no reports_to).
function M.top_jobs()
  local out = {}
  for _, j in ipairs(jobs) do
    if not j.reports_to then
      table.insert(out, j.id)
    end
  end
  return out
end

-- The ids from job id up its reports_to chain to the top of the chart.
function M.job_chain(id)
  local out, j = {}, job_by_id[id]
  if not j then
    error(("job_chain: no job \"%s\" is declared"):format(tostring(id)), 2)
  end
  while j and #out <= #jobs do
    table.insert(out, j.id)
    j = j.reports_to and job_by_id[j.reports_to]
  end
  return out
end

-- Checks what can only be checked once every policy is loaded: each
-- reports_to names a declared job, and the chain of jobs has no loop.
function M.finish()
  local ids = {}
  for i, j in ipairs(jobs) do
    ids[i] = j.id
  end
  for _, j in ipairs(jobs) do
    if j.reports_to and not job_by_id[j.reports_to] then
      error(('%s: job "%s" reports to "%s", which no policy declares%s')
        :format(j.where, j.id, j.reports_to, hint(j.reports_to, ids)), 0)
    end
    local seen, chain, k = {}, {}, j
    while k do
      if seen[k.id] then
        table.insert(chain, k.id)
        error(('%s: job "%s": reporting loop: %s'):format(j.where, j.id,
          table.concat(chain, " -> ")), 0)
      end
      seen[k.id] = true
      table.insert(chain, k.id)
      k = k.reports_to and job_by_id[k.reports_to]
    end
  end
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
