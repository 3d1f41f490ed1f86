// The manager's "Dashboard check": what Baton found on each provider's keys
// page the last time it was open (this browser session), and the advice
// that goes with it.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';
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
    host.replaceChildren(...(reports.length
      ? reports.map((stored) => h('div', {},
        findingsList(stored),
        h('p', { class: 'muted' }, `Seen on ${stored.url} at ${new Date(stored.at).toISOString().slice(0, 16).replace('T', ' ')}.`)))
      : [h('p', { class: 'muted' }, 'Open a provider\'s API keys page (OpenAI, Anthropic, Groq) while Baton is unlocked: Baton checks every key listed there.')]));
  }
  // Admin keys in the vault list the organisation's keys without the
  // dashboard: one button each, a confirmed user action. What each check
  // said is kept across the refreshes other tabs cause.
  const said = new Map(); // key id -> the last status line
  async function refreshAdmin({ quiet = false } = {}) {
    const admins = (await send('list-keys', { quiet })).filter((k) => k.is_admin && k.stage === 'current');
    adminHost.replaceChildren(...admins.map((key) => {
      const status = h('p', { role: 'status', class: 'muted' }, said.get(key.id) ?? '');
      const say = (text) => { said.set(key.id, text); status.textContent = text; };
      const button = h('button', { type: 'button', class: 'secondary', onclick: async () => {
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
      } }, `Check the organisation with "${key.label}"`);
      return h('div', { class: 'row' }, button, status);
    }));
  }

  await Promise.all([refresh(), refreshAdmin()]);
  const element = h('section', { 'aria-label': 'Dashboard check' },
    h('h2', {}, 'Dashboard check'),
    h('ul', { class: 'advice' }, ADVICE.map((a) => h('li', {}, a))),
    adminHost,
    host);
  return { element, refresh: async (options) => { await refresh(options); await refreshAdmin(options); } };
}
