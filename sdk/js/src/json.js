// JSON mapping of native transactions (protocol.md §6): transaction JSON ⇄ internal model, and
// createTransaction's builder fields → model. The mapping is one-to-one: every field has exactly
// one JSON type and spelling, optional fields are present exactly when they carry something, and
// modelToJson always writes the keys in the order of protocol.md §6.

import { ERROR_CODES, fail } from './errors.js';
import { bytesEqual, bytesToHex, hexToBytes } from './bytes.js';
import { FORMAT_VERSION, LIMITS, TYPES, calculateFee } from './constants.js';
import { parseAmount } from './amount.js';
import { addressFromHash, decodeAddress } from './keys.js';
import { assetFromJson, assetType, takesRecipient } from './assets.js';
import { checkBody, checkCosignatureOrder, checkSignatures, isKnownType, isPlainInteger } from './rules.js';

const TOP_FIELDS = [
  'version', 'type', 'nethash', 'timestamp', 'senderPublicKey', 'recipientId', 'amount', 'fee',
  'message', 'asset', 'signature', 'sign_signature', 'signatures', 'id',
];
const FIELD_NAMES = ['type', 'nethash', 'timestamp', 'recipientId', 'amount', 'message', 'asset'];
const HAS = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

export function isPlainObject(v) {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// Requires `obj` to be a plain object whose keys are exactly `required` plus any of `optional`.
function checkShape(obj, where, required, optional = []) {
  if (!isPlainObject(obj)) fail(ERROR_CODES.INVALID_FIELD, `${where} must be an object`);
  for (const k of Object.keys(obj)) {
    if (!required.includes(k) && !optional.includes(k)) fail(ERROR_CODES.UNKNOWN_FIELD, `${where}: unknown field "${k}"`);
  }
  for (const k of required) {
    if (!HAS(obj, k)) fail(ERROR_CODES.MISSING_FIELD, `${where}: missing field "${k}"`);
  }
}

function parseString(v, what) {
  if (typeof v !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${what} must be a string`);
  return v;
}

function parseInteger(v, what) {
  if (!isPlainInteger(v)) fail(ERROR_CODES.INVALID_FIELD, `${what} must be an integer`);
  return v;
}

function parseType(v) {
  parseInteger(v, 'type');
  if (v < 0 || v > 255) fail(ERROR_CODES.INVALID_FIELD, 'type must be 0..255');
  if (!isKnownType(v)) fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${v}`);
  return v;
}

function parseRecipient(v) {
  parseString(v, 'recipientId');
  const hash = decodeAddress(v);
  if (hash === null) fail(ERROR_CODES.INVALID_FIELD, `recipientId is not a canonical address: ${v}`);
  return hash;
}

function parseKeyEntry(entry, ops, what) {
  parseString(entry, what);
  const op = entry[0];
  if (!ops.includes(op)) fail(ERROR_CODES.INVALID_FIELD, `${what} must start with ${ops.join(' or ')}`);
  return { op, key: hexToBytes(entry.slice(1), 32, what) };
}

function parseArray(v, what) {
  if (!Array.isArray(v)) fail(ERROR_CODES.INVALID_FIELD, `${what} must be an array`);
  return v;
}

/**
 * The asset model of `type` from its JSON (protocol.md §6). `senderKey` is needed for the
 * delegate's publicKey; with `delegateKeyOptional` (builder fields) it may be left out.
 */
export function parseAsset(type, asset, senderKey, delegateKeyOptional = false) {
  switch (type) {
    case TYPES.TRANSFER:
      checkShape(asset, 'asset', []);
      return {};
    case TYPES.SIGNATURE:
      checkShape(asset, 'asset', ['signature']);
      checkShape(asset.signature, 'asset.signature', ['publicKey']);
      return { publicKey: hexToBytes(asset.signature.publicKey, 32, 'asset.signature.publicKey') };
    case TYPES.DELEGATE: {
      checkShape(asset, 'asset', ['delegate']);
      const d = asset.delegate;
      if (delegateKeyOptional) checkShape(d, 'asset.delegate', ['username'], ['publicKey']);
      else checkShape(d, 'asset.delegate', ['username', 'publicKey']);
      const username = parseString(d.username, 'asset.delegate.username');
      if (HAS(d, 'publicKey')) {
        const pk = hexToBytes(d.publicKey, 32, 'asset.delegate.publicKey');
        if (!bytesEqual(pk, senderKey)) fail(ERROR_CODES.INVALID_FIELD, "asset.delegate.publicKey must be the sender's key");
      }
      return { username };
    }
    case TYPES.VOTE: {
      checkShape(asset, 'asset', ['vote']);
      checkShape(asset.vote, 'asset.vote', ['votes']);
      const votes = parseArray(asset.vote.votes, 'asset.vote.votes');
      return { votes: votes.map((e) => parseKeyEntry(e, ['+', '-'], 'vote entry')) };
    }
    case TYPES.MULTISIGNATURE: {
      checkShape(asset, 'asset', ['multisignature']);
      const ms = asset.multisignature;
      checkShape(ms, 'asset.multisignature', ['min', 'lifetime', 'keysgroup']);
      const keysgroup = parseArray(ms.keysgroup, 'asset.multisignature.keysgroup');
      return {
        min: parseInteger(ms.min, 'asset.multisignature.min'),
        lifetime: parseInteger(ms.lifetime, 'asset.multisignature.lifetime'),
        keys: keysgroup.map((e) => parseKeyEntry(e, ['+'], 'keysgroup entry').key),
      };
    }
    default: {
      const t = assetType(type);
      if (!t) return fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${type}`);
      return assetFromJson(t, asset);
    }
  }
}

function assetToJson(m) {
  const a = m.asset;
  switch (m.type) {
    case TYPES.TRANSFER:
      return {};
    case TYPES.SIGNATURE:
      return { signature: { publicKey: bytesToHex(a.publicKey) } };
    case TYPES.DELEGATE:
      return { delegate: { username: a.username, publicKey: bytesToHex(m.senderPublicKey) } };
    case TYPES.VOTE:
      return { vote: { votes: a.votes.map((v) => v.op + bytesToHex(v.key)) } };
    case TYPES.MULTISIGNATURE:
      return { multisignature: { min: a.min, lifetime: a.lifetime, keysgroup: a.keys.map((k) => `+${bytesToHex(k)}`) } };
    default:
      if (assetType(m.type)) return { [assetType(m.type).jsonKey]: assetType(m.type).toJson(a) };
      return fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${m.type}`);
  }
}

/**
 * Transaction JSON → { model, id }. Options:
 *   requireSignature (default true): `signature` must be present;
 *   requireId (default true): `id` must be present (its value is compared by the caller).
 * Everything else is always strict.
 */
export function jsonToModel(tx, { requireSignature = true, requireId = true } = {}) {
  if (!isPlainObject(tx)) fail(ERROR_CODES.MALFORMED, 'a transaction must be a JSON object');
  for (const k of Object.keys(tx)) {
    if (!TOP_FIELDS.includes(k)) fail(ERROR_CODES.UNKNOWN_FIELD, `unknown field "${k}"`);
  }
  if (!HAS(tx, 'version')) fail(ERROR_CODES.MISSING_FIELD, 'missing field "version" (not a native transaction)');
  if (tx.version !== FORMAT_VERSION) fail(ERROR_CODES.INVALID_FIELD, `version must be ${FORMAT_VERSION}`);
  if (!HAS(tx, 'type')) fail(ERROR_CODES.MISSING_FIELD, 'missing field "type"');
  const type = parseType(tx.type);
  const required = ['nethash', 'timestamp', 'senderPublicKey', 'amount', 'fee', 'asset'];
  if (takesRecipient(type)) required.push('recipientId');
  if (requireSignature) required.push('signature');
  if (requireId) required.push('id');
  for (const k of required) {
    if (!HAS(tx, k)) fail(ERROR_CODES.MISSING_FIELD, `missing field "${k}"`);
  }
  if (!takesRecipient(type) && HAS(tx, 'recipientId')) {
    fail(ERROR_CODES.INVALID_FIELD, `recipientId is not allowed for type ${type}`);
  }

  // Order of checks (and so which error wins) follows the C++ node (src/chain/tx_json.cc): the
  // top-level fields, then the asset, then the field rules (CheckTxFields), then the co-signature
  // order (CheckNativeCanonical); the caller compares the id last.
  const m = { type };
  m.nethash = parseString(tx.nethash, 'nethash');
  m.timestamp = parseInteger(tx.timestamp, 'timestamp');
  m.senderPublicKey = hexToBytes(tx.senderPublicKey, 32, 'senderPublicKey');
  m.recipient = takesRecipient(type) ? parseRecipient(tx.recipientId) : null;
  m.amount = parseAmount(tx.amount, 'amount');
  m.fee = parseAmount(tx.fee, 'fee');
  if (HAS(tx, 'message')) {
    m.message = parseString(tx.message, 'message');
    if (m.message === '') fail(ERROR_CODES.NON_CANONICAL, 'an empty message must be left out');
  } else {
    m.message = '';
  }
  if (!isPlainObject(tx.asset)) fail(ERROR_CODES.INVALID_FIELD, 'asset must be an object');
  m.signature = HAS(tx, 'signature') ? hexToBytes(tx.signature, 64, 'signature') : null;
  m.secondSignature = HAS(tx, 'sign_signature') ? hexToBytes(tx.sign_signature, 64, 'sign_signature') : null;
  if (HAS(tx, 'signatures')) {
    const sigs = parseArray(tx.signatures, 'signatures');
    if (sigs.length === 0 || sigs.length > LIMITS.COSIGNATURES_MAX) {
      fail(ERROR_CODES.INVALID_FIELD, `signatures must hold 1..${LIMITS.COSIGNATURES_MAX} entries when present`);
    }
    m.signatures = sigs.map((s, i) => hexToBytes(s, 64, `signatures[${i}]`));
  } else {
    m.signatures = [];
  }
  let id = null;
  if (HAS(tx, 'id')) id = bytesToHex(hexToBytes(tx.id, 32, 'id'));
  m.asset = parseAsset(type, tx.asset, m.senderPublicKey);
  checkBody(m);
  checkSignatures(m);
  checkCosignatureOrder(m);
  return { model: m, id };
}

/** Model (+ computed id) → canonical transaction JSON, keys in protocol.md §6 order. */
export function modelToJson(m, id) {
  const tx = {
    version: FORMAT_VERSION,
    type: m.type,
    nethash: m.nethash,
    timestamp: m.timestamp,
    senderPublicKey: bytesToHex(m.senderPublicKey),
  };
  if (takesRecipient(m.type)) tx.recipientId = addressFromHash(m.recipient);
  tx.amount = m.amount.toString();
  tx.fee = m.fee.toString();
  if (m.message !== '') tx.message = m.message;
  tx.asset = assetToJson(m);
  tx.signature = bytesToHex(m.signature);
  if (m.secondSignature !== null) tx.sign_signature = bytesToHex(m.secondSignature);
  if (m.signatures.length > 0) tx.signatures = m.signatures.map(bytesToHex);
  tx.id = id;
  return tx;
}

/**
 * createTransaction's fields → unsigned model with the fee filled in. Fields:
 * { type, nethash, timestamp, recipientId? (type 0 only), amount? (default "0"),
 *   message? ("" = none), asset? (§6 shape; may be omitted for type 0; the delegate's publicKey
 *   may be omitted) }. A field set to undefined counts as absent.
 */
export function fieldsToModel(fields, senderPublicKey) {
  if (!isPlainObject(fields)) fail(ERROR_CODES.MALFORMED, 'fields must be an object');
  const f = {};
  for (const [k, v] of Object.entries(fields)) {
    if (!FIELD_NAMES.includes(k)) fail(ERROR_CODES.UNKNOWN_FIELD, `unknown field "${k}"`);
    if (v !== undefined) f[k] = v;
  }
  for (const k of ['type', 'nethash', 'timestamp']) {
    if (!HAS(f, k)) fail(ERROR_CODES.MISSING_FIELD, `missing field "${k}"`);
  }
  const type = parseType(f.type);
  const m = { type };
  m.nethash = parseString(f.nethash, 'nethash');
  m.timestamp = parseInteger(f.timestamp, 'timestamp');
  m.senderPublicKey = senderPublicKey;
  if (takesRecipient(type)) {
    if (!HAS(f, 'recipientId')) fail(ERROR_CODES.MISSING_FIELD, `type ${type} needs recipientId`);
    m.recipient = parseRecipient(f.recipientId);
  } else {
    if (HAS(f, 'recipientId') && f.recipientId !== null) {
      fail(ERROR_CODES.INVALID_FIELD, `recipientId is not allowed for type ${type}`);
    }
    m.recipient = null;
  }
  m.amount = parseAmount(HAS(f, 'amount') ? f.amount : '0', 'amount');
  m.message = HAS(f, 'message') ? parseString(f.message, 'message') : '';
  if (!HAS(f, 'asset') && type !== TYPES.TRANSFER) fail(ERROR_CODES.MISSING_FIELD, `type ${type} needs an asset`);
  m.asset = parseAsset(type, HAS(f, 'asset') ? f.asset : {}, senderPublicKey, true);
  const members = type === TYPES.MULTISIGNATURE ? m.asset.keys.length : undefined;
  m.fee = BigInt(calculateFee(type, members, m.asset));
  m.signature = null;
  m.secondSignature = null;
  m.signatures = [];
  checkBody(m);
  return m;
}
