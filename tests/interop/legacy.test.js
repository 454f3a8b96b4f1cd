// Interop case (b), legacy transactions: every transaction of types 0–4 that the real
// @ddn/js-sdk 1.2.2 builders produce (crypto = @ddn/crypto 2.5.0; see lib/fixtures.js for the
// catalogue) must be accepted by `ddn tx inspect`: valid:true, format "legacy-v2", and the same id
// the client computed. Also checks the builders' output itself (field set, JSON types, amounts)
// so that a change of client behaviour is noticed, and a second network: transactions built with
// sdk.config.nethash = OTHER_NETHASH pass `--nethash OTHER_NETHASH` and fail the default one
// (WRONG_NETHASH), and vice versa.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ddnCrypto, keysOf, DEFAULT_NETHASH, OTHER_NETHASH } from './lib/client.js';
import { inspect, describe } from './lib/cli.js';
import { catalogue } from './lib/fixtures.js';

const { main, otherNet } = await catalogue();

const inspected = main.map((e) => inspect(e.tx, e.nethash));
const otherOwn = otherNet.map((e) => inspect(e.tx, OTHER_NETHASH));
const otherOnDefault = otherNet.map((e) => inspect(e.tx, DEFAULT_NETHASH));
const mainOnOther = main.slice(0, 1).concat(main.filter((e) => e.tx.type !== 0))
  .map((e) => ({ e, result: inspect(e.tx, OTHER_NETHASH) }));

const FIELDS = {
  0: ['type', 'nethash', 'amount', 'fee', 'recipientId', 'timestamp', 'asset', 'senderPublicKey', 'signature', 'id'],
  other: ['type', 'nethash', 'amount', 'fee', 'recipientId', 'senderPublicKey', 'timestamp', 'asset', 'signature', 'id'],
};

test('the builders emit the documented field sets, signed by @ddn/crypto 2.5.0', async (t) => {
  for (const e of [...main, ...otherNet]) {
    await t.test(e.name, async () => {
      const { tx } = e;
      const expected = new Set(FIELDS[tx.type === 0 ? 0 : 'other']);
      if ('message' in tx) expected.add('message');
      if (e.secondSecret) expected.add('sign_signature');
      if (e.memberSecrets) expected.add('signatures');
      assert.deepEqual(new Set(Object.keys(tx)), expected);
      assert.equal(tx.nethash, e.nethash);
      assert.equal(typeof tx.type, 'number');
      assert.equal(typeof tx.timestamp, 'number');
      assert.equal(typeof tx.amount, 'string');
      assert.match(JSON.stringify(tx.fee), /^"\d+"$/);
      assert.equal(tx.senderPublicKey, keysOf(e.secret).publicKey);
      assert.equal(tx.id, await ddnCrypto.getId(tx));
      assert.ok(await ddnCrypto.verify(tx), 'first signature verifies with @ddn/crypto');
      if (e.secondSecret) {
        assert.ok(await ddnCrypto.verifySecondSignature(tx, keysOf(e.secondSecret).publicKey));
      }
      if (tx.type !== 0) assert.equal(tx.recipientId, null);
    });
  }
});

test('builder amounts: DDN × 10^8 as canonical strings for the catalogue', () => {
  const amounts = Object.fromEntries(main.filter((e) => e.tx.type === 0).map((e) => [e.name, e.tx.amount]));
  assert.equal(amounts['transfer, tiny amount 0.00000001 DDN'], '1');
  assert.equal(amounts['transfer, 0.1 DDN'], '10000000');
  assert.equal(amounts['transfer, 123.456789 DDN'], '12345678900');
  assert.equal(amounts['transfer, large amount 90000000 DDN'], '9000000000000000');
  assert.equal(amounts['transfer, 99999999.99999999 DDN'], '9999999999999999');
  for (const e of main) if (e.tx.type === 0) assert.match(e.tx.amount, /^[1-9]\d*$/, e.name);
  assert.equal(main.find((e) => e.name === 'transfer, empty message ""').tx.message, '');
  assert.ok(!('message' in main.find((e) => e.name === 'transfer, no message').tx));
});

test('ddn tx inspect accepts every builder transaction with the client id', async (t) => {
  for (const [i, e] of main.entries()) {
    await t.test(e.name, async () => {
      const r = await inspected[i];
      const msg = describe(r);
      assert.equal(r.valid, true, msg);
      assert.equal(r.format, 'legacy-v2', msg);
      assert.equal(r.id, e.tx.id, msg);
      assert.equal(r.error, undefined, msg);
    });
  }
});

test(`another network: built for ${OTHER_NETHASH}, inspected with --nethash ${OTHER_NETHASH}`, async (t) => {
  for (const [i, e] of otherNet.entries()) {
    await t.test(`${e.name}: valid with --nethash ${OTHER_NETHASH}`, async () => {
      const r = await otherOwn[i];
      assert.equal(r.valid, true, describe(r));
      assert.equal(r.format, 'legacy-v2', describe(r));
      assert.equal(r.id, e.tx.id, describe(r));
    });
    await t.test(`${e.name}: WRONG_NETHASH on the default network`, async () => {
      const r = await otherOnDefault[i];
      assert.equal(r.valid, false, describe(r));
      assert.equal(r.error?.code, 'WRONG_NETHASH', describe(r));
    });
  }
  for (const { e, result } of mainOnOther) {
    await t.test(`${e.name}: built for ${DEFAULT_NETHASH}, WRONG_NETHASH with --nethash ${OTHER_NETHASH}`, async () => {
      const r = await result;
      assert.equal(r.valid, false, describe(r));
      assert.equal(r.error?.code, 'WRONG_NETHASH', describe(r));
    });
  }
});
