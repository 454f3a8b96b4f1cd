// Tests of building, encoding, decoding, co-signing and verifying native transactions: the
// worked example of protocol.md §7, round trips of all five types with and without second
// signature and co-signatures, fees, and tampering.

import test from 'node:test';
import assert from 'node:assert/strict';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import {
  TYPES, fees, calculateFee, amountFromDDN, getKeys, getAddress, bytesToHex, hexToBytes,
  createTransaction, cosign, addCosignature, encodeTransaction, encodeTransactionBatch, decodeTransaction,
  transactionBody, transactionId, signDigest, verifyTransaction,
} from '../src/index.js';

const S1 = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
const S2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
const S3 = 'second secret phrase for test';
const S4 = 'a fourth passphrase that is not a member';
const PK1 = '50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae';
const PK2 = '5e0576619e01280579a5dd75ca0826a2d1145217364d2e31ee46d3ec8346ee0e';
const PK3 = 'f4f66f2012444e3a42a880b28fa51fcc5e409e2fb239df7d4df4c1fc11ee6792';
const ADDR2 = 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD2';
const NET = '0ab796cd';

const sha = (hex) => bytesToHex(sha256(hexToBytes(hex)));

const FIELDS = {
  0: { type: 0, nethash: NET, timestamp: 100000000, recipientId: ADDR2, amount: '150000000', message: 'hi' },
  1: { type: 1, nethash: NET, timestamp: 100000001, asset: { signature: { publicKey: PK3 } } },
  2: { type: 2, nethash: NET, timestamp: 100000002, asset: { delegate: { username: 'alice_01' } } },
  3: { type: 3, nethash: NET, timestamp: 100000003, asset: { vote: { votes: [`+${PK2}`, `-${PK3}`] } } },
  4: {
    type: 4, nethash: NET, timestamp: 100000004,
    asset: { multisignature: { min: 2, lifetime: 24, keysgroup: [`+${PK2}`, `+${PK3}`] } },
  },
};

test('protocol.md §7 worked example: body bytes', () => {
  const tx = createTransaction(
    { type: 0, nethash: NET, timestamp: 100000000, recipientId: ADDR2, amount: amountFromDDN('1.5'), message: 'hi' },
    S1,
  );
  const r = bytesToHex(ripemd160(sha256(hexToBytes(PK2))));
  const expected = [
    'ff445401', // magic
    '08', '3061623739366364', // nethash
    '00', // type
    '00e1f505', // timestamp 100000000
    PK1, // sender key
    '01', r, // recipient
    '80d1f00800000000', // amount 150000000
    '8096980000000000', // fee 10000000
    '02', '6869', // message "hi"
  ].join('');
  const body = bytesToHex(transactionBody(tx));
  assert.equal(body, expected);
  assert.equal(signDigest(tx), sha(expected));
  const full = bytesToHex(encodeTransaction(tx));
  assert.equal(full, expected + tx.signature + '00' + '00');
  assert.equal(tx.id, sha(expected + tx.signature + '00'));
  assert.equal(transactionId(tx), tx.id);
  assert.deepEqual(Object.keys(tx), [
    'version', 'type', 'nethash', 'timestamp', 'senderPublicKey', 'recipientId', 'amount', 'fee', 'message', 'asset', 'signature', 'id',
  ]);
  assert.equal(tx.version, 1);
  assert.equal(tx.senderPublicKey, PK1);
  assert.equal(tx.fee, '10000000');
  assert.deepEqual(tx.asset, {});
  assert.deepEqual(verifyTransaction(tx), { valid: true });
});

