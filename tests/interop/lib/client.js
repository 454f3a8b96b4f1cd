// Loads the official DDN JavaScript client the way a DDN v2.3 wallet does, for the interop tests.
//
// * @ddn/js-sdk 1.2.2 provides the transaction *builders* (field sets and JSON types of what a real
//   client sends). As published it signs with @ddn/crypto-nacl 1.2.0 (SHA-512, the 2021 protocol),
//   so, exactly as the HEAD js-sdk wires it, the members of its `crypto` object are replaced with
//   those of @ddn/crypto 2.5.0 (SHA-256, sorted-key serializer; the git HEAD node) before building.
// * The js-sdk's lib/config requires @ddn/asset-base without declaring it as a dependency, so
//   package.json pins @ddn/asset-base 1.2.0 (the js-sdk's own generation) to let it load at all.
// * Everything cryptographic in the tests (keys, addresses, ids, re-signing) uses @ddn/crypto 2.5.0.
import sdkModule from '@ddn/js-sdk';
import * as ddnCrypto from '@ddn/crypto';

/** The js-sdk default export (CommonJS module compiled by Babel: the API sits on `.default`). */
export const sdk = sdkModule.default ?? sdkModule;
export { ddnCrypto };

/** Members of sdk.crypto that the HEAD js-sdk takes from @ddn/crypto (interop doc). */
export const SWAPPED_CRYPTO_MEMBERS = [
  'createHash', 'getBytes', 'getHash', 'getId', 'sign', 'secondSign', 'getKeys',
  'generateAddress', 'isAddress', 'verify', 'verifySecondSignature', 'verifyBytes',
];

for (const name of SWAPPED_CRYPTO_MEMBERS) {
  if (typeof ddnCrypto[name] !== 'function') {
    throw new Error(`@ddn/crypto 2.5.0 has no function ${name}`);
  }
  if (!(name in sdk.crypto)) throw new Error(`@ddn/js-sdk crypto object has no member ${name}`);
  sdk.crypto[name] = ddnCrypto[name];
}

export const DEFAULT_NETHASH = '0ab796cd';
export const OTHER_NETHASH = 'x7k2m9q4';
sdk.config.nethash = DEFAULT_NETHASH;

/** Runs `fn` with the SDK configured for `nethash` (builders read it synchronously at their start). */
export async function withNethash(nethash, fn) {
  const saved = sdk.config.nethash;
  sdk.config.nethash = nethash;
  try {
    return await fn();
  } finally {
    sdk.config.nethash = saved;
  }
}

const keyCache = new Map();
/** @ddn/crypto getKeys, memoised (pure-JS Ed25519 key derivation costs milliseconds). */
export function keysOf(secret) {
  if (!keyCache.has(secret)) keyCache.set(secret, ddnCrypto.getKeys(secret));
  return keyCache.get(secret);
}

export function addressOf(secret) {
  return ddnCrypto.generateAddress(keysOf(secret).publicKey, 'D');
}

/** Deep copy of a transaction JSON object (what a relay would receive and could alter). */
export function clone(tx) {
  return JSON.parse(JSON.stringify(tx));
}

/** Flips the last hex digit of a hex string (keeps it lowercase hex of the same length). */
export function flipHex(hex) {
  const last = hex[hex.length - 1];
  return hex.slice(0, -1) + (last === '0' ? '1' : '0');
}
