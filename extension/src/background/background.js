// The service worker's bootstrap. Everything it does is in baton-wasm; this
// file only loads the module and hands it the browser's events.
//
// The glue is imported statically: MV3 service workers cannot use import().
// Listeners are registered at the top level, synchronously, so Chrome wakes
// the worker for them after it was stopped; one promise gates every event
// until the module is ready.
import init, { Baton } from '../wasm/baton_wasm.js';
import initPlatforms, { handle as handlePlatformCall } from '../wasm/baton_platforms.js';

// The connected platforms' module, instantiated the first time baton-wasm
// hands it a call (the manager's "Connected platforms", "Update by API"),
// not at the worker's start. baton-wasm calls it with JSON and reads JSON.
let platformsReady;
self.batonPlatforms = {
  async handle(call, state, keys, known, now) {
    platformsReady ??= initPlatforms({ module_or_path: chrome.runtime.getURL('wasm/baton_platforms_bg.wasm') });
    await platformsReady;
    return handlePlatformCall(call, state, keys, known, now);
  },
};

const ready = init({ module_or_path: chrome.runtime.getURL('wasm/baton_wasm_bg.wasm') })
  .then(() => Baton.start(chrome.runtime.id))
  .then((baton) => {
    // Reachable only from the worker itself (DevTools, `cargo xtask bench`),
    // never from pages: lets the router be timed without messaging.
    self.baton = baton;
    // From the worker's start to here: `cargo xtask bench` reads it.
    performance.mark('baton-ready');
    return baton;
  });

// Pages send {type, ...fields}; the worker reads {request: {type: fields},
// quiet} (an externally tagged request decodes without buffering).
function envelope(message) {
  const { type, quiet = false, ...fields } = message ?? {};
  return JSON.stringify({ request: { [type]: Object.keys(fields).length ? fields : null }, quiet });
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  ready
    .then((baton) => baton.handle(envelope(message), sender))
    .then((answer) => JSON.parse(answer))
    .then(sendResponse, () =>
      sendResponse({ ok: false, error: { code: 'internal', message: 'Baton failed to start. Reload the extension.' } }),
    );
  return true; // the answer is sent asynchronously
});

chrome.alarms.onAlarm.addListener((alarm) => {
  ready.then((baton) => baton.onAlarm(alarm.name));
});

// The rotation reminder's notification leads to the manager.
chrome.notifications.onClicked.addListener(() => {
  chrome.runtime.openOptionsPage();
});
