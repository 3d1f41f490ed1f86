// PromptDeck's settings: a Radix-style dialog for the OpenAI connection and
// a collapsible "Advanced" section. The app's own state shows what it saved.
(() => {
  const { createElement: h, useState, useRef, useEffect } = React;

  // Radix's DismissableLayer, reduced: a pointer-down outside the content,
  // or Escape, closes the dialog.
  // biome-ignore lint/correctness/noComponentHookFactories: a fixture's components live in its one script's scope.
  function Dialog({ title, onClose, children }) {
    const content = useRef(null);
    useEffect(() => {
      const outside = (event) => {
        if (content.current && !content.current.contains(event.target)) onClose();
      };
      const onEscape = (event) => event.key === 'Escape' && onClose();
      document.addEventListener('pointerdown', outside, true);
      document.addEventListener('keydown', onEscape);
      return () => {
        document.removeEventListener('pointerdown', outside, true);
        document.removeEventListener('keydown', onEscape);
      };
    }, [onClose]);
    return ReactDOM.createPortal(
      h(
        'div',
        { 'data-portal': '' },
        h('div', { 'data-overlay': '' }),
        h(
          'div',
          {
            role: 'dialog',
            'aria-modal': 'true',
            'aria-labelledby': 'dialog-title',
            'data-state': 'open',
            ref: content,
          },
          h('h2', { id: 'dialog-title' }, title),
          children,
        ),
      ),
      document.body,
    );
  }

  // biome-ignore lint/correctness/noComponentHookFactories: as above.
  function App() {
    const [open, setOpen] = useState(false);
    const [key, setKey] = useState('');
    const [saved, setSaved] = useState(null);
    const [advanced, setAdvanced] = useState(true);
    const [backup, setBackup] = useState('');
    return h(
      'main',
      {},
      h('h1', {}, 'Settings'),
      h('button', { type: 'button', onClick: () => setOpen(true) }, 'Connect OpenAI'),
      h('output', { 'aria-label': 'Saved connection' }, saved ? JSON.stringify(saved) : ''),
      h('h2', {}, h('button', { type: 'button', onClick: () => setAdvanced(!advanced) }, 'Advanced settings')),
      h(
        'section',
        { className: advanced ? '' : 'collapsed' },
        h(
          'label',
          {},
          'Backup OpenAI API key',
          h('input', { type: 'password', value: backup, onChange: (e) => setBackup(e.target.value) }),
        ),
      ),
      open &&
        h(
          Dialog,
          { title: 'Connect OpenAI', onClose: () => setOpen(false) },
          h(
            'label',
            {},
            'API Key',
            h('input', {
              type: 'password',
              value: key,
              onChange: (e) => setKey(e.target.value),
              placeholder: 'sk-...',
            }),
          ),
          h(
            'button',
            {
              type: 'button',
              onClick: () => {
                setSaved({ key });
                setOpen(false);
              },
            },
            'Save',
          ),
        ),
    );
  }

  ReactDOM.createRoot(document.getElementById('app')).render(h(App));
})();
