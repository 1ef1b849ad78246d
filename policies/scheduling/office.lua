-- office.lua: scheduling rules of a primary-care office. The core already
-- refuses what can never be booked (outside the provider's hours, inside
-- a block, over another visit, without a free room); these rules add the
-- practice's habits, and the slot search applies them too:
--   - new patients are seen in the morning, when the provider has time
--     for a longer visit;
--   - today's early slots are held for same-day sick visits until the
--     hour below, so that sick patients calling in the morning get in;
--   - only the office manager and the physicians double-book (the jobs'
--     may lists say who; the rule below keeps it to sick visits);
--   - the slot search offers the patient's usual provider first (the
--     provider of their latest visit), for continuity of care.
-- The settings (practice.yaml `settings.scheduling`) tune them.

local NEW_BEFORE = setting("scheduling.new_patients_before", "integer", 12)
local HOLD_UNTIL = setting("scheduling.sick_hold_until", "integer", 10)
local SICK = setting("scheduling.sick_visit", "string", "sick_visit")

rule "appointment.book" ("new patients in the morning", function(a)
  if a.new_patient and a.hour >= NEW_BEFORE then
    return deny(("new patients are seen before %d:00"):format(NEW_BEFORE))
  end
end)

rule "appointment.book" ("today's early slots held for sick visits", function(a)
  if a.same_day and a.hour < HOLD_UNTIL and a.visit_type ~= SICK then
    return deny(("today's slots before %d:00 are held for sick visits")
      :format(HOLD_UNTIL))
  end
end)

rule "appointment.double_book" ("sick visits only", function(a)
  if a.visit_type ~= SICK then
    return deny("only a same-day sick visit may be squeezed in")
  end
end)

rank "appointment.book" ("the patient's usual provider first", function(s)
  if s.usual_provider and s.provider == s.usual_provider then
    return 10
  end
end)
