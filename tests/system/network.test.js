// The peer network (docs/p2p.md) with real ddnd processes on 127.0.0.1, 1 s slots, 101 delegates:
// one chain across 4 nodes with finality; a node killed with -9 catches up; a fresh node syncs a
// long chain made by ddn-make-chain (blocks/s and tx/s printed); a partition {A,B} | {C,D} made by
// HTTP proxies heals onto one chain with every transaction exactly once; a hostile peer is refused
// and banned while the honest nodes go on. About 4–5 minutes, most of it test 1's wait for finality
// (68 blocks) and test 4's partition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DdnNode, ddn, tempDir, waitFor } from './lib/node.js';
import {
  request, get, height, submit, waitConfirmed, nativeTransfer, freshAccount,
} from './lib/api.js';
import {
  Localnet, PeerProxy, FINALITY_DELEGATES, status, heights, blockIdAt, waitSameChain, peers,
  connectedPeers, peerHeaders, rawRequest, nativeEntry, blockSignatureOffset, unexplainedErrors,
  networkSection, writeNodeConfig, makeChain,
} from './lib/net.js';
import { encodeTransaction } from '../../sdk/js/src/index.js';

const maxOf = (xs) => Math.max(...xs);

/** Fails unless the node's finality keeps the distance the rule implies (docs/p2p.md). */
function assertFinalityLag(node, s) {
  if (s.irreversibleHeight > 1 && s.irreversibleHeight > s.height - FINALITY_DELEGATES) {
    throw Object.assign(new Error(`${node.name}: irreversibleHeight ${s.irreversibleHeight} at height ` +
      `${s.height}: fewer than ${FINALITY_DELEGATES} blocks (distinct delegates) built on it`), { final: true });
  }
}

/** Waits until every node reports exactly `count` connected peers, among them all of `expect`. */
async function waitConnected(nodes, expect, count, timeout = 40000) {
  return waitFor(async () => {
    for (const [i, n] of nodes.entries()) {
      const s = await status(n);
      const connected = await connectedPeers(n);
      const missing = expect[i].filter((a) => !connected.includes(a));
      if (s.peers !== count || connected.length !== count || missing.length) {
        throw new Error(`${n.name}: status.peers ${s.peers}, connected [${connected}], missing [${missing}]`);
      }
    }
    return true;
  }, { timeout, interval: 250, what: `every node to be connected to its ${count} peers` });
}

/** Waits until the transaction is in the chain of every node, in the same block, and returns it. */
async function waitConfirmedEverywhere(nodes, id, timeout = 30000) {
  return waitFor(async () => {
    const answers = await Promise.all(nodes.map((n) => request(n, `/api/transactions/get?id=${id}`)));
    const txs = answers.map((a, i) => {
      if (a.body?.success !== true) throw new Error(`${nodes[i].name}: ${a.text.slice(0, 120)}`);
      return a.body.transaction;
    });
    const blocks = new Set(txs.map((t) => t.block_id));
    if (blocks.size !== 1) throw new Error(`in blocks ${[...blocks].join(', ')}`);
    const h = Number(txs[0].block_height);
    const ids = await Promise.all(nodes.map((n) => blockIdAt(n, h)));
    if (ids.some((b) => b !== txs[0].block_id)) throw new Error(`block ids at ${h}: ${ids.join(', ')}`);
    return txs[0];
  }, { timeout, interval: 200, what: `transaction ${id.slice(0, 12)} to be confirmed in one block on every node` });
}

async function balanceOf(node, address) {
  return BigInt((await get(node, `/api/accounts/getBalance?address=${address}`)).balance);
}

