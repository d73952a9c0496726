// Samples as a board by state, and change requests: each with the actions of the caller's
// side.
import * as ui from '../ui.js';
import {
  h, amount, card, counterparts, dateOr, dl, form, input, isBrand, other, otherLabel, page,
  pairOf, party, partySelect, reveal, sampleName, STAGES, stepButton, table, val, num, words, stateBadge,
} from './ledger-common.js';

const COLUMNS = [['requested', 'Requested'], ['shipped', 'Shipped'], ['received', 'Received'],
  ['reviewed', 'Reviewed']];

function lastOf(events, pred) {
  for (let i = events.length - 1; i >= 0; i--) if (pred(events[i])) return events[i];
  return null;
}

function sampleCard(ctx, it, evs, refresh, all = []) {
  const me = ctx.me;
  const st = it.state || {};
  const [style, stage, round] = it.key.split('/');
  const mine = evs.filter((e) => e.style === style && e.stage === stage && String(e.round) === round &&
    e.brand === it.brand && e.factory === it.factory);
  const req = lastOf(mine, (e) => e.kind === 'sample.requested');
  const ship = lastOf(mine, (e) => e.kind === 'sample.shipped');
  const inv = lastOf(mine, (e) => e.kind === 'sample.fee_invoiced');
  const paid = lastOf(mine, (e) => e.kind === 'sample.fee_paid');
  const rev = lastOf(mine, (e) => e.kind === 'sample.reviewed');
  const key = { ...pairOf(me, it), style, stage, round: Number(round) };
  const post = (path, body) => ctx.api.post(path, { ...key, ...body });
  const actions = h('div', { class: 'actions' });
  const slots = [];
  const add = ([b, slot]) => { actions.append(b); if (slot) slots.push(slot); };
  const name = sampleName(it.key);
  if (isBrand(me)) {
    if (st.status === 'shipped') {
      add(stepButton('Mark received', () => post('/api/samples/receive', {}), () => refresh(`${name} received`)));
    }
    if (st.status === 'received') {
      add(reveal('Review', (close) => {
        const verdict = input('Verdict', {}, { tag: 'select', field: 'verdict',
          options: [['approved', 'Approved'], ['approved_with_comments', 'Approved with comments'], ['rejected', 'Rejected']] });
        const text = input('Comments', { rows: '3' }, { tag: 'textarea', field: 'text', hint: 'What to change for the next round' });
        return form(null, [verdict, text], 'Record review', () => post('/api/samples/review',
          { verdict: val(verdict), ...(val(text) ? { text: val(text) } : {}) }),
        () => refresh(`${name} reviewed`), { cancel: close,
          confirm: `Record this review of ${name}? A review cannot be changed.` });
      }));
    }
    if (inv && !paid) {
      add(stepButton(`Pay fee ${amount(inv.amount, inv.currency)}`, () => post('/api/samples/pay',
        { amount: inv.amount, currency: inv.currency }), () => refresh(`${name}: fee paid`),
      `Record the payment of ${amount(inv.amount, inv.currency)} for ${name}?`));
    }
    const nextKey = `${style}/${stage}/${Number(round) + 1}`;
    if (rev && rev.verdict === 'rejected' && !all.some((x) => x.key === nextKey && x.factory === it.factory)) {
      add(reveal(`Request round ${Number(round) + 1}`, (close) => requestForm(ctx, refresh, close,
        { party: it.factory, style, stage, round: Number(round) + 1, rfq: req && req.rfq })));
    }
  } else {
    if (st.status === 'requested') {
      add(reveal('Ship', (close) => {
        const courier = input('Courier', { type: 'text' }, { field: 'courier' });
        const tracking = input('Tracking number', { type: 'text' }, { field: 'tracking' });
        return form(null, [courier, tracking], 'Record shipment', () => post('/api/samples/ship',
          { ...(val(courier) ? { courier: val(courier) } : {}), ...(val(tracking) ? { tracking: val(tracking) } : {}) }),
        () => refresh(`${name} shipped`), { cancel: close });
      }));
    }
    if (!inv && req && req.amount) {
      add(reveal('Invoice fee', (close) => {
        const amt = input('Amount', { type: 'text', inputmode: 'decimal' }, { field: 'amount', value: req.amount });
        const cur = input('Currency', { type: 'text', maxlength: '3', class: 'short' }, { field: 'currency', value: req.currency });
        const due = input('Due', { type: 'date' }, { field: 'due' });
        return form(null, [amt, cur, due], 'Send invoice', () => post('/api/samples/invoice',
          { amount: val(amt), currency: val(cur).toUpperCase(), ...(val(due) ? { due: val(due) } : {}) }),
        () => refresh(`${name}: fee invoiced`), { cancel: close });
      }));
    }
  }
  const fee = inv ? `${amount(inv.amount, inv.currency)} ${paid ? 'paid' : 'invoiced'}${inv.due && !paid ? `, due ${ui.date(inv.due)}` : ''}`
    : req && req.amount ? `${amount(req.amount, req.currency)} agreed` : 'None';
  return card(name,
    h('p', { class: 'card-meta' }, `${otherLabel(me)}: ${other(me, it)}`),
    dl([['Due', req && req.due ? ui.date(req.due) : null],
      ['Shipped', ship ? `${dateOr(ship.at)}${ship.courier ? ` by ${ship.courier}` : ''}${ship.tracking ? ` (${ship.tracking})` : ''}` : null],
      ['Verdict', rev ? stateBadge(rev.verdict === 'rejected' ? 'rejected' : 'approved', { approved: 'Approved', approved_with_comments: 'Approved with comments', rejected: 'Rejected' }[rev.verdict] || words(rev.verdict)) : null], ['Comments', rev && rev.text ? rev.text : null],
      ['Fee', fee], ['Last step', `${words(it.last)}, ${dateOr(it.at)}`]]),
    actions, ...slots);
}