test('fee table', () => {
  assert.deepEqual({ ...fees }, {
    transfer: '10000000', signature: '500000000', delegate: '10000000000', vote: '10000000', multiSignature: '500000000',
    evidence: '10000000', daoExchange: '10000000', daoContribution: '100000000', daoConfirmation: '100000000',
    lock: '10000000', aobIssuer: '10000000000', aobAsset: '50000000000',
    aobFlags: '10000000', aobAcl: '10000000', aobIssue: '10000000', aobTransfer: '0',
  });
  assert.equal(calculateFee(TYPES.MULTISIGNATURE, 2), '1500000000');
  assert.equal(calculateFee(TYPES.MULTISIGNATURE, 15), '8000000000');
  assert.throws(() => calculateFee(TYPES.MULTISIGNATURE, 16), { code: 'INVALID_FIELD' });
  assert.throws(() => calculateFee(5), { code: 'UNSUPPORTED_TYPE' });
  assert.deepEqual(TYPES, {
    TRANSFER: 0, SIGNATURE: 1, DELEGATE: 2, VOTE: 3, MULTISIGNATURE: 4, EVIDENCE: 20,
    DAO_ORG: 40, DAO_EXCHANGE: 41, DAO_CONTRIBUTION: 42, DAO_CONFIRMATION: 43, LOCK: 100,
    AOB_ISSUER: 60, AOB_ASSET: 61, AOB_FLAGS: 62, AOB_ACL: 63, AOB_ISSUE: 64, AOB_TRANSFER: 65,
  });
  assert.equal(calculateFee(TYPES.AOB_ASSET), '50000000000');
  assert.equal(calculateFee(TYPES.AOB_TRANSFER), '0');
  assert.equal(calculateFee(TYPES.EVIDENCE), '10000000');
  assert.equal(calculateFee(TYPES.LOCK), '10000000');
  const expectedFee = { 0: '10000000', 1: '500000000', 2: '10000000000', 3: '10000000', 4: '1500000000' };
  for (const type of [0, 1, 2, 3, 4]) assert.equal(createTransaction(FIELDS[type], S1).fee, expectedFee[type]);
});

test('asset JSON and binary layout of each type', () => {
  const t1 = createTransaction(FIELDS[1], S1);
  assert.deepEqual(t1.asset, { signature: { publicKey: PK3 } });
  assert.ok(bytesToHex(transactionBody(t1)).endsWith('00' + PK3)); // empty message, then the key
  const t2 = createTransaction(FIELDS[2], S1);
  assert.deepEqual(Object.keys(t2.asset.delegate), ['username', 'publicKey']);
  assert.deepEqual(t2.asset, { delegate: { username: 'alice_01', publicKey: PK1 } });
  assert.ok(bytesToHex(transactionBody(t2)).endsWith('00' + '08' + bytesToHex(new TextEncoder().encode('alice_01'))));
  const t3 = createTransaction(FIELDS[3], S1);
  assert.deepEqual(t3.asset, { vote: { votes: [`+${PK2}`, `-${PK3}`] } });
  assert.ok(bytesToHex(transactionBody(t3)).endsWith('00' + '02' + '2b' + PK2 + '2d' + PK3));
  const t4 = createTransaction(FIELDS[4], S1);
  assert.deepEqual(Object.keys(t4.asset.multisignature), ['min', 'lifetime', 'keysgroup']);
  assert.ok(bytesToHex(transactionBody(t4)).endsWith('00' + '02' + '18' + '02' + PK2 + PK3));
  for (const t of [t1, t2, t3, t4]) {
    assert.equal(t.recipientId, undefined);
    assert.equal(t.amount, '0');
    assert.ok(bytesToHex(transactionBody(t)).includes(PK1 + '00' + '0000000000000000'));
  }
  // The delegate's publicKey may be given in the fields, but must be the sender's.
  assert.deepEqual(createTransaction({ ...FIELDS[2], asset: { delegate: { username: 'alice_01', publicKey: PK1 } } }, S1), t2);
  assert.throws(
    () => createTransaction({ ...FIELDS[2], asset: { delegate: { username: 'alice_01', publicKey: PK2 } } }, S1),
    { code: 'INVALID_FIELD' },
  );
});

