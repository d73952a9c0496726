// The factories of the registry that fit a program (GET /api/programs/{id}/matches), with
// their reasons and the near misses with why each misses; the ones chosen go to the RFQ form
// (/programs/:id/rfq), which sends it (POST /api/rfqs) and goes on to /rfqs.
import * as ui from '../ui.js';
import { programHead, section } from './programs-common.js';

import { writes } from './ledger-common.js';
const h = ui.h;

function reasons(list) {
  if (!list || !list.length) return null;
  return h('ul', { class: 'reasons' }, ...list.map((r) => {
    const li = h('li', {}, h('span', { class: 'points' }, `${r.points}/${r.max}`), ' ', r.text);
    return li;
  }));
}

// A factory's card with its checkbox ("Choose <name>"; a viewer's without); near: a near miss's why.
function factoryCard(f, chosen, near) {
  const id = `pick-${f.handle}`;
  const box = h('input', { type: 'checkbox', id, name: 'to', value: f.handle, checked: chosen.has(f.handle) });
  box.addEventListener('change', () => {
    if (box.checked) chosen.add(f.handle);
    else chosen.delete(f.handle);
    box.dispatchEvent(new CustomEvent('chosen', { bubbles: true }));
  });
  const styles = Array.isArray(f.styles) && f.styles.length
    ? h('p', { class: 'muted' }, 'Styles: ', f.styles.map((s) => (typeof s === 'string' ? s : s.code || s.style || '')).join(', '))
    : null;
  const card = h('article', { class: `factory-card${near ? ' near' : ''}` },
    h('div', { class: 'factory-head' },
      // a viewer sends no RFQ: the name without the box that chooses it
      writes() ? h('span', { class: 'pick' }, box, h('label', { for: id }, `Choose ${f.name}`))
        : h('span', { class: 'pick' }, f.name),
      h('span', { class: 'fit' }, h('strong', {}, String(f.score)), ' / 100')),
    h('p', { class: 'muted' }, `${f.country} · ${f.handle}${f.preferred_origin ? ' · a preferred origin' : ''}`),
    styles);
  if (near) {
    card.append(h('div', { class: 'notice warning' },
      h('p', {}, h('strong', {}, 'Why it misses: '), near.change || near.fails || 'it misses one requirement',
        near.style ? ` (${near.style})` : '')));
  }
  const why = reasons(f.reasons);
  if (why) card.append(h('details', {}, h('summary', {}, `Why ${f.score} points`), why));
  if (f.certification_note) card.append(h('p', { class: 'hint' }, f.certification_note));
  return card;
}

export async function renderMatches(ctx) {
  const id = ctx.params.id;
  const row = await ctx.api.get(`/api/programs/${id}`);
  const m = await ctx.api.get(`/api/programs/${id}/matches?top=10`);
  const page = h('div', { class: 'page programs-page report matches' }, programHead(id, row.name, 'matches', 'Factories'));
  const chosen = new Set();
  const count = h('span', { 'aria-live': 'polite' }, 'None chosen');
  const send = h('button', { type: 'button', class: 'button', disabled: true }, 'Send RFQ');
  const update = () => {
    send.disabled = chosen.size === 0;
    count.textContent = chosen.size ? `${chosen.size} chosen` : 'None chosen';
  };
  send.addEventListener('click', () => {
    ctx.go(`/programs/${id}/rfq?to=${encodeURIComponent([...chosen].join(','))}`);
  });
  page.addEventListener('chosen', update);
  page.append(h('section', { class: 'card summary' },
    h('p', {}, `${m.candidates} of the ${m.factories} factories on file make what the program needs; ` +
      `the ${(m.matches || []).length} that fit best, then the near misses. Choose the ones to ask for a quote.`),
    (m.preferred_origins || []).length
      ? h('p', { class: 'muted' }, `Your preferred origins: ${m.preferred_origins.join(', ')}.`) : null,
    m.closed ? h('p', { class: 'muted' }, `${m.closed} closed factories left out.`) : null));
  const matches = m.matches || [];
  if (!matches.length) {
    page.append(ui.empty('No factory fits every requirement',
      'The near misses below say what each would need; the readiness report says what to change.',
      { href: `/programs/${id}`, label: 'Open the readiness report' }));
  } else {
    page.append(section('Best fits', h('div', { class: 'factory-list' },
      ...matches.map((f) => factoryCard(f, chosen, null)))));
  }
  const near = m.near_misses || [];
  if (near.length) {
    page.append(section('Near misses', h('p', { class: 'muted' }, 'Each misses one thing, said on its card.'),
      h('div', { class: 'factory-list' }, ...near.map((f) => factoryCard(f, chosen, f)))));
  }
  const groups = m.groups || [];
  if (groups.length) {
    page.append(section('Split between factories', h('p', { class: 'muted' },
      'No one factory makes every style: these together do.'),
    h('ul', {}, ...groups.map((g) => h('li', {}, h('strong', {}, g.name || `Factory ${g.factory_id}`),
      ` (${g.score} / 100): ${(g.styles || []).join(', ')}`)))));
  }
  const closest = m.closest || [];
  if (closest.length) {
    page.append(section('Closest, though short of several requirements', h('ul', {},
      ...closest.map((f) => h('li', {}, h('strong', {}, f.name || f.handle || ''),
        ` (${f.country || '?'}${f.handle ? `, ${f.handle}` : ''}): ${f.gaps || (f.fails || []).join(', ')}`)))));
  }
  const unc = m.uncovered || [];
  if (unc.length) {
    page.append(section('Styles no factory on file makes', h('p', {}, unc.join(', '),
      ': no factory in the registry makes these; look beyond it, or change the style.')));
  }
  if (writes()) {
    page.append(h('div', { class: 'card choose-bar' }, h('div', { class: 'actions' }, send, count),
      h('p', { class: 'hint' }, 'The RFQ form that follows lets you add or remove factories by their handle.')));
  }
  return page;
}

