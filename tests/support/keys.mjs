// Synthetic keys of the real shapes (docs/PROVIDERS.md › Key shapes), generated so
// that no scanner mistakes the test sources for leaks.

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function chars(n, seed) {
  let x = seed * 2654435761 + 12345;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += ALNUM[x % ALNUM.length];
  }
  return out;
}

// An OpenAI project key: sk-proj- + 74 + marker + 74, the tail ending in A.
export function openaiProjectKey(seed = 1) {
  return `sk-proj-${chars(74, seed)}T3BlbkFJ${chars(73, seed + 100)}A`;
}

// Every base64 form a key could take in storage, at every alignment, minus
// the edge characters that depend on neighbouring bytes.
export function base64Forms(value) {
  const forms = [];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.from(value.slice(offset)).toString('base64');
    forms.push(b64.slice(4, -4), b64.slice(4, -4).replaceAll('+', '-').replaceAll('/', '_'));
  }
  return forms;
}

// An OpenAI service account's key: sk-svcacct- + 74 + marker + 73 + A.
export function openaiServiceAccountKey(seed = 1) {
  return `sk-svcacct-${chars(74, seed)}T3BlbkFJ${chars(73, seed + 100)}A`;
}

// An Anthropic API key: sk-ant-api03- + 93 + AA.
export function anthropicKey(seed = 1) {
  return `sk-ant-api03-${chars(93, seed)}AA`;
}

// An OpenAI admin key: sk-admin- + 58 + marker + 58, the tail ending in A.
export function openaiAdminKey(seed = 1) {
  return `sk-admin-${chars(58, seed)}T3BlbkFJ${chars(57, seed + 100)}A`;
}

// A Groq key: gsk_ + 52 alphanumerics.
export function groqKey(seed = 1) {
  return `gsk_${chars(52, seed)}`;
}

// An ElevenLabs key: sk_ + 48 lower-case hex digits.
export function elevenLabsKey(seed = 1) {
  return `sk_${[...chars(48, seed)].map((c) => (c.charCodeAt(0) % 16).toString(16)).join('')}`;
}

// An OpenRouter key: sk-or-v1- + 64 lower-case hex digits (its management
// keys look the same).
export function openRouterKey(seed = 1) {
  return `sk-or-v1-${[...chars(64, seed)].map((c) => (c.charCodeAt(0) % 16).toString(16)).join('')}`;
}
