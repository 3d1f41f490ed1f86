// An environment-variable editor as Netlify, Render and Railway build them
// (reference/providers.md §2.10–2.12): rows of name and value, added with the
// site's own button, saved with the site's own button. React, controlled
// inputs; the save shows what React's state holds. Each site's page sets the
// words in `window.ENV_EDITOR`. Each site also takes a whole .env file at
// once (`words.bulk`: Netlify's "Import from a .env file", Render's "Add from
// .env", Railway's "Raw Editor"): its lines become rows.
(() => {
  const { createElement: h, useState } = React;
  const words = window.ENV_EDITOR;
  function Editor() {
    const [rows, setRows] = useState([]);
    const [saved, setSaved] = useState(null);
    const [bulk, setBulk] = useState(null);
    const importBulk = () => {
      const parsed = bulk.split('\n').map((line) => line.trim()).filter((line) => line && !line.startsWith('#') && line.includes('='))
        .map((line) => ({ key: line.slice(0, line.indexOf('=')).trim(), value: line.slice(line.indexOf('=') + 1).trim(), secret: true }));
      setRows([...rows, ...parsed]);
    };
    const update = (i, field, v) => setRows(rows.map((r, j) => (j === i ? { ...r, [field]: v } : r)));
    return h('main', null,
      h('h1', null, words.title),
      h('button', { type: 'button', onClick: () => setRows([...rows, { key: '', value: '', secret: false }]) }, words.add),
      ' ',
      h('button', { type: 'button', onClick: () => setBulk(bulk ?? '') }, words.bulk),
      bulk !== null && h('div', { className: 'bulk' },
        h('label', null, words.bulk, h('textarea', { rows: 5, cols: 60, placeholder: 'KEY=value', value: bulk, onChange: (e) => setBulk(e.target.value) })),
        h('button', { type: 'button', onClick: importBulk }, 'Import variables')),
      rows.map((r, i) => h('div', { className: 'row', key: i },
        h('label', null, words.key, h('input', { name: `key-${i}`, placeholder: words.keyPlaceholder, value: r.key, onChange: (e) => update(i, 'key', e.target.value) })),
        h('label', null, words.value, h('input', { name: `value-${i}`, placeholder: words.valuePlaceholder, value: r.value, onChange: (e) => update(i, 'value', e.target.value) })),
        words.secret && h('label', { className: 'check' }, h('input', { type: 'checkbox', checked: r.secret, onChange: (e) => update(i, 'secret', e.target.checked) }), ' ', words.secret))),
      rows.length > 0 && h('button', { type: 'button', onClick: () => setSaved(rows) }, words.save),
      saved && h('output', { 'aria-label': 'Saved variables' }, JSON.stringify(saved)));
  }
  ReactDOM.createRoot(document.getElementById('app')).render(h(Editor));
})();
