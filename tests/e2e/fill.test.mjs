// Key fields on the tools' pages: the chip appears beside the key field and
// nowhere else, a trusted click fills the key into the framework's state, and
// the page cannot read or trigger any of it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, anthropicKey, elevenLabsKey } from '../support/keys.mjs';
import { untilFilled, chooseInMenu, waitForFrame, settled, noticeSaying } from '../support/tools.mjs';
import { createVault, addKey, placesOf as placesIn } from '../support/manager.mjs';

const PASSWORD = 'fill tests master password';
const PRODUCTION = openaiProjectKey(21);
const STAGING = openaiProjectKey(22);

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch({ port: server.port });
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, PRODUCTION, 'Avatar pipeline — production');
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const placesOf = (label, expected) => placesIn(browser, label, expected);

// The chip sits on the field's right edge, within a few pixels of it.
async function assertChipBeside(page, field, chip = page.locator('baton-chip')) {
  await chip.waitFor();
  // Once the page is still: a dialog zooming in moves both for a moment.
  let c;
  let f;
  let gap = Number.POSITIVE_INFINITY;
  for (const until = Date.now() + 2000; gap > 4 && Date.now() < until; ) {
    [c, f] = [await chip.boundingBox(), await field.boundingBox()];
    gap = Math.max(0, c.x - (f.x + f.width), f.x - (c.x + c.width), c.y - (f.y + f.height), f.y - (c.y + c.height));
    if (gap > 4) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.ok(gap <= 4, `chip ${JSON.stringify(c)} is ${gap}px from its field ${JSON.stringify(f)}`);
  // Nothing of Baton's takes the page's clicks around the chip (a status
  // box, hidden yet laid out, once covered a Send button below it).
  const around = await page.evaluate(
    ({ x, y, width, height }) =>
      [
        [x + width / 2, y + height + 6],
        [x + width / 2, y + height + 60],
        [x - 120, y + height + 20],
        [x + width / 2, y - 6],
        [x - 6, y + height / 2],
      ].filter(([px, py]) => document.elementFromPoint(px, py)?.localName === 'baton-chip').length,
    c,
  );
  assert.equal(around, 0, 'no part of the chip reaches beyond its box');
}

test('Make: one chip, on the API Key field, and a click fills React state', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://eu1.make.com/scenarios/edit');
  await settled(page);
  assert.equal(
    await page.locator('baton-chip').count(),
    0,
    'no chip before the dialog (the search box is not a key field)',
  );
  await page.getByRole('button', { name: 'Create a connection' }).click();
  const apiKey = page.getByLabel('API Key');
  await assertChipBeside(page, apiKey);
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1, 'only the API Key field has a chip');

  await page.locator('baton-chip').click();
  await untilFilled(page, 'input[name=apiKey]');
  assert.ok((await apiKey.inputValue()) === PRODUCTION, 'the field holds the production key');
  // Baton says what went in, and what the user does next, in its own frame.
  await noticeSaying(page, 'Filled "Avatar pipeline — production". Save on the site to record this place.');
  // Just above the field, clear of the dialog's Save, and it takes no
  // click: what is under it gets it.
  const box = await apiKey.boundingBox();
  const under = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.localName,
    [box.x + box.width - 40, box.y - 30],
  );
  assert.ok(under && under !== 'baton-banner', `the feedback never catches a click meant for the page (${under})`);
  const save = await page.getByRole('button', { name: 'Save' }).boundingBox();
  const covering = await page.evaluate(
    ([x, y]) => document.elementFromPoint(x, y)?.textContent,
    [save.x + save.width / 2, save.y + save.height / 2],
  );
  assert.equal(covering, 'Save', "the site's Save is not covered");
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = JSON.parse(await page.getByRole('status').or(page.locator('output')).first().textContent());
  assert.ok(saved.apiKey === PRODUCTION, 'React state received the key');
  assert.equal(saved.name, 'My OpenAI connection');
  // And after the site's save, at the page's corner (the dialog closed).
  await noticeSaying(page, 'Baton recorded this place: Make — My OpenAI connection.');
  assert.equal(
    await page.evaluate(() => document.documentElement.innerText.includes('recorded this place')),
    false,
    'the words are not in the page',
  );
  await page.close();

  // The save taught Baton where the key lives.
  const places = await placesOf('Avatar pipeline — production', 'Make');
  assert.deepEqual(places, ['Make — My OpenAI connection · API Key']);
});

