// The page's entry point: the pipelines, the upload (choosing or dropping files starts it), the 409 "Import again",
// the recent imports and groups.

import { api, json } from './api.js';
import { el, say, count, statusText } from './dom.js';
import { watchImport, watchGroup } from './cards.js';
import { review, setUpMapping } from './mapping.js';

const $ = (id) => document.getElementById(id);
let pipelines = [];
let pipelinesLoaded = Promise.resolve();

async function loadPipelines() {
  try {
    pipelines = await json(await api('/api/pipelines'));
  } catch (e) {
    say(`The pipelines could not be read: ${e.message}`, 'error');
    return;
  }
  $('pipeline').replaceChildren(...pipelines.map((p) => el('option', { value: p.name, text: p.name })));
  showPipeline();
}

function showPipeline() {
  const p = pipelines.find((x) => x.name === $('pipeline').value);
  $('pipeline-description').textContent = p
    ? `${sentence(p.description)}Columns: ${(p.columns || []).map((c) => c.name).join(', ')}. Duplicates by default: ${p.duplicates}.`
    : '';
}

function sentence(text) {
  const t = (text || '').trim();
  return !t ? '' : /[.!?]$/.test(t) ? `${t} ` : `${t}. `;
}

/** The options as query parameters (the API reads them from the query or the form; the query wins). */
function options(force) {
  const query = new URLSearchParams();
  if ($('duplicates').value) {
    query.set('duplicates', $('duplicates').value);
  }
  if ($('dryRun').checked) {
    query.set('dryRun', 'true');
  }
  for (const name of ['sheet', 'maxErrors', 'notifyEmail']) {
    if ($(name).value.trim()) {
      query.set(name, $(name).value.trim());
    }
  }
  if (force || $('force').checked) {
    query.set('force', 'true');
  }
  return query;
}

/** One file: POST /api/imports/{p} with part "file"; several or a zip: one request with a part per file (a group). */
async function upload(files, fields = [], force = false) {
  const pipeline = $('pipeline').value;
  if (!pipeline) {
    say('Choose a pipeline first', 'error');
    return;
  }
  const form = new FormData();
  for (const [name, value] of fields) {
    form.append(name, value);
  }
  for (const file of files) {
    form.append('file', file, file.name);
  }
  const names = files.map((f) => f.name).join(', ');
  say(`Uploading ${names}…`);
  let response;
  try {
    response = await api(`/api/imports/${encodeURIComponent(pipeline)}?${options(force)}`, { method: 'POST', body: form });
  } catch (e) {
    say(`The upload of ${names} failed: ${e.message}`, 'error');
    return;
  }
  if (response.status === 409) {
    const body = await response.json().catch(() => ({}));
    offerAgain(body.error || 'This file was imported already', files, fields);
    return;
  }
  try {
    const body = await json(response);
    const location = response.headers.get('Location') || '';
    if (location.startsWith('/api/groups/') || 'filesTotal' in body) {
      say(`Importing ${body.filesTotal} files as one group`);
      watchGroup(body);
    } else {
      say(`Importing ${body.fileName}`);
      watchImport(body, { dryRun: $('dryRun').checked });
    }
    loadRecent();
  } catch (e) {
    say(`${names}: ${e.message}`, 'error');
  }
}

/** A duplicate file (409): its message and "Import again", which resends with force=true. */
function offerAgain(message, files, fields) {
  const again = el('button', { type: 'button', class: 'primary', text: 'Import again' });
  again.addEventListener('click', () => upload(files, fields, true));
  const message_ = $('message');
  message_.dataset.kind = 'warn';
  message_.replaceChildren(el('span', { text: `${message} ` }), again);
  again.focus();
}

async function start(fileList) {
  const files = Array.from(fileList);
  if (!files.length) {
    return;
  }
  // files chosen while the page still asks for the pipelines wait for them (the first one is the default)
  await pipelinesLoaded;
  if ($('review').checked) {
    review($('pipeline').value, files, $('sheet').value.trim(), (f, fields) => upload(f, fields));
  } else {
    upload(files);
  }
}

async function loadRecent() {
  try {
    const [imports, groups] = await Promise.all([
      json(await api('/api/imports')), json(await api('/api/groups')),
    ]);
    $('recent-imports').replaceChildren(...newestFirst(imports).map((job) => recentItem(job,
      `${job.fileName} → ${job.pipeline}: ${statusText(job.status)}, ${count(job.rowsRead)} read, ${count(job.rowsFailed)} failed`,
      () => watchImport(job))));
    $('recent-groups').replaceChildren(...newestFirst(groups).map((group) => recentItem(group,
      `${group.filesTotal} files → ${group.pipeline}: ${statusText(group.status)}, ${count(group.rowsRead)} read`,
      () => watchGroup(group))));
  } catch (e) {
    say(`The recent imports could not be read: ${e.message}`, 'error');
  }
}

/** The API lists them newest first already (imports: queued and running ones before the rest). */
function newestFirst(list) {
  return (list || []).slice(0, 30);
}

function recentItem(item, text, open) {
  const button = el('button', { type: 'button', class: 'link', 'data-id': item.id, text });
  button.addEventListener('click', () => {
    const shown = document.querySelector(`#watched [data-id="${CSS.escape(item.id)}"]`);
    if (shown) {
      shown.scrollIntoView();
      shown.querySelector('h3').focus();
    } else {
      open();
    }
  });
  return el('li', {}, button);
}

function setUpDrop() {
  const zone = $('drop-zone');
  // a file dropped beside the zone would make the browser open it in place of the page
  for (const type of ['dragover', 'drop']) {
    window.addEventListener(type, (event) => event.preventDefault());
  }
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    zone.classList.add('over');
  });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('over');
    start(event.dataTransfer.files);
  });
}

function setUp() {
  $('pipeline').addEventListener('change', showPipeline);
  $('files').addEventListener('change', (event) => {
    const files = Array.from(event.target.files);
    event.target.value = '';
    start(files);
  });
  $('upload-form').addEventListener('submit', (event) => event.preventDefault());
  $('refresh').addEventListener('click', loadRecent);
  document.addEventListener('bulkimport:finished', loadRecent);
  setUpDrop();
  setUpMapping();
  pipelinesLoaded = loadPipelines();
  pipelinesLoaded.then(loadRecent);
  // files chosen before this module ran (the input keeps them): start them now
  if ($('files').files.length) {
    const files = Array.from($('files').files);
    $('files').value = '';
    start(files);
  }
}

setUp();
