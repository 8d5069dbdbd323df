#!/usr/bin/env bash
# The PouchDB peer (../shared/peers/pouchdb) in the same run as Doorstep's
# bench_office: `npm ci` in a copy under OUT_DIR/peer-pouchdb, then series.js
# (BENCH_RUNS runs each, default 3, each in a fresh process; medians) with
#   --n 5000 --k 50 --m 100    push/pull 5,000, incremental 100, no-op, 50 x 100
#   --n 20000 --k 500 --m 10   push/pull 20,000, 500 x 10
# and its medians go into OUT_DIR/sync-phases.json as "pouchdb"
# (scripts/sync_phases.js). Exits 0 without figures, saying why, when the
# peer, node or npm is missing.
#   usage: scripts/bench-peer.sh [OUT_DIR]   (default out/bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/out/bench}
runs=${BENCH_RUNS:-3}
peer_src="$root/../shared/peers/pouchdb"
[ -d "$peer_src" ] || peer_src=/work/shared/peers/pouchdb
if [ ! -d "$peer_src" ] || ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "bench-peer: the PouchDB peer, node or npm is missing; no peer figures" >&2
  exit 0
fi
mkdir -p "$out"
peer="$out/peer-pouchdb"
rm -rf "$peer"
mkdir -p "$peer"
cp "$peer_src"/package.json "$peer_src"/package-lock.json "$peer_src"/*.js "$peer/"
(cd "$peer" && npm ci --silent --no-audit --no-fund >/dev/null 2>&1)
rm -f "$out/peer-n5000.jsonl" "$out/peer-n20000.jsonl"
(cd "$peer" && TMPDIR=${TMPDIR:-/var/tmp} node series.js --runs "$runs" --out "$out/peer-n5000.jsonl" \
  -- --n 5000 --k 50 --m 100 --quiet >/dev/null 2>"$out/peer-n5000.log")
(cd "$peer" && TMPDIR=${TMPDIR:-/var/tmp} node series.js --runs "$runs" --out "$out/peer-n20000.jsonl" \
  -- --n 20000 --k 500 --m 10 --quiet >/dev/null 2>"$out/peer-n20000.log")
node "$root/scripts/sync_phases.js" peer "$out/sync-phases.json" "$out/peer-n5000.jsonl" "$out/peer-n20000.jsonl"
echo "bench-peer: PouchDB medians of $runs runs in $out/sync-phases.json (logs: $out/peer-n*.log)"
