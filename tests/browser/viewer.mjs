// A viewer reads and records nothing (issue 13): a viewer of the brand and a viewer of the
// factory walk every page of docs/web.md's table (the relationship's and the programs') and
// find no control that records a step, while the owners on the same pages find theirs.
//
// A write control is a button or link of main whose name is one of the step verbs below
// (the labels the ledger's and the programs' pages give their writes), or a form's submit.
// The relationship is set up over the API, by each person's own browser context, as
// relationship.mjs does.
import { PASSWORD, check, main, must, readExample, shot, step } from './harness.mjs';

const SM = 'pt-barcelos-sportmalha';
const REF = 'R1';

// The names of the controls that record something.
const VERBS = new RegExp('^(' + [
  'Issue an order', 'Issue order', 'Send revised order', 'Revise order', 'Order from .*',
  'Confirm order', 'Confirm', 'Counter', 'Send counter', 'Payment due', 'Record payment due',
  'Mark .* paid', 'Record progress', 'Record milestone', 'Record an inspection', 'Record inspection',
  'Request a change', 'Request change', 'Answer with a price', 'Price again', 'Send answer',
  'Accept', 'Withdraw', 'Request a sample', 'Request sample', 'Request round .*', 'Mark received',
  'Review', 'Record review', 'Pay fee.*', 'Ship', 'Record shipment', 'Invoice fee', 'Send invoice',
  'New message', 'Send message', 'Send reply', 'Acknowledge', 'Decline', 'Decline RFQ', 'Quote',
  'Revise quote', 'Send quote', 'New program', 'Upload your first program',
  'Start from the example format', 'Save program', 'Save changes', 'Write the file from the form',
  'Use the example format', 'Send RFQ', 'Edit the program file',
].join('|') + ')$');

let server, brand, factory, brandViewer, factoryViewer;
let programId = null;
let brandInvite = null;
let factoryInvite = null;


async function go(person, url) {
  const page = person.page;
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && m.getAttribute('aria-busy') !== 'true' && m.querySelector('h1');
  }, null, { timeout: 30000 });
}

