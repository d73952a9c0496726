// One program's reports: readiness (check), the cost sheet (cost) and the T&A calendar
// (plan), as the API's documents give them, with their downloads.
import * as ui from '../ui.js';
import {
  programHead, section, dataTable, num, pct, plural, quantity, words, dateText, downloads,
  fetchDownload,
} from './programs-common.js';

import { writes } from './ledger-common.js';
const h = ui.h;

const SEVERITIES = [
  ['blocker', 'Blockers', 'A factory would not quote or would quote badly: fix these first.'],
  ['warning', 'Warnings', 'A factory would ask about these, or they cost you later.'],
  ['info', 'Notes', 'Worth knowing; nothing to fix.'],
];

function findingNumbers(numbers) {
  const keys = numbers ? Object.keys(numbers) : [];
  if (!keys.length) return null;
  const dl = h('dl', { class: 'numbers' });
  for (const k of keys) dl.append(h('dt', {}, words(k)), h('dd', {}, quantity(numbers[k])));
  return dl;
}

function finding(f) {
  const head = h('h4', {}, h('code', {}, f.code), f.style ? h('span', { class: 'style-tag' }, f.style) : '');
  const art = h('article', { class: `finding ${f.severity}` }, head, h('p', {}, f.message));
  const nums = findingNumbers(f.numbers);
  if (nums) art.append(nums);
  if (Array.isArray(f.parts) && f.parts.length) {
    const ul = h('ul', { class: 'parts' });
    for (const p of f.parts) {
      const li = h('li', {}, h('strong', {}, p.style || ''));
      const n = findingNumbers(p.numbers);
      if (n) li.append(n);
      ul.append(li);
    }
    art.append(ul);
  }
  if (f.fix) art.append(h('p', { class: 'fix' }, h('strong', {}, 'How to fix: '), f.fix));
  return art;
}

// The brief's download: a 409 lists the blockers and offers to have it anyway.
function briefBlock(id) {
  const out = h('div', { 'aria-live': 'polite' });
  const paper = h('select', { id: 'brief-paper', class: 'input' },
    h('option', { value: 'a4' }, 'A4'), h('option', { value: 'letter' }, 'US Letter'));
  const btn = h('button', { type: 'button', class: 'button' }, 'Download the brief (PDF)');
  const run = (force) => {
    out.replaceChildren();
    const url = `/api/programs/${id}/brief.pdf?paper=${paper.value}${force ? '&force=1' : ''}`;
    return fetchDownload(url, 'brief.pdf').catch((err) => {
      if (err.status === 409 && err.blockers) {
        const anyway = h('button', { type: 'button', class: 'button danger' }, 'Download anyway');
        anyway.addEventListener('click', () => ui.busy(anyway, run(true)));
        const list = h('ul', {});
        for (const b of err.blockers) {
          list.append(h('li', {}, h('code', {}, b.code), b.style ? ` [${b.style}] ` : ' ', b.message));
        }
        out.append(h('div', { class: 'notice warning', role: 'alert' },
          h('p', {}, h('strong', {}, 'The brief has blockers. '),
            `${plural(err.blockers.length, 'blocker')} a factory should not receive:`),
          list,
          h('p', {}, 'A factory reading a brief with these may not answer. Fix them in the ',
            h('a', { href: `/programs/${id}/edit` }, 'program file'), ', or download it anyway.'),
          anyway));
        anyway.focus();
      } else {
        out.append(ui.errorBox(err));
      }
    });
  };
  btn.addEventListener('click', () => ui.busy(btn, run(false)));
  return section('The brief for factories',
    h('p', {}, 'The PDF a factory reads: the brand, the range style by style, the order, the ' +
      'timeline and what you ask of them.'),
    h('div', { class: 'actions' },
      h('span', { class: 'field inline' }, h('label', { for: 'brief-paper' }, 'Paper'), paper), btn),
    out);
}

