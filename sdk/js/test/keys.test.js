// Tests of keys, addresses and Ed25519 signing/verification against the DDN reference vectors
// (shared/reference/ddn-reference.md §1.2–1.4 and §12). The libsodium verification rules in
// detail are tested in verify.test.js.

import test from 'node:test';
import assert from 'node:assert/strict';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58 } from '@scure/base';
import { getKeys, getAddress, isAddress, decodeAddress, bytesToHex, hexToBytes, isValidPublicKey } from '../src/index.js';
import { signDigestWithSecret, verifyDigest } from '../src/keys.js';

const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
const S2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
const S3 = 'second secret phrase for test';

test('getKeys: reference §12 public keys', () => {
  assert.equal(getKeys(S1).publicKey, '50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae');
  assert.equal(getKeys(S2).publicKey, '5e0576619e01280579a5dd75ca0826a2d1145217364d2e31ee46d3ec8346ee0e');
  assert.equal(getKeys(S3).publicKey, 'f4f66f2012444e3a42a880b28fa51fcc5e409e2fb239df7d4df4c1fc11ee6792');
});

test('getKeys: privateKey is seed || publicKey, seed = SHA-256(secret)', () => {
  const k = getKeys(S1);
  assert.equal(k.privateKey, '9ef07a92ea26ca3ae252fd4ed9cd1505a9f6a95f72e60219eb1081e939ba162a' + k.publicKey);
  assert.equal(k.privateKey.slice(0, 64), bytesToHex(sha256(new TextEncoder().encode(S1))));
});

test('getKeys: the secret is used verbatim (no trimming, no normalisation)', () => {
  assert.notEqual(getKeys(` ${S1}`).publicKey, getKeys(S1).publicKey);
  assert.notEqual(getKeys(`${S1}\n`).publicKey, getKeys(S1).publicKey);
  // "é" precomposed vs decomposed must give different keys.
  assert.notEqual(getKeys('caf\u00e9').publicKey, getKeys('cafe\u0301').publicKey);
  assert.throws(() => getKeys(42), { code: 'INVALID_FIELD' });
});

