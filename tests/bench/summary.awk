# summary.awk: the summary of `make bench` (tests/bench/run.sh), from the
# RESULT and PEAK lines the benchmark programs print (tests/bench/bench.h):
# one table (figure, median, p99, unit, target, floor, ratio, status) and
# the peak memory of each program on stdout, the same as JSON in the file
# `json`. Variables: json, scale, machine, when. A target is "<=N", "<N",
# ">=N" or ">N" in the figure's unit, or the same ending in "x" for the
# ratio to the floor; the ratio is how many times slower than the floor
# (median/floor for times, floor/median for rates, units ending in "/s").
# Status: met, MISSED, "-" (no target) or "?" (a target it cannot read).
function num(x) { return x + 0 }
function fmt(x) { return (x >= 1000 || x <= -1000) ? sprintf("%.0f", x) : sprintf("%.4g", x) }
function ratio(med, fl, unit) {
  if (fl <= 0 || med <= 0) return -1
  return unit ~ /\/s$/ ? fl / med : med / fl
}
function status(t, med, r,   op, v, x) {
  if (t == "") return "-"
  match(t, /^(<=|>=|<|>)/); if (RSTART == 0) return "?"
  op = substr(t, 1, RLENGTH); v = substr(t, RLENGTH + 1)
  if (v ~ /x$/) { if (r < 0) return "?"; x = r; v = substr(v, 1, length(v) - 1) } else x = med
  v = num(v)
  if ((op == "<=" && x <= v) || (op == "<" && x < v) || (op == ">=" && x >= v) || (op == ">" && x > v)) return "met"
  return "MISSED"
}
function jstr(s) { gsub(/\\/, "&&", s); gsub(/"/, "\\\"", s); return "\"" s "\"" }
function jnum(x) { return x < 0 ? "null" : x }
$1 == "RESULT" {
  n++; name[n] = $2; med[n] = num($3); p99[n] = num($4); unit[n] = $5
  target[n] = $6; fl[n] = num($7); r[n] = ratio(med[n], fl[n], $5)
  st[n] = status($6, med[n], r[n])
}
$1 == "PEAK" { np++; prog[np] = $2; kib[np] = $3 }
END {
  printf "\n== summary (%s scale; %s)\n", scale, machine
  printf "%-52s %11s %11s %5s %-9s %11s %8s  %s\n", "figure", "median", "p99", "unit", "target", "floor", "ratio", "status"
  for (i = 1; i <= n; i++)
    printf "%-52s %11s %11s %5s %-9s %11s %8s  %s\n", name[i], fmt(med[i]),
      p99[i] < 0 ? "" : fmt(p99[i]), unit[i],
      target[i] == "" ? "-" : target[i],
      fl[i] < 0 ? "" : fmt(fl[i]),
      r[i] < 0 ? "" : sprintf("%.2fx", r[i]), st[i]
  printf "\npeak memory (resident)\n"
  for (i = 1; i <= np; i++) printf "%-60s %8.1f MiB\n", prog[i], kib[i] / 1024
  printf("{\n  \"date\": %s,\n  \"scale\": %s,\n  \"machine\": %s,\n  \"results\": [\n", jstr(when), jstr(scale), jstr(machine)) > json
  for (i = 1; i <= n; i++)
    printf("    {\"name\": %s, \"median\": %s, \"p99\": %s, \"unit\": %s, \"target\": %s, \"floor\": %s, \"ratio\": %s, \"status\": %s}%s\n",
      jstr(name[i]), med[i], jnum(p99[i]), jstr(unit[i]), jstr(target[i]),
      jnum(fl[i]), (r[i] < 0 ? "null" : sprintf("%.3f", r[i])), jstr(st[i]), (i < n ? "," : "")) > json
  printf "  ],\n  \"peak_kib\": {" > json
  for (i = 1; i <= np; i++) printf("%s%s: %d", (i > 1 ? ", " : ""), jstr(prog[i]), kib[i]) > json
  printf "}\n}\n" > json
  printf "\nwrote %s\n", json
}