function requestForm(ctx, refresh, close, pre = {}, list = []) {
  const who = pre.party ? null : partySelect(ctx.me, list);
  const style = input('Style', { type: 'text' }, { field: 'style', value: pre.style });
  const stage = input('Stage', {}, { tag: 'select', options: STAGES, field: 'stage', value: pre.stage || 'proto' });
  const round = input('Round', { type: 'number', min: '1', max: '99', step: '1' }, { field: 'round', value: pre.round || 1 });
  const due = input('Wanted by', { type: 'date' }, { field: 'due' });
  const amt = input('Sample fee', { type: 'text', inputmode: 'decimal' }, { field: 'amount', hint: 'Optional, as agreed' });
  const cur = input('Fee currency', { type: 'text', maxlength: '3', class: 'short' }, { field: 'currency', value: 'EUR' });
  const rfq = input('RFQ', { type: 'text' }, { field: 'rfq', value: pre.rfq, hint: 'Optional: the RFQ it samples' });
  return form(pre.round > 1 ? null : 'Request a sample', [who, style, stage, round, due, amt, cur, rfq].filter(Boolean),
    'Request sample', () => ctx.api.post('/api/samples/request', {
      ...(pre.party ? { factory: pre.party } : party(ctx.me, who)),
      style: val(style), stage: val(stage), round: num(round),
      ...(val(due) ? { due: val(due) } : {}), ...(val(rfq) ? { rfq: val(rfq) } : {}),
      ...(val(amt) ? { amount: val(amt), currency: val(cur).toUpperCase() } : {}),
    }), () => refresh('Sample requested'), { cancel: close });
}

export async function samples(ctx) {
  return page('Samples', isBrand(ctx.me) ? 'Every sample round with your factories, by where it stands.'
    : 'The samples brands asked you for: ship them, invoice the fee, see the verdict.', async (refresh) => {
    const [r, ev] = await Promise.all([ctx.api.get('/api/samples'), ctx.api.get('/api/events?kind=sample.')]);
    const top = [];
    if (isBrand(ctx.me)) {
      const list = await counterparts(ctx.api, ctx.me);
      const [b, slot] = reveal('Request a sample', (close) => requestForm(ctx, refresh, close, {}, list));
      top.push(h('div', { class: 'actions' }, b), slot);
    }
    if (!r.items.length) {
      return [...top, ui.empty('No samples yet', isBrand(ctx.me)
        ? 'Request a proto or fit sample from a factory that quoted.'
        : 'When a brand requests a sample it appears here, to ship.', null)];
    }
    const cols = COLUMNS.map(([status, title]) => {
      const items = r.items.filter((it) => (it.state && it.state.status) === status);
      const id = `col-${status}`;
      return h('section', { class: 'board-col', 'aria-labelledby': id },
        h('h2', { id }, `${title} `, h('span', { class: 'count' }, `(${items.length})`)),
        items.length ? h('div', { class: 'col-cards' }, ...items.map((it) => sampleCard(ctx, it, ev.events, refresh, r.items)))
          : h('p', { class: 'muted' }, 'None'));
    });
    return [...top, h('div', { class: 'board' }, ...cols)];
  });
}

