// Transaction types registered from the node's assets/ folder (protocol.md §3–§4, §6): evidence
// (type 20), DAO (types 40–43), AOB user-issued assets (types 60–65) and lock (type 100). Each
// entry says how to write, read, check and JSON-map the
// asset model, and its fee; codec.js, json.js, rules.js and constants.js dispatch here for every
// type above 4. Mirrors assets/<name>/<name>.cc in C++; the shared vectors prove they agree.

import { ERROR_CODES, fail } from './errors.js';
import { bytesEqual, bytesToHex, codePointCount, hexToBytes, U64_MAX } from './bytes.js';
import { parseAmount } from './amount.js';
import { addressFromHash, addressHash, decodeAddress } from './keys.js';

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

// ---- DAO, types 40–43 (assets/dao/dao.cc) ----

const DDN = 100000000n;
const AMOUNT_MAX = 10n ** 18n;
const ORG_ID = /^[0-9a-z_]{5,20}$/;
const URL_CHARS = /^[\x21-\x7e]*$/;

function checkText(text, where, max, required) {
  if (typeof text !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where} must be a string`);
  if (required && text === '') fail(ERROR_CODES.MISSING_FIELD, `${where} is required`);
  const chars = codePointCount(text);
  if (chars === null || chars > max) {
    fail(ERROR_CODES.INVALID_FIELD, `${where} must be valid UTF-8 of at most ${max} characters`);
  }
}

function checkOrgId(id, where) {
  if (id === '') fail(ERROR_CODES.MISSING_FIELD, `${where} is required`);
  if (typeof id !== 'string' || !ORG_ID.test(id) || id.startsWith('_') || id.endsWith('_')) {
    fail(ERROR_CODES.INVALID_FIELD, `${where} must be 5 to 20 of [0-9a-z_], not starting or ending with '_'`);
  }
}

function checkUrl(url, where, max, required) {
  checkText(url, where, max, required);
  if (url === '') return;
  const scheme = url.startsWith('http://') || url.startsWith('https://');
  if (!scheme || !URL_CHARS.test(url) || url.length <= 8) {
    fail(ERROR_CODES.INVALID_FIELD, `${where} must be an http:// or https:// URL without spaces`);
  }
}

function checkTags(tags) {
  const where = 'asset.daoOrg.tags';
  checkText(tags, where, 256, true);
  const list = tags.split(',');
  const seen = new Set();
  for (const tag of list) {
    if (tag === '' || tag.startsWith(' ') || tag.endsWith(' ')) {
      fail(ERROR_CODES.INVALID_FIELD, `${where}: comma-separated tags, none empty or space-padded`);
    }
    if (seen.has(tag)) fail(ERROR_CODES.INVALID_FIELD, `${where}: duplicate tag '${tag}'`);
    seen.add(tag);
  }
  if (seen.size > 40) fail(ERROR_CODES.INVALID_FIELD, `${where}: at most 40 tags`);
}

function checkPrice(price, where) {
  if (typeof price !== 'bigint' || price < 0n) fail(ERROR_CODES.INVALID_FIELD, `${where} must be an amount`);
  if (price > AMOUNT_MAX) fail(ERROR_CODES.INVALID_FIELD, `${where} exceeds the maximum amount`);
}

