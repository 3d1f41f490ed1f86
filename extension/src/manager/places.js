// Where each key is used: the places Baton saw a key saved, and the places
// the user adds by hand because Baton cannot see them (a CI secret, a
// server's .env file, a colleague's laptop).

import { send } from '../shared/messages.js';
import { h, field, alertLine, busy, day } from '../shared/dom.js';

export async function placesSection() {
  const listHost = h('div');
  const keySelect = h('select', {});
  const place = h('input', { type: 'text', autocomplete: 'off', placeholder: 'GitHub Actions secret OPENAI_API_KEY' });
  const note = h('input', { type: 'text', autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'panel' },
    h('h3', {}, 'Add a place Baton cannot see'),
    field('For key', keySelect),
    field(
      'Place',
      place,
      "Where the key is pasted: another tool, a CI secret, a server's .env file, a colleague's laptop.",
    ),
    field('Note', note),
    alertLine(),
    h('div', {}, h('button', { type: 'submit' }, 'Add place')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(form, async () => {
      await send('add-location', { key_id: keySelect.value, place: { name: place.value, note: note.value } });
      place.value = note.value = '';
      await refresh();
    });
  });

  async function refresh({ quiet = false } = {}) {
    const [keys, places, notes] = await Promise.all([
      send('list-keys', { quiet }),
      send('list-locations', { quiet }),
      send('environment-notes', { quiet }),
    ]);
    // Places go to keys in use; a revoked key is offered nowhere.
    const inUse = keys.filter((k) => k.in_use);
    keySelect.replaceChildren(...inUse.map((k) => h('option', { value: k.id }, `${k.label} (${k.hint})`)));
    form.hidden = inUse.length === 0;
    const groups = keys.map((key) => {
      const mine = places.filter((p) => p.key_id === key.id);
      return h(
        'section',
        { 'aria-label': `Places of ${key.label}` },
        h('h3', {}, `${key.label} `, h('span', { class: 'muted hint' }, key.hint)),
        key.replaced ? wasAt(key) : null,
        ...notes
          .filter((n) => n.key_id === key.id)
          .map((n) =>
            h(
              'p',
              { class: n.kind === 'shared' ? 'alert' : 'note', role: n.kind === 'shared' ? 'alert' : 'note' },
              n.words,
            ),
          ),
        mine.length
          ? h(
              'ul',
              { class: 'places', 'aria-label': `Places of ${key.label}` },
              mine.map((p) => placeItem(p)),
            )
          : key.in_use
            ? h(
                'p',
                { class: 'muted' },
                "No places yet. Fill this key with Baton's chip on a tool's page and save there, or add a place by hand.",
              )
            : null,
      );
    });
    listHost.replaceChildren(...groups);
  }

  // A replaced key's record: what replaced it, and where it was.
  function wasAt(key) {
    const { by, at, places } = key.replaced;
    return h(
      'div',
      {},
      h(
        'p',
        { class: 'muted' },
        `Revoked on ${day(at)}, replaced by "${by}". ${places.length ? 'It was at:' : 'Baton knew no place for it.'}`,
      ),
      places.length
        ? h(
            'ul',
            { class: 'places muted', 'aria-label': `Where ${key.label} was` },
            places.map((name) => h('li', {}, name)),
          )
        : null,
    );
  }

  function placeItem(p) {
    const seen = day(p.last_seen);
    return h(
      'li',
      {},
      h('span', {}, p.place),
      h(
        'span',
        { class: 'muted' },
        p.source === 'manual'
          ? ` · ${p.field_label || 'added by hand'}`
          : p.source === 'api'
            ? ` · ${p.field_label} · found through the platform's API ${day(p.first_seen)}`
            : ` · ${p.field_label} · last saved ${seen}`,
      ),
      ' ',
      p.url ? h('a', { href: p.url, target: '_blank', rel: 'noopener noreferrer' }, 'Open') : null,
      ' ',
      h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': `Remove ${p.place}`,
          onclick: async () => {
            await send('remove-location', { id: p.id });
            await refresh();
          },
        },
        'Remove',
      ),
    );
  }

  await refresh();
  return { element: h('section', {}, h('h2', {}, 'Where your keys are used'), listHost, form), refresh };
}
