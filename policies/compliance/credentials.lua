-- credentials.lua: expired credentials as errors, where the practice says
-- so.
--
-- `medoffice check` warns about every expired or soon-expiring credential,
-- licence, DEA registration and CLIA certificate. This policy makes some
-- of them errors: the practice cannot be opened (by check, run, shell or
-- test) until they are renewed or the staff member's entry is updated.
-- Which kinds count is a setting:
--
--   settings:
--     compliance:
--       expired_is_error: [ CMA, RMA, RN, BLS ]   # credential kinds
--       provider_license_required: true           # state licence and DEA
--       clia_required: true                       # the CLIA certificate

local KINDS = {}
for _, kind in ipairs(settings.compliance and settings.compliance.expired_is_error or {}) do
  KINDS[kind] = true
end

local function setting_on(name)
  return setting("compliance." .. name, "boolean", false)
end

local function expired(date, today)
  return date ~= nil and date < today
end

-- Every problem found, as text.
local function problems(practice, today)
  local out = {}
  for _, s in ipairs(practice.staff) do
    for _, c in ipairs(s.credentials) do
      if KINDS[c.kind] and expired(c.expires, today) then
        table.insert(out, ("%s (%s): %s expired on %s"):format(s.name, s.id,
          c.kind, c.expires))
      end
    end
  end
  if setting_on("provider_license_required") then
    for _, p in ipairs(practice.providers) do
      if expired(p.license_expires, today) then
        table.insert(out, ("provider %s: state licence expired on %s")
          :format(p.staff, p.license_expires))
      end
      if expired(p.dea_expires, today) then
        table.insert(out, ("provider %s: DEA registration expired on %s")
          :format(p.staff, p.dea_expires))
      end
    end
  end
  local clia = practice.clia
  if setting_on("clia_required") and clia and expired(clia.expires, today) then
    table.insert(out, ("CLIA certificate %s expired on %s"):format(
      clia.certificate, clia.expires))
  end
  return out
end

function on_open(practice)
  local found = problems(practice, today())
  if #found > 0 then
    error("expired credentials (settings.compliance): " ..
      table.concat(found, "; "), 0)
  end
end
