-- maintenance.lua: equipment that is not fit for use is not used for
-- patient testing.
--
-- medoffice keeps each asset's schedules of checks and their records
-- (`medoffice equipment`): an analyzer is fit for use while it is in
-- service, the latest check of each of its schedules passed, and none of
-- its "blocking" schedules (a calibration the manufacturer requires, say)
-- is overdue. equipment.usable says so, or why not. This rule refuses a
-- CLIA step (clia.perform: perform, result, invalid, retest) that names
-- such an analyzer, by its serial (the fact device_serial, given with the
-- result) or by its asset number (a fact asset). A step that names no
-- device, or a device medoffice does not track, is left to the other
-- rules.

local function device(f)
  if f.asset ~= nil then return f.asset end
  if f.device_serial ~= nil and f.device_serial ~= "" then return f.device_serial end
end

rule "clia.perform" ("the analyzer is fit for use", function(f)
  local d = device(f)
  if d == nil then return nil end
  local ok, why = equipment.usable(d)
  if ok == false then
    return deny(why .. "; it may not be used for patient testing")
  end
end)
