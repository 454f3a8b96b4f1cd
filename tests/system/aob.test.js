// AOB user-issued assets (types 60–65) on one real devnet (ddnd --dev, 1 s blocks), driven
// through `ddn tx send aob-…` and the /api/aob/… routes: register an issuer and an asset, issue,
// transfer to a second account, read every query route; then the refusals (wrong issuer,
// beyond the maximum supply, beyond the asset balance, a duplicate asset), each with a clear
// error and no change to any balance or record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { DdnNode, ddn, crashLines } from './lib/node.js';
import { get, height, waitHeight, waitConfirmed, freshAccount, fund } from './lib/api.js';

const node = new DdnNode({ name: 'aob', blockInterval: 1 });
let net;
let dir;

const nodeArgs = () => ['--node', node.url];
const ddnBalance = async (address) => (await get(node, `/api/accounts/getBalance?address=${address}`)).balance;

before(async () => {
  await node.start();
  net = node.devnet();
  dir = path.join(node.root, 'files');
  mkdirSync(dir);
});

after(async () => {
  node.forceKill();
  const bad = crashLines(node.log());
  assert.deepEqual(bad, [], `node log has error lines:\n${bad.join('\n')}`);
});

function secretFile(account, name) {
  const f = path.join(dir, name);
  writeFileSync(f, account.secret);
  return f;
}

// `ddn tx send <type> …`; returns the node's answer (and the exit code).
async function send(type, args, secret) {
  const r = await ddn(['tx', 'send', type, ...args, '--secret-file', secret, ...nodeArgs()]);
  assert.ok(r.json, `no JSON from ddn: ${r.stdout}${r.stderr}`);
  return { ...r.json, exit: r.code };
}

async function sendConfirmed(type, args, secret) {
  const r = await send(type, args, secret);
  assert.equal(r.exit, 0, JSON.stringify(r));
  assert.equal(r.success, true, JSON.stringify(r));
  return { ...(await waitConfirmed(node, r.transactionId)), id: r.transactionId };
}

