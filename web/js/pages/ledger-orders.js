// Orders (issue, confirm, counter; payments due and paid; production milestones),
// inspections, messages and scorecards.
import * as ui from '../ui.js';
import {
  h, amount, card, counterparts, dateOr, dl, form, input, isBrand, other, otherLabel, page,
  pairOf, party, partySelect, reveal, stepButton, table, threadOf, val, num, words, INCOTERMS,
  minor, kindText, stateBadge,
} from './ledger-common.js';

const enc = encodeURIComponent;
const MILESTONES = [['fabric_in', 'Fabric in'], ['cut', 'Cutting done'], ['sewn', 'Sewing done'],
  ['finished', 'Finishing done'], ['packed', 'Packed'], ['ex_factory', 'Ex-factory']];
const milestoneText = (m) => (MILESTONES.find((x) => x[0] === m) || [m, words(m)])[1];

// The unit price of a quoted style at qty: the last break at or below it, the first below all.
function priceAt(style, qty) {
  const bs = style.breaks || [];
  let p = bs.length ? bs[0] : null;
  for (const b of bs) if (b.qty <= qty) p = b;
  return p;
}

function pricesCheck(prices, cur) {
  if (!prices || !prices.length) return null;
  const flagged = prices.filter((p) => p.flagged).length;
  return h('div', { class: 'prices-check' },
    h('h3', {}, 'Prices against the quote'),
    h('p', { class: flagged ? 'warn' : 'ok' }, flagged ? `${flagged} line${flagged > 1 ? 's differ' : ' differs'} from the quote` : 'Every line is at the quoted price'),
    table('Prices against the quote', ['Line', 'Price', 'Quoted', 'Break', 'Check'], prices.map((p) => [
      `${p.style} ${p.color || ''} ${p.size || ''}`.trim(), amount(p.price, cur),
      p.quoted ? amount(p.quoted, p.quoted_currency || cur) : 'Not quoted', p.break_qty ? `from ${p.break_qty}` : '',
      p.flagged ? stateBadge('declined', 'Differs') : stateBadge('quoted', 'As quoted')]), { num: [1, 2] }));
}

