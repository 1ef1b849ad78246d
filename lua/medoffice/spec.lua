-- spec.lua: the spec runner behind `medoffice test`.
--
-- Provides describe/it/expect to a *_spec.lua file that runs in the real
-- sandbox (a script environment) of a practice opened on a fresh
-- in-memory database. Each `it` runs inside a transaction that is rolled
-- back afterwards, with its own instruction budget, so examples do not
-- leak into each other. Failures print as "FAIL file:line: name" with the
-- message; M.run returns the counts. Runs as a trusted host module; the
-- C side (lua/spec.c) passes `ctx` with begin, rollback, reset_budget,
-- advance and reset_clock.
local M = {}

local Expect = {}
Expect.__index = Expect

local function show(v)
  if type(v) == "string" then
    return string.format("%q", v)
  end
  return tostring(v)
end

local function deep_equal(a, b, seen)
  if a == b then
    return true
  end
  if type(a) ~= "table" or type(b) ~= "table" then
    return false
  end
  seen = seen or {}
  if seen[a] == b then
    return true
  end
  seen[a] = b
  for k, v in pairs(a) do
    if not deep_equal(v, b[k], seen) then
      return false
    end
  end
  for k in pairs(b) do
    if a[k] == nil then
      return false
    end
  end
  return true
end

local function fail(fmt, ...)
  error(string.format(fmt, ...), 3)
end

function Expect:to_be(x)
  if self.value ~= x then
    fail("expected %s, got %s", show(x), show(self.value))
  end
end

function Expect:to_equal(x)
  if not deep_equal(self.value, x) then
    fail("expected a value deeply equal to %s, got %s", show(x),
      show(self.value))
  end
end

function Expect:to_be_nil()
  if self.value ~= nil then
    fail("expected nil, got %s", show(self.value))
  end
end

function Expect:to_be_truthy()
  if not self.value then
    fail("expected a true value, got %s", show(self.value))
  end
end

function Expect:to_be_falsy()
  if self.value then
    fail("expected false or nil, got %s", show(self.value))
  end
end

function Expect:to_contain(x)
  local v = self.value
  if type(v) == "string" and type(x) == "string" then
    if not v:find(x, 1, true) then
      fail("expected %s to contain %s", show(v), show(x))
    end
    return
  end
  if type(v) == "table" then
    for _, item in ipairs(v) do
      if deep_equal(item, x) then
        return
      end
    end
  end
  fail("expected %s to contain %s", show(v), show(x))
end

-- expect(function() ... end):to_fail("part of the message")
function Expect:to_fail(part)
  if type(self.value) ~= "function" then
    fail("to_fail needs a function, got %s", type(self.value))
  end
  local ok, err = pcall(self.value)
  if ok then
    fail("expected an error%s, but it succeeded",
      part and (" containing " .. show(part)) or "")
  end
  if part and not tostring(err):find(part, 1, true) then
    fail("expected an error containing %s, got %s", show(part), show(err))
  end
end

local function check_decision(d)
  if type(d) ~= "table" or (d.verdict ~= "allow" and d.verdict ~= "deny" and
      d.verdict ~= "fix") then
    fail("expected a decision from decide(...), got %s", show(d))
  end
end

function Expect:to_allow()
  check_decision(self.value)
  if self.value.verdict ~= "allow" then
    fail("expected allow, got %s (%s) by rule %s", self.value.verdict,
      self.value.reason, tostring(self.value.rule))
  end
end

-- expect(decide("claim.release", facts)):to_fix("add_modifier 87880 QW"):
-- a claim edit's fix; part is found in its change or its reason.
function Expect:to_fix(part)
  check_decision(self.value)
  local d = self.value
  if d.verdict ~= "fix" then
    fail("expected a fix, got %s%s", d.verdict, d.rule and (" by rule " .. d.rule) or "")
  end
  if part and not (d.change:find(part, 1, true) or d.reason:find(part, 1, true)) then
    fail("expected a fix whose change or reason contains %s, got %s (%s)", show(part),
      show(d.change), show(d.reason))
  end
end

function Expect:to_deny(part)
  check_decision(self.value)
  local d = self.value
  if d.verdict ~= "deny" then
    fail("expected deny, got %s%s", d.verdict, d.rule and (" by rule " .. d.rule) or "")
  end
  if part and not d.reason:find(part, 1, true) then
    fail("expected a denial whose reason contains %s, got %s", show(part),
      show(d.reason))
  end
end

local function first_line(msg)
  return (tostring(msg):gsub("\nstack traceback:.*", ""))
end

local function runner(ctx, file)
  local r = { passed = 0, failed = 0 }
  local names = {}

  local api = {}
  function api.describe(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then
      error('describe: expected ("name", function)', 2)
    end
    table.insert(names, name)
    fn()
    table.remove(names)
  end

  function api.it(name, fn)
    if type(name) ~= "string" or type(fn) ~= "function" then
      error('it: expected ("name", function)', 2)
    end
    local info = debug.getinfo(2, "Sl")
    local full = table.concat(names, " ") .. (#names > 0 and " " or "") .. name
    ctx.begin()
    ctx.reset_budget()
    local ok, err = xpcall(fn, debug.traceback)
    ctx.rollback()
    ctx.reset_clock()
    if ok then
      r.passed = r.passed + 1
    else
      r.failed = r.failed + 1
      print(("FAIL %s:%d: %s\n     %s"):format(info.short_src,
        info.currentline, full, first_line(err)))
    end
  end

  -- advance_clock(seconds): moves the clock forward for the rest of this
  -- example (escalation, expiry); the next example starts at the real time.
  function api.advance_clock(seconds)
    if math.type(seconds) ~= "integer" then
      error('advance_clock: expected seconds, e.g. duration "49h"', 2)
    end
    ctx.advance(seconds)
  end

  function api.expect(value)
    return setmetatable({ value = value }, Expect)
  end
  return api, r
end

-- Runs the loaded spec chunk; returns passed, failed.
function M.run(chunk, ctx, file)
  local api, r = runner(ctx, file)
  local _, env = debug.getupvalue(chunk, 1)
  -- staff_who_may(action): the first staff member (practice.yaml order of
  -- the jobs) whose job may do action, so that a spec runs in every
  -- template; an error when nobody may.
  function api.staff_who_may(action)
    for _, job in ipairs(env.jobs_permitting(action)) do
      for _, s in ipairs(env.practice.staff) do
        if s.job == job then return s.id end
      end
    end
    error("nobody's job may " .. tostring(action), 2)
  end
  for k, v in pairs(api) do
    rawset(env, k, v)
  end
  local ok, err = xpcall(chunk, debug.traceback)
  if not ok then
    r.failed = r.failed + 1
    print(("FAIL %s: %s"):format(file, first_line(err)))
  end
  return r.passed, r.failed
end

return M
