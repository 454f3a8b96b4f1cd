// Hostile clients against one real devnet: malformed and oversized bodies, wrong types, unknown
// fields, bad signatures, double spends, replays, duplicates, wrong networks, passphrase-taking
// endpoints, raw TCP garbage and half requests, 200 concurrent connections. Every refusal must
// carry its stable `code`; afterwards the node still answers, keeps forging and logged no crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { DdnNode, waitFor, crashLines, nowEpoch } from './lib/node.js';
import {
  request, get, height, waitHeight, submit, submitBatch, waitConfirmed, nativeTransfer, freshAccount, fund,
  createTransaction,
} from './lib/api.js';
import { transactionId, encodeTransaction, encodeTransactionBatch } from '../../sdk/js/src/index.js';

const node = new DdnNode({ name: 'hostile', blockInterval: 1 });
let devnet;
let startHeight;

before(async () => {
  await node.start();
  devnet = node.devnet();
  startHeight = await height(node);
});

after(() => node.forceKill());

/** POSTs a raw body to /api/transactions and returns {status, body}. */
const postRaw = (body, headers = {}) =>
  request(node, '/api/transactions', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

/** Asserts a DDN error envelope with the given stable code (HTTP 200, as DDN clients expect). */
function assertRefused(r, code, what) {
  const b = r.body ?? r;
  assert.ok(b && typeof b === 'object', `${what}: no JSON answer (${r.status} ${r.text})`);
  assert.equal(b.success, false, `${what}: ${JSON.stringify(b)}`);
  assert.equal(b.code, code, `${what}: ${JSON.stringify(b)}`);
  assert.equal(typeof b.error, 'string', what);
  if (r.status !== undefined) assert.equal(r.status, 200, `${what}: HTTP ${r.status}`);
}

const recipient = () => freshAccount('hostile recipient').address;
const validTx = (over = {}) =>
  nativeTransfer({ secret: devnet.faucet.secret, to: recipient(), amount: '1000', nethash: devnet.nethash, ...over });

test('malformed JSON bodies are refused with MALFORMED', async () => {
  for (const body of ['{"transaction": ', '{', 'not json', '{"transaction": {}}}', '{"a":1,"a":2}', '\u0000',
    '{"transaction": {"id": "\\ud800"}}']) {
    assertRefused(await postRaw(body), 'MALFORMED', `body ${JSON.stringify(body)}`);
  }
  // A raw NUL inside otherwise valid JSON.
  assertRefused(await postRaw(`{"transaction": {"message": "a\u0000b"}}`), 'MALFORMED', 'raw NUL');
  // Deeply nested JSON: refused, never a stack overflow.
  assertRefused(await postRaw(`${'['.repeat(100000)}${']'.repeat(100000)}`), 'MALFORMED', 'deep nesting');
  assertRefused(await postRaw(`{"transaction": ${'{"a":'.repeat(50000)}1${'}'.repeat(50000)}}`), 'MALFORMED', 'deep objects');
});

test('a body that is not an object, or not the expected envelope, is refused', async () => {
  for (const body of ['[]', '[{"transaction": {}}]', '"transaction"', '42', 'null', 'true']) {
    assertRefused(await postRaw(body), 'INVALID_FIELD', `body ${body}`);
  }
  const tx = validTx();
  assertRefused(await postRaw(JSON.stringify({ transaction: tx, extra: 1 })), 'INVALID_FIELD', 'extra top-level key');
  assertRefused(await postRaw(JSON.stringify({ transaction: tx, transactions: [tx] })), 'INVALID_FIELD', 'both keys');
  assertRefused(await postRaw('{}'), 'INVALID_FIELD', 'empty object');
  assertRefused(await postRaw(JSON.stringify({ transactions: [] })), 'INVALID_FIELD', 'empty batch');
  assertRefused(await postRaw(JSON.stringify({ transactions: {} })), 'INVALID_FIELD', 'batch not an array');
  assertRefused(await postRaw(JSON.stringify({ transactions: new Array(1001).fill(tx) })), 'INVALID_FIELD', 'batch of 1001');
  assertRefused(await postRaw(JSON.stringify({ transaction: 'ff445401aabb' })), 'UNSUPPORTED_TYPE', 'protobuf/hex string');
  // None of these was accepted.
  assert.equal((await get(node, `/api/transactions/status?id=${tx.id}`)).state, 'unknown');
});

test('a binary batch (application/octet-stream) is admitted entry by entry; broken framing is refused whole', async () => {
  const postBinary = (bytes) => request(node, '/api/transactions', {
    method: 'POST', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  const good = [validTx({ amount: '1001' }), validTx({ amount: '1002' })];
  const tx = validTx({ amount: '1003' });
  const last = tx.signature.at(-1);
  const badSig = { ...tx, signature: tx.signature.slice(0, -1) + (last === '0' ? '1' : '0') };
  badSig.id = transactionId(badSig);
  const entry = (format, bytes) => Buffer.concat([Buffer.from([format, bytes.length]), Buffer.from(bytes)]);
  const body = Buffer.concat([
    encodeTransactionBatch([good[0]]),
    entry(0, [1, 2, 3]),                   // frames fine, is no transaction
    encodeTransactionBatch([badSig]),
    entry(7, [0]),                         // an unknown entry format
    encodeTransactionBatch([good[1], good[0]]),  // the second copy is a duplicate
  ]);
  const r = await postBinary(body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.success, true, r.text);
  assert.deepEqual(r.body.accepted, [good[0].id, good[1].id]);
  const codes = Object.fromEntries(r.body.rejected.map((x) => [x.index, x.code]));
  assert.deepEqual(codes, { 1: 'MALFORMED', 2: 'BAD_SIGNATURE', 3: 'MALFORMED', 5: 'DUPLICATE' }, r.text);
  for (const t of good) await waitConfirmed(node, t.id);

  // Whole-request refusals: an entry longer than the body, no entries, more than 1000.
  const bytes = encodeTransaction(validTx({ amount: '1004' }));
  assertRefused(await postBinary(Buffer.concat([Buffer.from([0, 200, 1]), Buffer.from(bytes.slice(0, 50))])),
    'MALFORMED', 'truncated entry');
  assertRefused(await postBinary(Buffer.alloc(0)), 'INVALID_FIELD', 'empty binary batch');
  const one = encodeTransactionBatch([validTx({ amount: '1005' })]);
  assertRefused(await postBinary(Buffer.concat(new Array(1001).fill(Buffer.from(one)))), 'INVALID_FIELD',
    'binary batch of 1001');
  assertRefused(await request(node, '/api/transactions', {
    method: 'POST', body: one, headers: { 'content-type': 'application/octet-stream', nethash: 'othernet' } }),
  'WRONG_NETHASH', 'binary batch for another network');
});

test('wrong JSON types for transaction fields are refused with INVALID_FIELD', async () => {
  const tx = validTx();
  const cases = {
    'amount as a number': { amount: 1000 },
    'fee as a number': { fee: 10000000 },
    'type as a string': { type: '0' },
    'timestamp as a string': { timestamp: String(tx.timestamp) },
    'timestamp as a float': { timestamp: tx.timestamp + 0.5 },
    'timestamp negative': { timestamp: -1 },
    'senderPublicKey as a number': { senderPublicKey: 1 },
    'senderPublicKey uppercase': { senderPublicKey: tx.senderPublicKey.toUpperCase() },
    'recipientId as an object': { recipientId: {} },
    'asset as an array': { asset: [] },
    'signature as null': { signature: null },
    'amount negative': { amount: '-1000' },
    'amount with exponent': { amount: '1e3' },
    'amount with leading zero': { amount: '01000' },
    'amount above 10^18': { amount: '1000000000000000001' },
    'amount zero': { amount: '0' },
    'message as a number': { message: 5 },
    'version as a string': { version: '1' },
    'the transaction as an array': null,
  };
  for (const [what, over] of Object.entries(cases)) {
    const t = over === null ? [tx] : { ...tx, ...over };
    const r = await submit(node, t);
    assert.equal(r.success, false, `${what}: ${JSON.stringify(r)}`);
    assert.equal(r.code, 'INVALID_FIELD', `${what}: ${JSON.stringify(r)}`);
  }
  // Missing fields.
  for (const field of ['signature', 'id', 'senderPublicKey', 'nethash', 'fee', 'amount']) {
    const t = { ...tx };
    delete t[field];
    const r = await submit(node, t);
    assert.equal(r.success, false, field);
    assert.equal(r.code, 'MISSING_FIELD', `without ${field}: ${JSON.stringify(r)}`);
  }
  const wrongFee = await submit(node, { ...tx, fee: '10000001' });
  assert.equal(wrongFee.code, 'WRONG_FEE', JSON.stringify(wrongFee));
  const wrongId = await submit(node, { ...tx, id: 'a'.repeat(64) });
  assert.equal(wrongId.code, 'ID_MISMATCH', JSON.stringify(wrongId));
  const badType = await submit(node, { ...tx, type: 99 });
  assert.equal(badType.code, 'UNSUPPORTED_TYPE', JSON.stringify(badType));
  // The genuine one is still fine afterwards.
  assert.equal((await submit(node, tx)).success, true);
  await waitConfirmed(node, tx.id);
});

test('unknown fields are refused with UNKNOWN_FIELD', async () => {
  const tx = validTx();
  for (const extra of [{ foo: 1 }, { blockId: 'x' }, { secret: devnet.faucet.secret }, { __proto__x: null }]) {
    const r = await submit(node, { ...tx, ...extra });
    assert.equal(r.success, false, JSON.stringify(extra));
    assert.equal(r.code, 'UNKNOWN_FIELD', `${JSON.stringify(Object.keys(extra))}: ${JSON.stringify(r)}`);
  }
  const r = await submit(node, { ...tx, asset: { foo: {} } });
  assert.equal(r.success, false);
  assert.ok(['UNKNOWN_FIELD', 'INVALID_FIELD'].includes(r.code), JSON.stringify(r));
});

test('a 9 MB body gets HTTP 413 or a closed connection, never a crash', async () => {
  const big = `{"transactions": [${'"x",'.repeat(9 * 1024 * 1024 / 4)}"x"]}`;
  assert.ok(big.length > 9e6);
  let outcome;
  try {
    const r = await postRaw(big);
    outcome = `HTTP ${r.status}`;
    assert.equal(r.status, 413, `answer to a 9 MB body: ${r.status} ${r.text.slice(0, 200)}`);
    assert.equal(r.body?.code, 'PAYLOAD_TOO_LARGE', r.text);
  } catch (e) {
    if (e.code === 'ERR_ASSERTION') throw e;
    outcome = `connection closed (${e.cause?.code ?? e.message})`;
  }
  // The same with chunked transfer encoding (no Content-Length to decide from) on a raw socket.
  const chunked = await rawExchange((s) => {
    s.write('POST /api/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < 9 * 1024 * 1024) {
        sent += chunk.length;
        if (!s.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`)) { s.once('drain', pump); return; }
      }
      s.write('0\r\n\r\n');
    };
    pump();
  }, 15000);
  assert.ok(chunked.closed, 'the node must close a connection sending a 9 MB chunked body');
  if (chunked.data.length) assert.match(chunked.data, /^HTTP\/1\.1 413/, chunked.data.slice(0, 200));
  console.log(`hostile: 9 MB body -> ${outcome}; chunked -> ${chunked.data.split('\r\n')[0] || 'closed'}`);
  assert.ok(node.running);
  assert.ok((await height(node)) >= 1);
});

test('an invalid signature is refused with BAD_SIGNATURE', async () => {
  const tx = validTx();
  const last = tx.signature.at(-1);
  const bad = { ...tx, signature: tx.signature.slice(0, -1) + (last === '0' ? '1' : '0') };
  bad.id = transactionId(bad); // the id covers the signature: keep it consistent
  const r = await submit(node, bad);
  assertRefused(r, 'BAD_SIGNATURE', 'flipped signature');
  assert.equal(r.transactionId, bad.id);
  // Signed by another key than senderPublicKey.
  const other = freshAccount('impostor');
  const forged = { ...createTransaction({ type: 0, nethash: devnet.nethash, timestamp: nowEpoch(), recipientId: recipient(), amount: '5' }, other.secret) };
  forged.senderPublicKey = tx.senderPublicKey;
  forged.id = transactionId(forged);
  assertRefused(await submit(node, forged), 'BAD_SIGNATURE', 'signature by another key');
  // A refused forgery does not poison the genuine transaction.
  assert.equal((await submit(node, tx)).success, true);
  await waitConfirmed(node, tx.id);
});

test('double spend, replay and duplicate submission', async () => {
  const spender = freshAccount('double spender');
  await fund(node, devnet.nethash, devnet.faucet.secret, [spender.address], '1000000000'); // 10 DDN
  const spend = (to, amount) => nativeTransfer({ secret: spender.secret, to, amount, nethash: devnet.nethash });
  const first = spend(recipient(), '900000000');
  const second = spend(recipient(), '900000000');
  assert.equal((await submit(node, first)).success, true);
  assertRefused(await submit(node, second), 'INSUFFICIENT_BALANCE', 'second spend while the first is pending');
  const st = await waitConfirmed(node, first.id);
  assertRefused(await submit(node, second), 'INSUFFICIENT_BALANCE', 'second spend after the first is confirmed');

  // Replay of a confirmed transaction.
  assertRefused(await submit(node, first), 'ALREADY_CONFIRMED', 'replay');
  const replayBatch = await submitBatch(node, [first]);
  assert.deepEqual(replayBatch.accepted, []);
  assert.equal(replayBatch.rejected[0].code, 'ALREADY_CONFIRMED');
  assert.equal(replayBatch.rejected[0].id, first.id);

  // Duplicate submission: the same transaction twice in one batch, then again while pending.
  const other = freshAccount('dup sender');
  await fund(node, devnet.nethash, devnet.faucet.secret, [other.address], '1000000000');
  const t = nativeTransfer({ secret: other.secret, to: recipient(), amount: '100', nethash: devnet.nethash });
  const dup = await submitBatch(node, [t, t]);
  assert.equal(dup.success, true);
  assert.deepEqual(dup.accepted, [t.id]);
  assert.equal(dup.rejected.length, 1, JSON.stringify(dup));
  assert.deepEqual({ index: dup.rejected[0].index, code: dup.rejected[0].code, id: dup.rejected[0].id },
    { index: 1, code: 'DUPLICATE', id: t.id });
  const again = await submit(node, t);
  assert.equal(again.success, false);
  assert.ok(['DUPLICATE', 'ALREADY_CONFIRMED'].includes(again.code), JSON.stringify(again));

  // Two spends of the same coins in one batch: one accepted, the other INSUFFICIENT_BALANCE.
  const a = nativeTransfer({ secret: other.secret, to: recipient(), amount: '600000000', nethash: devnet.nethash });
  const b = nativeTransfer({ secret: other.secret, to: recipient(), amount: '600000000', nethash: devnet.nethash });
  const both = await submitBatch(node, [a, b]);
  assert.deepEqual(both.accepted, [a.id]);
  assert.equal(both.rejected[0].code, 'INSUFFICIENT_BALANCE', JSON.stringify(both));
  await waitConfirmed(node, a.id);
  await waitConfirmed(node, t.id);
  assert.equal((await get(node, `/api/transactions/status?id=${b.id}`)).state, 'unknown');
  // Balances: 10 − 0.000001 − 0.1 − 6 − 0.1 DDN.
  assert.equal((await get(node, `/api/accounts/getBalance?address=${other.address}`)).balance,
    String(1000000000 - 100 - 10000000 - 600000000 - 10000000));
  assert.equal((await get(node, `/api/accounts/getBalance?address=${spender.address}`)).balance,
    String(1000000000 - 900000000 - 10000000));
  assert.ok(Number(st.height) >= 2);
});

test('wrong nethash in the header or in the transaction: WRONG_NETHASH', async () => {
  const tx = validTx();
  assertRefused(await submit(node, tx, { nethash: 'zz99zz99' }), 'WRONG_NETHASH', 'header');
  const foreign = validTx({ nethash: devnet.nethash === 'zz99zz99' ? 'yy99yy99' : 'zz99zz99' });
  assertRefused(await submit(node, foreign), 'WRONG_NETHASH', 'transaction');
  const batch = await submitBatch(node, [foreign]);
  assert.equal(batch.rejected[0].code, 'WRONG_NETHASH');
  // The right header is fine.
  assert.equal((await submit(node, tx, { nethash: devnet.nethash })).success, true);
});

test('endpoints that would take a passphrase answer SECRET_REFUSED', async () => {
  const secret = devnet.faucet.secret;
  const calls = [
    ['PUT', '/api/transactions', { secret, amount: 100000000, recipientId: recipient() }],
    ['POST', '/api/accounts/open', { secret }],
    ['POST', '/api/accounts/generatePublicKey', { secret }],
    ['GET', '/api/accounts/new', undefined],
    ['PUT', '/api/delegates', { secret, username: 'evil' }],
    ['PUT', '/api/votes', { secret, delegates: [] }],
    ['PUT', '/api/signatures', { secret, secondSecret: 'x' }],
    ['PUT', '/api/multisignatures', { secret, min: 2, lifetime: 1, keysgroup: [] }],
    ['POST', '/api/multisignatures/sign', { secret, transactionId: 'a'.repeat(64) }],
    ['POST', '/api/delegates/forging/enable', { secret }],
    ['POST', '/api/delegates/forging/disable', { secret }],
  ];
  for (const [method, path, body] of calls) {
    const r = await request(node, path, { method, body });
    assertRefused(r, 'SECRET_REFUSED', `${method} ${path}`);
    assert.ok(!r.text.includes(secret), `${method} ${path} echoes the passphrase`);
  }
  const log = node.log();
  assert.ok(!log.includes(secret), 'the node logged a passphrase it was sent');
});

/**
 * Opens a raw TCP connection, lets `send` write to it, and collects what comes back until the
 * node closes the connection or `ms` pass. Resolves to {data, closed}.
 */
function rawExchange(send, ms = 5000, until = () => false) {
  return new Promise((resolve) => {
    const s = net.connect(node.port, '127.0.0.1');
    const chunks = [];
    let done = false;
    const finish = (closed) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ data: Buffer.concat(chunks).toString('latin1'), closed });
    };
    const timer = setTimeout(() => finish(false), ms);
    s.on('data', (d) => {
      chunks.push(d);
      if (until(Buffer.concat(chunks).toString('latin1'))) finish(false);
    });
    s.on('error', () => finish(true));
    s.on('close', () => finish(true));
    s.on('connect', () => send(s));
  });
}

test('raw TCP: garbage bytes, broken HTTP and half requests', async () => {
  const garbage = await rawExchange((s) => s.write(randomBytes(8192)));
  assert.ok(garbage.closed, 'the node must close a connection that sends garbage');
  if (garbage.data) assert.match(garbage.data, /^HTTP\/1\.1 400/, garbage.data.slice(0, 100));

  const notHttp = await rawExchange((s) => s.write('HELLO WORLD\r\n\r\n'));
  assert.ok(notHttp.closed);
  if (notHttp.data) assert.match(notHttp.data, /^HTTP\/1\.1 4\d\d/);

  const hugeHeader = await rawExchange((s) =>
    s.write(`GET /api/blocks/getHeight HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(256 * 1024)}\r\n\r\n`));
  assert.ok(hugeHeader.closed, 'a 256 KB header must end the connection');
  if (hugeHeader.data) assert.match(hugeHeader.data, /^HTTP\/1\.1 4(31|00|13)/, hugeHeader.data.slice(0, 100));

  const badLength = await rawExchange((s) =>
    s.write('POST /api/transactions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}'));
  assert.ok(badLength.closed);
  if (badLength.data) assert.match(badLength.data, /^HTTP\/1\.1 400/);

  // Half requests left open: a header never finished, a body shorter than its Content-Length.
  const half = [];
  const opened = [];
  for (let i = 0; i < 20; i++) {
    const s = net.connect(node.port, '127.0.0.1');
    s.on('error', () => {});
    opened.push(new Promise((r) => s.once('connect', r)));
    half.push(s);
  }
  await Promise.all(opened);
  half.forEach((s, i) => s.write(i % 2
    ? 'GET /api/blocks/getHeight HTTP/1.1\r\nHost: x\r\nX-Slow: '
    : 'POST /api/transactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"transaction": {"ty'));
  // While they hang, the node serves everyone else and keeps forging.
  const h = await height(node);
  await waitHeight(node, h + 1, 5000);
  const tx = validTx();
  assert.equal((await submit(node, tx)).success, true);
  await waitConfirmed(node, tx.id);
  for (const s of half) s.destroy();

  // Pipelined keep-alive requests on one connection are all answered, in order.
  const piped = await rawExchange((s) => s.write(
    'GET /api/blocks/getHeight HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(3) +
    'GET /api/node/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  assert.equal((piped.data.match(/HTTP\/1\.1 200/g) ?? []).length, 4, piped.data.slice(0, 500));
});

test('unknown routes, bad query parameters and WebSocket abuse', async () => {
  const notFound = await request(node, '/api/nope');
  assert.equal(notFound.status, 404);
  assert.equal((await request(node, '/api/blocks/getHeight', { method: 'DELETE' })).status, 405);
  for (const [path, code] of [
    ['/api/blocks/get?height=abc', 'INVALID_FIELD'],
    ['/api/blocks/get?height=-1', 'INVALID_FIELD'],
    ['/api/blocks/get?height=99999999999999999999999', 'INVALID_FIELD'],
    ['/api/blocks/get?height=999999999', 'NOT_FOUND'],
    ['/api/blocks/get', 'MISSING_FIELD'],
    ['/api/transactions/get?id=zz', 'INVALID_FIELD'],
    ['/api/transactions/status?id=' + 'A'.repeat(64), 'INVALID_FIELD'],
    ['/api/accounts/getBalance?address=Dnotanaddress', 'INVALID_FIELD'],
    ['/api/accounts/top?limit=100000', 'INVALID_FIELD'],
    ['/api/transactions?limit=0', 'INVALID_FIELD'],
    ['/api/delegates?orderBy=evil:desc', 'INVALID_FIELD'],
  ]) {
    assertRefused(await request(node, path), code, path);
  }
  const longUrl = await request(node, `/api/blocks/get?height=${'9'.repeat(100000)}`).catch((e) => ({ error: e }));
  assert.ok(longUrl.error || longUrl.status >= 400 || longUrl.body?.success === false,
    `a 100 KB URL: ${longUrl.status}`);

  // A WebSocket client that sends junk is ignored or disconnected; the node carries on.
  const ws = new WebSocket(`ws://127.0.0.1:${node.port}/api/events`);
  await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); });
  const closed = new Promise((r) => ws.once('close', r));
  ws.on('error', () => {});
  for (let i = 0; i < 50; i++) ws.send(randomBytes(1024));
  ws.send('x'.repeat(4 * 1024 * 1024));
  const wsOutcome = await Promise.race([closed.then((code) => `closed by the node (${code})`),
    new Promise((r) => setTimeout(() => r('ignored'), 1500))]);
  ws.terminate();
  console.log(`hostile: WebSocket junk -> ${wsOutcome}; 100 KB URL -> ${longUrl.error ? 'connection error' : `HTTP ${longUrl.status}`}`);
  // Upgrade requests elsewhere are not WebSockets.
  const up = await rawExchange((s) => s.write('GET /api/blocks/getHeight HTTP/1.1\r\nHost: x\r\n' +
    'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
    'Sec-WebSocket-Version: 13\r\n\r\n'), 3000, (d) => /\r\n\r\n/.test(d));
  assert.doesNotMatch(up.data, /^HTTP\/1\.1 101/);
  assert.match(up.data, /^HTTP\/1\.1 [2-4]\d\d /, up.data.slice(0, 100));
});

test('200 concurrent connections are all served', async () => {
  const N = 200;
  const sockets = await Promise.all(Array.from({ length: N }, () => new Promise((resolve, reject) => {
    const s = net.connect(node.port, '127.0.0.1');
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  })));
  // All 200 are open at once; now each sends a request.
  const answers = await Promise.all(sockets.map((s, i) => new Promise((resolve) => {
    const chunks = [];
    s.on('data', (d) => chunks.push(d));
    s.on('error', (e) => resolve(`error ${e.code}`));
    s.on('close', () => resolve(Buffer.concat(chunks).toString()));
    s.write(`GET ${i % 2 ? '/api/node/status' : '/api/blocks/getHeight'} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  })));
  const ok = answers.filter((a) => /^HTTP\/1\.1 200/.test(a) && /"success":true/.test(a)).length;
  assert.equal(ok, N, `only ${ok} of ${N} answered: ${answers.find((a) => !/^HTTP\/1\.1 200/.test(a))}`);

  // 100 concurrent submissions from one account: all accepted, all confirmed, balance exact.
  const payer = freshAccount('concurrent payer');
  await fund(node, devnet.nethash, devnet.faucet.secret, [payer.address], '100000000000');
  const txs = Array.from({ length: 100 }, (_, i) =>
    nativeTransfer({ secret: payer.secret, to: recipient(), amount: String(1000 + i), nethash: devnet.nethash }));
  const results = await Promise.all(txs.map((t) => submit(node, t)));
  assert.deepEqual(results.filter((r) => !r.success), []);
  for (const t of txs) await waitConfirmed(node, t.id);
  const spent = txs.reduce((s, t) => s + BigInt(t.amount) + 10000000n, 0n);
  assert.equal((await get(node, `/api/accounts/getBalance?address=${payer.address}`)).balance,
    String(100000000000n - spent));
});

test('expensive history queries do not stall forging', async () => {
  // A sender with 1,500 confirmed transfers (three full blocks).
  const payer = freshAccount('busy payer');
  await fund(node, devnet.nethash, devnet.faucet.secret, [payer.address], '100000000000');
  const to = recipient();
  for (let b = 0; b < 3; b++) {
    const txs = Array.from({ length: 500 }, (_, i) =>
      nativeTransfer({ secret: payer.secret, to, amount: String(1000 + b * 1000 + i), nethash: devnet.nethash }));
    const r = await submitBatch(node, txs);
    assert.equal(r.accepted.length, 500, JSON.stringify(r.rejected.slice(0, 3)));
  }
  await waitFor(async () => (await get(node, '/api/node/status')).poolSize === 0,
    { timeout: 15000, what: 'the pool to empty' });
  // Four clients page deep into that history at once (cheap for them to ask).
  const h0 = await height(node);
  const t0 = Date.now();
  const path = `/api/transactions?senderId=${payer.address}&limit=100&offset=1400`;
  const answers = await Promise.all(Array.from({ length: 4 }, async () => {
    const s = Date.now();
    const r = await request(node, path, { timeout: 60000 });
    return { ms: Date.now() - s, n: r.body?.transactions?.length, count: r.body?.count };
  }));
  const took = Date.now() - t0;
  const h1 = await waitHeight(node, (await height(node)) + 1, 10000);
  const stamps = [];
  for (let h = h0; h <= h1; h++) stamps.push((await get(node, `/api/blocks/get?height=${h}`)).block.timestamp);
  const gaps = stamps.slice(1).map((ts, i) => ts - stamps[i]).filter((d) => d !== 1);
  console.log(`hostile: 4 concurrent deep history queries took ${took} ms ` +
    `(each ${answers.map((a) => a.ms).join('/')} ms); blocks ${h0}..${h1}, slot gaps ${JSON.stringify(gaps)}`);
  for (const a of answers) assert.equal(a.n, 100);
  assert.deepEqual(gaps, [], `forging stalled while the queries ran: block timestamps ${stamps.join(' ')}`);
});

test('after all of it: the node answers, keeps forging and logged no crash', async () => {
  assert.ok(node.running, 'the node process is gone');
  const h = await height(node);
  assert.ok(h > startHeight);
  await waitHeight(node, h + 2, 6000);
  const status = await get(node, '/api/node/status');
  assert.equal(status.poolSize, 0);
  const metrics = (await request(node, '/metrics')).text;
  assert.match(metrics, /ddn_http_responses_total\{class="4xx"\} [1-9]/);
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log:\n${bad.join('\n')}`);
  const exit = await node.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, node.logTail(10));
});
