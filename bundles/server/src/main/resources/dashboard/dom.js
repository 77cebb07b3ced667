// Building DOM nodes without innerHTML: every text from the server goes in as a text node.

/**
 * h('a', {href: '#/', class: 'x', dataset: {param: 'n'}, onclick: f}, 'text', node, [more]) → element.
 * Attributes with null/undefined/false values are left out; true gives an empty attribute.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces the children of {@code el}. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** "2026-12-06T08:51:56Z" → local date and time, or "" for null. */
export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** Bytes in B, KiB, MiB. */
export function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A state badge: <span class="state state-ok" data-state="ok">ok</span>. */
export function stateBadge(state) {
  return h('span', { class: `state state-${state}`, dataset: { state } }, state.replace('_', ' '));
}

/** A run's progress: a <progress> (indeterminate while the fraction is unknown) and its text. */
export function progressBar(run, id) {
  const bar = h('progress', { max: '1', id, 'aria-label': `progress of ${run.id}` });
  setProgress(bar, run);
  return bar;
}

/** Updates a progress bar from a run object or a progress event ({state, done, total, fraction}). */
export function setProgress(bar, runOrProgress) {
  const p = runOrProgress.progress || runOrProgress;
  const state = runOrProgress.state;
  if (state === 'ok') bar.value = 1;
  else if (p.fraction !== null && p.fraction !== undefined) bar.value = p.fraction;
  else if (state === 'running') bar.removeAttribute('value');
  else bar.value = 0;
  bar.dataset.fraction = bar.hasAttribute('value') ? String(bar.value) : '';
  bar.title = p.total ? `${p.done} / ${p.total}` : (p.message || state || '');
}
