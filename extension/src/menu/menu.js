// The inline menu: an extension page in an iframe beside a key field. The
// site cannot read it, and it takes a click only while it is really seen
// (guard.js). It unlocks Baton if needed, names the page's real host and
// anything unusual about it, lists the keys that fit by label, environment
// and hint, and asks the worker to fill the one the user picks. The key
// itself never passes through this page.
//
// It renders only for a token the worker gave Baton's content script in this
// tab: framed by a page itself, with any hash, it shows nothing and asks for
// nothing (no unlock form to phish with).

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, showError } from '../shared/dom.js';
import { gate } from '../shared/gate.js';
import { onArmedChange, markControls } from './guard.js';

const root = document.getElementById('root');
const token = location.hash.slice(1);
const guardNote = h(
  'p',
  { class: 'alert', role: 'alert', hidden: true },
  'Baton ignored a click or key press: this menu was hidden, faded or covered by the page when it came. Check that this is the page you meant, then choose again.',
);

function close() {
  parent.postMessage('baton-close-menu', '*');
}

// Shows `children` with the guard's note on top, the controls marked.
function render(...children) {
  root.replaceChildren(guardNote, ...children.filter(Boolean));
  markControls(root);
}

onArmedChange((_armed, ignored) => {
  if (ignored) guardNote.hidden = false;
});

// A token this tab does not hold: nothing to show.
function expired(error) {
  if (error?.code === 'menu-expired') parent.postMessage('baton-menu-expired', '*');
  else render(h('p', { role: 'alert', class: 'alert' }, error.message));
}

async function showCandidates() {
  let state;
  try {
    state = await send('menu-state', { token });
  } catch (error) {
    expired(error);
    return;
  }
  if (state.candidates === null) {
    await gate(root, showCandidates, { focus: false });
    markControls(root);
    return;
  }
  const provider = state.provider?.name;
  const alert = alertLine();
  const items = state.candidates.map((key) =>
    h(
      'li',
      {},
      h(
        'button',
        { type: 'button', onclick: () => choose(key, alert, state) },
        h('span', {}, key.label),
        h('span', { class: 'meta' }, `${key.provider_name} · ${key.environment} · ${key.hint}`),
      ),
    ),
  );
  render(
    // "Which key": "a" or "an" before a provider's name would be guesswork.
    h('h1', {}, `Which ${provider ? `${provider} ` : ''}key for ${state.site}?`),
    ...state.cautions.map((words) => h('p', { class: 'alert', role: 'alert' }, words)),
    items.length
      ? h('ul', { 'aria-label': 'Keys' }, items)
      : h(
          'p',
          {},
          `There is no ${provider ?? ''} key in your vault yet. Add it in the Baton manager first.`.replace('  ', ' '),
        ),
    alert,
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel')),
  );
}

async function choose(key, alert, state, variable = null) {
  try {
    await send('menu-choose', { token, key_id: key.id, variable });
  } catch (error) {
    if (error.code === 'choose-variable') askVariable(key, state);
    else showError(alert.parentElement, error);
  }
}

// A .env box, and a key of no known provider: the user names its line.
function askVariable(key, state) {
  const name = h('input', {
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'MY_PROVIDER_API_KEY',
  });
  const form = h(
    'form',
    {},
    h('h1', {}, `Which variable holds "${key.label}"?`),
    h(
      'p',
      { class: 'meta' },
      `Baton does not know this key's provider, so it does not know its variable's name in the .env box on ${state.site}.`,
    ),
    field('Variable name', name),
    alertLine(),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'submit' }, 'Fill'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Cancel'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, () => send('menu-choose', { token, key_id: key.id, variable: name.value }));
  });
  render(form);
}

