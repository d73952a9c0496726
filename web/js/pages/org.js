// The organization's pages (docs/web.md): the team and its invitations, accepting an
// invitation, the account (password, sessions), API tokens, and the factory's claim and
// capability profile (org-factory.js). The API: docs/serve.md, Accounts and Organizations.
import {h, date, table, empty, confirm, busy, announce, field, errorBox, uid} from '../ui.js';
import {ROLES, ROLE_TEXT, roleName, showFieldError, clearFieldErrors, shownOnce, select,
  hiddenLabel, said, stackable} from './org-util.js';
import {renderFactory} from './org-factory.js';

const DAY = 24 * 3600;
const EXPIRIES = [[String(DAY), '1 day'], [String(3 * DAY), '3 days'], [String(7 * DAY), '7 days'],
  [String(14 * DAY), '14 days'], [String(30 * DAY), '30 days']];

function frame(title, ...children) {
  return h('section', {class: 'page org-page'}, h('h1', null, title), children);
}

function card(title, ...children) {
  const id = uid('card');
  return h('section', {class: 'card', 'aria-labelledby': id}, h('h2', {id}, title), children);
}

const isOwner = (me) => me && me.role === 'owner';
const canWrite = (me) => me && (me.role === 'owner' || me.role === 'member');

// ---------------------------------------------------------------- /team

async function renderTeam(ctx) {
  const {me, api} = ctx;
  const [members, invitations] = await Promise.all([
    api.get('/api/org/members'), api.get('/api/invitations')]);
  const status = h('p', {class: 'status-line', 'aria-live': 'polite'});
  const membersBox = h('div');
  const invBox = h('div');

  const drawMembers = (list) => {
    membersBox.replaceChildren(membersTable(ctx, list, status, reload));
  };
  const drawInvitations = (list) => {
    invBox.replaceChildren(invitationsTable(ctx, list, status, reload));
  };
  async function reload() {
    const [m, i] = await Promise.all([api.get('/api/org/members'), api.get('/api/invitations')]);
    drawMembers(m.members);
    drawInvitations(i.invitations);
  }
  drawMembers(members.members);
  drawInvitations(invitations.invitations);

  return frame('Team',
    h('p', {class: 'lead'}, 'The people of ', h('strong', null, me.org.name),
      ' and what each may do. ',
      isOwner(me) ? 'As an owner you change roles, remove members and invite.'
        : 'Only an owner changes roles, removes members and invites.'),
    status,
    card('Members', membersBox),
    isOwner(me) ? card('Invite someone', inviteForm(ctx, reload)) : null,
    card('Pending invitations', invBox));
}

function membersTable(ctx, members, status, reload) {
  const {me, api} = ctx;
  const owner = isOwner(me);
  const columns = [
    {label: 'Email', cell: (m) => (m.account === me.account.id
      ? [m.email, ' ', h('span', {class: 'muted'}, '(you)')] : m.email)},
    {label: 'Role', cell: (m) => {
      if (!owner) return roleName(m.role);
      const sel = select('role', ROLES.map((r) => [r, roleName(r)]), m.role);
      const btn = h('button', {type: 'button', class: 'button secondary small'}, 'Change role');
      btn.addEventListener('click', async () => {
        if (sel.value === m.role) {
          said(status, `${m.email} is ${roleName(m.role).toLowerCase()} already.`);
          return;
        }
        if (m.account === me.account.id && m.role === 'owner' &&
            !(await confirm(`Make yourself ${sel.value}? You will no longer manage the team; ` +
              'another owner would have to give the role back.', 'Change my role'))) return;
        try {
          await busy(btn, api.put(`/api/org/members/${m.account}`, {role: sel.value}));
          said(status, `${m.email} is now ${roleName(sel.value).toLowerCase()}.`);
          if (m.account === me.account.id) {
            await ctx.refreshMe();
            ctx.refresh();
            return;
          }
          await reload();
        } catch (err) {
          status.replaceChildren(errorBox(err));
        }
      });
      return h('div', {class: 'inline-control'}, hiddenLabel(sel, `Role of ${m.email}`), sel, btn);
    }},
    {label: 'Joined', cell: (m) => date(m.joined)},
  ];
  if (owner) {
    columns.push({label: 'Remove', cell: (m) => {
      const btn = h('button', {type: 'button', class: 'button danger small'}, 'Remove');
      btn.setAttribute('aria-label', `Remove ${m.email}`);
      btn.addEventListener('click', async () => {
        const self = m.account === me.account.id;
        const ok = await confirm(self
          ? `Leave ${me.org.name}? You lose access to it at once.`
          : `Remove ${m.email} from ${me.org.name}? Their sessions and API tokens for it stop ` +
            'working at once. To come back they need a new invitation.', 'Remove');
        if (!ok) return;
        try {
          await busy(btn, api.del(`/api/org/members/${m.account}`));
          said(status, `${m.email} was removed.`);
          if (self) {
            await ctx.refreshMe();
            ctx.go('/');
            return;
          }
          await reload();
        } catch (err) {
          status.replaceChildren(errorBox(err));
        }
      });
      return btn;
    }});
  }
  return stackable(table(columns, members, {caption: 'Members and their roles'}));
}