function jsonString(v, where, required) {
  if (!HAS(v, where.key)) {
    if (required) fail(ERROR_CODES.MISSING_FIELD, `missing field "${where.name}"`);
    return '';
  }
  const text = v[where.key];
  if (typeof text !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where.name} must be a string`);
  if (!required && text === '') fail(ERROR_CODES.NON_CANONICAL, `${where.name} is omitted when empty`);
  return text;
}

function field(object, key) {
  return { key, name: `asset.${object}.${key}` };
}

function jsonState(v, object) {
  const name = `asset.${object}.state`;
  if (!HAS(v, 'state')) fail(ERROR_CODES.MISSING_FIELD, `missing field "${name}"`);
  if (!isPlainInteger(v.state) || v.state < 0 || v.state > 1) {
    fail(ERROR_CODES.INVALID_FIELD, `${name} must be an integer 0..1`);
  }
  return v.state;
}

function jsonPrice(v, object) {
  const f = field(object, 'price');
  if (!HAS(v, 'price')) fail(ERROR_CODES.MISSING_FIELD, `missing field "${f.name}"`);
  return parseAmount(v.price, f.name);
}

function readPresenceByte(r, what) {
  const b = r.u8(what);
  if (b > 1) fail(ERROR_CODES.NON_CANONICAL, `${what}: presence byte must be 0 or 1`);
  return b === 1;
}

const daoOrg = {
  id: 40,
  name: 'dao-org',
  jsonKey: 'daoOrg',
  hasRecipient: false,
  hasAmount: false,
  // By org_id length (reference §2.6): > 10 → 10 DDN, 10 → 50, 9 → 100 … 5 → 1600; updates a tenth.
  fee(a) {
    if (!a) fail(ERROR_CODES.INVALID_FIELD, 'the fee of type 40 depends on the asset');
    const n = a.org_id.length;
    let ddn = 99999999n;
    if (n > 10) ddn = 10n;
    else if (n >= 5) ddn = 50n << BigInt(10 - n);
    const fee = ddn * DDN;
    return (a.state === 1 ? fee / 10n : fee).toString();
  },
  write(w, a) {
    w.string(a.org_id, 'org_id').string(a.name, 'name').string(a.tags, 'tags').string(a.url, 'url');
    w.u8(a.state);
  },
  read(r) {
    return {
      org_id: r.string(20, 'org_id'),
      name: r.string(4 * 64, 'name'),
      tags: r.string(4 * 256, 'tags'),
      url: r.string(4 * 256, 'url'),
      state: r.u8('state'),
    };
  },
  check(a) {
    checkOrgId(a.org_id, 'asset.daoOrg.org_id');
    checkText(a.name, 'asset.daoOrg.name', 64, true);
    checkTags(a.tags);
    checkUrl(a.url, 'asset.daoOrg.url', 256, false);
    if (a.state !== 0 && a.state !== 1) fail(ERROR_CODES.INVALID_FIELD, 'asset.daoOrg.state must be 0 (create) or 1 (update)');
  },
  fromJson(v) {
    checkObject(v, 'asset.daoOrg', ['org_id', 'name', 'tags', 'url', 'state']);
    return {
      org_id: jsonString(v, field('daoOrg', 'org_id'), true),
      name: jsonString(v, field('daoOrg', 'name'), true),
      tags: jsonString(v, field('daoOrg', 'tags'), true),
      url: jsonString(v, field('daoOrg', 'url'), false),
      state: jsonState(v, 'daoOrg'),
    };
  },
  toJson(a) {
    const out = { org_id: a.org_id, name: a.name, tags: a.tags };
    if (a.url !== '') out.url = a.url;
    out.state = a.state;
    return out;
  },
};

const daoExchange = {
  id: 41,
  name: 'dao-exchange',
  jsonKey: 'daoExchange',
  hasRecipient: true,
  hasAmount: true,
  fee: () => '10000000',
  write(w, a) {
    w.string(a.org_id, 'org_id').u8(a.state);
    if (a.exchange_trs_id === null) w.u8(0);
    else w.u8(1).bytes(a.exchange_trs_id);
    w.u64le(a.price);
  },
  read(r) {
    const org_id = r.string(20, 'org_id');
    const state = r.u8('state');
    const exchange_trs_id = readPresenceByte(r, 'exchange_trs_id') ? r.bytes(32, 'exchange_trs_id') : null;
    return { org_id, state, exchange_trs_id, price: r.u64le('price') };
  },
  check(a, m) {
    checkOrgId(a.org_id, 'asset.daoExchange.org_id');
    checkPrice(a.price, 'asset.daoExchange.price');
    if (a.state === 0) {
      if (a.exchange_trs_id !== null) {
        fail(ERROR_CODES.INVALID_FIELD, 'asset.daoExchange.exchange_trs_id is only set when accepting (state 1)');
      }
      if (m.amount !== 0n) fail(ERROR_CODES.INVALID_FIELD, 'amount must be 0 in an offer (state 0)');
    } else if (a.state === 1) {
      if (a.exchange_trs_id === null) {
        fail(ERROR_CODES.MISSING_FIELD, 'asset.daoExchange.exchange_trs_id (the offer) is required in state 1');
      }
      if (m.amount !== a.price) fail(ERROR_CODES.INVALID_FIELD, 'amount must equal asset.daoExchange.price');
    } else {
      fail(ERROR_CODES.INVALID_FIELD, 'asset.daoExchange.state must be 0 (offer) or 1 (accept)');
    }
  },
  fromJson(v) {
    checkObject(v, 'asset.daoExchange', ['org_id', 'state', 'exchange_trs_id', 'price']);
    const org_id = jsonString(v, field('daoExchange', 'org_id'), true);
    const state = jsonState(v, 'daoExchange');
    const exchange_trs_id = HAS(v, 'exchange_trs_id')
      ? hexToBytes(v.exchange_trs_id, 32, 'asset.daoExchange.exchange_trs_id') : null;
    return { org_id, state, exchange_trs_id, price: jsonPrice(v, 'daoExchange') };
  },
  toJson(a) {
    const out = { org_id: a.org_id, state: a.state, price: a.price.toString() };
    if (a.exchange_trs_id !== null) out.exchange_trs_id = bytesToHex(a.exchange_trs_id);
    return out;
  },
};

const daoContribution = {
  id: 42,
  name: 'dao-contribution',
  jsonKey: 'daoContribution',
  hasRecipient: false,
  hasAmount: false,
  fee: () => '100000000',
  write(w, a) {
    w.string(a.org_id, 'org_id').string(a.title, 'title').string(a.url, 'url').u64le(a.price);
  },
  read(r) {
    return {
      org_id: r.string(20, 'org_id'),
      title: r.string(4 * 128, 'title'),
      url: r.string(4 * 256, 'url'),
      price: r.u64le('price'),
    };
  },
  check(a) {
    checkOrgId(a.org_id, 'asset.daoContribution.org_id');
    checkText(a.title, 'asset.daoContribution.title', 128, true);
    checkUrl(a.url, 'asset.daoContribution.url', 256, true);
    checkPrice(a.price, 'asset.daoContribution.price');
  },
  fromJson(v) {
    checkObject(v, 'asset.daoContribution', ['org_id', 'title', 'url', 'price']);
    return {
      org_id: jsonString(v, field('daoContribution', 'org_id'), true),
      title: jsonString(v, field('daoContribution', 'title'), true),
      url: jsonString(v, field('daoContribution', 'url'), true),
      price: jsonPrice(v, 'daoContribution'),
    };
  },
  toJson(a) {
    return { org_id: a.org_id, title: a.title, url: a.url, price: a.price.toString() };
  },
};

const daoConfirmation = {
  id: 43,
  name: 'dao-confirmation',
  jsonKey: 'daoConfirmation',
  hasRecipient: true,
  hasAmount: true,
  fee(a) {
    if (!a) fail(ERROR_CODES.INVALID_FIELD, 'the fee of type 43 depends on the asset');
    return a.state === 1 ? '100000000' : '0';
  },
  write(w, a) {
    w.bytes(a.contribution_trs_id).u8(a.state).string(a.url, 'url');
  },
  read(r) {
    return {
      contribution_trs_id: r.bytes(32, 'contribution_trs_id'),
      state: r.u8('state'),
      url: r.string(4 * 512, 'url'),
    };
  },
  check(a, m) {
    checkUrl(a.url, 'asset.daoConfirmation.url', 512, false);
    if (a.state === 0) {
      if (m.amount !== 0n) fail(ERROR_CODES.INVALID_FIELD, 'amount must be 0 when rejecting (state 0)');
    } else if (a.state !== 1) {
      fail(ERROR_CODES.INVALID_FIELD, 'asset.daoConfirmation.state must be 0 (reject) or 1 (accept)');
    }
  },
  fromJson(v) {
    checkObject(v, 'asset.daoConfirmation', ['contribution_trs_id', 'state', 'url']);
    const name = 'asset.daoConfirmation.contribution_trs_id';
    if (!HAS(v, 'contribution_trs_id')) fail(ERROR_CODES.MISSING_FIELD, `missing field "${name}"`);
    const contribution_trs_id = hexToBytes(v.contribution_trs_id, 32, name);
    return {
      contribution_trs_id,
      state: jsonState(v, 'daoConfirmation'),
      url: jsonString(v, field('daoConfirmation', 'url'), false),
    };
  },
  toJson(a) {
    const out = { contribution_trs_id: bytesToHex(a.contribution_trs_id), state: a.state };
    if (a.url !== '') out.url = a.url;
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

// ---- AOB (types 60–65), assets/aob/aob.cc ----------------------------------------------------

const AOB = Object.freeze({
  ISSUER_NAME_MAX: 16,
  ISSUER_DESC_MAX: 1024,
  ASSET_DESC_MAX: 4096,
  STRATEGY_MAX: 256,
  PRECISION_MAX: 16,
  ACL_LIST_MAX: 10,
  CONTENT_MAX: 1024,
  CURRENCY_MAX: 23,
});
const ISSUER_NAME = /^[A-Za-z]{1,16}$/;
const CURRENCY = /^[A-Za-z]{1,16}\.[A-Z]{3,6}$/;

function checkCurrency(c, where) {
  if (typeof c !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where} must be a string`);
  if (c === '') fail(ERROR_CODES.MISSING_FIELD, `${where} is required`);
  if (!CURRENCY.test(c)) {
    fail(ERROR_CODES.INVALID_FIELD, `${where} must be ISSUER.TOKEN (ISSUER 1..16 letters, TOKEN 3..6 of A-Z)`);
  }
}

