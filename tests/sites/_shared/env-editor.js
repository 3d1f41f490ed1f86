// An environment-variable editor as Netlify, Render and Railway build them
// (their settings pages' structure): rows of name and value, added with the
// site's own button, saved with the site's own button. React, controlled
// inputs; the save shows what React's state holds. Each site's page sets the
// words in `window.ENV_EDITOR`. Each site also takes a whole .env file at
// once (`words.bulk`: Netlify's "Import from a .env file", Render's "Add from
// .env", Railway's "Raw Editor"): its lines become rows. Saved variables
// are kept (in localStorage, as the real sites keep them on their servers)
// and come back on the next visit with their values masked; a masked value
// saved unchanged keeps the value it had.
(() => {
  const { createElement: h, useState } = React;
  const words = window.ENV_EDITOR;
  const STORE = 'env-editor-saved';
  const MASK = '••••••••••••';
  const stored = JSON.parse(localStorage.getItem(STORE) ?? '[]');
  // biome-ignore lint/correctness/noComponentHookFactories: the fixture mounts once per page, with the words of the tool it copies.
  function Editor() {
    const [rows, setRows] = useState(stored.map((r) => ({ ...r, value: r.value ? MASK : '' })));
    const save = () => {
      const kept = rows.map((r, i) => (r.value === MASK ? { ...r, value: stored[i]?.value ?? '' } : r));
      localStorage.setItem(STORE, JSON.stringify(kept));
      setSaved(kept);
    };
    const [saved, setSaved] = useState(null);
    const [bulk, setBulk] = useState(null);
    const importBulk = () => {
      const parsed = bulk
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line && !line.startsWith('#') && line.includes('='))
        .map((line) => ({
          key: line.slice(0, line.indexOf('=')).trim(),
          value: line.slice(line.indexOf('=') + 1).trim(),
          secret: true,
        }));
      setRows([...rows, ...parsed]);
    };
    const update = (i, field, v) => setRows(rows.map((r, j) => (j === i ? { ...r, [field]: v } : r)));
    return h(
      'main',
      null,
      h('h1', null, words.title),
      h(
        'button',
        { type: 'button', onClick: () => setRows([...rows, { key: '', value: '', secret: false }]) },
        words.add,
      ),
      ' ',
      h('button', { type: 'button', onClick: () => setBulk(bulk ?? '') }, words.bulk),
      bulk !== null &&
        h(
          'div',
          { className: 'bulk' },
          h(
            'label',
            null,
            words.bulk,
            h('textarea', {
              rows: 5,
              cols: 60,
              placeholder: 'KEY=value',
              value: bulk,
              onChange: (e) => setBulk(e.target.value),
            }),
          ),
          h('button', { type: 'button', onClick: importBulk }, 'Import variables'),
        ),
      rows.map((r, i) =>
        h(
          'div',
          { className: 'row', key: i },
          h(
            'label',
            null,
            words.key,
            h('input', {
              name: `key-${i}`,
              placeholder: words.keyPlaceholder,
              value: r.key,
              onChange: (e) => update(i, 'key', e.target.value),
            }),
          ),
          h(
            'label',
            null,
            words.value,
            h('input', {
              name: `value-${i}`,
              placeholder: words.valuePlaceholder,
              value: r.value,
              onChange: (e) => update(i, 'value', e.target.value),
            }),
          ),
          words.secret &&
            h(
              'label',
              { className: 'check' },
              h('input', {
                type: 'checkbox',
                checked: r.secret,
                onChange: (e) => update(i, 'secret', e.target.checked),
              }),
              ' ',
              words.secret,
            ),
        ),
      ),
      rows.length > 0 && h('button', { type: 'button', onClick: save }, words.save),
      saved && h('output', { 'aria-label': 'Saved variables' }, JSON.stringify(saved)),
    );
  }
  ReactDOM.createRoot(document.getElementById('app')).render(h(Editor));
})();
