// RFQs: the brand's sent RFQs with each factory's answer, the factory's inbox with the
// brand's readiness summary and record, one RFQ's events, the quote form, the comparison.
import * as ui from '../ui.js';
import {
  h, amount, card, dateOr, dl, form, input, isBrand, kindText, page, reasonText, REASONS,
  reveal, stepButton, table, writes, val, num, words, INCOTERMS, exponent, stateBadge as badgeOf,
} from './ledger-common.js';

const enc = encodeURIComponent;

// Each factory's answer to an RFQ, folded over its events: sent, acknowledged, quoted,
// declined, ordered; with the time of the last and the reason of a decline.
export function answers(events) {
  const out = new Map();
  for (const e of events) {
    const a = out.get(e.factory) || { factory: e.factory, state: 'sent', at: e.at };
    const st = { 'rfq.sent': 'sent', 'rfq.acknowledged': 'acknowledged', quote: 'quoted',
      'rfq.declined': 'declined', 'order.issued': 'ordered' }[e.kind];
    if (st) {
      a.state = st;
      a.at = e.at;
      if (e.kind === 'rfq.declined') a.reason = e.reason;
      if (e.kind === 'rfq.sent') a.due = e.due;
      if (e.kind === 'quote') a.quote = e;
    }
    out.set(e.factory, a);
  }
  return [...out.values()];
}

const ANSWER_TEXT = { expired: 'No answer by the reply-by date', unanswered: 'No answer yet', quoted: 'Quoted', declined: 'Declined' };
const answerText = (f) => (f.answer === 'declined' ? `Declined: ${reasonText(f.reason)}` : ANSWER_TEXT[f.answer] || words(f.answer));

// "No quotes yet", and what comes next: the days left, or the reply-by date passed.
function noQuotes(due) {
  if (!due) return 'No factory has quoted yet.';
  return due >= new Date().toISOString().slice(0, 10)
    ? `No quotes yet: factories have until ${ui.date(due)} to answer.`
    : `No quotes: the reply-by date, ${ui.date(due)}, has passed. Send the RFQ to other factories from your program's matches.`;
}

const STATE_TEXT = { sent: 'Awaiting an answer', acknowledged: 'Acknowledged', quoted: 'Quoted',
  declined: 'Declined', ordered: 'Ordered' };

export function stateBadge(state) {
  return badgeOf(state, STATE_TEXT[state]);
}

function paymentWords(pt) {
  if (!pt) return 'Not stated';
  const m = { 'deposit-balance': 'deposit and balance (T/T)', 'lc-at-sight': 'letter of credit at sight',
    'lc-usance': 'letter of credit (usance)', 'd/p': 'documents against payment',
    'd/a': 'documents against acceptance', 'open-account': 'open account' }[pt.method] || pt.method;
  const parts = [m.charAt(0).toUpperCase() + m.slice(1)];
  if (pt.deposit_bp !== null && pt.deposit_bp !== undefined) parts.push(`${(pt.deposit_bp / 100).toLocaleString()}% deposit`);
  if (pt.days !== null && pt.days !== undefined) parts.push(`${pt.days} days`);
  return parts.join(', ');
}

function growthWords(g) {
  if (!g || !g.length) return 'No growth plan given';
  return g.map((x) => `${x.season}: ${Number(x.units).toLocaleString()} units`).join('; ');
}

function recordElsewhere(rec) {
  if (!rec) {
    return h('p', { class: 'muted' }, 'No record yet: fewer than three factories have worked with this brand.');
  }
  const sc = rec.scorecard || {};
  const measures = (sc.measures || []).filter((m) => m.scored);
  return h('div', { class: 'record' },
    h('p', {}, `Overall ${sc.overall === null || sc.overall === undefined ? 'not scored' : Math.round(sc.overall)} of 100, with ${rec.counterparts} factories`),
    measures.length ? h('ul', { class: 'measures' }, ...measures.map((m) => h('li', {}, `${words(m.code)}: ${m.text}`))) : null);
}

function stylesText(lines) {
  return (lines || []).map((l) => `${l.style} × ${Number(l.qty).toLocaleString()}`).join(', ');
}

