// Interop case (d), strictness: what the real js-sdk 1.2.2 builders produce for odd inputs, and
// transactions that differ from the builders' exact field set / JSON types, must be refused by
// `ddn tx inspect` even when they are correctly signed and carry the right id (re-signed with
// @ddn/crypto 2.5.0 after the change, "re-signed" below), or when the change does not alter the
// signed bytes at all (null/boolean/object values and empty strings are skipped by the sorted-key
// serializer, so the client's signature and id stay valid: "same signature").
// Covered: non-canonical amounts (1e13 DDN → "1e+21", 0.1+0.2 DDN → "30000000.000000004", …),
// unknown and missing fields, uppercase hex, wrong fees, JSON types, per-type asset rules,
// legacy types other than 0–4 (LEGACY_TYPE_UNSUPPORTED, e.g. type 20 evidence from the js-sdk
// builder), and the wrong network (WRONG_NETHASH). Equivalent JSON texts of a valid transaction
// (whitespace, key order, \u escapes) must stay valid with the same id.
// Where the JS reference node's own checks differ from ours (max amount, multisignature min,
// message length in code points, "message": null) we follow the node, and these cases assert it.
import test from 'node:test';
import assert from 'node:assert/strict';
import { sdk, ddnCrypto, keysOf, addressOf, clone, DEFAULT_NETHASH, OTHER_NETHASH } from './lib/client.js';
import { inspect, describe } from './lib/cli.js';
import {
  catalogue, resignAs, signFresh, delegateKey, memberKey, memberSecret,
  SENDER, SECOND, RECIPIENT,
} from './lib/fixtures.js';

const { main } = await catalogue();
const byName = (name) => {
  const e = main.find((x) => x.name === name);
  if (!e) throw new Error(`no catalogue entry ${name}`);
  return e;
};
const T0 = byName('transfer 1 DDN, Latin message');
const T0S = byName('transfer + second signature, Latin message');
const T1 = byName('second signature registration');
const T2 = byName('delegate "alice"');
const T3 = byName('vote, 5 mixed entries');
const T4 = byName('multisig, 3 members, min 3');
const BASES = [T0, T0S, T1, T2, T3, T4];

const cases = [];
/**
 * Adds a case. `make` returns the transaction (object or raw JSON text); `code` is the expected
 * error code (a string, an array of acceptable codes, or undefined for "any"); `valid: true` for
 * cases that must be accepted; `todo` marks a documented divergence.
 */
function add(group, name, make, { code, valid = false, nethash = DEFAULT_NETHASH, sameId, todo } = {}) {
  cases.push({ group, name, make, code, valid, nethash, sameId, todo });
}
/** A copy of entry's transaction changed by `mutate`, then re-signed (signature, id, co-signatures). */
const resigned = (entry, mutate) => async () => {
  const tx = clone(entry.tx);
  await mutate(tx);
  return resignAs(entry, tx);
};
/** A copy changed by `mutate`, keeping the client's signature and id. */
const kept = (entry, mutate) => async () => {
  const tx = clone(entry.tx);
  await mutate(tx);
  return tx;
};
/** Sets obj[path] (dotted) to value. */
function setPath(obj, dotted, value) {
  const keys = dotted.split('.');
  const last = keys.pop();
  const target = keys.reduce((o, k) => o[k], obj);
  if (value === undefined) delete target[last];
  else target[last] = value;
}

// ---------------------------------------------------------------- amounts the builders produce
async function builderTransfer(amountDdn) {
  return sdk.transaction.createTransaction(addressOf(RECIPIENT), amountDdn, 'odd amount', SENDER);
}
const ODD_AMOUNTS = [
  ['1e13 DDN', 1e13, '1e+21'],
  ['0.1 + 0.2 DDN', 0.1 + 0.2, '30000000.000000004'],
  ['2.1e13 DDN', 2.1e13, '2.1e+21'],
  ['1e-9 DDN', 1e-9, '0.1'],
  ['0.000000015 DDN', 0.000000015, '1.5'],
  ['-1 DDN', -1, '-100000000'],
  ['0 DDN', 0, '0'],
  ['NaN DDN', NaN, 'NaN'],
];
for (const [label, amount, expected] of ODD_AMOUNTS) {
  add('builder amounts', `createTransaction(${label}) → amount "${expected}"`, async () => {
    const tx = clone(await builderTransfer(amount));
    assert.equal(tx.amount, expected, 'the builder output changed: this case no longer tests what it says');
    assert.equal(tx.id, await ddnCrypto.getId(tx));
    return tx;
  }, { code: 'INVALID_FIELD' });
}

