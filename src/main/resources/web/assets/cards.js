// One card per import or group the page watches: a progress bar (role="progressbar", aria-valuenow = the API's
// percent), the counters, the final status, the error report, Cancel and Roll back; a dry run's preview and Execute.

import { api, authHeaders, follow, json, FINISHED } from './api.js';
import { el, say, confirmWith, count, duration, statusText } from './dom.js';
import { renderPreview } from './preview.js';

const COUNTERS = [
  ['totalRows', 'Rows in file'],
  ['rowsRead', 'Read'],
  ['rowsStored', 'Stored'],
  ['rowsDuplicate', 'Duplicate'],
  ['rowsFailed', 'Failed'],
  ['rowsPerSecond', 'Rows/s'],
  ['etaSeconds', 'Time left'],
];

/** Starts watching an import (its job JSON as the API gave it); the card goes first in the list. */
export function watchImport(job, hints = {}) {
  const card = new Card('import', job, hints);
  card.follow();
  return card;
}

/** Starts watching a group (its group JSON); each file gets a line under the group's bar. */
export function watchGroup(group) {
  const card = new Card('group', group);
  card.follow();
  return card;
}

class Card {
  constructor(kind, snapshot, hints = {}) {
    this.kind = kind;
    this.id = snapshot.id;
    this.base = `/api/${kind === 'group' ? 'groups' : 'imports'}/${snapshot.id}`;
    this.dryRun = kind === 'import' && ('wouldInsert' in snapshot || hints.dryRun === true);
    this.previewShown = false;
    const title = kind === 'group'
      ? `Group of ${snapshot.filesTotal} files → ${snapshot.pipeline}`
      : `${snapshot.fileName} → ${snapshot.pipeline}`;
    const headingId = `card-${snapshot.id}`;
    this.bar = el('div', {
      role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
      'aria-labelledby': headingId, class: 'bar',
    }, el('div', { class: 'bar-fill' }));
    this.dryRunNote = el('span', { class: 'tag', text: ' (dry run)', hidden: !this.dryRun });
    this.status = el('p', { class: 'status', 'aria-live': 'polite', 'data-field': 'status' });
    this.counters = el('dl', { class: 'counters' });
    this.values = {};
    for (const [field, label] of COUNTERS) {
      const value = el('dd', { 'data-field': field, text: '–' });
      this.values[field] = value;
      this.counters.append(el('div', {}, el('dt', { text: label }), value));
    }
    this.error = el('p', { class: 'error', 'data-field': 'error', hidden: true });
    this.files = kind === 'group' ? el('ul', { class: 'files', 'aria-label': 'Files of the group' }) : null;
    this.errorsLink = el('a', {
      href: this.base + '/errors', download: `errors-${kind}-${snapshot.id}.csv`, class: 'errors-link', hidden: true,
      text: 'Download the error report (CSV)',
    });
    this.errorsLink.addEventListener('click', (event) => this.download(event));
    this.cancelButton = el('button', { type: 'button', text: 'Cancel' });
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.rollbackButton = el('button', { type: 'button', class: 'danger', text: 'Roll back', hidden: true });
    this.rollbackButton.addEventListener('click', () => this.rollback());
    this.preview = el('div', { class: 'preview' });
    this.node = el('article', { class: `card ${kind}`, 'data-id': snapshot.id, 'data-kind': kind, 'aria-labelledby': headingId },
      el('h3', { id: headingId, tabindex: '-1' }, title, this.dryRunNote),
      this.bar, this.status, this.counters, this.error, this.files,
      el('div', { class: 'row actions' }, this.errorsLink, this.cancelButton, this.rollbackButton),
      this.preview);
    document.getElementById('watched').prepend(this.node);
    this.show(snapshot);
  }

  async follow() {
    try {
      const last = await follow(this.base, (snapshot) => this.show(snapshot));
      this.finished(last);
    } catch (e) {
      this.status.textContent = `Could not follow the progress: ${e.message}`;
    }
  }

