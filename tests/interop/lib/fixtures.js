// The catalogue of legacy (DDN v2.3 client) transactions of types 0–4 used by the interop tests,
// built with the real @ddn/js-sdk 1.2.2 builders (crypto swapped for @ddn/crypto 2.5.0, see
// client.js): transfers with messages in several scripts and amounts from 1 base unit to
// 90,000,000 DDN, second-signature registrations, delegate registrations, votes with 1..33 entries
// and multisignature groups of 1..15 members carrying every member's co-signature.
import { sdk, ddnCrypto, keysOf, addressOf, clone, withNethash, DEFAULT_NETHASH, OTHER_NETHASH } from './client.js';

export const SENDER = 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole';
export const SENDER2 = 'lake kitten arrow elephant because entire club rug unique climb club arrive';
export const SECOND = 'second secret phrase for test';
export const RECIPIENT = 'interop recipient passphrase';
export const OTHER_RECIPIENT = 'interop other recipient passphrase';
export const STRANGER = 'interop stranger passphrase';
// Their address hashes start with one and two zero bytes: the addresses start "D1" and "D11".
export const ZERO1 = 'interop leading zero 290';
export const ZERO2 = 'interop leading zero 3309';

export const delegateSecret = (i) => `interop delegate ${i}`;
export const memberSecret = (i) => `interop multisig member ${i}`;
export const delegateKey = (i) => keysOf(delegateSecret(i)).publicKey;
export const memberKey = (i) => keysOf(memberSecret(i)).publicKey;

/**
 * One catalogue entry: {name, tx, secret, secondSecret?, memberSecrets?, nethash}.
 * `tx` is the object the builder returned (plus co-signatures for type 4) after a JSON round trip,
 * i.e. exactly what a client posts (a `message: undefined` key disappears, as in JSON.stringify).
 */
async function transfer(name, amountDdn, message, { second, secret = SENDER, to = RECIPIENT } = {}) {
  const tx = await sdk.transaction.createTransaction(addressOf(to), amountDdn, message, secret, second ? SECOND : undefined);
  return { name, tx, secret, secondSecret: second ? SECOND : undefined };
}

async function secondSignature(name, secret, newSecond) {
  const tx = await sdk.signature.createSignature(secret, newSecond);
  return { name, tx, secret };
}

async function delegate(name, username, { second, secret = SENDER } = {}) {
  const tx = await sdk.delegate.createDelegate(username, secret, second ? SECOND : undefined);
  return { name, tx, secret, secondSecret: second ? SECOND : undefined };
}

async function vote(name, votes, { second, secret = SENDER } = {}) {
  const tx = await sdk.vote.createVote(votes, secret, second ? SECOND : undefined);
  return { name, tx, secret, secondSecret: second ? SECOND : undefined };
}

async function multisig(name, members, lifetime, min, { second, secret = SENDER } = {}) {
  const memberSecrets = members.map(memberSecret);
  const keysgroup = members.map((i) => `+${memberKey(i)}`);
  const tx = await sdk.multisignature.createMultisignature(keysgroup, lifetime, min, secret, second ? SECOND : undefined);
  tx.signatures = [];
  for (const s of memberSecrets) tx.signatures.push(await sdk.multisignature.signTransaction(tx, s));
  return { name, tx, secret, secondSecret: second ? SECOND : undefined, memberSecrets };
}

const range = (n, from = 0) => Array.from({ length: n }, (_, i) => from + i);

