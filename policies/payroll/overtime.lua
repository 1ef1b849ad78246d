-- overtime.lua: the federal overtime rule of the Fair Labor Standards
-- Act: an hourly employee's hours past 40 in a workweek are paid at one
-- and a half times the regular rate. The workweek starts on
-- settings.payroll.week_start (default: the weekday of
-- settings.payroll.anchor); the 40 hours are counted in the order they
-- were worked, so the hours past 40 fall on the last days of the week.
-- Salaried staff are paid their salary (no overtime). A state with a daily
-- rule uses its own instead (see daily_overtime_example.lua) and names it
-- in settings.payroll.overtime. The spec beside this file tests it.

overtime "federal" {
  title = "Fair Labor Standards Act: time and a half past 40 hours in a workweek",
  weekly = duration "40h",
}
