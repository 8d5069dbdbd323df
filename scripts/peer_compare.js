#!/usr/bin/env node
'use strict';
// Prints Doorstep's bench_office figures beside the PouchDB peer's medians
// from the same run, as ratios (>1: Doorstep is faster).
//   usage: node scripts/peer_compare.js OUR_JSON PEER_SUMMARY_JSONL
const fs = require('node:fs');
const ours = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = fs.readFileSync(process.argv[3], 'utf8').trim().split('\n');
const peer = JSON.parse(lines[lines.length - 1]).summary.median;
const rows = [
  ['push 5,000 notes, one device', 5000 / ours.push_5000_s, peer.push.docs_per_s],
  ['pull 5,000 notes, fresh device', 5000 / ours.pull_5000_s, peer.pull.docs_per_s],
  ['50 devices x 100 notes at once', ours.concurrent_notes_per_s, peer.concurrent_push.docs_per_s],
  ['  ... with 500 idle connections (ours only)', ours.concurrent_idle500_notes_per_s, null],
];
console.log('Doorstep vs the PouchDB peer (same machine, same run; medians; notes/s)');
console.log('scenario'.padEnd(46) + 'Doorstep'.padStart(10) + 'PouchDB'.padStart(10) + 'ratio'.padStart(8));
for (const [name, a, b] of rows) {
  const ratio = b ? (a / b).toFixed(2) + 'x' : '-';
  console.log(name.padEnd(46) + Math.round(a).toString().padStart(10) + (b ? String(b) : '-').padStart(10) + ratio.padStart(8));
}
console.log('server peak RSS MiB'.padEnd(46) + String(ours.concurrent_server_hwm_mib.toFixed(1)).padStart(10) +
  String((peer.server.vm_hwm_kb / 1024).toFixed(1)).padStart(10));
