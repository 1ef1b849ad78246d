-- billing.lua: the billing office's reports: the day sheet, A/R aging
-- by payer and by patient, the payer mix, the claims by status, the
-- denials by reason and the providers' productivity.

report "day_sheet" {
  title = "Day sheet",
  description = "Charges, payments and adjustments posted on a day, by provider.",
  params = { { name = "day", type = "date", default = "yesterday" } },
  query = [[
    WITH lines AS (
      SELECT j.account AS account, j.amount AS amount, h.kind AS kind, h.id AS journal,
             j.charge AS charge
        FROM journal h JOIN journal_line j ON j.journal = h.id
       WHERE h.day = :day),
    visits AS (
      SELECT provider, count(*) AS n FROM appointment
       WHERE start_us >= :day_start_us AND start_us < :day_end_us
         AND status = 'checked_out' GROUP BY provider),
    charges AS (
      SELECT provider, sum(amount) AS n FROM charge
       WHERE day = :day AND status = 'active' GROUP BY provider),
    paid AS (
      SELECT coalesce(c.provider, (SELECT a.provider FROM payment py
                                     JOIN appointment a ON a.id = py.appointment
                                    WHERE py.journal = l.journal), '(none)') AS provider,
             sum(l.amount) AS n
        FROM lines l LEFT JOIN charge c ON c.id = l.charge
       WHERE l.kind = 'payment' AND l.account IN ('cash', 'card', 'bank')
       GROUP BY 1),
    adjusted AS (
      SELECT coalesce(c.provider, '(none)') AS provider, sum(l.amount) AS n
        FROM lines l LEFT JOIN charge c ON c.id = l.charge
       WHERE l.account IN ('contractual', 'writeoff') GROUP BY 1),
    who AS (SELECT provider FROM visits UNION SELECT provider FROM charges
            UNION SELECT provider FROM paid UNION SELECT provider FROM adjusted)
    SELECT w.provider AS provider, coalesce(v.n, 0) AS visits, coalesce(c.n, 0) AS charges,
           coalesce(p.n, 0) AS payments, coalesce(a.n, 0) AS adjustments
      FROM who w LEFT JOIN visits v USING (provider) LEFT JOIN charges c USING (provider)
      LEFT JOIN paid p USING (provider) LEFT JOIN adjusted a USING (provider)
  ]],
  columns = {
    { key = "provider", label = "Provider" },
    { key = "visits", label = "Visits", format = "count" },
    { key = "charges", label = "Charges", format = "money" },
    { key = "payments", label = "Payments", format = "money" },
    { key = "adjustments", label = "Adjustments", format = "money" },
  },
  totals = { "visits", "charges", "payments", "adjustments" },
  sort = { "provider" },
  charts = { { type = "bar", x = "provider", y = { "charges", "payments" }, title = "Charges and payments" } },
}

report "ar_aging" {
  title = "A/R aging by payer",
  description = "What is owed on a day, by who owes it and by the age of the service.",
  params = { { name = "day", type = "date", default = "today" } },
  query = [[
    SELECT coalesce((SELECT json_extract(data, '$.name') FROM entity
                      WHERE kind = 'payer' AND id = j.payer), 'Patients') AS payer,
           sum(CASE WHEN :day - j.service_day <= 30 THEN j.amount ELSE 0 END) AS d0_30,
           sum(CASE WHEN :day - j.service_day BETWEEN 31 AND 60 THEN j.amount ELSE 0 END) AS d31_60,
           sum(CASE WHEN :day - j.service_day BETWEEN 61 AND 90 THEN j.amount ELSE 0 END) AS d61_90,
           sum(CASE WHEN :day - j.service_day BETWEEN 91 AND 120 THEN j.amount ELSE 0 END) AS d91_120,
           sum(CASE WHEN :day - j.service_day > 120 THEN j.amount ELSE 0 END) AS over_120,
           sum(j.amount) AS total
      FROM journal_line j
     WHERE j.account IN ('ar_payer', 'ar_patient') AND j.day <= :day AND j.charge IS NOT NULL
     GROUP BY 1 HAVING sum(j.amount) <> 0
  ]],
  columns = {
    { key = "payer", label = "Payer" },
    { key = "d0_30", label = "0-30", format = "money" },
    { key = "d31_60", label = "31-60", format = "money" },
    { key = "d61_90", label = "61-90", format = "money" },
    { key = "d91_120", label = "91-120", format = "money" },
    { key = "over_120", label = "Over 120", format = "money" },
    { key = "total", label = "Total", format = "money" },
  },
  totals = { "d0_30", "d31_60", "d61_90", "d91_120", "over_120", "total" },
  sort = { "-total" },
  charts = { { type = "stacked_bar", x = "payer", y = { "d0_30", "d31_60", "d61_90", "d91_120", "over_120" },
    title = "A/R by age" } },
}

