// Importing keys from a .env file, a Bitwarden export or a 1Password export:
// the file is read in this page (import-files.js), every value it holds is
// shown to the worker, which says which are keys and which the vault has
// already; the preview shows hints and labels only, and nothing changes
// until the user imports. Each key then goes in through the manager's own
// add (its rules: a key's characters, label and notes bounds, no key twice).

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy } from '../shared/dom.js';
import { readKeyFile, ImportFileError } from './import-files.js';

const count = (n, one, many) => (n === 1 ? `1 ${one}` : `${n} ${many}`);

export async function importsPanel(refreshKeys) {
  const { environments } = await send('key-form');
  const file = h('input', {
    type: 'file',
    id: 'key-file',
    accept: '.env,.txt,.json,.csv,text/plain,application/json,text/csv',
  });
  const previewHost = h('div');
  const done = h('p', { role: 'status', class: 'muted' });
  const panel = h(
    'div',
    { class: 'panel' },
    field(
      'Key file',
      file,
      'A .env file, a Bitwarden export (JSON, unencrypted) or a 1Password export (CSV). It is read here, in Baton, and goes nowhere else.',
    ),
    alertLine(),
    done,
    previewHost,
  );

  // The file's keys, while the preview is shown; forgotten once imported
  // or put away.
  let rows = [];
  const forget = () => {
    rows = [];
    file.value = '';
    previewHost.replaceChildren();
  };

  file.addEventListener('change', () => {
    done.textContent = '';
    previewHost.replaceChildren();
    busy(panel, async () => {
      const chosen = file.files[0];
      if (!chosen) return;
      let read;
      try {
        read = readKeyFile(chosen.name, await chosen.text());
      } catch (e) {
        file.value = '';
        throw e instanceof ImportFileError ? e : new Error('Baton could not read this file.');
      }
      rows = [];
      let notKeys = read.ignored;
      for (const candidate of read.candidates) {
        const recognized = await send('recognize-key', { value: candidate.value });
        if (recognized.provider) rows.push({ ...candidate, recognized });
        else notKeys++;
      }
      previewHost.replaceChildren(preview(read.format, notKeys));
    });
  });

  function preview(format, notKeys) {
    const fresh = rows.filter((r) => !r.recognized.in_vault);
    const known = rows.length - fresh.length;
    const environment = h(
      'select',
      {},
      environments.map(({ id, name }) => h('option', { value: id, selected: id === 'production' }, name)),
    );
    const tableRows = rows.map((row) => {
      row.include = h('input', {
        type: 'checkbox',
        checked: !row.recognized.in_vault,
        disabled: Boolean(row.recognized.in_vault),
        'aria-label': `Import ${row.recognized.hint}`,
      });
      row.label = h('input', {
        type: 'text',
        value: row.name || row.recognized.suggested_labels.production,
        'aria-label': `Label of ${row.recognized.hint}`,
      });
      return h(
        'tr',
        {},
        h('td', {}, row.include),
        h('td', { class: 'hint' }, row.recognized.hint),
        h('td', {}, row.recognized.provider.name),
        h('td', {}, row.recognized.in_vault ? `Already in your vault as "${row.recognized.in_vault}"` : row.label),
        h('td', { class: 'muted' }, row.where),
      );
    });
    const summary = rows.length
      ? `${format}: ${count(rows.length, 'key', 'keys')} found, ${fresh.length} new${known ? `, ${known} already in your vault` : ''}.`
      : `${format}: no API key Baton recognises.`;
    // The button says how many keys it imports, as the user ticks them.
    const importButton = h('button', { type: 'submit' });
    const ticked = () => rows.filter((r) => r.include.checked && !r.include.disabled);
    const countTicked = () => {
      importButton.textContent = `Import ${count(ticked().length, 'key', 'keys')}`;
    };
    countTicked();
    const form = h(
      'form',
      { 'aria-label': 'Import preview', onchange: countTicked },
      h('p', { class: 'summary', role: 'status' }, summary),
      notKeys
        ? h(
            'p',
            { class: 'muted' },
            `${count(notKeys, 'value that is not an API key', 'values that are not API keys')} left out.`,
          )
        : null,
      rows.length
        ? h(
            'table',
            {},
            h('caption', {}, 'Keys in the file'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Import', 'Key', 'Provider', 'Label', 'Found in'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            h('tbody', {}, tableRows),
          )
        : null,
      fresh.length ? field('Environment of the imported keys', environment) : null,
      alertLine(),
      h(
        'div',
        { class: 'row' },
        fresh.length ? importButton : null,
        h('button', { type: 'button', class: 'secondary', onclick: forget }, fresh.length ? 'Cancel' : 'Close'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        const chosen = ticked();
        if (!chosen.length) throw new Error('Tick the keys to import.');
        let added = 0;
        const refused = [];
        for (const row of chosen) {
          const notes = `Imported from ${row.where}${row.name ? ` (${row.name})` : ''}`;
          const key = { value: row.value, label: row.label.value, environment: environment.value, notes };
          try {
            await send('add-key', { key });
            added++;
          } catch (e) {
            refused.push(`${row.recognized.hint}: ${e.message}`);
          }
        }
        forget();
        let words = `Imported ${count(added, 'key', 'keys')}.`;
        if (known)
          words += ` ${count(known, 'key was', 'keys were')} already in your vault and kept as ${known === 1 ? 'it is' : 'they are'}.`;
        if (refused.length) words += ` Not imported: ${refused.join('; ')}.`;
        done.textContent = words;
        await refreshKeys();
      });
    });
    return form;
  }

  return panel;
}
