// Logging in, signing up, logging out, the home page of each side, and the page of a path
// no route has.
import {ApiError} from '../api.js';
import {canWrite} from './ledger-common.js';
import {
  badge, busy, card, clearErrors, date, empty, field, h, link, number, page, pageWithActions,
  seconds, showErrors, table,
} from '../ui.js';

// Where to go after logging in: the ?next= of the address when it is a path of this app
// (never another site, never the API), else home.
function nextPath(ctx) {
  const n = ctx.query.get('next') || '/';
  if (!n.startsWith('/') || n.startsWith('//') || n.startsWith('/api/') || n.startsWith('/login') ||
      n.startsWith('/signup') || n.startsWith('/logout')) return '/';
  return n;
}

// A 429's words: how long to wait.
function tooMany(err) {
  const wait = err.retryAfter ? ` Try again in ${seconds(err.retryAfter)}.` : ' Try again later.';
  return new ApiError(429, {code: err.code, message: `Too many attempts.${wait}`, field: null});
}

function input(attrs) {
  return h('input', {class: 'input', ...attrs});
}

async function login(ctx) {
  if (ctx.me) {
    ctx.go(nextPath(ctx), {replace: true});
    return null;
  }
  const email = input({type: 'email', name: 'email', autocomplete: 'username', required: true});
  const password = input({type: 'password', name: 'password', autocomplete: 'current-password', required: true});
  const submit = h('button', {type: 'submit', class: 'button'}, 'Log in');
  const form = h('form', {class: 'form', novalidate: true},
    field('Email', email), field('Password', password),
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    try {
      await busy(submit, ctx.api.post('/api/login', {email: email.value.trim(), password: password.value}));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      let shown = err;
      if (err.status === 429) shown = tooMany(err);
      else if (err.status === 401) shown = new ApiError(401, {message: 'That email and password do not match an account.'});
      showErrors(form, shown);
      return;
    }
    await ctx.refreshMe();
    ctx.go(nextPath(ctx));
  });
  return h('div', {class: 'auth'},
    page('Log in',
      h('p', {class: 'lead'}, 'Prepare sourcing programs, send RFQs and follow every order with your factories.'),
      card(null, form),
      h('p', {class: 'muted'}, 'New to selvedge? ',
        link(ctx.query.get('next') ? `/signup?next=${encodeURIComponent(ctx.query.get('next'))}` : '/signup', 'Create an account'))));
}

async function signup(ctx) {
  if (ctx.me) {
    ctx.go('/', {replace: true});
    return null;
  }
  const email = input({type: 'email', name: 'email', autocomplete: 'email', required: true});
  const password = input({type: 'password', name: 'password', autocomplete: 'new-password', required: true, minlength: '10'});
  const orgName = input({type: 'text', name: 'org_name', autocomplete: 'organization', required: true});
  const kind = (value, label, hint) => {
    const r = h('input', {type: 'radio', name: 'org_kind', value, id: `kind-${value}`, checked: value === 'brand'});
    return h('div', {class: 'choice'}, r, h('label', {for: r.id}, h('strong', null, label), h('span', {class: 'hint'}, hint)));
  };
  const kindErr = h('p', {class: 'field-error', id: 'org_kind-error', hidden: true});
  const kinds = h('fieldset', {class: 'field choices', dataset: {field: 'org_kind'}},
    h('legend', null, 'Your organization is'),
    kind('brand', 'A brand', 'You design products and source them from factories.'),
    kind('factory', 'A factory', 'You make products and answer brands’ RFQs.'),
    kindErr);
  const submit = h('button', {type: 'submit', class: 'button'}, 'Create account');
  const form = h('form', {class: 'form', novalidate: true},
    field('Email', email),
    field('Password', password, 'At least 10 characters, not your email.'),
    field('Organization name', orgName, 'Your brand’s or factory’s name, as your partners know it.'),
    kinds,
    h('div', {class: 'actions'}, submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = {
      email: email.value.trim(),
      password: password.value,
      org_name: orgName.value.trim(),
      org_kind: (form.querySelector('input[name="org_kind"]:checked') || {}).value || '',
    };
    try {
      await busy(submit, ctx.api.post('/api/signup', body));
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      showErrors(form, err.status === 429 ? tooMany(err) : err);
      return;
    }
    await ctx.refreshMe();
    ctx.go(nextPath(ctx));
  });
  return h('div', {class: 'auth'},
    page('Create your account',
      h('p', {class: 'lead'}, 'One account for your organization; invite your team once you are in.'),
      card(null, form),
      h('p', {class: 'muted'}, 'Already have an account? ', link('/login', 'Log in'))));
}

