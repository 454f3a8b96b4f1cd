// Public entry point of @ddn-cpp/sdk: builds, signs, encodes, decodes and verifies DDN native
// (version 1) transactions as specified in docs/protocol.md. Runs in node ≥ 20.19 and browsers.

export { ERROR_CODES, DdnError } from './errors.js';
export { TYPES, fees, calculateFee, LIMITS, MAGIC, FORMAT_VERSION } from './constants.js';
export { amountFromDDN, amountToDDN, parseAmount } from './amount.js';
export { bytesToHex, hexToBytes } from './bytes.js';
export { ASSET_TYPES } from './assets.js';
export { getKeys, getAddress, isAddress, decodeAddress, addressFromHash, isValidPublicKey } from './keys.js';
export {
  createTransaction,
  cosign,
  addCosignature,
  encodeTransaction,
  encodeTransactionBatch,
  decodeTransaction,
  transactionBody,
  transactionId,
  signDigest,
  verifyTransaction,
} from './transaction.js';
export { parseJsonStrict, parseTransactionJson, stringifyTransaction } from './jsontext.js';
