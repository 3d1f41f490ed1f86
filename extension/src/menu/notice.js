// A notice beside a chip (a field Baton will not fill, and why), in an
// extension frame so the page cannot read it. The words come from the
// worker by a token given to Baton's content script in this tab; any other
// hash shows nothing.

import { send } from '../shared/messages.js';
import { h } from '../shared/dom.js';

const root = document.getElementById('root');

function close() {
  parent.postMessage('baton-close-notice', '*');
}

// `<token>~passive`: feedback (what went in, a place recorded), whose frame
// takes no click (the content script makes it `pointer-events: none`), so
// it has no button; it goes by itself.
const [token, mode] = location.hash.slice(1).split('~');

try {
  const { text } = await send('notice-state', { token });
  const closer = h('button', { type: 'button', class: 'secondary', onclick: close }, 'Close');
  // (replaceChildren would write a null as the text "null".)
  root.replaceChildren(h('p', { role: 'status' }, text), ...(mode === 'passive' ? [] : [closer]));
  // The frame takes the height of what it says (a marker's explanation runs
  // to several lines); the content script bounds it.
  parent.postMessage({ baton: 'notice-height', height: Math.ceil(root.getBoundingClientRect().bottom) + 2 }, '*');
} catch {
  close();
}
