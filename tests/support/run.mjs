// `cargo xtask run`: Chromium with the built extension, every host name
// served by the local test server.
//
//   node support/run.mjs window   a browser window for a person, until it is closed
//   node support/run.mjs demo     headless: create a vault, add a key, lock,
//                                 unlock, with a screenshot of each step

import path from 'node:path';
import { mkdir } from 'node:fs/promises';

import { startServer } from './server.mjs';
import { launch } from './browser.mjs';
import { openaiProjectKey } from './keys.mjs';

const mode = process.argv[2] ?? 'demo';
const shots = process.env.BATON_DEMO_DIR ?? path.resolve('..', 'target', 'demo');
const server = await startServer();

if (mode === 'window') {
  const browser = await launch({ port: server.port, headless: false });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.goto(browser.url('manager/manager.html'));
  console.log(`Chromium is open with Baton loaded (profile ${browser.profileDir}). Close the window to stop.`);
  await new Promise((resolve) => browser.context.on('close', resolve));
  await server.close();
} else {
  await mkdir(shots, { recursive: true });
  const browser = await launch({ port: server.port });
  const password = 'demo master password';
  const shot = async (page, name) => {
    const file = path.join(shots, name);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`  saved ${file}`);
  };
  try {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 480 });
    await popup.goto(browser.url('popup/popup.html'));
    console.log('1. Create a vault (popup)');
    await popup.getByLabel('Master password', { exact: true }).fill(password);
    await popup.getByLabel('Confirm master password').fill(password);
    await shot(popup, '1-create-vault.png');
    await popup.getByRole('button', { name: 'Create vault' }).click();
    await popup.getByRole('button', { name: 'Open manager' }).waitFor();

    console.log('2. Add a key (manager)');
    const manager = await browser.context.newPage();
    await manager.goto(browser.url('manager/manager.html'));
    await manager.getByRole('button', { name: 'Add key' }).click();
    await manager.getByLabel('Key', { exact: true }).fill(openaiProjectKey(42));
    await manager.getByRole('status').filter({ hasText: 'OpenAI project key' }).waitFor();
    await manager.getByLabel('Label').fill('Avatar pipeline — production');
    await shot(manager, '2-add-key.png');
    await manager.getByRole('button', { name: 'Save key' }).click();
    await manager
      .getByRole('table', { name: 'API keys' })
      .getByRole('row')
      .filter({ hasText: 'Avatar pipeline' })
      .waitFor();
    await shot(manager, '3-keys.png');

    console.log('3. Lock');
    await manager.getByRole('button', { name: 'Lock' }).click();
    await manager.getByRole('button', { name: 'Unlock' }).waitFor();
    await shot(manager, '4-locked.png');

    console.log('4. Unlock');
    await manager.getByLabel('Master password', { exact: true }).fill(password);
    await manager.getByRole('button', { name: 'Unlock' }).click();
    await manager.getByRole('table', { name: 'API keys' }).waitFor();
    await shot(manager, '5-unlocked.png');
  } finally {
    await browser.close();
    await server.close();
  }
}
