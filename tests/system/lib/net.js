// Harness of the network tests (network.test.js): several `ddnd` processes forming one network on
// 127.0.0.1, started by `ddn localnet` or from configs written here, observed only through their
// public HTTP interfaces (REST API and the peer protocol of docs/p2p.md).
//
// * Localnet daemons are not children of the test process: they are tracked by pid (a zombie
//   counts as gone) and SIGKILLed at exit if a test left them behind.
// * PeerProxy stands between nodes to cut the network in two (docs/p2p.md: a node's identity is
//   ip:port with the port from its `port` header, which [p2p] public_port sets to the proxy's).
// * Every wait has a deadline (waitFor); the last disagreement seen is quoted when it passes.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { BIN_DIR, crashLines, ddn, tempDir, waitFor } from './node.js';
import { get, height, request } from './api.js';

export const MAKE_CHAIN = path.join(BIN_DIR, 'ddn-make-chain');

/** Delegates whose blocks must be built on a block before it is final: ⌊2·101/3⌋ + 1. */
export const FINALITY_DELEGATES = 68;

const foreignPids = new Set();
process.on('exit', () => {
  for (const pid of foreignPids) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
});

/** True while the process exists and is not a zombie (Linux /proc). */
export function pidAlive(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) S …": the state follows the last ')' (comm may itself hold parentheses).
  return stat[stat.lastIndexOf(')') + 2] !== 'Z';
}

/** The port written in a config's [node] section (`port = N`). */
function configPort(configFile) {
  const m = /^port\s*=\s*(\d+)\s*$/m.exec(readFileSync(configFile, 'utf8'));
  return m ? Number(m[1]) : null;
}

/** One daemon of a `ddn localnet`: its API, pid and files (DIR/node<i>/config.toml, node.log). */
export class LocalnetNode {
  constructor(dir, index, info) {
    const api = new URL(info.api.includes('://') ? info.api : `http://${info.api}`);
    this.name = `node${index}`;
    this.index = index;
    this.port = Number(api.port);
    this.url = `http://127.0.0.1:${this.port}`;
    this.pid = info.pid;
    this.dataDir = info.dataDir;
    this.nodeDir = LocalnetNode.#findNodeDir(dir, this.port, info.dataDir);
    this.configFile = path.join(this.nodeDir, 'config.toml');
    this.logFile = path.join(this.nodeDir, 'node.log');
  }

  // DIR/node<i>, whichever i localnet counts from: the node dir whose config has this API port,
  // or else the one holding the data dir.
  static #findNodeDir(dir, port, dataDir) {
    const candidates = readdirSync(dir).filter((d) => /^node\d+$/.test(d)).map((d) => path.join(dir, d));
    const byPort = candidates.find((d) => existsSync(path.join(d, 'config.toml')) &&
      configPort(path.join(d, 'config.toml')) === port);
    if (byPort) return byPort;
    const byData = candidates.find((d) => dataDir && path.resolve(dataDir).startsWith(d + path.sep));
    if (byData) return byData;
    throw new Error(`localnet: no node directory in ${dir} for the node on port ${port}`);
  }

  get running() { return pidAlive(this.pid); }
  log() { return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : ''; }

  async kill9() {
    process.kill(this.pid, 'SIGKILL');
    await waitFor(() => !pidAlive(this.pid), { timeout: 10000, what: `${this.name} (pid ${this.pid}) to die` });
    foreignPids.delete(this.pid);
  }
}

