// A rotation at API speed: one OpenAI key at ten places, seven on six
// connected platforms (Vercel's production and preview, Netlify, Render,
// Railway, GitHub, n8n) and three tools' pages (Make, Zapier, a GPT Action).
// The new key is created by OpenAI through the admin key, every API place
// updated with one click, the web places walked by page, the old key revoked
// through the admin API at the end. The user's actions from "Start rotation"
// to the rotation's end are counted and printed, with the time from "Update
// by API" to every API place Confirmed (the fakes answer at once: that time
// is Baton's own).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, openaiAdminKey } from '../support/keys.mjs';
import { providerFakes } from '../support/providers.mjs';
import { createVault, addKey, keyRow } from '../support/manager.mjs';
import {
  fillOnMake,
  fillOnZapier,
  fillOnGptAction,
  makeSteps,
  zapierSteps,
  gptActionSteps,
  waitForFrame,
} from '../support/tools.mjs';
import { sevenPlaces } from '../support/platforms.mjs';

const PASSWORD = 'speed tests master password';
const OLD = openaiProjectKey(601);
const ADMIN = openaiAdminKey(602);

const providers = providerFakes();
const { tokens: TOKENS, fakes, found: FOUND, routes } = sevenPlaces(OLD);
const { vercel, github, render, netlify, railway, n8n } = fakes;

let server;
let browser;