// The save prompt: a key typed into a page that Baton does not have yet, or
// a key a provider's dashboard shows once, which may replace a key in use.
async function showSaveOffer(offerToken) {
  let offer;
  try {
    offer = await send('save-offer-state', { token: offerToken });
  } catch (error) {
    if (error.code === 'locked') {
      await gate(root, () => showSaveOffer(offerToken), { focus: false });
      markControls(root);
      return;
    }
    expired(error);
    return;
  }
  const provider = offer.provider?.name ?? '';
  const label = h('input', { type: 'text', value: offer.suggested_labels.production, autocomplete: 'off' });
  const labelWarning = h('p', { class: 'note', role: 'status', hidden: true });
  const environment = h(
    'select',
    {},
    offer.environments.map(({ id, name }) => h('option', { value: id }, name)),
  );
  const environmentField = field('Environment', environment);
  const replaces = h(
    'select',
    {},
    offer.replaces.map(({ key, suggested_label }) =>
      h(
        'option',
        { value: key.id, 'data-label': suggested_label },
        `${key.label} (${key.hint}) — ${key.locations === 1 ? '1 place' : `${key.locations} places`}`,
      ),
    ),
    h('option', { value: '', 'data-label': offer.suggested_labels.production }, 'Nothing: save it as a new key'),
  );
  const submit = h('button', { type: 'submit' }, 'Save key');
  const form = h(
    'form',
    {},
    h(
      'h1',
      {},
      offer.replaces.length
        ? `Take this new ${provider} key into Baton?`.replace('  ', ' ')
        : `Save this ${provider} key to Baton?`.replace('  ', ' '),
    ),
    h(
      'p',
      { class: 'meta' },
      offer.replaces.length
        ? `${offer.hint} — as the replacement of a key in use, Baton starts its rotation: the old key keeps working until every place has the new one.`
        : `${offer.hint} — Baton will remember that it is used here.`,
    ),
    offer.replaces.length ? field('Replaces', replaces) : null,
    field('Label', label),
    labelWarning,
    environmentField,
    alertLine(),
    h('div', { class: 'row' }, submit, h('button', { type: 'button', class: 'secondary', onclick: close }, 'Not now')),
  );
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
    if (Object.values(offer.suggested_labels).includes(label.value))
      label.value = offer.suggested_labels[environment.value];
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
        token: offerToken,
        label: label.value,
        environment: environment.value,
        replaces: replacing || null,
      });
      if (answer.rotation_id) {
        const old = offer.replaces.find(({ key }) => key.id === replacing).key;
        render(
          h(
            'p',
            { role: 'status' },
            `Rotation of "${old.label}" started. "${label.value}" is in your vault. Next, update each place that uses the old key.`,
          ),
          h(
            'div',
            { class: 'row' },
            h(
              'button',
              {
                type: 'button',
                onclick: () => {
                  chrome.runtime.openOptionsPage();
                  close();
                },
              },
              'Open the rotation',
            ),
            h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close'),
          ),
        );
      } else {
        render(h('p', { role: 'status' }, `Saved "${label.value}" in Baton.`));
        setTimeout(close, 1200);
      }
    });
  });
  render(form);
}

// Advice in a provider's revoke dialog: whether revoking now breaks places.
async function showAdvice(adviceToken) {
  try {
    const advice = await send('advice-state', { token: adviceToken });
    const safe = advice.level === 'safe';
    render(h('p', { role: safe ? 'status' : 'alert', class: safe ? 'note' : 'alert advice' }, advice.message));
    // The frame takes the height of the whole message, whatever its length.
    parent.postMessage({ baton: 'advice-height', height: Math.ceil(root.getBoundingClientRect().bottom) + 4 }, '*');
  } catch (error) {
    if (error.code === 'locked') {
      await gate(root, () => showAdvice(adviceToken), { focus: false });
      markControls(root);
      return;
    }
    root.replaceChildren();
  }
}

addEventListener('keydown', (event) => {
  if (event.key === 'Escape') close();
});
if (token.startsWith('save:')) showSaveOffer(token.slice('save:'.length));
else if (token.startsWith('advice:')) showAdvice(token.slice('advice:'.length));
else showCandidates();
