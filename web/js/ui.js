// Building the page safely, and what every page shares: formatting, tables, forms, dialogs,
// empty states, progress. Every string from the API reaches the page as a text node (h()),
// never through innerHTML: names are hostile.

// h('a', {href: '/x', class: 'button'}, 'text', child, [more]) -> an element.
// attrs: 'class', 'for' and every other attribute by setAttribute (false/null left out, true
// as ''); on<event>: a function (addEventListener); 'style': an object of properties (set
// through element.style, which the CSP allows); 'dataset': an object; 'value', 'checked',
// 'selected', 'disabled', 'hidden' as properties. Children: strings and numbers become text
// nodes, arrays are flattened, null/undefined/false are skipped. attrs may be left out.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs != null && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === 'style' && typeof v === 'object') {
      for (const [p, sv] of Object.entries(v)) el.style.setProperty(p, String(sv));
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'disabled' || k === 'hidden') {
      el[k] = v;
      if (k !== 'value' && v) el.setAttribute(k, '');
      if (k === 'value') el.setAttribute('value', String(v));
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// Remove every child of el and put children in (h()'s rules).
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const fmtCache = new Map();
function cached(key, make) {
  if (!fmtCache.has(key)) fmtCache.set(key, make());
  return fmtCache.get(key);
}

// Intl's spaces as no-break spaces: a date or a sum is not broken over two lines.
const unbroken = (s) => s.replace(/ /g, '\u00a0');

// An amount in minor units (cents) of currency, for the user's locale: money(123456, 'USD')
// -> "$1,234.56", unbroken. The currency's own minor digits (JPY none). '—' for null.
export function money(minor, currency) {
  if (minor == null || minor === '' || Number.isNaN(Number(minor))) return '—';
  const cur = String(currency || 'USD').toUpperCase();
  try {
    const f = cached('m' + cur, () => new Intl.NumberFormat(undefined, {style: 'currency', currency: cur}));
    const digits = f.resolvedOptions().maximumFractionDigits;
    return unbroken(f.format(Number(minor) / 10 ** digits));
  } catch {
    return unbroken(`${(Number(minor) / 100).toFixed(2)} ${cur}`);
  }
}

// A fraction (0.765) as a percentage of the user's locale, one decimal: "76.5%", "76,5 %".
export function percent(fraction) {
  if (fraction == null || Number.isNaN(Number(fraction))) return '—';
  return cached('pct', () => new Intl.NumberFormat(undefined, {style: 'percent',
    minimumFractionDigits: 1, maximumFractionDigits: 1})).format(Number(fraction));
}

// A plain number for the locale (1234567 -> "1,234,567"); '—' for null.
export function number(n, digits) {
  if (n == null || Number.isNaN(Number(n))) return '—';
  const f = cached('n' + digits, () => new Intl.NumberFormat(undefined,
    digits == null ? {} : {maximumFractionDigits: digits}));
  return f.format(Number(n));
}

// A Date from what the API gives: 'YYYY-MM-DD' (a calendar day, not shifted by the time
// zone), Unix seconds, an ISO time, a Date. null when it is none of those.
export function toDate(value) {
  if (value == null || value === '') return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value * 1000);
  const s = String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

// A day for the user's locale ("5 Dec 2026", one unbroken word); the text as given when it
// is no date; '—' for none.
export function date(value) {
  const d = toDate(value);
  if (!d) return value == null || value === '' ? '—' : String(value);
  return unbroken(cached('d', () => new Intl.DateTimeFormat(undefined, {dateStyle: 'medium'})).format(d));
}

// A day and time for the user's locale, unbroken.
export function dateTime(value) {
  const d = toDate(value);
  if (!d) return value == null || value === '' ? '—' : String(value);
  return unbroken(cached('dt', () => new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'short'})).format(d));
}

// A page's frame: <section> with its <h1> (the router focuses it) and what follows.
export function page(title, ...children) {
  return h('section', {class: 'page'}, h('div', {class: 'page-head'}, h('h1', null, title)), children);
}

