// The vault end to end: the built extension in Chromium, driven through
// accessible names as a user would (docs/CONTRACTS.md).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, base64Forms } from '../support/keys.mjs';

const PASSWORD = 'relay baton 2026 production';
const KEY = openaiProjectKey(7);
const HINT = `sk-...${KEY.slice(-4)}`;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(b, page) {
  const tab = await b.context.newPage();
  await tab.goto(b.url(page));
  return tab;
}

async function storageDump(b) {
  return b.worker().evaluate(async () =>
    JSON.stringify({
      local: await chrome.storage.local.get(null),
      session: await chrome.storage.session.get(null),
      sync: await chrome.storage.sync.get(null),
    }),
  );
}

async function addKey(page, { value, label, environment = 'Production' }) {
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Key', { exact: true }).fill(value);
  await page.getByLabel('Label').fill(label);
  await page.getByLabel('Environment').selectOption({ label: environment });
  await page.getByRole('button', { name: 'Save key' }).click();
}

function keysTable(page) {
  return page.getByRole('table', { name: 'API keys' });
}

async function until(condition, what, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function unlock(page, password) {
  await page.getByLabel('Master password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

test('the popup creates the vault', async () => {
  const popup = await open(browser, 'popup/popup.html');
  await popup.getByRole('heading', { name: 'Create your vault' }).waitFor();
  await popup.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Confirm master password').fill('something else entirely');
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByRole('alert').filter({ hasText: 'different' }).waitFor();
  await popup.getByLabel('Confirm master password').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create vault' }).click();
  await popup.getByRole('button', { name: 'Open manager' }).waitFor();
  await popup.getByRole('button', { name: 'Lock' }).waitFor();
  await popup.close();
});

test('a pasted key is recognised and listed by its hint', async () => {
  const page = await open(browser, 'manager/manager.html');
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Key', { exact: true }).fill(KEY);
  // The provider shows as soon as the key is pasted, before saving.
  await page.getByRole('status').filter({ hasText: 'OpenAI project key' }).waitFor();
  await page.getByLabel('Label').fill('Avatar pipeline — production');
  await page.getByRole('button', { name: 'Save key' }).click();
  const row = keysTable(page).getByRole('row').filter({ hasText: 'Avatar pipeline — production' });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /OpenAI/);
  assert.match(text, /Production/);
  assert.ok(text.includes(HINT), `row shows the hint ${HINT}: ${text}`);
  assert.ok(!(await page.content()).includes(KEY.slice(8, 40)), 'the page never holds the key');
  const lines = (await page.locator('main').innerText()).split('\n').map((l) => l.trim());
  assert.ok(!lines.some((l) => /^(null|undefined)$/.test(l)), 'no stray "null" on the page');
  await page.close();
});

test('browser storage holds neither the key nor any base64 of it', async () => {
  const dump = await storageDump(browser);
  assert.ok(dump.includes('vault.pointer'), 'the vault is in chrome.storage.local');
  assert.ok(!dump.includes(KEY.slice(8, 40)), 'plaintext key in storage');
  for (const form of base64Forms(KEY)) assert.ok(!dump.includes(form), 'base64 of the key in storage');
  assert.ok(!dump.includes(PASSWORD), 'the password in storage');
});

test('lock, a wrong password, unlock', async () => {
  const page = await open(browser, 'manager/manager.html');
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, 'not the password at all');
  const alert = page.getByRole('alert').filter({ hasText: 'Wrong master password' });
  await alert.waitFor();
  assert.equal(await keysTable(page).count(), 0, 'no keys while locked');
  await unlock(page, PASSWORD);
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.close();
});

test('a stopped service worker comes back still unlocked', async () => {
  const page = await open(browser, 'manager/manager.html');
  await keysTable(page).waitFor();
  const cdp = await browser.context.newCDPSession(page);
  const status = new Map();
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) if (v.scriptURL.startsWith(browser.url(''))) status.set(v.versionId, v.runningStatus);
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await until(() => status.size > 0 && [...status.values()].every((s) => s === 'stopped'), 'the worker stops');
  await page.reload();
  await until(() => [...status.values()].includes('running'), 'the worker starts again');
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Unlock' }).count(), 0);
  await page.close();
});