function today(plusDays) {
  const d = new Date(Date.now() + plusDays * 86400000);
  return d.toISOString().slice(0, 10);
}

export async function renderRfq(ctx) {
  const id = ctx.params.id;
  const row = await ctx.api.get(`/api/programs/${id}`);
  const picked = (ctx.query.get('to') || '').split(',').map((s) => s.trim()).filter(Boolean);
  const page = h('div', { class: 'page programs-page rfq' }, programHead(id, row.name, 'matches', 'Send an RFQ'));
  const slug = (row.name || 'RFQ').toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 16);
  const ref = h('input', { id: 'rfq-ref', name: 'ref', class: 'input', required: true,
    value: `${slug || 'RFQ'}-${today(0).replace(/-/g, '')}`, autocomplete: 'off' });
  const reply = h('input', { id: 'rfq-reply-by', name: 'reply_by', type: 'date', class: 'input',
    required: true, value: today(14), min: today(1) });
  const handles = h('textarea', { id: 'rfq-to', name: 'to', class: 'input', rows: '3',
    autocomplete: 'off', spellcheck: 'false' });
  handles.value = picked.join('\n');
  const sendBtn = h('button', { type: 'submit', class: 'button' }, 'Send RFQ');
  const form = h('form', { class: 'form', novalidate: true },
    ui.field('RFQ reference', ref, 'Your own reference: the factories see it with the program.'),
    ui.field('Reply by', reply, 'The day you want the quotes by.'),
    ui.field('Factories (handles, one a line)', handles,
      'The factories chosen on the matches page; add or remove handles here.'),
    h('div', { class: 'actions' }, sendBtn,
      h('a', { href: `/programs/${id}/matches`, class: 'button secondary' }, 'Back to the factories')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    ui.clearErrors(form);
    const to = handles.value.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
    if (!to.length) {
      ui.showErrors(form, { field: 'to', message: 'Choose at least one factory: its handle, one a line.' });
      return;
    }
    if (!ref.value.trim()) {
      ui.showErrors(form, { field: 'ref', message: 'Give the RFQ a reference.' });
      return;
    }
    const ok = await ui.confirm(`Send the RFQ ${ref.value.trim()} for ${row.name} to ${to.length} ` +
      `factor${to.length === 1 ? 'y' : 'ies'}? They see the program and its readiness report as of today; ` +
      'a sent RFQ cannot be taken back.', 'Send RFQ');
    if (!ok) return;
    const body = { ref: ref.value.trim(), program: Number(id), to };
    if (reply.value) body.reply_by = reply.value;
    try {
      await ui.busy(sendBtn, ctx.api.post('/api/rfqs', body));
      ui.announce(`RFQ ${body.ref} sent to ${to.length}`);
      ctx.go('/rfqs');
    } catch (err) {
      if (err.status === 401) throw err;
      ui.showErrors(form, err);
    }
  });
  page.append(section('The request for quotation',
    h('p', {}, 'Each factory receives the program as it is now and its readiness report, and ' +
      'answers with a quote or a decline in its inbox.'), form));
  return page;
}
