#!/usr/bin/env node
'use strict';
// out/bench/sync-phases.json: {"sqlcipher": {PHASE: {"docs_per_s": N, "ms": N}},
// "postgres": {...}, "pouchdb": {...}} (bench_office writes the first two).
//   node scripts/sync_phases.js peer SYNC_PHASES_JSON N5000_JSONL N20000_JSONL
//     puts the PouchDB peer's medians (series.js summaries) in as "pouchdb":
//     the n=5000 series (k=50, m=100) gives push_5000, pull_5000, the
//     incremental phases, noop (its noop_push) and concurrent_50x100; the
//     n=20000 series (k=500, m=10) gives push_20000, pull_20000 and
//     concurrent_500x10.
//   node scripts/sync_phases.js table SYNC_PHASES_JSON [OUT_DIR]
//     prints Doorstep SQLCipher / PostgreSQL / the peer side by side, with
//     ratios (>1: Doorstep is faster), and the server CPU and peak RSS from
//     the detail files in OUT_DIR when they are there.
const fs = require('node:fs');
const path = require('node:path');

const PHASES = ['push_5000', 'pull_5000', 'push_20000', 'pull_20000', 'incremental_push_100',
  'incremental_pull_100', 'noop', 'concurrent_50x100', 'concurrent_500x10'];

function readJson(file, fallback) {
  try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch (_) { return fallback; }
}
function summaryOf(jsonl) {
  const lines = fs.readFileSync(jsonl, 'utf8').trim().split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const o = JSON.parse(lines[i]);
    if (o.summary) return o.summary;
  }
  throw new Error(`${jsonl}: no summary line (did series.js finish?)`);
}
const fig = (m) => ({ docs_per_s: Math.round(m.docs_per_s || 0), ms: m.ms });

function peer(file, n5000, n20000) {
  const a = summaryOf(n5000), b = summaryOf(n20000);
  if (a.params.n !== 5000 || a.params.k !== 50 || a.params.m !== 100) throw new Error(`${n5000}: not n=5000 k=50 m=100`);
  if (b.params.n !== 20000 || b.params.k !== 500 || b.params.m !== 10) throw new Error(`${n20000}: not n=20000 k=500 m=10`);
  const all = readJson(file, {});
  all.pouchdb = {
    push_5000: fig(a.median.push),
    pull_5000: fig(a.median.pull),
    push_20000: fig(b.median.push),
    pull_20000: fig(b.median.pull),
    incremental_push_100: fig(a.median.incremental_push),
    incremental_pull_100: fig(a.median.incremental_pull),
    noop: fig(a.median.noop_push),
    concurrent_50x100: fig(a.median.concurrent_push),
    concurrent_500x10: fig(b.median.concurrent_push),
  };
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  const detail = {
    runs: a.runs,
    n5000: { server_cpu_ms: a.median.server.total_cpu_ms, server_vm_hwm_kb: a.median.server.vm_hwm_kb, median: a.median },
    n20000: { server_cpu_ms: b.median.server.total_cpu_ms, server_vm_hwm_kb: b.median.server.vm_hwm_kb, median: b.median },
    versions: a.versions, node: a.node,
  };
  fs.writeFileSync(path.join(path.dirname(file), 'peer-pouchdb.json'), JSON.stringify(detail, null, 2) + '\n');
}

function table(file, outDir) {
  const all = readJson(file, {});
  const cols = ['sqlcipher', 'postgres', 'pouchdb'];
  const cell = (x, ph) => {
    if (!x) return '-';
    return ph === 'noop' || !x.docs_per_s ? `${x.ms} ms` : `${x.docs_per_s}/s ${Math.round(x.ms)}ms`;
  };
  // >1: Doorstep is faster (docs/s ratio; for the no-op, the peer's time over ours)
  const ratio = (ours, theirs, ph) => {
    if (!ours || !theirs) return '-';
    const r = ph === 'noop' || !ours.docs_per_s ? theirs.ms / ours.ms : ours.docs_per_s / theirs.docs_per_s;
    return r.toFixed(2) + 'x';
  };
  console.log('Sync phases, Doorstep vs the PouchDB peer (same machine, same run; medians; docs/s and ms)');
  console.log('phase'.padEnd(22) + cols.map((c) => c.padStart(20)).join('') + 'SQLC/peer'.padStart(11) + 'PG/peer'.padStart(9));
  for (const ph of PHASES) {
    const [s, p, q] = cols.map((c) => (all[c] || {})[ph]);
    console.log(ph.padEnd(22) + [s, p, q].map((x) => cell(x, ph).padStart(20)).join('') +
      ratio(s, q, ph).padStart(11) + ratio(p, q, ph).padStart(9));
  }
  if (!outDir) return;
  const sq = readJson(path.join(outDir, 'bench_office.json'), null);
  const pg = readJson(path.join(outDir, 'bench_office_postgres.json'), null);
  const pe = readJson(path.join(outDir, 'peer-pouchdb.json'), null);
  const c = (d, ph, f) => (d && d.phases[ph] ? Math.round(d.phases[ph][f]) : '-');
  console.log('server CPU ms / peak RSS MiB in the concurrent phases (PostgreSQL: its own CPU after +)');
  for (const ph of ['concurrent_50x100', 'concurrent_500x10']) {
    console.log(`  ${ph}: SQLCipher ${c(sq, ph, 'server_cpu_ms')} ms / ${c(sq, ph, 'server_hwm_mib')} MiB;` +
      ` PostgreSQL ${c(pg, ph, 'server_cpu_ms')} + ${c(pg, ph, 'database_cpu_ms')} ms / ${c(pg, ph, 'server_hwm_mib')} MiB`);
  }
  if (pe) {
    console.log(`  peer server, whole n=5000 run: ${pe.n5000.server_cpu_ms} ms CPU, peak ${(pe.n5000.server_vm_hwm_kb / 1024).toFixed(0)} MiB;` +
      ` whole n=20000 k=500 run: ${pe.n20000.server_cpu_ms} ms, ${(pe.n20000.server_vm_hwm_kb / 1024).toFixed(0)} MiB`);
  }
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'peer' && args.length === 3) peer(...args);
else if (cmd === 'table' && args.length >= 1) table(args[0], args[1]);
else {
  console.error('usage: sync_phases.js peer SYNC_PHASES_JSON N5000_JSONL N20000_JSONL | table SYNC_PHASES_JSON [OUT_DIR]');
  process.exit(2);
}
