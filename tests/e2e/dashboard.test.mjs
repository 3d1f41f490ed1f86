// The dashboard check on the OpenAI API keys page: each key row gets a
// marker with its findings, across the table's pages; the popup and the
// manager's Dashboard check agree with the markers; the page can read
// nothing Baton knows from the vault.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, openaiAdminKey, anthropicKey, groqKey } from '../support/keys.mjs';
import { providerFakes } from '../support/providers.mjs';
import { createVault, addKey } from '../support/manager.mjs';
import { waitForFrame } from '../support/tools.mjs';

const PASSWORD = 'dashboard tests master password';
const DAY = 86_400_000;
const PRODUCTION = openaiProjectKey(61);
const hintOf = (key) => `sk-...${key.slice(-4)}`;

let server;
let browser;
const providers = providerFakes();
// Seven keys, as a real organisation accumulates them: one clean and in the
// vault, the rest in every state of neglect.
const keys = [
  { key: PRODUCTION, name: 'avatar-prod', created: Date.now() - 10 * DAY, lastUsed: 'today' },
  { key: openaiProjectKey(62), name: 'Secret key', created: Date.now() - 400 * DAY, lastUsed: 'Never' },
  { key: openaiProjectKey(63), name: 'n8n staging', created: Date.now() - 120 * DAY, lastUsed: '45 days ago' },
  { key: openaiProjectKey(64), name: 'Key 1', created: Date.now() - 20 * DAY, lastUsed: 'yesterday' },
  { key: openaiProjectKey(65), name: 'zapier', created: Date.now() - 30 * DAY, lastUsed: '2 days ago' },
  { key: openaiProjectKey(66), name: '', created: Date.now() - 200 * DAY, lastUsed: 'Never' },
  { key: openaiProjectKey(67), name: 'make', created: Date.now() - 5 * DAY, lastUsed: 'Never' },
];

