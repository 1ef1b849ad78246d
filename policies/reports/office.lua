-- office.lua: the office manager's and the administrator's reports: the
-- approvals, the audit trail of a patient or a staff member, the org
-- chart with the job descriptions, what expires soon, the CLIA QC log,
-- the staffing gaps.

report "approvals" {
  title = "Approvals pending and decided",
  description = "The approval requests filed in a period, by status: who asked, for what, how much.",
  params = { { name = "period", type = "date_range", default = "last_30_days" } },
  query = [[
    SELECT r.status AS status, r.id AS request, r.kind AS kind, r.requester AS requester,
           r.summary AS summary, r.amount AS amount, local_day(r.created_us) AS filed,
           local_day(r.closed_us) AS closed
      FROM request r
     WHERE local_day(r.created_us) BETWEEN :period_from AND :period_to
  ]],
  columns = {
    { key = "status", label = "Status" },
    { key = "request", label = "#", format = "count" },
    { key = "kind", label = "Kind" },
    { key = "requester", label = "Requested by" },
    { key = "summary", label = "Summary" },
    { key = "amount", label = "Amount", format = "money" },
    { key = "filed", label = "Filed", format = "date" },
    { key = "closed", label = "Closed", format = "date" },
  },
  group = "status",
  totals = { "amount" },
  sort = { "request" },
}

report "audit_trail" {
  title = "Audit trail",
  description = "Every change and read recorded for a patient (their records) or by a staff member.",
  params = { { name = "period", type = "date_range", default = "last_30_days" },
             { name = "patient", type = "patient", optional = true },
             { name = "staff", type = "staff", optional = true } },
  query = [[
    SELECT a.id AS entry, local_day(a.at_us) AS day, local_time(a.at_us) AS time,
           a.actor AS actor, a.action AS action, a.record AS record, a.decision AS decision
      FROM audit a
     WHERE a.at_us >= :period_start_us AND a.at_us < :period_end_us
       AND (:staff IS NULL OR a.actor = :staff)
       AND (:patient IS NULL OR a.record = 'patient:' || :patient
            OR a.detail LIKE '%"patient":' || :patient || '%')
  ]],
  columns = {
    { key = "entry", label = "#", format = "count" },
    { key = "day", label = "Day", format = "date" },
    { key = "time", label = "Time", format = "time" },
    { key = "actor", label = "Who" },
    { key = "action", label = "Action" },
    { key = "record", label = "Record" },
    { key = "decision", label = "Decision" },
  },
  sort = { "entry" },
}

