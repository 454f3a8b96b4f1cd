// Crash recovery: kill -9 at many points of block processing, on one data dir, under transfer load.
//
// ddnd's test fault injection (env DDN_TEST_CRASH_AT="forge-built:N" | "forge-committed:N") makes
// the node SIGKILL itself the N-th time it reaches that point — after building a forged block and
// before committing it, or right after committing it. Cycles alternate the two points with N in
// 1..4, interleaved with plain `kill -9` at random instants. In each cycle the node runs under a
// load of native transfers (sdk/js) while the test records which transactions it saw confirmed
// (GET /api/transactions/status) and the block ids at their heights. After the crash the node is
// restarted without the variable and must: come up; resume at exactly the committed height
// (forge-built:N → N−1 new blocks, forge-committed:N → N); keep every transaction seen confirmed
// at the same height in the same block; satisfy the supply invariant (all balances +
// undistributed == supply); keep forging; and stop cleanly on SIGTERM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DdnNode, crashLines, sleep } from './lib/node.js';
import {
  get, height, waitHeight, submitBatch, txStatus, nativeTransfer, freshAccount, supplySnapshot, mapLimit,
} from './lib/api.js';

const node = new DdnNode({ name: 'crash', blockInterval: 1 });
const seen = new Map(); // tx id -> {height, blockId} seen confirmed before some crash
const blockIds = new Map(); // height -> block id seen before some crash
const recipients = Array.from({ length: 8 }, (_, i) => freshAccount(`crash recipient ${i}`).address);
let devnet;
let seq = 0;

// Cycles: the injected points with N in 1..4, a random kill -9 after every two of them.
const CYCLES = [
  ['forge-committed', 1], ['forge-built', 1], 'random',
  ['forge-committed', 2], ['forge-built', 2], 'random',
  ['forge-built', 3], ['forge-committed', 3], 'random',
  ['forge-committed', 4], ['forge-built', 4], 'random',
];

after(() => node.forceKill());

/** The height the node opened its chain at, from its log line "chain … at height H". */
function openedAtHeight(fromOffset) {
  const text = node.log().slice(fromOffset);
  const m = /chain \S+ at height (\d+)/.exec(text);
  assert.ok(m, `no "chain … at height" line in:\n${text}`);
  return Number(m[1]);
}

/**
 * Transfers from the faucet in batches of 10 every ~100 ms, plus a watcher that records which
 * accepted transactions are confirmed and the id of their block, until the node dies or end().
 */
function startLoad() {
  let stopping = false;
  const accepted = [];
  const pending = new Set();
  const alive = () => !stopping && node.running;
  const submitter = (async () => {
    while (alive()) {
      const txs = Array.from({ length: 10 }, () => nativeTransfer({
        secret: devnet.faucet.secret, to: recipients[seq % recipients.length],
        amount: String(1000 + (seq++)), nethash: devnet.nethash,
      }));
      try {
        const r = await submitBatch(node, txs);
        accepted.push(...r.accepted);
        for (const id of r.accepted) pending.add(id);
      } catch { /* the node died under us */ }
      await sleep(100);
    }
  })();
  const watcher = (async () => {
    while (alive()) {
      await mapLimit([...pending], 8, async (id) => {
        try {
          const s = await txStatus(node, id);
          if (s.state !== 'confirmed') return;
          const h = Number(s.height);
          const blockId = blockIds.get(h) ?? (await get(node, `/api/blocks/get?height=${h}`)).block.id;
          blockIds.set(h, blockId);
          seen.set(id, { height: h, blockId });
          pending.delete(id);
        } catch { /* died */ }
      });
      await sleep(100);
    }
  })();
  return {
    accepted,
    async end() {
      stopping = true;
      await Promise.all([submitter, watcher]);
    },
  };
}

/** After a restart: everything seen confirmed before any crash is still there, unchanged. */
async function checkRecovered(label) {
  const maxSeen = Math.max(0, ...blockIds.keys());
  const h = await height(node);
  assert.ok(h >= maxSeen, `${label}: height ${h} below the highest block seen before the crash (${maxSeen})`);
  const lostTx = [];
  await mapLimit([...seen], 16, async ([id, where]) => {
    const s = await txStatus(node, id);
    if (s.state !== 'confirmed' || Number(s.height) !== where.height) {
      lostTx.push(`${id}: was confirmed at ${where.height}, now ${JSON.stringify(s)}`);
    }
  });
  assert.deepEqual(lostTx.slice(0, 5), [], `${label}: ${lostTx.length} confirmed transactions changed`);
  const changed = [];
  await mapLimit([...blockIds], 16, async ([bh, id]) => {
    const b = (await get(node, `/api/blocks/get?height=${bh}`)).block;
    if (b.id !== id) changed.push(`height ${bh}: ${id} -> ${b.id}`);
  });
  assert.deepEqual(changed, [], `${label}: blocks changed`);
  const s = await supplySnapshot(node);
  assert.equal(s.accounts, s.count, `${label}: /api/accounts/top paged ${s.accounts} accounts, count says ${s.count}`);
  assert.equal(s.balances + s.undistributed, s.supply,
    `${label}: balances ${s.balances} + undistributed ${s.undistributed} != supply ${s.supply} at height ${s.height}`);
  return s;
}

