// Transaction JSON as text. JSON.parse silently keeps the last of two equal keys and reads "1.0"
// or "1e0" as 1, so it cannot enforce protocol.md §6 ("no key twice"). This file has a small strict
// RFC 8259 parser that refuses repeated keys (MALFORMED), numbers with a fraction or exponent
// (INVALID_FIELD: no field of the format is fractional), a byte order mark and deep nesting, plus
// the canonical compact serialization of a transaction. As the C++ ParseStrictJson
// (src/codec/strict_json.cc), it also refuses with MALFORMED a raw NUL anywhere in the text and
// an unpaired surrogate, escaped ("\ud800") or raw (a JavaScript string holding a lone surrogate
// has no UTF-8 form; the node would see invalid UTF-8).

import { ERROR_CODES, fail } from './errors.js';
import { isWellFormedString } from './bytes.js';
import { encodeTransaction } from './transaction.js';
import { jsonToModel, modelToJson } from './json.js';

const MAX_DEPTH = 16;
const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const INTEGER = /^-?(0|[1-9][0-9]*)/;
const NUMBER_TAIL = /^(\.[0-9]+)?([eE][+-]?[0-9]+)?/;

class Parser {
  constructor(text) {
    this.s = text;
    this.i = 0;
  }

  error(msg) {
    fail(ERROR_CODES.MALFORMED, `JSON: ${msg} at offset ${this.i}`);
  }

  ws() {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i])) this.i++;
  }

  expect(ch) {
    if (this.s[this.i] !== ch) this.error(`expected '${ch}'`);
    this.i++;
  }

  value(depth) {
    if (depth > MAX_DEPTH) this.error('nesting too deep');
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return v;
      }
    }
    return this.error('unexpected character');
  }

  object(depth) {
    this.expect('{');
    const out = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.error(`key "${key}" appears twice`);
      this.ws();
      this.expect(':');
      Object.defineProperty(out, key, { value: this.value(depth + 1), enumerable: true, writable: true, configurable: true });
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  array(depth) {
    this.expect('[');
    const out = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ',') {
        this.i++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  string() {
    this.expect('"');
    let out = '';
    for (;;) {
      if (this.i >= this.s.length) this.error('unterminated string');
      const c = this.s[this.i++];
      if (c === '"') return out;
      if (c < ' ') this.error('control character in string');
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[this.i++];
      if (e === 'u') {
        const unit = this.hex4();
        if (unit >= 0xdc00 && unit <= 0xdfff) this.error('unpaired surrogate escape');
        if (unit >= 0xd800 && unit <= 0xdbff) {
          // A high surrogate must be followed by a \u escape of a low surrogate.
          if (this.s[this.i] !== '\\' || this.s[this.i + 1] !== 'u') this.error('unpaired surrogate escape');
          this.i += 2;
          const low = this.hex4();
          if (low < 0xdc00 || low > 0xdfff) this.error('unpaired surrogate escape');
          out += String.fromCharCode(unit, low);
        } else {
          out += String.fromCharCode(unit);
        }
      } else if (Object.prototype.hasOwnProperty.call(ESCAPES, e)) {
        out += ESCAPES[e];
      } else {
        this.error('bad escape');
      }
    }
  }

  // Four hex digits of a \u escape, as a UTF-16 code unit.
  hex4() {
    const hex = this.s.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.error('bad \\u escape');
    this.i += 4;
    return parseInt(hex, 16);
  }

  number() {
    const rest = this.s.slice(this.i);
    const m = INTEGER.exec(rest);
    if (!m) this.error('bad number');
    const tail = NUMBER_TAIL.exec(rest.slice(m[0].length));
    if (tail[0] !== '') fail(ERROR_CODES.INVALID_FIELD, 'JSON: numbers must be plain integers');
    this.i += m[0].length;
    return Number(m[0]);
  }
}

/** Strict JSON text → plain value (objects, arrays, strings, integers, booleans, null). */
export function parseJsonStrict(text) {
  if (typeof text !== 'string') fail(ERROR_CODES.MALFORMED, 'JSON text must be a string');
  const nul = text.indexOf('\0');
  if (nul >= 0) fail(ERROR_CODES.MALFORMED, `JSON: raw NUL at offset ${nul}`);
  if (!isWellFormedString(text)) fail(ERROR_CODES.MALFORMED, 'JSON: text holds a lone surrogate (not Unicode)');
  const p = new Parser(text);
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.error('trailing characters');
  return v;
}

/** Transaction JSON text → transaction object, checked as strictly as encodeTransaction does. */
export function parseTransactionJson(text) {
  const tx = parseJsonStrict(text);
  encodeTransaction(tx);
  return tx;
}

/** Canonical compact JSON text of a transaction (keys in protocol.md §6 order). */
export function stringifyTransaction(tx) {
  const { model, id } = jsonToModel(tx);
  encodeTransaction(tx);
  return JSON.stringify(modelToJson(model, id));
}
