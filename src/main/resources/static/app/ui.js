// Small DOM helpers: building elements without innerHTML (no markup injection from model or job names),
// formatting numbers for people, and the shared empty/error/loading states.

import { ApiError } from './api.js';

/** h('a', {href: '#/x', class: 'y'}, 'text', child) builds an element; null/false children are skipped. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

/** Replaces an element's children; unlike replaceChildren, skips null/false (conditional parts). */
export function put(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

export function bytes(n) {
  if (n === null || n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${v.toFixed(i === 0 ? 0 : v < 10 ? 2 : 1)} ${units[i]}`;
}

// one formatter each, built once: toLocaleString builds a new one on every call, and a list formats hundreds
const INTEGER = new Intl.NumberFormat('en');
const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function count(n) {
  if (n === null || n === undefined) return '–';
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  return INTEGER.format(n);
}

export function num(n, digits = 4) {
  if (n === null || n === undefined || Number.isNaN(n)) return '–';
  return Math.abs(n) >= 1000 ? n.toFixed(0) : Number(n.toPrecision(digits)).toString();
}

export function ms(n) {
  return n === null || n === undefined ? '–' : `${num(n, 3)} ms`;
}

export function percent(n) {
  return n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)} %`;
}

export function when(iso) {
  if (!iso) return '–';
  return DATE_TIME.format(new Date(iso));
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '–';
}

export function status(value) {
  return h('span', { class: `status status-${(value || 'unknown').toLowerCase()}` }, value || 'unknown');
}

export function empty(text, ...actions) {
  return h('div', { class: 'empty' }, h('p', {}, text), actions.length ? h('p', {}, ...actions) : null);
}

/** A person-readable error: what happened, and the problem type for those who look it up in docs/errors.md. */
export function errorBox(error, heading = 'Something went wrong') {
  const problem = error instanceof ApiError ? error.problem : { detail: String(error?.message || error) };
  const type = error instanceof ApiError && error.slug ? error.slug : null;
  return h('div', { class: 'error', role: 'alert' },
    h('strong', {}, problem.title && problem.title !== heading ? `${heading}: ${problem.title}` : heading),
    problem.detail ? h('p', {}, problem.detail) : null,
    type ? h('p', { class: 'hint' }, 'Problem type: ', h('code', {}, type)) : null);
}

export function loading(text = 'Loading…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

/** A table from rows; columns are [heading, cell(row)] pairs. */
export function table(caption, columns, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' }, h('table', attrs,
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map(([head]) => h('th', { scope: 'col' }, head)))),
    h('tbody', {}, rows.map((row) => h('tr', {}, columns.map(([head, cell]) => h('td', { 'data-label': head || null }, cell(row))))))));
}

/** A definition list from [term, value] pairs, skipping absent values. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirm(text, yesLabel = 'Delete') {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-yes').textContent = yesLabel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'yes'), { once: true });
  });
}

/** A method name and its parameters in one short line, for tooltips and tables. */
export function describeParams(params) {
  if (!params) return '';
  const rest = Object.entries(params).filter(([k, v]) => k !== 'method' && v !== null
    && !(Array.isArray(v) && v.length === 0));
  return rest.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}