// A page's frame with actions (links, buttons) beside the title.
export function pageWithActions(title, actions, ...children) {
  return h('section', {class: 'page'},
    h('div', {class: 'page-head'}, h('h1', null, title), h('div', {class: 'actions'}, actions)),
    children);
}

// A card: a titled box (h2) of a page.
export function card(title, ...children) {
  return h('section', {class: 'card'}, title ? h('h2', null, title) : null, children);
}

// A link inside the app (the router takes the click): link('/programs/3', 'Spring tees').
export function link(href, text, attrs) {
  return h('a', {...attrs, href}, text);
}

// A table: columns [{label, cell: row => Node|string, num: true for figures (right
// aligned)}], rows an array; the first column's cells are row headers (<th scope="row">).
// The table scrolls sideways inside its box on a narrow screen. opts: {caption, hideCaption}
// (the caption names the table for screen readers; hideCaption keeps it off the screen when
// the card's title already says it).
export function table(columns, rows, opts = {}) {
  const cell = (col, row) => {
    const v = col.cell ? col.cell(row) : row[col.key];
    return v == null || v === '' ? '—' : v;
  };
  return h('div', {class: 'table-wrap', tabindex: '0', role: 'region',
    'aria-label': opts.caption || columns.map((c) => c.label).join(', ')},
  h('table', {class: 'table'},
    opts.caption ? h('caption', {class: opts.hideCaption ? 'visually-hidden' : null}, opts.caption) : null,
    h('thead', null, h('tr', null, columns.map((c) =>
      h('th', {scope: 'col', class: c.num ? 'num' : null}, c.label)))),
    h('tbody', null, rows.map((row) => h('tr', null, columns.map((c, i) =>
      h(i === 0 ? 'th' : 'td', {scope: i === 0 ? 'row' : null, class: c.num ? 'num' : null},
        cell(c, row))))))));
}

// An empty state: what is missing, and what to do next. action: a Node (a link, a button),
// or {href, label}.
export function empty(title, text, action) {
  if (action && !(action instanceof Node)) action = h('a', {href: action.href, class: 'button'}, action.label);
  return h('div', {class: 'empty'}, h('p', {class: 'empty-title'}, title),
    text ? h('p', null, text) : null, action || null);
}