function assertCleanLogs(entries) {
  for (const { name, log, provoked = [] } of entries) {
    const bad = unexplainedErrors(log, provoked);
    assert.deepEqual(bad, [], `${name}: unexplained error lines in the log:\n${bad.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------------------------

test('one chain across 4 nodes: same blocks, finality, a transfer confirmed everywhere', { timeout: 200000 }, async () => {
  const net = await Localnet.start({ nodes: 4, label: 'four' });
  try {
    const nodes = net.nodes;
    const nethash = (await status(nodes[0])).nethash;
    for (const n of nodes) assert.equal((await status(n)).nethash, nethash, `${n.name} is on another network`);

    // Discovery: whatever seeds localnet wrote, each node ends up connected to the three others.
    await waitConnected(nodes, nodes.map((n) => nodes.filter((o) => o !== n).map((o) => `127.0.0.1:${o.port}`)), 3);

    const agreed = await waitSameChain(nodes, { minHeight: maxOf(await heights(nodes)) + 5 });
    console.log(`network: 4 nodes agree at height ${agreed.height} (${agreed.id.slice(0, 12)})`);

    // A transfer submitted to the second node is gossiped and confirmed in one block on all four.
    const to = freshAccount('four');
    const tx = nativeTransfer({ secret: net.faucet.secret, to: to.address, amount: 123456789, nethash });
    const r = await submit(nodes[1], tx);
    assert.equal(r.success, true, JSON.stringify(r));
    assert.equal(r.transactionId, tx.id);
    const confirmed = await waitConfirmedEverywhere(nodes, tx.id);
    for (const n of nodes) assert.equal(await balanceOf(n, to.address), 123456789n, `${n.name}: recipient balance`);
    console.log(`network: transfer confirmed in block ${confirmed.block_height} on all 4 nodes`);

    // Finality: each node reports an irreversible block above the genesis block, never closer than
    // 68 blocks to its tip, and the block at the lowest reported height is the same everywhere.
    const finals = await waitFor(async () => {
      const ss = await Promise.all(nodes.map(status));
      ss.forEach((s, i) => assertFinalityLag(nodes[i], s));
      if (ss.some((s) => !(s.irreversibleHeight > 1))) {
        throw new Error(`irreversible heights ${ss.map((s) => s.irreversibleHeight)} at ${ss.map((s) => s.height)}`);
      }
      return ss;
    }, { timeout: 150000, interval: 1000, what: 'every node to report an irreversible block above the genesis block' });
    for (const [i, s] of finals.entries()) {
      assert.equal(await blockIdAt(nodes[i], s.irreversibleHeight), s.irreversibleId,
        `${nodes[i].name}: irreversibleId is not its block at irreversibleHeight`);
    }
    const lowest = Math.min(...finals.map((s) => s.irreversibleHeight));
    const ids = await Promise.all(nodes.map((n) => blockIdAt(n, lowest)));
    assert.equal(new Set(ids).size, 1, `block ids at irreversible height ${lowest}: ${ids.join(', ')}`);
    console.log(`network: irreversible heights ${finals.map((s) => s.irreversibleHeight).join(', ')} ` +
      `at heights ${finals.map((s) => s.height).join(', ')}`);

    const stopped = await net.stop();
    assert.equal(stopped.code, 0, `ddn localnet stop: ${stopped.stdout}${stopped.stderr}`);
    assertCleanLogs(nodes.map((n) => ({ name: n.name, log: n.log() })));
  } finally {
    net.forceKill();
  }
});

test('kill -9 one of 3 nodes: the others go on, it restarts on its data and catches up', { timeout: 150000 }, async () => {
  const net = await Localnet.start({ nodes: 3, label: 'kill' });
  let restarted;
  try {
    const [a, b, victim] = net.nodes;
    await waitSameChain(net.nodes, { minHeight: maxOf(await heights(net.nodes)) + 3 });
    const victimHeight = await height(victim);

    await victim.kill9();
    const atKill = maxOf(await heights([a, b]));
    // Without the victim's delegates the others miss a third of the slots but keep one chain.
    await waitSameChain([a, b], { minHeight: atKill + 10, timeout: 45000 });

    const atRestart = maxOf(await heights([a, b]));
    restarted = new DdnNode({
      name: `${victim.name}-restarted`, root: net.dir, config: victim.configFile, logFile: victim.logFile,
      port: victim.port,
    });
    await restarted.start();
    const reopened = await height(restarted);
    assert.ok(reopened >= victimHeight, `${restarted.name} reopened at ${reopened}, below ${victimHeight} before the kill`);
    const t0 = performance.now();
    const caught = await waitSameChain([a, b, restarted], { minHeight: atRestart, timeout: 60000 });
    console.log(`network: ${restarted.name} reopened at ${reopened}, caught up with ${atRestart} in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s; all agree at ${caught.height}`);
    // …and follows the network from there.
    await waitSameChain([a, b, restarted], { minHeight: caught.height + 3 });

    assert.deepEqual(await restarted.stop(), { code: 0, signal: null });
    await net.stop();
    const victimAddress = new RegExp(`127\\.0\\.0\\.1:${victim.port}\\b`);
    assertCleanLogs([
      { name: a.name, log: a.log(), provoked: [victimAddress] },
      { name: b.name, log: b.log(), provoked: [victimAddress] },
      { name: victim.name, log: victim.log() },
    ]);
  } finally {
    restarted?.forceKill();
    net.forceKill();
  }
});

/**
 * Node A runs the chain made by ddn-make-chain; node B, same network, empty data dir, no forging
 * keys, A as its only seed, must reach A's height at B's start. Prints blocks/s and tx/s.
 */
async function syncFreshNode({ blocks, txsPerBlock, timeout }) {
  const dir = tempDir('ddn-sync-');
  const made = await makeChain(['--dir', dir, '--blocks', String(blocks), '--txs-per-block',
    String(txsPerBlock), '--block-interval', '1']);
  assert.equal(made.height, blocks + 1);
  assert.equal(made.transactions, blocks * txsPerBlock);
  const secrets = JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8'));

  const a = new DdnNode({ name: `sync-a-${blocks}`, root: dir, config: path.join(dir, 'config.toml') });
  const b = new DdnNode({ name: `sync-b-${blocks}`, root: dir, config: path.join(dir, 'node-b.toml') });
  try {
    await a.start({ timeout: 60000 });
    const sa = await status(a);
    assert.equal(sa.nethash, made.nethash);
    assert.ok(sa.height >= made.height, `A opened at ${sa.height}, the made chain has ${made.height}`);

    writeNodeConfig(path.join(dir, 'node-b.toml'), {
      network: networkSection(path.join(dir, 'config.toml')), dataDir: 'data-b', peers: [`127.0.0.1:${a.port}`],
    });
    const target = await height(a);
    const t0 = performance.now();
    await b.start();
    const opened = /chain \S+ at height (\d+)/.exec(b.log());
    assert.equal(opened?.[1], '1', `${b.name} opens an empty chain (log: ${opened?.[0]})`);
    let sawSyncing = false;
    await waitFor(async () => {
      const s = await status(b);
      sawSyncing ||= s.syncing === true;
      return s.height >= target;
    }, { timeout, interval: 100, what: `${b.name} to reach A's height ${target}` });
    const seconds = (performance.now() - t0) / 1000;
    const report = {
      blocks: target - 1, transactions: made.transactions, seconds: Number(seconds.toFixed(2)),
      blocksPerSecond: Math.round((target - 1) / seconds), txPerSecond: Math.round(made.transactions / seconds),
      startupMs: Math.round(b.startupMs), sawSyncing,
    };
    console.log(`network sync: ${JSON.stringify(report)}`);

    // The same chain (ids at 2, half-way, the common tip), the same state, and B forges nothing.
    await waitSameChain([a, b], { minHeight: target });
    for (const h of [2, Math.floor(target / 2), target]) {
      assert.equal(await blockIdAt(b, h), await blockIdAt(a, h), `block ids at height ${h}`);
    }
    assert.equal(await balanceOf(b, secrets.faucet.address), await balanceOf(a, secrets.faucet.address),
      'faucet balance on B and A');
    const sb = await waitFor(async () => {
      const s = await status(b);
      return s.syncing === false ? s : false;
    }, { timeout: 10000, what: `${b.name} to report syncing: false once caught up` });
    assert.equal(sb.forgingDelegates, 0);
    assert.equal(sb.blocksForged, 0);
    assert.ok(sb.peers >= 1, `${b.name} reports ${sb.peers} peers`);

    assert.deepEqual(await b.stop(), { code: 0, signal: null });
    assert.deepEqual(await a.stop(), { code: 0, signal: null });
    assertCleanLogs([{ name: a.name, log: a.log() }, { name: b.name, log: b.log() }]);
  } finally {
    b.forceKill();
    a.forceKill();
  }
}

test('a fresh node syncs 10,000 empty blocks from one peer', { timeout: 240000 }, async () => {
  await syncFreshNode({ blocks: 10000, txsPerBlock: 0, timeout: 120000 });
});

test('a fresh node syncs 1,000 blocks of 100 transfers from one peer', { timeout: 240000 }, async () => {
  await syncFreshNode({ blocks: 1000, txsPerBlock: 100, timeout: 120000 });
});

test('partition {A,B} | {C,D} heals onto one chain with every transaction exactly once', { timeout: 240000 }, async () => {
  const dir = tempDir('ddn-partition-');
  const gen = await ddn(['genesis', '--delegates', '101', '--out', dir, '--block-interval', '1']);
  assert.equal(gen.code, 0, gen.stdout + gen.stderr);
  const secrets = JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8'));
  const network = networkSection(path.join(dir, 'config.toml'));
  const delegateSecrets = secrets.delegates.map((d) => d.secret);
  assert.equal(delegateSecrets.length, 101);

  // 60 delegates on the majority side, 41 on the minority side: neither reaches the 68 needed to
  // finalise a block, so no block forged during the partition may become irreversible.
  const names = ['A', 'B', 'C', 'D'];
  const side = { A: 0, B: 0, C: 1, D: 1 };
  const shares = { A: [0, 30], B: [30, 60], C: [60, 81], D: [81, 101] };
  const proxies = names.map((n) => new PeerProxy(`proxy-${n}`));
  const nodes = [];
  let partitioned = false;
  try {
    await Promise.all(proxies.map((p) => p.listen()));
    const sideOfPort = new Map(proxies.map((p, i) => [p.port, side[names[i]]]));
    proxies.forEach((p, i) => {
      p.refuse = (callerPort) =>
        partitioned && sideOfPort.has(callerPort) && sideOfPort.get(callerPort) !== side[names[i]];
    });
    for (const [i, n] of names.entries()) {
      const file = path.join(dir, `node-${n}.toml`);
      writeNodeConfig(file, {
        network, dataDir: `data-${n}`, secrets: delegateSecrets.slice(...shares[n]), publicPort: proxies[i].port,
        peers: proxies.filter((_, j) => j !== i).map((p) => `127.0.0.1:${p.port}`),
      });
      nodes.push(new DdnNode({ name: `part-${n}`, root: dir, config: file }));
    }
    await Promise.all(nodes.map(async (node, i) => {
      await node.start();
      proxies[i].target = node.port;
    }));
    const [A, B, C, D] = nodes;
    const majority = [A, B];
    const minority = [C, D];

    // Every node knows the others only by their proxies' addresses.
    await waitConnected(nodes, nodes.map((_, i) => proxies.filter((_, j) => j !== i).map((p) => `127.0.0.1:${p.port}`)), 3);
    await waitSameChain(nodes, { minHeight: maxOf(await heights(nodes)) + 3 });
    const faucetBefore = await balanceOf(A, secrets.faucet.address);

    // --- partition ---
    partitioned = true;
    const tPartition = Date.now();
    const pHeight = maxOf(await heights(nodes));
    const refusedBefore = proxies.map((p) => p.refused);
    console.log(`network partition: cut at height ${pHeight}`);

    // Transactions on both sides, one of them sent to both.
    const sent = [];
    const send = async (targets, label) => {
      const to = freshAccount(label);
      const amount = 100000000 + sent.length * 1000 + 7;
      const tx = nativeTransfer({ secret: secrets.faucet.secret, to: to.address, amount, nethash: secrets.nethash });
      for (const t of targets) {
        const r = await submit(t, tx);
        assert.equal(r.success, true, `${t.name}: ${JSON.stringify(r)}`);
      }
      sent.push({ tx, to, amount: BigInt(amount), label });
      return tx;
    };
    const onA = [await send([A], 'a1'), await send([A], 'a2')];
    const onC = [await send([C], 'c1'), await send([C], 'c2')];
    const onBoth = await send([A, C], 'both');
    for (const tx of [...onA, onBoth]) await waitConfirmed(A, tx.id, 30000);
    for (const tx of [...onC, onBoth]) await waitConfirmed(C, tx.id, 30000);
    const bothOnA = (await get(A, `/api/transactions/get?id=${onBoth.id}`)).transaction.block_id;
    const bothOnC = (await get(C, `/api/transactions/get?id=${onBoth.id}`)).transaction.block_id;
    assert.notEqual(bothOnA, bothOnC, 'the transaction sent to both sides is in a different block on each');

    // Both sides forge their own slots for ~20 s, each side on one chain, until the majority is
    // clearly ahead (so fork choice has one answer); no node finalises past the cut.
    const split = await waitFor(async () => {
      const ss = await Promise.all(nodes.map(status));
      ss.forEach((s, i) => {
        if (s.irreversibleHeight > pHeight) {
          throw Object.assign(new Error(`${nodes[i].name}: irreversibleHeight ${s.irreversibleHeight} passed ` +
            `the partition point ${pHeight} with ${i < 2 ? 60 : 41} of 101 delegates`), { final: true });
        }
        assertFinalityLag(nodes[i], s);
      });
      const [hA, hB, hC, hD] = ss.map((s) => s.height);
      if (Date.now() - tPartition < 20000) throw new Error(`partition ${Date.now() - tPartition} ms old`);
      if (Math.min(hC, hD) < pHeight + 3) throw new Error(`minority at ${hC}, ${hD} (cut at ${pHeight})`);
      if (Math.min(hA, hB) < Math.max(hC, hD) + 3) throw new Error(`majority ${hA}, ${hB} vs minority ${hC}, ${hD}`);
      const majorityHead = await waitSameChain(majority, { minHeight: pHeight + 1, timeout: 1 });
      const minorityHead = await waitSameChain(minority, { minHeight: pHeight + 1, timeout: 1 });
      return { majorityHead, minorityHead, minorityIrreversible: ss.slice(2).map((s) => s.irreversibleId) };
    }, { timeout: 90000, interval: 500, what: 'both sides to forge apart for 20 s, the majority ahead by 3' });
    assert.ok(proxies.every((p, i) => p.refused > refusedBefore[i]), 'every proxy refused cross-partition calls');
    const forkIds = [];
    for (let h = pHeight + 1; h <= split.minorityHead.height; h++) {
      const [onMajority, onMinority] = await Promise.all([blockIdAt(A, h), blockIdAt(C, h)]);
      if (onMinority !== onMajority) forkIds.push({ h, id: onMinority });
    }
    assert.ok(forkIds.length >= 3, `the minority forged its own fork (${forkIds.length} blocks differ)`);
    console.log(`network partition: majority at ${split.majorityHead.height}, minority at ` +
      `${split.minorityHead.height} after ${((Date.now() - tPartition) / 1000).toFixed(0)} s`);

    // --- heal ---
    partitioned = false;
    const tHeal = performance.now();
    const atHeal = maxOf(await heights(nodes));
    const healed = await waitSameChain(nodes, { minHeight: atHeal + 1, timeout: 90000 });
    console.log(`network partition: healed in ${((performance.now() - tHeal) / 1000).toFixed(1)} s, ` +
      `all at ${healed.height}`);

    // The minority's fork is gone from every node.
    for (const n of nodes) {
      for (const { h, id } of forkIds) {
        const r = await request(n, `/api/blocks/get?id=${id}`);
        assert.notEqual(r.body?.success, true, `${n.name} still has minority block ${id} (height ${h})`);
        assert.notEqual(await blockIdAt(n, h), id, `${n.name}: minority block at height ${h}`);
      }
    }
    // What the minority had finalised is still in the chain.
    for (const [i, id] of split.minorityIrreversible.entries()) {
      const r = await request(A, `/api/blocks/get?id=${id}`);
      assert.equal(r.body?.success, true, `${minority[i].name}'s irreversible block ${id} is not in the final chain`);
    }
    // Every transaction sent is confirmed exactly once, in the same block everywhere: no recipient
    // got more than its one amount, and the faucet paid each amount and fee once.
    for (const { tx } of sent) await waitConfirmedEverywhere(nodes, tx.id, 45000);
    const fee = 10000000n;
    const paid = sent.reduce((sum, s) => sum + s.amount + fee, 0n);
    for (const n of nodes) {
      for (const { to, amount, label } of sent) {
        assert.equal(await balanceOf(n, to.address), amount, `${n.name}: balance of recipient ${label}`);
      }
      assert.equal(await balanceOf(n, secrets.faucet.address), faucetBefore - paid, `${n.name}: faucet balance`);
    }
    for (const n of nodes) {
      const s = await status(n);
      assertFinalityLag(n, s);
      assert.equal(await blockIdAt(A, s.irreversibleHeight), s.irreversibleId,
        `${n.name}'s irreversible block is not in the final chain`);
    }

    for (const n of nodes) assert.deepEqual(await n.stop(), { code: 0, signal: null });
    const proxyAddress = new RegExp(`127\\.0\\.0\\.1:(${proxies.map((p) => p.port).join('|')})\\b`);
    assertCleanLogs(nodes.map((n) => ({ name: n.name, log: n.log(), provoked: [proxyAddress] })));
  } finally {
    for (const n of nodes) n.forceKill();
    await Promise.all(proxies.map((p) => p.close()));
  }
});

test('hostile peer: bad signatures, garbage, oversized bodies and a wrong network are refused and banned', { timeout: 120000 }, async () => {
  const net = await Localnet.start({ nodes: 3, label: 'hostile' });
  try {
    const nodes = net.nodes;
    const [n0, n1, n2] = nodes;
    const start = await waitSameChain(nodes, { minHeight: maxOf(await heights(nodes)) + 2 });
    const { nethash, version } = await status(n0);
    const as = (port, extra = {}) => ({ ...peerHeaders({ nethash, version, port }), ...extra });
    const genesisId = await blockIdAt(n0, 1);

    // An honest request: the responder answers and identifies itself (docs/p2p.md §1, §3).
    const ps = await rawRequest(n2, '/peer/status', { headers: as(40000) });
    assert.equal(ps.status, 200, ps.text);
    assert.equal(ps.body.success, true);
    assert.equal(ps.body.genesisId, genesisId);
    assert.equal(ps.headers.nethash, nethash);
    assert.equal(Number(ps.headers.port), n2.port);
    assert.ok(ps.headers.version && ps.headers.os, `response headers: ${JSON.stringify(ps.headers)}`);

    const expectBanned = async (node, port, code) => {
      const r = await rawRequest(node, '/peer/status', { headers: as(port) });
      assert.equal(r.status, 403, `${node.name}, identity ${port} after ${code}: ${r.status} ${r.text}`);
      assert.equal(r.body?.code, 'BANNED', r.text);
    };
    const expectRefused = (r, status, code, what) => {
      assert.equal(r.status, status, `${what}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
      assert.equal(r.body?.success, false, `${what}: ${r.text.slice(0, 200)}`);
      assert.equal(r.body?.code, code, `${what}: ${r.text.slice(0, 200)}`);
    };

    // (a) A real block with one byte of its signature flipped → BAD_SIGNATURE, banned.
    const batch = await rawRequest(n2, `/peer/blocks?after=${genesisId}&limit=5`, { headers: as(40000) });
    assert.equal(batch.status, 200, batch.text.slice(0, 200));
    const genuine = Buffer.from(batch.body.blocks[0], 'base64');
    const known = await rawRequest(n0, '/peer/blocks', { method: 'POST', headers: as(40000),
      body: { block: genuine.toString('base64') } });
    assert.equal(known.status, 200, known.text);
    assert.equal(known.body.result, 'known', 'the genuine block (control) is known to n0');
    const forged = Buffer.from(genuine);
    forged[blockSignatureOffset(forged) + 5] ^= 0x01; // inside R: S stays canonical
    const a = await rawRequest(n0, '/peer/blocks', { method: 'POST', headers: as(40001),
      body: { block: forged.toString('base64') } });
    expectRefused(a, 400, 'BAD_SIGNATURE', 'block with a flipped signature byte');
    await expectBanned(n0, 40001, 'BAD_SIGNATURE');

    // (b) A transaction with a flipped signature byte → BAD_SIGNATURE, banned; the same
    // transaction intact (control) is accepted and gossiped to every node.
    const to = freshAccount('hostile');
    const tx = nativeTransfer({ secret: net.faucet.secret, to: to.address, amount: 55555555, nethash });
    const txBytes = Buffer.from(encodeTransaction(tx));
    const badTx = Buffer.from(txBytes);
    badTx[badTx.length - 2 - 64 + 5] ^= 0x01; // signature, then second-sig 00 and co-signatures 00
    const b = await rawRequest(n1, '/peer/transactions', { method: 'POST', headers: as(40002),
      body: { transactions: [nativeEntry(badTx).toString('base64')] } });
    expectRefused(b, 400, 'BAD_SIGNATURE', 'transaction with a flipped signature byte');
    await expectBanned(n1, 40002, 'BAD_SIGNATURE');
    const good = await rawRequest(n1, '/peer/transactions', { method: 'POST', headers: as(40000),
      body: { transactions: [nativeEntry(txBytes).toString('base64')] } });
    assert.equal(good.status, 200, good.text);
    assert.deepEqual(good.body.rejected, [], good.text);
    await waitConfirmedEverywhere(nodes, tx.id);

    // (c) A body that is not JSON → MALFORMED, banned.
    const c = await rawRequest(n2, '/peer/transactions', { method: 'POST', headers: as(40003),
      body: '{"transactions": [this is not json' });
    expectRefused(c, 400, 'MALFORMED', 'non-JSON body');
    await expectBanned(n2, 40003, 'MALFORMED');

    // (d) 1.5 MiB to /peer/transactions (route cap 1 MiB, server cap 2 MiB) → 413, banned.
    const big = `{"transactions": ["${'A'.repeat(1.5 * 1024 * 1024)}"]}`;
    const d = await rawRequest(n0, '/peer/transactions', { method: 'POST', headers: as(40004), body: big });
    expectRefused(d, 413, 'PAYLOAD_TOO_LARGE', '1.5 MiB body');
    await expectBanned(n0, 40004, 'PAYLOAD_TOO_LARGE');

    // (e) Another network's nethash → WRONG_NETWORK, banned.
    const e = await rawRequest(n1, '/peer/status', { headers: as(40005, { nethash: 'zz9wrong' }) });
    expectRefused(e, 400, 'WRONG_NETWORK', 'wrong nethash');
    await expectBanned(n1, 40005, 'WRONG_NETWORK');

    // (f) A request without the `os` header → MALFORMED, banned.
    const noOs = as(40006);
    delete noOs.os;
    const f = await rawRequest(n2, '/peer/status', { headers: noOs });
    expectRefused(f, 400, 'MALFORMED', 'missing os header');
    await expectBanned(n2, 40006, 'MALFORMED');

    // Each victim lists its banned identities, with a reason; the honest nodes are not banned.
    const bans = { [n0.name]: [40001, 40004], [n1.name]: [40002, 40005], [n2.name]: [40003, 40006] };
    for (const n of nodes) {
      const list = await peers(n);
      for (const port of bans[n.name]) {
        const p = list.find((x) => x.ip === '127.0.0.1' && Number(x.port) === port);
        assert.ok(p, `${n.name}: 127.0.0.1:${port} missing from /api/peers`);
        assert.equal(p.state, 'banned', `${n.name}: 127.0.0.1:${port} ${JSON.stringify(p)}`);
        assert.ok(typeof p.banReason === 'string' && p.banReason.length > 0, `${n.name}: ban reason ${JSON.stringify(p)}`);
        assert.ok(p.banUntil, `${n.name}: banUntil ${JSON.stringify(p)}`);
      }
      for (const o of nodes.filter((x) => x !== n)) {
        const p = list.find((x) => x.ip === '127.0.0.1' && Number(x.port) === o.port);
        assert.equal(p?.state, 'connected', `${n.name}: honest ${o.name} is ${JSON.stringify(p)}`);
      }
    }

    // Meanwhile the honest nodes kept forging one chain.
    await waitSameChain(nodes, { minHeight: start.height + 5 });

    const stopped = await net.stop();
    assert.equal(stopped.code, 0, `ddn localnet stop: ${stopped.stdout}${stopped.stderr}`);
    const hostile = /127\.0\.0\.1:4000\d\b/;
    assertCleanLogs(nodes.map((n) => ({ name: n.name, log: n.log(), provoked: [hostile] })));
  } finally {
    net.forceKill();
  }
});
