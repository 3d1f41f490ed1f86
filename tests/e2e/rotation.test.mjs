// The seed's story, end to end: an OpenAI production key used in Make,
// Zapier, n8n and a GPT Action is replaced everywhere, new key first, each
// place checking itself off when the site saves, the new key verified with
// the (local) OpenAI API, the old key revoked last, the next rotation
// scheduled.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, openaiAdminKey, anthropicKey, openRouterKey } from '../support/keys.mjs';
import { providerFakes } from '../support/providers.mjs';
import { fillOnMake, fillOnN8n, fillOnZapier, fillOnGptAction, waitForFrame } from '../support/tools.mjs';
import { createVault, addKey, keyRow, recordNotifications, recordedNotifications } from '../support/manager.mjs';

const PASSWORD = 'rotation tests master password';
const OLD = openaiProjectKey(41);
const NEW = openaiProjectKey(42);
const ADMIN = openaiAdminKey(43);
const DAY = 86_400_000;

let server;
let browser;
const providers = providerFakes();

before(async () => {
  server = await startServer({ routes: [providers.route] });
  browser = await launch({ port: server.port });
  providers.accept(OLD);
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, OLD, 'Production');
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openManager() {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  return manager;
}

// The state word of the place whose name starts with `place`, in the list
// named "Locations"; waits until it reads `state` (the manager follows the
// vault as pages save it).
async function expectPlace(manager, place, state) {
  const item = manager.getByRole('list', { name: 'Locations' }).getByRole('listitem').filter({ hasText: place });
  await item.locator('.state', { hasText: new RegExp(`^${state}$`) }).waitFor();
}

async function badge() {
  return browser.worker().evaluate(() => chrome.action.getBadgeText({}));
}

test('the seed story: new key first, every place updated and checked off, old key last', async () => {
  // The production key lives in four places, learned as the user saved it there.
  for (const fill of [fillOnMake, fillOnZapier, fillOnN8n, fillOnGptAction]) {
    assert.ok((await fill(browser.context)) === OLD, `${fill.name}: the site received the production key`);
  }

  // Start rotation: the new key goes into the vault first.
  const manager = await openManager();
  await keyRow(manager, 'Production').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(NEW);
  const suggested = await manager.getByLabel('New label').inputValue();
  assert.match(suggested, /^Production — \d{4}-\d{2}-\d{2}$/);
  await manager.getByLabel('New label').fill('Key 1');
  await manager.getByRole('status').filter({ hasText: 'does not say what the key is for' }).waitFor();
  await manager.getByLabel('New label').fill(suggested);
  await manager.getByRole('button', { name: 'Begin rotation' }).click();

  const locations = manager.getByRole('list', { name: 'Locations' });
  await locations.waitFor();
  const places = await locations.getByRole('listitem').locator('.place-name').allInnerTexts();
  assert.deepEqual(places.sort(), [
    'ChatGPT GPT Actions',
    'Make — My OpenAI connection',
    'Zapier',
    'n8n — OpenAi account',
  ]);
  for (const place of places) await expectPlace(manager, place, 'Pending');
  const progress = manager.getByRole('progressbar', { name: 'Rotation progress' });
  assert.equal(await progress.getAttribute('aria-valuenow'), '0');
  assert.equal(await progress.getAttribute('aria-valuemax'), '4');
  assert.equal(await badge(), '0/4');
  const complete = manager.getByRole('button', { name: 'Complete rotation' });
  assert.ok(await complete.isDisabled());

  // Each place has an Open action to its page.
  assert.equal(
    await manager.getByRole('link', { name: 'Open Make — My OpenAI connection' }).getAttribute('href'),
    'https://eu1.make.com/scenarios/edit',
  );

  // Each place: the chip fills the new key straight away (no menu, though
  // two keys are now in the vault), and the site's save checks it off.
  assert.ok((await fillOnMake(browser.context)) === NEW, 'Make received the new key');
  await expectPlace(manager, 'Make', 'Saved');
  assert.equal(await progress.getAttribute('aria-valuenow'), '1');
  assert.equal(await badge(), '1/4');
  assert.ok((await fillOnZapier(browser.context)) === NEW, 'Zapier received the new key');
  assert.ok((await fillOnN8n(browser.context)) === NEW, 'n8n received the new key');
  await expectPlace(manager, 'Zapier', 'Saved');
  await expectPlace(manager, 'n8n', 'Saved');
  assert.ok(await complete.isDisabled(), 'one place still runs on the old key');

  // The GPT Action is updated by hand, then confirmed working.
  await manager.getByRole('button', { name: 'Mark updated: ChatGPT GPT Actions' }).click();
  await expectPlace(manager, 'ChatGPT GPT Actions', 'Saved');
  await manager.getByRole('button', { name: 'Confirm working: ChatGPT GPT Actions' }).click();
  await expectPlace(manager, 'ChatGPT GPT Actions', 'Confirmed');
  await manager
    .getByRole('progressbar', { name: 'Rotation progress', exact: true })
    .and(manager.locator('[aria-valuenow="4"]'))
    .waitFor();
  assert.equal(await badge(), '4/4');
  assert.ok(await complete.isDisabled(), 'the new key is not verified yet');

  // Verify with OpenAI: unreachable, then not yet active, then working.
  const verify = manager.getByRole('button', { name: 'Verify new key' });
  providers.unreachable('api.openai.com');
  await verify.click();
  await manager.getByRole('status').filter({ hasText: 'Could not reach OpenAI' }).waitFor();
  providers.reachable('api.openai.com');
  await verify.click();
  await manager.getByRole('status').filter({ hasText: 'Rejected by OpenAI' }).waitFor();
  providers.accept(NEW);
  await verify.click();
  await manager.getByRole('status').filter({ hasText: 'New key works' }).waitFor();

  // Not safe yet: the user has not said the list is complete (the seed's
  // audit step), and Baton says so instead of "safe".
  const missing = manager.getByRole('list', { name: 'Before revoking' });
  await missing.getByText('You have not said the list of places is complete').waitFor();
  assert.ok(await complete.isDisabled(), 'the audit was skipped');
  await manager.getByRole('button', { name: 'The list is complete' }).click();
  await manager.getByRole('button', { name: 'Complete rotation' }).and(manager.locator(':enabled')).waitFor();

  // The place nobody listed: a script somewhere still calls OpenAI with the
  // old key. With an admin key in the vault, Verify asks OpenAI when the old
  // key was last used: after every place had the new key, so not safe.
  providers.acceptAdmin(ADMIN);
  await addKey(manager, ADMIN, 'OpenAI admin');
  providers.use(OLD);
  await verify.click();
  const used = missing.getByText(
    /^The old key was used at \d{2}:\d{2}, after every place you listed had the new key: something still uses it/,
  );
  await used.waitFor();
  assert.ok(await complete.isDisabled(), 'something still uses the old key');
  // The user finds that place and updates it. (Providers count uses in whole
  // seconds, so Baton takes a use in the second of the last update as after
  // it: the update must come at least a second after the use.)
  await manager.waitForTimeout(1100);
  await manager.getByLabel('Another place').fill('Nightly report script');
  await manager.getByRole('button', { name: 'Add a place' }).click();
  await manager.getByRole('button', { name: 'Mark updated: Nightly report script' }).click();
  await expectPlace(manager, 'Nightly report script', 'Saved');
  await manager.getByRole('button', { name: 'Complete rotation' }).and(manager.locator(':enabled')).waitFor();

  // Old key last: Baton checks it was revoked before it completes.
  await recordNotifications(browser);
  await manager.getByRole('button', { name: 'Complete rotation' }).click();
  await manager.getByRole('alert').filter({ hasText: 'The old key still works at OpenAI' }).waitFor();
  providers.revoke(OLD);
  await manager.getByRole('button', { name: 'Complete rotation' }).click();
  const ending =
    /Completed on \w{3} \d{1,2}, \d{4}\. "Production" \(sk-\.\.\.\w{4}\) is revoked; "Production — [\d-]+" is in use at 5 places\. Next rotation of "Production — [\d-]+": \d{4}-\d{2}-\d{2}\./;
  await manager.getByRole('region', { name: 'Finished rotations' }).getByText(ending).waitFor();
  assert.match(
    await keyRow(manager, 'Production').first().locator('td.status').innerText(),
    /^Revoked \d{4}-\d{2}-\d{2} · replaced by "Production — [\d-]+"$/,
  );
  assert.match(await keyRow(manager, suggested).locator('td.status').innerText(), /^In use · next rotation/);
  assert.equal(await badge(), '');
  // A notification says it is done, in the same words.
  const shown = await recordedNotifications(browser);
  assert.equal(shown.length, 1, JSON.stringify(shown));
  assert.equal(shown[0].title, 'Rotation complete');
  assert.match(shown[0].message, ending);
  assert.ok(shown[0].iconFound, `the icon ${shown[0].iconUrl} resolves in the extension`);
  // The revoked key is offered nowhere; its section says where it was.
  const wasAt = manager.getByRole('list', { name: 'Where Production was' });
  assert.equal(await wasAt.getByRole('listitem').count(), 5);
  await wasAt.getByText('Nightly report script').waitFor();
  const forKey = await manager.getByLabel('For key').locator('option').allInnerTexts();
  assert.ok(forKey.length > 0 && !forKey.some((o) => o.startsWith('Production (')), `For key offers: ${forKey}`);

  // The history says who did what.
  await manager.locator('summary').getByText('History', { exact: true }).click();
  const history = await manager.getByRole('list', { name: 'History' }).innerText();
  assert.match(
    history,
    /Rotation completed: "Production — [\d-]+" replaces "Production" \(sk-\.\.\.\w{4}, revoked\)\. 5 places: 4 saved \(3 seen by Baton\), 1 confirmed working, 0 skipped/,
  );
  assert.match(history, /Make — My OpenAI connection: saved with the new key \(seen by Baton\)/);
  assert.match(history, /ChatGPT GPT Actions: confirmed working \(by you\)/);
  assert.ok(!history.includes(OLD) && !history.includes(NEW));

  // Next time: the reminder is set for one policy (90 days) from now.
  const alarm = await browser.worker().evaluate(() => chrome.alarms.get('baton.reminder'));
  assert.ok(alarm, 'the reminder alarm exists');
  assert.ok(
    Math.abs(alarm.scheduledTime - (Date.now() + 90 * DAY)) < DAY,
    `due ${new Date(alarm.scheduledTime).toISOString()}`,
  );

  // The checks carried the keys in headers only, without cookies.
  assert.ok(providers.requests.length >= 4);
  assert.ok(
    providers.requests.every((r) => !r.cookie && !r.keyInUrl),
    JSON.stringify(providers.requests),
  );
  await manager.close();
});

// Baton's advice in the dashboard's revoke dialog (an extension frame).
async function revokeAdvice(dashboard, rowName) {
  await dashboard.getByRole('button', { name: `Revoke ${rowName}` }).click();
  return adviceIn(dashboard);
}

async function adviceIn(dashboard) {
  const frame = await waitForFrame(dashboard, 'menu/menu.html#advice:');
  // A warning is an alert; "safe" is a status.
  const words = frame.getByRole('alert').or(frame.getByRole('status'));
  await words.waitFor();
  return words.innerText();
}

test('on the OpenAI dashboard: the new key is taken as the replacement, and the revoke dialog warns until every place has it', async () => {
  const dashboard = await browser.context.newPage();
  await dashboard.goto('https://platform.openai.com/api-keys');
  await dashboard.getByRole('button', { name: '+ Create new secret key' }).click();
  await dashboard.getByPlaceholder('My Test Key').fill('Avatar production');
  await dashboard.getByRole('button', { name: 'Create secret key' }).click();
  const secret = dashboard.getByRole('textbox', { name: 'Secret key' });
  const newer = await secret.inputValue();
  assert.ok(newer.startsWith('sk-proj-'));

  // Baton's chip on the one-time display takes the key in, no copy and paste.
  await dashboard.locator('baton-chip').click();
  const menu = await waitForFrame(dashboard, 'menu/menu.html#save:');
  const replaces = menu.getByLabel('Replaces');
  assert.match(await replaces.locator('option:checked').innerText(), /^Production — .* \(sk-\.\.\.\w{4}\) — 5 places$/);
  assert.match(await menu.getByLabel('Label').inputValue(), /^Production — \d{4}-\d{2}-\d{2}$/);
  await menu.getByLabel('Label').fill('Default');
  await menu.getByRole('status').filter({ hasText: 'does not say what the key is for' }).waitFor();
  await menu.getByLabel('Label').fill('Avatar production — next');
  await menu.getByRole('button', { name: 'Begin rotation' }).click();
  await menu.getByRole('status').filter({ hasText: 'Rotation of' }).waitFor();
  await menu.getByRole('button', { name: 'Close' }).click();
  await dashboard.getByRole('button', { name: 'Done' }).click();

  // Revoking the key in use now would break its five places: Baton says so.
  let advice = await revokeAdvice(dashboard, 'Secret key');
  assert.match(advice, /wait before revoking "Production — .*"\. 5 places still use it: .*Make — My OpenAI connection/);
  assert.match(advice, /The new key has not been verified with OpenAI yet/);
  await dashboard.getByRole('button', { name: 'Cancel' }).click();

  // Make through the chip, the others marked by hand; the new key verified.
  assert.ok((await fillOnMake(browser.context)) === newer, 'Make received the key taken from the dashboard');
  const manager = await openManager();
  await expectPlace(manager, 'Make', 'Saved');
  for (const place of ['Zapier', 'n8n — OpenAi account', 'Nightly report script']) {
    await manager.getByRole('button', { name: `Mark updated: ${place}` }).click();
    await expectPlace(manager, place, 'Saved');
  }
  advice = await revokeAdvice(dashboard, 'Secret key');
  assert.match(advice, /1 place still uses it: ChatGPT GPT Actions/);
  await dashboard.getByRole('button', { name: 'Cancel' }).click();
  await manager.getByRole('button', { name: 'Mark updated: ChatGPT GPT Actions' }).click();
  await expectPlace(manager, 'ChatGPT GPT Actions', 'Saved');
  await manager.getByRole('button', { name: 'Verify new key' }).click();
  await manager.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  advice = await revokeAdvice(dashboard, 'Secret key');
  assert.match(advice, /wait before revoking .* You have not said the list of places is complete/);
  await dashboard.getByRole('button', { name: 'Cancel' }).click();
  await manager.getByRole('button', { name: 'The list is complete' }).click();
  await manager.getByText('You checked that this list is complete.').waitFor();

  // Now it is safe; the user revokes on the dashboard and completes in Baton.
  // (The admin key in the vault told Baton to the second when the old key
  // was last used: before every place had the new key.)
  advice = await revokeAdvice(dashboard, 'Secret key');
  assert.match(advice, /safe to revoke/);
  await dashboard.getByRole('button', { name: 'Revoke key' }).click();
  await dashboard.getByRole('dialog').waitFor({ state: 'detached' });
  await manager.getByRole('button', { name: 'Complete rotation' }).click();
  await manager.getByText(/"Production — .*" → "Avatar production — next": completed/).waitFor();
  await dashboard.close();
  await manager.close();
});

test('on the Anthropic console: a new key replaces the Claude key; the delete dialog warns until its place has it', async () => {
  const claude = anthropicKey(51);
  providers.accept(claude, 'Claude production');
  const manager = await openManager();
  await addKey(manager, claude, 'Claude production');
  await manager
    .getByLabel('For key')
    .selectOption({ label: `Claude production (${claude.slice(0, 16)}...${claude.slice(-4)})` });
  await manager.getByLabel('Place', { exact: true }).fill('Render .env');
  await manager.getByRole('button', { name: 'Add place' }).click();
  await manager.getByRole('list', { name: 'Places of Claude production' }).getByText('Render .env').waitFor();

  const console = await browser.context.newPage();
  await console.goto('https://console.anthropic.com/settings/keys');
  await console.getByRole('button', { name: 'Create Key' }).click();
  await console.getByLabel('Name your key').fill('Claude production — next');
  await console.getByRole('button', { name: 'Add' }).click();
  await console.getByRole('textbox', { name: 'API key' }).waitFor();
  await console.locator('baton-chip').click();
  const menu = await waitForFrame(console, 'menu/menu.html#save:');
  assert.match(
    await menu.getByLabel('Replaces').locator('option:checked').innerText(),
    /^Claude production \(sk-ant-api03-\w{3}\.\.\.\w{4}\) — 1 place$/,
  );
  await menu.getByRole('button', { name: 'Begin rotation' }).click();
  await menu.getByRole('status').filter({ hasText: 'Rotation of "Claude production" started' }).waitFor();
  await menu.getByRole('button', { name: 'Close' }).click();
  await console.getByRole('button', { name: 'Close' }).click();

  const deleteDialog = async () => {
    await console.getByRole('button', { name: 'More actions for Claude production', exact: true }).click();
    await console.getByRole('menuitem', { name: 'Delete API key' }).click();
    return adviceIn(console);
  };
  assert.match(
    await deleteDialog(),
    /wait before revoking "Claude production"\. 1 place still uses it: Render \.env\./,
  );
  await console.getByRole('button', { name: 'Cancel' }).click();

  await manager.getByRole('button', { name: 'Mark updated: Render .env' }).click();
  await expectPlace(manager, 'Render .env', 'Saved');
  await manager.getByRole('button', { name: 'The list is complete' }).click();
  await manager.getByText('You checked that this list is complete.').waitFor();
  await manager.getByRole('button', { name: 'Verify new key' }).click();
  await manager.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  assert.ok(
    providers.requests.some((r) => r.host === 'api.anthropic.com'),
    'checked with Anthropic, version header and all',
  );

  assert.match(await deleteDialog(), /safe to revoke "Claude production"/);
  await console.getByRole('button', { name: 'Cancel' }).click();

  // Something nobody listed calls Anthropic with the old key. The console's
  // "Last used" says so, by the day only: Baton cannot tell whether that was
  // before the last place got the new key, and says so in the dialog.
  providers.use(claude);
  await console.reload();
  const advice = await deleteDialog();
  assert.match(advice, /safe to revoke "Claude production"/);
  assert.match(
    advice,
    /Anthropic reports when a key was last used by the day only: the old key was used on \w{3} \d{1,2}, \d{4}, the day the last place got the new key, so Baton cannot tell/,
  );
  await console.getByRole('button', { name: 'Delete API key' }).click();
  await console.getByRole('dialog').waitFor({ state: 'detached' });
  await manager.getByRole('button', { name: 'Complete rotation' }).click();
  await manager.getByText(/"Claude production" → "Claude production — [\d-]+": completed/).waitFor();
  await console.close();
  await manager.close();
});

test('a key Baton knows no place for: no progress bar, and never safe before the list is confirmed', async () => {
  const side = openaiProjectKey(44);
  const next = openaiProjectKey(45);
  providers.accept(side);
  providers.accept(next);
  const manager = await openManager();
  await addKey(manager, side, 'Side project');
  await keyRow(manager, 'Side project').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(next);
  await manager.getByLabel('New label').fill('Side project — next');
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Side project' });
  await panel.getByText('Baton knows no place that uses this key').waitFor();
  assert.equal(await panel.getByRole('progressbar').count(), 0, 'no bar reading "0 of 0" as done');
  await panel.getByRole('button', { name: 'Verify new key' }).click();
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  const complete = panel.getByRole('button', { name: 'Complete rotation' });
  assert.ok(await complete.isDisabled(), 'the list was never confirmed');
  await panel
    .getByRole('list', { name: 'Before revoking' })
    .getByText('You have not said the list of places is complete')
    .waitFor();
  assert.equal(await panel.getByText(/Safe to revoke/).count(), 0);
  await panel.getByRole('button', { name: 'The list is complete' }).click();
  await panel.getByRole('button', { name: 'Complete rotation' }).and(manager.locator(':enabled')).waitFor();
  await panel.getByText(/Safe to revoke/).waitFor();
  await panel.getByRole('progressbar', { name: 'Rotation progress' }).waitFor();
  // Abandoned, the new key removed (the dialog's first choice): nothing of
  // it is left in the vault, and Baton says what is left to do.
  await panel.getByRole('button', { name: 'Abandon rotation' }).click();
  const dialog = manager.getByRole('dialog');
  assert.ok(await dialog.getByRole('radio', { name: 'Remove it from Baton' }).isChecked());
  await dialog.getByRole('button', { name: 'Abandon rotation' }).click();
  await manager.getByText(/"Side project" → "Side project — next": abandoned/).waitFor();
  await manager
    .getByText(
      /Abandoned on \w{3} \d{1,2}, \d{4}\. "Side project" is in use again\. "Side project — next" \(sk-\.\.\.\w{4}\) was removed from Baton; delete it on OpenAI's dashboard too\./,
    )
    .waitFor();
  assert.equal(await keyRow(manager, 'Side project — next').count(), 0);
  assert.match(await keyRow(manager, 'Side project').locator('td.status').innerText(), /^In use/);
  await manager.close();
});

test('abandoning a rotation keeps the old key in use, and the new key as a spare when the user says so', async () => {
  const manager = await openManager();
  const current = 'Avatar production — next';
  await keyRow(manager, current).getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(openaiProjectKey(43));
  await manager.getByLabel('New label').fill('Short-lived');
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  await manager.getByRole('list', { name: 'Locations' }).waitFor();
  await manager.getByRole('button', { name: 'Abandon rotation' }).click();
  await manager.getByRole('dialog').getByRole('radio', { name: 'Keep it as a spare key' }).check();
  await manager.getByRole('dialog').getByRole('button', { name: 'Abandon rotation' }).click();
  await manager.getByText(/"Avatar production — next" → "Short-lived": abandoned/).waitFor();
  await manager
    .getByText(/"Short-lived" \(sk-\.\.\.\w{4}\) stays in your vault as a spare key; no place has it yet\./)
    .waitFor();
  assert.match(await keyRow(manager, current).locator('td.status').innerText(), /^In use/);
  assert.match(await keyRow(manager, 'Short-lived').locator('td.status').innerText(), /^In use/);
  assert.equal(await badge(), '');
  await manager.close();
});

// The guided walk across five tools' pages: from the checklist's "Open", each
// place is the chip and the site's save, then the frame Baton shows on that
// page opens the next one in the same tab. The user's actions per place are
// counted and printed; the goal is three (open it, the chip, the save).
test('the guided walk: five places, each opened, filled with one click and saved, never more than three actions', async () => {
  const SITE = openaiProjectKey(51);
  const SITE_NEXT = openaiProjectKey(52);
  providers.accept(SITE);
  providers.accept(SITE_NEXT);
  const manager = await openManager();
  await addKey(manager, SITE, 'Site key');

  // Where the key lives, learnt as Baton learns it: filled there and saved.
  const envEditor = (name, url, add, save) => ({
    name,
    url,
    async put(page) {
      await page.getByRole('button', { name: add }).click();
      await page.getByRole('textbox').first().fill('OPENAI_API_KEY');
      await page.getByRole('textbox').first().press('Tab');
      return save;
    },
    save,
  });
  const tools = [
    {
      name: 'app.unknowntool.example',
      url: 'https://app.unknowntool.example/settings',
      put: async () => 'Save settings',
      save: 'Save settings',
      saved: 'Saved settings',
    },
    {
      ...envEditor(
        'Netlify',
        'https://app.netlify.com/sites/avatar/configuration/env',
        'Add a variable',
        'Create variable',
      ),
      saved: 'Saved variables',
    },
    {
      ...envEditor(
        'Render',
        'https://dashboard.render.com/web/srv-avatar/env',
        'Add Environment Variable',
        'Save Changes',
      ),
      saved: 'Saved variables',
    },
    {
      ...envEditor('Railway', 'https://railway.com/project/avatar/service/api/variables', 'New Variable', 'Add'),
      saved: 'Saved variables',
    },
    {
      name: 'Vercel',
      url: 'https://vercel.com/acme/avatar-site/settings/environment-variables',
      saved: 'Saved variables',
      save: 'Save',
      async put(page) {
        await page.getByLabel('Key', { exact: true }).fill('OPENAI_API_KEY');
        await page.getByLabel('Key', { exact: true }).press('Tab');
        return 'Save';
      },
    },
  ];
  for (const tool of tools) {
    const page = await browser.context.newPage();
    await page.goto(tool.url);
    const save = await tool.put(page);
    await page.locator('baton-chip').click();
    const menu = await waitForFrame(page, 'menu/menu.html');
    await menu.getByRole('button', { name: /Site key/ }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value.startsWith('sk-')));
    await page.getByRole('button', { name: save, exact: true }).click();
    await page
      .getByRole('status', { name: tool.saved })
      .or(page.locator(`output[aria-label="${tool.saved}"]`))
      .first()
      .waitFor();
    await page.close();
  }

  // The rotation: new key first, then the walk.
  await manager.reload();
  await keyRow(manager, 'Site key').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(SITE_NEXT);
  await manager.getByLabel('New label').fill('Site key — next');
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Site key' });
  const locations = panel.getByRole('list', { name: 'Locations' });
  await locations.getByRole('listitem').nth(4).waitFor();
  assert.equal(await locations.getByRole('listitem').count(), 5);

  const actions = new Map(); // place -> the user's actions there
  const count = (place) => actions.set(place, (actions.get(place) ?? 0) + 1);
  const first = (await locations.getByRole('listitem').first().locator('.place-name').innerText()).trim();
  const opening = browser.context.waitForEvent('page');
  count(first);
  await locations.getByRole('link', { name: `Open ${first}` }).click();
  const tab = await opening;
  let place = first;
  for (let i = 0; i < tools.length; i++) {
    await tab.waitForLoadState();
    const tool = tools.find((t) => tab.url().startsWith(t.url));
    assert.ok(tool, `the walk led to ${tab.url()}`);
    count(place);
    await tab.locator('baton-chip').click();
    await tab.waitForFunction(() => [...document.querySelectorAll('input')].some((i) => i.value.startsWith('sk-')));
    count(place);
    await tab.getByRole('button', { name: tool.save, exact: true }).click();
    const saved = await tab.locator(`output[aria-label="${tool.saved}"]`).textContent();
    assert.ok(saved.includes(SITE_NEXT) && !saved.includes(SITE), `${tool.name} saved the new key`);
    const walk = await waitForFrame(tab, 'menu/walk.html');
    await walk
      .getByRole('status')
      .getByText(`${i + 1} of 5 places done`)
      .waitFor();
    if (i < tools.length - 1) {
      const next = await walk.getByText(/^Next: /).innerText();
      place = next.replace(/^Next: /, '');
      count(place);
      await walk.getByRole('button', { name: `Open ${place}` }).click();
      await tab.waitForURL((url) => !url.href.startsWith(tool.url));
    } else {
      await walk
        .getByText(
          'Every place listed has the new key. Next, in the rotation: check the list is complete and verify the new key.',
        )
        .waitFor();
      await walk.getByRole('button', { name: 'Open the rotation' }).click();
      await tab.waitForURL(/manager\/manager\.html/);
    }
  }
  console.log('User actions per place in the guided walk:');
  for (const [name, n] of actions) console.log(`  ${n}  ${name}`);
  assert.equal(actions.size, 5, 'every place was walked');
  for (const [name, n] of actions) assert.ok(n <= 3, `${name} took ${n} actions`);
  // The walk ends on the rotation: every place checked off by the sites' saves.
  const done = tab.getByRole('article', { name: 'Rotation of Site key' });
  await done.getByText('5 of 5 places done').waitFor();
  await tab.close();
  await manager.close();
});

