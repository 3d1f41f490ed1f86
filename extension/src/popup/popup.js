// The toolbar popup: unlock or create the vault, then a short summary, the
// way to the manager, and the lock.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';
import { gate } from '../shared/gate.js';

const root = document.getElementById('root');

async function showOpen() {
  const keys = await send('list-keys');
  const count = keys.length === 1 ? '1 key' : `${keys.length} keys`;
  root.replaceChildren(
    h('h1', {}, 'Baton'),
    h('p', {}, `Unlocked. ${count} in your vault.`),
    h('div', { class: 'row' },
      h('button', { type: 'button', onclick: openManager }, 'Open manager'),
      h('button', { type: 'button', class: 'secondary', onclick: lock }, 'Lock')));
}

async function openManager() {
  await chrome.runtime.openOptionsPage();
  window.close();
}

async function lock() {
  await send('lock');
  await gate(root, showOpen);
}

gate(root, showOpen);
