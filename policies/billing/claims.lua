-- claims.lua: the practice's claim edits (the claim scrubber). Before a
-- claim can go to the payer the core asks the rules for claim.release
-- with the claim's facts: claim, patient, payer, payer_kind, total
-- (cents), lines ("99213:25,87880:QW": each code with its modifiers),
-- diagnoses (how many), service_date, days_since_service,
-- timely_filing_days (the payer's limit) and clia (the practice's CLIA
-- number or nil). Each edit passes (nil), holds the claim (deny, with the
-- reason: `medoffice claims list --status held`; fix the data and
-- `medoffice claims recheck ID`) or fixes it (fix, with the change: the
-- core makes it, notes it in the claim's history and asks again).
--
-- Payer profiles: what each payer wants, by kind of payer, and for one
-- payer by its id in practice.yaml (which wins). Edit them to match the
-- practice's contracts:
--   qw           CLIA-waived tests carry the QW modifier;
--   max_lines    service lines one claim may carry;
--   no_25_alone  modifier 25 only with another service on the claim.
local PROFILES = {
  kinds = {
    medicare = { qw = true, max_lines = 50, no_25_alone = true },
    medicaid = { qw = true, max_lines = 50, no_25_alone = false },
    commercial = { qw = false, max_lines = 50, no_25_alone = false },
    workers_comp = { qw = false, max_lines = 50, no_25_alone = false },
  },
  payers = {
    -- bluecross = { qw = true }, -- a Blue plan that follows Medicare
  },
}

-- The CLIA-waived tests this practice performs (edit to match its test
-- menu), and those Medicare pays without QW.
local WAIVED = { "87880", "87804", "87426", "81025", "82962", "83036", "85018",
  "86308", "81002", "82270", "82272", "83026", "84830", "85013", "85651" }
local IS_WAIVED = {}
for _, code in ipairs(WAIVED) do IS_WAIVED[code] = true end
local QW_EXEMPT = { ["81002"] = true, ["81025"] = true, ["82270"] = true,
  ["82272"] = true, ["82962"] = true, ["83026"] = true, ["84830"] = true,
  ["85013"] = true, ["85651"] = true }

-- A payer's profile: its kind's, with its own settings over them (made
-- once per payer).
local profiles = {}
local function profile(c)
  local key = c.payer .. "/" .. c.payer_kind
  local p = profiles[key]
  if not p then
    p = {}
    for k, v in pairs(PROFILES.kinds[c.payer_kind] or PROFILES.kinds.commercial) do p[k] = v end
    for k, v in pairs(PROFILES.payers[c.payer] or {}) do p[k] = v end
    profiles[key] = p
  end
  return p
end

-- The lines as { code =, mods = ":25:QW:" }, parsed once per text.
local last_text, last_lines
local function lines(c)
  if c.lines == last_text then return last_lines end
  local out = {}
  for item in c.lines:gmatch("[^,]+") do
    local code, mods = item:match("^([^:]+):?(.*)$")
    out[#out + 1] = { code = code, mods = ":" .. mods .. ":" }
  end
  last_text, last_lines = c.lines, out
  return out
end

rule "claim.release" ("filed in time", function(c)
  if c.days_since_service > c.timely_filing_days then
    return deny(("the service of %s is %d days old, past %s's limit of %d days")
      :format(c.service_date, c.days_since_service, c.payer, c.timely_filing_days))
  end
end)

rule "claim.release" ("a diagnosis to point to", function(c)
  if c.diagnoses < 1 then
    return deny("the claim has no diagnosis")
  end
end)

rule "claim.release" ("no more lines than the payer takes", function(c)
  local max = profile(c).max_lines
  if #lines(c) > max then
    return deny(("%d service lines: %s takes at most %d a claim; split the visit's claim")
      :format(#lines(c), c.payer, max))
  end
end)

rule "claim.release" ("waived tests carry QW where the payer wants it", function(c)
  local p = profile(c)
  for _, l in ipairs(lines(c)) do
    local code = l.code
    if IS_WAIVED[code] then
      local has = l.mods:find(":QW:", 1, true) ~= nil
      local wants = p.qw and not QW_EXEMPT[code]
      if wants and not has then
        return fix(("%s is a CLIA-waived test: %s wants it with QW"):format(code, c.payer),
          { add_modifier = "QW", code = code })
      elseif has and not wants then
        return fix(("%s is billed to %s without QW"):format(code, c.payer),
          { remove_modifier = "QW", code = code })
      end
    end
  end
end)

rule "claim.release" ("modifier 25 goes with another service", function(c)
  if not profile(c).no_25_alone then return nil end
  local ls = lines(c)
  for _, l in ipairs(ls) do
    if l.mods:find(":25:", 1, true) and #ls == 1 then
      return fix(("%s carries 25 but is the visit's only service"):format(l.code),
        { remove_modifier = "25", code = l.code })
    end
  end
end)

rule "claim.release" ("lab lines name the CLIA certificate", function(c)
  if c.clia ~= nil then return nil end
  for _, l in ipairs(lines(c)) do
    if IS_WAIVED[l.code] then
      return deny(("%s is a CLIA-waived test but practice.yaml has no clia certificate")
        :format(l.code))
    end
  end
end)