// The factory's inbox: each inquiry with the brand's readiness and record, and its actions.
async function inbox(ctx, refresh) {
  const r = await ctx.api.get('/api/rfqs');
  if (!r.rfqs.length) {
    return ui.empty('No inquiries yet',
      'When a brand sends your factory an RFQ it appears here, with the brand\'s readiness, so you can see which are worth a quote.',
      h('a', { href: '/factory' }, 'Keep your capability profile up to date'));
  }
  const cards = [];
  for (const q of [...r.rfqs].reverse()) {
    let evs = [];
    try {
      evs = (await ctx.api.get(`/api/rfqs/${enc(q.id)}`)).events;
    } catch (e) { /* the inquiry alone */ }
    const mine = answers(evs).find((a) => a.factory === q.factory) || { state: 'sent' };
    const rd = q.readiness;
    const blockers = rd && rd.blockers && rd.blockers.length
      ? h('ul', { class: 'blockers' }, ...rd.blockers.map((b) => h('li', {}, `${b.style ? b.style + ': ' : ''}${b.message}`)))
      : h('p', { class: 'ok' }, 'No blockers');
    const actions = h('div', { class: 'actions' });
    const open = mine.state === 'sent' || mine.state === 'acknowledged';
    if (mine.state === 'sent') {
      const [b, out] = stepButton('Acknowledge', () => ctx.api.post(`/api/rfqs/${enc(q.id)}/ack`, {}),
        () => refresh(`RFQ ${q.ref} acknowledged`));
      actions.append(b, out);
    }
    if (writes() && (open || mine.state === 'quoted')) {
      actions.append(h('a', { class: 'button', href: `/rfqs/${enc(q.id)}/quote` },
        mine.state === 'quoted' ? 'Revise quote' : 'Quote'));
    }
    let declineSlot = null;
    if (open) {
      const [b, slot] = reveal('Decline', (close) => {
        const reason = input('Reason', {}, { tag: 'select', options: REASONS, field: 'reason' });
        const text = input('Note to the brand', { rows: '3' }, { tag: 'textarea', field: 'text', hint: 'Optional: what would make it work' });
        return form(null, [reason, text], 'Decline RFQ', () => ctx.api.post(`/api/rfqs/${enc(q.id)}/decline`,
          { reason: val(reason), ...(val(text) ? { text: val(text) } : {}) }),
        () => refresh(`RFQ ${q.ref} declined`), { cancel: close, danger: true,
          confirm: `Decline ${q.brand}'s RFQ ${q.ref}? A decline cannot be taken back.` });
      });
      actions.append(b);
      declineSlot = slot;
    }
    actions.append(h('a', { href: `/rfqs/${enc(q.id)}` }, 'History'));
    cards.push(card(`${q.brand}: RFQ ${q.ref}`,
      h('p', { class: 'card-meta' }, stateBadge(mine.state),
        ` Sent ${dateOr(q.sent.at)}`, q.sent.due ? ` · reply by ${dateOr(q.sent.due)}${q.sent.due < new Date().toISOString().slice(0, 10) ? ' (passed)' : ''}` : ''),
      dl([['Styles', stylesText(q.sent.lines)]]),
      h('h3', {}, 'Readiness'),
      rd ? h('div', { class: 'readiness' },
        h('p', { class: 'score' }, h('span', { class: 'score-num' }, `${rd.score}`), ' of 100 ', ui.badge(rd.verdict)),
        h('h4', {}, 'Blockers'), blockers,
        dl([['Sampling budget', rd.sampling_budget === null ? 'Not stated' : ui.money(rd.sampling_budget, rd.currency)],
          ['Payment terms', paymentWords(rd.payment_terms)],
          ['Growth plan', growthWords(rd.growth_plan)]]))
        : h('p', { class: 'muted' }, 'Sent without a program: no readiness summary.'),
      h('h3', {}, 'Record with other factories'), recordElsewhere(q.record_elsewhere),
      actions, declineSlot));
  }
  return h('div', { class: 'cards' }, ...cards);
}

