-- workflow.lua: the workflow DSL. Provides `workflow "name" { ... }` to
-- the sandbox: a state machine with its states, the first one, the final
-- ones, and its transitions (from a state, on an event, to a state, as an
-- action of the catalogue, with an optional guard). A declaration is
-- checked whole when its policy loads: unknown fields, states and
-- actions, a transition out of a final state or declared twice, a state
-- the first one cannot reach, a state that is neither final nor left by a
-- transition; each error names the policy file and line. The engine's
-- workflow hook calls initial(), edge() and guard() when the core starts
-- and moves runs (core/workflow.h), which it stores. Runs as a trusted
-- host module; the engine sets M.policy (the policy module: the action
-- catalogue, decisions, did-you-mean).
local M = {}

local flows = {}  -- name -> declaration
local order = {}  -- names in declaration order

local FIELDS = { "title", "initial", "states", "final", "start", "transitions" }
local T_FIELDS = { "from", "on", "to", "action", "guard", "title" }

local declaring -- "file:line" of the declaration being checked

local function fail(name, fmt, ...)
  error(('%s: workflow "%s": ' .. fmt):format(declaring, name, ...), 0)
end

local function hint(word, list)
  return M.policy.hint(word, list)
end

local function check_fields(name, t, allowed, what)
  local k, h = M.policy.unknown_field(t, allowed)
  if k then
    fail(name, "%sunknown field '%s'%s", what ~= "" and (what .. ": ") or "", k, h)
  end
end

local function check_id(name, what, v)
  if not M.policy.is_name(v) then
    fail(name, "%s: expected a name of letters, digits and _ (up to 63), got %s",
      what, M.policy.shown(v))
  end
end

local function check_action(name, what, action)
  if type(action) ~= "string" then
    fail(name, '%s: expected an action such as "clia.collect", got %s', what, type(action))
  end
  local ok, h = M.policy.known(action)
  if not ok then
    fail(name, "%s: unknown action '%s'%s", what, action,
      h and (' (did you mean "' .. h .. '"?)') or "")
  end
end

-- states: a list of names, each once; returns the set.
local function state_set(name, def)
  if type(def.states) ~= "table" or #def.states == 0 then
    fail(name, "states: expected a list of state names")
  end
  local set = {}
  for i, s in ipairs(def.states) do
    check_id(name, ("states[%d]"):format(i), s)
    if set[s] then fail(name, "states: '%s' is listed twice", s) end
    set[s] = true
  end
  return set
end

local function known_state(name, set, list, what, s)
  if not set[s] then
    fail(name, "%s: unknown state '%s'%s", what, tostring(s), hint(tostring(s), list))
  end
end

-- One transition, checked; returns it with its from-states as a list.
local function check_transition(name, set, def, i, t)
  local what = ("transitions[%d]"):format(i)
  if type(t) ~= "table" then fail(name, "%s: expected a table", what) end
  check_fields(name, t, T_FIELDS, what)
  local from = type(t.from) == "table" and t.from or { t.from }
  if #from == 0 then fail(name, "%s: from: expected a state or a list of states", what) end
  for _, s in ipairs(from) do known_state(name, set, def.states, what .. ".from", s) end
  check_id(name, what .. ".on", t.on)
  known_state(name, set, def.states, what .. ".to", t.to)
  check_action(name, what .. ".action", t.action)
  if t.guard ~= nil and type(t.guard) ~= "function" then
    fail(name, "%s: guard: expected a function, got %s", what, type(t.guard))
  end
  return { from = from, on = t.on, to = t.to, action = t.action, guard = t.guard,
    where = declaring }
end

-- The edges by state and event; no edge twice, none out of a final state.
local function edges(name, set, def, final)
  if type(def.transitions) ~= "table" or #def.transitions == 0 then
    fail(name, "transitions: expected a list of transitions")
  end
  local by = {}
  for i, t in ipairs(def.transitions) do
    local e = check_transition(name, set, def, i, t)
    for _, s in ipairs(e.from) do
      if final[s] then
        fail(name, "transitions[%d]: '%s' is final: nothing leaves it", i, s)
      end
      by[s] = by[s] or {}
      if by[s][e.on] then
        fail(name, "transitions[%d]: '%s' on '%s' is declared twice", i, s, e.on)
      end
      by[s][e.on] = e
    end
  end
  return by
