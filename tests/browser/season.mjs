// The season in the browser (issue 13, item 6), by the controls' accessible names, as a
// person would: the brand signs up, uploads a program with an error and fixes it at the line
// shown, sends an RFQ to a factory; the factory signs up, claims its factory, logs in again,
// finds the RFQ in its inbox with the brand's readiness summary and quotes; the brand
// compares and orders; the factory confirms; an inspection is recorded; both read their
// scorecards; a second brand cannot reach the first's pages. Screenshots of every main page
// at 360 and 1280 px (harness.mjs, shot).
import { PASSWORD, check, stepAlone, main, readExample, shot, step } from './harness.mjs';

const BRAND_EMAIL = 'ana@northline.example';
const FACTORY_EMAIL = 'rui@sportmalha.example';
const OTHER_EMAIL = 'lee@otherbrand.example';
const FACTORY = 'pt-barcelos-sportmalha';
const FACTORY2 = 'pt-santotirso-tirsomalha';
const FACTORY2_EMAIL = 'eva@tirsomalha.example';
const COLLEAGUE_EMAIL = 'mia@northline.example';
const REF = 'R1';

let server, brand, factory, factory2, other, keyboard, colleague;
let programPath = null;     // /programs/ID once stored

const role = (page, r, name) => page.getByRole(r, { name, exact: false });

// The router has put its page in <main> (not aria-busy), with its heading: a page left
// while it still renders would break its requests midway.
async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && m.getAttribute('aria-busy') !== 'true' && m.querySelector('h1');
  }, null, { timeout: 30000 });
}

// The page's one h1 is there and says (a regex) what; returns its text.
async function heading(page, what) {
  await settled(page);
  const h1 = page.getByRole('heading', { level: 1 });
  await h1.first().waitFor();
  if (what) {
    await page.waitForFunction((src) => {
      const h = document.querySelector('h1');
      return h && new RegExp(src, 'i').test(h.textContent);
    }, what.source, { timeout: 30000 }).catch(() => {});
    const text = await h1.first().textContent();
    check(what.test(text), `the page's heading says ${what}`, `it says ${JSON.stringify(text)}`);
  }
  return h1.first().textContent();
}

// The router is done when the progress indicator is gone and the heading is there.
async function go(person, path, what) {
  await person.page.goto(path);
  await person.page.waitForLoadState('networkidle');
  return heading(person.page, what);
}

async function signup(person, email, org, kind, here = false) {
  const page = person.page;
  if (here) await heading(page, /create your account/i);
  else await go(person, '/signup', /create your account/i);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organization name').fill(org);
  await page.getByRole('radio', { name: new RegExp(`^A ${kind}`) }).check();
  await role(page, 'button', 'Create account').click();
  await page.waitForURL((u) => !/\/signup/.test(u.pathname));
  await settled(page);
}

// The card (a section or article) whose heading says what.
function cardOf(page, what) {
  return page.locator('section, article').filter({
    has: page.getByRole('heading', { name: what }),
  }).last();
}

// What a finger on the control's middle touches is the control: nothing covers or clips it
// (looked at where the control is, without scrolling anything: for the page's header).
async function onTop(locator, what) {
  const hit = await locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const at = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return { ok: !!at && (at === e || e.contains(at)), at: at ? at.outerHTML.slice(0, 120) : null,
      box: [r.x, r.y, r.width, r.height].map(Math.round) };
  });
  check(hit.ok, `${what} can be touched: nothing covers or clips it`, hit);
}

// The program with an error: `currency` misspelt on its line (7).
function brokenProgram() {
  const text = readExample('northline.yaml');
  const lines = text.split('\n');
  const i = lines.findIndex((l) => /^ {2}currency: USD/.test(l));
  check(i >= 0, 'northline.yaml has its currency line');
  lines[i] = lines[i].replace('currency', 'curency');
  return { text: lines.join('\n'), line: i + 1 };
}

