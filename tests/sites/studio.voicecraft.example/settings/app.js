// VoiceCraft's settings, built on @radix-ui/react-dialog as shadcn/ui uses
// it: the dialog renders in a portal, traps focus, and closes on a
// pointer-down outside its content. The app's state shows what it saved.
import * as Dialog from '@radix-ui/react-dialog';

const { createElement: h, useState } = window.React;

function App() {
  const [open, setOpen] = useState(false);
  const [key, setKey] = useState('');
  const [saved, setSaved] = useState(null);
  return h(
    'main',
    {},
    h('h1', {}, 'Settings'),
    h('output', { 'aria-label': 'Saved connection' }, saved ? JSON.stringify(saved) : ''),
    h(
      Dialog.Root,
      { open, onOpenChange: setOpen },
      h(Dialog.Trigger, {}, 'Connect OpenAI'),
      h(
        Dialog.Portal,
        {},
        h(Dialog.Overlay, { className: 'overlay' }),
        h(
          Dialog.Content,
          { className: 'content', 'aria-describedby': undefined },
          h(Dialog.Title, {}, 'Connect OpenAI'),
          h(
            'label',
            {},
            'OpenAI API key',
            h('input', { type: 'password', value: key, onChange: (e) => setKey(e.target.value) }),
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
          h(Dialog.Close, {}, 'Cancel'),
        ),
      ),
    ),
  );
}

window.ReactDOM.createRoot(document.getElementById('app')).render(h(App));