// Ask before what cannot be undone: a modal <dialog> with text, "Cancel" and verb (the
// button that goes on). Resolves true (verb) or false (Cancel, Escape).
export function confirm(text, verb = 'OK') {
  return new Promise((resolve) => {
    const yes = h('button', {type: 'button', class: 'button danger'}, verb);
    const no = h('button', {type: 'button', class: 'button secondary'}, 'Cancel');
    const id = uid('confirm');
    const dlg = h('dialog', {class: 'dialog', 'aria-labelledby': id},
      h('p', {id}, text), h('div', {class: 'actions'}, no, yes));
    const done = (v) => {
      if (dlg.open) dlg.close();
      dlg.remove();
      resolve(v);
    };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dlg.addEventListener('cancel', (e) => {
      e.preventDefault();
      done(false);
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    no.focus();
  });
}

// An error for a person: the message, and where it is (the field, the line and column of
// an upload). role="alert": read out when it appears.
export function errorBox(err) {
  const msg = err && err.message ? err.message : String(err || 'Something went wrong');
  const where = [];
  if (err && err.field) where.push(`Field: ${err.field}`);
  if (err && err.line) where.push(err.column ? `line ${err.line}, column ${err.column}` : `line ${err.line}`);
  return h('div', {class: 'error-box', role: 'alert'}, h('p', null, msg),
    where.length ? h('p', {class: 'error-where'}, where.join(' · ')) : null);
}

let uidN = 0;
// A new id for an element (labels, descriptions).
export function uid(prefix = 'id') {
  uidN += 1;
  return `${prefix}-${uidN}`;
}

// A labelled control: <label for> the input (given an id when it has none), the hint under
// it (aria-describedby), and a slot where showErrors() puts the API's error for the field
// named by the input's name (data-field).
export function field(label, input, hint) {
  if (!input.id) input.id = uid('f');
  const err = h('p', {class: 'field-error', id: `${input.id}-error`, hidden: true});
  const described = [];
  let hintEl = null;
  if (hint) {
    hintEl = h('p', {class: 'hint', id: `${input.id}-hint`}, hint);
    described.push(hintEl.id);
  }
  if (described.length) input.setAttribute('aria-describedby', described.join(' '));
  // the API's error for the field goes once the field is changed
  input.addEventListener('input', () => clearFieldError(input, err));
  return h('div', {class: 'field', dataset: {field: input.name || ''}},
    h('label', {for: input.id}, label), input, hintEl, err);
}

function clearFieldError(input, box) {
  if (box.hidden) return;
  box.hidden = true;
  box.replaceChildren();
  input.removeAttribute('aria-invalid');
  const d = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== box.id);
  if (d.length) input.setAttribute('aria-describedby', d.join(' '));
  else input.removeAttribute('aria-describedby');
}

// A message as a sentence: its first letter capitalised ("must not be empty" -> "Must...").
function sentence(text) {
  const t = String(text || '');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

// Clear what showErrors() put in form.
export function clearErrors(form) {
  for (const el of form.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.replaceChildren();
  }
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const d = (el.getAttribute('aria-describedby') || '').split(' ').filter((x) => !x.endsWith('-error'));
    if (d.length) el.setAttribute('aria-describedby', d.join(' '));
    else el.removeAttribute('aria-describedby');
  }
  for (const el of form.querySelectorAll('.form-error')) el.remove();
}

// Show an ApiError in form: next to the field it names (the field() whose input has that
// name, or data-field), focused; otherwise in a box at the form's top. Returns the element.
export function showErrors(form, err) {
  clearErrors(form);
  const name = err && err.field;
  const slot = name ? [...form.querySelectorAll('.field')].find((f) => f.dataset.field === name) : null;
  if (slot) {
    const input = slot.querySelector('input, select, textarea');
    const box = slot.querySelector('.field-error');
    box.replaceChildren(document.createTextNode(sentence(err.message)));
    box.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const d = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      d.push(box.id);
      input.setAttribute('aria-describedby', d.join(' '));
      input.focus();
    }
    announce(err.message);
    return box;
  }
  const box = errorBox(err);
  box.classList.add('form-error');
  form.prepend(box);
  box.setAttribute('tabindex', '-1');
  box.focus();
  return box;
}

// Disable button while promise runs (its label kept, aria-busy set, a spinner shown);
// resolves or rejects as promise does.
export async function busy(button, promise) {
  const was = button.disabled;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  button.classList.add('is-busy');
  try {
    return await promise;
  } finally {
    button.disabled = was;
    button.removeAttribute('aria-busy');
    button.classList.remove('is-busy');
  }
}

const VERDICTS = {
  ready: ['Ready', 'ok'],
  nearly: ['Nearly ready', 'warn'],
  not_ready: ['Not ready', 'bad'],
  'not ready': ['Not ready', 'bad'],
  blocked: ['Blocked', 'bad'],
  pass: ['Pass', 'ok'],
  fail: ['Fail', 'bad'],
};

// A verdict as a badge: its words and a colour (green ready, amber nearly, red not ready or
// blocked); an unknown verdict shows as it is, in grey.
export function badge(verdict) {
  const key = String(verdict == null ? '' : verdict).toLowerCase();
  const [text, tone] = VERDICTS[key] || [String(verdict == null ? 'Unknown' : verdict).replace(/_/g, ' '), 'neutral'];
  return h('span', {class: `badge badge-${tone}`}, text);
}

// Say text to screen readers (the page's live region).
export function announce(text) {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  setTimeout(() => {
    live.textContent = text;
  }, 50);
}

// Seconds as words: 90 -> "2 minutes", 3600 -> "1 hour".
export function seconds(s) {
  s = Math.max(0, Math.ceil(Number(s) || 0));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const m = Math.ceil(s / 60);
  if (m < 60) return m === 1 ? '1 minute' : `${m} minutes`;
  const hr = Math.ceil(m / 60);
  return hr === 1 ? '1 hour' : `${hr} hours`;
}