// The order form: lines (style, colour, size, qty, price), terms; from a quote when given.
function issueForm(ctx, refresh, pre, close) {
  const me = ctx.me;
  const who = pre.factory ? null : partySelect(me, pre.list || []);
  const ref = input('Order reference', { type: 'text' }, { field: 'order', value: pre.order || 'PO-1' });
  const rfq = input('RFQ', { type: 'text' }, { field: 'rfq', value: pre.rfq || '', hint: 'The RFQ the prices are checked against' });
  const cur = input('Currency', { type: 'text', maxlength: '3', class: 'short' }, { field: 'currency', value: pre.currency || 'EUR' });
  const deposit = input('Deposit (%)', { type: 'number', min: '0', max: '100' }, { field: 'deposit', value: pre.deposit || '30' });
  const balance = input('Balance due', { type: 'text' }, { field: 'balance', value: pre.balance || 'before shipment' });
  const incoterm = input('Incoterm', {}, { tag: 'select', options: INCOTERMS.map((x) => [x, x]), field: 'incoterm', value: pre.incoterm || 'FOB' });
  const exf = input('Ex-factory date', { type: 'date' }, { field: 'ex_factory', value: pre.ex_factory || '' });
  const linesBox = h('div', { class: 'order-lines' });
  const rows = [];
  const addLine = (l = {}) => {
    const i = rows.length;
    const n = i + 1;
    const r = {
      style: input(`Style (line ${n})`, { type: 'text' }, { field: `lines[${i}].style`, value: l.style }),
      color: input(`Colour (line ${n})`, { type: 'text' }, { field: `lines[${i}].color`, value: l.color }),
      size: input(`Size (line ${n})`, { type: 'text' }, { field: `lines[${i}].size`, value: l.size }),
      qty: input(`Quantity (line ${n})`, { type: 'number', min: '1', step: '1' }, { field: `lines[${i}].qty`, value: l.qty }),
      price: input(`Unit price (line ${n})`, { type: 'text', inputmode: 'decimal' }, { field: `lines[${i}].price`, value: l.price }),
    };
    rows.push(r);
    linesBox.append(h('div', { class: 'line-row' }, r.style, r.color, r.size, r.qty, r.price));
    return r;
  };
  for (const l of pre.lines && pre.lines.length ? pre.lines : [{}]) addLine(l);
  const more = h('button', { type: 'button', class: 'button secondary small' }, 'Add a line');
  more.addEventListener('click', () => addLine({ style: rows.length ? val(rows[rows.length - 1].style) : '' }).color.control.focus());
  const f = form(pre.supersedes ? `Revise order ${pre.order}` : pre.factory ? `Order from ${pre.factory}` : 'Issue an order', [
    who, ref, rfq, cur, deposit, balance, incoterm, exf,
    h('fieldset', { class: 'lines field-wide' }, h('legend', {}, 'Lines: one per style, colour and size'),
      pre.lines && pre.lines.length && !pre.supersedes ? h('p', { class: 'hint' }, 'Priced from the quote at the quantity asked: give each line its colour and size, and split sizes with "Add a line".') : null,
      linesBox, more)].filter(Boolean),
  pre.supersedes ? 'Send revised order' : 'Issue order', () => ctx.api.post('/api/orders/issue', {
    ...(pre.factory ? { factory: pre.factory } : party(me, who)), order: val(ref),
    ...(val(rfq) ? { rfq: val(rfq) } : {}), currency: val(cur).toUpperCase(),
    ...(pre.supersedes ? { supersedes: pre.supersedes } : {}),
    ...(val(deposit) ? { deposit: val(deposit) } : {}), ...(val(balance) ? { balance: val(balance) } : {}),
    incoterm: val(incoterm), ...(val(exf) ? { ex_factory: val(exf) } : {}),
    lines: rows.filter((r) => val(r.style) || val(r.qty)).map((r) => ({ style: val(r.style), color: val(r.color), size: val(r.size), qty: num(r.qty), price: val(r.price) })),
  }), async (r) => {
    const st = r.states && r.states[0];
    justIssued = { order: val(ref), prices: st && st.prices, cur: val(cur).toUpperCase() };
    ui.announce(`Order ${val(ref)} issued`);
    if (pre.factory && !pre.supersedes) await ctx.go('/orders');
    else await refresh();
  }, { cancel: close, confirm: pre.supersedes ? `Send the revised order ${pre.order}? It replaces the one the factory countered.`
    : 'Issue this order? It is sent to the factory and cannot be withdrawn, only revised.' });
  return f;
}

// The order just issued (its prices against the quote), shown once at the top of /orders.
let justIssued = null;

async function fromQuote(ctx, ref, factory) {
  const evs = (await ctx.api.get(`/api/rfqs/${enc(ref)}`)).events.filter((e) => e.factory === factory);
  const sent = evs.find((e) => e.kind === 'rfq.sent');
  const superseded = new Set(evs.map((e) => e.supersedes).filter(Boolean));
  const q = [...evs].reverse().find((e) => e.kind === 'quote' && !superseded.has(e.id));
  const lines = [];
  if (q) {
    for (const s of q.quote || []) {
      const asked = sent && (sent.lines || []).find((l) => l.style === s.style);
      const qty = asked ? asked.qty : (s.breaks[0] || {}).qty;
      const b = priceAt(s, qty);
      lines.push({ style: s.style, color: '', size: '', qty, price: b ? b.price : '' });
    }
  }
  return { factory, rfq: ref, currency: q ? q.currency : 'EUR', deposit: q && q.deposit, balance: q && q.balance,
    incoterm: q && q.incoterm, lines, quoted: !!q };
}

