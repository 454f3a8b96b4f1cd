// Tests of the JSON mapping (protocol.md §6): encodeTransaction accepts only the one canonical
// JSON form of a transaction, and the strict JSON text parser refuses repeated keys and
// non-integer number spellings.

import test from 'node:test';
import assert from 'node:assert/strict';
import {
  createTransaction, cosign, addCosignature, encodeTransaction, decodeTransaction, transactionId, signDigest,
  transactionBody, verifyTransaction, parseJsonStrict, parseTransactionJson, stringifyTransaction,
} from '../src/index.js';

const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
const S2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
const PK1 = '50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae';
const PK2 = '5e0576619e01280579a5dd75ca0826a2d1145217364d2e31ee46d3ec8346ee0e';
const ADDR2 = 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2';

const transfer = createTransaction({ type: 0, nethash: '0ab796cd', timestamp: 7, recipientId: ADDR2, amount: '5', message: 'm' }, S1);
const vote = createTransaction({ type: 3, nethash: '0ab796cd', timestamp: 7, asset: { vote: { votes: [`+${PK2}`] } } }, S1);
const delegate = createTransaction({ type: 2, nethash: '0ab796cd', timestamp: 7, asset: { delegate: { username: 'bob' } } }, S1);
const multi = createTransaction({
  type: 4, nethash: '0ab796cd', timestamp: 7, asset: { multisignature: { min: 2, lifetime: 1, keysgroup: [`+${PK2}`] } },
}, S1);

// Applies a change to a copy; with fixId the id is recomputed so that only the change is judged.
function edit(tx, change, fixId = false) {
  const t = structuredClone(tx);
  change(t);
  if (fixId) {
    try {
      t.id = transactionId(t);
    } catch {
      // the change makes the transaction unreadable: keep the old id
    }
  }
  return t;
}
const refuses = (tx, code, msg) => assert.throws(() => encodeTransaction(tx), { code }, msg);

test('the built transactions are accepted as they are', () => {
  for (const tx of [transfer, vote, delegate, multi]) {
    assert.deepEqual(decodeTransaction(encodeTransaction(tx)), tx);
  }
});

test('top level: unknown, missing and misplaced fields', () => {
  refuses(edit(transfer, (t) => { t.senderId = 'DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7'; }), 'UNKNOWN_FIELD');
  refuses(edit(transfer, (t) => { t.blockId = null; }), 'UNKNOWN_FIELD');
  refuses(edit(transfer, (t) => { t.__proto__x = 1; }), 'UNKNOWN_FIELD');
  refuses(JSON.parse(JSON.stringify(transfer).replace('{', '{"__proto__":{},')), 'UNKNOWN_FIELD');
  for (const k of ['version', 'type', 'nethash', 'timestamp', 'senderPublicKey', 'recipientId', 'amount', 'fee', 'asset', 'signature', 'id']) {
    refuses(edit(transfer, (t) => { delete t[k]; }), 'MISSING_FIELD', k);
  }
  refuses(edit(vote, (t) => { t.recipientId = ADDR2; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.recipientId = null; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.message = undefined; }), 'INVALID_FIELD');
  refuses(null, 'MALFORMED');
  refuses([], 'MALFORMED');
  refuses('{}', 'MALFORMED');
  refuses(Object.assign(Object.create({ x: 1 }), transfer), 'MALFORMED');
});

test('top level: value types and ranges', () => {
  refuses(edit(transfer, (t) => { t.version = 2; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.version = '1'; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.type = '0'; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.type = 0.5; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.type = 7; }), 'UNSUPPORTED_TYPE');
  refuses(edit(transfer, (t) => { t.type = -1; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.type = 256; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.type = 255; }), 'UNSUPPORTED_TYPE');
  refuses(edit(transfer, (t) => { t.timestamp = '7'; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.timestamp = 7.5; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.timestamp = -0; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.timestamp = 2 ** 31; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.nethash = 7; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.nethash = '0AB796CD'; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = 5; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = '05'; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = '5.0'; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = '0'; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = '18446744073709551616'; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.amount = '1000000000000000001'; }, true), 'INVALID_FIELD');
  assert.equal(encodeTransaction(edit(transfer, (t) => { t.amount = '1000000000000000000'; }, true)).length > 0, true);
  refuses(edit(transfer, (t) => { t.fee = '10000001'; }, true), 'WRONG_FEE');
  refuses(edit(transfer, (t) => { t.fee = 10000000; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.amount = '1'; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.fee = '500000000'; }, true), 'WRONG_FEE');
  refuses(edit(multi, (t) => { t.fee = '1500000000'; }, true), 'WRONG_FEE');
  refuses(edit(transfer, (t) => { t.recipientId = 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD3'; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.recipientId = 5; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.message = ''; }, true), 'NON_CANONICAL');
  refuses(edit(transfer, (t) => { t.message = 5; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.message = '\udc00'; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.signatures = []; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.signatures = 'ab'.repeat(64); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.sign_signature = null; }), 'INVALID_FIELD');
});

test('hex fields: lowercase and exact length', () => {
  refuses(edit(transfer, (t) => { t.senderPublicKey = t.senderPublicKey.toUpperCase(); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.signature = t.signature.toUpperCase(); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.id = t.id.toUpperCase(); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.id = t.id.slice(2); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.signature = t.signature.slice(2); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.sign_signature = 'ab'.repeat(65); }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.signatures = ['AB'.repeat(64)]; }), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.id = 'ab'.repeat(32); }), 'ID_MISMATCH');
  refuses(edit(vote, (t) => { t.asset.vote.votes = [`+${PK2.toUpperCase()}`]; }, true), 'INVALID_FIELD');
});

