// Baton against hostile pages, with real input (Playwright's mouse and
// keyboard): each page arranges one trick to make the user's click or key
// press release a key, and must receive nothing; the same page without the
// trick (?control) fills after a visible choice. Then what a compromised
// content script can do: invent requests, read storage, replay a menu in a
// navigated document.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey } from '../support/keys.mjs';
import { untilFilled, waitForFrame } from '../support/tools.mjs';
import { inContentScript } from '../support/isolated.mjs';
import { createVault, addKey } from '../support/manager.mjs';

const PASSWORD = 'trust tests master password';
const KEY = openaiProjectKey(61);
const LABEL = 'Trick test key';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch({ port: server.port });
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, KEY, LABEL);
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const center = (box) => [box.x + box.width / 2, box.y + box.height / 2];

// The user's real click on Baton's chip (wherever the page let it be seen).
async function clickChip(page) {
  const chip = page.locator('baton-chip');
  await chip.waitFor();
  await page.mouse.click(...center(await chip.boundingBox()));
  return waitForFrame(page, 'menu/menu.html');
}

// The user's real click where the menu's key is, a second after it opened
// (well past the half second a frame must be seen before it takes a click).
async function clickKeyWhereItIs(page, menu) {
  const key = menu.getByRole('button', { name: new RegExp(LABEL) });
  await key.waitFor();
  await page.waitForTimeout(1000);
  await page.mouse.click(...center(await key.boundingBox()));
  await page.waitForTimeout(600);
}

async function received(page) {
  return {
    value: await page.locator('input[name=api_key]').inputValue(),
    sent: await page.evaluate(() => window.__received),
  };
}

const MENU_TRICKS = [
  ['decoy', 'an opaque decoy that clicks pass through, over the chip and the menu'],
  ['body-filter', 'body { filter: opacity(.01) }'],
  ['faded-dialog', 'the field in <dialog open> at 3% opacity'],
  ['faded-menu', "Baton's menu styled opacity: .01 !important"],
  ['filtered-menu', "Baton's menu styled filter: opacity(0) !important"],
  ['covered-menu', 'a pointer-events: none layer laid over the menu'],
  ['transformed', 'a rotated ancestor'],
];

for (const [trick, what] of MENU_TRICKS) {
  test(`${what}: the user's real click releases nothing; without the trick a visible choice fills`, async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://tricks.example/${trick}/`);
    const menu = await clickChip(page);
    await clickKeyWhereItIs(page, menu);
    assert.deepEqual(await received(page), { value: '', sent: [] }, 'the page got nothing');
    // Seen again, the menu says why it did nothing.
    await page.evaluate(() => window.removeTrick());
    await menu.getByRole('alert').filter({ hasText: 'Baton ignored a click' }).waitFor();
    await page.close();

    const control = await browser.context.newPage();
    await control.goto(`https://tricks.example/${trick}/?control`);
    const fair = await clickChip(control);
    await fair.getByRole('button', { name: new RegExp(LABEL) }).click();
    await untilFilled(control, 'input[name=api_key]');
    assert.ok((await received(control)).value === KEY, 'a visible choice fills');
    assert.equal(await fair.getByRole('alert').filter({ hasText: 'Baton ignored' }).count(), 0);
    await control.close();
  });
}

test('a key press the page asks for lands nowhere: the menu never takes focus by itself', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://tricks.example/space-key/');
  const menu = await clickChip(page);
  await menu.getByRole('button', { name: new RegExp(LABEL) }).waitFor();
  await page.waitForTimeout(1000);
  // The user clicks the page, as asked, then presses the keys.
  await page.getByRole('heading', { name: 'Connect your OpenAI account' }).click();
  for (const key of ['Space', 'Enter', 'Space', 'Enter']) await page.keyboard.press(key);
  await page.waitForTimeout(600);
  assert.deepEqual(await received(page), { value: '', sent: [] });
  assert.equal(
    await menu.evaluate(() => document.activeElement === document.body),
    true,
    'nothing in the menu has focus',
  );
  await page.close();
});

