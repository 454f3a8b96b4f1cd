// Ed25519 verification must be libsodium 1.0.18's crypto_sign_verify_detached, the consensus
// implementation of the C++ node (src/crypto/ed25519.cc), neither stricter nor looser
// (protocol.md §5): S < L; R not an encoding (canonical or not) of a small-order point; the public
// key canonical and not of small order; then encode([S]B − [k]A) must equal R byte for byte
// (cofactorless). Neither A nor R has to be in the prime-order subgroup.
//
// LIBSODIUM_VECTORS were produced with random inputs and judged by libsodium 1.0.18 itself (a C
// harness calling crypto_sign_verify_detached); the other tests build the adversarial cases here.

import test from 'node:test';
import assert from 'node:assert/strict';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import {
  bytesToHex, hexToBytes, getKeys, isValidPublicKey, signDigest, transactionId, verifyTransaction, encodeTransaction,
  decodeTransaction,
} from '../src/index.js';
import { hasSmallOrderEncoding, signDigestWithSecret, verifyDigest, L } from '../src/keys.js';

const Point = ed25519.Point;
const B = Point.BASE;
const P = 2n ** 255n - 19n;
const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';

const le = (v, n = 32) => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
};
const num = (b) => {
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  return v;
};
const cat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const kOf = (R, A, m) => num(sha512(cat(R, A, m))) % L;
// Deterministic "random" scalars.
const scalar = (label) => num(sha512(new TextEncoder().encode(label))) % L;