function orderCard(ctx, it, evs, refresh) {
  const me = ctx.me;
  const mine = evs.filter((e) => e.order === it.key && e.brand === it.brand && e.factory === it.factory);
  const withLines = [...mine].reverse().find((e) => (e.kind === 'order.issued' || e.kind === 'order.countered') && e.lines);
  const issued = [...mine].reverse().find((e) => e.kind === 'order.issued');
  const conf = [...mine].reverse().find((e) => e.kind === 'order.confirmed');
  const counter = [...mine].reverse().find((e) => e.kind === 'order.countered');
  const cur = (withLines && withLines.currency) || (issued && issued.currency);
  const st = (it.state && it.state.status) || words(it.last);
  const body = { ...pairOf(me, it), order: it.key };
  const actions = h('div', { class: 'actions' });
  const slots = [];
  const add = ([b, slot]) => { actions.append(b); if (slot && slot.nodeType && slot.className === 'reveal') slots.push(slot); else if (slot) actions.append(slot); };
  if (!isBrand(me) && st === 'issued') {
    add(reveal('Confirm order', (close) => {
      const exf = input('Ex-factory date confirmed', { type: 'date' }, { field: 'ex_factory', value: issued && issued.ex_factory });
      return form(null, [exf], 'Confirm', () => ctx.api.post('/api/orders/confirm', { ...body, ...(val(exf) ? { ex_factory: val(exf) } : {}) }),
        () => refresh(`${it.key} confirmed`), { cancel: close, confirm: `Confirm order ${it.key} to ${it.brand}?` });
    }));
    add(reveal('Counter', (close) => {
      const text = input('What you propose', { rows: '3' }, { tag: 'textarea', field: 'text' });
      const exf = input('Ex-factory date you can do', { type: 'date' }, { field: 'ex_factory' });
      return form(null, [text, exf], 'Send counter', () => ctx.api.post('/api/orders/counter', { ...body, text: val(text), ...(val(exf) ? { ex_factory: val(exf) } : {}) }),
        () => refresh(`${it.key} countered`), { cancel: close });
    }));
  }
  if (isBrand(me) && st === 'countered' && issued) {
    const base = counter && counter.lines ? counter : issued;
    add(reveal('Revise order', (close) => issueForm(ctx, refresh, {
      factory: it.factory, order: it.key, rfq: issued.rfq, currency: base.currency || issued.currency,
      deposit: counter && counter.deposit ? counter.deposit : issued.deposit, balance: counter && counter.balance ? counter.balance : issued.balance,
      incoterm: counter && counter.incoterm ? counter.incoterm : issued.incoterm,
      ex_factory: counter && counter.ex_factory ? counter.ex_factory : issued.ex_factory,
      lines: base.lines, supersedes: issued.id }, close)));
  }
  // payments: each milestone's due and paid
  const dues = mine.filter((e) => e.kind === 'payment.due');
  const paids = mine.filter((e) => e.kind === 'payment.paid');
  const payRows = dues.map((d) => {
    const p = paids.find((x) => x.milestone === d.milestone);
    let cell = p ? `Paid ${ui.date(p.at)}` : 'Open';
    if (!p && isBrand(me)) {
      const [b, out] = stepButton(`Mark ${words(d.milestone).toLowerCase()} paid`, () => ctx.api.post('/api/payments/paid',
        { ...body, milestone: d.milestone, amount: d.amount, currency: d.currency }), () => refresh(`${words(d.milestone)} paid`),
      `Record that you paid ${amount(d.amount, d.currency)} (${d.milestone}) on ${it.key}?`);
      cell = h('span', {}, b, out);
    }
    return [words(d.milestone), amount(d.amount, d.currency), h('span', {}, `Due ${ui.date(d.due)}`, h('br'), cell)];
  });
  add(reveal('Payment due', (close) => {
    const ms = input('Milestone', { type: 'text' }, { field: 'milestone', value: dues.length ? 'balance' : 'deposit', hint: 'deposit, balance...' });
    const due = input('Due date', { type: 'date' }, { field: 'due' });
    const amt = input('Amount', { type: 'text', inputmode: 'decimal' }, { field: 'amount' });
    const c = input('Currency', { type: 'text', maxlength: '3', class: 'short' }, { field: 'currency', value: cur || 'EUR' });
    return form(null, [ms, due, amt, c], 'Record payment due', () => ctx.api.post('/api/payments/due',
      { ...body, milestone: val(ms), due: val(due), amount: val(amt), currency: val(c).toUpperCase() }), () => refresh('Payment due recorded'), { cancel: close });
  }));
  const ms = mine.filter((e) => e.kind === 'milestone.actual');
  if (!isBrand(me) && (st === 'confirmed' || st === 'issued' || ms.length)) {
    add(reveal('Record progress', (close) => {
      const m = input('Milestone reached', {}, { tag: 'select', options: MILESTONES, field: 'milestone' });
      const planned = input('Planned for', { type: 'date' }, { field: 'planned', hint: 'The day the T&A planned' });
      return form(null, [m, planned], 'Record milestone', () => ctx.api.post('/api/progress',
        { ...body, milestone: val(m), ...(val(planned) ? { planned: val(planned) } : {}) }), () => refresh('Milestone recorded'), { cancel: close });
    }));
  }
  const insp = mine.filter((e) => e.kind === 'inspection');
  const total = withLines ? withLines.lines.reduce((s, l) => s + (minor(l.price, cur) || 0) * l.qty, 0) : null;
  return card(`Order ${it.key}`,
    h('p', { class: 'card-meta' }, stateBadge(st), ` ${otherLabel(me)}: ${other(me, it)}`),
    dl([['Issued', issued ? ui.date(issued.at) : null], ['RFQ', issued && issued.rfq],
      ['Ex-factory', conf && conf.ex_factory ? `${ui.date(conf.ex_factory)} (confirmed)` : issued && issued.ex_factory ? ui.date(issued.ex_factory) : null],
      ['Terms', issued ? [issued.deposit ? `${Number(issued.deposit)}% deposit` : null, issued.balance ? `balance ${issued.balance}` : null, issued.incoterm].filter(Boolean).join(', ') : null],
      ['Total', total !== null && cur ? ui.money(total, cur) : null],
      ['Counter', counter && (!issued || counter.id > issued.id) ? `${counter.text || ''}${counter.ex_factory ? ` (ex-factory ${ui.date(counter.ex_factory)})` : ''}`.trim() : null]]),
    withLines ? table(`Lines of ${it.key}`, ['Style, colour, size', 'Qty', 'Unit price'],
      withLines.lines.map((l) => [`${l.style} ${l.color} ${l.size}`, Number(l.qty).toLocaleString(), amount(l.price, withLines.currency)]), { num: [1, 2] }) : null,
    h('h3', {}, 'Payments'),
    payRows.length ? table(`Payments of ${it.key}`, ['Milestone', 'Amount', 'Due and paid'], payRows, { num: [1] }) : h('p', { class: 'muted' }, 'No payment due yet.'),
    h('h3', {}, 'Production'),
    ms.length ? h('ul', { class: 'milestones' }, ...ms.map((m) => h('li', {}, `${milestoneText(m.milestone)}: ${ui.date(m.at)}${m.planned ? ` (planned ${ui.date(m.planned)})` : ''}`)))
      : h('p', { class: 'muted' }, 'No milestone recorded yet.'),
    insp.length ? h('div', {}, h('h3', {}, 'Inspections'), h('ul', {}, ...insp.map((e) => h('li', {}, `${ui.date(e.at)}: `, ui.badge(e.result), ` ${e.defects.critical}/${e.defects.major}/${e.defects.minor} defects (critical/major/minor)`)))) : null,
    actions, ...slots);
}