test('edit a key, and delete one after confirming', async () => {
  const page = await open(browser, 'manager/manager.html');
  await addKey(page, { value: openaiProjectKey(8), label: 'Scratch key', environment: 'Development' });
  const scratch = keysTable(page).getByRole('row').filter({ hasText: 'Scratch key' });
  await scratch.waitFor();
  await page.getByRole('button', { name: 'Edit Scratch key' }).click();
  await page.getByLabel('Label', { exact: true }).fill('Experiments');
  await page.getByLabel('Environment', { exact: true }).selectOption({ label: 'Staging' });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const edited = keysTable(page).getByRole('row').filter({ hasText: 'Experiments' });
  await edited.waitFor();
  assert.match(await edited.innerText(), /Staging/);

  await page.getByRole('button', { name: 'Delete Experiments' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete Experiments' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await edited.waitFor();
  await page.getByRole('button', { name: 'Delete Experiments' }).click();
  await dialog.getByRole('button', { name: 'Delete key' }).click();
  await edited.waitFor({ state: 'detached' });
  assert.equal(await keysTable(page).getByRole('row').filter({ hasText: HINT }).count(), 1, 'the other key stays');
  await page.close();
});

test('a write the browser refuses (a full disk) is reported and loses nothing', async () => {
  const page = await open(browser, 'manager/manager.html');
  await keysTable(page).waitFor();
  // With unlimitedStorage there is no quota to fill: the browser's refusal
  // is what a full disk gives, so the worker's storage refuses every write.
  await browser.worker().evaluate(() => {
    self.realSet = chrome.storage.local.set;
    chrome.storage.local.set = () => Promise.reject(new Error('QUOTA_BYTES quota exceeded'));
  });
  await addKey(page, { value: openaiProjectKey(9), label: 'Does not fit' });
  await page.getByRole('alert').filter({ hasText: 'storage for Baton is full' }).waitFor();
  await browser.worker().evaluate(() => {
    chrome.storage.local.set = self.realSet;
  });
  await page.reload();
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  assert.equal(await keysTable(page).getByRole('row').filter({ hasText: 'Does not fit' }).count(), 0);
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, PASSWORD);
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.close();
});

test('auto-lock follows the setting and locks when its alarm fires', async () => {
  const page = await open(browser, 'manager/manager.html');
  await page.getByLabel('Auto-lock after (minutes)').fill('5');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  const alarm = await browser.worker().evaluate(() => chrome.alarms.get('baton.autolock'));
  const minutesLeft = (alarm.scheduledTime - Date.now()) / 60_000;
  assert.ok(minutesLeft > 4 && minutesLeft <= 5, `auto-lock due in ${minutesLeft} minutes`);
  // Bring the alarm forward, as if five idle minutes had passed.
  await browser.worker().evaluate(() => chrome.alarms.create('baton.autolock', { when: Date.now() + 100 }));
  await until(
    async () =>
      (await browser
        .worker()
        .evaluate(() => chrome.storage.session.get(null))
        .then((s) => Object.keys(s).length)) === 0,
    'the vault key leaves session storage',
  );
  await page.reload();
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  await unlock(page, PASSWORD);
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.getByLabel('Auto-lock after (minutes)').fill('15');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await page.close();
});

test('changing the master password', async () => {
  const page = await open(browser, 'manager/manager.html');
  const change = async (current, next) => {
    await page.getByLabel('Current master password').fill(current);
    await page.getByLabel('New master password', { exact: true }).fill(next);
    await page.getByLabel('Confirm new master password').fill(next);
    await page.getByRole('button', { name: 'Change master password' }).click();
  };
  await change('not the current one', 'an entirely new password');
  await page.getByRole('alert').filter({ hasText: 'Wrong master password' }).waitFor();
  const stored = () => browser.worker().evaluate(() => chrome.storage.local.get(null));
  const before = await stored();
  await change(PASSWORD, 'an entirely new password');
  const changed = page.getByRole('status').filter({ hasText: 'Master password changed' });
  await changed.waitFor();
  // Both generations rewritten, and no record sealed before the change is
  // left: nothing stored opens with the old password or the old key.
  const after = await stored();
  for (const slot of ['vault.a', 'vault.b']) assert.notEqual(after[slot], before[slot], `${slot} rewritten`);
  const records = (items) => Object.keys(items).filter((name) => name.startsWith('vault.r.'));
  assert.ok(records(after).length > 0);
  assert.deepEqual(
    records(after).filter((name) => records(before).includes(name)),
    [],
    'every record sealed anew',
  );
  await changed.filter({ hasText: 'Backups you exported before still open with the old password' }).waitFor();
  // The fresh export it offers.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    changed.getByRole('button', { name: 'Export a new backup' }).click(),
  ]);
  const backup = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(backup.format, 'baton-backup');
  await changed.filter({ hasText: 'encrypted with your new password' }).waitFor();
  await page.getByRole('button', { name: 'Lock' }).click();
  await unlock(page, PASSWORD);
  await page.getByRole('alert').filter({ hasText: 'Wrong master password' }).waitFor();
  await unlock(page, 'an entirely new password');
  await keysTable(page).waitFor();
  await change('an entirely new password', PASSWORD);
  await page.getByRole('status').filter({ hasText: 'Master password changed' }).waitFor();
  await page.close();
});