test("with the vault's OpenAI admin key, OpenAI creates the replacement in the old key's project: its value goes straight into the vault, no page holds it", async () => {
  const manager = await openManager();
  const old = openaiProjectKey(501);
  providers.accept(old, 'Avatar pipeline');
  await addKey(manager, old, 'Avatar pipeline');
  await keyRow(manager, 'Avatar pipeline').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New label').fill('Avatar pipeline — next');
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Avatar pipeline' });
  await panel.waitFor();

  const [account] = providers.serviceAccounts().filter((a) => a.name.startsWith('Avatar pipeline — baton '));
  assert.ok(account, 'a service account named for the old key and the day');
  assert.ok(['proj_avatar', 'proj_tools'].includes(account.project));
  assert.ok(!(await manager.content()).includes(account.key), 'the new value is on no page');
  // The new key is the rotation's, and Baton asked OpenAI at once whether
  // it works: no click.
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await manager
    .locator('ol[aria-label="History"]')
    .getByText(`OpenAI created the new key: service account "${account.name}" in ${account.project}`)
    .waitFor({ state: 'attached' });
  await manager.close();
});

test('a creation whose answer never came is never made twice: the next try deletes the key it may have made, then creates one', async () => {
  const manager = await openManager();
  const old = openaiProjectKey(502);
  providers.accept(old, 'Shorts bot');
  await addKey(manager, old, 'Shorts bot');
  await keyRow(manager, 'Shorts bot').getByRole('button', { name: 'Start rotation' }).click();
  providers.loseNextCreation();
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  // Baton gives up on an API after ten seconds.
  await manager
    .getByRole('alert')
    .filter({ hasText: 'Baton cannot tell whether it created the key' })
    .waitFor({ timeout: 20_000 });
  const lost = providers.serviceAccounts().filter((a) => a.name.startsWith('Shorts bot — baton '));
  assert.equal(lost.length, 1, 'OpenAI made it; its answer was lost');

  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  await manager.getByRole('article', { name: 'Rotation of Shorts bot' }).waitFor();
  const now = providers.serviceAccounts().filter((a) => a.name.startsWith('Shorts bot — baton '));
  assert.equal(now.length, 1, 'one service account of that name, not two');
  assert.notEqual(now[0].id, lost[0].id, 'the lost one deleted, a new one made');
  assert.ok(!providers.works(lost[0].key), 'the lost key no longer works');
  assert.ok(providers.works(now[0].key));
  await manager.close();
});

