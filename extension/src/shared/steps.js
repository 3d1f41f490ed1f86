// The first-run path, shared by the popup and the manager: the three things
// that make Baton useful, each marked done once the vault shows it, each one
// click away. Shown until all three are done.

import { h } from './dom.js';

// The dashboards Baton checks, where the third step leads.
const DASHBOARDS = [
  ['OpenAI', 'https://platform.openai.com/api-keys'],
  ['Anthropic', 'https://console.anthropic.com/settings/keys'],
];

// A user who knows the way can put the steps away (a preference of this
// browser's extension pages, not a secret).
const HIDDEN = 'baton.nextStepsHidden';

// `state`: { keys, places, checked } counts from the worker. `actions`:
// { addKey, importKeys } (buttons), each a function; `onHide` redraws.
export function nextSteps(state, actions, onHide = () => {}) {
  if (localStorage.getItem(HIDDEN) === '1') return null;
  const steps = [
    {
      done: state.keys > 0,
      title: 'Add your API keys',
      text: 'Paste each key your tools use, or import them: a .env file, a Bitwarden or 1Password export, a Baton backup.',
      controls: [
        h('button', { type: 'button', onclick: actions.addKey }, 'Add a key'),
        h('button', { type: 'button', class: 'secondary', onclick: actions.importKeys }, 'Import keys'),
      ],
    },
    {
      done: state.places > 0,
      title: 'Let Baton learn where each key lives',
      text: "Open a tool where a key is pasted (Make, Zapier, n8n, a GPT's Actions, your host's environment variables), fill the key with Baton's B chip beside its field, and save on the site.",
      controls: [],
    },
    {
      done: state.checked > 0,
      title: "Check your provider's dashboard",
      text: 'Open the API keys page: Baton marks the keys that are unlabeled, stale, unused or not in your vault.',
      controls: DASHBOARDS.map(([name, url]) =>
        h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, `Open ${name} API keys`),
      ),
    },
  ];
  if (steps.every((s) => s.done)) return null;
  const left = steps.filter((s) => !s.done).length;
  return h(
    'section',
    { class: 'steps panel', 'aria-labelledby': 'next-steps-title' },
    h('h2', { id: 'next-steps-title' }, 'Next steps'),
    h(
      'div',
      { class: 'row' },
      h('p', { class: 'muted' }, left === 1 ? 'One step left.' : `${left} steps left.`),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          onclick: () => {
            localStorage.setItem(HIDDEN, '1');
            onHide();
          },
        },
        'Hide these steps',
      ),
    ),
    h(
      'ol',
      { 'aria-label': 'Next steps' },
      steps.map((s) =>
        h(
          'li',
          { class: s.done ? 'done' : 'todo' },
          h('strong', {}, s.title),
          s.done ? h('span', { class: 'state' }, ' — done') : null,
          s.done ? null : h('p', { class: 'muted' }, s.text),
          s.done || !s.controls.length ? null : h('div', { class: 'row' }, ...s.controls),
        ),
      ),
    ),
  );
}
