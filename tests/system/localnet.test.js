// `ddn localnet start|stop`: the CLI creates a network in a directory, starts its nodes as
// daemons that outlive the CLI, waits until they answer (and, with several nodes, are connected to
// each other), and stops them again by the pids it recorded in DIR/localnet.json.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ddn, tempDir, waitFor, crashLines, DDND } from './lib/node.js';
import { get, height, waitHeight } from './lib/api.js';

// `start` may wait 60 s for the nodes and then take 15 s to stop them.
const START_TIMEOUT = 90000;

/** True while `pid` is a running ddnd (a zombie has an empty command line). */
function isLiveDdnd(pid) {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ddnd');
  } catch {
    return false;
  }
}

// Localnet directories of this file: whatever happens, their daemons do not outlive the tests.
const dirs = [];
function killLeftovers() {
  for (const dir of dirs) {
    const file = path.join(dir, 'localnet.json');
    if (!existsSync(file)) continue;
    for (const { pid } of JSON.parse(readFileSync(file, 'utf8')).nodes) {
      if (isLiveDdnd(pid)) process.kill(pid, 'SIGKILL');
    }
  }
}
process.on('exit', killLeftovers);
after(killLeftovers);

function localnetDir() {
  const dir = tempDir('ddn-localnet-');
  dirs.push(dir);
  return dir;
}

function startArgs(dir, nodes, extra = []) {
  return ['localnet', 'start', '--nodes', String(nodes), '--dir', dir, '--block-interval', '1', ...extra];
}

/** The api.js helpers take a node as {name, url}. */
const apiNode = (n, i) => ({ name: `node${i}`, url: n.api });

function assertStartOutput(r, dir, count) {
  assert.equal(r.code, 0, `ddn localnet start failed: ${r.stdout}${r.stderr}`);
  const out = r.json;
  assert.equal(out.nodes.length, count);
  const ports = new Set();
  out.nodes.forEach((n, i) => {
    assert.match(n.api, /^http:\/\/127\.0\.0\.1:\d+$/);
    ports.add(n.api);
    assert.ok(Number.isInteger(n.pid) && n.pid > 1, `pid ${n.pid}`);
    assert.equal(n.dataDir, path.join(dir, `node${i}`, 'data'));
    assert.ok(isLiveDdnd(n.pid), `node ${i} (pid ${n.pid}) is a running ddnd`);
  });
  assert.equal(ports.size, count, 'every node has its own port');
  assert.match(out.faucet.address, /^D[1-9A-HJ-NP-Za-km-z]+$/);
  assert.equal(typeof out.faucet.secret, 'string');
  return out;
}

async function assertStopped(dir, pids) {
  const r = await ddn(['localnet', 'stop', '--dir', dir], { timeout: 30000 });
  assert.equal(r.code, 0, `ddn localnet stop failed: ${r.stdout}${r.stderr}`);
  assert.deepEqual([...r.json.stopped].sort(), [...pids].sort(), r.stdout);
  assert.deepEqual(r.json.killed, [], 'every node exits on SIGTERM');
  for (const pid of pids) assert.ok(!isLiveDdnd(pid), `pid ${pid} is gone after stop`);
}