test('a creation the network made twice leaves one: the twin whose key nobody holds is deleted', async () => {
  const manager = await openManager();
  const old = openaiProjectKey(503);
  providers.accept(old, 'Captions');
  await addKey(manager, old, 'Captions');
  await keyRow(manager, 'Captions').getByRole('button', { name: 'Start rotation' }).click();
  providers.twinNextCreation();
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  await manager.getByRole('article', { name: 'Rotation of Captions' }).waitFor();
  const named = providers.serviceAccounts().filter((a) => a.name.startsWith('Captions — baton '));
  assert.equal(named.length, 1, 'the twin is gone');
  assert.ok(providers.works(named[0].key));
  await manager.close();
});

test('once the gate is open, the old key is revoked through the admin API on a confirming click, and the rotation completes', async () => {
  const manager = await openManager();
  const panel = manager.getByRole('article', { name: 'Rotation of Avatar pipeline' });
  const revoke = panel.getByRole('button', { name: 'Revoke the old key on OpenAI' });
  assert.equal(await revoke.count(), 0, 'not before the list of places is said complete');
  await panel.getByRole('button', { name: 'The list is complete' }).click();
  await revoke.click();
  await panel
    .getByRole('group', { name: 'Confirm revoking' })
    .getByRole('button', { name: 'Revoke and complete' })
    .click();
  await panel.waitFor({ state: 'detached' });
  assert.ok(!providers.works(openaiProjectKey(501)), 'the old key no longer works');
  await manager
    .getByRole('region', { name: 'Finished rotations' })
    .getByText(/Avatar pipeline/)
    .first()
    .waitFor();
  await manager.close();
});

