// The providers' APIs, faked at their real host names for the test server:
// the read-only endpoints Baton checks keys with, answering with the status
// codes and bodies the real ones send (docs/PROVIDERS.md). A test says
// which keys work; any other key is refused as the real API refuses a
// revoked or mistyped one; a host can be made unreachable. The dashboard
// fixtures' own backends (/__fake/ on platform.openai.com and
// console.anthropic.com) create and revoke keys in the same registry, so a
// key revoked on a dashboard stops working at the API.

import { openaiProjectKey, openaiServiceAccountKey, anthropicKey, groqKey, openRouterKey } from './keys.mjs';

const OPENAI_401 = (key) => ({
  error: {
    message: `Incorrect API key provided: ${key.slice(0, 3)}*****${key.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
});

// host → path → how to read the key from the request and answer.
const APIS = {
  'api.openai.com': {
    '/v1/models': {
      key: (req) => bearer(req),
      ok: () => ({ object: 'list', data: [{ id: 'gpt-4o-mini', object: 'model', owned_by: 'system' }] }),
      refused: (key) => [401, OPENAI_401(key)],
    },
  },
  'api.anthropic.com': {
    '/v1/models': {
      key: (req) => req.headers['x-api-key'],
      // The real API wants its version header; without it, a 400.
      check: (req) =>
        req.headers['anthropic-version']
          ? null
          : [
              400,
              {
                type: 'error',
                error: { type: 'invalid_request_error', message: 'anthropic-version: header is required' },
              },
            ],
      ok: () => ({
        data: [{ type: 'model', id: 'claude-sonnet-4-5', display_name: 'Claude Sonnet 4.5' }],
        has_more: false,
        first_id: 'claude-sonnet-4-5',
        last_id: 'claude-sonnet-4-5',
      }),
      refused: () => [401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }],
    },
  },
  'api.elevenlabs.io': {
    '/v1/user': {
      key: (req) => req.headers['xi-api-key'],
      ok: () => ({ subscription: { tier: 'creator' }, is_new_user: false }),
      refused: () => [401, { detail: { status: 'invalid_api_key', message: 'Invalid API key' } }],
    },
  },
};

function jsonBody(req) {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', () => resolve(text ? JSON.parse(text) : {}));
  });
}

function bearer(req) {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  return match?.[1];
}

const DATE = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

export function providerFakes() {
  const working = new Set();
  const unreachable = new Set();
  // The organisations' keys, as their dashboards list them.
  const registry = [];
  let nextSeed = 1000;
  const markUsed = (key) => {
    for (const row of registry.filter((r) => r.key === key && !r.revoked)) row.usedAt = Date.now();
  };
  const register = (key, name, { created = Date.now(), lastUsed = 'Never' } = {}) => {
    if (!registry.some((r) => r.key === key))
      registry.push({ id: `key_${registry.length + 1}`, key, name, created, lastUsed, revoked: false });
    working.add(key);
  };
  const DASHBOARDS = {
    'platform.openai.com': {
      owns: (key) => key.startsWith('sk-') && !key.startsWith('sk-ant-'),
      make: () => openaiProjectKey(nextSeed++),
      redact: (key) => `sk-...${key.slice(-4)}`,
    },
    'console.groq.com': {
      owns: (key) => key.startsWith('gsk_'),
      make: () => groqKey(nextSeed++),
      redact: (key) => `gsk_...${key.slice(-4)}`,
    },
    'console.anthropic.com': {
      owns: (key) => key.startsWith('sk-ant-'),
      make: () => anthropicKey(nextSeed++),
      redact: (key) => `${key.slice(0, 16)}...${key.slice(-4)}`,
    },
  };

  const dashboard = async (req, res, url, site) => {
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = url.pathname.slice('/__fake/'.length);
    if (req.method === 'GET' && path === 'keys') {
      return answer(
        200,
        registry
          .filter((r) => !r.revoked && site.owns(r.key))
          .map((r) => ({
            id: r.id,
            name: r.name,
            redacted: site.redact(r.key),
            created: DATE.format(r.created),
            last_used: r.usedAt ? DATE.format(r.usedAt) : r.lastUsed,
          })),
      );
    }
    const body = await new Promise((resolve) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => resolve(text ? JSON.parse(text) : {}));
    });
    if (req.method === 'POST' && path === 'keys') {
      const key = site.make();
      register(key, body.name || 'Secret key');
      return answer(200, { key });
    }
    const revoke = /^keys\/(key_\d+)\/revoke$/.exec(path);
    const row = revoke && registry.find((r) => r.id === revoke[1]);
    if (req.method === 'POST' && row) {
      row.revoked = true;
      working.delete(row.key);
      return answer(200, { id: row.id, deleted: true });
    }
    return answer(404, { error: 'not found' });
  };
  // What each check carried, for the tests to look at: host, path, whether
  // a cookie came along, and whether the key was in the URL.
  const requests = [];
  const record = (req, url, key) =>
    requests.push({
      host: url.hostname,
      method: req.method,
      path: url.pathname,
      cookie: Boolean(req.headers.cookie),
      keyInUrl: Boolean(key) && req.url.includes(key),
    });

  // The admin APIs (docs/PROVIDERS.md › Admin APIs): the organisation's
  // keys, two to a page whatever the limit asked, 429 once when told to.
  const admins = new Set();
  const rateLimited = new Set();
  // OpenAI's service accounts, each with its one key: {id, name, project, key}.
  const accounts = [];
  let accountsMade = 0;
  // The next creation is made, then its answer never comes; or it is made
  // twice (a request the network sent again).
  let loseNextCreation = false;
  let twinNextCreation = false;
  // OpenAI's older API: a service account's key cannot be deleted (400);
  // its account must be.
  let olderKeyDelete = false;
  const PROJECTS = ['proj_avatar', 'proj_tools'];
  const seconds = (ms) => Math.floor(ms / 1000);
  const lastUsedAt = (text) => {
    if (text === 'Never') return null;
    const days = text === 'today' ? 0 : text === 'yesterday' ? 1 : Number.parseInt(text, 10);
    return seconds(Date.now() - days * 86_400_000);
  };
  const pageOf = (items, after, idOf) => {
    const start = after ? items.findIndex((i) => idOf(i) === after) + 1 : 0;
    const data = items.slice(start, start + 2);
    return {
      object: 'list',
      data,
      first_id: data[0] ? idOf(data[0]) : null,
      last_id: data.at(-1) ? idOf(data.at(-1)) : null,
      has_more: start + 2 < items.length,
    };
  };
  const adminApi = async (req, res, url) => {
    const answer = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    const key = url.hostname === 'api.anthropic.com' ? req.headers['x-api-key'] : bearer(req);
    record(req, url, key);
    if (rateLimited.delete(url.hostname))
      return answer(429, { error: { message: 'Rate limit reached', type: 'requests' } }, { 'retry-after': '1' });
    if (!admins.has(key))
      return answer(401, { error: { message: 'Invalid admin key', type: 'invalid_request_error' } });
    const after = url.searchParams.get('after') ?? url.searchParams.get('after_id');
    const live = registry.filter((r) => !r.revoked);
    if (url.pathname === '/v1/organization/admin_api_keys')
      return answer(200, { object: 'list', data: [], has_more: false });
    if (url.pathname === '/v1/organization/projects')
      return answer(
        200,
        pageOf(
          PROJECTS.map((id) => ({ id, object: 'organization.project', name: id, status: 'active' })),
          after,
          (p) => p.id,
        ),
      );
    // Taking a key out of service: OpenAI deletes, Anthropic sets inactive.
    const target =
      /^\/v1\/organization\/projects\/[^/]+\/api_keys\/([^/]+)$/.exec(url.pathname) ??
      /^\/v1\/organizations\/api_keys\/([^/]+)$/.exec(url.pathname);
    if (target && req.method === 'GET') {
      const row = registry.find((r) => r.id === target[1] && !r.revoked);
      if (!row) return answer(404, { error: { message: 'No such API key' } });
      const owner = row.account
        ? { type: 'service_account', service_account: { id: row.account, name: row.name } }
        : { type: 'user', user: { id: 'user_maya' } };
      return answer(200, { object: 'organization.project.api_key', id: row.id, name: row.name, owner });
    }
    if (target && (req.method === 'DELETE' || req.method === 'POST')) {
      const row = registry.find((r) => r.id === target[1] && !r.revoked);
      if (!row) return answer(404, { error: { message: 'No such API key' } });
      if (olderKeyDelete && row.account && req.method === 'DELETE') {
        return answer(400, {
          error: { message: 'Service account API keys cannot be deleted. Delete the service account instead.' },
        });
      }
      row.revoked = true;
      working.delete(row.key);
      return answer(
        200,
        req.method === 'DELETE'
          ? { object: 'organization.project.api_key.deleted', id: row.id, deleted: true }
          : { type: 'api_key', id: row.id, name: row.name, status: 'inactive' },
      );
    }
    // Service accounts: created with their key, whose value this one answer
    // shows (never again); deleting one revokes its key.
    const serviceAccounts = /^\/v1\/organization\/projects\/([^/]+)\/service_accounts(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    if (serviceAccounts) {
      const [, projectId, accountId] = serviceAccounts;
      if (!PROJECTS.includes(projectId)) return answer(404, { error: { message: 'No such project' } });
      if (req.method === 'POST' && !accountId) {
        const body = await jsonBody(req);
        const make = () => {
          accountsMade += 1;
          const id = `svc_acct_${accountsMade}`;
          const value = openaiServiceAccountKey(nextSeed++);
          accounts.push({ id, name: body.name, project: projectId, key: value });
          registry.push({
            id: `key_${registry.length + 1}`,
            key: value,
            name: body.name,
            created: Date.now(),
            lastUsed: 'Never',
            revoked: false,
            project: projectId,
            account: id,
          });
          working.add(value);
          return { id, value, keyId: `key_${registry.length}` };
        };
        if (twinNextCreation) {
          twinNextCreation = false;
          make();
        }
        const made = make();
        // The answer never comes: Baton's request times out.
        if (loseNextCreation) {
          loseNextCreation = false;
          return;
        }
        return answer(200, {
          object: 'organization.project.service_account',
          id: made.id,
          name: body.name,
          role: 'member',
          created_at: seconds(Date.now()),
          api_key: {
            object: 'organization.project.service_account.api_key',
            value: made.value,
            name: 'Secret Key',
            id: made.keyId,
          },
        });
      }
      if (req.method === 'GET' && !accountId) {
        const mine = accounts.filter((a) => a.project === projectId);
        return answer(
          200,
          pageOf(
            mine.map((a) => ({
              object: 'organization.project.service_account',
              id: a.id,
              name: a.name,
              role: 'member',
            })),
            after,
            (a) => a.id,
          ),
        );
      }
      if (req.method === 'DELETE' && accountId) {
        const at = accounts.findIndex((a) => a.id === accountId && a.project === projectId);
        if (at < 0) return answer(404, { error: { message: 'No such service account' } });
        const [gone] = accounts.splice(at, 1);
        for (const row of registry.filter((r) => r.key === gone.key)) row.revoked = true;
        working.delete(gone.key);
        return answer(200, { object: 'organization.project.service_account.deleted', id: gone.id, deleted: true });
      }
      return answer(405, { error: { message: 'Method not allowed' } });
    }
    const project = /^\/v1\/organization\/projects\/([^/]+)\/api_keys$/.exec(url.pathname);
    if (project) {
      // A key made in a project lists there; the others are spread over the
      // projects in turn.
      const openai = live.filter((r) => r.key.startsWith('sk-') && !r.key.startsWith('sk-ant-'));
      const spread = openai.filter((r) => !r.project);
      const mine = openai.filter((r) =>
        r.project ? r.project === project[1] : PROJECTS[spread.indexOf(r) % PROJECTS.length] === project[1],
      );
      return answer(
        200,
        pageOf(
          mine.map((r) => ({
            object: 'organization.project.api_key',
            id: r.id,
            name: r.name,
            redacted_value: `${r.key.slice(0, 6)}...${r.key.slice(-3)}`,
            created_at: seconds(r.created),
            last_used_at: r.usedAt ? seconds(r.usedAt) : lastUsedAt(r.lastUsed),
            owner: { type: 'user' },
          })),
          after,
          (k) => k.id,
        ),
      );
    }
    if (url.pathname === '/v1/organizations/api_keys') {
      const mine = live.filter((r) => r.key.startsWith('sk-ant-'));
      return answer(
        200,
        pageOf(
          mine.map((r) => ({
            type: 'api_key',
            id: r.id,
            name: r.name,
            partial_key_hint: `${r.key.slice(0, 16)}...${r.key.slice(-4)}`,
            created_at: new Date(r.created).toISOString(),
            status: 'active',
          })),
          after,
          (k) => k.id,
        ),
      );
    }
    return answer(404, { error: { message: 'Not found' } });
  };

  // OpenRouter (openrouter.ai/api/v1): a key's own check (`GET /key`), and
  // the management keys' API (`/keys`): listed two to a page by `offset`,
  // each with its redacted `label` (never its value), a created key's
  // value in that one answer, deleted by hash. A management key calls no
  // model and an ordinary key lists nothing.
  const managementKeys = new Set();
  const routerKeys = []; // {hash, name, key}
  let routerMade = 0;
  const routerLabel = (key) => `${key.slice(0, 12)}...${key.slice(-3)}`;
  const openRouter = async (req, res, url) => {
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const key = bearer(req);
    record(req, url, key);
    if (url.pathname === '/api/v1/key' && req.method === 'GET') {
      if (!working.has(key) || managementKeys.has(key))
        return answer(401, { error: { code: 401, message: 'No auth credentials found' } });
      markUsed(key);
      const row = routerKeys.find((k) => k.key === key);
      return answer(200, { data: { label: routerLabel(key), name: row?.name, usage: 0, limit: null } });
    }
    const keys = /^\/api\/v1\/keys(?:\/([0-9a-f]+))?$/.exec(url.pathname);
    if (!keys) return answer(404, { error: { code: 404, message: 'Not Found' } });
    if (!managementKeys.has(key))
      return answer(401, { error: { code: 401, message: 'Only management keys can perform this operation' } });
    const view = (k) => ({ hash: k.hash, name: k.name, label: routerLabel(k.key), disabled: false, limit: null });
    const [, hash] = keys;
    if (req.method === 'GET' && !hash) {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      return answer(200, { data: routerKeys.slice(offset, offset + 2).map(view) });
    }
    if (req.method === 'POST' && !hash) {
      const body = await jsonBody(req);
      if (!body.name) return answer(400, { error: { code: 400, message: 'name is required' } });
      routerMade += 1;
      const made = { hash: routerMade.toString(16).padStart(8, '0'), name: body.name, key: openRouterKey(nextSeed++) };
      routerKeys.push(made);
      working.add(made.key);
      return answer(201, { data: view(made), key: made.key });
    }
    if (req.method === 'DELETE' && hash) {
      const at = routerKeys.findIndex((k) => k.hash === hash);
      if (at < 0) return answer(404, { error: { code: 404, message: 'Key not found' } });
      const [gone] = routerKeys.splice(at, 1);
      working.delete(gone.key);
      return answer(200, { data: { success: true } });
    }
    return answer(405, { error: { code: 405, message: 'Method Not Allowed' } });
  };

  const route = (req, res, url) => {
    if (url.hostname === 'openrouter.ai' && url.pathname.startsWith('/api/v1/')) {
      openRouter(req, res, url);
      return true;
    }
    if (
      /^\/v1\/organizations?\//.test(url.pathname) &&
      (url.hostname === 'api.openai.com' || url.hostname === 'api.anthropic.com')
    ) {
      if (unreachable.has(url.hostname)) {
        req.socket.destroy();
        return true;
      }
      adminApi(req, res, url);
      return true;
    }
    const site = DASHBOARDS[url.hostname];
    if (site && url.pathname.startsWith('/__fake/')) {
      dashboard(req, res, url, site);
      return true;
    }
    const api = APIS[url.hostname];
    if (!api) return false;
    if (unreachable.has(url.hostname)) {
      req.socket.destroy();
      return true;
    }
    const endpoint = api[url.pathname];
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (!endpoint) {
      answer(404, { error: { message: 'Not found', type: 'invalid_request_error' } });
      return true;
    }
    const key = endpoint.key(req);
    record(req, url, key);
    const wrong = endpoint.check?.(req);
    if (wrong) answer(...wrong);
    else if (key && working.has(key)) {
      // As the real providers do, a request with a key marks it used.
      markUsed(key);
      answer(200, endpoint.ok());
    } else answer(...endpoint.refused(key ?? ''));
    return true;
  };

  return {
    route,
    requests,
    // The key works at the API and is listed on its dashboard, made at
    // `created` (milliseconds) and last used as `lastUsed` says ("Never").
    accept: (key, name = 'Secret key', dates = {}) => register(key, name, dates),
    // An admin key of the organisation (not listed among its API keys).
    acceptAdmin: (key) => admins.add(key),
    // An OpenRouter key of the account, listed by its management keys.
    acceptOpenRouter: (key, name) => {
      routerMade += 1;
      routerKeys.push({ hash: routerMade.toString(16).padStart(8, '0'), name, key });
      working.add(key);
    },
    // An OpenRouter management key of the account.
    acceptManagement: (key) => managementKeys.add(key),
    // OpenRouter's keys now: {hash, name, key}.
    openRouterKeys: () => routerKeys.map((k) => ({ ...k })),
    // Whether `key` works at its API now.
    works: (key) => working.has(key),
    // OpenAI's service accounts now: {id, name, project, key}.
    serviceAccounts: () => accounts.map((a) => ({ ...a })),
    // The next service account is created, and its answer never arrives.
    loseNextCreation: () => {
      loseNextCreation = true;
    },
    // OpenAI's older behaviour: deleting a service account's key answers 400.
    olderKeyDelete: () => {
      olderKeyDelete = true;
    },
    // The next creation makes two service accounts of its name.
    twinNextCreation: () => {
      twinNextCreation = true;
    },
    // The next admin API request to `host` is rate limited (429, retry-after 1).
    rateLimitOnce: (host) => rateLimited.add(host),
    // The keys created on the dashboard, newest last.
    created: () => registry.map((r) => r.key),
    revoke: (key) => {
      working.delete(key);
      for (const row of registry.filter((r) => r.key === key)) row.revoked = true;
    },
    // Something outside Baton calls the provider with `key` (a place nobody listed).
    use: (key) => markUsed(key),
    unreachable: (host) => unreachable.add(host),
    reachable: (host) => unreachable.delete(host),
  };
}
