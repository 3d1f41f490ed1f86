// `cargo xtask run`: Chromium with the built extension, every host name
// served by the local test server.
//
//   node support/run.mjs window   a browser window for a person, until it is closed
//   node support/run.mjs demo     headless: the first run, a key, a place, a
//                                 rotation, the dashboard check; a screenshot
//                                 of each surface in light and dark

import path from 'node:path';
import { mkdir } from 'node:fs/promises';

import { startServer } from './server.mjs';
import { launch } from './browser.mjs';
import { openaiProjectKey } from './keys.mjs';
import { providerFakes } from './providers.mjs';

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
  // The headless demo: the first run, a key, a place learned on Make, a
  // rotation under way, the dashboard check, each surface in light and in
  // dark. The screenshots are the user guide's (docs/USER-GUIDE.md).
  await mkdir(shots, { recursive: true });
  const providers = providerFakes();
  const demoServer = await startServer({ routes: [providers.route] });
  const browser = await launch({ port: demoServer.port });
  const password = 'demo master password';
  const PRODUCTION = openaiProjectKey(42);
  const STAGING = openaiProjectKey(43);
  const DAY = 86_400_000;
  providers.accept(PRODUCTION, 'avatar-prod', { created: Date.now() - 100 * DAY, lastUsed: 'today' });
  providers.accept(STAGING, 'Secret key', { created: Date.now() - 300 * DAY, lastUsed: 'Never' });
  // Each surface in both schemes: `name-light.png`, `name-dark.png`.
  const shot = async (page, name, { fullPage = true } = {}) => {
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      await page.waitForTimeout(100);
      const file = path.join(shots, `${name}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage });
      console.log(`  saved ${file}`);
    }
    await page.emulateMedia({ colorScheme: null });
  };
  try {
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 360, height: 560 });
    await popup.goto(browser.url('popup/popup.html'));
    console.log('1. Create a vault (popup)');
    await popup.getByLabel('Master password', { exact: true }).fill(password);
    await popup.getByLabel('Confirm master password').fill(password);
    await shot(popup, '01-create-vault');
    await popup.getByRole('button', { name: 'Create vault' }).click();
    await popup.getByRole('list', { name: 'Next steps' }).waitFor();
    await shot(popup, '02-next-steps');

    console.log('2. Add a key (manager)');
    const manager = await browser.context.newPage();
    await manager.setViewportSize({ width: 1100, height: 900 });
    await manager.goto(browser.url('manager/manager.html#add-key'));
    await manager.getByLabel('Key', { exact: true }).fill(PRODUCTION);
    await manager.getByRole('status').filter({ hasText: 'OpenAI project key' }).waitFor();
    await manager.getByLabel('Label').fill('Avatar pipeline — production');
    await shot(manager, '03-add-key', { fullPage: false });
    await manager.getByRole('button', { name: 'Save key' }).click();
    await manager
      .getByRole('table', { name: 'API keys' })
      .getByRole('row')
      .filter({ hasText: 'Avatar pipeline' })
      .waitFor();

    console.log('3. Fill it on Make, and save there: Baton learns the place');
    const make = await browser.context.newPage();
    await make.goto('https://eu1.make.com/scenarios/edit');
    await make.getByRole('button', { name: 'Create a connection' }).click();
    await make.locator('baton-chip').click();
    await make.waitForFunction(() => document.querySelector('input[name=apiKey]').value.length > 0);
    await make.waitForTimeout(300);
    await shot(make, '04-filled-on-make', { fullPage: false });
    await make.getByRole('button', { name: 'Save' }).click();
    await make.waitForTimeout(500);
    // The fixture prints what it saved, the (made-up) key too: not in a picture.
    await make.evaluate(() => document.querySelector('output')?.remove());
    await shot(make, '05-place-recorded', { fullPage: false });
    await make.close();
    await manager.reload();
    await manager.getByRole('table', { name: 'API keys' }).waitFor();
    await shot(manager, '06-manager');

    console.log('4. A rotation under way');
    await manager.getByRole('button', { name: 'Start rotation of Avatar pipeline — production' }).click();
    await manager.getByLabel('New key').fill(openaiProjectKey(44));
    await manager.getByRole('button', { name: 'Begin rotation' }).click();
    await manager.getByRole('list', { name: 'Locations' }).waitFor();
    await manager.locator('#rotations').scrollIntoViewIfNeeded();
    await shot(manager, '07-rotation', { fullPage: false });
    await popup.reload();
    await popup.getByRole('button', { name: 'Lock' }).waitFor();
    await shot(popup, '08-popup-rotation');

    console.log('5. The dashboard check on OpenAI');
    const dashboard = await browser.context.newPage();
    await dashboard.goto('https://platform.openai.com/api-keys');
    await dashboard.locator('baton-marker').first().waitFor();
    await dashboard.locator('baton-marker').last().hover();
    await dashboard.waitForTimeout(500);
    await shot(dashboard, '09-dashboard-markers', { fullPage: false });
    await dashboard.close();

    console.log('6. Lock');
    await manager.getByRole('button', { name: 'Lock' }).click();
    await manager.getByRole('button', { name: 'Unlock' }).waitFor();
    await shot(manager, '10-locked', { fullPage: false });
  } finally {
    await browser.close();
    await demoServer.close();
    await server.close();
  }
}
