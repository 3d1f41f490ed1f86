// Baton's content script: a thin DOM adapter. It describes the page's
// visible fields to the service worker (which decides what they are), draws
// a chip beside each key field, and fills a key into the field whose chip the
// user clicked. It never decides what a field is and never keeps a key.
//
// It runs in every frame of every http(s) page, so it must cost nothing on
// pages without fields: one walk at start, then nothing until the page
// changes, and page changes are batched.
(() => {
  'use strict';

  // 'baton-settled' in the frame's performance timeline says the script has
  // looked at the page as it is now: no scan running or due, no shadow-root
  // walk left. Tests wait for it before they say "no chip here". It tells
  // the page nothing that Baton's chips and scan measures do not.
  const SETTLED = 'baton-settled';

  // A sandboxed document (an opaque origin, framed or by CSP) gets nothing.
  if (self.origin === 'null') {
    performance.mark(SETTLED);
    return;
  }

  const MAX_FIELDS = 200;
  const N8N_BLANK = /^__n8n_(BLANK|EMPTY)_VALUE_[0-9a-f-]+$/;
  const origin = location.origin;
  const isOurs = (node) => ['baton-chip', 'baton-menu', 'baton-banner', 'baton-marker'].includes(node.localName);
  const fields = new Map(); // id -> { el, kind, chip, shadow, armed, boxText }
  const ids = new WeakMap(); // element -> id
  let nextId = 1;
  let menu = null;

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
    performance.clearMarks(SETTLED);
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
    if (foundRoot) schedule();
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
    observe(root);
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
    performance.clearMarks(SETTLED);
    return promise.finally(() => {
      inFlight--;
      markIfSettled();
    });
  }

  function markIfSettled() {
    if (!inFlight && !pendingSince && !walkScheduled && !walkQueue.length) performance.mark(SETTLED);
  }

  function scan() {
    return unsettledUntil(scanOnce());
  }

  async function scanOnce() {
    // The page's main thread pays for this part; `cargo xtask bench` reads
    // the measure (the performance timeline is shared with the page).
    performance.clearMarks('baton-scan-start');
    performance.clearMeasures('baton-scan');
    performance.mark('baton-scan-start');
    const candidates = collectInputs()
      .filter((el) => !fields.has(idOf(el)) && isVisible(el))
      .slice(0, MAX_FIELDS);
    for (const [id, entry] of fields) {
      if (!entry.el.isConnected || !isVisible(entry.el)) removeField(id);
      // A page (or its framework) that removed a chip gets it back.
      else if (!entry.chip.isConnected) chipContainer(entry.el).append(entry.chip);
    }
    const descriptors = candidates.map(describe);
    performance.measure('baton-scan', 'baton-scan-start');
    // Tables first: a revoke dialog's advice reads the page's keys table
    // ("Last used"), and the worker answers in the order messages come.
    reportTables();
    reportDialogs();
    if (!candidates.length) return;
    const verdicts = await ask({ type: 'report-fields', fields: descriptors });
    if (!Array.isArray(verdicts)) return;
    // The worker answers for the fields that get a chip, by index.
    verdicts.forEach((verdict) => {
      const el = candidates[verdict.index];
      if (!el?.isConnected) return;
      if (verdict.chip)
        fields.set(idOf(el), { el, kind: verdict.kind, ...drawChip(el, onChipClick, 'Fill with Baton') });
      else if (verdict.capture)
        fields.set(idOf(el), { el, capture: true, ...drawChip(el, onCaptureClick, 'Take this key into Baton') });
    });
    placeChips();
  }

  function removeField(id) {
    fields.get(id)?.chip.remove();
    fields.delete(id);
  }

  // ---- The chip ------------------------------------------------------------

  const CHIP_STYLE = `
    :host { all: initial; position: fixed; z-index: 2147483646; width: 22px; height: 22px; }
    button { all: initial; box-sizing: border-box; width: 22px; height: 22px; border-radius: 6px; cursor: pointer;
             background: #3b5bdb; color: #fff; font: 700 12px/22px system-ui, sans-serif; text-align: center; }
    button:focus-visible { outline: 2px solid #91a7ff; }
    iframe { all: initial; position: absolute; top: 26px; right: 0; width: 300px; height: 104px; border: 0;
             border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
  `;

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

  function drawChip(field, onClick, name) {
    const { host: chip, shadow } = closedElement('baton-chip', CHIP_STYLE);
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'B';
    button.setAttribute('aria-label', name);
    button.title = name;
    shadow.append(button);
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (!event.isTrusted) return;
      // Defence in depth: the worker fills in one click only where the key
      // lives already, so a disguised click here gains a page nothing.
      if (!isChipHonest(chip)) {
        notify(shadow, 'chip-covered');
        return;
      }
      unsettledUntil(onClick(field, shadow));
    });
    chipContainer(field).append(chip);
    return { chip, shadow };
  }

  // The field's own shadow root, its modal dialog (the top layer would hide
  // anything outside it), or the body.
  function chipContainer(field) {
    const root = field.getRootNode();
    return field.closest('dialog') ?? (root instanceof ShadowRoot ? root : document.body);
  }

  function placeChips() {
    for (const { el, chip } of fields.values()) {
      const rect = el.getBoundingClientRect();
      // The whole style attribute, so whatever the page put there is gone.
      chip.setAttribute(
        'style',
        `left: ${Math.round(rect.right - 26)}px; top: ${Math.round(rect.top + (rect.height - 22) / 2)}px;`,
      );
    }
    if (menu) placeMenu();
  }

  // ---- Notices ---------------------------------------------------------------

  // What Baton says beside a chip (refused, covered, not accepted) is shown
  // in an extension frame, by a token: the page can read neither the words
  // (a label, a key's length, the lock state) nor, through window.find, any
  // text of Baton's. One frame at a time, made when there is something to say.
  let notice = null;

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

  function showNotice(shadow, token) {
    notice?.remove();
    const frame = batonFrame('menu/notice.html', token);
    shadow.append(frame);
    notice = frame;
    setTimeout(() => {
      if (notice === frame) closeNotice();
    }, 8000);
  }

  function closeNotice() {
    notice?.remove();
    notice = null;
  }

  // Something the content script itself saw: the worker keeps the words.
  async function notify(shadow, code) {
    const answer = await ask({ type: 'notice', notice: code });
    if (answer?.token) showNotice(shadow, answer.token);
  }

  // ---- Chip clicks ------------------------------------------------------------

  async function onChipClick(field, shadow) {
    if (!field.isConnected || !isVisible(field) || !isUncovered(field)) {
      notify(shadow, 'field-hidden');
      return;
    }
    const entry = entryOf(field);
    // A .env box's text goes to the worker, which sets the key's line in it.
    const boxText = entry?.kind === 'env-block' ? field.value : null;
    if (entry) entry.boxText = boxText;
    const answer = await ask({
      type: 'chip-clicked',
      field: describeForUse(field),
      field_id: idOf(field),
      box_text: boxText,
      opener: openerPage(),
      location: location.href,
    });
    if (answer.action === 'fill') fill(field, answer.value, shadow);
    else if (answer.action === 'notice') showNotice(shadow, answer.token);
    else if (answer.action === 'menu') openMenu(field, answer.token);
  }

  // A provider dashboard's one-time display of a new key: offered to the
  // vault (as the replacement of a key in use, or as a new key) in the menu.
  async function onCaptureClick(field, shadow) {
    if (!field.isConnected || !isVisible(field)) return;
    const answer = await ask({
      type: 'capture-key',
      field: describe(field),
      field_id: idOf(field),
      value: field.value,
    });
    if (answer.action === 'notice') showNotice(shadow, answer.token);
    else if (answer.action === 'menu') openMenu(field, `save:${answer.token}`);
  }

  // ---- Dialogs that name a key ---------------------------------------------

  // A redacted key as dashboards show it: sk-...abcd, sk-ant-api03-abc...wxyz.
  // Only such hints leave the page, and only from dialogs that show one; the
  // worker decides whether the dialog is a revoke dialog on a provider's
  // dashboard and what to say there.
  const HINT = /[\w-]{2,24}\.\.\.[\w-]{4}/g;
  const reportedDialogs = new WeakMap(); // dialog -> the hints it was reported with

  function openDialogs() {
    const selector = 'dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';
    return [document, ...shadowRoots].flatMap((root) => [...root.querySelectorAll(selector)]);
  }

  async function reportDialogs() {
    for (const dialog of openDialogs()) {
      if (!isVisible(dialog)) continue;
      const inputs = [...dialog.querySelectorAll('input')].map((i) => i.value.slice(0, 300));
      const hints = [
        ...new Set([dialog.innerText.slice(0, 4000), ...inputs].flatMap((t) => t.match(HINT) ?? [])),
      ].slice(0, 10);
      if (!hints.length || reportedDialogs.get(dialog) === hints.join(' ')) continue;
      reportedDialogs.set(dialog, hints.join(' '));
      const answer = await ask({ type: 'dialog-shown', dialog: { title: dialogTitle(dialog), texts: hints } });
      if (answer?.advice && dialog.isConnected) showAdvice(dialog, answer.advice);
    }
  }

  // Baton's word in the dialog itself: an extension page in a frame at the
  // top of the dialog (the words name the user's places; the page cannot
  // read them).
  const adviceFrames = new Set();

  function showAdvice(dialog, token) {
    dialog.querySelector(':scope > baton-banner')?.remove();
    const { host: banner, shadow } = closedElement('baton-banner', '');
    // Sized to its message once it has rendered it (advice-height below).
    const frame = batonFrame(
      'menu/menu.html',
      `advice:${token}`,
      'display: block; width: 100%; height: 96px; border: 0; margin: 0 0 12px;',
    );
    adviceFrames.add(frame);
    shadow.append(frame);
    banner.setAttribute('style', 'all: initial; display: block;');
    dialog.prepend(banner);
  }

  // ---- Keys tables ------------------------------------------------------------

  // A table that lists redacted keys (a provider's keys page) is sent as
  // texts; the worker decides whether this is a dashboard and answers with
  // each row's findings, shown in a marker beside the key.
  const reportedTables = new WeakMap(); // table -> the texts it was reported with
  const markers = new Map(); // row -> { marker, words }

  function keysTables() {
    return [document, ...shadowRoots].flatMap((root) => [
      ...root.querySelectorAll('table, [role="table"], [role="grid"]'),
    ]);
  }

  // textContent: no layout, and Baton's own markers (closed shadow roots) are not in it.
  const cellText = (cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);

  async function reportTables() {
    for (const table of keysTables()) {
      const rows = [...table.querySelectorAll('tbody tr, [role="row"]')]
        .filter((r) => !r.querySelector('th, [role="columnheader"]'))
        .slice(0, 200);
      const cells = rows.map((row) => [...row.querySelectorAll('td, [role="cell"], [role="gridcell"]')].map(cellText));
      if (!cells.some((row) => row.some((c) => /^[\w-]{2,24}\.\.\.[\w-]{4}$/.test(c)))) continue;
      const headers = [...table.querySelectorAll('th, [role="columnheader"]')].map(cellText);
      const signature = JSON.stringify([headers, cells]);
      if (reportedTables.get(table) === signature) continue;
      reportedTables.set(table, signature);
      const answer = await ask({ type: 'dashboard-table', table: { headers, rows: cells } });
      // Locked: look again at the next change, once Baton may be unlocked.
      if (answer?.locked) reportedTables.delete(table);
      for (const marker of answer?.markers ?? []) {
        const row = rows[marker.index];
        if (row?.isConnected) markRow(row, marker);
      }
    }
    // A page that re-rendered a row dropped its marker: put it back.
    for (const [row, entry] of markers) {
      if (!row.isConnected) markers.delete(row);
      else if (!entry.marker.isConnected) hintCell(row, entry.hint)?.append(entry.marker);
    }
  }

  function hintCell(row, hint) {
    return [...row.querySelectorAll('td, [role="cell"], [role="gridcell"]')].find((c) => cellText(c).startsWith(hint));
  }

  const MARKER_STYLE = `
    :host { all: initial; display: inline-block; margin-left: 6px; }
    span { all: initial; font: 600 11px/1.6 system-ui, sans-serif; padding: 1px 6px; border-radius: 9px; background: #fff4e6; color: #a34700; border: 1px solid #ffc078; }
    span.clean { background: #ebfbee; color: #2b8a3e; border-color: #8ce99a; }
    .hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  `;

  // The findings beside the key, in a closed shadow root the page cannot read.
  function markRow(row, { hint, findings, needs_a_look: needsALook }) {
    markers.get(row)?.marker.remove();
    const { host: marker, shadow } = closedElement('baton-marker', MARKER_STYLE);
    const label = document.createElement('span');
    label.className = 'hidden';
    label.textContent = `${hint}: `;
    const words = document.createElement('span');
    words.className = needsALook ? 'issues' : 'clean';
    words.textContent = findings.join(' · ');
    words.title = 'Baton';
    shadow.append(label, words);
    hintCell(row, hint)?.append(marker);
    markers.set(row, { marker, hint });
  }

  // ---- Filling ------------------------------------------------------------

  // The sequence frameworks listen to. From the isolated world a plain value
  // assignment reaches the native setter, so React's value tracker sees the
  // change when `input` fires.
  function fill(field, value, shadow) {
    const events = () => {
      field.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertFromPaste' }));
      field.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
    };
    field.focus();
    field.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, composed: true }));
    field.value = value;
    field.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, composed: true }));
    events();
    arm(field);
    // A framework that re-renders from stale state puts the old value back:
    // set it once more after the page had its turn.
    setTimeout(() => {
      if (field.value !== value) {
        field.value = value;
        events();
      }
      if (field.value !== value) notify(shadow, 'not-accepted');
    }, 50);
  }

  // ---- Learning where keys live -------------------------------------------
  //
  // A field that holds a vault key (filled by Baton, or typed by the user) is
  // "armed": when its form is submitted or a button in its form or dialog is
  // clicked, the worker hears of it and decides whether that was a save.

  function entryOf(el) {
    const id = ids.get(el);
    return id ? fields.get(id) : undefined;
  }

  function arm(el) {
    const entry = entryOf(el);
    if (entry) entry.armed = true;
  }

  // Where a save for the field can be: its whole dialog when it has one
  // (n8n's Save sits in the modal's header, outside the form it never
  // submits), else its form, else its document or shadow root.
  function scopeOf(el) {
    return dialogOf(el) ?? el.closest('form') ?? el.getRootNode();
  }

  // Every click on a button near an armed field is reported; the worker
  // decides whether it saves ("Import variables" does not, "Save" does),
  // and the field stays armed until a save is recorded.
  async function reportSave(entry, action) {
    const answer = await ask({
      type: 'field-saved',
      field: describeForUse(entry.el),
      field_id: idOf(entry.el),
      action,
      opener: openerPage(),
      location: location.href,
    });
    if (answer?.recorded) entry.armed = false;
    if (answer?.walk) showWalk(answer.walk);
  }

  // ---- The guided walk ------------------------------------------------------
  //
  // After a rotation place's save: an extension frame at the page's corner
  // (the field's dialog may be closing) says the place is done and offers
  // the next one. Its words come from the worker by the token.

  let walk = null;

  function showWalk(token) {
    walk?.host.remove();
    const { host, shadow } = closedElement('baton-banner', '');
    const frame = batonFrame(
      'menu/walk.html',
      token,
      `position: fixed; right: 16px; bottom: 16px; z-index: 2147483647; width: 360px; height: 170px; ${FRAME_LOOK}`,
    );
    shadow.append(frame);
    document.documentElement.append(host);
    walk = { host, frame };
  }

  function closeWalk() {
    walk?.host.remove();
    walk = null;
  }

  const typing = new WeakMap();
  document.addEventListener(
    'input',
    (event) => {
      const el = event.composedPath()[0];
      const entry = event.isTrusted && entryOf(el);
      // A .env box holds many lines, other secrets among them: never sent.
      if (entry?.kind !== 'api-key') return;
      clearTimeout(typing.get(el));
      typing.set(
        el,
        setTimeout(async () => {
          if (!el.value) return;
          const answer = await ask({ type: 'field-typed', field: describe(el), field_id: idOf(el), value: el.value });
          if (answer?.known === true) entry.armed = true;
          // A key Baton does not have yet: offer to save it, as a password
          // manager offers to save a new password.
          else if (answer?.token && !menu) {
            // Armed too: if the user saves the key to Baton, the page's save
            // tells where it lives (the worker ignores it otherwise).
            entry.armed = true;
            openMenu(el, `save:${answer.token}`);
          }
        }, 400),
      );
    },
    true,
  );

  // A save counts only when the user made it. A script's requestSubmit()
  // dispatches a trusted submit event too, so the submit must also follow a
  // trusted click or key press inside the form, within a moment.
  let gesture = { at: -Infinity, target: null };
  const remember = (event) => {
    if (event.isTrusted) gesture = { at: performance.now(), target: event.composedPath()[0] };
  };
  addEventListener('pointerdown', remember, true);
  addEventListener('keydown', remember, true);

  document.addEventListener(
    'submit',
    (event) => {
      const byUser =
        event.isTrusted &&
        performance.now() - gesture.at < 1000 &&
        gesture.target instanceof Node &&
        (event.target.contains(gesture.target) || event.submitter === gesture.target);
      if (!byUser) return;
      for (const entry of fields.values()) {
        if (entry.armed && event.target.contains(entry.el)) reportSave(entry, 'submit');
      }
    },
    true,
  );

  document.addEventListener(
    'click',
    (event) => {
      if (!event.isTrusted) return;
      const path = event.composedPath();
      if (path.some((n) => n.localName === 'baton-chip' || n.localName === 'baton-menu')) return;
      const button = path.find(
        (n) =>
          n instanceof Element &&
          (n.localName === 'button' ||
            n.getAttribute('role') === 'button' ||
            (n.localName === 'input' && /^(submit|button)$/.test(n.type))),
      );
      if (!button) return;
      const label = (button.textContent || button.value || button.getAttribute('aria-label') || '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 80);
      for (const entry of fields.values()) {
        const scope = scopeOf(entry.el);
        if (entry.armed && scope.contains(button)) reportSave(entry, label);
      }
    },
    true,
  );

  // The key the user chose in the menu, from the worker to this document
  // only (it addresses the frame and the document the menu opened in).
  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || sender.tab || message?.type !== 'baton-fill') return;
    const entry = fields.get(message.field_id);
    // Close the menu once the click that chose the key has finished.
    const closing = menu;
    setTimeout(() => {
      if (menu === closing) closeMenu();
    }, 200);
    let present = Boolean(entry && location.origin === origin && entry.el.isConnected);
    // A .env box edited since the click is left alone: its new text would
    // undo the edit.
    if (present && entry.kind === 'env-block' && entry.el.value !== entry.boxText) {
      present = false;
      notify(entry.shadow, 'box-changed');
    }
    if (present) fill(entry.el, message.value, entry.shadow);
    // Answer, so the worker knows whether the key reached the field.
    sendResponse({ filled: present });
  });

  // ---- The menu -------------------------------------------------------------

  function openMenu(field, token) {
    closeMenu();
    closeNotice();
    const { host, shadow } = closedElement('baton-menu', '');
    const frame = batonFrame('menu/menu.html', token, `width: 340px; height: 280px; ${FRAME_LOOK}`);
    shadow.append(frame);
    const container = field.closest('dialog') ?? document.body;
    container.append(host);
    menu = { host, frame, field };
    placeMenu();
  }

  // Below the field when it fits in the frame, above it otherwise, and
  // never outside the frame's viewport.
  function placeMenu() {
    const rect = menu.field.getBoundingClientRect();
    const [width, height] = [342, 282];
    const below = rect.bottom + 4;
    const above = rect.top - 4 - height;
    const top = below + height <= innerHeight || above < 0 ? Math.min(below, Math.max(0, innerHeight - height)) : above;
    const left = Math.min(Math.max(0, rect.right - width), Math.max(0, innerWidth - width));
    menu.host.setAttribute(
      'style',
      `all: initial; position: fixed; z-index: 2147483647; left: ${Math.round(left)}px; top: ${Math.round(top)}px;`,
    );
  }

  function closeMenu() {
    menu?.host.remove();
    menu = null;
  }

  addEventListener('message', (event) => {
    if (menu && event.source === menu.frame.contentWindow && event.data === 'baton-close-menu') closeMenu();
    if (notice && event.source === notice.contentWindow && event.data === 'baton-close-notice') closeNotice();
    if (walk && event.source === walk.frame.contentWindow && event.data === 'baton-close-walk') closeWalk();
    for (const frame of adviceFrames) {
      if (!frame.isConnected) adviceFrames.delete(frame);
      else if (event.source === frame.contentWindow && event.data?.baton === 'advice-height') {
        const height = Math.min(600, Math.max(40, Number(event.data.height) || 96));
        frame.style.height = `${height}px`;
      }
    }
    // The worker no longer knows the menu's token (it restarted): say so by the chip.
    if (menu && event.source === menu.frame.contentWindow && event.data === 'baton-menu-expired') {
      const shadow = entryOf(menu.field)?.shadow;
      closeMenu();
      if (shadow) notify(shadow, 'menu-expired');
    }
  });
  addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Escape') closeMenu();
    },
    true,
  );

  // ---- Page changes ---------------------------------------------------------

  let timer = 0;
  let quietScans = 0;
  let pendingSince = 0;
  // Debounced, with a ceiling: a page that changes every frame still gets
  // looked at, at most every 2 s, instead of never.
  function schedule() {
    const now = performance.now();
    performance.clearMarks(SETTLED);
    pendingSince ||= now;
    const backoff = Math.min(2000, 250 * 2 ** Math.min(quietScans, 3));
    clearTimeout(timer);
    timer = setTimeout(
      async () => {
        pendingSince = 0;
        const before = fields.size;
        await scan();
        quietScans = fields.size === before ? quietScans + 1 : 0;
      },
      Math.max(0, Math.min(backoff, pendingSince + 2000 - now)),
    );
  }
  const observer = new MutationObserver((records) => {
    let changed = false;
    for (const record of records) {
      // Baton's own chip and menu coming and going; their removal by the
      // page is a change (the next scan puts them back).
      if (isOurs(record.target) || (!record.removedNodes.length && [...record.addedNodes].every(isOurs))) continue;
      changed = true;
      // New elements may bring shadow roots of their own.
      for (const node of record.addedNodes) if (node.nodeType === Node.ELEMENT_NODE && !isOurs(node)) walkLater(node);
    }
    if (changed) schedule();
  });
  const observe = (root) =>
    observer.observe(root, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['type', 'hidden', 'aria-hidden', 'open'],
    });
  // A value typed elsewhere can turn a field into a key field (the name
  // OPENAI_API_KEY in an environment variable's row), and typing makes no
  // mutation: look again when a field is changed.
  document.addEventListener(
    'change',
    (event) => {
      if (event.isTrusted) schedule();
    },
    true,
  );
  observe(document.documentElement);

  let frameRequested = false;
  const reposition = () => {
    if (frameRequested || !fields.size) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      placeChips();
    });
  };
  addEventListener('scroll', reposition, { capture: true, passive: true });
  addEventListener('resize', reposition, { passive: true });

  // The first look waits until the page is idle: its layout is done by
  // then, so measuring the fields does not force one.
  whenIdle(() => scan());
  walkLater(document.documentElement);
})();