before(async () => {
  // The first start creates the devnet; the very first cycle then crashes on its first block.
  await node.start();
  devnet = node.devnet();
  const s = await supplySnapshot(node);
  assert.equal(s.balances + s.undistributed, s.supply, 'supply invariant on the fresh devnet');
  assert.deepEqual(await node.stop(), { code: 0, signal: null });
});

test(`kill -9 during block processing, ${CYCLES.length} cycles on one data dir`, async (t) => {
  const summary = [];
  for (const [i, cycle] of CYCLES.entries()) {
    const label = `cycle ${i + 1} (${Array.isArray(cycle) ? cycle.join(':') : 'random kill -9'})`;
    await t.test(label, async () => {
      // Run with the fault (or none), under load, until the crash.
      const offset = node.log().length;
      const env = Array.isArray(cycle) ? { DDN_TEST_CRASH_AT: cycle.join(':') } : {};
      await node.start({ env });
      const opened = openedAtHeight(offset);
      const load = startLoad();
      let exit;
      let killedAfter = null;
      if (Array.isArray(cycle)) {
        exit = await node.waitExit(20000);
        assert.match(node.log().slice(offset), new RegExp(`test fault injection: SIGKILL at ${cycle[0]} #${cycle[1]}`));
      } else {
        killedAfter = 800 + Math.floor(Math.random() * 2700);
        await sleep(killedAfter);
        assert.ok(node.running, `${label}: the node died by itself:\n${node.logTail(10)}`);
        exit = await node.kill9();
      }
      await load.end();
      assert.deepEqual(exit, { code: null, signal: 'SIGKILL' }, `${label}: ${node.logTail(10)}`);

      // Restart without the fault: exactly the committed blocks are there.
      const offset2 = node.log().length;
      const ms = await node.start();
      const reopened = openedAtHeight(offset2);
      if (Array.isArray(cycle)) {
        const [point, n] = cycle;
        const expected = opened + (point === 'forge-built' ? n - 1 : n);
        assert.equal(reopened, expected,
          `${label}: opened at ${opened}, crashed at ${point} #${n}, reopened at ${reopened} (expected ${expected})`);
      }
      const s = await checkRecovered(label);
      const lost = load.accepted.filter((id) => !seen.has(id));
      const lostStates = await mapLimit(lost, 16, async (id) => (await txStatus(node, id)).state);
      // The chain keeps forging and still takes transactions.
      const h = await height(node);
      await waitHeight(node, h + 1, 5000);
      const tx = nativeTransfer({ secret: devnet.faucet.secret, to: recipients[0], amount: String(1000 + (seq++)), nethash: devnet.nethash });
      const r = await submitBatch(node, [tx]);
      assert.deepEqual(r.accepted, [tx.id], JSON.stringify(r));
      assert.deepEqual(await node.stop(), { code: 0, signal: null }, node.logTail(10));
      const line = {
        cycle: label, opened, reopened, killedAfterMs: killedAfter, accepted: load.accepted.length,
        seenConfirmedTotal: seen.size,
        acceptedNotSeenConfirmed: `${lost.length} (${['confirmed', 'pending', 'unknown', 'dropped']
          .map((st) => `${st} ${lostStates.filter((x) => x === st).length}`).join(', ')})`,
        restartMs: Math.round(ms), supplyOk: s.balances + s.undistributed === s.supply,
      };
      summary.push(line);
      console.log(`crash: ${JSON.stringify(line)}`);
    });
  }
  assert.equal(summary.length, CYCLES.length);
});

test('after all cycles: one more clean start, the same chain, nothing in the log but the kills', async () => {
  await node.start();
  await checkRecovered('final');
  const h = await height(node);
  await waitHeight(node, h + 2, 6000);
  assert.deepEqual(await node.stop(), { code: 0, signal: null });
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log:\n${bad.join('\n')}`);
});
