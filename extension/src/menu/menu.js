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

// The save prompt: a key typed into a page that Baton does not have yet, or
// a key a provider's dashboard shows once, which may replace a key in use.
async function showSaveOffer(offerToken) {
  let offer;
  try {
    offer = await send('save-offer-state', { token: offerToken });
  } catch (error) {
    if (error.code === 'locked') return gate(root, () => showSaveOffer(offerToken));
    root.replaceChildren(h('p', { role: 'alert', class: 'alert' }, error.message));
    return;
  }
  const provider = offer.provider?.name ?? '';
  const label = h('input', { type: 'text', value: offer.suggested_label, autocomplete: 'off' });
  const labelWarning = h('p', { class: 'note', role: 'status', hidden: true });
  const environment = h('select', {},
    [['production', 'Production'], ['staging', 'Staging'], ['development', 'Development']].map(([value, name]) => h('option', { value }, name)));
  const environmentField = field('Environment', environment);
  const replaces = h('select', {},
    offer.replaces.map(({ key, suggested_label }) => h('option', { value: key.id, 'data-label': suggested_label },
      `${key.label} (${key.hint}) — ${key.locations === 1 ? '1 place' : `${key.locations} places`}`)),
    h('option', { value: '', 'data-label': offer.suggested_label }, 'Nothing: save it as a new key'));
  const submit = h('button', { type: 'submit' }, 'Save key');
  const form = h('form', {},
    h('h1', {}, offer.replaces.length ? `Take this new ${provider} key into Baton?`.replace('  ', ' ') : `Save this ${provider} key to Baton?`.replace('  ', ' ')),
    h('p', { class: 'meta' }, offer.replaces.length
      ? `${offer.hint} — as the replacement of a key in use, Baton starts its rotation: the old key keeps working until every place has the new one.`
      : `${offer.hint} — Baton will remember that it is used here.`),
    offer.replaces.length ? field('Replaces', replaces) : null,
    field('Label', label),
    labelWarning,
    environmentField,
    alertLine(),
    h('div', { class: 'row' },
      submit,
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Not now')));
  const chosen = () => (offer.replaces.length ? replaces.value : '');
  const follow = () => {
    label.value = replaces.selectedOptions[0]?.dataset.label ?? label.value;
    // A replacement keeps the environment of the key it replaces.
    environmentField.hidden = Boolean(chosen());
    submit.textContent = chosen() ? 'Begin rotation' : 'Save key';
  };
  if (offer.replaces.length) follow();
  replaces.addEventListener('change', follow);
  // The suggestion follows the environment; a label the user wrote stays.
  environment.addEventListener('change', () => {
    if (Object.values(offer.suggested_labels).includes(label.value)) label.value = offer.suggested_labels[environment.value];
  });
  label.addEventListener('input', async () => {
    const { label_warning: warning } = await send('label-advice', { label: label.value });
    labelWarning.textContent = warning ?? '';
    labelWarning.hidden = !warning;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      const replacing = chosen();
      const answer = await send('save-offer-accept', {
        token: offerToken, label: label.value, environment: environment.value, replaces: replacing || null,
      });
      if (answer.rotation_id) {
        const old = offer.replaces.find(({ key }) => key.id === replacing).key;
        root.replaceChildren(
          h('p', { role: 'status' }, `Rotation of "${old.label}" started. "${label.value}" is in your vault. Next, update each place that uses the old key.`),
          h('div', { class: 'row' },
            h('button', { type: 'button', onclick: () => { chrome.runtime.openOptionsPage(); close(); } }, 'Open the rotation'),
            h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close')));
      } else {
        root.replaceChildren(h('p', { role: 'status' }, `Saved "${label.value}" in Baton.`));
        setTimeout(close, 1200);
      }
    });
  });
  root.replaceChildren(form);
  label.focus();
}

// Advice in a provider's revoke dialog: whether revoking now breaks places.
async function showAdvice(adviceToken) {
  try {
    const advice = await send('advice-state', { token: adviceToken });
    root.replaceChildren(h('p', { role: 'alert', class: advice.level === 'safe' ? 'note' : 'alert' }, advice.message));
  } catch (error) {
    if (error.code === 'locked') return gate(root, () => showAdvice(adviceToken));
    root.replaceChildren();
  }
}

addEventListener('keydown', (event) => { if (event.key === 'Escape') close(); });
if (token.startsWith('save:')) showSaveOffer(token.slice('save:'.length));
else if (token.startsWith('advice:')) showAdvice(token.slice('advice:'.length));
else showCandidates();
