// Real open-source apps, from PyPI, started for the end-to-end tests in the
// virtual environment `cargo xtask test` makes (tests/.venv, from
// tests/apps/requirements.txt). Each listens on a free loopback port; the
// browser reaches it as http://localhost:<port>, which the host mapping
// leaves alone, as a self-hosted app is reached.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const VENV = process.env.BATON_APPS_VENV ?? path.resolve('.venv');
const APPS = path.resolve('apps');

// How each app is started on `port`.
const COMMANDS = {
  streamlit: (app, port) => [
    'streamlit',
    ['run', path.join(APPS, app), '--server.port', port, '--server.address', '127.0.0.1', '--server.headless', 'true'],
  ],
  gradio: (app, port, args) => ['python', [path.join(APPS, app), '--port', port, ...args]],
};

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

// Starts `app` (a file in tests/apps) with `framework`, and answers once it
// serves its page: { url, close }.
export async function startApp(framework, app, args = []) {
  const bin = path.join(VENV, 'bin');
  if (!existsSync(path.join(bin, 'python'))) {
    throw new Error(`The real apps are not installed in ${VENV}: run \`cargo xtask test\`, which installs them.`);
  }
  const port = String(await freePort());
  const [command, argv] = COMMANDS[framework](app, port, args);
  const child = spawn(path.join(bin, command), argv, {
    env: {
      ...process.env,
      // Nothing phones home (the machine's network is closed anyway).
      STREAMLIT_BROWSER_GATHER_USAGE_STATS: 'false',
      GRADIO_ANALYTICS_ENABLED: 'False',
      PYTHONUNBUFFERED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://localhost:${port}/`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${app} (${framework}) exited at start:\n${log}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`${app} (${framework}) did not answer on ${url} within 90 s:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
