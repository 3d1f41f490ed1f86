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

export function keyRow(manager, label) {
  return manager.getByRole('table', { name: 'API keys' }).getByRole('row').filter({ hasText: label });
}

// Adds the key `value` under `label`, and waits for its row.
export async function addKey(manager, value, label) {
  await manager.getByRole('button', { name: 'Add key' }).click();
  await manager.getByLabel('Key', { exact: true }).fill(value);
  await manager.getByLabel('Label').fill(label);
  await manager.getByRole('button', { name: 'Save key' }).click();
  await keyRow(manager, label).waitFor();
}
