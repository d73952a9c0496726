// The rest of the relationship in the browser (issue 13, item 6), after season.mjs's sign-up to
// scorecards: change requests (priced, accepted; one withdrawn), payments (due, paid, the
// figures on the order), production progress, a countered order revised, messages on an RFQ
// and an order (a reply; a hostile text shown as text), a sample rejected and its second round,
// every download a page offers (taken as a browser takes it, and parsed), a viewer of the
// brand, and every page of docs/web.md's table at 360 px without a sideways scroll.
//
// What season.mjs walks through by the pages (sign-up, the upload, the claim, the RFQ, the
// quotes, the order) is made here over the API, by each person's own browser context (its
// cookies and CSRF header), so that these steps start where the season ends.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PASSWORD, api, check, diag, main, must, readExample, shot, step, stepAlone } from './harness.mjs';

const SM = 'pt-barcelos-sportmalha';
const TM = 'pt-santotirso-tirsomalha';
const REF = 'R1';
const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> & "quotes"';

let server, brand, factory, factory2, viewer, anon;
let programId = null;
let inviteToken = null;
const tmp = mkdtempSync(path.join(tmpdir(), 'selvedge-downloads-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));


function poLines() {
  const [head, ...rows] = readExample('season/po-1.csv').trim().split('\n');
  const keys = head.split(',');
  return rows.map((r) => {
    const o = Object.fromEntries(r.split(',').map((v, i) => [keys[i], v]));
    return { ...o, qty: Number(o.qty) };
  });
}

const QUOTE = (price) => ({
  currency: 'EUR', deposit: '30', balance: 'before shipment', incoterm: 'FOB', valid_until: '2027-03-31',
  quote: [{ style: 'NL-LEG-01', breaks: [{ qty: 300, price }, { qty: 1000, price: '13.60' }],
    moq_style: 300, moq_color: 150, sample_fee: '60.00', fee_refunded: true, sampling_days: 21,
    production_days: 60 }],
});

// ------------------------------------------------------------------ pages

const nav = (page) => page.getByRole('navigation', { name: 'Main' });

async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && m.getAttribute('aria-busy') !== 'true' && m.querySelector('h1');
  }, null, { timeout: 30000 });
}

async function go(person, url, what) {
  await person.page.goto(url);
  await person.page.waitForLoadState('networkidle');
  await settled(person.page);
  const text = await person.page.getByRole('heading', { level: 1 }).first().textContent();
  if (what) check(what.test(text), `${url}: the heading says ${what}`, `it says ${JSON.stringify(text)}`);
  return text;
}

// The card (an article) whose heading says what.
function cardOf(page, what) {
  return page.locator('article').filter({ has: page.getByRole('heading', { name: what }) }).last();
}

async function confirmDialog(page, verb) {
  const d = page.getByRole('dialog');
  await d.waitFor();
  await d.getByRole('button', { name: verb, exact: true }).click();
  await d.waitFor({ state: 'detached' });
}

// Waits for text in a card, the page reloaded until it is there (another side's step).
async function seeIn(person, url, cardName, pattern) {
  await go(person, url);
  const card = cardOf(person.page, cardName);
  await card.getByText(pattern).first().waitFor({ timeout: 15000 });
  return card;
}

// ------------------------------------------------------------------ the setup

