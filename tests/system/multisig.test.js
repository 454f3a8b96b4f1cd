// Multisignature flows on a two-node localnet: a 2-of-3 group (min 3 counts the owner) is
// registered; a transfer from the group waits on both nodes until two members co-sign with
// `ddn multisig sign --send` (one against each node: co-signatures travel between the nodes);
// one co-signature is never enough; a stranger's or a forged co-signature is refused; funds move
// only with enough valid co-signatures.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ddn, tempDir, waitFor } from './lib/node.js';
import { fund, get, height, request, txStatus, waitConfirmed, waitHeight, freshAccount, amountFromDDN } from './lib/api.js';

const START_TIMEOUT = 90000;
const dirs = [];
function killLeftovers() {
  for (const dir of dirs) {
    const file = path.join(dir, 'localnet.json');
    if (!existsSync(file)) continue;
    for (const { pid } of JSON.parse(readFileSync(file, 'utf8')).nodes) {
      try {
        if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('ddnd')) process.kill(pid, 'SIGKILL');
      } catch { /* gone */ }
    }
  }
}
process.on('exit', killLeftovers);
after(killLeftovers);

/** Writes the passphrase verbatim to a file in `dir` (the CLI reads secrets only from files). */
function secretFile(dir, account, name) {
  const file = path.join(dir, `${name}.secret`);
  writeFileSync(file, account.secret, { mode: 0o600 });
  return file;
}

async function balance(node, address) {
  return BigInt((await get(node, `/api/accounts?address=${address}`)).account.balance);
}

async function waitState(node, id, state) {
  return waitFor(async () => {
    const s = await txStatus(node, id);
    return s.state === state ? s : false;
  }, { timeout: 15000, interval: 100, what: `${id} to be ${state} on ${node.name}` });
}