test('a damaged last save opens the one before it, and says so', async () => {
  const page = await open(browser, 'manager/manager.html');
  // A save under the same password, so the generation before the damaged one
  // opens with it too.
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  await browser.worker().evaluate(async () => {
    const { 'vault.pointer': pointer } = await chrome.storage.local.get('vault.pointer');
    const slot = ['vault.a', 'vault.b'][JSON.parse(pointer).slot];
    const stored = (await chrome.storage.local.get(slot))[slot];
    const flipped = stored.slice(0, -8) + (stored.at(-8) === 'A' ? 'B' : 'A') + stored.slice(-7);
    await chrome.storage.local.set({ [slot]: flipped });
  });
  await unlock(page, PASSWORD);
  await page.getByRole('status').filter({ hasText: 'The last save of your vault was damaged' }).waitFor();
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.close();
});

test("a damaged record of the last save (its tag fails in the browser's AES-GCM) opens the one before it", async () => {
  const page = await open(browser, 'manager/manager.html');
  const worker = browser.worker();
  const records = () =>
    worker.evaluate(async () => (await chrome.storage.local.getKeys()).filter((k) => k.startsWith('vault.r.')));
  const before = new Set(await records());
  await page.getByLabel('Auto-lock after (minutes)').fill('16');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
  const written = (await records()).filter((name) => !before.has(name));
  assert.ok(written.length > 0, 'the save wrote a record');
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  await worker.evaluate(async (names) => {
    for (const name of names) {
      const stored = (await chrome.storage.local.get(name))[name];
      const flipped = stored.slice(0, -8) + (stored.at(-8) === 'A' ? 'B' : 'A') + stored.slice(-7);
      await chrome.storage.local.set({ [name]: flipped });
    }
  }, written);
  await unlock(page, PASSWORD);
  await page.getByRole('status').filter({ hasText: 'The last save of your vault was damaged' }).waitFor();
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.close();
});