test("OpenAI's older API will not delete a service account's key: Baton deletes its service account instead", async () => {
  const manager = await openManager();
  const [old] = providers.serviceAccounts().filter((a) => a.name.startsWith('Avatar pipeline — baton '));
  await keyRow(manager, 'Avatar pipeline — next').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Avatar pipeline — next' });
  await panel.getByRole('button', { name: 'The list is complete' }).click();
  await panel.getByRole('button', { name: 'Verify new key' }).click();
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  providers.olderKeyDelete();
  await panel.getByRole('button', { name: 'Revoke the old key on OpenAI' }).click();
  await panel.getByRole('button', { name: 'Revoke and complete' }).click();
  await panel.waitFor({ state: 'detached' });
  assert.ok(!providers.works(old.key), 'the old key went with its service account');
  assert.ok(!providers.serviceAccounts().some((a) => a.id === old.id));
  await manager.close();
});

test('a leaked key in one screen: the new key made and checked at once, the leaked one revoked at once, the places that fail until updated named', async () => {
  const manager = await openManager();
  const old = openaiProjectKey(504);
  providers.accept(old, 'Newsletter');
  await addKey(manager, old, 'Newsletter');
  await keyRow(manager, 'Newsletter').getByRole('button', { name: 'This key leaked: Newsletter' }).click();
  await manager
    .getByRole('form', { name: 'Rotate Newsletter' })
    .getByText('Key leaked: replace "Newsletter" now')
    .waitFor();
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Newsletter' });
  // Verified without a click.
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  const now = panel.getByRole('group', { name: 'Revoke the leaked key now' });
  await now.getByText('Every place has the new key.').waitFor();
  // A place the user knows of: it fails once the leaked key goes, and is said so.
  await panel.getByLabel('Another place').fill('Cron on the VPS');
  await panel.getByRole('button', { name: 'Add a place' }).click();
  await now.getByRole('list', { name: 'Places that fail until updated' }).getByText('Cron on the VPS').waitFor();
  assert.ok(await panel.getByRole('button', { name: 'Complete rotation' }).isDisabled(), 'revoking is not called safe');
  await panel.getByText('Before the rotation can complete:').waitFor();
  assert.equal(await panel.getByText(/^Do not revoke the old key/).count(), 0, 'no "wait" next to "revoke now"');
  await now.getByRole('button', { name: 'Revoke it on OpenAI now' }).click();
  await now.waitFor({ state: 'detached' });
  assert.ok(!providers.works(old), 'the leaked key is revoked');
  // The rotation goes on: the place updated, the list complete, then done.
  // Its revoke button is no dead end: the key is gone from the listing, and
  // OpenAI's own answer that it no longer works completes the rotation.
  await panel.getByRole('button', { name: 'Mark updated: Cron on the VPS' }).click();
  await panel.getByRole('button', { name: 'The list is complete' }).click();
  await panel.getByRole('button', { name: 'Revoke the old key on OpenAI' }).click();
  await panel.getByRole('button', { name: 'Revoke and complete' }).click();
  await panel.waitFor({ state: 'detached' });
  await manager.close();
});