step('over the API: a brand, two factories claiming theirs, the program, RFQ R1, two quotes, PO-1 confirmed, PO-2 issued', async () => {
  await must(brand, 'POST', '/api/signup', { email: 'ana@northline.example', password: PASSWORD,
    org_name: 'Northline', org_kind: 'brand' });
  for (const [p, email, org, h] of [[factory, 'rui@sportmalha.example', 'Sportmalha', SM],
    [factory2, 'eva@tirsomalha.example', 'Tirsomalha', TM]]) {
    await must(p, 'POST', '/api/signup', { email, password: PASSWORD, org_name: org, org_kind: 'factory' });
    await must(p, 'POST', '/api/org/claim', { factory: h });
  }
  const prog = await must(brand, 'POST', '/api/programs', readExample('northline.yaml'), 'application/yaml');
  programId = prog.id;
  await must(brand, 'POST', '/api/rfqs', { ref: REF, program: programId, to: [SM, TM], reply_by: '2026-12-31' });
  await must(factory, 'POST', `/api/rfqs/northline:${REF}/quotes`, QUOTE('14.90'));
  await must(factory2, 'POST', `/api/rfqs/northline:${REF}/quotes`, QUOTE('15.80'));
  await must(brand, 'POST', '/api/orders/issue', { factory: SM, order: 'PO-1', rfq: REF, currency: 'EUR',
    lines: poLines(), deposit: '30', balance: 'before shipment', incoterm: 'FOB', ex_factory: '2027-02-12' });
  await must(factory, 'POST', '/api/orders/confirm', { brand: 'northline', order: 'PO-1', ex_factory: '2027-02-12' });
  await must(brand, 'POST', '/api/orders/issue', { factory: TM, order: 'PO-2', rfq: REF, currency: 'EUR',
    lines: [{ style: 'NL-LEG-01', color: 'Black', size: 'M', qty: 600, price: '15.80' }], deposit: '30',
    balance: 'before shipment', incoterm: 'FOB', ex_factory: '2027-02-12' });
  await must(brand, 'POST', '/api/samples/request', { factory: SM, style: 'NL-LEG-01', stage: 'fit', round: 1,
    due: '2027-01-08', rfq: REF });
  await must(factory, 'POST', '/api/samples/ship', { brand: 'northline', style: 'NL-LEG-01', stage: 'fit', round: 1,
    courier: 'DHL', tracking: '4411902231' });
  const inv = await must(brand, 'POST', '/api/invitations', { role: 'viewer' });
  inviteToken = inv.token;
});

// ------------------------------------------------------------------ changes

step('a change: the brand requests it, the factory answers with a price, the brand accepts it', async () => {
  const page = brand.page;
  await go(brand, '/changes', /changes/i);
  await shot(page, 'rel-changes-empty');
  await page.getByRole('button', { name: 'Request a change' }).click();
  await page.getByLabel('Factory', { exact: true }).selectOption(SM);
  check(await page.getByLabel('Change reference').inputValue() === 'CR-1', 'the reference offered is CR-1');
  await page.getByLabel('Style', { exact: true }).fill('NL-LEG-01');
  await page.getByLabel('What changes').fill('waistband');
  await page.getByLabel('Now', { exact: true }).fill('single-layer');
  await page.getByLabel('Changed to').fill('double-layer');
  await page.getByLabel('Order', { exact: true }).fill('PO-1');
  await shot(page, 'rel-change-form');
  await page.getByRole('button', { name: 'Request change' }).click();
  await cardOf(page, /^CR-1/).getByText(/not priced yet/i).waitFor();

  const f = factory.page;
  await go(factory, '/changes', /changes/i);
  const card = cardOf(f, /^CR-1/);
  check(/single-layer → double-layer/.test(await card.textContent()), 'the factory sees what changes', await card.textContent());
  await card.getByRole('button', { name: 'Answer with a price' }).click();
  await card.getByLabel('Cost per unit').fill('0.40');
  await card.getByLabel('Days it adds').fill('5');
  await card.getByRole('button', { name: 'Send answer' }).click();
  await cardOf(f, /^CR-1/).getByText(/€0\.40, 5 days more/).waitFor();
  await shot(f, 'rel-factory-change-answered');

  const c = await seeIn(brand, '/changes', /^CR-1/, /€0\.40, 5 days more/);
  await c.getByRole('button', { name: 'Accept' }).click();
  const d = page.getByRole('dialog');
  check(/Accept CR-1 at €0\.40 and 5 days\?/.test(await d.textContent()), 'the brand is asked first, with the price', await d.textContent());
  await confirmDialog(page, 'Accept');
  await cardOf(page, /^CR-1/).getByText(/^Accepted$/).waitFor();
  check(await cardOf(page, /^CR-1/).getByRole('button', { name: /Accept|Withdraw/ }).count() === 0,
    'an accepted change has no Accept or Withdraw left');
  // PO-1, with a line of NL-LEG-01, was issued before CR-1: the API's after_signoff is that
  // event's id, not a number of days
  const cr1 = (await cardOf(page, /^CR-1/).textContent()).replace(/\s+/g, ' ');
  check(/after the style's sign-off/.test(cr1) && !/days after the approval|null/.test(cr1),
    'CR-1 says it came after the style\'s sign-off (an order issued), in words', cr1);
  await shot(page, 'rel-change-accepted');
});

