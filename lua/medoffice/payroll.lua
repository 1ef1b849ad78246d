-- payroll.lua: the overtime DSL. Provides `overtime "name" { ... }` to
-- the sandbox: how the minutes an hourly staff member works in a workweek
-- are split into regular time, overtime (paid 1.5x) and double time
-- (2x). A rule is declarative (weekly: overtime past so many regular
-- minutes in the workweek; daily: overtime past so many minutes in a day;
-- daily_double: double time past so many in a day; daily overtime does
-- not count toward the weekly limit, as California counts it) or a
-- function split(week) for anything else. A declaration is checked when
-- its policy loads (unknown fields, durations that are not whole minutes,
-- a daily_double not above daily, both split and limits), each error
-- naming the file and line. The core asks for the split of each workweek
-- when it computes gross pay (core/timecard.h, through lua/overtime.c);
-- every split is checked: one entry per day, whole minutes, not
-- negative, adding up to the day's minutes. A rule must split each day by
-- that day and the days before it in the workweek, since a pay period
-- may end mid-week. Which rule applies: settings.payroll.overtime, or the
-- only one declared. Runs as a trusted host module; lua/bind_timecard.c
-- sets M.policy (the policy module: names, fields, did-you-mean).
local M = {}

local rules = {}  -- name -> declaration
local order = {}  -- names in declaration order

local FIELDS = { "title", "weekly", "daily", "daily_double", "split" }
local WEEKDAYS = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }

local declaring -- "file:line" of the declaration being checked

local function fail(name, fmt, ...)
  error(('%s: overtime "%s": ' .. fmt):format(declaring, name, ...), 0)
end

-- A duration (seconds, as duration "40h" gives) as whole minutes, or nil.
local function minutes(name, field, v)
  if v == nil then return nil end
  if math.type(v) ~= "integer" or v <= 0 or v % 60 ~= 0 then
    fail(name, '%s: expected a duration of whole minutes such as duration "40h", got %s',
      field, M.policy.shown(v))
  end
  return v // 60
end

local function check(name, spec)
  if type(spec) ~= "table" then
    fail(name, 'expected a table such as { weekly = duration "40h" }')
  end
  local k, h = M.policy.unknown_field(spec, FIELDS)
  if k then fail(name, "unknown field '%s'%s", k, h) end
  if spec.title ~= nil and type(spec.title) ~= "string" then
    fail(name, "title: expected a string, got %s", type(spec.title))
  end
  if spec.split ~= nil and type(spec.split) ~= "function" then
    fail(name, "split: expected a function(week), got %s", type(spec.split))
  end
end

local function declare(name, spec)
  check(name, spec)
  local r = { name = name, where = declaring, title = spec.title or name,
    weekly = minutes(name, "weekly", spec.weekly),
    daily = minutes(name, "daily", spec.daily),
    daily_double = minutes(name, "daily_double", spec.daily_double),
    split = spec.split }
  local limits = r.weekly or r.daily or r.daily_double
  if r.split and limits then
    fail(name, "split replaces weekly, daily and daily_double: give one or the other")
  end
  if not r.split and not limits then
    fail(name, "expected weekly, daily or daily_double limits, or a split function")
  end
  if r.daily and r.daily_double and r.daily_double <= r.daily then
    fail(name, "daily_double (%d minutes) must be more than daily (%d minutes)",
      r.daily_double, r.daily)
  end
  return r
end