  show(s) {
    if (this.kind === 'import' && 'wouldInsert' in s) {
      // the events carry no dry-run fields; the job itself does
      this.dryRun = true;
    }
    if (this.dryRunNote) {
      this.dryRunNote.hidden = !this.dryRun;
    }
    const done = s.status === 'completed' || s.status === 'completed_with_errors';
    const percent = done ? 100 : Math.max(0, Math.min(100, Number(s.percent) || 0));
    this.bar.setAttribute('aria-valuenow', String(percent));
    this.bar.setAttribute('aria-valuetext', `${percent}%, ${count(s.rowsRead)} rows read`);
    this.bar.firstChild.style.width = `${percent}%`;
    this.bar.dataset.status = s.status;
    const statusLine = `Status: ${statusText(s.status)}` + (this.kind === 'group'
      ? ` — files done ${count(s.filesDone)} of ${count(s.filesTotal)}, failed ${count(s.filesFailed)}` : '');
    if (this.status.textContent !== statusLine) {
      this.status.textContent = statusLine;
    }
    this.node.dataset.status = s.status;
    for (const [field] of COUNTERS) {
      if (field in s || this.kind === 'import') {
        this.values[field].textContent = field === 'etaSeconds' ? duration(s.etaSeconds) : count(s[field]);
      }
    }
    if (this.kind === 'group' && !('totalRows' in s)) {
      this.values.totalRows.parentElement.hidden = true;
    }
    this.error.hidden = !s.error;
    this.error.textContent = s.error || '';
    const finished = FINISHED.includes(s.status);
    this.errorsLink.hidden = !(Number(s.rowsFailed) > 0 || s.status === 'failed' || (this.kind === 'group' && Number(s.filesFailed) > 0));
    this.cancelButton.hidden = finished;
    this.rollbackButton.hidden = !finished || s.status === 'rolled_back' || this.dryRun;
    if (this.files && Array.isArray(s.imports)) {
      this.showFiles(s.imports);
    }
  }

  showFiles(imports) {
    this.files.replaceChildren(...imports.map((job) => el('li', { 'data-id': job.id, 'data-status': job.status },
      el('span', { class: 'file-name', text: job.fileName }), ': ',
      el('span', { 'data-field': 'status', text: statusText(job.status) }),
      `, ${count(job.rowsRead)} read, ${count(job.rowsStored)} stored, ${count(job.rowsDuplicate)} duplicate, ${count(job.rowsFailed)} failed`,
      job.error ? el('span', { class: 'error', 'data-field': 'error', text: ` — ${job.error}` }) : null)));
  }

  async finished(last) {
    if (!last) {
      return;
    }
    if (this.kind === 'import') {
      // the events carry progress only; the job itself also tells whether it was a dry run (wouldInsert…)
      try {
        last = await json(await api(this.base));
        this.show(last);
      } catch (e) {
        // keep the last snapshot
      }
    }
    document.dispatchEvent(new CustomEvent('bulkimport:finished'));
    say(`${this.kind === 'group' ? 'Group' : last.fileName}: ${statusText(last.status)}`,
      last.status === 'completed' ? 'ok' : 'warn');
    if (this.dryRun && !this.previewShown && (last.status === 'completed' || last.status === 'completed_with_errors')) {
      this.previewShown = true;
      renderPreview(this.preview, last, (newJob) => watchImport(newJob));
    }
  }

  /** With a token the link cannot send it: fetch the report and hand the browser a blob instead. */
  async download(event) {
    if (!authHeaders().has('Authorization')) {
      return;
    }
    event.preventDefault();
    const response = await api(this.errorsLink.getAttribute('href'));
    if (!response.ok) {
      say(`The error report could not be read: ${response.status}`, 'error');
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const a = el('a', { href: url, download: this.errorsLink.getAttribute('download'), hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async cancel() {
    if (!await confirmWith(`Cancel this ${this.kind}? Rows stored so far stay until it is rolled back.`)) {
      return;
    }
    await this.act('POST', this.base + '/cancel', 'Cancel asked');
  }

  async rollback() {
    if (!await confirmWith(`Roll back this ${this.kind}? Every row it inserted is deleted and every row it changed gets its earlier values back.`)) {
      return;
    }
    await this.act('DELETE', this.base, 'Rolled back');
  }

  async act(method, path, done) {
    try {
      await json(await api(path, { method }));
      say(done, 'ok');
      this.show(await json(await api(this.base)));
    } catch (e) {
      say(e.message, 'error');
    }
  }
}