step('the log-in and sign-up pages, logged out', async () => {
  await go(brand, '/login', /log in|sign in/i);
  await shot(brand.page, 'login');
  await go(brand, '/signup', /create your account/i);
  await shot(brand.page, 'signup');
});

step('the brand signs up and lands on its home, which says what to do first', async () => {
  await signup(brand, BRAND_EMAIL, 'Northline', 'brand');
  await heading(brand.page);
  await shot(brand.page, 'brand-home-empty');
});

step('the brand uploads a program with an error: the error names its line and field', async () => {
  const page = brand.page;
  await go(brand, '/programs', /programs/i);
  await shot(page, 'programs-empty');
  await page.getByRole('link', { name: 'Upload your first program' }).click();
  await heading(page, /new program/i);
  const bad = brokenProgram();
  const editor = page.getByLabel('Program file (YAML)');
  await editor.fill(bad.text);
  await page.getByRole('button', { name: 'Save program' }).click();
  const alert = page.getByRole('alert').filter({ hasText: /curency/ });
  await alert.first().waitFor();
  const said = await alert.first().textContent();
  check(new RegExp(`line ${bad.line}\\b`).test(said), `the error says line ${bad.line}`, said);
  check(/brand\.curency/.test(said) && /did you mean "currency"/.test(said),
    'the error names the field and suggests currency', said);
  check(await editor.getAttribute('aria-invalid') === 'true', 'the editor is marked invalid');
  await shot(page, 'program-error');
  // the editor has the cursor on the line shown: what is selected there is retyped, fixed
  const sel = await editor.evaluate((a) => {
    const before = a.value.slice(0, a.selectionStart);
    return { line: before.split('\n').length, text: a.value.slice(a.selectionStart, a.selectionEnd),
      focused: document.activeElement === a };
  });
  check(sel.focused && sel.line === bad.line && /curency/.test(sel.text),
    `the editor's cursor is on line ${bad.line}, the misspelt key selected`, sel);
  await page.keyboard.type(sel.text.replace('curency', 'currency'));
  await page.getByRole('button', { name: 'Save program' }).click();
  await page.waitForURL(/\/programs\/\d+$/);
  programPath = new URL(page.url()).pathname;
  await heading(page, /SS27 launch/);
});

step('the program\'s readiness, cost sheet and calendar', async () => {
  const page = brand.page;
  await go(brand, programPath, /SS27 launch|readiness/i);
  check(await page.getByText(/not ready|ready|blocked/i).count() > 0, 'a verdict');
  await shot(page, 'program-readiness');
  await go(brand, `${programPath}/cost`, /cost/i);
  check(await page.getByRole('table').count() > 0, 'the cost sheet is a table');
  await shot(page, 'program-cost');
  await go(brand, `${programPath}/plan`, /plan|calendar|T&A/i);
  await shot(page, 'program-plan');
  await go(brand, '/programs', /programs/i);
  check(await page.getByRole('link', { name: /SS27 launch/ }).count() > 0, 'the program listed');
  await shot(page, 'programs');
});

