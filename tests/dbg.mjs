import { startServer } from './support/server.mjs';
import { launch } from './support/browser.mjs';
import { waitForFrame, untilFilled } from './support/tools.mjs';
import { openaiProjectKey } from './support/keys.mjs';
const server = await startServer();
const browser = await launch({ port: server.port });
try {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByLabel('Master password', { exact: true }).fill('debug master password');
  await manager.getByLabel('Confirm master password').fill('debug master password');
  await manager.getByRole('button', { name: 'Create vault' }).click();
  await manager.getByRole('button', { name: 'Add key' }).click();
  await manager.getByLabel('Key', { exact: true }).fill(openaiProjectKey(61));
  await manager.getByLabel('Label').fill('Trick test key');
  await manager.getByRole('button', { name: 'Save key' }).click();
  await manager.waitForTimeout(500);
  const page = await browser.context.newPage();
  const w = browser.worker();
  await w.evaluate(() => { self.__log = []; const orig = self.baton.handle.bind(self.baton); self.baton.handle = (m, s) => { self.__log.push(m.slice(0, 200)); return orig(m, s).then((a) => { self.__log.push('=> ' + a.slice(0, 200)); return a; }); }; });
  await page.goto('https://tricks.example/auto-submit/');
  await page.locator('baton-chip').click();
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('button', { name: /Trick/ }).click();
  await untilFilled(page, 'input[name=api_key]');
  await page.getByText('submitted').waitFor();
  const m2 = await browser.context.newPage();
  await m2.goto(browser.url('manager/manager.html'));
  await page.waitForTimeout(500);
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.waitForTimeout(1000);
  console.log((await w.evaluate(() => self.__log)).filter(l => !l.includes('report-fields')).join('\n'));
} finally {
  await browser.close(); await server.close();
}
