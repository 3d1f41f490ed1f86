// What a user does in Baton's manager before a test's story begins:
// create the vault, add keys.

// Opens the manager in a new tab and creates the vault with `password`.
export async function createVault(browser, password) {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  await manager.getByLabel('Master password', { exact: true }).fill(password);
  await manager.getByLabel('Confirm master password').fill(password);
  await manager.getByRole('button', { name: 'Create vault' }).click();
  await manager.getByRole('button', { name: 'Add key' }).waitFor();
  return manager;
}

// The row whose Label cell is exactly `label` (other cells may name it:
// "replaced by …").
export function keyRow(manager, label) {
  const cell = manager.locator('td:first-child').getByText(label, { exact: true });
  return manager.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ has: cell });
}

// Adds the key `value` under `label` (for `environment`, as the form
// names it), and waits for its row.
export async function addKey(manager, value, label, environment = 'Production') {
  await manager.getByRole('button', { name: 'Add key' }).click();
  await manager.getByLabel('Key', { exact: true }).fill(value);
  await manager.getByLabel('Label').fill(label);
  await manager.getByLabel('Environment').selectOption({ label: environment });
  await manager.getByRole('button', { name: 'Save key' }).click();
  try {
    await keyRow(manager, label).waitFor();
  } catch (error) {
    // What the page said instead (its alerts; the table shows hints only),
    // for a failure that does not repeat on this machine.
    const alerts = (
      await manager
        .getByRole('alert')
        .allInnerTexts()
        .catch(() => [])
    ).filter(Boolean);
    const table = await manager
      .getByRole('table', { name: 'API keys' })
      .innerText({ timeout: 1000 })
      .catch(() => 'no keys table');
    console.log(`addKey "${label}": no row. Alerts: ${JSON.stringify(alerts)}. Keys table:\n${table}`);
    throw error;
  }
}

// Records the notifications the worker shows from now on. Headless Chromium
// refuses every notification image ("Unable to download all specified
// images"), so the call is recorded before it reaches Chromium, and each
// icon is fetched from the worker's own origin to prove it resolves.
export async function recordNotifications(browser) {
  await browser.worker().evaluate(() => {
    const create = chrome.notifications.create.bind(chrome.notifications);
    globalThis.batonTestNotifications = [];
    chrome.notifications.create = (id, options) => {
      globalThis.batonTestNotifications.push({ id, ...options });
      return create(id, options).catch(() => {});
    };
  });
}

export async function recordedNotifications(browser) {
  return browser.worker().evaluate(async () =>
    Promise.all(
      (globalThis.batonTestNotifications ?? []).map(async (n) => {
        const icon = await fetch(new URL(n.iconUrl, location.href)).then(
          (r) => r.ok,
          () => false,
        );
        return { ...n, iconFound: icon };
      }),
    ),
  );
}

// The places listed for a key, once one of them starts with `expected`.
export async function placesOf(browser, label, expected) {
  const manager = await browser.context.newPage();
  await manager.goto(browser.url('manager/manager.html'));
  const list = manager.getByRole('list', { name: `Places of ${label}` });
  const read = async () =>
    ((await list.count()) ? await list.getByRole('listitem').allInnerTexts() : []).map((t) =>
      t
        .replace(/ · last saved .*$/, '')
        .replace(/\s*Open\s*Remove$/, '')
        .trim(),
    );
  // The site's save reaches Baton a moment after the click, as it would for a
  // person switching tabs: look again until it is there.
  let places = await read();
  for (let i = 0; i < 20 && !places.some((p) => p.startsWith(expected)); i++) {
    await manager.waitForTimeout(250);
    await manager.reload();
    await manager.getByRole('heading', { name: 'Where your keys are used' }).waitFor();
    places = await read();
  }
  await manager.close();
  return places;
}