before(async () => {
  server = await startServer({
    routes: [providers.route, ...routes],
  });
  browser = await launch({ port: server.port });
  providers.accept(OLD, 'Avatar');
  providers.acceptAdmin(ADMIN);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const section = (page) => page.locator('section#platforms');

async function connect(manager, platform, token, base) {
  await section(manager).getByRole('button', { name: 'Connect a platform' }).click();
  await manager.getByLabel('Platform').selectOption({ label: platform });
  await manager.getByLabel('Token').fill(token);
  if (base) await manager.getByLabel('Base URL').fill(base);
  await manager.getByRole('button', { name: 'Connect', exact: true }).click();
  await section(manager).getByRole('button', { name: 'Connect a platform' }).waitFor();
}

// The place a connection found by name, given the key.
async function assign(manager, connection, place) {
  const found = section(manager).getByRole('list', { name: `Places found on ${connection}` });
  const form = found.getByRole('form', { name: place });
  await manager.getByLabel(`Key held by ${place}`).selectOption({ label: 'Avatar' });
  await form.getByRole('button', { name: 'Add to key' }).click();
  await form.waitFor({ state: 'detached' });
}

// What the user does on a tool's page once the walk has opened it: the
// site's own steps to its key field, Baton's chip, the site's save, each
// click one action (`act`). Each answers the key the site saved.
const WALKED = [
  { place: 'Make — My OpenAI connection', update: (tab, act) => makeSteps(tab, { click: act }) },
  { place: 'Zapier', update: (tab, act) => zapierSteps(tab, { click: act }) },
  // The Action's authentication was saved before: API Key, Custom.
  { place: 'ChatGPT GPT Actions', update: (tab, act) => gptActionSteps(tab, { click: act }) },
];

test('one OpenAI key at ten places: created by OpenAI, seven updated in one click, three walked by page, revoked at the end', async () => {
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, ADMIN, 'OpenAI admin');
  await addKey(manager, OLD, 'Avatar');

  // Where the key lives, learnt once: on the tools' pages as the user saved
  // it there; on the platforms by value where they give values back, else
  // by name with the user saying which key.
  for (const fill of [fillOnMake, fillOnZapier, fillOnGptAction]) {
    assert.equal(await fill(browser.context), OLD, `${fill.name}: the site took the key`);
  }
  await connect(manager, 'Vercel', TOKENS.vercel);
  await connect(manager, 'GitHub', TOKENS.github);
  await connect(manager, 'n8n', TOKENS.n8n, 'https://studio.app.n8n.cloud');
  for (const [connection, places] of Object.entries(FOUND)) {
    for (const place of places) await assign(manager, connection, place);
  }
  await connect(manager, 'Render', TOKENS.render);
  await connect(manager, 'Netlify', TOKENS.netlify);
  await connect(manager, 'Railway', TOKENS.railway);
  const places = manager.getByRole('list', { name: 'Places of Avatar' }).getByRole('listitem');
  await places.nth(9).waitFor();
  assert.equal(await places.count(), 10, 'ten places, three of them found by their value');

  // The rotation, each user action counted.
  let actions = 0;
  const act = async (locator) => {
    actions += 1;
    await locator.click();
  };
  await act(keyRow(manager, 'Avatar').getByRole('button', { name: 'Start rotation' }));
  await act(manager.getByRole('button', { name: 'Create the new key on OpenAI' }));
  const panel = manager.getByRole('article', { name: 'Rotation of Avatar' });
  // Baton asks OpenAI whether the key it made works, without a click.
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await panel.getByText('7 on connected platforms, updated without a visit.').waitFor();
  const started = Date.now();
  await act(panel.getByRole('button', { name: 'Update by API' }));
  const locations = panel.getByRole('list', { name: 'Locations' });
  const confirmed = locations.getByRole('listitem').filter({ hasText: 'Confirmed' });
  await confirmed.nth(6).waitFor();
  const pushMs = Date.now() - started;
  const byApi = actions;

  // Every API place has the key OpenAI made, and every project redeployed once.
  const [account] = providers.serviceAccounts().filter((a) => a.name.startsWith('Avatar — baton '));
  const NEXT = account.key;
  assert.equal(vercel.value('prj_avatar', 'OPENAI_API_KEY', 'production'), NEXT);
  assert.equal(vercel.value('prj_avatar', 'OPENAI_API_KEY', 'preview'), NEXT);
  assert.deepEqual(vercel.redeploys.length, 1, 'one redeploy for both targets');
  assert.equal(github.secret('studio', 'avatar-bot', 'OPENAI_API_KEY'), NEXT);
  assert.equal(render.vars('srv-api').OPENAI_API_KEY, NEXT);
  assert.deepEqual(netlify.values('site-shop', 'OPENAI_API_KEY'), { all: NEXT });
  assert.equal(railway.vars('env-prod', 'svc-worker').LLM_KEY, NEXT);
  assert.equal(n8n.data('cr-1').apiKey, NEXT);

  // The web places, walked: the checklist opens the first, the frame Baton
  // shows after each save opens the next in the same tab, and the last
  // brings the user back to the rotation.
  const walking = locations.getByRole('listitem').filter({ hasText: 'Pending' });
  assert.equal(await walking.count(), 3, 'three places left to the walk');
  let place = (await walking.first().locator('.place-name').innerText()).trim();
  const opening = browser.context.waitForEvent('page');
  await act(locations.getByRole('link', { name: `Open ${place}` }));
  const tab = await opening;
  const walked = [];
  for (let i = 0; i < WALKED.length; i++) {
    await tab.waitForLoadState();
    const tool = WALKED.find((t) => t.place === place);
    assert.ok(tool, `the walk led to ${place}`);
    walked.push(place);
    assert.equal(await tool.update(tab, act), NEXT, `${place} saved the new key`);
    const walk = await waitForFrame(tab, 'menu/walk.html');
    await walk
      .getByRole('status')
      .getByText(`${8 + i} of 10 places done`)
      .waitFor();
    if (i < WALKED.length - 1) {
      place = (await walk.getByText(/^Next: /).innerText()).replace(/^Next: /, '');
      const from = tab.url();
      await act(walk.getByRole('button', { name: `Open ${place}` }));
      await tab.waitForURL((url) => url.href !== from);
    } else {
      await act(walk.getByRole('button', { name: 'Open the rotation' }));
      await tab.waitForURL(/manager\/manager\.html/);
    }
  }
  assert.deepEqual(walked.sort(), WALKED.map((t) => t.place).sort(), 'every web place was walked');
  const walkActions = actions - byApi;

  const done = tab.getByRole('article', { name: 'Rotation of Avatar' });
  await done.getByText('10 of 10 places done').waitFor();
  await act(done.getByRole('button', { name: 'The list is complete' }));
  await act(done.getByRole('button', { name: 'Revoke the old key on OpenAI' }));
  await act(done.getByRole('button', { name: 'Revoke and complete' }));
  await done.waitFor({ state: 'detached' });
  assert.ok(!providers.works(OLD), 'the old key is revoked');
  assert.ok(providers.works(NEXT));

  const ending = actions - byApi - walkActions;
  console.log(`Ten places (seven by API on six platforms, three by page): ${actions} user actions, start to done:`);
  console.log(`  ${byApi} to create the new key and update the seven API places;`);
  console.log(
    `  ${walkActions} to walk Make, Zapier and the GPT Action (each opened, the site's own steps, the chip, the save; back to the rotation);`,
  );
  console.log(`  ${ending} to say the list is complete and revoke the old key.`);
  console.log(`  Update by API to every API place Confirmed: ${pushMs} ms (the fakes answer at once).`);
  assert.equal(byApi, 3, 'a place with an API costs no action of its own');
  // Make's connection dialog and Zapier's sign-in popup are one step each
  // of the sites' own before their key field: four actions there, three
  // at the GPT Action, one to come back.
  assert.ok(walkActions <= 4 + 4 + 3 + 1, `${walkActions} actions in the walk`);
  assert.equal(ending, 3, 'the audit, the revocation and its confirmation');
  await tab.close();
  await manager.close();
});
