// Byte-level building blocks of the binary format (protocol.md §1): strict lowercase hex, strict
// UTF-8 with code-point and byte counts, and a writer/reader pair for u8, u32le, u64le, shortest-form unsigned
// LEB128 varints, raw byte runs and length-prefixed strings. The reader never accepts an
// alternative encoding: non-minimal varints and invalid UTF-8 are errors.

import { ERROR_CODES, fail } from './errors.js';

const HEX_DIGITS = '0123456789abcdef';
const LOWER_HEX = /^[0-9a-f]*$/;
const ANY_HEX = /^[0-9a-fA-F]*$/;

export const U64_MAX = (1n << 64n) - 1n;

/** Lowercase hex of a byte array. */
export function bytesToHex(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += HEX_DIGITS[bytes[i] >> 4] + HEX_DIGITS[bytes[i] & 15];
  }
  return out;
}

/**
 * Parses lowercase hex. `length` (bytes) is enforced when given. Uppercase hex (protocol.md §1)
 * and anything else that is not lowercase hex of the right length is INVALID_FIELD, as in the
 * C++ node.
 */
export function hexToBytes(hex, length, what = 'hex') {
  if (typeof hex !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${what} must be a hex string`);
  if (!LOWER_HEX.test(hex)) {
    if (ANY_HEX.test(hex)) fail(ERROR_CODES.INVALID_FIELD, `${what} must be lowercase hex`);
    fail(ERROR_CODES.INVALID_FIELD, `${what} is not hex`);
  }
  if (hex.length % 2 !== 0) fail(ERROR_CODES.INVALID_FIELD, `${what} has an odd number of hex digits`);
  if (length !== undefined && hex.length !== length * 2) {
    fail(ERROR_CODES.INVALID_FIELD, `${what} must be ${length} bytes (${length * 2} hex digits)`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return out;
}

export function concatBytes(...parts) {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic (unsigned byte) comparison: negative, 0 or positive, like memcmp. */
export function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * True when `s` is a well-formed UTF-16 string (no lone surrogates), i.e. it has an exact UTF-8
 * encoding. TextEncoder would silently replace a lone surrogate by U+FFFD.
 */
export function isWellFormedString(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d < 0xdc00 || d > 0xdfff) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
}

/**
 * Number of Unicode code points of a well-formed string (a surrogate pair counts 1, as the C++
 * util::CodePointCount counts UTF-8 lead bytes); null when `s` holds a lone surrogate.
 */
export function codePointCount(s) {
  if (!isWellFormedString(s)) return null;
  let pairs = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) pairs++;
  }
  return s.length - pairs;
}

/** Length in bytes of the UTF-8 encoding of a well-formed string (without encoding it). */
export function utf8Length(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4; // a surrogate pair: one code point above U+FFFF
      i++;
    } else n += 3;
  }
  return n;
}

const encoder = new TextEncoder();
// fatal: invalid UTF-8 (overlong, surrogates, > U+10FFFF, truncated) throws instead of becoming
// U+FFFD; ignoreBOM: a leading EF BB BF is content and must survive the round trip.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 bytes of a well-formed string (throws INVALID_FIELD on lone surrogates). */
export function utf8Encode(s, what = 'string') {
  if (!isWellFormedString(s)) fail(ERROR_CODES.INVALID_FIELD, `${what} contains a lone surrogate`);
  return encoder.encode(s);
}

/** Strictly decodes UTF-8 (throws INVALID_FIELD on any invalid sequence, as the C++ node). */
export function utf8Decode(bytes, what = 'string') {
  try {
    return decoder.decode(bytes);
  } catch {
    return fail(ERROR_CODES.INVALID_FIELD, `${what} is not valid UTF-8`);
  }
}

/** Appends binary fields to a growing buffer. */
export class ByteWriter {
  constructor() {
    this.chunks = [];
    this.length = 0;
  }

  bytes(b) {
    this.chunks.push(Uint8Array.from(b));
    this.length += b.length;
    return this;
  }

  u8(v) {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) throw new RangeError(`u8 out of range: ${v}`);
    return this.bytes([v]);
  }

  u32le(v) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new RangeError(`u32 out of range: ${v}`);
    return this.bytes([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
  }

  u64le(v) {
    if (typeof v !== 'bigint' || v < 0n || v > U64_MAX) throw new RangeError(`u64 out of range: ${v}`);
    const out = new Uint8Array(8);
    let x = v;
    for (let i = 0; i < 8; i++) {
      out[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return this.bytes(out);
  }

  // Shortest unsigned LEB128 of a non-negative safe integer.
  varint(v) {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`varint out of range: ${v}`);
    const out = [];
    let x = v;
    while (x >= 0x80) {
      out.push((x % 0x80) | 0x80);
      x = Math.floor(x / 0x80);
    }
    out.push(x);
    return this.bytes(out);
  }

  // varint byte length, then the UTF-8 bytes.
  string(s, what) {
    const b = utf8Encode(s, what);
    return this.varint(b.length).bytes(b);
  }

  finish() {
    return concatBytes(...this.chunks);
  }
}

/** Reads binary fields strictly; every failure is a DdnError. */
export class ByteReader {
  constructor(bytes) {
    if (!(bytes instanceof Uint8Array)) fail(ERROR_CODES.MALFORMED, 'input must be a Uint8Array');
    this.buf = bytes;
    this.pos = 0;
  }

  get remaining() {
    return this.buf.length - this.pos;
  }

  need(n, what) {
    if (this.remaining < n) fail(ERROR_CODES.MALFORMED, `truncated input while reading ${what}`);
  }

  bytes(n, what = 'bytes') {
    this.need(n, what);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  u8(what = 'u8') {
    this.need(1, what);
    return this.buf[this.pos++];
  }

  u32le(what = 'u32') {
    const b = this.bytes(4, what);
    return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
  }

  u64le(what = 'u64') {
    const b = this.bytes(8, what);
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    return v;
  }

  /**
   * Shortest-form unsigned LEB128 (at most 64 bits) whose value must not exceed `max` (a safe
   * integer). The whole varint is read first; then, in this order: a missing final byte or more
   * than 64 bits is MALFORMED, a non-minimal form (a final 0x00 group after the first byte, e.g.
   * `80 00`) is NON_CANONICAL, a value above `max` is INVALID_FIELD.
   */
  varint(max, what = 'varint') {
    let value = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8(what);
      if (i === 9 && b > 1) break; // beyond 64 bits
      value |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) fail(ERROR_CODES.NON_CANONICAL, `${what} is not the shortest varint`);
        if (value > BigInt(max)) fail(ERROR_CODES.INVALID_FIELD, `${what} ${value} exceeds ${max}`);
        return Number(value);
      }
    }
    return fail(ERROR_CODES.MALFORMED, `${what}: varint longer than 64 bits`);
  }

  // varint byte length (at most maxBytes), then strictly valid UTF-8.
  string(maxBytes, what = 'string') {
    const n = this.varint(maxBytes, `${what} length`);
    return utf8Decode(this.bytes(n, what), what);
  }
}
