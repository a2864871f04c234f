// Form fields generated from JSON Schemas of the live OpenAPI description: a method registered on the server
// appears here with its fields, limits, descriptions and defaults, with no change to this code.

import { h } from './ui.js';

/** The schema a $ref points at (only local '#/components/schemas/…' references occur). */
export function resolve(doc, schema) {
  let s = schema || {};
  while (s.$ref) s = doc.components.schemas[s.$ref.split('/').pop()] || {};
  return s;
}

function typeOf(schema) {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.find((t) => t && t !== 'null') || (schema.properties ? 'object' : 'string');
}

let counter = 0;

/**
 * Controls for one object schema. Each registers under its path (e.g. "params.percentile") so that a server
 * problem naming that field is shown next to it. Values go out only when required or changed by the person:
 * the server fills in the same defaults, and a value never touched cannot conflict with one that was.
 */
export class SchemaForm {
  constructor(doc, pickers = {}) {
    this.doc = doc;
    this.pickers = pickers;
    this.controls = new Map();
  }

  /** A fieldset with one control per property of {@code schema}; skip lists properties the caller renders itself. */
  object(schema, path, defaults = {}, skip = [], parentRequired = true) {
    const s = resolve(this.doc, schema);
    // a field is required only where its object is sent at all
    const required = parentRequired ? s.required || [] : [];
    const children = Object.entries(s.properties || {}).filter(([name]) => !skip.includes(name))
      .map(([name, prop]) => this.property(name, prop, join(path, name), defaults?.[name], required.includes(name)));
    return children;
  }

  property(name, schema, path, defaultValue, required) {
    const prop = resolve(this.doc, schema);
    const description = schema.description || prop.description;
    if (typeOf(prop) === 'object' && prop.properties) {
      return h('fieldset', { class: 'nested', 'data-field': path },
        h('legend', {}, name, required ? h('span', { class: 'required' }, ' (required)') : ' (optional)'),
        description ? h('p', { class: 'hint' }, description) : null,
        this.object(prop, path, defaultValue || {}, [], required),
        this.errorSlot(path));
    }
    const id = `f${++counter}`;
    const input = this.input(name, prop, id, defaultValue, required);
    const control = { path, input, required, dirty: false, schema: prop, hasDefault: defaultValue !== undefined };
    const mark = () => { control.dirty = true; this.clearError(path); };
    input.addEventListener('input', mark);
    input.addEventListener('change', mark);
    this.controls.set(path, control);
    const hintId = description ? `${id}-hint` : null;
    if (hintId) input.setAttribute('aria-describedby', `${hintId} ${id}-error`);
    const label = h('label', { for: id }, name, required ? h('span', { class: 'required' }, ' (required)') : null);
    const field = h('div', { class: input.type === 'checkbox' ? 'field check' : 'field', 'data-field': path },
      input.type === 'checkbox' ? [input, label] : [label, input],
      input.extra || null,
      hintId ? h('p', { class: 'hint', id: hintId }, description) : null,
      this.errorSlot(path, id));
    return field;
  }

  input(name, prop, id, value, required) {
    const picker = prop.format === 'uuid' && Object.entries(this.pickers).find(([suffix]) => name.toLowerCase().endsWith(suffix));
    if (picker) return picker[1](id, required, name);
    const type = typeOf(prop);
    if (prop.enum) {
      return h('select', { id, name, required },
        value === undefined ? h('option', { value: '' }, required ? 'Choose…' : 'service default') : null,
        prop.enum.map((v) => h('option', { value: String(v), selected: String(v) === String(value) ? 'selected' : null }, String(v))));
    }
    if (type === 'boolean') {
      if (value !== undefined) return h('input', { id, name, type: 'checkbox', checked: Boolean(value) });
      return h('select', { id, name }, h('option', { value: '' }, 'service default'),
        h('option', { value: 'true' }, 'yes'), h('option', { value: 'false' }, 'no'));
    }
    if (type === 'integer' || type === 'number') {
      return h('input', { id, name, type: 'number', inputmode: type === 'integer' ? 'numeric' : 'decimal',
        step: type === 'integer' ? '1' : 'any', min: prop.minimum ?? null, max: prop.maximum ?? null,
        value: value === undefined ? null : String(value), required });
    }
    if (type === 'array') {
      return h('input', { id, name, type: 'text', value: Array.isArray(value) ? value.join(', ') : null,
        placeholder: 'comma-separated; empty for the default', required });
    }
    return h('input', { id, name, type: 'text', value: value === undefined ? null : String(value), required,
      placeholder: prop.example ? `e.g. ${prop.example}` : null });
  }

  errorSlot(path, id = `e${++counter}`) {
    return h('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': path, hidden: true });
  }

  /** The values under {@code path} as an object (undefined when nothing under it is set). */
  read(path) {
    const out = {};
    let any = false;
    for (const [p, c] of this.controls) {
      if (!p.startsWith(`${path}.`) || !(c.dirty || c.required)) continue;
      const value = valueOf(c);
      if (value === undefined) continue;
      set(out, p.slice(path.length + 1).split('.'), value);
      any = true;
    }
    return any ? out : undefined;
  }

  value(path) {
    const c = this.controls.get(path);
    return c ? valueOf(c) : undefined;
  }

  /** Shows a server problem next to its field; returns false when no field on the form matches it. */
  showError(field, text) {
    let path = field;
    while (path) {
      const slot = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
      if (slot) {
        slot.textContent = text;
        slot.hidden = false;
        const control = this.controls.get(path);
        control?.input.setAttribute('aria-invalid', 'true');
        (control?.input || slot).focus?.();
        return true;
      }
      path = path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '';
    }
    return false;
  }

  clearError(path) {
    const slot = document.querySelector(`[data-error-for="${CSS.escape(path)}"]`);
    if (slot) { slot.hidden = true; slot.textContent = ''; }
    this.controls.get(path)?.input.removeAttribute('aria-invalid');
  }

  clearErrors() {
    document.querySelectorAll('[data-error-for]').forEach((slot) => { slot.hidden = true; slot.textContent = ''; });
    this.controls.forEach((c) => c.input.removeAttribute('aria-invalid'));
  }

  /** Forgets the controls under a path (their elements are being replaced). */
  drop(path) {
    [...this.controls.keys()].filter((p) => p.startsWith(`${path}.`)).forEach((p) => this.controls.delete(p));
  }
}

function join(path, name) {
  return path ? `${path}.${name}` : name;
}

function set(target, keys, value) {
  let node = target;
  keys.slice(0, -1).forEach((k) => { node = node[k] = node[k] || {}; });
  node[keys[keys.length - 1]] = value;
}

function valueOf({ input, schema }) {
  if (input.type === 'checkbox') return input.checked;
  const raw = input.value.trim();
  if (raw === '') return undefined;
  const type = typeOf(schema);
  if (type === 'boolean') return raw === 'true';
  if (type === 'integer' || type === 'number') return Number(raw);
  if (type === 'array') {
    const itemType = typeOf(schema.items || {});
    return raw.split(',').map((v) => v.trim()).filter(Boolean)
      .map((v) => (itemType === 'integer' || itemType === 'number' ? Number(v) : v));
  }
  return raw;
}
