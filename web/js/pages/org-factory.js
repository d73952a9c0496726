// /factory: a factory organization's claim of its registry factory (search, then claim),
// then its capability profile as a form (what the matcher reads). The form writes the
// capability file (org-yaml.js) and PUTs it to /api/org/profile; a 422 is shown at the
// field it names.
import {h, table, empty, confirm, busy, field, errorBox, uid, announce, money} from '../ui.js';
import {showFieldError, clearFieldErrors, said, stackable} from './org-util.js';
import {profileYaml, fieldOfError, usd, pct} from './org-yaml.js';

export const CATEGORIES = ['t-shirt', 'polo', 'shirt-woven', 'sweatshirt', 'hoodie', 'joggers',
  'leggings', 'sports-bra', 'shorts', 'dress', 'skirt', 'trousers', 'jeans', 'jacket-casual',
  'outerwear-technical', 'puffer', 'knitwear', 'swimwear', 'underwear', 'socks', 'headwear', 'bag',
  'sleepwear', 'babywear', 'jacket-tailored', 'dress-knit'];
export const CONSTRUCTIONS = ['knit', 'woven', 'sweater-knit', 'denim', 'leather', 'other'];
export const TIERS = ['value', 'mid', 'premium', 'luxury'];
export const CERTIFICATIONS = ['GOTS', 'OEKO-TEX 100', 'OEKO-TEX STeP', 'OEKO-TEX Made in Green',
  'bluesign', 'BCI', 'GRS', 'RCS', 'RWS', 'RDS', 'LWG', 'ISO 9001', 'ISO 14001', 'SA8000', 'WRAP',
  'amfori BSCI', 'Fair Trade', 'Sedex/SMETA'];

function card(title, ...children) {
  const id = uid('card');
  return h('section', {class: 'card', 'aria-labelledby': id}, h('h2', {id}, title), children);
}

const canWrite = (me) => me.role === 'owner' || me.role === 'member';

export async function renderFactory(ctx) {
  const {me, api} = ctx;
  let profile = null;
  try {
    profile = await api.get('/api/org/profile');
  } catch (err) {
    if (err.status !== 404) throw err;
  }
  const root = h('section', {class: 'page org-page'});
  const parts = profile ? profilePage(ctx, profile) : claimPage(ctx, root);
  root.append(...parts.filter(Boolean));
  return root;
}

// ---------------------------------------------------------------- the claim

function claimPage(ctx, root) {
  const {me, api} = ctx;
  const owner = me.role === 'owner';
  const q = h('input', {type: 'search', name: 'q', autocomplete: 'off', required: true, class: 'input'});
  const submit = h('button', {type: 'submit', class: 'button'}, 'Search');
  const results = h('div', {'aria-live': 'polite'});
  const form = h('form', {class: 'form search-form', role: 'search', novalidate: true},
    field('Search the registry', q, 'Your factory’s name, or part of it, or its town.'),
    h('div', {class: 'actions'}, submit));

  const claim = async (f, btn) => {
    const ok = await confirm(`Claim ${f.name} (${f.country})? ${me.org.name} becomes the ` +
      'organization that keeps its profile; an organization claims one factory, once, and ' +
      'a factory is claimed by one organization.', 'Claim');
    if (!ok) return;
    try {
      await busy(btn, api.post('/api/org/claim', {factory: f.id}));
      announce(`${f.name} is yours now. Fill in its profile.`);
      await ctx.refreshMe();
      const profile = await api.get('/api/org/profile');
      root.replaceChildren(...profilePage(ctx, profile).filter(Boolean));
      const h1 = root.querySelector('h1');
      if (h1) {
        h1.setAttribute('tabindex', '-1');
        h1.focus();
      }
    } catch (err) {
      results.prepend(errorBox(err));
    }
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    const text = q.value.trim();
    if (!text) return showFieldError(form, {field: 'q', message: 'Type a name or a town to search for.'});
    try {
      const r = await busy(submit, api.get(`/api/factories?q=${encodeURIComponent(text)}&limit=20`));
      const list = r.factories || [];
      if (!list.length) {
        results.replaceChildren(empty(`No factory matches “${text}”`,
          'Try the name as it is registered (without “Lda” or “Ltd”), a part of it, or the town. ' +
          'A factory missing from the registry is added by the operator of this selvedge.'));
        return;
      }
      results.replaceChildren(stackable(table([
        {label: 'Factory', cell: (f) => f.name},
        {label: 'Country', cell: (f) => f.country},
        {label: 'Address', cell: (f) => f.address || '—'},
        {label: 'Claim', cell: (f) => {
          const btn = h('button', {type: 'button', class: 'button small', disabled: !owner}, 'Claim');
          btn.setAttribute('aria-label', `Claim ${f.name}`);
          btn.addEventListener('click', () => claim(f, btn));
          return btn;
        }},
      ], list, {caption: `Factories matching “${text}”`})));
      announce(`${list.length} ${list.length === 1 ? 'factory' : 'factories'} found.`);
    } catch (err) {
      showFieldError(form, err);
    }
  });

  return [
    h('h1', null, 'Your factory'),
    h('p', {class: 'lead'}, `${me.org.name} has not claimed its factory yet. Find it in the ` +
      'registry and claim it: then you keep its capability profile (minimums, prices, lead ' +
      'times, certifications), which is what brands’ programs are matched against.'),
    owner ? null : h('p', {class: 'notice'}, 'Only an owner of the organization can claim; ' +
      'you can search.'),
    card('Find your factory', form, results),
  ];
}

