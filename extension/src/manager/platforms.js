// Connected platforms: the places Baton reaches through a platform's API
// instead of its page. Connecting asks for the platform's narrowest token;
// the worker's platforms module checks it, keeps it sealed in the vault and
// lists the variables that hold keys; the user says which key each holds.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, day } from '../shared/dom.js';

// What each platform calls its narrowest token, and where to make one.
const PLATFORMS = [
  ['vercel', 'Vercel', 'A token scoped to the one project (or its team): Account Settings → Tokens.'],
  ['netlify', 'Netlify', 'A personal access token with an expiry date: User settings → Applications.'],
  [
    'render',
    'Render',
    'An API key of a workspace holding only the services Baton updates: Account Settings → API Keys.',
  ],
  ['railway', 'Railway', "A project token for the one environment: the project's Settings → Tokens."],
  [
    'github',
    'GitHub',
    'A fine-grained token for the chosen repositories, with Secrets (and Environments) read and write.',
  ],
  ['n8n', 'n8n', "An API key with the credential scopes only: your instance's Settings → n8n API."],
  ['make', 'Make', 'A token with the connections scopes only: Profile → API access.'],
  [
    'open-router',
    'OpenRouter',
    "A management key, which makes and deletes the account's keys and calls no model: Settings → Management keys. Baton creates your OpenRouter keys' replacements with it and deletes the old ones.",
  ],
];

// A call to the worker's platforms module, as JSON it reads itself.
function call(body, options = {}) {
  return send('platforms', { call: JSON.stringify(body), ...options });
}

// A self-hosted n8n is reached only with the user's leave, asked for its
// one origin as they connect it (n8n Cloud's hosts are granted at install,
// and the browser then grants without asking). An address that is no
// instance's is left to the worker, which says what is wrong with it.
async function allowInstance(typed, asking) {
  let url;
  try {
    url = new URL(typed.trim());
  } catch {
    return;
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash) return;
  asking.textContent = `Your browser asks whether Baton may reach ${url.host}: choose Allow to connect it.`;
  asking.hidden = false;
  try {
    if (await chrome.permissions.request({ origins: [`${url.origin}/*`] })) return;
  } finally {
    asking.hidden = true;
  }
  throw new Error(`Baton may not reach ${url.host} without your leave. Connect again and choose Allow.`);
}

