-- report.lua: the report DSL. Provides `report "name" { ... }` to the
-- sandbox: a title and description, typed parameters with defaults, the
-- data (a read-only SQL query with :named parameters, or a Lua function
-- of the parameters returning rows), the columns with their formats, an
-- optional grouping column, the columns totalled, the sort, and charts
-- declared by column. A declaration is checked whole when its policy
-- loads; each error names the policy file and line. run() converts the
-- parameters (the engine's C function convert: types, defaults, the
-- practice's ids), gets the rows and hands them to the engine's exec,
-- which groups, totals and renders them (core/report.h, core/render.h).
-- Runs as a trusted host module; the engine sets M.policy, M.convert,
-- M.exec and M.tools (what a data function gets as its second argument:
-- gaps, the staffing gaps, which consult the rules).
local M = {}

local defs = {}   -- name -> declaration
local order = {}  -- names in declaration order

local FIELDS = { "title", "description", "params", "query", "data", "columns",
  "group", "totals", "sort", "charts" }
local P_FIELDS = { "name", "type", "label", "default", "optional" }
local P_TYPES = { "date", "date_range", "provider", "location", "payer", "staff",
  "patient", "text", "integer" }
local C_FIELDS = { "key", "label", "format" }
local FORMATS = { "text", "money", "date", "time", "percent", "count" }
local CH_FIELDS = { "type", "x", "y", "title" }
local CH_TYPES = { "bar", "stacked_bar", "line", "pie" }
local NUMERIC = { money = true, count = true, percent = true, time = true }

local declaring -- "file:line" of the declaration being checked

local function fail(name, fmt, ...)
  error(('%s: report "%s": ' .. fmt):format(declaring, name, ...), 0)
end

local function one_of(list, v)
  return M.policy.one_of(list, v)
end

local function hint(word, list)
  return M.policy.hint(word, list)
end

local function check_fields(name, t, allowed, what)
  if type(t) ~= "table" then fail(name, "%s: expected a table, got %s", what, type(t)) end
  local k, h = M.policy.unknown_field(t, allowed)
  if k then fail(name, "%s: unknown field '%s'%s", what, k, h) end
end

local function check_id(name, what, v)
  if not M.policy.is_name(v) then
    fail(name, "%s: expected a name of letters, digits and _ (up to 63), got %s",
      what, M.policy.shown(v))
  end
end

local function check_word(name, what, v, list)
  if not one_of(list, v) then
    fail(name, "%s: expected one of %s, got %s%s", what, table.concat(list, ", "),
      tostring(v), type(v) == "string" and hint(v, list) or "")
  end
end

local function check_text(name, what, v, required)
  if v == nil and not required then return end
  if type(v) ~= "string" or #v == 0 or #v > 400 then
    fail(name, "%s: expected text of 1 to 400 characters, got %s", what, type(v))
  end
end

local function check_params(name, list)
  if list == nil then return {} end
  if type(list) ~= "table" then fail(name, "params: expected a list of parameters") end
  local seen = {}
  for i, p in ipairs(list) do
    local what = ("params[%d]"):format(i)
    check_fields(name, p, P_FIELDS, what)
    check_id(name, what .. ".name", p.name)
    if seen[p.name] then fail(name, "%s: parameter '%s' is declared twice", what, p.name) end
    seen[p.name] = true
    check_word(name, what .. ".type", p.type, P_TYPES)
    check_text(name, what .. ".label", p.label, false)
    if p.default ~= nil and type(p.default) ~= "string" and type(p.default) ~= "number" then
      fail(name, "%s.default: expected text or a number, got %s", what, type(p.default))
    end
  end
  return list
end

-- columns: the list, and a set of keys
local function check_columns(name, list)
  if type(list) ~= "table" or #list == 0 then
    fail(name, "columns: expected a list of { key =, label =, format = }")
  end
  if #list > 32 then fail(name, "columns: at most 32") end
  local keys = {}
  for i, c in ipairs(list) do
    local what = ("columns[%d]"):format(i)
    check_fields(name, c, C_FIELDS, what)
    check_id(name, what .. ".key", c.key)
    if keys[c.key] then fail(name, "%s: column '%s' is declared twice", what, c.key) end
    keys[c.key] = c.format or "text"
    check_text(name, what .. ".label", c.label, false)
    if c.format ~= nil then check_word(name, what .. ".format", c.format, FORMATS) end
  end
  return keys
end

local function column_keys(list)
  local out = {}
  for _, c in ipairs(list) do out[#out + 1] = c.key end
  return out
end

local function check_key(name, what, keys, cols, k)
  if type(k) ~= "string" or not keys[k] then
    fail(name, "%s: unknown column '%s'%s", what, tostring(k),
      type(k) == "string" and hint(k, column_keys(cols)) or "")
  end
end

local function check_charts(name, def, keys)
  for i, ch in ipairs(def.charts or {}) do
    local what = ("charts[%d]"):format(i)
    check_fields(name, ch, CH_FIELDS, what)
    check_word(name, what .. ".type", ch.type, CH_TYPES)
    check_key(name, what .. ".x", keys, def.columns, ch.x)
    local ys = type(ch.y) == "table" and ch.y or { ch.y }
    if #ys == 0 or #ys > 8 then fail(name, "%s.y: expected 1 to 8 columns", what) end
    if ch.type == "pie" and #ys ~= 1 then fail(name, "%s.y: a pie shows one column", what) end
    for j, y in ipairs(ys) do
      check_key(name, ("%s.y[%d]"):format(what, j), keys, def.columns, y)
      if not NUMERIC[keys[y]] then
        fail(name, "%s.y[%d]: column '%s' is not a number (%s)", what, j, y, keys[y])
      end
    end
    check_text(name, what .. ".title", ch.title, false)
  end
end

local function declare(name, def)
  check_fields(name, def, FIELDS, "declaration")
  check_text(name, "title", def.title, true)
  check_text(name, "description", def.description, false)
  check_params(name, def.params)
  if (def.query == nil) == (def.data == nil) then
    fail(name, "expected either query (SQL text) or data (a function)")
  end
  if def.query ~= nil and (type(def.query) ~= "string" or #def.query == 0) then
    fail(name, "query: expected SQL text")
  end
  if def.data ~= nil and type(def.data) ~= "function" then
    fail(name, "data: expected a function, got %s", type(def.data))
  end
  local keys = check_columns(name, def.columns)
  if def.group ~= nil then check_key(name, "group", keys, def.columns, def.group) end
  for i, k in ipairs(def.totals or {}) do
    check_key(name, ("totals[%d]"):format(i), keys, def.columns, k)
    if not NUMERIC[keys[k]] or keys[k] == "percent" then
      fail(name, "totals[%d]: column '%s' is not money, a count or a time", i, k)
    end
  end
  for i, k in ipairs(def.sort or {}) do
    check_key(name, ("sort[%d]"):format(i), keys, def.columns,
      type(k) == "string" and k:gsub("^%-", "") or k)
  end
  check_charts(name, def, keys)
  def.where = declaring
  def.name = name
  return def
end

-- report "name" { ... }
function M.report(name)
  local info = debug.getinfo(2, "Sl")
  declaring = info.short_src .. ":" .. info.currentline
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") or #name > 63 then
    error(("%s: report: expected a name of letters, digits and _"):format(declaring), 0)
  end
  return function(def)
    if defs[name] then fail(name, "declared twice (first at %s)", defs[name].where) end
    if type(def) ~= "table" then fail(name, "expected a table") end
    defs[name] = declare(name, def)
    order[#order + 1] = name
  end
end

-- ---- running ----

local function find(name)
  local d = type(name) == "string" and defs[name] or nil
  if not d then
    local h = type(name) == "string" and M.policy.suggest(name, order) or nil
    return nil, ("no report '%s'%s (medoffice reports lists them)"):format(tostring(name),
      h and (' (did you mean "' .. h .. '"?)') or "")
  end
  return d
end

-- Sorts data rows by the declaration's sort (the group first).
local function sort_rows(def, rows)
  local keys = {}
  if def.group then keys[1] = { def.group, false } end
  for _, k in ipairs(def.sort or {}) do
    keys[#keys + 1] = { (k:gsub("^%-", "")), k:sub(1, 1) == "-" }
  end
  if #keys == 0 then return end
  table.sort(rows, function(a, b)
    for _, k in ipairs(keys) do
      local x, y = a[k[1]], b[k[1]]
      if x ~= y then
        if x == nil then return not k[2] end
        if y == nil then return k[2] end
        if type(x) ~= type(y) then x, y = tostring(x), tostring(y) end
        if k[2] then return x > y end
        return x < y
      end
    end
    return false
  end)
end

-- run(name, params, opts) -> what exec returns (rows when opts.rows)
function M.run(name, params, opts)
  local def, err = find(name)
  if not def then error(err, 0) end
  if params ~= nil and type(params) ~= "table" then
    error(("report '%s': parameters: expected a table, got %s"):format(name, type(params)), 0)
  end
  local values = M.convert(def, params or {})
  local rows
  if def.data then
    M.current = name -- the name reports.query audits
    rows = def.data(M.policy.copy(values), M.tools())
    M.current = nil
    if type(rows) ~= "table" then
      error(("report '%s': data returned %s; expected a list of rows"):format(name, type(rows)), 0)
    end
    sort_rows(def, rows)
  end
  return M.exec(def, values, opts or {}, rows)
end

-- get(name) -> a copy of the declaration (the data function shared), to
-- change and define() again: how a consultant tries a variant in the
-- shell.
function M.get(name)
  local def, err = find(name)
  if not def then return nil, err end
  local copy = M.policy.copy(def)
  copy.name, copy.where = nil, nil
  return copy
end

-- define(name, def): declares (or, in this session, replaces) a report
-- from the shell or a script, checked as a policy's declaration is.
function M.define(name, def)
  local info = debug.getinfo(2, "Sl")
  declaring = info and (info.short_src .. ":" .. info.currentline) or "shell"
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") or #name > 63 then
    error(("%s: report: expected a name of letters, digits and _"):format(declaring), 0)
  end
  if type(def) ~= "table" then fail(name, "expected a table") end
  local d = declare(name, def)
  if not defs[name] then order[#order + 1] = name end
  defs[name] = d
  return name
end

-- list() -> { { name, title, description, params = { ... }, where }, ... }
function M.list()
  local out = {}
  for _, name in ipairs(order) do
    local d = defs[name]
    local ps = {}
    for _, p in ipairs(d.params or {}) do
      ps[#ps + 1] = { name = p.name, type = p.type, label = p.label, default = p.default,
        optional = p.optional == true }
    end
    out[#out + 1] = { name = name, title = d.title, description = d.description,
      params = ps, where = d.where }
  end
  return out
end

return M
