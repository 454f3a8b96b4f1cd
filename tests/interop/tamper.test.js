// Interop case (c), tampering: every catalogue transaction (lib/fixtures.js) is altered one signed
// field at a time — amount, fee, recipientId, message, timestamp, senderPublicKey, nethash, type,
// each asset field, signature, sign_signature, co-signatures, id — and `ddn tx inspect` must refuse
// every altered copy, in two variants:
//   * "id kept":       the client's id is left as it was (the id check alone may catch it);
//   * "id recomputed": sign_signature (when the sender has a second passphrase) and the id are
//                      recomputed with @ddn/crypto after the change, so only the first signature
//                      protects the field. Alterations that leave the transaction well-formed must
//                      then fail with BAD_SIGNATURE precisely.
// sign_signature is covered by the id only: a stateless check cannot know the account's second
// public key, so "sign_signature changed + id recomputed" is not a tamper `ddn tx inspect` can see
// (the node checks it against the account state). Co-signatures are covered by neither the id nor
// the signature: they are checked against the keysgroup (type 4).
import test from 'node:test';
import assert from 'node:assert/strict';
import { ddnCrypto, keysOf, addressOf, clone, flipHex, DEFAULT_NETHASH, OTHER_NETHASH } from './lib/client.js';
import { inspect, describe } from './lib/cli.js';
import {
  catalogue, reseal, delegateKey, memberKey, memberSecret,
  STRANGER, OTHER_RECIPIENT,
} from './lib/fixtures.js';

const { main } = await catalogue();

const strangerKey = keysOf(STRANGER).publicKey;
const FORGER = 'interop forger passphrase';

/**
 * Tampers for one entry. kind: 'sig' = the result is well-formed, only signature/id protect it;
 * 'struct' = the result also breaks a field rule; 'cosig' = a co-signature is wrong (not in the id);
 * 'idonly' = covered by the id only (no recomputed variant).
 */
