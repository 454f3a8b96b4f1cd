// Tests that decodeTransaction accepts exactly the canonical encoding: the bytes are assembled
// here field by field from protocol.md §2–§3 (independently of src/codec.js), then each field is
// replaced by a wrong or non-canonical variant and the decoder must refuse it with the right code.

import test from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { bytesToHex, hexToBytes, decodeTransaction, encodeTransaction, getKeys } from '../src/index.js';

const PK1 = '50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae';
const PK2 = '5e0576619e01280579a5dd75ca0826a2d1145217364d2e31ee46d3ec8346ee0e';
const PK3 = 'f4f66f2012444e3a42a880b28fa51fcc5e409e2fb239df7d4df4c1fc11ee6792';
const R2 = bytesToHex(ripemd160(sha256(hexToBytes(PK2))));
const SIG = 'ab'.repeat(64); // structure only: the decoder does not verify signatures
const SIG2 = 'cd'.repeat(64);

const utf8hex = (s) => bytesToHex(new TextEncoder().encode(s));
const u8 = (v) => v.toString(16).padStart(2, '0');
const le = (v, n) => {
  let x = BigInt(v);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += u8(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
};
const str = (s) => u8(new TextEncoder().encode(s).length) + utf8hex(s); // lengths < 128 here

const FEE = { 0: 10000000n, 1: 500000000n, 2: 10000000000n, 3: 10000000n, 4: 1500000000n };
const ASSET = {
  0: '',
  1: PK3,
  2: str('alice'),
  3: '02' + '2b' + PK2 + '2d' + PK3,
  4: '02' + '18' + '02' + PK2 + PK3,
};

// Field-by-field hex of a transaction; every part can be overridden with raw hex.
function parts(type, o = {}) {
  return {
    magic: 'ff445401',
    nethash: str('0ab796cd'),
    type: u8(type),
    timestamp: le(100000000, 4),
    sender: PK1,
    recipient: type === 0 ? '01' + R2 : '00',
    amount: le(type === 0 ? 150000000n : 0n, 8),
    fee: le(FEE[type], 8),
    message: str('hi'),
    asset: ASSET[type],
    signature: SIG,
    second: '00',
    cosigs: '00',
    ...o,
  };
}
const join = (p) => Object.values(p).join('');
const decodeHex = (hex) => decodeTransaction(hexToBytes(hex));
const rejects = (o, code, type = 0, msg) => {
  assert.throws(() => decodeHex(join(parts(type, o))), { code }, msg ?? JSON.stringify(o).slice(0, 80));
};

test('the independently assembled encodings decode and re-encode identically', () => {
  for (const type of [0, 1, 2, 3, 4]) {
    for (const extra of [{}, { second: '01' + SIG2 }, { cosigs: '02' + SIG + SIG2 }, { message: '00' }]) {
      const hex = join(parts(type, extra));
      const tx = decodeHex(hex);
      assert.equal(tx.type, type);
      assert.equal(bytesToHex(encodeTransaction(tx)), hex);
    }
  }
  const t4 = decodeHex(join(parts(4)));
  assert.deepEqual(t4.asset, { multisignature: { min: 2, lifetime: 24, keysgroup: [`+${PK2}`, `+${PK3}`] } });
  const t2 = decodeHex(join(parts(2)));
  assert.deepEqual(t2.asset, { delegate: { username: 'alice', publicKey: PK1 } });
  const t0 = decodeHex(join(parts(0, { message: '00' })));
  assert.equal('message' in t0, false);
  assert.equal(t0.recipientId, 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2');
});

test('decoder: framing (magic, truncation, trailing bytes, input type)', () => {
  const good = join(parts(0));
  for (const magic of ['fe445401', 'ff455401', 'ff445501', 'ff445400', 'ff445402', '7b226964']) rejects({ magic }, 'MALFORMED');
  assert.throws(() => decodeHex(good + '00'), { code: 'NON_CANONICAL' });
  assert.throws(() => decodeHex(good + 'ff'), { code: 'NON_CANONICAL' });
  for (let n = 0; n < good.length / 2; n++) {
    assert.throws(() => decodeHex(good.slice(0, 2 * n)), { code: 'MALFORMED' }, `prefix of ${n} bytes`);
  }
  assert.throws(() => decodeTransaction(good), { code: 'MALFORMED' });
  assert.throws(() => decodeTransaction([1, 2, 3]), { code: 'MALFORMED' });
});

test('decoder: nethash, type, timestamp', () => {
  rejects({ nethash: '00' }, 'INVALID_FIELD');
  rejects({ nethash: '21' + '61'.repeat(33) }, 'INVALID_FIELD');
  assert.equal(decodeHex(join(parts(0, { nethash: '20' + '61'.repeat(32) }))).nethash, 'a'.repeat(32));
  rejects({ nethash: str('0AB796CD') }, 'INVALID_FIELD');
  rejects({ nethash: str('0ab-96cd') }, 'INVALID_FIELD');
  rejects({ nethash: '02' + 'c3a9' }, 'INVALID_FIELD');
  for (const t of [5, 6, 8, 11, 21, 99, 101, 255]) rejects({ type: u8(t) }, 'UNSUPPORTED_TYPE');
  rejects({ timestamp: le(2n ** 31n, 4) }, 'INVALID_FIELD');
  rejects({ timestamp: 'ffffffff' }, 'INVALID_FIELD');
  assert.equal(decodeHex(join(parts(0, { timestamp: le(2n ** 31n - 1n, 4) }))).timestamp, 2 ** 31 - 1);
  assert.equal(decodeHex(join(parts(0, { timestamp: le(0, 4) }))).timestamp, 0);
});

test('decoder: recipient presence must match the type', () => {
  rejects({ recipient: '00' }, 'INVALID_FIELD', 0);
  rejects({ recipient: '02' + R2 }, 'NON_CANONICAL', 0);
  rejects({ recipient: 'ff' + R2 }, 'NON_CANONICAL', 0);
  for (const type of [1, 2, 3, 4]) {
    rejects({ recipient: '01' + R2 }, 'INVALID_FIELD', type);
    rejects({ recipient: '02' }, 'NON_CANONICAL', type);
  }
});

test('decoder: amount and fee', () => {
  rejects({ amount: le(0, 8) }, 'INVALID_FIELD', 0);
  // At most 10^18 base units (kMaxAmount), for every type.
  assert.equal(decodeHex(join(parts(0, { amount: le(10n ** 18n, 8) }))).amount, '1000000000000000000');
  rejects({ amount: le(10n ** 18n + 1n, 8) }, 'INVALID_FIELD');
  rejects({ amount: 'ff'.repeat(8) }, 'INVALID_FIELD');
  assert.equal(decodeHex(join(parts(0, { amount: le(1, 8) }))).amount, '1');
  for (const type of [1, 2, 3, 4]) {
    rejects({ amount: le(1, 8) }, 'INVALID_FIELD', type);
    rejects({ amount: le(10n ** 18n + 1n, 8) }, 'INVALID_FIELD', type);
  }
  for (const type of [0, 1, 2, 3, 4]) {
    rejects({ fee: le(FEE[type] + 1n, 8) }, 'WRONG_FEE', type);
    rejects({ fee: le(0, 8) }, 'WRONG_FEE', type);
  }
  // Type 4's fee follows the member count.
  rejects({ asset: '02' + '18' + '01' + PK2 }, 'WRONG_FEE', 4);
  assert.equal(decodeHex(join(parts(4, { asset: '02' + '18' + '01' + PK2, fee: le(1000000000n, 8) }))).fee, '1000000000');
});

test('decoder: message is a shortest-varint, valid UTF-8 string of at most 256 code points and 1024 bytes', () => {
  rejects({ message: '8000' }, 'NON_CANONICAL');
  rejects({ message: '8200' + '6869' }, 'NON_CANONICAL');
  rejects({ message: '8108' + '6869' }, 'INVALID_FIELD'); // 1025 bytes: above the 4 × 256 bound
  rejects({ message: '8008' + '6869' }, 'MALFORMED'); // 1024 bytes: allowed length, but truncated
  rejects({ message: '02c080' }, 'INVALID_FIELD');
  rejects({ message: '03eda080' }, 'INVALID_FIELD');
  rejects({ message: '04f4908080' }, 'INVALID_FIELD');
  rejects({ message: '01ff' }, 'INVALID_FIELD');
  rejects({ message: '0568', signature: '', second: '', cosigs: '' }, 'MALFORMED'); // length beyond the input
  rejects({ message: '0568' }, 'INVALID_FIELD'); // takes 4 signature bytes: ab ab ab ab is not UTF-8
  const enc = (s) => {
    const b = new TextEncoder().encode(s);
    let n = b.length;
    let v = '';
    while (n >= 0x80) {
      v += u8((n & 0x7f) | 0x80);
      n >>= 7;
    }
    return v + u8(n) + bytesToHex(b);
  };
  const chars = (hex) => [...decodeHex(join(parts(0, { message: hex }))).message].length;
  assert.equal(chars(enc('x'.repeat(256))), 256);
  rejects({ message: enc('x'.repeat(257)) }, 'INVALID_FIELD');
  assert.equal(chars(enc('€'.repeat(256))), 256); // 768 bytes
  rejects({ message: enc('€'.repeat(257)) }, 'INVALID_FIELD'); // 771 bytes, 257 code points
  // Code points, not UTF-16 units: an emoji counts 1 (protocol.md §1).
  assert.equal(chars(enc('😀'.repeat(129))), 129);
  assert.equal(chars(enc('a'.repeat(199) + '🚀'.repeat(57))), 256);
  rejects({ message: enc('a'.repeat(200) + '🚀'.repeat(57)) }, 'INVALID_FIELD');
  // 256 four-byte characters are exactly the 1024-byte bound; one more is above it.
  assert.equal(enc('😀'.repeat(256)).slice(0, 4), '8008');
  assert.equal(chars(enc('😀'.repeat(256))), 256);
  assert.equal(chars(enc('x'.repeat(255) + '😀')), 256);
  rejects({ message: enc('😀'.repeat(256) + 'x') }, 'INVALID_FIELD'); // 1025 bytes, 257 code points
  rejects({ message: enc('😀'.repeat(257)) }, 'INVALID_FIELD'); // 1028 bytes
  // A leading BOM is kept, NUL and controls are allowed content.
  assert.equal(decodeHex(join(parts(0, { message: '03efbbbf' }))).message, '\ufeff');
  assert.equal(decodeHex(join(parts(0, { message: '020a00' }))).message, '\n\0');
});

test('decoder: type 1 and 2 assets', () => {
  rejects({ asset: PK3.slice(0, 62), signature: '' }, 'MALFORMED', 1);
  rejects({ asset: '00' }, 'INVALID_FIELD', 2);
  rejects({ asset: '15' + '61'.repeat(21) }, 'INVALID_FIELD', 2);
  assert.equal(decodeHex(join(parts(2, { asset: '14' + '61'.repeat(20) }))).asset.delegate.username, 'a'.repeat(20));
  rejects({ asset: '8500' + utf8hex('alice') }, 'NON_CANONICAL', 2);
  rejects({ asset: str('Alice') }, 'INVALID_FIELD', 2);
  rejects({ asset: str('al ice') }, 'INVALID_FIELD', 2);
  rejects({ asset: str('é') }, 'INVALID_FIELD', 2);
  rejects({ asset: '02c328' }, 'INVALID_FIELD', 2);
});

test('decoder: type 3 (vote) asset', () => {
  rejects({ asset: '00' }, 'INVALID_FIELD', 3);
  rejects({ asset: '8100' + '2b' + PK2 }, 'NON_CANONICAL', 3);
  rejects({ asset: '8001' + '2b' + PK2 }, 'INVALID_FIELD', 3); // 128
  rejects({ asset: '01' + '2a' + PK2 }, 'INVALID_FIELD', 3);
  rejects({ asset: '01' + '00' + PK2 }, 'INVALID_FIELD', 3);
  rejects({ asset: '02' + '2b' + PK2 + '2d' + PK2 }, 'INVALID_FIELD', 3);
  rejects({ asset: '02' + '2b' + PK2 + '2b' + PK2 }, 'INVALID_FIELD', 3);
  const keys = Array.from({ length: 34 }, (_, i) => getKeys(`v${i}`).publicKey);
  const ops = (n) => keys.slice(0, n).map((k) => '2b' + k).join('');
  assert.equal(decodeHex(join(parts(3, { asset: u8(33) + ops(33) }))).asset.vote.votes.length, 33);
  rejects({ asset: u8(34) + ops(34) }, 'INVALID_FIELD', 3);
  rejects({ asset: '02' + '2b' + PK2, signature: '', second: '', cosigs: '' }, 'MALFORMED', 3);
});

test('decoder: type 4 (multisignature) asset', () => {
  const keys = Array.from({ length: 16 }, (_, i) => getKeys(`m${i}`).publicKey);
  const group = (n) => u8(n) + keys.slice(0, n).join('');
  const fee = (n) => le(500000000n * BigInt(n + 1), 8);
  const ok = (min, life, n) => decodeHex(join(parts(4, { asset: u8(min) + u8(life) + group(n), fee: fee(n) })));
  assert.equal(ok(15, 1, 15).asset.multisignature.keysgroup.length, 15);
  assert.equal(ok(15, 1, 14).asset.multisignature.min, 15); // min = members + 1
  assert.equal(ok(2, 24, 1).asset.multisignature.min, 2);
  const bad = (min, life, n, code = 'INVALID_FIELD') =>
    rejects({ asset: u8(min) + u8(life) + group(n), fee: fee(n) }, code, 4, `min ${min} lifetime ${life} members ${n}`);
  bad(1, 24, 2);
  bad(0, 24, 2);
  bad(16, 24, 15); // min 2..15 (16 was allowed before)
  bad(17, 24, 15);
  bad(15, 24, 13); // min > members + 1
  bad(4, 24, 2); // min > members + 1
  bad(2, 0, 2);
  bad(2, 25, 2);
  bad(2, 24, 0);
  rejects({ asset: '02' + '18' + u8(16) + keys.join(''), fee: fee(16) }, 'INVALID_FIELD', 4);
  rejects({ asset: '02' + '18' + '8200' + PK2 + PK3 }, 'NON_CANONICAL', 4);
  rejects({ asset: '02' + '18' + '02' + PK2 + PK2 }, 'INVALID_FIELD', 4);
  rejects({ asset: '02' + '18' + '02' + PK2 + PK1 }, 'INVALID_FIELD', 4);
});

// Keys that crypto_core_ed25519_is_valid_point refuses: small order (the neutral element, a point
// of order 8), non-canonical (y = p + 1), not on the curve (y = 2), and a canonical key with a
// torsion component (PK2 + a point of order 8: not in the prime-order subgroup).
const ORDER8 = '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05';
const BAD_KEYS = {
  identity: '01' + '00'.repeat(31),
  order8: ORDER8,
  nonCanonical: 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  offCurve: '02' + '00'.repeat(31),
  mixedOrder: bytesToHex(ed25519.Point.fromBytes(hexToBytes(PK2)).add(ed25519.Point.fromBytes(hexToBytes(ORDER8))).toBytes()),
};

test('decoder: every key inside an asset must be a valid point (INVALID_FIELD)', () => {
  for (const [name, key] of Object.entries(BAD_KEYS)) {
    rejects({ asset: key }, 'INVALID_FIELD', 1, `second key ${name}`);
    rejects({ asset: '01' + '2b' + key }, 'INVALID_FIELD', 3, `vote + ${name}`);
    rejects({ asset: '02' + '2b' + PK2 + '2d' + key }, 'INVALID_FIELD', 3, `vote - ${name}`);
    rejects({ asset: '02' + '18' + '02' + PK2 + key }, 'INVALID_FIELD', 4, `member ${name}`);
    // The asset rule comes before the fee (C++ CheckAsset runs before the fee check).
    rejects({ asset: key, fee: le(1, 8) }, 'INVALID_FIELD', 1, `second key ${name}, wrong fee`);
  }
  // The sender key is not an asset key: it only has to verify (libsodium's rules, checked by
  // verifyTransaction), so the decoder takes even a small-order sender.
  assert.equal(decodeHex(join(parts(1, { sender: BAD_KEYS.identity }))).senderPublicKey, BAD_KEYS.identity);
});

test('decoder: second signature and co-signatures', () => {
  rejects({ second: '02' + SIG2 }, 'NON_CANONICAL');
  rejects({ second: '01' }, 'MALFORMED');
  rejects({ second: '01' + SIG2.slice(2) }, 'MALFORMED');
  rejects({ cosigs: '8000' }, 'NON_CANONICAL');
  rejects({ cosigs: '01' }, 'MALFORMED');
  rejects({ cosigs: '02' + SIG }, 'MALFORMED');
  rejects({ cosigs: '' }, 'MALFORMED');
  // Sixteen distinct signatures in ascending byte order.
  const sorted = Array.from({ length: 17 }, (_, i) => u8(0x10 + i).repeat(64));
  const sixteen = '10' + sorted.slice(0, 16).join('');
  assert.equal(decodeHex(join(parts(0, { cosigs: sixteen }))).signatures.length, 16);
  rejects({ cosigs: '11' + sorted.join('') }, 'INVALID_FIELD');
  // Strictly ascending byte order: a swap is NON_CANONICAL, a byte-identical repeat INVALID_FIELD
  // (C++ CheckTxFields reports repeats before CheckNativeCanonical sees the order).
  rejects({ cosigs: '02' + SIG2 + SIG }, 'NON_CANONICAL');
  rejects({ cosigs: '02' + SIG + SIG }, 'INVALID_FIELD');
  rejects({ cosigs: '03' + SIG2 + SIG + SIG2 }, 'INVALID_FIELD');
  rejects({ cosigs: '03' + SIG + SIG2 + SIG }, 'INVALID_FIELD');
  // Order is decided by the first differing byte, compared unsigned.
  const a = '7f' + '00'.repeat(63);
  const b = '80' + '00'.repeat(63);
  const c = '00'.repeat(63) + '01';
  assert.equal(decodeHex(join(parts(0, { cosigs: '03' + c + a + b }))).signatures.length, 3);
  rejects({ cosigs: '02' + b + a }, 'NON_CANONICAL');
  rejects({ cosigs: '02' + a + c }, 'NON_CANONICAL');
  // A repeat is reported before a wrong fee (INVALID_FIELD, not WRONG_FEE); a wrong fee before
  // the order.
  rejects({ fee: le(1, 8), cosigs: '02' + SIG + SIG }, 'INVALID_FIELD');
  rejects({ fee: le(1, 8), cosigs: '02' + SIG2 + SIG }, 'WRONG_FEE');
  rejects({ cosigs: 'ff01' }, 'INVALID_FIELD');
  rejects({ signature: SIG.slice(2) }, 'MALFORMED');
});

test('decoder: a transfer to the sender itself is refused', () => {
  const own = bytesToHex(ripemd160(sha256(hexToBytes(PK1))));
  rejects({ recipient: '01' + own }, 'INVALID_FIELD');
});

test('decoder: error precedence follows the reading order, then the field rules', () => {
  // Wrong fee and trailing bytes: the framing error wins.
  assert.throws(() => decodeHex(join(parts(0, { fee: le(1, 8) })) + '00'), { code: 'NON_CANONICAL' });
  // Wrong fee and a truncated signature: the truncation wins.
  assert.throws(() => decodeHex(join(parts(0, { fee: le(1, 8), signature: SIG.slice(2), second: '', cosigs: '' }))), { code: 'MALFORMED' });
  // Wrong fee and a message of 257 units: both are field rules; the message is checked first.
  rejects({ fee: le(1, 8), message: '8102' + '78'.repeat(257) }, 'INVALID_FIELD');
  rejects({ fee: le(1, 8), message: '8002' + '78'.repeat(256) }, 'WRONG_FEE');
  // Zero amount and a bad presence byte later on: the presence byte wins.
  rejects({ amount: le(0, 8), second: '02' }, 'NON_CANONICAL');
});
