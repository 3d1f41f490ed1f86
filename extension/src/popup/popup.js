// The toolbar popup: unlock or create the vault, then a short summary, the
// way to the manager, and the lock.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';
import { gate } from '../shared/gate.js';
import { findingsList } from '../shared/findings.js';
import { nextSteps } from '../shared/steps.js';

const root = document.getElementById('root');

// A rotation in progress: its progress and its checklist of places.
function rotationSummary(r) {
  return h(
    'section',
    { 'aria-label': `Rotation of ${r.old_key.label}` },
    h('h2', {}, `Rotating "${r.old_key.label}"`),
    r.shows_progress ? h('p', {}, `${r.settled} of ${r.places.length} places done`) : null,
    h(
      'ul',
      { class: 'checklist', 'aria-label': 'Locations' },
      r.places.map((p) => h('li', {}, `${p.place} `, h('strong', {}, p.state_word))),
    ),
    r.ready_to_revoke
      ? h(
          'p',
          { class: 'note' },
          `Safe to revoke the old key ${r.old_key.hint}, then complete the rotation in the manager.`,
        )
      : h(
          'div',
          { class: 'alert' },
          h('p', {}, `Do not revoke ${r.old_key.hint} yet:`),
          h(
            'ul',
            { 'aria-label': 'Before revoking' },
            r.missing.map((words) => h('li', {}, words)),
          ),
        ),
  );
}

// Keys due soon or overdue for rotation.
function dueSummary(due) {
  const pressing = due.filter((d) => d.state !== 'ok');
  if (!pressing.length) return null;
  return h(
    'section',
    { 'aria-label': 'Rotations due' },
    h('h2', {}, 'Due for rotation'),
    h(
      'ul',
      {},
      pressing.map((d) => h('li', {}, `${d.label} `, h('span', { class: 'hint' }, d.hint), ' — ', d.words)),
    ),
  );
}

// The tab the popup is about: the active tab behind it; or, when this page
// is itself open in a tab, the tab used just before.
async function targetTab() {
  const self = await chrome.tabs.getCurrent();
  if (!self) return (await chrome.tabs.query({ active: true, currentWindow: true }))[0];
  const others = (await chrome.tabs.query({ windowType: 'normal' })).filter((t) => t.id !== self.id);
  return others.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

async function tabFindings() {
  const tab = await targetTab();
  return tab?.id === undefined ? null : send('tab-findings', { tab_id: tab.id });
}

async function showOpen() {
  const [keys, rotations, due, findings, reports] = await Promise.all([
    send('list-keys'),
    send('list-rotations'),
    send('due-keys'),
    tabFindings(),
    send('dashboard-reports'),
  ]);
  const count = keys.length === 1 ? '1 key' : `${keys.length} keys`;
  const steps = nextSteps(
    { keys: keys.length, places: keys.reduce((n, k) => n + k.locations, 0), checked: reports.length },
    { addKey: () => openManagerAt('add-key'), importKeys: () => openManagerAt('backup') },
    showOpen,
  );
  root.replaceChildren(
    h('h1', {}, 'Baton'),
    h('p', {}, `Unlocked. ${count} in your vault.`),
    steps ?? '',
    ...rotations.filter((r) => r.status === 'in-progress').map(rotationSummary),
    dueSummary(due) ?? '',
    findings ? findingsList(findings) : '',
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: openManager }, 'Open manager'),
      h('button', { type: 'button', class: 'secondary', onclick: lock }, 'Lock'),
    ),
  );
}

async function openManager() {
  await chrome.runtime.openOptionsPage();
  window.close();
}

// The manager at one of its sections (`add-key` opens the add form).
async function openManagerAt(section) {
  await chrome.tabs.create({ url: chrome.runtime.getURL(`manager/manager.html#${section}`) });
  window.close();
}

async function lock() {
  await send('lock');
  await gate(root, showOpen);
}

gate(root, showOpen);
