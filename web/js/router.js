// The routes table and the browser's history: a click on a link inside the app, the back
// and forward buttons and go(path) render the page of the path into <main>, with its title,
// the focus on its h1 and the title announced. See docs/web.md, "The module contract".
import {api, ApiError} from './api.js';
import {announce, errorBox, h, link, page, replace} from './ui.js';

const state = {
  routes: [],     // [{route, re, names}]
  fallback: null, // the route of path '*' (not found)
  main: null,
  getMe: () => null,
  refreshMe: async () => null,
  onNavigate: () => {},
  seq: 0,         // the render under way: an older one's result is dropped
};

// '/programs/:id/cost' -> a RegExp and the names of its parameters.
export function compile(path) {
  const names = [];
  const re = path.split('/').map((seg) => {
    if (seg.startsWith(':')) {
      names.push(seg.slice(1));
      return '([^/]+)';
    }
    return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }).join('/');
  return {re: new RegExp(`^${re}/?$`), names};
}

// The route of pathname among routes and its decoded params, or null.
export function match(pathname) {
  for (const r of state.routes) {
    const m = r.re.exec(pathname);
    if (!m) continue;
    const params = {};
    try {
      r.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]);
      });
    } catch {
      continue; // a malformed %-escape: no page
    }
    return {route: r.route, params};
  }
  return null;
}

// The path of the page shown, with its query: '/programs/3?tab=x'.
export function current() {
  return location.pathname + location.search;
}

// Go to path (pushed onto the history; opts.replace: in place of the current entry).
export function go(path, opts = {}) {
  if (opts.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  return render();
}

// Render the current path again (after an action that changed what it shows).
export function refresh() {
  return render({keepScroll: true});
}

// The sign of the side a route is for against the organization: 'public' and 'any' fit
// every one, 'brand' and 'factory' their own kind.
function sideFits(route, me) {
  if (route.side === 'public' || route.side === 'any' || !route.side) return true;
  return me && (me.kind || (me.org && me.org.kind)) === route.side;
}

function otherSide() {
  return page('Not for your organization',
    h('p', null, 'This page belongs to the other side (brands or factories) and is not part of your organization’s work.'),
    h('p', null, link('/', 'Go to your home page')));
}

function errorPage(err) {
  return page('Something went wrong', errorBox(err),
    h('p', null, link('/', 'Go to your home page')));
}

let progressTimer = null;
function progress(on) {
  const bar = document.getElementById('progress');
  clearTimeout(progressTimer);
  if (state.main) state.main.setAttribute('aria-busy', on ? 'true' : 'false');
  if (!bar) return;
  if (on) progressTimer = setTimeout(() => { bar.hidden = false; }, 120);
  else bar.hidden = true;
}

// Render the page of the current location into <main>.
async function render(opts = {}) {
  const seq = ++state.seq;
  const me = state.getMe();
  const found = match(location.pathname);
  const route = found ? found.route : state.fallback;
  const ctx = {
    me,
    params: found ? found.params : {},
    query: new URLSearchParams(location.search),
    api,
    go,
    refresh,
    refreshMe: state.refreshMe,
  };
  let node;
  let title = route ? route.title : 'Not found';
  progress(true);
  try {
    if (!route) {
      node = page('Page not found', h('p', null, link('/', 'Go to your home page')));
    } else if (route.side !== 'public' && !me) {
      progress(false);
      return go(`/login?next=${encodeURIComponent(current())}`, {replace: true});
    } else if (!sideFits(route, me)) {
      node = otherSide();
      title = 'Not for your organization';
    } else {
      node = await route.render(ctx);
    }
  } catch (err) {
    if (seq !== state.seq) return;
    if (err instanceof ApiError && err.status === 401) {
      progress(false);
      await state.refreshMe();
      return go(`/login?next=${encodeURIComponent(current())}`, {replace: true});
    }
    if (err instanceof ApiError && err.status === 404 && state.fallback) {
      title = state.fallback.title;
      node = await state.fallback.render(ctx);
    } else {
      title = 'Something went wrong';
      node = errorPage(err);
      if (!(err instanceof ApiError)) console.error(err);
    }
  }
  if (seq !== state.seq) return; // another navigation began meanwhile
  progress(false);
  if (typeof title === 'function') title = title(ctx);
  document.title = `${title} - selvedge`;
  replace(state.main, node || '');
  state.onNavigate(location.pathname);
  if (!opts.keepScroll) window.scrollTo(0, 0);
  const h1 = state.main.querySelector('h1');
  const target = h1 || state.main;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  if (!opts.keepScroll) target.focus({preventScroll: true});
  announce(title);
}

// A click on a link to this server, not to /api/ or /assets/, without a modifier key or a
// target or download: rendered here instead of loading the page.
function onClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest && e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/assets/')) return;
  e.preventDefault();
  if (url.pathname + url.search === current() && !url.hash) return refresh();
  go(url.pathname + url.search + url.hash);
}

// Start: routes (every page module's), main (the element pages go into), getMe() the
// session as known, refreshMe() to ask again, onNavigate(pathname) after each render (the
// navigation's current link). Renders the current location.
export function start(opts) {
  state.main = opts.main;
  state.getMe = opts.getMe;
  state.refreshMe = opts.refreshMe;
  state.onNavigate = opts.onNavigate || (() => {});
  state.routes = [];
  for (const route of opts.routes) {
    if (route.path === '*') state.fallback = route;
    else state.routes.push({route, ...compile(route.path)});
  }
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', () => render());
  return render();
}
