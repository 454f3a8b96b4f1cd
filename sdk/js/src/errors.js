// Error model of the SDK: every validation failure is a DdnError whose `.code` is one of the stable
// upper-case names below. They are the same names the C++ node prints (src/util/status.cc), so a
// JavaScript caller and the node agree on why a transaction was refused.

export const ERROR_CODES = Object.freeze({
  MALFORMED: 'MALFORMED', // cannot be parsed at all (truncated bytes, bad magic, bad JSON, not an object)
  NON_CANONICAL: 'NON_CANONICAL', // parseable, but not the one canonical encoding (e.g. co-signatures out of order)
  INVALID_FIELD: 'INVALID_FIELD', // wrong JSON type, value out of range, field not allowed for the type,
  //                                invalid key in an asset, a co-signature twice
  UNKNOWN_FIELD: 'UNKNOWN_FIELD', // a field the format does not define
  MISSING_FIELD: 'MISSING_FIELD', // a required field is absent
  WRONG_FEE: 'WRONG_FEE', // fee differs from the type's fee
  BAD_SIGNATURE: 'BAD_SIGNATURE', // first signature does not verify
  BAD_SECOND_SIGNATURE: 'BAD_SECOND_SIGNATURE', // second signature does not verify
  BAD_COSIGNATURE: 'BAD_COSIGNATURE', // a type-4 co-signature matches no unused member; addCosignature of one already present
  ID_MISMATCH: 'ID_MISMATCH', // the stated id is not the computed one
  UNSUPPORTED_TYPE: 'UNSUPPORTED_TYPE', // a transaction type this format does not know
});

export class DdnError extends Error {
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'DdnError';
    this.code = code;
  }
}

// Throws a DdnError; `fail(code, msg)` reads better than `throw new DdnError(...)` in validators.
export function fail(code, message) {
  throw new DdnError(code, message);
}