function checkU64(v, where, min = 0n) {
  if (typeof v !== 'bigint' || v < min || v > U64_MAX) fail(ERROR_CODES.INVALID_FIELD, `${where} must be ${min}..2^64-1`);
}

function checkU8(v, where, max) {
  if (!isPlainInteger(v) || v < 0 || v > max) fail(ERROR_CODES.INVALID_FIELD, `${where} must be 0..${max}`);
}

// Field readers of a JSON object, in the C++ reader's order and with its codes.
function reqString(v, where, k) {
  if (!HAS(v, k)) fail(ERROR_CODES.MISSING_FIELD, `missing field "${where}.${k}"`);
  if (typeof v[k] !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where}.${k} must be a string`);
  return v[k];
}
function reqInteger(v, where, k, min, max) {
  if (!HAS(v, k)) fail(ERROR_CODES.MISSING_FIELD, `missing field "${where}.${k}"`);
  if (!isPlainInteger(v[k]) || v[k] < min || v[k] > max) {
    fail(ERROR_CODES.INVALID_FIELD, `${where}.${k} must be an integer ${min}..${max}`);
  }
  return v[k];
}
function reqAmount(v, where, k) {
  return parseAmount(reqString(v, where, k), `${where}.${k}`);
}
function reqFlag(v, where, k) {
  const t = reqString(v, where, k);
  if (t !== '0' && t !== '1') fail(ERROR_CODES.INVALID_FIELD, `${where}.${k} must be "0" or "1"`);
  return t === '1';
}
function optText(v, where, k) {
  if (!HAS(v, k)) return '';
  if (typeof v[k] !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where}.${k} must be a string`);
  if (v[k] === '') fail(ERROR_CODES.NON_CANONICAL, `${where}.${k} is omitted when empty`);
  return v[k];
}
function readBool(r, what) {
  const b = r.u8(what);
  if (b > 1) fail(ERROR_CODES.NON_CANONICAL, `${what} must be 0 or 1`);
  return b === 1;
}