// The brand's RFQs: one card per ref, each factory's answer.
async function sent(ctx) {
  const r = await ctx.api.get('/api/rfqs');
  if (!r.rfqs.length) {
    return ui.empty('No RFQs sent yet',
      'Send an RFQ from a program: its matching factories page lists who to ask.',
      h('a', { href: '/programs' }, 'Go to your programs'));
  }
  const refs = [...new Set(r.rfqs.map((x) => x.ref))].reverse();
  const cards = [];
  for (const ref of refs) {
    const first = r.rfqs.find((x) => x.ref === ref);
    const evs = (await ctx.api.get(`/api/rfqs/${enc(ref)}`)).events;
    const ans = answers(evs);
    const quoted = ans.filter((a) => a.state === 'quoted' || a.state === 'ordered').length;
    cards.push(card(`RFQ ${ref}`,
      h('p', { class: 'card-meta' }, `Sent ${dateOr(first.sent.at)}`,
        first.sent.due ? ` · reply by ${dateOr(first.sent.due)}` : ''),
      dl([['Styles', stylesText(first.sent.lines)]]),
      table(`Answers to RFQ ${ref}`, ['Factory', 'State', 'Since'],
        ans.map((a) => [a.factory, h('span', {}, stateBadge(a.state), a.state === 'declined' ? h('span', { class: 'muted' }, h('br'), reasonText(a.reason)) : null), dateOr(a.at)])),
      h('div', { class: 'actions' },
        quoted ? h('a', { class: 'button', href: `/rfqs/${enc(ref)}/compare` }, `Compare quotes (${quoted})`)
          : h('span', { class: 'muted' }, noQuotes(first.sent.due)),
        h('a', { href: `/rfqs/${enc(ref)}` }, 'History'))));
  }
  return h('div', { class: 'cards' }, ...cards);
}

function eventDetail(e) {
  switch (e.kind) {
    case 'rfq.sent': return `${stylesText(e.lines)}${e.due ? `; reply by ${ui.date(e.due)}` : ''}`;
    case 'rfq.declined': return `${reasonText(e.reason)}${e.text ? `: ${e.text}` : ''}`;
    case 'quote': return (e.quote || []).map((s) => `${s.style}: ${(s.breaks || []).map((b) => `${amount(b.price, e.currency)} from ${b.qty}`).join(', ')}`).join('; ') +
      `${e.incoterm ? ` ${e.incoterm}` : ''}${e.valid_until ? `, valid until ${ui.date(e.valid_until)}` : ''}`;
    case 'message': return e.text;
    case 'order.issued': return `Order ${e.order}: ${(e.lines || []).length} lines`;
    case 'sample.requested': return `${e.style} ${e.stage} round ${e.round}${e.due ? `, wanted by ${ui.date(e.due)}` : ''}`;
    default: return e.text || '';
  }
}

export function timeline(events, me) {
  return h('ol', { class: 'timeline' }, ...events.map((e) => h('li', { class: `by-${e.by}` },
    h('p', { class: 'tl-head' }, h('strong', {}, kindText(e.kind)), ' · ',
      isBrand(me) ? (e.by === 'brand' ? `you to ${e.factory}` : e.factory) : (e.by === 'factory' ? 'you' : e.brand),
      ' · ', h('time', { datetime: e.at }, ui.date(e.at)),
      e.supersedes ? ' (a revision)' : ''),
    h('p', { class: 'tl-body' }, eventDetail(e)))));
}

// A message about the RFQ: a factory to its brand, a brand to one of the factories asked.
function messageBox(ctx, r, ans, refresh) {
  const me = ctx.me;
  const sent = r.events.find((e) => e.kind === 'rfq.sent');
  if (!sent) return null;
  const to = isBrand(me) ? input('To', {}, { tag: 'select', field: 'factory', options: ans.map((a) => [a.factory, a.factory]) }) : null;
  const text = input(`Message about RFQ ${r.ref}`, { rows: '3' }, { tag: 'textarea', field: 'text' });
  return h('div', {}, h('h2', {}, 'Write about this RFQ'),
    form(null, [to, text].filter(Boolean), 'Send message', () => ctx.api.post('/api/messages', {
      ...(isBrand(me) ? { factory: val(to) } : { brand: sent.brand }), rfq: r.ref, text: val(text) }),
    () => refresh('Message sent')));
}

async function one(ctx) {
  const id = ctx.params.id;
  return page(`RFQ ${id.includes(':') ? id.split(':').slice(1).join(':') : id}`, null, async (refresh) => {
    const r = await ctx.api.get(`/api/rfqs/${enc(id)}`);
    const brand = isBrand(ctx.me);
    const links = h('div', { class: 'actions' },
      brand ? h('a', { class: 'button', href: `/rfqs/${enc(id)}/compare` }, 'Compare quotes')
        : writes() ? h('a', { class: 'button', href: `/rfqs/${enc(id)}/quote` }, 'Quote') : null,
      h('a', { href: '/messages' }, 'Messages'), h('a', { href: '/rfqs' }, brand ? 'All RFQs' : 'Inbox'));
    const ans = answers(r.events);
    return [links,
      brand ? table(`Answers to RFQ ${r.ref}`, ['Factory', 'State', 'Since'],
        ans.map((a) => [a.factory, stateBadge(a.state), dateOr(a.at)])) : null,
      h('h2', {}, 'History'), timeline(r.events, ctx.me),
      messageBox(ctx, r, ans, refresh)];
  });
}

