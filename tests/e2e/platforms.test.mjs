// Connected platforms (DESIGN.md › Connected platforms): a Vercel token is
// checked against Vercel's API (a fake at api.vercel.com that keeps state),
// kept sealed in the vault and never shown whole; the variables that hold
// keys are found and, once the user says which key each holds, join that
// key's places; a refused token is said in words and kept nowhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, anthropicKey, elevenLabsKey } from '../support/keys.mjs';
import { createVault, addKey, keyRow } from '../support/manager.mjs';
import { providerFakes } from '../support/providers.mjs';
import {
  vercelFake,
  githubFake,
  renderFake,
  netlifyFake,
  railwayFake,
  n8nFake,
  makeFake,
} from '../support/platforms.mjs';

const PASSWORD = 'platforms tests master password';
const OPENAI = openaiProjectKey(91);
const ANTHROPIC = anthropicKey(92);
const TOKEN = 'vercel_e2e_9f8e7d6c5b4a39281706';
const NEW = openaiProjectKey(93);

const DAY = 86_400_000;
const providers = providerFakes();
// The token's metadata: a team token that expires in five days.
const vercel = vercelFake({
  token: TOKEN,
  expiresAt: Date.now() + 5 * DAY + 3_600_000,
  scopes: [{ type: 'team', teamId: 'team_studio', origin: 'manual', createdAt: Date.now() }],
  teams: [{ id: 'team_studio', slug: 'studio' }],
  projects: [
    {
      id: 'prj_blog',
      name: 'blog',
      env: [{ id: 'env_db', key: 'DATABASE_URL', value: 'postgres://x', target: ['production'], type: 'encrypted' }],
    },
    {
      id: 'prj_avatar',
      name: 'avatar-site',
      team: 'team_studio',
      deployments: ['dpl_1'],
      env: [
        { id: 'env_oa', key: 'OPENAI_API_KEY', value: 'sk-old', target: ['production', 'preview'], type: 'sensitive' },
        { id: 'env_an', key: 'ANTHROPIC_API_KEY', value: 'sk-ant-old', target: ['development'], type: 'encrypted' },
        { id: 'env_pub', key: 'NEXT_PUBLIC_OPENAI_API_KEY', value: 'x', target: ['production'], type: 'plain' },
      ],
    },
  ],
});

const GITHUB_TOKEN = 'github_pat_e2e_11ABCDEFG0123456789';
const github = githubFake({
  token: GITHUB_TOKEN,
  repos: [
    {
      owner: 'studio',
      name: 'avatar-bot',
      secrets: { OPENAI_API_KEY: 'sk-old', NPM_TOKEN: 'npm_x' },
      environments: { production: { ANTHROPIC_API_KEY: 'sk-ant-old' } },
    },
  ],
});

const RENDER_TOKEN = 'rnd_e2e_0123456789abcdefghij';
const render = renderFake({
  token: RENDER_TOKEN,
  services: [{ id: 'srv-avatar', name: 'avatar-api', env: { ELEVENLABS_API_KEY: 'old-eleven', PORT: '8080' } }],
});

const NETLIFY_TOKEN = 'nfp_e2e_0123456789abcdefghij';
const netlify = netlifyFake({
  token: NETLIFY_TOKEN,
  sites: [
    {
      id: 'site-shop',
      name: 'avatar-shop',
      account: 'acc-studio',
      env: { OPENAI_API_KEY: { production: 'sk-old', 'deploy-preview': 'sk-old' }, NODE_VERSION: { all: '22' } },
    },
  ],
});

const RAILWAY_TOKEN = 'rw_e2e_6f1c0a2b-3d4e-5f60-7182-93a4b5c6d7e8';
const railway = railwayFake({
  token: RAILWAY_TOKEN,
  kind: 'project',
  project: {
    id: 'prj-rw',
    name: 'avatar',
    services: [
      { id: 'svc-api', name: 'api' },
      { id: 'svc-worker', name: 'worker' },
    ],
    // The token reaches the first environment only.
    environments: [
      { id: 'env-prod', name: 'production' },
      { id: 'env-stage', name: 'staging' },
    ],
    variables: {
      'env-prod/svc-api': { OPENAI_API_KEY: 'sk-old', FALLBACK_OPENAI_API_KEY: 'sk-old', DATABASE_URL: 'postgres://x' },
      'env-prod/svc-worker': { OPENAI_API_KEY: 'sk-old' },
      'env-stage/svc-api': { OPENAI_API_KEY: 'sk-stage' },
    },
  },
});

