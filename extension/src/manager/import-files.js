// Reading the files people keep keys in today: a .env file, a Bitwarden
// unencrypted JSON export, a 1Password CSV export. This file only reads
// their formats into candidates (a value, the name it had there, where it
// was); the worker decides which candidates are keys (by their shape), and
// adding them goes through the manager's own rules. Values stay in this
// page's memory; nothing here logs or sends them anywhere but the worker.

// No file of these kinds holds this many secrets; a larger one is refused
// rather than read for minutes.
const MAX_CANDIDATES = 500;
const MAX_BYTES = 5 * 1024 * 1024;

// Words of a note or a free-text field that could be a key: long runs of
// the characters keys are made of (the worker then checks the shape).
const TOKEN = /[A-Za-z0-9_\-.]{20,}/g;

export class ImportFileError extends Error {}

// { format, candidates: [{ value, name, where }], ignored } for `text`, or
// an ImportFileError saying what the file is not.
export function readKeyFile(fileName, text) {
  if (text.length > MAX_BYTES) throw new ImportFileError('This file is too large to be a list of keys.');
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  let read = null;
  if (trimmed.startsWith('{')) read = readBitwarden(trimmed);
  else if (/^"?title"?\s*,/i.test(trimmed)) read = readOnePassword(trimmed);
  else read = readDotEnv(trimmed, fileName);
  // The same value twice (a key pasted in two places) is one candidate.
  const seen = new Set();
  read.candidates = read.candidates.filter((c) => c.value && !seen.has(c.value) && seen.add(c.value));
  if (read.candidates.length > MAX_CANDIDATES)
    throw new ImportFileError(
      `This file holds more than ${MAX_CANDIDATES} values: split it, or import a Baton backup.`,
    );
  return read;
}

// ---- .env ---------------------------------------------------------------------

// NAME=value lines, with `export`, quotes and trailing comments as dotenv
// reads them; blank lines and comments are not counted as ignored.
function readDotEnv(text, fileName) {
  const candidates = [];
  let ignored = 0;
  let lines = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    lines++;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      ignored++;
      continue;
    }
    const [, name, rest] = match;
    candidates.push({ value: unquote(rest), name, where: fileName || '.env' });
  }
  if (!lines || candidates.length === 0)
    throw new ImportFileError(
      'Baton reads .env files (NAME=value lines), Bitwarden JSON exports and 1Password CSV exports. This file is none of them.',
    );
  return { format: '.env file', candidates, ignored };
}

function unquote(rest) {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    return end > 0 ? rest.slice(1, end) : rest.slice(1);
  }
  return rest.replace(/\s+#.*$/, '').trim();
}

// ---- Bitwarden ----------------------------------------------------------------

// Bitwarden's "JSON" export: items with a name, a login (its password),
// custom fields and notes. Its encrypted export cannot be read without the
// account's key: refused with the way to an unencrypted one.
function readBitwarden(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportFileError('This file starts like JSON but is not valid JSON. Export it again from Bitwarden.');
  }
  if (data?.encrypted === true)
    throw new ImportFileError(
      'This Bitwarden export is encrypted. Export the vault again as "JSON" (not "JSON (Encrypted)"), import it here, then delete that file.',
    );
  if (!Array.isArray(data?.items))
    throw new ImportFileError(
      'This JSON file is not a Bitwarden export (it has no items). For a Baton backup, use Import backup.',
    );
  const candidates = [];
  let ignored = 0;
  for (const item of data.items) {
    const name = typeof item?.name === 'string' ? item.name : '';
    const found = [];
    if (typeof item?.login?.password === 'string') found.push({ value: item.login.password, name });
    for (const f of Array.isArray(item?.fields) ? item.fields : [])
      if (typeof f?.value === 'string') found.push({ value: f.value, name: f.name ? `${name} — ${f.name}` : name });
    if (typeof item?.notes === 'string')
      for (const token of item.notes.match(TOKEN) ?? []) found.push({ value: token, name });
    if (!found.length) ignored++;
    for (const f of found) candidates.push({ ...f, where: `Bitwarden item "${name}"` });
  }
  return { format: 'Bitwarden export', candidates, ignored };
}

// ---- 1Password -----------------------------------------------------------------

// 1Password's CSV export: a header row (Title, Url, Username, Password,
// Notes, …), then one row per item.
function readOnePassword(text) {
  const rows = parseCsv(text);
  const header = rows.shift().map((h) => h.trim().toLowerCase());
  const column = (name) => header.indexOf(name);
  const [title, password, notes] = [column('title'), column('password'), column('notes')];
  if (title < 0 || password < 0)
    throw new ImportFileError('This CSV file is not a 1Password export: it has no Title and Password columns.');
  const candidates = [];
  let ignored = 0;
  for (const row of rows) {
    if (row.every((cell) => !cell.trim())) continue;
    const name = row[title] ?? '';
    const found = [];
    if (row[password]) found.push(row[password]);
    if (notes >= 0) found.push(...((row[notes] ?? '').match(TOKEN) ?? []));
    if (!found.length) ignored++;
    for (const value of found) candidates.push({ value, name, where: `1Password item "${name}"` });
  }
  return { format: '1Password export', candidates, ignored };
}

// RFC 4180: fields separated by commas, quoted with double quotes (a quote
// inside doubled), line breaks inside quotes kept.
function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      rows.at(-1).push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      rows.at(-1).push(cell);
      cell = '';
      rows.push([]);
    } else cell += c;
  }
  if (quoted) throw new ImportFileError('This CSV file ends inside a quoted field: it is cut short. Export it again.');
  rows.at(-1).push(cell);
  return rows;
}