test('a key Baton was creating when it stopped is deleted when the manager next opens, without a click', async () => {
  const manager = await openManager();
  const old = openaiProjectKey(505);
  providers.accept(old, 'Podcast');
  await addKey(manager, old, 'Podcast');
  await keyRow(manager, 'Podcast').getByRole('button', { name: 'Start rotation' }).click();
  providers.loseNextCreation();
  await manager.getByRole('button', { name: 'Create the new key on OpenAI' }).click();
  await manager
    .getByRole('alert')
    .filter({ hasText: 'Baton cannot tell whether it created the key' })
    .waitFor({ timeout: 20_000 });
  const lost = providers.serviceAccounts().filter((a) => a.name.startsWith('Podcast — baton '));
  assert.equal(lost.length, 1, 'OpenAI made it; its answer was lost');
  await manager.close();

  const again = await openManager();
  await again
    .locator('ol[aria-label="History"]')
    .getByText('Baton deleted the key OpenAI may have made')
    .first()
    .waitFor({ state: 'attached' });
  assert.equal(providers.serviceAccounts().filter((a) => a.name.startsWith('Podcast — baton ')).length, 0);
  assert.ok(!providers.works(lost[0].key), 'the key nobody holds no longer works');
  await again.close();
});

test('a leaked key of a provider without an admin key in the vault: checked at once, and its revocation left to the dashboard, said so', async () => {
  const manager = await openManager();
  const old = anthropicKey(506);
  const next = anthropicKey(507);
  providers.accept(old);
  providers.accept(next);
  await addKey(manager, old, 'Claude bot');
  await keyRow(manager, 'Claude bot').getByRole('button', { name: 'This key leaked: Claude bot' }).click();
  await manager.getByLabel('New key').fill(next);
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Claude bot' });
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await panel
    .getByRole('group', { name: 'Revoke the leaked key now' })
    .getByText("Revoke it on Anthropic's dashboard now")
    .waitFor();
  assert.equal(await panel.getByRole('button', { name: /Revoke it on/ }).count(), 0, 'no admin key: no button');
  await manager.close();
});

