// A rotation at API speed: one OpenAI key at seven places on six connected
// platforms (Vercel's production and preview, Netlify, Render, Railway,
// GitHub, n8n), the new key created by OpenAI through the admin key, every
// place updated with one click, the old key revoked through the admin API at
// the end. The user's actions from "Start rotation" to the rotation's end are
// counted and printed, with the time from "Update by API" to every place
// Confirmed (the fakes answer at once: that time is Baton's own).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, openaiAdminKey } from '../support/keys.mjs';
import { providerFakes } from '../support/providers.mjs';
import { createVault, addKey, keyRow } from '../support/manager.mjs';
import { vercelFake, githubFake, renderFake, netlifyFake, railwayFake, n8nFake } from '../support/platforms.mjs';

const PASSWORD = 'speed tests master password';
const OLD = openaiProjectKey(601);
const ADMIN = openaiAdminKey(602);

const providers = providerFakes();
const TOKENS = {
  vercel: 'vercel_speed_0123456789abcdefghij',
  github: 'github_pat_speed_0123456789abcdefghij',
  render: 'rnd_speed_0123456789abcdefghij',
  netlify: 'nfp_speed_0123456789abcdefghij',
  railway: 'rw_speed_0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
  n8n: 'n8n_api_speed_0123456789abcdefghij',
};
// Vercel keeps the key once per target (sensitive: its value never comes
// back, so it is found by name); Render, Netlify and Railway give values
// back, so their places join the key by its value; GitHub and n8n by name.
const vercel = vercelFake({
  token: TOKENS.vercel,
  projects: [
    {
      id: 'prj_avatar',
      name: 'avatar-site',
      deployments: ['dpl_1'],
      env: [
        { id: 'env_prod', key: 'OPENAI_API_KEY', value: OLD, target: ['production'], type: 'sensitive' },
        { id: 'env_prev', key: 'OPENAI_API_KEY', value: OLD, target: ['preview'], type: 'sensitive' },
      ],
    },
  ],
});
const github = githubFake({
  token: TOKENS.github,
  repos: [{ owner: 'studio', name: 'avatar-bot', secrets: { OPENAI_API_KEY: OLD } }],
});
const render = renderFake({
  token: TOKENS.render,
  services: [{ id: 'srv-api', name: 'avatar-api', env: { OPENAI_API_KEY: OLD } }],
});
const netlify = netlifyFake({
  token: TOKENS.netlify,
  sites: [{ id: 'site-shop', name: 'avatar-shop', account: 'acc-studio', env: { OPENAI_API_KEY: { all: OLD } } }],
});
const railway = railwayFake({
  token: TOKENS.railway,
  kind: 'project',
  project: {
    id: 'prj-rw',
    name: 'avatar',
    services: [{ id: 'svc-worker', name: 'worker' }],
    environments: [{ id: 'env-prod', name: 'production' }],
    variables: { 'env-prod/svc-worker': { LLM_KEY: OLD } },
  },
});
const n8n = n8nFake({
  host: 'studio.app.n8n.cloud',
  apiKey: TOKENS.n8n,
  credentials: [{ id: 'cr-1', name: 'OpenAI account', type: 'openAiApi', data: { apiKey: OLD } }],
});

let server;
let browser;

before(async () => {
  server = await startServer({
    routes: [providers.route, vercel.route, github.route, render.route, netlify.route, railway.route, n8n.route],
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
  await manager.getByRole('button', { name: 'Connect' }).click();
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

test('one OpenAI key at seven places on six platforms: created by OpenAI, updated in one click, revoked at the end', async () => {
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, ADMIN, 'OpenAI admin');
  await addKey(manager, OLD, 'Avatar');

  // Where the key lives, learnt once: by value where the platform gives
  // values back, else by name with the user saying which key.
  await connect(manager, 'Vercel', TOKENS.vercel);
  await assign(manager, 'Vercel (maya)', 'avatar-site: OPENAI_API_KEY (production)');
  await assign(manager, 'Vercel (maya)', 'avatar-site: OPENAI_API_KEY');
  await connect(manager, 'GitHub', TOKENS.github);
  await assign(manager, 'GitHub (maya)', 'studio/avatar-bot: OPENAI_API_KEY');
  await connect(manager, 'n8n', TOKENS.n8n, 'https://studio.app.n8n.cloud');
  await assign(manager, 'n8n (studio.app.n8n.cloud)', 'OpenAI account: apiKey');
  await connect(manager, 'Render', TOKENS.render);
  await connect(manager, 'Netlify', TOKENS.netlify);
  await connect(manager, 'Railway', TOKENS.railway);
  const places = manager.getByRole('list', { name: 'Places of Avatar' }).getByRole('listitem');
  await places.nth(6).waitFor();
  assert.equal(await places.count(), 7, 'seven places, three of them found by their value');

  // The rotation, each user action counted.
  let actions = 0;
  const act = async (locator) => {
    actions += 1;
    await locator.click();
  };
  await act(keyRow(manager, 'Avatar').getByRole('button', { name: 'Start rotation' }));
  await act(manager.getByRole('button', { name: 'Create the new key on OpenAI' }));
  const panel = manager.getByRole('article', { name: 'Rotation of Avatar' });
  await panel.getByText('7 on connected platforms, updated without a visit.').waitFor();
  const started = Date.now();
  await act(panel.getByRole('button', { name: 'Update by API' }));
  const confirmed = panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'Confirmed' });
  await confirmed.nth(6).waitFor();
  const pushMs = Date.now() - started;

  // Every place has the key OpenAI made, and every project redeployed once.
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

  await act(panel.getByRole('button', { name: 'The list is complete' }));
  await act(panel.getByRole('button', { name: 'Verify new key' }));
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await act(panel.getByRole('button', { name: 'Revoke the old key on OpenAI' }));
  await act(panel.getByRole('button', { name: 'Revoke and complete' }));
  await panel.waitFor({ state: 'detached' });
  assert.ok(!providers.works(OLD), 'the old key is revoked');
  assert.ok(providers.works(NEXT));

  console.log(`Seven places on six platforms: ${actions} user actions from Start rotation to done;`);
  console.log(`  Update by API to every place Confirmed: ${pushMs} ms (the fakes answer at once).`);
  assert.ok(actions <= 7, `${actions} actions`);
  await manager.close();
});
