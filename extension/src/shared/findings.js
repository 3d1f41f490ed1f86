// A provider dashboard's check, as the popup and the manager show it: the
// summary line, then one item per key with its findings in the worker's
// words. The vault's label appears here only, never on the page.

import { h } from './dom.js';

// `actions(row)`: what may be done to a row (the manager's revoke buttons).
export function findingsList(stored, actions = () => []) {
  return h(
    'section',
    { class: 'dashboard-check', 'aria-label': `Dashboard check of ${stored.provider_name}` },
    h('h2', {}, `${stored.provider_name}: dashboard check`),
    h('p', { class: 'summary' }, stored.report.summary),
    h(
      'ul',
      { 'aria-label': 'Dashboard findings', class: 'findings' },
      stored.report.rows.map((row) =>
        h(
          'li',
          {},
          h('span', { class: 'hint' }, row.hint),
          ' ',
          row.name ? `"${row.name}" ` : '',
          row.vault_label ? `(in your vault as "${row.vault_label}") ` : '',
          '— ',
          row.findings.join(', '),
          ' ',
          ...actions(row),
        ),
      ),
    ),
  );
}