// A UI kit's dialog, opened by the button `opener`: the chip sits beside
// the key field inside the dialog (so the app counts a click on it as
// inside), the menu's choice fills the field without closing the dialog, and
// `save` (the app's own button) puts the key in the app's state, shown in
// its <output>. Answers what the app saved.
async function fillInDialog(url, { opener, label, save, chips = 1 }) {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  await page.getByRole('button', { name: opener }).click();
  const dialog = page.getByRole('dialog', { name: opener });
  const apiKey = dialog.getByLabel(label, { exact: true });
  await apiKey.waitFor();
  await assertChipBeside(page, apiKey, dialog.locator('baton-chip'));
  await settled(page);
  assert.equal(await dialog.locator('baton-chip').count(), chips, 'one chip in the dialog, on the key');
  await dialog.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, '[role="dialog"] input[type=password]');
  // A key chosen in the menu is confirmed too.
  await noticeSaying(page, /^Filled "Avatar pipeline — production"\./);
  assert.equal(await dialog.count(), 1, 'the dialog stayed open');
  await dialog.getByRole('button', { name: save, exact: true }).click();
  await page.locator('output').filter({ hasText: 'key' }).waitFor();
  const saved = JSON.parse(await page.locator('output').textContent());
  assert.ok(saved.key === PRODUCTION, "the app's state holds the key");
  assert.deepEqual(errors, []);
  await page.close();
  return saved;
}

test('a Radix-style dialog in a portal, transformed and closing on an outside pointer-down: the chip is inside it and the key arrives', async () => {
  await fillInDialog('https://app.promptdeck.example/settings', {
    opener: 'Connect OpenAI',
    label: 'API Key',
    save: 'Save',
  });
});

test("the real @radix-ui/react-dialog (shadcn/ui's dialog): the chip is in its content, the menu's choice keeps it open, the app saves the key", async () => {
  await fillInDialog('https://studio.voicecraft.example/settings', {
    opener: 'Connect OpenAI',
    label: 'OpenAI API key',
    save: 'Save',
  });
});

test('Ant Design: a Modal in a portal with a Form and Input.Password; the Form holds the key the chip filled', async () => {
  const saved = await fillInDialog('https://app.scriptforge.example/settings', {
    opener: 'Connect OpenAI',
    label: 'API key',
    save: 'Connect',
  });
  assert.equal(saved.name, 'Narration voice', 'the rest of the Form is as it was');
});

// Swagger UI at `url`: opens its Authorize dialog, checks the chip beside
// the Value field `selector`, and clicks it. Answers the page.
async function chipInSwaggerAuthorize(url, selector) {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page
    .getByRole('button', { name: /Authorize/ })
    .first()
    .click();
  const value = page.locator(selector);
  await value.waitFor();
  await assertChipBeside(page, value);
  await page.locator('baton-chip').click();
  return page;
}

// Once the key is in `selector`: Swagger UI's own Authorize, and the value
// Swagger UI's state now holds for the security scheme `scheme`.
async function swaggerAuthorized(page, selector, scheme) {
  await untilFilled(page, selector);
  await page.getByRole('button', { name: 'Apply credentials' }).click();
  const authorized = await page.evaluate(() => window.ui.authSelectors.authorized().toJS());
  return authorized[scheme]?.value;
}

test("the real Swagger UI's Authorize dialog: the bearer Value field gets a chip, and Swagger UI holds the key", async () => {
  const page = await chipInSwaggerAuthorize('https://docs.voicebridge.example/api/', '#auth-bearer-value');
  await chooseInMenu(page, /Avatar pipeline — production/);
  const held = await swaggerAuthorized(page, '#auth-bearer-value', 'bearerAuth');
  assert.ok(held === PRODUCTION, 'Swagger UI took the key');
  await page.close();
});

