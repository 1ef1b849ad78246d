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