step('a second change is requested and withdrawn; the factory can no longer price it', async () => {
  const page = brand.page;
  await page.getByRole('button', { name: 'Request a change' }).click();
  await page.getByLabel('Factory', { exact: true }).selectOption(SM);
  check(await page.getByLabel('Change reference').inputValue() === 'CR-2', 'the reference offered is CR-2');
  await page.getByLabel('Style', { exact: true }).fill('NL-LEG-01');
  await page.getByLabel('What changes').fill('colour');
  await page.getByRole('button', { name: 'Request change' }).click();
  const card = cardOf(page, /^CR-2/);
  await card.getByRole('button', { name: 'Withdraw' }).click();
  await confirmDialog(page, 'Withdraw');
  await cardOf(page, /^CR-2/).getByText(/^Withdrawn$/).waitFor();
  await go(factory, '/changes', /changes/i);
  const fc = cardOf(factory.page, /^CR-2/);
  await fc.getByText(/^Withdrawn$/).waitFor();
  check(await fc.getByRole('button').count() === 0, 'the factory has no button on a withdrawn change');
  const cr2 = (await fc.textContent()).replace(/\s+/g, ' ');
  check(!/\?/.test(cr2), 'CR-2, asked without "now" and "changed to", shows no "? → ?"', cr2);
  await shot(factory.page, 'rel-factory-changes');
});

// ------------------------------------------------------------------ payments and progress

step('payments: the factory records the deposit due, the brand marks it paid; the order shows its figures', async () => {
  const f = factory.page;
  await go(factory, '/orders', /orders/i);
  const card = cardOf(f, /^Order PO-1$/);
  check(/Total€13,410\.00/.test((await card.textContent()).replace(/\s+/g, '')),
    'the order\'s total: 900 units at €14.90', await card.textContent());
  await card.getByRole('button', { name: 'Payment due' }).click();
  check(await card.getByLabel('Milestone', { exact: true }).inputValue() === 'deposit', 'the first milestone offered is the deposit');
  await card.getByLabel('Due date').fill('2026-12-20');
  await card.getByLabel('Amount', { exact: true }).fill('4023.00');
  await card.getByRole('button', { name: 'Record payment due' }).click();
  const pay = cardOf(f, /^Order PO-1$/).getByRole('region', { name: 'Payments of PO-1' });
  await pay.waitFor();
  const row = await pay.getByRole('row').filter({ hasText: 'Deposit' }).textContent();
  check(/€4,023\.00/.test(row) && /Due\s20\sDec\s2026/.test(row) && /Open/.test(row), 'the factory sees it due and open', row);

  const page = brand.page;
  const bc = await seeIn(brand, '/orders', /^Order PO-1$/, /Due\s20\sDec\s2026/);
  await bc.getByRole('button', { name: 'Mark deposit paid' }).click();
  const d = page.getByRole('dialog');
  check(/€4,023\.00/.test(await d.textContent()), 'the brand is asked first, with the amount', await d.textContent());
  await confirmDialog(page, 'Mark deposit paid');
  const paid = cardOf(page, /^Order PO-1$/).getByRole('region', { name: 'Payments of PO-1' }).getByRole('row').filter({ hasText: 'Deposit' });
  await paid.getByText(/Paid \d/).waitFor();
  await shot(page, 'rel-brand-order-paid');
  const fc = await seeIn(factory, '/orders', /^Order PO-1$/, /Paid \d/);
  check(await fc.getByRole('button', { name: /paid/i }).count() === 0, 'the factory has no "paid" button');
});

