// What the program pages share: the program's own navigation, downloads, tables, numbers.
// Every string from the API goes through ui.h() as text.
import * as ui from '../ui.js';

const h = ui.h;

// The program pages' tabs; `current` is the one shown (aria-current="page").
export function programNav(id, current) {
  const tabs = [
    ['readiness', `/programs/${id}`, 'Readiness'],
    ['cost', `/programs/${id}/cost`, 'Cost sheet'],
    ['plan', `/programs/${id}/plan`, 'T&A calendar'],
    ['matches', `/programs/${id}/matches`, 'Factories'],
    ['edit', `/programs/${id}/edit`, 'Edit file'],
  ];
  const list = h('ul', { class: 'tabs' });
  for (const [key, href, label] of tabs) {
    const a = h('a', { href }, label);
    if (key === current) a.setAttribute('aria-current', 'page');
    list.append(h('li', {}, a));
  }
  return h('nav', { class: 'program-nav', 'aria-label': 'Program' }, list);
}

// The page's head: a link back to the list, the program's name as h1, its tabs.
export function programHead(id, name, current, title) {
  return h('div', { class: 'program-head' },
    h('p', { class: 'crumbs' }, h('a', { href: '/programs' }, 'Programs')),
    h('h1', {}, title ? `${title}: ${name || 'program'}` : (name || 'Program')),
    programNav(id, current));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), ...children);
}

// A table with a caption (for screen readers and the eye), column headers (scope col) and
// rows; a cell is a string, a Node or null; the first cell of a row is its header (scope
// row) when rowHeaders.
export function dataTable(caption, headers, rows, { rowHeaders = true, numeric = [] } = {}) {
  const head = h('tr', {});
  headers.forEach((t, i) => {
    const th = h('th', { scope: 'col' }, t);
    if (numeric.includes(i)) th.classList.add('num');
    head.append(th);
  });
  const body = h('tbody', {});
  for (const row of rows) {
    const tr = h('tr', {});
    row.forEach((cell, i) => {
      const c = i === 0 && rowHeaders ? h('th', { scope: 'row' }) : h('td', {});
      if (numeric.includes(i)) c.classList.add('num');
      if (cell instanceof Node) c.append(cell);
      else c.append(document.createTextNode(cell == null ? '—' : String(cell)));
      tr.append(c);
    });
    body.append(tr);
  }
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'table' }, h('caption', {}, caption), h('thead', {}, head), body));
}

// A number for the eye, in the user's locale.
export function num(value, digits = 0) {
  if (value == null || Number.isNaN(Number(value))) return '—';
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(Number(value));
}

// "1 blocker", "2 blockers".
export function plural(n, one, many) {
  return `${num(n)} ${n === 1 ? one : many || `${one}s`}`;
}

export function pct(value, digits = 1) {
  return value == null ? '—' : `${num(value, digits)}%`;
}

// A finding's or plan's number {value, unit}: money when the unit is a currency code.
export function quantity(q) {
  if (q == null || typeof q !== 'object') return String(q);
  const { value, unit } = q;
  if (typeof unit === 'string' && /^[A-Z]{3}$/.test(unit)) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency: unit })
        .format(Number(value));
    } catch (_) { /* an unknown code: as a number */ }
  }
  if (unit === '%' || unit === 'pct' || unit === 'percent') return pct(value);
  const digits = Number.isInteger(value) ? 0 : 2;
  return unit ? `${num(value, digits)} ${unit}` : num(value, digits);
}

// A name as people read it: "target_fob" -> "Target fob".
export function words(key) {
  const s = String(key).replace(/[_.]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function dateText(iso) {
  return iso ? ui.date(iso) : '—';
}

// The message of an API error answer (fetch's Response), as an ApiError-like object.
async function errorOf(res) {
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  const e = (body && body.error) || {};
  const err = new Error(e.message || `The server answered ${res.status}`);
  Object.assign(err, { status: res.status, code: e.code, field: e.field, line: e.line,
    column: e.column, blockers: e.blockers });
  return err;
}

// Saves what a GET of url answers as a file (the name the server gives, else fallback).
export async function fetchDownload(url, fallback) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw await errorOf(res);
  const blob = await res.blob();
  const disp = res.headers.get('Content-Disposition') || '';
  const m = /filename="([A-Za-z0-9._-]+)"/.exec(disp);
  const a = h('a', { href: URL.createObjectURL(blob), download: m ? m[1] : fallback,
    class: 'visually-hidden', tabindex: '-1' }, 'download');
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  ui.announce(`Downloaded ${m ? m[1] : fallback}`);
}

// A button that downloads url; its errors are shown in `box` (an element).
export function downloadButton(label, url, fallback, box) {
  const b = h('button', { type: 'button', class: 'button secondary' }, label);
  b.addEventListener('click', () => {
    box.replaceChildren();
    ui.busy(b, fetchDownload(url, fallback).catch((err) => box.append(ui.errorBox(err))));
  });
  return b;
}

// The downloads of a page: a labelled group of buttons, with a place for their errors.
export function downloads(items) {
  const box = h('div', { class: 'download-errors', 'aria-live': 'polite' });
  const group = h('div', { class: 'actions', role: 'group', 'aria-label': 'Downloads' });
  for (const [label, url, fallback] of items) group.append(downloadButton(label, url, fallback, box));
  return section('Downloads', group, box);
}

export { errorOf };
