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
# The console's team dashboard at the server (store on disk).
TMPDIR=/var/tmp "$build/tests/bench_console" "$out/bench_console.json"
DOORSTEP_TEST_OFFICE_BACKEND=postgres DOORSTEP_TEST_PG_FSYNC=1 TMPDIR=/var/tmp "$build/tests/bench_console" "$out/bench_console_postgres.json"
TMPDIR=/var/tmp "$build/tests/bench_office_rules" "$out/bench_office_rules.json"
# The sync phases of the PouchDB peer against a separate doorstep-office
# serve process, stores on disk, both backends (PostgreSQL: a throwaway
# cluster on disk, fsync on; its CPU is reported beside the server's); each
# merges its medians into sync-phases.json.
# A device push that fails (e.g. given up after too many 503 busy answers) is
# reported in the table and the detail JSON, and the run goes on.
rm -f "$out/sync-phases.json"
failed_note() { echo "bench_office ($1): some device pushes FAILED (see above); the run goes on" >&2; }
TMPDIR=/var/tmp "$build/tests/bench_office" "$out/bench_office.json" "$out/sync-phases.json" || failed_note sqlcipher
DOORSTEP_TEST_OFFICE_BACKEND=postgres DOORSTEP_TEST_PG_FSYNC=1 TMPDIR=/var/tmp \
  "$build/tests/bench_office" "$out/bench_office_postgres.json" "$out/sync-phases.json" || failed_note postgres
# The PouchDB peer on the same machine in the same run (npm registry only),
# then the three side by side.
TMPDIR=/var/tmp "$root/scripts/bench-peer.sh" "$out"
if command -v node >/dev/null; then
  node "$root/scripts/sync_phases.js" table "$out/sync-phases.json" "$out"
fi
# How one device's sync costs as the office grows (1k, 10k, 100k cases).
DOORSTEP_TEST_PG_FSYNC=1 TMPDIR=/var/tmp "$build/tests/bench_office_growth" "$out/bench_office_growth.json"
if [ -x "$build/tests/bench_frames" ]; then
  "$build/tests/bench_frames" "$out/bench_frames.json"
fi
if [ -x "$build/app/field/doorstep" ] && command -v xvfb-run >/dev/null; then
  "$root/scripts/idle_cpu.sh" "$build"
fi
