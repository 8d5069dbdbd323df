#!/usr/bin/env bash
# Idle CPU of the field app: seeds a store with 200 cases and 20,000 notes,
# opens `doorstep` on it under Xvfb (unlocked via DOORSTEP_PASSPHRASE), lets
# it settle, then measures the process's CPU time over 10 s with no input.
# Goal (issue 5): <= 1 % of one core.
#   scripts/idle_cpu.sh [BUILD_DIR]    (default build/ui)
set -euo pipefail
build="${1:-build/ui}"
app="$build/app/field/doorstep"
seed="$build/app/field/doorstep-field-seed"
[[ -x "$app" && -x "$seed" ]] || { echo "build the doorstep and doorstep-field-seed targets in $build first" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOORSTEP_PASSPHRASE="idle cpu measurement passphrase"
"$seed" "$work/store" 200 20000 >/dev/null
tick=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
  "$0" --store "$1" & pid=$!
  sleep 4                                   # unlock, load the caseload, first frames
  t0=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
  sleep 10
  t1=$(awk "{print \$14 + \$15}" /proc/$pid/stat)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$t0 $t1"
' "$app" "$work/store" > "$work/ticks"
read -r t0 t1 < "$work/ticks"
awk -v a="$t0" -v b="$t1" -v hz="$tick" 'BEGIN {
  printf "CPU used while starting (unlock, caseload load, first frames): %.2f s\n", a / hz;
  s = (b - a) / hz; printf "idle CPU over 10 s: %.3f s of CPU = %.2f %% of one core (goal <= 1 %%)\n", s, s / 10 * 100 }'
