// Cross-implementation vectors: tests/vectors/native.json is written by the C++ implementation
// (ddnd); every vector is rebuilt here from its passphrases and fields and must agree byte for
// byte (JSON, body, sign-digest, full encoding, id). A missing or empty file is a failure, not a
// skip. DDN_VECTORS=<path> points to another file (relative paths are taken from the working
// directory); the default is <repo>/tests/vectors/native.json.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTransaction, cosign, addCosignature, encodeTransaction, decodeTransaction, transactionBody,
  signDigest, transactionId, verifyTransaction, bytesToHex, hexToBytes, getKeys, parseJsonStrict,
} from '../src/index.js';

const path = process.env.DDN_VECTORS
  ? resolve(process.env.DDN_VECTORS)
  : fileURLToPath(new URL('../../../tests/vectors/native.json', import.meta.url));

let vectors = [];
let loadError = null;
try {
  // The strict parser also proves the file repeats no key (JSON.parse would hide that).
  const data = parseJsonStrict(readFileSync(path, 'utf8'));
  if (!data || !Array.isArray(data.vectors)) throw new Error('no "vectors" array');
  vectors = data.vectors;
} catch (e) {
  loadError = e;
}

test(`vectors file ${path} is present and not empty`, () => {
  assert.equal(loadError, null, `cannot load vectors: ${loadError?.message}`);
  assert.ok(vectors.length > 0, 'the vectors array is empty');
});

test('vectors cover every type, second signatures and co-signatures', () => {
  assert.equal(loadError, null, `cannot load vectors: ${loadError?.message}`);
  const types = new Set(vectors.map((v) => v.fields?.type));
  for (const t of [0, 1, 2, 3, 4]) assert.ok(types.has(t), `no vector of type ${t}`);
  assert.ok(vectors.some((v) => v.secondSecret), 'no vector with a second signature');
  assert.ok(vectors.some((v) => (v.cosigners ?? []).length > 0), 'no vector with co-signatures');
  assert.equal(new Set(vectors.map((v) => v.name)).size, vectors.length, 'vector names repeat');
});

for (const v of vectors) {
  test(`vector ${v.name}`, () => {
    for (const k of ['name', 'secret', 'secondSecret', 'cosigners', 'fields', 'json', 'bodyHex', 'signDigest', 'txHex', 'id']) {
      assert.ok(k in v, `vector lacks "${k}"`);
    }
    // Co-signatures are added in the vector's `cosigners` order; addCosignature inserts each at
    // its canonical place (ascending bytes, as the C++ InsertCosignature), so any order of
    // signing gives the vector.
    let tx = createTransaction(v.fields, v.secret, v.secondSecret ?? undefined);
    for (const c of v.cosigners) tx = addCosignature(tx, cosign(tx, c));
    let reversed = createTransaction(v.fields, v.secret, v.secondSecret ?? undefined);
    for (const c of [...v.cosigners].reverse()) reversed = addCosignature(reversed, cosign(reversed, c));

    assert.deepEqual(tx, v.json, 'json');
    assert.deepEqual(reversed, v.json, 'json (co-signed in reverse order)');
    const sigs = v.json.signatures ?? [];
    assert.deepEqual(sigs, [...sigs].sort(), 'co-signatures in ascending order');
    assert.equal(bytesToHex(transactionBody(tx)), v.bodyHex, 'bodyHex');
    assert.equal(signDigest(tx), v.signDigest, 'signDigest');
    assert.equal(bytesToHex(encodeTransaction(tx)), v.txHex, 'txHex');
    assert.equal(tx.id, v.id, 'id');
    assert.equal(transactionId(v.json), v.id, 'transactionId(json)');

    assert.deepEqual(decodeTransaction(hexToBytes(v.txHex)), v.json, 'decodeTransaction(txHex)');
    assert.equal(bytesToHex(encodeTransaction(v.json)), v.txHex, 'encodeTransaction(json)');
    assert.equal(v.json.senderPublicKey, getKeys(v.secret).publicKey);
    const options = v.secondSecret ? { secondPublicKey: getKeys(v.secondSecret).publicKey } : {};
    assert.deepEqual(verifyTransaction(v.json, options), { valid: true });
  });
}