function tampersFor(entry) {
  const { tx } = entry;
  const list = [];
  const add = (field, label, kind, mutate, extra = {}) => list.push({ field, label, kind, mutate, ...extra });
  const transfer = tx.type === 0;

  // amount
  if (transfer) {
    add('amount', 'amount + 1 base unit', 'sig', (t) => { t.amount = (BigInt(t.amount) + 1n).toString(); });
    add('amount', 'amount × 10', 'sig', (t) => { t.amount = (BigInt(t.amount) * 10n).toString(); });
  } else {
    add('amount', 'amount "0" → "1"', 'struct', (t) => { t.amount = '1'; });
  }
  // fee
  add('fee', 'fee + 1', 'struct', (t) => { t.fee = (BigInt(t.fee) + 1n).toString(); });
  add('fee', 'fee of another type', 'struct', (t) => { t.fee = t.type === 1 ? '10000000' : '500000000'; });
  // recipientId
  if (transfer) {
    add('recipientId', 'another valid address', 'sig', (t) => { t.recipientId = addressOf(OTHER_RECIPIENT); });
    add('recipientId', 'null', 'struct', (t) => { t.recipientId = null; });
  } else {
    add('recipientId', 'null → a valid address', 'struct', (t) => { t.recipientId = addressOf(OTHER_RECIPIENT); });
  }
  // message
  if (transfer) {
    if (tx.message) {
      // A message of 256 UTF-16 units is at the limit: one more character also breaks the rule.
      add('message', 'one more character', tx.message.length < 256 ? 'sig' : 'struct', (t) => { t.message += '!'; });
      add('message', 'first character changed', 'sig', (t) => {
        const chars = Array.from(t.message); // code points: never split a surrogate pair
        chars[0] = chars[0] === 'X' ? 'Y' : 'X';
        t.message = chars.join('');
      });
      add('message', 'removed', 'sig', (t) => { delete t.message; });
      add('message', 'emptied', 'sig', (t) => { t.message = ''; });
    } else {
      add('message', 'message added', 'sig', (t) => { t.message = 'x'; });
    }
  } else {
    add('message', 'message added to a non-transfer', 'struct', (t) => { t.message = 'x'; });
  }
  // timestamp
  add('timestamp', 'timestamp − 1', 'sig', (t) => { t.timestamp -= 1; });
  add('timestamp', 'timestamp − 1 day', 'sig', (t) => { t.timestamp -= 86400; });
  // senderPublicKey
  if (tx.type === 2) {
    add('senderPublicKey', 'sender and asset.delegate.publicKey → another key', 'sig', (t) => {
      t.senderPublicKey = strangerKey;
      t.asset.delegate.publicKey = strangerKey;
    });
    add('senderPublicKey', 'sender alone → another key', 'struct', (t) => { t.senderPublicKey = strangerKey; });
  } else {
    add('senderPublicKey', 'another key', 'sig', (t) => { t.senderPublicKey = strangerKey; });
  }
  // nethash
  add('nethash', `→ ${OTHER_NETHASH}, inspected with --nethash ${OTHER_NETHASH}`, 'sig',
    (t) => { t.nethash = OTHER_NETHASH; }, { nethash: OTHER_NETHASH });
  add('nethash', `→ ${OTHER_NETHASH}, inspected on ${DEFAULT_NETHASH}`, 'struct', (t) => { t.nethash = OTHER_NETHASH; });
  // type
  for (let type = 0; type <= 4; type++) {
    if (type !== tx.type) add('type', `type ${tx.type} → ${type}`, 'struct', (t) => { t.type = type; });
  }
  // asset fields
  if (tx.type === 1) {
    add('asset.signature.publicKey', 'another key', 'sig', (t) => { t.asset.signature.publicKey = strangerKey; });
  }
  if (tx.type === 2) {
    add('asset.delegate.username', 'another valid username', 'sig', (t) => {
      t.asset.delegate.username = t.asset.delegate.username === 'mallory' ? 'eve' : 'mallory';
    });
    add('asset.delegate.username', 'one more character', 'sig', (t) => {
      t.asset.delegate.username = `${t.asset.delegate.username}z`.slice(-20);
      if (t.asset.delegate.username === tx.asset.delegate.username) t.asset.delegate.username = 'zz';
    });
    add('asset.delegate.publicKey', 'another key', 'struct', (t) => { t.asset.delegate.publicKey = strangerKey; });
  }
  if (tx.type === 3) {
    const n = tx.asset.vote.votes.length;
    for (const i of [...new Set([0, Math.floor(n / 2), n - 1])]) {
      add('asset.vote.votes', `entry ${i}: sign flipped`, 'sig', (t) => {
        const v = t.asset.vote.votes[i];
        t.asset.vote.votes[i] = (v[0] === '+' ? '-' : '+') + v.slice(1);
      });
      add('asset.vote.votes', `entry ${i}: another delegate`, 'sig', (t) => {
        t.asset.vote.votes[i] = t.asset.vote.votes[i][0] + delegateKey(900 + i);
      });
    }
    if (n > 1) {
      add('asset.vote.votes', 'last entry removed', 'sig', (t) => { t.asset.vote.votes.pop(); });
      add('asset.vote.votes', 'first two entries swapped', 'sig', (t) => {
        const v = t.asset.vote.votes;
        [v[0], v[1]] = [v[1], v[0]];
      });
    }
    if (n < 33) add('asset.vote.votes', 'entry added', 'sig', (t) => { t.asset.vote.votes.push(`+${delegateKey(999)}`); });
  }
  if (tx.type === 4) {
    const ms = tx.asset.multisignature;
    const members = ms.keysgroup.length;
    const otherMin = ms.min > 2 ? ms.min - 1 : ms.min + 1;
    add('asset.multisignature.min', `min ${ms.min} → ${otherMin}`, otherMin <= members + 1 ? 'sig' : 'struct',
      (t) => { t.asset.multisignature.min = otherMin; });
    add('asset.multisignature.lifetime', `lifetime ${ms.lifetime} → ${ms.lifetime === 24 ? 23 : ms.lifetime + 1}`, 'sig',
      (t) => { t.asset.multisignature.lifetime = ms.lifetime === 24 ? 23 : ms.lifetime + 1; });
    add('asset.multisignature.keysgroup', 'member 0 replaced', 'sig',
      (t) => { t.asset.multisignature.keysgroup[0] = `+${memberKey(500)}`; });
    // The fee is 5 DDN × (members + 1): adjusting it keeps the altered group well-formed.
    const multisigFee = (n) => (500000000n * BigInt(n + 1)).toString();
    if (members > 1) {
      add('asset.multisignature.keysgroup', 'members reversed', 'sig', (t) => { t.asset.multisignature.keysgroup.reverse(); });
      add('asset.multisignature.keysgroup', 'last member removed (fee adjusted)', ms.min <= members ? 'sig' : 'struct', (t) => {
        t.asset.multisignature.keysgroup.pop();
        t.fee = multisigFee(members - 1);
      });
      add('asset.multisignature.keysgroup', 'last member removed (fee kept)', 'struct',
        (t) => { t.asset.multisignature.keysgroup.pop(); });
    }
    if (members < 15) {
      add('asset.multisignature.keysgroup', 'member added (fee adjusted)', 'sig', (t) => {
        t.asset.multisignature.keysgroup.push(`+${memberKey(501)}`);
        t.fee = multisigFee(members + 1);
      });
      add('asset.multisignature.keysgroup', 'member added (fee kept)', 'struct',
        (t) => { t.asset.multisignature.keysgroup.push(`+${memberKey(501)}`); });
    }
    // co-signatures: not part of the id nor of the signature
    add('signatures', 'co-signature 0 altered', 'cosig', (t) => { t.signatures[0] = flipHex(t.signatures[0]); });
    add('signatures', 'co-signature duplicated', 'cosig', (t) => {
      if (t.signatures.length > 1) t.signatures[1] = t.signatures[0];
      else t.signatures.push(t.signatures[0]);
    });
    add('signatures', 'co-signature by a non-member', 'cosig', async (t) => {
      t.signatures[t.signatures.length - 1] = await ddnCrypto.sign(t, keysOf(memberSecret(777)));
    });
    add('signatures', 'co-signature by the sender', 'cosig', async (t) => {
      t.signatures[0] = t.signature;
    });
  }
  // signature
  add('signature', 'last hex digit changed', 'sig', (t) => { t.signature = flipHex(t.signature); });
  add('signature', "another account's valid signature over the same bytes", 'sig', async (t) => {
    t.signature = await ddnCrypto.sign(t, keysOf(FORGER));
  });
  // sign_signature (id only)
  if ('sign_signature' in tx) {
    add('sign_signature', 'last hex digit changed', 'idonly', (t) => { t.sign_signature = flipHex(t.sign_signature); });
    add('sign_signature', 'removed', 'idonly', (t) => { delete t.sign_signature; });
  } else {
    add('sign_signature', 'added', 'idonly', async (t) => {
      t.sign_signature = await ddnCrypto.secondSign(t, keysOf(STRANGER));
    });
  }
  // id
  add('id', 'last hex digit changed', 'idonly', (t) => { t.id = flipHex(t.id); });
  return list;
}

