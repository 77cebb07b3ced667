// The page of one run (#/runs/ID): state, a live progress bar and the log lines from the run's SSE stream;
// once the run is done, its result: result.json's scalar values, every CSV file as a table (first 200 rows),
// every PNG plot, and the files with downloads and a zip of all.

import { request, stream, fileText, fileUrl, API } from './api.js';
import { h, replace, size, stateBadge, progressBar, setProgress } from './dom.js';
import { csvRows } from './csv.js';

const TABLE_ROWS = 200;
const LOG_LINES = 1000;

/** Renders run {@code id} into {@code view}; streams until {@code signal} aborts. */
export async function runPage(view, id, signal, actions) {
  const run = await request(`/runs/${encodeURIComponent(id)}`, { signal });
  const badge = h('span', { id: 'run-state' });
  const bar = progressBar(run, 'run-progress');
  const message = h('span', { class: 'progress-message', id: 'run-message' });
  const counts = h('span', { class: 'progress-counts', id: 'run-counts' });
  const buttons = h('span', { class: 'run-actions' });
  const log = h('pre', { class: 'log', id: 'run-log', 'aria-label': 'log', tabindex: '0' });
  const result = h('div', { id: 'run-result', class: 'result' });
  let shown = '';
  const update = r => {
    setProgress(bar, r);
    const p = r.progress || {};
    message.textContent = p.message || '';
    counts.textContent = p.total ? `${p.done} / ${p.total}` : '';
    // badge and buttons only when the state changes: a button replaced at every progress event loses clicks
    if (shown === r.state) return;
    shown = r.state;
    replace(badge, stateBadge(r.state));
    replace(buttons, actions(r));
    view.dataset.state = r.state;
    log.dataset.done = String(isDone(r.state));
  };
  replace(view,
    h('div', { class: 'page-head' },
      h('h1', {}, h('a', { href: `#/methods/${encodeURIComponent(run.method)}` }, run.method), ' ', h('span', { class: 'run-id' }, run.id)),
      badge, buttons),
    paramsList(run),
    h('section', { class: 'card progress-card', 'aria-label': 'progress' },
      h('div', { class: 'progress-row' }, bar, counts), message),
    h('details', { class: 'card log-card', open: true }, h('summary', {}, 'Log'), log),
    result);
  update(run);
  if (isDone(run.state)) {
    await showResult(result, run.id, signal, log);
    return;
  }
  let last = run;
  await stream(`/runs/${encodeURIComponent(id)}/events`, (type, data) => {
    if (type === 'state' || type === 'end') { last = data; update(data); }
    else if (type === 'progress') update({ ...last, state: data.state, progress: data });
    else if (type === 'log') appendLog(log, data.line);
  }, signal);
  if (isDone(last.state)) await showResult(result, id, signal, log);
}

export function isDone(state) { return state !== 'queued' && state !== 'running'; }

function appendLog(log, line) {
  log.append(line + '\n');
  while (log.childNodes.length > LOG_LINES) log.firstChild.remove();
  log.scrollTop = log.scrollHeight;
}

function paramsList(run) {
  const entries = Object.entries(run.params || {});
  if (entries.length === 0) return h('p', { class: 'muted' }, 'all parameters at their defaults');
  return h('dl', { class: 'params' }, entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))]));
}

