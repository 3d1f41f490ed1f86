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
import { platformsSection } from './platforms.js';
import { nextSteps } from '../shared/steps.js';

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

// The manager's sections, in the order of the page and of its navigation.
const SECTIONS = [
  ['keys', 'Keys'],
  ['rotations', 'Rotations'],
  ['places', 'Places'],
  ['platforms', 'Connected platforms'],
  ['dashboard', 'Dashboard check'],
  ['history', 'History'],
  ['settings', 'Settings'],
  ['backup', 'Backup'],
];

// `goTo(id)` shows a section (unfolding History) and scrolls to it.
function navigation(goTo) {
  return h(
    'nav',
    { 'aria-label': 'Manager sections' },
    h(
      'ul',
      {},
      SECTIONS.map(([id, name]) => h('li', {}, h('a', { href: `#${id}`, onclick: () => goTo(id) }, name))),
    ),
  );
}

async function showOpen() {
  const status = await send('status');
  const places = await placesSection();
  let rotations = null;
  const keys = await keysSection(places.refresh, (key, options) => rotations.openStartForm(key, options));
  rotations = await rotationsSection(async () => {
    await keys.refresh();
  });
  const platforms = await platformsSection(async () => {
    await places.refresh();
    await keys.refresh();
  });
  const history = await historySection();
  const dashboard = await dashboardSection();
  const sections = {
    keys: keys.element,
    rotations: rotations.element,
    places: places.element,
    platforms: platforms.element,
    dashboard: dashboard.element,
    history: history.element,
    settings: await settingsSection(),
    backup: await backupSection(keys.refresh),
  };
  for (const [id, element] of Object.entries(sections)) element.id = id;

  // The first-run path, redrawn as the vault fills.
  const stepsHost = h('div');
  const goTo = (id) => {
    // History is folded away: going there unfolds it.
    if (sections[id].localName === 'details') sections[id].open = true;
    sections[id].scrollIntoView({ block: 'start' });
  };
  const addKey = () => {
    goTo('keys');
    keys.openAddForm();
  };
  async function refreshSteps({ quiet = false } = {}) {
    // The keys as the keys section last listed them (refreshed just before).
    const list = keys.listed();
    const reports = await send('dashboard-reports', { quiet });
    const state = {
      keys: list.length,
      places: list.reduce((n, k) => n + k.locations, 0),
      checked: reports.length,
    };
    const actions = {
      addKey,
      importKeys: () => {
        goTo('backup');
        document.getElementById('key-file')?.focus();
      },
    };
    stepsHost.replaceChildren(...[nextSteps(state, actions, () => refreshSteps())].filter(Boolean));
  }
  await refreshSteps();

  // Not the user's doing: these refreshes do not keep Baton unlocked.
  refreshAll = async () => {
    const quiet = { quiet: true };
    await rotations.refresh(quiet);
    await keys.refresh(quiet);
    await platforms.refresh(quiet);
    await history.refresh(quiet);
    await dashboard.refresh(quiet);
    await refreshSteps(quiet);
  };
  root.replaceChildren(
    ...[
      h('header', {}, h('h1', {}, 'Baton'), h('button', { type: 'button', class: 'secondary', onclick: lock }, 'Lock')),
      navigation(goTo),
      status.recovered
        ? h(
            'p',
            { class: 'note', role: 'status' },
            'The last save of your vault was damaged; Baton opened the save before it. Check that your keys are all here, and export a backup.',
          )
        : null,
      stepsHost,
      ...Object.values(sections),
    ].filter(Boolean),
  );
  // A link from elsewhere (the popup's next steps) names its section.
  const wanted = location.hash.slice(1);
  if (wanted === 'add-key') addKey();
  else if (sections[wanted]) goTo(wanted);
}

async function lock() {
  refreshAll = null;
  await send('lock');
  gate(root, showOpen);
}

gate(root, showOpen);