async function logout(ctx) {
  try {
    await ctx.api.post('/api/logout');
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401) throw err;
  }
  await ctx.refreshMe();
  ctx.go('/login', {replace: true});
  return null;
}

// What each thing of the ledger last did, for a factory's recent activity.
function activity(list, kind) {
  return (list || []).map((t) => ({kind, key: t.key, brand: t.brand, factory: t.factory, last: t.last,
    at: t.at, status: t.state && t.state.status}));
}

const settle = (p) => p.then((v) => v, () => null);
// The things of a list answer (GET /api/orders, /samples, /changes: {"thing", "items"}).
const items = (r) => (r && Array.isArray(r.items) ? r.items : []);

// A figure of the stats row: "3 programs", "1 program".
function stat(n, one, many) {
  return h('li', null, h('span', {class: 'stat'}, number(n)), ` ${n === 1 ? one : many}`);
}

// A brand's sent list (one row per RFQ and factory) as one row per RFQ, newest first:
// {id, ref, factories, at, due}.
function groupRfqs(rows) {
  const by = new Map();
  for (const r of rows) {
    const sent = r.sent || {};
    if (!by.has(r.ref)) by.set(r.ref, {id: r.id, ref: r.ref, factories: [], at: sent.at, due: sent.due});
    by.get(r.ref).factories.push(r.factory);
  }
  return [...by.values()].sort((a, b) => String(b.at).localeCompare(String(a.at)));
}

async function brandHome(ctx) {
  const [programs, rfqs] = await Promise.all([ctx.api.get('/api/programs'), settle(ctx.api.get('/api/rfqs'))]);
  const list = programs.programs || [];
  const counts = {ready: 0, nearly: 0, not_ready: 0};
  for (const p of list) if (p.verdict in counts) counts[p.verdict] += 1;
  const sent = groupRfqs(rfqs ? rfqs.rfqs : []);
  const summary = h('ul', {class: 'stats'},
    stat(list.length, 'program', 'programs'),
    stat(counts.ready, 'ready', 'ready'),
    stat(counts.nearly + counts.not_ready, 'to fix', 'to fix'),
    stat(sent.length, 'RFQ sent', 'RFQs sent'));
  const programsCard = card('Programs',
    list.length
      ? table([
        {label: 'Program', cell: (p) => link(`/programs/${p.id}`, p.name)},
        {label: 'Readiness', cell: (p) => badge(p.verdict)},
        {label: 'Score', cell: (p) => number(p.score), num: true},
        {label: 'Updated', cell: (p) => date(p.updated)},
        {label: 'Next', cell: (p) => (p.verdict === 'ready'
          ? link(`/programs/${p.id}/rfq`, 'Send the RFQ') : link(`/programs/${p.id}`, 'See what to fix'))},
      ], list.slice(0, 10), {caption: 'Your programs and their readiness', hideCaption: true})
      : empty('No program yet', 'Upload a program (its YAML file) to see how ready it is for factories, what it costs and when it lands.',
        {href: '/programs/new', label: 'Upload your first program'}),
    list.length > 10 ? h('p', {class: 'more'}, link('/programs', `All ${list.length} programs`)) : null);
  const rfqCard = card('RFQs sent',
    sent.length
      ? table([
        {label: 'RFQ', cell: (r) => link(`/rfqs/${encodeURIComponent(r.id)}`, r.ref)},
        {label: 'Sent to', cell: (r) => (r.factories.length === 1 ? r.factories[0] : `${r.factories.length} factories`)},
        {label: 'Reply by', cell: (r) => date(r.due)},
      ], sent.slice(0, 8), {caption: 'The RFQs you sent, newest first', hideCaption: true})
      : empty('No RFQ sent', 'When a program is ready, send its RFQ to the factories that match it.',
        list.length ? {href: '/programs', label: 'Choose a program'} : null),
    sent.length > 8 ? h('p', {class: 'more'}, link('/rfqs', `All ${sent.length} RFQs`)) : null);
  return pageWithActions(ctx.me.org.name, canWrite(ctx.me) ? [link('/programs/new', 'New program', {class: 'button'})] : [],
    summary, h('div', {class: 'grid'}, programsCard, rfqCard));
}