step('production: the factory records fabric in, the brand sees it on the order', async () => {
  const f = factory.page;
  const card = cardOf(f, /^Order PO-1$/);
  await card.getByRole('button', { name: 'Record progress' }).click();
  await card.getByLabel('Milestone reached').selectOption('fabric_in');
  await card.getByLabel('Planned for').fill('2026-12-28');
  await card.getByRole('button', { name: 'Record milestone' }).click();
  await cardOf(f, /^Order PO-1$/).getByText(/^Fabric in: .*\(planned\s28\sDec\s2026\)$/).waitFor();
  await shot(f, 'rel-factory-order-progress');
  await seeIn(brand, '/orders', /^Order PO-1$/, /^Fabric in: .*\(planned\s28\sDec\s2026\)$/);
  check(await cardOf(brand.page, /^Order PO-1$/).getByRole('button', { name: 'Record progress' }).count() === 0,
    'the brand records no progress');
});

// ------------------------------------------------------------------ a countered order

step('a countered order: the factory counters PO-2, the brand revises it from the counter, the factory confirms', async () => {
  const f = factory2.page;
  await go(factory2, '/orders', /orders/i);
  const card = cardOf(f, /^Order PO-2$/);
  await card.getByRole('button', { name: 'Counter' }).click();
  await card.getByLabel('What you propose').fill('600 units need 2 more weeks: ex-factory 26 February');
  await card.getByLabel('Ex-factory date you can do').fill('2027-02-26');
  await card.getByRole('button', { name: 'Send counter' }).click();
  await cardOf(f, /^Order PO-2$/).getByText(/^Countered$/).waitFor();
  check(await cardOf(f, /^Order PO-2$/).getByRole('button', { name: 'Confirm order' }).count() === 0,
    'a countered order is not the factory\'s to confirm');
  await shot(f, 'rel-factory-order-countered');

  const page = brand.page;
  const bc = await seeIn(brand, '/orders', /^Order PO-2$/, /2 more weeks/);
  const countered = (await bc.textContent()).replace(/\s+/g, ' ');
  check(/Counter.*2 more weeks.*26 Feb 2027/.test(countered), 'the counter shows the ex-factory date it proposes', countered);
  await bc.getByRole('button', { name: 'Revise order' }).click();
  const form = bc.locator('form').filter({ has: page.getByRole('heading', { name: 'Revise order PO-2' }) });
  await form.waitFor();
  check(await form.getByLabel('Ex-factory date').inputValue() === '2027-02-26', 'the revision takes the counter\'s date');
  check(await form.getByLabel('Unit price (line 1)').inputValue() === '15.80', 'and the order\'s line');
  check(await form.getByText(/priced from the quote/i).count() === 0,
    'a revision does not say its lines are priced from the quote (they are the order\'s)');
  await form.getByLabel('Quantity (line 1)').fill('650');
  await shot(page, 'rel-brand-order-revise');
  await form.getByRole('button', { name: 'Send revised order' }).click();
  await confirmDialog(page, 'Send revised order');
  const after = cardOf(page, /^Order PO-2$/);
  await after.locator('.badge', { hasText: /^Issued$/ }).waitFor();
  const t = (await after.textContent()).replace(/\s+/g, ' ');
  check(/650/.test(t) && /26 Feb 2027/.test(t) && !/2 more weeks/.test(t),
    'the revised order: 650 units, ex-factory 26 Feb 2027, the counter gone', t);

  await go(factory2, '/orders', /orders/i);
  const fc = cardOf(f, /^Order PO-2$/);
  await fc.getByRole('button', { name: 'Confirm order' }).click();
  await fc.getByRole('button', { name: 'Confirm', exact: true }).click();
  await confirmDialog(f, 'Confirm');
  await cardOf(f, /^Order PO-2$/).getByText(/^Confirmed$/).waitFor();
});

