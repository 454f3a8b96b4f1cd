// Protocol limits under load: a devnet with 2 s slots, 4 concurrent clients submitting native
// transfers (sdk/js createTransaction) in batches at a combined ~250 tx/s — 500 per slot, the
// protocol's maximum per block — for ~10 slots. Every accepted transaction must be confirmed (none
// dropped), every slot of the window forged (consecutive block timestamps exactly 2 s apart) and
// no block may hold more than 500 transactions.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DdnNode, waitFor, crashLines, sleep } from './lib/node.js';
import {
  get, height, submitBatch, nativeTransfer, freshAccount, fund, blocksFull, mapLimit,
} from './lib/api.js';

const BLOCK_INTERVAL = 2; // seconds
const MAX_TX_PER_BLOCK = 500;
const CLIENTS = 4;
const RATE = MAX_TX_PER_BLOCK / BLOCK_INTERVAL; // 250 tx/s combined
const SLOTS = 10;
const PERIOD_MS = 400; // each client posts one batch per period
const PER_BATCH = (RATE / CLIENTS) * (PERIOD_MS / 1000); // 25

const node = new DdnNode({ name: 'load', blockInterval: BLOCK_INTERVAL });
let devnet;
let clients;
const sentBy = new Map(); // client address -> ids it had accepted

before(async () => { await node.start(); });
after(() => node.forceKill());

test(`protocol limits: ${RATE} tx/s from ${CLIENTS} clients for ${SLOTS} slots of ${BLOCK_INTERVAL} s`, async () => {
  devnet = node.devnet();
  clients = Array.from({ length: CLIENTS }, (_, i) => freshAccount(`load client ${i}`));
  const recipients = Array.from({ length: 16 }, (_, i) => freshAccount(`load recipient ${i}`).address);
  await fund(node, devnet.nethash, devnet.faucet.secret, clients.map((c) => c.address), '1000000000000'); // 10,000 DDN

  const status0 = await get(node, '/api/node/status');
  const h0 = status0.height;
  const accepted = [];
  const rejected = [];
  const errors = [];
  const t0 = Date.now() + 50;
  const duration = SLOTS * BLOCK_INTERVAL * 1000;
  const batches = Math.round(duration / PERIOD_MS);

  // Each client posts PER_BATCH transfers every PERIOD_MS, on an absolute schedule (no drift),
  // the clients a quarter period apart so that the load is even.
  async function client(c) {
    sentBy.set(clients[c].address, []);
    let seq = 0;
    for (let k = 0; k < batches; k++) {
      const at = t0 + k * PERIOD_MS + (c * PERIOD_MS) / CLIENTS;
      if (at > Date.now()) await sleep(at - Date.now());
      const txs = [];
      for (let i = 0; i < PER_BATCH; i++, seq++) {
        // Amounts vary, so ids differ even within one second.
        txs.push(nativeTransfer({
          secret: clients[c].secret, to: recipients[(seq + c) % recipients.length],
          amount: String(1000 + seq), nethash: devnet.nethash,
        }));
      }
      try {
        const r = await submitBatch(node, txs);
        accepted.push(...r.accepted);
        sentBy.get(clients[c].address).push(...r.accepted);
        rejected.push(...r.rejected);
      } catch (e) {
        errors.push(e.message);
      }
    }
  }
  await Promise.all(clients.map((_, c) => client(c)));
  const loadSeconds = (Date.now() - t0) / 1000;
  const submitted = CLIENTS * batches * PER_BATCH;

  // Wait until the pool has drained.
  const drained = await waitFor(async () => {
    const s = await get(node, '/api/node/status');
    return s.poolSize === 0 ? s : false;
  }, { timeout: 60000, interval: 200, what: 'the pool to empty' });
  const drainSeconds = (Date.now() - t0) / 1000;
  const h1 = drained.height;

  // Every accepted id: confirmed.
  const states = await mapLimit(accepted, 16, async (id) => (await get(node, `/api/transactions/status?id=${id}`)));
  const confirmed = states.filter((s) => s.state === 'confirmed').length;
  const notConfirmed = states.filter((s) => s.state !== 'confirmed');

  // The blocks of the window: every slot forged, none above the limit, holding exactly our txs.
  const blocks = await blocksFull(node, h0, h1);
  const gaps = [];
  for (let i = 1; i < blocks.length; i++) {
    const d = blocks[i].timestamp - blocks[i - 1].timestamp;
    if (d !== BLOCK_INTERVAL) gaps.push(`height ${blocks[i].height}: +${d} s`);
  }
  const counts = blocks.slice(1).map((b) => b.number_of_transactions);
  const inBlocks = new Set(blocks.slice(1).flatMap((b) => b.transactions.map((t) => t.id)));

  const report = {
    submitted, accepted: accepted.length, rejected: rejected.length, confirmed,
    dropped: drained.droppedTransactions, submitSeconds: +loadSeconds.toFixed(1),
    acceptedPerSecond: +(accepted.length / loadSeconds).toFixed(1),
    confirmedPerSecond: +(confirmed / drainSeconds).toFixed(1),
    blocks: `${h0 + 1}..${h1} (${h1 - h0})`, maxTxPerBlock: Math.max(...counts),
    txPerBlock: counts.join(' '),
  };
  console.log(`load: ${JSON.stringify(report)}`);

  assert.deepEqual(errors, [], 'every batch POST must get an answer');
  assert.deepEqual(rejected.slice(0, 5), [], `${rejected.length} valid transactions were rejected`);
  assert.equal(accepted.length, submitted);
  assert.equal(new Set(accepted).size, accepted.length, 'accepted ids are distinct');
  assert.deepEqual(notConfirmed.slice(0, 5), [], `${notConfirmed.length} accepted transactions are not confirmed`);
  assert.equal(confirmed, accepted.length);
  assert.equal(drained.droppedTransactions, 0, 'no transaction may be dropped');
  assert.deepEqual(gaps, [], 'every slot of the load window must be forged');
  assert.ok(Math.max(...counts) <= MAX_TX_PER_BLOCK, `a block holds ${Math.max(...counts)} transactions`);
  assert.equal(inBlocks.size, accepted.length);
  for (const id of accepted) assert.ok(inBlocks.has(id), `${id} is not in the window's blocks`);
  // The throughput needed the full blocks: at least one block was at the limit or the load was
  // served within a slot of its end.
  assert.ok(h1 - h0 <= SLOTS + 3, `draining took ${h1 - h0} blocks for ${SLOTS} slots of load`);
  assert.ok(accepted.length / loadSeconds >= RATE * 0.9, `offered only ${accepted.length / loadSeconds} tx/s`);

  // Balances add up: each client paid amount + fee for each transfer.
  for (const [c, acct] of clients.entries()) {
    const n = batches * PER_BATCH;
    const paid = BigInt(n) * 10000000n + BigInt((n * (2 * 1000 + n - 1)) / 2);
    const bal = (await get(node, `/api/accounts/getBalance?address=${acct.address}`)).balance;
    assert.equal(bal, String(1000000000000n - paid), `client ${c} balance`);
  }
  assert.ok((await height(node)) >= h1);
});