report "ar_aging_patients" {
  title = "A/R aging by patient",
  description = "What each patient owes on a day (their share, after insurance), by the age of the service.",
  params = { { name = "day", type = "date", default = "today" } },
  query = [[
    SELECT p.family || ', ' || p.given AS patient, j.patient AS id,
           sum(CASE WHEN :day - j.service_day <= 30 THEN j.amount ELSE 0 END) AS d0_30,
           sum(CASE WHEN :day - j.service_day BETWEEN 31 AND 60 THEN j.amount ELSE 0 END) AS d31_60,
           sum(CASE WHEN :day - j.service_day BETWEEN 61 AND 90 THEN j.amount ELSE 0 END) AS d61_90,
           sum(CASE WHEN :day - j.service_day > 90 THEN j.amount ELSE 0 END) AS over_90,
           sum(j.amount) AS total
      FROM journal_line j JOIN patient p ON p.id = j.patient
     WHERE j.account = 'ar_patient' AND j.day <= :day AND j.charge IS NOT NULL
     GROUP BY j.patient HAVING sum(j.amount) <> 0
  ]],
  columns = {
    { key = "patient", label = "Patient" },
    { key = "id", label = "#", format = "count" },
    { key = "d0_30", label = "0-30", format = "money" },
    { key = "d31_60", label = "31-60", format = "money" },
    { key = "d61_90", label = "61-90", format = "money" },
    { key = "over_90", label = "Over 90", format = "money" },
    { key = "total", label = "Total", format = "money" },
  },
  totals = { "d0_30", "d31_60", "d61_90", "over_90", "total" },
  sort = { "-total", "patient" },
}

report "payer_mix" {
  title = "Payer mix",
  description = "Charges of a period by the payer of each visit's primary insurance (self-pay when none).",
  params = { { name = "period", type = "date_range", default = "last_30_days" } },
  query = [[
    SELECT coalesce((SELECT json_extract(e.data, '$.name') FROM insurance i
                       JOIN entity e ON e.kind = 'payer' AND e.id = i.payer
                      WHERE i.patient = en.patient AND i.rank = 1
                      ORDER BY i.id DESC LIMIT 1), 'Self-pay') AS payer,
           count(DISTINCT en.id) AS visits, sum(c.amount) AS charges
      FROM charge c JOIN encounter en ON en.id = c.encounter
     WHERE c.day BETWEEN :period_from AND :period_to AND c.status = 'active'
     GROUP BY 1
  ]],
  columns = {
    { key = "payer", label = "Payer" },
    { key = "visits", label = "Visits", format = "count" },
    { key = "charges", label = "Charges", format = "money" },
  },
  totals = { "visits", "charges" },
  sort = { "-charges" },
  charts = { { type = "pie", x = "payer", y = "charges", title = "Charges by payer" } },
}

report "claim_status" {
  title = "Claims by status",
  description = "The claims made in a period, by payer and status, with their totals.",
  params = { { name = "period", type = "date_range", default = "last_30_days" },
             { name = "payer", type = "payer", optional = true } },
  query = [[
    SELECT c.payer AS payer, c.status AS status, count(*) AS claims, sum(c.total) AS total
      FROM claim c
     WHERE local_day(c.created_us) BETWEEN :period_from AND :period_to
       AND (:payer IS NULL OR c.payer = :payer)
     GROUP BY 1, 2
  ]],
  columns = {
    { key = "payer", label = "Payer" },
    { key = "status", label = "Status" },
    { key = "claims", label = "Claims", format = "count" },
    { key = "total", label = "Billed", format = "money" },
  },
  group = "payer",
  totals = { "claims", "total" },
  sort = { "status" },
  charts = { { type = "bar", x = "status", y = "claims", title = "Claims by status" } },
}