// ------------------------------------------------------------------ messages

async function noScriptRan(page) {
  return page.evaluate(() => window.__pwned === undefined);
}

step('messages: the brand writes on RFQ R1 (a hostile text), the factory reads it as text and replies; a thread on PO-1', async () => {
  const page = brand.page;
  await go(brand, '/messages', /messages/i);
  await shot(page, 'rel-messages-empty');
  await page.getByRole('button', { name: 'New message' }).click();
  await page.getByLabel('Factory', { exact: true }).selectOption(SM);
  await page.getByLabel('About', { exact: true }).selectOption('rfq');
  await page.getByLabel('Its reference', { exact: true }).fill(REF);
  await page.getByLabel('Message', { exact: true }).fill(HOSTILE);
  await page.getByRole('button', { name: 'Send message' }).click();
  await cardOf(page, `RFQ ${REF} · ${SM}`).getByText(HOSTILE, { exact: true }).waitFor();

  const f = factory.page;
  await go(factory, '/messages', /messages/i);
  const thread = cardOf(f, `RFQ ${REF} · northline`);
  await thread.getByText(HOSTILE, { exact: true }).waitFor();
  check(await thread.locator('img, script').count() === 0, 'the hostile text made no element');
  check(await noScriptRan(f), 'nothing of it ran');
  await thread.getByLabel(`Reply about RFQ ${REF} to northline`).fill('Noted: our fabric, OEKO-TEX 100');
  await thread.getByRole('button', { name: 'Send reply' }).click();
  await cardOf(f, `RFQ ${REF} · northline`).getByText('Noted: our fabric, OEKO-TEX 100').waitFor();
  // the factory opens a thread on the order
  await f.getByRole('button', { name: 'New message' }).click();
  await f.getByLabel('Brand', { exact: true }).selectOption('northline');
  await f.getByLabel('About', { exact: true }).selectOption('order');
  await f.getByLabel('Its reference', { exact: true }).fill('PO-1');
  await f.getByLabel('Message', { exact: true }).fill('Fabric is booked; cutting starts on 4 January');
  await f.getByRole('button', { name: 'Send message' }).click();
  await cardOf(f, 'Order PO-1 · northline').getByText(/cutting starts/).waitFor();
  await shot(f, 'rel-factory-messages');

  await go(brand, '/messages', /messages/i);
  const rfqThread = cardOf(page, `RFQ ${REF} · ${SM}`);
  const items = await rfqThread.getByRole('listitem').allTextContents();
  check(items.length === 2 && items[0].includes(HOSTILE) && /^You/.test(items[0]) &&
    items[1].includes('OEKO-TEX') && items[1].startsWith(SM), 'the brand: its message, then the factory\'s reply', items);
  const order = cardOf(page, `Order PO-1 · ${SM}`);
  await order.getByText(/cutting starts/).waitFor();
  await order.getByLabel(`Reply about Order PO-1 to ${SM}`).fill('Thank you');
  await order.getByRole('button', { name: 'Send reply' }).click();
  await cardOf(page, `Order PO-1 · ${SM}`).getByText('Thank you', { exact: true }).waitFor();
  check(await noScriptRan(page), 'nothing of the hostile text ran on the brand\'s page either');
  await shot(page, 'rel-brand-messages');
});

// ------------------------------------------------------------------ samples