before(async () => {
  server = await startServer({ routes: [providers.route] });
  browser = await launch({ port: server.port });
  for (const k of keys) providers.accept(k.key, k.name, { created: k.created, lastUsed: k.lastUsed });
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, PRODUCTION, 'Avatar pipeline — production');
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// The markers' texts ("sk-...abcd: Stale · Unused"). They live in closed
// shadow roots, which the page cannot open; the test reads them through
// the DevTools protocol, as only the browser itself can.
async function markerTexts(page) {
  const cdp = await page.context().newCDPSession(page);
  const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
  const texts = [];
  const textOf = (node) =>
    node.nodeType === 3
      ? node.nodeValue
      : (node.children ?? [])
          .filter((c) => c.nodeName !== 'STYLE')
          .map(textOf)
          .join('');
  const walk = (node) => {
    if (node.nodeName === 'BATON-MARKER') texts.push((node.shadowRoots ?? []).map(textOf).join(''));
    for (const child of [
      ...(node.children ?? []),
      ...(node.shadowRoots ?? []),
      ...(node.contentDocument ? [node.contentDocument] : []),
    ])
      walk(child);
  };
  walk(root);
  await cdp.detach();
  return texts.sort();
}

async function markersUntil(page, count) {
  for (let i = 0; i < 40; i++) {
    const texts = await markerTexts(page);
    if (texts.length === count) return texts;
    await page.waitForTimeout(250);
  }
  throw new Error(`expected ${count} markers, saw ${JSON.stringify(await markerTexts(page))}`);
}

test('the keys table gets its findings, page by page; popup and manager agree; the page learns nothing', async () => {
  const page = await browser.context.newPage();
  await page.goto('https://platform.openai.com/api-keys');
  const first = await markersUntil(page, 5);
  const expected = {
    [hintOf(keys[0].key)]: 'In vault',
    [hintOf(keys[1].key)]: 'Unlabeled · Stale · Unused · Not in vault',
    [hintOf(keys[2].key)]: 'Stale · Unused · Not in vault',
    [hintOf(keys[3].key)]: 'Unlabeled · Not in vault',
    [hintOf(keys[4].key)]: 'Not in vault',
    [hintOf(keys[5].key)]: 'Unlabeled · Stale · Unused · Not in vault',
    [hintOf(keys[6].key)]: 'Not in vault',
  };
  const asMarkers = (list) => list.map((k) => `${hintOf(k.key)}: ${expected[hintOf(k.key)]}`).sort();
  assert.deepEqual(first, asMarkers(keys.slice(0, 5)));

  // The second page of the table gets its markers too.
  await page.getByRole('button', { name: 'Next' }).click();
  assert.deepEqual(await markersUntil(page, 2), asMarkers(keys.slice(5)));

  // Nothing from the vault is readable by the page: not the label, not the markers.
  const seen = await page.evaluate(() => ({
    text: document.documentElement.innerText + document.documentElement.outerHTML,
    shadow: [...document.querySelectorAll('baton-marker')].map((m) => m.shadowRoot),
  }));
  assert.ok(!seen.text.includes('Avatar pipeline'), 'the vault label is not in the page');
  assert.ok(!seen.text.includes('In vault') && !seen.text.includes('Not in vault'));
  assert.ok(
    seen.shadow.every((s) => s === null),
    'the markers are closed to the page',
  );

  // Pointing at a marker explains its findings, in Baton's frame; the
  // page's text gains nothing.
  const marker = page
    .getByRole('row')
    .filter({ hasText: hintOf(keys[5].key) })
    .locator('baton-marker');
  await marker.hover();
  const explained = await waitForFrame(page, 'menu/notice.html');
  const words = await explained.getByRole('status').innerText();
  assert.deepEqual(
    words.split('\n').map((line) => line.split(':')[0]),
    ['Unlabeled', 'Stale', 'Unused', 'Not in vault'],
    words,
  );
  assert.match(words, /^Unlabeled: the name does not say what the key is for,/);
  assert.equal(await page.evaluate(() => window.find('does not say what the key is for')), false);
  // Pointer away: it goes. Focus (the keyboard) brings it back.
  await page.mouse.move(0, 0);
  await page.waitForFunction(() => !document.querySelector('baton-banner'));
  // (The first marker in the tab order is this row's, the page's first.)
  // Each Tab waits for the worker's answer before the next, so the focus
  // rests on the first marker.
  const banner = () => page.evaluate(() => Boolean(document.querySelector('baton-banner')));
  for (let i = 0; i < 40 && !(await banner()); i++) {
    await page.keyboard.press('Tab');
    for (let wait = 0; wait < 10 && !(await banner()); wait++) await page.waitForTimeout(50);
  }
  await (await waitForFrame(page, 'menu/notice.html'))
    .getByRole('status')
    .getByText(/^Unlabeled: /)
    .waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('baton-banner'));

  // The popup, about this tab: the summary and one item per key.
  const popup = await browser.context.newPage();
  await popup.goto(browser.url('popup/popup.html'));
  const summary = '7 keys: 3 unlabeled, 3 stale, 3 unused, 6 not in your vault';
  await popup.getByText(summary).waitFor();
  const items = await popup.getByRole('list', { name: 'Dashboard findings' }).getByRole('listitem').allInnerTexts();
  assert.equal(items.length, 7);
  assert.ok(
    items.some((i) =>
      i.startsWith(`${hintOf(PRODUCTION)} "avatar-prod" (in your vault as "Avatar pipeline — production") — In vault`),
    ),
    JSON.stringify(items),
  );
  await popup.close();

  // The manager's Dashboard check says the same, with the advice.
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const check = manager.getByRole('region', { name: 'Dashboard check', exact: true });
  await check.getByText(summary).waitFor();
  const reported = await check.getByRole('list', { name: 'Dashboard findings' }).getByRole('listitem').allInnerTexts();
  assert.deepEqual(reported.sort(), items.sort());
  await check.getByText('Revoke the keys you cannot identify').waitFor();
  await manager.close();
  await page.close();
});

