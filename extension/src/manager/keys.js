// The keys: the "API keys" table, the add form, edit and delete.
// Keys arrive from the worker as views: label, provider, hint; never a value.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, day } from '../shared/dom.js';

export async function keysSection(onChange = async () => {}, onRotate = () => {}) {
  // The providers, environments and label suggestions, from the worker.
  const { providers, environments, suggested_labels: labelsWithoutProvider } = await send('key-form');
  const environmentSelect = (selected = 'production') =>
    h(
      'select',
      {},
      environments.map(({ id, name }) => h('option', { value: id, selected: id === selected }, name)),
    );
  const environmentName = (id) => environments.find((e) => e.id === id)?.name ?? id;
  const tableHost = h('div');
  const formHost = h('div');
  const addButton = h('button', { type: 'button', onclick: () => openAddForm() }, 'Add key');
  const element = h('section', {}, h('h2', {}, 'Keys'), h('div', { class: 'row' }, addButton), formHost, tableHost);

  // `quiet`: a refresh the user did not ask for, which must not count as
  // activity (and keep Baton from locking).
  // The keys last listed, for the manager's next steps.
  let listed = [];
  async function refresh({ quiet = false } = {}) {
    const [keys, statuses] = await Promise.all([send('list-keys', { quiet }), send('key-statuses', { quiet })]);
    listed = keys;
    tableHost.replaceChildren(keysTable(keys, new Map(statuses.map((s) => [s.key_id, s]))));
    await onChange({ quiet });
  }

  function keysTable(keys, statuses) {
    const body = keys.length
      ? keys.map((key) => keyRow(key, statuses.get(key.id)))
      : [h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No keys yet. Add the keys your tools use, one by one.'))];
    return h(
      'table',
      {},
      h('caption', {}, 'API keys'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Label', 'Provider', 'Environment', 'Key', 'Added', 'Places', 'Status', ''].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, body),
    );
  }

  function keyRow(key, status) {
    const row = h(
      'tr',
      { class: status?.due ?? key.stage },
      h('td', {}, key.label),
      h('td', { title: key.kind_name ?? '' }, key.provider_name),
      h('td', {}, environmentName(key.environment)),
      h('td', { class: 'hint' }, key.hint),
      h('td', {}, day(key.created_at)),
      h('td', {}, String(key.locations)),
      h('td', { class: 'status' }, status?.words ?? ''),
      h(
        'td',
        { class: 'actions' },
        status?.rotatable
          ? h(
              'button',
              { type: 'button', 'aria-label': `Start rotation of ${key.label}`, onclick: () => onRotate(key) },
              'Start rotation',
            )
          : null,
        status?.rotatable ? ' ' : null,
        status?.rotatable
          ? h(
              'button',
              {
                type: 'button',
                class: 'danger',
                'aria-label': `This key leaked: ${key.label}`,
                onclick: () => onRotate(key, { leaked: true }),
              },
              'This key leaked',
            )
          : null,
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Edit ${key.label}`,
            onclick: () => row.replaceWith(editRow(key)),
          },
          'Edit',
        ),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            'aria-label': `Delete ${key.label}`,
            onclick: () => confirmDelete(key),
          },
          'Delete',
        ),
      ),
    );
    return row;
  }

  function editRow(key) {
    const label = h('input', { type: 'text', value: key.label, 'aria-label': 'Label' });
    const environment = environmentSelect(key.environment);
    environment.setAttribute('aria-label', 'Environment');
    const form = h(
      'form',
      { class: 'row' },
      label,
      environment,
      h('button', { type: 'submit' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: refresh }, 'Cancel'),
      alertLine(),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await send('edit-key', {
          id: key.id,
          edit: { label: label.value, environment: environment.value, notes: key.notes },
        });
        await refresh();
      });
    });
    return h('tr', {}, h('td', { colspan: 8 }, form));
  }

  function confirmDelete(key) {
    const form = h(
      'form',
      {},
      h('p', {}, `Delete "${key.label}" (${key.hint}) from Baton?`),
      h(
        'p',
        { class: 'muted' },
        `This removes it from your vault only. The key still works at ${key.provider_name} until you revoke it there.`,
      ),
      alertLine(),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'danger' }, 'Delete key'),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Cancel'),
      ),
    );
    const dialog = h('dialog', { 'aria-label': `Delete ${key.label}` }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await send('delete-key', { id: key.id });
        dialog.close();
        await refresh();
      });
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  function openAddForm() {
    const value = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const detected = h(
      'p',
      { class: 'detected muted', role: 'status' },
      'Paste a key: Baton recognises the provider from its shape.',
    );
    const provider = h('select', {});
    const providerField = field('Provider', provider);
    providerField.hidden = true;
    const label = h('input', { type: 'text', autocomplete: 'off' });
    const environment = environmentSelect();
    const notes = h('textarea', { rows: 2 });
    const form = h(
      'form',
      { class: 'panel' },
      h('h3', {}, 'Add a key'),
      field('Key', value),
      detected,
      providerField,
      field(
        'Label',
        label,
        'Say what it is for and when it was made, e.g. "Avatar pipeline — production — 2026-11-27".',
      ),
      field('Environment', environment),
      field('Notes', notes),
      alertLine(),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit' }, 'Save key'),
        h('button', { type: 'button', class: 'secondary', onclick: () => formHost.replaceChildren() }, 'Cancel'),
      ),
    );

    // The suggestion is really filled in, and follows the key and the
    // environment until the user types a label of their own: never a grey
    // placeholder that looks filled in but is not saved.
    let recognized = null;
    let ownLabel = false;
    label.addEventListener('input', () => {
      ownLabel = label.value.trim() !== '';
    });
    const suggestLabel = () => {
      if (ownLabel) return;
      label.value = (recognized?.suggested_labels ?? labelsWithoutProvider)[environment.value] ?? '';
    };
    value.addEventListener('input', async () => {
      if (!value.value.trim()) {
        recognized = null;
        providerField.hidden = true;
        detected.textContent = 'Paste a key: Baton recognises the provider from its shape.';
        return;
      }
      recognized = await send('recognize-key', { value: value.value });
      if (recognized.provider) {
        detected.textContent = `${recognized.kind_name} · ${recognized.hint}`;
        providerField.hidden = true;
      } else {
        detected.textContent = `Baton does not recognise this key's shape (${recognized.hint}). Choose its provider.`;
        const likely = recognized.could_be.map((p) => p.id);
        const ordered = [...recognized.could_be, ...providers.filter((p) => !likely.includes(p.id))];
        provider.replaceChildren(
          h('option', { value: '' }, 'Choose…'),
          ordered.map((p) => h('option', { value: p.id }, p.name)),
        );
        providerField.hidden = false;
      }
      suggestLabel();
    });
    environment.addEventListener('change', suggestLabel);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        const key = { value: value.value, label: label.value, environment: environment.value, notes: notes.value };
        if (!providerField.hidden && provider.value) key.provider = provider.value;
        await send('add-key', { key });
        value.value = '';
        formHost.replaceChildren();
        await refresh();
      });
    });
    formHost.replaceChildren(form);
    suggestLabel();
    value.focus();
  }

  await refresh();
  return { element, refresh, openAddForm, listed: () => listed };
}