test('a field hidden by a class change alone loses its chip at once, and gets it back when shown', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.promptdeck.example/settings');
  const backup = page.getByLabel('Backup OpenAI API key');
  await assertChipBeside(page, backup);
  await page.getByRole('button', { name: 'Advanced settings' }).click();
  await page.locator('baton-chip').waitFor({ state: 'detached', timeout: 2000 });
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 0, 'no chip over the collapsed section');
  await page.getByRole('button', { name: 'Advanced settings' }).click();
  await assertChipBeside(page, backup);
  await page.close();
});

test('a field scrolled out of its panel loses its chip at once, and gets it back when scrolled in', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.promptdeck.example/integrations/');
  const voice = page.getByLabel('ElevenLabs API key');
  await assertChipBeside(page, voice);
  const chipShown = () => page.locator('baton-chip').evaluate((chip) => chip.checkVisibility());
  const box = await page.getByRole('region', { name: 'Voice providers' }).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height - 10);
  await page.mouse.wheel(0, 400);
  await page.waitForFunction(() => document.querySelector('.panel').scrollTop > 100);
  await settled(page);
  assert.equal(await chipShown(), false, 'no chip over the panel once its field scrolled out');
  await page.mouse.wheel(0, -400);
  await page.waitForFunction(() => document.querySelector('.panel').scrollTop === 0);
  await settled(page);
  assert.equal(await chipShown(), true, 'the chip is back');
  await assertChipBeside(page, voice);
  await page.close();
});

test('a generic tool: the key field gets a chip, the login password and search do not; the first fill asks', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/settings');
  const field = page.getByLabel('OpenAI API Key');
  await assertChipBeside(page, field);
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1);
  // A site Baton has not seen the key on: the user chooses, in the menu
  // that names the page's host.
  await page.locator('baton-chip').click();
  const menu = await chooseInMenu(page, /Avatar pipeline — production/);
  assert.match(await menu.getByRole('heading').textContent(), /for app\.unknowntool\.example\?$/);
  await untilFilled(page, 'input[name=openai_api_key]');
  await page.getByRole('button', { name: 'Save settings' }).click();
  const saved = JSON.parse(await page.locator('output').textContent());
  assert.ok(saved.key === PRODUCTION, 'the form submitted the key');
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'app.unknowntool.example');
  assert.ok(places.includes('app.unknowntool.example · OpenAI API Key'), JSON.stringify(places));

  // Saved there, the key lives there: one click from now on.
  const again = await browser.context.newPage();
  await again.goto('https://app.unknowntool.example/settings');
  await again.locator('baton-chip').click();
  await untilFilled(again, 'input[name=openai_api_key]');
  assert.ok((await again.getByLabel('OpenAI API Key').inputValue()) === PRODUCTION);
  assert.equal(
    again.frames().some((f) => f.url().includes('menu/menu.html')),
    false,
    'no menu at a recorded place',
  );
  await again.close();
});

test('an Angular app (reactive forms): one chip, and the key reaches the form model', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://studio.clipforge.example/settings');
  const field = page.getByLabel('Secret key');
  await assertChipBeside(page, field);
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1, 'the search box and the provider field get none');
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, 'input[name=apiKey]');
  await page.getByRole('button', { name: 'Save integration' }).click();
  const output = page.getByLabel('Saved integration');
  await page.waitForFunction(() => document.querySelector('output').textContent.length > 0);
  const saved = JSON.parse(await output.textContent());
  assert.ok(saved.apiKey === PRODUCTION, "Angular's form control received the key");
  assert.equal(saved.provider, 'OpenAI');
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'studio.clipforge.example');
  assert.ok(places.includes('studio.clipforge.example · Secret key'), JSON.stringify(places));
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
  // A new connection (the production key is saved at "My OpenAI connection").
  await page.getByLabel('Connection name').fill('Staging connection');
  await page.locator('baton-chip').click();
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('button', { name: /Avatar pipeline — production/ }).waitFor();
  await menu.getByRole('button', { name: /Avatar pipeline — staging/ }).click();
  await untilFilled(page, 'input[name=apiKey]');
  assert.ok((await page.getByLabel('API Key').inputValue()) === STAGING, 'the chosen key was filled');
  await page.locator('baton-menu').waitFor({ state: 'detached' }); // the menu closed
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
  await settled(page);
  assert.equal(await page.getByLabel('OpenAI API Key').inputValue(), '', 'a synthetic click fills nothing');
  await page.close();
});