test('an admin key in the vault lists the organisation through the admin API, through paging and a rate limit', async () => {
  const admin = openaiAdminKey(70);
  providers.acceptAdmin(admin);
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByRole('button', { name: 'Add key' }).click();
  await manager.getByLabel('Key', { exact: true }).fill(admin);
  await manager.getByLabel('Label').fill('OpenAI admin');
  await manager.getByRole('button', { name: 'Save key' }).click();
  providers.rateLimitOnce('api.openai.com');
  const before = providers.requests.length;
  await manager.getByRole('button', { name: 'Check the organisation with "OpenAI admin"' }).click();
  const summary = '7 keys: 3 unlabeled, 3 stale, 3 unused, 6 not in your vault';
  await manager
    .getByRole('status')
    .filter({ hasText: `Checked: ${summary}` })
    .waitFor({ timeout: 20_000 });
  const report = manager.getByRole('region', { name: 'Dashboard check of OpenAI (admin API)' });
  await report.getByText(summary).waitFor();
  const items = await report.getByRole('list', { name: 'Dashboard findings' }).getByRole('listitem').allInnerTexts();
  assert.equal(items.length, 7);
  assert.ok(
    items.some((i) => i.includes('(in your vault as "Avatar pipeline — production") — In vault')),
    JSON.stringify(items),
  );
  // Projects and keys came two to a page, after one 429; the key never in a URL.
  const calls = providers.requests.slice(before);
  assert.ok(calls.filter((r) => r.path.endsWith('/api_keys')).length >= 4, JSON.stringify(calls));
  assert.ok(calls.every((r) => !r.cookie && !r.keyInUrl));
  await manager.close();
});

test("a key nobody can identify is revoked through the admin API, on the user's confirmed word", async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const unknown = keys[1].key;
  const adminHint = `${unknown.slice(0, 6)}...${unknown.slice(-3)}`;
  const report = manager.getByRole('region', { name: 'Dashboard check of OpenAI (admin API)' });
  // The key in the vault, in use, cannot be revoked from here.
  const inVault = report.getByRole('listitem').filter({ hasText: /— In vault/ });
  assert.equal(await inVault.getByRole('button').count(), 0);
  await report.getByRole('button', { name: `Nobody can identify ${adminHint}: revoke it` }).click();
  await manager.getByRole('dialog').getByRole('button', { name: 'Revoke at provider' }).click();
  await report.getByText('6 keys:', { exact: false }).waitFor();
  assert.ok(
    providers.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/api_keys/key_2`)),
    'OpenAI deleted the project key',
  );
  await manager.locator('summary').getByText('History', { exact: true }).click();
  await manager
    .getByRole('list', { name: 'History' })
    .getByText(`Revoked at OpenAI through its admin API: "Secret key" (${adminHint})`)
    .waitFor();
  await manager.close();
});

test("the same check on OpenAI's project-based layout, the Anthropic Console and GroqCloud", async () => {
  const claude = anthropicKey(71);
  const groq = groqKey(72);
  providers.accept(claude, 'Claude batch', { created: Date.now() - 200 * DAY, lastUsed: 'Never' });
  providers.accept(groq, 'Key 1', { created: Date.now() - 3 * DAY, lastUsed: 'today' });
  for (const [url, expected] of [
    // The current layout lists the same OpenAI keys, with other columns ("Created by" is no date).
    [
      'https://platform.openai.com/settings/organization/api-keys',
      `${hintOf(keys[2].key)}: Stale · Unused · Not in vault`,
    ],
    [
      'https://console.anthropic.com/settings/keys',
      `${claude.slice(0, 16)}...${claude.slice(-4)}: Stale · Unused · Not in vault`,
    ],
    ['https://console.groq.com/keys', `gsk_...${groq.slice(-4)}: Unlabeled · Not in vault`],
  ]) {
    const page = await browser.context.newPage();
    await page.goto(url);
    let texts = [];
    for (let i = 0; i < 40 && !texts.includes(expected); i++) {
      await page.waitForTimeout(250);
      texts = await markerTexts(page);
    }
    assert.ok(texts.includes(expected), `${url}: ${JSON.stringify(texts)}`);
    await page.close();
  }
});

test('the check forgets everything when Baton locks', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByRole('button', { name: 'Lock' }).click();
  // Read once the worker has answered the lock (the page then asks for the
  // password): requests the page sent as it opened may be queued before it.
  await manager.getByRole('button', { name: 'Unlock' }).waitFor();
  const session = await browser.worker().evaluate(() => chrome.storage.session.get(null));
  assert.deepEqual(Object.keys(session), [], 'no report survives the lock');
  await manager.close();
});
