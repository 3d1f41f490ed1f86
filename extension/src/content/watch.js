// Baton's content script, watching the page (see base.js): a scan of the
// page's fields, batched after its changes, and the first look once the page
// is idle.
(() => {
  'use strict';

  const C = globalThis.batonContent;
  if (!C) return;
  const {
    fields,
    isOurs,
    collectInputs,
    walkLater,
    whenIdle,
    isVisible,
    describe,
    idOf,
    ask,
    unsettledUntil,
    unsettle,
    drawChip,
    layerOf,
    placeChips,
    onChipClick,
    onCaptureClick,
  } = C;
  const MAX_FIELDS = 200;
  // What other files add to every scan (dashboard.js, where it is loaded:
  // it may have run first, and left its start in `batonLater`).
  C.scanParts = [];
  for (const start of globalThis.batonLater ?? []) start(C);

  // ---- Scanning -------------------------------------------------------------

  function scan() {
    return unsettledUntil(scanOnce());
  }

  async function scanOnce() {
    // The page's main thread pays for this part; `cargo xtask bench` reads
    // the measure (the performance timeline is shared with the page).
    // One mark at a time, and the measures of the latest scans only (the
    // bench reads them; a long-lived page must not collect them forever).
    performance.clearMarks('baton-scan-start');
    if (performance.getEntriesByName('baton-scan').length >= 100) performance.clearMeasures('baton-scan');
    performance.mark('baton-scan-start');
    const inputs = collectInputs();
    watchSizes(inputs);
    const candidates = inputs.filter((el) => !fields.has(idOf(el)) && isVisible(el)).slice(0, MAX_FIELDS);
    for (const [id, entry] of fields) {
      // The page's layout may have changed: which ancestors clip is read again.
      entry.clippers = null;
      if (!entry.el.isConnected || !isVisible(entry.el)) removeField(id);
      // A page (or its framework) that removed a chip gets it back.
      else if (!entry.chip.isConnected) layerOf(entry.el).append(entry.chip);
    }
    const descriptors = candidates.map(describe);
    performance.measure('baton-scan', 'baton-scan-start');
    for (const part of C.scanParts) part();
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

  // ---- Page changes ---------------------------------------------------------

  let timer = 0;
  let quietScans = 0;
  let pendingSince = 0;
  // Debounced, with a ceiling: a page that changes every frame still gets
  // looked at, at most every 2 s, instead of never.
  function schedule() {
    const now = performance.now();
    unsettle();
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

  // A field that shows or hides by any means that changes its box (a class,
  // a style, an ancestor collapsing or animating in) is looked at again: a
  // ResizeObserver sees layout, which the MutationObserver's attribute
  // filter cannot. A field with a chip that loses its box loses the chip at
  // once. The first report of a field only records its size; on an idle page
  // nothing reports at all.
  const MAX_WATCHED = 400;
  const watched = new Map(); // input -> whether it had a box at its last report (null before the first)
  const sizes = new ResizeObserver((entries) => {
    let changed = false;
    for (const { target, contentRect } of entries) {
      const box = contentRect.width > 0 && contentRect.height > 0;
      const before = watched.get(target);
      watched.set(target, box);
      if (before === null || before === box) continue;
      changed = true;
      if (!box && fields.has(idOf(target))) removeField(idOf(target));
    }
    if (changed) schedule();
    else reposition();
  });

  function watchSizes(inputs) {
    for (const el of watched.keys()) {
      if (!el.isConnected) {
        sizes.unobserve(el);
        watched.delete(el);
      }
    }
    for (const el of inputs) {
      if (watched.size >= MAX_WATCHED) break;
      if (watched.has(el)) continue;
      watched.set(el, null);
      sizes.observe(el);
    }
  }

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

  // A dialog that slides or zooms in moves its fields without a scroll, and
  // its app may drop the transform a frame after the animation ends (a
  // chip placed against the transform is then off by as much): while
  // anything animates, and for a few frames after, the chips follow frame
  // by frame. Nothing runs on a page without chips.
  const FOLLOW_FRAMES = 12;
  let following = 0;
  const follow = () => {
    if (!fields.size) return;
    const idle = following === 0;
    following = FOLLOW_FRAMES;
    if (idle) requestAnimationFrame(step);
  };
  const step = () => {
    placeChips();
    if (--following > 0 && fields.size) requestAnimationFrame(step);
    else following = 0;
  };
  for (const type of ['transitionstart', 'transitionend', 'animationstart', 'animationend']) {
    addEventListener(type, follow, { capture: true, passive: true });
  }
  // A chip in a dialog moves with a transform on the dialog or above it,
  // and jumps when the app drops the transform, by a class or style change
  // with no event at all (Ant Design's Modal, some frames after its zoom):
  // those elements are watched for that, their own attributes only.
  const watchedLayers = new WeakSet();
  const layerChanges = new MutationObserver(reposition);
  C.watchLayer = (chip) => {
    for (let node = chip.parentElement; node && node !== document.body; node = node.parentElement) {
      if (watchedLayers.has(node)) return;
      watchedLayers.add(node);
      layerChanges.observe(node, { attributes: true, attributeFilter: ['class', 'style'] });
    }
  };

  C.schedule = schedule;
  C.observe = observe;
  C.scanDue = () => pendingSince !== 0;

  // The first look waits until the page is idle: its layout is done by
  // then, so measuring the fields does not force one.
  whenIdle(() => scan());
  walkLater(document.documentElement);
})();
