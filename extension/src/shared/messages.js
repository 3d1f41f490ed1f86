// Talking to the service worker. Every request goes through `send`, which
// turns an error answer into a thrown BatonError with the worker's message.

export class BatonError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export async function send(type, fields = {}) {
  const answer = await chrome.runtime.sendMessage({ type, ...fields });
  if (!answer) throw new BatonError('internal', 'Baton did not answer. Reload this page.');
  if (!answer.ok) {
    // Auto-lock can fire while a page is open; the page shows the unlock form.
    if (answer.error.code === 'locked') dispatchEvent(new Event('baton-locked'));
    throw new BatonError(answer.error.code, answer.error.message);
  }
  return answer.value;
}
