// The local HTTPS server behind every host name in the tests. Chromium maps
// all hosts to it (--host-resolver-rules), so https://eu1.make.com/… is
// served from tests/sites/eu1.make.com/…, and nothing leaves the machine.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import selfsigned from 'selfsigned';

const TESTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const SITES = path.join(TESTS, 'sites');

// Framework builds the fixture sites load, served on every host at
// /__lib/<name> from the tests' own npm packages (no CDN is reachable).
const LIBRARIES = {
  'react.js': 'node_modules/react/umd/react.production.min.js',
  'react-dom.js': 'node_modules/react-dom/umd/react-dom.production.min.js',
  'vue.js': 'node_modules/vue/dist/vue.global.prod.js',
  'element-plus.js': 'node_modules/element-plus/dist/index.full.min.js',
  'element-plus.css': 'node_modules/element-plus/dist/index.css',
  'dayjs.js': 'node_modules/dayjs/dayjs.min.js',
  'antd.js': 'node_modules/antd/dist/antd.min.js',
  'swagger-ui.js': 'node_modules/swagger-ui-dist/swagger-ui-bundle.js',
  'swagger-ui.css': 'node_modules/swagger-ui-dist/swagger-ui.css',
};
// Frameworks shipped only as ES modules (Angular, RxJS, tslib, Radix), served on
// every host at /__esm/<package>/<file> for the fixtures' import maps.
const ESM_PACKAGES = [
  '@angular/',
  'rxjs/',
  'tslib/',
  // @radix-ui/react-dialog and what it imports.
  '@radix-ui/',
  'aria-hidden/',
  'react-remove-scroll/',
  'react-remove-scroll-bar/',
  'react-style-singleton/',
  'use-callback-ref/',
  'use-sidecar/',
  'get-nonce/',
  'detect-node-es/',
];
const NODE_MODULES = path.join(TESTS, 'node_modules');
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Serves `tests/sites/<host>/<path>` (index.html for folders); `routes` may
// answer first, for API fakes: (req, res, url) => handled?
//
// One port speaks both HTTPS and plain HTTP (Chromium maps every host and
// port to it): a connection whose first byte opens a TLS handshake goes to
// the HTTPS server, any other to the HTTP one, so tests can show Baton an
// unencrypted page too.
export async function startServer({ routes = [] } = {}) {
  const { private: key, cert } = selfsigned.generate([{ name: 'commonName', value: 'baton.test' }], {
    days: 2,
    keySize: 2048,
  });
  const handle = async (req, res) => {
    const host = (req.headers.host ?? '').split(':')[0].toLowerCase();
    const url = new URL(req.url, `${req.socket.encrypted ? 'https' : 'http'}://${host}`);
    for (const route of routes) {
      if (await route(req, res, url)) return;
    }
    if (url.pathname.startsWith('/__shared/')) {
      // Fixture code shared by several sites (tests/sites/_shared/).
      const name = path.basename(url.pathname);
      return readFile(path.join(SITES, '_shared', name)).then(
        (body) => {
          res.writeHead(200, { 'content-type': TYPES[path.extname(name)] ?? 'text/javascript' });
          res.end(body);
        },
        () => notFound(res),
      );
    }
    if (url.pathname.startsWith('/__lib/')) {
      const file = LIBRARIES[url.pathname.slice('/__lib/'.length)];
      if (!file) return notFound(res);
      res.writeHead(200, { 'content-type': file.endsWith('.css') ? 'text/css' : 'text/javascript' });
      res.end(await readFile(path.join(TESTS, file)));
      return;
    }
    if (url.pathname.startsWith('/__esm/')) {
      const file = path.join(NODE_MODULES, path.normalize(decodeURIComponent(url.pathname.slice('/__esm/'.length))));
      const name = path.relative(NODE_MODULES, file).split(path.sep).join('/');
      if (!ESM_PACKAGES.some((p) => name.startsWith(p)) || name.includes('..')) return notFound(res);
      // RxJS's modules import each other without extensions, as bundlers allow.
      const body = await readFile(file)
        .catch(() => readFile(`${file}.js`))
        .catch(() => null);
      if (!body) return notFound(res);
      res.writeHead(200, { 'content-type': 'text/javascript' });
      return res.end(body);
    }
    const relative = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = path.join(SITES, host, relative);
    if (!file.startsWith(path.join(SITES, host))) return notFound(res);
    if (
      await stat(file).then(
        (s) => s.isDirectory(),
        () => false,
      )
    )
      file = path.join(file, 'index.html');
    // A single-page app's own routes (n8n's /home/credentials/<id>): a
    // folder holding a `.routes` file serves its index.html for any path
    // below it that is not a file, as the app's server does.
    if (
      !(await stat(file).then(
        () => true,
        () => false,
      ))
    ) {
      for (
        let dir = path.dirname(file);
        dir.startsWith(path.join(SITES, host)) && dir !== SITES;
        dir = path.dirname(dir)
      ) {
        if (
          await stat(path.join(dir, '.routes')).then(
            () => true,
            () => false,
          )
        ) {
          file = path.join(dir, 'index.html');
          break;
        }
      }
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      notFound(res);
    }
  };
  const secure = https.createServer({ key, cert }, handle);
  const plain = http.createServer(handle);
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.once('readable', () => {
      const first = socket.read(1);
      if (!first) return socket.destroy();
      socket.unshift(first);
      (first[0] === 0x16 ? secure : plain).emit('connection', socket);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(resolve);
    });
  return { port: server.address().port, close };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>Not found</title><h1>Not found</h1>');
}
