// End to end on one real devnet (ddnd --dev, 1 s blocks): forging, the `ddn` CLI against the
// node, a legacy transfer built by the official DDN client (@ddn/js-sdk 1.2.2 builders with
// @ddn/crypto 2.5.0), second signature, delegate + vote, WebSocket events, /metrics, clean stop
// and restart on the same data dir.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { DdnNode, ddn, waitFor, nowEpoch, crashLines } from './lib/node.js';
import {
  request, get, height, waitHeight, submit, waitConfirmed, nativeTransfer, freshAccount, fund, getKeys,
  txStatus, createTransaction,
} from './lib/api.js';
import { sdk, withNethash, addressOf, keysOf } from '../interop/lib/client.js';

const node = new DdnNode({ name: 'e2e', blockInterval: 1 });
let net; // devnet.json: {nethash, faucet: {secret, address}, delegates: [...]}
let secretsDir;
let fileCount = 0;

/** Writes a passphrase to a file, byte for byte (no newline), as the CLI expects. */
function secretFile(secret) {
  const f = path.join(secretsDir, `s${fileCount++}.txt`);
  writeFileSync(f, secret);
  return f;
}

const nodeArgs = () => ['--node', node.url];

/** Runs a `ddn tx send …` and returns the accepted transaction id (asserting success). */
async function cliSend(args) {
  const r = await ddn(['tx', 'send', ...args, ...nodeArgs()]);
  assert.equal(r.code, 0, `ddn tx send ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
  assert.equal(r.json.success, true, r.stdout);
  assert.match(r.json.transactionId, /^[0-9a-f]{64}$/);
  return r.json.transactionId;
}

before(async () => {
  const ms = await node.start();
  console.log(`e2e: fresh devnet up in ${ms.toFixed(0)} ms on ${node.url}`);
  net = node.devnet();
  secretsDir = path.join(node.root, 'secrets');
  mkdirSync(secretsDir);
});

after(async () => {
  node.forceKill();
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log has error lines:\n${bad.join('\n')}`);
});

test('the devnet forges: the height grows by one per slot', async () => {
  assert.match(net.nethash, /^[0-9a-z]{1,32}$/);
  assert.equal(net.delegates.length, 101);
  const h0 = await height(node);
  const t0 = Date.now();
  await waitHeight(node, h0 + 3, 10000);
  const status = await get(node, '/api/node/status');
  assert.equal(status.nethash, net.nethash);
  assert.equal(status.forgingDelegates, 101);
  assert.equal(status.blockInterval, 1);
  assert.ok(Date.now() - t0 < 8000, 'three 1-second slots took too long');
  // `ddn status` says the same.
  const cli = await ddn(['status', ...nodeArgs()]);
  assert.equal(cli.code, 0, cli.stdout);
  assert.ok(cli.json.height >= h0 + 3);
  assert.equal(cli.json.nethash, net.nethash);
});

test('ddn tx send transfer from the faucet to a fresh address is confirmed and visible everywhere', async () => {
  const acct = await ddn(['account', 'new']);
  assert.equal(acct.code, 0);
  const { address } = acct.json;
  const faucetFile = secretFile(net.faucet.secret);
  const derived = await ddn(['account', 'derive', '--secret-file', faucetFile]);
  assert.equal(derived.json.address, net.faucet.address, 'the faucet secret file is read verbatim');

  const id = await cliSend(['transfer', '--to', address, '--amount', '12.5', '--message', 'system e2e',
    '--secret-file', faucetFile]);
  const st = await waitConfirmed(node, id);
  const h = Number(st.height);

  const bal = await ddn(['account', 'balance', address, ...nodeArgs()]);
  assert.equal(bal.code, 0, bal.stdout);
  assert.equal(bal.json.balance, '1250000000');
  assert.equal(bal.json.unconfirmedBalance, '1250000000');

  const blk = await ddn(['block', 'get', String(h), ...nodeArgs()]);
  assert.equal(blk.code, 0, blk.stdout);
  assert.equal(Number(blk.json.block.height), h);
  const inBlock = blk.json.block.transactions.find((t) => t.id === id);
  assert.ok(inBlock, `block ${h} does not list ${id}`);
  assert.equal(inBlock.recipientId, address);
  assert.equal(inBlock.amount, '1250000000');
  // By id too.
  const byId = await ddn(['block', 'get', blk.json.block.id, ...nodeArgs()]);
  assert.equal(byId.code, 0, byId.stdout);
  assert.equal(Number(byId.json.block.height), h);

  const list = await get(node, `/api/transactions?recipientId=${address}`);
  assert.equal(list.count, 1);
  assert.equal(list.transactions[0].id, id);
  assert.equal(list.transactions[0].block_id, blk.json.block.id);

  const one = (await get(node, `/api/transactions/get?id=${id}`)).transaction;
  assert.equal(one.id, id);
  assert.equal(one.block_height, String(h));
  assert.equal(one.block_id, blk.json.block.id);
  assert.equal(one.senderId, net.faucet.address);
  assert.equal(one.message, 'system e2e');
  assert.equal(one.format, 'native');
});

