// Tests of the registered asset types (src/assets.js): evidence (20) and lock (100) — building,
// binary and JSON round trips, every field signed, and refusal of missing, overlong,
// non-canonical and unknown fields. Byte identity with C++ is in vectors.test.js.

import test from 'node:test';
import assert from 'node:assert/strict';
import {
  TYPES, createTransaction, encodeTransaction, decodeTransaction, signDigest, verifyTransaction,
  bytesToHex, getKeys, getAddress,
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

// ---- DAO, types 40–43 ----

const S2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
const ORG = { org_id: 'ddn_foundation', name: 'DDN Foundation', tags: 'chain,dao', url: 'https://ddn.net', state: 0 };
const TXID = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const daoTx = (type, asset, extra = {}, secret = S1) =>
  createTransaction({ type, nethash: NET, timestamp: 1000, asset, ...extra }, secret);
const addressOf = (secret) => getAddress(getKeys(secret).publicKey);

test('dao: every type round-trips through binary and JSON; fees', () => {
  const cases = [
    [daoTx(TYPES.DAO_ORG, { daoOrg: ORG }), '1000000000'],
    [daoTx(TYPES.DAO_ORG, { daoOrg: { ...ORG, org_id: 'abcde', state: 1 } }), '16000000000'],
    [daoTx(TYPES.DAO_ORG, { daoOrg: { ...ORG, org_id: 'abcdefghij' } }), '5000000000'],
    [daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 0, price: '500' } },
      { recipientId: addressOf(S2) }), '10000000'],
    [daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 1, exchange_trs_id: TXID, price: '500' } },
      { recipientId: addressOf(S2), amount: '500' }), '10000000'],
    [daoTx(TYPES.DAO_CONTRIBUTION, { daoContribution: { org_id: 'ddn_foundation', title: 'Docs 📄', url: 'https://x.io/1', price: '7' } }),
      '100000000'],
    [daoTx(TYPES.DAO_CONFIRMATION, { daoConfirmation: { contribution_trs_id: TXID, state: 1, url: 'https://x.io/ok' } },
      { recipientId: addressOf(S2), amount: '7' }), '100000000'],
    [daoTx(TYPES.DAO_CONFIRMATION, { daoConfirmation: { contribution_trs_id: TXID, state: 0 } },
      { recipientId: addressOf(S2) }), '0'],
  ];
  for (const [tx, fee] of cases) {
    assert.equal(tx.fee, fee, JSON.stringify(tx.asset));
    assert.deepEqual(decodeTransaction(encodeTransaction(tx)), tx);
    assert.equal(verifyTransaction(tx).valid, true, JSON.stringify(tx.asset));
  }
  assert.equal(cases[3][0].recipientId, addressOf(S2));
});

test('dao: refusals of missing, overlong, non-canonical and inconsistent fields', () => {
  const org = (o) => daoTx(TYPES.DAO_ORG, { daoOrg: o });
  const without = { ...ORG };
  delete without.tags;
  assert.throws(() => org(without), { code: 'MISSING_FIELD' });
  assert.throws(() => org({ ...ORG, name: '' }), { code: 'MISSING_FIELD' });
  assert.throws(() => org({ ...ORG, name: 'n'.repeat(65) }), { code: 'INVALID_FIELD' });
  for (const id of ['abcd', '_abcde', 'abcde_', 'ABCDE', 'a'.repeat(21)]) {
    assert.throws(() => org({ ...ORG, org_id: id }), { code: 'INVALID_FIELD' }, id);
  }
  assert.throws(() => org({ ...ORG, tags: 'a,a' }), { code: 'INVALID_FIELD' });
  assert.throws(() => org({ ...ORG, url: '' }), { code: 'NON_CANONICAL' });
  assert.throws(() => org({ ...ORG, url: 'ftp://x.io' }), { code: 'INVALID_FIELD' });
  assert.throws(() => org({ ...ORG, state: 2 }), { code: 'INVALID_FIELD' });
  assert.throws(() => org({ ...ORG, owner: 'x' }), { code: 'UNKNOWN_FIELD' });
  // Type 40 names no recipient; 41 and 43 need one.
  assert.throws(() => daoTx(TYPES.DAO_ORG, { daoOrg: ORG }, { recipientId: addressOf(S2) }), { code: 'INVALID_FIELD' });
  assert.throws(() => daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 0, price: '5' } }),
    { code: 'MISSING_FIELD' });
  // An offer pays nothing; an acceptance pays exactly the price and names the offer.
  const to = { recipientId: addressOf(S2) };
  assert.throws(() => daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 0, price: '5' } },
    { ...to, amount: '5' }), { code: 'INVALID_FIELD' });
  assert.throws(() => daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 1, price: '5' } },
    { ...to, amount: '5' }), { code: 'MISSING_FIELD' });
  assert.throws(() => daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 1, exchange_trs_id: TXID, price: '5' } },
    { ...to, amount: '4' }), { code: 'INVALID_FIELD' });
  for (const price of ['05', '-1', '1e3', 5]) {
    assert.throws(() => daoTx(TYPES.DAO_CONTRIBUTION, { daoContribution: { org_id: 'ddn_foundation', title: 'T', url: 'https://x.io', price } }),
      { code: 'INVALID_FIELD' }, String(price));
  }
  assert.throws(() => daoTx(TYPES.DAO_CONTRIBUTION, { daoContribution: { org_id: 'ddn_foundation', title: 't'.repeat(129), url: 'https://x.io', price: '1' } }),
    { code: 'INVALID_FIELD' });
  assert.throws(() => daoTx(TYPES.DAO_CONFIRMATION, { daoConfirmation: { contribution_trs_id: TXID.toUpperCase(), state: 1 } },
    { ...to, amount: '1' }), { code: 'INVALID_FIELD' });
  assert.throws(() => daoTx(TYPES.DAO_CONFIRMATION, { daoConfirmation: { contribution_trs_id: TXID, state: 0 } },
    { ...to, amount: '1' }), { code: 'INVALID_FIELD' });
  // Binary: a presence byte of 2 is non-canonical; trailing bytes too.
  const offer = daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 0, price: '5' } }, to);
  const bytes = encodeTransaction(offer);
  assert.throws(() => decodeTransaction(Uint8Array.of(...bytes, 0)), { code: 'NON_CANONICAL' });
  // Changing the price changes the signed body.
  const other = daoTx(TYPES.DAO_EXCHANGE, { daoExchange: { org_id: 'ddn_foundation', state: 0, price: '6' } }, to);
  assert.equal(verifyTransaction({ ...other, signature: offer.signature, id: offer.id }).valid, false);
});