for (const type of [0, 1, 2, 3, 4]) {
  for (const second of [null, S3]) {
    for (const cosigners of [[], [S2], [S3, S2]]) {
      const name = `round trip: type ${type}, ${second ? 'with' : 'no'} second signature, ${cosigners.length} co-signatures`;
      test(name, () => {
        let tx = createTransaction(FIELDS[type], S1, second ?? undefined);
        const id = tx.id;
        const digest = signDigest(tx);
        for (const c of cosigners) {
          const sig = cosign(tx, c);
          assert.equal(sig.length, 128);
          tx = addCosignature(tx, sig);
        }
        assert.equal(tx.id, id, 'co-signatures do not change the id');
        assert.equal(signDigest(tx), digest);
        assert.equal('sign_signature' in tx, second !== null);
        assert.equal('signatures' in tx, cosigners.length > 0);
        if (cosigners.length) assert.equal(tx.signatures.length, cosigners.length);

        const bytes = encodeTransaction(tx);
        const back = decodeTransaction(bytes);
        assert.deepEqual(back, tx);
        assert.equal(JSON.stringify(back), JSON.stringify(tx), 'canonical key order');
        assert.deepEqual(decodeTransaction(encodeTransaction(back)), tx);
        assert.equal(transactionId(back), id);

        const hex = bytesToHex(bytes);
        const body = bytesToHex(transactionBody(tx));
        const secondField = second ? '01' + tx.sign_signature : '00';
        assert.equal(hex, body + tx.signature + secondField + '0' + cosigners.length + (tx.signatures ?? []).join(''));
        assert.equal(id, sha(body + tx.signature + secondField));
        // Independent checks of the digests with the primitives themselves.
        assert.ok(ed25519.verify(hexToBytes(tx.signature), hexToBytes(sha(body)), hexToBytes(PK1)));
        if (second) {
          assert.ok(ed25519.verify(hexToBytes(tx.sign_signature), hexToBytes(sha(body + tx.signature)), hexToBytes(PK3)));
        }
        // Co-signatures are kept in ascending byte order, whatever order they were added in.
        const sigs = tx.signatures ?? [];
        assert.deepEqual(sigs, [...sigs].sort());
        for (const c of cosigners) {
          const pk = hexToBytes(getKeys(c).publicKey);
          assert.ok(sigs.some((s) => ed25519.verify(hexToBytes(s), hexToBytes(sha(body)), pk)), 'a co-signature by each cosigner');
        }

        assert.deepEqual(verifyTransaction(tx), { valid: true });
        if (second) {
          assert.deepEqual(verifyTransaction(tx, { secondPublicKey: PK3 }), { valid: true });
          assert.equal(verifyTransaction(tx, { secondPublicKey: PK2 }).code, 'BAD_SECOND_SIGNATURE');
          // The second signature covers the first one: second-digest = SHA-256(body || signature).
          assert.notEqual(tx.sign_signature, cosign(tx, S3));
        } else {
          assert.equal(verifyTransaction(tx, { secondPublicKey: PK3 }).code, 'BAD_SECOND_SIGNATURE');
        }
      });
    }
  }
}

