// Rotations: the "Start rotation" form, and for each rotation in progress
// its checklist of places, the provider check, and completion. The worker
// decides every state; this page shows them and sends what the user does.

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, day } from '../shared/dom.js';

export async function rotationsSection(onChange = async () => {}) {
  const formHost = h('div');
  const listHost = h('div');
  const element = h('section', { 'aria-label': 'Rotations' }, h('h2', {}, 'Rotations'), formHost, listHost);

  // Asked once per rotation while this page is open: the provider's word
  // on the old key's last use (an admin key in the vault), and a new
  // verification where the provider could not be reached before.
  const askedOnce = new Set();
  // What the last "Update by API" could not do, by rotation: the place and why.
  const pushReports = new Map();

  // The providers whose admin key is in the vault: their old keys can be
  // revoked from here, and OpenAI's makes the new key.
  let admins = new Set();
  const adminsOf = (keys) => new Set(keys.filter((k) => k.lists_organisation && k.in_use).map((k) => k.provider));
  // OpenRouter's management key is a connected platform's token, not a
  // vault key: asked of the platforms' module only where a rotation needs it.
  async function withOpenRouter(admins) {
    const { connections } = await send('platforms', { call: JSON.stringify('list'), quiet: true }).catch(() => ({
      connections: [],
    }));
    if (connections.some((c) => c.platform === 'open-router')) admins.add('open-router');
    return admins;
  }

  // A key Baton was creating when it last stopped mid-call is deleted once,
  // as the manager opens: its value was never seen, nobody can hold it.
  let cleanedUp = false;

  async function refresh({ quiet = false } = {}) {
    if (!cleanedUp) {
      cleanedUp = await send('clean-up-creation', { quiet: true })
        .then(() => true)
        .catch(() => false);
    }
    const rotations = await send('list-rotations', { quiet });
    const keys = await send('list-keys', { quiet: true });
    admins = adminsOf(keys);
    if (rotations.some((r) => r.status === 'in-progress' && r.provider === 'open-router')) await withOpenRouter(admins);
    const running = rotations.filter((r) => r.status === 'in-progress');
    const finished = rotations.filter((r) => r.status !== 'in-progress').slice(0, 10);
    // replaceChildren writes a null as the text "null": only what there is.
    const idle = running.length
      ? []
      : [h('p', { class: 'muted' }, "No rotation running. Start one with a key's Start rotation button, under Keys.")];
    listHost.replaceChildren(
      ...idle,
      ...running.map(rotationPanel),
      ...(finished.length ? [finishedList(finished)] : []),
    );
    for (const r of running.filter((r) => !askedOnce.has(r.id))) {
      askedOnce.add(r.id);
      askProvider(r);
    }
  }

  async function askProvider(r) {
    try {
      if (r.verification?.outcome === 'unreachable') await send('verify-new-key', { rotation_id: r.id });
      const { asked } = await send('check-old-key-use', { rotation_id: r.id, quiet: true });
      if (asked || r.verification?.outcome === 'unreachable') await refresh({ quiet: true });
    } catch {
      // Still unreachable, or no admin key: the panel says what is missing.
    }
  }

  // ---- Starting ------------------------------------------------------------

  // Rotations begun because their old key leaked, while this page is open:
  // their panel offers to revoke it at once.
  const leakedRotations = new Set();

  async function openStartForm(key, { leaked = false } = {}) {
    const draft = await send('rotation-draft', { key_id: key.id });
    // With an OpenAI admin key in the vault, OpenAI can make the new key:
    // the worker takes it straight into the vault, no page ever holds it.
    admins = adminsOf(await send('list-keys'));
    if (key.provider === 'open-router') await withOpenRouter(admins);
    const creatable = ['open-ai', 'open-router'].includes(key.provider) && admins.has(key.provider);
    const value = h('input', { type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const detected = h(
      'p',
      { class: 'muted', role: 'status' },
      `Create the new key on ${key.provider_name}'s dashboard first, then paste it here. The old key keeps working until you revoke it, last.`,
    );
    const label = h('input', { type: 'text', autocomplete: 'off', value: draft.suggested_label });
    const labelWarning = h('p', { class: 'note', role: 'status', hidden: true });
    const form = h(
      'form',
      { class: leaked ? 'panel leaked' : 'panel', 'aria-label': `Rotate ${key.label}` },
      h(
        'h3',
        {},
        leaked ? `Key leaked: replace "${key.label}" now ` : `Rotate "${key.label}" `,
        h('span', { class: 'muted hint' }, key.hint),
      ),
      leaked
        ? h(
            'p',
            { class: 'note' },
            'Baton takes the new key, checks it with the provider, updates every place it reaches by API at once, then walks you through the others. You can revoke the leaked key as soon as the new one works.',
          )
        : null,
      field('New key', value),
      detected,
      creatable ? createByApi() : null,
      field('New label', label, 'Say what it is for and when it was made.'),
      labelWarning,
      placesToCheck(draft),
      alertLine(),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit' }, 'Begin rotation'),
        h('button', { type: 'button', class: 'secondary', onclick: () => formHost.replaceChildren() }, 'Cancel'),
      ),
    );
    value.addEventListener('input', async () => {
      if (!value.value.trim()) return;
      const recognized = await send('recognize-key', { value: value.value });
      detected.textContent = recognized.provider
        ? `${recognized.kind_name} · ${recognized.hint}`
        : `Key ${recognized.hint}`;
    });
    label.addEventListener('input', async () => {
      const checked = await send('rotation-draft', { key_id: key.id, label: label.value });
      labelWarning.textContent = checked.label_warning ?? '';
      labelWarning.hidden = !checked.label_warning;
    });
    const begun = async (rotation, { created = false } = {}) => {
      value.value = '';
      formHost.replaceChildren();
      if (leaked) await emergency(rotation);
      // A key the provider just made for Baton is checked at once: the
      // check is a read, and the user would click it next anyway.
      else if (created) await verifyQuietly(rotation);
      await refresh();
      await onChange();
    };
    function createByApi() {
      return h(
        'div',
        { class: 'row' },
        h(
          'button',
          {
            type: 'button',
            class: 'secondary',
            // One creation at a time: the button waits for the worker.
            onclick: async (event) => {
              const button = event.currentTarget;
              button.disabled = true;
              await busy(form, async () => {
                const rotation = await send('create-replacement', { key_id: key.id, label: label.value });
                await begun(rotation, { created: true });
              });
              button.disabled = false;
            },
          },
          `Create the new key on ${key.provider_name}`,
        ),
        h(
          'span',
          { class: 'muted' },
          key.provider === 'open-ai'
            ? " Or let Baton do it with your admin key: a service account's key in the old key's project, taken straight into the vault."
            : ' Or let Baton do it with your management key: a key of your OpenRouter account, taken straight into the vault.',
        ),
      );
    }
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await begun(
          await send('start-rotation', { start: { old_key: key.id, value: value.value, label: label.value } }),
        );
      });
    });
    formHost.replaceChildren(form);
    value.focus();
  }

  // A leaked key's rotation, its first steps at once: the new key checked
  // with the provider, then every place on a connected platform updated.
  // What fails stays said on the panel, as in any rotation.
  async function emergency(rotation) {
    leakedRotations.add(rotation.id);
    const byApi = rotation.places.some((p) => p.source === 'api' && p.state === 'pending');
    try {
      // The push verifies the key on the way, and goes only if it works.
      if (byApi) await updateByApi(rotation);
      else await verifyQuietly(rotation);
    } catch {
      // The panel shows the verification and the places as they are.
    }
  }

  // The new key's live check, its outcome shown on the panel as any
  // verification's; answers whether the check could be asked.
  async function verifyQuietly(rotation) {
    try {
      await send('verify-new-key', { rotation_id: rotation.id });
      return true;
    } catch {
      return false;
    }
  }

  // The audit: where the old key is known to live, and what people forget.
  function placesToCheck(draft) {
    return h(
      'div',
      {},
      h(
        'p',
        {},
        draft.places.length
          ? `Baton knows ${draft.places.length === 1 ? '1 place' : `${draft.places.length} places`} that use this key:`
          : 'Baton knows no place that uses this key yet.',
      ),
      draft.places.length
        ? h(
            'ul',
            { class: 'places' },
            draft.places.map((p) => h('li', {}, p.place)),
          )
        : null,
      h('p', { class: 'muted' }, 'Places people often forget — add them once the rotation has begun:'),
      h(
        'ul',
        { class: 'places muted' },
        draft.often_forgotten.map((t) => h('li', {}, t)),
      ),
    );
  }

  // ---- A rotation in progress ---------------------------------------------

  function rotationPanel(r) {
    const total = r.places.length;
    const status = h('p', { role: 'status', class: 'verify' }, r.verification_words ?? 'Not checked yet.');
    const alert = alertLine();
    const act = (type, fields) => perform(alert, type, fields);
    const complete = h(
      'button',
      { type: 'button', disabled: !r.ready_to_revoke, onclick: () => act('complete-rotation', { rotation_id: r.id }) },
      'Complete rotation',
    );
    const panel = h(
      'article',
      { class: 'panel rotation', 'aria-label': `Rotation of ${r.old_key.label}` },
      h('h3', {}, `Rotating "${r.old_key.label}" → "${r.new_key.label}"`),
      h(
        'p',
        { class: 'muted' },
        `${r.provider_name} · old ${r.old_key.hint} · new ${r.new_key.hint} · started ${day(r.started_at)}`,
      ),
      // The worker's plan of the rotation says which step comes next.
      r.next_step ? h('p', { class: 'next-step' }, nextStepWords(r)) : null,
      r.shows_progress
        ? h(
            'div',
            { class: 'progress-row' },
            h(
              'div',
              {
                role: 'progressbar',
                'aria-label': 'Rotation progress',
                'aria-valuemin': 0,
                'aria-valuemax': total,
                'aria-valuenow': r.settled,
                class: 'progress',
              },
              h('div', { class: 'bar', style: `width: ${total ? Math.round((100 * r.settled) / total) : 100}%` }),
            ),
            h('span', {}, `${r.settled} of ${total} places done`),
          )
        : h(
            'p',
            { class: 'note' },
            'Baton knows no place that uses this key. Add every place it is used, or say the list is complete.',
          ),
      h('h4', {}, '1. Update every place'),
      h(
        'p',
        { class: 'muted' },
        "Open each place: Baton's chip fills the new key there, and the place checks itself off when the site saves. Mark places Baton cannot see by hand.",
      ),
      byApi(r),
      h(
        'ul',
        { class: 'locations', 'aria-label': 'Locations' },
        r.places.map((p) => placeItem(r, p, act)),
      ),
      addPlaceForm(r),
      r.audited
        ? h('p', { class: 'muted' }, 'You checked that this list is complete.')
        : h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => act('confirm-places', { rotation_id: r.id }) },
            'The list is complete',
          ),
      h('h4', {}, '2. Check the new key'),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'button', class: 'secondary', onclick: () => verify(alert, r, status) }, 'Verify new key'),
        status,
      ),
      h('h4', {}, '3. Revoke the old key, last'),
      r.ready_to_revoke
        ? h(
            'p',
            { class: 'note', role: 'status' },
            `Safe to revoke: every place you listed has the new key and it works. Revoke the old key (${r.old_key.hint}) on ${r.provider_name}'s dashboard now, then complete: Baton checks the old key no longer works.`,
          )
        : h(
            'div',
            { class: 'alert' },
            // A leaked key is revoked at once (below): what is left is
            // what completing the rotation waits for.
            h(
              'p',
              {},
              leakedRotations.has(r.id)
                ? 'Before the rotation can complete:'
                : `Do not revoke the old key (${r.old_key.hint}) yet:`,
            ),
            h(
              'ul',
              { 'aria-label': 'Before revoking' },
              r.missing.map((words) => h('li', {}, words)),
            ),
          ),
      r.caveat ? h('p', { class: 'muted' }, r.caveat) : null,
      alert,
      r.ready_to_revoke && admins.has(r.provider) ? revokeByApi(r, act) : null,
      !r.ready_to_revoke && leakedRotations.has(r.id) ? revokeLeaked(r, alert) : null,
      h(
        'div',
        { class: 'row' },
        complete,
        h('button', { type: 'button', class: 'secondary', onclick: () => abandon(r) }, 'Abandon rotation'),
      ),
    );
    return panel;
  }

  // With the provider's admin key in the vault, the old key is revoked from
  // here, once the gate is open, on a second, confirming click.
  function revokeByApi(r, act) {
    const confirm = h(
      'div',
      { class: 'note', role: 'group', 'aria-label': 'Confirm revoking', hidden: true },
      h('p', {}, `Revoke ${r.old_key.hint} on ${r.provider_name} now? It stops working everywhere, at once.`),
      h(
        'button',
        { type: 'button', onclick: () => act('revoke-old-key', { rotation_id: r.id }) },
        'Revoke and complete',
      ),
    );
    const ask = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          confirm.hidden = false;
          ask.hidden = true;
        },
      },
      `Revoke the old key on ${r.provider_name}`,
    );
    return h('div', {}, ask, confirm);
  }

  // A leaked key can go before every place has the new one, once the new
  // key works: the user is told which places fail until they have it.
  function revokeLeaked(r, alert) {
    if (r.verification?.outcome !== 'works') {
      return h('p', { class: 'note' }, 'Once the new key works, revoke the leaked key at once.');
    }
    const failing = r.places.filter((p) => p.state === 'pending' || p.state === 'filled');
    // Without the provider's admin key, the user revokes it on the dashboard.
    const how = admins.has(r.provider)
      ? h(
          'button',
          {
            type: 'button',
            onclick: () =>
              perform(alert, 'revoke-old-key', { rotation_id: r.id, leaked: true }, () => leakedRotations.delete(r.id)),
          },
          `Revoke it on ${r.provider_name} now`,
        )
      : h(
          'p',
          {},
          `Revoke it on ${r.provider_name}'s dashboard now; Complete rotation checks it, once every place has the new key.`,
        );
    return h(
      'div',
      { class: 'alert', role: 'group', 'aria-label': 'Revoke the leaked key now' },
      h(
        'p',
        {},
        failing.length
          ? `Revoking ${r.old_key.hint} now stops whoever has it. These places fail until they have the new key:`
          : `Revoking ${r.old_key.hint} now stops whoever has it. Every place has the new key.`,
      ),
      failing.length
        ? h(
            'ul',
            { 'aria-label': 'Places that fail until updated' },
            failing.map((p) => h('li', {}, p.place)),
          )
        : null,
      how,
    );
  }

  // Places on a connected platform are updated all at once through its API;
  // what the last push could not do stays said until the next one.
  function byApi(r) {
    const waiting = r.places.filter((p) => p.source === 'api' && (p.state === 'pending' || p.state === 'filled'));
    const said = pushReports.get(r.id) ?? [];
    if (!waiting.length && !said.length) return null;
    const count = h(
      'span',
      { class: 'muted', role: 'status' },
      ` ${waiting.length} on connected platforms, updated without a visit.`,
    );
    // The push waits for each redeploy to go live: said while it runs.
    const push = async (event) => {
      event.currentTarget.disabled = true;
      count.textContent =
        ' Updating: the new key goes to each platform, then Baton waits for each redeploy to go live (up to two minutes)…';
      await updateByApi(r);
    };
    return h(
      'div',
      { class: 'row' },
      waiting.length ? h('button', { type: 'button', onclick: push }, 'Update by API') : null,
      waiting.length ? count : null,
      said.length
        ? // A list (as its name says), read out as a status.
          h(
            'div',
            { role: 'status' },
            h(
              'ul',
              { class: 'alert', 'aria-label': 'Not updated by API' },
              said.map((t) => h('li', {}, t)),
            ),
          )
        : null,
    );
  }

  // The plan's next step (`rotation::plan` in the worker), in words.
  function nextStepWords(r) {
    switch (r.next_step) {
      case 'verify':
        return r.verification?.outcome === 'rejected'
          ? `Next: ${r.provider_name} refused the new key. Check it, then verify it again; Baton pushes it nowhere until it works.`
          : `Next: verify the new key with ${r.provider_name}.`;
      case 'update-by-api':
        return 'Next: update the places on connected platforms, with Update by API.';
      case 'walk-by-page':
        return "Next: open each place still pending and click Baton's button there; the site's save checks it off.";
      case 'confirm-list':
        return 'Next: check the list names every place the old key lives, then say it is complete.';
      default:
        return r.ready_to_revoke
          ? 'Next, and last: revoke the old key.'
          : 'Next: revoke the old key, once nothing below stands in the way.';
    }
  }

  // The worker pushes only a key its provider accepted: one not verified
  // yet is verified on the way, in the same click. What the push could not
  // do (the worker's refusal too) stays said under the button.
  async function updateByApi(r) {
    if (r.verification?.outcome !== 'works') await verifyQuietly(r);
    try {
      const { results, places } = await send('update-by-api', { rotation_id: r.id });
      const names = new Map(r.places.map((p) => [p.location_id, p.place]));
      const failed = results.filter((x) => !x.accepted);
      pushReports.set(
        r.id,
        failed.map((x) => `${names.get(places[x.index]) ?? 'A place'}: ${x.words}`),
      );
    } catch (error) {
      pushReports.set(r.id, [error.message]);
    }
    await refresh();
    await onChange();
  }

  // The buttons for the moves the worker says this place allows.
  const ACTION_NAMES = { saved: 'Mark updated', confirmed: 'Confirm working', reopened: 'Reopen' };

  function placeItem(r, p, act) {
    const button = (name, event) =>
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `${name}: ${p.place}`,
          onclick: () => act('update-place', { rotation_id: r.id, location_id: p.location_id, event }),
        },
        name,
      );
    const actions = p.url
      ? [h('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer', 'aria-label': `Open ${p.place}` }, 'Open')]
      : [];
    for (const event of p.actions)
      actions.push(event === 'skipped' ? skipControl(r, p, act) : button(ACTION_NAMES[event], event));
    const how =
      p.state === 'skipped'
        ? ` (${p.reason})`
        : p.witness === 'baton' && p.state !== 'pending'
          ? ' · seen by Baton'
          : '';
    return h(
      'li',
      { class: `place ${p.state}` },
      h('span', { class: 'place-name' }, p.place),
      ' ',
      h('span', { class: 'state' }, p.state_word),
      h('span', { class: 'muted' }, how),
      ' ',
      ...actions.flatMap((a) => [a, ' ']),
    );
  }

  function skipControl(r, p, act) {
    const wrapper = h('span', {});
    const open = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        'aria-label': `Skip: ${p.place}`,
        onclick: () => {
          const reason = h('input', {
            type: 'text',
            'aria-label': `Why skip ${p.place}`,
            placeholder: 'no longer used',
          });
          const form = h(
            'form',
            { class: 'inline' },
            reason,
            h('button', { type: 'submit', class: 'secondary' }, 'Skip'),
          );
          form.addEventListener('submit', (event) => {
            event.preventDefault();
            act('update-place', {
              rotation_id: r.id,
              location_id: p.location_id,
              event: 'skipped',
              reason: reason.value,
            });
          });
          wrapper.replaceChildren(form);
          reason.focus();
        },
      },
      'Skip',
    );
    wrapper.append(open);
    return wrapper;
  }

  function addPlaceForm(r) {
    const name = h('input', { type: 'text', autocomplete: 'off', placeholder: 'Render .env, GitHub Actions secret…' });
    const form = h(
      'form',
      { class: 'row' },
      field('Another place', name),
      h('button', { type: 'submit', class: 'secondary' }, 'Add a place'),
      alertLine(),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await send('add-rotation-place', { rotation_id: r.id, place: { name: name.value, note: '' } });
        await refresh();
      });
    });
    return form;
  }

  async function verify(alert, r, status) {
    status.textContent = `Asking ${r.provider_name}…`;
    // The old key's last use too, where an admin key can tell it.
    await send('check-old-key-use', { rotation_id: r.id }).catch(() => {});
    await perform(alert, 'verify-new-key', { rotation_id: r.id });
  }

  // Abandoning asks what becomes of the new key: it exists at the
  // provider, and some places may already have it.
  function abandon(r) {
    const updated = r.with_new_key;
    const choice = (value, label, help, checked) =>
      h(
        'label',
        { class: 'choice' },
        h('input', { type: 'radio', name: 'new-key', value, checked }),
        ' ',
        label,
        h('span', { class: 'muted' }, ` ${help}`),
      );
    const form = h(
      'form',
      {},
      h('p', {}, `Abandon the rotation of "${r.old_key.label}"? It stays in use.`),
      h(
        'fieldset',
        {},
        h('legend', {}, `The new key "${r.new_key.label}" (${r.new_key.hint})`),
        choice(
          'removed',
          'Remove it from Baton',
          updated
            ? `The places that have it count as the old key's again: put the old key back there, then delete the new key on ${r.provider_name}'s dashboard.`
            : `Then delete it on ${r.provider_name}'s dashboard.`,
          true,
        ),
        choice(
          'kept-as-spare',
          'Keep it as a spare key',
          updated
            ? `It stays in your vault, at the ${updated === 1 ? 'place that has' : `${updated} places that have`} it.`
            : 'It stays in your vault as a key of its own.',
          false,
        ),
      ),
      alertLine(),
      h(
        'div',
        { class: 'row' },
        h('button', { type: 'submit', class: 'danger' }, 'Abandon rotation'),
        h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Keep rotating'),
      ),
    );
    const dialog = h('dialog', { 'aria-label': `Abandon the rotation of ${r.old_key.label}` }, form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      busy(form, async () => {
        await send('abandon-rotation', { rotation_id: r.id, new_key: form.elements['new-key'].value });
        dialog.close();
        await refresh();
        await onChange();
      });
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
  }

  // Sends one rotation request, then shows the new state; an error shows in
  // the rotation's alert line (which a refresh replaces, so not on success).
  // Sends a rotation request, hands its answer to `use`, then redraws; a
  // refusal goes in the panel's alert.
  async function perform(alert, type, fields, use = () => {}) {
    alert.hidden = true;
    try {
      use(await send(type, fields));
    } catch (error) {
      alert.textContent = error.message;
      alert.hidden = false;
      return;
    }
    await refresh();
    await onChange();
  }

  // Each finished rotation says how it ended and what is left to do.
  function finishedList(finished) {
    return h(
      'section',
      { 'aria-label': 'Finished rotations' },
      h('h3', {}, 'Finished rotations'),
      h(
        'ul',
        { class: 'places' },
        finished.map((r) =>
          h(
            'li',
            {},
            h('strong', {}, `"${r.old_key.label}" → "${r.new_key.label}": ${r.status}`),
            ' ',
            h('span', {}, r.ending),
          ),
        ),
      ),
    );
  }

  await refresh();
  return { element, refresh, openStartForm };
}
