// The manager: the full-tab page for keys, settings and backups.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';
import { gate } from '../shared/gate.js';
import { keysSection } from './keys.js';
import { placesSection } from './places.js';
import { rotationsSection } from './rotations.js';
import { settingsSection } from './settings.js';
import { backupSection } from './backup.js';
import { historySection } from './history.js';
import { dashboardSection } from './dashboard.js';

const root = document.getElementById('root');

// Pages save the vault too (a place checked off in another tab): follow.
let refreshAll = null;
chrome.storage.local.onChanged.addListener((changes) => {
  if ('vault.pointer' in changes) refreshAll?.().catch(() => {});
});
chrome.storage.session.onChanged.addListener((changes) => {
  if ('dashboard.reports' in changes) refreshAll?.().catch(() => {});
});

addEventListener('baton-locked', () => gate(root, showOpen));

async function showOpen() {
  const status = await send('status');
  const places = await placesSection();
  let rotations = null;
  const keys = await keysSection(places.refresh, (key) => rotations.openStartForm(key));
  rotations = await rotationsSection(async () => {
    await keys.refresh();
  });
  const history = await historySection();
  const dashboard = await dashboardSection();
  // Not the user's doing: these refreshes do not keep Baton unlocked.
  refreshAll = async () => {
    const quiet = { quiet: true };
    await rotations.refresh(quiet);
    await keys.refresh(quiet);
    await history.refresh(quiet);
    await dashboard.refresh(quiet);
  };
  root.replaceChildren(
    ...[
      h('header', {}, h('h1', {}, 'Baton'), h('button', { type: 'button', class: 'secondary', onclick: lock }, 'Lock')),
      status.recovered
        ? h(
            'p',
            { class: 'note', role: 'status' },
            'The last save of your vault was damaged; Baton opened the save before it. Check that your keys are all here, and export a backup.',
          )
        : null,
      keys.element,
      rotations.element,
      places.element,
      dashboard.element,
      await settingsSection(),
      backupSection(keys.refresh),
      history.element,
    ].filter(Boolean),
  );
}

async function lock() {
  refreshAll = null;
  await send('lock');
  gate(root, showOpen);
}

gate(root, showOpen);