test('a backup restores the keys in a fresh profile, and a wrong backup is refused', async () => {
  const page = await open(browser, 'manager/manager.html');
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export backup' }).click();
  const download = await downloading;
  assert.match(download.suggestedFilename(), /^baton-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const backupPath = await download.path();
  const backup = await readFile(backupPath, 'utf8');
  assert.ok(!backup.includes(KEY.slice(8, 40)), 'the backup is encrypted');
  await page.close();

  const fresh = await launch({ port: server.port });
  try {
    const other = await open(fresh, 'manager/manager.html');
    await other.getByLabel('Master password', { exact: true }).fill('a different vault password');
    await other.getByLabel('Confirm master password').fill('a different vault password');
    await other.getByRole('button', { name: 'Create vault' }).click();
    await addKey(other, { value: openaiProjectKey(10), label: 'Already here' });
    await keysTable(other).getByRole('row').filter({ hasText: 'Already here' }).waitFor();

    await other.getByLabel('Backup file').setInputFiles(backupPath);
    await other.getByLabel('Backup password').fill('a different vault password');
    await other.getByRole('button', { name: 'Import backup' }).click();
    await other.getByRole('alert').filter({ hasText: 'Wrong password for this backup' }).waitFor();

    await other
      .getByLabel('Backup file')
      .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    await other.getByLabel('Backup password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Import backup' }).click();
    await other.getByRole('alert').filter({ hasText: 'not a Baton backup' }).waitFor();

    const damaged =
      backup.replace(/("vault": "[A-Za-z0-9+/]{200})[A-Za-z0-9+/]/, (_, head) => `${head}A`) === backup
        ? backup.replace(/("vault": "[A-Za-z0-9+/]{200})[A-Za-z0-9+/]/, (_, head) => `${head}B`)
        : backup.replace(/("vault": "[A-Za-z0-9+/]{200})[A-Za-z0-9+/]/, (_, head) => `${head}A`);
    await other
      .getByLabel('Backup file')
      .setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: Buffer.from(damaged) });
    await other.getByRole('button', { name: 'Import backup' }).click();
    await other.getByRole('alert').filter({ hasText: 'damaged' }).waitFor();
    assert.equal(
      await keysTable(other).getByRole('row').filter({ hasText: 'Already here' }).count(),
      1,
      'refused imports lose nothing',
    );

    await other.getByLabel('Backup file').setInputFiles(backupPath);
    await other.getByLabel('Backup password').fill(PASSWORD);
    await other.getByRole('button', { name: 'Import backup' }).click();
    await other.getByRole('status').filter({ hasText: 'Imported 1 key' }).waitFor();
    await keysTable(other).getByRole('row').filter({ hasText: HINT }).waitFor();
    await keysTable(other).getByRole('row').filter({ hasText: 'Already here' }).waitFor();

    // A backup the first format wrote (core/tests/golden, made by the code of
    // that time), with its own password.
    await other.getByLabel('Backup file').setInputFiles(path.resolve('..', 'core/tests/golden/backup-v1.json'));
    await other.getByLabel('Backup password').fill('golden master password');
    await other.getByRole('button', { name: 'Import backup' }).click();
    await other.getByRole('status').filter({ hasText: 'Imported 2 keys' }).waitFor();
    await keysTable(other).getByRole('row').filter({ hasText: 'Avatar pipeline — staging' }).waitFor();
  } finally {
    await fresh.close();
  }
});

test('a crafted backup: the good entries come in, each bad one is refused by name, and the manager stays usable', async () => {
  // A real backup whose entries break the manager's rules
  // (core/examples/crafted_backup.rs wrote it).
  const page = await open(browser, 'manager/manager.html');
  await keysTable(page).waitFor();
  await page.getByLabel('Backup file').setInputFiles(path.resolve('fixtures/crafted-backup.json'));
  await page.getByLabel('Backup password').fill('crafted backup password');
  await page.getByRole('button', { name: 'Import backup' }).click();
  const report = page.getByRole('status').filter({ hasText: 'Imported 2 keys' });
  await report
    .filter({ hasText: '3 entries skipped: label too long (1), notes too long (1), not a key (1)' })
    .waitFor();
  await report.filter({ hasText: '1 date no key can have' }).waitFor();
  await keysTable(page).getByRole('row').filter({ hasText: 'Crafted but fine' }).waitFor();
  // The key whose date was set right shows, and both can be deleted.
  const future = keysTable(page).getByRole('row').filter({ hasText: 'From the far future' });
  await future.waitFor();
  assert.equal(await keysTable(page).getByRole('row').filter({ hasText: 'Markup as a key' }).count(), 0);
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.getByRole('button', { name: 'Delete From the far future' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
  await future.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Delete Crafted but fine' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
  await keysTable(page).getByRole('row').filter({ hasText: 'Crafted but fine' }).waitFor({ state: 'detached' });
  await page.close();
});

test('a vault of 1,000 keys, 10,000 places and 100,000 events opens, saves, and stays small', async () => {
  // Stored as the worker stores it, by core/examples/vault_scale.rs (`cargo
  // xtask test` writes it first); its password is the example's.
  const items = JSON.parse(await readFile(process.env.BATON_LARGE_STORE, 'utf8'));
  const large = await launch({ port: server.port });
  try {
    await large.worker().evaluate((items) => chrome.storage.local.set(items), items);
    const page = await open(large, 'manager/manager.html');
    await unlock(page, 'benchmark master password');
    await keysTable(page).getByRole('row').filter({ hasText: 'Content pipeline 999 — production' }).waitFor();
    const before = await large.worker().evaluate(() => chrome.storage.local.get(null));
    await addKey(page, { value: openaiProjectKey(11), label: 'Past a hundred thousand events' });
    await keysTable(page).getByRole('row').filter({ hasText: 'Past a hundred thousand events' }).waitFor();
    const after = await large.worker().evaluate(() => chrome.storage.local.get(null));
    const written = Object.entries(after)
      .filter(([name, value]) => before[name] !== value)
      .reduce((sum, [, value]) => sum + value.length, 0);
    assert.ok(written < 256 * 1024, `one save wrote ${written} bytes`);
    const stored = await large.worker().evaluate(() => chrome.storage.local.getBytesInUse(null));
    assert.ok(stored < 8_000_000, `the store is ${stored} bytes`);
    // The history's newest event is the save; the vault opens again with it.
    await page.getByRole('button', { name: 'Lock' }).click();
    await unlock(page, 'benchmark master password');
    await keysTable(page).getByRole('row').filter({ hasText: 'Past a hundred thousand events' }).waitFor();
    await page.locator('summary').getByText('History', { exact: true }).click();
    const history = page.getByRole('list', { name: 'History' });
    await history.getByText('Key "Past a hundred thousand events" added').waitFor();
    // The latest 200 of 100,001 events, newest first.
    assert.equal(await history.getByRole('listitem').count(), 200);
  } finally {
    await large.close();
  }
});

test('a browser restart on the same profile comes up locked', async () => {
  const profileDir = browser.profileDir;
  await browser.close();
  browser = await launch({ port: server.port, profileDir });
  const page = await open(browser, 'manager/manager.html');
  await page.getByRole('button', { name: 'Unlock' }).waitFor();
  assert.equal(await keysTable(page).count(), 0);
  await unlock(page, PASSWORD);
  await keysTable(page).getByRole('row').filter({ hasText: HINT }).waitFor();
  await page.close();
});
