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
--       block_lapsed_licence: true    # no visits or claims without a licence
--       require_enrollment: true      # no claims to a payer the rendering
--                                     # provider is not enrolled with
--
-- The last two are rules: a provider whose state licence is not valid on
-- the day (facts provider_licensed of appointment.book and claim.release)
-- cannot be booked, and the claims of their services are held; a claim
-- whose rendering provider is not enrolled with its payer on the service
-- date (fact provider_enrollment: enrolled, pending, denied, terminated,
-- expired or none) is held too, except for self-pay. Licences and
-- enrollments are recorded in practice.yaml (providers: license,
-- enrollments); `medoffice credentials` lists them.

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

local BLOCK_LAPSED = setting_on("block_lapsed_licence")
local REQUIRE_ENROLLMENT = setting_on("require_enrollment")

rule "appointment.book" ("the provider's state licence is valid that day", function(a)
  if BLOCK_LAPSED and a.provider_licensed == false then
    return deny(("%s's state licence is not valid on %s (lapsed or not yet issued): "
      .. "renew it and record it in practice.yaml"):format(a.provider, a.date))
  end
end)

rule "claim.release" ("the rendering provider was licensed on the service date", function(c)
  if BLOCK_LAPSED and c.provider_licensed == false then
    return deny(("the rendering provider %s's state licence was not valid on %s")
      :format(c.provider, c.service_date))
  end
end)

rule "claim.release" ("the rendering provider is enrolled with the payer", function(c)
  if not REQUIRE_ENROLLMENT or c.payer_kind == "self_pay" then return nil end
  local status = c.provider_enrollment
  if status ~= nil and status ~= "enrolled" then
    return deny(("the rendering provider %s is not enrolled with %s on %s (enrollment %s)")
      :format(c.provider, c.payer, c.service_date, status))
  end
end)
