// A form for the common keys of a program file: it writes the YAML into the editor, where
// it is saved as any other file (the server reads it and points at what is wrong). Every
// value is written as a double-quoted YAML string (JSON's quoting, which YAML reads as it
// is) or a number checked here: nothing typed can become YAML structure.
import * as ui from '../ui.js';

const h = ui.h;

const CATEGORIES = ['t-shirt', 'polo', 'shirt-woven', 'sweatshirt', 'hoodie', 'joggers',
  'leggings', 'sports-bra', 'shorts', 'dress', 'skirt', 'trousers', 'jeans', 'jacket-casual',
  'outerwear-technical', 'puffer', 'knitwear', 'swimwear', 'underwear', 'socks', 'headwear',
  'bag', 'sleepwear', 'babywear', 'jacket-tailored', 'dress-knit'];
const GENDERS = ['women', 'men', 'unisex', 'kids', 'girls', 'boys', 'baby'];
const CONSTRUCTIONS = ['knit', 'woven', 'sweater-knit', 'denim', 'leather', 'other'];
const POSITIONING = ['value', 'mid', 'premium', 'luxury'];
const CHANNELS = ['dtc', 'wholesale', 'marketplace'];
const CURRENCIES = ['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'JPY', 'SEK', 'DKK', 'CHF', 'NZD'];

const q = (s) => JSON.stringify(String(s));

function input(id, name, attrs = {}) {
  return h('input', { id, name, class: 'input', autocomplete: 'off', ...attrs });
}

function select(id, name, options, value) {
  const s = h('select', { id, name, class: 'input' },
    ...options.map((o) => h('option', { value: o }, o)));
  if (value) s.value = value;
  return s;
}

let styleN = 0;

// One style's fields; remove: a button that takes it away (none for the first).
function styleFields(onRemove) {
  styleN += 1;
  const n = styleN;
  const id = (k) => `form-style${n}-${k}`;
  const box = h('fieldset', { class: 'style-fields', 'data-style': String(n) },
    h('legend', {}, `Style ${n}`),
    h('div', { class: 'form-grid' },
      ui.field('Style code', input(id('code'), 'code', { placeholder: 'NL-LEG-01' })),
      ui.field('Style name', input(id('name'), 'name', { placeholder: 'High-rise 7/8 legging' })),
      ui.field('Category', select(id('category'), 'category', CATEGORIES)),
      ui.field('Gender', select(id('gender'), 'gender', GENDERS)),
      ui.field('Construction', select(id('construction'), 'construction', CONSTRUCTIONS)),
      ui.field('Fabric composition', input(id('composition'), 'composition',
        { placeholder: '78% recycled nylon, 22% elastane' })),
      ui.field('Retail price', input(id('retail'), 'retail_price', { inputmode: 'decimal', placeholder: '98.00' })),
      ui.field('Target FOB', input(id('fob'), 'target_fob', { inputmode: 'decimal', placeholder: '18.50' }),
        'What you want to pay the factory a unit.'),
      ui.field('Sizes', input(id('sizes'), 'sizes', { placeholder: 'XS, S, M, L, XL' })),
      ui.field('Colours and units', input(id('colors'), 'colors', { placeholder: 'Black 600, Moss 300' }),
        'Each colour with its units, separated by commas.')));
  if (onRemove) {
    const rm = h('button', { type: 'button', class: 'button secondary small' }, `Remove style ${n}`);
    rm.addEventListener('click', () => onRemove(box));
    box.append(rm);
  }
  return box;
}

const val = (root, name) => {
  const el = root.querySelector(`[name="${name}"]`);
  return el ? el.value.trim() : '';
};

const list = (s) => s.split(',').map((x) => x.trim()).filter(Boolean);

// A decimal as the file writes it, or an error naming the field.
function decimal(label, s, errors) {
  if (!s) return null;
  const t = s.replace(/[\s,](?=\d{3}\b)/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) {
    errors.push(`${label}: "${s}" is not an amount (write 18.50)`);
    return null;
  }
  return t;
}

// The YAML of what the form holds; errors collects what cannot be written.
function toYaml(form, errors) {
  const out = [];
  const brand = val(form, 'brand_name');
  const program = val(form, 'program_name');
  if (!brand) errors.push('Brand name: give your brand\'s name');
  if (!program) errors.push('Program name: give the program a name (SS27 launch)');
  out.push('brand:', `  name: ${q(brand)}`, `  positioning: ${q(val(form, 'positioning'))}`);
  const channels = [...form.querySelectorAll('[name="channels"]:checked')].map((c) => q(c.value));
  if (channels.length) out.push(`  channels: [${channels.join(', ')}]`);
  out.push(`  currency: ${q(val(form, 'currency'))}`);
  const budget = decimal('Sampling budget', val(form, 'sampling_budget'), errors);
  if (budget) out.push(`  sampling_budget: ${budget}`);
  out.push('program:', `  name: ${q(program)}`);
  const dest = val(form, 'destination');
  if (dest) out.push(`  destination: ${q(dest)}`);
  const launch = val(form, 'launch_date');
  if (launch) out.push(`  launch_date: ${q(launch)}`);
  const origins = list(val(form, 'origin_preference'));
  if (origins.length) out.push(`  origin_preference: [${origins.map(q).join(', ')}]`);
  out.push('  styles:');
  for (const st of form.querySelectorAll('.style-fields')) {
    const n = st.dataset.style;
    const code = val(st, 'code');
    if (!code) errors.push(`Style ${n}: give its code`);
    out.push(`    - code: ${q(code)}`);
    const name = val(st, 'name');
    if (name) out.push(`      name: ${q(name)}`);
    out.push(`      category: ${q(val(st, 'category'))}`, `      gender: ${q(val(st, 'gender'))}`,
      `      construction: ${q(val(st, 'construction'))}`);
    const comp = val(st, 'composition');
    if (comp) out.push(`      fabric: { composition: ${q(comp)} }`);
    const retail = decimal(`Style ${n} retail price`, val(st, 'retail_price'), errors);
    if (retail) out.push(`      retail_price: ${retail}`);
    const fob = decimal(`Style ${n} target FOB`, val(st, 'target_fob'), errors);
    if (fob) out.push(`      target_fob: ${fob}`);
    const sizes = list(val(st, 'sizes'));
    if (sizes.length) out.push(`      sizes: [${sizes.map(q).join(', ')}]`);
    const colors = list(val(st, 'colors'));
    if (colors.length) {
      out.push('      colors:');
      for (const c of colors) {
        const m = /^(.*?)[\s:]+(\d[\d\s,]*)$/.exec(c);
        if (!m) {
          errors.push(`Style ${n} colours: "${c}" needs its units (Black 600)`);
          continue;
        }
        out.push(`        - { name: ${q(m[1].trim())}, units: ${m[2].replace(/[\s,]/g, '')} }`);
      }
    } else {
      errors.push(`Style ${n}: give at least one colour with its units (Black 600)`);
    }
  }
  return `${out.join('\n')}\n`;
}

// The form, in a <details> ("Fill in a form instead"); write(yaml) puts the text in the
// editor.
export function programForm(write) {
  const styles = h('div', { class: 'styles' });
  const remove = (box) => { box.remove(); ui.announce('Style removed'); };
  styles.append(styleFields(null));
  const add = h('button', { type: 'button', class: 'button secondary' }, 'Add another style');
  add.addEventListener('click', () => {
    const box = styleFields(remove);
    styles.append(box);
    box.querySelector('input').focus();
  });
  const channels = h('fieldset', { class: 'field choices' }, h('legend', {}, 'Channels'),
    ...CHANNELS.map((c) => h('span', { class: 'choice' },
      h('input', { type: 'checkbox', id: `form-channel-${c}`, name: 'channels', value: c, checked: c === 'dtc' }),
      h('label', { for: `form-channel-${c}` }, c))));
  const errors = h('div', { 'aria-live': 'assertive' });
  const go = h('button', { type: 'submit', class: 'button' }, 'Write the file from the form');
  const form = h('form', { class: 'form program-key-form', novalidate: true },
    h('div', { class: 'form-grid' },
      ui.field('Brand name', input('form-brand', 'brand_name', { required: true })),
      ui.field('Positioning', select('form-positioning', 'positioning', POSITIONING, 'mid')),
      ui.field('Currency', select('form-currency', 'currency', CURRENCIES, 'USD')),
      ui.field('Sampling budget', input('form-budget', 'sampling_budget', { inputmode: 'decimal', placeholder: '4500.00' }),
        'What you set aside for samples, in your currency.'),
      ui.field('Program name', input('form-program', 'program_name', { required: true, placeholder: 'SS27 launch' })),
      ui.field('Destination', input('form-destination', 'destination', { placeholder: 'US' }),
        'Where the goods land: a country code (US, GB) or EU.'),
      ui.field('Launch date', input('form-launch', 'launch_date', { type: 'date' }),
        'The day the goods must be in your warehouse.'),
      ui.field('Preferred origins', input('form-origins', 'origin_preference', { placeholder: 'PT, TR' }),
        'Countries you would make in, by code, separated by commas.')),
    channels, styles, h('div', { class: 'actions' }, add, go), errors);
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    errors.replaceChildren();
    const problems = [];
    const yaml = toYaml(form, problems);
    if (problems.length) {
      errors.append(h('div', { class: 'error-box', role: 'alert' },
        h('p', {}, 'The form is not finished:'), h('ul', {}, ...problems.map((p) => h('li', {}, p)))));
      return;
    }
    write(yaml);
  });
  return h('details', { class: 'card form-details' },
    h('summary', {}, 'Fill in a form for the common keys instead'),
    h('p', { class: 'muted' }, 'The form writes the program file into the editor below; the ' +
      'rest of the keys (tech pack, cost sheet, payment terms) you add there, as the example shows.'),
    form);
}
