// Runs the C++ `ddn` CLI for the interop tests: `ddn tx inspect` (transaction JSON on stdin) and
// `ddn account derive --secret-file F`. The binary comes from env DDN_BIN, by default
// ../../build/bin/ddn relative to this test folder.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_NETHASH } from './client.js';

const testDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DDN_BIN = process.env.DDN_BIN
  ? path.resolve(process.env.DDN_BIN) // relative to the working directory, like any path argument
  : path.resolve(testDir, '../../build/bin/ddn');

if (!existsSync(DDN_BIN)) {
  throw new Error(`ddn binary not found at ${DDN_BIN}: build it (ninja -C build ddn) or set DDN_BIN`);
}

// Spawning from Node costs ~5 ms of main-thread time per child (fork of a large process), so
// calls are batched: requests made in the same tick are written to temp files and run by a few
// /bin/sh workers (one per CPU), each executing the CLI once per request, sequentially.
const maxParallel = Math.max(2, (os.availableParallelism?.() ?? os.cpus().length));
const tempRoot = mkdtempSync(path.join(os.tmpdir(), 'ddn-interop-'));
process.on('exit', () => rmSync(tempRoot, { recursive: true, force: true }));
let tempCounter = 0;
export const tempFile = () => path.join(tempRoot, `f${tempCounter++}`);

const shellQuote = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;
let queue = [];
let flushScheduled = false;

function runShell(script) {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', [script], { stdio: ['ignore', 'ignore', 'pipe'] });
    const err = [];
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`batch shell failed (${code}): ${Buffer.concat(err)}`))));
  });
}

async function runBatch(jobs) {
  const script = tempFile();
  const lines = jobs.map((j) => `${shellQuote(DDN_BIN)} ${j.args.map(shellQuote).join(' ')} <${shellQuote(j.file)} >${shellQuote(`${j.file}.out`)} 2>${shellQuote(`${j.file}.err`)}; echo $? >${shellQuote(`${j.file}.rc`)}`);
  writeFileSync(script, `${lines.join('\n')}\n`);
  try {
    await runShell(script);
    for (const j of jobs) {
      j.resolve({
        code: Number(readFileSync(`${j.file}.rc`, 'utf8').trim()),
        stdout: readFileSync(`${j.file}.out`, 'utf8'),
        stderr: readFileSync(`${j.file}.err`, 'utf8'),
      });
    }
  } catch (e) {
    for (const j of jobs) j.reject(e);
  }
}

function flush() {
  flushScheduled = false;
  const jobs = queue;
  queue = [];
  const size = Math.ceil(jobs.length / maxParallel);
  for (let i = 0; i < jobs.length; i += size) runBatch(jobs.slice(i, i + size));
}

/** Runs the CLI with `args`, feeding `input` on stdin. Resolves to {code, stdout, stderr}. */
export function runDdn(args, input = '') {
  return new Promise((resolve, reject) => {
    const file = tempFile();
    writeFileSync(file, input);
    queue.push({ args, file, resolve, reject });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}

function parseOutput(run, what) {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`${what}: output is not JSON (exit ${run.code}): ${run.stdout}${run.stderr}`);
  }
}

/**
 * `ddn tx inspect [--nethash H]` on a transaction. `tx` is an object (serialized with
 * JSON.stringify, as a client posts it) or a raw JSON string. Resolves to the CLI's answer plus
 * `exitCode` and `input`, and checks that the exit code agrees with `valid`.
 */
export async function inspect(tx, nethash = DEFAULT_NETHASH) {
  const input = typeof tx === 'string' ? tx : JSON.stringify(tx);
  const args = ['tx', 'inspect'];
  if (nethash !== DEFAULT_NETHASH) args.push('--nethash', nethash);
  const run = await runDdn(args, input);
  const result = parseOutput(run, 'ddn tx inspect');
  if ((result.valid === true) !== (run.code === 0) || (run.code !== 0 && run.code !== 1)) {
    throw new Error(`ddn tx inspect: exit code ${run.code} disagrees with ${run.stdout}`);
  }
  return { ...result, exitCode: run.code, input };
}

/** `ddn account derive --secret-file F` where F holds exactly `bytes`. Resolves to {publicKey, address}. */
export async function derive(bytes) {
  const file = tempFile();
  writeFileSync(file, bytes);
  const run = await runDdn(['account', 'derive', '--secret-file', file]);
  if (run.code !== 0) throw new Error(`ddn account derive failed (exit ${run.code}): ${run.stdout}${run.stderr}`);
  return parseOutput(run, 'ddn account derive');
}

/** A short, exact description of a CLI answer for assertion messages. */
export function describe(result) {
  const { exitCode, input, ...answer } = result;
  // Raw control characters (e.g. a NUL byte in a malformed input) are shown as \uXXXX.
  const shown = input.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `input:  ${shown}\nanswer: ${JSON.stringify(answer)} (exit ${exitCode})`;
}