test('a legacy transfer built by the official DDN client is confirmed with the client id', async () => {
  const legacySecret = `system e2e legacy sender ${Date.now()}`;
  const legacyAddress = addressOf(legacySecret);
  // Fund the legacy sender with a native transfer from the faucet.
  const fundTx = nativeTransfer({ secret: net.faucet.secret, to: legacyAddress, amount: '100000000000', nethash: net.nethash });
  const f = await submit(node, fundTx);
  assert.equal(f.success, true, JSON.stringify(f));
  await waitConfirmed(node, fundTx.id);

  const recipient = freshAccount('legacy recipient');
  // The SDK's own clock gives the timestamp; only the network is set to the devnet's.
  const built = await withNethash(net.nethash, () =>
    sdk.transaction.createTransaction(recipient.address, 3.25, 'from the DDN client', legacySecret));
  const tx = JSON.parse(JSON.stringify(built)); // what a client posts
  assert.equal(tx.nethash, net.nethash);
  assert.equal(tx.senderPublicKey, keysOf(legacySecret).publicKey);
  assert.ok(Math.abs(tx.timestamp - nowEpoch()) <= 10, `SDK timestamp ${tx.timestamp} vs now ${nowEpoch()}`);
  assert.ok(!('version' in tx), 'a legacy transaction has no version field');

  const answer = await submit(node, tx, { nethash: net.nethash, version: '' });
  assert.deepEqual(answer, { success: true, transactionId: tx.id });
  const st = await waitConfirmed(node, tx.id);
  const one = (await get(node, `/api/transactions/get?id=${tx.id}`)).transaction;
  assert.equal(one.id, tx.id);
  assert.equal(one.format, 'legacy-v2');
  assert.equal(one.block_height, st.height);
  assert.equal(one.amount, '325000000');
  assert.equal(one.senderId, legacyAddress);
  const bal = await get(node, `/api/accounts/getBalance?address=${recipient.address}`);
  assert.equal(bal.balance, '325000000');
  const sender = await get(node, `/api/accounts/getBalance?address=${legacyAddress}`);
  assert.equal(sender.balance, String(100000000000 - 325000000 - 10000000));
});