-- overtime "federal" { title =, weekly =, daily =, daily_double =, split = }
function M.overtime(name)
  if not M.policy.is_name(name) then
    error("overtime: expected a name of letters, digits and _ (up to 63), got " ..
      M.policy.shown(name), 2)
  end
  if rules[name] then
    error(('overtime "%s" is declared twice (first at %s)'):format(name,
      rules[name].where), 2)
  end
  local info = debug.getinfo(2, "Sl")
  local where = info.short_src .. ":" .. info.currentline
  return function(spec)
    declaring = where
    rules[name] = declare(name, spec)
    order[#order + 1] = name
  end
end

-- The declarative split: day by day, double time past daily_double,
-- overtime past daily, then the regular minutes past weekly.
local function by_limits(r, week)
  local out, regular = {}, 0
  for i, d in ipairs(week.days) do
    local m = d.minutes
    local double = r.daily_double and math.max(0, m - r.daily_double) or 0
    local over = r.daily and math.max(0, m - double - r.daily) or 0
    local reg = m - double - over
    if r.weekly and regular + reg > r.weekly then
      local past = regular + reg - r.weekly
      over, reg = over + past, reg - past
    end
    regular = regular + reg
    out[i] = { regular = reg, overtime = over, double = double }
  end
  return out
end

local function copy_week(week)
  local days = {}
  for i, d in ipairs(week.days) do
    days[i] = { date = d.date, weekday = d.weekday, minutes = d.minutes }
  end
  return { staff = week.staff, employment = week.employment, days = days }
end

local function check_split(r, week, out)
  local function bad(fmt, ...)
    error(('overtime "%s" (%s): ' .. fmt):format(r.name, r.where, ...), 0)
  end
  if type(out) ~= "table" or #out ~= #week.days then
    bad("split must return one { regular, overtime, double } per day (%d), got %s",
      #week.days, type(out) == "table" and (#out .. " entries") or type(out))
  end
  for i, d in ipairs(week.days) do
    local x = out[i]
    if type(x) ~= "table" then bad("day %d (%s): expected a table, got %s", i, d.date, type(x)) end
    local sum = 0
    for _, k in ipairs({ "regular", "overtime", "double" }) do
      local v = x[k] or 0
      if math.type(v) ~= "integer" or v < 0 then
        bad("day %d (%s): %s: expected whole minutes (0 or more), got %s", i, d.date, k,
          tostring(v))
      end
      sum = sum + v
    end
    if sum ~= d.minutes then
      bad("day %d (%s): regular + overtime + double is %d minutes, not the %d worked",
        i, d.date, sum, d.minutes)
    end
  end
end

-- split(name, week) -> { { regular, overtime, double }, ... }: the split
-- of each day of week = { staff, employment, days = { { date, weekday,
-- minutes }, ... } }, checked.
function M.split(name, week)
  local r = rules[name]
  if not r then error(('no overtime rule "%s" is declared'):format(tostring(name)), 0) end
  local out = r.split and r.split(copy_week(week)) or by_limits(r, week)
  check_split(r, week, out)
  return out
end

-- resolve(setting) -> name, "name (file:line)" | nil, message: the rule
-- in force (settings.payroll.overtime, or the only one declared); nil
-- and why when none is declared; an error when the setting names none or
-- several are declared without it.
function M.resolve(setting)
  if setting ~= nil then
    local r = rules[setting]
    if not r then
      error(('settings.payroll.overtime: no overtime rule "%s" is declared%s'):format(
        setting, M.policy.hint(setting, order)), 0)
    end
    return r.name, ("%s (%s)"):format(r.name, r.where)
  end
  if #order == 0 then
    return nil, "no overtime rule is declared"
  end
  if #order > 1 then
    error(("settings.payroll.overtime: %d overtime rules are declared (%s): name the one in force")
      :format(#order, table.concat(order, ", ")), 0)
  end
  local r = rules[order[1]]
  return r.name, ("%s (%s)"):format(r.name, r.where)
end

-- try(name, days) -> splits: a rule tried on a week (specs, the shell):
-- days is a list of minutes per day or of { minutes =, date = }
-- (dates default to the week of Monday 2026-01-05).
function M.try(name, days)
  if type(days) ~= "table" or #days == 0 or #days > 7 then
    error("payroll.overtime: expected 1 to 7 days of minutes, such as { 480, 600 }", 2)
  end
  local week = { staff = "spec", employment = "full_time", days = {} }
  for i, d in ipairs(days) do
    local m = type(d) == "table" and d.minutes or d
    if math.type(m) ~= "integer" or m < 0 or m > 1440 then
      error(("payroll.overtime: day %d: expected 0 to 1440 minutes, got %s"):format(i,
        tostring(m)), 2)
    end
    week.days[i] = { minutes = m, weekday = WEEKDAYS[i],
      date = type(d) == "table" and d.date or ("2026-01-%02d"):format(4 + i) }
  end
  return M.split(name, week)
end

-- list() -> { { name, title, where, weekly, daily, daily_double }, ... }
function M.list()
  local out = {}
  for i, name in ipairs(order) do
    local r = rules[name]
    out[i] = { name = name, title = r.title, where = r.where, weekly = r.weekly,
      daily = r.daily, daily_double = r.daily_double, custom = r.split ~= nil }
  end
  return out
end

return M