test('a look-alike host, a plain-http page and a page imitating n8n ask first, naming the real host', async () => {
  const cases = [
    ['https://make.com.evil.example/scenarios/edit', /for make\.com\.evil\.example\?$/, null],
    ['http://plain.example/settings', /for plain\.example\?$/, /not encrypted \(http\)/],
    [
      'https://n8n.evil.example/home/credentials',
      /for n8n at n8n\.evil\.example\?$/,
      /looks like n8n, but it is on n8n\.evil\.example/,
    ],
  ];
  for (const [url, heading, caution] of cases) {
    const page = await browser.context.newPage();
    await page.goto(url);
    // One key fits: on the tool's own host this would fill in one click.
    await page.locator('baton-chip').click();
    const menu = await waitForFrame(page, 'menu/menu.html');
    assert.match(await menu.getByRole('heading').textContent(), heading, url);
    if (caution) await menu.getByRole('alert').filter({ hasText: caution }).waitFor();
    assert.deepEqual(await received(page), { value: '', sent: [] }, `${url}: nothing before the choice`);
    await page.close();
  }
});

test("a compromised content script gets a menu, never a key, and cannot read Baton's storage", async () => {
  const page = await browser.context.newPage();
  await page.goto('https://tricks.example/plain/');
  await page.locator('baton-chip').waitFor();
  const invented = await inContentScript(
    page,
    `chrome.runtime.sendMessage({
    type: 'chip-clicked', field_id: 'f1',
    field: { tag: 'input', input_type: 'password', label: 'OpenAI API Key' },
  })`,
  );
  assert.equal(invented.ok, true);
  assert.equal(invented.value.action, 'menu', JSON.stringify(invented.value));
  assert.ok(!JSON.stringify(invented).includes(KEY.slice(8, 40)));
  // Requests of Baton's own pages do not even decode from a content script.
  const listed = await inContentScript(page, "chrome.runtime.sendMessage({ type: 'list-keys' })");
  assert.equal(listed.error.code, 'bad-request');
  for (const area of ['local', 'session']) {
    const read = await inContentScript(page, `chrome.storage.${area}.get(null).then((items) => Object.keys(items))`);
    assert.match(read.threw ?? '', /not allowed/i, `storage.${area}: ${JSON.stringify(read)}`);
  }
  // Baton's frames are at this session's own address: the fixed one loads nothing.
  const fixed = `chrome-extension://${browser.extensionId}/menu/menu.html`;
  const dynamic = await inContentScript(page, "chrome.runtime.getURL('menu/menu.html')");
  assert.notEqual(dynamic, fixed);
  await page.evaluate((src) => {
    const frame = Object.assign(document.createElement('iframe'), { src, title: 'probe' });
    document.body.append(frame);
  }, `${fixed}#anything`);
  await page.waitForTimeout(800);
  assert.equal(
    page.frames().some((f) => f.url().startsWith(fixed)),
    false,
    'the fixed address is refused',
  );
  await page.close();
});

test('a menu token replayed in another document fills nothing there', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://tricks.example/plain/');
  await page.locator('baton-chip').waitFor();
  const { value } = await inContentScript(
    page,
    `chrome.runtime.sendMessage({
    type: 'chip-clicked', field_id: 'f1', field: { tag: 'input', input_type: 'password', label: 'OpenAI API Key' } })`,
  );
  // The frame navigates; the next document shows the old token's menu.
  await page.goto('https://tricks.example/plain/?next');
  await page.locator('baton-chip').waitFor();
  await inContentScript(
    page,
    `(() => {
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('menu/menu.html') + '#${value.token}';
    frame.style.cssText = 'position: fixed; left: 20px; top: 200px; width: 340px; height: 280px; border: 0; z-index: 9';
    document.body.append(frame);
  })()`,
  );
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('button', { name: new RegExp(LABEL) }).click();
  await menu.getByRole('alert').filter({ hasText: 'The page changed before Baton could fill it' }).waitFor();
  assert.deepEqual(await received(page), { value: '', sent: [] });
  await page.close();
});