test('assets: exact shapes per type', () => {
  refuses(edit(transfer, (t) => { t.asset = { x: 1 }; }, true), 'UNKNOWN_FIELD');
  refuses(edit(transfer, (t) => { t.asset = null; }, true), 'INVALID_FIELD');
  refuses(edit(transfer, (t) => { t.asset = []; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.asset = {}; }, true), 'MISSING_FIELD');
  refuses(edit(vote, (t) => { t.asset.vote.extra = 1; }, true), 'UNKNOWN_FIELD');
  refuses(edit(vote, (t) => { t.asset.other = {}; }, true), 'UNKNOWN_FIELD');
  refuses(edit(vote, (t) => { t.asset.vote.votes = `+${PK2}`; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.asset.vote.votes = [PK2]; }, true), 'INVALID_FIELD');
  refuses(edit(vote, (t) => { t.asset.vote.votes = []; }, true), 'INVALID_FIELD');
  refuses(edit(delegate, (t) => { delete t.asset.delegate.publicKey; }, true), 'MISSING_FIELD');
  refuses(edit(delegate, (t) => { t.asset.delegate.publicKey = PK2; }, true), 'INVALID_FIELD');
  refuses(edit(delegate, (t) => { t.asset.delegate.username = 'BOB'; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { t.asset.multisignature.keysgroup = [PK2]; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { t.asset.multisignature.keysgroup = [`-${PK2}`]; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { t.asset.multisignature.keysgroup = [`+${PK1}`]; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { t.asset.multisignature.min = 2.5; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { t.asset.multisignature.lifetime = '1'; }, true), 'INVALID_FIELD');
  refuses(edit(multi, (t) => { delete t.asset.multisignature.lifetime; }, true), 'MISSING_FIELD');
  refuses(edit(multi, (t) => { t.asset = { signature: { publicKey: PK2 } }; }, true), 'UNKNOWN_FIELD');
});

test('signDigest and transactionId work on incomplete transactions', () => {
  const { signature, id, ...unsigned } = transfer;
  assert.equal(signDigest(unsigned), signDigest(transfer));
  assert.equal(transactionBody(unsigned).length, transactionBody(transfer).length);
  assert.throws(() => transactionId(unsigned), { code: 'MISSING_FIELD' });
  const noId = { ...transfer };
  delete noId.id;
  assert.equal(transactionId(noId), id);
  assert.equal(transactionId({ ...transfer, id: 'ab'.repeat(32) }), id);
  assert.throws(() => signDigest({ ...unsigned, sign_signature: signature }), { code: 'MISSING_FIELD' });
  assert.equal(signature.length, 128);
  assert.equal(verifyTransaction(noId).code, 'MISSING_FIELD');
  assert.equal(verifyTransaction(null).code, 'MALFORMED');
});

test('strict JSON text: repeated keys, number spellings, framing', () => {
  const text = stringifyTransaction(transfer);
  assert.equal(text, JSON.stringify(transfer));
  assert.deepEqual(parseTransactionJson(text), transfer);
  assert.deepEqual(parseTransactionJson(JSON.stringify(transfer, null, 2)), transfer);
  // Keys in another order are the same object.
  const reordered = Object.fromEntries(Object.entries(transfer).reverse());
  assert.deepEqual(parseTransactionJson(JSON.stringify(reordered)), transfer);
  assert.equal(stringifyTransaction(reordered), text);
  // A repeated key, even with the same value.
  assert.throws(() => parseTransactionJson(text.replace('"type":0', '"type":0,"type":0')), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace('"asset":{}', '"asset":{"a":1,"a":1}')), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace('"timestamp":7', '"timestamp":7.0')), { code: 'INVALID_FIELD' });
  assert.throws(() => parseTransactionJson(text.replace('"timestamp":7', '"timestamp":7e0')), { code: 'INVALID_FIELD' });
  assert.throws(() => parseTransactionJson(text.replace('"timestamp":7', '"timestamp":07')), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace('"timestamp":7', '"timestamp":-0')), { code: 'INVALID_FIELD' });
  assert.throws(() => parseTransactionJson(`\ufeff${text}`), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(`${text} x`), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.slice(0, -1)), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(`[${text}]`), { code: 'MALFORMED' });
  // Unpaired surrogate escapes are MALFORMED (as the C++ ParseStrictJson), a pair is one character.
  for (const bad of ['"\\ud800"', '"\\udc00"', '"\\ud800x"', '"\\ud800\\n"', '"\\ud800\\u0041"', '"\\ud800\\ud800"', '"\\udc00\\ud800"', '"x\\ud83d"']) {
    assert.throws(() => parseTransactionJson(text.replace('"m"', bad)), { code: 'MALFORMED' }, bad);
    assert.throws(() => parseJsonStrict(bad), { code: 'MALFORMED' }, bad);
  }
  assert.equal(parseJsonStrict('"\\ud83d\\ude80"'), '🚀');
  assert.equal(parseJsonStrict('"\\uD83D\\uDE80"'), '🚀');
  // A JavaScript string with a raw lone surrogate has no UTF-8 form (the node would read invalid
  // UTF-8): MALFORMED too.
  assert.throws(() => parseJsonStrict('"\ud800"'), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace('"m"', '"\udc00"')), { code: 'MALFORMED' });
  // A raw NUL byte anywhere is MALFORMED; an escaped one is content.
  assert.throws(() => parseTransactionJson(`${text}\0`), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(`\0${text}`), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(`${text}\0{"b":`), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace('"m"', '"m\0"')), { code: 'MALFORMED' });
  assert.throws(() => parseTransactionJson(text.replace(',"fee"', ',\0"fee"')), { code: 'MALFORMED' });
  assert.throws(() => parseJsonStrict('{"a":1}\0'), { code: 'MALFORMED' });
  assert.deepEqual(parseJsonStrict('{"a":"\\u0000"}'), { a: '\0' });
  const nulEmoji = createTransaction({ type: 0, nethash: '0ab796cd', timestamp: 7, recipientId: ADDR2, amount: '5', message: 'a\0🚀' }, S1);
  const escaped = JSON.stringify(nulEmoji).replace('🚀', '\\ud83d\\ude80');
  assert.ok(escaped.includes('"a\\u0000\\ud83d\\ude80"'));
  assert.deepEqual(parseTransactionJson(escaped), nulEmoji);
  // Escapes are decoded: "\u006d" is "m".
  assert.deepEqual(parseTransactionJson(text.replace('"m"', '"\\u006d"')), transfer);
  assert.throws(() => parseJsonStrict('"a\nb"'), { code: 'MALFORMED' });
  assert.throws(() => parseJsonStrict('[1,]'), { code: 'MALFORMED' });
  assert.throws(() => parseJsonStrict('{"a":1,}'), { code: 'MALFORMED' });
  assert.throws(() => parseJsonStrict("{'a':1}"), { code: 'MALFORMED' });
  assert.throws(() => parseJsonStrict('['.repeat(100) + ']'.repeat(100)), { code: 'MALFORMED' });
  assert.deepEqual(parseJsonStrict(' {"a":[1,-2,true,false,null,"x\\"\\\\\\/\\b\\f\\n\\r\\t"]} '), { a: [1, -2, true, false, null, 'x"\\/\b\f\n\r\t'] });
  const withProto = parseJsonStrict('{"__proto__":{"x":1}}');
  assert.deepEqual(Object.keys(withProto), ['__proto__']);
  assert.equal({}.x, undefined);
});

test('cosigned transactions keep signatures before id', () => {
  const t = addCosignature(multi, cosign(multi, S2));
  assert.deepEqual(Object.keys(t).slice(-3), ['signature', 'signatures', 'id']);
  assert.deepEqual(parseTransactionJson(stringifyTransaction(t)), t);
  assert.deepEqual(verifyTransaction(t), { valid: true });
});
