// The dashboard: hash routes #/ (Methods), #/methods/ID (a Method's form), #/runs (runs list) and
// #/runs/ID (one run, live, then its result), over the REST API of /api/v1.

import { request, signIn, stream, onUnauthorized, ApiError } from './api.js';
import { h, replace, time, stateBadge, progressBar, setProgress } from './dom.js';
import { methodForm, showError } from './form.js';
import { runPage, isDone } from './run.js';

const view = document.getElementById('view');
const banner = document.getElementById('banner');
const tokenBox = document.getElementById('token-box');
let current = null;          // AbortController of the view on screen
let globalEvents = null;     // AbortController of GET /events
const listeners = new Set(); // (type, data) => void of the view on screen, for GET /events
let methodFilter = '';       // the Methods filter's text, kept when the list is drawn again (hot deploy)

function showBanner(message, kind = 'error') {
  banner.textContent = message;
  banner.className = `banner banner-${kind}`;
  banner.hidden = false;
}

function hideBanner() { banner.hidden = true; banner.textContent = ''; }

/** An error's words; the fix only when the message does not already end with it (the CLI's messages do). */
function words(error) {
  return error.fix && !error.message.includes(error.fix) ? `${error.message} (${error.fix})` : error.message;
}

/** An error of a view: 401 is the token box's business; others go in the banner. */
function report(error) {
  if (error.name === 'AbortError') return;
  if (error instanceof ApiError && error.status === 401) return;
  showBanner(words(error));
}

onUnauthorized(() => {
  view.replaceChildren();      // nothing from before the session ended stays on screen
  tokenBox.hidden = false;
  document.getElementById('token-input').focus();
});

document.getElementById('token-form').addEventListener('submit', async event => {
  event.preventDefault();
  const input = document.getElementById('token-input');
  try {
    await signIn(input.value.trim());
    input.value = '';
    tokenBox.hidden = true;
    hideBanner();
    start();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) showBanner('That token is not this server\'s token.');
    else report(e);
  }
});

/** Goes to {@code hash}; the same hash again (a resumed run keeps its id) renders the view anew. */
function show(hash) {
  if (location.hash === hash) route(); else location.hash = hash;
}

function runActions(run) {
  const buttons = [];
  if (!isDone(run.state)) {
    buttons.push(h('button', { type: 'button', class: 'secondary', dataset: { action: 'cancel', run: run.id },
      onclick: () => request(`/runs/${encodeURIComponent(run.id)}`, { method: 'DELETE' }).catch(report) }, 'Cancel'));
  }
  if (run.resumable && (run.state === 'interrupted' || run.state === 'cancelled')) {
    buttons.push(h('button', { type: 'button', dataset: { action: 'resume', run: run.id },
      onclick: () => request(`/runs/${encodeURIComponent(run.id)}/resume`, { method: 'POST' })
        .then(r => show(`#/runs/${encodeURIComponent(r.id)}`)).catch(report) }, 'Resume'));
  }
  return buttons;
}

async function methodsPage(signal) {
  const methods = await request('/methods', { signal });
  const filter = h('input', { type: 'search', id: 'method-filter', placeholder: 'Filter methods', 'aria-label': 'Filter methods', value: methodFilter });
  const list = h('ul', { class: 'methods', id: 'methods' });
  const fill = () => {
    const q = filter.value.trim().toLowerCase();
    replace(list, methods.filter(m => !q || m.id.includes(q) || (m.description || '').toLowerCase().includes(q)).map(m =>
      h('li', { dataset: { method: m.id } },
        h('a', { href: `#/methods/${encodeURIComponent(m.id)}` }, h('span', { class: 'method-id' }, m.id)),
        h('p', {}, m.description || ''),
        h('span', { class: 'bundle' }, `${m.bundle || ''} ${m.bundle_version || ''}`))));
  };
  filter.addEventListener('input', () => { methodFilter = filter.value; fill(); });
  fill();
  replace(view, h('div', { class: 'page-head' }, h('h1', {}, 'Methods'), filter), list);
  listeners.add(type => { if (type === 'methods') route(); });
}

async function methodPage(id, signal) {
  const method = await request(`/methods/${encodeURIComponent(id)}`, { signal });
  const form = methodForm(method, async params => {
    hideBanner();
    try {
      const run = await request('/runs', { method: 'POST', body: { method: method.id, params } });
      location.hash = `#/runs/${encodeURIComponent(run.id)}`;
    } catch (e) {
      if (e instanceof ApiError && e.parameter) showError(form, e.parameter, words(e));
      report(e);
    }
  });
  replace(view,
    h('div', { class: 'page-head' }, h('h1', {}, method.id), h('span', { class: 'bundle' }, `${method.bundle || ''} ${method.bundle_version || ''}`)),
    h('p', { class: 'lead' }, method.description || ''),
    h('section', { class: 'card' }, form));
}