export async function orders(ctx) {
  const issue = ctx.query.get('issue');
  const fac = ctx.query.get('factory');
  return page('Orders', isBrand(ctx.me) ? 'Your purchase orders, their payments and how production goes.'
    : 'Orders to confirm, payments expected and received, production milestones.', async (refresh) => {
    const [r, ev] = await Promise.all([ctx.api.get('/api/orders'), ctx.api.get('/api/events')]);
    const top = [];
    if (justIssued) {
      top.push(h('div', { class: 'notice', tabindex: '-1' }, h('h2', {}, `Order ${justIssued.order} issued`),
        pricesCheck(justIssued.prices, justIssued.cur)));
      justIssued = null;
    }
    if (isBrand(ctx.me)) {
      const next = `PO-${r.items.length + 1}`;
      if (issue && fac) {
        const pre = await fromQuote(ctx, issue, fac);
        top.push(issueForm(ctx, refresh, { ...pre, order: next }, () => ctx.go('/orders')));
      } else {
        const list = await counterparts(ctx.api, ctx.me);
        const [b, slot] = reveal('Issue an order', (close) => issueForm(ctx, refresh, { list, order: next }, close));
        top.push(h('div', { class: 'actions' }, b), slot);
      }
    }
    if (!r.items.length) {
      return [...top, ui.empty('No orders yet', isBrand(ctx.me)
        ? 'Compare the quotes on an RFQ and order from the factory you choose.'
        : 'When a brand orders from you, the order appears here to confirm.', isBrand(ctx.me) ? h('a', { href: '/rfqs' }, 'Go to your RFQs') : null)];
    }
    return [...top, h('div', { class: 'stack' }, ...[...r.items].reverse().map((it) => orderCard(ctx, it, ev.events, refresh)))];
  });
}

