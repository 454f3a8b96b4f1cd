// Transaction types registered from the node's assets/ folder (protocol.md §3–§4, §6): evidence
// (type 20) and lock (type 100). Each entry says how to write, read, check and JSON-map the
// asset model, and its fee; codec.js, json.js, rules.js and constants.js dispatch here for every
// type above 4. Mirrors assets/<name>/<name>.cc in C++; the shared vectors prove they agree.

import { ERROR_CODES, fail } from './errors.js';
import { codePointCount } from './bytes.js';

const HAS = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

function isPlainInteger(v) {
  return typeof v === 'number' && Number.isInteger(v) && !Object.is(v, -0);
}

function checkObject(obj, where, allowed) {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    fail(ERROR_CODES.INVALID_FIELD, `${where} must be an object`);
  }
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) fail(ERROR_CODES.UNKNOWN_FIELD, `unknown field "${where}.${k}"`);
  }
}

// Evidence fields in encoding order: [name, max code points, required, identifier].
const EVIDENCE_FIELDS = [
  ['short_hash', 128, true, true],
  ['title', 256, false, false],
  ['description', 4096, false, false],
  ['hash', 256, true, true],
  ['author', 64, true, false],
  ['address', 512, false, false],
  ['source_address', 512, false, false],
  ['tags', 128, false, false],
  ['type', 32, true, false],
  ['size', 64, false, false],
  ['metadata', 1024, false, false],
];
const IDENTIFIER = /^[\x21-\x7e]*$/;

const evidence = {
  id: 20,
  name: 'evidence',
  jsonKey: 'evidence',
  fee: () => '10000000',
  write(w, a) {
    for (const [name] of EVIDENCE_FIELDS) w.string(a[name], name);
  },
  read(r) {
    const a = {};
    for (const [name, max] of EVIDENCE_FIELDS) a[name] = r.string(4 * max, name);
    return a;
  },
  check(a) {
    for (const [name, max, required, identifier] of EVIDENCE_FIELDS) {
      const where = `asset.evidence.${name}`;
      const text = a[name];
      if (typeof text !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where} must be a string`);
      if (required && text === '') fail(ERROR_CODES.MISSING_FIELD, `${where} is required`);
      const chars = codePointCount(text);
      if (chars === null || chars > max) {
        fail(ERROR_CODES.INVALID_FIELD, `${where} must be valid UTF-8 of at most ${max} characters`);
      }
      if (identifier && !IDENTIFIER.test(text)) {
        fail(ERROR_CODES.INVALID_FIELD, `${where} must be printable ASCII without spaces`);
      }
    }
  },
  fromJson(v) {
    checkObject(v, 'asset.evidence', EVIDENCE_FIELDS.map(([name]) => name));
    const a = {};
    for (const [name, , required] of EVIDENCE_FIELDS) {
      const where = `asset.evidence.${name}`;
      if (!HAS(v, name)) {
        if (required) fail(ERROR_CODES.MISSING_FIELD, `missing field "${where}"`);
        a[name] = '';
        continue;
      }
      if (typeof v[name] !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where} must be a string`);
      if (!required && v[name] === '') fail(ERROR_CODES.NON_CANONICAL, `${where} is omitted when empty`);
      a[name] = v[name];
    }
    return a;
  },
  toJson(a) {
    const out = {};
    for (const [name, , required] of EVIDENCE_FIELDS) {
      if (required || a[name] !== '') out[name] = a[name];
    }
    return out;
  },
};

const LOCK_HEIGHT_MAX = 2n ** 53n - 1n;

const lock = {
  id: 100,
  name: 'lock',
  jsonKey: 'lock',
  fee: () => '10000000',
  write(w, a) {
    w.u64le(a.height);
  },
  read(r) {
    return { height: r.u64le('lock height') };
  },
  check(a) {
    if (typeof a.height !== 'bigint' || a.height < 1n || a.height > LOCK_HEIGHT_MAX) {
      fail(ERROR_CODES.INVALID_FIELD, 'asset.lock.height must be 1..2^53-1');
    }
  },
  fromJson(v) {
    checkObject(v, 'asset.lock', ['height']);
    if (!HAS(v, 'height')) fail(ERROR_CODES.MISSING_FIELD, 'missing field "asset.lock.height"');
    const h = v.height;
    if (!isPlainInteger(h) || h < 1 || h > Number.MAX_SAFE_INTEGER) {
      fail(ERROR_CODES.INVALID_FIELD, 'asset.lock.height must be an integer 1..2^53-1');
    }
    return { height: BigInt(h) };
  },
  toJson(a) {
    return { height: Number(a.height) };
  },
};

/** Registered asset types by id. */
export const ASSET_TYPES = Object.freeze({ 20: evidence, 100: lock });

/** The registered type `type`, or undefined. */
export function assetType(type) {
  return Number.isInteger(type) ? ASSET_TYPES[type] : undefined;
}

/** The asset model from `asset` (the whole "asset" object) of a registered type. */
export function assetFromJson(t, asset) {
  checkObject(asset, 'asset', [t.jsonKey]);
  if (!HAS(asset, t.jsonKey)) fail(ERROR_CODES.MISSING_FIELD, `missing field "asset.${t.jsonKey}"`);
  return t.fromJson(asset[t.jsonKey]);
}