async function runsPage(signal) {
  const runs = await request('/runs', { signal });
  const body = h('tbody', {});
  const rows = new Map();
  const row = run => h('tr', { dataset: { run: run.id, state: run.state } },
    h('td', {}, h('a', { href: `#/runs/${encodeURIComponent(run.id)}` }, run.id)),
    h('td', {}, run.method),
    h('td', {}, stateBadge(run.state)),
    h('td', { class: 'progress-cell' }, progressBar(run, null), h('span', { class: 'progress-message', title: (run.progress || {}).message || '' }, (run.progress || {}).message || '')),
    h('td', {}, time(run.submitted)),
    h('td', {}, h('span', { class: 'run-actions' }, runActions(run))));
  const put = run => {
    const old = rows.get(run.id);
    if (old && old.dataset.state === run.state) {
      // same state: progress in place, so that the row's buttons stay under the pointer
      setProgress(old.querySelector('progress'), run);
      old.querySelector('.progress-message').textContent = (run.progress || {}).message || '';
      return;
    }
    const tr = row(run);
    if (old) old.replaceWith(tr); else body.prepend(tr);
    rows.set(run.id, tr);
  };
  for (const run of runs.slice().reverse()) put(run);
  const empty = h('p', { class: 'muted', id: 'no-runs', hidden: runs.length > 0 }, 'No runs yet: pick a Method and run it.');
  replace(view, h('div', { class: 'page-head' }, h('h1', {}, 'Runs')), empty,
    h('div', { class: 'table-scroll' }, h('table', { class: 'runs', id: 'runs' },
      h('thead', {}, h('tr', {}, ['Run', 'Method', 'State', 'Progress', 'Submitted', ''].map(t => h('th', { scope: 'col' }, t)))), body)));
  listeners.add((type, data) => { if (type === 'run') { empty.hidden = true; put(data); } });
  // GET /events says when a run changes state; the progress of running runs is read every 2 s
  const timer = setInterval(() => {
    if (![...rows.values()].some(tr => tr.dataset.state === 'running')) return;
    request('/runs?state=running', { signal }).then(running => running.forEach(put)).catch(report);
  }, 2000);
  signal.addEventListener('abort', () => clearInterval(timer));
}

/** GET /events for the whole session: run state changes and Methods coming and going, to the view on screen. */
function listen() {
  if (globalEvents) return;
  globalEvents = new AbortController();
  const signal = globalEvents.signal;
  let retry = true;
  stream('/events', (type, data) => { for (const l of listeners) l(type, data); }, signal)
    .catch(e => {
      if (e instanceof ApiError && e.status === 401) retry = false; // start() listens again after sign-in
      else if (e.name !== 'AbortError') console.warn('events', e.message);
    })
    .finally(() => {
      globalEvents = null;
      if (retry && !signal.aborted) setTimeout(listen, 3000);
    });
}

function highlightNav(hash) {
  document.getElementById('nav-methods').classList.toggle('active', !hash.startsWith('#/runs'));
  document.getElementById('nav-runs').classList.toggle('active', hash.startsWith('#/runs'));
}

async function route() {
  if (current) current.abort();
  current = new AbortController();
  const signal = current.signal;
  listeners.clear();
  const hash = location.hash || '#/';
  highlightNav(hash);
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  view.dataset.route = parts[0] || 'methods';
  delete view.dataset.state;
  try {
    if (parts[0] === 'methods' && parts[1]) await methodPage(parts[1], signal);
    else if (parts[0] === 'runs' && parts[1]) await runPage(view, parts[1], signal, runActions);
    else if (parts[0] === 'runs') await runsPage(signal);
    else await methodsPage(signal);
  } catch (e) {
    report(e);
  }
}

async function start() {
  request('/backend').then(b => {
    const el = document.getElementById('backend');
    el.textContent = b.name || '';
    el.title = b.details || 'Tensor backend';
  }).catch(report);
  listen();
  await route();
}

/** #token=… from the launcher's address: posted once to /session, then taken out of the address bar and history. */
async function boot() {
  const match = /^#token=([^&]*)/.exec(location.hash);
  if (match) {
    history.replaceState(null, '', `${location.pathname}${location.search}#/`);
    try { await signIn(decodeURIComponent(match[1])); } catch (e) { report(e); }
  }
  window.addEventListener('hashchange', () => { hideBanner(); route(); });
  await start();
}

boot();