report "org_chart" {
  title = "Org chart and job descriptions",
  description = "Each staff member with their job, who they report to, and what the job may do.",
  data = function()
    local rows = {}
    for _, s in ipairs(practice.staff) do
      local j = jobs(s.job) or {}
      rows[#rows + 1] = { name = s.name, id = s.id, job = j.title or s.job,
        reports_to = s.supervisor or j.reports_to or "", duties = table.concat(j.duties or {}, "; "),
        may = #(j.may or {}) }
    end
    return rows
  end,
  columns = {
    { key = "job", label = "Job" },
    { key = "name", label = "Name" },
    { key = "id", label = "Id" },
    { key = "reports_to", label = "Reports to" },
    { key = "may", label = "Actions", format = "count" },
    { key = "duties", label = "Duties" },
  },
  sort = { "job", "name" },
}

report "expirations" {
  title = "Expirations",
  description = "Licences, certifications, DEA registrations, board certifications, payer enrollments, "
    .. "the practice's own licences and insurance, the CLIA certificate and test lots "
    .. "expiring within a number of days (or expired), and equipment calibrations, inspections "
    .. "and safety tests falling due by then (or overdue).",
  params = { { name = "within", type = "integer", default = 90 } },
  data = function(p)
    local rows = {}
    local function add(what, who, kind, number, expires)
      if expires then rows[#rows + 1] = { what = what, who = who, kind = kind,
        number = number or "", expires = expires } end
    end
    -- the one list of credentials (credential.h): staff, providers'
    -- licences, DEA, boards and enrollments, the practice's own, CLIA
    for _, c in ipairs(credentials.list {}) do
      local what = c.kind == "CLIA" and "clia" or c.holder == "practice" and "practice"
        or c.path:match("^providers") and "licence" or "credential"
      local kind = c.kind == "license" and "state licence " .. (c.issuer or "")
        or c.kind == "enrollment" and "enrollment with " .. (c.issuer or "")
        or c.kind == "DEA" and "DEA registration" or (c.kind:gsub("_", " "))
      add(what, c.holder_name, kind, c.number, c.expires)
    end
    for _, l in ipairs(reports.query([[
        SELECT test, kind, lot, max(id), expires FROM clia_lot GROUP BY test, kind, lot]])) do
      add("lot", l.test, l.kind .. " lot", l.lot, reports.date(l.expires))
    end
    for _, s in ipairs(equipment.schedules()) do
      if s.what == "calibration" or s.what == "inspection" or s.what == "safety_test" then
        add("equipment", s.asset_name, (s.what:gsub("_", " ")) .. " due", s.serial, s.next_due)
      end
    end
    local out, last = {}, reports.today() + p.within
    for _, r in ipairs(rows) do
      r.expires = reports.day(r.expires)
      if r.expires <= last then out[#out + 1] = r end
    end
    return out
  end,
  columns = {
    { key = "expires", label = "Expires", format = "date" },
    { key = "what", label = "What" },
    { key = "kind", label = "Kind" },
    { key = "who", label = "Whose" },
    { key = "number", label = "Number" },
  },
  sort = { "expires", "who", "kind", "number" },
}

report "clia_qc_log" {
  title = "CLIA QC log",
  description = "The external QC runs of a period with their results, operators and corrective actions.",
  params = { { name = "period", type = "date_range", default = "last_30_days" },
             { name = "test", type = "text", optional = true } },
  query = [[
    SELECT q.day AS day, q.test AS test, q.lot AS lot, q.level AS level, q.expected AS expected,
           q.observed AS observed, CASE q.passed WHEN 1 THEN 'pass' ELSE 'FAIL' END AS result,
           q.why AS why, q.operator AS operator, coalesce(q.corrective, '') AS corrective
      FROM clia_qc q
     WHERE q.day BETWEEN :period_from AND :period_to AND (:test IS NULL OR q.test = :test)
  ]],
  columns = {
    { key = "day", label = "Day", format = "date" },
    { key = "test", label = "Test" },
    { key = "lot", label = "Lot" },
    { key = "level", label = "Level" },
    { key = "expected", label = "Expected" },
    { key = "observed", label = "Observed" },
    { key = "result", label = "Result" },
    { key = "why", label = "Why" },
    { key = "operator", label = "Operator" },
    { key = "corrective", label = "Corrective action" },
  },
  group = "test",
  sort = { "day", "lot" },
}

report "staffing_gaps" {
  title = "Staffing gaps",
  description = "The sessions of a period for which the staffing rules want more people on shift "
    .. "than are scheduled.",
  params = { { name = "period", type = "date_range", default = "today..today+13" },
             { name = "location", type = "location", optional = true } },
  data = function(p, tools)
    local rows = {}
    for _, g in ipairs(tools.gaps { from = reports.date(p.period_from),
        to = reports.date(p.period_to), location = p.location }) do
      rows[#rows + 1] = { date = g.date, location = g.location, start = g.start,
        finish = g["end"], providers = g.providers, reason = g.reason }
    end
    return rows
  end,
  columns = {
    { key = "date", label = "Date", format = "date" },
    { key = "start", label = "From", format = "time" },
    { key = "finish", label = "To", format = "time" },
    { key = "location", label = "Location" },
    { key = "providers", label = "Providers", format = "count" },
    { key = "reason", label = "What is missing" },
  },
  group = "location",
  sort = { "date", "start" },
}
