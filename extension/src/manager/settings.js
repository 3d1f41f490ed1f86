// Settings: auto-lock, the rotation policy, and the master password.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, showError } from '../shared/dom.js';
import { downloadBackup } from './backup.js';

export async function settingsSection() {
  const view = await send('get-settings');
  const { settings, kdf, auto_lock_minutes: lockBounds, rotation_policy_days: policyBounds } = view;
  const autoLock = h('input', { type: 'number', ...lockBounds, value: settings.auto_lock_minutes });
  const policy = h('input', { type: 'number', ...policyBounds, value: settings.rotation_policy_days });
  const saved = h('p', { role: 'status', class: 'muted' });
  const settingsForm = h(
    'form',
    { class: 'panel' },
    field('Auto-lock after (minutes)', autoLock, 'Baton locks itself after this long without use.'),
    field(
      'Rotate keys every (days)',
      policy,
      `Between ${policyBounds.min} and ${policyBounds.max} days. Baton reminds you when a key is due.`,
    ),
    alertLine(),
    saved,
    h('div', {}, h('button', { type: 'submit' }, 'Save settings')),
  );
  settingsForm.addEventListener('submit', (event) => {
    event.preventDefault();
    saved.textContent = '';
    busy(settingsForm, async () => {
      await send('update-settings', {
        settings: { auto_lock_minutes: Number(autoLock.value), rotation_policy_days: Number(policy.value) },
      });
      saved.textContent = 'Settings saved.';
    });
  });

  const current = h('input', { type: 'password', autocomplete: 'current-password' });
  const next = h('input', { type: 'password', autocomplete: 'new-password' });
  const confirm = h('input', { type: 'password', autocomplete: 'new-password' });
  const changed = h('p', { role: 'status', class: 'muted' });
  const passwordForm = h(
    'form',
    { class: 'panel' },
    field('Current master password', current),
    field(
      'New master password',
      next,
      `At least ${view.password_min} characters. Backups you exported before keep opening with the old password.`,
    ),
    field('Confirm new master password', confirm),
    alertLine(),
    changed,
    h('div', {}, h('button', { type: 'submit' }, 'Change master password')),
  );
  passwordForm.addEventListener('submit', (event) => {
    event.preventDefault();
    changed.textContent = '';
    if (next.value !== confirm.value) {
      showError(passwordForm, new Error('The two new passwords are different. Type the same password twice.'));
      return;
    }
    busy(passwordForm, async () => {
      await send('change-password', { current: current.value, new: next.value });
      current.value = next.value = confirm.value = '';
      // What changed, and the one thing that did not: earlier backups.
      changed.replaceChildren(
        'Master password changed. Everything Baton stores is encrypted again, under a new key: the old password opens none of it. Backups you exported before still open with the old password; export a new one and delete the old ones. ',
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            onclick: async (event) => {
              const name = await downloadBackup();
              event.target.replaceWith(`Saved ${name}, encrypted with your new password.`);
            },
          },
          'Export a new backup',
        ),
      );
    });
  });

  return h(
    'section',
    {},
    h('h2', {}, 'Settings'),
    settingsForm,
    h('h3', {}, 'Master password'),
    passwordForm,
    h(
      'p',
      { class: 'muted' },
      `Your vault is encrypted with AES-256-GCM under a key derived by Argon2id (${kdf.memory_kib / 1024} MiB, ${kdf.passes} passes, ${kdf.lanes} lanes).`,
    ),
  );
}
