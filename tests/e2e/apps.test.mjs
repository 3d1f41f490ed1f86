// Real open-source apps that hold AI keys, installed from PyPI and started
// here (support/apps.mjs): a Streamlit chatbot and a Gradio app, written as
// their frameworks' users write them. Nobody here wrote the frameworks'
// pages: what Baton finds on them is what it finds on the web.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';
import { startApp } from '../support/apps.mjs';
import { openaiProjectKey } from '../support/keys.mjs';
import { untilFilled, chooseInMenu, settled } from '../support/tools.mjs';
import { createVault, addKey, placesOf } from '../support/manager.mjs';

const LABEL = 'Avatar pipeline — production';
const KEY = openaiProjectKey(71);
// What the apps show of the key they received: its last four characters,
// as Baton's own hint does.
const ENDING = KEY.slice(-4);

let server;
let browser;
let chatbot;
let studio;
let studioWithLogin;

before(async () => {
  // The apps take seconds to import their frameworks: start them together.
  [chatbot, studio, studioWithLogin] = await Promise.all([
    startApp('streamlit', 'chatbot.py'),
    startApp('gradio', 'studio.py'),
    startApp('gradio', 'studio.py', ['--login']),
  ]);
  server = await startServer();
  browser = await launch({ port: server.port });
  const manager = await createVault(browser, 'real apps master password');
  await addKey(manager, KEY, LABEL);
  await manager.close();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await Promise.all([chatbot, studio, studioWithLogin].map((app) => app?.close()));
});

const chipsOn = (page) => page.locator('baton-chip').count();

test('Streamlit chatbot: a chip on the sidebar key, none on the chat, however the chat asks for a key; Enter applies it and Baton learns the place', async () => {
  const page = await browser.context.newPage();
  await page.goto(chatbot.url);
  const key = page.getByLabel('OpenAI API Key');
  await key.waitFor();
  await page.locator('baton-chip').waitFor();
  await settled(page);
  assert.equal(await chipsOn(page), 1, 'one chip, on the key');

  // The conversation asks for the key, and names its shape.
  const message = page.getByPlaceholder('Your message');
  await message.click();
  await page.keyboard.type('Write a haiku about key rotation');
  await page.keyboard.press('Enter');
  await page.getByText('Please add your OpenAI API key to continue').first().waitFor();
  await settled(page);
  assert.equal(await chipsOn(page), 1, 'still no chip on the chat box');

  await page.locator('baton-chip').click();
  await chooseInMenu(page, new RegExp(LABEL));
  await untilFilled(page, 'input[type=password]');
  // Streamlit applies a text input on Enter ("Press Enter to apply").
  await key.press('Enter');
  await page.getByText(`Key received, ending ${ENDING}`).waitFor();
  const places = await placesOf(browser, LABEL, new URL(chatbot.url).host);
  assert.ok(
    places.some((p) => p.includes('OpenAI API Key')),
    `the sidebar input is a place of the key: ${places}`,
  );
  await page.close();
});

test("Gradio: a chip on the password Textbox, none on the chat's message box; the app's Save receives the key and Baton learns the place", async () => {
  const page = await browser.context.newPage();
  await page.goto(studio.url);
  const key = page.getByLabel('OpenAI API key', { exact: true });
  await key.waitFor();
  await page.locator('baton-chip').waitFor();
  await settled(page);
  assert.equal(await chipsOn(page), 1, 'one chip, on the key');

  await page.locator('baton-chip').click();
  await chooseInMenu(page, new RegExp(LABEL));
  await untilFilled(page, 'input[type=password]');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText(`Saved, ending ${ENDING}`).waitFor();
  const places = await placesOf(browser, LABEL, new URL(studio.url).host);
  assert.ok(
    places.some((p) => p.includes('OpenAI API key')),
    `the Textbox is a place of the key: ${places}`,
  );
  await page.close();
});

test("Gradio's own login page: no chip on its password; after signing in, the key field has one", async () => {
  const page = await browser.context.newPage();
  await page.goto(studioWithLogin.url);
  const password = page.locator('input[type=password]');
  await password.waitFor();
  await settled(page);
  assert.equal(await chipsOn(page), 0, 'a login password is not an API key');

  await page.locator('input[type=text]').first().click();
  await page.keyboard.type('editor');
  await password.click();
  await page.keyboard.type('studio-pass');
  await page.keyboard.press('Enter');
  await page.getByLabel('OpenAI API key', { exact: true }).waitFor();
  await page.locator('baton-chip').waitFor();
  await settled(page);
  assert.equal(await chipsOn(page), 1, 'one chip, on the key');
  await page.close();
});