end

-- Every state is reached from the first one; every state that is not
-- final is left by some transition.
local function check_graph(name, def, by, final)
  local seen, queue = { [def.initial] = true }, { def.initial }
  while #queue > 0 do
    local s = table.remove(queue)
    for _, e in pairs(by[s] or {}) do
      if not seen[e.to] then
        seen[e.to] = true
        queue[#queue + 1] = e.to
      end
    end
  end
  for _, s in ipairs(def.states) do
    if not seen[s] then
      fail(name, "state '%s' cannot be reached from '%s'", s, def.initial)
    end
    if not final[s] and not next(by[s] or {}) then
      fail(name, "state '%s' is not final and no transition leaves it", s)
    end
  end
end

local function declare(name, def)
  if type(def) ~= "table" then fail(name, "expected a table") end
  check_fields(name, def, FIELDS, "")
  local set = state_set(name, def)
  known_state(name, set, def.states, "initial", def.initial)
  local final = {}
  if type(def.final) ~= "table" or #def.final == 0 then
    fail(name, "final: expected a list of the states that end a run")
  end
  for _, s in ipairs(def.final) do
    known_state(name, set, def.states, "final", s)
    final[s] = true
  end
  check_action(name, "start", def.start)
  local by = edges(name, set, def, final)
  check_graph(name, def, by, final)
  return { name = name, title = def.title, initial = def.initial, states = def.states,
    final = final, start = def.start, by = by, where = declaring }
end

-- workflow "name" { ... }
function M.workflow(name)
  local info = debug.getinfo(2, "Sl")
  declaring = info.short_src .. ":" .. info.currentline
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
    error(("%s: workflow: expected a name of letters, digits and _"):format(declaring), 0)
  end
  return function(def)
    if flows[name] then
      fail(name, "declared twice (first at %s)", flows[name].where)
    end
    flows[name] = declare(name, def)
    order[#order + 1] = name
  end
end

-- ---- what the engine's hook asks ----

local function find(name)
  local w = flows[name]
  if not w then
    local h = M.policy.suggest and M.policy.suggest(name, order) or nil
    return nil, ("workflow '%s': no policy declares it%s"):format(name,
      h and (' (did you mean "' .. h .. '"?)') or "")
  end
  return w
end

-- initial(name) -> state, start action | nil, message
function M.initial(name)
  local w, err = find(name)
  if not w then return nil, err end
  return w.initial, w.start
end

local function events_from(w, state)
  local list = {}
  for on in pairs(w.by[state] or {}) do list[#list + 1] = on end
  table.sort(list)
  return #list > 0 and table.concat(list, ", ") or "none"
end

-- edge(name, state, event) -> to, action, final, where | nil, message
function M.edge(name, state, event)
  local w, err = find(name)
  if not w then return nil, err end
  local e = (w.by[state] or {})[event]
  if not e then
    return nil, ("'%s' is no transition from '%s' in workflow '%s' (from '%s': %s)")
      :format(event, state, name, state, events_from(w, state))
  end
  return e.to, e.action, w.final[e.to] == true, e.where
end

-- guard(name, state, event, facts) -> verdict, reason, rule
function M.guard(name, state, event, facts)
  local w = assert(find(name))
  local e = assert(w.by[state][event])
  if not e.guard then return "allow", "", "" end
  local d = e.guard(facts)
  local rule = ("guard of %s -> %s on '%s' (%s)"):format(state, e.to, event, e.where)
  if d == nil then return "allow", "", rule end
  if not M.policy.is_decision(d) or d.verdict == "fix" then
    error(("%s returned a %s; expected allow(...), deny(...) or nil"):format(rule,
      M.policy.is_decision(d) and "fix" or type(d)), 0)
  end
  return d.verdict, d.reason, rule
end

-- list() -> the declared workflows, for documentation and specs
function M.list()
  local out = {}
  for _, name in ipairs(order) do
    local w = flows[name]
    out[#out + 1] = { name = name, title = w.title, initial = w.initial,
      states = M.policy.copy(w.states), where = w.where }
  end
  return out
end

return M
