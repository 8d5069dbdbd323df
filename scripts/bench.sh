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
# Against a separate doorstep-office serve process, stores on disk.
TMPDIR=/var/tmp "$build/tests/bench_office" "$out/bench_office.json"
# The same phases with the office store on PostgreSQL (a throwaway cluster on
# disk, fsync on; its CPU is reported beside the server's).
DOORSTEP_TEST_OFFICE_BACKEND=postgres DOORSTEP_TEST_PG_FSYNC=1 TMPDIR=/var/tmp \
  "$build/tests/bench_office" "$out/bench_office_postgres.json"
# The PouchDB peer on the same machine in the same run (npm registry only).
peer_src="$root/../shared/peers/pouchdb"
if [ -d "$peer_src" ] && command -v node >/dev/null && command -v npm >/dev/null; then
  peer="$out/peer-pouchdb"
  mkdir -p "$peer"
  cp "$peer_src"/package.json "$peer_src"/package-lock.json "$peer_src"/*.js "$peer/"
  (cd "$peer" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1)
  rm -f "$out/peer.jsonl"
  (cd "$peer" && node series.js --runs 3 --out "$out/peer.jsonl" -- --n 5000 --k 50 --m 100 --quiet >/dev/null)
  node "$root/scripts/peer_compare.js" "$out/bench_office.json" "$out/peer.jsonl"
fi
if [ -x "$build/tests/bench_frames" ]; then
  "$build/tests/bench_frames" "$out/bench_frames.json"
fi
if [ -x "$build/app/field/doorstep" ] && command -v xvfb-run >/dev/null; then
  "$root/scripts/idle_cpu.sh" "$build"
fi
