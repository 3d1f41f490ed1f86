// The guided walk: after the site saved the new key at one place of a
// rotation, this frame says the place is done and offers the next place
// Baton can open, in this same tab, so the user goes from place to place
// without coming back to the manager. The worker sends the tab to the
// place's recorded address; the frame only asks. Its button takes a click
// only while the frame is really seen (guard.js).

import { send } from '../shared/messages.js';
import { h, showError } from '../shared/dom.js';
import { onArmedChange, markControls } from './guard.js';

const root = document.getElementById('root');
const token = location.hash.slice(1);

function close() {
  parent.postMessage('baton-close-walk', '*');
}

async function next() {
  try {
    await send('walk-next', { token });
  } catch (error) {
    showError(root, error);
  }
}

try {
  const walk = await send('walk-state', { token });
  const nextWords = walk.next
    ? `Next: ${walk.next.place}`
    : walk.by_hand.length
      ? `Left: ${walk.by_hand.join(', ')}, which Baton cannot open: mark them in the rotation.`
      : 'Every place listed has the new key. Next, in the rotation: check the list is complete and verify the new key.';
  root.replaceChildren(
    h(
      'p',
      { role: 'status' },
      h('strong', {}, `${walk.done} has the new key.`),
      ` ${walk.settled} of ${walk.total} places done.`,
    ),
    h('p', {}, nextWords),
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', onclick: next }, walk.next ? `Open ${walk.next.place}` : 'Open the rotation'),
      h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close'),
    ),
  );
  markControls(root);
  onArmedChange(() => markControls(root));
} catch {
  close();
}
