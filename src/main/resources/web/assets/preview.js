// A completed dry run's preview (GET /api/imports/{id}/preview): what the real import would do, the first rows as
// they would be stored, the changes update/merge would make; and Execute (POST /api/imports/{id}/execute).

import { api, json } from './api.js';
import { el, say, count } from './dom.js';

const WOULD = [
  ['wouldInsert', 'Would insert'],
  ['wouldUpdate', 'Would update'],
  ['wouldLeaveUnchanged', 'Would leave unchanged'],
  ['wouldFail', 'Would fail'],
];

/** Fills {@code container} with the dry run's preview and an Execute button; onExecuted(newJob) after a 202. */
export async function renderPreview(container, job, onExecuted) {
  let preview;
  try {
    preview = await json(await api(`/api/imports/${job.id}/preview?limit=20`));
  } catch (e) {
    container.replaceChildren(el('p', { class: 'error', text: `No preview: ${e.message}` }));
    return;
  }
  const counts = el('dl', { class: 'counters would' },
    WOULD.map(([field, label]) => el('div', {}, el('dt', { text: label }),
      el('dd', { 'data-field': field, text: count(preview[field]) }))));
  const execute = el('button', { type: 'button', class: 'primary execute', text: 'Execute: import this file for real' });
  execute.addEventListener('click', async () => {
    execute.disabled = true;
    try {
      const newJob = await json(await api(`/api/imports/${job.id}/execute`, { method: 'POST' }));
      say(`Importing ${newJob.fileName} for real`, 'info');
      execute.textContent = 'Executed';
      onExecuted(newJob);
    } catch (e) {
      say(e.message, 'error');
      execute.disabled = false;
    }
  });
  container.replaceChildren(...[el('h4', { text: 'Preview of the dry run' }), counts,
    rowsTable(preview), changesList(preview), refusedList(preview), execute].filter((part) => part));
}

function rowsTable(preview) {
  const rows = preview.rows || [];
  if (!rows.length) {
    return el('p', { text: 'No valid rows to store.' });
  }
  const columns = ['rowNumber', ...(preview.columns || Object.keys(rows[0]).filter((c) => c !== 'rowNumber'))
    .map((c) => (typeof c === 'string' ? c : c.name))];
  return el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': 'Rows as they would be stored' },
    el('table', { class: 'preview-rows' },
      el('caption', { text: `The first ${rows.length} rows as they would be stored` }),
      el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', text: c === 'rowNumber' ? 'row' : c })))),
      el('tbody', {}, rows.map((row) => el('tr', {}, columns.map((c) => el('td', { text: show(row[c]) })))))));
}

function changesList(preview) {
  const changes = preview.changes || [];
  if (!changes.length) {
    return null;
  }
  return el('div', {}, el('h5', { text: `Changes to existing rows (${preview.duplicates})` }),
    el('ul', { class: 'changes' }, changes.map((change) => el('li', {},
      `row ${change.rowNumber} (${Object.entries(change.key || {}).map(([k, v]) => `${k} ${v}`).join(', ')}): `,
      (change.changes || []).map((c) => `${c.column}: ${show(c.old)} → ${show(c.new)}`).join('; ')))));
}

function refusedList(preview) {
  const refused = preview.refused || [];
  if (!refused.length) {
    return null;
  }
  return el('div', {}, el('h5', { text: 'Rows the database would refuse' }),
    el('ul', {}, refused.map((r) => el('li', { text: `row ${r.rowNumber}: ${r.reason}` }))));
}

function show(value) {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}
