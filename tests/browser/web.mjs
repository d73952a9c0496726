// The web app's manners, beside the season (season.mjs): the public pages ask the server
// nothing about a session they cannot have (no GET /api/me, no 401 on the console); an answer
// of 2xx whose JSON does not parse is an ApiError, not a silent null; the document says its
// language; dates and money follow the browser's locale (en-GB, de-DE, ja-JP), and the pages
// are drawn in the dark colour scheme too; 120-character names in Bengali and Japanese fit a
// phone. Screenshots: locale-<tag>-*.png, dark-*.png, long-*.png.
import { Person, PASSWORD, check, main, readExample, shot, step, stepAlone } from './harness.mjs';

let server, browser;
let state = null;       // the brand's cookies, for the other contexts
let programId = null;

// A person in a context of its own: locale, colour scheme, cookies.
async function person(name, options = {}) {
  const context = await browser.browser.newContext({
    baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-GB', timezoneId: 'UTC',
    ...options,
  });
  context.setDefaultTimeout(30000);
  const page = await context.newPage();
  const p = new Person(name, context, page);
  p.watch(page);
  browser.people.push(p);
  return p;
}

// Done with a person: its context closed, and no longer among those the steps look at.
async function done(p) {
  browser.people.splice(browser.people.indexOf(p), 1);
  await p.context.close();
}

async function settled(page) {
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && m.getAttribute('aria-busy') !== 'true' && m.querySelector('h1');
  }, null, { timeout: 30000 });
}

stepAlone('the public pages ask nothing about a session: no GET /api/me, nothing on the console', async () => {
  const p = await person('visitor');
  const asked = [];
  const said = [];
  p.page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/me') asked.push(r.url()); });
  p.page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') said.push(m.text()); });
  const header = [];
  for (const path of ['/login', '/signup', '/invite/not-a-real-token', '/programs']) {
    await p.page.goto(path);
    await settled(p.page);
    header.push(`${new URL(p.page.url()).pathname}: ${await p.page.locator('#account a:visible').allInnerTexts()}`);
  }
  // the header offers the other door, not the one the visitor stands in
  check(header[0] === '/login: Sign up' && header[1] === '/signup: Log in' &&
    header[2] === '/invite/not-a-real-token: Log in,Sign up', 'the header\'s links on the public pages', header);
  check(asked.length === 0, 'no GET /api/me without a session', asked);
  // (an unknown invitation's 404 is the page's answer, and the harness's to judge)
  check(!said.some((t) => /\b401\b/.test(t)), 'no 401 written to the console', said);
  await done(p);
});

stepAlone('by keyboard: every control of the log-in page shows a focus ring, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const p = await person(`keys-${colorScheme}`, { colorScheme });
    await p.page.goto('/login');
    await settled(p.page);
    const seen = [];
    for (let i = 0; i < 8; i++) {
      await p.page.keyboard.press('Tab');
      const f = await p.page.evaluate(() => {
        const e = document.activeElement;
        if (!e || e === document.body) return null;
        const cs = getComputedStyle(e);
        return { what: `${e.tagName.toLowerCase()} ${(e.textContent || e.id || e.name || '').trim().slice(0, 20)}`,
          ring: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
      });
      if (!f) continue;
      seen.push(f);
      if (/Log in/.test(f.what) && f.what.startsWith('button')) {
        await shot(p.page, `focus-login-${colorScheme}`);
        break;
      }
    }
    check(seen.length >= 3, 'the keyboard reaches the controls', seen);
    check(seen.every((f) => f.ring), 'each one focused shows a ring of 2 px or more', seen);
    await done(p);
  }
});

