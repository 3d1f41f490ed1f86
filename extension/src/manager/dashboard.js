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
  async function refresh({ quiet = false } = {}) {
    const reports = await send('dashboard-reports', { quiet });
    host.replaceChildren(...(reports.length
      ? reports.map((stored) => h('div', {},
        findingsList(stored),
        h('p', { class: 'muted' }, `Seen on ${stored.url} at ${new Date(stored.at).toISOString().slice(0, 16).replace('T', ' ')}.`)))
      : [h('p', { class: 'muted' }, 'Open a provider\'s API keys page (OpenAI, Anthropic, Groq) while Baton is unlocked: Baton checks every key listed there.')]));
  }
  await refresh();
  const element = h('section', { 'aria-label': 'Dashboard check' },
    h('h2', {}, 'Dashboard check'),
    h('ul', { class: 'advice' }, ADVICE.map((a) => h('li', {}, a))),
    host);
  return { element, refresh };
}
