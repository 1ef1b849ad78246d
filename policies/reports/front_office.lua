-- front_office.lua: the front desk's reports: the day's schedule and the
-- deposit slip. Each is a `report` declaration (see lua/API.md,
-- "Reports"): copy one into a policy of the practice's own, change its
-- columns or grouping, and `medoffice report` shows the result at once.

report "daily_schedule" {
  title = "Daily schedule",
  description = "The day's appointments by provider, in time order (cancellations left out).",
  params = {
    { name = "day", type = "date", default = "today" },
    { name = "provider", type = "provider", optional = true },
    { name = "location", type = "location", optional = true },
  },
  query = [[
    SELECT local_time(a.start_us) AS time, a.provider AS provider,
           p.family || ', ' || p.given AS patient, a.visit_type AS visit_type,
           a.location AS location, a.status AS status
      FROM appointment a JOIN patient p ON p.id = a.patient
     WHERE a.start_us >= :day_start_us AND a.start_us < :day_end_us
       AND a.status <> 'cancelled'
       AND (:provider IS NULL OR a.provider = :provider)
       AND (:location IS NULL OR a.location = :location)
  ]],
  columns = {
    { key = "provider", label = "Provider" },
    { key = "time", label = "Time", format = "time" },
    { key = "patient", label = "Patient" },
    { key = "visit_type", label = "Visit" },
    { key = "location", label = "Location" },
    { key = "status", label = "Status" },
  },
  group = "provider",
  sort = { "time", "patient" },
}

report "deposit_slip" {
  title = "Deposit slip",
  description = "The payments of a day's bank deposits: cash and checks, each with its reference.",
  params = { { name = "day", type = "date", default = "today" } },
  query = [[
    SELECT py.method AS method, coalesce(py.reference, '') AS reference,
           p.family || ', ' || p.given AS patient, py.deposited AS amount, d.id AS deposit
      FROM deposit d JOIN payment py ON py.deposit = d.id
      JOIN patient p ON p.id = py.patient
     WHERE d.day = :day
  ]],
  columns = {
    { key = "method", label = "Method" },
    { key = "reference", label = "Check / reference" },
    { key = "patient", label = "From" },
    { key = "amount", label = "Amount", format = "money" },
  },
  group = "method",
  totals = { "amount" },
  sort = { "patient" },
}