stepAlone('a 2xx whose JSON does not parse is an ApiError (bad_json), not null', async () => {
  const p = await person('broken-json');
  await p.page.goto('/login');
  await settled(p.page);
  // the server never sends such an answer: the browser's own router stands in for a proxy
  // that cuts one short
  await p.page.route('**/api/cut-short', (route) => route.fulfill({
    status: 200, contentType: 'application/json', body: '{"programs": [',
  }));
  const got = await p.page.evaluate(async () => {
    const api = await import('/assets/js/api.js');
    try {
      const v = await api.get('/api/cut-short');
      return `resolved ${JSON.stringify(v)}`;
    } catch (e) {
      return `${e instanceof api.ApiError ? 'ApiError' : e.name} ${e.status} ${e.code}`;
    }
  });
  check(got === 'ApiError 200 bad_json', 'the answer is an ApiError of code bad_json', got);
  await done(p);
});

step('a brand with a program (over the API)', async () => {
  const p = await person('brand');
  const r = await p.context.request.post('/api/signup', { data: {
    email: 'ana@northline.example', password: PASSWORD, org_name: 'Northline', org_kind: 'brand' } });
  check(r.status() === 201, 'signed up', r.status());
  const csrf = (await r.json()).csrf;
  const up = await p.context.request.post('/api/programs', {
    headers: { 'Content-Type': 'application/yaml', 'X-CSRF-Token': csrf },
    data: readExample('northline.yaml'),
  });
  check(up.status() === 201, 'the program is stored', up.status());
  programId = (await up.json()).id;
  state = await p.context.storageState();
  await done(p);
});

// The figures a locale writes its own way: a decimal comma in de-DE, the year first in ja-JP.
const LOCALES = [
  ['en-GB', /\d\.\d\d\b/, /\b\d{1,2}\s[A-Z][a-z]{2}\s20\d\d\b/],
  ['de-DE', /\d,\d\d\b/, /\b\d{1,2}\.\d{1,2}\.20\d\d\b|\b\d{1,2}\. [A-Z][a-zä]{2,3}\.? 20\d\d\b/],
  ['ja-JP', /\d\.\d\d\b/, /20\d\d\/\d{1,2}\/\d{1,2}|20\d\d年/],
];

for (const [locale, money, day] of LOCALES) {
  step(`the cost sheet and the calendar in ${locale}: lang, money and dates of the locale`, async () => {
    const p = await person(`brand-${locale}`, { locale, storageState: state });
    await p.page.goto(`/programs/${programId}/cost`);
    await settled(p.page);
    const lang = await p.page.evaluate(() => document.documentElement.lang);
    check(lang === 'en', 'the document says its language (the words are English)', lang);
    const cost = await p.page.locator('main').innerText();
    check(money.test(cost), `money written as ${locale} writes it (${money})`, cost.slice(0, 400));
    await shot(p.page, `locale-${locale}-cost`);
    await p.page.goto(`/programs/${programId}/plan`);
    await settled(p.page);
    const plan = await p.page.locator('main').innerText();
    check(day.test(plan), `dates written as ${locale} writes them (${day})`, plan.slice(0, 400));
    await shot(p.page, `locale-${locale}-plan`);
    await done(p);
  });
}

// 120 characters of Bengali, Japanese and Latin: an organization (the store takes 200 bytes
// of UTF-8) and a program.
const LONG_ORG = ('ঢাকা নিট 東京アパレル Northline Athletics International Sourcing and Design ' +
  'Company of Leeds, Dhaka and Tokyo').padEnd(120, 'x').slice(0, 120);
const LONG_PROGRAM = ('二〇二七年春夏コレクション ローンチ বসন্ত-গ্রীষ্ম ২০২৭ ' +
  'Spring and summer launch of the performance leggings and the sports bras range').padEnd(120, 'y').slice(0, 120);

