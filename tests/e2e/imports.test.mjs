// Importing keys from the files people keep them in: a .env file, a
// Bitwarden unencrypted JSON export, a 1Password CSV export. Each shows a
// preview (hints and labels, what is new, what the vault has already)
// before anything changes, imports nothing twice, and a malformed file of
// each kind is refused with words that say what to do.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { openaiProjectKey, anthropicKey, groqKey, elevenLabsKey } from '../support/keys.mjs';
import { createVault, addKey, keyRow } from '../support/manager.mjs';

const PASSWORD = 'imports tests master password';
const EXISTING = openaiProjectKey(91);
const OPENAI = openaiProjectKey(92);
const ANTHROPIC = anthropicKey(93);
const GROQ = groqKey(94);
const ELEVEN = elevenLabsKey(95);
const NOTED = openaiProjectKey(96);
const ONE_PASSWORD = anthropicKey(97);

let server;
let browser;
let manager;

before(async () => {
  server = await startServer();
  browser = await launch({ port: server.port });
  manager = await createVault(browser, PASSWORD);
  await addKey(manager, EXISTING, 'Avatar pipeline — production');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Chooses a file of `text` in the manager's key import, as a user picks one.
async function chooseKeyFile(name, text) {
  await manager.getByLabel('Key file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
}

const preview = () => manager.getByRole('form', { name: 'Import preview' });
const previewRows = () => preview().getByRole('table', { name: 'Keys in the file' }).locator('tbody tr');

// No value of the file is in the page's text, only hints and labels.
async function assertNoValueShown(values) {
  const text = await manager.evaluate(() => document.body.innerText);
  for (const value of values) assert.ok(!text.includes(value.slice(8, -8)), 'a key value is shown');
}

test('a .env file: its keys previewed with the variable names as labels, imported once, the rest left out', async () => {
  const env = [
    '# production',
    `OPENAI_API_KEY=${OPENAI}`,
    `export ANTHROPIC_API_KEY="${ANTHROPIC}" # the Claude account`,
    `OLD_KEY=${EXISTING}`,
    'DATABASE_URL=postgres://app:secret@db.internal:5432/app',
    'this line is not a variable',
    '',
  ].join('\n');
  await chooseKeyFile('.env', env);
  await preview().getByRole('status').getByText('.env file: 3 keys found, 2 new, 1 already in your vault.').waitFor();
  await preview().getByText('2 values that are not API keys left out.').waitFor();
  const rows = await previewRows().allInnerTexts();
  assert.equal(rows.length, 3);
  assert.match(rows[2], /Already in your vault as "Avatar pipeline — production"/);
  assert.equal(
    await preview()
      .getByLabel(/^Label of /)
      .first()
      .inputValue(),
    'OPENAI_API_KEY',
  );
  await assertNoValueShown([OPENAI, ANTHROPIC, EXISTING]);
  // Nothing changed before the user imports.
  assert.equal(await keyRow(manager, 'OPENAI_API_KEY').count(), 0);

  await preview()
    .getByLabel(/^Label of /)
    .nth(1)
    .fill('Claude — production');
  await preview().getByRole('button', { name: 'Import 2 keys' }).click();
  await manager
    .getByRole('status')
    .getByText('Imported 2 keys. 1 key was already in your vault and kept as it is.')
    .waitFor();
  await keyRow(manager, 'OPENAI_API_KEY').waitFor();
  await keyRow(manager, 'Claude — production').waitFor();
  assert.match(await keyRow(manager, 'Claude — production').innerText(), /Anthropic/);

  // The same file again: nothing new, nothing to import.
  await chooseKeyFile('.env', env);
  await preview().getByRole('status').getByText('.env file: 3 keys found, 0 new, 3 already in your vault.').waitFor();
  assert.equal(
    await preview()
      .getByRole('button', { name: /^Import/ })
      .count(),
    0,
  );
  await preview().getByRole('button', { name: 'Close' }).click();
  assert.equal(await keyRow(manager, 'OPENAI_API_KEY').count(), 1, 'not imported twice');
});

test('a Bitwarden export: keys in login passwords, custom fields and notes, recognised by their shape', async () => {
  const bitwarden = {
    encrypted: false,
    folders: [],
    items: [
      { type: 1, name: 'GroqCloud', login: { username: 'me@example.com', password: GROQ }, notes: null },
      {
        type: 1,
        name: 'ElevenLabs',
        login: { username: 'me@example.com', password: 'correct horse battery staple' },
        fields: [{ name: 'API key', value: ELEVEN, type: 1 }],
      },
      { type: 2, name: 'OpenAI notes', notes: `The nightly script uses ${NOTED} until March.` },
      { type: 1, name: 'Bank', login: { username: 'me', password: 'hunter2hunter2' } },
    ],
  };
  await chooseKeyFile('bitwarden_export.json', JSON.stringify(bitwarden));
  await preview().getByRole('status').getByText('Bitwarden export: 3 keys found, 3 new.').waitFor();
  await preview().getByText('2 values that are not API keys left out.').waitFor();
  const labels = await preview()
    .getByLabel(/^Label of /)
    .evaluateAll((inputs) => inputs.map((i) => i.value));
  assert.deepEqual(labels, ['GroqCloud', 'ElevenLabs — API key', 'OpenAI notes']);
  await assertNoValueShown([GROQ, ELEVEN, NOTED]);
  // The user leaves one out.
  await previewRows().nth(1).getByRole('checkbox').uncheck();
  await preview().getByRole('button', { name: 'Import 2 keys' }).click();
  await manager.getByRole('status').getByText('Imported 2 keys.').waitFor();
  await keyRow(manager, 'GroqCloud').waitFor();
  await keyRow(manager, 'OpenAI notes').waitFor();
  assert.equal(await keyRow(manager, 'ElevenLabs — API key').count(), 0);
});

test('a 1Password CSV export: quoted cells, notes on several lines', async () => {
  const csv = [
    'Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes',
    `"Anthropic, work",https://console.anthropic.com,me@example.com,${ONE_PASSWORD},,false,false,ai,`,
    `"Make","https://make.com","me","not a key at all",,false,false,,"line one\nline ""two"""`,
    '',
  ].join('\n');
  await chooseKeyFile('1PasswordExport.csv', csv);
  await preview().getByRole('status').getByText('1Password export: 1 key found, 1 new.').waitFor();
  assert.equal(
    await preview()
      .getByLabel(/^Label of /)
      .inputValue(),
    'Anthropic, work',
  );
  await preview().getByRole('button', { name: 'Import 1 key' }).click();
  await manager.getByRole('status').getByText('Imported 1 key.').waitFor();
  await keyRow(manager, 'Anthropic, work').waitFor();
});

test('malformed files of each kind are refused, with what to do, and change nothing', async () => {
  const before = await manager.getByRole('table', { name: 'API keys' }).locator('tbody tr').count();
  const cases = [
    [
      'export.json',
      '{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.abc", "data": "2.xyz"}',
      /encrypted\. Export the vault again as "JSON"/,
    ],
    ['export.json', '{"items": [', /not valid JSON/],
    ['backup.json', '{"format": "baton-backup", "version": 2}', /not a Bitwarden export.*Import backup/],
    ['1p.csv', 'Title,Url,Username,Password\n"Cut short,https://x.example,me,', /ends inside a quoted field/],
    ['other.csv', 'title,amount\nrent,1200', /not a 1Password export/],
    ['notes.txt', 'hello\nthese are my notes', /This file is none of them/],
  ];
  for (const [name, text, words] of cases) {
    await chooseKeyFile(name, text);
    await manager.getByRole('alert').filter({ hasText: words }).waitFor();
    assert.equal(await preview().count(), 0, `${name}: no preview`);
  }
  assert.equal(await manager.getByRole('table', { name: 'API keys' }).locator('tbody tr').count(), before);
});