// Waits until the field at `selector` holds a value (the fill has landed).
test('a same-origin frame is filled like the page; a cross-origin frame only after a warning', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/frames/same-origin');
  const frame = page.frameLocator('iframe[title="Settings"]');
  await frame.locator('baton-chip').waitFor();
  // The framed page is where the production key was saved: a frame of the
  // page's own origin fills as the page does, in one click, with no menu.
  await frame.locator('baton-chip').click();
  await untilFilled(
    page.frames().find((f) => f.url().endsWith('/settings')),
    'input[name=openai_api_key]',
  );
  assert.ok((await frame.getByLabel('OpenAI API Key').inputValue()) === PRODUCTION);
  assert.equal(
    page.frames().some((f) => f.url().includes('menu/menu.html')),
    false,
  );

  await page.goto('https://app.unknowntool.example/frames/cross-origin');
  const widget = page.frameLocator('iframe[title="Widget"]');
  await widget.locator('baton-chip').click();
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu
    .getByRole('alert')
    .filter({ hasText: 'inside a frame from widgets.example, not from app.unknowntool.example' })
    .waitFor();
  assert.equal(await widget.getByLabel('OpenAI API Key').inputValue(), '', 'nothing filled before the user chooses');
  await menu.getByRole('button', { name: /Avatar pipeline — production/ }).click();
  await untilFilled(
    page.frames().find((f) => f.url().startsWith('https://widgets.example/')),
    'input',
  );
  await page.close();
});

test('fields in open and closed shadow roots get a chip in their own root and are filled', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://components.example/');
  for (const provider of ['OpenAI', 'Anthropic']) {
    await page.waitForFunction((p) => window.__roots?.[p]?.querySelector('baton-chip'), provider);
  }
  // Only OpenAI keys are in the vault; the OpenAI field takes one of them.
  const box = await page.evaluate(() => {
    const r = window.__roots.OpenAI.querySelector('baton-chip').getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  });
  await page.mouse.click(box.x, box.y);
  await chooseInMenu(page, /Avatar pipeline — production/);
  await page.waitForFunction(() => window.__roots.OpenAI.querySelector('input').value.length > 0);
  await page.evaluate(() => window.__roots.OpenAI.querySelector('button').click());
  const saved = JSON.parse(await page.locator('output').textContent());
  assert.ok(saved.OpenAI === PRODUCTION, 'the component received the key');
  await page.close();
});

test('a hostile page: hidden, tiny, transparent and off-screen fields get no chip; a covered one is not filled', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://evil.example/hostile');
  await page.locator('baton-chip').waitFor();
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1, 'only the visible (covered) field has a chip');
  await page.locator('baton-chip').click();
  await settled(page);
  assert.equal(await page.locator('input[name=covered_key]').inputValue(), '', 'a covered field is not filled');
  assert.equal(
    page.frames().some((f) => f.url().includes('menu/menu.html')),
    false,
  );

  // The page hides Baton's chip to trick a click: nothing is filled.
  await page.evaluate(() => {
    document.getElementById('overlay').remove();
    const style = document.createElement('style');
    style.textContent = 'baton-chip { opacity: 0.01 !important; }';
    document.head.append(style);
  });
  await page.locator('baton-chip').click({ force: true });
  await settled(page);
  assert.equal(await page.locator('input[name=covered_key]').inputValue(), '', 'a hidden chip fills nothing');
  assert.ok((await page.evaluate(() => window.__seen)).every((s) => s === 'closed'));
  await page.close();
});

