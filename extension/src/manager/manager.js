// The manager: the full-tab page for keys, settings and backups.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';
import { gate } from '../shared/gate.js';
import { keysSection } from './keys.js';
import { placesSection } from './places.js';
import { settingsSection } from './settings.js';
import { backupSection } from './backup.js';

const root = document.getElementById('root');

addEventListener('baton-locked', () => gate(root, showOpen));

async function showOpen() {
  const status = await send('status');
  const places = await placesSection();
  const keys = await keysSection(places.refresh);
  root.replaceChildren(...[
    h('header', {},
      h('h1', {}, 'Baton'),
      h('button', { type: 'button', class: 'secondary', onclick: lock }, 'Lock')),
    status.recovered
      ? h('p', { class: 'note', role: 'status' }, 'The last save of your vault was damaged; Baton opened the save before it. Check that your keys are all here, and export a backup.')
      : null,
    keys.element,
    places.element,
    await settingsSection(),
    backupSection(keys.refresh),
  ].filter(Boolean));
}

async function lock() {
  await send('lock');
  gate(root, showOpen);
}

gate(root, showOpen);