// OpenRouter's keys look alike, its management keys too: the management
// key is connected as a platform (Baton checks it lists the account's
// keys), never added as a key. Then Baton has OpenRouter make the
// replacement, and deletes the old key there at the end.
test('an OpenRouter key: its replacement made with the connected management key, the old key deleted there at the end', async () => {
  const manager = await openManager();
  const old = openRouterKey(511);
  const management = openRouterKey(512);
  providers.acceptOpenRouter(old, 'Chatbot');
  providers.acceptManagement(management);
  await addKey(manager, old, 'Chatbot');
  const platforms = manager.locator('section#platforms');
  const connect = async (token) => {
    await platforms.getByRole('button', { name: 'Connect a platform' }).click();
    await platforms.getByLabel('Platform').selectOption({ label: 'OpenRouter' });
    await platforms.getByLabel('Token').fill(token);
    await platforms.getByRole('button', { name: 'Connect', exact: true }).click();
  };
  // An ordinary key is refused: it lists nothing.
  await connect(old);
  await platforms.getByRole('alert').filter({ hasText: 'not a management key' }).waitFor();
  await platforms.getByRole('button', { name: 'Cancel' }).click();
  await connect(management);
  await platforms.getByText('OpenRouter (management key)').waitFor();

  await keyRow(manager, 'Chatbot').getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByRole('button', { name: 'Create the new key on OpenRouter' }).click();
  const panel = manager.getByRole('article', { name: 'Rotation of Chatbot' });
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  const made = providers.openRouterKeys().filter((k) => k.name.startsWith('Chatbot — baton '));
  assert.equal(made.length, 1, 'one key, named for the old one and the day');
  assert.ok(!(await manager.content()).includes(made[0].key), 'the new value is on no page');
  await manager
    .locator('ol[aria-label="History"]')
    .getByText(`OpenRouter created the new key "${made[0].name}"`)
    .waitFor({ state: 'attached' });

  await panel.getByRole('button', { name: 'The list is complete' }).click();
  await panel.getByRole('button', { name: 'Revoke the old key on OpenRouter' }).click();
  await panel.getByRole('button', { name: 'Revoke and complete' }).click();
  await panel.waitFor({ state: 'detached' });
  assert.ok(!providers.works(old), 'the old key is deleted');
  assert.ok(providers.works(made[0].key));
  assert.deepEqual(
    providers.openRouterKeys().map((k) => k.name),
    [made[0].name],
    'only the new key is left on the account',
  );
  assert.ok(!providers.requests.some((r) => r.keyInUrl || r.cookie), 'keys in headers only, no cookie');
  await manager.close();
});
