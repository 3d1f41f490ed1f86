// The connected platforms' APIs, faked at their real host names for the
// test server, keeping state so that what a list says, an upsert changed.
// Vercel (api.vercel.com): a bearer token the test names, the error shape
// `{error: {code, message}}`, 403 with `invalidToken` for a token it does
// not know, sensitive values never listed, an upsert that keeps the
// variable's id, and redeploys recorded. Every request is logged by
// method and path (never a header or a body), so a test can see what
// Baton asked.

import nacl from 'tweetnacl';
import { blake2b } from 'blakejs';

// What every fake does first: its JSON replies, and the request's body.
function replier(res) {
  return (status, body) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };
}

function jsonBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text ? JSON.parse(text) : null));
  });
}

// Each redeploy's build: live at the first look unless `buildLooks` says how
// many looks it is still BUILDING first; `failBuilds` ends it in ERROR.
export function vercelFake({
  token,
  username = 'maya',
  teams = [],
  projects = [],
  expiresAt,
  scopes,
  buildLooks = 0,
  failBuilds = false,
}) {
  const builds = new Map(); // deployment id -> looks so far
  const asked = [];
  const redeploys = [];
  // project id → its variables: {id, key, value, target, type}
  const envs = new Map(projects.map((p) => [p.id, (p.env ?? []).map((e) => ({ ...e }))]));
  const deployments = new Map(projects.map((p) => [p.id, p.deployments ?? []]));

  const route = async (req, res, url) => {
    if (url.hostname !== 'api.vercel.com') return false;
    const answer = replier(res);
    const team = url.searchParams.get('teamId');
    asked.push(`${req.method} ${url.pathname}${team ? ` team=${team}` : ''}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      return (answer(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }), true);
    }
    const body = await jsonBody(req);
    const inScope = (p) => (p.team ?? null) === team;
    const project = (id) => projects.find((p) => p.id === id && inScope(p));
    const notFound = () => answer(404, { error: { code: 'not_found', message: 'Project not found' } });
    // method, path, and what it answers (with the path's captures).
    const endpoints = [
      [
        'GET',
        /^\/v2\/user$/,
        () => answer(200, { user: { id: 'user_1', username, email: `${username}@example.com` } }),
      ],
      [
        'GET',
        /^\/v5\/user\/tokens\/current$/,
        () =>
          answer(200, {
            token: {
              id: 'tok_1',
              name: 'baton',
              type: 'oauth2-token',
              origin: 'manual',
              activeAt: Date.now(),
              createdAt: Date.now(),
              scopes: scopes ?? [{ type: 'user', origin: 'manual', createdAt: Date.now() }],
              ...(expiresAt ? { expiresAt } : {}),
            },
          }),
      ],
      [
        'GET',
        /^\/v2\/teams$/,
        () => answer(200, { teams: teams.map((t) => ({ id: t.id, slug: t.slug, name: t.slug })), pagination: {} }),
      ],
      [
        'GET',
        /^\/v9\/projects$/,
        () =>
          answer(200, {
            projects: projects.filter(inScope).map((p) => ({ id: p.id, name: p.name, accountId: p.team ?? 'user_1' })),
            pagination: { next: null },
          }),
      ],
      [
        'GET',
        /^\/v9\/projects\/([^/]+)\/env$/,
        (id) => {
          if (!project(id)) return notFound();
          // Sensitive values are never given back; others come encrypted.
          const listed = envs.get(id).map(({ value, ...e }) => (e.type === 'sensitive' ? e : { ...e, value: 'enc:…' }));
          answer(200, { envs: listed });
        },
      ],
      [
        'POST',
        /^\/v10\/projects\/([^/]+)\/env$/,
        (id) => {
          if (!project(id)) return notFound();
          if (url.searchParams.get('upsert') !== 'true') {
            return answer(400, { error: { code: 'ENV_ALREADY_EXISTS', message: 'The variable already exists.' } });
          }
          const list = envs.get(id);
          const target = JSON.stringify(body.target);
          const same = list.find((e) => e.key === body.key && JSON.stringify(e.target) === target);
          if (same) Object.assign(same, { value: body.value, type: body.type });
          else list.push({ id: `env_${list.length + 1}`, ...body });
          answer(201, { created: { key: body.key, target: body.target, type: body.type } });
        },
      ],
      [
        'GET',
        /^\/v6\/deployments$/,
        () => {
          const id = url.searchParams.get('projectId');
          if (!project(id)) return notFound();
          answer(200, {
            deployments: deployments
              .get(id)
              .slice(-1)
              .map((uid) => ({ uid, state: 'READY' })),
          });
        },
      ],
      [
        'POST',
        /^\/v13\/deployments$/,
        () => {
          const p = projects.find((x) => x.name === body.name && inScope(x));
          if (!p) return notFound();
          const uid = `dpl_${redeploys.length + 100}`;
          redeploys.push({ project: p.id, from: body.deploymentId, target: body.target });
          deployments.get(p.id).push(uid);
          builds.set(uid, 0);
          answer(200, { id: uid, readyState: 'QUEUED' });
        },
      ],
      [
        'GET',
        /^\/v13\/deployments\/([^/]+)$/,
        (id) => {
          if (!builds.has(id)) return answer(404, { error: { code: 'not_found', message: 'Deployment not found' } });
          const looks = builds.get(id) + 1;
          builds.set(id, looks);
          const readyState = looks <= fake.buildLooks ? 'BUILDING' : fake.failBuilds ? 'ERROR' : 'READY';
          answer(200, { id, readyState });
        },
      ],
    ];
    for (const [method, pattern, reply] of endpoints) {
      const match = req.method === method ? pattern.exec(url.pathname) : null;
      if (match) {
        reply(...match.slice(1));
        return true;
      }
    }
    answer(404, { error: { code: 'not_found', message: 'The requested path was not found.' } });
    return true;
  };

  const fake = {
    route,
    asked,
    redeploys,
    buildLooks,
    failBuilds,
    value: (projectId, key, target) =>
      envs.get(projectId).find((e) => e.key === key && (!target || e.target.includes(target)))?.value,
  };
  return fake;
}

// GitHub (api.github.com): a bearer token the test names, each store
// (a repository's Actions secrets, or an environment's) with its own real
// X25519 key pair, so a PUT's sealed value is opened here as GitHub opens
// it (libsodium's sealed box: tweetnacl's box, the nonce BLAKE2b of the two
// public keys); 201 for a new secret, 204 for one replaced; names listed,
// values never.
export function githubFake({ token, login = 'maya', repos = [] }) {
  const asked = [];
  const stores = new Map(); // "owner/repo" or "owner/repo:env" → {keys, secrets: Map(name → value)}
  const store = (id) => {
    if (!stores.has(id)) stores.set(id, { keys: nacl.box.keyPair(), secrets: new Map() });
    return stores.get(id);
  };
  for (const r of repos) {
    for (const [name, value] of Object.entries(r.secrets ?? {})) store(`${r.owner}/${r.name}`).secrets.set(name, value);
    for (const [env, secrets] of Object.entries(r.environments ?? {}))
      for (const [name, value] of Object.entries(secrets))
        store(`${r.owner}/${r.name}:${env}`).secrets.set(name, value);
  }
  const open = (id, sealedBase64) => {
    const { keys } = store(id);
    const sealed = Buffer.from(sealedBase64, 'base64');
    const epk = sealed.subarray(0, 32);
    const nonce = blake2b(Buffer.concat([epk, Buffer.from(keys.publicKey)]), null, 24);
    const plain = nacl.box.open(sealed.subarray(32), nonce, epk, keys.secretKey);
    return plain ? Buffer.from(plain).toString() : null;
  };

  const route = async (req, res, url) => {
    if (url.hostname !== 'api.github.com') return false;
    const answer = replier(res);
    asked.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      answer(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
      return true;
    }
    const body = await jsonBody(req);
    const repo = (owner, name) => repos.find((r) => r.owner === owner && r.name === name);
    const notFound = () => answer(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const storePath =
      /^\/repos\/([^/]+)\/([^/]+)\/(?:actions|environments\/([^/]+))\/secrets(?:\/(public-key|[^/]+))?$/;
    let match = null;
    if (req.method === 'GET' && url.pathname === '/user') answer(200, { login, id: 1 });
    else if (req.method === 'GET' && url.pathname === '/user/repos')
      answer(
        200,
        repos.map((r) => ({ name: r.name, full_name: `${r.owner}/${r.name}`, owner: { login: r.owner } })),
      );
    else if (req.method === 'GET' && /^\/repos\/[^/]+\/[^/]+\/environments$/.test(url.pathname)) {
      const [, , owner, name] = url.pathname.split('/');
      const r = repo(owner, name);
      if (!r) notFound();
      else {
        const names = Object.keys(r.environments ?? {});
        answer(200, { total_count: names.length, environments: names.map((n) => ({ name: n })) });
      }
    } else {
      match = storePath.exec(url.pathname);
      const r = match && repo(match[1], match[2]);
      if (!r || (match[3] && !(match[3] in (r.environments ?? {})))) notFound();
      else {
        const id = `${match[1]}/${match[2]}${match[3] ? `:${decodeURIComponent(match[3])}` : ''}`;
        const s = store(id);
        if (req.method === 'GET' && match[4] === 'public-key')
          answer(200, { key_id: `key-${id}`, key: Buffer.from(s.keys.publicKey).toString('base64') });
        else if (req.method === 'GET' && !match[4])
          answer(200, { total_count: s.secrets.size, secrets: [...s.secrets.keys()].map((name) => ({ name })) });
        else if (req.method === 'PUT' && match[4]) {
          const value = body?.key_id === `key-${id}` ? open(id, body.encrypted_value ?? '') : null;
          if (value === null) answer(422, { message: 'Bad request: the value does not open with the key' });
          else {
            const existed = s.secrets.has(match[4]);
            s.secrets.set(match[4], value);
            answer(existed ? 204 : 201, existed ? undefined : {});
          }
        } else notFound();
      }
    }
    return true;
  };

  return {
    route,
    asked,
    secret: (owner, name, secret, environment) =>
      stores.get(`${owner}/${name}${environment ? `:${environment}` : ''}`)?.secrets.get(secret),
  };
}

// Render (api.render.com): a bearer API key the test names, the error shape
// `{id, message}`, services listed by the workspace, variables with their
// values; the trap kept: the plural `PUT /services/{id}/env-vars` replaces
// the whole list, as Render's does. Deploys are recorded.
export function renderFake({ token, workspace = 'Studio', services = [] }) {
  const asked = [];
  const deploys = [];
  const vars = new Map(services.map((s) => [s.id, { ...(s.env ?? {}) }]));
  const route = async (req, res, url) => {
    if (url.hostname !== 'api.render.com') return false;
    const answer = replier(res);
    asked.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      answer(401, { id: 'unauthorized', message: 'unauthorized' });
      return true;
    }
    const body = await jsonBody(req);
    const parts = url.pathname.split('/').slice(1); // v1, services, id, env-vars, key
    const service = services.find((s) => s.id === parts[2]);
    if (req.method === 'GET' && url.pathname === '/v1/owners')
      answer(200, [{ owner: { id: 'tea-1', name: workspace, type: 'team' }, cursor: 'c1' }]);
    else if (req.method === 'GET' && url.pathname === '/v1/services')
      answer(
        200,
        services.map((s) => ({ service: { id: s.id, name: s.name, type: s.type ?? 'web_service' }, cursor: s.id })),
      );
    else if (!service || parts[1] !== 'services') answer(404, { id: 'not_found', message: 'not found' });
    else if (req.method === 'GET' && parts[3] === 'env-vars' && !parts[4])
      answer(
        200,
        Object.entries(vars.get(service.id)).map(([key, value]) => ({ envVar: { key, value }, cursor: key })),
      );
    else if (req.method === 'PUT' && parts[3] === 'env-vars' && !parts[4]) {
      // The trap: the list given becomes the service's whole list.
      vars.set(service.id, Object.fromEntries((body ?? []).map((v) => [v.key, v.value])));
      answer(200, body ?? []);
    } else if (req.method === 'PUT' && parts[3] === 'env-vars' && parts[4]) {
      vars.get(service.id)[decodeURIComponent(parts[4])] = body.value;
      answer(200, { key: decodeURIComponent(parts[4]), value: body.value });
    } else if (req.method === 'POST' && parts[3] === 'deploys' && !parts[4]) {
      deploys.push(service.id);
      answer(201, { id: `dep-${deploys.length}`, status: 'created' });
    } else if (req.method === 'GET' && parts[3] === 'deploys' && parts[4]) {
      // Each deploy is live at the first look.
      answer(200, { id: parts[4], status: 'live' });
    } else answer(404, { id: 'not_found', message: 'not found' });
    return true;
  };
  // `set`: a variable the user pasted on Render's page since.
  const set = (id, key, value) => vars.set(id, { ...vars.get(id), [key]: value });
  return { route, asked, deploys, vars: (id) => vars.get(id), set };
}

// Netlify (api.netlify.com): a bearer token the test names, variables kept
// by the team and scoped to sites, one value per deploy context; a PATCH
// sets one context's value, the `PUT` replaces the variable with only what
// it is given (the trap). Builds are recorded.
export function netlifyFake({ token, email = 'maya@example.com', sites = [] }) {
  const asked = [];
  const builds = [];
  // site id → key → {context → value}
  const env = new Map(sites.map((s) => [s.id, structuredClone(s.env ?? {})]));
  const route = async (req, res, url) => {
    if (url.hostname !== 'api.netlify.com') return false;
    const answer = replier(res);
    asked.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      answer(401, { code: 401, message: 'Access Denied: Invalid token' });
      return true;
    }
    const body = await jsonBody(req);
    const p = url.pathname
      .replace(/^\/api\/v1/, '')
      .split('/')
      .slice(1);
    const site = sites.find((s) => s.id === (url.searchParams.get('site_id') ?? p[1]));
    if (req.method === 'GET' && p[0] === 'user') answer(200, { id: 'u1', full_name: 'Maya', email });
    else if (req.method === 'GET' && p[0] === 'sites' && !p[1])
      answer(
        200,
        sites.map((s) => ({ id: s.id, name: s.name, account_id: s.account })),
      );
    else if (req.method === 'GET' && p[0] === 'deploys' && p[1])
      // Each build's deploy is ready at the first look.
      answer(200, { id: p[1], state: 'ready' });
    else if (!site) answer(404, { code: 404, message: 'Not Found' });
    else if (req.method === 'GET' && p[0] === 'accounts' && p[2] === 'env' && !p[3])
      answer(
        200,
        Object.entries(env.get(site.id)).map(([key, values]) => ({
          key,
          is_secret: true,
          values: Object.entries(values).map(([context, value], i) => ({ id: `v${i}`, value, context })),
        })),
      );
    else if (req.method === 'PATCH' && p[2] === 'env' && p[3]) {
      const key = decodeURIComponent(p[3]);
      env.get(site.id)[key] = { ...(env.get(site.id)[key] ?? {}), [body.context]: body.value };
      answer(200, { key });
    } else if (req.method === 'PUT' && p[2] === 'env' && p[3]) {
      const key = decodeURIComponent(p[3]);
      env.get(site.id)[key] = Object.fromEntries((body.values ?? []).map((v) => [v.context, v.value]));
      answer(200, { key });
    } else if (req.method === 'POST' && p[0] === 'sites' && p[2] === 'builds') {
      builds.push(site.id);
      answer(200, { id: `build-${builds.length}`, deploy_id: `deploy-${builds.length}`, done: false });
    } else answer(404, { code: 404, message: 'Not Found' });
    return true;
  };
  return { route, asked, builds, values: (siteId, key) => env.get(siteId)[key] };
}

// Railway (backboard.railway.com/graphql/v2): one GraphQL endpoint. A
// token of the kind the test names travels in that kind's header (a
// project token in `Project-Access-Token`, reaching one environment); a
// refusal is a 200 whose `errors` say "Not Authorized", as GraphQL
// reports failures. `variables` answers values (Baton reads the names).
// The trap: an upsert without `skipDeploys` deploys the service at once,
// so a rotation of two variables would deploy twice; the deploys are
// recorded, and the bulk upsert whose `replace` drops every other variable
// is logged if ever asked. Each request is logged by its operation's field.
export function railwayFake({ token, kind = 'project', project }) {
  const asked = [];
  const deploys = [];
  // `${environmentId}/${serviceId}` → {name → value}
  const vars = new Map(Object.entries(structuredClone(project.variables ?? {})));
  const scopeOf = (v) => `${v.environmentId}/${v.serviceId}`;
  const header = { project: 'project-access-token', account: 'authorization', team: 'team-access-token' }[kind];
  const sent = { project: token, account: `Bearer ${token}`, team: token }[kind];
  const reach = kind === 'project' ? [project.environments[0].id] : project.environments.map((e) => e.id);
  const edges = (list) => ({ edges: list.map((node) => ({ node })) });
  const projectAnswer = () => ({
    id: project.id,
    name: project.name,
    services: edges(project.services),
    environments: edges(project.environments),
  });
  const route = async (req, res, url) => {
    if (url.hostname !== 'backboard.railway.com') return false;
    const answer = replier(res);
    const body = await jsonBody(req);
    const query = body?.query ?? '';
    const field = query.match(/\{\s*(\w+)/)?.[1] ?? '?';
    asked.push(field);
    const refuse = () => answer(200, { errors: [{ message: 'Not Authorized' }], data: null });
    if (req.method !== 'POST' || url.pathname !== '/graphql/v2') return (answer(404, {}), true);
    if (req.headers[header] !== sent) return (refuse(), true);
    const input = body.variables?.input ?? body.variables ?? {};
    if (input.environmentId && !reach.includes(input.environmentId)) return (refuse(), true);
    if (field === 'projectToken') {
      if (kind !== 'project') return (refuse(), true);
      answer(200, { data: { projectToken: { projectId: project.id, environmentId: reach[0] } } });
    } else if (field === 'me') {
      if (kind !== 'account') return (refuse(), true);
      answer(200, { data: { me: { name: 'Maya', email: 'maya@example.com' } } });
    } else if (field === 'projects') {
      if (kind === 'project') return (refuse(), true);
      answer(200, { data: { projects: edges([projectAnswer()]) } });
    } else if (field === 'project') answer(200, { data: { project: projectAnswer() } });
    else if (field === 'variables') answer(200, { data: { variables: vars.get(scopeOf(input)) ?? {} } });
    else if (field === 'variableUpsert') {
      vars.set(scopeOf(input), { ...(vars.get(scopeOf(input)) ?? {}), [input.name]: input.value });
      if (input.skipDeploys !== true) deploys.push({ service: input.serviceId, environment: input.environmentId });
      answer(200, { data: { variableUpsert: true } });
    } else if (field === 'environmentTriggersDeploy') {
      deploys.push({ service: input.serviceId, environment: input.environmentId });
      answer(200, { data: { environmentTriggersDeploy: true } });
    } else if (field === 'variableCollectionUpsert') {
      const kept = input.replace ? {} : (vars.get(scopeOf(input)) ?? {});
      vars.set(scopeOf(input), { ...kept, ...input.variables });
      answer(200, { data: { variableCollectionUpsert: true } });
    } else answer(200, { errors: [{ message: `Cannot query field "${field}"` }], data: null });
    return true;
  };
  return { route, asked, deploys, vars: (environmentId, serviceId) => vars.get(`${environmentId}/${serviceId}`) };
}

// n8n's public API (an instance's /api/v1): the key in `x-n8n-api-key`,
// `{message}` errors, credentials listed by cursor pages (`pageSize` of them
// a page, so a test sees the cursor followed) without their data. PATCH with
// `isPartialData: true` merges into the credential's data; without it the
// data is replaced (the trap: every other field lost). `old = true` is an
// instance before the PATCH (or 2.39.5): 405.
export function n8nFake({ host, apiKey, credentials, pageSize = 2 }) {
  const asked = [];
  const data = new Map(credentials.map((c) => [c.id, structuredClone(c.data ?? {})]));
  const fake = { route, asked, old: false, data: (id) => data.get(id) };
  async function route(req, res, url) {
    if (url.hostname !== host || !url.pathname.startsWith('/api/v1/')) return false;
    const answer = replier(res);
    asked.push(`${req.method} ${url.pathname}${url.searchParams.get('cursor') ? ' cursor' : ''}`);
    if (req.headers['x-n8n-api-key'] !== apiKey) return (answer(401, { message: 'unauthorized' }), true);
    const body = await jsonBody(req);
    const one = url.pathname.match(/^\/api\/v1\/credentials\/([^/]+)$/);
    if (req.method === 'GET' && url.pathname === '/api/v1/credentials') {
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 100), pageSize);
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const page = credentials.slice(start, start + limit);
      const next = start + limit < credentials.length ? String(start + limit) : null;
      const listed = page.map(({ id, name, type }) => ({
        id,
        name,
        type,
        createdAt: '2026-03-01T10:00:00.000Z',
        updatedAt: '2026-03-01T10:00:00.000Z',
        shared: [],
      }));
      answer(200, { data: listed, nextCursor: next });
    } else if (req.method === 'PATCH' && one && data.has(one[1])) {
      if (fake.old) return (answer(405, { message: 'PATCH method not allowed' }), true);
      const merged = body.isPartialData === true ? { ...data.get(one[1]), ...body.data } : { ...body.data };
      data.set(one[1], merged);
      const { id, name, type } = credentials.find((c) => c.id === one[1]);
      answer(200, { id, name, type, createdAt: '2026-03-01T10:00:00.000Z', updatedAt: new Date().toISOString() });
    } else if (one) answer(404, { message: 'Not Found' });
    else answer(404, { message: 'not found' });
    return true;
  }
  return fake;
}

// Make's API on one zone (/api/v2): `Authorization: Token …`, `{message,
// code}` errors, the token's user, organisations (each on its zone), teams
// and connections. `set-data` replaces the connection's data whole (the
// trap: a field left out becomes empty); a connection Make does not let be
// edited answers 400 "Cannot edit this connection."; its test verifies that
// every required field of the schema has a value.
export function makeFake({ zone, token, organizations, teams, connections }) {
  const asked = [];
  const data = new Map(connections.map((c) => [String(c.id), structuredClone(c.data ?? {})]));
  const tests = [];
  async function route(req, res, url) {
    if (url.hostname !== zone || !url.pathname.startsWith('/api/v2/')) return false;
    const answer = replier(res);
    const path = url.pathname.slice('/api/v2'.length);
    asked.push(`${req.method} ${path}${url.search}`);
    if (req.headers.authorization !== `Token ${token}`) {
      return (answer(401, { message: 'Invalid access token.', code: 'SC401' }), true);
    }
    await jsonBody(req).then((body) => {
      const connection = (id) => connections.find((c) => String(c.id) === id);
      const one = path.match(/^\/connections\/(\d+)\/(editable-data-schema|set-data|test)$/);
      if (req.method === 'GET' && path === '/users/me') {
        answer(200, { authUser: { id: 7, name: 'Maya', email: 'maya@example.com' } });
      } else if (req.method === 'GET' && path === '/organizations') {
        answer(200, { organizations, pg: { limit: 10000, offset: 0 } });
      } else if (req.method === 'GET' && path === '/teams') {
        const org = Number(url.searchParams.get('organizationId'));
        answer(200, { teams: teams.filter((t) => t.organizationId === org) });
      } else if (req.method === 'GET' && path === '/connections') {
        const team = Number(url.searchParams.get('teamId'));
        const listed = connections
          .filter((c) => c.teamId === team)
          .map(({ id, name, accountName, accountLabel, teamId, editable = true }) => ({
            id,
            name,
            accountName,
            accountLabel,
            teamId,
            editable,
            accountType: 'basic',
          }));
        answer(200, { connections: listed });
      } else if (one && connection(one[1])) {
        const c = connection(one[1]);
        if (one[2] === 'editable-data-schema' && req.method === 'GET') answer(200, { parameters: c.schema });
        else if (one[2] === 'set-data' && req.method === 'POST') {
          if (c.editable === false) answer(400, { message: 'Cannot edit this connection.', code: 'IM005' });
          else {
            data.set(one[1], { ...body });
            answer(200, { changed: true });
          }
        } else if (one[2] === 'test' && req.method === 'POST') {
          tests.push(one[1]);
          const now = data.get(one[1]);
          answer(200, { verified: c.schema.filter((f) => f.required).every((f) => now[f.name]) });
        } else answer(405, { message: 'Method not allowed.' });
      } else answer(404, { message: 'Not found.', code: 'SC404' });
    });
    return true;
  }
  return { route, asked, tests, data: (id) => data.get(String(id)) };
}

// One OpenAI key `old` at seven places on six platforms, the fakes as the
// speed test and the bench use them: Vercel keeps it once per target
// (sensitive: its value never comes back, so it is found by name); Render,
// Netlify and Railway give values back, so their places join the key by
// its value; GitHub and n8n by name. `found` names the places found by
// name as the manager lists them, by connection.
export function sevenPlaces(old) {
  const tokens = {
    vercel: 'vercel_speed_0123456789abcdefghij',
    github: 'github_pat_speed_0123456789abcdefghij',
    render: 'rnd_speed_0123456789abcdefghij',
    netlify: 'nfp_speed_0123456789abcdefghij',
    railway: 'rw_speed_0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9',
    n8n: 'n8n_api_speed_0123456789abcdefghij',
  };
  const vercel = vercelFake({
    token: tokens.vercel,
    projects: [
      {
        id: 'prj_avatar',
        name: 'avatar-site',
        deployments: ['dpl_1'],
        env: [
          { id: 'env_prod', key: 'OPENAI_API_KEY', value: old, target: ['production'], type: 'sensitive' },
          { id: 'env_prev', key: 'OPENAI_API_KEY', value: old, target: ['preview'], type: 'sensitive' },
        ],
      },
    ],
  });
  const github = githubFake({
    token: tokens.github,
    repos: [{ owner: 'studio', name: 'avatar-bot', secrets: { OPENAI_API_KEY: old } }],
  });
  const render = renderFake({
    token: tokens.render,
    services: [{ id: 'srv-api', name: 'avatar-api', env: { OPENAI_API_KEY: old } }],
  });
  const netlify = netlifyFake({
    token: tokens.netlify,
    sites: [{ id: 'site-shop', name: 'avatar-shop', account: 'acc-studio', env: { OPENAI_API_KEY: { all: old } } }],
  });
  const railway = railwayFake({
    token: tokens.railway,
    kind: 'project',
    project: {
      id: 'prj-rw',
      name: 'avatar',
      services: [{ id: 'svc-worker', name: 'worker' }],
      environments: [{ id: 'env-prod', name: 'production' }],
      variables: { 'env-prod/svc-worker': { LLM_KEY: old } },
    },
  });
  const n8n = n8nFake({
    host: 'studio.app.n8n.cloud',
    apiKey: tokens.n8n,
    credentials: [{ id: 'cr-1', name: 'OpenAI account', type: 'openAiApi', data: { apiKey: old } }],
  });
  const fakes = { vercel, github, render, netlify, railway, n8n };
  const found = {
    'Vercel (maya)': ['avatar-site: OPENAI_API_KEY (production)', 'avatar-site: OPENAI_API_KEY'],
    'GitHub (maya)': ['studio/avatar-bot: OPENAI_API_KEY'],
    'n8n (studio.app.n8n.cloud)': ['OpenAI account: apiKey'],
  };
  return { tokens, fakes, found, routes: Object.values(fakes).map((f) => f.route) };
}

// Records every request to the API hosts the test names (method, address,
// headers, body) without answering it: the bench replays them as a peer.
export function recorder(hosts) {
  const requests = [];
  const route = (req, _res, url) => {
    if (hosts.includes(url.hostname)) {
      const request = { method: req.method, url: url.href, headers: { ...req.headers }, body: '' };
      // The body as the fake reads it: a listener of our own would start
      // the stream before the fake listens.
      const emit = req.emit;
      req.emit = function (event, ...args) {
        if (event === 'data') request.body += args[0];
        return emit.call(this, event, ...args);
      };
      requests.push(request);
    }
    return false;
  };
  return { route, requests };
}