function inviteForm(ctx, reload) {
  const {api} = ctx;
  const role = select('role', ROLES.map((r) => [r, ROLE_TEXT[r]]), 'member');
  const expires = select('expires_in', EXPIRIES, String(7 * DAY));
  const submit = h('button', {type: 'submit', class: 'button'}, 'Create invitation link');
  const result = h('div');
  const form = h('form', {class: 'form', novalidate: true},
    field('Role', role, 'What the person invited may do once they join.'),
    field('Link expires in', expires, 'The link works once, until then.'),
    h('div', {class: 'actions'}, submit), result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    result.replaceChildren();
    try {
      const inv = await busy(submit, api.post('/api/invitations',
        {role: role.value, expires_in: Number(expires.value)}));
      const url = `${location.origin}/invite/${encodeURIComponent(inv.token)}`;
      result.replaceChildren(shownOnce({
        label: 'Invitation link', value: url, copyLabel: 'Copy link',
        warning: `Copy the link now and send it to the person you invite: it will not be shown ` +
          `again. It makes them ${inv.role} and works once, until ${date(inv.expires)}.`,
      }));
      result.querySelector('input').focus();
      await reload();
    } catch (err) {
      showFieldError(form, err);
    }
  });
  return form;
}

function invitationsTable(ctx, list, status, reload) {
  const {me, api} = ctx;
  if (!list.length) {
    return empty('No pending invitations',
      isOwner(me) ? 'Invite someone with the form above: they get a link to join.'
        : 'An owner of the organization can invite people.');
  }
  const columns = [
    {label: 'Role', cell: (v) => roleName(v.role)},
    {label: 'Made by', cell: (v) => v.created_by},
    {label: 'Made', cell: (v) => date(v.created)},
    {label: 'Expires', cell: (v) => date(v.expires)},
  ];
  if (isOwner(me)) {
    columns.push({label: 'Take back', cell: (v) => {
      const btn = h('button', {type: 'button', class: 'button danger small'}, 'Take back');
      btn.setAttribute('aria-label', `Take back the ${v.role} invitation made ${date(v.created)}`);
      btn.addEventListener('click', async () => {
        if (!(await confirm('Take this invitation back? Its link stops working at once.',
          'Take back'))) return;
        try {
          await busy(btn, api.del(`/api/invitations/${v.id}`));
          said(status, 'The invitation was taken back.');
          await reload();
        } catch (err) {
          status.replaceChildren(errorBox(err));
        }
      });
      return btn;
    }});
  }
  return stackable(table(columns, list, {caption: 'Invitations not yet accepted'}));
}

// ---------------------------------------------------------------- /invite/:token