export async function changes(ctx) {
  return page('Changes', isBrand(ctx.me) ? 'Changes you asked for after the spec was agreed, priced by the factory.'
    : 'Changes brands ask for: price them in money and days.', async (refresh) => {
    const [r, ev] = await Promise.all([ctx.api.get('/api/changes'), ctx.api.get('/api/events?kind=change.')]);
    const me = ctx.me;
    const top = [];
    if (isBrand(me)) {
      const list = await counterparts(ctx.api, me);
      const [b, slot] = reveal('Request a change', (close) => {
        const who = partySelect(me, list);
        const ref = input('Change reference', { type: 'text' }, { field: 'change', value: `CR-${r.items.length + 1}` });
        const style = input('Style', { type: 'text' }, { field: 'style' });
        const what = input('What changes', { type: 'text' }, { field: 'what', hint: 'waistband, fabric, trim...' });
        const from = input('Now', { type: 'text' }, { field: 'from', hint: 'As agreed today' });
        const to = input('Changed to', { type: 'text' }, { field: 'to' });
        const order = input('Order', { type: 'text' }, { field: 'order', hint: 'Optional: the order it changes' });
        return form('Request a change', [who, ref, style, what, from, to, order], 'Request change',
          () => ctx.api.post('/api/changes/request', { ...party(me, who), change: val(ref), style: val(style), what: val(what),
            ...(val(from) ? { from: val(from) } : {}), ...(val(to) ? { to: val(to) } : {}), ...(val(order) ? { order: val(order) } : {}) }),
          () => refresh('Change requested'), { cancel: close });
      });
      top.push(h('div', { class: 'actions' }, b), slot);
    }
    if (!r.items.length) {
      return [...top, ui.empty('No changes yet', isBrand(me) ? 'Ask a factory to price a change to an agreed style.'
        : 'When a brand asks for a change it appears here, to price.', null)];
    }
    const cards = r.items.map((it) => {
      const mine = ev.events.filter((e) => e.change === it.key && e.brand === it.brand && e.factory === it.factory);
      const req = lastOf(mine, (e) => e.kind === 'change.requested');
      const ans = lastOf(mine, (e) => e.kind === 'change.answered');
      const st = (it.state && it.state.status) || words(it.last);
      const body = pairOf(me, it);
      const actions = h('div', { class: 'actions' });
      const slots = [];
      if (isBrand(me) && st === 'answered') {
        const [b, out] = stepButton('Accept', () => ctx.api.post('/api/changes/accept', { ...body, change: it.key }),
          () => refresh(`${it.key} accepted`), `Accept ${it.key} at ${ans && ans.amount ? amount(ans.amount, ans.currency) : 'no cost'}${ans && ans.days ? ` and ${ans.days} days` : ''}?`);
        actions.append(b, out);
      }
      if (isBrand(me) && (st === 'requested' || st === 'answered')) {
        const [b, out] = stepButton('Withdraw', () => ctx.api.post('/api/changes/withdraw', { ...body, change: it.key }),
          () => refresh(`${it.key} withdrawn`), `Withdraw ${it.key}? It cannot be reopened.`);
        actions.append(b, out);
      }
      if (!isBrand(me) && (st === 'requested' || st === 'answered')) {
        const [b, slot] = reveal(st === 'answered' ? 'Price again' : 'Answer with a price', (close) => {
          const amt = input('Cost per unit', { type: 'text', inputmode: 'decimal' }, { field: 'amount', hint: 'What the change adds to the unit price' });
          const cur = input('Currency', { type: 'text', maxlength: '3', class: 'short' }, { field: 'currency', value: 'EUR' });
          const days = input('Days it adds', { type: 'number', min: '0', max: '3650', step: '1' }, { field: 'days' });
          return form(null, [amt, cur, days], 'Send answer', () => ctx.api.post('/api/changes/answer', {
            ...body, change: it.key, ...(val(amt) ? { amount: val(amt), currency: val(cur).toUpperCase() } : {}),
            ...(val(days) ? { days: num(days) } : {}),
            ...(ans ? { supersedes: ans.id } : {}) }), () => refresh(`${it.key} answered`), { cancel: close });
        });
        actions.append(b);
        slots.push(slot);
      }
      return card(`${it.key}${req ? `: ${req.style} ${req.what}` : ''}`,
        h('p', { class: 'card-meta' }, stateBadge(st), ` ${otherLabel(me)}: ${other(me, it)}`),
        dl([['Change', req && (req.from || req.to) ? `${req.from || '?'} → ${req.to || '?'}` : null], ['Order', req && req.order],
          ['Price', ans ? `${ans.amount ? amount(ans.amount, ans.currency) : 'No cost'}${ans.days ? `, ${ans.days} days more` : ''}` : 'Not priced yet'],
          ['After sign-off', it.state && it.state.after_signoff ? 'Yes: asked after the style\'s sign-off (an approved sample or an order)' : null],
          ['Last step', `${words(it.last)}, ${dateOr(it.at)}`]]), actions, ...slots);
    });
    return [...top, h('div', { class: 'cards' }, ...cards)];
  });
}
