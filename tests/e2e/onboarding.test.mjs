// The first run, from an empty profile: the vault created in the popup, the
// next steps each one click away, a first key, a first place; the steps
// check themselves off and go once done (or when put away).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey } from '../support/keys.mjs';
import { fillOnMake } from '../support/tools.mjs';
import { keyRow } from '../support/manager.mjs';

const PASSWORD = 'onboarding tests master password';
const KEY = openaiProjectKey(81);

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

const steps = (page) => page.getByRole('list', { name: 'Next steps' }).getByRole('listitem');

test('from an empty profile to a first key and a first place, led by the next steps', async () => {
  const popup = await browser.context.newPage();
  await popup.goto(browser.url('popup/popup.html'));
  await popup.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await popup.getByLabel('Confirm master password').fill(PASSWORD);
  await popup.getByRole('button', { name: 'Create vault' }).click();

  // The popup says what to do next, not only "0 keys".
  await popup.getByText('Unlocked. 0 keys in your vault.').waitFor();
  assert.equal(await steps(popup).count(), 3);
  assert.deepEqual(await steps(popup).locator('strong').allInnerTexts(), [
    'Add your API keys',
    'Let Baton learn where each key lives',
    "Check your provider's dashboard",
  ]);
  assert.equal(
    await popup.getByRole('link', { name: 'Open OpenAI API keys' }).getAttribute('href'),
    'https://platform.openai.com/api-keys',
  );

  // One click: the manager opens at its add form.
  const opened = browser.context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Add a key' }).click();
  const manager = await opened;
  await manager.waitForURL(/manager\.html#add-key$/);
  const keyField = manager.getByLabel('Key', { exact: true });
  await keyField.waitFor();
  assert.ok(await keyField.evaluate((el) => el === document.activeElement), 'the key field has the focus');

  // The suggested label is really filled in, and it is what is saved.
  await keyField.fill(KEY);
  const label = manager.getByLabel('Label');
  await manager.waitForFunction(() => document.querySelector('.detected')?.textContent.includes('OpenAI'));
  const suggested = await label.inputValue();
  assert.match(suggested, /^OpenAI Production — \d{4}-\d{2}-\d{2}$/);
  await manager.getByRole('button', { name: 'Save key' }).click();
  await keyRow(manager, suggested).waitFor();
  const first = steps(manager).filter({ hasText: 'Add your API keys' });
  await first.getByText('— done').waitFor();

  // The manager's navigation reaches each section.
  const nav = manager.getByRole('navigation', { name: 'Manager sections' });
  assert.deepEqual(await nav.getByRole('link').allInnerTexts(), [
    'Keys',
    'Rotations',
    'Places',
    'Connected platforms',
    'Dashboard check',
    'History',
    'Settings',
    'Backup',
  ]);
  await nav.getByRole('link', { name: 'History' }).click();
  await manager
    .getByRole('list', { name: 'History' })
    .getByText(/Key ".*" added$/)
    .waitFor();
  await manager.waitForURL(/#history$/);

  // A first place: the key filled and saved on Make checks the second step.
  assert.equal(await fillOnMake(browser.context), KEY);
  await steps(manager).filter({ hasText: 'Let Baton learn' }).getByText('— done').waitFor();
  assert.equal(
    await steps(manager).filter({ hasText: "Check your provider's dashboard" }).getByText('— done').count(),
    0,
  );

  // Put away: gone from the manager and the popup.
  await manager.getByRole('button', { name: 'Hide these steps' }).click();
  await manager.getByRole('list', { name: 'Next steps' }).waitFor({ state: 'detached' });
  // (The popup closed itself when it opened the manager, as a popup does.)
  assert.ok(popup.isClosed());
  const again = await browser.context.newPage();
  await again.goto(browser.url('popup/popup.html'));
  await again.getByText('Unlocked. 1 key in your vault.').waitFor();
  assert.equal(await again.getByRole('list', { name: 'Next steps' }).count(), 0);
});
