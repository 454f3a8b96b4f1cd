// Registered asset types on one real devnet (ddnd --dev, 1 s blocks): evidence (type 20) through
// `ddn evidence register|verify` and /api/evidences/…, malformed evidence sent as hand-edited
// native JSON, and lock (type 100) through `ddn tx send lock` against transfers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DdnNode, ddn, crashLines, nowEpoch } from './lib/node.js';
import {
  get, height, waitHeight, submit, waitConfirmed, nativeTransfer, freshAccount, fund, createTransaction,
} from './lib/api.js';

const node = new DdnNode({ name: 'assets', blockInterval: 1 });
let net;
let dir;
let fileCount = 0;

function writeFile(content, name = `f${fileCount++}.txt`) {
  const f = path.join(dir, name);
  writeFileSync(f, content);
  return f;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const nodeArgs = () => ['--node', node.url];
const balanceOf = async (address) => (await get(node, `/api/accounts/getBalance?address=${address}`)).balance;

before(async () => {
  await node.start();
  net = node.devnet();
  dir = path.join(node.root, 'files');
  mkdirSync(dir);
});

after(async () => {
  node.forceKill();
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log has error lines:\n${bad.join('\n')}`);
});

test('evidence: register a file, verify it and a one-byte variant, refuse a second registration', async () => {
  const owner = freshAccount('evidence');
  await fund(node, net.nethash, net.faucet.secret, [owner.address], 1_000_000_000);
  const secret = writeFile(owner.secret, 'owner.secret');
  const content = Buffer.from(`evidence system test ${Math.random()} ${Date.now()}\n`);
  const file = writeFile(content, 'contract.pdf');
  const variant = Buffer.from(content);
  variant[0] ^= 1;
  const variantFile = writeFile(variant, 'variant.pdf');
  const hash = sha256(content);

  const reg = await ddn(['evidence', 'register', file, '--title', 'Contract', '--author', 'Alice',
    '--tags', 't1,t2', '--url', 'https://example.org/contract.pdf', '--description', 'signed copy',
    '--secret-file', secret, ...nodeArgs()]);
  assert.equal(reg.code, 0, reg.stdout + reg.stderr);
  assert.equal(reg.json.success, true);
  assert.equal(reg.json.hash, hash, 'the CLI hashes the file with SHA-256');
  assert.equal(reg.json.short_hash, hash.slice(0, 16));
  assert.equal(reg.json.address, owner.address);
  const confirmed = await waitConfirmed(node, reg.json.transactionId);

  const found = await ddn(['evidence', 'verify', file, ...nodeArgs()]);
  assert.equal(found.code, 0, found.stdout + found.stderr);
  assert.equal(found.json.registered, true);
  assert.equal(found.json.hash, hash);
  assert.equal(found.json.address, owner.address);
  assert.equal(found.json.height, confirmed.height);
  assert.equal(found.json.transactionId, reg.json.transactionId);
  assert.equal(found.json.title, 'Contract');
  assert.equal(found.json.author, 'Alice');
  assert.equal(found.json.type, 'pdf');
  const block = await get(node, `/api/blocks/get?height=${confirmed.height}`);
  assert.equal(found.json.timestamp, block.block.timestamp, 'the block time proves existence');

  const missing = await ddn(['evidence', 'verify', variantFile, ...nodeArgs()]);
  assert.equal(missing.code, 0, 'not registered is an answer, not an error');
  assert.equal(missing.json.registered, false);
  assert.equal(missing.json.hash, sha256(variant));

  // The same file again (same hash and short id): refused, nothing changes.
  const balance = await balanceOf(owner.address);
  const again = await ddn(['evidence', 'register', file, '--title', 'Again', '--secret-file', secret,
    ...nodeArgs()]);
  assert.equal(again.code, 1, again.stdout);
  assert.equal(again.json.success, false);
  assert.equal(again.json.code, 'STATE_RULE');
  assert.match(again.json.error, /already registered/);
  // Under another short id it is still the same hash.
  const renamed = await ddn(['evidence', 'register', file, '--short-hash', 'other-id', '--secret-file',
    secret, ...nodeArgs()]);
  assert.equal(renamed.json.code, 'STATE_RULE', renamed.stdout);
  await waitHeight(node, (await height(node)) + 2);
  assert.equal(await balanceOf(owner.address), balance);
  const byOwner = await get(node, `/api/evidences/address/${owner.address}`);
  assert.equal(byOwner.result.total, 1);
  assert.equal(byOwner.result.rows[0].evidence.title, 'Contract');

  // The query routes.
  const record = (await get(node, `/api/evidences/hash/${hash}`)).result;
  assert.equal(record.transactionId, reg.json.transactionId);
  assert.equal(record.height, confirmed.height);
  assert.equal(record.address, owner.address);
  assert.deepEqual(record.evidence, {
    short_hash: hash.slice(0, 16), title: 'Contract', description: 'signed copy', hash, author: 'Alice',
    address: 'https://example.org/contract.pdf', tags: 't1,t2', type: 'pdf', size: String(content.length),
  });
  assert.deepEqual((await get(node, `/api/evidences/short_hash/${hash.slice(0, 16)}`)).result, record);
  assert.deepEqual((await get(node, `/api/evidences/transaction/${reg.json.transactionId}`)).result, record);
  assert.deepEqual((await get(node, '/api/evidences/author/Alice')).result, record);
  assert.deepEqual((await get(node, '/api/evidences/author/Alice/all')).result, { rows: [record], total: 1 });
  assert.deepEqual((await get(node, '/api/evidences/type/pdf/all')).result.rows, [record]);
  assert.equal((await get(node, `/api/evidences/hash/${sha256(variant)}`)).result, null);
  assert.equal((await get(node, '/api/evidences/all?pagesize=10')).result.total, 1);
  assert.deepEqual((await get(node, '/api/evidences/type/statistics')).result.rows, [{ type: 'pdf', count: 1 }]);
  assert.deepEqual((await get(node, '/api/evidences/author/statistics')).result.rows, [{ author: 'Alice', count: 1 }]);
  const byDay = (await get(node, '/api/evidences/group/time?type=day')).result.rows;
  assert.equal(byDay.length, 1);
  assert.match(byDay[0].time, /^\d{4}-\d{2}-\d{2}$/);
});

test('evidence: an overlong title or a missing hash in hand-built native JSON is refused clearly', async () => {
  const owner = freshAccount('evidence-bad');
  await fund(node, net.nethash, net.faucet.secret, [owner.address], 100_000_000);
  const good = createTransaction({
    type: 20, nethash: net.nethash, timestamp: nowEpoch(),
    asset: { evidence: { short_hash: 'bad-1', hash: 'abc123', author: 'Bob', type: 'txt' } },
  }, owner.secret);

  const overlong = structuredClone(good);
  overlong.asset.evidence.title = 'x'.repeat(257);
  let r = await submit(node, overlong);
  assert.equal(r.success, false);
  assert.equal(r.code, 'INVALID_FIELD');
  assert.match(r.error, /asset\.evidence\.title/);

  const noHash = structuredClone(good);
  delete noHash.asset.evidence.hash;
  r = await submit(node, noHash);
  assert.equal(r.success, false);
  assert.equal(r.code, 'MISSING_FIELD');
  assert.match(r.error, /asset\.evidence\.hash/);

  // The untouched transaction is fine.
  r = await submit(node, good);
  assert.equal(r.success, true, JSON.stringify(r));
  await waitConfirmed(node, r.transactionId);
});

test('lock: transfers from a locked account are refused until the lock height passes', async () => {
  const owner = freshAccount('lock');
  const other = freshAccount('lock-recipient');
  await fund(node, net.nethash, net.faucet.secret, [owner.address], 1_000_000_000);
  const secret = writeFile(owner.secret, 'lock.secret');
  const lockHeight = (await height(node)) + 8;

  const below = await ddn(['tx', 'send', 'lock', '--height', String((await height(node)) - 1),
    '--secret-file', secret, ...nodeArgs()]);
  assert.equal(below.code, 1, below.stdout);
  assert.equal(below.json.code, 'STATE_RULE');

  const sent = await ddn(['tx', 'send', 'lock', '--height', String(lockHeight), '--secret-file', secret,
    ...nodeArgs()]);
  assert.equal(sent.code, 0, sent.stdout + sent.stderr);
  const confirmed = await waitConfirmed(node, sent.json.transactionId);
  assert.ok(confirmed.height < lockHeight, 'the lock confirmed in time for this test');
  const tx = (await get(node, `/api/transactions/get?id=${sent.json.transactionId}`)).transaction;
  assert.deepEqual(tx.asset, { lock: { height: lockHeight } });
  assert.equal(tx.type, 100);
  const account = (await get(node, `/api/accounts?address=${owner.address}`)).account;
  assert.equal(account.lock_height, String(lockHeight));

  const refused = await submit(node, nativeTransfer({ secret: owner.secret, to: other.address, amount: 100, nethash: net.nethash }));
  assert.equal(refused.success, false);
  assert.equal(refused.code, 'ACCOUNT_LOCKED');
  assert.match(refused.error, new RegExp(`locked until height ${lockHeight}`));
  // Shortening the lock is refused too.
  const shorter = await ddn(['tx', 'send', 'lock', '--height', String(lockHeight - 1), '--secret-file',
    secret, ...nodeArgs()]);
  assert.equal(shorter.json.code, 'STATE_RULE', shorter.stdout);

  await waitHeight(node, lockHeight, 30000);
  const accepted = await submit(node, nativeTransfer({ secret: owner.secret, to: other.address, amount: 100, nethash: net.nethash }));
  assert.equal(accepted.success, true, JSON.stringify(accepted));
  await waitConfirmed(node, accepted.transactionId);
  assert.equal(await balanceOf(other.address), '100');
});
