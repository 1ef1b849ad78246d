-- checklists.lua: the practice's safety and compliance self-inspections,
-- and the rules for incidents of suspected abuse or neglect.
--
-- Each checklist is done every week, month, quarter or year and is due on
-- a day of its period (due = 31 of a month is its last day); its owner
-- job gets the corrective task of a failed item and the reminder on the
-- task list (`medoffice tasks`), where a period not complete after its
-- due day shows as MISSED. Items marked evidence = "required" need a
-- document name, log reference or photo id with their result
-- (`medoffice compliance record`). Who owns the checklists is a setting:
--
--   settings:
--     compliance:
--       checklist_owner: office_manager   # a job id (the default)
--       abuse_report_hours: 24            # 24 or 36, as the state requires
--       waste_pickup_days: 30             # read by the core
--
-- The CLIA self-inspection is declared only when practice.yaml has a CLIA
-- certificate. Suspected abuse or neglect of a child, an elder or a
-- dependent adult must be reported to the authorities within
-- abuse_report_hours of when it was observed; until it is, the incident
-- is overdue on the task list, and it may not be closed.

local OWNER = setting("compliance.checklist_owner", "string", "office_manager")
local ABUSE_HOURS = setting("compliance.abuse_report_hours", "integer", 24)

abuse_reporting { within_hours = ABUSE_HOURS }

checklist "osha_exposure_plan" {
  title = "OSHA bloodborne pathogens: exposure control plan review",
  every = "year", due = "last", owner = OWNER,
  items = {
    { id = "plan_reviewed", text = "Exposure control plan reviewed and updated", evidence = "required" },
    { id = "safer_devices", text = "Safer sharps devices evaluated with front-line staff", evidence = "required" },
    { id = "training", text = "Bloodborne pathogens training done by every exposed employee", evidence = "required" },
    { id = "hep_b", text = "Hepatitis B vaccination offered or declined in writing", evidence = "optional" },
  },
}

checklist "osha_eyewash" {
  title = "OSHA eyewash station flush",
  every = "week", due = 5, owner = OWNER,
  items = {
    { id = "flushed", text = "Each eyewash station flushed for 3 minutes, water clear", evidence = "optional" },
    { id = "access", text = "Stations unobstructed and signed", evidence = "optional" },
  },
}

checklist "osha_sharps" {
  title = "OSHA sharps containers",
  every = "month", due = 31, owner = OWNER,
  items = {
    { id = "fill_line", text = "No sharps container filled past the fill line", evidence = "optional" },
    { id = "mounted", text = "Containers closable, upright and within reach where sharps are used", evidence = "optional" },
  },
}

checklist "hipaa_risk_assessment" {
  title = "HIPAA security risk assessment",
  every = "year", due = "last", owner = OWNER,
  items = {
    { id = "assessment", text = "Security risk assessment done and documented", evidence = "required" },
    { id = "baas", text = "Business associate agreements on file for every vendor with PHI", evidence = "required" },
    { id = "training", text = "Privacy and security training done by the workforce", evidence = "required" },
  },
}

checklist "hipaa_workstations" {
  title = "HIPAA workstation audit",
  every = "quarter", due = "last", owner = OWNER,
  items = {
    { id = "screens", text = "Screens locked when unattended and not visible to the public", evidence = "optional" },
    { id = "access_review", text = "User accounts reviewed; former staff removed", evidence = "required" },
    { id = "encryption", text = "Laptops and removable media encrypted", evidence = "optional" },
  },
}

if practice.clia then
  checklist "clia_self_inspection" {
    title = "CLIA laboratory self-inspection",
    every = "year", due = "last", owner = OWNER,
    items = {
      { id = "certificate", text = "CLIA certificate current and posted", evidence = "required" },
      { id = "instructions", text = "Current manufacturer's instructions at hand for every test", evidence = "optional" },
      { id = "qc_logs", text = "Quality control done and logged as the instructions require", evidence = "required" },
      { id = "expired", text = "No expired kits or controls in use", evidence = "optional" },
      { id = "competency", text = "Testing personnel trained and competency documented", evidence = "required" },
    },
  }
end

checklist "fire_extinguishers" {
  title = "Fire extinguishers inspected",
  every = "month", due = 31, owner = OWNER,
  items = {
    { id = "gauge", text = "Each extinguisher charged (gauge in the green) and tagged", evidence = "optional" },
    { id = "access", text = "Extinguishers mounted, visible and unobstructed", evidence = "optional" },
    { id = "exits", text = "Exit signs lit and exit routes clear", evidence = "optional" },
  },
}

checklist "fire_drill" {
  title = "Fire evacuation drill",
  every = "year", due = "last", owner = OWNER,
  items = {
    { id = "drill", text = "Evacuation drill held, everyone at the assembly point", evidence = "required" },
    { id = "debrief", text = "Problems found written up and corrected", evidence = "optional" },
  },
}

rule "incident.update" ("suspected abuse is reported before the incident is closed", function(f)
  if f.abuse and f.status == "closed" and not f.notified then
    return deny(("incident %d is suspected abuse or neglect: record its report to the authorities (medoffice incident notify) before closing it")
      :format(f.incident))
  end
end)
