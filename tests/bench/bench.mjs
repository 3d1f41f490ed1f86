// The browser half of `cargo xtask bench`: unlock (Argon2id at the vault's
// default parameters) in the extension's service worker, and hash-wasm's
// Argon2id with the same parameters in a page of the same browser.
// Prints one JSON line with the medians.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

import { startServer } from '../support/server.mjs';
import { launch } from '../support/browser.mjs';

const RUNS = Number(process.argv[2] ?? 7);
const PASSWORD = 'benchmark master password';
const require = createRequire(import.meta.url);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const server = await startServer();
const browser = await launch({ port: server.port });
try {
  const page = await browser.context.newPage();
  await page.goto(browser.url('popup/popup.html'));
  const send = (message) => page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  const created = await send({ type: 'create-vault', password: PASSWORD });
  if (!created.ok) throw new Error(created.error.message);

  const unlockMs = [];
  for (let i = 0; i <= RUNS; i++) {
    await send({ type: 'lock' });
    const ms = await page.evaluate(async (password) => {
      const start = performance.now();
      const answer = await chrome.runtime.sendMessage({ type: 'unlock', password });
      if (!answer.ok) throw new Error(answer.error.message);
      return performance.now() - start;
    }, PASSWORD);
    if (i > 0) unlockMs.push(ms); // the first run warms the module up
  }

  const web = await browser.context.newPage();
  await web.goto('https://bench.baton.test/');
  const umd = await readFile(require.resolve('hash-wasm/dist/argon2.umd.min.js'), 'utf8');
  await web.addScriptTag({ content: umd });
  const hashWasmMs = await web.evaluate(async (runs) => {
    const times = [];
    for (let i = 0; i <= runs; i++) {
      const start = performance.now();
      await hashwasm.argon2id({
        password: `benchmark password ${i}`,
        salt: new Uint8Array(16).fill(7),
        parallelism: 4,
        iterations: 3,
        memorySize: 65536,
        hashLength: 32,
        outputType: 'binary',
      });
      if (i > 0) times.push(performance.now() - start);
    }
    return times;
  }, RUNS);

  console.log(JSON.stringify({ unlock_sw_median_ms: median(unlockMs), hash_wasm_median_ms: median(hashWasmMs), runs: RUNS }));
} finally {
  await browser.close();
  await server.close();
}