/** A network started by `ddn localnet start` in a fresh directory. */
export class Localnet {
  /** Starts `nodes` daemons; resolves once the CLI has printed their APIs. */
  static async start({ nodes, blockInterval = 1, label = 'localnet' }) {
    const dir = path.join(tempDir(`ddn-${label}-`), 'net');
    const args = ['localnet', 'start', '--nodes', String(nodes), '--dir', dir,
      '--block-interval', String(blockInterval)];
    const r = await ddn(args, { timeout: 90000 });
    if (r.code !== 0 || !r.json || !Array.isArray(r.json.nodes)) {
      throw new Error(`ddn ${args.join(' ')} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
    }
    for (const n of r.json.nodes) foreignPids.add(n.pid);
    if (r.json.nodes.length !== nodes) {
      throw new Error(`ddn localnet started ${r.json.nodes.length} nodes, not ${nodes}: ${r.stdout}`);
    }
    return new Localnet(dir, r.json);
  }

  constructor(dir, out) {
    this.dir = dir;
    this.faucet = out.faucet;
    this.nodes = out.nodes.map((info, i) => new LocalnetNode(dir, i, info));
  }

  secrets() { return JSON.parse(readFileSync(path.join(this.dir, 'secrets.json'), 'utf8')); }

  /** `ddn localnet stop`; resolves to the CLI result once every daemon it started is gone. */
  async stop() {
    const r = await ddn(['localnet', 'stop', '--dir', this.dir], { timeout: 60000 });
    await waitFor(() => this.nodes.every((n) => !pidAlive(n.pid)),
      { timeout: 30000, interval: 100, what: `the localnet in ${this.dir} to exit` });
    for (const n of this.nodes) foreignPids.delete(n.pid);
    return r;
  }

  /** Last resort after a failure: SIGKILL whatever is still running. */
  forceKill() {
    for (const n of this.nodes) {
      try { process.kill(n.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
}

export async function status(node) {
  return get(node, '/api/node/status');
}

export async function heights(nodes) {
  return Promise.all(nodes.map(height));
}

/** The id of the node's block at height `h`, or null when it has none there. */
export async function blockIdAt(node, h) {
  const r = await request(node, `/api/blocks/get?height=${h}`);
  return r.body?.success === true ? r.body.block.id : null;
}

/**
 * Waits until every node is at height ≥ minHeight and all hold the same blocks at the lowest
 * height among them, at its parent, at height 2 and half-way. Resolves to {height, id, heights}.
 */
export async function waitSameChain(nodes, { minHeight = 1, timeout = 30000, what } = {}) {
  const names = nodes.map((n) => n.name).join(', ');
  return waitFor(async () => {
    const hs = await heights(nodes);
    const common = Math.min(...hs);
    if (common < minHeight) throw new Error(`heights ${hs.join(', ')} (want ≥ ${minHeight})`);
    const probes = [...new Set([2, Math.floor(common / 2), common - 1, common])]
      .filter((h) => h >= 1 && h <= common);
    let headId;
    for (const h of probes) {
      const ids = await Promise.all(nodes.map((n) => blockIdAt(n, h)));
      if (ids.includes(null) || new Set(ids).size !== 1) {
        throw new Error(`heights ${hs.join(', ')}; ids at ${h}: ${ids.map((id) => id?.slice(0, 12)).join(', ')}`);
      }
      if (h === common) headId = ids[0];
    }
    return { height: common, id: headId, heights: hs };
  }, { timeout, interval: 200, what: what ?? `${names} to agree on one chain at a height ≥ ${minHeight}` });
}

/** The node's peers from GET /api/peers. */
export async function peers(node) {
  return (await get(node, '/api/peers')).peers;
}

/** Connected peers of the node as "ip:port" strings. */
export async function connectedPeers(node) {
  return (await peers(node)).filter((p) => p.state === 'connected').map((p) => `${p.ip}:${Number(p.port)}`);
}

/** Peer-protocol headers (docs/p2p.md §1) for a made-up identity 127.0.0.1:port. */
export function peerHeaders({ nethash, version, port, os = 'linux' }) {
  return { nethash, version, port: String(port), os };
}

/**
 * One HTTP request on its own connection (node:http, so an early answer such as 413 is read even
 * if the server closes while the body is still being written). Resolves to
 * {status, headers, body (parsed JSON or null), text}.
 */
export function rawRequest(node, urlPath, { method = 'GET', headers = {}, body, timeout = 15000 } = {}) {
  const data = body === undefined ? null
    : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = http.request({
      host: '127.0.0.1', port: node.port, method, path: urlPath, agent: false, timeout,
      headers: { ...headers, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}) },
    }, (res) => {
      answered = true;
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, body: parsed, text });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath}: no answer within ${timeout} ms`)));
    req.on('error', (e) => { if (!answered) reject(e); });
    req.end(data ?? undefined);
  });
}

/** A transaction as a block payload entry (docs/protocol.md §8): format 0, varint length, bytes. */
export function nativeEntry(txBytes) {
  const len = [];
  for (let n = txBytes.length; ; n >>>= 7) {
    if (n < 0x80) { len.push(n); break; }
    len.push((n & 0x7f) | 0x80);
  }
  return Buffer.concat([Buffer.from([0]), Buffer.from(len), Buffer.from(txBytes)]);
}