// The write controls a page offers: the visible buttons and links of main named by a verb,
// the submit buttons of its forms, whatever their names (but Show, which only reads), and the
// boxes that choose the factories of an RFQ.
async function writeControls(person, url) {
  await go(person, url);
  return person.page.evaluate((src) => {
    const verbs = new RegExp(src);
    const reads = /^Show$/; // the cost sheet's and the calendar's parameters: read, not recorded
    const seen = (e) => e.getClientRects().length > 0;
    const main = document.querySelector('main');
    const out = [];
    for (const e of main.querySelectorAll('input[type=checkbox]')) {
      const l = e.labels && e.labels[0] ? e.labels[0].textContent.trim() : '';
      if (seen(e) && /^Choose /.test(l)) out.push(`${l} (the RFQ's factories)`);
    }
    for (const e of main.querySelectorAll('button, a, input[type=submit]')) {
      const name = (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().replace(/\s+/g, ' ');
      const submit = e.form && (e.type === 'submit');
      if (seen(e) && (verbs.test(name) || (submit && !reads.test(name)))) out.push(`${name}${e.disabled ? ' (disabled)' : ''}`);
    }
    return out;
  }, VERBS.source);
}

step('over the API: a brand and a factory, the program, RFQ R1, a quote, PO-1 issued, a sample shipped, a message; a viewer of each', async () => {
  await must(brand, 'POST', '/api/signup', { email: 'ana@northline.example', password: PASSWORD,
    org_name: 'Northline', org_kind: 'brand' });
  await must(factory, 'POST', '/api/signup', { email: 'rui@sportmalha.example', password: PASSWORD,
    org_name: 'Sportmalha', org_kind: 'factory' });
  await must(factory, 'POST', '/api/org/claim', { factory: SM });
  const prog = await must(brand, 'POST', '/api/programs', readExample('northline.yaml'), 'application/yaml');
  programId = prog.id;
  await must(brand, 'POST', '/api/rfqs', { ref: REF, program: programId, to: [SM], reply_by: '2026-12-31' });
  await must(factory, 'POST', `/api/rfqs/northline:${REF}/quotes`, {
    currency: 'EUR', deposit: '30', balance: 'before shipment', incoterm: 'FOB', valid_until: '2027-03-31',
    quote: [{ style: 'NL-LEG-01', breaks: [{ qty: 300, price: '14.90' }], moq_style: 300, moq_color: 150,
      sample_fee: '60.00', fee_refunded: true, sampling_days: 21, production_days: 60 }],
  });
  await must(brand, 'POST', '/api/orders/issue', { factory: SM, order: 'PO-1', rfq: REF, currency: 'EUR',
    lines: [{ style: 'NL-LEG-01', color: 'Black', size: 'M', qty: 600, price: '14.90' }], deposit: '30',
    balance: 'before shipment', incoterm: 'FOB', ex_factory: '2027-02-12' });
  await must(brand, 'POST', '/api/samples/request', { factory: SM, style: 'NL-LEG-01', stage: 'fit', round: 1,
    due: '2027-01-08', rfq: REF });
  await must(factory, 'POST', '/api/samples/ship', { brand: 'northline', style: 'NL-LEG-01', stage: 'fit', round: 1,
    courier: 'DHL', tracking: '4411902231' });
  await must(brand, 'POST', '/api/messages', { factory: SM, order: 'PO-1', text: 'Labels as agreed.' });
  brandInvite = (await must(brand, 'POST', '/api/invitations', { role: 'viewer' })).token;
  factoryInvite = (await must(factory, 'POST', '/api/invitations', { role: 'viewer' })).token;
  await must(brandViewer, 'POST', '/api/signup', { email: 'val@northline.example', password: PASSWORD,
    org_name: 'Val', org_kind: 'brand' });
  await must(brandViewer, 'POST', '/api/invitations/accept', { token: brandInvite });
  await must(factoryViewer, 'POST', '/api/signup', { email: 'vic@sportmalha.example', password: PASSWORD,
    org_name: 'Vic', org_kind: 'factory' });
  await must(factoryViewer, 'POST', '/api/invitations/accept', { token: factoryInvite });
  check((await must(brandViewer, 'GET', '/api/me')).role === 'viewer', 'the brand\'s viewer is a viewer');
  check((await must(factoryViewer, 'GET', '/api/me')).role === 'viewer', 'the factory\'s viewer is a viewer');
});

const brandPages = () => {
  const p = `/programs/${programId}`;
  return ['/', '/programs', '/programs/new', p, `${p}/edit`, `${p}/cost`, `${p}/plan`, `${p}/matches`,
    `${p}/rfq`, '/rfqs', `/rfqs/${REF}`, `/rfqs/${REF}/compare`, '/samples', '/changes', '/orders',
    '/inspections', '/messages', '/scorecards'];
};
const factoryPages = () => ['/', '/rfqs', `/rfqs/northline:${REF}`, `/rfqs/northline:${REF}/quote`,
  '/samples', '/changes', '/orders', '/inspections', '/messages', '/scorecards'];

// What the owner must find on some of these pages (so that the list of verbs is the pages').
const OWNER = {
  brand: { '/programs/:id/matches': 'Send RFQ (disabled)', '/programs': 'New program',
    '/orders': 'Issue an order', '/changes': 'Request a change',
    '/samples': 'Request a sample', '/messages': 'New message', '/inspections': 'Record an inspection' },
  factory: { [`/rfqs/northline:${REF}`]: 'Quote', '/orders': 'Confirm order',
    '/messages': 'Send reply' },
};

async function walk(owner, viewer, pages, side) {
  const missing = [];
  const offered = [];
  for (const url of pages) {
    const mine = await writeControls(owner, url);
    const want = OWNER[side][url.replace(`/programs/${programId}`, '/programs/:id')];
    if (want && !mine.some((n) => n === want)) missing.push(`${url}: no ${want} (it offers ${mine.join(', ')})`);
    const theirs = await writeControls(viewer, url);
    if (theirs.length) offered.push(`${url}: ${theirs.join(', ')}`);
  }
  check(missing.length === 0, `the ${side}'s owner finds the write controls`, missing.join('\n'));
  check(offered.length === 0, `the ${side}'s viewer finds no write control on ${pages.length} pages`, offered.join('\n'));
}

step('the brand\'s viewer finds no write control on the brand\'s pages; its owner does', async () => {
  await walk(brand, brandViewer, brandPages(), 'brand');
  await go(brandViewer, '/orders');
  await brandViewer.page.getByText('Viewers can read, not record.').first().waitFor();
  await shot(brandViewer.page, 'viewer-brand-orders');
});

step('the factory\'s viewer finds no write control on the factory\'s pages; its owner does', async () => {
  await walk(factory, factoryViewer, factoryPages(), 'factory');
  await go(factoryViewer, '/samples');
  await shot(factoryViewer.page, 'viewer-factory-samples');
});

main(async (ctx) => {
  server = ctx.server;
  brand = await ctx.browser.person('brand', server.url);
  factory = await ctx.browser.person('factory', server.url);
  brandViewer = await ctx.browser.person('brandViewer', server.url);
  factoryViewer = await ctx.browser.person('factoryViewer', server.url);
});
