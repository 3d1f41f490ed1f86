// Baton's content script: a thin DOM adapter. It describes the page's
// visible fields to the service worker (which decides what they are), draws
// a chip beside each key field, and fills a key into the field whose chip the
// user clicked. It never decides what a field is and never keeps a key.
//
// It runs in every frame of every http(s) page, so it must cost nothing on
// pages without fields: one walk at start, then nothing until the page
// changes, and page changes are batched.
//
// It is four classic scripts, by job, in one isolated world (the manifest
// lists them in this order; no bundler): base.js (this file) reads the page
// and talks to the worker; chips.js draws the chips, fills, and learns where
// keys are saved; watch.js scans and follows the page's changes;
// dashboard.js, on the providers' dashboards only, reads keys tables and
// revoke dialogs. They share one object, `globalThis.batonContent`, which
// this file makes: the page's own scripts live in another world and cannot
// see it. A name another file defines is looked up on it when it is called.
(() => {
  'use strict';

  // 'baton-settled' in the frame's performance timeline says the script has
  // looked at the page as it is now: no scan running or due, no chip click
  // waiting for the worker, no shadow-root walk left. Tests wait for it
  // before they say "no chip here". It tells the page nothing that Baton's
  // chips and scan measures do not.
  const SETTLED = 'baton-settled';

  // A sandboxed document (an opaque origin, framed or by CSP) gets nothing.
  if (self.origin === 'null') {
    performance.mark(SETTLED);
    return;
  }

  const C = {};
  const N8N_BLANK = /^__n8n_(BLANK|EMPTY)_VALUE_[0-9a-f-]+$/;
  const isOurs = (node) => ['baton-chip', 'baton-menu', 'baton-banner', 'baton-marker'].includes(node.localName);
  const fields = new Map(); // id -> { el, kind, chip, shadow, armed, boxText, clippers }
  const ids = new WeakMap(); // element -> id
  let nextId = 1;

  // ---- Collecting --------------------------------------------------------

  // Every input and textarea of the document and of the shadow roots found
  // so far. The selector engine does the finding: touching each element
  // from script costs a microsecond or more (its wrapper in this world is
  // made on first touch), 10 ms and more on a 10,000-element page.
  function collectInputs() {
    const found = [...document.querySelectorAll('input, textarea')];
    for (const root of shadowRoots) {
      if (root.host.isConnected) found.push(...root.querySelectorAll('input, textarea'));
      else shadowRoots.delete(root);
    }
    return found;
  }

  // ---- Finding shadow roots -------------------------------------------------

  // No selector reaches into shadow trees, so finding them means visiting
  // elements one by one. That walk runs in idle time, a few milliseconds at
  // a slice, once over the page and then only over what the page adds; each
  // root it finds is watched for changes and joins collectInputs().
  const shadowRoots = new Set();
  const walkQueue = []; // subtrees still to walk, the current one last
  let walkScheduled = false;
  const SLICE_MS = 4;

  function walkLater(node) {
    unsettle();
    walkQueue.unshift({ node, walker: null });
    if (!walkScheduled) {
      walkScheduled = true;
      whenIdle(walkSlice);
    }
  }

  function whenIdle(task) {
    if (self.requestIdleCallback) requestIdleCallback(task, { timeout: 1000 });
    else setTimeout(task, 50);
  }

  function walkSlice(deadline) {
    walkScheduled = false;
    performance.mark('baton-walk-start');
    const end = performance.now() + Math.min(SLICE_MS, deadline?.timeRemaining?.() ?? SLICE_MS);
    let foundRoot = false;
    let visited = 0;
    while (walkQueue.length) {
      const job = walkQueue[walkQueue.length - 1];
      let el;
      if (job.walker) el = job.walker.nextNode();
      else {
        // A walker never returns its own root: look at it first.
        job.walker = document.createTreeWalker(job.node, NodeFilter.SHOW_ELEMENT);
        el = job.node.nodeType === Node.ELEMENT_NODE ? job.node : job.walker.nextNode();
      }
      if (!el) {
        walkQueue.pop();
        continue;
      }
      foundRoot = adoptShadowRoot(el) || foundRoot;
      if (++visited % 256 === 0 && performance.now() > end) break;
    }
    performance.measure('baton-walk', 'baton-walk-start');
    if (walkQueue.length) {
      walkScheduled = true;
      whenIdle(walkSlice);
    }
    if (foundRoot) C.schedule();
    markIfSettled();
  }

  // Closed roots open only through chrome.dom, which is asked about custom
  // elements only: they are where closed roots live, and the call is costly.
  function adoptShadowRoot(el) {
    if (isOurs(el)) return false;
    const tag = el.localName;
    const root = el.shadowRoot ?? (tag.includes('-') ? chrome.dom?.openOrClosedShadowRoot?.(el) : null);
    if (!root || shadowRoots.has(root)) return false;
    shadowRoots.add(root);
    C.observe(root);
    walkLater(root);
    return true;
  }

  function isVisible(el) {
    const rect = el.getBoundingClientRect();
    if (rect.width < 8 || rect.height < 8) return false;
    // Pushed off the page, where no one can scroll to it.
    if (rect.right + scrollX <= 0 || rect.bottom + scrollY <= 0) return false;
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }

  // The page has not made Baton's own chip, or the whole page, (nearly)
  // invisible to trick a click: the clickjacking of extension UIs.
  function isChipHonest(chip) {
    const opaque = (el) => Number(getComputedStyle(el).opacity) > 0.6;
    const rect = chip.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    const chipOnTop =
      hit === chip ||
      chip.getRootNode().elementFromPoint?.(rect.left + rect.width / 2, rect.top + rect.height / 2) === chip;
    return (
      opaque(chip) &&
      opaque(document.documentElement) &&
      (!document.body || opaque(document.body)) &&
      chip.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) &&
      chipOnTop
    );
  }

  // Visible, and not covered by something else where the user would click.
  function isUncovered(el) {
    const rect = el.getBoundingClientRect();
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    const root = el.getRootNode();
    const hit = (root.elementFromPoint ? root : document).elementFromPoint(x, y);
    return hit === el || el.contains(hit) || hit?.localName === 'baton-chip';
  }

  const text = (node, max = 120) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, max);

  // A label's own words. A <label> wrapping its control also holds the
  // control's text (a textarea's, a select's options): never read those,
  // they are the field's content, maybe a key.
  function labelText(label) {
    if (!label?.querySelector('textarea, select, input, button')) return text(label);
    const words = label.cloneNode(true);
    for (const control of words.querySelectorAll('textarea, select, input, button')) control.remove();
    return text(words);
  }

  function labelOf(el) {
    const root = el.getRootNode();
    const byIds = (el.getAttribute('aria-labelledby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => labelText(root.getElementById?.(id) ?? document.getElementById(id)))
      .join(' ');
    const labels = [...(el.labels ?? [])].map(labelText).join(' ');
    return (labels || byIds || labelText(el.closest('label'))).slice(0, 120);
  }

  function nearbyText(el) {
    for (let node = el, depth = 0; node && depth < 5; node = node.parentElement, depth++) {
      let sibling = node.previousElementSibling;
      while (sibling && !text(sibling)) sibling = sibling.previousElementSibling;
      if (sibling && !sibling.querySelector?.('input,textarea')) return text(sibling);
    }
    const cell = el.closest('td');
    if (cell) {
      const table = cell.closest('table');
      const header = table?.querySelectorAll('thead th')[cell.cellIndex];
      if (header) return text(header);
    }
    return '';
  }

  // The layer that holds a field: its dialog, native or not (role="dialog",
  // aria-modal, a popover), so that Baton's chip and menu placed there are
  // inside it for the app's outside-click logic and in its stacking; else
  // the field's shadow root, else the body.
  function layerOf(el) {
    const layer = el.closest('dialog, [role="dialog"], [role="alertdialog"], [aria-modal="true"], [popover]');
    if (layer) return layer;
    const root = el.getRootNode();
    return root instanceof ShadowRoot ? root : document.body;
  }

  // Puts Baton's `host` at viewport coordinates. An ancestor with a transform
  // (a dialog that animates in) makes `position: fixed` relative to itself:
  // the host is then moved by what is left over.
  function placeAt(host, left, top, style = '') {
    const at = (x, y) => host.setAttribute('style', `${style}left: ${Math.round(x)}px; top: ${Math.round(y)}px;`);
    at(left, top);
    const placed = host.getBoundingClientRect();
    const [dx, dy] = [left - placed.left, top - placed.top];
    if (Math.abs(dx) > 1 || Math.abs(dy) > 1) at(left + dx, top + dy);
  }

  // The ancestors that clip a field (a scrolled panel, an overflow-hidden
  // card), and on which axes, up to a fixed one (nothing beyond it clips
  // it). Styles cost a layout: read once per field and scan, while the
  // boxes are read at each placement.
  function clippersOf(el) {
    const clippers = [];
    const parentOf = (node) => node.assignedSlot ?? node.parentElement ?? node.getRootNode().host ?? null;
    for (let node = parentOf(el); node && node !== document.body && node !== document.documentElement; ) {
      const style = getComputedStyle(node);
      const [x, y] = [style.overflowX !== 'visible', style.overflowY !== 'visible'];
      if (x || y) clippers.push({ node, x, y });
      if (style.position === 'fixed') break;
      node = parentOf(node);
    }
    return clippers;
  }

  // The part of `rect` (a field's box) that its clippers leave showing.
  function shownPart(rect, clippers) {
    let { left, top, right, bottom } = rect;
    for (const { node, x, y } of clippers) {
      const box = node.getBoundingClientRect();
      if (x) [left, right] = [Math.max(left, box.left), Math.min(right, box.right)];
      if (y) [top, bottom] = [Math.max(top, box.top), Math.min(bottom, box.bottom)];
    }
    return { left, top, right, bottom };
  }

  function dialogOf(el) {
    return el.closest('dialog, [role="dialog"], [aria-modal="true"], .el-dialog, .modal');
  }

  function dialogTitle(dialog) {
    if (!dialog) return '';
    const root = dialog.getRootNode();
    const labelled = dialog.getAttribute('aria-labelledby');
    if (labelled) return text(root.getElementById?.(labelled) ?? document.getElementById(labelled));
    // A dialog's own title, not a field's label inside it (n8n labels its
    // parameters with "title" elements): headings, the name a tool gives the
    // thing edited (n8n's credential-name), then title elements of the
    // dialog's header only.
    const selectors = [
      'h1, h2, h3',
      '[data-test-id$="-name"], [data-testid$="-name"]',
      '.el-dialog__title, [class*="dialog-title"], [class*="DialogTitle"], [class*="modal-title"]',
      'header [class*="title"], [class*="header"] [class*="title"]',
      'header > :first-child',
      'header',
    ];
    for (const selector of selectors) {
      const title = text(dialog.querySelector(selector));
      if (title) return title;
    }
    return '';
  }

  // The heading of the field's dialog or section. Not the whole document's:
  // on a large page without headings that search alone costs milliseconds.
  function headingOf(el) {
    const scope = dialogOf(el) ?? el.closest('section, main, form, article, [role="main"]');
    return scope ? text(scope.querySelector('h1, h2, h3, h4')) : '';
  }

  function textInputs(scope) {
    return [...scope.querySelectorAll('input:not([type]), input[type="text"]')];
  }

  // In name/value editors, the name in the same row.
  function rowName(el) {
    for (
      let node = el.parentElement, depth = 0;
      node && node !== document.body && depth < 4;
      node = node.parentElement, depth++
    ) {
      // Text fields only: a row's "secret" checkbox is not one of the pair.
      const inputs = [...node.querySelectorAll('input, textarea')].filter(
        (i) => !/^(checkbox|radio|hidden|button|submit)$/.test(i.type),
      );
      if (inputs.length === 2 && inputs[1] === el && inputs[0].type !== 'password') return inputs[0].value.slice(0, 80);
      if (inputs.length > 2) break;
    }
    return '';
  }

  function formTexts(el) {
    const scope = el.closest('form') ?? dialogOf(el);
    if (!scope) return [];
    return textInputs(scope)
      .filter((i) => i !== el && isVisible(i))
      .slice(0, 10)
      .map((i) => ({ label: labelOf(i) || i.placeholder || '', value: i.value.slice(0, 80) }));
  }

  // The field's own test id and its wrapper's: n8n puts "parameter-input-field"
  // on every input and the parameter's name on the wrapper.
  function testIds(el) {
    const own = el.getAttribute('data-test-id') ?? el.getAttribute('data-testid') ?? '';
    const wrapper = el.parentElement?.closest('[data-test-id], [data-testid]');
    const outer = wrapper?.getAttribute('data-test-id') ?? wrapper?.getAttribute('data-testid') ?? '';
    return [own, outer].filter(Boolean).join(' ').slice(0, 200);
  }

  // What the worker reads of a field. Empty texts, zeros and false are left
  // out (the worker takes them as the default): most of a page's fields
  // have a label and little else, and the message stays small.
  function describe(el) {
    const descriptor = fullDescription(el);
    for (const key of Object.keys(descriptor)) {
      const v = descriptor[key];
      if (v === '' || v === false || v === 0 || v === null || (Array.isArray(v) && !v.length)) delete descriptor[key];
    }
    return descriptor;
  }

  function fullDescription(el) {
    const value = el.value ?? '';
    const dialog = dialogOf(el);
    return {
      tag: el.localName,
      input_type: (el.getAttribute('type') ?? 'text').toLowerCase(),
      name: el.name ?? '',
      id: el.id ?? '',
      autocomplete: el.getAttribute('autocomplete') ?? '',
      placeholder: el.placeholder ?? '',
      aria_label: el.getAttribute('aria-label') ?? '',
      label: labelOf(el),
      nearby_text: nearbyText(el),
      test_id: testIds(el),
      dialog_title: dialogTitle(dialog),
      heading: headingOf(el),
      row_name: rowName(el),
      form_texts: formTexts(el),
      value_length: value.length,
      value_masked: value.length > 0 && (/^[*•●]+$/.test(value) || N8N_BLANK.test(value)),
      read_only: el.readOnly || el.disabled || el.getAttribute('aria-readonly') === 'true',
      max_length: el.maxLength > 0 ? el.maxLength : null,
    };
  }

  // A click or a save also says what the page's environment may be: its
  // title, and the options checked around the field (Vercel's Production /
  // Preview / Development targets). Not sent with every scan: only there
  // does the environment matter.
  function describeForUse(el) {
    const descriptor = describe(el);
    const title = document.title.replace(/\s+/g, ' ').trim().slice(0, 120);
    if (title) descriptor.page_title = title;
    const api = apiTexts(el);
    if (api) descriptor.api_texts = api;
    const scope = el.closest('form') ?? dialogOf(el);
    const checked = scope
      ? [...scope.querySelectorAll('input[type="checkbox"]:checked, input[type="radio"]:checked')]
          .slice(0, 8)
          .map((i) => labelOf(i).slice(0, 40))
          .filter(Boolean)
      : [];
    if (checked.length) descriptor.checked = checked.join(', ');
    return descriptor;
  }

  // Where an API console or a tool's docs name the API the field is for:
  // code in the field's dialog or form (a header's name, `xi-api-key`), the
  // page's main headings, and the server addresses it shows. Read at a
  // click only, and a bounded number of elements even on a long docs page.
  function apiTexts(el) {
    const scope = dialogOf(el) ?? el.closest('form');
    const addresses = [...document.querySelectorAll('option, code')]
      .slice(0, 200)
      .filter((node) => node.textContent.includes('://'));
    const nodes = [
      ...(scope ? [...scope.querySelectorAll('code')].slice(0, 8) : []),
      ...[...document.querySelectorAll('h1, h2')].slice(0, 4),
      ...addresses.slice(0, 4),
    ];
    return nodes
      .map((node) => text(node, 80))
      .filter(Boolean)
      .join(' · ')
      .slice(0, 600);
  }

  // In a window a page of this site opened (a sign-in popup), that page's
  // address: the place the user comes back to. The worker takes it only
  // for a popup window, and only of this origin.
  function openerPage() {
    try {
      return window.top === window && window.opener?.location.origin === location.origin
        ? window.opener.location.href
        : undefined;
    } catch {
      return undefined; // another origin's window
    }
  }

  function idOf(el) {
    if (!ids.has(el)) ids.set(el, `f${nextId++}`);
    return ids.get(el);
  }

  // ---- Talking to the worker ---------------------------------------------

  async function ask(message) {
    try {
      const answer = await chrome.runtime.sendMessage(message);
      if (answer?.ok) return answer.value;
      return { error: answer?.error?.message ?? 'Baton did not answer.' };
    } catch {
      return { error: 'Baton was updated or reloaded. Reload this page to use it here.' };
    }
  }

  // Scans and chip clicks still waiting for the worker.
  let inFlight = 0;
  function unsettledUntil(promise) {
    inFlight++;
    unsettle();
    return promise.finally(() => {
      inFlight--;
      markIfSettled();
    });
  }

  // Something is due that may change the page's chips: not settled.
  function unsettle() {
    performance.clearMarks(SETTLED);
  }

  function markIfSettled() {
    if (!inFlight && !C.scanDue() && !walkScheduled && !walkQueue.length) performance.mark(SETTLED);
  }

  // ---- Baton's own elements and frames ------------------------------------

  // An element of Baton's own: its content in a closed shadow root the page
  // cannot open, styled by `css` alone.
  function closedElement(tag, css) {
    const host = document.createElement(tag);
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = document.createElement('style');
    style.textContent = css;
    shadow.append(style);
    return { host, shadow };
  }

  // One of Baton's frames, by the token its words are read by. The URL is
  // this browser session's own (use_dynamic_url): a page cannot frame
  // Baton's pages by a fixed address, nor probe for Baton.
  const FRAME_LOOK =
    'border: 1px solid #ced4da; border-radius: 8px; background: #fff; box-shadow: 0 4px 16px rgba(0,0,0,.2);';

  function batonFrame(page, token, style = '') {
    const frame = document.createElement('iframe');
    frame.src = `${chrome.runtime.getURL(page)}#${token}`;
    frame.title = 'Baton';
    if (style) frame.setAttribute('style', `all: initial; ${style}`);
    return frame;
  }

  // A frame of Baton's takes the height its page says it needs (a message
  // posted by that page), within bounds a page's own messages cannot break.
  function fitFrame(frame, height, fallback, max = 400) {
    frame.style.height = `${Math.min(max, Math.max(40, Number(height) || fallback))}px`;
  }

  function entryOf(el) {
    const id = ids.get(el);
    return id ? fields.get(id) : undefined;
  }

  Object.assign(C, {
    fields,
    shadowRoots,
    isOurs,
    collectInputs,
    walkLater,
    whenIdle,
    isVisible,
    isChipHonest,
    isUncovered,
    labelOf,
    dialogOf,
    layerOf,
    placeAt,
    clippersOf,
    shownPart,
    dialogTitle,
    describe,
    describeForUse,
    openerPage,
    idOf,
    entryOf,
    ask,
    unsettledUntil,
    unsettle,
    closedElement,
    batonFrame,
    fitFrame,
    FRAME_LOOK,
  });
  globalThis.batonContent = C;
})();