async function renderInvite(ctx) {
  const {me, api, params} = ctx;
  const token = params.token;
  const next = encodeURIComponent(`/invite/${token}`);
  let inv;
  try {
    inv = await api.post('/api/invitations/preview', {token});
  } catch (err) {
    if (err.status === 404) {
      return frame('Invitation not found',
        h('p', null, 'This invitation link is not valid. Check that the whole link was copied, ' +
          'or ask the person who invited you for a new one.'),
        h('p', null, h('a', {href: '/'}, 'Go to the home page')));
    }
    throw err;
  }
  const org = inv.org.name;
  const kind = inv.org.kind === 'factory' ? 'factory' : 'brand';
  if (inv.state === 'accepted') {
    return frame('Invitation already used',
      h('p', null, 'This invitation to ', h('strong', null, org),
        ' has been used already: each link works once. Ask its owner for a new one.'),
      me ? h('p', null, h('a', {href: '/'}, 'Go to your home page')) : null);
  }
  if (inv.state === 'expired') {
    return frame('Invitation expired',
      h('p', null, 'This invitation to ', h('strong', null, org), ` expired on ${date(inv.expires)}. ` +
        'Ask its owner for a new link.'),
      me ? h('p', null, h('a', {href: '/'}, 'Go to your home page')) : null);
  }
  const what = [h('strong', null, org), ` (a ${kind}) invites you to join as ${inv.role}: `,
    ROLE_TEXT[inv.role] ? ROLE_TEXT[inv.role].split(': ')[1] : '', '.'];
  if (!me) {
    return frame(`Join ${org}`,
      h('p', null, what),
      h('p', null, 'Log in first, or create an account, and you come back here to accept. ' +
        `The link works until ${date(inv.expires)}.`),
      h('p', {class: 'hint'}, 'A new account comes with an organization of its own: give it ' +
        `your name. Once signed up you join ${org} here.`),
      h('div', {class: 'actions'},
        h('a', {class: 'button', href: `/login?next=${next}`}, 'Log in to accept'),
        h('a', {class: 'button secondary', href: `/signup?next=${next}`}, 'Create an account')));
  }
  if (inv.member) {
    return frame(`Join ${org}`,
      h('p', null, 'You are a member of ', h('strong', null, org), ' already: there is nothing ' +
        'to accept.'),
      h('p', null, h('a', {href: '/'}, 'Go to your home page')));
  }
  const status = h('div', {'aria-live': 'polite'});
  const btn = h('button', {type: 'button', class: 'button'}, `Join ${org} as ${inv.role}`);
  btn.addEventListener('click', async () => {
    status.replaceChildren();
    try {
      await busy(btn, api.post('/api/invitations/accept', {token}));
      announce(`You joined ${org}.`);
      await ctx.refreshMe(); // the session is now the new organization's
      ctx.go('/', {replace: true});
    } catch (err) {
      let text = err.message;
      if (err.status === 409) text = `You are a member of ${org} already.`;
      else if (err.status === 403) text = 'This invitation has expired or has been used already. Ask its owner for a new link.';
      status.replaceChildren(errorBox({...err, message: text, field: null}));
    }
  });
  return frame(`Join ${org}`,
    h('p', null, what),
    h('p', null, `You are logged in as ${me.account.email}. Joining moves this session to ${org}. ` +
      `Your account stays in ${me.org.name} too: switch between them from the Account menu.`),
    h('div', {class: 'actions'}, btn),
    status);
}

// ---------------------------------------------------------------- /account

