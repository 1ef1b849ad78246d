-- maintenance_spec.lua: specs of maintenance.lua: a CLIA step naming an
-- analyzer is allowed while the analyzer is fit for use, and refused
-- (with the reason) when it is out of service, failed its latest check,
-- is overdue for a blocking calibration or is retired; a step naming no
-- device, or a device medoffice does not track, is left alone. Runs in
-- every template (its first location and room; the setup acts as system,
-- which may do everything, and the decisions are asked for system too, so
-- that only the rules decide).

local LOC = practice.locations[1]
local ROOM = LOC.rooms[1] and LOC.rooms[1].id

local function analyzer(serial)
  act_as("system")
  local id = equipment.add { name = "Analyzer " .. serial, kind = "analyzer",
    location = LOC.id, room = ROOM, serial = serial }
  equipment.schedule { asset = id, what = "calibration", every_days = 30, blocking = true }
  equipment.service { asset = id, what = "calibration", result = "pass" }
  return id
end

local function result_on(serial)
  return decide("clia.perform", { event = "result", value = "negative",
    device_serial = serial }, "system")
end

describe("CLIA steps on tracked analyzers", function()
  it("allows a result from an analyzer that is fit for use", function()
    analyzer("GA-100")
    expect(result_on("GA-100")):to_allow()
  end)

  it("refuses one from an analyzer taken out of service, saying why", function()
    local id = analyzer("GA-101")
    equipment.set_status(id, "out_of_service", "sent for repair")
    local d = result_on("GA-101")
    expect(d):to_deny("is out of service: sent for repair")
    expect(d.rule):to_contain("the analyzer is fit for use")
    expect(d.rule):to_contain("policies/equipment/maintenance.lua:")
  end)

  it("refuses one from an analyzer whose latest calibration failed, until one passes", function()
    local id = analyzer("GA-102")
    equipment.service { asset = id, what = "calibration", result = "fail",
      note = "control out of range" }
    expect(result_on("GA-102")):to_deny("failed its calibration")
    equipment.service { asset = id, what = "calibration", result = "pass" }
    expect(result_on("GA-102")):to_allow()
  end)

  it("refuses one from an analyzer overdue for a blocking calibration", function()
    act_as("system")
    local id = equipment.add { name = "Old analyzer", kind = "analyzer",
      location = LOC.id, room = ROOM, serial = "GA-103" }
    equipment.schedule { asset = id, what = "calibration", every_days = 30, blocking = true }
    equipment.service { asset = id, what = "calibration", result = "pass",
      at = reports.date(reports.today() - 40) }
    expect(result_on("GA-103")):to_deny("is overdue for its calibration")
    expect(decide("clia.perform", { event = "perform", asset = id }, "system"))
      :to_deny("is overdue for its calibration")
  end)

  it("does not refuse for a schedule that is not blocking", function()
    local id = analyzer("GA-104")
    equipment.schedule { asset = id, what = "cleaning", every_days = 7,
      first_due = reports.date(reports.today()) }
    equipment.service { asset = id, what = "cleaning", result = "pass",
      at = reports.date(reports.today() - 20) }
    expect(result_on("GA-104")):to_allow()
  end)

  it("refuses one from a retired analyzer", function()
    local id = analyzer("GA-105")
    equipment.set_status(id, "retired", "replaced")
    expect(result_on("GA-105")):to_deny("is retired")
  end)

  it("leaves alone a step naming no device or one medoffice does not track", function()
    expect(decide("clia.perform", { event = "perform" }, "system")):to_allow()
    expect(result_on("NOT-TRACKED")):to_allow()
  end)
end)