// ---------------------------------------------------------------- non-canonical amount / fee strings
const BAD_AMOUNT_TEXTS = ['0100000000', '100000000.0', '1e8', '+100000000', ' 100000000', '100000000 ',
  '-100000000', '', '0x5f5e100', '１００', '18446744073709551616', '99999999999999999999999'];
for (const text of BAD_AMOUNT_TEXTS) {
  add('amount strings', `transfer amount ${JSON.stringify(text)} (re-signed)`, resigned(T0, (t) => { t.amount = text; }),
    { code: 'INVALID_FIELD' });
}
add('amount strings', 'transfer amount as JSON number 100000000 (re-signed)', resigned(T0, (t) => { t.amount = 100000000; }),
  { code: 'INVALID_FIELD' });
add('amount strings', 'vote amount "00" (re-signed)', resigned(T3, (t) => { t.amount = '00'; }), { code: 'INVALID_FIELD' });
add('amount strings', 'vote amount 0 as JSON number (re-signed)', resigned(T3, (t) => { t.amount = 0; }), { code: 'INVALID_FIELD' });
// The reference node refuses amount > maxAmount × 10^8 (maxAmount 100e8 DDN in packages/core,
// 1e8 DDN in config/constants.ddn.js) in Transaction.verify, without looking at any balance.
add('amount strings', 'transfer amount 1e18 + 1 base units, above maxAmount·10^8 (re-signed)',
  resigned(T0, (t) => { t.amount = '1000000000000000001'; }),
  { code: 'INVALID_FIELD' });
add('amount strings', 'transfer amount UINT64_MAX (re-signed)',
  resigned(T0, (t) => { t.amount = '18446744073709551615'; }),
  { code: 'INVALID_FIELD' });

for (const text of ['010000000', '10000000.0', '1e7', '+10000000', '', ' 10000000']) {
  add('fee strings', `transfer fee ${JSON.stringify(text)} (re-signed)`, resigned(T0, (t) => { t.fee = text; }),
    { code: ['INVALID_FIELD', 'WRONG_FEE'] });
}
add('fee strings', 'transfer fee as JSON number 10000000 (re-signed)', resigned(T0, (t) => { t.fee = 10000000; }),
  { code: ['INVALID_FIELD', 'WRONG_FEE'] });

// ---------------------------------------------------------------- wrong fees (well-formed)
const WRONG_FEES = [
  [T0, ['0', '1', '9999999', '10000001', '1000000', '500000000']],
  [T0S, ['0', '20000000']],
  [T1, ['0', '10000000', '499999999', '1000000000']],
  [T2, ['0', '10000000', '500000000', '9999999999', '100000000000']],
  [T3, ['0', '1', '500000000', '10000001']],
  [T4, ['0', '1500000000', '2500000000', '1999999999']], // right: 5 DDN × (3 + 1) = 2000000000
];
for (const [entry, fees] of WRONG_FEES) {
  for (const fee of fees) {
    add('wrong fee', `${entry.name}: fee ${fee} (re-signed)`, resigned(entry, (t) => { t.fee = fee; }), { code: 'WRONG_FEE' });
  }
}

// ---------------------------------------------------------------- unknown fields
const UNKNOWN_FIELDS = [
  ['foo', 'bar'], ['foo', 1], ['senderId', addressOf(SENDER)], ['requester_public_key', keysOf('requester').publicKey],
  ['args', '["1"]'], ['height', '5'], ['block_id', 'abc'], ['Type', 0], ['message ', 'x'],
];
for (const base of [T0, T3, T4]) {
  for (const [key, value] of UNKNOWN_FIELDS) {
    add('unknown fields', `${base.name}: extra ${JSON.stringify(key)}: ${JSON.stringify(value)} (re-signed)`,
      resigned(base, (t) => { t[key] = value; }), { code: 'UNKNOWN_FIELD' });
  }
  // Values the serializer skips: the client's signature and id remain valid.
  for (const value of [null, true, false, {}, { a: 'b' }, '']) {
    add('unknown fields', `${base.name}: extra "foo": ${JSON.stringify(value)} (same signature)`,
      kept(base, (t) => { t.foo = value; }), { code: 'UNKNOWN_FIELD' });
  }
}
add('unknown fields', 'transfer: senderId added (same signature; the JS node removes it before checking)',
  kept(T0, (t) => { t.senderId = addressOf(SENDER); }), { code: 'UNKNOWN_FIELD' });
add('unknown fields', 'vote: message added (re-signed; message is a type 0 field only)',
  resigned(T3, (t) => { t.message = 'hi'; }), { code: 'UNKNOWN_FIELD' });