test('after the load: the history of each client lists and counts all its transfers', async () => {
  assert.ok(clients, 'needs the load test');
  // Paging through one client's history with offset gives every transfer exactly once.
  const { address } = clients[0];
  const listed = [];
  const t0 = Date.now();
  for (let offset = 0; ; offset += 100) {
    const page = await get(node, `/api/transactions?senderId=${address}&limit=100&offset=${offset}`);
    listed.push(...page.transactions.map((t) => t.id));
    if (page.transactions.length < 100) break;
  }
  const pagingMs = Date.now() - t0;
  console.log(`load: paged ${listed.length} transactions of one sender in ${pagingMs} ms`);
  assert.equal(listed.length, sentBy.get(address).length);
  assert.deepEqual(new Set(listed), new Set(sentBy.get(address)));
  // 13 pages of 100: generous bound for a 2-core machine (milliseconds each when a page reads
  // only its own transactions).
  assert.ok(pagingMs < 10000, `paging ${listed.length} transactions took ${pagingMs} ms`);
  // `count` is the number of all matching transactions, whatever the page (as DDN's API).
  for (const c of clients) {
    const ids = sentBy.get(c.address);
    for (const q of ['limit=100', 'limit=10&offset=1000']) {
      const page = await get(node, `/api/transactions?senderId=${c.address}&${q}`);
      assert.equal(page.count, ids.length,
        `GET /api/transactions?senderId=${c.address}&${q}: count ${page.count}, the client sent ${ids.length}`);
    }
  }
});

test('the node stops cleanly after the load', async () => {
  assert.deepEqual(crashLines(node.log()), []);
  assert.deepEqual(await node.stop(), { code: 0, signal: null });
});
