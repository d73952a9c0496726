// Boot: who is logged in (GET /api/me), the header (the organization's name, the account's
// menu), the navigation of the side, then the router renders the page of the address.
import {api, ApiError, csrfToken} from './api.js';
import {routes} from './pages/index.js';
import * as router from './router.js';
import {announce, h, replace} from './ui.js';

let me = null;
let orgs = []; // the account's organizations (GET /api/me/orgs): the menu switches between them

// The navigation of each side: [label, path]. A link is current on its path and below it.
export const NAV = {
  brand: [['Programs', '/programs'], ['RFQs', '/rfqs'], ['Samples', '/samples'],
    ['Changes', '/changes'], ['Orders', '/orders'], ['Inspections', '/inspections'],
    ['Messages', '/messages'], ['Scorecards', '/scorecards'], ['Team', '/team']],
  factory: [['Inbox', '/rfqs'], ['Samples', '/samples'], ['Changes', '/changes'],
    ['Orders', '/orders'], ['Inspections', '/inspections'], ['Messages', '/messages'],
    ['Scorecards', '/scorecards'], ['Factory profile', '/factory'], ['Team', '/team']],
};

// Ask the server who is logged in: GET /api/me's answer, or null without a session. The
// session cookie is HttpOnly, but the csrf cookie that comes and goes with it is readable:
// without it there is no session to ask about (a public page, /login or /signup, asks
// nothing and writes no 401 to the console). A 401 (a session that ended) is "not logged
// in", said nowhere.
async function loadMe() {
  if (!csrfToken()) {
    me = null;
  } else {
    try {
      me = await api.get('/api/me');
    } catch (err) {
      if (!(err instanceof ApiError) || (err.status !== 401 && err.status !== 403)) console.error(err);
      me = null;
    }
  }
  orgs = [];
  if (me && me.by === 'session') {
    try {
      orgs = (await api.get('/api/me/orgs')).orgs || [];
    } catch (err) {
      console.warn(err);
    }
  }
  drawHeader();
  return me;
}

const nav = () => document.getElementById('nav');
const menuButton = () => document.getElementById('menu-button');

function setMenu(open) {
  menuButton().setAttribute('aria-expanded', open ? 'true' : 'false');
  nav().classList.toggle('open', open);
}

function closeAccountMenu() {
  const b = document.getElementById('account-button');
  const m = document.getElementById('account-menu');
  if (b && m) {
    b.setAttribute('aria-expanded', 'false');
    m.hidden = true;
  }
}

// The session moves to organization o (POST /api/org/switch: new cookies), and the app
// starts again there, at its home page: nothing of the other organization stays on screen.
async function switchTo(o, button) {
  button.disabled = true;
  try {
    await api.post('/api/org/switch', {org: o.id});
    location.assign('/');
  } catch (err) {
    button.disabled = false;
    announce(`Could not switch to ${o.name}: ${err.message}`);
    await loadMe(); // a membership ended meanwhile: the menu as it is now
  }
}

function accountMenu() {
  const others = orgs.filter((o) => !o.current);
  const menu = h('div', {class: 'account-menu', id: 'account-menu', hidden: true},
    h('p', {class: 'account-who'}, me.account.email,
      h('span', {class: 'account-role'}, ` · ${me.role}`)),
    others.map((o) => {
      const b = h('button', {type: 'button', class: 'account-switch'}, `Switch to ${o.name} (${o.kind})`);
      b.addEventListener('click', () => switchTo(o, b));
      return b;
    }),
    h('a', {href: '/account'}, 'Account'),
    h('a', {href: '/tokens'}, 'API tokens'),
    h('a', {href: '/logout', class: 'logout'}, 'Log out'));
  const button = h('button', {type: 'button', class: 'account-button', id: 'account-button',
    'aria-expanded': 'false', 'aria-controls': 'account-menu',
    onclick: () => {
      const open = menu.hidden;
      menu.hidden = !open;
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) menu.querySelector('a, button').focus();
    }}, 'Account');
  menu.addEventListener('click', () => closeAccountMenu());
  menu.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      closeAccountMenu();
      button.focus();
    }
  });
  return [button, menu];
}

function drawHeader() {
  const org = document.getElementById('org-name');
  const account = document.getElementById('account');
  setMenu(false);
  if (!me) {
    replace(org);
    replace(nav());
    menuButton().hidden = true;
    replace(account, h('a', {href: '/login'}, 'Log in'), h('a', {href: '/signup', class: 'button small'}, 'Sign up'));
    markCurrent(location.pathname);
    return;
  }
  const kind = me.kind || (me.org && me.org.kind);
  replace(org, me.org ? me.org.name : '');
  menuButton().hidden = false;
  replace(nav(), h('ul', null, (NAV[kind] || []).map(([label, path]) =>
    h('li', null, h('a', {href: path, dataset: {path}}, label)))));
  replace(account, accountMenu());
  markCurrent(location.pathname);
}

// aria-current="page" on the navigation's link of pathname (the longest that fits), and on
// the header's "Log in" or "Sign up" of the page the visitor is on (app.css hides it).
function markCurrent(pathname) {
  for (const a of document.querySelectorAll('#account > a')) {
    if (a.getAttribute('href') === pathname) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let best = null;
  for (const a of nav().querySelectorAll('a')) {
    a.removeAttribute('aria-current');
    const p = a.dataset.path;
    if ((pathname === p || pathname.startsWith(p + '/')) && (!best || p.length > best.dataset.path.length)) best = a;
  }
  if (best) best.setAttribute('aria-current', 'page');
}

function boot() {
  menuButton().addEventListener('click', () => setMenu(menuButton().getAttribute('aria-expanded') !== 'true'));
  document.addEventListener('click', (e) => {
    if (!e.target.closest('#account')) closeAccountMenu();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && nav().classList.contains('open')) {
      setMenu(false);
      menuButton().focus();
    }
  });
  loadMe().then(() => router.start({
    routes,
    main: document.getElementById('app'),
    getMe: () => me,
    refreshMe: loadMe,
    onNavigate: (pathname) => {
      setMenu(false);
      closeAccountMenu();
      markCurrent(pathname);
    },
  }));
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
