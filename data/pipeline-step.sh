# Sourced by data/train-model.sh and data/continue-model.sh.
#
# step NAME OUTPUT COMMAND...: runs COMMAND unless OUTPUT exists (so an
# interrupted pipeline continues where it stopped) and appends its wall
# time to $times.
step() {
  local name="$1" out="$2"
  shift 2
  if [ -e "$out" ]; then
    echo "skip $name ($out exists)"
    return
  fi
  echo "=== $name: $*"
  local t0
  t0=$(date +%s)
  "$@"
  echo "$name $(( $(date +%s) - t0 )) s" >> "$times"
}
