// Interop case (a), keys: for many passphrases, `ddn account derive` (passphrase = the UTF-8 bytes
// of the JS string, written verbatim to a file) must give the same public key and address as
// @ddn/crypto 2.5.0 getKeys(secret).publicKey and generateAddress(publicKey, 'D').
// The passphrase is used as-is: whitespace, control characters and Unicode forms are never
// trimmed or normalised, so e.g. "e\u0301" and "\u00e9" must give different keys.
import test from 'node:test';
import assert from 'node:assert/strict';
import { ddnCrypto } from './lib/client.js';
import { derive } from './lib/cli.js';

function longPassphrase() {
  const pieces = ['abc ', 'Ünïcödé ', '中文 ', '😀', '\t', 'العربية ', 'e\u0301', '\u0000', '9'];
  let s = '';
  for (let i = 0; s.length < 10000; i++) s += pieces[i % pieces.length];
  return s.slice(0, 10000); // may end in half an emoji: a lone surrogate, see below
}

const PASSPHRASES = [
  ['empty', ''],
  ['single space', ' '],
  ['two spaces', '  '],
  ['leading whitespace', '  leading space'],
  ['trailing whitespace', 'trailing space '],
  ['leading and trailing whitespace', '\t both sides \n'],
  ['newline only', '\n'],
  ['CRLF only', '\r\n'],
  ['trailing newline (echo-style file)', 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole\n'],
  ['embedded newline', 'line one\nline two'],
  ['tab', '\t'],
  ['embedded tab', 'tab\tinside'],
  ['NUL only', '\u0000'],
  ['embedded NUL', 'nul\u0000inside'],
  ['U+0001', '\u0001'],
  ['DEL U+007F', '\u007f'],
  ['control mix', '\u0000\u0001\u0002\u001b[0m\u007f\u0085'],
  ['non-breaking space', '\u00a0nbsp\u00a0'],
  ['BOM prefix', '\ufeffpassphrase'],
  ['Latin-1', 'Ünïcödé pässwörd ß'],
  ['CJK Chinese', '中文密码短语测试'],
  ['CJK Japanese', '日本語のパスフレーズ'],
  ['Hangul', '한국어 비밀번호'],
  ['emoji (astral plane)', '😀'],
  ['emoji sequence with ZWJ and skin tone', '👨‍👩‍👧‍👦 👍🏽 🚀💎🙌'],
  ['mathematical fraktur (astral plane)', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢'],
  ['combining acute (NFD)', 'e\u0301'],
  ['precomposed e-acute (NFC)', '\u00e9'],
  ['combining stack', 'a\u0300\u0301\u0302\u0303\u0304'],
  ['Angstrom sign U+212B', '\u212b'],
  ['A with ring U+00C5', '\u00c5'],
  ['Arabic (RTL)', 'مرحبا بالعالم'],
  ['Hebrew (RTL)', 'שלום עולם'],
  ['RTL override', '\u202eevil\u202c'],
  ['zero-width joiner only', '\u200d'],
  ['lone high surrogate (JS encodes it as U+FFFD)', 'x\ud800y'],
  ['10,000-char mixed string', longPassphrase()],
  ['10,000 x "a"', 'a'.repeat(10000)],
  ['12-word BIP39 mnemonic (vector 1)', 'you cousin patch lemon luxury picture impact lens slogan exotic purse hole'],
  ['12-word BIP39 mnemonic (vector 2)', 'lake kitten arrow elephant because entire club rug unique climb club arrive'],
  ['12-word BIP39 mnemonic (abandon…about)', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'],
  ['mnemonic with double space', 'abandon  abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'],
  ['mnemonic in upper case', 'ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABANDON ABOUT'],
  ['second-secret vector', 'second secret phrase for test'],
];

for (let i = 0; i < 5; i++) {
  PASSPHRASES.push([`generated BIP39 mnemonic #${i + 1}`, ddnCrypto.generateSecret()]);
}

// Start every CLI call at once; the tests below await their own result.
const results = PASSPHRASES.map(([, secret]) => derive(Buffer.from(secret, 'utf8')));

test('reference vectors (§12) hold for @ddn/crypto 2.5.0 itself', () => {
  const k = ddnCrypto.getKeys('you cousin patch lemon luxury picture impact lens slogan exotic purse hole');
  assert.equal(k.publicKey, '50e18b1d5ee084680fbc5cc34cdc4aaa1c4fe23662a3376c8bf5b33d3b16c4ae');
  assert.equal(ddnCrypto.generateAddress(k.publicKey, 'D'), 'DEbAEaup5irkiKx2C4KDDDSXQmE4CK9hQ7');
});

test('addresses whose hash starts with zero bytes keep one "1" per zero byte', async () => {
  const cases = [
    ['interop leading zero 290', 'D1uUt535uT6iJPw1DCxk1EDsYSdvQYcpm'],
    ['interop leading zero 3309', 'D11SoqVGRe6zFwxVEcMbuAPKhS6EKbkAS'],
  ];
  for (const [secret, address] of cases) {
    assert.equal(ddnCrypto.generateAddress(ddnCrypto.getKeys(secret).publicKey, 'D'), address);
    assert.deepEqual(await derive(Buffer.from(secret)), { publicKey: ddnCrypto.getKeys(secret).publicKey, address });
  }
});

test('passphrases are used verbatim (the test inputs really differ)', () => {
  const keys = new Set(PASSPHRASES.map(([, s]) => ddnCrypto.getKeys(s).publicKey));
  // 'x\ud800y' and its U+FFFD form are not both listed, so every entry must give its own key.
  assert.equal(keys.size, PASSPHRASES.length);
});

test('ddn account derive equals @ddn/crypto getKeys/generateAddress', async (t) => {
  for (const [index, [name, secret]] of PASSPHRASES.entries()) {
    await t.test(name, async () => {
      const expectedKey = ddnCrypto.getKeys(secret).publicKey;
      const expectedAddress = ddnCrypto.generateAddress(expectedKey, 'D');
      const got = await results[index];
      const shown = JSON.stringify(secret.length > 80 ? `${secret.slice(0, 80)}…` : secret);
      assert.deepEqual(
        got,
        { publicKey: expectedKey, address: expectedAddress },
        `passphrase ${shown} (${Buffer.byteLength(secret)} UTF-8 bytes)`,
      );
    });
  }
});