test('n8n (Vue 3 + Element Plus): the credential modal gets a chip on API Key; the fill reaches Vue state; the place is learned', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://acme.app.n8n.cloud/home/credentials');
  await page.getByRole('button', { name: 'Create credential' }).click();
  const modal = page.locator('[data-test-id="editCredential-modal"]');
  const apiKey = modal.locator('[data-test-id="parameter-input-apiKey"] input');
  await assertChipBeside(page, apiKey);
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1, 'no chip on Organization ID, Base URL or the search box');
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, '[data-test-id="parameter-input-apiKey"] input');
  await page.locator('[data-test-id="credential-save-button"]').click();
  const saved = JSON.parse(await page.getByRole('status', { name: 'Saved credential' }).textContent());
  assert.ok(saved.apiKey === PRODUCTION, 'Vue state received the key');
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'n8n');
  assert.ok(places.includes('n8n — OpenAi account · API Key'), JSON.stringify(places));
});

test("n8n: a saved credential shows its secret as a mask and still gets a chip; its place is the credential's own address, which opens it", async () => {
  const page = await browser.context.newPage();
  await page.goto('https://acme.app.n8n.cloud/home/credentials');
  await page.getByRole('button', { name: 'Open OpenAi account 2' }).click();
  const apiKey = page.locator('[data-test-id="parameter-input-apiKey"] input');
  await assertChipBeside(page, apiKey);
  assert.match(await apiKey.inputValue(), /^__n8n_BLANK_VALUE_/);
  const address = page.url();
  assert.match(address, /\/home\/credentials\/\w+$/, 'n8n gives an open credential its own address');
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, '[data-test-id="parameter-input-apiKey"] input');
  await page.locator('[data-test-id="credential-save-button"]').click();
  await page.close();
  await placesOf('Avatar pipeline — production', 'n8n — OpenAi account 2');
  // "Open" leads to that credential, and the address opens its editor.
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const place = manager
    .getByRole('list', { name: 'Places of Avatar pipeline — production' })
    .getByRole('listitem')
    .filter({ hasText: 'n8n — OpenAi account 2' });
  assert.equal(await place.getByRole('link', { name: 'Open' }).getAttribute('href'), address);
  await manager.close();
  const again = await browser.context.newPage();
  await again.goto(address);
  await again.getByText('OpenAi account 2', { exact: true }).waitFor();
  await again.close();
});

test('Zapier: the sign-in popup window gets a chip; the key reaches the Zap through the popup', async () => {
  const editor = await browser.context.newPage();
  await editor.goto('https://zapier.com/editor');
  const opening = browser.context.waitForEvent('page');
  await editor.getByRole('button', { name: 'Sign in' }).click();
  const popup = await opening;
  await popup.waitForLoadState();
  await assertChipBeside(popup, popup.getByLabel('API Key'));
  await settled(popup);
  assert.equal(await popup.locator('baton-chip').count(), 1, 'no chip on Organization ID');
  await popup.locator('baton-chip').click();
  await chooseInMenu(popup, /Avatar pipeline — production/);
  await untilFilled(popup, 'input[name=api_key]');
  const closed = popup.waitForEvent('close');
  // The popup closes itself from its submit handler, sometimes before the
  // click action has returned: a closed page is the expected outcome.
  await popup
    .getByRole('button', { name: 'Yes, Continue to ChatGPT (OpenAI)' })
    .click()
    .catch((error) => {
      if (!/closed/.test(error.message)) throw error;
    });
  await closed;
  const connected = JSON.parse(await editor.getByRole('status', { name: 'Connected account' }).textContent());
  assert.ok(connected.apiKey === PRODUCTION, 'the Zap received the key');
  await editor.close();
  const places = await placesOf('Avatar pipeline — production', 'Zapier');
  assert.ok(places.includes('Zapier · API Key'), JSON.stringify(places));
  // The place is the Zap's editor, which opened the popup: "Open" leads
  // back there, not to a sign-in window that means nothing alone.
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const zapier = manager
    .getByRole('list', { name: 'Places of Avatar pipeline — production' })
    .getByRole('listitem')
    .filter({ hasText: 'Zapier' });
  assert.equal(await zapier.getByRole('link', { name: 'Open' }).getAttribute('href'), 'https://zapier.com/editor');
  await manager.close();
});

