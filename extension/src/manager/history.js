// The vault's history: what happened, newest first, in the worker's words
// (labels and hints only; the history never holds a key).

import { send } from '../shared/messages.js';
import { h, moment } from '../shared/dom.js';

export async function historySection() {
  const list = h('ol', { class: 'history', 'aria-label': 'History' });
  async function refresh({ quiet = false } = {}) {
    const lines = await send('history', { quiet });
    list.replaceChildren(
      ...lines.map((line) =>
        h('li', {}, h('time', { datetime: moment(line.at, 24) }, moment(line.at)), ' ', line.text),
      ),
    );
  }
  await refresh();
  const element = h('details', { class: 'history-section' }, h('summary', {}, 'History'), list);
  return { element, refresh };
}