// Build every variant, then start every CLI call at once (they are batched, see lib/cli.js).
const cases = [];
for (const entry of main) {
  for (const tamper of tampersFor(entry)) {
    const kept = clone(entry.tx);
    await tamper.mutate(kept, entry);
    const variants = [{ variant: 'id kept', tx: kept }];
    if (tamper.kind !== 'idonly' && tamper.kind !== 'cosig') {
      const resealed = clone(entry.tx);
      await tamper.mutate(resealed, entry);
      await reseal(entry, resealed);
      variants.push({ variant: 'id recomputed', tx: resealed });
    }
    for (const v of variants) cases.push({ entry, tamper, ...v });
  }
}
for (const c of cases) c.result = inspect(c.tx, c.tamper.nethash ?? DEFAULT_NETHASH);

test('the tampers really change the signed bytes (self-check of this test)', async () => {
  for (const c of cases) {
    if (c.tamper.kind === 'cosig' || c.tamper.field === 'id') continue;
    const before = await ddnCrypto.getId(c.entry.tx);
    const after = await ddnCrypto.getId({ ...c.tx, id: undefined });
    assert.notEqual(after, before, `${c.entry.name} / ${c.tamper.label}: bytes unchanged`);
    if (c.tamper.kind === 'sig') {
      // the first signature no longer matches: either what it signs or the signature itself changed
      const signed = (tx) => Buffer.from(ddnCrypto.getBytes(tx, true, true)).toString('hex');
      assert.ok(signed(c.tx) !== signed(c.entry.tx) || c.tx.signature !== c.entry.tx.signature,
        `${c.entry.name} / ${c.tamper.label}: the first signature still covers it`);
    }
  }
});

test('ddn tx inspect refuses every tampered transaction', async (t) => {
  for (const entry of main) {
    await t.test(entry.name, async (t2) => {
      for (const c of cases.filter((x) => x.entry === entry)) {
        await t2.test(`${c.tamper.field}: ${c.tamper.label} (${c.variant})`, async () => {
          const r = await c.result;
          const msg = describe(r);
          assert.equal(r.valid, false, msg);
          assert.ok(r.error?.code, msg);
          if (c.tamper.kind === 'sig' && c.variant === 'id recomputed') {
            assert.equal(r.error.code, 'BAD_SIGNATURE', msg);
          } else if (c.tamper.kind === 'sig') {
            assert.ok(['ID_MISMATCH', 'BAD_SIGNATURE'].includes(r.error.code), msg);
          } else if (c.tamper.kind === 'cosig') {
            // a duplicate may be refused as a malformed field before any signature check
            assert.ok(['BAD_COSIGNATURE', 'INVALID_FIELD'].includes(r.error.code), msg);
          } else if (c.tamper.field === 'id' || c.tamper.field === 'sign_signature') {
            assert.equal(r.error.code, 'ID_MISMATCH', msg);
          }
        });
      }
    });
  }
});
