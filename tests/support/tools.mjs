// What a user does on each tool's fixture page to put a key in: open the
// place's dialog, click Baton's chip (and pick the key in the menu when one
// opens), let the fill land, and save. Each returns the key the site's own
// state received, read from the fixture's save output.

export function untilFilled(page, selector) {
  return page.waitForFunction((sel) => document.querySelector(sel).value.length > 0, selector);
}

// Resolves once Baton's content script in `target` (a page or a frame) has
// looked at the page as it is now: no scan running or due, no chip click
// waiting for the worker (its 'baton-settled' mark). A check that nothing
// happened waits for this, never for a fixed time that may end too soon.
export function settled(target, timeout = 10_000) {
  return target.waitForFunction(() => performance.getEntriesByName('baton-settled').length > 0, null, { timeout });
}

export async function waitForFrame(page, path, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    const frame = page.frames().find((f) => f.url().includes(path));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`no frame ${path}`);
}

// Waits for a Baton notice frame on `page` whose words match `words` (a
// newer notice replaces an older one, so the frame is found by its words).
export async function noticeSaying(page, words, timeout = 10_000) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    for (const frame of page.frames().filter((f) => f.url().includes('menu/notice.html'))) {
      const text = await frame
        .locator('[role=status]')
        .innerText({ timeout: 200 })
        .catch(() => '');
      if (typeof words === 'string' ? text === words : words.test(text)) return frame;
    }
    await page.waitForTimeout(50);
  }
  throw new Error(`no notice saying ${words}`);
}

// Picks the key labelled `label` in the inline menu opened on `page`.
export async function chooseInMenu(page, label) {
  const menu = await waitForFrame(page, 'menu/menu.html');
  await menu.getByRole('button', { name: label }).click();
  return menu;
}

// Clicks the chip; `menuChoice` (a label pattern) when a menu is expected.
async function fillWithChip(page, selector, menuChoice, click = clickIt) {
  await click(page.locator('baton-chip'));
  if (menuChoice) await chooseInMenu(page, menuChoice);
  await untilFilled(page, selector);
}

const clickIt = (locator) => locator.click();

// The steps on an open page, each of the user's clicks through `click`
// (a test that counts actions passes its own); each answers the key the
// site saved.
export async function makeSteps(page, { menuChoice, click = clickIt } = {}) {
  await click(page.getByRole('button', { name: 'Create a connection' }));
  await page.locator('baton-chip').waitFor();
  await fillWithChip(page, 'input[name=apiKey]', menuChoice, click);
  await click(page.getByRole('button', { name: 'Save' }));
  return JSON.parse(await page.getByRole('status').or(page.locator('output')).first().textContent()).apiKey;
}

export async function fillOnMake(context, options) {
  const page = await context.newPage();
  await page.goto('https://eu1.make.com/scenarios/edit');
  const saved = await makeSteps(page, options);
  await page.close();
  return saved;
}

export async function fillOnN8n(context, { menuChoice } = {}) {
  const page = await context.newPage();
  await page.goto('https://acme.app.n8n.cloud/home/credentials');
  await page.getByRole('button', { name: 'Create credential' }).click();
  await page.locator('baton-chip').waitFor();
  await fillWithChip(page, '[data-test-id="parameter-input-apiKey"] input', menuChoice);
  await page.locator('[data-test-id="credential-save-button"]').click();
  const saved = JSON.parse(await page.getByRole('status', { name: 'Saved credential' }).textContent());
  await page.close();
  return saved.apiKey;
}

export async function zapierSteps(editor, { menuChoice, click = clickIt } = {}) {
  const opening = editor.context().waitForEvent('page');
  await click(editor.getByRole('button', { name: 'Sign in' }));
  const popup = await opening;
  await popup.waitForLoadState();
  await popup.locator('baton-chip').waitFor();
  await fillWithChip(popup, 'input[name=api_key]', menuChoice, click);
  const closed = popup.waitForEvent('close');
  // The popup closes itself from its submit handler, sometimes before the
  // click action has returned: a closed page is the expected outcome.
  await click(popup.getByRole('button', { name: 'Yes, Continue to ChatGPT (OpenAI)' })).catch((error) => {
    if (!/closed/.test(error.message)) throw error;
  });
  await closed;
  return JSON.parse(await editor.getByRole('status', { name: 'Connected account' }).textContent()).apiKey;
}

export async function fillOnZapier(context, options) {
  const editor = await context.newPage();
  await editor.goto('https://zapier.com/editor');
  const saved = await zapierSteps(editor, options);
  await editor.close();
  return saved;
}

// The GPT keeps its Action's authentication once saved: its options are
// chosen again only when they are not (checking a checked radio does nothing).
export async function gptActionSteps(page, { menuChoice, click = clickIt } = {}) {
  for (const option of ['API Key', 'Custom']) {
    const radio = page.getByRole('radio', { name: option });
    if (!(await radio.isChecked())) await click(radio);
  }
  await page.locator('baton-chip').waitFor();
  await fillWithChip(page, 'input[type=password]', menuChoice, click);
  await click(page.getByRole('button', { name: 'Save' }));
  return JSON.parse(await page.getByRole('status', { name: 'Saved authentication' }).textContent()).apiKey;
}

export async function fillOnGptAction(context, options) {
  const page = await context.newPage();
  await page.goto('https://chatgpt.com/gpts/editor/g-avatar');
  const saved = await gptActionSteps(page, options);
  await page.close();
  return saved;
}
