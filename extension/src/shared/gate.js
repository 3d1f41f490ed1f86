// The door to the vault, shared by the popup and the manager: create a
// vault when there is none, unlock it when it is locked.

import { send } from './messages.js';
import { h, field, alertLine, busy, showError } from './dom.js';

// Renders whatever the vault's state calls for into `root`, and calls
// `onOpen` once the vault is unlocked. `focus: false` in frames inside web
// pages: focus moves there only when the user moves it.
export async function gate(root, onOpen, { focus = true } = {}) {
  const status = await send('status');
  if (status.state === 'unlocked') return onOpen(status);
  root.replaceChildren(
    status.state === 'no-vault' ? createForm(root, onOpen, status.password_min) : unlockForm(root, onOpen),
  );
  if (focus) root.querySelector('input')?.focus();
}

function createForm(root, onOpen, passwordMin) {
  const password = h('input', {
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minlength: passwordMin,
  });
  const confirm = h('input', { type: 'password', autocomplete: 'new-password', required: true });
  const form = h(
    'form',
    { class: 'gate', novalidate: true },
    h('h1', {}, 'Create your vault'),
    h(
      'p',
      {},
      'Your API keys are encrypted on this computer with a master password. Baton cannot recover it if you forget it: keep it in your password manager.',
    ),
    field('Master password', password, `At least ${passwordMin} characters.`),
    field('Confirm master password', confirm),
    alertLine(),
    h('button', { type: 'submit' }, 'Create vault'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (password.value !== confirm.value) {
      showError(form, new Error('The two passwords are different. Type the same password twice.'));
      return;
    }
    busy(form, async () => {
      await send('create-vault', { password: password.value });
      password.value = confirm.value = '';
      await gate(root, onOpen);
    });
  });
  return form;
}

function unlockForm(root, onOpen) {
  const password = h('input', { type: 'password', autocomplete: 'current-password', required: true });
  const form = h(
    'form',
    { class: 'gate', novalidate: true },
    h('h1', {}, 'Baton is locked'),
    field('Master password', password),
    alertLine(),
    h('button', { type: 'submit' }, 'Unlock'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      try {
        await send('unlock', { password: password.value });
      } finally {
        password.value = '';
      }
      await gate(root, onOpen);
    });
  });
  return form;
}