const aobIssuer = {
  id: 60,
  name: 'aob-issuer',
  jsonKey: 'aobIssuer',
  fee: () => '10000000000',
  write(w, a) {
    w.string(a.name, 'name').string(a.desc, 'desc');
  },
  read(r) {
    const name = r.string(AOB.ISSUER_NAME_MAX, 'name');
    return { name, desc: r.string(4 * AOB.ISSUER_DESC_MAX, 'desc') };
  },
  check(a) {
    const where = 'asset.aobIssuer';
    if (typeof a.name !== 'string') fail(ERROR_CODES.INVALID_FIELD, `${where}.name must be a string`);
    if (a.name === '') fail(ERROR_CODES.MISSING_FIELD, `${where}.name is required`);
    if (!ISSUER_NAME.test(a.name)) fail(ERROR_CODES.INVALID_FIELD, `${where}.name must be 1..16 letters A-Z a-z`);
    checkText(a.desc, `${where}.desc`, AOB.ISSUER_DESC_MAX, true);
  },
  fromJson(v) {
    const where = 'asset.aobIssuer';
    checkObject(v, where, ['name', 'desc']);
    return { name: reqString(v, where, 'name'), desc: reqString(v, where, 'desc') };
  },
  toJson(a) {
    return { name: a.name, desc: a.desc };
  },
};

