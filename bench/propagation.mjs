// Block propagation across a local network: starts `ddn localnet` with N nodes, listens to every
// node's WebSocket events (/api/events) and reports, per block, the delay between the first node
// that applied it (its forger) and the last one. Not part of the test suite.
//
//   node bench/propagation.mjs [--nodes 4] [--seconds 30] [--block-interval 1]
// Needs build/bin/{ddn,ddnd} (or DDN_BIN_DIR) and tests/system's node_modules (ws).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/system/package.json'));
const WebSocket = require('ws');
const bin = process.env.DDN_BIN_DIR ?? path.join(here, '../build/bin');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const nodes = arg('nodes', 4);
const seconds = arg('seconds', 30);
const interval = arg('block-interval', 1);

const dir = mkdtempSync(path.join(os.tmpdir(), 'ddn-propagation-'));
const ddn = (...args) => JSON.parse(execFileSync(path.join(bin, 'ddn'), args, { encoding: 'utf8' }));
const net = ddn('localnet', 'start', '--nodes', String(nodes), '--dir', dir, '--block-interval', String(interval));
const seen = new Map(); // block id -> [arrival ms per node]
const sockets = net.nodes.map((n, i) => {
  const ws = new WebSocket(n.api.replace('http', 'ws') + '/api/events');
  ws.on('message', (text) => {
    const event = JSON.parse(text);
    if (event.event !== 'block') return;
    const times = seen.get(event.data.id) ?? [];
    times[i] = performance.now();
    seen.set(event.data.id, times);
  });
  return ws;
});
await new Promise((r) => setTimeout(r, seconds * 1000));
for (const ws of sockets) ws.close();
ddn('localnet', 'stop', '--dir', dir);
rmSync(dir, { recursive: true, force: true });

const delays = [];
for (const times of seen.values()) {
  const arrived = times.filter((t) => t !== undefined);
  if (arrived.length === nodes) delays.push(Math.max(...arrived) - Math.min(...arrived));
}
delays.sort((a, b) => a - b);
const pick = (q) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))];
console.log(`| nodes | blocks seen by all | median ms | p95 ms | max ms | slot ms |`);
console.log(`|---|---|---|---|---|---|`);
console.log(`| ${nodes} | ${delays.length} | ${pick(0.5)?.toFixed(1)} | ${pick(0.95)?.toFixed(1)} | ` +
  `${delays.at(-1)?.toFixed(1)} | ${interval * 1000} |`);