test('type 4: co-signatures must come from distinct keysgroup members', () => {
  const tx = createTransaction(FIELDS[4], S1);
  const byMember = addCosignature(tx, cosign(tx, S2));
  assert.deepEqual(verifyTransaction(byMember), { valid: true });
  const byStranger = addCosignature(tx, cosign(tx, S4));
  assert.equal(verifyTransaction(byStranger).code, 'BAD_COSIGNATURE');
  const bySender = addCosignature(tx, cosign(tx, S1));
  assert.equal(verifyTransaction(bySender).code, 'BAD_COSIGNATURE');
  // A co-signature over another transaction's digest.
  const other = createTransaction({ ...FIELDS[4], timestamp: 5 }, S1);
  assert.equal(verifyTransaction(addCosignature(tx, cosign(other, S2))).code, 'BAD_COSIGNATURE');
  // The same signature twice: refused by addCosignature, and by the decoders when smuggled in
  // (INVALID_FIELD, as C++ CheckTxFields), before the order rule.
  const sig = cosign(tx, S2);
  assert.throws(() => addCosignature(byMember, sig), { code: 'BAD_COSIGNATURE' });
  const twice = { ...byMember, signatures: [sig, sig] };
  assert.equal(verifyTransaction(twice).code, 'INVALID_FIELD');
  assert.throws(() => encodeTransaction(twice), { code: 'INVALID_FIELD' });
  // Both members, in either order of signing: one canonical transaction.
  const ab = addCosignature(addCosignature(tx, cosign(tx, S2)), cosign(tx, S3));
  const ba = addCosignature(addCosignature(tx, cosign(tx, S3)), cosign(tx, S2));
  assert.deepEqual(ab, ba);
  assert.deepEqual(verifyTransaction(ab), { valid: true });
  // Out of order: NON_CANONICAL from both decoders.
  const reversed = { ...ab, signatures: [...ab.signatures].reverse() };
  assert.equal(verifyTransaction(reversed).code, 'NON_CANONICAL');
  assert.throws(() => encodeTransaction(reversed), { code: 'NON_CANONICAL' });
  const wire = bytesToHex(encodeTransaction(ab));
  const [s0, s1] = ab.signatures;
  assert.ok(wire.endsWith('02' + s0 + s1));
  assert.throws(() => decodeTransaction(hexToBytes(wire.slice(0, -256) + s1 + s0)), { code: 'NON_CANONICAL' });
  assert.throws(() => decodeTransaction(hexToBytes(wire.slice(0, -256) + s0 + s0)), { code: 'INVALID_FIELD' });
  // One member's two different valid signatures (another nonce) cannot both count: the second
  // finds no unused member.
  const seed = sha256(new TextEncoder().encode(S2));
  const { scalar } = ed25519.utils.getExtendedPublicKey(seed);
  const digest = hexToBytes(signDigest(tx));
  const n = ed25519.Point.Fn.ORDER;
  const r = 123456789n;
  const R = ed25519.Point.BASE.multiply(r).toBytes();
  const h = sha512(Uint8Array.from([...R, ...hexToBytes(PK2), ...digest]));
  let k = 0n;
  for (let i = 63; i >= 0; i--) k = (k << 8n) | BigInt(h[i]);
  let S = (r + (k % n) * scalar) % n;
  const Sb = new Uint8Array(32);
  for (let i = 0; i < 32; i++, S >>= 8n) Sb[i] = Number(S & 0xffn);
  const second = bytesToHex(Uint8Array.from([...R, ...Sb]));
  assert.notEqual(second, cosign(tx, S2));
  assert.deepEqual(verifyTransaction(addCosignature(tx, second)), { valid: true });
  const both = addCosignature(addCosignature(tx, second), cosign(tx, S2));
  assert.equal(verifyTransaction(both).code, 'BAD_COSIGNATURE');
  assert.match(verifyTransaction(both).error, /signed twice/);
});

test('co-signatures on other types: not verified statelessly, repeats refused, at most 16', () => {
  let tx = createTransaction(FIELDS[0], S1);
  for (let i = 0; i < 16; i++) tx = addCosignature(tx, cosign(tx, `cosigner ${i}`));
  assert.equal(tx.signatures.length, 16);
  assert.deepEqual(tx.signatures, [...tx.signatures].sort());
  assert.deepEqual(verifyTransaction(tx), { valid: true });
  assert.deepEqual(decodeTransaction(encodeTransaction(tx)), tx);
  assert.throws(() => addCosignature(tx, cosign(tx, 'cosigner 16')), { code: 'INVALID_FIELD' });
  assert.throws(() => addCosignature(tx, tx.signatures[3]), { code: 'BAD_COSIGNATURE' });
  const seventeen = { ...tx, signatures: [...tx.signatures, 'ff'.repeat(64)] };
  assert.throws(() => encodeTransaction(seventeen), { code: 'INVALID_FIELD' });
  const dup = { ...tx, signatures: [tx.signatures[0], tx.signatures[0]] };
  assert.equal(verifyTransaction(dup).code, 'INVALID_FIELD');
  // Left to state as in the node: signatures that verify against nothing still pass statelessly
  // on a transfer (the sender's registered group decides), once they are in canonical order.
  const junk = addCosignature(addCosignature(createTransaction(FIELDS[0], S1), 'ab'.repeat(64)), '01'.repeat(64));
  assert.deepEqual(junk.signatures, ['01'.repeat(64), 'ab'.repeat(64)]);
  assert.deepEqual(verifyTransaction(junk), { valid: true });
  assert.throws(() => addCosignature(tx, 'AB'.repeat(64)), { code: 'INVALID_FIELD' });
  assert.throws(() => addCosignature(tx, 'ab'.repeat(63)), { code: 'INVALID_FIELD' });
});