// Inspections: each with its verdict; a form to record one, judged at its AQLs.
export async function inspections(ctx) {
  return page('Inspections', 'Each inspection of an order\'s lot and its verdict; record a new one by its AQLs and defects.', async (refresh) => {
    const [r, os] = await Promise.all([ctx.api.get('/api/events?kind=inspection'), ctx.api.get('/api/orders')]);
    const me = ctx.me;
    const top = [];
    if (os.items.length) {
      const [b, slot] = reveal('Record an inspection', (close) => {
        const order = input('Order', {}, { tag: 'select', field: 'order', options: os.items.map((o) => [`${o.brand}\n${o.factory}\n${o.key}`, `${o.key} (${other(me, o)})`]) });
        const lot = input('Lot size (units)', { type: 'number', min: '1', step: '1' }, { field: 'lot' });
        const level = input('Inspection level', {}, { tag: 'select', field: 'level', options: ['II', 'I', 'III', 'S-1', 'S-2', 'S-3', 'S-4'].map((x) => [x, x]) });
        const aqls = ['0', '0.065', '0.1', '0.15', '0.25', '0.4', '0.65', '1.0', '1.5', '2.5', '4.0', '6.5'].map((x) => [x, x === '0' ? '0 (none accepted)' : x]);
        const aC = input('AQL critical', {}, { tag: 'select', field: 'aql.critical', options: aqls, value: '0' });
        const aM = input('AQL major', {}, { tag: 'select', field: 'aql.major', options: aqls, value: '2.5' });
        const am = input('AQL minor', {}, { tag: 'select', field: 'aql.minor', options: aqls, value: '4.0' });
        const dC = input('Critical defects', { type: 'number', min: '0', step: '1' }, { field: 'defects.critical', value: 0 });
        const dM = input('Major defects', { type: 'number', min: '0', step: '1' }, { field: 'defects.major', value: 0 });
        const dm = input('Minor defects', { type: 'number', min: '0', step: '1' }, { field: 'defects.minor', value: 0 });
        const how = input('Judged by', {}, { tag: 'select', field: 'result', options: [['aql', 'The AQLs (the verdict worked out)'], ['pass', 'A result given: pass'], ['fail', 'A result given: fail']] });
        return form('Record an inspection', [order, lot, level, aC, aM, am, dC, dM, dm, how], 'Record inspection', () => {
          const [brand, factory, key] = val(order).split('\n');
          const byAql = val(how) === 'aql';
          return ctx.api.post('/api/inspections', { ...(isBrand(me) ? { factory } : { brand }), order: key, lot: num(lot),
            defects: { critical: num(dC) || 0, major: num(dM) || 0, minor: num(dm) || 0 },
            ...(byAql ? { level: val(level), aql: { critical: val(aC), major: val(aM), minor: val(am) } } : { result: val(how) }) });
        }, (res) => refresh(`Inspection recorded: ${res && res.events && res.events[0] ? res.events[0].result : ''}`), { cancel: close });
      });
      top.push(h('div', { class: 'actions' }, b), slot);
    }
    if (!r.events.length) {
      return [...top, ui.empty('No inspections yet', os.items.length ? 'Record the final inspection of a lot before the balance is paid.'
        : 'Inspections are of an order\'s lot: issue an order first.', os.items.length ? null : h('a', { href: '/orders' }, 'Go to orders'))];
    }
    return [...top, table('Inspections', ['Order', 'Lot and defects', 'Verdict'],
      [...r.events].reverse().map((e) => [h('span', {}, e.order, h('br'), h('span', { class: 'muted' }, other(me, e)), h('br'), h('span', { class: 'nowrap' }, ui.date(e.at))),
        h('span', {}, `${Number(e.lot).toLocaleString()} units: ${e.defects.critical} critical, ${e.defects.major} major, ${e.defects.minor} minor`, h('br'),
          h('span', { class: 'muted' }, e.aql ? `Level ${e.level || 'II'}, AQL ${e.aql.critical} / ${e.aql.major} / ${e.aql.minor}` : 'Result given')),
        ui.badge(e.result)]), { showCaption: false })];
  });
}

