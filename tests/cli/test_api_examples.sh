# test_api_examples.sh: every example of lua/API.md runs. ```lua blocks
# run as scripts (medoffice run) on a fresh starter practice and must
# succeed; ```lua spec blocks run as spec files and must pass.
. "$(dirname "$0")/lib.sh"
: "${SRC:?set SRC}"

awk -v dir="$T" '
  /^```lua spec$/ { n++; f = dir "/ex" n "_spec.lua"; on = 1; next }
  /^```lua$/      { n++; f = dir "/ex" n ".lua"; on = 1; next }
  /^```/          { on = 0; next }
  on              { print > f }
' "$SRC/lua/API.md"

count=0
for ex in "$T"/ex*.lua; do
  count=$((count + 1))
  name=$(basename "$ex")
  rm -rf "$T/p"; "$MEDOFFICE" init "$T/p" >/dev/null
  case "$name" in
    *_spec.lua)
      cp "$ex" "$T/p/policies/$name"
      run test "$T/p"; expect_rc 0 "API.md spec example $name"; expect_out ", 0 failed" ;;
    *)
      run run --as system "$T/p" "$ex"; expect_rc 0 "API.md example $name" ;;
  esac
done
[ "$count" -ge 10 ] && ok "found $count examples" || bad "found only $count examples"
finish