step('a 120-character organization and program name in Bengali, Japanese and Latin: no page is wider than a phone', async () => {
  const p = await person('long-names');
  const r = await p.context.request.post('/api/signup', { data: {
    email: 'rahim@long.example', password: PASSWORD, org_name: LONG_ORG, org_kind: 'brand' } });
  check(r.status() === 201, 'signed up', `${r.status()} ${await r.text()}`);
  const csrf = (await r.json()).csrf;
  const yaml = readExample('northline.yaml').replace('name: SS27 launch', `name: "${LONG_PROGRAM}"`)
    .replace('name: Northline Athletics', `name: "${LONG_ORG}"`);
  const up = await p.context.request.post('/api/programs', {
    headers: { 'Content-Type': 'application/yaml', 'X-CSRF-Token': csrf }, data: yaml });
  check(up.status() === 201, 'the program is stored', `${up.status()} ${await up.text()}`);
  const id = (await up.json()).id;
  for (const [path, name] of [['/', 'home'], ['/programs', 'programs'], [`/programs/${id}`, 'readiness'],
    [`/programs/${id}/cost`, 'cost'], [`/programs/${id}/plan`, 'plan'], [`/programs/${id}/edit`, 'edit'],
    ['/team', 'team'], ['/account', 'account']]) {
    await p.page.setViewportSize({ width: 360, height: 740 });
    await p.page.goto(path);
    await settled(p.page);
    const wide = await p.page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
    check(wide[0] <= wide[1], `${path}: nothing wider than the phone's 360 px`, wide);
    await shot(p.page, `long-${name}`);
  }
  await done(p);
});

step('a report prints as the report: no header, navigation, tabs or buttons', async () => {
  const p = await person('brand-print', { storageState: state });
  await p.page.emulateMedia({ media: 'print' });
  for (const [path, name] of [[`/programs/${programId}`, 'readiness'], [`/programs/${programId}/cost`, 'cost'],
    [`/programs/${programId}/plan`, 'plan']]) {
    await p.page.goto(path);
    await settled(p.page);
    const shown = await p.page.evaluate(() => ['.site-header', '.program-nav', '.crumbs', 'main .button']
      .filter((q) => [...document.querySelectorAll(q)].some((e) => e.getClientRects().length > 0))
      .concat([...document.querySelectorAll('main h2')].filter((e) => e.getClientRects().length > 0 &&
        /^(Downloads|The brief for factories)$/.test(e.textContent)).map((e) => `h2 ${e.textContent}`)));
    check(shown.length === 0, `${path}: the app around the report is not printed`, shown);
    // a date in a table's cell is not broken over two lines ("10 Dec" / "2026")
    const broken = await p.page.evaluate(() => [...document.querySelectorAll('main td')]
      .filter((td) => /^\d{1,2}\s[A-Za-z]{3}\s20\d\d$/.test(td.textContent.trim()))
      .filter((td) => {
        const r = document.createRange();
        r.selectNodeContents(td);
        return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1;
      }).map((td) => td.textContent));
    check(broken.length === 0, `${path}: no date broken over two lines`, broken);
    await shot(p.page, `print-${name}`);
  }
  await done(p);
});

step('the pages in the dark colour scheme', async () => {
  const p = await person('brand-dark', { colorScheme: 'dark', storageState: state });
  for (const [path, name] of [['/', 'home'], ['/programs', 'programs'],
    [`/programs/${programId}`, 'readiness'], [`/programs/${programId}/cost`, 'cost'],
    [`/programs/${programId}/plan`, 'plan'], [`/programs/${programId}/matches`, 'matches'],
    ['/rfqs', 'rfqs'], ['/samples', 'samples'], ['/team', 'team'], ['/account', 'account']]) {
    await p.page.goto(path);
    await settled(p.page);
    const bg = await p.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    check(bg === 'rgb(20, 24, 27)', `${path}: the dark background`, bg);
    await shot(p.page, `dark-${name}`);
  }
  await p.page.goto('/logout');
  await p.page.waitForURL('**/login');
  await settled(p.page);
  await shot(p.page, 'dark-login');
  await done(p);
});

main(async (ctx) => {
  server = ctx.server;
  browser = ctx.browser;
});
