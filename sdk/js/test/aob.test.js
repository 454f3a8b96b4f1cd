// Tests of the AOB types 60–65 (src/assets.js): building, binary and JSON round trips, the
// recipient of aob-transfer, every field signed, and refusal of missing, overlong, non-canonical
// and unknown fields. Byte identity with C++ is in vectors.test.js.

import test from 'node:test';
import assert from 'node:assert/strict';
import {
  TYPES, createTransaction, encodeTransaction, decodeTransaction, signDigest, verifyTransaction,
  getKeys, getAddress,
} from '../src/index.js';

const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
const S2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
const NET = '0ab796cd';
const A1 = getAddress(getKeys(S1).publicKey);
const A2 = getAddress(getKeys(S2).publicKey);

const ASSET = {
  name: 'Acme.GOLD', desc: 'gold', maximum: '1000000', precision: 2,
  allow_writeoff: '1', allow_whitelist: '0', allow_blacklist: '1',
};

const make = (type, asset, extra = {}, secret = S1) =>
  createTransaction({ type, nethash: NET, timestamp: 1000, asset, ...extra }, secret);

const ONE_OF_EACH = () => [
  make(TYPES.AOB_ISSUER, { aobIssuer: { name: 'Acme', desc: 'Acme Corp. été 📄' } }),
  make(TYPES.AOB_ASSET, { aobAsset: ASSET }),
  make(TYPES.AOB_ASSET, { aobAsset: { ...ASSET, strategy: 'x < 1' } }),
  make(TYPES.AOB_FLAGS, { aobFlags: { currency: 'Acme.GOLD', flag_type: 2, flag: 1 } }),
  make(TYPES.AOB_ACL, { aobAcl: { currency: 'Acme.GOLD', flag: 1, operator: '-', list: [A2] } }),
  make(TYPES.AOB_ISSUE, { aobIssue: { currency: 'Acme.GOLD', amount: '18446744073709551615' } }),
  make(TYPES.AOB_TRANSFER, { aobTransfer: { currency: 'Acme.GOLD', amount: '5', content: 'hi' } },
    { recipientId: A2 }),
];

test('aob: every type round-trips through binary and JSON and verifies', () => {
  for (const tx of ONE_OF_EACH()) {
    assert.deepEqual(decodeTransaction(encodeTransaction(tx)), tx);
    assert.equal(verifyTransaction(tx).valid, true);
  }
  const [issuer, asset, , , , issue, transfer] = ONE_OF_EACH();
  assert.equal(issuer.fee, '10000000000');
  assert.equal(asset.fee, '50000000000');
  assert.deepEqual(Object.keys(asset.asset.aobAsset),
    ['name', 'desc', 'maximum', 'precision', 'allow_writeoff', 'allow_whitelist', 'allow_blacklist']);
  assert.equal(issue.asset.aobIssue.amount, '18446744073709551615');
  assert.equal(transfer.fee, '0');
  assert.equal(transfer.amount, '0');
  assert.equal(transfer.recipientId, A2);
});

test('aob: every field is signed', () => {
  const a = make(TYPES.AOB_ASSET, { aobAsset: ASSET });
  for (const change of [{ maximum: '1000001' }, { precision: 3 }, { allow_writeoff: '0' },
    { allow_blacklist: '0' }, { strategy: 's' }]) {
    const b = make(TYPES.AOB_ASSET, { aobAsset: { ...ASSET, ...change } });
    assert.notEqual(signDigest(a), signDigest(b));
    assert.equal(verifyTransaction({ ...b, signature: a.signature, id: a.id }).valid, false);
  }
});

test('aob: refusals', () => {
  const refused = (code, type, asset, extra) => assert.throws(() => make(type, asset, extra), { code });
  refused('MISSING_FIELD', TYPES.AOB_ISSUER, { aobIssuer: { name: 'Acme' } });
  refused('INVALID_FIELD', TYPES.AOB_ISSUER, { aobIssuer: { name: 'Abcdefghijklmnopq', desc: 'x' } });
  refused('INVALID_FIELD', TYPES.AOB_ISSUER, { aobIssuer: { name: 'Acme', desc: 'x'.repeat(1025) } });
  refused('UNKNOWN_FIELD', TYPES.AOB_ISSUER, { aobIssuer: { name: 'Acme', desc: 'x', issuer_id: A1 } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, name: 'Acme.gold' } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, maximum: '0' } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, maximum: '01' } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, maximum: '18446744073709551616' } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, precision: 17 } });
  refused('INVALID_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, allow_writeoff: true } });
  refused('NON_CANONICAL', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, strategy: '' } });
  refused('UNKNOWN_FIELD', TYPES.AOB_ASSET, { aobAsset: { ...ASSET, quantity: '0' } });
  refused('INVALID_FIELD', TYPES.AOB_FLAGS, { aobFlags: { currency: 'Acme.GOLD', flag_type: 3, flag: 1 } });
  refused('INVALID_FIELD', TYPES.AOB_FLAGS, { aobFlags: { currency: 'Acme.GOLD', flag_type: 2, flag: 0 } });
  refused('INVALID_FIELD', TYPES.AOB_ACL, { aobAcl: { currency: 'Acme.GOLD', flag: 0, operator: '*', list: [A2] } });
  refused('INVALID_FIELD', TYPES.AOB_ACL, { aobAcl: { currency: 'Acme.GOLD', flag: 0, operator: '+', list: [] } });
  refused('INVALID_FIELD', TYPES.AOB_ACL, { aobAcl: { currency: 'Acme.GOLD', flag: 0, operator: '+', list: [A2, A2] } });
  refused('INVALID_FIELD', TYPES.AOB_ACL, { aobAcl: { currency: 'Acme.GOLD', flag: 0, operator: '+', list: [A1] } });
  refused('INVALID_FIELD', TYPES.AOB_ISSUE, { aobIssue: { currency: 'Acme.GOLD', amount: '0' } });
  refused('MISSING_FIELD', TYPES.AOB_TRANSFER, { aobTransfer: { currency: 'Acme.GOLD', amount: '1' } });
  refused('INVALID_FIELD', TYPES.AOB_TRANSFER, { aobTransfer: { currency: 'Acme.GOLD', amount: '1' } },
    { recipientId: A1 });
  refused('INVALID_FIELD', TYPES.AOB_TRANSFER, { aobTransfer: { currency: 'Acme.GOLD', amount: '1' } },
    { recipientId: A2, amount: '1' });
  refused('INVALID_FIELD', TYPES.AOB_ISSUE, { aobIssue: { currency: 'Acme.GOLD', amount: '1' } },
    { recipientId: A2 });
});

test('aob: non-canonical binary is refused', () => {
  const tx = make(TYPES.AOB_ASSET, { aobAsset: ASSET });
  const bytes = encodeTransaction(tx);
  // The three allow_* bytes sit just before the 64-byte signature and the empty-extras tail:
  // find them by re-encoding with one flag changed.
  const other = encodeTransaction(make(TYPES.AOB_ASSET, { aobAsset: { ...ASSET, allow_blacklist: '0' } }));
  let at = -1;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 1 && other[i] === 0) { at = i; break; }
  }
  assert.ok(at > 0);
  const bad = Uint8Array.from(bytes);
  bad[at] = 2;
  assert.throws(() => decodeTransaction(bad), { code: 'NON_CANONICAL' });
});