async function buildCatalogue() {
  return [
    // type 0: transfers
    await transfer('transfer 1 DDN, Latin message', 1, 'Hello, DDN! àéîõü ß ¿Qué tal?'),
    await transfer('transfer, CJK message', 2.5, '你好，世界 — 日本語のテキスト 한국어'),
    await transfer('transfer, Arabic (RTL) message', 3, 'مرحبا بالعالم'),
    await transfer('transfer, Hebrew + RTL override message', 4, 'שלום \u202eabc\u202c'),
    await transfer('transfer, emoji (astral) message', 5, '🚀💎🙌 👨‍👩‍👧‍👦 𝔘𝔫𝔦'),
    await transfer('transfer, combining characters message', 6, 'e\u0301 a\u0300\u0301 \u212b'),
    await transfer('transfer, control characters message', 7, 'tab\tnew\nline\u0000\u0001\u007f'),
    await transfer('transfer, 256-char message', 8, 'm'.repeat(256)),
    await transfer('transfer, empty message ""', 9, ''),
    await transfer('transfer, no message', 10, undefined),
    await transfer('transfer, tiny amount 0.00000001 DDN', 0.00000001, 'tiny'),
    await transfer('transfer, 0.1 DDN', 0.1, undefined),
    await transfer('transfer, 123.456789 DDN', 123.456789, 'fraction'),
    await transfer('transfer, large amount 90000000 DDN', 90000000, 'large'),
    await transfer('transfer, 99999999.99999999 DDN', '99999999.99999999', undefined),
    await transfer('transfer, other sender', 1, 'from sender 2', { secret: SENDER2 }),
    await transfer('transfer to a "D1…" address (hash with a leading zero byte)', 1, undefined, { to: ZERO1 }),
    await transfer('transfer to a "D11…" address (two leading zero bytes)', 1, undefined, { to: ZERO2 }),
    await transfer('transfer from the "D11…" account', 1, 'zeros', { secret: ZERO2 }),
    await transfer('transfer + second signature, Latin message', 1, 'second signed', { second: true }),
    await transfer('transfer + second signature, no message', 0.5, undefined, { second: true }),
    await transfer('transfer + second signature, CJK message', 90000000, '大额转账', { second: true }),
    await transfer('transfer + second signature, emoji, tiny', 0.00000001, '😀', { second: true }),
    // type 1: second-signature registration
    await secondSignature('second signature registration', SENDER, SECOND),
    await secondSignature('second signature registration, other account', SENDER2, 'another second passphrase'),
    // type 2: delegate registration
    await delegate('delegate "alice"', 'alice'),
    await delegate('delegate "a" (1 char)', 'a'),
    await delegate('delegate with all special chars', 'x!@$&_.y'),
    await delegate('delegate of only special chars', '!@$&_.'),
    await delegate('delegate of digits', '0123456789'),
    await delegate('delegate 20 chars', 'abcdefghij_klmnopq.r'),
    await delegate('delegate + second signature', 'bob.the_builder', { second: true }),
    // type 3: votes
    await vote('vote, 1 entry (+)', [`+${delegateKey(0)}`]),
    await vote('vote, 1 entry (-)', [`-${delegateKey(1)}`]),
    await vote('vote, 5 mixed entries', range(5).map((i) => `${i % 2 ? '-' : '+'}${delegateKey(i)}`)),
    await vote('vote, 33 entries (+)', range(33).map((i) => `+${delegateKey(i)}`)),
    await vote('vote, 33 mixed entries', range(33).map((i) => `${i % 3 ? '+' : '-'}${delegateKey(i + 40)}`)),
    await vote('vote + second signature', [`+${delegateKey(2)}`, `-${delegateKey(3)}`], { second: true }),
    // type 4: multisignature groups with every member's co-signature
    await multisig('multisig, 1 member, min 2', [0], 24, 2),
    await multisig('multisig, 2 members, min 2', [0, 1], 1, 2),
    await multisig('multisig, 3 members, min 3', [0, 1, 2], 12, 3),
    await multisig('multisig, 5 members, min 4', range(5), 24, 4),
    await multisig('multisig, 10 members, min 6', range(10), 5, 6),
    await multisig('multisig, 15 members, min 15', range(15), 24, 15),
    await multisig('multisig + second signature, 3 members', [3, 4, 5], 2, 2, { second: true }),
  ].map((entry) => ({ ...entry, tx: clone(entry.tx), nethash: DEFAULT_NETHASH }));
}

/** One transaction of each type 0–4 built for OTHER_NETHASH. */
async function buildOtherNetCatalogue() {
  return withNethash(OTHER_NETHASH, async () => [
    await transfer('other net: transfer', 1, 'other network'),
    await transfer('other net: transfer + second signature', 2, undefined, { second: true }),
    await secondSignature('other net: second signature registration', SENDER, SECOND),
    await delegate('other net: delegate', 'othernet'),
    await vote('other net: vote', [`+${delegateKey(0)}`, `-${delegateKey(1)}`]),
    await multisig('other net: multisig', [0, 1], 24, 2),
  ].map((entry) => ({ ...entry, tx: clone(entry.tx), nethash: OTHER_NETHASH })));
}

let cached;
/** Builds (once per process) {main, otherNet} catalogues. */
export function catalogue() {
  cached ??= (async () => ({ main: await buildCatalogue(), otherNet: await buildOtherNetCatalogue() }))();
  return cached;
}

/** Recomputes `sign_signature` (when the entry has a second secret) and `id` of a tampered copy. */
export async function reseal(entry, tx) {
  if (entry.secondSecret && 'sign_signature' in tx) {
    tx.sign_signature = await ddnCrypto.secondSign(tx, keysOf(entry.secondSecret));
  }
  tx.id = await ddnCrypto.getId(tx);
  return tx;
}

/**
 * Signs a transaction object from scratch with @ddn/crypto: first signature, second signature
 * (when secondSecret is given), id, and co-signatures by memberSecrets (when given), the way the
 * builders and multisignature.signTransaction do.
 */
export async function signFresh(tx, secret, secondSecret, memberSecrets) {
  delete tx.signature;
  delete tx.sign_signature;
  delete tx.id;
  delete tx.signatures;
  tx.signature = await ddnCrypto.sign(tx, keysOf(secret));
  if (secondSecret) tx.sign_signature = await ddnCrypto.secondSign(tx, keysOf(secondSecret));
  tx.id = await ddnCrypto.getId(tx);
  if (memberSecrets) {
    tx.signatures = [];
    for (const m of memberSecrets) tx.signatures.push(await ddnCrypto.sign(tx, keysOf(m)));
  }
  return tx;
}

/** signFresh with the secrets of a catalogue entry. */
export function resignAs(entry, tx) {
  return signFresh(tx, entry.secret, entry.secondSecret, entry.memberSecrets);
}
