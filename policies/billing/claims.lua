-- claims.lua: the practice's claim edits. Before a claim can go to the
-- payer the core asks the rules for claim.release with the claim's facts:
-- claim, patient, payer, payer_kind, total (cents), lines ("99213,87880:QW",
-- each code with its modifiers), diagnoses (how many), service_date,
-- days_since_service, timely_filing_days (the payer's limit) and clia (the
-- practice's CLIA number or nil). A deny holds the claim with its reason
-- (`medoffice claims list --status held`); fix the data and
-- `medoffice claims recheck ID`. QW lists the CLIA-waived tests this
-- practice performs that Medicare wants with the QW modifier (edit it to
-- match the practice's test menu).

local QW = { "87880", "87804", "81025", "82962", "83036", "85018", "86308" }

local function has_code(lines, code)
  for item in lines:gmatch("[^,]+") do
    local c, mods = item:match("^([^:]+):?(.*)$")
    if c == code then return true, mods end
  end
  return false
end

rule "claim.release" ("filed in time", function(c)
  if c.days_since_service > c.timely_filing_days then
    return deny(("the service of %s is %d days old, past %s's limit of %d days")
      :format(c.service_date, c.days_since_service, c.payer, c.timely_filing_days))
  end
end)

rule "claim.release" ("Medicare lab tests carry QW", function(c)
  if c.payer_kind ~= "medicare" then return nil end
  for _, code in ipairs(QW) do
    local present, mods = has_code(c.lines, code)
    if present and not (":" .. mods .. ":"):find(":QW:") then
      return deny(("%s is a CLIA-waived test: Medicare wants it with the QW modifier")
        :format(code))
    end
  end
end)

rule "claim.release" ("lab lines name the CLIA certificate", function(c)
  if c.lines:find(":QW") and c.clia == nil then
    return deny("a CLIA-waived test is billed but practice.yaml has no clia certificate")
  end
end)