// A new message: to whom, about what (an RFQ, an order, a change or a sample round).
export function newMessageForm(ctx, refresh, list, close, pre = {}) {
  const me = ctx.me;
  const who = pre.party ? null : partySelect(me, list);
  const about = pre.about ? null : input('About', {}, { tag: 'select', field: 'about',
    options: [['rfq', 'An RFQ'], ['order', 'An order'], ['change', 'A change'], ['sample', 'A sample round']] });
  const ref = pre.about ? null : input('Its reference', { type: 'text' }, { field: 'rfq', hint: 'R1, PO-1, CR-1, or for a sample: style/stage/round (NL-LEG-01/fit/1)' });
  const text = input('Message', { rows: '3' }, { tag: 'textarea', field: 'text' });
  return form(pre.about ? null : 'New message', [who, about, ref, text].filter(Boolean), 'Send message', () => {
    let thing = pre.about;
    if (!thing) {
      const k = val(about);
      const r = val(ref);
      if (k === 'sample') {
        const [style, stage, round] = r.split('/');
        thing = { style, stage, round: Number(round) };
      } else thing = { [k]: r };
    }
    return ctx.api.post('/api/messages', { ...(pre.party ? pre.party : party(me, who)), ...thing, text: val(text) });
  }, () => refresh('Message sent'), { cancel: close });
}

// Messages: threads by RFQ, order, change or sample round, each with a reply box.
export async function messages(ctx) {
  return page('Messages', 'Every conversation, by what it is about.', async (refresh) => {
    const r = await ctx.api.get('/api/messages');
    const me = ctx.me;
    const list = await counterparts(ctx.api, me);
    const [nb, nslot] = reveal('New message', (close) => newMessageForm(ctx, refresh, list, close));
    const top = [h('div', { class: 'actions' }, nb), nslot];
    if (!r.messages.length) {
      return [...top, ui.empty('No messages yet', 'Messages are about an RFQ, an order, a change or a sample round: write the first with "New message", or reply here when one arrives.', null)];
    }
    const threads = new Map();
    for (const m of r.messages) {
      const [kind, key, name] = threadOf(m);
      const id = `${m.brand}\n${m.factory}\n${kind}\n${key}`;
      if (!threads.has(id)) threads.set(id, { kind, key, name, brand: m.brand, factory: m.factory, list: [], last: m });
      const t = threads.get(id);
      t.list.push(m);
      t.last = m;
    }
    const sorted = [...threads.values()].sort((a, b) => (a.last.at < b.last.at ? 1 : -1));
    return [...top, h('div', { class: 'threads' }, ...sorted.map((t) => {
      const first = t.list[0];
      const about = t.kind === 'rfq' ? { rfq: first.rfq } : t.kind === 'order' ? { order: first.order }
        : t.kind === 'change' ? { change: first.change } : { style: first.style, stage: first.stage, round: first.round };
      const text = input(`Reply about ${t.name} to ${other(me, t)}`, { rows: '2' }, { tag: 'textarea', field: 'text' });
      const mine = (m) => m.by === (isBrand(me) ? 'brand' : 'factory');
      return card(`${t.name} · ${other(me, t)}`,
        h('ol', { class: 'messages' }, ...t.list.map((m) => h('li', { class: mine(m) ? 'mine' : 'theirs' },
          h('p', { class: 'msg-head' }, h('strong', {}, mine(m) ? 'You' : other(me, m)), ' · ', h('time', { datetime: m.at }, ui.dateTime(m.at))),
          h('p', { class: 'msg-text' }, m.text)))),
        form(null, [text], 'Send reply', () => ctx.api.post('/api/messages', { ...pairOf(me, t), ...about, text: val(text) }),
          () => refresh('Reply sent')));
    }))];
  });
}