test('second signature: registration via the CLI, then transfers need sign_signature', async () => {
  const acct = (await ddn(['account', 'new'])).json;
  const second = (await ddn(['account', 'new'])).json.secret;
  await fund(node, net.nethash, net.faucet.secret, [acct.address], '100000000000'); // 1000 DDN
  const me = secretFile(acct.secret);
  const secondFile = secretFile(second);
  const regId = await cliSend(['second-signature', '--new-second-secret-file', secondFile, '--secret-file', me]);
  await waitConfirmed(node, regId);
  const account = (await get(node, `/api/accounts?address=${acct.address}`)).account;
  assert.equal(account.second_signature, 1);
  assert.equal(account.second_public_key, getKeys(second).publicKey);

  const to = freshAccount('second sig recipient').address;
  // Without the second passphrase: refused with a stable code.
  const missing = await ddn(['tx', 'send', 'transfer', '--to', to, '--amount', '1', '--secret-file', me, ...nodeArgs()]);
  assert.equal(missing.code, 1, missing.stdout);
  assert.equal(missing.json.success, false);
  assert.equal(missing.json.code, 'BAD_SECOND_SIGNATURE', missing.stdout);
  // With a wrong second passphrase: refused too.
  const wrong = await ddn(['tx', 'send', 'transfer', '--to', to, '--amount', '1', '--secret-file', me,
    '--second-secret-file', secretFile('not the second passphrase'), ...nodeArgs()]);
  assert.equal(wrong.json.success, false, wrong.stdout);
  assert.equal(wrong.json.code, 'BAD_SECOND_SIGNATURE', wrong.stdout);
  // With it: confirmed, and the stored transaction carries sign_signature.
  const id = await cliSend(['transfer', '--to', to, '--amount', '2', '--secret-file', me, '--second-secret-file', secondFile]);
  await waitConfirmed(node, id);
  const one = (await get(node, `/api/transactions/get?id=${id}`)).transaction;
  assert.match(one.sign_signature, /^[0-9a-f]{128}$/);
  assert.equal((await get(node, `/api/accounts/getBalance?address=${to}`)).balance, '200000000');
  // Fees: 1000 − 5 (registration) − 2 − 0.1 DDN.
  assert.equal((await get(node, `/api/accounts/getBalance?address=${acct.address}`)).balance,
    String(100000000000 - 500000000 - 200000000 - 10000000));
});

test('delegate registration and a vote via the CLI', async () => {
  const acct = (await ddn(['account', 'new'])).json;
  await fund(node, net.nethash, net.faucet.secret, [acct.address], '50000000000'); // 500 DDN
  const me = secretFile(acct.secret);
  const username = `sys_${Math.random().toString(36).slice(2, 10)}`;
  const countBefore = (await get(node, '/api/delegates/count')).count;
  const regId = await cliSend(['delegate', '--username', username, '--secret-file', me]);
  await waitConfirmed(node, regId);
  const d = (await get(node, `/api/delegates/get?username=${username}`)).delegate;
  assert.equal(d.publicKey, acct.publicKey);
  assert.equal(d.address, acct.address);
  assert.equal((await get(node, '/api/delegates/count')).count, countBefore + 1);
  // A second registration under the same name by another account is refused.
  const other = (await ddn(['account', 'new'])).json;
  await fund(node, net.nethash, net.faucet.secret, [other.address], '20000000000');
  const dup = await ddn(['tx', 'send', 'delegate', '--username', username, '--secret-file', secretFile(other.secret), ...nodeArgs()]);
  assert.equal(dup.json.success, false, dup.stdout);

  const voteId = await cliSend(['vote', '--add', acct.publicKey, '--secret-file', me]);
  await waitConfirmed(node, voteId);
  const votes = (await get(node, `/api/votes?address=${acct.address}`)).delegates;
  assert.deepEqual(votes.map((v) => v.username), [username]);
  const balance = (await get(node, `/api/accounts/getBalance?address=${acct.address}`)).balance;
  // 500 − 100 (registration) − 0.1 (vote) DDN, all of it voting for the delegate.
  assert.equal(balance, String(50000000000 - 10000000000 - 10000000));
  const after = (await get(node, `/api/delegates/get?username=${username}`)).delegate;
  assert.equal(after.vote, balance);
  const voters = (await get(node, `/api/delegates/voters?publicKey=${acct.publicKey}`)).accounts;
  assert.deepEqual(voters.map((v) => v.address), [acct.address]);
  // `ddn delegate list` ranks all delegates (the new one is outside the top 101 of the devnet,
  // whose genesis delegates hold the genesis votes).
  const list = await ddn(['delegate', 'list', ...nodeArgs()]);
  assert.equal(list.code, 0, list.stdout);
  assert.equal(list.json.delegates.length, 101);
  assert.equal(list.json.totalCount, countBefore + 1);
  // Voting twice for the same delegate is refused.
  const again = await ddn(['tx', 'send', 'vote', '--add', acct.publicKey, '--secret-file', me, ...nodeArgs()]);
  assert.equal(again.json.success, false, again.stdout);
});