// n8n Cloud's instance (its hosts are granted at install), and a
// self-hosted one (its host is asked for when connected).
// An n8n API key is a JWT; this one says it expires in sixty days.
const N8N_EXPIRES = Math.floor(Date.now() / 1000) + 60 * 86_400;
const N8N_KEY = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(
  JSON.stringify({ sub: 'user-1', iss: 'n8n', aud: 'public-api', exp: N8N_EXPIRES }),
).toString('base64url')}.c2lnbmF0dXJlLWUyZS0zYzVkN2U5ZjFh`;
const n8n = n8nFake({
  host: 'acme.app.n8n.cloud',
  apiKey: N8N_KEY,
  credentials: [
    {
      id: 'cr-openai',
      name: 'OpenAI account',
      type: 'openAiApi',
      data: { apiKey: 'sk-old', organizationId: 'org-studio', url: 'https://api.openai.com/v1' },
    },
    { id: 'cr-slack', name: 'Slack bot', type: 'slackApi', data: { accessToken: 'xoxb-1' } },
    { id: 'cr-claude', name: 'Claude', type: 'anthropicApi', data: { apiKey: 'sk-ant-old' } },
  ],
});
const selfHosted = n8nFake({ host: 'n8n.acme.example', apiKey: N8N_KEY, credentials: [] });

const MAKE_TOKEN = 'mk_e2e_0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';
const make = makeFake({
  zone: 'eu1.make.com',
  token: MAKE_TOKEN,
  organizations: [
    { id: 11, name: 'Studio', zone: 'eu1.make.com' },
    { id: 12, name: 'US arm', zone: 'us1.make.com' },
  ],
  teams: [{ id: 22, name: 'Content', organizationId: 11 }],
  connections: [
    {
      id: 33,
      name: 'Avatar scripts',
      accountName: 'openai-gpt-3',
      accountLabel: 'OpenAI (ChatGPT, Whisper, DALL-E)',
      teamId: 22,
      schema: [{ name: 'apiKey', type: 'password', label: 'API Key', required: true }],
      data: { apiKey: 'sk-old' },
    },
    {
      id: 34,
      name: 'Org scripts',
      accountName: 'openai-gpt-3',
      accountLabel: 'OpenAI (ChatGPT, Whisper, DALL-E)',
      teamId: 22,
      schema: [
        { name: 'apiKey', type: 'password', label: 'API Key', required: true },
        { name: 'organizationId', type: 'text', label: 'Organization ID' },
      ],
      data: { apiKey: 'sk-old', organizationId: 'org-studio' },
    },
    { id: 35, name: 'Team chat', accountName: 'slack', accountLabel: 'Slack', teamId: 22, schema: [] },
  ],
});

let server;
let browser;

before(async () => {
  server = await startServer({
    routes: [
      providers.route,
      vercel.route,
      github.route,
      render.route,
      netlify.route,
      railway.route,
      n8n.route,
      selfHosted.route,
      make.route,
    ],
  });
  browser = await launch({ port: server.port });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const section = (page) => page.locator('section#platforms');

// The rotation of the key `label` to `value` (labelled "<label> next"):
// its panel.
// The new key works with its provider unless `works` says otherwise: a
// push goes only with a key the provider accepted.
async function beginRotation(manager, label, value, { works = true } = {}) {
  if (works) providers.accept(value);
  await keyRow(manager, label).getByRole('button', { name: 'Start rotation' }).click();
  await manager.getByLabel('New key').fill(value);
  await manager.getByLabel('New label').fill(`${label} next`);
  await manager.getByRole('button', { name: 'Begin rotation' }).click();
  return manager.getByRole('article', { name: `Rotation of ${label}` });
}

async function connect(manager, token, platform = 'Vercel', expires = '') {
  await section(manager).getByRole('button', { name: 'Connect a platform' }).click();
  await manager.getByLabel('Platform').selectOption({ label: platform });
  // The labels the contract names, each naming one control.
  await manager.getByLabel('Token').fill(token);
  await manager.getByLabel('Expires').fill(expires);
  // The one button answering to "Connect" while the form is open.
  await manager.getByRole('button', { name: 'Connect' }).click();
}

test('a refused token is said in words and kept nowhere', async () => {
  const manager = await createVault(browser, PASSWORD);
  await addKey(manager, OPENAI, 'Production — OpenAI');
  await addKey(manager, ANTHROPIC, 'Development — Anthropic', 'Development');
  await connect(manager, 'vercel_wrong_token_000000000000');
  await section(manager)
    .getByRole('alert')
    .filter({ hasText: 'Vercel refused the token: it is wrong, expired or revoked. Connect Vercel again.' })
    .waitFor();
  await section(manager).getByText('No platform connected.').waitFor();
  await manager.close();
});

test('connecting Vercel finds the variables that hold keys, and each joins the key the user names', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const before = vercel.asked.length;
  await connect(manager, TOKEN);
  const connection = section(manager).getByRole('list', { name: 'Connections' }).getByRole('listitem').first();
  await connection.getByText('Vercel (maya)').waitFor();
  // The token's end only, never the token; what Vercel says of it.
  await connection.getByText('token …1706').waitFor();
  assert.ok(!(await manager.content()).includes(TOKEN));
  await connection.getByText(/ · expires .* · reaches one team · sees 2 projects/).waitFor();
  await section(manager)
    .getByRole('list', { name: 'Reminders for Vercel (maya)' })
    .getByText(/^The token expires in 5 days \(/)
    .waitFor();

  // Every scope and project was listed; the public variable is not a place.
  assert.deepEqual(vercel.asked.slice(before), [
    'GET /v2/user',
    'GET /v2/teams',
    'GET /v5/user/tokens/current',
    'GET /v9/projects',
    'GET /v9/projects/prj_blog/env',
    'GET /v9/projects team=team_studio',
    'GET /v9/projects/prj_avatar/env team=team_studio',
  ]);
  const found = section(manager).getByRole('list', { name: 'Places found on Vercel (maya)' });
  assert.deepEqual(
    (await found.getByRole('listitem').allInnerTexts()).map((t) => t.split('\n')[0].split(' · ')[0].trim()),
    ['avatar-site: OPENAI_API_KEY', 'avatar-site: ANTHROPIC_API_KEY'],
  );
  // Each place offers only keys of the provider its variable names.
  const openaiChoice = manager.getByLabel('Key held by avatar-site: OPENAI_API_KEY');
  assert.deepEqual(await openaiChoice.locator('option').allInnerTexts(), ['Production — OpenAI']);
  await found
    .getByRole('form', { name: 'avatar-site: OPENAI_API_KEY' })
    .getByRole('button', { name: 'Add to key' })
    .click();
  await found.getByRole('listitem').filter({ hasText: 'OPENAI_API_KEY' }).waitFor({ state: 'detached' });

  // The place is the key's, named by platform, project and variable.
  const places = manager.getByRole('list', { name: 'Places of Production — OpenAI' });
  await places.getByRole('listitem').filter({ hasText: 'Vercel — avatar-site' }).waitFor();
  assert.match(
    await places.getByRole('listitem').filter({ hasText: 'Vercel — avatar-site' }).innerText(),
    /OPENAI_API_KEY \(production, preview\) · found through the platform's API/,
  );
  assert.equal(
    await places.getByRole('link', { name: 'Open' }).first().getAttribute('href'),
    'https://vercel.com/studio/avatar-site/settings/environment-variables',
  );

  // The token is sealed in the vault: no storage area holds it.
  const stored = await browser
    .worker()
    .evaluate(async () =>
      JSON.stringify([
        await chrome.storage.local.get(null),
        await chrome.storage.session.get(null),
        await chrome.storage.sync.get(null),
      ]),
    );
  assert.ok(!stored.includes(TOKEN) && !stored.includes(btoa(TOKEN).slice(0, 16)), 'the token is not in storage');

  // The history says it, without the token.
  await manager.locator('details.history-section > summary').click();
  await manager.getByText('Vercel connected (maya)').waitFor();

  // After a lock and an unlock the connection and the found place are still there.
  await manager.getByRole('button', { name: 'Lock' }).click();
  await manager.getByLabel('Master password', { exact: true }).fill(PASSWORD);
  await manager.getByRole('button', { name: 'Unlock' }).click();
  await section(manager).getByText('Vercel (maya)').waitFor();
  await section(manager)
    .getByRole('list', { name: 'Places found on Vercel (maya)' })
    .getByText('avatar-site: ANTHROPIC_API_KEY')
    .waitFor();

  // Disconnecting forgets the token; the key's place stays.
  await section(manager).getByRole('button', { name: 'Remove Vercel (maya)' }).click();
  await section(manager).getByText('No platform connected.').waitFor();
  await places.getByRole('listitem').filter({ hasText: 'Vercel — avatar-site' }).waitFor();
  await manager.close();
});

test('a rotation updates its Vercel place by API in one click: the value upserted, the project redeployed once, the place confirmed', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  // Connected again, and the OpenAI variable given its key again.
  await connect(manager, TOKEN);
  const found = section(manager).getByRole('list', { name: 'Places found on Vercel (maya)' });
  await found
    .getByText('avatar-site: OPENAI_API_KEY')
    .waitFor({ state: 'detached' })
    .catch(() => {});
  assert.equal(
    await found.getByText('avatar-site: OPENAI_API_KEY').count(),
    0,
    'the place it already has is not found again',
  );

  const panel = await beginRotation(manager, 'Production — OpenAI', NEW, { works: false });
  const place = panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'Vercel — avatar-site' });
  await place.getByText('Pending').waitFor();
  await panel.getByText('1 on connected platforms, updated without a visit.').waitFor();
  await panel.getByText('Next: verify the new key with OpenAI.').waitFor();

  // A key OpenAI refuses (not active yet, mistyped) is pushed nowhere:
  // Baton asks OpenAI first, and says so.
  const upsertsBefore = vercel.asked.filter((a) => a.startsWith('POST')).length;
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Not updated by API' })
    .getByText(/so Baton sent it to no place/)
    .waitFor();
  await panel.getByRole('status').filter({ hasText: 'Rejected by OpenAI' }).first().waitFor();
  assert.equal(vercel.asked.filter((a) => a.startsWith('POST')).length, upsertsBefore, 'nothing sent to Vercel');
  await place.getByText('Pending').waitFor();
  await panel.getByText('Next: OpenAI refused the new key.', { exact: false }).waitFor();

  // Once it works, one click: verified on the way, then pushed. A build
  // that fails leaves the place unconfirmed, in Vercel's words.
  providers.accept(NEW);
  vercel.failBuilds = true;
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Not updated by API' })
    .getByText(/Vercel took the new value, but the redeploy failed: Vercel says ERROR/)
    .waitFor();
  await place.getByText('Pending').waitFor();

  // Fixed on Vercel: the next push waits while the build runs, said so,
  // and the place is confirmed once it is live.
  vercel.failBuilds = false;
  vercel.buildLooks = 1;
  const redeploysBefore = vercel.redeploys.length;
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel.getByText(/Baton waits for each redeploy to go live/).waitFor();
  await place.getByText('Confirmed').waitFor();
  await place.getByText('seen by Baton').waitFor();
  // Vercel holds the new key, for both of the variable's targets, and
  // the project was built again once for production, from its latest
  // deployment (the build that failed).
  assert.equal(vercel.value('prj_avatar', 'OPENAI_API_KEY', 'production'), NEW);
  assert.equal(vercel.value('prj_avatar', 'OPENAI_API_KEY', 'preview'), NEW);
  assert.deepEqual(vercel.redeploys.slice(redeploysBefore), [
    { project: 'prj_avatar', from: 'dpl_100', target: 'production' },
  ]);
  assert.equal(await panel.getByRole('button', { name: 'Update by API' }).count(), 0, 'nothing left to push');
  await panel.getByRole('status').filter({ hasText: 'New key works' }).waitFor();
  await panel.getByText('Next: check the list names every place the old key lives').waitFor();
  assert.ok(!(await manager.content()).includes(NEW), 'the page never shows the new key');
  await manager.close();
});

test("GitHub: repository and environment secrets found by name; a push seals the new key to the store's own key", async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const CI_OLD = openaiProjectKey(94);
  const CI_NEW = openaiProjectKey(95);
  await addKey(manager, CI_OLD, 'CI — OpenAI', 'Development');
  // GitHub says nothing of a token's expiry: the user gives the day.
  const inTenDays = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
  await connect(manager, GITHUB_TOKEN, 'GitHub', inTenDays);
  const about = section(manager).getByRole('list', { name: 'Reminders for GitHub (maya)' });
  await about.getByText(/^The token expires in 10 days/).waitFor();
  // A new token for the same account replaces it, and the reminder goes.
  await section(manager).getByRole('button', { name: 'Renew GitHub (maya)' }).click();
  assert.equal(await manager.getByLabel('Platform').inputValue(), 'github');
  await manager.getByLabel('Token').fill(GITHUB_TOKEN);
  await manager.getByRole('button', { name: 'Connect', exact: true }).click();
  await about.waitFor({ state: 'detached' });
  assert.equal(await section(manager).getByText('GitHub (maya)').count(), 1, 'one connection, its token replaced');
  const found = section(manager).getByRole('list', { name: 'Places found on GitHub (maya)' });
  await found.getByText('studio/avatar-bot: OPENAI_API_KEY').waitFor();
  await found.getByText('studio/avatar-bot: ANTHROPIC_API_KEY').waitFor();
  assert.equal(await found.getByText('NPM_TOKEN').count(), 0, 'a secret named for no provider is no place');
  await manager.getByLabel('Key held by studio/avatar-bot: OPENAI_API_KEY').selectOption({ label: 'CI — OpenAI' });
  await found
    .getByRole('form', { name: 'studio/avatar-bot: OPENAI_API_KEY' })
    .getByRole('button', { name: 'Add to key' })
    .click();
  const places = manager.getByRole('list', { name: 'Places of CI — OpenAI' });
  await places.getByRole('listitem').filter({ hasText: 'GitHub — studio/avatar-bot' }).waitFor();

  const panel = await beginRotation(manager, 'CI — OpenAI', CI_NEW);
  await panel.getByRole('button', { name: 'Update by API' }).click();
  const place = panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'GitHub — studio/avatar-bot' });
  await place.getByText('Confirmed').waitFor();
  // GitHub's side opened the sealed box with the repository's secret key.
  assert.equal(github.secret('studio', 'avatar-bot', 'OPENAI_API_KEY'), CI_NEW);
  assert.equal(
    github.secret('studio', 'avatar-bot', 'ANTHROPIC_API_KEY', 'production'),
    'sk-ant-old',
    'nothing else touched',
  );
  assert.ok(github.asked.includes('GET /repos/studio/avatar-bot/actions/secrets/public-key'));
  await manager.close();
});

test('Render: a variable pushed alone (every other variable kept), then one deploy of its service', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const OLD = elevenLabsKey(96);
  const NEXT = elevenLabsKey(97);
  await addKey(manager, OLD, 'Voice — ElevenLabs');
  await connect(manager, RENDER_TOKEN, 'Render');
  const found = section(manager).getByRole('list', { name: 'Places found on Render (Studio)' });
  await found.getByText('avatar-api: ELEVENLABS_API_KEY').waitFor();
  await found
    .getByRole('form', { name: 'avatar-api: ELEVENLABS_API_KEY' })
    .getByRole('button', { name: 'Add to key' })
    .click();
  await manager
    .getByRole('list', { name: 'Places of Voice — ElevenLabs' })
    .getByRole('listitem')
    .filter({ hasText: 'Render — avatar-api' })
    .waitFor();

  const panel = await beginRotation(manager, 'Voice — ElevenLabs', NEXT);
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'Render — avatar-api' })
    .getByText('Confirmed')
    .waitFor();
  assert.deepEqual(render.vars('srv-avatar'), { ELEVENLABS_API_KEY: NEXT, PORT: '8080' }, 'the other variable is kept');
  assert.deepEqual(render.deploys, ['srv-avatar']);
  assert.ok(render.asked.includes('GET /v1/services/srv-avatar/deploys/dep-1'), 'the deploy followed until live');
  assert.ok(!render.asked.includes('PUT /v1/services/srv-avatar/env-vars'), 'never the PUT that replaces the list');
  await manager.close();
});

test('a key pasted under any name joins its key by its value when the platform gives values back, with no click', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const VALUE = openaiProjectKey(401);
  const NEXT = openaiProjectKey(402);
  await addKey(manager, VALUE, 'Shorts — OpenAI');
  // Pasted on Render's page under a name no SDK reads.
  render.set('srv-avatar', 'LLM_TOKEN', VALUE);
  await connect(manager, RENDER_TOKEN, 'Render');
  const places = manager.getByRole('list', { name: 'Places of Shorts — OpenAI' }).getByRole('listitem');
  await places.filter({ hasText: 'Render — avatar-api' }).filter({ hasText: 'LLM_TOKEN' }).waitFor();
  assert.equal(
    await section(manager)
      .getByRole('list', { name: 'Places found on Render (Studio)' })
      .getByText('LLM_TOKEN')
      .count(),
    0,
    'nothing to confirm: the value is the key',
  );

  const panel = await beginRotation(manager, 'Shorts — OpenAI', NEXT);
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'Render — avatar-api' })
    .getByText('Confirmed')
    .waitFor();
  assert.equal(render.vars('srv-avatar').LLM_TOKEN, NEXT);
  await manager.close();
});

test('Netlify: each deploy context set on its own, then one build of the site', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const OLD = openaiProjectKey(98);
  const NEXT = openaiProjectKey(99);
  await addKey(manager, OLD, 'Shop — OpenAI');
  await connect(manager, NETLIFY_TOKEN, 'Netlify');
  const found = section(manager).getByRole('list', { name: 'Places found on Netlify (maya@example.com)' });
  const choice = manager.getByLabel('Key held by avatar-shop: OPENAI_API_KEY');
  await choice.selectOption({ label: 'Shop — OpenAI' });
  // A save elsewhere (a key added in another tab) redraws the list before
  // the user clicks "Add to key": the choice they made stays made.
  const other = await browser.context.newPage();
  await other.goto(browser.url('manager/manager.html'));
  await addKey(other, openaiProjectKey(100), 'Spare — OpenAI');
  await other.close();
  await choice.getByRole('option', { name: 'Spare — OpenAI' }).waitFor({ state: 'attached' });
  assert.equal(await choice.evaluate((s) => s.selectedOptions[0].textContent), 'Shop — OpenAI');
  await found
    .getByRole('form', { name: 'avatar-shop: OPENAI_API_KEY' })
    .getByRole('button', { name: 'Add to key' })
    .click();
  await manager
    .getByRole('list', { name: 'Places of Shop — OpenAI' })
    .getByRole('listitem')
    .filter({ hasText: 'Netlify — avatar-shop' })
    .waitFor();
  const panel = await beginRotation(manager, 'Shop — OpenAI', NEXT);
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'Netlify — avatar-shop' })
    .getByText('Confirmed')
    .waitFor();
  assert.deepEqual(netlify.values('site-shop', 'OPENAI_API_KEY'), { production: NEXT, 'deploy-preview': NEXT });
  assert.deepEqual(netlify.values('site-shop', 'NODE_VERSION'), { all: '22' });
  assert.deepEqual(netlify.builds, ['site-shop']);
  assert.ok(netlify.asked.includes('GET /api/v1/deploys/deploy-1'), "the build's deploy followed until ready");
  assert.ok(!netlify.asked.some((a) => a.startsWith('PUT ')), 'never the PUT that replaces the variable');
  await manager.close();
});

test("Railway: a project token's environment, every variable upserted without a deploy, then one deploy per service", async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const OLD = openaiProjectKey(101);
  const NEXT = openaiProjectKey(102);
  await addKey(manager, OLD, 'Avatar — OpenAI');
  await connect(manager, RAILWAY_TOKEN, 'Railway');
  // A project token names no user: the connection is named by its project.
  const found = section(manager).getByRole('list', { name: 'Places found on Railway (avatar)' });
  const places = ['avatar/api: FALLBACK_OPENAI_API_KEY', 'avatar/api: OPENAI_API_KEY', 'avatar/worker: OPENAI_API_KEY'];
  await found.getByText('avatar/worker: OPENAI_API_KEY').waitFor();
  assert.deepEqual(
    (await found.getByRole('listitem').allInnerTexts()).map((t) => t.split('\n')[0].split(' · ')[0].trim()),
    places,
    'the staging environment the token cannot reach is not listed',
  );
  for (const place of places) {
    await manager.getByLabel(`Key held by ${place}`).selectOption({ label: 'Avatar — OpenAI' });
    await found.getByRole('form', { name: place }).getByRole('button', { name: 'Add to key' }).click();
    await found.getByRole('form', { name: place }).waitFor({ state: 'detached' });
  }
  const keyPlaces = manager.getByRole('list', { name: 'Places of Avatar — OpenAI' });
  await keyPlaces.getByRole('listitem').filter({ hasText: 'Railway — avatar/worker' }).waitFor();
  assert.equal(await keyPlaces.getByRole('listitem').filter({ hasText: 'Railway — avatar/api' }).count(), 2);

  const panel = await beginRotation(manager, 'Avatar — OpenAI', NEXT);
  await panel.getByText('3 on connected platforms, updated without a visit.').waitFor();
  await panel.getByRole('button', { name: 'Update by API' }).click();
  const locations = panel.getByRole('list', { name: 'Locations' }).getByRole('listitem');
  await locations.filter({ hasText: 'Railway — avatar/worker' }).getByText('Confirmed').waitFor();
  assert.equal(await locations.filter({ hasText: 'Railway' }).filter({ hasText: 'Confirmed' }).count(), 3);
  assert.deepEqual(railway.vars('env-prod', 'svc-api'), {
    OPENAI_API_KEY: NEXT,
    FALLBACK_OPENAI_API_KEY: NEXT,
    DATABASE_URL: 'postgres://x',
  });
  assert.deepEqual(railway.vars('env-prod', 'svc-worker'), { OPENAI_API_KEY: NEXT });
  assert.deepEqual(railway.vars('env-stage', 'svc-api'), { OPENAI_API_KEY: 'sk-stage' }, 'staging untouched');
  // Two variables of the api service, one deploy of it.
  assert.deepEqual(railway.deploys, [
    { service: 'svc-api', environment: 'env-prod' },
    { service: 'svc-worker', environment: 'env-prod' },
  ]);
  assert.ok(!railway.asked.includes('variableCollectionUpsert'), 'never the bulk upsert that can replace the list');
  await manager.close();
});

async function connectN8n(manager, base) {
  await section(manager).getByRole('button', { name: 'Connect a platform' }).click();
  await manager.getByLabel('Platform').selectOption({ label: 'n8n' });
  await manager.getByLabel('Token').fill(N8N_KEY);
  await manager.getByLabel('Base URL').fill(base);
  await manager.getByRole('button', { name: 'Connect' }).click();
}

test("n8n: a cloud instance's credentials found by type, each key field patched alone; an instance without the PATCH leaves it to its page", async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const OLD = openaiProjectKey(201);
  const NEXT = openaiProjectKey(202);
  await addKey(manager, OLD, 'Flows — OpenAI');
  await connectN8n(manager, 'https://acme.app.n8n.cloud');
  const found = section(manager).getByRole('list', { name: 'Places found on n8n (acme.app.n8n.cloud)' });
  await found.getByText('OpenAI account: apiKey').waitFor();
  // The key's own expiry, read from it: sixty days out, nothing to say yet.
  const expiry = new Date(N8N_EXPIRES * 1000).toISOString().slice(0, 10);
  await section(manager).getByText(`expires ${expiry}`).first().waitFor();
  assert.equal(await section(manager).getByRole('list', { name: 'Reminders for n8n (acme.app.n8n.cloud)' }).count(), 0);
  assert.equal(await found.getByText('Slack bot').count(), 0, 'a credential of no provider is no place');
  assert.ok(n8n.asked.includes('GET /api/v1/credentials cursor'), 'the second page of credentials was read');
  await manager.getByLabel('Key held by OpenAI account: apiKey').selectOption({ label: 'Flows — OpenAI' });
  await found.getByRole('form', { name: 'OpenAI account: apiKey' }).getByRole('button', { name: 'Add to key' }).click();
  await found.getByRole('form', { name: 'OpenAI account: apiKey' }).waitFor({ state: 'detached' });

  const panel = await beginRotation(manager, 'Flows — OpenAI', NEXT);
  await panel.getByText('1 on connected platforms, updated without a visit.').waitFor();
  const place = panel
    .getByRole('list', { name: 'Locations' })
    .getByRole('listitem')
    .filter({ hasText: 'n8n — OpenAI account' });

  // An instance before the PATCH (or 2.39.5) answers 405: the place waits
  // for its page, in words, and nothing there changed.
  n8n.old = true;
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await panel
    .getByRole('list', { name: 'Not updated by API' })
    .getByText(/OpenAI account.*Open the credential and use Baton's button there/)
    .waitFor();
  assert.equal(await place.getByText('Confirmed').count(), 0);
  assert.equal(n8n.data('cr-openai').apiKey, 'sk-old');

  n8n.old = false;
  await panel.getByRole('button', { name: 'Update by API' }).click();
  await place.getByText('Confirmed').waitFor();
  assert.deepEqual(
    n8n.data('cr-openai'),
    { apiKey: NEXT, organizationId: 'org-studio', url: 'https://api.openai.com/v1' },
    'the key field alone changed: the partial PATCH, never the one that replaces the data',
  );
  assert.deepEqual(n8n.data('cr-claude'), { apiKey: 'sk-ant-old' });
  await manager.close();
});

test("n8n self-hosted: the browser asks for the instance's one address before Baton sends it anything", async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await connectN8n(manager, 'https://n8n.acme.example');
  await section(manager)
    .getByRole('status')
    .filter({ hasText: 'Your browser asks whether Baton may reach n8n.acme.example: choose Allow to connect it.' })
    .waitFor();
  assert.deepEqual(selfHosted.asked, [], 'neither the API key nor a request before the user allows it');
  await manager.close();
});

test('Make: a connection of the key alone is set whole and tested by Make; one with a field Baton cannot read is left to its page', async () => {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const OLD = openaiProjectKey(301);
  const NEXT = openaiProjectKey(302);
  await addKey(manager, OLD, 'Scripts — OpenAI');
  await section(manager).getByRole('button', { name: 'Connect a platform' }).click();
  await manager.getByLabel('Platform').selectOption({ label: 'Make' });
  await manager.getByLabel('Token').fill(MAKE_TOKEN);
  await manager.getByLabel('Zone').fill('eu1.make.com');
  await manager.getByRole('button', { name: 'Connect' }).click();
  const found = section(manager).getByRole('list', { name: 'Places found on Make (Maya)' });
  for (const place of ['Avatar scripts: apiKey', 'Org scripts: apiKey']) {
    await manager.getByLabel(`Key held by ${place}`).selectOption({ label: 'Scripts — OpenAI' });
    await found.getByRole('form', { name: place }).getByRole('button', { name: 'Add to key' }).click();
    await found.getByRole('form', { name: place }).waitFor({ state: 'detached' });
  }
  assert.equal(await section(manager).getByText('Team chat').count(), 0, 'a connection of no AI app is no place');
  assert.ok(!make.asked.some((a) => a.includes('organizationId=12')), "another zone's organisation is not asked");

  const panel = await beginRotation(manager, 'Scripts — OpenAI', NEXT);
  await panel.getByText('2 on connected platforms, updated without a visit.').waitFor();
  await panel.getByRole('button', { name: 'Update by API' }).click();
  const locations = panel.getByRole('list', { name: 'Locations' }).getByRole('listitem');
  await locations.filter({ hasText: 'Make — Avatar scripts' }).getByText('Confirmed').waitFor();
  await panel
    .getByRole('list', { name: 'Not updated by API' })
    .getByText(/Org scripts.*"organizationId", which Baton cannot read/)
    .waitFor();
  assert.deepEqual(make.data(33), { apiKey: NEXT });
  assert.deepEqual(make.tests, ['33'], "Make's own test of the connection it changed");
  assert.deepEqual(make.data(34), { apiKey: 'sk-old', organizationId: 'org-studio' }, 'never emptied');
  assert.ok(!make.asked.includes('POST /connections/34/set-data'));
  assert.equal(await locations.filter({ hasText: 'Make — Org scripts' }).getByText('Confirmed').count(), 0);
  await manager.close();
});
