// What the organization's pages share: an API error shown at the field it names, a secret
// shown once with a Copy button, a role's words. Built on ui.js (docs/web.md): every string
// from the API reaches the page as a text node.
import {h, errorBox, announce, uid} from '../ui.js';

export const ROLES = ['owner', 'member', 'viewer'];
export const ROLE_TEXT = {
  owner: 'Owner: everything, and the team',
  member: 'Member: reads and writes the work',
  viewer: 'Viewer: reads only',
};

// "owner" -> "Owner".
export function roleName(role) {
  const r = String(role || '');
  return r ? r[0].toUpperCase() + r.slice(1) : '—';
}

// Take away what showFieldError put in form.
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.org-field-error, .org-form-error')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const ids = (el.getAttribute('aria-describedby') || '').split(' ')
      .filter((x) => x && !x.startsWith('orgerr-'));
    if (ids.length) el.setAttribute('aria-describedby', ids.join(' '));
    else el.removeAttribute('aria-describedby');
  }
}

// Show err (an ApiError) in form: next to the control named by fieldOf(err) (a name
// attribute of the form's controls; by default err.field), focused and described by the
// message; else as a box at the form's top. Returns the element holding the message.
export function showFieldError(form, err, fieldOf = (e) => e && e.field) {
  clearFieldErrors(form);
  const name = fieldOf(err);
  const control = name ? [...form.elements].find((el) => el.name === name) : null;
  const message = (err && err.message) || String(err);
  if (control) {
    const id = uid('orgerr');
    const p = h('p', {class: 'field-error org-field-error', id}, message);
    const anchor = control.closest('.field, fieldset') || control;
    if (anchor.tagName === 'FIELDSET') anchor.appendChild(p);
    else anchor.appendChild(p);
    control.setAttribute('aria-invalid', 'true');
    const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
    ids.push(id);
    control.setAttribute('aria-describedby', ids.join(' '));
    control.focus();
    announce(message);
    return p;
  }
  const box = errorBox(err);
  box.classList.add('org-form-error');
  box.setAttribute('tabindex', '-1');
  form.prepend(box);
  box.focus();
  return box;
}

// Copy text to the clipboard (the Clipboard API, or the selection of input when it is not
// there); true when it went.
async function copyText(text, input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back on the selection */
  }
  if (input) {
    input.focus();
    input.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    }
  }
  return false;
}

// A value shown once (a token's secret, an invitation's link): a read-only field labelled
// label, a button copyLabel that copies it, and the warning text. role="status" so that it
// is read out when it appears.
export function shownOnce({label, value, copyLabel, warning}) {
  const input = h('input', {type: 'text', readonly: true, value, class: 'input secret-value', spellcheck: 'false',
    autocomplete: 'off'});
  input.id = uid('once');
  const said = h('p', {class: 'hint', 'aria-live': 'polite'});
  const button = h('button', {type: 'button', class: 'button'}, copyLabel);
  button.addEventListener('click', async () => {
    const ok = await copyText(value, input);
    said.textContent = ok ? 'Copied.' : 'Select the text and copy it (Ctrl+C).';
    if (!ok) {
      input.focus();
      input.select();
    }
  });
  input.addEventListener('focus', () => input.select());
  return h('div', {class: 'shown-once', role: 'status'},
    h('p', {class: 'warning'}, h('strong', null, 'Shown only once. '), warning),
    h('div', {class: 'field'}, h('label', {for: input.id}, label),
      h('div', {class: 'copy-row'}, input, button)),
    said);
}

// A select of options [[value, text]], selected value.
export function select(name, options, value) {
  return h('select', {name, class: 'input'}, options.map(([v, t]) => h('option', {value: v, selected: v === value}, t)));
}

// A label only screen readers read, for a control whose visible label is the table's row
// and column (a role in a members table).
export function hiddenLabel(control, text) {
  if (!control.id) control.id = uid('c');
  return h('label', {for: control.id, class: 'visually-hidden'}, text);
}

// A line that says what happened (and reads it out).
export function said(el, text) {
  el.textContent = text;
  announce(text);
}

// A ui.table() that becomes a list of labelled rows on a narrow screen (web/css/org.css,
// .stack-table): each cell carries its column's label (data-label), and the table's roles
// are set explicitly, as a table shown as blocks keeps them for screen readers.
export function stackable(wrap) {
  wrap.classList.add('stack-table');
  const t = wrap.querySelector('table');
  if (!t) return wrap;
  t.setAttribute('role', 'table');
  const labels = [...t.querySelectorAll('thead th')].map((th) => th.textContent);
  for (const tr of t.querySelectorAll('tr')) tr.setAttribute('role', 'row');
  for (const th of t.querySelectorAll('thead th')) th.setAttribute('role', 'columnheader');
  for (const tr of t.querySelectorAll('tbody tr')) {
    [...tr.children].forEach((c, i) => {
      c.dataset.label = labels[i] || '';
      c.setAttribute('role', i === 0 && c.tagName === 'TH' ? 'rowheader' : 'cell');
    });
  }
  return wrap;
}
