// A frame Baton shows inside a web page takes a click or a key press only
// while the user really sees it. The page around it can lay a layer over it
// (even one with pointer-events: none, which lets the click through), fade
// it with opacity or a filter on any ancestor, or transform it: Chromium's
// IntersectionObserver v2 reports each of these as "not visible". While the
// frame is not visible, and for ARM_DELAY after it becomes visible (a layer
// removed just before the click), clicks and keys do nothing; the frame says
// so once it is seen again. Controls are marked aria-disabled meanwhile, so
// assistive technology (and test tools) see they cannot be used yet.

const ARM_DELAY_MS = 500;

let visibleSince = null;
let armTimer = 0;
let ignored = false;
const listeners = new Set();

export function isArmed() {
  return visibleSince !== null && performance.now() - visibleSince >= ARM_DELAY_MS;
}

// Calls `onChange(armed, ignoredWhileHidden)` whenever the state changes.
export function onArmedChange(onChange) {
  listeners.add(onChange);
  onChange(isArmed(), false);
}

function changed() {
  const armed = isArmed();
  const report = armed && ignored;
  if (armed) ignored = false;
  for (const listener of listeners) listener(armed, report);
  markControls(document);
}

// aria-disabled on every control while the frame cannot be used.
export function markControls(root) {
  const armed = isArmed();
  for (const control of root.querySelectorAll('button, input, select, textarea')) {
    if (armed) control.removeAttribute('aria-disabled');
    else control.setAttribute('aria-disabled', 'true');
  }
}

const observer = new IntersectionObserver(
  (entries) => {
    const visible = entries[entries.length - 1].isVisible;
    if (visible && visibleSince === null) {
      visibleSince = performance.now();
      clearTimeout(armTimer);
      armTimer = setTimeout(changed, ARM_DELAY_MS);
    } else if (!visible) {
      visibleSince = null;
      clearTimeout(armTimer);
    }
    changed();
  },
  { trackVisibility: true, delay: 100, threshold: [1] },
);
// What is observed is the frame's whole viewport, whatever its content's
// height (content taller than the frame would never be seen whole).
const sentinel = document.createElement('div');
sentinel.setAttribute('aria-hidden', 'true');
sentinel.style.cssText = 'position: fixed; inset: 0; pointer-events: none; visibility: visible;';
document.documentElement.append(sentinel);
observer.observe(sentinel);

// Capture phase on the window: before any control's own handler.
function refuse(event) {
  if (isArmed() || !event.isTrusted) return;
  // Tab and Shift stay free: moving focus releases nothing.
  if (event.type === 'keydown' && (event.key === 'Tab' || event.key === 'Shift')) return;
  event.preventDefault();
  event.stopImmediatePropagation();
  ignored = true;
}
for (const type of [
  'pointerdown',
  'mousedown',
  'pointerup',
  'mouseup',
  'click',
  'dblclick',
  'auxclick',
  'keydown',
  'keypress',
  'keyup',
  'submit',
  'beforeinput',
]) {
  addEventListener(type, refuse, true);
}
