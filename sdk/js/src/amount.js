// Amounts (protocol.md §1): unsigned 64-bit counts of base units (1 DDN = 10^8), written in JSON
// as canonical decimal strings. Also converts between DDN decimal text and base units exactly,
// with BigInt, never through floating point.

import { ERROR_CODES, fail } from './errors.js';
import { U64_MAX } from './bytes.js';

export const BASE_UNITS_PER_DDN = 100000000n;

const CANONICAL = /^(0|[1-9][0-9]*)$/;
const DIGITS = /^[0-9]+$/;
const DDN_TEXT = /^(0|[1-9][0-9]*)(\.([0-9]{1,8}))?$/;

/**
 * Parses a canonical base-unit amount string into a BigInt: digits only, no sign, no leading
 * zero (except "0"), no exponent, at most 2^64-1.
 */
export function parseAmount(text, what = 'amount') {
  if (typeof text !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${what} must be a decimal string`);
  if (!CANONICAL.test(text)) {
    if (DIGITS.test(text)) fail(ERROR_CODES.INVALID_FIELD, `${what} has leading zeros`);
    fail(ERROR_CODES.INVALID_FIELD, `${what} must be a decimal string of digits`);
  }
  const v = BigInt(text);
  if (v > U64_MAX) fail(ERROR_CODES.INVALID_FIELD, `${what} exceeds 2^64-1`);
  return v;
}

/**
 * "1.5" → "150000000": an amount in DDN (plain decimal, at most 8 fraction digits, no sign,
 * exponent, spaces, leading zeros, or empty integer/fraction part) to base units.
 */
export function amountFromDDN(text) {
  if (typeof text !== 'string') fail(ERROR_CODES.INVALID_FIELD, 'DDN amount must be a string');
  const m = DDN_TEXT.exec(text);
  if (!m) fail(ERROR_CODES.INVALID_FIELD, `not a DDN amount: ${JSON.stringify(text)}`);
  const frac = (m[3] ?? '').padEnd(8, '0');
  const v = BigInt(m[1]) * BASE_UNITS_PER_DDN + BigInt(frac);
  if (v > U64_MAX) fail(ERROR_CODES.INVALID_FIELD, 'DDN amount exceeds 2^64-1 base units');
  return v.toString();
}

/** "150000000" → "1.5": base units to DDN text without trailing fraction zeros. */
export function amountToDDN(baseUnits) {
  const v = parseAmount(baseUnits);
  const whole = v / BASE_UNITS_PER_DDN;
  const frac = (v % BASE_UNITS_PER_DDN).toString().padStart(8, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : whole.toString();
}
