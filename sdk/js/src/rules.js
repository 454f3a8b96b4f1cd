// The semantic rules of a native transaction (protocol.md §2–§4), checked on the internal model
// whichever way it was obtained: from JSON, from builder fields or from bytes. Keeping them in
// one place guarantees that the JSON and the binary paths accept exactly the same transactions.
// checkBody mirrors the C++ CheckTxFields (src/chain/tx_rules.cc) and checkCosignatureOrder its
// CheckNativeCanonical, in the same order, so the first error reported is the node's.
//
// Internal model:
//   { type, nethash, timestamp, senderPublicKey: Uint8Array(32), recipient: Uint8Array(20)|null,
//     amount: bigint, fee: bigint, message: string, asset, signature: Uint8Array(64)|null,
//     secondSignature: Uint8Array(64)|null, signatures: Uint8Array(64)[] }
//   asset: type 0 {}, 1 { publicKey }, 2 { username }, 3 { votes: [{ op: '+'|'-', key }] },
//          4 { min, lifetime, keys: [Uint8Array(32)] }

import { ERROR_CODES, fail } from './errors.js';
import { bytesEqual, bytesToHex, codePointCount, compareBytes, utf8Length } from './bytes.js';
import { LIMITS, TYPES, calculateFee } from './constants.js';
import { assetType, takesAmount, takesRecipient } from './assets.js';
import { addressHash, isAddress, isValidPublicKey } from './keys.js';

const NETHASH = /^[0-9a-z]+$/;
const AMOUNT_MAX = BigInt(LIMITS.AMOUNT_MAX);
const USERNAME = /^[a-z0-9!@$&_.]+$/;

export function isKnownType(type) {
  return (Number.isInteger(type) && type >= TYPES.TRANSFER && type <= TYPES.MULTISIGNATURE) ||
    assetType(type) !== undefined;
}

// Integer check that also refuses -0, which would not survive a JSON → binary → JSON round trip.
export function isPlainInteger(v) {
  return typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0);
}

function checkDistinctKeys(keys, what) {
  const seen = new Set();
  for (const k of keys) {
    const h = bytesToHex(k);
    if (seen.has(h)) fail(ERROR_CODES.INVALID_FIELD, `${what} names key ${h} twice`);
    seen.add(h);
  }
}