const aobAsset = {
  id: 61,
  name: 'aob-asset',
  jsonKey: 'aobAsset',
  fee: () => '50000000000',
  write(w, a) {
    w.string(a.name, 'name').string(a.desc, 'desc').u64le(a.maximum).u8(a.precision);
    w.string(a.strategy, 'strategy');
    w.u8(a.allow_writeoff ? 1 : 0).u8(a.allow_whitelist ? 1 : 0).u8(a.allow_blacklist ? 1 : 0);
  },
  read(r) {
    const a = {};
    a.name = r.string(AOB.CURRENCY_MAX, 'name');
    a.desc = r.string(4 * AOB.ASSET_DESC_MAX, 'desc');
    a.maximum = r.u64le('maximum');
    a.precision = r.u8('precision');
    a.strategy = r.string(4 * AOB.STRATEGY_MAX, 'strategy');
    a.allow_writeoff = readBool(r, 'allow_writeoff');
    a.allow_whitelist = readBool(r, 'allow_whitelist');
    a.allow_blacklist = readBool(r, 'allow_blacklist');
    return a;
  },
  check(a) {
    const where = 'asset.aobAsset';
    checkCurrency(a.name, `${where}.name`);
    checkText(a.desc, `${where}.desc`, AOB.ASSET_DESC_MAX, true);
    checkU64(a.maximum, `${where}.maximum`, 1n);
    checkU8(a.precision, `${where}.precision`, AOB.PRECISION_MAX);
    checkText(a.strategy, `${where}.strategy`, AOB.STRATEGY_MAX, false);
    for (const k of ['allow_writeoff', 'allow_whitelist', 'allow_blacklist']) {
      if (typeof a[k] !== 'boolean') fail(ERROR_CODES.INVALID_FIELD, `${where}.${k} must be a boolean`);
    }
  },
  fromJson(v) {
    const where = 'asset.aobAsset';
    checkObject(v, where, ['name', 'desc', 'maximum', 'precision', 'strategy', 'allow_writeoff',
      'allow_whitelist', 'allow_blacklist']);
    const a = {};
    a.name = reqString(v, where, 'name');
    a.desc = reqString(v, where, 'desc');
    a.maximum = reqAmount(v, where, 'maximum');
    a.precision = reqInteger(v, where, 'precision', 0, AOB.PRECISION_MAX);
    a.strategy = optText(v, where, 'strategy');
    a.allow_writeoff = reqFlag(v, where, 'allow_writeoff');
    a.allow_whitelist = reqFlag(v, where, 'allow_whitelist');
    a.allow_blacklist = reqFlag(v, where, 'allow_blacklist');
    return a;
  },
  toJson(a) {
    const out = { name: a.name, desc: a.desc, maximum: a.maximum.toString(), precision: a.precision };
    if (a.strategy !== '') out.strategy = a.strategy;
    out.allow_writeoff = a.allow_writeoff ? '1' : '0';
    out.allow_whitelist = a.allow_whitelist ? '1' : '0';
    out.allow_blacklist = a.allow_blacklist ? '1' : '0';
    return out;
  },
};

