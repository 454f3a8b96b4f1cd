// Transaction-level API (protocol.md §5): building and signing, co-signing, encoding and
// decoding, digests, the id, and stateless verification.
//   sign-digest   = SHA-256(body)
//   second-digest = SHA-256(body || signature)
//   id            = hex SHA-256(body || signature || second-sig)

import { sha256 } from '@noble/hashes/sha2.js';
import { ERROR_CODES, DdnError, fail } from './errors.js';
import { ByteWriter, bytesToHex, compareBytes, concatBytes, hexToBytes } from './bytes.js';
import { LIMITS, TYPES } from './constants.js';
import { decodeModel, encodeBody, encodeModel, encodeSecondSig } from './codec.js';
import { fieldsToModel, jsonToModel, modelToJson } from './json.js';
import { getKeys, signDigestWithSecret, verifyDigest } from './keys.js';

function signDigestOf(m) {
  return sha256(encodeBody(m));
}

function secondDigestOf(m) {
  return sha256(concatBytes(encodeBody(m), m.signature));
}

function idOf(m) {
  return bytesToHex(sha256(concatBytes(encodeBody(m), m.signature, encodeSecondSig(m))));
}

// Fully checked model of a complete transaction JSON, including the id.
function checkedModel(tx) {
  const { model, id } = jsonToModel(tx);
  const computed = idOf(model);
  if (id !== computed) fail(ERROR_CODES.ID_MISMATCH, `id is ${id}, computed ${computed}`);
  return model;
}

/**
 * Builds and signs a native transaction. `fields` = { type, nethash, timestamp, recipientId?,
 * amount? (decimal string of base units, default "0"), message?, asset? }; the fee comes from the
 * fee table. With `secondSecret`, sign_signature is added. Returns the canonical JSON.
 */
export function createTransaction(fields, secret, secondSecret) {
  const keys = getKeys(secret);
  const m = fieldsToModel(fields, hexToBytes(keys.publicKey, 32));
  m.signature = signDigestWithSecret(signDigestOf(m), secret);
  if (secondSecret !== undefined && secondSecret !== null) {
    m.secondSignature = signDigestWithSecret(secondDigestOf(m), secondSecret);
  }
  return modelToJson(m, idOf(m));
}

/** Full binary encoding of a transaction JSON; throws a DdnError (with .code) when invalid. */
export function encodeTransaction(tx) {
  return encodeModel(checkedModel(tx));
}

/**
 * The binary batch body of POST /api/transactions (Content-Type application/octet-stream):
 * each transaction as a native payload entry (0x00, varint length, its full binary encoding),
 * concatenated. 1..1000 transactions; throws a DdnError (with .code) when one is invalid.
 */
export function encodeTransactionBatch(txs) {
  if (!Array.isArray(txs) || txs.length < 1 || txs.length > 1000) {
    fail(ERROR_CODES.INVALID_FIELD, 'a batch holds 1..1000 transactions');
  }
  const w = new ByteWriter();
  for (const tx of txs) {
    const bytes = encodeTransaction(tx);
    w.u8(0).varint(bytes.length).bytes(bytes);
  }
  return w.finish();
}

/** Strictly decodes full transaction bytes (Uint8Array) into canonical JSON. */
export function decodeTransaction(bytes) {
  const m = decodeModel(bytes);
  return modelToJson(m, idOf(m));
}

/** Body bytes (what sign-digest hashes) of a transaction JSON; signature and id may be absent. */
export function transactionBody(tx) {
  const { model } = jsonToModel(tx, { requireSignature: false, requireId: false });
  return encodeBody(model);
}

/** Hex sign-digest, SHA-256(body); signature and id may be absent and are not checked. */
export function signDigest(tx) {
  return bytesToHex(sha256(transactionBody(tx)));
}

/** Computed id (hex); the signature is needed, a stated id is not compared. */
export function transactionId(tx) {
  const { model } = jsonToModel(tx, { requireId: false });
  return idOf(model);
}

/** Co-signature (hex, 64 bytes) of a complete transaction by `secret`, over sign-digest. */
export function cosign(tx, secret) {
  const m = checkedModel(tx);
  return bytesToHex(signDigestWithSecret(signDigestOf(m), secret));
}

/**
 * A new transaction JSON with co-signature `sigHex` inserted into `signatures` at its canonical
 * place (ascending byte order, as the C++ InsertCosignature). The id does not change
 * (co-signatures are not part of it). Refuses a repeated co-signature and more than 16.
 */
export function addCosignature(tx, sigHex) {
  const m = checkedModel(tx);
  const sig = hexToBytes(sigHex, 64, 'co-signature');
  let at = 0;
  while (at < m.signatures.length && compareBytes(m.signatures[at], sig) < 0) at++;
  if (at < m.signatures.length && compareBytes(m.signatures[at], sig) === 0) {
    fail(ERROR_CODES.BAD_COSIGNATURE, 'co-signature already present');
  }
  if (m.signatures.length >= LIMITS.COSIGNATURES_MAX) {
    fail(ERROR_CODES.INVALID_FIELD, `at most ${LIMITS.COSIGNATURES_MAX} co-signatures`);
  }
  m.signatures = [...m.signatures.slice(0, at), sig, ...m.signatures.slice(at)];
  return modelToJson(m, idOf(m));
}

/**
 * Stateless verification, as the C++ VerifyTxSignatures: schema and field rules (which already
 * refuse repeated or unordered co-signatures), fee, id, the first signature by senderPublicKey
 * (libsodium rules, see keys.js), and for type 4 every co-signature by a distinct keysgroup
 * member. Co-signatures of other types are left to account state (the sender's registered
 * group), as in the node. The second signature is checked only when `options.secondPublicKey`
 * (hex) is given, since the second key lives in account state.
 * Returns { valid: true } or { valid: false, code, error }.
 */
export function verifyTransaction(tx, options = {}) {
  try {
    const m = checkedModel(tx);
    const digest = signDigestOf(m);
    if (!verifyDigest(digest, m.signature, m.senderPublicKey)) fail(ERROR_CODES.BAD_SIGNATURE, 'signature does not verify');
    if (options.secondPublicKey !== undefined) {
      const pk2 = hexToBytes(options.secondPublicKey, 32, 'secondPublicKey');
      if (m.secondSignature === null) fail(ERROR_CODES.BAD_SECOND_SIGNATURE, 'sign_signature is missing');
      if (!verifyDigest(secondDigestOf(m), m.secondSignature, pk2)) {
        fail(ERROR_CODES.BAD_SECOND_SIGNATURE, 'sign_signature does not verify');
      }
    }
    if (m.type === TYPES.MULTISIGNATURE) {
      // Greedy, in order: each co-signature takes the first unused member it verifies against
      // (the C++ VerifyCosignatures).
      const used = new Set();
      m.signatures.forEach((s, i) => {
        const member = m.asset.keys.findIndex((k, j) => !used.has(j) && verifyDigest(digest, s, k));
        if (member < 0) {
          const again = m.asset.keys.some((k) => verifyDigest(digest, s, k));
          fail(ERROR_CODES.BAD_COSIGNATURE, again ? `signatures[${i}]: member signed twice` : `signatures[${i}] is by no keysgroup member`);
        }
        used.add(member);
      });
    }
    return { valid: true };
  } catch (e) {
    if (e instanceof DdnError) return { valid: false, code: e.code, error: e.message };
    throw e;
  }
}