async function factoryHome(ctx) {
  const org = ctx.me.org || {};
  if (!org.factory_id) {
    return page(org.name || 'Your factory',
      card('Claim your factory',
        h('p', null, 'Brands find factories in selvedge’s registry. Claim yours to receive their RFQs in your inbox, keep your capability profile (categories, minimums, lead times, certifications) true, and quote.'),
        h('p', null, link('/factory', 'Claim your factory', {class: 'button'}))),
      card('What happens next',
        h('ol', {class: 'steps'},
          h('li', null, 'Find your factory in the registry and claim it.'),
          h('li', null, 'Fill in your capability profile: what you make, your minimums and lead times.'),
          h('li', null, 'Answer the RFQs brands send you, with their readiness at a glance.'))));
  }
  const [rfqs, orders, samples, changes] = await Promise.all([
    ctx.api.get('/api/rfqs'), settle(ctx.api.get('/api/orders')), settle(ctx.api.get('/api/samples')),
    settle(ctx.api.get('/api/changes'))]);
  const inbox = rfqs.rfqs || [];
  const recent = [
    ...activity(items(orders), 'Order'),
    ...activity(items(samples), 'Sample'),
    ...activity(items(changes), 'Change'),
  ].sort((a, b) => String(b.at).localeCompare(String(a.at))).slice(0, 8);
  const paths = {Order: '/orders', Sample: '/samples', Change: '/changes'};
  return page(org.name,
    h('ul', {class: 'stats'},
      stat(inbox.length, 'inquiry in the inbox', 'inquiries in the inbox'),
      stat(items(orders).length, 'order', 'orders')),
    h('div', {class: 'grid'},
      card('Inbox',
        inbox.length
          ? table([
            {label: 'RFQ', cell: (r) => link(`/rfqs/${encodeURIComponent(r.id)}`, r.ref)},
            {label: 'Brand', cell: (r) => r.brand},
            {label: 'Readiness', cell: (r) => (r.readiness
              ? h('span', {class: 'nowrap'}, badge(r.readiness.verdict), ` ${number(r.readiness.score)}`) : '—')},
            {label: 'Reply by', cell: (r) => date(r.sent && r.sent.due)},
          ], inbox.slice(-8).reverse(), {caption: 'The newest inquiries', hideCaption: true})
          : empty('Your inbox is empty', 'RFQs from brands arrive here. Keep your factory profile complete so that brands’ programs match it.',
            {href: '/factory', label: 'Factory profile'}),
        inbox.length ? h('p', {class: 'more'}, link('/rfqs', 'Open the inbox')) : null),
      card('Recent activity',
        recent.length
          ? h('ul', {class: 'activity'}, recent.map((a) => h('li', null,
            h('span', {class: 'activity-kind'}, a.kind), ' ',
            link(paths[a.kind], a.key), ` with ${a.brand}: ${String(a.last || a.status || '').replace(/[._]/g, ' ')}`,
            h('span', {class: 'muted'}, ` · ${date(a.at)}`))))
          : empty('Nothing yet', 'Samples, changes and orders with your brands show here as they happen.'))));
}

async function home(ctx) {
  const kind = ctx.me.kind || (ctx.me.org && ctx.me.org.kind);
  return kind === 'factory' ? factoryHome(ctx) : brandHome(ctx);
}

function notFound(ctx) {
  return page('Page not found',
    h('p', null, 'There is no page at this address, or what it names is not there (any more).'),
    h('p', null, link('/', 'Go to your home page')));
}

export const routes = [
  {path: '/login', title: 'Log in', side: 'public', render: login},
  {path: '/signup', title: 'Sign up', side: 'public', render: signup},
  {path: '/logout', title: 'Log out', side: 'any', render: logout},
  {path: '/', title: 'Home', side: 'any', render: home},
  {path: '*', title: 'Not found', side: 'public', render: notFound},
];