export async function renderReadiness(ctx) {
  const id = ctx.params.id;
  const [row, r] = await Promise.all([
    ctx.api.get(`/api/programs/${id}`),
    ctx.api.get(`/api/programs/${id}/readiness`),
  ]);
  const page = h('div', { class: 'page programs-page report readiness' }, programHead(id, row.name, 'readiness'));
  const counts = r.counts || {};
  page.append(h('section', { class: 'card summary', 'aria-label': 'Verdict' },
    h('div', { class: 'score' }, h('span', { class: 'big' }, String(r.score)),
      h('span', { class: 'of' }, 'readiness score out of 100')),
    h('div', {}, ui.badge(r.verdict),
      h('p', {}, `${r.brand || ''}${r.brand ? ': ' : ''}${plural(counts.blocker || 0, 'blocker')}, `,
        `${plural(counts.warning || 0, 'warning')}, ${plural(counts.info || 0, 'note')}, as of today.`))));
  if (r.areas) {
    const list = h('ul', { class: 'areas' });
    for (const [k, v] of Object.entries(r.areas)) {
      const mid = `area-${k}`;
      list.append(h('li', {}, h('span', { id: mid, class: 'area-name' }, words(k)),
        h('meter', { min: '0', max: '100', low: '60', high: '85', optimum: '100', value: String(v),
          'aria-labelledby': mid }, `${v} / 100`),
        h('span', { class: 'area-score' }, `${v} / 100`)));
    }
    page.append(section('By area', list));
  }
  const findings = r.findings || [];
  if (!findings.length) {
    page.append(section('Findings', h('p', {}, 'Nothing to fix: the program reads as a factory ' +
      'wants it. Look at the cost sheet and the calendar, then find factories.')));
  }
  for (const [sev, title, what] of SEVERITIES) {
    const these = findings.filter((f) => f.severity === sev);
    if (!these.length) continue;
    page.append(h('section', { class: `card findings ${sev}` },
      h('h2', {}, `${title} (${these.length})`), h('p', { class: 'muted' }, what),
      ...these.map(finding)));
  }
  page.append(briefBlock(id));
  page.append(h('p', { class: 'actions' },
    h('a', { href: `/programs/${id}/matches`, class: 'button' }, 'Find factories'),
    writes() ? [' ', h('a', { href: `/programs/${id}/edit` }, 'Edit the program file')] : null));
  return page;
}

// ---- cost ----

function modeForm(ctx, path) {
  const sel = h('select', { id: 'freight-mode', name: 'mode', class: 'input' },
    h('option', { value: 'sea' }, 'Sea'),
    h('option', { value: 'air' }, 'Air'));
  sel.value = ctx.query.get('mode') === 'air' ? 'air' : 'sea';
  const go = h('button', { type: 'submit', class: 'button secondary' }, 'Show');
  const f = h('form', { class: 'inline-form' },
    h('label', { for: 'freight-mode' }, 'Freight'), sel, go);
  f.addEventListener('submit', (ev) => {
    ev.preventDefault();
    ctx.go(sel.value === 'air' ? `${path}?mode=air` : path);
  });
  return f;
}

