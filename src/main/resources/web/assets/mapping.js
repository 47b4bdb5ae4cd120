// "Review the column mapping first": the file goes to POST /api/pipelines/{p}/mapping-suggestion, each column gets a
// <select> of the file's headers with the suggestion chosen, the result can be saved (PUT …/mappings/{name}) and
// "Import" sends the file with map.<column>=<header> fields.

import { api, json } from './api.js';
import { el, say } from './dom.js';

let current = null;

/** Asks for the suggestion for files[0] and shows the mapping form; upload(files, fields) imports. */
export async function review(pipeline, files, sheet, upload) {
  const section = document.getElementById('mapping-section');
  const query = new URLSearchParams({ filename: files[0].name });
  if (sheet) {
    query.set('sheet', sheet);
  }
  say(`Reading the headers of ${files[0].name}…`);
  let suggestion;
  try {
    suggestion = await json(await api(`/api/pipelines/${encodeURIComponent(pipeline)}/mapping-suggestion?${query}`,
      { method: 'POST', body: files[0] }));
  } catch (e) {
    say(`No mapping suggestion: ${e.message}`, 'error');
    return;
  }
  current = { pipeline, files, upload };
  document.getElementById('mapping-file').textContent =
    `${files.length > 1 ? `${files.length} files, headers of ${files[0].name}` : files[0].name} → ${pipeline}`;
  document.getElementById('mapping-rows').replaceChildren(...suggestion.columns.map((c) => row(c, suggestion.headers)));
  section.hidden = false;
  document.getElementById('mapping-heading').scrollIntoView();
  const first = section.querySelector('select');
  if (first) {
    first.focus();
  }
  say(`Check the mapping of ${files[0].name}, then choose Import`);
}

function row(column, headers) {
  const id = `map-${column.column}`;
  const select = el('select', { id, 'data-column': column.column },
    el('option', { value: '', text: '(not in the file)' }),
    headers.map((h) => el('option', { value: h, text: h, selected: h === column.header })));
  const why = column.header
    ? `suggested ${column.header}, score ${Number(column.score).toFixed(2)}: ${(column.reasons || []).join('; ')}`
    : (column.reasons || []).join('; ');
  // a header is read into one column only (the API refuses one header for two columns): taking it here frees it there
  select.addEventListener('change', () => {
    for (const other of document.querySelectorAll('#mapping-rows select')) {
      if (other !== select && select.value && other.value === select.value) {
        other.value = '';
        say(`${select.value} is now read into ${column.column}, no longer into ${other.dataset.column}`);
      }
    }
  });
  return el('tr', {},
    el('th', { scope: 'row' }, el('label', { for: id, text: column.column })),
    el('td', {}, select),
    el('td', { class: 'hint', text: why }));
}

/** The chosen {column: header} pairs. */
function chosen() {
  const mapping = {};
  for (const select of document.querySelectorAll('#mapping-rows select')) {
    if (select.value) {
      mapping[select.dataset.column] = select.value;
    }
  }
  return mapping;
}

function close() {
  document.getElementById('mapping-section').hidden = true;
  current = null;
}

async function save() {
  const name = document.getElementById('mapping-name');
  if (!current || !name.value.trim() || !name.checkValidity()) {
    say('Give the mapping a name: letters, digits, ".", "_" or "-"', 'error');
    name.focus();
    return;
  }
  try {
    await json(await api(`/api/pipelines/${encodeURIComponent(current.pipeline)}/mappings/${encodeURIComponent(name.value.trim())}`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(chosen()),
    }));
    say(`Mapping ${name.value.trim()} saved`, 'ok');
  } catch (e) {
    say(`Not saved: ${e.message}`, 'error');
  }
}

/** Wires the mapping form's buttons; call once. */
export function setUpMapping() {
  document.getElementById('mapping-save').addEventListener('click', save);
  document.getElementById('mapping-close').addEventListener('click', close);
  document.getElementById('mapping-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!current) {
      return;
    }
    const fields = Object.entries(chosen()).map(([column, header]) => [`map.${column}`, header]);
    const { files, upload } = current;
    close();
    upload(files, fields);
  });
}
