# test_config_errors.sh: malformed and hostile practice.yaml files give a
# clear error naming file:line:column and the key, with exit code 1, and
# change nothing in the practice folder.
. "$(dirname "$0")/lib.sh"

"$MEDOFFICE" init "$T/p" >/dev/null || { bad "init"; finish; exit 1; }
good=$(cat "$T/p/practice.yaml")

# try NAME EXPECTED: practice.yaml from stdin must fail check with EXPECTED.
try() {
  cat > "$T/p/practice.yaml"
  local before; before=$(snapshot "$T/p")
  run check "$T/p"
  expect_rc 1 "$1"
  expect_err "$2"
  expect_same "$before" "$T/p" "$1"
  printf '%s\n' "$good" > "$T/p/practice.yaml"
}

try "syntax error" "while scanning a quoted scalar that starts at 2:9" <<'EOF2'
practice:
  name: "unterminated
  timezone: UTC
EOF2
try "tab indentation" "tab characters are not allowed for indentation" <<'EOF2'
practice:
	name: X
EOF2
try "duplicate key" "duplicate" <<'EOF2'
practice:
  name: A
  name: B
  timezone: UTC
EOF2
try "unknown key with suggestion" 'practice.yaml:3:3: practice.timezon: unknown key (did you mean "timezone"?)' <<'EOF2'
practice:
  name: A
  timezon: UTC
EOF2
try "unknown top-level key" 'polices' <<'EOF2'
practice:
  name: A
  timezone: UTC
polices: []
EOF2
try "wrong type" "practice.yaml:2:9: practice.name: expected a scalar, got a sequence" <<'EOF2'
practice:
  name: [a, b]
  timezone: UTC
EOF2
try "missing required key" 'practice.yaml:2:3: practice: missing required key "timezone"' <<'EOF2'
practice:
  name: A
EOF2
try "unknown time zone" "Mars/Olympus_Mons" <<'EOF2'
practice:
  name: A
  timezone: Mars/Olympus_Mons
EOF2
try "time zone path traversal" "practice.timezone" <<'EOF2'
practice:
  name: A
  timezone: ../../../etc/passwd
EOF2
try "bad business hours" "practice.hours.mon" <<'EOF2'
practice:
  name: A
  timezone: UTC
  hours:
    mon: "8-5"
EOF2
try "overlapping business hours" "practice.hours.tue" <<'EOF2'
practice:
  name: A
  timezone: UTC
  hours:
    tue: "08:00-12:00, 11:00-17:00"
EOF2
try "bad memory limit" "limits.memory" <<'EOF2'
practice:
  name: A
  timezone: UTC
limits:
  memory: lots
EOF2
try "policy path escaping the folder" "policies[0]" <<'EOF2'
practice:
  name: A
  timezone: UTC
policies:
  - ../../etc/passwd.lua
EOF2
try "missing policy file" "policies[0]" <<'EOF2'
practice:
  name: A
  timezone: UTC
locations: [{ id: main, name: Main }]
staff: [{ id: drlee, name: Dr. Lee, job: physician_owner }]
policies:
  - nowhere/missing.lua
EOF2
try "alias bomb" "alias" <<'EOF2'
a: &a ["x","x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]
practice:
  name: A
  timezone: UTC
settings: *f
EOF2
try "empty file" "empty" < /dev/null
try "a document that is not a mapping" "expected a mapping" <<'EOF2'
- just
- a list
EOF2
printf 'practice:\n  name: "\xff\xfe"\n  timezone: UTC\n' > "$T/bin.yaml"
try "invalid UTF-8" "practice.yaml" < "$T/bin.yaml"

# Every command that opens the practice refuses it the same way.
printf 'practice:\n  name: A\n' > "$T/p/practice.yaml"
echo 'print(1)' > "$T/s.lua"
run run "$T/p" "$T/s.lua"; expect_rc 1 "run on a broken practice.yaml"; expect_err 'missing required key "timezone"'
run test "$T/p"; expect_rc 1 "test on a broken practice.yaml"; expect_err 'missing required key "timezone"'
echo 'print(1)' | "$MEDOFFICE" shell "$T/p" >/dev/null 2>&1 && rc=0 || rc=$?
[ "$rc" = 1 ] && ok "shell refuses a broken practice.yaml" || bad "shell on a broken practice.yaml exited $rc"
chmod 000 "$T/p/practice.yaml"
if [ "$(id -u)" != 0 ]; then run check "$T/p"; expect_rc 1 "unreadable practice.yaml"; expect_err "Permission denied"; fi
rm -f "$T/p/practice.yaml"
run check "$T/p"; expect_rc 1 "missing practice.yaml"; expect_err "practice.yaml: No such file"
mkdir "$T/p/practice.yaml"
run check "$T/p"; expect_rc 1 "practice.yaml that cannot be read (a folder)"; expect_err "cannot read $T/p/practice.yaml: Is a directory"
rmdir "$T/p/practice.yaml"

# Anchors, aliases and merge keys work.
cat > "$T/p/practice.yaml" <<'EOF2'
hours: &weekday "08:00-17:00"
practice:
  name: Alias Clinic
  timezone: America/New_York
  hours: { mon: *weekday, tue: *weekday, sat: closed }
settings:
  base: &base { limit: "50.00", days: 30 }
  refunds: { <<: *base, days: 14 }
EOF2
run check "$T/p"; expect_rc 1 "an unknown top-level key even when used as an anchor"; expect_err "hours"
cat > "$T/p/practice.yaml" <<'EOF2'
practice:
  name: Alias Clinic
  timezone: America/New_York
  hours: { mon: &weekday "08:00-17:00", tue: *weekday, sat: closed }
locations: [{ id: main, name: Main }]
staff: [{ id: drlee, name: Dr. Lee, job: physician_owner }]
policies: [jobs/starter.lua]
settings:
  base: &base { limit: "50.00", days: 30 }
  refunds: { <<: *base, days: 14 }
EOF2
run check "$T/p"; expect_rc 0 "anchors, aliases and merge keys"; expect_out "tue 08:00-17:00"
echo 'print(setting("refunds.limit", "money"), setting("refunds.days", "integer"))' > "$T/s.lua"
run run --apply "$T/p" "$T/s.lua"; expect_rc 0 "merged settings are readable"; expect_out "5000	14"
finish