function checkAsset(m) {
  const a = m.asset;
  switch (m.type) {
    case TYPES.TRANSFER:
      return;
    case TYPES.SIGNATURE:
      if (!(a.publicKey instanceof Uint8Array) || a.publicKey.length !== 32) {
        fail(ERROR_CODES.INVALID_FIELD, 'second public key must be 32 bytes');
      }
      if (!isValidPublicKey(a.publicKey)) fail(ERROR_CODES.INVALID_FIELD, 'second public key is not a valid key');
      return;
    case TYPES.DELEGATE: {
      const u = a.username;
      if (typeof u !== 'string' || u.length < 1 || u.length > LIMITS.USERNAME_MAX_BYTES || !USERNAME.test(u)) {
        fail(ERROR_CODES.INVALID_FIELD, 'username must be 1..20 characters of [a-z0-9!@$&_.]');
      }
      if (isAddress(u)) fail(ERROR_CODES.INVALID_FIELD, 'username must not be an address');
      return;
    }
    case TYPES.VOTE: {
      const v = a.votes;
      if (v.length < 1 || v.length > LIMITS.VOTES_MAX) {
        fail(ERROR_CODES.INVALID_FIELD, `a vote holds 1..${LIMITS.VOTES_MAX} operations`);
      }
      for (const op of v) {
        if (op.op !== '+' && op.op !== '-') fail(ERROR_CODES.INVALID_FIELD, 'vote operation must be + or -');
        if (!(op.key instanceof Uint8Array) || op.key.length !== 32) {
          fail(ERROR_CODES.INVALID_FIELD, 'vote key must be 32 bytes');
        }
        if (!isValidPublicKey(op.key)) fail(ERROR_CODES.INVALID_FIELD, `vote names an invalid key ${bytesToHex(op.key)}`);
      }
      checkDistinctKeys(v.map((op) => op.key), 'vote');
      return;
    }
    case TYPES.MULTISIGNATURE: {
      const n = a.keys.length;
      if (n < 1 || n > LIMITS.MULTISIG_MEMBERS_MAX) {
        fail(ERROR_CODES.INVALID_FIELD, `keysgroup holds 1..${LIMITS.MULTISIG_MEMBERS_MAX} members`);
      }
      for (const k of a.keys) {
        if (!(k instanceof Uint8Array) || k.length !== 32) fail(ERROR_CODES.INVALID_FIELD, 'member key must be 32 bytes');
        if (bytesEqual(k, m.senderPublicKey)) fail(ERROR_CODES.INVALID_FIELD, "keysgroup must not hold the sender's key");
        if (!isValidPublicKey(k)) fail(ERROR_CODES.INVALID_FIELD, `keysgroup holds an invalid key ${bytesToHex(k)}`);
      }
      checkDistinctKeys(a.keys, 'keysgroup');
      if (!isPlainInteger(a.min) || a.min < LIMITS.MULTISIG_MIN_MIN || a.min > LIMITS.MULTISIG_MIN_MAX) {
        fail(ERROR_CODES.INVALID_FIELD, `min must be an integer ${LIMITS.MULTISIG_MIN_MIN}..${LIMITS.MULTISIG_MIN_MAX}`);
      }
      if (a.min > n + 1) fail(ERROR_CODES.INVALID_FIELD, 'min must not exceed members + 1');
      if (!isPlainInteger(a.lifetime) || a.lifetime < LIMITS.LIFETIME_MIN || a.lifetime > LIMITS.LIFETIME_MAX) {
        fail(ERROR_CODES.INVALID_FIELD, 'lifetime must be an integer 1..24');
      }
      return;
    }
    default: {
      const t = assetType(m.type);
      if (!t) fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${m.type}`);
      t.check(a, m);
    }
  }
}

/** Checks every rule of the body of a transaction model; throws a DdnError on the first failure. */
export function checkBody(m) {
  if (!isKnownType(m.type)) fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${m.type}`);
  if (typeof m.nethash !== 'string' || m.nethash.length < 1 || m.nethash.length > LIMITS.NETHASH_MAX || !NETHASH.test(m.nethash)) {
    fail(ERROR_CODES.INVALID_FIELD, 'nethash must be 1..32 characters of [0-9a-z]');
  }
  if (!isPlainInteger(m.timestamp) || m.timestamp < 0 || m.timestamp > LIMITS.TIMESTAMP_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, 'timestamp must be an integer 0..2^31-1');
  }
  if (!(m.senderPublicKey instanceof Uint8Array) || m.senderPublicKey.length !== 32) {
    fail(ERROR_CODES.INVALID_FIELD, 'senderPublicKey must be 32 bytes');
  }
  // Transfers and the registered types that name one (assets.js hasRecipient) need a recipient;
  // only they may carry an amount (transfers: > 0; registered types: hasAmount, their own rules).
  if (takesRecipient(m.type)) {
    if (!(m.recipient instanceof Uint8Array) || m.recipient.length !== 20) {
      fail(ERROR_CODES.INVALID_FIELD, `type ${m.type} needs a recipient`);
    }
    // Not in protocol.md (v2.3 rule "recipient ≠ sender"); the C++ node refuses it statelessly too.
    if (bytesEqual(m.recipient, addressHash(m.senderPublicKey))) {
      fail(ERROR_CODES.INVALID_FIELD, 'a transfer to the sender itself is refused');
    }
  } else if (m.recipient !== null) {
    fail(ERROR_CODES.INVALID_FIELD, `type ${m.type} has no recipient`);
  }
  if (m.type === TYPES.TRANSFER) {
    if (m.amount <= 0n) fail(ERROR_CODES.INVALID_FIELD, 'a transfer amount must be > 0');
  } else if (!takesAmount(m.type) && m.amount !== 0n) {
    fail(ERROR_CODES.INVALID_FIELD, `type ${m.type} must have amount 0`);
  }
  // The C++ node checks the maximum right after the sign rule, for every type (for types other
  // than 0 the "must be 0" rule above already wins).
  if (m.amount > AMOUNT_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, `amount above the maximum of ${LIMITS.AMOUNT_MAX} base units`);
  }
  const chars = typeof m.message === 'string' ? codePointCount(m.message) : null;
  if (chars === null) fail(ERROR_CODES.INVALID_FIELD, 'message must be well-formed Unicode text');
  // Code points, not UTF-16 units: an emoji counts 1 (protocol.md §1). 256 code points are at most
  // 1024 bytes, so the byte bound only restates the binary length bound.
  if (chars > LIMITS.MESSAGE_MAX_CHARS) {
    fail(ERROR_CODES.INVALID_FIELD, `message exceeds ${LIMITS.MESSAGE_MAX_CHARS} characters (code points)`);
  }
  if (utf8Length(m.message) > LIMITS.MESSAGE_MAX_BYTES) {
    fail(ERROR_CODES.INVALID_FIELD, `message exceeds ${LIMITS.MESSAGE_MAX_BYTES} UTF-8 bytes`);
  }
  checkCosignatureSet(m);
  checkAsset(m);
  const members = m.type === TYPES.MULTISIGNATURE ? m.asset.keys.length : undefined;
  const fee = BigInt(calculateFee(m.type, members, m.asset));
  if (m.fee !== fee) fail(ERROR_CODES.WRONG_FEE, `fee must be ${fee} for type ${m.type}, got ${m.fee}`);
}

