// REST helpers over a running node, native transfers signed with the project's JS SDK (sdk/js),
// and chain-level checks shared by the system tests.
import { waitFor, nowEpoch } from './node.js';
import { createTransaction, getKeys, getAddress, amountFromDDN } from '../../../sdk/js/src/index.js';

export { createTransaction, getKeys, getAddress, amountFromDDN };

/**
 * Sends one request and parses the JSON answer. Returns {status, body, text}; `body` is null when
 * the answer is not JSON.
 */
export async function request(node, path, { method = 'GET', body, headers = {}, timeout = 15000 } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(timeout) };
  if (body !== undefined) {
    init.body = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!Object.keys(init.headers).some((h) => h.toLowerCase() === 'content-type')) {
      init.headers['content-type'] = 'application/json';
    }
  }
  const r = await fetch(`${node.url}${path}`, init);
  const text = await r.text();
  let parsed = null;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, body: parsed, text };
}

/** GET returning the JSON body; throws unless it is {success: true, …}. */
export async function get(node, path) {
  const r = await request(node, path);
  if (!r.body || r.body.success !== true) {
    throw new Error(`GET ${path}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  }
  return r.body;
}

export async function height(node) {
  return Number((await get(node, '/api/blocks/getHeight')).height);
}

export async function waitHeight(node, target, timeout = 15000) {
  return waitFor(async () => {
    const h = await height(node);
    return h >= target ? h : false;
  }, { timeout, interval: 100, what: `${node.name} to reach height ${target}` });
}

/** POST {"transaction": tx}; returns the answer body ({success, transactionId} or error). */
export async function submit(node, tx, headers = {}) {
  const r = await request(node, '/api/transactions', { method: 'POST', body: { transaction: tx }, headers });
  if (!r.body) throw new Error(`POST /api/transactions: HTTP ${r.status} without JSON: ${r.text.slice(0, 200)}`);
  return r.body;
}

/** POST {"transactions": [...]}; returns {success, accepted, rejected}. */
export async function submitBatch(node, txs, headers = {}) {
  const r = await request(node, '/api/transactions', { method: 'POST', body: { transactions: txs }, headers });
  if (!r.body) throw new Error(`POST /api/transactions (batch): HTTP ${r.status}: ${r.text.slice(0, 200)}`);
  return r.body;
}

export async function txStatus(node, id) {
  return get(node, `/api/transactions/status?id=${id}`);
}

/** Waits until the transaction is confirmed; fails at once if the node dropped it. */
export async function waitConfirmed(node, id, timeout = 20000) {
  return waitFor(async () => {
    const s = await txStatus(node, id);
    if (s.state === 'dropped' || s.state === 'unknown') {
      const e = new Error(`transaction ${id} is ${s.state}: ${JSON.stringify(s)}`);
      e.final = true;
      throw e;
    }
    return s.state === 'confirmed' ? s : false;
  }, { timeout, interval: 100, what: `transaction ${id} to be confirmed` });
}

/** A signed native transfer (amount in base units, as a string or number). */
export function nativeTransfer({ secret, to, amount, nethash, message, timestamp = nowEpoch() }) {
  const fields = { type: 0, nethash, timestamp, recipientId: to, amount: String(amount) };
  if (message) fields.message = message;
  return createTransaction(fields, secret);
}

/** A fresh random account (passphrase, public key, address). */
export function freshAccount(label = 'acct') {
  const secret = `system test ${label} ${Math.random().toString(36).slice(2)} ${Date.now()}`;
  const { publicKey } = getKeys(secret);
  return { secret, publicKey, address: getAddress(publicKey) };
}

/** Sends `amountBase` from `fromSecret` to each address in one batch and waits until all confirm. */
export async function fund(node, nethash, fromSecret, addresses, amountBase) {
  const txs = addresses.map((to) => nativeTransfer({ secret: fromSecret, to, amount: amountBase, nethash }));
  const r = await submitBatch(node, txs);
  if (!r.success || r.rejected.length) throw new Error(`funding refused: ${JSON.stringify(r)}`);
  const out = [];
  for (const id of r.accepted) out.push(await waitConfirmed(node, id));
  return out;
}

/**
 * Checks the supply invariant on a quiet chain: the sum of all balances (paged through
 * /api/accounts/top) plus the undistributed round amounts equals /api/blocks/getSupply, with the
 * number of accounts paged equal to /api/accounts/count. Reads are retried until the height did
 * not change across the whole read. Returns the figures.
 */
export async function supplySnapshot(node, { timeout = 15000 } = {}) {
  return waitFor(async () => {
    const h1 = await height(node);
    let total = 0n;
    let accounts = 0;
    for (let offset = 0; ; offset += 100) {
      const page = (await get(node, `/api/accounts/top?limit=100&offset=${offset}`)).accounts;
      for (const a of page) total += BigInt(a.balance);
      accounts += page.length;
      if (page.length < 100) break;
    }
    const count = (await get(node, '/api/accounts/count')).count;
    const status = await get(node, '/api/node/status');
    const supply = BigInt((await get(node, '/api/blocks/getSupply')).supply);
    const h2 = await height(node);
    if (h1 !== h2 || status.height !== h1) return false; // a block landed meanwhile: read again
    return { height: h1, balances: total, undistributed: BigInt(status.undistributed), supply, accounts, count };
  }, { timeout, interval: 20, what: `${node.name}: a quiet moment to read balances and supply` });
}

/** Every block from `from` to `to` (inclusive), with transactions, by height. */
export async function blocksFull(node, from, to) {
  const out = [];
  for (let h = from; h <= to; h++) out.push((await get(node, `/api/blocks/full?height=${h}`)).block);
  return out;
}

/** Runs `fn` over `items` with at most `limit` promises at once; returns the results in order. */
export async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return results;
}