test('getAddress: reference §12 addresses', () => {
  assert.equal(getAddress(getKeys(S1).publicKey), 'DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7');
  assert.equal(getAddress(getKeys(S2).publicKey), 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2');
  assert.throws(() => getAddress('50E18B1D5EE084680FBC5CC34CDC4AAA1C4FE23662A3376C8BF5B33D3B16C4AE'), { code: 'INVALID_FIELD' });
  assert.throws(() => getAddress('50e18b'), { code: 'INVALID_FIELD' });
});

test('isAddress accepts canonical addresses only', () => {
  assert.equal(isAddress('DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7'), true);
  assert.equal(isAddress('DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2'), true);
  assert.equal(bytesToHex(decodeAddress('DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2')).length, 40);
  for (const bad of [
    'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD3', // checksum
    'EPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', // prefix
    'dPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', // prefix case
    'PwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', // no prefix
    ' DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', // whitespace
    'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2 ',
    'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD0', // 0 is not in the alphabet
    'D',
    '',
  ]) {
    assert.equal(isAddress(bad), false, bad);
  }
  assert.equal(isAddress(null), false);
  assert.equal(isAddress(12), false);
  // Correct checksum but a 21-byte payload: refused (the legacy rule did not check the length).
  const payload = new Uint8Array(21).fill(7);
  const long = 'D' + base58.encode(Uint8Array.from([...payload, ...sha256(sha256(payload)).slice(0, 4)]));
  assert.equal(isAddress(long), false);
  // Same for a 19-byte payload.
  const short = payload.slice(0, 19);
  assert.equal(isAddress('D' + base58.encode(Uint8Array.from([...short, ...sha256(sha256(short)).slice(0, 4)]))), false);
});

test('isAddress handles leading zero bytes canonically', () => {
  const hash = new Uint8Array(20); // all zero
  const addr = 'D' + base58.encode(Uint8Array.from([...hash, ...sha256(sha256(hash)).slice(0, 4)]));
  assert.ok(addr.startsWith('D1111'));
  assert.equal(isAddress(addr), true);
  assert.equal(isAddress('D1' + addr.slice(1)), false); // an extra leading zero byte
});

test('signatures over the 32-byte digest match tweetnacl (reference §12 T1)', () => {
  const digest = hexToBytes('d85ae25d0b8591c968eed3ac37751effeefbf175258c176315a93b5f15b83fb5');
  const sig = signDigestWithSecret(digest, S1);
  assert.equal(
    bytesToHex(sig),
    'f46cec3f311c5ab25d7fe54534bf3e628cbe66fd36db4d25c5cc90cc6e350e8d4650a1627329c458439cc0e38765ffed246d7fb5b431d8c4e85e05544489e70e',
  );
  const digest2 = hexToBytes('a7994fd1b12c83af2d7a98cdd56d5ae8045348fa528f3b014299130371b69502');
  assert.equal(
    bytesToHex(signDigestWithSecret(digest2, S3)),
    'e969151d2e0c619b637d679ebc79c96867cd927998fbbf0545492491a7bd39e30726d08ab04a7e303ebacd4da5315f76282335ea0f819faac0c3bd8dd971700d',
  );
  assert.equal(verifyDigest(digest, sig, hexToBytes(getKeys(S1).publicKey)), true);
  assert.equal(verifyDigest(digest, sig, hexToBytes(getKeys(S2).publicKey)), false);
  assert.equal(verifyDigest(digest2, sig, hexToBytes(getKeys(S1).publicKey)), false);
});

const L = 2n ** 252n + 27742317777372353535851937790883648493n;
function leToBig(b) {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
}
function bigToLe(v, n) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

test('verification refuses a non-canonical S (S + L)', () => {
  const digest = sha256(new Uint8Array([1, 2, 3]));
  const pk = hexToBytes(getKeys(S1).publicKey);
  const sig = signDigestWithSecret(digest, S1);
  const s = leToBig(sig.slice(32));
  const malleated = Uint8Array.from([...sig.slice(0, 32), ...bigToLe(s + L, 32)]);
  assert.equal(verifyDigest(digest, sig, pk), true);
  assert.equal(verifyDigest(digest, malleated, pk), false);
});

test('verification refuses small-order and non-canonical public keys and R', () => {
  const identity = new Uint8Array(32);
  identity[0] = 1; // y = 1: the neutral element, small order
  assert.equal(isValidPublicKey(identity), false);
  // y = p + 1 ≡ 1: non-canonical encoding of the neutral element
  const p = 2n ** 255n - 19n;
  assert.equal(isValidPublicKey(bigToLe(p + 1n, 32)), false);
  assert.equal(isValidPublicKey(hexToBytes(getKeys(S1).publicKey)), true);
  // A signature that verifies against the neutral key for any message under the cofactored
  // equation: R = identity, S = 0. Must be refused.
  const digest = sha256(new Uint8Array([9]));
  const forged = Uint8Array.from([...identity, ...new Uint8Array(32)]);
  assert.equal(verifyDigest(digest, forged, identity), false);
  // Small-order R with an honest key: R = identity, S = 0 does not verify anyway, but must be
  // refused before the equation is tried.
  assert.equal(verifyDigest(digest, forged, hexToBytes(getKeys(S1).publicKey)), false);
});

test('a key with a torsion component is not a valid asset key, but may still sign', () => {
  const pk = hexToBytes(getKeys(S1).publicKey);
  const A = ed25519.Point.fromBytes(pk);
  // The point of order 2: (0, -1).
  const T = ed25519.Point.fromAffine({ x: 0n, y: ed25519.Point.Fp.neg(1n) });
  const dirty = A.add(T).toBytes();
  // crypto_core_ed25519_is_valid_point refuses it (not in the prime-order subgroup) ...
  assert.equal(isValidPublicKey(dirty), false);
  // ... while crypto_sign_verify_detached does not look at the subgroup: see verify.test.js.
});
