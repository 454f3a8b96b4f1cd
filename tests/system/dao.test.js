// DAO (types 40–43) on one real devnet (ddnd --dev, 1 s blocks), driven through
// `ddn tx send dao-…` and /api/dao/…: register and update an organisation, contribute from a
// second account, confirm (paying the contributor), exchange the organisation to a third account
// in two steps; every refusal (duplicate, not the owner, twice, beyond the balance, missing or
// overlong fields) answers with a clear error and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DdnNode, ddn, crashLines, nowEpoch } from './lib/node.js';
import {
  get, height, waitHeight, submit, waitConfirmed, freshAccount, fund, createTransaction,
} from './lib/api.js';

const node = new DdnNode({ name: 'dao', blockInterval: 1 });
const DDN = 100_000_000n;
let net;
let dir;

const nodeArgs = () => ['--node', node.url];
const balanceOf = async (address) =>
  BigInt((await get(node, `/api/accounts/getBalance?address=${address}`)).balance);

function account(label) {
  const a = freshAccount(label);
  a.secretFile = path.join(dir, `${label}.secret`);
  writeFileSync(a.secretFile, a.secret);
  return a;
}

// Sends `ddn tx send <args>` as `who`; returns the node's answer.
async function send(who, args) {
  const r = await ddn(['tx', 'send', ...args, '--secret-file', who.secretFile, ...nodeArgs()]);
  return { ...r.json, exitCode: r.code, output: r.stdout + r.stderr };
}

async function sendOk(who, args) {
  const r = await send(who, args);
  assert.equal(r.exitCode, 0, r.output);
  assert.equal(r.success, true, r.output);
  await waitConfirmed(node, r.transactionId);
  return r.transactionId;
}

// The state that refusals must leave alone: the balances of the accounts and every DAO listing.
async function snapshot(accounts) {
  const balances = [];
  for (const a of accounts) balances.push(await balanceOf(a.address));
  return {
    balances,
    orgs: (await get(node, '/api/dao/orgs')).result,
    exchanges: (await get(node, '/api/dao/exchanges')).result,
    contributions: (await get(node, '/api/dao/contributions')).result,
    confirmations: (await get(node, '/api/dao/confirmations')).result,
  };
}

async function expectRefused(who, args, code, pattern, accounts) {
  const before = await snapshot(accounts);
  const r = await send(who, args);
  assert.equal(r.exitCode, 1, r.output);
  assert.equal(r.success, false, r.output);
  assert.equal(r.code, code, r.output);
  assert.match(r.error, pattern);
  await waitHeight(node, (await height(node)) + 2);
  assert.deepEqual(await snapshot(accounts), before, 'a refusal changes nothing');
}

before(async () => {
  await node.start();
  net = node.devnet();
  dir = path.join(node.root, 'dao-files');
  mkdirSync(dir);
});

