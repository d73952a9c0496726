// What the ledger's pages share: money from the events' decimal strings, tables, form
// fields whose errors are shown where the API names them, inline forms, the counterpart.
import * as ui from '../ui.js';

// Every element through ui.h: strings become text nodes, never markup.
export const h = ui.h;

export const side = (me) => me && (me.kind || (me.org && me.org.kind));
export const isBrand = (me) => side(me) === 'brand';
export const other = (me, x) => (isBrand(me) ? x.factory : x.brand);
export const otherLabel = (me) => (isBrand(me) ? 'Factory' : 'Brand');

// A viewer reads and records nothing (the API answers 403): the one place that decides it.
// ledger.js and programs.js set the member as each page renders (asMember); form, reveal
// and stepButton then give a viewer nothing to press, and the pages' own write links ask
// canWrite(). As on the org pages, the controls are left out, not disabled.
export const canWrite = (me) => !!me && (me.role === 'owner' || me.role === 'member');
export const READ_ONLY = 'Viewers can read, not record.';
let writer = true;
export function asMember(routes) {
  return routes.map((r) => ({ ...r, render: (ctx) => { writer = canWrite(ctx.me); return r.render(ctx); } }));
}
export const writes = () => writer;
// What a hidden control leaves: nothing on the page (an empty fragment appends nothing).
const nothing = () => document.createDocumentFragment();

// The minor units of a currency (2 for EUR, 0 for JPY), from Intl.
export function exponent(cur) {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: cur })
      .resolvedOptions().maximumFractionDigits;
  } catch (e) {
    return 2;
  }
}

// "4023.00" in EUR -> 402300: the events carry money as decimal strings.
export function minor(amount, cur) {
  if (amount === null || amount === undefined || amount === '') return null;
  const s = String(amount).trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return null;
  const e = exponent(cur);
  const frac = (m[3] || '').padEnd(e, '0').slice(0, e);
  const v = Number(m[2]) * 10 ** e + (e ? Number(frac) : 0);
  return m[1] ? -v : v;
}

export function amount(s, cur) {
  const v = minor(s, cur);
  return v === null ? '' : ui.money(v, cur);
}

// "sample.fee_invoiced" -> "Fee invoiced"; "factory.quote_turnaround" -> "Quote turnaround"
export function words(code) {
  if (!code) return '';
  const t = String(code).split('.').pop().replace(/_/g, ' ');
  return t.charAt(0).toUpperCase() + t.slice(1);
}

export const KIND = {
  'rfq.sent': 'RFQ sent', 'rfq.acknowledged': 'Acknowledged', 'rfq.declined': 'Declined',
  quote: 'Quoted', 'sample.requested': 'Sample requested', 'sample.shipped': 'Sample shipped',
  'sample.received': 'Sample received', 'sample.reviewed': 'Sample reviewed',
  'sample.fee_invoiced': 'Sample fee invoiced', 'sample.fee_paid': 'Sample fee paid',
  'change.requested': 'Change requested', 'change.answered': 'Change priced',
  'change.accepted': 'Change accepted', 'change.withdrawn': 'Change withdrawn',
  'order.issued': 'Order issued', 'order.confirmed': 'Order confirmed',
  'order.countered': 'Order countered', 'payment.due': 'Payment due', 'payment.paid': 'Payment made',
  'milestone.actual': 'Milestone reached', inspection: 'Inspection', message: 'Message',
};
export const kindText = (k) => KIND[k] || words(k);

export const REASONS = [['moq', 'Minimums too low (MOQ)'], ['price', 'Price'], ['capacity', 'No capacity'],
  ['category', 'Not our category'], ['timeline', 'Timeline too short'], ['terms', 'Payment terms'],
  ['other', 'Other']];
export const reasonText = (r) => (REASONS.find((x) => x[0] === r) || [r, words(r)])[1];

export const STAGES = [['proto', 'Proto'], ['fit', 'Fit'], ['size_set', 'Size set'],
  ['pp', 'Pre-production (PP)'], ['shipment', 'Shipment']];
export const INCOTERMS = ['FOB', 'EXW', 'FCA', 'CIF', 'DDP', 'DAP', 'CPT', 'CFR'];

// The sample round's key "NL-LEG-01/fit/2" in words.
export function sampleName(key) {
  const [style, stage, round] = String(key).split('/');
  return `${style} ${(STAGES.find((s) => s[0] === stage) || [stage, stage])[1].toLowerCase()} ${round}`;
}

let seq = 0;
export const uid = (p) => `${p}-${++seq}`;