// The quote form, per style of the RFQ as sent.
async function quoteForm(ctx) {
  const id = ctx.params.id;
  return page(`Quote on ${id.replace(':', ' ')}`, 'Your prices per style, the minimums, the sample fee, the lead times and the terms.', async (refresh) => {
    const r = await ctx.api.get(`/api/rfqs/${enc(id)}`);
    const sentEv = r.events.find((e) => e.kind === 'rfq.sent');
    const prev = [...r.events].reverse().find((e) => e.kind === 'quote');
    if (!sentEv) return ui.empty('No such RFQ', 'It was not sent to your factory.', h('a', { href: '/rfqs' }, 'Back to the inbox'));
    let cur = prev ? prev.currency : 'EUR';
    try {
      const inbox = await ctx.api.get('/api/rfqs');
      const q = inbox.rfqs.find((x) => x.id === id);
      if (!prev && q && q.readiness && q.readiness.currency) cur = q.readiness.currency;
    } catch (e) { /* keep EUR */ }
    const currency = input('Currency', { type: 'text', maxlength: '3', autocomplete: 'off', class: 'short' },
      { field: 'currency', value: cur, hint: 'ISO 4217: EUR, USD, GBP...' });
    const validUntil = input('Valid until', { type: 'date' }, { field: 'valid_until', value: prev && prev.valid_until });
    const deposit = input('Deposit (%)', { type: 'number', min: '0', max: '100', step: '1' }, { field: 'deposit', value: prev ? prev.deposit : '30' });
    const balance = input('Balance due', { type: 'text' }, { field: 'balance', value: prev ? prev.balance : 'before shipment', hint: 'In words: before shipment, 30 days after shipment...' });
    const incoterm = input('Incoterm', {}, { tag: 'select', options: INCOTERMS.map((x) => [x, x]), field: 'incoterm', value: prev ? prev.incoterm || 'FOB' : 'FOB' });
    const styles = (sentEv.lines || []).map((l, i) => {
      const was = prev && (prev.quote || []).find((s) => s.style === l.style);
      const breaksBox = h('div', { class: 'breaks' });
      const rows = [];
      const addBreak = (qty, price) => {
        const k = rows.length;
        const q = input(`Quantity from (break ${k + 1})`, { type: 'number', min: '1', step: '1', inputmode: 'numeric' }, { field: `quote[${i}].breaks[${k}].qty`, value: qty });
        const p = input(`Unit price (break ${k + 1})`, { type: 'text', inputmode: 'decimal', autocomplete: 'off' }, { field: `quote[${i}].breaks[${k}].price`, value: price });
        rows.push([q, p]);
        breaksBox.append(h('div', { class: 'break-row' }, q, p));
        return q;
      };
      const initial = was ? was.breaks : [{ qty: Math.min(300, l.qty), price: '' }, { qty: l.qty >= 1000 ? l.qty : 1000, price: '' }];
      for (const b of initial) addBreak(b.qty, b.price);
      const more = h('button', { type: 'button', class: 'button secondary small' }, 'Add a price break');
      more.addEventListener('click', () => { if (rows.length < 20) addBreak('', '').control.focus(); });
      const f = {
        style: l.style, rows,
        moqStyle: input('MOQ per style', { type: 'number', min: '1', step: '1' }, { field: `quote[${i}].moq_style`, value: was ? was.moq_style : '' }),
        moqColor: input('MOQ per colour', { type: 'number', min: '1', step: '1' }, { field: `quote[${i}].moq_color`, value: was ? was.moq_color : '' }),
        fee: input('Sample fee', { type: 'text', inputmode: 'decimal' }, { field: `quote[${i}].sample_fee`, value: was ? was.sample_fee : '' }),
        refunded: h('input', { type: 'checkbox', id: `refund-${i}` }),
        sampling: input('Sampling lead (days)', { type: 'number', min: '0', step: '1' }, { field: `quote[${i}].sampling_days`, value: was ? was.sampling_days : '' }),
        production: input('Production lead (days)', { type: 'number', min: '0', step: '1' }, { field: `quote[${i}].production_days`, value: was ? was.production_days : '' }),
      };
      if (was && was.fee_refunded) f.refunded.checked = true;
      f.refunded.dataset.field = `quote[${i}].fee_refunded`;
      f.node = h('fieldset', { class: 'style-quote' },
        h('legend', {}, `${l.style}: ${Number(l.qty).toLocaleString()} units asked`),
        h('h4', {}, 'Price breaks'), h('p', { class: 'hint' }, 'The unit price from each quantity up, as a decimal: 14.90'), breaksBox, more,
        h('div', { class: 'fields' }, f.moqStyle, f.moqColor, f.fee,
          h('div', { class: 'field check' }, f.refunded, h('label', { for: `refund-${i}` }, 'Sample fee refunded on the order')),
          f.sampling, f.production));
      return f;
    });
    const send = () => {
      const body = {
        currency: val(currency).toUpperCase(),
        ...(val(validUntil) ? { valid_until: val(validUntil) } : {}),
        ...(val(deposit) ? { deposit: val(deposit) } : {}),
        ...(val(balance) ? { balance: val(balance) } : {}),
        incoterm: val(incoterm),
        quote: styles.map((s) => {
          const o = { style: s.style, breaks: s.rows.filter(([q, p]) => val(q) || val(p)).map(([q, p]) => ({ qty: num(q), price: val(p) })) };
          if (val(s.moqStyle)) o.moq_style = num(s.moqStyle);
          if (val(s.moqColor)) o.moq_color = num(s.moqColor);
          if (val(s.fee)) { o.sample_fee = val(s.fee); o.fee_refunded = s.refunded.checked; }
          if (val(s.sampling)) o.sampling_days = num(s.sampling);
          if (val(s.production)) o.production_days = num(s.production);
          return o;
        }),
      };
      if (prev) body.supersedes = prev.id;
      return ctx.api.post(`/api/rfqs/${enc(id)}/quotes`, body);
    };
    const f = form(null, [h('fieldset', { class: 'terms' }, h('legend', {}, 'Terms'),
      h('div', { class: 'fields' }, currency, validUntil, deposit, balance, incoterm)),
    ...styles.map((s) => s.node)], prev ? 'Send revised quote' : 'Send quote', send,
    () => { ui.announce('Quote sent'); ctx.go(`/rfqs/${enc(id)}`); });
    return [prev ? h('p', { class: 'notice' }, `You quoted on ${ui.date(prev.at)}: sending again revises that quote.`) : null, f];
  });
}