async function renderAccount(ctx) {
  const {me, api} = ctx;
  const dl = h('dl', {class: 'facts'},
    h('dt', null, 'Email'), h('dd', null, me.account.email),
    h('dt', null, 'Organization'), h('dd', null, me.org.name, ' ',
      h('span', {class: 'muted'}, `(${me.org.kind})`)),
    h('dt', null, 'Your role'), h('dd', null, roleName(me.role)));

  const oldPw = h('input', {type: 'password', name: 'old_password', autocomplete: 'current-password',
    required: true, class: 'input'});
  const newPw = h('input', {type: 'password', name: 'new_password', autocomplete: 'new-password',
    required: true, minlength: '10', maxlength: '1024', class: 'input'});
  const again = h('input', {type: 'password', name: 'again', autocomplete: 'new-password',
    required: true, class: 'input'});
  const submit = h('button', {type: 'submit', class: 'button'}, 'Change password');
  const pwSaid = h('p', {class: 'status-line', 'aria-live': 'polite'});
  const form = h('form', {class: 'form', novalidate: true},
    field('Current password', oldPw),
    field('New password', newPw, 'At least 10 characters (up to 1024), and not your email. ' +
      'A few words you remember make a good one.'),
    field('Repeat the password', again, 'The new one, once more.'),
    h('div', {class: 'actions'}, submit), pwSaid);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    pwSaid.textContent = '';
    const local = (name, message) => showFieldError(form, {field: name, message});
    if (!oldPw.value) return local('old_password', 'Type your current password.');
    if ([...newPw.value].length < 10) return local('new_password', 'The new password needs at least 10 characters.');
    if (newPw.value.toLowerCase() === me.account.email.toLowerCase()) {
      return local('new_password', 'The new password cannot be your email.');
    }
    if (newPw.value !== again.value) return local('again', 'The two new passwords are not the same.');
    try {
      await busy(submit, api.post('/api/password', {old_password: oldPw.value, new_password: newPw.value}));
      form.reset();
      said(pwSaid, 'Your password was changed. Every other session of your account was logged out; ' +
        'this one stays, and so do your API tokens.');
    } catch (err) {
      let e = err;
      if (err.status === 403) e = {...err, field: 'old_password', message: 'The current password is not right.'};
      else if (err.status === 429) {
        e = {...err, field: 'old_password', message: 'Too many wrong passwords: try again in ' +
          `${Math.ceil((err.retryAfter || 60) / 60)} minute(s).`};
      } else if (err.field === 'password') e = {...err, field: 'new_password'};
      showFieldError(form, e);
    }
  });

  const outSaid = h('p', {class: 'status-line', 'aria-live': 'polite'});
  const out = h('button', {type: 'button', class: 'button secondary'}, 'Log out everywhere else');
  out.addEventListener('click', async () => {
    if (!(await confirm('Log out every other session of your account (other browsers, other ' +
      'devices)? This one stays logged in, and API tokens keep working.', 'Log out the others'))) return;
    try {
      await busy(out, api.post('/api/logout/others'));
      said(outSaid, 'Every other session was logged out.');
    } catch (err) {
      outSaid.replaceChildren(errorBox(err));
    }
  });

  return frame('Account',
    card('Your account', dl),
    await organizationsCard(ctx),
    card('Change password', form),
    card('Sessions',
      h('p', null, 'Logged in on a computer you no longer use, or not sure? End every other ' +
        'session of your account.'),
      h('div', {class: 'actions'}, out), outSaid),
    card('API tokens', h('p', null, 'Scripts and the command line use API tokens instead of a ' +
      'password: ', h('a', {href: '/tokens'}, 'manage your API tokens'), '.')));
}

// The account's organizations (GET /api/me/orgs): one account may belong to several (a
// consultant, a sourcing agent); the session is in one, and switches to another (POST
// /api/org/switch: new cookies), the app starting again there.
async function organizationsCard(ctx) {
  const {api} = ctx;
  const status = h('div', {'aria-live': 'polite'});
  const {orgs} = await api.get('/api/me/orgs');
  const rows = table([
    {label: 'Organization', cell: (o) => (o.current
      ? [o.name, ' ', h('span', {class: 'muted'}, '(current)')] : o.name)},
    {label: 'Kind', cell: (o) => (o.kind === 'factory' ? 'Factory' : 'Brand')},
    {label: 'Your role', cell: (o) => roleName(o.role)},
    {label: 'Joined', cell: (o) => date(o.joined)},
    {label: 'Switch', cell: (o) => {
      if (o.current) return h('span', {class: 'muted'}, 'You are here');
      const btn = h('button', {type: 'button', class: 'button secondary small'}, 'Switch');
      btn.setAttribute('aria-label', `Switch to ${o.name} (${o.kind})`);
      btn.addEventListener('click', async () => {
        status.replaceChildren();
        try {
          await busy(btn, api.post('/api/org/switch', {org: o.id}));
          location.assign('/');
        } catch (err) {
          status.replaceChildren(errorBox(err));
        }
      });
      return btn;
    }},
  ], orgs, {caption: 'The organizations of your account'});
  return card('Your organizations',
    h('p', null, orgs.length > 1
      ? 'Your account belongs to these organizations. You work in one at a time; switching ' +
        'opens the other one here (also from the Account menu). A new login opens the first.'
      : 'Your account belongs to this organization. Accept an invitation to join another: ' +
        'you then switch between them here or from the Account menu.'),
    stackable(rows), status);
}

