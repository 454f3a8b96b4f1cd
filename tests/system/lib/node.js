// Harness of the system tests: runs real `ddnd --dev` processes in fresh temp directories and talks
// to them over loopback only.
//
// * Binaries: env DDN_BIN_DIR (default ../../build/bin relative to tests/system).
// * A node binds 127.0.0.1 with `--port 0` (the kernel picks a free port: no race between test
//   files running at once); the port is read from the node's own log line "API on http://…:PORT".
// * stdout and stderr go to one log file per node (appended across restarts of the same node).
// * Everything waits on conditions with deadlines (waitFor); there are no fixed sleeps where a
//   condition can be awaited.
// * DDN_KEEP_TMP=1 keeps the temp directories (data dirs and logs) for inspection.
import { spawn, execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const SYSTEM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN_DIR = process.env.DDN_BIN_DIR
  ? path.resolve(process.env.DDN_BIN_DIR)
  : path.resolve(SYSTEM_DIR, '../../build/bin');
export const DDND = path.join(BIN_DIR, 'ddnd');
export const DDN = path.join(BIN_DIR, 'ddn');
for (const bin of [DDND, DDN]) {
  if (!existsSync(bin)) {
    throw new Error(`${bin} not found: build it (ninja -C build ddnd ddn) or set DDN_BIN_DIR`);
  }
}

/** Seconds of the DDN epoch, 2017-12-20T04:00:00Z. */
export const DDN_EPOCH_UNIX = 1513742400;
export const nowEpoch = () => Math.floor(Date.now() / 1000) - DDN_EPOCH_UNIX;

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `fn` (sync or async) until it returns a truthy value, which is returned. Exceptions count
 * as "not yet" and the last one is quoted when the deadline passes; an exception with a truthy
 * `final` or `fatal` property ends the wait at once.
 */
export async function waitFor(fn, { timeout = 10000, interval = 50, what = 'a condition' } = {}) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      lastError = undefined;
    } catch (e) {
      if (e?.final || e?.fatal) throw e; // not worth waiting for
      lastError = e;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}` +
        (lastError ? ` (last error: ${lastError.message ?? lastError})` : ''));
    }
    await sleep(interval);
  }
}

const tempRoots = [];
/** A fresh directory under the OS temp dir, removed at exit unless DDN_KEEP_TMP is set. */
export function tempDir(prefix = 'ddn-system-') {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempRoots.push(dir);
  return dir;
}

const liveNodes = new Set();
process.on('exit', () => {
  // Never leave a node behind, whatever happened to the test process.
  for (const n of liveNodes) {
    try { process.kill(n.proc.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  if (!process.env.DDN_KEEP_TMP) {
    for (const d of tempRoots) rmSync(d, { recursive: true, force: true });
  }
});

/**
 * One `ddnd` node: a `--dev` devnet on a data directory, or (with `config`) a node of an existing
 * network run with `--config FILE`; start/stop/kill it any number of times.
 */
export class DdnNode {
  /**
   * @param {object} o
   * @param {string} [o.root] directory holding the data dir and the log (default: a fresh temp dir)
   * @param {number} [o.blockInterval] seconds per slot of a new devnet (default 1)
   * @param {string} [o.name] label used in messages and the log file name
   * @param {string} [o.config] run `ddnd --config FILE` instead of a devnet
   * @param {number} [o.port] API port (default 0: the kernel picks a free one)
   * @param {string} [o.logFile] log file (default `<root>/<name>.log`)
   */
  constructor({ root = tempDir(), blockInterval = 1, name = 'ddnd', config, port = 0, logFile } = {}) {
    this.root = root;
    this.name = name;
    this.config = config;
    this.dataDir = path.join(root, 'devnet');
    this.logFile = logFile ?? path.join(root, `${name}.log`);
    this.blockInterval = blockInterval;
    this.fixedPort = port;
    this.proc = null;
    this.port = null;
    this.starts = 0;
  }

  get url() { return `http://127.0.0.1:${this.port}`; }
  get running() { return this.proc !== null && this.exitInfo === null; }

  /**
   * Starts the node and waits until its API answers GET /api/blocks/getHeight.
   * Returns the milliseconds from spawn to the first good answer (also in this.startupMs).
   * `env` is added to the environment (e.g. DDN_TEST_CRASH_AT).
   */
  async start({ env = {}, timeout = 30000, extraArgs = [] } = {}) {
    if (this.running) throw new Error(`${this.name} is already running`);
    const logOffset = existsSync(this.logFile) ? statSync(this.logFile).size : 0;
    const fd = openSync(this.logFile, 'a');
    const args = this.config
      ? ['--config', this.config, '--bind', '127.0.0.1', '--port', String(this.fixedPort), ...extraArgs]
      : ['--dev', '--data-dir', this.dataDir, '--bind', '127.0.0.1', '--port', String(this.fixedPort),
        '--block-interval', String(this.blockInterval), ...extraArgs];
    const t0 = performance.now();
    const proc = spawn(DDND, args, { stdio: ['ignore', fd, fd], env: { ...process.env, ...env } });
    closeSync(fd);
    this.proc = proc;
    this.exitInfo = null;
    this.port = null;
    this.starts += 1;
    liveNodes.add(this);
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        liveNodes.delete(this);
        resolve(this.exitInfo);
      });
    });
    const deadline = Date.now() + timeout;
    await waitFor(() => {
      if (this.exitInfo) {
        throw Object.assign(new Error(`${this.name} exited during start ` +
          `(${JSON.stringify(this.exitInfo)}):\n${this.logTail(20)}`), { fatal: true });
      }
      const text = readFileSync(this.logFile).subarray(logOffset).toString('utf8');
      const m = /API on http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) this.port = Number(m[1]);
      return this.port;
    }, { timeout, interval: 5, what: `${this.name} to log its API port` }).catch((e) => {
      this.forceKill();
      throw e;
    });
    await waitFor(async () => {
      if (this.exitInfo) throw new Error(`${this.name} exited: ${JSON.stringify(this.exitInfo)}`);
      const r = await fetch(`${this.url}/api/blocks/getHeight`, { signal: AbortSignal.timeout(2000) });
      const j = await r.json();
      return j.success === true;
    }, { timeout: Math.max(1000, deadline - Date.now()), interval: 5, what: `${this.name} API` })
      .catch((e) => {
        this.forceKill();
        throw new Error(`${e.message}\n${this.logTail(20)}`);
      });
    this.startupMs = performance.now() - t0;
    return this.startupMs;
  }

  /** SIGTERM; resolves to {code, signal} once the process has exited. */
  async stop({ timeout = 20000 } = {}) {
    if (!this.running) return this.exitInfo;
    this.proc.kill('SIGTERM');
    return this.#awaitExit(timeout, 'SIGTERM');
  }

  /** kill -9; resolves to {code, signal} once the process has exited. */
  async kill9({ timeout = 10000 } = {}) {
    if (!this.running) return this.exitInfo;
    this.proc.kill('SIGKILL');
    return this.#awaitExit(timeout, 'SIGKILL');
  }

  /** Resolves when the process exits by itself (e.g. fault injection), at most `timeout` ms. */
  async waitExit(timeout = 20000) {
    if (!this.proc) throw new Error(`${this.name} was never started`);
    return this.#awaitExit(timeout, 'its own exit');
  }

  async #awaitExit(timeout, after) {
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(
        `${this.name} did not exit within ${timeout} ms after ${after}\n${this.logTail(20)}`)), timeout);
    });
    try {
      return await Promise.race([this.exited, timedOut]);
    } catch (e) {
      this.forceKill();
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  forceKill() {
    if (this.running) {
      try { this.proc.kill('SIGKILL'); } catch { /* gone */ }
    }
  }

  /** The devnet's secrets and nethash (DIR/devnet.json, written on first start). */
  devnet() {
    return JSON.parse(readFileSync(path.join(this.dataDir, 'devnet.json'), 'utf8'));
  }

  log() { return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : ''; }
  logTail(lines = 30) {
    return this.log().split('\n').slice(-lines - 1).join('\n');
  }
}

/** Lines of a node log that mean something went badly wrong inside the node. */
export function crashLines(log) {
  return log.split('\n').filter((l) =>
    /\[critical\]|\[error\]|handler .* failed|terminate called|Segmentation fault|Aborted|AddressSanitizer|runtime error:|core dumped|stopping on a storage failure/i
      .test(l));
}

/**
 * Runs the `ddn` CLI; resolves to {code, stdout, stderr, json} (json: parsed stdout, or null).
 * Never rejects on a non-zero exit (tests assert on the code). `env` is added to the environment.
 */
export function ddn(args, { timeout = 30000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const options = { timeout, maxBuffer: 64 << 20, env: { ...process.env, ...env } };
    execFile(DDN, args, options, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return reject(err);
      let json = null;
      try { json = JSON.parse(stdout); } catch { /* not JSON */ }
      resolve({ code: err ? err.code : 0, stdout, stderr, json });
    });
  });
}