const aobFlags = {
  id: 62,
  name: 'aob-flags',
  jsonKey: 'aobFlags',
  fee: () => '10000000',
  write(w, a) {
    w.string(a.currency, 'currency').u8(a.flag_type).u8(a.flag);
  },
  read(r) {
    const currency = r.string(AOB.CURRENCY_MAX, 'currency');
    const flag_type = r.u8('flag_type');
    return { currency, flag_type, flag: r.u8('flag') };
  },
  check(a) {
    const where = 'asset.aobFlags';
    checkCurrency(a.currency, `${where}.currency`);
    checkU8(a.flag_type, `${where}.flag_type`, 255);
    checkU8(a.flag, `${where}.flag`, 255);
    if (a.flag_type === 1) {
      if (a.flag > 1) fail(ERROR_CODES.INVALID_FIELD, `${where}.flag of an ACL flag must be 0 or 1`);
    } else if (a.flag_type === 2) {
      if (a.flag !== 1) fail(ERROR_CODES.INVALID_FIELD, `${where}.flag of a write-off must be 1`);
    } else {
      fail(ERROR_CODES.INVALID_FIELD, `${where}.flag_type must be 1 (acl) or 2 (writeoff)`);
    }
  },
  fromJson(v) {
    const where = 'asset.aobFlags';
    checkObject(v, where, ['currency', 'flag_type', 'flag']);
    const currency = reqString(v, where, 'currency');
    const flag_type = reqInteger(v, where, 'flag_type', 1, 2);
    return { currency, flag_type, flag: reqInteger(v, where, 'flag', 0, 1) };
  },
  toJson(a) {
    return { currency: a.currency, flag_type: a.flag_type, flag: a.flag };
  },
};

const aobAcl = {
  id: 63,
  name: 'aob-acl',
  jsonKey: 'aobAcl',
  fee: () => '10000000',
  write(w, a) {
    w.string(a.currency, 'currency').u8(a.flag).u8(a.operator.charCodeAt(0)).u8(a.list.length);
    for (const h of a.list) w.bytes(h);
  },
  read(r) {
    const currency = r.string(AOB.CURRENCY_MAX, 'currency');
    const flag = r.u8('flag');
    const op = r.u8('operator');
    if (op !== 0x2b && op !== 0x2d) fail(ERROR_CODES.INVALID_FIELD, "operator must be '+' or '-'");
    const n = r.u8('list length');
    if (n === 0 || n > AOB.ACL_LIST_MAX) fail(ERROR_CODES.INVALID_FIELD, 'list holds 1..10 addresses');
    const list = [];
    for (let i = 0; i < n; i++) list.push(r.bytes(20, 'address'));
    return { currency, flag, operator: String.fromCharCode(op), list };
  },
  check(a, m) {
    const where = 'asset.aobAcl';
    checkCurrency(a.currency, `${where}.currency`);
    checkU8(a.flag, `${where}.flag`, 1);
    if (a.operator !== '+' && a.operator !== '-') fail(ERROR_CODES.INVALID_FIELD, `${where}.operator must be "+" or "-"`);
    if (!Array.isArray(a.list) || a.list.length < 1 || a.list.length > AOB.ACL_LIST_MAX) {
      fail(ERROR_CODES.INVALID_FIELD, `${where}.list holds 1..10 addresses`);
    }
    const sender = m ? addressHash(m.senderPublicKey) : null;
    a.list.forEach((h, i) => {
      if (!(h instanceof Uint8Array) || h.length !== 20) fail(ERROR_CODES.INVALID_FIELD, `${where}.list holds an invalid address`);
      if (sender && bytesEqual(h, sender)) fail(ERROR_CODES.INVALID_FIELD, `${where}.list must not hold the issuer`);
      for (let j = 0; j < i; j++) {
        if (bytesEqual(a.list[j], h)) fail(ERROR_CODES.INVALID_FIELD, `${where}.list holds an address twice`);
      }
    });
  },
  fromJson(v) {
    const where = 'asset.aobAcl';
    checkObject(v, where, ['currency', 'flag', 'operator', 'list']);
    const currency = reqString(v, where, 'currency');
    const flag = reqInteger(v, where, 'flag', 0, 1);
    const op = reqString(v, where, 'operator');
    if (op !== '+' && op !== '-') fail(ERROR_CODES.INVALID_FIELD, `${where}.operator must be "+" or "-"`);
    if (!HAS(v, 'list')) fail(ERROR_CODES.MISSING_FIELD, `missing field "${where}.list"`);
    if (!Array.isArray(v.list)) fail(ERROR_CODES.INVALID_FIELD, `${where}.list must be an array`);
    if (v.list.length < 1 || v.list.length > AOB.ACL_LIST_MAX) {
      fail(ERROR_CODES.INVALID_FIELD, `${where}.list holds 1..10 addresses`);
    }
    const list = v.list.map((address) => {
      const h = typeof address === 'string' ? decodeAddress(address) : null;
      if (h === null) fail(ERROR_CODES.INVALID_FIELD, `${where}.list holds an invalid address`);
      return h;
    });
    return { currency, flag, operator: op, list };
  },
  toJson(a) {
    return { currency: a.currency, flag: a.flag, operator: a.operator, list: a.list.map(addressFromHash) };
  },
};