stepAlone('the header\'s Account menu can be touched at desktop width; on a phone the navigation folds behind Menu, and opens by it', async () => {
  const page = brand.page;
  await go(brand, programPath, /SS27 launch/);
  await onTop(page.getByRole('button', { name: 'Account' }), 'the Account button at 1280 px');
  await page.setViewportSize({ width: 360, height: 740 });
  try {
    await go(brand, programPath, /SS27 launch/);
    const nav = page.getByRole('navigation', { name: 'Main' });
    check(!(await nav.getByRole('link', { name: 'Programs' }).isVisible()), 'the navigation is folded');
    const menu = page.getByRole('button', { name: 'Menu' });
    await onTop(menu, 'the Menu button');
    await menu.click({ timeout: 5000 });
    check(await menu.getAttribute('aria-expanded') === 'true', 'Menu says it is expanded');
    await onTop(nav.getByRole('link', { name: 'Programs' }), 'the navigation\'s Programs link');
    await nav.getByRole('link', { name: 'Programs' }).click({ timeout: 5000 });
    await heading(page, /programs/i);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

// A factory's person signs up, finds its factory in the registry and claims it.
async function claim(person, email, org, search, shots) {
  const page = person.page;
  await signup(person, email, org, 'factory');
  await heading(page);
  if (shots) await shot(page, 'factory-home-unclaimed');
  await page.getByRole('main').getByRole('link', { name: 'Claim your factory' }).click();
  await heading(page, /your factory/i);
  await page.getByLabel('Search the registry').fill(search);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('button', { name: new RegExp(`^Claim ${search}`) }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Claim' }).click();
  await heading(page, new RegExp(search));
}

step('two factories sign up and claim theirs; one keeps its profile', async () => {
  const page = factory.page;
  await claim(factory, FACTORY_EMAIL, 'Sportmalha', 'Sportmalha', true);
  await shot(page, 'factory-profile');
  await page.getByLabel('Monthly capacity (units)').fill('40000');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByRole('status').or(page.locator('.status-line')).filter({ hasText: /saved/i })
    .first().waitFor();
  await claim(factory2, FACTORY2_EMAIL, 'Tirsomalha', 'Tirsomalha', false);
});

step('the brand chooses two factories among its matches and sends them the RFQ', async () => {
  const page = brand.page;
  await go(brand, programPath, /SS27 launch/);
  await page.getByRole('link', { name: 'Find factories' }).click();
  await heading(page, /factories/i);
  await shot(page, 'program-matches');
  await page.getByRole('checkbox', { name: /^Choose Sportmalha/ }).check();
  await page.getByRole('checkbox', { name: /^Choose Tirsomalha/ }).check();
  await page.getByRole('button', { name: 'Send RFQ' }).click();
  await heading(page, /send an RFQ/i);
  await page.getByLabel('RFQ reference').fill(REF);
  await page.getByLabel('Reply by').fill('2026-12-31');
  const to = (await page.getByLabel(/^Factories/).inputValue()).split(/\s+/).filter(Boolean);
  check(to.sort().join(' ') === [FACTORY, FACTORY2].sort().join(' '),
    'the factories chosen are in the form', to);
  await shot(page, 'rfq-send');
  await page.getByRole('button', { name: 'Send RFQ' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Send RFQ' }).click();
  await page.waitForURL(/\/rfqs$/);
});

step('the brand\'s RFQs list it, each factory as asked and no quote yet', async () => {
  const page = brand.page;
  await heading(page, /RFQ/i);
  const card = cardOf(page, new RegExp(`RFQ ${REF}$`));
  await card.waitFor();
  const text = await card.textContent();
  check(text.includes(FACTORY) && text.includes(FACTORY2), 'the card names the factories asked', text);
  check(/no quotes yet/i.test(text), 'no quote yet, said', text);
  await shot(page, 'brand-rfqs');
});

step('the factory logs out, logs in, and finds the RFQ in its inbox with the readiness summary', async () => {
  const page = factory.page;
  await page.getByRole('button', { name: 'Account' }).click();
  await page.getByRole('link', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
  await heading(page, /log in/i);
  await page.getByLabel('Email').fill(FACTORY_EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((u) => !/\/login/.test(u.pathname));
  await heading(page);
  await shot(page, 'factory-home');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await heading(page, /inbox|RFQ/i);
  const card = cardOf(page, new RegExp(`RFQ ${REF}$`));
  await card.waitFor();
  const text = await card.textContent();
  check(/northline/i.test(text), 'the inquiry names the brand', text);
  check(/\d+ of 100/.test(text) && /not ready|blocked|ready/i.test(text),
    'the readiness summary: score and verdict', text);
  check(/blockers/i.test(text) && /sampling budget/i.test(text) && /payment terms/i.test(text),
    'its blockers, sampling budget and payment terms', text);
  await shot(page, 'factory-inbox');
  await card.getByRole('button', { name: 'Acknowledge' }).click();
  await cardOf(page, new RegExp(`RFQ ${REF}$`)).getByText(/acknowledged/i).first().waitFor();
});

// A factory quotes every style of the RFQ from its inbox, at the prices given (the first
// break's, the second's).
async function quote(person, prices, lead, shots) {
  const page = person.page;
  if (!/\/rfqs$/.test(page.url())) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
    await heading(page, /inbox|RFQ/i);
  }
  await cardOf(page, new RegExp(`RFQ ${REF}$`)).getByRole('link', { name: 'Quote' }).click();
  await heading(page, /quote/i);
  if (shots) await shot(page, 'quote-form-empty');
  const fields = page.getByLabel(/^Unit price \(break \d+\)/);
  const n = await fields.count();
  check(n >= 2, 'price breaks to fill', n);
  for (let i = 0; i < n; i++) await fields.nth(i).fill(prices[i % 2]);
  for (const [label, value] of [['MOQ per style', '300'], ['MOQ per colour', '150'],
    ['Sampling lead (days)', '21'], ['Production lead (days)', lead]]) {
    const f = page.getByLabel(label, { exact: true });
    for (let i = 0; i < await f.count(); i++) await f.nth(i).fill(value);
  }
  await page.getByLabel('Valid until').fill('2027-01-31');
  if (shots) await shot(page, 'quote-form');
  await page.getByRole('button', { name: 'Send quote' }).click();
  await page.waitForURL((u) => !/\/quote$/.test(u.pathname));
  await heading(page, new RegExp(`RFQ ${REF}`));
  await page.getByText(/^Quote$/).first().waitFor();
}

step('both factories quote every style of the RFQ', async () => {
  await quote(factory, ['17.40', '16.90'], '60', true);
  await shot(factory.page, 'factory-rfq');
  await quote(factory2, ['18.10', '17.60'], '45', false);
});

step('the brand compares the quotes and orders from the factory', async () => {
  const page = brand.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'RFQs' }).click();
  await heading(page, /RFQ/i);
  await cardOf(page, new RegExp(`RFQ ${REF}$`)).getByRole('link', { name: /^Compare quotes/ }).click();
  await heading(page, new RegExp(`quotes for RFQ ${REF}`, 'i'));
  const ranked = page.getByRole('table').first().getByRole('row');
  await ranked.nth(2).waitFor();
  const rows = await ranked.allTextContents();
  check(rows.length === 3 && rows.slice(1).some((r) => r.includes(FACTORY)) &&
    rows.slice(1).some((r) => r.includes(FACTORY2)) && rows.slice(1).every((r) => /US\$[\d,]+\.\d\d/.test(r)),
    'the two quotes ranked, each landed in US$', rows);
  await shot(page, 'compare');
  await page.getByRole('link', { name: `Order from ${FACTORY}` }).click();
  await heading(page, /orders/i);
  await page.getByLabel('Ex-factory date').fill('2027-02-12');
  check(await page.getByLabel('Unit price (line 1)').inputValue() === '17.40',
    'the line is priced from the quote');
  await page.getByLabel('Colour (line 1)').fill('Black');
  await page.getByLabel('Size (line 1)').fill('M');
  await shot(page, 'order-form');
  await page.getByRole('button', { name: /^Issue/ }).last().click();
  const dialog = page.getByRole('dialog');
  if (await dialog.count()) await dialog.getByRole('button', { name: /issue|send|order/i }).click();
  await cardOf(page, /PO-1/).waitFor();
  await shot(page, 'brand-orders');
});

step('a fit sample: the brand requests it, the factory ships it, the brand receives and approves it', async () => {
  const page = brand.page;
  const nav = (p) => p.getByRole('navigation', { name: 'Main' });
  await nav(page).getByRole('link', { name: 'Samples' }).click();
  await heading(page, /samples/i);
  await page.getByRole('button', { name: 'Request a sample' }).click();
  await page.getByLabel('Factory', { exact: true }).selectOption(FACTORY);
  await page.getByLabel('Style', { exact: true }).fill('NL-LEG-01');
  await page.getByLabel('Stage', { exact: true }).selectOption('fit');
  await page.getByLabel('Wanted by').fill('2027-01-08');
  await page.getByRole('button', { name: 'Request sample' }).click();
  await page.getByRole('region', { name: /^Requested/ }).getByText(/NL-LEG-01/).first().waitFor();
  const f = factory.page;
  await nav(f).getByRole('link', { name: 'Samples' }).click();
  await heading(f, /samples/i);
  await f.getByRole('button', { name: 'Ship' }).click();
  await f.getByLabel('Courier').fill('DHL');
  await f.getByLabel('Tracking number').fill('4411902231');
  await f.getByRole('button', { name: 'Record shipment' }).click();
  await f.getByRole('region', { name: /^Shipped/ }).getByText(/NL-LEG-01/).first().waitFor();
  await shot(f, 'factory-samples-shipped');
  await page.reload();
  await heading(page, /samples/i);
  await page.getByRole('button', { name: 'Mark received' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByLabel('Verdict').selectOption('approved');
  await page.getByRole('button', { name: 'Record review' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button').last().click();
  await page.getByRole('region', { name: /^Reviewed/ }).getByText(/^Approved$/).first().waitFor();
  await shot(page, 'brand-samples');
});

step('the factory confirms the order', async () => {
  const page = factory.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
  await heading(page, /orders/i);
  const card = cardOf(page, /PO-1/);
  await card.getByRole('button', { name: 'Confirm order' }).click();
  await card.getByRole('button', { name: 'Confirm', exact: true }).click();
  await cardOf(page, /PO-1/).getByText(/confirmed/i).first().waitFor();
  await shot(page, 'factory-orders');
});

step('an inspection is recorded and judged at its AQLs', async () => {
  const page = brand.page;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inspections' }).click();
  await heading(page, /inspections/i);
  await page.getByRole('button', { name: 'Record an inspection' }).click();
  await page.getByLabel('Lot size (units)').fill('900');
  await page.getByLabel('Major defects').fill('2');
  await page.getByLabel('Minor defects').fill('3');
  await shot(page, 'inspection-form');
  await page.getByRole('button', { name: /^Record/ }).last().click();
  const row = page.getByRole('row').filter({ hasText: 'PO-1' }).filter({ hasText: '900' });
  await row.first().waitFor();
  const text = await row.first().textContent();
  check(/0 critical, 2 major, 3 minor|0 \/ 2 \/ 3/.test(text) && /pass|accept/i.test(text),
    'the inspection: its defects, and a pass at AQL 2.5 / 4.0 (2 majors, 3 minors in 80)', text);
  await shot(page, 'inspections');
});

step('both sides read their scorecards; their samples, changes, inspections and messages open', async () => {
  await go(brand, '/scorecards', /scorecard/i);
  check(await cardOf(brand.page, new RegExp(FACTORY)).count() > 0, 'the brand: its factory\'s card');
  await shot(brand.page, 'brand-scorecards');
  await go(factory, '/scorecards', /scorecard/i);
  check(await cardOf(factory.page, /northline/i).count() > 0, 'the factory: its brand\'s card');
  await shot(factory.page, 'factory-scorecards');
  for (const p of ['samples', 'changes', 'messages']) {
    await go(brand, `/${p}`, new RegExp(p, 'i'));
    await shot(brand.page, `brand-${p}`);
  }
  for (const p of ['samples', 'changes', 'inspections', 'messages']) {
    await go(factory, `/${p}`, new RegExp(p, 'i'));
    await shot(factory.page, `factory-${p}`);
  }
  await go(factory, '/', undefined);
  await shot(factory.page, 'factory-home-season');
  await go(brand, '/', undefined);
  await shot(brand.page, 'brand-home');
});

stepAlone('the team, account and token pages; the program\'s file in the editor', async () => {
  for (const p of ['team', 'account', 'tokens']) {
    await go(brand, `/${p}`, undefined);
    await shot(brand.page, `brand-${p}`);
  }
  await go(factory, '/team', undefined);
  await shot(factory.page, 'factory-team');
  await go(brand, `${programPath}/edit`, /edit/i);
  check((await brand.page.getByLabel('Program file (YAML)').inputValue()).includes('currency: USD'),
    'the editor holds the file as fixed');
  await shot(brand.page, 'program-edit');
});

stepAlone('the brand invites a colleague: she signs up from the link, joins as a member and finds the program', async () => {
  const page = brand.page;
  await go(brand, '/team', /team/i);
  await page.getByLabel('Role', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await page.getByLabel('Invitation link').inputValue();
  check(/\/invite\/[^/]+$/.test(link), 'a link to /invite/TOKEN, shown once', link);
  await shot(page, 'brand-team-invited');
  const p2 = colleague.page;
  await go(colleague, new URL(link).pathname, /join northline/i);
  await shot(p2, 'invite');
  await p2.getByRole('link', { name: 'Create an account' }).click();
  await signup(colleague, COLLEAGUE_EMAIL, 'Mia Studio', 'brand', true);
  await heading(p2, /join northline/i);
  await p2.getByRole('button', { name: 'Join Northline as member' }).click();
  await p2.waitForURL((u) => u.pathname === '/');
  await go(colleague, '/programs', /programs/i);
  check(await p2.getByRole('link', { name: 'SS27 launch' }).count() > 0,
    'the colleague sees the brand\'s program');
  await go(brand, '/team', /team/i);
  check(await page.getByRole('row').filter({ hasText: COLLEAGUE_EMAIL }).count() === 1,
    'the team lists her');
});

stepAlone('a second brand cannot reach the first\'s pages: not found', async () => {
  const page = other.page;
  await signup(other, OTHER_EMAIL, 'Other Brand', 'brand');
  for (const path of [programPath, `${programPath}/cost`, `${programPath}/edit`, `/rfqs/${REF}`,
    `/rfqs/${REF}/compare`]) {
    await go(other, path, /not found/i);
    check(await page.getByText(/SS27 launch|Northline|sportmalha/i).count() === 0,
      `${path}: nothing of the first brand on the page`);
    if (path === programPath) await shot(page, 'other-brand-not-found');
  }
  for (const path of ['/programs', '/rfqs', '/orders', '/scorecards']) {
    await go(other, path, undefined);
    check(await page.getByText(/SS27 launch|PO-1|sportmalha/i).count() === 0,
      `${path} holds none of the first's`);
  }
});

stepAlone('by keyboard alone: the factory logs in, opens its inbox by the navigation, and focus lands on each page\'s heading', async () => {
  const page = keyboard.page;
  await go(keyboard, '/login', /log in/i);
  const focused = () => page.evaluate(() => {
    const e = document.activeElement;
    const label = e && e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
    return { tag: e ? e.tagName : null, name: label ? label.textContent : (e ? e.textContent.trim() : '') };
  });
  const tabTo = async (want) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (want.test(f.name)) return f;
    }
    throw new Error(`Tab never reached ${want}`);
  };
  await tabTo(/^Email/);
  await page.keyboard.type(FACTORY_EMAIL);
  await tabTo(/^Password/);
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !/\/login/.test(u.pathname));
  await heading(page);
  const f = await focused();
  check(f.tag === 'H1', 'after logging in, focus is on the page\'s heading', f);
  await tabTo(/^Inbox$/);
  await page.keyboard.press('Enter');
  await heading(page, /inbox|RFQ/i);
  const g = await focused();
  check(g.tag === 'H1', 'after following a link, focus is on the new page\'s heading', g);
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement);
    return { outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0, shadow: cs.boxShadow !== 'none' };
  });
  check(ring.outline || ring.shadow, 'the focused control shows a focus ring', ring);
});

main(async (ctx) => {
  server = ctx.server;
  brand = await ctx.browser.person('brand', server.url);
  factory = await ctx.browser.person('factory', server.url);
  factory2 = await ctx.browser.person('factory2', server.url);
  other = await ctx.browser.person('other-brand', server.url);
  keyboard = await ctx.browser.person('keyboard', server.url);
  colleague = await ctx.browser.person('colleague', server.url);
});
