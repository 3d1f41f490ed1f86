// The manager's "Dashboard check": what Baton found on each provider's keys
// page the last time it was open (this browser session), and the advice
// that goes with it.

import { send } from '../shared/messages.js';
import { h, alertLine, busy, moment } from '../shared/dom.js';
import { findingsList } from '../shared/findings.js';

const ADVICE = [
  'Revoke the keys you cannot identify: a key nobody can name is a key nobody will miss, until it leaks.',
  'Label the keys you keep with their purpose and date, e.g. "Avatar pipeline — production — 2026-11-27".',
  'Keep one clean production key per tool chain, in Baton, and rotate it on schedule.',
];

export async function dashboardSection() {
  const host = h('div');
  const adminHost = h('div');
  async function refresh({ quiet = false } = {}) {
    const reports = await send('dashboard-reports', { quiet });
    host.replaceChildren(
      ...(reports.length
        ? reports.map((stored) =>
            h(
              'div',
              {},
              findingsList(stored, (row) => revokeActions(stored, row)),
              h('p', { class: 'muted' }, `Seen on ${stored.url} at ${moment(stored.at)}.`),
            ),
          )
        : [
            h(
              'p',
              { class: 'muted' },
              "Open a provider's API keys page (OpenAI, Anthropic, Groq) while Baton is unlocked: Baton checks every key listed there.",
            ),
          ]),
    );
  }
  // Through an admin API, Baton may take a key out of service: one already
  // rotated, or one the user says nobody can identify. Always confirmed.
  function revokeActions(stored, row) {
    if (!stored.admin_key_id || row.revocable === 'no') return [];
    const unidentified = row.revocable === 'if-unidentified';
    const name = unidentified ? `Nobody can identify ${row.hint}: revoke it` : `Revoke ${row.hint}`;
    return [
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => confirmRevoke(stored, row, unidentified) },
        name,
      ),
    ];
  }

  function confirmRevoke(stored, row, unidentified) {
    const provider = stored.provider_name.replace(' (admin API)', '');
    const form = h(
      'form',
      {},
      h('p', {}, `Revoke ${row.hint}${row.name ? ` ("${row.name}")` : ''} at ${provider}?`),
      h(
        'p',
        { class: 'muted' },
        unidentified
          ? 'It is not in your vault and you cannot say what uses it. Anything that still does stops working at once.'
          : 'Baton rotated it already: every place it knows has the new key. Anything else still using it stops working at once.',
      ),
      alertLine(),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'danger' }, 'Revoke at provider'),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
      ),
    );
    const dialog = h('dialog', { 'aria-label': `Revoke ${row.hint}` }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await send('admin-revoke', { key_id: stored.admin_key_id, api_id: row.api_id, unidentified });
        dialog.close();
        await refresh();
      });
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  // Admin keys in the vault list the organisation's keys without the
  // dashboard: one button each, a confirmed user action. What each check
  // said is kept across the refreshes other tabs cause.
  const said = new Map(); // key id -> the last status line
  async function refreshAdmin({ quiet = false } = {}) {
    const admins = (await send('list-keys', { quiet })).filter((k) => k.lists_organisation);
    adminHost.replaceChildren(
      ...admins.map((key) => {
        const status = h('p', { role: 'status', class: 'muted' }, said.get(key.id) ?? '');
        const say = (text) => {
          said.set(key.id, text);
          status.textContent = text;
        };
        const button = h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
              button.disabled = true;
              say(`Asking ${key.provider_name} for the organisation's keys…`);
              try {
                const report = await send('admin-check', { key_id: key.id });
                say(`Checked: ${report.summary}`);
                await refresh();
              } catch (error) {
                say(error.message);
              } finally {
                button.disabled = false;
              }
            },
          },
          `Check the organisation with "${key.label}"`,
        );
        return h('div', { class: 'row' }, button, status);
      }),
    );
  }

  await Promise.all([refresh(), refreshAdmin()]);
  const element = h(
    'section',
    { 'aria-label': 'Dashboard check' },
    h('h2', {}, 'Dashboard check'),
    h(
      'ul',
      { class: 'advice' },
      ADVICE.map((a) => h('li', {}, a)),
    ),
    adminHost,
    host,
  );
  return {
    element,
    refresh: async (options) => {
      await refresh(options);
      await refreshAdmin(options);
    },
  };
}