// [name, libsodium's verdict, public key, signature, message]
const LIBSODIUM_VECTORS = [
  ['honest', true, 'cd3e2bc7f288fa6d51050be35bf35f1a234b5ba5a0d5349c767a2292f7ee71bc', '7fc5de895333b1319a6dc6e0cbc8de0ecb0e9f34cbc93093293a20e5fbc5c60f25348b4fc99f3b60b2590eadba0541a8d01ba17354319a2e69d757f7380af508', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['S+L', false, 'cd3e2bc7f288fa6d51050be35bf35f1a234b5ba5a0d5349c767a2292f7ee71bc', '7fc5de895333b1319a6dc6e0cbc8de0ecb0e9f34cbc93093293a20e5fbc5c60f120881ace3024eb888f6055099ff1fbdd01ba17354319a2e69d757f7380af518', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['mixed-order key, k not ≡ 0 mod 8 (cofactored would accept)', false, '093f3a435220a320168a0747ac17eae48a2b9bd67fcac8c9a983ce488d1143b3', '7fc5de895333b1319a6dc6e0cbc8de0ecb0e9f34cbc93093293a20e5fbc5c60f0e417b2f5aaa2b6be4ff4e499a70230d799891857339e89cff787ed673adf204', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['mixed-order key, [k]T = 0', true, 'ef9e2dbbb99dd620981e328819649d1798f4e61dc878409c3b77d05b8f07e93c', '18b62868d72d81cc584d5106003d66b9ac87f83731c0f526c7a9bef301c3543642936a7264a3043cfeb133398eca41c4a84f60193dae9ad591ace8e2984a9301', '3a549ef39b2a3242f568f6d69bcd9e6e79c86a40378ed91d55733b3fd3d2768d'],
  ['mixed-order key, ground k ≡ 0 mod 8', true, '093f3a435220a320168a0747ac17eae48a2b9bd67fcac8c9a983ce488d1143b3', '1eda56bf49c672de458ed795916e855d3f2dcbffbba76bab1a51cf8e685d355b201228974c88963942319c9bfb49a4378d50c6b1ac573e8b82a07fa1fb6c4c0b', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['mixed-order key and mixed-order R', true, '093f3a435220a320168a0747ac17eae48a2b9bd67fcac8c9a983ce488d1143b3', '24ee811094e4b53d1fd5751527cc7703b5dcee557067b476dd26a93e31bd6b4f37b41cae1d4903efd684a31c4eac5cd5509801ec66279e46ad5123a7f8c2c20b', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['mixed-order R, prime-order key', false, 'cd3e2bc7f288fa6d51050be35bf35f1a234b5ba5a0d5349c767a2292f7ee71bc', '31fc11154a04fec8e575c4d3da9ee677faf13e450751ca06614fa653f6b1350560c962647a6d37712ed4e96318a6651cab9a063a2fb736bccef3c90777d9100a', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['small-order key, equation holds', false, 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a', 'e8621abe183fe894d1a8d821812ec103321d0eb30558f42d1086cff2ef7972b1bd0b823ff3c4902ea694122357e093c3fc63c647f8153800343a2365c7a83409', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['small-order R (order 4, sign bit), equation holds', false, '093f3a435220a320168a0747ac17eae48a2b9bd67fcac8c9a983ce488d1143b3', '0000000000000000000000000000000000000000000000000000000000000080f4aa2b0a7849c5e67015e59be3599c3ed45a835797fdb6fe015d64596d74cd0f', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['identity R, equation holds', false, 'cd3e2bc7f288fa6d51050be35bf35f1a234b5ba5a0d5349c767a2292f7ee71bc', '010000000000000000000000000000000000000000000000000000000000000001819d0c80ab17426dc0cd40f5db685bf9aeb5ef54b70953ec556479a1666f06', '6e413fe346b34c4f79c5cb7bdf46ba2e69fd136555e97442cc10765227c54d06'],
  ['small-order R (y = 0)', false, 'bd8f7a8f2b7dc42332656e49aed3a3a77f1eb8e688b7670085e814e096be27e6', '000000000000000000000000000000000000000000000000000000000000000009cac9f6d004158f762ca7560657b81c94a87b41139bde49d13ff23bef21150c', '97ced280dbf60a0f9b2941397ebd892ab497f86d61b47a1063fa6bfc642f8df0'],
  ['small-order key (y = 0)', false, '0000000000000000000000000000000000000000000000000000000000000000', 'bd8f7a8f2b7dc42332656e49aed3a3a77f1eb8e688b7670085e814e096be27e6a2a44cc365babc4e7cfe7c28842ba0d7d826b74c53e11083d8a3b44ec1515c04', '97ced280dbf60a0f9b2941397ebd892ab497f86d61b47a1063fa6bfc642f8df0'],
  ['non-canonical key y = p', false, 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', 'bf1f5bc8cdc15160799ee2e1301026f18a737fa2e66cf189d8dda995ea2093bbe754290b5781ffa339635aec15b87065e2ac7ad87efc4a349618d43a71b30b0f', 'c646ae4e42e95d67dbc6e9661f232ba20eebe5ef873368333d9cb3eeca7fb21e'],
  ['non-canonical R y = p', false, 'bf1f5bc8cdc15160799ee2e1301026f18a737fa2e66cf189d8dda995ea2093bb', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7ffacb16442691e225c68fe407f46a50e8e5f46269f0f2cbe473bf79097d9a0d04', 'c646ae4e42e95d67dbc6e9661f232ba20eebe5ef873368333d9cb3eeca7fb21e'],
];

test('agrees with libsodium 1.0.18 on recorded vectors', () => {
  for (const [name, expected, pk, sig, msg] of LIBSODIUM_VECTORS) {
    assert.equal(verifyDigest(hexToBytes(msg), hexToBytes(sig), hexToBytes(pk)), expected, name);
  }
});

// libsodium's ge25519_has_small_order blacklist (the last byte compared with its top bit cleared).
const ORDER8_A = '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05';
const ORDER8_B = 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a';
const BLACKLIST = [le(0n), le(1n), hexToBytes(ORDER8_A), hexToBytes(ORDER8_B), le(P - 1n), le(P), le(P + 1n)];
const withSignBit = (b) => {
  const c = Uint8Array.from(b);
  c[31] |= 0x80;
  return c;
};

test('small-order encodings: exactly libsodium\'s blacklist, with and without the sign bit', () => {
  for (const e of BLACKLIST) {
    assert.equal(hasSmallOrderEncoding(e), true, bytesToHex(e));
    assert.equal(hasSmallOrderEncoding(withSignBit(e)), true, bytesToHex(withSignBit(e)));
    assert.equal(isValidPublicKey(e), false);
    assert.equal(isValidPublicKey(withSignBit(e)), false);
  }
  // Every small-order point encodes to one of them.
  const T8 = Point.fromBytes(hexToBytes(ORDER8_A));
  const listed = new Set([...BLACKLIST, ...BLACKLIST.map(withSignBit)].map(bytesToHex));
  for (let j = 0n; j < 8n; j++) {
    const e = T8.multiplyUnsafe(j).toBytes();
    assert.ok(listed.has(bytesToHex(e)), `[${j}]T8`);
  }
  // Ordinary keys and bytes that do not decode are not of small order.
  assert.equal(hasSmallOrderEncoding(hexToBytes(getKeys(S1).publicKey)), false);
  assert.equal(hasSmallOrderEncoding(le(2n)), false); // y = 2 is not on the curve
});

test('S must be < L', () => {
  const digest = sha256(new Uint8Array([1, 2, 3]));
  const pk = hexToBytes(getKeys(S1).publicKey);
  const sig = signDigestWithSecret(digest, S1);
  const s = num(sig.slice(32));
  assert.equal(verifyDigest(digest, sig, pk), true);
  assert.equal(verifyDigest(digest, cat(sig.slice(0, 32), le(s + L)), pk), false);
  assert.equal(verifyDigest(digest, cat(sig.slice(0, 32), le(L)), pk), false);
  assert.equal(verifyDigest(digest, cat(sig.slice(0, 32), le(2n ** 256n - 1n)), pk), false);
});

// A key with a torsion component, A = aB + T, and an honest cofactorless signature: R = rB,
// S = r + k·a, which satisfies [S]B − [k]A = R − [k]T, i.e. exactly when [k]T = 0. The nonce is
// ground until k is a multiple of the order of T.
const a = scalar('mixed key');
const T8 = Point.fromBytes(hexToBytes(ORDER8_A));
const mixedKey = B.multiply(a).add(T8);
const mixedKeyBytes = mixedKey.toBytes();

function mixedSignature(message, { wantZero }) {
  for (let i = 0; ; i++) {
    const r = scalar(`nonce ${i}`);
    const R = B.multiply(r).toBytes();
    const k = kOf(R, mixedKeyBytes, message);
    if ((k % 8n === 0n) === wantZero) return cat(R, le((r + k * a) % L));
  }
}

test('a mixed-order public key with an honest cofactorless signature verifies (as libsodium)', () => {
  assert.equal(isValidPublicKey(mixedKeyBytes), false); // not a valid asset key ...
  assert.equal(mixedKey.isSmallOrder(), false);
  assert.equal(mixedKey.isTorsionFree(), false);
  const message = sha256(new TextEncoder().encode('mixed'));
  const good = mixedSignature(message, { wantZero: true });
  assert.equal(verifyDigest(message, good, mixedKeyBytes), true); // ... but it may sign
  // When [k]T ≠ 0 the cofactorless equation fails, although the cofactored one
  // ([8]([S]B − R − [k]A) = 0, what noble's default verify checks) holds: refused.
  const bad = mixedSignature(message, { wantZero: false });
  assert.equal(ed25519.verify(bad, message, mixedKeyBytes), true);
  assert.equal(verifyDigest(message, bad, mixedKeyBytes), false);
});

test('verifyTransaction accepts a mixed-order sender with a cofactorless-valid signature', () => {
  const unsigned = {
    version: 1, type: 0, nethash: '0ab796cd', timestamp: 1, senderPublicKey: bytesToHex(mixedKeyBytes),
    recipientId: 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2', amount: '1', fee: '10000000', asset: {},
  };
  const digest = hexToBytes(signDigest(unsigned));
  const sign = (wantZero) => {
    const tx = { ...unsigned, signature: bytesToHex(mixedSignature(digest, { wantZero })) };
    return { ...tx, id: transactionId(tx) };
  };
  const good = sign(true);
  assert.deepEqual(verifyTransaction(good), { valid: true });
  assert.deepEqual(decodeTransaction(encodeTransaction(good)), good);
  assert.equal(verifyTransaction(sign(false)).code, 'BAD_SIGNATURE');
});

test('a mixed-order R verifies when the cofactorless equation holds (no subgroup check)', () => {
  // With A = aB + T8 and R = rB + [j]T8: [S]B − [k]A = rB − [k]T8, which equals R when
  // [j + k]T8 = 0.
  const message = sha256(new TextEncoder().encode('mixed R'));
  let found = null;
  for (let i = 0; !found; i++) {
    const r = scalar(`R nonce ${i}`);
    for (let j = 1n; j < 8n && !found; j++) {
      const R = B.multiply(r).add(T8.multiplyUnsafe(j)).toBytes();
      const k = kOf(R, mixedKeyBytes, message);
      if ((j + k) % 8n === 0n) found = cat(R, le((r + k * a) % L));
    }
  }
  assert.equal(Point.fromBytes(found.slice(0, 32)).isTorsionFree(), false);
  assert.equal(verifyDigest(message, found, mixedKeyBytes), true);
  // The same kind of R with a prime-order key can never verify: [S]B − [k]A is torsion-free.
  const pk = hexToBytes(getKeys(S1).publicKey);
  const r = scalar('R prime key');
  const R = B.multiply(r).add(T8).toBytes();
  const sk = ed25519.utils.getExtendedPublicKey(sha256(new TextEncoder().encode(S1))).scalar;
  assert.equal(verifyDigest(message, cat(R, le((r + kOf(R, pk, message) * sk) % L)), pk), false);
});

test('a small-order public key is refused even when the equation holds', () => {
  const message = sha256(new TextEncoder().encode('small key'));
  for (const e of [...BLACKLIST, ...BLACKLIST.map(withSignBit)]) {
    let T;
    try {
      T = Point.fromBytes(e, true);
    } catch {
      continue;
    }
    // R = rB, S = r: [S]B − [k]T = R when [k]T = 0; grind r.
    for (let i = 0; ; i++) {
      const r = scalar(`small key ${i}`);
      const R = B.multiply(r).toBytes();
      const k = kOf(R, e, message);
      if (T.multiplyUnsafe(k % 8n).is0()) {
        assert.equal(verifyDigest(message, cat(R, le(r)), e), false, bytesToHex(e));
        break;
      }
    }
  }
});

test('a small-order R is refused even when the equation holds', () => {
  const message = sha256(new TextEncoder().encode('small R'));
  // Identity R with a prime-order key: S = k·a gives [S]B − [k]A = identity.
  const pk = hexToBytes(getKeys(S1).publicKey);
  const sk = ed25519.utils.getExtendedPublicKey(sha256(new TextEncoder().encode(S1))).scalar;
  for (const R of [le(1n), withSignBit(le(1n)), le(P + 1n), withSignBit(le(P + 1n))]) {
    const S = (kOf(R, pk, message) * sk) % L;
    // Without the blacklist the equation would pass for the canonical encoding.
    if (bytesToHex(R) === bytesToHex(le(1n))) {
      assert.equal(bytesToHex(B.multiplyUnsafe(S).subtract(Point.fromBytes(pk).multiplyUnsafe(kOf(R, pk, message))).toBytes()), bytesToHex(R));
    }
    assert.equal(verifyDigest(message, cat(R, le(S)), pk), false, bytesToHex(R));
  }
  // An order-8 R with the mixed key: S = k·a gives [S]B − [k]A = −[k]T8; grind until it is R.
  let checked = 0;
  for (let i = 0; checked < 3; i++) {
    const j = BigInt(1 + (i % 7));
    const R = T8.multiplyUnsafe(j).toBytes();
    const msg = sha256(new TextEncoder().encode(`small R ${i}`));
    const k = kOf(R, mixedKeyBytes, msg);
    const S = (k * a) % L;
    if (bytesToHex(B.multiplyUnsafe(S).subtract(mixedKey.multiplyUnsafe(k)).toBytes()) === bytesToHex(R)) {
      assert.equal(verifyDigest(msg, cat(R, le(S)), mixedKeyBytes), false);
      checked++;
    }
  }
});

test('non-canonical public keys and R are refused', () => {
  const message = sha256(new TextEncoder().encode('non-canonical'));
  const sig = signDigestWithSecret(message, S1);
  let decodable = 0;
  for (let y = 0n; y < 19n; y++) {
    for (const e of [le(P + y), withSignBit(le(P + y))]) {
      assert.equal(isValidPublicKey(e), false);
      assert.equal(verifyDigest(message, sig, e), false);
      let Q;
      try {
        Q = Point.fromBytes(e, true);
      } catch {
        continue;
      }
      decodable++;
      // As R: [S]B − [k]A is always encoded canonically, so a non-canonical R never matches.
      assert.notEqual(bytesToHex(Q.toBytes()), bytesToHex(e));
      assert.equal(verifyDigest(message, cat(e, sig.slice(32)), hexToBytes(getKeys(S1).publicKey)), false);
    }
  }
  assert.ok(decodable > 4);
  // x = 0 with the sign bit set (y = 1 or y = −1): small order, refused.
  assert.equal(verifyDigest(message, sig, withSignBit(le(1n))), false);
  assert.equal(verifyDigest(message, sig, withSignBit(le(P - 1n))), false);
  // Not on the curve.
  assert.equal(verifyDigest(message, sig, le(2n)), false);
});

test('honest signatures verify; wrong message, key or sizes do not', () => {
  const pk = hexToBytes(getKeys(S1).publicKey);
  for (let i = 0; i < 8; i++) {
    const message = sha256(new Uint8Array([i]));
    const sig = signDigestWithSecret(message, S1);
    assert.equal(verifyDigest(message, sig, pk), true);
    assert.equal(ed25519.verify(sig, message, pk, { zip215: false }), true); // RFC 8032 agrees here
    assert.equal(verifyDigest(sha256(new Uint8Array([i, 0])), sig, pk), false);
    assert.equal(verifyDigest(message, sig, hexToBytes(getKeys(`other ${i}`).publicKey)), false);
    assert.equal(verifyDigest(message, sig.slice(0, 63), pk), false);
    assert.equal(verifyDigest(message, sig, pk.slice(0, 31)), false);
  }
});
