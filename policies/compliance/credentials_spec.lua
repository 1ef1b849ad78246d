-- credentials_spec.lua: specs of credentials.lua. The practice opened for
-- these specs has no expired credentials (or the policy would have
-- stopped it from opening), so they check what the policy reads.

describe("expired credentials", function()
  it("reads the credential kinds that must be current", function()
    expect(type(settings.compliance.expired_is_error)):to_be("table")
  end)
  it("sees every staff member's credentials with their expiry dates", function()
    for _, s in ipairs(practice.staff) do
      for _, c in ipairs(s.credentials) do
        if c.expires then
          expect(c.expires:match("^%d%d%d%d%-%d%d%-%d%d$")):to_be(c.expires)
        end
      end
    end
  end)
  it("compares dates as text, which works for ISO dates", function()
    expect("2026-01-31" < "2026-02-01"):to_be(true)
    expect(today():match("^%d%d%d%d%-%d%d%-%d%d$")):to_be(today())
  end)
end)

-- The rules on a provider's licence and enrollments, each both ways: with
-- its setting on (as in the family-practice template) the rule refuses,
-- and lets a valid licence or an enrollment go; with it off it lets both
-- go.
local BLOCK = setting("compliance.block_lapsed_licence", "boolean", false)
local ENROLL = setting("compliance.require_enrollment", "boolean", false)
local DOCTOR = practice.providers[1].staff

local function visit(t)
  local f = { provider = DOCTOR, location = practice.locations[1].id,
    visit_type = practice.visit_types[1].id, new_patient = false, same_day = false,
    hour = 9, date = "2027-03-02", time = "09:00", weekday = "tue", minutes = 20,
    provider_licensed = true }
  for k, v in pairs(t or {}) do f[k] = v end
  return f
end

local function claim(t)
  local c = { claim = 1, patient = 1, payer = "medicare", payer_kind = "medicare",
    total = money "150.00", lines = "99213", diagnoses = 1, service_date = "2026-11-20",
    days_since_service = 3, timely_filing_days = 365, clia = "05D1234567",
    provider = DOCTOR, provider_licensed = true, provider_enrollment = "enrolled" }
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

describe("a provider's licence and enrollments", function()
  it("books a provider whose licence is valid, and refuses one whose licence lapsed", function()
    expect(decide("appointment.book", visit())):to_allow()
    if BLOCK then
      expect(decide("appointment.book", visit { provider_licensed = false }))
        :to_deny(DOCTOR .. "'s state licence is not valid on 2027-03-02")
    else
      expect(decide("appointment.book", visit { provider_licensed = false })):to_allow()
    end
  end)

  it("holds the claim of a service by an unlicensed provider", function()
    expect(decide("claim.release", claim())):to_allow()
    if BLOCK then
      expect(decide("claim.release", claim { provider_licensed = false }))
        :to_deny("state licence was not valid on 2026-11-20")
    else
      expect(decide("claim.release", claim { provider_licensed = false })):to_allow()
    end
  end)

  it("holds a claim to a payer the provider is not enrolled with", function()
    expect(decide("claim.release", claim())):to_allow()
    for _, status in ipairs { "pending", "denied", "terminated", "expired", "none" } do
      if ENROLL then
        expect(decide("claim.release", claim { provider_enrollment = status }))
          :to_deny("is not enrolled with medicare on 2026-11-20 (enrollment " .. status .. ")")
      else
        expect(decide("claim.release", claim { provider_enrollment = status })):to_allow()
      end
    end
  end)

  it("never holds a self-pay claim for enrollment", function()
    expect(decide("claim.release", claim { payer = "self_pay", payer_kind = "self_pay",
      provider_enrollment = "none" })):to_allow()
  end)

  it("reads the one list of credentials, with a lead time and a status each", function()
    local rows = credentials.list {}
    expect(#rows > 0):to_be(true)
    for _, r in ipairs(rows) do
      expect(type(r.lead)):to_be("number")
      expect(r.status ~= nil):to_be(true)
    end
    expect(credentials.licensed(DOCTOR, "2000-01-01") ~= nil):to_be(true)
  end)
end)