// A labelled control: <div class="field"><label for>..</label> control, hint, error</div>.
// field is the API's name for it (`quote[0].breaks[1].price`): an error naming it is shown
// under it.
export function input(label, attrs = {}, opts = {}) {
  const id = uid('f');
  const tag = opts.tag || 'input';
  const cls = `input${attrs.class ? ' ' + attrs.class : ''}`;
  const el = tag === 'select'
    ? h('select', { id, ...attrs, class: cls }, ...(opts.options || []).map(([v, t]) => h('option', { value: v }, t)))
    : h(tag, { id, ...attrs, class: cls });
  if (opts.field) el.dataset.field = opts.field;
  if (opts.value !== undefined && opts.value !== null) el.value = String(opts.value);
  const hintId = opts.hint ? uid('hint') : null;
  const errId = uid('err');
  el.setAttribute('aria-describedby', [hintId, errId].filter(Boolean).join(' '));
  const wrap = h('div', { class: 'field' + (opts.wide || tag === 'textarea' ? ' field-wide' : '') },
    h('label', { for: id }, label), el,
    opts.hint ? h('small', { id: hintId, class: 'hint' }, opts.hint) : null,
    h('p', { id: errId, class: 'field-error', hidden: true }));
  wrap.control = el;
  return wrap;
}

export const val = (wrap) => wrap.control.value.trim();
export const num = (wrap) => (val(wrap) === '' ? undefined : Number(val(wrap)));

// Clear the errors of a form, then show err at the field it names (or at the form's top).
export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  form.querySelectorAll('.field-error').forEach((p) => { p.hidden = true; p.textContent = ''; });
  const box = form.querySelector('.form-error');
  if (box) box.replaceChildren();
}

export function showError(form, err) {
  clearErrors(form);
  const field = err && err.field;
  let el = null;
  if (field) {
    el = [...form.querySelectorAll('[data-field]')].find((x) => x.dataset.field === field) ||
      [...form.querySelectorAll('[data-field]')].find((x) => field.startsWith(x.dataset.field + '.') ||
        field.startsWith(x.dataset.field + '['));
  }
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    const p = document.getElementById(el.getAttribute('aria-describedby').split(' ').pop());
    p.textContent = err.message || String(err);
    p.hidden = false;
    el.focus();
  } else {
    let box = form.querySelector('.form-error');
    if (!box) {
      box = h('div', { class: 'form-error' });
      form.prepend(box);
    }
    box.replaceChildren(ui.errorBox(err));
    box.setAttribute('tabindex', '-1');
    box.focus();
  }
  ui.announce(err && err.message ? err.message : 'It could not be recorded');
}

// A form whose submit runs send(); its errors go to its fields; done() after success.
export function form(title, children, verb, send, done, opts = {}) {
  if (!writer) return nothing();
  const button = h('button', { type: 'submit', class: opts.danger ? 'button danger' : 'button' }, verb);
  const f = h('form', { class: 'ledger-form form', novalidate: '' },
    title ? h('h3', {}, title) : null, h('div', { class: 'form-error', role: 'alert' }),
    h('div', { class: 'fields' }, ...children), h('div', { class: 'actions' }, button,
      opts.cancel ? h('button', { type: 'button', class: 'button secondary', onclick: opts.cancel }, 'Cancel') : null));
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(f);
    if (opts.confirm && !(await ui.confirm(opts.confirm, verb))) return;
    try {
      const r = await ui.busy(button, Promise.resolve().then(send));
      if (done) await done(r);
    } catch (err) {
      showError(f, err);
    }
  });
  return f;
}

// A button that reveals a form below it (and hides it again on Cancel).
export function reveal(label, build) {
  if (!writer) return [nothing(), nothing()];
  const slot = h('div', { class: 'reveal' });
  const b = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false' }, label);
  b.addEventListener('click', () => {
    if (slot.firstChild) {
      slot.replaceChildren();
      b.setAttribute('aria-expanded', 'false');
      return;
    }
    const close = () => { slot.replaceChildren(); b.setAttribute('aria-expanded', 'false'); b.focus(); };
    const f = build(close);
    slot.replaceChildren(f);
    b.setAttribute('aria-expanded', 'true');
    const first = f.querySelector('input, select, textarea, button');
    if (first) first.focus();
  });
  return [b, slot];
}

// A button that records one step at once (asking first when ask is given).
export function stepButton(label, send, done, ask) {
  if (!writer) return [nothing(), nothing()];
  const b = h('button', { type: 'button', class: 'button secondary' }, label);
  const out = h('div', { class: 'form-error', role: 'alert' });
  b.addEventListener('click', async () => {
    out.replaceChildren();
    if (ask && !(await ui.confirm(ask, label))) return;
    try {
      await ui.busy(b, Promise.resolve().then(send));
      if (done) await done();
    } catch (err) {
      out.replaceChildren(ui.errorBox(err));
    }
  });
  return [b, out];
}