test('GPT Actions: the API Key field appears with its option and gets the chip; Custom Header Name does not', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://chatgpt.com/gpts/editor/g-avatar');
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 0, 'no chip while Authentication is None');
  await page.getByRole('radio', { name: 'API Key' }).check();
  await page.getByRole('radio', { name: 'Custom' }).check();
  await assertChipBeside(page, page.getByRole('textbox', { name: 'API Key' }));
  await settled(page);
  assert.equal(await page.locator('baton-chip').count(), 1);
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, 'input[type=password]');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = JSON.parse(await page.getByRole('status', { name: 'Saved authentication' }).textContent());
  assert.ok(saved.apiKey === PRODUCTION && saved.authType === 'custom', 'the GPT action received the key');
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'ChatGPT GPT Actions');
  assert.ok(places.includes('ChatGPT GPT Actions · API Key'), JSON.stringify(places));
});

test('Vercel: a value field becomes a key field once its row is named OPENAI_API_KEY', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://vercel.com/acme/avatar-site/settings/environment-variables');
  await settled(page);
  assert.equal(
    await page.locator('baton-chip').count(),
    0,
    'no chip on an unnamed value, the key name or the search box',
  );
  await page.getByLabel('Key', { exact: true }).fill('OPENAI_API_KEY');
  await page.getByLabel('Key', { exact: true }).press('Tab');
  await assertChipBeside(page, page.getByLabel('Value', { exact: true }));
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await untilFilled(page, 'input[name=value]');
  await page.getByRole('button', { name: 'Save' }).click();
  const saved = JSON.parse(await page.getByRole('status', { name: 'Saved variables' }).textContent());
  assert.ok(saved[0].key === 'OPENAI_API_KEY' && saved[0].value === PRODUCTION, 'the variable holds the key');
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'Vercel');
  assert.ok(places.includes('Vercel — OPENAI_API_KEY · Value'), JSON.stringify(places));
});

test('a development place: a production key never fills in one click; the menu names both and offers the development key first', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://vercel.com/acme/avatar-site/settings/environment-variables');
  await page.getByLabel('Key', { exact: true }).fill('OPENAI_API_KEY');
  await page.getByLabel('Key', { exact: true }).press('Tab');
  // This variable is for Development only.
  await page.getByLabel('Production').uncheck();
  await page.getByLabel('Preview').uncheck();
  await page.locator('baton-chip').click();
  let menu = await waitForFrame(page, 'menu/menu.html');
  const alert = menu.getByRole('alert');
  await alert
    .getByText('This page is for development ("Development"), but "Avatar pipeline — production" is a production key.')
    .waitFor();
  assert.ok(
    !(await page.locator('input[name=value]').inputValue()).startsWith('sk-'),
    'nothing filled before a choice',
  );
  await page.close();

  // With a development key in the vault, it is offered first, and filling it
  // there records a development place.
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await addKey(manager, openaiProjectKey(24), 'Avatar pipeline — dev', 'Development');
  const dev = await browser.context.newPage();
  await dev.goto('https://vercel.com/acme/avatar-site/settings/environment-variables');
  await dev.getByLabel('Key', { exact: true }).fill('OPENAI_API_KEY_DEV');
  await dev.getByLabel('Key', { exact: true }).press('Tab');
  await dev.locator('baton-chip').click();
  menu = await waitForFrame(dev, 'menu/menu.html');
  await menu
    .getByRole('alert')
    .getByText('Use a development key here: "Avatar pipeline — dev" is first below.')
    .waitFor();
  const offered = await menu.getByRole('list', { name: 'Keys' }).getByRole('button').allInnerTexts();
  assert.match(offered[0], /Avatar pipeline — dev/, JSON.stringify(offered));
  await menu.getByRole('button', { name: /Avatar pipeline — dev/ }).click();
  await untilFilled(dev, 'input[name=value]');
  await dev.getByRole('button', { name: 'Save' }).click();
  await dev.close();
  // The manager: the dev key's place is known to be development; the
  // production key's Vercel place (all targets) cannot be told.
  await manager.reload();
  const production = manager.getByRole('region', { name: 'Places of Avatar pipeline — production' });
  await production
    .getByRole('note')
    .getByText(/Baton cannot tell which environment (this place is|these places are) for: .*Vercel — OPENAI_API_KEY/)
    .waitFor();
  const devPlaces = manager.getByRole('region', { name: 'Places of Avatar pipeline — dev' });
  await devPlaces.getByText('Vercel — OPENAI_API_KEY_DEV').waitFor();
  assert.equal(await devPlaces.getByRole('note').count(), 0, 'the dev place is told by its variable');
  await manager.close();
});

