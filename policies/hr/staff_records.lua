-- staff_records.lua: the rules of the personnel file (medoffice hr).
--
-- Dismissal follows progressive discipline: a dismissal needs a written
-- warning, a final warning or a suspension on file before it, unless the
-- cause is gross misconduct. Nobody reviews themselves, and a low rating
-- (1 or 2) comes with goals: the improvement plan the person is held to.
-- Nobody records their own termination (a resignation is recorded by the
-- office manager). The review cadence (settings.hr.first_review_days,
-- default 90, and settings.hr.review_months, default 12) gives the task
-- list its reviews due; on_open checks it.

local FIRST_REVIEW_DAYS = setting("hr.first_review_days", "integer", 90)
local REVIEW_MONTHS = setting("hr.review_months", "integer", 12)

function on_open(practice)
  if FIRST_REVIEW_DAYS < 1 or FIRST_REVIEW_DAYS > 3650 then
    error("settings.hr.first_review_days must be between 1 and 3650", 0)
  end
  if REVIEW_MONTHS < 1 or REVIEW_MONTHS > 120 then
    error("settings.hr.review_months must be between 1 and 120", 0)
  end
end

rule "hr.record" ("a dismissal follows a written warning", function(f)
  if f.kind == "termination" and f.reason == "dismissal"
      and not f.gross_misconduct and (f.warnings or 0) == 0 then
    return deny(("%s has no written or final warning on file; record one "
      .. "first, or give gross misconduct as the cause"):format(f.staff))
  end
end)

rule "hr.record" ("nobody reviews themselves", function(f)
  if f.kind == "review" and f.reviewer == f.staff then
    return deny(("%s cannot review themselves"):format(f.staff))
  end
end)

rule "hr.record" ("a low rating comes with goals", function(f)
  if f.kind == "review" and f.rating <= 2 and not f.goals then
    return deny(("a rating of %d needs goals: the improvement plan %s is "
      .. "held to"):format(f.rating, f.staff))
  end
end)

rule "hr.record" ("nobody records their own termination", function(f)
  if f.kind == "termination" and f.staff == f.actor then
    return deny("a termination is recorded by someone else (a resignation "
      .. "by the office manager)")
  end
end)