test("a script's requestSubmit() is not the user's save: it records no place", async () => {
  const page = await browser.context.newPage();
  await page.goto('https://tricks.example/auto-submit/');
  const menu = await clickChip(page);
  await menu.getByRole('button', { name: new RegExp(LABEL) }).click();
  await untilFilled(page, 'input[name=api_key]');
  await page.getByText('submitted').waitFor(); // the page's own requestSubmit()
  await page.waitForTimeout(500);
  const manager = await browser.context.newPage();
  // The key's places as the manager shows them, once it has rendered them.
  const recorded = async () => {
    await manager.goto(browser.url('manager/manager.html'));
    const section = manager.getByRole('region', { name: `Places of ${LABEL}` });
    await section.waitFor();
    return section.getByRole('listitem').filter({ hasText: 'tricks.example' }).count();
  };
  assert.equal(await recorded(), 0, 'nothing recorded');
  // The user's own click on Connect is a save.
  await page.getByRole('button', { name: 'Connect' }).click();
  let count = await recorded();
  for (let i = 0; i < 20 && !count; i++) {
    await manager.waitForTimeout(250);
    count = await recorded();
  }
  assert.equal(count, 1, "the user's save is recorded");
  await manager.close();
  await page.close();
});

test("what Baton says by a chip is in its own frame: the page's DOM and window.find see none of it", async () => {
  const page = await browser.context.newPage();
  await page.goto('https://evil.example/hostile');
  // The field under a transparent cover: Baton refuses, and says why.
  await page.locator('baton-chip').click();
  const notice = await waitForFrame(page, 'menu/notice.html');
  await notice.getByRole('status').filter({ hasText: 'hidden or covered' }).waitFor();
  const seen = await page.evaluate(() => ({
    find: window.find('hidden or covered'),
    text: document.documentElement.innerText.includes('covered by something'),
  }));
  assert.deepEqual(seen, { find: false, text: false });
  await page.close();
});

test('locked, a menu framed with a made-up token shows nothing at all: no unlock form to phish with', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByRole('button', { name: 'Lock' }).click();
  await manager.getByRole('button', { name: 'Unlock' }).waitFor();
  const page = await browser.context.newPage();
  await page.goto('https://tricks.example/plain/');
  await page.locator('baton-chip').waitFor();
  await inContentScript(
    page,
    `(() => {
    const frame = document.createElement('iframe');
    frame.src = chrome.runtime.getURL('menu/menu.html') + '#0123456789abcdef0123456789abcdef';
    document.body.append(frame);
  })()`,
  );
  const menu = await waitForFrame(page, 'menu/menu.html');
  await page.waitForTimeout(800);
  assert.equal(await menu.locator('input, button').count(), 0, 'no form, no button');
  assert.equal((await menu.locator('body').innerText()).trim(), '');
  // Baton's own chip click, locked, does ask to unlock, in its menu.
  await page.locator('baton-chip').click();
  const asksToUnlock = async () => {
    for (const frame of page.frames().filter((f) => f.url().includes('menu/menu.html'))) {
      if (await frame.getByLabel('Master password').count()) return true;
    }
    return false;
  };
  let unlockShown = false;
  for (let i = 0; i < 40 && !unlockShown; i++) {
    unlockShown = await asksToUnlock();
    if (!unlockShown) await page.waitForTimeout(100);
  }
  assert.ok(unlockShown, "Baton's own menu asks to unlock");
  assert.equal(await menu.locator('input').count(), 0, 'the made-up one still shows nothing');
  await page.close();
  await manager.close();
});