/** Offset of the block signature in a block's bytes (docs/protocol.md §8). */
export function blockSignatureOffset(blockBytes) {
  const nethashLength = blockBytes[4];
  // magic 4, nethash 1+n, height 8, timestamp 4, previous 32, tx-count 4, total-amount 8,
  // total-fee 8, reward 8, payload-length 4, payload-hash 32, generator 32
  return 4 + 1 + nethashLength + 8 + 4 + 32 + 4 + 8 + 8 + 8 + 4 + 32 + 32;
}

/**
 * Log lines at level error/critical or showing a crash, except error lines the test provoked
 * (matching one of `provoked`); crash patterns are never excused.
 */
export function unexplainedErrors(log, provoked = []) {
  const fatal = /\[critical\]|handler .* failed|terminate called|Segmentation fault|Aborted|AddressSanitizer|runtime error:|core dumped|storage failure/i;
  return crashLines(log).filter((l) => fatal.test(l) || !provoked.some((re) => re.test(l)));
}

/** The [network] section of a config file, verbatim (the same on every node of a network). */
export function networkSection(configFile) {
  const lines = readFileSync(configFile, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === '[network]');
  if (start < 0) throw new Error(`${configFile} has no [network] section`);
  const end = lines.findIndex((l, i) => i > start && l.trim().startsWith('['));
  return lines.slice(start, end < 0 ? undefined : end).join('\n').trim();
}

/**
 * Writes a node config (docs/node.md) for a network given by its [network] section; relative
 * paths are relative to the file's directory, as the node reads them.
 */
export function writeNodeConfig(file, { network, dataDir, secrets = [], peers: seeds = [], publicPort = 0,
  port = 0, logLevel = 'info' }) {
  const list = (xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  writeFileSync(file, [
    '# written by tests/system/lib/net.js',
    network,
    '',
    '[node]',
    `data_dir = ${JSON.stringify(dataDir)}`,
    'bind = "127.0.0.1"',
    `port = ${port}`,
    `log_level = ${JSON.stringify(logLevel)}`,
    '',
    '[forging]',
    `secrets = ${list(secrets)}`,
    '',
    '[p2p]',
    `peers = ${list(seeds)}`,
    `public_port = ${publicPort}`,
    '',
  ].join('\n'));
}

/** Runs ddn-make-chain; resolves to its JSON summary. */
export function makeChain(args, { timeout = 180000 } = {}) {
  if (!existsSync(MAKE_CHAIN)) {
    return Promise.reject(new Error(`${MAKE_CHAIN} not found: build it (ninja -C build ddn-make-chain)`));
  }
  return new Promise((resolve, reject) => {
    execFile(MAKE_CHAIN, args, { timeout, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`ddn-make-chain ${args.join(' ')}: ${err.message}\n${stderr}`));
      try {
        resolve(JSON.parse(stdout));
      } catch {
        reject(new Error(`ddn-make-chain printed no JSON: ${stdout}${stderr}`));
      }
    });
  });
}

/**
 * An HTTP proxy in front of one node's API, to which every other node sends its peer traffic
 * (their seeds and the node's public_port name the proxy). `refuse(callerPort)` decides per
 * request, from the caller's `port` header (its advertised port, i.e. its own proxy's port),
 * whether to answer 503 instead of forwarding. Until `target` is set every request gets 503.
 */
export class PeerProxy {
  constructor(name) {
    this.name = name;
    this.target = null;
    this.refuse = () => false;
    this.forwarded = 0;
    this.refused = 0;
    this.agent = new http.Agent({ keepAlive: true });
    this.server = http.createServer((req, res) => this.#handle(req, res));
  }

  async listen() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = this.server.address().port;
    return this.port;
  }

  #handle(req, res) {
    const caller = Number(req.headers.port);
    if (this.target === null || this.refuse(caller)) {
      this.refused += 1;
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: false, error: `${this.name}: cut off by the test`, code: 'UNAVAILABLE' }));
      return;
    }
    this.forwarded += 1;
    const upstream = http.request({
      host: '127.0.0.1', port: this.target, method: req.method, path: req.url, headers: req.headers,
      agent: this.agent,
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (res.headersSent) {
        res.destroy();
      } else {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ success: false, error: `${this.name}: node unreachable`, code: 'UNAVAILABLE' }));
      }
    });
    req.pipe(upstream);
  }

  async close() {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(() => resolve()));
    this.agent.destroy();
  }
}