report "denials" {
  title = "Denials by reason",
  description = "The claims payers denied in a period, by adjustment group and reason code.",
  params = { { name = "period", type = "date_range", default = "last_30_days" } },
  query = [[
    SELECT a.grp || '-' || a.reason AS reason, c.payer AS payer,
           count(DISTINCT ec.claim) AS claims, sum(a.amount) AS amount
      FROM era_claim ec JOIN era e ON e.id = ec.era
      JOIN claim c ON c.id = ec.claim
      JOIN era_adjustment a ON a.era_claim = ec.id
     WHERE ec.denied = 1 AND local_day(e.created_us) BETWEEN :period_from AND :period_to
     GROUP BY 1, 2
  ]],
  columns = {
    { key = "reason", label = "Group-reason" },
    { key = "payer", label = "Payer" },
    { key = "claims", label = "Claims", format = "count" },
    { key = "amount", label = "Adjusted", format = "money" },
  },
  totals = { "claims", "amount" },
  sort = { "-claims", "reason" },
  charts = { { type = "bar", x = "reason", y = "claims", title = "Denied claims by reason" } },
}

report "provider_productivity" {
  title = "Provider productivity",
  description = "Visits per day, charges and collections per provider over a period, against the "
    .. "targets in practice.yaml settings.reports (visits_per_day, charges_per_day in cents).",
  params = { { name = "period", type = "date_range", default = "last_30_days" } },
  data = function(p)
    local t = (settings.reports or {})
    local days = p.period_to - p.period_from + 1
    local rows = reports.query([[
      SELECT pr.provider AS provider,
             (SELECT count(*) FROM appointment a WHERE a.provider = pr.provider
                AND a.status = 'checked_out' AND a.start_us >= :s AND a.start_us < :e) AS visits,
             (SELECT count(DISTINCT local_day(a.start_us)) FROM appointment a
               WHERE a.provider = pr.provider AND a.status = 'checked_out'
                 AND a.start_us >= :s AND a.start_us < :e) AS days,
             (SELECT coalesce(sum(amount), 0) FROM charge c WHERE c.provider = pr.provider
                AND c.status = 'active' AND c.day BETWEEN :f AND :t) AS charges,
             (SELECT coalesce(sum(j.amount), 0) FROM journal_line j JOIN journal h ON h.id = j.journal
                JOIN charge c ON c.id = j.charge
               WHERE c.provider = pr.provider AND h.kind = 'payment'
                 AND j.account IN ('ar_payer', 'ar_patient') AND j.day BETWEEN :f AND :t) AS paid
        FROM (SELECT DISTINCT provider FROM appointment WHERE start_us >= :s AND start_us < :e) pr
    ]], { s = p.period_start_us, e = p.period_end_us, f = p.period_from, t = p.period_to })
    for _, r in ipairs(rows) do
      r.collections = -r.paid
      local per_day = r.days > 0 and (r.visits * 100 // r.days) or 0 -- hundredths
      r.visits_per_day = ("%d.%02d"):format(per_day // 100, per_day % 100)
      local target = t.visits_per_day and t.visits_per_day * 100 or nil
      r.of_target = target and target > 0 and (per_day * 10000 // target) or nil
      r.days_in_period = days
    end
    return rows
  end,
  columns = {
    { key = "provider", label = "Provider" },
    { key = "days", label = "Days seeing", format = "count" },
    { key = "visits", label = "Visits", format = "count" },
    { key = "visits_per_day", label = "Visits/day" },
    { key = "of_target", label = "Of target", format = "percent" },
    { key = "charges", label = "Charges", format = "money" },
    { key = "collections", label = "Collections", format = "money" },
  },
  totals = { "visits", "charges", "collections" },
  sort = { "provider" },
  charts = { { type = "bar", x = "provider", y = { "charges", "collections" }, title = "Charges and collections" } },
}