test('WebSocket /api/events pushes "block" and "transaction" events', async () => {
  const ws = new WebSocket(`ws://127.0.0.1:${node.port}/api/events`);
  const events = [];
  ws.on('message', (data) => events.push(JSON.parse(data.toString())));
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  try {
    const block = await waitFor(() => events.find((e) => e.event === 'block'),
      { timeout: 5000, what: 'a block event' });
    const h = Number(block.data.height);
    assert.ok(h >= 2);
    const stored = (await get(node, `/api/blocks/get?height=${h}`)).block;
    assert.equal(block.data.id, stored.id, 'the pushed block is the stored one');

    const to = freshAccount('ws recipient').address;
    const tx = nativeTransfer({ secret: net.faucet.secret, to, amount: '123', nethash: net.nethash });
    assert.equal((await submit(node, tx)).success, true);
    const seen = await waitFor(() => events.find((e) => e.event === 'transaction' && e.data.id === tx.id),
      { timeout: 5000, what: 'the transaction event' });
    assert.equal(seen.data.recipientId, to);
    assert.equal(seen.data.amount, '123');
    // And the block that confirms it is pushed as well.
    const st = await waitConfirmed(node, tx.id);
    await waitFor(() => events.find((e) => e.event === 'block' && Number(e.data.height) === Number(st.height)),
      { timeout: 5000, what: `the block event of height ${st.height}` });
  } finally {
    ws.close();
  }
});