export async function platformsSection(onPlaces) {
  const listHost = h('div');
  const platform = h(
    'select',
    {},
    PLATFORMS.map(([id, name]) => h('option', { value: id }, name)),
  );
  const advice = h('p', { class: 'help' });
  const token = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const baseUrl = h('input', { type: 'url', autocomplete: 'off', placeholder: 'https://n8n.example.com' });
  // Make's zones offered as the user types (the worker takes these only).
  const zones = h(
    'datalist',
    { id: 'make-zones' },
    [
      'eu1.make.com',
      'eu2.make.com',
      'us1.make.com',
      'us2.make.com',
      'eu1.make.celonis.com',
      'us1.make.celonis.com',
    ].map((z) => h('option', { value: z })),
  );
  const zone = h('input', { type: 'text', autocomplete: 'off', placeholder: 'eu1.make.com', list: 'make-zones' });
  const baseField = field('Base URL', baseUrl, "Your n8n instance's address.");
  const asking = h('p', { class: 'help', role: 'status', hidden: true });
  const zoneField = field('Zone', zone, 'The host your Make organisation is on.');
  const expires = h('input', { type: 'date' });
  const expiresField = field(
    'Expires',
    expires,
    'The day the token expires, as the platform showed it when you made it; empty if it never does. Baton reminds you before then.',
  );
  const form = h(
    'form',
    { class: 'panel', hidden: true },
    h('h3', {}, 'Connect a platform'),
    field('Platform', platform),
    advice,
    field('Token', token),
    baseField,
    zoneField,
    zones,
    expiresField,
    asking,
    alertLine(),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit' }, 'Connect'),
      h('button', { type: 'button', class: 'secondary', onclick: () => showForm(false) }, 'Cancel'),
    ),
  );
  // While the form is open its "Connect" is the one button of that name.
  const opener = h('button', { type: 'button', onclick: () => showForm(true) }, 'Connect a platform');
  function showForm(open) {
    form.hidden = !open;
    opener.hidden = open;
    if (open) platform.focus();
    else opener.focus();
  }
  const shown = () => {
    const [id, , words] = PLATFORMS.find(([p]) => p === platform.value);
    advice.textContent = `Baton asks for the narrowest token: ${words}`;
    baseField.hidden = id !== 'n8n';
    zoneField.hidden = id !== 'make';
  };
  // A new token for a connection: the form, its platform chosen.
  function renew(c) {
    platform.value = c.platform;
    shown();
    showForm(true);
    token.focus();
  }
  platform.addEventListener('change', shown);
  shown();

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      const base = platform.value === 'n8n' ? baseUrl.value : platform.value === 'make' ? zone.value : '';
      // First, while the click still counts as the user's: the browser asks.
      if (platform.value === 'n8n') await allowInstance(base, asking);
      const answer = await call({
        connect: {
          platform: platform.value,
          token: token.value,
          base_url: base.trim() || null,
          expires: expires.value || null,
        },
      });
      token.value = '';
      expires.value = '';
      showForm(false);
      draw(answer);
    });
  });

  function draw({ connections }) {
    listHost.replaceChildren(
      connections.length
        ? h(
            'ul',
            { class: 'places', 'aria-label': 'Connections' },
            connections.map((c) => connectionItem(c)),
          )
        : h('p', { class: 'muted' }, 'No platform connected. Its places are updated on their pages, with the chip.'),
    );
  }

  function connectionItem(c) {
    const label = `${c.name} (${c.account})`;
    return h(
      'li',
      {},
      h('span', {}, label),
      h(
        'span',
        { class: 'muted' },
        [
          ` · token ${c.token_hint} · connected ${day(c.connected_at)}`,
          c.expires_at ? ` · expires ${day(c.expires_at)}` : ' · no expiry known',
          c.scope ? ` · reaches ${c.scope}` : '',
          c.platform === 'open-router' ? '' : ` · sees ${c.projects === 1 ? '1 project' : `${c.projects} projects`}`,
        ].join(''),
      ),
      ' ',
      h(
        'button',
        // "Renew", not "New token": the form's "Token" would answer to it.
        { type: 'button', class: 'secondary', 'aria-label': `Renew ${label}`, onclick: () => renew(c) },
        'Renew',
      ),
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          // Neither "Disconnect" nor "token" in its name: it would also
          // answer to the form's "Connect" and "Token".
          'aria-label': `Remove ${label}`,
          onclick: async () => draw(await call({ disconnect: { id: c.id } })),
        },
        'Remove',
      ),
      c.findings.length
        ? h(
            'ul',
            { class: 'alert', 'aria-label': `Reminders for ${label}` },
            c.findings.map((f) => h('li', {}, f)),
          )
        : null,
      c.platform === 'open-router'
        ? h(
            'p',
            { class: 'muted' },
            'A rotation of an OpenRouter key creates its replacement and deletes the old key here.',
          )
        : c.found.length
          ? h(
              'ul',
              { 'aria-label': `Places found on ${label}` },
              c.found.map((f) => foundItem(c, f)),
            )
          : h('p', { class: 'muted' }, 'Every key variable Baton found there is one of your keys’ places.'),
    );
  }

  // The key the user picked for each found place, by connection and place:
  // a save anywhere redraws this list, and must not undo a choice made but
  // not yet added (the redraw would reset the select to its first key).
  const picked = new Map();

  // A variable that holds a key of a provider: the user says which key.
  function foundItem(c, f) {
    // A variable kept once per target (Vercel's) is named with its targets,
    // so that each form and select names one place.
    const twins = c.found.filter((o) => o.project === f.project && o.variable === f.variable).length > 1;
    const place = twins ? `${f.project}: ${f.variable} (${f.targets.join(', ')})` : `${f.project}: ${f.variable}`;
    const pick = JSON.stringify([c.id, f.project, f.variable, f.targets]);
    const choice = h(
      'select',
      { 'aria-label': `Key held by ${place}` },
      f.keys.map((k) => h('option', { value: k.id, selected: k.id === picked.get(pick) }, k.label)),
    );
    choice.addEventListener('change', () => picked.set(pick, choice.value));
    const form = h(
      'form',
      { class: 'inline', 'aria-label': place },
      h('span', {}, place),
      h('span', { class: 'muted' }, ` · ${f.targets.join(', ') || 'every environment'} `),
      f.keys.length ? choice : h('span', { class: 'muted' }, 'No key of this provider in your vault yet. '),
      alertLine(),
      f.keys.length ? h('button', { type: 'submit', class: 'secondary' }, 'Add to key') : null,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        draw(await call({ assign: { connection: c.id, index: f.index, key_id: choice.value } }));
        picked.delete(pick);
        await onPlaces();
      });
    });
    return h('li', {}, form);
  }

  async function refresh({ quiet = false } = {}) {
    draw(await call('list', { quiet }));
  }

  await refresh();
  return {
    element: h(
      'section',
      {},
      h('h2', {}, 'Connected platforms'),
      h(
        'p',
        { class: 'muted' },
        'Where a platform has an API, Baton finds the variables that hold your keys there, and a rotation updates them without a visit.',
      ),
      listHost,
      opener,
      form,
    ),
    refresh,
  };
}
