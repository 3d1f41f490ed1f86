// A hostile page's kit, shared by the trick fixtures (tests/sites/tricks.example/…).
// The page has a key field whose input listener "sends the key away" (it
// records every value in window.__received), and arranges one trick to make
// the user's real click or key press release a key. With ?control in the
// address the page plays fair: the same page, no trick.

window.__received = [];
document.addEventListener(
  'input',
  (event) => {
    if (event.target.name === 'api_key') window.__received.push(event.target.value);
  },
  true,
);

const control = new URLSearchParams(location.search).has('control');

// Applies `trick` unless this is the control page; `undo` takes it back.
window.trick = (apply, undo) => {
  window.removeTrick = () => {
    undo?.();
    document.documentElement.classList.remove('trick');
  };
  if (control) return;
  document.documentElement.classList.add('trick');
  apply?.();
};

// Calls `react(host)` each time Baton's menu is put into the page.
window.whenMenuOpens = (react) => {
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.localName === 'baton-menu') react(n);
  }).observe(document.documentElement, { childList: true, subtree: true });
};
