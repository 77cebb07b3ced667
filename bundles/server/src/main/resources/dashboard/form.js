// The form of one Method, generated from GET /methods/{id}'s parameter specs: one input per parameter by
// type (number inputs with min/max for int and double, a select for choices, a checkbox for booleans, text
// with the syntax hint for lists and files), the unit next to it, the default filled in. Only values that
// differ from the default are submitted, as the command line would be written.

import { h } from './dom.js';

const LIST_TYPES = new Set(['int_list', 'double_list', 'double_lists', 'files']);
/** The command line's words for the types (ParamType labels). */
const TYPE_LABELS = { int: 'integer', double: 'number', boolean: 'boolean', string: 'text', path: 'file path', choice: 'one of',
  int_list: 'integer list', double_list: 'number list', files: 'file list', double_lists: 'number lists' };

/** A default or value as the command line's text: arrays joined with ',', arrays of arrays with '/'. */
export function text(value) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(v => (Array.isArray(v) ? v.join(',') : String(v))).join(Array.isArray(value[0]) ? '/' : ',');
  return String(value);
}

function input(spec) {
  const id = `param-${spec.name}`;
  const common = { id, name: spec.name, dataset: { param: spec.name, type: spec.type },
    'aria-describedby': `help-${spec.name} err-${spec.name}`, required: spec.required === true };
  switch (spec.type) {
    case 'boolean':
      return h('input', { ...common, type: 'checkbox', checked: spec.default === true || spec.default === 'true' });
    case 'choice':
      return h('select', { ...common }, (spec.choices || []).map(c =>
        h('option', { value: c, selected: text(spec.default) === String(c) }, c)));
    case 'int':
    case 'double':
      return h('input', { ...common, type: 'number', step: spec.type === 'int' ? '1' : 'any',
        min: spec.min ?? null, max: spec.max ?? null, value: text(spec.default), inputmode: spec.type === 'int' ? 'numeric' : 'decimal' });
    default:
      return h('input', { ...common, type: 'text', value: text(spec.default), spellcheck: 'false', autocomplete: 'off',
        placeholder: LIST_TYPES.has(spec.type) ? spec.syntax || '' : (spec.type === 'path' ? 'file path on the server' : '') });
  }
}

function range(spec) {
  if (spec.min === null || spec.min === undefined) return spec.max === null || spec.max === undefined ? '' : `≤ ${spec.max}`;
  return spec.max === null || spec.max === undefined ? `≥ ${spec.min}` : `${spec.min} … ${spec.max}`;
}

function field(spec) {
  const control = input(spec);
  const meta = [TYPE_LABELS[spec.type] || spec.type, range(spec), spec.required ? 'required' : ''].filter(Boolean).join(' · ');
  const syntax = LIST_TYPES.has(spec.type) && spec.syntax ? h('span', { class: 'syntax' }, `syntax: ${spec.syntax}`) : null;
  const row = h('div', { class: `field field-${spec.type}`, dataset: { field: spec.name } },
    h('label', { for: control.id }, h('span', { class: 'name' }, spec.name), spec.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, '*') : null),
    h('div', { class: 'control' }, control, spec.unit ? h('span', { class: 'unit' }, spec.unit) : null),
    h('p', { class: 'help', id: `help-${spec.name}` }, spec.description || '', ' ', h('span', { class: 'meta' }, meta), ' ', syntax),
    h('p', { class: 'error', id: `err-${spec.name}`, role: 'alert', dataset: { errorFor: spec.name } }));
  return row;
}

/** The form element for {@code method} (GET /methods/{id}); {@code onSubmit(params)} gets the changed values. */
export function methodForm(method, onSubmit) {
  const specs = method.params || [];
  const form = h('form', { id: 'method-form', class: 'method-form', novalidate: true, dataset: { method: method.id } },
    specs.map(field),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'submit-run' }, 'Run'), h('button', { type: 'reset' }, 'Defaults')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    clearErrors(form);
    const params = {};
    let ok = true;
    for (const spec of specs) {
      const el = control(spec.name);
      if (spec.type === 'boolean') {
        const def = spec.default === true || spec.default === 'true';
        if (el.checked !== def) params[spec.name] = el.checked;
      } else if (el.validity && el.validity.badInput) {
        showError(form, spec.name, `${spec.name}: not a number`);
        ok = false;
      } else if (el.value.trim() !== text(spec.default) || spec.required) {
        if (el.value.trim() !== '' || text(spec.default) !== '') params[spec.name] = el.value.trim();
      }
    }
    if (ok) onSubmit(params, form);
  });
  form.addEventListener('reset', () => setTimeout(() => clearErrors(form)));
  return form;
}

// Inputs are found by id, never through the form's properties: a parameter named like one of them
// ("elements", "action", "method") is what the form's named-property access would return instead.
function control(name) { return document.getElementById(`param-${name}`); }

/** Shows {@code message} under the parameter's input and marks it invalid; false when the form has no such parameter. */
export function showError(form, name, message) {
  const err = document.getElementById(`err-${name}`);
  const el = control(name);
  if (!err || !el || !form.contains(el)) return false;
  err.textContent = message;
  el.setAttribute('aria-invalid', 'true');
  el.closest('.field').classList.add('invalid');
  el.focus();
  return true;
}

function clearErrors(form) {
  for (const err of form.querySelectorAll('.error')) err.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  for (const el of form.querySelectorAll('.invalid')) el.classList.remove('invalid');
}
