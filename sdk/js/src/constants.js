// Constants of the DDN native transaction format, version 1 (protocol.md §2–§4): the format
// magic, the type ids, the per-type limits and the fee table with its fee rule.

import { ERROR_CODES, fail } from './errors.js';
import { assetType } from './assets.js';

/** 0xFF "D" "T" 0x01: format magic and version that start every native transaction body. */
export const MAGIC = Object.freeze([0xff, 0x44, 0x54, 0x01]);

/** JSON "version" of a native transaction. */
export const FORMAT_VERSION = 1;

/** Transaction type ids (protocol.md §2, `type`). */
export const TYPES = Object.freeze({
  TRANSFER: 0,
  SIGNATURE: 1,
  DELEGATE: 2,
  VOTE: 3,
  MULTISIGNATURE: 4,
  EVIDENCE: 20, // registered from assets/ (assets.js)
  DAO_ORG: 40,
  DAO_EXCHANGE: 41,
  DAO_CONTRIBUTION: 42,
  DAO_CONFIRMATION: 43,
  LOCK: 100,
  AOB_ISSUER: 60,
  AOB_ASSET: 61,
  AOB_FLAGS: 62,
  AOB_ACL: 63,
  AOB_ISSUE: 64,
  AOB_TRANSFER: 65,
});

export const LIMITS = Object.freeze({
  NETHASH_MAX: 32, // bytes of [0-9a-z]
  TIMESTAMP_MAX: 2 ** 31 - 1,
  MESSAGE_MAX_CHARS: 256, // Unicode code points (an emoji counts 1), as the DDN v2.3 validator
  MESSAGE_MAX_BYTES: 1024, // UTF-8 bytes; also the bound of the message's byte-length varint
  AMOUNT_MAX: '1000000000000000000', // 10^18 base units (10^10 DDN), the reference's maxAmount
  USERNAME_MAX_BYTES: 20,
  VOTES_MAX: 33,
  MULTISIG_MEMBERS_MAX: 15,
  MULTISIG_MIN_MIN: 2,
  MULTISIG_MIN_MAX: 15,
  LIFETIME_MIN: 1,
  LIFETIME_MAX: 24,
  COSIGNATURES_MAX: 16,
});

/**
 * Fees in base units, as decimal strings (protocol.md §4). `multiSignature` is per unit: a
 * multisignature registration pays it × (members + 1); see calculateFee.
 */
export const fees = Object.freeze({
  transfer: '10000000',
  signature: '500000000',
  delegate: '10000000000',
  vote: '10000000',
  multiSignature: '500000000',
  evidence: '10000000',
  // DAO: daoOrg depends on the org id's length (calculateFee with the asset); daoConfirmation
  // is 0 when rejecting.
  daoExchange: '10000000',
  daoContribution: '100000000',
  daoConfirmation: '100000000',
  lock: '10000000',
  aobIssuer: '10000000000',
  aobAsset: '50000000000',
  aobFlags: '10000000',
  aobAcl: '10000000',
  aobIssue: '10000000',
  aobTransfer: '0',
});

/**
 * The fee (decimal string of base units) of a transaction of `type`; `members` is the number of
 * keysgroup members and is needed for type 4 only; `asset` (the asset model) for types 40 and 43.
 */
export function calculateFee(type, members, asset) {
  switch (type) {
    case TYPES.TRANSFER:
      return fees.transfer;
    case TYPES.SIGNATURE:
      return fees.signature;
    case TYPES.DELEGATE:
      return fees.delegate;
    case TYPES.VOTE:
      return fees.vote;
    case TYPES.MULTISIGNATURE:
      if (!Number.isInteger(members) || members < 1 || members > LIMITS.MULTISIG_MEMBERS_MAX) {
        fail(ERROR_CODES.INVALID_FIELD, `multisignature group must have 1..${LIMITS.MULTISIG_MEMBERS_MAX} members`);
      }
      return (BigInt(fees.multiSignature) * BigInt(members + 1)).toString();
    default: {
      const t = assetType(type);
      if (t) return t.fee(asset);
      return fail(ERROR_CODES.UNSUPPORTED_TYPE, `unknown transaction type ${type}`);
    }
  }
}
