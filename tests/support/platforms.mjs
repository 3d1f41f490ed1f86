// The connected platforms' APIs, faked at their real host names for the
// test server, keeping state so that what a list says, an upsert changed.
// Vercel (api.vercel.com): a bearer token the test names, the error shape
// `{error: {code, message}}`, 403 with `invalidToken` for a token it does
// not know, sensitive values never listed, an upsert that keeps the
// variable's id, and redeploys recorded. Every request is logged by
// method and path (never a header or a body), so a test can see what
// Baton asked.

export function vercelFake({ token, username = 'maya', teams = [], projects = [] }) {
  const asked = [];
  const redeploys = [];
  // project id → its variables: {id, key, value, target, type}
  const envs = new Map(projects.map((p) => [p.id, (p.env ?? []).map((e) => ({ ...e }))]));
  const deployments = new Map(projects.map((p) => [p.id, p.deployments ?? []]));

  const route = async (req, res, url) => {
    if (url.hostname !== 'api.vercel.com') return false;
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const team = url.searchParams.get('teamId');
    asked.push(`${req.method} ${url.pathname}${team ? ` team=${team}` : ''}`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      return (answer(403, { error: { code: 'forbidden', message: 'Not authorized', invalidToken: true } }), true);
    }
    const body = await new Promise((resolve) => {
      let text = '';
      req.on('data', (chunk) => {
        text += chunk;
      });
      req.on('end', () => resolve(text ? JSON.parse(text) : null));
    });
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
          answer(200, { id: uid, readyState: 'QUEUED' });
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

  return {
    route,
    asked,
    redeploys,
    value: (projectId, key, target) =>
      envs.get(projectId).find((e) => e.key === key && (!target || e.target.includes(target)))?.value,
  };
}
