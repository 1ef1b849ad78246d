-- claims_spec.lua: specs of claims.lua, the claim edits, through decide()
-- with the facts the core gives claim.release. Run by `medoffice test`.

local function claim(t)
  local c = { claim = 1, patient = 1, payer = "medicare", payer_kind = "medicare",
    total = money "150.00", lines = "99213", diagnoses = 1, service_date = "2026-11-20",
    days_since_service = 3, timely_filing_days = 365, clia = "05D1234567" }
  for k, v in pairs(t or {}) do c[k] = v end
  return c
end

describe("claim edits", function()
  it("lets a plain claim go", function()
    expect(decide("claim.release", claim())):to_allow()
  end)

  it("holds a claim past the payer's timely filing limit", function()
    expect(decide("claim.release", claim { days_since_service = 366 }))
      :to_deny("366 days old, past medicare's limit of 365 days")
    expect(decide("claim.release", claim { days_since_service = 365 })):to_allow()
  end)

  it("holds a Medicare lab test without QW, not one with it", function()
    expect(decide("claim.release", claim { lines = "99213,87880" }))
      :to_deny("87880 is a CLIA-waived test: Medicare wants it with the QW modifier")
    expect(decide("claim.release", claim { lines = "99213:25,87880:QW" })):to_allow()
    expect(decide("claim.release", claim { lines = "87880:59:QW" })):to_allow()
  end)

  it("does not ask other payers for QW", function()
    expect(decide("claim.release", claim { payer = "aetna", payer_kind = "commercial",
      lines = "87880" })):to_allow()
  end)

  it("holds lab lines when the practice has no CLIA certificate", function()
    local c = claim { lines = "87880:QW" }
    c.clia = nil
    expect(decide("claim.release", c)):to_deny("no clia certificate")
  end)
end)