async function showResult(container, id, signal, log) {
  const [run, files] = await Promise.all([
    request(`/runs/${encodeURIComponent(id)}`, { signal }),
    request(`/runs/${encodeURIComponent(id)}/files`, { signal })]);
  const doc = run.result || null;
  const csvs = files.filter(f => f.type === 'csv');
  const pngs = files.filter(f => f.type === 'png');
  if (!log.hasChildNodes() && files.some(f => f.name === 'run.log')) {
    // a run that ended before this page opened: its log lines are in run.log
    fileText(fileUrl(id, 'run.log'), signal)
      .then(text => text.split('\n').filter(Boolean).slice(-LOG_LINES).forEach(line => appendLog(log, line)))
      .catch(e => { if (e.name !== 'AbortError') appendLog(log, `(run.log: ${e.message})`); });
  }
  replace(container,
    summary(doc),
    pngs.length ? h('section', { class: 'card', id: 'plots' }, h('h2', {}, 'Plots'),
      pngs.map(f => h('figure', { class: 'plot' },
        h('img', { src: fileUrl(id, f.name), alt: f.name, dataset: { file: f.name }, loading: 'lazy' }),
        h('figcaption', {}, f.name)))) : null,
    csvs.length ? h('section', { class: 'card', id: 'tables' }, h('h2', {}, 'Tables'), csvs.map(f => tablePlaceholder(id, f, signal))) : null,
    h('section', { class: 'card', id: 'files' }, h('h2', {}, 'Files'),
      h('p', {}, h('a', { href: `${API}/runs/${encodeURIComponent(id)}/files.zip`, id: 'zip-link', class: 'button', download: `${id}.zip` }, 'All files (zip)')),
      h('table', { class: 'files' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col', class: 'num' }, 'Size'))),
        h('tbody', {}, files.map(f => h('tr', {},
          h('td', {}, h('a', { href: fileUrl(id, f.name, true), dataset: { file: f.name } }, f.name)),
          h('td', {}, f.type), h('td', { class: 'num' }, size(f.size))))))));
}

/** result.json's scalar values (status, timing, the Method's top-level numbers and texts) as a table. */
function summary(doc) {
  if (!doc) return h('section', { class: 'card', id: 'summary' }, h('h2', {}, 'Summary'), h('p', { class: 'muted' }, 'no result.json'));
  const values = doc.result && typeof doc.result === 'object' ? doc.result : {};
  const units = values.units && typeof values.units === 'object' ? values.units : {};
  const rows = [];
  rows.push(['status', doc.status, '']);
  if (doc.timing && doc.timing.wall_s !== undefined) rows.push(['wall time', format(doc.timing.wall_s), 's']);
  if (doc.backend) rows.push(['backend', doc.backend, '']);
  for (const [key, value] of Object.entries(values)) {
    if (value === null || typeof value === 'object') continue;
    rows.push([key, format(value), units[key] || '']);
  }
  const error = doc.error ? h('p', { class: 'error-text', id: 'run-error' }, doc.error.message) : null;
  const warnings = Array.isArray(doc.warnings) && doc.warnings.length
    ? h('ul', { class: 'warnings' }, doc.warnings.map(w => h('li', {}, w))) : null;
  return h('section', { class: 'card', id: 'summary' }, h('h2', {}, 'Summary'), error, warnings,
    h('table', { class: 'summary' }, h('tbody', {}, rows.map(([k, v, u]) =>
      h('tr', { dataset: { key: k } }, h('th', { scope: 'row' }, k),
        h('td', {}, h('span', { class: 'num' }, v), u ? h('span', { class: 'unit' }, ` ${u}`) : null))))));
}

function format(value) {
  if (typeof value !== 'number') return String(value);
  if (Number.isInteger(value)) return String(value);
  const a = Math.abs(value);
  return a !== 0 && (a < 1e-4 || a >= 1e9) ? value.toExponential(8) : String(Number(value.toPrecision(10)));
}

function tablePlaceholder(id, file, signal) {
  const section = h('div', { class: 'csv', dataset: { file: file.name } }, h('h3', {}, file.name), h('p', { class: 'muted' }, 'loading…'));
  fileText(fileUrl(id, file.name), signal).then(text => {
    const rows = csvRows(text);
    const head = rows.shift() || [];
    const shown = rows.slice(0, TABLE_ROWS);
    replace(section, h('h3', {}, file.name),
      h('p', { class: 'muted' }, rows.length > TABLE_ROWS ? `first ${TABLE_ROWS} of ${rows.length} rows` : `${rows.length} rows`),
      h('div', { class: 'table-scroll' }, h('table', { class: 'data' },
        h('thead', {}, h('tr', {}, head.map(c => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, shown.map(r => h('tr', {}, r.map(c => h('td', {}, c))))))));
  }).catch(e => { if (e.name !== 'AbortError') replace(section, h('h3', {}, file.name), h('p', { class: 'error-text' }, e.message)); });
  return section;
}