// The comparison: ranked at landed cost, with the reasons, the T&A verdicts and the terms.
async function compare(ctx) {
  const ref = ctx.params.id;
  return page(`Quotes for RFQ ${ref}`, 'Every answer, landed at your warehouse by sea, ranked by landed cost.', async () => {
    const c = await ctx.api.get(`/api/rfqs/${enc(ref)}/compare`);
    const cur = c.currency;
    const quoted = c.factories.filter((f) => f.answer === 'quoted');
    const rest = c.factories.filter((f) => f.answer !== 'quoted');
    const dl_ = h('a', { class: 'button secondary', href: `/api/rfqs/${enc(ref)}/compare.xlsx`, download: `${ref}-compare.xlsx` }, 'Download as Excel (XLSX)');
    if (!quoted.length) {
      let due = null;
      try { due = (await ctx.api.get(`/api/rfqs/${enc(ref)}`)).events.find((e) => e.kind === 'rfq.sent').due; } catch (e) { /* none */ }
      return [ui.empty('No quotes yet', noQuotes(due), h('a', { href: `/rfqs/${enc(ref)}` }, 'See the RFQ')),
        rest.length ? table('Answers', ['Factory', 'Answer'], rest.map((f) => [f.factory, answerText(f)])) : null];
    }
    const slack = (d) => (d === null || d === undefined ? '' : d < 0 ? `${-d} days late` : `${d} days to spare`);
    // each quote's own currency (its prices as quoted), from the RFQ's events
    const quoteCur = new Map();
    try {
      for (const e of (await ctx.api.get(`/api/rfqs/${enc(ref)}`)).events) if (e.kind === 'quote') quoteCur.set(e.id, e.currency);
    } catch (e) { /* the brand's currency */ }
    const rows = [...quoted].sort((a, b) => (a.rank || 99) - (b.rank || 99)).map((f) => [
      `${f.rank || '–'}. ${f.factory}`, ui.money(f.total_landed, cur), `${f.lead_days} days`, slack(f.slack_days),
      f.terms_harder ? 'Harder than asked' : 'As you asked']);
    const best = c.best ? h('div', { class: 'notice best' }, h('h2', {}, `Best fit: ${c.best}`), h('p', {}, c.why)) : h('p', { class: 'notice' }, c.why || 'No best fit.');
    const details = quoted.map((f) => {
      const qc = quoteCur.get(f.quote_event) || cur;
      return card(`${f.factory}${f.rank ? ` (rank ${f.rank})` : ''}`,
        dl([['Origin', f.origin], ['Landed total', ui.money(f.total_landed, cur)], ['FOB total', ui.money(f.total_fob, cur)],
          ['Extra for minimums', f.minimums_extra_cost ? ui.money(f.minimums_extra_cost, cur) : 'None'],
          ['Sample fees', `${ui.money(f.sample_fees, cur)}${f.sample_fees_refunded ? ` (${ui.money(f.sample_fees_refunded, cur)} refunded)` : ''}${f.over_sampling_budget ? ', over your sampling budget' : ''}`],
          ['T&A', `${f.sampling_days} days sampling + ${f.production_days} production: in your warehouse ${dateOr(f.in_warehouse)}${f.slack_days < 0 ? `, ${-f.slack_days} days late for the launch (${f.late_style})` : ''}`],
          ['Terms', `${f.deposit_bp === null || f.deposit_bp === undefined ? '' : `${f.deposit_bp / 100}% deposit, `}balance ${f.balance || 'not stated'}${f.terms_harder ? ` (harder: ${f.terms})` : ''}`],
          ['Styles', f.complete ? 'Every style quoted' : 'Not every style quoted'],
          f.lapsed ? ['Validity', 'The quote has lapsed'] : null]),
        table(`${f.factory}: per style (${cur}; prices as quoted in ${qc})`, ['Style', 'Qty', 'Price quoted', 'Break', 'FOB', 'Duty', 'Landed', 'Margin (retail)', 'MOQ'],
          f.styles.map((s) => [s.style, Number(s.qty).toLocaleString(), s.quoted ? ui.money(s.price_quoted, qc) : 'Not quoted',
            s.break_qty ? `from ${s.break_qty}` : '', ui.money(s.fob, cur), ui.money(s.duty, cur), ui.money(s.landed, cur),
            s.retail_margin_bp === null || s.retail_margin_bp === undefined ? '' : ui.percent(s.retail_margin_bp / 10000),
            `${s.moq_style || '–'} / ${s.moq_color || '–'} per colour`]), { num: [1, 2, 4, 5, 6, 7] }),
        writes() ? h('div', { class: 'actions' }, h('a', { class: 'button', href: `/orders?issue=${enc(ref)}&factory=${enc(f.factory)}` }, `Order from ${f.factory}`)) : null);
    });
    return [h('div', { class: 'actions' }, dl_), best,
      table(`Quotes for RFQ ${ref}, ranked by landed cost (${cur})`, ['Factory', 'Landed total', 'Lead time', 'Launch', 'Terms'], rows, { showCaption: true, num: [1, 2] }),
      rest.length ? h('div', {}, h('h2', {}, 'Not quoting'), h('ul', {}, ...rest.map((f) => h('li', {}, `${f.factory}: ${answerText(f)}`)))) : null,
      h('h2', {}, 'Each quote'), h('div', { class: 'stack' }, ...details)];
  });
}

export const routes = [
  { path: '/rfqs', title: 'RFQs', side: 'any',
    render: (ctx) => (isBrand(ctx.me)
      ? page('RFQs sent', 'Each RFQ and what every factory answered.', () => sent(ctx))
      : page('RFQ inbox', 'Inquiries from brands, with each brand\'s readiness and record: see which are worth a quote.', (refresh) => inbox(ctx, refresh))) },
  { path: '/rfqs/:id', title: 'RFQ', side: 'any', render: one },
  { path: '/rfqs/:id/quote', title: 'Quote', side: 'factory', render: quoteForm },
  { path: '/rfqs/:id/compare', title: 'Compare quotes', side: 'brand', render: compare },
];
export { exponent };
