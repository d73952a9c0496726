// One account in several organizations, in the browser (issue 12/13): Cleo, a consultant,
// signs up with her agency and joins two brands by invitation; the header's Account menu
// offers "Switch to NAME (brand)" for each other one, a switch starts the app again in that
// organization, and /account lists her memberships and switches too. One brand's name is
// hostile markup: it shows as text. Screenshots at 360 and 1280 px (harness.mjs, shot).
import { PASSWORD, check, main, shot, step } from './harness.mjs';

const CLEO = 'cleo@agency.example';
const HOSTILE = 'Southpeak <img src=x onerror=alert(1)>';

let server, cleo, ana, bo;
const tokens = {};

async function settled(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('main');
    return m && m.getAttribute('aria-busy') !== 'true' && m.querySelector('h1');
  }, null, { timeout: 30000 });
}

// The organization the header names (the app's, after it loaded /api/me).
async function headerOrg(page, name) {
  await page.waitForFunction((n) => {
    const el = document.getElementById('org-name');
    return el && el.textContent === n;
  }, name, { timeout: 30000 }).catch(() => {});
  const got = await page.locator('#org-name').textContent();
  check(got === name, `the header names ${name}`, got);
}

// A person's organization and an invitation to it, over the API (the person's own cookies).
async function brandWithInvite(person, email, org, role) {
  const req = person.context.request;
  const r = await req.post(`${server.url}/api/signup`, { data: {
    email, password: PASSWORD, org_name: org, org_kind: 'brand' } });
  check(r.status() === 201, `${email} signs up`, await r.text());
  const csrf = (await person.context.cookies()).find((c) => c.name === 'csrf').value;
  const inv = await req.post(`${server.url}/api/invitations`, { data: { role },
    headers: { 'X-CSRF-Token': csrf } });
  check(inv.status() === 201, 'an invitation', await inv.text());
  return (await inv.json()).token;
}

step('Cleo signs up with her agency; Northline and a hostile-named brand invite her', async () => {
  const page = cleo.page;
  await page.goto('/signup');
  await settled(page);
  await page.getByLabel('Email').fill(CLEO);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Organization name').fill('Cleo Sourcing');
  await page.getByRole('radio', { name: /^A brand/ }).check();
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL((u) => !/\/signup/.test(u.pathname));
  await settled(page);
  await headerOrg(page, 'Cleo Sourcing');
  tokens.northline = await brandWithInvite(ana, 'ana@northline.example', 'Northline', 'member');
  tokens.southpeak = await brandWithInvite(bo, 'bo@southpeak.example', HOSTILE, 'viewer');
});

step('she joins both by their links; the session is in the last one joined', async () => {
  const page = cleo.page;
  for (const [token, name, role] of [[tokens.northline, 'Northline', 'member'],
    [tokens.southpeak, HOSTILE, 'viewer']]) {
    await page.goto(`/invite/${token}`);
    await settled(page);
    await page.getByRole('button', { name: `Join ${name} as ${role}` }).click();
    await page.waitForURL((u) => !/\/invite\//.test(u.pathname));
    await settled(page);
    await headerOrg(page, name);
  }
  check(await page.locator('img[src="x"]').count() === 0, 'the hostile name is text, no image');
});

step('the Account menu offers the other organizations; a switch opens Northline', async () => {
  const page = cleo.page;
  await page.getByRole('button', { name: 'Account' }).click();
  const menu = page.locator('#account-menu');
  await menu.waitFor();
  const toAgency = menu.getByRole('button', { name: 'Switch to Cleo Sourcing (brand)' });
  const toNorthline = menu.getByRole('button', { name: 'Switch to Northline (brand)' });
  check(await toAgency.count() === 1 && await toNorthline.count() === 1,
    'a button for each other organization', await menu.textContent());
  check(await menu.getByRole('button', { name: /^Switch to Southpeak/ }).count() === 0,
    'none for the current one', await menu.textContent());
  await shot(page, 'orgswitch-menu');
  if (!(await toNorthline.isVisible())) await page.getByRole('button', { name: 'Account' }).click();
  await toNorthline.click();
  await page.waitForLoadState('load');
  await settled(page);
  await headerOrg(page, 'Northline');
  check(new URL(page.url()).pathname !== '/invite', 'the app started again', page.url());
  await page.getByRole('button', { name: 'Account' }).click();
  const text = await page.locator('#account-menu').textContent();
  check(text.includes(`Switch to ${HOSTILE} (brand)`) && text.includes('member'),
    'the hostile name, as text, and her role here', text);
});

step('/account lists her memberships and switches to her agency', async () => {
  const page = cleo.page;
  await page.goto('/account');
  await settled(page);
  const card = page.locator('section').filter({
    has: page.getByRole('heading', { name: 'Your organizations' }) }).last();
  await card.waitFor();
  const rows = card.getByRole('row');
  check(await rows.count() === 4, 'a header row and three organizations', await card.textContent());
  const text = await card.textContent();
  check(text.includes('Northline (current)') && text.includes('Cleo Sourcing') &&
    text.includes(HOSTILE) && /Viewer/.test(text) && /Owner/.test(text), 'names, roles, current', text);
  await shot(page, 'orgswitch-account');
  await card.getByRole('button', { name: 'Switch to Cleo Sourcing (brand)' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await settled(page);
  await headerOrg(page, 'Cleo Sourcing');
  await page.goto('/team');
  await settled(page);
  const team = await page.locator('main').textContent();
  check(team.includes(CLEO) && !team.includes('ana@northline.example'),
    'the agency\'s team, not Northline\'s', team);
});

main(async (ctx) => {
  server = ctx.server;
  cleo = await ctx.browser.person('cleo', server.url);
  ana = await ctx.browser.person('ana', server.url);
  bo = await ctx.browser.person('bo', server.url);
});
