-- daily_overtime_example.lua: an example of a state's daily overtime
-- rule, modelled on California's (Labor Code section 510), written as a
-- split function to show how a rule the declarative limits cannot say is
-- written. Not loaded by the templates. To use it: copy it (and its spec)
-- into the practice's policies/payroll/, list it in practice.yaml's
-- policies and set settings.payroll.overtime: daily_overtime.
--   - past 8 hours in a workday: overtime (1.5x); past 12: double time;
--   - past 40 regular hours in the workweek: overtime (hours already
--     paid as daily overtime do not count toward the 40);
--   - the seventh consecutive day worked in the workweek: its first 8
--     hours are overtime and the rest double time.
-- Each day is split by that day and the days before it, as the core
-- needs (a pay period may end mid-week). The spec beside it tests each
-- case. Check the rules of the practice's own state with its counsel.

local DAY, DOUBLE, WEEK = 8 * 60, 12 * 60, 40 * 60

-- Whether day i is the seventh worked in a row in the week.
local function seventh(days, i)
  if i ~= 7 then return false end
  for k = 1, 7 do
    if days[k].minutes == 0 then return false end
  end
  return true
end

overtime "daily_overtime" {
  title = "Daily overtime: past 8 hours a day, double time past 12, the seventh day",
  split = function(week)
    local out, regular = {}, 0
    for i, d in ipairs(week.days) do
      local m = d.minutes
      local reg, over, double
      if seventh(week.days, i) then
        reg, over = 0, math.min(m, DAY)
        double = m - over
      else
        double = math.max(0, m - DOUBLE)
        over = math.max(0, m - double - DAY)
        reg = m - double - over
        if regular + reg > WEEK then
          local past = regular + reg - WEEK
          over, reg = over + past, reg - past
        end
      end
      regular = regular + reg
      out[i] = { regular = reg, overtime = over, double = double }
    end
    return out
  end,
}