test('/metrics: ddn_block_height matches /api/blocks/getHeight within a block', async () => {
  const r = await request(node, '/metrics');
  assert.equal(r.status, 200);
  const h = await height(node);
  const m = /^ddn_block_height (\d+)$/m.exec(r.text);
  assert.ok(m, `no ddn_block_height in:\n${r.text}`);
  assert.ok(Math.abs(Number(m[1]) - h) <= 1, `metrics ${m[1]} vs API ${h}`);
  assert.match(r.text, /^# TYPE ddn_block_height gauge$/m);
  assert.match(r.text, /^ddn_http_requests_total \d+$/m);
  // The devnet forges every block itself: the last one's phases are timed.
  for (const phase of ['build', 'commit', 'pool']) {
    assert.match(r.text, new RegExp(`^ddn_last_forge_seconds\\{phase="${phase}"\\} [0-9.e-]+$`, 'm'));
  }
  const forged = (await get(node, '/api/node/status')).lastForged;
  assert.ok(forged && forged.height >= 2, JSON.stringify(forged));
  for (const k of ['buildMs', 'commitMs', 'poolMs']) assert.ok(forged[k] >= 0 && forged[k] < 10000, `${k}: ${forged[k]}`);
  assert.equal(typeof forged.transactions, 'number');
});

test('account history: newest first across and within blocks, paged by offset, filtered by type', async () => {
  const sender = freshAccount('history sender');
  const recipient = freshAccount('history recipient');
  await fund(node, net.nethash, net.faucet.secret, [sender.address], '10000000000'); // 100 DDN
  // Several transactions of the sender in one batch (mostly one block), and one of another type.
  const txs = [1, 2, 3, 4, 5].map((i) => nativeTransfer({
    secret: sender.secret, to: recipient.address, amount: String(i * 1000), nethash: net.nethash,
  }));
  txs.push(createTransaction({
    type: 1, nethash: net.nethash, timestamp: nowEpoch(),
    asset: { signature: { publicKey: getKeys(`${sender.secret} second`).publicKey } },
  }, sender.secret));
  const r = await request(node, '/api/transactions', { method: 'POST', body: { transactions: txs } });
  assert.equal(r.body.success, true, JSON.stringify(r.body));
  assert.equal(r.body.accepted.length, 6, JSON.stringify(r.body));
  for (const id of r.body.accepted) await waitConfirmed(node, id);
  // The expected order: height descending, then position in the block descending.
  const placed = [];
  for (const id of r.body.accepted) {
    const t = (await get(node, `/api/transactions/get?id=${id}`)).transaction;
    const b = (await get(node, `/api/blocks/full?height=${t.block_height}`)).block;
    placed.push({ id, type: t.type, height: Number(t.block_height),
      position: b.transactions.findIndex((x) => x.id === id) });
  }
  placed.sort((a, b) => b.height - a.height || b.position - a.position);
  const newest = placed.map((p) => p.id);
  const all = await get(node, `/api/transactions?senderId=${sender.address}&limit=100`);
  assert.equal(all.count, 6);
  assert.deepEqual(all.transactions.map((t) => t.id), newest);
  // Pages of two from every offset, including offsets inside one block's record.
  for (let offset = 0; offset < 6; offset++) {
    const page = await get(node, `/api/transactions?senderId=${sender.address}&limit=2&offset=${offset}`);
    assert.deepEqual(page.transactions.map((t) => t.id), newest.slice(offset, offset + 2), `offset ${offset}`);
  }
  // A type filter with an offset counts only the matching transactions.
  const transfers = placed.filter((p) => p.type === 0).map((p) => p.id);
  const filtered = await get(node, `/api/transactions?senderId=${sender.address}&type=0&limit=2&offset=1`);
  assert.deepEqual(filtered.transactions.map((t) => t.id), transfers.slice(1, 3));
  const signature = await get(node, `/api/transactions?senderId=${sender.address}&type=1`);
  assert.deepEqual(signature.transactions.map((t) => t.id), placed.filter((p) => p.type === 1).map((p) => p.id));
  // The recipient's side lists the five transfers, in the same order.
  const received = await get(node, `/api/transactions?recipientId=${recipient.address}&limit=100`);
  assert.equal(received.count, 5);
  assert.deepEqual(received.transactions.map((t) => t.id), transfers);
});

test('SIGTERM exits 0 and a restart on the same dir continues from the same height', async () => {
  const before = await get(node, '/api/node/status');
  const exit = await node.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, `exit after SIGTERM:\n${node.logTail(10)}`);
  assert.match(node.logTail(5), /stopped/);

  const ms = await node.start();
  console.log(`e2e: restart on the same data dir: API answering ${ms.toFixed(0)} ms after spawn`);
  const h = await height(node);
  assert.ok(h >= before.height, `restarted at ${h}, was at ${before.height}`);
  const head = (await get(node, `/api/blocks/get?height=${before.height}`)).block;
  assert.equal(head.id, before.headId, 'the old head is still there, unchanged');
  assert.ok(ms < 5000, `restart took ${ms} ms`);
  await waitHeight(node, before.height + 2, 10000);
  // Everything confirmed before is still there.
  const txs = await get(node, `/api/transactions?senderId=${net.faucet.address}`);
  assert.ok(txs.count >= 5);
  const exit2 = await node.stop();
  assert.deepEqual(exit2, { code: 0, signal: null });
});

test('an accepted transaction still waiting for a block survives kill -9 and restart', async () => {
  // Long slots, so the transaction is still pending when the node dies.
  const slow = new DdnNode({ blockInterval: 30, name: 'ddnd-slow' });
  await slow.start();
  try {
    const devnet = slow.devnet();
    const tx = nativeTransfer({ secret: devnet.faucet.secret, to: freshAccount('pending').address,
      amount: '100000000', nethash: devnet.nethash });
    const answer = await submit(slow, tx);
    assert.equal(answer.success, true, JSON.stringify(answer));
    assert.match((await txStatus(slow, tx.id)).state, /^(pending|confirmed)$/);
    await slow.kill9();
    await slow.start();
    const state = (await txStatus(slow, tx.id)).state;
    assert.match(state, /^(pending|confirmed)$/, `after the restart the transaction is ${state}`);
  } finally {
    await slow.stop();
  }
});
