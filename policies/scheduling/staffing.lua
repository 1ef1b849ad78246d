-- staffing.lua: the staffing rule of an office: every session the office
-- is open for patients needs someone at the front desk and a clinical
-- assistant for every two providers seeing patients. `medoffice shifts
-- gaps` reports the sessions this rule finds short. Which jobs count as
-- front office and as clinical assistants, and how many providers one
-- assistant supports, are settings (practice.yaml `settings.staffing`).

local FRONT = settings.staffing and settings.staffing.front_jobs
  or { "front_desk", "patient_coordinator" }
local CLINICAL = settings.staffing and settings.staffing.clinical_jobs
  or { "clinical_assistant", "medical_assistant", "certified_ma", "nurse",
    "clinical_lead" }
local PER = setting("staffing.providers_per_assistant", "integer", 2)

-- How many of the jobs are on shift for the whole session.
local function on_shift(s, jobs)
  local n = 0
  for _, job in ipairs(jobs) do
    n = n + (s["staff_" .. job] or 0)
  end
  return n
end

rule "staffing.check" ("front desk and clinical assistants", function(s)
  if on_shift(s, FRONT) < 1 then
    return deny("nobody at the front desk")
  end
  local need = (s.providers + PER - 1) // PER
  local have = on_shift(s, CLINICAL)
  if have < need then
    return deny(("%d clinical assistant%s for %d provider%s, %d on shift")
      :format(need, need == 1 and "" or "s", s.providers,
        s.providers == 1 and "" or "s", have))
  end
end)
