// Binary codec of native transactions (protocol.md §2–§3): the internal model (see rules.js) to
// bytes and back. The decoder is strict: it accepts exactly the one canonical encoding of a
// valid transaction and refuses truncation, trailing bytes, a wrong magic, non-minimal varints,
// invalid UTF-8, presence bytes other than 00/01 or inconsistent with the type, and any value out
// of range. Error codes and their precedence follow the C++ node (src/chain/tx_codec.cc).

import { ERROR_CODES, fail } from './errors.js';
import { ByteReader, ByteWriter, bytesEqual } from './bytes.js';
import { LIMITS, MAGIC, TYPES } from './constants.js';
import { checkBody, checkCosignatureOrder, checkSignatures, isKnownType } from './rules.js';
import { assetType, takesRecipient } from './assets.js';

const VOTE_ADD = 0x2b; // '+'
const VOTE_REMOVE = 0x2d; // '-'

function writeAsset(w, m) {
  const a = m.asset;
  switch (m.type) {
    case TYPES.TRANSFER:
      return;
    case TYPES.SIGNATURE:
      w.bytes(a.publicKey);
      return;
    case TYPES.DELEGATE:
      w.string(a.username, 'username');
      return;
    case TYPES.VOTE:
      w.varint(a.votes.length);
      for (const v of a.votes) w.u8(v.op === '+' ? VOTE_ADD : VOTE_REMOVE).bytes(v.key);
      return;
    case TYPES.MULTISIGNATURE:
      w.u8(a.min).u8(a.lifetime).varint(a.keys.length);
      for (const k of a.keys) w.bytes(k);
      return;
    default: {
      const t = assetType(m.type);
      if (!t) fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${m.type}`);
      t.write(w, a);
    }
  }
}

/** The body bytes (everything that sign-digest covers) of a valid model. */
export function encodeBody(m) {
  checkBody(m);
  const w = new ByteWriter();
  w.bytes(MAGIC);
  w.u8(m.nethash.length).bytes(new TextEncoder().encode(m.nethash));
  w.u8(m.type);
  w.u32le(m.timestamp);
  w.bytes(m.senderPublicKey);
  if (m.recipient === null) w.u8(0);
  else w.u8(1).bytes(m.recipient);
  w.u64le(m.amount);
  w.u64le(m.fee);
  w.string(m.message, 'message');
  writeAsset(w, m);
  return w.finish();
}

/** The second-sig field: 00, or 01 followed by the 64-byte second signature. */
export function encodeSecondSig(m) {
  return m.secondSignature === null ? Uint8Array.of(0) : Uint8Array.of(1, ...m.secondSignature);
}

/** Full transaction bytes: body, signature, second-sig, co-signatures. */
export function encodeModel(m) {
  checkSignatures(m);
  if (m.signature === null) fail(ERROR_CODES.MISSING_FIELD, 'signature is missing');
  const w = new ByteWriter();
  w.bytes(encodeBody(m));
  w.bytes(m.signature);
  w.bytes(encodeSecondSig(m));
  w.varint(m.signatures.length);
  for (const s of m.signatures) w.bytes(s);
  return w.finish();
}

function readPresence(r, what) {
  const p = r.u8(`${what} presence`);
  if (p !== 0 && p !== 1) fail(ERROR_CODES.NON_CANONICAL, `${what} presence byte must be 00 or 01, got ${p}`);
  return p === 1;
}

function readAsset(r, type) {
  switch (type) {
    case TYPES.TRANSFER:
      return {};
    case TYPES.SIGNATURE:
      return { publicKey: r.bytes(32, 'second public key') };
    case TYPES.DELEGATE:
      return { username: r.string(LIMITS.USERNAME_MAX_BYTES, 'username') };
    case TYPES.VOTE: {
      const n = r.varint(LIMITS.VOTES_MAX, 'vote count');
      const votes = [];
      for (let i = 0; i < n; i++) {
        const op = r.u8('vote operation');
        if (op !== VOTE_ADD && op !== VOTE_REMOVE) fail(ERROR_CODES.INVALID_FIELD, 'vote operation must be + or -');
        votes.push({ op: op === VOTE_ADD ? '+' : '-', key: r.bytes(32, 'vote key') });
      }
      return { votes };
    }
    case TYPES.MULTISIGNATURE: {
      const min = r.u8('min');
      const lifetime = r.u8('lifetime');
      const n = r.varint(LIMITS.MULTISIG_MEMBERS_MAX, 'member count');
      const keys = [];
      for (let i = 0; i < n; i++) keys.push(r.bytes(32, 'member key'));
      return { min, lifetime, keys };
    }
    default: {
      const t = assetType(type);
      if (!t) return fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${type}`);
      return t.read(r);
    }
  }
}

/** Strictly decodes full transaction bytes into a checked model. */
export function decodeModel(bytes) {
  const r = new ByteReader(bytes);
  const magic = r.bytes(4, 'magic');
  if (!bytesEqual(magic, MAGIC)) fail(ERROR_CODES.MALFORMED, 'not a native transaction (bad magic)');
  const nethashLength = r.u8('nethash length');
  if (nethashLength < 1 || nethashLength > LIMITS.NETHASH_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, 'nethash length must be 1..32');
  }
  const nethashBytes = r.bytes(nethashLength, 'nethash');
  for (const c of nethashBytes) {
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) {
      fail(ERROR_CODES.INVALID_FIELD, 'nethash must be [0-9a-z]');
    }
  }
  const m = {};
  m.type = r.u8('type');
  if (!isKnownType(m.type)) fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${m.type}`);
  m.nethash = String.fromCharCode(...nethashBytes);
  m.timestamp = r.u32le('timestamp');
  if (m.timestamp > LIMITS.TIMESTAMP_MAX) fail(ERROR_CODES.INVALID_FIELD, 'timestamp above 2^31-1');
  m.senderPublicKey = r.bytes(32, 'sender key');
  const hasRecipient = readPresence(r, 'recipient');
  if (hasRecipient !== takesRecipient(m.type)) {
    fail(ERROR_CODES.INVALID_FIELD, takesRecipient(m.type) ? `type ${m.type} needs a recipient` : `type ${m.type} has no recipient`);
  }
  m.recipient = hasRecipient ? r.bytes(20, 'recipient') : null;
  m.amount = r.u64le('amount');
  m.fee = r.u64le('fee');
  m.message = r.string(LIMITS.MESSAGE_MAX_BYTES, 'message');
  m.asset = readAsset(r, m.type);
  m.signature = r.bytes(64, 'signature');
  m.secondSignature = readPresence(r, 'second signature') ? r.bytes(64, 'second signature') : null;
  const n = r.varint(LIMITS.COSIGNATURES_MAX, 'co-signature count');
  m.signatures = [];
  for (let i = 0; i < n; i++) m.signatures.push(r.bytes(64, 'co-signature'));
  if (r.remaining !== 0) fail(ERROR_CODES.NON_CANONICAL, `${r.remaining} trailing bytes`);
  // Field rules come after the framing, so error precedence is the C++ node's: first whatever
  // stops the reading (truncation, bad varint, bad UTF-8, presence), then trailing bytes, then rules
  // (CheckTxFields: repeated co-signatures are INVALID_FIELD), then the co-signature order.
  checkBody(m);
  checkSignatures(m);
  checkCosignatureOrder(m);
  return m;
}