step('a fit sample rejected with comments, then its second round requested, shipped and seen by the brand', async () => {
  const page = brand.page;
  await go(brand, '/samples', /samples/i);
  const shipped = page.getByRole('region', { name: /^Shipped/ });
  await shipped.getByText(/NL-LEG-01/).first().waitFor();
  await page.getByRole('button', { name: 'Mark received' }).click();
  await page.getByRole('region', { name: /^Received/ }).getByRole('button', { name: 'Review' }).click();
  await page.getByLabel('Verdict').selectOption('rejected');
  await page.getByLabel('Comments').fill('Waistband rolls at the side seams; rise 1 cm short');
  await page.getByRole('button', { name: 'Record review' }).click();
  await confirmDialog(page, 'Record review');
  const reviewed = page.getByRole('region', { name: /^Reviewed/ });
  await reviewed.getByText(/^Rejected$/).waitFor();
  check(/rise 1 cm short/.test(await reviewed.textContent()), 'the comments on the card');
  await shot(page, 'rel-sample-rejected');
  await reviewed.getByRole('button', { name: 'Request round 2' }).click();
  check(await reviewed.getByLabel('Round').inputValue() === '2', 'the next round is 2');
  await reviewed.getByLabel('Wanted by').fill('2027-01-29');
  await reviewed.getByRole('button', { name: 'Request sample' }).click();
  const requested = page.getByRole('region', { name: /^Requested/ });
  await requested.getByRole('heading', { name: /fit 2$/ }).waitFor();
  check(await page.getByRole('button', { name: 'Request round 2' }).count() === 0, 'round 2 is asked for once');

  const f = factory.page;
  await go(factory, '/samples', /samples/i);
  const fr = f.getByRole('region', { name: /^Requested/ });
  await fr.getByRole('heading', { name: /fit 2$/ }).waitFor();
  check(/rise 1 cm short/.test(await f.getByRole('region', { name: /^Reviewed/ }).textContent()),
    'the factory reads the rejection\'s comments');
  await fr.getByRole('button', { name: 'Ship' }).click();
  await f.getByLabel('Courier').fill('DHL');
  await f.getByLabel('Tracking number').fill('4411907765');
  await f.getByRole('button', { name: 'Record shipment' }).click();
  await f.getByRole('region', { name: /^Shipped/ }).getByRole('heading', { name: /fit 2$/ }).waitFor();
  await shot(f, 'rel-factory-samples-round2');
  await go(brand, '/samples', /samples/i);
  const s2 = page.getByRole('region', { name: /^Shipped/ });
  await s2.getByRole('heading', { name: /fit 2$/ }).waitFor();
  check(/4411907765/.test(await s2.textContent()), 'the brand sees round 2 shipped with its tracking');
  await shot(page, 'rel-brand-samples-round2');
});

// ------------------------------------------------------------------ downloads

function zipNames(file) {
  const r = spawnSync('python3', ['-c',
    'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file],
  { encoding: 'utf8' });
  check(r.status === 0, `${path.basename(file)} opens as a zip`, r.stderr);
  return r.stdout.trim().split('\n');
}

// Clicks the control, takes the download; checks its name and its type at the API.
async function take(person, control, wantName, apiPath, wantType) {
  const page = person.page;
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), control.click()]);
  const name = dl.suggestedFilename();
  check(wantName.test(name), `the download's name is ${wantName}`, name);
  const file = path.join(tmp, name);
  await dl.saveAs(file);
  const head = await api(person, 'GET', apiPath);
  check(head.status === 200 && head.headers['content-type'].startsWith(wantType),
    `${apiPath} is ${wantType}`, `${head.status} ${head.headers['content-type']}`);
  return file;
}

