// What a compromised renderer can do: run code in Baton's own content-script
// world of a page (through the DevTools protocol, which reaches the
// extension's isolated world the way an exploited renderer would).

export async function inContentScript(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    // Enabling replays every existing context as an event first.
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const world = contexts.find(
      (c) =>
        c.auxData?.type === 'isolated' &&
        c.auxData.frameId === frameTree.frame.id &&
        c.origin.startsWith('chrome-extension://'),
    );
    if (!world) throw new Error('no Baton content script in this page');
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression,
      contextId: world.id,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) return { threw: exceptionDetails.exception?.description ?? exceptionDetails.text };
    return result.value;
  } finally {
    await cdp.detach();
  }
}
