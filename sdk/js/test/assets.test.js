// Tests of the registered asset types (src/assets.js): evidence (20) and lock (100) — building,
// binary and JSON round trips, every field signed, and refusal of missing, overlong,
// non-canonical and unknown fields. Byte identity with C++ is in vectors.test.js.

import test from 'node:test';
import assert from 'node:assert/strict';
import {
  TYPES, createTransaction, encodeTransaction, decodeTransaction, signDigest, verifyTransaction,
  bytesToHex,
} from '../src/index.js';

const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
const NET = '0ab796cd';
const HASH = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const EVIDENCE = { short_hash: '9f86d0818', hash: HASH, author: 'alice', type: 'txt', title: 'été 📄' };

const evidenceTx = (evidence = EVIDENCE) =>
  createTransaction({ type: TYPES.EVIDENCE, nethash: NET, timestamp: 1000, asset: { evidence } }, S1);

test('evidence: create, encode, decode, verify', () => {
  const tx = evidenceTx();
  assert.equal(tx.fee, '10000000');
  assert.equal(tx.amount, '0');
  assert.equal(tx.recipientId, undefined);
  assert.deepEqual(tx.asset, { evidence: { short_hash: '9f86d0818', title: 'été 📄', hash: HASH, author: 'alice', type: 'txt' } });
  const bytes = encodeTransaction(tx);
  assert.deepEqual(decodeTransaction(bytes), tx);
  assert.equal(verifyTransaction(tx).valid, true);
});

test('evidence: moving text between fields changes the signed body', () => {
  const a = evidenceTx({ ...EVIDENCE, title: 'ab', description: 'c' });
  const b = evidenceTx({ ...EVIDENCE, title: 'a', description: 'bc' });
  assert.notEqual(signDigest(a), signDigest(b));
  const forged = { ...b, signature: a.signature, id: a.id };
  assert.equal(verifyTransaction(forged).valid, false);
});

test('evidence: refusals', () => {
  const without = { ...EVIDENCE };
  delete without.hash;
  assert.throws(() => evidenceTx(without), { code: 'MISSING_FIELD' });
  assert.throws(() => evidenceTx({ ...EVIDENCE, title: 'x'.repeat(257) }), { code: 'INVALID_FIELD' });
  assert.doesNotThrow(() => evidenceTx({ ...EVIDENCE, title: '📄'.repeat(256) }));
  assert.throws(() => evidenceTx({ ...EVIDENCE, description: '' }), { code: 'NON_CANONICAL' });
  assert.throws(() => evidenceTx({ ...EVIDENCE, colour: 'red' }), { code: 'UNKNOWN_FIELD' });
  assert.throws(() => evidenceTx({ ...EVIDENCE, short_hash: 'a b' }), { code: 'INVALID_FIELD' });
  assert.throws(() => evidenceTx({ ...EVIDENCE, size: 12 }), { code: 'INVALID_FIELD' });
  const tx = evidenceTx();
  const bytes = encodeTransaction(tx);
  assert.throws(() => decodeTransaction(Uint8Array.of(...bytes, 0)), { code: 'NON_CANONICAL' });
  assert.throws(() => decodeTransaction(bytes.slice(0, bytes.length - 80)));
  assert.equal(verifyTransaction({ ...tx, fee: '1' }).valid, false);
});

test('lock: create, encode, decode; height limits', () => {
  const lock = (height) =>
    createTransaction({ type: TYPES.LOCK, nethash: NET, timestamp: 5, asset: { lock: { height } } }, S1);
  const tx = lock(1234);
  assert.deepEqual(tx.asset, { lock: { height: 1234 } });
  assert.equal(tx.fee, '10000000');
  const bytes = encodeTransaction(tx);
  // The asset is the u64le height right before the signature.
  const assetHex = bytesToHex(bytes.slice(bytes.length - 64 - 2 - 8, bytes.length - 64 - 2));
  assert.equal(assetHex, 'd204000000000000');
  assert.deepEqual(decodeTransaction(bytes), tx);
  assert.doesNotThrow(() => lock(Number.MAX_SAFE_INTEGER));
  for (const bad of [0, -1, 1.5, '1234', Number.MAX_SAFE_INTEGER + 1]) {
    assert.throws(() => lock(bad), { code: 'INVALID_FIELD' }, String(bad));
  }
  assert.throws(
    () => createTransaction({ type: TYPES.LOCK, nethash: NET, timestamp: 5, asset: { lock: {} } }, S1),
    { code: 'MISSING_FIELD' });
  assert.throws(
    () => createTransaction({ type: TYPES.LOCK, nethash: NET, timestamp: 5, recipientId: 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', asset: { lock: { height: 9 } } }, S1),
    { code: 'INVALID_FIELD' });
});