step('downloads: the brief PDF (409 blockers, then "Download anyway"), the cost XLSX and SVG, the plan ICS, XLSX, CSV and SVG, the comparison XLSX', async () => {
  const page = brand.page;
  const id = programId;
  await go(brand, `/programs/${id}`, /SS27 launch/);
  await page.getByRole('button', { name: 'Download the brief (PDF)' }).click();
  const anyway = page.getByRole('button', { name: 'Download anyway' });
  await anyway.waitFor();
  const said = await page.getByRole('main').textContent();
  check(/blocker/i.test(said), 'the 409 says the brief has blockers');
  await shot(page, 'rel-brief-blocked');
  const pdf = await take(brand, anyway, /\.pdf$/, `/api/programs/${id}/brief.pdf?paper=a4&force=1`, 'application/pdf');
  check(readFileSync(pdf).subarray(0, 5).toString() === '%PDF-', 'the brief starts %PDF-');
  const txt = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
  check(txt.status === 0 && /SS27 launch/.test(txt.stdout), 'pdftotext finds the program\'s name in the brief',
    (txt.stderr || '') + txt.stdout.slice(0, 300));

  await go(brand, `/programs/${id}/cost`, /cost/i);
  const cost = await take(brand, page.getByRole('button', { name: 'Download the cost workbook (XLSX)' }), /\.xlsx$/,
    `/api/programs/${id}/cost.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const cn = zipNames(cost);
  check(cn.includes('xl/workbook.xml') && cn.some((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)),
    'the cost workbook has its workbook and sheets', cn);

  const csvg = await take(brand, page.getByRole('button', { name: 'Download the charts (SVG)' }), /\.svg$/,
    `/api/programs/${id}/cost.svg`, 'image/svg+xml');
  check(/<svg[\s>]/.test(readFileSync(csvg, 'utf8').slice(0, 500)) && /<\/svg>\s*$/.test(readFileSync(csvg, 'utf8')),
    'the cost charts are an SVG document');

  await go(brand, `/programs/${id}/plan`, /calendar|plan/i);
  const ics = await take(brand, page.getByRole('button', { name: 'Download for your calendar (ICS)' }), /\.ics$/,
    `/api/programs/${id}/plan.ics`, 'text/calendar');
  const ical = readFileSync(ics, 'utf8');
  check(/^BEGIN:VCALENDAR\r?\n/.test(ical) && (ical.match(/BEGIN:VEVENT/g) || []).length >= 5 &&
    /END:VCALENDAR\s*$/.test(ical), 'the ICS is a calendar with its VEVENTs', ical.slice(0, 300));
  const px = await take(brand, page.getByRole('button', { name: 'Download the workbook (XLSX)' }), /\.xlsx$/,
    `/api/programs/${id}/plan.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  check(zipNames(px).includes('xl/workbook.xml'), 'the plan workbook is a workbook');
  const csv = await take(brand, page.getByRole('button', { name: 'Download the table (CSV)' }), /\.csv$/,
    `/api/programs/${id}/plan.csv`, 'text/csv');
  const rows = readFileSync(csv, 'utf8').trim().split(/\r?\n/);
  check(rows.length > 5 && rows.every((r) => r.split(',').length >= 3), 'the CSV is a table of milestones', rows.slice(0, 3));

  const gantt = await take(brand, page.getByRole('button', { name: 'Download the Gantt chart (SVG)' }), /\.svg$/,
    `/api/programs/${id}/plan.svg`, 'image/svg+xml');
  check(/<svg[\s>]/.test(readFileSync(gantt, 'utf8').slice(0, 500)), 'the Gantt chart is an SVG document');

  await go(brand, `/rfqs/${REF}/compare`, /quotes for RFQ/i);
  const cmp = await take(brand, page.getByRole('link', { name: 'Download as Excel (XLSX)' }), /^R1-compare\.xlsx$/,
    `/api/rfqs/${REF}/compare.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  check(zipNames(cmp).includes('xl/workbook.xml'), 'the comparison is a workbook');
});

// ------------------------------------------------------------------ a viewer

stepAlone('a viewer of the brand reads the pages; a write is refused in words, and nothing is written', async () => {
  await must(viewer, 'POST', '/api/signup', { email: 'val@northline.example', password: PASSWORD,
    org_name: 'Val', org_kind: 'brand' });
  await must(viewer, 'POST', '/api/invitations/accept', { token: inviteToken });
  const page = viewer.page;
  for (const [url, what] of [['/programs', /programs/i], [`/programs/${programId}`, /SS27 launch/],
    ['/orders', /orders/i], ['/changes', /changes/i], ['/samples', /samples/i], ['/messages', /messages/i]]) {
    await go(viewer, url, what);
    const writes = await page.getByRole('main').getByRole('button').allTextContents();
    if (writes.length) diag(`a viewer's ${url} offers the buttons: ${writes.map((b) => b.trim()).join(', ')}`);
    if (url === '/orders') {
      await cardOf(page, /^Order PO-1$/).waitFor();
      await shot(page, 'rel-viewer-orders');
    }
  }
  await go(viewer, '/changes', /changes/i);
  const before = (await must(viewer, 'GET', '/api/changes')).items.length;
  check(await page.getByRole('button', { name: 'Request a change' }).count() === 0,
    'a viewer is offered no Request a change (viewer.mjs walks every page)');
  await page.getByText('Viewers can read, not record.').first().waitFor();
  const r = await api(viewer, 'POST', '/api/changes/request', { factory: SM, change: 'CR-9', style: 'NL-LEG-01', what: 'trim' });
  check(r.status === 403, 'the API refuses a viewer\'s write', `${r.status} ${JSON.stringify(r.json)}`);
  const said = JSON.stringify(r.json);
  check(/viewer|read|not allowed|permission|role/i.test(said), 'the refusal says why', said);
  await shot(page, 'rel-viewer-refused');
  check((await must(viewer, 'GET', '/api/changes')).items.length === before, 'nothing was written');
});

// ------------------------------------------------------------------ 360 px

async function narrow(person, urls) {
  const page = person.page;
  const wide = [];
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    for (const url of urls) {
      await go(person, url);
      const w = await page.evaluate(() => {
        const s = document.scrollingElement;
        let widest = null;
        for (const e of document.querySelectorAll('main *')) {
          const r = e.getBoundingClientRect();
          if (r.right > 361 && !e.closest('.table-wrap') && (!widest || r.right > widest.right)) {
            widest = { right: Math.round(r.right), what: e.outerHTML.slice(0, 100) };
          }
        }
        return { sw: s.scrollWidth, widest };
      });
      if (w.sw > 361) wide.push(`${person.name} ${url}: scrollWidth ${w.sw}; widest ${JSON.stringify(w.widest)}`);
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
  return wide;
}

stepAlone('every page of docs/web.md\'s table answers at 360 px without a sideways scroll of the page', async () => {
  const p = `/programs/${programId}`;
  const wide = [
    ...await narrow(anon, ['/login', '/signup', `/invite/${inviteToken}`]),
    ...await narrow(brand, ['/', '/programs', '/programs/new', p, `${p}/edit`, `${p}/cost`, `${p}/plan`,
      `${p}/matches`, `${p}/rfq`, '/rfqs', `/rfqs/${REF}`, `/rfqs/${REF}/compare`, '/samples', '/changes',
      '/orders', '/inspections', '/messages', '/scorecards', '/team', '/account', '/tokens']),
    ...await narrow(factory, ['/', '/rfqs', `/rfqs/northline:${REF}`, `/rfqs/northline:${REF}/quote`, '/samples',
      '/changes', '/orders', '/inspections', '/messages', '/scorecards', '/team', '/account', '/tokens', '/factory']),
  ];
  check(wide.length === 0, 'no page wider than 360 px', wide.join('\n'));
});

main(async (ctx) => {
  server = ctx.server;
  brand = await ctx.browser.person('brand', server.url);
  factory = await ctx.browser.person('factory', server.url);
  factory2 = await ctx.browser.person('factory2', server.url);
  viewer = await ctx.browser.person('viewer', server.url);
  anon = await ctx.browser.person('anon', server.url);
});
