// Encrypted backups: export the sealed vault to a file, import one back.
// A backup opens with the master password the vault had when it was made.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy } from '../shared/dom.js';
import { importsPanel } from './imports.js';

// Downloads a backup of the vault as it is now; answers the file's name.
export async function downloadBackup() {
  const { file_name: name, text } = await send('export-backup');
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

// What an import did, from its summary: what came in, what was there
// already, what broke a rule (the worker names each rule), and dates set
// right.
function importReport({ added, skipped, refused, dates_corrected: dates }) {
  const count = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many}`);
  let words = `Imported ${count(added, 'key', 'keys')}.`;
  if (skipped)
    words += ` ${skipped} already in your vault ${skipped === 1 ? 'was kept as it is' : 'were kept as they are'}.`;
  const total = refused.reduce((sum, r) => sum + r.count, 0);
  if (total) {
    const reasons = refused.map((r) => `${r.reason} (${r.count})`).join(', ');
    words += ` ${count(total, 'entry', 'entries')} skipped: ${reasons}. Nothing already in your vault changed.`;
  }
  if (dates)
    words += ` ${count(dates, 'date', 'dates')} no key can have (before 2015 or in the future) set to the import's day.`;
  return words;
}

export async function backupSection(refreshKeys) {
  const exported = h('p', { role: 'status', class: 'muted' });
  const exportButton = h('button', { type: 'button', onclick: exportBackup }, 'Export backup');

  async function exportBackup() {
    const name = await downloadBackup();
    exported.textContent = `Saved ${name}. It is encrypted with your master password.`;
  }

  const file = h('input', { type: 'file', accept: '.json,application/json' });
  const password = h('input', { type: 'password', autocomplete: 'off' });
  const imported = h('p', { role: 'status', class: 'muted' });
  const importForm = h(
    'form',
    { class: 'panel' },
    field('Backup file', file),
    field('Backup password', password, 'The master password the vault had when the backup was exported.'),
    alertLine(),
    imported,
    h('div', {}, h('button', { type: 'submit' }, 'Import backup')),
  );
  importForm.addEventListener('submit', (event) => {
    event.preventDefault();
    imported.textContent = '';
    busy(importForm, async () => {
      const chosen = file.files[0];
      if (!chosen) throw new Error('Choose a backup file first.');
      if (chosen.size > 20 * 1024 * 1024) throw new Error('This file is too large to be a Baton backup.');
      const summary = await send('import-backup', { text: await chosen.text(), password: password.value });
      password.value = '';
      imported.textContent = importReport(summary);
      await refreshKeys();
    });
  });

  return h(
    'section',
    {},
    h('h2', {}, 'Backup'),
    h(
      'div',
      { class: 'panel' },
      h('p', {}, 'Export an encrypted copy of your vault, to restore it on another computer or after a reinstall.'),
      exportButton,
      exported,
    ),
    h('h3', {}, 'Import a backup'),
    h(
      'p',
      { class: 'muted' },
      'Keys from the backup are added to this vault. Nothing already here is changed or removed.',
    ),
    importForm,
    h('h3', {}, 'Import keys from a file'),
    h(
      'p',
      { class: 'muted' },
      'Keys kept in a .env file or a password manager: Baton shows what it found before anything is added.',
    ),
    await importsPanel(refreshKeys),
  );
}