test('aob: issuer, asset, issue, transfer, queries and refusals', async () => {
  const issuer = freshAccount('aob-issuer');
  const holder = freshAccount('aob-holder');
  // 2000 DDN: the refused duplicate asset must be affordable, or it fails on the DDN balance first.
  await fund(node, net.nethash, net.faucet.secret, [issuer.address], 200_000_000_000);
  await fund(node, net.nethash, net.faucet.secret, [holder.address], 100_000_000); // 1 DDN
  const issuerSecret = secretFile(issuer, 'issuer.secret');
  const holderSecret = secretFile(holder, 'holder.secret');

  // Register the issuer and the asset; issue; transfer.
  await sendConfirmed('aob-issuer', ['--name', 'Acme', '--desc', 'Acme Corp. — été'], issuerSecret);
  const assetTx = await sendConfirmed('aob-asset', ['--name', 'Acme.GOLD', '--desc', 'gold units',
    '--maximum', '1000000', '--precision', '2', '--allow-writeoff', '--allow-blacklist'], issuerSecret);
  await sendConfirmed('aob-issue', ['--currency', 'Acme.GOLD', '--amount', '600000'], issuerSecret);
  const transferTx = await sendConfirmed('aob-transfer', ['--currency', 'Acme.GOLD', '--amount', '250',
    '--to', holder.address, '--content', 'welcome'], issuerSecret);
  // 2000 DDN − 100 (issuer) − 500 (asset) − 0.1 (issue); the asset transfer is free.
  assert.equal(await ddnBalance(issuer.address), String(200_000_000_000 - 10_000_000_000 - 50_000_000_000 - 10_000_000));

  // Query routes.
  const issuerRecord = (await get(node, '/api/aob/issuers/Acme')).result;
  assert.equal(issuerRecord.name, 'Acme');
  assert.equal(issuerRecord.desc, 'Acme Corp. — été');
  assert.equal(issuerRecord.issuer_id, issuer.address);
  assert.deepEqual((await get(node, `/api/aob/issuers/${issuer.address}`)).result, issuerRecord);
  assert.deepEqual((await get(node, '/api/aob/issuers')).result, { rows: [issuerRecord], total: 1 });
  assert.equal((await get(node, '/api/aob/issuers/Nobody')).result, null);

  const asset = (await get(node, '/api/aob/assets/Acme.GOLD')).result;
  assert.equal(asset.name, 'Acme.GOLD');
  assert.equal(asset.issuer_name, 'Acme');
  assert.equal(asset.issuer_id, issuer.address);
  assert.equal(asset.maximum, '1000000');
  assert.equal(asset.quantity, '600000');
  assert.equal(asset.precision, 2);
  assert.equal(asset.allow_writeoff, '1');
  assert.equal(asset.allow_whitelist, '0');
  assert.equal(asset.allow_blacklist, '1');
  assert.equal(asset.acl, 0);
  assert.equal(asset.writeoff, 0);
  assert.equal(asset.height, assetTx.height);
  assert.deepEqual((await get(node, '/api/aob/assets')).result, { rows: [asset], total: 1 });
  assert.deepEqual((await get(node, '/api/aob/assets/issuers/Acme/assets')).result, { rows: [asset], total: 1 });

  const balances = async () => ({
    issuer: (await get(node, `/api/aob/assets/balances/${issuer.address}/Acme.GOLD`)).result.balance,
    holder: (await get(node, `/api/aob/assets/balances/${holder.address}/Acme.GOLD`)).result.balance,
    quantity: (await get(node, '/api/aob/assets/Acme.GOLD')).result.quantity,
    issuerDdn: await ddnBalance(issuer.address),
    holderDdn: await ddnBalance(holder.address),
  });
  assert.deepEqual((await get(node, `/api/aob/assets/balances/${holder.address}`)).result, {
    rows: [{ address: holder.address, currency: 'Acme.GOLD', balance: '250' }], total: 1,
  });
  const before = await balances();
  assert.equal(before.issuer, '599750');
  assert.equal(before.holder, '250');

  const transfers = (await get(node, `/api/aob/transfers/my/${holder.address}`)).result;
  assert.equal(transfers.total, 1);
  assert.deepEqual(transfers.rows[0], {
    transactionId: transferTx.id, height: transferTx.height,
    senderId: issuer.address, recipientId: holder.address, currency: 'Acme.GOLD', amount: '250',
    content: 'welcome',
  });
  assert.deepEqual((await get(node, `/api/aob/transfers/my/${holder.address}/Acme.GOLD`)).result, transfers);
  assert.deepEqual((await get(node, '/api/aob/transfers/Acme.GOLD')).result, transfers);
  const onChain = (await get(node, `/api/transactions/get?id=${transfers.rows[0].transactionId}`)).transaction;
  assert.equal(onChain.type, 65);
  assert.equal(onChain.recipientId, holder.address);
  assert.deepEqual(onChain.asset, { aobTransfer: { currency: 'Acme.GOLD', amount: '250', content: 'welcome' } });

  // Refusals: each with a clear error, nothing changes.
  const wrongIssuer = await send('aob-issue', ['--currency', 'Acme.GOLD', '--amount', '1'], holderSecret);
  assert.equal(wrongIssuer.exit, 1);
  assert.equal(wrongIssuer.code, 'STATE_RULE', JSON.stringify(wrongIssuer));
  assert.match(wrongIssuer.error, /wrong issuer/);

  const beyondSupply = await send('aob-issue', ['--currency', 'Acme.GOLD', '--amount', '400001'], issuerSecret);
  assert.equal(beyondSupply.code, 'STATE_RULE', JSON.stringify(beyondSupply));
  assert.match(beyondSupply.error, /exceed the maximum supply/);

  const beyondBalance = await send('aob-transfer', ['--currency', 'Acme.GOLD', '--amount', '251',
    '--to', issuer.address], holderSecret);
  assert.equal(beyondBalance.code, 'INSUFFICIENT_BALANCE', JSON.stringify(beyondBalance));
  assert.match(beyondBalance.error, /insufficient Acme\.GOLD balance: 250 < 251/);

  const duplicate = await send('aob-asset', ['--name', 'Acme.GOLD', '--desc', 'again', '--maximum', '5',
    '--precision', '0'], issuerSecret);
  assert.equal(duplicate.code, 'STATE_RULE', JSON.stringify(duplicate));
  assert.match(duplicate.error, /already registered/);

  const unknown = await send('aob-transfer', ['--currency', 'Acme.NONE', '--amount', '1', '--to',
    issuer.address], holderSecret);
  assert.equal(unknown.code, 'NOT_FOUND', JSON.stringify(unknown));

  await waitHeight(node, (await height(node)) + 2);
  assert.deepEqual(await balances(), before);
  assert.equal((await get(node, '/api/aob/assets')).result.total, 1);
  assert.equal((await get(node, '/api/aob/transfers/Acme.GOLD')).result.total, 1);

  // Back to the issuer: the holder spends what it holds (needs no DDN for the fee).
  await sendConfirmed('aob-transfer', ['--currency', 'Acme.GOLD', '--amount', '250', '--to', issuer.address],
    holderSecret);
  const after = await balances();
  assert.equal(after.holder, '0');
  assert.equal(after.issuer, '600000');
  assert.equal(after.holderDdn, before.holderDdn);
  assert.deepEqual((await get(node, `/api/aob/assets/balances/${holder.address}`)).result, { rows: [], total: 0 });

  // ACL: black-listing the holder; the issuer can then no longer send it units.
  assert.deepEqual((await get(node, '/api/aob/assets/Acme.GOLD/acl/0')).result, { rows: [], total: 0 });
  const byHolder = await send('aob-acl', ['--currency', 'Acme.GOLD', '--list', 'black', '--operator', 'add',
    '--address', issuer.address], holderSecret);
  assert.equal(byHolder.code, 'STATE_RULE', JSON.stringify(byHolder));
  assert.match(byHolder.error, /wrong issuer/);
  const self = await send('aob-acl', ['--currency', 'Acme.GOLD', '--list', 'black', '--operator', 'add',
    '--address', issuer.address], issuerSecret);
  // Refused by the CLI before sending (the node's stateless check is the same).
  assert.equal(self.exit, 2, JSON.stringify(self));
  assert.equal(self.error.code, 'INVALID_FIELD');
  assert.match(self.error.message, /must not hold the issuer/);
  await sendConfirmed('aob-acl', ['--currency', 'Acme.GOLD', '--list', 'black', '--operator', 'add',
    '--address', holder.address], issuerSecret);
  assert.deepEqual((await get(node, '/api/aob/assets/Acme.GOLD/acl/0')).result,
    { rows: [{ address: holder.address }], total: 1 });
  const blocked = await send('aob-transfer', ['--currency', 'Acme.GOLD', '--amount', '1', '--to', holder.address],
    issuerSecret);
  assert.equal(blocked.code, 'STATE_RULE', JSON.stringify(blocked));
  assert.match(blocked.error, /recipient is on the black list of Acme\.GOLD/);
  const whiteList = await send('aob-flags', ['--currency', 'Acme.GOLD', '--type', 'acl', '--flag', '1'],
    issuerSecret);
  assert.equal(whiteList.code, 'STATE_RULE', 'the asset does not allow a white list');
  assert.match(whiteList.error, /does not allow a white list/);
});
