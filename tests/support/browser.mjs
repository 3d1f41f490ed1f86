// Chromium with the built extension loaded, as docs/CONTRACTS.md describes: Debian's
// Chromium driven by playwright-core, every host name mapped to the local
// test server.

import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const EXTENSION = process.env.BATON_EXTENSION ?? path.resolve('..', 'target', 'extension');
export const CHROMIUM = process.env.BATON_CHROMIUM ?? '/usr/bin/chromium';

export async function newProfileDir() {
  return mkdtemp(path.join(tmpdir(), 'baton-profile-'));
}

// Starts Chromium on `profileDir` (a new one if not given).
export async function launch({ port, profileDir, headless = true }) {
  profileDir ??= await newProfileDir();
  const args = [
    `--disable-extensions-except=${EXTENSION}`,
    `--load-extension=${EXTENSION}`,
    `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
    '--ignore-certificate-errors',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (headless) args.unshift('--headless=new');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless,
    args,
    acceptDownloads: true,
    viewport: { width: 1100, height: 800 },
  });
  // A user waits seconds, not the default 30: fail fast, with the step named.
  context.setDefaultTimeout(10_000);
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    profileDir,
    extensionId,
    // The current service worker (it changes when Chrome restarts it).
    worker: () => context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)),
    url: (page) => `chrome-extension://${extensionId}/${page}`,
    close: () => context.close(),
  };
}