const aobIssue = {
  id: 64,
  name: 'aob-issue',
  jsonKey: 'aobIssue',
  fee: () => '10000000',
  write(w, a) {
    w.string(a.currency, 'currency').u64le(a.amount);
  },
  read(r) {
    const currency = r.string(AOB.CURRENCY_MAX, 'currency');
    return { currency, amount: r.u64le('amount') };
  },
  check(a) {
    checkCurrency(a.currency, 'asset.aobIssue.currency');
    checkU64(a.amount, 'asset.aobIssue.amount', 1n);
  },
  fromJson(v) {
    const where = 'asset.aobIssue';
    checkObject(v, where, ['currency', 'amount']);
    const currency = reqString(v, where, 'currency');
    return { currency, amount: reqAmount(v, where, 'amount') };
  },
  toJson(a) {
    return { currency: a.currency, amount: a.amount.toString() };
  },
};

const aobTransfer = {
  id: 65,
  name: 'aob-transfer',
  jsonKey: 'aobTransfer',
  hasRecipient: true,
  fee: () => '0',
  write(w, a) {
    w.string(a.currency, 'currency').u64le(a.amount).string(a.content, 'content');
  },
  read(r) {
    const currency = r.string(AOB.CURRENCY_MAX, 'currency');
    const amount = r.u64le('amount');
    return { currency, amount, content: r.string(4 * AOB.CONTENT_MAX, 'content') };
  },
  check(a) {
    checkCurrency(a.currency, 'asset.aobTransfer.currency');
    checkU64(a.amount, 'asset.aobTransfer.amount', 1n);
    checkText(a.content, 'asset.aobTransfer.content', AOB.CONTENT_MAX, false);
  },
  fromJson(v) {
    const where = 'asset.aobTransfer';
    checkObject(v, where, ['currency', 'amount', 'content']);
    const currency = reqString(v, where, 'currency');
    const amount = reqAmount(v, where, 'amount');
    return { currency, amount, content: optText(v, where, 'content') };
  },
  toJson(a) {
    const out = { currency: a.currency, amount: a.amount.toString() };
    if (a.content !== '') out.content = a.content;
    return out;
  },
};

/** Registered asset types by id. */
export const ASSET_TYPES = Object.freeze({
  20: evidence,
  40: daoOrg,
  41: daoExchange,
  42: daoContribution,
  43: daoConfirmation,
  60: aobIssuer,
  61: aobAsset,
  62: aobFlags,
  63: aobAcl,
  64: aobIssue,
  65: aobTransfer,
  100: lock,
});

/** The registered type `type`, or undefined. */
export function assetType(type) {
  return Number.isInteger(type) ? ASSET_TYPES[type] : undefined;
}

/** Whether transactions of `type` name a recipient (transfers and some registered types). */
export function takesRecipient(type) {
  return type === 0 || assetType(type)?.hasRecipient === true;
}

/** Whether transactions of `type` may carry an amount (transfers and some registered types). */
export function takesAmount(type) {
  return type === 0 || assetType(type)?.hasAmount === true;
}

/** The asset model from `asset` (the whole "asset" object) of a registered type. */
export function assetFromJson(t, asset) {
  checkObject(asset, 'asset', [t.jsonKey]);
  if (!HAS(asset, t.jsonKey)) fail(ERROR_CODES.MISSING_FIELD, `missing field "asset.${t.jsonKey}"`);
  return t.fromJson(asset[t.jsonKey]);
}