export async function renderCost(ctx) {
  const id = ctx.params.id;
  const mode = ctx.query.get('mode') === 'air' ? 'air' : null;
  const q = mode ? '?mode=air' : '';
  const row = await ctx.api.get(`/api/programs/${id}`);
  const page = h('div', { class: 'page programs-page report cost' }, programHead(id, row.name, 'cost', 'Cost sheet'));
  let c;
  try {
    c = await ctx.api.get(`/api/programs/${id}/cost${q}`);
  } catch (err) {
    if (err.status !== 422) throw err;
    page.append(ui.errorBox(err));
    return page;
  }
  const cur = c.currency;
  const m = (v) => (v == null ? '—' : ui.money(v, cur));
  page.append(section('The lane',
    h('p', {}, `Made in ${c.origin}${c.origin_assumed ? ' (assumed: the program names no origin)' : ''}, ` +
      `landed in ${c.destination} by ${c.mode}${c.mode !== c.mode_requested ? ` (${c.mode_requested} asked)` : ''}; ` +
      `duty rules of ${c.entry_date || 'today'} (${c.entry_date_basis || 'today'}).`),
    modeForm(ctx, `/programs/${id}/cost`),
    h('dl', { class: 'totals' },
      h('dt', {}, 'Units'), h('dd', {}, num(c.program_units)),
      h('dt', {}, 'FOB, all units'), h('dd', {}, m(c.total_fob)),
      h('dt', {}, 'Landed, all units'), h('dd', {}, m(c.total_landed)))));

  const styles = c.styles || [];
  const rows = styles.map((s) => {
    const l = s.landed || {};
    const g = s.margins || {};
    if (!s.costed) return [s.code, num(s.units), 'not costed', null, null, null, null, null, null, null, null, null];
    return [
      s.code, num(s.units),
      m(s.fob_planned), m(l.freight), m(l.insurance),
      l.duty == null ? '—' : `${m(l.duty)} (${pct(l.duty_rate_total_pct ?? l.duty_pct)})`,
      m((l.customs_fees || 0) + (l.brokerage || 0) + (l.agent_commission || 0) + (l.testing || 0) + (l.development || 0)),
      m(l.landed),
      g.retail_price == null ? '—' : m(g.retail_price),
      g.retail_margin_pct == null ? '—' : pct(g.retail_margin_pct),
      g.wholesale_price == null ? '—' : `${m(g.wholesale_price)}${g.wholesale_from_keystone ? ' (keystone)' : ''}`,
      g.wholesale_margin_pct == null ? '—' : pct(g.wholesale_margin_pct),
    ];
  });
  page.append(section('Per style, a unit',
    dataTable(`Cost a unit in ${cur}, from FOB to landed, and the margins at the price points`,
      ['Style', 'Units', 'FOB', 'Freight', 'Insurance', 'Duty', 'Fees and other', 'Landed',
        'Retail price', 'Retail margin', 'Wholesale price', 'Wholesale margin'], rows,
      { numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] })));

  for (const s of styles) {
    if (!s.costed || !s.cost_sheet) continue;
    const cs = s.cost_sheet;
    const parts = [['Fabric', cs.fabric], ['Trims', cs.trims], ['Cut, make, trim', cs.cmt],
      ['Wash and print', cs.wash_print], ['Packaging', cs.packaging], ['Overhead', cs.overhead],
      ['Factory margin', cs.factory_margin], [`Price (${cs.incoterm})`, cs.price], ['FOB', cs.fob]];
    const note = s.estimate ? 'Estimated from reference data: your own cost: block replaces it.'
      : 'Your own cost sheet.';
    const small = (s.small_runs || []).map((r) => [num(r.units), m(r.unit_fob), m(r.setup_per_unit),
      `${num(r.vs_bulk, 2)}×`, r.planned ? 'planned' : '']);
    page.append(section(`${s.code}: the cost sheet`,
      h('p', { class: 'muted' }, note),
      h('div', { class: 'two-up' }, dataTable(`${s.code}: what a unit costs the factory`, ['Part', 'A unit'],
        parts.map(([k, v]) => [k, m(v)]), { numeric: [1] }),
      small.length ? dataTable(`${s.code}: a unit at smaller runs`, ['Units', 'Unit FOB', 'Set-up a unit', 'Against bulk', ''],
        small, { numeric: [0, 1, 2, 3] }) : '')));
  }

  const extra = c.additional_duties || [];
  if (extra.length) {
    page.append(section('Additional duties on the lane', h('ul', {},
      ...extra.map((d) => h('li', {}, h('strong', {}, d.name),
        d.rate_pct == null ? ': no rate yet, ' : `: ${num(d.rate_pct, 1)}%, `,
        d.applied ? 'applied' : `not applied (${words(d.why || 'no')})`)))));
  }
  if (styles.length) {
    const img = h('img', { src: `/api/programs/${id}/cost.svg${q}`, class: 'chart wide',
      alt: `Cost charts of ${row.name}: a bar a style from FOB to landed, then each style's ` +
        'unit cost against the run length. The tables above hold the same figures.' });
    page.append(section('Charts', h('figure', {}, img,
      h('figcaption', {}, 'From FOB to landed a style, and the small-run curves (the planned quantity marked).'))));
  }
  page.append(downloads([
    ['Download the cost workbook (XLSX)', `/api/programs/${id}/cost.xlsx${q}`, 'cost.xlsx'],
    ['Download the charts (SVG)', `/api/programs/${id}/cost.svg${q}`, 'cost.svg'],
  ]));
  return page;
}

// ---- plan ----

const PLAN_VERDICT = {
  on_track: 'On track', tight: 'Tight: little to spare', infeasible: 'Late: cannot make the launch',
  no_launch_date: 'No launch date: planned from today',
};

