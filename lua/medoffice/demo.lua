-- demo.lua: the script behind `medoffice demo`. On the demo practice (a
-- month of seeded activity) it prints what an office manager looks at
-- first: today's schedule, the last working day's day sheet (visits and
-- charges), what payers owe by age (A/R aging), the claims made and
-- checked, the payers' remittances, the calls to make, staffing gaps,
-- recalls, approvals waiting and tasks due; then the
-- engine at work: a policy rule deciding, the core enforcing it, and the
-- audit chain.
local function say(fmt, ...)
  print(string.format(fmt, ...))
end

local today = date(today())
local WEEKDAYS = { "Thursday", "Friday", "Saturday", "Sunday", "Monday",
  "Tuesday", "Wednesday" } -- day 0 (1970-01-01) was a Thursday

local function label(d)
  return string.format("%s %s", WEEKDAYS[d % 7 + 1], format_date(d))
end

-- The appointments of a day at every location (cancelled ones with all).
local function day_book(d, all)
  local book = {}
  for _, loc in ipairs(practice.locations) do
    for _, a in ipairs(schedule.day { location = loc.id, date = format_date(d), all = all }) do
      a.location_name = loc.name
      book[#book + 1] = a
    end
  end
  table.sort(book, function(a, b) return a.start < b.start end)
  return book
end

-- The first day from d going by step (+1 or -1) with appointments, within
-- two weeks.
local function working_day(d, step)
  for i = 0, 14 do
    local day = d + i * step
    if #day_book(day, true) > 0 then return day end
  end
  return nil
end

act_as("maria")

-- Today's schedule (or the next day with one).
local shown = working_day(today, 1)
if not shown then
  say("schedule:  nothing booked in the next two weeks")
else
  local book = day_book(shown)
  say("schedule:  %s%s, %d appointments", label(shown),
    shown == today and " (today)" or " (the next day with a schedule)", #book)
  for i, a in ipairs(book) do
    if i > 8 then
      say("           ... and %d more (medoffice schedule day --date %s)", #book - 8,
        format_date(shown))
      break
    end
    say("           %s  %-8s %-18s %-24s %s", a.at:sub(12), a.provider, a.visit_type,
      a.patient_name, a.status)
  end
end

-- The day sheet of the last working day before today.
local last = working_day(today - 1, -1)
if last then
  local by = {}
  local order = {}
  for _, a in ipairs(day_book(last, true)) do
    local row = by[a.provider]
    if not row then
      row = { booked = 0, checked_out = 0, no_show = 0, cancelled = 0 }
      by[a.provider] = row
      order[#order + 1] = a.provider
    end
    row.booked = row.booked + 1
    if row[a.status] then row[a.status] = row[a.status] + 1 end
  end
  local charged = {}
  for _, c in ipairs(charges.list { from = format_date(last), to = format_date(last) }) do
    charged[c.provider] = (charged[c.provider] or 0) + c.amount
  end
  say("day sheet: %s", label(last))
  say("           %-10s %7s %12s %9s %10s %10s", "provider", "visits", "checked out", "no-shows",
    "cancelled", "charges")
  for _, p in ipairs(order) do
    local r = by[p]
    say("           %-10s %7d %12d %9d %10d %10s", p, r.booked, r.checked_out, r.no_show,
      r.cancelled, format_money(charged[p] or 0))
  end
end

-- What payers owe, by the age of the service.
local aging = ledger.aging { by = "payer" }
if #aging > 1 then
  say("A/R:       %-18s %10s %10s %10s %10s %10s %10s", "payer", "0-30", "31-60", "61-90",
    "91-120", "over 120", "total")
  for _, r in ipairs(aging) do
    say("           %-18s %10s %10s %10s %10s %10s %10s", r.name, format_money(r.days_0_30),
      format_money(r.days_31_60), format_money(r.days_61_90), format_money(r.days_91_120),
      format_money(r.over_120), format_money(r.total))
  end
end

-- Claims of the visits charged: made each Friday by the seed and today,
-- checked by the claim rules, sent as 837P batches, paid by remittances.
act_as("maria")
local made = claims.create()
local by = {}
for _, c in ipairs(claims.list()) do by[c.status] = (by[c.status] or 0) + 1 end
say("claims:    %d made today; %d ready, %d held, %d submitted, %d paid, %d denied",
  made.created, by.ready or 0, by.held or 0, by.submitted or 0, by.paid or 0, by.denied or 0)

-- What the payers paid: their remittances (835), posted as they came.
local eras, paid, paid_claims = era.list(), 0, 0
for _, r in ipairs(eras) do
  paid = paid + r.amount
  paid_claims = paid_claims + r.claims
end
if #eras > 0 then
  say("remits:    %d remittances paid %s on %d claims (denials become tasks); latest %s from %s",
    #eras, format_money(paid), paid_claims, eras[1].paid or "-", eras[1].payer)
end

-- Calls to make, staffing, recalls.
say("calls:     %d reminder calls for tomorrow, %d appointments to reschedule",
  #schedule.list("reminders"), #schedule.list("reschedule"))
local gaps = shifts.gaps { from = format_date(today), to = format_date(today + 6) }
say("staffing:  %d understaffed sessions in the next 7 days", #gaps)
for i, g in ipairs(gaps) do
  if i > 3 then break end
  say("           %s %s-%s at %s: %s", g.date, g.start, g["end"], g.location, g.reason)
end
say("recalls:   %d patients due for a follow-up", #recalls.due())

-- Approvals and tasks.
if #approvals.list() == 0 then
  act_as("joe")
  approvals.request { kind = "pto", summary = "Two days off for a family wedding",
    facts = { first_day = format_date(today + 20), last_day = format_date(today + 21) } }
  act_as("maria")
end
local mine = 0
for _, t in ipairs(tasks.list()) do
  if t.assignee == "joe" then mine = mine + 1 end
end
if mine == 0 then
  tasks.add { title = "Call Mrs. Lee back about her visit", assignee = "joe",
    due = format_date(today) }
  tasks.add { title = "Order rapid strep test kits", assignee = "joe",
    due = format_date(today + 3) }
end
local inbox = approvals.inbox()
say("approvals: %d waiting for maria", #inbox)
for _, r in ipairs(inbox) do
  say("           #%d %s: %s (from %s)", r.id, r.kind, r.summary, r.requester)
end
local open = tasks.list()
say("tasks:     %d open", #open)
for i, t in ipairs(open) do
  if i > 4 then
    say("           ... and %d more", #open - 4)
    break
  end
  say("           #%d %s (%s, due %s)", t.id, t.title, t.assignee or "unassigned",
    t.due and t.due:sub(1, 10) or "-")
end

-- The engine at work.
local d = decide("task.create", { title = "fax" })
say("rule:      task.create \"fax\" -> %s (%s) by %s", d.verdict, d.reason,
  d.rule or "no rule")
local ok, err = pcall(tasks.add, { title = "fax" })
say("enforced:  tasks.add{title=\"fax\"} -> %s", ok and "created?!" or
  tostring(err))
local intact, count = audit.verify()
say("audit:     %s, %d entries", intact and "chain intact" or "BROKEN", count or 0)