// ---------------------------------------------------------------- /tokens

async function renderTokens(ctx) {
  const {me, api} = ctx;
  const status = h('p', {class: 'status-line', 'aria-live': 'polite'});
  const listBox = h('div');
  let emails = new Map();

  async function reload() {
    const [t, m] = await Promise.all([api.get('/api/tokens'), api.get('/api/org/members')]);
    emails = new Map(m.members.map((x) => [x.account, x.email]));
    listBox.replaceChildren(tokensTable(t.tokens));
  }

  function tokensTable(tokens) {
    if (!tokens.length) {
      return empty('No API tokens yet',
        'Create one above for a script or the command line: it acts as you, with your role.');
    }
    const mayRevoke = (t) => !t.revoked && (canWrite(me) || t.account === me.account.id);
    return stackable(table([
      {label: 'Name', cell: (t) => t.name},
      {label: 'Made by', cell: (t) => (t.account === me.account.id ? 'you'
        : emails.get(t.account) || 'a former member')},
      {label: 'Created', cell: (t) => date(t.created)},
      {label: 'Last used', cell: (t) => (t.last_used ? date(t.last_used) : 'never')},
      {label: 'Status', cell: (t) => (t.revoked ? `Revoked ${date(t.revoked)}` : 'Active')},
      {label: 'Revoke', cell: (t) => {
        if (!mayRevoke(t)) return t.revoked ? '' : h('span', {class: 'muted'}, 'not yours');
        const btn = h('button', {type: 'button', class: 'button danger small'}, 'Revoke');
        btn.setAttribute('aria-label', `Revoke ${t.name}`);
        btn.addEventListener('click', async () => {
          if (!(await confirm(`Revoke the token “${t.name}”? Whatever uses it is refused from ` +
            'its next request. This cannot be undone.', 'Revoke'))) return;
          try {
            await busy(btn, api.del(`/api/tokens/${t.id}`));
            said(status, `The token “${t.name}” was revoked.`);
            await reload();
          } catch (err) {
            status.replaceChildren(errorBox(err));
          }
        });
        return btn;
      }},
    ], tokens, {caption: 'API tokens of the organization'}));
  }

  const name = h('input', {type: 'text', name: 'name', maxlength: '100', required: true,
    autocomplete: 'off', class: 'input'});
  const submit = h('button', {type: 'submit', class: 'button'}, 'Create token');
  const result = h('div');
  const form = h('form', {class: 'form', novalidate: true},
    field('Token name', name, 'What it is for, so you know which to revoke: “CI”, “laptop CLI”.'),
    h('div', {class: 'actions'}, submit), result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    result.replaceChildren();
    if (!name.value.trim()) return showFieldError(form, {field: 'name', message: 'Give the token a name.'});
    try {
      const t = await busy(submit, api.post('/api/tokens', {name: name.value.trim()}));
      form.reset();
      result.replaceChildren(shownOnce({
        label: `Secret of the token ${t.name}`, value: t.secret, copyLabel: 'Copy secret',
        warning: ['Copy the secret now: selvedge keeps only a fingerprint of it and cannot show ' +
          `it again. Anyone who has it acts as you in ${me.org.name}: keep it like a password. ` +
          'Scripts send it as the header ', h('code', null, 'Authorization: Bearer SECRET'), '.'],
      }));
      result.querySelector('input').focus();
      await reload();
    } catch (err) {
      showFieldError(form, err);
    }
  });

  await reload();
  return frame('API tokens',
    h('p', {class: 'lead'}, 'Tokens let scripts and the command line use the API as you, with ' +
      'your role, without your password. ',
    canWrite(me) ? 'You may revoke any token of the organization.'
      : 'As a viewer you may revoke your own tokens.'),
    status,
    card('Create a token', form),
    card('Tokens', listBox));
}

export const routes = [
  {path: '/team', title: 'Team', side: 'any', render: renderTeam},
  {path: '/invite/:token', title: 'Invitation', side: 'public', render: renderInvite},
  {path: '/account', title: 'Account', side: 'any', render: renderAccount},
  {path: '/tokens', title: 'API tokens', side: 'any', render: renderTokens},
  {path: '/factory', title: 'Your factory', side: 'factory', render: renderFactory},
];