export async function renderPlan(ctx) {
  const id = ctx.params.id;
  const mode = ctx.query.get('mode') === 'air' ? 'air' : null;
  const q = mode ? '?mode=air' : '';
  const row = await ctx.api.get(`/api/programs/${id}`);
  const page = h('div', { class: 'page programs-page report plan' }, programHead(id, row.name, 'plan', 'T&A calendar'));
  let p;
  try {
    p = await ctx.api.get(`/api/programs/${id}/plan${q}`);
  } catch (err) {
    if (err.status !== 422) throw err;
    page.append(ui.errorBox(err));
    return page;
  }
  const late = p.slack_days < 0;
  page.append(h('section', { class: `card summary ${late ? 'late' : ''}`, 'aria-label': 'Verdict' },
    h('div', { class: 'score' }, h('span', { class: 'big' }, num(Math.abs(p.slack_days))),
      h('span', { class: 'of' }, late ? 'days late' : 'days to spare')),
    h('div', {},
      h('p', {}, h('strong', {}, PLAN_VERDICT[p.verdict] || words(p.verdict))),
      h('p', {}, `Launch ${dateText(p.launch)}; in the warehouse ${dateText(p.ready)}; ` +
        `start by ${dateText(p.latest_start)}. Made in ${p.origin}${p.origin_assumed ? ' (assumed)' : ''}, ` +
        `to ${p.destination} by ${p.mode}, ${p.shipping ? p.shipping.door_to_door_days : '?'} days door to door.`),
      modeForm(ctx, `/programs/${id}/plan`))));

  // what fits the launch first, then what helps, as the plan orders each
  const ways = [...(p.ways_out || [])].sort((x, y) => Number(!!y.fits) - Number(!!x.fits));
  if (late || ways.length) {
    const list = ways.length ? h('ul', { class: 'ways' }, ...ways.map((w) => h('li', {},
      h('strong', {}, w.fits ? 'Fits the launch: ' : 'Helps, not enough alone: '), w.text)))
      : h('p', {}, 'No way out on file: move the launch date or cut the range.');
    page.append(section('Ways out', list));
  }

  const ms = p.milestones || [];
  const byId = new Map(ms.map((x) => [x.id, x]));
  const lateMs = ms.filter((x) => x.slack_days < 0 && x.critical);
  if (lateMs.length) {
    const first = lateMs[0];
    page.append(section('Late on the critical path', h('p', {},
      `${plural(lateMs.length, 'milestone')} on the critical path start after their latest start. ` +
      `The first: ${first.name}${first.style ? ` (${first.style})` : ''}, starting ${dateText(first.start)}, ` +
      `should have started by ${dateText(first.latest_start)}: ${plural(-first.slack_days, 'day')} late. ` +
      'The table "Milestones" below has each, with its days to spare.')));
  }

  const cp = p.critical_path;
  if (cp) {
    page.append(section('The critical path', h('dl', { class: 'totals' },
      h('dt', {}, 'Your own days (reviews, approvals)'), h('dd', {}, `${cp.brand_days} (${cp.brand_reviews} reviews)`),
      h('dt', {}, 'Factory days'), h('dd', {}, String(cp.factory_days)),
      h('dt', {}, 'Shipping days'), h('dd', {}, String(cp.shipping_days)),
      h('dt', {}, 'If each of your reviews takes longer by'),
      h('dd', {}, `${cp.delay_if_each_review_takes_days_longer} days, the launch moves ${cp.launch_delay_days} days`))));
  }

  const img = h('img', { src: `/api/programs/${id}/plan.svg${q}`, class: 'chart gantt',
    alt: `Gantt chart of ${ms.length} milestones from ${dateText(ms.length ? ms[0].start : p.today)} ` +
      `to ${dateText(p.ready)}; the table "Milestones" below lists them.` });
  page.append(section('Gantt chart', h('figure', {}, img,
    h('figcaption', {}, 'A bar a milestone; the critical path is marked. The table below holds the same dates.'))));

  const closures = p.closures || [];
  if (closures.length) {
    page.append(section('Closures and holidays', dataTable('Milestones a closure lengthens',
      ['Milestone', 'Style', 'Closure', 'Days added', 'On the critical path'],
      closures.map((c) => [c.name, c.style || 'all',
        `${words(c.holiday || 'closure')} in ${c.country}, ${dateText(c.closure_first)} to ${dateText(c.closure_last)}`,
        num(c.days_added), c.critical ? 'yes' : 'no']), { numeric: [3] })));
  }

  const dl = p.deliveries || [];
  if (dl.length) {
    page.append(section('Deliveries', dataTable('Each delivery, its date and when it is ready',
      ['Delivery', 'Units', 'Ready', 'Days to spare'],
      dl.map((d) => [dateText(d.date), num(d.units), dateText(d.ready), num(d.slack_days)]),
      { numeric: [1, 3] })));
  }

  page.append(section('Milestones', dataTable('Every milestone of the calendar, in order',
    ['Milestone', 'Style', 'Owner', 'Start', 'End', 'Days', 'Days to spare', 'Critical', 'Waits for'],
    ms.map((x) => [x.name, x.style || 'all', x.owner, dateText(x.start), dateText(x.end),
      num(x.calendar_days ?? x.days), num(x.slack_days), x.critical ? 'critical' : '',
      (x.waits_for || []).map((w) => (byId.get(w) || {}).name || w).join(', ') || '—']),
    { numeric: [5, 6] })));

  page.append(downloads([
    ['Download for your calendar (ICS)', `/api/programs/${id}/plan.ics${q}`, 'plan.ics'],
    ['Download the workbook (XLSX)', `/api/programs/${id}/plan.xlsx${q}`, 'plan.xlsx'],
    ['Download the table (CSV)', `/api/programs/${id}/plan.csv${q}`, 'plan.csv'],
    ['Download the Gantt chart (SVG)', `/api/programs/${id}/plan.svg${q}`, 'plan.svg'],
  ]));
  return page;
}
