// Key fields on the tools' pages: the chip appears beside the key field and
// nowhere else, a trusted click fills the key into the framework's state, and
// the page cannot read or trigger any of it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey } from '../support/keys.mjs';

const PASSWORD = 'fill tests master password';
const PRODUCTION = openaiProjectKey(21);
const STAGING = openaiProjectKey(22);

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch({ port: server.port });
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await manager.getByLabel('Confirm master password').fill(PASSWORD);
  await manager.getByRole('button', { name: 'Create vault' }).click();
  await addKey(manager, PRODUCTION, 'Avatar pipeline — production');
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function addKey(manager, value, label) {
  await manager.getByRole('button', { name: 'Add key' }).click();
  await manager.getByLabel('Key', { exact: true }).fill(value);
  await manager.getByLabel('Label').fill(label);
  await manager.getByRole('button', { name: 'Save key' }).click();
  await manager.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: label }).waitFor();
}

// The chip sits on the field's right edge, within a few pixels of it.
async function assertChipBeside(page, field) {
  const chip = page.locator('baton-chip');
  await chip.waitFor();
  const [c, f] = [await chip.boundingBox(), await field.boundingBox()];
  const gap = Math.max(0, c.x - (f.x + f.width), f.x - (c.x + c.width), c.y - (f.y + f.height), f.y - (c.y + c.height));
  assert.ok(gap <= 4, `chip ${JSON.stringify(c)} is ${gap}px from its field ${JSON.stringify(f)}`);
}

async function settle(page) {
  // The content script batches page changes; give it a beat to have looked.
  await page.waitForTimeout(600);
}

test('Make: one chip, on the API Key field, and a click fills React state', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://eu1.make.com/scenarios/edit');
  await settle(page);
  assert.equal(await page.locator('baton-chip').count(), 0, 'no chip before the dialog (the search box is not a key field)');
  await page.getByRole('button', { name: 'Create a connection' }).click();
  const apiKey = page.getByLabel('API Key');
  await assertChipBeside(page, apiKey);
  await settle(page);
  assert.equal(await page.locator('baton-chip').count(), 1, 'only the API Key field has a chip');

  await page.locator('baton-chip').click();
  await page.waitForFunction(() => document.querySelector('input[name=apiKey]').value.length > 0);
  assert.ok((await apiKey.inputValue()) === PRODUCTION, 'the field holds the production key');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = JSON.parse(await page.getByRole('status').or(page.locator('output')).first().textContent());
  assert.ok(saved.apiKey === PRODUCTION, 'React state received the key');
  assert.equal(saved.name, 'My OpenAI connection');
  await page.close();

  // The save taught Baton where the key lives.
  const places = await placesOf('Avatar pipeline — production');
  assert.deepEqual(places, ['Make — My OpenAI connection · API Key']);
});

async function placesOf(label) {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const list = manager.getByRole('list', { name: `Places of ${label}` });
  // The site's save reaches Baton a moment after the click, as it would for a
  // person switching tabs: look again until it is there.
  for (let i = 0; i < 20 && !(await list.count()); i++) {
    await manager.waitForTimeout(250);
    await manager.reload();
  }
  await list.waitFor();
  const items = await list.getByRole('listitem').allInnerTexts();
  await manager.close();
  return items.map((t) => t.replace(/ · last saved .*$/, '').trim());
}

test('a generic tool: the key field gets a chip, the login password and search do not', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/settings');
  const field = page.getByLabel('OpenAI API Key');
  await assertChipBeside(page, field);
  await settle(page);
  assert.equal(await page.locator('baton-chip').count(), 1);
  await page.locator('baton-chip').click();
  await page.waitForFunction(() => document.querySelector('input[name=openai_api_key]').value.length > 0);
  await page.getByRole('button', { name: 'Save settings' }).click();
  const saved = JSON.parse(await page.locator('output').textContent());
  assert.ok(saved.key === PRODUCTION, 'the form submitted the key');
  await page.close();
  const places = await placesOf('Avatar pipeline — production');
  assert.ok(places.includes('app.unknowntool.example · OpenAI API Key'), JSON.stringify(places));
});

test('a place Baton cannot see is added by hand, and removed', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByLabel('Place', { exact: true }).fill('GitHub Actions secret OPENAI_API_KEY');
  await manager.getByLabel('Note').fill('avatar-bot repository');
  await manager.getByRole('button', { name: 'Add place' }).click();
  const list = manager.getByRole('list', { name: 'Places of Avatar pipeline — production' });
  await list.getByRole('listitem').filter({ hasText: 'GitHub Actions secret OPENAI_API_KEY' }).waitFor();
  await manager.getByRole('button', { name: 'Remove GitHub Actions secret OPENAI_API_KEY' }).click();
  await list.getByRole('listitem').filter({ hasText: 'GitHub Actions secret' }).waitFor({ state: 'detached' });
  await manager.close();
});

test('several keys: the chip opens the menu, and the chosen key is filled', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await addKey(manager, STAGING, 'Avatar pipeline — staging');
  await manager.close();

  const page = await browser.context.newPage();
  await page.goto('https://eu1.make.com/scenarios/edit');
  await page.getByRole('button', { name: 'Create a connection' }).click();
  await page.locator('baton-chip').click();
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('button', { name: /Avatar pipeline — production/ }).waitFor();
  await menu.getByRole('button', { name: /Avatar pipeline — staging/ }).click();
  await page.waitForFunction(() => document.querySelector('input[name=apiKey]').value.length > 0);
  assert.ok((await page.getByLabel('API Key').inputValue()) === STAGING, 'the chosen key was filled');
  assert.equal(await page.locator('baton-menu').count(), 0, 'the menu closed');
  await page.close();
});

test('the page can neither read the chip nor click it', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/settings');
  await page.locator('baton-chip').waitFor();
  const seen = await page.evaluate(() => {
    const chip = document.querySelector('baton-chip');
    chip.click();
    chip.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    return { shadow: chip.shadowRoot, text: chip.textContent, html: chip.innerHTML };
  });
  assert.deepEqual(seen, { shadow: null, text: '', html: '' });
  await settle(page);
  assert.equal(await page.getByLabel('OpenAI API Key').inputValue(), '', 'a synthetic click fills nothing');
  await page.close();
});

async function waitForFrame(page, path, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const frame = page.frames().find((f) => f.url().includes(path));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame ${path}`);
}
