// A copy of the OpenAI platform's API keys page, older layout
// (docs/PROVIDERS.md › The dashboards): the keys table (NAME | SECRET KEY |
// TRACKING | CREATED | LAST USED | PERMISSIONS, redacted as sk-...abcd),
// "+ Create new secret key" → "Create new secret key" (Name, Permissions,
// Create secret key) → "Save your key" (the whole key once, read-only, Copy,
// Done), and the trash icon → "Revoke secret key" (the redacted key,
// Cancel, Revoke key). React; the keys come from the page's own backend
// (the test server's fake at /__fake/), which the API fake shares, a moment
// after the page renders, five to a page.
const { createElement: h, useState, useEffect } = React;

async function api(path, body) {
  const response = await fetch(
    `/__fake/${path}`,
    body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {},
  );
  return response.json();
}

function CreateDialog({ onCreated, onClose }) {
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState('All');
  return h(
    'div',
    { className: 'backdrop' },
    h(
      'div',
      { className: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'create-title' },
      h('h2', { id: 'create-title' }, 'Create new secret key'),
      h(
        'label',
        null,
        'Name ',
        h('span', { style: { color: '#6e6e80' } }, 'Optional'),
        h('input', { type: 'text', placeholder: 'My Test Key', value: name, onChange: (e) => setName(e.target.value) }),
      ),
      h(
        'div',
        { role: 'radiogroup', 'aria-label': 'Permissions', className: 'segmented' },
        ['All', 'Restricted', 'Read Only'].map((p) =>
          h(
            'button',
            {
              key: p,
              type: 'button',
              role: 'radio',
              'aria-checked': permissions === p,
              onClick: () => setPermissions(p),
            },
            p,
          ),
        ),
      ),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', onClick: onClose }, 'Cancel'),
        h(
          'button',
          { type: 'button', className: 'primary', onClick: async () => onCreated(await api('keys', { name })) },
          'Create secret key',
        ),
      ),
    ),
  );
}

function SaveDialog({ secret, onDone }) {
  return h(
    'div',
    { className: 'backdrop' },
    h(
      'div',
      { className: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'save-title' },
      h('h2', { id: 'save-title' }, 'Save your key'),
      h(
        'p',
        null,
        "Please save this secret key somewhere safe and accessible. For security reasons, you won't be able to view it again through your OpenAI account. If you lose this secret key, you'll need to generate a new one.",
      ),
      h(
        'div',
        { className: 'keyrow' },
        h('input', {
          type: 'text',
          readOnly: true,
          value: secret,
          'aria-label': 'Secret key',
          onFocus: (e) => e.target.select(),
        }),
        h('button', { type: 'button', onClick: () => navigator.clipboard?.writeText(secret) }, 'Copy'),
      ),
      h('p', null, 'Permissions: Read and write API resources'),
      h('div', { className: 'row' }, h('button', { type: 'button', className: 'primary', onClick: onDone }, 'Done')),
    ),
  );
}

function RevokeDialog({ row, onRevoke, onClose }) {
  return h(
    'div',
    { className: 'backdrop' },
    h(
      'div',
      { className: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'revoke-title' },
      h('h2', { id: 'revoke-title' }, 'Revoke secret key'),
      h(
        'p',
        null,
        "This API key will immediately be disabled. API requests made using this key will be rejected, which could cause any systems still depending on it to break. Once revoked, you'll no longer be able to view or modify this API key.",
      ),
      h('input', { type: 'text', readOnly: true, value: row.redacted, 'aria-label': 'Key to revoke' }),
      h(
        'div',
        { className: 'row' },
        h('button', { type: 'button', onClick: onClose }, 'Cancel'),
        h(
          'button',
          {
            type: 'button',
            className: 'danger',
            onClick: async () => {
              await api(`keys/${row.id}/revoke`, {});
              onRevoke();
            },
          },
          'Revoke key',
        ),
      ),
    ),
  );
}

const PAGE = 5;
// The current, project-based layout (settings/organization/api-keys) has
// other columns; the page sets window.LAYOUT = 'projects' for it.
const PROJECTS = window.LAYOUT === 'projects';
const COLUMNS = PROJECTS
  ? ['NAME', 'SECRET KEY', 'CREATED', 'LAST USED', 'PROJECT ACCESS', 'CREATED BY', 'PERMISSIONS', '']
  : ['NAME', 'SECRET KEY', 'TRACKING', 'CREATED', 'LAST USED', 'PERMISSIONS', ''];

function App() {
  const [rows, setRows] = useState([]);
  const [page, setPage] = useState(0);
  const [dialog, setDialog] = useState(null);
  // The keys arrive after the page has rendered, as on the real dashboard.
  const load = async () => {
    await new Promise((r) => setTimeout(r, 300));
    setRows(await api('keys'));
  };
  useEffect(() => {
    load();
  }, []);
  const shown = rows.slice(page * PAGE, (page + 1) * PAGE);
  return h(
    'div',
    null,
    h('h1', null, 'API keys'),
    h(
      'p',
      null,
      'Your secret API keys are listed below. Please note that we do not display your secret API keys again after you generate them.',
    ),
    h('p', null, 'Do not share your API key with others, or expose it in the browser or other client-side code.'),
    h(
      'button',
      { type: 'button', className: 'primary', onClick: () => setDialog({ kind: 'create' }) },
      '+ Create new secret key',
    ),
    h(
      'table',
      { 'aria-label': 'Secret keys' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          COLUMNS.map((t) => h('th', { key: t }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        shown.map((row) =>
          h(
            'tr',
            { key: row.id },
            h('td', null, row.name),
            h('td', { className: 'secret' }, row.redacted),
            PROJECTS
              ? [
                  h('td', { key: 'c' }, row.created),
                  h('td', { key: 'u' }, row.last_used),
                  h('td', { key: 'p' }, 'Default project'),
                  h('td', { key: 'b' }, 'Ada Lovelace'),
                  h('td', { key: 'a' }, 'All'),
                ]
              : [
                  h('td', { key: 't' }, 'Enabled'),
                  h('td', { key: 'c' }, row.created),
                  h('td', { key: 'u' }, row.last_used),
                  h('td', { key: 'a' }, 'All'),
                ],
            h(
              'td',
              null,
              h(
                'button',
                {
                  type: 'button',
                  'aria-label': `Revoke ${row.name}`,
                  onClick: () => setDialog({ kind: 'revoke', row }),
                },
                '🗑',
              ),
            ),
          ),
        ),
      ),
    ),
    rows.length > PAGE &&
      h(
        'nav',
        { 'aria-label': 'Pages' },
        h('button', { type: 'button', disabled: page === 0, onClick: () => setPage(page - 1) }, 'Previous'),
        ` Page ${page + 1} of ${Math.ceil(rows.length / PAGE)} `,
        h(
          'button',
          { type: 'button', disabled: (page + 1) * PAGE >= rows.length, onClick: () => setPage(page + 1) },
          'Next',
        ),
      ),
    dialog?.kind === 'create' &&
      h(CreateDialog, {
        onClose: () => setDialog(null),
        onCreated: (created) => setDialog({ kind: 'save', secret: created.key }),
      }),
    dialog?.kind === 'save' &&
      h(SaveDialog, {
        secret: dialog.secret,
        onDone: () => {
          setDialog(null);
          load();
        },
      }),
    dialog?.kind === 'revoke' &&
      h(RevokeDialog, {
        row: dialog.row,
        onClose: () => setDialog(null),
        onRevoke: () => {
          setDialog(null);
          load();
        },
      }),
  );
}

ReactDOM.createRoot(document.getElementById('app')).render(h(App));
