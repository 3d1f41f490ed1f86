// A copy of the GroqCloud console's API keys page (docs/PROVIDERS.md
// › The dashboards): NAME | SECRET KEY (gsk_...abcd) | CREATED | LAST USED, edit and
// trash buttons, "Create API Key". React; the keys come from the page's own
// backend (the test server's fake at /__fake/) after the first render.
const { createElement: h, useState, useEffect } = React;

function App() {
  const [rows, setRows] = useState(null);
  useEffect(() => {
    fetch('/__fake/keys')
      .then((r) => r.json())
      .then(setRows);
  }, []);
  return h(
    'div',
    null,
    h('h1', null, 'API Keys'),
    h('p', null, 'Manage your project API keys. Remember to keep your API keys safe to prevent unauthorized access.'),
    h('button', { type: 'button' }, 'Create API Key'),
    rows === null
      ? h('p', null, 'Loading…')
      : h(
          'table',
          { 'aria-label': 'API keys' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['NAME', 'SECRET KEY', 'CREATED', 'LAST USED', ''].map((t) => h('th', { key: t }, t)),
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
                h('td', { className: 'secret' }, row.redacted),
                h('td', null, row.created),
                h('td', null, row.last_used),
                h(
                  'td',
                  null,
                  h('button', { type: 'button', 'aria-label': `Edit ${row.name}` }, '✎'),
                  ' ',
                  h('button', { type: 'button', 'aria-label': `Revoke ${row.name}` }, '🗑'),
                ),
              ),
            ),
          ),
        ),
  );
}

ReactDOM.createRoot(document.getElementById('app')).render(h(App));