test('a key pasted by hand that Baton does not have is offered for saving, then learned where it was saved', async () => {
  const fresh = openaiProjectKey(23);
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/settings');
  await page.locator('baton-chip').waitFor();
  await page.getByLabel('OpenAI API Key').focus();
  await page.keyboard.insertText(fresh); // as a paste does
  const prompt = await waitForFrame(page, 'menu/menu.html');
  await prompt.getByRole('heading', { name: 'Save this OpenAI key to Baton?' }).waitFor();
  const label = prompt.getByLabel('Label');
  assert.match(await label.inputValue(), /^OpenAI Production — \d{4}-\d{2}-\d{2}$/);
  await prompt.getByLabel('Environment').selectOption({ label: 'Staging' });
  assert.match(await label.inputValue(), /^OpenAI Staging — /);
  const labelText = await label.inputValue();
  await prompt.getByRole('button', { name: 'Save key' }).click();
  await prompt.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.close();

  const places = await placesOf(labelText, 'app.unknowntool.example');
  assert.deepEqual(places, ['app.unknowntool.example · OpenAI API Key']);
});

test('a field too short for the key is not filled, and a removed chip comes back', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.unknowntool.example/legacy');
  await page.locator('baton-chip').click();
  const menu = await chooseInMenu(page, /Avatar pipeline — production/);
  await menu.getByRole('alert').filter({ hasText: 'takes at most 51 characters' }).waitFor();
  assert.equal(await page.locator('input[name=legacy_key]').inputValue(), '');
  await page.close();

  const hostile = await browser.context.newPage();
  await hostile.goto('https://evil.example/hostile');
  await hostile.locator('baton-chip').waitFor();
  await hostile.evaluate(() => window.removeChips());
  await hostile.evaluate(() => document.body.append(document.createElement('div'))); // any change
  await hostile.locator('baton-chip').waitFor();
  const sandboxed = hostile.frameLocator('iframe[title="Sandboxed"]');
  await settled(hostile);
  await settled(await (await hostile.locator('iframe[title="Sandboxed"]').elementHandle()).contentFrame());
  assert.equal(await sandboxed.locator('baton-chip').count(), 0, 'a sandboxed frame gets nothing');
  await hostile.close();
});

