// A copy of Make's scenario editor around the "Create a connection" dialog
// of the OpenAI (ChatGPT, Whisper, DALL-E) module (docs/PROVIDERS.md
// › The tools' pages): Connection name, API Key (a password input), Organization ID, Save.
// Controlled React inputs; Save shows what React's state holds.
const { createElement: h, useState } = React;

function Field({ label, type = 'text', value, onChange, name }) {
  return h(
    'label',
    null,
    label,
    h('input', { type, name, value, onChange: (e) => onChange(e.target.value), autoComplete: 'off' }),
  );
}

function ConnectionDialog({ onSave, onClose }) {
  const [name, setName] = useState('My OpenAI connection');
  const [apiKey, setApiKey] = useState('');
  const [organization, setOrganization] = useState('');
  return h(
    'div',
    { className: 'modal-backdrop' },
    h(
      'div',
      { className: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'dialog-title' },
      h('h2', { id: 'dialog-title' }, 'Create a connection — OpenAI (ChatGPT, Whisper, DALL-E)'),
      h(Field, { label: 'Connection name', name: 'name', value: name, onChange: setName }),
      h(Field, { label: 'API Key', type: 'password', name: 'apiKey', value: apiKey, onChange: setApiKey }),
      h(Field, { label: 'Organization ID', name: 'organization', value: organization, onChange: setOrganization }),
      h(
        'div',
        { className: 'actions' },
        h('button', { type: 'button', onClick: onClose }, 'Close'),
        h('button', { type: 'button', onClick: () => onSave({ name, apiKey, organization }) }, 'Save'),
      ),
    ),
  );
}

function App() {
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(null);
  return h(
    'div',
    null,
    h(
      'header',
      null,
      h('strong', null, 'Make'),
      h('input', { type: 'search', placeholder: 'Search modules', 'aria-label': 'Search modules' }),
    ),
    h(
      'main',
      { className: 'canvas' },
      h('h1', null, 'Avatar pipeline'),
      h('button', { type: 'button', onClick: () => setOpen(true) }, 'Create a connection'),
      saved && h('output', { 'aria-label': 'Saved connection' }, JSON.stringify(saved)),
    ),
    open &&
      h(ConnectionDialog, {
        onClose: () => setOpen(false),
        onSave: (c) => {
          setSaved(c);
          setOpen(false);
        },
      }),
  );
}

ReactDOM.createRoot(document.getElementById('app')).render(h(App));