add('unknown fields', 'vote: message "" added (same signature)', kept(T3, (t) => { t.message = ''; }), { code: 'UNKNOWN_FIELD' });
add('unknown fields', 'transfer: "version": 1 added (re-signed)', resigned(T0, (t) => { t.version = 1; }));
// asset: extra keys
add('unknown asset fields', 'transfer: asset {"x": "y"} (re-signed)', resigned(T0, (t) => { t.asset.x = 'y'; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'transfer: asset {"x": {}} (same signature)', kept(T0, (t) => { t.asset.x = {}; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'transfer: asset {"x": null} (same signature)', kept(T0, (t) => { t.asset.x = null; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'signature reg.: asset.signature.x (re-signed)', resigned(T1, (t) => { t.asset.signature.x = 'y'; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'delegate: asset.delegate.address (re-signed)', resigned(T2, (t) => { t.asset.delegate.address = addressOf(SENDER); }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'delegate: asset.delegate.x = true (same signature)', kept(T2, (t) => { t.asset.delegate.x = true; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'vote: asset.vote.x (re-signed)', resigned(T3, (t) => { t.asset.vote.x = 'y'; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'vote: second asset key "delegate" (re-signed)', resigned(T3, (t) => { t.asset.delegate = { username: 'x' }; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'multisig: asset.multisignature.x = null (same signature)', kept(T4, (t) => { t.asset.multisignature.x = null; }), { code: 'UNKNOWN_FIELD' });
add('unknown asset fields', 'multisig: asset.multisignature.x = "y" (re-signed)', resigned(T4, (t) => { t.asset.multisignature.x = 'y'; }), { code: 'UNKNOWN_FIELD' });

// ---------------------------------------------------------------- missing fields
const REQUIRED = {
  0: ['type', 'nethash', 'amount', 'fee', 'recipientId', 'timestamp', 'asset', 'senderPublicKey', 'signature', 'id'],
  other: ['type', 'nethash', 'amount', 'fee', 'recipientId', 'timestamp', 'asset', 'senderPublicKey', 'signature', 'id'],
};
for (const base of BASES) {
  for (const field of REQUIRED[base.tx.type === 0 ? 0 : 'other']) {
    add('missing fields', `${base.name}: without ${field} (client signature and id)`,
      kept(base, (t) => { delete t[field]; }), { code: field === 'type' ? undefined : ['MISSING_FIELD', 'INVALID_FIELD'] });
    if (!['signature', 'id'].includes(field)) {
      add('missing fields', `${base.name}: without ${field} (re-signed)`,
        resigned(base, (t) => { delete t[field]; }), { code: field === 'type' ? undefined : ['MISSING_FIELD', 'INVALID_FIELD'] });
    }
  }
}
const ASSET_FIELDS = [
  [T1, ['asset.signature', 'asset.signature.publicKey']],
  [T2, ['asset.delegate', 'asset.delegate.username', 'asset.delegate.publicKey']],
  [T3, ['asset.vote', 'asset.vote.votes']],
  [T4, ['asset.multisignature', 'asset.multisignature.min', 'asset.multisignature.lifetime', 'asset.multisignature.keysgroup']],
];
for (const [base, paths] of ASSET_FIELDS) {
  for (const p of paths) {
    add('missing fields', `${base.name}: without ${p} (re-signed)`, resigned(base, (t) => setPath(t, p, undefined)),
      { code: ['MISSING_FIELD', 'INVALID_FIELD'] });
  }
}
add('missing fields', 'transfer + second signature: without sign_signature (re-signed without it)', async () => {
  const tx = clone(T0S.tx);
  return signFresh(tx, SENDER); // a valid transaction, just not second-signed: a stateless check cannot tell
}, { valid: true });

// ---------------------------------------------------------------- uppercase hex
const upper = (s) => s.toUpperCase();
add('uppercase hex', 'senderPublicKey upper case (re-signed)', resigned(T0, (t) => { t.senderPublicKey = upper(t.senderPublicKey); }), { code: 'INVALID_FIELD' });
add('uppercase hex', 'signature upper case (id recomputed)', async () => {
  const tx = clone(T0.tx);
  tx.signature = upper(tx.signature);
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: 'INVALID_FIELD' });
add('uppercase hex', 'sign_signature upper case (id recomputed)', async () => {
  const tx = clone(T0S.tx);
  tx.sign_signature = upper(tx.sign_signature);
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: 'INVALID_FIELD' });
add('uppercase hex', 'id upper case', kept(T0, (t) => { t.id = upper(t.id); }), { code: ['INVALID_FIELD', 'ID_MISMATCH'] });
add('uppercase hex', 'one signature hex digit upper case (id recomputed)', async () => {
  const tx = clone(T0.tx);
  const i = tx.signature.search(/[a-f]/);
  tx.signature = tx.signature.slice(0, i) + upper(tx.signature[i]) + tx.signature.slice(i + 1);
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: 'INVALID_FIELD' });
add('uppercase hex', 'asset.signature.publicKey upper case (re-signed)', resigned(T1, (t) => { t.asset.signature.publicKey = upper(t.asset.signature.publicKey); }), { code: 'INVALID_FIELD' });
add('uppercase hex', 'asset.delegate.publicKey and senderPublicKey upper case (re-signed)', resigned(T2, (t) => {
  t.asset.delegate.publicKey = upper(t.asset.delegate.publicKey);
  t.senderPublicKey = upper(t.senderPublicKey);
}), { code: 'INVALID_FIELD' });
add('uppercase hex', 'asset.delegate.publicKey upper case only (re-signed)', resigned(T2, (t) => { t.asset.delegate.publicKey = upper(t.asset.delegate.publicKey); }), { code: 'INVALID_FIELD' });
add('uppercase hex', 'vote key upper case (re-signed)', resigned(T3, (t) => { t.asset.vote.votes[0] = upper(t.asset.vote.votes[0]); }), { code: 'INVALID_FIELD' });
add('uppercase hex', 'keysgroup key upper case (re-signed, co-signed)', resigned(T4, (t) => {
  t.asset.multisignature.keysgroup[1] = upper(t.asset.multisignature.keysgroup[1]);
}), { code: 'INVALID_FIELD' });
add('uppercase hex', 'co-signature upper case', kept(T4, (t) => { t.signatures[0] = upper(t.signatures[0]); }), { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- malformed hex / keys / signatures
add('malformed hex', 'senderPublicKey 31 bytes (re-signed)', resigned(T0, (t) => { t.senderPublicKey = t.senderPublicKey.slice(2); }), { code: 'INVALID_FIELD' });
add('malformed hex', 'senderPublicKey 33 bytes (re-signed)', resigned(T0, (t) => { t.senderPublicKey += '00'; }), { code: 'INVALID_FIELD' });
add('malformed hex', 'signature 63 bytes (id recomputed)', async () => {
  const tx = clone(T0.tx);
  tx.signature = tx.signature.slice(2);
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: 'INVALID_FIELD' });
add('malformed hex', 'signature with a non-hex character (id recomputed)', async () => {
  const tx = clone(T0.tx);
  tx.signature = `${tx.signature.slice(0, -1)}g`;
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: 'INVALID_FIELD' });
add('malformed hex', 'signature as array of bytes', kept(T0, (t) => { t.signature = [...Buffer.from(t.signature, 'hex')]; }), { code: 'INVALID_FIELD' });
add('malformed hex', 'id 31 bytes', kept(T0, (t) => { t.id = t.id.slice(2); }), { code: ['INVALID_FIELD', 'ID_MISMATCH'] });
add('malformed hex', 'id as number', kept(T0, (t) => { t.id = 1; }), { code: 'INVALID_FIELD' });
add('malformed hex', 'signatures not an array', kept(T4, (t) => { t.signatures = t.signatures[0]; }), { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- signature malleability
// Ed25519 signature (R, S) and (R, S + L) both pass tweetnacl's verify (used by @ddn/crypto and the
// JS node), but S + L is non-canonical; protocol.md §5 requires verifiers to refuse it. As the id
// covers the signature, accepting it would give the same transfer a second id (a replay).
const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n;
function malleate(sigHex) {
  const b = Buffer.from(sigHex, 'hex');
  let S = 0n;
  for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(b[i]);
  S += ED25519_L;
  for (let i = 32; i < 64; i++) { b[i] = Number(S & 255n); S >>= 8n; }
  return b.toString('hex');
}
add('malleability', 'signature with S + L (id recomputed; @ddn/crypto verify accepts it)', async () => {
  const tx = clone(T0.tx);
  tx.signature = malleate(tx.signature);
  tx.id = await ddnCrypto.getId(tx);
  assert.equal(await ddnCrypto.verify(tx), true, 'tweetnacl no longer accepts S + L: the premise changed');
  return tx;
}, { code: ['BAD_SIGNATURE', 'INVALID_FIELD', 'NON_CANONICAL'] });
add('malleability', 'second-signed transfer, signature with S + L (sign_signature and id recomputed)', async () => {
  const tx = clone(T0S.tx);
  tx.signature = malleate(tx.signature);
  tx.sign_signature = await ddnCrypto.secondSign(tx, keysOf(SECOND));
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}, { code: ['BAD_SIGNATURE', 'INVALID_FIELD', 'NON_CANONICAL'] });
add('malleability', 'co-signature with S + L', kept(T4, (t) => { t.signatures[1] = malleate(t.signatures[1]); }),
  { code: ['BAD_COSIGNATURE', 'INVALID_FIELD', 'NON_CANONICAL'] });

// ---------------------------------------------------------------- JSON types of the other fields
add('JSON types', 'type as string "0" (re-signed)', resigned(T0, (t) => { t.type = '0'; }));
add('JSON types', 'type 0.5 (same signature: the serializer would throw)', kept(T0, (t) => { t.type = 0.5; }));
add('JSON types', 'timestamp as string (re-signed)', resigned(T0, (t) => { t.timestamp = String(t.timestamp); }), { code: 'INVALID_FIELD' });
add('JSON types', 'timestamp 2^31 (re-signed)', resigned(T0, (t) => { t.timestamp = 2 ** 31; }), { code: 'INVALID_FIELD' });
add('JSON types', 'timestamp 2^32 + original (re-signed; int32 bytes wrap to the same value)', resigned(T0, (t) => { t.timestamp += 2 ** 32; }), { code: 'INVALID_FIELD' });
add('JSON types', 'timestamp −1 (re-signed)', resigned(T0, (t) => { t.timestamp = -1; }), { code: 'INVALID_FIELD' });
add('JSON types', 'nethash as number (re-signed)', resigned(T0, (t) => { t.nethash = 12345678; }), { code: 'INVALID_FIELD' });
add('JSON types', 'recipientId as number (re-signed)', resigned(T0, (t) => { t.recipientId = 1; }), { code: 'INVALID_FIELD' });
add('JSON types', 'vote: recipientId "" (same signature)', kept(T3, (t) => { t.recipientId = ''; }), { code: 'INVALID_FIELD' });
// createTransaction(…, null, …) emits "message": null; the JS node drops null-valued keys
// (objectNormalize) and accepts it; the bytes and id equal those of "no message".
add('JSON types', 'transfer: message null from createTransaction(addr, 1, null, secret)', async () => {
  const tx = clone(await sdk.transaction.createTransaction(addressOf(RECIPIENT), 1, null, SENDER));
  assert.equal(tx.message, null);
  return tx;
}, { valid: true });
add('JSON types', 'transfer: message as number (re-signed)', resigned(T0, (t) => { t.message = 42; }), { code: 'INVALID_FIELD' });
add('JSON types', 'asset as array (same signature)', kept(T0, (t) => { t.asset = []; }), { code: 'INVALID_FIELD' });
add('JSON types', 'multisig min as string "3" (re-signed)', resigned(T4, (t) => { t.asset.multisignature.min = '3'; }), { code: 'INVALID_FIELD' });
// @ddn/crypto cannot sign a non-integer number (bytebuffer throws), so the client's signature is kept.
add('JSON types', 'multisig lifetime 12.5 (same signature)', kept(T4, (t) => { t.asset.multisignature.lifetime = 12.5; }), { code: 'INVALID_FIELD' });
add('JSON types', 'vote votes as one string (re-signed)', resigned(T3, (t) => { t.asset.vote.votes = t.asset.vote.votes.join(''); }), { code: 'INVALID_FIELD' });
add('JSON types', 'vote votes as comma-separated string (re-signed)', resigned(T3, (t) => { t.asset.vote.votes = t.asset.vote.votes.join(','); }), { code: 'INVALID_FIELD' });
add('JSON types', 'delegate username as number (re-signed)', resigned(T2, (t) => { t.asset.delegate.username = 7; }), { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- transfer rules
add('transfer rules', 'recipientId = the sender itself (re-signed)', resigned(T0, (t) => { t.recipientId = addressOf(SENDER); }), { code: 'INVALID_FIELD' });
add('transfer rules', 'recipientId with a bad checksum (re-signed)', resigned(T0, (t) => {
  t.recipientId = t.recipientId.slice(0, -1) + (t.recipientId.endsWith('a') ? 'b' : 'a');
}), { code: 'INVALID_FIELD' });
add('transfer rules', 'recipientId with prefix "d" (re-signed)', resigned(T0, (t) => { t.recipientId = `d${t.recipientId.slice(1)}`; }), { code: 'INVALID_FIELD' });
add('transfer rules', 'recipientId without prefix (re-signed)', resigned(T0, (t) => { t.recipientId = t.recipientId.slice(1); }), { code: 'INVALID_FIELD' });
add('transfer rules', 'recipientId "" (re-signed)', resigned(T0, (t) => { t.recipientId = ''; }), { code: 'INVALID_FIELD' });
add('transfer rules', 'message of 257 ASCII characters (re-signed)', resigned(T0, (t) => { t.message = 'm'.repeat(257); }), { code: 'INVALID_FIELD' });
add('transfer rules', 'message of 256 UTF-16 units incl. emoji (re-signed)', resigned(T0, (t) => { t.message = `${'😀'.repeat(100)}${'m'.repeat(56)}`; }), { valid: true });
// ajv 6 (the JS node's schema validator, `maxLength: 256`) counts code points, not UTF-16 units.
add('transfer rules', 'message of 256 emoji = 256 code points, 512 UTF-16 units (builder)', async () =>
  clone(await sdk.transaction.createTransaction(addressOf(RECIPIENT), 1, '😀'.repeat(256), SENDER)),
{ valid: true });
add('transfer rules', 'message of 257 emoji (builder)', async () =>
  clone(await sdk.transaction.createTransaction(addressOf(RECIPIENT), 1, '😀'.repeat(257), SENDER)),
{ code: 'INVALID_FIELD' });
add('transfer rules', 'duplicate co-signatures on a transfer (same signature; the JS node refuses duplicates in verify)',
  kept(T0, (t) => { t.signatures = [t.signature, t.signature]; }), { code: ['INVALID_FIELD', 'BAD_COSIGNATURE'] });

// ---------------------------------------------------------------- delegate usernames
for (const username of ['', 'Alice', 'ALICE', 'a b', ' alice', 'alice ', 'ä', 'alice#', 'alice-bob', 'a'.repeat(21),
  'alice\n', '\u0000', '😀', addressOf(SENDER)]) {
  add('delegate usernames', `username ${JSON.stringify(username)} (re-signed)`, resigned(T2, (t) => { t.asset.delegate.username = username; }),
    { code: 'INVALID_FIELD' });
}
add('delegate usernames', 'asset.delegate.publicKey ≠ sender (re-signed)', resigned(T2, (t) => { t.asset.delegate.publicKey = delegateKey(0); }),
  { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- vote rules
const voteKeys = (n, from = 0) => Array.from({ length: n }, (_, i) => `+${delegateKey(i + from)}`);
add('vote rules', '34 entries (re-signed)', resigned(T3, (t) => { t.asset.vote.votes = voteKeys(34); }), { code: 'INVALID_FIELD' });
add('vote rules', '0 entries (re-signed)', resigned(T3, (t) => { t.asset.vote.votes = []; }), { code: 'INVALID_FIELD' });
add('vote rules', 'same entry twice (re-signed)', resigned(T3, (t) => { t.asset.vote.votes.push(t.asset.vote.votes[0]); }), { code: 'INVALID_FIELD' });
add('vote rules', '+key and -key of one delegate (re-signed)', resigned(T3, (t) => { t.asset.vote.votes = [`+${delegateKey(0)}`, `-${delegateKey(0)}`]; }), { code: 'INVALID_FIELD' });
add('vote rules', 'entry without sign (re-signed)', resigned(T3, (t) => { t.asset.vote.votes[0] = delegateKey(0); }), { code: 'INVALID_FIELD' });
add('vote rules', 'entry with "*" (re-signed)', resigned(T3, (t) => { t.asset.vote.votes[0] = `*${delegateKey(0)}`; }), { code: 'INVALID_FIELD' });
add('vote rules', 'entry with a 31-byte key (re-signed)', resigned(T3, (t) => { t.asset.vote.votes[0] = `+${delegateKey(0).slice(2)}`; }), { code: 'INVALID_FIELD' });
add('vote rules', 'entry as object (re-signed)', resigned(T3, (t) => { t.asset.vote.votes[0] = { key: delegateKey(0) }; }), { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- multisignature rules
const group = (n) => Array.from({ length: n }, (_, i) => `+${memberKey(i)}`);
const groupSecrets = (n) => Array.from({ length: n }, (_, i) => memberSecret(i));
async function multisigTx(members, min, lifetime, { keysgroup, fee } = {}) {
  const kg = keysgroup ?? group(members);
  const tx = clone(await sdk.multisignature.createMultisignature(kg, lifetime, min, SENDER));
  if (fee) tx.fee = fee;
  return signFresh(tx, SENDER, undefined, groupSecrets(members).slice(0, kg.length));
}
const msFee = (n) => (500000000n * BigInt(n + 1)).toString();
add('multisig rules', 'min 1 (builder)', () => multisigTx(3, 1, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'min 0 (builder)', () => multisigTx(3, 0, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'min = members + 2 (builder)', () => multisigTx(3, 5, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'min 17 (builder)', () => multisigTx(15, 17, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'min = members + 1 = 4 (builder)', () => multisigTx(3, 4, 24), { valid: true });
// The JS node's objectNormalize schema allows min 1..15 only (verify allows 2..16).
add('multisig rules', 'min 16 with 15 members (builder)', () => multisigTx(15, 16, 24),
  { code: 'INVALID_FIELD' });
add('multisig rules', 'lifetime 0 (builder)', () => multisigTx(2, 2, 0), { code: 'INVALID_FIELD' });
add('multisig rules', 'lifetime 25 (builder)', () => multisigTx(2, 2, 25), { code: 'INVALID_FIELD' });
add('multisig rules', 'lifetime 1 is fine (builder)', () => multisigTx(2, 2, 1), { valid: true });
add('multisig rules', '16 members (builder, fee for 16)', () => multisigTx(16, 2, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'empty keysgroup (builder)', () => multisigTx(0, 2, 24), { code: 'INVALID_FIELD' });
add('multisig rules', 'sender in keysgroup (builder)', () => multisigTx(2, 2, 24, { keysgroup: [`+${keysOf(SENDER).publicKey}`, `+${memberKey(1)}`] }),
  { code: 'INVALID_FIELD' });
add('multisig rules', 'member twice (builder)', () => multisigTx(2, 2, 24, { keysgroup: [`+${memberKey(0)}`, `+${memberKey(0)}`] }),
  { code: 'INVALID_FIELD' });
add('multisig rules', '"-" entry (builder)', () => multisigTx(2, 2, 24, { keysgroup: [`-${memberKey(0)}`, `+${memberKey(1)}`] }),
  { code: 'INVALID_FIELD' });
add('multisig rules', 'entry without "+" (builder)', () => multisigTx(2, 2, 24, { keysgroup: [memberKey(0), `+${memberKey(1)}`] }),
  { code: 'INVALID_FIELD' });
add('multisig rules', 'fee 5 DDN × members instead of × (members + 1) (builder, re-signed)', () => multisigTx(3, 2, 24, { fee: msFee(2) }),
  { code: 'WRONG_FEE' });
add('multisig rules', '17 co-signatures (re-signed)', async () => {
  const tx = await multisigTx(15, 2, 24);
  tx.signatures.push(tx.signatures[0], tx.signatures[1]);
  return tx;
}, { code: ['INVALID_FIELD', 'BAD_COSIGNATURE'] });

// ---------------------------------------------------------------- other legacy types
add('legacy types', 'type 20 evidence from sdk.evidence.createEvidence', async () => {
  const tx = clone(await sdk.evidence.createEvidence({
    ipid: 'IPIDasdf20180501221md', title: 'Evidence', hash: 'contenthash', author: 'author1',
    url: 'dat://f76e1e82cf4eab4bf173627ff93662973c6fab110c70fb0f86370873a9619aa6+18/public/test.html',
    tags: 'test, article', size: '12', type: 'html',
  }, SENDER));
  assert.equal(tx.type, 20);
  return tx;
}, { code: 'LEGACY_TYPE_UNSUPPORTED' });
add('legacy types', 'type 100 lock from sdk.transaction.createLock', async () => {
  const tx = clone(await sdk.transaction.createLock(1000, SENDER));
  assert.equal(tx.type, 100);
  return tx;
}, { code: 'LEGACY_TYPE_UNSUPPORTED' });
for (const type of [5, 6, 7, 8, 9, 11, 12, 40, 60, 65, 90, 255, 256, 2147483647]) {
  add('legacy types', `hand-built type ${type} (signed)`, () => signFresh({
    type, nethash: DEFAULT_NETHASH, amount: '0', fee: '10000000', recipientId: null,
    senderPublicKey: keysOf(SENDER).publicKey, timestamp: T0.tx.timestamp, asset: {},
  }, SENDER), { code: 'LEGACY_TYPE_UNSUPPORTED' });
}
add('legacy types', 'type −1 (signed)', () => signFresh({
  type: -1, nethash: DEFAULT_NETHASH, amount: '0', fee: '10000000', recipientId: null,
  senderPublicKey: keysOf(SENDER).publicKey, timestamp: T0.tx.timestamp, asset: {},
}, SENDER), { code: ['LEGACY_TYPE_UNSUPPORTED', 'INVALID_FIELD'] });

// ---------------------------------------------------------------- network
add('network', 'built for another nethash (re-signed), inspected on the default', resigned(T0, (t) => { t.nethash = '0ab796ce'; }), { code: 'WRONG_NETHASH' });
add('network', `default nethash, inspected with --nethash ${OTHER_NETHASH}`, kept(T0, () => {}), { code: 'WRONG_NETHASH', nethash: OTHER_NETHASH });
add('network', `built for ${OTHER_NETHASH} (re-signed), inspected with --nethash ${OTHER_NETHASH}`,
  resigned(T0S, (t) => { t.nethash = OTHER_NETHASH; }), { valid: true, nethash: OTHER_NETHASH });
add('network', 'nethash "" (re-signed)', resigned(T0, (t) => { t.nethash = ''; }), { code: ['INVALID_FIELD', 'WRONG_NETHASH'] });
add('network', 'nethash upper case "0AB796CD" (re-signed)', resigned(T0, (t) => { t.nethash = '0AB796CD'; }), { code: ['INVALID_FIELD', 'WRONG_NETHASH'] });

// ---------------------------------------------------------------- JSON text
const json = (tx) => JSON.stringify(tx);
add('JSON text', 'duplicate key "amount" (raw JSON)', () => json(T0.tx).replace('"amount":', '"amount":"1","amount":'), { code: 'MALFORMED' });
add('JSON text', 'duplicate key "id" with the same value (raw JSON)', () => json(T0.tx).replace('"id":', `"id":"${T0.tx.id}","id":`), { code: 'MALFORMED' });
add('JSON text', 'trailing garbage (raw JSON)', () => `${json(T0.tx)}x`, { code: 'MALFORMED' });
add('JSON text', 'two objects (raw JSON)', () => `${json(T0.tx)}${json(T0.tx)}`, { code: 'MALFORMED' });
add('JSON text', 'array instead of object', () => `[${json(T0.tx)}]`);
add('JSON text', 'wrapped as {"transaction": …} (the HTTP body, not a transaction)', () => json({ transaction: T0.tx }));
add('JSON text', 'empty input', () => '', { code: 'MALFORMED' });
// A raw NUL byte is never valid JSON text (not whitespace; inside strings it must be escaped).
add('JSON text', 'NUL byte then garbage after the object (raw JSON)', () => `${json(T0.tx)}\u0000garbage`, { code: 'MALFORMED' });
add('JSON text', 'NUL byte then a second transaction (raw JSON)', () => `${json(T0.tx)}\u0000${json(T3.tx)}`, { code: 'MALFORMED' });
add('JSON text', 'trailing NUL byte (raw JSON)', () => `${json(T0.tx)}\u0000`, { code: 'MALFORMED' });
add('JSON text', 'trailing JSON whitespace is fine', () => `\n ${json(T0.tx)} \r\n\t`, { valid: true, sameId: T0.tx.id });
add('JSON text', 'lone surrogate escape in message (re-signed; JS encodes it as U+FFFD)',
  resigned(T0, (t) => { t.message = 'a\ud800b'; }), { code: 'MALFORMED' });
// Equivalent texts of a valid transaction stay valid, with the same id.
add('JSON text', 'pretty-printed', () => JSON.stringify(T0S.tx, null, 2), { valid: true, sameId: T0S.tx.id });
add('JSON text', 'keys in reverse order', () => json(Object.fromEntries(Object.entries(T4.tx).reverse())), { valid: true, sameId: T4.tx.id });
add('JSON text', 'non-ASCII message written as \\u escapes', () => {
  const e = byName('transfer, CJK message');
  return json(e.tx).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}, { valid: true, sameId: byName('transfer, CJK message').tx.id });
add('JSON text', 'emoji message written as surrogate-pair escapes', () => {
  const e = byName('transfer, emoji (astral) message');
  return json(e.tx).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}, { valid: true, sameId: byName('transfer, emoji (astral) message').tx.id });
add('JSON text', 'control-character message with an extra \\u escape', () => {
  const e = byName('transfer, control characters message');
  return json(e.tx).replace('"message":"tab', '"message":"\\u0074ab');
}, { valid: true, sameId: byName('transfer, control characters message').tx.id });
add('JSON text', 'timestamp written as 1.0-style float text', () => json(T0.tx).replace(`"timestamp":${T0.tx.timestamp}`, `"timestamp":${T0.tx.timestamp}.0`),
  { code: 'INVALID_FIELD' });

// ---------------------------------------------------------------- run
for (const c of cases) {
  c.input = Promise.resolve().then(c.make);
  c.result = c.input.then((tx) => inspect(tx, c.nethash));
}

const groups = [...new Set(cases.map((c) => c.group))];
for (const g of groups) {
  test(g, async (t) => {
    for (const c of cases.filter((x) => x.group === g)) {
      await t.test(c.name, c.todo ? { todo: c.todo } : {}, async () => {
        const r = await c.result;
        const msg = describe(r);
        if (c.valid) {
          assert.equal(r.valid, true, msg);
          assert.equal(r.format, 'legacy-v2', msg);
          if (c.sameId) assert.equal(r.id, c.sameId, msg);
          return;
        }
        assert.equal(r.valid, false, msg);
        assert.ok(r.error?.code, msg);
        if (c.code) {
          const codes = Array.isArray(c.code) ? c.code : [c.code];
          assert.ok(codes.includes(r.error.code), `expected ${codes.join(' or ')}\n${msg}`);
        }
      });
    }
  });
}