for (const site of [
  {
    tool: 'Netlify',
    url: 'https://app.netlify.com/sites/avatar/configuration/env',
    add: 'Add a variable',
    name: 'Key',
    value: 'Value',
    save: 'Create variable',
  },
  {
    tool: 'Render',
    url: 'https://dashboard.render.com/web/srv-avatar/env',
    add: 'Add Environment Variable',
    name: 'Key',
    value: 'Value',
    save: 'Save Changes',
  },
  {
    tool: 'Railway',
    url: 'https://railway.com/project/avatar/service/api/variables',
    add: 'New Variable',
    name: 'Variable name',
    value: 'Variable value',
    save: 'Add',
  },
]) {
  test(`${site.tool}: the value of OPENAI_API_KEY is a key field, filled and learned`, async () => {
    const page = await browser.context.newPage();
    await page.goto(site.url);
    await page.getByRole('button', { name: site.add }).click();
    await settled(page);
    assert.equal(await page.locator('baton-chip').count(), 0, 'an unnamed variable is not a key field');
    await page.getByLabel(site.name, { exact: true }).fill('OPENAI_API_KEY');
    await page.getByLabel(site.name, { exact: true }).press('Tab');
    await assertChipBeside(page, page.getByLabel(site.value, { exact: true }));
    await page.locator('baton-chip').click();
    await chooseInMenu(page, /Avatar pipeline — production/);
    await untilFilled(page, 'input[name=value-0]');
    await page.getByRole('button', { name: site.save, exact: true }).click();
    const saved = JSON.parse(await page.getByRole('status', { name: 'Saved variables' }).textContent());
    assert.ok(saved[0].key === 'OPENAI_API_KEY' && saved[0].value === PRODUCTION, 'the variable holds the key');
    await page.close();
    const places = await placesOf('Avatar pipeline — production', site.tool);
    assert.ok(places.includes(`${site.tool} — OPENAI_API_KEY · ${site.value}`), JSON.stringify(places));
  });
}

test('Netlify: a .env box gets the key as its OPENAI_API_KEY line, the other lines kept; the place is learned', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://app.netlify.com/sites/avatar/configuration/env');
  // The variable the test before saved would come back: start empty.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: 'Import from a .env file' }).click();
  const box = page.getByLabel('Import from a .env file');
  await box.fill('DATABASE_URL=postgres://db.internal/avatar\nOPENAI_API_KEY=replace-me\n');
  await assertChipBeside(page, box);
  await page.locator('baton-chip').click();
  await chooseInMenu(page, /Avatar pipeline — production/);
  await page.waitForFunction(() => document.querySelector('textarea').value.includes('OPENAI_API_KEY=sk-'));
  assert.ok(
    (await box.inputValue()) === `DATABASE_URL=postgres://db.internal/avatar\nOPENAI_API_KEY=${PRODUCTION}\n`,
    'one line replaced, the rest kept',
  );
  await page.getByRole('button', { name: 'Import variables' }).click();
  await page.getByRole('button', { name: 'Create variable', exact: true }).click();
  const saved = JSON.parse(await page.getByRole('status', { name: 'Saved variables' }).textContent());
  assert.ok(
    saved.some((v) => v.key === 'OPENAI_API_KEY' && v.value === PRODUCTION),
    'the site imported the key',
  );
  assert.ok(saved.some((v) => v.key === 'DATABASE_URL'));
  await page.close();
  const places = await placesOf('Avatar pipeline — production', 'Netlify ·');
  assert.ok(places.includes('Netlify · Import from a .env file'), JSON.stringify(places));
});

// Last in this file: it adds keys of two more providers to the vault.
test("an API console that names its provider only by its server and key header: the menu asks about that provider's key first, and Swagger UI takes it", async () => {
  const voice = elevenLabsKey(5);
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await addKey(manager, anthropicKey(6), 'Claude drafts — production');
  await addKey(manager, voice, 'Narration voice — production');
  await manager.close();

  const page = await chipInSwaggerAuthorize('https://docs.voicebridge.example/tts/', '#api_key_value');
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('heading', { name: 'Which ElevenLabs key for docs.voicebridge.example?' }).waitFor();
  const offered = await menu.getByRole('list', { name: 'Keys' }).getByRole('button').allInnerTexts();
  assert.match(offered[0], /^Narration voice — production/, `the ElevenLabs key first: ${offered}`);
  assert.ok(
    offered.slice(1).some((k) => k.startsWith('Claude drafts — production')),
    `the other keys are still offered, after it: ${offered}`,
  );
  await menu.getByRole('button', { name: /Narration voice/ }).click();
  const held = await swaggerAuthorized(page, '#api_key_value', 'ApiKeyAuth');
  assert.ok(held === voice, 'Swagger UI took the key');
  await page.close();
});