after(async () => {
  node.forceKill();
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log has error lines:\n${bad.join('\n')}`);
});

test('dao: register, update, contribute, confirm, exchange; every refusal is clear and changes nothing', async () => {
  const owner = account('owner');
  const contributor = account('contributor');
  const buyer = account('buyer');
  const all = [owner, contributor, buyer];
  await fund(node, net.nethash, net.faucet.secret, all.map((a) => a.address), String(200n * DDN));
  const orgId = 'ddn_system_dao';

  // Register (fee 10 DDN for an id longer than 10 characters).
  const reg = await sendOk(owner, ['dao-org', '--org-id', orgId, '--name', 'System DAO', '--tags',
    'chain,dao', '--url', 'https://example.org/dao']);
  assert.equal(await balanceOf(owner.address), 190n * DDN);
  let org = (await get(node, `/api/dao/orgs/${orgId}`)).result;
  assert.equal(org.transactionId, reg);
  assert.equal(org.address, owner.address);
  assert.equal(org.name, 'System DAO');
  assert.equal(org.tags, 'chain,dao');
  assert.equal(org.url, 'https://example.org/dao');
  const tx = (await get(node, `/api/transactions/get?id=${reg}`)).transaction;
  assert.equal(tx.type, 40);
  assert.deepEqual(tx.asset, {
    daoOrg: { org_id: orgId, name: 'System DAO', tags: 'chain,dao', url: 'https://example.org/dao', state: 0 },
  });

  // Duplicates, updates by another account, bad fields.
  await expectRefused(buyer, ['dao-org', '--org-id', orgId, '--name', 'Other', '--tags', 'x'],
    'DUPLICATE', /already registered/, all);
  await expectRefused(buyer, ['dao-org', '--org-id', 'another_org_1', '--name', 'System DAO', '--tags', 'x'],
    'DUPLICATE', /name 'System DAO' is already taken/, all);
  await expectRefused(buyer, ['dao-org', '--update', '--org-id', orgId, '--name', 'Stolen', '--tags', 'x'],
    'STATE_RULE', /only the owner/, all);

  // Hand-built JSON with a missing or overlong field is refused by the node.
  const good = createTransaction({
    type: 40, nethash: net.nethash, timestamp: nowEpoch(),
    asset: { daoOrg: { org_id: 'another_org_2', name: 'Another', tags: 'x', state: 0 } },
  }, buyer.secret);
  const overlong = structuredClone(good);
  overlong.asset.daoOrg.name = 'n'.repeat(65);
  let r = await submit(node, overlong);
  assert.equal(r.success, false);
  assert.equal(r.code, 'INVALID_FIELD');
  assert.match(r.error, /asset\.daoOrg\.name/);
  const noTags = structuredClone(good);
  delete noTags.asset.daoOrg.tags;
  r = await submit(node, noTags);
  assert.equal(r.success, false);
  assert.equal(r.code, 'MISSING_FIELD');
  assert.match(r.error, /asset\.daoOrg\.tags/);
  assert.equal((await get(node, '/api/dao/orgs/another_org_2')).result, null);

  // Update by the owner: a tenth of the fee; the name moves.
  await sendOk(owner, ['dao-org', '--update', '--org-id', orgId, '--name', 'System DAO 2', '--tags',
    'chain,dao,governance']);
  assert.equal(await balanceOf(owner.address), 189n * DDN);
  org = (await get(node, '/api/dao/orgs/name/System%20DAO%202')).result;
  assert.equal(org.org_id, orgId);
  assert.equal(org.tags, 'chain,dao,governance');
  assert.equal(org.url, null);
  assert.equal((await get(node, '/api/dao/orgs/name/System%20DAO')).result, null);

  // Contributions: to an unknown org refused; then two real ones.
  await expectRefused(contributor, ['dao-contribution', '--org-id', 'no_such_org', '--title', 'Docs',
    '--url', 'https://example.org/pr/1', '--price', '5'], 'NOT_FOUND', /not registered/, all);
  await expectRefused(owner, ['dao-contribution', '--org-id', orgId, '--title', 'Mine',
    '--url', 'https://example.org/pr/0', '--price', '1'], 'STATE_RULE', /cannot contribute/, all);
  const docs = await sendOk(contributor, ['dao-contribution', '--org-id', orgId, '--title', 'Docs',
    '--url', 'https://example.org/pr/1', '--price', '5']);
  const dear = await sendOk(contributor, ['dao-contribution', '--org-id', orgId, '--title', 'Everything',
    '--url', 'https://example.org/pr/2', '--price', '1000']);
  assert.equal(await balanceOf(contributor.address), 198n * DDN);

  // Confirmations: not the owner; beyond the owner's balance; then accepted, then not twice.
  await expectRefused(buyer, ['dao-confirmation', '--contribution', docs, '--to', contributor.address,
    '--price', '5'], 'STATE_RULE', /only the owner/, all);
  await expectRefused(owner, ['dao-confirmation', '--contribution', dear, '--to', contributor.address,
    '--price', '1000'], 'INSUFFICIENT_BALANCE', /insufficient balance/, all);
  await expectRefused(owner, ['dao-confirmation', '--contribution', docs, '--to', contributor.address,
    '--price', '4'], 'STATE_RULE', /price/, all);
  const confirmation = await sendOk(owner, ['dao-confirmation', '--contribution', docs, '--to',
    contributor.address, '--price', '5', '--url', 'https://example.org/merged/1']);
  assert.equal(await balanceOf(owner.address), 183n * DDN);
  assert.equal(await balanceOf(contributor.address), 203n * DDN);
  await expectRefused(owner, ['dao-confirmation', '--contribution', docs, '--to', contributor.address,
    '--price', '5'], 'STATE_RULE', /already accepted/, all);
  // Rejecting is free and pays nothing.
  await sendOk(owner, ['dao-confirmation', '--contribution', dear, '--to', contributor.address, '--reject']);
  assert.equal(await balanceOf(owner.address), 183n * DDN);

  const contributions = (await get(node, `/api/dao/contributions/${orgId}/all`)).result;
  assert.equal(contributions.total, 2);
  const docsRow = contributions.rows.find((c) => c.transactionId === docs);
  assert.equal(docsRow.state, 'accepted');
  assert.equal(docsRow.confirmationId, confirmation);
  assert.equal(docsRow.price, String(5n * DDN));
  assert.equal(docsRow.sender_address, contributor.address);
  assert.equal(contributions.rows.find((c) => c.transactionId === dear).state, 'rejected');
  assert.equal((await get(node, '/api/dao/contributions?state=pending')).result.total, 0);
  assert.deepEqual((await get(node, `/api/dao/contributions/transaction/${docs}`)).result, docsRow);
  const confirmations = (await get(node, `/api/dao/confirmations/${orgId}/all`)).result;
  assert.equal(confirmations.total, 2);
  const accepted = confirmations.rows.find((c) => c.transactionId === confirmation);
  assert.equal(accepted.contribution_trs_id, docs);
  assert.equal(accepted.state, 1);
  assert.equal(accepted.amount, String(5n * DDN));
  assert.equal(accepted.url, 'https://example.org/merged/1');

  // Exchange: only the owner offers; only the buyer accepts, at the price; then ownership moves.
  await expectRefused(contributor, ['dao-exchange', '--org-id', orgId, '--to', buyer.address, '--price',
    '20'], 'STATE_RULE', /only the owner/, all);
  const offer = await sendOk(owner, ['dao-exchange', '--org-id', orgId, '--to', buyer.address, '--price', '20']);
  await expectRefused(contributor, ['dao-exchange', '--org-id', orgId, '--to', owner.address, '--price',
    '20', '--accept', offer], 'STATE_RULE', /was made to/, all);
  await expectRefused(buyer, ['dao-exchange', '--org-id', orgId, '--to', owner.address, '--price', '1',
    '--accept', offer], 'STATE_RULE', /price/, all);
  const rival = await sendOk(owner, ['dao-exchange', '--org-id', orgId, '--to', contributor.address,
    '--price', '1']);
  const ownerBefore = await balanceOf(owner.address);
  const acceptance = await sendOk(buyer, ['dao-exchange', '--org-id', orgId, '--to', owner.address,
    '--price', '20', '--accept', offer]);
  assert.equal(await balanceOf(owner.address), ownerBefore + 20n * DDN);
  assert.equal(await balanceOf(buyer.address), 200n * DDN - 20n * DDN - DDN / 10n);
  org = (await get(node, `/api/dao/orgs/${orgId}`)).result;
  assert.equal(org.address, buyer.address);
  assert.equal(org.lastTransactionId, acceptance);
  assert.equal(org.transactionId, reg);
  assert.equal((await get(node, `/api/dao/orgs/address/${buyer.address}`)).result.total, 1);
  assert.equal((await get(node, `/api/dao/orgs/address/${owner.address}`)).result.total, 0);
  const exchanges = (await get(node, `/api/dao/exchanges/${orgId}/all`)).result;
  assert.equal(exchanges.total, 2);
  const sale = exchanges.rows.find((e) => e.transactionId === offer);
  assert.equal(sale.state, 'accepted');
  assert.equal(sale.acceptTransactionId, acceptance);
  assert.equal(sale.sender_address, owner.address);
  assert.equal(sale.received_address, buyer.address);
  assert.equal(exchanges.rows.find((e) => e.transactionId === rival).state, 'offered');
  await expectRefused(buyer, ['dao-exchange', '--org-id', orgId, '--to', owner.address, '--price', '20',
    '--accept', offer], 'STATE_RULE', /already accepted/, all);

  // The rival offer went stale when the organisation changed hands.
  await expectRefused(contributor, ['dao-exchange', '--org-id', orgId, '--to', owner.address, '--price', '1',
    '--accept', rival], 'STATE_RULE', /stale/, all);

  // The former owner can no longer update it; the new one can.
  await expectRefused(owner, ['dao-org', '--update', '--org-id', orgId, '--name', 'Back', '--tags', 'x'],
    'STATE_RULE', /only the owner/, all);
  await sendOk(buyer, ['dao-org', '--update', '--org-id', orgId, '--name', 'Bought DAO', '--tags', 'x']);
  assert.equal((await get(node, `/api/dao/orgs/${orgId}`)).result.name, 'Bought DAO');
  assert.equal((await get(node, '/api/dao/orgs')).result.total, 1);
});