function fmtValue(m) {
  if (m.value === null || m.value === undefined) return 'No data';
  const v = Number(m.value).toLocaleString(undefined, { maximumFractionDigits: 1 });
  return m.unit === '%' ? `${v}%` : `${v} ${m.unit || ''}`.trim();
}

// Scorecards: each counterpart's measures with their numbers, codes and fixes, and its
// record elsewhere.
export async function scorecards(ctx) {
  const me = ctx.me;
  return page('Scorecards', isBrand(me) ? 'How each of your factories does with you, measure by measure, and its record with others.'
    : 'How each brand does with you: answers, payments, changes, and its record with others.', async () => {
    const r = await ctx.api.get('/api/scorecard');
    if (!r.scorecards.length) {
      return ui.empty('No scorecards yet', isBrand(me) ? 'A factory\'s scorecard starts with its first answer to an RFQ.'
        : 'A brand\'s scorecard starts with its first RFQ to you.', h('a', { href: '/rfqs' }, 'Go to RFQs'));
    }
    return h('div', { class: 'stack' }, ...r.scorecards.map((c) => {
      const w = c.with_you;
      const ms = w.measures || [];
      const el = c.elsewhere;
      const scored = ms.filter((m) => m.scored);
      const unscored = ms.filter((m) => !m.scored);
      return card(`${c.counterpart}`,
        w.overall === null || w.overall === undefined
          ? h('p', { class: 'score' }, h('strong', {}, 'Not scored yet'), h('span', { class: 'muted' }, ` · ${w.events} event${w.events === 1 ? '' : 's'} so far, as of ${ui.date(w.as_of)}: the measures fill in as quotes, samples, orders and payments happen`))
          : h('p', { class: 'score' }, h('span', { class: 'score-num' }, `${Math.round(w.overall)}`), ' of 100 with you',
            h('span', { class: 'muted' }, ` · over ${w.events} events, as of ${ui.date(w.as_of)}`)),
        scored.length ? h('ul', { class: 'measure-list', 'aria-label': `${c.counterpart}: measures` }, ...scored.map((m) => h('li', {},
          h('p', { class: 'measure-head' }, h('strong', {}, words(m.code)), ' ', h('code', {}, m.code)),
          h('p', { class: 'measure-nums' }, h('span', {}, `Value: ${fmtValue(m)}`), h('span', {}, `Score: ${Math.round(m.score)}`), h('span', {}, `Weight: ${m.weight}`)),
          m.text ? h('p', {}, m.text) : null,
          m.fix ? h('p', { class: 'fix' }, `How to improve: ${m.fix}`) : null))) : null,
        unscored.length ? h('p', { class: 'muted' }, `Not scored yet (no events for them): ${unscored.map((m) => words(m.code)).join(', ')}.`) : null,
        h('h3', {}, 'Record elsewhere'),
        el ? h('p', {}, `Overall ${el.scorecard && el.scorecard.overall !== null ? Math.round(el.scorecard.overall) : '–'} of 100 with ${el.counterparts} others`)
          : h('p', { class: 'muted' }, `No record elsewhere yet: fewer than three ${isBrand(me) ? 'brands' : 'factories'} have worked with ${c.counterpart}.`));
    }));
  });
}
export { kindText };