test('co-signature rules: repeats (INVALID_FIELD) win over the fee and the order, the order over the id', () => {
  const tx = addCosignature(addCosignature(createTransaction(FIELDS[0], S1), '01'.repeat(64)), 'ab'.repeat(64));
  const wrongFee = { ...tx, fee: '1', signatures: ['ab'.repeat(64), 'ab'.repeat(64)] };
  assert.throws(() => encodeTransaction(wrongFee), { code: 'INVALID_FIELD' });
  const unorderedWrongFee = { ...tx, fee: '1', signatures: ['ab'.repeat(64), '01'.repeat(64)] };
  assert.throws(() => encodeTransaction(unorderedWrongFee), { code: 'WRONG_FEE' });
  const unorderedWrongId = { ...tx, id: '00'.repeat(32), signatures: ['ab'.repeat(64), '01'.repeat(64)] };
  assert.throws(() => encodeTransaction(unorderedWrongId), { code: 'NON_CANONICAL' });
  const repeatUnordered = { ...tx, signatures: ['ab'.repeat(64), '01'.repeat(64), 'ab'.repeat(64)] };
  assert.throws(() => encodeTransaction(repeatUnordered), { code: 'INVALID_FIELD' });
});

test('keys inside assets must be valid points: createTransaction, JSON and bytes agree', () => {
  const ORDER8 = '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05';
  const mixed = bytesToHex(ed25519.Point.fromBytes(hexToBytes(PK2)).add(ed25519.Point.fromBytes(hexToBytes(ORDER8))).toBytes());
  const bad = ['01' + '00'.repeat(31), ORDER8, 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', '02' + '00'.repeat(31), mixed];
  const withKey = {
    1: (k) => ({ signature: { publicKey: k } }),
    3: (k) => ({ vote: { votes: [`+${PK2}`, `-${k}`] } }),
    4: (k) => ({ multisignature: { min: 2, lifetime: 24, keysgroup: [`+${PK2}`, `+${k}`] } }),
  };
  for (const type of [1, 3, 4]) {
    const good = createTransaction(FIELDS[type], S1);
    for (const k of bad) {
      assert.throws(() => createTransaction({ ...FIELDS[type], asset: withKey[type](k) }, S1), { code: 'INVALID_FIELD' }, `type ${type} ${k}`);
      // The same key smuggled into the JSON (id recomputed is impossible: the rules refuse first).
      const t = { ...structuredClone(good), asset: withKey[type](k) };
      assert.throws(() => encodeTransaction(t), { code: 'INVALID_FIELD' });
      assert.equal(verifyTransaction(t).code, 'INVALID_FIELD');
      assert.throws(() => transactionId(t), { code: 'INVALID_FIELD' });
    }
  }
  // The rule is for asset keys only: a mixed-order sender is judged by the signature alone (see
  // verify.test.js, "verifyTransaction accepts a mixed-order sender").
});

// Re-signs nothing: changes one field and recomputes the id, so only the signature can catch it.
function tamper(tx, change) {
  const t = structuredClone(tx);
  change(t);
  t.id = transactionId(t);
  return t;
}

test('tampering with any signed field invalidates the signature', () => {
  const base = createTransaction(FIELDS[0], S1, S3);
  const changes = {
    amount: (t) => { t.amount = '150000001'; },
    recipient: (t) => { t.recipientId = getAddress(PK3); },
    message: (t) => { t.message = 'ho'; },
    dropMessage: (t) => { delete t.message; },
    timestamp: (t) => { t.timestamp += 1; },
    nethash: (t) => { t.nethash = '0ab796ce'; },
    sender: (t) => { t.senderPublicKey = PK3; },
  };
  for (const [name, change] of Object.entries(changes)) {
    const t = tamper(base, change);
    assert.deepEqual(decodeTransaction(encodeTransaction(t)), t, name); // structurally fine
    const v = verifyTransaction(t);
    assert.equal(v.valid, false, name);
    assert.equal(v.code, 'BAD_SIGNATURE', name);
  }
  // A flipped bit in the signature.
  const flipped = tamper(base, (t) => { t.signature = (t.signature[0] === '0' ? '1' : '0') + t.signature.slice(1); });
  assert.equal(verifyTransaction(flipped).code, 'BAD_SIGNATURE');
  // The second signature is bound to the first one and to the body.
  const sec = tamper(base, (t) => { t.sign_signature = createTransaction({ ...FIELDS[0], timestamp: 1 }, S1, S3).sign_signature; });
  assert.deepEqual(verifyTransaction(sec), { valid: true }); // stateless: second key unknown
  assert.equal(verifyTransaction(sec, { secondPublicKey: PK3 }).code, 'BAD_SECOND_SIGNATURE');
  // Changing a field without fixing the id: ID_MISMATCH.
  const noId = { ...base, amount: '150000001' };
  assert.equal(verifyTransaction(noId).code, 'ID_MISMATCH');
  assert.throws(() => encodeTransaction(noId), { code: 'ID_MISMATCH' });
  // Removing the second signature changes the id.
  const { sign_signature: _, ...stripped } = base;
  assert.equal(verifyTransaction(stripped).code, 'ID_MISMATCH');
});

test('tampering with the bytes is caught by the signature', () => {
  const tx = createTransaction(FIELDS[3], S1);
  const bytes = encodeTransaction(tx);
  // Flip the op of the first vote: still a valid encoding, but another transaction.
  const bodyHex = bytesToHex(transactionBody(tx));
  const opAt = bodyHex.length / 2 - 2 * 33;
  assert.equal(bytes[opAt], 0x2b);
  const evil = Uint8Array.from(bytes);
  evil[opAt] = 0x2d;
  const decoded = decodeTransaction(evil);
  assert.equal(decoded.asset.vote.votes[0], `-${PK2}`);
  assert.notEqual(decoded.id, tx.id);
  assert.equal(verifyTransaction(decoded).code, 'BAD_SIGNATURE');
  // Every single-bit flip of the transaction either fails to decode or fails to verify.
  let decodable = 0;
  for (let i = 0; i < bytes.length; i++) {
    for (const bit of [0x01, 0x80]) {
      const b = Uint8Array.from(bytes);
      b[i] ^= bit;
      let t;
      try {
        t = decodeTransaction(b);
      } catch (e) {
        assert.ok(typeof e.code === 'string', `byte ${i}: ${e}`);
        continue;
      }
      decodable++;
      assert.equal(verifyTransaction(t).valid, false, `byte ${i} bit ${bit}`);
    }
  }
  assert.ok(decodable > 0);
});

test('createTransaction input checks', () => {
  const f = FIELDS[0];
  assert.throws(() => createTransaction({ ...f, fee: '10000000' }, S1), { code: 'UNKNOWN_FIELD' });
  assert.throws(() => createTransaction({ ...f, recipientId: undefined }, S1), { code: 'MISSING_FIELD' });
  assert.throws(() => createTransaction({ ...f, amount: '0' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, amount: undefined }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, amount: 150000000 }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, amount: '1.5' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, recipientId: 'DPwssUk9qvyhW7ZYSgTRgD487zqpaZuzD3' }, S1), { code: 'INVALID_FIELD' });
  // A transfer to the sender's own address is refused (as by the C++ node; not in protocol.md).
  assert.throws(() => createTransaction({ ...f, recipientId: getAddress(PK1) }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, message: 'x'.repeat(257) }, S1), { code: 'INVALID_FIELD' });
  assert.equal(createTransaction({ ...f, message: 'x'.repeat(256) }, S1).message.length, 256);
  // The message limit counts code points (an emoji counts 1) and UTF-8 bytes (at most 1024).
  const cp = (t) => [...t.message].length;
  assert.equal(cp(createTransaction({ ...f, message: '😀'.repeat(128) + 'x' }, S1)), 129);
  assert.equal(cp(createTransaction({ ...f, message: 'a'.repeat(199) + '🚀'.repeat(57) }, S1)), 256);
  assert.throws(() => createTransaction({ ...f, message: 'a'.repeat(200) + '🚀'.repeat(57) }, S1), { code: 'INVALID_FIELD' });
  const emoji256 = createTransaction({ ...f, message: '😀'.repeat(256) }, S1);
  assert.equal(cp(emoji256), 256);
  assert.equal(emoji256.message.length, 512); // UTF-16 units
  assert.ok(bytesToHex(transactionBody(emoji256)).includes('8008' + 'f09f9880')); // 1024-byte length
  assert.deepEqual(decodeTransaction(encodeTransaction(emoji256)), emoji256);
  assert.throws(() => createTransaction({ ...f, message: '😀'.repeat(257) }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, message: '😀'.repeat(256) + 'x' }, S1), { code: 'INVALID_FIELD' });
  // Amounts: at most 10^18 base units, for every type.
  assert.equal(createTransaction({ ...f, amount: '1000000000000000000' }, S1).amount, '1000000000000000000');
  assert.throws(() => createTransaction({ ...f, amount: '1000000000000000001' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, amount: '18446744073709551615' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...FIELDS[3], amount: '1000000000000000001' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, message: 'bad \ud800' }, S1), { code: 'INVALID_FIELD' });
  assert.equal('message' in createTransaction({ ...f, message: '' }, S1), false);
  assert.throws(() => createTransaction({ ...f, nethash: '0AB796CD' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, nethash: '' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, nethash: 'a'.repeat(33) }, S1), { code: 'INVALID_FIELD' });
  assert.equal(createTransaction({ ...f, nethash: 'a'.repeat(32) }, S1).nethash.length, 32);
  assert.throws(() => createTransaction({ ...f, timestamp: 2 ** 31 }, S1), { code: 'INVALID_FIELD' });
  assert.equal(createTransaction({ ...f, timestamp: 2 ** 31 - 1 }, S1).timestamp, 2 ** 31 - 1);
  assert.throws(() => createTransaction({ ...f, timestamp: -1 }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, timestamp: 1.5 }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, timestamp: '1' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...f, type: 5 }, S1), { code: 'UNSUPPORTED_TYPE' });
  assert.throws(() => createTransaction({ ...f, asset: { x: 1 } }, S1), { code: 'UNKNOWN_FIELD' });
  assert.throws(() => createTransaction({ ...FIELDS[3], recipientId: ADDR2 }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...FIELDS[3], amount: '1' }, S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction({ ...FIELDS[3], asset: undefined }, S1), { code: 'MISSING_FIELD' });
  assert.throws(() => createTransaction(null, S1), { code: 'MALFORMED' });
  assert.throws(() => createTransaction(f, 5), { code: 'INVALID_FIELD' });

  const vote = (votes) => ({ ...FIELDS[3], asset: { vote: { votes } } });
  assert.throws(() => createTransaction(vote([]), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(vote([`+${PK2}`, `-${PK2}`]), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(vote([`*${PK2}`]), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(vote([PK2]), S1), { code: 'INVALID_FIELD' });
  const keys33 = Array.from({ length: 34 }, (_, i) => `+${getKeys(`d${i}`).publicKey}`);
  assert.equal(createTransaction(vote(keys33.slice(0, 33)), S1).asset.vote.votes.length, 33);
  assert.throws(() => createTransaction(vote(keys33), S1), { code: 'INVALID_FIELD' });

  const ms = (o) => ({ ...FIELDS[4], asset: { multisignature: { min: 2, lifetime: 24, keysgroup: [`+${PK2}`, `+${PK3}`], ...o } } });
  assert.equal(createTransaction(ms({ min: 3 }), S1).asset.multisignature.min, 3);
  assert.throws(() => createTransaction(ms({ min: 4 }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ min: 1 }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ lifetime: 0 }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ lifetime: 25 }), S1), { code: 'INVALID_FIELD' });
  assert.equal(createTransaction(ms({ lifetime: 1 }), S1).asset.multisignature.lifetime, 1);
  assert.throws(() => createTransaction(ms({ keysgroup: [] }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ keysgroup: [`+${PK2}`, `+${PK2}`] }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ keysgroup: [`+${PK2}`, `+${PK1}`] }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ keysgroup: [`+${PK2}`, `-${PK3}`] }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ min: '2' }), S1), { code: 'INVALID_FIELD' });
  const k16 = Array.from({ length: 16 }, (_, i) => `+${getKeys(`m${i}`).publicKey}`);
  const t15 = createTransaction(ms({ min: 15, keysgroup: k16.slice(0, 15) }), S1);
  assert.equal(t15.fee, '8000000000');
  assert.equal(createTransaction(ms({ min: 15, keysgroup: k16.slice(0, 14) }), S1).asset.multisignature.min, 15);
  assert.throws(() => createTransaction(ms({ min: 16, keysgroup: k16.slice(0, 15) }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ min: 15, keysgroup: k16.slice(0, 13) }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ keysgroup: k16 }), S1), { code: 'INVALID_FIELD' });
  assert.throws(() => createTransaction(ms({ min: 17, keysgroup: k16.slice(0, 15) }), S1), { code: 'INVALID_FIELD' });

  const del = (username) => ({ ...FIELDS[2], asset: { delegate: { username } } });
  for (const ok of ['a', 'x'.repeat(20), 'a!@$&_.9']) assert.equal(createTransaction(del(ok), S1).asset.delegate.username, ok);
  for (const bad of ['', 'x'.repeat(21), 'Alice', 'al ice', 'al-ice', 'alicé', 12]) {
    assert.throws(() => createTransaction(del(bad), S1), { code: 'INVALID_FIELD' }, String(bad));
  }
});

