// Baton's content script, the chips (see base.js): the chip beside each key
// field, what a click on it does, the fill, the menu and notice frames, and
// learning where a key lives when the site saves it.
(() => {
  'use strict';

  const C = globalThis.batonContent;
  if (!C) return;
  const {
    fields,
    isVisible,
    isChipHonest,
    isUncovered,
    dialogOf,
    layerOf,
    placeAt,
    clippersOf,
    shownPart,
    describe,
    describeForUse,
    openerPage,
    idOf,
    entryOf,
    ask,
    closedElement,
    batonFrame,
    fitFrame,
    FRAME_LOOK,
  } = C;
  const origin = location.origin;
  let menu = null;

  // ---- The chip ------------------------------------------------------------

  const CHIP_STYLE = `
    :host { all: initial; position: fixed; z-index: 2147483646; width: 22px; height: 22px; }
    button { all: initial; box-sizing: border-box; width: 22px; height: 22px; border-radius: 6px; cursor: pointer;
             background: #3b5bdb; color: #fff; font: 700 12px/22px system-ui, sans-serif; text-align: center; }
    /* A ring that shows on any page: white against the chip, dark outside it. */
    button:focus-visible { outline: 2px solid #fff; outline-offset: -4px; box-shadow: 0 0 0 3px #1c2f7a, 0 0 0 5px #fff; }
    iframe { all: initial; position: absolute; top: 26px; right: 0; width: 300px; height: 104px; border: 0;
             border-radius: 6px; box-shadow: 0 2px 8px rgba(0,0,0,.2); }
  `;

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
      C.unsettledUntil(onClick(field, shadow));
    });
    // In the field's layer: a native dialog's top layer would hide anything
    // outside it, and a dialog that closes on an outside pointer-down must
    // count a click on the chip as inside.
    const layer = layerOf(field);
    layer.append(chip);
    if (layer !== document.body) C.watchLayer(chip);
    keepInTabOrder(field, chip, button);
    return { chip, shadow, button };
  }

  // ---- The chip in the tab order ---------------------------------------------

  // The chip sits at the end of its layer (never inside the site's own
  // markup, which its framework owns), so by the DOM it would come last in
  // the tab order, after the dialog's own Save. Tab from the field goes to
  // the chip instead, and Tab from the chip on to what followed the field;
  // Shift+Tab goes the same way back.
  const TABBABLE =
    'a[href], button, input, select, textarea, iframe, summary, [tabindex], [contenteditable=""], [contenteditable="true"]';

  // The element `step` places from `el` in its root's tab order (Baton's
  // chips left out), or null.
  function tabNeighbour(el, step) {
    const root = el.getRootNode();
    const scope = root.querySelectorAll ? root : document;
    const all = [...scope.querySelectorAll(TABBABLE)].filter(
      (e) => e === el || (e.tabIndex >= 0 && !e.disabled && e.localName !== 'baton-chip' && isVisible(e)),
    );
    const at = all.indexOf(el);
    return at < 0 ? null : (all[at + step] ?? null);
  }

  // Only the user's own key presses: a page's synthetic Tab must not park
  // the focus on the chip for the user's next Space to press it.
  const plainTab = (event) =>
    event.isTrusted && event.key === 'Tab' && !event.altKey && !event.ctrlKey && !event.metaKey;
  const chipShown = (chip) => chip.isConnected && chip.style.display !== 'none';

  // Shift+Tab from the element after a chipped field: to the field's chip.
  document.addEventListener(
    'keydown',
    (event) => {
      if (!plainTab(event) || !event.shiftKey) return;
      const previous = tabNeighbour(event.composedPath()[0], -1);
      const entry = previous && entryOf(previous);
      if (!entry?.button || !chipShown(entry.chip)) return;
      event.preventDefault();
      entry.button.focus();
    },
    true,
  );

  function keepInTabOrder(field, chip, button) {
    field.addEventListener('keydown', (event) => {
      // The site's own Tab handling (an autocomplete taking the choice) wins.
      if (!plainTab(event) || event.shiftKey || event.defaultPrevented || !chipShown(chip)) return;
      event.preventDefault();
      button.focus();
    });
    button.addEventListener('keydown', (event) => {
      if (!plainTab(event)) return;
      const target = event.shiftKey ? field : tabNeighbour(field, 1);
      // Nothing after the field: the browser's own order from here.
      if (!target) return;
      event.preventDefault();
      target.focus();
    });
  }

  // Each chip at its field's right end, where the field shows: a field
  // scrolled out of its panel, or cut by it, has no chip floating over the
  // panel's neighbours (a few pixels over the cut are allowed, for fields
  // barely taller than the chip).
  function placeChips() {
    const SLACK = 3;
    for (const entry of fields.values()) {
      const { el, chip } = entry;
      entry.clippers ??= clippersOf(el);
      const rect = el.getBoundingClientRect();
      const [x, y] = [rect.right - 26, rect.top + (rect.height - 22) / 2];
      const shown = shownPart(rect, entry.clippers);
      const inside =
        x >= shown.left - SLACK &&
        y >= shown.top - SLACK &&
        x + 22 <= shown.right + SLACK &&
        y + 22 <= shown.bottom + SLACK;
      // The whole style attribute, so whatever the page put there is gone.
      if (inside) placeAt(chip, x, y);
      else chip.setAttribute('style', 'display: none;');
    }
    if (menu) placeMenu();
  }

  // ---- Notices ---------------------------------------------------------------

  // What Baton says beside a chip (refused, covered, not accepted) is shown
  // in an extension frame, by a token: the page can read neither the words
  // (a label, a key's length, the lock state) nor, through window.find, any
  // text of Baton's. One frame at a time, made when there is something to say.
  let notice = null;

  // Beside the chip (its shadow): why Baton did not fill, with a Close
  // button. With no shadow, feedback: passive (`pointer-events: none`, no
  // button, gone after a few seconds), so it never takes a click meant for
  // the page, and placed where it does not hide the dialog's own Save: just
  // above `field` (what went in; below it when there is no room above), or
  // at the page's corner (the place recorded: the site's dialog may close).
  function showNotice(shadow, token, field = null) {
    closeNotice();
    const [width, height] = [320, 64];
    let at = 'right: 16px; bottom: 16px;';
    if (field?.isConnected) {
      const rect = field.getBoundingClientRect();
      const top = rect.top - height - 6 >= 0 ? rect.top - height - 6 : rect.bottom + 6;
      const left = Math.max(8, Math.min(rect.right - width, innerWidth - width - 8));
      at = `left: ${left}px; top: ${top}px;`;
    }
    const passive = `position: fixed; ${at} z-index: 2147483647; width: ${width}px; height: ${height}px; pointer-events: none; ${FRAME_LOOK}`;
    const frame = batonFrame('menu/notice.html', shadow ? token : `${token}~passive`, shadow ? '' : passive);
    let host = null;
    if (shadow) shadow.append(frame);
    else {
      const banner = closedElement('baton-banner', '');
      banner.shadow.append(frame);
      host = banner.host;
      document.documentElement.append(host);
    }
    const shown = { frame, host };
    notice = shown;
    setTimeout(
      () => {
        if (notice === shown) closeNotice();
      },
      shadow ? 8000 : 5000,
    );
  }

  function closeNotice() {
    notice?.frame.remove();
    notice?.host?.remove();
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
    if (answer.action === 'fill') fill(field, answer.value, shadow, answer.filled);
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

  // ---- Filling ------------------------------------------------------------

  // The sequence frameworks listen to. From the isolated world a plain value
  // assignment reaches the native setter, so React's value tracker sees the
  // change when `input` fires. `filled`: the notice saying what went in,
  // shown once the value stuck.
  function fill(field, value, shadow, filled) {
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
      else if (filled) showNotice(null, filled, field);
    }, 50);
  }

  // ---- Learning where keys live -------------------------------------------
  //
  // A field that holds a vault key (filled by Baton, or typed by the user) is
  // "armed": when its form is submitted or a button in its form or dialog is
  // clicked, the worker hears of it and decides whether that was a save.

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
    if (answer?.notice) showNotice(null, answer.notice);
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

  // An input outside any form that its app applies on Enter (Streamlit's
  // text_input says "Press Enter to apply"): that Enter is its save. In a
  // form, Enter submits it, and the submit is what is reported.
  document.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || event.key !== 'Enter' || event.isComposing) return;
      const el = event.composedPath()[0];
      const entry = entryOf(el);
      if (entry?.armed && entry.kind === 'api-key' && el.localName === 'input' && !el.form) reportSave(entry, 'submit');
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
    if (sender.id !== chrome.runtime.id || sender.tab) return;
    // A place saved in a sign-in popup this tab opened: the walk goes on here.
    if (message?.type === 'baton-walk' && window.top === window) showWalk(message.token);
    if (message?.type !== 'baton-fill') return;
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
    if (present) fill(entry.el, message.value, entry.shadow, message.filled);
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
    // In the field's dialog when it has one; the body rather than a shadow
    // root, whose host may clip it.
    const layer = layerOf(field);
    (layer instanceof ShadowRoot ? document.body : layer).append(host);
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
    placeAt(menu.host, left, top, 'all: initial; position: fixed; z-index: 2147483647; ');
  }

  function closeMenu() {
    menu?.host.remove();
    menu = null;
  }

  addEventListener('message', (event) => {
    if (menu && event.source === menu.frame.contentWindow && event.data === 'baton-close-menu') closeMenu();
    if (notice && event.source === notice.frame.contentWindow) {
      if (event.data === 'baton-close-notice') closeNotice();
      else if (event.data?.baton === 'notice-height') fitFrame(notice.frame, event.data.height, 104);
    }
    if (walk && event.source === walk.frame.contentWindow && event.data === 'baton-close-walk') closeWalk();
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

  Object.assign(C, { drawChip, placeChips, onChipClick, onCaptureClick, notify });
})();