test('one node: start, forge, faucet, refuse a second start, stop, stop again', async () => {
  const dir = localnetDir();
  const r = await ddn(startArgs(dir, 1), { timeout: START_TIMEOUT });
  const out = assertStartOutput(r, dir, 1);
  const node = apiNode(out.nodes[0], 0);
  const { pid } = out.nodes[0];

  // The daemon answers on the recorded api and forges (1 s slots, all 101 delegates local).
  const h0 = await height(node);
  await waitHeight(node, h0 + 2, 10000);
  const status = await get(node, '/api/node/status');
  assert.equal(status.forgingDelegates, 101);
  assert.equal(status.nethash, JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')).nethash);

  // The faucet passphrase derives the faucet address; localnet.json records the same.
  const secretFile = path.join(dir, 'faucet.txt');
  writeFileSync(secretFile, out.faucet.secret);
  const derived = await ddn(['account', 'derive', '--secret-file', secretFile]);
  assert.equal(derived.code, 0, derived.stdout);
  assert.equal(derived.json.address, out.faucet.address);
  const record = JSON.parse(readFileSync(path.join(dir, 'localnet.json'), 'utf8'));
  assert.deepEqual(record.faucet, out.faucet);
  assert.equal(record.nodes[0].pid, pid);
  assert.equal(record.nodes[0].config, path.join(dir, 'node0', 'config.toml'));
  assert.equal(record.nodes[0].log, path.join(dir, 'node0', 'node.log'));
  for (const f of ['secrets.json', 'localnet.json', 'node0/config.toml']) {
    assert.equal(statSync(path.join(dir, f)).mode & 0o077, 0, `${f} is readable by its owner only`);
  }

  // A second start on a running localnet is refused and leaves the node alone.
  const again = await ddn(startArgs(dir, 1), { timeout: START_TIMEOUT });
  assert.notEqual(again.code, 0, again.stdout);
  assert.equal(again.json.error.code, 'INVALID_FIELD', again.stdout);
  assert.match(again.json.error.message, new RegExp(`running.*${pid}`));
  assert.ok(isLiveDdnd(pid));
  assert.equal(JSON.parse(readFileSync(path.join(dir, 'localnet.json'), 'utf8')).nodes[0].pid, pid);
  await height(node);

  await assertStopped(dir, [pid]);
  await assert.rejects(height(node), 'the API is closed after stop');
  const log = readFileSync(record.nodes[0].log, 'utf8');
  assert.match(log, /\bstopped\b/, 'the node stopped cleanly on SIGTERM');
  assert.deepEqual(crashLines(log), []);

  // Stopping again is harmless.
  const second = await ddn(['localnet', 'stop', '--dir', dir]);
  assert.equal(second.code, 0, second.stdout);
  assert.deepEqual(second.json, { stopped: [], killed: [] });
});

test('refusals: bad --nodes, stop without localnet.json', async () => {
  const dir = localnetDir();
  for (const n of ['0', '21']) {
    const r = await ddn(['localnet', 'start', '--nodes', n, '--dir', dir]);
    assert.notEqual(r.code, 0, r.stdout);
    assert.equal(r.json.error.code, 'INVALID_FIELD', r.stdout);
  }
  const r = await ddn(['localnet', 'stop', '--dir', dir]);
  assert.notEqual(r.code, 0, r.stdout);
  assert.equal(r.json.error.code, 'NOT_FOUND', r.stdout);
});

test('a node that exits during start: the error names it and quotes its log; the others are stopped', async () => {
  const dir = localnetDir();
  // $DDND: node1 fails at once, node0 runs the real ddnd.
  const fake = path.join(dir, 'fake-ddnd');
  writeFileSync(fake, [
    '#!/bin/sh',
    'case "$2" in',
    '  */node1/*) echo "fake ddnd: failing on purpose" >&2; exit 1 ;;',
    'esac',
    `exec '${DDND}' "$@"`,
    '',
  ].join('\n'));
  chmodSync(fake, 0o755);
  const r = await ddn(startArgs(dir, 2), { timeout: START_TIMEOUT, env: { DDND: fake } });
  assert.notEqual(r.code, 0, r.stdout);
  assert.equal(r.json.error.code, 'UNAVAILABLE', r.stdout);
  assert.match(r.json.error.message, /^node 1 \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) exited during start/);
  assert.match(r.json.error.message, /fake ddnd: failing on purpose/);

  const record = JSON.parse(readFileSync(path.join(dir, 'localnet.json'), 'utf8'));
  assert.equal(record.nodes.length, 2);
  for (const { pid } of record.nodes) assert.ok(!isLiveDdnd(pid), `pid ${pid} was stopped`);
  // node0 may get SIGTERM before it even starts (node1 fails at once); if it did start, it must
  // have stopped cleanly.
  const log0 = readFileSync(record.nodes[0].log, 'utf8');
  if (/API on/.test(log0)) assert.match(log0, /\bstopped\b/, 'node0 was stopped by SIGTERM');

  const stop = await ddn(['localnet', 'stop', '--dir', dir]);
  assert.equal(stop.code, 0, stop.stdout);
  assert.deepEqual(stop.json, { stopped: [], killed: [] });
});

test('three nodes: disjoint forging delegates, connected to each other, one chain', async () => {
    const dir = localnetDir();
    const r = await ddn(startArgs(dir, 3), { timeout: START_TIMEOUT });
    const out = assertStartOutput(r, dir, 3);
    const nodes = out.nodes.map(apiNode);

    // Every delegate forges on exactly one node; the shares differ by at most one.
    const secrets = JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8'));
    const counts = [0, 0, 0];
    for (const d of secrets.delegates) {
      const enabled = [];
      for (const [i, node] of nodes.entries()) {
        const s = await get(node, `/api/delegates/forging/status?publicKey=${d.publicKey}`);
        if (s.enabled) enabled.push(i);
      }
      assert.equal(enabled.length, 1, `delegate ${d.address} forges on nodes [${enabled}]`);
      counts[enabled[0]] += 1;
    }
    assert.equal(counts.reduce((a, b) => a + b), 101);
    assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, `shares ${counts}`);
    for (const [i, node] of nodes.entries()) {
      assert.equal((await get(node, '/api/node/status')).forgingDelegates, counts[i]);
    }

    // Each node lists the two others as connected peers.
    for (const node of nodes) {
      const peers = (await get(node, '/api/peers')).peers.filter((p) => p.state === 'connected');
      assert.ok(peers.length >= 2, `${node.name}: ${JSON.stringify(peers)}`);
    }

    // They build one chain: a few blocks on, all three hold the same block at the same height.
    const target = Math.max(...await Promise.all(nodes.map(height))) + 3;
    await waitFor(async () => {
      const ids = await Promise.all(nodes.map(async (n) =>
        (await get(n, `/api/blocks/get?height=${target}`)).block.id));
      return ids.every((id) => id === ids[0]);
    }, { timeout: 30000, interval: 200, what: `the three nodes to agree on block ${target}` });

    await assertStopped(dir, out.nodes.map((n) => n.pid));
    for (const n of JSON.parse(readFileSync(path.join(dir, 'localnet.json'), 'utf8')).nodes) {
      assert.deepEqual(crashLines(readFileSync(n.log, 'utf8')), [], n.log);
    }
  });