// A table: caption, column headers, rows of cells (the first a row header). opts.num: the
// indexes of the columns of figures (money, quantities), right aligned.
export function table(caption, cols, rows, opts = {}) {
  const num = (i) => (opts.num && opts.num.includes(i) ? 'num' : null);
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h('table', { class: 'table' + (opts.cls ? ' ' + opts.cls : '') },
      h('caption', { class: opts.showCaption ? '' : 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, ...cols.map((c, i) => h('th', { scope: 'col', class: num(i) }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c, i) => (i === 0
        ? h('th', { scope: 'row' }, c) : h('td', { class: num(i) }, c))))))));
}

export const dl = (pairs) => h('dl', { class: 'facts' },
  ...pairs.filter((p) => p && p[1] !== null && p[1] !== undefined && p[1] !== '')
    .flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

// A card: <article aria-labelledby> with its heading.
export function card(title, ...children) {
  const id = uid('card');
  return h('article', { class: 'card ledger-card', 'aria-labelledby': id },
    h('h2', { id, class: 'card-title' }, title), ...children);
}

// A page that can fill itself again after a step (a refresh keeps the page, not the focus).
export async function page(title, intro, build) {
  const body = h('div', { class: 'ledger-body' });
  const root = h('section', { class: 'page ledger-page' }, h('div', { class: 'page-head' }, h('h1', {}, title)),
    intro ? h('p', { class: 'lead' }, intro) : null,
    writer ? null : h('p', { class: 'hint read-only' }, READ_ONLY), body);
  const refresh = async (said) => {
    const nodes = await build(refresh);
    body.replaceChildren(...[].concat(nodes).filter(Boolean));
    if (said) {
      // the control that was used is gone with the old content: the focus goes back to
      // the page's heading, and what happened is said
      const h1 = root.querySelector('h1');
      h1.setAttribute('tabindex', '-1');
      h1.focus();
      ui.announce(said);
    }
  };
  await refresh();
  return root;
}

export const today = () => new Date().toISOString().slice(0, 10);

export function dateOr(v, none = '') {
  return v ? ui.date(v) : none;
}

// The thread a message belongs to: its key and its name.
export function threadOf(ev) {
  if (ev.rfq && !ev.order && !ev.change && !ev.style) return ['rfq', ev.rfq, `RFQ ${ev.rfq}`];
  if (ev.order) return ['order', ev.order, `Order ${ev.order}`];
  if (ev.change) return ['change', ev.change, `Change ${ev.change}`];
  if (ev.style) {
    const key = `${ev.style}/${ev.stage}/${ev.round}`;
    return ['sample', key, `Sample ${sampleName(key)}`];
  }
  return ['other', '', 'Message'];
}

// The counterparts the caller has dealt with (from its RFQs and events), for a select.
export async function counterparts(api, me) {
  const seen = new Set();
  try {
    const r = await api.get('/api/rfqs');
    for (const x of r.rfqs || []) seen.add(other(me, x));
  } catch (e) { /* none */ }
  try {
    const r = await api.get('/api/events');
    for (const x of r.events || []) seen.add(other(me, x));
  } catch (e) { /* none */ }
  return [...seen].filter(Boolean).sort();
}

export function partySelect(me, list, opts = {}) {
  const label = isBrand(me) ? 'Factory' : 'Brand';
  if (!list.length) {
    return input(label, { type: 'text', required: '', autocomplete: 'off' },
      { field: isBrand(me) ? 'factory' : 'brand', hint: isBrand(me) ? "The factory's handle" : "The brand's handle", ...opts });
  }
  return input(label, {}, { tag: 'select', options: list.map((x) => [x, x]), field: isBrand(me) ? 'factory' : 'brand', ...opts });
}

export function party(me, wrap) {
  return isBrand(me) ? { factory: val(wrap) } : { brand: val(wrap) };
}

export function pairOf(me, x) {
  return isBrand(me) ? { factory: x.factory } : { brand: x.brand };
}

// A state as a badge of the app's colours.
const TONE = { quoted: 'ok', accepted: 'ok', confirmed: 'ok', ordered: 'ok', paid: 'ok', approved: 'ok',
  reviewed: 'neutral', declined: 'bad', withdrawn: 'bad', countered: 'bad', rejected: 'bad',
  sent: 'warn', requested: 'warn', issued: 'warn', answered: 'warn', acknowledged: 'neutral',
  shipped: 'neutral', received: 'neutral', invoiced: 'warn' };
export function stateBadge(state, text) {
  return h('span', { class: `badge badge-${TONE[state] || 'neutral'}` }, text || words(state));
}
