// Keys, addresses and Ed25519 signatures (protocol.md §5, DDN v2.3 rules):
//   seed    = SHA-256(UTF-8 of the passphrase, verbatim)
//   keypair = Ed25519 from seed; privateKey = seed || publicKey (NaCl layout)
//   r       = RIPEMD-160(SHA-256(publicKey)); address = "D" + base58(r || SHA-256(SHA-256(r))[0..4])
// Verification mirrors libsodium 1.0.18 crypto_sign_verify_detached, the consensus implementation
// of the C++ node, rule for rule (no stricter, no looser): S < L, R not an encoding of a
// small-order point, public key canonical and not of small order, then the cofactorless equation
// compared byte for byte with R. Keys and R need not be in the prime-order subgroup.
// Keys inside assets follow crypto_core_ed25519_is_valid_point (isValidPublicKey).

import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { base58 } from '@scure/base';
import { ERROR_CODES, fail } from './errors.js';
import { bytesEqual, bytesToHex, concatBytes, hexToBytes } from './bytes.js';

export const ADDRESS_PREFIX = 'D';
const Point = ed25519.Point;
/** The prime order L of the Ed25519 base point. */
export const L = Point.Fn.ORDER;
const textEncoder = new TextEncoder();

/** The 32-byte Ed25519 seed of a passphrase: SHA-256 of its UTF-8 bytes, no normalisation. */
export function seedFromSecret(secret) {
  if (typeof secret !== 'string') fail(ERROR_CODES.INVALID_FIELD, 'secret must be a string');
  // TextEncoder turns a lone surrogate into U+FFFD, as Node's Buffer did in the DDN clients.
  return sha256(textEncoder.encode(secret));
}

/** { publicKey: 64 hex, privateKey: 128 hex (seed || publicKey) } of a passphrase. */
export function getKeys(secret) {
  const seed = seedFromSecret(secret);
  const pk = ed25519.getPublicKey(seed);
  return { publicKey: bytesToHex(pk), privateKey: bytesToHex(concatBytes(seed, pk)) };
}

/** RIPEMD-160(SHA-256(publicKey)): the 20 bytes an address stands for. */
export function addressHash(publicKey) {
  return ripemd160(sha256(publicKey));
}

function checksum(payload) {
  return sha256(sha256(payload)).slice(0, 4);
}

/** "D…" address of a 20-byte address hash. */
export function addressFromHash(hash20) {
  if (!(hash20 instanceof Uint8Array) || hash20.length !== 20) {
    throw new TypeError('address hash must be 20 bytes');
  }
  return ADDRESS_PREFIX + base58.encode(concatBytes(hash20, checksum(hash20)));
}

/** "D…" address of a public key given as 64 lowercase hex digits. */
export function getAddress(publicKeyHex) {
  return addressFromHash(addressHash(hexToBytes(publicKeyHex, 32, 'publicKey')));
}

/**
 * The 20-byte hash of a canonical address, or null: prefix "D", base58 (Bitcoin alphabet) of
 * exactly 24 bytes, good checksum, and re-encoding gives back the same text.
 */
export function decodeAddress(address) {
  if (typeof address !== 'string' || address.length < 2 || address[0] !== ADDRESS_PREFIX) return null;
  let raw;
  try {
    raw = base58.decode(address.slice(1));
  } catch {
    return null;
  }
  if (raw.length !== 24) return null;
  const hash = raw.slice(0, 20);
  if (!bytesEqual(raw.slice(20), checksum(hash))) return null;
  if (addressFromHash(hash) !== address) return null;
  return hash;
}

/** True for a canonical DDN address (see decodeAddress). */
export function isAddress(address) {
  return decodeAddress(address) !== null;
}

/** Ed25519 signature (64 bytes) of a 32-byte digest with the key derived from `secret`. */
export function signDigestWithSecret(digest, secret) {
  return ed25519.sign(digest, seedFromSecret(secret));
}

function numberFromLE(bytes) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

// Canonical decoding (y < p, no x = 0 with the sign bit set), or null. This is libsodium's
// ge25519_is_canonical + ge25519_frombytes: an encoding with x = 0 and the sign bit set would pass
// libsodium's canonicity test, but both such points (y = 1, y = -1) have small order, so every
// caller refuses it anyway.
function decodeCanonical(bytes32) {
  try {
    return Point.fromBytes(bytes32, false);
  } catch {
    return null;
  }
}

/**
 * libsodium ge25519_has_small_order: true when the 32 bytes are an encoding, canonical or not
 * (y >= p allowed, sign bit ignored), of a point of small order. libsodium compares against a
 * blacklist of such encodings; decoding leniently (ZIP-215 style) and testing the order accepts
 * exactly the same set, since every blacklisted encoding decodes and every lenient encoding of a
 * small-order point is blacklisted. Bytes that do not decode are not of small order.
 */
export function hasSmallOrderEncoding(bytes32) {
  let p;
  try {
    p = Point.fromBytes(bytes32, true);
  } catch {
    return false;
  }
  return p.isSmallOrder();
}

/**
 * libsodium crypto_core_ed25519_is_valid_point: canonical encoding, not of small order, in the
 * prime-order subgroup. The rule for every key inside an asset (protocol.md §3).
 */
export function isValidPublicKey(publicKey) {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  const p = decodeCanonical(publicKey);
  return p !== null && !p.isSmallOrder() && p.isTorsionFree();
}

/**
 * Ed25519 verification of a 64-byte signature over a message (here the 32-byte digest), exactly
 * as libsodium 1.0.18 crypto_sign_verify_detached:
 *   1. S (second half, little-endian) must be < L;
 *   2. R (first half) must not encode a small-order point (ge25519_has_small_order);
 *   3. the public key must be canonically encoded (ge25519_is_canonical) and not of small order;
 *      it must decode to a curve point;
 *   4. k = SHA-512(R || A || message) mod L; R' = [S]B - [k]A; accept iff encode(R') == R bytes.
 * Neither A nor R has to lie in the prime-order subgroup, and the check is cofactorless.
 */
export function verifyDigest(message, signature, publicKey) {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(message instanceof Uint8Array)) return false;
  const R = signature.subarray(0, 32);
  const S = numberFromLE(signature.subarray(32, 64));
  if (S >= L) return false;
  if (hasSmallOrderEncoding(R)) return false;
  const A = decodeCanonical(publicKey);
  if (A === null || A.isSmallOrder()) return false;
  const k = numberFromLE(sha512(concatBytes(R, publicKey, message))) % L;
  const check = Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k));
  return bytesEqual(check.toBytes(), R);
}
