-- pretty.lua: the pretty printer of the shell.
--
-- Provides show(value [, opts]) -> string, which renders any Lua value
-- for a person: strings quoted with escapes (one line, %q-style), numbers
-- and booleans as Lua writes them, tables as constructors with their
-- sequence part first and the other keys sorted, nested tables indented
-- when they do not fit on one line, cycles marked, and limits on depth,
-- items per table and string length so that a huge value cannot flood
-- the terminal. Read-only API tables are shown through their __pairs;
-- values with __tostring (decisions, money) use it; functions and
-- userdata show as tostring. Runs as a trusted host module (it uses
-- debug.getmetatable); the shell calls it through mo_engine_call, so the
-- instruction budget and Ctrl-C apply.
local M = {}

local getmetatable = debug.getmetatable
local next, type, tostring, rawget = next, type, tostring, rawget
local concat, sort = table.concat, table.sort
local fmt, rep = string.format, string.rep

local DEFAULTS = {
  depth = 6,     -- nested tables shown below the top level
  items = 100,   -- entries shown per table
  total = 1000,  -- entries shown in all
  keys = 10000,  -- keys collected (and sorted) per table
  string = 1000, -- bytes shown of a string inside a table
  width = 78,    -- line width for tables shown on one line
}

local KEYWORDS = {}
for w in ([[and break do else elseif end false for function goto if in
  local nil not or repeat return then true until while]]):gmatch("%a+") do
  KEYWORDS[w] = true
end

local ESCAPES = {
  ['"'] = '\\"', ["\\"] = "\\\\", ["\a"] = "\\a", ["\b"] = "\\b",
  ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t",
  ["\v"] = "\\v",
}

local function escape_char(c)
  return ESCAPES[c] or fmt("\\%03d", c:byte())
end

-- A string as a one-line Lua literal; cut after max bytes (nil: no cut).
local function quote(s, max)
  local extra = ""
  if max and #s > max then
    extra = fmt("...(%d bytes)", #s)
    s = s:sub(1, max)
  end
  return '"' .. s:gsub('[%c"\\]', escape_char) .. '"' .. extra
end

local function number(n)
  if math.type(n) == "float" then
    if n ~= n then
      return "0/0"
    elseif n == math.huge then
      return "math.huge"
    elseif n == -math.huge then
      return "-math.huge"
    end
  end
  return tostring(n)
end

local function has_meta(v, field)
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, field) ~= nil
end

local TYPE_ORDER = { number = 1, string = 2, boolean = 3 }

local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    return (TYPE_ORDER[ta] or 4) < (TYPE_ORDER[tb] or 4) or
      ((TYPE_ORDER[ta] or 4) == (TYPE_ORDER[tb] or 4) and ta < tb)
  end
  if ta == "number" or ta == "string" then
    return a < b
  end
  if ta == "boolean" then
    return not a and b
  end
  return tostring(a) < tostring(b)
end

-- Iterator over t: its __pairs (read-only proxies) or raw next.
local function iterate(t)
  if has_meta(t, "__pairs") then
    return pairs(t)
  end
  return next, t, nil
end

-- The sequence length (1..n present) and the other keys, sorted; at most
-- opts.keys keys are collected, the rest only counted.
local function collect(t, opts)
  local values, others, count = {}, {}, 0
  for k, v in iterate(t) do
    count = count + 1
    if count <= opts.keys then
      values[k] = v
      others[#others + 1] = k
    end
  end
  local n = 0
  while values[n + 1] ~= nil do
    n = n + 1
  end
  local rest = {}
  for _, k in ipairs(others) do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then
      rest[#rest + 1] = k
    end
  end
  sort(rest, key_less)
  return values, n, rest, count
end

local render

local function render_key(k, opts)
  if type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k] then
    return k
  end
  local shown = type(k) == "string" and quote(k, opts.string)
    or type(k) == "number" and number(k) or tostring(k)
  return "[" .. shown .. "]"
end

-- The items of table t as strings, with a note for those left out.
local function table_items(t, level, path, opts)
  local values, n, rest, count = collect(t, opts)
  local items = {}
  local function full()
    if #items >= opts.items or opts.left <= 0 then
      return true
    end
    opts.left = opts.left - 1
    return false
  end
  for i = 1, n do
    if full() then
      break
    end
    items[#items + 1] = render(values[i], level + 1, path, opts, true)
  end
  for _, k in ipairs(rest) do
    if full() then
      break
    end
    items[#items + 1] = render_key(k, opts) .. " = " ..
      render(values[k], level + 1, path, opts, true)
  end
  if count > #items then
    items[#items + 1] = fmt("... (%d more)", count - #items)
  end
  return items
end

-- One line when it fits and nothing inside spans lines; else one item
-- per line, indented by level.
local function layout(items, level, opts)
  if #items == 0 then
    return "{}"
  end
  local line = "{ " .. concat(items, ", ") .. " }"
  if #line + 2 * level <= opts.width and not line:find("\n", 1, true) then
    return line
  end
  local pad = rep("  ", level + 1)
  return "{\n" .. pad .. concat(items, ",\n" .. pad) .. "\n" ..
    rep("  ", level) .. "}"
end

local function render_table(t, level, path, opts)
  if path[t] then
    return "<cycle: " .. tostring(t) .. ">"
  end
  if level >= opts.depth then
    return "{...}"
  end
  path[t] = true
  local items = table_items(t, level, path, opts)
  path[t] = nil
  return layout(items, level, opts)
end

function render(v, level, path, opts, nested)
  local tv = type(v)
  if tv == "string" then
    return quote(v, nested and opts.string or nil)
  elseif tv == "number" then
    return number(v)
  elseif tv == "table" and not has_meta(v, "__tostring") then
    return render_table(v, level, path, opts)
  end
  return tostring(v)
end

-- show(value [, opts]): opts may override depth, items, total, keys,
-- string and width (see DEFAULTS).
function M.show(v, opts)
  local o = {}
  for k, d in pairs(DEFAULTS) do
    o[k] = type(opts) == "table" and opts[k] or d
  end
  o.left = o.total
  return render(v, 0, {}, o, false)
end

return M
