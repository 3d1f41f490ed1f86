// Accessibility: axe-core on every surface a user reads, in light and dark
// (prefers-color-scheme), at each stage of a vault's life: no vault yet,
// open and empty, with keys, mid-rotation, after a rotation, and the menu
// on a site. Zero violations of WCAG 2.x A/AA is the bar.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey } from '../support/keys.mjs';
import { providerFakes } from '../support/providers.mjs';
import { waitForFrame, noticeSaying } from '../support/tools.mjs';
import { addKey, keyRow } from '../support/manager.mjs';

const PASSWORD = 'accessibility tests master password';
const OLD = openaiProjectKey(71);
const NEW = openaiProjectKey(72);
const OTHER = openaiProjectKey(73);
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SCHEMES = ['light', 'dark'];

let server;
let browser;
const providers = providerFakes();

before(async () => {
  server = await startServer({ routes: [providers.route] });
  browser = await launch({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// axe's findings on `target` (a page or a frame) in both schemes, as
// readable lines: rule, where, why. Extension pages forbid inline scripts,
// so axe goes in by evaluation, which their policy does not block.
async function violations(page, target = page) {
  const found = [];
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    // Let the scheme's colours apply (transitions, if any, end first).
    await page.waitForTimeout(50);
    await target.evaluate(AXE);
    const result = await target.evaluate(() =>
      globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
    );
    for (const v of result.violations)
      for (const node of v.nodes)
        found.push(`${colorScheme}: ${v.id} at ${node.target.join(' ')}: ${node.failureSummary}`);
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

async function expectAccessible(page, what, target = page) {
  const found = await violations(page, target);
  assert.deepEqual(found, [], `${what}:\n${found.join('\n')}`);
}

async function newPage(path) {
  const page = await browser.context.newPage();
  await page.goto(browser.url(path));
  return page;
}

let manager;

test('no vault yet: the popup and the manager', async () => {
  const popup = await newPage('popup/popup.html');
  await popup.getByLabel('Master password', { exact: true }).waitFor();
  await expectAccessible(popup, 'the popup before a vault exists');
  await popup.close();
  manager = await newPage('manager/manager.html');
  await manager.getByLabel('Master password', { exact: true }).waitFor();
  await expectAccessible(manager, 'the manager before a vault exists');
});

test('an open, empty vault: the manager and the popup', async () => {
  await manager.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await manager.getByLabel('Confirm master password').fill(PASSWORD);
  await manager.getByRole('button', { name: 'Create vault' }).click();
  await manager.getByRole('button', { name: 'Add key' }).waitFor();
  await expectAccessible(manager, 'the manager, empty');
  const popup = await newPage('popup/popup.html');
  await popup.getByRole('button', { name: 'Lock' }).waitFor();
  await expectAccessible(popup, 'the popup, unlocked and empty');
  await popup.close();
});

test('a vault with keys: the manager, its add form open, and the menu on a site', async () => {
  providers.accept(OLD);
  await addKey(manager, OLD, 'Production');
  await addKey(manager, OTHER, 'Staging', 'Staging');
  await expectAccessible(manager, 'the manager with keys');
  await manager.getByRole('button', { name: 'Add key' }).click();
  await expectAccessible(manager, 'the manager, its add form open');
  await manager.getByRole('button', { name: 'Cancel' }).click();

  // A key file's preview, open.
  const env = `OPENAI_API_KEY=${openaiProjectKey(74)}\nPRODUCTION_KEY=${OLD}\nDATABASE_URL=postgres://db\n`;
  await manager
    .getByLabel('Key file')
    .setInputFiles({ name: '.env', mimeType: 'text/plain', buffer: Buffer.from(env) });
  await manager.getByRole('form', { name: 'Import preview' }).waitFor();
  await expectAccessible(manager, 'the manager, a key file previewed');
  await manager.getByRole('button', { name: 'Cancel' }).click();

  // Two keys fit Make's field: the chip opens the menu to choose.
  const make = await browser.context.newPage();
  await make.goto('https://eu1.make.com/scenarios/edit');
  await make.getByRole('button', { name: 'Create a connection' }).click();
  await make.locator('baton-chip').waitFor();

  // The chip is next in the tab order after its field, not after the
  // dialog's Save; Tab goes on to the next field, Shift+Tab back.
  const active = () =>
    make.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.localName);
  await make.getByLabel('API Key').focus();
  // A page's own synthetic Tab does not move the focus to the chip.
  await make.evaluate(() =>
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true, cancelable: true })),
  );
  assert.equal(await active(), 'apiKey');
  await make.keyboard.press('Tab');
  assert.equal(await active(), 'baton-chip');
  await make.keyboard.press('Tab');
  assert.equal(await active(), 'organization');
  await make.keyboard.press('Shift+Tab');
  assert.equal(await active(), 'baton-chip');
  await make.keyboard.press('Shift+Tab');
  assert.equal(await active(), 'apiKey');
  // Enter on the focused chip opens the menu, as a click does.
  await make.keyboard.press('Tab');
  await make.keyboard.press('Enter');
  const menu = await waitForFrame(make, 'menu/menu.html');
  await menu.getByRole('button', { name: /Production/ }).waitFor();
  await expectAccessible(make, 'the menu', menu);
  // The feedback after the choice, in its frame.
  await menu.getByRole('button', { name: /Production/ }).click();
  const filled = await noticeSaying(make, /^Filled "Production"\./);
  await expectAccessible(make, 'the feedback notice', filled);
  await make.close();
});

test('mid-rotation and after it: the manager and the popup', async () => {
  await keyRow(manager, 'Production').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(NEW);
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  await manager.getByLabel('Another place').fill('Nightly report script');
  await manager.getByRole('button', { name: 'Add a place' }).click();
  await manager.getByRole('list', { name: 'Locations' }).getByText('Nightly report script').waitFor();
  await expectAccessible(manager, 'the manager mid-rotation');
  const popup = await newPage('popup/popup.html');
  await popup.getByRole('button', { name: 'Lock' }).waitFor();
  await expectAccessible(popup, 'the popup mid-rotation');
  await popup.close();

  await manager.getByRole('button', { name: 'Mark updated: Nightly report script' }).click();
  providers.accept(NEW);
  await manager.getByRole('button', { name: 'Verify new key' }).click();
  await manager.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await manager.getByRole('button', { name: 'The list is complete' }).click();
  const complete = manager.getByRole('button', { name: 'Complete rotation' });
  await complete.and(manager.locator(':enabled')).waitFor();
  providers.revoke(OLD);
  await complete.click();
  await manager
    .getByRole('region', { name: 'Finished rotations' })
    .getByText(/^Completed on/)
    .waitFor();
  await expectAccessible(manager, 'the manager after a rotation');
});