// ---------------------------------------------------------------- the profile

function checkboxes(legend, name, options, chosen, hint) {
  const set = new Set(chosen || []);
  const id = uid('fs');
  return h('fieldset', {class: 'checks', 'aria-describedby': hint ? `${id}-hint` : null},
    h('legend', null, legend),
    hint ? h('p', {class: 'hint', id: `${id}-hint`}, hint) : null,
    h('div', {class: 'check-grid'}, options.map((o) => {
      const input = h('input', {type: 'checkbox', name, value: o, checked: set.has(o)});
      input.id = uid('cb');
      return h('div', {class: 'check'}, input, h('label', {for: input.id}, o));
    })));
}

function numberInput(name, value, opts = {}) {
  return h('input', {type: 'text', inputmode: opts.decimal ? 'decimal' : 'numeric', name,
    value: value == null ? '' : String(value), autocomplete: 'off', class: 'input num-input'});
}

function profilePage(ctx, p) {
  const {me, api} = ctx;
  const writer = canWrite(me);
  const f = p.factory;
  const priceRows = h('div', {class: 'price-rows'});
  const prices = {};
  for (const [cat, [lo, hi]] of Object.entries(p.prices_usd_cents || {})) prices[cat] = [usd(lo), usd(hi)];

  const form = h('form', {class: 'form profile-form', novalidate: true});
  const cats = checkboxes('Categories', 'categories', CATEGORIES, p.categories,
    'What you make. A price band can be given for each.');
  const priceCard = h('fieldset', {class: 'prices'},
    h('legend', null, 'Price bands (USD per unit, FOB)'),
    h('p', {class: 'hint'}, 'What you usually quote for an ordinary bulk order of one style, ' +
      'lowest and highest. Tick a category above to give its band.'),
    priceRows);

  const drawPrices = () => {
    // keep what was typed
    for (const el of priceRows.querySelectorAll('input')) {
      const [, cat, end] = el.name.split('.');
      prices[cat] = prices[cat] || ['', ''];
      prices[cat][end === 'low' ? 0 : 1] = el.value;
    }
    const chosen = [...cats.querySelectorAll('input:checked')].map((x) => x.value);
    priceRows.replaceChildren(...(chosen.length ? chosen.map((cat) => {
      const [lo, hi] = prices[cat] || ['', ''];
      const low = numberInput(`prices.${cat}.low`, lo, {decimal: true});
      const high = numberInput(`prices.${cat}.high`, hi, {decimal: true});
      return h('div', {class: 'price-row'},
        field(`${cat}: lowest (USD)`, low), field(`${cat}: highest (USD)`, high));
    }) : [h('p', {class: 'muted'}, 'No category ticked yet.')]));
  };
  cats.addEventListener('change', drawPrices);
  drawPrices();

  const moq = p.moq || {};
  const lead = p.lead_days || {};
  const certs = new Set(p.certifications || []);
  const others = (p.other_certifications || '').split('|').filter(Boolean);
  const newBrands = h('select', {name: 'new_brands', class: 'input'},
    h('option', {value: '', selected: p.new_brands == null}, 'Not said'),
    h('option', {value: 'true', selected: p.new_brands === true}, 'Yes: new brands are welcome'),
    h('option', {value: 'false', selected: p.new_brands === false}, 'No: not taking new brands'));
  const submit = h('button', {type: 'submit', class: 'button'}, 'Save profile');
  const status = h('p', {class: 'status-line', 'aria-live': 'polite'});

  form.append(
    h('fieldset', {disabled: !writer, class: 'profile-fields'},
      h('legend', {class: 'visually-hidden'}, 'Capability profile'),
      cats,
      checkboxes('Constructions', 'constructions', CONSTRUCTIONS, p.constructions),
      checkboxes('Tiers', 'tiers', TIERS, p.tiers, 'The price levels you work at.'),
      h('fieldset', {class: 'group'}, h('legend', null, 'Minimum order quantities (units)'),
        h('div', {class: 'row3'},
          field('Per style', numberInput('moq.per_style', moq.per_style), 'All colours of a style.'),
          field('Per colour', numberInput('moq.per_color', moq.per_color), 'One colour of a style.'),
          field('Per order', numberInput('moq.per_order', moq.per_order), 'A whole purchase order.'))),
      priceCard,
      h('fieldset', {class: 'group'}, h('legend', null, 'Lead times (calendar days)'),
        h('div', {class: 'row3'},
          field('Sampling (days)', numberInput('lead_days.sampling', lead.sampling),
            'Tech pack to approved sample.'),
          field('Production (days)', numberInput('lead_days.production', lead.production),
            'Purchase order to ex-factory.'))),
      h('fieldset', {class: 'group'}, h('legend', null, 'Capacity and terms'),
        h('div', {class: 'row3'},
          field('Monthly capacity (units)', numberInput('monthly_capacity', p.monthly_capacity),
            'Finished units a month, all lines.'),
          field('Sample fee (USD)', numberInput('sample_fee', usd(p.sample_fee_usd_cents), {decimal: true}),
            'Per development sample.'),
          field('Deposit (% of the order)', numberInput('deposit_pct', pct(p.deposit_bp), {decimal: true}),
            'Asked with the purchase order.'))),
      checkboxes('Certifications', 'certifications', CERTIFICATIONS, [...certs]),
      field('Other certifications', h('input', {type: 'text', name: 'other_certifications',
        value: others.join(', '), autocomplete: 'off', class: 'input'}), 'Names not in the list, separated by commas.'),
      field('New brands welcome', newBrands),
      h('div', {class: 'actions'}, submit)),
    status);

  const value = (name) => {
    const el = [...form.elements].find((x) => x.name === name);
    return el ? el.value.trim() : '';
  };
  const ticked = (name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((x) => x.value);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    status.textContent = '';
    drawPrices(); // takes in what was typed
    const chosen = ticked('categories');
    const bands = {};
    for (const cat of chosen) {
      const [lo, hi] = prices[cat] || ['', ''];
      if (String(lo).trim() || String(hi).trim()) bands[cat] = [lo, hi];
    }
    const otherNames = value('other_certifications').split(',').map((s) => s.trim()).filter(Boolean);
    const bad = otherNames.find((s) => s.includes('|'));
    if (bad) {
      return showFieldError(form, {field: 'other_certifications',
        message: `One name at a time, separated by commas: “${bad}” holds a '|'.`});
    }
    const yaml = profileYaml({
      handle: f.handle, name: f.name, country: f.country,
      categories: chosen, constructions: ticked('constructions'), tiers: ticked('tiers'),
      moq: {per_style: value('moq.per_style'), per_color: value('moq.per_color'),
        per_order: value('moq.per_order')},
      prices: bands,
      lead_days: {sampling: value('lead_days.sampling'), production: value('lead_days.production')},
      monthly_capacity: value('monthly_capacity'), sample_fee: value('sample_fee'),
      deposit_pct: value('deposit_pct'),
      certifications: [...ticked('certifications'), ...otherNames],
      new_brands: newBrands.value === '' ? null : newBrands.value === 'true',
    });
    try {
      const saved = await busy(submit, api.send('PUT', '/api/org/profile', yaml, 'application/yaml'));
      summary.replaceChildren(...summaryOf(saved));
      said(status, 'The profile was saved: brands’ matches use it from now on.');
    } catch (err) {
      if (err.status !== 422) return showFieldError(form, err);
      const name = fieldOfError(err.field);
      let message = err.message;
      // the reader names the file's path; the form's words are enough
      message = message.replace(/^profile:\d+:\d+: /, '');
      showFieldError(form, {...err, message}, () => {
        if (name && name.startsWith('certifications')) {
          return otherNames.length ? 'other_certifications' : 'certifications';
        }
        return name;
      });
    }
  });

  const summary = h('dl', {class: 'facts'}, ...summaryOf(p));
  return [
    h('h1', null, f.name),
    h('p', {class: 'lead'}, 'Your factory’s capability profile: what brands’ programs are ' +
      'matched against. The name, address and country are the registry’s and stay as they are.'),
    writer ? null : h('p', {class: 'notice'}, 'As a viewer you can read the profile; a member or ' +
      'an owner changes it.'),
    card('In the registry', summary),
    card('Capability profile', form),
  ];
}

function summaryOf(p) {
  const f = p.factory;
  const moq = p.moq || {};
  const n = (v) => (v == null ? '—' : Number(v).toLocaleString());
  return [
    h('dt', null, 'Name'), h('dd', null, f.name),
    h('dt', null, 'Country'), h('dd', null, f.country || '—'),
    h('dt', null, 'Registry id'), h('dd', null, f.handle || String(f.id)),
    h('dt', null, 'Minimum per colour'), h('dd', null, moq.per_color == null ? '—' : `${n(moq.per_color)} units`),
    h('dt', null, 'Sample fee'), h('dd', null, money(p.sample_fee_usd_cents, 'USD')),
  ];
}
