#!/usr/bin/env bash
# ./run.sh bench: every benchmark, in a Release build, each printing its
# table; the JSON figures go to out/bench/. Medians and same-run ratios only.
#   usage: scripts/bench.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: scripts/bench.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/out/bench"
mkdir -p "$out"
echo "Doorstep benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores; JSON in $out"
"$build/tests/bench_store" "$out/bench_store.json"
"$build/tests/bench_sync" "$out/bench_sync.json"
"$build/tests/bench_office" "$out/bench_office.json"
if [ -x "$build/tests/bench_frames" ]; then
  "$build/tests/bench_frames" "$out/bench_frames.json"
fi
if [ -x "$build/app/field/doorstep" ] && command -v xvfb-run >/dev/null; then
  "$root/scripts/idle_cpu.sh" "$build"
fi
