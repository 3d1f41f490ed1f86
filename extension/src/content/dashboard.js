// Baton's content script, the providers' dashboards (see base.js): keys
// tables, whose rows get Baton's findings in markers, and revoke dialogs that
// show a vault key's hint, which get Baton's advice in a frame. The manifest
// loads this file only on the dashboards' hosts (the profiles of
// core/src/detect/profiles.rs; `cargo xtask` keeps the two equal), so other
// pages pay nothing for it; the worker still decides whether a page is one.
(() => {
  'use strict';

  // Usually loaded after base.js and watch.js; if not, watch.js starts it.
  const C = globalThis.batonContent;
  if (C?.scanParts) start(C);
  else {
    globalThis.batonLater ??= [];
    globalThis.batonLater.push(start);
  }

  function start(C) {
    const { shadowRoots, isVisible, dialogTitle, ask, closedElement, batonFrame, fitFrame, FRAME_LOOK } = C;

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
        const cells = rows.map((row) =>
          [...row.querySelectorAll('td, [role="cell"], [role="gridcell"]')].map(cellText),
        );
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
      return [...row.querySelectorAll('td, [role="cell"], [role="gridcell"]')].find((c) =>
        cellText(c).startsWith(hint),
      );
    }

    const MARKER_STYLE = `
    :host { all: initial; display: inline-block; margin-left: 6px; }
    span { all: initial; font: 600 11px/1.6 system-ui, sans-serif; padding: 1px 6px; border-radius: 9px; background: #fff4e6; color: #a34700; border: 1px solid #ffc078; }
    span.clean { background: #ebfbee; color: #2b8a3e; border-color: #8ce99a; }
    span:focus-visible { outline: 2px solid #1c2f7a; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      span { background: #3d2a12; color: #ffc078; border-color: #a34700; }
      span.clean { background: #17301d; color: #8ce99a; border-color: #2b8a3e; }
      span:focus-visible { outline-color: #91a7ff; }
    }
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
      // Reachable by keyboard too: pointing at it or focusing it explains it.
      words.tabIndex = 0;
      for (const type of ['mouseenter', 'focus'])
        words.addEventListener(type, (e) => e.isTrusted && explain(marker, hint));
      for (const type of ['mouseleave', 'blur']) words.addEventListener(type, () => leave(hint));
      words.addEventListener('keydown', (e) => e.key === 'Escape' && closeExplanation());
      shadow.append(label, words);
      hintCell(row, hint)?.append(marker);
      markers.set(row, { marker, hint });
    }

    // ---- A marker's explanation -------------------------------------------------

    // What the findings mean, in Baton's notice frame under the marker (the
    // worker keeps the words; the page gets neither them nor a way to ask).
    // One at a time; it goes once the pointer or the focus has left both
    // the marker and the frame.
    let explained = null; // { host, frame, hint }
    let wanted = null;

    async function explain(marker, hint) {
      wanted = hint;
      if (explained?.hint === hint) return;
      const answer = await ask({ type: 'explain-marker', hint });
      if (wanted !== hint || !answer?.token || !marker.isConnected) return;
      closeExplanation();
      const rect = marker.getBoundingClientRect();
      const top = Math.max(8, Math.min(rect.bottom + 6, innerHeight - 156));
      const left = Math.max(8, Math.min(rect.left, innerWidth - 356));
      const place = `position: fixed; left: ${left}px; top: ${top}px; z-index: 2147483647; width: 340px; height: 148px;`;
      const frame = batonFrame('menu/notice.html', answer.token, `${place} ${FRAME_LOOK}`);
      const { host, shadow } = closedElement('baton-banner', '');
      frame.addEventListener('mouseleave', () => leave(hint));
      shadow.append(frame);
      document.documentElement.append(host);
      explained = { host, frame, hint };
    }

    function leave(hint) {
      wanted = null;
      setTimeout(() => {
        // The user moved into the frame (to read on, or to close it).
        if (explained?.hint === hint && !wanted && !explained.frame.matches(':hover')) closeExplanation();
      }, 400);
    }

    function closeExplanation() {
      explained?.host.remove();
      explained = null;
    }

    addEventListener('message', (event) => {
      if (explained && event.source === explained.frame.contentWindow) {
        if (event.data === 'baton-close-notice') closeExplanation();
        else if (event.data?.baton === 'notice-height') fitFrame(explained.frame, event.data.height, 148);
      }
      for (const frame of adviceFrames) {
        if (!frame.isConnected) adviceFrames.delete(frame);
        else if (event.source === frame.contentWindow && event.data?.baton === 'advice-height')
          fitFrame(frame, event.data.height, 96, 600);
      }
    });

    // Every scan looks at the tables first: a revoke dialog's advice reads the
    // page's keys table ("Last used"), and the worker answers in the order
    // messages come.
    C.scanParts.push(() => {
      reportTables();
      reportDialogs();
    });
  }
})();