test('a 2-of-3 group co-signs across two nodes; too few or foreign co-signatures move nothing', { timeout: 240000 }, async () => {
  const dir = tempDir('ddn-multisig-');
  dirs.push(dir);
  const started = await ddn(['localnet', 'start', '--nodes', '2', '--dir', dir, '--block-interval', '1'],
    { timeout: START_TIMEOUT });
  assert.equal(started.code, 0, `ddn localnet start failed: ${started.stdout}${started.stderr}`);
  const { nethash, faucet } = started.json;
  const [n0, n1] = started.json.nodes.map((n, i) => ({ name: `node${i}`, url: n.api }));
  try {
    const owner = freshAccount('owner');
    const members = [freshAccount('m1'), freshAccount('m2'), freshAccount('m3')];
    const stranger = freshAccount('stranger');
    const recipient = freshAccount('recipient');
    const files = {
      owner: secretFile(dir, owner, 'owner'),
      members: members.map((m, i) => secretFile(dir, m, `member${i}`)),
      stranger: secretFile(dir, stranger, 'stranger'),
    };
    await fund(n0, nethash, faucet.secret, [owner.address], amountFromDDN('100'));

    const reg = await ddn(['tx', 'send', 'multisig', '--min', '3', '--lifetime', '1',
      ...members.flatMap((m) => ['--member', m.publicKey]), '--secret-file', files.owner,
      ...files.members.flatMap((f) => ['--cosigner-secret-file', f]), '--node', n0.url]);
    assert.equal(reg.code, 0, reg.stdout + reg.stderr);
    await waitConfirmed(n0, reg.json.transactionId);
    await waitConfirmed(n1, reg.json.transactionId);

    const pay = async (amount) => {
      const r = await ddn(['tx', 'send', 'transfer', '--to', recipient.address, '--amount', amount,
        '--secret-file', files.owner, '--node', n0.url]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return r.json.transactionId;
    };
    const sign = (id, file, node, extra = ['--send']) =>
      ddn(['multisig', 'sign', '--tx', id, '--secret-file', file, '--node', node.url, ...extra]);

    // The transfer waits on both nodes.
    const id = await pay('5');
    const waiting = await waitState(n0, id, 'waiting_signatures');
    assert.equal(waiting.signatures, 0);
    assert.ok(Number.isInteger(waiting.expiresAt), JSON.stringify(waiting));
    await waitState(n1, id, 'waiting_signatures');

    // Refusals: a stranger (through the CLI), a forged signature, no signature, a secret.
    const foreign = await sign(id, files.stranger, n0);
    assert.equal(foreign.code, 1, foreign.stdout + foreign.stderr);
    assert.equal(foreign.json.error.code, 'BAD_COSIGNATURE', foreign.stdout);
    const forged = await request(n0, '/api/multisignatures/sign', {
      method: 'POST', body: { transactionId: id, signature: 'ab'.repeat(64) } });
    assert.equal(forged.body.code, 'BAD_COSIGNATURE', forged.text);
    const missing = await request(n0, '/api/multisignatures/sign', { method: 'POST', body: { transactionId: id } });
    assert.equal(missing.body.code, 'INVALID_FIELD', missing.text);
    const secret = await request(n0, '/api/multisignatures/sign', {
      method: 'POST', body: { transactionId: id, secret: members[0].secret } });
    assert.equal(secret.body.success, false, secret.text);

    // The CLI shows what it signs and prints the co-signature; without --send nothing is sent.
    const dry = await sign(id, files.members[0], n1, []);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.equal(dry.json.transactionId, id);
    assert.equal(dry.json.publicKey, members[0].publicKey);
    assert.match(dry.json.signature, /^[0-9a-f]{128}$/);
    assert.equal(dry.json.transaction.recipientId, recipient.address);
    assert.equal(dry.json.transaction.amount, amountFromDDN('5'));
    assert.equal(dry.json.transaction.amountDDN, '5');
    assert.equal(dry.json.transaction.feeDDN, '0.1');
    assert.equal((await txStatus(n1, id)).signatures, 0);

    // One member against node 1: the co-signature reaches node 0 too, but one is not enough.
    const first = await sign(id, files.members[0], n1);
    assert.equal(first.code, 0, first.stdout + first.stderr);
    assert.equal(first.json.sent, true);
    await waitFor(async () => (await txStatus(n0, id)).signatures === 1,
      { timeout: 10000, what: 'node 1 co-signature to reach node 0' });
    const again = await sign(id, files.members[0], n0);
    assert.equal(again.code, 1, again.stdout);
    const h = await height(n0);
    await waitHeight(n0, h + 2);
    assert.equal((await txStatus(n0, id)).state, 'waiting_signatures');
    assert.equal(await balance(n0, recipient.address), 0n);

    // A second member against node 0: confirmed on both nodes.
    const second = await sign(id, files.members[2], n0);
    assert.equal(second.code, 0, second.stdout + second.stderr);
    await waitConfirmed(n0, id);
    await waitConfirmed(n1, id);
    const five = BigInt(amountFromDDN('5'));
    assert.equal(await balance(n0, recipient.address), five);
    await waitFor(async () => (await balance(n1, recipient.address)) === five,
      { timeout: 10000, what: 'node 1 to show the transfer' });

    // Another transfer gets a single co-signature, made offline from a file and posted by hand:
    // it stays waiting and its funds never move.
    const lone = await pay('7');
    await waitState(n1, lone, 'waiting_signatures');
    const pending = await get(n1, `/api/transactions/unconfirmed/get?id=${lone}`);
    const txFile = path.join(dir, 'lone.json');
    writeFileSync(txFile, JSON.stringify(pending));
    const offline = await ddn(['multisig', 'sign', '--tx-file', txFile, '--secret-file', files.members[1]]);
    assert.equal(offline.code, 0, offline.stdout + offline.stderr);
    assert.equal(offline.json.transactionId, lone);
    const posted = await request(n1, '/api/multisignatures/sign', {
      method: 'POST', body: { transactionId: lone, signature: offline.json.signature } });
    assert.equal(posted.body.success, true, posted.text);
    const h2 = await height(n0);
    await waitHeight(n0, h2 + 3);
    for (const node of [n0, n1]) {
      const s = await txStatus(node, lone);
      assert.equal(s.state, 'waiting_signatures', JSON.stringify(s));
      assert.equal(s.signatures, 1);
      assert.equal(await balance(node, recipient.address), five);
    }

    // Co-signatures collected off the network travel inside the transaction: posting a copy of a
    // waiting transaction that carries them merges them, and the merged copy reaches the peer.
    const carried = await pay('2');
    await waitState(n1, carried, 'waiting_signatures');
    const carriedFile = path.join(dir, 'carried.json');
    writeFileSync(carriedFile, JSON.stringify(await get(n0, `/api/transactions/unconfirmed/get?id=${carried}`)));
    const sigs = [];
    for (const f of [files.members[0], files.members[1]]) {
      const r = await ddn(['multisig', 'sign', '--tx-file', carriedFile, '--secret-file', f]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      sigs.push(r.json.signature);
    }
    const copy = JSON.parse(readFileSync(carriedFile, 'utf8')).transaction;
    delete copy.senderId;
    delete copy.format;
    copy.signatures = sigs.sort();
    const merged = await request(n1, '/api/transactions', { method: 'POST', body: { transaction: copy } });
    assert.equal(merged.body.success, true, merged.text);
    const again2 = await request(n1, '/api/transactions', { method: 'POST', body: { transaction: copy } });
    assert.equal(again2.body.code, 'DUPLICATE', again2.text);
    await waitConfirmed(n0, carried);
    await waitConfirmed(n1, carried);
    assert.equal(await balance(n0, recipient.address), five + BigInt(amountFromDDN('2')));
  } finally {
    const stopped = await ddn(['localnet', 'stop', '--dir', dir], { timeout: 30000 });
    assert.equal(stopped.code, 0, stopped.stdout + stopped.stderr);
  }
});