test('a binary batch is the transactions as native payload entries, in order', () => {
  const a = createTransaction(FIELDS[0], S1);
  const b = createTransaction({ ...FIELDS[0], amount: '1', message: 'x'.repeat(200) }, S1);
  const batch = encodeTransactionBatch([a, b]);
  let at = 0;
  for (const tx of [a, b]) {
    const bytes = encodeTransaction(tx);
    assert.equal(batch[at], 0, 'native entry');
    let length = 0;
    let shift = 0;
    let byte;
    do {
      byte = batch[at + 1 + shift / 7];
      length |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    at += 1 + shift / 7;
    assert.equal(length, bytes.length);
    assert.deepEqual(batch.slice(at, at + length), bytes);
    assert.deepEqual(decodeTransaction(batch.slice(at, at + length)), tx);
    at += length;
  }
  assert.equal(at, batch.length);
  assert.ok(encodeTransaction(b).length > 127, 'the second entry needs a two-byte varint');
  assert.throws(() => encodeTransactionBatch([]), (e) => e.code === 'INVALID_FIELD');
  assert.throws(() => encodeTransactionBatch(new Array(1001).fill(a)), (e) => e.code === 'INVALID_FIELD');
  assert.throws(() => encodeTransactionBatch([{ ...a, amount: 'x' }]), (e) => typeof e.code === 'string');
});
