// A copy of the Anthropic Console's API keys page (docs/PROVIDERS.md
// › The dashboards): the keys table (name, key hint as first 16 + ... + last 4,
// workspace, created, last used), "Create Key" → a dialog with a name and a
// workspace and "Add", then the new key shown once; a row's meatball menu →
// "Delete API key" → a confirmation naming the key's hint. React; keys come
// from the page's own backend (the test server's fake at /__fake/).
const { createElement: h, useState, useEffect } = React;

async function api(path, body) {
  const response = await fetch(
    `/__fake/${path}`,
    body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
  );
  return response.json();
}

function Modal({ title, children }) {
  return h(
    'div',
    { className: 'overlay' },
    h(
      'div',
      { className: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-label': title },
      h('h2', null, title),
      ...children,
    ),
  );
}

function CreateModal({ onCreated, onClose }) {
  const [name, setName] = useState('');
  return h(Modal, { title: 'Create API key' }, [
    h(
      'label',
      { key: 'n' },
      'Name your key',
      h('input', {
        type: 'text',
        value: name,
        onChange: (e) => setName(e.target.value),
        style: { display: 'block', width: '100%' },
      }),
    ),
    h('label', { key: 'w' }, 'Workspace', h('select', { style: { display: 'block' } }, h('option', null, 'Default'))),
    h(
      'div',
      { key: 'a', className: 'row' },
      h('button', { type: 'button', onClick: onClose }, 'Cancel'),
      h(
        'button',
        { type: 'button', className: 'primary', onClick: async () => onCreated(await api('keys', { name })) },
        'Add',
      ),
    ),
  ]);
}

function SaveModal({ secret, onClose }) {
  return h(Modal, { title: 'Save your API key' }, [
    h('p', { key: 'p' }, "Keep a record of the key below. You won't be able to view it again."),
    h('input', { key: 'i', type: 'text', readOnly: true, value: secret, 'aria-label': 'API key' }),
    h(
      'div',
      { key: 'a', className: 'row' },
      h('button', { type: 'button', onClick: () => navigator.clipboard?.writeText(secret) }, 'Copy Key'),
      h('button', { type: 'button', className: 'primary', onClick: onClose }, 'Close'),
    ),
  ]);
}

function DeleteModal({ row, onDeleted, onClose }) {
  return h(Modal, { title: 'Delete API key' }, [
    h(
      'p',
      { key: 'p' },
      'Are you sure you want to delete ',
      h('strong', null, row.name),
      ' (',
      h('code', null, row.redacted),
      ')? Any application using this key will stop working. This cannot be undone.',
    ),
    h(
      'div',
      { key: 'a', className: 'row' },
      h('button', { type: 'button', onClick: onClose }, 'Cancel'),
      h(
        'button',
        {
          type: 'button',
          className: 'danger',
          onClick: async () => {
            await api(`keys/${row.id}/revoke`, {});
            onDeleted();
          },
        },
        'Delete API key',
      ),
    ),
  ]);
}

function App() {
  const [rows, setRows] = useState([]);
  const [modal, setModal] = useState(null);
  const [menuFor, setMenuFor] = useState(null);
  const load = async () => setRows(await api('keys'));
  useEffect(() => {
    load();
  }, []);
  return h(
    'div',
    null,
    h('h1', null, 'API keys'),
    h('input', { type: 'search', placeholder: 'Search API keys', 'aria-label': 'Search API keys' }),
    ' ',
    h('button', { type: 'button', className: 'primary', onClick: () => setModal({ kind: 'create' }) }, 'Create Key'),
    h(
      'table',
      { 'aria-label': 'API keys' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ['Name', 'Key', 'Workspace', 'Created at', 'Last used', ''].map((t) => h('th', { key: t }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            { key: row.id },
            h('td', null, row.name),
            h('td', { className: 'hint' }, row.redacted),
            h('td', null, 'Default'),
            h('td', null, row.created),
            h('td', null, row.last_used),
            h(
              'td',
              { style: { position: 'relative' } },
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `More actions for ${row.name}`,
                  onClick: () => setMenuFor(menuFor === row.id ? null : row.id),
                },
                '⋯',
              ),
              menuFor === row.id &&
                h(
                  'div',
                  { className: 'menu', role: 'menu' },
                  h(
                    'button',
                    {
                      type: 'button',
                      role: 'menuitem',
                      onClick: () => {
                        setMenuFor(null);
                        setModal({ kind: 'delete', row });
                      },
                    },
                    'Delete API key',
                  ),
                ),
            ),
          ),
        ),
      ),
    ),
    modal?.kind === 'create' &&
      h(CreateModal, {
        onClose: () => setModal(null),
        onCreated: (created) => setModal({ kind: 'save', secret: created.key }),
      }),
    modal?.kind === 'save' &&
      h(SaveModal, {
        secret: modal.secret,
        onClose: () => {
          setModal(null);
          load();
        },
      }),
    modal?.kind === 'delete' &&
      h(DeleteModal, {
        row: modal.row,
        onClose: () => setModal(null),
        onDeleted: () => {
          setModal(null);
          load();
        },
      }),
  );
}

ReactDOM.createRoot(document.getElementById('app')).render(h(App));