// Co-signature count and byte-identical repeats (INVALID_FIELD). In the C++ CheckTxFields this
// comes after the message and before the asset and the fee, and before the order rule.
function checkCosignatureSet(m) {
  const sigs = m.signatures ?? [];
  if (sigs.length > LIMITS.COSIGNATURES_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, `at most ${LIMITS.COSIGNATURES_MAX} co-signatures`);
  }
  const seen = new Set();
  for (const s of sigs) {
    const h = s instanceof Uint8Array ? bytesToHex(s) : String(s);
    if (seen.has(h)) fail(ERROR_CODES.INVALID_FIELD, 'a co-signature appears twice');
    seen.add(h);
  }
}

/**
 * Native canonical form (C++ CheckNativeCanonical): co-signatures in strictly ascending byte
 * order, so one set of co-signatures has one encoding. NON_CANONICAL otherwise. Run after
 * checkBody, which has already refused repeats with INVALID_FIELD.
 */
export function checkCosignatureOrder(m) {
  for (let i = 1; i < m.signatures.length; i++) {
    if (compareBytes(m.signatures[i - 1], m.signatures[i]) >= 0) {
      fail(ERROR_CODES.NON_CANONICAL, 'co-signatures must be in ascending byte order without repeats');
    }
  }
}

/** Checks the signature part of a model (sizes and the co-signature count). */
export function checkSignatures(m) {
  if (m.signature !== null && (!(m.signature instanceof Uint8Array) || m.signature.length !== 64)) {
    fail(ERROR_CODES.INVALID_FIELD, 'signature must be 64 bytes');
  }
  if (m.secondSignature !== null && (!(m.secondSignature instanceof Uint8Array) || m.secondSignature.length !== 64)) {
    fail(ERROR_CODES.INVALID_FIELD, 'sign_signature must be 64 bytes');
  }
  if (m.signatures.length > LIMITS.COSIGNATURES_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, `at most ${LIMITS.COSIGNATURES_MAX} co-signatures`);
  }
  if (m.signature === null && (m.secondSignature !== null || m.signatures.length > 0)) {
    fail(ERROR_CODES.MISSING_FIELD, 'signature is missing');
  }
}
