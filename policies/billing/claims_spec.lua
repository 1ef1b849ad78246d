-- claims_spec.lua: specs of claims.lua, the claim edits and the payer
-- profiles, through decide() with the facts the core gives claim.release.
-- Run by `medoffice test`.

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

  it("holds a claim without a diagnosis", function()
    expect(decide("claim.release", claim { diagnoses = 0 })):to_deny("no diagnosis")
  end)

  it("holds a claim with more lines than the payer takes", function()
    local many = {}
    for i = 1, 51 do many[i] = "99213" end
    expect(decide("claim.release", claim { lines = table.concat(many, ",") }))
      :to_deny("51 service lines: medicare takes at most 50")
  end)

  it("adds QW to a Medicare waived test, and lets it go once it has it", function()
    expect(decide("claim.release", claim { lines = "99213,87880" }))
      :to_fix("add_modifier 87880 QW")
    expect(decide("claim.release", claim { lines = "99213:25,87880:QW" })):to_allow()
    expect(decide("claim.release", claim { lines = "87880:59:QW" })):to_allow()
  end)

  it("adds QW for Medicaid too, but not for the exempt codes", function()
    expect(decide("claim.release", claim { payer = "medicaid", payer_kind = "medicaid",
      lines = "87804" })):to_fix("add_modifier 87804 QW")
    expect(decide("claim.release", claim { lines = "81002,82962" })):to_allow()
    expect(decide("claim.release", claim { lines = "81002:QW" }))
      :to_fix("remove_modifier 81002 QW")
  end)

  it("takes QW off for payers whose profile does not want it", function()
    expect(decide("claim.release", claim { payer = "aetna", payer_kind = "commercial",
      lines = "87880" })):to_allow()
    expect(decide("claim.release", claim { payer = "aetna", payer_kind = "commercial",
      lines = "87880:QW" })):to_fix("87880 is billed to aetna without QW")
  end)

  it("takes 25 off a Medicare visit billed alone", function()
    expect(decide("claim.release", claim { lines = "99213:25" }))
      :to_fix("remove_modifier 99213 25")
    expect(decide("claim.release", claim { lines = "99213:25,87880:QW" })):to_allow()
    expect(decide("claim.release", claim { payer = "aetna", payer_kind = "commercial",
      lines = "99213:25" })):to_allow()
  end)

  it("holds lab lines when the practice has no CLIA certificate", function()
    local c = claim { lines = "87880:QW" }
    c.clia = nil
    expect(decide("claim.release", c)):to_deny("87880 is a CLIA-waived test but practice.yaml has no clia certificate")
  end)
end)
