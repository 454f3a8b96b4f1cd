// Tests of the byte-level primitives: strict hex, shortest-form varints, fixed-width integers,
// strict UTF-8, and amount parsing (amountFromDDN, canonical decimal strings).

import test from 'node:test';
import assert from 'node:assert/strict';
import { ByteReader, ByteWriter, bytesToHex, hexToBytes, utf8Decode } from '../src/bytes.js';
import { amountFromDDN, amountToDDN, parseAmount } from '../src/amount.js';

const h = hexToBytes;

test('hex: lowercase only, exact length', () => {
  assert.equal(bytesToHex(h('00ff10ab')), '00ff10ab');
  assert.throws(() => h('00FF'), { code: 'INVALID_FIELD' });
  assert.throws(() => h('0g'), { code: 'INVALID_FIELD' });
  assert.throws(() => h('abc'), { code: 'INVALID_FIELD' });
  assert.throws(() => h('abcd', 3), { code: 'INVALID_FIELD' });
  assert.throws(() => h(12), { code: 'INVALID_FIELD' });
});

test('varint writer: shortest LEB128', () => {
  const enc = (v) => bytesToHex(new ByteWriter().varint(v).finish());
  assert.equal(enc(0), '00');
  assert.equal(enc(1), '01');
  assert.equal(enc(127), '7f');
  assert.equal(enc(128), '8001');
  assert.equal(enc(300), 'ac02');
  assert.equal(enc(16384), '808001');
  assert.equal(enc(2 ** 32), '8080808010');
});

test('varint reader: values, bounds, minimality, truncation', () => {
  const rd = (hex, max = 2 ** 40) => new ByteReader(h(hex)).varint(max);
  assert.equal(rd('00'), 0);
  assert.equal(rd('7f'), 127);
  assert.equal(rd('8001'), 128);
  assert.equal(rd('ac02'), 300);
  assert.equal(rd('8080808010'), 2 ** 32);
  assert.throws(() => rd('8000'), { code: 'NON_CANONICAL' });
  assert.throws(() => rd('818000'), { code: 'NON_CANONICAL' });
  assert.throws(() => rd('ff00'), { code: 'NON_CANONICAL' });
  assert.throws(() => rd('80'), { code: 'MALFORMED' });
  assert.throws(() => rd(''), { code: 'MALFORMED' });
  assert.throws(() => rd('22', 0x21), { code: 'INVALID_FIELD' });
  assert.equal(rd('21', 0x21), 0x21);
  assert.throws(() => rd('ffffffffffffffffffff01', 2 ** 40), { code: 'MALFORMED' }); // beyond 64 bits
  assert.throws(() => rd('ffffffffffffffffff02', 2 ** 40), { code: 'MALFORMED' });
  assert.throws(() => rd('ffffffffffffffffff01', 2 ** 40), { code: 'INVALID_FIELD' }); // 2^64-1
  // The whole varint is read before judging: non-minimal wins over out-of-range.
  assert.throws(() => rd('ff00', 5), { code: 'NON_CANONICAL' });
  assert.throws(() => rd('ff01', 5), { code: 'INVALID_FIELD' });
});

test('fixed-width integers are little-endian', () => {
  const w = new ByteWriter().u8(7).u32le(100000000).u64le(150000000n).u64le((1n << 64n) - 1n).finish();
  assert.equal(bytesToHex(w), '07' + '00e1f505' + '80d1f00800000000' + 'ffffffffffffffff');
  const r = new ByteReader(w);
  assert.equal(r.u8(), 7);
  assert.equal(r.u32le(), 100000000);
  assert.equal(r.u64le(), 150000000n);
  assert.equal(r.u64le(), (1n << 64n) - 1n);
  assert.equal(r.remaining, 0);
  assert.throws(() => new ByteWriter().u64le(1n << 64n), RangeError);
  assert.throws(() => new ByteReader(h('010203')).u32le(), { code: 'MALFORMED' });
});

test('strings: varint length + strict UTF-8', () => {
  const w = new ByteWriter().string('hé😀').finish();
  assert.equal(bytesToHex(w), '07' + '68' + 'c3a9' + 'f09f9880');
  assert.equal(new ByteReader(w).string(100), 'hé😀');
  assert.throws(() => new ByteWriter().string('a\ud800b'), { code: 'INVALID_FIELD' });
  assert.throws(() => new ByteWriter().string('\udc00'), { code: 'INVALID_FIELD' });
  for (const bad of [
    'c080', // overlong NUL
    'e08080', // overlong
    'f0808080', // overlong
    'eda080', // surrogate D800
    'edbfbf', // surrogate DFFF
    'f4908080', // above U+10FFFF
    'f8888080', // 5-byte form
    'c3', // truncated
    '80', // lone continuation
    'ff',
  ]) {
    assert.throws(() => utf8Decode(h(bad)), { code: 'INVALID_FIELD' }, bad);
  }
  // A leading byte order mark is content, not stripped.
  assert.equal(utf8Decode(h('efbbbf41')), '\ufeffA');
  assert.equal(utf8Decode(h('f48fbfbf')), '\u{10ffff}');
});

test('parseAmount: canonical decimal strings up to 2^64-1', () => {
  assert.equal(parseAmount('0'), 0n);
  assert.equal(parseAmount('150000000'), 150000000n);
  assert.equal(parseAmount('18446744073709551615'), (1n << 64n) - 1n);
  assert.throws(() => parseAmount('18446744073709551616'), { code: 'INVALID_FIELD' });
  assert.throws(() => parseAmount('01'), { code: 'INVALID_FIELD' });
  assert.throws(() => parseAmount('00'), { code: 'INVALID_FIELD' });
  for (const bad of ['', '-1', '+1', '1e8', '1.5', ' 1', '1 ', '0x10', '１']) {
    assert.throws(() => parseAmount(bad), { code: 'INVALID_FIELD' }, bad);
  }
  assert.throws(() => parseAmount(1), { code: 'INVALID_FIELD' });
  assert.throws(() => parseAmount(1n), { code: 'INVALID_FIELD' });
});

test('amountFromDDN: exact decimal with at most 8 fraction digits', () => {
  assert.equal(amountFromDDN('1.5'), '150000000');
  assert.equal(amountFromDDN('0'), '0');
  assert.equal(amountFromDDN('0.1'), '10000000');
  assert.equal(amountFromDDN('0.00000001'), '1');
  assert.equal(amountFromDDN('20'), '2000000000');
  assert.equal(amountFromDDN('1.50'), '150000000');
  assert.equal(amountFromDDN('100000000000'), '10000000000000000000');
  assert.equal(amountFromDDN('184467440737.09551615'), '18446744073709551615');
  assert.throws(() => amountFromDDN('184467440737.09551616'), { code: 'INVALID_FIELD' });
  // 0.1 + 0.2 style float error must not happen
  assert.equal(amountFromDDN('0.3'), '30000000');
  for (const bad of ['', '.5', '1.', '1.123456789', '-1', '+1', '1e3', '1,5', ' 1', '1 ', '01', '00.5', 'abc', '1..2', 'NaN', 'Infinity']) {
    assert.throws(() => amountFromDDN(bad), { code: 'INVALID_FIELD' }, bad);
  }
  assert.throws(() => amountFromDDN(1.5), { code: 'INVALID_FIELD' });
  assert.equal(amountToDDN('150000000'), '1.5');
  assert.equal(amountToDDN('1'), '0.00000001');
  assert.equal(amountToDDN('2000000000'), '20');
  assert.equal(amountToDDN('0'), '0');
});
