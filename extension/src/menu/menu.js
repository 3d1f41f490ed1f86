// The inline menu: an extension page in an iframe beside a key field. The
// site cannot read it. It unlocks Baton if needed, lists the keys that fit
// the field by label, environment and hint, and asks the worker to fill the
// one the user picks. The key itself never passes through this page.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, showError } from '../shared/dom.js';
import { gate } from '../shared/gate.js';

const root = document.getElementById('root');
const token = location.hash.slice(1);

function close() {
  parent.postMessage('baton-close-menu', '*');
}

async function showCandidates() {
  let state;
  try {
    state = await send('menu-state', { token });
  } catch (error) {
    root.replaceChildren(h('p', { role: 'alert', class: 'alert' }, error.message));
    return;
  }
  if (state.candidates === null) {
    await gate(root, showCandidates);
    return;
  }
  const provider = state.provider?.name;
  const alert = alertLine();
  const items = state.candidates.map((key) =>
    h('li', {}, h('button', { type: 'button', onclick: () => choose(key, alert) },
      h('span', {}, key.label),
      h('span', { class: 'meta' }, `${key.provider_name} · ${key.environment} · ${key.hint}`))));
  root.replaceChildren(...[
    h('h1', {}, `Fill a ${provider ? `${provider} ` : ''}key on ${state.site}`),
    state.warning ? h('p', { class: 'alert', role: 'alert' }, state.warning) : null,
    items.length
      ? h('ul', { 'aria-label': 'Keys' }, items)
      : h('p', {}, `There is no ${provider ?? ''} key in your vault yet. Add it in the Baton manager first.`),
    alert,
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')),
  ].filter(Boolean));
  root.querySelector('li button')?.focus();
}

async function choose(key, alert) {
  try {
    await send('menu-choose', { token, key_id: key.id });
  } catch (error) {
    showError(alert.parentElement, error);
  }
}

// The save prompt: a key typed into a page that Baton does not have yet.
async function showSaveOffer(offerToken) {
  let offer;
  try {
    offer = await send('save-offer-state', { token: offerToken });
  } catch (error) {
    if (error.code === 'locked') return gate(root, () => showSaveOffer(offerToken));
    root.replaceChildren(h('p', { role: 'alert', class: 'alert' }, error.message));
    return;
  }
  const label = h('input', { type: 'text', value: offer.suggested_label, autocomplete: 'off' });
  const environment = h('select', {},
    [['production', 'Production'], ['staging', 'Staging'], ['development', 'Development']].map(([value, name]) => h('option', { value }, name)));
  const form = h('form', {},
    h('h1', {}, `Save this ${offer.provider?.name ?? ''} key to Baton?`.replace('  ', ' ')),
    h('p', { class: 'meta' }, `${offer.hint} — Baton will remember that it is used here.`),
    field('Label', label),
    field('Environment', environment),
    alertLine(),
    h('div', { class: 'row' },
      h('button', { type: 'submit' }, 'Save key'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Not now')));
  environment.addEventListener('change', () => {
    const name = environment.selectedOptions[0].textContent;
    label.value = label.value.replace(/\b(Production|Staging|Development)\b/, name);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      await send('save-offer-accept', { token: offerToken, label: label.value, environment: environment.value });
      root.replaceChildren(h('p', { role: 'status' }, `Saved "${label.value}" in Baton.`));
      setTimeout(close, 1200);
    });
  });
  root.replaceChildren(form);
  label.focus();
}

addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
if (token.startsWith('save:')) showSaveOffer(token.slice('save:'.length));
else showCandidates();
